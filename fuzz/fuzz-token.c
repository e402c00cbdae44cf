/* fuzz-token.c: fuzz target for the token endpoint's answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: an HTTP response from the oauthtoken endpoint, or its bare body
 * (then 200).  Runs ucwa_token_parse on the status and the body's bytes as
 * UcwaConnection hands them over (not NUL-terminated).
 * Seeds: tests/data/samples (the oauthtoken responses and error bodies).
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "ucwa-token.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (FuzzResponse) response = fuzz_response_new (data, size, 200);
  g_autoptr (GError)       error = NULL;
  g_autofree char         *authorization = NULL;
  gint64                   expires_in = 0;
  gsize                    length = 0;
  const char              *body = g_bytes_get_data (response->body, &length);

  if (ucwa_token_parse (response->status, body, length, &authorization, &expires_in, &error))
    g_assert (authorization != NULL && error == NULL);
  else
    g_assert (authorization == NULL && error != NULL);

  return 0;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static const char *const inputs[] = {
    "{\"access_token\":\"cwt=AAEB\",\"expires_in\":28799,\"ms_rtc_identityscope\":\"local\","
    "\"token_type\":\"Bearer\"}",
    "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n"
    "{\"error\":\"invalid_grant\",\"error_description\":\"x\"}",
    "HTTP/1.1 503 Unavailable\r\n\r\n",
    "{\"access_token\":1}",
    "[",
    NULL,
  };

  fuzz_warm_up (inputs);
  return 0;
}

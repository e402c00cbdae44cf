/* fuzz-challenge.c: fuzz target for the WWW-Authenticate challenge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: an HTTP response whose WWW-Authenticate headers are the challenge
 * (several lines stay several values, as libsoup hands them over), or, for
 * an input that is not a response, each line one header value.  Runs
 * ucwa_challenge_parse and, as UcwaConnection does with a challenge it
 * accepts, resolves its href against the request URL.
 * Seeds: tests/data/samples (the 401 and 403 responses).
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "ucwa-challenge.h"
#include "ucwa-uri.h"

#define REQUEST_URL "https://lync.contoso.com/ucwa/oauth/v1/applications"

static GPtrArray *
split_lines (const uint8_t *data,
             size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto (GStrv)   lines = g_strsplit (text, "\n", -1);
  GPtrArray       *values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    g_ptr_array_add (values, g_strdup (lines[i]));
  g_ptr_array_add (values, NULL);

  return values;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (FuzzResponse)  response = fuzz_response_new (data, size, 401);
  g_autoptr (GPtrArray)     lines = NULL;
  g_autoptr (UcwaChallenge) challenge = NULL;
  g_autoptr (GError)        error = NULL;
  g_autoptr (GUri)          request_uri = NULL;
  g_autofree char          *endpoint = NULL;
  GPtrArray                *values = response->www_authenticate;

  if (values->len == 1)
    values = lines = split_lines (data, size);

  challenge = ucwa_challenge_parse ((const char *const *) values->pdata, &error);
  if (challenge == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }

  g_assert (challenge->href != NULL && challenge->grant_types != NULL);
  (void) ucwa_challenge_supports_grant (challenge, "password");

  request_uri = g_uri_parse (REQUEST_URL, G_URI_FLAGS_NONE, NULL);
  endpoint = ucwa_uri_resolve (request_uri, challenge->href, &error);
  g_assert ((endpoint == NULL) != (error == NULL));

  return 0;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static const char *const inputs[] = {
    "HTTP/1.1 401 Unauthorized\r\n"
    "WWW-Authenticate: Bearer trusted_issuers=\"\", client_id=\"x\"\r\n"
    "WWW-Authenticate: MsRtcOAuth href=\"https://lync.contoso.com/WebTicket/oauthtoken\","
    "grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\"\r\n\r\n",
    "MsRtcOAuth href=/oauthtoken,grant_type=\"password\"",
    "MsRtcOAuth href=\"http://[::1\"",
    "MsRtcOAuth grant_type=password",
    "Negotiate abc==",
    NULL,
  };

  fuzz_warm_up (inputs);
  return 0;
}

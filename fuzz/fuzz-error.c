/* fuzz-error.c: fuzz target for a server's error body, JSON and XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: an HTTP response (its status and Content-Type count), or a bare
 * body (then 400, no Content-Type: the body is sniffed).  Runs
 * ucwa_error_new_from_response as UcwaConnection does for every failed
 * request, so the JSON reader, the XML (GMarkup) reader and the message
 * sanitising all see the bytes.  Seeds: tests/data/samples.
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "ucwa-error.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (FuzzResponse) response = fuzz_response_new (data, size, 400);
  g_autoptr (GError)       error = NULL;

  error = ucwa_error_new_from_response (response->status, response->content_type, response->body);
  g_assert (error != NULL && error->domain == UCWA_ERROR);
  g_assert (g_utf8_validate (error->message, -1, NULL));
  (void) ucwa_error_is_transient (error);

  return 0;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static const char *const inputs[] = {
    "{\"code\":\"Conflict\",\"subcode\":\"AlreadyExists\",\"message\":\"m\"}",
    "<?xml version=\"1.0\"?><reason xmlns=\"urn:x\" code=\"Gone\" subcode=\"CannotRedirect\">"
    "<property name=\"message\">m</property></reason>",
    "{\"error\":\"invalid_grant\",\"error_description\":\"x\"}",
    "<reason",
    "{",
    "HTTP/1.1 503 Unavailable\r\nContent-Type: text/html\r\n\r\n<html>",
    NULL,
  };

  fuzz_warm_up (inputs);
  return 0;
}

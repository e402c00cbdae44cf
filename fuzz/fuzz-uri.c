/* fuzz-uri.c: fuzz target for the href resolver and the checks on its result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: a base URI, a newline, and an href, as a response's URL and one
 * of its links arrive (an input without a newline, or whose first line is
 * no absolute URI, is an href against a fixed base).  Runs ucwa_uri_resolve
 * and, on what it returns, the origin, loopback and transport checks and
 * the query parameter helpers the event channel uses.  Seeds: base and href
 * pairs taken from tests/data/samples (fuzz/run-fuzzer extracts them) and
 * the samples themselves.
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "ucwa-uri.h"

#define DEFAULT_BASE "https://lync.contoso.com/ucwa/oauth/v1/applications/101/events?ack=3"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char   *text = g_strndup ((const char *) data, size);
  char              *newline = strchr (text, '\n');
  const char        *href = text;
  g_autoptr (GUri)   base = NULL;
  g_autoptr (GUri)   resolved_uri = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char   *resolved = NULL;
  g_autofree char   *ack = NULL;
  g_autofree char   *with_ack = NULL;

  if (newline != NULL)
    {
      *newline = '\0';
      base = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
      if (base != NULL)
        href = newline + 1;
      else
        *newline = '\n';
    }
  if (base == NULL)
    base = g_uri_parse (DEFAULT_BASE, G_URI_FLAGS_NONE, NULL);

  (void) ucwa_uri_is_loopback (base);
  (void) ucwa_uri_check_transport (base, NULL);

  resolved = ucwa_uri_resolve (base, href, &error);
  if (resolved == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }

  /* A data: URI is handed back as it is, for the data URI reader. */
  if (g_ascii_strncasecmp (resolved, "data:", 5) == 0)
    return 0;

  /* What the resolver returns must parse again, or every caller that
   * parses it would have to cope. */
  resolved_uri = g_uri_parse (resolved, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  (void) ucwa_uri_same_origin (base, resolved_uri);
  (void) ucwa_uri_is_loopback (resolved_uri);
  (void) ucwa_uri_check_transport (resolved_uri, NULL);

  ack = ucwa_uri_get_query_param (resolved, "ack");
  with_ack = ucwa_uri_add_query_param (resolved, "ack", ack != NULL ? ack : "1");
  g_assert (with_ack != NULL);

  return 0;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static const char *const inputs[] = {
    "https://lync.contoso.com/ucwa/x\n/ucwa/oauth/v1/applications/101/events?ack=4",
    "http://127.0.0.1:8080/a\nhttp://[::1]:80/b?x=1&ack=2#f",
    "http://example.com/a\nhttp://example.com/b",
    "data:text/plain,x",
    "https://bad host/\n%zz",
    "\n\x01",
    NULL,
  };

  fuzz_warm_up (inputs);
  return 0;
}

/* fuzz-data-uri.c: fuzz target for RFC 2397 data URIs and the HTML in them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: the URI, as a message resource's href carries it (a JSON string,
 * so it ends at the first NUL).  Runs ucwa_data_uri_decode,
 * ucwa_data_uri_decode_text (charsets, line ends, HTML) and
 * ucwa_html_to_text on the raw input.  Seeds: the data URIs found in
 * tests/data/samples (fuzz/run-fuzzer extracts them) and the samples
 * themselves.
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "ucwa-data-uri.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char   *uri = g_strndup ((const char *) data, size);
  g_autofree char   *mime_type = NULL;
  g_autofree char   *text = NULL;
  g_autofree char   *plain = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  gboolean           is_html = FALSE;

  if (ucwa_data_uri_decode (uri, &mime_type, &bytes, &error))
    g_assert (mime_type != NULL && bytes != NULL && g_bytes_get_size (bytes) <= UCWA_DATA_URI_MAX_SIZE);
  else
    g_assert (error != NULL);
  g_clear_error (&error);

  text = ucwa_data_uri_decode_text (uri, &is_html, &error);
  g_assert ((text == NULL) != (error == NULL));
  if (text != NULL)
    g_assert (g_utf8_validate (text, -1, NULL));

  plain = ucwa_html_to_text (uri);
  g_assert (plain != NULL && g_utf8_validate (plain, -1, NULL));

  return 0;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static const char *const inputs[] = {
    "data:text/plain;charset=utf-8,Hello%20there",
    "data:text/html;charset=iso-8859-1;base64,PGI+aGk8L2I+PGJyPiZhbXA7JiMyMzM7",
    "data:text/plain;charset=utf-16;base64,AAA",
    "data:text/plain;charset=x-nonsense,abc",
    "data:image/png;base64,%%%",
    "http://example.com/",
    "<p>a&nbsp;b<br/>c &#x41; &bogus; <script>x</script></p>",
    NULL,
  };

  fuzz_warm_up (inputs);
  return 0;
}

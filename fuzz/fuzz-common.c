/* fuzz-common.c: an input read as an HTTP response, and the warm-up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The response reader is deliberately lenient (libsoup has already parsed
 * the real thing by the time a Beckon parser sees it): it only splits the
 * input into what libsoup would hand over, so that the fuzzer's mutations
 * land in the parser under test rather than in this file.
 */

#include "config.h"

#include "fuzz-common.h"

#include <string.h>

static gboolean
has_prefix (const uint8_t *p,
            const uint8_t *end,
            const char    *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && g_ascii_strncasecmp ((const char *) p, prefix, n) == 0;
}

/* One header line, without its line end; *p moves past the line end. */
static char *
next_line (const uint8_t **p,
           const uint8_t  *end)
{
  const uint8_t *start = *p;
  const uint8_t *eol = memchr (start, '\n', end - start);
  gsize          length;

  if (eol == NULL)
    eol = end;
  length = eol - start;
  if (length > 0 && start[length - 1] == '\r')
    length--;
  *p = eol < end ? eol + 1 : end;

  return g_strndup ((const char *) start, length);
}

FuzzResponse *
fuzz_response_new (const uint8_t *data,
                   size_t         size,
                   guint          default_status)
{
  FuzzResponse  *response = g_new0 (FuzzResponse, 1);
  const uint8_t *p = data;
  const uint8_t *end = data + size;

  response->status = default_status;
  response->www_authenticate = g_ptr_array_new_with_free_func (g_free);

  if (size > 0 && has_prefix (p, end, "HTTP/"))
    {
      g_autofree char *status_line = next_line (&p, end);
      const char      *code = strchr (status_line, ' ');
      char           **last_value = NULL; /* the header a folded line continues */

      response->status = code != NULL ? (guint) MIN (g_ascii_strtoull (code, NULL, 10), 999) : 0;

      /* Headers up to the first empty line; a line that starts with a
       * blank continues the previous header (the field samples fold). */
      while (p < end)
        {
          g_autofree char *line = next_line (&p, end);
          const char      *colon;
          char            *value;

          if (*line == '\0')
            break;

          if ((*line == ' ' || *line == '\t') && last_value != NULL && *last_value != NULL)
            {
              char *joined = g_strconcat (*last_value, " ", g_strstrip (line), NULL);

              g_free (*last_value);
              *last_value = joined;
              continue;
            }

          last_value = NULL;
          colon = strchr (line, ':');
          if (colon == NULL)
            continue;
          value = g_strstrip (g_strdup (colon + 1));

          if (colon - line == strlen ("Content-Type") &&
              g_ascii_strncasecmp (line, "Content-Type", colon - line) == 0)
            {
              g_free (response->content_type);
              response->content_type = value;
              last_value = &response->content_type;
            }
          else if (colon - line == strlen ("WWW-Authenticate") &&
                   g_ascii_strncasecmp (line, "WWW-Authenticate", colon - line) == 0)
            {
              g_ptr_array_add (response->www_authenticate, value);
              /* Valid until the next add, which comes after a new line. */
              last_value = (char **) &response->www_authenticate->pdata[response->www_authenticate->len - 1];
            }
          else
            g_free (value);
        }
    }

  g_ptr_array_add (response->www_authenticate, NULL);
  /* A copy of exactly the body: reading one byte past it is an error the
   * address sanitizer sees. */
  response->body = g_bytes_new (p, end - p);

  return response;
}

void
fuzz_response_free (FuzzResponse *response)
{
  if (response == NULL)
    return;

  g_free (response->content_type);
  g_ptr_array_unref (response->www_authenticate);
  g_bytes_unref (response->body);
  g_free (response);
}

/* GLib's type system, quarks and iconv allocate once, on first use, and
 * keep it for the life of the process.  Running the target over a few
 * inputs that take each path once (success, each kind of failure) before
 * the fuzzer starts counting keeps those allocations out of the leak
 * check, which then only sees what a single input really leaks. */
void
fuzz_warm_up (const char *const *inputs)
{
  for (guint i = 0; inputs[i] != NULL; i++)
    LLVMFuzzerTestOneInput ((const uint8_t *) inputs[i], strlen (inputs[i]));
}

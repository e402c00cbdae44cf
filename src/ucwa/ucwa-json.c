/* ucwa-json.c: reading a JSON body from the network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every JSON body Beckon reads (resources, event batches, error bodies, the
 * token endpoint's answer) goes through ucwa_json_parse(): json-glib 1.6,
 * the version Debian 12 ships, cannot be handed server bytes as they come.
 * Found by the fuzz targets (fuzz/): it recurses once per nesting level, so
 * 100,000 opening brackets, far under the body cap, overflow the stack; and
 * it reads "{…}{…}" or "5[…]" as one value and leaks the second.
 */

#include "config.h"

#include "ucwa-json.h"

#include "ucwa-error.h"

/* Whether @data holds at most one top-level JSON value, nested at most
 * UCWA_JSON_MAX_DEPTH deep.  Comments and single-quoted strings, which
 * json-glib accepts, could hide where a value ends, and no UCWA body has
 * them: such a body is refused before json-glib sees it. */
static gboolean
is_single_shallow_value (const char *data,
                         gsize       size)
{
  guint    depth = 0;
  gboolean started = FALSE;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '\'' || c == '/' || c == '#')
        return FALSE;

      if (depth == 0 && !g_ascii_isspace (c))
        {
          if (c == '}' || c == ']' || (started && (c == '{' || c == '[' || c == '"')))
            return FALSE;
          started = TRUE;
        }

      if (c == '"')
        in_string = TRUE;
      else if ((c == '{' || c == '[') && ++depth > UCWA_JSON_MAX_DEPTH)
        return FALSE;
      else if (c == '}' || c == ']')
        depth--;
    }

  return TRUE;
}

/**
 * ucwa_json_parse:
 * @data: (array length=size) (nullable): the body
 * @size: its length
 * @error: why it cannot be read
 *
 * Returns: (transfer full): the body's one JSON value, or %NULL with
 *   `UCWA_ERROR_INVALID_RESPONSE`
 */
JsonNode *
ucwa_json_parse (const char *data,
                 gsize       size,
                 GError    **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError)     parse_error = NULL;

  if (data == NULL || size == 0)
    {
      g_set_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE, "The server sent an empty body");
      return NULL;
    }

  if (!is_single_shallow_value (data, size))
    {
      g_set_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                   "The server sent JSON that is not one value nested at most %d deep",
                   UCWA_JSON_MAX_DEPTH);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &parse_error))
    {
      g_set_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                   "The server sent malformed JSON: %s", parse_error->message);
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/* fuzz-linkify.c: fuzz target for the markup of a message's text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: a message's text as a remote party sends it (any bytes: the
 * linkifier makes them valid UTF-8 first).  What beckon_linkify returns
 * must be markup that parses, whose only elements are <a> with an href of
 * one of the four schemes, and whose text is the input's.  Seeds: the
 * recorded samples, whose JSON bodies are full of links.
 */

#include "config.h"

#include <string.h>

#include "beckon-linkify.h"
#include "fuzz-common.h"

typedef struct
{
  GString *text;
  guint    depth;
} Check;

static void
start_element (GMarkupParseContext *context,
               const char          *element,
               const char         **names,
               const char         **values,
               gpointer             user_data,
               GError             **error)
{
  Check *check = user_data;

  g_assert (g_str_equal (element, "a") || g_str_equal (element, "markup"));
  if (g_str_equal (element, "markup"))
    return;

  /* No link in a link, one attribute, a scheme of ours. */
  g_assert (check->depth == 0);
  check->depth++;
  g_assert (names[0] != NULL && g_str_equal (names[0], "href") && names[1] == NULL);
  g_assert (g_ascii_strncasecmp (values[0], "http://", 7) == 0 || g_ascii_strncasecmp (values[0], "https://", 8) == 0 ||
            g_ascii_strncasecmp (values[0], "mailto:", 7) == 0 || g_ascii_strncasecmp (values[0], "sip:", 4) == 0);
}

static void
end_element (GMarkupParseContext *context,
             const char          *element,
             gpointer             user_data,
             GError             **error)
{
  Check *check = user_data;

  if (g_str_equal (element, "a"))
    check->depth--;
}

static void
text (GMarkupParseContext *context,
      const char          *text,
      gsize                len,
      gpointer             user_data,
      GError             **error)
{
  Check *check = user_data;

  g_string_append_len (check->text, text, len);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };
  g_autofree char           *input = g_strndup ((const char *) data, size);
  g_autofree char           *valid = g_utf8_make_valid (input, -1);
  g_autofree char           *markup = beckon_linkify (input);
  g_autofree char           *wrapped = g_strconcat ("<markup>", markup, "</markup>", NULL);
  g_autoptr (GError)         error = NULL;
  Check                      check = { g_string_new (NULL), 0 };
  GMarkupParseContext       *context = g_markup_parse_context_new (&parser, 0, &check, NULL);

  g_assert (g_markup_parse_context_parse (context, wrapped, -1, &error));
  g_assert_no_error (error);
  g_assert (g_markup_parse_context_end_parse (context, &error));
  g_markup_parse_context_free (context);

  /* The text shown is the text sent (as far as markup can carry it: it
   * has no NUL, and GMarkup reads "\r\n" as "\n"). */
  if (strlen (input) == size && strchr (valid, '\r') == NULL)
    g_assert_cmpstr (check.text->str, ==, valid);
  g_string_free (check.text, TRUE);
  return 0;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static const char *const inputs[] = {
    "see https://contoso.com/a?b=c&d=\"e\".",
    "mailto:ada@contoso.com, sip:grace@contoso.com; javascript:alert(1)",
    "\"><b>x</b> http://[::1]:80/(x)",
    "\xff\xfe http://",
    NULL,
  };

  fuzz_warm_up (inputs);
  return 0;
}

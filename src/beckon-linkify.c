/* beckon-linkify.c: a message's text as Pango markup, its links clickable
 *
 * What a message says is text, never markup: every character is escaped,
 * and the only markup added is an <a href> around a link with one of the
 * schemes a chat user expects to click (http, https, mailto, sip).  Any
 * other scheme (javascript:, file:, data:, …) stays text.  GLib only, so
 * that a fuzz target can link it without GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "beckon-linkify.h"

#include <string.h>

static const char *const schemes[] = { "https://", "http://", "mailto:", "sip:" };

/* A link starts a word: "xhttp://" or "a.sip:" is not one. */
static gboolean
starts_word (const char *text,
             const char *p)
{
  char before;

  if (p == text)
    return TRUE;
  before = p[-1];
  return !g_ascii_isalnum (before) && strchr ("+-._:/@%", before) == NULL;
}

/* The length of the scheme @p starts with, 0 if none of ours. */
static gsize
scheme_at (const char *p)
{
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_ascii_strncasecmp (p, schemes[i], strlen (schemes[i])) == 0)
      return strlen (schemes[i]);
  return 0;
}

/* What can be part of a link: no white space, no control characters, none
 * of the characters that delimit a link in running text. */
static gboolean
is_link_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isgraph ((char) c) && strchr ("<>\"`{}|\\^", (char) c) == NULL;
  /* U+FFFD stands for bytes that were not text. */
  return !g_unichar_isspace (c) && g_unichar_isprint (c) && c != 0xFFFD;
}

static gsize
count_char (const char *s,
            gsize       len,
            char        c)
{
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    n += s[i] == c;
  return n;
}

/* The length of the link at @p once what ends the sentence around it is
 * taken off: "see http://a.org/x." links "http://a.org/x", and
 * "(http://a.org/x)" does not take the closing parenthesis, but
 * "http://a.org/wiki/X_(y)" keeps its own. */
static gsize
trim_end (const char *p,
          gsize       len)
{
  while (len > 0)
    {
      char last = p[len - 1];

      if (strchr (".,;:!?'*", last) != NULL)
        len--;
      else if (last == ')' && count_char (p, len, ')') > count_char (p, len, '('))
        len--;
      else if (last == ']' && count_char (p, len, ']') > count_char (p, len, '['))
        len--;
      else
        break;
    }
  return len;
}

/* Whether @link (scheme included) is worth a link: something after the
 * scheme that parses as a URI, a host for the web, an address for mail. */
static gboolean
is_good_link (const char *link,
              gsize       scheme_len)
{
  g_autoptr (GUri) uri = NULL;
  const char      *rest = link + scheme_len;

  if (*rest == '\0')
    return FALSE;

  uri = g_uri_parse (link, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  /* http:// and https:// lead to a host. */
  if (link[scheme_len - 1] == '/')
    {
      const char *host = g_uri_get_host (uri);

      return host != NULL && *host != '\0';
    }

  /* mailto: and sip: name someone. */
  return strchr (rest, '@') != NULL && rest[0] != '@';
}

static void
append_escaped (GString    *markup,
                const char *text,
                gssize      len)
{
  g_autofree char *escaped = g_markup_escape_text (text, len);

  g_string_append (markup, escaped);
}

/**
 * beckon_linkify:
 * @text: a message's plain text
 *
 * Returns: (transfer full): @text as Pango markup: escaped, and with each
 *   http, https, mailto and sip link in an <a href>
 */
char *
beckon_linkify (const char *text)
{
  g_autofree char *valid = NULL;
  GString         *markup;
  const char      *plain; /* start of the text not written out yet */
  const char      *p;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, -1);
  markup = g_string_sized_new (strlen (valid) + 16);
  plain = p = valid;

  while (*p != '\0')
    {
      gsize            scheme_len = starts_word (valid, p) ? scheme_at (p) : 0;
      const char      *end;
      gsize            len;
      g_autofree char *link = NULL;

      if (scheme_len == 0)
        {
          p = g_utf8_next_char (p);
          continue;
        }

      for (end = p; *end != '\0' && is_link_char (g_utf8_get_char (end)); end = g_utf8_next_char (end))
        ;
      len = trim_end (p, end - p);
      link = g_strndup (p, len);
      if (len <= scheme_len || !is_good_link (link, scheme_len))
        {
          p += scheme_len;
          continue;
        }

      append_escaped (markup, plain, p - plain);
      g_string_append (markup, "<a href=\"");
      append_escaped (markup, link, -1);
      g_string_append (markup, "\">");
      append_escaped (markup, link, -1);
      g_string_append (markup, "</a>");
      p += len;
      plain = p;
    }

  append_escaped (markup, plain, p - plain);
  return g_string_free (markup, FALSE);
}

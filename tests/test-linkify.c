/* test-linkify.c: a message's text as markup, and which of its links are links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "beckon-linkify.h"

typedef struct
{
  const char *text;
  const char *markup;
} Case;

static const Case cases[] = {
  /* Plain text is escaped, nothing more. */
  { "", "" },
  { "Hi Alice, got a minute?", "Hi Alice, got a minute?" },
  { "a < b && c > d", "a &lt; b &amp;&amp; c &gt; d" },
  { "<b>bold</b> <i>", "&lt;b&gt;bold&lt;/b&gt; &lt;i&gt;" },
  { "line one\nline two", "line one\nline two" },

  /* The four schemes. */
  { "see https://contoso.com/notes", "see <a href=\"https://contoso.com/notes\">https://contoso.com/notes</a>" },
  { "http://contoso.com", "<a href=\"http://contoso.com\">http://contoso.com</a>" },
  { "mail mailto:ada@contoso.com now", "mail <a href=\"mailto:ada@contoso.com\">mailto:ada@contoso.com</a> now" },
  { "call sip:grace@contoso.com", "call <a href=\"sip:grace@contoso.com\">sip:grace@contoso.com</a>" },
  { "HTTPS://CONTOSO.COM/", "<a href=\"HTTPS://CONTOSO.COM/\">HTTPS://CONTOSO.COM/</a>" },
  { "two: http://a.org and https://b.org/x",
    "two: <a href=\"http://a.org\">http://a.org</a> and <a href=\"https://b.org/x\">https://b.org/x</a>" },

  /* What ends the sentence is not part of the link. */
  { "Read https://contoso.com/a.", "Read <a href=\"https://contoso.com/a\">https://contoso.com/a</a>." },
  { "Really https://contoso.com/a?!", "Really <a href=\"https://contoso.com/a\">https://contoso.com/a</a>?!" },
  { "(see https://contoso.com/a)", "(see <a href=\"https://contoso.com/a\">https://contoso.com/a</a>)" },
  { "https://en.wikipedia.org/wiki/Ada_(language), yes",
    "<a href=\"https://en.wikipedia.org/wiki/Ada_(language)\">https://en.wikipedia.org/wiki/Ada_(language)</a>, yes" },
  { "'https://contoso.com/a'", "&apos;<a href=\"https://contoso.com/a\">https://contoso.com/a</a>&apos;" },
  { "\"https://contoso.com/a\"", "&quot;<a href=\"https://contoso.com/a\">https://contoso.com/a</a>&quot;" },
  { "<https://contoso.com/a>", "&lt;<a href=\"https://contoso.com/a\">https://contoso.com/a</a>&gt;" },
  { "sip:ada@contoso.com:", "<a href=\"sip:ada@contoso.com\">sip:ada@contoso.com</a>:" },

  /* A query's ampersands are escaped in the text and in the href alike. */
  { "https://contoso.com/?a=1&b=2",
    "<a href=\"https://contoso.com/?a=1&amp;b=2\">https://contoso.com/?a=1&amp;b=2</a>" },

  /* Hostile text stays text. */
  { "\"><b>x</b>", "&quot;&gt;&lt;b&gt;x&lt;/b&gt;" },
  { "https://contoso.com/\"><b>x</b>",
    "<a href=\"https://contoso.com/\">https://contoso.com/</a>&quot;&gt;&lt;b&gt;x&lt;/b&gt;" },
  { "https://contoso.com/'onmouseover='x",
    "<a href=\"https://contoso.com/&apos;onmouseover=&apos;x\">https://contoso.com/&apos;onmouseover=&apos;x</a>" },
  { "javascript:alert(1)", "javascript:alert(1)" },
  { "javascript:http://contoso.com", "javascript:http://contoso.com" },
  { "file:///etc/passwd", "file:///etc/passwd" },
  { "data:text/html,<script>", "data:text/html,&lt;script&gt;" },
  { "xhttp://contoso.com", "xhttp://contoso.com" },
  { "a.sip:ada@contoso.com", "a.sip:ada@contoso.com" },

  /* Not enough to be a link. */
  { "http://", "http://" },
  { "https:// contoso", "https:// contoso" },
  { "http://.", "http://." },
  { "mailto:", "mailto:" },
  { "mailto:nobody", "mailto:nobody" },
  { "sip:@contoso.com", "sip:@contoso.com" },
  { "http://contoso.com/%zz", "http://contoso.com/%zz" },
  { "https://[not-an-address", "https://[not-an-address" },

  /* Beyond ASCII. */
  { "Café https://contoso.com/é …", "Café <a href=\"https://contoso.com/é\">https://contoso.com/é</a> …" },
};

static void
test_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markup = beckon_linkify (cases[i].text);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (markup, ==, cases[i].markup);
    }
}

/* Bytes that are not UTF-8 come out as markup all the same. */
static void
test_invalid_utf8 (void)
{
  g_autofree char *markup = beckon_linkify ("a\xff<b\xc3 http://contoso.com/\xfe");

  g_assert_true (g_utf8_validate (markup, -1, NULL));
  g_assert_cmpstr (markup, ==, "a\xef\xbf\xbd&lt;b\xef\xbf\xbd <a href=\"http://contoso.com/\">http://contoso.com/</a>\xef\xbf\xbd");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/linkify/table", test_table);
  g_test_add_func ("/linkify/invalid-utf8", test_invalid_utf8);

  return g_test_run ();
}

/* ucwa-data-uri.c: RFC 2397 data URIs, as UCWA carries message text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * UCWA puts IM text into link hrefs as data URIs.  The docs say it always
 * URL-encodes them, form style (`+` for a space: "Hi+Tosh%0d%0a"), but the
 * samples also show `;base64` and `text/html` forms and the misspelt
 * `charset=utf8`.  Microsoft's own GeneralHelper.js reads
 * ^data:([^,;]+)(?:;charset=([^,;]+))?(;base64)?,(.*)$ and turns `+` into a
 * space before percent-decoding; this decoder reads the same, a bit more
 * leniently where leniency cannot change the meaning.
 */

#include "config.h"

#include "ucwa-data-uri.h"

#include <string.h>

#include "ucwa-error.h"

/* %-encoding triples the size of the worst payload; the header is short. */
#define MAX_URI_LENGTH (3 * UCWA_DATA_URI_MAX_SIZE + 4096)

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || strchr ("!#$%&'*+-.^_`|~", c) != NULL;
}

/* "type/subtype", both non-empty tokens. */
static gboolean
is_valid_media_type (const char *media)
{
  const char *slash = strchr (media, '/');

  if (slash == NULL || slash == media || slash[1] == '\0')
    return FALSE;

  for (const char *p = media; *p != '\0'; p++)
    if (p != slash && !is_token_char (*p))
      return FALSE;

  return TRUE;
}

static GBytes *
decode_base64 (const guchar *data,
               gsize         size,
               GError      **error)
{
  g_autoptr (GString) clean = g_string_sized_new (size + 4);
  guint               n_padding = 0;
  gsize               decoded_size = 0;
  guchar             *decoded;

  for (gsize i = 0; i < size; i++)
    {
      guchar c = data[i];

      /* Line breaks are what a MIME encoder would add. */
      if (g_ascii_isspace (c))
        continue;

      if (c == '=')
        {
          n_padding++;
          continue;
        }

      if (n_padding > 0)
        goto invalid;

      /* The URL-safe alphabet (RFC 4648 §5) means the same. */
      if (c == '-')
        c = '+';
      else if (c == '_')
        c = '/';
      else if (!g_ascii_isalnum (c) && c != '+' && c != '/')
        goto invalid;

      g_string_append_c (clean, c);
    }

  if (n_padding > 2 || clean->len % 4 == 1 ||
      (n_padding > 0 && (clean->len + n_padding) % 4 != 0))
    goto invalid;

  /* Senders often leave out the padding. */
  while (clean->len % 4 != 0)
    g_string_append_c (clean, '=');

  if (clean->len == 0)
    return g_bytes_new (NULL, 0);

  decoded = g_base64_decode (clean->str, &decoded_size);

  return g_bytes_new_take (decoded, decoded_size);

invalid:
  g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                       "The message is not valid base64");
  return NULL;
}

static gboolean
parse_data_uri (const char *uri,
                char      **mime_type,
                char      **charset,
                GBytes    **data,
                GError    **error)
{
  g_autofree char   *trimmed = NULL;
  g_autofree char   *header = NULL;
  g_autofree char   *payload = NULL;
  g_autofree char   *media = NULL;
  g_autofree char   *found_charset = NULL;
  g_auto (GStrv)     params = NULL;
  g_autoptr (GBytes) unescaped = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) local_error = NULL;
  const char        *comma;
  gboolean           base64 = FALSE;

  if (uri == NULL)
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The message has no content");
      return FALSE;
    }

  if (strlen (uri) > MAX_URI_LENGTH)
    {
      g_set_error (error, UCWA_ERROR, UCWA_ERROR_RESPONSE_TOO_LARGE,
                   "The message is larger than %u KiB", UCWA_DATA_URI_MAX_SIZE / 1024);
      return FALSE;
    }

  trimmed = g_strstrip (g_strdup (uri));

  if (g_ascii_strncasecmp (trimmed, "data:", 5) != 0)
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The message is not a data: URI");
      return FALSE;
    }

  comma = strchr (trimmed + 5, ',');
  if (comma == NULL)
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The message is a malformed data: URI (no comma)");
      return FALSE;
    }

  header = g_strndup (trimmed + 5, comma - (trimmed + 5));
  params = g_strsplit (header, ";", -1);
  for (guint i = 0; params[i] != NULL; i++)
    {
      char *param = g_strstrip (params[i]);

      if (i == 0 && strchr (param, '/') != NULL)
        {
          if (!is_valid_media_type (param))
            {
              g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                                   "The message has an invalid media type");
              return FALSE;
            }
          media = g_ascii_strdown (param, -1);
        }
      else if (g_ascii_strcasecmp (param, "base64") == 0)
        {
          base64 = TRUE;
        }
      else if (g_ascii_strncasecmp (param, "charset=", 8) == 0 && found_charset == NULL)
        {
          found_charset = g_strdup (param + 8);
          g_strstrip (found_charset);
          /* charset="utf-8" is legal MIME, if unusual here. */
          if (found_charset[0] == '"' && strlen (found_charset) >= 2 &&
              g_str_has_suffix (found_charset, "\""))
            {
              memmove (found_charset, found_charset + 1, strlen (found_charset));
              found_charset[strlen (found_charset) - 1] = '\0';
            }
        }
      /* Other parameters (and the empty media type of "data:,…") change
       * nothing about the bytes. */
    }

  payload = g_strdup (comma + 1);

  /* The docs' form-style encoding: `+` is a space.  In base64 a `+` is a
   * digit, and a space would have to be %20 there anyway. */
  if (!base64)
    g_strdelimit (payload, "+", ' ');

  unescaped = g_uri_unescape_bytes (payload, -1, NULL, &local_error);
  if (unescaped == NULL)
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The message contains an invalid %-escape");
      return FALSE;
    }

  if (base64)
    {
      gsize         size = 0;
      const guchar *raw = g_bytes_get_data (unescaped, &size);

      bytes = decode_base64 (raw, size, error);
      if (bytes == NULL)
        return FALSE;
    }
  else
    {
      bytes = g_steal_pointer (&unescaped);
    }

  if (g_bytes_get_size (bytes) > UCWA_DATA_URI_MAX_SIZE)
    {
      g_set_error (error, UCWA_ERROR, UCWA_ERROR_RESPONSE_TOO_LARGE,
                   "The message is larger than %u KiB", UCWA_DATA_URI_MAX_SIZE / 1024);
      return FALSE;
    }

  if (mime_type != NULL)
    *mime_type = media ? g_steal_pointer (&media) : g_strdup ("text/plain");
  if (charset != NULL)
    *charset = g_steal_pointer (&found_charset);
  if (data != NULL)
    *data = g_steal_pointer (&bytes);

  return TRUE;
}

/**
 * ucwa_data_uri_decode:
 * @uri: a data: URI
 * @mime_type: (out) (optional): the media type in lower case, without
 *   parameters; "text/plain" when the URI names none
 * @data: (out) (optional): the decoded bytes
 * @error: return location for a %UCWA_ERROR_INVALID_RESPONSE, or
 *   %UCWA_ERROR_RESPONSE_TOO_LARGE over %UCWA_DATA_URI_MAX_SIZE
 *
 * Returns: %TRUE if @uri was decoded
 */
gboolean
ucwa_data_uri_decode (const char *uri,
                      char      **mime_type,
                      GBytes    **data,
                      GError    **error)
{
  if (mime_type != NULL)
    *mime_type = NULL;
  if (data != NULL)
    *data = NULL;

  return parse_data_uri (uri, mime_type, NULL, data, error);
}

static gboolean
is_utf8_charset (const char *charset)
{
  return charset == NULL ||
         g_ascii_strcasecmp (charset, "utf-8") == 0 ||
         g_ascii_strcasecmp (charset, "utf8") == 0 ||
         /* ASCII is a subset; anything above 0x7f is repaired below. */
         g_ascii_strcasecmp (charset, "us-ascii") == 0 ||
         g_ascii_strcasecmp (charset, "ascii") == 0;
}

/**
 * ucwa_data_uri_decode_text:
 * @uri: a data: URI of a text/ type
 * @is_html: (out) (optional): whether the text is HTML (see ucwa_html_to_text())
 * @error: return location for an error
 *
 * Decodes message text for display: always valid UTF-8 (other charsets are
 * converted, invalid sequences replaced), line ends as "\n", no trailing
 * newline.
 *
 * Returns: (transfer full) (nullable): the text
 */
char *
ucwa_data_uri_decode_text (const char *uri,
                           gboolean   *is_html,
                           GError    **error)
{
  g_autofree char   *mime_type = NULL;
  g_autofree char   *charset = NULL;
  g_autofree char   *converted = NULL;
  g_autofree char   *valid = NULL;
  g_autoptr (GBytes) bytes = NULL;
  const char        *text;
  gsize              size = 0;
  GString           *out;
  const char        *p;

  if (is_html != NULL)
    *is_html = FALSE;

  if (!parse_data_uri (uri, &mime_type, &charset, &bytes, error))
    return NULL;

  if (!g_str_has_prefix (mime_type, "text/"))
    {
      g_set_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                   "The message is not text (%s)", mime_type);
      return NULL;
    }

  text = g_bytes_get_data (bytes, &size);
  if (text == NULL)
    text = "";

  if (!is_utf8_charset (charset))
    {
      g_autoptr (GError) local_error = NULL;
      gsize              written = 0;

      converted = g_convert (text, size, "UTF-8", charset, NULL, &written, &local_error);
      if (converted != NULL)
        {
          text = converted;
          size = written;
        }
      else
        {
          /* Showing the text with a few replacement characters beats not
           * showing it at all. */
          g_debug ("Cannot convert a message from %s: %s", charset, local_error->message);
        }
    }

  /* Also turns embedded NUL bytes into U+FFFD, so that the result is one
   * C string. */
  valid = g_utf8_make_valid (text, size);

  out = g_string_sized_new (strlen (valid));
  p = valid;
  /* A byte order mark says nothing once the text is UTF-8. */
  if (g_str_has_prefix (p, "\xef\xbb\xbf"))
    p += 3;

  for (; *p != '\0'; p++)
    {
      if (p[0] == '\r')
        {
          g_string_append_c (out, '\n');
          if (p[1] == '\n')
            p++;
        }
      else
        {
          g_string_append_c (out, *p);
        }
    }

  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);

  if (is_html != NULL)
    *is_html = g_str_equal (mime_type, "text/html");

  return g_string_free (out, FALSE);
}

/**
 * ucwa_data_uri_encode_text:
 * @text: (nullable): UTF-8 text
 *
 * Returns: (transfer full): `data:text/plain;charset=utf-8,` and @text,
 *   %-encoded (never `+`, which the other side may read as a space)
 */
char *
ucwa_data_uri_encode_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  g_autofree char *escaped = g_uri_escape_string (valid, NULL, FALSE);

  return g_strconcat ("data:text/plain;charset=utf-8,", escaped, NULL);
}

typedef struct
{
  const char *name;
  const char *text;
} Entity;

static const Entity entities[] = {
  { "amp", "&" },
  { "lt", "<" },
  { "gt", ">" },
  { "quot", "\"" },
  { "apos", "'" },
  { "nbsp", " " },
};

/* Elements that start a new line when rendered. */
static const char *const block_elements[] = {
  "p",
  "div",
  "li",
  "ul",
  "ol",
  "tr",
  "table",
  "blockquote",
  "pre",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "dd",
  "dt",
  "dl",
};

typedef struct
{
  GString *out;
  gboolean pending_space;
} TextBuilder;

static void
builder_append (TextBuilder *builder,
                const char  *text,
                gsize        len)
{
  GString *out = builder->out;

  if (builder->pending_space && out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, ' ');
  builder->pending_space = FALSE;
  g_string_append_len (out, text, len);
}

static void
builder_newline (TextBuilder *builder,
                 gboolean     only_if_needed)
{
  GString *out = builder->out;

  builder->pending_space = FALSE;
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  if (only_if_needed && (out->len == 0 || out->str[out->len - 1] == '\n'))
    return;

  g_string_append_c (out, '\n');
}

/* Decodes the entity at @p (pointing at '&'); returns the number of bytes
 * it spans, or 0 if it is not one. */
static gsize
decode_entity (const char  *p,
               TextBuilder *builder)
{
  gsize name_len = 0;
  char  name[16];

  /* Entities are short: looking further would make a text full of '&'
   * quadratic. */
  while (name_len < sizeof name - 1 && p[1 + name_len] != '\0' && p[1 + name_len] != ';')
    name_len++;
  if (p[1 + name_len] != ';' || name_len == 0)
    return 0;

  memcpy (name, p + 1, name_len);
  name[name_len] = '\0';

  if (name[0] == '#')
    {
      gboolean    hex = name[1] == 'x' || name[1] == 'X';
      const char *digits = name + (hex ? 2 : 1);
      guint64     value = 0;
      gunichar    c;
      char        utf8[8];
      int         len;

      if (!g_ascii_string_to_unsigned (digits, hex ? 16 : 10, 0, G_MAXUINT32, &value, NULL))
        return 0;

      c = (gunichar) value;
      if (!g_unichar_validate (c) || c == 0 || (c < 0x20 && c != '\n' && c != '\t'))
        c = 0xfffd;

      len = g_unichar_to_utf8 (c, utf8);
      if (c == '\n')
        builder_newline (builder, FALSE);
      else
        builder_append (builder, utf8, len);

      return name_len + 2;
    }

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      if (strcmp (name, entities[i].name) == 0)
        {
          builder_append (builder, entities[i].text, strlen (entities[i].text));
          return name_len + 2;
        }
    }

  return 0;
}

/* Skips the element starting at @p (pointing at '<'); returns where the
 * text continues, or NULL at an unterminated tag. */
static const char *
handle_tag (const char  *p,
            TextBuilder *builder)
{
  const char      *q = p + 1;
  gboolean         closing = FALSE;
  char             quote = '\0';
  g_autofree char *name = NULL;
  const char      *name_start;

  if (g_str_has_prefix (p, "<!--"))
    {
      const char *end = strstr (p + 4, "-->");

      return end ? end + 3 : NULL;
    }

  if (*q == '/')
    {
      closing = TRUE;
      q++;
    }

  name_start = q;
  while (g_ascii_isalnum (*q))
    q++;
  name = g_ascii_strdown (name_start, q - name_start);

  /* Find the end of the tag; a '>' inside a quoted attribute is not it. */
  for (; *q != '\0'; q++)
    {
      if (quote != '\0')
        {
          if (*q == quote)
            quote = '\0';
        }
      else if (*q == '"' || *q == '\'')
        {
          quote = *q;
        }
      else if (*q == '>')
        {
          break;
        }
    }
  if (*q == '\0')
    return NULL;
  q++;

  if (g_str_equal (name, "br"))
    {
      builder_newline (builder, FALSE);
      return q;
    }

  if (!closing && (g_str_equal (name, "script") || g_str_equal (name, "style")))
    {
      g_autofree char *end_tag = g_strconcat ("</", name, NULL);

      /* Their content is not text for the reader. */
      for (; *q != '\0'; q++)
        if (g_ascii_strncasecmp (q, end_tag, strlen (end_tag)) == 0)
          break;
      if (*q == '\0')
        return NULL;
      q = strchr (q, '>');
      return q ? q + 1 : NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (block_elements); i++)
    {
      if (g_str_equal (name, block_elements[i]))
        {
          builder_newline (builder, TRUE);
          break;
        }
    }

  return q;
}

/**
 * ucwa_html_to_text:
 * @html: (nullable): an HTML fragment, as in an htmlMessage
 *
 * A plain-text rendering good enough for a notification or a text-only
 * view: tags dropped, whitespace collapsed as a browser would, `<br>` and
 * block elements as line breaks, the basic and numeric entities decoded.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for %NULL
 */
char *
ucwa_html_to_text (const char *html)
{
  g_autofree char *valid = NULL;
  TextBuilder      builder = { NULL, FALSE };
  const char      *p;

  if (html == NULL)
    return NULL;

  valid = g_utf8_make_valid (html, -1);
  builder.out = g_string_new (NULL);
  p = valid;

  while (*p != '\0')
    {
      if (*p == '<' && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?'))
        {
          p = handle_tag (p, &builder);
          if (p == NULL)
            break;
        }
      else if (*p == '&')
        {
          gsize len = decode_entity (p, &builder);

          if (len == 0)
            {
              builder_append (&builder, "&", 1);
              len = 1;
            }
          p += len;
        }
      else if (g_ascii_isspace (*p))
        {
          builder.pending_space = TRUE;
          p++;
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          builder_append (&builder, p, next - p);
          p = next;
        }
    }

  while (builder.out->len > 0 && g_ascii_isspace (builder.out->str[builder.out->len - 1]))
    g_string_truncate (builder.out, builder.out->len - 1);

  return g_string_free (builder.out, FALSE);
}

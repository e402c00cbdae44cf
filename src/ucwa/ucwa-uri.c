/* ucwa-uri.c: resolving and checking the hrefs a server hands out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every href comes from the network, so it is treated as hostile until
 * proven otherwise: only http(s) and data: survive resolution, and the
 * caller checks origin and transport before sending anything to it.
 * URIs are handled with G_URI_FLAGS_ENCODED throughout so that the server's
 * own percent-encoding (e.g. %2F inside a path segment) is kept byte for
 * byte: decoding and re-encoding would change what the server sees.
 */

#include "config.h"

#include "ucwa-uri.h"

#include <gio/gio.h>
#include <string.h>

#include "ucwa-error.h"

#define URI_FLAGS (G_URI_FLAGS_ENCODED)

/* Characters left unescaped in a query value we add: enough to keep SIP
 * URIs and paths readable, none with a meaning inside a query. */
#define QUERY_ALLOWED_CHARS ":@/!$'()*,"

static gboolean
has_data_scheme (const char *href)
{
  return g_ascii_strncasecmp (href, "data:", 5) == 0;
}

static gboolean
has_control_characters (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar) *s < 0x20 || (guchar) *s == 0x7f)
      return TRUE;

  return FALSE;
}

/* A DNS name, an IPv4 address or an IPv6 literal (GUri drops the brackets;
 * a zone follows a '%'). */
static gboolean
is_valid_host (const char *host)
{
  if (strchr (host, ':') != NULL)
    {
      g_autofree char *address = g_strdup (host);
      char            *zone = strchr (address, '%');

      if (zone != NULL)
        *zone = '\0';
      return g_hostname_is_ip_address (address);
    }

  for (const char *p = host; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
      return FALSE;

  return TRUE;
}

/**
 * ucwa_uri_resolve:
 * @base: (nullable): the URI the href came from; %NULL if @href must be absolute
 * @href: the href as sent by the server
 * @error: return location for a %UCWA_ERROR_INVALID_RESPONSE
 *
 * Resolves a server href (relative or absolute) to an absolute http(s) URI.
 * data: URIs are returned as they are (without surrounding blanks).  Anything else (other schemes, no host,
 * credentials in the URI, control characters, bad %-escapes) is an error.
 * The origin is not checked here: see ucwa_uri_same_origin().
 *
 * Returns: (transfer full) (nullable): the absolute URI
 */
char *
ucwa_uri_resolve (GUri       *base,
                  const char *href,
                  GError    **error)
{
  g_autoptr (GUri)   encoded_base = NULL;
  g_autoptr (GUri)   resolved = NULL;
  g_autoptr (GUri)   reparsed = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char   *trimmed = NULL;
  g_autofree char   *result = NULL;
  const char        *scheme;
  const char        *host;

  if (href == NULL)
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The server sent a link without an address");
      return NULL;
    }

  /* Surrounding blanks are a serializer's sloppiness, not part of the URI. */
  trimmed = g_strstrip (g_strdup (href));

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The server sent a link with an empty address");
      return NULL;
    }

  if (has_data_scheme (trimmed))
    return g_steal_pointer (&trimmed);

  if (!g_utf8_validate (trimmed, -1, NULL) || has_control_characters (trimmed))
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The server sent a link with invalid characters");
      return NULL;
    }

  /* Responses come from http(s) URLs, which have a host.  GLib parses some
   * host-less URIs it cannot write back ("t:.///" has the path "//"), so
   * such a base is no base at all: only an absolute href resolves. */
  if (base != NULL && g_uri_get_host (base) == NULL)
    base = NULL;

  /* A base parsed with other flags holds decoded components; joined with
   * an encoded href they would reach the result raw ("a b"). */
  if (base != NULL)
    {
      g_autofree char *base_string = g_uri_to_string (base);

      encoded_base = g_uri_parse (base_string, URI_FLAGS, NULL);
    }

  resolved = g_uri_parse_relative (encoded_base ? encoded_base : base, trimmed, URI_FLAGS, &local_error);
  if (resolved == NULL)
    {
      g_set_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                   "The server sent an invalid link: %s", local_error->message);
      return NULL;
    }

  scheme = g_uri_get_scheme (resolved);
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                   "The server sent a link of an unsupported kind (%s:)", scheme);
      return NULL;
    }

  host = g_uri_get_host (resolved);
  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The server sent a link without a host");
      return NULL;
    }

  /* GUri %-decodes the host even with G_URI_FLAGS_ENCODED: "//%0d%0a…"
   * would put a line break into the Host header. */
  if (!is_valid_host (host))
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The server sent a link with an invalid host");
      return NULL;
    }

  /* libsoup would turn user:password@ into an Authorization header. */
  if (g_uri_get_userinfo (resolved) != NULL)
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The server sent a link with embedded credentials");
      return NULL;
    }

  result = g_uri_to_string (resolved);

  /* The components are checked above; this is the last line of defence for
   * whatever reaches a request line. */
  if (has_control_characters (result) || strchr (result, ' ') != NULL)
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The server sent a link with invalid characters");
      return NULL;
    }

  /* Every caller reads the result back with G_URI_FLAGS_NONE, which
   * decodes: an escape of a byte that is not UTF-8 ("%A6") would make the
   * link unreadable there (no base for the next response's links). */
  reparsed = g_uri_parse (result, G_URI_FLAGS_NONE, NULL);
  if (reparsed == NULL)
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The server sent a link with invalid characters");
      return NULL;
    }

  return g_steal_pointer (&result);
}

static int
effective_port (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);
  int         port = g_uri_get_port (uri);

  if (port > 0)
    return port;
  if (scheme != NULL && g_ascii_strcasecmp (scheme, "https") == 0)
    return 443;
  if (scheme != NULL && g_ascii_strcasecmp (scheme, "http") == 0)
    return 80;

  return -1;
}

/* "Host." and "host" name the same machine. */
static gboolean
host_equal (const char *a,
            const char *b)
{
  gsize len_a = strlen (a);
  gsize len_b = strlen (b);

  if (len_a > 0 && a[len_a - 1] == '.')
    len_a--;
  if (len_b > 0 && b[len_b - 1] == '.')
    len_b--;

  return len_a == len_b && g_ascii_strncasecmp (a, b, len_a) == 0;
}

/**
 * ucwa_uri_same_origin:
 * @a: (nullable): a URI
 * @b: (nullable): another URI
 *
 * Returns: %TRUE if both have the same scheme, host and effective port
 */
gboolean
ucwa_uri_same_origin (GUri *a,
                      GUri *b)
{
  const char *scheme_a, *scheme_b, *host_a, *host_b;

  if (a == NULL || b == NULL)
    return FALSE;

  scheme_a = g_uri_get_scheme (a);
  scheme_b = g_uri_get_scheme (b);
  host_a = g_uri_get_host (a);
  host_b = g_uri_get_host (b);

  if (scheme_a == NULL || scheme_b == NULL || host_a == NULL || host_b == NULL ||
      *host_a == '\0' || *host_b == '\0')
    return FALSE;

  return g_ascii_strcasecmp (scheme_a, scheme_b) == 0 &&
         host_equal (host_a, host_b) &&
         effective_port (a) == effective_port (b);
}

/**
 * ucwa_uri_is_loopback:
 * @uri: (nullable): a URI
 *
 * Only literal loopback addresses and the name "localhost" count: a name
 * that merely looks local (127.0.0.1.evil.example) resolves anywhere.
 *
 * Returns: %TRUE if @uri points at this machine
 */
gboolean
ucwa_uri_is_loopback (GUri *uri)
{
  g_autoptr (GInetAddress) address = NULL;
  g_autofree char         *host = NULL;
  const char              *raw_host;
  char                    *percent;

  if (uri == NULL)
    return FALSE;

  raw_host = g_uri_get_host (uri);
  if (raw_host == NULL || *raw_host == '\0')
    return FALSE;

  host = g_strdup (raw_host);
  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;

  /* An IPv6 zone ("::1%25lo") does not change what the address is. */
  percent = strchr (host, '%');
  if (percent != NULL)
    *percent = '\0';

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * ucwa_uri_check_transport:
 * @uri: (nullable): a URI the client is about to use
 * @error: return location for an error
 *
 * https is always fine; plain http only to this machine (the simulator and
 * tests), because the token and the password travel in the clear otherwise.
 *
 * Returns: %TRUE if @uri may be used
 */
gboolean
ucwa_uri_check_transport (GUri    *uri,
                          GError **error)
{
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

  if (scheme != NULL && g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (scheme != NULL && g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (ucwa_uri_is_loopback (uri))
        return TRUE;

      g_set_error (error, UCWA_ERROR, UCWA_ERROR_INSECURE_TRANSPORT,
                   "Refusing to use the unencrypted address http://%s", g_uri_get_host (uri));
      return FALSE;
    }

  g_set_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
               "Not a web address (%s)", scheme ? scheme : "no scheme");
  return FALSE;
}

/* The name of one raw `name=value` query segment, decoded for comparison. */
static char *
segment_name (const char *segment)
{
  const char      *equals = strchr (segment, '=');
  g_autofree char *raw = equals ? g_strndup (segment, equals - segment) : g_strdup (segment);
  char            *decoded;

  g_strdelimit (raw, "+", ' ');
  decoded = g_uri_unescape_string (raw, NULL);

  return decoded ? decoded : g_steal_pointer (&raw);
}

/* Servers here are ASP.NET: query names are case-insensitive to them, so a
 * second spelling of the same name would be a duplicate. */
static gboolean
segment_has_name (const char *segment,
                  const char *name)
{
  g_autofree char *decoded = segment_name (segment);

  return g_ascii_strcasecmp (decoded, name) == 0;
}

/**
 * ucwa_uri_add_query_param:
 * @uri: an absolute URI or a relative reference
 * @name: the parameter name
 * @value: (nullable): its value; %NULL removes the parameter
 *
 * Sets one query parameter, replacing any existing one of the same name
 * (compared case-insensitively) in place.  The other parameters keep their
 * order and their exact encoding; the fragment is kept.
 *
 * Returns: (transfer full) (nullable): the new URI, or %NULL if @uri cannot
 *   be parsed or is a data: URI
 */
char *
ucwa_uri_add_query_param (const char *uri,
                          const char *name,
                          const char *value)
{
  g_autofree char      *scheme = NULL;
  g_autofree char      *userinfo = NULL;
  g_autofree char      *host = NULL;
  g_autofree char      *path = NULL;
  g_autofree char      *query = NULL;
  g_autofree char      *fragment = NULL;
  g_autofree char      *new_segment = NULL;
  g_autoptr (GPtrArray) segments = NULL;
  g_auto (GStrv)        old_segments = NULL;
  g_autofree char      *new_query = NULL;
  gboolean              replaced = FALSE;
  int                   port = -1;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  if (uri == NULL || has_data_scheme (uri))
    return NULL;

  if (!g_uri_split (uri, URI_FLAGS, &scheme, &userinfo, &host, &port,
                    &path, &query, &fragment, NULL))
    return NULL;

  if (value != NULL)
    {
      g_autofree char *escaped_name = g_uri_escape_string (name, NULL, FALSE);
      g_autofree char *escaped_value = g_uri_escape_string (value, QUERY_ALLOWED_CHARS, FALSE);

      new_segment = g_strconcat (escaped_name, "=", escaped_value, NULL);
    }

  segments = g_ptr_array_new ();
  old_segments = g_strsplit (query ? query : "", "&", -1);

  for (guint i = 0; old_segments[i] != NULL; i++)
    {
      if (*old_segments[i] == '\0')
        continue;

      if (segment_has_name (old_segments[i], name))
        {
          if (!replaced && new_segment != NULL)
            g_ptr_array_add (segments, new_segment);
          replaced = TRUE;
          continue;
        }

      g_ptr_array_add (segments, old_segments[i]);
    }

  if (!replaced && new_segment != NULL)
    g_ptr_array_add (segments, new_segment);

  g_ptr_array_add (segments, NULL);
  if (segments->len > 1)
    new_query = g_strjoinv ("&", (char **) segments->pdata);

  return g_uri_join (URI_FLAGS, scheme, userinfo, host, port, path, new_query, fragment);
}

/**
 * ucwa_uri_get_query_param:
 * @uri: (nullable): an absolute URI or a relative reference
 * @name: the parameter name, compared case-insensitively
 *
 * `+` reads as a space, as ASP.NET reads it.
 *
 * Returns: (transfer full) (nullable): the decoded value of the first
 *   parameter called @name ("" for a bare `name`), or %NULL if there is
 *   none or its value is not validly %-encoded
 */
char *
ucwa_uri_get_query_param (const char *uri,
                          const char *name)
{
  g_autofree char *query = NULL;
  g_auto (GStrv)   segments = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  if (uri == NULL || has_data_scheme (uri))
    return NULL;

  if (!g_uri_split (uri, URI_FLAGS, NULL, NULL, NULL, NULL, NULL, &query, NULL, NULL) ||
      query == NULL)
    return NULL;

  segments = g_strsplit (query, "&", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      const char      *equals;
      g_autofree char *raw_value = NULL;

      if (*segments[i] == '\0' || !segment_has_name (segments[i], name))
        continue;

      equals = strchr (segments[i], '=');
      if (equals == NULL)
        return g_strdup ("");

      raw_value = g_strdup (equals + 1);
      g_strdelimit (raw_value, "+", ' ');

      return g_uri_unescape_string (raw_value, NULL);
    }

  return NULL;
}

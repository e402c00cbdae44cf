/* ucwa-resource.c: tolerant accessors for UCWA JSON resources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib's typed getters (json_object_get_string_member and friends)
 * g_warning on a member of the wrong type.  A server's mistake must not
 * flood the log or, under G_DEBUG=fatal-warnings, abort, so every accessor
 * here checks the node type itself and answers NULL or the fallback.
 */

#include "config.h"

#include "ucwa-resource.h"

#include <string.h>

#include "ucwa-uri.h"

static JsonNode *
get_member (JsonObject *resource,
            const char *member)
{
  if (resource == NULL || member == NULL)
    return NULL;

  return json_object_get_member (resource, member);
}

static gboolean
node_holds_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

/* A member that may be an object or an array of objects (links with a
 * repeatable rel, embedded collections): the object, or the first one. */
static JsonObject *
first_object (JsonNode *node)
{
  if (node == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint      length = json_array_get_length (array);

      for (guint i = 0; i < length; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (element))
            return json_node_get_object (element);
        }
    }

  return NULL;
}

/**
 * ucwa_resource_get_string:
 * @resource: (nullable): a resource
 * @member: a member name
 *
 * Returns: (nullable): the member if it is a string
 */
const char *
ucwa_resource_get_string (JsonObject *resource,
                          const char *member)
{
  JsonNode *node = get_member (resource, member);

  return node_holds_string (node) ? json_node_get_string (node) : NULL;
}

/**
 * ucwa_resource_get_boolean:
 * @resource: (nullable): a resource
 * @member: a member name
 * @fallback: the answer when the member is missing or not a boolean
 *
 * The strings "true" and "false" count: the same serializers that render
 * XML properties as text do so in JSON now and then.
 *
 * Returns: the member's value, or @fallback
 */
gboolean
ucwa_resource_get_boolean (JsonObject *resource,
                           const char *member,
                           gboolean    fallback)
{
  JsonNode *node = get_member (resource, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      if (g_ascii_strcasecmp (text, "true") == 0)
        return TRUE;
      if (g_ascii_strcasecmp (text, "false") == 0)
        return FALSE;
    }

  return fallback;
}

/**
 * ucwa_resource_get_int:
 * @resource: (nullable): a resource
 * @member: a member name
 * @fallback: the answer when the member is missing or not an integer
 *
 * Integral doubles (3600.0) and decimal strings ("3600") count as
 * integers.
 *
 * Returns: the member's value, or @fallback
 */
gint64
ucwa_resource_get_int (JsonObject *resource,
                       const char *member,
                       gint64      fallback)
{
  JsonNode *node = get_member (resource, member);
  GType     type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    return json_node_get_int (node);

  if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      /* The bounds are exact powers of two, so the comparison is exact. */
      if (value >= -9223372036854775808.0 && value < 9223372036854775808.0 &&
          value == (double) (gint64) value)
        return (gint64) value;

      return fallback;
    }

  if (type == G_TYPE_STRING)
    {
      g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));
      gint64           value;

      if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
        return value;
    }

  return fallback;
}

/**
 * ucwa_resource_dup_strv:
 * @resource: (nullable): a resource
 * @member: a member name
 *
 * Non-string elements are left out; a lone string is a one-element list.
 *
 * Returns: (transfer full) (nullable): the strings of an array member (an
 *   empty list for `[]`), or %NULL if the member is missing or no array
 */
char **
ucwa_resource_dup_strv (JsonObject *resource,
                        const char *member)
{
  JsonNode                *node = get_member (resource, member);
  g_autoptr (GStrvBuilder) builder = NULL;

  if (node == NULL)
    return NULL;

  builder = g_strv_builder_new ();

  if (node_holds_string (node))
    {
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint      length = json_array_get_length (array);

      for (guint i = 0; i < length; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (node_holds_string (element))
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  else
    {
      return NULL;
    }

  return g_strv_builder_end (builder);
}

/**
 * ucwa_resource_get_embedded:
 * @resource: (nullable): a resource
 * @rel: the rel of the embedded resource
 *
 * Returns: (transfer none) (nullable): `_embedded[rel]`, or its first
 *   element when it is an array
 */
JsonObject *
ucwa_resource_get_embedded (JsonObject *resource,
                            const char *rel)
{
  JsonNode *embedded = get_member (resource, "_embedded");

  if (embedded == NULL || !JSON_NODE_HOLDS_OBJECT (embedded) || rel == NULL)
    return NULL;

  return first_object (json_object_get_member (json_node_get_object (embedded), rel));
}

static JsonObject *
get_link (JsonObject *resource,
          const char *rel)
{
  JsonNode *links = get_member (resource, "_links");

  if (links == NULL || !JSON_NODE_HOLDS_OBJECT (links) || rel == NULL)
    return NULL;

  return first_object (json_object_get_member (json_node_get_object (links), rel));
}

/**
 * ucwa_resource_get_link_href:
 * @resource: (nullable): a resource
 * @rel: a link rel
 *
 * Returns: (nullable): the href of `_links[rel]` (the first one when the
 *   rel repeats), as sent: possibly relative, possibly a data: URI
 */
const char *
ucwa_resource_get_link_href (JsonObject *resource,
                             const char *rel)
{
  return ucwa_resource_get_string (get_link (resource, rel), "href");
}

/**
 * ucwa_resource_get_link_title:
 * @resource: (nullable): a resource
 * @rel: a link rel
 *
 * Returns: (nullable): the title of `_links[rel]`, e.g. a display name
 */
const char *
ucwa_resource_get_link_title (JsonObject *resource,
                              const char *rel)
{
  return ucwa_resource_get_string (get_link (resource, rel), "title");
}

/**
 * ucwa_resource_dup_link:
 * @resource: (nullable): a resource
 * @rel: a link rel
 * @base: (nullable): the URI @resource came from
 *
 * Returns: (transfer full) (nullable): the absolute href of `_links[rel]`
 *   (data: URIs unchanged), or %NULL if absent or unusable
 */
char *
ucwa_resource_dup_link (JsonObject *resource,
                        const char *rel,
                        GUri       *base)
{
  g_autoptr (GError) error = NULL;
  const char        *href = ucwa_resource_get_link_href (resource, rel);
  char              *resolved;

  if (href == NULL)
    return NULL;

  resolved = ucwa_uri_resolve (base, href, &error);
  if (resolved == NULL)
    g_debug ("Ignoring the %s link: %s", rel, error->message);

  return resolved;
}

static gboolean
parse_digits (const char  *p,
              const char **end,
              gint64      *value)
{
  gboolean negative = FALSE;
  guint64  magnitude = 0;
  guint    n_digits = 0;

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';

  for (; g_ascii_isdigit (*p); p++)
    {
      /* 18 digits always fit; milliseconds need 13 until the year 2286. */
      if (++n_digits > 18)
        return FALSE;
      magnitude = magnitude * 10 + (guint64) (*p - '0');
    }

  if (n_digits == 0)
    return FALSE;

  *end = p;
  *value = negative ? -(gint64) magnitude : (gint64) magnitude;

  return TRUE;
}

/* "/Date(1383784870271)/", "/Date(1383784870271+0100)/" or the escaped
 * "\/Date(…)\/" if someone hands over the raw JSON text. */
static gboolean
parse_aspnet_date (const char *value,
                   gint64     *ms)
{
  const char *p = value;
  gint64      offset;

  if (*p == '\\')
    p++;
  if (*p == '/')
    p++;

  if (!g_str_has_prefix (p, "Date("))
    return FALSE;
  p += strlen ("Date(");

  if (!parse_digits (p, &p, ms))
    return FALSE;

  /* The offset only tells the sender's zone: the number is UTC already. */
  if ((*p == '+' || *p == '-') && g_ascii_isdigit (p[1]))
    {
      if (!parse_digits (p, &p, &offset))
        return FALSE;
    }

  if (*p++ != ')')
    return FALSE;

  if (*p == '\\')
    p++;
  if (*p == '/')
    p++;

  return *p == '\0';
}

/**
 * ucwa_resource_parse_date:
 * @value: (nullable): a date as UCWA sends it
 *
 * Reads the ASP.NET AJAX form of JSON (`"\/Date(1383784870271)\/"`, which
 * json-glib hands over as "/Date(1383784870271)/") and ISO 8601 (XML, and
 * some JSON fields).
 *
 * Returns: milliseconds since the epoch, or 0 if @value is no date
 */
gint64
ucwa_resource_parse_date (const char *value)
{
  g_autofree char      *trimmed = NULL;
  g_autoptr (GTimeZone) utc = NULL;
  g_autoptr (GDateTime) date = NULL;
  gint64                ms = 0;

  if (value == NULL)
    return 0;

  trimmed = g_strstrip (g_strdup (value));

  if (parse_aspnet_date (trimmed, &ms))
    return ms;

  /* Only something shaped like a date: g_date_time_new_from_iso8601 is
   * lenient enough to read odd strings. */
  if (strlen (trimmed) < 10 || !g_ascii_isdigit (trimmed[0]) || strlen (trimmed) > 64)
    return 0;

  /* A time without a zone is taken as UTC, as .NET writes it. */
  utc = g_time_zone_new_utc ();
  date = g_date_time_new_from_iso8601 (trimmed, utc);
  if (date == NULL)
    return 0;

  return g_date_time_to_unix (date) * 1000 + g_date_time_get_microsecond (date) / 1000;
}

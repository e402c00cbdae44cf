/* ucwa-sim-util.c: small helpers shared by the simulator's files
 *
 * Ids in the shapes a real server hands out, and the reading of request
 * input: case-insensitive JSON members, form and query strings, bodies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ucwa-sim-private.h"

gint64
sim_now_ms (void)
{
  return g_get_real_time () / 1000;
}

char *
sim_new_numeric_id (UcwaSimServer *self)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, self->id_base + ++self->next_id);
}

char *
sim_new_hex_id (UcwaSimServer *self)
{
  return g_strdup_printf ("%" G_GINT64_MODIFIER "x", (self->id_base % 0xf000) + 0x1000 + ++self->next_id);
}

char *
sim_new_guid_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString         *out = g_string_new (NULL);

  for (const char *p = uuid; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

char *
sim_random_base64 (gsize n_bytes)
{
  g_autofree guchar *bytes = g_malloc (n_bytes);

  for (gsize i = 0; i < n_bytes; i++)
    bytes[i] = (guchar) g_random_int_range (0, 256);

  return g_base64_encode (bytes, n_bytes);
}

/* Base64 like the trace's "Ac7bUftwUcVMzgTzRl+OQchCsUn35Q==", but without
 * '+' and '/' so that the id can be pasted into a control-API query. */
char *
sim_new_thread_id (void)
{
  char *id = sim_random_base64 (22);

  for (char *p = id; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = 'x';
      else if (*p == '/')
        *p = 'y';
    }

  return id;
}

const char *
sim_user_domain (UcwaSimServer *self)
{
  if (self->users->len > 0)
    {
      SimUser    *user = g_ptr_array_index (self->users, 0);
      const char *at = strchr (user->address, '@');

      if (at != NULL && at[1] != '\0')
        return at + 1;
    }

  return "contoso.com";
}

const char *
sim_pool_prefix (guint pool)
{
  return pool == 2 ? "/pool2" : "";
}

/* Case-insensitive member lookup: the traces send UserAgent/EndpointId/
 * SupportedModalities where the reference writes camelCase (§14.3). */
JsonNode *
sim_member_ci (JsonObject *object,
               const char *name)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (g_ascii_strcasecmp (l->data, name) == 0)
      return json_object_get_member (object, l->data);

  return NULL;
}

const char *
sim_string_member_ci (JsonObject *object,
                      const char *name)
{
  JsonNode *node = sim_member_ci (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

GHashTable *
sim_parse_form (const char *data,
                gssize      len,
                GError    **error)
{
  /* Even when empty, the table has the case-insensitive keys and the
   * destroy functions of a parsed one. */
  if (data == NULL)
    {
      data = "";
      len = 0;
    }

  return g_uri_parse_params (data, len, "&", G_URI_PARAMS_WWW_FORM | G_URI_PARAMS_CASE_INSENSITIVE, error);
}

gboolean
sim_parse_uint (const char *text,
                guint64     max,
                guint64    *out)
{
  return text != NULL && g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

gboolean
sim_content_type_is (SoupServerMessage *msg,
                     const char        *what)
{
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);

  return type != NULL && strstr (type, what) != NULL;
}

/* Parses an optional JSON object body; replies and returns FALSE on error.
 * *out is NULL for an empty body. */
gboolean
sim_parse_json_body (SoupServerMessage *msg,
                     GBytes            *body,
                     gboolean           required,
                     JsonObject       **out)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError)     error = NULL;
  gsize                  len = 0;
  const char            *data = g_bytes_get_data (body, &len);
  JsonNode              *root;

  *out = NULL;

  if (len == 0 && !required)
    return TRUE;

  if (sim_content_type_is (msg, "xml"))
    {
      sim_reply_error (msg, 415, "UnsupportedMediaType", "UnsupportedMediaType",
                       "The simulator only accepts JSON input.");
      return FALSE;
    }

  parser = json_parser_new ();
  if (len == 0 || !json_parser_load_from_data (parser, data, len, &error))
    {
      sim_reply_error (msg, 400, "BadRequest", "DeserializationFailure", MSG_DESERIALIZATION);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      sim_reply_error (msg, 400, "BadRequest", "DeserializationFailure", MSG_DESERIALIZATION);
      return FALSE;
    }

  *out = json_object_ref (json_node_get_object (root));
  return TRUE;
}

/* Every absolute URL the simulator hands out is built from this, so that
 * in HTTPS mode no http:// link slips through (a client must refuse one). */
char *
sim_make_origin (UcwaSimServer *self,
                 const char    *host)
{
  return g_strdup_printf ("%s://%s:%u", self->tls_certificate != NULL ? "https" : "http", host, self->port);
}

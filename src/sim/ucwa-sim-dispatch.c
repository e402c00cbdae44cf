/* ucwa-sim-dispatch.c: from an HTTP request to the handler of its resource
 *
 * Every request passes here: it is counted and signalled, the body size is
 * checked before it is read, the pool prefix is taken off, and the path is
 * matched against the discovery, token, control and UCWA resources (the
 * route tables of the files that own them).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ucwa-sim-control.h"
#include "ucwa-sim-private.h"

#define MAX_REQUEST_BODY (1024 * 1024)

/* In the order of the original single table: the methods of one path,
 * listed in a 405's Allow header, come out in the same order. */
static const SimRoute *const route_tables[] = {
  sim_applications_routes,
  sim_events_routes,
  /* Before the me routes: people/search is not the contact "search". */
  sim_outgoing_routes,
  sim_me_routes,
  sim_communication_routes,
  sim_messaging_routes,
};

static gboolean
route_matches (const char  *pattern,
               char       **segments,
               const char **caps)
{
  g_auto (GStrv) parts = NULL;
  guint          n_caps = 0;
  guint          n;

  if (*pattern == '\0')
    return segments[0] == NULL;

  parts = g_strsplit (pattern, "/", -1);
  n = g_strv_length (parts);
  if (g_strv_length (segments) != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (parts[i], "*"))
        {
          if (segments[i][0] == '\0' || n_caps >= 4)
            return FALSE;
          caps[n_caps++] = segments[i];
        }
      else if (!g_str_equal (parts[i], segments[i]))
        {
          return FALSE;
        }
    }

  return TRUE;
}

static void
handle_ucwa (UcwaSimServer     *self,
             SoupServerMessage *msg,
             guint              pool,
             const char        *rest,
             GHashTable        *params,
             GBytes            *body)
{
  const char    *method = soup_server_message_get_method (msg);
  SimToken      *token;
  g_auto (GStrv) segments = NULL;
  guint          n_segments;
  SimApp        *app;
  SimRequest     req = { msg, params, body, NULL, { NULL } };
  GString       *allowed = NULL;

  token = sim_authenticate (self, msg, pool);
  if (token == NULL)
    {
      sim_reply_challenge (self, msg, pool);
      return;
    }
  req.token = token;

  if (*rest == '\0' || g_str_equal (rest, "/"))
    {
      if (g_str_equal (method, "POST"))
        {
          sim_handle_create_app (self, msg, pool, token, body);
        }
      else
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
          sim_reply_error (msg, 405, "MethodNotAllowed", NULL, "The method is not allowed on this resource.");
        }
      return;
    }

  if (*rest != '/')
    {
      sim_reply_not_found (msg);
      return;
    }

  segments = g_strsplit (rest + 1, "/", -1);
  n_segments = g_strv_length (segments);
  /* A trailing slash names the same resource. */
  if (n_segments > 1 && segments[n_segments - 1][0] == '\0')
    g_clear_pointer (&segments[--n_segments], g_free);

  app = sim_find_app (self, segments[0]);
  if (app == NULL || app->pool != pool)
    {
      const char *subcode = g_hash_table_lookup (self->gone, segments[0]);

      if (subcode != NULL)
        sim_reply_error (msg, 410, "Gone", subcode, MSG_INACTIVE_EXPIRED);
      else
        sim_reply_error (msg, 404, "NotFound", "ApplicationNotFound", MSG_APPLICATION_NOT_FOUND);
      return;
    }

  if (app->user != token->user)
    {
      sim_reply_error (msg, 403, "Forbidden", NULL, "The application belongs to another user.");
      return;
    }

  for (guint t = 0; t < G_N_ELEMENTS (route_tables); t++)
    for (const SimRoute *route = route_tables[t]; route->method != NULL; route++)
      {
        const char *caps[4] = { NULL };

        if (!route_matches (route->pattern, segments + 1, caps))
          continue;

        if (!g_str_equal (route->method, method))
          {
            if (allowed == NULL)
              allowed = g_string_new (route->method);
            else
              g_string_append_printf (allowed, ", %s", route->method);
            continue;
          }

        memcpy (req.caps, caps, sizeof caps);
        if (allowed != NULL)
          g_string_free (allowed, TRUE);
        route->func (self, &req, app);
        return;
      }

  if (allowed != NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed->str);
      g_string_free (allowed, TRUE);
      sim_reply_error (msg, 405, "MethodNotAllowed", NULL, "The method is not allowed on this resource.");
      return;
    }

  sim_reply_not_found (msg);
}

static void
record_request (UcwaSimServer *self,
                const char    *method,
                const char    *path)
{
  char *key = g_strconcat (method, " ", path, NULL);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->requests, key));

  g_hash_table_replace (self->requests, key, GUINT_TO_POINTER (count + 1));
}

static gboolean
path_is (const char *path,
         const char *expected)
{
  return g_ascii_strcasecmp (path, expected) == 0;
}

static gboolean
path_has_prefix (const char *path,
                 const char *prefix)
{
  return g_ascii_strncasecmp (path, prefix, strlen (prefix)) == 0;
}

/* Several UCWA clients build URLs as root + href and so ask for
 * //ucwa/oauth/v1/…: the server answers such a path as the one with single
 * slashes, as IIS does. */
static char *
collapse_slashes (const char *path)
{
  GString *out = g_string_sized_new (strlen (path));

  for (const char *p = path; *p != '\0'; p++)
    if (*p != '/' || out->len == 0 || out->str[out->len - 1] != '/')
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

void
sim_early_handler (SoupServer        *soup,
                   SoupServerMessage *msg,
                   const char        *raw_path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  UcwaSimServer      *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char    *path = collapse_slashes (raw_path);

  /* Refused before the body is read, so a huge upload costs nothing. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > MAX_REQUEST_BODY)
    {
      const char *method = soup_server_message_get_method (msg);
      const char *auth = soup_message_headers_get_one (headers, "Authorization");

      record_request (self, method, path);
      sim_server_emit (self, SIM_SIGNAL_REQUEST, method, path, auth);
      sim_reply_error (msg, 413, "EntityTooLarge", NULL, "The request body is too large.");
    }
}

void
sim_server_callback (SoupServer        *soup,
                     SoupServerMessage *msg,
                     const char        *unused_path,
                     GHashTable        *unused_query,
                     gpointer           user_data)
{
  g_autoptr (UcwaSimServer) self = g_object_ref (user_data);
  const char               *method = soup_server_message_get_method (msg);
  GUri                     *uri = soup_server_message_get_uri (msg);
  g_autofree char          *path = collapse_slashes (g_uri_get_path (uri));
  const char               *query = g_uri_get_query (uri);
  SoupMessageHeaders       *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders       *response_headers = soup_server_message_get_response_headers (msg);
  const char               *auth = soup_message_headers_get_one (request_headers, "Authorization");
  g_autoptr (GHashTable)    params = NULL;
  g_autoptr (GBytes)        body = NULL;
  g_autoptr (GError)        error = NULL;
  const char               *rest = path;
  guint                     pool = 1;

  g_debug ("%s %s", method, path);
  record_request (self, method, path);
  sim_server_emit (self, SIM_SIGNAL_REQUEST, method, path, auth);
  if (self->soup == NULL)
    return;

  sim_expire_inactive (self);

  soup_message_headers_replace (response_headers, "Cache-Control", "no-cache");
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  if (path_has_prefix (path, "/pool2/") || path_is (path, "/pool2"))
    {
      pool = 2;
      rest = path[6] == '\0' ? "/" : path + 6;
    }

  if (path_has_prefix (rest, SIM_APPLICATIONS_PATH))
    soup_message_headers_replace (response_headers, "X-MS-UcwaVersion", SIM_UCWA_VERSION);

  params = sim_parse_form (query, query != NULL ? -1 : 0, &error);
  if (params == NULL)
    {
      sim_reply_error (msg, 400, "BadRequest", NULL, "The query string is malformed.");
      return;
    }

  if (path_is (rest, "/") || path_is (rest, "/Autodiscover/AutodiscoverService.svc/root"))
    {
      if (!g_str_equal (method, "GET"))
        sim_reply_error (msg, 405, "MethodNotAllowed", NULL, "Only GET is allowed here.");
      else
        sim_handle_root (self, msg, pool, g_str_equal (rest, "/"));
    }
  else if (path_is (rest, "/Autodiscover/AutodiscoverService.svc/root/oauth/user") ||
           path_is (rest, "/Autodiscover/AutodiscoverService.svc/root/user"))
    {
      if (!g_str_equal (method, "GET"))
        sim_reply_error (msg, 405, "MethodNotAllowed", NULL, "Only GET is allowed here.");
      else
        sim_handle_user (self, msg, pool);
    }
  else if (path_is (rest, "/Autodiscover/XFrame/XFrame.html"))
    {
      sim_reply_body (msg, SOUP_STATUS_OK, "text/html",
                      g_strdup ("<!DOCTYPE html><html><head><title>XFrame</title></head><body></body></html>\n"));
    }
  else if (path_is (rest, "/WebTicket/oauthtoken"))
    {
      sim_handle_token (self, msg, pool, body);
    }
  else if (path_has_prefix (rest, SIM_APPLICATIONS_PATH))
    {
      handle_ucwa (self, msg, pool, rest + strlen (SIM_APPLICATIONS_PATH), params, body);
    }
  else if (pool == 1 && (path_has_prefix (path, "/_sim/") || path_is (path, "/_sim")))
    {
      GSocketAddress *remote = soup_server_message_get_remote_address (msg);
      gboolean        loopback = G_IS_INET_SOCKET_ADDRESS (remote) &&
                          g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));

      if (!loopback)
        {
          sim_reply_error (msg, 403, "Forbidden", NULL, "The control API is only served on loopback.");
          return;
        }

      /* A form body is merged into the query parameters for curl -d. */
      if (g_bytes_get_size (body) > 0 && sim_content_type_is (msg, "x-www-form-urlencoded"))
        {
          g_autoptr (GHashTable) form = sim_parse_form (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
          GHashTableIter         iter;
          gpointer               key, value;

          if (form == NULL)
            {
              sim_reply_error (msg, 400, "BadRequest", NULL, "The form body is malformed.");
              return;
            }
          g_hash_table_iter_init (&iter, form);
          while (g_hash_table_iter_next (&iter, &key, &value))
            if (!g_hash_table_contains (params, key))
              g_hash_table_insert (params, g_strdup (key), g_strdup (value));
        }

      ucwa_sim_control_handle (self, msg, path, params);
    }
  else
    {
      sim_reply_body (msg, SOUP_STATUS_NOT_FOUND, "text/plain", g_strdup ("Not Found\n"));
    }
}

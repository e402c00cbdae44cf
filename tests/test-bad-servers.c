/* test-bad-servers.c: the wrong servers a sign-in can meet, on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a user's server address can lead to besides a UCWA server: a port
 * nobody listens on (refused), a server that accepts and never answers
 * (timed out), a web server that is not Skype for Business.  Each runs on
 * the caller's thread-default main context.
 */

#include "config.h"

#include "test-bad-servers.h"

/* A TCP port on loopback that nobody listens on. */
guint16
test_closed_port (void)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  guint16                     port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_assert_cmpuint (port, >, 0);
  g_socket_listener_close (listener);
  return port;
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             GPtrArray         *held)
{
  /* Accept, read nothing, answer nothing: a server that hangs. */
  g_ptr_array_add (held, g_object_ref (connection));
  return TRUE;
}

/* A server that accepts connections (kept in @held, which must outlive it)
 * and never answers; *@url is its address.  Stop it with
 * test_hung_server_stop(). */
GSocketService *
test_hung_server_new (GPtrArray *held,
                      char     **url)
{
  GSocketService    *service = g_socket_service_new ();
  g_autoptr (GError) error = NULL;
  guint16            port;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), held);
  g_socket_service_start (service);
  *url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  return service;
}

void
test_hung_server_stop (GSocketService *service)
{
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
html_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  static const char page[] = "<!DOCTYPE html><html><body>It works!</body></html>";

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page, sizeof page - 1);
}

/* A web server that answers every path with an HTML page; *@url is its
 * address. */
SoupServer *
test_web_server_new (char **url)
{
  SoupServer        *server = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoslist (GUri) uris = NULL;

  soup_server_add_handler (server, NULL, html_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *url = g_strdup_printf ("http://127.0.0.1:%d/", g_uri_get_port (uris->data));
  return server;
}

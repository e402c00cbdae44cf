/* beckon-ucwa-sim.c: a standalone Skype for Business 2015 UCWA simulator
 *
 * Serves the UCWA 2.0 API on http://127.0.0.1:PORT/ (the autodiscovery
 * root, like https://lyncdiscover.contoso.com/), so that Beckon, or any UCWA
 * client, can sign in, keep an event channel and receive invitations
 * without a Skype for Business server.
 *
 *   beckon-ucwa-sim [--port N] [--user SIP] [--password P] [--name "Display"]
 *                   [--autopilot] [--token-lifetime S]
 *
 * The first line on stdout is the root URL.  It runs until SIGINT/SIGTERM.
 *
 * Control API (same server, loopback only, no token; parameters in the
 * query string or a form-encoded body; answers are JSON):
 *
 *   POST /_sim/im?from=sip:ada@contoso.com&name=Ada+Lovelace&message=Hi[&to=SIP]
 *        an incoming IM invitation → {"id":"<threadId>"} (409 if no
 *        application has called makeMeAvailable)
 *   POST /_sim/meeting?from=sip:grace@contoso.com&name=Grace+Hopper&subject=Planning[&to=SIP]
 *        an incoming meeting invitation → {"id":…}
 *   POST /_sim/message?id=ID&text=Hello          the remote party sends a message
 *   POST /_sim/typing?id=ID&typing=true|false    the remote party starts/stops typing
 *   POST /_sim/cancel?id=ID                      the inviter gives up
 *   POST /_sim/end?id=ID                         the remote party leaves
 *   POST /_sim/fault?name=<kebab-name>&times=N   e.g. events-service-unavailable,
 *        accept-callback-channel-error, token-expired (see ucwa-sim-server.h)
 *   GET  /_sim/status                            applications, conversations, counters
 *
 * Example:
 *   beckon-ucwa-sim --port 8080 &
 *   curl -X POST 'http://127.0.0.1:8080/_sim/im?message=Hello+there'
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "ucwa-sim-server.h"

static const char description[] =
  "Serves the Skype for Business 2015 UCWA 2.0 API on 127.0.0.1 (plain HTTP).\n"
  "The first line printed is the autodiscovery root URL; sign in with the\n"
  "user and password given.  Runs until SIGINT or SIGTERM.\n"
  "\n"
  "Control API (same port, loopback only, no token):\n"
  "  POST /_sim/im?from=SIP&name=NAME&message=TEXT[&to=SIP]  incoming IM -> {\"id\":...}\n"
  "  POST /_sim/meeting?from=SIP&name=NAME&subject=TEXT      incoming meeting invitation\n"
  "  POST /_sim/message?id=ID&text=TEXT                       remote message\n"
  "  POST /_sim/typing?id=ID&typing=true|false                remote typing\n"
  "  POST /_sim/cancel?id=ID                                  inviter gives up\n"
  "  POST /_sim/end?id=ID                                     remote party leaves\n"
  "  POST /_sim/fault?name=FAULT&times=N                      inject a fault, e.g.\n"
  "       events-service-unavailable, events-stall, accept-slow, token-expired\n"
  "  GET  /_sim/status                                        state and counters\n"
  "\n"
  "Example:\n"
  "  curl -X POST 'http://127.0.0.1:PORT/_sim/im?message=Hello+there'\n";

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);

  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError)         error = NULL;
  g_autoptr (UcwaSimServer)  server = NULL;
  g_autoptr (GMainLoop)      loop = NULL;
  g_autofree char           *root = NULL;
  g_autofree char           *user = NULL;
  g_autofree char           *password = NULL;
  g_autofree char           *name = NULL;
  int                        port = 0;
  int                        token_lifetime = 0;
  gboolean                   autopilot = FALSE;
  guint                      sigint;
  guint                      sigterm;
  GOptionEntry               entries[] = {
                  { "port", 'p', 0, G_OPTION_ARG_INT, &port, "TCP port on 127.0.0.1 (default: any free port)", "N" },
                  { "user", 'u', 0, G_OPTION_ARG_STRING, &user, "SIP URI of the user (default: sip:alice@contoso.com)", "SIP" },
                  { "password", 0, 0, G_OPTION_ARG_STRING, &password, "Password of the user (default: alice)", "P" },
                  { "name", 'n', 0, G_OPTION_ARG_STRING, &name, "Display name of the user (default: Alice Smith)", "NAME" },
                  { "autopilot", 'a', 0, G_OPTION_ARG_NONE, &autopilot,
                    "Play the remote parties: an IM 2 s after sign-in, replies, a meeting 20 s later", NULL },
                  { "token-lifetime", 0, 0, G_OPTION_ARG_INT, &token_lifetime, "expires_in of the tokens (default: 28800)", "S" },
                  { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("- a Skype for Business UCWA simulator");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context, description);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (port < 0 || port > G_MAXUINT16)
    {
      g_printerr ("--port must be between 0 and 65535\n");
      return 2;
    }
  if (token_lifetime < 0)
    {
      g_printerr ("--token-lifetime must not be negative\n");
      return 2;
    }

  server = ucwa_sim_server_new ();
  ucwa_sim_server_add_user (server,
                            user != NULL ? user : "sip:alice@contoso.com",
                            password != NULL ? password : "alice",
                            name != NULL ? name : "Alice Smith");
  if (token_lifetime > 0)
    ucwa_sim_server_set_token_lifetime (server, (guint) token_lifetime);
  ucwa_sim_server_set_autopilot (server, autopilot);

  if (!ucwa_sim_server_listen (server, (guint16) port, &error))
    {
      g_printerr ("Cannot listen on 127.0.0.1:%d: %s\n", port, error->message);
      return 1;
    }

  root = ucwa_sim_server_dup_root_url (server);
  g_print ("%s\n", root);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm = g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  return 0;
}

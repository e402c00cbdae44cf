/* beckon-ucwa-sim.c: a standalone Skype for Business 2015 UCWA simulator
 *
 * Serves the UCWA 2.0 API on http://127.0.0.1:PORT/ (the autodiscovery
 * root, like https://lyncdiscover.contoso.com/), so that Beckon, or any UCWA
 * client, can sign in, keep an event channel and receive invitations
 * without a Skype for Business server.
 *
 *   beckon-ucwa-sim [--port N] [--user SIP] [--password P] [--name "Display"]
 *                   [--autopilot] [--token-lifetime S] [--max-hold MS]
 *
 * The first line on stdout is the root URL (with --port 0, the port the
 * system picked).  It runs until SIGINT/SIGTERM.
 *
 * The control API (/_sim/…, same port, loopback only, no token) lets a
 * person or a test play the remote party; --help and GET /_sim/help list
 * every endpoint with its parameters (ucwa-sim-control.c).
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

#include "ucwa-sim-control.h"
#include "ucwa-sim-server.h"

static const char description_head[] =
  "Serves the Skype for Business 2015 UCWA 2.0 API on 127.0.0.1 (plain HTTP).\n"
  "The first line printed is the autodiscovery root URL (with --port 0, on the\n"
  "port the system picked); sign in with the user and password given.  Runs\n"
  "until SIGINT or SIGTERM.\n"
  "\n";

static const char description_tail[] =
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
  g_autofree char           *control_help = ucwa_sim_control_dup_help ();
  g_autofree char           *description = g_strconcat (description_head, control_help, description_tail, NULL);
  int                        port = 0;
  int                        token_lifetime = 0;
  int                        max_hold = 0;
  int                        lobby_hold = -1;
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
                  { "max-hold", 0, 0, G_OPTION_ARG_INT, &max_hold,
                    "Release an empty P-GET after at most MS milliseconds (default: the timeout the client asks, 180-1800 s)", "MS" },
                  { "lobby-hold", 0, 0, G_OPTION_ARG_INT, &lobby_hold,
                    "Keep the user S seconds in a meeting's lobby after an accept hit by the accept-lobby-hold fault (default: 3)", "S" },
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
  if (max_hold < 0)
    {
      g_printerr ("--max-hold must not be negative\n");
      return 2;
    }
  if (lobby_hold > G_MAXINT / 1000)
    {
      g_printerr ("--lobby-hold is too long\n");
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
  ucwa_sim_server_set_max_hold (server, (guint) max_hold);
  if (lobby_hold >= 0)
    ucwa_sim_server_set_lobby_hold (server, (guint) lobby_hold * 1000);

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

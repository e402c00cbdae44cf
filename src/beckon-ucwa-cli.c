/* beckon-ucwa-cli.c: the protocol library from a terminal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signs in, prints every invitation and message as it arrives, and
 * optionally accepts invitations.  `--demo` runs it against the embedded
 * simulator, whose autopilot colleague sends an IM and a meeting invitation.
 */

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "beckon-password.h"
#include "ucwa-error.h"
#include "ucwa-session.h"
#include "ucwa-sim-server.h"

typedef struct
{
  GMainLoop     *loop;
  UcwaSession   *session;
  UcwaSimServer *sim;
  gboolean       accept;
  int            status;
} Cli;

static const char *
state_name (UcwaSessionState state)
{
  switch (state)
    {
    case UCWA_SESSION_STATE_SIGNED_OUT:
      return "signed out";
    case UCWA_SESSION_STATE_SIGNING_IN:
      return "signing in";
    case UCWA_SESSION_STATE_ONLINE:
      return "online";
    case UCWA_SESSION_STATE_RECONNECTING:
      return "reconnecting";
    default:
      return "?";
    }
}

static void
say (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format,
     ...)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char      *stamp = g_date_time_format (now, "%H:%M:%S");
  g_autofree char      *text = NULL;
  va_list               args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_print ("[%s] %s\n", stamp, text);
}

static void
state_cb (UcwaSession *session,
          GParamSpec  *pspec,
          Cli         *cli)
{
  const GError *error = ucwa_session_get_error (session);

  say ("Session: %s%s%s", state_name (ucwa_session_get_state (session)),
       error ? " — " : "", error ? error->message : "");
}

static void
accept_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (UcwaInvitation) invitation = user_data;
  g_autoptr (GError)         error = NULL;

  if (ucwa_session_accept_finish (UCWA_SESSION (object), result, &error))
    say ("Accepted the invitation from %s", ucwa_invitation_get_from_name (invitation));
  else
    say ("Could not accept the invitation from %s: %s",
         ucwa_invitation_get_from_name (invitation), error->message);
}

static void
invitation_added_cb (UcwaModel      *model,
                     UcwaInvitation *invitation,
                     Cli            *cli)
{
  if (ucwa_invitation_get_kind (invitation) == UCWA_INVITATION_KIND_ONLINE_MEETING)
    say ("Meeting invitation from %s <%s>: “%s”", ucwa_invitation_get_from_name (invitation),
         ucwa_invitation_get_from_uri (invitation), ucwa_invitation_get_subject (invitation));
  else
    say ("Chat invitation from %s <%s>: “%s”", ucwa_invitation_get_from_name (invitation),
         ucwa_invitation_get_from_uri (invitation),
         ucwa_invitation_get_message (invitation) ? ucwa_invitation_get_message (invitation) : "");

  if (cli->accept)
    ucwa_session_accept_async (cli->session, invitation, NULL, accept_cb, g_object_ref (invitation));
}

static void
add_messaging_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (ucwa_session_add_messaging_finish (UCWA_SESSION (object), result, &error))
    say ("Joined the meeting's chat");
  else
    say ("Could not join the meeting's chat: %s", error->message);
}

static void
conversation_state_cb (UcwaConversation *conversation,
                       GParamSpec       *pspec,
                       Cli              *cli)
{
  UcwaConversationState state = ucwa_conversation_get_state (conversation);
  static const char    *names[] = { "Unknown", "Incoming", "Connecting", "Connected", "Conferencing",
                                    "Conferenced", "InLobby", "Disconnecting", "Disconnected" };

  say ("Conversation %s: %s", ucwa_conversation_get_title (conversation),
       state < G_N_ELEMENTS (names) ? names[state] : "?");

  if (state == UCWA_CONVERSATION_STATE_CONFERENCED && cli->accept &&
      ucwa_conversation_get_add_messaging_href (conversation) != NULL)
    ucwa_session_add_messaging_async (cli->session, conversation, NULL, add_messaging_cb, cli);
}

static void
conversation_added_cb (UcwaModel        *model,
                       UcwaConversation *conversation,
                       Cli              *cli)
{
  g_signal_connect_object (conversation, "notify::state", G_CALLBACK (conversation_state_cb), cli, 0);
}

static void
message_added_cb (UcwaModel        *model,
                  UcwaConversation *conversation,
                  UcwaMessage      *message,
                  Cli              *cli)
{
  say ("%s %s: %s", ucwa_message_get_direction (message) == UCWA_DIRECTION_INCOMING ? "←" : "→",
       ucwa_message_get_sender_name (message) ? ucwa_message_get_sender_name (message) : "me",
       ucwa_message_get_text (message));
}

static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Cli               *cli = user_data;
  g_autoptr (GError) error = NULL;

  if (!ucwa_session_sign_in_finish (UCWA_SESSION (object), result, &error))
    {
      g_printerr ("Could not sign in: %s\n", error->message);
      cli->status = 1;
      g_main_loop_quit (cli->loop);
      return;
    }
  say ("Signed in as %s (%s)", ucwa_session_get_display_name (cli->session),
       ucwa_session_get_user (cli->session));
}

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Cli               *cli = user_data;
  g_autoptr (GError) error = NULL;

  if (!ucwa_session_sign_out_finish (UCWA_SESSION (object), result, &error))
    g_printerr ("Sign-out: %s\n", error->message);
  else
    say ("Signed out");
  g_main_loop_quit (cli->loop);
}

static gboolean
quit_cb (gpointer user_data)
{
  Cli *cli = user_data;

  ucwa_session_sign_out_async (cli->session, NULL, sign_out_cb, cli);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  /* First of all, before anything could copy the environment. */
  g_autoptr (BeckonPassword) password = beckon_password_take_from_environment ("BECKON_PASSWORD");
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError)         error = NULL;
  g_autofree char           *server = NULL;
  g_autofree char           *user = NULL;
  g_autofree char           *root = NULL;
  gboolean                   demo = FALSE;
  int                        duration = 0;
  Cli                        cli = { 0 };
  GOptionEntry               entries[] = {
                  { "server", 's', 0, G_OPTION_ARG_STRING, &server, "Autodiscovery root URL (default: autodiscovery from the SIP address)", "URL" },
                  { "user", 'u', 0, G_OPTION_ARG_STRING, &user, "SIP address to sign in as", "SIP_ADDRESS" },
                  { "accept", 'a', 0, G_OPTION_ARG_NONE, &cli.accept, "Accept every invitation", NULL },
                  { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, "Run against the embedded simulator", NULL },
                  { "duration", 'd', 0, G_OPTION_ARG_INT, &duration, "Sign out and quit after this many seconds", "SECONDS" },
                  { NULL }
  };

  context = g_option_context_new ("— sign in to a UCWA server and print invitations");
  g_option_context_set_description (context,
                                    "The password is read from the BECKON_PASSWORD environment variable.\n"
                                    "With --demo an embedded simulator plays a colleague who invites you.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (demo)
    {
      cli.sim = ucwa_sim_server_new ();
      ucwa_sim_server_add_user (cli.sim, "sip:alice@contoso.com", "demo", "Alice Example");
      ucwa_sim_server_set_autopilot (cli.sim, TRUE);
      if (!ucwa_sim_server_listen (cli.sim, 0, &error))
        {
          g_printerr ("Could not start the simulator: %s\n", error->message);
          return 1;
        }
      root = ucwa_sim_server_dup_root_url (cli.sim);
      g_free (server);
      server = g_strdup (root);
      g_free (user);
      user = g_strdup ("sip:alice@contoso.com");
      beckon_password_free (password);
      password = beckon_password_new ("demo");
      cli.accept = TRUE;
      if (duration == 0)
        duration = 30;
      say ("Simulator listening at %s", root);
    }

  if (user == NULL || password == NULL)
    {
      g_printerr ("Give --user and set BECKON_PASSWORD, or use --demo.\n");
      return 2;
    }

  cli.loop = g_main_loop_new (NULL, FALSE);
  cli.session = ucwa_session_new ();
  g_signal_connect (cli.session, "notify::state", G_CALLBACK (state_cb), &cli);
  g_signal_connect (ucwa_session_get_model (cli.session), "invitation-added", G_CALLBACK (invitation_added_cb), &cli);
  g_signal_connect (ucwa_session_get_model (cli.session), "conversation-added", G_CALLBACK (conversation_added_cb), &cli);
  g_signal_connect (ucwa_session_get_model (cli.session), "message-added", G_CALLBACK (message_added_cb), &cli);
  g_unix_signal_add (SIGINT, quit_cb, &cli);
  g_unix_signal_add (SIGTERM, quit_cb, &cli);
  if (duration > 0)
    g_timeout_add_seconds (duration, quit_cb, &cli);

  say ("Signing in to %s as %s", server ? server : "(autodiscovery)", user);
  ucwa_session_sign_in_async (cli.session, server, user, password, NULL, sign_in_cb, &cli);
  /* The session keeps its own copy, for as long as it needs one. */
  g_clear_pointer (&password, beckon_password_free);
  g_main_loop_run (cli.loop);

  g_clear_object (&cli.session);
  g_clear_object (&cli.sim);
  g_main_loop_unref (cli.loop);
  return cli.status;
}

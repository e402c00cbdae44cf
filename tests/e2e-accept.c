/* e2e-accept.c: an invitation answered from a real notification daemon
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signs in to the simulator, lets an invitation ring and waits: the
 * notification goes to whatever owns org.freedesktop.Notifications (the
 * script tests/e2e-notification-daemon.sh starts notification-daemon and
 * clicks the popup's Accept button with xdotool).  Exits 0 once the
 * conversation window the app opens on "conversation-ready" is mapped; 1 if
 * the invitation ends any other way or nothing happens in time.
 */

#include "config.h"

#include <gtk/gtk.h>

#include "beckon-account-copy.h"
#include "beckon-account.h"
#include "beckon-conversation-window.h"
#include "beckon-notifier.h"
#include "ucwa-sim-server.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "e2e"

typedef struct
{
  GMainLoop     *loop;
  UcwaSimServer *sim;
  UcwaSession   *session;
  int            status;
  GtkWidget     *window;
} E2e;

static void
finish (E2e        *e2e,
        int         status,
        const char *message)
{
  if (!g_main_loop_is_running (e2e->loop))
    return;
  g_printerr ("e2e-accept: %s\n", message);
  e2e->status = status;
  g_main_loop_quit (e2e->loop);
}

static void
window_map_cb (GtkWidget *window,
               E2e       *e2e)
{
  /* The click reached the server as one accept, and the conversation the
   * window shows is the one the server connected. */
  g_assert_cmpuint (ucwa_sim_server_count_requests (e2e->sim, "POST", "/accept"), ==, 1);
  g_assert_cmpstr (beckon_conversation_window_get_state_text (BECKON_CONVERSATION_WINDOW (window)), ==, "Connected");
  finish (e2e, 0, "the conversation window is mapped and shows Connected");
}

/* As the application opens it: on the account's copy. */
static void
conversation_ready_cb (BeckonAccountCopy      *copy,
                       BeckonInvitationCopy   *item,
                       BeckonConversationCopy *conversation,
                       E2e                    *e2e)
{
  g_printerr ("e2e-accept: accepted, opening the conversation window\n");
  e2e->window = GTK_WIDGET (beckon_conversation_window_new (NULL, copy, conversation, item));
  g_signal_connect (e2e->window, "map", G_CALLBACK (window_map_cb), e2e);
  gtk_window_present (GTK_WINDOW (e2e->window));
}

static void
item_state_cb (BeckonInvitationItem *item,
               GParamSpec           *pspec,
               E2e                  *e2e)
{
  switch (beckon_invitation_item_get_state (item))
    {
    case BECKON_INVITATION_STATE_JOINING:
      g_printerr ("e2e-accept: joining\n");
      break;

    case BECKON_INVITATION_STATE_DECLINING:
    case BECKON_INVITATION_STATE_DECLINED:
      finish (e2e, 1, "the invitation was declined: the click hit Decline, not Accept");
      break;

    case BECKON_INVITATION_STATE_FAILED:
      g_printerr ("e2e-accept: accepting failed: %s\n", beckon_invitation_item_get_error_message (item));
      finish (e2e, 1, "accepting failed");
      break;

    case BECKON_INVITATION_STATE_MISSED:
    case BECKON_INVITATION_STATE_ANSWERED_ELSEWHERE:
      finish (e2e, 1, "the invitation ended without being accepted");
      break;

    case BECKON_INVITATION_STATE_NOT_JOINED:
      finish (e2e, 1, "the meeting was not joined");
      break;

    case BECKON_INVITATION_STATE_PENDING:
    case BECKON_INVITATION_STATE_IN_LOBBY:
    case BECKON_INVITATION_STATE_ACCEPTED:
    default:
      break;
    }
}

static void
invitation_added_cb (BeckonAccount        *account,
                     BeckonInvitationItem *item,
                     E2e                  *e2e)
{
  g_printerr ("e2e-accept: ringing: %s\n", beckon_invitation_item_get_summary (item));
  g_signal_connect (item, "notify::state", G_CALLBACK (item_state_cb), e2e);
}

static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  E2e               *e2e = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char   *id = NULL;

  if (!ucwa_session_sign_in_finish (UCWA_SESSION (object), result, &error))
    {
      g_printerr ("e2e-accept: sign-in failed: %s\n", error->message);
      finish (e2e, 1, "cannot sign in");
      return;
    }
  id = ucwa_sim_server_start_im_invitation (e2e->sim, NULL, "sip:ada@contoso.com", "Ada Lovelace",
                                            "Are you free for a minute?");
  if (id == NULL)
    finish (e2e, 1, "the simulator did not offer the invitation");
}

static gboolean
timeout_cb (gpointer user_data)
{
  finish (user_data, 1, "timed out: nobody clicked Accept");
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError)            error = NULL;
  g_autoptr (BeckonAccount)     account = NULL;
  g_autoptr (BeckonNotifier)    notifier = NULL;
  g_autoptr (BeckonCore)        core = beckon_core_new_inline ();
  g_autoptr (BeckonAccountCopy) copy = NULL;
  g_autofree char              *root = NULL;
  E2e                           e2e = { 0 };
  guint                         timeout_s = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 60;

  gtk_init ();

  e2e.loop = g_main_loop_new (NULL, FALSE);
  e2e.status = 1;

  e2e.sim = ucwa_sim_server_new ();
  ucwa_sim_server_add_user (e2e.sim, USER, PASSWORD, "Alice Example");
  /* The invitation rings until the click, however long the script takes. */
  ucwa_sim_server_set_invitation_timeout (e2e.sim, 0);
  if (!ucwa_sim_server_listen (e2e.sim, 0, &error))
    g_error ("%s", error->message);

  e2e.session = ucwa_session_new ();
  account = beckon_account_new (e2e.session);
  g_signal_connect (account, "invitation-added", G_CALLBACK (invitation_added_cb), &e2e);
  copy = beckon_account_copy_new (core, account);
  g_signal_connect (copy, "conversation-ready", G_CALLBACK (conversation_ready_cb), &e2e);
  notifier = beckon_notifier_new (account, "Beckon", APP_ID);

  root = ucwa_sim_server_dup_root_url (e2e.sim);
  ucwa_session_sign_in_async (e2e.session, root, USER, PASSWORD, NULL, sign_in_cb, &e2e);
  g_timeout_add_seconds (timeout_s, timeout_cb, &e2e);

  g_main_loop_run (e2e.loop);

  if (e2e.status == 0 && !beckon_notifier_get_has_actions (notifier))
    g_printerr ("e2e-accept: (the daemon has no actions capability?)\n");

  beckon_notifier_close_all (notifier);
  g_clear_object (&notifier);
  if (e2e.window != NULL)
    gtk_window_destroy (GTK_WINDOW (e2e.window));
  beckon_account_copy_disconnect (copy);
  g_clear_object (&copy);
  g_clear_object (&account);
  g_clear_object (&e2e.session);
  g_clear_object (&e2e.sim);
  g_main_loop_unref (e2e.loop);
  return e2e.status;
}

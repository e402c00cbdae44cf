/* test-signed-out.c: signed out while it rings, or while a chat is open
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The user signs out, or the server lets the application expire (410
 * InactiveApplicationExpired), while an IM invitation rings or while its
 * conversation window is open.  Nothing may be left with a button leading
 * to a dead link: the popup is withdrawn (a plain missed notice instead),
 * the list says why, the window says Disconnected with its composer
 * insensitive and a reason.  Signing in again starts clean.  Real
 * BeckonAccount, BeckonNotifier, BeckonInvitationRow and
 * BeckonConversationWindow objects against the simulator (real loopback
 * HTTP, notifier-fixture.c) and a fake notification server (a real private
 * session bus).
 */

#include "config.h"

#include <adwaita.h>

#include "beckon-account-copy.h"
#include "beckon-composer.h"
#include "beckon-conversation-window.h"
#include "beckon-invitation-row.h"
#include "fake-notification-server.h"
#include "notifier-fixture.h"
#include "test-util.h"

/* notifier-fixture.c's user */
#define USER     "sip:alice@contoso.com"
#define PASSWORD "correct horse battery staple"

typedef enum {
  BY_THE_USER,
  BY_THE_SERVER, /* 410 InactiveApplicationExpired */
} SignedOutBy;

/* What a test is given: one application for the whole run (registering
 * one per test fails on the bus), and who signs the user out. */
typedef struct
{
  GtkApplication *app;
  SignedOutBy     by;
} Setup;

typedef struct
{
  NotifierFixture         base; /* sim, session, account, notifier, items */
  FakeNotificationServer *server;
  GtkApplication         *app;
  GtkWindow              *window; /* the invitation list */
  GtkListBox             *list;
  GPtrArray              *after_sign_out; /* "METHOD path" the server got since the sign-out; NULL before */
  /* What the rows and the conversation windows show: the account's copy, from an inline core. */
  BeckonCore             *core;
  BeckonAccountCopy      *copy;
} Fixture;

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}

/* A part of a conversation window's composer: "text_view", "send_button". */
static gpointer
composer_child (gpointer    window,
                const char *name)
{
  return template_child (template_child (window, BECKON_TYPE_CONVERSATION_WINDOW, "composer"), BECKON_TYPE_COMPOSER,
                         name);
}

static void
request_cb (UcwaSimServer *sim,
            const char    *method,
            const char    *path,
            const char    *authorization,
            Fixture       *fixture)
{
  if (fixture->after_sign_out != NULL)
    g_ptr_array_add (fixture->after_sign_out, g_strdup_printf ("%s %s", method, path));
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  const Setup       *setup = data;
  g_autoptr (GError) error = NULL;

  fixture->app = g_object_ref (setup->app);
  fixture->server = fake_notification_server_new ();
  g_assert_true (fake_notification_server_start (fixture->server, &error));
  g_assert_no_error (error);
  notifier_fixture_set_up (&fixture->base);
  g_signal_connect (fixture->base.sim, "request", G_CALLBACK (request_cb), fixture);
  fixture->core = beckon_core_new_inline ();
  fixture->copy = beckon_account_copy_new (fixture->core, fixture->base.account);

  fixture->window = g_object_ref_sink (GTK_WINDOW (gtk_window_new ()));
  fixture->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->list));
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (fixture->base.sim, fixture);
  g_clear_pointer (&fixture->after_sign_out, g_ptr_array_unref);
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->window);
  beckon_account_copy_disconnect (fixture->copy);
  /* Stops the notifier's worker while the notification server is up. */
  notifier_fixture_tear_down (&fixture->base);
  g_clear_object (&fixture->copy);
  g_clear_pointer (&fixture->core, beckon_core_free);
  g_clear_pointer (&fixture->server, fake_notification_server_free);
  g_clear_object (&fixture->app);
}

/* Conditions */

static gboolean
copy_signed_out (gpointer copy)
{
  return beckon_account_copy_get_session_state (copy) == UCWA_SESSION_STATE_SIGNED_OUT;
}

/* A window of @conversation, as the application opens it: on the copies. */
static BeckonConversationWindow *
new_window (Fixture              *fixture,
            UcwaConversation     *conversation,
            BeckonInvitationItem *item)
{
  BeckonConversationCopy *copy = _beckon_account_copy_follow_conversation (fixture->copy, conversation);

  return beckon_conversation_window_new (fixture->app, fixture->copy, copy,
                                         _beckon_account_copy_follow_item (fixture->copy, item));
}

/* Open notifications offering Accept: buttons that lead to a link. */
static guint
count_open_with_accept (Fixture *fixture)
{
  g_autoptr (GPtrArray)  all = fake_notification_server_get_notifications (fixture->server);
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  guint                  n = 0;

  for (guint i = 0; i < all->len; i++)
    {
      FakeNotification            *record = g_ptr_array_index (all, i);
      g_autoptr (FakeNotification) current = NULL;

      if (!g_hash_table_add (seen, GUINT_TO_POINTER (record->id)) ||
          !fake_notification_server_is_open (fixture->server, record->id))
        continue;
      current = fake_notification_server_get_current (fixture->server, record->id);
      if (current != NULL && fake_notification_has_action (current, "accept"))
        n++;
    }
  return n;
}

static gboolean
rings (gpointer user_data)
{
  return count_open_with_accept (user_data) == 1;
}

static gboolean
missed_was_said (gpointer user_data)
{
  Fixture                     *fixture = user_data;
  g_autoptr (FakeNotification) missed = fake_notification_server_find_by_summary (fixture->server,
                                                                                  "Missed chat from Ada Lovelace");

  return count_open_with_accept (fixture) == 0 && missed != NULL;
}

static gboolean
session_signed_out (gpointer user_data)
{
  return ucwa_session_get_state (user_data) == UCWA_SESSION_STATE_SIGNED_OUT;
}

typedef struct
{
  BeckonAccountCopy    *copy;
  BeckonInvitationItem *item;
  GtkWidget            *row;
} RowWait;

static gboolean
item_copied (gpointer user_data)
{
  RowWait *wait = user_data;

  return beckon_account_copy_find_item (wait->copy, wait->item) != NULL;
}

/* The row shows what the account has now: its copy caught up. */
static gboolean
row_caught_up (gpointer user_data)
{
  RowWait              *wait = user_data;
  BeckonInvitationCopy *copy = beckon_invitation_row_get_item (BECKON_INVITATION_ROW (wait->row));

  return beckon_invitation_copy_get_state (copy) == beckon_invitation_item_get_state (wait->item) &&
         g_strcmp0 (beckon_invitation_copy_get_status_text (copy), beckon_invitation_item_get_status_text (wait->item)) == 0;
}

static void
wait_row (Fixture              *fixture,
          GtkWidget            *row,
          BeckonInvitationItem *item)
{
  RowWait wait = { fixture->copy, item, row };

  test_wait_until (row_caught_up, &wait, "the row to catch up");
}

/* A row for @item, as the invitation list makes one: for its copy. */
static GtkWidget *
new_row (Fixture              *fixture,
         BeckonInvitationItem *item)
{
  RowWait wait = { fixture->copy, item, NULL };

  test_wait_until (item_copied, &wait, "the item's copy");
  return beckon_invitation_row_new (fixture->copy, beckon_account_copy_find_item (fixture->copy, item));
}

/* Steps */

/* Ringing: its popup offers Accept, and its row is in the list. */
static BeckonInvitationItem *
receive_ringing (Fixture    *fixture,
                 const char *text,
                 GtkWidget **row_out)
{
  BeckonInvitationItem *item = notifier_fixture_receive_im (&fixture->base, "sip:ada@contoso.com", "Ada Lovelace",
                                                            text, NULL);
  GtkWidget            *row = new_row (fixture, item);

  gtk_list_box_prepend (fixture->list, row);
  test_wait_until (rings, fixture, "the invitation's popup with Accept");
  g_assert_cmpint (beckon_invitation_item_get_state (item), ==, BECKON_INVITATION_STATE_PENDING);
  if (row_out != NULL)
    *row_out = row;
  return item;
}

/* Accepted, and its conversation announced. */
static UcwaConversation *
accept_it (Fixture              *fixture,
           BeckonInvitationItem *item)
{
  guint n_ready = fixture->base.n_conversation_ready;

  beckon_account_accept (fixture->base.account, item);
  test_wait_for_count (&fixture->base.n_conversation_ready, n_ready + 1, "the conversation");
  g_assert_cmpint (beckon_invitation_item_get_state (item), ==, BECKON_INVITATION_STATE_ACCEPTED);
  g_assert_nonnull (beckon_invitation_item_get_conversation (item));
  return beckon_invitation_item_get_conversation (item);
}

static void
sign_out (Fixture    *fixture,
          SignedOutBy by)
{
  UcwaSession *session = fixture->base.session;

  if (by == BY_THE_USER)
    {
      g_autoptr (GAsyncResult) result = NULL;

      ucwa_session_sign_out_async (session, NULL, test_async_result_cb, &result);
      g_assert_true (ucwa_session_sign_out_finish (session, test_wait_result (&result), NULL));
    }
  else
    {
      ucwa_sim_server_inject_fault (fixture->base.sim, UCWA_SIM_FAULT_EVENTS_INACTIVE_EXPIRED, 1);
      test_wait_until (session_signed_out, session, "the application to expire");
    }
  g_assert_cmpint (ucwa_session_get_state (session), ==, UCWA_SESSION_STATE_SIGNED_OUT);
  /* The windows see it once the copies do. */
  test_wait_until (copy_signed_out, fixture->copy, "the copy to say signed out");
  /* From here on nothing may reach the server (the user's DELETE of the
   * application is done). */
  g_clear_pointer (&fixture->after_sign_out, g_ptr_array_unref);
  fixture->after_sign_out = g_ptr_array_new_with_free_func (g_free);
}

/* Nothing went to the server after the sign-out. */
static void
assert_nothing_sent_since_sign_out (Fixture *fixture)
{
  for (guint i = 0; i < fixture->after_sign_out->len; i++)
    g_test_message ("Sent after the sign-out: %s", (const char *) g_ptr_array_index (fixture->after_sign_out, i));
  g_assert_cmpuint (fixture->after_sign_out->len, ==, 0);
  g_clear_pointer (&fixture->after_sign_out, g_ptr_array_unref);
}

/* Signing in again starts clean: nothing rings, no conversation is left,
 * and a new invitation rings and is accepted as usual. */
static void
sign_in_again_and_accept (Fixture *fixture)
{
  UcwaSession             *session = fixture->base.session;
  g_autofree char         *root = ucwa_sim_server_dup_root_url (fixture->base.sim);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;

  assert_nothing_sent_since_sign_out (fixture);
  ucwa_session_sign_in_async (session, root, USER, PASSWORD, NULL, test_async_result_cb, &result);
  g_assert_true (ucwa_session_sign_in_finish (session, test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ucwa_model_get_conversations (ucwa_session_get_model (session))), ==, 0);
  g_assert_cmpuint (count_open_with_accept (fixture), ==, 0);
  for (guint i = 0; i < fixture->base.items->len; i++)
    g_assert_cmpint (beckon_invitation_item_get_state (g_ptr_array_index (fixture->base.items, i)), !=,
                     BECKON_INVITATION_STATE_PENDING);

  accept_it (fixture, receive_ringing (fixture, "Back again?", NULL));
}

/* Tests */

static void
test_signed_out_while_it_rings (Fixture      *fixture,
                                gconstpointer data)
{
  BeckonInvitationItem        *item;
  GtkWidget                   *row = NULL;
  g_autoptr (GError)           error = NULL;
  g_autoptr (FakeNotification) missed = NULL;

  item = receive_ringing (fixture, "Still there?", &row);
  sign_out (fixture, ((const Setup *) data)->by);

  /* The popup is withdrawn; a plain missed notice says it. */
  test_wait_until (missed_was_said, fixture, "the popup to go");
  missed = fake_notification_server_find_by_summary (fixture->server, "Missed chat from Ada Lovelace");
  g_assert_cmpuint (fake_notification_count_buttons (missed), ==, 0);

  /* The list: not answered, and why; no button left. */
  g_assert_cmpint (beckon_invitation_item_get_state (item), ==, BECKON_INVITATION_STATE_MISSED);
  g_assert_cmpstr (beckon_invitation_item_get_status_text (item), ==, "Missed: you were signed out");
  wait_row (fixture, row, item);
  g_assert_false (gtk_widget_get_visible (template_child (row, BECKON_TYPE_INVITATION_ROW, "button_box")));
  g_assert_false (gtk_widget_get_sensitive (template_child (row, BECKON_TYPE_INVITATION_ROW, "accept_button")));
  g_assert_true (gtk_widget_get_visible (template_child (row, BECKON_TYPE_INVITATION_ROW, "status_box")));
  g_assert_cmpstr (gtk_label_get_text (template_child (row, BECKON_TYPE_INVITATION_ROW, "status_label")), ==,
                   "Missed: you were signed out");
  g_assert_false (beckon_account_can_answer (fixture->base.account, item, BECKON_ANSWER_ACCEPT, &error));
  g_assert_error (error, BECKON_ANSWER_ERROR, BECKON_ANSWER_ERROR_OVER);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->base.sim, "POST", "/accept"), ==, 0);

  sign_in_again_and_accept (fixture);
}

static void
test_signed_out_while_a_chat_is_open (Fixture      *fixture,
                                      gconstpointer data)
{
  const Setup              *setup = data;
  BeckonInvitationItem     *item;
  UcwaConversation         *conversation;
  BeckonConversationWindow *window;
  GtkWidget                *entry;
  GtkLabel                 *status;

  item = receive_ringing (fixture, "Got a minute?", NULL);
  conversation = accept_it (fixture, item);
  window = new_window (fixture, conversation, item);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (beckon_conversation_window_get_state_text (window), ==, "Connected");
  entry = composer_child (window, "text_view");
  g_assert_true (gtk_widget_get_sensitive (entry));

  sign_out (fixture, setup->by);

  /* Disconnected, the history kept, nothing to type into, and why. */
  g_assert_cmpstr (beckon_conversation_window_get_state_text (window), ==, "Disconnected");
  g_assert_false (gtk_widget_get_sensitive (entry));
  g_assert_false (gtk_widget_get_sensitive (composer_child (window, "send_button")));
  g_assert_true (gtk_widget_get_visible (template_child (window, BECKON_TYPE_CONVERSATION_WINDOW, "composer_status")));
  status = template_child (window, BECKON_TYPE_CONVERSATION_WINDOW, "composer_status_label");
  g_assert_cmpstr (gtk_label_get_text (status), ==, "You are signed out: this conversation has ended");
  g_assert_cmpuint (g_list_model_get_n_items (ucwa_conversation_get_messages (conversation)), >=, 1);
  g_assert_cmpuint (count_open_with_accept (fixture), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  sign_in_again_and_accept (fixture);
}

typedef struct
{
  Fixture              *fixture;
  BeckonInvitationItem *item;
  BeckonInvitationState state;
  const char           *summary;
} EndWait;

/* The item ended in @state, and no notification about it offers a button. */
static gboolean
ended_quietly (gpointer user_data)
{
  EndWait                     *wait = user_data;
  g_autoptr (FakeNotification) popup = fake_notification_server_find_by_summary (wait->fixture->server,
                                                                                 wait->summary);
  g_autoptr (FakeNotification) current = NULL;

  if (beckon_invitation_item_get_state (wait->item) != wait->state || count_open_with_accept (wait->fixture) != 0)
    return FALSE;
  if (popup == NULL || !fake_notification_server_is_open (wait->fixture->server, popup->id))
    return TRUE;
  current = fake_notification_server_get_current (wait->fixture->server, popup->id);
  return current != NULL && fake_notification_count_buttons (current) == 0 &&
         g_strcmp0 (current->body, "Joining…") != 0 && g_strcmp0 (current->body, "Waiting in the lobby…") != 0;
}

/* The conversation window after the sign-out: Disconnected, nothing to type
 * into, why, and a button that only closes the window. */
static void
assert_window_disconnected (BeckonConversationWindow *window)
{
  GtkButton *leave = template_child (window, BECKON_TYPE_CONVERSATION_WINDOW, "leave_button");

  g_assert_cmpstr (beckon_conversation_window_get_state_text (window), ==, "Disconnected");
  g_assert_false (gtk_widget_get_sensitive (composer_child (window, "text_view")));
  g_assert_false (gtk_widget_get_sensitive (composer_child (window, "send_button")));
  g_assert_true (gtk_widget_get_visible (template_child (window, BECKON_TYPE_CONVERSATION_WINDOW, "composer_status")));
  g_assert_cmpstr (gtk_label_get_text (template_child (window, BECKON_TYPE_CONVERSATION_WINDOW, "composer_status_label")),
                   ==, "You are signed out: this conversation has ended");
  g_assert_cmpstr (gtk_button_get_label (leave), ==, "_Close");
}

/* A meeting accepted, the user waits in the lobby (the accept answered 204,
 * not admitted yet) with its window open; then signed out.  The wait ends
 * unadmitted, and says why: the sign-out, not "you left the lobby". */
static void
test_signed_out_while_waiting_in_the_lobby (Fixture      *fixture,
                                            gconstpointer data)
{
  const Setup              *setup = data;
  NotifierFixture          *fx = &fixture->base;
  BeckonInvitationItem     *item;
  BeckonConversationWindow *window;
  GtkWidget                *row;
  EndWait                   ended = { fixture, NULL, BECKON_INVITATION_STATE_NOT_JOINED,
                                      "Grace Hopper invites you to a meeting" };

  /* Far longer than the test: only the sign-out ends the wait. */
  ucwa_sim_server_set_lobby_hold (fx->sim, 600000);
  ucwa_sim_server_inject_fault (fx->sim, UCWA_SIM_FAULT_ACCEPT_LOBBY_HOLD, 1);
  item = notifier_fixture_receive_meeting (fx, "Release planning", NULL);
  row = new_row (fixture, item);
  gtk_list_box_prepend (fixture->list, row);
  test_wait_until (rings, fixture, "the meeting's popup with Accept");

  beckon_account_accept (fx->account, item);
  notifier_fixture_wait_for_state (fx, item, BECKON_INVITATION_STATE_IN_LOBBY);
  window = new_window (fixture, beckon_invitation_item_get_conversation (item), item);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (beckon_conversation_window_get_state_text (window), ==, "Waiting in the lobby…");

  sign_out (fixture, setup->by);

  ended.item = item;
  test_wait_until (ended_quietly, &ended, "the lobby wait to end, its popup quiet");
  g_assert_cmpstr (beckon_invitation_item_get_status_text (item), ==, "Not joined");
  g_assert_cmpstr (beckon_invitation_item_get_error_message (item), ==, "You were signed out");
  wait_row (fixture, row, item);
  g_assert_false (gtk_widget_get_visible (template_child (row, BECKON_TYPE_INVITATION_ROW, "button_box")));
  g_assert_cmpstr (gtk_label_get_text (template_child (row, BECKON_TYPE_INVITATION_ROW, "status_label")), ==,
                   "Not joined");
  g_assert_false (beckon_account_can_answer (fx->account, item, BECKON_ANSWER_ACCEPT, NULL));
  assert_window_disconnected (window);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fx->sim, "POST", "/accept"), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  sign_in_again_and_accept (fixture);
}

static gboolean
accept_arrived (gpointer sim)
{
  return ucwa_sim_server_count_requests (sim, "POST", "/accept") >= 1;
}

/* Accept clicked, and the server holds its answer (2 s): signed out while
 * the accept is in flight.  The invitation ends at once as missed, and why;
 * the answer is abandoned: it changes nothing and sends nothing. */
static void
test_signed_out_while_an_accept_is_in_flight (Fixture      *fixture,
                                              gconstpointer data)
{
  NotifierFixture      *fx = &fixture->base;
  BeckonInvitationItem *item;
  GtkWidget            *row = NULL;
  EndWait               ended = { fixture, NULL, BECKON_INVITATION_STATE_MISSED, "Ada Lovelace invites you to chat" };

  item = receive_ringing (fixture, "Quick question", &row);
  ucwa_sim_server_inject_fault (fx->sim, UCWA_SIM_FAULT_ACCEPT_SLOW, 1);
  beckon_account_accept (fx->account, item);
  test_wait_until (accept_arrived, fx->sim, "the accept at the server");
  g_assert_cmpint (beckon_invitation_item_get_state (item), ==, BECKON_INVITATION_STATE_JOINING);

  sign_out (fixture, ((const Setup *) data)->by);

  ended.item = item;
  test_wait_until (ended_quietly, &ended, "the invitation to end, its popup quiet");
  g_assert_cmpstr (beckon_invitation_item_get_status_text (item), ==, "Missed: you were signed out");
  wait_row (fixture, row, item);
  g_assert_false (gtk_widget_get_visible (template_child (row, BECKON_TYPE_INVITATION_ROW, "button_box")));
  g_assert_cmpstr (gtk_label_get_text (template_child (row, BECKON_TYPE_INVITATION_ROW, "status_label")), ==,
                   "Missed: you were signed out");
  g_assert_false (beckon_account_can_answer (fx->account, item, BECKON_ANSWER_ACCEPT, NULL));

  g_assert_cmpuint (fx->n_conversation_ready, ==, 0);

  sign_in_again_and_accept (fixture);
  g_assert_cmpint (beckon_invitation_item_get_state (item), ==, BECKON_INVITATION_STATE_MISSED);
  g_assert_cmpstr (beckon_invitation_item_get_status_text (item), ==, "Missed: you were signed out");
  g_assert_cmpuint (fx->n_conversation_ready, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GtkApplication) app = NULL;
  g_autoptr (GError)         error = NULL;
  Setup                      by_the_user = { NULL, BY_THE_USER };
  Setup                      by_the_server = { NULL, BY_THE_SERVER };

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  app = gtk_application_new ("io.github.beckon.BeckonTestSignedOut", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  by_the_user.app = by_the_server.app = app;

#define ADD(path, func, setup) g_test_add (path, Fixture, setup, fixture_set_up, func, fixture_tear_down)
  ADD ("/signed-out/by-the-user/while-an-im-rings", test_signed_out_while_it_rings, &by_the_user);
  ADD ("/signed-out/application-expired/while-an-im-rings", test_signed_out_while_it_rings, &by_the_server);
  ADD ("/signed-out/by-the-user/while-a-chat-is-open", test_signed_out_while_a_chat_is_open, &by_the_user);
  ADD ("/signed-out/application-expired/while-a-chat-is-open", test_signed_out_while_a_chat_is_open,
       &by_the_server);
  ADD ("/signed-out/by-the-user/while-waiting-in-the-lobby", test_signed_out_while_waiting_in_the_lobby,
       &by_the_user);
  ADD ("/signed-out/application-expired/while-waiting-in-the-lobby", test_signed_out_while_waiting_in_the_lobby,
       &by_the_server);
  ADD ("/signed-out/by-the-user/while-an-accept-is-in-flight", test_signed_out_while_an_accept_is_in_flight,
       &by_the_user);
  ADD ("/signed-out/application-expired/while-an-accept-is-in-flight", test_signed_out_while_an_accept_is_in_flight,
       &by_the_server);
#undef ADD

  return g_test_run ();
}

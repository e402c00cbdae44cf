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
 * HTTP) and a fake notification server (a real private session bus).
 */

#include "config.h"

#include <adwaita.h>

#include "beckon-account.h"
#include "beckon-conversation-window.h"
#include "beckon-invitation-row.h"
#include "beckon-notifier.h"
#include "fake-notification-server.h"
#include "sim-fixture.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "signed out test password"

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
  GtkApplication         *app;
  FakeNotificationServer *server;
  UcwaSimServer          *sim;
  UcwaSession            *session;
  BeckonAccount          *account;
  BeckonNotifier         *notifier;
  GtkWindow              *window;
  GtkListBox             *list;
  char                   *root;
  GPtrArray              *items; /* BeckonInvitationItem, as added */
  GPtrArray              *rows;  /* BeckonInvitationRow, one per item */
  guint                   n_ready;
} Fixture;

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}

static void
invitation_added_cb (BeckonAccount        *account,
                     BeckonInvitationItem *item,
                     Fixture              *fixture)
{
  GtkWidget *row = beckon_invitation_row_new (account, item);

  g_ptr_array_add (fixture->items, g_object_ref (item));
  g_ptr_array_add (fixture->rows, g_object_ref (row));
  gtk_list_box_prepend (fixture->list, row);
}

static void
conversation_ready_cb (BeckonAccount        *account,
                       BeckonInvitationItem *item,
                       UcwaConversation     *conversation,
                       Fixture              *fixture)
{
  fixture->n_ready++;
}

static void
sign_in (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (sim_fixture_sign_in (fixture->session, fixture->root, USER, PASSWORD, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->items = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->rows = g_ptr_array_new_with_free_func (g_object_unref);

  const Setup *setup = data;

  fixture->app = g_object_ref (setup->app);

  fixture->server = fake_notification_server_new ();
  g_assert_true (fake_notification_server_start (fixture->server, &error));
  g_assert_no_error (error);

  fixture->sim = sim_fixture_new_server (USER, PASSWORD);
  ucwa_sim_server_set_max_hold (fixture->sim, 2000);
  ucwa_sim_server_set_invitation_timeout (fixture->sim, 0);
  fixture->root = sim_fixture_listen (fixture->sim);

  fixture->session = sim_fixture_new_session ();
  fixture->account = beckon_account_new (fixture->session);
  g_signal_connect (fixture->account, "invitation-added", G_CALLBACK (invitation_added_cb), fixture);
  g_signal_connect (fixture->account, "conversation-ready", G_CALLBACK (conversation_ready_cb), fixture);
  fixture->notifier = beckon_notifier_new (fixture->account, "Beckon", "io.github.beckon.Beckon");

  fixture->window = g_object_ref_sink (GTK_WINDOW (gtk_window_new ()));
  fixture->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->list));
  gtk_window_present (fixture->window);

  sign_in (fixture);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (fixture->account, fixture);
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->window);
  g_clear_pointer (&fixture->rows, g_ptr_array_unref);
  /* Stops the worker thread while the notification server is up. */
  g_clear_object (&fixture->notifier);
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->sim);
  g_clear_pointer (&fixture->server, fake_notification_server_free);
  g_clear_pointer (&fixture->items, g_ptr_array_unref);
  g_clear_pointer (&fixture->root, g_free);
  g_clear_object (&fixture->app);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Conditions */

static BeckonInvitationItem *
item_at (Fixture *fixture,
         guint    i)
{
  g_assert_cmpuint (fixture->items->len, >, i);
  return g_ptr_array_index (fixture->items, i);
}

/* An open notification offering Accept: a button that would lead to the
 * invitation's link. */
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
has_items (gpointer user_data)
{
  Fixture *fixture = user_data;
  guint    n = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (fixture->session), "test-n-items"));

  return fixture->items->len >= n;
}

static gboolean
rings (gpointer user_data)
{
  Fixture *fixture = user_data;

  return count_open_with_accept (fixture) == 1;
}

static gboolean
is_signed_out (gpointer user_data)
{
  Fixture *fixture = user_data;

  return ucwa_session_get_state (fixture->session) == UCWA_SESSION_STATE_SIGNED_OUT;
}

static gboolean
nothing_rings (gpointer user_data)
{
  Fixture *fixture = user_data;

  return count_open_with_accept (fixture) == 0 &&
         fake_notification_server_find_by_summary (fixture->server, "Missed chat from Ada Lovelace") != NULL;
}

static gboolean
is_ready (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->n_ready >= 1;
}

/* Steps */

static BeckonInvitationItem *
receive_ringing (Fixture    *fixture,
                 const char *text)
{
  g_autofree char      *id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:ada@contoso.com",
                                                                  "Ada Lovelace", text);
  BeckonInvitationItem *item;

  g_assert_nonnull (id);
  g_object_set_data (G_OBJECT (fixture->session), "test-n-items", GUINT_TO_POINTER (fixture->items->len + 1));
  test_wait_until (has_items, fixture, "the invitation");
  item = item_at (fixture, fixture->items->len - 1);
  g_assert_cmpstr (beckon_invitation_item_get_body (item), ==, text);
  test_wait_until (rings, fixture, "the invitation's popup with Accept");
  g_assert_cmpint (beckon_invitation_item_get_state (item), ==, BECKON_INVITATION_STATE_PENDING);
  return item;
}

static void
sign_out (Fixture    *fixture,
          SignedOutBy by)
{
  if (by == BY_THE_USER)
    {
      g_autoptr (GAsyncResult) result = NULL;

      ucwa_session_sign_out_async (fixture->session, NULL, test_async_result_cb, &result);
      g_assert_true (ucwa_session_sign_out_finish (fixture->session, test_wait_result (&result), NULL));
    }
  else
    {
      ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_EVENTS_INACTIVE_EXPIRED, 1);
      test_wait_until (is_signed_out, fixture, "the application to expire");
    }
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_SIGNED_OUT);
}

/* Signing in again starts clean, and a new invitation rings and can be
 * accepted as usual. */
static void
sign_in_again_and_accept (Fixture *fixture)
{
  UcwaModel            *model = ucwa_session_get_model (fixture->session);
  BeckonInvitationItem *item;
  guint                 n_open;

  sign_in (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (ucwa_model_get_conversations (model)), ==, 0);
  g_assert_cmpuint (count_open_with_accept (fixture), ==, 0);
  for (guint i = 0; i < fixture->items->len; i++)
    g_assert_false (beckon_invitation_item_get_state (item_at (fixture, i)) == BECKON_INVITATION_STATE_PENDING);

  n_open = fake_notification_server_count_open (fixture->server);
  item = receive_ringing (fixture, "Back again?");
  g_assert_cmpuint (fake_notification_server_count_open (fixture->server), ==, n_open + 1);
  fixture->n_ready = 0;
  beckon_account_accept (fixture->account, item);
  test_wait_until (is_ready, fixture, "the new conversation");
  g_assert_cmpint (beckon_invitation_item_get_state (item), ==, BECKON_INVITATION_STATE_ACCEPTED);
}

/* Tests */

static void
test_signed_out_while_it_rings (Fixture      *fixture,
                                gconstpointer data)
{
  SignedOutBy                  by = ((const Setup *) data)->by;
  BeckonInvitationItem        *item;
  GtkWidget                   *row;
  g_autoptr (GError)           error = NULL;
  g_autoptr (FakeNotification) missed = NULL;

  item = receive_ringing (fixture, "Still there?");
  row = g_ptr_array_index (fixture->rows, 0);
  sign_out (fixture, by);

  /* The popup is withdrawn; a plain missed notice says it, once. */
  test_wait_until (nothing_rings, fixture, "the popup to go");
  missed = fake_notification_server_find_by_summary (fixture->server, "Missed chat from Ada Lovelace");
  g_assert_cmpuint (fake_notification_count_buttons (missed), ==, 0);

  /* The list: not answered, and why; no button left. */
  g_assert_cmpint (beckon_invitation_item_get_state (item), ==, BECKON_INVITATION_STATE_MISSED);
  g_assert_cmpstr (beckon_invitation_item_get_status_text (item), ==, "Missed: you were signed out");
  g_assert_false (gtk_widget_get_visible (child (row, BECKON_TYPE_INVITATION_ROW, "button_box")));
  g_assert_false (gtk_widget_get_sensitive (child (row, BECKON_TYPE_INVITATION_ROW, "accept_button")));
  g_assert_true (gtk_widget_get_visible (child (row, BECKON_TYPE_INVITATION_ROW, "status_box")));
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "status_label")), ==,
                   "Missed: you were signed out");
  g_assert_false (beckon_account_can_answer (fixture->account, item, BECKON_ANSWER_ACCEPT, &error));
  g_assert_error (error, BECKON_ANSWER_ERROR, BECKON_ANSWER_ERROR_OVER);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/accept"), ==, 0);

  sign_in_again_and_accept (fixture);
}

static void
test_signed_out_while_a_chat_is_open (Fixture      *fixture,
                                      gconstpointer data)
{
  SignedOutBy                          by = ((const Setup *) data)->by;
  BeckonInvitationItem                *item;
  UcwaConversation                    *conversation;
  g_autoptr (BeckonConversationWindow) window = NULL;
  GtkWidget                           *entry;
  GtkWidget                           *status;

  item = receive_ringing (fixture, "Got a minute?");
  beckon_account_accept (fixture->account, item);
  test_wait_until (is_ready, fixture, "the conversation");
  conversation = beckon_invitation_item_get_conversation (item);
  g_assert_nonnull (conversation);
  window = g_object_ref (beckon_conversation_window_new (fixture->app, fixture->session, conversation, item));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (beckon_conversation_window_get_state_text (window), ==, "Connected");
  entry = child (window, BECKON_TYPE_CONVERSATION_WINDOW, "entry");
  g_assert_true (gtk_widget_get_sensitive (entry));

  sign_out (fixture, by);

  /* Disconnected, the history kept, nothing to type into, and why. */
  g_assert_cmpstr (beckon_conversation_window_get_state_text (window), ==, "Disconnected");
  g_assert_false (gtk_widget_get_sensitive (entry));
  g_assert_false (gtk_widget_get_sensitive (child (window, BECKON_TYPE_CONVERSATION_WINDOW, "send_button")));
  status = child (window, BECKON_TYPE_CONVERSATION_WINDOW, "composer_status_label");
  g_assert_true (gtk_widget_get_visible (child (window, BECKON_TYPE_CONVERSATION_WINDOW, "composer_status")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==, "You are signed out: this conversation has ended");
  g_assert_cmpuint (g_list_model_get_n_items (ucwa_conversation_get_messages (conversation)), >=, 1);
  g_assert_cmpuint (count_open_with_accept (fixture), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  sign_in_again_and_accept (fixture);
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

#define ADD(path, func, setup) \
  g_test_add (path, Fixture, setup, fixture_set_up, func, fixture_tear_down)
  ADD ("/signed-out/by-the-user/while-an-im-rings", test_signed_out_while_it_rings, &by_the_user);
  ADD ("/signed-out/application-expired/while-an-im-rings", test_signed_out_while_it_rings, &by_the_server);
  ADD ("/signed-out/by-the-user/while-a-chat-is-open", test_signed_out_while_a_chat_is_open, &by_the_user);
  ADD ("/signed-out/application-expired/while-a-chat-is-open", test_signed_out_while_a_chat_is_open,
       &by_the_server);
#undef ADD

  return g_test_run ();
}

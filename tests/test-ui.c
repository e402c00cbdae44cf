/* test-ui.c: the windows against the simulator, over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "beckon-account.h"
#include "beckon-composer.h"
#include "beckon-conversation-window.h"
#include "beckon-conversation-window-private.h"
#include "beckon-enum-types.h"
#include "beckon-invitation-row.h"
#include "beckon-message-row.h"
#include "beckon-participant-list.h"
#include "beckon-window.h"
#include "beckon-window-private.h"
#include "sim-fixture.h"
#include "test-util.h"
#include "ucwa-error.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "correct horse battery staple"

typedef struct
{
  UcwaSimServer  *sim;
  UcwaSession    *session;
  BeckonAccount  *account;
  GtkApplication *app;
  BeckonWindow   *window;
  char           *root;

  GPtrArray  *answered;     /* "id:accepted" / "id:declined" */
  GHashTable *received;     /* texts the remote party received */
  guint       typing_posts; /* setIsTyping POSTs */
  guint       deletes;      /* DELETEs of a conversation */
  GPtrArray  *ready;        /* UcwaConversation, from "conversation-ready" */
} Fixture;

/* What a test starts from: one application for the whole run (a GApplication
 * ID can be registered once per process), signed in or not. */
typedef struct
{
  GtkApplication *app;
  gboolean        signed_out;
} Setup;

/* Helpers */

typedef gboolean (*Condition) (Fixture *fixture, gconstpointer data);

typedef struct
{
  Fixture      *fixture;
  Condition     cond;
  gconstpointer data;
} Wait;

static gboolean
wait_check (gpointer user_data)
{
  Wait *wait = user_data;

  return wait->cond (wait->fixture, wait->data);
}

/* Iterates the main loop until @cond holds. */
static void
wait_until (Fixture      *fixture,
            Condition     cond,
            gconstpointer data,
            const char   *what)
{
  Wait wait = { fixture, cond, data };

  test_wait_until (wait_check, &wait, what);
}

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
clicked_cb (GtkButton *button,
            guint     *n_clicked)
{
  (*n_clicked)++;
}

/* Activating a button "presses" it for a moment before it emits
 * ::clicked, as a keyboard user sees it: waits for that ::clicked (this
 * handler runs after the window's own). */
static void
press (gpointer widget)
{
  g_autoptr (GtkWidget) button = g_object_ref (widget);
  guint                 n_clicked = 0;
  gulong                handler;

  g_assert_true (GTK_IS_BUTTON (button));
  handler = g_signal_connect (button, "clicked", G_CALLBACK (clicked_cb), &n_clicked);
  g_assert_true (gtk_widget_activate (button));
  test_wait_for_count (&n_clicked, 1, "the button's ::clicked");
  g_assert_cmpuint (n_clicked, ==, 1);
  g_signal_handler_disconnect (button, handler);
}

static void
click (gpointer widget)
{
  g_assert_true (gtk_widget_is_sensitive (widget));
  press (widget);
}

/* Once this returns, every request the session had started has reached
 * the simulator: a GET through the same connection, answered.  The session
 * sends its requests in the order it starts them; used to show that some
 * request was NOT made. */
static void
sync_with_simulator (Fixture    *fixture,
                     const char *href)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;

  ucwa_connection_request_async (ucwa_session_get_connection (fixture->session), "GET", href, NULL, NULL,
                                 UCWA_REQUEST_AUTHENTICATED, NULL, test_async_result_cb, &result);
  response = ucwa_connection_request_finish (ucwa_session_get_connection (fixture->session),
                                             test_wait_result (&result), &error);
  /* Any answer of the server will do (a conversation that has gone is a
   * 404), but an answer it must be. */
  if (response == NULL)
    g_assert_true (error->domain == UCWA_ERROR);
}

static void
invitation_answered_cb (UcwaSimServer *sim,
                        const char    *id,
                        gboolean       accepted,
                        Fixture       *fixture)
{
  g_ptr_array_add (fixture->answered, g_strdup_printf ("%s:%s", id, accepted ? "accepted" : "declined"));
}

static void
message_received_cb (UcwaSimServer *sim,
                     const char    *id,
                     const char    *text,
                     Fixture       *fixture)
{
  g_hash_table_add (fixture->received, g_strdup (text));
}

static void
typing_received_cb (UcwaSimServer *sim,
                    const char    *id,
                    Fixture       *fixture)
{
  fixture->typing_posts++;
}

static void
request_cb (UcwaSimServer *sim,
            const char    *method,
            const char    *path,
            const char    *authorization,
            Fixture       *fixture)
{
  if (g_str_equal (method, "DELETE") && strstr (path, "/communication/conversations/") != NULL)
    fixture->deletes++;
}

static void
conversation_ready_cb (BeckonAccount        *account,
                       BeckonInvitationItem *item,
                       UcwaConversation     *conversation,
                       Fixture              *fixture)
{
  g_ptr_array_add (fixture->ready, g_object_ref (conversation));
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  const Setup       *setup = data;
  g_autoptr (GError) error = NULL;

  fixture->sim = sim_fixture_new_server (USER, PASSWORD);
  ucwa_sim_server_set_max_hold (fixture->sim, 2000);
  fixture->root = sim_fixture_listen (fixture->sim);

  fixture->answered = g_ptr_array_new_with_free_func (g_free);
  fixture->received = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->ready = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (fixture->sim, "invitation-answered", G_CALLBACK (invitation_answered_cb), fixture);
  g_signal_connect (fixture->sim, "message-received", G_CALLBACK (message_received_cb), fixture);
  g_signal_connect (fixture->sim, "typing-received", G_CALLBACK (typing_received_cb), fixture);
  g_signal_connect (fixture->sim, "request", G_CALLBACK (request_cb), fixture);

  fixture->session = sim_fixture_new_session ();

  fixture->app = g_object_ref (setup->app);

  fixture->window = g_object_ref_sink (beckon_window_new (fixture->app));
  gtk_window_present (GTK_WINDOW (fixture->window));

  if (setup->signed_out)
    return; /* the sign-in page test signs in by itself */

  g_assert_true (sim_fixture_sign_in (fixture->session, fixture->root, USER, PASSWORD, &error));
  g_assert_no_error (error);

  fixture->account = beckon_account_new (fixture->session);
  g_signal_connect (fixture->account, "conversation-ready", G_CALLBACK (conversation_ready_cb), fixture);
  beckon_window_set_account (fixture->window, fixture->account);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (fixture->sim, fixture);
  if (fixture->account != NULL)
    g_signal_handlers_disconnect_by_data (fixture->account, fixture);

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->app);
  g_clear_object (&fixture->sim);
  g_clear_pointer (&fixture->answered, g_ptr_array_unref);
  g_clear_pointer (&fixture->received, g_hash_table_unref);
  g_clear_pointer (&fixture->ready, g_ptr_array_unref);
  g_free (fixture->root);

  /* Let cancelled requests unwind before the next test. */
  test_drain_main_context ();
}

/* Conditions */

static gboolean
page_is (Fixture      *fixture,
         gconstpointer name)
{
  GtkStack *stack = child (fixture->window, BECKON_TYPE_WINDOW, "stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), name) == 0;
}

/* The row on screen for the account's @position-th invitation, if any. */
static GtkWidget *
row_at (Fixture *fixture,
        guint    position)
{
  GListModel                      *shown = G_LIST_MODEL (gtk_grid_view_get_model (beckon_window_get_invitation_list (fixture->window)));
  g_autoptr (BeckonInvitationItem) item = NULL;

  if (shown == NULL || position >= g_list_model_get_n_items (shown))
    return NULL;
  item = g_list_model_get_item (shown, position);
  return beckon_window_get_invitation_row (fixture->window, item);
}

/* The list shows @n invitations, and the last of them has its row (the
 * tests have few enough to be all on screen). */
static gboolean
n_rows_is (Fixture      *fixture,
           gconstpointer n)
{
  GListModel *shown = G_LIST_MODEL (gtk_grid_view_get_model (beckon_window_get_invitation_list (fixture->window)));
  guint       n_items = shown != NULL ? g_list_model_get_n_items (shown) : 0;

  return n_items == (guint) GPOINTER_TO_INT (n) &&
         (n_items == 0 || row_at (fixture, n_items - 1) != NULL);
}

static gboolean
was_answered (Fixture      *fixture,
              gconstpointer what)
{
  for (guint i = 0; i < fixture->answered->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->answered, i), what))
      return TRUE;
  return FALSE;
}

static gboolean
item_at_has_state (Fixture              *fixture,
                   guint                 position,
                   BeckonInvitationState state)
{
  g_autoptr (BeckonInvitationItem) item = g_list_model_get_item (beckon_account_get_invitations (fixture->account), position);

  return item != NULL && beckon_invitation_item_get_state (item) == state;
}

/* The newest invitation's state is... */
static gboolean
item_state_is (Fixture      *fixture,
               gconstpointer state)
{
  return item_at_has_state (fixture, 0, GPOINTER_TO_INT (state));
}

/* The one before it. */
static gboolean
item_state_is_at_1 (Fixture      *fixture,
                    gconstpointer state)
{
  return item_at_has_state (fixture, 1, GPOINTER_TO_INT (state));
}

static gboolean
remote_received (Fixture      *fixture,
                 gconstpointer text)
{
  return g_hash_table_contains (fixture->received, text);
}

static gboolean
has_ready_conversation (Fixture      *fixture,
                        gconstpointer data)
{
  return fixture->ready->len > 0;
}

static gboolean
typing_posts_at_least (Fixture      *fixture,
                       gconstpointer n)
{
  return fixture->typing_posts >= (guint) GPOINTER_TO_INT (n);
}

static gboolean
deletes_at_least (Fixture      *fixture,
                  gconstpointer n)
{
  return fixture->deletes >= (guint) GPOINTER_TO_INT (n);
}

/* Conversation-window conditions take the window as data. */

static gboolean
state_text_is (Fixture      *fixture,
               gconstpointer data)
{
  BeckonConversationWindow *window = (gpointer) data;
  GtkLabel                 *pill = child (window, BECKON_TYPE_CONVERSATION_WINDOW, "state_label");
  const char               *expected = g_object_get_data (G_OBJECT (window), "expected-state");

  return g_strcmp0 (beckon_conversation_window_get_state_text (window), expected) == 0 &&
         g_strcmp0 (gtk_label_get_text (pill), expected) == 0;
}

static BeckonComposer *
composer_of (BeckonConversationWindow *window)
{
  return child (window, BECKON_TYPE_CONVERSATION_WINDOW, "composer");
}

/* A part of the window's composer: "text_view", "send_button". */
static gpointer
composer_child (BeckonConversationWindow *window,
                const char               *name)
{
  return child (composer_of (window), BECKON_TYPE_COMPOSER, name);
}

static gboolean
can_send (Fixture      *fixture,
          gconstpointer data)
{
  return gtk_widget_is_sensitive (composer_child ((gpointer) data, "send_button")) &&
         gtk_widget_is_sensitive (composer_child ((gpointer) data, "text_view"));
}

static GtkWidget *
find_message_row (BeckonConversationWindow *window,
                  const char               *text)
{
  GtkListBox *list = child (window, BECKON_TYPE_CONVERSATION_WINDOW, "message_list");

  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      GtkLabel      *label;

      if (row == NULL)
        return NULL;
      g_assert_true (BECKON_IS_MESSAGE_ROW (row));
      label = child (row, BECKON_TYPE_MESSAGE_ROW, "text_label");
      if (g_strcmp0 (gtk_label_get_text (label), text) == 0)
        return GTK_WIDGET (row);
    }
}

static gboolean
message_listed (Fixture      *fixture,
                gconstpointer data)
{
  BeckonConversationWindow *window = (gpointer) data;

  return find_message_row (window, g_object_get_data (G_OBJECT (window), "expected-message")) != NULL;
}

static gboolean
typing_shown (Fixture      *fixture,
              gconstpointer data)
{
  GtkRevealer *revealer = child ((gpointer) data, BECKON_TYPE_CONVERSATION_WINDOW, "typing_revealer");

  return gtk_revealer_get_reveal_child (revealer);
}

static gboolean
typing_hidden (Fixture      *fixture,
               gconstpointer data)
{
  return !typing_shown (fixture, data);
}

static gboolean
window_gone (Fixture      *fixture,
             gconstpointer data)
{
  GWeakRef *ref = (gpointer) data;
  GObject  *object = g_weak_ref_get (ref);

  if (object == NULL)
    return TRUE;
  g_object_unref (object);
  return FALSE;
}

static void
expect_state (Fixture                  *fixture,
              BeckonConversationWindow *window,
              const char               *state)
{
  g_object_set_data_full (G_OBJECT (window), "expected-state", g_strdup (state), g_free);
  wait_until (fixture, state_text_is, window, state);
}

static void
expect_message (Fixture                  *fixture,
                BeckonConversationWindow *window,
                const char               *text)
{
  g_object_set_data_full (G_OBJECT (window), "expected-message", g_strdup (text), g_free);
  wait_until (fixture, message_listed, window, text);
}

/* Drives an invitation from the simulator to the open conversation window. */
static BeckonConversationWindow *
receive_and_accept (Fixture *fixture,
                    gboolean meeting,
                    char   **id_out)
{
  g_autofree char                 *id = NULL;
  g_autofree char                 *answer = NULL;
  g_autoptr (BeckonInvitationItem) item = NULL;
  GtkWidget                       *row;
  GtkWidget                       *accept;
  BeckonConversationWindow        *window;

  if (meeting)
    id = ucwa_sim_server_start_meeting_invitation (fixture->sim, NULL, "sip:grace@contoso.com",
                                                   "Grace Hopper", "Quarterly planning");
  else
    id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:ada@contoso.com",
                                              "Ada Lovelace", "Hi Alice, got a minute?");
  g_assert_nonnull (id);

  wait_until (fixture, page_is, "invitations", "the invitations page");
  wait_until (fixture, n_rows_is, GINT_TO_POINTER (1), "one invitation row");

  row = row_at (fixture, 0);
  g_assert_true (BECKON_IS_INVITATION_ROW (row));
  accept = child (row, BECKON_TYPE_INVITATION_ROW, "accept_button");
  g_assert_true (gtk_widget_get_visible (accept));
  g_assert_true (gtk_widget_is_sensitive (accept));
  g_assert_true (gtk_widget_is_sensitive (child (row, BECKON_TYPE_INVITATION_ROW, "decline_button")));
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "title_label")), ==,
                   meeting ? "Grace Hopper invites you to a meeting" : "Ada Lovelace invites you to chat");
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "body_label")), ==,
                   meeting ? "Quarterly planning" : "Hi Alice, got a minute?");
  g_assert_cmpstr (adw_avatar_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "avatar")), ==,
                   meeting ? "Grace Hopper" : "Ada Lovelace");

  click (accept);
  answer = g_strdup_printf ("%s:accepted", id);
  wait_until (fixture, was_answered, answer, "the simulator to receive the accept");
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/accept"), ==, 1);
  wait_until (fixture, item_state_is, GINT_TO_POINTER (BECKON_INVITATION_STATE_ACCEPTED), "the item to be accepted");
  wait_until (fixture, has_ready_conversation, NULL, "conversation-ready");

  /* Answered: the buttons go away, the state is said instead. */
  g_assert_false (gtk_widget_get_visible (child (row, BECKON_TYPE_INVITATION_ROW, "button_box")));
  g_assert_false (gtk_widget_is_sensitive (accept));
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "status_label")), ==, "Accepted");

  item = g_list_model_get_item (beckon_account_get_invitations (fixture->account), 0);
  g_assert_true (beckon_invitation_item_get_conversation (item) == g_ptr_array_index (fixture->ready, 0));
  window = beckon_conversation_window_new (fixture->app, fixture->session,
                                           beckon_invitation_item_get_conversation (item), item);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (beckon_conversation_window_get_conversation (window) == beckon_invitation_item_get_conversation (item));

  if (id_out != NULL)
    *id_out = g_steal_pointer (&id);
  return window;
}

/* Tests */

static void
sign_in_requested_cb (BeckonWindow *window,
                      const char   *server,
                      const char   *user,
                      const char   *password,
                      GPtrArray    *requests)
{
  g_ptr_array_add (requests, g_strdup_printf ("%s|%s|%s", server, user, password));
}

static void
test_sign_in_page (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr (GPtrArray) requests = g_ptr_array_new_with_free_func (g_free);
  GtkWidget            *button = child (fixture->window, BECKON_TYPE_WINDOW, "sign_in_button");
  GtkWidget            *error_label = child (fixture->window, BECKON_TYPE_WINDOW, "error_label");
  GtkEditable          *server = child (fixture->window, BECKON_TYPE_WINDOW, "server_row");
  GtkEditable          *user = child (fixture->window, BECKON_TYPE_WINDOW, "user_row");
  GtkEditable          *password = child (fixture->window, BECKON_TYPE_WINDOW, "password_row");
  GAction              *sign_out = g_action_map_lookup_action (G_ACTION_MAP (fixture->window), "sign-out");

  g_signal_connect (fixture->window, "sign-in-requested", G_CALLBACK (sign_in_requested_cb), requests);

  g_assert_true (page_is (fixture, "sign-in"));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_false (g_action_get_enabled (sign_out));

  /* Enter with the form incomplete signs nobody in. */
  gtk_editable_set_text (user, "alice@contoso.com");
  g_signal_emit_by_name (user, "entry-activated");
  g_assert_cmpuint (requests->len, ==, 0);

  gtk_editable_set_text (password, PASSWORD);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (password, "entry-activated");
  g_assert_cmpuint (requests->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (requests, 0), ==, "|alice@contoso.com|" PASSWORD);

  /* Busy until the application answers: even a press that goes all the
   * way to ::clicked asks for nothing. */
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_false (gtk_editable_get_editable (password));
  press (button);
  g_assert_cmpuint (requests->len, ==, 1);

  beckon_window_show_sign_in (fixture->window, "https://lyncdiscover.contoso.com/", NULL,
                              "The password is wrong");
  g_assert_true (page_is (fixture, "sign-in"));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, "The password is wrong");
  g_assert_cmpstr (gtk_editable_get_text (server), ==, "https://lyncdiscover.contoso.com/");
  g_assert_cmpstr (gtk_editable_get_text (user), ==, "alice@contoso.com");
  g_assert_true (gtk_widget_is_sensitive (button));

  click (button);
  g_assert_cmpuint (requests->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (requests, 1), ==,
                   "https://lyncdiscover.contoso.com/|alice@contoso.com|" PASSWORD);

  /* Signed in: the (empty) invitations, and Sign Out works. */
  {
    g_autoptr (GError)    error = NULL;
    g_autoptr (GPtrArray) signed_out = g_ptr_array_new ();

    g_assert_true (sim_fixture_sign_in (fixture->session, fixture->root, USER, PASSWORD, &error));
    fixture->account = beckon_account_new (fixture->session);
    beckon_window_set_account (fixture->window, fixture->account);
    g_assert_true (page_is (fixture, "empty"));
    g_assert_false (gtk_widget_get_visible (error_label));
    g_assert_true (g_action_get_enabled (sign_out));
    g_assert_false (gtk_revealer_get_reveal_child (child (fixture->window, BECKON_TYPE_WINDOW, "status_revealer")));

    g_signal_connect_swapped (fixture->window, "sign-out-requested", G_CALLBACK (g_ptr_array_add), signed_out);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sign-out", NULL));
    g_assert_cmpuint (signed_out->len, ==, 1);

    /* Signing out leaves no password behind. */
    beckon_window_show_sign_in (fixture->window, NULL, NULL, NULL);
    g_assert_true (page_is (fixture, "sign-in"));
    g_assert_cmpstr (gtk_editable_get_text (password), ==, "");
    g_assert_cmpstr (gtk_editable_get_text (user), ==, "alice@contoso.com");
  }
}

static gboolean
status_shows (Fixture      *fixture,
              gconstpointer text)
{
  GtkLabel    *label = child (fixture->window, BECKON_TYPE_WINDOW, "status_label");
  GtkRevealer *revealer = child (fixture->window, BECKON_TYPE_WINDOW, "status_revealer");

  return g_str_has_prefix (gtk_label_get_text (label), text) && gtk_revealer_get_reveal_child (revealer);
}

static gboolean
banner_hidden (Fixture      *fixture,
               gconstpointer data)
{
  return !gtk_revealer_get_reveal_child (child (fixture->window, BECKON_TYPE_WINDOW, "status_revealer"));
}

static void
test_status_banner (Fixture      *fixture,
                    gconstpointer data)
{
  GtkLabel *label = child (fixture->window, BECKON_TYPE_WINDOW, "status_label");

  g_assert_true (page_is (fixture, "empty"));
  g_assert_cmpstr (gtk_label_get_text (label), ==, beckon_account_get_status_text (fixture->account));
  g_assert_false (gtk_revealer_get_reveal_child (child (fixture->window, BECKON_TYPE_WINDOW, "status_revealer")));

  /* The server forgets us: the banner says so while the session recovers. */
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND, 1);
  wait_until (fixture, status_shows, "Reconnecting", "the reconnecting banner");

  /* …and goes once the session is back for good. */
  wait_until (fixture, banner_hidden, NULL, "the banner to go");
  g_assert_true (beckon_account_get_online (fixture->account));
  g_assert_cmpstr (gtk_label_get_text (label), ==, "Online");
}

static void
test_accept_chat (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr (BeckonConversationWindow) window = NULL;
  g_autofree char                     *id = NULL;
  g_autofree char                     *text = NULL;
  BeckonComposer                      *composer;
  GtkWidget                           *send;
  GtkWidget                           *row;
  GtkLabel                            *typing;
  GWeakRef                             ref;

  g_assert_true (page_is (fixture, "empty"));

  window = g_object_ref_sink (receive_and_accept (fixture, FALSE, &id));
  expect_state (fixture, window, "Connected");
  g_assert_cmpstr (adw_window_title_get_subtitle (child (window, BECKON_TYPE_CONVERSATION_WINDOW, "window_title")), ==, "Connected");
  g_assert_false (gtk_widget_get_visible (child (window, BECKON_TYPE_CONVERSATION_WINDOW, "participants_button")));
  g_assert_cmpstr (adw_window_title_get_title (child (window, BECKON_TYPE_CONVERSATION_WINDOW, "window_title")), ==, "Ada Lovelace");

  /* The first message came with the invitation. */
  expect_message (fixture, window, "Hi Alice, got a minute?");
  row = find_message_row (window, "Hi Alice, got a minute?");
  g_assert_true (gtk_widget_has_css_class (child (row, BECKON_TYPE_MESSAGE_ROW, "bubble"), "incoming"));
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_MESSAGE_ROW, "sender_label")), ==, "Ada Lovelace");

  /* Out: the composer clears at once, the message is listed and delivered. */
  wait_until (fixture, can_send, window, "the composer");
  composer = composer_of (window);
  send = composer_child (window, "send_button");
  beckon_composer_set_text (composer, "Sure, what's up? ✓");
  wait_until (fixture, typing_posts_at_least, GINT_TO_POINTER (1), "setIsTyping");
  click (send);
  text = beckon_composer_get_text (composer);
  g_assert_cmpstr (text, ==, "");
  row = find_message_row (window, "Sure, what's up? ✓");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_has_css_class (child (row, BECKON_TYPE_MESSAGE_ROW, "bubble"), "outgoing"));
  g_assert_false (gtk_widget_get_visible (child (row, BECKON_TYPE_MESSAGE_ROW, "sender_label")));
  wait_until (fixture, remote_received, "Sure, what's up? ✓", "the simulator to receive the message");

  /* Typing again within 8 s does not repeat setIsTyping. */
  beckon_composer_set_text (composer, "a");
  beckon_composer_set_text (composer, "ab");
  sync_with_simulator (fixture, ucwa_conversation_get_href (beckon_conversation_window_get_conversation (window)));
  g_assert_cmpuint (fixture->typing_posts, ==, 2);
  beckon_composer_set_text (composer, "abc");
  sync_with_simulator (fixture, ucwa_conversation_get_href (beckon_conversation_window_get_conversation (window)));
  g_assert_cmpuint (fixture->typing_posts, ==, 2);
  beckon_composer_set_text (composer, "");

  /* In. */
  g_assert_true (ucwa_sim_server_send_remote_message (fixture->sim, id, "Can you review my notes?"));
  expect_message (fixture, window, "Can you review my notes?");

  /* Typing. */
  typing = child (window, BECKON_TYPE_CONVERSATION_WINDOW, "typing_label");
  g_assert_false (typing_shown (fixture, window));
  g_assert_true (ucwa_sim_server_set_remote_typing (fixture->sim, id, TRUE));
  wait_until (fixture, typing_shown, window, "the typing indicator");
  g_assert_cmpstr (gtk_label_get_text (typing), ==, "Ada Lovelace is typing…");
  g_assert_true (ucwa_sim_server_set_remote_typing (fixture->sim, id, FALSE));
  wait_until (fixture, typing_hidden, window, "the typing indicator to go");

  /* Leave: DELETE, then the window closes. */
  g_weak_ref_init (&ref, window);
  click (child (window, BECKON_TYPE_CONVERSATION_WINDOW, "leave_button"));
  g_clear_object (&window);
  wait_until (fixture, deletes_at_least, GINT_TO_POINTER (1), "the conversation DELETE");
  wait_until (fixture, window_gone, &ref, "the window to close");
  g_weak_ref_clear (&ref);
  g_assert_cmpuint (fixture->deletes, ==, 1);
}

static void
test_close_leaves (Fixture      *fixture,
                   gconstpointer data)
{
  BeckonConversationWindow *window = receive_and_accept (fixture, FALSE, NULL);
  g_autofree char          *href = g_strdup (ucwa_conversation_get_href (beckon_conversation_window_get_conversation (window)));

  expect_state (fixture, window, "Connected");
  g_assert_cmpuint (fixture->deletes, ==, 0);

  /* Closed while connected: the conversation is left for the user. */
  gtk_window_close (GTK_WINDOW (window));
  wait_until (fixture, deletes_at_least, GINT_TO_POINTER (1), "the conversation DELETE");
  sync_with_simulator (fixture, href);
  g_assert_cmpuint (fixture->deletes, ==, 1);
}

static void
test_meeting (Fixture      *fixture,
              gconstpointer data)
{
  g_autoptr (BeckonConversationWindow) window = NULL;
  AdwWindowTitle                      *title;

  window = g_object_ref_sink (receive_and_accept (fixture, TRUE, NULL));
  expect_state (fixture, window, "Conferenced");

  title = child (window, BECKON_TYPE_CONVERSATION_WINDOW, "window_title");
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Quarterly planning");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "Conferenced");

  /* The account joins the chat by itself; then the composer opens. */
  wait_until (fixture, can_send, window, "the meeting chat");
  beckon_composer_set_text (composer_of (window), "Joining from Beckon");
  click (composer_child (window, "send_button"));
  wait_until (fixture, remote_received, "Joining from Beckon", "the meeting message");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Presses a key in the composer's text field, through the composer's own
 * key handler (GTK 4 makes no key events for a test).  Returns whether the
 * composer took the key. */
static gboolean
composer_press_key (BeckonConversationWindow *window,
                    guint                     keyval,
                    GdkModifierType           state)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (composer_child (window, "text_view"));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean                       handled = FALSE;

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller) ||
          g_strcmp0 (gtk_event_controller_get_name (controller), "beckon-composer-keys") != 0)
        continue;
      g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
      return handled;
    }
  g_assert_not_reached ();
}

static guint
n_messages (BeckonConversationWindow *window)
{
  return g_list_model_get_n_items (ucwa_conversation_get_messages (beckon_conversation_window_get_conversation (window)));
}

static int
natural_height (gpointer widget)
{
  int height = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, 400, NULL, &height, NULL, NULL);
  return height;
}

/* The text view lays out new text at idle: its height is news of a
 * layout done. */
static gboolean
text_view_height_is (Fixture      *fixture,
                     gconstpointer data)
{
  BeckonConversationWindow *window = (gpointer) data;

  return natural_height (composer_child (window, "text_view")) ==
         GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), "expected-height"));
}

/* The composer's height with @n_lines lines of text. */
static int
composer_height (Fixture                  *fixture,
                 BeckonConversationWindow *window,
                 guint                     n_lines)
{
  GtkTextView            *view = composer_child (window, "text_view");
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (view), "X");
  g_autoptr (GString)     text = g_string_new ("1");
  int                     line_height = 0;

  for (guint i = 2; i <= n_lines; i++)
    g_string_append_printf (text, "\n%u", i);
  pango_layout_get_pixel_size (layout, NULL, &line_height);
  beckon_composer_set_text (composer_of (window), text->str);
  g_object_set_data (G_OBJECT (window), "expected-height",
                     GINT_TO_POINTER (n_lines * line_height + gtk_text_view_get_top_margin (view) +
                                      gtk_text_view_get_bottom_margin (view)));
  wait_until (fixture, text_view_height_is, window, "the text to be laid out");
  return natural_height (composer_of (window));
}

static gboolean
composer_text_is (Fixture      *fixture,
                  gconstpointer data)
{
  BeckonConversationWindow *window = (gpointer) data;
  g_autofree char          *text = beckon_composer_get_text (composer_of (window));

  return g_strcmp0 (text, g_object_get_data (G_OBJECT (window), "expected-text")) == 0;
}

static void
test_composer (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr (BeckonConversationWindow) window = NULL;
  g_autofree char                     *href = NULL;
  g_autofree char                     *text = NULL;
  BeckonComposer                      *composer;
  GtkTextView                         *view;
  GtkTextBuffer                       *buffer;
  GtkTextIter                          end;
  guint                                before;
  int                                  one_line;
  int                                  three_lines;
  int                                  five_lines;

  window = g_object_ref_sink (receive_and_accept (fixture, FALSE, NULL));
  href = g_strdup (ucwa_conversation_get_href (beckon_conversation_window_get_conversation (window)));
  wait_until (fixture, can_send, window, "the composer");
  composer = composer_of (window);
  view = composer_child (window, "text_view");
  buffer = gtk_text_view_get_buffer (view);

  /* A send button that says what it does. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (composer_child (window, "send_button")), !=, NULL);
  g_assert_cmpstr (gtk_button_get_icon_name (composer_child (window, "send_button")), ==, "beckon-send-symbolic");
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window))),
                                          "beckon-send-symbolic"));

  /* Enter sends the whole text, its line breaks kept. */
  beckon_composer_set_text (composer, "First line\nsecond line\n\nafter an empty one");
  g_assert_true (composer_press_key (window, GDK_KEY_Return, 0));
  text = beckon_composer_get_text (composer);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  wait_until (fixture, remote_received, "First line\nsecond line\n\nafter an empty one",
              "the simulator to receive the lines");

  /* Shift+Enter starts a new line where the cursor is, and sends nothing. */
  before = n_messages (window);
  beckon_composer_set_text (composer, "Dear Ada,");
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  g_assert_true (composer_press_key (window, GDK_KEY_Return, GDK_SHIFT_MASK));
  g_assert_true (composer_press_key (window, GDK_KEY_KP_Enter, GDK_SHIFT_MASK));
  text = beckon_composer_get_text (composer);
  g_assert_cmpstr (text, ==, "Dear Ada,\n\n");
  g_clear_pointer (&text, g_free);
  gtk_text_buffer_insert_at_cursor (buffer, "thanks.", -1);
  g_assert_true (composer_press_key (window, GDK_KEY_KP_Enter, 0));
  wait_until (fixture, remote_received, "Dear Ada,\n\nthanks.", "the simulator to receive the letter");
  g_assert_cmpuint (n_messages (window), ==, before + 1);

  /* Nothing, or only white space: nothing goes, and Enter adds no line. */
  before = n_messages (window);
  beckon_composer_set_text (composer, "");
  g_assert_true (composer_press_key (window, GDK_KEY_Return, 0));
  beckon_composer_set_text (composer, "  \n\t \n");
  g_assert_true (composer_press_key (window, GDK_KEY_Return, 0));
  g_assert_false (beckon_composer_send (composer));
  text = beckon_composer_get_text (composer);
  g_assert_cmpstr (text, ==, "  \n\t \n");
  g_clear_pointer (&text, g_free);
  click (composer_child (window, "send_button"));
  sync_with_simulator (fixture, href);
  g_assert_cmpuint (n_messages (window), ==, before);
  g_assert_cmpuint (g_hash_table_size (fixture->received), ==, 2);

  /* Other keys are the text field's. */
  g_assert_false (composer_press_key (window, GDK_KEY_a, 0));
  g_assert_false (composer_press_key (window, GDK_KEY_Return, GDK_CONTROL_MASK));

  /* Pasted lines stay lines. */
  beckon_composer_set_text (composer, "");
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (view)), "pasted\nover two lines");
  g_signal_emit_by_name (view, "paste-clipboard");
  g_object_set_data (G_OBJECT (window), "expected-text", (gpointer) "pasted\nover two lines");
  wait_until (fixture, composer_text_is, window, "the paste");
  click (composer_child (window, "send_button"));
  wait_until (fixture, remote_received, "pasted\nover two lines", "the simulator to receive the paste");

  /* It grows with the text up to five lines, then scrolls. */
  one_line = composer_height (fixture, window, 1);
  three_lines = composer_height (fixture, window, 3);
  five_lines = composer_height (fixture, window, 5);
  g_assert_cmpint (one_line, <, three_lines);
  g_assert_cmpint (three_lines, <, five_lines);
  g_assert_cmpint (composer_height (fixture, window, 12), ==, five_lines);
  beckon_composer_set_text (composer, "");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
open_uri_cb (BeckonMessageRow *row,
             const char       *uri,
             GPtrArray        *opened)
{
  g_ptr_array_add (opened, g_strdup (uri));
  return TRUE;
}

static void
test_message_links (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr (BeckonConversationWindow) window = NULL;
  g_autoptr (GPtrArray)                opened = g_ptr_array_new_with_free_func (g_free);
  g_autofree char                     *id = NULL;
  const char                          *hostile = "\"><b>bold</b> javascript:alert(1) file:///etc/passwd";
  const char                          *linked = "Notes: https://contoso.com/notes?a=1&b=2, or mailto:ada@contoso.com.";
  GtkWidget                           *row;
  GtkLabel                            *label;
  gboolean                             handled = FALSE;

  window = g_object_ref_sink (receive_and_accept (fixture, FALSE, &id));
  expect_state (fixture, window, "Connected");

  /* Hostile text is shown as it came, with no markup and no link. */
  g_assert_true (ucwa_sim_server_send_remote_message (fixture->sim, id, hostile));
  expect_message (fixture, window, hostile);
  label = child (find_message_row (window, hostile), BECKON_TYPE_MESSAGE_ROW, "text_label");
  g_assert_cmpstr (gtk_label_get_text (label), ==, hostile);
  g_assert_null (strstr (gtk_label_get_label (label), "<b>"));
  g_assert_null (strstr (gtk_label_get_label (label), "<a"));

  /* Links are links, the text around them stays, and activating one opens
   * it through the row. */
  g_assert_true (ucwa_sim_server_send_remote_message (fixture->sim, id, linked));
  expect_message (fixture, window, linked);
  row = find_message_row (window, linked);
  label = child (row, BECKON_TYPE_MESSAGE_ROW, "text_label");
  g_assert_cmpstr (gtk_label_get_text (label), ==, linked);
  g_assert_nonnull (strstr (gtk_label_get_label (label),
                            "<a href=\"https://contoso.com/notes?a=1&amp;b=2\">"));
  g_assert_nonnull (strstr (gtk_label_get_label (label), "<a href=\"mailto:ada@contoso.com\">"));

  g_signal_connect (row, "open-uri", G_CALLBACK (open_uri_cb), opened);
  g_signal_emit_by_name (label, "activate-link", "https://contoso.com/notes?a=1&b=2", &handled);
  g_assert_true (handled);
  g_signal_emit_by_name (label, "activate-link", "mailto:ada@contoso.com", &handled);
  g_assert_cmpuint (opened->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (opened, 0), ==, "https://contoso.com/notes?a=1&b=2");
  g_assert_cmpstr (g_ptr_array_index (opened, 1), ==, "mailto:ada@contoso.com");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The participants the window lists and counts: the window's data
 * "expected-count" (the header's number) and "expected-row" ("POSITION:
 * STATUS", what that row says under the name). */
static gboolean
participants_shown (Fixture      *fixture,
                    gconstpointer data)
{
  BeckonConversationWindow *window = (gpointer) data;
  BeckonParticipantList    *list = child (window, BECKON_TYPE_CONVERSATION_WINDOW, "participant_list");
  GtkLabel                 *count = child (window, BECKON_TYPE_CONVERSATION_WINDOW, "participant_count_label");
  const char               *row = g_object_get_data (G_OBJECT (window), "expected-row");
  g_auto (GStrv)            parts = g_strsplit (row, ":", 2);

  return g_strcmp0 (gtk_label_get_text (count), g_object_get_data (G_OBJECT (window), "expected-count")) == 0 &&
         g_strcmp0 (beckon_participant_list_get_row_status (list, (guint) g_ascii_strtoull (parts[0], NULL, 10)),
                    parts[1]) == 0;
}

static void
expect_participants (Fixture                  *fixture,
                     BeckonConversationWindow *window,
                     const char               *count,
                     const char               *row)
{
  g_object_set_data_full (G_OBJECT (window), "expected-count", g_strdup (count), g_free);
  g_object_set_data_full (G_OBJECT (window), "expected-row", g_strdup (row), g_free);
  wait_until (fixture, participants_shown, window, row);
}

static void
test_meeting_participants (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr (BeckonConversationWindow) window = NULL;
  g_autofree char                     *id = NULL;
  GtkWidget                           *button;
  BeckonParticipantList               *list;

  window = g_object_ref_sink (receive_and_accept (fixture, TRUE, &id));
  expect_state (fixture, window, "Conferenced");
  button = child (window, BECKON_TYPE_CONVERSATION_WINDOW, "participants_button");
  list = child (window, BECKON_TYPE_CONVERSATION_WINDOW, "participant_list");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_nonnull (gtk_widget_get_tooltip_text (button));

  /* The organizer leads. */
  expect_participants (fixture, window, "1", "0:Leader");
  g_assert_null (beckon_participant_list_get_row_status (list, 1));

  /* Someone waits in the lobby, is let in, later leaves. */
  g_assert_true (ucwa_sim_server_set_meeting_participant (fixture->sim, id, "sip:carol@contoso.com", "Carol Shaw",
                                                          "lobby"));
  expect_participants (fixture, window, "2", "1:Attendee · In the lobby");
  g_assert_true (ucwa_sim_server_set_meeting_participant (fixture->sim, id, "sip:carol@contoso.com", "Carol Shaw",
                                                          "attendee"));
  expect_participants (fixture, window, "2", "1:Attendee");

  /* Who is typing, in the list too. */
  wait_until (fixture, can_send, window, "the meeting chat");
  g_assert_true (ucwa_sim_server_set_remote_typing (fixture->sim, id, TRUE));
  expect_participants (fixture, window, "2", "0:Leader · Typing…");
  g_assert_true (ucwa_sim_server_set_remote_typing (fixture->sim, id, FALSE));
  expect_participants (fixture, window, "2", "0:Leader");

  g_assert_true (ucwa_sim_server_set_meeting_participant (fixture->sim, id, "sip:carol@contoso.com", NULL, NULL));
  expect_participants (fixture, window, "1", "0:Leader");
  g_assert_null (beckon_participant_list_get_row_status (list, 1));

  /* Only a meeting has people to add. */
  g_assert_false (ucwa_sim_server_set_meeting_participant (fixture->sim, "no-such-thread", "sip:x@contoso.com", NULL,
                                                           "attendee"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The meeting's window opened on Join; the join fails: the window says why
 * and offers nothing but closing it. */
static void
test_meeting_join_fails (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr (BeckonConversationWindow) window = NULL;
  g_autoptr (BeckonInvitationItem)     item = NULL;
  GtkWidget                           *row;

  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_ACCEPT_CALLBACK_CHANNEL_ERROR, 1);
  g_free (ucwa_sim_server_start_meeting_invitation (fixture->sim, NULL, "sip:grace@contoso.com", "Grace Hopper",
                                                    "Quarterly planning"));
  wait_until (fixture, n_rows_is, GINT_TO_POINTER (1), "one invitation row");
  row = row_at (fixture, 0);
  g_assert_cmpstr (gtk_button_get_label (child (row, BECKON_TYPE_INVITATION_ROW, "accept_button")), ==, "Join");
  click (child (row, BECKON_TYPE_INVITATION_ROW, "accept_button"));

  /* Ready at once, while joining. */
  wait_until (fixture, has_ready_conversation, NULL, "conversation-ready");
  item = g_list_model_get_item (beckon_account_get_invitations (fixture->account), 0);
  window = g_object_ref_sink (beckon_conversation_window_new (fixture->app, fixture->session,
                                                              g_ptr_array_index (fixture->ready, 0), item));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (beckon_conversation_window_get_state_text (window), ==, "Joining…");
  g_assert_false (can_send (fixture, window));
  g_assert_true (gtk_widget_get_visible (child (window, BECKON_TYPE_CONVERSATION_WINDOW, "composer_status")));
  g_assert_cmpstr (gtk_label_get_text (child (window, BECKON_TYPE_CONVERSATION_WINDOW, "composer_status_label")), ==,
                   "Joining the meeting…");

  wait_until (fixture, item_state_is, GINT_TO_POINTER (BECKON_INVITATION_STATE_FAILED), "the join to fail");
  g_assert_cmpstr (beckon_conversation_window_get_state_text (window), ==,
                   beckon_invitation_item_get_status_text (item));
  g_assert_cmpstr (gtk_label_get_text (child (window, BECKON_TYPE_CONVERSATION_WINDOW, "composer_status_label")), ==,
                   beckon_invitation_item_get_error_message (item));
  g_assert_false (can_send (fixture, window));
  g_assert_cmpstr (gtk_button_get_label (child (window, BECKON_TYPE_CONVERSATION_WINDOW, "leave_button")), ==, "_Close");
  g_assert_cmpuint (fixture->ready->len, ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
session_state_is (Fixture      *fixture,
                  gconstpointer state)
{
  return ucwa_session_get_state (fixture->session) == (UcwaSessionState) GPOINTER_TO_INT (state);
}

static gboolean
connection_banner_hidden (Fixture      *fixture,
                          gconstpointer data)
{
  return !gtk_revealer_get_reveal_child (child ((gpointer) data, BECKON_TYPE_CONVERSATION_WINDOW, "connection_revealer"));
}

/* The account reconnects: the conversation says so, the composer stays,
 * what is written meanwhile waits visibly and goes out when it is back. */
static void
test_reconnecting (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr (BeckonConversationWindow) window = NULL;
  GtkRevealer                         *banner;
  GtkListBox                          *waiting;
  GtkListBoxRow                       *row;
  guint                                before;

  window = g_object_ref_sink (receive_and_accept (fixture, FALSE, NULL));
  expect_state (fixture, window, "Connected");
  wait_until (fixture, can_send, window, "the composer");
  banner = child (window, BECKON_TYPE_CONVERSATION_WINDOW, "connection_revealer");
  waiting = child (window, BECKON_TYPE_CONVERSATION_WINDOW, "waiting_list");
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (waiting)));

  /* The server is unavailable for a second. */
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_EVENTS_SERVICE_UNAVAILABLE, 1);
  wait_until (fixture, session_state_is, GINT_TO_POINTER (UCWA_SESSION_STATE_RECONNECTING), "the session to reconnect");
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (window, BECKON_TYPE_CONVERSATION_WINDOW, "connection_label")),
                                   "Reconnecting"));
  g_assert_true (can_send (fixture, window));

  before = n_messages (window);
  beckon_composer_set_text (composer_of (window), "Written while reconnecting");
  g_assert_true (composer_press_key (window, GDK_KEY_Return, 0));
  beckon_composer_set_text (composer_of (window), "And another one");
  g_assert_true (composer_press_key (window, GDK_KEY_Return, 0));
  g_assert_cmpuint (n_messages (window), ==, before);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (waiting)));
  row = gtk_list_box_get_row_at_index (waiting, 1);
  g_assert_nonnull (row);
  g_assert_null (gtk_list_box_get_row_at_index (waiting, 2));

  /* Back: both go, in order, and the banner goes. */
  wait_until (fixture, remote_received, "And another one", "the second waiting message");
  g_assert_true (remote_received (fixture, "Written while reconnecting"));
  g_assert_cmpuint (n_messages (window), ==, before + 2);
  {
    GListModel             *messages = ucwa_conversation_get_messages (beckon_conversation_window_get_conversation (window));
    g_autoptr (UcwaMessage) first = g_list_model_get_item (messages, before);
    g_autoptr (UcwaMessage) second = g_list_model_get_item (messages, before + 1);

    g_assert_cmpstr (ucwa_message_get_text (first), ==, "Written while reconnecting");
    g_assert_cmpstr (ucwa_message_get_text (second), ==, "And another one");
  }
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (waiting)));
  wait_until (fixture, connection_banner_hidden, window, "the banner to go");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
message_row_failed (Fixture      *fixture,
                    gconstpointer data)
{
  GtkWidget *row = (gpointer) data;

  return gtk_widget_get_visible (child (row, BECKON_TYPE_MESSAGE_ROW, "reason_label"));
}

/* A message the server takes but never confirms turns failed after the
 * window's bound, says why, keeps its text, and offers Retry, once. */
static void
test_send_not_confirmed (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr (BeckonConversationWindow) window = NULL;
  GtkWidget                           *row;
  GtkWidget                           *retry;
  guint                                before;

  window = g_object_ref_sink (receive_and_accept (fixture, FALSE, NULL));
  expect_state (fixture, window, "Connected");
  wait_until (fixture, can_send, window, "the composer");
  beckon_conversation_window_set_send_timeout (window, 200);

  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_SEND_MESSAGE_NO_COMPLETION, 1);
  before = n_messages (window);
  beckon_composer_set_text (composer_of (window), "Lost on the way");
  g_assert_true (composer_press_key (window, GDK_KEY_Return, 0));
  row = find_message_row (window, "Lost on the way");
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_MESSAGE_ROW, "time_label")), ==, "Sending…");

  wait_until (fixture, message_row_failed, row, "the message to turn failed");
  g_assert_cmpint (ucwa_message_get_status (beckon_message_row_get_message (BECKON_MESSAGE_ROW (row))), ==,
                   UCWA_MESSAGE_STATUS_PENDING);
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_MESSAGE_ROW, "time_label")), ==, "Not delivered");
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_MESSAGE_ROW, "reason_label")), ==,
                   "The server did not confirm in time. Try again in a moment.");
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_MESSAGE_ROW, "text_label")), ==, "Lost on the way");
  g_assert_true (gtk_widget_has_css_class (child (row, BECKON_TYPE_MESSAGE_ROW, "bubble"), "failed"));
  g_assert_false (remote_received (fixture, "Lost on the way"));

  /* Retry sends the text again, as a new message; the old row offers it no more. */
  retry = child (row, BECKON_TYPE_MESSAGE_ROW, "retry_button");
  g_assert_true (gtk_widget_get_visible (retry));
  click (retry);
  g_assert_false (gtk_widget_get_visible (retry));
  wait_until (fixture, remote_received, "Lost on the way", "the retried message");
  g_assert_cmpuint (n_messages (window), ==, before + 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_decline (Fixture      *fixture,
              gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;
  GtkWidget       *row;

  id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Lunch?");
  wait_until (fixture, n_rows_is, GINT_TO_POINTER (1), "one invitation row");
  row = row_at (fixture, 0);

  click (child (row, BECKON_TYPE_INVITATION_ROW, "decline_button"));
  answer = g_strdup_printf ("%s:declined", id);
  wait_until (fixture, was_answered, answer, "the simulator to receive the decline");
  wait_until (fixture, item_state_is, GINT_TO_POINTER (BECKON_INVITATION_STATE_DECLINED), "the item to be declined");
  g_assert_false (gtk_widget_get_visible (child (row, BECKON_TYPE_INVITATION_ROW, "button_box")));
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "status_label")), ==, "Declined");
  g_assert_cmpuint (fixture->ready->len, ==, 0);
}

static void
test_missed (Fixture      *fixture,
             gconstpointer data)
{
  g_autofree char *id = NULL;
  GtkWidget       *row;

  id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Still there?");
  wait_until (fixture, n_rows_is, GINT_TO_POINTER (1), "one invitation row");
  row = row_at (fixture, 0);

  g_assert_true (ucwa_sim_server_cancel_invitation (fixture->sim, id));
  wait_until (fixture, item_state_is, GINT_TO_POINTER (BECKON_INVITATION_STATE_MISSED), "the item to be missed");
  g_assert_false (gtk_widget_get_visible (child (row, BECKON_TYPE_INVITATION_ROW, "button_box")));
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "status_label")), ==, "Missed");
}

/* The list gives its rows other items as it scrolls: a row that showed an
 * invitation keeps nothing of it once it shows another. */
static void
test_recycled_row (Fixture      *fixture,
                   gconstpointer data)
{
  GListModel                      *invitations = beckon_account_get_invitations (fixture->account);
  g_autofree char                 *first_id = NULL;
  g_autoptr (BeckonInvitationItem) first = NULL;
  g_autoptr (BeckonInvitationItem) second = NULL;
  g_autoptr (GtkWidget)            row = NULL;

  first_id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Still there?");
  wait_until (fixture, n_rows_is, GINT_TO_POINTER (1), "one invitation row");
  g_free (ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:ada@contoso.com", "Ada Lovelace", "Lunch?"));
  wait_until (fixture, n_rows_is, GINT_TO_POINTER (2), "two invitation rows");
  /* Newest first. */
  first = g_list_model_get_item (invitations, 1);
  second = g_list_model_get_item (invitations, 0);

  row = g_object_ref_sink (beckon_invitation_row_new (fixture->account, first));
  g_assert_cmpuint (g_signal_handler_find (first, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, row), !=, 0);
  beckon_invitation_row_bind (BECKON_INVITATION_ROW (row), fixture->account, second);
  g_assert_true (beckon_invitation_row_get_item (BECKON_INVITATION_ROW (row)) == second);
  g_assert_cmpuint (g_signal_handler_find (first, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, row), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "title_label")), ==,
                   "Ada Lovelace invites you to chat");
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "body_label")), ==, "Lunch?");
  g_assert_cmpstr (adw_avatar_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "avatar")), ==, "Ada Lovelace");

  /* What becomes of the first invitation no longer reaches the row. */
  g_assert_true (ucwa_sim_server_cancel_invitation (fixture->sim, first_id));
  wait_until (fixture, item_state_is_at_1, GINT_TO_POINTER (BECKON_INVITATION_STATE_MISSED), "the first item to be missed");
  g_assert_true (gtk_widget_get_visible (child (row, BECKON_TYPE_INVITATION_ROW, "button_box")));
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "title_label")), ==,
                   "Ada Lovelace invites you to chat");
  g_assert_cmpstr (adw_avatar_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "avatar")), ==, "Ada Lovelace");

  /* Unbound, it lets go of the second too. */
  beckon_invitation_row_bind (BECKON_INVITATION_ROW (row), NULL, NULL);
  g_assert_null (beckon_invitation_row_get_item (BECKON_INVITATION_ROW (row)));
  g_assert_cmpuint (g_signal_handler_find (second, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, row), ==, 0);
}

static void
test_accept_fails (Fixture      *fixture,
                   gconstpointer data)
{
  GtkWidget *row;
  GtkLabel  *status;

  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_ACCEPT_CALLBACK_CHANNEL_ERROR, 1);
  g_free (ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Hello?"));
  wait_until (fixture, n_rows_is, GINT_TO_POINTER (1), "one invitation row");
  row = row_at (fixture, 0);

  click (child (row, BECKON_TYPE_INVITATION_ROW, "accept_button"));
  wait_until (fixture, item_state_is, GINT_TO_POINTER (BECKON_INVITATION_STATE_FAILED), "the accept to fail");

  /* The error is said in red, with an icon. */
  status = child (row, BECKON_TYPE_INVITATION_ROW, "status_label");
  g_assert_true (gtk_widget_get_visible (child (row, BECKON_TYPE_INVITATION_ROW, "status_box")));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));
  g_assert_true (gtk_widget_get_visible (child (row, BECKON_TYPE_INVITATION_ROW, "status_icon")));
  g_assert_cmpstr (gtk_label_get_text (status), !=, "");
}

/* Mapped and allocated: a frame has laid it out. */
static gboolean
is_laid_out (Fixture      *fixture,
             gconstpointer widget)
{
  return gtk_widget_get_mapped ((GtkWidget *) widget) && gtk_widget_get_height ((GtkWidget *) widget) > 0;
}

static void
test_select_invitation (Fixture      *fixture,
                        gconstpointer data)
{
  GListModel                      *invitations = beckon_account_get_invitations (fixture->account);
  const char                      *names[] = { "Ada Lovelace", "Bob Builder", "Grace Hopper", "Linus Pauling", "Marie Curie", "Alan Turing" };
  g_autoptr (BeckonInvitationItem) oldest = NULL;
  GtkWidget                       *row;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *uri = g_strdup_printf ("sip:user%u@contoso.com", i);

      g_free (ucwa_sim_server_start_im_invitation (fixture->sim, NULL, uri, names[i], "Hello"));
      wait_until (fixture, n_rows_is, GINT_TO_POINTER (i + 1), "another invitation row");
    }

  /* Newest first: the oldest is at the bottom, out of view. */
  oldest = g_list_model_get_item (invitations, G_N_ELEMENTS (names) - 1);
  g_assert_cmpstr (beckon_invitation_item_get_inviter (oldest), ==, "Ada Lovelace");
  row = row_at (fixture, G_N_ELEMENTS (names) - 1);
  wait_until (fixture, is_laid_out, row, "the oldest row to be laid out");

  beckon_window_select_invitation (fixture->window, oldest);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) == row);
  g_assert_true (beckon_invitation_row_get_item (BECKON_INVITATION_ROW (row)) == oldest);
}

static void
test_window_size (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr (GSettings) settings = g_settings_new ("io.github.beckon.Beckon");
  BeckonWindow         *window;
  int                   width = 0;
  int                   height = 0;

  /* Closing remembers the size; the next window starts with it. */
  window = beckon_window_new (fixture->app);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 540);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (fixture, is_laid_out, window, "the window to be shown");
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 720);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 540);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = beckon_window_new (fixture->app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 720);
  g_assert_cmpint (height, ==, 540);
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GtkApplication) app = NULL;
  g_autoptr (GError)         error = NULL;
  Setup                      signed_in = { NULL, FALSE };
  Setup                      signed_out = { NULL, TRUE };

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  app = gtk_application_new ("io.github.beckon.BeckonTestUi", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  signed_in.app = signed_out.app = app;

#define ADD(path, func) g_test_add (path, Fixture, &signed_in, fixture_set_up, func, fixture_tear_down)
  g_test_add ("/ui/sign-in-page", Fixture, &signed_out, fixture_set_up, test_sign_in_page, fixture_tear_down);
  ADD ("/ui/status-banner", test_status_banner);
  ADD ("/ui/accept-chat", test_accept_chat);
  ADD ("/ui/close-leaves", test_close_leaves);
  ADD ("/ui/meeting", test_meeting);
  ADD ("/ui/meeting-participants", test_meeting_participants);
  ADD ("/ui/meeting-join-fails", test_meeting_join_fails);
  ADD ("/ui/reconnecting", test_reconnecting);
  ADD ("/ui/send-not-confirmed", test_send_not_confirmed);
  ADD ("/ui/composer", test_composer);
  ADD ("/ui/message-links", test_message_links);
  ADD ("/ui/decline", test_decline);
  ADD ("/ui/missed", test_missed);
  ADD ("/ui/accept-fails", test_accept_fails);
  ADD ("/ui/recycled-row", test_recycled_row);
  ADD ("/ui/select-invitation", test_select_invitation);
  ADD ("/ui/window-size", test_window_size);
#undef ADD

  return g_test_run ();
}

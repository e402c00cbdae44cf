/* test-conversation-window.c: the conversation window against the simulator,
 * over real HTTP: messages both ways, typing, the composer, links, meetings
 * and their participants, the connection, leaving, closing (what it asks),
 * the keyboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "beckon-message-view.h"
#include "beckon-preferences-window.h"
#include "ui-fixture.h"

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

static BeckonMessageView *
message_view_of (BeckonConversationWindow *window)
{
  return child (window, BECKON_TYPE_CONVERSATION_WINDOW, "message_view");
}

static GtkWidget *
find_message_row (BeckonConversationWindow *window,
                  const char               *text)
{
  BeckonMessageRow *row = beckon_message_view_find_row (message_view_of (window), text);
  GtkLabel         *label;

  if (row == NULL)
    return NULL;
  g_assert_true (BECKON_IS_MESSAGE_ROW (row));
  label = child (row, BECKON_TYPE_MESSAGE_ROW, "text_label");
  return g_strcmp0 (gtk_label_get_text (label), text) == 0 ? GTK_WIDGET (row) : NULL;
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

static gboolean
copy_has_one_invitation (Fixture      *fixture,
                         gconstpointer data)
{
  return g_list_model_get_n_items (beckon_account_copy_get_invitations (fixture->copy)) == 1;
}

static gboolean
copy_item_accepted (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr (BeckonInvitationCopy) item = g_list_model_get_item (beckon_account_copy_get_invitations (fixture->copy), 0);

  return beckon_invitation_copy_get_state (item) == BECKON_INVITATION_STATE_ACCEPTED;
}

/* With the core on its thread (no main window to click in): accepted
 * through the account's copy, as the invitation row does, and the window
 * opened on the copy's "conversation-ready", as the application does. */
static BeckonConversationWindow *
accept_on_copy (Fixture    *fixture,
                const char *id)
{
  g_autofree char                 *answer = g_strdup_printf ("%s:accepted", id);
  g_autoptr (BeckonInvitationCopy) item = NULL;
  g_autoptr (GError)               error = NULL;
  BeckonConversationWindow        *window;

  wait_until (fixture, copy_has_one_invitation, NULL, "the copy to list the invitation");
  item = g_list_model_get_item (beckon_account_copy_get_invitations (fixture->copy), 0);
  g_assert_true (beckon_account_copy_answer (fixture->copy, item, BECKON_ANSWER_ACCEPT, &error));
  g_assert_no_error (error);
  wait_until (fixture, was_answered, answer, "the simulator to receive the accept");
  wait_until (fixture, copy_item_accepted, NULL, "the copy of the item to be accepted");
  window = ui_fixture_new_conversation_window (fixture, 0);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (beckon_conversation_window_get_conversation (window) == beckon_invitation_copy_get_conversation (item));
  return window;
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
  if (fixture->threaded)
    {
      window = accept_on_copy (fixture, id);
      if (id_out != NULL)
        *id_out = g_steal_pointer (&id);
      return window;
    }

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
  window = ui_fixture_new_conversation_window (fixture, 0);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ui_fixture_core_conversation (fixture, window) == beckon_invitation_item_get_conversation (item));

  if (id_out != NULL)
    *id_out = g_steal_pointer (&id);
  return window;
}

/* Tests */

static void
test_accept_chat (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr (BeckonConversationWindow) window = NULL;
  g_autofree char                     *id = NULL;
  g_autofree char                     *text = NULL;
  g_autofree char                     *href = NULL;
  BeckonComposer                      *composer;
  GtkWidget                           *send;
  GtkWidget                           *row;
  GtkLabel                            *typing;
  GWeakRef                             ref;

  /* The main window shows the account's invitations (not on a core
   * thread: it takes the account itself, not its copy, as yet). */
  if (!fixture->threaded)
    g_assert_true (page_is (fixture, "empty"));

  window = g_object_ref_sink (receive_and_accept (fixture, FALSE, &id));
  href = ui_fixture_conversation_href (fixture, window);
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
  /* Listed once the core's turn is copied. */
  ui_fixture_sync_core (fixture);
  row = find_message_row (window, "Sure, what's up? ✓");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_has_css_class (child (row, BECKON_TYPE_MESSAGE_ROW, "bubble"), "outgoing"));
  g_assert_false (gtk_widget_get_visible (child (row, BECKON_TYPE_MESSAGE_ROW, "sender_label")));
  wait_until (fixture, remote_received, "Sure, what's up? ✓", "the simulator to receive the message");

  /* Typing again within 8 s does not repeat setIsTyping. */
  beckon_composer_set_text (composer, "a");
  beckon_composer_set_text (composer, "ab");
  ui_fixture_sync_core (fixture);
  sync_with_simulator (fixture, href);
  g_assert_cmpuint (fixture->typing_posts, ==, 2);
  beckon_composer_set_text (composer, "abc");
  ui_fixture_sync_core (fixture);
  sync_with_simulator (fixture, href);
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

/* The toplevel of @type shown for @window (transient for it), if any. */
static GtkWindow *
shown_for (gpointer window,
           GType    type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      /* GTK's list of toplevels holds it. */
      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_window_get_transient_for (toplevel) == window &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

static AdwMessageDialog *
close_dialog_of (BeckonConversationWindow *window)
{
  return (AdwMessageDialog *) shown_for (window, ADW_TYPE_MESSAGE_DIALOG);
}

static gboolean
no_close_dialog (Fixture      *fixture,
                 gconstpointer window)
{
  return close_dialog_of ((gpointer) window) == NULL;
}

/* The button below @widget that reads @label, if any. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Ctrl+W on a live conversation: the dialog asks; answered @response,
 * with "Don't ask again" ticked or not. */
static void
close_and_answer (Fixture                  *fixture,
                  BeckonConversationWindow *window,
                  const char               *response,
                  gboolean                  dont_ask_again)
{
  AdwMessageDialog *dialog;
  GtkWidget        *dont_ask;

  g_assert_null (close_dialog_of (window));
  g_assert_true (press_shortcut (window, GDK_KEY_w, GDK_CONTROL_MASK));
  dialog = close_dialog_of (window);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (adw_message_dialog_has_response (dialog, "cancel"));
  g_assert_true (adw_message_dialog_has_response (dialog, "keep"));
  g_assert_true (adw_message_dialog_has_response (dialog, "leave"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "leave"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  dont_ask = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_CHECK_BUTTON (dont_ask));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (dont_ask)));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (dont_ask), dont_ask_again);
  /* Its button, as a click answers (and closes the dialog). */
  click (find_button (GTK_WIDGET (dialog), adw_message_dialog_get_response_label (dialog, response)));
  wait_until (fixture, no_close_dialog, window, "the dialog to close");
}

static void
test_close_leaves (Fixture      *fixture,
                   gconstpointer data)
{
  BeckonConversationWindow *window = receive_and_accept (fixture, FALSE, NULL);
  g_autofree char          *href = ui_fixture_conversation_href (fixture, window);
  GWeakRef                  ref;

  expect_state (fixture, window, "Connected");
  g_assert_cmpuint (fixture->deletes, ==, 0);

  /* Closed while connected, and "Leave" answered: the conversation is left
   * for the user, as the Leave button does. */
  g_weak_ref_init (&ref, window);
  close_and_answer (fixture, window, "leave", FALSE);
  wait_until (fixture, deletes_at_least, GINT_TO_POINTER (1), "the conversation DELETE");
  wait_until (fixture, window_gone, &ref, "the window to close");
  g_weak_ref_clear (&ref);
  sync_with_simulator (fixture, href);
  g_assert_cmpuint (fixture->deletes, ==, 1);
}

/* Cancel keeps the window; Keep in Background hides it, the conversation
 * still live; "Don't ask again" remembers either answer. */
static void
test_close_asks (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr (GSettings)       settings = g_settings_new ("io.github.beckon.Beckon");
  BeckonConversationWindow   *window = receive_and_accept (fixture, FALSE, NULL);
  BeckonConversationCopy     *conversation = beckon_conversation_window_get_conversation (window);
  g_autofree char            *href = ui_fixture_conversation_href (fixture, window);
  g_autofree char            *choice = NULL;
  g_autoptr (BeckonTrustedCa) trusted_ca = NULL;
  BeckonPreferencesWindow    *preferences;
  AdwComboRow                *row;
  GWeakRef                    ref;

  g_weak_ref_init (&ref, window);
  expect_state (fixture, window, "Connected");
  g_assert_cmpstr ((choice = g_settings_get_string (settings, "close-live-conversation")), ==, "ask");
  g_clear_pointer (&choice, g_free);

  /* Cancel: nothing happens, nothing is remembered. */
  close_and_answer (fixture, window, "cancel", TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr ((choice = g_settings_get_string (settings, "close-live-conversation")), ==, "ask");
  g_clear_pointer (&choice, g_free);

  /* Keep in Background, not to be asked again: hidden, not left. */
  close_and_answer (fixture, window, "keep", TRUE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_nonnull (g_weak_ref_get (&ref));
  g_object_unref (window);
  g_assert_cmpstr ((choice = g_settings_get_string (settings, "close-live-conversation")), ==, "keep");
  g_clear_pointer (&choice, g_free);
  sync_with_simulator (fixture, href);
  g_assert_cmpuint (fixture->deletes, ==, 0);
  g_assert_cmpint (beckon_conversation_copy_get_state (conversation), ==, UCWA_CONVERSATION_STATE_CONNECTED);

  /* Brought back, closed again: kept in the background without a word. */
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (press_shortcut (window, GDK_KEY_w, GDK_CONTROL_MASK));
  g_assert_null (close_dialog_of (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* The preferences' row shows it, and is how the user is asked again
   * (the account has its extra authority, as the application gives it). */
  trusted_ca = beckon_trusted_ca_new (fixture->core, ucwa_session_get_connection (fixture->session));
  beckon_account_set_trusted_ca (fixture->account, trusted_ca);
  preferences = beckon_preferences_window_new (NULL, fixture->copy, trusted_ca);
  row = child (preferences, BECKON_TYPE_PREFERENCES_WINDOW, "close_conversation_row");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 2);
  adw_combo_row_set_selected (row, 0);
  g_assert_cmpstr ((choice = g_settings_get_string (settings, "close-live-conversation")), ==, "ask");
  g_clear_pointer (&choice, g_free);
  gtk_window_destroy (GTK_WINDOW (preferences));
  beckon_account_set_trusted_ca (fixture->account, NULL);

  /* Leave, not to be asked again. */
  gtk_window_present (GTK_WINDOW (window));
  close_and_answer (fixture, window, "leave", TRUE);
  g_assert_cmpstr ((choice = g_settings_get_string (settings, "close-live-conversation")), ==, "leave");
  wait_until (fixture, deletes_at_least, GINT_TO_POINTER (1), "the conversation DELETE");
  wait_until (fixture, window_gone, &ref, "the window to close");
  g_weak_ref_clear (&ref);
  g_settings_reset (settings, "close-live-conversation");
}

/* Remembered "leave": closing leaves at once, as before there was a question. */
static void
test_close_remembered_leave (Fixture      *fixture,
                             gconstpointer data)
{
  g_autoptr (GSettings)     settings = g_settings_new ("io.github.beckon.Beckon");
  BeckonConversationWindow *window = receive_and_accept (fixture, FALSE, NULL);
  GWeakRef                  ref;

  expect_state (fixture, window, "Connected");
  g_settings_set_string (settings, "close-live-conversation", "leave");
  g_weak_ref_init (&ref, window);
  g_assert_true (press_shortcut (window, GDK_KEY_w, GDK_CONTROL_MASK));
  g_assert_null (close_dialog_of (window));
  wait_until (fixture, window_gone, &ref, "the window to close");
  wait_until (fixture, deletes_at_least, GINT_TO_POINTER (1), "the conversation DELETE");
  g_weak_ref_clear (&ref);
  g_settings_reset (settings, "close-live-conversation");
}

/* Kept in the background, it ends: the hidden window goes. */
static void
test_kept_then_ended (Fixture      *fixture,
                      gconstpointer data)
{
  g_autofree char          *id = NULL;
  BeckonConversationWindow *window = receive_and_accept (fixture, FALSE, &id);
  GWeakRef                  ref;

  expect_state (fixture, window, "Connected");
  close_and_answer (fixture, window, "keep", FALSE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_weak_ref_init (&ref, window);
  g_assert_true (ucwa_sim_server_end_conversation (fixture->sim, id));
  wait_until (fixture, window_gone, &ref, "the hidden window to go");
  g_weak_ref_clear (&ref);
}

/* An ended conversation's window closes without asking. */
static void
test_close_ended (Fixture      *fixture,
                  gconstpointer data)
{
  g_autofree char          *id = NULL;
  BeckonConversationWindow *window = receive_and_accept (fixture, FALSE, &id);
  GWeakRef                  ref;

  expect_state (fixture, window, "Connected");
  g_assert_true (ucwa_sim_server_end_conversation (fixture->sim, id));
  expect_state (fixture, window, "Disconnected");
  g_weak_ref_init (&ref, window);
  g_assert_true (press_shortcut (window, GDK_KEY_w, GDK_CONTROL_MASK));
  g_assert_null (close_dialog_of (window));
  wait_until (fixture, window_gone, &ref, "the window to close");
  g_weak_ref_clear (&ref);
}

static gboolean
popover_shown (Fixture      *fixture,
               gconstpointer popover)
{
  return gtk_widget_get_mapped ((gpointer) popover);
}

static gboolean
window_mapped (Fixture      *fixture,
               gconstpointer window)
{
  return gtk_widget_get_mapped ((gpointer) window);
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
  return g_list_model_get_n_items (beckon_conversation_copy_get_messages (beckon_conversation_window_get_conversation (window)));
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
  href = ui_fixture_conversation_href (fixture, window);
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
  ui_fixture_sync_core (fixture);
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
  ui_fixture_sync_core (fixture);
  g_assert_cmpuint (n_messages (window), ==, before + 1);

  /* Nothing, or only white space: nothing goes, and Enter adds no line. */
  ui_fixture_sync_core (fixture);
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
  ui_fixture_sync_core (fixture);
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
  /* Copied at once, as they are now: the failure may come in the turn the
   * copier's next batch would have been made. */
  window = g_object_ref_sink (beckon_conversation_window_new (
    fixture->app, fixture->copy, _beckon_account_copy_follow_conversation (fixture->copy, g_ptr_array_index (fixture->ready, 0)),
    _beckon_account_copy_follow_item (fixture->copy, item)));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (beckon_conversation_window_get_state_text (window), ==, "Joining…");
  g_assert_false (can_send (fixture, window));
  g_assert_true (gtk_widget_get_visible (child (window, BECKON_TYPE_CONVERSATION_WINDOW, "composer_status")));
  g_assert_cmpstr (gtk_label_get_text (child (window, BECKON_TYPE_CONVERSATION_WINDOW, "composer_status_label")), ==,
                   "Joining the meeting…");

  wait_until (fixture, item_state_is, GINT_TO_POINTER (BECKON_INVITATION_STATE_FAILED), "the join to fail");
  ui_fixture_sync_core (fixture);
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
  /* As the window sees it. */
  return beckon_account_copy_get_session_state (fixture->copy) == (UcwaSessionState) GPOINTER_TO_INT (state);
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
  BeckonMessageView                   *waiting;
  BeckonMessageRow                    *row;
  guint                                before;

  window = g_object_ref_sink (receive_and_accept (fixture, FALSE, NULL));
  expect_state (fixture, window, "Connected");
  wait_until (fixture, can_send, window, "the composer");
  banner = child (window, BECKON_TYPE_CONVERSATION_WINDOW, "connection_revealer");
  waiting = message_view_of (window);
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  g_assert_false (beckon_message_view_get_waiting_row (waiting, 0) != NULL);

  /* The server is unavailable for a second. */
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_EVENTS_SERVICE_UNAVAILABLE, 1);
  wait_until (fixture, session_state_is, GINT_TO_POINTER (UCWA_SESSION_STATE_RECONNECTING), "the session to reconnect");
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (window, BECKON_TYPE_CONVERSATION_WINDOW, "connection_label")),
                                   "Reconnecting"));
  g_assert_true (can_send (fixture, window));
  /* Said too, where the user types. */
  g_assert_cmpstr (beckon_composer_get_status (composer_of (window)), ==,
                   "Connected. Reconnecting… Messages you write are sent when the connection is back.");

  ui_fixture_sync_core (fixture);
  before = n_messages (window);
  beckon_composer_set_text (composer_of (window), "Written while reconnecting");
  g_assert_true (composer_press_key (window, GDK_KEY_Return, 0));
  beckon_composer_set_text (composer_of (window), "And another one");
  g_assert_true (composer_press_key (window, GDK_KEY_Return, 0));
  ui_fixture_sync_core (fixture);
  g_assert_cmpuint (n_messages (window), ==, before);
  g_assert_true (beckon_message_view_get_waiting_row (waiting, 0) != NULL);
  row = beckon_message_view_get_waiting_row (waiting, 1);
  g_assert_nonnull (row);
  g_assert_null (beckon_message_view_get_waiting_row (waiting, 2));

  /* Back: both go, in order, and the banner goes. */
  wait_until (fixture, remote_received, "And another one", "the second waiting message");
  g_assert_true (remote_received (fixture, "Written while reconnecting"));
  ui_fixture_sync_core (fixture);
  g_assert_cmpuint (n_messages (window), ==, before + 2);
  {
    GListModel                   *messages = beckon_conversation_copy_get_messages (beckon_conversation_window_get_conversation (window));
    g_autoptr (BeckonMessageCopy) first = g_list_model_get_item (messages, before);
    g_autoptr (BeckonMessageCopy) second = g_list_model_get_item (messages, before + 1);

    g_assert_cmpstr (beckon_message_copy_get_text (first), ==, "Written while reconnecting");
    g_assert_cmpstr (beckon_message_copy_get_text (second), ==, "And another one");
  }
  g_assert_false (beckon_message_view_get_waiting_row (waiting, 0) != NULL);
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
  /* Long enough to see the message waiting, however slow the machine;
   * shortened below, the bound holds for it from when it was sent. */
  beckon_conversation_window_set_send_timeout (window, 60 * 1000);

  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_SEND_MESSAGE_NO_COMPLETION, 1);
  ui_fixture_sync_core (fixture);
  before = n_messages (window);
  beckon_composer_set_text (composer_of (window), "Lost on the way");
  g_assert_true (composer_press_key (window, GDK_KEY_Return, 0));
  ui_fixture_sync_core (fixture);
  row = find_message_row (window, "Lost on the way");
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_MESSAGE_ROW, "time_label")), ==, "Sending…");

  beckon_conversation_window_set_send_timeout (window, 200);
  wait_until (fixture, message_row_failed, row, "the message to turn failed");
  g_assert_cmpint (beckon_message_copy_get_status (beckon_message_row_get_message (BECKON_MESSAGE_ROW (row))), ==,
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
  ui_fixture_sync_core (fixture);
  g_assert_cmpuint (n_messages (window), ==, before + 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Escape clears the composer, then closes the participants popover;
 * Ctrl+? shows the shortcuts; Leave sits at the header's end; the
 * controls have names; the state is the composer's description. */
static void
test_keyboard (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr (BeckonConversationWindow) window = NULL;
  g_autofree char                     *text = NULL;
  GtkWidget                           *leave;
  GtkMenuButton                       *participants;
  GtkPopover                          *popover;
  GtkWindow                           *shortcuts;

  window = g_object_ref_sink (receive_and_accept (fixture, TRUE, NULL));
  expect_state (fixture, window, "Conferenced");
  wait_until (fixture, can_send, window, "the meeting chat");
  wait_until (fixture, window_mapped, window, "the window on screen");

  /* Escape: what is written goes; in an empty composer it goes on. */
  beckon_composer_set_text (composer_of (window), "A draft\nof two lines");
  g_assert_true (composer_press_key (window, GDK_KEY_Escape, 0));
  text = beckon_composer_get_text (composer_of (window));
  g_assert_cmpstr (text, ==, "");
  g_assert_false (composer_press_key (window, GDK_KEY_Escape, 0));

  /* ... to the window, which closes the popover if one is open. */
  participants = child (window, BECKON_TYPE_CONVERSATION_WINDOW, "participants_button");
  popover = gtk_menu_button_get_popover (participants);
  gtk_menu_button_popup (participants);
  wait_until (fixture, popover_shown, popover, "the participants popover");
  g_assert_true (press_shortcut (window, GDK_KEY_Escape, 0));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_false (press_shortcut (window, GDK_KEY_Escape, 0));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Ctrl+? (the application's accel for win.show-help-overlay). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  shortcuts = shown_for (window, GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  gtk_window_destroy (shortcuts);

  /* Leave: at the header's end, where no back button goes (HIG). */
  leave = child (window, BECKON_TYPE_CONVERSATION_WINDOW, "leave_button");
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_parent (leave), "end"));

  /* Every control is named for assistive technology. */
  gtk_test_accessible_assert_property (leave, GTK_ACCESSIBLE_PROPERTY_LABEL, "Leave the conversation");
  gtk_test_accessible_assert_property (participants, GTK_ACCESSIBLE_PROPERTY_LABEL, "1 participant");
  gtk_test_accessible_assert_property (composer_child (window, "send_button"), GTK_ACCESSIBLE_PROPERTY_LABEL, "Send");
  gtk_test_accessible_assert_property (composer_child (window, "text_view"), GTK_ACCESSIBLE_PROPERTY_LABEL, "Message");
  gtk_test_accessible_assert_property (child (window, BECKON_TYPE_CONVERSATION_WINDOW, "composer_spinner"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "In progress");

  /* The state, where the user types: said when it changes. */
  gtk_test_accessible_assert_role (child (window, BECKON_TYPE_CONVERSATION_WINDOW, "state_label"),
                                   GTK_ACCESSIBLE_ROLE_STATUS);
  g_assert_cmpstr (beckon_composer_get_status (composer_of (window)), ==, "Conferenced");
  gtk_test_accessible_assert_property (composer_child (window, "text_view"), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Conferenced");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GtkApplication) app = NULL;
  Setup                      signed_in = { NULL, FALSE, FALSE };
  Setup                      threaded = { NULL, FALSE, TRUE };

  g_test_init (&argc, &argv, NULL);
  /* GTK's test accessibility backend, rather than none: what the widgets
   * say to assistive technology can be read back (and still no bus). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  app = ui_fixture_new_app ("io.github.beckon.BeckonTestConversationWindow");
  signed_in.app = app;
  threaded.app = app;

#define ADD(path, func) g_test_add (path, Fixture, &signed_in, fixture_set_up, func, fixture_tear_down)
  ADD ("/conversation-window/accept-chat", test_accept_chat);
  ADD ("/conversation-window/close-leaves", test_close_leaves);
  ADD ("/conversation-window/close-asks", test_close_asks);
  ADD ("/conversation-window/close-remembered-leave", test_close_remembered_leave);
  ADD ("/conversation-window/close-ended", test_close_ended);
  ADD ("/conversation-window/kept-then-ended", test_kept_then_ended);
  ADD ("/conversation-window/keyboard", test_keyboard);
  ADD ("/conversation-window/meeting", test_meeting);
  ADD ("/conversation-window/meeting-participants", test_meeting_participants);
  ADD ("/conversation-window/meeting-join-fails", test_meeting_join_fails);
  ADD ("/conversation-window/reconnecting", test_reconnecting);
  ADD ("/conversation-window/send-not-confirmed", test_send_not_confirmed);
  ADD ("/conversation-window/composer", test_composer);
  ADD ("/conversation-window/message-links", test_message_links);
#undef ADD
  /* The same windows with the core on a thread of its own, as the
   * application will run it: they read only copies, and command only
   * through them. */
#define ADD_THREADED(path, func) g_test_add (path, Fixture, &threaded, fixture_set_up, func, fixture_tear_down)
  ADD_THREADED ("/conversation-window/threaded/accept-chat", test_accept_chat);
  ADD_THREADED ("/conversation-window/threaded/meeting-participants", test_meeting_participants);
  ADD_THREADED ("/conversation-window/threaded/reconnecting", test_reconnecting);
  ADD_THREADED ("/conversation-window/threaded/send-not-confirmed", test_send_not_confirmed);
  ADD_THREADED ("/conversation-window/threaded/composer", test_composer);
  ADD_THREADED ("/conversation-window/threaded/message-links", test_message_links);
#undef ADD_THREADED

  return g_test_run ();
}

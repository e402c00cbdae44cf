/* test-chat.c: chats the user starts, through the whole application:
 * Reply on a missed chat's notification and on its row in the main
 * window, New Chat's people search, sip: and im: links opened from
 * outside; against the simulator over real HTTP and a fake notification
 * server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "app-fixture.h"
#include "beckon-application.h"
#include "beckon-composer.h"
#include "beckon-chat-start.h"
#include "beckon-conversation-window.h"
#include "beckon-message-copy.h"
#include "beckon-invitation-row.h"
#include "beckon-message-view.h"
#include "beckon-new-chat-dialog.h"
#include "beckon-window-private.h"
#include "beckon-window.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "chat test password"
#define ADA      "sip:ada@contoso.com"
#define GRACE    "sip:grace@contoso.com"
#define STARTS   "/communication/messagingInvitations"

typedef struct
{
  AppFixture           fx; /* first: the conditions waited on receive the context */
  const char          *expected_state;
  const char          *expected_text;
  const char          *expected_summary;
  const char          *expected_inviter; /* newest_item ()'s */
  gpointer             window;           /* weak */
  BeckonNewChatDialog *dialog;           /* weak */
  GHashTable          *received;         /* texts the remote party received */
} Context;

static void
message_received_cb (UcwaSimServer *sim,
                     const char    *id,
                     const char    *text,
                     Context       *ctx)
{
  g_hash_table_add (ctx->received, g_strdup (text));
}

static gboolean
has_window (gpointer user_data)
{
  Context *ctx = user_data;

  return app_fixture_find_conversation_window (&ctx->fx, ctx->expected_state) != NULL;
}

/* Waits for the shown conversation window in @state and follows it. */
static BeckonConversationWindow *
wait_for_window (Context    *ctx,
                 const char *state)
{
  BeckonConversationWindow *window;

  ctx->expected_state = state;
  app_fixture_wait (&ctx->fx, has_window, state);
  window = app_fixture_find_conversation_window (&ctx->fx, state);
  if (ctx->window != window)
    {
      g_clear_weak_pointer (&ctx->window);
      g_set_weak_pointer (&ctx->window, window);
    }
  return window;
}

static gboolean
window_in_state (gpointer user_data)
{
  Context *ctx = user_data;

  return ctx->window != NULL &&
         g_strcmp0 (beckon_conversation_window_get_state_text (ctx->window), ctx->expected_state) == 0;
}

/* The same window, once in @state. */
static void
wait_for_state (Context    *ctx,
                const char *state)
{
  ctx->expected_state = state;
  app_fixture_wait (&ctx->fx, window_in_state, state);
}

static gpointer
template_child (gpointer    window,
                const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window), BECKON_TYPE_CONVERSATION_WINDOW, name);
}

static gboolean
received (gpointer user_data)
{
  Context *ctx = user_data;

  return g_hash_table_contains (ctx->received, ctx->expected_text);
}

static void
wait_received (Context    *ctx,
               const char *text)
{
  ctx->expected_text = text;
  app_fixture_wait (&ctx->fx, received, text);
}

static BeckonMessageCopy *
find_message (gpointer      window,
              const char   *text,
              UcwaDirection direction)
{
  GListModel *messages = beckon_conversation_copy_get_messages (beckon_conversation_window_get_conversation (window));

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr (BeckonMessageCopy) message = g_list_model_get_item (messages, i);

      if (beckon_message_copy_get_direction (message) == direction &&
          g_str_equal (beckon_message_copy_get_text (message), text))
        return message;
    }
  return NULL;
}

static gboolean
window_has_incoming (gpointer user_data)
{
  Context *ctx = user_data;

  return find_message (ctx->window, ctx->expected_text, UCWA_DIRECTION_INCOMING) != NULL;
}

/* Types @text into the window's composer and sends it, as Enter does. */
static void
type_and_send (gpointer    window,
               const char *text)
{
  BeckonComposer *composer = template_child (window, "composer");

  g_assert_true (beckon_composer_get_can_send (composer));
  beckon_composer_set_text (composer, text);
  g_assert_true (beckon_composer_send (composer));
}

/* A draft for @title: the composer first, nothing sent yet. */
static BeckonConversationWindow *
wait_for_draft (Context    *ctx,
                const char *title)
{
  BeckonConversationWindow *window = wait_for_window (ctx, "New chat");

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, title);
  g_assert_null (beckon_conversation_window_get_conversation (window));
  g_assert_true (beckon_composer_get_can_send (template_child (window, "composer")));
  /* Nothing to leave yet. */
  g_assert_cmpstr (gtk_button_get_label (template_child (window, "leave_button")), ==, "_Close");
  return window;
}

/* Sends the first message in the draft, then follows the chat to
 * Connected and has messages go both ways. */
static void
chat_until_connected (Context    *ctx,
                      const char *first)
{
  BeckonConversationCopy *conversation;
  BeckonMessageCopy      *message;
  g_autofree char        *thread_id = NULL;

  type_and_send (ctx->window, first);
  /* At once, before the server said anything. */
  g_assert_cmpstr (beckon_conversation_window_get_state_text (ctx->window), ==, "Connecting…");
  g_assert_false (beckon_composer_get_can_send (template_child (ctx->window, "composer")));

  wait_for_state (ctx, "Connected");
  /* There is a conversation to leave now. */
  g_assert_cmpstr (gtk_button_get_label (template_child (ctx->window, "leave_button")), ==, "_Leave");
  conversation = beckon_conversation_window_get_conversation (ctx->window);
  g_assert_nonnull (conversation);
  g_assert_cmpint (beckon_conversation_copy_get_state (conversation), ==, UCWA_CONVERSATION_STATE_CONNECTED);
  wait_received (ctx, first);
  /* The first message is in the window, delivered with the invitation. */
  message = find_message (ctx->window, first, UCWA_DIRECTION_OUTGOING);
  g_assert_nonnull (message);
  g_assert_cmpint (beckon_message_copy_get_status (message), ==, UCWA_MESSAGE_STATUS_DELIVERED);

  type_and_send (ctx->window, "And a second one");
  wait_received (ctx, "And a second one");

  app_fixture_conversation_ids (&ctx->fx, ctx->window, &thread_id, NULL);
  g_assert_true (ucwa_sim_server_send_remote_message (ctx->fx.sim, thread_id, "Hello back"));
  ctx->expected_text = "Hello back";
  app_fixture_wait (&ctx->fx, window_has_incoming, "the remote party's message");
}

static gboolean
window_is_gone (gpointer user_data)
{
  return ((Context *) user_data)->window == NULL;
}

static void
close_window (Context *ctx)
{
  if (ctx->window == NULL)
    return;
  gtk_window_close (ctx->window);
  app_fixture_wait (&ctx->fx, window_is_gone, "the window to close");
}

/* A missed chat */

static FakeNotification *
find_missed (Context *ctx)
{
  return fake_notification_server_find_by_summary (ctx->fx.notifications, ctx->expected_summary);
}

static gboolean
missed_shown (gpointer user_data)
{
  g_autoptr (FakeNotification) missed = find_missed (user_data);

  return missed != NULL;
}

/* The newest item as the windows show it: the account's copy (the core's
 * own list is its thread's). */
static gboolean
newest_can_reply (gpointer user_data)
{
  Context                         *ctx = user_data;
  GListModel                      *items = beckon_account_copy_get_invitations (beckon_application_get_account_copy (ctx->fx.app));
  g_autoptr (BeckonInvitationCopy) item = g_list_model_get_n_items (items) > 0 ? g_list_model_get_item (items, 0) : NULL;

  return item != NULL && beckon_invitation_copy_get_state (item) == BECKON_INVITATION_STATE_MISSED &&
         g_strcmp0 (beckon_invitation_copy_get_inviter (item), ctx->expected_inviter) == 0 &&
         beckon_invitation_copy_get_can_reply (item);
}

/* The newest item, once it is @inviter's missed chat (an earlier test's
 * may still be newest until the copy has this one). */
static BeckonInvitationCopy *
newest_item (Context    *ctx,
             const char *inviter)
{
  GListModel *items = beckon_account_copy_get_invitations (beckon_application_get_account_copy (ctx->fx.app));

  /* The account's verdict on it, copied from the core. */
  ctx->expected_inviter = inviter;
  app_fixture_wait (&ctx->fx, newest_can_reply, "the missed chat, with Reply, in the copy");
  ctx->expected_inviter = NULL;
  return g_list_model_get_item (items, 0);
}

/* @from invites the user to a chat and gives up: its "Missed chat from …"
 * notification is returned. */
static FakeNotification *
miss_a_chat (Context    *ctx,
             const char *from,
             const char *name)
{
  g_autofree char *id = NULL;
  g_autofree char *summary = g_strdup_printf ("Missed chat from %s", name);

  app_fixture_sign_in (&ctx->fx);
  id = ucwa_sim_server_start_im_invitation (ctx->fx.sim, NULL, from, name, "Are you there?");
  g_assert_nonnull (id);
  g_assert_true (ucwa_sim_server_cancel_invitation (ctx->fx.sim, id));
  ctx->expected_summary = summary;
  app_fixture_wait (&ctx->fx, missed_shown, summary);
  ctx->expected_summary = NULL;
  return fake_notification_server_find_by_summary (ctx->fx.notifications, summary);
}

static void
test_reply_from_notification (gconstpointer data)
{
  Context                         *ctx = (Context *) data;
  g_autoptr (FakeNotification)     missed = NULL;
  g_autoptr (BeckonInvitationCopy) item = NULL;

  ucwa_sim_server_set_remote_party (ctx->fx.sim, ADA, "Ada Lovelace", UCWA_SIM_REMOTE_ACCEPTS, 100);
  missed = miss_a_chat (ctx, ADA, "Ada Lovelace");
  item = newest_item (ctx, "Ada Lovelace");
  g_assert_true (beckon_invitation_copy_get_can_reply (item));
  g_assert_true (fake_notification_has_action (missed, "reply"));

  g_assert_true (fake_notification_server_invoke_action (ctx->fx.notifications, missed->id, "reply"));
  wait_for_draft (ctx, "Ada Lovelace");
  chat_until_connected (ctx, "Sorry, I missed you. What's up?");
  close_window (ctx);
}

/* The row's Reply, and a remote party who declines: the window says why,
 * takes no more, and keeps what the user wrote. */
static void
test_reply_from_row_declined (gconstpointer data)
{
  Context                         *ctx = (Context *) data;
  g_autoptr (FakeNotification)     missed = NULL;
  g_autoptr (BeckonInvitationCopy) item = NULL;
  BeckonWindow                    *main_window;
  GtkWidget                       *row;
  GtkWidget                       *reply;
  BeckonMessageRow                *kept;
  guint                            starts;

  ucwa_sim_server_set_remote_party (ctx->fx.sim, GRACE, "Grace Hopper", UCWA_SIM_REMOTE_DECLINES, 100);
  missed = miss_a_chat (ctx, GRACE, "Grace Hopper");
  item = newest_item (ctx, "Grace Hopper");

  g_application_activate (G_APPLICATION (ctx->fx.app));
  main_window = BECKON_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (ctx->fx.app)));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->fx.app)); l != NULL; l = l->next)
    if (BECKON_IS_WINDOW (l->data))
      main_window = l->data;
  beckon_window_show_invitations (main_window);
  row = beckon_window_get_invitation_row (main_window, item);
  g_assert_nonnull (row);
  reply = GTK_WIDGET (gtk_widget_get_template_child (row, BECKON_TYPE_INVITATION_ROW, "reply_button"));
  g_assert_true (gtk_widget_get_visible (reply));
  g_assert_true (gtk_widget_activate (reply));

  wait_for_draft (ctx, "Grace Hopper");
  starts = ucwa_sim_server_count_requests (ctx->fx.sim, "POST", STARTS);
  type_and_send (ctx->window, "Can we talk about the compiler?");
  wait_for_state (ctx, "Not connected");

  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->fx.sim, "POST", STARTS), ==, starts + 1);
  g_assert_null (beckon_conversation_window_get_conversation (ctx->window));
  g_assert_false (beckon_composer_get_can_send (template_child (ctx->window, "composer")));
  g_assert_true (gtk_widget_get_visible (template_child (ctx->window, "composer_status")));
  g_assert_cmpstr (gtk_label_get_text (template_child (ctx->window, "composer_status_label")), ==,
                   "They declined the chat.");
  /* What the user wrote is still on show, not delivered. */
  kept = beckon_message_view_get_waiting_row (template_child (ctx->window, "message_view"), 0);
  g_assert_nonnull (kept);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (kept)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (kept), BECKON_TYPE_MESSAGE_ROW,
                                                                                 "text_label"))),
                   ==, "Can we talk about the compiler?");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (kept), BECKON_TYPE_MESSAGE_ROW,
                                                                                 "time_label"))),
                   ==, "Not delivered");
  close_window (ctx);
}

/* Nobody answers: the server gives up after its timeout (made short). */
static void
test_reply_never_answered (gconstpointer data)
{
  Context                     *ctx = (Context *) data;
  g_autoptr (FakeNotification) missed = NULL;

  /* Another name than the other tests': its own "Missed chat from …". */
  ucwa_sim_server_set_remote_party (ctx->fx.sim, ADA, "Ada King", UCWA_SIM_REMOTE_NO_ANSWER, 0);
  missed = miss_a_chat (ctx, ADA, "Ada King");
  ucwa_sim_server_set_invitation_timeout (ctx->fx.sim, 300);

  g_assert_true (fake_notification_server_invoke_action (ctx->fx.notifications, missed->id, "reply"));
  wait_for_draft (ctx, "Ada King");
  type_and_send (ctx->window, "Hello?");
  wait_for_state (ctx, "Not connected");
  g_assert_cmpstr (gtk_label_get_text (template_child (ctx->window, "composer_status_label")), ==,
                   "No answer. They may be away from their computer; try again later.");
  g_assert_false (beckon_composer_get_can_send (template_child (ctx->window, "composer")));

  ucwa_sim_server_set_invitation_timeout (ctx->fx.sim, 0);
  close_window (ctx);
}

/* Reply is for a missed chat only, and only while signed in: the account
 * says so, and the row follows it. */
/* beckon_account_can_reply() asked on the core, where the account is. */
typedef struct
{
  BeckonApplication    *app;
  BeckonInvitationItem *item;
  gboolean              can;
  GError               *error;
} ReplyQuestion;

static void
can_reply_run (gpointer data)
{
  ReplyQuestion *question = data;

  question->can = beckon_account_can_reply (beckon_application_get_account (question->app), question->item,
                                            &question->error);
}

static gboolean
can_reply (Context              *ctx,
           BeckonInvitationItem *item,
           GError              **error)
{
  ReplyQuestion question = { BECKON_APPLICATION (ctx->fx.app), item, FALSE, NULL };

  beckon_core_call (beckon_application_get_core (BECKON_APPLICATION (ctx->fx.app)), can_reply_run, &question);
  if (question.error != NULL)
    g_propagate_error (error, question.error);
  return question.can;
}

static void
test_reply_only_when_missed (gconstpointer data)
{
  Context                         *ctx = (Context *) data;
  g_autoptr (BeckonInvitationItem) meeting = NULL;
  g_autoptr (BeckonInvitationItem) restored = NULL;
  g_autoptr (GError)               error = NULL;

  app_fixture_sign_in (&ctx->fx);
  meeting = beckon_invitation_item_new_restored (TRUE, "Grace Hopper", GRACE, "Sync", NULL,
                                                 BECKON_INVITATION_STATE_MISSED, NULL, NULL);
  g_assert_false (can_reply (ctx, meeting, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  restored = beckon_invitation_item_new_restored (FALSE, "Ada Lovelace", ADA, "Hi", NULL,
                                                  BECKON_INVITATION_STATE_DECLINED, NULL, NULL);
  g_assert_false (can_reply (ctx, restored, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_clear_object (&restored);

  /* A missed chat of an earlier run (from the history) can be replied to. */
  restored = beckon_invitation_item_new_restored (FALSE, "Ada Lovelace", ADA, "Hi", NULL,
                                                  BECKON_INVITATION_STATE_MISSED, NULL, NULL);
  g_assert_true (can_reply (ctx, restored, &error));
  g_assert_no_error (error);
}

/* New Chat */

static gboolean
search_done (gpointer user_data)
{
  Context *ctx = user_data;

  return !beckon_new_chat_dialog_get_searching (ctx->dialog) &&
         g_list_model_get_n_items (beckon_new_chat_dialog_get_results (ctx->dialog)) > 0;
}

static gboolean
dialog_is_gone (gpointer user_data)
{
  return ((Context *) user_data)->dialog == NULL;
}

static void
test_new_chat_from_search (gconstpointer data)
{
  Context                *ctx = (Context *) data;
  const char             *typed[] = { "a", "ad", "ada", "ada ", "ada l" };
  GtkEditable            *entry;
  GtkListBox             *results;
  GtkListBoxRow          *first;
  g_autoptr (UcwaContact) contact = NULL;
  guint                   searches;

  ucwa_sim_server_set_remote_party (ctx->fx.sim, ADA, "Ada Lovelace", UCWA_SIM_REMOTE_ACCEPTS, 100);
  app_fixture_sign_in (&ctx->fx);
  searches = ucwa_sim_server_count_requests (ctx->fx.sim, "GET", "/people/search");

  /* As Ctrl+N does. */
  g_action_group_activate_action (G_ACTION_GROUP (ctx->fx.app), "new-chat", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->fx.app)); l != NULL; l = l->next)
    if (BECKON_IS_NEW_CHAT_DIALOG (l->data))
      g_set_weak_pointer (&ctx->dialog, l->data);
  g_assert_nonnull (ctx->dialog);

  /* Five characters typed quickly: one search, once typing pauses. */
  entry = GTK_EDITABLE (
    gtk_widget_get_template_child (GTK_WIDGET (ctx->dialog), BECKON_TYPE_NEW_CHAT_DIALOG, "search_entry"));
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    gtk_editable_set_text (entry, typed[i]);
  g_assert_cmpuint (beckon_new_chat_dialog_get_n_searches (ctx->dialog), ==, 0);
  app_fixture_wait (&ctx->fx, search_done, "the search's results");
  g_assert_cmpuint (beckon_new_chat_dialog_get_n_searches (ctx->dialog), ==, 1);
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->fx.sim, "GET", "/people/search"), ==, searches + 1);

  /* Name, address and presence. */
  g_assert_cmpuint (g_list_model_get_n_items (beckon_new_chat_dialog_get_results (ctx->dialog)), ==, 1);
  contact = g_list_model_get_item (beckon_new_chat_dialog_get_results (ctx->dialog), 0);
  g_assert_cmpstr (ucwa_contact_get_name (contact), ==, "Ada Lovelace");
  g_assert_cmpstr (ucwa_contact_get_availability (contact), ==, "Online");
  results = GTK_LIST_BOX (
    gtk_widget_get_template_child (GTK_WIDGET (ctx->dialog), BECKON_TYPE_NEW_CHAT_DIALOG, "result_list"));
  first = gtk_list_box_get_row_at_index (results, 0);
  g_assert_true (ADW_IS_ACTION_ROW (first));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, "Ada Lovelace");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)), ==, "ada@contoso.com");

  /* Choosing her starts the chat. */
  g_signal_emit_by_name (first, "activate");
  app_fixture_wait (&ctx->fx, dialog_is_gone, "the dialog to close");
  wait_for_draft (ctx, "Ada Lovelace");
  chat_until_connected (ctx, "Hi Ada, a question about the engine");
  close_window (ctx);
}

/* sip: and im: links */

static void
open_link (Context    *ctx,
           const char *link)
{
  g_autoptr (GFile) file = g_file_new_for_uri (link);

  g_application_open (G_APPLICATION (ctx->fx.app), &file, 1, "");
}

static void
test_sip_link (gconstpointer data)
{
  Context *ctx = (Context *) data;

  ucwa_sim_server_set_remote_party (ctx->fx.sim, ADA, "Ada Lovelace", UCWA_SIM_REMOTE_ACCEPTS, 100);
  app_fixture_sign_in (&ctx->fx);
  open_link (ctx, "sip:ada@contoso.com");
  wait_for_draft (ctx, "ada@contoso.com");
  chat_until_connected (ctx, "Hi, I clicked your link");
  close_window (ctx);
}

static void
test_im_link (gconstpointer data)
{
  Context *ctx = (Context *) data;

  ucwa_sim_server_set_remote_party (ctx->fx.sim, GRACE, "Grace Hopper", UCWA_SIM_REMOTE_ACCEPTS, 100);
  app_fixture_sign_in (&ctx->fx);
  open_link (ctx, "im:grace@contoso.com");
  wait_for_draft (ctx, "grace@contoso.com");
  chat_until_connected (ctx, "Hi Grace");
  close_window (ctx);
}

static void
test_parse_address (void)
{
  const struct
  {
    const char *text;
    const char *address;
  } cases[] = {
    { "sip:ada@contoso.com", "sip:ada@contoso.com" },
    { "SIP:ada@contoso.com", "sip:ada@contoso.com" },
    { "im:ada@contoso.com", "sip:ada@contoso.com" },
    { "im:sip:ada@contoso.com", "sip:ada@contoso.com" },
    { "ada@contoso.com", "sip:ada@contoso.com" },
    { " sip:ada@contoso.com ", "sip:ada@contoso.com" },
    { "sip:ada@contoso.com;transport=tls", "sip:ada@contoso.com" },
    { "sip:ada@contoso.com?subject=hi", "sip:ada@contoso.com" },
    /* A browser may escape the @. */
    { "sip:ada.lovelace%40contoso.com", "sip:ada.lovelace@contoso.com" },
    { "sip:ada%2Elovelace@contoso.com", "sip:ada.lovelace@contoso.com" },
    { "sip:ada@fabrikam.com", "sip:ada@fabrikam.com" },
    { "sip:", NULL },
    { "sip:ada", NULL },
    { "sip:@contoso.com", NULL },
    { "sip:ada@", NULL },
    { "sip:ada@b@c", NULL },
    { "sip:ada smith@contoso.com", NULL },
    { "sip:<ada@contoso.com>", NULL },
    { "sip:ada%00@contoso.com", NULL },
    { "tel:+14255550100", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *address = beckon_chat_start_parse_address (cases[i].text);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (address, ==, cases[i].address);
    }
}

/* A link that names no one: said in the main window, no window opens,
 * nothing is sent. */
static void
test_bad_link (gconstpointer data)
{
  Context      *ctx = (Context *) data;
  guint         starts;
  guint         windows = 0;
  BeckonWindow *main_window = NULL;

  app_fixture_sign_in (&ctx->fx);
  starts = ucwa_sim_server_count_requests (ctx->fx.sim, "POST", STARTS);
  open_link (ctx, "sip:nobody");
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->fx.app)); l != NULL; l = l->next)
    {
      if (BECKON_IS_CONVERSATION_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
        windows++;
      if (BECKON_IS_WINDOW (l->data))
        main_window = l->data;
    }
  g_assert_cmpuint (windows, ==, 0);
  g_assert_nonnull (main_window);
  g_assert_cmpstr (beckon_window_get_notice (main_window), ==, "“sip:nobody” is not an address to chat with");
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->fx.sim, "POST", STARTS), ==, starts);
}

int
main (int   argc,
      char *argv[])
{
  Context ctx = { 0 };
  int     status;

  app_fixture_init (&ctx.fx, &argc, &argv, USER, PASSWORD);
  app_fixture_closing_leaves (&ctx.fx);
  ctx.received = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (ctx.fx.sim, "message-received", G_CALLBACK (message_received_cb), &ctx);

  g_test_add_func ("/chat/parse-address", test_parse_address);
  g_test_add_data_func ("/chat/reply-from-notification", &ctx, test_reply_from_notification);
  g_test_add_data_func ("/chat/reply-from-row-declined", &ctx, test_reply_from_row_declined);
  g_test_add_data_func ("/chat/reply-never-answered", &ctx, test_reply_never_answered);
  g_test_add_data_func ("/chat/reply-only-when-missed", &ctx, test_reply_only_when_missed);
  g_test_add_data_func ("/chat/new-chat-from-search", &ctx, test_new_chat_from_search);
  g_test_add_data_func ("/chat/sip-link", &ctx, test_sip_link);
  g_test_add_data_func ("/chat/im-link", &ctx, test_im_link);
  g_test_add_data_func ("/chat/bad-link", &ctx, test_bad_link);

  status = g_test_run ();

  g_clear_weak_pointer (&ctx.window);
  g_clear_weak_pointer (&ctx.dialog);
  g_signal_handlers_disconnect_by_data (ctx.fx.sim, &ctx);
  app_fixture_clear (&ctx.fx);
  g_hash_table_unref (ctx.received);
  return status;
}

/* test-message-notifications.c: a new message in a conversation the user is
 * not looking at notifies, through the real application, the simulator and
 * a fake notification server; and the main window's row of that
 * conversation, which brings its window back while it lasts and its
 * history once it ended
 *
 * Headless (Xvfb, no window manager) keyboard focus is not reliable, so
 * whether a window is active is the test's to say: the message notifier's
 * private hook reads it from the window ("test-active"), and the test
 * emits notify::is-active when it changes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "app-fixture.h"
#include "beckon-application.h"
#include "beckon-conversation-window.h"
#include "beckon-message-copy.h"
#include "beckon-history-window.h"
#include "beckon-message-notifier-private.h"
#include "beckon-window-private.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "message notification test password"
#define CATEGORY "im.received"

typedef struct
{
  AppFixture                fx;              /* first: the conditions waited on receive the context */
  char                     *conversation_id; /* the simulator's */
  BeckonConversationWindow *window;
  const char               *body;    /* what wait_for_message() looks for */
  const char               *summary; /* likewise, when body is NULL */
  guint32                   closed_id;
} Context;

static gboolean
window_is_active (GtkWindow *window)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), "test-active"));
}

static void
set_active (Context *ctx,
            gboolean active)
{
  g_object_set_data (G_OBJECT (ctx->window), "test-active", GINT_TO_POINTER (active));
  g_object_notify (G_OBJECT (ctx->window), "is-active");
}

static gboolean
has_invitation (gpointer user_data)
{
  g_autoptr (FakeNotification) found = fake_notification_server_find_by_summary (
    ((Context *) user_data)->fx.notifications, "Ada Lovelace invites you to chat");

  return found != NULL && fake_notification_has_action (found, "accept");
}

static gboolean
has_connected_window (gpointer user_data)
{
  Context *ctx = user_data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->fx.app)); l != NULL; l = l->next)
    if (BECKON_IS_CONVERSATION_WINDOW (l->data) && gtk_widget_get_mapped (l->data) &&
        g_strcmp0 (beckon_conversation_window_get_state_text (l->data), "Connected") == 0)
      {
        ctx->window = l->data;
        return TRUE;
      }
  return FALSE;
}

/* The newest message notification, or NULL. */
static FakeNotification *
newest_message_notification (Context *ctx)
{
  g_autoptr (GPtrArray) all = fake_notification_server_get_notifications (ctx->fx.notifications);

  for (guint i = all->len; i > 0; i--)
    {
      FakeNotification *notification = g_ptr_array_index (all, i - 1);

      if (g_strcmp0 (notification->category, CATEGORY) == 0)
        return fake_notification_copy (notification);
    }
  return NULL;
}

static guint
count_with_body (Context    *ctx,
                 const char *body)
{
  g_autoptr (GPtrArray) all = fake_notification_server_get_notifications (ctx->fx.notifications);
  guint                 n = 0;

  for (guint i = 0; i < all->len; i++)
    {
      FakeNotification *notification = g_ptr_array_index (all, i);

      if (notification->body != NULL && strstr (notification->body, body) != NULL)
        n++;
    }
  return n;
}

static gboolean
newest_matches (gpointer user_data)
{
  Context                     *ctx = user_data;
  g_autoptr (FakeNotification) newest = newest_message_notification (ctx);

  if (newest == NULL)
    return FALSE;
  if (ctx->body != NULL)
    return g_strcmp0 (newest->body, ctx->body) == 0;
  return g_strcmp0 (newest->summary, ctx->summary) == 0;
}

/* The remote party writes @text; waits for the notification that shows it. */
static FakeNotification *
receive (Context    *ctx,
         const char *text)
{
  g_assert_true (ucwa_sim_server_send_remote_message (ctx->fx.sim, ctx->conversation_id, text));
  ctx->body = text;
  ctx->summary = NULL;
  app_fixture_wait (&ctx->fx, newest_matches, text);
  return newest_message_notification (ctx);
}

static gboolean
was_closed (gpointer user_data)
{
  Context           *ctx = user_data;
  g_autoptr (GArray) closed = fake_notification_server_get_closed_ids (ctx->fx.notifications);

  for (guint i = 0; i < closed->len; i++)
    if (g_array_index (closed, guint32, i) == ctx->closed_id)
      return TRUE;
  return FALSE;
}

static gboolean
window_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (((Context *) user_data)->window));
}

/* Signed in, a chat with Ada accepted from its notification, its window open
 * and not active. */
static void
test_unfocused_notifies (gconstpointer data)
{
  Context                     *ctx = (Context *) data;
  g_autoptr (FakeNotification) invitation = NULL;
  g_autoptr (FakeNotification) first = NULL;
  g_autoptr (FakeNotification) second = NULL;

  app_fixture_sign_in (&ctx->fx);
  ctx->conversation_id = ucwa_sim_server_start_im_invitation (ctx->fx.sim, NULL, "sip:ada@contoso.com", "Ada Lovelace",
                                                              "Hi, got a minute?");
  app_fixture_wait (&ctx->fx, has_invitation, "the invitation's notification");
  invitation = fake_notification_server_find_by_summary (ctx->fx.notifications, "Ada Lovelace invites you to chat");
  g_assert_true (fake_notification_server_invoke_action (ctx->fx.notifications, invitation->id, "accept"));
  app_fixture_wait (&ctx->fx, has_connected_window, "the conversation window");
  set_active (ctx, FALSE);

  first = receive (ctx, "Are you there?");
  g_assert_cmpstr (first->category, ==, CATEGORY);
  g_assert_cmpstr (first->summary, ==, "Ada Lovelace");
  g_assert_cmpstr (first->body, ==, "Are you there?");
  g_assert_cmpstr (first->desktop_entry, ==, "io.github.beckon.Beckon");
  g_assert_true (fake_notification_has_action (first, "default"));
  g_assert_cmpuint (count_with_body (ctx, "Are you there?"), ==, 1);

  /* The next one replaces it: one notification per conversation. */
  second = receive (ctx, "Hello?");
  g_assert_cmpuint (second->id, ==, first->id);
  g_assert_cmpuint (second->replaces_id, ==, first->id);
  g_assert_true (fake_notification_server_is_open (ctx->fx.notifications, first->id));
}

/* Its default action brings the conversation's window back. */
static void
test_default_presents_window (gconstpointer data)
{
  Context                     *ctx = (Context *) data;
  g_autoptr (FakeNotification) notification = NULL;

  gtk_widget_set_visible (GTK_WIDGET (ctx->window), FALSE);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (ctx->window)));
  notification = receive (ctx, "Look at this");
  g_assert_true (fake_notification_server_invoke_action (ctx->fx.notifications, notification->id, "default"));
  app_fixture_wait (&ctx->fx, window_mapped, "the conversation window presented");
}

/* Focusing the window withdraws the notification. */
static void
test_focus_withdraws (gconstpointer data)
{
  Context                     *ctx = (Context *) data;
  g_autoptr (FakeNotification) notification = NULL;

  set_active (ctx, FALSE);
  notification = receive (ctx, "Ping");
  ctx->closed_id = notification->id;
  set_active (ctx, TRUE);
  app_fixture_wait (&ctx->fx, was_closed, "CloseNotification");
  g_assert_false (fake_notification_server_is_open (ctx->fx.notifications, notification->id));
}

static gboolean
message_listed (gpointer user_data)
{
  Context    *ctx = user_data;
  GListModel *messages = beckon_conversation_copy_get_messages (beckon_conversation_window_get_conversation (ctx->window));

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr (BeckonMessageCopy) message = g_list_model_get_item (messages, i);

      if (g_strcmp0 (beckon_message_copy_get_text (message), ctx->body) == 0)
        return TRUE;
    }
  return FALSE;
}

/* While the window is active nothing notifies; nor do our own messages. */
static void
test_focused_and_own_are_silent (gconstpointer data)
{
  Context                     *ctx = (Context *) data;
  g_autoptr (FakeNotification) marker = NULL;

  set_active (ctx, TRUE);
  g_assert_true (ucwa_sim_server_send_remote_message (ctx->fx.sim, ctx->conversation_id, "Seen as it came"));
  ctx->body = "Seen as it came";
  test_wait_until (message_listed, ctx, "the message in the window");
  set_active (ctx, FALSE);
  /* Sent as the composer does: a command to the core. */
  beckon_conversation_copy_send (beckon_conversation_window_get_conversation (ctx->window), "My own words");
  /* Notifications go out in order: once this one is there, the ones
   * before would be too. */
  marker = receive (ctx, "Marker");
  g_assert_cmpuint (count_with_body (ctx, "Seen as it came"), ==, 0);
  g_assert_cmpuint (count_with_body (ctx, "My own words"), ==, 0);
}

/* Privacy: without the text, only who wrote. */
static void
test_text_hidden (gconstpointer data)
{
  Context                     *ctx = (Context *) data;
  g_autoptr (GSettings)        settings = g_settings_new ("io.github.beckon.Beckon");
  g_autoptr (FakeNotification) notification = NULL;

  set_active (ctx, FALSE);
  g_settings_set_boolean (settings, "show-message-text", FALSE);
  g_assert_true (ucwa_sim_server_send_remote_message (ctx->fx.sim, ctx->conversation_id, "The secret plan"));
  ctx->body = NULL;
  ctx->summary = "New message from Ada Lovelace";
  app_fixture_wait (&ctx->fx, newest_matches, "the notification without text");
  notification = newest_message_notification (ctx);
  g_assert_true (notification->body == NULL || *notification->body == '\0');
  g_assert_cmpuint (count_with_body (ctx, "secret"), ==, 0);
  g_settings_reset (settings, "show-message-text");
}

/* The main window's row of the conversation, activated as a click would. */
static void
activate_row (Context *ctx)
{
  BeckonWindow                    *main_window = NULL;
  g_autoptr (BeckonInvitationCopy) item = NULL;
  GListModel                      *model;
  const char                      *key;
  gboolean                         found = FALSE;

  g_application_activate (G_APPLICATION (ctx->fx.app));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->fx.app)); l != NULL; l = l->next)
    if (BECKON_IS_WINDOW (l->data))
      main_window = l->data;
  g_assert_nonnull (main_window);

  g_object_get (ctx->window, "item", &item, NULL);
  key = beckon_invitation_copy_get_conversation_key (item);
  g_assert_nonnull (key);
  model = G_LIST_MODEL (gtk_grid_view_get_model (beckon_window_get_invitation_list (main_window)));
  for (guint i = 0; i < g_list_model_get_n_items (model) && !found; i++)
    {
      g_autoptr (BeckonInvitationCopy) row_item = g_list_model_get_item (model, i);

      if (g_strcmp0 (beckon_invitation_copy_get_conversation_key (row_item), key) == 0)
        {
          g_signal_emit_by_name (beckon_window_get_invitation_list (main_window), "activate", i);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static gboolean
conversation_ended (gpointer user_data)
{
  Context *ctx = user_data;

  return beckon_conversation_copy_get_state (beckon_conversation_window_get_conversation (ctx->window)) ==
         UCWA_CONVERSATION_STATE_DISCONNECTED;
}

static gboolean
has_history_window (gpointer user_data)
{
  Context *ctx = user_data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->fx.app)); l != NULL; l = l->next)
    if (BECKON_IS_HISTORY_WINDOW (l->data))
      return TRUE;
  return FALSE;
}

/* Closing the window, "Keep in Background" answered: hidden, the
 * conversation goes on and a message notifies (with the notifier's own
 * idea of an active window, not the test's); the main window's row brings
 * the window back. */
static void
test_keep_in_background (gconstpointer data)
{
  Context                     *ctx = (Context *) data;
  BeckonMessageNotifier       *notifier = beckon_application_get_message_notifier (ctx->fx.app);
  g_autoptr (FakeNotification) notification = NULL;
  AdwMessageDialog            *dialog = NULL;
  GListModel                  *toplevels = gtk_window_get_toplevels ();

  gtk_window_present (GTK_WINDOW (ctx->window));
  app_fixture_wait (&ctx->fx, window_mapped, "the conversation window");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ctx->window), "window.close", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr (GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (ctx->window))
        dialog = ADW_MESSAGE_DIALOG (toplevel);
    }
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "keep");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (ctx->window)));

  beckon_message_notifier_set_is_active_func (notifier, NULL);
  notification = receive (ctx, "While you were away");
  g_assert_cmpstr (notification->summary, ==, "Ada Lovelace");
  beckon_message_notifier_set_is_active_func (notifier, window_is_active);

  activate_row (ctx);
  app_fixture_wait (&ctx->fx, window_mapped, "the kept conversation's window");
  g_assert_cmpint (beckon_conversation_copy_get_state (beckon_conversation_window_get_conversation (ctx->window)), ==,
                   UCWA_CONVERSATION_STATE_CONNECTED);
}

/* The main window's row: a live conversation's window comes forward; once
 * it ended, its history opens instead. */
static void
test_row_opens_conversation (gconstpointer data)
{
  Context *ctx = (Context *) data;

  gtk_widget_set_visible (GTK_WIDGET (ctx->window), FALSE);
  activate_row (ctx);
  app_fixture_wait (&ctx->fx, window_mapped, "the live conversation's window");
  g_assert_false (has_history_window (ctx));

  g_assert_true (ucwa_sim_server_end_conversation (ctx->fx.sim, ctx->conversation_id));
  app_fixture_wait (&ctx->fx, conversation_ended, "the conversation to end");
  activate_row (ctx);
  app_fixture_wait (&ctx->fx, has_history_window, "the conversation's history");
}

int
main (int   argc,
      char *argv[])
{
  Context ctx = { 0 };
  int     status;

  app_fixture_init (&ctx.fx, &argc, &argv, USER, PASSWORD);

  beckon_message_notifier_set_is_active_func (beckon_application_get_message_notifier (ctx.fx.app), window_is_active);

  /* In order: each starts where the one before left the conversation. */
  g_test_add_data_func ("/message-notifications/unfocused-notifies", &ctx, test_unfocused_notifies);
  g_test_add_data_func ("/message-notifications/default-presents-window", &ctx, test_default_presents_window);
  g_test_add_data_func ("/message-notifications/focus-withdraws", &ctx, test_focus_withdraws);
  g_test_add_data_func ("/message-notifications/focused-and-own-are-silent", &ctx, test_focused_and_own_are_silent);
  g_test_add_data_func ("/message-notifications/text-hidden", &ctx, test_text_hidden);
  g_test_add_data_func ("/message-notifications/keep-in-background", &ctx, test_keep_in_background);
  g_test_add_data_func ("/message-notifications/row-opens-conversation", &ctx, test_row_opens_conversation);

  status = g_test_run ();

  app_fixture_clear (&ctx.fx);
  g_free (ctx.conversation_id);
  return status;
}

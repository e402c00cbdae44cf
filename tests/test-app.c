/* test-app.c: the whole application against the simulator and a fake
 * notification server: a notification's Accept opens the conversation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include "app-fixture.h"
#include "beckon-application.h"
#include "beckon-conversation-window.h"
#include "beckon-window.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "app test password"

typedef struct
{
  AppFixture  fx; /* first: the conditions waited on receive the context */
  guint       expected_notify;
  const char *expected_state;
  const char *summary;
  gpointer    window;          /* BeckonConversationWindow, for window_is_conferenced */
  int         niceness_before; /* the test's main thread's, before the app started */
} Context;

static gboolean
has_conversation_window (gpointer user_data)
{
  return app_fixture_find_conversation_window (user_data, ((Context *) user_data)->expected_state) != NULL;
}

static gboolean
has_summary (gpointer user_data)
{
  Context                     *ctx = user_data;
  g_autoptr (FakeNotification) found = fake_notification_server_find_by_summary (ctx->fx.notifications, ctx->summary);

  return found != NULL && fake_notification_has_action (found, "accept");
}

/* The label of the notification's button for @action. */
static const char *
button_label (const FakeNotification *notification,
              const char             *action)
{
  for (guint i = 0; notification->actions[i] != NULL && notification->actions[i + 1] != NULL; i += 2)
    if (g_str_equal (notification->actions[i], action))
      return notification->actions[i + 1];
  return NULL;
}

static void
accept_from_notification (Context    *ctx,
                          const char *summary,
                          const char *state)
{
  g_autoptr (FakeNotification) notification = NULL;
  BeckonConversationWindow    *window;

  ctx->summary = summary;
  app_fixture_wait (&ctx->fx, has_summary, "the invitation's notification");
  notification = fake_notification_server_find_by_summary (ctx->fx.notifications, summary);
  g_assert_true (fake_notification_has_action (notification, "decline"));
  g_assert_cmpstr (notification->desktop_entry, ==, "io.github.beckon.Beckon");

  /* The user clicks Accept in the popup. */
  g_assert_true (fake_notification_server_invoke_action (ctx->fx.notifications, notification->id, "accept"));
  ctx->expected_state = state;
  app_fixture_wait (&ctx->fx, has_conversation_window, "the conversation window");

  window = app_fixture_find_conversation_window (&ctx->fx, ctx->expected_state);
  g_assert_cmpstr (beckon_conversation_window_get_state_text (window), ==, state);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
}

static void
test_im_accept_opens_window (gconstpointer data)
{
  Context         *ctx = (Context *) data;
  g_autofree char *id = NULL;

  app_fixture_sign_in (&ctx->fx);
  id = ucwa_sim_server_start_im_invitation (ctx->fx.sim, NULL, "sip:ada@contoso.com", "Ada Lovelace",
                                            "Hi, got a minute?");
  g_assert_nonnull (id);
  ctx->summary = "Ada Lovelace invites you to chat";
  app_fixture_wait (&ctx->fx, has_summary, "the invitation's notification");
  {
    g_autoptr (FakeNotification) notification = fake_notification_server_find_by_summary (ctx->fx.notifications,
                                                                                          ctx->summary);

    g_assert_cmpstr (button_label (notification, "accept"), ==, "Accept");
  }
  accept_from_notification (ctx, "Ada Lovelace invites you to chat", "Connected");
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->fx.sim, "POST", "/accept"), ==, 1);
}

static void
test_meeting_accept_opens_window (gconstpointer data)
{
  Context         *ctx = (Context *) data;
  g_autofree char *id = NULL;

  app_fixture_sign_in (&ctx->fx);
  id = ucwa_sim_server_start_meeting_invitation (ctx->fx.sim, NULL, "sip:grace@contoso.com", "Grace Hopper",
                                                 "Release planning");
  g_assert_nonnull (id);
  accept_from_notification (ctx, "Grace Hopper invites you to a meeting", "Conferenced");
  /* One accept per invitation: the chat invitation before, this one now. */
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->fx.sim, "POST", "/accept"), ==, 2);
}

static gboolean
window_is_conferenced (gpointer user_data)
{
  Context *ctx = user_data;

  return g_strcmp0 (beckon_conversation_window_get_state_text (ctx->window), "Conferenced") == 0;
}

static gboolean
item_has_conversation (gpointer item)
{
  return beckon_invitation_copy_get_conversation (item) != NULL;
}

static gboolean
item_is_accepted (gpointer item)
{
  return beckon_invitation_copy_get_state (item) == BECKON_INVITATION_STATE_ACCEPTED;
}

/* A meeting's window opens as soon as it is accepted, and follows it from
 * Joining… to Conferenced; its notification and its row say "Join". */
static void
test_meeting_window_opens_at_once (gconstpointer data)
{
  Context                         *ctx = (Context *) data;
  g_autoptr (FakeNotification)     notification = NULL;
  g_autoptr (BeckonInvitationCopy) item = NULL;
  g_autofree char                 *id = NULL;
  BeckonConversationWindow        *joining;

  app_fixture_sign_in (&ctx->fx);
  /* The accept is answered after 2 s: the window must not wait for it. */
  ucwa_sim_server_inject_fault (ctx->fx.sim, UCWA_SIM_FAULT_ACCEPT_SLOW, 1);
  id = ucwa_sim_server_start_meeting_invitation (ctx->fx.sim, NULL, "sip:grace@contoso.com", "Grace Hopper",
                                                 "Design review");
  g_assert_nonnull (id);
  ctx->summary = "Grace Hopper invites you to a meeting";
  app_fixture_wait (&ctx->fx, has_summary, "the meeting's notification");
  notification = fake_notification_server_find_by_summary (ctx->fx.notifications, ctx->summary);
  g_assert_cmpstr (button_label (notification, "accept"), ==, "Join");
  g_assert_cmpstr (button_label (notification, "decline"), ==, "Decline");

  g_assert_true (fake_notification_server_invoke_action (ctx->fx.notifications, notification->id, "accept"));
  ctx->expected_state = "Joining…";
  app_fixture_wait (&ctx->fx, has_conversation_window, "the meeting's window, joining");
  joining = app_fixture_find_conversation_window (&ctx->fx, ctx->expected_state);
  item = g_list_model_get_item (beckon_account_copy_get_invitations (beckon_application_get_account_copy (ctx->fx.app)), 0);
  g_assert_cmpint (beckon_invitation_copy_get_state (item), ==, BECKON_INVITATION_STATE_JOINING);
  /* The window shows the invitation's conversation (the item's copy names
   * it with the batch after the one that opened the window). */
  test_wait_until (item_has_conversation, item, "the item's copy to name its conversation");
  g_assert_true (beckon_conversation_window_get_conversation (joining) == beckon_invitation_copy_get_conversation (item));

  /* The same window, Conferenced: no second one for this conversation. */
  ctx->expected_state = "Conferenced";
  ctx->window = joining;
  app_fixture_wait (&ctx->fx, window_is_conferenced, "the meeting's window, Conferenced");
  ctx->window = NULL;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->fx.app)); l != NULL; l = l->next)
    g_assert_true (l->data == joining || !BECKON_IS_CONVERSATION_WINDOW (l->data) ||
                   beckon_conversation_window_get_conversation (l->data) !=
                     beckon_conversation_window_get_conversation (joining));
  /* The slow accept's answer may come after the conversation is
   * Conferenced: the item is Accepted once it has. */
  test_wait_until (item_is_accepted, item, "the meeting's invitation to be accepted");
  gtk_window_destroy (GTK_WINDOW (joining));
}

static gboolean
has_main_window (gpointer user_data)
{
  Context *ctx = user_data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->fx.app)); l != NULL; l = l->next)
    if (BECKON_IS_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      return TRUE;
  return FALSE;
}

static void
test_invitation_list_from_notification (gconstpointer data)
{
  Context                     *ctx = (Context *) data;
  g_autoptr (FakeNotification) notification = NULL;
  g_autofree char             *id = NULL;
  GListModel                  *items;

  app_fixture_sign_in (&ctx->fx);
  id = ucwa_sim_server_start_im_invitation (ctx->fx.sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Lunch?");
  ctx->summary = "Bob Builder invites you to chat";
  app_fixture_wait (&ctx->fx, has_summary, "the notification");
  notification = fake_notification_server_find_by_summary (ctx->fx.notifications, ctx->summary);

  /* Clicking the popup itself opens the invitation in the main window,
   * where it can be answered too. */
  g_assert_true (fake_notification_server_invoke_action (ctx->fx.notifications, notification->id, "default"));
  app_fixture_wait (&ctx->fx, has_main_window, "the main window");

  items = beckon_account_copy_get_invitations (beckon_application_get_account_copy (ctx->fx.app));
  g_assert_cmpuint (g_list_model_get_n_items (items), >=, 3);
  {
    g_autoptr (BeckonInvitationCopy) newest = g_list_model_get_item (items, 0);

    g_assert_cmpstr (beckon_invitation_copy_get_inviter (newest), ==, "Bob Builder");
    g_assert_true (beckon_invitation_copy_get_answerable (newest));
  }
}

static gboolean
all_missed (gpointer user_data)
{
  Context                         *ctx = user_data;
  GListModel                      *items = beckon_account_copy_get_invitations (beckon_application_get_account_copy (ctx->fx.app));
  g_autoptr (BeckonInvitationCopy) newest = g_list_model_get_n_items (items) ? g_list_model_get_item (items, 0) : NULL;

  return newest != NULL && beckon_invitation_copy_get_state (newest) == BECKON_INVITATION_STATE_MISSED &&
         g_strcmp0 (beckon_invitation_copy_get_body (newest), "Last") == 0;
}

static void
test_history_bounded (gconstpointer data)
{
  Context         *ctx = (Context *) data;
  GListModel      *items = beckon_account_copy_get_invitations (beckon_application_get_account_copy (ctx->fx.app));
  g_autofree char *pending_id = NULL;

  app_fixture_sign_in (&ctx->fx);
  pending_id = ucwa_sim_server_start_im_invitation (ctx->fx.sim, NULL, "sip:dora@contoso.com", "Dora", "Still waiting");

  /* A service that runs for weeks sees thousands of invitations: the list
   * keeps the recent history and every invitation still waiting. */
  for (guint i = 0; i < 240; i++)
    {
      g_autofree char *id = ucwa_sim_server_start_im_invitation (ctx->fx.sim, NULL, "sip:eve@contoso.com", "Eve",
                                                                 i == 239 ? "Last" : "Ping");

      g_assert_nonnull (id);
      g_assert_true (ucwa_sim_server_cancel_invitation (ctx->fx.sim, id));
    }
  /* 480 events, 240 popups shown and withdrawn: under the sanitizers on
   * a busy two-core machine this took over app_fixture_wait()'s 20 s. */
  if (!fake_notification_server_wait (ctx->fx.notifications, all_missed, ctx, 90000))
    g_error ("Timed out waiting for 240 missed invitations");

  g_assert_cmpuint (g_list_model_get_n_items (items), <=, 201);
  g_assert_cmpuint (g_list_model_get_n_items (items), >=, 200);
  {
    gboolean found_pending = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (items); i++)
      {
        g_autoptr (BeckonInvitationCopy) item = g_list_model_get_item (items, i);

        if (g_strcmp0 (beckon_invitation_copy_get_body (item), "Still waiting") == 0)
          found_pending = beckon_invitation_copy_get_answerable (item);
      }
    g_assert_true (found_pending);
  }
}

static void
test_quit_signs_out (gconstpointer data)
{
  Context *ctx = (Context *) data;

  app_fixture_sign_in (&ctx->fx);
  g_assert_cmpuint (ucwa_sim_server_count_applications (ctx->fx.sim), ==, 1);
  /* The quit path (also SIGTERM and SIGINT) deletes the UCWA application. */
  g_action_group_activate_action (G_ACTION_GROUP (ctx->fx.app), "quit", NULL);
  test_wait_until (sim_fixture_has_no_application, ctx->fx.sim, "the application to be deleted");
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->fx.sim, "DELETE", NULL), >=, 1);
}

static void
read_niceness (gpointer data)
{
  *(int *) data = getpriority (PRIO_PROCESS, 0);
}

/* The GTK thread steps back for the core's, so that a paint does not
 * delay an invitation's popup or an answer; the core keeps the priority
 * the program started with (Linux: a thread's own). */
static void
test_core_ahead_of_gtk_thread (gconstpointer data)
{
  const Context *ctx = data;
  int            core_niceness = -100;

  g_assert_cmpint (getpriority (PRIO_PROCESS, 0), ==, MIN (ctx->niceness_before + 5, 19));
  beckon_core_call (beckon_application_get_core (ctx->fx.app), read_niceness, &core_niceness);
  g_assert_cmpint (core_niceness, ==, ctx->niceness_before);
}

int
main (int   argc,
      char *argv[])
{
  Context ctx = { 0 };
  int     status;

  ctx.niceness_before = getpriority (PRIO_PROCESS, 0);
  app_fixture_init (&ctx.fx, &argc, &argv, USER, PASSWORD);

  g_test_add_data_func ("/app/im/accept-opens-window", &ctx, test_im_accept_opens_window);
  g_test_add_data_func ("/app/meeting/accept-opens-window", &ctx, test_meeting_accept_opens_window);
  g_test_add_data_func ("/app/meeting/window-opens-at-once", &ctx, test_meeting_window_opens_at_once);
  g_test_add_data_func ("/app/notification/default-opens-list", &ctx, test_invitation_list_from_notification);
  g_test_add_data_func ("/app/history/bounded", &ctx, test_history_bounded);
#ifdef __linux__
  g_test_add_data_func ("/app/priority/core-ahead-of-gtk-thread", &ctx, test_core_ahead_of_gtk_thread);
#endif
  g_test_add_data_func ("/app/quit/signs-out", &ctx, test_quit_signs_out);

  status = g_test_run ();

  app_fixture_clear (&ctx.fx);
  return status;
}

/* test-lobby.c: meetings that keep you waiting in the lobby, through the
 * whole application against the simulator and a fake notification server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "app-fixture.h"
#include "beckon-application.h"
#include "beckon-conversation-window.h"
#include "test-util.h"

#define USER       "sip:alice@contoso.com"
#define PASSWORD   "lobby test password"
#define LOBBY_TEXT "Waiting in the lobby…"
/* The session's operation timeout here, much shorter than the waits. */
#define OPERATION_TIMEOUT_MS 1000

typedef struct
{
  AppFixture            fx; /* first: the conditions waited on receive the context */
  const char           *summary;
  const char           *expected_state;
  BeckonInvitationCopy *item; /* the invitation as the windows show it */
  /* The core's item the copy follows, and the states it took: the core's
   * thread's, touched only there (beckon_core_call()).  Every state it
   * went through, which a copy's batch may fold together. */
  BeckonInvitationItem *core_item;
  guint                 states_seen; /* 1 << BeckonInvitationState */
  gpointer              window;      /* weak */
  char                 *meeting_id;  /* the invitation in the lobby: its id for admit_from_lobby() */
  gint64                admit_after; /* monotonic µs */
} Context;

static BeckonCore *
core (Context *ctx)
{
  return beckon_application_get_core (BECKON_APPLICATION (ctx->fx.app));
}

static gboolean
has_conversation_window (gpointer user_data)
{
  return app_fixture_find_conversation_window (user_data, ((Context *) user_data)->expected_state) != NULL;
}

static gboolean
window_is_gone (gpointer user_data)
{
  Context *ctx = user_data;

  return ctx->window == NULL;
}

static gboolean
has_ringing_summary (gpointer user_data)
{
  Context                     *ctx = user_data;
  g_autoptr (FakeNotification) found = fake_notification_server_find_by_summary (ctx->fx.notifications, ctx->summary);

  return found != NULL && fake_notification_has_action (found, "accept");
}

static gboolean
notification_says_lobby (gpointer user_data)
{
  Context                     *ctx = user_data;
  g_autoptr (FakeNotification) found = fake_notification_server_find_by_summary (ctx->fx.notifications, ctx->summary);

  return found != NULL && g_strcmp0 (found->body, LOBBY_TEXT) == 0;
}

/* On the core, where the item changes. */
static void
item_state_cb (BeckonInvitationItem *item,
               GParamSpec           *pspec,
               Context              *ctx)
{
  ctx->states_seen |= 1u << beckon_invitation_item_get_state (item);
}

/* On the core: lets go of the item followed. */
static void
drop_core_item_run (gpointer data)
{
  Context *ctx = data;

  if (ctx->core_item != NULL)
    g_signal_handlers_disconnect_by_data (ctx->core_item, ctx);
  g_clear_object (&ctx->core_item);
}

/* On the core: follows the newest invitation's states from now on. */
static void
follow_newest_run (gpointer data)
{
  Context    *ctx = data;
  GListModel *items = beckon_account_get_invitations (beckon_application_get_account (ctx->fx.app));

  drop_core_item_run (ctx);
  ctx->core_item = g_list_model_get_item (items, 0);
  g_assert_nonnull (ctx->core_item);
  ctx->states_seen = 0;
  g_signal_connect (ctx->core_item, "notify::state", G_CALLBACK (item_state_cb), ctx);
}

typedef struct
{
  Context              *ctx;
  guint                 states_seen;
  BeckonInvitationState state;
  char                 *status_text;
  UcwaInvitationStatus  status;
  gboolean              can_accept;
} CoreItem;

/* On the core: the followed item as it is now, and what the account says
 * of answering it. */
static void
read_core_item_run (gpointer data)
{
  CoreItem *read = data;
  Context  *ctx = read->ctx;

  read->states_seen = ctx->states_seen;
  read->state = beckon_invitation_item_get_state (ctx->core_item);
  read->status_text = g_strdup (beckon_invitation_item_get_status_text (ctx->core_item));
  read->status = ucwa_invitation_get_status (beckon_invitation_item_get_invitation (ctx->core_item));
  read->can_accept = beckon_account_can_answer (beckon_application_get_account (ctx->fx.app), ctx->core_item,
                                                BECKON_ANSWER_ACCEPT, NULL);
}

/* The caller frees status_text. */
static CoreItem
read_core_item (Context *ctx)
{
  CoreItem read = { .ctx = ctx };

  beckon_core_call (core (ctx), read_core_item_run, &read);
  return read;
}

static gboolean
has_item_copy (gpointer user_data)
{
  Context *ctx = user_data;

  g_set_object (&ctx->item, beckon_account_copy_find_item (beckon_application_get_account_copy (ctx->fx.app),
                                                           ctx->core_item));
  return ctx->item != NULL;
}

static gboolean
is_state (Context              *ctx,
          BeckonInvitationState state)
{
  return beckon_invitation_copy_get_state (ctx->item) == state;
}

static gboolean
is_accepted (gpointer user_data)
{
  return is_state (user_data, BECKON_INVITATION_STATE_ACCEPTED);
}

static gboolean
is_not_joined (gpointer user_data)
{
  return is_state (user_data, BECKON_INVITATION_STATE_NOT_JOINED);
}

/* On the core, where the application's session is. */
static void
set_operation_timeout_run (gpointer data)
{
  Context *ctx = data;

  ucwa_session_set_operation_timeout (app_fixture_get_session (&ctx->fx), OPERATION_TIMEOUT_MS);
}

/* Signs in with a short operation timeout, starts a meeting invitation
 * that will keep the user in the lobby until told (ctx->meeting_id), and
 * accepts it from its notification: the window opens at once, in the
 * lobby. */
static BeckonConversationWindow *
accept_into_lobby (Context    *ctx,
                   const char *inviter,
                   const char *summary)
{
  g_autoptr (FakeNotification) notification = NULL;
  BeckonConversationWindow    *window;
  CoreItem                     now;

  app_fixture_sign_in (&ctx->fx);
  /* Much shorter than the lobby wait: the accept must outlive it. */
  beckon_core_call (core (ctx), set_operation_timeout_run, ctx);
  ucwa_sim_server_set_lobby_hold (ctx->fx.sim, UCWA_SIM_LOBBY_HOLD_UNTIL_TOLD);
  ucwa_sim_server_inject_fault (ctx->fx.sim, UCWA_SIM_FAULT_ACCEPT_LOBBY_HOLD, 1);

  g_free (ctx->meeting_id);
  ctx->meeting_id = ucwa_sim_server_start_meeting_invitation (ctx->fx.sim, NULL, "sip:grace@contoso.com", inviter,
                                                              "Release planning");
  g_assert_nonnull (ctx->meeting_id);
  ctx->summary = summary;
  app_fixture_wait (&ctx->fx, has_ringing_summary, "the meeting's notification");

  /* The notification is the core's: its item is there, the copy may
   * follow a batch later. */
  beckon_core_call (core (ctx), follow_newest_run, ctx);
  g_clear_object (&ctx->item);
  app_fixture_wait (&ctx->fx, has_item_copy, "the meeting's invitation in the copy");
  g_assert_true (beckon_invitation_copy_get_is_meeting (ctx->item));

  notification = fake_notification_server_find_by_summary (ctx->fx.notifications, summary);
  g_assert_true (fake_notification_server_invoke_action (ctx->fx.notifications, notification->id, "accept"));

  ctx->expected_state = LOBBY_TEXT;
  app_fixture_wait (&ctx->fx, has_conversation_window, "the conversation window in the lobby");
  app_fixture_wait (&ctx->fx, notification_says_lobby, "the notification to say " LOBBY_TEXT);
  now = read_core_item (ctx);
  g_assert_cmpint (now.state, ==, BECKON_INVITATION_STATE_IN_LOBBY);
  g_assert_cmpstr (now.status_text, ==, LOBBY_TEXT);
  g_free (now.status_text);
  window = app_fixture_find_conversation_window (&ctx->fx, ctx->expected_state);
  g_assert_nonnull (window);
  return window;
}

/* Time itself is what the lobby wait must outlive: not a synchronisation. */
static gboolean
admission_is_due (gpointer user_data)
{
  Context *ctx = user_data;

  return g_get_monotonic_time () >= ctx->admit_after;
}

static void
test_waiting_in_the_lobby_longer_than_the_timeout (gconstpointer data)
{
  Context *ctx = (Context *) data;
  CoreItem seen;

  accept_into_lobby (ctx, "Grace Hopper", "Grace Hopper invites you to a meeting");
  ctx->admit_after = g_get_monotonic_time () + 3 * OPERATION_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  app_fixture_wait (&ctx->fx, admission_is_due, "three operation timeouts in the lobby");
  g_assert_true (ucwa_sim_server_admit_from_lobby (ctx->fx.sim, ctx->meeting_id));

  /* Admitted after three times the operation timeout: the same window
   * turns Conferenced, and the accept never counted as failed nor as
   * answered elsewhere. */
  ctx->expected_state = "Conferenced";
  app_fixture_wait (&ctx->fx, has_conversation_window, "the conversation window to turn Conferenced");
  app_fixture_wait (&ctx->fx, is_accepted, "the invitation to be accepted");
  seen = read_core_item (ctx);
  g_free (seen.status_text);
  g_assert_cmpint (seen.state, ==, BECKON_INVITATION_STATE_ACCEPTED);
  g_assert_cmpuint (seen.states_seen & (1u << BECKON_INVITATION_STATE_FAILED), ==, 0);
  g_assert_cmpuint (seen.states_seen & (1u << BECKON_INVITATION_STATE_ANSWERED_ELSEWHERE), ==, 0);
  g_assert_cmpuint (seen.states_seen & (1u << BECKON_INVITATION_STATE_IN_LOBBY), !=, 0);
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->fx.sim, "DELETE", NULL), ==, 0);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
popup_gone_or_quiet (gpointer user_data)
{
  Context                     *ctx = user_data;
  g_autoptr (FakeNotification) found = fake_notification_server_find_by_summary (ctx->fx.notifications, ctx->summary);

  return found != NULL && (!fake_notification_server_is_open (ctx->fx.notifications, found->id) ||
                           fake_notification_count_buttons (found) == 0);
}

static void
test_leaving_the_lobby_from_the_window (gconstpointer data)
{
  Context                  *ctx = (Context *) data;
  BeckonConversationWindow *window;
  g_autofree char          *href = NULL;
  g_autofree char          *conversation_path = NULL;
  GtkWidget                *leave;
  CoreItem                  ended;

  /* Held until told, and never told: only leaving ends the wait. */
  window = accept_into_lobby (ctx, "Katherine Johnson", "Katherine Johnson invites you to a meeting");
  ctx->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), &ctx->window);
  app_fixture_conversation_ids (&ctx->fx, window, NULL, &href);
  conversation_path = g_strdup (strstr (href, "/communication/conversations/"));
  g_assert_nonnull (conversation_path);

  leave = find_button (GTK_WIDGET (window), "_Leave");
  g_assert_nonnull (leave);
  g_assert_true (gtk_widget_get_sensitive (leave));
  g_assert_true (gtk_widget_activate (leave));

  /* The join ends unadmitted: the window closes, the item says it was not
   * joined and why, and nothing offers an answer any more. */
  app_fixture_wait (&ctx->fx, is_not_joined, "the invitation to end not joined");
  app_fixture_wait (&ctx->fx, window_is_gone, "the window to close");
  app_fixture_wait (&ctx->fx, popup_gone_or_quiet, "the popup to close");
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->fx.sim, "DELETE", conversation_path), ==, 1);
  g_assert_cmpstr (beckon_invitation_copy_get_status_text (ctx->item), ==, "Not joined");
  g_assert_nonnull (beckon_invitation_copy_get_error_message (ctx->item));
  g_assert_false (beckon_invitation_copy_get_answerable (ctx->item));
  g_assert_false (beckon_account_copy_can_answer (beckon_application_get_account_copy (ctx->fx.app), ctx->item,
                                                  BECKON_ANSWER_ACCEPT, NULL));
  /* And on the core, which the copy follows. */
  ended = read_core_item (ctx);
  g_assert_cmpint (ended.state, ==, BECKON_INVITATION_STATE_NOT_JOINED);
  g_assert_cmpstr (ended.status_text, ==, "Not joined");
  g_free (ended.status_text);
  g_assert_false (ended.can_accept);
  g_assert_cmpint (ended.status, ==, UCWA_INVITATION_STATUS_FAILED);
  g_assert_cmpuint (ended.states_seen & (1u << BECKON_INVITATION_STATE_FAILED), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  Context ctx = { 0 };
  int     status;

  app_fixture_init (&ctx.fx, &argc, &argv, USER, PASSWORD);

  g_test_add_data_func ("/lobby/meeting/waiting-in-the-lobby-longer-than-the-timeout", &ctx,
                        test_waiting_in_the_lobby_longer_than_the_timeout);
  g_test_add_data_func ("/lobby/meeting/leaving-the-lobby-from-the-window", &ctx,
                        test_leaving_the_lobby_from_the_window);

  status = g_test_run ();

  beckon_core_call (core (&ctx), drop_core_item_run, &ctx);
  g_clear_object (&ctx.item);
  g_free (ctx.meeting_id);
  app_fixture_clear (&ctx.fx);
  return status;
}

/* test-notifier-restart.c: the notification daemon restarts while
 * invitations ring (GNOME Shell restarts, a crashed daemon comes back),
 * against the simulator and the fake notification server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fake-notification-server.h"
#include "notifier-fixture.h"
#include "test-util.h"

typedef struct
{
  NotifierFixture         base;   /* its server: the first daemon */
  FakeNotificationServer *second; /* the one that replaces it */
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  notifier_fixture_set_up_with_server (&fixture->base, fake_notification_server_new ());
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  notifier_fixture_tear_down (&fixture->base);
  g_clear_pointer (&fixture->second, fake_notification_server_free);
}

typedef struct
{
  FakeNotificationServer *server;
  const char             *summary;
} SummaryWait;

static gboolean
is_closed (gpointer user_data)
{
  SummaryWait                 *wait = user_data;
  g_autoptr (FakeNotification) found = fake_notification_server_find_by_summary (wait->server, wait->summary);

  return found != NULL && !fake_notification_server_is_open (wait->server, found->id);
}

/* Ada and Bob ring, Carol rang and was missed; then the daemon is replaced. */
static void
ring_then_restart (Fixture           *fixture,
                   const char *const *second_caps)
{
  NotifierFixture             *fx = &fixture->base;
  g_autoptr (GError)           error = NULL;
  g_autoptr (FakeNotification) missed = NULL;
  g_autofree char             *carol_id = NULL;
  BeckonInvitationItem        *carol;

  notifier_fixture_receive_im (fx, "sip:ada@contoso.com", "Ada Lovelace", "One", NULL);
  notifier_fixture_receive_im (fx, "sip:bob@contoso.com", "Bob Builder", "Two", NULL);
  carol = notifier_fixture_receive_im (fx, "sip:carol@contoso.com", "Carol Shaw", "Three", &carol_id);
  g_clear_pointer (&missed, fake_notification_free);
  fake_notification_free (notifier_fixture_wait_for_summary (fixture->base.server, "Ada Lovelace invites you to chat"));
  fake_notification_free (notifier_fixture_wait_for_summary (fixture->base.server, "Bob Builder invites you to chat"));
  g_assert_true (ucwa_sim_server_cancel_invitation (fx->sim, carol_id));
  notifier_fixture_wait_for_state (fx, carol, BECKON_INVITATION_STATE_MISSED);
  missed = notifier_fixture_wait_for_summary (fixture->base.server, "Missed chat from Carol Shaw");

  /* The daemon goes (it releases the name, and says nothing of what it
   * showed), a new one takes its place. */
  fake_notification_server_stop (fixture->base.server);
  fixture->second = fake_notification_server_new ();
  if (second_caps != NULL)
    fake_notification_server_set_capabilities (fixture->second, second_caps);
  g_assert_true (fake_notification_server_start (fixture->second, &error));
  g_assert_no_error (error);
}

/* What still rings is on the new daemon, exactly once each, with its
 * buttons; what ended is not; and the buttons work there. */
static void
test_daemon_restarts_while_ringing (Fixture      *fixture,
                                    gconstpointer data)
{
  NotifierFixture             *fx = &fixture->base;
  g_autoptr (FakeNotification) ada = NULL;
  g_autoptr (FakeNotification) bob = NULL;
  g_autoptr (FakeNotification) dave = NULL;
  BeckonInvitationItem        *ada_item;
  SummaryWait                  closed = { NULL, "Ada Lovelace invites you to chat" };

  ring_then_restart (fixture, NULL);
  ada_item = g_ptr_array_index (fx->items, 0);

  ada = notifier_fixture_wait_for_summary (fixture->second, "Ada Lovelace invites you to chat");
  bob = notifier_fixture_wait_for_summary (fixture->second, "Bob Builder invites you to chat");

  /* One more invitation after the new daemon is up: the worker shows in
   * order, so once Dave's popup is there, every repeat would be too. */
  notifier_fixture_receive_im (fx, "sip:dave@contoso.com", "Dave Cutler", "Four", NULL);
  dave = notifier_fixture_wait_for_summary (fixture->second, "Dave Cutler invites you to chat");
  g_assert_cmpuint (notifier_fixture_count_with_summary (fixture->second, "Ada Lovelace invites you to chat"), ==, 1);
  g_assert_cmpuint (notifier_fixture_count_with_summary (fixture->second, "Bob Builder invites you to chat"), ==, 1);
  g_assert_cmpuint (notifier_fixture_count_with_summary (fixture->second, "Dave Cutler invites you to chat"), ==, 1);
  g_assert_cmpuint (notifier_fixture_count_with_summary (fixture->second, "Missed chat from Carol Shaw"), ==, 0);
  g_assert_cmpuint (notifier_fixture_count_with_summary (fixture->second, "Carol Shaw invites you to chat"), ==, 0);
  g_assert_cmpuint (fake_notification_server_get_notify_count (fixture->second), ==, 3);

  /* New notifications there, not replacements of ids the old daemon gave. */
  g_assert_cmpuint (ada->replaces_id, ==, 0);
  g_assert_cmpuint (bob->replaces_id, ==, 0);
  g_assert_true (fake_notification_has_action (ada, "accept"));
  g_assert_true (fake_notification_has_action (ada, "decline"));
  g_assert_true (fake_notification_has_action (bob, "accept"));
  g_assert_true (fake_notification_has_action (bob, "decline"));
  g_assert_cmpstr (ada->body, ==, "One");
  g_assert_cmpint (ada->expire_timeout, ==, 0);

  /* The capabilities were read from the new daemon. */
  g_assert_cmpuint (fake_notification_server_get_caps_count (fixture->second), >=, 1);
  g_assert_true (beckon_notifier_get_has_actions (fx->notifier));

  /* Accept on the new daemon answers the invitation. */
  g_assert_true (fake_notification_server_invoke_action (fixture->second, ada->id, "accept"));
  notifier_fixture_wait_for_state (fx, ada_item, BECKON_INVITATION_STATE_ACCEPTED);
  closed.server = fixture->second;
  test_wait_until (is_closed, &closed, "Ada's popup to close");
  g_assert_cmpuint (ucwa_sim_server_count_requests (fx->sim, "POST", "/accept"), ==, 1);
  test_wait_for_count (&fx->n_conversation_ready, 1, "the conversation");
}

static gboolean
has_no_actions (gpointer user_data)
{
  return beckon_notifier_get_caps_known (user_data) && !beckon_notifier_get_has_actions (user_data);
}

static gboolean
has_actions (gpointer user_data)
{
  return beckon_notifier_get_caps_known (user_data) && beckon_notifier_get_has_actions (user_data);
}

/* The new daemon draws no buttons: the popups come back without them, and
 * the notifier says so. */
static void
test_daemon_restarts_without_buttons (Fixture      *fixture,
                                      gconstpointer data)
{
  static const char *const     caps[] = { "body", NULL };
  NotifierFixture             *fx = &fixture->base;
  g_autoptr (FakeNotification) ada = NULL;

  /* The first daemon's capabilities come first (on the worker thread). */
  test_wait_until (has_actions, fx->notifier, "the first daemon's capabilities");
  ring_then_restart (fixture, caps);

  ada = notifier_fixture_wait_for_summary (fixture->second, "Ada Lovelace invites you to chat");
  g_assert_cmpuint (fake_notification_count_buttons (ada), ==, 0);
  test_wait_until (has_no_actions, fx->notifier, "has-actions to turn off");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/notifier/restart/while-ringing", Fixture, NULL,
              fixture_set_up, test_daemon_restarts_while_ringing, fixture_tear_down);
  g_test_add ("/notifier/restart/without-buttons", Fixture, NULL,
              fixture_set_up, test_daemon_restarts_without_buttons, fixture_tear_down);

  return g_test_run ();
}

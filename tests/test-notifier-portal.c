/* test-notifier-portal.c: desktop notifications through the notification
 * portal (libnotify's path inside Flatpak, forced here with
 * NOTIFY_FORCE_PORTAL=1), against the simulator and a fake portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The portal says nothing when a notification expires or is dismissed, and
 * removes one whose action (a button, or the body) was invoked; libnotify
 * reports that as a dismissal.  These are the situations where that used to
 * mislead the notifier.
 */

#include "config.h"

#include <string.h>

#include "fake-notification-portal.h"
#include "notifier-fixture.h"
#include "test-util.h"

typedef struct
{
  NotifierFixture         base;
  FakeNotificationPortal *portal;
} Fixture;

static gboolean
is_portal_notice (const char *log_domain,
                  const char *message)
{
  return g_strcmp0 (log_domain, "libnotify") == 0 && strstr (message, "Portal notifications") != NULL;
}

/* libnotify says, as a warning, that it uses the portal: expected here, so
 * neither printed as a failure nor fatal; any other warning is both. */
static void
libnotify_log_cb (const char    *log_domain,
                  GLogLevelFlags log_level,
                  const char    *message,
                  gpointer       user_data)
{
  if (is_portal_notice (log_domain, message))
    g_test_message ("libnotify: %s", message);
  else
    g_log_default_handler (log_domain, log_level, message, user_data);
}

static gboolean
log_fatal_cb (const char    *log_domain,
              GLogLevelFlags log_level,
              const char    *message,
              gpointer       user_data)
{
  return !is_portal_notice (log_domain, message);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  /* GLib resets it before each test. */
  g_test_log_set_fatal_handler (log_fatal_cb, NULL);
  fixture->portal = fake_notification_portal_new ();
  g_assert_true (fake_notification_portal_start (fixture->portal, &error));
  g_assert_no_error (error);
  notifier_fixture_set_up (&fixture->base);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  notifier_fixture_tear_down (&fixture->base);
  g_clear_pointer (&fixture->portal, fake_notification_portal_free);
}

typedef struct
{
  FakeNotificationPortal *portal;
  const char             *title;
  const char             *body; /* NULL: any */
} ShownWait;

/* The latest notification with this title (and body), if it is shown. */
static FakePortalNotification *
find_shown (ShownWait *wait)
{
  g_autoptr (FakePortalNotification) latest = fake_notification_portal_find_by_title (wait->portal, wait->title);

  if (latest == NULL || !fake_notification_portal_is_open (wait->portal, latest->id))
    return NULL;
  if (wait->body != NULL && g_strcmp0 (latest->body, wait->body) != 0)
    return NULL;
  return g_steal_pointer (&latest);
}

static gboolean
is_shown (gpointer user_data)
{
  g_autoptr (FakePortalNotification) found = find_shown (user_data);

  return found != NULL;
}

static FakePortalNotification *
wait_for_shown (Fixture    *fixture,
                const char *title,
                const char *body)
{
  ShownWait wait = { fixture->portal, title, body };

  test_wait_until (is_shown, &wait, title);
  return find_shown (&wait);
}

static FakePortalNotification *
wait_for_popup (Fixture              *fixture,
                BeckonInvitationItem *item)
{
  FakePortalNotification *popup = wait_for_shown (fixture, beckon_invitation_item_get_summary (item), NULL);

  g_assert_true (fake_portal_notification_has_button (popup, "accept"));
  g_assert_true (fake_portal_notification_has_button (popup, "decline"));
  g_assert_cmpstr (popup->default_action, ==, "default");
  return popup;
}

static gboolean
nothing_shown (gpointer user_data)
{
  return fake_notification_portal_count_open (user_data) == 0;
}

static void
wait_for_nothing_shown (Fixture *fixture)
{
  test_wait_until (nothing_shown, fixture->portal, "every notification to go");
}

static gboolean
has_activated (gpointer user_data)
{
  return ((NotifierFixture *) user_data)->activated->len > 0;
}

/* The portal path is the one in use, and it offers buttons. */
static void
test_portal_is_used (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr (FakePortalNotification) popup = NULL;

  popup = wait_for_popup (fixture, notifier_fixture_receive_im (&fixture->base, "sip:ada@contoso.com",
                                                                "Ada Lovelace", "Hello", NULL));
  g_assert_cmpstr (popup->body, ==, "Hello");
  g_assert_true (beckon_notifier_get_has_actions (fixture->base.notifier));
}

static void
test_accept (Fixture      *fixture,
             gconstpointer data)
{
  NotifierFixture                   *fx = &fixture->base;
  BeckonInvitationItem              *item;
  g_autoptr (FakePortalNotification) popup = NULL;

  item = notifier_fixture_receive_im (fx, "sip:ada@contoso.com", "Ada Lovelace", "Hello", NULL);
  popup = wait_for_popup (fixture, item);

  /* The portal removes it, libnotify calls that a dismissal: the answer is
   * still followed to the end. */
  g_assert_true (fake_notification_portal_invoke_action (fixture->portal, popup->id, "accept"));
  notifier_fixture_wait_for_state (fx, item, BECKON_INVITATION_STATE_ACCEPTED);
  test_wait_for_count (&fx->n_conversation_ready, 1, "the conversation");
  wait_for_nothing_shown (fixture);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fx->sim, "POST", "/accept"), ==, 1);
}

static void
test_decline (Fixture      *fixture,
              gconstpointer data)
{
  NotifierFixture                   *fx = &fixture->base;
  BeckonInvitationItem              *item;
  g_autoptr (FakePortalNotification) popup = NULL;

  item = notifier_fixture_receive_im (fx, "sip:ada@contoso.com", "Ada Lovelace", "Hello", NULL);
  popup = wait_for_popup (fixture, item);

  g_assert_true (fake_notification_portal_invoke_action (fixture->portal, popup->id, "decline"));
  notifier_fixture_wait_for_state (fx, item, BECKON_INVITATION_STATE_DECLINED);
  wait_for_nothing_shown (fixture);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fx->sim, "POST", "/decline"), ==, 1);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fx->sim, "POST", "/accept"), ==, 0);
}

/* The server answers the accept with an error: the reason shows, with the
 * buttons back (the click's close was not a dismissal), and they work. */
static void
test_accept_error (Fixture      *fixture,
                   gconstpointer data)
{
  NotifierFixture                   *fx = &fixture->base;
  BeckonInvitationItem              *item;
  g_autoptr (FakePortalNotification) popup = NULL;
  g_autoptr (FakePortalNotification) failed = NULL;
  const char                        *message;

  item = notifier_fixture_receive_im (fx, "sip:ada@contoso.com", "Ada Lovelace", "Hello", NULL);
  popup = wait_for_popup (fixture, item);

  ucwa_sim_server_inject_fault (fx->sim, UCWA_SIM_FAULT_ACCEPT_CALLBACK_CHANNEL_ERROR, 1);
  g_assert_true (fake_notification_portal_invoke_action (fixture->portal, popup->id, "accept"));
  notifier_fixture_wait_for_state (fx, item, BECKON_INVITATION_STATE_FAILED);
  message = beckon_invitation_item_get_error_message (item);
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");

  failed = wait_for_shown (fixture, popup->title, message);
  g_assert_true (fake_portal_notification_has_button (failed, "accept"));
  g_assert_true (fake_portal_notification_has_button (failed, "decline"));

  g_assert_true (fake_notification_portal_invoke_action (fixture->portal, failed->id, "accept"));
  notifier_fixture_wait_for_state (fx, item, BECKON_INVITATION_STATE_ACCEPTED);
  test_wait_for_count (&fx->n_conversation_ready, 1, "the conversation");
  wait_for_nothing_shown (fixture);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fx->sim, "POST", "/accept"), ==, 2);
}

/* The inviter gives up: the popup goes, one "Missed…" notice stays (the
 * portal never says it went), and clicking it opens the invitation. */
static void
test_missed (Fixture      *fixture,
             gconstpointer data)
{
  NotifierFixture                   *fx = &fixture->base;
  BeckonInvitationItem              *item;
  g_autofree char                   *id = NULL;
  g_autoptr (FakePortalNotification) popup = NULL;
  g_autoptr (FakePortalNotification) missed = NULL;
  g_autoptr (FakePortalNotification) next = NULL;

  item = notifier_fixture_receive_im (fx, "sip:ada@contoso.com", "Ada Lovelace", "Ping", &id);
  popup = wait_for_popup (fixture, item);

  g_assert_true (ucwa_sim_server_cancel_invitation (fx->sim, id));
  notifier_fixture_wait_for_state (fx, item, BECKON_INVITATION_STATE_MISSED);
  missed = wait_for_shown (fixture, "Missed chat from Ada Lovelace", "Ping");
  g_assert_false (fake_notification_portal_is_open (fixture->portal, popup->id));
  /* No answer any more; a chat of one's own instead (issue 14). */
  g_assert_false (fake_portal_notification_has_button (missed, "accept"));
  g_assert_false (fake_portal_notification_has_button (missed, "decline"));
  g_assert_true (fake_portal_notification_has_button (missed, "reply"));

  /* Told once: the next invitation's popup comes after anything else. */
  next = wait_for_popup (fixture, notifier_fixture_receive_im (fx, "sip:bob@contoso.com", "Bob Builder",
                                                               "Next", NULL));
  g_assert_cmpuint (fake_notification_portal_count_with_title (fixture->portal, "Missed chat from Ada Lovelace"), ==, 1);

  g_assert_true (fake_notification_portal_invoke_action (fixture->portal, missed->id, "default"));
  test_wait_until (has_activated, fx, "activate-invitation");
  g_assert_true (g_ptr_array_index (fx->activated, 0) == item);
}

/* A click on the body opens the invitation; the portal removes the popup,
 * which is not the user dismissing it: what follows is still shown. */
static void
test_body_click (Fixture      *fixture,
                 gconstpointer data)
{
  NotifierFixture                   *fx = &fixture->base;
  BeckonInvitationItem              *item;
  g_autoptr (FakePortalNotification) popup = NULL;
  g_autoptr (FakePortalNotification) joining = NULL;
  g_autoptr (GError)                 error = NULL;

  item = notifier_fixture_receive_im (fx, "sip:ada@contoso.com", "Ada Lovelace", "Hello", NULL);
  popup = wait_for_popup (fixture, item);

  ucwa_sim_server_inject_fault (fx->sim, UCWA_SIM_FAULT_ACCEPT_SLOW, 1);
  g_assert_true (fake_notification_portal_invoke_action (fixture->portal, popup->id, "default"));
  test_wait_until (has_activated, fx, "activate-invitation");
  g_assert_true (g_ptr_array_index (fx->activated, 0) == item);

  /* Answered in the window it opened. */
  g_assert_true (beckon_account_answer (fx->account, item, BECKON_ANSWER_ACCEPT, &error));
  g_assert_no_error (error);
  joining = wait_for_shown (fixture, popup->title, "Joining…");
  g_assert_cmpuint (g_strv_length (joining->buttons), ==, 0);
  notifier_fixture_wait_for_state (fx, item, BECKON_INVITATION_STATE_ACCEPTED);
  wait_for_nothing_shown (fixture);
}

/* The invitation ends while it rings (answered in the window): the popup is
 * withdrawn, and nothing else is said. */
static void
test_withdraw (Fixture      *fixture,
               gconstpointer data)
{
  NotifierFixture                   *fx = &fixture->base;
  BeckonInvitationItem              *item;
  g_autoptr (FakePortalNotification) popup = NULL;
  g_autoptr (FakePortalNotification) next = NULL;
  g_autoptr (GError)                 error = NULL;

  item = notifier_fixture_receive_im (fx, "sip:ada@contoso.com", "Ada Lovelace", "Hello", NULL);
  popup = wait_for_popup (fixture, item);

  g_assert_true (beckon_account_answer (fx->account, item, BECKON_ANSWER_DECLINE, &error));
  g_assert_no_error (error);
  notifier_fixture_wait_for_state (fx, item, BECKON_INVITATION_STATE_DECLINED);
  wait_for_nothing_shown (fixture);
  g_assert_cmpuint (fake_notification_portal_get_remove_count (fixture->portal), >=, 1);

  next = wait_for_popup (fixture, notifier_fixture_receive_im (fx, "sip:bob@contoso.com", "Bob Builder",
                                                               "Next", NULL));
  g_assert_cmpuint (fake_notification_portal_count_with_title (fixture->portal, "Missed chat from Ada Lovelace"), ==, 0);
}

/* The notification portal restarts (its service crashed and was activated
 * again, a new session) while Ada and Bob ring and Carol's missed notice
 * shows: what still rings is on the new portal, exactly once each, with its
 * buttons, and they work there; what ended is not shown again. */
static void
test_portal_restarts_while_ringing (Fixture      *fixture,
                                    gconstpointer data)
{
  NotifierFixture                   *fx = &fixture->base;
  g_autoptr (FakeNotificationPortal) first = NULL;
  g_autoptr (FakePortalNotification) ada = NULL;
  g_autoptr (FakePortalNotification) bob = NULL;
  g_autoptr (FakePortalNotification) dave = NULL;
  g_autoptr (FakePortalNotification) missed = NULL;
  g_autoptr (GError)                 error = NULL;
  g_autofree char                   *carol_id = NULL;
  BeckonInvitationItem              *ada_item;
  BeckonInvitationItem              *carol;

  ada_item = notifier_fixture_receive_im (fx, "sip:ada@contoso.com", "Ada Lovelace", "One", NULL);
  fake_portal_notification_free (wait_for_popup (fixture, ada_item));
  fake_portal_notification_free (wait_for_popup (fixture, notifier_fixture_receive_im (fx, "sip:bob@contoso.com",
                                                                                       "Bob Builder", "Two", NULL)));
  carol = notifier_fixture_receive_im (fx, "sip:carol@contoso.com", "Carol Shaw", "Three", &carol_id);
  fake_portal_notification_free (wait_for_popup (fixture, carol));
  g_assert_true (ucwa_sim_server_cancel_invitation (fx->sim, carol_id));
  notifier_fixture_wait_for_state (fx, carol, BECKON_INVITATION_STATE_MISSED);
  missed = wait_for_shown (fixture, "Missed chat from Carol Shaw", "Three");

  /* The portal goes (it releases the name and says nothing of what it
   * showed); a new one takes its place. */
  first = g_steal_pointer (&fixture->portal);
  fake_notification_portal_stop (first);
  fixture->portal = fake_notification_portal_new ();
  g_assert_true (fake_notification_portal_start (fixture->portal, &error));
  g_assert_no_error (error);

  ada = wait_for_popup (fixture, ada_item);
  bob = wait_for_shown (fixture, "Bob Builder invites you to chat", "Two");
  g_assert_true (fake_portal_notification_has_button (bob, "accept"));
  g_assert_cmpstr (ada->body, ==, "One");

  /* One more after the new portal is up: the worker shows in order, so once
   * Dave's popup is there, every repeat would be too. */
  dave = wait_for_popup (fixture, notifier_fixture_receive_im (fx, "sip:dave@contoso.com", "Dave Cutler", "Four",
                                                               NULL));
  g_assert_cmpuint (fake_notification_portal_count_with_title (fixture->portal, "Ada Lovelace invites you to chat"), ==, 1);
  g_assert_cmpuint (fake_notification_portal_count_with_title (fixture->portal, "Bob Builder invites you to chat"), ==, 1);
  g_assert_cmpuint (fake_notification_portal_count_with_title (fixture->portal, "Dave Cutler invites you to chat"), ==, 1);
  g_assert_cmpuint (fake_notification_portal_count_with_title (fixture->portal, "Carol Shaw invites you to chat"), ==, 0);
  g_assert_cmpuint (fake_notification_portal_count_with_title (fixture->portal, "Missed chat from Carol Shaw"), ==, 0);
  g_assert_cmpuint (fake_notification_portal_get_add_count (fixture->portal), ==, 3);

  /* Accept on the new portal answers the invitation. */
  g_assert_true (fake_notification_portal_invoke_action (fixture->portal, ada->id, "accept"));
  notifier_fixture_wait_for_state (fx, ada_item, BECKON_INVITATION_STATE_ACCEPTED);
  test_wait_for_count (&fx->n_conversation_ready, 1, "the conversation");
  g_assert_cmpuint (ucwa_sim_server_count_requests (fx->sim, "POST", "/accept"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_handler ("libnotify", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
                     libnotify_log_cb, NULL);

  /* The point of this program: the suite sets it, this says so. */
  g_assert_nonnull (g_getenv ("NOTIFY_FORCE_PORTAL"));
  g_assert_null (g_getenv ("NOTIFY_IGNORE_PORTAL"));

  g_test_add ("/notifier/portal/used", Fixture, NULL, fixture_set_up, test_portal_is_used, fixture_tear_down);
  g_test_add ("/notifier/portal/accept", Fixture, NULL, fixture_set_up, test_accept, fixture_tear_down);
  g_test_add ("/notifier/portal/decline", Fixture, NULL, fixture_set_up, test_decline, fixture_tear_down);
  g_test_add ("/notifier/portal/accept-error", Fixture, NULL, fixture_set_up, test_accept_error, fixture_tear_down);
  g_test_add ("/notifier/portal/missed", Fixture, NULL, fixture_set_up, test_missed, fixture_tear_down);
  g_test_add ("/notifier/portal/body-click", Fixture, NULL, fixture_set_up, test_body_click, fixture_tear_down);
  g_test_add ("/notifier/portal/withdraw", Fixture, NULL, fixture_set_up, test_withdraw, fixture_tear_down);
  g_test_add ("/notifier/portal/restart-while-ringing", Fixture, NULL, fixture_set_up,
              test_portal_restarts_while_ringing, fixture_tear_down);

  return g_test_run ();
}

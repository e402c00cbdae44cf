/* test-notifier.c: desktop notifications, against the simulator (real
 * loopback HTTP) and a fake notification server (a real private session bus)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fake-notification-server.h"
#include "notifier-fixture.h"
#include "test-util.h"

#define DESKTOP_ENTRY NOTIFIER_FIXTURE_DESKTOP_ENTRY
#define WAIT_MS       NOTIFIER_FIXTURE_WAIT_MS

typedef struct
{
  const char *const *caps;     /* NULL: the fake server's default */
  guint              delay_ms; /* the fake server's reply delay */
  gboolean           not_resident;
  gboolean           like_xfce; /* fake_notification_server_set_like_xfce4_notifyd() */
} Config;

typedef struct
{
  NotifierFixture base;
  const Config   *config;
  guint           ticks;
  guint           n_markers; /* invitations sent by pass_marker() */
} Fixture;

/* Helpers */

typedef gboolean (*Condition) (Fixture *fixture);

/* Iterates the main context (the fake server wakes it up) until @cond
 * holds; the limit turns a hang into a failure, it is not a speed check. */
static void
wait_until (Fixture    *fixture,
            Condition   cond,
            const char *what)
{
  if (!fake_notification_server_wait (fixture->base.server, (FakeNotificationCondition) cond, fixture, WAIT_MS))
    g_error ("Timed out waiting for %s", what);
}

static gboolean
is_online (Fixture *fixture)
{
  return ucwa_session_get_state (fixture->base.session) == UCWA_SESSION_STATE_ONLINE;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  FakeNotificationServer *server = fake_notification_server_new ();

  fixture->config = data;
  if (fixture->config->caps != NULL)
    fake_notification_server_set_capabilities (server, fixture->config->caps);
  fake_notification_server_set_reply_delay (server, fixture->config->delay_ms);
  fake_notification_server_set_honor_resident (server, !fixture->config->not_resident);
  fake_notification_server_set_like_xfce4_notifyd (server, fixture->config->like_xfce);
  notifier_fixture_set_up_with_server (&fixture->base, server);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  notifier_fixture_tear_down (&fixture->base);
}

typedef struct
{
  Fixture *fixture;
  guint    n;
} CountWait;

static gboolean
has_n_items (gpointer user_data)
{
  CountWait *wait = user_data;

  return wait->fixture->base.items->len >= wait->n;
}

static void
wait_for_items (Fixture *fixture,
                guint    n)
{
  CountWait wait = { fixture, n };

  if (!fake_notification_server_wait (fixture->base.server, has_n_items, &wait, WAIT_MS))
    g_error ("Timed out waiting for %u invitations (have %u)", n, fixture->base.items->len);
}

static FakeNotification *
wait_for_summary (Fixture    *fixture,
                  const char *summary)
{
  return notifier_fixture_wait_for_summary (fixture->base.server, summary);
}

/* The notification of @item as it first popped up. */
static FakeNotification *
wait_for_popup (Fixture              *fixture,
                BeckonInvitationItem *item)
{
  return wait_for_summary (fixture, beckon_invitation_item_get_summary (item));
}

typedef struct
{
  Fixture    *fixture;
  guint32     id;
  const char *body;    /* NULL: any */
  int         buttons; /* -1: any */
} CurrentWait;

static gboolean
current_matches (gpointer user_data)
{
  CurrentWait                 *wait = user_data;
  g_autoptr (FakeNotification) current = fake_notification_server_get_current (wait->fixture->base.server, wait->id);

  return current != NULL &&
         (wait->body == NULL || g_strcmp0 (current->body, wait->body) == 0) &&
         (wait->buttons < 0 || fake_notification_count_buttons (current) == (guint) wait->buttons);
}

/* Waits until notification @id shows @body with @buttons buttons. */
static FakeNotification *
wait_for_current (Fixture    *fixture,
                  guint32     id,
                  const char *body,
                  int         buttons)
{
  CurrentWait wait = { fixture, id, body, buttons };

  if (!fake_notification_server_wait (fixture->base.server, current_matches, &wait, WAIT_MS))
    {
      g_autoptr (FakeNotification) current = fake_notification_server_get_current (fixture->base.server, id);

      g_error ("Timed out waiting for notification %u to show \"%s\" with %d buttons; it shows \"%s\"",
               id, body, buttons, current != NULL ? current->body : "(nothing)");
    }
  return fake_notification_server_get_current (fixture->base.server, id);
}

typedef struct
{
  Fixture *fixture;
  guint32  id;
} ClosedWait;

static gboolean
is_closed (gpointer user_data)
{
  ClosedWait *wait = user_data;

  return !fake_notification_server_is_open (wait->fixture->base.server, wait->id);
}

static void
wait_for_closed (Fixture *fixture,
                 guint32  id)
{
  ClosedWait wait = { fixture, id };

  if (!fake_notification_server_wait (fixture->base.server, is_closed, &wait, WAIT_MS))
    g_error ("Timed out waiting for notification %u to close", id);
}

static gboolean
was_closed_by_client (Fixture *fixture,
                      guint32  id)
{
  g_autoptr (GArray) closed = fake_notification_server_get_closed_ids (fixture->base.server);

  for (guint i = 0; i < closed->len; i++)
    if (g_array_index (closed, guint32, i) == id)
      return TRUE;
  return FALSE;
}

typedef struct
{
  Fixture    *fixture;
  const char *summary;
  const char *body;
} RecordWait;

static FakeNotification *
find_record (Fixture    *fixture,
             const char *summary,
             const char *body)
{
  g_autoptr (GPtrArray) all = fake_notification_server_get_notifications (fixture->base.server);

  for (guint i = all->len; i > 0; i--)
    {
      FakeNotification *record = g_ptr_array_index (all, i - 1);

      if (g_strcmp0 (record->summary, summary) == 0 && g_strcmp0 (record->body, body) == 0)
        return fake_notification_copy (record);
    }
  return NULL;
}

static gboolean
has_record (gpointer user_data)
{
  RecordWait                  *wait = user_data;
  g_autoptr (FakeNotification) found = find_record (wait->fixture, wait->summary, wait->body);

  return found != NULL;
}

/* The latest Notify that showed @summary and @body, waiting for it. */
static FakeNotification *
wait_for_record (Fixture    *fixture,
                 const char *summary,
                 const char *body)
{
  RecordWait wait = { fixture, summary, body };

  if (!fake_notification_server_wait (fixture->base.server, has_record, &wait, WAIT_MS))
    g_error ("Timed out waiting for a notification \"%s\" / \"%s\"", summary, body);
  return find_record (fixture, summary, body);
}

/* Markers: to show that something did NOT happen, a test does not sleep
 * for a while; it sends a later invitation from a caller no test otherwise
 * uses and waits for ITS popup.  Everything that leads to a Notify is
 * ordered (the simulator's events, the account, the notifier on the main
 * context, then its worker thread, one command at a time), so once the
 * marker's popup has reached the server, whatever the earlier events were
 * going to show has been shown. */

static gboolean
is_marker (const FakeNotification *record)
{
  return g_str_has_prefix (record->summary, "Marker ");
}

/* Passes a marker through the pipeline and returns its popup.  The popup
 * is dismissed again, so that it takes no room among the open ones.
 *
 * With @round_trip, the marker's default action is invoked first and its
 * activate-invitation awaited: the server's signals reach the main context
 * in the order the server sent them, so that also proves that what the
 * server said before (a NotificationClosed, say) has been handled there. */
static FakeNotification *
pass_marker (Fixture *fixture,
             gboolean round_trip)
{
  g_autofree char      *uri = g_strdup_printf ("sip:marker%u@contoso.com", ++fixture->n_markers);
  g_autofree char      *name = g_strdup_printf ("Marker %u", fixture->n_markers);
  BeckonInvitationItem *item = notifier_fixture_receive_im (&fixture->base, uri, name, "A marker", NULL);
  FakeNotification     *popup = wait_for_popup (fixture, item);

  g_assert_true (is_marker (popup));
  if (round_trip)
    {
      guint before = fixture->base.activated->len;

      g_assert_true (fake_notification_server_invoke_action (fixture->base.server, popup->id, "default"));
      test_wait_for_count (&fixture->base.activated->len, before + 1, "the marker's activate-invitation");
      g_assert_true (g_ptr_array_index (fixture->base.activated, before) == item);
    }
  g_assert_true (fake_notification_server_dismiss (fixture->base.server, popup->id));
  wait_for_closed (fixture, popup->id);
  return popup;
}

/* Exactly @n Notify calls reached the server besides the markers', all
 * of them before @marker's. */
static void
assert_shown_before (Fixture                *fixture,
                     const FakeNotification *marker,
                     guint                   n)
{
  g_autoptr (GPtrArray) all = fake_notification_server_get_notifications (fixture->base.server);
  guint                 before = 0;
  guint                 markers = 0;
  gboolean              seen = FALSE;

  for (guint i = 0; i < all->len; i++)
    {
      FakeNotification *record = g_ptr_array_index (all, i);

      if (is_marker (record))
        {
          markers++;
          if (record->id == marker->id && g_strcmp0 (record->summary, marker->summary) == 0)
            seen = TRUE;
        }
      else
        {
          g_assert_false (seen);
          before++;
        }
    }
  g_assert_true (seen);
  g_assert_cmpuint (before, ==, n);
  g_assert_cmpuint (markers, ==, fixture->n_markers);
  g_assert_cmpuint (fake_notification_server_get_notify_count (fixture->base.server), ==, n + markers);
}

/* Distinct notifications (ids) that had Accept and Decline, the markers'
 * aside. */
static guint
count_popups (Fixture *fixture)
{
  g_autoptr (GPtrArray)  all = fake_notification_server_get_notifications (fixture->base.server);
  g_autoptr (GHashTable) ids = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < all->len; i++)
    {
      FakeNotification *record = g_ptr_array_index (all, i);

      if (fake_notification_has_action (record, "accept") && !is_marker (record))
        g_hash_table_add (ids, GUINT_TO_POINTER (record->id));
    }
  return g_hash_table_size (ids);
}

static void
assert_ringing (const FakeNotification *record,
                const char             *summary,
                const char             *body,
                const char             *category)
{
  g_assert_cmpstr (record->app_name, ==, "Beckon");
  g_assert_cmpstr (record->summary, ==, summary);
  g_assert_cmpstr (record->body, ==, body);
  g_assert_true (fake_notification_has_action (record, "accept"));
  g_assert_true (fake_notification_has_action (record, "decline"));
  g_assert_true (fake_notification_has_action (record, "default"));
  g_assert_cmpuint (fake_notification_count_buttons (record), ==, 2);
  g_assert_cmpstr (record->desktop_entry, ==, DESKTOP_ENTRY);
  g_assert_cmpstr (record->category, ==, category);
  g_assert_cmpint (record->urgency, ==, 1); /* normal */
  g_assert_true (record->resident);
  g_assert_cmpint (record->expire_timeout, ==, 0); /* rings until answered or withdrawn */
  /* The app's icon, named after its app id. */
  g_assert_true (g_strcmp0 (record->app_icon, DESKTOP_ENTRY) == 0 ||
                 g_strcmp0 (record->image_path, DESKTOP_ENTRY) == 0);
}

/* Tests */

static const Config      default_config = { NULL, 0, FALSE };
static const Config      not_resident_config = { NULL, 0, TRUE };
static const Config      like_xfce_config = { NULL, 0, TRUE, TRUE };
static const Config      slow_config = { NULL, 5000, FALSE };
static const char *const no_actions_caps[] = { "body", NULL };
static const Config      no_actions_config = { no_actions_caps, 0, FALSE };

static void
test_im_accept (Fixture      *fixture,
                gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) joining = NULL;
  g_autoptr (FakeNotification) marker = NULL;

  item = notifier_fixture_receive_im (&fixture->base, "sip:ada@contoso.com", "Ada Lovelace", "Are you free? <b>now</b> & then", NULL);
  popup = wait_for_popup (fixture, item);

  /* Markup-escaped: the server has body-markup. */
  assert_ringing (popup, "Ada Lovelace invites you to chat",
                  "Are you free? &lt;b&gt;now&lt;/b&gt; &amp; then", "im.received");
  g_assert_cmpuint (popup->replaces_id, ==, 0);
  g_assert_cmpstr (popup->sound_name, ==, "message-new-instant");
  g_assert_true (beckon_notifier_get_caps_known (fixture->base.notifier));
  g_assert_true (beckon_notifier_get_has_actions (fixture->base.notifier));

  marker = pass_marker (fixture, FALSE);
  assert_shown_before (fixture, marker, 1);
  g_assert_cmpuint (beckon_notifier_get_n_shown (fixture->base.notifier), ==, 1 + fixture->n_markers);

  g_assert_true (fake_notification_server_invoke_action (fixture->base.server, popup->id, "accept"));

  /* In place (the popup is resident), no buttons: no second click. */
  joining = wait_for_current (fixture, popup->id, "Joining…", 0);
  g_assert_cmpuint (joining->replaces_id, ==, popup->id);
  g_assert_cmpstr (joining->summary, ==, "Ada Lovelace invites you to chat");

  notifier_fixture_wait_for_state (&fixture->base, item, BECKON_INVITATION_STATE_ACCEPTED);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->base.sim, "POST", "/accept"), ==, 1);
  g_assert_cmpuint (fixture->base.n_conversation_ready, ==, 1);

  /* The conversation window takes over: the notification goes. */
  wait_for_closed (fixture, popup->id);
  g_assert_true (was_closed_by_client (fixture, popup->id));

  g_clear_pointer (&marker, fake_notification_free);
  marker = pass_marker (fixture, FALSE);
  /* Nothing else was shown: ringing, then "Joining…". */
  assert_shown_before (fixture, marker, 2);
  g_assert_cmpuint (fixture->base.activated->len, ==, 0);
  g_assert_cmpuint (fixture->base.n_show_invitations, ==, 0);
}

static void
test_meeting_accept (Fixture      *fixture,
                     gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) joining = NULL;

  item = notifier_fixture_receive_meeting (&fixture->base, "Quarterly review", NULL);
  popup = wait_for_popup (fixture, item);
  assert_ringing (popup, "Grace Hopper invites you to a meeting", "Quarterly review", "im");

  g_assert_true (fake_notification_server_invoke_action (fixture->base.server, popup->id, "accept"));
  joining = wait_for_current (fixture, popup->id, "Joining…", 0);
  notifier_fixture_wait_for_state (&fixture->base, item, BECKON_INVITATION_STATE_ACCEPTED);
  wait_for_closed (fixture, popup->id);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->base.sim, "POST", "/accept"), ==, 1);
  g_assert_cmpuint (fixture->base.n_conversation_ready, ==, 1);
}

static void
test_decline (Fixture      *fixture,
              gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) declining = NULL;

  item = notifier_fixture_receive_im (&fixture->base, "sip:bob@contoso.com", "Bob Builder", "Lunch?", NULL);
  popup = wait_for_popup (fixture, item);
  g_assert_true (fake_notification_server_invoke_action (fixture->base.server, popup->id, "decline"));

  declining = wait_for_current (fixture, popup->id, "Declining…", 0);
  notifier_fixture_wait_for_state (&fixture->base, item, BECKON_INVITATION_STATE_DECLINED);
  wait_for_closed (fixture, popup->id);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->base.sim, "POST", "/decline"), ==, 1);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->base.sim, "POST", "/accept"), ==, 0);
  /* The simulator saw it declined (its decline carries the reason). */
  g_assert_cmpuint (fixture->base.n_declined, ==, 1);
  g_assert_cmpuint (fixture->base.n_conversation_ready, ==, 0);
}

static void
test_accept_fault (Fixture      *fixture,
                   gconstpointer data)
{
  UcwaSimFault                 fault = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (fixture->base.sim), "test-fault"));
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) failed = NULL;
  const char                  *message;

  item = notifier_fixture_receive_im (&fixture->base, "sip:ada@contoso.com", "Ada Lovelace", "Hello", NULL);
  popup = wait_for_popup (fixture, item);

  ucwa_sim_server_inject_fault (fixture->base.sim, fault, 1);
  g_assert_true (fake_notification_server_invoke_action (fixture->base.server, popup->id, "accept"));
  notifier_fixture_wait_for_state (&fixture->base, item, BECKON_INVITATION_STATE_FAILED);

  /* The translated reason, and the buttons back: it can still be answered. */
  message = beckon_invitation_item_get_error_message (item);
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
  g_assert_true (beckon_invitation_item_get_answerable (item));
  failed = wait_for_current (fixture, popup->id, message, 2);
  g_assert_true (fake_notification_has_action (failed, "accept"));
  g_assert_true (fake_notification_has_action (failed, "decline"));
  g_assert_cmpstr (failed->category, ==, "im.error");
  g_assert_cmpstr (failed->summary, ==, "Ada Lovelace invites you to chat");

  /* Again, and this time it works. */
  g_assert_true (fake_notification_server_invoke_action (fixture->base.server, popup->id, "accept"));
  notifier_fixture_wait_for_state (&fixture->base, item, BECKON_INVITATION_STATE_ACCEPTED);
  wait_for_closed (fixture, popup->id);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->base.sim, "POST", "/accept"), ==, 2);
  g_assert_cmpuint (fixture->base.n_conversation_ready, ==, 1);
}

static void
test_cancelled (Fixture      *fixture,
                gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autofree char             *id = NULL;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) missed = NULL;
  g_autoptr (FakeNotification) marker = NULL;

  item = notifier_fixture_receive_im (&fixture->base, "sip:ada@contoso.com", "Ada Lovelace", "Ping", &id);
  popup = wait_for_popup (fixture, item);

  g_assert_true (ucwa_sim_server_cancel_invitation (fixture->base.sim, id));
  notifier_fixture_wait_for_state (&fixture->base, item, BECKON_INVITATION_STATE_MISSED);

  /* Withdrawn (its buttons would lead nowhere), and said once. */
  wait_for_closed (fixture, popup->id);
  g_assert_true (was_closed_by_client (fixture, popup->id));
  missed = wait_for_summary (fixture, "Missed chat from Ada Lovelace");
  g_assert_cmpstr (missed->body, ==, "Ping");
  /* No answer any more; a chat of one's own instead (issue 14). */
  g_assert_cmpuint (fake_notification_count_buttons (missed), ==, 1);
  g_assert_true (fake_notification_has_action (missed, "reply"));
  g_assert_cmpuint (missed->replaces_id, ==, 0);
  g_assert_cmpstr (missed->desktop_entry, ==, DESKTOP_ENTRY);

  marker = pass_marker (fixture, FALSE);
  g_assert_cmpuint (notifier_fixture_count_with_summary (fixture->base.server, "Missed chat from Ada Lovelace"), ==, 1);
  assert_shown_before (fixture, marker, 2);

  /* Clicking it opens that invitation. */
  g_assert_true (fake_notification_server_invoke_action (fixture->base.server, missed->id, "default"));
  test_wait_for_count (&fixture->base.activated->len, 1, "activate-invitation");
  g_assert_true (g_ptr_array_index (fixture->base.activated, 0) == item);
}

static void
test_meeting_cancelled (Fixture      *fixture,
                        gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autofree char             *id = NULL;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) missed = NULL;
  g_autoptr (FakeNotification) marker = NULL;

  item = notifier_fixture_receive_meeting (&fixture->base, "Design review", &id);
  popup = wait_for_popup (fixture, item);
  g_assert_true (ucwa_sim_server_cancel_invitation (fixture->base.sim, id));
  notifier_fixture_wait_for_state (&fixture->base, item, BECKON_INVITATION_STATE_MISSED);
  wait_for_closed (fixture, popup->id);
  missed = wait_for_summary (fixture, "Missed meeting invitation from Grace Hopper");
  g_assert_cmpstr (missed->body, ==, "Design review");
  marker = pass_marker (fixture, FALSE);
  g_assert_cmpuint (notifier_fixture_count_with_summary (fixture->base.server, "Missed meeting invitation from Grace Hopper"), ==, 1);
}

static void
test_default_action (Fixture      *fixture,
                     gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;

  item = notifier_fixture_receive_im (&fixture->base, "sip:ada@contoso.com", "Ada Lovelace", "Hi", NULL);
  popup = wait_for_popup (fixture, item);
  g_assert_true (fake_notification_server_invoke_action (fixture->base.server, popup->id, "default"));
  test_wait_for_count (&fixture->base.activated->len, 1, "activate-invitation");
  g_assert_true (g_ptr_array_index (fixture->base.activated, 0) == item);
  g_assert_cmpuint (fixture->base.n_show_invitations, ==, 0);
  /* Opening it answers nothing. */
  g_assert_cmpint (beckon_invitation_item_get_state (item), ==, BECKON_INVITATION_STATE_PENDING);
}

static gboolean
summary_says_six (Fixture *fixture)
{
  g_autoptr (FakeNotification) found = fake_notification_server_find_by_summary (fixture->base.server,
                                                                                 "6 more invitations");

  return found != NULL;
}

static void
test_burst (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr (GPtrArray)        all = NULL;
  g_autoptr (FakeNotification) summary = NULL;
  g_autoptr (FakeNotification) after_missed = NULL;
  guint32                      summary_id = 0;
  char                        *ids[10];

  g_assert_cmpuint (beckon_notifier_get_max_popups (fixture->base.notifier), ==, 4);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *uri = g_strdup_printf ("sip:caller%u@contoso.com", i);
      g_autofree char *name = g_strdup_printf ("Caller %u", i);

      ids[i] = ucwa_sim_server_start_im_invitation (fixture->base.sim, NULL, uri, name, "Hello");
      g_assert_nonnull (ids[i]);
    }
  wait_for_items (fixture, 10);
  /* The last of the burst: what the ten were going to show has been shown
   * (one at a time, in order). */
  wait_until (fixture, summary_says_six, "the summary to count 6");

  /* Four popped up with buttons, the rest are counted in one summary that
   * was updated in place. */
  g_assert_cmpuint (count_popups (fixture), ==, 4);
  all = fake_notification_server_get_notifications (fixture->base.server);
  for (guint i = 0; i < all->len; i++)
    {
      FakeNotification *record = g_ptr_array_index (all, i);

      if (!g_str_has_suffix (record->summary, "more invitations") &&
          !g_str_has_suffix (record->summary, "more invitation"))
        continue;
      if (summary_id == 0)
        {
          summary_id = record->id;
          g_assert_cmpuint (record->replaces_id, ==, 0);
        }
      else
        {
          g_assert_cmpuint (record->id, ==, summary_id);
          g_assert_cmpuint (record->replaces_id, ==, summary_id);
        }
      g_assert_cmpuint (fake_notification_count_buttons (record), ==, 0);
      g_assert_true (fake_notification_has_action (record, "default"));
      g_assert_cmpstr (record->desktop_entry, ==, DESKTOP_ENTRY);
    }
  g_assert_cmpuint (summary_id, !=, 0);
  g_assert_cmpuint (fake_notification_server_count_open (fixture->base.server), ==, 5);

  /* An overflowed invitation that is missed is not dropped: the summary
   * says so. */
  g_assert_true (ucwa_sim_server_cancel_invitation (fixture->base.sim, ids[9]));
  after_missed = wait_for_current (fixture, summary_id, "1 missed invitation", 0);
  g_assert_cmpstr (after_missed->summary, ==, "5 more invitations");
  /* That went through the whole pipeline after the burst: no late popup. */
  g_assert_cmpuint (count_popups (fixture), ==, 4);
  g_assert_cmpuint (fake_notification_server_count_open (fixture->base.server), ==, 5);

  /* Clicking the summary opens the list. */
  g_assert_true (fake_notification_server_invoke_action (fixture->base.server, summary_id, "default"));
  test_wait_for_count (&fixture->base.n_show_invitations, 1, "show-invitations");
  g_assert_cmpuint (fixture->base.n_show_invitations, ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (ids[i]);
}

static gboolean
saw_new_application (Fixture *fixture)
{
  return ucwa_sim_server_count_requests (fixture->base.sim, "POST", "/applications") >= 2 &&
         is_online (fixture) && ucwa_sim_server_count_parked_requests (fixture->base.sim) == 1;
}

static void
test_reconnect (Fixture      *fixture,
                gconstpointer data)
{
  UcwaSimFault                 fault = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (fixture->base.sim), "test-fault"));
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) marker = NULL;
  g_autofree char             *id = NULL;

  if (fault == UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND)
    {
      g_autoptr (FakeNotification) missed = NULL;

      /* The application is lost with the invitation ringing, and nothing
       * offers it again: it went with the application. */
      item = notifier_fixture_receive_im (&fixture->base, "sip:ada@contoso.com", "Ada Lovelace", "Still there?", &id);
      popup = wait_for_popup (fixture, item);
      ucwa_sim_server_inject_fault (fixture->base.sim, fault, 1);
      wait_until (fixture, saw_new_application, "the application to be re-created");
      notifier_fixture_wait_for_state (&fixture->base, item, BECKON_INVITATION_STATE_MISSED);

      /* Withdrawn (its buttons would lead nowhere), said once, and the list
       * says why. */
      wait_for_closed (fixture, popup->id);
      g_assert_true (was_closed_by_client (fixture, popup->id));
      missed = wait_for_summary (fixture, "Missed chat from Ada Lovelace");
      /* No answer; Reply only if the account was back online by then. */
      g_assert_false (fake_notification_has_action (missed, "accept"));
      g_assert_false (fake_notification_has_action (missed, "decline"));
      g_assert_cmpuint (fake_notification_count_buttons (missed), ==,
                        fake_notification_has_action (missed, "reply") ? 1 : 0);
      g_assert_cmpstr (beckon_invitation_item_get_status_text (item), ==,
                       "Missed: the connection to the server was lost");

      marker = pass_marker (fixture, FALSE);
      g_assert_cmpuint (fixture->base.items->len, ==, 1 + fixture->n_markers);
      g_assert_cmpuint (notifier_fixture_count_with_summary (fixture->base.server, "Missed chat from Ada Lovelace"), ==, 1);
      assert_shown_before (fixture, marker, 2);

      /* A click on the withdrawn popup cannot go out. */
      fake_notification_server_invoke_action (fixture->base.server, popup->id, "accept");
      g_assert_cmpint (beckon_invitation_item_get_state (item), ==, BECKON_INVITATION_STATE_MISSED);
      g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->base.sim, "POST", "/accept"), ==, 0);
      g_assert_cmpuint (count_popups (fixture), ==, 1);
      return;
    }
  else
    {
      /* The channel drops under the response that carries the invitation,
       * and the one after: the events come again. */
      id = ucwa_sim_server_start_im_invitation (fixture->base.sim, NULL, "sip:ada@contoso.com", "Ada Lovelace",
                                                "Still there?");
      ucwa_sim_server_inject_fault (fixture->base.sim, fault, 2);
      item = notifier_fixture_wait_for_item (&fixture->base, 0, "Ada Lovelace", "Still there?");
      popup = wait_for_popup (fixture, item);
    }

  /* The events that came again, or the invitation offered again, came
   * before the marker's. */
  marker = pass_marker (fixture, FALSE);
  g_assert_cmpuint (fixture->base.items->len, ==, 1 + fixture->n_markers);
  assert_shown_before (fixture, marker, 1);
  g_assert_true (fake_notification_server_is_open (fixture->base.server, popup->id));

  /* And its buttons still work. */
  g_assert_true (fake_notification_server_invoke_action (fixture->base.server, popup->id, "accept"));
  notifier_fixture_wait_for_state (&fixture->base, item, BECKON_INVITATION_STATE_ACCEPTED);
  wait_for_closed (fixture, popup->id);
  g_assert_cmpuint (count_popups (fixture), ==, 1);
}

static gboolean
tick_cb (gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->ticks++;
  return G_SOURCE_CONTINUE;
}

static gboolean
notify_received (Fixture *fixture)
{
  return fake_notification_server_get_notify_count (fixture->base.server) >= 1;
}

static gboolean
three_popups (gpointer user_data)
{
  return count_popups (user_data) >= 3;
}

static void
test_slow_server (Fixture      *fixture,
                  gconstpointer data)
{
  guint ticks_before;
  guint tick_source;

  /* Every answer of the server takes 5 s: the worker thread waits, the
   * main context does not. */
  tick_source = g_timeout_add (50, tick_cb, fixture);

  notifier_fixture_receive_im (&fixture->base, "sip:ada@contoso.com", "Ada Lovelace", "First", NULL);
  wait_until (fixture, notify_received, "the first Notify to reach the server");
  g_assert_cmpuint (fake_notification_server_get_n_pending (fixture->base.server), >=, 1);
  ticks_before = fixture->ticks;

  /* While that Notify waits for its answer, invitations keep arriving and
   * the timer keeps firing. */
  notifier_fixture_receive_im (&fixture->base, "sip:bob@contoso.com", "Bob Builder", "Second", NULL);
  notifier_fixture_receive_im (&fixture->base, "sip:carol@contoso.com", "Carol Shaw", "Third", NULL);
  test_wait_for_count (&fixture->ticks, ticks_before + 3, "the timer to keep firing");
  g_assert_cmpuint (fake_notification_server_get_notify_count (fixture->base.server), ==, 1);
  g_assert_cmpuint (fake_notification_server_get_n_pending (fixture->base.server), >=, 1);
  g_assert_cmpuint (fixture->base.items->len, ==, 3);

  /* They are all shown in the end. */
  fake_notification_server_set_reply_delay (fixture->base.server, 0);
  if (!fake_notification_server_wait (fixture->base.server, three_popups, fixture, 60000))
    g_error ("The queued notifications were never shown");
  g_assert_cmpuint (count_popups (fixture), ==, 3);
  g_assert_cmpuint (fake_notification_server_get_notify_count (fixture->base.server), ==, 3);

  g_source_remove (tick_source);
}

static gboolean
server_has_pending (Fixture *fixture)
{
  return fake_notification_server_get_n_pending (fixture->base.server) >= 1;
}

static void
test_slow_server_quit (Fixture      *fixture,
                       gconstpointer data)
{
  /* The worker waits 5 s for each answer: quitting must not. */
  wait_until (fixture, server_has_pending, "the worker to wait for the server");
  beckon_notifier_close_all (fixture->base.notifier);
  /* It gave up before the server answered (the answer is 5 s away). */
  g_assert_cmpuint (fake_notification_server_get_n_pending (fixture->base.server), >=, 1);
  g_assert_false (beckon_notifier_get_caps_known (fixture->base.notifier));
  /* Again: nothing to wait for. */
  beckon_notifier_close_all (fixture->base.notifier);
  /* Disposing leaves the worker to finish on its own. */
  g_clear_object (&fixture->base.notifier);
  g_assert_cmpuint (fake_notification_server_get_n_pending (fixture->base.server), >=, 1);
}

static void
test_no_actions (Fixture      *fixture,
                 gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;

  item = notifier_fixture_receive_im (&fixture->base, "sip:ada@contoso.com", "Ada Lovelace", "a < b & c", NULL);
  popup = wait_for_popup (fixture, item);

  /* No buttons, no markup: the server has neither. */
  g_assert_cmpuint (fake_notification_count_buttons (popup), ==, 0);
  g_assert_true (fake_notification_has_action (popup, "default"));
  g_assert_cmpstr (popup->body, ==, "a < b & c");
  g_assert_cmpstr (popup->desktop_entry, ==, DESKTOP_ENTRY);
  g_assert_true (beckon_notifier_get_caps_known (fixture->base.notifier));
  g_assert_false (beckon_notifier_get_has_actions (fixture->base.notifier));

  /* A click opens the list, where the invitation can be answered. */
  g_assert_true (fake_notification_server_invoke_action (fixture->base.server, popup->id, "default"));
  test_wait_for_count (&fixture->base.n_show_invitations, 1, "show-invitations");
  g_assert_cmpuint (fixture->base.n_show_invitations, ==, 1);
  g_assert_cmpuint (fixture->base.activated->len, ==, 0);
  g_assert_cmpint (beckon_invitation_item_get_state (item), ==, BECKON_INVITATION_STATE_PENDING);
}

static void
test_not_resident (Fixture      *fixture,
                   gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) joining = NULL;

  /* A server that closes a notification when a button is clicked: the
   * "Joining…" comes as a new one, and goes as well. */
  item = notifier_fixture_receive_im (&fixture->base, "sip:ada@contoso.com", "Ada Lovelace", "Hello", NULL);
  popup = wait_for_popup (fixture, item);
  g_assert_true (fake_notification_server_invoke_action (fixture->base.server, popup->id, "accept"));
  joining = wait_for_record (fixture, "Ada Lovelace invites you to chat", "Joining…");
  g_assert_cmpuint (fake_notification_count_buttons (joining), ==, 0);
  notifier_fixture_wait_for_state (&fixture->base, item, BECKON_INVITATION_STATE_ACCEPTED);
  wait_for_closed (fixture, joining->id);
  g_assert_false (fake_notification_server_is_open (fixture->base.server, popup->id));
  g_assert_cmpuint (fake_notification_server_count_open (fixture->base.server), ==, 0);
}

static gboolean
none_open (Fixture *fixture)
{
  return fake_notification_server_count_open (fixture->base.server) == 0;
}

/* xfce4-notifyd 0.7 closes a notification when a button is clicked, says
 * so a moment later, and gives a Notify that replaces it its old id back:
 * a "Joining…" sent in its place before that close was heard got the id
 * the close then named.  Taken for closed, it was never closed, and stayed
 * on screen for good. */
static void
test_close_after_click_heard_late (Fixture      *fixture,
                                   gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) joining = NULL;

  item = notifier_fixture_receive_im (&fixture->base, "sip:ada@contoso.com", "Ada Lovelace", "Hello", NULL);
  popup = wait_for_popup (fixture, item);
  g_assert_true (fake_notification_server_invoke_action (fixture->base.server, popup->id, "accept"));
  joining = wait_for_record (fixture, "Ada Lovelace invites you to chat", "Joining…");
  g_assert_cmpuint (fake_notification_count_buttons (joining), ==, 0);
  notifier_fixture_wait_for_state (&fixture->base, item, BECKON_INVITATION_STATE_ACCEPTED);
  wait_until (fixture, none_open, "the \"Joining…\" notification to be closed");
  g_assert_true (was_closed_by_client (fixture, joining->id));
}

static void
test_dismissed (Fixture      *fixture,
                gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) marker = NULL;

  /* The user closed the popup, then accepted from the window: no popup
   * comes back to say "Joining…". */
  item = notifier_fixture_receive_im (&fixture->base, "sip:ada@contoso.com", "Ada Lovelace", "Hello", NULL);
  popup = wait_for_popup (fixture, item);
  g_assert_true (fake_notification_server_dismiss (fixture->base.server, popup->id));
  wait_for_closed (fixture, popup->id);
  /* The notifier has heard of that close before the user accepts. */
  marker = pass_marker (fixture, TRUE);

  beckon_account_accept (fixture->base.account, item);
  notifier_fixture_wait_for_state (&fixture->base, item, BECKON_INVITATION_STATE_ACCEPTED);
  g_clear_pointer (&marker, fake_notification_free);
  marker = pass_marker (fixture, FALSE);
  assert_shown_before (fixture, marker, 1);
  g_assert_cmpuint (fake_notification_server_count_open (fixture->base.server), ==, 0);
}

static void
test_window_accept (Fixture      *fixture,
                    gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;

  /* Accepted from the window: the popup follows the item. */
  item = notifier_fixture_receive_im (&fixture->base, "sip:ada@contoso.com", "Ada Lovelace", "Hello", NULL);
  popup = wait_for_popup (fixture, item);
  beckon_account_accept (fixture->base.account, item);
  notifier_fixture_wait_for_state (&fixture->base, item, BECKON_INVITATION_STATE_ACCEPTED);
  wait_for_closed (fixture, popup->id);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->base.sim, "POST", "/accept"), ==, 1);
}

static gboolean
shown_twice (Fixture *fixture)
{
  return beckon_notifier_get_n_shown (fixture->base.notifier) >= 2;
}

static void
test_server_vanishes (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr (FakeNotificationServer) second = NULL;
  g_autoptr (GError)                 error = NULL;
  BeckonInvitationItem              *item;
  g_autoptr (FakeNotification)       popup = NULL;

  item = notifier_fixture_receive_im (&fixture->base, "sip:ada@contoso.com", "Ada Lovelace", "One", NULL);
  popup = wait_for_popup (fixture, item);

  /* No server at all: the invitation still arrives (it is in the list), the
   * attempt fails on the worker thread without holding anything up. */
  fake_notification_server_stop (fixture->base.server);
  notifier_fixture_receive_im (&fixture->base, "sip:bob@contoso.com", "Bob Builder", "Two", NULL);
  wait_until (fixture, shown_twice, "the second attempt");
  g_assert_cmpuint (fixture->base.items->len, ==, 2);

  /* A server comes back: the next one is shown there. */
  second = fake_notification_server_new ();
  g_assert_true (fake_notification_server_start (second, &error));
  g_assert_no_error (error);
  item = notifier_fixture_receive_im (&fixture->base, "sip:carol@contoso.com", "Carol Shaw", "Three", NULL);
  /* Carol's own, not merely the first to reach it: an earlier invitation's
   * may get there first. */
  g_clear_pointer (&popup, fake_notification_free);
  popup = notifier_fixture_wait_for_summary (second, "Carol Shaw invites you to chat");
  g_assert_nonnull (popup);

  /* Its buttons work. */
  g_assert_true (fake_notification_server_invoke_action (second, popup->id, "accept"));
  notifier_fixture_wait_for_state (&fixture->base, item, BECKON_INVITATION_STATE_ACCEPTED);

  /* Let the notifier close its notifications on this server, not on one
   * that is gone. */
  g_clear_object (&fixture->base.notifier);
}

static void
test_close_all (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (FakeNotification) one = NULL;
  g_autoptr (FakeNotification) two = NULL;
  guint                        n;

  one = wait_for_popup (fixture, notifier_fixture_receive_im (&fixture->base, "sip:ada@contoso.com", "Ada Lovelace", "One", NULL));
  two = wait_for_popup (fixture, notifier_fixture_receive_meeting (&fixture->base, "Two", NULL));
  g_assert_cmpuint (fake_notification_server_count_open (fixture->base.server), ==, 2);

  /* Synchronous: when it returns, the server has closed them. */
  beckon_notifier_close_all (fixture->base.notifier);
  g_assert_cmpuint (fake_notification_server_count_open (fixture->base.server), ==, 0);
  g_assert_cmpuint (fake_notification_server_get_close_count (fixture->base.server), ==, 2);

  /* And it shows nothing more. */
  n = fake_notification_server_get_notify_count (fixture->base.server);
  notifier_fixture_receive_im (&fixture->base, "sip:bob@contoso.com", "Bob Builder", "Three", NULL);
  /* The notifier has seen Bob's invitation (its handler runs in the same
   * emission as the one notifier_fixture_receive_im() waits for); disposing it joins the
   * worker thread, which first carries out every command posted before
   * (each Notify is a synchronous call): nothing more can reach the server
   * after this. */
  g_clear_object (&fixture->base.notifier);
  g_assert_cmpuint (fake_notification_server_get_notify_count (fixture->base.server), ==, n);
}

static void
add_test (const char   *path,
          const Config *config,
          void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, config, fixture_set_up, func, fixture_tear_down);
}

typedef struct
{
  const char  *path;
  UcwaSimFault fault;
  void (*func) (Fixture *, gconstpointer);
} FaultCase;

static void
fault_set_up (Fixture      *fixture,
              gconstpointer data)
{
  const FaultCase *fault_case = data;

  fixture_set_up (fixture, &default_config);
  g_object_set_data (G_OBJECT (fixture->base.sim), "test-fault", GINT_TO_POINTER (fault_case->fault));
}

static void
fault_run (Fixture      *fixture,
           gconstpointer data)
{
  const FaultCase *fault_case = data;

  fault_case->func (fixture, &default_config);
}

int
main (int   argc,
      char *argv[])
{
  static const FaultCase fault_cases[] = {
    { "/notifier/accept-fault/callback-channel-error", UCWA_SIM_FAULT_ACCEPT_CALLBACK_CHANNEL_ERROR, test_accept_fault },
    { "/notifier/accept-fault/already-exists", UCWA_SIM_FAULT_ACCEPT_ALREADY_EXISTS, test_accept_fault },
    { "/notifier/accept-fault/too-many-groups", UCWA_SIM_FAULT_ACCEPT_TOO_MANY_GROUPS, test_accept_fault },
    { "/notifier/accept-fault/conflict-none", UCWA_SIM_FAULT_ACCEPT_CONFLICT_NONE, test_accept_fault },
    { "/notifier/accept-fault/cannot-redirect", UCWA_SIM_FAULT_ACCEPT_CANNOT_REDIRECT, test_accept_fault },
    { "/notifier/accept-fault/service-unavailable", UCWA_SIM_FAULT_ACCEPT_SERVICE_UNAVAILABLE, test_accept_fault },
    { "/notifier/reconnect/drop-connection", UCWA_SIM_FAULT_EVENTS_DROP_CONNECTION, test_reconnect },
    { "/notifier/reconnect/application-not-found", UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND, test_reconnect },
  };

  g_test_init (&argc, &argv, NULL);

  add_test ("/notifier/im/accept", &default_config, test_im_accept);
  add_test ("/notifier/im/decline", &default_config, test_decline);
  add_test ("/notifier/im/cancelled", &default_config, test_cancelled);
  add_test ("/notifier/im/default-action", &default_config, test_default_action);
  add_test ("/notifier/im/dismissed", &default_config, test_dismissed);
  add_test ("/notifier/im/window-accept", &default_config, test_window_accept);
  add_test ("/notifier/meeting/accept", &default_config, test_meeting_accept);
  add_test ("/notifier/meeting/cancelled", &default_config, test_meeting_cancelled);
  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    g_test_add (fault_cases[i].path, Fixture, &fault_cases[i], fault_set_up, fault_run, fixture_tear_down);
  add_test ("/notifier/burst", &default_config, test_burst);
  add_test ("/notifier/server/slow", &slow_config, test_slow_server);
  add_test ("/notifier/server/slow-quit", &slow_config, test_slow_server_quit);
  add_test ("/notifier/server/no-actions", &no_actions_config, test_no_actions);
  add_test ("/notifier/server/not-resident", &not_resident_config, test_not_resident);
  add_test ("/notifier/server/close-after-click-heard-late", &like_xfce_config, test_close_after_click_heard_late);
  add_test ("/notifier/server/vanishes", &default_config, test_server_vanishes);
  add_test ("/notifier/close-all", &default_config, test_close_all);

  return g_test_run ();
}

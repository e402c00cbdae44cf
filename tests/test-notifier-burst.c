/* test-notifier-burst.c: fifty invitations in one events response, against
 * the simulator and the fake notification server: the "N more invitations"
 * summary is re-sent once per main-loop turn, not once per invitation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fake-notification-server.h"
#include "notifier-fixture.h"
#include "test-util.h"

#define N_BURST       50
#define MAX_POPUPS    4
#define MAX_NOTIFY    10
#define FINAL_SUMMARY "46 more invitations"

typedef struct
{
  NotifierFixture base;
  guint           n_invitation_responses; /* P-GET responses that carried a `started` invitation */
  guint           n_events;               /* events in the last of them */
} Fixture;

static void
events_released_cb (UcwaSimServer *sim,
                    guint          n_events,
                    gboolean       has_invitation,
                    Fixture       *fixture)
{
  if (!has_invitation)
    return;
  fixture->n_invitation_responses++;
  fixture->n_events = n_events;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  notifier_fixture_set_up_with_server (&fixture->base, fake_notification_server_new ());
  g_signal_connect (fixture->base.sim, "events-released", G_CALLBACK (events_released_cb), fixture);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  notifier_fixture_tear_down (&fixture->base);
}

static gboolean
is_parked (gpointer user_data)
{
  Fixture *fixture = user_data;

  return ucwa_sim_server_count_parked_requests (fixture->base.sim) == 1;
}

static gboolean
caps_known (gpointer user_data)
{
  Fixture *fixture = user_data;

  return beckon_notifier_get_caps_known (fixture->base.notifier);
}

static gboolean
has_all_items (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->base.items->len >= N_BURST;
}

/* Every Notify the worker started has reached the server. */
static gboolean
server_caught_up (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fake_notification_server_get_notify_count (fixture->base.server) ==
         beckon_notifier_get_n_shown (fixture->base.notifier);
}

static gboolean
is_summary (const FakeNotification *record)
{
  return g_str_has_suffix (record->summary, "more invitations") ||
         g_str_has_suffix (record->summary, "more invitation");
}

static gboolean
summary_closed (gpointer user_data)
{
  Fixture                     *fixture = user_data;
  g_autoptr (FakeNotification) summary = fake_notification_server_find_by_summary (fixture->base.server,
                                                                                   FINAL_SUMMARY);

  return summary != NULL && !fake_notification_server_is_open (fixture->base.server, summary->id);
}

static gboolean
has_all_declined (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->base.n_declined >= N_BURST;
}

static void
wait_until (Fixture                  *fixture,
            FakeNotificationCondition condition,
            const char               *what)
{
  if (!fake_notification_server_wait (fixture->base.server, condition, fixture, NOTIFIER_FIXTURE_WAIT_MS))
    g_error ("Timed out waiting for %s", what);
}

/* Four popups and one summary, not four popups and a summary re-sent for
 * each of the other forty-six; what it finally says is the whole count, and
 * each invitation can still be answered from the list. */
static void
test_burst_in_one_response (Fixture      *fixture,
                            gconstpointer data)
{
  NotifierFixture             *fx = &fixture->base;
  g_autoptr (FakeNotification) summary = NULL;
  g_autoptr (GPtrArray)        all = NULL;
  g_autoptr (GHashTable)       popup_ids = g_hash_table_new (NULL, NULL);
  const FakeNotification      *last_summary = NULL;
  GListModel                  *invitations;
  guint                        n_notify;

  g_assert_cmpuint (beckon_notifier_get_max_popups (fx->notifier), ==, MAX_POPUPS);
  /* The popups get their buttons, and the P-GET is parked: the fifty
   * invitations, started in one go, go out together when it is released. */
  wait_until (fixture, caps_known, "the server's capabilities");
  wait_until (fixture, is_parked, "the event channel to park");

  for (guint i = 0; i < N_BURST; i++)
    {
      g_autofree char *uri = g_strdup_printf ("sip:caller%u@contoso.com", i);
      g_autofree char *name = g_strdup_printf ("Caller %u", i);
      g_autofree char *id = ucwa_sim_server_start_im_invitation (fx->sim, NULL, uri, name, "Hello");

      g_assert_nonnull (id);
    }
  wait_until (fixture, has_all_items, "the fifty invitations");
  g_assert_cmpuint (fixture->n_invitation_responses, ==, 1);
  g_assert_cmpuint (fixture->n_events, >=, N_BURST);

  summary = notifier_fixture_wait_for_summary (fx->server, FINAL_SUMMARY);
  /* Whatever the notifier still had to say about the burst is said, and
   * has reached the server. */
  test_drain_main_context ();
  wait_until (fixture, server_caught_up, "the server to catch up with the worker");

  n_notify = fake_notification_server_get_notify_count (fx->server);
  all = fake_notification_server_get_notifications (fx->server);
  g_assert_cmpuint (all->len, ==, n_notify);
  for (guint i = 0; i < all->len; i++)
    {
      FakeNotification *record = g_ptr_array_index (all, i);

      if (is_summary (record))
        {
          /* Updated in place, never a second summary. */
          g_assert_cmpuint (record->id, ==, summary->id);
          last_summary = record;
        }
      else
        {
          g_assert_true (fake_notification_has_action (record, "accept"));
          g_hash_table_add (popup_ids, GUINT_TO_POINTER (record->id));
        }
    }
  g_test_message ("%u Notify calls for %u invitations in one response", n_notify, N_BURST);
  g_assert_cmpuint (n_notify, <=, MAX_NOTIFY);
  g_assert_cmpuint (g_hash_table_size (popup_ids), ==, MAX_POPUPS);
  g_assert_nonnull (last_summary);
  g_assert_cmpstr (last_summary->summary, ==, FINAL_SUMMARY);
  g_assert_cmpstr (last_summary->body, ==, "Open the list of invitations to answer them.");
  g_assert_true (fake_notification_server_is_open (fx->server, summary->id));

  /* Nothing was lost on the way: the list has all fifty, and each one can
   * be declined from there. */
  invitations = beckon_account_get_invitations (fx->account);
  g_assert_cmpuint (g_list_model_get_n_items (invitations), ==, N_BURST);
  for (guint i = 0; i < N_BURST; i++)
    {
      g_autoptr (BeckonInvitationItem) item = g_list_model_get_item (invitations, i);
      g_autoptr (GError)               error = NULL;

      g_assert_cmpint (beckon_invitation_item_get_state (item), ==, BECKON_INVITATION_STATE_PENDING);
      g_assert_true (beckon_account_can_answer (fx->account, item, BECKON_ANSWER_ACCEPT, &error));
      g_assert_no_error (error);
      g_assert_true (beckon_account_answer (fx->account, item, BECKON_ANSWER_DECLINE, &error));
      g_assert_no_error (error);
    }
  wait_until (fixture, has_all_declined, "the fifty declines at the server");
  g_assert_cmpuint (ucwa_sim_server_count_requests (fx->sim, "POST", "/decline"), ==, N_BURST);

  /* Nothing more to count: the summary's last word is to go. */
  wait_until (fixture, summary_closed, "the summary to close");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/notifier/burst/one-response", Fixture, NULL,
              fixture_set_up, test_burst_in_one_response, fixture_tear_down);

  return g_test_run ();
}

/* bench-notify.c: latency of desktop notifications, both ways
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the simulator (loopback HTTP) and the fake notification server of
 * the tests (its own thread, a real session bus: run under dbus-run-session
 * with NOTIFY_IGNORE_PORTAL=1), measures:
 *   (a) the simulator releasing an invitation event → the Notify reaching
 *       the notification server (through the account, the notifier and its
 *       worker thread);
 *   (b) the server emitting ActionInvoked("accept") → the accept POST
 *       reaching the simulator.
 * Both ends are timestamped with g_get_monotonic_time () in this process.
 * Prints median and p99; asserts nothing about speed.
 */

#include "config.h"

#include <stdio.h>

#include "beckon-account.h"
#include "bench-util.h"
#include "beckon-notifier.h"
#include "fake-notification-server.h"

#define N_SAMPLES 250
#define N_WARMUP  10
#define WAIT_MS   30000

typedef struct
{
  FakeNotificationServer *server;
  UcwaSimServer          *sim;
  UcwaSession            *session;
  BeckonAccount          *account;
  BeckonNotifier         *notifier;
  BeckonInvitationItem   *item; /* the latest */
  gint64                  released_at;
  gint64                  accept_at;
  GAsyncResult           *sign_in;
} Bench;

static void
request_cb (UcwaSimServer *sim,
            const char    *method,
            const char    *path,
            const char    *authorization,
            Bench         *bench)
{
  if (g_str_equal (method, "POST") && g_str_has_suffix (path, "/accept"))
    bench->accept_at = g_get_monotonic_time ();
}

static void
invitation_added_cb (BeckonAccount        *account,
                     BeckonInvitationItem *item,
                     Bench                *bench)
{
  g_set_object (&bench->item, item);
}

static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Bench *bench = user_data;

  bench->sign_in = g_object_ref (result);
}

typedef struct
{
  Bench  *bench;
  guint   n;
  guint32 id;
} Wait;

static gboolean
notify_count_reached (gpointer user_data)
{
  Wait *wait = user_data;

  return fake_notification_server_get_notify_count (wait->bench->server) >= wait->n;
}

static gboolean
accepted_and_closed (gpointer user_data)
{
  Wait *wait = user_data;

  return beckon_invitation_item_get_state (wait->bench->item) == BECKON_INVITATION_STATE_ACCEPTED &&
         !fake_notification_server_is_open (wait->bench->server, wait->id);
}

static gboolean
accept_seen (gpointer user_data)
{
  Wait *wait = user_data;

  return wait->bench->accept_at != 0;
}

static void
wait_for (Bench                    *bench,
          FakeNotificationCondition cond,
          Wait                     *wait,
          const char               *what)
{
  if (!fake_notification_server_wait (bench->server, cond, wait, WAIT_MS))
    g_error ("Benchmark stalled waiting for %s", what);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) to_notify = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) to_accept = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char   *root = NULL;
  Bench              bench = { 0 };

  g_setenv ("NOTIFY_IGNORE_PORTAL", "1", TRUE);

  bench.server = fake_notification_server_new_started ();

  bench.sim = bench_start_simulator ("Alice Example", &root);
  bench_stamp_invitation_releases (bench.sim, &bench.released_at);
  g_signal_connect (bench.sim, "request", G_CALLBACK (request_cb), &bench);

  bench.session = ucwa_session_new ();
  bench.account = beckon_account_new (bench.session);
  g_signal_connect (bench.account, "invitation-added", G_CALLBACK (invitation_added_cb), &bench);
  bench.notifier = beckon_notifier_new (bench.account, "Beckon", APP_ID);

  ucwa_session_sign_in_async (bench.session, root, BENCH_USER, BENCH_PASSWORD, NULL, sign_in_cb, &bench);
  while (bench.sign_in == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!ucwa_session_sign_in_finish (bench.session, bench.sign_in, &error))
    g_error ("Sign-in failed: %s", error->message);
  g_clear_object (&bench.sign_in);

  for (guint i = 0; i < N_WARMUP + N_SAMPLES; i++)
    {
      g_autofree char      *id = NULL;
      g_autoptr (GPtrArray) records = NULL;
      FakeNotification     *popup;
      Wait                  wait = { &bench, 0, 0 };
      gint64                action_at;

      /* (a) event released → Notify received */
      bench.released_at = 0;
      wait.n = fake_notification_server_get_notify_count (bench.server) + 1;
      id = ucwa_sim_server_start_im_invitation (bench.sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Ping");
      wait_for (&bench, notify_count_reached, &wait, "the Notify");
      records = fake_notification_server_get_notifications (bench.server);
      popup = g_ptr_array_index (records, records->len - 1);
      if (i >= N_WARMUP && bench.released_at != 0)
        {
          gint64 sample = popup->received_us - bench.released_at;

          g_array_append_val (to_notify, sample);
        }

      /* (b) ActionInvoked → accept POST */
      bench.accept_at = 0;
      fake_notification_server_invoke_action (bench.server, popup->id, "accept");
      wait_for (&bench, accept_seen, &wait, "the accept POST");
      action_at = fake_notification_server_get_last_action_time (bench.server);
      if (i >= N_WARMUP)
        {
          gint64 sample = bench.accept_at - action_at;

          g_array_append_val (to_accept, sample);
        }
      wait.id = popup->id;
      wait_for (&bench, accepted_and_closed, &wait, "the invitation to be accepted");

      ucwa_sim_server_end_conversation (bench.sim, id);
    }

  printf ("invitation event released -> Notify received: median %.2f ms, p99 %.2f ms (%u samples; target median < 5 ms, p99 < 20 ms)\n",
          bench_percentile_ms (to_notify, 0.5), bench_percentile_ms (to_notify, 0.99), to_notify->len);
  printf ("ActionInvoked(accept) -> accept POST received: median %.2f ms, p99 %.2f ms (%u samples; target median < 5 ms)\n",
          bench_percentile_ms (to_accept, 0.5), bench_percentile_ms (to_accept, 0.99), to_accept->len);
  printf ("Notify calls made: %u\n", beckon_notifier_get_n_shown (bench.notifier));

  g_signal_handlers_disconnect_by_data (bench.sim, &bench);
  g_signal_handlers_disconnect_by_data (bench.account, &bench);
  g_clear_object (&bench.notifier);
  g_clear_object (&bench.item);
  g_clear_object (&bench.account);
  g_clear_object (&bench.session);
  g_clear_object (&bench.sim);
  fake_notification_server_free (bench.server);
  return 0;
}

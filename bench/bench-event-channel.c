/* bench-event-channel.c: throughput, latency and memory of the event path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measures, against the simulator over loopback HTTP:
 *   - parse + dispatch time per event (no network),
 *   - events per second through the whole channel (HTTP, parse, model),
 *   - resident memory after 100,000 events, and its growth,
 *   - the latency from the simulator releasing an invitation event to the
 *     model's "invitation-added".
 * Prints medians (and p99 for latency); it asserts nothing about speed.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-proc.h"
#include "bench-util.h"
#include "ucwa-session.h"

typedef struct
{
  UcwaSimServer    *sim;
  UcwaSession      *session;
  UcwaConversation *conversation;
  char             *id;
  guint64           typing_changes;
  gint64            released_at;
  GArray           *latencies; /* gint64 µs */
  guint             invitations;
} Bench;

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_until (gboolean (*cond) (Bench *),
               Bench *bench)
{
  gboolean timed_out = FALSE;
  guint    source = g_timeout_add_seconds (60, timeout_cb, &timed_out);

  while (!cond (bench) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("benchmark stalled");
  g_source_remove (source);
}

/* Parse + dispatch, no network: a response of 100 incoming messages. */
static void
bench_parse_dispatch (void)
{
  g_autoptr (GString) json = g_string_new ("{\"_links\":{\"self\":{\"href\":\"/ucwa/oauth/v1/applications/1/events?ack=5\"},"
                                           "\"next\":{\"href\":\"/ucwa/oauth/v1/applications/1/events?ack=6\"}},"
                                           "\"sender\":[{\"rel\":\"conversation\",\"href\":\"/ucwa/oauth/v1/applications/1/communication/conversations/7\",\"events\":[");
  g_autoptr (GArray)  per_event = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GUri)    base = g_uri_parse ("https://lyncweb.contoso.com/ucwa/oauth/v1/applications/1/events?ack=5", G_URI_FLAGS_NONE, NULL);
  const guint         n_events = 100, rounds = 200;

  for (guint i = 0; i < n_events; i++)
    g_string_append_printf (json,
                            "%s{\"link\":{\"rel\":\"message\",\"href\":\"/ucwa/oauth/v1/applications/1/communication/conversations/7/messaging/messages/%u\"},"
                            "\"_embedded\":{\"message\":{\"direction\":\"Incoming\",\"timeStamp\":\"/Date(1383784870271)/\",\"_links\":{"
                            "\"self\":{\"href\":\"/ucwa/oauth/v1/applications/1/communication/conversations/7/messaging/messages/%u\"},"
                            "\"participant\":{\"href\":\"/ucwa/oauth/v1/applications/1/people/bob\",\"title\":\"Bob Builder\"},"
                            "\"plainMessage\":{\"href\":\"data:text/plain;charset=utf-8,Message+number+%u%%0d%%0a\"}},\"rel\":\"message\"}},"
                            "\"status\":\"Success\",\"type\":\"completed\"}",
                            i ? "," : "", i, i, i);
  g_string_append (json, "]}]}");

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr (UcwaModel)      model = ucwa_model_new ();
      g_autoptr (JsonParser)     parser = json_parser_new_immutable ();
      g_autoptr (UcwaEventBatch) batch = NULL;
      gint64                     start = g_get_monotonic_time ();
      double                     elapsed;

      ucwa_model_set_base_uri (model, base);
      if (!json_parser_load_from_data (parser, json->str, json->len, NULL))
        g_error ("bad benchmark JSON");
      batch = ucwa_event_batch_parse (json_parser_get_root (parser), base, NULL);
      g_assert (batch != NULL && batch->events->len == n_events);
      ucwa_model_apply_batch (model, batch);
      elapsed = (double) (g_get_monotonic_time () - start) / n_events;
      g_array_append_val (per_event, elapsed);
    }

  printf ("parse+dispatch per event (100-event response, JSON parse included): median %.2f µs, p99 %.2f µs\n",
          bench_percentile (per_event, 0.5), bench_percentile (per_event, 0.99));
}

static void
typing_changed_cb (GListModel *list,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Bench      *bench)
{
  bench->typing_changes++;
}

static guint64 target_changes;

static gboolean
typing_caught_up (Bench *bench)
{
  return bench->typing_changes >= target_changes;
}

static gboolean
conversation_ready (Bench *bench)
{
  return bench->conversation != NULL &&
         ucwa_conversation_get_messaging_state (bench->conversation) == UCWA_MODALITY_STATE_CONNECTED;
}

static void
invitation_added_cb (UcwaModel      *model,
                     UcwaInvitation *invitation,
                     Bench          *bench)
{
  if (bench->released_at > 0)
    {
      double latency = (double) (g_get_monotonic_time () - bench->released_at) / 1000.0;

      g_array_append_val (bench->latencies, latency);
      bench->released_at = 0;
    }
  bench->invitations++;
}

static guint target_invitations;

static gboolean
invitations_caught_up (Bench *bench)
{
  return bench->invitations >= target_invitations;
}

static void
accept_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Bench             *bench = user_data;
  g_autoptr (GError) error = NULL;
  UcwaInvitation    *invitation;

  if (!ucwa_session_accept_finish (UCWA_SESSION (object), result, &error))
    g_error ("accept failed: %s", error->message);
  invitation = g_list_model_get_item (ucwa_model_get_invitations (ucwa_session_get_model (bench->session)), 0);
  bench->conversation = ucwa_model_lookup_conversation (ucwa_session_get_model (bench->session),
                                                        ucwa_invitation_get_conversation_href (invitation));
  g_object_unref (invitation);
}

static gboolean
signed_in (Bench *bench)
{
  return ucwa_session_get_state (bench->session) == UCWA_SESSION_STATE_ONLINE;
}

int
main (int   argc,
      char *argv[])
{
  Bench              bench = { 0 };
  g_autoptr (GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char   *root = NULL;
  UcwaInvitation    *invitation;
  const guint        chunk = 250, total = 100000, latency_rounds = 300;
  long               rss_start, rss_half, rss_end;
  guint64            sent = 0;
  gint64             start;

  bench_parse_dispatch ();

  bench.sim = bench_start_simulator ("Alice Bench", &root);
  bench.latencies = g_array_new (FALSE, FALSE, sizeof (double));

  bench.session = ucwa_session_new ();
  g_signal_connect (ucwa_session_get_model (bench.session), "invitation-added", G_CALLBACK (invitation_added_cb), &bench);
  bench_stamp_invitation_releases (bench.sim, &bench.released_at);
  ucwa_session_sign_in_async (bench.session, root, BENCH_USER, BENCH_PASSWORD, NULL, NULL, NULL);
  iterate_until (signed_in, &bench);

  /* One conversation to carry the event stream. */
  bench.id = ucwa_sim_server_start_im_invitation (bench.sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Bench");
  target_invitations = 1;
  iterate_until (invitations_caught_up, &bench);
  invitation = g_list_model_get_item (ucwa_model_get_invitations (ucwa_session_get_model (bench.session)), 0);
  ucwa_session_accept_async (bench.session, invitation, NULL, accept_cb, &bench);
  g_object_unref (invitation);
  iterate_until (conversation_ready, &bench);
  g_signal_connect (ucwa_conversation_get_typing_participants (bench.conversation), "items-changed",
                    G_CALLBACK (typing_changed_cb), &bench);

  /* Warm up, then measure. */
  for (guint i = 0; i < 2000; i++)
    ucwa_sim_server_set_remote_typing (bench.sim, bench.id, (sent++ % 2) == 0);
  target_changes = sent;
  iterate_until (typing_caught_up, &bench);
  rss_start = bench_proc_rss_kib (0);
  rss_half = rss_start;

  start = g_get_monotonic_time ();
  while (sent < 2000 + total)
    {
      gint64 chunk_start = g_get_monotonic_time ();
      double rate;

      for (guint i = 0; i < chunk; i++)
        ucwa_sim_server_set_remote_typing (bench.sim, bench.id, (sent++ % 2) == 0);
      target_changes = sent;
      iterate_until (typing_caught_up, &bench);
      rate = chunk / ((double) (g_get_monotonic_time () - chunk_start) / G_USEC_PER_SEC);
      g_array_append_val (rates, rate);
      if (sent - 2000 == total / 2)
        rss_half = bench_proc_rss_kib (0);
    }
  rss_end = bench_proc_rss_kib (0);

  printf ("events through the channel (loopback HTTP, %u-event bursts): median %.0f events/s, overall %.0f events/s\n",
          chunk, bench_percentile (rates, 0.5), total / ((double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC));
  printf ("RSS (client + simulator in one process): %ld KiB after warm-up, %ld KiB after %u events, %ld KiB after %u events (growth over the second half: %+ld KiB)\n",
          rss_start, rss_half, total / 2, rss_end, total, rss_end - rss_half);

  /* Invitation latency: one at a time, so each is released on its own. */
  for (guint i = 0; i < latency_rounds; i++)
    {
      g_autofree char *id = NULL;

      target_invitations = bench.invitations + 1;
      id = ucwa_sim_server_start_im_invitation (bench.sim, NULL, "sip:carol@contoso.com", "Carol", "Ping");
      iterate_until (invitations_caught_up, &bench);
    }
  printf ("invitation event released by the simulator → invitation-added: median %.3f ms, p99 %.3f ms (%u invitations)\n",
          bench_percentile (bench.latencies, 0.5), bench_percentile (bench.latencies, 0.99), bench.latencies->len);

  g_clear_object (&bench.session);
  g_clear_object (&bench.sim);
  g_array_unref (bench.latencies);
  g_free (bench.id);
  return 0;
}

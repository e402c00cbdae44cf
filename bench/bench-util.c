/* bench-util.c: what the benchmarks share: percentiles, the simulator they
 * run against and when it released an invitation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-util.h"

#include <time.h>

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The @p quantile (0.5 the median) of @values, doubles; sorts them. */
double
bench_percentile (GArray *values,
                  double  p)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (p * values->len)));
}

/* The same for @values_us, gint64 microseconds, in milliseconds. */
double
bench_percentile_ms (GArray *values_us,
                     double  p)
{
  g_autoptr (GArray) ms = g_array_sized_new (FALSE, FALSE, sizeof (double), values_us->len);

  for (guint i = 0; i < values_us->len; i++)
    {
      double value = g_array_index (values_us, gint64, i) / 1000.0;

      g_array_append_val (ms, value);
    }
  return bench_percentile (ms, p);
}

/* The simulator, listening on a port of the system's choosing, with
 * BENCH_USER; invitations ring until answered, however long a round takes.
 * Sets @root to its root URL. */
UcwaSimServer *
bench_start_simulator (const char *display_name,
                       char      **root)
{
  g_autoptr (GError) error = NULL;
  UcwaSimServer     *sim = ucwa_sim_server_new ();

  ucwa_sim_server_add_user (sim, BENCH_USER, BENCH_PASSWORD, display_name);
  ucwa_sim_server_set_invitation_timeout (sim, 0);
  if (!ucwa_sim_server_listen (sim, 0, &error))
    g_error ("%s", error->message);
  *root = ucwa_sim_server_dup_root_url (sim);
  return sim;
}

static void
events_released_cb (UcwaSimServer *sim,
                    guint          n_events,
                    gboolean       has_invitation,
                    gint64        *released_at)
{
  if (has_invitation)
    *released_at = g_get_monotonic_time ();
}

/* Sets *@released_at to g_get_monotonic_time () whenever @sim releases
 * events that carry an invitation: where a latency starts. */
void
bench_stamp_invitation_releases (UcwaSimServer *sim,
                                 gint64        *released_at)
{
  g_signal_connect (sim, "events-released", G_CALLBACK (events_released_cb), released_at);
}

/* Iterates the default main context until *@done. */
void
bench_run_until (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

/* Iterates the default main context for 200 ms: whatever the last frame
 * left to do (idle callbacks, a last frame). */
void
bench_settle (void)
{
  gint64 until = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* The calling thread's CPU time, in µs: what a frame costs, whatever else
 * the machine runs. */
gint64
bench_thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

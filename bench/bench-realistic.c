/* bench-realistic.c: the notification path as a user lives with it: the
 * real `beckon` with its windows open, against the background service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-realistic BECKON        (or BECKON_BINARY in the environment)
 *
 * This process runs the simulator (loopback HTTP, on its main thread) and
 * the fake org.freedesktop.Notifications server of the tests (its own
 * thread, on the session bus: run under dbus-run-session and Xvfb, as the
 * benchmark command does).  Beckon is the real binary, a process of its
 * own, signing in with --server/--user and BECKON_PASSWORD: its main
 * thread painting cannot delay the simulator or the daemon, and every
 * timestamp is g_get_monotonic_time () here (a system-wide clock).
 *
 * Three runs of the same work, one after the other, the renderer the
 * environment says (GSK_RENDERER, GDK_DEBUG; unset: GL, llvmpipe under
 * Xvfb):
 *   service  `beckon --gapplication-service --server … --user …`: no window
 *            (the baseline);
 *   windows  `beckon --server … --user …`: the main window open on the
 *            invitation list, and BENCH_WINDOWS conversation windows;
 *   inline   the same with BECKON_CORE=inline: the protocol core on the
 *            GTK thread (the single-threaded design), for comparison.
 * Each run: launch → first event P-GET parked; BENCH_HISTORY invitations
 * declined through their notifications (the list's history, as long as
 * the account keeps one: 200 answered invitations today; the windows run
 * then accepts BENCH_WINDOWS more, each opening a conversation window, and
 * times those clicks); once Beckon is quiet, BENCH_INVITATIONS
 * invitations one after another, each declined from its notification as
 * soon as the daemon has it, the next released once the decline POST
 * reached the simulator.  Declined, not accepted: every accept opens one
 * more window, and the state would not stay the one measured.  Per
 * invitation: (a) the simulator releasing the events response that carries
 * it → its Notify at the daemon; (b) the daemon emitting ActionInvoked →
 * the decline POST at the simulator; (c) Beckon's CPU time (utime + stime,
 * /proc/PID/stat) over the sequence / N.  Then, once quiet again, its CPU
 * over BENCH_IDLE_S seconds of nothing happening, and a burst of
 * BENCH_BURST invitations in one events response: how many Notify calls
 * it makes for them.
 *
 * Last, for reference, this program re-runs itself as a bare GTK window
 * (600×500, one label: --bare-window) under the same renderer: what a full
 * repaint costs (frame clock before-paint → after-paint, and CPU per
 * frame) and its idle CPU over the same time.
 *
 * Prints a table of medians and p99; asserts nothing about speed.  Exits 0
 * when it could measure, 1 saying what it waited for when a step timed out.
 *
 * Environment: BENCH_INVITATIONS (200), BENCH_HISTORY (200), BENCH_WINDOWS
 * (20), BENCH_IDLE_S (60), BENCH_BURST (50), BENCH_RUNS ("service windows
 * inline bare"); a smoke run: BENCH_INVITATIONS=20 BENCH_HISTORY=20
 * BENCH_WINDOWS=3 BENCH_IDLE_S=2.  xdotool, when installed, checks that the
 * windows are on screen.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "bench-proc.h"
#include "bench-realistic-bare.h"
#include "bench-realistic-private.h"
#include "bench-util.h"
#include "fake-notification-server.h"
#include "test-util.h"

#define WAIT_MS         30000
#define LAUNCH_WAIT_MS  60000
#define QUIET_WINDOW_US G_USEC_PER_SEC
#define QUIET_WAIT_MS   60000
#define EXIT_WAIT_MS    10000
#define CALLER_URI_FMT  "sip:caller%05u@contoso.com"
#define CALLER_NAME_FMT "Caller %05u"
#define INVITATION_TEXT "Got a minute?"

typedef struct
{
  Config                  config;
  const char             *beckon;
  char                   *root;
  char                   *tmp;
  UcwaSimServer          *sim;
  FakeNotificationServer *server;
  guint                   serial; /* makes each caller unique */

  /* The app under measurement. */
  GSubprocess *app;
  GPid         pid;
  char        *log_path;
  gboolean     exited;

  /* Stamped on this thread by the simulator's signals. */
  gint64 released_at; /* the first events response carrying an invitation */
  gint64 answer_at;   /* the first accept/decline POST */
  guint  n_invitation_responses;
  guint  n_released_events;
} Bench;

/* Failing */

static void app_kill (Bench *bench);

static void
print_app_log (Bench *bench)
{
  g_autofree char *text = NULL;
  gsize            length = 0;

  if (bench->log_path == NULL || !g_file_get_contents (bench->log_path, &text, &length, NULL) || length == 0)
    return;
  g_printerr ("bench-realistic: beckon said (last 2000 bytes):\n%s\n", text + (length > 2000 ? length - 2000 : 0));
}

/* A step did not happen: says which, ends Beckon, exits 1. */
static G_NORETURN void
bench_fail (Bench      *bench,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static void
bench_fail (Bench      *bench,
            const char *format,
            ...)
{
  va_list          args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("bench-realistic: %s\n", message);
  print_app_log (bench);
  app_kill (bench);
  exit (1);
}

/* Waits, iterating this thread's main context (the simulator's), until
 * @cond holds; fails the benchmark after @timeout_ms. */
static void
wait_for (Bench                    *bench,
          FakeNotificationCondition cond,
          gpointer                  data,
          guint                     timeout_ms,
          const char               *what)
{
  if (!fake_notification_server_wait (bench->server, cond, data, timeout_ms))
    bench_fail (bench, "timed out after %u s waiting for %s", timeout_ms / 1000, what);
}

/* The simulator's side */

static void
events_released_cb (UcwaSimServer *sim,
                    guint          n_events,
                    gboolean       has_invitation,
                    Bench         *bench)
{
  if (!has_invitation)
    return;
  /* The first: a response sent again (same ack) is not a new release. */
  if (bench->released_at == 0)
    bench->released_at = g_get_monotonic_time ();
  bench->n_invitation_responses++;
  bench->n_released_events += n_events;
}

static void
request_cb (UcwaSimServer *sim,
            const char    *method,
            const char    *path,
            const char    *authorization,
            Bench         *bench)
{
  if (bench->answer_at == 0 && g_str_equal (method, "POST") &&
      (g_str_has_suffix (path, "/accept") || g_str_has_suffix (path, "/decline")))
    bench->answer_at = g_get_monotonic_time ();
}

static gboolean
is_parked (gpointer data)
{
  Bench *bench = data;

  return ucwa_sim_server_count_parked_requests (bench->sim) > 0;
}

static gboolean
has_no_application (gpointer data)
{
  Bench *bench = data;

  return ucwa_sim_server_count_applications (bench->sim) == 0;
}

/* The app */

static void
child_setup (gpointer data)
{
  /* Whatever ends this program (a timeout of the benchmark runner
   * included) ends Beckon too. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
app_has_exited (gpointer data)
{
  Bench *bench = data;

  return bench->exited;
}

static void
app_spawn (Bench   *bench,
           gboolean windows,
           gboolean inline_core)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr (GPtrArray)           argv = g_ptr_array_new ();
  g_autoptr (GError)              error = NULL;
  g_autofree char                *home = g_build_filename (bench->tmp, "home", NULL);
  g_autofree char                *runtime = g_build_filename (bench->tmp, "runtime", NULL);
  static const char *const        unset[] = {
           /* As shipped: the test environment's debugging allocator off. */
    "G_DEBUG",
    "G_SLICE",
    "G_MESSAGES_DEBUG",
    /* Loopback only. */
    "http_proxy",
    "https_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
  };

  g_ptr_array_add (argv, (gpointer) bench->beckon);
  if (!windows)
    g_ptr_array_add (argv, (gpointer) "--gapplication-service");
  g_ptr_array_add (argv, (gpointer) "--server");
  g_ptr_array_add (argv, bench->root);
  g_ptr_array_add (argv, (gpointer) "--user");
  g_ptr_array_add (argv, (gpointer) BENCH_USER);
  g_ptr_array_add (argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (unset); i++)
    g_subprocess_launcher_unsetenv (launcher, unset[i]);
  g_subprocess_launcher_setenv (launcher, "no_proxy", "*", TRUE);
  g_subprocess_launcher_setenv (launcher, "BECKON_PASSWORD", BENCH_PASSWORD, TRUE);
  g_subprocess_launcher_setenv (launcher, "NOTIFY_IGNORE_PORTAL", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GTK_A11Y", "none", TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_AT_BRIDGE", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  if (inline_core)
    g_subprocess_launcher_setenv (launcher, "BECKON_CORE", "inline", TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "BECKON_CORE");
  /* GTK and Mesa write their caches under a home of their own. */
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  g_free (bench->log_path);
  bench->log_path = g_build_filename (bench->tmp, windows ? (inline_core ? "beckon-inline.log" : "beckon-windows.log") : "beckon-service.log",
                                      NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, bench->log_path);

  bench->exited = FALSE;
  bench->app = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  if (bench->app == NULL)
    bench_fail (bench, "cannot start %s: %s", bench->beckon, error->message);
  bench->pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (bench->app), NULL, 10);
  test_watch_exit (bench->app, &bench->exited);
}

/* Ends Beckon at once (a failure). */
static void
app_kill (Bench *bench)
{
  if (bench->app == NULL)
    return;
  if (!bench->exited)
    g_subprocess_force_exit (bench->app);
  g_subprocess_wait (bench->app, NULL, NULL);
  g_clear_object (&bench->app);
}

/* Ends Beckon as a log-out does (SIGTERM: it signs out). */
static void
app_stop (Bench *bench)
{
  g_subprocess_send_signal (bench->app, SIGTERM);
  if (!fake_notification_server_wait (bench->server, app_has_exited, bench, EXIT_WAIT_MS))
    g_printerr ("bench-realistic: beckon did not exit %u s after SIGTERM; killed\n", EXIT_WAIT_MS / 1000);
  app_kill (bench);
  /* Its application deleted (or not: the next sign-in makes its own). */
  fake_notification_server_wait (bench->server, has_no_application, bench, EXIT_WAIT_MS);
}

static gboolean
app_alive_or_fail (gpointer data)
{
  Bench *bench = data;

  if (bench->exited)
    bench_fail (bench, "beckon exited");
  return FALSE;
}

/* Beckon's visible windows: xdotool's count, -1 without xdotool.  Spawns:
 * never while timing. */
static int
count_windows (Bench *bench)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autofree char *pid = g_strdup_printf ("%d", (int) bench->pid);
  g_autofree char *out = NULL;
  const char      *argv[] = { xdotool, "search", "--onlyvisible", "--pid", pid, NULL };
  int              n = 0;

  if (xdotool == NULL)
    return -1;
  /* Exit status 1: none found. */
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, NULL, NULL))
    return -1;
  for (const char *p = out; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

typedef struct
{
  Bench *bench;
  int    n;
  int    seen;
} WindowsWait;

static gboolean
has_windows (gpointer data)
{
  WindowsWait *wait = data;

  app_alive_or_fail (wait->bench);
  wait->seen = count_windows (wait->bench);
  return wait->seen < 0 || wait->seen >= wait->n;
}

typedef struct
{
  Bench      *bench;
  gint64      since;
  GHashTable *since_threads;
} QuietWait;

/* Less than QUIET_CPU_NS of CPU over the last second. */
static gboolean
is_quiet (gpointer data)
{
  QuietWait       *wait = data;
  gint64           now = g_get_monotonic_time ();
  GHashTable      *threads;
  BenchThreadTimes delta;

  app_alive_or_fail (wait->bench);
  threads = bench_proc_threads (wait->bench->pid);
  if (wait->since != 0)
    bench_threads_delta (wait->since_threads, threads, &delta, NULL);
  if (wait->since == 0 || delta.run_ns >= QUIET_CPU_NS)
    {
      g_clear_pointer (&wait->since_threads, g_hash_table_unref);
      wait->since = now;
      wait->since_threads = threads;
      return FALSE;
    }
  g_hash_table_unref (threads);
  return now - wait->since >= QUIET_WINDOW_US;
}

/* Until Beckon is quiet and its P-GET parked; FALSE if it never went quiet
 * (noted, not fatal: that is a finding in itself). */
static gboolean
settle (Bench *bench)
{
  QuietWait quiet = { bench, 0, NULL };
  gboolean  ok;

  wait_for (bench, is_parked, bench, WAIT_MS, "the event P-GET to park");
  ok = fake_notification_server_wait (bench->server, is_quiet, &quiet, QUIET_WAIT_MS);
  g_clear_pointer (&quiet.since_threads, g_hash_table_unref);
  if (ok)
    return TRUE;
  g_printerr ("bench-realistic: beckon did not go quiet (< %d ms CPU in a second) in %d s\n",
              QUIET_CPU_NS / 1000000, QUIET_WAIT_MS / 1000);
  return FALSE;
}

/* One invitation */

typedef struct
{
  Bench            *bench;
  const char       *name;
  const char       *action;
  guint             from;  /* first Notify record to look at */
  FakeNotification *popup; /* found */
} PopupWait;

/* The first Notify for this caller that offers @action. */
static gboolean
popup_found (gpointer data)
{
  PopupWait            *wait = data;
  g_autoptr (GPtrArray) records = NULL;

  app_alive_or_fail (wait->bench);
  /* Cheap until a Notify came: the copy is taken only then. */
  if (fake_notification_server_get_notify_count (wait->bench->server) <= wait->from)
    return FALSE;
  records = fake_notification_server_get_notifications (wait->bench->server);
  for (guint i = wait->from; i < records->len; i++)
    {
      FakeNotification *record = g_ptr_array_index (records, i);

      if (record->summary != NULL && strstr (record->summary, wait->name) != NULL &&
          fake_notification_has_action (record, wait->action))
        {
          wait->popup = fake_notification_copy (record);
          return TRUE;
        }
    }
  wait->from = records->len;
  return FALSE;
}

static gboolean
answer_seen (gpointer data)
{
  Bench *bench = data;

  app_alive_or_fail (bench);
  return bench->answer_at != 0;
}

/* An invitation from a new caller; answered with @action ("accept",
 * "decline") as soon as its notification is up; returns once the answer's
 * POST reached the simulator, with the two latencies in µs. */
static void
ring_and_answer (Bench      *bench,
                 const char *action,
                 gint64     *to_notify,
                 gint64     *to_answer)
{
  guint                        serial = bench->serial++;
  g_autofree char             *uri = g_strdup_printf (CALLER_URI_FMT, serial);
  g_autofree char             *name = g_strdup_printf (CALLER_NAME_FMT, serial);
  g_autofree char             *id = NULL;
  g_autofree char             *what = NULL;
  PopupWait                    popup = { bench, name, action, fake_notification_server_get_notify_count (bench->server), NULL };
  g_autoptr (FakeNotification) found = NULL;

  bench->released_at = 0;
  bench->answer_at = 0;
  id = ucwa_sim_server_start_im_invitation (bench->sim, NULL, uri, name, INVITATION_TEXT);
  if (id == NULL)
    bench_fail (bench, "the simulator had no application to ring (beckon signed out?)");

  what = g_strdup_printf ("the Notify for %s with an \"%s\" button", name, action);
  wait_for (bench, popup_found, &popup, WAIT_MS, what);
  found = popup.popup;
  if (bench->released_at == 0)
    bench_fail (bench, "%s rang, but the simulator never said it released it", name);
  *to_notify = found->received_us - bench->released_at;

  if (!fake_notification_server_invoke_action (bench->server, found->id, action))
    bench_fail (bench, "%s's notification closed before it was clicked", name);
  g_free (what);
  what = g_strdup_printf ("the %s POST for %s", action, name);
  wait_for (bench, answer_seen, bench, WAIT_MS, what);
  *to_answer = bench->answer_at - fake_notification_server_get_last_action_time (bench->server);
}

/* A burst in one events response */

typedef struct
{
  Bench *bench;
  guint  count;
  gint64 since;
} StableWait;

/* No new Notify for a second. */
static gboolean
notify_count_stable (gpointer data)
{
  StableWait *wait = data;
  guint       count = fake_notification_server_get_notify_count (wait->bench->server);
  gint64      now = g_get_monotonic_time ();

  app_alive_or_fail (wait->bench);
  if (count != wait->count || wait->since == 0)
    {
      wait->count = count;
      wait->since = now;
      return FALSE;
    }
  return now - wait->since >= G_USEC_PER_SEC;
}

typedef struct
{
  Bench *bench;
  guint  n;
} CountWait;

static gboolean
events_released (gpointer data)
{
  CountWait *wait = data;

  app_alive_or_fail (wait->bench);
  return wait->bench->n_released_events >= wait->n;
}

static void
measure_burst (Bench *bench,
               Run   *run)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint                 notify_before, close_before;
  CountWait             released = { bench, bench->config.n_burst };
  StableWait            stable = { bench, 0, 0 };

  settle (bench);
  notify_before = fake_notification_server_get_notify_count (bench->server);
  close_before = fake_notification_server_get_close_count (bench->server);
  bench->n_invitation_responses = 0;
  bench->n_released_events = 0;
  /* All started before this thread returns to its main loop: the parked
   * P-GET carries them together. */
  for (guint i = 0; i < bench->config.n_burst; i++)
    {
      guint            serial = bench->serial++;
      g_autofree char *uri = g_strdup_printf (CALLER_URI_FMT, serial);
      g_autofree char *name = g_strdup_printf (CALLER_NAME_FMT, serial);

      g_ptr_array_add (ids, ucwa_sim_server_start_im_invitation (bench->sim, NULL, uri, name, INVITATION_TEXT));
    }
  wait_for (bench, events_released, &released, WAIT_MS, "the burst's events response");
  wait_for (bench, is_parked, bench, WAIT_MS, "the event P-GET to park after the burst");
  wait_for (bench, notify_count_stable, &stable, WAIT_MS, "the Notify calls for the burst to stop");
  run->burst_notify = fake_notification_server_get_notify_count (bench->server) - notify_before;
  run->burst_close = fake_notification_server_get_close_count (bench->server) - close_before;
  run->burst_responses = bench->n_invitation_responses;

  for (guint i = 0; i < ids->len; i++)
    if (g_ptr_array_index (ids, i) != NULL)
      ucwa_sim_server_cancel_invitation (bench->sim, g_ptr_array_index (ids, i));
}

/* Idle */

typedef struct
{
  Bench *bench;
  gint64 until;
} TimeWait;

static gboolean
time_reached (gpointer data)
{
  TimeWait *wait = data;

  app_alive_or_fail (wait->bench);
  return g_get_monotonic_time () >= wait->until;
}

static void
measure_idle (Bench *bench,
              Run   *run)
{
  TimeWait               wait = { bench, 0 };
  g_autoptr (GHashTable) before = NULL;
  g_autoptr (GHashTable) after = NULL;
  BenchThreadTimes       delta;
  guint64                ticks;

  run->quiet = settle (bench) && run->quiet;
  ticks = bench_proc_cpu_ticks (bench->pid);
  before = bench_proc_threads (bench->pid);
  wait.until = g_get_monotonic_time () + (gint64) bench->config.idle_s * G_USEC_PER_SEC;
  wait_for (bench, time_reached, &wait, (bench->config.idle_s + 30) * 1000, "the idle time to pass");
  run->idle_cpu_s = bench_ticks_to_s (bench_proc_cpu_ticks (bench->pid) - ticks);
  after = bench_proc_threads (bench->pid);
  bench_threads_delta (before, after, &delta, run->idle_threads_ended);
  run->idle_threads = bench_threads_by_name (before, after, 1);
  run->idle_sched_s = delta.run_ns / 1e9;
  run->idle_switches = delta.switches;
}

/* One run of Beckon */

static void
run_app (Bench *bench,
         Run   *run)
{
  const Config          *config = &bench->config;
  gint64                 spawned_at, to_notify, to_answer;
  guint64                ticks;
  g_autoptr (GHashTable) threads_before = NULL;
  g_autoptr (GHashTable) threads_after = NULL;

  run->to_notify = g_array_new (FALSE, FALSE, sizeof (gint64));
  run->to_decline = g_array_new (FALSE, FALSE, sizeof (gint64));
  run->to_accept = g_array_new (FALSE, FALSE, sizeof (gint64));
  run->idle_threads_ended = g_string_new (NULL);
  run->n_windows_seen = -1;
  run->quiet = TRUE;

  g_printerr ("bench-realistic: [%s] launching beckon\n", run->name);
  if (ucwa_sim_server_count_parked_requests (bench->sim) != 0)
    bench_fail (bench, "a P-GET is still parked from the previous run");
  spawned_at = g_get_monotonic_time ();
  app_spawn (bench, run->windows, run->inline_core);
  wait_for (bench, is_parked, bench, LAUNCH_WAIT_MS, "beckon to sign in and park its event P-GET");
  run->launch_us = g_get_monotonic_time () - spawned_at;

  if (run->windows)
    {
      WindowsWait windows = { bench, 1, 0 };

      wait_for (bench, has_windows, &windows, WAIT_MS, "the main window on screen");
    }

  g_printerr ("bench-realistic: [%s] %u invitations declined for the history\n", run->name, config->n_history);
  for (guint i = 0; i < config->n_history; i++)
    ring_and_answer (bench, "decline", &to_notify, &to_answer);

  if (run->windows)
    {
      WindowsWait windows = { bench, 1 + (int) config->n_windows, 0 };

      g_printerr ("bench-realistic: [%s] %u invitations accepted, a conversation window each\n", run->name,
                  config->n_windows);
      for (guint i = 0; i < config->n_windows; i++)
        {
          ring_and_answer (bench, "accept", &to_notify, &to_answer);
          g_array_append_val (run->to_accept, to_answer);
        }
      wait_for (bench, has_windows, &windows, WAIT_MS, "the conversation windows on screen");
      run->n_windows_seen = windows.seen;
    }

  run->quiet = settle (bench);
  g_printerr ("bench-realistic: [%s] measuring %u invitations, each declined\n", run->name, config->n_invitations);
  ticks = bench_proc_cpu_ticks (bench->pid);
  threads_before = bench_proc_threads (bench->pid);
  for (guint i = 0; i < config->n_invitations; i++)
    {
      ring_and_answer (bench, "decline", &to_notify, &to_answer);
      g_array_append_val (run->to_notify, to_notify);
      g_array_append_val (run->to_decline, to_answer);
    }
  run->cpu_ms_per_invitation = bench_ticks_to_s (bench_proc_cpu_ticks (bench->pid) - ticks) * 1000 / config->n_invitations;
  threads_after = bench_proc_threads (bench->pid);
  run->threads_per_invitation = bench_threads_by_name (threads_before, threads_after, config->n_invitations);
  run->rss_kib = bench_proc_rss_kib (bench->pid);

  g_printerr ("bench-realistic: [%s] idle for %u s\n", run->name, config->idle_s);
  measure_idle (bench, run);
  if (config->n_burst > 0)
    {
      g_printerr ("bench-realistic: [%s] a burst of %u invitations\n", run->name, config->n_burst);
      measure_burst (bench, run);
    }
  app_stop (bench);
}

/* The bare GTK window (--bare-window, a process of its own:
 * bench-realistic-bare.c) */

static void
measure_bare_window (Bench      *bench,
                     BareResult *result)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GSubprocess)         process = NULL;
  g_autoptr (GError)              error = NULL;
  g_autofree char                *out = NULL;
  g_autofree char                *idle = g_strdup_printf ("%u", bench->config.idle_s);
  g_autofree char                *home = g_build_filename (bench->tmp, "home", NULL);

  g_printerr ("bench-realistic: [bare] a bare GTK window, %d full repaints, then idle for %u s\n", BENCH_BARE_FRAMES,
              bench->config.idle_s);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", home, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, "/proc/self/exe", "--bare-window", idle, NULL);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
    {
      g_printerr ("bench-realistic: the bare window could not run: %s\n", error->message);
      return;
    }
  if (g_subprocess_get_exit_status (process) != 0 ||
      sscanf (out, "%lf %lf %lf %u %lf %" G_GUINT64_FORMAT " %63s", &result->paint_median_ms, &result->paint_p99_ms,
              &result->cpu_ms_per_frame, &result->n_frames, &result->idle_cpu_s, &result->rss_kib,
              result->renderer) != 7)
    {
      g_printerr ("bench-realistic: the bare window failed: %s\n", out);
      return;
    }
  result->measured = TRUE;
}

/* The environment's settings */

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);
  guint64     n;

  if (value == NULL || *value == '\0')
    return fallback;
  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &n, NULL))
    {
      g_printerr ("bench-realistic: %s must be a number, not \"%s\"\n", name, value);
      exit (2);
    }
  return (guint) n;
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->to_notify, g_array_unref);
  g_clear_pointer (&run->to_decline, g_array_unref);
  g_clear_pointer (&run->to_accept, g_array_unref);
  g_clear_pointer (&run->threads_per_invitation, g_free);
  g_clear_pointer (&run->idle_threads, g_free);
  if (run->idle_threads_ended != NULL)
    g_string_free (g_steal_pointer (&run->idle_threads_ended), TRUE);
}

int
main (int   argc,
      char *argv[])
{
  Bench              bench = { 0 };
  Run                service = { "service", FALSE };
  Run                windows = { "windows", TRUE };
  Run                inline_run = { "inline", TRUE, TRUE };
  BareResult         bare = { 0 };
  g_autoptr (GError) error = NULL;
  g_auto (GStrv)     runs = NULL;
  g_autofree char   *schema_dir = NULL;

  bench.config.n_invitations = MAX (env_uint ("BENCH_INVITATIONS", 200), 1);
  bench.config.n_history = env_uint ("BENCH_HISTORY", 200);
  bench.config.n_windows = env_uint ("BENCH_WINDOWS", 20);
  bench.config.idle_s = env_uint ("BENCH_IDLE_S", 60);
  bench.config.n_burst = env_uint ("BENCH_BURST", 50);

  if (argc == 3 && g_str_equal (argv[1], "--bare-window"))
    return bench_realistic_run_bare_window ((guint) g_ascii_strtoull (argv[2], NULL, 10));

  bench.beckon = argc > 1 ? argv[1] : g_getenv ("BECKON_BINARY");
  if (bench.beckon == NULL || argc > 2)
    {
      g_printerr ("usage: %s BECKON (or BECKON_BINARY in the environment)\n", argv[0]);
      return 2;
    }
  if (g_getenv ("DISPLAY") == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_printerr ("bench-realistic: needs a display and a session bus of its own "
                  "(run under xvfb-run and dbus-run-session)\n");
      return 77;
    }
  /* The app's settings schema: the test environment's, else the build's. */
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    {
      g_autofree char *dir = g_path_get_dirname (bench.beckon);

      schema_dir = g_build_filename (dir, "..", "data", NULL);
      g_setenv ("GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
    }
  runs = g_strsplit (g_getenv ("BENCH_RUNS") != NULL ? g_getenv ("BENCH_RUNS") : "service windows inline bare", " ", 0);

  bench.tmp = g_dir_make_tmp ("bench-realistic-XXXXXX", &error);
  if (bench.tmp == NULL)
    g_error ("%s", error->message);

  bench.server = fake_notification_server_new_started ();
  bench.sim = bench_start_simulator ("Alice Example", &bench.root);
  g_signal_connect (bench.sim, "events-released", G_CALLBACK (events_released_cb), &bench);
  g_signal_connect (bench.sim, "request", G_CALLBACK (request_cb), &bench);

  /* The baseline first, then the same work with the windows open. */
  if (g_strv_contains ((const char *const *) runs, "service"))
    run_app (&bench, &service);
  if (g_strv_contains ((const char *const *) runs, "windows"))
    run_app (&bench, &windows);
  if (g_strv_contains ((const char *const *) runs, "inline"))
    run_app (&bench, &inline_run);
  if (g_strv_contains ((const char *const *) runs, "bare"))
    measure_bare_window (&bench, &bare);

  bench_realistic_print_report (&bench.config, &service, &windows, &inline_run, &bare);

  run_clear (&service);
  run_clear (&windows);
  run_clear (&inline_run);
  g_signal_handlers_disconnect_by_data (bench.sim, &bench);
  g_clear_object (&bench.sim);
  fake_notification_server_free (bench.server);
  /* The temporary home: GTK's and Mesa's caches, Beckon's logs. */
  test_remove_tree (bench.tmp);
  g_free (bench.tmp);
  g_free (bench.root);
  g_free (bench.log_path);
  return 0;
}

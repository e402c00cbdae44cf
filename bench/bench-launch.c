/* bench-launch.c: the real `beckon` from exec to its event channel parked, and idle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Launches the real binary (BECKON_BINARY) as a user does, `beckon --server
 * ROOT --user SIP` with the password in BECKON_PASSWORD, against the
 * simulator in this process (loopback HTTP) and the fake notification
 * server of the tests (its own thread, on the session bus: run under
 * dbus-run-session and Xvfb).  Measures, over BENCH_LAUNCHES launches (10):
 *
 *  - exec → the simulator parking the client's first events GET (sign-in
 *    done, the event channel waiting): the target;
 *  - exec → the main window's first frame drawn (the app logs its monotonic
 *    time under G_MESSAGES_DEBUG=beckon), for information;
 *
 * and in the same run, as baselines: `beckon --gapplication-service` with
 * the same account (no window) to the parked GET, and a bare GTK window
 * (bench-bare-window, BENCH_BARE_WINDOW) to its first frame.
 *
 * Then, with the main window open and signed in, nothing happening: the
 * CPU time (utime + stime, /proc/PID/stat) the process spends over
 * BENCH_IDLE_SECONDS (60; 0 skips it).
 *
 * Each launch ends with SIGTERM (the app signs out) and waits for the exit
 * before the next one.  The renderer is whatever the environment says
 * (meson runs this once with cairo, once with GTK's default).  The children
 * run as shipped (no G_DEBUG) in a HOME of their own, kept over the run.
 * Timestamps are g_get_monotonic_time (), the same clock in every process.
 * Prints figures, asserts nothing about speed.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench-proc.h"
#include "bench-util.h"
#include "fake-notification-server.h"
#include "test-util.h"

#define WAIT_MS   30000
#define SETTLE_MS 2000

typedef struct
{
  UcwaSimServer *sim;
  char          *root;
  char          *home;

  /* The launch under way */
  GSubprocess      *process;
  gboolean          exited;
  gint64            parked_at; /* the request that parked first, when it came in */
  gint64            frame_at;  /* as the child logged it */
  gint64            settle_until;
  GString          *output; /* the child's stdout and stderr, for its failures */
  GDataInputStream *lines;
} Bench;

typedef struct
{
  Bench *bench;
  gint64 at;
} Request;

static gboolean
check_parked_cb (gpointer user_data)
{
  Request *request = user_data;

  /* The simulator has handled the request by now (it pauses a GET that
   * parks): parked, or answered. */
  if (request->bench->parked_at == 0 && request->bench->process != NULL &&
      ucwa_sim_server_count_parked_requests (request->bench->sim) > 0)
    request->bench->parked_at = request->at;
  return G_SOURCE_REMOVE;
}

static void
request_cb (UcwaSimServer *sim,
            const char    *method,
            const char    *path,
            const char    *auth,
            Bench         *bench)
{
  Request *request;

  if (bench->parked_at != 0 || !g_str_equal (method, "GET"))
    return;
  request = g_new (Request, 1);
  request->bench = bench;
  request->at = g_get_monotonic_time ();
  g_idle_add_full (G_PRIORITY_HIGH, check_parked_cb, request, g_free);
}

static void
line_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Bench           *bench = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                                     NULL, NULL);
  const char      *frame;

  if (line == NULL)
    {
      g_clear_object (&bench->lines);
      return;
    }
  g_string_append_printf (bench->output, "%s\n", line);
  /* bench-bare-window's line, or the app's debug message. */
  if (g_str_has_prefix (line, "first-frame "))
    bench->frame_at = g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10);
  else if ((frame = strstr (line, "Main window: first frame drawn at ")) != NULL)
    bench->frame_at = g_ascii_strtoll (frame + strlen ("Main window: first frame drawn at "), NULL, 10);
  g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (object), G_PRIORITY_DEFAULT, NULL, line_cb, bench);
}

static void
wait_until_for (gboolean (*condition) (Bench *bench),
                Bench      *bench,
                const char *what,
                guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (bench))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Benchmark stalled waiting for %s; the child said:\n%s", what, bench->output->str);
      /* Exited, and all it wrote read: nothing more will come. */
      if (bench->exited && bench->lines == NULL)
        g_error ("The child exited while waiting for %s; it said:\n%s", what, bench->output->str);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
wait_until (gboolean (*condition) (Bench *bench),
            Bench      *bench,
            const char *what)
{
  wait_until_for (condition, bench, what, WAIT_MS);
}

static gboolean
parked (Bench *bench)
{
  return bench->parked_at != 0;
}

static gboolean
drawn (Bench *bench)
{
  return bench->frame_at != 0;
}

static gboolean
parked_and_drawn (Bench *bench)
{
  return parked (bench) && drawn (bench);
}

static gboolean
gone (Bench *bench)
{
  return bench->exited && bench->lines == NULL;
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
settled (Bench *bench)
{
  return g_get_monotonic_time () >= bench->settle_until;
}

/* Iterates this process's main loop (the simulator answers there) for @ms. */
static void
run_for (Bench *bench,
         guint  ms)
{
  guint tick = g_timeout_add (50, tick_cb, NULL);

  bench->settle_until = g_get_monotonic_time () + ms * 1000;
  wait_until_for (settled, bench, "time to pass", ms + WAIT_MS);
  g_source_remove (tick);
}

/* Spawns @argv; returns the monotonic time just before the fork. */
static gint64
spawn (Bench             *bench,
       const char *const *argv)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr (GError)              error = NULL;
  g_autofree char                *cache = g_build_filename (bench->home, ".cache", NULL);
  g_autofree char                *config = g_build_filename (bench->home, ".config", NULL);
  g_autofree char                *data = g_build_filename (bench->home, ".local", "share", NULL);
  g_autofree char                *runtime = g_build_filename (bench->home, "run", NULL);
  gint64                          start;

  /* As shipped: no debugging allocator (the test environment sets
   * G_DEBUG=gc-friendly).  The first-frame message only. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "G_SLICE");
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "beckon", TRUE);
  g_subprocess_launcher_setenv (launcher, "BECKON_PASSWORD", BENCH_PASSWORD, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", bench->home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_mkdir_with_parents (runtime, 0700);

  bench->exited = FALSE;
  bench->parked_at = bench->frame_at = 0;
  g_string_truncate (bench->output, 0);
  start = g_get_monotonic_time ();
  bench->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (bench->process == NULL)
    g_error ("Cannot start %s: %s", argv[0], error->message);
  test_watch_exit (bench->process, &bench->exited);
  bench->lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bench->process));
  g_data_input_stream_read_line_async (bench->lines, G_PRIORITY_DEFAULT, NULL, line_cb, bench);
  return start;
}

/* SIGTERM (as at log-out: Beckon signs out) and the exit. */
static void
stop (Bench *bench)
{
  if (!bench->exited)
    g_subprocess_send_signal (bench->process, SIGTERM);
  wait_until (gone, bench, "the child to exit");
  g_clear_object (&bench->process);
}

typedef enum {
  KIND_WINDOW,
  KIND_SERVICE,
  KIND_BARE,
} Kind;

/* Round 0 warms the caches (fonts, shaders): not counted. */
static void
record (GArray *values_us,
        guint   round,
        gint64  value_us)
{
  if (round > 0)
    g_array_append_val (values_us, value_us);
}

static void
print_figures (const char *what,
               GArray     *values_us)
{
  if (values_us->len == 0)
    return;
  printf ("  %-58s median %7.1f ms, p99 %7.1f ms, min %7.1f ms (%u launches)\n", what,
          bench_percentile_ms (values_us, 0.5), bench_percentile_ms (values_us, 0.99),
          bench_percentile_ms (values_us, 0.0), values_us->len);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (FakeNotificationServer) notifications = NULL;
  g_autoptr (GError)                 error = NULL;
  const char                        *beckon = g_getenv ("BECKON_BINARY");
  const char                        *bare = g_getenv ("BENCH_BARE_WINDOW");
  const char                        *debug = g_getenv ("GDK_DEBUG");
  const char                        *renderer = g_getenv ("GSK_RENDERER");
  guint                              n_launches = g_getenv ("BENCH_LAUNCHES") ? atoi (g_getenv ("BENCH_LAUNCHES")) : 10;
  guint                              idle_s = g_getenv ("BENCH_IDLE_SECONDS") ? atoi (g_getenv ("BENCH_IDLE_SECONDS")) : 60;
  GArray                            *window_parked = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray                            *window_frame = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray                            *service_parked = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray                            *bare_frame = g_array_new (FALSE, FALSE, sizeof (gint64));
  Bench                              bench = { 0 };

  if (beckon == NULL || bare == NULL)
    g_error ("Set BECKON_BINARY and BENCH_BARE_WINDOW (meson does)");

  g_setenv ("NOTIFY_IGNORE_PORTAL", "1", TRUE);
  notifications = fake_notification_server_new_started ();
  bench.sim = bench_start_simulator ("Alice Example", &bench.root);
  g_signal_connect (bench.sim, "request", G_CALLBACK (request_cb), &bench);
  bench.output = g_string_new (NULL);
  bench.home = g_dir_make_tmp ("bench-launch-XXXXXX", &error);
  g_assert_no_error (error);

  /* Interleaved, so that the load of the machine falls on all three alike. */
  for (guint i = 0; i <= n_launches; i++)
    for (Kind kind = KIND_WINDOW; kind <= KIND_BARE; kind++)
      {
        const char *window_argv[] = { beckon, "--server", bench.root, "--user", BENCH_USER, NULL };
        const char *service_argv[] = { beckon, "--gapplication-service", "--server", bench.root, "--user",
                                       BENCH_USER, NULL };
        const char *bare_argv[] = { bare, NULL };
        gint64      start;

        switch (kind)
          {
          case KIND_WINDOW:
            start = spawn (&bench, window_argv);
            wait_until (parked_and_drawn, &bench, "the main window's sign-in and first frame");
            record (window_parked, i, bench.parked_at - start);
            record (window_frame, i, bench.frame_at - start);
            break;
          case KIND_SERVICE:
            start = spawn (&bench, service_argv);
            wait_until (parked, &bench, "the service's sign-in");
            record (service_parked, i, bench.parked_at - start);
            break;
          case KIND_BARE:
          default:
            start = spawn (&bench, bare_argv);
            wait_until (drawn, &bench, "the bare window's first frame");
            record (bare_frame, i, bench.frame_at - start);
            break;
          }
        stop (&bench);
      }

  printf ("launch: GDK_DEBUG=%s GSK_RENDERER=%s\n", debug ? debug : "(unset)", renderer ? renderer : "(unset)");
  print_figures ("beckon --server --user: exec -> events GET parked", window_parked);
  print_figures ("  (target <= 400 ms)  exec -> main window's first frame", window_frame);
  print_figures ("beckon --gapplication-service: exec -> events GET parked", service_parked);
  print_figures ("bare GTK window: exec -> first frame", bare_frame);
  if (service_parked->len > 0 && bare_frame->len > 0)
    printf ("  windowed/service %.2fx, windowed/bare window %.2fx (medians)\n",
            bench_percentile_ms (window_parked, 0.5) / bench_percentile_ms (service_parked, 0.5),
            bench_percentile_ms (window_parked, 0.5) / bench_percentile_ms (bare_frame, 0.5));
  fflush (stdout);

  if (idle_s > 0)
    {
      const char *window_argv[] = { beckon, "--server", bench.root, "--user", BENCH_USER, NULL };
      GPid        pid;
      double      before, after;

      spawn (&bench, window_argv);
      wait_until (parked_and_drawn, &bench, "the main window's sign-in and first frame");
      run_for (&bench, SETTLE_MS);
      pid = atoi (g_subprocess_get_identifier (bench.process));
      before = bench_proc_cpu_s (pid);
      run_for (&bench, idle_s * 1000);
      after = bench_proc_cpu_s (pid);
      printf ("idle, main window open and signed in: %.2f s CPU over %u s (target <= 0.02 s over 60 s)\n",
              after - before, idle_s);
      stop (&bench);
    }

  g_signal_handlers_disconnect_by_data (bench.sim, &bench);
  g_clear_object (&bench.sim);
  g_array_unref (window_parked);
  g_array_unref (window_frame);
  g_array_unref (service_parked);
  g_array_unref (bare_frame);
  g_string_free (bench.output, TRUE);
  g_free (bench.root);
  {
    /* What GTK and Mesa cached there. */
    const char *rm_argv[] = { "rm", "-rf", bench.home, NULL };

    g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (bench.home);
  return 0;
}

/* bench-realistic-report.c: bench-realistic's tables (what it measured:
 * bench-realistic-private.h), Markdown on standard output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "bench-realistic-private.h"
#include "bench-util.h"

static char *
dup_median_p99 (GArray *values_us)
{
  if (values_us == NULL || values_us->len == 0)
    return g_strdup ("–");
  return g_strdup_printf ("%.2f / %.2f ms", bench_percentile_ms (values_us, 0.5), bench_percentile_ms (values_us, 0.99));
}

static char *
dup_ratio (double a,
           double b)
{
  return b > 0 ? g_strdup_printf ("%.2f×", a / b) : g_strdup ("–");
}

/* "median ratio / p99 ratio" of two sets of samples. */
static char *
dup_ratios (GArray *a,
            GArray *b)
{
  g_autofree char *median = NULL;
  g_autofree char *p99 = NULL;

  if (a == NULL || b == NULL || a->len == 0 || b->len == 0)
    return g_strdup ("–");
  median = dup_ratio (bench_percentile_ms (a, 0.5), bench_percentile_ms (b, 0.5));
  p99 = dup_ratio (bench_percentile_ms (a, 0.99), bench_percentile_ms (b, 0.99));
  return g_strdup_printf ("%s / %s", median, p99);
}

static char *
dup_load (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return g_strdup ("?");
  return g_strstrip (g_steal_pointer (&text));
}

static const char *
thread_names (Run *run)
{
  return run->idle_threads_ended != NULL && run->idle_threads_ended->len > 0 ? run->idle_threads_ended->str : "none";
}

/* The same windows with the core on the GTK thread (BECKON_CORE=inline, the
 * single-threaded design) beside the core on a thread of its own. */
static void
print_core_comparison (const Config *config,
                       Run          *windows,
                       Run          *inline_run)
{
  g_autofree char *thr_notify = dup_median_p99 (windows->to_notify);
  g_autofree char *inl_notify = dup_median_p99 (inline_run->to_notify);
  g_autofree char *thr_decline = dup_median_p99 (windows->to_decline);
  g_autofree char *inl_decline = dup_median_p99 (inline_run->to_decline);
  g_autofree char *thr_accept = dup_median_p99 (windows->to_accept);
  g_autofree char *inl_accept = dup_median_p99 (inline_run->to_accept);
  g_autofree char *notify_ratio = dup_ratios (windows->to_notify, inline_run->to_notify);
  g_autofree char *decline_ratio = dup_ratios (windows->to_decline, inline_run->to_decline);
  g_autofree char *accept_ratio = dup_ratios (windows->to_accept, inline_run->to_accept);
  g_autofree char *cpu_ratio = dup_ratio (windows->cpu_ms_per_invitation, inline_run->cpu_ms_per_invitation);

  printf ("\nThe same windows, the protocol core on a thread of its own against the core on the GTK thread "
          "(`BECKON_CORE=inline`, the single-threaded design), same run:\n\n");
  printf ("| path | core thread | core on the GTK thread | ratio (median / p99) |\n");
  printf ("|---|---|---|---|\n");
  printf ("| invitation released → `Notify`, median / p99 | %s | %s | %s |\n", thr_notify, inl_notify, notify_ratio);
  printf ("| click (`ActionInvoked decline`) → decline POST, median / p99 | %s | %s | %s |\n", thr_decline, inl_decline,
          decline_ratio);
  printf ("| click (`ActionInvoked accept`) → accept POST, median / p99 | %s | %s | %s |\n", thr_accept, inl_accept,
          accept_ratio);
  printf ("| launch → event poll parked | %.0f ms | %.0f ms | |\n", windows->launch_us / 1000.0,
          inline_run->launch_us / 1000.0);
  printf ("| CPU per invitation | %.1f ms | %.1f ms | %s |\n", windows->cpu_ms_per_invitation,
          inline_run->cpu_ms_per_invitation, cpu_ratio);
  printf ("| CPU over %u s idle | %.2f s | %.2f s | |\n", config->idle_s, windows->idle_cpu_s,
          inline_run->idle_cpu_s);
}

void
bench_realistic_print_report (const Config     *config,
                              Run              *service,
                              Run              *windows,
                              Run              *inline_run,
                              const BareResult *bare)
{
  Run *const       runs[] = { windows, service, inline_run };
  const char      *renderer = g_getenv ("GSK_RENDERER");
  g_autofree char *load = dup_load ();
  g_autofree char *win_notify = dup_median_p99 (windows->to_notify);
  g_autofree char *svc_notify = dup_median_p99 (service->to_notify);
  g_autofree char *win_decline = dup_median_p99 (windows->to_decline);
  g_autofree char *svc_decline = dup_median_p99 (service->to_decline);
  g_autofree char *win_accept = dup_median_p99 (windows->to_accept);
  g_autofree char *notify_ratio = dup_ratios (windows->to_notify, service->to_notify);
  g_autofree char *decline_ratio = dup_ratios (windows->to_decline, service->to_decline);
  g_autofree char *cpu_ratio = NULL;

  cpu_ratio = dup_ratio (windows->cpu_ms_per_invitation, service->cpu_ms_per_invitation);

  printf ("\n## bench-realistic: renderer %s%s, GDK_DEBUG=%s\n\n", renderer != NULL ? renderer : "default (GL)",
          renderer != NULL ? "" : ", unset", g_getenv ("GDK_DEBUG") != NULL ? g_getenv ("GDK_DEBUG") : "(unset)");
  printf ("%u invitations measured one after another, each declined from its notification; before them %u declined "
          "(the list's history) and, with windows, %u accepted (a conversation window each: %d on screen with the main "
          "window%s).  Load average at the end: %s.\n\n",
          config->n_invitations, config->n_history, config->n_windows, windows->n_windows_seen,
          windows->n_windows_seen < 0 ? ", not checked: no xdotool" : "", load);
  printf ("| path | main window + %u conversation windows | service, no window (`--gapplication-service`) | ratio windows / service (median / p99) | goal |\n",
          config->n_windows);
  printf ("|---|---|---|---|---|\n");
  printf ("| invitation released → `Notify` at the daemon, median / p99 | %s | %s | %s | ≤ 2 / 10 ms, ≤ 1.2× |\n",
          win_notify, svc_notify, notify_ratio);
  printf ("| click (`ActionInvoked decline`) → decline POST at the server, median / p99 | %s | %s | %s | ≤ 2 / 10 ms |\n",
          win_decline, svc_decline, decline_ratio);
  printf ("| click (`ActionInvoked accept`) → accept POST, median / p99 (%u, while the windows open) | %s | | | ≤ 2 / 10 ms |\n",
          windows->to_accept != NULL ? windows->to_accept->len : 0, win_accept);
  printf ("| launch → sign-in done, event poll parked | %.0f ms | %.0f ms | | ≤ 400 ms (windows) |\n",
          windows->launch_us / 1000.0, service->launch_us / 1000.0);
  printf ("| CPU per invitation (notify + decline) | %.1f ms | %.1f ms | %s | ≤ 2× |\n",
          windows->cpu_ms_per_invitation, service->cpu_ms_per_invitation, cpu_ratio);
  printf ("| CPU over %u s idle: utime+stime (threads' run time; context switches; threads that ended) | %.2f s (%.3f s; %" G_GUINT64_FORMAT "; %s) | %.2f s (%.3f s; %" G_GUINT64_FORMAT "; %s) | | ≤ 0.02 s over 60 s (windows) |\n",
          config->idle_s, windows->idle_cpu_s, windows->idle_sched_s, windows->idle_switches, thread_names (windows),
          service->idle_cpu_s, service->idle_sched_s, service->idle_switches, thread_names (service));
  printf ("| `Notify` calls for %u invitations in one response (`CloseNotification` calls; responses) | %u (%u; %u) | %u (%u; %u) | | ≤ 10 |\n",
          config->n_burst, windows->burst_notify, windows->burst_close, windows->burst_responses,
          service->burst_notify, service->burst_close, service->burst_responses);
  printf ("| RSS after the measured invitations | %.1f MiB | %.1f MiB | | |\n",
          windows->rss_kib / 1024.0, service->rss_kib / 1024.0);
  if (!windows->quiet || !service->quiet)
    printf ("\nNote: beckon did not go quiet (< %d ms CPU in a second) before the measurements in the %s run(s).\n",
            QUIET_CPU_NS / 1000000, !windows->quiet && !service->quiet ? "windows and service" : !windows->quiet ? "windows"
                                                                                                                 : "service");
  if (bare->measured)
    printf ("\nBare GTK window (600×500, one label), same renderer (%s), a process of its own: a full repaint "
            "(before-paint → after-paint) %.2f / %.2f ms median / p99, %.1f ms CPU per frame (%u frames); %.3f s CPU "
            "over %u s idle; RSS %.1f MiB.\n",
            bare->renderer, bare->paint_median_ms, bare->paint_p99_ms, bare->cpu_ms_per_frame, bare->n_frames,
            bare->idle_cpu_s, config->idle_s, bare->rss_kib / 1024.0);
  if (inline_run->to_notify != NULL && windows->to_notify != NULL)
    print_core_comparison (config, windows, inline_run);
  printf ("\nCPU per invitation, thread by thread:\n");
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    if (runs[i]->threads_per_invitation != NULL)
      printf ("- %s: %s\n", runs[i]->name, runs[i]->threads_per_invitation);
  printf ("\nRun time over the idle time, thread by thread:\n");
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    if (runs[i]->idle_threads != NULL)
      printf ("- %s: %s\n", runs[i]->name, *runs[i]->idle_threads != '\0' ? runs[i]->idle_threads : "none");
  fflush (stdout);
}

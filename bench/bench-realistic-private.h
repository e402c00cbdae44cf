/* bench-realistic-private.h: what bench-realistic.c measures, and its report
 * (bench-realistic-report.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define QUIET_CPU_NS 10000000 /* less than 10 ms of CPU in the last second */

typedef struct
{
  guint n_invitations;
  guint n_history;
  guint n_windows;
  guint idle_s;
  guint n_burst;
} Config;

/* What one run of Beckon measured. */
typedef struct
{
  const char *name;
  gboolean    windows;
  gboolean    inline_core; /* BECKON_CORE=inline: the core on the GTK thread */

  gint64   launch_us;  /* spawn → first P-GET parked */
  GArray  *to_notify;  /* gint64 µs: events released → Notify */
  GArray  *to_decline; /* gint64 µs: ActionInvoked(decline) → POST */
  GArray  *to_accept;  /* gint64 µs: ActionInvoked(accept) → POST, the windows being opened */
  double   cpu_ms_per_invitation;
  char    *threads_per_invitation; /* where that CPU went, thread by thread */
  double   idle_cpu_s;             /* utime + stime, clock ticks */
  double   idle_sched_s;           /* the threads' run time (schedstat, ns) */
  guint64  idle_switches;          /* context switches of all threads */
  GString *idle_threads_ended;     /* their names */
  char    *idle_threads;           /* the idle run time, thread by thread */
  gboolean quiet;                  /* it went quiet before the measurements */
  int      n_windows_seen;         /* -1: not checked */
  guint64  rss_kib;
  guint    burst_notify;
  guint    burst_close;
  guint    burst_responses; /* events responses that carried the burst */
} Run;

/* The bare GTK window's figures (bench-realistic-bare.c). */
typedef struct
{
  gboolean measured;
  double   paint_median_ms;
  double   paint_p99_ms;
  double   cpu_ms_per_frame;
  guint    n_frames;
  double   idle_cpu_s;
  guint64  rss_kib;
  char     renderer[64];
} BareResult;

void bench_realistic_print_report (const Config     *config,
                                   Run              *service,
                                   Run              *windows,
                                   Run              *inline_run,
                                   const BareResult *bare);

G_END_DECLS

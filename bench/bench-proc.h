/* bench-proc.h: what the benchmarks read from /proc: CPU time, threads, RSS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the kernel counts per thread, finer than ticks. */
typedef struct
{
  guint64 run_ns;   /* schedstat: time on a CPU */
  guint64 switches; /* context switches, voluntary and not */
  char   *name;     /* comm */
} BenchThreadTimes;

/* @pid 0: this process. */
guint64     bench_proc_cpu_ticks (GPid pid);
double      bench_proc_cpu_s (GPid pid);
double      bench_ticks_to_s (guint64 ticks);
long        bench_proc_rss_kib (GPid pid);
GHashTable *bench_proc_threads (GPid pid);
void        bench_threads_delta (GHashTable       *before,
                                 GHashTable       *after,
                                 BenchThreadTimes *delta,
                                 GString          *ended);
char       *bench_threads_by_name (GHashTable *before,
                                   GHashTable *after,
                                   double      divisor);

G_END_DECLS

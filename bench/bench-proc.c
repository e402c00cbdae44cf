/* bench-proc.c: what the benchmarks read from /proc: CPU time, threads, RSS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Of the benchmark's own process or of one it spawned (Beckon launched as
 * a user does); Linux only, as the benchmarks are.
 */

#include "config.h"

#include "bench-proc.h"

#include <string.h>
#include <unistd.h>

static char *
proc_path (GPid        pid,
           const char *file)
{
  if (pid == 0)
    return g_strdup_printf ("/proc/self/%s", file);
  return g_strdup_printf ("/proc/%d/%s", (int) pid, file);
}

/* utime + stime of the whole process, threads that ended included, in
 * clock ticks; 0 if unreadable. */
guint64
bench_proc_cpu_ticks (GPid pid)
{
  g_autofree char *path = proc_path (pid, "stat");
  g_autofree char *text = NULL;
  g_auto (GStrv)   fields = NULL;
  const char      *rest;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (rest = strrchr (text, ')')) == NULL)
    return 0;
  /* After the command's ")": field 3 (state) onwards; utime is field 14. */
  fields = g_strsplit (rest + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  return g_ascii_strtoull (fields[11], NULL, 10) + g_ascii_strtoull (fields[12], NULL, 10);
}

double
bench_ticks_to_s (guint64 ticks)
{
  return (double) ticks / sysconf (_SC_CLK_TCK);
}

/* The same in seconds. */
double
bench_proc_cpu_s (GPid pid)
{
  return bench_ticks_to_s (bench_proc_cpu_ticks (pid));
}

/* VmRSS in KiB; -1 if unreadable. */
long
bench_proc_rss_kib (GPid pid)
{
  g_autofree char *path = proc_path (pid, "status");
  g_autofree char *text = NULL;
  const char      *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, "\nVmRSS:")) == NULL)
    return -1;
  return strtol (line + strlen ("\nVmRSS:"), NULL, 10);
}

static void
thread_times_free (BenchThreadTimes *times)
{
  g_free (times->name);
  g_free (times);
}

/* Thread id (a string) → BenchThreadTimes, for each thread alive now. */
GHashTable *
bench_proc_threads (GPid pid)
{
  GHashTable      *threads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) thread_times_free);
  g_autofree char *dir_path = proc_path (pid, "task");
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char      *task;

  while (dir != NULL && (task = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char  *sched_path = g_build_filename (dir_path, task, "schedstat", NULL);
      g_autofree char  *status_path = g_build_filename (dir_path, task, "status", NULL);
      g_autofree char  *comm_path = g_build_filename (dir_path, task, "comm", NULL);
      g_autofree char  *sched = NULL;
      g_autofree char  *status = NULL;
      BenchThreadTimes *times = g_new0 (BenchThreadTimes, 1);

      if (g_file_get_contents (sched_path, &sched, NULL, NULL))
        times->run_ns = g_ascii_strtoull (sched, NULL, 10);
      if (g_file_get_contents (status_path, &status, NULL, NULL))
        {
          g_auto (GStrv) lines = g_strsplit (status, "\n", 0);

          for (guint i = 0; lines[i] != NULL; i++)
            if (g_str_has_prefix (lines[i], "voluntary_ctxt_switches:") ||
                g_str_has_prefix (lines[i], "nonvoluntary_ctxt_switches:"))
              times->switches += g_ascii_strtoull (strchr (lines[i], ':') + 1, NULL, 10);
        }
      if (g_file_get_contents (comm_path, &times->name, NULL, NULL))
        g_strstrip (times->name);
      g_hash_table_insert (threads, g_strdup (task), times);
    }
  return threads;
}

/* What the threads did between two bench_proc_threads(): each thread alive
 * at the end, from @before (or from its start, if it started since).  What
 * a thread that ended meanwhile did after @before is lost, but its name is
 * added to @ended. */
void
bench_threads_delta (GHashTable       *before,
                     GHashTable       *after,
                     BenchThreadTimes *delta,
                     GString          *ended)
{
  GHashTableIter iter;
  gpointer       key, value;

  delta->run_ns = 0;
  delta->switches = 0;
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      BenchThreadTimes *now = value;
      BenchThreadTimes *then = g_hash_table_lookup (before, key);

      delta->run_ns += now->run_ns - (then != NULL ? then->run_ns : 0);
      delta->switches += now->switches - (then != NULL ? then->switches : 0);
    }
  if (ended == NULL)
    return;
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (after, key))
      g_string_append_printf (ended, "%s%s", ended->len > 0 ? ", " : "",
                              ((BenchThreadTimes *) value)->name != NULL ? ((BenchThreadTimes *) value)->name : "?");
}

static int
compare_run_ns (gconstpointer a,
                gconstpointer b)
{
  const BenchThreadTimes *x = *(BenchThreadTimes *const *) a;
  const BenchThreadTimes *y = *(BenchThreadTimes *const *) b;

  return x->run_ns < y->run_ns ? 1 : x->run_ns > y->run_ns ? -1
                                                           : 0;
}

/* Where the time went between two bench_proc_threads(): the threads'
 * run time summed per name (llvmpipe-0 and llvmpipe-1 stay apart; the
 * pool's threads share one), busiest first, in ms / @divisor: "gmain 1.20,
 * beckon-core 0.80, …".  Threads that ended meanwhile are not counted. */
char *
bench_threads_by_name (GHashTable *before,
                       GHashTable *after,
                       double      divisor)
{
  g_autoptr (GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr (GPtrArray)  sorted = g_ptr_array_new ();
  GString               *text = g_string_new (NULL);
  GHashTableIter         iter;
  gpointer               key, value;

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      BenchThreadTimes *now = value;
      BenchThreadTimes *then = g_hash_table_lookup (before, key);
      const char       *name = now->name != NULL ? now->name : "?";
      BenchThreadTimes *sum = g_hash_table_lookup (by_name, name);

      if (sum == NULL)
        {
          sum = g_new0 (BenchThreadTimes, 1);
          sum->name = (char *) name;
          g_hash_table_insert (by_name, (gpointer) name, sum);
          g_ptr_array_add (sorted, sum);
        }
      sum->run_ns += now->run_ns - (then != NULL ? then->run_ns : 0);
      sum->switches += now->switches - (then != NULL ? then->switches : 0);
    }
  g_ptr_array_sort (sorted, compare_run_ns);
  for (guint i = 0; i < sorted->len; i++)
    {
      const BenchThreadTimes *sum = g_ptr_array_index (sorted, i);

      if (sum->run_ns / 1e6 / divisor < 0.005)
        continue;
      g_string_append_printf (text, "%s%s %.2f ms (%.1f switches)", text->len > 0 ? ", " : "", sum->name,
                              sum->run_ns / 1e6 / divisor, sum->switches / divisor);
    }
  return g_string_free (text, FALSE);
}

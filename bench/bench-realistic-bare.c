/* bench-realistic-bare.c: bench-realistic's baseline, a bare GTK window in a process of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What any GTK 4 window costs under the same display and renderer, measured
 * in the same run as Beckon: BENCH_BARE_FRAMES full repaints (the floor of
 * any frame), then idle.  The parent (bench-realistic.c, measure_bare_window)
 * runs it as `bench-realistic --bare-window IDLE_S` and reads its one line:
 * paint median and p99 (ms), CPU per frame (ms), frames, idle CPU (s), RSS
 * (KiB), and the renderer GTK picked.
 */

#include "config.h"

#include "bench-realistic-bare.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "bench-proc.h"
#include "bench-util.h"

#define BARE_WAIT_MS 60000

typedef struct
{
  GArray  *paint_us;
  gint64   before_at;
  guint    n_ticks;
  gboolean done;
  gboolean mapped;
} Bare;

static void
before_paint_cb (GdkFrameClock *clock,
                 Bare          *bare)
{
  bare->before_at = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bare          *bare)
{
  gint64 sample = g_get_monotonic_time () - bare->before_at;

  if (bare->n_ticks > 0 && !bare->done)
    g_array_append_val (bare->paint_us, sample);
}

/* Every frame repaints the whole window: the floor of what any frame of
 * the app costs under this renderer. */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  Bare *bare = data;

  if (++bare->n_ticks > BENCH_BARE_FRAMES)
    {
      bare->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
map_cb (GtkWidget *widget,
        Bare      *bare)
{
  bare->mapped = TRUE;
}

static double
process_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static void
iterate_until (gboolean *flag,
               guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!*flag)
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("bench-realistic: the bare window timed out\n");
          exit (1);
        }
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Presents the window, repaints it BENCH_BENCH_BARE_FRAMES times, idles @idle_s
 * seconds, then prints one line for the parent. */
int
bench_realistic_run_bare_window (guint idle_s)
{
  g_autoptr (GArray) paint_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  Bare               bare = { paint_us, 0, 0, FALSE, FALSE };
  GtkWidget         *window;
  GdkFrameClock     *clock;
  double             cpu, idle_cpu;
  gboolean           idle_done = FALSE;

  gtk_init ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 500);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Beckon"));
  g_signal_connect (window, "map", G_CALLBACK (map_cb), &bare);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (&bare.mapped, BARE_WAIT_MS);

  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &bare);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &bare);
  cpu = process_cpu_s ();
  gtk_widget_add_tick_callback (window, tick_cb, &bare, NULL);
  iterate_until (&bare.done, BARE_WAIT_MS);
  cpu = process_cpu_s () - cpu;
  g_signal_handlers_disconnect_by_data (clock, &bare);

  /* Then nothing: what an idle window costs. */
  idle_cpu = process_cpu_s ();
  g_timeout_add_seconds (idle_s, set_flag_cb, &idle_done);
  iterate_until (&idle_done, (idle_s + 30) * 1000);
  idle_cpu = process_cpu_s () - idle_cpu;

  /* One line, read by the parent; the renderer's type name last (it says
   * which renderer GTK picked). */
  printf ("%.2f %.2f %.2f %u %.3f %" G_GUINT64_FORMAT " %s\n", bench_percentile_ms (paint_us, 0.5),
          bench_percentile_ms (paint_us, 0.99), cpu * 1000 / MAX (paint_us->len, 1), paint_us->len, idle_cpu,
          (guint64) bench_proc_rss_kib (0), G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* bench-bare-window.c: the baseline of bench-launch: an empty GtkWindow to its first frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What any GTK 4 program pays under the same display and renderer:
 * gtk_init (), one empty window presented, its first frame painted.  Prints
 * "first-frame MONOTONIC_US" (g_get_monotonic_time (), the clock the
 * launcher reads too) once the frame clock's "after-paint" ran, then exits.
 */

#include "config.h"

#include <stdio.h>

#include <gtk/gtk.h>

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *done)
{
  printf ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  *done = TRUE;
}

static void
map_cb (GtkWidget *window,
        gboolean  *done)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), done);
}

int
main (int   argc,
      char *argv[])
{
  GtkWidget *window;
  gboolean   done = FALSE;

  gtk_init ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 500);
  g_signal_connect (window, "map", G_CALLBACK (map_cb), &done);
  gtk_window_present (GTK_WINDOW (window));
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* bench-window-list.c: the main window over a long invitation history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A BeckonWindow shows a model of N_HISTORY ended BeckonInvitationItems, as
 * their copies (more than an account keeps, so given to the window
 * directly, with no account: beckon_window_show_invitation_model()).  Measured, under Xvfb with the
 * renderer of the environment (cairo under app_test_env; the "-gl" variant
 * unsets it):
 *  - open: from creating the window to the end of its first frame (the
 *    frame clock's "after-paint"), the median of N_OPEN windows;
 *  - scroll: the list from top to bottom a page a frame (every frame shows
 *    rows the last one did not), its vadjustment set from a tick callback;
 *    each frame timed from "before-paint" to "after-paint" (update, layout
 *    and paint): the median, p99 and max;
 *  - RSS (VmRSS) with the window open, each in a process of its own
 *    (this program again, with --rss=WHAT): a bare GtkWindow with a label,
 *    the main window over N_SHORT items, over N_HISTORY items (also after
 *    scrolling through them), and the N_HISTORY items with no window.
 * Timestamps are g_get_monotonic_time () in this process, and beside them
 * the main thread's CPU time over the same span (on a machine shared with
 * other work, the wall clock counts the waits for a core too); prints
 * figures, asserts nothing about speed.
 */

#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "beckon-copy-private.h"
#include "beckon-invitation-item.h"
#include "beckon-window-private.h"
#include "bench-proc.h"
#include "bench-util.h"
#include "ucwa-model-private.h"

#define N_HISTORY 10000
#define N_SHORT   200
#define N_OPEN    7

static void
print_times (const char *what,
             GArray     *wall_us,
             GArray     *cpu_us)
{
  gint64 max_wall = 0;
  gint64 max_cpu = 0;

  for (guint i = 0; i < wall_us->len; i++)
    {
      max_wall = MAX (max_wall, g_array_index (wall_us, gint64, i));
      max_cpu = MAX (max_cpu, g_array_index (cpu_us, gint64, i));
    }
  g_print ("%s (%u): median %.2f ms, p99 %.2f ms, max %.2f ms; main-thread CPU median %.2f ms, p99 %.2f ms, max %.2f ms\n",
           what, wall_us->len,
           bench_percentile_ms (wall_us, 0.5), bench_percentile_ms (wall_us, 0.99), max_wall / 1000.0,
           bench_percentile_ms (cpu_us, 0.5), bench_percentile_ms (cpu_us, 0.99), max_cpu / 1000.0);
}

/* The model: ended invitations, newest first, as the account lists them */

static BeckonInvitationItem *
make_item (GUri *base,
           guint i)
{
  static const BeckonInvitationState ended[] = {
    BECKON_INVITATION_STATE_MISSED,
    BECKON_INVITATION_STATE_DECLINED,
    BECKON_INVITATION_STATE_ACCEPTED,
    BECKON_INVITATION_STATE_ANSWERED_ELSEWHERE,
  };
  g_autofree char           *href = g_strdup_printf ("/ucwa/v1/applications/1/communication/messagingInvitations/%u", i);
  g_autofree char           *json = NULL;
  g_autoptr (JsonNode)       node = NULL;
  g_autoptr (GError)         error = NULL;
  g_autoptr (UcwaInvitation) invitation = ucwa_invitation_new (href, i % 7 == 0 ? UCWA_INVITATION_KIND_ONLINE_MEETING : UCWA_INVITATION_KIND_MESSAGING);
  BeckonInvitationItem      *item;

  json = g_strdup_printf ("{\"direction\":\"Incoming\",\"state\":\"Connecting\",\"subject\":\"Planning %u\","
                          "\"_embedded\":{\"from\":{\"name\":\"Colleague %u\",\"uri\":\"sip:user%u@contoso.com\"}},"
                          "\"_links\":{\"self\":{\"href\":\"%s\"},"
                          "\"message\":{\"href\":\"data:text/plain;charset=utf-8,Hello+there%%2C+a+word+about+item+%u\"}}}",
                          i, i % 500, i % 500, href, i);
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  ucwa_invitation_update_from_resource (invitation, json_node_get_object (node), base);
  item = beckon_invitation_item_new (invitation);
  beckon_invitation_item_set_state (item, ended[i % G_N_ELEMENTS (ended)]);
  return item;
}

/* What the window shows of @item: its copy, as the core would send it
 * (ended: nothing to answer). */
static BeckonInvitationCopy *
make_copy (BeckonInvitationItem *item,
           guint                 id)
{
  BeckonInvitationCopy    *copy = _beckon_invitation_copy_new (id);
  BeckonInvitationSnapshot snapshot = {
    .id = id,
    .state = beckon_invitation_item_get_state (item),
    .is_meeting = beckon_invitation_item_get_is_meeting (item),
    .inviter = (char *) beckon_invitation_item_get_inviter (item),
    .summary = (char *) beckon_invitation_item_get_summary (item),
    .body = (char *) beckon_invitation_item_get_body (item),
    .status_text = (char *) beckon_invitation_item_get_status_text (item),
    .received = beckon_invitation_item_get_received (item),
    .inviter_uri = (char *) beckon_invitation_item_get_inviter_uri (item),
  };

  _beckon_invitation_copy_update (copy, &snapshot, NULL);
  return copy;
}

static GListModel *
make_model (guint n)
{
  g_autoptr (GUri)      base = g_uri_parse ("https://lync.contoso.com/", G_URI_FLAGS_NONE, NULL);
  GListStore           *store = g_list_store_new (BECKON_TYPE_INVITATION_COPY);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = n; i > 0; i--)
    {
      g_autoptr (BeckonInvitationItem) item = make_item (base, i);

      g_ptr_array_add (items, make_copy (item, i));
    }
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (store);
}

/* Frames */

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Presents @window and waits for the end of its first frame. */
static void
present_and_paint (GtkWindow *window)
{
  GdkFrameClock *clock;
  gboolean       painted = FALSE;
  gulong         handler;

  gtk_window_present (window);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  bench_run_until (&painted);
  g_signal_handler_disconnect (clock, handler);
}

static BeckonWindow *
open_window (GtkApplication *app,
             GListModel     *model)
{
  BeckonWindow *window = beckon_window_new (app);

  beckon_window_show_invitation_model (window, model);
  present_and_paint (GTK_WINDOW (window));
  return window;
}

static GtkAdjustment *
list_vadjustment (BeckonWindow *window)
{
  GtkWidget *list = GTK_WIDGET (beckon_window_get_invitation_list (window));
  GtkWidget *scrolled = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);

  g_assert_nonnull (scrolled);
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
}

typedef struct
{
  GtkAdjustment *adjustment;
  GArray        *frames_us;
  GArray        *frames_cpu_us;
  gint64         frame_start;
  gint64         frame_cpu_start;
  guint          n_set; /* frames whose tick set the adjustment */
  gboolean       at_end;
  gboolean       done;
} Scroll;

static void
before_paint_cb (GdkFrameClock *clock,
                 Scroll        *scroll)
{
  scroll->frame_start = g_get_monotonic_time ();
  scroll->frame_cpu_start = bench_thread_cpu_us ();
}

static void
scroll_after_paint_cb (GdkFrameClock *clock,
                       Scroll        *scroll)
{
  gint64 elapsed = g_get_monotonic_time () - scroll->frame_start;
  gint64 cpu = bench_thread_cpu_us () - scroll->frame_cpu_start;

  /* Only the frames that scrolled: the first one may be some other. */
  if (scroll->frame_start != 0 && scroll->n_set > 0 && !scroll->done)
    {
      g_array_append_val (scroll->frames_us, elapsed);
      g_array_append_val (scroll->frames_cpu_us, cpu);
    }
  if (scroll->at_end)
    scroll->done = TRUE;
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Scroll *scroll = user_data;
  double  page = gtk_adjustment_get_page_size (scroll->adjustment);
  double  end = gtk_adjustment_get_upper (scroll->adjustment) - page;
  double  value = gtk_adjustment_get_value (scroll->adjustment);

  /* The end moves as the list learns the heights of its rows: the last
   * frame is the one that reaches it as the list says now. */
  gtk_adjustment_set_value (scroll->adjustment, MIN (value + page, end));
  scroll->at_end = value + page >= end;
  scroll->n_set++;
  return G_SOURCE_CONTINUE;
}

/* Scrolls @window's list from top to bottom, a page a frame; prints the
 * frame times. */
static void
scroll_through (BeckonWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  Scroll         scroll = {
            list_vadjustment (window),
            g_array_new (FALSE, FALSE, sizeof (gint64)),
            g_array_new (FALSE, FALSE, sizeof (gint64)),
  };
  gulong before;
  gulong after;
  guint  tick;

  before = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &scroll);
  after = g_signal_connect (clock, "after-paint", G_CALLBACK (scroll_after_paint_cb), &scroll);

  tick = gtk_widget_add_tick_callback (GTK_WIDGET (window), scroll_tick_cb, &scroll, NULL);
  bench_run_until (&scroll.done);
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), tick);
  g_signal_handler_disconnect (clock, before);
  g_signal_handler_disconnect (clock, after);
  g_print ("scrolled to %.0f of %.0f px, %.0f px a frame\n",
           gtk_adjustment_get_value (scroll.adjustment),
           gtk_adjustment_get_upper (scroll.adjustment) - gtk_adjustment_get_page_size (scroll.adjustment),
           gtk_adjustment_get_page_size (scroll.adjustment));
  print_times ("scroll top → bottom, frame (before-paint → after-paint)", scroll.frames_us, scroll.frames_cpu_us);
  g_array_unref (scroll.frames_us);
  g_array_unref (scroll.frames_cpu_us);
}

/* RSS, in a process of its own */

static int
measure_rss (GtkApplication *app,
             const char     *what)
{
  g_autoptr (GListModel) model = NULL;
  BeckonWindow          *window;

  if (g_str_equal (what, "bare"))
    {
      GtkWindow *bare = GTK_WINDOW (gtk_application_window_new (app));

      gtk_window_set_default_size (bare, 600, 500);
      gtk_window_set_child (bare, gtk_label_new ("Beckon"));
      present_and_paint (bare);
      bench_settle ();
      printf ("%ld\n", bench_proc_rss_kib (0));
      gtk_window_destroy (bare);
      return 0;
    }

  model = make_model (g_str_equal (what, "short") ? N_SHORT : N_HISTORY);
  if (g_str_equal (what, "model"))
    {
      printf ("%ld\n", bench_proc_rss_kib (0));
      return 0;
    }

  window = open_window (app, model);
  bench_settle ();
  if (g_str_equal (what, "scrolled"))
    {
      scroll_through (window);
      bench_settle ();
    }
  printf ("%ld\n", bench_proc_rss_kib (0));
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

static long
rss_of (const char *self_path,
        const char *what)
{
  g_autofree char   *arg = g_strdup_printf ("--rss=%s", what);
  const char        *argv[] = { self_path, arg, NULL };
  g_autofree char   *out = NULL;
  g_autoptr (GError) error = NULL;
  int                status = 0;
  const char        *last;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("Cannot measure the RSS of %s: %s", what, error->message);
  /* The figure is the last line; the scrolling run prints more. */
  g_strchomp (out);
  last = strrchr (out, '\n');
  return strtol (last != NULL ? last + 1 : out, NULL, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GtkApplication) app = NULL;
  g_autoptr (GError)         error = NULL;
  g_autoptr (GListModel)     model = NULL;
  g_autoptr (GArray)         open_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray)         open_cpu_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char           *self_path = NULL;
  BeckonWindow              *window;
  long                       rss_bare;
  long                       rss_short;
  long                       rss_long;
  long                       rss_scrolled;
  long                       rss_model;

  gtk_init ();
  adw_init ();

  app = gtk_application_new ("io.github.beckon.BenchWindowList", G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

  if (argc == 2 && g_str_has_prefix (argv[1], "--rss="))
    return measure_rss (app, argv[1] + strlen ("--rss="));

  g_print ("# main window, %u ended invitations, renderer %s\n", N_HISTORY,
           g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default");

  model = make_model (N_HISTORY);
  for (guint i = 0; i < N_OPEN; i++)
    {
      gint64 start = g_get_monotonic_time ();
      gint64 cpu_start = bench_thread_cpu_us ();
      gint64 elapsed;
      gint64 cpu;

      window = open_window (app, G_LIST_MODEL (model));
      elapsed = g_get_monotonic_time () - start;
      cpu = bench_thread_cpu_us () - cpu_start;
      g_array_append_val (open_us, elapsed);
      g_array_append_val (open_cpu_us, cpu);
      gtk_window_destroy (GTK_WINDOW (window));
      bench_settle ();
    }
  print_times ("open (window created → end of first frame), windows", open_us, open_cpu_us);

  window = open_window (app, G_LIST_MODEL (model));
  bench_settle ();
  scroll_through (window);
  gtk_window_destroy (GTK_WINDOW (window));
  bench_settle ();

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_strdup (argv[0]);
  rss_bare = rss_of (self_path, "bare");
  rss_short = rss_of (self_path, "short");
  rss_model = rss_of (self_path, "model");
  rss_long = rss_of (self_path, "long");
  rss_scrolled = rss_of (self_path, "scrolled");
  g_print ("RSS (VmRSS, a process each): bare GtkWindow %.1f MB; main window with %u items %.1f MB; "
           "%u items, no window %.1f MB; main window with them %.1f MB, after scrolling through %.1f MB\n",
           rss_bare / 1024.0, N_SHORT, rss_short / 1024.0,
           N_HISTORY, rss_model / 1024.0, rss_long / 1024.0, rss_scrolled / 1024.0);
  return 0;
}

/* bench-conversation.c: a conversation window over 10,000 messages, and a remote message to the screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measured under Xvfb with the renderer of the environment (cairo under
 * app_test_env; the "-gl" variant unsets it), beside a bare GtkWindow in
 * the same process and run:
 *  - open: a BeckonConversationWindow over a conversation of N_MESSAGES
 *    messages (built in memory, no server), from creating the window to
 *    the end of the first frame (the frame clock's "after-paint") in which
 *    the newest message's row is mapped and inside the view; the median
 *    and p99 of N_OPEN windows.  Baseline: a bare GtkWindow with a label,
 *    created and presented to the end of its first frame;
 *  - scroll: the messages from bottom to top, a page a frame (every frame
 *    shows rows the last one did not), the vadjustment set from a tick
 *    callback; each frame timed from "before-paint" to "after-paint"
 *    (update, layout, paint) in wall time and in the main thread's CPU
 *    time (what the frame costs, whatever else the shared machine runs),
 *    and, for the record, the frame clock's own GdkFrameTimings (frame
 *    time to the next); median, p99, max.
 *    Baseline: the bare window's frames while a tick changes its label;
 *  - remote message: a real chat against the simulator (loopback HTTP),
 *    accepted, its window open and at the bottom; N_REMOTE messages from
 *    the remote party, one at a time, each timed from the event arriving
 *    at the client (the conversation's message list growing, as the event
 *    channel's response is taken in) and, for information, from the
 *    simulator releasing the event, to the end of the first frame in
 *    which its row is mapped and inside the view.
 * Timestamps are g_get_monotonic_time () in this process; prints figures,
 * asserts nothing about speed.  BENCH_REMOTE_ONLY=1 measures the remote
 * messages only; for a quick run (a profile, a count of calls),
 * BENCH_SCROLL_FRAMES=N stops the scroll after N frames and
 * BENCH_NO_REMOTE=1 leaves the remote messages out.
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>

#include "beckon-account-copy.h"
#include "beckon-account.h"
#include "beckon-conversation-window.h"
#include "beckon-message-view.h"
#include "bench-util.h"
#include "sim-fixture.h"
#include "ucwa-model-private.h"

#define N_MESSAGES 10000
#define N_OPEN     7
#define N_REMOTE   50
#define N_BARE     60

static void
print_times (const char *what,
             GArray     *us)
{
  gint64 max = 0;

  for (guint i = 0; i < us->len; i++)
    max = MAX (max, g_array_index (us, gint64, i));
  g_print ("%s (%u): median %.2f ms, p99 %.2f ms, max %.2f ms\n", what, us->len, bench_percentile_ms (us, 0.5),
           bench_percentile_ms (us, 0.99), max / 1000.0);
}

static void
print_ratio (const char *what,
             GArray     *us,
             GArray     *bare_us)
{
  double ours = bench_percentile_ms (us, 0.5);
  double bare = bench_percentile_ms (bare_us, 0.5);

  g_print ("%s: median %.2f ms vs bare window %.2f ms, ratio %.1f\n", what, ours, bare, bare > 0 ? ours / bare : 0);
}

/* The conversation, in memory */

static UcwaConversation *
make_conversation (guint n)
{
  UcwaConversation *conversation = ucwa_conversation_new ("/ucwa/v1/applications/1/communication/conversations/1");
  gint64            now_ms = g_get_real_time () / 1000;

  ucwa_conversation_set_state (conversation, UCWA_CONVERSATION_STATE_CONNECTED);
  for (guint i = 0; i < n; i++)
    {
      gboolean                outgoing = i % 3 == 2;
      g_autofree char        *href = g_strdup_printf ("/ucwa/v1/applications/1/communication/messages/%u", i);
      g_autofree char        *text = NULL;
      g_autoptr (UcwaMessage) message = ucwa_message_new (href, NULL,
                                                          outgoing ? UCWA_DIRECTION_OUTGOING : UCWA_DIRECTION_INCOMING);

      /* Some long, some short, some with a link: rows of several heights. */
      if (i % 7 == 0)
        text = g_strdup_printf ("Message %u: the notes are at https://contoso.com/notes/%u, have a look when you "
                                "can, and tell me what you think of the second part before the meeting.",
                                i, i);
      else
        text = g_strdup_printf ("Message %u%s", i, i % 2 ? ", sure" : "");
      ucwa_message_set_text (message, text);
      ucwa_message_set_sender_name (message, outgoing ? "Alice Example" : "Ada Lovelace");
      ucwa_message_set_timestamp (message, now_ms - (gint64) (n - i) * 60000);
      ucwa_message_set_status (message, UCWA_MESSAGE_STATUS_DELIVERED);
      ucwa_conversation_add_message (conversation, message);
    }
  return conversation;
}

/* Frames */

/* Whether @row is mapped and fully inside @view's viewport (the newest
 * message of a long conversation is then at its bottom). */
static gboolean
row_on_screen (BeckonMessageView *view,
               GtkWidget         *row)
{
  GtkWidget      *scrolled = GTK_WIDGET (beckon_message_view_get_scrolled_window (view));
  int             height = gtk_widget_get_height (scrolled);
  graphene_rect_t bounds;
  double          bottom;

  if (row == NULL || !gtk_widget_get_mapped (row) || !gtk_widget_compute_bounds (row, scrolled, &bounds))
    return FALSE;
  bottom = bounds.origin.y + bounds.size.height;
  return bounds.origin.y >= 0 && bottom <= height + 1;
}

typedef struct
{
  BeckonMessageView *view;
  const char        *text; /* the message to see */
  gint64             at;   /* end of the frame that showed it */
} Watch;

static void
watch_after_paint_cb (GdkFrameClock *clock,
                      Watch         *watch)
{
  if (watch->at == 0 && row_on_screen (watch->view, GTK_WIDGET (beckon_message_view_find_row (watch->view, watch->text))))
    watch->at = g_get_monotonic_time ();
}

static void
bare_after_paint_cb (GdkFrameClock *clock,
                     gint64        *at)
{
  if (*at == 0)
    *at = g_get_monotonic_time ();
}

static BeckonMessageView *
view_of (BeckonConversationWindow *window)
{
  return BECKON_MESSAGE_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), BECKON_TYPE_CONVERSATION_WINDOW,
                                                             "message_view"));
}

/* Creates the window of @conversation, presents it and waits for the
 * frame that shows @last; returns the time that took, in µs, and the
 * main thread's CPU time in @cpu_us. */
static gint64
open_window (BeckonAccountCopy         *account,
             BeckonConversationCopy    *conversation,
             const char                *last,
             BeckonConversationWindow **window_out,
             gint64                    *cpu_us)
{
  gint64                    start = g_get_monotonic_time ();
  gint64                    cpu_start = bench_thread_cpu_us ();
  BeckonConversationWindow *window = beckon_conversation_window_new (NULL, account, conversation, NULL);
  Watch                     watch = { view_of (window), last, 0 };
  GdkFrameClock            *clock;
  gulong                    handler;

  gtk_window_present (GTK_WINDOW (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (watch_after_paint_cb), &watch);
  while (watch.at == 0)
    g_main_context_iteration (NULL, TRUE);
  *cpu_us = bench_thread_cpu_us () - cpu_start;
  g_signal_handler_disconnect (clock, handler);
  *window_out = window;
  return watch.at - start;
}

static gint64
open_bare_window (GtkWindow **window_out,
                  gint64     *cpu_us)
{
  gint64     start = g_get_monotonic_time ();
  gint64     cpu_start = bench_thread_cpu_us ();
  GtkWidget *window = gtk_window_new ();
  gint64     at = 0;
  gulong     handler;

  gtk_window_set_default_size (GTK_WINDOW (window), 480, 560);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Beckon"));
  gtk_window_present (GTK_WINDOW (window));
  handler = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (bare_after_paint_cb), &at);
  while (at == 0)
    g_main_context_iteration (NULL, TRUE);
  *cpu_us = bench_thread_cpu_us () - cpu_start;
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (window), handler);
  *window_out = GTK_WINDOW (window);
  return at - start;
}

/* Scrolling */

typedef struct
{
  GtkAdjustment *adjustment; /* NULL: the bare window, whose label changes */
  GtkLabel      *label;
  GArray        *frames_us;
  GArray        *frames_cpu_us; /* the main thread's CPU time */
  GArray        *timings_us;    /* GdkFrameTimings: frame time to the next frame's */
  guint          max_frames;    /* 0: all the way */
  gint64         frame_start;
  gint64         frame_cpu_start;
  gint64         last_frame_time;
  guint          n_ticks;
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
  gint64           elapsed = g_get_monotonic_time () - scroll->frame_start;
  gint64           cpu = bench_thread_cpu_us () - scroll->frame_cpu_start;
  GdkFrameTimings *timings = gdk_frame_clock_get_current_timings (clock);
  gint64           frame_time = timings != NULL ? gdk_frame_timings_get_frame_time (timings) : 0;

  /* Only the frames that scrolled: the first one may be some other. */
  if (scroll->frame_start != 0 && scroll->n_ticks > 0 && !scroll->done)
    {
      g_array_append_val (scroll->frames_us, elapsed);
      g_array_append_val (scroll->frames_cpu_us, cpu);
      if (scroll->last_frame_time != 0 && frame_time > scroll->last_frame_time)
        {
          gint64 interval = frame_time - scroll->last_frame_time;

          g_array_append_val (scroll->timings_us, interval);
        }
      scroll->last_frame_time = frame_time;
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

  scroll->n_ticks++;
  if (scroll->adjustment == NULL)
    {
      g_autofree char *text = g_strdup_printf ("Frame %u", scroll->n_ticks);

      gtk_label_set_text (scroll->label, text);
      scroll->at_end = scroll->n_ticks >= N_BARE;
      return G_SOURCE_CONTINUE;
    }

  {
    double page = gtk_adjustment_get_page_size (scroll->adjustment);
    double value = gtk_adjustment_get_value (scroll->adjustment);

    /* The top moves too, as the list learns the heights of its rows. */
    gtk_adjustment_set_value (scroll->adjustment, MAX (value - page, gtk_adjustment_get_lower (scroll->adjustment)));
    scroll->at_end = value - page <= gtk_adjustment_get_lower (scroll->adjustment) ||
                     (scroll->max_frames > 0 && scroll->n_ticks >= scroll->max_frames);
  }
  return G_SOURCE_CONTINUE;
}

/* Scrolls (or, bare, redraws) a frame at a time; frame times into
 * @frames_us (wall time), @frames_cpu_us and @timings_us. */
static void
run_frames (GtkWidget     *window,
            GtkAdjustment *adjustment,
            GtkLabel      *label,
            GArray        *frames_us,
            GArray        *frames_cpu_us,
            GArray        *timings_us)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  Scroll         scroll = { adjustment, label, frames_us, frames_cpu_us, timings_us };

  if (g_getenv ("BENCH_SCROLL_FRAMES") != NULL)
    scroll.max_frames = (guint) g_ascii_strtoull (g_getenv ("BENCH_SCROLL_FRAMES"), NULL, 10);
  gulong before;
  gulong after;
  guint  tick;

  before = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &scroll);
  after = g_signal_connect (clock, "after-paint", G_CALLBACK (scroll_after_paint_cb), &scroll);
  tick = gtk_widget_add_tick_callback (window, scroll_tick_cb, &scroll, NULL);
  bench_run_until (&scroll.done);
  gtk_widget_remove_tick_callback (window, tick);
  g_signal_handler_disconnect (clock, before);
  g_signal_handler_disconnect (clock, after);
}

/* A remote message to the screen */

typedef struct
{
  gint64 released_at; /* the simulator released events */
  gint64 arrived_at;  /* the conversation's messages grew */
} Arrival;

static void
events_released_cb (UcwaSimServer *sim,
                    guint          n_events,
                    gboolean       has_invitation,
                    Arrival       *arrival)
{
  arrival->released_at = g_get_monotonic_time ();
}

static void
messages_changed_cb (GListModel *messages,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Arrival    *arrival)
{
  if (added > 0)
    arrival->arrived_at = g_get_monotonic_time ();
}

static void
conversation_ready_cb (BeckonAccount        *account,
                       BeckonInvitationItem *item,
                       UcwaConversation     *conversation,
                       UcwaConversation    **ready)
{
  *ready = g_object_ref (conversation);
}

static void
measure_remote (void)
{
  g_autofree char                 *root = NULL;
  g_autoptr (UcwaSimServer)        sim = bench_start_simulator ("Alice Example", &root);
  g_autoptr (UcwaSession)          session = ucwa_session_new ();
  g_autoptr (BeckonAccount)        account = NULL;
  g_autoptr (GError)               error = NULL;
  g_autoptr (UcwaConversation)     conversation = NULL;
  g_autoptr (BeckonInvitationItem) item = NULL;
  g_autoptr (BeckonCore)           core = NULL;
  g_autoptr (BeckonAccountCopy)    copy = NULL;
  g_autofree char                 *id = NULL;
  g_autoptr (GArray)               from_arrival = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray)               from_release = g_array_new (FALSE, FALSE, sizeof (gint64));
  BeckonConversationWindow        *window;
  GdkFrameClock                   *clock;
  Arrival                          arrival = { 0 };
  GListModel                      *messages;
  gulong                           handler;

  if (!sim_fixture_sign_in (session, root, BENCH_USER, BENCH_PASSWORD, &error))
    g_error ("Cannot sign in: %s", error->message);
  account = beckon_account_new (session);
  g_signal_connect (account, "conversation-ready", G_CALLBACK (conversation_ready_cb), &conversation);
  id = ucwa_sim_server_start_im_invitation (sim, NULL, "sip:ada@contoso.com", "Ada Lovelace", "Hi Alice");
  while (g_list_model_get_n_items (beckon_account_get_invitations (account)) == 0)
    g_main_context_iteration (NULL, TRUE);
  item = g_list_model_get_item (beckon_account_get_invitations (account), 0);
  beckon_account_accept (account, item);
  while (conversation == NULL || ucwa_conversation_get_send_message_href (conversation) == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* As the application opens it: on the account's copy (an inline core). */
  core = beckon_core_new_inline ();
  copy = beckon_account_copy_new (core, account);
  window = beckon_conversation_window_new (NULL, copy, _beckon_account_copy_follow_conversation (copy, conversation),
                                           _beckon_account_copy_follow_item (copy, item));
  gtk_window_present (GTK_WINDOW (window));
  bench_settle ();

  messages = ucwa_conversation_get_messages (conversation);
  /* Connected before the window's own handlers: the earliest sign in the
   * client. */
  g_signal_connect (messages, "items-changed", G_CALLBACK (messages_changed_cb), &arrival);
  g_signal_connect (sim, "events-released", G_CALLBACK (events_released_cb), &arrival);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  for (guint i = 0; i < N_REMOTE; i++)
    {
      g_autofree char *text = g_strdup_printf ("Remote message %u, on screen how soon?", i);
      Watch            watch = { view_of (window), text, 0 };
      gint64           elapsed;

      arrival = (Arrival){ 0 };
      handler = g_signal_connect (clock, "after-paint", G_CALLBACK (watch_after_paint_cb), &watch);
      if (!ucwa_sim_server_send_remote_message (sim, id, text))
        g_error ("The simulator did not take the message");
      while (watch.at == 0)
        g_main_context_iteration (NULL, TRUE);
      g_signal_handler_disconnect (clock, handler);
      elapsed = watch.at - arrival.arrived_at;
      g_array_append_val (from_arrival, elapsed);
      elapsed = watch.at - arrival.released_at;
      g_array_append_val (from_release, elapsed);
      /* Not a burst: each message on its own, a frame or two apart. */
      for (gint64 until = g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND; g_get_monotonic_time () < until;)
        g_main_context_iteration (NULL, FALSE);
    }
  g_signal_handlers_disconnect_by_data (messages, &arrival);
  g_signal_handlers_disconnect_by_data (sim, &arrival);
  print_times ("remote message: event arrived at the client → its row on screen, frame painted", from_arrival);
  print_times ("remote message: the simulator released the event → its row on screen, frame painted", from_release);
  gtk_window_destroy (GTK_WINDOW (window));
  bench_settle ();
  beckon_account_copy_disconnect (copy);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (UcwaConversation)  conversation = NULL;
  g_autoptr (UcwaSession)       session = NULL;
  g_autoptr (BeckonAccount)     account = NULL;
  g_autoptr (BeckonCore)        core = NULL;
  g_autoptr (BeckonAccountCopy) copy = NULL;
  BeckonConversationCopy       *conversation_copy;
  g_autoptr (GArray)            open_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray)            open_cpu_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray)            bare_open_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray)            bare_open_cpu_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray)            frames_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray)            frames_cpu_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray)            timings_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray)            bare_frames_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray)            bare_frames_cpu_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray)            bare_timings_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char              *last = NULL;
  BeckonConversationWindow     *window;
  GtkWindow                    *bare;
  GtkAdjustment                *adjustment;
  gint64                        cpu;
  guint                         over_16 = 0;
  guint                         cpu_over_16 = 0;

  gtk_init ();
  adw_init ();

  g_print ("# conversation window, %u messages, renderer %s\n", N_MESSAGES,
           g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default");

  /* The remote messages alone, for a quick run (the scroll takes minutes
   * on a loaded machine). */
  if (g_getenv ("BENCH_REMOTE_ONLY") != NULL)
    {
      measure_remote ();
      return 0;
    }

  /* The bare window first: what any GTK window pays here. */
  for (guint i = 0; i < N_OPEN; i++)
    {
      gint64 elapsed = open_bare_window (&bare, &cpu);

      g_array_append_val (bare_open_us, elapsed);
      g_array_append_val (bare_open_cpu_us, cpu);
      if (i + 1 < N_OPEN)
        gtk_window_destroy (bare);
      bench_settle ();
    }
  run_frames (GTK_WIDGET (bare), NULL, GTK_LABEL (gtk_window_get_child (bare)), bare_frames_us, bare_frames_cpu_us,
              bare_timings_us);
  gtk_window_destroy (bare);
  bench_settle ();

  session = ucwa_session_new ();
  account = beckon_account_new (session);
  core = beckon_core_new_inline ();
  copy = beckon_account_copy_new (core, account);
  conversation = make_conversation (N_MESSAGES);
  conversation_copy = _beckon_account_copy_follow_conversation (copy, conversation);
  last = g_strdup_printf ("Message %u%s", N_MESSAGES - 1, (N_MESSAGES - 1) % 2 ? ", sure" : "");
  for (guint i = 0; i < N_OPEN; i++)
    {
      gint64 elapsed = open_window (copy, conversation_copy, last, &window, &cpu);

      g_array_append_val (open_us, elapsed);
      g_array_append_val (open_cpu_us, cpu);
      gtk_window_destroy (GTK_WINDOW (window));
      bench_settle ();
    }

  print_times ("bare window: created → end of first frame", bare_open_us);
  print_times ("bare window: created → end of first frame, main-thread CPU", bare_open_cpu_us);
  print_times ("open: window created → first frame with the newest message on screen", open_us);
  print_times ("open: main-thread CPU", open_cpu_us);
  print_ratio ("open", open_us, bare_open_us);
  print_ratio ("open CPU", open_cpu_us, bare_open_cpu_us);

  open_window (copy, conversation_copy, last, &window, &cpu);
  bench_settle ();
  adjustment = gtk_scrolled_window_get_vadjustment (beckon_message_view_get_scrolled_window (view_of (window)));
  run_frames (GTK_WIDGET (window), adjustment, NULL, frames_us, frames_cpu_us, timings_us);
  g_print ("scrolled to %.0f, %.0f px a frame\n", gtk_adjustment_get_value (adjustment),
           gtk_adjustment_get_page_size (adjustment));
  gtk_window_destroy (GTK_WINDOW (window));
  bench_settle ();
  for (guint i = 0; i < frames_us->len; i++)
    {
      over_16 += g_array_index (frames_us, gint64, i) > 16000;
      cpu_over_16 += g_array_index (frames_cpu_us, gint64, i) > 16000;
    }

  print_times ("bare window: frame (before-paint → after-paint), a label changing", bare_frames_us);
  print_times ("bare window: frame, main-thread CPU", bare_frames_cpu_us);
  print_times ("scroll bottom → top: frame (before-paint → after-paint)", frames_us);
  print_times ("scroll bottom → top: frame, main-thread CPU", frames_cpu_us);
  g_print ("scroll bottom → top: %u of %u frames over 16 ms (%u over 16 ms of CPU)\n", over_16, frames_us->len,
           cpu_over_16);
  print_ratio ("scroll frame", frames_us, bare_frames_us);
  print_ratio ("scroll frame CPU", frames_cpu_us, bare_frames_cpu_us);
  if (timings_us->len > 0)
    print_times ("scroll bottom → top: GdkFrameTimings frame time to the next", timings_us);
  if (bare_timings_us->len > 0)
    print_times ("bare window: GdkFrameTimings frame time to the next", bare_timings_us);

  if (g_getenv ("BENCH_NO_REMOTE") == NULL)
    measure_remote ();
  beckon_account_copy_disconnect (copy);
  return 0;
}

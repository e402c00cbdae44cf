/* bench-app.c: accepted invitation → its conversation window on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole BeckonApplication in this process (registered like
 * tests/test-app.c, non-unique), against the simulator (loopback HTTP) and
 * the fake notification server of the tests (its own thread, on the session
 * bus: run under dbus-run-session, and under Xvfb).  Each invitation is
 * accepted as the windows accept it, with beckon_account_copy_answer() on
 * the GTK thread (not through the notification, so only this path is
 * timed), and measured from the core taking in the invitation's
 * `completed` Success to the BeckonConversationWindow's "map" (and, for
 * information, to the end of its first frame).  The first window of the
 * process is reported on its own; then the median and p99 of the later
 * ones, each closed (which leaves the conversation) before the next.
 * Timestamps are g_get_monotonic_time () in this process (one clock for
 * every thread); prints figures, asserts nothing about speed.  No main
 * window is open, as in the background service, unless BENCH_MAIN_WINDOW=1
 * (as after a launch from the desktop: the application then also realizes
 * its spare window).
 *
 * Which thread owns what.  The application runs its protocol core (the
 * UcwaSession and its UcwaModel, the BeckonAccount, the history, the
 * notifier) on a BeckonCore thread of its own (beckon-core.c); the GTK
 * thread, this program's main thread, owns the application, its windows
 * and the copies they read (BeckonAccountCopy, BeckonInvitationCopy,
 * BeckonConversationCopy).  So BenchCore below is the core's: connected,
 * reset, read and disconnected only inside beckon_core_call(), which runs
 * on the core's thread while this one waits, and which is also how its
 * timestamps reach this thread.  Bench is the GTK thread's.
 *
 * The start is the earliest sign of the completion in the client: on the
 * core's thread, the invitation's status turning SUCCEEDED (a "notify"
 * handler connected when the core's account adds the invitation, so before
 * the session's own, which completes the accept from that change).  The
 * model's "invitation-completed" comes too late to be the start: it is
 * emitted after the invitation has changed, when the session has already
 * completed the accept and the core's account has said
 * "conversation-ready".  The GTK thread's first sign, the invitation
 * copy's state turning Accepted (notify::state), is no start either: it
 * comes with the batch from the core that also brings the account copy's
 * "conversation-ready", on which the application opens the window, so it
 * leaves out the core's share and the hand-over.  Both are printed, as is
 * where the time goes: the core's accept, the hand-over to the GTK thread,
 * the window's build and presentation.  Closing a window leaves its
 * conversation (the setting "close-live-conversation" is "leave" here, as
 * the tests set it; the default asks).
 */

#include "config.h"

#include <stdio.h>

#include "beckon-account-copy.h"
#include "beckon-application.h"
#include "beckon-conversation-window.h"
#include "beckon-core.h"
#include "bench-util.h"
#include "fake-notification-server.h"

#define N_LATER   100
#define WAIT_MS   30000
#define SETTLE_MS 1000

/* The core thread's: touched only inside beckon_core_call(). */
typedef struct
{
  BeckonAccount        *account;
  UcwaModel            *model;
  BeckonInvitationItem *item;         /* the latest */
  gint64                status_at;    /* the invitation's status became SUCCEEDED */
  gint64                completed_at; /* the model's "invitation-completed" */
  gint64                ready_at;     /* the account's "conversation-ready" */
  guint                 n_conversations;
} BenchCore;

typedef struct
{
  BeckonApplication      *app;
  BeckonAccountCopy      *copy;
  BeckonCore             *core;
  BenchCore               on_core;
  UcwaSimServer          *sim;
  FakeNotificationServer *notifications;

  BeckonInvitationCopy     *item; /* the latest */
  BeckonConversationWindow *window;
  gint64                    status_at;     /* read from the core after the window is drawn */
  gint64                    completed_at;  /* likewise */
  gint64                    core_ready_at; /* likewise */
  gint64                    accepted_at;   /* the invitation copy's state became Accepted */
  gint64                    ready_at;      /* the account copy's "conversation-ready" */
  gint64                    added_at;      /* the window joined the application: built from its template */
  gint64                    map_at;
  gint64                    frame_at; /* end of the first frame after the map */
  guint                     n_windows;
  gint64                    settle_until;
} Bench;

/* On the core's thread. */

static void
status_cb (UcwaInvitation *invitation,
           GParamSpec     *pspec,
           BenchCore      *on_core)
{
  if (on_core->status_at == 0 && ucwa_invitation_get_status (invitation) == UCWA_INVITATION_STATUS_SUCCEEDED)
    on_core->status_at = g_get_monotonic_time ();
}

static void
invitation_completed_cb (UcwaModel      *model,
                         UcwaInvitation *invitation,
                         BenchCore      *on_core)
{
  if (on_core->completed_at == 0 && ucwa_invitation_get_status (invitation) == UCWA_INVITATION_STATUS_SUCCEEDED)
    on_core->completed_at = g_get_monotonic_time ();
}

static void
invitation_added_cb (BeckonAccount        *account,
                     BeckonInvitationItem *item,
                     BenchCore            *on_core)
{
  g_set_object (&on_core->item, item);
  /* Before the accept: so this handler runs before the one the session
   * connects once the accept's POST is answered.  Any "notify", not only
   * "notify::status": the completion changes several properties at once
   * and the session's handler, which also takes any, acts on the first. */
  g_signal_connect (beckon_invitation_item_get_invitation (item), "notify",
                    G_CALLBACK (status_cb), on_core);
}

static void
core_conversation_ready_cb (BeckonAccount        *account,
                            BeckonInvitationItem *item,
                            UcwaConversation     *conversation,
                            BenchCore            *on_core)
{
  if (on_core->ready_at == 0)
    on_core->ready_at = g_get_monotonic_time ();
}

static void
core_connect_run (gpointer data)
{
  BenchCore *on_core = data;

  on_core->model = ucwa_session_get_model (beckon_account_get_session (on_core->account));
  g_signal_connect (on_core->account, "invitation-added", G_CALLBACK (invitation_added_cb), on_core);
  g_signal_connect (on_core->account, "conversation-ready", G_CALLBACK (core_conversation_ready_cb), on_core);
  g_signal_connect (on_core->model, "invitation-completed", G_CALLBACK (invitation_completed_cb), on_core);
}

/* Forgets the previous invitation, before the next one starts. */
static void
core_reset_run (gpointer data)
{
  BenchCore *on_core = data;

  if (on_core->item != NULL)
    g_signal_handlers_disconnect_by_data (beckon_invitation_item_get_invitation (on_core->item), on_core);
  g_clear_object (&on_core->item);
  on_core->status_at = on_core->completed_at = on_core->ready_at = 0;
}

/* The server has ended the conversation when the model no longer has it. */
static void
core_count_run (gpointer data)
{
  BenchCore *on_core = data;

  on_core->n_conversations = g_list_model_get_n_items (ucwa_model_get_conversations (on_core->model));
}

static void
core_disconnect_run (gpointer data)
{
  BenchCore *on_core = data;

  core_reset_run (on_core);
  g_signal_handlers_disconnect_by_data (on_core->account, on_core);
  g_signal_handlers_disconnect_by_data (on_core->model, on_core);
}

/* A copy of what the core recorded, read on the core's thread; the call
 * returning is what makes it visible here. */
typedef struct
{
  BenchCore *on_core;
  BenchCore  read;
} CoreRead;

static void
core_read_run (gpointer data)
{
  CoreRead *read = data;

  read->read = *read->on_core;
}

/* On the GTK thread. */

static void
copy_state_cb (BeckonInvitationCopy *item,
               GParamSpec           *pspec,
               Bench                *bench)
{
  if (bench->accepted_at == 0 && beckon_invitation_copy_get_state (item) == BECKON_INVITATION_STATE_ACCEPTED)
    bench->accepted_at = g_get_monotonic_time ();
}

static void
copy_invitation_added_cb (BeckonAccountCopy    *copy,
                          BeckonInvitationCopy *item,
                          Bench                *bench)
{
  g_set_object (&bench->item, item);
  g_signal_connect (item, "notify::state", G_CALLBACK (copy_state_cb), bench);
}

static gboolean
conversation_ready_hook (GSignalInvocationHint *hint,
                         guint                  n_values,
                         const GValue          *values,
                         gpointer               user_data)
{
  Bench *bench = user_data;

  /* An emission hook: before the application's handler opens the window. */
  if (bench->ready_at == 0)
    bench->ready_at = g_get_monotonic_time ();
  return TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  if (bench->frame_at == 0)
    bench->frame_at = g_get_monotonic_time ();
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, bench);
}

static void
map_cb (GtkWidget *window,
        Bench     *bench)
{
  if (bench->map_at != 0)
    return;
  bench->map_at = g_get_monotonic_time ();
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), bench);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 Bench          *bench)
{
  if (!BECKON_IS_CONVERSATION_WINDOW (window))
    return;
  bench->window = BECKON_CONVERSATION_WINDOW (window);
  bench->added_at = g_get_monotonic_time ();
  bench->n_windows++;
  g_signal_connect (window, "map", G_CALLBACK (map_cb), bench);
}

static void
window_removed_cb (GtkApplication *app,
                   GtkWindow      *window,
                   Bench          *bench)
{
  if ((gpointer) window == (gpointer) bench->window)
    bench->window = NULL;
}

static gboolean
is_online (gpointer user_data)
{
  Bench *bench = user_data;

  return beckon_account_copy_get_session_state (bench->copy) == UCWA_SESSION_STATE_ONLINE;
}

static gboolean
has_item (gpointer user_data)
{
  Bench *bench = user_data;

  return bench->item != NULL;
}

static gboolean
window_drawn (gpointer user_data)
{
  Bench *bench = user_data;

  return bench->map_at != 0 && bench->frame_at != 0;
}

static gboolean
copy_accepted (gpointer user_data)
{
  Bench *bench = user_data;

  return bench->accepted_at != 0;
}

/* The window is gone and the server has ended the conversation. */
static gboolean
all_closed (gpointer user_data)
{
  Bench *bench = user_data;

  if (bench->window != NULL)
    return FALSE;
  beckon_core_call (bench->core, core_count_run, &bench->on_core);
  return bench->on_core.n_conversations == 0;
}

static gboolean
settled (gpointer user_data)
{
  Bench *bench = user_data;

  return g_get_monotonic_time () >= bench->settle_until;
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_for (Bench                    *bench,
          FakeNotificationCondition cond,
          const char               *what)
{
  if (!fake_notification_server_wait (bench->notifications, cond, bench, WAIT_MS))
    g_error ("Benchmark stalled waiting for %s", what);
}

/* What is measured of each window, in µs. */
enum {
  TO_MAP,           /* completed Success → "map": the target */
  TO_FRAME,         /* completed Success → its first frame drawn */
  TO_READY,         /* completed Success → the account's "conversation-ready" (the accept returned), on the core */
  HAND_OVER,        /* the account's "conversation-ready" → the copy's, on the GTK thread */
  BUILD,            /* the copy's "conversation-ready" → the window built from its template */
  PRESENT,          /* built → "map" (constructed (), then present: realize, style, size) */
  COMPLETED_TO_MAP, /* the model's "invitation-completed" → "map" */
  ACCEPTED_TO_MAP,  /* the invitation copy's state Accepted → "map" */
  N_PHASES
};

/* One invitation, accepted, its window drawn and closed. */
static void
open_one (Bench *bench,
          gint64 sample[N_PHASES])
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *id = NULL;
  CoreRead           read = { .on_core = &bench->on_core };

  if (bench->item != NULL)
    g_signal_handlers_disconnect_by_data (bench->item, bench);
  g_clear_object (&bench->item);
  beckon_core_call (bench->core, core_reset_run, &bench->on_core);
  bench->accepted_at = bench->ready_at = bench->added_at = 0;
  bench->map_at = bench->frame_at = 0;

  id = ucwa_sim_server_start_im_invitation (bench->sim, NULL, "sip:ada@contoso.com", "Ada Lovelace", "Got a minute?");
  if (id == NULL)
    g_error ("The simulator has no available application");
  wait_for (bench, has_item, "the invitation");

  if (!beckon_account_copy_answer (bench->copy, bench->item, BECKON_ANSWER_ACCEPT, &error))
    g_error ("Cannot accept the invitation: %s", error->message);
  wait_for (bench, window_drawn, "the conversation window");
  beckon_core_call (bench->core, core_read_run, &read);
  bench->status_at = read.read.status_at;
  bench->completed_at = read.read.completed_at;
  bench->core_ready_at = read.read.ready_at;
  if (bench->status_at == 0 || bench->completed_at == 0 || bench->core_ready_at == 0 || bench->ready_at == 0 ||
      bench->added_at == 0)
    g_error ("The window opened without a completed Success");

  sample[TO_MAP] = bench->map_at - bench->status_at;
  sample[TO_FRAME] = bench->frame_at - bench->status_at;
  sample[TO_READY] = bench->core_ready_at - bench->status_at;
  sample[HAND_OVER] = bench->ready_at - bench->core_ready_at;
  sample[BUILD] = bench->added_at - bench->ready_at;
  sample[PRESENT] = bench->map_at - bench->added_at;
  sample[COMPLETED_TO_MAP] = bench->map_at - bench->completed_at;
  /* The copy may turn Accepted in a later batch than the one that opened the window. */
  wait_for (bench, copy_accepted, "the invitation's copy to say Accepted");
  sample[ACCEPTED_TO_MAP] = bench->map_at - bench->accepted_at;

  /* As the user would: closing leaves the conversation. */
  gtk_window_close (GTK_WINDOW (bench->window));
  wait_for (bench, all_closed, "the conversation to end");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError)    error = NULL;
  g_autoptr (GSettings) settings = NULL;
  GArray               *later[N_PHASES] = { NULL };
  g_autofree char      *root = NULL;
  Bench                 bench = { 0 };
  gint64                first[N_PHASES];
  const char           *debug, *renderer;
  guint                 ready_signal;
  gulong                ready_hook;

  g_setenv ("NOTIFY_IGNORE_PORTAL", "1", TRUE);

  bench.notifications = fake_notification_server_new_started ();

  bench.sim = bench_start_simulator ("Alice Example", &root);

  bench.app = beckon_application_new ();
  g_application_set_flags (G_APPLICATION (bench.app),
                           g_application_get_flags (G_APPLICATION (bench.app)) | G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (bench.app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);
  /* Closing a live conversation's window leaves it, as the benchmark's
   * user chose once (the default asks each time). */
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "close-live-conversation", "leave");
  bench.copy = beckon_application_get_account_copy (bench.app);
  bench.core = beckon_application_get_core (bench.app);
  /* Only handed to the core's thread, never used on this one. */
  bench.on_core.account = beckon_application_get_account (bench.app);
  beckon_core_call (bench.core, core_connect_run, &bench.on_core);

  g_signal_connect (bench.copy, "invitation-added", G_CALLBACK (copy_invitation_added_cb), &bench);
  g_signal_connect (bench.app, "window-added", G_CALLBACK (window_added_cb), &bench);
  g_signal_connect (bench.app, "window-removed", G_CALLBACK (window_removed_cb), &bench);
  ready_signal = g_signal_lookup ("conversation-ready", BECKON_TYPE_ACCOUNT_COPY);
  ready_hook = g_signal_add_emission_hook (ready_signal, 0, conversation_ready_hook, &bench, NULL);

  beckon_application_sign_in (bench.app, root, BENCH_USER, BENCH_PASSWORD);
  wait_for (&bench, is_online, "sign-in");
  /* BENCH_MAIN_WINDOW=1: as a user who launched Beckon has it, the main
   * window open (the default: none, as the background service runs). */
  if (g_strcmp0 (g_getenv ("BENCH_MAIN_WINDOW"), "1") == 0)
    g_application_activate (G_APPLICATION (bench.app));

  /* What start-up set going on the bus settles before the first window
   * (the settings portal GTK and libadwaita ask, which the private bus
   * activates; the notification server's caps): on a desktop it has long
   * been running.  The application also builds the next conversation's
   * window at idle once signed in (a spare), as it would in the seconds
   * before a user's first accept. */
  {
    guint tick = g_timeout_add (50, tick_cb, NULL);

    bench.settle_until = g_get_monotonic_time () + SETTLE_MS * 1000;
    wait_for (&bench, settled, "the session to settle");
    g_source_remove (tick);
  }

  open_one (&bench, first);
  for (guint p = 0; p < N_PHASES; p++)
    later[p] = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < N_LATER; i++)
    {
      gint64 sample[N_PHASES];

      open_one (&bench, sample);
      for (guint p = 0; p < N_PHASES; p++)
        g_array_append_val (later[p], sample[p]);
    }

  debug = g_getenv ("GDK_DEBUG");
  renderer = g_getenv ("GSK_RENDERER");
  printf ("conversation windows: GDK_DEBUG=%s GSK_RENDERER=%s (%u windows), main window %s, core %s\n",
          debug ? debug : "(unset)", renderer ? renderer : "(unset)", bench.n_windows,
          g_strcmp0 (g_getenv ("BENCH_MAIN_WINDOW"), "1") == 0 ? "open" : "not open",
          beckon_core_is_threaded (bench.core) ? "on its own thread" : "inline");
  printf ("completed Success -> first conversation window mapped: %.2f ms (target < 40 ms); its first frame drawn: %.2f ms\n",
          first[TO_MAP] / 1000.0, first[TO_FRAME] / 1000.0);
  printf ("completed Success -> later conversation window mapped: median %.2f ms, p99 %.2f ms (%u windows; target < 10 ms)\n",
          bench_percentile_ms (later[TO_MAP], 0.5), bench_percentile_ms (later[TO_MAP], 0.99), later[TO_MAP]->len);
  printf ("completed Success -> later window's first frame drawn: median %.2f ms, p99 %.2f ms\n",
          bench_percentile_ms (later[TO_FRAME], 0.5), bench_percentile_ms (later[TO_FRAME], 0.99));
  printf ("  where the time goes, first / later median: accept returns on the core %.2f / %.2f ms, "
          "handed to the GTK thread %.2f / %.2f ms, "
          "window built from its template %.2f / %.2f ms, constructed and presented until mapped %.2f / %.2f ms\n",
          first[TO_READY] / 1000.0, bench_percentile_ms (later[TO_READY], 0.5),
          first[HAND_OVER] / 1000.0, bench_percentile_ms (later[HAND_OVER], 0.5),
          first[BUILD] / 1000.0, bench_percentile_ms (later[BUILD], 0.5),
          first[PRESENT] / 1000.0, bench_percentile_ms (later[PRESENT], 0.5));
  printf ("  model \"invitation-completed\" -> window mapped (negative: mapped before the signal): first %.2f ms, later median %.2f ms\n",
          first[COMPLETED_TO_MAP] / 1000.0, bench_percentile_ms (later[COMPLETED_TO_MAP], 0.5));
  printf ("  invitation copy Accepted (GTK thread) -> window mapped (negative: mapped before): first %.2f ms, later median %.2f ms, p99 %.2f ms\n",
          first[ACCEPTED_TO_MAP] / 1000.0, bench_percentile_ms (later[ACCEPTED_TO_MAP], 0.5),
          bench_percentile_ms (later[ACCEPTED_TO_MAP], 0.99));

  g_signal_remove_emission_hook (ready_signal, ready_hook);
  beckon_core_call (bench.core, core_disconnect_run, &bench.on_core);
  g_signal_handlers_disconnect_by_data (bench.app, &bench);
  g_signal_handlers_disconnect_by_data (bench.copy, &bench);
  if (bench.item != NULL)
    g_signal_handlers_disconnect_by_data (bench.item, &bench);
  g_clear_object (&bench.item);
  g_clear_object (&bench.app);
  for (guint p = 0; p < N_PHASES; p++)
    g_clear_pointer (&later[p], g_array_unref);
  g_clear_object (&bench.sim);
  fake_notification_server_free (bench.notifications);
  return 0;
}

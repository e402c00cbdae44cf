/* beckon-application-core.c: BeckonApplication's objects on the core, and
 * what they tell the GTK thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which thread owns what: BeckonApplication is the GTK thread's.  The
 * session, the account, its history and the notifier are created on the
 * core's thread (beckon_core_call()) and only ever touched there; the
 * application keeps their pointers to hand them to the core, never to call
 * them.  What they signal that the application reacts to (the notifier's
 * actions, the history's notices, the event channel's first answer) comes
 * back by beckon_core_invoke_owner() through a Link, which the application
 * cuts when it goes, so that nothing arriving late finds it freed.  The
 * GTK thread and the renderer's threads it starts run a few nice levels
 * below the core's (lower_gtk_thread_priority()).
 */

#include "config.h"

#include "beckon-application-private.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <sys/resource.h>

#include "beckon-copy-private.h"
#include "beckon-tsan-private.h"

/* Shared by both threads (atomically counted). */
struct _BeckonAppLink
{
  BeckonApplication *app;      /* the owner's thread's: NULL once the application went */
  BeckonApplication *core_app; /* the core's thread's: NULL once its objects were dropped */
};

static BeckonAppLink *
link_ref (BeckonAppLink *link)
{
  return g_atomic_rc_box_acquire (link);
}

static void
link_unref (gpointer link)
{
  g_atomic_rc_box_release (link);
}

typedef enum {
  FORWARD_SHOW_INVITATIONS,
  FORWARD_ACTIVATE_INVITATION,
  FORWARD_REPLY,
  FORWARD_NOTICE,
  FORWARD_FIRST_BATCH,
} ForwardKind;

/* One thing the core tells the application: written on the core's thread,
 * then only read on the owner's. */
typedef struct
{
  BeckonAppLink *link;
  ForwardKind    kind;
  char          *text;    /* the notice; the reply's address */
  char          *name;    /* the reply's name */
  guint64        item_id; /* the activated item's copy's (beckon-copy-private.h) */
} Forward;

static void
forward_free (gpointer data)
{
  Forward *forward = data;

  link_unref (forward->link);
  g_free (forward->text);
  g_free (forward->name);
  g_free (forward);
}

static void
forward_run (gpointer data)
{
  Forward           *forward = data;
  BeckonApplication *self = forward->link->app;

  BECKON_TSAN_ACQUIRE (forward);
  if (self == NULL)
    return;

  switch (forward->kind)
    {
    case FORWARD_SHOW_INVITATIONS:
      _beckon_application_show_invitations_cb (self);
      break;
    case FORWARD_ACTIVATE_INVITATION:
      _beckon_application_activate_invitation_cb (self, forward->item_id);
      break;
    case FORWARD_REPLY:
      beckon_application_start_chat (self, forward->text, forward->name, NULL);
      break;
    case FORWARD_NOTICE:
      _beckon_application_show_notice (self, forward->text);
      break;
    case FORWARD_FIRST_BATCH:
      _beckon_application_first_batch_cb (self);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* On the core's thread. */
static void
forward (BeckonApplication *self,
         ForwardKind        kind,
         const char        *text,
         const char        *name,
         guint64            item_id)
{
  Forward *forward = g_new0 (Forward, 1);

  forward->link = link_ref (self->link);
  forward->kind = kind;
  forward->text = g_strdup (text);
  forward->name = g_strdup (name);
  forward->item_id = item_id;
  BECKON_TSAN_RELEASE (forward);
  beckon_core_invoke_owner (self->core, forward_run, forward, forward_free);
}

/* The notifier's and the history's signals, on the core's thread: @self is
 * only passed on, never read but for the fields set before the core ran
 * (the core and the link). */

static void
notifier_show_invitations_cb (BeckonApplication *self)
{
  forward (self, FORWARD_SHOW_INVITATIONS, NULL, NULL, 0);
}

static void
notifier_activate_invitation_cb (BeckonApplication    *self,
                                 BeckonInvitationItem *item)
{
  /* By its copy's id: the GTK thread finds it without asking the core. */
  forward (self, FORWARD_ACTIVATE_INVITATION, NULL, NULL, _beckon_copier_account_item_id (self->account, item));
}

/* The account decides here whether a reply goes, and to whom. */
static void
notifier_reply_invitation_cb (BeckonApplication    *self,
                              BeckonInvitationItem *item)
{
  g_autoptr (GError) error = NULL;

  if (!beckon_account_can_reply (self->account, item, &error))
    {
      g_debug ("Not replying: %s", error->message);
      return;
    }
  forward (self, FORWARD_REPLY, beckon_invitation_item_get_inviter_uri (item), beckon_invitation_item_get_inviter (item),
           0);
}

static void
history_notice_cb (BeckonApplication *self,
                   const char        *notice)
{
  forward (self, FORWARD_NOTICE, notice, NULL, 0);
}

/* Creating and dropping the core's objects */

typedef struct
{
  BeckonApplication *app;
  char              *history_path;
  char              *notice; /* the history's at start-up */
} Creation;

static void
create_session_run (gpointer data)
{
  Creation          *creation = data;
  BeckonApplication *self = creation->app;

  self->session = ucwa_session_new ();
  self->account = beckon_account_new (self->session);
  self->connection = ucwa_session_get_connection (self->session);
}

/* The history file: the main window says so when it had to be set aside
 * (now, or later if it turns out corrupt while in use). */
static void
create_rest_run (gpointer data)
{
  Creation                 *creation = data;
  BeckonApplication        *self = creation->app;
  g_autoptr (BeckonHistory) history = beckon_history_new (creation->history_path);

  creation->notice = g_strdup (beckon_history_get_notice (history));
  g_signal_connect_swapped (history, "notice", G_CALLBACK (history_notice_cb), self);
  beckon_account_set_history (self->account, history);
  self->history = g_steal_pointer (&history);
  /* For the views that look for it there. */
  beckon_account_set_trusted_ca (self->account, self->trusted_ca);

  self->notifier = beckon_notifier_new (self->account, _ ("Beckon"), APP_ID);
  g_signal_connect_swapped (self->notifier, "show-invitations", G_CALLBACK (notifier_show_invitations_cb), self);
  g_signal_connect_swapped (self->notifier, "activate-invitation", G_CALLBACK (notifier_activate_invitation_cb),
                            self);
  g_signal_connect_swapped (self->notifier, "reply-invitation", G_CALLBACK (notifier_reply_invitation_cb), self);
}

/* How far the GTK thread steps back (in nice levels) for the core's.  The
 * two cores this was measured on share their time between the GTK thread,
 * the renderer's threads it starts (llvmpipe rasterizes on two) and the
 * core's, the notification worker's and D-Bus's: at equal priority an
 * invitation waits for a paint to yield.  bench-realistic, five pairs of
 * runs in turn: at 5 rather than 0, the medians of Notify 8 % and of the
 * decline's POST 17 % lower, the CPU an invitation costs 14 % lower (fewer
 * frames painted).  Against other programs the windows lose that share
 * only while the machine is saturated. */
#define GTK_THREAD_NICENESS 5

/* After the core's thread exists, before GTK starts: the threads the GTK
 * thread starts from now on (the renderer's) inherit its priority, the ones
 * started before (the core's, D-Bus's) and from the core (the notification
 * worker's) keep theirs.  Linux only: there the priority is a
 * thread's, not the process's (PRIO_PROCESS with 0 is the calling thread);
 * elsewhere setpriority() would lower the core's with it. */
static void
lower_gtk_thread_priority (void)
{
#ifdef __linux__
  int niceness;

  errno = 0;
  niceness = getpriority (PRIO_PROCESS, 0);
  if (errno != 0)
    return;
  if (setpriority (PRIO_PROCESS, 0, MIN (niceness + GTK_THREAD_NICENESS, 19)) != 0)
    g_debug ("The GTK thread keeps its priority: %s", g_strerror (errno));
#endif
}

/**
 * _beckon_application_start_core:
 *
 * At start-up, on the GTK thread, before GTK starts its own (the
 * renderer's): the core's thread, then the GTK thread steps back.
 */
void
_beckon_application_start_core (BeckonApplication *self)
{
  g_return_if_fail (self->core == NULL);

  /* BECKON_CORE=inline: the core on the GTK thread, the single-threaded
   * design bench-realistic measures the thread against; it would step back
   * with the GTK thread. */
  if (g_strcmp0 (g_getenv ("BECKON_CORE"), "inline") == 0)
    {
      self->core = beckon_core_new_inline ();
      return;
    }
  self->core = beckon_core_new ("beckon-core");
  lower_gtk_thread_priority ();
}

/**
 * _beckon_application_create_core_objects:
 *
 * At start-up, on the GTK thread: the core, the session and the account on
 * it, the account's copy (before the history, else it would miss its
 * "history-restored"), then the history and the notifier; the extra
 * certificate authority before the first request goes out.
 */
void
_beckon_application_create_core_objects (BeckonApplication *self)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "beckon", "history.db", NULL);
  Creation         creation = { self, path, NULL };

  g_return_if_fail (self->core != NULL);

  self->link = g_atomic_rc_box_new0 (BeckonAppLink);
  self->link->app = self;
  self->link->core_app = self;
  beckon_core_call (self->core, create_session_run, &creation);
  self->account_copy = beckon_account_copy_new (self->core, self->account);
  self->trusted_ca = beckon_trusted_ca_new (self->core, self->connection);
  beckon_core_call (self->core, create_rest_run, &creation);
  /* Before any window shows. */
  if (creation.notice != NULL)
    _beckon_application_show_notice (self, creation.notice);
  g_free (creation.notice);
  beckon_trusted_ca_set_settings (self->trusted_ca, self->settings);
}

static void
drop_run (gpointer data)
{
  BeckonApplication *self = data;

  self->link->core_app = NULL;
  if (self->session != NULL)
    g_clear_signal_handler (&self->first_batch_handler, ucwa_session_get_event_channel (self->session));
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  if (self->notifier != NULL)
    g_signal_handlers_disconnect_by_data (self->notifier, self);
  g_clear_object (&self->notifier);
  g_clear_object (&self->history);
  if (self->account != NULL)
    beckon_account_set_trusted_ca (self->account, NULL);
  g_clear_object (&self->account);
  self->connection = NULL;
  g_clear_object (&self->session);
}

/* At the end, on the GTK thread: the copy stops first, then the core's
 * objects go, there, then the core. */
void
_beckon_application_drop_core_objects (BeckonApplication *self)
{
  if (self->link != NULL)
    self->link->app = NULL;
  if (self->account_copy != NULL)
    beckon_account_copy_disconnect (self->account_copy);
  if (self->core != NULL)
    beckon_core_call (self->core, drop_run, self);
  /* Its last reference here, once the core let go of it. */
  g_clear_object (&self->trusted_ca);
  g_clear_pointer (&self->core, beckon_core_free);
  g_clear_object (&self->account_copy);
  g_clear_pointer (&self->link, link_unref);
}

typedef struct
{
  BeckonAppLink *link;
  void (*func) (BeckonApplication *self);
} CoreRun;

static void
core_run (gpointer data)
{
  CoreRun *run = data;

  if (run->link->core_app != NULL)
    run->func (run->link->core_app);
}

static void
core_run_free (gpointer data)
{
  CoreRun *run = data;

  link_unref (run->link);
  g_free (run);
}

/* Runs @func on the core's thread, with the application if its objects are
 * still there. */
static void
invoke_on_core (BeckonApplication *self,
                void (*func) (BeckonApplication *self))
{
  CoreRun *run = g_new0 (CoreRun, 1);

  if (self->core == NULL)
    {
      g_free (run);
      return;
    }
  run->link = link_ref (self->link);
  run->func = func;
  beckon_core_invoke (self->core, core_run, run, core_run_free);
}

/* The event channel's first answer (see defer_activation ()) */

static void
first_batch_run (BeckonApplication *self)
{
  g_clear_signal_handler (&self->first_batch_handler, ucwa_session_get_event_channel (self->session));
  forward (self, FORWARD_FIRST_BATCH, NULL, NULL, 0);
}

static void
watch_first_batch_run (BeckonApplication *self)
{
  if (self->session != NULL && self->first_batch_handler == 0)
    self->first_batch_handler = g_signal_connect_swapped (ucwa_session_get_event_channel (self->session), "batch",
                                                          G_CALLBACK (first_batch_run), self);
}

static void
unwatch_first_batch_run (BeckonApplication *self)
{
  if (self->session != NULL)
    g_clear_signal_handler (&self->first_batch_handler, ucwa_session_get_event_channel (self->session));
}

/* Whether the event channel's first answer is told to
 * _beckon_application_first_batch_cb() (once). */
void
_beckon_application_watch_first_batch (BeckonApplication *self,
                                       gboolean           watch)
{
  invoke_on_core (self, watch ? watch_first_batch_run : unwatch_first_batch_run);
}

/* The notifier's */

static void
close_notifications_run (BeckonApplication *self)
{
  if (self->notifier != NULL)
    beckon_notifier_close_all (self->notifier);
}

static void
close_notifications_now (gpointer data)
{
  close_notifications_run (data);
}

/* Withdraws every notification of the invitations, before what follows;
 * @wait: at shutdown, when the loop may not turn again. */
void
_beckon_application_close_notifications (BeckonApplication *self,
                                         gboolean           wait)
{
  if (wait && self->core != NULL && self->notifier != NULL)
    beckon_core_call (self->core, close_notifications_now, self);
  else
    invoke_on_core (self, close_notifications_run);
}

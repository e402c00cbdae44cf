/* beckon-message-notifier.c: a notification for each new message the user
 * is not looking at
 *
 * A message that arrives in a conversation whose window is not the active
 * one raises a notification (category im.received): one per conversation,
 * replaced by the next message of that conversation rather than stacked,
 * its default action presents the window, and it is withdrawn when the
 * user focuses the window.  The window is marked urgent meanwhile where
 * the windowing system has a way to say it (X11; GTK 4.8 has no portable
 * API and Wayland no urgency hint).  Our own messages never notify.
 *
 * It shows through the BeckonNotifier's worker (a key of its own per
 * conversation, see beckon_notifier_reserve_key()), so the worker thread,
 * the portal path and a restarted notification server are handled as for
 * invitations.
 *
 * Which thread owns what: this object and its watches are the GTK
 * thread's, as the windows are.  The BeckonNotifier is the core's
 * (beckon-core.c): its keys are reserved and released there, and the
 * events of a key arrive there, to be sent on here through a KeyLink that
 * the watch cuts when it ends.  The worker takes what it shows from any
 * thread (beckon_notify_worker_show() posts to its own).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "beckon-message-notifier.h"
#include "beckon-message-notifier-private.h"

#include <glib/gi18n.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "beckon-message-copy.h"
#include "beckon-notifier-private.h"
#include "beckon-tsan-private.h"

struct _BeckonMessageNotifier
{
  GObject parent_instance;

  BeckonCore              *core;
  BeckonNotifier          *notifier; /* the core's: only handed to it */
  BeckonNotifyWorker      *worker;   /* the notifier's, which outlives us */
  GSettings               *settings; /* nullable */
  GPtrArray               *watches;  /* Watch */
  BeckonWindowIsActiveFunc is_active;
};

G_DEFINE_FINAL_TYPE (BeckonMessageNotifier, beckon_message_notifier, G_TYPE_OBJECT)

typedef struct _Watch Watch;

/* Between a watch and its key's events on the core (atomically counted):
 * @watch is the GTK thread's, NULL once the watch ended. */
typedef struct
{
  Watch *watch;
} KeyLink;

/* One conversation window followed. */
struct _Watch
{
  BeckonMessageNotifier *self;
  GtkWindow             *window;   /* not owned: the watch ends when it is destroyed */
  GListModel            *messages; /* owned */
  KeyLink               *link;
  struct _KeyCall       *call; /* the key's reservation, released on the core */
  guint                  key;
  gboolean               shown; /* a notification is on screen, as far as we know */
};

static void key_event_cb (BeckonNotifyEventType type,
                          guint                 key,
                          const char           *action,
                          Watch                *watch);

/* A key's event, from the core's thread to this one. */
typedef struct
{
  KeyLink              *link;
  BeckonNotifyEventType type;
  guint                 key;
  char                 *action;
} KeyEvent;

static void
key_event_free (gpointer data)
{
  KeyEvent *event = data;

  g_atomic_rc_box_release (event->link);
  g_free (event->action);
  g_free (event);
}

static void
key_event_run (gpointer data)
{
  KeyEvent *event = data;

  BECKON_TSAN_ACQUIRE (event);
  if (event->link->watch != NULL)
    key_event_cb (event->type, event->key, event->action, event->link->watch);
}

typedef struct _KeyCall
{
  BeckonCore     *core;
  BeckonNotifier *notifier;
  KeyLink        *link;
  guint           key;
} KeyCall;

/* On the core's thread: the notifier's events for this key. */
static void
core_key_event_cb (BeckonNotifyEventType type,
                   guint                 key,
                   const char           *action,
                   int                   reason,
                   gpointer              user_data)
{
  KeyCall  *call = user_data;
  KeyEvent *event = g_new0 (KeyEvent, 1);

  event->link = g_atomic_rc_box_acquire (call->link);
  event->type = type;
  event->key = key;
  event->action = g_strdup (action);
  BECKON_TSAN_RELEASE (event);
  beckon_core_invoke_owner (call->core, key_event_run, event, key_event_free);
}

/* On the core's thread; @call stays the key's until it is released. */
static void
reserve_key_run (gpointer data)
{
  KeyCall *call = data;

  call->key = beckon_notifier_reserve_key (call->notifier, core_key_event_cb, call);
}

static void
key_call_free (gpointer data)
{
  KeyCall *call = data;

  g_atomic_rc_box_release (call->link);
  g_object_unref (call->notifier);
  g_free (call);
}

static void
release_key_run (gpointer data)
{
  KeyCall *call = data;

  beckon_notifier_release_key (call->notifier, call->key);
}

static void
set_urgent (Watch   *watch,
            gboolean urgent)
{
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (watch->window));

  if (surface != NULL && GDK_IS_X11_SURFACE (surface))
    gdk_x11_surface_set_urgency_hint (surface, urgent);
#endif
}

static void
withdraw (Watch *watch)
{
  set_urgent (watch, FALSE);
  if (!watch->shown)
    return;
  watch->shown = FALSE;
  beckon_notify_worker_close (watch->self->worker, watch->key);
}

static void
watch_free (Watch *watch)
{
  withdraw (watch);
  beckon_notify_worker_forget (watch->self->worker, watch->key);
  /* Its events from now on find no watch; the key goes on the core. */
  watch->link->watch = NULL;
  g_atomic_rc_box_release (watch->link);
  beckon_core_run (watch->self->core, release_key_run, watch->call, key_call_free);
  g_signal_handlers_disconnect_by_data (watch->messages, watch);
  g_signal_handlers_disconnect_by_data (watch->window, watch);
  g_object_unref (watch->messages);
  g_free (watch);
}

static void
show (Watch             *watch,
      BeckonMessageCopy *message)
{
  BeckonMessageNotifier *self = watch->self;
  BeckonNotifyContent   *content = g_new0 (BeckonNotifyContent, 1);
  const char            *sender = beckon_message_copy_get_sender_name (message);
  gboolean               show_text = self->settings == NULL ||
                       g_settings_get_boolean (self->settings, "show-message-text");

  if (sender == NULL || *sender == '\0')
    sender = gtk_window_get_title (watch->window);
  if (sender == NULL || *sender == '\0')
    sender = _ ("Someone");

  if (show_text)
    {
      content->summary = g_strdup (sender);
      content->body = g_strdup (beckon_message_copy_get_text (message));
    }
  else
    /* Translators: a new message's notification when its text is not shown (privacy) */
    content->summary = g_strdup_printf (_ ("New message from %s"), sender);
  content->category = "im.received";
  content->urgency = NOTIFY_URGENCY_NORMAL;
  content->timeout = NOTIFY_EXPIRES_DEFAULT;
  content->sound = TRUE;

  /* The same key: the notification on screen is replaced, not stacked. */
  watch->shown = TRUE;
  beckon_notify_worker_show (self->worker, watch->key, content);
  set_urgent (watch, TRUE);
}

static void
messages_changed_cb (GListModel *messages,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Watch      *watch)
{
  BeckonMessageCopy *newest = NULL;

  /* A hidden window (kept in the background) is not looked at, whatever
   * GTK 4.8 says: on X11 without a window manager a window hidden while
   * active stays "is-active". */
  if (gtk_widget_get_mapped (GTK_WIDGET (watch->window)) && watch->self->is_active (watch->window))
    return;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (BeckonMessageCopy) message = g_list_model_get_item (messages, i);

      if (beckon_message_copy_get_direction (message) == UCWA_DIRECTION_INCOMING)
        {
          g_clear_object (&newest);
          newest = g_steal_pointer (&message);
        }
    }
  if (newest != NULL)
    show (watch, newest);
  g_clear_object (&newest);
}

static void
is_active_cb (GtkWindow  *window,
              GParamSpec *pspec,
              Watch      *watch)
{
  if (watch->self->is_active (window))
    withdraw (watch);
}

static void
window_destroy_cb (GtkWindow *window,
                   Watch     *watch)
{
  g_ptr_array_remove (watch->self->watches, watch);
}

/* The worker's events for this watch's key, sent on from the core. */
static void
key_event_cb (BeckonNotifyEventType type,
              guint                 key,
              const char           *action,
              Watch                *watch)
{
  if (type == BECKON_NOTIFY_EVENT_ACTION && g_strcmp0 (action, "default") == 0)
    gtk_window_present (watch->window);
  else if (type == BECKON_NOTIFY_EVENT_CLOSED)
    {
      watch->shown = FALSE;
      beckon_notify_worker_forget (watch->self->worker, key);
    }
}

static void
beckon_message_notifier_dispose (GObject *object)
{
  BeckonMessageNotifier *self = BECKON_MESSAGE_NOTIFIER (object);

  /* Before the notifier whose worker they show on. */
  if (self->watches != NULL)
    g_ptr_array_set_size (self->watches, 0);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (beckon_message_notifier_parent_class)->dispose (object);
}

static void
beckon_message_notifier_finalize (GObject *object)
{
  BeckonMessageNotifier *self = BECKON_MESSAGE_NOTIFIER (object);

  g_ptr_array_unref (self->watches);

  G_OBJECT_CLASS (beckon_message_notifier_parent_class)->finalize (object);
}

static void
beckon_message_notifier_class_init (BeckonMessageNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = beckon_message_notifier_dispose;
  object_class->finalize = beckon_message_notifier_finalize;
}

static void
beckon_message_notifier_init (BeckonMessageNotifier *self)
{
  self->watches = g_ptr_array_new_with_free_func ((GDestroyNotify) watch_free);
  self->is_active = gtk_window_is_active;
}

typedef struct
{
  BeckonNotifier     *notifier;
  BeckonNotifyWorker *worker;
} WorkerLookup;

static void
get_worker_run (gpointer data)
{
  WorkerLookup *lookup = data;

  lookup->worker = beckon_notifier_get_worker (lookup->notifier);
}

/**
 * beckon_message_notifier_new:
 * @core: where @notifier lives
 * @notifier: the core's, only ever touched there
 *
 * On the owner's thread of @core, which keeps @notifier (and its worker)
 * until this object goes.
 */
BeckonMessageNotifier *
beckon_message_notifier_new (BeckonCore     *core,
                             BeckonNotifier *notifier,
                             GSettings      *settings)
{
  BeckonMessageNotifier *self;
  WorkerLookup           lookup = { notifier, NULL };

  g_return_val_if_fail (core != NULL, NULL);
  g_return_val_if_fail (notifier != NULL, NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (BECKON_TYPE_MESSAGE_NOTIFIER, NULL);
  self->core = core;
  self->notifier = notifier;
  beckon_core_call (core, get_worker_run, &lookup);
  self->worker = lookup.worker;
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  return self;
}

/* A key of the notifier's for @link's watch: reserved on the core (a short
 * wait: the notifier keeps its keys there), released there when the watch
 * ends. */
static KeyCall *
reserve_key (BeckonMessageNotifier *self,
             KeyLink               *link)
{
  KeyCall *call = g_new0 (KeyCall, 1);

  call->core = self->core;
  call->notifier = g_object_ref (self->notifier);
  call->link = g_atomic_rc_box_acquire (link);
  beckon_core_call (self->core, reserve_key_run, call);
  return call;
}

void
beckon_message_notifier_watch (BeckonMessageNotifier    *self,
                               BeckonConversationWindow *window)
{
  Watch *watch;

  g_return_if_fail (BECKON_IS_MESSAGE_NOTIFIER (self));
  g_return_if_fail (BECKON_IS_CONVERSATION_WINDOW (window));
  g_return_if_fail (beckon_conversation_window_get_conversation (window) != NULL);

  for (guint i = 0; i < self->watches->len; i++)
    if (((Watch *) g_ptr_array_index (self->watches, i))->window == GTK_WINDOW (window))
      return;

  watch = g_new0 (Watch, 1);
  watch->self = self;
  watch->window = GTK_WINDOW (window);
  watch->messages = g_object_ref (beckon_conversation_copy_get_messages (beckon_conversation_window_get_conversation (window)));
  watch->link = g_atomic_rc_box_new0 (KeyLink);
  watch->link->watch = watch;
  watch->call = reserve_key (self, watch->link);
  watch->key = watch->call->key;
  g_signal_connect (watch->messages, "items-changed", G_CALLBACK (messages_changed_cb), watch);
  g_signal_connect (window, "notify::is-active", G_CALLBACK (is_active_cb), watch);
  g_signal_connect (window, "destroy", G_CALLBACK (window_destroy_cb), watch);
  g_ptr_array_add (self->watches, watch);
}

void
beckon_message_notifier_set_is_active_func (BeckonMessageNotifier   *self,
                                            BeckonWindowIsActiveFunc func)
{
  g_return_if_fail (BECKON_IS_MESSAGE_NOTIFIER (self));

  self->is_active = func != NULL ? func : gtk_window_is_active;
}

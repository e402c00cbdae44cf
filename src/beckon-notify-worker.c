/* beckon-notify-worker.c: the thread that makes every libnotify call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libnotify's calls are synchronous D-Bus calls (25 s timeout): on the main
 * thread a slow or vanished notification server would freeze the app.  So a
 * BeckonNotifyWorker is a thread of its own, with its own GMainContext, that
 * makes every one of them; BeckonNotifier (the caller's side) decides what
 * each notification says and never calls libnotify.
 *
 * Which thread owns what:
 * - The worker's thread owns the Slots and their NotifyNotifications, and
 *   runs the worker's GMainContext.  That context is its thread-default
 *   context before notify_init(), so libnotify's proxy and the action and
 *   closed callbacks live there too.
 * - The caller's thread (the one that called beckon_notify_worker_new(), on
 *   its thread-default context) owns the thread handle and the event
 *   callback; events are delivered there.
 * - Set before the thread starts and read-only afterwards: the contexts, the
 *   loop, the names.  The capabilities and the Notify count are atomics,
 *   readable anywhere.
 * - GDBus's own thread runs the owner filter, which writes the announced
 *   owners and the ids that NotificationClosed signals named (see
 *   beckon_notify_slot_was_closed_by_click()); they are read on the worker's thread, all
 *   under owners_lock.
 *
 * The two sides only exchange copies: a Command (with a BeckonNotifyContent
 * of plain strings) goes to the worker with g_main_context_invoke_full(), an
 * Event comes back the same way.  A notification is known on both sides by a
 * key the caller chooses.  A SyncPoint lets the caller wait, with a
 * deadline, for a command to be done.  Each of these hand-offs, the locks
 * and the last unref say what they order for ThreadSanitizer
 * (beckon-tsan-private.h), which cannot see GLib's futexes.
 *
 * The notification server may be replaced while we run, and a click may be
 * closed late by a server that reuses ids: beckon-notify-worker-owner.c
 * follows the server's owner and the closes it announced.
 *
 * Inside Flatpak (or with NOTIFY_FORCE_PORTAL set) libnotify talks to the
 * notification portal instead, if one answers, and says so by naming the
 * server "Portal Notification".  The portal never says a notification
 * expired or was dismissed; it removes one whose action was invoked, and
 * libnotify reports that as a *dismissed* close.  On that path the worker
 * reports such a close as BECKON_NOTIFY_CLOSED_BY_ACTION.  The daemon
 * behind the portal is none of our business, but the portal itself
 * (org.freedesktop.portal.Desktop) may restart like a daemon, forgetting
 * what it showed: on that path its owner is the one followed, the same way
 * (libnotify's portal proxy follows the name by itself too).
 * libnotify 0.8.1 never clears a NotifyNotification's closed reason, so one
 * that was closed would never say "closed" again: a slot shows whatever
 * comes after a close as a new NotifyNotification.
 */

#include "config.h"

#include "beckon-notify-worker-state-private.h"

#include "beckon-tsan-private.h"

#include <glib/gi18n.h>

/* libnotify keeps its proxy, app name and list of notifications in globals:
 * two workers using it at once would race.  A worker holds this from
 * notify_init() to notify_uninit(), so a new notifier's worker waits (on its
 * own thread, never on the caller's) for an old one still finishing a slow
 * call. */
static GMutex libnotify_lock;

/* ------------------------------------------------------------------ */
/* Messages between the two halves                                     */

void
beckon_notify_content_free (BeckonNotifyContent *content)
{
  g_free (content->summary);
  g_free (content->body);
  g_free (content);
}

/* What the notification shows, to skip a Notify that would change nothing. */
char *
beckon_notify_content_signature (const BeckonNotifyContent *content)
{
  return g_strdup_printf ("%s\x1f%s\x1f%s\x1f%d\x1f%d\x1f%d\x1f%d\x1f%d\x1f%d",
                          content->summary, content->body != NULL ? content->body : "",
                          content->category, content->urgency, content->timeout,
                          content->accept, content->decline, content->resident, content->reply);
}

struct _SyncPoint
{
  gatomicrefcount ref_count;
  GMutex          lock;
  GCond           cond;
  gboolean        done;
};

static SyncPoint *
sync_point_new (void)
{
  SyncPoint *sync = g_new0 (SyncPoint, 1);

  g_atomic_ref_count_init (&sync->ref_count);
  g_mutex_init (&sync->lock);
  g_cond_init (&sync->cond);
  return sync;
}

static SyncPoint *
sync_point_ref (SyncPoint *sync)
{
  g_atomic_ref_count_inc (&sync->ref_count);
  return sync;
}

static void
sync_point_unref (SyncPoint *sync)
{
  BECKON_TSAN_RELEASE (&sync->ref_count);
  if (!g_atomic_ref_count_dec (&sync->ref_count))
    return;
  BECKON_TSAN_ACQUIRE (&sync->ref_count);
  g_mutex_clear (&sync->lock);
  g_cond_clear (&sync->cond);
  g_free (sync);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncPoint, sync_point_unref)

static void
sync_point_signal (SyncPoint *sync)
{
  beckon_mutex_lock (&sync->lock);
  sync->done = TRUE;
  g_cond_broadcast (&sync->cond);
  beckon_mutex_unlock (&sync->lock);
}

static gboolean
sync_point_wait (SyncPoint *sync,
                 gint64     timeout_us)
{
  gint64   deadline = g_get_monotonic_time () + timeout_us;
  gboolean done;

  beckon_mutex_lock (&sync->lock);
  while (!sync->done)
    if (!beckon_cond_wait_until (&sync->cond, &sync->lock, deadline))
      break;
  done = sync->done;
  beckon_mutex_unlock (&sync->lock);
  return done;
}

typedef enum {
  COMMAND_SHOW,
  COMMAND_CLOSE,  /* CloseNotification, then forget */
  COMMAND_FORGET, /* the server closed it already: drop it */
  COMMAND_CLOSE_ALL,
  COMMAND_QUIT,
} CommandType;

/* ------------------------------------------------------------------ */
/* The worker (its thread only, but for the fields said otherwise)     */

typedef struct
{
  BeckonNotifyWorker  *worker;
  CommandType          type;
  guint                key;
  BeckonNotifyContent *content;
  SyncPoint           *sync;
} Command;

typedef struct
{
  BeckonNotifyWorker   *worker;
  BeckonNotifyEventType type;
  guint                 key;
  char                 *action;
  int                   reason;
} Event;

static BeckonNotifyWorker *
worker_ref (BeckonNotifyWorker *worker)
{
  g_atomic_ref_count_inc (&worker->ref_count);
  return worker;
}

void
beckon_notify_worker_unref (BeckonNotifyWorker *worker)
{
  BECKON_TSAN_RELEASE (&worker->ref_count);
  if (!g_atomic_ref_count_dec (&worker->ref_count))
    return;
  BECKON_TSAN_ACQUIRE (&worker->ref_count);
  g_assert (worker->thread == NULL);
  g_clear_pointer (&worker->slots, g_hash_table_unref);
  g_free (worker->owner);
  g_free (worker->announced_server);
  g_free (worker->announced_portal);
  g_hash_table_unref (worker->heard_closed);
  g_mutex_clear (&worker->owners_lock);
  g_main_loop_unref (worker->loop);
  g_main_context_unref (worker->context);
  g_main_context_unref (worker->caller_context);
  g_free (worker->app_name);
  g_free (worker->desktop_entry);
  g_free (worker->icon_name);
  sync_point_unref (worker->finished);
  g_free (worker);
}

static void
event_free (Event *event)
{
  BECKON_TSAN_ACQUIRE (event);
  beckon_notify_worker_unref (event->worker);
  g_free (event->action);
  g_free (event);
}

/* On the caller's context. */
static gboolean
event_dispatch_cb (gpointer user_data)
{
  Event *event = user_data;

  BECKON_TSAN_ACQUIRE (event);
  if (event->worker->func != NULL)
    event->worker->func (event->type, event->key, event->action, event->reason, event->worker->user_data);
  return G_SOURCE_REMOVE;
}

void
beckon_notify_worker_post_event (BeckonNotifyWorker   *worker,
                                 BeckonNotifyEventType type,
                                 guint                 key,
                                 const char           *action,
                                 int                   reason)
{
  Event *event = g_new0 (Event, 1);

  event->worker = worker_ref (worker);
  event->type = type;
  event->key = key;
  event->action = g_strdup (action);
  event->reason = reason;
  BECKON_TSAN_RELEASE (event);
  g_main_context_invoke_full (worker->caller_context, G_PRIORITY_DEFAULT,
                              event_dispatch_cb, event, (GDestroyNotify) event_free);
}

static void
slot_action_cb (NotifyNotification *notification,
                char               *action,
                gpointer            user_data)
{
  Slot *slot = user_data;

  slot->acting = TRUE;
  beckon_notify_worker_post_event (slot->worker, BECKON_NOTIFY_EVENT_ACTION, slot->key, action, 0);
}

static void
slot_closed_cb (NotifyNotification *notification,
                gpointer            user_data)
{
  Slot *slot = user_data;
  int   reason = notify_notification_get_closed_reason (notification);

  if (slot->acting && g_atomic_int_get (&slot->worker->on_portal))
    reason = BECKON_NOTIFY_CLOSED_BY_ACTION;
  slot->acting = FALSE;
  slot->wanted = FALSE;
  beckon_notify_worker_post_event (slot->worker, BECKON_NOTIFY_EVENT_CLOSED, slot->key, NULL, reason);
}

void
beckon_notify_slot_drop_notification (Slot *slot)
{
  /* The actions' user data is this slot: take them away with it. */
  g_signal_handlers_disconnect_by_data (slot->notification, slot);
  notify_notification_clear_actions (slot->notification);
  g_clear_object (&slot->notification);
}

void
beckon_notify_slot_new_notification (Slot *slot)
{
  slot->notification = notify_notification_new (slot->content->summary, NULL, slot->worker->icon_name);
  g_signal_connect (slot->notification, "closed", G_CALLBACK (slot_closed_cb), slot);
}

static void
slot_free (Slot *slot)
{
  beckon_notify_slot_drop_notification (slot);
  g_clear_pointer (&slot->content, beckon_notify_content_free);
  g_free (slot->shown_on);
  g_free (slot);
}

/* The capabilities, once: a server without "actions" gets no buttons, one
 * with "body-markup" gets its body escaped.  Asked again only while no server
 * has answered. */
void
beckon_notify_worker_ensure_caps (BeckonNotifyWorker *worker)
{
  g_autofree char *name = NULL;
  g_autofree char *spec = NULL;
  GList           *caps;
  gboolean         has_actions = FALSE;
  gboolean         has_markup = FALSE;

  if (g_atomic_int_get (&worker->caps_known))
    return;

  /* notify_get_server_caps() warns when there is no server at all; this
   * fails quietly instead. */
  if (!notify_get_server_info (&name, NULL, NULL, &spec))
    {
      g_debug ("No notification server");
      return;
    }

  caps = notify_get_server_caps ();
  for (GList *l = caps; l != NULL; l = l->next)
    {
      if (g_str_equal (l->data, "actions"))
        has_actions = TRUE;
      else if (g_str_equal (l->data, "body-markup"))
        has_markup = TRUE;
    }
  g_list_free_full (caps, g_free);

  g_debug ("Notification server %s (spec %s): actions %d, body-markup %d",
           name, spec, has_actions, has_markup);
  /* libnotify's own name for the portal path. */
  g_atomic_int_set (&worker->on_portal, g_strcmp0 (name, "Portal Notification") == 0);
  g_atomic_int_set (&worker->has_actions, has_actions);
  g_atomic_int_set (&worker->has_markup, has_markup);
  g_atomic_int_set (&worker->caps_known, TRUE);
  beckon_notify_worker_post_event (worker, BECKON_NOTIFY_EVENT_CAPS, 0, NULL, 0);
}

static void
slot_apply (Slot                      *slot,
            const BeckonNotifyContent *content)
{
  BeckonNotifyWorker *worker = slot->worker;
  NotifyNotification *notification = slot->notification;
  g_autofree char    *body = NULL;

  if (content->body != NULL && content->body[0] != '\0')
    body = g_atomic_int_get (&worker->has_markup) ? g_markup_escape_text (content->body, -1)
                                                  : g_strdup (content->body);

  notify_notification_update (notification, content->summary, body, worker->icon_name);
  notify_notification_set_hint (notification, "desktop-entry", g_variant_new_string (worker->desktop_entry));
  notify_notification_set_hint (notification, "category", g_variant_new_string (content->category));
  notify_notification_set_urgency (notification, content->urgency);
  notify_notification_set_hint (notification, "resident",
                                content->resident ? g_variant_new_boolean (TRUE) : NULL);
  notify_notification_set_hint (notification, "sound-name",
                                content->sound ? g_variant_new_string ("message-new-instant") : NULL);
  notify_notification_set_hint (notification, "suppress-sound",
                                content->suppress_sound ? g_variant_new_boolean (TRUE) : NULL);
  notify_notification_set_timeout (notification, content->timeout);

  notify_notification_clear_actions (notification);
  /* libnotify sends actions whatever the server supports: check ourselves. */
  if (g_atomic_int_get (&worker->has_actions))
    {
      if (content->accept)
        notify_notification_add_action (notification, "accept",
                                        content->accept_label != NULL ? content->accept_label : _ ("Accept"),
                                        slot_action_cb, slot, NULL);
      if (content->decline)
        notify_notification_add_action (notification, "decline", _ ("Decline"), slot_action_cb, slot, NULL);
      if (content->reply)
        /* Translators: the button of a missed chat's notification that
         * starts a chat with the person who invited */
        notify_notification_add_action (notification, "reply", _ ("Reply"), slot_action_cb, slot, NULL);
    }
  /* Translators: the label of a click on the notification itself; most
   * servers do not show it */
  notify_notification_add_action (notification, "default", _ ("Open"), slot_action_cb, slot, NULL);
}

guint
beckon_notify_slot_get_id (Slot *slot)
{
  guint id = 0;

  g_object_get (slot->notification, "id", &id, NULL);
  return id;
}

/* Returns: whether the server took it. */
gboolean
beckon_notify_slot_show (Slot *slot)
{
  BeckonNotifyWorker *worker = slot->worker;
  g_autoptr (GError)  error = NULL;

  slot_apply (slot, slot->content);
  slot->sticky = slot->content->accept || slot->content->decline || slot->content->timeout == NOTIFY_EXPIRES_NEVER;
  slot->wanted = TRUE;
  g_atomic_int_inc (&worker->n_shown);
  /* Not a g_warning: the invitation itself is in the window whatever the
   * notification server does. */
  if (!notify_notification_show (slot->notification, &error))
    {
      g_message ("Could not show a notification: %s", error->message);
      /* Never on screen, so the server will never say it closed: one that
       * ends by itself (a "Missed…" notice) would be kept forever.  The
       * caller forgets it as if it had expired. */
      if (!slot->sticky)
        {
          slot->wanted = FALSE;
          beckon_notify_worker_post_event (worker, BECKON_NOTIFY_EVENT_CLOSED, slot->key, NULL, NOTIFY_CLOSED_REASON_UNSET);
        }
      return FALSE;
    }
  g_free (slot->shown_on);
  slot->shown_on = g_strdup (worker->owner);
  /* Shown under this id now: a close heard for it before is history. */
  beckon_notify_worker_forget_heard_close (worker, beckon_notify_slot_get_id (slot));
  g_debug ("Notification %u shows \"%s\" (server id %u)", slot->key, slot->content->summary, beckon_notify_slot_get_id (slot));
  return TRUE;
}

/* Takes @content. */
static void
worker_show (BeckonNotifyWorker  *worker,
             guint                key,
             BeckonNotifyContent *content)
{
  g_autofree char *owner = NULL;
  Slot            *slot;

  beckon_notify_worker_ensure_caps (worker);
  /* Before the new server (or portal) gets this one, so it gets it once. */
  owner = beckon_notify_worker_dup_owner (worker);
  beckon_notify_worker_follow_owner (worker, owner);

  slot = g_hash_table_lookup (worker->slots, GUINT_TO_POINTER (key));
  if (slot == NULL)
    {
      slot = g_new0 (Slot, 1);
      slot->worker = worker;
      slot->key = key;
      g_hash_table_insert (worker->slots, GUINT_TO_POINTER (key), slot);
    }
  g_clear_pointer (&slot->content, beckon_notify_content_free);
  slot->content = content;
  if (slot->acting && slot->notification != NULL && beckon_notify_slot_was_closed_by_click (slot))
    beckon_notify_slot_drop_notification (slot);
  if (slot->notification != NULL &&
      notify_notification_get_closed_reason (slot->notification) != NOTIFY_CLOSED_REASON_UNSET)
    beckon_notify_slot_drop_notification (slot);
  if (slot->notification == NULL)
    beckon_notify_slot_new_notification (slot);
  slot->acting = FALSE;

  /* No server a moment ago: this Notify may have D-Bus-activated one,
   * whose name the filter has seen by now (the bus announced it before it
   * passed the call on), and it went to that one. */
  if (beckon_notify_slot_show (slot) && owner == NULL)
    {
      g_autofree char *started = beckon_notify_worker_dup_owner (worker);

      g_free (slot->shown_on);
      slot->shown_on = g_strdup (started);
      beckon_notify_worker_follow_owner (worker, started);
    }
}

static void
worker_close (BeckonNotifyWorker *worker,
              guint               key,
              gboolean            on_server)
{
  g_autoptr (GError) error = NULL;
  Slot              *slot;

  slot = g_hash_table_lookup (worker->slots, GUINT_TO_POINTER (key));
  if (slot == NULL)
    return;

  g_debug ("Notification %u goes (server id %u%s)", key, beckon_notify_slot_get_id (slot), on_server ? "" : ", closed already");
  /* libnotify resets the id to 0 once the server said it closed it. */
  if (on_server && beckon_notify_slot_get_id (slot) != 0 &&
      !notify_notification_close (slot->notification, &error))
    g_message ("Could not close a notification: %s", error->message);

  g_hash_table_remove (worker->slots, GUINT_TO_POINTER (key));
}

static void
worker_close_all (BeckonNotifyWorker *worker,
                  gboolean            only_sticky)
{
  g_autoptr (GList) keys = g_hash_table_get_keys (worker->slots);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      Slot *slot = g_hash_table_lookup (worker->slots, l->data);

      worker_close (worker, GPOINTER_TO_UINT (l->data), !only_sticky || slot->sticky);
    }
}

static void
command_free (Command *command)
{
  BECKON_TSAN_ACQUIRE (command);
  beckon_notify_worker_unref (command->worker);
  g_clear_pointer (&command->content, beckon_notify_content_free);
  g_clear_pointer (&command->sync, sync_point_unref);
  g_free (command);
}

/* On the worker's context. */
static gboolean
command_dispatch_cb (gpointer user_data)
{
  Command            *command = user_data;
  BeckonNotifyWorker *worker;

  BECKON_TSAN_ACQUIRE (command);
  worker = command->worker;
  switch (command->type)
    {
    case COMMAND_SHOW:
      worker_show (worker, command->key, g_steal_pointer (&command->content));
      break;

    case COMMAND_CLOSE:
      worker_close (worker, command->key, TRUE);
      break;

    case COMMAND_FORGET:
      worker_close (worker, command->key, FALSE);
      break;

    case COMMAND_CLOSE_ALL:
      worker_close_all (worker, FALSE);
      break;

    case COMMAND_QUIT:
      g_main_loop_quit (worker->loop);
      break;

    default:
      g_assert_not_reached ();
    }

  if (command->sync != NULL)
    sync_point_signal (command->sync);
  return G_SOURCE_REMOVE;
}

/* From the caller's thread. */
static void
worker_post (BeckonNotifyWorker  *worker,
             CommandType          type,
             guint                key,
             BeckonNotifyContent *content,
             SyncPoint           *sync)
{
  Command *command = g_new0 (Command, 1);

  command->worker = worker_ref (worker);
  command->type = type;
  command->key = key;
  command->content = content;
  command->sync = sync != NULL ? sync_point_ref (sync) : NULL;
  BECKON_TSAN_RELEASE (command);
  g_main_context_invoke_full (worker->context, G_PRIORITY_DEFAULT,
                              command_dispatch_cb, command, (GDestroyNotify) command_free);
}

static gpointer
worker_thread (gpointer user_data)
{
  BeckonNotifyWorker *worker = user_data;

  beckon_mutex_lock (&libnotify_lock);
  /* Before notify_init() and any NotifyNotification: libnotify's proxy, and
   * so every signal it delivers, belongs to the thread-default context at
   * the time it is created. */
  g_main_context_push_thread_default (worker->context);

  notify_init (worker->app_name);
  beckon_notify_worker_ensure_caps (worker);

  worker->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (worker->bus != NULL)
    {
      beckon_notify_worker_watch_owners (worker);
    }

  g_main_loop_run (worker->loop);

  beckon_notify_worker_unwatch_owners (worker);

  /* What still has buttons (or never expires) would outlive the app that
   * answers it.  Our notifications go before notify_uninit(): libnotify
   * 0.8.1 disposes the ones it knows of there, and disposing one again later
   * trips over the proxy it dropped. */
  worker_close_all (worker, TRUE);
  notify_uninit ();
  while (g_main_context_iteration (worker->context, FALSE))
    ;
  /* The filter reads the worker: not gone before GDBus is done with it. */
  while (worker->filtering)
    g_main_context_iteration (worker->context, TRUE);
  g_clear_object (&worker->bus);

  g_main_context_pop_thread_default (worker->context);
  beckon_mutex_unlock (&libnotify_lock);

  sync_point_signal (worker->finished);

  beckon_notify_worker_unref (worker);
  return NULL;
}

/**
 * beckon_notify_worker_new:
 * @app_name: the application's name, for the notification server
 * @desktop_entry: the desktop entry (app id), also the icon name
 * @func: called with each event, on the caller's thread-default context
 * @user_data: for @func
 *
 * Starts the worker thread.
 */
BeckonNotifyWorker *
beckon_notify_worker_new (const char           *app_name,
                          const char           *desktop_entry,
                          BeckonNotifyEventFunc func,
                          gpointer              user_data)
{
  BeckonNotifyWorker *worker = g_new0 (BeckonNotifyWorker, 1);

  g_atomic_ref_count_init (&worker->ref_count);
  g_mutex_init (&worker->owners_lock);
  worker->heard_closed = g_hash_table_new (NULL, NULL);
  worker->finished = sync_point_new ();
  worker->context = g_main_context_new ();
  worker->loop = g_main_loop_new (worker->context, FALSE);
  worker->caller_context = g_main_context_ref_thread_default ();
  worker->app_name = g_strdup (app_name);
  worker->desktop_entry = g_strdup (desktop_entry);
  /* The app's icon is named after its desktop entry (its app id). */
  worker->icon_name = g_strdup (desktop_entry);
  worker->slots = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) slot_free);
  worker->func = func;
  worker->user_data = user_data;

  worker->thread = g_thread_new ("beckon-notifier", worker_thread, worker_ref (worker));
  return worker;
}

/* Shows (or updates in place) notification @key. */
void
beckon_notify_worker_show (BeckonNotifyWorker  *worker,
                           guint                key,
                           BeckonNotifyContent *content)
{
  worker_post (worker, COMMAND_SHOW, key, content, NULL);
}

/* Withdraws notification @key from the server, then forgets it. */
void
beckon_notify_worker_close (BeckonNotifyWorker *worker,
                            guint               key)
{
  worker_post (worker, COMMAND_CLOSE, key, NULL, NULL);
}

/* The server closed notification @key already: only forgets it. */
void
beckon_notify_worker_forget (BeckonNotifyWorker *worker,
                             guint               key)
{
  worker_post (worker, COMMAND_FORGET, key, NULL, NULL);
}

/* Withdraws every notification, waiting for the server no longer than
 * @timeout_us.  Returns: FALSE if the worker did not finish in time (it is
 * stuck in a call to an unresponsive server). */
gboolean
beckon_notify_worker_close_all (BeckonNotifyWorker *worker,
                                gint64              timeout_us)
{
  g_autoptr (SyncPoint) sync = sync_point_new ();

  worker_post (worker, COMMAND_CLOSE_ALL, 0, NULL, sync);
  return sync_point_wait (sync, timeout_us);
}

/* From the caller's thread: no event is delivered afterwards.  Waits a
 * bounded time; a worker stuck in a call to an unresponsive server is left
 * to finish (and clean up) on its own. */
void
beckon_notify_worker_stop (BeckonNotifyWorker *worker,
                           gint64              timeout_us)
{
  if (worker->thread == NULL)
    return;

  worker->func = NULL;
  worker->user_data = NULL;
  worker_post (worker, COMMAND_QUIT, 0, NULL, NULL);

  if (sync_point_wait (worker->finished, timeout_us))
    g_thread_join (worker->thread);
  else
    {
      g_message ("The notification server does not answer: not waiting for it");
      g_thread_unref (worker->thread);
    }
  worker->thread = NULL;
}

gboolean
beckon_notify_worker_get_caps_known (BeckonNotifyWorker *worker)
{
  return g_atomic_int_get (&worker->caps_known);
}

gboolean
beckon_notify_worker_get_has_actions (BeckonNotifyWorker *worker)
{
  return g_atomic_int_get (&worker->has_actions);
}

/* Whether libnotify talks to the notification portal: no closes but those
 * of actions.  Valid once the capabilities are known. */
gboolean
beckon_notify_worker_get_on_portal (BeckonNotifyWorker *worker)
{
  return g_atomic_int_get (&worker->on_portal);
}

guint
beckon_notify_worker_get_n_shown (BeckonNotifyWorker *worker)
{
  return (guint) g_atomic_int_get (&worker->n_shown);
}

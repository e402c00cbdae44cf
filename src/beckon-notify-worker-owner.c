/* beckon-notify-worker-owner.c: which notification server shows the
 * worker's notifications, and what it said it closed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The notification server may be replaced while we run (GNOME Shell
 * restarts, a daemon crashes and is D-Bus-activated again): whatever it
 * showed is gone, and it sends no NotificationClosed for it.  The worker
 * watches org.freedesktop.Notifications (on its own context, the watch is
 * its thread's like everything libnotify does) and, when a new owner
 * appears, reads the capabilities again and shows every notification that
 * must not end by itself (what still rings) once more; the ones that would
 * have expired are reported closed.  Each slot remembers the owner it was
 * last shown on, so a re-show reaches each owner once.
 *
 * Which owner is current is not asked of the bus before each Notify (one
 * more round trip on the way to every popup): a filter on the connection
 * reads the watch's NameOwnerChanged signals as they arrive, in the order
 * the bus sent them, before the watch's callback is dispatched here and
 * before any later reply is handed back.  So before a Notify the worker
 * knows of every change the bus announced, and once a Notify to a server
 * that was just D-Bus-activated returns, it knows that server's name too.
 * (A change still on its way to us as a Notify leaves is the window a
 * GetNameOwner before it had as well.)  libnotify 0.8.1 keeps its proxy and
 * the server's spec version until notify_uninit(): the proxy follows the
 * name to its new owner by itself (GDBusProxy takes signals only from the
 * current owner), and the spec version only names the image hint, which we
 * do not send, so libnotify is not re-initialised.  What must not survive
 * is a NotifyNotification's id: the new server hands out ids afresh, and a
 * stale id sent as replaces_id could replace another application's
 * notification, so each one is shown again as a new NotifyNotification.
 *
 * Which thread owns what: as in beckon-notify-worker.c; the owner filter
 * runs on GDBus's thread and writes only what owners_lock guards.
 */

#include "config.h"

#include "beckon-notify-worker-state-private.h"

#include "beckon-tsan-private.h"

/* The name whose owner shows our notifications. */
static const char *
worker_server_name (BeckonNotifyWorker *worker)
{
  return g_atomic_int_get (&worker->on_portal) ? NOTIFY_PORTAL_NAME : NOTIFY_SERVER_NAME;
}

/* On GDBus's thread, for every message in the order it arrives: the
 * NameOwnerChanged signals the name watches asked for. */
static GDBusMessage *
owner_filter (GDBusConnection *connection,
              GDBusMessage    *message,
              gboolean         incoming,
              gpointer         user_data)
{
  BeckonNotifyWorker *worker = user_data;
  GVariant           *body;
  const char         *name = NULL;
  const char         *new_owner = NULL;

  if (incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_SIGNAL &&
      g_strcmp0 (g_dbus_message_get_interface (message), NOTIFY_SERVER_NAME) == 0 &&
      g_strcmp0 (g_dbus_message_get_member (message), "NotificationClosed") == 0)
    {
      guint32 id = 0;

      body = g_dbus_message_get_body (message);
      if (body != NULL && g_variant_is_of_type (body, G_VARIANT_TYPE ("(uu)")))
        {
          g_variant_get (body, "(uu)", &id, NULL);
          beckon_mutex_lock (&worker->owners_lock);
          /* Bounded: only the ids of notifications shown since matter. */
          if (g_hash_table_size (worker->heard_closed) >= 256)
            g_hash_table_remove_all (worker->heard_closed);
          g_hash_table_add (worker->heard_closed, GUINT_TO_POINTER (id));
          beckon_mutex_unlock (&worker->owners_lock);
        }
      return message;
    }
  if (!incoming || g_dbus_message_get_message_type (message) != G_DBUS_MESSAGE_TYPE_SIGNAL ||
      g_strcmp0 (g_dbus_message_get_sender (message), "org.freedesktop.DBus") != 0 ||
      g_strcmp0 (g_dbus_message_get_interface (message), "org.freedesktop.DBus") != 0 ||
      g_strcmp0 (g_dbus_message_get_member (message), "NameOwnerChanged") != 0)
    return message;
  body = g_dbus_message_get_body (message);
  if (body == NULL || !g_variant_is_of_type (body, G_VARIANT_TYPE ("(sss)")))
    return message;
  g_variant_get (body, "(&s&s&s)", &name, NULL, &new_owner);

  beckon_mutex_lock (&worker->owners_lock);
  if (g_str_equal (name, NOTIFY_SERVER_NAME))
    {
      g_free (worker->announced_server);
      worker->announced_server = new_owner[0] != '\0' ? g_strdup (new_owner) : NULL;
      worker->server_announced = TRUE;
    }
  else if (g_str_equal (name, NOTIFY_PORTAL_NAME))
    {
      g_free (worker->announced_portal);
      worker->announced_portal = new_owner[0] != '\0' ? g_strdup (new_owner) : NULL;
      worker->portal_announced = TRUE;
    }
  beckon_mutex_unlock (&worker->owners_lock);
  return message;
}

/* On the worker's thread: in g_dbus_connection_remove_filter(), or, if the
 * filter was running then, from our context once it has returned. */
static void
owner_filter_gone (gpointer user_data)
{
  BeckonNotifyWorker *worker = user_data;

  worker->filtering = FALSE;
}

/* Once, as the watches start: the owner of @name asked of the bus, unless a
 * NameOwnerChanged (newer than the answer, or the same) came meanwhile. */
static void
worker_seed_owner (BeckonNotifyWorker *worker,
                   const char         *name,
                   char              **announced,
                   gboolean           *was_announced)
{
  g_autoptr (GVariant) reply = NULL;
  const char          *owner = NULL;

  reply = g_dbus_connection_call_sync (worker->bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetNameOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(s)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(&s)", &owner);
  beckon_mutex_lock (&worker->owners_lock);
  if (!*was_announced)
    *announced = g_strdup (owner);
  beckon_mutex_unlock (&worker->owners_lock);
}

/* The unique name of the server (or the portal) as the bus announced it so
 * far (NULL if there is none): no round trip. */
char *
beckon_notify_worker_dup_owner (BeckonNotifyWorker *worker)
{
  char *owner;

  beckon_mutex_lock (&worker->owners_lock);
  owner = g_strdup (g_atomic_int_get (&worker->on_portal) ? worker->announced_portal : worker->announced_server);
  beckon_mutex_unlock (&worker->owners_lock);
  return owner;
}

/* A server we have not shown anything on owns the name now: everything
 * the old one showed is gone. */
void
beckon_notify_worker_follow_owner (BeckonNotifyWorker *worker,
                                   const char         *owner)
{
  g_autoptr (GList) keys = NULL;

  if (owner == NULL || g_strcmp0 (owner, worker->owner) == 0)
    return;

  g_debug ("Notification server %s replaces %s: showing again what still rings",
           owner, worker->owner != NULL ? worker->owner : "none");
  g_free (worker->owner);
  worker->owner = g_strdup (owner);

  g_atomic_int_set (&worker->caps_known, FALSE);
  beckon_notify_worker_ensure_caps (worker);

  keys = g_hash_table_get_keys (worker->slots);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      Slot *slot = g_hash_table_lookup (worker->slots, l->data);

      /* Shown on it already (the Notify that started it): once is enough. */
      if (!slot->wanted || g_strcmp0 (slot->shown_on, owner) == 0)
        continue;
      if (!slot->sticky)
        {
          /* It would have gone by itself by now. */
          slot->wanted = FALSE;
          beckon_notify_worker_post_event (worker, BECKON_NOTIFY_EVENT_CLOSED, slot->key, NULL, NOTIFY_CLOSED_REASON_EXPIRED);
          continue;
        }
      beckon_notify_slot_drop_notification (slot);
      beckon_notify_slot_new_notification (slot);
      beckon_notify_slot_show (slot);
    }
}

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *name_owner,
                  gpointer         user_data)
{
  BeckonNotifyWorker *worker = user_data;
  g_autofree char    *owner = NULL;

  /* Both names are watched; only the one we show on matters.  The owner the
   * filter has seen is at least as new as @name_owner: a callback that comes
   * after a Notify already followed a newer one re-shows nothing on it. */
  if (g_strcmp0 (name, worker_server_name (worker)) != 0)
    return;
  owner = beckon_notify_worker_dup_owner (worker);
  beckon_notify_worker_follow_owner (worker, owner);
}

/* After a click, before a Notify that would replace the clicked
 * notification: did the server close it?  A server that does not keep a
 * resident notification closes it after the click, and may say so only
 * after we have asked to replace it; one that then gives the replacement
 * the same id (xfce4-notifyd 0.7 does) makes that late close look like the
 * replacement's, which then would never be closed.  A round trip to the
 * server first: what it announced before answering reaches the connection
 * before the answer, and owner_filter() has noted every close by then.  A
 * notification closed so is dropped (its late close goes nowhere) and what
 * comes next is a new one. */
gboolean
beckon_notify_slot_was_closed_by_click (Slot *slot)
{
  BeckonNotifyWorker *worker = slot->worker;
  guint               id = beckon_notify_slot_get_id (slot);
  gboolean            closed;

  if (id == 0 || g_atomic_int_get (&worker->on_portal))
    return FALSE;
  if (!notify_get_server_info (NULL, NULL, NULL, NULL))
    return FALSE;
  beckon_mutex_lock (&worker->owners_lock);
  closed = g_hash_table_remove (worker->heard_closed, GUINT_TO_POINTER (id));
  beckon_mutex_unlock (&worker->owners_lock);
  return closed;
}

/* On the worker's thread, before its loop runs. */
void
beckon_notify_worker_watch_owners (BeckonNotifyWorker *worker)
{
  /* The filter first, then the watches (whose match rules bring the
   * signals), then what the owners are: no change is missed between. */
  worker->filtering = TRUE;
  worker->filter_id = g_dbus_connection_add_filter (worker->bus, owner_filter, worker, owner_filter_gone);
  worker->watch_id = g_bus_watch_name_on_connection (worker->bus, NOTIFY_SERVER_NAME,
                                                     G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                     name_appeared_cb, NULL, worker, NULL);
  worker->portal_watch_id = g_bus_watch_name_on_connection (worker->bus, NOTIFY_PORTAL_NAME,
                                                            G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                            name_appeared_cb, NULL, worker, NULL);
  worker_seed_owner (worker, NOTIFY_SERVER_NAME, &worker->announced_server, &worker->server_announced);
  worker_seed_owner (worker, NOTIFY_PORTAL_NAME, &worker->announced_portal, &worker->portal_announced);
  worker->owner = beckon_notify_worker_dup_owner (worker);
}

/* On the worker's thread, once its loop has quit. */
void
beckon_notify_worker_unwatch_owners (BeckonNotifyWorker *worker)
{
  if (worker->watch_id != 0)
    g_bus_unwatch_name (worker->watch_id);
  if (worker->portal_watch_id != 0)
    g_bus_unwatch_name (worker->portal_watch_id);
  if (worker->filter_id != 0)
    g_dbus_connection_remove_filter (worker->bus, worker->filter_id);
}

/* Shown under @id now: a close heard for it before is history. */
void
beckon_notify_worker_forget_heard_close (BeckonNotifyWorker *worker,
                                         guint               id)
{
  beckon_mutex_lock (&worker->owners_lock);
  g_hash_table_remove (worker->heard_closed, GUINT_TO_POINTER (id));
  beckon_mutex_unlock (&worker->owners_lock);
}

/* beckon-notify-worker-state-private.h: the notification worker's state,
 * shared by the files that make up its thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only beckon-notify-worker.c (commands, slots, the thread) and
 * beckon-notify-worker-owner.c (the server's owner, the closes it
 * announced) include this; which thread owns each field is said below and
 * in beckon-notify-worker.c.
 */
#pragma once

#include "beckon-notify-worker-private.h"

#include <gio/gio.h>

G_BEGIN_DECLS

#define NOTIFY_SERVER_NAME "org.freedesktop.Notifications"
#define NOTIFY_PORTAL_NAME "org.freedesktop.portal.Desktop"

typedef struct _SyncPoint SyncPoint;

struct _BeckonNotifyWorker
{
  gatomicrefcount ref_count;

  /* Set before the thread starts, read-only afterwards. */
  GMainContext *context;
  GMainLoop    *loop;
  GMainContext *caller_context;
  char         *app_name;
  char         *desktop_entry;
  char         *icon_name;

  /* Written by the worker, read anywhere. */
  gint caps_known;
  gint has_actions;
  gint has_markup;
  gint on_portal;
  gint n_shown;

  /* The worker's thread only. */
  GHashTable      *slots; /* key → Slot */
  GDBusConnection *bus;   /* NULL without a session bus */
  guint            watch_id;
  guint            portal_watch_id;
  char            *owner; /* the server's (or portal's) unique name, as far as we know */
  guint            filter_id;
  gboolean         filtering; /* until GDBus has let go of the filter */

  /* The owners as the bus announced them so far (see owner_filter()). */
  GMutex      owners_lock;
  char       *announced_server;
  char       *announced_portal;
  gboolean    server_announced; /* a NameOwnerChanged came: newer than a GetNameOwner */
  gboolean    portal_announced;
  GHashTable *heard_closed; /* server ids a NotificationClosed named (see worker_show()) */

  /* The caller's thread only. */
  GThread              *thread;
  BeckonNotifyEventFunc func; /* NULL once stopped */
  gpointer              user_data;

  /* The thread says it has finished. */
  SyncPoint *finished;
};

typedef struct
{
  BeckonNotifyWorker  *worker;
  guint                key;
  NotifyNotification  *notification; /* our reference keeps its actions working */
  BeckonNotifyContent *content;      /* what it shows, to show it again on a new server */
  gboolean             sticky;       /* buttons or no timeout: must not outlive us */
  gboolean             wanted;       /* shown (or tried) and not closed since */
  gboolean             acting;       /* an action was invoked: the portal's close is its */
  char                *shown_on;     /* the owner its last Notify went to, as far as we know */
} Slot;

void     beckon_notify_worker_post_event (BeckonNotifyWorker   *worker,
                                          BeckonNotifyEventType type,
                                          guint                 key,
                                          const char           *action,
                                          int                   reason);
void     beckon_notify_worker_ensure_caps (BeckonNotifyWorker *worker);
void     beckon_notify_slot_drop_notification (Slot *slot);
void     beckon_notify_slot_new_notification (Slot *slot);
gboolean beckon_notify_slot_show (Slot *slot);
guint    beckon_notify_slot_get_id (Slot *slot);

void     beckon_notify_worker_watch_owners (BeckonNotifyWorker *worker);
void     beckon_notify_worker_unwatch_owners (BeckonNotifyWorker *worker);
char    *beckon_notify_worker_dup_owner (BeckonNotifyWorker *worker);
void     beckon_notify_worker_follow_owner (BeckonNotifyWorker *worker,
                                            const char         *owner);
gboolean beckon_notify_slot_was_closed_by_click (Slot *slot);
void     beckon_notify_worker_forget_heard_close (BeckonNotifyWorker *worker,
                                                  guint               id);

G_END_DECLS

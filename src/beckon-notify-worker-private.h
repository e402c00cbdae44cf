/* beckon-notify-worker-private.h: the thread that makes every libnotify call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Package-private: BeckonNotifier's other half (see beckon-notify-worker.c
 * for which thread owns what).  The caller's side only hands over copies
 * (BeckonNotifyContent) and gets copies back (events), both keyed by a
 * number the caller chooses; NotifyNotification objects never leave the
 * worker's thread.
 */
#pragma once

#include <glib.h>
#include <libnotify/notify.h>

G_BEGIN_DECLS

/* What one notification shows: plain strings, owned by whoever holds it. */
typedef struct
{
  char         *summary;
  char         *body; /* plain text; the worker escapes it for body-markup */
  const char   *category;
  NotifyUrgency urgency;
  gint          timeout;
  gboolean      accept;       /* an Accept button, if the server has actions */
  const char   *accept_label; /* its label (translated, static): "Join" for a meeting; NULL: "Accept" */
  gboolean      decline;      /* a Decline button, likewise */
  gboolean      reply;        /* a Reply button (a missed chat), likewise */
  gboolean      resident;
  gboolean      sound;          /* the "message-new-instant" sound */
  gboolean      suppress_sound; /* the server is asked to play none */
} BeckonNotifyContent;

void  beckon_notify_content_free (BeckonNotifyContent *content);
char *beckon_notify_content_signature (const BeckonNotifyContent *content);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeckonNotifyContent, beckon_notify_content_free)

typedef enum {
  BECKON_NOTIFY_EVENT_CAPS,   /* the server's capabilities are known */
  BECKON_NOTIFY_EVENT_ACTION, /* @action was invoked on notification @key */
  BECKON_NOTIFY_EVENT_CLOSED, /* the server closed notification @key (@reason) */
} BeckonNotifyEventType;

/* The reason of a close the notification portal makes when an action is
 * invoked (libnotify says "dismissed"): the notification is gone, but the
 * user did not dismiss it. */
#define BECKON_NOTIFY_CLOSED_BY_ACTION (-1)

/* Called on the thread-default main context of the caller of
 * beckon_notify_worker_new(), never after beckon_notify_worker_stop(). */
typedef void (*BeckonNotifyEventFunc) (BeckonNotifyEventType type,
                                       guint                 key,
                                       const char           *action,
                                       int                   reason,
                                       gpointer              user_data);

typedef struct _BeckonNotifyWorker BeckonNotifyWorker;

BeckonNotifyWorker *beckon_notify_worker_new (const char           *app_name,
                                              const char           *desktop_entry,
                                              BeckonNotifyEventFunc func,
                                              gpointer              user_data);
void                beckon_notify_worker_unref (BeckonNotifyWorker *worker);

/* Queued to the worker; none of them waits for the notification server. */
void beckon_notify_worker_show (BeckonNotifyWorker  *worker,
                                guint                key,
                                BeckonNotifyContent *content); /* takes @content */
void beckon_notify_worker_close (BeckonNotifyWorker *worker,
                                 guint               key);
void beckon_notify_worker_forget (BeckonNotifyWorker *worker,
                                  guint               key);

gboolean beckon_notify_worker_close_all (BeckonNotifyWorker *worker,
                                         gint64              timeout_us);
void     beckon_notify_worker_stop (BeckonNotifyWorker *worker,
                                    gint64              timeout_us);

/* Readable from any thread. */
gboolean beckon_notify_worker_get_caps_known (BeckonNotifyWorker *worker);
gboolean beckon_notify_worker_get_has_actions (BeckonNotifyWorker *worker);
gboolean beckon_notify_worker_get_on_portal (BeckonNotifyWorker *worker);
guint    beckon_notify_worker_get_n_shown (BeckonNotifyWorker *worker);

G_END_DECLS

/* fake-notification-server.h: an org.freedesktop.Notifications server for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The server runs in its own thread, with its own GMainContext and its own
 * GDBusConnection to the session bus: libnotify's calls are synchronous, so a
 * server sharing a thread (or a connection) with the code under test would
 * deadlock it.  Every function below is thread-safe and meant to be called
 * from the test's thread.
 *
 * Like notification-daemon, a Notify whose replaces_id names a notification
 * that is no longer open gets a new id; invoking an action closes a
 * notification (NotificationClosed, reason 2) unless it has the `resident`
 * hint (and the server honours it, the default).
 */

typedef struct _FakeNotificationServer FakeNotificationServer;

/* One Notify call as received (a copy: free with fake_notification_free). */
typedef struct
{
  guint32  id; /* the id the server answered */
  guint32  replaces_id;
  char    *app_name;
  char    *app_icon;
  char    *summary;
  char    *body;
  char   **actions; /* flat: key, label, key, label, … */
  char    *desktop_entry;
  char    *category;
  char    *image_path;
  char    *sound_name;
  gboolean suppress_sound;
  int      urgency; /* -1 when the hint is absent */
  gboolean resident;
  gint32   expire_timeout;
  gint64   received_us; /* g_get_monotonic_time () on the server's thread */
} FakeNotification;

void              fake_notification_free (FakeNotification *notification);
FakeNotification *fake_notification_copy (const FakeNotification *notification);
gboolean          fake_notification_has_action (const FakeNotification *notification,
                                                const char             *key);
guint             fake_notification_count_buttons (const FakeNotification *notification); /* actions but "default" */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeNotification, fake_notification_free)

typedef gboolean (*FakeNotificationCondition) (gpointer user_data);

FakeNotificationServer *fake_notification_server_new (void);
void                    fake_notification_server_free (FakeNotificationServer *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeNotificationServer, fake_notification_server_free)

/* Default: "actions", "body", "body-markup", "persistence". */
void fake_notification_server_set_capabilities (FakeNotificationServer *self,
                                                const char *const      *caps);
/* Every reply (not the work, not the signals) is sent this much later. */
void fake_notification_server_set_reply_delay (FakeNotificationServer *self,
                                               guint                   milliseconds);
void fake_notification_server_set_honor_resident (FakeNotificationServer *self,
                                                  gboolean                honor);
/* Like xfce4-notifyd 0.7 (with honor_resident FALSE): a click's close is
 * announced only when the next call comes in (before its reply), and a
 * Notify replacing a notification it closed after a click gets that id
 * back. */
void fake_notification_server_set_like_xfce4_notifyd (FakeNotificationServer *self,
                                                      gboolean                like);

/* Connects, owns org.freedesktop.Notifications; FALSE if the name is taken. */
gboolean                fake_notification_server_start (FakeNotificationServer *self,
                                                        GError                **error);
/* New and started, or the program ends saying why. */
FakeNotificationServer *fake_notification_server_new_started (void);
/* Answers what is pending with an error, releases the name, disconnects. */
void                    fake_notification_server_stop (FakeNotificationServer *self);

/* Iterates the caller's thread-default main context until @condition holds
 * (checked after each event there and after each call the server handles);
 * FALSE after @timeout_ms.  Wait for the very notification a test looks
 * at, not for a number of them: another one may come first. */
gboolean fake_notification_server_wait (FakeNotificationServer   *self,
                                        FakeNotificationCondition condition,
                                        gpointer                  user_data,
                                        guint                     timeout_ms);

guint             fake_notification_server_get_notify_count (FakeNotificationServer *self);
guint             fake_notification_server_get_close_count (FakeNotificationServer *self);
guint             fake_notification_server_get_caps_count (FakeNotificationServer *self);
guint             fake_notification_server_get_n_pending (FakeNotificationServer *self);
guint             fake_notification_server_get_n_answered (FakeNotificationServer *self);
/* (element-type FakeNotification) every Notify, oldest first */
GPtrArray        *fake_notification_server_get_notifications (FakeNotificationServer *self);
/* The ids CloseNotification was called with, in order. */
GArray           *fake_notification_server_get_closed_ids (FakeNotificationServer *self);
/* The latest Notify with this summary, or NULL. */
FakeNotification *fake_notification_server_find_by_summary (FakeNotificationServer *self,
                                                            const char             *summary);
/* What notification @id shows now (its latest Notify), or NULL. */
FakeNotification *fake_notification_server_get_current (FakeNotificationServer *self,
                                                        guint32                 id);
gboolean          fake_notification_server_is_open (FakeNotificationServer *self,
                                                    guint32                 id);
guint             fake_notification_server_count_open (FakeNotificationServer *self);

/* As a user would: emits ActionInvoked (then NotificationClosed reason 2
 * unless resident) from the server's thread.  FALSE if @id is not open. */
gboolean fake_notification_server_invoke_action (FakeNotificationServer *self,
                                                 guint32                 id,
                                                 const char             *action);
/* The user closes @id: NotificationClosed reason 2. */
gboolean fake_notification_server_dismiss (FakeNotificationServer *self,
                                           guint32                 id);
/* g_get_monotonic_time () when the last ActionInvoked was emitted; 0 if none. */
gint64   fake_notification_server_get_last_action_time (FakeNotificationServer *self);

G_END_DECLS

/* fake-notification-portal.h: an org.freedesktop.portal.Notification for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * What libnotify talks to inside Flatpak (and with NOTIFY_FORCE_PORTAL
 * set): org.freedesktop.portal.Desktop at /org/freedesktop/portal/desktop,
 * AddNotification, RemoveNotification, the ActionInvoked signal and the
 * version property.  Like the fake notification server it runs in its own
 * thread, with its own GMainContext and its own GDBusConnection (libnotify's
 * calls are synchronous), and every function below is thread-safe.
 *
 * Like the real portal it never says a notification expired or was
 * dismissed, and invoking an action (a button, or the body: its
 * default-action) removes the notification.  An AddNotification with an id
 * already shown replaces it.
 */

typedef struct _FakeNotificationPortal FakeNotificationPortal;

/* One AddNotification as received (a copy: free with fake_portal_notification_free). */
typedef struct
{
  char  *id;
  char  *title;
  char  *body;
  char  *default_action; /* NULL when absent */
  char  *priority;       /* NULL when absent */
  char **buttons;        /* the buttons' actions, in order */
} FakePortalNotification;

void     fake_portal_notification_free (FakePortalNotification *notification);
gboolean fake_portal_notification_has_button (const FakePortalNotification *notification,
                                              const char                   *action);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakePortalNotification, fake_portal_notification_free)

FakeNotificationPortal *fake_notification_portal_new (void);
void                    fake_notification_portal_free (FakeNotificationPortal *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeNotificationPortal, fake_notification_portal_free)

/* Connects, owns org.freedesktop.portal.Desktop; FALSE if the name is taken. */
gboolean fake_notification_portal_start (FakeNotificationPortal *self,
                                         GError                **error);
/* Releases the name, disconnects. */
void     fake_notification_portal_stop (FakeNotificationPortal *self);

guint                   fake_notification_portal_get_add_count (FakeNotificationPortal *self);
guint                   fake_notification_portal_get_remove_count (FakeNotificationPortal *self);
/* How many AddNotification calls had this title. */
guint                   fake_notification_portal_count_with_title (FakeNotificationPortal *self,
                                                                   const char             *title);
/* The latest AddNotification with this title, or NULL. */
FakePortalNotification *fake_notification_portal_find_by_title (FakeNotificationPortal *self,
                                                                const char             *title);
/* What notification @id shows now, or NULL if it is not shown. */
FakePortalNotification *fake_notification_portal_get_current (FakeNotificationPortal *self,
                                                              const char             *id);
gboolean                fake_notification_portal_is_open (FakeNotificationPortal *self,
                                                          const char             *id);
guint                   fake_notification_portal_count_open (FakeNotificationPortal *self);

/* As a user would: emits ActionInvoked from the portal's thread, then
 * removes the notification.  FALSE if @id is not shown. */
gboolean fake_notification_portal_invoke_action (FakeNotificationPortal *self,
                                                 const char             *id,
                                                 const char             *action);

G_END_DECLS

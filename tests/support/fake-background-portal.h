/* fake-background-portal.h: an org.freedesktop.portal.Background for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * What Beckon asks inside Flatpak to start at login:
 * org.freedesktop.portal.Desktop at /org/freedesktop/portal/desktop,
 * RequestBackground (parent_window, options), which returns the path of a
 * Request object (from the caller's unique name and its handle_token, as
 * the portal documentation says) and answers later with that object's
 * Response signal, sent to the caller alone as xdg-desktop-portal does.
 *
 * Unlike the fake notification server it needs no thread of its own: the
 * code under test calls it asynchronously.  It answers on the
 * thread-default main context it was started on, on a connection of its
 * own to the session bus.
 */

typedef struct _FakeBackgroundPortal FakeBackgroundPortal;

FakeBackgroundPortal *fake_background_portal_new (void);
void                  fake_background_portal_free (FakeBackgroundPortal *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeBackgroundPortal, fake_background_portal_free)

/* What the next requests are answered: a Response code (0 granted, 1 the
 * user refused, 2 another failure) and, with 0, the `autostart` result. */
void fake_background_portal_set_answer (FakeBackgroundPortal *self,
                                        guint32               response,
                                        gboolean              autostart);

/* Connects, owns org.freedesktop.portal.Desktop; FALSE if the name is taken. */
gboolean fake_background_portal_start (FakeBackgroundPortal *self,
                                       GError              **error);

guint       fake_background_portal_get_n_requests (FakeBackgroundPortal *self);
/* Of the last RequestBackground: */
const char *fake_background_portal_get_parent_window (FakeBackgroundPortal *self);
GVariant   *fake_background_portal_get_options (FakeBackgroundPortal *self); /* a{sv} */
const char *fake_background_portal_get_handle (FakeBackgroundPortal *self);  /* the Request's path */

G_END_DECLS

/* fake-desktop-portal.h: the other portals Beckon meets inside Flatpak, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * org.freedesktop.portal.Desktop at /org/freedesktop/portal/desktop with the
 * four portals the sandboxed app reaches without knowing it:
 *
 *  - FileChooser (GtkFileChooserNative, for the CA file): OpenFile
 *    answers, through a Request object's Response signal, with the file
 *    set by fake_desktop_portal_set_chosen_file() (or "cancelled" without);
 *  - Secret (libsecret's file backend): RetrieveSecret writes the
 *    application's 64-byte secret into the pipe it is given, then answers;
 *  - OpenURI (gtk_show_uri() through GLib, for a link in a message): OpenURI
 *    is recorded and answered as done;
 *  - NetworkMonitor (GLib's GNetworkMonitorPortal), version 3: GetStatus
 *    and the others say what fake_desktop_portal_set_network() set, and
 *    setting it emits `changed`.
 *
 * The Notification and Background portals have fakes of their own
 * (fake-notification-portal.h, support/fake-background-portal.h).  Like the fake
 * notification portal this one runs in a thread of its own with its own
 * GMainContext and connection, since GLib asks the NetworkMonitor
 * synchronously; every function below is thread-safe.
 */

typedef struct _FakeDesktopPortal FakeDesktopPortal;

FakeDesktopPortal *fake_desktop_portal_new (void);
void               fake_desktop_portal_free (FakeDesktopPortal *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeDesktopPortal, fake_desktop_portal_free)

/* Connects, owns org.freedesktop.portal.Desktop; FALSE if the name is taken. */
gboolean fake_desktop_portal_start (FakeDesktopPortal *self,
                                    GError           **error);

/* The file the next OpenFile picks; NULL: the user cancels. */
void      fake_desktop_portal_set_chosen_file (FakeDesktopPortal *self,
                                               GFile             *file);
guint     fake_desktop_portal_get_n_open_file (FakeDesktopPortal *self);
/* Of the last OpenFile (free them): */
char     *fake_desktop_portal_get_open_file_parent (FakeDesktopPortal *self);
char     *fake_desktop_portal_get_open_file_title (FakeDesktopPortal *self);
GVariant *fake_desktop_portal_get_open_file_options (FakeDesktopPortal *self); /* a{sv} */

guint fake_desktop_portal_get_n_retrieve_secret (FakeDesktopPortal *self);

/* The last OpenURI's uri (free it) and how many there were. */
char *fake_desktop_portal_get_opened_uri (FakeDesktopPortal *self,
                                          guint             *n_calls);

void  fake_desktop_portal_set_network (FakeDesktopPortal *self,
                                       gboolean           available);
guint fake_desktop_portal_get_n_network_calls (FakeDesktopPortal *self);

G_END_DECLS

/* beckon-autostart.h: starting Beckon in the background at login
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Set in the environment, the Background portal is asked as inside
 * Flatpak (for tests, like libnotify's NOTIFY_FORCE_PORTAL). */
#define BECKON_AUTOSTART_FORCE_PORTAL_ENV "BECKON_FORCE_BACKGROUND_PORTAL"

#define BECKON_TYPE_AUTOSTART (beckon_autostart_get_type ())
G_DECLARE_FINAL_TYPE (BeckonAutostart, beckon_autostart, BECKON, AUTOSTART, GObject)

BeckonAutostart *beckon_autostart_new (void);
gboolean         beckon_autostart_get_uses_portal (BeckonAutostart *self);
const char      *beckon_autostart_get_file (BeckonAutostart *self);

void     beckon_autostart_set_enabled_async (BeckonAutostart    *self,
                                             gboolean            enabled,
                                             const char         *parent_window,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
gboolean beckon_autostart_set_enabled_finish (BeckonAutostart *self,
                                              GAsyncResult    *result,
                                              GError         **error);

G_END_DECLS

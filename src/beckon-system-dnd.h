/* beckon-system-dnd.h: GNOME's own Do Not Disturb, as the desktop says it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BECKON_TYPE_SYSTEM_DND (beckon_system_dnd_get_type ())
G_DECLARE_FINAL_TYPE (BeckonSystemDnd, beckon_system_dnd, BECKON, SYSTEM_DND, GObject)

/* "active" (gboolean, read-only): org.gnome.desktop.notifications
 * show-banners is false.  Outside Flatpak read with GSettings (if the schema
 * is installed; FALSE forever if not), inside through the Settings portal
 * (org.freedesktop.portal.Settings ReadOne and SettingChanged). */
BeckonSystemDnd *beckon_system_dnd_new (void);
gboolean         beckon_system_dnd_get_active (BeckonSystemDnd *self);

G_END_DECLS

/* fake-bus-thread.h: a fake D-Bus service's thread and its name on the session bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A connection of its own to the session bus, the object at @path with
 * @xml's first interface, then @name (fake-bus-thread.c says how). */
gboolean fake_bus_service_own (const char                 *xml,
                               const char                 *path,
                               const char                 *name,
                               const GDBusInterfaceVTable *interface_vtable,
                               gpointer                    user_data,
                               GDBusConnection           **connection,
                               guint                      *registration_id,
                               GError                    **error);
void     fake_bus_service_disown (GDBusConnection **connection,
                                  guint            *registration_id);

/* On the service's thread: takes its name (FALSE and @error if it cannot),
 * and gives everything back. */
typedef gboolean (*FakeBusOwnFunc) (gpointer data,
                                    GError **error);
typedef void (*FakeBusDisownFunc) (gpointer data);

typedef struct _FakeBusThread FakeBusThread;

FakeBusThread *fake_bus_thread_start (const char       *name,
                                      GMainContext     *context,
                                      FakeBusOwnFunc    own,
                                      FakeBusDisownFunc disown,
                                      gpointer          data,
                                      GError          **error);
void           fake_bus_thread_stop (FakeBusThread *thread);

G_END_DECLS

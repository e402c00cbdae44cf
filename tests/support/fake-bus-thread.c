/* fake-bus-thread.c: a fake D-Bus service's thread and its name on the session bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the fake notification server and the fake portals share: each
 * answers on a thread of its own, so that a test whose own main context is
 * busy (or never iterated) still gets its calls answered as a real daemon
 * would.  Which thread owns what: the service's thread runs @context (the
 * fake's, pushed as its thread-default) and its loop, and owns the
 * connection; the starting thread owns the FakeBusThread and is the only
 * one to stop it.
 */

#include "config.h"

#include "fake-bus-thread.h"

#include "beckon-tsan-private.h"

struct _FakeBusThread
{
  /* Fixed while the thread runs. */
  GThread          *thread;
  GMainContext     *context;
  GMainLoop        *loop;
  FakeBusOwnFunc    own;
  FakeBusDisownFunc disown;
  gpointer          data;

  /* Until the thread started (successfully or not), under the lock. */
  GMutex   lock;
  GCond    cond;
  gboolean started;
  GError  *start_error;
};

/* For any fake service: a connection of its own to the session bus (not
 * the process-wide singleton, so that nothing of the code under test shares
 * it), the object at @path, then @name, failing loudly if it is taken
 * rather than queueing behind a real daemon.  On the service's thread, its
 * context pushed: method calls are dispatched there.  On failure whatever
 * was set up is left for fake_bus_service_disown(). */
gboolean
fake_bus_service_own (const char                 *xml,
                      const char                 *path,
                      const char                 *name,
                      const GDBusInterfaceVTable *interface_vtable,
                      gpointer                    user_data,
                      GDBusConnection           **connection,
                      guint                      *registration_id,
                      GError                    **error)
{
  g_autoptr (GDBusNodeInfo) info = NULL;
  g_autoptr (GVariant)      result = NULL;
  g_autofree char          *address = NULL;
  guint32                   code;

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, error);
  if (address == NULL)
    goto failed;
  *connection = g_dbus_connection_new_for_address_sync (address,
                                                        G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                          G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                        NULL, NULL, error);
  if (*connection == NULL)
    goto failed;
  g_dbus_connection_set_exit_on_close (*connection, FALSE);

  info = g_dbus_node_info_new_for_xml (xml, error);
  if (info == NULL)
    goto failed;
  *registration_id = g_dbus_connection_register_object (*connection, path, info->interfaces[0], interface_vtable,
                                                        user_data, NULL, error);
  if (*registration_id == 0)
    goto failed;

  /* DO_NOT_QUEUE (4). */
  result = g_dbus_connection_call_sync (*connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                        "org.freedesktop.DBus", "RequestName",
                                        g_variant_new ("(su)", name, 4),
                                        G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, error);
  if (result == NULL)
    goto failed;
  g_variant_get (result, "(u)", &code);
  if (code != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "%s is owned by someone else (RequestName: %u)",
                   name, code);
      return FALSE;
    }
  return TRUE;

failed:
  /* Which fake, at which step: the callers' messages only pass it on. */
  g_prefix_error (error, "%s at %s: ", name, path);
  return FALSE;
}

/* Closing drops the name (the bus releases it) and flushes what was sent.
 * A close that fails otherwise than on a connection closed already (the
 * bus dropped it, and the name with it) may leave the name owned and what
 * was sent unsent: the next fake to want the name would fail, or the code
 * under test miss a signal, far from the cause, so it stops the test here. */
void
fake_bus_service_disown (GDBusConnection **connection,
                         guint            *registration_id)
{
  g_autoptr (GError) error = NULL;

  if (*connection == NULL)
    return;
  if (*registration_id != 0)
    g_dbus_connection_unregister_object (*connection, *registration_id);
  *registration_id = 0;
  if (!g_dbus_connection_close_sync (*connection, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
    {
      g_prefix_error (&error, "Closing a fake D-Bus service's connection: ");
      g_assert_no_error (error);
    }
  g_clear_object (connection);
}

static gpointer
service_thread (gpointer user_data)
{
  FakeBusThread *self = user_data;
  GError        *error = NULL;
  gboolean       ok;

  g_main_context_push_thread_default (self->context);
  ok = self->own (self->data, &error);

  beckon_mutex_lock (&self->lock);
  self->started = TRUE;
  self->start_error = error;
  g_cond_broadcast (&self->cond);
  beckon_mutex_unlock (&self->lock);

  if (ok)
    g_main_loop_run (self->loop);

  /* Also after a failed start: own() leaves what it set up to this. */
  self->disown (self->data);
  /* Let GDBus's last idles (unregistration, closed connection) run here. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static void
thread_free (FakeBusThread *self)
{
  g_clear_error (&self->start_error);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

/**
 * fake_bus_thread_start:
 * @name: the thread's
 * @context: the service's, run by the thread
 * @own: takes the service's name, on the thread
 * @disown: gives it back when the thread stops, on the thread
 *
 * Returns once @own ran: the thread, or NULL (with @error, the thread
 * ended) if @own failed.
 */
FakeBusThread *
fake_bus_thread_start (const char       *name,
                       GMainContext     *context,
                       FakeBusOwnFunc    own,
                       FakeBusDisownFunc disown,
                       gpointer          data,
                       GError          **error)
{
  FakeBusThread *self = g_new0 (FakeBusThread, 1);
  gboolean       ok;

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_ref (context);
  self->loop = g_main_loop_new (context, FALSE);
  self->own = own;
  self->disown = disown;
  self->data = data;
  self->thread = g_thread_new (name, service_thread, self);

  beckon_mutex_lock (&self->lock);
  while (!self->started)
    beckon_cond_wait (&self->cond, &self->lock);
  ok = self->start_error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&self->start_error));
  beckon_mutex_unlock (&self->lock);

  if (ok)
    return self;
  /* A thread that could not start does not run its loop: it is ending. */
  g_thread_join (self->thread);
  thread_free (self);
  return NULL;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Quits the service's loop, lets it disown, and joins the thread. */
void
fake_bus_thread_stop (FakeBusThread *self)
{
  if (self == NULL)
    return;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, quit_cb, g_main_loop_ref (self->loop),
                              (GDestroyNotify) g_main_loop_unref);
  g_thread_join (self->thread);
  thread_free (self);
}

/* beckon-autostart.c: starting Beckon in the background at login
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two ways, one answer.  Outside Flatpak Beckon writes (or removes) its
 * own entry in $XDG_CONFIG_HOME/autostart/, from the autostart desktop
 * file compiled into its resources (translated like the desktop file, so
 * a session's list of start-up programs names it in the user's language);
 * the write is atomic (g_file_set_contents), on a worker thread.  Inside
 * Flatpak (/.flatpak-info exists) the sandbox cannot write there, and the
 * Background portal does it instead: RequestBackground with `autostart`,
 * answered through a Request object's Response signal, whose path is
 * subscribed to before the call (the handle-token pattern of the portal
 * documentation).  The portal may ask the user, who may refuse: that is
 * G_IO_ERROR_PERMISSION_DENIED, so that the caller can say what the
 * system answered.  Everything but the file's write runs on the caller's
 * thread-default main context.
 */

#include "config.h"

#include "beckon-autostart.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#define AUTOSTART_RESOURCE "/io/github/beckon/Beckon/autostart.desktop"
#define AUTOSTART_EXEC     "beckon --gapplication-service"

#define PORTAL_NAME      "org.freedesktop.portal.Desktop"
#define PORTAL_PATH      "/org/freedesktop/portal/desktop"
#define BACKGROUND_IFACE "org.freedesktop.portal.Background"
#define REQUEST_IFACE    "org.freedesktop.portal.Request"

/* org.freedesktop.portal.Request's Response codes. */
enum {
  RESPONSE_SUCCESS = 0,
  RESPONSE_CANCELLED = 1,
};

struct _BeckonAutostart
{
  GObject parent_instance;

  gboolean uses_portal;
  char    *file; /* outside Flatpak: the autostart entry */
};

G_DEFINE_FINAL_TYPE (BeckonAutostart, beckon_autostart, G_TYPE_OBJECT)

/* The file */

static gboolean
write_entry (const char *path,
             GError    **error)
{
  g_autoptr (GBytes) template = NULL;
  g_autoptr (GKeyFile) entry = g_key_file_new ();
  g_autofree char     *dir = g_path_get_dirname (path);

  template = g_resources_lookup_data (AUTOSTART_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (template == NULL)
    return FALSE;
  if (!g_key_file_load_from_bytes (entry, template, G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, error))
    return FALSE;
  /* Whatever the template says: these two make it start Beckon in the
   * background at login. */
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, AUTOSTART_EXEC);
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", TRUE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), _ ("Could not create %s: %s"), dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  /* Atomic: a crash leaves the old file or the new one, never half. */
  return g_key_file_save_to_file (entry, path, error);
}

static gboolean
remove_entry (const char *path,
              GError    **error)
{
  if (g_remove (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), _ ("Could not remove %s: %s"), path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static void
file_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  BeckonAutostart   *self = source_object;
  gboolean           enabled = GPOINTER_TO_INT (task_data);
  g_autoptr (GError) error = NULL;

  if (enabled ? write_entry (self->file, &error) : remove_entry (self->file, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* The Background portal */

typedef struct
{
  GDBusConnection *connection;
  char            *handle; /* the Request object that answers */
  guint            response_id;
  GSource         *cancelled_source;
  gboolean         enabled;
  char            *parent_window;
} PortalCall;

static void
portal_call_unsubscribe (PortalCall *call)
{
  if (call->response_id != 0)
    g_dbus_connection_signal_unsubscribe (call->connection, call->response_id);
  call->response_id = 0;
  if (call->cancelled_source != NULL)
    g_source_destroy (call->cancelled_source);
  g_clear_pointer (&call->cancelled_source, g_source_unref);
}

static void
portal_call_free (PortalCall *call)
{
  portal_call_unsubscribe (call);
  g_clear_object (&call->connection);
  g_free (call->handle);
  g_free (call->parent_window);
  g_free (call);
}

/* What the caller is told when no portal answered the call itself. */
static GError *
portal_error (const GError *error)
{
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                        _ ("No Background portal answers (is xdg-desktop-portal running?)"));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  /* Translators: %s is the error of the D-Bus call, in English */
  return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, _ ("The Background portal failed: %s"), error->message);
}

static void
response_cb (GDBusConnection *connection,
             const char      *sender_name,
             const char      *object_path,
             const char      *interface_name,
             const char      *signal_name,
             GVariant        *parameters,
             gpointer         user_data)
{
  GTask               *task = user_data;
  PortalCall          *call = g_task_get_task_data (task);
  guint32              response = 2;
  g_autoptr (GVariant) results = NULL;
  gboolean             autostart = FALSE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    return;
  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  portal_call_unsubscribe (call);

  if (response == RESPONSE_SUCCESS)
    {
      g_variant_lookup (results, "autostart", "b", &autostart);
      /* Asked to start at login and told it will not: a refusal too. */
      if (!call->enabled || autostart)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "%s",
                                 _ ("The system does not let Beckon start at login"));
    }
  else if (response == RESPONSE_CANCELLED)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "%s",
                             _ ("Refused by the system (the Background permission)"));
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                             _ ("The Background portal could not answer"));
  g_object_unref (task);
}

static void
subscribe_response (GTask      *task,
                    const char *handle)
{
  PortalCall *call = g_task_get_task_data (task);

  portal_call_unsubscribe (call);
  g_free (call->handle);
  call->handle = g_strdup (handle);
  /* The task's reference while subscribed is the one response_cb drops.
   * No sender: GDBus (since the fix of CVE-2024-34397, in Debian's GLib
   * 2.74.6) matches a well-known sender only once this context has run the
   * answer to its own GetNameOwner, and a portal that answers at once (the
   * permission stored already) can send its Response before that: it would
   * be dropped and the request never end.  The handle is ours alone (our
   * unique name and a random token). */
  call->response_id = g_dbus_connection_signal_subscribe (call->connection, NULL, REQUEST_IFACE, "Response",
                                                          handle, NULL, G_DBUS_SIGNAL_FLAGS_NO_MATCH_RULE,
                                                          response_cb, task, NULL);
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask      *task = user_data;
  PortalCall *call = g_task_get_task_data (task);

  /* The portal may still show a dialog: take it away. */
  g_dbus_connection_call (call->connection, PORTAL_NAME, call->handle, REQUEST_IFACE, "Close", NULL, NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
  portal_call_unsubscribe (call);
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
request_background_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GTask)    task = user_data;
  PortalCall          *call = g_task_get_task_data (task);
  g_autoptr (GError)   error = NULL;
  g_autoptr (GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  const char          *handle = NULL;

  if (reply == NULL)
    {
      portal_call_unsubscribe (call);
      g_task_return_error (task, portal_error (error));
      /* The subscription's reference. */
      g_object_unref (task);
      return;
    }

  /* Before version 0.9 of xdg-desktop-portal the handle was not the one
   * the token names: follow the one it returned (an answer sent in
   * between would be lost, as with any client of those). */
  g_variant_get (reply, "(&o)", &handle);
  if (g_strcmp0 (handle, call->handle) != 0)
    subscribe_response (task, handle);

  if (call->response_id != 0 && g_task_get_cancellable (task) != NULL)
    {
      call->cancelled_source = g_cancellable_source_new (g_task_get_cancellable (task));
      g_source_set_callback (call->cancelled_source, G_SOURCE_FUNC (cancelled_cb), task, NULL);
      g_source_attach (call->cancelled_source, g_task_get_context (task));
    }
}

static void
bus_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr (GTask)        task = user_data;
  PortalCall              *call = g_task_get_task_data (task);
  g_autoptr (GError)       error = NULL;
  g_autofree char         *sender = NULL;
  g_autofree char         *token = NULL;
  g_autofree char         *handle = NULL;
  const char              *commandline[] = { "beckon", "--gapplication-service", NULL };
  g_auto (GVariantBuilder) options = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  call->connection = g_bus_get_finish (result, &error);
  if (call->connection == NULL)
    {
      g_task_return_error (task, portal_error (error));
      return;
    }

  /* The Request's path is known before the call, so that its Response
   * cannot come before the subscription. */
  sender = g_strdup (g_dbus_connection_get_unique_name (call->connection) + 1);
  g_strdelimit (sender, ".", '_');
  token = g_strdup_printf ("beckon%u", g_random_int ());
  handle = g_strdup_printf ("%s/request/%s/%s", PORTAL_PATH, sender, token);
  subscribe_response (g_object_ref (task), handle);

  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  /* Translators: why Beckon asks to run in the background; the portal shows it to the user */
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_ ("Beckon listens for Skype for Business invitations in the "
                                                  "background and can start when you log in.")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (call->enabled));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  /* The desktop file is DBusActivatable: start it through the bus. */
  g_variant_builder_add (&options, "{sv}", "dblaunchable", g_variant_new_boolean (TRUE));

  g_dbus_connection_call (call->connection, PORTAL_NAME, PORTAL_PATH, BACKGROUND_IFACE, "RequestBackground",
                          g_variant_new ("(sa{sv})", call->parent_window, &options), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, g_task_get_cancellable (task), request_background_cb,
                          g_object_ref (task));
}

/**
 * beckon_autostart_set_enabled_async:
 * @enabled: whether Beckon is to start at login
 * @parent_window: (nullable): the window that asks, as the portals name it
 *   ("x11:XID", "wayland:HANDLE"), for a dialog the portal may show
 *
 * Writes or removes the autostart entry, or asks the Background portal.
 * beckon_autostart_set_enabled_finish() fails with
 * G_IO_ERROR_PERMISSION_DENIED when the portal (or the user) refused, and
 * with G_IO_ERROR_NOT_SUPPORTED when no portal answers.
 */
void
beckon_autostart_set_enabled_async (BeckonAutostart    *self,
                                    gboolean            enabled,
                                    const char         *parent_window,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  PortalCall       *call;

  g_return_if_fail (BECKON_IS_AUTOSTART (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, beckon_autostart_set_enabled_async);

  if (!self->uses_portal)
    {
      g_task_set_task_data (task, GINT_TO_POINTER (enabled), NULL);
      g_task_run_in_thread (task, file_thread);
      return;
    }

  call = g_new0 (PortalCall, 1);
  call->enabled = enabled;
  call->parent_window = g_strdup (parent_window != NULL ? parent_window : "");
  g_task_set_task_data (task, call, (GDestroyNotify) portal_call_free);
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_cb, g_steal_pointer (&task));
}

gboolean
beckon_autostart_set_enabled_finish (BeckonAutostart *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (BECKON_IS_AUTOSTART (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == beckon_autostart_set_enabled_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Whether it asks the Background portal (inside Flatpak) rather than
 * writing the file. */
gboolean
beckon_autostart_get_uses_portal (BeckonAutostart *self)
{
  g_return_val_if_fail (BECKON_IS_AUTOSTART (self), FALSE);

  return self->uses_portal;
}

/* The autostart entry written outside Flatpak. */
const char *
beckon_autostart_get_file (BeckonAutostart *self)
{
  g_return_val_if_fail (BECKON_IS_AUTOSTART (self), NULL);

  return self->file;
}

static void
beckon_autostart_finalize (GObject *object)
{
  BeckonAutostart *self = BECKON_AUTOSTART (object);

  g_free (self->file);

  G_OBJECT_CLASS (beckon_autostart_parent_class)->finalize (object);
}

static void
beckon_autostart_class_init (BeckonAutostartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = beckon_autostart_finalize;
}

static void
beckon_autostart_init (BeckonAutostart *self)
{
  self->uses_portal = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ||
                      g_strcmp0 (g_getenv (BECKON_AUTOSTART_FORCE_PORTAL_ENV), "1") == 0;
  self->file = g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
}

BeckonAutostart *
beckon_autostart_new (void)
{
  return g_object_new (BECKON_TYPE_AUTOSTART, NULL);
}

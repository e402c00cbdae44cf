/* fake-desktop-portal.c: FileChooser, Secret, OpenURI and NetworkMonitor portals for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which thread owns what: the portal's thread runs its GMainContext, owns
 * the connection and answers every call; the fields below the lock are
 * shared with the test's thread.
 */

#include "config.h"

#include "fake-desktop-portal.h"

#include <gio/gunixfdlist.h>
#include <unistd.h>

#include "support/fake-bus-thread.h"

#define PORTAL_NAME   "org.freedesktop.portal.Desktop"
#define PORTAL_PATH   "/org/freedesktop/portal/desktop"
#define REQUEST_IFACE "org.freedesktop.portal.Request"
#define NETWORK_IFACE "org.freedesktop.portal.NetworkMonitor"

/* How long the user (or the keyring) takes; see answer_later(). */
#define ANSWER_DELAY_MS 250

/* libsecret reads exactly this many bytes (secret-file-backend.c). */
#define SECRET_SIZE 64

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.FileChooser'>"
  "    <method name='OpenFile'>"
  "      <arg type='s' name='parent_window' direction='in'/>"
  "      <arg type='s' name='title' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "  <interface name='org.freedesktop.portal.Secret'>"
  "    <method name='RetrieveSecret'>"
  "      <arg type='h' name='fd' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "  <interface name='org.freedesktop.portal.OpenURI'>"
  "    <method name='OpenURI'>"
  "      <arg type='s' name='parent_window' direction='in'/>"
  "      <arg type='s' name='uri' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "  <interface name='org.freedesktop.portal.NetworkMonitor'>"
  "    <method name='GetAvailable'><arg type='b' direction='out'/></method>"
  "    <method name='GetMetered'><arg type='b' direction='out'/></method>"
  "    <method name='GetConnectivity'><arg type='u' direction='out'/></method>"
  "    <method name='GetStatus'><arg type='a{sv}' direction='out'/></method>"
  "    <method name='CanReach'>"
  "      <arg type='s' name='hostname' direction='in'/>"
  "      <arg type='u' name='port' direction='in'/>"
  "      <arg type='b' direction='out'/>"
  "    </method>"
  "    <signal name='changed'/>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "</node>";

struct _FakeDesktopPortal
{
  /* The test's thread only; the context is fixed. */
  FakeBusThread *thread; /* NULL while stopped */
  GMainContext  *context;

  /* The portal's thread only. */
  GDBusConnection *connection;
  guint            registration_ids[4];

  /* Everything below is protected by the lock. */
  GMutex    lock;
  GFile    *chosen;
  guint     n_open_file;
  char     *open_file_parent;
  char     *open_file_title;
  GVariant *open_file_options;
  guint     n_retrieve_secret;
  char     *opened_uri;
  guint     n_open_uri;
  gboolean  network_available;
  guint     n_network_calls;
};

/* The Request object's path, as the portal documentation builds it. */
static char *
request_path (const char *sender,
              GVariant   *options)
{
  g_autofree char *caller = g_strdup (sender + 1);
  const char      *token = "t";

  g_variant_lookup (options, "handle_token", "&s", &token);
  g_strdelimit (caller, ".", '_');
  return g_strdup_printf ("%s/request/%s/%s", PORTAL_PATH, caller, token);
}

typedef struct
{
  GDBusConnection *connection;
  char            *caller;
  char            *handle;
  guint32          response;
  GVariant        *results;
} Answer;

static gboolean
answer_cb (gpointer user_data)
{
  Answer *answer = user_data;

  /* To the caller alone, as xdg-desktop-portal does. */
  g_dbus_connection_emit_signal (answer->connection, answer->caller, answer->handle, REQUEST_IFACE, "Response",
                                 g_variant_new ("(u@a{sv})", answer->response, answer->results), NULL);
  return G_SOURCE_REMOVE;
}

static void
answer_free (Answer *answer)
{
  g_object_unref (answer->connection);
  g_free (answer->caller);
  g_free (answer->handle);
  g_variant_unref (answer->results);
  g_free (answer);
}

/* Returns the Request's path now, and answers once the reply is out. */
static void
answer_later (GDBusConnection       *connection,
              GDBusMethodInvocation *invocation,
              GVariant              *options,
              guint32                response,
              GVariant              *results)
{
  Answer             *answer = g_new0 (Answer, 1);
  g_autoptr (GSource) source = NULL;

  answer->connection = g_object_ref (connection);
  answer->caller = g_strdup (g_dbus_method_invocation_get_sender (invocation));
  answer->handle = request_path (answer->caller, options);
  answer->response = response;
  answer->results = g_variant_ref_sink (results);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", answer->handle));
  /* A while later, on the portal's own context (this thread's).  Later,
   * because a client only hears a signal from a well-known name once its
   * own context has learnt who owns the name (GDBus since the fix of
   * CVE-2024-34397, in Debian's GLib 2.74.6): a Response sent right after
   * the reply can come before that and be dropped, and the client waits
   * for ever.  A real portal answers once the user (or the keyring) has. */
  source = g_timeout_source_new (ANSWER_DELAY_MS);
  g_source_set_callback (source, answer_cb, answer, (GDestroyNotify) answer_free);
  g_source_attach (source, g_main_context_get_thread_default ());
}

static void
open_file (FakeDesktopPortal     *self,
           GDBusConnection       *connection,
           GVariant              *parameters,
           GDBusMethodInvocation *invocation)
{
  const char              *parent = NULL;
  const char              *title = NULL;
  g_autoptr (GVariant)     options = NULL;
  g_autofree char         *uri = NULL;
  g_auto (GVariantBuilder) results = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_get (parameters, "(&s&s@a{sv})", &parent, &title, &options);
  g_mutex_lock (&self->lock);
  self->n_open_file++;
  g_free (self->open_file_parent);
  self->open_file_parent = g_strdup (parent);
  g_free (self->open_file_title);
  self->open_file_title = g_strdup (title);
  g_clear_pointer (&self->open_file_options, g_variant_unref);
  self->open_file_options = g_variant_ref (options);
  if (self->chosen != NULL)
    uri = g_file_get_uri (self->chosen);
  g_mutex_unlock (&self->lock);

  /* Always `uris`, empty when cancelled, as xdg-desktop-portal-gtk (and
   * -gnome) answer: GTK 4.8 reads it whatever the response. */
  {
    const char *uris[] = { uri, NULL };

    g_variant_builder_add (&results, "{sv}", "uris", g_variant_new_strv (uris, uri != NULL ? 1 : 0));
  }
  /* 1: the user cancelled. */
  answer_later (connection, invocation, options, uri != NULL ? 0 : 1, g_variant_builder_end (&results));
}

static void
retrieve_secret (FakeDesktopPortal     *self,
                 GDBusConnection       *connection,
                 GVariant              *parameters,
                 GDBusMethodInvocation *invocation)
{
  gint32               index = -1;
  g_autoptr (GVariant) options = NULL;
  GUnixFDList         *fds = g_dbus_message_get_unix_fd_list (g_dbus_method_invocation_get_message (invocation));
  g_autoptr (GError)   error = NULL;
  int                  fd;
  char                 secret[SECRET_SIZE];

  g_variant_get (parameters, "(h@a{sv})", &index, &options);
  g_assert_nonnull (fds);
  fd = g_unix_fd_list_get (fds, index, &error);
  g_assert_no_error (error);
  /* The same secret for every call, as the real portal keeps it per app. */
  for (gsize i = 0; i < sizeof secret; i++)
    secret[i] = (char) ('A' + i % 26);
  g_assert_cmpint (write (fd, secret, sizeof secret), ==, sizeof secret);
  close (fd);

  g_mutex_lock (&self->lock);
  self->n_retrieve_secret++;
  g_mutex_unlock (&self->lock);
  answer_later (connection, invocation, options, 0, g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
}

static void
open_uri (FakeDesktopPortal     *self,
          GDBusConnection       *connection,
          GVariant              *parameters,
          GDBusMethodInvocation *invocation)
{
  const char          *parent = NULL;
  const char          *uri = NULL;
  g_autoptr (GVariant) options = NULL;

  g_variant_get (parameters, "(&s&s@a{sv})", &parent, &uri, &options);
  g_mutex_lock (&self->lock);
  self->n_open_uri++;
  g_free (self->opened_uri);
  self->opened_uri = g_strdup (uri);
  g_mutex_unlock (&self->lock);
  answer_later (connection, invocation, options, 0, g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
}

static void
network_call (FakeDesktopPortal     *self,
              const char            *method_name,
              GDBusMethodInvocation *invocation)
{
  gboolean available;

  g_mutex_lock (&self->lock);
  self->n_network_calls++;
  available = self->network_available;
  g_mutex_unlock (&self->lock);

  if (g_str_equal (method_name, "GetStatus"))
    {
      g_auto (GVariantBuilder) status = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

      g_variant_builder_add (&status, "{sv}", "available", g_variant_new_boolean (available));
      g_variant_builder_add (&status, "{sv}", "metered", g_variant_new_boolean (FALSE));
      /* 4: full network, 1: local only (GNetworkConnectivity). */
      g_variant_builder_add (&status, "{sv}", "connectivity", g_variant_new_uint32 (available ? 4 : 1));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(@a{sv})", g_variant_builder_end (&status)));
    }
  else if (g_str_equal (method_name, "GetConnectivity"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", available ? 4 : 1));
  else if (g_str_equal (method_name, "GetMetered"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(b)", FALSE));
  else
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(b)", available));
}

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  FakeDesktopPortal *self = user_data;

  if (g_str_equal (method_name, "OpenFile"))
    open_file (self, connection, parameters, invocation);
  else if (g_str_equal (method_name, "RetrieveSecret"))
    retrieve_secret (self, connection, parameters, invocation);
  else if (g_str_equal (method_name, "OpenURI"))
    open_uri (self, connection, parameters, invocation);
  else if (g_str_equal (interface_name, NETWORK_IFACE))
    network_call (self, method_name, invocation);
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                           "No method %s", method_name);
}

static GVariant *
get_property_cb (GDBusConnection *connection,
                 const char      *sender,
                 const char      *object_path,
                 const char      *interface_name,
                 const char      *property_name,
                 GError         **error,
                 gpointer         user_data)
{
  if (g_str_equal (property_name, "version"))
    return g_variant_new_uint32 (g_str_equal (interface_name, NETWORK_IFACE)        ? 3
                                 : g_str_has_suffix (interface_name, "FileChooser") ? 3
                                                                                    : 1);
  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY, "No property %s", property_name);
  return NULL;
}

static const GDBusInterfaceVTable vtable = {
  method_call_cb,
  get_property_cb,
  NULL,
  { 0 },
};

static gboolean
portal_own (gpointer data,
            GError **error)
{
  FakeDesktopPortal        *self = data;
  g_autoptr (GDBusNodeInfo) info = NULL;

  /* The first interface, and the name, the shared way; then the others. */
  if (!fake_bus_service_own (introspection_xml, PORTAL_PATH, PORTAL_NAME, &vtable, self, &self->connection,
                             &self->registration_ids[0], error))
    return FALSE;
  info = g_dbus_node_info_new_for_xml (introspection_xml, error);
  for (guint i = 1; i < G_N_ELEMENTS (self->registration_ids); i++)
    {
      self->registration_ids[i] = g_dbus_connection_register_object (self->connection, PORTAL_PATH,
                                                                     info->interfaces[i], &vtable, self, NULL, error);
      if (self->registration_ids[i] == 0)
        return FALSE;
    }
  return TRUE;
}

static void
portal_disown (gpointer data)
{
  FakeDesktopPortal *self = data;

  for (guint i = 1; i < G_N_ELEMENTS (self->registration_ids); i++)
    if (self->registration_ids[i] != 0)
      g_dbus_connection_unregister_object (self->connection, self->registration_ids[i]);
  fake_bus_service_disown (&self->connection, &self->registration_ids[0]);
}

FakeDesktopPortal *
fake_desktop_portal_new (void)
{
  FakeDesktopPortal *self = g_new0 (FakeDesktopPortal, 1);

  g_mutex_init (&self->lock);
  self->context = g_main_context_new ();
  self->network_available = TRUE;
  return self;
}

gboolean
fake_desktop_portal_start (FakeDesktopPortal *self,
                           GError           **error)
{
  g_return_val_if_fail (self->thread == NULL, FALSE);

  self->thread = fake_bus_thread_start ("fake-desktop-portal", self->context, portal_own, portal_disown, self, error);
  return self->thread != NULL;
}

void
fake_desktop_portal_free (FakeDesktopPortal *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->thread, fake_bus_thread_stop);
  g_clear_object (&self->chosen);
  g_free (self->open_file_parent);
  g_free (self->open_file_title);
  g_clear_pointer (&self->open_file_options, g_variant_unref);
  g_free (self->opened_uri);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
fake_desktop_portal_set_chosen_file (FakeDesktopPortal *self,
                                     GFile             *file)
{
  g_mutex_lock (&self->lock);
  g_set_object (&self->chosen, file);
  g_mutex_unlock (&self->lock);
}

guint
fake_desktop_portal_get_n_open_file (FakeDesktopPortal *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->n_open_file;
  g_mutex_unlock (&self->lock);
  return n;
}

char *
fake_desktop_portal_get_open_file_parent (FakeDesktopPortal *self)
{
  char *parent;

  g_mutex_lock (&self->lock);
  parent = g_strdup (self->open_file_parent);
  g_mutex_unlock (&self->lock);
  return parent;
}

char *
fake_desktop_portal_get_open_file_title (FakeDesktopPortal *self)
{
  char *title;

  g_mutex_lock (&self->lock);
  title = g_strdup (self->open_file_title);
  g_mutex_unlock (&self->lock);
  return title;
}

GVariant *
fake_desktop_portal_get_open_file_options (FakeDesktopPortal *self)
{
  GVariant *options;

  g_mutex_lock (&self->lock);
  options = self->open_file_options != NULL ? g_variant_ref (self->open_file_options) : NULL;
  g_mutex_unlock (&self->lock);
  return options;
}

guint
fake_desktop_portal_get_n_retrieve_secret (FakeDesktopPortal *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->n_retrieve_secret;
  g_mutex_unlock (&self->lock);
  return n;
}

char *
fake_desktop_portal_get_opened_uri (FakeDesktopPortal *self,
                                    guint             *n_calls)
{
  char *uri;

  g_mutex_lock (&self->lock);
  uri = g_strdup (self->opened_uri);
  if (n_calls != NULL)
    *n_calls = self->n_open_uri;
  g_mutex_unlock (&self->lock);
  return uri;
}

static gboolean
emit_changed_cb (gpointer user_data)
{
  FakeDesktopPortal *self = user_data;

  g_dbus_connection_emit_signal (self->connection, NULL, PORTAL_PATH, NETWORK_IFACE, "changed", NULL, NULL);
  return G_SOURCE_REMOVE;
}

void
fake_desktop_portal_set_network (FakeDesktopPortal *self,
                                 gboolean           available)
{
  g_mutex_lock (&self->lock);
  self->network_available = available;
  g_mutex_unlock (&self->lock);
  /* The signal goes from the portal's thread, on its connection. */
  g_main_context_invoke (self->context, emit_changed_cb, self);
}

guint
fake_desktop_portal_get_n_network_calls (FakeDesktopPortal *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->n_network_calls;
  g_mutex_unlock (&self->lock);
  return n;
}

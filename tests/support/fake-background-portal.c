/* fake-background-portal.c: an org.freedesktop.portal.Background for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One thread: everything runs on the thread-default main context of the
 * test that started it (see the header).
 */

#include "config.h"

#include "fake-background-portal.h"

#include "fake-bus-thread.h"

#define PORTAL_NAME   "org.freedesktop.portal.Desktop"
#define PORTAL_PATH   "/org/freedesktop/portal/desktop"
#define REQUEST_IFACE "org.freedesktop.portal.Request"

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Background'>"
  "    <method name='RequestBackground'>"
  "      <arg type='s' name='parent_window' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "</node>";

struct _FakeBackgroundPortal
{
  GDBusConnection *connection;
  guint            registration_id;

  guint32  response;
  gboolean autostart;

  guint     n_requests;
  char     *parent_window;
  GVariant *options;
  char     *handle;
};

/* An answer on its way holds the connection, not the portal: one still
 * queued when the portal goes is sent on a closed connection, to nobody. */
typedef struct
{
  GDBusConnection *connection;
  char            *caller;
  char            *handle;
  guint32          response;
  gboolean         autostart;
} Answer;

static void
answer_free (Answer *answer)
{
  g_object_unref (answer->connection);
  g_free (answer->caller);
  g_free (answer->handle);
  g_free (answer);
}

/* After the reply, as a portal answers once the user has decided. */
static gboolean
send_response_cb (gpointer user_data)
{
  Answer                  *answer = user_data;
  g_auto (GVariantBuilder) results = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr (GError)       error = NULL;

  if (answer->response == 0)
    {
      g_variant_builder_add (&results, "{sv}", "background", g_variant_new_boolean (TRUE));
      g_variant_builder_add (&results, "{sv}", "autostart", g_variant_new_boolean (answer->autostart));
    }
  if (g_dbus_connection_emit_signal (answer->connection, answer->caller, answer->handle, REQUEST_IFACE,
                                     "Response", g_variant_new ("(ua{sv})", answer->response, &results), &error))
    return G_SOURCE_REMOVE;

  /* The portal is gone (its connection closed): the answer goes to nobody,
   * as the header says.  Otherwise the caller would wait for a Response
   * that never comes, until the test's timeout, with no word of why. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
    {
      g_prefix_error (&error, "fake Background portal: cannot send the Response to %s: ", answer->caller);
      g_assert_no_error (error);
    }
  return G_SOURCE_REMOVE;
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
  FakeBackgroundPortal *self = user_data;
  const char           *parent_window = NULL;
  g_autoptr (GVariant)  options = NULL;
  const char           *token = NULL;
  g_autofree char      *caller = g_strdup (sender + 1);
  Answer               *answer;

  g_variant_get (parameters, "(&s@a{sv})", &parent_window, &options);
  self->n_requests++;
  g_free (self->parent_window);
  self->parent_window = g_strdup (parent_window);
  g_clear_pointer (&self->options, g_variant_unref);
  self->options = g_variant_ref (options);

  /* /org/freedesktop/portal/desktop/request/SENDER/TOKEN, SENDER the
   * caller's unique name without its ':' and with '_' for each '.'. */
  if (!g_variant_lookup (options, "handle_token", "&s", &token))
    token = "t";
  g_strdelimit (caller, ".", '_');
  g_free (self->handle);
  self->handle = g_strdup_printf ("%s/request/%s/%s", PORTAL_PATH, caller, token);

  answer = g_new0 (Answer, 1);
  answer->connection = g_object_ref (connection);
  answer->caller = g_strdup (sender);
  answer->handle = g_strdup (self->handle);
  answer->response = self->response;
  answer->autostart = self->autostart;
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", self->handle));
  g_idle_add_full (G_PRIORITY_DEFAULT, send_response_cb, answer, (GDestroyNotify) answer_free);
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
  return g_variant_new_uint32 (1);
}

static const GDBusInterfaceVTable vtable = { method_call_cb, get_property_cb, NULL, { 0 } };

FakeBackgroundPortal *
fake_background_portal_new (void)
{
  FakeBackgroundPortal *self = g_new0 (FakeBackgroundPortal, 1);

  self->autostart = TRUE;
  return self;
}

void
fake_background_portal_set_answer (FakeBackgroundPortal *self,
                                   guint32               response,
                                   gboolean              autostart)
{
  self->response = response;
  self->autostart = autostart;
}

gboolean
fake_background_portal_start (FakeBackgroundPortal *self,
                              GError              **error)
{
  return fake_bus_service_own (introspection_xml, PORTAL_PATH, PORTAL_NAME, &vtable, self, &self->connection,
                               &self->registration_id, error);
}

void
fake_background_portal_free (FakeBackgroundPortal *self)
{
  if (self == NULL)
    return;
  fake_bus_service_disown (&self->connection, &self->registration_id);
  g_free (self->parent_window);
  g_clear_pointer (&self->options, g_variant_unref);
  g_free (self->handle);
  g_free (self);
}

guint
fake_background_portal_get_n_requests (FakeBackgroundPortal *self)
{
  return self->n_requests;
}

const char *
fake_background_portal_get_parent_window (FakeBackgroundPortal *self)
{
  return self->parent_window;
}

GVariant *
fake_background_portal_get_options (FakeBackgroundPortal *self)
{
  return self->options;
}

const char *
fake_background_portal_get_handle (FakeBackgroundPortal *self)
{
  return self->handle;
}

/* fake-notification-portal.c: an org.freedesktop.portal.Notification for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which thread owns what: the portal's thread runs its GMainContext, owns
 * the connection and answers every call; the records below the lock are
 * shared with the test's thread, which only reads them and posts user
 * events to the portal's context.
 */

#include "config.h"

#include "fake-notification-portal.h"

#include "support/fake-bus-thread.h"

#define PORTAL_NAME  "org.freedesktop.portal.Desktop"
#define PORTAL_PATH  "/org/freedesktop/portal/desktop"
#define PORTAL_IFACE "org.freedesktop.portal.Notification"

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Notification'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' name='id' direction='in'/>"
  "      <arg type='a{sv}' name='notification' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' name='id' direction='in'/>"
  "    </method>"
  "    <signal name='ActionInvoked'>"
  "      <arg type='s' name='id'/>"
  "      <arg type='s' name='action'/>"
  "      <arg type='av' name='parameter'/>"
  "    </signal>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "</node>";

struct _FakeNotificationPortal
{
  /* The test's thread only; the context is fixed. */
  FakeBusThread *thread; /* NULL while stopped */
  GMainContext  *context;

  /* The portal's thread only. */
  GDBusConnection *connection;
  guint            registration_id;

  /* Everything below is protected by the lock. */
  GMutex      lock;
  GPtrArray  *records; /* FakePortalNotification, every AddNotification */
  GHashTable *open;    /* id → FakePortalNotification (in records) */
  guint       n_removed;
};

void
fake_portal_notification_free (FakePortalNotification *notification)
{
  if (notification == NULL)
    return;
  g_free (notification->id);
  g_free (notification->title);
  g_free (notification->body);
  g_free (notification->default_action);
  g_free (notification->priority);
  g_strfreev (notification->buttons);
  g_free (notification);
}

static FakePortalNotification *
notification_copy (const FakePortalNotification *notification)
{
  FakePortalNotification *copy = g_new0 (FakePortalNotification, 1);

  copy->id = g_strdup (notification->id);
  copy->title = g_strdup (notification->title);
  copy->body = g_strdup (notification->body);
  copy->default_action = g_strdup (notification->default_action);
  copy->priority = g_strdup (notification->priority);
  copy->buttons = g_strdupv (notification->buttons);
  return copy;
}

gboolean
fake_portal_notification_has_button (const FakePortalNotification *notification,
                                     const char                   *action)
{
  return g_strv_contains ((const char *const *) notification->buttons, action);
}

static FakePortalNotification *
notification_new_from_variant (const char *id,
                               GVariant   *dict)
{
  FakePortalNotification *notification = g_new0 (FakePortalNotification, 1);
  g_autoptr (GVariant)    buttons = NULL;
  g_autoptr (GPtrArray)   actions = g_ptr_array_new ();

  /* What the portal itself refuses, the fake refuses too, loudly: a test
   * must not pass on a notification the real portal would reject. */
  g_assert_true (id != NULL && id[0] != '\0');
  notification->id = g_strdup (id);
  g_assert_true (g_variant_lookup (dict, "title", "s", &notification->title));
  g_variant_lookup (dict, "body", "s", &notification->body);
  g_variant_lookup (dict, "default-action", "s", &notification->default_action);
  g_variant_lookup (dict, "priority", "s", &notification->priority);

  buttons = g_variant_lookup_value (dict, "buttons", G_VARIANT_TYPE ("aa{sv}"));
  if (buttons != NULL)
    for (gsize i = 0; i < g_variant_n_children (buttons); i++)
      {
        g_autoptr (GVariant) button = g_variant_get_child_value (buttons, i);
        g_autofree char     *label = NULL;
        char                *action = NULL;

        /* Every button has both (org.freedesktop.portal.Notification). */
        g_assert_true (g_variant_lookup (button, "label", "s", &label));
        g_assert_true (g_variant_lookup (button, "action", "s", &action));
        g_ptr_array_add (actions, action);
      }
  g_ptr_array_add (actions, NULL);
  notification->buttons = (char **) g_ptr_array_free (g_steal_pointer (&actions), FALSE);
  return notification;
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
  FakeNotificationPortal *self = user_data;

  if (g_str_equal (method_name, "AddNotification"))
    {
      const char             *id = NULL;
      g_autoptr (GVariant)    dict = NULL;
      FakePortalNotification *notification;

      g_variant_get (parameters, "(&s@a{sv})", &id, &dict);
      notification = notification_new_from_variant (id, dict);
      g_mutex_lock (&self->lock);
      g_ptr_array_add (self->records, notification);
      g_hash_table_replace (self->open, notification->id, notification);
      g_mutex_unlock (&self->lock);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "RemoveNotification"))
    {
      const char *id = NULL;

      g_variant_get (parameters, "(&s)", &id);
      g_mutex_lock (&self->lock);
      if (g_hash_table_remove (self->open, id))
        self->n_removed++;
      g_mutex_unlock (&self->lock);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
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
    return g_variant_new_uint32 (1);
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
  FakeNotificationPortal *self = data;

  return fake_bus_service_own (introspection_xml, PORTAL_PATH, PORTAL_NAME, &vtable, self, &self->connection,
                               &self->registration_id, error);
}

static void
portal_disown (gpointer data)
{
  FakeNotificationPortal *self = data;

  fake_bus_service_disown (&self->connection, &self->registration_id);
  g_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->open);
  g_mutex_unlock (&self->lock);
}

FakeNotificationPortal *
fake_notification_portal_new (void)
{
  FakeNotificationPortal *self = g_new0 (FakeNotificationPortal, 1);

  g_mutex_init (&self->lock);
  self->context = g_main_context_new ();
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_portal_notification_free);
  self->open = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

void
fake_notification_portal_free (FakeNotificationPortal *self)
{
  if (self == NULL)
    return;
  fake_notification_portal_stop (self);
  g_hash_table_unref (self->open);
  g_ptr_array_unref (self->records);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_free (self);
}

gboolean
fake_notification_portal_start (FakeNotificationPortal *self,
                                GError                **error)
{
  g_return_val_if_fail (self->thread == NULL, FALSE);

  self->thread = fake_bus_thread_start ("fake-notification-portal", self->context, portal_own, portal_disown, self,
                                        error);
  return self->thread != NULL;
}

void
fake_notification_portal_stop (FakeNotificationPortal *self)
{
  g_clear_pointer (&self->thread, fake_bus_thread_stop);
}

guint
fake_notification_portal_get_add_count (FakeNotificationPortal *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->records->len;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
fake_notification_portal_get_remove_count (FakeNotificationPortal *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->n_removed;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
fake_notification_portal_count_with_title (FakeNotificationPortal *self,
                                           const char             *title)
{
  guint n = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->records->len; i++)
    {
      FakePortalNotification *notification = g_ptr_array_index (self->records, i);

      if (g_strcmp0 (notification->title, title) == 0)
        n++;
    }
  g_mutex_unlock (&self->lock);
  return n;
}

FakePortalNotification *
fake_notification_portal_find_by_title (FakeNotificationPortal *self,
                                        const char             *title)
{
  FakePortalNotification *found = NULL;

  g_mutex_lock (&self->lock);
  for (guint i = self->records->len; i > 0 && found == NULL; i--)
    {
      FakePortalNotification *notification = g_ptr_array_index (self->records, i - 1);

      if (g_strcmp0 (notification->title, title) == 0)
        found = notification_copy (notification);
    }
  g_mutex_unlock (&self->lock);
  return found;
}

FakePortalNotification *
fake_notification_portal_get_current (FakeNotificationPortal *self,
                                      const char             *id)
{
  FakePortalNotification *notification;
  FakePortalNotification *copy = NULL;

  g_mutex_lock (&self->lock);
  notification = g_hash_table_lookup (self->open, id);
  if (notification != NULL)
    copy = notification_copy (notification);
  g_mutex_unlock (&self->lock);
  return copy;
}

gboolean
fake_notification_portal_is_open (FakeNotificationPortal *self,
                                  const char             *id)
{
  gboolean open;

  g_mutex_lock (&self->lock);
  open = g_hash_table_contains (self->open, id);
  g_mutex_unlock (&self->lock);
  return open;
}

guint
fake_notification_portal_count_open (FakeNotificationPortal *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = g_hash_table_size (self->open);
  g_mutex_unlock (&self->lock);
  return n;
}

typedef struct
{
  FakeNotificationPortal *self;
  char                   *id;
  char                   *action;
} UserEvent;

static void
user_event_free (UserEvent *event)
{
  g_free (event->id);
  g_free (event->action);
  g_free (event);
}

/* On the portal's thread: the signal goes out on the connection that owns
 * the name, or libnotify would not listen. */
static gboolean
user_event_cb (gpointer user_data)
{
  UserEvent              *event = user_data;
  FakeNotificationPortal *self = event->self;
  g_autoptr (GError)      error = NULL;

  if (self->connection == NULL)
    return G_SOURCE_REMOVE;

  /* Like the real portal: an invoked notification goes away. */
  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->open, event->id);
  g_mutex_unlock (&self->lock);

  if (!g_dbus_connection_emit_signal (self->connection, NULL, PORTAL_PATH, PORTAL_IFACE, "ActionInvoked",
                                      g_variant_new ("(ss@av)", event->id, event->action,
                                                     g_variant_new_array (G_VARIANT_TYPE_VARIANT, NULL, 0)),
                                      &error))
    g_warning ("Could not emit ActionInvoked: %s", error->message);
  return G_SOURCE_REMOVE;
}

gboolean
fake_notification_portal_invoke_action (FakeNotificationPortal *self,
                                        const char             *id,
                                        const char             *action)
{
  UserEvent *event;

  g_return_val_if_fail (action != NULL, FALSE);

  if (!fake_notification_portal_is_open (self, id))
    return FALSE;

  event = g_new0 (UserEvent, 1);
  event->self = self;
  event->id = g_strdup (id);
  event->action = g_strdup (action);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, user_event_cb, event,
                              (GDestroyNotify) user_event_free);
  return TRUE;
}

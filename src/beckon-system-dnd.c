/* beckon-system-dnd.c: GNOME's own Do Not Disturb, as the desktop says it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GNOME Shell's "Do Not Disturb" switch is the show-banners key of
 * org.gnome.desktop.notifications.  A sandbox cannot read the host's
 * dconf: there the Settings portal answers for it (and says when it
 * changes).  Runs on the main context it was created on.
 */

#include "config.h"

#include "beckon-system-dnd.h"

#define NOTIFICATIONS_SCHEMA "org.gnome.desktop.notifications"
#define SHOW_BANNERS         "show-banners"

#define PORTAL_NAME      "org.freedesktop.portal.Desktop"
#define PORTAL_PATH      "/org/freedesktop/portal/desktop"
#define PORTAL_INTERFACE "org.freedesktop.portal.Settings"

struct _BeckonSystemDnd
{
  GObject parent_instance;

  GSettings    *settings; /* outside Flatpak, if the schema is installed */
  GDBusProxy   *portal;   /* inside Flatpak */
  GCancellable *cancellable;
  gboolean      active;
};

G_DEFINE_FINAL_TYPE (BeckonSystemDnd, beckon_system_dnd, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
set_active (BeckonSystemDnd *self,
            gboolean         active)
{
  if (self->active == active)
    return;
  self->active = active;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ACTIVE]);
}

static void
settings_changed_cb (BeckonSystemDnd *self)
{
  set_active (self, !g_settings_get_boolean (self->settings, SHOW_BANNERS));
}

/* ReadOne answers "v"; the older Read nests it once more. */
static void
portal_value (BeckonSystemDnd *self,
              GVariant        *value)
{
  g_autoptr (GVariant) inner = NULL;

  while (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *next = g_variant_get_variant (value);

      g_clear_pointer (&inner, g_variant_unref);
      inner = next;
      value = next;
    }
  if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    set_active (self, !g_variant_get_boolean (value));
}

static void
portal_signal_cb (GDBusProxy      *proxy,
                  const char      *sender,
                  const char      *signal,
                  GVariant        *parameters,
                  BeckonSystemDnd *self)
{
  const char *namespace = NULL;
  const char          *key = NULL;
  g_autoptr (GVariant) value = NULL;

  if (g_strcmp0 (signal, "SettingChanged") != 0 || !g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ssv)")))
    return;
  g_variant_get (parameters, "(&s&sv)", &namespace, &key, &value);
  if (g_str_equal (namespace, NOTIFICATIONS_SCHEMA) && g_str_equal (key, SHOW_BANNERS))
    portal_value (self, value);
}

static void
read_one_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (BeckonSystemDnd) self = user_data;
  g_autoptr (GVariant)        reply = NULL;
  g_autoptr (GVariant)        value = NULL;
  g_autoptr (GError)          error = NULL;

  reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (object), result, &error);
  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The settings portal did not say whether banners show: %s", error->message);
      return;
    }
  g_variant_get (reply, "(v)", &value);
  portal_value (self, value);
}

static void
portal_proxy_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (BeckonSystemDnd) self = user_data;
  g_autoptr (GError)          error = NULL;
  GDBusProxy                 *proxy = g_dbus_proxy_new_for_bus_finish (result, &error);

  if (proxy == NULL)
    {
      g_debug ("No settings portal: %s", error->message);
      return;
    }
  self->portal = proxy;
  g_signal_connect_object (proxy, "g-signal", G_CALLBACK (portal_signal_cb), self, 0);
  g_dbus_proxy_call (proxy, "ReadOne", g_variant_new ("(ss)", NOTIFICATIONS_SCHEMA, SHOW_BANNERS),
                     G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, read_one_cb, g_object_ref (self));
}

static void
beckon_system_dnd_dispose (GObject *object)
{
  BeckonSystemDnd *self = BECKON_SYSTEM_DND (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->portal);

  G_OBJECT_CLASS (beckon_system_dnd_parent_class)->dispose (object);
}

static void
beckon_system_dnd_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BeckonSystemDnd *self = BECKON_SYSTEM_DND (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_system_dnd_class_init (BeckonSystemDndClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = beckon_system_dnd_dispose;
  object_class->get_property = beckon_system_dnd_get_property;

  props[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
beckon_system_dnd_init (BeckonSystemDnd *self)
{
  self->cancellable = g_cancellable_new ();
}

BeckonSystemDnd *
beckon_system_dnd_new (void)
{
  BeckonSystemDnd       *self = g_object_new (BECKON_TYPE_SYSTEM_DND, NULL);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      g_dbus_proxy_new_for_bus (G_BUS_TYPE_SESSION, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES, NULL,
                                PORTAL_NAME, PORTAL_PATH, PORTAL_INTERFACE, self->cancellable,
                                portal_proxy_cb, g_object_ref (self));
      return self;
    }

  /* Not GNOME (or a test without the schema): never on. */
  if (source != NULL)
    {
      g_autoptr (GSettingsSchema) schema = g_settings_schema_source_lookup (source, NOTIFICATIONS_SCHEMA, TRUE);

      if (schema != NULL && g_settings_schema_has_key (schema, SHOW_BANNERS))
        {
          self->settings = g_settings_new_full (schema, NULL, NULL);
          g_signal_connect_object (self->settings, "changed::" SHOW_BANNERS,
                                   G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
          settings_changed_cb (self);
        }
    }

  return self;
}

gboolean
beckon_system_dnd_get_active (BeckonSystemDnd *self)
{
  g_return_val_if_fail (BECKON_IS_SYSTEM_DND (self), FALSE);
  return self->active;
}

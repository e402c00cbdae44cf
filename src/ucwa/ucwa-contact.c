/* ucwa-contact.c: a person found by the people search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What search_ref.md's `contact` gives that a "New chat" list shows: the
 * name, the SIP address, and the availability of its `contactPresence`
 * (filled in once known, with a notification).
 */

#include "config.h"

#include "ucwa-contact.h"

struct _UcwaContact
{
  GObject parent_instance;

  char *href;
  char *name;
  char *uri;
  char *availability;
};

G_DEFINE_FINAL_TYPE (UcwaContact, ucwa_contact, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HREF,
  PROP_NAME,
  PROP_URI,
  PROP_AVAILABILITY,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
ucwa_contact_finalize (GObject *object)
{
  UcwaContact *self = UCWA_CONTACT (object);

  g_free (self->href);
  g_free (self->name);
  g_free (self->uri);
  g_free (self->availability);

  G_OBJECT_CLASS (ucwa_contact_parent_class)->finalize (object);
}

static void
ucwa_contact_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  UcwaContact *self = UCWA_CONTACT (object);

  switch (prop_id)
    {
    case PROP_HREF:
      g_value_set_string (value, self->href);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_AVAILABILITY:
      g_value_set_string (value, self->availability);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ucwa_contact_class_init (UcwaContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ucwa_contact_finalize;
  object_class->get_property = ucwa_contact_get_property;

  props[PROP_HREF] = g_param_spec_string ("href", NULL, NULL, NULL, flags);
  props[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  props[PROP_URI] = g_param_spec_string ("uri", NULL, NULL, NULL, flags);
  props[PROP_AVAILABILITY] = g_param_spec_string ("availability", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
ucwa_contact_init (UcwaContact *self)
{
}

UcwaContact *
ucwa_contact_new (const char *href,
                  const char *name,
                  const char *uri)
{
  UcwaContact *self = g_object_new (UCWA_TYPE_CONTACT, NULL);

  self->href = g_strdup (href);
  self->uri = g_strdup (uri);
  self->name = g_strdup (name != NULL && *name != '\0' ? name : uri);
  return self;
}

const char *
ucwa_contact_get_href (UcwaContact *self)
{
  g_return_val_if_fail (UCWA_IS_CONTACT (self), NULL);
  return self->href;
}

const char *
ucwa_contact_get_name (UcwaContact *self)
{
  g_return_val_if_fail (UCWA_IS_CONTACT (self), NULL);
  return self->name;
}

const char *
ucwa_contact_get_uri (UcwaContact *self)
{
  g_return_val_if_fail (UCWA_IS_CONTACT (self), NULL);
  return self->uri;
}

const char *
ucwa_contact_get_availability (UcwaContact *self)
{
  g_return_val_if_fail (UCWA_IS_CONTACT (self), NULL);
  return self->availability;
}

void
ucwa_contact_set_availability (UcwaContact *self,
                               const char  *availability)
{
  g_return_if_fail (UCWA_IS_CONTACT (self));

  if (g_strcmp0 (self->availability, availability) == 0)
    return;
  g_free (self->availability);
  self->availability = g_strdup (availability);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_AVAILABILITY]);
}

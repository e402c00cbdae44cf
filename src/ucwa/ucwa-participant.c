/* ucwa-participant.c: someone in a conversation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ucwa-participant.h"

#include "ucwa-enum-types.h"
#include "ucwa-model-private.h"
#include "ucwa-resource.h"

struct _UcwaParticipant
{
  GObject parent_instance;

  char    *href;
  char    *display_name; /* what the server calls them; the getter falls back to uri */
  char    *uri;
  gboolean local;
  gboolean organizer;
  gboolean typing;
  gboolean in_lobby;

  UcwaParticipantRole role;
};

G_DEFINE_FINAL_TYPE (UcwaParticipant, ucwa_participant, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HREF,
  PROP_NAME,
  PROP_URI,
  PROP_LOCAL,
  PROP_ORGANIZER,
  PROP_TYPING,
  PROP_ROLE,
  PROP_IN_LOBBY,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
ucwa_participant_finalize (GObject *object)
{
  UcwaParticipant *self = UCWA_PARTICIPANT (object);

  g_free (self->href);
  g_free (self->display_name);
  g_free (self->uri);

  G_OBJECT_CLASS (ucwa_participant_parent_class)->finalize (object);
}

static void
ucwa_participant_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  UcwaParticipant *self = UCWA_PARTICIPANT (object);

  switch (prop_id)
    {
    case PROP_HREF:
      g_value_set_string (value, self->href);
      break;
    case PROP_NAME:
      g_value_set_string (value, ucwa_participant_get_name (self));
      break;
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_LOCAL:
      g_value_set_boolean (value, self->local);
      break;
    case PROP_ORGANIZER:
      g_value_set_boolean (value, self->organizer);
      break;
    case PROP_TYPING:
      g_value_set_boolean (value, self->typing);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_IN_LOBBY:
      g_value_set_boolean (value, self->in_lobby);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ucwa_participant_class_init (UcwaParticipantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ucwa_participant_finalize;
  object_class->get_property = ucwa_participant_get_property;

  props[PROP_HREF] = g_param_spec_string ("href", NULL, NULL, NULL, flags);
  props[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  props[PROP_URI] = g_param_spec_string ("uri", NULL, NULL, NULL, flags);
  props[PROP_LOCAL] = g_param_spec_boolean ("local", NULL, NULL, FALSE, flags);
  props[PROP_ORGANIZER] = g_param_spec_boolean ("organizer", NULL, NULL, FALSE, flags);
  props[PROP_TYPING] = g_param_spec_boolean ("typing", NULL, NULL, FALSE, flags);
  props[PROP_ROLE] = g_param_spec_enum ("role", NULL, NULL, UCWA_TYPE_PARTICIPANT_ROLE,
                                        UCWA_PARTICIPANT_ROLE_UNKNOWN, flags);
  props[PROP_IN_LOBBY] = g_param_spec_boolean ("in-lobby", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
ucwa_participant_init (UcwaParticipant *self)
{
}

UcwaParticipant *
ucwa_participant_new (const char *href)
{
  UcwaParticipant *self = g_object_new (UCWA_TYPE_PARTICIPANT, NULL);

  self->href = g_strdup (href);

  return self;
}

const char *
ucwa_participant_get_href (UcwaParticipant *self)
{
  g_return_val_if_fail (UCWA_IS_PARTICIPANT (self), NULL);

  return self->href;
}

const char *
ucwa_participant_get_name (UcwaParticipant *self)
{
  g_return_val_if_fail (UCWA_IS_PARTICIPANT (self), NULL);

  if (self->display_name != NULL && *self->display_name != '\0')
    return self->display_name;

  return self->uri;
}

const char *
ucwa_participant_get_uri (UcwaParticipant *self)
{
  g_return_val_if_fail (UCWA_IS_PARTICIPANT (self), NULL);

  return self->uri;
}

gboolean
ucwa_participant_get_local (UcwaParticipant *self)
{
  g_return_val_if_fail (UCWA_IS_PARTICIPANT (self), FALSE);

  return self->local;
}

gboolean
ucwa_participant_get_organizer (UcwaParticipant *self)
{
  g_return_val_if_fail (UCWA_IS_PARTICIPANT (self), FALSE);

  return self->organizer;
}

gboolean
ucwa_participant_get_typing (UcwaParticipant *self)
{
  g_return_val_if_fail (UCWA_IS_PARTICIPANT (self), FALSE);

  return self->typing;
}

UcwaParticipantRole
ucwa_participant_get_role (UcwaParticipant *self)
{
  g_return_val_if_fail (UCWA_IS_PARTICIPANT (self), UCWA_PARTICIPANT_ROLE_UNKNOWN);

  return self->role;
}

gboolean
ucwa_participant_get_in_lobby (UcwaParticipant *self)
{
  g_return_val_if_fail (UCWA_IS_PARTICIPANT (self), FALSE);

  return self->in_lobby;
}

void
ucwa_participant_set_name (UcwaParticipant *self,
                           const char      *name)
{
  g_autofree char *old_name = NULL;

  g_return_if_fail (UCWA_IS_PARTICIPANT (self));

  old_name = g_strdup (ucwa_participant_get_name (self));
  if (!ucwa_model_set_string (&self->display_name, name))
    return;

  if (g_strcmp0 (old_name, ucwa_participant_get_name (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_NAME]);
}

void
ucwa_participant_set_uri (UcwaParticipant *self,
                          const char      *uri)
{
  g_autofree char *old_name = NULL;

  g_return_if_fail (UCWA_IS_PARTICIPANT (self));

  old_name = g_strdup (ucwa_participant_get_name (self));
  if (!ucwa_model_set_string (&self->uri, uri))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_URI]);
  /* The name falls back to the uri. */
  if (g_strcmp0 (old_name, ucwa_participant_get_name (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_NAME]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ucwa_participant_set_local (UcwaParticipant *self,
                            gboolean         local)
{
  g_return_if_fail (UCWA_IS_PARTICIPANT (self));

  local = !!local;
  if (self->local == local)
    return;

  self->local = local;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LOCAL]);
}

void
ucwa_participant_set_organizer (UcwaParticipant *self,
                                gboolean         organizer)
{
  g_return_if_fail (UCWA_IS_PARTICIPANT (self));

  organizer = !!organizer;
  if (self->organizer == organizer)
    return;

  self->organizer = organizer;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ORGANIZER]);
}

void
ucwa_participant_set_typing (UcwaParticipant *self,
                             gboolean         typing)
{
  g_return_if_fail (UCWA_IS_PARTICIPANT (self));

  typing = !!typing;
  if (self->typing == typing)
    return;

  self->typing = typing;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TYPING]);
}

void
ucwa_participant_set_role (UcwaParticipant    *self,
                           UcwaParticipantRole role)
{
  g_return_if_fail (UCWA_IS_PARTICIPANT (self));

  if (self->role == role)
    return;

  self->role = role;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ROLE]);
}

void
ucwa_participant_set_in_lobby (UcwaParticipant *self,
                               gboolean         in_lobby)
{
  g_return_if_fail (UCWA_IS_PARTICIPANT (self));

  in_lobby = !!in_lobby;
  if (self->in_lobby == in_lobby)
    return;

  self->in_lobby = in_lobby;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_IN_LOBBY]);
}

/* A participant resource (§12.3).  Absent members keep what we know: the
 * server sends partial copies (a link title here, an embedded `from` there). */
void
ucwa_participant_update_from_resource (UcwaParticipant *self,
                                       JsonObject      *resource)
{
  const char         *name;
  const char         *uri;
  UcwaParticipantRole role;

  g_return_if_fail (UCWA_IS_PARTICIPANT (self));

  if (resource == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  name = ucwa_resource_get_string (resource, "name");
  if (name != NULL && *name != '\0')
    ucwa_participant_set_name (self, name);

  uri = ucwa_resource_get_string (resource, "uri");
  if (uri != NULL && *uri != '\0')
    ucwa_participant_set_uri (self, uri);

  if (json_object_has_member (resource, "local"))
    ucwa_participant_set_local (self, ucwa_resource_get_boolean (resource, "local", self->local));

  if (json_object_has_member (resource, "organizer"))
    ucwa_participant_set_organizer (self, ucwa_resource_get_boolean (resource, "organizer", self->organizer));

  /* "Unknown" says nothing new: keep what a leaders/attendees event said. */
  role = ucwa_participant_role_from_string (ucwa_resource_get_string (resource, "role"));
  if (role != UCWA_PARTICIPANT_ROLE_UNKNOWN)
    ucwa_participant_set_role (self, role);

  if (json_object_has_member (resource, "inLobby"))
    ucwa_participant_set_in_lobby (self, ucwa_resource_get_boolean (resource, "inLobby", self->in_lobby));

  g_object_thaw_notify (G_OBJECT (self));
}

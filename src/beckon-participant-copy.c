/* beckon-participant-copy.c: someone in a conversation, as the GTK thread sees them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owner's thread only (the GTK thread): made from a snapshot the core sent
 * (beckon-copy-private.h) and never changed; a change of the participant
 * comes as a new copy in its place.
 */

#include "config.h"

#include "beckon-participant-copy.h"

#include "beckon-copy-private.h"
#include "ucwa-enum-types.h"

struct _BeckonParticipantCopy
{
  GObject parent_instance;

  BeckonParticipantSnapshot snapshot; /* its strings owned */
};

G_DEFINE_FINAL_TYPE (BeckonParticipantCopy, beckon_participant_copy, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_URI,
  PROP_LOCAL,
  PROP_ORGANIZER,
  PROP_TYPING,
  PROP_IN_LOBBY,
  PROP_ROLE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
beckon_participant_copy_finalize (GObject *object)
{
  BeckonParticipantCopy *self = BECKON_PARTICIPANT_COPY (object);

  g_free (self->snapshot.name);
  g_free (self->snapshot.uri);

  G_OBJECT_CLASS (beckon_participant_copy_parent_class)->finalize (object);
}

static void
beckon_participant_copy_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  BeckonParticipantCopy *self = BECKON_PARTICIPANT_COPY (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->snapshot.name);
      break;
    case PROP_URI:
      g_value_set_string (value, self->snapshot.uri);
      break;
    case PROP_LOCAL:
      g_value_set_boolean (value, self->snapshot.local);
      break;
    case PROP_ORGANIZER:
      g_value_set_boolean (value, self->snapshot.organizer);
      break;
    case PROP_TYPING:
      g_value_set_boolean (value, self->snapshot.typing);
      break;
    case PROP_IN_LOBBY:
      g_value_set_boolean (value, self->snapshot.in_lobby);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->snapshot.role);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_participant_copy_class_init (BeckonParticipantCopyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = beckon_participant_copy_finalize;
  object_class->get_property = beckon_participant_copy_get_property;

  props[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  props[PROP_URI] = g_param_spec_string ("uri", NULL, NULL, NULL, ro);
  props[PROP_LOCAL] = g_param_spec_boolean ("local", NULL, NULL, FALSE, ro);
  props[PROP_ORGANIZER] = g_param_spec_boolean ("organizer", NULL, NULL, FALSE, ro);
  props[PROP_TYPING] = g_param_spec_boolean ("typing", NULL, NULL, FALSE, ro);
  props[PROP_IN_LOBBY] = g_param_spec_boolean ("in-lobby", NULL, NULL, FALSE, ro);
  props[PROP_ROLE] = g_param_spec_enum ("role", NULL, NULL, UCWA_TYPE_PARTICIPANT_ROLE, UCWA_PARTICIPANT_ROLE_UNKNOWN, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
beckon_participant_copy_init (BeckonParticipantCopy *self)
{
}

BeckonParticipantCopy *
_beckon_participant_copy_new (const BeckonParticipantSnapshot *snapshot)
{
  BeckonParticipantCopy *self = g_object_new (BECKON_TYPE_PARTICIPANT_COPY, NULL);

  self->snapshot = *snapshot;
  self->snapshot.name = g_strdup (snapshot->name);
  self->snapshot.uri = g_strdup (snapshot->uri);
  return self;
}

const char *
beckon_participant_copy_get_name (BeckonParticipantCopy *self)
{
  g_return_val_if_fail (BECKON_IS_PARTICIPANT_COPY (self), NULL);

  return self->snapshot.name;
}

const char *
beckon_participant_copy_get_uri (BeckonParticipantCopy *self)
{
  g_return_val_if_fail (BECKON_IS_PARTICIPANT_COPY (self), NULL);

  return self->snapshot.uri;
}

gboolean
beckon_participant_copy_get_local (BeckonParticipantCopy *self)
{
  g_return_val_if_fail (BECKON_IS_PARTICIPANT_COPY (self), FALSE);

  return self->snapshot.local;
}

gboolean
beckon_participant_copy_get_organizer (BeckonParticipantCopy *self)
{
  g_return_val_if_fail (BECKON_IS_PARTICIPANT_COPY (self), FALSE);

  return self->snapshot.organizer;
}

gboolean
beckon_participant_copy_get_typing (BeckonParticipantCopy *self)
{
  g_return_val_if_fail (BECKON_IS_PARTICIPANT_COPY (self), FALSE);

  return self->snapshot.typing;
}

gboolean
beckon_participant_copy_get_in_lobby (BeckonParticipantCopy *self)
{
  g_return_val_if_fail (BECKON_IS_PARTICIPANT_COPY (self), FALSE);

  return self->snapshot.in_lobby;
}

UcwaParticipantRole
beckon_participant_copy_get_role (BeckonParticipantCopy *self)
{
  g_return_val_if_fail (BECKON_IS_PARTICIPANT_COPY (self), 0);

  return self->snapshot.role;
}

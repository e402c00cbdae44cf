/* beckon-participant-copy.h: someone in a conversation, as the GTK thread sees them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ucwa-enums.h"

G_BEGIN_DECLS

#define BECKON_TYPE_PARTICIPANT_COPY (beckon_participant_copy_get_type ())
G_DECLARE_FINAL_TYPE (BeckonParticipantCopy, beckon_participant_copy, BECKON, PARTICIPANT_COPY, GObject)

/* Immutable: a change replaces it in its list.  Properties, as
 * UcwaParticipant's: "name", "uri", "local", "organizer", "typing",
 * "in-lobby", "role". */

const char         *beckon_participant_copy_get_name (BeckonParticipantCopy *self);
const char         *beckon_participant_copy_get_uri (BeckonParticipantCopy *self);
gboolean            beckon_participant_copy_get_local (BeckonParticipantCopy *self);
gboolean            beckon_participant_copy_get_organizer (BeckonParticipantCopy *self);
gboolean            beckon_participant_copy_get_typing (BeckonParticipantCopy *self);
gboolean            beckon_participant_copy_get_in_lobby (BeckonParticipantCopy *self);
UcwaParticipantRole beckon_participant_copy_get_role (BeckonParticipantCopy *self);

G_END_DECLS

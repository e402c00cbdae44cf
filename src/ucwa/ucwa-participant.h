/* ucwa-participant.h: someone in a conversation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "ucwa-enums.h"

G_BEGIN_DECLS

#define UCWA_TYPE_PARTICIPANT (ucwa_participant_get_type ())
G_DECLARE_FINAL_TYPE (UcwaParticipant, ucwa_participant, UCWA, PARTICIPANT, GObject)

const char         *ucwa_participant_get_href (UcwaParticipant *self);
const char         *ucwa_participant_get_name (UcwaParticipant *self); /* display name, else uri */
const char         *ucwa_participant_get_uri (UcwaParticipant *self);
gboolean            ucwa_participant_get_local (UcwaParticipant *self);
gboolean            ucwa_participant_get_organizer (UcwaParticipant *self);
gboolean            ucwa_participant_get_typing (UcwaParticipant *self);
/* In a meeting: leader or attendee, and whether waiting in its lobby. */
UcwaParticipantRole ucwa_participant_get_role (UcwaParticipant *self);
gboolean            ucwa_participant_get_in_lobby (UcwaParticipant *self);

G_END_DECLS

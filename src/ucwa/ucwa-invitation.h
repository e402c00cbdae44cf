/* ucwa-invitation.h: an incoming messaging or online meeting invitation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "ucwa-enums.h"

G_BEGIN_DECLS

#define UCWA_TYPE_INVITATION (ucwa_invitation_get_type ())
G_DECLARE_FINAL_TYPE (UcwaInvitation, ucwa_invitation, UCWA, INVITATION, GObject)

const char          *ucwa_invitation_get_href (UcwaInvitation *self);
UcwaInvitationKind   ucwa_invitation_get_kind (UcwaInvitation *self);
UcwaDirection        ucwa_invitation_get_direction (UcwaInvitation *self);
UcwaInvitationStatus ucwa_invitation_get_status (UcwaInvitation *self);
const char          *ucwa_invitation_get_state (UcwaInvitation *self);     /* server's raw state */
const char          *ucwa_invitation_get_from_name (UcwaInvitation *self); /* display name, else uri */
const char          *ucwa_invitation_get_from_uri (UcwaInvitation *self);
const char          *ucwa_invitation_get_subject (UcwaInvitation *self);
const char          *ucwa_invitation_get_importance (UcwaInvitation *self);
const char          *ucwa_invitation_get_message (UcwaInvitation *self); /* first message, plain text, nullable */
const char          *ucwa_invitation_get_thread_id (UcwaInvitation *self);
const char          *ucwa_invitation_get_online_meeting_uri (UcwaInvitation *self);
const char          *ucwa_invitation_get_operation_id (UcwaInvitation *self);
const char          *ucwa_invitation_get_conversation_href (UcwaInvitation *self);
/* Cached from the `started` copy: later copies drop them. */
const char          *ucwa_invitation_get_accept_href (UcwaInvitation *self);
const char          *ucwa_invitation_get_decline_href (UcwaInvitation *self);
const char          *ucwa_invitation_get_cancel_href (UcwaInvitation *self);
/* The completed event's reason, when status is FAILED. */
const char          *ucwa_invitation_get_failure_code (UcwaInvitation *self);
const char          *ucwa_invitation_get_failure_subcode (UcwaInvitation *self);
const char          *ucwa_invitation_get_failure_message (UcwaInvitation *self);
gboolean             ucwa_invitation_is_answerable (UcwaInvitation *self);

G_END_DECLS

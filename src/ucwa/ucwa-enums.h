/* ucwa-enums.h: the UCWA enumerations the client exposes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  UCWA_INVITATION_KIND_MESSAGING,
  UCWA_INVITATION_KIND_ONLINE_MEETING,
} UcwaInvitationKind;

/* What the operation resource says; the app tracks its own "accepting". */
typedef enum {
  UCWA_INVITATION_STATUS_PENDING,   /* started/updated: may still be answered */
  UCWA_INVITATION_STATUS_SUCCEEDED, /* completed, status Success */
  UCWA_INVITATION_STATUS_FAILED,    /* completed, status Failure (see the failure reason) */
} UcwaInvitationStatus;

typedef enum {
  UCWA_DIRECTION_INCOMING,
  UCWA_DIRECTION_OUTGOING,
} UcwaDirection;

typedef enum {
  UCWA_CONVERSATION_STATE_UNKNOWN,
  UCWA_CONVERSATION_STATE_INCOMING,
  UCWA_CONVERSATION_STATE_CONNECTING,
  UCWA_CONVERSATION_STATE_CONNECTED,
  UCWA_CONVERSATION_STATE_CONFERENCING,
  UCWA_CONVERSATION_STATE_CONFERENCED,
  UCWA_CONVERSATION_STATE_IN_LOBBY,
  UCWA_CONVERSATION_STATE_DISCONNECTING,
  UCWA_CONVERSATION_STATE_DISCONNECTED,
} UcwaConversationState;

typedef enum {
  UCWA_MODALITY_STATE_DISCONNECTED,
  UCWA_MODALITY_STATE_CONNECTING,
  UCWA_MODALITY_STATE_CONNECTED,
  UCWA_MODALITY_STATE_DISCONNECTING,
  UCWA_MODALITY_STATE_TRANSFERRING,
} UcwaModalityState;

typedef enum {
  UCWA_MESSAGE_STATUS_PENDING,   /* sent, no completed event yet */
  UCWA_MESSAGE_STATUS_DELIVERED, /* completed Success (or any incoming message) */
  UCWA_MESSAGE_STATUS_FAILED,    /* completed Failure */
} UcwaMessageStatus;

/* A meeting participant's role (§12.3, §13). */
typedef enum {
  UCWA_PARTICIPANT_ROLE_UNKNOWN,
  UCWA_PARTICIPANT_ROLE_ATTENDEE,
  UCWA_PARTICIPANT_ROLE_LEADER,
} UcwaParticipantRole;

/* How far a sign-in has come (UcwaSession:sign-in-phase): the steps a
 * sign-in page shows.  A retry starts again at DISCOVERING. */
typedef enum {
  UCWA_SIGN_IN_PHASE_NONE,           /* not signing in */
  UCWA_SIGN_IN_PHASE_DISCOVERING,    /* finding the server: autodiscovery, its redirects */
  UCWA_SIGN_IN_PHASE_AUTHENTICATING, /* the user resource: the password for a token */
  UCWA_SIGN_IN_PHASE_JOINING,        /* the application, makeMeAvailable, the event channel */
} UcwaSignInPhase;

typedef enum {
  UCWA_SESSION_STATE_SIGNED_OUT,
  UCWA_SESSION_STATE_SIGNING_IN,
  UCWA_SESSION_STATE_ONLINE,
  UCWA_SESSION_STATE_RECONNECTING,
} UcwaSessionState;

UcwaConversationState ucwa_conversation_state_from_string (const char *value);
UcwaModalityState     ucwa_modality_state_from_string (const char *value);
UcwaParticipantRole   ucwa_participant_role_from_string (const char *value);

G_END_DECLS

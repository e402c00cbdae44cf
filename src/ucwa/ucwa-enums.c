/* ucwa-enums.c: the UCWA enumerations the client exposes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ucwa-enums.h"

typedef struct
{
  const char *name;
  int         value;
} EnumName;

/* The server's strings are fixed (§13), but nothing guarantees their case:
 * compare without it so that "connected" is not mistaken for an unknown
 * state. */
static gboolean
lookup_name (const EnumName *names,
             gsize           n_names,
             const char     *value,
             int            *out)
{
  if (value == NULL)
    return FALSE;

  for (gsize i = 0; i < n_names; i++)
    {
      if (g_ascii_strcasecmp (names[i].name, value) == 0)
        {
          *out = names[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

UcwaConversationState
ucwa_conversation_state_from_string (const char *value)
{
  static const EnumName names[] = {
    { "Incoming", UCWA_CONVERSATION_STATE_INCOMING },
    { "Connecting", UCWA_CONVERSATION_STATE_CONNECTING },
    { "Connected", UCWA_CONVERSATION_STATE_CONNECTED },
    { "Conferencing", UCWA_CONVERSATION_STATE_CONFERENCING },
    { "Conferenced", UCWA_CONVERSATION_STATE_CONFERENCED },
    { "InLobby", UCWA_CONVERSATION_STATE_IN_LOBBY },
    { "Disconnecting", UCWA_CONVERSATION_STATE_DISCONNECTING },
    { "Disconnected", UCWA_CONVERSATION_STATE_DISCONNECTED },
  };
  int state = UCWA_CONVERSATION_STATE_UNKNOWN;

  if (!lookup_name (names, G_N_ELEMENTS (names), value, &state))
    return UCWA_CONVERSATION_STATE_UNKNOWN;

  return (UcwaConversationState) state;
}

UcwaModalityState
ucwa_modality_state_from_string (const char *value)
{
  static const EnumName names[] = {
    { "Disconnected", UCWA_MODALITY_STATE_DISCONNECTED },
    { "Connecting", UCWA_MODALITY_STATE_CONNECTING },
    { "Connected", UCWA_MODALITY_STATE_CONNECTED },
    { "Disconnecting", UCWA_MODALITY_STATE_DISCONNECTING },
    { "Transferring", UCWA_MODALITY_STATE_TRANSFERRING },
  };
  int state = UCWA_MODALITY_STATE_DISCONNECTED;

  /* An unknown state must not offer sending: treat it as Disconnected. */
  if (!lookup_name (names, G_N_ELEMENTS (names), value, &state))
    return UCWA_MODALITY_STATE_DISCONNECTED;

  return (UcwaModalityState) state;
}

UcwaParticipantRole
ucwa_participant_role_from_string (const char *value)
{
  static const EnumName names[] = {
    { "Attendee", UCWA_PARTICIPANT_ROLE_ATTENDEE },
    { "Leader", UCWA_PARTICIPANT_ROLE_LEADER },
  };
  int role = UCWA_PARTICIPANT_ROLE_UNKNOWN;

  if (!lookup_name (names, G_N_ELEMENTS (names), value, &role))
    return UCWA_PARTICIPANT_ROLE_UNKNOWN;

  return (UcwaParticipantRole) role;
}

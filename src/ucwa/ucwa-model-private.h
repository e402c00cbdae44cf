/* ucwa-model-private.h: the setters of the model objects
 *
 * Only UcwaModel changes invitations, conversations, messages and
 * participants: their public API is read-only.  Only ucwa-model.c,
 * ucwa-model-ending.c, ucwa-conversation-events.c, ucwa-operation-set.c and
 * the files of those four types include this header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ucwa-conversation.h"
#include "ucwa-event.h"
#include "ucwa-invitation.h"
#include "ucwa-message.h"
#include "ucwa-participant.h"

G_BEGIN_DECLS

/* Replaces *dest by a copy of value; TRUE when the value changed, so that
 * callers notify only on a real change. */
static inline gboolean
ucwa_model_set_string (char      **dest,
                       const char *value)
{
  if (g_strcmp0 (*dest, value) == 0)
    return FALSE;

  g_free (*dest);
  *dest = g_strdup (value);
  return TRUE;
}

static inline gboolean
ucwa_model_is_empty (const char *value)
{
  return value == NULL || *value == '\0';
}

/* Whether the event's resource is listed in the collection `rel`. */
static inline gboolean
ucwa_model_event_is_in (const UcwaEvent *event,
                        const char      *rel)
{
  return g_strcmp0 (event->in_rel, rel) == 0;
}

/* UcwaParticipant */
UcwaParticipant *ucwa_participant_new (const char *href);
void             ucwa_participant_update_from_resource (UcwaParticipant *self,
                                                        JsonObject      *resource);
void             ucwa_participant_set_name (UcwaParticipant *self,
                                            const char      *name);
void             ucwa_participant_set_uri (UcwaParticipant *self,
                                           const char      *uri);
void             ucwa_participant_set_local (UcwaParticipant *self,
                                             gboolean         local);
void             ucwa_participant_set_organizer (UcwaParticipant *self,
                                                 gboolean         organizer);
void             ucwa_participant_set_typing (UcwaParticipant *self,
                                              gboolean         typing);
void             ucwa_participant_set_role (UcwaParticipant    *self,
                                            UcwaParticipantRole role);
void             ucwa_participant_set_in_lobby (UcwaParticipant *self,
                                                gboolean         in_lobby);

/* UcwaMessage */
UcwaMessage *ucwa_message_new (const char   *href,
                               const char   *operation_id,
                               UcwaDirection direction);
void         ucwa_message_update_from_resource (UcwaMessage *self,
                                                JsonObject  *resource);
void         ucwa_message_set_href (UcwaMessage *self,
                                    const char  *href);
void         ucwa_message_set_operation_id (UcwaMessage *self,
                                            const char  *operation_id);
void         ucwa_message_set_direction (UcwaMessage  *self,
                                         UcwaDirection direction);
void         ucwa_message_set_text (UcwaMessage *self,
                                    const char  *text);
void         ucwa_message_set_html (UcwaMessage *self,
                                    const char  *html);
void         ucwa_message_set_timestamp (UcwaMessage *self,
                                         gint64       timestamp);
void         ucwa_message_set_sender_name (UcwaMessage *self,
                                           const char  *sender_name);
void         ucwa_message_set_status (UcwaMessage      *self,
                                      UcwaMessageStatus status);
/* The text of the data URI in the link `rel` of resource, HTML converted to
 * plain text (the HTML itself in *html_out if wanted), CRLF normalised and
 * the trailing line break dropped; NULL if absent or undecodable. */
char        *ucwa_message_decode_body (JsonObject *resource,
                                       const char *rel,
                                       char      **html_out);

/* UcwaConversation */
UcwaConversation *ucwa_conversation_new (const char *href);
void              ucwa_conversation_update_from_resource (UcwaConversation *self,
                                                          JsonObject       *resource,
                                                          GUri             *base);
void              ucwa_conversation_set_state (UcwaConversation     *self,
                                               UcwaConversationState state);
void              ucwa_conversation_set_messaging_href (UcwaConversation *self,
                                                        const char       *href);
void              ucwa_conversation_update_messaging (UcwaConversation *self,
                                                      JsonObject       *resource,
                                                      GUri             *base);
/* Looks in the roster, the local participant and the typing list. */
UcwaParticipant  *ucwa_conversation_lookup_participant (UcwaConversation *self,
                                                        const char       *href);
UcwaParticipant  *ucwa_conversation_get_local_participant (UcwaConversation *self);
void              ucwa_conversation_set_local_participant (UcwaConversation *self,
                                                           UcwaParticipant  *participant);
gboolean          ucwa_conversation_is_member (UcwaConversation *self,
                                               UcwaParticipant  *participant);
void              ucwa_conversation_add_participant (UcwaConversation *self,
                                                     UcwaParticipant  *participant);
void              ucwa_conversation_remove_participant (UcwaConversation *self,
                                                        UcwaParticipant  *participant);
void              ucwa_conversation_set_participant_typing (UcwaConversation *self,
                                                            UcwaParticipant  *participant,
                                                            gboolean          typing);
UcwaMessage      *ucwa_conversation_lookup_message (UcwaConversation *self,
                                                    const char       *href);
UcwaMessage      *ucwa_conversation_lookup_message_by_operation_id (UcwaConversation *self,
                                                                    const char       *operation_id);
void              ucwa_conversation_add_message (UcwaConversation *self,
                                                 UcwaMessage      *message);
/* Sets the message's href and re-indexes it. */
void              ucwa_conversation_set_message_href (UcwaConversation *self,
                                                      UcwaMessage      *message,
                                                      const char       *href);
/* The conversation is over: state and messaging Disconnected, capability
 * links and typing cleared, lookup tables dropped.  Messages and roster stay
 * for whoever still holds the object. */
void              ucwa_conversation_close (UcwaConversation *self);

/* ucwa-conversation-events.c: one event about the inside of @conversation,
 * the one the model found (or created) for the event's sender. */
void         ucwa_conversation_apply_messaging_event (UcwaConversation *conversation,
                                                      const UcwaEvent  *event,
                                                      GUri             *base);
/* Returns (transfer full) (nullable) the message if the event created it,
 * already appended to @conversation, for the model to announce. */
UcwaMessage *ucwa_conversation_apply_message_event (UcwaConversation *conversation,
                                                    const UcwaEvent  *event);
void         ucwa_conversation_apply_participant_event (UcwaConversation *conversation,
                                                        const UcwaEvent  *event);

/* UcwaInvitation */
UcwaInvitation *ucwa_invitation_new (const char        *href,
                                     UcwaInvitationKind kind);
void            ucwa_invitation_set_href (UcwaInvitation *self,
                                          const char     *href);
/* accept/decline are only replaced when the copy carries them (§8.1). */
void            ucwa_invitation_update_from_resource (UcwaInvitation *self,
                                                      JsonObject     *resource,
                                                      GUri           *base);
void            ucwa_invitation_clear_answer_links (UcwaInvitation *self);
/* One of ours (startMessaging, joinOnlineMeeting), before the server knows it. */
void            ucwa_invitation_set_outgoing (UcwaInvitation *self,
                                              const char     *operation_id);
void            ucwa_invitation_complete (UcwaInvitation *self,
                                          gboolean        success,
                                          const char     *code,
                                          const char     *subcode,
                                          const char     *message);

G_END_DECLS

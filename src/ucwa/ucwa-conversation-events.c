/* ucwa-conversation-events.c: the events about what is inside a conversation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of UcwaModel: the model keeps which conversations exist (and
 * announces them); these apply an event to the inside of one conversation
 * (§6.2): its messaging modality, its messages, its roster, who is typing.
 * They read nothing of the model, so they take the conversation the model
 * found for the event.
 */

#include "config.h"

#include "ucwa-model-private.h"
#include "ucwa-resource.h"

/* Messaging */

void
ucwa_conversation_apply_messaging_event (UcwaConversation *conversation,
                                         const UcwaEvent  *event,
                                         GUri             *base)
{
  ucwa_conversation_set_messaging_href (conversation, event->href);

  if (event->type == UCWA_EVENT_DELETED)
    {
      g_autoptr (JsonObject) gone = json_object_new ();

      json_object_set_string_member (gone, "state", "Disconnected");
      ucwa_conversation_update_messaging (conversation, gone, base);
      return;
    }

  if (event->embedded == NULL)
    {
      g_debug ("messaging %s without a resource: keeping its state", event->href);
      return;
    }

  ucwa_conversation_update_messaging (conversation, event->embedded, base);
}

/* Messages */

UcwaMessage *
ucwa_conversation_apply_message_event (UcwaConversation *conversation,
                                       const UcwaEvent  *event)
{
  g_autoptr (UcwaMessage) created = NULL;
  UcwaMessage            *message;
  JsonObject             *resource = event->embedded;

  message = ucwa_conversation_lookup_message (conversation, event->href);
  if (message == NULL && resource != NULL)
    {
      const char  *operation_id = ucwa_resource_get_string (resource, "operationId");
      UcwaMessage *echo = ucwa_conversation_lookup_message_by_operation_id (conversation, operation_id);

      /* Our own message coming back (§7): same operationId, first href. */
      if (echo != NULL && ucwa_message_get_href (echo) == NULL)
        {
          message = echo;
          ucwa_conversation_set_message_href (conversation, message, event->href);
        }
    }

  if (message == NULL)
    {
      const char *direction = resource != NULL ? ucwa_resource_get_string (resource, "direction") : NULL;

      created = ucwa_message_new (event->href,
                                  resource != NULL ? ucwa_resource_get_string (resource, "operationId") : NULL,
                                  g_strcmp0 (direction, "Outgoing") == 0 ? UCWA_DIRECTION_OUTGOING : UCWA_DIRECTION_INCOMING);
      message = created;
      if (resource == NULL)
        g_debug ("message %s without a resource: no text", event->href);
    }

  ucwa_message_update_from_resource (message, resource);

  if (ucwa_message_get_sender_name (message) == NULL &&
      ucwa_message_get_direction (message) == UCWA_DIRECTION_OUTGOING &&
      ucwa_conversation_get_local_participant (conversation) != NULL)
    ucwa_message_set_sender_name (message,
                                  ucwa_participant_get_name (ucwa_conversation_get_local_participant (conversation)));

  if (event->type == UCWA_EVENT_COMPLETED)
    {
      /* No status and no reason on a completed message: nothing failed. */
      gboolean success = g_strcmp0 (event->status, "Success") == 0 ||
                         (event->status == NULL && event->reason_code == NULL);

      ucwa_message_set_status (message, success ? UCWA_MESSAGE_STATUS_DELIVERED : UCWA_MESSAGE_STATUS_FAILED);
    }
  else if (ucwa_message_get_direction (message) == UCWA_DIRECTION_INCOMING)
    ucwa_message_set_status (message, UCWA_MESSAGE_STATUS_DELIVERED);

  if (created != NULL)
    ucwa_conversation_add_message (conversation, created);
  return g_steal_pointer (&created);
}

/* Participants */

static void
update_participant (UcwaParticipant *participant,
                    const UcwaEvent *event)
{
  JsonObject *resource = event->embedded;

  /* The link title is the display name (§12.3): good enough when no copy
   * with `name` came along. */
  if (!ucwa_model_is_empty (event->title) &&
      (resource == NULL || ucwa_model_is_empty (ucwa_resource_get_string (resource, "name"))))
    ucwa_participant_set_name (participant, event->title);

  ucwa_participant_update_from_resource (participant, resource);
}

/* What the collection an event is "in" says about a meeting participant
 * (§12.3): added among the leaders or attendees is that role, and not
 * (or no longer) waiting in the lobby; added to the lobby is waiting there,
 * deleted from it is waiting no more (admitted or turned away: the next
 * event says which). */
static void
apply_membership (UcwaParticipant *participant,
                  const UcwaEvent *event)
{
  if (ucwa_model_event_is_in (event, "lobby"))
    {
      if (event->type == UCWA_EVENT_ADDED)
        ucwa_participant_set_in_lobby (participant, TRUE);
      else if (event->type == UCWA_EVENT_DELETED)
        ucwa_participant_set_in_lobby (participant, FALSE);
      return;
    }

  if (event->type != UCWA_EVENT_ADDED)
    return;

  if (ucwa_model_event_is_in (event, "leaders"))
    ucwa_participant_set_role (participant, UCWA_PARTICIPANT_ROLE_LEADER);
  else if (ucwa_model_event_is_in (event, "attendees"))
    ucwa_participant_set_role (participant, UCWA_PARTICIPANT_ROLE_ATTENDEE);
  else
    return;
  ucwa_participant_set_in_lobby (participant, FALSE);
}

static void
apply_typing (UcwaConversation *conversation,
              const UcwaEvent  *event)
{
  UcwaParticipant            *participant = ucwa_conversation_lookup_participant (conversation, event->href);
  g_autoptr (UcwaParticipant) created = NULL;

  if (event->type == UCWA_EVENT_DELETED)
    {
      if (participant != NULL)
        ucwa_conversation_set_participant_typing (conversation, participant, FALSE);
      return;
    }

  if (participant == NULL)
    {
      /* Typing before the roster told us about them: the title will do. */
      created = ucwa_participant_new (event->href);
      participant = created;
    }

  update_participant (participant, event);

  /* Our own typing, echoed back, is not news for the user. */
  if (ucwa_participant_get_local (participant) ||
      participant == ucwa_conversation_get_local_participant (conversation) ||
      g_strcmp0 (event->rel, "localParticipant") == 0)
    return;

  ucwa_conversation_set_participant_typing (conversation, participant, TRUE);
}

void
ucwa_conversation_apply_participant_event (UcwaConversation *conversation,
                                           const UcwaEvent  *event)
{
  g_autoptr (UcwaParticipant) created = NULL;
  UcwaParticipant            *participant;
  gboolean                    local;

  if (ucwa_model_event_is_in (event, "typingParticipants"))
    {
      apply_typing (conversation, event);
      return;
    }

  participant = ucwa_conversation_lookup_participant (conversation, event->href);

  /* Collections a participant moves between (lobby, leaders, attendees;
   * §6.2): refresh, never duplicate.  Being listed among a meeting's leaders
   * or attendees, or waiting in its lobby, does make them a member. */
  if (event->in_rel != NULL &&
      !ucwa_model_event_is_in (event, "participants") &&
      !ucwa_model_event_is_in (event, "conversation"))
    {
      if (participant != NULL)
        {
          update_participant (participant, event);
          apply_membership (participant, event);
        }
      else if (event->type == UCWA_EVENT_ADDED &&
               (ucwa_model_event_is_in (event, "leaders") || ucwa_model_event_is_in (event, "attendees") ||
                ucwa_model_event_is_in (event, "lobby")) &&
               g_strcmp0 (event->rel, "localParticipant") != 0)
        {
          created = ucwa_participant_new (event->href);
          update_participant (created, event);
          apply_membership (created, event);
          if (!ucwa_participant_get_local (created))
            ucwa_conversation_add_participant (conversation, created);
        }
      return;
    }

  switch (event->type)
    {
    case UCWA_EVENT_DELETED:
      if (participant != NULL)
        ucwa_conversation_remove_participant (conversation, participant);
      return;

    case UCWA_EVENT_UPDATED:
      /* `updated` is about capabilities over a known participant; the roster
       * only changes with added/deleted (the ReceiveAnIM trace updates an
       * href the roster knows under another spelling). */
      if (participant == NULL)
        {
          g_debug ("Update for participant %s not in the roster", event->href);
          return;
        }
      break;

    case UCWA_EVENT_ADDED:
    case UCWA_EVENT_STARTED:
    case UCWA_EVENT_COMPLETED:
      break;

    case UCWA_EVENT_UNKNOWN:
    default:
      return;
    }

  if (participant == NULL)
    {
      created = ucwa_participant_new (event->href);
      participant = created;
    }

  update_participant (participant, event);

  local = g_strcmp0 (event->rel, "localParticipant") == 0 || ucwa_participant_get_local (participant);
  if (local)
    {
      ucwa_participant_set_local (participant, TRUE);
      if (ucwa_conversation_is_member (conversation, participant))
        ucwa_conversation_remove_participant (conversation, participant);
      ucwa_conversation_set_local_participant (conversation, participant);
    }
  else if (event->type != UCWA_EVENT_UPDATED)
    ucwa_conversation_add_participant (conversation, participant);
}

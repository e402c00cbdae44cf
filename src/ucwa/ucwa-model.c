/* ucwa-model.c: client-side state built from the event channel
 *
 * The model only ever sees events (§6.2), in server order, each applied
 * exactly once by the session.  Everything is keyed by the absolute href of
 * the event's link; the `self` link inside an embedded copy is not trusted
 * for identity (the ReceiveAnIM trace's completed invitation says
 * `…/messagingInvitations/64088` for the event link `…/6408`).
 *
 * This file keeps which invitations and conversations exist (and tells
 * when one comes or goes); what an event changes inside a conversation
 * (messaging, messages, roster, typing) is ucwa-conversation-events.c's;
 * what ends with no event to say so (a sign-out, a resync, a lost
 * application or resource) is ucwa-model-ending.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ucwa-model.h"

#include "ucwa-href-set-private.h"
#include "ucwa-model-private.h"
#include "ucwa-model-state-private.h"
#include "ucwa-operation-set-private.h"
#include "ucwa-resource.h"

G_DEFINE_FINAL_TYPE (UcwaModel, ucwa_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INVITATIONS,
  PROP_CONVERSATIONS,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  INVITATION_ADDED,
  INVITATION_COMPLETED,
  CONVERSATION_ADDED,
  CONVERSATION_REMOVED,
  MESSAGE_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* GObject */

static void
ucwa_model_dispose (GObject *object)
{
  UcwaModel *self = UCWA_MODEL (object);

  g_clear_object (&self->invitations);
  g_clear_pointer (&self->invitations_by_href, g_hash_table_unref);
  ucwa_operation_set_destroy (&self->outgoing);
  g_clear_object (&self->conversations);
  g_clear_pointer (&self->conversations_by_href, g_hash_table_unref);

  G_OBJECT_CLASS (ucwa_model_parent_class)->dispose (object);
}

static void
ucwa_model_finalize (GObject *object)
{
  UcwaModel *self = UCWA_MODEL (object);

  g_clear_pointer (&self->base, g_uri_unref);
  ucwa_href_set_destroy (&self->ignored_invitations);
  ucwa_href_set_destroy (&self->removed_conversations);

  G_OBJECT_CLASS (ucwa_model_parent_class)->finalize (object);
}

static void
ucwa_model_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  UcwaModel *self = UCWA_MODEL (object);

  switch (prop_id)
    {
    case PROP_INVITATIONS:
      g_value_set_object (value, self->invitations);
      break;
    case PROP_CONVERSATIONS:
      g_value_set_object (value, self->conversations);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ucwa_model_class_init (UcwaModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ucwa_model_dispose;
  object_class->finalize = ucwa_model_finalize;
  object_class->get_property = ucwa_model_get_property;

  props[PROP_INVITATIONS] = g_param_spec_object ("invitations", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  props[PROP_CONVERSATIONS] = g_param_spec_object ("conversations", NULL, NULL, G_TYPE_LIST_MODEL, flags);

  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[INVITATION_ADDED] =
    g_signal_new ("invitation-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, UCWA_TYPE_INVITATION);

  signals[INVITATION_COMPLETED] =
    g_signal_new ("invitation-completed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, UCWA_TYPE_INVITATION);

  signals[CONVERSATION_ADDED] =
    g_signal_new ("conversation-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, UCWA_TYPE_CONVERSATION);

  signals[CONVERSATION_REMOVED] =
    g_signal_new ("conversation-removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, UCWA_TYPE_CONVERSATION);

  signals[MESSAGE_ADDED] =
    g_signal_new ("message-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, UCWA_TYPE_CONVERSATION, UCWA_TYPE_MESSAGE);
}

static void
ucwa_model_init (UcwaModel *self)
{
  self->invitations = g_list_store_new (UCWA_TYPE_INVITATION);
  self->invitations_by_href = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  ucwa_href_set_init (&self->ignored_invitations, RETIRED_HREFS_MAX);
  ucwa_operation_set_init (&self->outgoing);
  self->conversations = g_list_store_new (UCWA_TYPE_CONVERSATION);
  self->conversations_by_href = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  ucwa_href_set_init (&self->removed_conversations, RETIRED_HREFS_MAX);
}

UcwaModel *
ucwa_model_new (void)
{
  return g_object_new (UCWA_TYPE_MODEL, NULL);
}

void
ucwa_model_set_base_uri (UcwaModel *self,
                         GUri      *base)
{
  g_return_if_fail (UCWA_IS_MODEL (self));

  if (base != NULL)
    g_uri_ref (base);
  g_clear_pointer (&self->base, g_uri_unref);
  self->base = base;
}

/* Helpers */

static UcwaInvitationKind
invitation_kind_for_rel (const char *rel,
                         gboolean   *is_invitation)
{
  *is_invitation = TRUE;

  if (g_strcmp0 (rel, "messagingInvitation") == 0)
    return UCWA_INVITATION_KIND_MESSAGING;
  if (g_strcmp0 (rel, "onlineMeetingInvitation") == 0)
    return UCWA_INVITATION_KIND_ONLINE_MEETING;

  *is_invitation = FALSE;
  return UCWA_INVITATION_KIND_MESSAGING;
}

/* Events from sender `conversation` belong to the conversation at the
 * sender's href. */
static const char *
event_conversation_href (const UcwaEvent *event)
{
  if (g_strcmp0 (event->sender_rel, "conversation") != 0)
    return NULL;

  return event->sender_href;
}

gboolean
ucwa_model_event_wants_resource (UcwaModel       *self,
                                 const UcwaEvent *event)
{
  gboolean is_invitation;

  g_return_val_if_fail (UCWA_IS_MODEL (self), FALSE);

  if (event == NULL || event->embedded != NULL || event->href == NULL || event->rel == NULL)
    return FALSE;

  if (event->type == UCWA_EVENT_DELETED)
    return FALSE;

  /* Data URIs are content, not resources. */
  if (g_str_has_prefix (event->href, "data:"))
    return FALSE;

  /* Resources of a conversation we saw deleted are gone: a GET would 404. */
  if (ucwa_href_set_contains (&self->removed_conversations, event_conversation_href (event)))
    return FALSE;

  invitation_kind_for_rel (event->rel, &is_invitation);
  if (is_invitation)
    return !ucwa_href_set_contains (&self->ignored_invitations, event->href);

  if (g_strcmp0 (event->rel, "conversation") == 0)
    return !ucwa_href_set_contains (&self->removed_conversations, event->href);

  if (g_strcmp0 (event->rel, "messaging") == 0 ||
      g_strcmp0 (event->rel, "message") == 0)
    return TRUE;

  /* Typing notifications and titled links say all we show: a GET per
   * keystroke burst would be waste. */
  if (g_strcmp0 (event->rel, "participant") == 0)
    return !ucwa_model_event_is_in (event, "typingParticipants") && ucwa_model_is_empty (event->title);

  return FALSE;
}

/* Invitations */

static UcwaInvitation *
find_pending_by_thread (UcwaModel         *self,
                        UcwaInvitationKind kind,
                        const char        *thread_id)
{
  GListModel *invitations = G_LIST_MODEL (self->invitations);

  if (ucwa_model_is_empty (thread_id))
    return NULL;

  /* Newest first: the re-offer is for the latest ring of that thread. */
  for (guint i = g_list_model_get_n_items (invitations); i > 0; i--)
    {
      UcwaInvitation *invitation = g_list_model_get_item (invitations, i - 1);
      gboolean        match;

      match = ucwa_invitation_get_status (invitation) == UCWA_INVITATION_STATUS_PENDING &&
              ucwa_invitation_get_kind (invitation) == kind &&
              g_strcmp0 (ucwa_invitation_get_thread_id (invitation), thread_id) == 0;
      /* The store keeps its reference: hand out a borrowed one. */
      g_object_unref (invitation);
      if (match)
        return invitation;
    }

  return NULL;
}

/* The server re-offers a pending invitation under a new href after the
 * application was re-created: same thread, same ring for the user. */
static void
rekey_invitation (UcwaModel      *self,
                  UcwaInvitation *invitation,
                  const char     *href)
{
  g_autofree char *old_href = g_strdup (ucwa_invitation_get_href (invitation));

  g_debug ("Invitation %s re-offered as %s", old_href, href);

  g_hash_table_insert (self->invitations_by_href, g_strdup (href), g_object_ref (invitation));
  if (old_href != NULL)
    {
      g_hash_table_remove (self->invitations_by_href, old_href);
      /* Whatever the old application still says about it is stale. */
      ucwa_href_set_add (&self->ignored_invitations, old_href);
    }

  /* The old accept/decline belong to the dropped application. */
  ucwa_invitation_clear_answer_links (invitation);
  ucwa_invitation_set_href (invitation, href);
}

static void
get_reason (const UcwaEvent *event,
            JsonObject      *resource,
            const char     **code,
            const char     **subcode,
            const char     **message)
{
  JsonObject *reason = NULL;

  *code = event->reason_code;
  *subcode = event->reason_subcode;
  *message = event->reason_message;
  if (*code != NULL || *subcode != NULL || *message != NULL || resource == NULL)
    return;

  if (json_object_has_member (resource, "reason"))
    {
      JsonNode *node = json_object_get_member (resource, "reason");

      if (JSON_NODE_HOLDS_OBJECT (node))
        reason = json_node_get_object (node);
    }
  if (reason == NULL)
    reason = ucwa_resource_get_embedded (resource, "reason");
  if (reason == NULL)
    return;

  *code = ucwa_resource_get_string (reason, "code");
  *subcode = ucwa_resource_get_string (reason, "subcode");
  *message = ucwa_resource_get_string (reason, "message");
}

void
_ucwa_model_complete_invitation (UcwaModel      *self,
                                 UcwaInvitation *invitation,
                                 gboolean        success,
                                 const char     *code,
                                 const char     *subcode,
                                 const char     *message)
{
  if (ucwa_invitation_get_status (invitation) != UCWA_INVITATION_STATUS_PENDING)
    return;

  ucwa_invitation_complete (invitation, success, code, subcode, message);
  /* Ours are not offers to the user: their operation watches them. */
  if (ucwa_invitation_get_direction (invitation) != UCWA_DIRECTION_OUTGOING)
    g_signal_emit (self, signals[INVITATION_COMPLETED], 0, invitation);
}

static void
apply_invitation (UcwaModel         *self,
                  const UcwaEvent   *event,
                  UcwaInvitationKind kind)
{
  g_autoptr (UcwaInvitation) invitation = NULL;
  JsonObject                *resource = event->embedded;
  gboolean                   is_new = FALSE;
  const char                *code = NULL, *subcode = NULL, *message = NULL;

  switch (event->type)
    {
    case UCWA_EVENT_STARTED:
    case UCWA_EVENT_UPDATED:
    case UCWA_EVENT_COMPLETED:
      break;
    case UCWA_EVENT_ADDED:
    case UCWA_EVENT_DELETED:
    case UCWA_EVENT_UNKNOWN:
    default:
      g_debug ("Ignoring %s event for invitation %s",
               ucwa_event_type_to_string (event->type), event->href);
      return;
    }

  if (ucwa_href_set_contains (&self->ignored_invitations, event->href))
    return;

  /* Held across the signal emissions below. */
  invitation = g_hash_table_lookup (self->invitations_by_href, event->href);
  if (invitation != NULL)
    g_object_ref (invitation);
  else if ((invitation = ucwa_operation_set_claim (&self->outgoing, event)) != NULL)
    {
      /* One an operation of ours waits for, matched by its operationId
       * (§7), whether or not its POST has been answered yet. */
      g_object_ref (invitation);
      g_hash_table_insert (self->invitations_by_href, g_strdup (event->href), g_object_ref (invitation));
    }

  if (invitation == NULL)
    {
      const char     *direction = resource != NULL ? ucwa_resource_get_string (resource, "direction") : NULL;
      UcwaInvitation *reoffered = NULL;

      /* Ours without an operation waiting for it (addMessaging in a
       * meeting): not an offer to the user.  Its effect arrives as
       * `messaging updated`. */
      if (g_strcmp0 (direction, "Outgoing") == 0)
        {
          ucwa_href_set_add (&self->ignored_invitations, event->href);
          return;
        }

      /* Without a copy the direction is unknown: an unseen incoming ring is
       * worse than a spurious one, so assume incoming. */
      if (resource == NULL)
        g_debug ("Invitation %s without a resource: assuming incoming", event->href);
      else
        reoffered = find_pending_by_thread (self, kind, ucwa_resource_get_string (resource, "threadId"));

      if (reoffered != NULL)
        {
          invitation = g_object_ref (reoffered);
          rekey_invitation (self, invitation, event->href);
        }
      else
        {
          invitation = ucwa_invitation_new (event->href, kind);
          g_hash_table_insert (self->invitations_by_href, g_strdup (event->href), g_object_ref (invitation));
          is_new = TRUE;
        }
    }

  if (resource != NULL)
    ucwa_invitation_update_from_resource (invitation, resource, self->base);

  if (event->type == UCWA_EVENT_COMPLETED)
    get_reason (event, resource, &code, &subcode, &message);

  if (is_new)
    {
      /* First seen as `completed` (the server merged its `started` away,
       * §6.3): it ended before we knew of it, so it is announced ended,
       * never ringing. */
      if (event->type == UCWA_EVENT_COMPLETED)
        ucwa_invitation_complete (invitation, g_strcmp0 (event->status, "Success") == 0,
                                  code, subcode, message);
      g_list_store_append (self->invitations, invitation);
      g_signal_emit (self, signals[INVITATION_ADDED], 0, invitation);
      if (event->type == UCWA_EVENT_COMPLETED)
        g_signal_emit (self, signals[INVITATION_COMPLETED], 0, invitation);
    }
  else if (event->type == UCWA_EVENT_COMPLETED)
    _ucwa_model_complete_invitation (self, invitation, g_strcmp0 (event->status, "Success") == 0,
                                     code, subcode, message);
}

/* Conversations */

/* Returns (transfer none) the conversation at href, creating it (and
 * announcing it) when create is set and it was not deleted. */
static UcwaConversation *
ensure_conversation (UcwaModel  *self,
                     const char *href,
                     JsonObject *resource,
                     gboolean    create)
{
  g_autoptr (UcwaConversation) created = NULL;
  UcwaConversation            *conversation;

  if (href == NULL)
    return NULL;

  conversation = g_hash_table_lookup (self->conversations_by_href, href);
  if (conversation != NULL)
    {
      ucwa_conversation_update_from_resource (conversation, resource, self->base);
      return conversation;
    }

  if (!create || ucwa_href_set_contains (&self->removed_conversations, href))
    return NULL;

  created = ucwa_conversation_new (href);
  ucwa_conversation_update_from_resource (created, resource, self->base);
  g_hash_table_insert (self->conversations_by_href, g_strdup (href), g_object_ref (created));
  g_list_store_append (self->conversations, created);
  g_signal_emit (self, signals[CONVERSATION_ADDED], 0, created);

  /* NULL if a handler reset the model meanwhile: the event is moot then. */
  return g_hash_table_lookup (self->conversations_by_href, href);
}

void
_ucwa_model_remove_conversation (UcwaModel        *self,
                                 UcwaConversation *conversation)
{
  guint position;

  /* The table and the store may hold the last references. */
  g_object_ref (conversation);
  g_hash_table_remove (self->conversations_by_href, ucwa_conversation_get_href (conversation));
  if (g_list_store_find (self->conversations, conversation, &position))
    g_list_store_remove (self->conversations, position);

  ucwa_conversation_close (conversation);
  g_signal_emit (self, signals[CONVERSATION_REMOVED], 0, conversation);
  g_object_unref (conversation);
}

static void
apply_conversation (UcwaModel       *self,
                    const UcwaEvent *event)
{
  UcwaConversation *conversation;

  switch (event->type)
    {
    case UCWA_EVENT_DELETED:
      conversation = g_hash_table_lookup (self->conversations_by_href, event->href);
      ucwa_href_set_add (&self->removed_conversations, event->href);
      if (conversation != NULL)
        _ucwa_model_remove_conversation (self, conversation);
      return;

    case UCWA_EVENT_ADDED:
      /* An explicit `added` is the server's word: even a conversation we saw
       * deleted is back. */
      ucwa_href_set_remove (&self->removed_conversations, event->href);
      break;

    case UCWA_EVENT_UPDATED:
    case UCWA_EVENT_STARTED:
    case UCWA_EVENT_COMPLETED:
      break;

    case UCWA_EVENT_UNKNOWN:
    default:
      g_debug ("Ignoring unknown event type for conversation %s", event->href);
      return;
    }

  /* An update for a conversation we never saw added means we missed the
   * `added` (e.g. across a resume): announce it now. */
  ensure_conversation (self, event->href, event->embedded, TRUE);
}

static UcwaConversation *
conversation_for_event (UcwaModel       *self,
                        const UcwaEvent *event)
{
  const char *href = event_conversation_href (event);

  if (href == NULL)
    {
      g_debug ("%s event for %s from sender %s: not from a conversation",
               event->rel, event->href, event->sender_rel);
      return NULL;
    }

  /* A deletion for a conversation we do not know needs no conversation. */
  return ensure_conversation (self, href, NULL, event->type != UCWA_EVENT_DELETED);
}

static void
apply_messaging (UcwaModel       *self,
                 const UcwaEvent *event)
{
  UcwaConversation *conversation = conversation_for_event (self, event);

  if (conversation != NULL)
    ucwa_conversation_apply_messaging_event (conversation, event, self->base);
}

/* Messages */

static void
emit_message_added (UcwaModel        *self,
                    UcwaConversation *conversation,
                    UcwaMessage      *message)
{
  g_signal_emit (self, signals[MESSAGE_ADDED], 0, conversation, message);
}

static void
apply_message (UcwaModel       *self,
               const UcwaEvent *event)
{
  g_autoptr (UcwaMessage) created = NULL;
  UcwaConversation       *conversation;

  switch (event->type)
    {
    case UCWA_EVENT_STARTED:
    case UCWA_EVENT_UPDATED:
    case UCWA_EVENT_COMPLETED:
    case UCWA_EVENT_ADDED:
      break;
    case UCWA_EVENT_DELETED:
    case UCWA_EVENT_UNKNOWN:
    default:
      return;
    }

  conversation = conversation_for_event (self, event);
  if (conversation == NULL)
    return;

  created = ucwa_conversation_apply_message_event (conversation, event);
  if (created != NULL)
    emit_message_added (self, conversation, created);
}

/* Participants */

static void
apply_participant (UcwaModel       *self,
                   const UcwaEvent *event)
{
  UcwaConversation *conversation = conversation_for_event (self, event);

  if (conversation != NULL)
    ucwa_conversation_apply_participant_event (conversation, event);
}

/* Public API */

void
ucwa_model_apply_event (UcwaModel       *self,
                        const UcwaEvent *event)
{
  UcwaInvitationKind kind;
  gboolean           is_invitation;

  g_return_if_fail (UCWA_IS_MODEL (self));

  if (event == NULL || event->rel == NULL || event->href == NULL)
    {
      g_debug ("Ignoring an event without a link");
      return;
    }

  /* A handler may drop the last outside reference to us. */
  g_object_ref (self);

  kind = invitation_kind_for_rel (event->rel, &is_invitation);
  if (is_invitation)
    apply_invitation (self, event, kind);
  else if (g_strcmp0 (event->rel, "conversation") == 0)
    apply_conversation (self, event);
  else if (g_strcmp0 (event->rel, "messaging") == 0)
    apply_messaging (self, event);
  else if (g_strcmp0 (event->rel, "message") == 0)
    apply_message (self, event);
  else if (g_strcmp0 (event->rel, "participant") == 0 ||
           g_strcmp0 (event->rel, "localParticipant") == 0)
    apply_participant (self, event);
  /* me, presence, note, location, communication, participantMessaging,
   * onlineMeeting, policies, …: nothing the model shows. */

  g_object_unref (self);
}

void
ucwa_model_apply_batch (UcwaModel            *self,
                        const UcwaEventBatch *batch)
{
  g_return_if_fail (UCWA_IS_MODEL (self));

  if (batch == NULL || batch->events == NULL)
    return;

  for (guint i = 0; i < batch->events->len; i++)
    ucwa_model_apply_event (self, g_ptr_array_index (batch->events, i));
}

UcwaInvitation *
ucwa_model_lookup_invitation (UcwaModel  *self,
                              const char *href)
{
  g_return_val_if_fail (UCWA_IS_MODEL (self), NULL);

  if (href == NULL)
    return NULL;

  return g_hash_table_lookup (self->invitations_by_href, href);
}

UcwaConversation *
ucwa_model_lookup_conversation (UcwaModel  *self,
                                const char *href)
{
  g_return_val_if_fail (UCWA_IS_MODEL (self), NULL);

  if (href == NULL)
    return NULL;

  return g_hash_table_lookup (self->conversations_by_href, href);
}

GListModel *
ucwa_model_get_invitations (UcwaModel *self)
{
  g_return_val_if_fail (UCWA_IS_MODEL (self), NULL);

  return G_LIST_MODEL (self->invitations);
}

void
ucwa_model_forget_invitation (UcwaModel      *self,
                              UcwaInvitation *invitation)
{
  const char *href;
  guint       position;

  g_return_if_fail (UCWA_IS_MODEL (self));
  g_return_if_fail (UCWA_IS_INVITATION (invitation));

  if (ucwa_invitation_get_status (invitation) == UCWA_INVITATION_STATUS_PENDING)
    return;

  href = ucwa_invitation_get_href (invitation);
  if (href != NULL && g_hash_table_lookup (self->invitations_by_href, href) == invitation)
    {
      /* A straggler for it must not ring as a new invitation. */
      ucwa_href_set_add (&self->ignored_invitations, href);
      g_hash_table_remove (self->invitations_by_href, href);
    }

  /* The oldest go first: they sit at the front. */
  if (g_list_store_find (self->invitations, invitation, &position))
    g_list_store_remove (self->invitations, position);
}

guint
ucwa_model_get_n_hrefs (UcwaModel *self)
{
  g_return_val_if_fail (UCWA_IS_MODEL (self), 0);

  return g_hash_table_size (self->invitations_by_href) +
         ucwa_operation_set_size (&self->outgoing) +
         g_hash_table_size (self->ignored_invitations.set) +
         g_hash_table_size (self->conversations_by_href) +
         g_hash_table_size (self->removed_conversations.set);
}

GListModel *
ucwa_model_get_conversations (UcwaModel *self)
{
  g_return_val_if_fail (UCWA_IS_MODEL (self), NULL);

  return G_LIST_MODEL (self->conversations);
}

UcwaMessage *
ucwa_model_add_outgoing_message (UcwaModel        *self,
                                 UcwaConversation *conversation,
                                 const char       *operation_id,
                                 const char       *text)
{
  g_autoptr (UcwaMessage) message = NULL;
  UcwaMessage            *early;
  UcwaParticipant        *local;

  g_return_val_if_fail (UCWA_IS_MODEL (self), NULL);
  g_return_val_if_fail (UCWA_IS_CONVERSATION (conversation), NULL);

  /* The event channel can beat the POST's 201 (§7): then the message is
   * already listed and this is the same one. */
  early = ucwa_conversation_lookup_message_by_operation_id (conversation, operation_id);
  if (early != NULL)
    {
      if (*ucwa_message_get_text (early) == '\0')
        ucwa_message_set_text (early, text);
      return early;
    }

  message = ucwa_message_new (NULL, operation_id, UCWA_DIRECTION_OUTGOING);
  ucwa_message_set_text (message, text);
  ucwa_message_set_timestamp (message, g_get_real_time () / 1000);
  ucwa_message_set_status (message, UCWA_MESSAGE_STATUS_PENDING);
  local = ucwa_conversation_get_local_participant (conversation);
  if (local != NULL)
    ucwa_message_set_sender_name (message, ucwa_participant_get_name (local));

  ucwa_conversation_add_message (conversation, message);
  emit_message_added (self, conversation, message);

  /* The conversation's list holds it. */
  return message;
}

void
ucwa_model_fail_outgoing_message (UcwaModel   *self,
                                  UcwaMessage *message)
{
  g_return_if_fail (UCWA_IS_MODEL (self));
  g_return_if_fail (UCWA_IS_MESSAGE (message));

  /* A completed event may have said otherwise already: it wins. */
  if (ucwa_message_get_status (message) == UCWA_MESSAGE_STATUS_PENDING)
    ucwa_message_set_status (message, UCWA_MESSAGE_STATUS_FAILED);
}

void
ucwa_model_confirm_outgoing_message (UcwaModel   *self,
                                     UcwaMessage *message)
{
  g_return_if_fail (UCWA_IS_MODEL (self));
  g_return_if_fail (UCWA_IS_MESSAGE (message));

  if (ucwa_message_get_status (message) == UCWA_MESSAGE_STATUS_PENDING)
    ucwa_message_set_status (message, UCWA_MESSAGE_STATUS_DELIVERED);
}

UcwaInvitation *
ucwa_model_add_outgoing_invitation (UcwaModel         *self,
                                    UcwaInvitationKind kind,
                                    const char        *operation_id)
{
  g_return_val_if_fail (UCWA_IS_MODEL (self), NULL);
  g_return_val_if_fail (operation_id != NULL, NULL);

  return ucwa_operation_set_add (&self->outgoing, kind, operation_id);
}

void
ucwa_model_forget_outgoing_invitation (UcwaModel      *self,
                                       UcwaInvitation *invitation)
{
  const char *href;

  g_return_if_fail (UCWA_IS_MODEL (self));
  g_return_if_fail (UCWA_IS_INVITATION (invitation));

  href = ucwa_invitation_get_href (invitation);
  if (href != NULL && g_hash_table_lookup (self->invitations_by_href, href) == invitation)
    {
      /* Its stragglers are ignored like any outgoing invitation's. */
      ucwa_href_set_add (&self->ignored_invitations, href);
      g_hash_table_remove (self->invitations_by_href, href);
    }
  ucwa_operation_set_remove (&self->outgoing, invitation);
}

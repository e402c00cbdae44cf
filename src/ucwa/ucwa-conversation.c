/* ucwa-conversation.c: a conversation, its messaging modality and roster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ucwa-conversation.h"

#include "ucwa-enum-types.h"
#include "ucwa-model-private.h"
#include "ucwa-resource.h"

struct _UcwaConversation
{
  GObject parent_instance;

  char                 *href;
  UcwaConversationState state;
  char                 *subject;
  char                 *thread_id;
  char                 *importance;
  char                 *title;

  UcwaModalityState messaging_state;
  char             *messaging_href;
  char             *send_message_href;
  char             *set_is_typing_href;
  char             *add_messaging_href;
  char             *stop_messaging_href;
  char             *typing_participants_href;

  GListStore      *messages;            /* UcwaMessage, arrival order */
  GListStore      *participants;        /* UcwaParticipant, remote roster */
  GListStore      *typing_participants; /* UcwaParticipant */
  UcwaParticipant *local_participant;

  /* Lookups for the event stream; dropped when the conversation closes. */
  GHashTable *messages_by_href;         /* href → UcwaMessage */
  GHashTable *messages_by_operation_id; /* operationId → UcwaMessage */
};

G_DEFINE_FINAL_TYPE (UcwaConversation, ucwa_conversation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HREF,
  PROP_STATE,
  PROP_SUBJECT,
  PROP_THREAD_ID,
  PROP_IMPORTANCE,
  PROP_MESSAGING_STATE,
  PROP_MESSAGING_HREF,
  PROP_SEND_MESSAGE_HREF,
  PROP_SET_IS_TYPING_HREF,
  PROP_ADD_MESSAGING_HREF,
  PROP_STOP_MESSAGING_HREF,
  PROP_TYPING_PARTICIPANTS_HREF,
  PROP_MESSAGES,
  PROP_PARTICIPANTS,
  PROP_TYPING_PARTICIPANTS,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void participant_name_changed_cb (UcwaConversation *self);

static void
ucwa_conversation_dispose (GObject *object)
{
  UcwaConversation *self = UCWA_CONVERSATION (object);

  /* The roster's notify::name handlers point back at us. */
  if (self->participants != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->participants));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr (UcwaParticipant) participant = g_list_model_get_item (G_LIST_MODEL (self->participants), i);

          g_signal_handlers_disconnect_by_func (participant, participant_name_changed_cb, self);
        }
    }

  g_clear_object (&self->messages);
  g_clear_object (&self->participants);
  g_clear_object (&self->typing_participants);
  g_clear_object (&self->local_participant);
  g_clear_pointer (&self->messages_by_href, g_hash_table_unref);
  g_clear_pointer (&self->messages_by_operation_id, g_hash_table_unref);

  G_OBJECT_CLASS (ucwa_conversation_parent_class)->dispose (object);
}

static void
ucwa_conversation_finalize (GObject *object)
{
  UcwaConversation *self = UCWA_CONVERSATION (object);

  g_free (self->href);
  g_free (self->subject);
  g_free (self->thread_id);
  g_free (self->importance);
  g_free (self->title);
  g_free (self->messaging_href);
  g_free (self->send_message_href);
  g_free (self->set_is_typing_href);
  g_free (self->add_messaging_href);
  g_free (self->stop_messaging_href);
  g_free (self->typing_participants_href);

  G_OBJECT_CLASS (ucwa_conversation_parent_class)->finalize (object);
}

static void
ucwa_conversation_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  UcwaConversation *self = UCWA_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_HREF:
      g_value_set_string (value, self->href);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case PROP_THREAD_ID:
      g_value_set_string (value, self->thread_id);
      break;
    case PROP_IMPORTANCE:
      g_value_set_string (value, self->importance);
      break;
    case PROP_MESSAGING_STATE:
      g_value_set_enum (value, self->messaging_state);
      break;
    case PROP_MESSAGING_HREF:
      g_value_set_string (value, self->messaging_href);
      break;
    case PROP_SEND_MESSAGE_HREF:
      g_value_set_string (value, self->send_message_href);
      break;
    case PROP_SET_IS_TYPING_HREF:
      g_value_set_string (value, self->set_is_typing_href);
      break;
    case PROP_ADD_MESSAGING_HREF:
      g_value_set_string (value, self->add_messaging_href);
      break;
    case PROP_STOP_MESSAGING_HREF:
      g_value_set_string (value, self->stop_messaging_href);
      break;
    case PROP_TYPING_PARTICIPANTS_HREF:
      g_value_set_string (value, self->typing_participants_href);
      break;
    case PROP_MESSAGES:
      g_value_set_object (value, self->messages);
      break;
    case PROP_PARTICIPANTS:
      g_value_set_object (value, self->participants);
      break;
    case PROP_TYPING_PARTICIPANTS:
      g_value_set_object (value, self->typing_participants);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ucwa_conversation_class_init (UcwaConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ucwa_conversation_dispose;
  object_class->finalize = ucwa_conversation_finalize;
  object_class->get_property = ucwa_conversation_get_property;

  props[PROP_HREF] = g_param_spec_string ("href", NULL, NULL, NULL, flags);
  props[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL,
                                         UCWA_TYPE_CONVERSATION_STATE,
                                         UCWA_CONVERSATION_STATE_UNKNOWN,
                                         flags);
  props[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, flags);
  props[PROP_THREAD_ID] = g_param_spec_string ("thread-id", NULL, NULL, NULL, flags);
  props[PROP_IMPORTANCE] = g_param_spec_string ("importance", NULL, NULL, NULL, flags);
  props[PROP_MESSAGING_STATE] = g_param_spec_enum ("messaging-state", NULL, NULL,
                                                   UCWA_TYPE_MODALITY_STATE,
                                                   UCWA_MODALITY_STATE_DISCONNECTED,
                                                   flags);
  props[PROP_MESSAGING_HREF] = g_param_spec_string ("messaging-href", NULL, NULL, NULL, flags);
  props[PROP_SEND_MESSAGE_HREF] = g_param_spec_string ("send-message-href", NULL, NULL, NULL, flags);
  props[PROP_SET_IS_TYPING_HREF] = g_param_spec_string ("set-is-typing-href", NULL, NULL, NULL, flags);
  props[PROP_ADD_MESSAGING_HREF] = g_param_spec_string ("add-messaging-href", NULL, NULL, NULL, flags);
  props[PROP_STOP_MESSAGING_HREF] = g_param_spec_string ("stop-messaging-href", NULL, NULL, NULL, flags);
  props[PROP_TYPING_PARTICIPANTS_HREF] = g_param_spec_string ("typing-participants-href", NULL, NULL, NULL, flags);
  props[PROP_MESSAGES] = g_param_spec_object ("messages", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  props[PROP_PARTICIPANTS] = g_param_spec_object ("participants", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  props[PROP_TYPING_PARTICIPANTS] = g_param_spec_object ("typing-participants", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  props[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, "", flags);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
ucwa_conversation_init (UcwaConversation *self)
{
  self->state = UCWA_CONVERSATION_STATE_UNKNOWN;
  self->messaging_state = UCWA_MODALITY_STATE_DISCONNECTED;
  self->title = g_strdup ("");
  self->messages = g_list_store_new (UCWA_TYPE_MESSAGE);
  self->participants = g_list_store_new (UCWA_TYPE_PARTICIPANT);
  self->typing_participants = g_list_store_new (UCWA_TYPE_PARTICIPANT);
  self->messages_by_href = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->messages_by_operation_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

UcwaConversation *
ucwa_conversation_new (const char *href)
{
  UcwaConversation *self = g_object_new (UCWA_TYPE_CONVERSATION, NULL);

  self->href = g_strdup (href);

  return self;
}

const char *
ucwa_conversation_get_href (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  return self->href;
}

UcwaConversationState
ucwa_conversation_get_state (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), UCWA_CONVERSATION_STATE_UNKNOWN);

  return self->state;
}

const char *
ucwa_conversation_get_subject (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  return self->subject;
}

const char *
ucwa_conversation_get_thread_id (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  return self->thread_id;
}

const char *
ucwa_conversation_get_importance (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  return self->importance;
}

UcwaModalityState
ucwa_conversation_get_messaging_state (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), UCWA_MODALITY_STATE_DISCONNECTED);

  return self->messaging_state;
}

const char *
ucwa_conversation_get_messaging_href (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  return self->messaging_href;
}

const char *
ucwa_conversation_get_send_message_href (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  return self->send_message_href;
}

const char *
ucwa_conversation_get_set_is_typing_href (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  return self->set_is_typing_href;
}

const char *
ucwa_conversation_get_add_messaging_href (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  return self->add_messaging_href;
}

const char *
ucwa_conversation_get_stop_messaging_href (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  return self->stop_messaging_href;
}

const char *
ucwa_conversation_get_typing_participants_href (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  return self->typing_participants_href;
}

GListModel *
ucwa_conversation_get_messages (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  return G_LIST_MODEL (self->messages);
}

GListModel *
ucwa_conversation_get_participants (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  return G_LIST_MODEL (self->participants);
}

GListModel *
ucwa_conversation_get_typing_participants (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  return G_LIST_MODEL (self->typing_participants);
}

const char *
ucwa_conversation_get_title (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), "");

  return self->title;
}

static void
set_string_prop (UcwaConversation *self,
                 char            **field,
                 const char       *value,
                 guint             prop_id)
{
  if (ucwa_model_set_string (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), props[prop_id]);
}

static void
update_title (UcwaConversation *self)
{
  g_autoptr (GString) title = NULL;

  if (self->subject != NULL && *self->subject != '\0')
    {
      set_string_prop (self, &self->title, self->subject, PROP_TITLE);
      return;
    }

  title = g_string_new (NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->participants)); i++)
    {
      g_autoptr (UcwaParticipant) participant = g_list_model_get_item (G_LIST_MODEL (self->participants), i);
      const char                 *name = ucwa_participant_get_name (participant);

      if (name == NULL || *name == '\0')
        continue;
      if (title->len > 0)
        g_string_append (title, ", ");
      g_string_append (title, name);
    }

  set_string_prop (self, &self->title, title->str, PROP_TITLE);
}

static void
participant_name_changed_cb (UcwaConversation *self)
{
  update_title (self);
}

void
ucwa_conversation_set_state (UcwaConversation     *self,
                             UcwaConversationState state)
{
  g_return_if_fail (UCWA_IS_CONVERSATION (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

void
ucwa_conversation_set_messaging_href (UcwaConversation *self,
                                      const char       *href)
{
  g_return_if_fail (UCWA_IS_CONVERSATION (self));

  if (href != NULL)
    set_string_prop (self, &self->messaging_href, href, PROP_MESSAGING_HREF);
}

/* Present members replace, absent ones keep: the conversation's copies are
 * complete in the traces, but a link-only update must not blank the view. */
static void
update_string_member (UcwaConversation *self,
                      JsonObject       *resource,
                      const char       *member,
                      char            **field,
                      guint             prop_id)
{
  if (!json_object_has_member (resource, member))
    return;

  set_string_prop (self, field, ucwa_resource_get_string (resource, member), prop_id);
}

void
ucwa_conversation_update_from_resource (UcwaConversation *self,
                                        JsonObject       *resource,
                                        GUri             *base)
{
  g_autofree char *messaging_href = NULL;
  const char      *state;

  g_return_if_fail (UCWA_IS_CONVERSATION (self));

  if (resource == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  state = ucwa_resource_get_string (resource, "state");
  if (state != NULL)
    ucwa_conversation_set_state (self, ucwa_conversation_state_from_string (state));
  else if (json_object_has_member (resource, "state"))
    g_debug ("Conversation %s: state is not a string", self->href);

  update_string_member (self, resource, "subject", &self->subject, PROP_SUBJECT);
  update_string_member (self, resource, "threadId", &self->thread_id, PROP_THREAD_ID);
  update_string_member (self, resource, "importance", &self->importance, PROP_IMPORTANCE);

  messaging_href = ucwa_resource_dup_link (resource, "messaging", base);
  ucwa_conversation_set_messaging_href (self, messaging_href);

  update_title (self);

  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_messaging_state (UcwaConversation *self,
                     UcwaModalityState state)
{
  if (self->messaging_state == state)
    return;

  self->messaging_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MESSAGING_STATE]);
}

static void
set_capability_link (UcwaConversation *self,
                     JsonObject       *resource,
                     GUri             *base,
                     const char       *rel,
                     char            **field,
                     guint             prop_id)
{
  g_autofree char *href = ucwa_resource_dup_link (resource, rel, base);

  set_string_prop (self, field, href, prop_id);
}

/* A messaging resource (§12.2).  Capability links come and go with the
 * state: each copy is the whole truth, so an absent link clears ours. */
void
ucwa_conversation_update_messaging (UcwaConversation *self,
                                    JsonObject       *resource,
                                    GUri             *base)
{
  g_autofree char *self_href = NULL;
  const char      *state;

  g_return_if_fail (UCWA_IS_CONVERSATION (self));

  if (resource == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  state = ucwa_resource_get_string (resource, "state");
  if (state != NULL)
    set_messaging_state (self, ucwa_modality_state_from_string (state));
  else
    g_debug ("Conversation %s: messaging without a state", self->href);

  self_href = ucwa_resource_dup_link (resource, "self", base);
  ucwa_conversation_set_messaging_href (self, self_href);

  set_capability_link (self, resource, base, "sendMessage", &self->send_message_href, PROP_SEND_MESSAGE_HREF);
  set_capability_link (self, resource, base, "setIsTyping", &self->set_is_typing_href, PROP_SET_IS_TYPING_HREF);
  set_capability_link (self, resource, base, "addMessaging", &self->add_messaging_href, PROP_ADD_MESSAGING_HREF);
  set_capability_link (self, resource, base, "stopMessaging", &self->stop_messaging_href, PROP_STOP_MESSAGING_HREF);
  set_capability_link (self, resource, base, "typingParticipants", &self->typing_participants_href, PROP_TYPING_PARTICIPANTS_HREF);

  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
find_in_store (GListStore *store,
               const char *href,
               guint      *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (UcwaParticipant) participant = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_strcmp0 (ucwa_participant_get_href (participant), href) == 0)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

UcwaParticipant *
ucwa_conversation_lookup_participant (UcwaConversation *self,
                                      const char       *href)
{
  GListStore *stores[2];
  guint       position;

  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  if (href == NULL)
    return NULL;

  if (self->local_participant != NULL &&
      g_strcmp0 (ucwa_participant_get_href (self->local_participant), href) == 0)
    return self->local_participant;

  stores[0] = self->participants;
  stores[1] = self->typing_participants;
  for (guint i = 0; i < G_N_ELEMENTS (stores); i++)
    {
      if (find_in_store (stores[i], href, &position))
        {
          /* The store keeps its reference: hand out a borrowed one. */
          g_autoptr (UcwaParticipant) participant = g_list_model_get_item (G_LIST_MODEL (stores[i]), position);

          return participant;
        }
    }

  return NULL;
}

UcwaParticipant *
ucwa_conversation_get_local_participant (UcwaConversation *self)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  return self->local_participant;
}

void
ucwa_conversation_set_local_participant (UcwaConversation *self,
                                         UcwaParticipant  *participant)
{
  g_return_if_fail (UCWA_IS_CONVERSATION (self));
  g_return_if_fail (participant == NULL || UCWA_IS_PARTICIPANT (participant));

  g_set_object (&self->local_participant, participant);
}

gboolean
ucwa_conversation_is_member (UcwaConversation *self,
                             UcwaParticipant  *participant)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), FALSE);
  g_return_val_if_fail (UCWA_IS_PARTICIPANT (participant), FALSE);

  return g_list_store_find (self->participants, participant, NULL);
}

void
ucwa_conversation_add_participant (UcwaConversation *self,
                                   UcwaParticipant  *participant)
{
  g_return_if_fail (UCWA_IS_CONVERSATION (self));
  g_return_if_fail (UCWA_IS_PARTICIPANT (participant));

  if (g_list_store_find (self->participants, participant, NULL))
    return;

  g_signal_connect_object (participant, "notify::name",
                           G_CALLBACK (participant_name_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_list_store_append (self->participants, participant);
  update_title (self);
}

void
ucwa_conversation_set_participant_typing (UcwaConversation *self,
                                          UcwaParticipant  *participant,
                                          gboolean          typing)
{
  guint    position;
  gboolean listed;

  g_return_if_fail (UCWA_IS_CONVERSATION (self));
  g_return_if_fail (UCWA_IS_PARTICIPANT (participant));

  listed = g_list_store_find (self->typing_participants, participant, &position);
  if (typing && !listed)
    g_list_store_append (self->typing_participants, participant);
  else if (!typing && listed)
    g_list_store_remove (self->typing_participants, position);

  ucwa_participant_set_typing (participant, typing);
}

void
ucwa_conversation_remove_participant (UcwaConversation *self,
                                      UcwaParticipant  *participant)
{
  g_autoptr (UcwaParticipant) hold = NULL;
  guint                       position;

  g_return_if_fail (UCWA_IS_CONVERSATION (self));
  g_return_if_fail (UCWA_IS_PARTICIPANT (participant));

  hold = g_object_ref (participant);

  /* Someone who left is not typing any more. */
  ucwa_conversation_set_participant_typing (self, participant, FALSE);

  if (g_list_store_find (self->participants, participant, &position))
    {
      g_signal_handlers_disconnect_by_func (participant, participant_name_changed_cb, self);
      g_list_store_remove (self->participants, position);
      update_title (self);
    }

  if (self->local_participant == participant)
    g_clear_object (&self->local_participant);
}

UcwaMessage *
ucwa_conversation_lookup_message (UcwaConversation *self,
                                  const char       *href)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  if (href == NULL || self->messages_by_href == NULL)
    return NULL;

  return g_hash_table_lookup (self->messages_by_href, href);
}

UcwaMessage *
ucwa_conversation_lookup_message_by_operation_id (UcwaConversation *self,
                                                  const char       *operation_id)
{
  g_return_val_if_fail (UCWA_IS_CONVERSATION (self), NULL);

  if (operation_id == NULL || self->messages_by_operation_id == NULL)
    return NULL;

  return g_hash_table_lookup (self->messages_by_operation_id, operation_id);
}

void
ucwa_conversation_add_message (UcwaConversation *self,
                               UcwaMessage      *message)
{
  const char *href;
  const char *operation_id;

  g_return_if_fail (UCWA_IS_CONVERSATION (self));
  g_return_if_fail (UCWA_IS_MESSAGE (message));

  href = ucwa_message_get_href (message);
  operation_id = ucwa_message_get_operation_id (message);

  if (href != NULL && self->messages_by_href != NULL)
    g_hash_table_replace (self->messages_by_href, g_strdup (href), g_object_ref (message));
  if (operation_id != NULL && self->messages_by_operation_id != NULL)
    g_hash_table_replace (self->messages_by_operation_id, g_strdup (operation_id), g_object_ref (message));

  g_list_store_append (self->messages, message);
}

void
ucwa_conversation_set_message_href (UcwaConversation *self,
                                    UcwaMessage      *message,
                                    const char       *href)
{
  const char *old_href;

  g_return_if_fail (UCWA_IS_CONVERSATION (self));
  g_return_if_fail (UCWA_IS_MESSAGE (message));

  old_href = ucwa_message_get_href (message);
  if (g_strcmp0 (old_href, href) == 0)
    return;

  if (self->messages_by_href != NULL)
    {
      if (old_href != NULL &&
          g_hash_table_lookup (self->messages_by_href, old_href) == message)
        g_hash_table_remove (self->messages_by_href, old_href);
      if (href != NULL)
        g_hash_table_replace (self->messages_by_href, g_strdup (href), g_object_ref (message));
    }

  ucwa_message_set_href (message, href);
}

void
ucwa_conversation_close (UcwaConversation *self)
{
  g_return_if_fail (UCWA_IS_CONVERSATION (self));

  g_object_freeze_notify (G_OBJECT (self));

  ucwa_conversation_set_state (self, UCWA_CONVERSATION_STATE_DISCONNECTED);
  set_messaging_state (self, UCWA_MODALITY_STATE_DISCONNECTED);
  set_string_prop (self, &self->send_message_href, NULL, PROP_SEND_MESSAGE_HREF);
  set_string_prop (self, &self->set_is_typing_href, NULL, PROP_SET_IS_TYPING_HREF);
  set_string_prop (self, &self->add_messaging_href, NULL, PROP_ADD_MESSAGING_HREF);
  set_string_prop (self, &self->stop_messaging_href, NULL, PROP_STOP_MESSAGING_HREF);
  set_string_prop (self, &self->typing_participants_href, NULL, PROP_TYPING_PARTICIPANTS_HREF);

  while (g_list_model_get_n_items (G_LIST_MODEL (self->typing_participants)) > 0)
    {
      g_autoptr (UcwaParticipant) participant = g_list_model_get_item (G_LIST_MODEL (self->typing_participants), 0);

      ucwa_conversation_set_participant_typing (self, participant, FALSE);
    }

  /* No event will reach a closed conversation: the lookups would only pin
   * memory for as long as someone holds the object. */
  g_clear_pointer (&self->messages_by_href, g_hash_table_unref);
  g_clear_pointer (&self->messages_by_operation_id, g_hash_table_unref);

  g_object_thaw_notify (G_OBJECT (self));
}

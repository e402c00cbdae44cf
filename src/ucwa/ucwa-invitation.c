/* ucwa-invitation.c: a messaging or online meeting invitation: incoming, or
 * one of ours (startMessaging, joinOnlineMeeting)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ucwa-invitation.h"

#include "ucwa-enum-types.h"
#include "ucwa-model-private.h"
#include "ucwa-resource.h"

struct _UcwaInvitation
{
  GObject parent_instance;

  char                *href;
  UcwaInvitationKind   kind;
  UcwaDirection        direction;
  UcwaInvitationStatus status;
  char                *state;
  char                *from_name;
  char                *from_uri;
  char                *subject;
  char                *importance;
  char                *message;
  char                *thread_id;
  char                *online_meeting_uri;
  char                *operation_id;
  char                *conversation_href;
  char                *accept_href;
  char                *decline_href;
  char                *cancel_href; /* outgoing, while pending */
  char                *failure_code;
  char                *failure_subcode;
  char                *failure_message;
};

G_DEFINE_FINAL_TYPE (UcwaInvitation, ucwa_invitation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HREF,
  PROP_KIND,
  PROP_DIRECTION,
  PROP_STATUS,
  PROP_STATE,
  PROP_FROM_NAME,
  PROP_FROM_URI,
  PROP_SUBJECT,
  PROP_IMPORTANCE,
  PROP_MESSAGE,
  PROP_THREAD_ID,
  PROP_ONLINE_MEETING_URI,
  PROP_OPERATION_ID,
  PROP_CONVERSATION_HREF,
  PROP_ACCEPT_HREF,
  PROP_DECLINE_HREF,
  PROP_CANCEL_HREF,
  PROP_FAILURE_CODE,
  PROP_FAILURE_SUBCODE,
  PROP_FAILURE_MESSAGE,
  PROP_ANSWERABLE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
ucwa_invitation_finalize (GObject *object)
{
  UcwaInvitation *self = UCWA_INVITATION (object);

  g_free (self->href);
  g_free (self->state);
  g_free (self->from_name);
  g_free (self->from_uri);
  g_free (self->subject);
  g_free (self->importance);
  g_free (self->message);
  g_free (self->thread_id);
  g_free (self->online_meeting_uri);
  g_free (self->operation_id);
  g_free (self->conversation_href);
  g_free (self->accept_href);
  g_free (self->decline_href);
  g_free (self->cancel_href);
  g_free (self->failure_code);
  g_free (self->failure_subcode);
  g_free (self->failure_message);

  G_OBJECT_CLASS (ucwa_invitation_parent_class)->finalize (object);
}

static void
ucwa_invitation_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  UcwaInvitation *self = UCWA_INVITATION (object);

  switch (prop_id)
    {
    case PROP_HREF:
      g_value_set_string (value, self->href);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_DIRECTION:
      g_value_set_enum (value, self->direction);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    case PROP_FROM_NAME:
      g_value_set_string (value, self->from_name);
      break;
    case PROP_FROM_URI:
      g_value_set_string (value, self->from_uri);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case PROP_IMPORTANCE:
      g_value_set_string (value, self->importance);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_THREAD_ID:
      g_value_set_string (value, self->thread_id);
      break;
    case PROP_ONLINE_MEETING_URI:
      g_value_set_string (value, self->online_meeting_uri);
      break;
    case PROP_OPERATION_ID:
      g_value_set_string (value, self->operation_id);
      break;
    case PROP_CONVERSATION_HREF:
      g_value_set_string (value, self->conversation_href);
      break;
    case PROP_ACCEPT_HREF:
      g_value_set_string (value, self->accept_href);
      break;
    case PROP_DECLINE_HREF:
      g_value_set_string (value, self->decline_href);
      break;
    case PROP_CANCEL_HREF:
      g_value_set_string (value, self->cancel_href);
      break;
    case PROP_FAILURE_CODE:
      g_value_set_string (value, self->failure_code);
      break;
    case PROP_FAILURE_SUBCODE:
      g_value_set_string (value, self->failure_subcode);
      break;
    case PROP_FAILURE_MESSAGE:
      g_value_set_string (value, self->failure_message);
      break;
    case PROP_ANSWERABLE:
      g_value_set_boolean (value, ucwa_invitation_is_answerable (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ucwa_invitation_class_init (UcwaInvitationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ucwa_invitation_finalize;
  object_class->get_property = ucwa_invitation_get_property;

  props[PROP_HREF] = g_param_spec_string ("href", NULL, NULL, NULL, flags);
  props[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL,
                                        UCWA_TYPE_INVITATION_KIND,
                                        UCWA_INVITATION_KIND_MESSAGING,
                                        flags);
  props[PROP_DIRECTION] = g_param_spec_enum ("direction", NULL, NULL,
                                             UCWA_TYPE_DIRECTION,
                                             UCWA_DIRECTION_INCOMING,
                                             flags);
  props[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL,
                                          UCWA_TYPE_INVITATION_STATUS,
                                          UCWA_INVITATION_STATUS_PENDING,
                                          flags);
  props[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, flags);
  props[PROP_FROM_NAME] = g_param_spec_string ("from-name", NULL, NULL, NULL, flags);
  props[PROP_FROM_URI] = g_param_spec_string ("from-uri", NULL, NULL, NULL, flags);
  props[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, flags);
  props[PROP_IMPORTANCE] = g_param_spec_string ("importance", NULL, NULL, NULL, flags);
  props[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
  props[PROP_THREAD_ID] = g_param_spec_string ("thread-id", NULL, NULL, NULL, flags);
  props[PROP_ONLINE_MEETING_URI] = g_param_spec_string ("online-meeting-uri", NULL, NULL, NULL, flags);
  props[PROP_OPERATION_ID] = g_param_spec_string ("operation-id", NULL, NULL, NULL, flags);
  props[PROP_CONVERSATION_HREF] = g_param_spec_string ("conversation-href", NULL, NULL, NULL, flags);
  props[PROP_ACCEPT_HREF] = g_param_spec_string ("accept-href", NULL, NULL, NULL, flags);
  props[PROP_DECLINE_HREF] = g_param_spec_string ("decline-href", NULL, NULL, NULL, flags);
  props[PROP_CANCEL_HREF] = g_param_spec_string ("cancel-href", NULL, NULL, NULL, flags);
  props[PROP_FAILURE_CODE] = g_param_spec_string ("failure-code", NULL, NULL, NULL, flags);
  props[PROP_FAILURE_SUBCODE] = g_param_spec_string ("failure-subcode", NULL, NULL, NULL, flags);
  props[PROP_FAILURE_MESSAGE] = g_param_spec_string ("failure-message", NULL, NULL, NULL, flags);
  props[PROP_ANSWERABLE] = g_param_spec_boolean ("answerable", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
ucwa_invitation_init (UcwaInvitation *self)
{
  self->status = UCWA_INVITATION_STATUS_PENDING;
  self->direction = UCWA_DIRECTION_INCOMING;
}

UcwaInvitation *
ucwa_invitation_new (const char        *href,
                     UcwaInvitationKind kind)
{
  UcwaInvitation *self = g_object_new (UCWA_TYPE_INVITATION, NULL);

  self->href = g_strdup (href);
  self->kind = kind;

  return self;
}

const char *
ucwa_invitation_get_href (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->href;
}

UcwaInvitationKind
ucwa_invitation_get_kind (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), UCWA_INVITATION_KIND_MESSAGING);

  return self->kind;
}

UcwaDirection
ucwa_invitation_get_direction (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), UCWA_DIRECTION_INCOMING);

  return self->direction;
}

UcwaInvitationStatus
ucwa_invitation_get_status (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), UCWA_INVITATION_STATUS_PENDING);

  return self->status;
}

const char *
ucwa_invitation_get_state (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->state;
}

const char *
ucwa_invitation_get_from_name (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->from_name;
}

const char *
ucwa_invitation_get_from_uri (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->from_uri;
}

const char *
ucwa_invitation_get_subject (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->subject;
}

const char *
ucwa_invitation_get_importance (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->importance;
}

const char *
ucwa_invitation_get_message (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->message;
}

const char *
ucwa_invitation_get_thread_id (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->thread_id;
}

const char *
ucwa_invitation_get_online_meeting_uri (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->online_meeting_uri;
}

const char *
ucwa_invitation_get_operation_id (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->operation_id;
}

const char *
ucwa_invitation_get_conversation_href (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->conversation_href;
}

const char *
ucwa_invitation_get_accept_href (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->accept_href;
}

const char *
ucwa_invitation_get_decline_href (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->decline_href;
}

/* An outgoing invitation's way to withdraw it (§10), while it is pending. */
const char *
ucwa_invitation_get_cancel_href (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->cancel_href;
}

const char *
ucwa_invitation_get_failure_code (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->failure_code;
}

const char *
ucwa_invitation_get_failure_subcode (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->failure_subcode;
}

const char *
ucwa_invitation_get_failure_message (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), NULL);

  return self->failure_message;
}

/* Answerable while pending with at least one of accept/decline: declining
 * alone is still an answer. */
gboolean
ucwa_invitation_is_answerable (UcwaInvitation *self)
{
  g_return_val_if_fail (UCWA_IS_INVITATION (self), FALSE);

  return self->status == UCWA_INVITATION_STATUS_PENDING &&
         (self->accept_href != NULL || self->decline_href != NULL);
}

static void
set_string_prop (UcwaInvitation *self,
                 char          **field,
                 const char     *value,
                 guint           prop_id)
{
  if (ucwa_model_set_string (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), props[prop_id]);
}

/* accept/decline change is_answerable as well. */
static void
set_answer_links (UcwaInvitation *self,
                  const char     *accept_href,
                  const char     *decline_href)
{
  gboolean was_answerable = ucwa_invitation_is_answerable (self);

  g_object_freeze_notify (G_OBJECT (self));
  set_string_prop (self, &self->accept_href, accept_href, PROP_ACCEPT_HREF);
  set_string_prop (self, &self->decline_href, decline_href, PROP_DECLINE_HREF);
  if (was_answerable != ucwa_invitation_is_answerable (self))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ANSWERABLE]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ucwa_invitation_set_href (UcwaInvitation *self,
                          const char     *href)
{
  g_return_if_fail (UCWA_IS_INVITATION (self));

  set_string_prop (self, &self->href, href, PROP_HREF);
}

void
ucwa_invitation_set_outgoing (UcwaInvitation *self,
                              const char     *operation_id)
{
  g_return_if_fail (UCWA_IS_INVITATION (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->direction != UCWA_DIRECTION_OUTGOING)
    {
      self->direction = UCWA_DIRECTION_OUTGOING;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DIRECTION]);
    }
  set_string_prop (self, &self->operation_id, operation_id, PROP_OPERATION_ID);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ucwa_invitation_clear_answer_links (UcwaInvitation *self)
{
  g_return_if_fail (UCWA_IS_INVITATION (self));

  set_answer_links (self, NULL, NULL);
}

/* A present member replaces the cached value, an absent one keeps it: the
 * server's later copies are not guaranteed to be complete. */
static void
update_string_member (UcwaInvitation *self,
                      JsonObject     *resource,
                      const char     *member,
                      char          **field,
                      guint           prop_id)
{
  if (!json_object_has_member (resource, member))
    return;

  set_string_prop (self, field, ucwa_resource_get_string (resource, member), prop_id);
}

static void
update_from (UcwaInvitation *self,
             JsonObject     *resource)
{
  JsonObject *from = ucwa_resource_get_embedded (resource, "from");
  const char *name = NULL;
  const char *uri = NULL;

  if (from != NULL)
    {
      name = ucwa_resource_get_string (from, "name");
      uri = ucwa_resource_get_string (from, "uri");
    }

  if (uri != NULL && *uri == '\0')
    uri = NULL;
  if (name == NULL || *name == '\0')
    name = uri;
  if (name == NULL || *name == '\0')
    name = ucwa_resource_get_link_title (resource, "from");
  if (name != NULL && *name == '\0')
    name = NULL;

  if (name != NULL)
    set_string_prop (self, &self->from_name, name, PROP_FROM_NAME);
  if (uri != NULL)
    set_string_prop (self, &self->from_uri, uri, PROP_FROM_URI);
}

void
ucwa_invitation_update_from_resource (UcwaInvitation *self,
                                      JsonObject     *resource,
                                      GUri           *base)
{
  g_autofree char *conversation_href = NULL;
  g_autofree char *accept_href = NULL;
  g_autofree char *decline_href = NULL;
  const char      *direction;

  g_return_if_fail (UCWA_IS_INVITATION (self));

  if (resource == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  direction = ucwa_resource_get_string (resource, "direction");
  if (direction != NULL)
    {
      UcwaDirection value = g_strcmp0 (direction, "Outgoing") == 0
                              ? UCWA_DIRECTION_OUTGOING
                              : UCWA_DIRECTION_INCOMING;

      if (value != self->direction)
        {
          self->direction = value;
          g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DIRECTION]);
        }
    }

  update_string_member (self, resource, "state", &self->state, PROP_STATE);
  update_string_member (self, resource, "subject", &self->subject, PROP_SUBJECT);
  update_string_member (self, resource, "importance", &self->importance, PROP_IMPORTANCE);
  update_string_member (self, resource, "threadId", &self->thread_id, PROP_THREAD_ID);
  update_string_member (self, resource, "onlineMeetingUri", &self->online_meeting_uri, PROP_ONLINE_MEETING_URI);
  update_string_member (self, resource, "operationId", &self->operation_id, PROP_OPERATION_ID);

  update_from (self, resource);

  if (ucwa_resource_get_link_href (resource, "message") != NULL)
    {
      g_autofree char *message = ucwa_message_decode_body (resource, "message", NULL);

      /* Undecodable: keep what an earlier copy gave. */
      if (message != NULL)
        set_string_prop (self, &self->message, message, PROP_MESSAGE);
    }

  conversation_href = ucwa_resource_dup_link (resource, "conversation", base);
  if (conversation_href != NULL)
    set_string_prop (self, &self->conversation_href, conversation_href, PROP_CONVERSATION_HREF);

  /* Only the `started` copy has accept/decline (§8.1): a copy without them
   * keeps the cached ones.  Once completed they are of no use. */
  accept_href = ucwa_resource_dup_link (resource, "accept", base);
  decline_href = ucwa_resource_dup_link (resource, "decline", base);
  if (self->status == UCWA_INVITATION_STATUS_PENDING &&
      (accept_href != NULL || decline_href != NULL))
    set_answer_links (self,
                      accept_href != NULL ? accept_href : self->accept_href,
                      decline_href != NULL ? decline_href : self->decline_href);

  /* Outgoing only (§8.1); like accept/decline, a copy without it keeps it. */
  if (self->status == UCWA_INVITATION_STATUS_PENDING && self->direction == UCWA_DIRECTION_OUTGOING)
    {
      g_autofree char *cancel_href = ucwa_resource_dup_link (resource, "cancel", base);

      if (cancel_href != NULL)
        set_string_prop (self, &self->cancel_href, cancel_href, PROP_CANCEL_HREF);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

void
ucwa_invitation_complete (UcwaInvitation *self,
                          gboolean        success,
                          const char     *code,
                          const char     *subcode,
                          const char     *message)
{
  gboolean was_answerable;

  g_return_if_fail (UCWA_IS_INVITATION (self));

  if (self->status != UCWA_INVITATION_STATUS_PENDING)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  was_answerable = ucwa_invitation_is_answerable (self);
  self->status = success ? UCWA_INVITATION_STATUS_SUCCEEDED : UCWA_INVITATION_STATUS_FAILED;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATUS]);
  set_string_prop (self, &self->accept_href, NULL, PROP_ACCEPT_HREF);
  set_string_prop (self, &self->decline_href, NULL, PROP_DECLINE_HREF);
  set_string_prop (self, &self->cancel_href, NULL, PROP_CANCEL_HREF);
  if (was_answerable)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ANSWERABLE]);

  if (self->status == UCWA_INVITATION_STATUS_FAILED)
    {
      set_string_prop (self, &self->failure_code, code, PROP_FAILURE_CODE);
      set_string_prop (self, &self->failure_subcode, subcode, PROP_FAILURE_SUBCODE);
      set_string_prop (self, &self->failure_message, message, PROP_FAILURE_MESSAGE);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/* beckon-invitation-copy.c: an invitation item as the GTK thread sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owner's thread only (the GTK thread).  What BeckonInvitationItem says on
 * the core, with the account's verdicts on answering it, as of the core's
 * last turn (beckon-copy-private.h); each update notifies what it changed,
 * by the names the item's properties have, so that a view follows either.
 * Nothing here decides anything: the core did.
 */

#include "config.h"

#include "beckon-invitation-copy.h"

#include "beckon-copy-private.h"
#include "beckon-enum-types.h"

struct _BeckonInvitationCopy
{
  GObject parent_instance;

  BeckonInvitationSnapshot snapshot; /* its strings and date owned */
  BeckonConversationCopy  *conversation;
};

G_DEFINE_FINAL_TYPE (BeckonInvitationCopy, beckon_invitation_copy, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_ANSWERABLE,
  PROP_IS_MEETING,
  PROP_RESTORED,
  PROP_INVITER,
  PROP_SUMMARY,
  PROP_BODY,
  PROP_STATUS_TEXT,
  PROP_ERROR_MESSAGE,
  PROP_RECEIVED,
  PROP_CONVERSATION_KEY,
  PROP_CONVERSATION,
  PROP_CAN_ACCEPT,
  PROP_CAN_DECLINE,
  PROP_ACCEPT_REFUSAL,
  PROP_DECLINE_REFUSAL,
  /* The main window's */
  PROP_CAN_REPLY,
  PROP_INVITER_URI,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
beckon_invitation_copy_dispose (GObject *object)
{
  BeckonInvitationCopy *self = BECKON_INVITATION_COPY (object);

  g_clear_object (&self->conversation);

  G_OBJECT_CLASS (beckon_invitation_copy_parent_class)->dispose (object);
}

static void
beckon_invitation_copy_finalize (GObject *object)
{
  BeckonInvitationCopy *self = BECKON_INVITATION_COPY (object);

  g_free (self->snapshot.inviter);
  g_free (self->snapshot.summary);
  g_free (self->snapshot.body);
  g_free (self->snapshot.status_text);
  g_free (self->snapshot.error_message);
  g_free (self->snapshot.conversation_key);
  g_free (self->snapshot.accept_refusal);
  g_free (self->snapshot.decline_refusal);
  g_free (self->snapshot.inviter_uri);
  g_clear_pointer (&self->snapshot.received, g_date_time_unref);

  G_OBJECT_CLASS (beckon_invitation_copy_parent_class)->finalize (object);
}

static void
beckon_invitation_copy_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  BeckonInvitationCopy *self = BECKON_INVITATION_COPY (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->snapshot.state);
      break;
    case PROP_ANSWERABLE:
      g_value_set_boolean (value, self->snapshot.answerable);
      break;
    case PROP_IS_MEETING:
      g_value_set_boolean (value, self->snapshot.is_meeting);
      break;
    case PROP_RESTORED:
      g_value_set_boolean (value, self->snapshot.restored);
      break;
    case PROP_INVITER:
      g_value_set_string (value, self->snapshot.inviter);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->snapshot.summary);
      break;
    case PROP_BODY:
      g_value_set_string (value, self->snapshot.body);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->snapshot.status_text);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->snapshot.error_message);
      break;
    case PROP_RECEIVED:
      g_value_set_boxed (value, self->snapshot.received);
      break;
    case PROP_CONVERSATION_KEY:
      g_value_set_string (value, self->snapshot.conversation_key);
      break;
    case PROP_INVITER_URI:
      g_value_set_string (value, self->snapshot.inviter_uri);
      break;
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;
    case PROP_CAN_ACCEPT:
      g_value_set_boolean (value, self->snapshot.can_accept);
      break;
    case PROP_CAN_DECLINE:
      g_value_set_boolean (value, self->snapshot.can_decline);
      break;
    case PROP_ACCEPT_REFUSAL:
      g_value_set_string (value, self->snapshot.accept_refusal);
      break;
    case PROP_DECLINE_REFUSAL:
      g_value_set_string (value, self->snapshot.decline_refusal);
      break;
    case PROP_CAN_REPLY:
      g_value_set_boolean (value, self->snapshot.can_reply);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_invitation_copy_class_init (BeckonInvitationCopyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = beckon_invitation_copy_dispose;
  object_class->finalize = beckon_invitation_copy_finalize;
  object_class->get_property = beckon_invitation_copy_get_property;

  props[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, BECKON_TYPE_INVITATION_STATE,
                                         BECKON_INVITATION_STATE_PENDING, ro);
  props[PROP_ANSWERABLE] = g_param_spec_boolean ("answerable", NULL, NULL, FALSE, ro);
  props[PROP_IS_MEETING] = g_param_spec_boolean ("is-meeting", NULL, NULL, FALSE, ro);
  props[PROP_RESTORED] = g_param_spec_boolean ("restored", NULL, NULL, FALSE, ro);
  props[PROP_INVITER] = g_param_spec_string ("inviter", NULL, NULL, NULL, ro);
  props[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, ro);
  props[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, NULL, ro);
  props[PROP_STATUS_TEXT] = g_param_spec_string ("status-text", NULL, NULL, NULL, ro);
  props[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  props[PROP_RECEIVED] = g_param_spec_boxed ("received", NULL, NULL, G_TYPE_DATE_TIME, ro);
  props[PROP_CONVERSATION_KEY] = g_param_spec_string ("conversation-key", NULL, NULL, NULL, ro);
  props[PROP_INVITER_URI] = g_param_spec_string ("inviter-uri", NULL, NULL, NULL, ro);
  props[PROP_CONVERSATION] = g_param_spec_object ("conversation", NULL, NULL, BECKON_TYPE_CONVERSATION_COPY, ro);
  props[PROP_CAN_ACCEPT] = g_param_spec_boolean ("can-accept", NULL, NULL, FALSE, ro);
  props[PROP_CAN_DECLINE] = g_param_spec_boolean ("can-decline", NULL, NULL, FALSE, ro);
  props[PROP_ACCEPT_REFUSAL] = g_param_spec_string ("accept-refusal", NULL, NULL, NULL, ro);
  props[PROP_DECLINE_REFUSAL] = g_param_spec_string ("decline-refusal", NULL, NULL, NULL, ro);
  /* beckon_account_can_reply()'s verdict, and whom the reply goes to. */
  props[PROP_CAN_REPLY] = g_param_spec_boolean ("can-reply", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
beckon_invitation_copy_init (BeckonInvitationCopy *self)
{
}

BeckonInvitationCopy *
_beckon_invitation_copy_new (guint64 id)
{
  BeckonInvitationCopy *self = g_object_new (BECKON_TYPE_INVITATION_COPY, NULL);

  self->snapshot.id = id;
  return self;
}

guint64
_beckon_invitation_copy_get_id (BeckonInvitationCopy *self)
{
  return self->snapshot.id;
}

/* The whole state at once, notified once the copy says it all (a view that
 * reads the verdicts on notify::state finds them up to date). */
void
_beckon_invitation_copy_update (BeckonInvitationCopy           *self,
                                const BeckonInvitationSnapshot *snapshot,
                                BeckonConversationCopy         *conversation)
{
  g_object_freeze_notify (G_OBJECT (self));
  beckon_copy_set_int (self, (int *) &self->snapshot.state, snapshot->state, props[PROP_STATE]);
  beckon_copy_set_int (self, (int *) &self->snapshot.answerable, snapshot->answerable, props[PROP_ANSWERABLE]);
  beckon_copy_set_int (self, (int *) &self->snapshot.is_meeting, snapshot->is_meeting, props[PROP_IS_MEETING]);
  beckon_copy_set_int (self, (int *) &self->snapshot.restored, snapshot->restored, props[PROP_RESTORED]);
  beckon_copy_set_int (self, (int *) &self->snapshot.can_accept, snapshot->can_accept, props[PROP_CAN_ACCEPT]);
  beckon_copy_set_int (self, (int *) &self->snapshot.can_decline, snapshot->can_decline, props[PROP_CAN_DECLINE]);
  self->snapshot.accept_refusal_code = snapshot->accept_refusal_code;
  self->snapshot.decline_refusal_code = snapshot->decline_refusal_code;
  beckon_copy_set_string (self, &self->snapshot.inviter, snapshot->inviter, props[PROP_INVITER]);
  beckon_copy_set_string (self, &self->snapshot.summary, snapshot->summary, props[PROP_SUMMARY]);
  beckon_copy_set_string (self, &self->snapshot.body, snapshot->body, props[PROP_BODY]);
  beckon_copy_set_string (self, &self->snapshot.status_text, snapshot->status_text, props[PROP_STATUS_TEXT]);
  beckon_copy_set_string (self, &self->snapshot.error_message, snapshot->error_message, props[PROP_ERROR_MESSAGE]);
  beckon_copy_set_string (self, &self->snapshot.conversation_key, snapshot->conversation_key, props[PROP_CONVERSATION_KEY]);
  beckon_copy_set_string (self, &self->snapshot.accept_refusal, snapshot->accept_refusal, props[PROP_ACCEPT_REFUSAL]);
  beckon_copy_set_string (self, &self->snapshot.decline_refusal, snapshot->decline_refusal, props[PROP_DECLINE_REFUSAL]);
  beckon_copy_set_int (self, &self->snapshot.can_reply, snapshot->can_reply, props[PROP_CAN_REPLY]);
  beckon_copy_set_string (self, &self->snapshot.inviter_uri, snapshot->inviter_uri, props[PROP_INVITER_URI]);
  if (self->snapshot.received == NULL || snapshot->received == NULL
        ? self->snapshot.received != snapshot->received
        : !g_date_time_equal (self->snapshot.received, snapshot->received))
    {
      g_clear_pointer (&self->snapshot.received, g_date_time_unref);
      if (snapshot->received != NULL)
        self->snapshot.received = g_date_time_ref (snapshot->received);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RECEIVED]);
    }
  self->snapshot.conversation_id = snapshot->conversation_id;
  if (g_set_object (&self->conversation, conversation))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONVERSATION]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* For beckon_account_copy_can_answer(): the verdict as an error. */
gboolean
_beckon_invitation_copy_get_verdict (BeckonInvitationCopy *self,
                                     BeckonAnswer          answer,
                                     GError              **error)
{
  gboolean    can = answer == BECKON_ANSWER_ACCEPT ? self->snapshot.can_accept : self->snapshot.can_decline;
  const char *why = answer == BECKON_ANSWER_ACCEPT ? self->snapshot.accept_refusal : self->snapshot.decline_refusal;
  int         code = answer == BECKON_ANSWER_ACCEPT ? self->snapshot.accept_refusal_code
                                                    : self->snapshot.decline_refusal_code;

  if (can)
    return TRUE;
  g_set_error_literal (error, BECKON_ANSWER_ERROR, code, why != NULL ? why : "");
  return FALSE;
}

BeckonInvitationState
beckon_invitation_copy_get_state (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), BECKON_INVITATION_STATE_PENDING);

  return self->snapshot.state;
}

gboolean
beckon_invitation_copy_get_answerable (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), FALSE);

  return self->snapshot.answerable;
}

gboolean
beckon_invitation_copy_get_is_meeting (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), FALSE);

  return self->snapshot.is_meeting;
}

gboolean
beckon_invitation_copy_get_restored (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), FALSE);

  return self->snapshot.restored;
}

const char *
beckon_invitation_copy_get_inviter (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), NULL);

  return self->snapshot.inviter;
}

const char *
beckon_invitation_copy_get_summary (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), NULL);

  return self->snapshot.summary;
}

const char *
beckon_invitation_copy_get_body (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), NULL);

  return self->snapshot.body != NULL ? self->snapshot.body : "";
}

const char *
beckon_invitation_copy_get_status_text (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), NULL);

  return self->snapshot.status_text != NULL ? self->snapshot.status_text : "";
}

const char *
beckon_invitation_copy_get_error_message (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), NULL);

  return self->snapshot.error_message;
}

GDateTime *
beckon_invitation_copy_get_received (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), NULL);

  return self->snapshot.received;
}

const char *
beckon_invitation_copy_get_conversation_key (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), NULL);

  return self->snapshot.conversation_key;
}

BeckonConversationCopy *
beckon_invitation_copy_get_conversation (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), NULL);

  return self->conversation;
}

gboolean
beckon_invitation_copy_get_can_accept (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), FALSE);

  return self->snapshot.can_accept;
}

gboolean
beckon_invitation_copy_get_can_decline (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), FALSE);

  return self->snapshot.can_decline;
}

const char *
beckon_invitation_copy_get_accept_refusal (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), NULL);

  return self->snapshot.accept_refusal;
}

const char *
beckon_invitation_copy_get_decline_refusal (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), NULL);

  return self->snapshot.decline_refusal;
}

/* The main window's */

gboolean
beckon_invitation_copy_get_can_reply (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), FALSE);

  return self->snapshot.can_reply;
}

/* The conversation window's (conv): the inviter's address
 * (beckon_invitation_item_get_inviter_uri()). */
const char *
beckon_invitation_copy_get_inviter_uri (BeckonInvitationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (self), NULL);

  return self->snapshot.inviter_uri;
}

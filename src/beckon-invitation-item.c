/* beckon-invitation-item.c: an invitation as the user sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The protocol's invitation says what the server thinks; the item adds what
 * the user is doing about it (joining, declining) and what went wrong, in
 * words the notification and the invitation list both show.
 *
 * A restored item (from the history, beckon-history.c) has no protocol
 * invitation: it keeps what the history says of it in `restored`.
 */

#include "config.h"

#include "beckon-invitation-item.h"

#include <glib/gi18n.h>

#include "beckon-enum-types.h"

struct _BeckonInvitationItem
{
  GObject parent_instance;

  UcwaInvitation       *invitation;
  UcwaConversation     *conversation;
  BeckonInvitationState state;
  char                 *summary;
  char                 *error_message;
  GDateTime            *received;

  struct
  {
    gboolean is_meeting;
    char    *from_name;
    char    *from_uri;
    char    *body;
  } restored; /* when invitation is NULL */
  char *conversation_key;
};

G_DEFINE_FINAL_TYPE (BeckonInvitationItem, beckon_invitation_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INVITATION,
  PROP_STATE,
  PROP_ANSWERABLE,
  PROP_IS_MEETING,
  PROP_INVITER,
  PROP_SUMMARY,
  PROP_BODY,
  PROP_STATUS_TEXT,
  PROP_ERROR_MESSAGE,
  PROP_CONVERSATION,
  PROP_RECEIVED,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
invitation_notify_cb (BeckonInvitationItem *self,
                      GParamSpec           *pspec)
{
  const char *name = g_param_spec_get_name (pspec);

  /* The server may still fill in the name or the first message later. */
  if (g_str_equal (name, "from-name") || g_str_equal (name, "from-uri"))
    {
      g_clear_pointer (&self->summary, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_INVITER]);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SUMMARY]);
    }
  else if (g_str_equal (name, "message") || g_str_equal (name, "subject"))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BODY]);
  else if (g_str_equal (name, "answerable") || g_str_equal (name, "accept-href") ||
           g_str_equal (name, "status"))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ANSWERABLE]);
}

static void
beckon_invitation_item_dispose (GObject *object)
{
  BeckonInvitationItem *self = BECKON_INVITATION_ITEM (object);

  if (self->invitation != NULL)
    g_signal_handlers_disconnect_by_data (self->invitation, self);
  g_clear_object (&self->invitation);
  g_clear_object (&self->conversation);

  G_OBJECT_CLASS (beckon_invitation_item_parent_class)->dispose (object);
}

static void
beckon_invitation_item_finalize (GObject *object)
{
  BeckonInvitationItem *self = BECKON_INVITATION_ITEM (object);

  g_free (self->summary);
  g_free (self->error_message);
  g_clear_pointer (&self->received, g_date_time_unref);
  g_free (self->restored.from_name);
  g_free (self->restored.from_uri);
  g_free (self->restored.body);
  g_free (self->conversation_key);

  G_OBJECT_CLASS (beckon_invitation_item_parent_class)->finalize (object);
}

static void
beckon_invitation_item_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  BeckonInvitationItem *self = BECKON_INVITATION_ITEM (object);

  switch (prop_id)
    {
    case PROP_INVITATION:
      g_value_set_object (value, self->invitation);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ANSWERABLE:
      g_value_set_boolean (value, beckon_invitation_item_get_answerable (self));
      break;
    case PROP_IS_MEETING:
      g_value_set_boolean (value, beckon_invitation_item_get_is_meeting (self));
      break;
    case PROP_INVITER:
      g_value_set_string (value, beckon_invitation_item_get_inviter (self));
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, beckon_invitation_item_get_summary (self));
      break;
    case PROP_BODY:
      g_value_set_string (value, beckon_invitation_item_get_body (self));
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, beckon_invitation_item_get_status_text (self));
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;
    case PROP_RECEIVED:
      g_value_set_boxed (value, self->received);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_invitation_item_class_init (BeckonInvitationItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = beckon_invitation_item_dispose;
  object_class->finalize = beckon_invitation_item_finalize;
  object_class->get_property = beckon_invitation_item_get_property;

  props[PROP_INVITATION] = g_param_spec_object ("invitation", NULL, NULL, UCWA_TYPE_INVITATION, ro);
  props[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, BECKON_TYPE_INVITATION_STATE,
                                         BECKON_INVITATION_STATE_PENDING, ro);
  props[PROP_ANSWERABLE] = g_param_spec_boolean ("answerable", NULL, NULL, FALSE, ro);
  props[PROP_IS_MEETING] = g_param_spec_boolean ("is-meeting", NULL, NULL, FALSE, ro);
  props[PROP_INVITER] = g_param_spec_string ("inviter", NULL, NULL, NULL, ro);
  props[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, ro);
  props[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, NULL, ro);
  props[PROP_STATUS_TEXT] = g_param_spec_string ("status-text", NULL, NULL, NULL, ro);
  props[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  props[PROP_CONVERSATION] = g_param_spec_object ("conversation", NULL, NULL, UCWA_TYPE_CONVERSATION, ro);
  props[PROP_RECEIVED] = g_param_spec_boxed ("received", NULL, NULL, G_TYPE_DATE_TIME, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
beckon_invitation_item_init (BeckonInvitationItem *self)
{
  self->received = g_date_time_new_now_local ();
}

BeckonInvitationItem *
beckon_invitation_item_new (UcwaInvitation *invitation)
{
  BeckonInvitationItem *self;

  g_return_val_if_fail (UCWA_IS_INVITATION (invitation), NULL);

  self = g_object_new (BECKON_TYPE_INVITATION_ITEM, NULL);
  self->invitation = g_object_ref (invitation);
  g_signal_connect_swapped (invitation, "notify", G_CALLBACK (invitation_notify_cb), self);
  return self;
}

BeckonInvitationItem *
beckon_invitation_item_new_restored (gboolean              is_meeting,
                                     const char           *from_name,
                                     const char           *from_uri,
                                     const char           *body,
                                     GDateTime            *received,
                                     BeckonInvitationState state,
                                     const char           *error_message,
                                     const char           *conversation_key)
{
  BeckonInvitationItem *self = g_object_new (BECKON_TYPE_INVITATION_ITEM, NULL);

  self->restored.is_meeting = is_meeting;
  self->restored.from_name = g_strdup (from_name);
  self->restored.from_uri = g_strdup (from_uri);
  self->restored.body = g_strdup (body);
  self->conversation_key = g_strdup (conversation_key);
  if (received != NULL)
    {
      g_date_time_unref (self->received);
      self->received = g_date_time_ref (received);
    }
  self->state = state;
  self->error_message = g_strdup (error_message);
  return self;
}

gboolean
beckon_invitation_item_get_restored (BeckonInvitationItem *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (self), FALSE);

  return self->invitation == NULL;
}

const char *
beckon_invitation_item_get_conversation_key (BeckonInvitationItem *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (self), NULL);

  return self->conversation_key;
}

void
beckon_invitation_item_set_conversation_key (BeckonInvitationItem *self,
                                             const char           *key)
{
  g_return_if_fail (BECKON_IS_INVITATION_ITEM (self));

  g_free (self->conversation_key);
  self->conversation_key = g_strdup (key);
}

UcwaInvitation *
beckon_invitation_item_get_invitation (BeckonInvitationItem *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (self), NULL);

  return self->invitation;
}

BeckonInvitationState
beckon_invitation_item_get_state (BeckonInvitationItem *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (self), BECKON_INVITATION_STATE_PENDING);

  return self->state;
}

void
beckon_invitation_item_set_state (BeckonInvitationItem *self,
                                  BeckonInvitationState state)
{
  g_return_if_fail (BECKON_IS_INVITATION_ITEM (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATUS_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ANSWERABLE]);
}

gboolean
beckon_invitation_item_get_answerable (BeckonInvitationItem *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (self), FALSE);

  /* Answerable in our eyes (not busy answering, not over) and in the
   * server's (the accept link is still offered). */
  return (self->state == BECKON_INVITATION_STATE_PENDING ||
          self->state == BECKON_INVITATION_STATE_FAILED) &&
         self->invitation != NULL && ucwa_invitation_is_answerable (self->invitation);
}

gboolean
beckon_invitation_item_get_is_meeting (BeckonInvitationItem *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (self), FALSE);

  if (self->invitation == NULL)
    return self->restored.is_meeting;
  return ucwa_invitation_get_kind (self->invitation) == UCWA_INVITATION_KIND_ONLINE_MEETING;
}

const char *
beckon_invitation_item_get_inviter (BeckonInvitationItem *self)
{
  const char *name;

  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (self), NULL);

  name = self->invitation != NULL ? ucwa_invitation_get_from_name (self->invitation) : self->restored.from_name;
  if (name == NULL || *name == '\0')
    name = self->invitation != NULL ? ucwa_invitation_get_from_uri (self->invitation) : self->restored.from_uri;
  if (name != NULL && g_str_has_prefix (name, "sip:"))
    name += 4;
  /* Translators: stands for the inviter when the server gives no name, at
   * the start of “%s invites you to chat” */
  return (name != NULL && *name != '\0') ? name : _ ("Someone");
}

/* Who invited, as the server names them (sip:ada@contoso.com): where a
 * reply goes. */
const char *
beckon_invitation_item_get_inviter_uri (BeckonInvitationItem *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (self), NULL);

  return self->invitation != NULL ? ucwa_invitation_get_from_uri (self->invitation) : self->restored.from_uri;
}

const char *
beckon_invitation_item_get_summary (BeckonInvitationItem *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (self), NULL);

  if (self->summary == NULL)
    {
      const char *inviter = beckon_invitation_item_get_inviter (self);

      if (beckon_invitation_item_get_is_meeting (self))
        /* Translators: %s is a person's name or SIP address */
        self->summary = g_strdup_printf (_ ("%s invites you to a meeting"), inviter);
      else
        /* Translators: %s is a person's name or SIP address */
        self->summary = g_strdup_printf (_ ("%s invites you to chat"), inviter);
    }
  return self->summary;
}

const char *
beckon_invitation_item_get_body (BeckonInvitationItem *self)
{
  const char *body;

  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (self), NULL);

  if (self->invitation == NULL)
    body = self->restored.body;
  else if (beckon_invitation_item_get_is_meeting (self))
    body = ucwa_invitation_get_subject (self->invitation);
  else
    body = ucwa_invitation_get_message (self->invitation);
  return body != NULL ? body : "";
}

const char *
beckon_invitation_item_get_status_text (BeckonInvitationItem *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (self), NULL);

  switch (self->state)
    {
    case BECKON_INVITATION_STATE_PENDING:
      return _ ("Waiting for your answer");
    case BECKON_INVITATION_STATE_JOINING:
      return _ ("Joining…");
    case BECKON_INVITATION_STATE_ACCEPTED:
      return _ ("Accepted");
    case BECKON_INVITATION_STATE_DECLINING:
      return _ ("Declining…");
    case BECKON_INVITATION_STATE_DECLINED:
      return _ ("Declined");
    case BECKON_INVITATION_STATE_FAILED:
      return self->error_message ? self->error_message : _ ("Failed");
    case BECKON_INVITATION_STATE_MISSED:
      /* Ended without us for a reason worth telling (a lost connection). */
      return self->error_message ? self->error_message : _ ("Missed");
    case BECKON_INVITATION_STATE_ANSWERED_ELSEWHERE:
      return _ ("Answered on another device");
    case BECKON_INVITATION_STATE_IN_LOBBY:
      return _ ("Waiting in the lobby…");
    case BECKON_INVITATION_STATE_NOT_JOINED:
      return _ ("Not joined");
    default:
      return "";
    }
}

const char *
beckon_invitation_item_get_error_message (BeckonInvitationItem *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (self), NULL);

  return self->error_message;
}

void
beckon_invitation_item_set_error_message (BeckonInvitationItem *self,
                                          const char           *message)
{
  g_return_if_fail (BECKON_IS_INVITATION_ITEM (self));

  if (g_strcmp0 (self->error_message, message) == 0)
    return;

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ERROR_MESSAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATUS_TEXT]);
}

UcwaConversation *
beckon_invitation_item_get_conversation (BeckonInvitationItem *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (self), NULL);

  return self->conversation;
}

void
beckon_invitation_item_set_conversation (BeckonInvitationItem *self,
                                         UcwaConversation     *conversation)
{
  g_return_if_fail (BECKON_IS_INVITATION_ITEM (self));

  if (g_set_object (&self->conversation, conversation))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONVERSATION]);
}

GDateTime *
beckon_invitation_item_get_received (BeckonInvitationItem *self)
{
  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (self), NULL);

  return self->received;
}

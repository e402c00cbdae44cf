/* beckon-meeting-join.c: joining a meeting from its link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One join by link (beckon --join, the Join Meeting dialog, a conf: link
 * opened from a browser), from the link to the meeting's chat, going on as
 * an accepted meeting invitation does (beckon-account.c): the conversation
 * window opens as soon as the server announces the conversation and follows
 * an item of ours through Joining…, the lobby and the reason of a failure;
 * once Conferenced the chat is added.
 *
 * A link that is not one is refused at once, signed in or not.  A good
 * link waits for the session to be online (a sign-in under way, the one
 * D-Bus activation is about to start, or the user's on the sign-in page):
 * a link clicked in a browser starts Beckon and must not fail just because
 * the sign-in was not finished yet.
 *
 * The library completes the join only once Conferenced; the conversation
 * before that is the first one the model announces during the join that is
 * a conference's and no incoming invitation's (joins are one at a time, see
 * beckon_application_join_meeting()).
 */

#include "config.h"

#include "beckon-meeting-join.h"

#include "beckon-error-messages.h"
#include "ucwa-error.h"
#include "ucwa-meeting-link.h"

struct _BeckonMeetingJoin
{
  GObject parent_instance;

  BeckonAccount        *account;
  UcwaSession          *session;
  char                 *url;
  BeckonInvitationItem *item;
  UcwaConversation     *conversation;
  GCancellable         *cancellable;
  gulong                session_handler;
  gulong                added_handler;
  gboolean              started;
  gboolean              waiting;
  gboolean              ready;
  gboolean              finished;
};

G_DEFINE_FINAL_TYPE (BeckonMeetingJoin, beckon_meeting_join, G_TYPE_OBJECT)

enum {
  SIGNAL_CONVERSATION_READY,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
stop_watching (BeckonMeetingJoin *self)
{
  g_clear_signal_handler (&self->session_handler, self->session);
  g_clear_signal_handler (&self->added_handler, ucwa_session_get_model (self->session));
  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_data (self->conversation, self);
}

static void
finish (BeckonMeetingJoin *self,
        const char        *error_message)
{
  if (self->finished)
    return;

  self->finished = TRUE;
  self->waiting = FALSE;
  stop_watching (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, error_message);
}

static void
fail (BeckonMeetingJoin *self,
      const GError      *error)
{
  g_autofree char *message = beckon_error_message_for_join (error);

  /* The window, if open, says why; the lobby's refusal ends a join the
   * user saw begin. */
  beckon_invitation_item_set_error_message (self->item, message);
  beckon_invitation_item_set_state (self->item, g_error_matches (error, UCWA_ERROR, UCWA_ERROR_LOBBY_DENIED)
                                                  ? BECKON_INVITATION_STATE_NOT_JOINED
                                                  : BECKON_INVITATION_STATE_FAILED);
  finish (self, message);
}

static void
conversation_state_cb (BeckonMeetingJoin *self)
{
  if (ucwa_conversation_get_state (self->conversation) == UCWA_CONVERSATION_STATE_IN_LOBBY &&
      beckon_invitation_item_get_state (self->item) == BECKON_INVITATION_STATE_JOINING)
    beckon_invitation_item_set_state (self->item, BECKON_INVITATION_STATE_IN_LOBBY);
}

static void
adopt_conversation (BeckonMeetingJoin *self,
                    UcwaConversation  *conversation)
{
  if (self->ready)
    return;

  self->ready = TRUE;
  g_clear_signal_handler (&self->added_handler, ucwa_session_get_model (self->session));
  self->conversation = g_object_ref (conversation);
  beckon_invitation_item_set_conversation (self->item, conversation);
  g_signal_connect_object (conversation, "notify::state", G_CALLBACK (conversation_state_cb), self,
                           G_CONNECT_SWAPPED);
  conversation_state_cb (self);
  g_signal_emit (self, signals[SIGNAL_CONVERSATION_READY], 0, self->item, conversation);
}

/* A conference's conversation that no incoming invitation brought. */
static gboolean
is_ours (BeckonMeetingJoin *self,
         UcwaConversation  *conversation)
{
  GListModel *invitations = ucwa_model_get_invitations (ucwa_session_get_model (self->session));

  switch (ucwa_conversation_get_state (conversation))
    {
    case UCWA_CONVERSATION_STATE_CONFERENCING:
    case UCWA_CONVERSATION_STATE_IN_LOBBY:
    case UCWA_CONVERSATION_STATE_CONFERENCED:
      break;
    case UCWA_CONVERSATION_STATE_UNKNOWN:
    case UCWA_CONVERSATION_STATE_INCOMING:
    case UCWA_CONVERSATION_STATE_CONNECTING:
    case UCWA_CONVERSATION_STATE_CONNECTED:
    case UCWA_CONVERSATION_STATE_DISCONNECTING:
    case UCWA_CONVERSATION_STATE_DISCONNECTED:
    default:
      return FALSE;
    }

  for (guint i = 0; i < g_list_model_get_n_items (invitations); i++)
    {
      g_autoptr (UcwaInvitation) invitation = g_list_model_get_item (invitations, i);

      if (g_strcmp0 (ucwa_invitation_get_conversation_href (invitation), ucwa_conversation_get_href (conversation)) ==
          0)
        return FALSE;
    }
  return TRUE;
}

static void
conversation_added_cb (BeckonMeetingJoin *self,
                       UcwaConversation  *conversation)
{
  if (is_ours (self, conversation))
    adopt_conversation (self, conversation);
}

static void
join_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (BeckonMeetingJoin) self = user_data;
  g_autoptr (GError)            error = NULL;
  g_autoptr (UcwaConversation)  conversation = NULL;

  conversation = ucwa_session_join_meeting_finish (UCWA_SESSION (object), result, &error);
  if (conversation == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Join failed: %s", error->message);
      fail (self, error);
      return;
    }

  adopt_conversation (self, conversation);
  beckon_invitation_item_set_error_message (self->item, NULL);
  beckon_invitation_item_set_state (self->item, BECKON_INVITATION_STATE_ACCEPTED);
  beckon_account_join_meeting_chat (self->account, conversation);
  finish (self, NULL);
}

static void
send_join (BeckonMeetingJoin *self)
{
  self->waiting = FALSE;
  g_clear_signal_handler (&self->session_handler, self->session);
  self->added_handler = g_signal_connect_object (ucwa_session_get_model (self->session), "conversation-added",
                                                 G_CALLBACK (conversation_added_cb), self, G_CONNECT_SWAPPED);
  ucwa_session_join_meeting_async (self->session, self->url, self->cancellable, join_cb, g_object_ref (self));
}

static void
session_state_cb (BeckonMeetingJoin *self)
{
  if (ucwa_session_get_state (self->session) == UCWA_SESSION_STATE_ONLINE)
    send_join (self);
}

static void
beckon_meeting_join_dispose (GObject *object)
{
  BeckonMeetingJoin *self = BECKON_MEETING_JOIN (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    stop_watching (self);
  g_clear_object (&self->conversation);
  g_clear_object (&self->item);
  g_clear_object (&self->session);
  g_clear_object (&self->account);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (beckon_meeting_join_parent_class)->dispose (object);
}

static void
beckon_meeting_join_finalize (GObject *object)
{
  BeckonMeetingJoin *self = BECKON_MEETING_JOIN (object);

  g_free (self->url);

  G_OBJECT_CLASS (beckon_meeting_join_parent_class)->finalize (object);
}

static void
beckon_meeting_join_class_init (BeckonMeetingJoinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = beckon_meeting_join_dispose;
  object_class->finalize = beckon_meeting_join_finalize;

  signals[SIGNAL_CONVERSATION_READY] =
    g_signal_new ("conversation-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, BECKON_TYPE_INVITATION_ITEM, UCWA_TYPE_CONVERSATION);
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
beckon_meeting_join_init (BeckonMeetingJoin *self)
{
  self->cancellable = g_cancellable_new ();
}

BeckonMeetingJoin *
beckon_meeting_join_new (BeckonAccount *account,
                         const char    *url)
{
  BeckonMeetingJoin *self;

  g_return_val_if_fail (BECKON_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  self = g_object_new (BECKON_TYPE_MEETING_JOIN, NULL);
  self->account = g_object_ref (account);
  self->session = g_object_ref (beckon_account_get_session (account));
  self->url = g_strdup (url);
  return self;
}

/**
 * beckon_meeting_join_start:
 *
 * Refuses a link that is not one at once ("finished" with the reason,
 * nothing sent), sends the join if the session is online, else waits for
 * it to be.
 */
void
beckon_meeting_join_start (BeckonMeetingJoin *self)
{
  g_autoptr (UcwaMeetingLink) link = NULL;
  g_autoptr (GError)          error = NULL;

  g_return_if_fail (BECKON_IS_MEETING_JOIN (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  link = ucwa_meeting_link_parse (self->url, &error);
  /* The window's item: a meeting the user joins, its organizer as the one
   * who invited (the link came from them). */
  self->item = beckon_invitation_item_new_restored (TRUE, NULL, link != NULL ? ucwa_meeting_link_get_organizer (link) : NULL,
                                                    NULL, NULL, BECKON_INVITATION_STATE_JOINING, NULL, NULL);
  if (link == NULL)
    {
      fail (self, error);
      return;
    }

  if (ucwa_session_get_state (self->session) == UCWA_SESSION_STATE_ONLINE)
    {
      send_join (self);
      return;
    }

  self->waiting = TRUE;
  self->session_handler = g_signal_connect_object (self->session, "notify::state", G_CALLBACK (session_state_cb),
                                                   self, G_CONNECT_SWAPPED);
}

/* Gives up, saying nothing: the caller knows why. */
void
beckon_meeting_join_cancel (BeckonMeetingJoin *self)
{
  g_return_if_fail (BECKON_IS_MEETING_JOIN (self));

  g_cancellable_cancel (self->cancellable);
  self->finished = TRUE;
  self->waiting = FALSE;
  stop_watching (self);
}

const char *
beckon_meeting_join_get_url (BeckonMeetingJoin *self)
{
  g_return_val_if_fail (BECKON_IS_MEETING_JOIN (self), NULL);

  return self->url;
}

gboolean
beckon_meeting_join_get_waiting (BeckonMeetingJoin *self)
{
  g_return_val_if_fail (BECKON_IS_MEETING_JOIN (self), FALSE);

  return self->waiting;
}

gboolean
beckon_meeting_join_get_finished (BeckonMeetingJoin *self)
{
  g_return_val_if_fail (BECKON_IS_MEETING_JOIN (self), FALSE);

  return self->finished;
}

BeckonInvitationItem *
beckon_meeting_join_get_item (BeckonMeetingJoin *self)
{
  g_return_val_if_fail (BECKON_IS_MEETING_JOIN (self), NULL);

  return self->item;
}

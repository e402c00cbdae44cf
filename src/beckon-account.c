/* beckon-account.c: the signed-in account and what happens to its invitations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one place that decides what an invitation means to the user: the
 * notifier and the main window only show what the items say, so both always
 * agree, whichever of them the user answers from.  That includes whether an
 * answer can go out (beckon_account_can_answer()): neither of them decides
 * it, both ask.
 *
 * What it keeps in the history file is beckon-account-history.c's; what an
 * invitation means and whether it can be answered or replied to (the
 * verdicts) is beckon-account-verdicts.c's: this file watches the model,
 * keeps the list and sends the answers.  The account lives on the core's
 * thread (beckon-core.c), and so does everything here.
 */

#include "config.h"

#include "beckon-account-private.h"

#include <glib/gi18n.h>

#include "beckon-enum-types.h"
#include "beckon-error-messages.h"
#include "ucwa-error.h"

G_DEFINE_FINAL_TYPE (BeckonAccount, beckon_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_INVITATIONS,
  PROP_STATUS_TEXT,
  PROP_ONLINE,
  PROP_DO_NOT_DISTURB,
  N_PROPS
};

enum {
  SIGNAL_INVITATION_ADDED,
  SIGNAL_CONVERSATION_READY,
  SIGNAL_INVITATION_FORGOTTEN,
  SIGNAL_HISTORY_RESTORED,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint       signals[N_SIGNALS];

static void
update_status (BeckonAccount *self)
{
  const GError    *error = ucwa_session_get_error (self->session);
  g_autofree char *text = NULL;

  switch (ucwa_session_get_state (self->session))
    {
    case UCWA_SESSION_STATE_SIGNING_IN:
      text = g_strdup (_ ("Signing in…"));
      break;
    case UCWA_SESSION_STATE_ONLINE:
      text = g_strdup (_ ("Online"));
      break;
    case UCWA_SESSION_STATE_RECONNECTING:
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
        text = g_strdup (_ ("Offline — waiting for the network"));
      else if (ucwa_session_get_retry_in (self->session) > 0)
        text = g_strdup_printf (ngettext ("Reconnecting in %u second…", "Reconnecting in %u seconds…",
                                          ucwa_session_get_retry_in (self->session)),
                                ucwa_session_get_retry_in (self->session));
      else
        text = g_strdup (_ ("Reconnecting…"));
      break;
    case UCWA_SESSION_STATE_SIGNED_OUT:
    default:
      if (error != NULL)
        {
          g_autofree char *reason = beckon_error_message_for_session (error);

          /* Translators: %s explains why */
          text = g_strdup_printf (_ ("Signed out: %s"), reason);
        }
      else
        text = g_strdup (_ ("Signed out"));
      break;
    }

  if (g_strcmp0 (text, self->status_text) != 0)
    {
      g_free (self->status_text);
      self->status_text = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATUS_TEXT]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ONLINE]);
}

static void
invitation_completed_cb (BeckonAccount  *self,
                         UcwaInvitation *invitation)
{
  BeckonInvitationItem *item = g_hash_table_lookup (self->items, invitation);
  const char           *reason = _beckon_account_ended_reason (invitation);

  if (item == NULL)
    return;

  /* An answer still waiting for the links never went out: it ended without
   * us after all, and the item says why. */
  if (g_hash_table_remove (self->queued, invitation))
    {
      beckon_invitation_item_set_error_message (item, reason);
      beckon_invitation_item_set_state (item, _beckon_account_ended_state (invitation));
      return;
    }

  /* Our own accept and decline settle their items themselves, unless the
   * invitation ended here (signed out, the application lost): their answer
   * went to a link that leads nowhere now, and was abandoned. */
  switch (beckon_invitation_item_get_state (item))
    {
    case BECKON_INVITATION_STATE_JOINING:
    case BECKON_INVITATION_STATE_DECLINING:
      if (reason == NULL)
        break;
      G_GNUC_FALLTHROUGH;
    case BECKON_INVITATION_STATE_PENDING:
    case BECKON_INVITATION_STATE_FAILED:
      if (reason != NULL)
        beckon_invitation_item_set_error_message (item, reason);
      beckon_invitation_item_set_state (item, _beckon_account_ended_state (invitation));
      break;
    case BECKON_INVITATION_STATE_IN_LOBBY:
      if (reason != NULL)
        _beckon_account_lobby_not_joined (item);
      break;
    case BECKON_INVITATION_STATE_ACCEPTED:
    case BECKON_INVITATION_STATE_DECLINED:
    case BECKON_INVITATION_STATE_MISSED:
    case BECKON_INVITATION_STATE_ANSWERED_ELSEWHERE:
    case BECKON_INVITATION_STATE_NOT_JOINED:
    default:
      break;
    }
}

static void invitation_answerable_cb (BeckonAccount  *self,
                                      GParamSpec     *pspec,
                                      UcwaInvitation *invitation);

static void
forget_invitation (BeckonAccount  *self,
                   UcwaInvitation *invitation)
{
  g_signal_handlers_disconnect_by_func (invitation, invitation_answerable_cb, self);
  g_hash_table_remove (self->offered, invitation);
  g_hash_table_remove (self->queued, invitation);
  g_hash_table_remove (self->items, invitation);
}

/* Takes @item (at @position) out of the list.  Gone from the list, gone
 * everywhere: the model and the notifier hold nothing of it past this (the
 * history file keeps it). */
void
_beckon_account_forget_item (BeckonAccount        *self,
                             BeckonInvitationItem *item,
                             guint                 position)
{
  UcwaInvitation *invitation = beckon_invitation_item_get_invitation (item);

  g_object_ref (item);
  /* A restored item has no invitation: nothing of it is in the model. */
  if (invitation != NULL)
    forget_invitation (self, invitation);
  if (self->recorded != NULL)
    g_hash_table_remove (self->recorded, item);
  g_list_store_remove (self->invitations, position);
  if (invitation != NULL)
    ucwa_model_forget_invitation (ucwa_session_get_model (self->session), invitation);
  g_signal_emit (self, signals[SIGNAL_INVITATION_FORGOTTEN], 0, item);
  g_object_unref (item);
}

/* Forgets the oldest finished invitations beyond BECKON_ACCOUNT_MAX_HISTORY; the ones
 * still waiting for the user are never dropped. */
void
_beckon_account_trim_history (BeckonAccount *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->invitations));

  for (guint i = n; i > 0 && n > BECKON_ACCOUNT_MAX_HISTORY; i--)
    {
      g_autoptr (BeckonInvitationItem) item = g_list_model_get_item (G_LIST_MODEL (self->invitations), i - 1);

      if (!_beckon_account_item_is_over (item))
        continue;
      _beckon_account_forget_item (self, item, i - 1);
      n--;
    }
}

static void
invitation_added_cb (BeckonAccount  *self,
                     UcwaInvitation *invitation)
{
  g_autoptr (BeckonInvitationItem) item = NULL;

  if (ucwa_invitation_get_direction (invitation) != UCWA_DIRECTION_INCOMING ||
      g_hash_table_contains (self->items, invitation))
    return;

  item = beckon_invitation_item_new (invitation);
  g_hash_table_insert (self->items, g_object_ref (invitation), item);
  if (ucwa_invitation_is_answerable (invitation))
    g_hash_table_add (self->offered, invitation);
  g_signal_connect_swapped (invitation, "notify::answerable", G_CALLBACK (invitation_answerable_cb), self);
  /* Recorded in the history once it has ended. */
  g_signal_connect_object (item, "notify::state", G_CALLBACK (_beckon_account_item_state_cb), self, G_CONNECT_SWAPPED);
  g_list_store_insert (self->invitations, 0, item);

  /* A completion in the same batch as the start: it rang and ended unseen. */
  if (ucwa_invitation_get_status (invitation) != UCWA_INVITATION_STATUS_PENDING)
    beckon_invitation_item_set_state (item, _beckon_account_ended_state (invitation));

  g_signal_emit (self, signals[SIGNAL_INVITATION_ADDED], 0, item);
  _beckon_account_trim_history (self);
}

/* Signed out (by the user, the server, an error or quit): answers still on
 * their way go to an application that no longer exists.  Abandon them, so
 * that nothing more is sent to it and a late answer settles nothing; the
 * invitations themselves end as the model ends them (invitation_completed_cb
 * says why). */
static void
session_state_cb (BeckonAccount *self)
{
  if (ucwa_session_get_state (self->session) != UCWA_SESSION_STATE_SIGNED_OUT)
    return;
  g_cancellable_cancel (self->cancellable);
  g_object_unref (self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static void
beckon_account_dispose (GObject *object)
{
  BeckonAccount *self = BECKON_ACCOUNT (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->history_cancellable);
  if (self->items != NULL)
    {
      GHashTableIter iter;
      gpointer       invitation;

      g_hash_table_iter_init (&iter, self->items);
      while (g_hash_table_iter_next (&iter, &invitation, NULL))
        g_signal_handlers_disconnect_by_func (invitation, invitation_answerable_cb, self);
    }
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (ucwa_session_get_model (self->session), self);
      g_signal_handlers_disconnect_by_data (ucwa_session_get_presence (self->session), self);
    }
  g_clear_object (&self->system_dnd);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->offered, g_hash_table_unref);
  g_clear_pointer (&self->queued, g_hash_table_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->recorded, g_hash_table_unref);
  g_clear_object (&self->invitations);
  g_clear_object (&self->history);
  g_clear_object (&self->history_cancellable);
  g_clear_object (&self->trusted_ca);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (beckon_account_parent_class)->dispose (object);
}

static void
beckon_account_finalize (GObject *object)
{
  BeckonAccount *self = BECKON_ACCOUNT (object);

  g_free (self->status_text);

  G_OBJECT_CLASS (beckon_account_parent_class)->finalize (object);
}

static void
beckon_account_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BeckonAccount *self = BECKON_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_INVITATIONS:
      g_value_set_object (value, self->invitations);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, beckon_account_get_online (self));
      break;
    case PROP_DO_NOT_DISTURB:
      g_value_set_boolean (value, self->do_not_disturb);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_account_class_init (BeckonAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = beckon_account_dispose;
  object_class->finalize = beckon_account_finalize;
  object_class->get_property = beckon_account_get_property;

  props[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, UCWA_TYPE_SESSION, ro);
  props[PROP_INVITATIONS] = g_param_spec_object ("invitations", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  props[PROP_STATUS_TEXT] = g_param_spec_string ("status-text", NULL, NULL, NULL, ro);
  props[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE, ro);
  props[PROP_DO_NOT_DISTURB] = g_param_spec_boolean ("do-not-disturb", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNAL_INVITATION_ADDED] =
    g_signal_new ("invitation-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BECKON_TYPE_INVITATION_ITEM);
  signals[SIGNAL_CONVERSATION_READY] =
    g_signal_new ("conversation-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  BECKON_TYPE_INVITATION_ITEM, UCWA_TYPE_CONVERSATION);
  signals[SIGNAL_INVITATION_FORGOTTEN] =
    g_signal_new ("invitation-forgotten", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BECKON_TYPE_INVITATION_ITEM);
  signals[SIGNAL_HISTORY_RESTORED] =
    g_signal_new ("history-restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
beckon_account_init (BeckonAccount *self)
{
  self->invitations = g_list_store_new (BECKON_TYPE_INVITATION_ITEM);
  self->items = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  self->offered = g_hash_table_new (NULL, NULL);
  self->queued = g_hash_table_new (NULL, NULL);
  self->cancellable = g_cancellable_new ();
  self->history_cancellable = g_cancellable_new ();
  self->recorded = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, _beckon_account_history_row_free);
}

BeckonAccount *
beckon_account_new (UcwaSession *session)
{
  BeckonAccount *self;
  UcwaModel     *model;

  g_return_val_if_fail (UCWA_IS_SESSION (session), NULL);

  self = g_object_new (BECKON_TYPE_ACCOUNT, NULL);
  self->session = g_object_ref (session);
  model = ucwa_session_get_model (session);

  g_signal_connect_swapped (model, "invitation-added", G_CALLBACK (invitation_added_cb), self);
  g_signal_connect_swapped (model, "invitation-completed", G_CALLBACK (invitation_completed_cb), self);
  g_signal_connect_swapped (session, "notify::state", G_CALLBACK (session_state_cb), self);
  g_signal_connect_swapped (session, "notify::state", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (session, "notify::error", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (session, "notify::retry-in", G_CALLBACK (update_status), self);

  /* Invitations that arrived before we were watching. */
  for (guint i = 0; i < g_list_model_get_n_items (ucwa_model_get_invitations (model)); i++)
    {
      g_autoptr (UcwaInvitation) invitation = g_list_model_get_item (ucwa_model_get_invitations (model), i);

      invitation_added_cb (self, invitation);
    }

  update_status (self);
  _beckon_account_watch_presence (self);
  return self;
}

UcwaSession *
beckon_account_get_session (BeckonAccount *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT (self), NULL);

  return self->session;
}

/**
 * beckon_account_get_trusted_ca:
 *
 * Returns: (transfer none) (nullable): the certificate authority the
 * account trusts besides the system's, on every connection of its session,
 * as beckon_account_set_trusted_ca() gave it
 */
BeckonTrustedCa *
beckon_account_get_trusted_ca (BeckonAccount *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT (self), NULL);

  return self->trusted_ca;
}

/**
 * beckon_account_set_trusted_ca:
 * @trusted_ca: (nullable): the owner's thread's (beckon-trusted-ca.c),
 *   never used here
 *
 * Where the views that reach it through the account find it.  It is the
 * GTK thread's object: whoever set it unsets it before it goes.
 */
void
beckon_account_set_trusted_ca (BeckonAccount   *self,
                               BeckonTrustedCa *trusted_ca)
{
  g_return_if_fail (BECKON_IS_ACCOUNT (self));

  g_set_object (&self->trusted_ca, trusted_ca);
}

GListModel *
beckon_account_get_invitations (BeckonAccount *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT (self), NULL);

  return G_LIST_MODEL (self->invitations);
}

const char *
beckon_account_get_status_text (BeckonAccount *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT (self), NULL);

  return self->status_text;
}

gboolean
beckon_account_get_online (BeckonAccount *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT (self), FALSE);

  return ucwa_session_get_state (self->session) == UCWA_SESSION_STATE_ONLINE;
}

BeckonInvitationItem *
beckon_account_find_item (BeckonAccount  *self,
                          UcwaInvitation *invitation)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT (self), NULL);

  return g_hash_table_lookup (self->items, invitation);
}

typedef struct
{
  BeckonAccount        *account;
  BeckonInvitationItem *item;
  UcwaConversation     *meeting; /* a meeting accept's conversation, watched for its lobby */
  gulong                lobby_handler;
  gboolean              ready; /* "conversation-ready" emitted: once per accept */
} AnswerData;

static AnswerData *
answer_data_new (BeckonAccount        *account,
                 BeckonInvitationItem *item)
{
  AnswerData *data = g_new0 (AnswerData, 1);

  data->account = g_object_ref (account);
  data->item = g_object_ref (item);
  return data;
}

static void
answer_data_free (AnswerData *data)
{
  if (data->meeting != NULL)
    g_clear_signal_handler (&data->lobby_handler, data->meeting);
  g_clear_object (&data->meeting);
  g_clear_object (&data->account);
  g_clear_object (&data->item);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnswerData, answer_data_free)

static void
add_messaging_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  /* The conversation window says whether the chat is joined. */
  if (!ucwa_session_add_messaging_finish (UCWA_SESSION (object), result, &error))
    g_debug ("Could not join the meeting's chat: %s", error->message);
}

/**
 * beckon_account_join_meeting_chat:
 * @conversation: a meeting's, Conferenced
 *
 * Joins the meeting's chat: joining the conference (an accept, a join by
 * link) is all the server does by itself.  The conversation window says
 * whether the chat is joined.
 */
void
beckon_account_join_meeting_chat (BeckonAccount    *self,
                                  UcwaConversation *conversation)
{
  g_return_if_fail (BECKON_IS_ACCOUNT (self));
  g_return_if_fail (UCWA_IS_CONVERSATION (conversation));

  ucwa_session_add_messaging_async (self->session, conversation, self->cancellable, add_messaging_cb, NULL);
}

/* Open its window, once: a meeting's opens as soon as it is accepted and
 * follows it from Joining to Conferenced (through the lobby, perhaps). */
static void
conversation_ready (AnswerData       *data,
                    UcwaConversation *conversation)
{
  if (data->ready)
    return;

  data->ready = TRUE;
  g_signal_emit (data->account, signals[SIGNAL_CONVERSATION_READY], 0, data->item, conversation);
}

/* Meetings: the lobby (PROTOCOL.md §9) */

/* The server shows the user waiting in the meeting's lobby: the accept is
 * still the user's, so say so, and open the conversation window at once in
 * that state (with "Leave" to give up waiting). */
static void
lobby_state_cb (UcwaConversation *conversation,
                GParamSpec       *pspec,
                AnswerData       *data)
{
  if (ucwa_conversation_get_state (conversation) != UCWA_CONVERSATION_STATE_IN_LOBBY ||
      beckon_invitation_item_get_state (data->item) != BECKON_INVITATION_STATE_JOINING)
    return;

  beckon_invitation_item_set_conversation (data->item, conversation);
  beckon_invitation_item_set_state (data->item, BECKON_INVITATION_STATE_IN_LOBBY);
  conversation_ready (data, conversation);
}

static void
watch_lobby (AnswerData *data)
{
  UcwaInvitation *invitation = beckon_invitation_item_get_invitation (data->item);

  if (!beckon_invitation_item_get_is_meeting (data->item))
    return;

  data->meeting = ucwa_model_lookup_conversation (ucwa_session_get_model (data->account->session),
                                                  ucwa_invitation_get_conversation_href (invitation));
  if (data->meeting == NULL)
    return;

  g_object_ref (data->meeting);
  data->lobby_handler = g_signal_connect (data->meeting, "notify::state", G_CALLBACK (lobby_state_cb), data);
}

static void
accept_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (AnswerData) data = user_data;
  g_autoptr (GError)     error = NULL;
  UcwaInvitation        *invitation = beckon_invitation_item_get_invitation (data->item);
  UcwaConversation      *conversation;

  if (!ucwa_session_accept_finish (UCWA_SESSION (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Settled already (signed out meanwhile): a late answer changes
       * nothing. */
      if (_beckon_account_item_is_over (data->item))
        return;

      if (beckon_invitation_item_get_state (data->item) == BECKON_INVITATION_STATE_IN_LOBBY)
        {
          _beckon_account_lobby_not_joined (data->item);
          return;
        }

      /* The inviter gave up while we were answering. */
      if (ucwa_invitation_get_status (invitation) == UCWA_INVITATION_STATUS_FAILED &&
          !g_error_matches (error, UCWA_ERROR, UCWA_ERROR_OPERATION_FAILED))
        {
          beckon_invitation_item_set_state (data->item, _beckon_account_ended_state (invitation));
          return;
        }

      message = beckon_error_message_for_accept (error);
      g_debug ("Accept failed: %s", error->message);
      beckon_invitation_item_set_error_message (data->item, message);
      beckon_invitation_item_set_state (data->item, BECKON_INVITATION_STATE_FAILED);
      return;
    }

  conversation = ucwa_model_lookup_conversation (ucwa_session_get_model (data->account->session),
                                                 ucwa_invitation_get_conversation_href (invitation));
  beckon_invitation_item_set_error_message (data->item, NULL);
  beckon_invitation_item_set_conversation (data->item, conversation);
  beckon_invitation_item_set_state (data->item, BECKON_INVITATION_STATE_ACCEPTED);

  if (conversation == NULL)
    {
      g_warning ("Accepted, but the server announced no conversation for %s",
                 ucwa_invitation_get_href (invitation));
      return;
    }

  /* Accepting a meeting joins the conference only: the chat is ours to add. */
  if (beckon_invitation_item_get_is_meeting (data->item))
    beckon_account_join_meeting_chat (data->account, conversation);

  conversation_ready (data, conversation);
}

static void
decline_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (AnswerData) data = user_data;
  g_autoptr (GError)     error = NULL;

  if (!ucwa_session_decline_finish (UCWA_SESSION (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (_beckon_account_item_is_over (data->item))
        return;

      message = beckon_error_message_for_decline (error);
      beckon_invitation_item_set_error_message (data->item, message);
      beckon_invitation_item_set_state (data->item, BECKON_INVITATION_STATE_FAILED);
      return;
    }

  beckon_invitation_item_set_error_message (data->item, NULL);
  beckon_invitation_item_set_state (data->item, BECKON_INVITATION_STATE_DECLINED);
}

/* Answering */

static void
send_answer (BeckonAccount        *self,
             BeckonInvitationItem *item,
             BeckonAnswer          answer)
{
  UcwaInvitation *invitation = beckon_invitation_item_get_invitation (item);

  if (answer == BECKON_ANSWER_ACCEPT)
    {
      AnswerData *data = answer_data_new (self, item);

      watch_lobby (data);
      /* Joining a meeting takes a while: its window says how far it got. */
      if (data->meeting != NULL)
        conversation_ready (data, data->meeting);
      ucwa_session_accept_async (self->session, invitation, self->cancellable, accept_cb, data);
    }
  else
    ucwa_session_decline_async (self->session, invitation, self->cancellable, decline_cb,
                                answer_data_new (self, item));
}

static void
invitation_answerable_cb (BeckonAccount  *self,
                          GParamSpec     *pspec,
                          UcwaInvitation *invitation)
{
  BeckonInvitationItem *item = g_hash_table_lookup (self->items, invitation);
  gpointer              queued = NULL;
  BeckonAnswer          answer;

  if (ucwa_invitation_is_answerable (invitation))
    g_hash_table_add (self->offered, invitation);

  if (item == NULL || !g_hash_table_steal_extended (self->queued, invitation, NULL, &queued))
    return;

  answer = GPOINTER_TO_INT (queued) - 1;
  if (_beckon_account_answer_href (invitation, answer) != NULL)
    {
      g_debug ("The invitation is offered again: sending the answer that waited");
      send_answer (self, item, answer);
    }
  else if (ucwa_invitation_is_answerable (invitation))
    {
      /* Offered again, but without the link for this answer. */
      beckon_invitation_item_set_error_message (item, _beckon_account_cannot_answer_here (answer));
      beckon_invitation_item_set_state (item, BECKON_INVITATION_STATE_FAILED);
    }
  else
    g_hash_table_insert (self->queued, invitation, queued);
}

/**
 * beckon_account_answer:
 * @answer: accept or decline
 * @error: why it was refused, as beckon_account_can_answer() says
 *
 * Sends @answer, or keeps it until the server offers the invitation again;
 * either way the item turns JOINING or DECLINING at once.
 *
 * Returns: %FALSE if refused
 */
gboolean
beckon_account_answer (BeckonAccount        *self,
                       BeckonInvitationItem *item,
                       BeckonAnswer          answer,
                       GError              **error)
{
  UcwaInvitation *invitation;

  if (!beckon_account_can_answer (self, item, answer, error))
    return FALSE;

  invitation = beckon_invitation_item_get_invitation (item);
  beckon_invitation_item_set_state (item, answer == BECKON_ANSWER_ACCEPT ? BECKON_INVITATION_STATE_JOINING
                                                                         : BECKON_INVITATION_STATE_DECLINING);
  if (_beckon_account_answer_href (invitation, answer) != NULL)
    send_answer (self, item, answer);
  else
    {
      g_debug ("The invitation's links are away: the answer waits for them");
      g_hash_table_insert (self->queued, invitation, GINT_TO_POINTER (answer + 1));
    }
  return TRUE;
}

static void
answer_or_log (BeckonAccount        *self,
               BeckonInvitationItem *item,
               BeckonAnswer          answer)
{
  g_autoptr (GError) error = NULL;

  if (!beckon_account_answer (self, item, answer, &error))
    g_debug ("Not answering: %s", error->message);
}

void
beckon_account_accept (BeckonAccount        *self,
                       BeckonInvitationItem *item)
{
  answer_or_log (self, item, BECKON_ANSWER_ACCEPT);
}

void
beckon_account_decline (BeckonAccount        *self,
                        BeckonInvitationItem *item)
{
  answer_or_log (self, item, BECKON_ANSWER_DECLINE);
}

void
_beckon_account_history_restored (BeckonAccount *self)
{
  g_signal_emit (self, signals[SIGNAL_HISTORY_RESTORED], 0);
}

void
_beckon_account_set_do_not_disturb (BeckonAccount *self,
                                    gboolean       do_not_disturb)
{
  if (self->do_not_disturb == do_not_disturb)
    return;
  self->do_not_disturb = do_not_disturb;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DO_NOT_DISTURB]);
}

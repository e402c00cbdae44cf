/* beckon-account-history.c: what BeckonAccount keeps in the history file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With a history (beckon_account_set_history()), the account records what
 * the user will want to find again: each invitation once it has ended, and
 * every message of every conversation, in and out, committed as the model
 * announces it (beckon-history.c says why that is durable enough for the
 * event channel's ack); and it puts the invitations of earlier runs back
 * into the list, below the live ones.  The core's thread, like the account.
 */

#include "config.h"

#include "beckon-account-private.h"

#include "beckon-enum-types.h"

static const char *
state_nick (BeckonInvitationState state)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (BECKON_TYPE_INVITATION_STATE);
  GEnumValue            *value = g_enum_get_value (klass, state);

  /* Static strings: the class stays alive with its type. */
  return value != NULL ? value->value_nick : NULL;
}

static gboolean
state_from_nick (const char            *nick,
                 BeckonInvitationState *state)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (BECKON_TYPE_INVITATION_STATE);
  GEnumValue            *value = nick != NULL ? g_enum_get_value_by_nick (klass, nick) : NULL;

  if (value == NULL)
    return FALSE;
  *state = value->value;
  return TRUE;
}

/* What joins an invitation to its conversation's messages across runs: the
 * threadId both carry (PROTOCOL.md §8), else the conversation's href. */
static char *
invitation_conversation_key (UcwaInvitation *invitation)
{
  const char *thread = ucwa_invitation_get_thread_id (invitation);

  if (thread != NULL && *thread != '\0')
    return g_strdup (thread);
  return g_strdup (ucwa_invitation_get_conversation_href (invitation));
}

static char *
conversation_key (BeckonAccount    *self,
                  UcwaConversation *conversation)
{
  const char    *thread = ucwa_conversation_get_thread_id (conversation);
  const char    *href = ucwa_conversation_get_href (conversation);
  GHashTableIter iter;
  gpointer       invitation;

  if (thread != NULL && *thread != '\0')
    return g_strdup (thread);

  /* Not told its threadId (yet): the invitation that led to it knows it. */
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &invitation, NULL))
    if (g_strcmp0 (ucwa_invitation_get_conversation_href (invitation), href) == 0)
      return invitation_conversation_key (invitation);
  return g_strdup (href);
}

/* A row of the history, valid as long as its generation is the history's. */
typedef struct
{
  BeckonHistory *history;
  gint64         id;
  guint          generation;
} Row;

static Row *
row_new (BeckonHistory *history,
         gint64         id)
{
  Row *row = g_new0 (Row, 1);

  row->history = g_object_ref (history);
  row->id = id;
  row->generation = beckon_history_get_generation (history);
  return row;
}

void
_beckon_account_history_row_free (gpointer data)
{
  Row *row = data;

  g_object_unref (row->history);
  g_free (row);
}

static gboolean
row_valid (Row *row)
{
  return row->generation == beckon_history_get_generation (row->history);
}

static void
record_invitation (BeckonAccount        *self,
                   BeckonInvitationItem *item)
{
  UcwaInvitation *invitation = beckon_invitation_item_get_invitation (item);
  const char     *nick = state_nick (beckon_invitation_item_get_state (item));
  const char     *reason = beckon_invitation_item_get_error_message (item);
  Row            *recorded;

  if (self->history == NULL || invitation == NULL || nick == NULL || !_beckon_account_item_is_over (item))
    return;

  recorded = g_hash_table_lookup (self->recorded, item);
  if (recorded != NULL && row_valid (recorded))
    {
      /* Ended, then settled otherwise (a lobby left after all). */
      beckon_history_update_invitation (self->history, recorded->id, nick, reason);
      return;
    }

  {
    g_autofree char        *key = invitation_conversation_key (invitation);
    BeckonHistoryInvitation record = {
      .is_meeting = beckon_invitation_item_get_is_meeting (item),
      .from_name = (char *) ucwa_invitation_get_from_name (invitation),
      .from_uri = (char *) ucwa_invitation_get_from_uri (invitation),
      .subject = (char *) beckon_invitation_item_get_body (item),
      .received = g_date_time_to_unix (beckon_invitation_item_get_received (item)) * 1000 +
                  g_date_time_get_microsecond (beckon_invitation_item_get_received (item)) / 1000,
      .ended = g_get_real_time () / 1000,
      .state = (char *) nick,
      .reason = (char *) reason,
      .conversation = key,
    };
    gint64 row = beckon_history_add_invitation (self->history, &record);

    beckon_invitation_item_set_conversation_key (item, key);
    if (row != 0)
      g_hash_table_insert (self->recorded, g_object_ref (item), row_new (self->history, row));
  }
}

void
_beckon_account_item_state_cb (BeckonAccount        *self,
                               GParamSpec           *pspec,
                               BeckonInvitationItem *item)
{
  record_invitation (self, item);
}

static const char *
message_state (UcwaMessage *message)
{
  switch (ucwa_message_get_status (message))
    {
    case UCWA_MESSAGE_STATUS_PENDING:
      return "sending";
    case UCWA_MESSAGE_STATUS_FAILED:
      return "failed";
    case UCWA_MESSAGE_STATUS_DELIVERED:
    default:
      return "delivered";
    }
}

static gint64
message_time (UcwaMessage *message)
{
  gint64 time = ucwa_message_get_timestamp (message);

  return time > 0 ? time : g_get_real_time () / 1000;
}

/* A message's row (a Row), for the changes that follow it (delivered,
 * failed, the text of an early event): held by the message's notify
 * handler, so it lives exactly as long as the message. */
static void
message_row_free (gpointer  data,
                  GClosure *closure)
{
  _beckon_account_history_row_free (data);
}

static void
message_notify_cb (UcwaMessage *message,
                   GParamSpec  *pspec,
                   Row         *row)
{
  const char *name = g_param_spec_get_name (pspec);

  if (!row_valid (row))
    return;
  if (g_str_equal (name, "status") || g_str_equal (name, "text") || g_str_equal (name, "timestamp"))
    beckon_history_update_message (row->history, row->id, ucwa_message_get_text (message),
                                   message_time (message), message_state (message));
}

/* Runs while the event channel's batch is applied, before the main loop
 * writes the next P-GET (its ack) to the socket: the commit here is what
 * makes an acknowledged message survive a killed process. */
static void
message_added_cb (BeckonAccount    *self,
                  UcwaConversation *conversation,
                  UcwaMessage      *message)
{
  g_autofree char     *key = conversation_key (self, conversation);
  BeckonHistoryMessage record = {
    .conversation = key,
    .outgoing = ucwa_message_get_direction (message) == UCWA_DIRECTION_OUTGOING,
    .sender = (char *) ucwa_message_get_sender_name (message),
    .text = (char *) ucwa_message_get_text (message),
    .time = message_time (message),
    .state = (char *) message_state (message),
  };
  gint64 id;

  if (self->history == NULL || key == NULL)
    return;

  id = beckon_history_add_message (self->history, &record);
  if (id == 0)
    return;

  g_signal_connect_data (message, "notify", G_CALLBACK (message_notify_cb), row_new (self->history, id),
                         message_row_free, 0);
}

static void
history_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (BeckonAccount) self = user_data;
  g_autoptr (GPtrArray)     records = NULL;
  g_autoptr (GError)        error = NULL;

  records = beckon_history_load_invitations_finish (BECKON_HISTORY (object), result, &error);
  if (records == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Could not read the history: %s", error->message);
      return;
    }
  if (g_cancellable_is_cancelled (self->history_cancellable))
    return;

  /* Newest first, below everything of this run (which is newer). */
  for (guint i = 0; i < records->len; i++)
    {
      BeckonHistoryInvitation         *record = g_ptr_array_index (records, i);
      g_autoptr (BeckonInvitationItem) item = NULL;
      g_autoptr (GDateTime)            received = g_date_time_new_from_unix_local (record->received / 1000);
      BeckonInvitationState            state;

      if (!state_from_nick (record->state, &state))
        continue;
      item = beckon_invitation_item_new_restored (record->is_meeting, record->from_name, record->from_uri,
                                                  record->subject, received, state, record->reason,
                                                  record->conversation);
      g_list_store_append (self->invitations, item);
    }
  _beckon_account_trim_history (self);
  _beckon_account_history_restored (self);
}

/**
 * beckon_account_set_history:
 * @history: where ended invitations and messages are kept
 *
 * From now on every invitation that ends and every message is recorded in
 * @history; the invitations of earlier runs are read from it (on a worker
 * thread) and appended to the list, and "history-restored" is emitted then.
 * Call once, before signing in.
 */
void
beckon_account_set_history (BeckonAccount *self,
                            BeckonHistory *history)
{
  g_return_if_fail (BECKON_IS_ACCOUNT (self));
  g_return_if_fail (BECKON_IS_HISTORY (history));
  g_return_if_fail (self->history == NULL);

  self->history = g_object_ref (history);
  g_signal_connect_swapped (ucwa_session_get_model (self->session), "message-added",
                            G_CALLBACK (message_added_cb), self);
  /* Bounded by what is there now: whatever ends meanwhile is in the list already. */
  beckon_history_load_invitations_async (history, beckon_history_get_last_invitation_id (history), BECKON_ACCOUNT_MAX_HISTORY,
                                         self->history_cancellable, history_loaded_cb, g_object_ref (self));
}

BeckonHistory *
beckon_account_get_history (BeckonAccount *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT (self), NULL);

  return self->history;
}

/**
 * beckon_account_clear_history:
 *
 * Empties the history file and takes every ended invitation out of the
 * list (those still ringing or being answered stay).
 *
 * Returns: %FALSE if the file could not be cleared (the list is cleared all
 *   the same)
 */
gboolean
beckon_account_clear_history (BeckonAccount *self)
{
  gboolean cleared = TRUE;

  g_return_val_if_fail (BECKON_IS_ACCOUNT (self), FALSE);

  if (self->history != NULL)
    cleared = beckon_history_clear (self->history);

  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->invitations)); i > 0; i--)
    {
      g_autoptr (BeckonInvitationItem) item = g_list_model_get_item (G_LIST_MODEL (self->invitations), i - 1);

      if (_beckon_account_item_is_over (item))
        _beckon_account_forget_item (self, item, i - 1);
    }
  return cleared;
}

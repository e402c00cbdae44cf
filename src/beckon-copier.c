/* beckon-copier.c: the core's half of the copies: what changed, once per turn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which thread owns what: everything here but the reference count and the
 * `core` pointer (set before anyone else sees the copier) is the core's
 * thread's: the account, its items, their conversations and messages, the
 * handlers on them, and what changed since the last batch.  The owner's
 * thread only holds references and sends commands, which run here
 * (beckon_core_invoke()).
 *
 * Why batches.  The core's objects change one property at a time, and a
 * burst (fifty invitations in one events response, a chat's backlog) makes
 * thousands of such changes in one turn of the core's loop.  Sending each
 * one would wake the GTK thread thousands of times and let it see halves of
 * a change (a state without its verdict).  Instead the handlers only note
 * what changed; one idle, below every default-priority source, turns the
 * notes into snapshots of the current state once the turn's work is done,
 * and sends them in one BeckonCopyBatch (beckon-copy-private.h).  List
 * changes are recorded as they happen (items-changed, with snapshots of
 * what came in), since positions only mean something in their order.
 *
 * The verdicts (beckon_account_can_answer()) are computed here, with each
 * item's snapshot, so that the GTK thread shows what the account decided
 * and never decides again.  They depend on the invitation's links as well
 * as the item's state: both are watched.
 *
 * The commands from the GTK thread are beckon-copier-commands.c's.
 */

#include "config.h"

#include "beckon-copier-private.h"

#include <glib/gi18n.h>

#include "beckon-tsan-private.h"

/* Snapshots (their frees: beckon-copy-snapshots.c) */

static guint64 *
new_id (BeckonCopier *self)
{
  guint64 id = ++self->next_id;

  return g_memdup2 (&id, sizeof id);
}

static BeckonConversationSnapshot *conversation_snapshot (ConvWatch *watch);

static void schedule_flush (BeckonCopier *self);

static void main_window_invitation_snapshot (BeckonCopier             *self,
                                             BeckonInvitationItem     *item,
                                             BeckonInvitationSnapshot *snapshot);
static void main_window_account_snapshot (BeckonCopier          *self,
                                          BeckonAccountSnapshot *snapshot);
static void main_window_watch (BeckonCopier *self);
static void main_window_unwatch (BeckonCopier *self);

/* Conversations */

static BeckonMessageSnapshot *
message_snapshot (ConvWatch   *watch,
                  UcwaMessage *message)
{
  BeckonMessageSnapshot *snapshot = g_new0 (BeckonMessageSnapshot, 1);
  guint64               *id = g_hash_table_lookup (watch->message_ids, message);

  snapshot->id = id != NULL ? *id : 0;
  snapshot->direction = ucwa_message_get_direction (message);
  snapshot->status = ucwa_message_get_status (message);
  snapshot->text = g_strdup (ucwa_message_get_text (message));
  snapshot->html = g_strdup (ucwa_message_get_html (message));
  snapshot->sender_name = g_strdup (ucwa_message_get_sender_name (message));
  snapshot->timestamp = ucwa_message_get_timestamp (message);
  snapshot->failure = g_strdup (g_hash_table_lookup (watch->failures, message));
  return snapshot;
}

/* Lets go of a conversation whose item left the account's list, once it
 * ended: the copies stay bounded, as the model does.  What it last said
 * goes with the next batch. */
static void
drop_watch (ConvWatch *watch)
{
  BeckonCopier *self = watch->copier;

  if (watch->dirty)
    g_ptr_array_add (self->last_words, conversation_snapshot (watch));
  g_hash_table_remove (self->dirty_conversations, watch);
  g_array_append_val (self->dropped, watch->id);
  g_hash_table_remove (self->conversations_by_id, &watch->id);
  g_hash_table_remove (self->conversations, watch->conversation);
  schedule_flush (self);
}

static gboolean
drop_if_over (ConvWatch *watch)
{
  if (!watch->orphaned || ucwa_conversation_get_state (watch->conversation) != UCWA_CONVERSATION_STATE_DISCONNECTED)
    return FALSE;
  drop_watch (watch);
  return TRUE;
}

static void
conv_mark (ConvWatch *watch)
{
  watch->dirty = TRUE;
  g_hash_table_add (watch->copier->dirty_conversations, watch);
  schedule_flush (watch->copier);
}

void
_beckon_copier_conv_mark (ConvWatch *watch)
{
  conv_mark (watch);
}

static void
conversation_notify_cb (ConvWatch *watch)
{
  conv_mark (watch);
  _beckon_copier_watch_outbox_update (watch);
  drop_if_over (watch);
}

static void
message_notify_cb (ConvWatch   *watch,
                   GParamSpec  *pspec,
                   UcwaMessage *message)
{
  g_hash_table_add (watch->dirty_messages, message);
  conv_mark (watch);
}

static void
messages_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     ConvWatch  *watch)
{
  BeckonCopySplice *splice = g_new0 (BeckonCopySplice, 1);

  splice->position = position;
  splice->n_removed = removed;
  splice->added = g_ptr_array_new_with_free_func (beckon_message_snapshot_free);
  for (guint i = 0; i < removed; i++)
    {
      UcwaMessage *gone = g_ptr_array_index (watch->messages, position + i);

      g_signal_handlers_disconnect_by_data (gone, watch);
      g_hash_table_remove (watch->dirty_messages, gone);
      g_hash_table_remove (watch->failures, gone);
      g_hash_table_remove (watch->message_ids, gone);
    }
  g_ptr_array_remove_range (watch->messages, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr (UcwaMessage) message = g_list_model_get_item (model, position + i);
      guint64                 id = ++watch->next_message_id;

      g_hash_table_insert (watch->message_ids, message, g_memdup2 (&id, sizeof id));
      g_signal_connect_swapped (message, "notify", G_CALLBACK (message_notify_cb), watch);
      g_ptr_array_insert (watch->messages, position + i, g_object_ref (message));
      g_ptr_array_add (splice->added, message_snapshot (watch, message));
    }
  g_ptr_array_add (watch->splices, splice);
  conv_mark (watch);
}

static void
people_changed_cb (ConvWatch *watch)
{
  watch->people_dirty = TRUE;
  conv_mark (watch);
}

/* Follows each participant's own changes (typing, the lobby, the name). */
static void
watch_people (ConvWatch *watch)
{
  GListModel *people = ucwa_conversation_get_participants (watch->conversation);

  for (guint i = 0; i < watch->people->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (watch->people, i), watch);
  g_ptr_array_set_size (watch->people, 0);
  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      UcwaParticipant *participant = g_list_model_get_item (people, i);

      g_signal_connect_swapped (participant, "notify", G_CALLBACK (people_changed_cb), watch);
      g_ptr_array_add (watch->people, participant);
    }
}

static void
participants_changed_cb (ConvWatch *watch)
{
  watch_people (watch);
  people_changed_cb (watch);
}

static void
conv_watch_free (gpointer data)
{
  ConvWatch  *watch = data;
  GListModel *messages = ucwa_conversation_get_messages (watch->conversation);

  _beckon_copier_watch_outbox_free (watch);
  g_signal_handlers_disconnect_by_data (watch->conversation, watch);
  g_signal_handlers_disconnect_by_data (messages, watch);
  g_signal_handlers_disconnect_by_data (ucwa_conversation_get_participants (watch->conversation), watch);
  g_signal_handlers_disconnect_by_data (ucwa_conversation_get_typing_participants (watch->conversation), watch);
  for (guint i = 0; i < watch->messages->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (watch->messages, i), watch);
  for (guint i = 0; i < watch->people->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (watch->people, i), watch);
  g_ptr_array_unref (watch->messages);
  g_ptr_array_unref (watch->people);
  g_hash_table_unref (watch->message_ids);
  g_hash_table_unref (watch->dirty_messages);
  g_hash_table_unref (watch->failures);
  g_ptr_array_unref (watch->splices);
  g_object_unref (watch->conversation);
  g_free (watch);
}

/* Copies @conversation from now on; its first snapshot says everything. */
static ConvWatch *
watch_conversation (BeckonCopier     *self,
                    UcwaConversation *conversation)
{
  ConvWatch  *watch = g_hash_table_lookup (self->conversations, conversation);
  GListModel *messages;

  if (watch != NULL)
    return watch;

  watch = g_new0 (ConvWatch, 1);
  watch->copier = self;
  watch->id = ++self->next_id;
  watch->conversation = g_object_ref (conversation);
  watch->messages = g_ptr_array_new_with_free_func (g_object_unref);
  watch->message_ids = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  watch->people = g_ptr_array_new_with_free_func (g_object_unref);
  watch->dirty_messages = g_hash_table_new (NULL, NULL);
  watch->splices = g_ptr_array_new_with_free_func (beckon_copy_splice_free);
  watch->failures = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_hash_table_insert (self->conversations, conversation, watch);
  g_hash_table_insert (self->conversations_by_id, &watch->id, watch);

  messages = ucwa_conversation_get_messages (conversation);
  g_signal_connect_swapped (conversation, "notify", G_CALLBACK (conversation_notify_cb), watch);
  g_signal_connect (messages, "items-changed", G_CALLBACK (messages_changed_cb), watch);
  g_signal_connect_swapped (ucwa_conversation_get_participants (conversation), "items-changed",
                            G_CALLBACK (participants_changed_cb), watch);
  g_signal_connect_swapped (ucwa_conversation_get_typing_participants (conversation), "items-changed",
                            G_CALLBACK (people_changed_cb), watch);
  watch_people (watch);
  /* What it has so far, as one splice. */
  messages_changed_cb (messages, 0, 0, g_list_model_get_n_items (messages), watch);
  people_changed_cb (watch);
  return watch;
}

static GPtrArray *
participants_snapshot (GListModel *people)
{
  GPtrArray *snapshots = g_ptr_array_new_with_free_func (beckon_participant_snapshot_free);

  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr (UcwaParticipant) participant = g_list_model_get_item (people, i);
      BeckonParticipantSnapshot  *snapshot = g_new0 (BeckonParticipantSnapshot, 1);

      snapshot->name = g_strdup (ucwa_participant_get_name (participant));
      snapshot->uri = g_strdup (ucwa_participant_get_uri (participant));
      snapshot->local = ucwa_participant_get_local (participant);
      snapshot->organizer = ucwa_participant_get_organizer (participant);
      snapshot->typing = ucwa_participant_get_typing (participant);
      snapshot->in_lobby = ucwa_participant_get_in_lobby (participant);
      snapshot->role = ucwa_participant_get_role (participant);
      g_ptr_array_add (snapshots, snapshot);
    }
  return snapshots;
}

/* What changed of @watch since the last batch, and forgets it. */
static BeckonConversationSnapshot *
conversation_snapshot (ConvWatch *watch)
{
  BeckonConversationSnapshot *snapshot = g_new0 (BeckonConversationSnapshot, 1);
  UcwaConversation           *conversation = watch->conversation;
  GHashTableIter              iter;
  gpointer                    message;

  snapshot->id = watch->id;
  snapshot->state = ucwa_conversation_get_state (conversation);
  snapshot->messaging_state = ucwa_conversation_get_messaging_state (conversation);
  snapshot->title = g_strdup (ucwa_conversation_get_title (conversation));
  snapshot->subject = g_strdup (ucwa_conversation_get_subject (conversation));
  snapshot->can_send = ucwa_conversation_get_send_message_href (conversation) != NULL;
  snapshot->can_type = ucwa_conversation_get_set_is_typing_href (conversation) != NULL;
  if (watch->people_dirty)
    {
      snapshot->participants = participants_snapshot (ucwa_conversation_get_participants (conversation));
      snapshot->typing = participants_snapshot (ucwa_conversation_get_typing_participants (conversation));
    }
  snapshot->message_splices = g_steal_pointer (&watch->splices);
  watch->splices = g_ptr_array_new_with_free_func (beckon_copy_splice_free);
  snapshot->message_updates = g_ptr_array_new_with_free_func (beckon_message_snapshot_free);
  g_hash_table_iter_init (&iter, watch->dirty_messages);
  while (g_hash_table_iter_next (&iter, &message, NULL))
    g_ptr_array_add (snapshot->message_updates, message_snapshot (watch, message));
  g_hash_table_remove_all (watch->dirty_messages);
  _beckon_copier_watch_outbox_snapshot (watch, snapshot);
  watch->dirty = FALSE;
  watch->people_dirty = FALSE;
  return snapshot;
}

BeckonConversationSnapshot *
_beckon_copier_conversation_snapshot (ConvWatch *watch)
{
  g_hash_table_remove (watch->copier->dirty_conversations, watch);
  return conversation_snapshot (watch);
}

/* Invitations */

static guint64
item_id (BeckonCopier         *self,
         BeckonInvitationItem *item)
{
  guint64 *id = g_hash_table_lookup (self->item_ids, item);

  return id != NULL ? *id : 0;
}

static BeckonInvitationSnapshot *
invitation_snapshot (BeckonCopier         *self,
                     BeckonInvitationItem *item)
{
  BeckonInvitationSnapshot *snapshot = g_new0 (BeckonInvitationSnapshot, 1);
  g_autoptr (GError)        accept_error = NULL;
  g_autoptr (GError)        decline_error = NULL;
  UcwaConversation         *conversation = beckon_invitation_item_get_conversation (item);
  GDateTime                *received = beckon_invitation_item_get_received (item);

  snapshot->id = item_id (self, item);
  snapshot->state = beckon_invitation_item_get_state (item);
  snapshot->answerable = beckon_invitation_item_get_answerable (item);
  snapshot->is_meeting = beckon_invitation_item_get_is_meeting (item);
  snapshot->restored = beckon_invitation_item_get_restored (item);
  snapshot->inviter = g_strdup (beckon_invitation_item_get_inviter (item));
  snapshot->summary = g_strdup (beckon_invitation_item_get_summary (item));
  snapshot->body = g_strdup (beckon_invitation_item_get_body (item));
  snapshot->status_text = g_strdup (beckon_invitation_item_get_status_text (item));
  snapshot->error_message = g_strdup (beckon_invitation_item_get_error_message (item));
  snapshot->received = received != NULL ? g_date_time_ref (received) : NULL;
  snapshot->conversation_key = g_strdup (beckon_invitation_item_get_conversation_key (item));
  snapshot->inviter_uri = g_strdup (beckon_invitation_item_get_inviter_uri (item));

  /* A restored item has nothing to answer: the account is not asked, and
   * its words for it are used (beckon_account_can_answer()). */
  if (snapshot->restored)
    {
      g_set_error_literal (&accept_error, BECKON_ANSWER_ERROR, BECKON_ANSWER_ERROR_OVER,
                           _ ("This invitation can no longer be answered"));
      decline_error = g_error_copy (accept_error);
    }
  else
    {
      snapshot->can_accept = beckon_account_can_answer (self->account, item, BECKON_ANSWER_ACCEPT, &accept_error);
      snapshot->can_decline = beckon_account_can_answer (self->account, item, BECKON_ANSWER_DECLINE, &decline_error);
    }
  if (accept_error != NULL)
    {
      snapshot->accept_refusal = g_strdup (accept_error->message);
      snapshot->accept_refusal_code = accept_error->code;
    }
  if (decline_error != NULL)
    {
      snapshot->decline_refusal = g_strdup (decline_error->message);
      snapshot->decline_refusal_code = decline_error->code;
    }

  if (conversation != NULL)
    snapshot->conversation_id = watch_conversation (self, conversation)->id;
  main_window_invitation_snapshot (self, item, snapshot);
  return snapshot;
}

static void
item_mark (BeckonCopier         *self,
           BeckonInvitationItem *item)
{
  g_hash_table_add (self->dirty_items, item);
  schedule_flush (self);
}

/* The item's invitation too: the verdicts follow its links. */
static void
invitation_notify_cb (BeckonCopier   *self,
                      GParamSpec     *pspec,
                      UcwaInvitation *invitation)
{
  BeckonInvitationItem *item = beckon_account_find_item (self->account, invitation);

  if (item != NULL && g_hash_table_contains (self->item_ids, item))
    item_mark (self, item);
}

static void
item_notify_cb (BeckonCopier         *self,
                GParamSpec           *pspec,
                BeckonInvitationItem *item)
{
  item_mark (self, item);
}

static void
follow_item (BeckonCopier         *self,
             BeckonInvitationItem *item)
{
  UcwaInvitation *invitation = beckon_invitation_item_get_invitation (item);
  guint64        *id = new_id (self);

  g_hash_table_insert (self->item_ids, item, id);
  g_hash_table_insert (self->items_by_id, id, item);
  g_signal_connect_swapped (item, "notify", G_CALLBACK (item_notify_cb), self);
  if (invitation != NULL)
    g_signal_connect_swapped (invitation, "notify", G_CALLBACK (invitation_notify_cb), self);
}

static void
unfollow_item (BeckonCopier         *self,
               BeckonInvitationItem *item)
{
  UcwaInvitation   *invitation = beckon_invitation_item_get_invitation (item);
  UcwaConversation *conversation = beckon_invitation_item_get_conversation (item);
  ConvWatch        *watch = conversation != NULL ? g_hash_table_lookup (self->conversations, conversation) : NULL;
  guint64          *id = g_hash_table_lookup (self->item_ids, item);

  if (watch != NULL)
    {
      watch->orphaned = TRUE;
      drop_if_over (watch);
    }
  g_signal_handlers_disconnect_by_data (item, self);
  if (invitation != NULL)
    g_signal_handlers_disconnect_by_func (invitation, invitation_notify_cb, self);
  g_hash_table_remove (self->dirty_items, item);
  if (id != NULL)
    g_hash_table_remove (self->items_by_id, id);
  g_hash_table_remove (self->item_ids, item);
}

static void
invitations_changed_cb (BeckonCopier *self,
                        guint         position,
                        guint         removed,
                        guint         added,
                        GListModel   *model)
{
  BeckonCopySplice *splice = g_new0 (BeckonCopySplice, 1);

  splice->position = position;
  splice->n_removed = removed;
  splice->added = g_ptr_array_new_with_free_func (beckon_invitation_snapshot_free);
  for (guint i = 0; i < removed; i++)
    unfollow_item (self, g_ptr_array_index (self->items, position + i));
  g_ptr_array_remove_range (self->items, position, removed);
  for (guint i = 0; i < added; i++)
    {
      BeckonInvitationItem *item = g_list_model_get_item (model, position + i);

      follow_item (self, item);
      g_ptr_array_insert (self->items, position + i, item);
      g_ptr_array_add (splice->added, invitation_snapshot (self, item));
    }
  g_ptr_array_add (self->splices, splice);
  schedule_flush (self);
}

static void
invitation_added_cb (BeckonCopier         *self,
                     BeckonInvitationItem *item)
{
  guint64 id = item_id (self, item);

  if (id != 0)
    g_array_append_val (self->added, id);
  schedule_flush (self);
}

static void
conversation_ready_cb (BeckonCopier         *self,
                       BeckonInvitationItem *item,
                       UcwaConversation     *conversation)
{
  BeckonCopyReady ready = { item_id (self, item), watch_conversation (self, conversation)->id };

  /* The item's conversation may be set after this: the copy's is then
   * NULL until the next batch, the signal's never. */
  if (ready.item_id != 0)
    g_array_append_val (self->ready, ready);
  item_mark (self, item);
}

static void
history_restored_cb (BeckonCopier *self)
{
  self->restored = TRUE;
  schedule_flush (self);
}

static void
account_changed_cb (BeckonCopier *self)
{
  self->account_dirty = TRUE;
  schedule_flush (self);
}

/* The conversation window's (conv): what waits goes out when the session
 * is back. */
static void
session_state_outboxes_cb (BeckonCopier *self)
{
  GHashTableIter iter;
  gpointer       watch;

  g_hash_table_iter_init (&iter, self->conversations);
  while (g_hash_table_iter_next (&iter, NULL, &watch))
    _beckon_copier_watch_outbox_update (watch);
}

/* (conv) An item the account does not list: the next batch makes its copy
 * (and, since it is marked, says what it is). */
static void
follow_extra_item (BeckonCopier         *self,
                   BeckonInvitationItem *item)
{
  guint64 id;

  if (g_hash_table_contains (self->item_ids, item))
    return;
  follow_item (self, item);
  g_ptr_array_add (self->extra_items, g_object_ref (item));
  id = item_id (self, item);
  g_array_append_val (self->followed, id);
  item_mark (self, item);
}

BeckonInvitationSnapshot *
_beckon_copier_follow_item (BeckonCopier                *self,
                            BeckonInvitationItem        *item,
                            BeckonConversationSnapshot **conversation)
{
  BeckonInvitationSnapshot *snapshot;
  ConvWatch                *watch;

  *conversation = NULL;
  if (self->account == NULL)
    return NULL;
  follow_extra_item (self, item);
  snapshot = invitation_snapshot (self, item);
  watch = snapshot->conversation_id != 0 ? g_hash_table_lookup (self->conversations_by_id, &snapshot->conversation_id) : NULL;
  if (watch != NULL)
    *conversation = _beckon_copier_conversation_snapshot (watch);
  return snapshot;
}

BeckonConversationSnapshot *
_beckon_copier_follow_conversation (BeckonCopier     *self,
                                    UcwaConversation *conversation)
{
  if (self->account == NULL)
    return NULL;
  return _beckon_copier_conversation_snapshot (watch_conversation (self, conversation));
}

static void flush (BeckonCopier *self);

guint64
_beckon_copier_follow_now (BeckonCopier         *self,
                           BeckonInvitationItem *item,
                           UcwaConversation     *conversation,
                           guint64              *conversation_id)
{
  guint64 id = 0;

  g_return_val_if_fail (beckon_core_is_core_thread (self->core), 0);

  *conversation_id = 0;
  if (self->account == NULL)
    return 0;
  if (item != NULL)
    {
      follow_extra_item (self, item);
      id = item_id (self, item);
    }
  if (conversation != NULL)
    *conversation_id = watch_conversation (self, conversation)->id;
  flush (self);
  return id;
}

/* Batches */

typedef struct
{
  BeckonAccountCopy *copy;
  BeckonCopyBatch   *batch;
} Delivery;

static void
delivery_run (gpointer data)
{
  Delivery *delivery = data;

  _beckon_account_copy_apply (delivery->copy, delivery->batch);
}

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  beckon_copy_batch_free (delivery->batch);
  g_object_unref (delivery->copy);
  g_free (delivery);
}

/* The application's: why the session signed out or retries, and the
 * certificate refused, which the sign-in page shows for the user to judge
 * (an immutable object: its reference crosses with the batch). */
static void
session_outcome_snapshot (BeckonCopier          *self,
                          BeckonAccountSnapshot *snapshot)
{
  const GError *error = ucwa_session_get_error (self->session);

  snapshot->session_error = error != NULL ? g_error_copy (error) : NULL;
  snapshot->retry_in = ucwa_session_get_retry_in (self->session);
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    snapshot->refused_certificate =
      ucwa_connection_get_refused_certificate (ucwa_session_get_connection (self->session), NULL);
  if (snapshot->refused_certificate != NULL)
    g_object_ref (snapshot->refused_certificate);
}

static BeckonAccountSnapshot *
account_snapshot (BeckonCopier *self)
{
  BeckonAccountSnapshot *snapshot = g_new0 (BeckonAccountSnapshot, 1);

  snapshot->status_text = g_strdup (beckon_account_get_status_text (self->account));
  snapshot->online = beckon_account_get_online (self->account);
  snapshot->do_not_disturb = beckon_account_get_do_not_disturb (self->account);
  snapshot->session_state = ucwa_session_get_state (self->session);
  snapshot->display_name = g_strdup (ucwa_session_get_display_name (self->session));
  snapshot->user = g_strdup (ucwa_session_get_user (self->session));
  main_window_account_snapshot (self, snapshot);
  session_outcome_snapshot (self, snapshot);
  return snapshot;
}

static gboolean
has_changes (BeckonCopier *self)
{
  return self->account_dirty || self->restored || self->splices->len > 0 || self->added->len > 0 ||
         self->ready->len > 0 || self->dropped->len > 0 || self->followed->len > 0 ||
         g_hash_table_size (self->dirty_items) > 0 ||
         g_hash_table_size (self->dirty_conversations) > 0;
}

/* Sends what changed since the last batch, if anything did. */
static void
flush (BeckonCopier *self)
{
  BeckonCopyBatch *batch;
  Delivery        *delivery;
  GHashTableIter   iter;
  gpointer         key;

  if (self->copy == NULL || !has_changes (self))
    return;

  batch = g_new0 (BeckonCopyBatch, 1);
  if (self->account_dirty)
    batch->account = account_snapshot (self);
  batch->invitation_splices = g_steal_pointer (&self->splices);
  self->splices = g_ptr_array_new_with_free_func (beckon_copy_splice_free);
  /* The items first: their snapshots may start following a conversation. */
  batch->invitation_updates = g_ptr_array_new_with_free_func (beckon_invitation_snapshot_free);
  g_hash_table_iter_init (&iter, self->dirty_items);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (batch->invitation_updates, invitation_snapshot (self, key));
  g_hash_table_remove_all (self->dirty_items);
  batch->conversations = g_steal_pointer (&self->last_words);
  self->last_words = g_ptr_array_new_with_free_func (_beckon_conversation_snapshot_free);
  g_hash_table_iter_init (&iter, self->dirty_conversations);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (batch->conversations, conversation_snapshot (key));
  g_hash_table_remove_all (self->dirty_conversations);
  batch->added = g_steal_pointer (&self->added);
  self->added = g_array_new (FALSE, FALSE, sizeof (guint64));
  batch->ready = g_steal_pointer (&self->ready);
  self->ready = g_array_new (FALSE, FALSE, sizeof (BeckonCopyReady));
  batch->dropped = g_steal_pointer (&self->dropped);
  self->dropped = g_array_new (FALSE, FALSE, sizeof (guint64));
  batch->followed = g_steal_pointer (&self->followed);
  self->followed = g_array_new (FALSE, FALSE, sizeof (guint64));
  batch->restored = self->restored;
  self->account_dirty = FALSE;
  self->restored = FALSE;

  delivery = g_new0 (Delivery, 1);
  delivery->copy = g_object_ref (self->copy);
  delivery->batch = batch;
  /* Written here for the last time; read there (the Call says so too). */
  BECKON_TSAN_RELEASE (batch);
  beckon_core_invoke_owner (self->core, delivery_run, delivery, delivery_free);
}

static gboolean
flush_cb (gpointer data)
{
  BeckonCopier *self = data;

  g_clear_pointer (&self->flush_source, g_source_unref);
  flush (self);
  return G_SOURCE_REMOVE;
}

/* Once per turn: below every default-priority source, so that the turn's
 * work (a whole events response) is done before the batch is made. */
static void
schedule_flush (BeckonCopier *self)
{
  if (self->flush_source != NULL || self->copy == NULL)
    return;

  self->flush_source = g_idle_source_new ();
  g_source_set_static_name (self->flush_source, "[beckon] copier flush");
  g_source_set_priority (self->flush_source, G_PRIORITY_HIGH_IDLE);
  g_source_set_callback (self->flush_source, flush_cb, self, NULL);
  g_source_attach (self->flush_source, g_main_context_get_thread_default ());
}

/* The main window's: the sign-in page's steps, the status button's
 * presence, the rows' Reply */

static void
main_window_invitation_snapshot (BeckonCopier             *self,
                                 BeckonInvitationItem     *item,
                                 BeckonInvitationSnapshot *snapshot)
{
  snapshot->can_reply = beckon_account_can_reply (self->account, item, NULL);
}

static void
main_window_account_snapshot (BeckonCopier          *self,
                              BeckonAccountSnapshot *snapshot)
{
  UcwaPresence *presence = ucwa_session_get_presence (self->session);

  snapshot->sign_in_phase = ucwa_session_get_sign_in_phase (self->session);
  snapshot->availability = g_strdup (ucwa_presence_get_availability (presence));
  snapshot->activity = g_strdup (ucwa_presence_get_activity (presence));
  snapshot->presence_ready = ucwa_presence_get_ready (presence);
}

/* Reply follows whether the account is online: the items it could change
 * (missed chats) are copied again. */
static void
main_window_online_cb (BeckonCopier *self)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      BeckonInvitationItem *item = g_ptr_array_index (self->items, i);

      if (beckon_invitation_item_get_state (item) == BECKON_INVITATION_STATE_MISSED)
        item_mark (self, item);
    }
}

static gboolean
main_window_flush_cb (gpointer data)
{
  flush (data);
  return G_SOURCE_REMOVE;
}

/* Each step of the sign-in goes as soon as the step's own work is done,
 * not once the turn is quiet: against a fast server the steps follow each
 * other without a quiet turn between them, and the page shows every one (a
 * handful per sign-in). */
static void
main_window_phase_cb (BeckonCopier *self)
{
  g_autoptr (GSource) source = g_idle_source_new ();

  account_changed_cb (self);
  g_source_set_static_name (source, "[beckon] copier sign-in step");
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, main_window_flush_cb, _beckon_copier_ref (self), (GDestroyNotify) _beckon_copier_unref);
  g_source_attach (source, g_main_context_get_thread_default ());
}

static void
main_window_watch (BeckonCopier *self)
{
  g_signal_connect_swapped (self->session, "notify::sign-in-phase", G_CALLBACK (main_window_phase_cb), self);
  g_signal_connect_swapped (ucwa_session_get_presence (self->session), "notify", G_CALLBACK (account_changed_cb),
                            self);
  g_signal_connect_swapped (self->account, "notify::online", G_CALLBACK (main_window_online_cb), self);
}

static void
main_window_unwatch (BeckonCopier *self)
{
  g_signal_handlers_disconnect_by_data (ucwa_session_get_presence (self->session), self);
}

guint64
_beckon_copier_lookup_item (BeckonCopier         *self,
                            BeckonInvitationItem *item)
{
  g_return_val_if_fail (beckon_core_is_core_thread (self->core), 0);

  return self->account != NULL ? item_id (self, item) : 0;
}

/* The copier of an account, for its core-side callers that only know the
 * account (an account has one copy: the GTK thread's). */
#define ACCOUNT_COPIER_KEY "beckon-copier"

guint64
_beckon_copier_account_item_id (BeckonAccount        *account,
                                BeckonInvitationItem *item)
{
  BeckonCopier *self = g_object_get_data (G_OBJECT (account), ACCOUNT_COPIER_KEY);

  if (self == NULL || self->account == NULL)
    return 0;
  g_return_val_if_fail (beckon_core_is_core_thread (self->core), 0);

  flush (self);
  return item_id (self, item);
}

/* Life */

BeckonCopier *
_beckon_copier_new (BeckonCore        *core,
                    BeckonAccount     *account,
                    BeckonAccountCopy *copy)
{
  BeckonCopier *self = g_new0 (BeckonCopier, 1);
  GListModel   *invitations = beckon_account_get_invitations (account);

  g_return_val_if_fail (beckon_core_is_core_thread (core), NULL);

  self->ref_count = 1;
  self->core = core;
  self->account = g_object_ref (account);
  self->session = g_object_ref (beckon_account_get_session (account));
  self->copy = copy;
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->item_ids = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->items_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->conversations = g_hash_table_new_full (NULL, NULL, NULL, conv_watch_free);
  self->conversations_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->dirty_items = g_hash_table_new (NULL, NULL);
  self->dirty_conversations = g_hash_table_new (NULL, NULL);
  self->splices = g_ptr_array_new_with_free_func (beckon_copy_splice_free);
  self->added = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->ready = g_array_new (FALSE, FALSE, sizeof (BeckonCopyReady));
  self->last_words = g_ptr_array_new_with_free_func (_beckon_conversation_snapshot_free);
  self->dropped = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->followed = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->extra_items = g_ptr_array_new_with_free_func (g_object_unref);

  g_warn_if_fail (g_object_get_data (G_OBJECT (account), ACCOUNT_COPIER_KEY) == NULL);
  g_object_set_data (G_OBJECT (account), ACCOUNT_COPIER_KEY, self);
  g_signal_connect_swapped (invitations, "items-changed", G_CALLBACK (invitations_changed_cb), self);
  g_signal_connect_swapped (account, "invitation-added", G_CALLBACK (invitation_added_cb), self);
  g_signal_connect_swapped (account, "conversation-ready", G_CALLBACK (conversation_ready_cb), self);
  g_signal_connect_swapped (account, "history-restored", G_CALLBACK (history_restored_cb), self);
  g_signal_connect_swapped (account, "notify::status-text", G_CALLBACK (account_changed_cb), self);
  g_signal_connect_swapped (account, "notify::online", G_CALLBACK (account_changed_cb), self);
  g_signal_connect_swapped (account, "notify::do-not-disturb", G_CALLBACK (account_changed_cb), self);
  g_signal_connect_swapped (self->session, "notify::state", G_CALLBACK (account_changed_cb), self);
  g_signal_connect_swapped (self->session, "notify::display-name", G_CALLBACK (account_changed_cb), self);
  main_window_watch (self);
  g_signal_connect_swapped (self->session, "notify::state", G_CALLBACK (session_state_outboxes_cb), self);
  /* The application's */
  g_signal_connect_swapped (self->session, "notify::error", G_CALLBACK (account_changed_cb), self);
  g_signal_connect_swapped (self->session, "notify::retry-in", G_CALLBACK (account_changed_cb), self);

  /* The first batch says everything. */
  self->account_dirty = TRUE;
  invitations_changed_cb (self, 0, 0, g_list_model_get_n_items (invitations), invitations);
  return self;
}

void
_beckon_copier_stop (BeckonCopier *self)
{
  g_return_if_fail (beckon_core_is_core_thread (self->core));

  if (self->account == NULL)
    return;

  /* Nothing the copies were not told yet is lost. */
  flush (self);
  self->copy = NULL;
  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }

  for (guint i = 0; i < self->items->len; i++)
    unfollow_item (self, g_ptr_array_index (self->items, i));
  for (guint i = 0; i < self->extra_items->len; i++)
    unfollow_item (self, g_ptr_array_index (self->extra_items, i));
  g_ptr_array_set_size (self->extra_items, 0);
  if (g_object_get_data (G_OBJECT (self->account), ACCOUNT_COPIER_KEY) == self)
    g_object_set_data (G_OBJECT (self->account), ACCOUNT_COPIER_KEY, NULL);
  g_signal_handlers_disconnect_by_data (beckon_account_get_invitations (self->account), self);
  g_signal_handlers_disconnect_by_data (self->account, self);
  g_signal_handlers_disconnect_by_data (self->session, self);
  main_window_unwatch (self);
  g_hash_table_remove_all (self->conversations_by_id);
  g_hash_table_remove_all (self->conversations);
  g_ptr_array_set_size (self->items, 0);
  g_clear_object (&self->session);
  g_clear_object (&self->account);
}

void
_beckon_copier_send_now (BeckonCopier *self)
{
  g_return_if_fail (beckon_core_is_core_thread (self->core));

  flush (self);
}

BeckonCopier *
_beckon_copier_ref (BeckonCopier *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

/* The last reference may go on either thread: by then only memory is left
 * (_beckon_copier_stop() let go of the core's objects, on the core). */
void
_beckon_copier_unref (BeckonCopier *self)
{
  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;

  g_warn_if_fail (self->account == NULL);
  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->item_ids);
  g_hash_table_unref (self->items_by_id);
  g_hash_table_unref (self->conversations_by_id);
  g_hash_table_unref (self->conversations);
  g_hash_table_unref (self->dirty_items);
  g_hash_table_unref (self->dirty_conversations);
  g_ptr_array_unref (self->splices);
  g_array_unref (self->added);
  g_array_unref (self->ready);
  g_ptr_array_unref (self->last_words);
  g_array_unref (self->dropped);
  g_array_unref (self->followed);
  g_ptr_array_unref (self->extra_items);
  g_free (self);
}

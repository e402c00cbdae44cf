/* beckon-conversation-copy.c: a conversation as the GTK thread sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owner's thread only (the GTK thread).  What the UcwaConversation on the
 * core says, as of the core's last turn (beckon-copy-private.h): its state
 * and title, its messages with their delivery, who takes part and who is
 * typing.  Its commands go to the core (beckon-copier.c), which runs them
 * on the conversation itself; what they change comes back as changes.
 * Made and kept by the BeckonAccountCopy, which detaches it when it stops
 * following the core: from then on it keeps what it last said, and its
 * commands go nowhere.
 */

#include "config.h"

#include "beckon-conversation-copy.h"

#include <gtk/gtk.h>

#include "beckon-copy-private.h"
#include "ucwa-enum-types.h"

struct _BeckonConversationCopy
{
  GObject parent_instance;

  BeckonAccountCopy    *account; /* borrowed: it keeps us; NULL once detached */
  guint64               id;
  UcwaConversationState state;
  UcwaModalityState     messaging_state;
  char                 *title;
  char                 *subject;
  gboolean              can_send;
  gboolean              can_type;
  GListStore           *messages;     /* BeckonMessageCopy */
  GHashTable           *message_ids;  /* guint64* id (owned) → BeckonMessageCopy (borrowed from messages) */
  GListStore           *participants; /* BeckonParticipantCopy */
  GListStore           *typing;       /* BeckonParticipantCopy */
  GListStore           *waiting;      /* GtkStringObject (conv): the outbox's texts waiting for the connection */
  gboolean              waiting_lost; /* (conv) they will never go */
};

G_DEFINE_FINAL_TYPE (BeckonConversationCopy, beckon_conversation_copy, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_MESSAGING_STATE,
  PROP_TITLE,
  PROP_SUBJECT,
  PROP_CAN_SEND,
  PROP_CAN_TYPE,
  PROP_MESSAGES,
  PROP_PARTICIPANTS,
  PROP_TYPING_PARTICIPANTS,
  PROP_WAITING,
  PROP_WAITING_LOST,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
beckon_conversation_copy_dispose (GObject *object)
{
  BeckonConversationCopy *self = BECKON_CONVERSATION_COPY (object);

  self->account = NULL;
  g_clear_pointer (&self->message_ids, g_hash_table_unref);
  g_clear_object (&self->messages);
  g_clear_object (&self->participants);
  g_clear_object (&self->typing);
  g_clear_object (&self->waiting);

  G_OBJECT_CLASS (beckon_conversation_copy_parent_class)->dispose (object);
}

static void
beckon_conversation_copy_finalize (GObject *object)
{
  BeckonConversationCopy *self = BECKON_CONVERSATION_COPY (object);

  g_free (self->title);
  g_free (self->subject);

  G_OBJECT_CLASS (beckon_conversation_copy_parent_class)->finalize (object);
}

static void
beckon_conversation_copy_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  BeckonConversationCopy *self = BECKON_CONVERSATION_COPY (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MESSAGING_STATE:
      g_value_set_enum (value, self->messaging_state);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case PROP_CAN_SEND:
      g_value_set_boolean (value, self->can_send);
      break;
    case PROP_CAN_TYPE:
      g_value_set_boolean (value, self->can_type);
      break;
    case PROP_MESSAGES:
      g_value_set_object (value, self->messages);
      break;
    case PROP_PARTICIPANTS:
      g_value_set_object (value, self->participants);
      break;
    case PROP_TYPING_PARTICIPANTS:
      g_value_set_object (value, self->typing);
      break;
    case PROP_WAITING:
      g_value_set_object (value, self->waiting);
      break;
    case PROP_WAITING_LOST:
      g_value_set_boolean (value, self->waiting_lost);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_conversation_copy_class_init (BeckonConversationCopyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = beckon_conversation_copy_dispose;
  object_class->finalize = beckon_conversation_copy_finalize;
  object_class->get_property = beckon_conversation_copy_get_property;

  props[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, UCWA_TYPE_CONVERSATION_STATE,
                                         UCWA_CONVERSATION_STATE_UNKNOWN, ro);
  props[PROP_MESSAGING_STATE] = g_param_spec_enum ("messaging-state", NULL, NULL, UCWA_TYPE_MODALITY_STATE,
                                                   UCWA_MODALITY_STATE_DISCONNECTED, ro);
  props[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  props[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, ro);
  props[PROP_CAN_SEND] = g_param_spec_boolean ("can-send", NULL, NULL, FALSE, ro);
  props[PROP_CAN_TYPE] = g_param_spec_boolean ("can-type", NULL, NULL, FALSE, ro);
  props[PROP_MESSAGES] = g_param_spec_object ("messages", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  props[PROP_PARTICIPANTS] = g_param_spec_object ("participants", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  props[PROP_TYPING_PARTICIPANTS] = g_param_spec_object ("typing-participants", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  props[PROP_WAITING] = g_param_spec_object ("waiting", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  props[PROP_WAITING_LOST] = g_param_spec_boolean ("waiting-lost", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
beckon_conversation_copy_init (BeckonConversationCopy *self)
{
  self->messages = g_list_store_new (BECKON_TYPE_MESSAGE_COPY);
  self->message_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->participants = g_list_store_new (BECKON_TYPE_PARTICIPANT_COPY);
  self->typing = g_list_store_new (BECKON_TYPE_PARTICIPANT_COPY);
  self->waiting = g_list_store_new (GTK_TYPE_STRING_OBJECT);
}

BeckonConversationCopy *
_beckon_conversation_copy_new (BeckonAccountCopy *account,
                               guint64            id)
{
  BeckonConversationCopy *self = g_object_new (BECKON_TYPE_CONVERSATION_COPY, NULL);

  self->account = account;
  self->id = id;
  return self;
}

guint64
_beckon_conversation_copy_get_id (BeckonConversationCopy *self)
{
  return self->id;
}

void
_beckon_conversation_copy_detach (BeckonConversationCopy *self)
{
  self->account = NULL;
}

static void
replace_participants (GListStore *store,
                      GPtrArray  *snapshots)
{
  g_autoptr (GPtrArray) copies = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < snapshots->len; i++)
    g_ptr_array_add (copies, _beckon_participant_copy_new (g_ptr_array_index (snapshots, i)));
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), copies->pdata, copies->len);
}

static void
splice_messages (BeckonConversationCopy *self,
                 const BeckonCopySplice *splice)
{
  g_autoptr (GPtrArray) copies = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < splice->n_removed; i++)
    {
      g_autoptr (BeckonMessageCopy) gone = g_list_model_get_item (G_LIST_MODEL (self->messages), splice->position + i);
      guint64                       id = _beckon_message_copy_get_id (gone);

      g_hash_table_remove (self->message_ids, &id);
    }
  for (guint i = 0; i < splice->added->len; i++)
    {
      BeckonMessageCopy *copy = _beckon_message_copy_new (g_ptr_array_index (splice->added, i));

      guint64 id = _beckon_message_copy_get_id (copy);

      g_ptr_array_add (copies, copy);
      g_hash_table_insert (self->message_ids, g_memdup2 (&id, sizeof id), copy);
    }
  g_list_store_splice (self->messages, splice->position, splice->n_removed, copies->pdata, copies->len);
}

/* The conversation window's (conv): the outbox only appends what waits,
 * and sends it from the front; the texts still waiting keep their objects
 * (and their rows). */
static void
update_waiting (BeckonConversationCopy           *self,
                const BeckonConversationSnapshot *snapshot)
{
  GListModel           *model = G_LIST_MODEL (self->waiting);
  guint                 n = g_list_model_get_n_items (model);
  guint                 n_new = snapshot->waiting != NULL ? g_strv_length (snapshot->waiting) : 0;
  guint                 gone = 0;
  g_autoptr (GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

  /* The fewest from the front such that the rest begins the new list. */
  for (gone = 0; gone < n; gone++)
    {
      gboolean prefix = n - gone <= n_new;

      for (guint i = gone; prefix && i < n; i++)
        {
          g_autoptr (GtkStringObject) text = g_list_model_get_item (model, i);

          prefix = g_strcmp0 (gtk_string_object_get_string (text), snapshot->waiting[i - gone]) == 0;
        }
      if (prefix)
        break;
    }
  for (guint i = n - gone; i < n_new; i++)
    g_ptr_array_add (added, gtk_string_object_new (snapshot->waiting[i]));
  if (gone > 0)
    g_list_store_splice (self->waiting, 0, gone, NULL, 0);
  if (added->len > 0)
    g_list_store_splice (self->waiting, n - gone, 0, added->pdata, added->len);
  beckon_copy_set_int (self, &self->waiting_lost, snapshot->waiting_lost, props[PROP_WAITING_LOST]);
}

void
_beckon_conversation_copy_update (BeckonConversationCopy           *self,
                                  const BeckonConversationSnapshot *snapshot)
{
  g_object_freeze_notify (G_OBJECT (self));
  beckon_copy_set_string (self, &self->title, snapshot->title, props[PROP_TITLE]);
  beckon_copy_set_string (self, &self->subject, snapshot->subject, props[PROP_SUBJECT]);
  beckon_copy_set_int (self, (int *) &self->can_send, snapshot->can_send, props[PROP_CAN_SEND]);
  beckon_copy_set_int (self, (int *) &self->can_type, snapshot->can_type, props[PROP_CAN_TYPE]);
  beckon_copy_set_int (self, (int *) &self->messaging_state, snapshot->messaging_state, props[PROP_MESSAGING_STATE]);
  if (snapshot->participants != NULL)
    replace_participants (self->participants, snapshot->participants);
  if (snapshot->typing != NULL)
    replace_participants (self->typing, snapshot->typing);
  for (guint i = 0; i < snapshot->message_splices->len; i++)
    splice_messages (self, g_ptr_array_index (snapshot->message_splices, i));
  for (guint i = 0; i < snapshot->message_updates->len; i++)
    {
      BeckonMessageSnapshot *update = g_ptr_array_index (snapshot->message_updates, i);
      BeckonMessageCopy     *copy = g_hash_table_lookup (self->message_ids, &update->id);

      if (copy != NULL)
        _beckon_message_copy_update (copy, update);
    }
  update_waiting (self, snapshot);
  /* Last: whoever follows the state finds the rest up to date. */
  beckon_copy_set_int (self, (int *) &self->state, snapshot->state, props[PROP_STATE]);
  g_object_thaw_notify (G_OBJECT (self));
}

UcwaConversationState
beckon_conversation_copy_get_state (BeckonConversationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_CONVERSATION_COPY (self), UCWA_CONVERSATION_STATE_UNKNOWN);

  return self->state;
}

UcwaModalityState
beckon_conversation_copy_get_messaging_state (BeckonConversationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_CONVERSATION_COPY (self), 0);

  return self->messaging_state;
}

const char *
beckon_conversation_copy_get_title (BeckonConversationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_CONVERSATION_COPY (self), NULL);

  return self->title;
}

const char *
beckon_conversation_copy_get_subject (BeckonConversationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_CONVERSATION_COPY (self), NULL);

  return self->subject;
}

gboolean
beckon_conversation_copy_get_can_send (BeckonConversationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_CONVERSATION_COPY (self), FALSE);

  return self->can_send;
}

gboolean
beckon_conversation_copy_get_can_type (BeckonConversationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_CONVERSATION_COPY (self), FALSE);

  return self->can_type;
}

GListModel *
beckon_conversation_copy_get_messages (BeckonConversationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_CONVERSATION_COPY (self), NULL);

  return G_LIST_MODEL (self->messages);
}

GListModel *
beckon_conversation_copy_get_participants (BeckonConversationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_CONVERSATION_COPY (self), NULL);

  return G_LIST_MODEL (self->participants);
}

GListModel *
beckon_conversation_copy_get_typing_participants (BeckonConversationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_CONVERSATION_COPY (self), NULL);

  return G_LIST_MODEL (self->typing);
}

/* The copier, if the account copy still follows the core. */
static BeckonCopier *
copier (BeckonConversationCopy *self)
{
  return self->account != NULL ? _beckon_account_copy_get_copier (self->account) : NULL;
}

void
beckon_conversation_copy_send (BeckonConversationCopy *self,
                               const char             *text)
{
  g_return_if_fail (BECKON_IS_CONVERSATION_COPY (self));
  g_return_if_fail (text != NULL);

  if (copier (self) != NULL)
    _beckon_copier_send_message (copier (self), self->id, text);
}

void
beckon_conversation_copy_set_typing (BeckonConversationCopy *self)
{
  g_return_if_fail (BECKON_IS_CONVERSATION_COPY (self));

  if (copier (self) != NULL)
    _beckon_copier_set_typing (copier (self), self->id);
}

void
beckon_conversation_copy_leave (BeckonConversationCopy *self)
{
  g_return_if_fail (BECKON_IS_CONVERSATION_COPY (self));

  if (copier (self) != NULL)
    _beckon_copier_leave (copier (self), self->id);
}

/* The conversation window's (conv) */

/* GtkStringObject: the texts written while the session reconnects, in
 * order, until they go out. */
GListModel *
beckon_conversation_copy_get_waiting (BeckonConversationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_CONVERSATION_COPY (self), NULL);

  return G_LIST_MODEL (self->waiting);
}

gboolean
beckon_conversation_copy_get_waiting_lost (BeckonConversationCopy *self)
{
  g_return_val_if_fail (BECKON_IS_CONVERSATION_COPY (self), FALSE);

  return self->waiting_lost;
}

void
_beckon_conversation_copy_set_send_timeout (BeckonConversationCopy *self,
                                            guint                   milliseconds)
{
  g_return_if_fail (BECKON_IS_CONVERSATION_COPY (self));

  if (copier (self) != NULL)
    _beckon_copier_set_send_timeout (copier (self), self->id, milliseconds);
}

/* Leaves, as beckon_conversation_copy_leave(), and says when the DELETE is
 * done (the window closes then, whatever the server said). */
void
beckon_conversation_copy_leave_async (BeckonConversationCopy *self,
                                      GCancellable           *cancellable,
                                      GAsyncReadyCallback     callback,
                                      gpointer                user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (BECKON_IS_CONVERSATION_COPY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, beckon_conversation_copy_leave_async);
  if (copier (self) == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "The conversation is no longer followed");
  else
    _beckon_copier_leave_task (copier (self), self->id, task);
}

gboolean
beckon_conversation_copy_leave_finish (BeckonConversationCopy *self,
                                       GAsyncResult           *result,
                                       GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

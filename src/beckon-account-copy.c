/* beckon-account-copy.c: the account as the GTK thread sees it, copied from the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which thread owns what: this object, its list of BeckonInvitationCopy
 * and its BeckonConversationCopy belong to the owner's thread (the GTK
 * thread, which created it with the core); the BeckonAccount it copies and
 * the copier that watches it (beckon-copier.c) belong to the core's.  The
 * copier sends one batch of immutable snapshots per turn of the core's loop
 * that changed something (beckon-copy-private.h); this object applies it at
 * once, as one change for the views: the list's items-changed, then each
 * copy's notifications, then the account's signals.
 *
 * The views read the copies by the names they read the core's objects by
 * (BeckonAccount's "invitations", "status-text", "online"; the item's
 * properties), and ask for the account's verdicts as they asked the account
 * (beckon_account_copy_can_answer()); the answers go to the core as
 * messages.  Nothing here decides anything.  What the core tells this
 * thread outside the batches names the copies by id
 * (_beckon_account_copy_lookup_item(), _lookup_conversation()), found here
 * without asking the core: it sends the batch that carries them first.
 *
 * Stopping: beckon_account_copy_disconnect() (or the last reference) stops
 * the copier on the core, which first sends what changed since its last
 * batch; batches already on their way still arrive and are applied, so the
 * copy ends as the core last was.  It must be called before the core's
 * objects are dropped and the core freed.
 */

#include "config.h"

#include "beckon-account-copy.h"

#include <glib/gi18n.h>

#include "beckon-copy-private.h"
#include "beckon-tsan-private.h"
#include "ucwa-enum-types.h"

struct _BeckonAccountCopy
{
  GObject parent_instance;

  BeckonCore   *core;
  BeckonCopier *copier; /* NULL once disconnected */

  GListStore *invitations;   /* BeckonInvitationCopy, newest first */
  GHashTable *items;         /* guint64* id → BeckonInvitationCopy* (borrowed from invitations) */
  GHashTable *conversations; /* guint64* id → BeckonConversationCopy* (owned) */
  GHashTable *extra_items;   /* (conv) guint64* id → BeckonInvitationCopy* (owned): followed, not listed */

  char            *status_text;
  gboolean         online;
  gboolean         do_not_disturb;
  UcwaSessionState session_state;
  char            *display_name;
  char            *user;
  guint            n_batches;

  /* The main window's */
  UcwaSignInPhase  sign_in_phase;
  char            *availability;
  char            *activity;
  gboolean         presence_ready;
  /* The application's (see beckon_account_copy_sign_in_async()). */
  GError          *session_error;
  guint            retry_in;
  GTlsCertificate *refused_certificate;
};

G_DEFINE_FINAL_TYPE (BeckonAccountCopy, beckon_account_copy, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INVITATIONS,
  PROP_STATUS_TEXT,
  PROP_ONLINE,
  PROP_DO_NOT_DISTURB,
  PROP_SESSION_STATE,
  PROP_DISPLAY_NAME,
  PROP_USER,
  /* The main window's */
  PROP_SIGN_IN_PHASE,
  PROP_AVAILABILITY,
  PROP_ACTIVITY,
  PROP_PRESENCE_READY,
  PROP_SESSION_ERROR,
  PROP_RETRY_IN,
  PROP_REFUSED_CERTIFICATE,
  N_PROPS
};

enum {
  SIGNAL_INVITATION_ADDED,
  SIGNAL_CONVERSATION_READY,
  SIGNAL_HISTORY_RESTORED,
  SIGNAL_BATCH_APPLIED,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint       signals[N_SIGNALS];

static void
beckon_account_copy_dispose (GObject *object)
{
  BeckonAccountCopy *self = BECKON_ACCOUNT_COPY (object);

  beckon_account_copy_disconnect (self);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->conversations, g_hash_table_unref);
  g_clear_pointer (&self->extra_items, g_hash_table_unref);
  g_clear_object (&self->invitations);

  G_OBJECT_CLASS (beckon_account_copy_parent_class)->dispose (object);
}

static void
beckon_account_copy_finalize (GObject *object)
{
  BeckonAccountCopy *self = BECKON_ACCOUNT_COPY (object);

  g_free (self->status_text);
  g_free (self->display_name);
  g_free (self->user);
  g_free (self->availability);
  g_free (self->activity);
  g_clear_error (&self->session_error);
  g_clear_object (&self->refused_certificate);

  G_OBJECT_CLASS (beckon_account_copy_parent_class)->finalize (object);
}

static void
beckon_account_copy_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BeckonAccountCopy *self = BECKON_ACCOUNT_COPY (object);

  switch (prop_id)
    {
    case PROP_INVITATIONS:
      g_value_set_object (value, self->invitations);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_DO_NOT_DISTURB:
      g_value_set_boolean (value, self->do_not_disturb);
      break;
    case PROP_SESSION_STATE:
      g_value_set_enum (value, self->session_state);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_SIGN_IN_PHASE:
      g_value_set_enum (value, self->sign_in_phase);
      break;
    case PROP_AVAILABILITY:
      g_value_set_string (value, self->availability);
      break;
    case PROP_ACTIVITY:
      g_value_set_string (value, self->activity);
      break;
    case PROP_PRESENCE_READY:
      g_value_set_boolean (value, self->presence_ready);
      break;
    case PROP_SESSION_ERROR:
      g_value_set_boxed (value, self->session_error);
      break;
    case PROP_RETRY_IN:
      g_value_set_uint (value, self->retry_in);
      break;
    case PROP_REFUSED_CERTIFICATE:
      g_value_set_object (value, self->refused_certificate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_account_copy_class_init (BeckonAccountCopyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = beckon_account_copy_dispose;
  object_class->finalize = beckon_account_copy_finalize;
  object_class->get_property = beckon_account_copy_get_property;

  props[PROP_INVITATIONS] = g_param_spec_object ("invitations", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  props[PROP_STATUS_TEXT] = g_param_spec_string ("status-text", NULL, NULL, NULL, ro);
  props[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE, ro);
  props[PROP_DO_NOT_DISTURB] = g_param_spec_boolean ("do-not-disturb", NULL, NULL, FALSE, ro);
  props[PROP_SESSION_STATE] = g_param_spec_enum ("session-state", NULL, NULL, UCWA_TYPE_SESSION_STATE,
                                                 UCWA_SESSION_STATE_SIGNED_OUT, ro);
  props[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, ro);
  props[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, ro);
  /* The session's UcwaSession:sign-in-phase, and its UcwaPresence's
   * "availability", "activity" and "ready". */
  props[PROP_SIGN_IN_PHASE] = g_param_spec_enum ("sign-in-phase", NULL, NULL, UCWA_TYPE_SIGN_IN_PHASE,
                                                 UCWA_SIGN_IN_PHASE_NONE, ro);
  props[PROP_AVAILABILITY] = g_param_spec_string ("availability", NULL, NULL, NULL, ro);
  props[PROP_ACTIVITY] = g_param_spec_string ("activity", NULL, NULL, NULL, ro);
  props[PROP_PRESENCE_READY] = g_param_spec_boolean ("presence-ready", NULL, NULL, FALSE, ro);
  /* The session's "error" and "retry-in", and its connection's refused
   * certificate (when the error says the certificate was refused). */
  props[PROP_SESSION_ERROR] = g_param_spec_boxed ("session-error", NULL, NULL, G_TYPE_ERROR, ro);
  props[PROP_RETRY_IN] = g_param_spec_uint ("retry-in", NULL, NULL, 0, G_MAXUINT, 0, ro);
  props[PROP_REFUSED_CERTIFICATE] = g_param_spec_object ("refused-certificate", NULL, NULL,
                                                         G_TYPE_TLS_CERTIFICATE, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNAL_INVITATION_ADDED] =
    g_signal_new ("invitation-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BECKON_TYPE_INVITATION_COPY);
  signals[SIGNAL_CONVERSATION_READY] =
    g_signal_new ("conversation-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, BECKON_TYPE_INVITATION_COPY, BECKON_TYPE_CONVERSATION_COPY);
  signals[SIGNAL_HISTORY_RESTORED] =
    g_signal_new ("history-restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_BATCH_APPLIED] =
    g_signal_new ("batch-applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
beckon_account_copy_init (BeckonAccountCopy *self)
{
  self->invitations = g_list_store_new (BECKON_TYPE_INVITATION_COPY);
  self->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->conversations = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->extra_items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

typedef struct
{
  BeckonCore        *core;
  BeckonAccount     *account;
  BeckonAccountCopy *copy;
  BeckonCopier      *copier;
} Start;

static void
start_cb (gpointer data)
{
  Start *start = data;

  start->copier = _beckon_copier_new (start->core, start->account, start->copy);
}

/**
 * beckon_account_copy_new:
 * @core: the core @account lives on
 * @account: the core's; only ever touched on the core's thread
 *
 * On the owner's thread.  The copy is empty until the core's first batch,
 * which says everything ("batch-applied").
 */
BeckonAccountCopy *
beckon_account_copy_new (BeckonCore    *core,
                         BeckonAccount *account)
{
  BeckonAccountCopy *self;
  Start              start = { core, account, NULL, NULL };

  g_return_val_if_fail (core != NULL, NULL);
  g_return_val_if_fail (!beckon_core_is_threaded (core) || !beckon_core_is_core_thread (core), NULL);

  self = g_object_new (BECKON_TYPE_ACCOUNT_COPY, NULL);
  self->core = core;
  start.copy = self;
  beckon_core_call (core, start_cb, &start);
  self->copier = start.copier;
  return self;
}

static void
stop_cb (gpointer data)
{
  _beckon_copier_stop (data);
}

/**
 * beckon_account_copy_disconnect:
 *
 * Stops following the core: what changed there so far still arrives, then
 * nothing more; the commands go nowhere.  Before the core's objects are
 * dropped.
 */
void
beckon_account_copy_disconnect (BeckonAccountCopy *self)
{
  GHashTableIter iter;
  gpointer       conversation;

  g_return_if_fail (BECKON_IS_ACCOUNT_COPY (self));

  if (self->copier == NULL)
    return;

  beckon_core_call (self->core, stop_cb, self->copier);
  g_clear_pointer (&self->copier, _beckon_copier_unref);
  g_hash_table_iter_init (&iter, self->conversations);
  while (g_hash_table_iter_next (&iter, NULL, &conversation))
    _beckon_conversation_copy_detach (conversation);
}

BeckonCopier *
_beckon_account_copy_get_copier (BeckonAccountCopy *self)
{
  return self->copier;
}

static BeckonConversationCopy *
lookup_conversation (BeckonAccountCopy *self,
                     guint64            id)
{
  return id != 0 ? g_hash_table_lookup (self->conversations, &id) : NULL;
}

static void
apply_conversation (BeckonAccountCopy                *self,
                    const BeckonConversationSnapshot *snapshot)
{
  BeckonConversationCopy *conversation = lookup_conversation (self, snapshot->id);

  if (conversation == NULL)
    {
      conversation = _beckon_conversation_copy_new (self->copier != NULL ? self : NULL, snapshot->id);
      g_hash_table_insert (self->conversations, g_memdup2 (&snapshot->id, sizeof snapshot->id), conversation);
    }
  _beckon_conversation_copy_update (conversation, snapshot);
}

static void
apply_item (BeckonAccountCopy              *self,
            BeckonInvitationCopy           *item,
            const BeckonInvitationSnapshot *snapshot)
{
  _beckon_invitation_copy_update (item, snapshot, lookup_conversation (self, snapshot->conversation_id));
}

static BeckonInvitationCopy *follow_extra (BeckonAccountCopy *self,
                                           guint64            id);

static void
apply_splice (BeckonAccountCopy      *self,
              const BeckonCopySplice *splice)
{
  g_autoptr (GPtrArray) copies = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < splice->n_removed; i++)
    {
      g_autoptr (BeckonInvitationCopy) gone = g_list_model_get_item (G_LIST_MODEL (self->invitations),
                                                                     splice->position + i);
      guint64                          id = _beckon_invitation_copy_get_id (gone);

      g_hash_table_remove (self->items, &id);
    }
  for (guint i = 0; i < splice->added->len; i++)
    {
      const BeckonInvitationSnapshot *snapshot = g_ptr_array_index (splice->added, i);
      BeckonInvitationCopy           *item = _beckon_invitation_copy_new (snapshot->id);

      apply_item (self, item, snapshot);
      g_hash_table_insert (self->items, g_memdup2 (&snapshot->id, sizeof snapshot->id), item);
      g_ptr_array_add (copies, item);
    }
  g_list_store_splice (self->invitations, splice->position, splice->n_removed, copies->pdata, copies->len);
}

static gboolean
same_error (const GError *a,
            const GError *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return a->domain == b->domain && a->code == b->code && g_strcmp0 (a->message, b->message) == 0;
}

/* The application's: notified as the session notified them, once each. */
static void
apply_session_outcome (BeckonAccountCopy           *self,
                       const BeckonAccountSnapshot *snapshot)
{
  if (g_set_object (&self->refused_certificate, snapshot->refused_certificate))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REFUSED_CERTIFICATE]);
  if (!same_error (self->session_error, snapshot->session_error))
    {
      g_clear_error (&self->session_error);
      self->session_error = snapshot->session_error != NULL ? g_error_copy (snapshot->session_error) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SESSION_ERROR]);
    }
  beckon_copy_set_int (self, (int *) &self->retry_in, snapshot->retry_in, props[PROP_RETRY_IN]);
}

static void
apply_account (BeckonAccountCopy           *self,
               const BeckonAccountSnapshot *snapshot)
{
  g_object_freeze_notify (G_OBJECT (self));
  beckon_copy_set_string (self, &self->status_text, snapshot->status_text, props[PROP_STATUS_TEXT]);
  beckon_copy_set_string (self, &self->display_name, snapshot->display_name, props[PROP_DISPLAY_NAME]);
  beckon_copy_set_string (self, &self->user, snapshot->user, props[PROP_USER]);
  beckon_copy_set_int (self, (int *) &self->session_state, snapshot->session_state, props[PROP_SESSION_STATE]);
  beckon_copy_set_int (self, &self->do_not_disturb, snapshot->do_not_disturb, props[PROP_DO_NOT_DISTURB]);
  beckon_copy_set_int (self, (int *) &self->sign_in_phase, snapshot->sign_in_phase, props[PROP_SIGN_IN_PHASE]);
  beckon_copy_set_string (self, &self->availability, snapshot->availability, props[PROP_AVAILABILITY]);
  beckon_copy_set_string (self, &self->activity, snapshot->activity, props[PROP_ACTIVITY]);
  beckon_copy_set_int (self, &self->presence_ready, snapshot->presence_ready, props[PROP_PRESENCE_READY]);
  apply_session_outcome (self, snapshot);
  /* Notified whenever the account notified it, as BeckonAccount does. */
  self->online = snapshot->online;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ONLINE]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* On the owner's thread: one turn of the core's, as one change here. */
void
_beckon_account_copy_apply (BeckonAccountCopy *self,
                            BeckonCopyBatch   *batch)
{
  g_autoptr (BeckonAccountCopy) hold = g_object_ref (self);

  BECKON_TSAN_ACQUIRE (batch);
  if (self->invitations == NULL)
    return; /* disposed meanwhile */

  self->n_batches++;
  for (guint i = 0; i < batch->conversations->len; i++)
    apply_conversation (self, g_ptr_array_index (batch->conversations, i));
  for (guint i = 0; i < batch->invitation_splices->len; i++)
    apply_splice (self, g_ptr_array_index (batch->invitation_splices, i));
  for (guint i = 0; i < batch->followed->len; i++)
    follow_extra (self, g_array_index (batch->followed, guint64, i));
  for (guint i = 0; i < batch->invitation_updates->len; i++)
    {
      const BeckonInvitationSnapshot *snapshot = g_ptr_array_index (batch->invitation_updates, i);
      BeckonInvitationCopy           *item = g_hash_table_lookup (self->items, &snapshot->id);
      BeckonInvitationCopy           *extra = g_hash_table_lookup (self->extra_items, &snapshot->id);

      if (item != NULL)
        apply_item (self, item, snapshot);
      /* (conv) Followed before the list's first batch came, it may have both. */
      if (extra != NULL)
        apply_item (self, extra, snapshot);
    }
  if (batch->account != NULL)
    apply_account (self, batch->account);

  for (guint i = 0; i < batch->added->len; i++)
    {
      BeckonInvitationCopy *item = g_hash_table_lookup (self->items, &g_array_index (batch->added, guint64, i));

      if (item != NULL)
        g_signal_emit (self, signals[SIGNAL_INVITATION_ADDED], 0, item);
    }
  for (guint i = 0; i < batch->ready->len; i++)
    {
      BeckonCopyReady        *ready = &g_array_index (batch->ready, BeckonCopyReady, i);
      BeckonInvitationCopy   *item = g_hash_table_lookup (self->items, &ready->item_id);
      BeckonConversationCopy *conversation = lookup_conversation (self, ready->conversation_id);

      if (item != NULL && conversation != NULL)
        g_signal_emit (self, signals[SIGNAL_CONVERSATION_READY], 0, item, conversation);
    }
  if (batch->restored)
    g_signal_emit (self, signals[SIGNAL_HISTORY_RESTORED], 0);
  for (guint i = 0; i < batch->dropped->len; i++)
    {
      BeckonConversationCopy *conversation = lookup_conversation (self, g_array_index (batch->dropped, guint64, i));

      if (conversation != NULL)
        {
          _beckon_conversation_copy_detach (conversation);
          g_hash_table_remove (self->conversations, &g_array_index (batch->dropped, guint64, i));
        }
    }
  g_signal_emit (self, signals[SIGNAL_BATCH_APPLIED], 0);
}

GListModel *
beckon_account_copy_get_invitations (BeckonAccountCopy *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), NULL);

  return G_LIST_MODEL (self->invitations);
}

const char *
beckon_account_copy_get_status_text (BeckonAccountCopy *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), NULL);

  return self->status_text;
}

gboolean
beckon_account_copy_get_online (BeckonAccountCopy *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), FALSE);

  return self->online;
}

gboolean
beckon_account_copy_get_do_not_disturb (BeckonAccountCopy *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), FALSE);

  return self->do_not_disturb;
}

UcwaSessionState
beckon_account_copy_get_session_state (BeckonAccountCopy *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), UCWA_SESSION_STATE_SIGNED_OUT);

  return self->session_state;
}

const char *
beckon_account_copy_get_display_name (BeckonAccountCopy *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), NULL);

  return self->display_name;
}

const char *
beckon_account_copy_get_user (BeckonAccountCopy *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), NULL);

  return self->user;
}

/* How many batches were applied: a burst on the core should make few. */
guint
beckon_account_copy_get_n_batches (BeckonAccountCopy *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), 0);

  return self->n_batches;
}

guint
beckon_account_copy_get_n_conversations (BeckonAccountCopy *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), 0);

  return g_hash_table_size (self->conversations);
}

gboolean
beckon_account_copy_can_answer (BeckonAccountCopy    *self,
                                BeckonInvitationCopy *item,
                                BeckonAnswer          answer,
                                GError              **error)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), FALSE);
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (item), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->copier == NULL)
    {
      /* Disconnected: the account is gone, as when the invitation is over. */
      g_set_error_literal (error, BECKON_ANSWER_ERROR, BECKON_ANSWER_ERROR_OVER,
                           _ ("This invitation can no longer be answered"));
      return FALSE;
    }
  return _beckon_invitation_copy_get_verdict (item, answer, error);
}

gboolean
beckon_account_copy_answer (BeckonAccountCopy    *self,
                            BeckonInvitationCopy *item,
                            BeckonAnswer          answer,
                            GError              **error)
{
  if (!beckon_account_copy_can_answer (self, item, answer, error))
    return FALSE;

  _beckon_copier_answer (self->copier, _beckon_invitation_copy_get_id (item), answer);
  return TRUE;
}

void
beckon_account_copy_clear_history (BeckonAccountCopy *self)
{
  g_return_if_fail (BECKON_IS_ACCOUNT_COPY (self));

  if (self->copier != NULL)
    _beckon_copier_clear_history (self->copier);
}

/* The main window's */

UcwaSignInPhase
beckon_account_copy_get_sign_in_phase (BeckonAccountCopy *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), UCWA_SIGN_IN_PHASE_NONE);

  return self->sign_in_phase;
}

const char *
beckon_account_copy_get_availability (BeckonAccountCopy *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), NULL);

  return self->availability;
}

const char *
beckon_account_copy_get_activity (BeckonAccountCopy *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), NULL);

  return self->activity;
}

gboolean
beckon_account_copy_get_presence_ready (BeckonAccountCopy *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), FALSE);

  return self->presence_ready;
}

/**
 * beckon_account_copy_set_availability:
 * @availability: an UCWA_AVAILABILITY_* value
 *
 * As beckon_account_set_availability(), on the core: what the server makes
 * of it comes back as "availability".
 */
void
beckon_account_copy_set_availability (BeckonAccountCopy *self,
                                      const char        *availability)
{
  g_return_if_fail (BECKON_IS_ACCOUNT_COPY (self));
  g_return_if_fail (availability != NULL);

  if (self->copier != NULL)
    _beckon_copier_set_availability (self->copier, availability);
}

/* The conversation window's (conv): the items the account does not list
 * (a join's, a new chat's) and the conversations, by the ids the core's
 * messages name (beckon-account-copy-follow.c has the tests' ways in). */

/* Returns: (transfer none) (nullable): the copy of the item @id names,
 * listed or followed */
BeckonInvitationCopy *
_beckon_account_copy_lookup_item (BeckonAccountCopy *self,
                                  guint64            id)
{
  BeckonInvitationCopy *item;

  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), NULL);

  if (id == 0 || self->items == NULL)
    return NULL;
  item = g_hash_table_lookup (self->items, &id);
  return item != NULL ? item : g_hash_table_lookup (self->extra_items, &id);
}

/* Returns: (transfer none) (nullable): the copy of the conversation @id names */
BeckonConversationCopy *
_beckon_account_copy_lookup_conversation (BeckonAccountCopy *self,
                                          guint64            id)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), NULL);

  return self->conversations != NULL ? lookup_conversation (self, id) : NULL;
}

/* An item followed that the account does not list gets its copy here. */
static BeckonInvitationCopy *
follow_extra (BeckonAccountCopy *self,
              guint64            id)
{
  BeckonInvitationCopy *copy = _beckon_account_copy_lookup_item (self, id);

  if (copy == NULL)
    {
      copy = _beckon_invitation_copy_new (id);
      g_hash_table_insert (self->extra_items, g_memdup2 (&id, sizeof id), copy);
    }
  return copy;
}

BeckonInvitationCopy *
_beckon_account_copy_adopt (BeckonAccountCopy                *self,
                            const BeckonInvitationSnapshot   *item,
                            const BeckonConversationSnapshot *conversation)
{
  BeckonInvitationCopy *copy = NULL;

  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), NULL);

  if (self->items == NULL)
    return NULL; /* disposed */
  if (conversation != NULL)
    apply_conversation (self, conversation);
  if (item != NULL)
    {
      copy = follow_extra (self, item->id);
      apply_item (self, copy, item);
    }
  return copy;
}

BeckonCore *
_beckon_account_copy_get_core (BeckonAccountCopy *self)
{
  return self->core;
}

/**
 * beckon_account_copy_clear_history_async:
 *
 * As beckon_account_clear_history(), on the core; the outcome comes back
 * here (beckon_account_copy_clear_history_finish()).
 */
void
beckon_account_copy_clear_history_async (BeckonAccountCopy  *self,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (BECKON_IS_ACCOUNT_COPY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, beckon_account_copy_clear_history_async);
  if (self->copier == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "The account is gone");
      return;
    }
  _beckon_copier_clear_history_task (self->copier, task);
}

/* Returns: whether the history was cleared, on disk too */
gboolean
beckon_account_copy_clear_history_finish (BeckonAccountCopy *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == beckon_account_copy_clear_history_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The application's: the session's outcome, and signing in and out */

const GError *
beckon_account_copy_get_session_error (BeckonAccountCopy *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), NULL);

  return self->session_error;
}

guint
beckon_account_copy_get_retry_in (BeckonAccountCopy *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), 0);

  return self->retry_in;
}

GTlsCertificate *
beckon_account_copy_get_refused_certificate (BeckonAccountCopy *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), NULL);

  return self->refused_certificate;
}

static GTask *
session_task_new (BeckonAccountCopy  *self,
                  GCancellable       *cancellable,
                  GAsyncReadyCallback callback,
                  gpointer            user_data,
                  gpointer            source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (self->copier == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, "The account is no longer followed");
      g_clear_object (&task);
    }
  return task;
}

/**
 * beckon_account_copy_sign_in_async:
 *
 * As ucwa_session_sign_in_async(), on the core.  It completes once the
 * copy shows what the sign-in changed.
 */
void
beckon_account_copy_sign_in_async (BeckonAccountCopy  *self,
                                   const char         *server_url,
                                   const char         *user,
                                   const char         *password,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (BECKON_IS_ACCOUNT_COPY (self));
  g_return_if_fail (user != NULL && password != NULL);

  task = session_task_new (self, cancellable, callback, user_data, beckon_account_copy_sign_in_async);
  if (task != NULL)
    _beckon_copier_sign_in (self->copier, task, server_url, user, password);
}

/**
 * beckon_account_copy_sign_in_finish:
 * @refused: (out) (optional) (transfer full) (nullable): on a refused
 *   certificate (%G_TLS_ERROR_BAD_CERTIFICATE), the server's, for the
 *   user to judge
 */
gboolean
beckon_account_copy_sign_in_finish (BeckonAccountCopy *self,
                                    GAsyncResult      *result,
                                    GTlsCertificate  **refused,
                                    GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (refused != NULL)
    {
      GTlsCertificate *certificate = g_task_get_task_data (G_TASK (result));

      *refused = certificate != NULL ? g_object_ref (certificate) : NULL;
    }
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* As ucwa_session_sign_out_async(), on the core. */
void
beckon_account_copy_sign_out_async (BeckonAccountCopy  *self,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (BECKON_IS_ACCOUNT_COPY (self));

  task = session_task_new (self, cancellable, callback, user_data, beckon_account_copy_sign_out_async);
  if (task != NULL)
    _beckon_copier_sign_out (self->copier, task);
}

gboolean
beckon_account_copy_sign_out_finish (BeckonAccountCopy *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The New Chat dialog's people search, on the core. */
void
beckon_account_copy_search_people_async (BeckonAccountCopy  *self,
                                         const char         *query,
                                         guint               limit,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (BECKON_IS_ACCOUNT_COPY (self));
  g_return_if_fail (query != NULL);

  task = session_task_new (self, cancellable, callback, user_data, beckon_account_copy_search_people_async);
  if (task != NULL)
    _beckon_copier_search_people (self->copier, task, query, limit);
}

/* Returns: (transfer full): UcwaContact, for this thread only */
GListModel *
beckon_account_copy_search_people_finish (BeckonAccountCopy *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

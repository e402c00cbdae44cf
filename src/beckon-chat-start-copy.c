/* beckon-chat-start-copy.c: a chat the user starts, as the GTK thread follows it, run on the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which thread owns what: this object belongs to the owner's thread (the
 * GTK thread: the draft window and the application); the BeckonChatStart
 * it drives, with its item and the session it uses, belongs to the core's
 * (beckon-core.c), where it is created, sent, cancelled and dropped.  Its
 * item is copied from the start (the copier follows it, though the account
 * does not list it); its "finished" comes back by
 * beckon_core_invoke_owner() with the id of its conversation's copy, after
 * the batch that carries it (_beckon_copier_follow_now()).
 *
 * The one wait for the core is the creation, which returns the item's copy
 * the draft window is made around (a single beckon_core_call() that makes
 * the start and snapshots its new item); the rest only posts.
 *
 * Lifetime: the core's start lives until this object is disposed, which
 * posts its drop to the core (beckon_core_run()) without waiting: the
 * start's handler and its messages name a Relay, not this object, and a
 * message that arrives after the dispose finds the relay's owner gone and
 * does nothing.
 */

#include "config.h"

#include "beckon-chat-start-copy.h"

#include "beckon-chat-start.h"
#include "beckon-copy-private.h"
#include "beckon-tsan-private.h"

struct _BeckonChatStartCopy
{
  GObject parent_instance;

  BeckonCore           *core;
  BeckonAccountCopy    *copy;
  struct _Relay        *relay;
  BeckonChatStart      *start; /* the core's: only referenced here, for the core */
  BeckonInvitationCopy *item_copy;
};

G_DEFINE_FINAL_TYPE (BeckonChatStartCopy, beckon_chat_start_copy, G_TYPE_OBJECT)

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the core's side names instead of this object: shared by both
 * threads (atomically counted). */
typedef struct _Relay
{
  BeckonChatStartCopy *owner;  /* the owner's thread's: NULL once disposed */
  BeckonCore          *core;   /* set before the core sees it, read-only */
  BeckonCopier        *copier; /* likewise: the copy's, to flush on the core */
} Relay;

static Relay *
relay_ref (Relay *relay)
{
  return g_atomic_rc_box_acquire (relay);
}

static void
relay_clear (gpointer data)
{
  Relay *relay = data;

  /* Either thread: by then the copier is only memory, or still counted. */
  g_clear_pointer (&relay->copier, _beckon_copier_unref);
}

static void
relay_unref (gpointer relay)
{
  g_atomic_rc_box_release_full (relay, relay_clear);
}

static void
relay_closure_unref (gpointer  relay,
                     GClosure *closure)
{
  relay_unref (relay);
}

typedef struct
{
  Relay  *relay;
  guint64 conversation_id; /* its copy's; 0: none */
  char   *error_message;
} Finished;

static void
finished_free (gpointer data)
{
  Finished *finished = data;

  relay_unref (finished->relay);
  g_free (finished->error_message);
  g_free (finished);
}

static void
finished_deliver (gpointer data)
{
  Finished                       *finished = data;
  g_autoptr (BeckonChatStartCopy) self = NULL;
  BeckonConversationCopy         *conversation = NULL;

  BECKON_TSAN_ACQUIRE (finished);
  if (finished->relay->owner == NULL)
    return;
  self = g_object_ref (finished->relay->owner);
  /* The batch with the item's conversation came first (start_finished_cb). */
  if (finished->conversation_id != 0 && self->item_copy != NULL)
    conversation = beckon_invitation_copy_get_conversation (self->item_copy);
  if (finished->conversation_id != 0 && conversation == NULL)
    conversation = _beckon_account_copy_lookup_conversation (self->copy, finished->conversation_id);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, conversation, finished->error_message);
}

/* On the core's thread. */
static void
start_finished_cb (BeckonChatStart  *start,
                   UcwaConversation *conversation,
                   const char       *error_message,
                   Relay            *relay)
{
  Finished *finished = g_new0 (Finished, 1);

  finished->relay = relay_ref (relay);
  finished->error_message = g_strdup (error_message);
  /* What the start changed (its item, now with its conversation and the
   * first message) reaches the copies before its outcome. */
  if (relay->copier != NULL)
    _beckon_copier_follow_now (relay->copier, NULL, conversation, &finished->conversation_id);
  BECKON_TSAN_RELEASE (finished);
  beckon_core_invoke_owner (relay->core, finished_deliver, finished, finished_free);
}

typedef struct
{
  Relay                      *relay;
  BeckonChatStart            *start;
  BeckonAccount              *account;
  const char                 *address;
  const char                 *name;
  BeckonInvitationSnapshot   *item;
  BeckonConversationSnapshot *conversation;
} Create;

static void
create_run (gpointer data)
{
  Create *create = data;

  create->start = beckon_chat_start_new (create->account, create->address, create->name);
  g_signal_connect_data (create->start, "finished", G_CALLBACK (start_finished_cb), relay_ref (create->relay),
                         relay_closure_unref, 0);
  /* Its item is new: no batch on its way names it. */
  if (create->relay->copier != NULL)
    create->item = _beckon_copier_follow_item (create->relay->copier, beckon_chat_start_get_item (create->start),
                                               &create->conversation);
  BECKON_TSAN_RELEASE (create);
}

typedef struct
{
  BeckonChatStart *start;
  char            *text;
} Send;

static void
send_run (gpointer data)
{
  Send *send = data;

  beckon_chat_start_send (send->start, send->text);
}

static void
send_free (gpointer data)
{
  Send *send = data;

  g_object_unref (send->start);
  g_free (send->text);
  g_free (send);
}

static void
cancel_run (gpointer data)
{
  beckon_chat_start_cancel (data);
}

static void
drop_run (gpointer data)
{
  BeckonChatStart *start = data;

  g_signal_handlers_disconnect_matched (start, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, start_finished_cb, NULL);
  beckon_chat_start_cancel (start);
}

static void
beckon_chat_start_copy_dispose (GObject *object)
{
  BeckonChatStartCopy *self = BECKON_CHAT_START_COPY (object);

  /* Posted, not waited for: the start's handler names the relay, whose
   * owner goes now.  Cancelling it withdraws an invitation already sent
   * (ucwa-outgoing.c).  Its last reference goes on the core. */
  if (self->relay != NULL)
    self->relay->owner = NULL;
  if (self->start != NULL)
    beckon_core_run (self->core, drop_run, g_steal_pointer (&self->start), g_object_unref);
  g_clear_pointer (&self->relay, relay_unref);
  g_clear_object (&self->item_copy);
  g_clear_object (&self->copy);

  G_OBJECT_CLASS (beckon_chat_start_copy_parent_class)->dispose (object);
}

static void
beckon_chat_start_copy_class_init (BeckonChatStartCopyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = beckon_chat_start_copy_dispose;

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, BECKON_TYPE_CONVERSATION_COPY, G_TYPE_STRING);
}

static void
beckon_chat_start_copy_init (BeckonChatStartCopy *self)
{
}

/**
 * beckon_chat_start_copy_new:
 * @account: the core's account, handed to the core only
 * @address: a SIP address (beckon_chat_start_parse_address())
 *
 * A chat with @address, made on the core; it starts with the first message
 * (beckon_chat_start_copy_send()).
 */
BeckonChatStartCopy *
beckon_chat_start_copy_new (BeckonCore        *core,
                            BeckonAccountCopy *copy,
                            BeckonAccount     *account,
                            const char        *address,
                            const char        *name)
{
  BeckonChatStartCopy *self = g_object_new (BECKON_TYPE_CHAT_START_COPY, NULL);
  Create               create = { NULL, NULL, account, address, name, NULL, NULL };

  self->core = core;
  self->copy = g_object_ref (copy);
  self->relay = g_atomic_rc_box_new0 (Relay);
  self->relay->owner = self;
  self->relay->core = core;
  if (_beckon_account_copy_get_copier (copy) != NULL)
    self->relay->copier = _beckon_copier_ref (_beckon_account_copy_get_copier (copy));
  create.relay = self->relay;
  beckon_core_call (core, create_run, &create);
  BECKON_TSAN_ACQUIRE (&create);
  self->start = create.start;
  self->item_copy = _beckon_account_copy_adopt (copy, create.item, create.conversation);
  if (self->item_copy != NULL)
    g_object_ref (self->item_copy);
  g_clear_pointer (&create.item, beckon_invitation_snapshot_free);
  g_clear_pointer (&create.conversation, _beckon_conversation_snapshot_free);
  return self;
}

/* The copy of its item: the person, then its state and why it failed. */
BeckonInvitationCopy *
beckon_chat_start_copy_get_item (BeckonChatStartCopy *self)
{
  g_return_val_if_fail (BECKON_IS_CHAT_START_COPY (self), NULL);

  return self->item_copy;
}

void
beckon_chat_start_copy_send (BeckonChatStartCopy *self,
                             const char          *first_message)
{
  Send *send;

  g_return_if_fail (BECKON_IS_CHAT_START_COPY (self));
  g_return_if_fail (first_message != NULL);

  if (self->start == NULL)
    return;
  send = g_new0 (Send, 1);
  send->start = g_object_ref (self->start);
  send->text = g_strdup (first_message);
  beckon_core_invoke (self->core, send_run, send, send_free);
}

/* Gives up, saying nothing: the window went. */
void
beckon_chat_start_copy_cancel (BeckonChatStartCopy *self)
{
  g_return_if_fail (BECKON_IS_CHAT_START_COPY (self));

  if (self->start != NULL)
    beckon_core_invoke (self->core, cancel_run, g_object_ref (self->start), g_object_unref);
}

/* beckon-meeting-join-copy.c: a join by link as the GTK thread follows it, run on the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which thread owns what: this object belongs to the owner's thread (the
 * GTK thread, where the Join Meeting dialog and the application follow
 * it), and so do its copy of the join's state (waiting, finished, why it
 * failed); the BeckonMeetingJoin it drives, with the session it uses,
 * belongs to the core's (beckon-core.c) and is created, started, cancelled
 * and dropped there.  What the join does comes back by
 * beckon_core_invoke_owner(): its state whenever it may have changed (the
 * session's state, the join's end), its two signals, and the conversation
 * it opened as the ids of the copies (the copier sends the batch with them
 * first: _beckon_copier_follow_now()).
 *
 * Why the state is copied rather than asked for: asking waited for the
 * core (beckon_core_call()) on the user's paths (a second link, the dialog
 * following a join).  The one wait left is the start, which makes the join
 * on the core and says at once whether the link was refused up front or
 * waits for a sign-in, as the callers decide on that before anything else
 * happens; from then on the copy changes as the core tells it, in order.
 *
 * Lifetime: the core's join lives until this object is disposed, which
 * drops it on the core, after whatever this object posted there, and waits
 * for that (beckon_core_call(): the join's handlers name this object; a
 * join is dropped when a newer link replaces it and at shutdown, not on
 * each click); a message from the core that arrives after that finds this
 * object gone (a weak reference) and does nothing.
 */

#include "config.h"

#include "beckon-meeting-join-copy.h"

#include "beckon-copy-private.h"
#include "beckon-meeting-join.h"
#include "beckon-tsan-private.h"

struct _BeckonMeetingJoinCopy
{
  GObject parent_instance;

  BeckonCore        *core;
  BeckonAccountCopy *copy;
  BeckonCopier      *copier;  /* the copy's, to follow the join's on the core */
  BeckonAccount     *account; /* the core's, handed to it only */
  char              *url;
  BeckonMeetingJoin *join; /* the core's: set and cleared there, in a call the owner waits for */

  /* The core's thread's, while the join lives. */
  UcwaSession *session;
  gulong       session_handler;

  /* The join's state, as the core last said it; once cancelled here, what
   * the core said before it learnt of it no longer counts. */
  gboolean waiting;
  gboolean finished;
  char    *error_message;
  gboolean cancelled;
};

G_DEFINE_FINAL_TYPE (BeckonMeetingJoinCopy, beckon_meeting_join_copy, G_TYPE_OBJECT)

enum {
  SIGNAL_CONVERSATION_READY,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* From the core's thread to the owner's */

/* What the join is: read on the core's thread. */
typedef struct
{
  gboolean waiting;
  gboolean finished;
  char    *error_message; /* its item's */
} State;

typedef struct
{
  GWeakRef self;
  guint64  item_id;         /* the copies' */
  guint64  conversation_id; /* likewise */
  State    state;
  char    *signal_message; /* "finished"'s */
} Event;

static Event *
event_new (BeckonMeetingJoinCopy *self)
{
  Event *event = g_new0 (Event, 1);

  g_weak_ref_init (&event->self, self);
  return event;
}

static void
event_free (gpointer data)
{
  Event *event = data;

  g_weak_ref_clear (&event->self);
  g_free (event->state.error_message);
  g_free (event->signal_message);
  g_free (event);
}

static void
set_state (BeckonMeetingJoinCopy *self,
           State                 *state)
{
  if (self->cancelled)
    return;
  self->waiting = state->waiting;
  self->finished = state->finished;
  g_free (self->error_message);
  self->error_message = g_steal_pointer (&state->error_message);
}

static void
ready_deliver (gpointer data)
{
  Event                            *event = data;
  g_autoptr (BeckonMeetingJoinCopy) self = g_weak_ref_get (&event->self);
  BeckonConversationCopy           *conversation;

  BECKON_TSAN_ACQUIRE (event);
  if (self == NULL)
    return;
  /* The batch with both came before (join_ready_cb). */
  conversation = _beckon_account_copy_lookup_conversation (self->copy, event->conversation_id);
  if (conversation != NULL)
    g_signal_emit (self, signals[SIGNAL_CONVERSATION_READY], 0,
                   _beckon_account_copy_lookup_item (self->copy, event->item_id), conversation);
}

static void
state_deliver (gpointer data)
{
  Event                            *event = data;
  g_autoptr (BeckonMeetingJoinCopy) self = g_weak_ref_get (&event->self);

  BECKON_TSAN_ACQUIRE (event);
  if (self != NULL)
    set_state (self, &event->state);
}

static void
finished_deliver (gpointer data)
{
  Event                            *event = data;
  g_autoptr (BeckonMeetingJoinCopy) self = g_weak_ref_get (&event->self);

  BECKON_TSAN_ACQUIRE (event);
  if (self == NULL)
    return;
  set_state (self, &event->state);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, event->signal_message);
}

static void
read_state (BeckonMeetingJoin *join,
            State             *state)
{
  BeckonInvitationItem *item = beckon_meeting_join_get_item (join);

  state->waiting = beckon_meeting_join_get_waiting (join);
  state->finished = beckon_meeting_join_get_finished (join);
  state->error_message = item != NULL ? g_strdup (beckon_invitation_item_get_error_message (item)) : NULL;
}

/* On the core's thread: the join's own signals. */

static void
join_ready_cb (BeckonMeetingJoin     *join,
               BeckonInvitationItem  *item,
               UcwaConversation      *conversation,
               BeckonMeetingJoinCopy *self)
{
  Event *event = event_new (self);

  if (self->copier != NULL)
    event->item_id = _beckon_copier_follow_now (self->copier, item, conversation, &event->conversation_id);
  BECKON_TSAN_RELEASE (event);
  beckon_core_invoke_owner (self->core, ready_deliver, event, event_free);
}

static void
join_finished_cb (BeckonMeetingJoin     *join,
                  const char            *error_message,
                  BeckonMeetingJoinCopy *self)
{
  Event *event = event_new (self);

  read_state (join, &event->state);
  event->signal_message = g_strdup (error_message);
  BECKON_TSAN_RELEASE (event);
  beckon_core_invoke_owner (self->core, finished_deliver, event, event_free);
}

/* After the join's own handler (connected before): whether it stopped
 * waiting. */
static void
session_state_cb (BeckonMeetingJoinCopy *self)
{
  Event *event = event_new (self);

  read_state (self->join, &event->state);
  BECKON_TSAN_RELEASE (event);
  beckon_core_invoke_owner (self->core, state_deliver, event, event_free);
}

/* The core's side of each call; @data is this object, only its core-side
 * fields and those set before the call read there. */

typedef struct
{
  BeckonMeetingJoinCopy *self;
  State                  state;
} Call;

static void
start_run (gpointer data)
{
  Call                  *call = data;
  BeckonMeetingJoinCopy *self = call->self;

  self->join = beckon_meeting_join_new (self->account, self->url);
  /* The handlers name this object, which outlives them: the join is
   * dropped (below) before this object is freed. */
  g_signal_connect (self->join, "conversation-ready", G_CALLBACK (join_ready_cb), self);
  g_signal_connect (self->join, "finished", G_CALLBACK (join_finished_cb), self);
  beckon_meeting_join_start (self->join);
  self->session = g_object_ref (beckon_account_get_session (self->account));
  self->session_handler = g_signal_connect_swapped (self->session, "notify::state", G_CALLBACK (session_state_cb), self);
  read_state (self->join, &call->state);
}

static void
cancel_run (gpointer data)
{
  beckon_meeting_join_cancel (data);
}

static void
drop_run (gpointer data)
{
  BeckonMeetingJoinCopy *self = data;
  BeckonMeetingJoin     *join = g_steal_pointer (&self->join);

  g_clear_signal_handler (&self->session_handler, self->session);
  g_clear_object (&self->session);
  g_signal_handlers_disconnect_matched (join, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, join_ready_cb, NULL);
  g_signal_handlers_disconnect_matched (join, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, join_finished_cb, NULL);
  beckon_meeting_join_cancel (join);
  g_object_unref (join);
}

static void
beckon_meeting_join_copy_dispose (GObject *object)
{
  BeckonMeetingJoinCopy *self = BECKON_MEETING_JOIN_COPY (object);

  /* Waits for it: the join's handlers name this object. */
  if (self->join != NULL)
    beckon_core_call (self->core, drop_run, self);
  g_clear_object (&self->copy);
  g_clear_pointer (&self->copier, _beckon_copier_unref);

  G_OBJECT_CLASS (beckon_meeting_join_copy_parent_class)->dispose (object);
}

static void
beckon_meeting_join_copy_finalize (GObject *object)
{
  BeckonMeetingJoinCopy *self = BECKON_MEETING_JOIN_COPY (object);

  g_free (self->url);
  g_free (self->error_message);

  G_OBJECT_CLASS (beckon_meeting_join_copy_parent_class)->finalize (object);
}

static void
beckon_meeting_join_copy_class_init (BeckonMeetingJoinCopyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = beckon_meeting_join_copy_dispose;
  object_class->finalize = beckon_meeting_join_copy_finalize;

  signals[SIGNAL_CONVERSATION_READY] =
    g_signal_new ("conversation-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, BECKON_TYPE_INVITATION_COPY, BECKON_TYPE_CONVERSATION_COPY);
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
beckon_meeting_join_copy_init (BeckonMeetingJoinCopy *self)
{
  /* Not started: nothing under way. */
  self->finished = TRUE;
}

/**
 * beckon_meeting_join_copy_new:
 * @account: the core's account, handed to the core only
 *
 * The join of @url, made on the core when it starts.
 */
BeckonMeetingJoinCopy *
beckon_meeting_join_copy_new (BeckonCore        *core,
                              BeckonAccountCopy *copy,
                              BeckonAccount     *account,
                              const char        *url)
{
  BeckonMeetingJoinCopy *self = g_object_new (BECKON_TYPE_MEETING_JOIN_COPY, NULL);

  self->core = core;
  self->copy = g_object_ref (copy);
  if (_beckon_account_copy_get_copier (copy) != NULL)
    self->copier = _beckon_copier_ref (_beckon_account_copy_get_copier (copy));
  self->account = account;
  self->url = g_strdup (url);
  return self;
}

/* Starts it (once); a link refused up front has finished when this
 * returns, and one that waits for a sign-in says so. */
void
beckon_meeting_join_copy_start (BeckonMeetingJoinCopy *self)
{
  Call call = { self, { FALSE, FALSE, NULL } };

  g_return_if_fail (BECKON_IS_MEETING_JOIN_COPY (self));
  g_return_if_fail (self->join == NULL);

  beckon_core_call (self->core, start_run, &call);
  set_state (self, &call.state);
}

void
beckon_meeting_join_copy_cancel (BeckonMeetingJoinCopy *self)
{
  g_return_if_fail (BECKON_IS_MEETING_JOIN_COPY (self));

  if (self->join == NULL)
    return;
  beckon_core_invoke (self->core, cancel_run, g_object_ref (self->join), g_object_unref);
  /* As the core's join is once this ran there. */
  self->finished = TRUE;
  self->waiting = FALSE;
  self->cancelled = TRUE;
}

/* Whether it waits for the session to be online (a sign-in). */
gboolean
beckon_meeting_join_copy_get_waiting (BeckonMeetingJoinCopy *self)
{
  g_return_val_if_fail (BECKON_IS_MEETING_JOIN_COPY (self), FALSE);

  return self->waiting;
}

gboolean
beckon_meeting_join_copy_get_finished (BeckonMeetingJoinCopy *self)
{
  g_return_val_if_fail (BECKON_IS_MEETING_JOIN_COPY (self), TRUE);

  return self->finished;
}

/* Why it failed (translated), NULL if it did not. */
char *
beckon_meeting_join_copy_dup_error_message (BeckonMeetingJoinCopy *self)
{
  g_return_val_if_fail (BECKON_IS_MEETING_JOIN_COPY (self), NULL);

  return g_strdup (self->error_message);
}

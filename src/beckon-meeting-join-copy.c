/* beckon-meeting-join-copy.c: a join by link as the GTK thread follows it, run on the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which thread owns what: this object belongs to the owner's thread (the
 * GTK thread, where the Join Meeting dialog and the application follow
 * it); the BeckonMeetingJoin it drives, with the session it uses, belongs
 * to the core's (beckon-core.c) and is created, started, cancelled and
 * dropped there.  The join's two signals come back by
 * beckon_core_invoke_owner(), the conversation it opened as copies
 * (_beckon_account_copy_follow_item() and _follow_conversation(), which
 * hand the core's pointers back to the core only).
 *
 * Why the state is asked for (beckon_core_call()) rather than copied: it is
 * read only when the user starts a join (another one under way?) or when
 * a link waits for a sign-in, never on a path that has to be fast, and an
 * answer from the core is never stale.
 *
 * Lifetime: the core's join lives until this object is disposed, which
 * drops it on the core, after whatever this object posted there; a message
 * from the core that arrives after that finds this object gone (a weak
 * reference) and does nothing, so the core's pointers it carries are only
 * handed back to the core while the join that holds them is alive.
 */

#include "config.h"

#include "beckon-meeting-join-copy.h"

#include "beckon-meeting-join.h"
#include "beckon-tsan-private.h"

struct _BeckonMeetingJoinCopy
{
  GObject parent_instance;

  BeckonCore        *core;
  BeckonAccountCopy *copy;
  BeckonMeetingJoin *join; /* the core's: touched there only */
};

G_DEFINE_FINAL_TYPE (BeckonMeetingJoinCopy, beckon_meeting_join_copy, G_TYPE_OBJECT)

enum {
  SIGNAL_CONVERSATION_READY,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* From the core's thread to the owner's */

typedef struct
{
  GWeakRef              self;
  BeckonInvitationItem *item;         /* the core's, not referenced: see above */
  UcwaConversation     *conversation; /* likewise */
  char                 *error_message;
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
  g_free (event->error_message);
  g_free (event);
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
  conversation = _beckon_account_copy_follow_conversation (self->copy, event->conversation);
  if (conversation != NULL)
    g_signal_emit (self, signals[SIGNAL_CONVERSATION_READY], 0,
                   _beckon_account_copy_follow_item (self->copy, event->item), conversation);
}

static void
finished_deliver (gpointer data)
{
  Event                            *event = data;
  g_autoptr (BeckonMeetingJoinCopy) self = g_weak_ref_get (&event->self);

  BECKON_TSAN_ACQUIRE (event);
  if (self != NULL)
    g_signal_emit (self, signals[SIGNAL_FINISHED], 0, event->error_message);
}

/* On the core's thread: the join's own signals. */

static void
join_ready_cb (BeckonMeetingJoin     *join,
               BeckonInvitationItem  *item,
               UcwaConversation      *conversation,
               BeckonMeetingJoinCopy *self)
{
  Event *event = event_new (self);

  event->item = item;
  event->conversation = conversation;
  BECKON_TSAN_RELEASE (event);
  beckon_core_invoke_owner (self->core, ready_deliver, event, event_free);
}

static void
join_finished_cb (BeckonMeetingJoin     *join,
                  const char            *error_message,
                  BeckonMeetingJoinCopy *self)
{
  Event *event = event_new (self);

  event->error_message = g_strdup (error_message);
  BECKON_TSAN_RELEASE (event);
  beckon_core_invoke_owner (self->core, finished_deliver, event, event_free);
}

/* The core's side of each call; @data is this object, only its core
 * field read there (set before, never changed). */

typedef struct
{
  BeckonMeetingJoinCopy *self;
  BeckonAccount         *account;
  const char            *url;
  gboolean               waiting;
  gboolean               finished;
  char                  *error_message;
} Call;

static void
create_run (gpointer data)
{
  Call *call = data;

  call->self->join = beckon_meeting_join_new (call->account, call->url);
  /* The signals name this object, which outlives the join's signals: the
   * join is dropped (below) before this object is freed. */
  g_signal_connect (call->self->join, "conversation-ready", G_CALLBACK (join_ready_cb), call->self);
  g_signal_connect (call->self->join, "finished", G_CALLBACK (join_finished_cb), call->self);
}

static void
read_state (Call *call)
{
  BeckonInvitationItem *item = beckon_meeting_join_get_item (call->self->join);

  call->waiting = beckon_meeting_join_get_waiting (call->self->join);
  call->finished = beckon_meeting_join_get_finished (call->self->join);
  call->error_message = item != NULL ? g_strdup (beckon_invitation_item_get_error_message (item)) : NULL;
}

static void
read_state_run (gpointer data)
{
  read_state (data);
}

static void
start_run (gpointer data)
{
  beckon_meeting_join_start (((Call *) data)->self->join);
}

static void
cancel_run (gpointer data)
{
  beckon_meeting_join_cancel (data);
}

static void
drop_run (gpointer data)
{
  BeckonMeetingJoin *join = data;

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
    beckon_core_call (self->core, drop_run, g_steal_pointer (&self->join));
  g_clear_object (&self->copy);

  G_OBJECT_CLASS (beckon_meeting_join_copy_parent_class)->dispose (object);
}

static void
beckon_meeting_join_copy_class_init (BeckonMeetingJoinCopyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = beckon_meeting_join_copy_dispose;

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
}

/**
 * beckon_meeting_join_copy_new:
 * @account: the core's account, handed to the core only
 *
 * The join of @url, made on the core, not started.
 */
BeckonMeetingJoinCopy *
beckon_meeting_join_copy_new (BeckonCore        *core,
                              BeckonAccountCopy *copy,
                              BeckonAccount     *account,
                              const char        *url)
{
  BeckonMeetingJoinCopy *self = g_object_new (BECKON_TYPE_MEETING_JOIN_COPY, NULL);
  Call                   call = { self, account, url, FALSE, FALSE, NULL };

  self->core = core;
  self->copy = g_object_ref (copy);
  beckon_core_call (core, create_run, &call);
  return self;
}

/* Starts it; a link refused up front has finished when this returns. */
void
beckon_meeting_join_copy_start (BeckonMeetingJoinCopy *self)
{
  Call call = { self, NULL, NULL, FALSE, FALSE, NULL };

  g_return_if_fail (BECKON_IS_MEETING_JOIN_COPY (self));

  if (self->join != NULL)
    beckon_core_call (self->core, start_run, &call);
}

void
beckon_meeting_join_copy_cancel (BeckonMeetingJoinCopy *self)
{
  g_return_if_fail (BECKON_IS_MEETING_JOIN_COPY (self));

  if (self->join != NULL)
    beckon_core_invoke (self->core, cancel_run, g_object_ref (self->join), g_object_unref);
}

static Call
ask (BeckonMeetingJoinCopy *self)
{
  Call call = { self, NULL, NULL, FALSE, TRUE, NULL };

  if (self->join != NULL)
    beckon_core_call (self->core, read_state_run, &call);
  return call;
}

/* Whether it waits for the session to be online (a sign-in). */
gboolean
beckon_meeting_join_copy_get_waiting (BeckonMeetingJoinCopy *self)
{
  Call call;

  g_return_val_if_fail (BECKON_IS_MEETING_JOIN_COPY (self), FALSE);

  call = ask (self);
  g_free (call.error_message);
  return call.waiting;
}

gboolean
beckon_meeting_join_copy_get_finished (BeckonMeetingJoinCopy *self)
{
  Call call;

  g_return_val_if_fail (BECKON_IS_MEETING_JOIN_COPY (self), TRUE);

  call = ask (self);
  g_free (call.error_message);
  return call.finished;
}

/* Why it failed (translated), NULL if it did not. */
char *
beckon_meeting_join_copy_dup_error_message (BeckonMeetingJoinCopy *self)
{
  g_return_val_if_fail (BECKON_IS_MEETING_JOIN_COPY (self), NULL);

  return ask (self).error_message;
}

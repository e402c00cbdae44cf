/* beckon-core.c: the thread that runs the protocol core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why a thread.  With the windows open, every frame blocks the GTK thread
 * for 10–30 ms under llvmpipe (a long chat or a slow GPU does the same on a
 * real desktop).  While the event channel's socket, the account's decisions,
 * the notifier's hand-off and the answer's POST all run on that thread, an
 * invitation waits behind the frame before it rings, and a click on Accept
 * waits behind the next one before it goes out (issue 11: 4 ms median and
 * 30 ms p99 to Notify, 20/42 ms click to POST, against goals of 2/10 ms).
 * No single-threaded design can keep a 30 ms frame out of those paths.
 *
 * The design.  A BeckonCore is a GThread with a GMainContext of its own,
 * pushed as its thread-default context before anything runs there, so that
 * every object created on it (by beckon_core_call() or beckon_core_invoke())
 * belongs to it: libsoup's sessions and their sources, GDBus subscriptions,
 * GTask callbacks, and the protocol library's timeouts, which attach to the
 * thread-default context (src/ucwa/ucwa-main-context-private.h) rather than
 * the global default one.  The protocol core lives there:
 * - the UcwaSession (connection, event channel, model); no libsoup object
 *   ever leaves this thread (libsoup 3.2 takes messages from other threads
 *   only with caveats, which we do not rely on);
 * - the BeckonAccount, the one place that decides what an invitation means
 *   and whether it can be answered, and what it writes to the history;
 * - the BeckonNotifier, whose BeckonNotifyWorker already makes every
 *   libnotify call on a thread of its own and delivers its events to the
 *   context the notifier was created on: the core's.
 * So an invitation released by the server is read, parsed, decided on and
 * handed to the notification worker without the GTK thread, and a click
 * (ActionInvoked) comes back from the worker to the core, which answers
 * (the POST) without it too.  These objects only ever use the thread-default
 * context they were created on, so the tests that create them on their own
 * main thread keep working unchanged (tests/test-core.c runs the same path
 * on a BeckonCore while the test's main context is never iterated).
 *
 * The GTK thread, the core's owner, shows copies: a main-thread model
 * (replicas of the invitation items with the account's `answerable` verdict
 * computed on the core, the account's status, each conversation's state,
 * title, messages and typing) updated by immutable changes the core sends
 * with beckon_core_invoke_owner(), coalesced per turn of the core's loop.
 * The UI's commands (answer, send, typing, leave, sign in or out, clear the
 * history, trust a certificate) go the other way as messages
 * (beckon_core_invoke()); the UI never calls a core object and never
 * re-decides what the core decided.
 *
 * Which thread owns what here:
 * - The owner's thread (the one that called beckon_core_new(), on its
 *   thread-default context) owns the BeckonCore handle and its thread, and
 *   receives what beckon_core_invoke_owner() sends.
 * - The core's thread runs the core's context and loop, and owns every
 *   object created by what runs there.
 * - Set before the thread starts and read-only afterwards: the contexts and
 *   the loop.
 * Only copies cross, inside a Call; each crossing is marked for
 * ThreadSanitizer (beckon-tsan-private.h), since the GLib it sees cannot.
 *
 * Stopping (beckon_core_free()): the owner first drops, through
 * beckon_core_call(), what it created there (whatever that cancels still
 * completes on the core's context); then the loop quits, the context is
 * drained so that the cancelled operations' callbacks release what they
 * hold, and the thread is joined.
 *
 * The copies: BeckonAccountCopy (beckon-account-copy.c) is the account on
 * the owner's thread: a GListModel of BeckonInvitationCopy with the item's
 * properties by the same names plus the account's verdicts ("can-accept",
 * "accept-refusal", "can-reply"…), the account's and the session's state
 * (status, sign-in phase, presence, error, retry), and the account's
 * signals; each conversation an item led to is a BeckonConversationCopy
 * (state, title, participants, typing, messages as BeckonMessageCopy with
 * their delivery status, the outbox's waiting messages and failures).  The
 * core's half, beckon-copier.c, watches the account and sends one batch of
 * snapshots per turn of the core's loop (beckon-copy-private.h); the
 * commands (answer, send, typing, leave, sign in and out, presence, people
 * search, clear the history) go to it by beckon_core_invoke() and run on the
 * core's objects, their outcomes coming back by beckon_core_invoke_owner()
 * after the batch with what they changed.  A join by link and a new chat
 * run on the core too, followed by BeckonMeetingJoinCopy and
 * BeckonChatStartCopy.  tests/test-copies.c tests the copies with a core on
 * its own thread and inline; the window tests run their windows against a
 * core on its own thread.
 *
 * The application (beckon-application-core.c) makes its core at start-up
 * and the session, the account, its history and the notifier on it; the
 * windows only ever see copies.  BECKON_CORE=inline keeps the core on the
 * GTK thread (beckon_core_new_inline()): the single-threaded design, which
 * bench-realistic measures beside the thread in the same run.
 *
 * What the core tells the GTK thread of its objects names their copies by
 * id (a notification clicked, a join's or a new chat's conversation), after
 * the batch that carries them, so that the GTK thread never waits for the
 * core on a user's path.  Still crossing by a blocking beckon_core_call():
 * creating and dropping the core's objects (at start-up and shutdown, and
 * for a join by link or a new chat, their one call at the start and at the
 * end: beckon-meeting-join-copy.c and beckon-chat-start-copy.c say why), and
 * the tests' ways in (beckon-account-copy-follow.c).
 */

#include "config.h"

#include "beckon-core.h"

#include "beckon-tsan-private.h"

struct _BeckonCore
{
  GThread      *thread;
  GMainContext *context;       /* the core's */
  GMainLoop    *loop;          /* runs @context on the core's thread */
  GMainContext *owner_context; /* the owner's thread-default context */
};

/* One crossing from a thread to another's context. */
typedef struct
{
  BeckonCoreFunc func;
  gpointer       data;
  GDestroyNotify destroy;
} Call;

static gboolean
call_dispatch (gpointer user_data)
{
  Call *call = user_data;

  BECKON_TSAN_ACQUIRE (call);
  call->func (call->data);
  return G_SOURCE_REMOVE;
}

static void
call_free (gpointer user_data)
{
  Call *call = user_data;

  /* Also where the context went away before it ran. */
  BECKON_TSAN_ACQUIRE (call);
  if (call->destroy != NULL)
    call->destroy (call->data);
  g_free (call);
}

/* Always through the other context's loop, never called at once (as
 * g_main_context_invoke() would, on a context the caller owns): in order,
 * and never from inside whatever is running. */
static void
post (GMainContext  *context,
      BeckonCoreFunc func,
      gpointer       data,
      GDestroyNotify destroy)
{
  Call               *call = g_new0 (Call, 1);
  g_autoptr (GSource) source = g_idle_source_new ();

  call->func = func;
  call->data = data;
  call->destroy = destroy;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[beckon] core call");
  BECKON_TSAN_RELEASE (call);
  g_source_set_callback (source, call_dispatch, call, call_free);
  g_source_attach (source, context);
}

static gpointer
core_thread (gpointer user_data)
{
  BeckonCore *core = user_data;

  g_main_context_push_thread_default (core->context);
  g_main_loop_run (core->loop);
  /* The cancelled operations of the objects dropped before the quit
   * complete here, releasing what their callbacks hold. */
  while (g_main_context_iteration (core->context, FALSE))
    ;
  g_main_context_pop_thread_default (core->context);
  return NULL;
}

/**
 * beckon_core_new:
 * @name: the thread's name
 *
 * Starts the core's thread, with its context and loop.  The caller's
 * thread-default context becomes the owner's, where
 * beckon_core_invoke_owner() delivers.
 */
BeckonCore *
beckon_core_new (const char *name)
{
  BeckonCore *core = g_new0 (BeckonCore, 1);

  core->context = g_main_context_new ();
  core->loop = g_main_loop_new (core->context, FALSE);
  core->owner_context = g_main_context_ref_thread_default ();
  core->thread = g_thread_new (name, core_thread, core);
  return core;
}

/**
 * beckon_core_new_inline:
 *
 * A core without a thread of its own: its context is the caller's
 * thread-default one, so the core's objects and their copies share the
 * owner's thread and loop.  Calls still go through the loop (never at once),
 * so the copies see the same batches in the same order as with a thread.
 * Why: the single-threaded baseline that bench-realistic measures the
 * threaded core against in the same run (BECKON_CORE=inline), and the
 * switch of the app to the copies, one view at a time.
 */
BeckonCore *
beckon_core_new_inline (void)
{
  BeckonCore *core = g_new0 (BeckonCore, 1);

  core->context = g_main_context_ref_thread_default ();
  core->owner_context = g_main_context_ref (core->context);
  return core;
}

/* Whether the core runs on a thread of its own. */
gboolean
beckon_core_is_threaded (BeckonCore *core)
{
  return core->thread != NULL;
}

/* The core's context: a source for the core's thread is attached here. */
GMainContext *
beckon_core_get_context (BeckonCore *core)
{
  return core->context;
}

/* Whether the caller runs on the core's thread (inside its loop). */
gboolean
beckon_core_is_core_thread (BeckonCore *core)
{
  if (core->thread == NULL)
    return TRUE;
  return g_main_context_is_owner (core->context);
}

/**
 * beckon_core_invoke:
 * @func: run on the core's thread
 * @data: for @func, handed over: from now on only the core touches it
 * @destroy: (nullable): frees @data once @func ran, on the core's thread
 *
 * Runs @func on the core's thread, after whatever was invoked before.
 */
void
beckon_core_invoke (BeckonCore    *core,
                    BeckonCoreFunc func,
                    gpointer       data,
                    GDestroyNotify destroy)
{
  post (core->context, func, data, destroy);
}

/* Likewise on the owner's thread; from the core's, with copies the owner
 * may keep. */
void
beckon_core_invoke_owner (BeckonCore    *core,
                          BeckonCoreFunc func,
                          gpointer       data,
                          GDestroyNotify destroy)
{
  post (core->owner_context, func, data, destroy);
}

/**
 * beckon_core_run:
 * @func: run on the core's thread
 * @data: (transfer full): for @func
 * @destroy: (nullable): frees @data once @func ran, on the core's thread
 *
 * As beckon_core_invoke(), but at once when the caller is on the core's
 * thread (an inline core's owner): for what must not wait for a loop that
 * may not turn again (what a disposing object hands back to the core).
 */
void
beckon_core_run (BeckonCore    *core,
                 BeckonCoreFunc func,
                 gpointer       data,
                 GDestroyNotify destroy)
{
  if (!beckon_core_is_core_thread (core))
    {
      beckon_core_invoke (core, func, data, destroy);
      return;
    }
  func (data);
  if (destroy != NULL)
    destroy (data);
}

typedef struct
{
  BeckonCoreFunc func;
  gpointer       data;
  GMutex         lock;
  GCond          cond;
  gboolean       done;
} SyncCall;

static void
sync_call_run (gpointer user_data)
{
  SyncCall *sync = user_data;

  sync->func (sync->data);
  beckon_mutex_lock (&sync->lock);
  sync->done = TRUE;
  g_cond_signal (&sync->cond);
  beckon_mutex_unlock (&sync->lock);
}

/**
 * beckon_core_call:
 * @func: run on the core's thread
 * @data: for @func
 *
 * Runs @func on the core's thread and waits for it: for creating and
 * dropping the core's objects, never on a path the user waits for (the
 * owner's thread is blocked meanwhile).  @func must not wait for the
 * owner's thread.
 */
void
beckon_core_call (BeckonCore    *core,
                  BeckonCoreFunc func,
                  gpointer       data)
{
  SyncCall sync = { func, data, { 0 }, { 0 }, FALSE };

  if (beckon_core_is_core_thread (core))
    {
      func (data);
      return;
    }

  g_mutex_init (&sync.lock);
  g_cond_init (&sync.cond);
  post (core->context, sync_call_run, &sync, NULL);
  beckon_mutex_lock (&sync.lock);
  while (!sync.done)
    beckon_cond_wait (&sync.cond, &sync.lock);
  beckon_mutex_unlock (&sync.lock);
  g_mutex_clear (&sync.lock);
  g_cond_clear (&sync.cond);
}

static void
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
}

/**
 * beckon_core_free:
 *
 * Quits the core's loop, lets what is pending there complete, and joins
 * the thread; on the owner's thread.  What the owner created on the core
 * must have been dropped before (beckon_core_call()).
 */
void
beckon_core_free (BeckonCore *core)
{
  if (core == NULL)
    return;

  if (core->thread == NULL)
    {
      g_main_context_unref (core->context);
      g_main_context_unref (core->owner_context);
      g_free (core);
      return;
    }

  g_return_if_fail (!beckon_core_is_core_thread (core));

  post (core->context, quit_cb, core->loop, NULL);
  g_thread_join (core->thread);
  g_main_loop_unref (core->loop);
  g_main_context_unref (core->context);
  g_main_context_unref (core->owner_context);
  g_free (core);
}

/* test-copies-sync.c: the crossings between the core's thread and the
 * copies' by id, while the core is kept busy: a notification clicked, an
 * item followed and named in the same turn, a join's progress, a started
 * chat let go of
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which thread owns what: the test's thread owns the simulator (it serves
 * on the test's main context) and the copies, as the GTK thread will; the
 * core's thread owns the session and the account (copies-fixture.c).  What
 * the core tells the GTK thread by id is sent from the core's thread
 * (beckon_core_invoke_owner()) and checked on the test's while the core's
 * thread is kept busy (CoreBlock): the GTK thread's side must not wait
 * for it.  The followed item runs inline too, where the two are one.
 */

#include "config.h"

#include "beckon-chat-start-copy.h"
#include "beckon-meeting-join-copy.h"
#include "beckon-tsan-private.h"
#include "copies-fixture.h"

/* What the core tells the GTK thread by id, read while the core is busy */

/* Keeps the core's thread inside core_block_run() until released: what
 * the test's thread does meanwhile cannot be waiting for the core. */
typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean blocked; /* the core is inside */
  gboolean released;
} CoreBlock;

static void
core_block_run (gpointer data)
{
  CoreBlock *block = data;

  beckon_mutex_lock (&block->lock);
  block->blocked = TRUE;
  while (!block->released)
    beckon_cond_wait (&block->cond, &block->lock);
  beckon_mutex_unlock (&block->lock);
}

static gboolean
core_is_blocked (gpointer data)
{
  CoreBlock *block = data;
  gboolean   blocked;

  beckon_mutex_lock (&block->lock);
  blocked = block->blocked;
  beckon_mutex_unlock (&block->lock);
  return blocked;
}

static void
block_core (Fixture   *fixture,
            CoreBlock *block)
{
  g_mutex_init (&block->lock);
  g_cond_init (&block->cond);
  block->blocked = block->released = FALSE;
  beckon_core_invoke (fixture->core, core_block_run, block, NULL);
  test_wait_until (core_is_blocked, block, "the core to be busy");
}

static void
nothing_run (gpointer data)
{
}

static void
release_core (Fixture   *fixture,
              CoreBlock *block)
{
  beckon_mutex_lock (&block->lock);
  block->released = TRUE;
  g_cond_signal (&block->cond);
  beckon_mutex_unlock (&block->lock);
  /* Out of core_block_run() once this returns. */
  beckon_core_call (fixture->core, nothing_run, NULL);
  g_mutex_clear (&block->lock);
  g_cond_clear (&block->cond);
}

/* The application's notifier_activate_invitation_cb(), on the core: the
 * clicked item's copy id, sent to the GTK thread. */
typedef struct
{
  Fixture *fixture;
  guint64  id;
  gboolean arrived;
} Click;

static void
click_deliver (gpointer data)
{
  Click *click = data;

  BECKON_TSAN_ACQUIRE (click);
  click->arrived = TRUE;
}

static void
core_click_run (gpointer data)
{
  Click                           *click = data;
  g_autoptr (BeckonInvitationItem) item = g_list_model_get_item (beckon_account_get_invitations (click->fixture->account), 0);

  click->id = _beckon_copier_account_item_id (click->fixture->account, item);
  BECKON_TSAN_RELEASE (click);
  beckon_core_invoke_owner (click->fixture->core, click_deliver, click, NULL);
}

static gboolean
click_arrived (gpointer data)
{
  return ((Click *) data)->arrived;
}

static void
test_click_finds_copy (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char *id = NULL;
  Click            click = { fixture, 0, FALSE };
  CoreBlock        block;

  id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Lunch?");
  test_wait_until (has_one_invitation, fixture, "the invitation in the copy");

  /* Clicked on the core, which is then kept busy: the GTK thread finds the
   * copy by the id in its own table. */
  beckon_core_invoke (fixture->core, core_click_run, &click, NULL);
  block_core (fixture, &block);
  test_wait_until (click_arrived, &click, "the click's id");
  g_assert_cmpuint (click.id, !=, 0);
  g_assert_true (_beckon_account_copy_lookup_item (fixture->copy, click.id) == first_item (fixture));
  g_assert_null (_beckon_account_copy_lookup_item (fixture->copy, click.id + 1000));
  release_core (fixture, &block);
}

/* An item the account does not list (a new chat's), followed on the core
 * and named in a message sent right after, in the same turn: the batch
 * with its copy comes first. */
typedef struct
{
  Fixture      *fixture;
  BeckonCopier *copier; /* handed to the core only */
  guint64       id;
  char         *inviter; /* the copy's, when the message came */
  gboolean      arrived;
} Followed;

static void
followed_deliver (gpointer data)
{
  Followed             *followed = data;
  BeckonInvitationCopy *copy;

  BECKON_TSAN_ACQUIRE (followed);
  copy = _beckon_account_copy_lookup_item (followed->fixture->copy, followed->id);
  followed->inviter = copy != NULL ? g_strdup (beckon_invitation_copy_get_inviter (copy)) : NULL;
  followed->arrived = TRUE;
}

static void
core_follow_run (gpointer data)
{
  Followed                        *followed = data;
  g_autoptr (BeckonInvitationItem) item =
    beckon_invitation_item_new_restored (FALSE, "Carol Shaw", "sip:carol@contoso.com", "Hello", NULL,
                                         BECKON_INVITATION_STATE_MISSED, NULL, NULL);
  guint64 conversation_id;

  followed->id = _beckon_copier_follow_now (followed->copier, item, NULL, &conversation_id);
  g_assert_cmpuint (conversation_id, ==, 0);
  BECKON_TSAN_RELEASE (followed);
  beckon_core_invoke_owner (followed->fixture->core, followed_deliver, followed, NULL);
}

static gboolean
followed_arrived (gpointer data)
{
  return ((Followed *) data)->arrived;
}

static void
test_followed_before_message (Fixture      *fixture,
                              gconstpointer data)
{
  Followed followed = { fixture, _beckon_account_copy_get_copier (fixture->copy), 0, NULL, FALSE };

  beckon_core_invoke (fixture->core, core_follow_run, &followed, NULL);
  test_wait_until (followed_arrived, &followed, "the message naming the item");
  g_assert_cmpuint (followed.id, !=, 0);
  g_assert_cmpstr (followed.inviter, ==, "Carol Shaw");
  /* Copied, not listed. */
  g_assert_cmpuint (g_list_model_get_n_items (beckon_account_copy_get_invitations (fixture->copy)), ==, 0);
  g_free (followed.inviter);
}

/* A join by link: its state, its conversation and its end as the core
 * tells them, read while the core is busy. */
typedef struct
{
  guint                   n_ready;
  guint                   n_finished;
  char                   *error_message;
  BeckonInvitationCopy   *item;
  BeckonConversationCopy *conversation;
} JoinSeen;

static void
join_ready_cb (JoinSeen               *seen,
               BeckonInvitationCopy   *item,
               BeckonConversationCopy *conversation)
{
  seen->n_ready++;
  g_set_object (&seen->item, item);
  g_set_object (&seen->conversation, conversation);
}

static void
join_finished_cb (JoinSeen   *seen,
                  const char *error_message)
{
  seen->n_finished++;
  g_free (seen->error_message);
  seen->error_message = g_strdup (error_message);
}

static gboolean
join_has_finished (gpointer data)
{
  return ((JoinSeen *) data)->n_finished == 1;
}

static BeckonMeetingJoinCopy *
new_join (Fixture    *fixture,
          const char *url,
          JoinSeen   *seen)
{
  BeckonMeetingJoinCopy *join = beckon_meeting_join_copy_new (fixture->core, fixture->copy, fixture->account, url);

  g_signal_connect_swapped (join, "conversation-ready", G_CALLBACK (join_ready_cb), seen);
  g_signal_connect_swapped (join, "finished", G_CALLBACK (join_finished_cb), seen);
  beckon_meeting_join_copy_start (join);
  return join;
}

static void
join_seen_clear (JoinSeen *seen)
{
  g_clear_pointer (&seen->error_message, g_free);
  g_clear_object (&seen->item);
  g_clear_object (&seen->conversation);
}

#define REFUSED_LINK \
  "This is not a Skype for Business meeting link. Copy the whole link from the invitation and try again."

static void
test_join_state (Fixture      *fixture,
                 gconstpointer data)
{
  Outcome                           out = { fixture };
  Outcome                           in = { fixture };
  JoinSeen                          seen = { 0 };
  JoinSeen                          refused_seen = { 0 };
  CoreBlock                         block;
  g_autofree char                  *meeting = NULL;
  g_autofree char                  *url = NULL;
  g_autofree char                  *error_message = NULL;
  g_autoptr (BeckonMeetingJoinCopy) join = NULL;
  g_autoptr (BeckonMeetingJoinCopy) refused = NULL;

  /* Refused up front: finished when the start returns, and says why. */
  refused = new_join (fixture, "https://meet.contoso.com/grace", &refused_seen);
  g_assert_true (beckon_meeting_join_copy_get_finished (refused));
  g_assert_false (beckon_meeting_join_copy_get_waiting (refused));
  error_message = beckon_meeting_join_copy_dup_error_message (refused);
  g_assert_cmpstr (error_message, ==, REFUSED_LINK);
  test_wait_until (join_has_finished, &refused_seen, "the refused join's \"finished\"");
  g_assert_cmpstr (refused_seen.error_message, ==, REFUSED_LINK);

  /* Signed out, it waits for a sign-in; the GTK thread knows without the core. */
  beckon_account_copy_sign_out_async (fixture->copy, NULL, signed_out_cb, &out);
  test_wait_until (outcome_done, &out, "the sign-out");
  meeting = ucwa_sim_server_create_meeting (fixture->sim, "sip:grace@contoso.com", "Grace Hopper", NULL,
                                            UCWA_SIM_LOBBY_NONE);
  url = g_strconcat ("https://meet.contoso.com/grace/", meeting, NULL);
  join = new_join (fixture, url, &seen);
  block_core (fixture, &block);
  g_assert_true (beckon_meeting_join_copy_get_waiting (join));
  g_assert_false (beckon_meeting_join_copy_get_finished (join));
  g_clear_pointer (&error_message, g_free);
  error_message = beckon_meeting_join_copy_dup_error_message (join);
  g_assert_null (error_message);
  release_core (fixture, &block);

  /* Signed in: the join goes, and its conversation comes as copies. */
  beckon_account_copy_sign_in_async (fixture->copy, fixture->root, USER, PASSWORD, NULL, signed_in_cb, &in);
  test_wait_until (join_has_finished, &seen, "the join's \"finished\"");
  block_core (fixture, &block);
  g_assert_null (seen.error_message);
  g_assert_cmpuint (seen.n_ready, ==, 1);
  g_assert_true (BECKON_IS_INVITATION_COPY (seen.item));
  g_assert_true (beckon_invitation_copy_get_is_meeting (seen.item));
  g_assert_true (BECKON_IS_CONVERSATION_COPY (seen.conversation));
  g_assert_true (_beckon_account_copy_lookup_conversation (fixture->copy,
                                                           _beckon_conversation_copy_get_id (seen.conversation)) ==
                 seen.conversation);
  g_assert_true (beckon_meeting_join_copy_get_finished (join));
  g_assert_false (beckon_meeting_join_copy_get_waiting (join));
  g_clear_pointer (&error_message, g_free);
  error_message = beckon_meeting_join_copy_dup_error_message (join);
  g_assert_null (error_message);
  release_core (fixture, &block);
  test_wait_until (outcome_done, &in, "the sign-in");

  g_clear_object (&join);
  g_clear_object (&refused);
  join_seen_clear (&seen);
  join_seen_clear (&refused_seen);
}

/* A chat the user starts: its item's copy comes with its creation, and
 * letting go of it (the draft window closed) posts its drop to the core
 * without waiting for it. */
static void
test_chat_start_drop (Fixture      *fixture,
                      gconstpointer data)
{
  BeckonChatStartCopy  *chat;
  BeckonInvitationCopy *item;
  CoreBlock             block;

  chat = beckon_chat_start_copy_new (fixture->core, fixture->copy, fixture->account, "sip:bob@contoso.com",
                                     "Bob Builder");
  item = beckon_chat_start_copy_get_item (chat);
  g_assert_true (BECKON_IS_INVITATION_COPY (item));
  g_assert_cmpstr (beckon_invitation_copy_get_inviter (item), ==, "Bob Builder");
  g_assert_true (_beckon_account_copy_lookup_item (fixture->copy, _beckon_invitation_copy_get_id (item)) == item);

  block_core (fixture, &block);
  g_object_unref (chat);
  release_core (fixture, &block);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Crossings by id: the GTK thread's side never waits for the core (the
   * core is kept busy meanwhile, so these run on a core thread only). */
  g_test_add ("/copies/click-finds-copy", Fixture, NULL, fixture_set_up, test_click_finds_copy, fixture_tear_down);
  g_test_add ("/copies/followed-before-message", Fixture, NULL, fixture_set_up, test_followed_before_message,
              fixture_tear_down);
  g_test_add ("/copies/inline/followed-before-message", Fixture, "inline", fixture_set_up,
              test_followed_before_message, fixture_tear_down);
  g_test_add ("/copies/join-state", Fixture, NULL, fixture_set_up, test_join_state, fixture_tear_down);
  g_test_add ("/copies/chat-start-drop", Fixture, NULL, fixture_set_up, test_chat_start_drop, fixture_tear_down);

  return g_test_run ();
}

/* test-copies.c: the account and its conversations copied from a core thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which thread owns what: the test's thread owns the simulator (it serves
 * on the test's main context) and the copies (BeckonAccountCopy and what it
 * keeps), as the GTK thread will; the core's thread owns the session and
 * the account, created there (copies-fixture.c).  The test reads the core's
 * objects only through the copies, and answers, sends, types and leaves
 * only through the copies' commands, as the views will.  What the core
 * tells the GTK thread by id while its thread is kept busy is
 * test-copies-sync.c's.
 */

#include "config.h"

#include <gtk/gtk.h>

#include "beckon-message-copy.h"
#include "beckon-participant-copy.h"
#include "copies-fixture.h"

#define N_BURST 50

static void
core_count_cb (gpointer data)
{
  Fixture *fixture = data;

  fixture->core_n_items = g_list_model_get_n_items (beckon_account_get_invitations (fixture->account));
}

static gboolean
typing_posted (gpointer data)
{
  Fixture *fixture = data;

  return ucwa_sim_server_count_requests (fixture->sim, "POST", "/messaging/typing") >= 1;
}

static gboolean
has_no_invitation (gpointer data)
{
  return g_list_model_get_n_items (beckon_account_copy_get_invitations (((Fixture *) data)->copy)) == 0;
}

static gboolean
is_accepted (gpointer data)
{
  Fixture              *fixture = data;
  BeckonInvitationCopy *item = first_item (fixture);

  return beckon_invitation_copy_get_state (item) == BECKON_INVITATION_STATE_ACCEPTED &&
         beckon_invitation_copy_get_conversation (item) != NULL && fixture->n_ready == 1;
}

static BeckonMessageCopy *
find_message (BeckonConversationCopy *conversation,
              const char             *text)
{
  GListModel *messages = beckon_conversation_copy_get_messages (conversation);

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr (BeckonMessageCopy) message = g_list_model_get_item (messages, i);

      if (g_strcmp0 (beckon_message_copy_get_text (message), text) == 0)
        return message; /* the list holds it */
    }
  return NULL;
}

typedef struct
{
  Fixture    *fixture;
  const char *text;
} Wanted;

static gboolean
has_incoming (gpointer data)
{
  Wanted *wanted = data;

  return find_message (wanted->fixture->ready_conversation, wanted->text) != NULL;
}

static gboolean
has_delivered (gpointer data)
{
  Wanted            *wanted = data;
  BeckonMessageCopy *message = find_message (wanted->fixture->ready_conversation, wanted->text);

  return message != NULL && beckon_message_copy_get_status (message) == UCWA_MESSAGE_STATUS_DELIVERED;
}

static gboolean
can_send (gpointer data)
{
  return beckon_conversation_copy_get_can_send (((Fixture *) data)->ready_conversation);
}

static gboolean
someone_typing (gpointer data)
{
  Fixture *fixture = data;

  return g_list_model_get_n_items (beckon_conversation_copy_get_typing_participants (fixture->ready_conversation)) == 1;
}

static gboolean
nobody_typing (gpointer data)
{
  Fixture *fixture = data;

  return g_list_model_get_n_items (beckon_conversation_copy_get_typing_participants (fixture->ready_conversation)) == 0;
}

static gboolean
is_disconnected (gpointer data)
{
  Fixture *fixture = data;

  return beckon_conversation_copy_get_state (fixture->ready_conversation) == UCWA_CONVERSATION_STATE_DISCONNECTED;
}

static gboolean
follows_nothing (gpointer data)
{
  return beckon_account_copy_get_n_conversations (((Fixture *) data)->copy) == 0;
}

static void
status_changed_cb (BeckonMessageCopy *message,
                   GParamSpec        *pspec,
                   guint             *n)
{
  (*n)++;
}

/* It rings, is accepted from the copy, and its conversation goes both ways. */
static void
test_accept_and_chat (Fixture      *fixture,
                      gconstpointer data)
{
  g_autofree char                  *id = NULL;
  g_autoptr (GError)                error = NULL;
  BeckonInvitationCopy             *item;
  BeckonConversationCopy           *conversation;
  BeckonMessageCopy                *mine;
  Wanted                            incoming = { fixture, "A marker" };
  Wanted                            outgoing = { fixture, "Sure, what's up? ✓" };
  Wanted                            after = { fixture, "Still there?" };
  guint                             n_status = 0;
  g_autoptr (BeckonParticipantCopy) bob = NULL;

  id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Lunch?");
  g_assert_nonnull (id);
  test_wait_until (has_one_invitation, fixture, "the invitation in the copy");
  item = first_item (fixture);
  g_assert_cmpuint (fixture->n_added, ==, 1);
  g_assert_cmpint (beckon_invitation_copy_get_state (item), ==, BECKON_INVITATION_STATE_PENDING);
  g_assert_cmpstr (beckon_invitation_copy_get_summary (item), ==, "Bob Builder invites you to chat");
  g_assert_cmpstr (beckon_invitation_copy_get_inviter (item), ==, "Bob Builder");
  g_assert_cmpstr (beckon_invitation_copy_get_body (item), ==, "Lunch?");
  g_assert_cmpstr (beckon_invitation_copy_get_status_text (item), ==, "Waiting for your answer");
  g_assert_nonnull (beckon_invitation_copy_get_received (item));
  g_assert_false (beckon_invitation_copy_get_is_meeting (item));
  g_assert_true (beckon_invitation_copy_get_answerable (item));
  /* The account's verdicts, as the views ask for them. */
  g_assert_true (beckon_invitation_copy_get_can_accept (item));
  g_assert_true (beckon_invitation_copy_get_can_decline (item));
  g_assert_true (beckon_account_copy_can_answer (fixture->copy, item, BECKON_ANSWER_ACCEPT, &error));
  g_assert_no_error (error);

  /* Accepted from the copy: the core answers, and its verdict follows. */
  g_assert_true (beckon_account_copy_answer (fixture->copy, item, BECKON_ANSWER_ACCEPT, &error));
  g_assert_no_error (error);
  test_wait_until (is_accepted, fixture, "the accept, in the copy");
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/accept"), ==, 1);
  g_assert_true (fixture->ready_item == item);
  conversation = beckon_invitation_copy_get_conversation (item);
  g_assert_true (fixture->ready_conversation == conversation);
  g_assert_false (beckon_invitation_copy_get_can_accept (item));
  g_assert_cmpstr (beckon_invitation_copy_get_accept_refusal (item), ==, "This invitation can no longer be answered");
  g_assert_false (beckon_account_copy_answer (fixture->copy, item, BECKON_ANSWER_DECLINE, &error));
  g_assert_error (error, BECKON_ANSWER_ERROR, BECKON_ANSWER_ERROR_OVER);
  g_clear_error (&error);
  g_assert_cmpstr (beckon_conversation_copy_get_title (conversation), ==, "Bob Builder");
  g_assert_cmpuint (g_list_model_get_n_items (beckon_conversation_copy_get_participants (conversation)), >=, 1);
  bob = g_list_model_get_item (beckon_conversation_copy_get_participants (conversation), 0);
  g_assert_cmpstr (beckon_participant_copy_get_name (bob), ==, "Bob Builder");

  /* In… */
  g_assert_true (ucwa_sim_server_send_remote_message (fixture->sim, id, incoming.text));
  test_wait_until (has_incoming, &incoming, "the remote message in the copy");
  g_assert_cmpint (beckon_message_copy_get_direction (find_message (conversation, incoming.text)), ==,
                   UCWA_DIRECTION_INCOMING);

  /* …out, Pending then Delivered… */
  test_wait_until (can_send, fixture, "the send link in the copy");
  beckon_conversation_copy_send (conversation, outgoing.text);
  test_wait_until (has_incoming, &outgoing, "the message sent, in the copy");
  mine = find_message (conversation, outgoing.text);
  g_assert_cmpint (beckon_message_copy_get_direction (mine), ==, UCWA_DIRECTION_OUTGOING);
  g_signal_connect (mine, "notify::status", G_CALLBACK (status_changed_cb), &n_status);
  test_wait_until (has_delivered, &outgoing, "the message delivered, in the copy");
  g_assert_true (find_message (conversation, outgoing.text) == mine);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/messaging/messages"), ==, 1);

  /* …typing, both ways… */
  beckon_conversation_copy_set_typing (conversation);
  g_assert_true (ucwa_sim_server_set_remote_typing (fixture->sim, id, TRUE));
  test_wait_until (someone_typing, fixture, "the remote party typing, in the copy");
  g_assert_true (ucwa_sim_server_set_remote_typing (fixture->sim, id, FALSE));
  test_wait_until (nobody_typing, fixture, "the remote party to stop typing, in the copy");
  /* Ours went out on the core's turn, which the remote typing does not wait for. */
  test_wait_until (typing_posted, fixture, "our typing at the server");
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/messaging/typing"), ==, 1);

  /* Its item leaves the list (the history is cleared) while it goes on:
   * the conversation's copy still follows it… */
  beckon_account_copy_clear_history (fixture->copy);
  test_wait_until (has_no_invitation, fixture, "the list to be cleared, in the copy");
  g_assert_true (ucwa_sim_server_send_remote_message (fixture->sim, id, after.text));
  test_wait_until (has_incoming, &after, "a message after the item went, in the copy");
  g_assert_cmpuint (beckon_account_copy_get_n_conversations (fixture->copy), ==, 1);

  /* …until it ends, leaving: then the core lets go of it, and the copy
   * keeps what it last said. */
  beckon_conversation_copy_leave (conversation);
  test_wait_until (is_disconnected, fixture, "the conversation to end, in the copy");
  test_wait_until (follows_nothing, fixture, "the core to let go of the conversation");
  g_assert_cmpuint (n_status, <=, 1);
  beckon_conversation_copy_send (conversation, "Nobody hears this");
  test_drain_main_context ();
  g_assert_null (find_message (conversation, "Nobody hears this"));
  g_signal_handlers_disconnect_by_data (mine, &n_status);
}

static gboolean
is_declined (gpointer data)
{
  Fixture *fixture = data;

  return beckon_invitation_copy_get_state (first_item (fixture)) == BECKON_INVITATION_STATE_DECLINED &&
         ucwa_sim_server_count_requests (fixture->sim, "POST", "/decline") == 1;
}

/* Declined from the copy; a second click finds the answer on its way or
 * done, as the account says. */
static void
test_decline (Fixture      *fixture,
              gconstpointer data)
{
  g_autofree char      *id = NULL;
  g_autoptr (GError)    error = NULL;
  BeckonInvitationCopy *item;

  id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Lunch?");
  g_assert_nonnull (id);
  test_wait_until (has_one_invitation, fixture, "the invitation in the copy");
  item = first_item (fixture);
  g_assert_true (beckon_account_copy_answer (fixture->copy, item, BECKON_ANSWER_DECLINE, &error));
  g_assert_no_error (error);
  test_wait_until (is_declined, fixture, "the decline, in the copy");
  g_assert_cmpstr (beckon_invitation_copy_get_status_text (item), ==, "Declined");
  g_assert_false (beckon_invitation_copy_get_can_decline (item));
  g_assert_false (beckon_account_copy_answer (fixture->copy, item, BECKON_ANSWER_ACCEPT, &error));
  g_assert_error (error, BECKON_ANSWER_ERROR, BECKON_ANSWER_ERROR_OVER);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/accept"), ==, 0);
  g_assert_null (beckon_invitation_copy_get_conversation (item));
  g_assert_cmpuint (fixture->n_ready, ==, 0);
}

static gboolean
is_restored (gpointer data)
{
  Fixture *fixture = data;

  return fixture->n_restored == 1 && has_one_invitation (fixture);
}

/* An invitation of an earlier run, from the history: restored, over, and
 * not answerable, in the account's words. */
static void
test_restored (void)
{
  Fixture               fixture = { NULL };
  g_autofree char      *dir = g_dir_make_tmp ("beckon-copies-XXXXXX", NULL);
  g_autoptr (GError)    error = NULL;
  BeckonInvitationCopy *item;

  fixture.history_path = g_build_filename (dir, "history.sqlite", NULL);
  fixture_set_up (&fixture, NULL);
  test_decline (&fixture, NULL);
  g_assert_false (beckon_invitation_copy_get_restored (first_item (&fixture)));
  stop_core (&fixture);
  g_clear_object (&fixture.copy);
  fixture.n_restored = 0;

  start_core (&fixture, FALSE);
  test_wait_until (is_restored, &fixture, "the invitation of the last run, in the copy");
  item = first_item (&fixture);
  g_assert_true (beckon_invitation_copy_get_restored (item));
  g_assert_cmpint (beckon_invitation_copy_get_state (item), ==, BECKON_INVITATION_STATE_DECLINED);
  g_assert_cmpstr (beckon_invitation_copy_get_summary (item), ==, "Bob Builder invites you to chat");
  g_assert_cmpstr (beckon_invitation_copy_get_body (item), ==, "Lunch?");
  g_assert_false (beckon_invitation_copy_get_answerable (item));
  g_assert_false (beckon_invitation_copy_get_can_accept (item));
  g_assert_false (beckon_invitation_copy_get_can_decline (item));
  g_assert_cmpstr (beckon_invitation_copy_get_decline_refusal (item), ==, "This invitation can no longer be answered");
  g_assert_false (beckon_account_copy_answer (fixture.copy, item, BECKON_ANSWER_ACCEPT, &error));
  g_assert_error (error, BECKON_ANSWER_ERROR, BECKON_ANSWER_ERROR_OVER);

  fixture_tear_down (&fixture, NULL);
  g_free (fixture.history_path);
  test_remove_tree (dir);
}

static gboolean
is_parked (gpointer data)
{
  return ucwa_sim_server_count_parked_requests (((Fixture *) data)->sim) == 1;
}

static gboolean
has_burst (gpointer data)
{
  return g_list_model_get_n_items (beckon_account_copy_get_invitations (((Fixture *) data)->copy)) == N_BURST;
}

static void
start_burst (Fixture *fixture)
{
  test_wait_until (is_parked, fixture, "the event channel to park");
  for (guint i = 0; i < N_BURST; i++)
    {
      g_autofree char *uri = g_strdup_printf ("sip:caller%u@contoso.com", i);
      g_autofree char *name = g_strdup_printf ("Caller %u", i);
      g_autofree char *id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, uri, name, "Hello");

      g_assert_nonnull (id);
    }
}

/* Fifty invitations in one events response: a few batches, not fifty (nor
 * one per property the core changed). */
static void
test_burst (Fixture      *fixture,
            gconstpointer data)
{
  GListModel *invitations = beckon_account_copy_get_invitations (fixture->copy);
  guint       n_before;
  guint       n_batches;

  start_burst (fixture);
  n_before = beckon_account_copy_get_n_batches (fixture->copy);
  test_wait_until (has_burst, fixture, "the fifty invitations in the copy");
  test_drain_main_context ();
  n_batches = beckon_account_copy_get_n_batches (fixture->copy) - n_before;
  test_note ("%u batches for %u invitations", n_batches, N_BURST);
  g_assert_cmpuint (n_batches, <=, 3);
  g_assert_cmpuint (fixture->n_added, ==, N_BURST);
  for (guint i = 0; i < N_BURST; i++)
    {
      g_autoptr (BeckonInvitationCopy) item = g_list_model_get_item (invitations, i);
      g_autofree char                 *summary = g_strdup_printf ("Caller %u invites you to chat", N_BURST - 1 - i);

      /* Newest first, as the account lists them. */
      g_assert_cmpstr (beckon_invitation_copy_get_summary (item), ==, summary);
      g_assert_true (beckon_invitation_copy_get_can_accept (item));
    }
}

static gboolean
core_has_burst (gpointer data)
{
  Fixture *fixture = data;

  beckon_core_call (fixture->core, core_count_cb, fixture);
  return fixture->core_n_items == N_BURST;
}

/* The core is torn down while the copies' batches and the copy's commands
 * are on their way: the commands run before the core stops, what they and
 * the burst changed reaches the copy, and nothing runs on what is gone. */
static void
test_stop_in_flight (Fixture      *fixture,
                     gconstpointer data)
{
  GListModel *invitations = beckon_account_copy_get_invitations (fixture->copy);

  start_burst (fixture);
  test_wait_until (has_burst, fixture, "the fifty invitations in the copy");
  for (guint i = 0; i < N_BURST; i++)
    {
      g_autoptr (BeckonInvitationCopy) item = g_list_model_get_item (invitations, i);

      g_assert_true (beckon_account_copy_answer (fixture->copy, item, BECKON_ANSWER_DECLINE, NULL));
    }
  /* Not a turn of the test's loop from here: whatever the core sends now
   * waits in the test's context while the core goes away. */
  stop_core (fixture);

  g_assert_cmpuint (g_list_model_get_n_items (invitations), ==, N_BURST);
  for (guint i = 0; i < N_BURST; i++)
    {
      g_autoptr (BeckonInvitationCopy) item = g_list_model_get_item (invitations, i);
      g_autoptr (GError)               error = NULL;

      g_assert_cmpint (beckon_invitation_copy_get_state (item), ==, BECKON_INVITATION_STATE_DECLINING);
      g_assert_false (beckon_account_copy_answer (fixture->copy, item, BECKON_ANSWER_ACCEPT, &error));
      g_assert_error (error, BECKON_ANSWER_ERROR, BECKON_ANSWER_ERROR_OVER);
    }
}

static void
stopped_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_object (&fixture->copy);
  g_clear_object (&fixture->sim);
  g_free (fixture->root);
}

/* A burst is still arriving on the core while it is torn down. */
static void
test_stop_mid_burst (Fixture      *fixture,
                     gconstpointer data)
{
  start_burst (fixture);
  test_wait_until (core_has_burst, fixture, "the fifty invitations on the core");
  stop_core (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (beckon_account_copy_get_invitations (fixture->copy)), ==, N_BURST);
  g_assert_cmpuint (fixture->n_added, ==, N_BURST);
}

/* Each property a view reads from the core's object is on its copy, by the
 * same name; only the links and the protocol's identities are not copied
 * (the copies say "can-send" and "can-type" instead). */
static void
assert_same_properties (GType              original,
                        GType              copy,
                        const char *const *not_copied)
{
  g_autoptr (GTypeClass)  original_class = g_type_class_ref (original);
  g_autoptr (GTypeClass)  copy_class = g_type_class_ref (copy);
  guint                   n = 0;
  g_autofree GParamSpec **pspecs = g_object_class_list_properties (G_OBJECT_CLASS (original_class), &n);

  for (guint i = 0; i < n; i++)
    {
      const char *name = g_param_spec_get_name (pspecs[i]);
      GParamSpec *twin = g_object_class_find_property (G_OBJECT_CLASS (copy_class), name);

      if (g_strv_contains (not_copied, name))
        continue;
      if (twin == NULL)
        g_error ("%s has no \"%s\" as %s has", g_type_name (copy), name, g_type_name (original));
      /* The objects are copies too. */
      if (!G_IS_PARAM_SPEC_OBJECT (pspecs[i]))
        g_assert_cmpstr (g_type_name (G_PARAM_SPEC_VALUE_TYPE (twin)), ==,
                         g_type_name (G_PARAM_SPEC_VALUE_TYPE (pspecs[i])));
    }
}

/* The application's commands: signing in and out through the copy, whose
 * outcome arrives once the copy shows it (the sign-in page reads both;
 * Outcome: copies-fixture.h). */

static void
test_sign_in_and_out (Fixture      *fixture,
                      gconstpointer data)
{
  Outcome                  out = { fixture };
  Outcome                  wrong = { fixture };
  Outcome                  again = { fixture };
  Outcome                  cancelled = { fixture };
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();

  beckon_account_copy_sign_out_async (fixture->copy, NULL, signed_out_cb, &out);
  test_wait_until (outcome_done, &out, "the sign-out");
  g_assert_no_error (out.error);
  g_assert_true (out.ok);
  g_assert_cmpint (out.state_then, ==, UCWA_SESSION_STATE_SIGNED_OUT);

  beckon_account_copy_sign_in_async (fixture->copy, fixture->root, USER, "wrong", NULL, signed_in_cb, &wrong);
  test_wait_until (outcome_done, &wrong, "the refused sign-in");
  g_assert_false (wrong.ok);
  g_assert_nonnull (wrong.error);
  g_assert_cmpint (wrong.state_then, ==, UCWA_SESSION_STATE_SIGNED_OUT);
  g_assert_true (wrong.had_error_then);
  g_assert_true (g_error_matches (beckon_account_copy_get_session_error (fixture->copy), wrong.error->domain,
                                  wrong.error->code));
  g_clear_error (&wrong.error);

  beckon_account_copy_sign_in_async (fixture->copy, fixture->root, USER, PASSWORD, NULL, signed_in_cb, &again);
  test_wait_until (outcome_done, &again, "the sign-in");
  g_assert_no_error (again.error);
  g_assert_true (again.ok);
  g_assert_cmpint (again.state_then, ==, UCWA_SESSION_STATE_ONLINE);
  g_assert_false (again.had_error_then);
  g_assert_cmpuint (beckon_account_copy_get_retry_in (fixture->copy), ==, 0);

  /* Cancelled on this thread, it is cancelled on the core's. */
  g_cancellable_cancel (cancellable);
  beckon_account_copy_sign_in_async (fixture->copy, fixture->root, USER, PASSWORD, cancellable, signed_in_cb,
                                     &cancelled);
  test_wait_until (outcome_done, &cancelled, "the cancelled sign-in");
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled.error);
}

static void
searched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GListModel **found = user_data;

  *found = beckon_account_copy_search_people_finish (BECKON_ACCOUNT_COPY (object), result, NULL);
  g_assert_nonnull (*found);
}

static gboolean
search_done (gpointer data)
{
  return *(GListModel **) data != NULL;
}

/* The New Chat dialog's search: contacts of its own come back. */
static void
test_search_people (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr (GListModel)  found = NULL;
  g_autoptr (UcwaContact) ada = NULL;

  ucwa_sim_server_set_remote_party (fixture->sim, "sip:ada@contoso.com", "Ada Lovelace", UCWA_SIM_REMOTE_ACCEPTS, 100);
  beckon_account_copy_search_people_async (fixture->copy, "Ada", 10, NULL, searched_cb, &found);
  test_wait_until (search_done, &found, "the search");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  ada = g_list_model_get_item (found, 0);
  g_assert_cmpstr (ucwa_contact_get_name (ada), ==, "Ada Lovelace");
  g_assert_cmpstr (ucwa_contact_get_uri (ada), ==, "sip:ada@contoso.com");
  g_assert_cmpstr (ucwa_contact_get_availability (ada), ==, "Online");
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "GET", "/people/search"), ==, 1);
}

static void
test_same_properties (void)
{
  const char *const item_not_copied[] = { "invitation", NULL };
  const char *const account_not_copied[] = { "session", NULL };
  const char *const conversation_not_copied[] = { "href",
                                                  "thread-id",
                                                  "importance",
                                                  "messaging-href",
                                                  "send-message-href",
                                                  "set-is-typing-href",
                                                  "add-messaging-href",
                                                  "stop-messaging-href",
                                                  "typing-participants-href",
                                                  NULL };
  const char *const message_not_copied[] = { "href", "operation-id", NULL };
  const char *const participant_not_copied[] = { "href", NULL };

  assert_same_properties (BECKON_TYPE_INVITATION_ITEM, BECKON_TYPE_INVITATION_COPY, item_not_copied);
  assert_same_properties (BECKON_TYPE_ACCOUNT, BECKON_TYPE_ACCOUNT_COPY, account_not_copied);
  assert_same_properties (UCWA_TYPE_CONVERSATION, BECKON_TYPE_CONVERSATION_COPY, conversation_not_copied);
  assert_same_properties (UCWA_TYPE_MESSAGE, BECKON_TYPE_MESSAGE_COPY, message_not_copied);
  assert_same_properties (UCWA_TYPE_PARTICIPANT, BECKON_TYPE_PARTICIPANT_COPY, participant_not_copied);
}

/* The main window's: the presence, its command, Reply's verdict and the
 * look-up of an item's copy. */

static gboolean
presence_is_busy (gpointer data)
{
  Fixture *fixture = data;

  return beckon_account_copy_get_presence_ready (fixture->copy) &&
         g_strcmp0 (beckon_account_copy_get_availability (fixture->copy), "Busy") == 0 &&
         g_strcmp0 (beckon_account_copy_get_activity (fixture->copy), "In a meeting") == 0;
}

static gboolean
presence_is_away (gpointer data)
{
  return g_strcmp0 (beckon_account_copy_get_availability (((Fixture *) data)->copy), "Away") == 0;
}

static gboolean
first_can_reply (gpointer data)
{
  Fixture *fixture = data;

  return has_one_invitation (fixture) && beckon_invitation_copy_get_can_reply (first_item (fixture));
}

typedef struct
{
  Fixture              *fixture;
  BeckonInvitationItem *item;
} CoreItem;

static void
core_first_item_cb (gpointer data)
{
  CoreItem *lookup = data;

  lookup->item = g_list_model_get_item (beckon_account_get_invitations (lookup->fixture->account), 0);
}

static void
core_unref_cb (gpointer data)
{
  g_object_unref (data);
}

static void
test_main_window (Fixture      *fixture,
                  gconstpointer data)
{
  CoreItem         lookup = { fixture, NULL };
  g_autofree char *id = NULL;

  /* Signed in: no step under way, the presence offered. */
  g_assert_cmpint (beckon_account_copy_get_sign_in_phase (fixture->copy), ==, UCWA_SIGN_IN_PHASE_NONE);

  /* What the server says of the user, and what the user asks for. */
  g_assert_true (ucwa_sim_server_set_presence (fixture->sim, USER, "Busy", "In a meeting"));
  test_wait_until (presence_is_busy, fixture, "the copy to say Busy");
  beckon_account_copy_set_availability (fixture->copy, UCWA_AVAILABILITY_AWAY);
  test_wait_until (presence_is_away, fixture, "the copy to say Away");

  /* A missed chat can be replied to, and says to whom. */
  id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Hi");
  test_wait_until (has_one_invitation, fixture, "the invitation");
  g_assert_false (beckon_invitation_copy_get_can_reply (first_item (fixture)));
  g_assert_true (ucwa_sim_server_cancel_invitation (fixture->sim, id));
  test_wait_until (first_can_reply, fixture, "Reply on the missed chat");
  g_assert_cmpstr (beckon_invitation_copy_get_inviter_uri (first_item (fixture)), ==, "sip:bob@contoso.com");

  /* The core's item finds its copy. */
  beckon_core_call (fixture->core, core_first_item_cb, &lookup);
  g_assert_true (beckon_account_copy_find_item (fixture->copy, lookup.item) == first_item (fixture));
  beckon_core_call (fixture->core, core_unref_cb, lookup.item);
}

/* The conversation window's (conv): the core's outbox, as the copies say it */

static gboolean
is_reconnecting (gpointer data)
{
  return beckon_account_copy_get_session_state (((Fixture *) data)->copy) == UCWA_SESSION_STATE_RECONNECTING;
}

static gboolean
waits_one (gpointer data)
{
  GListModel *waiting = beckon_conversation_copy_get_waiting (((Fixture *) data)->ready_conversation);

  return g_list_model_get_n_items (waiting) == 1;
}

static gboolean
has_failure (gpointer data)
{
  Wanted            *wanted = data;
  BeckonMessageCopy *message = find_message (wanted->fixture->ready_conversation, wanted->text);

  return message != NULL && beckon_message_copy_get_failure (message) != NULL;
}

static void
left_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (beckon_conversation_copy_leave_finish (BECKON_CONVERSATION_COPY (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* What is sent while the session reconnects waits in the conversation's
 * "waiting" and goes when it is back; what the server never confirms fails
 * with the reason; leaving says when it is done. */
static void
test_outbox (Fixture      *fixture,
             gconstpointer data)
{
  g_autofree char            *id = NULL;
  g_autoptr (GError)          error = NULL;
  g_autoptr (GtkStringObject) first = NULL;
  BeckonInvitationCopy       *item;
  BeckonConversationCopy     *conversation;
  BeckonMessageCopy          *lost;
  Wanted                      waited = { fixture, "Written while reconnecting" };
  Wanted                      unconfirmed = { fixture, "Lost on the way" };
  gboolean                    left = FALSE;

  id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Lunch?");
  test_wait_until (has_one_invitation, fixture, "the invitation in the copy");
  item = first_item (fixture);
  g_assert_cmpstr (beckon_invitation_copy_get_inviter_uri (item), ==, "sip:bob@contoso.com");
  g_assert_true (beckon_account_copy_answer (fixture->copy, item, BECKON_ANSWER_ACCEPT, &error));
  g_assert_no_error (error);
  test_wait_until (is_accepted, fixture, "the accepted item and its conversation");
  conversation = fixture->ready_conversation;
  test_wait_until (can_send, fixture, "the send link");
  g_assert_cmpuint (g_list_model_get_n_items (beckon_conversation_copy_get_waiting (conversation)), ==, 0);
  g_assert_false (beckon_conversation_copy_get_waiting_lost (conversation));

  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_EVENTS_SERVICE_UNAVAILABLE, 1);
  test_wait_until (is_reconnecting, fixture, "the copy to say reconnecting");
  beckon_conversation_copy_send (conversation, waited.text);
  test_wait_until (waits_one, fixture, "the text to wait for the connection");
  first = g_list_model_get_item (beckon_conversation_copy_get_waiting (conversation), 0);
  g_assert_cmpstr (gtk_string_object_get_string (first), ==, waited.text);
  g_assert_null (find_message (conversation, waited.text));
  test_wait_until (has_delivered, &waited, "the waiting text to go once the session is back");
  g_assert_cmpuint (g_list_model_get_n_items (beckon_conversation_copy_get_waiting (conversation)), ==, 0);

  _beckon_conversation_copy_set_send_timeout (conversation, 200);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_SEND_MESSAGE_NO_COMPLETION, 1);
  beckon_conversation_copy_send (conversation, unconfirmed.text);
  test_wait_until (has_failure, &unconfirmed, "the unconfirmed message to fail");
  lost = find_message (conversation, unconfirmed.text);
  g_assert_cmpstr (beckon_message_copy_get_failure (lost), ==,
                   "The server did not confirm in time. Try again in a moment.");
  g_assert_cmpint (beckon_message_copy_get_status (lost), ==, UCWA_MESSAGE_STATUS_PENDING);

  beckon_conversation_copy_leave_async (conversation, NULL, left_cb, &left);
  test_wait_until (is_true, &left, "the DELETE to be done");
  test_wait_until (is_disconnected, fixture, "the conversation to end");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/copies/same-properties", test_same_properties);
  g_test_add ("/copies/accept-and-chat", Fixture, NULL, fixture_set_up, test_accept_and_chat, fixture_tear_down);
  g_test_add ("/copies/decline", Fixture, NULL, fixture_set_up, test_decline, fixture_tear_down);
  g_test_add_func ("/copies/restored", test_restored);
  g_test_add ("/copies/burst", Fixture, NULL, fixture_set_up, test_burst, fixture_tear_down);
  g_test_add ("/copies/inline/accept-and-chat", Fixture, "inline", fixture_set_up, test_accept_and_chat, fixture_tear_down);
  g_test_add ("/copies/inline/decline", Fixture, "inline", fixture_set_up, test_decline, fixture_tear_down);
  g_test_add ("/copies/inline/burst", Fixture, "inline", fixture_set_up, test_burst, fixture_tear_down);
  g_test_add ("/copies/main-window", Fixture, NULL, fixture_set_up, test_main_window, fixture_tear_down);
  g_test_add ("/copies/sign-in-and-out", Fixture, NULL, fixture_set_up, test_sign_in_and_out, fixture_tear_down);
  g_test_add ("/copies/inline/sign-in-and-out", Fixture, "inline", fixture_set_up, test_sign_in_and_out,
              fixture_tear_down);
  g_test_add ("/copies/search-people", Fixture, NULL, fixture_set_up, test_search_people, fixture_tear_down);
  g_test_add ("/copies/inline/search-people", Fixture, "inline", fixture_set_up, test_search_people,
              fixture_tear_down);
  g_test_add ("/copies/stop-in-flight", Fixture, NULL, fixture_set_up, test_stop_in_flight, stopped_tear_down);
  g_test_add ("/copies/stop-mid-burst", Fixture, NULL, fixture_set_up, test_stop_mid_burst, stopped_tear_down);
  /* The conversation window's (conv). */
  g_test_add ("/copies/outbox", Fixture, NULL, fixture_set_up, test_outbox, fixture_tear_down);
  g_test_add ("/copies/inline/outbox", Fixture, "inline", fixture_set_up, test_outbox, fixture_tear_down);

  return g_test_run ();
}

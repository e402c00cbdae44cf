/* copies-fixture.c: what test-copies and test-copies-sync share (see
 * copies-fixture.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core_*_cb run on the core's thread (beckon_core_call() and
 * beckon_core_invoke()); everything else on the test's, the GTK thread's
 * stand-in.
 */

#include "config.h"

#include "copies-fixture.h"

static void
core_set_up_cb (gpointer data)
{
  Fixture *fixture = data;

  fixture->session = sim_fixture_new_session ();
  fixture->account = beckon_account_new (fixture->session);
}

/* Once the copy follows the account: it sees the history restored. */
static void
core_sign_in_cb (gpointer data)
{
  Fixture *fixture = data;

  if (fixture->history_path != NULL)
    {
      g_autoptr (BeckonHistory) history = beckon_history_new (fixture->history_path);

      beckon_account_set_history (fixture->account, history);
    }
  /* The simulator answers from the test's thread meanwhile. */
  ucwa_session_sign_in_async (fixture->session, fixture->root, USER, PASSWORD, NULL, NULL, NULL);
}

static void
core_tear_down_cb (gpointer data)
{
  Fixture *fixture = data;

  g_clear_object (&fixture->account);
  g_clear_object (&fixture->session);
}

static void
added_cb (Fixture              *fixture,
          BeckonInvitationCopy *item)
{
  g_assert_true (BECKON_IS_INVITATION_COPY (item));
  fixture->n_added++;
}

static void
ready_cb (Fixture                *fixture,
          BeckonInvitationCopy   *item,
          BeckonConversationCopy *conversation)
{
  fixture->n_ready++;
  g_set_object (&fixture->ready_item, item);
  g_set_object (&fixture->ready_conversation, conversation);
}

static void
restored_cb (Fixture *fixture)
{
  fixture->n_restored++;
}

static gboolean
is_online (gpointer data)
{
  Fixture *fixture = data;

  return beckon_account_copy_get_session_state (fixture->copy) == UCWA_SESSION_STATE_ONLINE &&
         beckon_account_copy_get_online (fixture->copy);
}

/* The core, its account and the copy, signed in. */
void
start_core (Fixture *fixture,
            gboolean inline_core)
{
  fixture->core = inline_core ? beckon_core_new_inline () : beckon_core_new ("beckon-core-test");
  beckon_core_call (fixture->core, core_set_up_cb, fixture);
  fixture->copy = beckon_account_copy_new (fixture->core, fixture->account);
  g_signal_connect_swapped (fixture->copy, "invitation-added", G_CALLBACK (added_cb), fixture);
  g_signal_connect_swapped (fixture->copy, "conversation-ready", G_CALLBACK (ready_cb), fixture);
  g_signal_connect_swapped (fixture->copy, "history-restored", G_CALLBACK (restored_cb), fixture);
  beckon_core_invoke (fixture->core, core_sign_in_cb, fixture, NULL);
  test_wait_until (is_online, fixture, "the copy to say online");
  g_assert_cmpstr (beckon_account_copy_get_status_text (fixture->copy), ==, "Online");
  g_assert_cmpstr (beckon_account_copy_get_user (fixture->copy), ==, USER);
}

void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->sim = sim_fixture_new_server (USER, PASSWORD);
  ucwa_sim_server_set_max_hold (fixture->sim, 2000);
  ucwa_sim_server_set_invitation_timeout (fixture->sim, 0);
  fixture->root = sim_fixture_listen (fixture->sim);
  /* data "inline": the same core without a thread of its own (the app's
   * single-threaded baseline); the copies must behave alike. */
  start_core (fixture, g_strcmp0 (data, "inline") == 0);
}

/* Stops following the core, and drops it with what runs there. */
void
stop_core (Fixture *fixture)
{
  beckon_account_copy_disconnect (fixture->copy);
  beckon_core_call (fixture->core, core_tear_down_cb, fixture);
  g_clear_pointer (&fixture->core, beckon_core_free);
  test_drain_main_context ();
}

void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  stop_core (fixture);
  g_clear_object (&fixture->ready_item);
  g_clear_object (&fixture->ready_conversation);
  g_clear_object (&fixture->copy);
  g_clear_object (&fixture->sim);
  g_free (fixture->root);
}

BeckonInvitationCopy *
first_item (Fixture *fixture)
{
  GListModel                      *invitations = beckon_account_copy_get_invitations (fixture->copy);
  g_autoptr (BeckonInvitationCopy) item = g_list_model_get_item (invitations, 0);

  /* The list holds it for the test. */
  return item;
}

gboolean
has_one_invitation (gpointer data)
{
  return g_list_model_get_n_items (beckon_account_copy_get_invitations (((Fixture *) data)->copy)) == 1;
}

void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Outcome                    *outcome = user_data;
  g_autoptr (GTlsCertificate) refused = NULL;

  outcome->ok = beckon_account_copy_sign_in_finish (BECKON_ACCOUNT_COPY (object), result, &refused, &outcome->error);
  g_assert_null (refused);
  outcome->state_then = beckon_account_copy_get_session_state (outcome->fixture->copy);
  outcome->had_error_then = beckon_account_copy_get_session_error (outcome->fixture->copy) != NULL;
  outcome->done = TRUE;
}

void
signed_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = beckon_account_copy_sign_out_finish (BECKON_ACCOUNT_COPY (object), result, &outcome->error);
  outcome->state_then = beckon_account_copy_get_session_state (outcome->fixture->copy);
  outcome->done = TRUE;
}

gboolean
outcome_done (gpointer data)
{
  return ((Outcome *) data)->done;
}

/* notifier-fixture.c: the app's notifier against the simulator, for the
 * notification tests that bring their own notification server or portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything runs on the test's thread and its default main context; the
 * notification server or portal runs in a thread of its own (libnotify's
 * calls are synchronous), so waiting here iterates the main context until a
 * condition holds (test-util.c).
 */

#include "config.h"

#include "notifier-fixture.h"

#include "test-util.h"

#define USER          "sip:alice@contoso.com"
#define PASSWORD      "correct horse battery staple"
#define DESKTOP_ENTRY "io.github.beckon.Beckon"

static void
invitation_added_cb (BeckonAccount        *account,
                     BeckonInvitationItem *item,
                     NotifierFixture      *fixture)
{
  g_ptr_array_add (fixture->items, g_object_ref (item));
}

static void
conversation_ready_cb (BeckonAccount        *account,
                       BeckonInvitationItem *item,
                       UcwaConversation     *conversation,
                       NotifierFixture      *fixture)
{
  fixture->n_conversation_ready++;
}

static void
activate_invitation_cb (BeckonNotifier       *notifier,
                        BeckonInvitationItem *item,
                        NotifierFixture      *fixture)
{
  g_ptr_array_add (fixture->activated, g_object_ref (item));
}

void
notifier_fixture_set_up (NotifierFixture *fixture)
{
  g_autoptr (GError)       error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char         *root = NULL;
  UcwaEventChannel        *channel;

  fixture->items = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->activated = g_ptr_array_new_with_free_func (g_object_unref);

  fixture->sim = ucwa_sim_server_new ();
  ucwa_sim_server_add_user (fixture->sim, USER, PASSWORD, "Alice Example");
  ucwa_sim_server_set_max_hold (fixture->sim, 2000);
  /* Only the tests that cancel end an invitation without the user. */
  ucwa_sim_server_set_invitation_timeout (fixture->sim, 0);
  g_assert_true (ucwa_sim_server_listen (fixture->sim, 0, &error));
  g_assert_no_error (error);

  fixture->session = ucwa_session_new ();
  channel = ucwa_session_get_event_channel (fixture->session);
  ucwa_event_channel_set_backoff (channel, 50, 400);
  ucwa_event_channel_set_watchdog (channel, 4000);
  ucwa_session_set_operation_timeout (fixture->session, 5000);

  fixture->account = beckon_account_new (fixture->session);
  g_signal_connect (fixture->account, "invitation-added", G_CALLBACK (invitation_added_cb), fixture);
  g_signal_connect (fixture->account, "conversation-ready", G_CALLBACK (conversation_ready_cb), fixture);

  fixture->notifier = beckon_notifier_new (fixture->account, "Beckon", DESKTOP_ENTRY);
  g_signal_connect (fixture->notifier, "activate-invitation", G_CALLBACK (activate_invitation_cb), fixture);

  root = ucwa_sim_server_dup_root_url (fixture->sim);
  ucwa_session_sign_in_async (fixture->session, root, USER, PASSWORD, NULL, test_async_result_cb, &result);
  g_assert_true (ucwa_session_sign_in_finish (fixture->session, test_wait_result (&result), &error));
  g_assert_no_error (error);
}

void
notifier_fixture_tear_down (NotifierFixture *fixture)
{
  if (fixture->notifier != NULL)
    g_signal_handlers_disconnect_by_data (fixture->notifier, fixture);
  g_signal_handlers_disconnect_by_data (fixture->account, fixture);
  /* Stops the worker thread (notify_uninit on it) while the server is up. */
  g_clear_object (&fixture->notifier);
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->sim);
  g_clear_pointer (&fixture->items, g_ptr_array_unref);
  g_clear_pointer (&fixture->activated, g_ptr_array_unref);
  test_drain_main_context ();
}

typedef struct
{
  NotifierFixture *fixture;
  guint            from; /* items before this one are older */
  const char      *inviter;
  const char      *body;
} ItemWait;

static BeckonInvitationItem *
find_item (ItemWait *wait)
{
  for (guint i = wait->from; i < wait->fixture->items->len; i++)
    {
      BeckonInvitationItem *item = g_ptr_array_index (wait->fixture->items, i);

      if (g_strcmp0 (beckon_invitation_item_get_inviter (item), wait->inviter) == 0 &&
          g_strcmp0 (beckon_invitation_item_get_body (item), wait->body) == 0)
        return item;
    }
  return NULL;
}

static gboolean
has_item (gpointer user_data)
{
  return find_item (user_data) != NULL;
}

BeckonInvitationItem *
notifier_fixture_receive_im (NotifierFixture *fixture,
                             const char      *from_uri,
                             const char      *from_name,
                             const char      *message,
                             char           **id_out)
{
  ItemWait         wait = { fixture, fixture->items->len, from_name, message };
  g_autofree char *id = NULL;

  id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, from_uri, from_name, message);
  g_assert_nonnull (id);
  test_wait_until (has_item, &wait, "the invitation");
  if (id_out != NULL)
    *id_out = g_steal_pointer (&id);
  return find_item (&wait);
}

typedef struct
{
  BeckonInvitationItem *item;
  BeckonInvitationState state;
} StateWait;

static gboolean
item_in_state (gpointer user_data)
{
  StateWait *wait = user_data;

  return beckon_invitation_item_get_state (wait->item) == wait->state;
}

void
notifier_fixture_wait_for_state (NotifierFixture      *fixture,
                                 BeckonInvitationItem *item,
                                 BeckonInvitationState state)
{
  StateWait wait = { item, state };

  test_wait_until (item_in_state, &wait, "the invitation's state");
}

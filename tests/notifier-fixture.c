/* notifier-fixture.c: the app's notifier against the simulator, for the
 * notification tests that bring their own notification server or portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything runs on the test's thread and its default main context; the
 * notification server or portal runs in a thread of its own (libnotify's
 * calls are synchronous), so waiting here iterates the main context until a
 * condition holds (test-util.c; on what the fake notification server saw,
 * fake_notification_server_wait(), which the server wakes up).
 */

#include "config.h"

#include "notifier-fixture.h"

#include "sim-fixture.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "correct horse battery staple"

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
show_invitations_cb (BeckonNotifier  *notifier,
                     NotifierFixture *fixture)
{
  fixture->n_show_invitations++;
}

static void
activate_invitation_cb (BeckonNotifier       *notifier,
                        BeckonInvitationItem *item,
                        NotifierFixture      *fixture)
{
  g_ptr_array_add (fixture->activated, g_object_ref (item));
}

static void
invitation_answered_cb (UcwaSimServer   *sim,
                        const char      *id,
                        gboolean         accepted,
                        NotifierFixture *fixture)
{
  if (!accepted)
    fixture->n_declined++;
}

void
notifier_fixture_set_up (NotifierFixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *root = NULL;

  fixture->items = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->activated = g_ptr_array_new_with_free_func (g_object_unref);

  fixture->sim = sim_fixture_new_server (USER, PASSWORD);
  ucwa_sim_server_set_max_hold (fixture->sim, 2000);
  /* Only the tests that cancel end an invitation without the user. */
  ucwa_sim_server_set_invitation_timeout (fixture->sim, 0);
  root = sim_fixture_listen (fixture->sim);
  g_signal_connect (fixture->sim, "invitation-answered", G_CALLBACK (invitation_answered_cb), fixture);

  fixture->session = sim_fixture_new_session ();

  fixture->account = beckon_account_new (fixture->session);
  g_signal_connect (fixture->account, "invitation-added", G_CALLBACK (invitation_added_cb), fixture);
  g_signal_connect (fixture->account, "conversation-ready", G_CALLBACK (conversation_ready_cb), fixture);

  fixture->notifier = beckon_notifier_new (fixture->account, "Beckon", NOTIFIER_FIXTURE_DESKTOP_ENTRY);
  g_signal_connect (fixture->notifier, "show-invitations", G_CALLBACK (show_invitations_cb), fixture);
  g_signal_connect (fixture->notifier, "activate-invitation", G_CALLBACK (activate_invitation_cb), fixture);

  g_assert_true (sim_fixture_sign_in (fixture->session, root, USER, PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (ucwa_session_get_state (fixture->session) == UCWA_SESSION_STATE_ONLINE);
}

void
notifier_fixture_set_up_with_server (NotifierFixture        *fixture,
                                     FakeNotificationServer *server)
{
  g_autoptr (GError) error = NULL;

  fixture->server = server;
  g_assert_true (fake_notification_server_start (fixture->server, &error));
  g_assert_no_error (error);
  notifier_fixture_set_up (fixture);
}

void
notifier_fixture_tear_down (NotifierFixture *fixture)
{
  if (fixture->notifier != NULL)
    g_signal_handlers_disconnect_by_data (fixture->notifier, fixture);
  g_signal_handlers_disconnect_by_data (fixture->account, fixture);
  g_signal_handlers_disconnect_by_data (fixture->sim, fixture);
  /* Stops the worker thread (notify_uninit on it) while the server is up. */
  g_clear_object (&fixture->notifier);
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->sim);
  g_clear_pointer (&fixture->server, fake_notification_server_free);
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
notifier_fixture_wait_for_item (NotifierFixture *fixture,
                                guint            from,
                                const char      *inviter,
                                const char      *body)
{
  ItemWait wait = { fixture, from, inviter, body };

  test_wait_until (has_item, &wait, "the invitation");
  return find_item (&wait);
}

/* @id, started at the simulator, once the account has it as an item from
 * @inviter saying @body. */
static BeckonInvitationItem *
wait_for_started (NotifierFixture *fixture,
                  guint            from,
                  char            *id,
                  const char      *inviter,
                  const char      *body,
                  char           **id_out)
{
  g_autofree char      *owned = id;
  BeckonInvitationItem *item;

  g_assert_nonnull (owned);
  item = notifier_fixture_wait_for_item (fixture, from, inviter, body);
  if (id_out != NULL)
    *id_out = g_steal_pointer (&owned);
  return item;
}

BeckonInvitationItem *
notifier_fixture_receive_im (NotifierFixture *fixture,
                             const char      *from_uri,
                             const char      *from_name,
                             const char      *message,
                             char           **id_out)
{
  guint before = fixture->items->len;
  char *id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, from_uri, from_name, message);

  return wait_for_started (fixture, before, id, from_name, message, id_out);
}

BeckonInvitationItem *
notifier_fixture_receive_meeting (NotifierFixture *fixture,
                                  const char      *subject,
                                  char           **id_out)
{
  guint before = fixture->items->len;
  char *id = ucwa_sim_server_start_meeting_invitation (fixture->sim, NULL, "sip:grace@contoso.com",
                                                       "Grace Hopper", subject);

  return wait_for_started (fixture, before, id, "Grace Hopper", subject, id_out);
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
  StateWait        wait = { item, state };
  g_autofree char *what = g_strdup_printf ("the invitation to reach state %d", state);

  test_wait_until (item_in_state, &wait, what);
}

typedef struct
{
  FakeNotificationServer *server;
  const char             *summary;
} SummaryWait;

static gboolean
has_summary (gpointer user_data)
{
  SummaryWait                 *wait = user_data;
  g_autoptr (FakeNotification) found = fake_notification_server_find_by_summary (wait->server, wait->summary);

  return found != NULL;
}

FakeNotification *
notifier_fixture_wait_for_summary (FakeNotificationServer *server,
                                   const char             *summary)
{
  SummaryWait wait = { server, summary };

  if (!fake_notification_server_wait (server, has_summary, &wait, NOTIFIER_FIXTURE_WAIT_MS))
    g_error ("Timed out waiting for a notification \"%s\"", summary);
  return fake_notification_server_find_by_summary (server, summary);
}

guint
notifier_fixture_count_with_summary (FakeNotificationServer *server,
                                     const char             *summary)
{
  g_autoptr (GPtrArray) all = fake_notification_server_get_notifications (server);
  guint                 n = 0;

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (((FakeNotification *) g_ptr_array_index (all, i))->summary, summary) == 0)
      n++;
  return n;
}

/* test-bounded.c: a background service that runs for weeks stays flat —
 * finished invitations leave the model, the account and the notifier
 * together, against the simulator and the fake notification server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "beckon-notifier-private.h"
#include "fake-notification-server.h"
#include "notifier-fixture.h"
#include "test-util.h"

/* The account's history (MAX_HISTORY in beckon-account.c) and the model's
 * retired hrefs (RETIRED_HREFS_MAX in ucwa-model.c). */
#define HISTORY       200
#define RETIRED_HREFS 256
#define N_FINISHED    300

/* One notification server for the whole run: the test only counts. */
static void
fixture_set_up (NotifierFixture *fx,
                gconstpointer    data)
{
  notifier_fixture_set_up (fx);
}

static void
fixture_tear_down (NotifierFixture *fx,
                   gconstpointer    data)
{
  notifier_fixture_tear_down (fx);
}

static void
assert_bounded (NotifierFixture *fx)
{
  UcwaModel *model = ucwa_session_get_model (fx->session);

  g_assert_cmpuint (g_list_model_get_n_items (beckon_account_get_invitations (fx->account)), <=, HISTORY);
  g_assert_cmpuint (g_list_model_get_n_items (ucwa_model_get_invitations (model)), <=, HISTORY);
  g_test_message ("hrefs %u, conversations %u", ucwa_model_get_n_hrefs (model),
                  g_list_model_get_n_items (ucwa_model_get_conversations (model)));
  /* Finished invitations and deleted conversations each retire at most
   * RETIRED_HREFS hrefs; an ended conversation is dropped at once. */
  g_assert_cmpuint (g_list_model_get_n_items (ucwa_model_get_conversations (model)), <=, 2);
  g_assert_cmpuint (ucwa_model_get_n_hrefs (model), <=, HISTORY + 2 * RETIRED_HREFS + 2);
  /* A "Missed…" notice still up goes with its item. */
  g_assert_cmpuint (beckon_notifier_get_n_entries (fx->notifier), <=, HISTORY);
}

/* A user who leaves Beckon running: hundreds of chats ring and end without
 * them, one still rings from long ago. */
static void
test_weeks_of_missed_invitations_stay_bounded (NotifierFixture *fx,
                                               gconstpointer    data)
{
  BeckonInvitationItem *ringing;

  ringing = notifier_fixture_receive_im (fx, "sip:bob@contoso.com", "Bob Example", "still there?", NULL);

  for (guint i = 0; i < N_FINISHED; i++)
    {
      g_autofree char      *text = g_strdup_printf ("message %u", i);
      g_autofree char      *id = NULL;
      BeckonInvitationItem *item;

      item = notifier_fixture_receive_im (fx, "sip:carol@contoso.com", "Carol Example", text, &id);
      g_assert_true (ucwa_sim_server_cancel_invitation (fx->sim, id));
      notifier_fixture_wait_for_state (fx, item, BECKON_INVITATION_STATE_MISSED);
      if (i % 50 == 0)
        assert_bounded (fx);
    }

  assert_bounded (fx);
  g_assert_cmpuint (g_list_model_get_n_items (beckon_account_get_invitations (fx->account)), ==, HISTORY);

  /* The oldest, still ringing, was kept everywhere and still answers. */
  g_assert_nonnull (beckon_account_find_item (fx->account,
                                              beckon_invitation_item_get_invitation (ringing)));
  g_assert_true (ucwa_model_lookup_invitation (ucwa_session_get_model (fx->session),
                                               ucwa_invitation_get_href (beckon_invitation_item_get_invitation (ringing))) ==
                 beckon_invitation_item_get_invitation (ringing));
  beckon_account_accept (fx->account, ringing);
  notifier_fixture_wait_for_state (fx, ringing, BECKON_INVITATION_STATE_ACCEPTED);
  test_wait_for_count (&fx->n_conversation_ready, 1, "the conversation");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (FakeNotificationServer) server = NULL;

  g_test_init (&argc, &argv, NULL);

  server = fake_notification_server_new_started ();
  g_test_add ("/bounded/weeks-of-missed-invitations", NotifierFixture, NULL,
              fixture_set_up, test_weeks_of_missed_invitations_stay_bounded, fixture_tear_down);

  return g_test_run ();
}

/* test-core.c: the protocol core on a thread of its own (BeckonCore)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which thread owns what: the test's thread owns the simulator (it serves
 * on the test's main context) and the Fixture's copies; the core's thread
 * owns the session, the account, the notifier and its items (they are
 * created there, by beckon_core_invoke()); the fake notification server runs
 * on a thread of its own.  The core tells the test what happened only
 * through copies sent with beckon_core_invoke_owner(), as it will tell the
 * GTK thread, and every callback of the core's objects checks that it runs
 * on the core's thread.
 */

#include "config.h"

#include "beckon-account.h"
#include "beckon-core.h"
#include "beckon-notifier.h"
#include "fake-notification-server.h"
#include "notifier-fixture.h"
#include "sim-fixture.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "correct horse battery staple"

/* Basics */

typedef struct
{
  BeckonCore   *core;
  GMainContext *seen_context; /* the thread-default context on the core */
  gboolean      seen_core_thread;
  GArray       *order; /* guint, as the core ran them */
  guint         n_back;
  guint         last_back;
  gboolean      order_kept;
} Basics;

typedef struct
{
  Basics *basics;
  guint   n;
} Step;

static void
back_cb (gpointer data)
{
  Step *step = data;

  g_assert_false (beckon_core_is_core_thread (step->basics->core));
  if (step->n != step->basics->last_back + 1)
    step->basics->order_kept = FALSE;
  step->basics->last_back = step->n;
  step->basics->n_back++;
}

static void
step_cb (gpointer data)
{
  Step *step = data;
  Step *back = g_new0 (Step, 1);

  g_assert_true (beckon_core_is_core_thread (step->basics->core));
  g_array_append_val (step->basics->order, step->n);
  *back = *step;
  beckon_core_invoke_owner (step->basics->core, back_cb, back, g_free);
}

static void
look_around_cb (gpointer data)
{
  Basics *basics = data;

  basics->seen_context = g_main_context_ref_thread_default ();
  basics->seen_core_thread = beckon_core_is_core_thread (basics->core);
}

static gboolean
all_back (gpointer data)
{
  return ((Basics *) data)->n_back == 100;
}

static void
test_basics (void)
{
  Basics basics = { NULL, NULL, FALSE, g_array_new (FALSE, FALSE, sizeof (guint)), 0, 0, TRUE };

  basics.core = beckon_core_new ("beckon-core-test");
  g_assert_false (beckon_core_is_core_thread (basics.core));

  /* Created on the core, objects find the core's context as their own. */
  beckon_core_call (basics.core, look_around_cb, &basics);
  g_assert_true (basics.seen_context == beckon_core_get_context (basics.core));
  g_assert_true (basics.seen_core_thread);

  /* Run there in order, and their copies come back here in order. */
  for (guint i = 1; i <= 100; i++)
    {
      Step *step = g_new0 (Step, 1);

      step->basics = &basics;
      step->n = i;
      beckon_core_invoke (basics.core, step_cb, step, g_free);
    }
  test_wait_until (all_back, &basics, "the copies from the core");
  g_assert_true (basics.order_kept);
  g_assert_cmpuint (basics.order->len, ==, 100);
  for (guint i = 0; i < basics.order->len; i++)
    g_assert_cmpuint (g_array_index (basics.order, guint, i), ==, i + 1);

  beckon_core_free (basics.core);
  g_main_context_unref (basics.seen_context);
  g_array_unref (basics.order);
}

/* An invitation rings and is declined from its popup, all on the core */

typedef struct
{
  BeckonCore             *core;
  UcwaSimServer          *sim;
  FakeNotificationServer *server;
  char                   *root;

  /* The core's, touched only on its thread. */
  UcwaSession    *session;
  BeckonAccount  *account;
  BeckonNotifier *notifier;

  /* Copies from the core, touched only on the test's thread. */
  UcwaSessionState      state;
  char                 *summary; /* of the last invitation added */
  BeckonInvitationState item_state;
  guint                 n_items;
} Fixture;

typedef struct
{
  Fixture              *fixture;
  UcwaSessionState      state;
  char                 *summary; /* NULL: only the item's state */
  BeckonInvitationState item_state;
} Copy;

static void
copy_free (gpointer data)
{
  Copy *copy = data;

  g_free (copy->summary);
  g_free (copy);
}

static Copy *
copy_new (Fixture *fixture)
{
  Copy *copy = g_new0 (Copy, 1);

  copy->fixture = fixture;
  copy->state = ucwa_session_get_state (fixture->session);
  return copy;
}

static void
apply_copy_cb (gpointer data)
{
  Copy    *copy = data;
  Fixture *fixture = copy->fixture;

  g_assert_false (beckon_core_is_core_thread (fixture->core));
  fixture->state = copy->state;
  if (copy->summary != NULL)
    {
      g_free (fixture->summary);
      fixture->summary = g_strdup (copy->summary);
      fixture->n_items++;
    }
  fixture->item_state = copy->item_state;
}

static void
session_state_cb (Fixture *fixture)
{
  g_assert_true (beckon_core_is_core_thread (fixture->core));
  beckon_core_invoke_owner (fixture->core, apply_copy_cb, copy_new (fixture), copy_free);
}

static void
item_state_cb (BeckonInvitationItem *item,
               GParamSpec           *pspec,
               Fixture              *fixture)
{
  Copy *copy = copy_new (fixture);

  g_assert_true (beckon_core_is_core_thread (fixture->core));
  copy->item_state = beckon_invitation_item_get_state (item);
  beckon_core_invoke_owner (fixture->core, apply_copy_cb, copy, copy_free);
}

static void
invitation_added_cb (Fixture              *fixture,
                     BeckonInvitationItem *item)
{
  Copy *copy = copy_new (fixture);

  g_assert_true (beckon_core_is_core_thread (fixture->core));
  copy->summary = g_strdup (beckon_invitation_item_get_summary (item));
  copy->item_state = beckon_invitation_item_get_state (item);
  g_signal_connect (item, "notify::state", G_CALLBACK (item_state_cb), fixture);
  beckon_core_invoke_owner (fixture->core, apply_copy_cb, copy, copy_free);
}

static void
core_set_up_cb (gpointer data)
{
  Fixture *fixture = data;

  fixture->session = sim_fixture_new_session ();
  fixture->account = beckon_account_new (fixture->session);
  fixture->notifier = beckon_notifier_new (fixture->account, "Beckon", NOTIFIER_FIXTURE_DESKTOP_ENTRY);
  g_signal_connect_swapped (fixture->session, "notify::state", G_CALLBACK (session_state_cb), fixture);
  g_signal_connect_swapped (fixture->account, "invitation-added", G_CALLBACK (invitation_added_cb), fixture);
  /* The simulator answers from the test's thread meanwhile. */
  ucwa_session_sign_in_async (fixture->session, fixture->root, USER, PASSWORD, NULL, NULL, NULL);
}

static void
core_tear_down_cb (gpointer data)
{
  Fixture *fixture = data;

  g_signal_handlers_disconnect_by_data (fixture->session, fixture);
  g_signal_handlers_disconnect_by_data (fixture->account, fixture);
  /* Stops the notifier's worker while the fake server is up. */
  g_clear_object (&fixture->notifier);
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->session);
}

static gboolean
is_online (gpointer data)
{
  return ((Fixture *) data)->state == UCWA_SESSION_STATE_ONLINE;
}

static gboolean
has_invitation (gpointer data)
{
  return ((Fixture *) data)->n_items == 1;
}

static gboolean
is_declined (gpointer data)
{
  Fixture *fixture = data;

  return fixture->item_state == BECKON_INVITATION_STATE_DECLINED &&
         ucwa_sim_server_count_requests (fixture->sim, "POST", "/decline") == 1;
}

static void
test_decline_on_core (void)
{
  Fixture                      fixture = { NULL };
  g_autoptr (GError)           error = NULL;
  g_autofree char             *id = NULL;
  g_autoptr (FakeNotification) popup = NULL;

  fixture.server = fake_notification_server_new ();
  g_assert_true (fake_notification_server_start (fixture.server, &error));
  g_assert_no_error (error);
  fixture.sim = sim_fixture_new_server (USER, PASSWORD);
  ucwa_sim_server_set_max_hold (fixture.sim, 2000);
  ucwa_sim_server_set_invitation_timeout (fixture.sim, 0);
  fixture.root = sim_fixture_listen (fixture.sim);

  fixture.core = beckon_core_new ("beckon-core-test");
  beckon_core_invoke (fixture.core, core_set_up_cb, &fixture, NULL);
  test_wait_until (is_online, &fixture, "the core to sign in");

  id = ucwa_sim_server_start_im_invitation (fixture.sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Lunch?");
  g_assert_nonnull (id);
  test_wait_until (has_invitation, &fixture, "the invitation on the core");
  g_assert_cmpstr (fixture.summary, ==, "Bob Builder invites you to chat");
  /* The popup, shown by the core's notifier; its click goes back there. */
  popup = notifier_fixture_wait_for_summary (fixture.server, fixture.summary);
  g_assert_true (fake_notification_has_action (popup, "decline"));
  g_assert_true (fake_notification_server_invoke_action (fixture.server, popup->id, "decline"));
  test_wait_until (is_declined, &fixture, "the decline from the core");
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture.sim, "POST", "/accept"), ==, 0);

  beckon_core_call (fixture.core, core_tear_down_cb, &fixture);
  beckon_core_free (fixture.core);
  test_drain_main_context ();
  g_clear_object (&fixture.sim);
  g_clear_pointer (&fixture.server, fake_notification_server_free);
  g_free (fixture.root);
  g_free (fixture.summary);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/basics", test_basics);
  g_test_add_func ("/core/decline-on-core", test_decline_on_core);

  return g_test_run ();
}

/* history-writer.c: a helper program of test-history, killed mid-write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application's own objects, nothing else: a UcwaSession signed in to
 * the simulator of the test (ROOT, USER; the password in BECKON_PASSWORD),
 * a BeckonAccount that records into a BeckonHistory at
 * $XDG_DATA_HOME/beckon/history.db, and an accept for every invitation.
 * Then it runs until it is killed: test-history kills it with SIGKILL in
 * the middle of a burst of messages and reads what the file kept.  No
 * display and no notifier: neither has a say in what is written.
 */

#include "config.h"

#include <stdio.h>

#include "beckon-account.h"
#include "sim-fixture.h"
#include "test-util.h"

static void
invitation_added_cb (BeckonAccount        *account,
                     BeckonInvitationItem *item)
{
  beckon_account_accept (account, item);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (UcwaSession)   session = NULL;
  g_autoptr (BeckonAccount) account = NULL;
  g_autoptr (BeckonHistory) history = NULL;
  g_autoptr (GMainLoop)     loop = NULL;
  g_autoptr (GError)        error = NULL;
  g_autofree char          *path = NULL;

  if (argc != 3 || g_getenv ("BECKON_PASSWORD") == NULL)
    {
      fprintf (stderr, "usage: BECKON_PASSWORD=… %s ROOT USER\n", argv[0]);
      return 2;
    }

  path = g_build_filename (g_get_user_data_dir (), "beckon", "history.db", NULL);
  history = beckon_history_new (path);
  /* A fresh file of the test's own: anything else spoils what is measured. */
  g_assert_null (beckon_history_get_notice (history));

  session = sim_fixture_new_session ();
  account = beckon_account_new (session);
  beckon_account_set_history (account, history);
  g_signal_connect (account, "invitation-added", G_CALLBACK (invitation_added_cb), NULL);

  g_assert_true (sim_fixture_sign_in (session, argv[1], argv[2], g_getenv ("BECKON_PASSWORD"), &error));
  g_assert_no_error (error);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}

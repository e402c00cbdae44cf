/* sim-fixture.c: the in-process simulator and a UcwaSession, set up the way
 * the tests against the simulator want them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything runs on the test's main thread and iterates its default main
 * context (see test-util.c).
 */

#include "config.h"

#include "sim-fixture.h"
#include "test-util.h"

/* A simulator that knows @user (as "Alice Example") and is not listening
 * yet: the caller sets what its tests need (hold, timeouts, TLS) first. */
UcwaSimServer *
sim_fixture_new_server (const char *user,
                        const char *password)
{
  UcwaSimServer *sim = ucwa_sim_server_new ();

  ucwa_sim_server_add_user (sim, user, password, "Alice Example");
  return sim;
}

/* Listens on a port of the system's choosing; returns the root URL. */
char *
sim_fixture_listen (UcwaSimServer *sim)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (ucwa_sim_server_listen (sim, 0, &error));
  g_assert_no_error (error);
  return ucwa_sim_server_dup_root_url (sim);
}

/* Short back-off, watchdog and operation timeout, so that the tests see a
 * lost event channel or a stalled request within seconds.  The watchdog is
 * also how long a stalled P-GET holds back the re-offer (recreating). */
UcwaSession *
sim_fixture_new_session (void)
{
  UcwaSession      *session = ucwa_session_new ();
  UcwaEventChannel *channel = ucwa_session_get_event_channel (session);

  ucwa_event_channel_set_backoff (channel, 50, 400);
  ucwa_event_channel_set_watchdog (channel, 4000);
  ucwa_session_set_operation_timeout (session, 5000);
  return session;
}

/* Signs in and waits for the outcome. */
gboolean
sim_fixture_sign_in (UcwaSession *session,
                     const char  *root,
                     const char  *user,
                     const char  *password,
                     GError     **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  ucwa_session_sign_in_async (session, root, user, password, NULL, test_async_result_cb, &result);
  return ucwa_session_sign_in_finish (session, test_wait_result (&result), error);
}

/* A TestCondition on a UcwaSimServer: no UCWA application left (the
 * client's sign-out deleted its own). */
gboolean
sim_fixture_has_no_application (gpointer sim)
{
  return ucwa_sim_server_count_applications (sim) == 0;
}

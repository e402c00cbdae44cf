/* test-presence.c: the user's own presence (UcwaPresence) against the
 * simulator, over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sim-fixture.h"
#include "test-util.h"
#include "ucwa-error.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "correct horse battery staple"

typedef struct
{
  UcwaSimServer *sim;
  UcwaSession   *session;
  UcwaPresence  *presence;
  char          *root;
  const char    *want_availability;
  const char    *want_activity;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->sim = sim_fixture_new_server (USER, PASSWORD);
  ucwa_sim_server_set_max_hold (fixture->sim, 2000);
  fixture->root = sim_fixture_listen (fixture->sim);
  fixture->session = sim_fixture_new_session ();
  fixture->presence = ucwa_session_get_presence (fixture->session);

  g_assert_false (ucwa_presence_get_ready (fixture->presence));
  g_assert_null (ucwa_presence_get_availability (fixture->presence));
  sim_fixture_sign_in (fixture->session, fixture->root, USER, PASSWORD, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->sim);
  g_free (fixture->root);
  test_drain_main_context ();
}

static gboolean
shows_wanted (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_strcmp0 (ucwa_presence_get_availability (fixture->presence), fixture->want_availability) == 0 &&
         (fixture->want_activity == NULL ||
          g_strcmp0 (ucwa_presence_get_activity (fixture->presence), fixture->want_activity) == 0);
}

static void
wait_for (Fixture    *fixture,
          const char *availability,
          const char *activity)
{
  fixture->want_availability = availability;
  fixture->want_activity = activity;
  test_wait_until (shows_wanted, fixture, availability);
}

static gboolean
set_availability (Fixture    *fixture,
                  const char *availability,
                  GError    **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  ucwa_presence_set_availability_async (fixture->presence, availability, NULL, test_async_result_cb, &result);
  return ucwa_presence_set_availability_finish (fixture->presence, test_wait_result (&result), error);
}

/* Available: me's presence link, read at once. */
static void
test_get (Fixture      *fixture,
          gconstpointer data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;

  g_assert_true (ucwa_presence_get_ready (fixture->presence));
  wait_for (fixture, UCWA_AVAILABILITY_ONLINE, "Available");

  ucwa_presence_refresh_async (fixture->presence, NULL, test_async_result_cb, &result);
  g_assert_true (ucwa_presence_refresh_finish (fixture->presence, test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ucwa_presence_get_availability (fixture->presence), ==, "Online");
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "GET", "/me/presence"), >=, 2);
}

/* Each value the reference lets a client set reaches the server, and the
 * property shows what the server made of it. */
static void
test_set_each (Fixture      *fixture,
               gconstpointer data)
{
  const struct
  {
    const char *set;
    const char *shown;
    const char *activity;
  } states[] = {
    { UCWA_AVAILABILITY_BUSY, "Busy", "Busy" },
    { UCWA_AVAILABILITY_DO_NOT_DISTURB, "DoNotDisturb", "Do not disturb" },
    { UCWA_AVAILABILITY_BE_RIGHT_BACK, "BeRightBack", "Be right back" },
    { UCWA_AVAILABILITY_AWAY, "Away", "Away" },
    { UCWA_AVAILABILITY_OFFWORK, "Away", "Off Work" },
    { UCWA_AVAILABILITY_ONLINE, "Online", "Available" },
  };

  wait_for (fixture, UCWA_AVAILABILITY_ONLINE, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_true (set_availability (fixture, states[i].set, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (ucwa_sim_server_get_availability (fixture->sim, USER), ==, states[i].shown);
      g_assert_cmpstr (ucwa_presence_get_availability (fixture->presence), ==, states[i].shown);
      g_assert_cmpstr (ucwa_presence_get_activity (fixture->presence), ==, states[i].activity);
    }

  /* NULL: the empty body that resets it. */
  {
    g_autoptr (GError) error = NULL;

    g_assert_true (set_availability (fixture, UCWA_AVAILABILITY_BUSY, &error));
    g_assert_true (set_availability (fixture, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (ucwa_presence_get_availability (fixture->presence), ==, "Online");
  }
}

/* The server's own change (a meeting elsewhere, idle) arrives as an event. */
static void
test_server_change (Fixture      *fixture,
                    gconstpointer data)
{
  wait_for (fixture, UCWA_AVAILABILITY_ONLINE, NULL);

  g_assert_true (ucwa_sim_server_set_presence (fixture->sim, NULL, "Busy", "In a meeting"));
  wait_for (fixture, UCWA_AVAILABILITY_BUSY, "In a meeting");

  g_assert_true (ucwa_sim_server_set_presence (fixture->sim, NULL, "Away", NULL));
  wait_for (fixture, UCWA_AVAILABILITY_AWAY, "Away");

  g_assert_true (ucwa_sim_server_set_presence (fixture->sim, NULL, "IdleOnline", NULL));
  wait_for (fixture, UCWA_AVAILABILITY_IDLE_ONLINE, "Inactive");
}

/* A value the reference does not allow: the server's refusal, in UCWA_ERROR. */
static void
test_invalid (Fixture      *fixture,
              gconstpointer data)
{
  const char *refused[] = { UCWA_AVAILABILITY_OFFLINE, UCWA_AVAILABILITY_IDLE_BUSY, "Available", "", NULL };

  wait_for (fixture, UCWA_AVAILABILITY_ONLINE, NULL);
  for (guint i = 0; refused[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (set_availability (fixture, refused[i], &error));
      g_assert_error (error, UCWA_ERROR, UCWA_ERROR_PARAMETER_VALIDATION_FAILURE);
    }
  g_assert_cmpstr (ucwa_presence_get_availability (fixture->presence), ==, "Online");
  g_assert_cmpstr (ucwa_sim_server_get_availability (fixture->sim, USER), ==, "Online");
}

/* Signed out: unknown again, and nothing to set. */
static void
test_signed_out (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;

  wait_for (fixture, UCWA_AVAILABILITY_ONLINE, NULL);
  ucwa_session_sign_out_async (fixture->session, NULL, test_async_result_cb, &result);
  g_assert_true (ucwa_session_sign_out_finish (fixture->session, test_wait_result (&result), NULL));

  g_assert_false (ucwa_presence_get_ready (fixture->presence));
  g_assert_null (ucwa_presence_get_availability (fixture->presence));
  g_assert_null (ucwa_presence_get_activity (fixture->presence));
  g_assert_false (set_availability (fixture, UCWA_AVAILABILITY_BUSY, &error));
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_NO_LINK);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/presence/get", test_get);
  ADD ("/presence/set-each", test_set_each);
  ADD ("/presence/server-change", test_server_change);
  ADD ("/presence/invalid", test_invalid);
  ADD ("/presence/signed-out", test_signed_out);
#undef ADD

  return g_test_run ();
}

/* test-secrets.c: the password goes to the Secret Service and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs a real gnome-keyring-daemon on a private bus (GTestDBus) with a
 * private data directory, so no developer's keyring is ever touched.
 */

#include "config.h"

#include <libsecret/secret.h>

#include "beckon-secrets.h"
#include "test-util.h"

#define SERVER "https://lyncdiscover.contoso.com/"
#define USER   "sip:alice@contoso.com"

static char *
lookup (const char *server,
        const char *user)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;
  char                    *password;

  beckon_secrets_lookup_async (server, user, NULL, test_async_result_cb, &result);
  password = beckon_secrets_lookup_finish (test_wait_result (&result), &error);
  g_assert_no_error (error);
  return password;
}

static void
test_round_trip (void)
{
  g_autoptr (GAsyncResult) stored = NULL;
  g_autoptr (GAsyncResult) cleared = NULL;
  g_autoptr (GError)       error = NULL;
  char                    *password;

  g_assert_null (lookup (SERVER, USER));

  beckon_secrets_store_async (SERVER, USER, "correct horse", NULL, test_async_result_cb, &stored);
  g_assert_true (beckon_secrets_store_finish (test_wait_result (&stored), &error));
  g_assert_no_error (error);

  password = lookup (SERVER, USER);
  g_assert_cmpstr (password, ==, "correct horse");
  secret_password_free (password);

  /* Keyed by server and user: another account sees nothing. */
  g_assert_null (lookup (SERVER, "sip:bob@contoso.com"));
  g_assert_null (lookup ("https://lyncdiscover.fabrikam.com/", USER));
  g_assert_null (lookup (NULL, USER));

  beckon_secrets_clear_async (SERVER, USER, NULL, test_async_result_cb, &cleared);
  g_assert_true (beckon_secrets_clear_finish (test_wait_result (&cleared), &error));
  g_assert_no_error (error);
  g_assert_null (lookup (SERVER, USER));
}

static gboolean
keyring_up (gpointer user_data)
{
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr (GVariant)        reply = NULL;
  gboolean                    owned = FALSE;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GSubprocess)         daemon = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GError)              error = NULL;
  g_autofree char                *data_dir = NULL;
  GOutputStream                  *stdin_pipe;
  int                             status;

  /* Static: libsecret's process-wide connection to this bus outlives main,
   * and disposing a GTestDBus waits for every connection to be gone. */
  static GTestDBus *bus;

  g_test_init (&argc, &argv, NULL);

  data_dir = g_dir_make_tmp ("beckon-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_setenv ("HOME", data_dir, TRUE);

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  /* --unlock creates and unlocks the login keyring with the password it
   * reads on stdin; --components=secrets is the Secret Service only. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  daemon = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--foreground",
                                        "--unlock", "--components=secrets", NULL);
  g_assert_no_error (error);
  stdin_pipe = g_subprocess_get_stdin_pipe (daemon);
  g_output_stream_write_all (stdin_pipe, "test-keyring", 12, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stdin_pipe, NULL, NULL);
  test_wait_until (keyring_up, NULL, "gnome-keyring-daemon");

  g_test_add_func ("/secrets/round-trip", test_round_trip);
  status = g_test_run ();

  secret_service_disconnect ();
  g_subprocess_force_exit (daemon);
  g_subprocess_wait (daemon, NULL, NULL);
  g_test_dbus_stop (bus);
  return status;
}

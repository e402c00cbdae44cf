/* test-service.c: the real `beckon` binary as a background service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `beckon --gapplication-service` is how autostart and D-Bus activation
 * run Beckon: no window, only notifications.  These tests start the
 * installed-style binary (BECKON_BINARY, set by meson) as a process of its
 * own against the simulator on loopback and a fake notification server on
 * the private session bus the test command provides, with GSettings in
 * memory: no account was ever saved.
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "fake-notification-server.h"
#include "sim-fixture.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "service test password"

typedef struct
{
  UcwaSimServer          *sim;
  FakeNotificationServer *notifications;
  char                   *root;
} Context;

typedef struct
{
  GSubprocess *process;
  gboolean     exited;
  gboolean     output_closed;
  GString     *output; /* stdout and stderr, read as it comes: a full pipe would block the service */
} Service;

static void
service_output_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Service           *service = user_data;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  g_assert_no_error (error);
  if (g_bytes_get_size (bytes) == 0)
    {
      service->output_closed = TRUE;
      return;
    }
  g_string_append_len (service->output, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (G_INPUT_STREAM (object), 64 * 1024, G_PRIORITY_DEFAULT, NULL,
                                   service_output_cb, service);
}

static void
service_spawn_with (Service             *service,
                    GSubprocessLauncher *launcher,
                    const char          *password,
                    const char *const   *argv)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError)    error = NULL;

  g_ptr_array_add (args, (gpointer) g_getenv ("BECKON_BINARY"));
  g_assert_nonnull (g_ptr_array_index (args, 0));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  if (password != NULL)
    g_subprocess_launcher_setenv (launcher, "BECKON_PASSWORD", password, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "BECKON_PASSWORD");

  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  memset (service, 0, sizeof *service);
  service->output = g_string_new (NULL);
  service->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  g_assert_no_error (error);
  test_watch_exit (service->process, &service->exited);
  g_input_stream_read_bytes_async (g_subprocess_get_stdout_pipe (service->process), 64 * 1024, G_PRIORITY_DEFAULT,
                                   NULL, service_output_cb, service);
}

static void
service_spawn (Service           *service,
               const char        *password,
               const char *const *argv)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);

  service_spawn_with (service, launcher, password, argv);
}

static gboolean
service_has_exited (gpointer user_data)
{
  Service *service = user_data;

  return service->exited && service->output_closed;
}

/* Waits for the process to end and for the last of what it wrote. */
static int
service_wait_exit (Service *service)
{
  test_wait_until (service_has_exited, service, "the service to exit");
  g_test_message ("beckon output: %s", service->output->str);

  g_assert_true (g_subprocess_get_if_exited (service->process));
  return g_subprocess_get_exit_status (service->process);
}

static void
service_clear (Service *service)
{
  if (service->process != NULL && !service_has_exited (service))
    {
      g_subprocess_force_exit (service->process);
      test_wait_until (service_has_exited, service, "the service to be killed");
    }
  g_clear_object (&service->process);
  if (service->output != NULL)
    g_string_free (g_steal_pointer (&service->output), TRUE);
}

/* Conditions */

static gboolean
made_available (gpointer user_data)
{
  Context *ctx = user_data;

  return ucwa_sim_server_count_requests (ctx->sim, "POST", "/makeMeAvailable") >= 1 &&
         ucwa_sim_server_count_requests (ctx->sim, "GET", NULL) >= 1;
}

static gboolean
rang_for_ada (gpointer user_data)
{
  Context                     *ctx = user_data;
  g_autoptr (FakeNotification) found =
    fake_notification_server_find_by_summary (ctx->notifications, "Ada Lovelace invites you to chat");

  return found != NULL;
}

/* Tests */

/* Started at login with the account on its command line: it signs in,
 * stays in the background and rings; SIGTERM (logout) deletes the UCWA
 * application and exits cleanly. */
static void
test_account_on_command_line_rings (gconstpointer data)
{
  Context           *ctx = (Context *) data;
  const char        *argv[] = { "--gapplication-service", "--server", ctx->root, "--user", USER, NULL };
  g_autofree char   *id = NULL;
  Service            service;
  g_autoptr (GError) error = NULL;
  guint              applications_before = ucwa_sim_server_count_applications (ctx->sim);

  g_assert_cmpuint (applications_before, ==, 0);
  service_spawn (&service, PASSWORD, argv);

  test_wait_until (made_available, ctx, "the service to sign in and make itself available");
  g_assert_false (service.exited);
  g_assert_cmpuint (ucwa_sim_server_count_applications (ctx->sim), ==, 1);

  id = ucwa_sim_server_start_im_invitation (ctx->sim, NULL, "sip:ada@contoso.com", "Ada Lovelace",
                                            "Hi, got a minute?");
  g_assert_nonnull (id);
  if (!fake_notification_server_wait (ctx->notifications, rang_for_ada, ctx, 20000))
    g_error ("Timed out waiting for the service's notification");
  g_assert_false (service.exited);

  g_subprocess_send_signal (service.process, SIGTERM);
  g_assert_cmpint (service_wait_exit (&service), ==, 0);
  test_wait_until (sim_fixture_has_no_application, ctx->sim, "the application to be deleted");
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->sim, "DELETE", NULL), >=, 1);

  service_clear (&service);
}

static gboolean
has_app_on_bus (gpointer user_data)
{
  g_autoptr (GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (user_data, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", APP_ID),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  return reply != NULL && g_variant_get_boolean (g_variant_get_child_value (reply, 0));
}

/* Open notifications that still offer Accept. */
static guint
count_open_with_accept (FakeNotificationServer *server)
{
  g_autoptr (GPtrArray) all = fake_notification_server_get_notifications (server);
  guint                 n = 0;

  for (guint i = 0; i < all->len; i++)
    {
      FakeNotification            *record = g_ptr_array_index (all, i);
      g_autoptr (FakeNotification) current = NULL;

      if (!fake_notification_server_is_open (server, record->id))
        continue;
      current = fake_notification_server_get_current (server, record->id);
      if (current != NULL && fake_notification_has_action (current, "accept"))
        n++;
    }
  return n;
}

typedef struct
{
  Context *ctx;
  guint    available; /* makeMeAvailable POSTs before */
} AvailableWait;

static gboolean
made_available_again (gpointer user_data)
{
  AvailableWait *wait = user_data;

  return ucwa_sim_server_count_requests (wait->ctx->sim, "POST", "/makeMeAvailable") > wait->available &&
         ucwa_sim_server_count_applications (wait->ctx->sim) == 1;
}

static gboolean
rang_for_bob (gpointer user_data)
{
  Context                     *ctx = user_data;
  g_autoptr (FakeNotification) found =
    fake_notification_server_find_by_summary (ctx->notifications, "Bob Builder invites you to chat");

  return found != NULL;
}

/* Bob's invitation rings and the user quits Beckon (its Quit action, as the
 * app menu, Ctrl+Q or `gapplication action` activate it): the popup is
 * withdrawn (nothing left to click that leads to a dead link), the UCWA
 * application is deleted on the server, and the process exits cleanly. */
static void
test_quit_while_it_rings (gconstpointer data)
{
  Context                     *ctx = (Context *) data;
  const char                  *argv[] = { "--gapplication-service", "--server", ctx->root, "--user", USER, NULL };
  g_autoptr (GDBusConnection)  bus = NULL;
  g_autoptr (GVariant)         reply = NULL;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (GError)           error = NULL;
  g_autofree char             *id = NULL;
  g_autofree char             *path = NULL;
  guint                        deletes = ucwa_sim_server_count_requests (ctx->sim, "DELETE", NULL);
  AvailableWait                available = { ctx, ucwa_sim_server_count_requests (ctx->sim, "POST", "/makeMeAvailable") };
  Service                      service;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ucwa_sim_server_count_applications (ctx->sim), ==, 0);
  service_spawn (&service, PASSWORD, argv);
  test_wait_until (made_available_again, &available, "the service to sign in and make itself available");
  test_wait_until (has_app_on_bus, bus, "the service on the bus");

  id = ucwa_sim_server_start_im_invitation (ctx->sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Still there?");
  g_assert_nonnull (id);
  if (!fake_notification_server_wait (ctx->notifications, rang_for_bob, ctx, 20000))
    g_error ("Timed out waiting for the service's notification");
  popup = fake_notification_server_find_by_summary (ctx->notifications, "Bob Builder invites you to chat");
  g_assert_true (fake_notification_server_is_open (ctx->notifications, popup->id));

  /* GApplication's object path: the app id, dots as slashes. */
  path = g_strdelimit (g_strconcat ("/", APP_ID, NULL), ".", '/');
  reply = g_dbus_connection_call_sync (bus, APP_ID, path, "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", "quit", NULL, NULL), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (service_wait_exit (&service), ==, 0);
  g_assert_false (fake_notification_server_is_open (ctx->notifications, popup->id));
  g_assert_cmpuint (count_open_with_accept (ctx->notifications), ==, 0);
  test_wait_until (sim_fixture_has_no_application, ctx->sim, "the application to be deleted");
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->sim, "DELETE", NULL), ==, deletes + 1);
  if (strstr (service.output->str, "CRITICAL") != NULL || strstr (service.output->str, "WARNING") != NULL)
    g_printerr ("The service said:\n%s\n", service.output->str);
  g_assert_null (strstr (service.output->str, "CRITICAL"));
  g_assert_null (strstr (service.output->str, "WARNING"));

  service_clear (&service);
}

static void
test_server_without_user_refused (gconstpointer data)
{
  Context    *ctx = (Context *) data;
  const char *argv[] = { "--gapplication-service", "--server", ctx->root, NULL };
  guint       requests_before = ucwa_sim_server_count_requests (ctx->sim, NULL, NULL);
  Service     service;

  service_spawn (&service, PASSWORD, argv);
  g_assert_cmpint (service_wait_exit (&service), ==, 2);
  g_assert_nonnull (strstr (service.output->str, "--server needs --user"));
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->sim, NULL, NULL), ==, requests_before);
  service_clear (&service);
}

static void
test_demo_refused (gconstpointer data)
{
  const char *argv[] = { "--gapplication-service", "--demo", NULL };
  Service     service;

  service_spawn (&service, NULL, argv);
  g_assert_cmpint (service_wait_exit (&service), ==, 2);
  g_assert_nonnull (strstr (service.output->str, "--demo cannot run as a background service"));
  service_clear (&service);
}

/* Whether @needle is in the @length bytes of @haystack, NULs and all. */
static gboolean
contains (const char *haystack,
          gsize       length,
          const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* The password as it would read in a form body (spaces as '+'). */
static char *
form_encoded (const char *password)
{
  return g_strdelimit (g_strdup (password), " ", '+');
}

/* What /proc shows of the process's environment: the block it started with,
 * which unsetenv() leaves as it was.  The live environment, which children
 * inherit, is checked on the helper itself (test-password-env): Beckon spawns
 * nothing, and takes the password out of the environment as the first thing
 * main() does, before anything could copy it. */
static void
assert_environ_clean (Service    *service,
                      const char *password)
{
  g_autofree char   *path = g_strdup_printf ("/proc/%s/environ", g_subprocess_get_identifier (service->process));
  g_autofree char   *environ_block = NULL;
  gsize              length = 0;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &environ_block, &length, &error));
  g_assert_no_error (error);
  /* Read the right block: the rest of the environment is there. */
  g_assert_true (contains (environ_block, length, "G_MESSAGES_DEBUG=all"));
  g_assert_false (contains (environ_block, length, password));
}

static void
assert_output_clean (Service    *service,
                     const char *password)
{
  g_autofree char *encoded = form_encoded (password);

  g_assert_false (contains (service->output->str, service->output->len, password));
  g_assert_false (contains (service->output->str, service->output->len, encoded));
}

/* BECKON_PASSWORD signs in, then is gone: not in what /proc shows of the
 * environment, not in any line logged even at debug level. */
static void
test_password_from_environment_gone (gconstpointer data)
{
  Context                        *ctx = (Context *) data;
  const char                     *argv[] = { "--server", ctx->root, "--user", USER, NULL };
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  AvailableWait                   wait = { ctx, ucwa_sim_server_count_requests (ctx->sim, "POST", "/makeMeAvailable") };
  Service                         service;

  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  service_spawn_with (&service, launcher, PASSWORD, argv);

  test_wait_until (made_available_again, &wait, "beckon to sign in with the password of the environment");
  g_assert_false (service.exited);
  assert_environ_clean (&service, PASSWORD);
  assert_output_clean (&service, PASSWORD);

  g_subprocess_send_signal (service.process, SIGTERM);
  g_assert_cmpint (service_wait_exit (&service), ==, 0);
  /* It did log at debug level, the token request included. */
  g_assert_nonnull (strstr (service.output->str, "/WebTicket/oauthtoken"));
  assert_output_clean (&service, PASSWORD);
  test_wait_until (sim_fixture_has_no_application, ctx->sim, "the application to be deleted");

  service_clear (&service);
}

/* Nothing given, nothing saved: nothing to do, and it says so. */
static void
test_no_account_exits (gconstpointer data)
{
  Context    *ctx = (Context *) data;
  const char *argv[] = { "--gapplication-service", NULL };
  guint       requests_before = ucwa_sim_server_count_requests (ctx->sim, NULL, NULL);
  Service     service;

  service_spawn (&service, NULL, argv);
  g_assert_cmpint (service_wait_exit (&service), ==, 0);
  g_assert_nonnull (strstr (service.output->str, "nothing to do in the background"));
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->sim, NULL, NULL), ==, requests_before);
  service_clear (&service);
}

int
main (int   argc,
      char *argv[])
{
  Context          ctx = { 0 };
  int              status;
  g_autofree char *data_home = test_private_data_home ();

  g_test_init (&argc, &argv, NULL);

  ctx.notifications = fake_notification_server_new_started ();

  ctx.sim = sim_fixture_new_server (USER, PASSWORD);
  ucwa_sim_server_set_invitation_timeout (ctx.sim, 0);
  ctx.root = sim_fixture_listen (ctx.sim);

  g_test_add_data_func ("/service/no-account/exits-saying-so", &ctx, test_no_account_exits);
  g_test_add_data_func ("/service/server-without-user/refused", &ctx, test_server_without_user_refused);
  g_test_add_data_func ("/service/demo/refused", &ctx, test_demo_refused);
  g_test_add_data_func ("/service/account-on-command-line/signs-in-and-rings", &ctx,
                        test_account_on_command_line_rings);
  g_test_add_data_func ("/service/password-from-environment/gone", &ctx, test_password_from_environment_gone);
  g_test_add_data_func ("/service/quit/while-it-rings", &ctx, test_quit_while_it_rings);

  status = g_test_run ();

  g_clear_object (&ctx.sim);
  fake_notification_server_free (ctx.notifications);
  g_free (ctx.root);
  test_remove_tree (data_home);
  return status;
}

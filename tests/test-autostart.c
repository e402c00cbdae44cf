/* test-autostart.c: "Start at login", from BeckonAutostart to the
 * preferences' rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Outside Flatpak the autostart entry in a private $XDG_CONFIG_HOME;
 * inside (forced with BECKON_FORCE_BACKGROUND_PORTAL) the Background
 * portal, faked on a private bus with no services (GTestDBus), so that
 * "no portal" is what the bus answers when the fake is not started.  Then
 * the preferences window: what its rows say, and the keys its switches
 * change.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "beckon-autostart.h"
#include "beckon-preferences-window.h"
#include "support/fake-background-portal.h"
#include "test-util.h"

#define EXEC "beckon --gapplication-service"

/* The portal path or the file's, for the BeckonAutostart made next. */
static void
use_portal (gboolean portal)
{
  if (portal)
    g_setenv (BECKON_AUTOSTART_FORCE_PORTAL_ENV, "1", TRUE);
  else
    g_unsetenv (BECKON_AUTOSTART_FORCE_PORTAL_ENV);
}

static gboolean
set_enabled (BeckonAutostart *autostart,
             gboolean         enabled,
             const char      *parent_window,
             GError         **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  beckon_autostart_set_enabled_async (autostart, enabled, parent_window, NULL, test_async_result_cb, &result);
  return beckon_autostart_set_enabled_finish (autostart, test_wait_result (&result), error);
}

static GSettings *
new_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);

  /* The defaults, whatever an earlier test left. */
  g_settings_reset (settings, "start-at-login");
  g_settings_reset (settings, "run-in-background");
  g_settings_reset (settings, "invitation-sound");
  g_settings_reset (settings, "show-message-text");
  return settings;
}

/* The entry */

static void
test_file (void)
{
  g_autoptr (BeckonAutostart) autostart = NULL;
  g_autoptr (GKeyFile)        entry = g_key_file_new ();
  g_autoptr (GError)          error = NULL;
  g_autofree char            *expected = g_build_filename (g_get_user_config_dir (), "autostart",
                                                           "io.github.beckon.Beckon.desktop", NULL);
  g_autofree char            *exec = NULL;
  g_autofree char            *type = NULL;
  g_autofree char            *name = NULL;

  use_portal (FALSE);
  autostart = beckon_autostart_new ();
  g_assert_false (beckon_autostart_get_uses_portal (autostart));
  g_assert_cmpstr (beckon_autostart_get_file (autostart), ==, expected);
  g_assert_false (g_file_test (expected, G_FILE_TEST_EXISTS));

  /* On: the entry, from the template, starting the background service. */
  g_assert_true (set_enabled (autostart, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_key_file_load_from_file (entry, expected, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  exec = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (exec, ==, EXEC);
  g_assert_true (g_key_file_get_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", &error));
  g_assert_no_error (error);
  type = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE, &error);
  g_assert_cmpstr (type, ==, "Application");
  name = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME, &error);
  g_assert_cmpstr (name, ==, "Beckon");
  g_assert_true (g_key_file_get_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY, &error));
  g_assert_no_error (error);

  /* On again: the same file, rewritten. */
  g_assert_true (set_enabled (autostart, TRUE, NULL, &error));
  g_assert_true (g_file_test (expected, G_FILE_TEST_EXISTS));

  /* Off: gone; off again is no error. */
  g_assert_true (set_enabled (autostart, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (expected, G_FILE_TEST_EXISTS));
  g_assert_true (set_enabled (autostart, FALSE, NULL, &error));
  g_assert_no_error (error);
}

/* The portal */

static void
assert_request (FakeBackgroundPortal *portal,
                const char           *parent_window,
                gboolean              autostart)
{
  GVariant         *options = fake_background_portal_get_options (portal);
  const char       *reason = NULL;
  const char       *token = NULL;
  g_autofree char **commandline = NULL;
  gboolean          asked_autostart = !autostart;
  gboolean          dblaunchable = FALSE;

  g_assert_cmpstr (fake_background_portal_get_parent_window (portal), ==, parent_window);
  g_assert_true (g_variant_lookup (options, "reason", "&s", &reason));
  g_assert_cmpuint (strlen (reason), >, 0);
  g_assert_true (g_variant_lookup (options, "autostart", "b", &asked_autostart));
  g_assert_cmpint (asked_autostart, ==, autostart);
  g_assert_true (g_variant_lookup (options, "commandline", "^a&s", &commandline));
  g_assert_cmpuint (g_strv_length (commandline), ==, 2);
  g_assert_cmpstr (commandline[0], ==, "beckon");
  g_assert_cmpstr (commandline[1], ==, "--gapplication-service");
  g_assert_true (g_variant_lookup (options, "dblaunchable", "b", &dblaunchable));
  g_assert_true (dblaunchable);
  /* The token the Request's path was named after, so that the answer
   * could not come before Beckon listened for it. */
  g_assert_true (g_variant_lookup (options, "handle_token", "&s", &token));
  g_assert_true (g_str_has_suffix (fake_background_portal_get_handle (portal), token));
}

static void
test_portal_granted (void)
{
  g_autoptr (FakeBackgroundPortal) portal = fake_background_portal_new ();
  g_autoptr (BeckonAutostart)      autostart = NULL;
  g_autoptr (GError)               error = NULL;

  g_assert_true (fake_background_portal_start (portal, &error));
  use_portal (TRUE);
  autostart = beckon_autostart_new ();
  g_assert_true (beckon_autostart_get_uses_portal (autostart));

  fake_background_portal_set_answer (portal, 0, TRUE);
  g_assert_true (set_enabled (autostart, TRUE, "x11:1a2b", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_background_portal_get_n_requests (portal), ==, 1);
  assert_request (portal, "x11:1a2b", TRUE);
  /* The portal writes the entry, not Beckon. */
  g_assert_false (g_file_test (beckon_autostart_get_file (autostart), G_FILE_TEST_EXISTS));

  /* Off: asked of the portal too. */
  fake_background_portal_set_answer (portal, 0, FALSE);
  g_assert_true (set_enabled (autostart, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_background_portal_get_n_requests (portal), ==, 2);
  assert_request (portal, "", FALSE);
}

static void
test_portal_refused (void)
{
  g_autoptr (FakeBackgroundPortal) portal = fake_background_portal_new ();
  g_autoptr (BeckonAutostart)      autostart = NULL;
  g_autoptr (GError)               error = NULL;

  g_assert_true (fake_background_portal_start (portal, &error));
  use_portal (TRUE);
  autostart = beckon_autostart_new ();

  /* The user said no. */
  fake_background_portal_set_answer (portal, 1, FALSE);
  g_assert_false (set_enabled (autostart, TRUE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* Background allowed, autostart not. */
  fake_background_portal_set_answer (portal, 0, FALSE);
  g_assert_false (set_enabled (autostart, TRUE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* Something else went wrong. */
  fake_background_portal_set_answer (portal, 2, FALSE);
  g_assert_false (set_enabled (autostart, TRUE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpuint (fake_background_portal_get_n_requests (portal), ==, 3);
}

static void
test_portal_absent (void)
{
  g_autoptr (BeckonAutostart) autostart = NULL;
  g_autoptr (GError)          error = NULL;

  use_portal (TRUE);
  autostart = beckon_autostart_new ();
  g_assert_false (set_enabled (autostart, TRUE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "Background portal"));
}

/* The preferences */

typedef struct
{
  BeckonPreferencesWindow *window;
  BeckonCore              *core; /* the trusted CA's */
  GSettings               *settings;
  GtkSwitch               *start_switch;
  AdwActionRow            *start_row;
} Preferences;

static void
preferences_open (Preferences *prefs)
{
  g_autoptr (UcwaSession)       session = ucwa_session_new ();
  g_autoptr (BeckonAccount)     account = beckon_account_new (session);
  g_autoptr (BeckonAccountCopy) copy = NULL;
  g_autoptr (BeckonTrustedCa)   ca = NULL;

  /* As the application gives the account its extra authority. */
  prefs->core = beckon_core_new_inline ();
  ca = beckon_trusted_ca_new (prefs->core, ucwa_session_get_connection (session));
  beckon_account_set_trusted_ca (account, ca);
  copy = beckon_account_copy_new (prefs->core, account);
  prefs->settings = new_settings ();
  prefs->window = beckon_preferences_window_new (NULL, copy, ca);
  /* Nothing here asks the account: the copy may stop following it. */
  beckon_account_copy_disconnect (copy);
  gtk_window_present (GTK_WINDOW (prefs->window));
  prefs->start_switch = GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (prefs->window),
                                                                   BECKON_TYPE_PREFERENCES_WINDOW,
                                                                   "start_at_login_switch"));
  prefs->start_row = ADW_ACTION_ROW (gtk_widget_get_template_child (GTK_WIDGET (prefs->window),
                                                                    BECKON_TYPE_PREFERENCES_WINDOW,
                                                                    "start_at_login_row"));
}

static void
preferences_close (Preferences *prefs)
{
  gtk_window_destroy (GTK_WINDOW (prefs->window));
  test_drain_main_context ();
  g_clear_pointer (&prefs->core, beckon_core_free);
  g_clear_object (&prefs->settings);
}

static gboolean
switch_answered (gpointer user_data)
{
  return gtk_widget_get_sensitive (user_data);
}

/* The user flips the switch; returns once the answer is in. */
static void
toggle_start (Preferences *prefs,
              gboolean     active)
{
  gtk_switch_set_active (prefs->start_switch, active);
  test_wait_until (switch_answered, prefs->start_switch, "the answer to Start at Login");
}

static const char *
start_subtitle (Preferences *prefs)
{
  return adw_action_row_get_subtitle (prefs->start_row);
}

static void
test_preferences_file (void)
{
  Preferences      prefs = { 0 };
  g_autofree char *file = NULL;

  use_portal (FALSE);
  preferences_open (&prefs);
  g_assert_false (gtk_switch_get_active (prefs.start_switch));
  /* What it does, and nothing done yet. */
  g_assert_nonnull (strstr (start_subtitle (&prefs), "when you log in"));
  file = g_build_filename (g_get_user_config_dir (), "autostart", "io.github.beckon.Beckon.desktop", NULL);
  g_assert_null (strstr (start_subtitle (&prefs), file));

  toggle_start (&prefs, TRUE);
  g_assert_true (g_settings_get_boolean (prefs.settings, "start-at-login"));
  g_assert_true (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (start_subtitle (&prefs), file));

  /* Turning off running in the background turns this off too. */
  gtk_switch_set_active (GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (prefs.window),
                                                                    BECKON_TYPE_PREFERENCES_WINDOW,
                                                                    "run_in_background_switch")),
                         FALSE);
  test_wait_until (switch_answered, prefs.start_switch, "the answer to Start at Login");
  g_assert_false (gtk_switch_get_active (prefs.start_switch));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (prefs.start_row)));
  g_assert_false (g_settings_get_boolean (prefs.settings, "start-at-login"));
  g_assert_false (g_settings_get_boolean (prefs.settings, "run-in-background"));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_null (strstr (start_subtitle (&prefs), file));

  preferences_close (&prefs);
}

/* What the portal answers, and what the row then shows. */
typedef struct
{
  gboolean    present;
  guint32     response;
  gboolean    on; /* the switch and the key, after the answer */
  const char *says;
} PortalCase;

static const PortalCase portal_granted = { TRUE, 0, TRUE, "Allowed by the system" };
/* The switch goes back off, and the row says why. */
static const PortalCase portal_refused = { TRUE, 1, FALSE, "Refused by the system" };
static const PortalCase portal_absent = { FALSE, 0, FALSE, "No Background portal answers" };

static void
test_preferences_portal (gconstpointer data)
{
  const PortalCase                *expected = data;
  g_autoptr (FakeBackgroundPortal) portal = NULL;
  g_autoptr (GError)               error = NULL;
  Preferences                      prefs = { 0 };

  if (expected->present)
    {
      portal = fake_background_portal_new ();
      g_assert_true (fake_background_portal_start (portal, &error));
      fake_background_portal_set_answer (portal, expected->response, expected->response == 0);
    }
  use_portal (TRUE);
  preferences_open (&prefs);

  toggle_start (&prefs, TRUE);
  if (portal != NULL)
    {
      g_assert_cmpuint (fake_background_portal_get_n_requests (portal), ==, 1);
      /* The window the portal's dialog belongs to (X11 under Xvfb). */
      g_assert_true (g_str_has_prefix (fake_background_portal_get_parent_window (portal), "x11:"));
    }
  g_assert_cmpint (gtk_switch_get_active (prefs.start_switch), ==, expected->on);
  g_assert_cmpint (g_settings_get_boolean (prefs.settings, "start-at-login"), ==, expected->on);
  g_assert_nonnull (strstr (start_subtitle (&prefs), expected->says));

  preferences_close (&prefs);
}

static gboolean
switch_off (gpointer user_data)
{
  return !gtk_switch_get_active (user_data);
}

/* Each switch changes its key, and each row says what it does. */
static void
test_preferences_rows (void)
{
  const struct
  {
    const char *row;
    const char *toggle;
    const char *key;
  } rows[] = {
    { "run_in_background_row", "run_in_background_switch", "run-in-background" },
    { "sound_row", "sound_switch", "invitation-sound" },
    { "message_text_row", "message_text_switch", "show-message-text" },
  };
  Preferences prefs = { 0 };

  use_portal (FALSE);
  preferences_open (&prefs);
  g_assert_cmpuint (strlen (start_subtitle (&prefs)), >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (gtk_widget_get_template_child (GTK_WIDGET (prefs.window),
                                                                         BECKON_TYPE_PREFERENCES_WINDOW, rows[i].row));
      GtkSwitch    *toggle = GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (prefs.window),
                                                                        BECKON_TYPE_PREFERENCES_WINDOW,
                                                                        rows[i].toggle));

      g_test_message ("%s", rows[i].key);
      g_assert_cmpuint (strlen (adw_action_row_get_subtitle (row)), >, 0);
      /* On by default, and shown so. */
      g_assert_true (g_settings_get_boolean (prefs.settings, rows[i].key));
      g_assert_true (gtk_switch_get_active (toggle));
      /* A click on the row flips its switch (at the end of its animation). */
      adw_action_row_activate (row);
      test_wait_until (switch_off, toggle, "the switch to flip");
      g_assert_false (g_settings_get_boolean (prefs.settings, rows[i].key));
      gtk_switch_set_active (toggle, TRUE);
      g_assert_true (g_settings_get_boolean (prefs.settings, rows[i].key));
      /* And a change of the key elsewhere shows. */
      g_settings_set_boolean (prefs.settings, rows[i].key, FALSE);
      g_assert_false (gtk_switch_get_active (toggle));
      g_settings_reset (prefs.settings, rows[i].key);
    }

  preferences_close (&prefs);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *config = g_dir_make_tmp ("beckon-test-config-XXXXXX", &error);
  int                status;

  /* Static: the process-wide connection to this bus (g_bus_get) outlives
   * main (as in test-password-not-saved.c). */
  static GTestDBus *bus;

  g_assert_no_error (error);
  /* Before anything reads it: GLib caches it. */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  bus = test_private_bus_up ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/autostart/file", test_file);
  g_test_add_func ("/autostart/portal/granted", test_portal_granted);
  g_test_add_func ("/autostart/portal/refused", test_portal_refused);
  g_test_add_func ("/autostart/portal/absent", test_portal_absent);
  g_test_add_func ("/preferences/rows", test_preferences_rows);
  g_test_add_func ("/preferences/start-at-login/file", test_preferences_file);
  g_test_add_data_func ("/preferences/start-at-login/portal-granted", &portal_granted, test_preferences_portal);
  g_test_add_data_func ("/preferences/start-at-login/portal-refused", &portal_refused, test_preferences_portal);
  g_test_add_data_func ("/preferences/start-at-login/portal-absent", &portal_absent, test_preferences_portal);

  status = g_test_run ();

  g_test_dbus_stop (bus);
  test_remove_tree (config);
  return status;
}

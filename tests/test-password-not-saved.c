/* test-password-not-saved.c: the user signs in and no keyring takes the
 * password: the main window says so, instead of a log line nobody reads
 * and a password asked for again at every start; nor does the sign-in
 * page keep it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A private bus of its own (GTestDBus) with no services at all: no Secret
 * Service answers there, whatever the machine has installed.
 */

#include "config.h"

#include <string.h>

#include <libsecret/secret.h>

#include "beckon-application.h"
#include "beckon-window-private.h"
#include "sim-fixture.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "not saved anywhere"
#define WRONG    "wrong horse"

typedef struct
{
  BeckonApplication *app;
  UcwaSimServer     *sim;
  char              *root;
} Context;

static BeckonWindow *
main_window (Context *ctx)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->app)); l != NULL; l = l->next)
    if (BECKON_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean
has_notice (gpointer user_data)
{
  BeckonWindow *window = main_window (user_data);

  return window != NULL && beckon_window_get_notice (window) != NULL;
}

/* The user types the password in the sign-in page, the sign-in succeeds,
 * and the keyring is not there to keep it. */
static void
test_signed_in_without_keyring (gconstpointer data)
{
  Context      *ctx = (Context *) data;
  BeckonWindow *window;
  const char   *notice;

  g_application_activate (G_APPLICATION (ctx->app));
  window = main_window (ctx);
  g_assert_nonnull (window);
  g_assert_null (beckon_window_get_notice (window));

  g_signal_emit_by_name (window, "sign-in-requested", ctx->root, USER, PASSWORD);
  test_wait_until (has_notice, ctx, "the password-not-saved notice");

  notice = beckon_window_get_notice (window);
  g_assert_nonnull (strstr (notice, "password was not saved"));
  g_assert_nonnull (strstr (notice, "no keyring is running"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
}

static gpointer
window_child (BeckonWindow *window,
              const char   *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), BECKON_TYPE_WINDOW, name);

  /* The sign-in page is a template of its own, inside the window's. */
  if (object == NULL)
    object = gtk_widget_get_template_child (GTK_WIDGET (beckon_window_get_sign_in_page (window)),
                                            BECKON_TYPE_SIGN_IN_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

/* The session's state as the windows see it: the account's copy (the
 * session itself is the core's thread's). */
static UcwaSessionState
session_state (Context *ctx)
{
  return beckon_account_copy_get_session_state (beckon_application_get_account_copy (ctx->app));
}

static gboolean
sign_in_refused (gpointer user_data)
{
  BeckonWindow *window = main_window (user_data);

  return gtk_widget_get_visible (window_child (window, "error_label")) &&
         gtk_widget_is_sensitive (window_child (window, "sign_in_button"));
}

static gboolean
signed_in (gpointer user_data)
{
  Context      *ctx = user_data;
  BeckonWindow *window = main_window (ctx);

  return session_state (ctx) == UCWA_SESSION_STATE_ONLINE &&
         g_strcmp0 (gtk_stack_get_visible_child_name (window_child (window, "stack")), "sign-in") != 0;
}

/* Signed in, the password belongs to the keyring (and to the session, for
 * renewing the token), not to a hidden field of a window that may stay
 * open for weeks.  A wrong one stays, as GNOME's sign-in forms keep it,
 * selected for fixing. */
static void
test_sign_in_page_keeps_no_password (gconstpointer data)
{
  Context      *ctx = (Context *) data;
  BeckonWindow *window;
  GtkEditable  *password;
  const char   *field;
  gsize         length = strlen (PASSWORD);

  g_application_activate (G_APPLICATION (ctx->app));
  window = main_window (ctx);
  g_assert_nonnull (window);
  if (session_state (ctx) != UCWA_SESSION_STATE_SIGNED_OUT)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
      test_wait_until (sim_fixture_has_no_application, ctx->sim, "the sign-out");
    }

  password = window_child (window, "password_row");
  gtk_editable_set_text (window_child (window, "server_row"), ctx->root);
  gtk_editable_set_text (window_child (window, "user_row"), USER);

  gtk_editable_set_text (password, WRONG);
  g_signal_emit_by_name (password, "entry-activated");
  test_wait_until (sign_in_refused, ctx, "the sign-in to be refused");
  g_assert_cmpstr (gtk_editable_get_text (password), ==, WRONG);

  gtk_editable_set_text (password, PASSWORD);
  /* Where the field keeps its text, to look there afterwards. */
  field = gtk_editable_get_text (password);
  g_signal_emit_by_name (password, "entry-activated");
  test_wait_until (signed_in, ctx, "the sign-in through the page");

  g_assert_cmpstr (gtk_editable_get_text (password), ==, "");
  /* Not only cut short: the bytes behind the new end are overwritten too.
   * (The same buffer, still the field's: reading it is safe.) */
  g_assert_true (gtk_editable_get_text (password) == field);
  for (gsize i = 1; i < length; i++)
    g_assert_cmpint (field[i], !=, PASSWORD[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (UcwaSimServer) sim = NULL;
  g_autoptr (GError)        error = NULL;
  Context                   ctx = { 0 };
  int                       status;
  g_autofree char          *data_home = test_private_data_home ();

  /* Static: libsecret's process-wide connection to this bus outlives main
   * (as in test-secrets.c). */
  static GTestDBus *bus;

  bus = test_private_bus_up ();
  gtk_test_init (&argc, &argv, NULL);

  sim = sim_fixture_new_server (USER, PASSWORD);
  ucwa_sim_server_set_max_hold (sim, 2000);
  ctx.root = sim_fixture_listen (sim);
  ctx.sim = sim;

  ctx.app = beckon_application_new ();
  g_application_set_flags (G_APPLICATION (ctx.app),
                           g_application_get_flags (G_APPLICATION (ctx.app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (ctx.app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_data_func ("/password/not-saved/window-says-why", &ctx, test_signed_in_without_keyring);
  g_test_add_data_func ("/password/sign-in-page/kept-only-until-signed-in", &ctx,
                        test_sign_in_page_keeps_no_password);

  status = g_test_run ();

  g_clear_object (&ctx.app);
  g_free (ctx.root);
  secret_service_disconnect ();
  g_test_dbus_stop (bus);
  test_remove_tree (data_home);
  return status;
}

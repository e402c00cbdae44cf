/* test-password-not-saved.c: the user signs in and no keyring takes the
 * password: the main window says so, instead of a log line nobody reads
 * and a password asked for again at every start
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
#include "beckon-window.h"
#include "sim-fixture.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "not saved anywhere"

typedef struct
{
  BeckonApplication *app;
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr (UcwaSimServer) sim = NULL;
  g_autoptr (GError)        error = NULL;
  Context                   ctx = { 0 };
  int                       status;

  /* Static: libsecret's process-wide connection to this bus outlives main
   * (as in test-secrets.c). */
  static GTestDBus *bus;

  bus = test_private_bus_up ();
  gtk_test_init (&argc, &argv, NULL);

  sim = sim_fixture_new_server (USER, PASSWORD);
  ucwa_sim_server_set_max_hold (sim, 2000);
  ctx.root = sim_fixture_listen (sim);

  ctx.app = beckon_application_new ();
  g_application_set_flags (G_APPLICATION (ctx.app),
                           g_application_get_flags (G_APPLICATION (ctx.app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (ctx.app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_data_func ("/password/not-saved/window-says-why", &ctx, test_signed_in_without_keyring);

  status = g_test_run ();

  g_clear_object (&ctx.app);
  g_free (ctx.root);
  secret_service_disconnect ();
  g_test_dbus_stop (bus);
  return status;
}

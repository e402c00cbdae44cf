/* test-portals.c: the paths Beckon takes only inside Flatpak, forced outside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inside the sandbox GTK, libsecret and GLib reach the desktop through
 * portals on their own; Beckon's code is the same, but what runs under it
 * is not.  This test runs as if inside Flatpak: tests/flatpak-info-sandbox.sh
 * gives it a /.flatpak-info (the one thing each of those libraries, and
 * Beckon, look at), and a fake org.freedesktop.portal.Desktop answers on a
 * bus of the test's own (GTestDBus):
 *
 *  - Beckon itself decides it is sandboxed (start at login goes to the
 *    Background portal without BECKON_FORCE_BACKGROUND_PORTAL);
 *  - the CA file chosen through the FileChooser portal (the sign-in page's
 *    and the preferences' beckon_choose_ca_file()), and cancelled;
 *  - the password kept by libsecret's file backend, whose key comes from
 *    the Secret portal;
 *  - a link in a message, opened through the OpenURI portal;
 *  - the network's state, which the event channel follows, from the
 *    NetworkMonitor portal.
 *
 * The notification portal (test-notifier-portal) and the Background portal
 * (test-autostart) have tests of their own in the same suite, `portals`.
 */

#include "config.h"

#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "beckon-autostart.h"
#include "beckon-copy-private.h"
#include "beckon-message-row.h"
#include "beckon-preferences-window.h"
#include "beckon-secrets.h"
#include "fake-desktop-portal.h"
#include "test-util.h"
#include "ucwa-model-private.h"

#define SERVER "https://lyncdiscover.contoso.com/"
#define USER   "sip:alice@contoso.com"

typedef struct
{
  FakeDesktopPortal *portal;
  char              *scratch;
} Context;

/* Beckon's own test */

static void
test_sandboxed (void)
{
  g_autoptr (BeckonAutostart) autostart = NULL;

  /* No switch: /.flatpak-info alone. */
  g_setenv (BECKON_AUTOSTART_FORCE_PORTAL_ENV, "0", TRUE);
  autostart = beckon_autostart_new ();
  g_assert_true (beckon_autostart_get_uses_portal (autostart));
}

/* The CA file */

#define CHOSEN_KEY "test-chosen-file"

static void
ca_chosen (GtkWindow *parent,
           GFile     *file)
{
  g_object_set_data_full (G_OBJECT (parent), CHOSEN_KEY, g_object_ref (file), g_object_unref);
}

static gboolean
chosen (gpointer window)
{
  return g_object_get_data (window, CHOSEN_KEY) != NULL;
}

static gboolean
chooser_gone (gpointer window)
{
  /* beckon_choose_ca_file()'s own key: the chooser lives as long as it. */
  return g_object_get_data (window, "beckon-ca-chooser") == NULL;
}

static gboolean
realized (gpointer widget)
{
  return gtk_widget_get_realized (widget);
}

typedef struct
{
  FakeDesktopPortal *portal;
  guint              n;
} OpenFileCount;

static gboolean
open_file_called (gpointer user_data)
{
  OpenFileCount *count = user_data;

  return fake_desktop_portal_get_n_open_file (count->portal) >= count->n;
}

static void
test_ca_file (gconstpointer data)
{
  const Context       *ctx = data;
  g_autofree char     *path = g_build_filename (ctx->scratch, "contoso-root-ca.pem", NULL);
  g_autoptr (GFile)    ca = g_file_new_for_path (path);
  GtkWindow           *window = GTK_WINDOW (gtk_window_new ());
  g_autofree char     *parent = NULL;
  g_autofree char     *title = NULL;
  g_autoptr (GVariant) options = NULL;
  g_autoptr (GVariant) filters = NULL;
  const char          *accept_label = NULL;
  gboolean             modal = FALSE;
  OpenFileCount        count = { ctx->portal, 1 };

  g_assert_true (g_file_set_contents (path, "-----BEGIN CERTIFICATE-----\n", -1, NULL));
  gtk_window_present (window);
  test_wait_until (realized, window, "the window is realized");

  fake_desktop_portal_set_chosen_file (ctx->portal, ca);
  beckon_choose_ca_file (window, ca_chosen);
  test_wait_until (open_file_called, &count, "the FileChooser portal is asked");
  test_wait_until (chosen, window, "the portal's file reaches Beckon");
  g_assert_true (g_file_equal (g_object_get_data (G_OBJECT (window), CHOSEN_KEY), ca));
  test_wait_until (chooser_gone, window, "the chooser is gone once answered");

  /* What the portal was asked: for this window, the certificates first. */
  parent = fake_desktop_portal_get_open_file_parent (ctx->portal);
  g_assert_true (g_str_has_prefix (parent, "x11:"));
  title = fake_desktop_portal_get_open_file_title (ctx->portal);
  g_assert_cmpstr (title, ==, "Trust Certificate Authority");
  options = fake_desktop_portal_get_open_file_options (ctx->portal);
  g_assert_true (g_variant_lookup (options, "accept_label", "&s", &accept_label));
  g_assert_cmpstr (accept_label, ==, "_Trust");
  g_assert_true (g_variant_lookup (options, "modal", "b", &modal));
  g_assert_true (modal);
  filters = g_variant_lookup_value (options, "filters", G_VARIANT_TYPE ("a(sa(us))"));
  g_assert_nonnull (filters);
  g_assert_cmpuint (g_variant_n_children (filters), ==, 2);

  /* Cancelled: nothing is chosen, and the chooser goes all the same. */
  g_object_set_data (G_OBJECT (window), CHOSEN_KEY, NULL);
  fake_desktop_portal_set_chosen_file (ctx->portal, NULL);
  beckon_choose_ca_file (window, ca_chosen);
  count.n = 2;
  test_wait_until (open_file_called, &count, "the FileChooser portal is asked again");
  test_wait_until (chooser_gone, window, "the chooser is gone once cancelled");
  test_drain_main_context ();
  g_assert_null (g_object_get_data (G_OBJECT (window), CHOSEN_KEY));

  gtk_window_destroy (window);
  g_unlink (path);
}

/* The password */

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
test_secret (gconstpointer data)
{
  const Context           *ctx = data;
  g_autoptr (GAsyncResult) stored = NULL;
  g_autoptr (GAsyncResult) cleared = NULL;
  g_autoptr (GError)       error = NULL;
  g_autofree char         *contents = NULL;
  char                    *password;

  g_assert_null (lookup (SERVER, USER));
  /* The key of the file comes from the portal. */
  g_assert_cmpuint (fake_desktop_portal_get_n_retrieve_secret (ctx->portal), >=, 1);

  beckon_secrets_store_async (SERVER, USER, "correct horse", NULL, test_async_result_cb, &stored);
  g_assert_true (beckon_secrets_store_finish (test_wait_result (&stored), &error));
  g_assert_no_error (error);
  password = lookup (SERVER, USER);
  g_assert_cmpstr (password, ==, "correct horse");
  secret_password_free (password);
  g_assert_null (lookup (SERVER, "sip:bob@contoso.com"));

  /* In the file libsecret keeps, encrypted. */
  g_assert_true (g_file_get_contents (g_getenv ("SECRET_FILE_TEST_PATH"), &contents, NULL, NULL));
  g_assert_null (g_strstr_len (contents, -1, "correct horse"));

  beckon_secrets_clear_async (SERVER, USER, NULL, test_async_result_cb, &cleared);
  g_assert_true (beckon_secrets_clear_finish (test_wait_result (&cleared), &error));
  g_assert_no_error (error);
  g_assert_null (lookup (SERVER, USER));
}

/* A link in a message */

typedef struct
{
  FakeDesktopPortal *portal;
  guint              n;
} OpenUriCount;

static gboolean
uri_opened (gpointer user_data)
{
  OpenUriCount    *count = user_data;
  guint            n = 0;
  g_autofree char *uri = fake_desktop_portal_get_opened_uri (count->portal, &n);

  return n >= count->n;
}

static void
test_open_link (gconstpointer data)
{
  const Context                *ctx = data;
  BeckonMessageSnapshot         snapshot = { .direction = UCWA_DIRECTION_INCOMING,
                                             .text = (char *) "The agenda: https://contoso.com/agenda" };
  g_autoptr (BeckonMessageCopy) message = _beckon_message_copy_new (&snapshot);
  GtkWindow                    *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget                    *list = gtk_list_box_new ();
  GtkWidget                    *row;
  gboolean                      handled = FALSE;
  g_autofree char              *uri = NULL;
  OpenUriCount                  count = { ctx->portal, 1 };

  row = beckon_message_row_new (message);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_window_set_child (window, list);
  gtk_window_present (window);
  test_wait_until (realized, window, "the window is realized");

  /* What the message's label does when the user clicks the link. */
  g_signal_emit_by_name (row, "open-uri", "https://contoso.com/agenda", &handled);
  g_assert_true (handled);
  test_wait_until (uri_opened, &count, "the OpenURI portal is asked");
  uri = fake_desktop_portal_get_opened_uri (ctx->portal, NULL);
  g_assert_cmpstr (uri, ==, "https://contoso.com/agenda");

  gtk_window_destroy (window);
}

/* The network */

static gboolean
network_down (gpointer monitor)
{
  return !g_network_monitor_get_network_available (monitor);
}

static gboolean
network_up (gpointer monitor)
{
  return g_network_monitor_get_network_available (monitor);
}

static gboolean
network_asked (gpointer portal)
{
  return fake_desktop_portal_get_n_network_calls (portal) >= 1;
}

static void
test_network (gconstpointer data)
{
  const Context   *ctx = data;
  GNetworkMonitor *monitor = g_network_monitor_get_default ();

  /* The one UcwaEventChannel follows (it takes the default). */
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (monitor), ==, "GNetworkMonitorPortal");
  test_wait_until (network_asked, ctx->portal, "the monitor asks the portal for the network's state");
  test_wait_until (network_up, monitor, "the portal's monitor says the network is there");

  fake_desktop_portal_set_network (ctx->portal, FALSE);
  test_wait_until (network_down, monitor, "the portal's monitor says the network is gone");
  fake_desktop_portal_set_network (ctx->portal, TRUE);
  test_wait_until (network_up, monitor, "the portal's monitor says it is back");
}

int
main (int   argc,
      char *argv[])
{
  /* Disposing a GTestDBus waits for every connection to be gone: static. */
  static GTestDBus  *bus;
  g_autoptr (GError) error = NULL;
  g_autofree char   *keyring = NULL;
  Context            ctx = { NULL, NULL };
  int                status;

  g_test_init (&argc, &argv, NULL);
  /* As inside Flatpak (tests/flatpak-info-sandbox.sh). */
  g_assert_true (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS));

  ctx.scratch = test_private_data_home ();
  keyring = g_build_filename (ctx.scratch, "keyrings", "default.keyring", NULL);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  /* That would bypass the portal. */
  g_assert_null (g_getenv ("SECRET_FILE_TEST_PASSWORD"));

  bus = test_private_bus_up ();
  ctx.portal = fake_desktop_portal_new ();
  g_assert_true (fake_desktop_portal_start (ctx.portal, &error));
  g_assert_no_error (error);
  gtk_init ();

  g_test_add_func ("/portals/sandboxed", test_sandboxed);
  g_test_add_data_func ("/portals/file-chooser/ca-file", &ctx, test_ca_file);
  g_test_add_data_func ("/portals/secret/password", &ctx, test_secret);
  g_test_add_data_func ("/portals/open-uri/message-link", &ctx, test_open_link);
  g_test_add_data_func ("/portals/network-monitor", &ctx, test_network);
  status = g_test_run ();

  fake_desktop_portal_free (ctx.portal);
  test_remove_tree (ctx.scratch);
  g_free (ctx.scratch);
  g_test_dbus_stop (bus);
  return status;
}

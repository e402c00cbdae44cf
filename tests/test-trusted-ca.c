/* test-trusted-ca.c: an on-premises server with a private certificate
 * authority, end to end: the sign-in page shows the refused certificate,
 * the user trusts the authority, and every connection of the account then
 * uses it; the preferences remove it again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The simulator serves HTTPS with tests/data/server-cert.pem, issued by
 * tests/data/test-ca.pem, which no system trusts.  The whole application
 * runs (BeckonApplication, its window, account and preferences) on a bus of
 * its own (GTestDBus) with only a fake notification server on it, so no
 * keyring is activated; $XDG_DATA_HOME, where Beckon keeps its copy of
 * the CA, and $XDG_CACHE_HOME are folders of the test's own.
 *
 * The fingerprints are computed here from the PEM text with GLib alone
 * (base64, SHA-256), not through GIO's TLS backend as Beckon does, and
 * checked against what `openssl x509 -noout -fingerprint -sha256` prints.
 */

#include "config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "beckon-application.h"
#include "beckon-preferences-window.h"
#include "beckon-window-private.h"
#include "fake-notification-server.h"
#include "sim-fixture.h"
#include "test-util.h"
#include "ucwa-certificate.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "private authority password"

#define SERVER_SUBJECT "CN=localhost"
#define CA_SUBJECT     "CN=Beckon Test CA (DO NOT TRUST)"
/* openssl x509 -noout -fingerprint -sha256 -in tests/data/….pem */
#define SERVER_SHA256 "B7:4F:42:43:E4:01:68:78:F8:5D:A1:A5:B1:28:C3:F6:09:4B:5D:B0:4E:81:D6:7B:FA:DA:72:A1:85:15:09:0F"
#define CA_SHA256     "22:63:23:8F:6B:2E:8C:26:F7:51:39:67:8F:1E:C6:91:DF:71:1D:99:2B:97:1E:9B:C1:52:8B:C7:B2:CB:53:F6"

typedef struct
{
  BeckonApplication      *app;
  UcwaSimServer          *sim;
  FakeNotificationServer *notifications;
  char                   *root;
} Context;

/* Helpers */

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static GFile *
data_file (const char *name)
{
  g_autofree char *path = data_path (name);

  return g_file_new_for_path (path);
}

/* The DER of the first certificate of a PEM file, decoded here. */
static GBytes *
read_der (const char *name)
{
  g_autofree char   *path = data_path (name);
  g_autofree char   *text = NULL;
  g_autoptr (GError) error = NULL;
  const char        *begin, *end;
  g_autofree char   *base64 = NULL;
  guchar            *der;
  gsize              size = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  begin = strstr (text, "-----BEGIN CERTIFICATE-----");
  g_assert_nonnull (begin);
  begin = strchr (begin, '\n') + 1;
  end = strstr (begin, "-----END CERTIFICATE-----");
  g_assert_nonnull (end);
  base64 = g_strndup (begin, end - begin);
  der = g_base64_decode (base64, &size);
  return g_bytes_new_take (der, size);
}

static char *
expected_fingerprint (const char *name)
{
  g_autoptr (GBytes)    der = read_der (name);
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8                digest[32];
  gsize                 length = sizeof digest;
  GString              *text = g_string_new (NULL);

  g_checksum_update (checksum, g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  g_checksum_get_digest (checksum, digest, &length);
  g_assert_cmpuint (length, ==, 32);
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (text, i == 0 ? "%02X" : ":%02X", digest[i]);
  return g_string_free (text, FALSE);
}

static GTlsCertificate *
load_certificate (const char *name)
{
  g_autofree char            *path = data_path (name);
  g_autoptr (GError)          error = NULL;
  g_autoptr (GTlsCertificate) certificate = g_tls_certificate_new_from_file (path, &error);

  g_assert_no_error (error);
  return g_steal_pointer (&certificate);
}

static GFile *
write_temp_file (const char *contents)
{
  g_autofree char   *path = g_build_filename (g_get_user_cache_dir (), "not-a-certificate.pem", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  /* The sign-in page is a template of its own, inside the window's. */
  if (object == NULL && type == BECKON_TYPE_WINDOW)
    object = gtk_widget_get_template_child (GTK_WIDGET (beckon_window_get_sign_in_page (widget)),
                                            BECKON_TYPE_SIGN_IN_PAGE, name);
  g_assert_nonnull (object);
  return object;
}

/* A click, as far as the code under test sees it. */
static void
click (gpointer button)
{
  g_assert_true (gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The application's session is the core's: read on its thread
 * (beckon_core_call()), or through the copy the windows read. */
typedef struct
{
  Context *ctx;
  guint    token_count;
  gboolean has_token;
} TokenQuery;

static void
token_query_run (gpointer data)
{
  TokenQuery     *query = data;
  UcwaSession    *session = beckon_account_get_session (beckon_application_get_account (query->ctx->app));
  UcwaConnection *connection = ucwa_session_get_connection (session);

  query->token_count = ucwa_connection_get_token_count (connection);
  query->has_token = ucwa_connection_has_token (connection);
}

static TokenQuery
query_token (Context *ctx)
{
  TokenQuery query = { ctx, 0, FALSE };

  beckon_core_call (beckon_application_get_core (ctx->app), token_query_run, &query);
  return query;
}

static UcwaSessionState
session_state_of (Context *ctx)
{
  return beckon_account_copy_get_session_state (beckon_application_get_account_copy (ctx->app));
}

static BeckonTrustedCa *
trusted_ca_of (Context *ctx)
{
  return beckon_application_get_trusted_ca (ctx->app);
}

static gpointer
find_window (Context *ctx,
             GType    type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->app)); l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

static BeckonWindow *
main_window (Context *ctx)
{
  return find_window (ctx, BECKON_TYPE_WINDOW);
}

static BeckonPreferencesWindow *
preferences_window (Context *ctx)
{
  return find_window (ctx, BECKON_TYPE_PREFERENCES_WINDOW);
}

static const char *
subtitle (gpointer    window,
          GType       type,
          const char *row)
{
  return adw_action_row_get_subtitle (child (window, type, row));
}

static char *
setting (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  return g_settings_get_string (settings, "extra-ca-file");
}

/* Conditions */

static gboolean
certificate_shown (gpointer user_data)
{
  BeckonWindow *window = main_window (user_data);

  return window != NULL && gtk_widget_get_visible (child (window, BECKON_TYPE_WINDOW, "certificate_box")) &&
         gtk_widget_get_sensitive (child (window, BECKON_TYPE_WINDOW, "sign_in_button"));
}

static gboolean
is_online (gpointer user_data)
{
  return session_state_of (user_data) == UCWA_SESSION_STATE_ONLINE;
}

static gboolean
is_signed_out (gpointer user_data)
{
  return session_state_of (user_data) == UCWA_SESSION_STATE_SIGNED_OUT;
}

static guint expected_tokens;

static gboolean
has_new_token (gpointer user_data)
{
  return query_token (user_data).token_count >= expected_tokens;
}

static guint expected_invitations;

static gboolean
has_invitations (gpointer user_data)
{
  Context *ctx = user_data;

  return g_list_model_get_n_items (beckon_account_copy_get_invitations (beckon_application_get_account_copy (ctx->app))) >=
         expected_invitations;
}

/* What the sign-in page says about a refused server certificate. */
static void
assert_certificate_shown (Context *ctx)
{
  BeckonWindow    *window = main_window (ctx);
  g_autofree char *fingerprint = expected_fingerprint ("server-cert.pem");
  GtkLabel        *error_label = child (window, BECKON_TYPE_WINDOW, "error_label");

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "certificate is not trusted"));
  g_assert_cmpstr (subtitle (window, BECKON_TYPE_WINDOW, "certificate_subject_row"), ==, SERVER_SUBJECT);
  g_assert_cmpstr (subtitle (window, BECKON_TYPE_WINDOW, "certificate_issuer_row"), ==, CA_SUBJECT);
  g_assert_cmpstr (fingerprint, ==, SERVER_SHA256);
  g_assert_cmpstr (subtitle (window, BECKON_TYPE_WINDOW, "certificate_fingerprint_row"), ==, fingerprint);
  g_assert_true (gtk_widget_get_visible (child (window, BECKON_TYPE_WINDOW, "trust_ca_button")));
  /* What to do next has the focus. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == child (window, BECKON_TYPE_WINDOW, "trust_ca_button"));
  g_assert_cmpint (session_state_of (ctx), ==, UCWA_SESSION_STATE_SIGNED_OUT);
  g_assert_false (query_token (ctx).has_token);
}

/* The user types into the sign-in page and presses Sign In. */
static void
sign_in_from_page (Context *ctx)
{
  BeckonWindow *window = main_window (ctx);

  gtk_editable_set_text (child (window, BECKON_TYPE_WINDOW, "server_row"), ctx->root);
  gtk_editable_set_text (child (window, BECKON_TYPE_WINDOW, "user_row"), USER);
  gtk_editable_set_text (child (window, BECKON_TYPE_WINDOW, "password_row"), PASSWORD);
  click (child (window, BECKON_TYPE_WINDOW, "sign_in_button"));
}

/* Refused files change nothing: no setting, no copy, no sign-in. */
static void
assert_refused (Context    *ctx,
                GFile      *file,
                const char *message)
{
  BeckonWindow    *window = main_window (ctx);
  g_autofree char *copy = beckon_trusted_ca_dup_copy_path ();
  g_autofree char *value = NULL;
  GtkLabel        *error_label = child (window, BECKON_TYPE_WINDOW, "error_label");

  g_assert_false (beckon_window_trust_ca_file (window, file));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_test_message ("Refused: %s", gtk_label_get_text (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), message));
  value = setting ();
  g_assert_cmpstr (value, ==, "");
  g_assert_null (beckon_trusted_ca_get_file (trusted_ca_of (ctx)));
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  g_assert_true (certificate_shown (ctx));
  g_assert_cmpint (session_state_of (ctx), ==, UCWA_SESSION_STATE_SIGNED_OUT);
}

/* Tests: the application */

static void
test_sign_in_page (gconstpointer data)
{
  Context                    *ctx = (Context *) data;
  g_autoptr (GFile)           text = write_temp_file ("This is not a certificate.\n");
  g_autoptr (GFile)           leaf = data_file ("server-cert.pem");
  g_autoptr (GFile)           key = data_file ("server-key.pem");
  g_autoptr (GFile)           ca = data_file ("test-ca.pem");
  g_autoptr (GTlsCertificate) ca_certificate = load_certificate ("test-ca.pem");
  g_autoptr (GPtrArray)       copied = NULL;
  g_autofree char            *copy = beckon_trusted_ca_dup_copy_path ();
  g_autofree char            *copy_text = NULL;
  g_autofree char            *value = NULL;
  g_autofree char            *ca_fingerprint = expected_fingerprint ("test-ca.pem");
  g_autofree char            *id = NULL;
  BeckonPreferencesWindow    *preferences;
  BeckonWindow               *window;
  guint                       tokens;
  guint                       applications;

  g_application_activate (G_APPLICATION (ctx->app));
  window = main_window (ctx);
  g_assert_nonnull (window);
  g_assert_false (gtk_widget_get_visible (child (window, BECKON_TYPE_WINDOW, "certificate_box")));

  /* The server's certificate is refused: the page says which. */
  sign_in_from_page (ctx);
  test_wait_until (certificate_shown, ctx, "the refused certificate on the sign-in page");
  assert_certificate_shown (ctx);

  /* Files that are no certificate authority are refused, saying why. */
  assert_refused (ctx, text, "is not a certificate file");
  assert_refused (ctx, key, "is not a certificate file");
  assert_refused (ctx, leaf, "which is not a certificate authority");

  /* The authority that issued it: kept, stored, and signed in at once
   * with what the page holds. */
  g_assert_true (beckon_window_trust_ca_file (window, ca));
  value = setting ();
  g_assert_cmpstr (value, ==, copy);
  g_assert_true (g_str_has_prefix (copy, g_get_user_data_dir ()));
  g_assert_true (g_file_get_contents (copy, &copy_text, NULL, NULL));
  copied = ucwa_certificate_list_from_data (copy_text, strlen (copy_text), NULL);
  g_assert_nonnull (copied);
  g_assert_cmpuint (copied->len, ==, 1);
  g_assert_true (g_tls_certificate_is_same (copied->pdata[0], ca_certificate));
  test_wait_until (is_online, ctx, "the sign-in with the trusted authority");
  g_assert_false (gtk_widget_get_visible (child (window, BECKON_TYPE_WINDOW, "certificate_box")));

  /* The event channel, over HTTPS with it. */
  id = ucwa_sim_server_start_im_invitation (ctx->sim, NULL, "sip:ada@contoso.com", "Ada Lovelace", "Hello over TLS");
  g_assert_nonnull (id);
  expected_invitations = 1;
  test_wait_until (has_invitations, ctx, "the invitation over the event channel");

  /* Token renewal: the token runs out at the server; the next P-GET is
   * challenged and a new token is fetched over HTTPS with it too. */
  tokens = ucwa_sim_server_count_requests (ctx->sim, "POST", "/WebTicket/oauthtoken");
  expected_tokens = query_token (ctx).token_count + 1;
  ucwa_sim_server_advance_clock (ctx->sim, (8 * 3600 + 60) * 1000);
  test_wait_until (has_new_token, ctx, "a renewed token");
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->sim, "POST", "/WebTicket/oauthtoken"), ==, tokens + 1);
  g_clear_pointer (&id, g_free);
  id = ucwa_sim_server_start_im_invitation (ctx->sim, NULL, "sip:grace@contoso.com", "Grace Hopper", "Still there?");
  expected_invitations = 2;
  test_wait_until (has_invitations, ctx, "an invitation after the renewal");
  g_assert_true (is_online (ctx));

  /* The preferences show it, and remove it. */
  g_action_group_activate_action (G_ACTION_GROUP (ctx->app), "preferences", NULL);
  preferences = preferences_window (ctx);
  g_assert_nonnull (preferences);
  g_assert_nonnull (strstr (subtitle (preferences, BECKON_TYPE_PREFERENCES_WINDOW, "ca_row"), CA_SUBJECT));
  g_assert_nonnull (strstr (subtitle (preferences, BECKON_TYPE_PREFERENCES_WINDOW, "ca_row"), ca_fingerprint));
  g_assert_cmpstr (ca_fingerprint, ==, CA_SHA256);
  click (child (preferences, BECKON_TYPE_PREFERENCES_WINDOW, "remove_ca_button"));
  g_clear_pointer (&value, g_free);
  value = setting ();
  g_assert_cmpstr (value, ==, "");
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  g_assert_null (beckon_trusted_ca_get_file (trusted_ca_of (ctx)));
  g_assert_nonnull (strstr (subtitle (preferences, BECKON_TYPE_PREFERENCES_WINDOW, "ca_row"), "None"));
  g_assert_false (gtk_widget_get_visible (child (preferences, BECKON_TYPE_PREFERENCES_WINDOW, "remove_ca_button")));
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* Signed out and in again: refused again.  (Even the sign-out's DELETE
   * is refused now, on a new connection: nothing the old trust let
   * through is reused.) */
  applications = ucwa_sim_server_count_applications (ctx->sim);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  test_wait_until (is_signed_out, ctx, "the sign-out");
  sign_in_from_page (ctx);
  test_wait_until (certificate_shown, ctx, "the refused certificate, once more");
  assert_certificate_shown (ctx);
  g_assert_cmpuint (ucwa_sim_server_count_applications (ctx->sim), ==, applications);
}

/* Choosing the authority in the preferences, and a bad file there. */
static void
test_preferences (gconstpointer data)
{
  Context                 *ctx = (Context *) data;
  g_autoptr (GFile)        text = write_temp_file ("-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
  g_autoptr (GFile)        ca = data_file ("test-ca.pem");
  g_autofree char         *copy = beckon_trusted_ca_dup_copy_path ();
  g_autofree char         *value = NULL;
  BeckonPreferencesWindow *preferences;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window (ctx)), "app.preferences", NULL));
  preferences = preferences_window (ctx);
  g_assert_nonnull (preferences);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (preferences)));
  g_assert_nonnull (strstr (subtitle (preferences, BECKON_TYPE_PREFERENCES_WINDOW, "ca_row"), "None"));

  g_assert_false (beckon_preferences_window_trust_ca_file (preferences, text));
  value = setting ();
  g_assert_cmpstr (value, ==, "");
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (subtitle (preferences, BECKON_TYPE_PREFERENCES_WINDOW, "ca_row"), "None"));

  g_assert_true (beckon_preferences_window_trust_ca_file (preferences, ca));
  g_clear_pointer (&value, g_free);
  value = setting ();
  g_assert_cmpstr (value, ==, copy);
  g_assert_nonnull (strstr (subtitle (preferences, BECKON_TYPE_PREFERENCES_WINDOW, "ca_row"), CA_SUBJECT));
  g_assert_nonnull (strstr (subtitle (preferences, BECKON_TYPE_PREFERENCES_WINDOW, "ca_row"), CA_SHA256));
  g_assert_true (gtk_widget_get_visible (child (preferences, BECKON_TYPE_PREFERENCES_WINDOW, "remove_ca_button")));

  /* Only one preferences window. */
  g_action_group_activate_action (G_ACTION_GROUP (ctx->app), "preferences", NULL);
  g_assert_true (preferences_window (ctx) == preferences);

  click (child (preferences, BECKON_TYPE_PREFERENCES_WINDOW, "remove_ca_button"));
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* Tests: the account and its session, without the application */

static gboolean
ca_forgotten (gpointer user_data)
{
  return beckon_trusted_ca_get_file (user_data) == NULL;
}

/* The setting is applied when read and whenever it changes (by hand with
 * gsettings, say); a file named by hand is the user's and stays. */
static void
test_setting (gconstpointer data)
{
  Context                    *ctx = (Context *) data;
  g_autoptr (GSettings)       settings = g_settings_new (APP_ID);
  g_autoptr (UcwaSession)     session = sim_fixture_new_session ();
  g_autoptr (BeckonAccount)   account = beckon_account_new (session);
  g_autofree char            *path = data_path ("test-ca.pem");
  g_autoptr (GError)          error = NULL;
  g_autoptr (GAsyncResult)    result = NULL;
  /* Inline: what it sends the connection arrives at once. */
  g_autoptr (BeckonCore)      core = beckon_core_new_inline ();
  g_autoptr (BeckonTrustedCa) ca = beckon_trusted_ca_new (core, ucwa_session_get_connection (session));

  g_settings_set_string (settings, "extra-ca-file", path);
  beckon_trusted_ca_set_settings (ca, settings);
  g_assert_cmpstr (beckon_trusted_ca_get_file (ca), ==, path);
  g_assert_cmpuint (beckon_trusted_ca_get_n_certificates (ca), ==, 1);
  g_assert_true (sim_fixture_sign_in (session, ctx->root, USER, PASSWORD, &error));
  g_assert_no_error (error);

  ucwa_session_sign_out_async (session, NULL, test_async_result_cb, &result);
  ucwa_session_sign_out_finish (session, test_wait_result (&result), NULL);

  g_settings_set_string (settings, "extra-ca-file", "");
  test_wait_until (ca_forgotten, ca, "the setting to be applied");
  g_assert_false (sim_fixture_sign_in (session, ctx->root, USER, PASSWORD, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);

  /* A file that has gone: kept as set (the preferences can remove it),
   * and the server refused as without it. */
  g_settings_set_string (settings, "extra-ca-file", "/nonexistent/ca.pem");
  beckon_trusted_ca_set_settings (ca, settings);
  g_assert_cmpstr (beckon_trusted_ca_get_file (ca), ==, "/nonexistent/ca.pem");
  g_assert_null (beckon_trusted_ca_get_certificate (ca));
  beckon_trusted_ca_forget (ca);
  g_assert_null (beckon_trusted_ca_get_file (ca));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  beckon_trusted_ca_set_settings (ca, NULL);
}

/* Tests: the protocol library */

static void
test_describe (void)
{
  g_autoptr (GTlsCertificate) server = load_certificate ("server-cert.pem");
  g_autoptr (GTlsCertificate) ca = load_certificate ("test-ca.pem");
  g_autofree char            *subject = ucwa_certificate_dup_subject (server);
  g_autofree char            *issuer = ucwa_certificate_dup_issuer (server);
  g_autofree char            *fingerprint = ucwa_certificate_dup_fingerprint (server);
  g_autofree char            *expected = expected_fingerprint ("server-cert.pem");
  g_autofree char            *ca_fingerprint = ucwa_certificate_dup_fingerprint (ca);
  g_autofree char            *ca_expected = expected_fingerprint ("test-ca.pem");

  g_assert_cmpstr (subject, ==, SERVER_SUBJECT);
  g_assert_cmpstr (issuer, ==, CA_SUBJECT);
  g_assert_cmpstr (fingerprint, ==, expected);
  g_assert_cmpstr (fingerprint, ==, SERVER_SHA256);
  g_assert_cmpstr (ca_fingerprint, ==, ca_expected);
  g_assert_cmpstr (ca_fingerprint, ==, CA_SHA256);
}

static void
test_authority (void)
{
  g_autoptr (GTlsCertificate) server = load_certificate ("server-cert.pem");
  g_autoptr (GTlsCertificate) ca = load_certificate ("test-ca.pem");
  g_autoptr (GTlsCertificate) other = load_certificate ("other-ca.pem");
  g_autoptr (GBytes)          der = read_der ("test-ca.pem");
  gsize                       size = 0;
  const guint8               *bytes = g_bytes_get_data (der, &size);
  g_autofree guint8          *copy = g_memdup2 (bytes, size);

  g_assert_true (ucwa_certificate_is_authority (ca));
  g_assert_true (ucwa_certificate_is_authority (other));
  g_assert_false (ucwa_certificate_is_authority (server));
  g_assert_true (ucwa_certificate_der_is_authority (bytes, size));
  g_assert_false (ucwa_certificate_der_is_authority (NULL, 0));

  /* Cut short anywhere, it is no CA, and reading it stays in bounds (the
   * sanitizer build checks). */
  for (gsize n = 0; n < size; n++)
    {
      g_autofree guint8 *cut = g_memdup2 (bytes, n);

      g_assert_false (ucwa_certificate_der_is_authority (cut, n));
    }
  /* Any byte changed: whatever the answer, no read outside. */
  for (gsize i = 0; i < size; i++)
    for (guint value = 0; value < 256; value += 51)
      {
        copy[i] = value;
        (void) ucwa_certificate_der_is_authority (copy, size);
        copy[i] = bytes[i];
      }
}

static void
test_list (void)
{
  g_autofree char      *ca_path = data_path ("test-ca.pem");
  g_autofree char      *other_path = data_path ("other-ca.pem");
  g_autofree char      *key_path = data_path ("server-key.pem");
  g_autofree char      *ca_text = NULL;
  g_autofree char      *other_text = NULL;
  g_autofree char      *key_text = NULL;
  g_autofree char      *bundle = NULL;
  g_autoptr (GBytes)    der = read_der ("test-ca.pem");
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError)    error = NULL;
  const char           *bad[] = {
              "",
              "plain text",
              "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
              "-----BEGIN CERTIFICATE-----\nMIIB\n",
  };

  g_assert_true (g_file_get_contents (ca_path, &ca_text, NULL, NULL));
  g_assert_true (g_file_get_contents (other_path, &other_text, NULL, NULL));
  g_assert_true (g_file_get_contents (key_path, &key_text, NULL, NULL));

  /* A bundle, with a key in between that is skipped. */
  bundle = g_strconcat (ca_text, key_text, other_text, NULL);
  list = ucwa_certificate_list_from_data (bundle, strlen (bundle), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* DER, as Windows exports a .cer. */
  list = ucwa_certificate_list_from_data (g_bytes_get_data (der, NULL), g_bytes_get_size (der), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (ucwa_certificate_is_authority (list->pdata[0]));
  g_clear_pointer (&list, g_ptr_array_unref);

  list = ucwa_certificate_list_from_data (key_text, strlen (key_text), &error);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_null (list);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      list = ucwa_certificate_list_from_data (bad[i], strlen (bad[i]), &error);
      g_assert_null (list);
      g_assert_nonnull (error);
      g_assert_true (error->domain == G_TLS_ERROR);
      g_clear_error (&error);
    }
}

/* The connection keeps the certificate it refused, until the trust changes. */
static void
test_refused (gconstpointer data)
{
  Context                    *ctx = (Context *) data;
  g_autoptr (UcwaSession)     session = sim_fixture_new_session ();
  UcwaConnection             *connection = ucwa_session_get_connection (session);
  g_autoptr (GTlsCertificate) server = load_certificate ("server-cert.pem");
  g_autofree char            *ca = data_path ("test-ca.pem");
  g_autoptr (GError)          error = NULL;
  g_autoptr (GAsyncResult)    result = NULL;
  GTlsCertificateFlags        errors = 0;

  g_assert_null (ucwa_connection_get_refused_certificate (connection, &errors));
  g_assert_cmpuint (errors, ==, 0);

  g_assert_false (sim_fixture_sign_in (session, ctx->root, USER, PASSWORD, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_nonnull (ucwa_connection_get_refused_certificate (connection, &errors));
  g_assert_true (g_tls_certificate_is_same (ucwa_connection_get_refused_certificate (connection, NULL), server));
  g_assert_true (errors & G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_clear_error (&error);

  g_assert_true (ucwa_connection_set_extra_ca_file (connection, ca, &error));
  g_assert_null (ucwa_connection_get_refused_certificate (connection, NULL));
  g_assert_true (sim_fixture_sign_in (session, ctx->root, USER, PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_null (ucwa_connection_get_refused_certificate (connection, NULL));

  ucwa_session_sign_out_async (session, NULL, test_async_result_cb, &result);
  g_assert_true (ucwa_session_sign_out_finish (session, test_wait_result (&result), NULL));
  g_assert_cmpuint (ucwa_sim_server_count_applications (ctx->sim), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GTlsCertificate) certificate = NULL;
  g_autoptr (GError)          error = NULL;
  g_autofree char            *display = NULL;
  g_autofree char            *cert_path = NULL;
  g_autofree char            *key_path = NULL;
  g_autofree char            *scratch = NULL;
  g_autofree char            *data_home = NULL;
  g_autofree char            *cache_home = NULL;
  Context                     ctx = { 0 };
  int                         status;

  /* Static: libsecret's process-wide connection to this bus outlives main
   * (as in test-password-not-saved.c). */
  static GTestDBus *bus;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  /* g_test_dbus_up() unsets DISPLAY (against X11 autolaunch): GTK needs it. */
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  /* Not G_TEST_OPTION_ISOLATE_DIRS: it hides the MIME database (in
   * $XDG_DATA_DIRS) that GTK needs to load the icons. */
  scratch = g_dir_make_tmp ("test-trusted-ca-XXXXXX", &error);
  g_assert_no_error (error);
  data_home = g_build_filename (scratch, "data", NULL);
  cache_home = g_build_filename (scratch, "cache", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  ctx.notifications = fake_notification_server_new_started ();

  cert_path = data_path ("server-cert.pem");
  key_path = data_path ("server-key.pem");
  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  ctx.sim = sim_fixture_new_server (USER, PASSWORD);
  ucwa_sim_server_set_invitation_timeout (ctx.sim, 0);
  /* The clock is moved on by hours: the application must outlive it. */
  ucwa_sim_server_set_application_expiry (ctx.sim, 0);
  ucwa_sim_server_set_max_hold (ctx.sim, 2000);
  g_assert_true (ucwa_sim_server_set_tls_certificate (ctx.sim, certificate, &error));
  g_assert_no_error (error);
  ctx.root = sim_fixture_listen (ctx.sim);

  ctx.app = beckon_application_new ();
  g_application_set_flags (G_APPLICATION (ctx.app),
                           g_application_get_flags (G_APPLICATION (ctx.app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (ctx.app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/certificate/describe", test_describe);
  g_test_add_func ("/certificate/authority", test_authority);
  g_test_add_func ("/certificate/list", test_list);
  g_test_add_data_func ("/certificate/refused", &ctx, test_refused);
  g_test_add_data_func ("/trusted-ca/sign-in-page", &ctx, test_sign_in_page);
  g_test_add_data_func ("/trusted-ca/preferences", &ctx, test_preferences);
  g_test_add_data_func ("/trusted-ca/setting", &ctx, test_setting);

  status = g_test_run ();

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx.app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (ctx.app)))
    gtk_window_destroy (l->data);
  g_clear_object (&ctx.app);
  g_clear_object (&ctx.sim);
  fake_notification_server_free (ctx.notifications);
  g_free (ctx.root);
  test_drain_main_context ();
  secret_service_disconnect ();
  g_test_dbus_stop (bus);
  test_remove_tree (scratch);
  return status;
}

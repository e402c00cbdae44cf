/* test-sign-in-page.c: the sign-in page: autodiscovery by default, the
 * steps of a sign-in, what it says when signing in fails and where it puts
 * the keyboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole application (BeckonApplication and its main window) and a user
 * who fills in the sign-in page and presses Enter in the password field.
 * First the page as a new user sees it (the server address folded under
 * Advanced) and a sign-in that goes well, step by step.  Then each test is
 * one way the server address or the password can be wrong: a port nobody
 * listens on, a server that never answers, a certificate nobody trusts, a
 * web server that is not Skype for Business, a wrong password, an
 * autodiscovery that finds nothing, an address with no domain.  The note
 * under the form names the cause, and the focus goes to the field to fix:
 * the server address (unfolded), the SIP address when the server was to be
 * found from it, or the password when only it is wrong.
 *
 * A private bus of its own (GTestDBus) with no services at all: no
 * notification server or keyring is activated.
 */

#include "config.h"

#include <string.h>

#include "beckon-application.h"
#include "beckon-window-private.h"
#include "sim-fixture.h"
#include "test-bad-servers.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "sign-in page password"

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

static gpointer
child (Context    *ctx,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (beckon_window_get_sign_in_page (main_window (ctx))),
                                                   BECKON_TYPE_SIGN_IN_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

/* The application's session is the core's: touched on its thread only
 * (beckon_core_call()); the test reads the copy the windows read. */
typedef struct
{
  Context           *ctx;
  const char *const *discovery;
  guint              timeout_s;
} CoreSetting;

static void
set_discovery_run (gpointer data)
{
  CoreSetting *setting = data;

  ucwa_session_set_discovery_urls (beckon_account_get_session (beckon_application_get_account (setting->ctx->app)),
                                   setting->discovery);
}

static void
set_discovery_urls (Context           *ctx,
                    const char *const *discovery)
{
  CoreSetting setting = { ctx, discovery, 0 };

  beckon_core_call (beckon_application_get_core (ctx->app), set_discovery_run, &setting);
}

static void
set_timeout_run (gpointer data)
{
  CoreSetting *setting = data;
  UcwaSession *session = beckon_account_get_session (beckon_application_get_account (setting->ctx->app));

  ucwa_connection_set_timeout (ucwa_session_get_connection (session), setting->timeout_s);
}

static void
set_connection_timeout (Context *ctx,
                        guint    timeout_s)
{
  CoreSetting setting = { ctx, NULL, timeout_s };

  beckon_core_call (beckon_application_get_core (ctx->app), set_timeout_run, &setting);
}

static UcwaSessionState
session_state (Context *ctx)
{
  return beckon_account_copy_get_session_state (beckon_application_get_account_copy (ctx->app));
}

typedef struct
{
  Context    *ctx;
  const char *words; /* in the note */
} NoteWait;

static gboolean
note_says (gpointer user_data)
{
  NoteWait *wait = user_data;
  GtkLabel *label = child (wait->ctx, "error_label");

  return gtk_widget_get_visible (GTK_WIDGET (label)) &&
         strstr (gtk_label_get_text (label), wait->words) != NULL;
}

static gboolean
has_focus (Context    *ctx,
           const char *name)
{
  GtkWidget *field = child (ctx, name);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (main_window (ctx)));

  return focus != NULL && (focus == field || gtk_widget_is_ancestor (focus, field));
}

/* The user fills in the page as @user (@server "" for autodiscovery) and
 * presses Enter in the password field. */
static void
fill_in_and_press_enter (Context    *ctx,
                         const char *server,
                         const char *user,
                         const char *password)
{
  BeckonWindow *window;
  GtkEditable  *password_row;

  g_application_activate (G_APPLICATION (ctx->app));
  window = main_window (ctx);
  g_assert_nonnull (window);
  beckon_window_show_sign_in (window, server, user, NULL);

  password_row = child (ctx, "password_row");
  gtk_editable_set_text (password_row, password);
  gtk_widget_grab_focus (GTK_WIDGET (password_row));
  g_assert_true (has_focus (ctx, "password_row"));
  g_signal_emit_by_name (password_row, "entry-activated");
}

/* The note then names the cause (@words); returns it. */
static const char *
wait_for_note (Context    *ctx,
               const char *words)
{
  NoteWait    wait = { ctx, words };
  const char *note;

  test_wait_until (note_says, &wait, words);
  /* The sign-in's own answer comes after the session's state says it (the
   * task returns from an idle): let it. */
  test_drain_main_context ();
  note = gtk_label_get_text (child (ctx, "error_label"));
  g_test_message ("The sign-in page says: %s", note);
  return note;
}

/* The user fills in the page and presses Enter in the password field; the
 * note then names the cause (@words), and never the wrong one. */
static void
sign_in_from_the_page (Context    *ctx,
                       const char *server,
                       const char *password,
                       const char *words)
{
  const char *note;

  fill_in_and_press_enter (ctx, server, "alice@contoso.com", password);
  note = wait_for_note (ctx, words);
  g_assert_null (strstr (note, "Could not find"));
}

static gboolean
signed_in (gpointer user_data)
{
  Context  *ctx = user_data;
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (main_window (ctx)), BECKON_TYPE_WINDOW, "stack"));

  /* The window shows the copy: online there too. */
  return session_state (ctx) == UCWA_SESSION_STATE_ONLINE &&
         g_strcmp0 (gtk_stack_get_visible_child_name (stack), "sign-in") != 0;
}

/* As a test that runs alone finds the page. */
static void
fold_advanced (Context *ctx)
{
  g_application_activate (G_APPLICATION (ctx->app));
  adw_expander_row_set_expanded (child (ctx, "advanced_row"), FALSE);
}

static gboolean
advanced_expanded (Context *ctx)
{
  return adw_expander_row_get_expanded (child (ctx, "advanced_row"));
}

static gboolean
app_signed_out (gpointer user_data)
{
  Context *ctx = user_data;

  return beckon_account_copy_get_session_state (beckon_application_get_account_copy (ctx->app)) ==
         UCWA_SESSION_STATE_SIGNED_OUT;
}

/* A retrying sign-in ends (the next test signs in afresh), and the
 * application knows it (its copy of the account). */
static void
stop_signing_in (Context *ctx)
{
  BeckonAccountCopy       *copy = beckon_application_get_account_copy (ctx->app);
  g_autoptr (GAsyncResult) result = NULL;

  beckon_account_copy_sign_out_async (copy, NULL, test_async_result_cb, &result);
  g_assert_true (beckon_account_copy_sign_out_finish (copy, test_wait_result (&result), NULL));
  test_wait_until (app_signed_out, ctx, "the application to see the sign-out");
}

/* Tests */

static void
sign_in_requested_cb (BeckonWindow *window,
                      const char   *server,
                      const char   *user,
                      const char   *password,
                      char        **server_out)
{
  g_free (*server_out);
  *server_out = g_strdup (server);
}

/* Autodiscovery is the default: the server address waits under Advanced,
 * folded, and the page says the server is found from the SIP address. */
static void
test_advanced_default (gconstpointer data)
{
  Context          *ctx = (Context *) data;
  const char *const discovery[] = { ctx->root, NULL };
  g_autofree char  *requested = NULL;
  AdwExpanderRow   *advanced;

  g_application_activate (G_APPLICATION (ctx->app));
  advanced = child (ctx, "advanced_row");
  g_assert_false (adw_expander_row_get_expanded (advanced));
  g_assert_cmpstr (gtk_editable_get_text (child (ctx, "server_row")), ==, "");
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (advanced), "found from your SIP address"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (child (ctx, "discover_step")), "autodiscovery"));
  g_assert_false (gtk_widget_get_visible (child (ctx, "progress_group")));

  /* The simulator stands for contoso.com's autodiscovery service. */
  set_discovery_urls (ctx, discovery);
  g_signal_connect (main_window (ctx), "sign-in-requested", G_CALLBACK (sign_in_requested_cb), &requested);
  fill_in_and_press_enter (ctx, NULL, "alice@contoso.com", PASSWORD);
  g_assert_cmpstr (requested, ==, "");
  g_assert_false (adw_expander_row_get_expanded (advanced));
  test_wait_until (signed_in, ctx, "the sign-in by autodiscovery");

  g_signal_handlers_disconnect_by_func (main_window (ctx), sign_in_requested_cb, &requested);
  set_discovery_urls (ctx, NULL);
  stop_signing_in (ctx);
}

/* What the page showed each time the sign-in reached a step, and what the
 * simulator had been asked by then. */
typedef struct
{
  Context *ctx;
  GString *seen;
  guint    tokens; /* the simulator's counts before the sign-in */
  guint    applications;
} StepLog;

static const char *
step_mark (Context    *ctx,
           const char *name)
{
  GtkWidget *row = child (ctx, name);

  if (gtk_widget_has_css_class (row, "step-done"))
    return "done";
  if (gtk_widget_has_css_class (row, "step-current"))
    return "current";
  return "pending";
}

/* The page follows the account's copy: a step reached, or online (a batch
 * of the core's may end the steps and bring the state together). */
static void
step_seen_cb (BeckonAccountCopy *copy,
              GParamSpec        *pspec,
              StepLog           *log)
{
  Context *ctx = log->ctx;

  if (g_str_equal (g_param_spec_get_name (pspec), "sign-in-phase")
        ? beckon_account_copy_get_sign_in_phase (copy) == UCWA_SIGN_IN_PHASE_NONE
        : beckon_account_copy_get_session_state (copy) != UCWA_SESSION_STATE_ONLINE)
    return;
  g_string_append_printf (log->seen, "%s%s %s %s, tokens %u, applications %u\n",
                          gtk_widget_get_visible (child (ctx, "progress_group")) ? "" : "hidden: ",
                          step_mark (ctx, "discover_step"), step_mark (ctx, "authenticate_step"),
                          step_mark (ctx, "join_step"),
                          ucwa_sim_server_count_requests (ctx->sim, "POST", "/oauthtoken") - log->tokens,
                          ucwa_sim_server_count_requests (ctx->sim, "POST", "/applications") - log->applications);
}

/* Each step shows under way as the sign-in reaches it (finding the server
 * until the user resource is asked for, the password until the token
 * came, then the application and its event channel), done once past it. */
static void
test_steps (gconstpointer data)
{
  Context            *ctx = (Context *) data;
  g_autoptr (GString) seen = g_string_new (NULL);
  StepLog             log = { ctx, seen, 0, 0 };
  BeckonAccountCopy  *copy = beckon_application_get_account_copy (BECKON_APPLICATION (ctx->app));

  log.tokens = ucwa_sim_server_count_requests (ctx->sim, "POST", "/oauthtoken");
  log.applications = ucwa_sim_server_count_requests (ctx->sim, "POST", "/applications");
  /* After: once the page has taken the change in. */
  g_signal_connect_after (copy, "notify::sign-in-phase", G_CALLBACK (step_seen_cb), &log);
  g_signal_connect_after (copy, "notify::session-state", G_CALLBACK (step_seen_cb), &log);

  fill_in_and_press_enter (ctx, ctx->root, "alice@contoso.com", PASSWORD);
  /* The server given is the first step's. */
  g_assert_cmpstr (adw_action_row_get_subtitle (child (ctx, "discover_step")), ==, ctx->root);
  test_wait_until (signed_in, ctx, "the sign-in");
  g_signal_handlers_disconnect_by_data (copy, &log);

  g_test_message ("Steps:\n%s", seen->str);
  /* The core runs on a thread of its own: the page hears it reached the
   * last step in the same turn as the core asks for the application, so
   * the simulator (on this thread) may have got that request already. */
  if (strstr (seen->str, "done done current, tokens 1, applications 1\n") != NULL)
    g_assert_cmpstr (seen->str, ==,
                     "current pending pending, tokens 0, applications 0\n"
                     "done current pending, tokens 0, applications 0\n"
                     "done done current, tokens 1, applications 1\n"
                     "done done done, tokens 1, applications 1\n");
  else
    g_assert_cmpstr (seen->str, ==,
                     "current pending pending, tokens 0, applications 0\n"
                     "done current pending, tokens 0, applications 0\n"
                     "done done current, tokens 1, applications 0\n"
                     "done done done, tokens 1, applications 1\n");
  /* Signed in, the page is done with them. */
  g_assert_false (gtk_widget_get_visible (child (ctx, "progress_group")));
  stop_signing_in (ctx);
}

/* Autodiscovery from the SIP address found no server: the address is the
 * field to fix, with the server address in view to give one instead. */
static void
test_autodiscovery_fails (gconstpointer data)
{
  Context          *ctx = (Context *) data;
  g_autofree char  *url = g_strdup_printf ("http://127.0.0.1:%u/", test_closed_port ());
  const char *const discovery[] = { url, NULL };

  set_discovery_urls (ctx, discovery);
  fold_advanced (ctx);
  fill_in_and_press_enter (ctx, "", "alice@contoso.com", PASSWORD);
  /* The page says what the server address, unfolded, is for. */
  g_assert_nonnull (strstr (wait_for_note (ctx, "refused the connection"), "under Advanced"));
  g_assert_true (has_focus (ctx, "user_row"));
  g_assert_true (advanced_expanded (ctx));
  set_discovery_urls (ctx, NULL);
  stop_signing_in (ctx);
}

/* An address with no domain to find a server from. */
static void
test_address_without_domain (gconstpointer data)
{
  Context *ctx = (Context *) data;

  fold_advanced (ctx);
  fill_in_and_press_enter (ctx, "", "alice", PASSWORD);
  g_assert_nonnull (strstr (wait_for_note (ctx, "Could not find the Skype for Business server"), "under Advanced"));
  g_assert_true (has_focus (ctx, "user_row"));
  g_assert_true (advanced_expanded (ctx));
  g_assert_cmpint (session_state (ctx), ==, UCWA_SESSION_STATE_SIGNED_OUT);
}

static void
test_connection_refused (gconstpointer data)
{
  Context         *ctx = (Context *) data;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/", test_closed_port ());

  fold_advanced (ctx);
  sign_in_from_the_page (ctx, url, PASSWORD, "refused the connection");
  g_assert_true (has_focus (ctx, "server_row"));
  g_assert_true (advanced_expanded (ctx));
  stop_signing_in (ctx);
}

static void
test_server_does_not_answer (gconstpointer data)
{
  Context                   *ctx = (Context *) data;
  g_autoptr (GPtrArray)      held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char           *url = NULL;
  g_autoptr (GSocketService) service = test_hung_server_new (held, &url);

  set_connection_timeout (ctx, 1);
  sign_in_from_the_page (ctx, url, PASSWORD, "did not answer in time");
  g_assert_true (has_focus (ctx, "server_row"));
  stop_signing_in (ctx);
  set_connection_timeout (ctx, 60);
  test_hung_server_stop (service);
}

static void
test_certificate_not_trusted (gconstpointer data)
{
  Context                    *ctx = (Context *) data;
  g_autofree char            *cert_path = g_test_build_filename (G_TEST_DIST, "data", "server-cert.pem", NULL);
  g_autofree char            *key_path = g_test_build_filename (G_TEST_DIST, "data", "server-key.pem", NULL);
  g_autoptr (GTlsCertificate) certificate = NULL;
  g_autoptr (UcwaSimServer)   secure = sim_fixture_new_server (USER, PASSWORD);
  g_autoptr (GError)          error = NULL;
  g_autofree char            *root = NULL;

  /* Issued by a test CA that nobody trusts. */
  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  g_assert_true (ucwa_sim_server_set_tls_certificate (secure, certificate, &error));
  g_assert_no_error (error);
  root = sim_fixture_listen (secure);

  sign_in_from_the_page (ctx, root, PASSWORD, "certificate is not trusted");
  /* What needs the user here is the offer to trust the issuer, not a field. */
  g_assert_true (has_focus (ctx, "trust_ca_button"));
  g_assert_cmpint (session_state (ctx), ==, UCWA_SESSION_STATE_SIGNED_OUT);
}

static void
test_not_a_ucwa_server (gconstpointer data)
{
  Context               *ctx = (Context *) data;
  g_autofree char       *url = NULL;
  g_autoptr (SoupServer) server = test_web_server_new (&url);

  fold_advanced (ctx);
  sign_in_from_the_page (ctx, url, PASSWORD, "not a Skype for Business server");
  g_assert_true (has_focus (ctx, "server_row"));
  g_assert_true (advanced_expanded (ctx));
  g_assert_cmpint (session_state (ctx), ==, UCWA_SESSION_STATE_SIGNED_OUT);
}

static void
test_wrong_password (gconstpointer data)
{
  Context *ctx = (Context *) data;

  sign_in_from_the_page (ctx, ctx->root, "not the password", "password is incorrect");
  g_assert_true (has_focus (ctx, "password_row"));
  g_assert_cmpint (session_state (ctx), ==, UCWA_SESSION_STATE_SIGNED_OUT);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  Context            ctx = { 0 };
  int                status;
  g_autofree char   *data_home = test_private_data_home ();

  /* Static: the application's process-wide bus connection outlives main. */
  static GTestDBus *bus;

  bus = test_private_bus_up ();
  gtk_test_init (&argc, &argv, NULL);

  ctx.sim = sim_fixture_new_server (USER, PASSWORD);
  ucwa_sim_server_set_max_hold (ctx.sim, 2000);
  ctx.root = sim_fixture_listen (ctx.sim);

  ctx.app = beckon_application_new ();
  g_application_set_flags (G_APPLICATION (ctx.app),
                           g_application_get_flags (G_APPLICATION (ctx.app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (ctx.app), NULL, &error));
  g_assert_no_error (error);

  /* First: the page as a new user first sees it. */
  g_test_add_data_func ("/sign-in-page/advanced-default", &ctx, test_advanced_default);
  g_test_add_data_func ("/sign-in-page/steps", &ctx, test_steps);
  g_test_add_data_func ("/sign-in-page/connection-refused", &ctx, test_connection_refused);
  g_test_add_data_func ("/sign-in-page/server-does-not-answer", &ctx, test_server_does_not_answer);
  g_test_add_data_func ("/sign-in-page/certificate-not-trusted", &ctx, test_certificate_not_trusted);
  g_test_add_data_func ("/sign-in-page/not-a-ucwa-server", &ctx, test_not_a_ucwa_server);
  g_test_add_data_func ("/sign-in-page/wrong-password", &ctx, test_wrong_password);
  g_test_add_data_func ("/sign-in-page/autodiscovery-fails", &ctx, test_autodiscovery_fails);
  g_test_add_data_func ("/sign-in-page/address-without-domain", &ctx, test_address_without_domain);

  status = g_test_run ();

  g_clear_object (&ctx.app);
  g_clear_object (&ctx.sim);
  g_free (ctx.root);
  g_test_dbus_stop (bus);
  test_remove_tree (data_home);
  return status;
}

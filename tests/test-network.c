/* test-network.c: the protocol library in the real world's network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Token servers that hiccup, sign-ins that fail for a moment, servers that
 * cannot be reached or are not UCWA at all: each test is a situation a user
 * is in, driven through a real UcwaSession against the simulator (or a
 * socket that misbehaves on purpose) over loopback.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "beckon-error-messages.h"
#include "ucwa-error.h"
#include "ucwa-session.h"
#include "ucwa-sim-server.h"
#include "test-bad-servers.h"
#include "fake-resolver.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "correct horse battery staple"

/* A network monitor the tests can flip: the network comes and goes. */

#define TEST_TYPE_NETWORK_MONITOR (test_network_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestNetworkMonitor, test_network_monitor, TEST, NETWORK_MONITOR, GObject)

struct _TestNetworkMonitor
{
  GObject  parent_instance;
  gboolean available;
};

static void test_network_monitor_iface_init (GNetworkMonitorInterface *iface);

static gboolean
test_network_monitor_initable_init (GInitable    *initable,
                                    GCancellable *cancellable,
                                    GError      **error)
{
  return TRUE;
}

static void
test_network_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = test_network_monitor_initable_init;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestNetworkMonitor, test_network_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_network_monitor_initable_iface_init)
                                 G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_network_monitor_iface_init))

enum {
  MONITOR_PROP_0,
  MONITOR_PROP_AVAILABLE,
  MONITOR_PROP_METERED,
  MONITOR_PROP_CONNECTIVITY,
};

static void
test_network_monitor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TestNetworkMonitor *self = TEST_NETWORK_MONITOR (object);

  switch (prop_id)
    {
    case MONITOR_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case MONITOR_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
test_network_monitor_can_reach (GNetworkMonitor    *monitor,
                                GSocketConnectable *connectable,
                                GCancellable       *cancellable,
                                GError            **error)
{
  return TRUE;
}

static void
test_network_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = test_network_monitor_can_reach;
}

static void
test_network_monitor_class_init (TestNetworkMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_network_monitor_get_property;
  g_object_class_override_property (object_class, MONITOR_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
test_network_monitor_init (TestNetworkMonitor *self)
{
  self->available = TRUE;
}

static void
test_network_monitor_set_available (TestNetworkMonitor *self,
                                    gboolean            available)
{
  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_signal_emit_by_name (self, "network-changed", available);
}

/* logind on the private bus that stands in for the system bus. */
static GDBusConnection *fake_logind;

static void
fake_logind_emit_prepare_for_sleep (gboolean going_to_sleep)
{
  g_autoptr (GError) error = NULL;

  g_dbus_connection_emit_signal (fake_logind, NULL, "/org/freedesktop/login1",
                                 "org.freedesktop.login1.Manager", "PrepareForSleep",
                                 g_variant_new ("(b)", going_to_sleep), &error);
  g_assert_no_error (error);
}

typedef struct
{
  UcwaSimServer *sim;
  UcwaSession   *session;
  char          *root;
  guint          signed_out; /* times the session went to SIGNED_OUT */
  guint          token_posts;
  guint          event_gets;
} Fixture;

static void
request_cb (UcwaSimServer *sim,
            const char    *method,
            const char    *path,
            const char    *authorization,
            Fixture       *fixture)
{
  if (g_str_has_suffix (path, "/oauthtoken"))
    fixture->token_posts++;
  if (g_str_equal (method, "GET") && g_str_has_suffix (path, "/events"))
    fixture->event_gets++;
}

static void
state_cb (UcwaSession *session,
          GParamSpec  *pspec,
          Fixture     *fixture)
{
  if (ucwa_session_get_state (session) == UCWA_SESSION_STATE_SIGNED_OUT)
    fixture->signed_out++;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  UcwaEventChannel  *channel;

  fixture->sim = ucwa_sim_server_new ();
  ucwa_sim_server_add_user (fixture->sim, USER, PASSWORD, "Alice Example");
  ucwa_sim_server_set_max_hold (fixture->sim, 500);
  g_assert_true (ucwa_sim_server_listen (fixture->sim, 0, &error));
  g_assert_no_error (error);
  fixture->root = ucwa_sim_server_dup_root_url (fixture->sim);

  fixture->session = ucwa_session_new ();
  channel = ucwa_session_get_event_channel (fixture->session);
  ucwa_event_channel_set_backoff (channel, 50, 400);
  ucwa_event_channel_set_watchdog (channel, 4000);
  ucwa_session_set_operation_timeout (fixture->session, 5000);

  g_signal_connect (fixture->sim, "request", G_CALLBACK (request_cb), fixture);
  g_signal_connect (fixture->session, "notify::state", G_CALLBACK (state_cb), fixture);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (fixture->sim, fixture);
  g_signal_handlers_disconnect_by_data (fixture->session, fixture);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->sim);
  g_free (fixture->root);
  test_drain_main_context ();
}

static void
sign_in_with (Fixture    *fixture,
              const char *root,
              const char *password,
              GError    **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  ucwa_session_sign_in_async (fixture->session, root, USER, password, NULL,
                              test_async_result_cb, &result);
  ucwa_session_sign_in_finish (fixture->session, test_wait_result (&result), error);
}

static void
sign_in (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;

  sign_in_with (fixture, fixture->root, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_ONLINE);
}

typedef struct
{
  Fixture *fixture;
  guint    tokens;
} TokenWait;

static gboolean
has_new_token (gpointer user_data)
{
  TokenWait *wait = user_data;

  return ucwa_connection_get_token_count (ucwa_session_get_connection (wait->fixture->session)) > wait->tokens &&
         ucwa_session_get_state (wait->fixture->session) == UCWA_SESSION_STATE_ONLINE;
}

/* The token endpoint answers a renewal with 503 temporarily_unavailable, then
 * 500 server_error: the user stays signed in and gets a token once it is
 * back, instead of being signed out by a server's bad minute. */
static void
test_token_server_hiccups_during_renewal (Fixture      *fixture,
                                          gconstpointer data)
{
  TokenWait wait = { fixture, 0 };
  guint     posts;

  sign_in (fixture);
  wait.tokens = ucwa_connection_get_token_count (ucwa_session_get_connection (fixture->session));
  posts = fixture->token_posts;

  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_TOKEN_SERVICE_UNAVAILABLE, 2);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_TOKEN_SERVER_ERROR, 1);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_TOKEN_EXPIRED, 1);

  test_wait_until (has_new_token, &wait, "a renewed token");
  g_assert_cmpuint (fixture->signed_out, ==, 0);
  /* The three failures and the success. */
  g_assert_cmpuint (fixture->token_posts, >=, posts + 4);
}

/* A wrong password is still a wrong password: no retry, signed out. */
static void
test_wrong_password_stops_at_once (Fixture      *fixture,
                                   gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  sign_in_with (fixture, fixture->root, "wrong", &error);
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_SIGNED_OUT);
  g_assert_cmpuint (fixture->token_posts, ==, 1);
}

typedef struct
{
  UcwaSession *session;
  GQuark       domain;
  gint         code;
} RetryWait;

/* Still signing in, waiting to retry, and saying why. */
static gboolean
is_retrying_because (gpointer user_data)
{
  RetryWait *wait = user_data;

  return g_error_matches (ucwa_session_get_error (wait->session), wait->domain, wait->code) &&
         ucwa_session_get_retry_in (wait->session) > 0 &&
         ucwa_session_get_state (wait->session) == UCWA_SESSION_STATE_SIGNING_IN;
}

/* The laptop wakes before the server is up (or the server restarts): the
 * connection is refused, the sign-in says so and retries, and signs in as
 * soon as the server listens. */
static void
test_sign_in_waits_for_a_server_that_is_starting (Fixture      *fixture,
                                                  gconstpointer data)
{
  g_autoptr (UcwaSimServer) late = ucwa_sim_server_new ();
  g_autoptr (GAsyncResult)  result = NULL;
  g_autoptr (GError)        error = NULL;
  g_autofree char          *url = NULL;
  RetryWait                 wait = { fixture->session, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED };
  guint16                   port = test_closed_port ();

  url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  ucwa_session_sign_in_async (fixture->session, url, USER, PASSWORD, NULL, test_async_result_cb, &result);
  test_wait_until (is_retrying_because, &wait, "a refused sign-in, retried");
  g_assert_null (result);

  ucwa_sim_server_add_user (late, USER, PASSWORD, "Alice Example");
  g_assert_true (ucwa_sim_server_listen (late, port, &error));
  g_assert_no_error (error);

  ucwa_session_sign_in_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_ONLINE);
  g_assert_null (ucwa_session_get_error (fixture->session));
  g_assert_cmpuint (ucwa_session_get_retry_in (fixture->session), ==, 0);
  g_assert_cmpuint (fixture->signed_out, ==, 0);
  g_assert_cmpuint (ucwa_sim_server_count_applications (late), ==, 1);
}

static void
error_cb (UcwaSession *session,
          GParamSpec  *pspec,
          guint       *unavailable)
{
  if (g_error_matches (ucwa_session_get_error (session), UCWA_ERROR, UCWA_ERROR_SERVICE_UNAVAILABLE) ||
      g_error_matches (ucwa_session_get_error (session), UCWA_ERROR, UCWA_ERROR_SERVICE_FAILURE))
    (*unavailable)++;
}

/* The token server answers the sign-in with 503 and then 500: the sign-in
 * says so, waits, and goes through. */
static void
test_sign_in_rides_out_a_token_server_hiccup (Fixture      *fixture,
                                              gconstpointer data)
{
  guint unavailable = 0;

  g_signal_connect (fixture->session, "notify::error", G_CALLBACK (error_cb), &unavailable);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_TOKEN_SERVICE_UNAVAILABLE, 1);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_TOKEN_SERVER_ERROR, 1);

  sign_in (fixture);
  g_signal_handlers_disconnect_by_data (fixture->session, &unavailable);
  g_assert_cmpuint (unavailable, ==, 2);
  g_assert_cmpuint (fixture->token_posts, ==, 3);
  g_assert_cmpuint (fixture->signed_out, ==, 0);
  g_assert_cmpuint (ucwa_sim_server_count_applications (fixture->sim), ==, 1);
}

typedef struct
{
  guint  n;
  gint64 first;  /* µs, monotonic: when the server got the first root GET */
  gint64 second; /* and the next one */
} RootGets;

static void
root_get_cb (UcwaSimServer *sim,
             const char    *method,
             const char    *path,
             const char    *authorization,
             RootGets      *gets)
{
  /* The fixture's root URL is the server's "/". */
  if (!g_str_equal (method, "GET") || !g_str_equal (path, "/"))
    return;
  if (++gets->n == 1)
    gets->first = g_get_monotonic_time ();
  else if (gets->n == 2)
    gets->second = g_get_monotonic_time ();
}

/* The pool restarts as the user signs in: 503 with Retry-After: 2.  The
 * sign-in says when it tries again (not sooner than the server asked, however
 * short its own backoff), does not ask before then, and goes through. */
static void
test_sign_in_waits_as_long_as_a_restarting_server_asks (Fixture      *fixture,
                                                        gconstpointer data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;
  RootGets                 gets = { 0 };
  RetryWait                wait = { fixture->session, UCWA_ERROR, UCWA_ERROR_SERVICE_UNAVAILABLE };

  g_signal_connect (fixture->sim, "request", G_CALLBACK (root_get_cb), &gets);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_DISCOVERY_SERVICE_UNAVAILABLE, 1);

  ucwa_session_sign_in_async (fixture->session, fixture->root, USER, PASSWORD, NULL, test_async_result_cb, &result);
  test_wait_until (is_retrying_because, &wait, "a 503 at sign-in, retried");
  /* The fixture's backoff is 50–400 ms: only the server's 2 s say this. */
  g_assert_cmpuint (ucwa_session_get_retry_in (fixture->session), >=, 2);
  g_assert_cmpuint (gets.n, ==, 1);

  ucwa_session_sign_in_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_ONLINE);
  g_assert_cmpuint (ucwa_session_get_retry_in (fixture->session), ==, 0);
  g_assert_cmpuint (fixture->signed_out, ==, 0);
  g_assert_cmpuint (gets.n, ==, 2);
  g_assert_cmpint (gets.second - gets.first, >=, 2 * G_USEC_PER_SEC);
  g_signal_handlers_disconnect_by_data (fixture->sim, &gets);
}

static gboolean
is_online (gpointer session)
{
  return ucwa_session_get_state (session) == UCWA_SESSION_STATE_ONLINE;
}

typedef struct
{
  guint  n;
  gint64 at[3]; /* µs, monotonic: when the server got the first POSTs of applications */
} ApplicationPosts;

static void
application_post_cb (UcwaSimServer    *sim,
                     const char       *method,
                     const char       *path,
                     const char       *authorization,
                     ApplicationPosts *posts)
{
  if (!g_str_equal (method, "POST") || !g_str_has_suffix (path, "/ucwa/oauth/v1/applications"))
    return;
  if (posts->n < G_N_ELEMENTS (posts->at))
    posts->at[posts->n] = g_get_monotonic_time ();
  posts->n++;
}

/* The pool restarts as the application is created (after the token, so
 * deep in the sign-in): 503 with Retry-After: 2, waited out like the
 * discovery's, and the sign-in goes through on one application. */
static void
test_sign_in_waits_as_the_server_asks_to_create_the_application (Fixture      *fixture,
                                                                 gconstpointer data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;
  ApplicationPosts         posts = { 0 };
  RetryWait                wait = { fixture->session, UCWA_ERROR, UCWA_ERROR_SERVICE_UNAVAILABLE };

  g_signal_connect (fixture->sim, "request", G_CALLBACK (application_post_cb), &posts);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_APPLICATIONS_SERVICE_UNAVAILABLE, 1);

  ucwa_session_sign_in_async (fixture->session, fixture->root, USER, PASSWORD, NULL, test_async_result_cb, &result);
  test_wait_until (is_retrying_because, &wait, "a 503 creating the application, retried");
  g_assert_cmpuint (ucwa_session_get_retry_in (fixture->session), >=, 2);
  g_assert_cmpuint (posts.n, ==, 1);

  ucwa_session_sign_in_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_ONLINE);
  g_assert_cmpuint (fixture->signed_out, ==, 0);
  g_assert_cmpuint (posts.n, ==, 2);
  g_assert_cmpint (posts.at[1] - posts.at[0], >=, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (ucwa_sim_server_count_applications (fixture->sim), ==, 1);
  g_signal_handlers_disconnect_by_data (fixture->sim, &posts);
}

static gboolean
posted_applications (gpointer user_data)
{
  ApplicationPosts *posts = user_data;

  return posts->n >= 2;
}

/* The application is lost (404) and the pool restarts as Beckon makes a
 * new one: the re-creation waits as long as the server asks (its own
 * first backoff is 1 s), then comes back online. */
static void
test_recreation_waits_as_the_server_asks (Fixture      *fixture,
                                          gconstpointer data)
{
  ApplicationPosts posts = { 0 };

  sign_in (fixture);
  g_signal_connect (fixture->sim, "request", G_CALLBACK (application_post_cb), &posts);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_APPLICATIONS_SERVICE_UNAVAILABLE, 1);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND, 1);

  test_wait_until (posted_applications, &posts, "the application re-created after a 503");
  test_wait_until (is_online, fixture->session, "online again");
  g_assert_cmpuint (posts.n, ==, 2);
  g_assert_cmpint (posts.at[1] - posts.at[0], >=, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (fixture->signed_out, ==, 0);
  g_signal_handlers_disconnect_by_data (fixture->sim, &posts);
}

/* Part of the server address: what the sign-in says when it is wrong. */

/* A server that accepts the connection and never answers: "did not answer
 * in time", retried, and never "could not find the server". */
static void
test_hung_server_is_named_as_timed_out (Fixture      *fixture,
                                        gconstpointer data)
{
  g_autoptr (GPtrArray)      held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char           *url = NULL;
  g_autoptr (GSocketService) service = test_hung_server_new (held, &url);
  g_autoptr (GCancellable)   cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult)   result = NULL;
  g_autoptr (GError)         error = NULL;
  RetryWait                  wait = { fixture->session, G_IO_ERROR, G_IO_ERROR_TIMED_OUT };

  ucwa_connection_set_timeout (ucwa_session_get_connection (fixture->session), 1);
  ucwa_session_sign_in_async (fixture->session, url, USER, PASSWORD, cancellable, test_async_result_cb, &result);
  test_wait_until (is_retrying_because, &wait, "a hung server, named and retried");
  g_assert_cmpuint (held->len, >, 0);

  g_cancellable_cancel (cancellable);
  ucwa_session_sign_in_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  test_hung_server_stop (service);
}

typedef struct
{
  TestResolver *resolver;
  guint         lookups;
} LookupWait;

static gboolean
looked_up_again (gpointer user_data)
{
  LookupWait *wait = user_data;

  return test_resolver_get_lookups (wait->resolver)->len > wait->lookups;
}

static gboolean
was_looked_up (TestResolver *resolver,
               const char   *name)
{
  GPtrArray *lookups = test_resolver_get_lookups (resolver);

  for (guint i = 0; i < lookups->len; i++)
    if (g_str_equal (g_ptr_array_index (lookups, i), name))
      return TRUE;
  return FALSE;
}

/* On a network whose DNS does not know the company's servers (a hotel's
 * Wi-Fi, a VPN not up yet), autodiscovery finds neither name: the sign-in
 * says the name could not be found (not "could not find the Skype for
 * Business server", not the password), and retries by itself, asking again.
 * The test's own resolver makes every lookup fail, on every machine alike. */
static void
test_name_not_resolved_is_named_and_retried (Fixture      *fixture,
                                             gconstpointer data)
{
  g_autoptr (GResolver)    previous = g_resolver_get_default ();
  g_autoptr (TestResolver) resolver = test_resolver_new ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;
  g_autofree char         *message = NULL;
  RetryWait                wait = { fixture->session, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND };
  LookupWait               again = { resolver, 0 };
  const GError            *cause;

  g_resolver_set_default (G_RESOLVER (resolver));

  /* No server given: autodiscovery from the address, as most users sign in. */
  ucwa_session_sign_in_async (fixture->session, NULL, USER, PASSWORD, cancellable, test_async_result_cb, &result);
  test_wait_until (is_retrying_because, &wait, "an unresolved name, named and retried");
  g_assert_true (was_looked_up (resolver, "lyncdiscoverinternal.contoso.com"));
  g_assert_true (was_looked_up (resolver, "lyncdiscover.contoso.com"));

  cause = ucwa_session_get_error (fixture->session);
  message = beckon_error_message_for_sign_in_retry (cause, ucwa_session_get_retry_in (fixture->session));
  g_assert_nonnull (strstr (message, "name could not be found"));
  g_assert_null (strstr (message, "Could not find"));
  g_assert_null (strstr (message, "password"));
  g_assert_true (beckon_error_is_about_server_address (cause));
  g_assert_cmpuint (fixture->signed_out, ==, 0);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, NULL, NULL), ==, 0);

  /* The next attempt asks the resolver again. */
  again.lookups = test_resolver_get_lookups (resolver)->len;
  test_wait_until (looked_up_again, &again, "the names looked up again");
  g_assert_null (result);

  g_cancellable_cancel (cancellable);
  ucwa_session_sign_in_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_resolver_set_default (previous);
}

/* The address is a web server, but not Skype for Business: said so, not
 * retried, and not "the password is wrong". */
static void
test_web_server_is_named_as_not_ucwa (Fixture      *fixture,
                                      gconstpointer data)
{
  g_autofree char       *url = NULL;
  g_autoptr (SoupServer) server = test_web_server_new (&url);
  g_autoptr (GError)     error = NULL;

  sign_in_with (fixture, url, PASSWORD, &error);
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_NOT_UCWA_SERVER);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_SIGNED_OUT);
  g_assert_true (beckon_error_is_about_server_address (error));
}

/* A closed port: "refused", which is about the address, not the password;
 * cancelling the sign-in while it waits to retry ends it. */
static void
test_closed_port_is_named_as_refused (Fixture      *fixture,
                                      gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;
  g_autofree char         *url = g_strdup_printf ("http://127.0.0.1:%u/", test_closed_port ());
  RetryWait                wait = { fixture->session, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED };

  ucwa_session_sign_in_async (fixture->session, url, USER, PASSWORD, cancellable, test_async_result_cb, &result);
  test_wait_until (is_retrying_because, &wait, "a refused connection, named");
  g_assert_true (beckon_error_is_about_server_address (ucwa_session_get_error (fixture->session)));
  g_cancellable_cancel (cancellable);
  ucwa_session_sign_in_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (ucwa_session_get_retry_in (fixture->session), ==, 0);
}

/* Each cause of a failed sign-in reads differently, and only a wrong
 * password sends the user to the password field. */
static void
test_sign_in_errors_name_the_real_cause (void)
{
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  struct
  {
    GQuark      domain;
    gint        code;
    gboolean    about_address;
    const char *words;
  } cases[] = {
    { G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, TRUE, "refused" },
    { G_IO_ERROR, G_IO_ERROR_TIMED_OUT, TRUE, "in time" },
    { G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, TRUE, "name" },
    { G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, TRUE, "certificate" },
    { UCWA_ERROR, UCWA_ERROR_NOT_UCWA_SERVER, TRUE, "not a Skype for Business server" },
    { UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED, FALSE, "password" },
    { G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, FALSE, "Offline" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = g_error_new_literal (cases[i].domain, cases[i].code, "raw");
      char              *message = beckon_error_message_for_session (error);

      g_assert_nonnull (strstr (message, cases[i].words));
      g_assert_null (strstr (message, "Could not find"));
      g_assert_cmpint (beckon_error_is_about_server_address (error), ==, cases[i].about_address);
      for (guint j = 0; j < seen->len; j++)
        g_assert_cmpstr (message, !=, g_ptr_array_index (seen, j));
      g_ptr_array_add (seen, message);
    }
}

/* Each way a join by link or a chat the user started can fail reads
 * differently, in words of ours rather than the server's. */
static void
test_join_and_chat_errors_say_why (void)
{
  struct
  {
    char *(*message_for) (const GError *error);
    UcwaError   code;
    const char *words;
  } cases[] = {
    { beckon_error_message_for_join, UCWA_ERROR_INVALID_MEETING_LINK, "not a Skype for Business meeting link" },
    { beckon_error_message_for_join, UCWA_ERROR_FOREIGN_MEETING, "another organization" },
    { beckon_error_message_for_join, UCWA_ERROR_DESTINATION_NOT_FOUND, "does not know this meeting" },
    { beckon_error_message_for_join, UCWA_ERROR_MEETING_ENDED, "has ended" },
    { beckon_error_message_for_join, UCWA_ERROR_LOBBY_DENIED, "lobby" },
    { beckon_error_message_for_join, UCWA_ERROR_SIGNED_OUT, "Sign in to join" },
    { beckon_error_message_for_start_chat, UCWA_ERROR_DECLINED, "declined" },
    { beckon_error_message_for_start_chat, UCWA_ERROR_NO_ANSWER, "No answer" },
    { beckon_error_message_for_start_chat, UCWA_ERROR_UNAVAILABLE, "offline" },
    { beckon_error_message_for_start_chat, UCWA_ERROR_DESTINATION_NOT_FOUND, "no one with this address" },
    { beckon_error_message_for_start_chat, UCWA_ERROR_SIGNED_OUT, "Sign in to start a chat" },
  };
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError)    other = g_error_new_literal (UCWA_ERROR, UCWA_ERROR_FAILED, "the server's words");
  g_autofree char      *join_other = beckon_error_message_for_join (other);
  g_autofree char      *chat_other = beckon_error_message_for_start_chat (other);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = g_error_new_literal (UCWA_ERROR, cases[i].code, "raw");
      char              *message = cases[i].message_for (error);

      g_test_message ("%s", message);
      g_assert_nonnull (strstr (message, cases[i].words));
      g_assert_null (strstr (message, "raw"));
      for (guint j = 0; j < seen->len; j++)
        g_assert_cmpstr (message, !=, g_ptr_array_index (seen, j));
      g_ptr_array_add (seen, message);
    }

  /* Nothing of ours to say: the server's words, after what failed. */
  g_assert_cmpstr (join_other, ==, "Could not join the meeting: the server's words");
  g_assert_cmpstr (chat_other, ==, "Could not start the chat: the server's words");
}

/* While a sign-in retries, the page says so and when. */
static void
test_retrying_sign_in_says_when (void)
{
  g_autoptr (GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "raw");
  g_autoptr (GError) offline = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, "raw");
  g_autofree char   *retrying = beckon_error_message_for_sign_in_retry (refused, 4);
  g_autofree char   *waiting = beckon_error_message_for_sign_in_retry (offline, 0);

  g_assert_nonnull (strstr (retrying, "Could not reach the server — retrying in 4 seconds"));
  g_assert_nonnull (strstr (retrying, "refused"));
  g_assert_cmpstr (waiting, ==, "Offline — waiting for the network.");
}

/* The desktop around it: network changes and suspend. */

typedef struct
{
  Fixture *fixture;
  guint    event_gets;
  guint    checks;
} PollWait;

static gboolean
is_parked (gpointer user_data)
{
  Fixture *fixture = user_data;

  return ucwa_sim_server_count_parked_requests (fixture->sim) == 1;
}

static gboolean
polled_again (gpointer user_data)
{
  PollWait *wait = user_data;

  return wait->fixture->event_gets > wait->event_gets &&
         ucwa_sim_server_count_parked_requests (wait->fixture->sim) == 1;
}

/* Long polls parked for long, and a backoff far beyond the test's patience:
 * only waking up at once can make the channel poll again in time. */
static void
sign_in_for_a_long_wait (Fixture *fixture)
{
  ucwa_sim_server_set_max_hold (fixture->sim, 120000);
  sign_in (fixture);
  ucwa_event_channel_set_backoff (ucwa_session_get_event_channel (fixture->session), 120000, 120000);
  test_wait_until (is_parked, fixture, "a parked P-GET");
}

/* The Wi-Fi drops: the session says "offline" (no countdown), and when the
 * network is back it polls at once, without waiting out a backoff. */
static void
test_wifi_drops_and_comes_back (Fixture      *fixture,
                                gconstpointer data)
{
  g_autoptr (TestNetworkMonitor) monitor = g_object_new (TEST_TYPE_NETWORK_MONITOR, NULL);
  UcwaEventChannel              *channel = ucwa_session_get_event_channel (fixture->session);
  g_autofree char               *id = NULL;
  PollWait                       wait = { fixture, 0, 0 };

  ucwa_event_channel_set_network_monitor (channel, G_NETWORK_MONITOR (monitor));
  sign_in_for_a_long_wait (fixture);

  test_network_monitor_set_available (monitor, FALSE);
  g_assert_true (ucwa_event_channel_get_offline (channel));
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_RECONNECTING);
  g_assert_error ((GError *) ucwa_session_get_error (fixture->session), G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);

  /* The P-GET dies with the network: still offline, no retries counted. */
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_EVENTS_DROP_CONNECTION, 1);
  test_drain_main_context ();
  g_assert_cmpuint (ucwa_session_get_retry_in (fixture->session), ==, 0);
  g_assert_error ((GError *) ucwa_session_get_error (fixture->session), G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);

  wait.event_gets = fixture->event_gets;
  test_network_monitor_set_available (monitor, TRUE);
  g_assert_false (ucwa_event_channel_get_offline (channel));
  test_wait_until (polled_again, &wait, "a P-GET as soon as the network is back");

  id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Back?");
  g_assert_nonnull (id);
  test_wait_until (is_online, fixture->session, "online again");
  g_assert_cmpuint (fixture->signed_out, ==, 0);
}

static gboolean
resume_until_polled (gpointer user_data)
{
  PollWait *wait = user_data;

  if (wait->fixture->event_gets > wait->event_gets)
    return TRUE;
  /* Now and then (each check is 50 ms apart): a resume heard too often
   * replaces each new P-GET before it reaches the server. */
  if (wait->checks++ % 20 == 0)
    {
      fake_logind_emit_prepare_for_sleep (TRUE);
      fake_logind_emit_prepare_for_sleep (FALSE);
    }
  return FALSE;
}

/* The laptop wakes from suspend: the parked P-GET died with the old
 * connection and the watchdog's clock stood still, so the channel polls
 * again at once when logind says the machine resumed. */
static void
test_laptop_resumes_from_suspend (Fixture      *fixture,
                                  gconstpointer data)
{
  PollWait wait = { fixture, 0, 0 };

  sign_in_for_a_long_wait (fixture);
  wait.event_gets = fixture->event_gets;
  /* Until the channel has subscribed on the bus, the signal goes unheard:
   * resume again at every check. */
  test_wait_until (resume_until_polled, &wait, "a P-GET right after the resume");
  test_wait_until (polled_again, &wait, "the new P-GET parked");
  g_assert_cmpuint (fixture->signed_out, ==, 0);
}

static gboolean
is_waiting_for_the_network (gpointer session)
{
  return g_error_matches (ucwa_session_get_error (session), G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
}

/* An autostarted service comes up before the network: the sign-in says
 * "offline" and signs in as soon as the network comes. */
static void
test_autostart_before_the_network (Fixture      *fixture,
                                   gconstpointer data)
{
  g_autoptr (TestNetworkMonitor) monitor = g_object_new (TEST_TYPE_NETWORK_MONITOR, NULL);
  g_autoptr (UcwaSimServer)      late = ucwa_sim_server_new ();
  g_autoptr (GAsyncResult)       result = NULL;
  g_autoptr (GError)             error = NULL;
  UcwaEventChannel              *channel = ucwa_session_get_event_channel (fixture->session);
  guint16                        port = test_closed_port ();
  g_autofree char               *url = g_strdup_printf ("http://127.0.0.1:%u/", port);

  ucwa_event_channel_set_network_monitor (channel, G_NETWORK_MONITOR (monitor));
  ucwa_event_channel_set_backoff (channel, 120000, 120000);
  test_network_monitor_set_available (monitor, FALSE);

  ucwa_session_sign_in_async (fixture->session, url, USER, PASSWORD, NULL, test_async_result_cb, &result);
  test_wait_until (is_waiting_for_the_network, fixture->session, "offline, waiting for the network");
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_SIGNING_IN);
  g_assert_cmpuint (ucwa_session_get_retry_in (fixture->session), ==, 0);

  /* The network comes, and with it the server. */
  ucwa_sim_server_add_user (late, USER, PASSWORD, "Alice Example");
  g_assert_true (ucwa_sim_server_listen (late, port, &error));
  g_assert_no_error (error);
  test_network_monitor_set_available (monitor, TRUE);

  ucwa_session_sign_in_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_ONLINE);
}

int
main (int argc, char **argv)
{
  g_autoptr (GTestDBus)       system_bus = NULL;
  g_autoptr (GDBusConnection) system_singleton = NULL;
  g_autoptr (GError)          error = NULL;
  GVariant                   *reply;
  int                         status;

  g_test_init (&argc, &argv, NULL);

  /* A private bus stands in for the system bus, with a fake logind on it. */
  system_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (system_bus);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", g_test_dbus_get_bus_address (system_bus), TRUE);
  system_singleton = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error);
  g_assert_no_error (error);
  /* Taking the bus down at the end must not end the test program. */
  g_dbus_connection_set_exit_on_close (system_singleton, FALSE);
  fake_logind = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (system_bus),
                                                        G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                          G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                        NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (fake_logind, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.login1", 0),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_unref (reply);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/network/token-server-hiccups-during-renewal", test_token_server_hiccups_during_renewal);
  ADD ("/network/wrong-password-stops-at-once", test_wrong_password_stops_at_once);
  ADD ("/network/sign-in-waits-for-a-server-that-is-starting", test_sign_in_waits_for_a_server_that_is_starting);
  ADD ("/network/sign-in-rides-out-a-token-server-hiccup", test_sign_in_rides_out_a_token_server_hiccup);
  ADD ("/network/sign-in-waits-as-long-as-a-restarting-server-asks",
       test_sign_in_waits_as_long_as_a_restarting_server_asks);
  ADD ("/network/sign-in-waits-as-the-server-asks-to-create-the-application",
       test_sign_in_waits_as_the_server_asks_to_create_the_application);
  ADD ("/network/recreation-waits-as-the-server-asks", test_recreation_waits_as_the_server_asks);
  ADD ("/network/hung-server-is-named-as-timed-out", test_hung_server_is_named_as_timed_out);
  ADD ("/network/name-not-resolved-is-named-and-retried", test_name_not_resolved_is_named_and_retried);
  ADD ("/network/web-server-is-named-as-not-ucwa", test_web_server_is_named_as_not_ucwa);
  ADD ("/network/closed-port-is-named-as-refused", test_closed_port_is_named_as_refused);
  ADD ("/network/wifi-drops-and-comes-back", test_wifi_drops_and_comes_back);
  ADD ("/network/laptop-resumes-from-suspend", test_laptop_resumes_from_suspend);
  ADD ("/network/autostart-before-the-network", test_autostart_before_the_network);
#undef ADD
  g_test_add_func ("/network/sign-in-errors-name-the-real-cause", test_sign_in_errors_name_the_real_cause);
  g_test_add_func ("/network/retrying-sign-in-says-when", test_retrying_sign_in_says_when);
  g_test_add_func ("/network/join-and-chat-errors-say-why", test_join_and_chat_errors_say_why);

  status = g_test_run ();

  g_dbus_connection_close_sync (fake_logind, NULL, NULL);
  g_clear_object (&fake_logind);
  g_clear_object (&system_singleton);
  g_test_dbus_down (system_bus);
  return status;
}

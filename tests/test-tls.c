/* test-tls.c: certificate verification, end to end over real loopback HTTPS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The simulator serves HTTPS with tests/data/server-cert.pem, issued by a
 * test CA that no system trusts: the client must refuse it until that CA is
 * configured as the extra CA, and must not be fooled by another CA or by a
 * host name the certificate does not name.  A resolver of our own
 * (fake-resolver.c) answers (and records) every name lookup, so that tests
 * can point real names at loopback and prove that a refused address caused
 * no traffic at all.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "sim-fixture.h"
#include "fake-resolver.h"
#include "test-util.h"
#include "ucwa-error.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "correct horse battery staple"

/* Not in the certificate, so the extra CA must not vouch for it. */
#define UNNAMED_HOST "ucwa.contoso.com"
/* Where a plain-HTTP link points: the trap's plain listener. */
#define PLAIN_HOST "lyncdiscover.contoso.com"

/* Fixture */

typedef struct
{
  UcwaSimServer *sim;
  UcwaSession   *session;
  char          *root;     /* https://127.0.0.1:PORT/ */
  GPtrArray     *requests; /* "METHOD path" as the simulator received them */
  GPtrArray     *added;    /* UcwaInvitation, as announced */
  GPtrArray     *accepted; /* ids the simulator saw accepted */
  GPtrArray     *received; /* texts the remote party received */

  TestResolver *resolver;
  GResolver    *previous_resolver;

  /* A stand-in server for what the simulator cannot serve (see start_trap). */
  SoupServer *trap_secure;
  SoupServer *trap_plain;
  char       *trap_root; /* https://127.0.0.1:PORT/ */
  guint16     trap_plain_port;
  GPtrArray  *trap_requests; /* "scheme METHOD path" */
} Fixture;

typedef gboolean (*Condition) (Fixture *fixture);

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static void
wait_until (Fixture    *fixture,
            Condition   cond,
            const char *what)
{
  test_wait_until ((TestCondition) cond, fixture, what);
}

static void
request_cb (UcwaSimServer *sim,
            const char    *method,
            const char    *path,
            const char    *authorization,
            Fixture       *fixture)
{
  g_ptr_array_add (fixture->requests, g_strdup_printf ("%s %s", method, path));
}

static void
invitation_answered_cb (UcwaSimServer *sim,
                        const char    *id,
                        gboolean       accepted,
                        Fixture       *fixture)
{
  if (accepted)
    g_ptr_array_add (fixture->accepted, g_strdup (id));
}

static void
message_received_cb (UcwaSimServer *sim,
                     const char    *id,
                     const char    *text,
                     Fixture       *fixture)
{
  g_ptr_array_add (fixture->received, g_strdup (text));
}

static void
invitation_added_cb (UcwaModel      *model,
                     UcwaInvitation *invitation,
                     Fixture        *fixture)
{
  g_ptr_array_add (fixture->added, g_object_ref (invitation));
}

static GTlsCertificate *
load_server_certificate (void)
{
  g_autofree char            *cert_path = data_path ("server-cert.pem");
  g_autofree char            *key_path = data_path ("server-key.pem");
  g_autoptr (GError)          error = NULL;
  g_autoptr (GTlsCertificate) certificate = NULL;

  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&certificate);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GTlsCertificate) certificate = load_server_certificate ();
  g_autoptr (GError)          error = NULL;

  fixture->previous_resolver = g_resolver_get_default ();
  fixture->resolver = test_resolver_new ();
  test_resolver_add_host (fixture->resolver, UNNAMED_HOST, "127.0.0.1");
  test_resolver_add_host (fixture->resolver, PLAIN_HOST, "127.0.0.1");
  g_resolver_set_default (G_RESOLVER (fixture->resolver));

  fixture->sim = sim_fixture_new_server (USER, PASSWORD);
  ucwa_sim_server_set_max_hold (fixture->sim, 2000);
  g_assert_true (ucwa_sim_server_set_tls_certificate (fixture->sim, certificate, &error));
  g_assert_no_error (error);
  fixture->root = sim_fixture_listen (fixture->sim);

  fixture->session = sim_fixture_new_session ();

  fixture->requests = g_ptr_array_new_with_free_func (g_free);
  fixture->added = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->accepted = g_ptr_array_new_with_free_func (g_free);
  fixture->received = g_ptr_array_new_with_free_func (g_free);
  fixture->trap_requests = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (fixture->sim, "request", G_CALLBACK (request_cb), fixture);
  g_signal_connect (fixture->sim, "invitation-answered", G_CALLBACK (invitation_answered_cb), fixture);
  g_signal_connect (fixture->sim, "message-received", G_CALLBACK (message_received_cb), fixture);
  g_signal_connect (ucwa_session_get_model (fixture->session), "invitation-added",
                    G_CALLBACK (invitation_added_cb), fixture);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (fixture->sim, fixture);
  g_signal_handlers_disconnect_by_data (ucwa_session_get_model (fixture->session), fixture);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->sim);
  if (fixture->trap_secure != NULL)
    soup_server_disconnect (fixture->trap_secure);
  if (fixture->trap_plain != NULL)
    soup_server_disconnect (fixture->trap_plain);
  g_clear_object (&fixture->trap_secure);
  g_clear_object (&fixture->trap_plain);
  /* Let cancelled requests unwind before the next test. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_resolver_set_default (fixture->previous_resolver);
  g_clear_object (&fixture->previous_resolver);
  g_clear_object (&fixture->resolver);
  g_clear_pointer (&fixture->requests, g_ptr_array_unref);
  g_clear_pointer (&fixture->added, g_ptr_array_unref);
  g_clear_pointer (&fixture->accepted, g_ptr_array_unref);
  g_clear_pointer (&fixture->received, g_ptr_array_unref);
  g_clear_pointer (&fixture->trap_requests, g_ptr_array_unref);
  g_free (fixture->trap_root);
  g_free (fixture->root);
}

static void
set_extra_ca (Fixture    *fixture,
              const char *name)
{
  g_autofree char   *path = data_path (name);
  g_autoptr (GError) error = NULL;

  g_assert_true (ucwa_connection_set_extra_ca_file (ucwa_session_get_connection (fixture->session), path, &error));
  g_assert_no_error (error);
}

static void
sign_in_with (Fixture    *fixture,
              const char *root,
              GError    **error)
{
  sim_fixture_sign_in (fixture->session, root, USER, PASSWORD, error);
}

static guint
count_requests (GPtrArray  *requests,
                const char *suffix)
{
  guint count = 0;

  for (guint i = 0; i < requests->len; i++)
    if (g_str_has_suffix (g_ptr_array_index (requests, i), suffix))
      count++;

  return count;
}

/* What a refused server must look like afterwards: nothing was created,
 * the password never left, and the session says why it is signed out. */
static void
assert_nothing_reached_the_simulator (Fixture *fixture)
{
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_SIGNED_OUT);
  g_assert_nonnull (ucwa_session_get_error (fixture->session));
  g_assert_false (ucwa_connection_has_token (ucwa_session_get_connection (fixture->session)));
  g_assert_cmpuint (ucwa_sim_server_count_applications (fixture->sim), ==, 0);
  g_assert_cmpuint (count_requests (fixture->requests, "/WebTicket/oauthtoken"), ==, 0);
  /* The handshake fails before any request is read: not even the
   * anonymous autodiscovery GET got through. */
  g_assert_cmpuint (fixture->requests->len, ==, 0);
}

/* The message that glib-networking gives a refused certificate: the
 * session keeps it in the discovery error's message. */
#define TLS_REFUSED "Unacceptable TLS certificate"

static void
assert_tls_refused (Fixture      *fixture,
                    const GError *error)
{
  /* Discovery reports an untrusted certificate as what it is, so that the
   * user is told about the certificate, not about a missing server. */
  g_assert_true (error != NULL && error->domain == G_TLS_ERROR);
  g_assert_nonnull (strstr (error->message, TLS_REFUSED));
  g_assert_true (ucwa_session_get_error (fixture->session)->domain == G_TLS_ERROR);
  assert_nothing_reached_the_simulator (fixture);
}

/* The trap: what the simulator cannot serve, an HTTPS autodiscovery root
 * whose user link is plain http:// to a real-looking host.  That host
 * resolves (through TestResolver) to the trap's own plain listener, so a
 * client that followed the link would be seen doing it. */

static void
trap_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture         *fixture = user_data;
  const char      *scheme = g_uri_get_scheme (soup_server_message_get_uri (msg));
  g_autofree char *body = NULL;

  g_ptr_array_add (fixture->trap_requests,
                   g_strdup_printf ("%s %s %s", scheme, soup_server_message_get_method (msg), path));

  if (server != fixture->trap_secure || g_strcmp0 (path, "/") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  body = g_strdup_printf ("{\"_links\":{"
                          "\"self\":{\"href\":\"%s\"},"
                          "\"user\":{\"href\":\"http://" PLAIN_HOST ":%u/Autodiscover/AutodiscoverService.svc/root/oauth/user\"}"
                          "}}",
                          fixture->trap_root, fixture->trap_plain_port);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static guint16
listen_port (SoupServer             *server,
             SoupServerListenOptions options)
{
  g_autoptr (GError) error = NULL;
  GSList            *uris;
  guint16            port;

  g_assert_true (soup_server_listen_local (server, 0, options | SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  port = (guint16) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

static void
start_trap (Fixture *fixture)
{
  g_autoptr (GTlsCertificate) certificate = load_server_certificate ();

  fixture->trap_secure = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (fixture->trap_secure, NULL, trap_cb, fixture, NULL);
  fixture->trap_root = g_strdup_printf ("https://127.0.0.1:%u/", listen_port (fixture->trap_secure, SOUP_SERVER_LISTEN_HTTPS));

  fixture->trap_plain = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->trap_plain, NULL, trap_cb, fixture, NULL);
  fixture->trap_plain_port = listen_port (fixture->trap_plain, 0);
}

/* (a) The system does not trust the test CA, so neither does Beckon. */
static void
test_untrusted (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (g_str_has_prefix (fixture->root, "https://127.0.0.1:"));

  sign_in_with (fixture, fixture->root, &error);
  assert_tls_refused (fixture, error);
}

static gboolean
has_invitation (Fixture *fixture)
{
  return fixture->added->len > 0;
}

static gboolean
remote_got_reply (Fixture *fixture)
{
  return fixture->received->len > 0;
}

/* (b) The extra CA makes the whole flow work over HTTPS: discovery, token,
 * application, event channel (its own SoupSession), answer, message. */
static void
test_extra_ca (Fixture      *fixture,
               gconstpointer data)
{
  g_autofree char         *id = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;
  UcwaInvitation          *invitation;
  UcwaConversation        *conversation;

  set_extra_ca (fixture, "test-ca.pem");
  sign_in_with (fixture, fixture->root, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_ONLINE);
  g_assert_cmpuint (ucwa_sim_server_count_applications (fixture->sim), ==, 1);
  g_assert_cmpuint (count_requests (fixture->requests, "POST /WebTicket/oauthtoken"), ==, 1);
  g_assert_true (ucwa_connection_has_token (ucwa_session_get_connection (fixture->session)));

  id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com",
                                            "Bob Builder", "Hello over TLS");
  g_assert_nonnull (id);
  wait_until (fixture, has_invitation, "an invitation over the HTTPS event channel");
  invitation = g_ptr_array_index (fixture->added, 0);
  g_assert_cmpstr (ucwa_invitation_get_message (invitation), ==, "Hello over TLS");
  /* Every href the simulator hands out is https:// too. */
  g_assert_true (g_str_has_prefix (ucwa_invitation_get_accept_href (invitation), fixture->root));

  ucwa_session_accept_async (fixture->session, invitation, NULL, test_async_result_cb, &result);
  ucwa_session_accept_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_invitation_get_status (invitation), ==, UCWA_INVITATION_STATUS_SUCCEEDED);
  g_assert_cmpuint (fixture->accepted->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->accepted, 0), ==, id);

  conversation = ucwa_model_lookup_conversation (ucwa_session_get_model (fixture->session),
                                                 ucwa_invitation_get_conversation_href (invitation));
  g_assert_nonnull (conversation);
  g_assert_true (g_str_has_prefix (ucwa_conversation_get_href (conversation), fixture->root));
  g_assert_cmpint (ucwa_conversation_get_state (conversation), ==, UCWA_CONVERSATION_STATE_CONNECTED);

  g_clear_object (&result);
  ucwa_session_send_message_async (fixture->session, conversation, "Sent over TLS", NULL,
                                   test_async_result_cb, &result);
  ucwa_session_send_message_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_no_error (error);
  wait_until (fixture, remote_got_reply, "the message at the simulator");
  g_assert_cmpstr (g_ptr_array_index (fixture->received, 0), ==, "Sent over TLS");
}

/* (c) Trusting some other CA does not help, even one with the same name as
 * the issuer: the chain must verify cryptographically. */
static void
test_wrong_ca (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  set_extra_ca (fixture, "other-ca.pem");
  sign_in_with (fixture, fixture->root, &error);
  assert_tls_refused (fixture, error);
}

/* The extra CA only vouches for the names in the certificate: the same
 * server reached under another name is refused, under one it names works. */
static void
test_wrong_host (Fixture      *fixture,
                 gconstpointer data)
{
  g_autofree char   *unnamed = NULL;
  g_autofree char   *localhost = NULL;
  g_autoptr (GError) error = NULL;
  guint16            port = ucwa_sim_server_get_port (fixture->sim);

  set_extra_ca (fixture, "test-ca.pem");

  unnamed = g_strdup_printf ("https://" UNNAMED_HOST ":%u/", port);
  sign_in_with (fixture, unnamed, &error);
  assert_tls_refused (fixture, error);
  /* The name did resolve to the simulator: the certificate stopped it. */
  g_assert_cmpuint (test_resolver_get_lookups (fixture->resolver)->len, >, 0);
  g_assert_cmpstr (g_ptr_array_index (test_resolver_get_lookups (fixture->resolver), 0), ==, UNNAMED_HOST);
  g_clear_error (&error);

  localhost = g_strdup_printf ("https://localhost:%u/", port);
  sign_in_with (fixture, localhost, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_ONLINE);
}

static void
sign_out (Fixture *fixture)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;

  ucwa_session_sign_out_async (fixture->session, NULL, test_async_result_cb, &result);
  ucwa_session_sign_out_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ucwa_sim_server_count_applications (fixture->sim), ==, 0);
}

/* Withdrawing trust takes effect at once: connections that the old extra
 * CA let through must not be reused after it is replaced or removed (they
 * were, before UcwaConnection started over with new sessions). */
static void
test_ca_change (Fixture      *fixture,
                gconstpointer data)
{
  const char              *next_ca[] = { "other-ca.pem", NULL };
  g_autofree char         *id = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;
  UcwaInvitation          *invitation;

  set_extra_ca (fixture, "test-ca.pem");
  sign_in_with (fixture, fixture->root, &error);
  g_assert_no_error (error);

  /* Set again while online: the P-GET parked right now still delivers, on
   * its old connection, and what follows goes out on new ones. */
  set_extra_ca (fixture, "test-ca.pem");
  id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com",
                                            "Bob Builder", "Still there?");
  g_assert_nonnull (id);
  wait_until (fixture, has_invitation, "an invitation after the CA was set again");
  invitation = g_ptr_array_index (fixture->added, 0);
  ucwa_session_accept_async (fixture->session, invitation, NULL, test_async_result_cb, &result);
  ucwa_session_accept_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->accepted->len, ==, 1);
  sign_out (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (next_ca); i++)
    {
      set_extra_ca (fixture, "test-ca.pem");
      sign_in_with (fixture, fixture->root, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_ONLINE);
      sign_out (fixture);

      /* The simulator keeps the idle connections open for reuse. */
      if (next_ca[i] != NULL)
        set_extra_ca (fixture, next_ca[i]);
      else
        g_assert_true (ucwa_connection_set_extra_ca_file (ucwa_session_get_connection (fixture->session), NULL, NULL));
      g_ptr_array_set_size (fixture->requests, 0);

      sign_in_with (fixture, fixture->root, &error);
      assert_tls_refused (fixture, error);
      g_clear_error (&error);
    }
}

/* (d) Plain http:// to anything but loopback is refused before a single
 * byte, or even a name lookup, goes out. */
static void
test_insecure_discovery (Fixture      *fixture,
                         gconstpointer data)
{
  g_autofree char *trapped = NULL;

  start_trap (fixture);
  trapped = g_strdup_printf ("http://" PLAIN_HOST ":%u/", fixture->trap_plain_port);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (GError) error = NULL;
      const char        *url = i == 0 ? "http://" PLAIN_HOST "/" : trapped;

      sign_in_with (fixture, url, &error);
      g_assert_error (error, UCWA_ERROR, UCWA_ERROR_DISCOVERY_FAILED);
      g_assert_nonnull (strstr (error->message, "Refusing to use the unencrypted address http://" PLAIN_HOST));
      assert_nothing_reached_the_simulator (fixture);
    }

  g_assert_cmpuint (test_resolver_get_lookups (fixture->resolver)->len, ==, 0);
  g_assert_cmpuint (fixture->trap_requests->len, ==, 0);
}

/* (d) An HTTPS autodiscovery root that sends the client on to plain http://
 * (where the password would follow) is refused just the same. */
static void
test_insecure_user_link (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  start_trap (fixture);
  set_extra_ca (fixture, "test-ca.pem");

  sign_in_with (fixture, fixture->trap_root, &error);
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_INSECURE_TRANSPORT);
  g_assert_nonnull (strstr (error->message, "Refusing to use the unencrypted address http://" PLAIN_HOST));
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_SIGNED_OUT);
  g_assert_false (ucwa_connection_has_token (ucwa_session_get_connection (fixture->session)));

  /* The root was fetched over TLS; the http:// link was never followed. */
  g_assert_cmpuint (fixture->trap_requests->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->trap_requests, 0), ==, "https GET /");
  g_assert_cmpuint (test_resolver_get_lookups (fixture->resolver)->len, ==, 0);
}

/* The simulator's own contract in HTTPS mode. */
static void
test_sim_https (void)
{
  g_autoptr (UcwaSimServer)   sim = ucwa_sim_server_new ();
  g_autoptr (GTlsCertificate) certificate = load_server_certificate ();
  g_autoptr (GError)          error = NULL;
  g_autofree char            *root = NULL;
  g_autofree char            *expected = NULL;

  g_assert_true (ucwa_sim_server_listen (sim, 0, &error));
  g_assert_no_error (error);

  /* Too late: the URLs handed out so far would change scheme. */
  g_assert_false (ucwa_sim_server_set_tls_certificate (sim, certificate, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  root = ucwa_sim_server_dup_root_url (sim);
  expected = g_strdup_printf ("http://127.0.0.1:%u/", ucwa_sim_server_get_port (sim));
  g_assert_cmpstr (root, ==, expected);
}

static void
add (const char *path,
     void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  /* The tests talk to loopback and to names TestResolver points there; a
   * proxy from the environment would only get in the way. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tls/sim/after-listen", test_sim_https);
  add ("/tls/untrusted", test_untrusted);
  add ("/tls/extra-ca", test_extra_ca);
  add ("/tls/wrong-ca", test_wrong_ca);
  add ("/tls/wrong-host", test_wrong_host);
  add ("/tls/ca-change", test_ca_change);
  add ("/tls/insecure/discovery", test_insecure_discovery);
  add ("/tls/insecure/user-link", test_insecure_user_link);

  return g_test_run ();
}

/* test-sign-in-policy.c: where the password may go, against servers that
 * try to steer it elsewhere, over real loopback HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two servers of our own play what the simulator cannot: the discovery host
 * the user signs in at (127.0.0.1), which spoofs one step of discovery per
 * test, and somebody else's server (127.0.0.2), a complete fake that would
 * challenge for the password and record it.  127.0.0.2 is another host to
 * the client (its redirect policy compares hosts) yet, being loopback,
 * reachable without TLS, so nothing but the policy stands between it and
 * the password.  A third (127.0.0.3) is a WebTicket host of the user's own
 * domain: the user signs in as alice@127.0.0.3 there, so the policy lets
 * the password go to it.  Each server records every request it receives,
 * headers and body.  The token parser and the token request's body are tested on
 * their own at the end.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "test-util.h"
#include "ucwa-connection.h"
#include "ucwa-error.h"
#include "ucwa-session.h"
#include "ucwa-sign-in-policy.h"
#include "ucwa-token.h"

#define USER     "sip:alice@contoso.com"
#define USERNAME "alice@contoso.com"
/* Spaces and form delimiters: the form must carry it intact. */
#define PASSWORD   "correct horse+battery&staple=%"
#define USER_PATH  "/Autodiscover/AutodiscoverService.svc/root/oauth/user"
#define TOKEN_PATH "/WebTicket/oauthtoken"

/* The streaming token endpoint: far more than the 4 MiB cap, in chunks. */
#define CHUNK_SIZE (64 * 1024)
#define HUGE_TOTAL (64 * 1024 * 1024)

typedef enum {
  SPOOF_NONE,           /* the home server serves every step itself */
  HOME_REDIRECT,        /* the root answers 302 to another path of the same host */
  SPOOF_ROOT,           /* the root's links all point at the foreign server */
  SPOOF_USER_LINK,      /* the root's user link points at the foreign server */
  SPOOF_REDIRECT,       /* the root answers 302 to the foreign server */
  SPOOF_TOKEN_ENDPOINT, /* the challenge names the foreign token endpoint */
  USER_DOMAIN_TOKEN,    /* the challenge names a token endpoint of the user's domain */
  HUGE_TOKEN,           /* the token endpoint streams without end */
} Spoof;

typedef struct
{
  char *line; /* "METHOD /path?query" */
  char *raw;  /* the line, the headers and the body */
  char *body;
} Request;

typedef struct _Fixture Fixture;

typedef struct
{
  Fixture    *fixture;
  SoupServer *server;
  char       *origin; /* http://ADDRESS:PORT */
  GPtrArray  *requests;
} Host;

struct _Fixture
{
  Host         home;
  Host         foreign;
  Host         webticket;
  Spoof        spoof;
  UcwaSession *session;

  /* HUGE_TOKEN: what the token endpoint queued, and wrote before the
   * client hung up. */
  gsize    queued;
  gsize    written;
  gboolean stream_finished;
};

static void
request_free (Request *request)
{
  g_free (request->line);
  g_free (request->raw);
  g_free (request->body);
  g_free (request);
}

static void
record (Host              *host,
        SoupServerMessage *msg)
{
  Request               *request = g_new0 (Request, 1);
  GUri                  *uri = soup_server_message_get_uri (msg);
  SoupMessageBody       *body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes)     bytes = soup_message_body_flatten (body);
  GString               *raw = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char            *name, *value;

  request->line = g_strdup_printf ("%s %s%s%s", soup_server_message_get_method (msg), g_uri_get_path (uri),
                                   g_uri_get_query (uri) ? "?" : "", g_uri_get_query (uri) ? g_uri_get_query (uri) : "");
  request->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  g_string_append_printf (raw, "%s\n", request->line);
  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (raw, "%s: %s\n", name, value);
  g_string_append_printf (raw, "\n%s", request->body);
  request->raw = g_string_free (raw, FALSE);

  g_ptr_array_add (host->requests, request);
}

/* Whether the password reached @host, in the clear or form-encoded. */
static gboolean
received_password (Host *host)
{
  for (guint i = 0; i < host->requests->len; i++)
    {
      Request               *request = g_ptr_array_index (host->requests, i);
      g_autoptr (GHashTable) form = soup_form_decode (request->body);
      g_autofree char       *encoded = g_uri_escape_string (PASSWORD, NULL, FALSE);

      if (strstr (request->raw, PASSWORD) != NULL || strstr (request->raw, encoded) != NULL ||
          g_strcmp0 (g_hash_table_lookup (form, "password"), PASSWORD) == 0)
        return TRUE;
    }
  return FALSE;
}

static guint
count_requests (Host       *host,
                const char *line)
{
  guint count = 0;

  for (guint i = 0; i < host->requests->len; i++)
    if (g_strcmp0 (((Request *) g_ptr_array_index (host->requests, i))->line, line) == 0)
      count++;
  return count;
}

/* The servers */

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *content_type,
       char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, strlen (body));
}

/* Where @host's links of the kind that @spoof spoofs point: to the foreign
 * server when the home server spoofs them, else to @host itself. */
static const char *
link_origin (Host *host,
             Spoof spoof)
{
  Fixture *fixture = host->fixture;

  return host == &fixture->home && fixture->spoof == spoof ? fixture->foreign.origin : host->origin;
}

static void
reply_root (Host              *host,
            SoupServerMessage *msg)
{
  const char *links = link_origin (host, SPOOF_ROOT);
  const char *user = host->fixture->spoof == SPOOF_ROOT ? links : link_origin (host, SPOOF_USER_LINK);

  reply (msg, SOUP_STATUS_OK, "application/json",
         g_strdup_printf ("{\"_links\":{"
                          "\"self\":{\"href\":\"%s/Autodiscover/AutodiscoverService.svc/root\"},"
                          "\"user\":{\"href\":\"%s" USER_PATH "\"},"
                          "\"xframe\":{\"href\":\"%s/Autodiscover/XFrame/XFrame.html\"}}}",
                          links, user, links));
}

static void
reply_challenge (Host              *host,
                 SoupServerMessage *msg)
{
  Fixture         *fixture = host->fixture;
  const char      *endpoint = fixture->spoof == USER_DOMAIN_TOKEN ? fixture->webticket.origin
                                                                  : link_origin (host, SPOOF_TOKEN_ENDPOINT);
  g_autofree char *challenge = g_strdup_printf ("MsRtcOAuth href=\"%s" TOKEN_PATH "\","
                                                "grant_type=\"urn:microsoft.rtc:windows,password\"",
                                                endpoint);

  soup_message_headers_append (soup_server_message_get_response_headers (msg), "WWW-Authenticate", challenge);
  reply (msg, SOUP_STATUS_UNAUTHORIZED, "text/html", g_strdup ("<html><body>401 - Unauthorized</body></html>"));
}

/* One chunk after another, each once the last is written, until the end
 * (which the client should never wait for). */
static void
stream_next_chunk (SoupServerMessage *msg,
                   Fixture           *fixture)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  char            *chunk;

  if (fixture->queued >= HUGE_TOTAL)
    {
      soup_message_body_complete (body);
      return;
    }
  chunk = g_malloc (CHUNK_SIZE);
  memset (chunk, 'A', CHUNK_SIZE);
  soup_message_body_append (body, SOUP_MEMORY_TAKE, chunk, CHUNK_SIZE);
  fixture->queued += CHUNK_SIZE;
}

static void
wrote_body_data_cb (SoupServerMessage *msg,
                    guint              size,
                    Fixture           *fixture)
{
  fixture->written += size;
}

static void
stream_finished_cb (SoupServerMessage *msg,
                    Fixture           *fixture)
{
  fixture->stream_finished = TRUE;
}

/* A token answer that never ends: chunked, so no Content-Length gives it
 * away before the body is read. */
static void
reply_huge_token (Fixture           *fixture,
                  SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  static const char   start[] = "{\"access_token\":\"cwt=";

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (stream_next_chunk), fixture);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), fixture);
  g_signal_connect (msg, "finished", G_CALLBACK (stream_finished_cb), fixture);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            start, sizeof start - 1);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Host            *host = user_data;
  Fixture         *fixture = host->fixture;
  gboolean         home = host == &fixture->home;
  g_autofree char *target = NULL;

  record (host, msg);

  if (home && g_str_equal (path, "/") && fixture->spoof == SPOOF_REDIRECT)
    {
      target = g_strdup_printf ("%s/", fixture->foreign.origin);
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, target);
    }
  else if (home && g_str_equal (path, "/") && fixture->spoof == HOME_REDIRECT)
    {
      target = g_strdup_printf ("%s/Autodiscover/AutodiscoverService.svc/root", host->origin);
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, target);
    }
  else if (g_str_equal (path, "/") || g_str_equal (path, "/Autodiscover/AutodiscoverService.svc/root"))
    reply_root (host, msg);
  else if (g_str_equal (path, USER_PATH))
    reply_challenge (host, msg);
  else if (g_str_equal (path, TOKEN_PATH) && home && fixture->spoof == HUGE_TOKEN)
    reply_huge_token (fixture, msg);
  else if (g_str_equal (path, TOKEN_PATH))
    reply (msg, SOUP_STATUS_BAD_REQUEST, "application/json", g_strdup ("{\"error\":\"invalid_grant\"}"));
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
host_start (Host       *host,
            Fixture    *fixture,
            const char *address)
{
  g_autoptr (GSocketAddress) socket_address = g_inet_socket_address_new_from_string (address, 0);
  g_autoptr (GError)         error = NULL;
  GSList                    *uris;

  host->fixture = fixture;
  host->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  host->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (host->server, NULL, server_cb, host, NULL);
  g_assert_true (soup_server_listen (host->server, socket_address, 0, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (host->server);
  g_assert_nonnull (uris);
  host->origin = g_strdup_printf ("http://%s:%d", address, g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
host_stop (Host *host)
{
  soup_server_disconnect (host->server);
  g_clear_object (&host->server);
  g_clear_pointer (&host->requests, g_ptr_array_unref);
  g_free (host->origin);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->spoof = GPOINTER_TO_INT (data);
  host_start (&fixture->home, fixture, "127.0.0.1");
  host_start (&fixture->foreign, fixture, "127.0.0.2");
  host_start (&fixture->webticket, fixture, "127.0.0.3");
  fixture->session = ucwa_session_new ();
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_object (&fixture->session);
  host_stop (&fixture->home);
  host_stop (&fixture->foreign);
  host_stop (&fixture->webticket);
  test_drain_main_context ();
}

static gboolean
stream_finished (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->stream_finished;
}

static GError *
sign_in_as (Fixture    *fixture,
            const char *user)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char         *root = g_strdup_printf ("%s/", fixture->home.origin);
  GError                  *error = NULL;

  ucwa_session_sign_in_async (fixture->session, root, user, PASSWORD, NULL, test_async_result_cb, &result);
  g_assert_false (ucwa_session_sign_in_finish (fixture->session, test_wait_result (&result), &error));
  g_assert_nonnull (error);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_SIGNED_OUT);
  g_assert_false (ucwa_connection_has_token (ucwa_session_get_connection (fixture->session)));
  return error;
}

static GError *
sign_in (Fixture *fixture)
{
  return sign_in_as (fixture, USER);
}

/* @host's token endpoint asked for the password and got it, once, intact. */
static void
assert_got_password (Host       *host,
                     const char *username)
{
  Request               *token = NULL;
  g_autoptr (GHashTable) form = NULL;

  for (guint i = 0; i < host->requests->len; i++)
    if (g_str_equal (((Request *) g_ptr_array_index (host->requests, i))->line, "POST " TOKEN_PATH))
      token = g_ptr_array_index (host->requests, i);
  g_assert_nonnull (token);
  g_assert_cmpuint (count_requests (host, "POST " TOKEN_PATH), ==, 1);

  form = soup_form_decode (token->body);
  g_assert_cmpstr (g_hash_table_lookup (form, "grant_type"), ==, "password");
  g_assert_cmpstr (g_hash_table_lookup (form, "username"), ==, username);
  g_assert_cmpstr (g_hash_table_lookup (form, "password"), ==, PASSWORD);
  g_assert_true (received_password (host));
}

static void
assert_home_got_password (Fixture *fixture)
{
  assert_got_password (&fixture->home, USERNAME);
}

/* Refused with a clear error naming the foreign host, and the foreign
 * server never heard from the client, let alone got the password. */
static void
assert_refused (Fixture *fixture,
                GError  *error)
{
  g_assert_false (received_password (&fixture->foreign));
  g_assert_cmpuint (fixture->foreign.requests->len, ==, 0);
  g_assert_false (received_password (&fixture->home));
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_FOREIGN_ORIGIN);
  g_assert_nonnull (strstr (error->message, "127.0.0.2"));
}

/* The harness itself: with nothing spoofed, the password does reach the
 * token endpoint it may go to (which refuses it, ending the sign-in). */
static void
test_home (Fixture      *fixture,
           gconstpointer data)
{
  g_autoptr (GError) error = sign_in (fixture);

  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED);
  assert_home_got_password (fixture);
  g_assert_cmpuint (fixture->foreign.requests->len, ==, 0);
}

/* An HTTP redirect within the discovery host is followed, by the sign-in's
 * policy now that the connection no longer follows redirects itself. */
static void
test_home_redirect (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr (GError) error = sign_in (fixture);

  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED);
  g_assert_cmpuint (count_requests (&fixture->home, "GET /"), ==, 1);
  g_assert_cmpuint (count_requests (&fixture->home, "GET /Autodiscover/AutodiscoverService.svc/root"), ==, 1);
  assert_home_got_password (fixture);
}

/* Every spoof: the discovery host answers, the step it spoofs is refused. */
static void
test_spoof (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr (GError) error = sign_in (fixture);

  assert_refused (fixture, error);
  g_assert_cmpuint (count_requests (&fixture->home, "GET /"), ==, 1);
}

/* PROTOCOL.md §2.1: a challenge may name a token endpoint on another host
 * of the user's domain (lyncweb.contoso.com → https://contoso.com/…).  The
 * same policy as discovery's lets the password go there, and only there. */
static void
test_token_endpoint_in_user_domain (Fixture      *fixture,
                                    gconstpointer data)
{
  g_autoptr (GError) error = sign_in_as (fixture, "sip:alice@127.0.0.3");

  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED);
  assert_got_password (&fixture->webticket, "alice@127.0.0.3");
  g_assert_cmpuint (fixture->webticket.requests->len, ==, 1);
  g_assert_false (received_password (&fixture->home));
  g_assert_cmpuint (fixture->foreign.requests->len, ==, 0);
}

/* The same endpoint is somebody else's server to a user of another domain. */
static void
test_token_endpoint_outside_user_domain (Fixture      *fixture,
                                         gconstpointer data)
{
  g_autoptr (GError) error = sign_in (fixture);

  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_FOREIGN_ORIGIN);
  g_assert_nonnull (strstr (error->message, "127.0.0.3"));
  g_assert_cmpuint (fixture->webticket.requests->len, ==, 0);
  g_assert_false (received_password (&fixture->home));
}

/* The policy on its own: the hosts of the discovery host's and the user's
 * domains, nothing that only looks like them. */
static void
test_policy_hosts (void)
{
  static const struct
  {
    const char *target;
    gboolean    allowed;
  } cases[] = {
    { "https://lyncdiscover.contoso.com/", TRUE },
    { "https://LYNCWEB.contoso.com./x", TRUE },
    { "https://contoso.com/WebTicket/oauthtoken", TRUE },
    { "https://pool2.eu.contoso.com:4443/", TRUE },
    { "https://fabrikam.example/", TRUE }, /* the user's domain */
    { "https://sip.fabrikam.example/", TRUE },
    { "https://contoso.com.evil.example/", FALSE },
    { "https://evilcontoso.com/", FALSE },
    { "https://co.uk/", FALSE },
    { "https://127.0.0.1/", FALSE },
    { "https://[::1]/", FALSE },
  };
  g_autoptr (GUri)             discovery = g_uri_parse ("https://lyncdiscover.contoso.com/", G_URI_FLAGS_NONE, NULL);
  g_autoptr (UcwaSignInPolicy) policy = ucwa_sign_in_policy_new (discovery, "Fabrikam.example");
  g_autoptr (UcwaSignInPolicy) none = ucwa_sign_in_policy_new (NULL, "contoso.com");
  g_autoptr (GUri)             loopback = g_uri_parse ("http://127.0.0.1:8080/", G_URI_FLAGS_NONE, NULL);
  g_autoptr (UcwaSignInPolicy) on_loopback = ucwa_sign_in_policy_new (loopback, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GUri) target = g_uri_parse (cases[i].target, G_URI_FLAGS_NONE, NULL);

      g_test_message ("%s", cases[i].target);
      g_assert_nonnull (target);
      g_assert_cmpint (ucwa_sign_in_policy_allows (policy, target), ==, cases[i].allowed);
      g_assert_false (ucwa_sign_in_policy_allows (none, target));
    }

  /* localhost and ::1 are 127.0.0.1 under other names; 127.0.0.2 is not. */
  for (guint i = 0; i < 3; i++)
    {
      const char      *same[] = { "http://localhost:1/", "http://[::1]:2/", "http://127.0.0.1/" };
      g_autoptr (GUri) target = g_uri_parse (same[i], G_URI_FLAGS_NONE, NULL);

      g_assert_true (ucwa_sign_in_policy_allows (on_loopback, target));
    }
  {
    g_autoptr (GUri) other = g_uri_parse ("http://127.0.0.2/", G_URI_FLAGS_NONE, NULL);

    g_assert_false (ucwa_sign_in_policy_allows (on_loopback, other));
    g_assert_false (ucwa_sign_in_policy_allows (policy, NULL));
  }
}

/* A sign-in that ended takes the password with it: a later challenge on
 * the same connection, from the very origin that had it, gets nothing. */
static void
test_no_password_after_sign_out (Fixture      *fixture,
                                 gconstpointer data)
{
  g_autoptr (GError)       error = sign_in (fixture);
  UcwaConnection          *connection = ucwa_session_get_connection (fixture->session);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       again = NULL;
  g_autofree char         *user = g_strdup_printf ("%s" USER_PATH, fixture->home.origin);

  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED);
  g_assert_cmpuint (count_requests (&fixture->home, "POST " TOKEN_PATH), ==, 1);

  ucwa_connection_request_async (connection, "GET", user, NULL, NULL, UCWA_REQUEST_AUTHENTICATED,
                                 NULL, test_async_result_cb, &result);
  response = ucwa_connection_request_finish (connection, test_wait_result (&result), &again);
  g_assert_null (response);
  g_assert_error (again, UCWA_ERROR, UCWA_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (count_requests (&fixture->home, "GET " USER_PATH), ==, 2);
  g_assert_cmpuint (count_requests (&fixture->home, "POST " TOKEN_PATH), ==, 1);
}

/* The rule holds in the connection itself, whoever drives it: a challenge
 * from an origin no sign-in let through gets no password. */
static void
test_unvetted_origin (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr (UcwaConnection) connection = ucwa_connection_new ();
  g_autoptr (GAsyncResult)   result = NULL;
  g_autoptr (UcwaResponse)   response = NULL;
  g_autoptr (GError)         error = NULL;
  g_autofree char           *user = g_strdup_printf ("%s" USER_PATH, fixture->foreign.origin);

  ucwa_connection_set_credentials (connection, USERNAME, PASSWORD);
  ucwa_connection_request_async (connection, "GET", user, NULL, NULL, UCWA_REQUEST_AUTHENTICATED,
                                 NULL, test_async_result_cb, &result);
  response = ucwa_connection_request_finish (connection, test_wait_result (&result), &error);

  g_assert_false (received_password (&fixture->foreign));
  g_assert_cmpuint (fixture->foreign.requests->len, ==, 1);
  g_assert_null (response);
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_FOREIGN_ORIGIN);
  g_assert_nonnull (strstr (error->message, "127.0.0.2"));
  g_assert_false (ucwa_connection_has_token (connection));
}

/* The token endpoint streams far past the cap: the client stops reading at
 * the cap with a clear error, and hangs up long before the end. */
static void
test_huge_token (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr (GError) error = sign_in (fixture);

  /* The server notices the client hang up; by then it had written little
   * more than the cap (and what the sockets buffer), far from the end. */
  test_wait_until (stream_finished, fixture, "the token endpoint to see the client hang up");
  g_test_message ("The token endpoint wrote %zu bytes of %d", fixture->written, HUGE_TOTAL);
  g_assert_cmpuint (fixture->written, >, UCWA_MAX_BODY_SIZE);
  g_assert_cmpuint (fixture->written, <, HUGE_TOTAL / 2);

  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_RESPONSE_TOO_LARGE);
  assert_home_got_password (fixture);
}

/* ucwa_token_parse() on its own */

static gboolean
parse (guint       status,
       const char *body,
       char      **authorization,
       gint64     *expires_in,
       GError    **error)
{
  return ucwa_token_parse (status, body, strlen (body), authorization, expires_in, error);
}

/* A 200 whose token must not be used: no Authorization header comes of it. */
static void
assert_no_usable_token (const char *body)
{
  g_autofree char   *authorization = NULL;
  g_autoptr (GError) error = NULL;
  gint64             expires_in = 0;

  g_assert_false (parse (200, body, &authorization, &expires_in, &error));
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE);
  g_assert_null (authorization);
}

static void
test_token_types (void)
{
  const char *accepted[] = {
    "{\"access_token\":\"cwt=AAEB\",\"token_type\":\"Bearer\",\"expires_in\":3600}",
    "{\"access_token\":\"cwt=AAEB\",\"token_type\":\"bearer\",\"expires_in\":3600}",
    "{\"access_token\":\"cwt=AAEB\",\"token_type\":\"BEARER\",\"expires_in\":\"3600\"}",
    "{\"access_token\":\"cwt=AAEB\",\"expires_in\":3600}",
  };
  const char *refused[] = {
    "{\"access_token\":\"cwt=AAEB\",\"token_type\":\"MAC\",\"expires_in\":3600}",
    "{\"access_token\":\"cwt=AAEB\",\"token_type\":\"Basic\",\"expires_in\":3600}",
    "{\"access_token\":\"cwt=AAEB\",\"token_type\":\"\",\"expires_in\":3600}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autofree char   *authorization = NULL;
      g_autoptr (GError) error = NULL;
      gint64             expires_in = 0;

      g_assert_true (parse (200, accepted[i], &authorization, &expires_in, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (authorization, ==, "Bearer cwt=AAEB");
      g_assert_cmpint (expires_in, ==, 3600);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    assert_no_usable_token (refused[i]);
}

/* What could end the Authorization header or start another one. */
static void
test_token_control_characters (void)
{
  const char *refused[] = {
    "{\"access_token\":\"cwt=AAEB\\r\\nX-Injected: 1\",\"token_type\":\"Bearer\"}",
    "{\"access_token\":\"cwt=AA\\nEB\",\"token_type\":\"Bearer\"}",
    "{\"access_token\":\"cwt=AA\\tEB\",\"token_type\":\"Bearer\"}",
    "{\"access_token\":\"cwt=AAEB\\u007f\",\"token_type\":\"Bearer\"}",
    "{\"access_token\":\"cwt=AAEB\",\"token_type\":\"Bearer\\r\\nX-Injected: 1\"}",
    "{\"access_token\":\"cwt=AAEB\",\"token_type\":\"Bearer\\n\"}",
    "{\"access_token\":\"cwt=AAEB\",\"token_type\":\"\\u0001Bearer\"}",
    "{\"access_token\":\"\",\"token_type\":\"Bearer\"}",
    "{\"token_type\":\"Bearer\"}",
    "{\"access_token\":42,\"token_type\":\"Bearer\"}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    assert_no_usable_token (refused[i]);
}

static void
test_token_oversized (void)
{
  gsize              size = UCWA_MAX_BODY_SIZE + 1;
  g_autofree char   *body = g_malloc (size);
  static const char  start[] = "{\"access_token\":\"cwt=";
  g_autofree char   *authorization = NULL;
  g_autoptr (GError) error = NULL;
  gint64             expires_in = 0;

  /* Valid JSON all the way, so that only the size refuses it. */
  memset (body, 'A', size);
  memcpy (body, start, sizeof start - 1);
  memcpy (body + size - 2, "\"}", 2);
  g_assert_false (ucwa_token_parse (200, body, size, &authorization, &expires_in, &error));
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE);
  g_assert_null (authorization);
  g_clear_error (&error);

  g_assert_false (ucwa_token_parse (400, body, size, &authorization, &expires_in, &error));
  g_assert_nonnull (error);
  g_assert_null (authorization);
}

static void
test_token_errors (void)
{
  struct
  {
    guint       status;
    const char *body;
    int         code;
    gboolean    transient;
  } cases[] = {
    { 400, "{\"error\":\"invalid_grant\"}", UCWA_ERROR_AUTHENTICATION_FAILED, FALSE },
    { 400, "{\"error\":\"unsupported_grant_type\"}", UCWA_ERROR_AUTHENTICATION_FAILED, FALSE },
    { 500, "{\"error\":\"server_error\"}", -1, TRUE },
    { 503, "{\"error\":\"temporarily_unavailable\"}", -1, TRUE },
    { 503, "<html><body>Service Unavailable</body></html>", -1, TRUE },
    { 200, "not JSON at all", UCWA_ERROR_INVALID_RESPONSE, FALSE },
    { 200, "[\"cwt=AAEB\"]", UCWA_ERROR_INVALID_RESPONSE, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char   *authorization = NULL;
      g_autoptr (GError) error = NULL;
      gint64             expires_in = 0;

      g_assert_false (parse (cases[i].status, cases[i].body, &authorization, &expires_in, &error));
      g_assert_nonnull (error);
      g_assert_null (authorization);
      if (cases[i].code >= 0)
        g_assert_error (error, UCWA_ERROR, cases[i].code);
      g_assert_cmpint (ucwa_error_is_transient (error), ==, cases[i].transient);
    }
}

/* The body is what libsoup's own decoder reads back, whatever the
 * characters. */
static void
test_token_request_body (void)
{
  const char *passwords[] = { PASSWORD, "", "pässwörd €", "a%20b+c", "~-._ !*'();:@&=+$,/?#[]" };

  for (gsize i = 0; i < G_N_ELEMENTS (passwords); i++)
    {
      g_autoptr (GBytes)     body = ucwa_token_request_body_new ("DOMAIN\\alice", passwords[i]);
      g_autofree char       *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      g_autoptr (GHashTable) form = soup_form_decode (text);

      g_assert_cmpuint (g_hash_table_size (form), ==, 3);
      g_assert_cmpstr (g_hash_table_lookup (form, "grant_type"), ==, "password");
      g_assert_cmpstr (g_hash_table_lookup (form, "username"), ==, "DOMAIN\\alice");
      g_assert_cmpstr (g_hash_table_lookup (form, "password"), ==, passwords[i]);
    }
}

static void
add (const char *path,
     Spoof       spoof,
     void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, GINT_TO_POINTER (spoof), fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  /* Loopback only: a proxy from the environment would only get in the way. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_init (&argc, &argv, NULL);

  add ("/sign-in-policy/home", SPOOF_NONE, test_home);
  add ("/sign-in-policy/home-redirect", HOME_REDIRECT, test_home_redirect);
  add ("/sign-in-policy/spoofed-root", SPOOF_ROOT, test_spoof);
  add ("/sign-in-policy/spoofed-user-link", SPOOF_USER_LINK, test_spoof);
  add ("/sign-in-policy/spoofed-redirect", SPOOF_REDIRECT, test_spoof);
  add ("/sign-in-policy/foreign-token-endpoint", SPOOF_TOKEN_ENDPOINT, test_spoof);
  add ("/sign-in-policy/token-endpoint/in-user-domain", USER_DOMAIN_TOKEN, test_token_endpoint_in_user_domain);
  add ("/sign-in-policy/token-endpoint/outside-user-domain", USER_DOMAIN_TOKEN,
       test_token_endpoint_outside_user_domain);
  add ("/sign-in-policy/unvetted-origin", SPOOF_NONE, test_unvetted_origin);
  add ("/sign-in-policy/no-password-after-sign-out", SPOOF_NONE, test_no_password_after_sign_out);
  g_test_add_func ("/sign-in-policy/hosts", test_policy_hosts);
  add ("/sign-in-policy/huge-token", HUGE_TOKEN, test_huge_token);
  g_test_add_func ("/sign-in-policy/token/types", test_token_types);
  g_test_add_func ("/sign-in-policy/token/control-characters", test_token_control_characters);
  g_test_add_func ("/sign-in-policy/token/oversized", test_token_oversized);
  g_test_add_func ("/sign-in-policy/token/errors", test_token_errors);
  g_test_add_func ("/sign-in-policy/token/request-body", test_token_request_body);

  return g_test_run ();
}

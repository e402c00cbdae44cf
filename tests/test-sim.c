/* test-sim.c: the UCWA simulator, driven over real loopback HTTP
 *
 * Every test talks to the simulator with a plain SoupSession (not the
 * protocol library) and checks the wire format of PROTOCOL.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "test-json.h"
#include "test-util.h"
#include "ucwa-sim-server.h"

#define USER_SIP      "sip:alice@contoso.com"
#define USER_PASSWORD "s3cret"
#define USER_NAME     "Alice Smith"

/* ------------------------------------------------------------------ */
/* Fixture                                                              */

typedef struct
{
  UcwaSimServer *server;
  SoupSession   *session;
  char          *origin;
  char          *token;
  char          *app_base;
  char          *events_next;
  guint          in_flight;

  /* signals */
  GPtrArray *answered; /* "id:1" / "id:0" */
  GPtrArray *messages; /* "id:text" */
  guint      typing;
  guint      released;
  guint      released_events;
  gboolean   released_invitation;
  guint      created;
  guint      deleted;
  guint      requests;
  char      *last_auth;
  GPtrArray *scratch;
} Fixture;

/* Keeps a string alive until the end of the test, for inline use. */
static const char *
scratch (Fixture *fx, char *owned)
{
  g_ptr_array_add (fx->scratch, owned);
  return owned;
}

#define S(expr) scratch (fx, (expr))

typedef struct
{
  int                 ref_count;
  Fixture            *fx;
  gboolean            done;
  guint               status;
  GError             *error;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;
} Response;

static Response *
response_ref (Response *r)
{
  r->ref_count++;
  return r;
}

static void
response_unref (Response *r)
{
  if (--r->ref_count > 0)
    return;
  g_clear_error (&r->error);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->json, json_node_unref);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_unref)

static void
on_answered (UcwaSimServer *server, const char *id, gboolean accepted, Fixture *fx)
{
  g_ptr_array_add (fx->answered, g_strdup_printf ("%s:%d", id, accepted));
}

static void
on_message (UcwaSimServer *server, const char *id, const char *text, Fixture *fx)
{
  g_ptr_array_add (fx->messages, g_strdup_printf ("%s:%s", id, text));
}

static void
on_typing (UcwaSimServer *server, const char *id, Fixture *fx)
{
  fx->typing++;
}

static void
on_released (UcwaSimServer *server, guint n_events, gboolean has_invitation, Fixture *fx)
{
  fx->released++;
  fx->released_events += n_events;
  fx->released_invitation |= has_invitation;
}

static void
on_created (UcwaSimServer *server, const char *id, Fixture *fx)
{
  fx->created++;
}

static void
on_deleted (UcwaSimServer *server, const char *id, Fixture *fx)
{
  fx->deleted++;
}

static void
on_request (UcwaSimServer *server, const char *method, const char *path, const char *auth, Fixture *fx)
{
  fx->requests++;
  g_free (fx->last_auth);
  fx->last_auth = g_strdup (auth);
}

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fx->server = ucwa_sim_server_new ();
  ucwa_sim_server_add_user (fx->server, USER_SIP, USER_PASSWORD, USER_NAME);
  g_assert_true (ucwa_sim_server_listen (fx->server, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ucwa_sim_server_get_port (fx->server), >, 0);
  fx->origin = g_strdup_printf ("http://127.0.0.1:%u", ucwa_sim_server_get_port (fx->server));

  /* A P-GET, a stalled one and a command can be in flight at once. */
  fx->session = soup_session_new_with_options ("max-conns-per-host", 16, "max-conns", 32,
                                               "timeout", 0, "idle-timeout", 0, NULL);

  fx->scratch = g_ptr_array_new_with_free_func (g_free);
  fx->answered = g_ptr_array_new_with_free_func (g_free);
  fx->messages = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fx->server, "invitation-answered", G_CALLBACK (on_answered), fx);
  g_signal_connect (fx->server, "message-received", G_CALLBACK (on_message), fx);
  g_signal_connect (fx->server, "typing-received", G_CALLBACK (on_typing), fx);
  g_signal_connect (fx->server, "events-released", G_CALLBACK (on_released), fx);
  g_signal_connect (fx->server, "application-created", G_CALLBACK (on_created), fx);
  g_signal_connect (fx->server, "application-deleted", G_CALLBACK (on_deleted), fx);
  g_signal_connect (fx->server, "request", G_CALLBACK (on_request), fx);
}

static gboolean
no_in_flight (gpointer data)
{
  return ((Fixture *) data)->in_flight == 0;
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  /* Held and stalled requests end when the server goes away. */
  g_clear_object (&fx->server);
  test_wait_until (no_in_flight, fx, "the requests in flight to end");
  g_clear_object (&fx->session);
  g_clear_pointer (&fx->answered, g_ptr_array_unref);
  g_clear_pointer (&fx->scratch, g_ptr_array_unref);
  g_clear_pointer (&fx->messages, g_ptr_array_unref);
  g_free (fx->origin);
  g_free (fx->token);
  g_free (fx->app_base);
  g_free (fx->events_next);
  g_free (fx->last_auth);
}

/* ------------------------------------------------------------------ */
/* HTTP                                                                 */

static void
send_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Response    *r = data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  r->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &r->error);
  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (r->body != NULL && g_bytes_get_size (r->body) > 0)
    {
      const char *type = soup_message_headers_get_content_type (r->headers, NULL);

      if (type != NULL && strstr (type, "json") != NULL)
        {
          g_autoptr (JsonParser) parser = json_parser_new ();

          if (json_parser_load_from_data (parser, g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body), NULL))
            r->json = json_node_ref (json_parser_get_root (parser));
        }
    }
  r->done = TRUE;
  r->fx->in_flight--;
  response_unref (r);
}

static char *
absolute (Fixture *fx, const char *href)
{
  if (g_str_has_prefix (href, "http://") || g_str_has_prefix (href, "https://"))
    return g_strdup (href);
  return g_strconcat (fx->origin, href, NULL);
}

static Response *
http_start_full (Fixture    *fx,
                 const char *method,
                 const char *href,
                 const char *content_type,
                 const char *body,
                 const char *token,
                 const char *accept)
{
  g_autofree char        *url = absolute (fx, href);
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  Response               *r = g_new0 (Response, 1);

  g_assert_nonnull (msg);
  r->ref_count = 1;
  r->fx = fx;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                accept != NULL ? accept : "application/json");
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  else if (g_str_equal (method, "POST"))
    {
      g_autoptr (GBytes) bytes = g_bytes_new_static ("", 0);

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  fx->in_flight++;
  soup_session_send_and_read_async (fx->session, msg, G_PRIORITY_DEFAULT, NULL, send_done, response_ref (r));

  return r;
}

static Response *
http_start (Fixture *fx, const char *method, const char *href, const char *content_type, const char *body)
{
  return http_start_full (fx, method, href, content_type, body, fx->token, NULL);
}

static gboolean
response_done (gpointer data)
{
  return ((Response *) data)->done;
}

typedef struct
{
  Fixture    *fx;
  const char *method;
  const char *path_suffix;
  guint       n;
} RequestWait;

static gboolean
requests_reached (gpointer data)
{
  RequestWait *wait = data;

  return ucwa_sim_server_count_requests (wait->fx->server, wait->method, wait->path_suffix) >= wait->n;
}

/* Waits until the server has counted @n requests like that. */
static void
wait_for_requests (Fixture *fx, const char *method, const char *path_suffix, guint n)
{
  RequestWait wait = { fx, method, path_suffix, n };

  test_wait_until (requests_reached, &wait, "the server to receive the request");
}

static Response *
http_wait (Response *r)
{
  test_wait_until (response_done, r, "a response");
  return r;
}

static Response *
http (Fixture *fx, const char *method, const char *href, const char *content_type, const char *body)
{
  return http_wait (http_start (fx, method, href, content_type, body));
}

static Response *
http_noauth (Fixture *fx, const char *method, const char *href, const char *content_type, const char *body)
{
  return http_wait (http_start_full (fx, method, href, content_type, body, NULL, NULL));
}

static JsonObject *
obj (Response *r)
{
  g_assert_nonnull (r->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (r->json));
  return json_node_get_object (r->json);
}

static void
assert_error (Response *r, guint status, const char *code, const char *subcode)
{
  JsonObject *o;

  g_assert_no_error (r->error);
  g_assert_cmpuint (r->status, ==, status);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (r->headers, NULL), "application/json"));
  o = obj (r);
  g_assert_cmpstr (json_object_get_string_member (o, "code"), ==, code);
  g_assert_cmpstr (test_json_path_string (o, "subcode"), ==, subcode);
  g_assert_nonnull (test_json_path_string (o, "message"));
}

/* ------------------------------------------------------------------ */
/* Sign-in helpers                                                      */

static char *
get_token (Fixture *fx, const char *webticket, const char *username, const char *password)
{
  g_autofree char     *user = g_uri_escape_string (username, NULL, FALSE);
  g_autofree char     *pass = g_uri_escape_string (password, NULL, FALSE);
  g_autofree char     *body = g_strdup_printf ("grant_type=password&username=%s&password=%s", user, pass);
  g_autoptr (Response) r = http_noauth (fx, "POST", webticket, "application/x-www-form-urlencoded;charset=UTF-8", body);

  g_assert_cmpuint (r->status, ==, 200);
  return g_strdup (json_object_get_string_member (obj (r), "access_token"));
}

static void
sign_in (Fixture *fx)
{
  g_autofree char *webticket = g_strconcat (fx->origin, "/WebTicket/oauthtoken", NULL);

  g_free (fx->token);
  fx->token = get_token (fx, webticket, "alice@contoso.com", USER_PASSWORD);
  g_assert_true (g_str_has_prefix (fx->token, "cwt="));
}

static JsonNode *
create_app (Fixture *fx, const char *endpoint)
{
  g_autofree char     *body = g_strdup_printf ("{\"UserAgent\":\"test-sim\",\"EndpointId\":\"%s\",\"Culture\":\"en-US\"}", endpoint);
  g_autoptr (Response) r = http (fx, "POST", "/ucwa/oauth/v1/applications", "application/json", body);
  JsonObject          *app;

  g_assert_no_error (r->error);
  g_assert_cmpuint (r->status, ==, 201);
  app = obj (r);
  g_free (fx->app_base);
  fx->app_base = g_strdup (test_json_path_string (app, "_links.self.href"));
  g_free (fx->events_next);
  fx->events_next = g_strdup (test_json_path_string (app, "_links.events.href"));

  return json_node_ref (r->json);
}

static void
make_available (Fixture *fx)
{
  g_autofree char     *href = g_strconcat (fx->app_base, "/me/makeMeAvailable", NULL);
  g_autoptr (Response) r = http (fx, "POST", href, "application/json", "{\"SupportedModalities\":[\"Messaging\"]}");

  g_assert_cmpuint (r->status, ==, 204);
}

/* Signed in, application created, available. */
static void
ready (Fixture *fx)
{
  g_autoptr (JsonNode) app = NULL;

  sign_in (fx);
  app = create_app (fx, "endpoint-1");
  make_available (fx);
}

static gboolean
one_parked (gpointer data)
{
  return ucwa_sim_server_count_parked_requests (((Fixture *) data)->server) == 1;
}

/* GETs the next event set and follows `next`. */
static Response *
poll_events (Fixture *fx)
{
  Response   *r = http (fx, "GET", fx->events_next, NULL, NULL);
  const char *next;

  g_assert_no_error (r->error);
  g_assert_cmpuint (r->status, ==, 200);
  next = test_json_path_string (obj (r), "_links.next.href");
  g_assert_nonnull (next);
  g_free (fx->events_next);
  fx->events_next = g_strdup (next);

  return r;
}

/* Starts a P-GET and waits until the server holds it. */
static Response *
park_events (Fixture *fx)
{
  Response *r = http_start (fx, "GET", fx->events_next, NULL, NULL);

  test_wait_until (one_parked, fx, "the server to hold the P-GET");
  g_assert_false (r->done);
  return r;
}

static void
follow_next (Fixture *fx, Response *r)
{
  g_assert_cmpuint (r->status, ==, 200);
  g_free (fx->events_next);
  fx->events_next = g_strdup (test_json_path_string (obj (r), "_links.next.href"));
  g_assert_nonnull (fx->events_next);
}

static gboolean
has_text (Response *r, const char *fragment)
{
  return r->body != NULL && g_strstr_len (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body), fragment) != NULL;
}

/* P-GETs (following next) until a response contains the fragment. */
static Response *
poll_until_text (Fixture *fx, const char *fragment)
{
  for (guint i = 0; i < 50; i++)
    {
      Response *r = poll_events (fx);

      if (has_text (r, fragment))
        return r;
      response_unref (r);
    }

  g_error ("No event set contains %s", fragment);
}

/* "sender/link.rel/type" for every event, in order. */
static char *
summary (Response *r)
{
  GString  *out = g_string_new (NULL);
  JsonNode *senders = test_json_path_node (obj (r), "sender");

  if (senders == NULL)
    return g_string_free (out, FALSE);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (senders)); i++)
    {
      JsonObject *sender = json_array_get_object_element (json_node_get_array (senders), i);
      JsonArray  *events = json_object_get_array_member (sender, "events");

      g_assert_nonnull (json_object_get_string_member (sender, "href"));
      for (guint j = 0; j < json_array_get_length (events); j++)
        {
          JsonObject *event = json_array_get_object_element (events, j);

          g_assert_nonnull (test_json_path_string (event, "link.href"));
          g_string_append_printf (out, "%s%s/%s/%s", out->len > 0 ? " " : "",
                                  json_object_get_string_member (sender, "rel"),
                                  test_json_path_string (event, "link.rel"),
                                  json_object_get_string_member (event, "type"));
        }
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_nth (JsonObject *event, gpointer data)
{
  guint *nth = data;

  return (*nth)-- == 0;
}

/* The nth (0-based) event with this link rel and type. */
static JsonObject *
find_event (Response *r, const char *rel, const char *type, guint nth)
{
  return test_json_find_event (obj (r), rel, type, is_nth, &nth);
}

/* An IM invitation delivered and its events consumed; returns the id and
 * sets the hrefs of the invitation and conversation. */
static char *
deliver_im (Fixture *fx, const char *text, char **accept, char **decline, char **conversation)
{
  g_autoptr (Response) r = NULL;
  char                *id = ucwa_sim_server_start_im_invitation (fx->server, NULL, "sip:ada@contoso.com", "Ada Lovelace", text);
  JsonObject          *started;

  g_assert_nonnull (id);
  r = poll_events (fx);
  started = find_event (r, "messagingInvitation", "started", 0);
  g_assert_nonnull (started);
  if (accept != NULL)
    *accept = g_strdup (test_json_path_string (test_json_embedded (started, "messagingInvitation"), "_links.accept.href"));
  if (decline != NULL)
    *decline = g_strdup (test_json_path_string (test_json_embedded (started, "messagingInvitation"), "_links.decline.href"));
  if (conversation != NULL)
    *conversation = g_strdup (test_json_path_string (test_json_embedded (started, "messagingInvitation"), "_links.conversation.href"));

  return id;
}

/* An accepted IM conversation; returns the id and the messaging links. */
static char *
connected_im (Fixture *fx, char **messaging)
{
  g_autofree char     *accept = NULL;
  g_autofree char     *conversation = NULL;
  g_autoptr (Response) r = NULL;
  g_autoptr (Response) ev = NULL;
  char                *id = deliver_im (fx, "Hi", &accept, NULL, &conversation);

  r = http (fx, "POST", accept, NULL, NULL);
  g_assert_cmpuint (r->status, ==, 204);
  ev = poll_events (fx);
  g_assert_nonnull (find_event (ev, "messagingInvitation", "completed", 0));
  if (messaging != NULL)
    *messaging = g_strconcat (conversation, "/messaging", NULL);

  return id;
}

/* ------------------------------------------------------------------ */
/* Discovery and authentication                                         */

static void
test_discovery_root (Fixture *fx, gconstpointer data)
{
  g_autofree char     *root = ucwa_sim_server_dup_root_url (fx->server);
  g_autofree char     *expected_user = g_strconcat (fx->origin, "/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=contoso.com", NULL);
  g_autoptr (Response) r = NULL;
  g_autoptr (Response) lower = NULL;
  JsonObject          *o;

  g_assert_cmpstr (root, ==, S (g_strconcat (fx->origin, "/", NULL)));
  r = http_noauth (fx, "GET", root, NULL, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  o = obj (r);
  g_assert_true (g_str_has_prefix (test_json_path_string (o, "_links.self.href"), fx->origin));
  g_assert_cmpstr (test_json_path_string (o, "_links.user.href"), ==, expected_user);
  g_assert_true (g_str_has_suffix (test_json_path_string (o, "_links.xframe.href"), "/Autodiscover/XFrame/XFrame.html"));
  g_assert_null (test_json_path_node (o, "_links.redirect"));

  lower = http_noauth (fx, "GET", "/autodiscover/autodiscoverservice.svc/root", NULL, NULL);
  g_assert_cmpuint (lower->status, ==, 200);
  g_assert_cmpstr (test_json_path_string (obj (lower), "_links.user.href"), ==, expected_user);
}

static void
test_discovery_root_redirect (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response) r = NULL;
  g_autoptr (Response) real = NULL;
  const char          *redirect;

  ucwa_sim_server_set_root_redirect (fx->server, TRUE);
  r = http_noauth (fx, "GET", "/", NULL, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  redirect = test_json_path_string (obj (r), "_links.redirect.href");
  g_assert_nonnull (redirect);
  g_assert_true (g_str_has_prefix (redirect, fx->origin));
  g_assert_null (test_json_path_node (obj (r), "_links.user"));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (obj (r), "_links")), ==, 1);

  real = http_noauth (fx, "GET", redirect, NULL, NULL);
  g_assert_cmpuint (real->status, ==, 200);
  g_assert_nonnull (test_json_path_string (obj (real), "_links.user.href"));
}

static GPtrArray *
header_values (SoupMessageHeaders *headers, const char *name)
{
  GPtrArray             *values = g_ptr_array_new_with_free_func (g_free);
  SoupMessageHeadersIter iter;
  const char            *n, *v;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &n, &v))
    if (g_ascii_strcasecmp (n, name) == 0)
      g_ptr_array_add (values, g_strdup (v));

  return values;
}

static void
check_challenge (Fixture *fx, UcwaSimChallengeStyle style)
{
  g_autoptr (Response)  r = NULL;
  g_autoptr (GPtrArray) values = NULL;
  g_autofree char      *bearer = g_strdup ("Bearer trusted_issuers=\"00000002-0000-0ff1-ce00-000000000000@contoso.com\", "
                                                "client_id=\"00000004-0000-0ff1-ce00-000000000000\"");
  g_autofree char      *quoted = g_strdup_printf ("MsRtcOAuth href=\"%s/WebTicket/oauthtoken\",grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\"", fx->origin);
  g_autofree char      *unquoted = g_strdup_printf ("MsRtcOAuth href=%s/WebTicket/oauthtoken,grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\"", fx->origin);
  g_autofree char      *folded = g_strdup_printf ("%s,%s", bearer, quoted);

  ucwa_sim_server_set_challenge_style (fx->server, style);
  r = http_noauth (fx, "GET", "/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=contoso.com", NULL, NULL);
  g_assert_cmpuint (r->status, ==, 401);
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "text/html");
  values = header_values (r->headers, "WWW-Authenticate");

  switch (style)
    {
    case UCWA_SIM_CHALLENGE_TWO_HEADERS_QUOTED:
      g_assert_cmpuint (values->len, ==, 2);
      g_assert_cmpstr (g_ptr_array_index (values, 0), ==, bearer);
      g_assert_cmpstr (g_ptr_array_index (values, 1), ==, quoted);
      break;
    case UCWA_SIM_CHALLENGE_TWO_HEADERS_UNQUOTED:
      g_assert_cmpuint (values->len, ==, 2);
      g_assert_cmpstr (g_ptr_array_index (values, 0), ==, bearer);
      g_assert_cmpstr (g_ptr_array_index (values, 1), ==, unquoted);
      break;
    case UCWA_SIM_CHALLENGE_FOLDED:
    default:
      g_assert_cmpuint (values->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (values, 0), ==, folded);
      break;
    }
}

static void
test_challenge_quoted (Fixture *fx, gconstpointer data)
{
  check_challenge (fx, UCWA_SIM_CHALLENGE_TWO_HEADERS_QUOTED);
}

static void
test_challenge_unquoted (Fixture *fx, gconstpointer data)
{
  check_challenge (fx, UCWA_SIM_CHALLENGE_TWO_HEADERS_UNQUOTED);
}

static void
test_challenge_folded (Fixture *fx, gconstpointer data)
{
  check_challenge (fx, UCWA_SIM_CHALLENGE_FOLDED);
}

static void
test_token (Fixture *fx, gconstpointer data)
{
  const char *usernames[] = { "alice@contoso.com", "sip:alice@contoso.com", "CONTOSO\\alice", "Alice" };
  const char *types[] = { "application/x-www-form-urlencoded;charset=UTF-8",
                          "application/x-www-form-urlencoded;charset='utf-8'",
                          "application/x-www-form-urlencoded" };

  for (guint i = 0; i < G_N_ELEMENTS (usernames); i++)
    {
      g_autofree char     *user = g_uri_escape_string (usernames[i], NULL, FALSE);
      g_autofree char     *body = g_strdup_printf ("grant_type=password&username=%s&password=" USER_PASSWORD, user);
      g_autoptr (Response) r = http_noauth (fx, "POST", "/WebTicket/oauthtoken", types[i % G_N_ELEMENTS (types)], body);
      g_autoptr (Response) u = NULL;
      JsonObject          *o;

      g_assert_cmpuint (r->status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Cache-Control"), ==, "no-store");
      g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Pragma"), ==, "no-cache");
      o = obj (r);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "access_token"), "cwt="));
      g_assert_cmpint (json_object_get_int_member (o, "expires_in"), ==, 28800);
      g_assert_cmpstr (json_object_get_string_member (o, "ms_rtc_identityscope"), ==, "local");
      g_assert_cmpstr (json_object_get_string_member (o, "token_type"), ==, "Bearer");

      g_free (fx->token);
      fx->token = g_strdup (json_object_get_string_member (o, "access_token"));
      u = http (fx, "GET", "/Autodiscover/AutodiscoverService.svc/root/oauth/user", NULL, NULL);
      g_assert_cmpuint (u->status, ==, 200);
      g_assert_cmpstr (test_json_path_string (obj (u), "_links.applications.href"), ==,
                       S (g_strconcat (fx->origin, "/ucwa/oauth/v1/applications", NULL)));
      g_assert_nonnull (test_json_path_string (obj (u), "_links.self.href"));
      g_assert_nonnull (test_json_path_string (obj (u), "_links.xframe.href"));
      g_assert_cmpstr (fx->last_auth, ==, S (g_strconcat ("Bearer ", fx->token, NULL)));
    }
}

static void
assert_token_error (Fixture *fx, const char *content_type, const char *body, const char *error)
{
  g_autoptr (Response) r = http_noauth (fx, "POST", "/WebTicket/oauthtoken", content_type, body);

  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (obj (r), "error"), ==, error);
  g_assert_nonnull (soup_message_headers_get_one (r->headers, "X-Ms-diagnostics"));
  g_assert_null (test_json_path_node (obj (r), "access_token"));
}

static void
test_token_errors (Fixture *fx, gconstpointer data)
{
  const char          *form = "application/x-www-form-urlencoded";
  g_autoptr (Response) get = NULL;

  assert_token_error (fx, form, "grant_type=password&username=alice@contoso.com&password=wrong", "invalid_grant");
  assert_token_error (fx, form, "grant_type=password&username=bob@contoso.com&password=" USER_PASSWORD, "invalid_grant");
  assert_token_error (fx, form, "grant_type=urn:microsoft.rtc:windows", "unsupported_grant_type");
  assert_token_error (fx, form, "grant_type=urn%3Amicrosoft.rtc%3Apassive", "unsupported_grant_type");
  assert_token_error (fx, form, "grant_type=password&username=alice@contoso.com", "invalid_request");
  assert_token_error (fx, form, "username=alice@contoso.com&password=x", "invalid_request");
  assert_token_error (fx, form, "", "invalid_request");
  assert_token_error (fx, form, "grant_type=password&username=%zz&password=x", "invalid_request");
  assert_token_error (fx, "application/json", "{\"grant_type\":\"password\"}", "invalid_request");

  get = http_noauth (fx, "GET", "/WebTicket/oauthtoken", NULL, NULL);
  g_assert_cmpuint (get->status, ==, 405);
}

static void
test_token_lifetime (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response) r = NULL;
  g_autoptr (Response) ok = NULL;
  g_autoptr (Response) expired = NULL;

  /* The simulator's clock is moved on instead of sleeping; the lifetime is
   * long enough that a slow machine cannot expire the token on its own. */
  ucwa_sim_server_set_token_lifetime (fx->server, 600);
  r = http_noauth (fx, "POST", "/WebTicket/oauthtoken", "application/x-www-form-urlencoded",
                   "grant_type=password&username=alice&password=" USER_PASSWORD);
  g_assert_cmpint (json_object_get_int_member (obj (r), "expires_in"), ==, 600);
  fx->token = g_strdup (json_object_get_string_member (obj (r), "access_token"));

  ok = http (fx, "GET", "/Autodiscover/AutodiscoverService.svc/root/oauth/user", NULL, NULL);
  g_assert_cmpuint (ok->status, ==, 200);

  /* Not before its time… */
  ucwa_sim_server_advance_clock (fx->server, 590 * 1000);
  g_clear_pointer (&ok, response_unref);
  ok = http (fx, "GET", "/Autodiscover/AutodiscoverService.svc/root/oauth/user", NULL, NULL);
  g_assert_cmpuint (ok->status, ==, 200);

  /* …but then. */
  ucwa_sim_server_advance_clock (fx->server, 10 * 1000);
  expired = http (fx, "GET", "/Autodiscover/AutodiscoverService.svc/root/oauth/user", NULL, NULL);
  g_assert_cmpuint (expired->status, ==, 401);
  {
    g_autoptr (GPtrArray) values = header_values (expired->headers, "WWW-Authenticate");

    g_assert_cmpuint (values->len, ==, 2);
  }
}

static void
test_token_expired_fault (Fixture *fx, gconstpointer data)
{
  g_autoptr (JsonNode) app = NULL;
  g_autoptr (Response) r1 = NULL;
  g_autoptr (Response) r2 = NULL;
  g_autoptr (Response) r3 = NULL;
  g_autofree char     *old = NULL;

  sign_in (fx);
  app = create_app (fx, "e");
  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_TOKEN_EXPIRED, 1);

  r1 = http (fx, "GET", fx->app_base, NULL, NULL);
  g_assert_cmpuint (r1->status, ==, 401);
  g_assert_cmpstr (soup_message_headers_get_one (r1->headers, "X-MS-UcwaVersion"), !=, NULL);
  r2 = http (fx, "GET", fx->app_base, NULL, NULL);
  g_assert_cmpuint (r2->status, ==, 401); /* the token stays revoked */

  old = g_strdup (fx->token);
  sign_in (fx);
  g_assert_cmpstr (old, !=, fx->token);
  r3 = http (fx, "GET", fx->app_base, NULL, NULL);
  g_assert_cmpuint (r3->status, ==, 200);
}

static void
test_user_redirect (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response)  user1 = NULL;
  g_autoptr (Response)  noauth2 = NULL;
  g_autoptr (Response)  wrong_pool = NULL;
  g_autoptr (Response)  user2 = NULL;
  g_autoptr (Response)  pool1_app = NULL;
  g_autoptr (Response)  created = NULL;
  g_autoptr (Response)  events = NULL;
  g_autoptr (GPtrArray) challenges = NULL;
  g_autofree char      *redirect = NULL;
  g_autofree char      *pool1_token = NULL;
  g_autofree char      *webticket2 = NULL;
  g_autofree char      *expected_challenge = NULL;
  const char           *applications;

  ucwa_sim_server_set_user_redirect (fx->server, TRUE);
  sign_in (fx);
  pool1_token = g_strdup (fx->token);

  user1 = http (fx, "GET", "/Autodiscover/AutodiscoverService.svc/root/oauth/user", NULL, NULL);
  g_assert_cmpuint (user1->status, ==, 200);
  g_assert_null (test_json_path_node (obj (user1), "_links.applications"));
  redirect = g_strdup (test_json_path_string (obj (user1), "_links.redirect.href"));
  g_assert_true (g_str_has_prefix (redirect, S (g_strconcat (fx->origin, "/pool2/", NULL))));

  /* Pool 1 refuses to host the user's applications. */
  pool1_app = http (fx, "POST", "/ucwa/oauth/v1/applications", "application/json",
                    "{\"userAgent\":\"t\",\"endpointId\":\"e\",\"culture\":\"en-US\"}");
  g_assert_cmpuint (pool1_app->status, ==, 403);

  noauth2 = http_noauth (fx, "GET", redirect, NULL, NULL);
  g_assert_cmpuint (noauth2->status, ==, 401);
  challenges = header_values (noauth2->headers, "WWW-Authenticate");
  webticket2 = g_strconcat (fx->origin, "/pool2/WebTicket/oauthtoken", NULL);
  expected_challenge = g_strdup_printf ("MsRtcOAuth href=\"%s\",grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\"", webticket2);
  g_assert_cmpstr (g_ptr_array_index (challenges, 1), ==, expected_challenge);

  /* Tokens are per pool. */
  wrong_pool = http (fx, "GET", redirect, NULL, NULL);
  g_assert_cmpuint (wrong_pool->status, ==, 401);

  g_free (fx->token);
  fx->token = get_token (fx, webticket2, "sip:alice@contoso.com", USER_PASSWORD);
  user2 = http (fx, "GET", redirect, NULL, NULL);
  g_assert_cmpuint (user2->status, ==, 200);
  applications = test_json_path_string (obj (user2), "_links.applications.href");
  g_assert_cmpstr (applications, ==, S (g_strconcat (fx->origin, "/pool2/ucwa/oauth/v1/applications", NULL)));

  created = http (fx, "POST", applications, "application/json",
                  "{\"userAgent\":\"t\",\"endpointId\":\"e\",\"culture\":\"en-US\"}");
  g_assert_cmpuint (created->status, ==, 201);
  g_assert_true (g_str_has_prefix (test_json_path_string (obj (created), "_links.events.href"), "/pool2/ucwa/oauth/v1/applications/"));

  {
    g_autofree char *token2 = g_strdup (fx->token);

    g_free (fx->token);
    fx->token = g_strdup (pool1_token);
    events = http (fx, "GET", test_json_path_string (obj (created), "_links.events.href"), NULL, NULL);
    g_assert_cmpuint (events->status, ==, 401);
    g_free (fx->token);
    fx->token = g_steal_pointer (&token2);
  }
}

/* ------------------------------------------------------------------ */
/* Applications                                                         */

static void
test_application_create (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response) noauth = NULL;
  g_autoptr (Response) r = NULL;
  g_autoptr (Response) camel = NULL;
  JsonObject          *o;
  JsonObject          *links;
  const char          *self_href;
  g_autofree char     *prefix = NULL;
  const char          *me_links[] = { "self", "makeMeAvailable", "callForwardingSettings", "phones", "photo" };
  const char          *people_links[] = { "self", "presenceSubscriptions", "subscribedContacts", "presenceSubscriptionMemberships",
                                          "myGroups", "myGroupMemberships", "myContacts", "myPrivacyRelationships",
                                          "myContactsAndGroupsSubscription", "search" };
  const char          *comm_links[] = { "self", "conversations", "startMessaging", "startOnlineMeeting", "joinOnlineMeeting" };

  noauth = http_noauth (fx, "POST", "/ucwa/oauth/v1/applications", "application/json", "{}");
  g_assert_cmpuint (noauth->status, ==, 401);

  sign_in (fx);
  r = http (fx, "POST", "/ucwa/oauth/v1/applications", "application/json",
            "{\"UserAgent\":\"UCWA Samples\",\"EndpointId\":\"a917c6f4-976c-4cf3-847d-cdfffa28ccdf\",\"Culture\":\"en-US\"}");
  g_assert_cmpuint (r->status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Content-Type"), ==, "application/json; charset=utf-8");
  g_assert_nonnull (soup_message_headers_get_one (r->headers, "X-MS-UcwaVersion"));
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (r->headers, "Set-Cookie"), "cwt_ucwa="));
  g_assert_cmpuint (fx->created, ==, 1);
  g_assert_cmpuint (ucwa_sim_server_count_applications (fx->server), ==, 1);

  o = obj (r);
  g_assert_cmpstr (json_object_get_string_member (o, "culture"), ==, "en-US");
  g_assert_cmpstr (json_object_get_string_member (o, "userAgent"), ==, "UCWA Samples");
  g_assert_cmpstr (json_object_get_string_member (o, "rel"), ==, "application");
  self_href = test_json_path_string (o, "_links.self.href");
  g_assert_true (g_str_has_prefix (self_href, "/ucwa/oauth/v1/applications/"));
  prefix = g_strdup (self_href);
  g_assert_cmpstr (test_json_path_string (o, "_links.policies.href"), ==, S (g_strconcat (prefix, "/policies", NULL)));
  g_assert_cmpstr (test_json_path_string (o, "_links.batch.href"), ==, S (g_strconcat (prefix, "/batch", NULL)));
  g_assert_cmpstr (test_json_path_string (o, "_links.events.href"), ==, S (g_strconcat (prefix, "/events?ack=1", NULL)));

  g_assert_cmpstr (test_json_path_string (o, "_embedded.me.name"), ==, USER_NAME);
  g_assert_cmpstr (test_json_path_string (o, "_embedded.me.uri"), ==, USER_SIP);
  g_assert_cmpstr (test_json_path_string (o, "_embedded.me.rel"), ==, "me");
  links = json_node_get_object (test_json_path_node (o, "_embedded.me._links"));
  g_assert_cmpuint (json_object_get_size (links), ==, G_N_ELEMENTS (me_links));
  for (guint i = 0; i < G_N_ELEMENTS (me_links); i++)
    g_assert_true (g_str_has_prefix (test_json_path_string (links, S (g_strconcat (me_links[i], ".href", NULL))), prefix));
  g_assert_cmpstr (test_json_path_string (links, "makeMeAvailable.href"), ==, S (g_strconcat (prefix, "/me/makeMeAvailable", NULL)));

  links = json_node_get_object (test_json_path_node (o, "_embedded.people._links"));
  for (guint i = 0; i < G_N_ELEMENTS (people_links); i++)
    g_assert_nonnull (test_json_path_node (links, people_links[i]));
  g_assert_cmpstr (test_json_path_string (o, "_embedded.people.rel"), ==, "people");
  g_assert_nonnull (test_json_path_node (o, "_embedded.onlineMeetings._links.myAssignedOnlineMeeting.href"));
  g_assert_cmpstr (test_json_path_string (o, "_embedded.onlineMeetings.rel"), ==, "onlineMeetings");

  links = json_node_get_object (test_json_path_node (o, "_embedded.communication._links"));
  for (guint i = 0; i < G_N_ELEMENTS (comm_links); i++)
    g_assert_nonnull (test_json_path_node (links, comm_links[i]));
  g_assert_null (test_json_path_node (links, "startPhoneAudio"));
  g_assert_cmpstr (test_json_path_string (links, "conversations.href"), ==,
                   S (g_strconcat (prefix, "/communication/conversations?filter=active", NULL)));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (test_json_path_node (o, "_embedded.communication.supportedModalities"))), ==, 0);
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (test_json_path_node (o, "_embedded.communication.supportedMessageFormats")), 0), ==, "Plain");
  g_assert_nonnull (test_json_path_string (o, "_embedded.communication.etag"));
  {
    /* The PUT guard: some member whose value is the magic string. */
    g_autoptr (GList) members = json_object_get_members (json_node_get_object (test_json_path_node (o, "_embedded.communication")));
    gboolean          guard = FALSE;

    for (GList *l = members; l != NULL; l = l->next)
      guard |= g_strcmp0 (test_json_path_string (json_node_get_object (test_json_path_node (o, "_embedded.communication")), l->data),
                          "please pass this in a PUT request") == 0;
    g_assert_true (guard);
  }

  /* camelCase, a second endpoint: a second application */
  camel = http (fx, "POST", "/ucwa/oauth/v1/applications", "application/json",
                "{\"userAgent\":\"Other\",\"endpointId\":\"e2\",\"culture\":\"de-DE\"}");
  g_assert_cmpuint (camel->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (obj (camel), "culture"), ==, "de-DE");
  g_assert_cmpstr (test_json_path_string (obj (camel), "_links.self.href"), !=, self_href);
  g_assert_cmpuint (ucwa_sim_server_count_applications (fx->server), ==, 2);
  g_assert_cmpuint (fx->created, ==, 2);
}

static void
test_application_errors (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response) bad = NULL;
  g_autoptr (Response) array = NULL;
  g_autoptr (Response) missing = NULL;
  g_autoptr (Response) wrong = NULL;
  g_autoptr (Response) get = NULL;
  JsonArray           *parameters;

  sign_in (fx);
  bad = http (fx, "POST", "/ucwa/oauth/v1/applications", "application/json", "{\"UserAgent\":\"x\",");
  assert_error (bad, 400, "BadRequest", "DeserializationFailure");
  array = http (fx, "POST", "/ucwa/oauth/v1/applications", "application/json", "[1,2]");
  assert_error (array, 400, "BadRequest", "DeserializationFailure");

  missing = http (fx, "POST", "/ucwa/oauth/v1/applications", "application/json", "{\"UserAgent\":\"x\",\"EndpointId\":\"e\"}");
  assert_error (missing, 400, "BadRequest", "ParameterValidationFailure");
  parameters = json_object_get_array_member (obj (missing), "parameters");
  g_assert_cmpuint (json_array_get_length (parameters), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (parameters, 0), "name"), ==, "culture");

  wrong = http (fx, "POST", "/ucwa/oauth/v1/applications", "application/json",
                "{\"userAgent\":42,\"endpointId\":\"e\",\"culture\":\"en-US\"}");
  assert_error (wrong, 400, "BadRequest", "ParameterValidationFailure");

  get = http (fx, "GET", "/ucwa/oauth/v1/applications", NULL, NULL);
  g_assert_cmpuint (get->status, ==, 405);
  g_assert_cmpuint (ucwa_sim_server_count_applications (fx->server), ==, 0);
}

static void
test_application_same_endpoint (Fixture *fx, gconstpointer data)
{
  g_autoptr (JsonNode) first = NULL;
  g_autoptr (Response) again = NULL;

  sign_in (fx);
  first = create_app (fx, "same");
  again = http (fx, "POST", "/ucwa/oauth/v1/applications", "application/json",
                "{\"userAgent\":\"test-sim\",\"endpointId\":\"same\",\"culture\":\"en-US\"}");
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (test_json_path_string (obj (again), "_links.self.href"), ==, fx->app_base);
  g_assert_cmpuint (ucwa_sim_server_count_applications (fx->server), ==, 1);
  g_assert_cmpuint (fx->created, ==, 1);
}

static void
test_application_delete (Fixture *fx, gconstpointer data)
{
  g_autoptr (JsonNode) app = NULL;
  g_autoptr (Response) get = NULL;
  g_autoptr (Response) del = NULL;
  g_autoptr (Response) after = NULL;
  g_autoptr (Response) events = NULL;

  sign_in (fx);
  app = create_app (fx, "e");
  get = http (fx, "GET", fx->app_base, NULL, NULL);
  g_assert_cmpuint (get->status, ==, 200);
  g_assert_cmpstr (test_json_path_string (obj (get), "_links.self.href"), ==, fx->app_base);

  del = http (fx, "DELETE", fx->app_base, NULL, NULL);
  g_assert_cmpuint (del->status, ==, 204);
  g_assert_cmpuint (fx->deleted, ==, 1);
  g_assert_cmpuint (ucwa_sim_server_count_applications (fx->server), ==, 0);

  after = http (fx, "GET", fx->app_base, NULL, NULL);
  assert_error (after, 404, "NotFound", "ApplicationNotFound");
  events = http (fx, "GET", fx->events_next, NULL, NULL);
  assert_error (events, 404, "NotFound", "ApplicationNotFound");
}

static void
test_application_expiry (Fixture *fx, gconstpointer data)
{
  g_autoptr (JsonNode) app = NULL;
  g_autoptr (Response) r = NULL;

  /* The simulator's clock is moved on instead of sleeping. */
  ucwa_sim_server_set_application_expiry (fx->server, 60000);
  sign_in (fx);
  app = create_app (fx, "e");
  g_assert_cmpuint (fx->created, ==, 1);
  /* Not before its time… */
  ucwa_sim_server_advance_clock (fx->server, 50000);
  g_assert_cmpuint (ucwa_sim_server_count_applications (fx->server), ==, 1);
  g_assert_cmpuint (fx->deleted, ==, 0);
  /* …but then. */
  ucwa_sim_server_advance_clock (fx->server, 10001);
  r = http (fx, "GET", fx->events_next, NULL, NULL);
  assert_error (r, 410, "Gone", "InactiveApplicationExpired");
  g_assert_cmpuint (ucwa_sim_server_count_applications (fx->server), ==, 0);
  g_assert_cmpuint (fx->deleted, ==, 1);
}

/* ------------------------------------------------------------------ */
/* makeMeAvailable, reportMyActivity                                    */

static void
test_make_me_available (Fixture *fx, gconstpointer data)
{
  g_autoptr (JsonNode) app = NULL;
  g_autofree char     *mma = NULL;
  g_autoptr (Response) first = NULL;
  g_autoptr (Response) second = NULL;
  g_autoptr (Response) get = NULL;
  g_autoptr (Response) events = NULL;
  g_autofree char     *text = NULL;
  JsonObject          *me_links;
  JsonObject          *communication;

  sign_in (fx);
  app = create_app (fx, "e");
  mma = g_strconcat (fx->app_base, "/me/makeMeAvailable", NULL);

  first = http (fx, "POST", mma, "application/json", "{\"supportedModalities\":[\"Messaging\"]}");
  g_assert_cmpuint (first->status, ==, 204);
  second = http (fx, "POST", mma, "application/json", "{\"SupportedModalities\":[\"Messaging\"]}");
  assert_error (second, 409, "Conflict", "AlreadyExists");

  get = http (fx, "GET", fx->app_base, NULL, NULL);
  me_links = json_node_get_object (test_json_path_node (obj (get), "_embedded.me._links"));
  g_assert_null (test_json_path_node (me_links, "makeMeAvailable"));
  g_assert_cmpstr (test_json_path_string (me_links, "reportMyActivity.href"), ==, S (g_strconcat (fx->app_base, "/me/reportMyActivity", NULL)));
  g_assert_nonnull (test_json_path_node (me_links, "presence"));
  g_assert_nonnull (test_json_path_node (me_links, "note"));
  g_assert_nonnull (test_json_path_node (me_links, "location"));
  g_assert_nonnull (test_json_path_node (obj (get), "_embedded.communication._links.startPhoneAudio"));

  events = poll_events (fx);
  text = summary (events);
  g_assert_cmpstr (text, ==, "me/me/updated me/presence/added me/note/added me/location/added communication/communication/updated");
  communication = test_json_embedded (find_event (events, "communication", "updated", 0), "communication");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (communication, "supportedModalities"), 0), ==, "Messaging");
  g_assert_cmpstr (test_json_path_string (obj (events), "_links.self.href"), ==, S (g_strconcat (fx->app_base, "/events?ack=1", NULL)));
  g_assert_cmpstr (fx->events_next, ==, S (g_strconcat (fx->app_base, "/events?ack=2", NULL)));
}

static void
test_make_me_available_errors (Fixture *fx, gconstpointer data)
{
  g_autoptr (JsonNode) app = NULL;
  g_autofree char     *mma = NULL;
  g_autoptr (Response) bad = NULL;
  g_autoptr (Response) forbidden = NULL;
  g_autoptr (Response) invalid = NULL;
  g_autoptr (Response) empty = NULL;

  sign_in (fx);
  app = create_app (fx, "e");
  mma = g_strconcat (fx->app_base, "/me/makeMeAvailable", NULL);

  bad = http (fx, "POST", mma, "application/json", "{not json");
  assert_error (bad, 400, "BadRequest", "DeserializationFailure");
  forbidden = http (fx, "POST", mma, "application/json", "{\"supportedModalities\":[\"Messaging\",\"Video\"]}");
  g_assert_cmpuint (forbidden->status, ==, 403);
  g_assert_cmpstr (json_object_get_string_member (obj (forbidden), "code"), ==, "Forbidden");
  invalid = http (fx, "POST", mma, "application/json", "{\"supportedModalities\":\"Messaging\"}");
  assert_error (invalid, 400, "BadRequest", "ParameterValidationFailure");

  /* the body is optional */
  empty = http (fx, "POST", mma, NULL, NULL);
  g_assert_cmpuint (empty->status, ==, 204);
}

static void
test_report_my_activity (Fixture *fx, gconstpointer data)
{
  g_autoptr (JsonNode) app = NULL;
  g_autofree char     *me_path = NULL;
  g_autofree char     *app_path = NULL;
  g_autoptr (Response) before = NULL;
  g_autoptr (Response) after_me = NULL;
  g_autoptr (Response) after_app = NULL;

  sign_in (fx);
  app = create_app (fx, "e");
  me_path = g_strconcat (fx->app_base, "/me/reportMyActivity", NULL);
  app_path = g_strconcat (fx->app_base, "/reportMyActivity", NULL);

  before = http (fx, "POST", me_path, NULL, NULL);
  assert_error (before, 409, "Conflict", "MakeMeAvailableRequired");

  make_available (fx);
  after_me = http (fx, "POST", me_path, NULL, NULL);
  g_assert_cmpuint (after_me->status, ==, 204);
  after_app = http (fx, "POST", app_path, NULL, NULL);
  g_assert_cmpuint (after_app->status, ==, 204);

  g_assert_cmpuint (ucwa_sim_server_count_requests (fx->server, "POST", "/reportMyActivity"), ==, 3);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fx->server, NULL, "/me/reportMyActivity"), ==, 2);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fx->server, "GET", "/reportMyActivity"), ==, 0);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fx->server, "POST", "/makeMeAvailable"), ==, 1);
}

/* ------------------------------------------------------------------ */
/* Event channel                                                        */

static void
test_events_held_and_released (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) held = NULL;
  g_autofree char     *id = NULL;
  g_autofree char     *text = NULL;
  JsonObject          *invitation;
  JsonObject          *conversation;
  JsonObject          *local;
  JsonObject          *remote;
  JsonObject          *updated;

  ready (fx);
  ack1 = poll_events (fx);

  held = park_events (fx);
  /* Nothing to say: the P-GET stays held while the main loop runs (the
   * proof is below: the invitation is the next release, the second). */
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (held->done);
  g_assert_cmpuint (fx->released, ==, 1);

  id = ucwa_sim_server_start_im_invitation (fx->server, NULL, "sip:lenea@contoso.com", "Lene Aaling", "Hi Tosh\r\n");
  g_assert_nonnull (id);
  http_wait (held);
  g_assert_cmpuint (held->status, ==, 200);
  g_assert_cmpuint (fx->released, ==, 2);
  g_assert_true (fx->released_invitation);

  /* §8.1, ack=2..4 of the trace */
  text = summary (held);
  g_assert_cmpstr (text, ==,
                   "communication/messagingInvitation/started communication/conversation/added "
                   "conversation/localParticipant/added conversation/participant/added "
                   "communication/messagingInvitation/updated");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (held), "sender")), ==, 3);

  invitation = test_json_embedded (find_event (held, "messagingInvitation", "started", 0), "messagingInvitation");
  g_assert_cmpstr (json_object_get_string_member (invitation, "direction"), ==, "Incoming");
  g_assert_cmpstr (json_object_get_string_member (invitation, "state"), ==, "Connecting");
  g_assert_cmpstr (json_object_get_string_member (invitation, "importance"), ==, "Normal");
  g_assert_cmpstr (json_object_get_string_member (invitation, "threadId"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (invitation, "subject"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (invitation, "rel"), ==, "messagingInvitation");
  g_assert_cmpstr (test_json_path_string (invitation, "_links.message.href"), ==, "data:text/plain;charset=utf-8,Hi+Tosh%0d%0a");
  g_assert_true (g_str_has_suffix (test_json_path_string (invitation, "_links.accept.href"), "/accept"));
  g_assert_true (g_str_has_suffix (test_json_path_string (invitation, "_links.decline.href"), "/decline"));
  g_assert_true (g_str_has_prefix (test_json_path_string (invitation, "_links.accept.href"), fx->app_base));
  g_assert_nonnull (test_json_path_node (invitation, "_links.to"));
  g_assert_nonnull (test_json_path_node (invitation, "_links.messaging"));
  g_assert_cmpstr (test_json_path_string (invitation, "_embedded.from.name"), ==, "Lene Aaling");
  g_assert_cmpstr (test_json_path_string (invitation, "_embedded.from.uri"), ==, "sip:lenea@contoso.com");
  g_assert_cmpstr (test_json_path_string (invitation, "_embedded.from.sourceNetwork"), ==, "SameEnterprise");
  g_assert_cmpstr (test_json_path_string (invitation, "_embedded.from.rel"), ==, "participant");
  g_assert_nonnull (test_json_path_node (invitation, "_embedded.from._links.contactPresence"));

  conversation = test_json_embedded (find_event (held, "conversation", "added", 0), "conversation");
  g_assert_cmpstr (json_object_get_string_member (conversation, "state"), ==, "Incoming");
  g_assert_cmpstr (json_object_get_string_member (conversation, "threadId"), ==, id);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (conversation, "activeModalities"), 0), ==, "Messaging");
  g_assert_cmpstr (test_json_path_string (conversation, "_links.self.href"), ==, test_json_path_string (invitation, "_links.conversation.href"));

  local = find_event (held, "localParticipant", "added", 0);
  g_assert_cmpstr (test_json_path_string (local, "link.title"), ==, USER_NAME);
  g_assert_cmpstr (test_json_path_string (test_json_embedded (local, "localParticipant"), "rel"), ==, "participant");
  g_assert_cmpstr (test_json_path_string (test_json_embedded (local, "localParticipant"), "uri"), ==, USER_SIP);

  remote = find_event (held, "participant", "added", 0);
  g_assert_cmpstr (test_json_path_string (remote, "link.title"), ==, "Lene Aaling");
  g_assert_null (test_json_path_node (remote, "_embedded"));

  updated = test_json_embedded (find_event (held, "messagingInvitation", "updated", 0), "messagingInvitation");
  g_assert_null (test_json_path_node (updated, "_links.accept"));
  g_assert_null (test_json_path_node (updated, "_links.decline"));
  g_assert_nonnull (test_json_path_node (updated, "_embedded.from._links.contactPhoto"));
}

static void
test_events_replay (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response) first = NULL;
  g_autoptr (Response) again = NULL;
  g_autoptr (Response) third = NULL;
  g_autoptr (Response) next = NULL;
  g_autofree char     *ack1 = NULL;
  g_autofree char     *id = NULL;
  g_autofree char     *id2 = NULL;

  ready (fx);
  ack1 = g_strdup (fx->events_next);
  id = ucwa_sim_server_start_im_invitation (fx->server, NULL, "sip:ada@contoso.com", "Ada", "one");
  first = http (fx, "GET", ack1, NULL, NULL);
  g_assert_cmpuint (first->status, ==, 200);

  /* A second invitation arrives; the lost response is asked for again. */
  id2 = ucwa_sim_server_start_im_invitation (fx->server, NULL, "sip:bob@contoso.com", "Bob", "two");
  again = http (fx, "GET", ack1, NULL, NULL);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (first->body, NULL), g_bytes_get_size (first->body),
                   g_bytes_get_data (again->body, NULL), g_bytes_get_size (again->body));
  third = http (fx, "GET", ack1, NULL, NULL);
  g_assert_true (g_bytes_equal (first->body, third->body));

  /* Following next gets exactly the later events, once. */
  follow_next (fx, first);
  next = poll_events (fx);
  g_assert_cmpstr (S (summary (next)), ==,
                   "communication/messagingInvitation/started communication/conversation/added "
                   "conversation/localParticipant/added conversation/participant/added "
                   "communication/messagingInvitation/updated");
  g_assert_cmpstr (json_object_get_string_member (test_json_embedded (find_event (next, "messagingInvitation", "started", 0), "messagingInvitation"), "threadId"), ==, id2);
  g_assert_null (find_event (next, "communication", "updated", 0));
}

static void
test_events_resync (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response) first = NULL;
  g_autoptr (Response) second = NULL;
  g_autoptr (Response) ahead = NULL;
  g_autoptr (Response) behind = NULL;
  g_autoptr (Response) none = NULL;
  g_autoptr (Response) garbage = NULL;
  g_autoptr (Response) followed = NULL;
  g_autofree char     *url = NULL;
  const char          *unacknowledged;
  JsonObject          *links;

  ready (fx);
  ucwa_sim_server_set_max_hold (fx->server, 50);
  first = poll_events (fx);  /* response 1 */
  second = poll_events (fx); /* acknowledges 1; response 2 (empty) is not acknowledged yet */
  unacknowledged = test_json_path_string (obj (second), "_links.self.href");
  g_assert_cmpstr (unacknowledged, ==, S (g_strconcat (fx->app_base, "/events?ack=2", NULL)));

  url = g_strconcat (fx->app_base, "/events?ack=99", NULL);
  ahead = http (fx, "GET", url, NULL, NULL);
  g_assert_cmpuint (ahead->status, ==, 200);
  links = json_object_get_object_member (obj (ahead), "_links");
  g_assert_cmpuint (json_object_get_size (obj (ahead)), ==, 1);
  g_assert_cmpuint (json_object_get_size (links), ==, 1);
  g_assert_cmpstr (test_json_path_string (links, "resync.href"), ==, unacknowledged);

  g_free (url);
  url = g_strconcat (fx->app_base, "/events?ack=1", NULL); /* already acknowledged */
  behind = http (fx, "GET", url, NULL, NULL);
  g_assert_cmpstr (test_json_path_string (obj (behind), "_links.resync.href"), ==, unacknowledged);

  g_free (url);
  url = g_strconcat (fx->app_base, "/events", NULL);
  none = http (fx, "GET", url, NULL, NULL);
  g_assert_cmpstr (test_json_path_string (obj (none), "_links.resync.href"), ==, unacknowledged);
  g_free (url);
  url = g_strconcat (fx->app_base, "/events?ack=x1", NULL);
  garbage = http (fx, "GET", url, NULL, NULL);
  g_assert_cmpstr (test_json_path_string (obj (garbage), "_links.resync.href"), ==, unacknowledged);

  /* Following resync gets the unacknowledged set again. */
  followed = http (fx, "GET", unacknowledged, NULL, NULL);
  g_assert_cmpuint (followed->status, ==, 200);
  g_assert_true (g_bytes_equal (followed->body, second->body));
}

static void
test_events_pget_replaced (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) first = NULL;
  g_autoptr (Response) second = NULL;
  g_autoptr (Response) low = NULL;
  g_autofree char     *low_url = NULL;
  g_autofree char     *id = NULL;

  ready (fx);
  ack1 = poll_events (fx);
  first = park_events (fx);
  second = http_start (fx, "GET", fx->events_next, NULL, NULL);
  http_wait (first);
  assert_error (first, 409, "Conflict", "PGetReplaced");
  g_assert_false (second->done);
  test_wait_until (one_parked, fx, "the server to hold the P-GET");

  /* A lower priority never replaces a parked P-GET. */
  low_url = g_strconcat (fx->events_next, "&priority=-1", NULL);
  low = http (fx, "GET", low_url, NULL, NULL);
  assert_error (low, 409, "Conflict", "PGetReplaced");
  g_assert_false (second->done);

  id = ucwa_sim_server_start_im_invitation (fx->server, NULL, "sip:ada@contoso.com", "Ada", "x");
  http_wait (second);
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (test_json_embedded (find_event (second, "messagingInvitation", "started", 0), "messagingInvitation"), "threadId"), ==, id);
}

static void
test_events_empty_release (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) empty = NULL;
  g_autoptr (Response) empty2 = NULL;
  g_autofree char     *url = NULL;
  JsonObject          *o;

  ready (fx);
  ack1 = poll_events (fx);
  ucwa_sim_server_set_max_hold (fx->server, 150);

  /* timeout below the minimum is clamped to 180 s, the cap still wins */
  url = g_strconcat (fx->events_next, "&timeout=5&medium=10&unknown=1", NULL);
  empty = http (fx, "GET", url, NULL, NULL);
  g_assert_cmpuint (empty->status, ==, 200);
  o = obj (empty);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "sender")), ==, 0);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (o, "_links")), ==, 2);
  g_assert_cmpstr (test_json_path_string (o, "_links.self.href"), ==, S (g_strconcat (fx->app_base, "/events?ack=2", NULL)));
  g_assert_cmpstr (test_json_path_string (o, "_links.next.href"), ==, S (g_strconcat (fx->app_base, "/events?ack=3", NULL)));

  follow_next (fx, empty);
  empty2 = poll_events (fx);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (empty2), "sender")), ==, 0);
  g_assert_cmpuint (fx->released, ==, 3);
}

/* ------------------------------------------------------------------ */
/* Invitations                                                          */

static void
test_accept (Fixture *fx, gconstpointer data)
{
  g_autofree char     *accept = NULL;
  g_autofree char     *conversation = NULL;
  g_autofree char     *id = NULL;
  g_autofree char     *url = NULL;
  g_autofree char     *text = NULL;
  g_autofree char     *invitation_href = NULL;
  g_autoptr (Response) r = NULL;
  g_autoptr (Response) events = NULL;
  g_autoptr (Response) again = NULL;
  g_autoptr (Response) get = NULL;
  g_autoptr (Response) ack1 = NULL;
  JsonObject          *messaging;
  JsonObject          *conv;
  JsonObject          *completed;
  JsonObject          *message;
  JsonObject          *pm;

  ready (fx);
  ack1 = poll_events (fx);
  id = deliver_im (fx, "Hi Tosh", &accept, NULL, &conversation);
  invitation_href = g_strndup (accept, strlen (accept) - strlen ("/accept"));

  url = g_strconcat (accept, "?sessionContext=2687ba8f-048e-4ffa-83b3-0849c6b9004c", NULL);
  r = http (fx, "POST", url, NULL, NULL);
  g_assert_cmpuint (r->status, ==, 204);
  g_assert_cmpuint (fx->answered->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fx->answered, 0), ==, S (g_strconcat (id, ":1", NULL)));

  events = poll_events (fx);
  text = summary (events);
  g_assert_cmpstr (text, ==,
                   "conversation/messaging/updated communication/conversation/updated "
                   "conversation/participantMessaging/added conversation/participantMessaging/added "
                   "conversation/participant/updated communication/messagingInvitation/completed "
                   "conversation/message/completed communication/conversation/updated");

  messaging = test_json_embedded (find_event (events, "messaging", "updated", 0), "messaging");
  g_assert_cmpstr (json_object_get_string_member (messaging, "state"), ==, "Connected");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (messaging, "negotiatedMessageFormats"), 0), ==, "Plain");
  g_assert_nonnull (test_json_path_node (messaging, "_links.sendMessage"));
  g_assert_nonnull (test_json_path_node (messaging, "_links.setIsTyping"));
  g_assert_nonnull (test_json_path_node (messaging, "_links.typingParticipants"));
  g_assert_nonnull (test_json_path_node (messaging, "_links.stopMessaging"));

  conv = test_json_embedded (find_event (events, "conversation", "updated", 0), "conversation");
  g_assert_cmpstr (json_object_get_string_member (conv, "state"), ==, "Connected");
  g_assert_cmpstr (test_json_path_string (conv, "_links.localParticipant.title"), ==, USER_NAME);
  g_assert_nonnull (test_json_path_node (conv, "_links.addParticipant"));
  g_assert_nonnull (test_json_path_node (conv, "_links.messaging"));

  pm = find_event (events, "participantMessaging", "added", 0);
  g_assert_cmpstr (test_json_path_string (pm, "in.rel"), ==, "localParticipant");
  g_assert_nonnull (test_json_path_node (pm, "_embedded.participantMessaging"));
  pm = find_event (events, "participantMessaging", "added", 1);
  g_assert_cmpstr (test_json_path_string (pm, "in.rel"), ==, "participant");
  g_assert_cmpstr (test_json_path_string (pm, "in.title"), ==, "Ada Lovelace");

  completed = find_event (events, "messagingInvitation", "completed", 0);
  g_assert_cmpstr (json_object_get_string_member (completed, "status"), ==, "Success");
  g_assert_cmpstr (test_json_path_string (completed, "link.href"), ==, invitation_href);
  g_assert_cmpstr (test_json_path_string (test_json_embedded (completed, "messagingInvitation"), "state"), ==, "Connected");
  g_assert_null (test_json_path_node (test_json_embedded (completed, "messagingInvitation"), "_links.accept"));

  message = find_event (events, "message", "completed", 0);
  g_assert_cmpstr (json_object_get_string_member (message, "status"), ==, "Success");
  message = test_json_embedded (message, "message");
  g_assert_cmpstr (json_object_get_string_member (message, "direction"), ==, "Incoming");
  g_assert_cmpstr (test_json_path_string (message, "_links.plainMessage.href"), ==, "data:text/plain;charset=utf-8,Hi+Tosh");
  g_assert_cmpstr (test_json_path_string (message, "_links.participant.title"), ==, "Ada Lovelace");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (message, "timeStamp"), "/Date("));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (message, "timeStamp"), ")/"));

  /* Answering twice is a clean error. */
  again = http (fx, "POST", accept, NULL, NULL);
  assert_error (again, 409, "Conflict", "None");
  g_assert_cmpuint (fx->answered->len, ==, 1);

  get = http (fx, "GET", invitation_href, NULL, NULL);
  g_assert_cmpuint (get->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (obj (get), "state"), ==, "Connected");
  g_assert_null (test_json_path_node (obj (get), "_links.accept"));
  g_assert_cmpuint (ucwa_sim_server_count_requests (fx->server, "POST", "/accept"), ==, 2);
}

static void
test_decline (Fixture *fx, gconstpointer data)
{
  g_autofree char     *accept = NULL;
  g_autofree char     *decline = NULL;
  g_autofree char     *id = NULL;
  g_autofree char     *url = NULL;
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) bad = NULL;
  g_autoptr (Response) r = NULL;
  g_autoptr (Response) events = NULL;
  g_autoptr (Response) late = NULL;
  JsonObject          *completed;

  ready (fx);
  ack1 = poll_events (fx);
  id = deliver_im (fx, "Hi", &accept, &decline, NULL);

  bad = http (fx, "POST", decline, "application/json", "{\"reason\":\"Nope\"}");
  assert_error (bad, 400, "BadRequest", "ParameterValidationFailure");

  url = g_strconcat (decline, "?sessionContext=abc", NULL);
  r = http (fx, "POST", url, "application/json", "{\"reason\":\"Local\"}");
  g_assert_cmpuint (r->status, ==, 204);
  g_assert_cmpstr (g_ptr_array_index (fx->answered, 0), ==, S (g_strconcat (id, ":0", NULL)));

  events = poll_events (fx);
  g_assert_cmpstr (S (summary (events)), ==,
                   "communication/messagingInvitation/completed conversation/messaging/updated "
                   "communication/conversation/deleted");
  completed = find_event (events, "messagingInvitation", "completed", 0);
  g_assert_cmpstr (json_object_get_string_member (completed, "status"), ==, "Failure");
  g_assert_cmpstr (test_json_path_string (completed, "reason.code"), ==, "LocalFailure");
  g_assert_cmpstr (test_json_path_string (completed, "reason.subcode"), ==, "Declined");
  g_assert_cmpstr (test_json_path_string (test_json_embedded (find_event (events, "messaging", "updated", 0), "messaging"), "state"), ==, "Disconnected");

  late = http (fx, "POST", accept, NULL, NULL);
  assert_error (late, 404, "NotFound", "ResourceNotFound");
  g_assert_false (ucwa_sim_server_send_remote_message (fx->server, id, "still there?"));
}

static void
test_cancel (Fixture *fx, gconstpointer data)
{
  g_autofree char     *accept = NULL;
  g_autofree char     *id = NULL;
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) events = NULL;
  g_autoptr (Response) late = NULL;
  JsonObject          *completed;

  ready (fx);
  ack1 = poll_events (fx);
  id = deliver_im (fx, "Hi", &accept, NULL, NULL);

  g_assert_true (ucwa_sim_server_cancel_invitation (fx->server, id));
  g_assert_false (ucwa_sim_server_cancel_invitation (fx->server, id));
  g_assert_false (ucwa_sim_server_cancel_invitation (fx->server, "no-such-id"));

  events = poll_events (fx);
  completed = find_event (events, "messagingInvitation", "completed", 0);
  g_assert_cmpstr (json_object_get_string_member (completed, "status"), ==, "Failure");
  g_assert_cmpstr (test_json_path_string (completed, "reason.code"), ==, "RemoteFailure");
  g_assert_cmpstr (test_json_path_string (completed, "reason.subcode"), ==, "Canceled");
  g_assert_cmpstr (test_json_path_string (completed, "reason.message"), ==, "The invitation was canceled.");
  g_assert_nonnull (find_event (events, "conversation", "deleted", 0));

  late = http (fx, "POST", accept, NULL, NULL);
  g_assert_cmpuint (late->status, ==, 404);
  g_assert_cmpuint (fx->answered->len, ==, 0);
}

static void
test_invitation_timeout (Fixture *fx, gconstpointer data)
{
  g_autofree char     *id = NULL;
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) ended = NULL;
  JsonObject          *completed;

  ucwa_sim_server_set_invitation_timeout (fx->server, 100);
  ready (fx);
  ack1 = poll_events (fx);
  ucwa_sim_server_set_max_hold (fx->server, 100);
  id = ucwa_sim_server_start_im_invitation (fx->server, NULL, "sip:ada@contoso.com", "Ada", "anyone?");

  ended = poll_until_text (fx, "\"Timeout\"");
  completed = find_event (ended, "messagingInvitation", "completed", 0);
  g_assert_nonnull (completed);
  g_assert_cmpstr (json_object_get_string_member (completed, "status"), ==, "Failure");
  g_assert_cmpstr (test_json_path_string (completed, "reason.code"), ==, "RemoteFailure");
  g_assert_cmpstr (test_json_path_string (completed, "reason.subcode"), ==, "Timeout");
  g_assert_nonnull (find_event (ended, "conversation", "deleted", 0));
  g_assert_false (ucwa_sim_server_cancel_invitation (fx->server, id));
  g_assert_cmpuint (fx->answered->len, ==, 0);
}

static void
test_link_only (Fixture *fx, gconstpointer data)
{
  g_autofree char     *id = NULL;
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) events = NULL;
  g_autoptr (Response) invitation = NULL;
  g_autoptr (Response) conversation = NULL;
  g_autoptr (Response) messaging = NULL;
  g_autoptr (Response) participant = NULL;
  g_autoptr (Response) accept = NULL;
  g_autoptr (Response) after = NULL;
  g_autoptr (Response) message = NULL;
  JsonObject          *started;
  JsonNode            *senders;

  ready (fx);
  ack1 = poll_events (fx);
  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_LINK_ONLY_EVENTS, 1);
  id = ucwa_sim_server_start_im_invitation (fx->server, NULL, "sip:ada@contoso.com", "Ada Lovelace", "linked");
  events = poll_events (fx);

  senders = test_json_path_node (obj (events), "sender");
  for (guint i = 0; i < json_array_get_length (json_node_get_array (senders)); i++)
    {
      JsonArray *list = json_object_get_array_member (json_array_get_object_element (json_node_get_array (senders), i), "events");

      for (guint j = 0; j < json_array_get_length (list); j++)
        g_assert_false (json_object_has_member (json_array_get_object_element (list, j), "_embedded"));
    }

  started = find_event (events, "messagingInvitation", "started", 0);
  invitation = http (fx, "GET", test_json_path_string (started, "link.href"), NULL, NULL);
  g_assert_cmpuint (invitation->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (obj (invitation), "threadId"), ==, id);
  g_assert_cmpstr (test_json_path_string (obj (invitation), "_links.message.href"), ==, "data:text/plain;charset=utf-8,linked");
  g_assert_nonnull (test_json_path_node (obj (invitation), "_links.accept"));

  conversation = http (fx, "GET", test_json_path_string (find_event (events, "conversation", "added", 0), "link.href"), NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (obj (conversation), "state"), ==, "Incoming");
  participant = http (fx, "GET", test_json_path_string (find_event (events, "participant", "added", 0), "link.href"), NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (obj (participant), "name"), ==, "Ada Lovelace");

  accept = http (fx, "POST", test_json_path_string (obj (invitation), "_links.accept.href"), NULL, NULL);
  g_assert_cmpuint (accept->status, ==, 204);
  after = poll_events (fx);
  g_assert_false (json_object_has_member (find_event (after, "messaging", "updated", 0), "_embedded"));
  messaging = http (fx, "GET", test_json_path_string (find_event (after, "messaging", "updated", 0), "link.href"), NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (obj (messaging), "state"), ==, "Connected");
  message = http (fx, "GET", test_json_path_string (find_event (after, "message", "completed", 0), "link.href"), NULL, NULL);
  g_assert_cmpstr (test_json_path_string (obj (message), "_links.plainMessage.href"), ==, "data:text/plain;charset=utf-8,linked");

  /* Only the next invitation was affected. */
  g_free (ucwa_sim_server_start_im_invitation (fx->server, NULL, "sip:bob@contoso.com", "Bob", "embedded"));
  {
    g_autoptr (Response) next = poll_events (fx);

    g_assert_true (json_object_has_member (find_event (next, "messagingInvitation", "started", 0), "_embedded"));
  }
}

static void
test_foreign_and_missing_links (Fixture *fx, gconstpointer data)
{
  g_autofree char     *accept = NULL;
  g_autofree char     *decline = NULL;
  g_autofree char     *id = NULL;
  g_autofree char     *id2 = NULL;
  g_autofree char     *foreign = NULL;
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) events = NULL;
  JsonObject          *invitation;

  ready (fx);
  ack1 = poll_events (fx);
  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_FOREIGN_LINK, 1);
  id = deliver_im (fx, "Hi", &accept, &decline, NULL);
  foreign = g_strdup_printf ("http://127.0.0.2:%u%s/", ucwa_sim_server_get_port (fx->server), fx->app_base);
  g_assert_true (g_str_has_prefix (accept, foreign));
  g_assert_true (g_str_has_prefix (decline, foreign));
  g_assert_true (g_str_has_suffix (accept, "/accept"));

  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_MISSING_LINKS, 1);
  id2 = ucwa_sim_server_start_im_invitation (fx->server, NULL, "sip:bob@contoso.com", "Bob", "x");
  events = poll_events (fx);
  invitation = test_json_embedded (find_event (events, "messagingInvitation", "started", 0), "messagingInvitation");
  g_assert_null (test_json_path_node (invitation, "_links.accept"));
  g_assert_null (test_json_path_node (invitation, "_links.decline"));
  g_assert_nonnull (test_json_path_node (invitation, "_links.conversation"));
}

/* ------------------------------------------------------------------ */
/* Faults                                                               */

static void
test_fault_from_string (Fixture *fx, gconstpointer data)
{
  UcwaSimFault fault = UCWA_SIM_FAULT_TOKEN_EXPIRED;

  g_assert_true (ucwa_sim_server_fault_from_string ("accept-callback-channel-error", &fault));
  g_assert_cmpint (fault, ==, UCWA_SIM_FAULT_ACCEPT_CALLBACK_CHANNEL_ERROR);
  g_assert_true (ucwa_sim_server_fault_from_string ("events-drop-connection", &fault));
  g_assert_cmpint (fault, ==, UCWA_SIM_FAULT_EVENTS_DROP_CONNECTION);
  g_assert_true (ucwa_sim_server_fault_from_string ("link-only-events", &fault));
  g_assert_cmpint (fault, ==, UCWA_SIM_FAULT_LINK_ONLY_EVENTS);
  g_assert_false (ucwa_sim_server_fault_from_string ("no-such-fault", &fault));
  g_assert_false (ucwa_sim_server_fault_from_string (NULL, &fault));
  g_assert_cmpint (fault, ==, UCWA_SIM_FAULT_LINK_ONLY_EVENTS);

  /* Every fault has a name that maps back to it. */
  for (int f = UCWA_SIM_FAULT_ACCEPT_CALLBACK_CHANNEL_ERROR; f <= UCWA_SIM_FAULT_LINK_ONLY_EVENTS; f++)
    {
      const char *name = ucwa_sim_server_fault_to_string ((UcwaSimFault) f);

      g_assert_nonnull (name);
      g_assert_true (ucwa_sim_server_fault_from_string (name, &fault));
      g_assert_cmpint (fault, ==, f);
    }
}

static void
test_faults_accept (Fixture *fx, gconstpointer data)
{
  const struct
  {
    UcwaSimFault fault;
    guint        status;
    const char  *code;
    const char  *subcode;
    const char  *message;
  } cases[] = {
    { UCWA_SIM_FAULT_ACCEPT_CALLBACK_CHANNEL_ERROR, 500, "ServiceFailure", "CallbackChannelError", "The remote event channel is not reachable" },
    { UCWA_SIM_FAULT_ACCEPT_ALREADY_EXISTS, 409, "Conflict", "AlreadyExists", "The already exists error." },
    { UCWA_SIM_FAULT_ACCEPT_TOO_MANY_GROUPS, 409, "Conflict", "TooManyGroups", "The too many groups error." },
    { UCWA_SIM_FAULT_ACCEPT_CONFLICT_NONE, 409, "Conflict", "None", "Un-supported Service/Resource/API error." },
    { UCWA_SIM_FAULT_ACCEPT_CANNOT_REDIRECT, 410, "Gone", "CannotRedirect", "Cannot redirect since there is no back up pool configured." },
    { UCWA_SIM_FAULT_ACCEPT_SERVICE_UNAVAILABLE, 503, "ServiceUnavailable", NULL, NULL },
  };
  g_autoptr (Response) ack1 = NULL;

  ready (fx);
  ack1 = poll_events (fx);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char     *accept = NULL;
      g_autofree char     *id = deliver_im (fx, "Hi", &accept, NULL, NULL);
      g_autoptr (Response) failed = NULL;
      g_autoptr (Response) ok = NULL;
      g_autoptr (Response) events = NULL;

      ucwa_sim_server_inject_fault (fx->server, cases[i].fault, 1);
      failed = http (fx, "POST", accept, NULL, NULL);
      assert_error (failed, cases[i].status, cases[i].code, cases[i].subcode);
      if (cases[i].message != NULL)
        g_assert_cmpstr (json_object_get_string_member (obj (failed), "message"), ==, cases[i].message);
      if (cases[i].status == 503)
        g_assert_cmpstr (soup_message_headers_get_one (failed->headers, "Retry-After"), ==, "1");
      g_assert_cmpuint (fx->answered->len, ==, i);

      /* The fault is used up and the invitation still pending. */
      ok = http (fx, "POST", accept, NULL, NULL);
      g_assert_cmpuint (ok->status, ==, 204);
      events = poll_events (fx);
      g_assert_cmpstr (json_object_get_string_member (find_event (events, "messagingInvitation", "completed", 0), "status"), ==, "Success");
    }
}

static void
test_faults_accept_slow (Fixture *fx, gconstpointer data)
{
  g_autofree char     *accept = NULL;
  g_autofree char     *id = NULL;
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) slow = NULL;
  g_autoptr (Response) twice = NULL;
  g_autoptr (Response) events = NULL;

  ready (fx);
  ack1 = poll_events (fx);
  id = deliver_im (fx, "Hi", &accept, NULL, NULL);
  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_ACCEPT_SLOW, 1);

  slow = http_start (fx, "POST", accept, NULL, NULL);
  wait_for_requests (fx, "POST", "/accept", 1);
  /* While the first answer is pending the invitation counts as answered. */
  twice = http (fx, "POST", accept, NULL, NULL);
  assert_error (twice, 409, "Conflict", "None");
  g_assert_false (slow->done);
  g_assert_cmpuint (fx->answered->len, ==, 0);

  http_wait (slow);
  g_assert_cmpuint (slow->status, ==, 204);
  g_assert_cmpuint (fx->answered->len, ==, 1);
  events = poll_events (fx);
  g_assert_nonnull (find_event (events, "messagingInvitation", "completed", 0));
}

static void
test_faults_accept_no_completion (Fixture *fx, gconstpointer data)
{
  g_autofree char     *accept = NULL;
  g_autofree char     *id = NULL;
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) r = NULL;
  g_autoptr (Response) events = NULL;

  ready (fx);
  ack1 = poll_events (fx);
  id = deliver_im (fx, "Hi", &accept, NULL, NULL);
  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_ACCEPT_NO_COMPLETION, 1);
  ucwa_sim_server_set_max_hold (fx->server, 100);

  r = http (fx, "POST", accept, NULL, NULL);
  g_assert_cmpuint (r->status, ==, 204);
  g_assert_cmpuint (fx->answered->len, ==, 1);
  events = poll_events (fx);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (events), "sender")), ==, 0);
  g_assert_false (ucwa_sim_server_send_remote_message (fx->server, id, "never connected"));
}

static void
test_faults_decline (Fixture *fx, gconstpointer data)
{
  g_autofree char     *decline = NULL;
  g_autofree char     *id = NULL;
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) failed = NULL;
  g_autoptr (Response) ok = NULL;

  ready (fx);
  ack1 = poll_events (fx);
  id = deliver_im (fx, "Hi", NULL, &decline, NULL);
  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_DECLINE_CALLBACK_CHANNEL_ERROR, 1);
  failed = http (fx, "POST", decline, NULL, NULL);
  assert_error (failed, 500, "ServiceFailure", "CallbackChannelError");
  ok = http (fx, "POST", decline, NULL, NULL);
  g_assert_cmpuint (ok->status, ==, 204);
}

static void
test_faults_events_not_found (Fixture *fx, gconstpointer data)
{
  g_autofree char     *id = NULL;
  g_autofree char     *old_base = NULL;
  g_autofree char     *old_accept = NULL;
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) lost = NULL;
  g_autoptr (Response) old = NULL;
  g_autoptr (Response) offered = NULL;
  g_autoptr (Response) accepted = NULL;
  g_autoptr (JsonNode) app = NULL;
  JsonObject          *invitation;

  /* The re-offer is an opt-in setting: a real server does not re-offer. */
  ucwa_sim_server_set_reoffer_after_recreate (fx->server, TRUE);
  ready (fx);
  ack1 = poll_events (fx);
  id = deliver_im (fx, "Are you there?", &old_accept, NULL, NULL);
  old_base = g_strdup (fx->app_base);

  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND, 1);
  lost = http (fx, "GET", fx->events_next, NULL, NULL);
  assert_error (lost, 404, "NotFound", "ApplicationNotFound");
  g_assert_cmpuint (ucwa_sim_server_count_applications (fx->server), ==, 0);
  g_assert_cmpuint (fx->deleted, ==, 1);
  old = http (fx, "POST", old_accept, NULL, NULL);
  assert_error (old, 404, "NotFound", "ApplicationNotFound");

  /* The client re-creates its application: the unanswered invitation is
   * offered again, same threadId, new hrefs. */
  app = create_app (fx, "endpoint-1");
  g_assert_cmpstr (fx->app_base, !=, old_base);
  make_available (fx);
  offered = poll_events (fx);
  invitation = test_json_embedded (find_event (offered, "messagingInvitation", "started", 0), "messagingInvitation");
  g_assert_cmpstr (json_object_get_string_member (invitation, "threadId"), ==, id);
  g_assert_true (g_str_has_prefix (test_json_path_string (invitation, "_links.accept.href"), fx->app_base));
  g_assert_cmpstr (test_json_path_string (invitation, "_links.message.href"), ==, "data:text/plain;charset=utf-8,Are+you+there%3f");
  g_assert_nonnull (find_event (offered, "me", "updated", 0));

  accepted = http (fx, "POST", test_json_path_string (invitation, "_links.accept.href"), NULL, NULL);
  g_assert_cmpuint (accepted->status, ==, 204);
  g_assert_true (ucwa_sim_server_send_remote_message (fx->server, id, "there you are"));
}

static void
test_faults_events_errors (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) unavailable = NULL;
  g_autoptr (Response) replaced = NULL;
  g_autoptr (Response) retry = NULL;
  g_autoptr (Response) expired = NULL;
  g_autoptr (Response) after = NULL;

  ready (fx);
  ack1 = poll_events (fx);

  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_EVENTS_SERVICE_UNAVAILABLE, 1);
  unavailable = http (fx, "GET", fx->events_next, NULL, NULL);
  g_assert_cmpuint (unavailable->status, ==, 503);
  g_assert_cmpstr (soup_message_headers_get_one (unavailable->headers, "Retry-After"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (obj (unavailable), "code"), ==, "ServiceUnavailable");

  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_EVENTS_PGET_REPLACED, 1);
  replaced = http (fx, "GET", fx->events_next, NULL, NULL);
  assert_error (replaced, 409, "Conflict", "PGetReplaced");

  /* Nothing was lost meanwhile. */
  g_free (ucwa_sim_server_start_im_invitation (fx->server, NULL, "sip:ada@contoso.com", "Ada", "x"));
  retry = poll_events (fx);
  g_assert_nonnull (find_event (retry, "messagingInvitation", "started", 0));

  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_EVENTS_INACTIVE_EXPIRED, 1);
  expired = http (fx, "GET", fx->events_next, NULL, NULL);
  assert_error (expired, 410, "Gone", "InactiveApplicationExpired");
  g_assert_cmpuint (ucwa_sim_server_count_applications (fx->server), ==, 0);
  after = http (fx, "GET", fx->app_base, NULL, NULL);
  assert_error (after, 410, "Gone", "InactiveApplicationExpired");
}

static void
test_faults_events_bodies (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response)   ack1 = NULL;
  g_autoptr (Response)   malformed = NULL;
  g_autoptr (Response)   wrong = NULL;
  g_autoptr (Response)   oversized = NULL;
  g_autoptr (Response)   replay = NULL;
  g_autoptr (Response)   resync = NULL;
  g_autoptr (Response)   resume = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char       *id = NULL;
  JsonObject            *links;

  ready (fx);
  ack1 = poll_events (fx);
  id = ucwa_sim_server_start_im_invitation (fx->server, NULL, "sip:ada@contoso.com", "Ada", "x");

  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_EVENTS_MALFORMED_JSON, 1);
  malformed = http (fx, "GET", fx->events_next, NULL, NULL);
  g_assert_cmpuint (malformed->status, ==, 200);
  g_assert_null (malformed->json);
  g_assert_false (json_parser_load_from_data (parser, g_bytes_get_data (malformed->body, NULL),
                                              g_bytes_get_size (malformed->body), NULL));

  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_EVENTS_WRONG_TYPES, 1);
  wrong = http (fx, "GET", fx->events_next, NULL, NULL);
  g_assert_cmpuint (wrong->status, ==, 200);
  g_assert_nonnull (wrong->json);
  g_assert_false (JSON_NODE_HOLDS_OBJECT (test_json_path_node (obj (wrong), "_links.next")));
  g_assert_false (JSON_NODE_HOLDS_ARRAY (test_json_path_node (obj (wrong), "sender")));

  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_EVENTS_OVERSIZED, 1);
  oversized = http (fx, "GET", fx->events_next, NULL, NULL);
  g_assert_cmpuint (oversized->status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (oversized->body), >=, 8 * 1024 * 1024);
  /* A client that refuses it asks again and gets the real set. */
  replay = http (fx, "GET", fx->events_next, NULL, NULL);
  g_assert_cmpuint (g_bytes_get_size (replay->body), <, 64 * 1024);
  g_assert_nonnull (find_event (replay, "messagingInvitation", "started", 0));
  follow_next (fx, replay);

  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_EVENTS_RESYNC, 1);
  resync = http (fx, "GET", fx->events_next, NULL, NULL);
  links = json_object_get_object_member (obj (resync), "_links");
  g_assert_cmpuint (json_object_get_size (links), ==, 1);
  g_assert_cmpstr (test_json_path_string (links, "resync.href"), ==, fx->events_next);

  g_assert_true (ucwa_sim_server_cancel_invitation (fx->server, id));
  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_EVENTS_RESUME, 1);
  resume = http (fx, "GET", fx->events_next, NULL, NULL);
  g_assert_cmpuint (resume->status, ==, 200);
  g_assert_null (test_json_path_node (obj (resume), "_links.next"));
  g_assert_nonnull (test_json_path_string (obj (resume), "_links.resume.href"));
  g_assert_nonnull (find_event (resume, "messagingInvitation", "completed", 0));
}

static void
test_faults_events_drop (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) dropped = NULL;
  g_autoptr (Response) parked = NULL;
  g_autoptr (Response) after = NULL;

  ready (fx);
  ack1 = poll_events (fx);

  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_EVENTS_DROP_CONNECTION, 1);
  dropped = http (fx, "GET", fx->events_next, NULL, NULL);
  g_assert_nonnull (dropped->error);

  /* Injected while a P-GET is held: that one dies. */
  parked = park_events (fx);
  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_EVENTS_DROP_CONNECTION, 1);
  http_wait (parked);
  g_assert_nonnull (parked->error);
  g_assert_cmpuint (ucwa_sim_server_count_parked_requests (fx->server), ==, 0);

  ucwa_sim_server_set_max_hold (fx->server, 50);
  after = http (fx, "GET", fx->events_next, NULL, NULL);
  g_assert_no_error (after->error);
  g_assert_cmpuint (after->status, ==, 200);
}

static void
test_faults_events_stall (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) stalled = NULL;
  g_autoptr (Response) fresh = NULL;
  g_autofree char     *id = NULL;
  guint                before;

  ready (fx);
  ack1 = poll_events (fx);
  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_EVENTS_STALL, 1);

  before = ucwa_sim_server_count_requests (fx->server, "GET", "/events");
  stalled = http_start (fx, "GET", fx->events_next, NULL, NULL);
  wait_for_requests (fx, "GET", "/events", before + 1);
  g_assert_cmpuint (ucwa_sim_server_count_parked_requests (fx->server), ==, 0);

  /* Events do not wake a dead connection (the proof is below: the fresh
   * P-GET is answered with them while the stalled one still is not)... */
  id = ucwa_sim_server_start_im_invitation (fx->server, NULL, "sip:ada@contoso.com", "Ada", "x");
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (stalled->done);

  /* ...a new P-GET with the same ack gets them. */
  fresh = http (fx, "GET", fx->events_next, NULL, NULL);
  g_assert_cmpuint (fresh->status, ==, 200);
  g_assert_nonnull (find_event (fresh, "messagingInvitation", "started", 0));
  g_assert_false (stalled->done);
}

static void
test_faults_while_parked (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) parked = NULL;
  g_autoptr (Response) next = NULL;

  ready (fx);
  ack1 = poll_events (fx);
  parked = park_events (fx);
  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_EVENTS_SERVICE_UNAVAILABLE, 2);
  http_wait (parked);
  g_assert_cmpuint (parked->status, ==, 503);

  /* The second one hits the next P-GET. */
  next = http (fx, "GET", fx->events_next, NULL, NULL);
  g_assert_cmpuint (next->status, ==, 503);
}

/* ------------------------------------------------------------------ */
/* Messaging                                                            */

static void
test_send_message (Fixture *fx, gconstpointer data)
{
  g_autofree char     *messaging = NULL;
  g_autofree char     *id = NULL;
  g_autofree char     *url = NULL;
  g_autofree char     *url2 = NULL;
  g_autofree char     *typing = NULL;
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) sent = NULL;
  g_autoptr (Response) sent2 = NULL;
  g_autoptr (Response) events = NULL;
  g_autoptr (Response) typed = NULL;
  g_autoptr (Response) wrong_type = NULL;
  g_autoptr (Response) empty = NULL;
  g_autoptr (Response) get = NULL;
  JsonObject          *message;
  const char          *location;

  ready (fx);
  ack1 = poll_events (fx);
  id = connected_im (fx, &messaging);

  url = g_strconcat (messaging, "/messages?operationId=op-1", NULL);
  sent = http (fx, "POST", url, "text/plain", "What's up?");
  g_assert_cmpuint (sent->status, ==, 201);
  location = soup_message_headers_get_one (sent->headers, "Location");
  g_assert_true (g_str_has_prefix (location, S (g_strconcat (messaging, "/messages/", NULL))));
  g_assert_cmpuint (g_bytes_get_size (sent->body), ==, 0);
  g_assert_cmpuint (fx->messages->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fx->messages, 0), ==, S (g_strconcat (id, ":What's up?", NULL)));

  url2 = g_strconcat (messaging, "/messages?OperationContext=6b6ce55c", NULL);
  sent2 = http (fx, "POST", url2, "text/plain; charset=utf-8", "Ünïcode ✓");
  g_assert_cmpuint (sent2->status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (sent2->headers, "Location"), !=, location);

  events = poll_events (fx);
  g_assert_cmpstr (S (summary (events)), ==, "conversation/message/completed conversation/message/completed");
  message = find_event (events, "message", "completed", 0);
  g_assert_cmpstr (json_object_get_string_member (message, "status"), ==, "Success");
  g_assert_cmpstr (test_json_path_string (message, "link.href"), ==, location);
  message = test_json_embedded (message, "message");
  g_assert_cmpstr (json_object_get_string_member (message, "direction"), ==, "Outgoing");
  g_assert_cmpstr (json_object_get_string_member (message, "operationId"), ==, "op-1");
  g_assert_cmpstr (test_json_path_string (message, "_links.messaging.href"), ==, messaging);
  g_assert_cmpstr (test_json_path_string (message, "_links.plainMessage.href"), ==, "data:text/plain;charset=utf-8,What%27s+up%3f");
  message = test_json_embedded (find_event (events, "message", "completed", 1), "message");
  g_assert_cmpstr (json_object_get_string_member (message, "operationId"), ==, "6b6ce55c");
  g_assert_cmpstr (test_json_path_string (message, "_links.plainMessage.href"), ==,
                   "data:text/plain;charset=utf-8,%c3%9cn%c3%afcode+%e2%9c%93");

  get = http (fx, "GET", location, NULL, NULL);
  g_assert_cmpuint (get->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (obj (get), "direction"), ==, "Outgoing");

  typing = g_strconcat (messaging, "/typing", NULL);
  typed = http (fx, "POST", typing, NULL, NULL);
  g_assert_cmpuint (typed->status, ==, 204);
  g_assert_cmpuint (fx->typing, ==, 1);

  wrong_type = http (fx, "POST", url, "application/json", "{\"text\":\"x\"}");
  g_assert_cmpuint (wrong_type->status, ==, 415);
  empty = http (fx, "POST", url, "text/plain", "");
  assert_error (empty, 400, "BadRequest", "ParameterValidationFailure");
  g_assert_cmpuint (fx->messages->len, ==, 2);
}

static void
test_remote_messages (Fixture *fx, gconstpointer data)
{
  g_autofree char     *messaging = NULL;
  g_autofree char     *id = NULL;
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) typing = NULL;
  g_autoptr (Response) message = NULL;
  g_autoptr (Response) list = NULL;
  g_autofree char     *list_url = NULL;
  JsonObject          *event;

  ready (fx);
  ack1 = poll_events (fx);
  id = connected_im (fx, &messaging);

  g_assert_true (ucwa_sim_server_set_remote_typing (fx->server, id, TRUE));
  g_assert_true (ucwa_sim_server_set_remote_typing (fx->server, id, TRUE)); /* no change, no event */
  typing = poll_events (fx);
  g_assert_cmpstr (S (summary (typing)), ==, "conversation/participant/added");
  event = find_event (typing, "participant", "added", 0);
  g_assert_cmpstr (test_json_path_string (event, "in.rel"), ==, "typingParticipants");
  g_assert_cmpstr (test_json_path_string (event, "link.title"), ==, "Ada Lovelace");

  list_url = g_strconcat (messaging, "/typingParticipants", NULL);
  list = http (fx, "GET", list_url, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (test_json_path_node (obj (list), "_embedded.participant"))), ==, 1);

  /* A message ends the typing. */
  g_assert_true (ucwa_sim_server_send_remote_message (fx->server, id, "Hello back"));
  message = poll_events (fx);
  g_assert_cmpstr (S (summary (message)), ==, "conversation/participant/deleted conversation/message/completed");
  g_assert_cmpstr (test_json_path_string (find_event (message, "participant", "deleted", 0), "in.rel"), ==, "typingParticipants");
  event = test_json_embedded (find_event (message, "message", "completed", 0), "message");
  g_assert_cmpstr (json_object_get_string_member (event, "direction"), ==, "Incoming");
  g_assert_cmpstr (test_json_path_string (event, "_links.plainMessage.href"), ==, "data:text/plain;charset=utf-8,Hello+back");

  g_assert_false (ucwa_sim_server_send_remote_message (fx->server, "nope", "x"));
  g_assert_false (ucwa_sim_server_set_remote_typing (fx->server, "nope", TRUE));
}

static void
test_stop_and_leave (Fixture *fx, gconstpointer data)
{
  g_autofree char     *messaging = NULL;
  g_autofree char     *messaging2 = NULL;
  g_autofree char     *id = NULL;
  g_autofree char     *id2 = NULL;
  g_autofree char     *stop = NULL;
  g_autofree char     *conversation = NULL;
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) stopped = NULL;
  g_autoptr (Response) events = NULL;
  g_autoptr (Response) deleted = NULL;
  g_autoptr (Response) events2 = NULL;
  g_autoptr (Response) ended = NULL;
  g_autoptr (Response) send = NULL;
  g_autofree char     *send_url = NULL;

  ready (fx);
  ack1 = poll_events (fx);
  id = connected_im (fx, &messaging);

  stop = g_strconcat (messaging, "/terminate", NULL);
  stopped = http (fx, "POST", stop, NULL, NULL);
  g_assert_cmpuint (stopped->status, ==, 204);
  events = poll_events (fx);
  g_assert_cmpstr (test_json_path_string (test_json_embedded (find_event (events, "messaging", "updated", 0), "messaging"), "state"), ==, "Disconnected");
  g_assert_nonnull (test_json_path_node (test_json_embedded (find_event (events, "messaging", "updated", 0), "messaging"), "_links.addMessaging"));
  send_url = g_strconcat (messaging, "/messages", NULL);
  send = http (fx, "POST", send_url, "text/plain", "too late");
  assert_error (send, 409, "Conflict", "None");

  conversation = g_strndup (messaging, strlen (messaging) - strlen ("/messaging"));
  deleted = http (fx, "DELETE", conversation, NULL, NULL);
  g_assert_cmpuint (deleted->status, ==, 204);
  events2 = poll_events (fx);
  g_assert_cmpstr (S (summary (events2)), ==, "communication/conversation/deleted");
  g_assert_false (ucwa_sim_server_end_conversation (fx->server, id));

  /* The remote party leaves. */
  id2 = connected_im (fx, &messaging2);
  g_assert_true (ucwa_sim_server_end_conversation (fx->server, id2));
  ended = poll_events (fx);
  g_assert_cmpstr (S (summary (ended)), ==,
                   "conversation/participant/deleted conversation/messaging/updated "
                   "communication/conversation/updated communication/conversation/deleted");
  g_assert_cmpstr (test_json_path_string (test_json_embedded (find_event (ended, "conversation", "updated", 0), "conversation"), "state"), ==, "Disconnected");
}

/* ------------------------------------------------------------------ */
/* Meetings                                                             */

static void
test_meeting (Fixture *fx, gconstpointer data)
{
  g_autofree char     *id = NULL;
  g_autofree char     *add_messaging = NULL;
  g_autofree char     *send_url = NULL;
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) offered = NULL;
  g_autoptr (Response) accepted = NULL;
  g_autoptr (Response) events = NULL;
  g_autoptr (Response) added = NULL;
  g_autoptr (Response) joined = NULL;
  g_autoptr (Response) twice = NULL;
  g_autoptr (Response) sent = NULL;
  g_autoptr (Response) meeting = NULL;
  JsonObject          *invitation;
  JsonObject          *conversation;
  JsonObject          *messaging;
  const char          *uri;

  ready (fx);
  ack1 = poll_events (fx);
  id = ucwa_sim_server_start_meeting_invitation (fx->server, NULL, "sip:grace@contoso.com", "Grace Hopper", "Release planning");
  g_assert_nonnull (id);
  offered = poll_events (fx);
  g_assert_cmpstr (S (summary (offered)), ==,
                   "communication/onlineMeetingInvitation/started communication/conversation/added "
                   "conversation/localParticipant/added");
  g_assert_true (fx->released_invitation);

  invitation = test_json_embedded (find_event (offered, "onlineMeetingInvitation", "started", 0), "onlineMeetingInvitation");
  g_assert_cmpstr (json_object_get_string_member (invitation, "direction"), ==, "Incoming");
  g_assert_cmpstr (json_object_get_string_member (invitation, "state"), ==, "Connecting");
  g_assert_cmpstr (json_object_get_string_member (invitation, "subject"), ==, "Release planning");
  g_assert_cmpstr (json_object_get_string_member (invitation, "threadId"), ==, id);
  uri = json_object_get_string_member (invitation, "onlineMeetingUri");
  g_assert_true (g_str_has_prefix (uri, "sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (invitation, "availableModalities")), ==, 2);
  g_assert_null (test_json_path_node (invitation, "_links.messaging"));
  g_assert_nonnull (test_json_path_node (invitation, "_links.accept"));
  g_assert_nonnull (test_json_path_node (invitation, "_links.decline"));
  g_assert_cmpstr (test_json_path_string (invitation, "_links.from.title"), ==, "Grace Hopper");
  g_assert_cmpstr (test_json_path_string (invitation, "_embedded.from.name"), ==, "Grace Hopper");
  g_assert_cmpstr (test_json_path_string (test_json_embedded (find_event (offered, "conversation", "added", 0), "conversation"), "state"), ==, "Incoming");

  accepted = http (fx, "POST", test_json_path_string (invitation, "_links.accept.href"), NULL, NULL);
  g_assert_cmpuint (accepted->status, ==, 204);
  events = poll_events (fx);
  g_assert_cmpstr (S (summary (events)), ==,
                   "communication/conversation/updated communication/conversation/updated "
                   "conversation/onlineMeeting/added conversation/participant/added "
                   "conversation/messaging/updated communication/onlineMeetingInvitation/completed");
  g_assert_cmpstr (test_json_path_string (test_json_embedded (find_event (events, "conversation", "updated", 0), "conversation"), "state"), ==, "Conferencing");
  conversation = test_json_embedded (find_event (events, "conversation", "updated", 1), "conversation");
  g_assert_cmpstr (json_object_get_string_member (conversation, "state"), ==, "Conferenced");
  for (guint i = 0; i < 7; i++)
    {
      const char *rels[] = { "onlineMeeting", "participants", "leaders", "attendees", "lobby", "addParticipant", "messaging" };

      g_assert_nonnull (test_json_path_node (json_object_get_object_member (conversation, "_links"), rels[i]));
    }
  g_assert_cmpstr (test_json_path_string (find_event (events, "onlineMeeting", "added", 0), "in.rel"), ==, "conversation");
  g_assert_cmpstr (test_json_path_string (test_json_embedded (find_event (events, "onlineMeeting", "added", 0), "onlineMeeting"), "onlineMeetingUri"), ==, uri);
  g_assert_true (json_object_get_boolean_member (test_json_embedded (find_event (events, "participant", "added", 0), "participant"), "organizer"));
  messaging = test_json_embedded (find_event (events, "messaging", "updated", 0), "messaging");
  g_assert_cmpstr (json_object_get_string_member (messaging, "state"), ==, "Disconnected");
  add_messaging = g_strdup (test_json_path_string (messaging, "_links.addMessaging.href"));
  g_assert_nonnull (add_messaging);
  g_assert_cmpstr (json_object_get_string_member (find_event (events, "onlineMeetingInvitation", "completed", 0), "status"), ==, "Success");
  g_assert_cmpstr (g_ptr_array_index (fx->answered, 0), ==, S (g_strconcat (id, ":1", NULL)));

  meeting = http (fx, "GET", test_json_path_string (conversation, "_links.onlineMeeting.href"), NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (obj (meeting), "subject"), ==, "Release planning");

  added = http (fx, "POST", add_messaging, "application/json",
                "{\"operationId\":\"74cb7404\",\"_links\":{\"message\":{\"href\":\"data:text/plain;charset=utf-8,Hello+all\"}}}");
  g_assert_cmpuint (added->status, ==, 201);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (added->headers, "Location"),
                                   S (g_strconcat (fx->app_base, "/communication/messagingInvitations/", NULL))));
  g_assert_cmpstr (g_ptr_array_index (fx->messages, 0), ==, S (g_strconcat (id, ":Hello all", NULL)));

  joined = poll_events (fx);
  g_assert_cmpstr (S (summary (joined)), ==,
                   "communication/messagingInvitation/started conversation/messaging/updated "
                   "conversation/messaging/updated conversation/participantMessaging/added "
                   "communication/messagingInvitation/completed conversation/message/completed");
  invitation = test_json_embedded (find_event (joined, "messagingInvitation", "started", 0), "messagingInvitation");
  g_assert_cmpstr (json_object_get_string_member (invitation, "direction"), ==, "Outgoing");
  g_assert_cmpstr (json_object_get_string_member (invitation, "operationId"), ==, "74cb7404");
  g_assert_cmpstr (test_json_path_string (find_event (joined, "messagingInvitation", "started", 0), "link.href"), ==,
                   soup_message_headers_get_one (added->headers, "Location"));
  g_assert_cmpstr (test_json_path_string (test_json_embedded (find_event (joined, "messaging", "updated", 0), "messaging"), "state"), ==, "Connecting");
  messaging = test_json_embedded (find_event (joined, "messaging", "updated", 1), "messaging");
  g_assert_cmpstr (json_object_get_string_member (messaging, "state"), ==, "Connected");
  g_assert_cmpstr (json_object_get_string_member (find_event (joined, "messagingInvitation", "completed", 0), "status"), ==, "Success");

  twice = http (fx, "POST", add_messaging, NULL, NULL);
  assert_error (twice, 409, "Conflict", "AlreadyExists");

  send_url = g_strdup (test_json_path_string (messaging, "_links.sendMessage.href"));
  sent = http (fx, "POST", send_url, "text/plain", "in the meeting");
  g_assert_cmpuint (sent->status, ==, 201);
  g_assert_true (ucwa_sim_server_send_remote_message (fx->server, id, "welcome"));
}

static void
test_meeting_decline (Fixture *fx, gconstpointer data)
{
  g_autofree char     *id = NULL;
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) offered = NULL;
  g_autoptr (Response) wrong = NULL;
  g_autoptr (Response) declined = NULL;
  g_autoptr (Response) events = NULL;
  g_autofree char     *as_im = NULL;
  JsonObject          *invitation;
  JsonObject          *completed;

  ready (fx);
  ack1 = poll_events (fx);
  id = ucwa_sim_server_start_meeting_invitation (fx->server, NULL, "sip:grace@contoso.com", "Grace Hopper", "Sync");
  offered = poll_events (fx);
  invitation = test_json_embedded (find_event (offered, "onlineMeetingInvitation", "started", 0), "onlineMeetingInvitation");

  /* A meeting invitation is not reachable through the IM collection. */
  {
    g_auto (GStrv) parts = g_strsplit (test_json_path_string (invitation, "_links.accept.href"), "onlineMeetingInvitations", -1);

    g_assert_cmpuint (g_strv_length (parts), ==, 2);
    as_im = g_strjoinv ("messagingInvitations", parts);
  }
  wrong = http (fx, "POST", as_im, NULL, NULL);
  g_assert_cmpuint (wrong->status, ==, 404);

  declined = http (fx, "POST", test_json_path_string (invitation, "_links.decline.href"), NULL, NULL);
  g_assert_cmpuint (declined->status, ==, 204);
  events = poll_events (fx);
  g_assert_cmpstr (S (summary (events)), ==,
                   "communication/onlineMeetingInvitation/completed communication/conversation/deleted");
  completed = find_event (events, "onlineMeetingInvitation", "completed", 0);
  g_assert_cmpstr (json_object_get_string_member (completed, "status"), ==, "Failure");
  g_assert_cmpstr (test_json_path_string (completed, "reason.subcode"), ==, "Declined");
}

/* A lobby held until told: nothing happens until admit_from_lobby() or
 * refuse_from_lobby(), which release the events the end of a hold
 * releases; an accepted invitation's lobby as a joinOnlineMeeting's. */
static void
test_meeting_lobby_until_told (Fixture *fx, gconstpointer data)
{
  g_autofree char     *id = NULL;
  g_autofree char     *conference_id = NULL;
  g_autofree char     *join_url = NULL;
  g_autofree char     *join_body = NULL;
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) offered = NULL;
  g_autoptr (Response) accepted = NULL;
  g_autoptr (Response) waiting = NULL;
  g_autoptr (Response) admitted = NULL;
  g_autoptr (Response) joined = NULL;
  g_autoptr (Response) joining = NULL;
  g_autoptr (Response) refused = NULL;
  JsonObject          *invitation;
  JsonObject          *completed;

  ready (fx);
  ack1 = poll_events (fx);
  ucwa_sim_server_set_lobby_hold (fx->server, UCWA_SIM_LOBBY_HOLD_UNTIL_TOLD);
  g_assert_false (ucwa_sim_server_admit_from_lobby (fx->server, "nosuchmeeting"));

  /* An accepted invitation waits InLobby until admitted. */
  id = ucwa_sim_server_start_meeting_invitation (fx->server, NULL, "sip:grace@contoso.com", "Grace Hopper", "Lobby");
  offered = poll_events (fx);
  invitation = test_json_embedded (find_event (offered, "onlineMeetingInvitation", "started", 0), "onlineMeetingInvitation");
  ucwa_sim_server_inject_fault (fx->server, UCWA_SIM_FAULT_ACCEPT_LOBBY_HOLD, 1);
  accepted = http (fx, "POST", test_json_path_string (invitation, "_links.accept.href"), NULL, NULL);
  g_assert_cmpuint (accepted->status, ==, 204);
  waiting = poll_events (fx);
  g_assert_cmpstr (S (summary (waiting)), ==, "communication/conversation/updated");
  g_assert_cmpstr (test_json_path_string (test_json_embedded (find_event (waiting, "conversation", "updated", 0), "conversation"), "state"), ==, "InLobby");
  g_assert_cmpuint (fx->answered->len, ==, 0);

  g_assert_true (ucwa_sim_server_admit_from_lobby (fx->server, id));
  admitted = poll_events (fx);
  /* test_meeting's accept, as the end of the hold brings it. */
  g_assert_cmpstr (S (summary (admitted)), ==,
                   "communication/conversation/updated communication/conversation/updated "
                   "conversation/onlineMeeting/added conversation/participant/added "
                   "conversation/messaging/updated communication/onlineMeetingInvitation/completed");
  g_assert_cmpstr (test_json_path_string (test_json_embedded (find_event (admitted, "conversation", "updated", 1), "conversation"), "state"), ==, "Conferenced");
  g_assert_cmpstr (json_object_get_string_member (find_event (admitted, "onlineMeetingInvitation", "completed", 0), "status"), ==, "Success");
  g_assert_cmpstr (g_ptr_array_index (fx->answered, 0), ==, S (g_strconcat (id, ":1", NULL)));
  /* No one waits there any more. */
  g_assert_false (ucwa_sim_server_admit_from_lobby (fx->server, id));
  g_assert_false (ucwa_sim_server_refuse_from_lobby (fx->server, id));

  /* A join into a meeting that would admit, refused by its conference id. */
  conference_id = ucwa_sim_server_create_meeting (fx->server, "sip:grace@contoso.com", "Grace Hopper", NULL,
                                                  UCWA_SIM_LOBBY_ADMITS);
  join_url = g_strconcat (fx->app_base, "/communication/onlineMeetingInvitations", NULL);
  join_body = g_strdup_printf ("{\"operationId\":\"lobby1\",\"onlineMeetingUri\":"
                               "\"sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:%s\"}",
                               conference_id);
  joining = http (fx, "POST", join_url, "application/json", join_body);
  g_assert_cmpuint (joining->status, ==, 201);
  joined = poll_events (fx);
  g_assert_cmpstr (S (summary (joined)), ==,
                   "communication/onlineMeetingInvitation/started communication/conversation/added "
                   "conversation/localParticipant/added communication/conversation/updated");
  g_assert_cmpstr (test_json_path_string (test_json_embedded (find_event (joined, "conversation", "updated", 0), "conversation"), "state"), ==, "InLobby");

  g_assert_true (ucwa_sim_server_refuse_from_lobby (fx->server, conference_id));
  refused = poll_events (fx);
  g_assert_cmpstr (S (summary (refused)), ==,
                   "communication/onlineMeetingInvitation/completed communication/conversation/deleted");
  completed = find_event (refused, "onlineMeetingInvitation", "completed", 0);
  g_assert_cmpstr (json_object_get_string_member (completed, "status"), ==, "Failure");
  g_assert_cmpstr (test_json_path_string (completed, "reason.code"), ==, "RemoteFailure");
  g_assert_cmpstr (test_json_path_string (completed, "reason.subcode"), ==, "Denied");
  g_assert_false (ucwa_sim_server_refuse_from_lobby (fx->server, conference_id));
}

/* ------------------------------------------------------------------ */
/* Control API, errors, autopilot, binary                               */

static void
test_control_api (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response) none = NULL;
  g_autoptr (Response) im = NULL;
  g_autoptr (Response) status = NULL;
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) offered = NULL;
  g_autoptr (Response) accept = NULL;
  g_autoptr (Response) message = NULL;
  g_autoptr (Response) typing = NULL;
  g_autoptr (Response) bad_typing = NULL;
  g_autoptr (Response) events = NULL;
  g_autoptr (Response) end = NULL;
  g_autoptr (Response) end_again = NULL;
  g_autoptr (Response) fault = NULL;
  g_autoptr (Response) bad_fault = NULL;
  g_autoptr (Response) faulted = NULL;
  g_autoptr (Response) meeting = NULL;
  g_autoptr (Response) cancel = NULL;
  g_autoptr (Response) missing = NULL;
  g_autoptr (Response) get_im = NULL;
  g_autoptr (Response) help = NULL;
  g_autofree char     *id = NULL;
  g_autofree char     *url = NULL;
  JsonObject          *app;

  none = http_noauth (fx, "POST", "/_sim/im?from=sip:ada@contoso.com&name=Ada&message=Hi", NULL, NULL);
  g_assert_cmpuint (none->status, ==, 409);

  ready (fx);
  ack1 = poll_events (fx);
  im = http_noauth (fx, "POST", "/_sim/im", "application/x-www-form-urlencoded",
                    "from=sip%3Aada%40contoso.com&name=Ada+Lovelace&message=Hi+from+curl");
  g_assert_cmpuint (im->status, ==, 200);
  id = g_strdup (json_object_get_string_member (obj (im), "id"));
  offered = poll_events (fx);
  g_assert_cmpstr (test_json_path_string (test_json_embedded (find_event (offered, "messagingInvitation", "started", 0), "messagingInvitation"), "_links.message.href"),
                   ==, "data:text/plain;charset=utf-8,Hi+from+curl");

  status = http_noauth (fx, "GET", "/_sim/status", NULL, NULL);
  g_assert_cmpuint (status->status, ==, 200);
  app = json_array_get_object_element (json_object_get_array_member (obj (status), "applications"), 0);
  g_assert_cmpstr (json_object_get_string_member (app, "href"), ==, fx->app_base);
  g_assert_true (json_object_get_boolean_member (app, "available"));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (obj (status), "conversations")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (obj (status), "requests"), "makeMeAvailable"), ==, 1);

  accept = http (fx, "POST", test_json_path_string (test_json_embedded (find_event (offered, "messagingInvitation", "started", 0), "messagingInvitation"), "_links.accept.href"), NULL, NULL);
  g_assert_cmpuint (accept->status, ==, 204);
  g_clear_pointer (&offered, response_unref);
  offered = poll_events (fx);

  url = g_strdup_printf ("/_sim/typing?id=%s&typing=true", id);
  typing = http_noauth (fx, "POST", url, NULL, NULL);
  g_assert_cmpuint (typing->status, ==, 200);
  g_free (url);
  url = g_strdup_printf ("/_sim/typing?id=%s&typing=maybe", id);
  bad_typing = http_noauth (fx, "POST", url, NULL, NULL);
  g_assert_cmpuint (bad_typing->status, ==, 400);
  g_free (url);
  url = g_strdup_printf ("/_sim/message?id=%s&text=See+you", id);
  message = http_noauth (fx, "POST", url, NULL, NULL);
  g_assert_cmpuint (message->status, ==, 200);
  events = poll_events (fx);
  g_assert_cmpstr (S (summary (events)), ==,
                   "conversation/participant/added conversation/participant/deleted conversation/message/completed");

  g_free (url);
  url = g_strdup_printf ("/_sim/end?id=%s", id);
  end = http_noauth (fx, "POST", url, NULL, NULL);
  g_assert_cmpuint (end->status, ==, 200);
  end_again = http_noauth (fx, "POST", url, NULL, NULL);
  g_assert_cmpuint (end_again->status, ==, 404);

  meeting = http_noauth (fx, "POST", "/_sim/meeting?from=sip:grace@contoso.com&name=Grace+Hopper&subject=Planning", NULL, NULL);
  g_assert_cmpuint (meeting->status, ==, 200);
  g_free (url);
  url = g_strdup_printf ("/_sim/cancel?id=%s", json_object_get_string_member (obj (meeting), "id"));
  cancel = http_noauth (fx, "POST", url, NULL, NULL);
  g_assert_cmpuint (cancel->status, ==, 200);

  fault = http_noauth (fx, "POST", "/_sim/fault?name=events-service-unavailable&times=1", NULL, NULL);
  g_assert_cmpuint (fault->status, ==, 200);
  faulted = http (fx, "GET", fx->events_next, NULL, NULL);
  g_assert_cmpuint (faulted->status, ==, 503);
  bad_fault = http_noauth (fx, "POST", "/_sim/fault?name=nonsense", NULL, NULL);
  g_assert_cmpuint (bad_fault->status, ==, 400);

  missing = http_noauth (fx, "POST", "/_sim/message?text=no-id", NULL, NULL);
  g_assert_cmpuint (missing->status, ==, 400);
  get_im = http_noauth (fx, "GET", "/_sim/im", NULL, NULL);
  g_assert_cmpuint (get_im->status, ==, 405);
  help = http_noauth (fx, "GET", "/_sim/help", NULL, NULL);
  g_assert_cmpuint (help->status, ==, 200);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (help->body, NULL), g_bytes_get_size (help->body), "/_sim/fault"));
}

static void
test_xml_errors (Fixture *fx, gconstpointer data)
{
  g_autoptr (JsonNode) app = NULL;
  g_autoptr (Response) xml = NULL;
  g_autoptr (Response) vnd = NULL;
  g_autofree char     *url = NULL;
  g_autofree char     *body = NULL;

  sign_in (fx);
  app = create_app (fx, "e");
  url = g_strconcat (fx->app_base, "/me/reportMyActivity", NULL);

  xml = http_wait (http_start_full (fx, "POST", url, NULL, NULL, fx->token, "application/xml"));
  g_assert_cmpuint (xml->status, ==, 409);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (xml->headers, NULL), "application/xml"));
  body = g_strndup (g_bytes_get_data (xml->body, NULL), g_bytes_get_size (xml->body));
  g_assert_nonnull (strstr (body, "<reason "));
  g_assert_nonnull (strstr (body, "xmlns=\"http://schemas.microsoft.com/rtc/2012/03/ucwa\""));
  g_assert_nonnull (strstr (body, "<code>Conflict</code>"));
  g_assert_nonnull (strstr (body, "<subcode>MakeMeAvailableRequired</subcode>"));
  g_assert_nonnull (strstr (body, "<debugInfo />"));

  vnd = http_wait (http_start_full (fx, "POST", url, NULL, NULL, fx->token,
                                    "application/vnd.microsoft.com.ucwa+xml;q=0.9, application/json;q=0.5"));
  g_assert_cmpstr (soup_message_headers_get_content_type (vnd->headers, NULL), ==, "application/vnd.microsoft.com.ucwa+xml");
}

typedef struct
{
  gboolean           done;
  GString           *reply;
  GSocketConnection *connection;
  char              *request;
  char               buffer[4096];
} Raw;

static void
raw_read_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Raw   *raw = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      raw->done = TRUE;
      return;
    }
  g_string_append_len (raw->reply, raw->buffer, n);
  g_input_stream_read_async (G_INPUT_STREAM (source), raw->buffer, sizeof raw->buffer, G_PRIORITY_DEFAULT, NULL,
                             raw_read_cb, raw);
}

static void
raw_connected_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Raw               *raw = data;
  g_autoptr (GError) error = NULL;
  GOutputStream     *out;

  raw->connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (raw->connection));
  g_assert_true (g_output_stream_write_all (out, raw->request, strlen (raw->request), NULL, NULL, &error));
  g_assert_no_error (error);
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (raw->connection)), raw->buffer,
                             sizeof raw->buffer, G_PRIORITY_DEFAULT, NULL, raw_read_cb, raw);
}

static gboolean
raw_done (gpointer data)
{
  return ((Raw *) data)->done;
}

/* Sends bytes no HTTP library would produce; returns the status code. */
static guint
raw_request (Fixture *fx, const char *request)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  Raw                       raw = { FALSE, g_string_new (NULL), NULL, g_strdup (request), { 0 } };
  guint                     status = 0;

  g_socket_client_connect_to_host_async (client, "127.0.0.1", ucwa_sim_server_get_port (fx->server), NULL,
                                         raw_connected_cb, &raw);
  test_wait_until (raw_done, &raw, "the raw request's answer");
  if (g_str_has_prefix (raw.reply->str, "HTTP/1.1 ") || g_str_has_prefix (raw.reply->str, "HTTP/1.0 "))
    status = (guint) g_ascii_strtoull (raw.reply->str + 9, NULL, 10);

  g_clear_object (&raw.connection);
  g_string_free (raw.reply, TRUE);
  g_free (raw.request);

  return status;
}

static void
test_malformed_input (Fixture *fx, gconstpointer data)
{
  const char *paths[] = {
    "/nope",
    "/ucwa/oauth/v1/applicationsX",
    "/ucwa/oauth/v1/applications/999",
    "/ucwa/oauth/v1/applications//",
    "/_sim/unknown",
    "/pool2/ucwa/oauth/v1/applications/1/events?ack=1",
  };
  g_autoptr (JsonNode) app = NULL;
  g_autoptr (Response) unknown = NULL;
  g_autoptr (Response) method = NULL;
  g_autoptr (Response) big = NULL;
  g_autoptr (Response) conv = NULL;
  g_autoptr (Response) other_user = NULL;
  g_autofree char     *url = NULL;
  g_autofree char     *huge = NULL;

  sign_in (fx);
  app = create_app (fx, "e");

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (Response) r = http (fx, "GET", paths[i], NULL, NULL);

      g_assert_no_error (r->error);
      g_assert_cmpuint (r->status, >=, 400);
      g_assert_cmpuint (r->status, <, 500);
    }

  url = g_strconcat (fx->app_base, "/no/such/resource", NULL);
  unknown = http (fx, "GET", url, NULL, NULL);
  assert_error (unknown, 404, "NotFound", "ResourceNotFound");
  g_free (url);
  url = g_strconcat (fx->app_base, "/me", NULL);
  method = http (fx, "PUT", url, "application/json", "{}");
  g_assert_cmpuint (method->status, ==, 405);
  g_assert_cmpstr (soup_message_headers_get_one (method->headers, "Allow"), ==, "GET");
  g_free (url);
  url = g_strconcat (fx->app_base, "/communication/conversations/zzz", NULL);
  conv = http (fx, "DELETE", url, NULL, NULL);
  g_assert_cmpuint (conv->status, ==, 404);
  g_free (url);
  url = g_strdup_printf ("GET %s/events?ack=%%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                         "Connection: close\r\n\r\n",
                         fx->app_base, fx->token);
  g_assert_cmpuint (raw_request (fx, url), ==, 400);
  g_free (url);
  url = g_strdup_printf ("GET /ucwa/oauth/v1/applications/%%00/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Authorization: Bearer %s\r\nConnection: close\r\n\r\n",
                         fx->token);
  {
    guint status = raw_request (fx, url); /* libsoup itself may refuse a NUL */

    g_assert_cmpuint (status, >=, 400);
    g_assert_cmpuint (status, <, 500);
  }
  g_assert_cmpuint (raw_request (fx, "POST /WebTicket/oauthtoken HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                     "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 6\r\n"
                                     "Connection: close\r\n\r\n%zz&=&"),
                    ==, 400);
  g_assert_cmpuint (raw_request (fx, "NONSENSE\r\n\r\n"), ==, 400);

  /* A body over the limit is refused before it is read. */
  huge = g_malloc (2 * 1024 * 1024 + 1);
  memset (huge, 'a', 2 * 1024 * 1024);
  huge[2 * 1024 * 1024] = '\0';
  big = http (fx, "POST", "/ucwa/oauth/v1/applications", "application/json", huge);
  g_assert_cmpuint (big->status, ==, 413);

  /* Someone else's token does not open this application. */
  ucwa_sim_server_add_user (fx->server, "sip:bob@contoso.com", "bobpw", "Bob");
  g_free (fx->token);
  fx->token = get_token (fx, "/WebTicket/oauthtoken", "bob@contoso.com", "bobpw");
  other_user = http (fx, "GET", fx->app_base, NULL, NULL);
  g_assert_cmpuint (other_user->status, ==, 403);
}

static void
test_autopilot (Fixture *fx, gconstpointer data)
{
  g_autoptr (Response) ack1 = NULL;
  g_autoptr (Response) invitation = NULL;
  g_autoptr (Response) accept = NULL;
  g_autoptr (Response) accepted = NULL;
  g_autoptr (Response) typing = NULL;
  g_autoptr (Response) reply = NULL;
  g_autoptr (Response) sent = NULL;
  g_autoptr (Response) answer = NULL;
  JsonObject          *inv;
  JsonObject          *messaging;

  ucwa_sim_server_set_autopilot (fx->server, TRUE);
  ready (fx);
  ack1 = poll_events (fx);

  invitation = poll_until_text (fx, "\"started\"");
  inv = test_json_embedded (find_event (invitation, "messagingInvitation", "started", 0), "messagingInvitation");
  g_assert_cmpstr (test_json_path_string (inv, "_embedded.from.uri"), ==, "sip:ada@contoso.com");
  g_assert_cmpstr (test_json_path_string (inv, "_embedded.from.name"), ==, "Ada Lovelace");
  g_assert_cmpstr (test_json_path_string (inv, "_links.message.href"), ==, "data:text/plain;charset=utf-8,Hi%2c+got+a+minute%3f");

  accept = http (fx, "POST", test_json_path_string (inv, "_links.accept.href"), NULL, NULL);
  g_assert_cmpuint (accept->status, ==, 204);
  accepted = poll_events (fx);
  messaging = test_json_embedded (find_event (accepted, "messaging", "updated", 0), "messaging");
  g_assert_cmpstr (json_object_get_string_member (messaging, "state"), ==, "Connected");

  typing = poll_until_text (fx, "\"typingParticipants\"");
  g_assert_cmpstr (test_json_path_string (find_event (typing, "participant", "added", 0), "in.rel"), ==, "typingParticipants");
  reply = poll_until_text (fx, "release+notes");
  g_assert_true (has_text (reply, "data:text/plain;charset=utf-8,Great+%e2%80%94+I+wanted+to+ask+about+the+release+notes."));

  sent = http (fx, "POST", test_json_path_string (messaging, "_links.sendMessage.href"), "text/plain", "Sure, what about them?");
  g_assert_cmpuint (sent->status, ==, 201);
  answer = poll_until_text (fx, "\"direction\":\"Incoming\"");
  g_assert_nonnull (find_event (answer, "message", "completed", 0));
}

static void
test_binary (Fixture *fx, gconstpointer data)
{
  g_autofree char             *binary = g_test_build_filename (G_TEST_BUILT, "..", "src", "sim", "beckon-ucwa-sim", NULL);
  g_autoptr (GSubprocess)      process = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError)           error = NULL;
  g_autofree char             *line = NULL;
  g_autofree char             *status_url = NULL;
  g_autofree char             *help = NULL;
  g_autoptr (Response)         status = NULL;
  g_autoptr (Response)         token = NULL;
  g_autoptr (GSubprocess)      help_process = NULL;

  g_assert_true (g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE));

  help_process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--help", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (help_process, NULL, NULL, &help, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (help, "--autopilot"));
  g_assert_nonnull (strstr (help, "/_sim/im"));

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--port", "0",
                              "--user", "sip:carol@fabrikam.com", "--password", "pw", "--name", "Carol", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (line, "/"));

  status_url = g_strconcat (line, "_sim/status", NULL);
  status = http_noauth (fx, "GET", status_url, NULL, NULL);
  g_assert_cmpuint (status->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (obj (status), "rootUrl"), ==, line);

  {
    g_autofree char *webticket = g_strconcat (line, "WebTicket/oauthtoken", NULL);

    token = http_noauth (fx, "POST", webticket, "application/x-www-form-urlencoded",
                         "grant_type=password&username=carol%40fabrikam.com&password=pw");
    g_assert_cmpuint (token->status, ==, 200);
  }

  g_subprocess_send_signal (process, SIGTERM);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

/* presence_ref.md: GET shows an Availability, POST takes a PreferredAvailability
 * (optional, nullable; an empty body resets), each change is a `presence`
 * updated event of sender `me`; the control API changes it server-side. */
static void
test_presence (Fixture *fx, gconstpointer data)
{
  const struct
  {
    const char *posted;
    const char *availability;
    const char *activity;
  } states[] = {
    { "Busy", "Busy", "Busy" },
    { "DoNotDisturb", "DoNotDisturb", "Do not disturb" },
    { "BeRightBack", "BeRightBack", "Be right back" },
    { "Away", "Away", "Away" },
    { "Offwork", "Away", "Off Work" },
    { "Online", "Online", "Available" },
  };
  const char          *refused[] = { "{\"availability\":\"Offline\"}", "{\"availability\":\"IdleOnline\"}",
                                     "{\"availability\":\"online\"}", "{\"availability\":3}", NULL };
  g_autofree char     *href = NULL;
  g_autoptr (Response) before = NULL;
  g_autoptr (Response) get = NULL;
  g_autoptr (Response) events = NULL;
  g_autoptr (Response) control = NULL;
  g_autoptr (Response) bad = NULL;

  sign_in (fx);
  {
    g_autoptr (JsonNode) app = create_app (fx, "endpoint-1");
  }
  href = g_strconcat (fx->app_base, "/me/presence", NULL);
  before = http (fx, "GET", href, NULL, NULL);
  assert_error (before, 409, "Conflict", "MakeMeAvailableRequired");
  make_available (fx);
  response_unref (poll_events (fx));

  get = http (fx, "GET", href, NULL, NULL);
  g_assert_cmpuint (get->status, ==, 200);
  g_assert_cmpstr (test_json_path_string (obj (get), "rel"), ==, "presence");
  g_assert_cmpstr (test_json_path_string (obj (get), "availability"), ==, "Online");
  g_assert_cmpstr (test_json_path_string (obj (get), "activity"), ==, "Available");

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char     *body = g_strdup_printf ("{\"availability\":\"%s\"}", states[i].posted);
      g_autoptr (Response) post = http (fx, "POST", href, "application/json", body);
      g_autoptr (Response) after = NULL;
      g_autoptr (Response) event = NULL;
      g_autofree char     *text = NULL;

      g_assert_cmpuint (post->status, ==, 204);
      event = poll_events (fx);
      text = summary (event);
      g_assert_cmpstr (text, ==, "me/presence/updated");
      after = http (fx, "GET", href, NULL, NULL);
      g_assert_cmpstr (test_json_path_string (obj (after), "availability"), ==, states[i].availability);
      g_assert_cmpstr (test_json_path_string (obj (after), "activity"), ==, states[i].activity);
    }

  for (guint i = 0; refused[i] != NULL; i++)
    {
      g_autoptr (Response) post = http (fx, "POST", href, "application/json", refused[i]);
      JsonArray           *parameters;

      assert_error (post, 400, "BadRequest", "ParameterValidationFailure");
      parameters = json_object_get_array_member (obj (post), "parameters");
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (parameters, 0), "name"), ==, "availability");
    }
  g_assert_cmpstr (ucwa_sim_server_get_availability (fx->server, NULL), ==, "Online");

  /* An empty body, or null, resets it. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (Response) busy = http (fx, "POST", href, "application/json", "{\"availability\":\"Busy\"}");
      g_autoptr (Response) reset = NULL;

      g_assert_cmpuint (busy->status, ==, 204);
      g_assert_cmpstr (ucwa_sim_server_get_availability (fx->server, NULL), ==, "Busy");
      reset = i == 0 ? http (fx, "POST", href, NULL, NULL)
                     : http (fx, "POST", href, "application/json", "{\"availability\":null}");
      g_assert_cmpuint (reset->status, ==, 204);
      g_assert_cmpstr (ucwa_sim_server_get_availability (fx->server, NULL), ==, "Online");
    }
  response_unref (poll_until_text (fx, "presence"));

  /* Server-side: a meeting elsewhere. */
  control = http_noauth (fx, "POST", "/_sim/presence?availability=Busy&activity=In+a+meeting", NULL, NULL);
  g_assert_cmpuint (control->status, ==, 200);
  events = poll_until_text (fx, "presence");
  {
    g_autofree char     *text = summary (events);
    g_autoptr (Response) after = http (fx, "GET", href, NULL, NULL);

    g_assert_true (g_str_has_suffix (text, "me/presence/updated"));
    g_assert_cmpstr (test_json_path_string (obj (after), "availability"), ==, "Busy");
    g_assert_cmpstr (test_json_path_string (obj (after), "activity"), ==, "In a meeting");
  }
  bad = http_noauth (fx, "POST", "/_sim/presence?availability=Offwork", NULL, NULL);
  assert_error (bad, 400, "BadRequest", "ParameterValidationFailure");
  g_assert_true (ucwa_sim_server_set_presence (fx->server, "alice@contoso.com", "IdleOnline", NULL));
  g_assert_cmpstr (ucwa_sim_server_get_availability (fx->server, "sip:alice@contoso.com"), ==, "IdleOnline");
  g_assert_false (ucwa_sim_server_set_presence (fx->server, "nobody@contoso.com", "Online", NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sim/discovery/root", test_discovery_root);
  ADD ("/sim/discovery/root-redirect", test_discovery_root_redirect);
  ADD ("/sim/auth/challenge-quoted", test_challenge_quoted);
  ADD ("/sim/auth/challenge-unquoted", test_challenge_unquoted);
  ADD ("/sim/auth/challenge-folded", test_challenge_folded);
  ADD ("/sim/auth/token", test_token);
  ADD ("/sim/auth/token-errors", test_token_errors);
  ADD ("/sim/auth/token-lifetime", test_token_lifetime);
  ADD ("/sim/auth/token-expired-fault", test_token_expired_fault);
  ADD ("/sim/auth/user-redirect", test_user_redirect);
  ADD ("/sim/application/create", test_application_create);
  ADD ("/sim/application/errors", test_application_errors);
  ADD ("/sim/application/same-endpoint", test_application_same_endpoint);
  ADD ("/sim/application/delete", test_application_delete);
  ADD ("/sim/application/expiry", test_application_expiry);
  ADD ("/sim/me/make-me-available", test_make_me_available);
  ADD ("/sim/me/make-me-available-errors", test_make_me_available_errors);
  ADD ("/sim/me/report-my-activity", test_report_my_activity);
  ADD ("/sim/me/presence", test_presence);
  ADD ("/sim/events/held-and-released", test_events_held_and_released);
  ADD ("/sim/events/replay", test_events_replay);
  ADD ("/sim/events/resync", test_events_resync);
  ADD ("/sim/events/pget-replaced", test_events_pget_replaced);
  ADD ("/sim/events/empty-release", test_events_empty_release);
  ADD ("/sim/invitation/accept", test_accept);
  ADD ("/sim/invitation/decline", test_decline);
  ADD ("/sim/invitation/cancel", test_cancel);
  ADD ("/sim/invitation/timeout", test_invitation_timeout);
  ADD ("/sim/invitation/link-only", test_link_only);
  ADD ("/sim/invitation/foreign-and-missing-links", test_foreign_and_missing_links);
  ADD ("/sim/faults/from-string", test_fault_from_string);
  ADD ("/sim/faults/accept", test_faults_accept);
  ADD ("/sim/faults/accept-slow", test_faults_accept_slow);
  ADD ("/sim/faults/accept-no-completion", test_faults_accept_no_completion);
  ADD ("/sim/faults/decline", test_faults_decline);
  ADD ("/sim/faults/events-not-found", test_faults_events_not_found);
  ADD ("/sim/faults/events-errors", test_faults_events_errors);
  ADD ("/sim/faults/events-bodies", test_faults_events_bodies);
  ADD ("/sim/faults/events-drop", test_faults_events_drop);
  ADD ("/sim/faults/events-stall", test_faults_events_stall);
  ADD ("/sim/faults/while-parked", test_faults_while_parked);
  ADD ("/sim/messaging/send", test_send_message);
  ADD ("/sim/messaging/remote", test_remote_messages);
  ADD ("/sim/messaging/stop-and-leave", test_stop_and_leave);
  ADD ("/sim/meeting/accept", test_meeting);
  ADD ("/sim/meeting/decline", test_meeting_decline);
  ADD ("/sim/meeting/lobby-until-told", test_meeting_lobby_until_told);
  ADD ("/sim/control-api", test_control_api);
  ADD ("/sim/errors/xml", test_xml_errors);
  ADD ("/sim/errors/malformed-input", test_malformed_input);
  ADD ("/sim/autopilot", test_autopilot);
  ADD ("/sim/binary", test_binary);
#undef ADD

  return g_test_run ();
}

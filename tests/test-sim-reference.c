/* test-sim-reference.c: the standalone simulator against the protocol reference
 *
 * Each test starts the beckon-ucwa-sim binary (BECKON_UCWA_SIM, set by
 * meson) on a port of the system's choosing and drives it as any
 * third-party UCWA client would: a plain SoupSession and json-glib, no
 * Beckon code.  Like several such clients, it builds every URL as
 * root + href, so every path it asks for starts with "//".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "test-json.h"

/* The binary's default user. */
#define USER_NAME     "alice"
#define USER_PASSWORD "alice"
/* An empty P-GET comes back after this long (--max-hold), so that a test
 * can poll until a condition holds without waiting 180 s per empty poll. */
#define MAX_HOLD_MS "300"
#define MAX_POLLS   40

typedef struct
{
  GSubprocess *process;
  SoupSession *session;
  char        *origin; /* http://127.0.0.1:PORT */
  char        *authorization;
  char        *app_base; /* /ucwa/oauth/v1/applications/<id> */
  char        *events_next;
  char        *make_me_available;
} Fixture;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  char               *body;
  JsonNode           *json;
} Response;

static void
response_free (Response *r)
{
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_free (r->body);
  g_clear_pointer (&r->json, json_node_unref);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

static JsonObject *
obj (Response *r)
{
  g_assert_nonnull (r->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (r->json));
  return json_node_get_object (r->json);
}

/* root + href, as the clients this guards build it: an absolute href keeps
 * its path (and query) only, so that every request path starts with "//". */
static char *
doubled (Fixture    *f,
         const char *href)
{
  g_autoptr (GUri) uri = NULL;

  if (href[0] == '/')
    return g_strconcat (f->origin, "/", href, NULL);

  uri = g_uri_parse (href, G_URI_FLAGS_ENCODED, NULL);
  g_assert_nonnull (uri);
  return g_strconcat (f->origin, "/", g_uri_get_path (uri), g_uri_get_query (uri) != NULL ? "?" : "",
                      g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "", NULL);
}

static Response *
http (Fixture    *f,
      const char *method,
      const char *href,
      const char *content_type,
      const char *body,
      gboolean    authorized)
{
  g_autofree char        *url = doubled (f, href);
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  g_autoptr (GBytes)      bytes = NULL;
  g_autoptr (GError)      error = NULL;
  Response               *r = g_new0 (Response, 1);
  const char             *type;

  g_assert_nonnull (msg);
  g_assert_true (g_str_has_prefix (g_uri_get_path (soup_message_get_uri (msg)), "//"));
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (authorized && f->authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", f->authorization);
  if (body != NULL)
    {
      g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, request);
    }

  bytes = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);

  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  r->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  type = soup_message_headers_get_content_type (r->headers, NULL);
  if (type != NULL && strstr (type, "json") != NULL && *r->body != '\0')
    {
      r->json = json_from_string (r->body, &error);
      g_assert_no_error (error);
    }

  return r;
}

static void
assert_error (Response   *r,
              guint       status,
              const char *code,
              const char *subcode)
{
  g_assert_cmpuint (r->status, ==, status);
  g_assert_cmpstr (test_json_path_string (obj (r), "code"), ==, code);
  g_assert_cmpstr (test_json_path_string (obj (r), "subcode"), ==, subcode);
}

/* The control API: the remote party of the conversation. */
static Response *
control (Fixture    *f,
         const char *command,
         const char *form)
{
  g_autofree char *path = g_strconcat ("/_sim/", command, NULL);

  return http (f, "POST", path, "application/x-www-form-urlencoded", form, FALSE);
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  const char                  *binary = g_getenv ("BECKON_UCWA_SIM");
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError)           error = NULL;
  g_autofree char             *root = NULL;

  g_assert_nonnull (binary);
  f->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--port", "0",
                                 "--max-hold", MAX_HOLD_MS, NULL);
  g_assert_no_error (error);

  /* The binary reports where it listens on its first line. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->process));
  root = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_true (g_str_has_prefix (root, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (root, "/"));
  f->origin = g_strndup (root, strlen (root) - 1);

  f->session = soup_session_new_with_options ("timeout", 30, NULL);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_clear_object (&f->session);
  g_subprocess_send_signal (f->process, SIGTERM);
  g_assert_true (g_subprocess_wait (f->process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (f->process));
  g_assert_cmpint (g_subprocess_get_exit_status (f->process), ==, 0);
  g_clear_object (&f->process);
  g_free (f->origin);
  g_free (f->authorization);
  g_free (f->app_base);
  g_free (f->events_next);
  g_free (f->make_me_available);
}

/* The href of the MsRtcOAuth challenge, quoted as CreateAnApplication.md
 * shows it (the binary's default style). */
static char *
challenge_href (Response *r)
{
  const char *header = soup_message_headers_get_list (r->headers, "WWW-Authenticate");
  const char *start;
  const char *end;

  g_assert_nonnull (header);
  start = strstr (header, "MsRtcOAuth href=\"");
  g_assert_nonnull (start);
  start += strlen ("MsRtcOAuth href=\"");
  end = strchr (start, '"');
  g_assert_nonnull (end);

  return g_strndup (start, end - start);
}

/* Discovery → 401 challenge → token → user → applications (PROTOCOL.md
 * §1, §2, §4), every request with "//" in its path. */
static void
create_application (Fixture    *f,
                    const char *endpoint_id)
{
  g_autoptr (Response) created = NULL;
  g_autofree char     *body = g_strdup_printf ("{\"userAgent\":\"plain-client/1.0\",\"endpointId\":\"%s\",\"culture\":\"en-US\"}",
                                               endpoint_id);
  g_autofree char     *applications = NULL;

  if (f->authorization == NULL)
    {
      g_autoptr (Response) root = http (f, "GET", "/", NULL, NULL, FALSE);
      g_autoptr (Response) challenge = NULL;
      g_autoptr (Response) token = NULL;
      g_autoptr (Response) user = NULL;
      g_autofree char     *webticket = NULL;
      const char          *user_href;

      g_assert_cmpuint (root->status, ==, 200);
      user_href = test_json_path_string (obj (root), "_links.user.href");
      g_assert_nonnull (user_href);

      challenge = http (f, "GET", user_href, NULL, NULL, FALSE);
      g_assert_cmpuint (challenge->status, ==, 401);
      webticket = challenge_href (challenge);

      token = http (f, "POST", webticket, "application/x-www-form-urlencoded;charset=UTF-8",
                    "grant_type=password&username=" USER_NAME "&password=" USER_PASSWORD, FALSE);
      g_assert_cmpuint (token->status, ==, 200);
      g_assert_cmpstr (test_json_path_string (obj (token), "token_type"), ==, "Bearer");
      f->authorization = g_strdup_printf ("%s %s", test_json_path_string (obj (token), "token_type"),
                                          test_json_path_string (obj (token), "access_token"));

      user = http (f, "GET", user_href, NULL, NULL, TRUE);
      g_assert_cmpuint (user->status, ==, 200);
      applications = g_strdup (test_json_path_string (obj (user), "_links.applications.href"));
      g_assert_nonnull (applications);
    }
  else
    {
      applications = g_strdup ("/ucwa/oauth/v1/applications");
    }

  created = http (f, "POST", applications, "application/json", body, TRUE);
  g_assert_cmpuint (created->status, ==, 201);
  g_free (f->app_base);
  f->app_base = g_strdup (test_json_path_string (obj (created), "_links.self.href"));
  g_free (f->events_next);
  f->events_next = g_strdup (test_json_path_string (obj (created), "_links.events.href"));
  g_free (f->make_me_available);
  f->make_me_available = g_strdup (test_json_path_string (obj (created), "_embedded.me._links.makeMeAvailable.href"));
  g_assert_nonnull (f->app_base);
  g_assert_nonnull (f->events_next);
  g_assert_nonnull (f->make_me_available);
}

/* One P-GET, following next. */
static Response *
poll_events (Fixture *f)
{
  Response *r = http (f, "GET", f->events_next, NULL, NULL, TRUE);

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_nonnull (test_json_path_string (obj (r), "_links.next.href"));
  g_free (f->events_next);
  f->events_next = g_strdup (test_json_path_string (obj (r), "_links.next.href"));

  return r;
}

/* The first event of a response whose link has this rel, that has this
 * type and that match (if any) accepts; NULL if there is none. */
static JsonObject *
find_matching_event (Response          *r,
                     const char        *rel,
                     const char        *type,
                     TestJsonEventMatch match,
                     gpointer           data)
{
  /* Every events response has a sender array, even an empty one. */
  g_assert_nonnull (json_object_get_array_member (obj (r), "sender"));
  return test_json_find_event (obj (r), rel, type, match, data);
}

static JsonObject *
find_event (Response   *r,
            const char *rel,
            const char *type)
{
  return find_matching_event (r, rel, type, NULL, NULL);
}

/* Polls until a response carries an event rel/type that matches, and
 * returns that response: events come when they come, never after a sleep. */
static Response *
poll_until (Fixture           *f,
            const char        *rel,
            const char        *type,
            TestJsonEventMatch match,
            gpointer           data)
{
  for (guint i = 0; i < MAX_POLLS; i++)
    {
      g_autoptr (Response) r = poll_events (f);

      if (find_matching_event (r, rel, type, match, data) != NULL)
        return g_steal_pointer (&r);
    }

  g_error ("No %s %s event after %u polls", rel, type, MAX_POLLS);
}

static void
make_available (Fixture *f)
{
  g_autoptr (Response) available = http (f, "POST", f->make_me_available, "application/json",
                                         "{\"SupportedModalities\":[\"Messaging\"]}", TRUE);
  g_autoptr (Response) first = NULL;

  g_assert_cmpuint (available->status, ==, 204);
  first = poll_until (f, "me", "updated", NULL, NULL);
}

static void
sign_in (Fixture *f)
{
  create_application (f, "plain-endpoint");
  make_available (f);
}

/* An incoming IM from the control API, up to its invitation `started`;
 * returns the threadId and the accept href. */
static char *
invite (Fixture    *f,
        const char *message,
        char      **accept)
{
  g_autofree char     *form = g_strdup_printf ("from=sip%%3Aada%%40contoso.com&name=Ada+Lovelace&message=%s", message);
  g_autoptr (Response) started = control (f, "im", form);
  g_autoptr (Response) offered = NULL;
  JsonObject          *invitation;

  g_assert_cmpuint (started->status, ==, 200);
  offered = poll_until (f, "messagingInvitation", "started", NULL, NULL);
  invitation = test_json_embedded (find_event (offered, "messagingInvitation", "started"), "messagingInvitation");
  g_assert_cmpstr (test_json_path_string (invitation, "threadId"), ==, test_json_path_string (obj (started), "id"));
  *accept = g_strdup (test_json_path_string (invitation, "_links.accept.href"));
  g_assert_nonnull (*accept);

  return g_strdup (test_json_path_string (obj (started), "id"));
}

static gboolean
message_says (JsonObject *event,
              gpointer    data)
{
  const char *const *expected = data; /* direction, plainMessage href */
  JsonObject        *message = test_json_embedded (event, "message");

  return g_strcmp0 (test_json_path_string (message, "direction"), expected[0]) == 0 &&
         g_strcmp0 (test_json_path_string (message, "_links.plainMessage.href"), expected[1]) == 0;
}

/* The remote party writes text (form-encoded); returns the response that
 * brings it, as data_uri. */
static Response *
remote_message (Fixture    *f,
                const char *id,
                const char *text,
                const char *data_uri)
{
  g_autofree char     *form = g_strdup_printf ("id=%s&text=%s", id, text);
  g_autoptr (Response) sent = control (f, "message", form);
  const char          *in[] = { "Incoming", data_uri };

  g_assert_cmpuint (sent->status, ==, 200);
  return poll_until (f, "message", "completed", message_says, in);
}

static gboolean
messaging_connected (JsonObject *event,
                     gpointer    data)
{
  return g_strcmp0 (test_json_path_string (test_json_embedded (event, "messaging"), "state"), "Connected") == 0;
}

/* Accepts and waits for messaging Connected; returns the messaging resource
 * of that event (the sendMessage link is there). */
static JsonObject *
accept_invitation (Fixture    *f,
                   const char *accept)
{
  g_autoptr (Response) accepted = http (f, "POST", accept, NULL, NULL, TRUE);
  g_autoptr (Response) connected = NULL;

  g_assert_cmpuint (accepted->status, ==, 204);
  connected = poll_until (f, "messaging", "updated", messaging_connected, NULL);

  return json_object_ref (test_json_embedded (find_event (connected, "messaging", "updated"), "messaging"));
}

static void
test_plain_client_signs_in_accepts_and_chats (Fixture      *f,
                                              gconstpointer data)
{
  g_autofree char       *accept = NULL;
  g_autofree char       *id = NULL;
  g_autoptr (JsonObject) messaging = NULL;
  g_autoptr (Response)   incoming = NULL;
  g_autoptr (Response)   sent = NULL;
  g_autoptr (Response)   outgoing = NULL;
  const char            *out[] = { "Outgoing", "data:text/plain;charset=utf-8,Fine%2c+thanks" };

  sign_in (f);
  id = invite (f, "Hello+from+Ada", &accept);
  messaging = accept_invitation (f, accept);

  /* In: the remote party writes. */
  incoming = remote_message (f, id, "How+are+you%3F", "data:text/plain;charset=utf-8,How+are+you%3f");

  /* Out: the client answers through the sendMessage link. */
  sent = http (f, "POST", test_json_path_string (messaging, "_links.sendMessage.href"), "text/plain", "Fine, thanks", TRUE);
  g_assert_cmpuint (sent->status, ==, 201);
  g_assert_nonnull (soup_message_headers_get_one (sent->headers, "Location"));
  outgoing = poll_until (f, "message", "completed", message_says, out);
}

static void
test_repeated_slashes_name_the_same_resource (Fixture      *f,
                                              gconstpointer data)
{
  g_autofree char     *many = NULL;
  g_autoptr (Response) app = NULL;
  g_autoptr (Response) app_many = NULL;
  g_autoptr (Response) status = NULL;

  /* Sign-in and creation above already went through "//" paths. */
  create_application (f, "slashes");
  app = http (f, "GET", f->app_base, NULL, NULL, TRUE);
  g_assert_cmpuint (app->status, ==, 200);
  g_assert_cmpstr (test_json_path_string (obj (app), "_links.self.href"), ==, f->app_base);

  /* ///ucwa//oauth/v1///applications/<id>//: slashes anywhere. */
  many = g_strdup (f->app_base);
  {
    g_autofree char *tripled = NULL;
    g_auto (GStrv)   parts = g_strsplit (many + 1, "/", -1);

    tripled = g_strjoinv ("//", parts);
    g_free (many);
    many = g_strconcat ("//", tripled, "//", NULL);
  }
  app_many = http (f, "GET", many, NULL, NULL, TRUE);
  g_assert_cmpuint (app_many->status, ==, 200);
  g_assert_cmpstr (test_json_path_string (obj (app_many), "_links.self.href"), ==, f->app_base);

  /* The control API too. */
  status = http (f, "GET", "//_sim//status", NULL, NULL, FALSE);
  g_assert_cmpuint (status->status, ==, 200);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (obj (status), "applications")), ==, 1);
}

static void
test_every_events_response_has_sender (Fixture      *f,
                                       gconstpointer data)
{
  g_autoptr (Response) available = NULL;
  g_autoptr (Response) first = NULL;
  g_autoptr (Response) empty = NULL;

  create_application (f, "senders");
  available = http (f, "POST", f->make_me_available, "application/json", "{}", TRUE);
  g_assert_cmpuint (available->status, ==, 204);

  first = poll_events (f);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (test_json_path_node (obj (first), "sender")));
  g_assert_nonnull (find_event (first, "me", "updated"));

  /* Nothing to say until the hold expires: still a sender array, empty. */
  empty = poll_events (f);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (test_json_path_node (obj (empty), "sender")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (empty), "sender")), ==, 0);
  g_assert_nonnull (test_json_path_string (obj (empty), "_links.self.href"));
  g_assert_nonnull (test_json_path_string (obj (empty), "_links.next.href"));
}

static void
test_report_my_activity_on_both_documented_paths (Fixture      *f,
                                                  gconstpointer data)
{
  g_autofree char     *under_app = NULL;
  g_autofree char     *under_me = NULL;
  g_autofree char     *me_href = NULL;
  g_autoptr (Response) early_app = NULL;
  g_autoptr (Response) early_me = NULL;
  g_autoptr (Response) me = NULL;
  g_autoptr (Response) by_link = NULL;
  g_autoptr (Response) by_app = NULL;
  g_autoptr (Response) status = NULL;

  create_application (f, "activity");
  under_app = g_strconcat (f->app_base, "/reportMyActivity", NULL);
  under_me = g_strconcat (f->app_base, "/me/reportMyActivity", NULL);

  /* §5: 409 MakeMeAvailableRequired before makeMeAvailable, on either. */
  early_app = http (f, "POST", under_app, NULL, NULL, TRUE);
  assert_error (early_app, 409, "Conflict", "MakeMeAvailableRequired");
  early_me = http (f, "POST", under_me, NULL, NULL, TRUE);
  assert_error (early_me, 409, "Conflict", "MakeMeAvailableRequired");

  make_available (f);

  /* The trace's form, as the me resource links it... */
  me_href = g_strconcat (f->app_base, "/me", NULL);
  me = http (f, "GET", me_href, NULL, NULL, TRUE);
  g_assert_cmpuint (me->status, ==, 200);
  g_assert_cmpstr (test_json_path_string (obj (me), "_links.reportMyActivity.href"), ==, under_me);
  by_link = http (f, "POST", under_me, NULL, NULL, TRUE);
  g_assert_cmpuint (by_link->status, ==, 204);

  /* ...and the reference's (MeDashboard.md). */
  by_app = http (f, "POST", under_app, NULL, NULL, TRUE);
  g_assert_cmpuint (by_app->status, ==, 204);

  status = http (f, "GET", "/_sim/status", NULL, NULL, FALSE);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (obj (status), "applications"), 0),
                                               "activityReports"),
                   ==, 2);
}

static void
test_reply_posted_to_a_message_href_is_refused (Fixture      *f,
                                                gconstpointer data)
{
  g_autofree char       *accept = NULL;
  g_autofree char       *id = NULL;
  g_autoptr (JsonObject) messaging = NULL;
  g_autoptr (Response)   first = NULL;
  g_autoptr (Response)   reply = NULL;
  g_autoptr (Response)   get = NULL;
  g_autoptr (Response)   status = NULL;
  JsonObject            *message;

  sign_in (f);
  id = invite (f, "Hi", &accept);
  messaging = accept_invitation (f, accept);
  first = remote_message (f, id, "Ping", "data:text/plain;charset=utf-8,Ping");
  message = test_json_embedded (find_event (first, "message", "completed"), "message");

  /* message_ref.md documents GET only; messages are sent through the
   * messaging's sendMessage link (§12.2).  A real server answers another
   * verb with 405 MethodNotAllowed (§11), and so does the simulator. */
  reply = http (f, "POST", test_json_path_string (message, "_links.self.href"), "text/plain", "Pong", TRUE);
  assert_error (reply, 405, "MethodNotAllowed", NULL);
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Allow"), ==, "GET");

  get = http (f, "GET", test_json_path_string (message, "_links.self.href"), NULL, NULL, TRUE);
  g_assert_cmpuint (get->status, ==, 200);

  status = http (f, "GET", "/_sim/status", NULL, NULL, FALSE);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (obj (status), "requests"), "messages"), ==, 0);
}

static void
test_recreated_application_gets_no_reoffer (Fixture      *f,
                                            gconstpointer data)
{
  g_autofree char     *accept = NULL;
  g_autofree char     *id = NULL;
  g_autofree char     *form = NULL;
  g_autofree char     *old_base = NULL;
  g_autoptr (Response) fault = NULL;
  g_autoptr (Response) lost = NULL;
  g_autoptr (Response) old_accept = NULL;
  g_autoptr (Response) available = NULL;
  g_autoptr (Response) first = NULL;
  g_autoptr (Response) empty = NULL;
  g_autoptr (Response) status = NULL;
  g_autoptr (Response) message = NULL;

  sign_in (f);
  id = invite (f, "Are+you+there%3F", &accept);
  old_base = g_strdup (f->app_base);

  /* The server loses the application with the invitation unanswered. */
  fault = control (f, "fault", "name=events-application-not-found");
  g_assert_cmpuint (fault->status, ==, 200);
  lost = http (f, "GET", f->events_next, NULL, NULL, TRUE);
  assert_error (lost, 404, "NotFound", "ApplicationNotFound");
  old_accept = http (f, "POST", accept, NULL, NULL, TRUE);
  assert_error (old_accept, 404, "NotFound", "ApplicationNotFound");

  /* §6.4: re-create, makeMeAvailable again, restart the P-GET.  PROTOCOL.md
   * promises no re-offer of what was pending in the old application. */
  create_application (f, "plain-endpoint");
  g_assert_cmpstr (f->app_base, !=, old_base);
  available = http (f, "POST", f->make_me_available, "application/json", "{}", TRUE);
  g_assert_cmpuint (available->status, ==, 204);
  first = poll_events (f);
  g_assert_nonnull (find_event (first, "me", "updated"));
  g_assert_null (find_event (first, "messagingInvitation", "started"));
  g_assert_null (find_event (first, "conversation", "added"));
  empty = poll_events (f);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (empty), "sender")), ==, 0);

  status = http (f, "GET", "/_sim/status", NULL, NULL, FALSE);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (obj (status), "conversations")), ==, 0);
  form = g_strdup_printf ("id=%s&text=Hello%%3F", id);
  message = control (f, "message", form);
  g_assert_cmpuint (message->status, ==, 404);
}

/* The controls of what the user starts: checked parameters, a meeting's
 * id to join, and its end. */
static void
test_outgoing_controls (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (Response) bad_answer = control (f, "remote-party", "uri=sip%3Aada%40contoso.com&answer=maybe");
  g_autoptr (Response) party = control (f, "remote-party", "uri=sip%3Aada%40contoso.com&name=Ada&answer=declines");
  g_autoptr (Response) bad_lobby = control (f, "scheduled-meeting", "lobby=sometimes");
  g_autoptr (Response) meeting = control (f, "scheduled-meeting", "id=K7RX2M9Q&lobby=admits");
  g_autoptr (Response) ended = control (f, "end-meeting", "id=K7RX2M9Q");
  g_autoptr (Response) ended_again = control (f, "end-meeting", "id=K7RX2M9Q");

  g_assert_cmpuint (bad_answer->status, ==, 400);
  g_assert_cmpuint (party->status, ==, 200);
  g_assert_cmpuint (bad_lobby->status, ==, 400);
  g_assert_cmpuint (meeting->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (obj (meeting), "id"), ==, "K7RX2M9Q");
  g_assert_cmpuint (ended->status, ==, 200);
  g_assert_cmpuint (ended_again->status, ==, 404);
}

static void
test_help_documents_every_control_endpoint (Fixture      *f,
                                            gconstpointer data)
{
  /* Every endpoint of ucwa-sim-control.c with its parameters. */
  const char *endpoints[] = {
    "POST /_sim/im?from=SIP&name=NAME&message=TEXT[&to=SIP]",
    "POST /_sim/meeting?from=SIP&name=NAME&subject=TEXT[&to=SIP]",
    "POST /_sim/message?id=ID&text=TEXT",
    "POST /_sim/typing?id=ID&typing=true|false",
    "POST /_sim/cancel?id=ID",
    "POST /_sim/end?id=ID",
    "POST /_sim/remote-party?uri=SIP&name=NAME[&answer=accepts|declines|no-answer|offline&delay=MS]",
    "POST /_sim/scheduled-meeting?organizer=SIP&name=NAME[&id=ID&lobby=none|admits|refuses]",
    "POST /_sim/end-meeting?id=ID",
    "POST /_sim/fault?name=FAULT[&times=N]",
    "POST /_sim/presence?availability=AVAILABILITY[&activity=TEXT&to=SIP]",
    "GET  /_sim/status",
    "GET  /_sim/help",
  };
  /* Every fault name of ucwa-sim-server.h. */
  const char *faults[] = {
    "accept-callback-channel-error",
    "accept-already-exists",
    "accept-too-many-groups",
    "accept-conflict-none",
    "accept-cannot-redirect",
    "accept-service-unavailable",
    "accept-slow",
    "accept-no-completion",
    "decline-callback-channel-error",
    "events-application-not-found",
    "events-pget-replaced",
    "events-inactive-expired",
    "events-drop-connection",
    "events-service-unavailable",
    "events-malformed-json",
    "events-wrong-types",
    "events-oversized",
    "events-resync",
    "events-resume",
    "events-stall",
    "token-expired",
    "foreign-link",
    "missing-links",
    "link-only-events",
    "token-service-unavailable",
    "token-server-error",
    "completed-only-invitation",
    "events-resume-reset",
    "slow-resource-get",
    "accept-lobby-hold",
    "discovery-service-unavailable",
    "applications-service-unavailable",
    "send-message-no-completion",
  };
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError)      error = NULL;
  g_autofree char        *help = NULL;
  g_autoptr (Response)    served = NULL;
  g_auto (GStrv)          lines = NULL;
  guint                   listed = 0;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("BECKON_UCWA_SIM"), "--help", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &help, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    g_assert_nonnull (strstr (help, endpoints[i]));
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autofree char     *line = g_strdup_printf ("\n  %s\n", faults[i]);
      g_autofree char     *form = g_strdup_printf ("name=%s", faults[i]);
      g_autoptr (Response) accepted = control (f, "fault", form);

      g_assert_nonnull (strstr (help, line));
      g_assert_cmpuint (accepted->status, ==, 200);
    }
  g_assert_nonnull (strstr (help, "--max-hold"));

  /* And nothing listed that the server does not serve. */
  lines = g_strsplit (help, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char          *slash = strstr (lines[i], " /_sim/");
      g_autofree char     *path = NULL;
      g_autoptr (Response) r = NULL;

      if (slash == NULL || !g_str_has_prefix (lines[i], "  "))
        continue;
      path = g_strndup (slash + 1, strcspn (slash + 1, "?"));
      r = http (f, "GET", path, NULL, NULL, FALSE);
      /* 405 for the POST-only ones, never 404 "unknown command". */
      g_assert_true (r->status == 200 || r->status == 405);
      listed++;
    }
  g_assert_cmpuint (listed, ==, G_N_ELEMENTS (endpoints));

  /* The same text is served at /_sim/help. */
  served = http (f, "GET", "/_sim/help", NULL, NULL, FALSE);
  g_assert_cmpuint (served->status, ==, 200);
  g_assert_nonnull (strstr (help, served->body));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sim-reference/plain-client-signs-in-accepts-and-chats", test_plain_client_signs_in_accepts_and_chats);
  ADD ("/sim-reference/repeated-slashes-name-the-same-resource", test_repeated_slashes_name_the_same_resource);
  ADD ("/sim-reference/every-events-response-has-sender", test_every_events_response_has_sender);
  ADD ("/sim-reference/report-my-activity-on-both-documented-paths", test_report_my_activity_on_both_documented_paths);
  ADD ("/sim-reference/reply-posted-to-a-message-href-is-refused", test_reply_posted_to_a_message_href_is_refused);
  ADD ("/sim-reference/recreated-application-gets-no-reoffer", test_recreated_application_gets_no_reoffer);
  ADD ("/sim-reference/help-documents-every-control-endpoint", test_help_documents_every_control_endpoint);
  ADD ("/sim-reference/outgoing-controls", test_outgoing_controls);
#undef ADD

  return g_test_run ();
}

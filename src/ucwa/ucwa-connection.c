/* ucwa-connection.c: authenticated HTTP to one UCWA server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every request of the client goes through here, so this is where the
 * security rules live: the password only ever goes to the token endpoint
 * of a challenge from the origin the sign-in's redirect policy let through
 * (password_may_go_to()), the token only to the origin it was issued for,
 * plain http:// only to loopback; redirects are not followed but handed to
 * the caller's policy; every body, the token response's too, is read
 * capped; and neither the password nor the token ever reaches a log line.
 */

#include "config.h"

#include "ucwa-connection.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ucwa-challenge.h"
#include "ucwa-error.h"
#include "ucwa-main-context-private.h"
#include "ucwa-json.h"
#include "ucwa-resource.h"
#include "ucwa-token.h"
#include "ucwa-uri.h"

#define READ_CHUNK_SIZE      (64 * 1024)
#define DEFAULT_TIMEOUT_SECS 30

struct _UcwaConnection
{
  GObject parent_instance;

  SoupSession  *session;      /* commands: bounded by a timeout */
  SoupSession  *poll_session; /* long polls: no timeout, the caller keeps a watchdog */
  GTlsDatabase *extra_ca;

  /* The last server certificate refused, for the user to judge. */
  GTlsCertificate     *refused_certificate;
  GTlsCertificateFlags refused_errors;

  char             *username;
  /* Kept for as long as the sign-in lasts: the password grant (PROTOCOL.md
   * §2.2) has no refresh token, so every renewal sends the password again.
   * Wiped whenever it is dropped or replaced. */
  char             *password;
  /* The only origin whose challenge may have the password: the one the
   * sign-in's redirect policy let through, and that policy, for a token
   * endpoint on another host (see password_may_go_to()). */
  GUri             *sign_in_origin;
  UcwaSignInPolicy *sign_in_policy;

  /* The token and the origin it was issued for. */
  char *authorization; /* "Bearer cwt=…" */
  GUri *token_origin;
  char *token_endpoint;
  guint token_generation;
  guint token_count;
  guint refresh_source;

  /* Requests waiting for the token request in flight. */
  GPtrArray *token_waiters;
  gboolean   token_in_flight;

  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (UcwaConnection, ucwa_connection, G_TYPE_OBJECT)

typedef struct
{
  char            *method;
  char            *uri;
  char            *content_type;
  GBytes          *body;
  UcwaRequestFlags flags;

  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *buffer;
  guint         sent_generation;
  guint         auth_attempts;
  guint         retry_after;

  /* What to make of the body once it is read (capped): an API answer or a
   * token response. */
  void (*read_done) (GTask *task);
} RequestData;

static void send_request (GTask *task);
static void obtain_token (UcwaConnection *self,
                          GUri           *challenger,
                          const char     *endpoint,
                          GTask          *waiter);

static void
request_data_free (RequestData *data)
{
  g_free (data->method);
  g_free (data->uri);
  g_free (data->content_type);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_clear_object (&data->msg);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->buffer, g_byte_array_unref);
  g_free (data);
}

void
ucwa_response_free (UcwaResponse *response)
{
  if (response == NULL)
    return;

  g_free (response->uri);
  g_free (response->content_type);
  g_free (response->location);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response);
}

JsonObject *
ucwa_response_get_object (const UcwaResponse *response)
{
  if (response == NULL || response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    return NULL;

  return json_node_get_object (response->json);
}

static void
clear_token (UcwaConnection *self)
{
  g_clear_pointer (&self->authorization, ucwa_token_free_secret);
  ucwa_clear_source (&self->refresh_source);
}

static void
ucwa_connection_dispose (GObject *object)
{
  UcwaConnection *self = (UcwaConnection *) object;

  g_cancellable_cancel (self->cancellable);
  clear_token (self);
  g_clear_pointer (&self->password, ucwa_token_free_secret);
  if (self->session != NULL)
    soup_session_abort (self->session);
  if (self->poll_session != NULL)
    soup_session_abort (self->poll_session);
  g_clear_object (&self->session);
  g_clear_object (&self->poll_session);
  g_clear_object (&self->extra_ca);
  g_clear_object (&self->refused_certificate);

  G_OBJECT_CLASS (ucwa_connection_parent_class)->dispose (object);
}

static void
ucwa_connection_finalize (GObject *object)
{
  UcwaConnection *self = (UcwaConnection *) object;

  g_free (self->username);
  g_clear_pointer (&self->sign_in_origin, g_uri_unref);
  g_clear_pointer (&self->sign_in_policy, ucwa_sign_in_policy_unref);
  g_clear_pointer (&self->token_origin, g_uri_unref);
  g_free (self->token_endpoint);
  g_clear_pointer (&self->token_waiters, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ucwa_connection_parent_class)->finalize (object);
}

static void
ucwa_connection_class_init (UcwaConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ucwa_connection_dispose;
  object_class->finalize = ucwa_connection_finalize;
}

static void
create_sessions (UcwaConnection *self,
                 guint           timeout,
                 const char     *user_agent)
{
  self->session = soup_session_new_with_options ("timeout", timeout,
                                                 "max-conns-per-host", 6,
                                                 "user-agent", user_agent,
                                                 NULL);
  /* libsoup's default 60 s timeout would kill every long poll that the server
   * legitimately holds for 180 s or more. */
  self->poll_session = soup_session_new_with_options ("timeout", 0,
                                                      "idle-timeout", 0,
                                                      "user-agent", user_agent,
                                                      NULL);
}

static void
ucwa_connection_init (UcwaConnection *self)
{
  create_sessions (self, DEFAULT_TIMEOUT_SECS, "Beckon/" PACKAGE_VERSION);
  self->token_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

UcwaConnection *
ucwa_connection_new (void)
{
  return g_object_new (UCWA_TYPE_CONNECTION, NULL);
}

void
ucwa_connection_set_credentials (UcwaConnection *self,
                                 const char     *username,
                                 const char     *password)
{
  g_return_if_fail (UCWA_IS_CONNECTION (self));

  g_free (self->username);
  self->username = g_strdup (username);
  g_clear_pointer (&self->password, ucwa_token_free_secret);
  self->password = g_strdup (password);
  /* New credentials, a new sign-in: it has not led anywhere yet. */
  g_clear_pointer (&self->sign_in_origin, g_uri_unref);
  g_clear_pointer (&self->sign_in_policy, ucwa_sign_in_policy_unref);
}

static GUri *
origin_of (GUri *uri)
{
  return g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL,
                      g_uri_get_host (uri), g_uri_get_port (uri), "", NULL, NULL);
}

/**
 * ucwa_connection_set_sign_in_origin:
 * @self: a connection
 * @uri: (nullable): the address discovery is about to authenticate at
 * @policy: (nullable): the policy that let it through
 *
 * Only a challenge from this origin can have the password, and only for a
 * token endpoint on the same origin or on a host @policy allows (without a
 * policy: the same origin only).  The sign-in calls this with what its
 * policy let through, before asking there; until it does, the password
 * goes nowhere.
 */
void
ucwa_connection_set_sign_in_origin (UcwaConnection   *self,
                                    GUri             *uri,
                                    UcwaSignInPolicy *policy)
{
  g_return_if_fail (UCWA_IS_CONNECTION (self));

  g_clear_pointer (&self->sign_in_origin, g_uri_unref);
  g_clear_pointer (&self->sign_in_policy, ucwa_sign_in_policy_unref);
  if (uri != NULL)
    self->sign_in_origin = origin_of (uri);
  if (uri != NULL && policy != NULL)
    self->sign_in_policy = ucwa_sign_in_policy_ref (policy);
}

void
ucwa_connection_set_user_agent (UcwaConnection *self,
                                const char     *user_agent)
{
  g_return_if_fail (UCWA_IS_CONNECTION (self));

  soup_session_set_user_agent (self->session, user_agent);
  soup_session_set_user_agent (self->poll_session, user_agent);
}

void
ucwa_connection_set_timeout (UcwaConnection *self,
                             guint           seconds)
{
  g_return_if_fail (UCWA_IS_CONNECTION (self));

  soup_session_set_timeout (self->session, seconds);
}

/* A certificate is checked once per connection, and idle connections are
 * kept for reuse: after the trust changes, requests must not go out on a
 * connection that only the old extra CA let through.  New sessions start
 * with no connections; requests in flight finish on the old ones, which go
 * away with them. */
static void
replace_sessions (UcwaConnection *self)
{
  guint            timeout;
  g_autofree char *user_agent = NULL;

  if (self->session == NULL) /* disposed */
    return;

  timeout = soup_session_get_timeout (self->session);
  user_agent = g_strdup (soup_session_get_user_agent (self->session));
  g_clear_object (&self->session);
  g_clear_object (&self->poll_session);
  create_sessions (self, timeout, user_agent);
}

gboolean
ucwa_connection_set_extra_ca_file (UcwaConnection *self,
                                   const char     *path,
                                   GError        **error)
{
  g_autoptr (GTlsDatabase) db = NULL;

  g_return_val_if_fail (UCWA_IS_CONNECTION (self), FALSE);

  if (path == NULL || *path == '\0')
    {
      if (self->extra_ca != NULL)
        replace_sessions (self);
      g_clear_object (&self->extra_ca);
      g_clear_object (&self->refused_certificate);
      return TRUE;
    }

  db = g_tls_file_database_new (path, error);
  if (db == NULL)
    return FALSE;

  /* What was refused may be trusted now: it is judged again at the next try. */
  g_clear_object (&self->refused_certificate);

  /* Even the same file may now hold other certificates. */
  replace_sessions (self);
  g_set_object (&self->extra_ca, db);
  return TRUE;
}

void
ucwa_connection_reset_token (UcwaConnection *self)
{
  g_return_if_fail (UCWA_IS_CONNECTION (self));

  clear_token (self);
  g_clear_pointer (&self->token_origin, g_uri_unref);
  g_clear_pointer (&self->token_endpoint, g_free);
  self->token_generation++;
}

gboolean
ucwa_connection_has_token (UcwaConnection *self)
{
  g_return_val_if_fail (UCWA_IS_CONNECTION (self), FALSE);

  return self->authorization != NULL;
}

const char *
ucwa_connection_get_origin (UcwaConnection *self)
{
  g_return_val_if_fail (UCWA_IS_CONNECTION (self), NULL);

  if (self->token_origin == NULL)
    return NULL;

  /* GUri caches the string form; the origin has no userinfo or path. */
  return g_uri_get_host (self->token_origin);
}

guint
ucwa_connection_get_token_count (UcwaConnection *self)
{
  g_return_val_if_fail (UCWA_IS_CONNECTION (self), 0);

  return self->token_count;
}

guint
ucwa_connection_get_retry_after (GAsyncResult *result)
{
  RequestData *data;

  g_return_val_if_fail (G_IS_TASK (result), 0);

  data = g_task_get_task_data (G_TASK (result));
  return data != NULL ? data->retry_after : 0;
}

/* Kept so that the user can be shown what was refused, and decide whether
 * to trust its issuer (ucwa_connection_get_refused_certificate()). */
static gboolean
refuse_certificate (UcwaConnection      *self,
                    GTlsCertificate     *certificate,
                    GTlsCertificateFlags errors)
{
  g_set_object (&self->refused_certificate, certificate);
  self->refused_errors = errors;
  return FALSE;
}

static gboolean
accept_certificate_cb (SoupMessage         *msg,
                       GTlsCertificate     *certificate,
                       GTlsCertificateFlags errors,
                       gpointer             user_data)
{
  UcwaConnection                *self = user_data;
  g_autoptr (GSocketConnectable) identity = NULL;
  GTlsCertificateFlags           flags;
  GUri                          *uri;

  if (self->extra_ca == NULL)
    return refuse_certificate (self, certificate, errors);

  /* Only trust the extra CA for what it vouches for: the chain must verify
   * against it, for this very host name. */
  uri = soup_message_get_uri (msg);
  identity = g_network_address_new (g_uri_get_host (uri), g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 443);
  flags = g_tls_database_verify_chain (self->extra_ca, certificate,
                                       G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                       identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                       NULL, NULL);
  return flags == G_TLS_CERTIFICATE_NO_FLAGS || refuse_certificate (self, certificate, errors);
}

GTlsCertificate *
ucwa_connection_get_refused_certificate (UcwaConnection       *self,
                                         GTlsCertificateFlags *errors)
{
  g_return_val_if_fail (UCWA_IS_CONNECTION (self), NULL);

  if (errors != NULL)
    *errors = self->refused_certificate != NULL ? self->refused_errors : G_TLS_CERTIFICATE_NO_FLAGS;
  return self->refused_certificate;
}

static gboolean
is_json_content (const char *content_type,
                 GBytes     *body)
{
  gsize       size = 0;
  const char *bytes = g_bytes_get_data (body, &size);

  if (content_type != NULL && (strstr (content_type, "json") != NULL))
    return TRUE;

  /* Some proxies mislabel JSON; sniff the first significant byte. */
  for (gsize i = 0; i < size; i++)
    {
      if (g_ascii_isspace (bytes[i]))
        continue;
      return (content_type == NULL || g_str_has_prefix (content_type, "text/plain")) &&
             (bytes[i] == '{' || bytes[i] == '[');
    }

  return FALSE;
}

static void
complete_request (GTask *task)
{
  UcwaConnection          *self = g_task_get_source_object (task);
  RequestData             *data = g_task_get_task_data (task);
  g_autoptr (UcwaResponse) response = g_new0 (UcwaResponse, 1);
  SoupMessageHeaders      *headers = soup_message_get_response_headers (data->msg);
  const char              *location;
  guint                    status = soup_message_get_status (data->msg);
  gboolean                 redirect;

  response->status = status;
  response->uri = g_strdup (data->uri);
  response->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  response->body = g_byte_array_free_to_bytes (g_steal_pointer (&data->buffer));

  if (status == SOUP_STATUS_UNAUTHORIZED && (data->flags & UCWA_REQUEST_AUTHENTICATED))
    {
      g_autoptr (GPtrArray)     values = g_ptr_array_new ();
      g_autoptr (UcwaChallenge) challenge = NULL;
      g_autoptr (GError)        error = NULL;
      g_autoptr (GUri)          request_uri = g_uri_parse (data->uri, G_URI_FLAGS_NONE, NULL);
      g_autofree char          *endpoint = NULL;
      SoupMessageHeadersIter    iter;
      const char               *name, *value;

      if (data->auth_attempts >= 2 || self->password == NULL)
        {
          g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_UNAUTHORIZED,
                                   "The server did not accept the sign-in");
          return;
        }

      soup_message_headers_iter_init (&iter, headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        if (g_ascii_strcasecmp (name, "WWW-Authenticate") == 0)
          g_ptr_array_add (values, (gpointer) value);
      g_ptr_array_add (values, NULL);

      challenge = ucwa_challenge_parse ((const char *const *) values->pdata, &error);
      if (challenge == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      if (!ucwa_challenge_supports_grant (challenge, "password"))
        {
          g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED,
                                   "The server does not accept password sign-in");
          return;
        }

      endpoint = ucwa_uri_resolve (request_uri, challenge->href, &error);
      if (endpoint == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      data->auth_attempts++;
      g_clear_object (&data->msg);

      if (data->sent_generation != self->token_generation && self->authorization != NULL &&
          self->token_origin != NULL && ucwa_uri_same_origin (self->token_origin, request_uri))
        {
          /* Someone refreshed the token while this request was on its way. */
          send_request (g_object_ref (task));
          return;
        }

      obtain_token (self, request_uri, endpoint, task);
      return;
    }

  /* An anonymous GET (discovery's) is answered with where the redirect
   * leads, not followed: whether it may be followed is the sign-in's
   * redirect policy (ucwa-sign-in.c), which knows the user's domain. */
  redirect = SOUP_STATUS_IS_REDIRECTION (status) && !(data->flags & UCWA_REQUEST_AUTHENTICATED) &&
             g_strcmp0 (data->method, "GET") == 0 &&
             soup_message_headers_get_one (headers, "Location") != NULL;

  if (!SOUP_STATUS_IS_SUCCESSFUL (status) && !redirect)
    {
      const char *retry_after = soup_message_headers_get_one (headers, "Retry-After");

      if (retry_after != NULL)
        {
          g_autofree char *text = g_strstrip (g_strdup (retry_after));
          guint64          seconds = 0;

          if (g_ascii_string_to_unsigned (text, 10, 0, 3600, &seconds, NULL))
            data->retry_after = (guint) seconds;
        }

      g_debug ("%s %s → %u", data->method, data->uri, status);
      g_task_return_error (task, ucwa_error_new_from_response (status, response->content_type, response->body));
      return;
    }

  location = soup_message_headers_get_one (headers, "Location");
  if (location != NULL)
    {
      g_autoptr (GUri) base = g_uri_parse (data->uri, G_URI_FLAGS_NONE, NULL);

      response->location = ucwa_uri_resolve (base, location, NULL);
    }

  if (!redirect && g_bytes_get_size (response->body) > 0 &&
      is_json_content (response->content_type, response->body))
    {
      g_autoptr (GError) error = NULL;
      gsize              size = 0;
      const char        *bytes = g_bytes_get_data (response->body, &size);

      response->json = ucwa_json_parse (bytes, size, &error);
      if (response->json == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) ucwa_response_free);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask)  task = user_data;
  RequestData       *data = g_task_get_task_data (task);
  GCancellable      *cancellable = g_task_get_cancellable (task);
  g_autoptr (GBytes) chunk = NULL;
  g_autoptr (GError) error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      data->read_done (task);
      return;
    }

  if (data->buffer->len + g_bytes_get_size (chunk) > UCWA_MAX_BODY_SIZE)
    {
      g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_RESPONSE_TOO_LARGE,
                               "The server's answer is larger than %u MiB",
                               UCWA_MAX_BODY_SIZE / (1024 * 1024));
      return;
    }

  g_byte_array_append (data->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   cancellable, read_cb, g_steal_pointer (&task));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask)  task = user_data;
  RequestData       *data = g_task_get_task_data (task);
  GCancellable      *cancellable = g_task_get_cancellable (task);
  g_autoptr (GError) error = NULL;
  goffset            length;

  data->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->stream == NULL)
    {
      g_debug ("%s %s failed: %s", data->method, data->uri, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (data->msg));
  if (length > UCWA_MAX_BODY_SIZE)
    {
      g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_RESPONSE_TOO_LARGE,
                               "The server's answer is larger than %u MiB",
                               UCWA_MAX_BODY_SIZE / (1024 * 1024));
      return;
    }

  data->buffer = g_byte_array_new ();
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   cancellable, read_cb, g_steal_pointer (&task));
}

/* Takes the reference on @task. */
static void
send_request (GTask *task)
{
  UcwaConnection     *self = g_task_get_source_object (task);
  RequestData        *data = g_task_get_task_data (task);
  g_autoptr (GUri)    uri = NULL;
  g_autoptr (GError)  error = NULL;
  SoupMessageHeaders *headers;
  SoupSession        *session;

  uri = g_uri_parse (data->uri, G_URI_FLAGS_ENCODED, &error);
  if (uri == NULL)
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                               "Invalid address “%s”", data->uri);
      g_object_unref (task);
      return;
    }

  if (!ucwa_uri_check_transport (uri, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if ((data->flags & UCWA_REQUEST_AUTHENTICATED) && self->token_origin != NULL &&
      !ucwa_uri_same_origin (self->token_origin, uri))
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_FOREIGN_ORIGIN,
                               "Refusing to send the sign-in token to %s, which is not the server that issued it",
                               g_uri_get_host (uri));
      g_object_unref (task);
      return;
    }

  data->msg = soup_message_new_from_uri (data->method, uri);
  /* Redirects are ours to follow, after the same checks as any link. */
  soup_message_add_flags (data->msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (data->msg);
  soup_message_headers_replace (headers, "Accept", "application/json");

  if ((data->flags & UCWA_REQUEST_AUTHENTICATED) && self->authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", self->authorization);
  data->sent_generation = self->token_generation;

  if (data->body != NULL)
    soup_message_set_request_body_from_bytes (data->msg, data->content_type, data->body);
  else if (g_strcmp0 (data->method, "POST") == 0 || g_strcmp0 (data->method, "PUT") == 0)
    soup_message_headers_set_content_length (headers, 0);

  /* Also without an extra CA: a refused certificate is recorded there. */
  g_signal_connect_object (data->msg, "accept-certificate",
                           G_CALLBACK (accept_certificate_cb), self, 0);

  g_debug ("%s %s", data->method, data->uri);

  session = (data->flags & UCWA_REQUEST_LONG_POLL) ? self->poll_session : self->session;
  soup_session_send_async (session, data->msg, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), send_cb, task);
}

void
ucwa_connection_request_async (UcwaConnection     *self,
                               const char         *method,
                               const char         *uri,
                               const char         *content_type,
                               GBytes             *body,
                               UcwaRequestFlags    flags,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  RequestData      *data;

  g_return_if_fail (UCWA_IS_CONNECTION (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ucwa_connection_request_async);

  data = g_new0 (RequestData, 1);
  data->method = g_strdup (method);
  data->uri = g_strdup (uri);
  data->content_type = g_strdup (content_type);
  data->body = body ? g_bytes_ref (body) : NULL;
  data->flags = flags;
  data->read_done = complete_request;
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);

  if (uri == NULL)
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_NO_LINK,
                               "The server offers no link for this request");
      return;
    }

  send_request (g_steal_pointer (&task));
}

UcwaResponse *
ucwa_connection_request_finish (UcwaConnection *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (UCWA_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ucwa_connection_request_json_async (UcwaConnection     *self,
                                    const char         *method,
                                    const char         *uri,
                                    JsonNode           *body,
                                    UcwaRequestFlags    flags,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr (GBytes) bytes = NULL;

  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);

      bytes = g_bytes_new_take (text, strlen (text));
    }

  ucwa_connection_request_async (self, method, uri, body ? "application/json" : NULL, bytes,
                                 flags, cancellable, callback, user_data);
}

/* Tokens */

static void refresh_token_cb (gpointer user_data);

static void
finish_token_waiters (UcwaConnection *self,
                      const GError   *error)
{
  g_autoptr (GPtrArray) waiters = g_steal_pointer (&self->token_waiters);

  self->token_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->token_in_flight = FALSE;

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (waiter, g_error_copy (error));
      else
        send_request (g_object_ref (waiter));
    }
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  UcwaConnection *self = user_data;

  self->refresh_source = 0;
  refresh_token_cb (self);
  return G_SOURCE_REMOVE;
}

/* The one rule for the password, on every path that sends it (the first
 * sign-in, a new token after a 401, every renewal): it goes only to the
 * token endpoint named by a challenge from the origin that the sign-in's
 * redirect policy let through, on that same origin or a host the same
 * policy allows (PROTOCOL.md §2.1 names https://contoso.com/WebTicket/…
 * for lyncweb.contoso.com), and never in the clear off this machine. */
static gboolean
password_may_go_to (UcwaConnection *self,
                    GUri           *challenger,
                    const char     *endpoint,
                    GError        **error)
{
  g_autoptr (GUri) endpoint_uri = NULL;

  if (!ucwa_uri_same_origin (challenger, self->sign_in_origin))
    {
      g_set_error (error, UCWA_ERROR, UCWA_ERROR_FOREIGN_ORIGIN,
                   "Refusing to send the password to %s, where the sign-in did not lead",
                   challenger ? g_uri_get_host (challenger) : "an unknown server");
      return FALSE;
    }

  endpoint_uri = endpoint ? g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL) : NULL;
  if (endpoint_uri == NULL ||
      !(ucwa_uri_same_origin (endpoint_uri, challenger) ||
        (self->sign_in_policy != NULL && ucwa_sign_in_policy_allows (self->sign_in_policy, endpoint_uri))))
    {
      g_set_error (error, UCWA_ERROR, UCWA_ERROR_FOREIGN_ORIGIN,
                   "The server asked to send the password to another server (%s)",
                   endpoint_uri ? g_uri_get_host (endpoint_uri) : "invalid address");
      return FALSE;
    }

  return ucwa_uri_check_transport (endpoint_uri, error);
}

/* A token response is handed over as it is, read through the same capped
 * path as every other answer: its errors are for the token parser. */
static void
read_token_done (GTask *task)
{
  RequestData *data = g_task_get_task_data (task);

  g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&data->buffer)),
                         (GDestroyNotify) g_bytes_unref);
}

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  UcwaConnection    *self = UCWA_CONNECTION (object);
  RequestData       *data = g_task_get_task_data (G_TASK (result));
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char   *authorization = NULL;
  gint64             expires_in = 0;

  body = g_task_propagate_pointer (G_TASK (result), &error);
  if (body == NULL ||
      !ucwa_token_parse (soup_message_get_status (data->msg),
                         g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                         &authorization, &expires_in, &error))
    {
      finish_token_waiters (self, error);
      return;
    }

  clear_token (self);
  self->authorization = g_steal_pointer (&authorization);
  self->token_generation++;
  self->token_count++;

  /* Renew before it runs out rather than after the first 401, so that the
   * event channel never sees an expired token. */
  if (expires_in > 0)
    {
      gint64 margin = MIN (300, expires_in / 10);

      self->refresh_source = ucwa_timeout_add_seconds ((guint) MAX (1, expires_in - margin),
                                                       refresh_timeout_cb, self);
    }

  finish_token_waiters (self, NULL);
}

/* Asks @endpoint, named by a challenge from @challenger, for a token; a
 * renewal (both NULL) asks the endpoint of the last challenge again.
 * @waiter, if any, is sent again once the token is there. */
static void
obtain_token (UcwaConnection *self,
              GUri           *challenger,
              const char     *endpoint,
              GTask          *waiter)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTask)  task = NULL;
  RequestData       *data;

  if (challenger == NULL)
    {
      challenger = self->token_origin;
      endpoint = self->token_endpoint;
    }

  if (self->password == NULL || endpoint == NULL)
    error = g_error_new (UCWA_ERROR, UCWA_ERROR_UNAUTHORIZED, "Cannot sign in again: no credentials");
  else
    password_may_go_to (self, challenger, endpoint, &error);
  if (error != NULL)
    {
      /* Only who asked fails: a token request in flight goes on. */
      if (waiter != NULL)
        g_task_return_error (waiter, g_steal_pointer (&error));
      else
        g_debug ("No token renewal: %s", error->message);
      return;
    }

  /* A new origin (a pool redirect) needs its own token. */
  if (self->token_origin == NULL || !ucwa_uri_same_origin (self->token_origin, challenger))
    {
      clear_token (self);
      g_clear_pointer (&self->token_origin, g_uri_unref);
      self->token_origin = origin_of (challenger);
    }
  if (g_strcmp0 (endpoint, self->token_endpoint) != 0)
    {
      g_free (self->token_endpoint);
      self->token_endpoint = g_strdup (endpoint);
    }

  if (waiter != NULL)
    g_ptr_array_add (self->token_waiters, g_object_ref (waiter));
  if (self->token_in_flight)
    return;
  self->token_in_flight = TRUE;

  task = g_task_new (self, self->cancellable, token_cb, NULL);
  g_task_set_source_tag (task, obtain_token);
  data = g_new0 (RequestData, 1);
  data->method = g_strdup ("POST");
  data->uri = g_strdup (self->token_endpoint);
  data->content_type = g_strdup ("application/x-www-form-urlencoded;charset=UTF-8");
  data->body = ucwa_token_request_body_new (self->username ? self->username : "", self->password);
  data->read_done = read_token_done;
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);

  send_request (g_steal_pointer (&task));
}

static void
refresh_token_cb (gpointer user_data)
{
  UcwaConnection *self = user_data;

  obtain_token (self, NULL, NULL, NULL);
}

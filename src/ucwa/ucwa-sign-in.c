/* ucwa-sign-in.c: discovery and sign-in, the first part of UcwaSession
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owns ucwa_session_sign_in_async() up to the applications link:
 * autodiscovery (PROTOCOL.md §1–§3: the candidates, the root, its
 * redirects, the user resource and its redirect to another pool) and the
 * policy (ucwa-sign-in-policy.c) applied to every step of it (redirect
 * links, HTTP redirects, the user link, pool redirects).  The WebTicket
 * challenge is the connection's, which sends the password only to the
 * origin this policy let through, and to a token endpoint the same policy
 * allows (ucwa_connection_set_sign_in_origin());
 * from the applications link on, ucwa-application-lifecycle.c carries the
 * sign-in task to the end.
 */

#include "config.h"

#include "ucwa-session-private.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ucwa-error.h"
#include "ucwa-resource.h"
#include "ucwa-sign-in-policy.h"
#include "ucwa-uri.h"

#define MAX_DISCOVERY_HOPS 6

typedef struct
{
  char             *domain; /* of the user's SIP address: redirects must stay in it */
  UcwaSignInPolicy *policy; /* from the candidate being tried and the domain */
  char            **candidates;
  guint             candidate;
  guint             hops;
  GError           *discovery_error;
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
  g_free (data->domain);
  g_clear_pointer (&data->policy, ucwa_sign_in_policy_unref);
  g_strfreev (data->candidates);
  g_clear_error (&data->discovery_error);
  g_free (data);
}

static char *
domain_of (const char *sip_address)
{
  const char *at;

  if (sip_address == NULL)
    return NULL;
  at = strrchr (sip_address, '@');
  if (at == NULL || at[1] == '\0')
    return NULL;
  return g_ascii_strdown (at + 1, -1);
}

char **
ucwa_session_build_discovery_urls (const char *sip_address)
{
  g_autofree char *domain = domain_of (sip_address);
  char           **urls;

  if (domain == NULL || strpbrk (domain, "/:?#[]@ \\%") != NULL)
    return NULL;

  /* Internal first, then external; HTTPS only, as the docs recommend. */
  urls = g_new0 (char *, 3);
  urls[0] = g_strdup_printf ("https://lyncdiscoverinternal.%s/", domain);
  urls[1] = g_strdup_printf ("https://lyncdiscover.%s/", domain);
  return urls;
}

/* The target of a step of discovery (a redirect link or response, the user
 * link, a pool redirect), if the policy lets discovery go there: anything
 * else is a failure, not a hop. */
static GUri *
check_redirect (SignInData *data,
                const char *href,
                GError    **error)
{
  g_autoptr (GUri) target = href ? g_uri_parse (href, G_URI_FLAGS_ENCODED, NULL) : NULL;

  if (target == NULL || !ucwa_sign_in_policy_allows (data->policy, target))
    {
      g_set_error (error, UCWA_ERROR, UCWA_ERROR_FOREIGN_ORIGIN,
                   "The server sent the sign-in to %s, outside your domain: refused",
                   target && g_uri_get_host (target) ? g_uri_get_host (target) : "an invalid address");
      return NULL;
    }
  return g_steal_pointer (&target);
}

static void discover_next (UcwaSession *self, GTask *task);
static void get_user (UcwaSession *self, GTask *task, const char *href, GUri *from);

static void
user_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask)        task = user_data;
  UcwaSession             *self = g_task_get_source_object (task);
  SignInData              *data = g_task_get_task_data (task);
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;
  g_autoptr (GUri)         base = NULL;
  g_autofree char         *applications = NULL;
  g_autofree char         *redirect = NULL;
  JsonObject              *resource;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (response == NULL)
    {
      _ucwa_session_note_retry_after (task, result);
      _ucwa_session_fail_sign_in (self, task, g_steal_pointer (&error));
      return;
    }

  resource = ucwa_response_get_object (response);
  if (resource == NULL)
    {
      _ucwa_session_fail_sign_in (self, task, g_error_new (UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE, "The user resource is not a UCWA resource"));
      return;
    }

  base = g_uri_parse (response->uri, G_URI_FLAGS_NONE, NULL);
  applications = ucwa_resource_dup_link (resource, "applications", base);
  if (applications != NULL)
    {
      g_free (self->applications_href);
      self->applications_href = g_steal_pointer (&applications);
      g_clear_pointer (&self->base_uri, g_uri_unref);
      self->base_uri = g_uri_parse (self->applications_href, G_URI_FLAGS_NONE, NULL);
      ucwa_model_set_base_uri (self->model, self->base_uri);
      _ucwa_session_set_sign_in_phase (self, UCWA_SIGN_IN_PHASE_JOINING);
      _ucwa_session_create_application (self, g_steal_pointer (&task));
      return;
    }

  /* Homed on another pool: follow, and sign in again there. */
  redirect = ucwa_resource_dup_link (resource, "redirect", base);
  if (redirect == NULL)
    redirect = ucwa_resource_dup_link (resource, "user", base);
  if (redirect != NULL && g_strcmp0 (redirect, response->uri) != 0 && ++data->hops < MAX_DISCOVERY_HOPS)
    {
      get_user (self, g_steal_pointer (&task), redirect, base);
      return;
    }

  _ucwa_session_fail_sign_in (self, task, g_error_new (UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE, "The server offers no applications link"));
}

/* Takes @task.  The user resource is where the password is asked for: it
 * must pass the policy like any redirect, and only there may the
 * connection send the password.  @from: the user resource that redirected
 * here (another pool), or NULL for the root's user link. */
static void
get_user (UcwaSession *self,
          GTask       *task,
          const char  *href,
          GUri        *from)
{
  SignInData        *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri)   target = check_redirect (data, href, &error);

  if (target == NULL)
    {
      _ucwa_session_fail_sign_in (self, task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* The server is found: from here on the password is at stake. */
  _ucwa_session_set_sign_in_phase (self, UCWA_SIGN_IN_PHASE_AUTHENTICATING);
  if (from != NULL && !ucwa_uri_same_origin (from, target))
    ucwa_connection_reset_token (self->connection);
  ucwa_connection_set_sign_in_origin (self->connection, target, data->policy);
  ucwa_connection_request_async (self->connection, "GET", href, NULL, NULL,
                                 UCWA_REQUEST_AUTHENTICATED, g_task_get_cancellable (task),
                                 user_cb, task);
}

/* This candidate failed for @error: remember why, try the next one. */
static void
try_next_candidate (UcwaSession *self,
                    GTask       *task,
                    GError      *error)
{
  SignInData *data = g_task_get_task_data (task);

  g_clear_error (&data->discovery_error);
  data->discovery_error = error;
  data->candidate++;
  discover_next (self, task);
}

static void
root_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask)        task = user_data;
  UcwaSession             *self = g_task_get_source_object (task);
  SignInData              *data = g_task_get_task_data (task);
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;
  g_autoptr (GUri)         base = NULL;
  g_autofree char         *user = NULL;
  g_autofree char         *redirect = NULL;
  JsonObject              *root;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _ucwa_session_fail_sign_in (self, task, g_steal_pointer (&error));
      return;
    }

  if (response != NULL && SOUP_STATUS_IS_REDIRECTION (response->status))
    {
      g_autoptr (GUri) target = NULL;
      GCancellable    *cancellable = g_task_get_cancellable (task);

      /* An HTTP redirect is a hop like a redirect link, under the same
       * policy; one out of the domain fails this candidate (PROTOCOL.md §1). */
      if (++data->hops >= MAX_DISCOVERY_HOPS)
        error = g_error_new (UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                             "Too many redirects from %s", response->uri);
      else
        target = check_redirect (data, response->location, &error);

      if (target == NULL)
        try_next_candidate (self, g_steal_pointer (&task), g_steal_pointer (&error));
      else
        ucwa_connection_request_async (self->connection, "GET", response->location, NULL, NULL,
                                       UCWA_REQUEST_NONE, cancellable,
                                       root_cb, g_steal_pointer (&task));
      return;
    }

  root = ucwa_response_get_object (response);
  if (root == NULL)
    {
      /* This candidate failed: remember why, try the next one. */
      _ucwa_session_note_retry_after (task, result);
      if (error == NULL)
        error = g_error_new (UCWA_ERROR, UCWA_ERROR_NOT_UCWA_SERVER,
                             "%s is not a UCWA autodiscovery service",
                             response ? response->uri : "The server");
      try_next_candidate (self, g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  base = g_uri_parse (response->uri, G_URI_FLAGS_NONE, NULL);
  user = ucwa_resource_dup_link (root, "user", base);
  if (user != NULL)
    {
      get_user (self, g_steal_pointer (&task), user, NULL);
      return;
    }

  redirect = ucwa_resource_dup_link (root, "redirect", base);
  if (redirect != NULL && ++data->hops < MAX_DISCOVERY_HOPS)
    {
      g_autoptr (GUri) target = check_redirect (data, redirect, &error);
      GCancellable    *cancellable = g_task_get_cancellable (task);

      if (target == NULL)
        {
          _ucwa_session_fail_sign_in (self, task, g_steal_pointer (&error));
          return;
        }
      ucwa_connection_request_async (self->connection, "GET", redirect, NULL, NULL,
                                     UCWA_REQUEST_NONE, cancellable,
                                     root_cb, g_steal_pointer (&task));
      return;
    }

  _ucwa_session_fail_sign_in (self, task, g_error_new (UCWA_ERROR, UCWA_ERROR_DISCOVERY_FAILED, "The autodiscovery service offers no user link"));
}

static gboolean
keeps_its_cause (const GError *error)
{
  return error->domain == G_TLS_ERROR || error->domain == G_IO_ERROR ||
         error->domain == G_RESOLVER_ERROR ||
         g_error_matches (error, UCWA_ERROR, UCWA_ERROR_NOT_UCWA_SERVER) ||
         g_error_matches (error, UCWA_ERROR, UCWA_ERROR_FOREIGN_ORIGIN) ||
         g_error_matches (error, UCWA_ERROR, UCWA_ERROR_FORBIDDEN) ||
         ucwa_error_is_transient (error);
}

static void
discover_next (UcwaSession *self,
               GTask       *task)
{
  SignInData      *data = g_task_get_task_data (task);
  g_autoptr (GUri) discovery = NULL;

  if (data->candidates == NULL || data->candidates[data->candidate] == NULL)
    {
      GError *error;

      /* A refused connection, a timeout, a name that does not resolve, an
       * untrusted certificate or a server that is not UCWA is not "server
       * not found": keep it what it is, so the user is told the real cause
       * (and a passing one is retried). */
      if (data->discovery_error != NULL && keeps_its_cause (data->discovery_error))
        error = g_error_copy (data->discovery_error);
      else
        error = g_error_new (UCWA_ERROR, UCWA_ERROR_DISCOVERY_FAILED,
                             "Could not find the Skype for Business server%s%s",
                             data->discovery_error ? ": " : "",
                             data->discovery_error ? data->discovery_error->message : "");
      _ucwa_session_fail_sign_in (self, task, error);
      g_object_unref (task);
      return;
    }

  data->hops = 0;
  g_clear_pointer (&data->policy, ucwa_sign_in_policy_unref);
  discovery = g_uri_parse (data->candidates[data->candidate], G_URI_FLAGS_ENCODED, NULL);
  data->policy = ucwa_sign_in_policy_new (discovery, data->domain);
  ucwa_connection_request_async (self->connection, "GET", data->candidates[data->candidate],
                                 NULL, NULL, UCWA_REQUEST_NONE, g_task_get_cancellable (task),
                                 root_cb, task);
}

static void
cancel_chained_cb (GCancellable *cancellable,
                   GCancellable *chained)
{
  g_cancellable_cancel (chained);
}

/* Retrying */

/* On an attempt's task: the Retry-After (s) of the request that failed it.
 * The attempt's task data changes hands along the chain; this does not. */
#define RETRY_AFTER_KEY "ucwa-sign-in-retry-after"

void
_ucwa_session_note_retry_after (GTask        *attempt,
                                GAsyncResult *request)
{
  g_object_set_data (G_OBJECT (attempt), RETRY_AFTER_KEY,
                     GUINT_TO_POINTER (ucwa_connection_get_retry_after (request)));
}

guint
_ucwa_session_get_retry_after (GTask *attempt)
{
  return MIN (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (attempt), RETRY_AFTER_KEY)),
              UCWA_SESSION_MAX_RETRY_AFTER_S);
}

/* What every attempt starts from; the data of the caller's task. */
typedef struct
{
  char  *domain;
  char **candidates;
  guint  attempts; /* failed so far */
} SignInRequest;

static void
sign_in_request_free (SignInRequest *request)
{
  g_free (request->domain);
  g_strfreev (request->candidates);
  g_free (request);
}

/* Whether a failed sign-in may succeed by itself in a moment: the network or
 * the server is down or restarting.  A wrong password, a refused grant, a
 * 403 or an untrusted certificate need the user; nor does retrying help a
 * server that is not a UCWA server. */
static gboolean
sign_in_may_retry (const GError *error)
{
  if (error->domain == G_RESOLVER_ERROR)
    return TRUE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return TRUE;

  return ucwa_error_is_transient (error);
}

static void start_attempt (UcwaSession *self,
                           GTask       *task);

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask)  task = user_data;
  UcwaSession       *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;

  if (!ucwa_event_channel_wait_finish (UCWA_EVENT_CHANNEL (object), result, &error) ||
      g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Sign-in cancelled");
      _ucwa_session_fail_sign_in (self, g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  start_attempt (self, g_steal_pointer (&task));
}

/* An attempt ended: done, retried after the channel's backoff (or the
 * server's Retry-After, whichever is longer), or failed for good (which
 * signs out). */
static void
attempt_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask)  task = user_data;
  UcwaSession       *self = UCWA_SESSION (object);
  SignInRequest     *request = g_task_get_task_data (task);
  GCancellable      *cancellable;
  guint              retry_after;
  g_autoptr (GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (g_task_get_cancellable (task)) ||
      !sign_in_may_retry (error))
    {
      _ucwa_session_fail_sign_in (self, g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  /* Still signing in: say why it takes long, and when the next try is. */
  request->attempts++;
  g_debug ("Sign-in failed for a moment (%s): retry %u", error->message, request->attempts);
  if (ucwa_event_channel_get_offline (self->channel))
    {
      /* An autostarted service before the network is up: it signs in when
       * the network comes (the channel ends the wait). */
      g_clear_error (&error);
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE,
                                   "Offline — waiting for the network");
    }
  _ucwa_session_set_error (self, error);
  /* A server that says when to come back is not asked sooner (a pool that
   * restarts refuses the early ones anyway); but a sign-in page that says
   * "retrying in an hour" is worse than asking again a bit early. */
  retry_after = _ucwa_session_get_retry_after (G_TASK (result));
  cancellable = g_task_get_cancellable (task);
  ucwa_event_channel_wait_async (self->channel, request->attempts, retry_after, cancellable,
                                 wait_cb, g_steal_pointer (&task));
}

/* One pass of discovery and sign-in, in a task of its own whose failure
 * does not sign out (its source tag is not the sign-in's): attempt_cb
 * decides. */
static void
start_attempt (UcwaSession *self,
               GTask       *task)
{
  SignInRequest    *request = g_task_get_task_data (task);
  g_autoptr (GTask) attempt = NULL;
  SignInData       *data;

  attempt = g_task_new (self, g_task_get_cancellable (task), attempt_cb, task);
  g_task_set_source_tag (attempt, start_attempt);
  g_task_set_check_cancellable (attempt, FALSE);

  data = g_new0 (SignInData, 1);
  data->domain = g_strdup (request->domain);
  data->candidates = g_strdupv (request->candidates);
  g_task_set_task_data (attempt, data, (GDestroyNotify) sign_in_data_free);

  _ucwa_session_set_sign_in_phase (self, UCWA_SIGN_IN_PHASE_DISCOVERING);
  discover_next (self, g_steal_pointer (&attempt));
}

void
ucwa_session_sign_in_async (UcwaSession        *self,
                            const char         *server_url,
                            const char         *user,
                            const char         *password,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr (GTask)        task = NULL;
  g_autoptr (GCancellable) chained = NULL;
  SignInRequest           *data;
  const char              *username;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (user != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  _ucwa_session_stop (self);
  ucwa_connection_reset_token (self->connection);

  /* Cancelling the caller's cancellable, or signing out, stops the sign-in. */
  chained = g_object_ref (self->cancellable);
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (cancel_chained_cb),
                           g_object_ref (chained), g_object_unref);

  task = g_task_new (self, chained, callback, user_data);
  g_task_set_source_tag (task, ucwa_session_sign_in_async);
  /* A failure signs out, which cancels `chained`: the failure must still be
   * what the caller sees, not "cancelled". */
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (SignInRequest, 1);
  data->domain = domain_of (user);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_request_free);

  _ucwa_session_set_user (self, user);

  username = g_str_has_prefix (user, "sip:") ? user + 4 : user;
  ucwa_connection_set_credentials (self->connection, username, password);
  ucwa_connection_set_user_agent (self->connection, self->user_agent);

  if (server_url != NULL && *server_url != '\0')
    {
      data->candidates = g_new0 (char *, 2);
      data->candidates[0] = g_strdup (server_url);
    }
  else if (self->discovery_urls != NULL)
    data->candidates = g_strdupv (self->discovery_urls);
  else
    data->candidates = ucwa_session_build_discovery_urls (user);

  if (data->candidates == NULL)
    {
      _ucwa_session_fail_sign_in (self, task,
                                  g_error_new (UCWA_ERROR, UCWA_ERROR_DISCOVERY_FAILED,
                                               "“%s” is not a valid sign-in address", user));
      return;
    }

  _ucwa_session_set_error (self, NULL);
  _ucwa_session_set_state (self, UCWA_SESSION_STATE_SIGNING_IN);
  start_attempt (self, g_steal_pointer (&task));
}

gboolean
ucwa_session_sign_in_finish (UcwaSession  *self,
                             GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (UCWA_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

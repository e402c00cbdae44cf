/* ucwa-application-lifecycle.c: the application, the second part of UcwaSession
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owns the UCWA application from its creation to its deletion
 * (PROTOCOL.md §4–§5): POST applications, makeMeAvailable, the GET that
 * finds reportMyActivity, then the event channel; the reportMyActivity
 * timer; the re-creation, with backoff, after 404 ApplicationNotFound; the
 * DELETE on sign-out.  The sign-in task arrives here from ucwa-sign-in.c
 * and is returned here, once the session is online.
 */

#include "config.h"

#include "ucwa-session-private.h"

#include "ucwa-error.h"
#include "ucwa-main-context-private.h"
#include "ucwa-resource.h"

#define RECREATE_BACKOFF_MAX 60 /* s */

/* reportMyActivity */

static void make_me_available (UcwaSession *self, GTask *task);

static void
report_activity_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (UcwaSession)  self = user_data;
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (response != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("reportMyActivity failed: %s", error->message);
  if (g_error_matches (error, UCWA_ERROR, UCWA_ERROR_MAKE_ME_AVAILABLE_REQUIRED))
    make_me_available (self, NULL);
  else if (g_error_matches (error, UCWA_ERROR, UCWA_ERROR_APPLICATION_NOT_FOUND))
    _ucwa_session_recreate_application (self);
  else if (error->domain == UCWA_ERROR && error->code == UCWA_ERROR_INACTIVE_APPLICATION_EXPIRED)
    _ucwa_session_signed_out (self, error);
}

static gboolean
report_activity_timeout_cb (gpointer user_data)
{
  UcwaSession *self = user_data;

  if (self->report_activity_href != NULL && self->state != UCWA_SESSION_STATE_SIGNED_OUT)
    ucwa_connection_request_async (self->connection, "POST", self->report_activity_href, NULL, NULL,
                                   UCWA_REQUEST_AUTHENTICATED, self->cancellable,
                                   report_activity_cb, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

void
_ucwa_session_start_activity_timer (UcwaSession *self)
{
  ucwa_clear_source (&self->activity_source);
  /* One timer, not a poll: it only wakes up every few minutes. */
  self->activity_source = ucwa_timeout_add_seconds (self->activity_interval,
                                                    report_activity_timeout_cb, self);
}

char *
ucwa_session_default_endpoint_id (const char *user)
{
  g_autofree char *machine_id = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *seed = NULL;

  /* Stable across runs for this user on this machine, unique across
   * machines, and reveals neither. */
  if (!g_file_get_contents ("/etc/machine-id", &machine_id, NULL, NULL))
    machine_id = g_strdup (g_get_host_name ());
  seed = g_strconcat (g_strstrip (machine_id), "\n", user ? user : "", "\nbeckon", NULL);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s",
                          digest, digest + 8, digest + 12, digest + 16, digest + 20);
}

/* Application */

static void
application_ready (UcwaSession *self,
                   GTask       *task)
{
  const char *events_href = task ? g_task_get_task_data (task) : NULL;

  self->recreating = FALSE;
  self->recreate_attempts = 0;
  _ucwa_session_set_error (self, NULL);
  _ucwa_session_start_activity_timer (self);
  if (events_href != NULL)
    ucwa_event_channel_start (self->channel, events_href);
  _ucwa_session_set_state (self, UCWA_SESSION_STATE_ONLINE);

  if (task != NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

/* Whether or not it could be read, the session is online. */
static void
presence_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask             *task = user_data;
  g_autoptr (GError) error = NULL;

  if (!ucwa_presence_refresh_finish (UCWA_PRESENCE (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _ucwa_session_fail_sign_in (g_task_get_source_object (task), task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (error != NULL)
    g_debug ("Could not read the user's presence: %s", error->message);
  application_ready (g_task_get_source_object (task), task);
}

static void
application_get_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask                   *task = user_data;
  UcwaSession             *self = g_task_get_source_object (task);
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;
  JsonObject              *application;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (response == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _ucwa_session_fail_sign_in (self, task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  application = ucwa_response_get_object (response);
  if (application != NULL)
    {
      JsonObject      *me = ucwa_resource_get_embedded (application, "me");
      g_autofree char *report = NULL;

      if (me != NULL)
        report = ucwa_resource_dup_link (me, "reportMyActivity", self->base_uri);
      /* The reference puts it on the application, the traces on me. */
      if (report == NULL)
        report = ucwa_resource_dup_link (application, "reportMyActivity", self->base_uri);
      g_free (self->report_activity_href);
      self->report_activity_href = g_steal_pointer (&report);
      /* Available now: me offers its presence (PROTOCOL.md §5), read
       * before the session says it is online, so that it is known then. */
      if (me != NULL)
        {
          g_autofree char *presence = ucwa_resource_dup_link (me, "presence", self->base_uri);

          if (presence != NULL)
            {
              _ucwa_presence_set_href (self->presence, presence);
              ucwa_presence_refresh_async (self->presence, g_task_get_cancellable (task), presence_read_cb, task);
              return;
            }
        }
    }
  else
    g_debug ("Could not refresh the application: %s", error ? error->message : "no resource");

  application_ready (self, task);
}

/* The application once available: reportMyActivity may only be offered
 * now.  Takes @task. */
static void
refresh_application (UcwaSession *self,
                     GTask       *task)
{
  ucwa_connection_request_async (self->connection, "GET", self->application_href, NULL, NULL,
                                 UCWA_REQUEST_AUTHENTICATED, g_task_get_cancellable (task),
                                 application_get_cb, task);
}

static void
make_me_available_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask                   *task = user_data;
  UcwaSession             *self;
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (task == NULL)
    return;

  self = g_task_get_source_object (task);
  /* AlreadyExists: this application is available already, which is the goal. */
  if (response == NULL && !g_error_matches (error, UCWA_ERROR, UCWA_ERROR_ALREADY_EXISTS))
    {
      _ucwa_session_note_retry_after (task, result);
      _ucwa_session_fail_sign_in (self, task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  refresh_application (self, task);
}

static void
make_me_available (UcwaSession *self,
                   GTask       *task)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode)    body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "SupportedModalities");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "Messaging");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "SupportedMessageFormats");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "Plain");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  if (self->make_me_available_href == NULL)
    {
      /* Already available (no link offered): carry on. */
      if (task != NULL)
        refresh_application (self, task);
      return;
    }

  ucwa_connection_request_json_async (self->connection, "POST", self->make_me_available_href, body,
                                      UCWA_REQUEST_AUTHENTICATED,
                                      task ? g_task_get_cancellable (task) : self->cancellable,
                                      make_me_available_cb, task);
}

static void
applications_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask                   *task = user_data;
  UcwaSession             *self = g_task_get_source_object (task);
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;
  g_autofree char         *self_href = NULL;
  g_autofree char         *events = NULL;
  JsonObject              *application, *me;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (response == NULL)
    {
      /* A pool that restarts (503) says when to come back. */
      _ucwa_session_note_retry_after (task, result);
      _ucwa_session_fail_sign_in (self, task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  application = ucwa_response_get_object (response);
  if (application == NULL)
    {
      _ucwa_session_fail_sign_in (self, task, g_error_new (UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE, "The server created no application"));
      g_object_unref (task);
      return;
    }

  self_href = ucwa_resource_dup_link (application, "self", self->base_uri);
  if (self_href == NULL)
    self_href = g_strdup (response->location);
  events = ucwa_resource_dup_link (application, "events", self->base_uri);
  if (self_href == NULL || events == NULL)
    {
      _ucwa_session_fail_sign_in (self, task, g_error_new (UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE, "The application has no %s link", self_href == NULL ? "self" : "events"));
      g_object_unref (task);
      return;
    }

  g_free (self->application_href);
  self->application_href = g_steal_pointer (&self_href);
  /* What application_ready() needs at the end of the chain. */
  g_task_set_task_data (task, g_steal_pointer (&events), g_free);

  me = ucwa_resource_get_embedded (application, "me");
  g_clear_pointer (&self->make_me_available_href, g_free);
  if (me != NULL)
    {
      const char *name = ucwa_resource_get_string (me, "name");

      self->make_me_available_href = ucwa_resource_dup_link (me, "makeMeAvailable", self->base_uri);
      if (name != NULL)
        _ucwa_session_set_display_name (self, name);
    }

  make_me_available (self, task);
}

void
_ucwa_session_create_application (UcwaSession *self,
                                  GTask       *task)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode)    body = NULL;

  /* The sign-in's discovery data is of no more use. */
  g_task_set_task_data (task, NULL, NULL);

  if (self->endpoint_id == NULL)
    self->endpoint_id = ucwa_session_default_endpoint_id (self->user);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "UserAgent");
  json_builder_add_string_value (builder, self->user_agent);
  json_builder_set_member_name (builder, "EndpointId");
  json_builder_add_string_value (builder, self->endpoint_id);
  json_builder_set_member_name (builder, "Culture");
  json_builder_add_string_value (builder, self->culture);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  ucwa_connection_request_json_async (self->connection, "POST", self->applications_href, body,
                                      UCWA_REQUEST_AUTHENTICATED, g_task_get_cancellable (task),
                                      applications_cb, task);
}
/* A lost application (404 ApplicationNotFound) is re-created behind the
 * user's back, as the docs allow; its pending invitations end with it unless
 * a GET finds them (nothing promises a re-offer under the new one). */

static gboolean recreate_timeout_cb (gpointer user_data);

static void
recreate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  UcwaSession       *self = UCWA_SESSION (object);
  g_autoptr (GError) error = NULL;
  guint              delay;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (!ucwa_error_is_transient (error) && error->domain == UCWA_ERROR)
    {
      _ucwa_session_signed_out (self, error);
      return;
    }

  /* Not sooner than the server asked, however short the backoff. */
  delay = MIN (RECREATE_BACKOFF_MAX, 1u << MIN (self->recreate_attempts, 6));
  delay = MAX (delay, _ucwa_session_get_retry_after (G_TASK (result)));
  self->recreate_attempts++;
  _ucwa_session_set_error (self, error);
  _ucwa_session_set_state (self, UCWA_SESSION_STATE_RECONNECTING);
  /* Not g_timeout_add_seconds(): its coarse ticks may come up to a second
   * early, sooner than the server asked. */
  self->recreate_source = ucwa_timeout_add (delay * 1000, recreate_timeout_cb, self);
}

void
_ucwa_session_recreate_application (UcwaSession *self)
{
  g_autoptr (GTask) task = NULL;

  if (self->recreating && self->recreate_source == 0)
    return;

  ucwa_clear_source (&self->recreate_source);
  ucwa_clear_source (&self->activity_source);
  ucwa_event_channel_stop (self->channel);
  /* The old application's conversations are gone, and so are its pending
   * invitations unless the server still answers for them. */
  if (!self->recreating)
    {
      ucwa_model_detach_application (self->model);
      ucwa_event_queue_push_lost (self->events);
    }
  self->recreating = TRUE;
  _ucwa_session_set_state (self, UCWA_SESSION_STATE_RECONNECTING);

  task = g_task_new (self, self->cancellable, recreate_cb, NULL);
  g_task_set_source_tag (task, _ucwa_session_recreate_application);
  _ucwa_session_create_application (self, g_steal_pointer (&task));
}

static gboolean
recreate_timeout_cb (gpointer user_data)
{
  UcwaSession *self = user_data;

  self->recreate_source = 0;
  self->recreating = FALSE;
  _ucwa_session_recreate_application (self);
  return G_SOURCE_REMOVE;
}

/* Sign-out */

static void
delete_application_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GTask)        task = user_data;
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  /* Already gone is as good as deleted. */
  if (response == NULL &&
      !g_error_matches (error, UCWA_ERROR, UCWA_ERROR_APPLICATION_NOT_FOUND) &&
      !g_error_matches (error, UCWA_ERROR, UCWA_ERROR_NOT_FOUND))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
ucwa_session_sign_out_async (UcwaSession        *self,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char  *application = NULL;

  g_return_if_fail (UCWA_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ucwa_session_sign_out_async);

  application = g_steal_pointer (&self->application_href);
  _ucwa_session_signed_out (self, NULL);

  if (application == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* The docs ask clients to DELETE their application on exit: it tears down
   * the server side (conversations, subscriptions) at once. */
  ucwa_connection_request_async (self->connection, "DELETE", application, NULL, NULL,
                                 UCWA_REQUEST_AUTHENTICATED, cancellable,
                                 delete_application_cb, g_steal_pointer (&task));
}

gboolean
ucwa_session_sign_out_finish (UcwaSession  *self,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (UCWA_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ucwa-sim-applications.c: applications and their lifetime (PROTOCOL.md §4, §5)
 *
 * POST applications (one application per endpoint, MultiTabSupport.md),
 * GET/DELETE of the application, and its end: deleted by the client, lost
 * (404 ApplicationNotFound) or expired (410 InactiveApplicationExpired).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ucwa-sim-private.h"

static void
finish_paused (SoupServerMessage *msg,
               guint              status)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
}

void
sim_app_free (SimApp *app)
{
  g_clear_handle_id (&app->hold_source, g_source_remove);
  g_clear_handle_id (&app->release_source, g_source_remove);
  /* sim_destroy_app() and dispose answer the parked P-GET first; this is only
   * a safety net so that a message can never stay paused forever. */
  if (app->parked != NULL)
    finish_paused (g_steal_pointer (&app->parked), SOUP_STATUS_SERVICE_UNAVAILABLE);
  g_clear_pointer (&app->pending, g_ptr_array_unref);
  g_clear_pointer (&app->block, sim_block_free);
  g_free (app->id);
  g_free (app->base);
  g_free (app->user_agent);
  g_free (app->endpoint_id);
  g_free (app->culture);
  g_free (app->put_guard);
  g_free (app->assigned_meeting);
  g_strfreev (app->modalities);
  g_free (app->availability);
  g_free (app->activity);
  g_free (app->note);
  g_free (app);
}

SimApp *
sim_find_app (UcwaSimServer *self,
              const char    *id)
{
  for (guint i = 0; i < self->apps->len; i++)
    {
      SimApp *app = g_ptr_array_index (self->apps, i);

      if (g_str_equal (app->id, id))
        return app;
    }

  return NULL;
}

void
sim_destroy_app (UcwaSimServer *self,
                 SimApp        *app,
                 GoneReason     reason)
{
  g_autofree char              *id = g_strdup (app->id);
  g_autoptr (SoupServerMessage) parked = sim_take_parked (app);

  g_debug ("Application %s is gone (%s)", id,
           reason == GONE_DELETED ? "deleted" : reason == GONE_EXPIRED ? "expired"
                                                                       : "lost");

  if (parked != NULL)
    {
      if (reason == GONE_EXPIRED)
        sim_reply_error (parked, 410, "Gone", "InactiveApplicationExpired", MSG_INACTIVE_EXPIRED);
      else
        sim_reply_error (parked, 404, "NotFound", "ApplicationNotFound", MSG_APPLICATION_NOT_FOUND);
      soup_server_message_unpause (parked);
    }

  for (guint i = self->convs->len; i > 0; i--)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i - 1);

      if (conv->app != app)
        continue;

      /* A real server forgets the conversations of a lost application
       * (PROTOCOL.md promises no re-offer); only the opt-in test setting
       * keeps an unanswered invitation for the application created next. */
      if (reason != GONE_DELETED && self->reoffer_after_recreate && conv->invitation != NULL &&
          !conv->invitation->answered)
        sim_conv_detach (conv);
      else
        sim_remove_conv (self, conv);
    }

  if (reason == GONE_EXPIRED)
    g_hash_table_replace (self->gone, g_strdup (id), (gpointer) "InactiveApplicationExpired");

  g_ptr_array_remove (self->apps, app);
  sim_server_emit (self, SIM_SIGNAL_APPLICATION_DELETED, id);
}

void
sim_expire_inactive (UcwaSimServer *self)
{
  gint64 now = ucwa_sim_server_now (self);

  if (self->application_expiry_ms == 0)
    return;

  for (guint i = self->apps->len; i > 0; i--)
    {
      SimApp *app = g_ptr_array_index (self->apps, i - 1);

      if (app->parked == NULL && now - app->last_poll > (gint64) self->application_expiry_ms * 1000)
        sim_destroy_app (self, app, GONE_EXPIRED);
    }
}

static char *
cookie_header (SimApp *app)
{
  g_autofree char *value = sim_random_base64 (24);

  return g_strdup_printf ("cwt_ucwa=%s; path=%s/photos; HttpOnly", value, app->base);
}

static void
add_missing (JsonArray  *parameters,
             const char *name,
             const char *reason)
{
  JsonObject *parameter = json_object_new ();

  json_object_set_string_member (parameter, "name", name);
  json_object_set_string_member (parameter, "reason", reason);
  json_array_add_object_element (parameters, parameter);
}

void
sim_handle_create_app (UcwaSimServer     *self,
                       SoupServerMessage *msg,
                       guint              pool,
                       SimToken          *token,
                       GBytes            *body)
{
  g_autoptr (JsonObject) input = NULL;
  g_autoptr (JsonArray)  parameters = json_array_new ();
  g_autofree char       *cookie = NULL;
  const char            *names[] = { "userAgent", "endpointId", "culture" };
  const char            *values[3];
  SimApp                *app = NULL;
  gboolean               created = FALSE;

  if (pool == 1 && self->user_redirect)
    {
      sim_reply_error (msg, 403, "Forbidden", NULL,
                       "The user is homed on another pool; follow the redirect of the user resource.");
      return;
    }

  if (sim_take_fault (self, UCWA_SIM_FAULT_APPLICATIONS_SERVICE_UNAVAILABLE,
                      UCWA_SIM_FAULT_APPLICATIONS_SERVICE_UNAVAILABLE) != NO_FAULT)
    {
      /* The pool restarts as the application is created: come back later. */
      g_debug ("Fault: applications unavailable");
      sim_reply_service_unavailable (msg, SIM_SERVICE_RETRY_AFTER_S);
      return;
    }

  if (!sim_parse_json_body (msg, body, TRUE, &input))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *node = sim_member_ci (input, names[i]);

      values[i] = sim_string_member_ci (input, names[i]);
      if (node == NULL)
        add_missing (parameters, names[i], "Missing");
      else if (values[i] == NULL || *values[i] == '\0' || g_utf8_strlen (values[i], -1) > 100)
        add_missing (parameters, names[i], "Invalid");
    }

  if (json_array_get_length (parameters) > 0)
    {
      sim_reply_error_full (msg, 400, "BadRequest", "ParameterValidationFailure", MSG_PARAMETER_VALIDATION,
                            g_steal_pointer (&parameters));
      return;
    }

  /* MultiTabSupport.md: the same endpoint gets the same application. */
  for (guint i = 0; i < self->apps->len; i++)
    {
      SimApp *candidate = g_ptr_array_index (self->apps, i);

      if (candidate->user == token->user && candidate->pool == pool &&
          g_str_equal (candidate->endpoint_id, values[1]))
        app = candidate;
    }

  if (app == NULL)
    {
      const char *modalities[] = { "Messaging", NULL };

      app = g_new0 (SimApp, 1);
      app->server = self;
      app->id = sim_new_numeric_id (self);
      app->base = g_strdup_printf ("%s" SIM_APPLICATIONS_PATH "/%s", sim_pool_prefix (pool), app->id);
      app->pool = pool;
      app->user = token->user;
      app->user_agent = g_strdup (values[0]);
      app->endpoint_id = g_strdup (values[1]);
      app->culture = g_strdup (values[2]);
      app->put_guard = g_uuid_string_random ();
      app->assigned_meeting = g_strdup_printf ("%08" G_GINT64_MODIFIER "X", (self->id_base + self->next_id) % 0xffffffff);
      app->etag = (guint) g_random_int_range (1000000000, G_MAXINT32);
      app->modalities = g_strdupv ((char **) modalities);
      sim_me_set_preferred (app, NULL);
      app->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_event_free);
      app->ack = 1;
      app->timeout_s = 180;
      app->medium_s = 5;
      app->low_s = 15;
      app->created = ucwa_sim_server_now (self);
      app->last_poll = app->created;
      g_ptr_array_add (self->apps, app);
      created = TRUE;
    }

  cookie = cookie_header (app);
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", cookie);
  sim_reply_json (msg, created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, sim_json_application (app));

  if (created)
    sim_server_emit (self, SIM_SIGNAL_APPLICATION_CREATED, app->id);
}

static void
h_app_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  g_autofree char *cookie = cookie_header (app);

  /* GET application refreshes the photo cookie (§4). */
  soup_message_headers_append (soup_server_message_get_response_headers (req->msg), "Set-Cookie", cookie);
  sim_reply_json (req->msg, SOUP_STATUS_OK, sim_json_application (app));
}

static void
h_app_delete (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  sim_reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);
  sim_destroy_app (self, app, GONE_DELETED);
}

const SimRoute sim_applications_routes[] = {
  { "GET", "", h_app_get },
  { "DELETE", "", h_app_delete },
  { NULL },
};

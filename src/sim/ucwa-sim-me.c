/* ucwa-sim-me.c: the user's own resources in an application (PROTOCOL.md §5)
 *
 * me, makeMeAvailable, reportMyActivity, presence, note, location, and the
 * people, contact and policies resources a client reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ucwa-sim-private.h"

static void
h_me_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  sim_reply_json (req->msg, SOUP_STATUS_OK, sim_json_me (app));
}

static const char *available_modalities[] = { "Messaging", "PhoneAudio", NULL };
static const char *known_modalities[] = {
  "Audio",
  "Video",
  "PhoneAudio",
  "ApplicationSharing",
  "Messaging",
  "DataCollaboration",
  "PanoramicVideo",
  NULL,
};
static const char *sign_in_states[] = { "Online", "Busy", "DoNotDisturb", "BeRightBack", "Away", "Offwork", NULL };

static void
h_make_me_available (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  g_autoptr (JsonObject) input = NULL;
  g_autoptr (GPtrArray)  modalities = g_ptr_array_new_with_free_func (g_free);
  const char            *sign_in_as = NULL;
  SimEvent              *event;

  if (app->available)
    {
      sim_reply_error (req->msg, 409, "Conflict", "AlreadyExists",
                       "Multiple invocations of this operation is not valid.");
      return;
    }

  if (!sim_parse_json_body (req->msg, req->body, FALSE, &input))
    return;

  if (input != NULL)
    {
      JsonNode *node = sim_member_ci (input, "supportedModalities");

      if (node != NULL)
        {
          JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

          if (array == NULL)
            {
              sim_reply_parameter_error (req->msg, "supportedModalities", "Invalid");
              return;
            }

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode   *element = json_array_get_element (array, i);
              const char *value = JSON_NODE_HOLDS_VALUE (element) &&
                                      json_node_get_value_type (element) == G_TYPE_STRING
                                    ? json_node_get_string (element)
                                    : NULL;

              if (value == NULL || !g_strv_contains (known_modalities, value))
                {
                  sim_reply_parameter_error (req->msg, "supportedModalities", "Invalid");
                  return;
                }
              if (!g_strv_contains (available_modalities, value))
                {
                  sim_reply_error (req->msg, 403, "Forbidden", NULL,
                                   "The application is attempting to use modalities other than Messaging and Phone Audio.");
                  return;
                }
              g_ptr_array_add (modalities, g_strdup (value));
            }
        }

      if (sim_member_ci (input, "signInAs") != NULL)
        {
          sign_in_as = sim_string_member_ci (input, "signInAs");
          if (sign_in_as == NULL || !g_strv_contains (sign_in_states, sign_in_as))
            {
              sim_reply_parameter_error (req->msg, "signInAs", "Invalid");
              return;
            }
        }
    }

  if (modalities->len == 0)
    g_ptr_array_add (modalities, g_strdup ("Messaging"));
  g_ptr_array_add (modalities, NULL);

  app->available = TRUE;
  g_strfreev (app->modalities);
  app->modalities = (char **) g_ptr_array_free (g_steal_pointer (&modalities), FALSE);
  sim_me_set_preferred (app, sign_in_as);
  app->etag++;

  sim_reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);

  /* ReceiveAnIM step 6: the first P-GET after makeMeAvailable. */
  sim_queue_event (app, sim_me_event (app, "me", "", "updated"));
  sim_queue_event (app, sim_me_event (app, "presence", "/presence", "added"));
  sim_queue_event (app, sim_me_event (app, "note", "/note", "added"));
  sim_queue_event (app, sim_me_event (app, "location", "/location", "added"));
  {
    g_autofree char *href = g_strdup_printf ("%s/communication", app->base);

    event = sim_comm_event (app, "communication", href, "updated");
    sim_event_set_embedded (event, "communication", sim_json_communication (app));
    sim_queue_event (app, event);
  }

  for (guint i = 0; i < self->convs->len; i++)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i);

      if (conv->app == NULL && conv->user == app->user)
        sim_offer_conversation (self, conv, app);
    }

  sim_autopilot_on_available (self);
}

static void
h_report_my_activity (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  if (!app->available)
    {
      sim_reply_error (req->msg, 409, "Conflict", "MakeMeAvailableRequired",
                       "The application has not yet sent a request on the makeMeAvailable resource.");
      return;
    }

  app->activity_reports++;
  sim_reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);
}

static gboolean
require_available (SimApp            *app,
                   SoupServerMessage *msg)
{
  if (app->available)
    return TRUE;

  sim_reply_error (msg, 409, "Conflict", "MakeMeAvailableRequired",
                   "The application has not yet sent a request on the makeMeAvailable resource.");
  return FALSE;
}

static void
h_presence_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  if (require_available (app, req->msg))
    sim_reply_json (req->msg, SOUP_STATUS_OK, sim_json_presence (app));
}

/* presence_ref.md's POST takes a PreferredAvailability; GET shows an
 * Availability (Availability_ref.md), which has no Offwork: Lync publishes
 * "Off Work" as an Away with that activity. */
static const struct
{
  const char *preferred;
  const char *availability;
  const char *activity;
} preferred_states[] = {
  { "Online", "Online", "Available" },
  { "Busy", "Busy", "Busy" },
  { "DoNotDisturb", "DoNotDisturb", "Do not disturb" },
  { "BeRightBack", "BeRightBack", "Be right back" },
  { "Away", "Away", "Away" },
  { "Offwork", "Away", "Off Work" },
};

/* What the server may show, and the activity it shows with it by default. */
static const struct
{
  const char *availability;
  const char *activity;
} reported_states[] = {
  { "Online", "Available" },
  { "IdleOnline", "Inactive" },
  { "Busy", "Busy" },
  { "IdleBusy", "Inactive" },
  { "DoNotDisturb", "Do not disturb" },
  { "BeRightBack", "Be right back" },
  { "Away", "Away" },
  { "Offline", "Offline" },
};

static void
set_presence (SimApp     *app,
              const char *availability,
              const char *activity)
{
  g_free (app->availability);
  app->availability = g_strdup (availability);
  g_free (app->activity);
  app->activity = g_strdup (activity);
}

void
sim_me_set_preferred (SimApp     *app,
                      const char *preferred)
{
  /* NULL: the reset an empty POST asks for, to what sign-in shows. */
  for (guint i = 0; i < G_N_ELEMENTS (preferred_states); i++)
    if (g_strcmp0 (preferred != NULL ? preferred : "Online", preferred_states[i].preferred) == 0)
      {
        set_presence (app, preferred_states[i].availability, preferred_states[i].activity);
        return;
      }
  g_return_if_reached ();
}

/* Presence belongs to the user, not to one application: every available
 * application of theirs is told. */
static void
announce_presence (UcwaSimServer *self,
                   SimApp        *changed)
{
  for (guint i = 0; i < self->apps->len; i++)
    {
      SimApp *app = g_ptr_array_index (self->apps, i);

      if (app->user != changed->user || !app->available)
        continue;
      if (app != changed)
        set_presence (app, changed->availability, changed->activity);
      sim_queue_event (app, sim_me_event (app, "presence", "/presence", "updated"));
    }
}

static void
h_presence_post (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  g_autoptr (JsonObject) input = NULL;
  JsonNode              *node;
  const char            *availability = NULL;

  /* presence_ref.md: optional, nullable; "An empty body will reset the
   * user's presence." */
  if (!require_available (app, req->msg) || !sim_parse_json_body (req->msg, req->body, FALSE, &input))
    return;

  node = input != NULL ? sim_member_ci (input, "availability") : NULL;
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      availability = sim_string_member_ci (input, "availability");
      if (availability == NULL || !g_strv_contains (sign_in_states, availability))
        {
          sim_reply_parameter_error (req->msg, "availability", "Invalid");
          return;
        }
    }

  sim_me_set_preferred (app, availability);
  sim_reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);
  announce_presence (self, app);
}

gboolean
ucwa_sim_server_set_presence (UcwaSimServer *self,
                              const char    *user,
                              const char    *availability,
                              const char    *activity)
{
  SimApp *app;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), FALSE);
  g_return_val_if_fail (availability != NULL, FALSE);

  app = sim_pick_app (self, user);
  if (app == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (reported_states); i++)
    if (g_str_equal (availability, reported_states[i].availability))
      {
        set_presence (app, availability, activity != NULL ? activity : reported_states[i].activity);
        announce_presence (self, app);
        return TRUE;
      }

  return FALSE;
}

const char *
ucwa_sim_server_get_availability (UcwaSimServer *self,
                                  const char    *user)
{
  SimApp *app;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), NULL);

  app = sim_pick_app (self, user);
  return app != NULL ? app->availability : NULL;
}

static void
h_note_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  if (require_available (app, req->msg))
    sim_reply_json (req->msg, SOUP_STATUS_OK, sim_json_note (app));
}

static void
h_note_post (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  g_autoptr (JsonObject) input = NULL;
  const char            *message;

  if (!require_available (app, req->msg) || !sim_parse_json_body (req->msg, req->body, TRUE, &input))
    return;

  message = sim_string_member_ci (input, "message");
  if (message == NULL)
    {
      sim_reply_parameter_error (req->msg, "message", "Missing");
      return;
    }

  g_free (app->note);
  app->note = g_strdup (message);
  sim_reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);
  sim_queue_event (app, sim_me_event (app, "note", "/note", "updated"));
}

static void
h_location_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  if (require_available (app, req->msg))
    sim_reply_json (req->msg, SOUP_STATUS_OK, sim_json_location (app));
}

static void
h_people_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  sim_reply_json (req->msg, SOUP_STATUS_OK, sim_json_people (app));
}

static const char *
contact_name (UcwaSimServer *self,
              const char    *key)
{
  for (guint i = 0; i < self->users->len; i++)
    {
      SimUser *user = g_ptr_array_index (self->users, i);

      if (g_ascii_strcasecmp (user->address, key) == 0)
        return user->display_name;
    }

  for (guint i = 0; i < self->convs->len; i++)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i);

      if (g_ascii_strcasecmp (conv->remote_key, key) == 0)
        return conv->remote_name;
    }

  return NULL;
}

static void
h_contact_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  sim_reply_json (req->msg, SOUP_STATUS_OK,
                  sim_json_contact (app, req->caps[0], contact_name (self, req->caps[0])));
}

static void
h_contact_presence_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  JsonObject *object = json_object_new ();
  JsonObject *links = json_object_new ();

  json_object_set_string_member (object, "availability", sim_contact_availability (self, req->caps[0]));
  sim_links_addf (links, "self", "%s/people/%s/presence", app->base, req->caps[0]);
  json_object_set_object_member (object, "_links", links);
  json_object_set_string_member (object, "rel", "contactPresence");
  sim_reply_json (req->msg, SOUP_STATUS_OK, object);
}

static void
h_photo_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  /* Nobody in the simulated directory has a photo. */
  sim_reply_not_found (req->msg);
}

static void
h_policies_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  JsonObject *object = json_object_new ();
  JsonObject *links = json_object_new ();

  json_object_set_string_member (object, "audioOnlyOnWifi", "Disabled");
  json_object_set_string_member (object, "conversationHistory", "Disabled");
  json_object_set_string_member (object, "htmlMessaging", "Disabled");
  json_object_set_string_member (object, "loggingLevel", "Off");
  sim_links_addf (links, "self", "%s/policies", app->base);
  json_object_set_object_member (object, "_links", links);
  json_object_set_string_member (object, "rel", "policies");
  sim_reply_json (req->msg, SOUP_STATUS_OK, object);
}

const SimRoute sim_me_routes[] = {
  { "GET", "me", h_me_get },
  { "POST", "me/makeMeAvailable", h_make_me_available },
  { "POST", "me/reportMyActivity", h_report_my_activity },
  { "POST", "reportMyActivity", h_report_my_activity },
  { "GET", "me/presence", h_presence_get },
  { "POST", "me/presence", h_presence_post },
  { "GET", "me/note", h_note_get },
  { "POST", "me/note", h_note_post },
  { "GET", "me/location", h_location_get },
  { "GET", "people", h_people_get },
  { "GET", "people/*", h_contact_get },
  { "GET", "people/*/presence", h_contact_presence_get },
  { "GET", "photos/*", h_photo_get },
  { "GET", "policies", h_policies_get },
  { NULL },
};

/* ucwa-sim-resources.c: the JSON shapes of the simulated UCWA resources
 *
 * Every shape follows the Skype for Business 2015 traces in
 * tests/data/samples/docs (CreateAnApplication, ReceiveAnIM, SendAnIM):
 * same member names, same link rels, same href layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ucwa-sim-private.h"

SimEvent *
sim_event_new (const char *sender_rel,
               const char *sender_href,
               const char *link_rel,
               const char *link_href,
               const char *link_title,
               const char *type)
{
  SimEvent *event = g_new0 (SimEvent, 1);

  event->sender_rel = g_strdup (sender_rel);
  event->sender_href = g_strdup (sender_href);
  event->link_rel = g_strdup (link_rel);
  event->link_href = g_strdup (link_href);
  event->link_title = g_strdup (link_title);
  event->type = g_strdup (type);

  return event;
}

void
sim_event_free (SimEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->sender_rel);
  g_free (event->sender_href);
  g_free (event->link_rel);
  g_free (event->link_href);
  g_free (event->link_title);
  g_free (event->in_rel);
  g_free (event->in_href);
  g_free (event->in_title);
  g_free (event->embedded_rel);
  g_clear_pointer (&event->embedded, json_object_unref);
  g_free (event->status);
  g_free (event->reason_code);
  g_free (event->reason_subcode);
  g_free (event->reason_message);
  g_free (event->type);
  g_free (event);
}

void
sim_event_set_in (SimEvent   *event,
                  const char *rel,
                  const char *href,
                  const char *title)
{
  g_free (event->in_rel);
  g_free (event->in_href);
  g_free (event->in_title);
  event->in_rel = g_strdup (rel);
  event->in_href = g_strdup (href);
  event->in_title = g_strdup (title);
}

void
sim_event_set_embedded (SimEvent   *event,
                        const char *rel,
                        JsonObject *resource)
{
  g_free (event->embedded_rel);
  g_clear_pointer (&event->embedded, json_object_unref);
  event->embedded_rel = g_strdup (rel);
  event->embedded = resource;
}

void
sim_event_set_status (SimEvent   *event,
                      const char *status,
                      const char *code,
                      const char *subcode,
                      const char *message)
{
  g_free (event->status);
  g_free (event->reason_code);
  g_free (event->reason_subcode);
  g_free (event->reason_message);
  event->status = g_strdup (status);
  event->reason_code = g_strdup (code);
  event->reason_subcode = g_strdup (subcode);
  event->reason_message = g_strdup (message);
}

static JsonObject *
link_new (const char *rel,
          const char *href,
          const char *title)
{
  JsonObject *link = json_object_new ();

  if (rel != NULL)
    json_object_set_string_member (link, "rel", rel);
  json_object_set_string_member (link, "href", href);
  if (title != NULL)
    json_object_set_string_member (link, "title", title);

  return link;
}

JsonObject *
sim_event_to_json (SimEvent *event)
{
  JsonObject *object = json_object_new ();

  json_object_set_object_member (object, "link",
                                 link_new (event->link_rel, event->link_href, event->link_title));
  if (event->in_rel != NULL)
    json_object_set_object_member (object, "in",
                                   link_new (event->in_rel, event->in_href, event->in_title));
  if (event->embedded != NULL)
    {
      JsonObject *embedded = json_object_new ();

      json_object_set_object_member (embedded, event->embedded_rel,
                                     json_object_ref (event->embedded));
      json_object_set_object_member (object, "_embedded", embedded);
    }
  if (event->status != NULL)
    json_object_set_string_member (object, "status", event->status);
  if (event->reason_code != NULL)
    {
      JsonObject *reason = json_object_new ();

      json_object_set_string_member (reason, "code", event->reason_code);
      if (event->reason_subcode != NULL)
        json_object_set_string_member (reason, "subcode", event->reason_subcode);
      if (event->reason_message != NULL)
        json_object_set_string_member (reason, "message", event->reason_message);
      json_object_set_object_member (object, "reason", reason);
    }
  json_object_set_string_member (object, "type", event->type);

  return object;
}

gboolean
sim_event_is_invitation (SimEvent *event)
{
  return g_str_equal (event->type, "started") &&
         g_str_has_suffix (event->link_rel, "Invitation");
}

void
sim_links_add (JsonObject *links,
               const char *rel,
               const char *href,
               const char *title)
{
  json_object_set_object_member (links, rel, link_new (NULL, href, title));
}

void
sim_links_addf (JsonObject *links,
                const char *rel,
                const char *format,
                ...)
{
  g_autofree char *href = NULL;
  va_list          args;

  va_start (args, format);
  href = g_strdup_vprintf (format, args);
  va_end (args);

  sim_links_add (links, rel, href, NULL);
}

/* A collection resource (conversations, participants, typingParticipants):
 * its items embedded as an array under item_rel. */
JsonObject *
sim_json_collection (const char *self_href,
                     const char *rel,
                     const char *item_rel,
                     JsonArray  *items /* owned */)
{
  JsonObject *object = json_object_new ();
  JsonObject *links = json_object_new ();
  JsonObject *embedded = json_object_new ();

  sim_links_add (links, "self", self_href, NULL);
  json_object_set_object_member (object, "_links", links);
  json_object_set_array_member (embedded, item_rel, items);
  json_object_set_object_member (object, "_embedded", embedded);
  json_object_set_string_member (object, "rel", rel);

  return object;
}

/* The .NET HttpUtility.UrlEncode flavour the traces show ("Hi+Tosh%0d%0a"):
 * '+' for spaces, lower-case hex, and -_.!*() left alone. */
char *
sim_form_encode (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || strchr ("-_.!*()", *p) != NULL)
        g_string_append_c (out, (char) *p);
      else if (*p == ' ')
        g_string_append_c (out, '+');
      else
        g_string_append_printf (out, "%%%02x", *p);
    }

  return g_string_free (out, FALSE);
}

char *
sim_data_uri_encode (const char *mime_type,
                     const char *text)
{
  g_autofree char *encoded = sim_form_encode (text);

  return g_strdup_printf ("data:%s;charset=utf-8,%s", mime_type, encoded);
}

/* Returns the text of a data: URI in either of the forms the docs show
 * (URL encoding with '+' for spaces, or ;base64), NULL if it is not one or
 * the result is not UTF-8. */
char *
sim_data_uri_decode (const char *uri)
{
  const char      *comma;
  g_autofree char *params = NULL;
  g_autofree char *decoded = NULL;
  gboolean         base64;

  if (uri == NULL || g_ascii_strncasecmp (uri, "data:", 5) != 0)
    return NULL;

  comma = strchr (uri, ',');
  if (comma == NULL)
    return NULL;

  params = g_ascii_strdown (uri + 5, comma - uri - 5);
  base64 = g_str_has_suffix (params, ";base64");

  if (base64)
    {
      gsize   len = 0;
      guchar *data = g_base64_decode (comma + 1, &len);

      decoded = g_strndup ((const char *) data, len);
      g_free (data);
      if (strlen (decoded) != len)
        return NULL;
    }
  else
    {
      g_autofree char *plus = g_strdup (comma + 1);

      for (char *p = plus; *p != '\0'; p++)
        if (*p == '+')
          *p = ' ';
      decoded = g_uri_unescape_string (plus, NULL);
      if (decoded == NULL)
        return NULL;
    }

  if (!g_utf8_validate (decoded, -1, NULL))
    return NULL;

  return g_steal_pointer (&decoded);
}

char *
sim_format_date (gint64 ms)
{
  return g_strdup_printf ("/Date(%" G_GINT64_FORMAT ")/", ms);
}

static void
set_string_array (JsonObject  *object,
                  const char  *name,
                  const char **values)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_array_add_string_element (array, values[i]);
  json_object_set_array_member (object, name, array);
}

JsonObject *
sim_json_me (SimApp *app)
{
  JsonObject *me = json_object_new ();
  JsonObject *links = json_object_new ();

  json_object_set_string_member (me, "name", app->user->display_name);
  json_object_set_string_member (me, "uri", app->user->sip_uri);
  if (app->available)
    {
      const char *emails[] = { app->user->address, NULL };

      set_string_array (me, "emailAddresses", emails);
    }

  sim_links_addf (links, "self", "%s/me", app->base);
  if (app->available)
    {
      sim_links_addf (links, "note", "%s/me/note", app->base);
      sim_links_addf (links, "presence", "%s/me/presence", app->base);
      sim_links_addf (links, "location", "%s/me/location", app->base);
      sim_links_addf (links, "reportMyActivity", "%s/me/reportMyActivity", app->base);
    }
  else
    {
      sim_links_addf (links, "makeMeAvailable", "%s/me/makeMeAvailable", app->base);
    }
  sim_links_addf (links, "callForwardingSettings", "%s/me/callForwardingSettings", app->base);
  sim_links_addf (links, "phones", "%s/me/phones", app->base);
  sim_links_addf (links, "photo", "%s/photos/%s", app->base, app->user->address);
  json_object_set_object_member (me, "_links", links);
  json_object_set_string_member (me, "rel", "me");

  return me;
}

JsonObject *
sim_json_people (SimApp *app)
{
  JsonObject *people = json_object_new ();
  JsonObject *links = json_object_new ();

  sim_links_addf (links, "self", "%s/people", app->base);
  sim_links_addf (links, "presenceSubscriptions", "%s/people/presenceSubscriptions", app->base);
  sim_links_addf (links, "subscribedContacts", "%s/people/subscribedContacts", app->base);
  sim_links_addf (links, "presenceSubscriptionMemberships", "%s/people/presenceSubscriptionMemberships", app->base);
  sim_links_addf (links, "myGroups", "%s/people/groups", app->base);
  sim_links_addf (links, "myGroupMemberships", "%s/people/groupMemberships", app->base);
  sim_links_addf (links, "myContacts", "%s/people/contacts", app->base);
  sim_links_addf (links, "myPrivacyRelationships", "%s/people/privacyRelationships", app->base);
  sim_links_addf (links, "myContactsAndGroupsSubscription", "%s/people/contactsAndGroupsSubscription", app->base);
  sim_links_addf (links, "search", "%s/people/search", app->base);
  json_object_set_object_member (people, "_links", links);
  json_object_set_string_member (people, "rel", "people");

  return people;
}

JsonObject *
sim_json_online_meetings (SimApp *app)
{
  JsonObject *meetings = json_object_new ();
  JsonObject *links = json_object_new ();

  sim_links_addf (links, "self", "%s/onlineMeetings", app->base);
  sim_links_addf (links, "myOnlineMeetings", "%s/onlineMeetings/myOnlineMeetings", app->base);
  sim_links_addf (links, "onlineMeetingDefaultValues", "%s/onlineMeetings/defaultValues", app->base);
  sim_links_addf (links, "onlineMeetingEligibleValues", "%s/onlineMeetings/eligibleValues", app->base);
  sim_links_addf (links, "onlineMeetingInvitationCustomization", "%s/onlineMeetings/customInvitation", app->base);
  sim_links_addf (links, "onlineMeetingPolicies", "%s/onlineMeetings/policies", app->base);
  sim_links_addf (links, "phoneDialInInformation", "%s/onlineMeetings/phoneDialInInformation", app->base);
  sim_links_addf (links, "myAssignedOnlineMeeting", "%s/onlineMeetings/myOnlineMeetings/%s",
                  app->base, app->assigned_meeting);
  json_object_set_object_member (meetings, "_links", links);
  json_object_set_string_member (meetings, "rel", "onlineMeetings");

  return meetings;
}

JsonObject *
sim_json_communication (SimApp *app)
{
  JsonObject      *communication = json_object_new ();
  JsonObject      *links = json_object_new ();
  const char      *plain[] = { "Plain", NULL };
  g_autofree char *etag = g_strdup_printf ("%u", app->etag);

  /* The PUT guard of §3: a random property name clients must echo. */
  json_object_set_string_member (communication, app->put_guard, "please pass this in a PUT request");
  set_string_array (communication, "supportedModalities",
                    app->available ? (const char **) app->modalities : NULL);
  set_string_array (communication, "supportedMessageFormats", plain);

  sim_links_addf (links, "self", "%s/communication", app->base);
  if (app->available)
    sim_links_addf (links, "startPhoneAudio", "%s/communication/phoneAudioInvitations", app->base);
  sim_links_addf (links, "conversations", "%s/communication/conversations?filter=active", app->base);
  sim_links_addf (links, "startMessaging", "%s/communication/messagingInvitations", app->base);
  sim_links_addf (links, "startOnlineMeeting", "%s/communication/onlineMeetingInvitations?onlineMeetingUri=adhoc", app->base);
  sim_links_addf (links, "joinOnlineMeeting", "%s/communication/onlineMeetingInvitations", app->base);
  json_object_set_object_member (communication, "_links", links);
  json_object_set_string_member (communication, "rel", "communication");
  json_object_set_string_member (communication, "etag", etag);

  return communication;
}

JsonObject *
sim_json_application (SimApp *app)
{
  JsonObject *application = json_object_new ();
  JsonObject *links = json_object_new ();
  JsonObject *embedded = json_object_new ();

  json_object_set_string_member (application, "culture", app->culture);
  json_object_set_string_member (application, "userAgent", app->user_agent);
  /* Not in the CreateAnApplication trace but listed by application_ref.md;
   * peers read it, and clients ignore unknown members. */
  json_object_set_string_member (application, "id", app->id);

  sim_links_addf (links, "self", "%s", app->base);
  sim_links_addf (links, "policies", "%s/policies", app->base);
  sim_links_addf (links, "batch", "%s/batch", app->base);
  sim_links_addf (links, "events", "%s/events?ack=1", app->base);
  json_object_set_object_member (application, "_links", links);

  json_object_set_object_member (embedded, "me", sim_json_me (app));
  json_object_set_object_member (embedded, "people", sim_json_people (app));
  json_object_set_object_member (embedded, "onlineMeetings", sim_json_online_meetings (app));
  json_object_set_object_member (embedded, "communication", sim_json_communication (app));
  json_object_set_object_member (application, "_embedded", embedded);
  json_object_set_string_member (application, "rel", "application");

  return application;
}

JsonObject *
sim_json_presence (SimApp *app)
{
  JsonObject *presence = json_object_new ();
  JsonObject *links = json_object_new ();

  json_object_set_string_member (presence, "availability", app->availability);
  json_object_set_string_member (presence, "activity", app->activity);
  sim_links_addf (links, "self", "%s/me/presence", app->base);
  json_object_set_object_member (presence, "_links", links);
  json_object_set_string_member (presence, "rel", "presence");

  return presence;
}

JsonObject *
sim_json_note (SimApp *app)
{
  JsonObject *note = json_object_new ();
  JsonObject *links = json_object_new ();

  json_object_set_string_member (note, "message", app->note != NULL ? app->note : "");
  json_object_set_string_member (note, "type", "personal");
  sim_links_addf (links, "self", "%s/me/note", app->base);
  json_object_set_object_member (note, "_links", links);
  json_object_set_string_member (note, "rel", "note");

  return note;
}

JsonObject *
sim_json_location (SimApp *app)
{
  JsonObject *location = json_object_new ();
  JsonObject *links = json_object_new ();

  json_object_set_string_member (location, "location", "");
  sim_links_addf (links, "self", "%s/me/location", app->base);
  json_object_set_object_member (location, "_links", links);
  json_object_set_string_member (location, "rel", "location");

  return location;
}

JsonObject *
sim_json_contact (SimApp     *app,
                  const char *key,
                  const char *name)
{
  JsonObject      *contact = json_object_new ();
  JsonObject      *links = json_object_new ();
  g_autofree char *uri = g_strconcat ("sip:", key, NULL);
  const char      *emails[] = { key, NULL };

  json_object_set_string_member (contact, "uri", uri);
  json_object_set_string_member (contact, "sourceNetwork", "SameEnterprise");
  json_object_set_string_member (contact, "type", "User");
  json_object_set_string_member (contact, "name", name != NULL ? name : key);
  set_string_array (contact, "emailAddresses", emails);
  sim_links_addf (links, "self", "%s/people/%s", app->base, key);
  sim_links_addf (links, "contactPresence", "%s/people/%s/presence", app->base, key);
  sim_links_addf (links, "contactPhoto", "%s/photos/%s", app->base, key);
  json_object_set_object_member (contact, "_links", links);
  json_object_set_string_member (contact, "rel", "contact");

  return contact;
}

JsonObject *
sim_json_participant (SimConv *conv,
                      gboolean local)
{
  SimApp     *app = conv->app;
  JsonObject *participant = json_object_new ();
  JsonObject *links = json_object_new ();

  json_object_set_string_member (participant, "sourceNetwork", "SameEnterprise");
  json_object_set_boolean_member (participant, "anonymous", FALSE);
  json_object_set_string_member (participant, "name", local ? conv->user->display_name : conv->remote_name);
  json_object_set_string_member (participant, "uri", local ? conv->user->sip_uri : conv->remote_uri);
  if (conv->meeting)
    {
      json_object_set_boolean_member (participant, "organizer", !local);
      json_object_set_string_member (participant, "role", local ? "Attendee" : "Leader");
    }

  sim_links_add (links, "self", local ? conv->local_href : conv->remote_href, NULL);
  sim_links_add (links, "conversation", conv->href, NULL);
  if (local)
    {
      sim_links_addf (links, "me", "%s/me", app->base);
    }
  else
    {
      sim_links_addf (links, "contact", "%s/people/%s", app->base, conv->remote_key);
      sim_links_addf (links, "contactPresence", "%s/people/%s/presence", app->base, conv->remote_key);
      sim_links_addf (links, "contactPhoto", "%s/photos/%s", app->base, conv->remote_key);
    }
  if (g_strcmp0 (conv->messaging_state, "Connected") == 0)
    sim_links_addf (links, "participantMessaging", "%s/messaging", local ? conv->local_href : conv->remote_href);
  json_object_set_object_member (participant, "_links", links);
  json_object_set_string_member (participant, "rel", "participant");

  return participant;
}

JsonObject *
sim_json_participant_messaging (SimConv *conv,
                                gboolean local)
{
  JsonObject *object = json_object_new ();
  JsonObject *links = json_object_new ();
  const char *participant = local ? conv->local_href : conv->remote_href;

  sim_links_addf (links, "self", "%s/messaging", participant);
  sim_links_add (links, "participant", participant,
                 local ? conv->user->display_name : conv->remote_name);
  json_object_set_object_member (object, "_links", links);
  json_object_set_string_member (object, "rel", "participantMessaging");

  return object;
}

static JsonObject *
remote_from (SimConv *conv,
             gboolean with_photo)
{
  JsonObject *from = sim_json_participant (conv, FALSE);
  JsonObject *links = json_object_get_object_member (from, "_links");

  /* The started copy of the trace has no contactPhoto, the updated one has. */
  if (!with_photo)
    json_object_remove_member (links, "contactPhoto");

  return from;
}

static void
add_action_links (JsonObject    *links,
                  SimInvitation *invitation)
{
  if (invitation->missing_links)
    return;

  if (invitation->foreign_origin != NULL)
    {
      /* Same path, another origin: a client must refuse to send its token there. */
      sim_links_addf (links, "accept", "%s%s/accept", invitation->foreign_origin, invitation->href);
      sim_links_addf (links, "decline", "%s%s/decline", invitation->foreign_origin, invitation->href);
    }
  else
    {
      sim_links_addf (links, "accept", "%s/accept", invitation->href);
      sim_links_addf (links, "decline", "%s/decline", invitation->href);
    }
}

JsonObject *
sim_json_invitation (SimConv       *conv,
                     SimInvitation *invitation,
                     gboolean       with_actions,
                     gboolean       with_photo)
{
  SimApp     *app = conv->app;
  JsonObject *object = json_object_new ();
  JsonObject *links = json_object_new ();
  JsonObject *embedded = NULL;
  gboolean    meeting = conv->meeting && (!invitation->outgoing || invitation->join);
  const char *rel = meeting ? "onlineMeetingInvitation" : "messagingInvitation";

  json_object_set_string_member (object, "direction", invitation->outgoing ? "Outgoing" : "Incoming");
  json_object_set_string_member (object, "importance", "Normal");
  json_object_set_string_member (object, "threadId", conv->thread_id);
  json_object_set_string_member (object, "state", invitation->state);
  if (invitation->operation_id != NULL)
    json_object_set_string_member (object, "operationId", invitation->operation_id);
  json_object_set_string_member (object, "subject", conv->subject != NULL ? conv->subject : "");

  if (meeting)
    {
      const char *modalities[] = { "Messaging", "Audio", NULL };

      json_object_set_string_member (object, "onlineMeetingUri", conv->meeting_uri);
      set_string_array (object, "availableModalities", modalities);
      if (!invitation->outgoing)
        json_object_set_string_member (object, "to", conv->user->sip_uri);
    }
  else if (invitation->outgoing && conv->remote_uri != NULL && !conv->meeting)
    json_object_set_string_member (object, "to", conv->remote_uri);

  sim_links_add (links, "self", invitation->href, NULL);
  if (invitation->outgoing)
    {
      sim_links_add (links, "from", conv->local_href, conv->user->display_name);
      sim_links_add (links, "conversation", conv->href, NULL);
      /* OperationResource.md's outgoing onlineMeetingInvitation has neither. */
      if (!invitation->join)
        sim_links_add (links, "messaging", conv->messaging_href, NULL);
      if (!invitation->completed && !invitation->join)
        sim_links_addf (links, "cancel", "%s/cancel", invitation->href);
      if (invitation->accepted)
        {
          JsonArray *accepted_by = json_array_new ();

          /* SendAnIM.md step 6: the one who accepted, embedded as an array. */
          json_array_add_object_element (accepted_by, sim_json_participant (conv, FALSE));
          embedded = json_object_new ();
          json_object_set_array_member (embedded, "acceptedByParticipant", accepted_by);
        }
    }
  else
    {
      sim_links_addf (links, "to", "%s/people/%s", app->base, conv->user->address);
      if (meeting)
        sim_links_add (links, "from", conv->remote_href, conv->remote_name);
      sim_links_add (links, "conversation", conv->href, NULL);
      if (with_actions)
        add_action_links (links, invitation);
      if (!meeting)
        sim_links_add (links, "messaging", conv->messaging_href, NULL);
      if (conv->first_message != NULL && *conv->first_message != '\0')
        {
          g_autofree char *data = sim_data_uri_encode ("text/plain", conv->first_message);

          sim_links_add (links, "message", data, NULL);
        }

      embedded = json_object_new ();
      json_object_set_object_member (embedded, "from", remote_from (conv, with_photo));
    }

  json_object_set_object_member (object, "_links", links);
  if (embedded != NULL)
    json_object_set_object_member (object, "_embedded", embedded);
  json_object_set_string_member (object, "rel", rel);

  return object;
}

JsonObject *
sim_json_conversation (SimConv *conv)
{
  SimApp     *app = conv->app;
  JsonObject *object = json_object_new ();
  JsonObject *links = json_object_new ();
  JsonArray  *modalities = json_array_new ();
  gboolean    joined = g_str_equal (conv->state, "Connected") || g_str_equal (conv->state, "Conferenced");

  json_object_set_string_member (object, "state", conv->state);
  json_object_set_string_member (object, "threadId", conv->thread_id);
  json_object_set_string_member (object, "subject", conv->subject != NULL ? conv->subject : "");
  if (!g_str_equal (conv->messaging_state, "Disconnected"))
    json_array_add_string_element (modalities, "Messaging");
  json_object_set_array_member (object, "activeModalities", modalities);
  json_object_set_string_member (object, "importance", "Normal");
  json_object_set_boolean_member (object, "recording", FALSE);

  sim_links_add (links, "self", conv->href, NULL);
  sim_links_addf (links, "applicationSharing", "%s/applicationSharing", conv->href);
  sim_links_addf (links, "audioVideo", "%s/audioVideo", conv->href);
  sim_links_addf (links, "dataCollaboration", "%s/dataCollaboration", conv->href);
  sim_links_add (links, "messaging", conv->messaging_href, NULL);
  sim_links_addf (links, "phoneAudio", "%s/phoneAudio", conv->href);
  if (joined)
    {
      sim_links_add (links, "localParticipant", conv->local_href, conv->user->display_name);
      sim_links_addf (links, "addParticipant", "%s/communication/participantInvitations?conversation=%s",
                      app->base, conv->id);
    }
  if (conv->meeting && g_str_equal (conv->state, "Conferenced"))
    {
      sim_links_addf (links, "onlineMeeting", "%s/onlineMeeting", conv->href);
      sim_links_addf (links, "participants", "%s/participants", conv->href);
      sim_links_addf (links, "leaders", "%s/leaders", conv->href);
      sim_links_addf (links, "attendees", "%s/attendees", conv->href);
      sim_links_addf (links, "lobby", "%s/lobby", conv->href);
    }
  json_object_set_object_member (object, "_links", links);
  json_object_set_string_member (object, "rel", "conversation");

  return object;
}

JsonObject *
sim_json_messaging (SimConv *conv)
{
  JsonObject *object = json_object_new ();
  JsonObject *links = json_object_new ();

  json_object_set_string_member (object, "state", conv->messaging_state);
  if (g_str_equal (conv->messaging_state, "Connected"))
    {
      const char *plain[] = { "Plain", NULL };

      set_string_array (object, "negotiatedMessageFormats", plain);
    }

  sim_links_add (links, "self", conv->messaging_href, NULL);
  sim_links_add (links, "conversation", conv->href, NULL);
  if (g_str_equal (conv->messaging_state, "Connected"))
    {
      sim_links_addf (links, "stopMessaging", "%s/terminate", conv->messaging_href);
      sim_links_addf (links, "sendMessage", "%s/messages", conv->messaging_href);
      sim_links_addf (links, "setIsTyping", "%s/typing", conv->messaging_href);
      sim_links_addf (links, "typingParticipants", "%s/typingParticipants", conv->messaging_href);
    }
  else if (g_str_equal (conv->messaging_state, "Connecting"))
    {
      sim_links_addf (links, "stopMessaging", "%s/terminate", conv->messaging_href);
    }
  else if (!g_str_equal (conv->state, "Incoming"))
    {
      sim_links_addf (links, "addMessaging", "%s/addMessaging", conv->messaging_href);
    }
  json_object_set_object_member (object, "_links", links);
  json_object_set_string_member (object, "rel", "messaging");

  return object;
}

JsonObject *
sim_json_message (SimConv    *conv,
                  SimMessage *message)
{
  SimApp          *app = conv->app;
  JsonObject      *object = json_object_new ();
  JsonObject      *links = json_object_new ();
  g_autofree char *date = sim_format_date (message->timestamp_ms);
  g_autofree char *data = sim_data_uri_encode (message->html ? "text/html" : "text/plain", message->text);

  json_object_set_string_member (object, "direction", message->outgoing ? "Outgoing" : "Incoming");
  json_object_set_string_member (object, "timeStamp", date);
  if (message->operation_id != NULL)
    json_object_set_string_member (object, "operationId", message->operation_id);

  sim_links_add (links, "self", message->href, NULL);
  if (!message->outgoing)
    {
      sim_links_addf (links, "contact", "%s/people/%s", app->base, conv->remote_key);
      sim_links_add (links, "participant", conv->remote_href, conv->remote_name);
    }
  sim_links_add (links, "messaging", conv->messaging_href, NULL);
  sim_links_add (links, message->html ? "htmlMessage" : "plainMessage", data, NULL);
  json_object_set_object_member (object, "_links", links);
  json_object_set_string_member (object, "rel", "message");

  return object;
}

JsonObject *
sim_json_online_meeting (SimConv *conv)
{
  JsonObject      *object = json_object_new ();
  JsonObject      *links = json_object_new ();
  g_autofree char *organizer_local = g_strdup (conv->remote_key);
  g_autofree char *join_url = NULL;
  char            *at = strchr (organizer_local, '@');

  if (at != NULL)
    *at = '\0';
  join_url = g_strdup_printf ("https://meet.contoso.com/%s/%s", organizer_local, conv->conference_id);

  json_object_set_string_member (object, "accessLevel", "Everyone");
  json_object_set_string_member (object, "conferenceId", conv->conference_id);
  json_object_set_string_member (object, "joinUrl", join_url);
  json_object_set_string_member (object, "onlineMeetingId", conv->conference_id);
  json_object_set_string_member (object, "onlineMeetingUri", conv->meeting_uri);
  json_object_set_string_member (object, "organizerName", conv->remote_name);
  json_object_set_string_member (object, "organizerUri", conv->remote_uri);
  json_object_set_string_member (object, "subject", conv->subject != NULL ? conv->subject : "");
  sim_links_addf (links, "self", "%s/onlineMeeting", conv->href);
  sim_links_add (links, "conversation", conv->href, NULL);
  sim_links_add (links, "organizer", conv->remote_href, conv->remote_name);
  json_object_set_object_member (object, "_links", links);
  json_object_set_string_member (object, "rel", "onlineMeeting");

  return object;
}

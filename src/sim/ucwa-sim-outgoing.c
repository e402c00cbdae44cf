/* ucwa-sim-outgoing.c: what the user starts: startMessaging, joinOnlineMeeting
 * and the people search (PROTOCOL.md §7, §9, §12)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The documented parts: the POSTs answer 201 with a Location and an empty
 * body, and everything else arrives in the event channel as an operation
 * carrying the client's operationId (OperationResource.md, SendAnIM.md);
 * the outgoing IM's events are SendAnIM.md's trace (started + conversation
 * Connecting, then Connected + participant + participantMessaging +
 * messaging Connected + completed Success with acceptedByParticipant);
 * an unanswered one fails after about thirty seconds
 * (messagingInvitation_ref.md, the server's invitation timeout);
 * joinOnlineMeeting answers 404 NotFound/DestinationNotFound for a meeting
 * it cannot find (joinOnlineMeeting_ref.md) and joins a new meeting when
 * no onlineMeetingUri is given; search takes `query` (required, ≤256) and
 * `limit` (1–100) and embeds `contact`s (search_ref.md).
 *
 * Inferred, as no document shows them (§16): the failure reasons
 * (RemoteFailure/Declined is real traffic, samples/field/; Timeout,
 * TemporarilyUnavailable, Denied, Ended and NotFound/DestinationNotFound for
 * an unknown person are subcodes of ErrorSubcode_ref.md picked for the
 * cases); a joined meeting's events are the accepted meeting's (§9), and a
 * lobby refusal is a failure with subcode Denied (§9).
 */

#include "config.h"

#include <string.h>

#include "ucwa-sim-private.h"

#define DEFAULT_ANSWER_DELAY_MS 200
#define HELD_CHECK_MS           10
#define HELD_MAX_MS             10000
#define SEARCH_MAX_QUERY        256
#define SEARCH_MAX_LIMIT        100
#define SEARCH_DEFAULT_LIMIT    20

#define FOCUS_PREFIX ";gruu;opaque=app:conf:focus:id:"

typedef struct
{
  char               *sip_uri;
  char               *address;
  char               *display_name;
  UcwaSimRemoteAnswer answer;
  guint               delay_ms;
} SimRemoteParty;

typedef struct
{
  char        *conference_id;
  char        *organizer_uri; /* sip:grace@contoso.com */
  char        *organizer_name;
  UcwaSimLobby lobby;
  gboolean     ended;
} SimMeeting;

typedef struct
{
  UcwaSimServer     *self; /* unowned */
  SoupServerMessage *msg;
  SimApp            *app; /* unowned, checked against self->apps */
  guint              source;
  gint64             deadline;
} HeldCreate;

static void
remote_party_free (SimRemoteParty *party)
{
  g_free (party->sip_uri);
  g_free (party->address);
  g_free (party->display_name);
  g_free (party);
}

static void
meeting_free (SimMeeting *meeting)
{
  g_free (meeting->conference_id);
  g_free (meeting->organizer_uri);
  g_free (meeting->organizer_name);
  g_free (meeting);
}

static void
held_create_free (HeldCreate *held)
{
  g_clear_handle_id (&held->source, g_source_remove);
  g_clear_object (&held->msg);
  g_free (held);
}

void
sim_outgoing_init (UcwaSimServer *self)
{
  self->remote_parties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) remote_party_free);
  self->meetings = g_ptr_array_new_with_free_func ((GDestroyNotify) meeting_free);
}

void
sim_outgoing_dispose (UcwaSimServer *self)
{
  g_list_free_full (g_steal_pointer (&self->held_creates), (GDestroyNotify) held_create_free);
}

void
sim_outgoing_finalize (UcwaSimServer *self)
{
  g_clear_pointer (&self->remote_parties, g_hash_table_unref);
  g_clear_pointer (&self->meetings, g_ptr_array_unref);
}

static const char *
strip_sip (const char *uri)
{
  return g_ascii_strncasecmp (uri, "sip:", 4) == 0 ? uri + 4 : uri;
}

static SimUser *
find_user (UcwaSimServer *self,
           const char    *address)
{
  for (guint i = 0; i < self->users->len; i++)
    {
      SimUser *user = g_ptr_array_index (self->users, i);

      if (g_ascii_strcasecmp (user->address, address) == 0)
        return user;
    }
  return NULL;
}

static SimRemoteParty *
find_party (UcwaSimServer *self,
            const char    *address)
{
  g_autofree char *key = g_ascii_strdown (address, -1);

  return g_hash_table_lookup (self->remote_parties, key);
}

const char *
sim_contact_availability (UcwaSimServer *self,
                          const char    *key)
{
  SimRemoteParty *party = find_party (self, key);

  return party != NULL && party->answer == UCWA_SIM_REMOTE_OFFLINE ? "Offline" : "Online";
}

/* Public API */

void
ucwa_sim_server_set_remote_party (UcwaSimServer      *self,
                                  const char         *sip_uri,
                                  const char         *display_name,
                                  UcwaSimRemoteAnswer answer,
                                  guint               delay_ms)
{
  SimRemoteParty *party;

  g_return_if_fail (UCWA_SIM_IS_SERVER (self));
  g_return_if_fail (sip_uri != NULL);

  party = g_new0 (SimRemoteParty, 1);
  party->address = g_ascii_strdown (strip_sip (sip_uri), -1);
  party->sip_uri = g_strconcat ("sip:", party->address, NULL);
  party->display_name = g_strdup (display_name != NULL ? display_name : party->address);
  party->answer = answer;
  party->delay_ms = delay_ms;
  g_hash_table_replace (self->remote_parties, g_strdup (party->address), party);
}

void
ucwa_sim_server_set_outgoing_events_first (UcwaSimServer *self,
                                           gboolean       events_first)
{
  g_return_if_fail (UCWA_SIM_IS_SERVER (self));
  self->outgoing_events_first = !!events_first;
}

guint
ucwa_sim_server_count_held_responses (UcwaSimServer *self)
{
  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), 0);
  return g_list_length (self->held_creates);
}

static SimMeeting *
add_meeting (UcwaSimServer *self,
             const char    *organizer_sip_uri,
             const char    *organizer_name,
             const char    *conference_id,
             UcwaSimLobby   lobby)
{
  SimMeeting *meeting = g_new0 (SimMeeting, 1);

  meeting->conference_id = conference_id != NULL ? g_strdup (conference_id) : sim_new_conference_id ();
  meeting->organizer_uri = g_strconcat ("sip:", strip_sip (organizer_sip_uri), NULL);
  meeting->organizer_name = g_strdup (organizer_name != NULL ? organizer_name : strip_sip (organizer_sip_uri));
  meeting->lobby = lobby;
  g_ptr_array_add (self->meetings, meeting);
  return meeting;
}

char *
ucwa_sim_server_create_meeting (UcwaSimServer *self,
                                const char    *organizer_sip_uri,
                                const char    *organizer_name,
                                const char    *conference_id,
                                UcwaSimLobby   lobby)
{
  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), NULL);
  g_return_val_if_fail (organizer_sip_uri != NULL, NULL);

  return g_strdup (add_meeting (self, organizer_sip_uri, organizer_name, conference_id, lobby)->conference_id);
}

/* Outgoing IM */

static void
remote_accepts (SimConv *conv)
{
  SimApp          *app = conv->app;
  SimEvent        *event;
  g_autofree char *local_messaging = g_strdup_printf ("%s/messaging", conv->local_href);
  g_autofree char *remote_messaging = g_strdup_printf ("%s/messaging", conv->remote_href);
  g_autofree char *thread_id = g_strdup (conv->thread_id);
  g_autofree char *first = g_strdup (conv->first_message);

  /* SendAnIM.md step 6, in its order. */
  conv->state = "Connected";
  sim_queue_conversation_event (conv, "updated");
  sim_queue_event (app, sim_conv_event (conv, "participant", conv->remote_href, conv->remote_name, "added"));

  event = sim_conv_event (conv, "participantMessaging", remote_messaging, NULL, "added");
  sim_event_set_in (event, "participant", conv->remote_href, conv->remote_name);
  sim_queue_event (app, event);

  event = sim_conv_event (conv, "participantMessaging", local_messaging, NULL, "added");
  sim_event_set_in (event, "localParticipant", conv->local_href, conv->user->display_name);
  sim_embed (conv, event, "participantMessaging", sim_json_participant_messaging (conv, TRUE));
  sim_queue_event (app, event);

  conv->messaging_state = "Connected";
  sim_queue_messaging_updated (conv);

  conv->invitation->state = "Connected";
  conv->invitation->completed = TRUE;
  conv->invitation->accepted = TRUE;
  sim_queue_invitation_event (conv, conv->invitation, "completed", FALSE, FALSE);

  /* The remote party reads the invitation's first message. */
  if (first != NULL && *first != '\0')
    sim_server_emit (conv->server, SIM_SIGNAL_MESSAGE_RECEIVED, thread_id, first);
}

/* The remote party's answer (or the server's timeout) comes now. */
static void
remote_answer (SimConv            *conv,
               UcwaSimRemoteAnswer answer,
               gboolean            known)
{
  UcwaSimServer *self = conv->server;

  if (!known)
    sim_fail_invitation (self, conv, "Failed", "NotFound", "DestinationNotFound", "The person could not be found.");
  else if (answer == UCWA_SIM_REMOTE_ACCEPTS)
    remote_accepts (conv);
  else if (answer == UCWA_SIM_REMOTE_DECLINES)
    sim_fail_invitation (self, conv, "Declined", "RemoteFailure", "Declined", "Your invitation was declined.");
  else if (answer == UCWA_SIM_REMOTE_OFFLINE)
    sim_fail_invitation (self, conv, "Failed", "RemoteFailure", "TemporarilyUnavailable",
                         "The person is not available.");
  else
    sim_fail_invitation (self, conv, "Failed", "RemoteFailure", "Timeout", "Your invitation was not answered.");
}

static gboolean
answer_cb (gpointer data)
{
  SimConv *conv = data;

  conv->timeout_source = 0;
  if (conv->invitation != NULL && !conv->invitation->completed)
    remote_answer (conv, conv->remote_answer, !conv->remote_unknown);
  return G_SOURCE_REMOVE;
}

/* A conversation of app with the remote party, in its first state. */
static SimConv *
new_outgoing_conv (UcwaSimServer *self,
                   SimApp        *app,
                   const char    *remote_uri,
                   const char    *remote_name,
                   gboolean       meeting)
{
  SimConv    *conv = g_new0 (SimConv, 1);
  const char *address = strip_sip (remote_uri);

  conv->server = self;
  conv->thread_id = sim_new_thread_id ();
  conv->user = app->user;
  conv->meeting = meeting;
  conv->remote_uri = g_strconcat ("sip:", address, NULL);
  conv->remote_key = g_strcanon (g_strdup (address), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@.-_+", '_');
  conv->remote_name = g_strdup (remote_name != NULL ? remote_name : address);

  sim_conv_attach (conv, app);
  g_ptr_array_add (self->convs, conv);
  return conv;
}

static SimInvitation *
new_outgoing_invitation (SimConv    *conv,
                         const char *collection,
                         const char *operation_id)
{
  SimInvitation *invitation = g_new0 (SimInvitation, 1);

  invitation->id = sim_new_guid_id ();
  invitation->href = g_strdup_printf ("%s/communication/%s/%s", conv->app->base, collection, invitation->id);
  invitation->outgoing = TRUE;
  /* Not the user's to answer: accept and decline are 404 for it. */
  invitation->answered = TRUE;
  invitation->state = "Connecting";
  invitation->operation_id = g_strdup (operation_id);
  conv->invitation = invitation;
  return invitation;
}

static void
queue_local_participant (SimConv *conv)
{
  SimEvent *event = sim_conv_event (conv, "localParticipant", conv->local_href, conv->user->display_name, "added");

  sim_embed (conv, event, "localParticipant", sim_json_participant (conv, TRUE));
  sim_queue_event (conv->app, event);
}

static gboolean
held_check_cb (gpointer data)
{
  HeldCreate    *held = data;
  UcwaSimServer *self = held->self;
  gboolean       gone = !g_ptr_array_find (self->apps, held->app, NULL);

  /* Taken: nothing queued, nothing sent and unacknowledged. */
  if (!gone && (held->app->pending->len > 0 || held->app->block != NULL) &&
      g_get_monotonic_time () < held->deadline)
    return G_SOURCE_CONTINUE;

  held->source = 0;
  self->held_creates = g_list_remove (self->held_creates, held);
  soup_server_message_unpause (held->msg);
  held_create_free (held);
  return G_SOURCE_REMOVE;
}

/* 201 Created with the operation's Location, now or once the client has
 * taken its events (set_outgoing_events_first()). */
static void
reply_created (UcwaSimServer *self,
               SimRequest    *req,
               SimApp        *app,
               const char    *location)
{
  HeldCreate *held;

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Location", location);
  sim_reply_no_content (req->msg, SOUP_STATUS_CREATED);
  if (!self->outgoing_events_first)
    return;

  held = g_new0 (HeldCreate, 1);
  held->self = self;
  held->msg = g_object_ref (req->msg);
  held->app = app;
  held->deadline = g_get_monotonic_time () + HELD_MAX_MS * G_TIME_SPAN_MILLISECOND;
  held->source = g_timeout_add (HELD_CHECK_MS, held_check_cb, held);
  self->held_creates = g_list_prepend (self->held_creates, held);
  soup_server_message_pause (req->msg);
}

/* The `_links.message.href` data URI of an input, or "" without one; NULL
 * (replied) when it is not a data URI we can read. */
static char *
input_message (SimRequest *req,
               JsonObject *input)
{
  JsonNode   *links = sim_member_ci (input, "_links");
  JsonNode   *link;
  const char *href;
  char       *text;

  if (links == NULL || !JSON_NODE_HOLDS_OBJECT (links))
    return g_strdup ("");
  link = sim_member_ci (json_node_get_object (links), "message");
  if (link == NULL || !JSON_NODE_HOLDS_OBJECT (link))
    return g_strdup ("");

  href = sim_string_member_ci (json_node_get_object (link), "href");
  text = sim_data_uri_decode (href);
  if (text == NULL)
    sim_reply_parameter_error (req->msg, "message", "Invalid");
  return text;
}

static void
h_start_messaging (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  g_autoptr (JsonObject) input = NULL;
  g_autofree char       *text = NULL;
  const char            *to;
  const char            *operation_id;
  SimRemoteParty        *party;
  SimUser               *user;
  SimConv               *conv;
  SimInvitation         *invitation;
  SimEvent              *event;
  UcwaSimRemoteAnswer    answer = UCWA_SIM_REMOTE_ACCEPTS;
  guint                  delay_ms = DEFAULT_ANSWER_DELAY_MS;
  gboolean               known = TRUE;

  if (!sim_parse_json_body (req->msg, req->body, TRUE, &input))
    return;

  to = sim_string_member_ci (input, "to");
  if (to == NULL || strchr (to, '@') == NULL)
    {
      sim_reply_parameter_error (req->msg, "to", to == NULL ? "Missing" : "Invalid");
      return;
    }
  text = input_message (req, input);
  if (text == NULL)
    return;
  operation_id = sim_string_member_ci (input, "operationId");
  if (operation_id == NULL)
    operation_id = g_hash_table_lookup (req->params, "operationId");

  party = find_party (self, strip_sip (to));
  user = find_user (self, strip_sip (to));
  if (party != NULL)
    {
      answer = party->answer;
      delay_ms = party->delay_ms;
    }
  else if (user == NULL)
    known = FALSE;

  conv = new_outgoing_conv (self, app, to, party != NULL ? party->display_name : user != NULL ? user->display_name
                                                                                              : NULL,
                            FALSE);
  conv->subject = g_strdup (sim_string_member_ci (input, "subject") != NULL ? sim_string_member_ci (input, "subject") : "");
  conv->first_message = g_steal_pointer (&text);
  conv->state = "Connecting";
  conv->messaging_state = "Connecting";
  invitation = new_outgoing_invitation (conv, "messagingInvitations", operation_id);

  g_debug ("Outgoing IM %s to %s", conv->thread_id, conv->remote_uri);

  /* SendAnIM.md step 4. */
  sim_queue_invitation_event (conv, invitation, "started", FALSE, FALSE);
  sim_queue_conversation_event (conv, "added");
  queue_local_participant (conv);
  event = sim_conv_event (conv, "messaging", conv->messaging_href, NULL, "updated");
  sim_embed (conv, event, "messaging", sim_json_messaging (conv));
  sim_queue_event (app, event);

  reply_created (self, req, app, invitation->href);

  /* An answer now (offline, unknown, or events first) or after a while. */
  if (!known || answer == UCWA_SIM_REMOTE_OFFLINE || (self->outgoing_events_first && answer != UCWA_SIM_REMOTE_NO_ANSWER))
    {
      remote_answer (conv, answer, known);
      return;
    }
  if (answer == UCWA_SIM_REMOTE_NO_ANSWER)
    {
      if (self->invitation_timeout_ms == 0)
        return;
      delay_ms = self->invitation_timeout_ms;
    }

  conv->remote_answer = answer;
  conv->remote_unknown = !known;
  conv->timeout_source = g_timeout_add (delay_ms, answer_cb, conv);
}

/* POST an outgoing invitation's `cancel` (§10: "fails the outgoing
 * invitation"): before the remote party answered, the invitation completes
 * with a failure and the conversation ends; the remote party's answer never
 * comes.  Inferred (§16): state Cancelled (InvitationState_ref.md), reason
 * LocalFailure/Canceled (ErrorSubcode_ref.md), 409 once it has ended (no
 * `cancel` link is offered then). */
static void
h_cancel_im (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  SimConv *conv = NULL;

  for (guint i = 0; i < self->convs->len && conv == NULL; i++)
    {
      SimConv *candidate = g_ptr_array_index (self->convs, i);

      if (candidate->app == app && candidate->invitation != NULL && candidate->invitation->outgoing &&
          !candidate->meeting && g_str_equal (candidate->invitation->id, req->caps[0]))
        conv = candidate;
    }
  if (conv == NULL)
    {
      sim_reply_not_found (req->msg);
      return;
    }
  if (conv->invitation->completed)
    {
      sim_reply_error (req->msg, 409, "Conflict", "None", "The invitation has already ended.");
      return;
    }

  g_debug ("Outgoing IM %s canceled", conv->thread_id);
  sim_reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);
  g_clear_handle_id (&conv->timeout_source, g_source_remove);
  /* Frees conv. */
  sim_fail_invitation (self, conv, "Cancelled", "LocalFailure", "Canceled", "The invitation was canceled.");
}

/* joinOnlineMeeting */

/* sip:<organizer>;gruu;opaque=app:conf:focus:id:<id> → the meeting, if
 * scheduled and not ended. */
static SimMeeting *
find_meeting (UcwaSimServer *self,
              const char    *uri)
{
  const char      *focus = strstr (uri, FOCUS_PREFIX);
  g_autofree char *organizer = NULL;
  const char      *id;

  if (focus == NULL || g_ascii_strncasecmp (uri, "sip:", 4) != 0)
    return NULL;
  organizer = g_strndup (uri, focus - uri);
  id = focus + strlen (FOCUS_PREFIX);

  for (guint i = 0; i < self->meetings->len; i++)
    {
      SimMeeting *meeting = g_ptr_array_index (self->meetings, i);

      if (!meeting->ended && g_str_equal (meeting->conference_id, id) &&
          g_ascii_strcasecmp (meeting->organizer_uri, organizer) == 0)
        return meeting;
    }
  return NULL;
}

static void
h_join_meeting (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  g_autoptr (JsonObject) input = NULL;
  const char            *uri = NULL;
  const char            *operation_id = NULL;
  SimMeeting            *meeting;
  SimConv               *conv;
  SimInvitation         *invitation;

  if (!sim_parse_json_body (req->msg, req->body, FALSE, &input))
    return;
  if (input != NULL)
    {
      uri = sim_string_member_ci (input, "onlineMeetingUri");
      operation_id = sim_string_member_ci (input, "operationId");
    }
  /* Both may come as query parameters too (joinOnlineMeeting_ref.md). */
  if (uri == NULL)
    uri = g_hash_table_lookup (req->params, "onlineMeetingUri");
  if (operation_id == NULL)
    operation_id = g_hash_table_lookup (req->params, "operationId");

  if (uri == NULL)
    /* "if no onlineMeetingUri is supplied, the user will join a newly
     * created onlineMeeting", organized by the user. */
    meeting = add_meeting (self, app->user->sip_uri, app->user->display_name, NULL, UCWA_SIM_LOBBY_NONE);
  else
    meeting = find_meeting (self, uri);

  if (meeting == NULL)
    {
      sim_reply_error (req->msg, 404, "NotFound", "DestinationNotFound", "The meeting could not be found.");
      return;
    }

  conv = new_outgoing_conv (self, app, meeting->organizer_uri, meeting->organizer_name, TRUE);
  conv->subject = g_strdup ("");
  conv->conference_id = g_strdup (meeting->conference_id);
  conv->meeting_uri = g_strconcat (meeting->organizer_uri, FOCUS_PREFIX, meeting->conference_id, NULL);
  conv->state = "Conferencing";
  conv->messaging_state = "Disconnected";
  invitation = new_outgoing_invitation (conv, "onlineMeetingInvitations", operation_id);
  invitation->join = TRUE;

  g_debug ("Joining meeting %s (%s)", meeting->conference_id, conv->thread_id);

  /* OperationResource.md's started, then the conversation as an accepted
   * meeting's (§9). */
  sim_queue_invitation_event (conv, invitation, "started", FALSE, FALSE);
  sim_queue_conversation_event (conv, "added");
  queue_local_participant (conv);

  reply_created (self, req, app, invitation->href);

  if (meeting->lobby == UCWA_SIM_LOBBY_NONE || self->outgoing_events_first)
    {
      if (meeting->lobby == UCWA_SIM_LOBBY_REFUSES)
        sim_fail_invitation (self, conv, "Failed", "RemoteFailure", "Denied", "You were not admitted to the meeting.");
      else
        sim_join_conference (conv);
      return;
    }

  /* The invitation stays Connecting while the user waits (§9). */
  conv->remote_answer = meeting->lobby == UCWA_SIM_LOBBY_REFUSES ? UCWA_SIM_REMOTE_DECLINES : UCWA_SIM_REMOTE_ACCEPTS;
  sim_enter_lobby (conv);
}

gboolean
ucwa_sim_server_end_meeting (UcwaSimServer *self,
                             const char    *conference_id)
{
  SimMeeting *meeting = NULL;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), FALSE);
  g_return_val_if_fail (conference_id != NULL, FALSE);

  for (guint i = 0; i < self->meetings->len && meeting == NULL; i++)
    {
      SimMeeting *candidate = g_ptr_array_index (self->meetings, i);

      if (!candidate->ended && g_str_equal (candidate->conference_id, conference_id))
        meeting = candidate;
    }
  if (meeting == NULL)
    return FALSE;
  meeting->ended = TRUE;

  for (guint i = self->convs->len; i > 0; i--)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i - 1);

      if (!conv->meeting || conv->app == NULL || g_strcmp0 (conv->conference_id, conference_id) != 0)
        continue;

      if (conv->invitation != NULL && !conv->invitation->completed)
        {
          sim_fail_invitation (self, conv, "Failed", "RemoteFailure", "Ended", "The meeting has ended.");
          continue;
        }
      sim_end_conv (self, conv);
    }

  return TRUE;
}

/* People search */

static gboolean
matches (const char *query_lower,
         const char *name,
         const char *address)
{
  g_autofree char *name_lower = g_utf8_strdown (name != NULL ? name : "", -1);
  g_autofree char *address_lower = g_ascii_strdown (address, -1);

  return strstr (name_lower, query_lower) != NULL || strstr (address_lower, query_lower) != NULL;
}

static void
h_search (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  const char           *query = g_hash_table_lookup (req->params, "query");
  const char           *limit_text = g_hash_table_lookup (req->params, "limit");
  guint64               limit = SEARCH_DEFAULT_LIMIT;
  g_autofree char      *query_lower = NULL;
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char      *self_href = g_strdup_printf ("%s/people/search", app->base);
  JsonObject           *object, *links, *embedded;
  JsonArray            *contacts;
  GHashTableIter        iter;
  gpointer              value;

  if (query == NULL || *query == '\0' || !g_utf8_validate (query, -1, NULL) ||
      g_utf8_strlen (query, -1) > SEARCH_MAX_QUERY)
    {
      sim_reply_parameter_error (req->msg, "query", query == NULL ? "Missing" : "Invalid");
      return;
    }
  if (limit_text != NULL && (!sim_parse_uint (limit_text, SEARCH_MAX_LIMIT, &limit) || limit == 0))
    {
      sim_reply_parameter_error (req->msg, "limit", "Invalid");
      return;
    }

  query_lower = g_utf8_strdown (query, -1);

  /* The directory: the users, then the remote parties, each address once. */
  for (guint i = 0; i < self->users->len; i++)
    {
      SimUser *user = g_ptr_array_index (self->users, i);

      if (matches (query_lower, user->display_name, user->address))
        {
          g_ptr_array_add (found, g_strdup (user->address));
          g_ptr_array_add (found, g_strdup (user->display_name));
        }
    }
  g_hash_table_iter_init (&iter, self->remote_parties);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SimRemoteParty *party = value;

      if (find_user (self, party->address) == NULL && matches (query_lower, party->display_name, party->address))
        {
          g_ptr_array_add (found, g_strdup (party->address));
          g_ptr_array_add (found, g_strdup (party->display_name));
        }
    }

  object = json_object_new ();
  links = json_object_new ();
  embedded = json_object_new ();
  contacts = json_array_new ();
  for (guint i = 0; i + 1 < found->len && i / 2 < limit; i += 2)
    json_array_add_object_element (contacts, sim_json_contact (app, g_ptr_array_index (found, i),
                                                               g_ptr_array_index (found, i + 1)));

  json_object_set_string_member (object, "rel", "search");
  json_object_set_boolean_member (object, "moreResultsAvailable", found->len / 2 > limit);
  sim_links_add (links, "self", self_href, NULL);
  json_object_set_object_member (object, "_links", links);
  json_object_set_array_member (embedded, "contact", contacts);
  json_object_set_object_member (object, "_embedded", embedded);
  sim_reply_json (req->msg, SOUP_STATUS_OK, object);
}

const SimRoute sim_outgoing_routes[] = {
  { "POST", "communication/messagingInvitations", h_start_messaging },
  { "POST", "communication/messagingInvitations/*/cancel", h_cancel_im },
  { "POST", "communication/onlineMeetingInvitations", h_join_meeting },
  { "GET", "people/search", h_search },
  { NULL },
};

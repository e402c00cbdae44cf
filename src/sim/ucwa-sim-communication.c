/* ucwa-sim-communication.c: conversations and incoming invitations (PROTOCOL.md §8–§10)
 *
 * Starting an incoming IM or meeting invitation, offering it to an
 * application with the event sequence of ReceiveAnIM, answering it (accept,
 * decline, and their faults), failing it (cancel, timeout), and the
 * communication, conversation and invitation resources.  The user's wait
 * in a meeting's lobby is ucwa-sim-lobby.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ucwa-sim-private.h"

#define SLOW_ACCEPT_MS 2000
#define SLOW_GET_MS    10000 /* SLOW_RESOURCE_GET: longer than any bound a client puts on it */

typedef struct
{
  UcwaSimServer     *self; /* unowned */
  SoupServerMessage *msg;
  char              *thread_id;
  char              *invitation_id;
  guint              source;
} SlowAccept;

void
sim_invitation_free (SimInvitation *invitation)
{
  if (invitation == NULL)
    return;
  g_free (invitation->id);
  g_free (invitation->href);
  g_free (invitation->operation_id);
  g_free (invitation->foreign_origin);
  g_free (invitation);
}

/* Drops the incarnation of a conversation in its application. */
void
sim_conv_detach (SimConv *conv)
{
  conv->app = NULL;
  g_clear_pointer (&conv->id, g_free);
  g_clear_pointer (&conv->href, g_free);
  g_clear_pointer (&conv->messaging_href, g_free);
  g_clear_pointer (&conv->local_href, g_free);
  g_clear_pointer (&conv->remote_href, g_free);
  g_clear_pointer (&conv->invitation, sim_invitation_free);
  g_clear_pointer (&conv->add_messaging, sim_invitation_free);
  g_clear_pointer (&conv->messages, g_ptr_array_unref);
  conv->remote_typing = FALSE;
}

void
sim_conv_free (SimConv *conv)
{
  g_clear_handle_id (&conv->timeout_source, g_source_remove);
  sim_conv_detach (conv);
  g_free (conv->thread_id);
  g_free (conv->remote_uri);
  g_free (conv->remote_name);
  g_free (conv->remote_key);
  g_free (conv->first_message);
  g_free (conv->subject);
  g_free (conv->conference_id);
  g_free (conv->meeting_uri);
  g_free (conv);
}

static void
slow_accept_free (SlowAccept *slow)
{
  g_clear_handle_id (&slow->source, g_source_remove);
  g_clear_object (&slow->msg);
  g_free (slow->thread_id);
  g_free (slow->invitation_id);
  g_free (slow);
}

SimConv *
sim_find_conv_by_thread (UcwaSimServer *self,
                         const char    *thread_id)
{
  if (thread_id == NULL)
    return NULL;

  for (guint i = 0; i < self->convs->len; i++)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i);

      if (g_str_equal (conv->thread_id, thread_id))
        return conv;
    }

  return NULL;
}

static SimConv *
find_conv (UcwaSimServer *self,
           SimApp        *app,
           const char    *id)
{
  for (guint i = 0; i < self->convs->len; i++)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i);

      if (conv->app == app && g_str_equal (conv->id, id))
        return conv;
    }

  return NULL;
}

static SimInvitation *
find_invitation (UcwaSimServer *self,
                 SimApp        *app,
                 const char    *id,
                 gboolean       meeting_collection,
                 SimConv      **out_conv)
{
  for (guint i = 0; i < self->convs->len; i++)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i);

      if (conv->app != app)
        continue;

      if (conv->invitation != NULL && g_str_equal (conv->invitation->id, id) &&
          conv->meeting == meeting_collection)
        {
          *out_conv = conv;
          return conv->invitation;
        }

      if (conv->add_messaging != NULL && g_str_equal (conv->add_messaging->id, id) && !meeting_collection)
        {
          *out_conv = conv;
          return conv->add_messaging;
        }
    }

  return NULL;
}

void
sim_remove_conv (UcwaSimServer *self,
                 SimConv       *conv)
{
  g_ptr_array_remove (self->convs, conv);
}

/* EVENTS_RESUME_RESET: every conversation of app ends without a word, and
 * the events still queued about them go with them. */
void
sim_drop_conversations (UcwaSimServer *self,
                        SimApp        *app)
{
  for (guint i = self->convs->len; i > 0; i--)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i - 1);

      if (conv->app == app)
        g_ptr_array_remove_index (self->convs, i - 1);
    }
  g_ptr_array_set_size (app->pending, 0);
}

void
sim_queue_conversation_event (SimConv    *conv,
                              const char *type)
{
  SimEvent *event = sim_comm_event (conv->app, "conversation", conv->href, type);

  if (!g_str_equal (type, "deleted"))
    sim_embed (conv, event, "conversation", sim_json_conversation (conv));
  sim_queue_event (conv->app, event);
}

void
sim_queue_invitation_event (SimConv       *conv,
                            SimInvitation *invitation,
                            const char    *type,
                            gboolean       with_actions,
                            gboolean       with_photo)
{
  const char *rel = conv->meeting && (!invitation->outgoing || invitation->join) ? "onlineMeetingInvitation"
                                                                                 : "messagingInvitation";
  SimEvent   *event = sim_comm_event (conv->app, rel, invitation->href, type);

  if (g_str_equal (type, "completed"))
    sim_event_set_status (event, "Success", NULL, NULL, NULL);
  sim_embed (conv, event, rel, sim_json_invitation (conv, invitation, with_actions, with_photo));
  sim_queue_event (conv->app, event);
}

/* A new incarnation of conv in app: its hrefs, no messages yet. */
void
sim_conv_attach (SimConv *conv,
                 SimApp  *app)
{
  conv->app = app;
  conv->id = sim_new_hex_id (conv->server);
  conv->href = g_strdup_printf ("%s/communication/conversations/%s", app->base, conv->id);
  conv->messaging_href = g_strdup_printf ("%s/messaging", conv->href);
  conv->local_href = g_strdup_printf ("%s/participants/%s", conv->href, conv->user->address);
  conv->remote_href = g_strdup_printf ("%s/participants/%s", conv->href, conv->remote_key);
  conv->remote_typing = FALSE;
  conv->next_message = 1;
  conv->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_message_free);
}

/* Offers (or offers again) the invitation of conv to app: §8.1 / §9. */
void
sim_offer_conversation (UcwaSimServer *self,
                        SimConv       *conv,
                        SimApp        *app)
{
  SimInvitation *invitation = g_new0 (SimInvitation, 1);
  SimEvent      *event;

  sim_conv_attach (conv, app);
  conv->state = "Incoming";
  conv->messaging_state = conv->meeting ? "Disconnected" : "Connecting";

  invitation->id = sim_new_guid_id ();
  invitation->href = g_strdup_printf ("%s/communication/%s/%s", app->base,
                                      conv->meeting ? "onlineMeetingInvitations" : "messagingInvitations",
                                      invitation->id);
  invitation->state = "Connecting";
  invitation->missing_links = conv->missing_links;
  if (conv->foreign_link)
    invitation->foreign_origin = sim_make_origin (self, "127.0.0.2");
  conv->invitation = invitation;

  g_debug ("Offering %s invitation %s to application %s",
           conv->meeting ? "meeting" : "IM", conv->thread_id, app->id);

  sim_queue_invitation_event (conv, invitation, "started", TRUE, FALSE);
  sim_queue_conversation_event (conv, "added");

  event = sim_conv_event (conv, "localParticipant", conv->local_href, conv->user->display_name, "added");
  sim_embed (conv, event, "localParticipant", sim_json_participant (conv, TRUE));
  sim_queue_event (app, event);

  if (!conv->meeting)
    {
      sim_queue_event (app, sim_conv_event (conv, "participant", conv->remote_href, conv->remote_name, "added"));
      /* ReceiveAnIM step 10: an updated copy without accept/decline. */
      sim_queue_invitation_event (conv, invitation, "updated", FALSE, TRUE);
    }
}

/* Ends an unanswered invitation with a failure (decline, cancel, timeout)
 * and removes the conversation. */
void
sim_fail_invitation (UcwaSimServer *self,
                     SimConv       *conv,
                     const char    *state,
                     const char    *code,
                     const char    *subcode,
                     const char    *message)
{
  SimInvitation *invitation = conv->invitation;
  const char    *rel = conv->meeting ? "onlineMeetingInvitation" : "messagingInvitation";
  SimEvent      *event;

  if (conv->app == NULL)
    {
      sim_remove_conv (self, conv);
      return;
    }

  invitation->answered = TRUE;
  invitation->completed = TRUE;
  invitation->state = state;

  event = sim_comm_event (conv->app, rel, invitation->href, "completed");
  sim_event_set_status (event, "Failure", code, subcode, message);
  sim_embed (conv, event, rel, sim_json_invitation (conv, invitation, FALSE, TRUE));
  sim_queue_event (conv->app, event);

  if (!g_str_equal (conv->messaging_state, "Disconnected"))
    {
      conv->messaging_state = "Disconnected";
      sim_queue_messaging_updated (conv);
    }

  conv->state = "Disconnected";
  sim_queue_conversation_event (conv, "deleted");
  sim_remove_conv (self, conv);
}

static gboolean
invitation_timeout_cb (gpointer data)
{
  SimConv *conv = data;

  conv->timeout_source = 0;
  if (conv->invitation == NULL || !conv->invitation->answered)
    {
      g_debug ("Invitation %s timed out", conv->thread_id);
      sim_fail_invitation (conv->server, conv, "Failed", "RemoteFailure", "Timeout", "The invitation timed out.");
    }

  return G_SOURCE_REMOVE;
}

static void
accept_im (SimConv *conv)
{
  SimApp          *app = conv->app;
  SimInvitation   *invitation = conv->invitation;
  SimEvent        *event;
  g_autofree char *local_messaging = g_strdup_printf ("%s/messaging", conv->local_href);
  g_autofree char *remote_messaging = g_strdup_printf ("%s/messaging", conv->remote_href);

  /* The order of ReceiveAnIM step 15, then step 16. */
  conv->state = "Connected";
  conv->messaging_state = "Connected";
  sim_queue_messaging_updated (conv);
  sim_queue_conversation_event (conv, "updated");

  event = sim_conv_event (conv, "participantMessaging", local_messaging, NULL, "added");
  sim_event_set_in (event, "localParticipant", conv->local_href, conv->user->display_name);
  sim_embed (conv, event, "participantMessaging", sim_json_participant_messaging (conv, TRUE));
  sim_queue_event (app, event);

  event = sim_conv_event (conv, "participantMessaging", remote_messaging, NULL, "added");
  sim_event_set_in (event, "participant", conv->remote_href, conv->remote_name);
  sim_queue_event (app, event);

  sim_queue_event (app, sim_conv_event (conv, "participant", conv->remote_href, conv->remote_name, "updated"));

  invitation->state = "Connected";
  invitation->completed = TRUE;
  sim_queue_invitation_event (conv, invitation, "completed", FALSE, TRUE);

  /* The invitation's first message is delivered again as a message. */
  if (conv->first_message != NULL && *conv->first_message != '\0')
    sim_queue_message_event (conv, sim_add_message (conv, FALSE, FALSE, conv->first_message, NULL));
  sim_queue_conversation_event (conv, "updated");
}

void
sim_join_conference (SimConv *conv)
{
  SimApp          *app = conv->app;
  SimEvent        *event;
  g_autofree char *meeting_href = g_strdup_printf ("%s/onlineMeeting", conv->href);

  conv->state = "Conferencing";
  sim_queue_conversation_event (conv, "updated");
  conv->state = "Conferenced";
  sim_queue_conversation_event (conv, "updated");

  event = sim_conv_event (conv, "onlineMeeting", meeting_href, NULL, "added");
  sim_event_set_in (event, "conversation", conv->href, NULL);
  sim_embed (conv, event, "onlineMeeting", sim_json_online_meeting (conv));
  sim_queue_event (app, event);

  event = sim_conv_event (conv, "participant", conv->remote_href, conv->remote_name, "added");
  sim_embed (conv, event, "participant", sim_json_participant (conv, FALSE));
  sim_queue_event (app, event);

  /* Accepting a meeting joins no modality: the app must addMessaging. */
  conv->messaging_state = "Disconnected";
  sim_queue_messaging_updated (conv);

  conv->invitation->state = "Connected";
  conv->invitation->completed = TRUE;
  sim_queue_invitation_event (conv, conv->invitation, "completed", FALSE, TRUE);
}

void
sim_complete_accept (UcwaSimServer *self,
                     SimConv       *conv)
{
  g_autofree char *thread_id = g_strdup (conv->thread_id);

  if (conv->meeting)
    sim_join_conference (conv);
  else
    accept_im (conv);

  sim_server_emit (self, SIM_SIGNAL_INVITATION_ANSWERED, thread_id, TRUE);
  sim_autopilot_on_accepted (self, thread_id);
}

static gboolean
slow_accept_cb (gpointer data)
{
  SlowAccept    *slow = data;
  UcwaSimServer *self = slow->self;
  SimConv       *conv = sim_find_conv_by_thread (self, slow->thread_id);

  slow->source = 0;
  self->slow_accepts = g_list_remove (self->slow_accepts, slow);

  if (conv != NULL && conv->app != NULL && conv->invitation != NULL &&
      g_str_equal (conv->invitation->id, slow->invitation_id))
    {
      sim_reply_no_content (slow->msg, SOUP_STATUS_NO_CONTENT);
      soup_server_message_unpause (slow->msg);
      sim_complete_accept (self, conv);
    }
  else
    {
      sim_reply_not_found (slow->msg);
      soup_server_message_unpause (slow->msg);
    }

  slow_accept_free (slow);

  return G_SOURCE_REMOVE;
}

/* The incoming invitation an accept or decline names, if it still waits
 * for an answer; otherwise replies (404, or 409 once answered) and returns
 * NULL. */
static SimInvitation *
find_unanswered (UcwaSimServer *self,
                 SimRequest    *req,
                 SimApp        *app,
                 gboolean       meeting,
                 SimConv      **out_conv)
{
  SimInvitation *invitation = find_invitation (self, app, req->caps[0], meeting, out_conv);

  if (invitation == NULL || invitation->outgoing)
    {
      sim_reply_not_found (req->msg);
      return NULL;
    }

  if (invitation->answered)
    {
      sim_reply_error (req->msg, 409, "Conflict", "None", "The invitation has already been answered.");
      return NULL;
    }

  return invitation;
}

static void
handle_accept (UcwaSimServer *self,
               SimRequest    *req,
               SimApp        *app,
               gboolean       meeting)
{
  SimConv       *conv = NULL;
  SimInvitation *invitation = find_unanswered (self, req, app, meeting, &conv);
  UcwaSimFault   fault;
  guint          status;
  const char    *code;
  const char    *subcode;
  const char    *message;

  if (invitation == NULL)
    return;

  fault = sim_take_fault (self, UCWA_SIM_FAULT_ACCEPT_CALLBACK_CHANNEL_ERROR, UCWA_SIM_FAULT_ACCEPT_NO_COMPLETION);
  if (fault != NO_FAULT)
    g_debug ("Fault %s on accept of %s", ucwa_sim_server_fault_to_string (fault), conv->thread_id);

  if (sim_fault_error (fault, &status, &code, &subcode, &message))
    {
      if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
        soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Retry-After", "1");
      sim_reply_error (req->msg, status, code, subcode, message);
      return;
    }

  invitation->answered = TRUE;
  g_clear_handle_id (&conv->timeout_source, g_source_remove);

  if (fault == UCWA_SIM_FAULT_ACCEPT_SLOW)
    {
      SlowAccept *slow = g_new0 (SlowAccept, 1);

      slow->self = self;
      slow->msg = g_object_ref (req->msg);
      slow->thread_id = g_strdup (conv->thread_id);
      slow->invitation_id = g_strdup (invitation->id);
      slow->source = g_timeout_add (SLOW_ACCEPT_MS, slow_accept_cb, slow);
      self->slow_accepts = g_list_prepend (self->slow_accepts, slow);
      soup_server_message_pause (req->msg);
      return;
    }

  sim_reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);

  if (fault == UCWA_SIM_FAULT_ACCEPT_NO_COMPLETION)
    {
      sim_server_emit (self, SIM_SIGNAL_INVITATION_ANSWERED, conv->thread_id, TRUE);
      return;
    }

  if (meeting && sim_take_fault (self, UCWA_SIM_FAULT_ACCEPT_LOBBY_HOLD, UCWA_SIM_FAULT_ACCEPT_LOBBY_HOLD) != NO_FAULT)
    {
      sim_enter_lobby (conv);
      return;
    }

  sim_complete_accept (self, conv);
}

static void
h_accept_im (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  handle_accept (self, req, app, FALSE);
}

static void
h_accept_meeting (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  handle_accept (self, req, app, TRUE);
}

static const char *decline_reasons[] = {
  "Unknown",
  "Local",
  "Global",
  "MediaAllocationFailure",
  "EncryptionMismatch",
  "IPv6NotSupported",
  "MediaConnectivityFailure",
  "CodecMismatch",
  "UnsupportedMedia",
  "InvalidMediaOffer",
  "InsufficientBandwidth",
  "InsufficientBandwidthRerouteOverPstn",
  NULL,
};

static void
handle_decline (UcwaSimServer *self,
                SimRequest    *req,
                SimApp        *app,
                gboolean       meeting)
{
  SimConv         *conv = NULL;
  SimInvitation   *invitation;
  g_autofree char *thread_id = NULL;

  /* The XML form of the body is tolerated and ignored. */
  if (g_bytes_get_size (req->body) > 0 && !sim_content_type_is (req->msg, "xml"))
    {
      g_autoptr (JsonObject) input = NULL;
      JsonNode              *reason;

      if (!sim_parse_json_body (req->msg, req->body, FALSE, &input))
        return;

      reason = sim_member_ci (input, "reason");
      if (reason != NULL)
        {
          const char *value = sim_string_member_ci (input, "reason");

          if (value == NULL || !g_strv_contains (decline_reasons, value))
            {
              sim_reply_parameter_error (req->msg, "reason", "Invalid");
              return;
            }
        }
    }

  invitation = find_unanswered (self, req, app, meeting, &conv);
  if (invitation == NULL)
    return;

  if (sim_take_fault (self, UCWA_SIM_FAULT_DECLINE_CALLBACK_CHANNEL_ERROR,
                      UCWA_SIM_FAULT_DECLINE_CALLBACK_CHANNEL_ERROR) != NO_FAULT)
    {
      sim_reply_error (req->msg, 500, "ServiceFailure", "CallbackChannelError",
                       "The remote event channel is not reachable");
      return;
    }

  thread_id = g_strdup (conv->thread_id);
  sim_fail_invitation (self, conv, "Declined", "LocalFailure", "Declined", "The invitation was declined.");
  sim_reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);
  sim_server_emit (self, SIM_SIGNAL_INVITATION_ANSWERED, thread_id, FALSE);
}

static void
h_decline_im (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  handle_decline (self, req, app, FALSE);
}

static void
h_decline_meeting (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  handle_decline (self, req, app, TRUE);
}

static void
h_communication_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  sim_reply_json (req->msg, SOUP_STATUS_OK, sim_json_communication (app));
}

static void
h_conversations_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  JsonArray       *array = json_array_new ();
  g_autofree char *href = g_strdup_printf ("%s/communication/conversations", app->base);

  for (guint i = 0; i < self->convs->len; i++)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i);

      if (conv->app == app)
        json_array_add_object_element (array, sim_json_conversation (conv));
    }

  sim_reply_json (req->msg, SOUP_STATUS_OK, sim_json_collection (href, "conversations", "conversation", array));
}

typedef struct
{
  UcwaSimServer     *self; /* unowned: dispose frees this first */
  SoupServerMessage *msg;
  SimApp            *app; /* unowned, looked up again when answering */
  char              *id;
  gboolean           meeting;
  guint              source;
} SlowGet;

static void
slow_get_free (SlowGet *slow)
{
  g_clear_handle_id (&slow->source, g_source_remove);
  g_clear_object (&slow->msg);
  g_free (slow->id);
  g_free (slow);
}

void
sim_cancel_slow_gets (UcwaSimServer *self)
{
  g_list_free_full (g_steal_pointer (&self->slow_gets), (GDestroyNotify) slow_get_free);
}

static void reply_invitation (UcwaSimServer     *self,
                              SoupServerMessage *msg,
                              SimApp            *app,
                              const char        *id,
                              gboolean           meeting);

static gboolean
slow_get_cb (gpointer data)
{
  SlowGet *slow = data;

  slow->source = 0;
  slow->self->slow_gets = g_list_remove (slow->self->slow_gets, slow);
  /* The application may be gone by now: then so is the invitation. */
  if (g_ptr_array_find (slow->self->apps, slow->app, NULL))
    reply_invitation (slow->self, slow->msg, slow->app, slow->id, slow->meeting);
  else
    sim_reply_not_found (slow->msg);
  soup_server_message_unpause (slow->msg);
  slow_get_free (slow);

  return G_SOURCE_REMOVE;
}

static void
reply_invitation (UcwaSimServer     *self,
                  SoupServerMessage *msg,
                  SimApp            *app,
                  const char        *id,
                  gboolean           meeting)
{
  SimConv       *conv = NULL;
  SimInvitation *invitation = find_invitation (self, app, id, meeting, &conv);

  if (invitation == NULL)
    {
      sim_reply_not_found (msg);
      return;
    }

  /* The current capabilities: accept/decline until answered. */
  sim_reply_json (msg, SOUP_STATUS_OK,
                  sim_json_invitation (conv, invitation,
                                       !invitation->answered && !invitation->outgoing, TRUE));
}

static void
handle_invitation_get (UcwaSimServer *self,
                       SimRequest    *req,
                       SimApp        *app,
                       gboolean       meeting)
{
  if (sim_take_fault (self, UCWA_SIM_FAULT_SLOW_RESOURCE_GET, UCWA_SIM_FAULT_SLOW_RESOURCE_GET) != NO_FAULT)
    {
      SlowGet *slow = g_new0 (SlowGet, 1);

      slow->self = self;
      slow->msg = g_object_ref (req->msg);
      slow->app = app;
      slow->id = g_strdup (req->caps[0]);
      slow->meeting = meeting;
      slow->source = g_timeout_add (SLOW_GET_MS, slow_get_cb, slow);
      self->slow_gets = g_list_prepend (self->slow_gets, slow);
      soup_server_message_pause (req->msg);
      return;
    }

  reply_invitation (self, req->msg, app, req->caps[0], meeting);
}

static void
h_invitation_im_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  handle_invitation_get (self, req, app, FALSE);
}

static void
h_invitation_meeting_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  handle_invitation_get (self, req, app, TRUE);
}

SimConv *
sim_req_conv (UcwaSimServer *self,
              SimRequest    *req,
              SimApp        *app)
{
  SimConv *conv = find_conv (self, app, req->caps[0]);

  if (conv == NULL)
    sim_reply_not_found (req->msg);

  return conv;
}

static void
h_conversation_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  SimConv *conv = sim_req_conv (self, req, app);

  if (conv != NULL)
    sim_reply_json (req->msg, SOUP_STATUS_OK, sim_json_conversation (conv));
}

static void
h_conversation_delete (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  SimConv         *conv = sim_req_conv (self, req, app);
  g_autofree char *thread_id = NULL;

  if (conv == NULL)
    return;

  thread_id = g_strdup (conv->thread_id);
  sim_reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);

  if (conv->invitation != NULL && !conv->invitation->answered)
    {
      /* Leaving before answering is declining. */
      sim_fail_invitation (self, conv, "Declined", "LocalFailure", "Declined", "The invitation was declined.");
      sim_server_emit (self, SIM_SIGNAL_INVITATION_ANSWERED, thread_id, FALSE);
      return;
    }

  if (conv->invitation != NULL && !conv->invitation->completed)
    {
      /* Leaving the lobby: the join ends unadmitted. */
      sim_fail_invitation (self, conv, "Cancelled", "LocalFailure", "Canceled", "You left the lobby.");
      return;
    }

  sim_end_conv (self, conv);
}

/* The conversation ends for the user: messaging Disconnected, the
 * conversation deleted, and gone (frees conv). */
void
sim_end_conv (UcwaSimServer *self,
              SimConv       *conv)
{
  if (!g_str_equal (conv->messaging_state, "Disconnected"))
    {
      conv->messaging_state = "Disconnected";
      sim_queue_messaging_updated (conv);
    }
  conv->state = "Disconnected";
  sim_queue_conversation_event (conv, "deleted");
  sim_remove_conv (self, conv);
}

SimApp *
sim_pick_app (UcwaSimServer *self,
              const char    *to_user)
{
  for (guint u = 0; u < self->users->len; u++)
    {
      SimUser    *user = g_ptr_array_index (self->users, u);
      const char *wanted = to_user;

      if (wanted != NULL)
        {
          if (g_ascii_strncasecmp (wanted, "sip:", 4) == 0)
            wanted += 4;
          if (g_ascii_strcasecmp (wanted, user->address) != 0 && g_ascii_strcasecmp (wanted, user->local) != 0)
            continue;
        }

      /* The newest available application: the one most likely alive. */
      for (guint i = self->apps->len; i > 0; i--)
        {
          SimApp *app = g_ptr_array_index (self->apps, i - 1);

          if (app->user == user && app->available)
            return app;
        }

      if (to_user != NULL)
        return NULL;
    }

  return NULL;
}

char *
sim_new_conference_id (void)
{
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  char              id[9];

  for (guint i = 0; i < 8; i++)
    id[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  id[8] = '\0';

  return g_strdup (id);
}

/* COMPLETED_ONLY_INVITATION: the inviter gave up before the P-GET was
 * released, and the server merged the invitation's events into the last
 * (§6.3 "a quick operation may produce only completed"). */
static void
drop_queued_invitation_events (SimApp        *app,
                               SimInvitation *invitation)
{
  for (guint i = app->pending->len; i > 0; i--)
    {
      SimEvent *event = g_ptr_array_index (app->pending, i - 1);

      if (g_strcmp0 (event->link_href, invitation->href) == 0)
        g_ptr_array_remove_index (app->pending, i - 1);
    }
}

char *
sim_start_invitation (UcwaSimServer *self,
                      const char    *to_user,
                      const char    *from_uri,
                      const char    *from_name,
                      const char    *text,
                      gboolean       meeting)
{
  SimApp     *app;
  SimConv    *conv;
  const char *address;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), NULL);
  g_return_val_if_fail (from_uri != NULL, NULL);

  sim_expire_inactive (self);
  app = sim_pick_app (self, to_user);
  if (app == NULL)
    return NULL;

  address = g_ascii_strncasecmp (from_uri, "sip:", 4) == 0 ? from_uri + 4 : from_uri;

  conv = g_new0 (SimConv, 1);
  conv->server = self;
  conv->thread_id = sim_new_thread_id ();
  conv->user = app->user;
  conv->meeting = meeting;
  conv->remote_uri = g_strconcat ("sip:", address, NULL);
  /* The address is a path segment of the participant hrefs. */
  conv->remote_key = g_strcanon (g_strdup (*address != '\0' ? address : "unknown"),
                                 "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@.-_+", '_');
  conv->remote_name = g_strdup (from_name != NULL && *from_name != '\0' ? from_name : address);
  if (meeting)
    {
      conv->subject = g_strdup (text != NULL ? text : "");
      conv->conference_id = sim_new_conference_id ();
      conv->meeting_uri = g_strdup_printf ("%s;gruu;opaque=app:conf:focus:id:%s", conv->remote_uri, conv->conference_id);
    }
  else
    {
      conv->subject = g_strdup ("");
      conv->first_message = g_strdup (text != NULL ? text : "");
    }

  conv->foreign_link = sim_take_fault (self, UCWA_SIM_FAULT_FOREIGN_LINK, UCWA_SIM_FAULT_FOREIGN_LINK) != NO_FAULT;
  conv->missing_links = sim_take_fault (self, UCWA_SIM_FAULT_MISSING_LINKS, UCWA_SIM_FAULT_MISSING_LINKS) != NO_FAULT;
  conv->link_only = sim_take_fault (self, UCWA_SIM_FAULT_LINK_ONLY_EVENTS, UCWA_SIM_FAULT_LINK_ONLY_EVENTS) != NO_FAULT;

  g_ptr_array_add (self->convs, conv);
  sim_offer_conversation (self, conv, app);

  if (sim_take_fault (self, UCWA_SIM_FAULT_COMPLETED_ONLY_INVITATION, UCWA_SIM_FAULT_COMPLETED_ONLY_INVITATION) != NO_FAULT)
    {
      char *thread_id = g_strdup (conv->thread_id);

      drop_queued_invitation_events (app, conv->invitation);
      /* Frees conv. */
      sim_fail_invitation (self, conv, "Cancelled", "RemoteFailure", "Canceled", "The invitation was canceled.");
      return thread_id;
    }

  if (self->invitation_timeout_ms > 0)
    conv->timeout_source = g_timeout_add (self->invitation_timeout_ms, invitation_timeout_cb, conv);

  return g_strdup (conv->thread_id);
}

/* Abandons the accepts held back by ACCEPT_SLOW (the server going away). */
void
sim_cancel_slow_accepts (UcwaSimServer *self)
{
  g_list_free_full (g_steal_pointer (&self->slow_accepts), (GDestroyNotify) slow_accept_free);
}

const SimRoute sim_communication_routes[] = {
  { "GET", "communication", h_communication_get },
  { "GET", "communication/conversations", h_conversations_get },
  { "GET", "communication/messagingInvitations/*", h_invitation_im_get },
  { "POST", "communication/messagingInvitations/*/accept", h_accept_im },
  { "POST", "communication/messagingInvitations/*/decline", h_decline_im },
  { "GET", "communication/onlineMeetingInvitations/*", h_invitation_meeting_get },
  { "POST", "communication/onlineMeetingInvitations/*/accept", h_accept_meeting },
  { "POST", "communication/onlineMeetingInvitations/*/decline", h_decline_meeting },
  { "GET", "communication/conversations/*", h_conversation_get },
  { "DELETE", "communication/conversations/*", h_conversation_delete },
  { NULL },
};

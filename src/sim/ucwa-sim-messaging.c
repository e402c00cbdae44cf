/* ucwa-sim-messaging.c: the messaging modality of a conversation (PROTOCOL.md §12)
 *
 * Messages both ways, typing, stopMessaging and addMessaging, and the
 * participants and onlineMeeting resources of a conversation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ucwa-sim-private.h"

void
sim_message_free (SimMessage *message)
{
  g_free (message->href);
  g_free (message->text);
  g_free (message->operation_id);
  g_free (message);
}

SimMessage *
sim_add_message (SimConv    *conv,
                 gboolean    outgoing,
                 gboolean    html,
                 const char *text,
                 const char *operation_id)
{
  SimMessage *message = g_new0 (SimMessage, 1);

  message->number = conv->next_message++;
  message->href = g_strdup_printf ("%s/messages/%u", conv->messaging_href, message->number);
  message->outgoing = outgoing;
  message->html = html;
  message->text = g_strdup (text);
  message->operation_id = g_strdup (operation_id);
  message->timestamp_ms = sim_now_ms ();
  g_ptr_array_add (conv->messages, message);

  return message;
}

void
sim_queue_message_event (SimConv    *conv,
                         SimMessage *message)
{
  SimEvent *event = sim_conv_event (conv, "message", message->href, NULL, "completed");

  sim_event_set_status (event, "Success", NULL, NULL, NULL);
  sim_embed (conv, event, "message", sim_json_message (conv, message));
  sim_queue_event (conv->app, event);
}

void
sim_queue_messaging_updated (SimConv *conv)
{
  SimEvent *event = sim_conv_event (conv, "messaging", conv->messaging_href, NULL, "updated");

  sim_embed (conv, event, "messaging", sim_json_messaging (conv));
  sim_queue_event (conv->app, event);
}

void
sim_queue_typing_event (SimConv    *conv,
                        const char *type)
{
  SimEvent        *event = sim_conv_event (conv, "participant", conv->remote_href, conv->remote_name, type);
  g_autofree char *in = g_strdup_printf ("%s/typingParticipants", conv->messaging_href);

  sim_event_set_in (event, "typingParticipants", in, NULL);
  sim_queue_event (conv->app, event);
}

static void
h_messaging_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  SimConv *conv = sim_req_conv (self, req, app);

  if (conv != NULL)
    sim_reply_json (req->msg, SOUP_STATUS_OK, sim_json_messaging (conv));
}

static gboolean
require_messaging (SimConv           *conv,
                   SoupServerMessage *msg)
{
  if (g_str_equal (conv->messaging_state, "Connected"))
    return TRUE;

  sim_reply_error (msg, 409, "Conflict", "None", "The messaging modality is not connected.");
  return FALSE;
}

static void
h_send_message (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  SimConv         *conv = sim_req_conv (self, req, app);
  const char      *type;
  const char      *operation_id;
  g_autofree char *text = NULL;
  gsize            len = 0;
  const char      *data;
  gboolean         html;
  SimMessage      *message;

  if (conv == NULL || !require_messaging (conv, req->msg))
    return;

  type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (req->msg), NULL);
  if (type != NULL && g_ascii_strcasecmp (type, "text/plain") != 0 && g_ascii_strcasecmp (type, "text/html") != 0)
    {
      sim_reply_error (req->msg, 415, "UnsupportedMediaType", "UnsupportedMediaType",
                       "sendMessage takes text/plain or text/html.");
      return;
    }
  html = type != NULL && g_ascii_strcasecmp (type, "text/html") == 0;

  data = g_bytes_get_data (req->body, &len);
  if (len == 0)
    {
      sim_reply_parameter_error (req->msg, "message", "Missing");
      return;
    }
  text = g_strndup (data, len);
  if (strlen (text) != len || !g_utf8_validate (text, -1, NULL))
    {
      sim_reply_parameter_error (req->msg, "message", "Invalid");
      return;
    }

  /* §14.5: operationId per the reference, OperationContext per the traces. */
  operation_id = g_hash_table_lookup (req->params, "operationId");
  if (operation_id == NULL)
    operation_id = g_hash_table_lookup (req->params, "operationContext");

  message = sim_add_message (conv, TRUE, html, text, operation_id);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Location", message->href);
  sim_reply_no_content (req->msg, SOUP_STATUS_CREATED);
  /* Lost on the way: taken, never completed, never received. */
  if (sim_take_fault (self, UCWA_SIM_FAULT_SEND_MESSAGE_NO_COMPLETION, UCWA_SIM_FAULT_SEND_MESSAGE_NO_COMPLETION) !=
      NO_FAULT)
    return;
  sim_queue_message_event (conv, message);

  {
    g_autofree char *thread_id = g_strdup (conv->thread_id);

    sim_server_emit (self, SIM_SIGNAL_MESSAGE_RECEIVED, thread_id, text);
    sim_autopilot_on_message (self, thread_id);
  }
}

static void
h_message_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  SimConv *conv = sim_req_conv (self, req, app);
  guint64  number;

  if (conv == NULL)
    return;

  if (sim_parse_uint (req->caps[1], G_MAXUINT32, &number))
    {
      for (guint i = 0; i < conv->messages->len; i++)
        {
          SimMessage *message = g_ptr_array_index (conv->messages, i);

          if (message->number == number)
            {
              sim_reply_json (req->msg, SOUP_STATUS_OK, sim_json_message (conv, message));
              return;
            }
        }
    }

  sim_reply_not_found (req->msg);
}

static void
h_set_is_typing (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  SimConv *conv = sim_req_conv (self, req, app);

  if (conv == NULL || !require_messaging (conv, req->msg))
    return;

  sim_reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);
  sim_server_emit (self, SIM_SIGNAL_TYPING_RECEIVED, conv->thread_id);
}

static void
h_stop_messaging (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  SimConv *conv = sim_req_conv (self, req, app);

  if (conv == NULL)
    return;

  if (g_str_equal (conv->messaging_state, "Disconnected"))
    {
      sim_reply_error (req->msg, 409, "Conflict", "None", "The messaging modality is not connected.");
      return;
    }

  sim_reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);
  if (conv->remote_typing)
    {
      conv->remote_typing = FALSE;
      sim_queue_typing_event (conv, "deleted");
    }
  conv->messaging_state = "Disconnected";
  sim_queue_messaging_updated (conv);
}

static void
h_add_messaging (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  SimConv               *conv = sim_req_conv (self, req, app);
  g_autoptr (JsonObject) input = NULL;
  g_autofree char       *text = NULL;
  const char            *operation_id;
  SimInvitation         *invitation;
  SimEvent              *event;

  if (conv == NULL)
    return;

  if (g_str_equal (conv->state, "Incoming") || g_str_equal (conv->state, "Conferencing"))
    {
      sim_reply_error (req->msg, 409, "Conflict", "None", "The conversation has not been joined yet.");
      return;
    }
  if (!g_str_equal (conv->messaging_state, "Disconnected"))
    {
      sim_reply_error (req->msg, 409, "Conflict", "AlreadyExists", "The messaging modality is already active.");
      return;
    }

  if (!sim_parse_json_body (req->msg, req->body, FALSE, &input))
    return;

  operation_id = g_hash_table_lookup (req->params, "operationId");
  if (input != NULL)
    {
      JsonNode *links = sim_member_ci (input, "_links");

      if (sim_member_ci (input, "operationId") != NULL)
        operation_id = sim_string_member_ci (input, "operationId");

      if (links != NULL && JSON_NODE_HOLDS_OBJECT (links))
        {
          JsonNode *link = sim_member_ci (json_node_get_object (links), "message");

          if (link != NULL && JSON_NODE_HOLDS_OBJECT (link))
            {
              const char *href = sim_string_member_ci (json_node_get_object (link), "href");

              text = sim_data_uri_decode (href);
              if (text == NULL)
                {
                  sim_reply_parameter_error (req->msg, "message", "Invalid");
                  return;
                }
            }
        }
    }

  invitation = g_new0 (SimInvitation, 1);
  invitation->id = sim_new_guid_id ();
  invitation->href = g_strdup_printf ("%s/communication/messagingInvitations/%s", app->base, invitation->id);
  invitation->outgoing = TRUE;
  invitation->answered = TRUE;
  invitation->state = "Connecting";
  invitation->operation_id = g_strdup (operation_id);
  g_clear_pointer (&conv->add_messaging, sim_invitation_free);
  conv->add_messaging = invitation;

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Location", invitation->href);
  sim_reply_no_content (req->msg, SOUP_STATUS_CREATED);

  /* addMessaging_ref.md: an outgoing invitation that runs started → completed
   * while messaging goes Connecting → Connected. */
  sim_queue_invitation_event (conv, invitation, "started", FALSE, FALSE);
  conv->messaging_state = "Connecting";
  sim_queue_messaging_updated (conv);
  conv->messaging_state = "Connected";
  sim_queue_messaging_updated (conv);

  {
    g_autofree char *local_messaging = g_strdup_printf ("%s/messaging", conv->local_href);

    event = sim_conv_event (conv, "participantMessaging", local_messaging, NULL, "added");
  }
  sim_event_set_in (event, "localParticipant", conv->local_href, conv->user->display_name);
  sim_embed (conv, event, "participantMessaging", sim_json_participant_messaging (conv, TRUE));
  sim_queue_event (app, event);

  invitation->state = "Connected";
  invitation->completed = TRUE;
  sim_queue_invitation_event (conv, invitation, "completed", FALSE, FALSE);

  if (text != NULL && *text != '\0')
    {
      g_autofree char *thread_id = g_strdup (conv->thread_id);

      sim_queue_message_event (conv, sim_add_message (conv, TRUE, FALSE, text, operation_id));
      sim_server_emit (self, SIM_SIGNAL_MESSAGE_RECEIVED, thread_id, text);
    }
}

static void
h_typing_participants_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  SimConv         *conv = sim_req_conv (self, req, app);
  JsonArray       *array;
  g_autofree char *href = NULL;

  if (conv == NULL)
    return;

  array = json_array_new ();
  if (conv->remote_typing)
    json_array_add_object_element (array, sim_json_participant (conv, FALSE));
  href = g_strdup_printf ("%s/typingParticipants", conv->messaging_href);
  sim_reply_json (req->msg, SOUP_STATUS_OK, sim_json_collection (href, "typingParticipants", "participant", array));
}

static void
h_participants_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  SimConv         *conv = sim_req_conv (self, req, app);
  JsonArray       *array;
  g_autofree char *href = NULL;

  if (conv == NULL)
    return;

  array = json_array_new ();
  json_array_add_object_element (array, sim_json_participant (conv, FALSE));
  href = g_strdup_printf ("%s/participants", conv->href);
  sim_reply_json (req->msg, SOUP_STATUS_OK, sim_json_collection (href, "participants", "participant", array));
}

static int
participant_kind (SimConv    *conv,
                  const char *key)
{
  if (g_ascii_strcasecmp (key, conv->user->address) == 0)
    return 1;
  if (g_ascii_strcasecmp (key, conv->remote_key) == 0)
    return 2;
  return 0;
}

static void
h_participant_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  SimConv *conv = sim_req_conv (self, req, app);
  int      kind;

  if (conv == NULL)
    return;

  kind = participant_kind (conv, req->caps[1]);
  if (kind == 0)
    sim_reply_not_found (req->msg);
  else
    sim_reply_json (req->msg, SOUP_STATUS_OK, sim_json_participant (conv, kind == 1));
}

static void
h_participant_messaging_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  SimConv *conv = sim_req_conv (self, req, app);
  int      kind;

  if (conv == NULL)
    return;

  kind = participant_kind (conv, req->caps[1]);
  if (kind == 0 || !g_str_equal (conv->messaging_state, "Connected"))
    sim_reply_not_found (req->msg);
  else
    sim_reply_json (req->msg, SOUP_STATUS_OK, sim_json_participant_messaging (conv, kind == 1));
}

static void
h_online_meeting_get (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  SimConv *conv = sim_req_conv (self, req, app);

  if (conv == NULL)
    return;

  if (!conv->meeting || !g_str_equal (conv->state, "Conferenced"))
    sim_reply_not_found (req->msg);
  else
    sim_reply_json (req->msg, SOUP_STATUS_OK, sim_json_online_meeting (conv));
}

const SimRoute sim_messaging_routes[] = {
  { "GET", "communication/conversations/*/messaging", h_messaging_get },
  { "POST", "communication/conversations/*/messaging/messages", h_send_message },
  { "GET", "communication/conversations/*/messaging/messages/*", h_message_get },
  { "POST", "communication/conversations/*/messaging/typing", h_set_is_typing },
  { "POST", "communication/conversations/*/messaging/terminate", h_stop_messaging },
  { "POST", "communication/conversations/*/messaging/addMessaging", h_add_messaging },
  { "GET", "communication/conversations/*/messaging/typingParticipants", h_typing_participants_get },
  { "GET", "communication/conversations/*/participants", h_participants_get },
  { "GET", "communication/conversations/*/participants/*", h_participant_get },
  { "GET", "communication/conversations/*/participants/*/messaging", h_participant_messaging_get },
  { "GET", "communication/conversations/*/onlineMeeting", h_online_meeting_get },
  { NULL },
};

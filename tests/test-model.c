/* test-model.c: UcwaModel fed with event-channel responses
 *
 * The incoming-IM test replays the ReceiveAnIM trace of the UCWA docs
 * (samples/docs/receiveim-08…16, strict copies from samples/repaired/ where
 * the docs' JSON is broken).  The other tests build responses after the
 * shapes of PROTOCOL.md §6.2, §8, §9 and §12.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "ucwa-enums.h"
#include "ucwa-event.h"
#include "ucwa-model.h"

#define HOST "https://lyncweb.contoso.com"

/* The ReceiveAnIM trace. */
#define APP104          "/ucwa/oauth/v1/applications/104"
#define IM_INVITATION   APP104 "/communication/messagingInvitations/6408"
#define IM_CONVERSATION APP104 "/communication/conversations/eee0"

/* Constructed sequences, in another application. */
#define APP  "/ucwa/oauth/v1/applications/200"
#define COMM APP "/communication"

typedef struct
{
  UcwaModel *model;
  GUri      *base;
  GPtrArray *invitations_added;
  GPtrArray *invitations_completed;
  GPtrArray *conversations_added;
  GPtrArray *conversations_removed;
  GPtrArray *messages_added; /* the messages; their conversation is checked on emission */
} Fixture;

static void
on_invitation_added (UcwaModel      *model,
                     UcwaInvitation *invitation,
                     Fixture        *f)
{
  g_assert_true (UCWA_IS_INVITATION (invitation));
  /* Listed by the time it is announced. */
  g_assert_true (ucwa_model_lookup_invitation (model, ucwa_invitation_get_href (invitation)) == invitation);
  g_ptr_array_add (f->invitations_added, g_object_ref (invitation));
}

static void
on_invitation_completed (UcwaModel      *model,
                         UcwaInvitation *invitation,
                         Fixture        *f)
{
  g_assert_cmpint (ucwa_invitation_get_status (invitation), !=, UCWA_INVITATION_STATUS_PENDING);
  g_assert_false (ucwa_invitation_is_answerable (invitation));
  g_ptr_array_add (f->invitations_completed, g_object_ref (invitation));
}

static void
on_conversation_added (UcwaModel        *model,
                       UcwaConversation *conversation,
                       Fixture          *f)
{
  g_assert_true (ucwa_model_lookup_conversation (model, ucwa_conversation_get_href (conversation)) == conversation);
  g_ptr_array_add (f->conversations_added, g_object_ref (conversation));
}

static void
on_conversation_removed (UcwaModel        *model,
                         UcwaConversation *conversation,
                         Fixture          *f)
{
  g_assert_cmpint (ucwa_conversation_get_state (conversation), ==, UCWA_CONVERSATION_STATE_DISCONNECTED);
  g_assert_null (ucwa_model_lookup_conversation (model, ucwa_conversation_get_href (conversation)));
  g_ptr_array_add (f->conversations_removed, g_object_ref (conversation));
}

static void
on_message_added (UcwaModel        *model,
                  UcwaConversation *conversation,
                  UcwaMessage      *message,
                  Fixture          *f)
{
  GListModel             *messages = ucwa_conversation_get_messages (conversation);
  guint                   n = g_list_model_get_n_items (messages);
  g_autoptr (UcwaMessage) last = g_list_model_get_item (messages, n - 1);

  g_assert_true (last == message);
  g_ptr_array_add (f->messages_added, g_object_ref (message));
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->base = g_uri_parse (HOST APP104 "/events?ack=1", G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);

  f->model = ucwa_model_new ();
  ucwa_model_set_base_uri (f->model, f->base);

  f->invitations_added = g_ptr_array_new_with_free_func (g_object_unref);
  f->invitations_completed = g_ptr_array_new_with_free_func (g_object_unref);
  f->conversations_added = g_ptr_array_new_with_free_func (g_object_unref);
  f->conversations_removed = g_ptr_array_new_with_free_func (g_object_unref);
  f->messages_added = g_ptr_array_new_with_free_func (g_object_unref);

  g_signal_connect (f->model, "invitation-added", G_CALLBACK (on_invitation_added), f);
  g_signal_connect (f->model, "invitation-completed", G_CALLBACK (on_invitation_completed), f);
  g_signal_connect (f->model, "conversation-added", G_CALLBACK (on_conversation_added), f);
  g_signal_connect (f->model, "conversation-removed", G_CALLBACK (on_conversation_removed), f);
  g_signal_connect (f->model, "message-added", G_CALLBACK (on_message_added), f);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_object_add_weak_pointer (G_OBJECT (f->model), (gpointer *) &f->model);
  g_object_unref (f->model);
  g_assert_null (f->model);

  g_ptr_array_unref (f->invitations_added);
  g_ptr_array_unref (f->invitations_completed);
  g_ptr_array_unref (f->conversations_added);
  g_ptr_array_unref (f->conversations_removed);
  g_ptr_array_unref (f->messages_added);
  g_uri_unref (f->base);
}

/* Helpers */

static UcwaEventBatch *
parse_batch_text (Fixture    *f,
                  const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError)     error = NULL;
  UcwaEventBatch        *batch;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  batch = ucwa_event_batch_parse (json_parser_get_root (parser), f->base, &error);
  g_assert_no_error (error);
  g_assert_nonnull (batch);

  return batch;
}

static UcwaEventBatch *
load_sample (Fixture    *f,
             const char *relative_path)
{
  g_autofree char   *path = NULL;
  g_autofree char   *text = NULL;
  g_autoptr (GError) error = NULL;

  path = g_test_build_filename (G_TEST_DIST, "data", "samples", relative_path, NULL);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return parse_batch_text (f, text);
}

/* Constructed responses are written with single quotes, for legibility:
 * senders is the content of the `sender` array. */
static UcwaEventBatch *
make_batch (Fixture    *f,
            const char *senders)
{
  g_autofree char *quoted = g_strdup (senders);
  g_autofree char *text = NULL;

  g_strdelimit (quoted, "'", '"');
  text = g_strdup_printf ("{\"_links\":{\"self\":{\"href\":\"%s/events?ack=7\"},"
                          "\"next\":{\"href\":\"%s/events?ack=8\"}},"
                          "\"sender\":[%s]}",
                          APP, APP, quoted);
  return parse_batch_text (f, text);
}

static void
apply_senders (Fixture    *f,
               const char *senders)
{
  g_autoptr (UcwaEventBatch) batch = make_batch (f, senders);

  ucwa_model_apply_batch (f->model, batch);
}

static void
assert_no_event_wants_resource (Fixture        *f,
                                UcwaEventBatch *batch)
{
  for (guint i = 0; i < batch->events->len; i++)
    g_assert_false (ucwa_model_event_wants_resource (f->model, g_ptr_array_index (batch->events, i)));
}

static guint
n_items (GListModel *list)
{
  return g_list_model_get_n_items (list);
}

static gpointer
item (GListModel *list,
      guint       position)
{
  gpointer object = g_list_model_get_item (list, position);

  /* The list keeps its reference: tests look, they do not hold. */
  g_object_unref (object);
  return object;
}

static UcwaEvent *
new_event (UcwaEventType type,
           const char   *sender_rel,
           const char   *sender_href,
           const char   *rel,
           const char   *href,
           const char   *title)
{
  UcwaEvent *event = g_new0 (UcwaEvent, 1);

  event->type = type;
  event->sender_rel = g_strdup (sender_rel);
  event->sender_href = g_strdup (sender_href);
  event->rel = g_strdup (rel);
  event->href = g_strdup (href);
  event->title = g_strdup (title);

  return event;
}

static JsonObject *
object_from_squotes (const char *text)
{
  g_autofree char       *quoted = g_strdup (text);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError)     error = NULL;

  g_strdelimit (quoted, "'", '"');
  json_parser_load_from_data (parser, quoted, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* (1) The incoming IM of the ReceiveAnIM trace, response by response. */
static void
test_receive_im_trace (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (UcwaEventBatch) ack2 = NULL;
  g_autoptr (UcwaEventBatch) ack3 = NULL;
  g_autoptr (UcwaEventBatch) ack4 = NULL;
  g_autoptr (UcwaEventBatch) ack5 = NULL;
  g_autoptr (UcwaEventBatch) ack6 = NULL;
  UcwaInvitation            *invitation;
  UcwaConversation          *conversation;
  UcwaParticipant           *participant;
  UcwaMessage               *message;
  guint                      title_notifies = 0;

  /* ack=2: invitation started, conversation added, localParticipant added */
  ack2 = load_sample (f, "repaired/receiveim-08-events-response-ack2-messagingInvitation-started.repaired.json");
  assert_no_event_wants_resource (f, ack2);
  ucwa_model_apply_batch (f->model, ack2);

  g_assert_cmpuint (f->invitations_added->len, ==, 1);
  invitation = g_ptr_array_index (f->invitations_added, 0);
  g_assert_cmpstr (ucwa_invitation_get_href (invitation), ==, HOST IM_INVITATION);
  g_assert_cmpint (ucwa_invitation_get_kind (invitation), ==, UCWA_INVITATION_KIND_MESSAGING);
  g_assert_cmpint (ucwa_invitation_get_direction (invitation), ==, UCWA_DIRECTION_INCOMING);
  g_assert_cmpint (ucwa_invitation_get_status (invitation), ==, UCWA_INVITATION_STATUS_PENDING);
  g_assert_cmpstr (ucwa_invitation_get_state (invitation), ==, "Connecting");
  g_assert_cmpstr (ucwa_invitation_get_from_name (invitation), ==, "Lene Aaling");
  g_assert_cmpstr (ucwa_invitation_get_from_uri (invitation), ==, "sip:lenea@contoso.com");
  g_assert_cmpstr (ucwa_invitation_get_message (invitation), ==, "Hi Tosh");
  g_assert_cmpstr (ucwa_invitation_get_subject (invitation), ==, "");
  g_assert_cmpstr (ucwa_invitation_get_importance (invitation), ==, "Normal");
  g_assert_cmpstr (ucwa_invitation_get_thread_id (invitation), ==, "Ac7bUftwUcVMzgTzRl+OQchCsUn35Q==");
  g_assert_cmpstr (ucwa_invitation_get_conversation_href (invitation), ==, HOST IM_CONVERSATION);
  g_assert_cmpstr (ucwa_invitation_get_accept_href (invitation), ==, HOST IM_INVITATION "/accept");
  g_assert_cmpstr (ucwa_invitation_get_decline_href (invitation), ==, HOST IM_INVITATION "/decline");
  g_assert_null (ucwa_invitation_get_online_meeting_uri (invitation));
  g_assert_true (ucwa_invitation_is_answerable (invitation));
  g_assert_cmpuint (n_items (ucwa_model_get_invitations (f->model)), ==, 1);

  g_assert_cmpuint (f->conversations_added->len, ==, 1);
  conversation = g_ptr_array_index (f->conversations_added, 0);
  g_assert_true (ucwa_model_lookup_conversation (f->model, HOST IM_CONVERSATION) == conversation);
  g_assert_cmpint (ucwa_conversation_get_state (conversation), ==, UCWA_CONVERSATION_STATE_INCOMING);
  g_assert_cmpstr (ucwa_conversation_get_thread_id (conversation), ==, "Ac7bUftwUcVMzgTzRl+OQchCsUn35Q==");
  g_assert_cmpstr (ucwa_conversation_get_messaging_href (conversation), ==, HOST IM_CONVERSATION "/messaging");
  g_assert_cmpint (ucwa_conversation_get_messaging_state (conversation), ==, UCWA_MODALITY_STATE_DISCONNECTED);
  g_assert_null (ucwa_conversation_get_send_message_href (conversation));
  /* The local participant is no roster member. */
  g_assert_cmpuint (n_items (ucwa_conversation_get_participants (conversation)), ==, 0);
  g_assert_cmpstr (ucwa_conversation_get_title (conversation), ==, "");
  g_signal_connect (conversation, "notify::title", G_CALLBACK (count_notify), &title_notifies);

  /* ack=3: the remote participant, link with title only */
  ack3 = load_sample (f, "docs/receiveim-09-events-response-ack3-participant-added-body.json");
  assert_no_event_wants_resource (f, ack3);
  ucwa_model_apply_batch (f->model, ack3);
  g_assert_cmpuint (n_items (ucwa_conversation_get_participants (conversation)), ==, 1);
  participant = item (ucwa_conversation_get_participants (conversation), 0);
  g_assert_cmpstr (ucwa_participant_get_name (participant), ==, "Lene Aaling");
  g_assert_false (ucwa_participant_get_local (participant));
  g_assert_cmpstr (ucwa_conversation_get_title (conversation), ==, "Lene Aaling");
  g_assert_cmpuint (title_notifies, ==, 1);

  /* ack=4: invitation updated without accept/decline: the cached ones stay */
  ack4 = load_sample (f, "docs/receiveim-10-events-response-ack4-messagingInvitation-updated-body.json");
  assert_no_event_wants_resource (f, ack4);
  ucwa_model_apply_batch (f->model, ack4);
  g_assert_cmpuint (f->invitations_added->len, ==, 1);
  g_assert_cmpstr (ucwa_invitation_get_accept_href (invitation), ==, HOST IM_INVITATION "/accept");
  g_assert_cmpstr (ucwa_invitation_get_decline_href (invitation), ==, HOST IM_INVITATION "/decline");
  g_assert_true (ucwa_invitation_is_answerable (invitation));
  g_assert_cmpstr (ucwa_invitation_get_message (invitation), ==, "Hi Tosh");

  /* ack=5, after accept: messaging and conversation Connected, invitation
   * completed (its embedded self says …/64088: the event link counts) */
  ack5 = load_sample (f, "repaired/receiveim-15-events-response-ack5-after-accept.repaired.json");
  assert_no_event_wants_resource (f, ack5);
  ucwa_model_apply_batch (f->model, ack5);
  g_assert_cmpint (ucwa_conversation_get_state (conversation), ==, UCWA_CONVERSATION_STATE_CONNECTED);
  g_assert_cmpint (ucwa_conversation_get_messaging_state (conversation), ==, UCWA_MODALITY_STATE_CONNECTED);
  g_assert_cmpstr (ucwa_conversation_get_send_message_href (conversation), ==, HOST IM_CONVERSATION "/messaging/messages");
  g_assert_cmpstr (ucwa_conversation_get_set_is_typing_href (conversation), ==, HOST IM_CONVERSATION "/messaging/typing");
  g_assert_cmpstr (ucwa_conversation_get_stop_messaging_href (conversation), ==, HOST IM_CONVERSATION "/messaging/terminate");
  g_assert_cmpstr (ucwa_conversation_get_typing_participants_href (conversation), ==, HOST IM_CONVERSATION "/messaging/typingParticipants");
  g_assert_null (ucwa_conversation_get_add_messaging_href (conversation));
  g_assert_cmpint (ucwa_invitation_get_status (invitation), ==, UCWA_INVITATION_STATUS_SUCCEEDED);
  g_assert_cmpstr (ucwa_invitation_get_state (invitation), ==, "Connected");
  g_assert_cmpstr (ucwa_invitation_get_href (invitation), ==, HOST IM_INVITATION);
  g_assert_null (ucwa_invitation_get_accept_href (invitation));
  g_assert_null (ucwa_invitation_get_decline_href (invitation));
  g_assert_null (ucwa_invitation_get_failure_code (invitation));
  g_assert_false (ucwa_invitation_is_answerable (invitation));
  g_assert_cmpuint (f->invitations_completed->len, ==, 1);
  g_assert_true (g_ptr_array_index (f->invitations_completed, 0) == invitation);
  /* participantMessaging and `participant updated` add nobody */
  g_assert_cmpuint (n_items (ucwa_conversation_get_participants (conversation)), ==, 1);
  g_assert_cmpuint (n_items (ucwa_conversation_get_typing_participants (conversation)), ==, 0);
  g_assert_cmpstr (ucwa_conversation_get_title (conversation), ==, "Lene Aaling");
  g_assert_cmpuint (title_notifies, ==, 1);
  g_assert_cmpuint (f->messages_added->len, ==, 0);

  /* ack=6: the first message, again, as a message resource */
  ack6 = load_sample (f, "docs/receiveim-16-events-response-ack6-message-completed-body.json");
  assert_no_event_wants_resource (f, ack6);
  ucwa_model_apply_batch (f->model, ack6);
  g_assert_cmpuint (f->messages_added->len, ==, 1);
  g_assert_cmpuint (n_items (ucwa_conversation_get_messages (conversation)), ==, 1);
  message = item (ucwa_conversation_get_messages (conversation), 0);
  g_assert_true (message == g_ptr_array_index (f->messages_added, 0));
  g_assert_cmpstr (ucwa_message_get_text (message), ==, "Hi Tosh");
  g_assert_null (ucwa_message_get_html (message));
  g_assert_cmpstr (ucwa_message_get_href (message), ==, HOST IM_CONVERSATION "/messaging/messages/2");
  g_assert_cmpint (ucwa_message_get_direction (message), ==, UCWA_DIRECTION_INCOMING);
  g_assert_cmpint (ucwa_message_get_status (message), ==, UCWA_MESSAGE_STATUS_DELIVERED);
  g_assert_cmpint (ucwa_message_get_timestamp (message), ==, G_GINT64_CONSTANT (1383784870271));
  g_assert_cmpstr (ucwa_message_get_sender_name (message), ==, "Lene Aaling");
  g_assert_cmpint (ucwa_conversation_get_state (conversation), ==, UCWA_CONVERSATION_STATE_CONNECTED);

  /* Replaying the last response changes nothing: keyed by href. */
  ucwa_model_apply_batch (f->model, ack6);
  ucwa_model_apply_batch (f->model, ack5);
  g_assert_cmpuint (f->messages_added->len, ==, 1);
  g_assert_cmpuint (n_items (ucwa_conversation_get_messages (conversation)), ==, 1);
  g_assert_cmpuint (f->invitations_added->len, ==, 1);
  g_assert_cmpuint (f->invitations_completed->len, ==, 1);
  g_assert_cmpuint (f->conversations_added->len, ==, 1);
  g_assert_cmpuint (f->conversations_removed->len, ==, 0);
  g_assert_cmpuint (n_items (ucwa_model_get_conversations (f->model)), ==, 1);

  g_signal_handlers_disconnect_by_func (conversation, count_notify, &title_notifies);
}

/* (2) An online meeting: accept → Conferencing → Conferenced, messaging
 * Disconnected with addMessaging, then our addMessaging invitation. */
#define MTG_INVITATION    COMM "/onlineMeetingInvitations/711"
#define MTG_CONVERSATION  COMM "/conversations/m1"
#define MTG_ADD_MESSAGING COMM "/messagingInvitations/712"

static const char *meeting_offer =
  "{'rel':'communication','href':'" COMM "','events':["
  " {'link':{'rel':'onlineMeetingInvitation','href':'" MTG_INVITATION "'},"
  "  '_embedded':{'onlineMeetingInvitation':{'direction':'Incoming','importance':'Normal','threadId':'MTG1',"
  "   'state':'Connecting','subject':'Weekly sync',"
  "   'onlineMeetingUri':'sip:alice@contoso.com;gruu;opaque=app:conf:focus:id:ABCDE',"
  "   'availableModalities':['Messaging','Audio'],"
  "   '_links':{'self':{'href':'" MTG_INVITATION "'},"
  "    'accept':{'href':'" MTG_INVITATION "/accept'},'decline':{'href':'" MTG_INVITATION "/decline'},"
  "    'conversation':{'href':'" MTG_CONVERSATION "'},"
  "    'from':{'href':'" MTG_CONVERSATION "/participants/alice@contoso.com','title':'Alice Example'},"
  "    'message':{'href':'data:text/plain;charset=utf-8,Join+us'}},"
  "   'rel':'onlineMeetingInvitation'}},"
  "  'type':'started'},"
  " {'link':{'rel':'conversation','href':'" MTG_CONVERSATION "'},"
  "  '_embedded':{'conversation':{'state':'Incoming','threadId':'MTG1','subject':'Weekly sync','importance':'Normal',"
  "   '_links':{'self':{'href':'" MTG_CONVERSATION "'},'messaging':{'href':'" MTG_CONVERSATION "/messaging'}},"
  "   'rel':'conversation'}},"
  "  'type':'added'}]}";

static const char *meeting_accepted =
  "{'rel':'communication','href':'" COMM "','events':["
  " {'link':{'rel':'conversation','href':'" MTG_CONVERSATION "'},"
  "  '_embedded':{'conversation':{'state':'Conferencing','threadId':'MTG1','subject':'Weekly sync',"
  "   '_links':{'self':{'href':'" MTG_CONVERSATION "'},'messaging':{'href':'" MTG_CONVERSATION "/messaging'}},"
  "   'rel':'conversation'}},"
  "  'type':'updated'},"
  " {'link':{'rel':'conversation','href':'" MTG_CONVERSATION "'},"
  "  '_embedded':{'conversation':{'state':'Conferenced','threadId':'MTG1','subject':'Weekly sync',"
  "   '_links':{'self':{'href':'" MTG_CONVERSATION "'},'messaging':{'href':'" MTG_CONVERSATION "/messaging'},"
  "    'onlineMeeting':{'href':'" MTG_CONVERSATION "/onlineMeeting'},"
  "    'participants':{'href':'" MTG_CONVERSATION "/participants'}},"
  "   'rel':'conversation'}},"
  "  'type':'updated'}]},"
  "{'rel':'conversation','href':'" MTG_CONVERSATION "','events':["
  " {'link':{'rel':'onlineMeeting','href':'" MTG_CONVERSATION "/onlineMeeting'},"
  "  'in':{'rel':'conversation','href':'" MTG_CONVERSATION "'},'type':'added'},"
  " {'link':{'rel':'localParticipant','href':'" MTG_CONVERSATION "/participants/toshm@contoso.com','title':'Tosh Meston'},"
  "  '_embedded':{'localParticipant':{'name':'Tosh Meston','uri':'sip:toshm@contoso.com',"
  "   '_links':{'self':{'href':'" MTG_CONVERSATION "/participants/toshm@contoso.com'}},'rel':'participant'}},"
  "  'type':'added'},"
  " {'link':{'rel':'participant','href':'" MTG_CONVERSATION "/participants/alice@contoso.com','title':'Alice Example'},"
  "  '_embedded':{'participant':{'name':'Alice Example','uri':'sip:alice@contoso.com','organizer':true,"
  "   '_links':{'self':{'href':'" MTG_CONVERSATION "/participants/alice@contoso.com'}},'rel':'participant'}},"
  "  'type':'added'},"
  " {'link':{'rel':'participant','href':'" MTG_CONVERSATION "/participants/alice@contoso.com','title':'Alice Example'},"
  "  'in':{'rel':'leaders','href':'" MTG_CONVERSATION "/leaders'},'type':'added'},"
  " {'link':{'rel':'participant','href':'" MTG_CONVERSATION "/participants/bob@contoso.com','title':'Bob Builder'},"
  "  'in':{'rel':'attendees','href':'" MTG_CONVERSATION "/attendees'},'type':'added'},"
  " {'link':{'rel':'messaging','href':'" MTG_CONVERSATION "/messaging'},"
  "  '_embedded':{'messaging':{'state':'Disconnected',"
  "   '_links':{'self':{'href':'" MTG_CONVERSATION "/messaging'},"
  "    'conversation':{'href':'" MTG_CONVERSATION "'},"
  "    'addMessaging':{'href':'" MTG_CONVERSATION "/messaging/addMessaging'}},"
  "   'rel':'messaging'}},"
  "  'type':'updated'}]},"
  "{'rel':'communication','href':'" COMM "','events':["
  " {'link':{'rel':'onlineMeetingInvitation','href':'" MTG_INVITATION "'},'status':'Success',"
  "  '_embedded':{'onlineMeetingInvitation':{'direction':'Incoming','threadId':'MTG1','state':'Connected',"
  "   '_links':{'self':{'href':'" MTG_INVITATION "'},'conversation':{'href':'" MTG_CONVERSATION "'}},"
  "   'rel':'onlineMeetingInvitation'}},"
  "  'type':'completed'}]}";

/* Our addMessaging: an outgoing messagingInvitation in the same thread. */
static const char *meeting_add_messaging =
  "{'rel':'communication','href':'" COMM "','events':["
  " {'link':{'rel':'messagingInvitation','href':'" MTG_ADD_MESSAGING "'},"
  "  '_embedded':{'messagingInvitation':{'direction':'Outgoing','threadId':'MTG1','state':'Connecting',"
  "   'operationId':'add-1',"
  "   '_links':{'self':{'href':'" MTG_ADD_MESSAGING "'},'cancel':{'href':'" MTG_ADD_MESSAGING "/cancel'},"
  "    'conversation':{'href':'" MTG_CONVERSATION "'}},"
  "   'rel':'messagingInvitation'}},"
  "  'type':'started'}]},"
  "{'rel':'conversation','href':'" MTG_CONVERSATION "','events':["
  " {'link':{'rel':'messaging','href':'" MTG_CONVERSATION "/messaging'},"
  "  '_embedded':{'messaging':{'state':'Connecting',"
  "   '_links':{'self':{'href':'" MTG_CONVERSATION "/messaging'},"
  "    'stopMessaging':{'href':'" MTG_CONVERSATION "/messaging/terminate'}},"
  "   'rel':'messaging'}},"
  "  'type':'updated'},"
  " {'link':{'rel':'messaging','href':'" MTG_CONVERSATION "/messaging'},"
  "  '_embedded':{'messaging':{'state':'Connected','negotiatedMessageFormats':['Plain'],"
  "   '_links':{'self':{'href':'" MTG_CONVERSATION "/messaging'},"
  "    'sendMessage':{'href':'" MTG_CONVERSATION "/messaging/messages'},"
  "    'setIsTyping':{'href':'" MTG_CONVERSATION "/messaging/typing'},"
  "    'typingParticipants':{'href':'" MTG_CONVERSATION "/messaging/typingParticipants'},"
  "    'stopMessaging':{'href':'" MTG_CONVERSATION "/messaging/terminate'}},"
  "   'rel':'messaging'}},"
  "  'type':'updated'}]},"
  "{'rel':'communication','href':'" COMM "','events':["
  " {'link':{'rel':'messagingInvitation','href':'" MTG_ADD_MESSAGING "'},'status':'Success',"
  "  '_embedded':{'messagingInvitation':{'direction':'Outgoing','threadId':'MTG1','state':'Connected',"
  "   'operationId':'add-1',"
  "   '_links':{'self':{'href':'" MTG_ADD_MESSAGING "'}},'rel':'messagingInvitation'}},"
  "  'type':'completed'},"
  " {'link':{'rel':'messagingInvitation','href':'" MTG_ADD_MESSAGING "'},'status':'Success','type':'completed'}]}";

/* Carol waits in the lobby and is let in; Dave waits and is turned away
 * (§12.3: the collection an event is "in" says where they are). */
static const char *meeting_lobby =
  "{'rel':'conversation','href':'" MTG_CONVERSATION "','events':["
  " {'link':{'rel':'participant','href':'" MTG_CONVERSATION "/participants/carol@contoso.com','title':'Carol'},"
  "  'in':{'rel':'lobby','href':'" MTG_CONVERSATION "/lobby'},"
  "  '_embedded':{'participant':{'name':'Carol Shaw','uri':'sip:carol@contoso.com','inLobby':true,'role':'Attendee',"
  "   '_links':{'self':{'href':'" MTG_CONVERSATION "/participants/carol@contoso.com'}},'rel':'participant'}},"
  "  'type':'added'},"
  " {'link':{'rel':'participant','href':'" MTG_CONVERSATION "/participants/dave@contoso.com','title':'Dave'},"
  "  'in':{'rel':'lobby','href':'" MTG_CONVERSATION "/lobby'},'type':'added'}]}";

static const char *meeting_lobby_admitted =
  "{'rel':'conversation','href':'" MTG_CONVERSATION "','events':["
  " {'link':{'rel':'participant','href':'" MTG_CONVERSATION "/participants/carol@contoso.com','title':'Carol'},"
  "  'in':{'rel':'lobby','href':'" MTG_CONVERSATION "/lobby'},'type':'deleted'},"
  " {'link':{'rel':'participant','href':'" MTG_CONVERSATION "/participants/carol@contoso.com','title':'Carol'},"
  "  'in':{'rel':'attendees','href':'" MTG_CONVERSATION "/attendees'},'type':'added'},"
  " {'link':{'rel':'participant','href':'" MTG_CONVERSATION "/participants/dave@contoso.com','title':'Dave'},"
  "  'in':{'rel':'lobby','href':'" MTG_CONVERSATION "/lobby'},'type':'deleted'},"
  " {'link':{'rel':'participant','href':'" MTG_CONVERSATION "/participants/dave@contoso.com','title':'Dave'},"
  "  'type':'deleted'},"
  " {'link':{'rel':'participant','href':'" MTG_CONVERSATION "/participants/bob@contoso.com','title':'Bob Builder'},"
  "  'in':{'rel':'leaders','href':'" MTG_CONVERSATION "/leaders'},'type':'added'}]}";

static void
test_meeting (Fixture      *f,
              gconstpointer data)
{
  UcwaInvitation   *invitation;
  UcwaConversation *conversation;
  UcwaParticipant  *alice;
  UcwaParticipant  *bob;
  UcwaParticipant  *carol;
  UcwaParticipant  *dave;
  guint             state_notifies = 0;

  apply_senders (f, meeting_offer);
  g_assert_cmpuint (f->invitations_added->len, ==, 1);
  invitation = g_ptr_array_index (f->invitations_added, 0);
  g_assert_cmpint (ucwa_invitation_get_kind (invitation), ==, UCWA_INVITATION_KIND_ONLINE_MEETING);
  g_assert_cmpstr (ucwa_invitation_get_online_meeting_uri (invitation), ==,
                   "sip:alice@contoso.com;gruu;opaque=app:conf:focus:id:ABCDE");
  g_assert_cmpstr (ucwa_invitation_get_subject (invitation), ==, "Weekly sync");
  /* No embedded `from`: the link title names them. */
  g_assert_cmpstr (ucwa_invitation_get_from_name (invitation), ==, "Alice Example");
  g_assert_null (ucwa_invitation_get_from_uri (invitation));
  g_assert_cmpstr (ucwa_invitation_get_message (invitation), ==, "Join us");
  g_assert_cmpstr (ucwa_invitation_get_accept_href (invitation), ==, HOST MTG_INVITATION "/accept");

  g_assert_cmpuint (f->conversations_added->len, ==, 1);
  conversation = g_ptr_array_index (f->conversations_added, 0);
  g_assert_cmpint (ucwa_conversation_get_state (conversation), ==, UCWA_CONVERSATION_STATE_INCOMING);
  g_assert_cmpstr (ucwa_conversation_get_title (conversation), ==, "Weekly sync");
  g_signal_connect (conversation, "notify::state", G_CALLBACK (count_notify), &state_notifies);

  apply_senders (f, meeting_accepted);
  g_assert_cmpint (ucwa_conversation_get_state (conversation), ==, UCWA_CONVERSATION_STATE_CONFERENCED);
  g_assert_cmpuint (state_notifies, ==, 2); /* Conferencing, Conferenced */
  g_assert_cmpint (ucwa_conversation_get_messaging_state (conversation), ==, UCWA_MODALITY_STATE_DISCONNECTED);
  g_assert_cmpstr (ucwa_conversation_get_add_messaging_href (conversation), ==, HOST MTG_CONVERSATION "/messaging/addMessaging");
  g_assert_null (ucwa_conversation_get_send_message_href (conversation));
  g_assert_null (ucwa_conversation_get_stop_messaging_href (conversation));
  g_assert_cmpint (ucwa_invitation_get_status (invitation), ==, UCWA_INVITATION_STATUS_SUCCEEDED);
  g_assert_cmpuint (f->invitations_completed->len, ==, 1);

  /* Alice (plain added, then among leaders) once; Bob from attendees; not us. */
  g_assert_cmpuint (n_items (ucwa_conversation_get_participants (conversation)), ==, 2);
  alice = item (ucwa_conversation_get_participants (conversation), 0);
  bob = item (ucwa_conversation_get_participants (conversation), 1);
  g_assert_cmpstr (ucwa_participant_get_name (alice), ==, "Alice Example");
  g_assert_cmpstr (ucwa_participant_get_uri (alice), ==, "sip:alice@contoso.com");
  g_assert_true (ucwa_participant_get_organizer (alice));
  g_assert_cmpstr (ucwa_participant_get_name (bob), ==, "Bob Builder");
  g_assert_false (ucwa_participant_get_organizer (bob));
  /* The subject wins over the names. */
  g_assert_cmpstr (ucwa_conversation_get_title (conversation), ==, "Weekly sync");
  /* Roles from the collections they are in. */
  g_assert_cmpint (ucwa_participant_get_role (alice), ==, UCWA_PARTICIPANT_ROLE_LEADER);
  g_assert_cmpint (ucwa_participant_get_role (bob), ==, UCWA_PARTICIPANT_ROLE_ATTENDEE);
  g_assert_false (ucwa_participant_get_in_lobby (alice));
  g_assert_false (ucwa_participant_get_in_lobby (bob));

  /* The lobby: waiting there makes them members, who wait. */
  apply_senders (f, meeting_lobby);
  g_assert_cmpuint (n_items (ucwa_conversation_get_participants (conversation)), ==, 4);
  carol = item (ucwa_conversation_get_participants (conversation), 2);
  dave = item (ucwa_conversation_get_participants (conversation), 3);
  g_assert_cmpstr (ucwa_participant_get_name (carol), ==, "Carol Shaw");
  g_assert_true (ucwa_participant_get_in_lobby (carol));
  g_assert_cmpint (ucwa_participant_get_role (carol), ==, UCWA_PARTICIPANT_ROLE_ATTENDEE);
  g_assert_cmpstr (ucwa_participant_get_name (dave), ==, "Dave");
  g_assert_true (ucwa_participant_get_in_lobby (dave));
  g_assert_cmpint (ucwa_participant_get_role (dave), ==, UCWA_PARTICIPANT_ROLE_UNKNOWN);

  /* Carol let in, Dave turned away, Bob promoted. */
  apply_senders (f, meeting_lobby_admitted);
  g_assert_cmpuint (n_items (ucwa_conversation_get_participants (conversation)), ==, 3);
  g_assert_true (item (ucwa_conversation_get_participants (conversation), 2) == carol);
  g_assert_false (ucwa_participant_get_in_lobby (carol));
  g_assert_cmpint (ucwa_participant_get_role (carol), ==, UCWA_PARTICIPANT_ROLE_ATTENDEE);
  g_assert_cmpint (ucwa_participant_get_role (bob), ==, UCWA_PARTICIPANT_ROLE_LEADER);

  apply_senders (f, meeting_add_messaging);
  g_assert_cmpint (ucwa_conversation_get_messaging_state (conversation), ==, UCWA_MODALITY_STATE_CONNECTED);
  g_assert_cmpstr (ucwa_conversation_get_send_message_href (conversation), ==, HOST MTG_CONVERSATION "/messaging/messages");
  g_assert_cmpstr (ucwa_conversation_get_set_is_typing_href (conversation), ==, HOST MTG_CONVERSATION "/messaging/typing");
  g_assert_null (ucwa_conversation_get_add_messaging_href (conversation));
  /* Our outgoing invitation is no offer: not added, not completed, not listed. */
  g_assert_cmpuint (f->invitations_added->len, ==, 1);
  g_assert_cmpuint (f->invitations_completed->len, ==, 1);
  g_assert_cmpuint (n_items (ucwa_model_get_invitations (f->model)), ==, 1);
  g_assert_null (ucwa_model_lookup_invitation (f->model, HOST MTG_ADD_MESSAGING));
  g_assert_cmpint (ucwa_invitation_get_status (invitation), ==, UCWA_INVITATION_STATUS_SUCCEEDED);
  g_assert_cmpint (ucwa_conversation_get_state (conversation), ==, UCWA_CONVERSATION_STATE_CONFERENCED);

  g_signal_handlers_disconnect_by_func (conversation, count_notify, &state_notifies);
}

/* (3) Declined / cancelled invitations and a deleted conversation. */
#define DECLINED_INVITATION   COMM "/messagingInvitations/301"
#define DECLINED_CONVERSATION COMM "/conversations/d1"

static void
test_decline_cancel (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (UcwaConversation) held = NULL;
  UcwaInvitation              *declined;
  UcwaInvitation              *cancelled;
  UcwaInvitation              *unknown_failure;
  g_autoptr (UcwaEvent)        late = NULL;

  apply_senders (f,
                 "{'rel':'communication','href':'" COMM "','events':["
                 " {'link':{'rel':'messagingInvitation','href':'" DECLINED_INVITATION "'},"
                 "  '_embedded':{'messagingInvitation':{'direction':'Incoming','threadId':'T3','state':'Connecting',"
                 "   '_links':{'self':{'href':'" DECLINED_INVITATION "'},'accept':{'href':'" DECLINED_INVITATION "/accept'},"
                 "    'decline':{'href':'" DECLINED_INVITATION "/decline'},'conversation':{'href':'" DECLINED_CONVERSATION "'}},"
                 "   '_embedded':{'from':{'uri':'sip:carol@contoso.com','rel':'participant'}},"
                 "   'rel':'messagingInvitation'}},"
                 "  'type':'started'},"
                 " {'link':{'rel':'conversation','href':'" DECLINED_CONVERSATION "'},"
                 "  '_embedded':{'conversation':{'state':'Incoming','threadId':'T3','subject':'',"
                 "   '_links':{'self':{'href':'" DECLINED_CONVERSATION "'}},'rel':'conversation'}},"
                 "  'type':'added'},"
                 " {'link':{'rel':'messagingInvitation','href':'" COMM "/messagingInvitations/302'},"
                 "  '_embedded':{'messagingInvitation':{'direction':'Incoming','threadId':'T3b',"
                 "   '_links':{'self':{'href':'" COMM "/messagingInvitations/302'},'accept':{'href':'" COMM "/messagingInvitations/302/accept'}},"
                 "   'rel':'messagingInvitation'}},"
                 "  'type':'started'},"
                 " {'link':{'rel':'messagingInvitation','href':'" COMM "/messagingInvitations/303'},"
                 "  '_embedded':{'messagingInvitation':{'direction':'Incoming','threadId':'T3c',"
                 "   '_links':{'self':{'href':'" COMM "/messagingInvitations/303'},'decline':{'href':'" COMM "/messagingInvitations/303/decline'}},"
                 "   'rel':'messagingInvitation'}},"
                 "  'type':'started'}]}");

  g_assert_cmpuint (f->invitations_added->len, ==, 3);
  declined = g_ptr_array_index (f->invitations_added, 0);
  cancelled = g_ptr_array_index (f->invitations_added, 1);
  unknown_failure = g_ptr_array_index (f->invitations_added, 2);
  /* Only a uri: it is the name too. */
  g_assert_cmpstr (ucwa_invitation_get_from_name (declined), ==, "sip:carol@contoso.com");
  g_assert_cmpstr (ucwa_invitation_get_from_uri (declined), ==, "sip:carol@contoso.com");
  g_assert_true (ucwa_invitation_is_answerable (cancelled));
  g_assert_true (ucwa_invitation_is_answerable (unknown_failure));
  held = g_object_ref (ucwa_model_lookup_conversation (f->model, HOST DECLINED_CONVERSATION));

  apply_senders (f,
                 "{'rel':'conversation','href':'" DECLINED_CONVERSATION "','events':["
                 " {'link':{'rel':'messaging','href':'" DECLINED_CONVERSATION "/messaging'},"
                 "  '_embedded':{'messaging':{'state':'Disconnected','_links':{'self':{'href':'" DECLINED_CONVERSATION "/messaging'}},"
                 "   'rel':'messaging'}},"
                 "  'type':'updated'}]},"
                 "{'rel':'communication','href':'" COMM "','events':["
                 " {'link':{'rel':'messagingInvitation','href':'" DECLINED_INVITATION "'},'status':'Failure',"
                 "  'reason':{'code':'RemoteFailure','subcode':'Declined','message':'Your invitation was declined.'},"
                 "  '_embedded':{'messagingInvitation':{'direction':'Incoming','threadId':'T3','state':'Declined',"
                 "   '_links':{'self':{'href':'" DECLINED_INVITATION "'}},'rel':'messagingInvitation'}},"
                 "  'type':'completed'},"
                 " {'link':{'rel':'conversation','href':'" DECLINED_CONVERSATION "'},'type':'deleted'},"
                 /* the reason only inside the resource */
                 " {'link':{'rel':'messagingInvitation','href':'" COMM "/messagingInvitations/302'},'status':'Failure',"
                 "  '_embedded':{'messagingInvitation':{'direction':'Incoming','threadId':'T3b','state':'Cancelled',"
                 "   'reason':{'code':'RemoteFailure','subcode':'Canceled','message':'The sender cancelled.'},"
                 "   '_links':{'self':{'href':'" COMM "/messagingInvitations/302'}},'rel':'messagingInvitation'}},"
                 "  'type':'completed'},"
                 /* no status, no reason, no copy */
                 " {'link':{'rel':'messagingInvitation','href':'" COMM "/messagingInvitations/303'},'type':'completed'}]}");

  g_assert_cmpint (ucwa_invitation_get_status (declined), ==, UCWA_INVITATION_STATUS_FAILED);
  g_assert_cmpstr (ucwa_invitation_get_failure_code (declined), ==, "RemoteFailure");
  g_assert_cmpstr (ucwa_invitation_get_failure_subcode (declined), ==, "Declined");
  g_assert_cmpstr (ucwa_invitation_get_failure_message (declined), ==, "Your invitation was declined.");
  g_assert_cmpstr (ucwa_invitation_get_state (declined), ==, "Declined");
  g_assert_null (ucwa_invitation_get_accept_href (declined));
  g_assert_null (ucwa_invitation_get_decline_href (declined));
  g_assert_false (ucwa_invitation_is_answerable (declined));

  g_assert_cmpint (ucwa_invitation_get_status (cancelled), ==, UCWA_INVITATION_STATUS_FAILED);
  g_assert_cmpstr (ucwa_invitation_get_failure_code (cancelled), ==, "RemoteFailure");
  g_assert_cmpstr (ucwa_invitation_get_failure_subcode (cancelled), ==, "Canceled");
  g_assert_cmpstr (ucwa_invitation_get_failure_message (cancelled), ==, "The sender cancelled.");

  g_assert_cmpint (ucwa_invitation_get_status (unknown_failure), ==, UCWA_INVITATION_STATUS_FAILED);
  g_assert_null (ucwa_invitation_get_failure_code (unknown_failure));
  g_assert_false (ucwa_invitation_is_answerable (unknown_failure));

  g_assert_cmpuint (f->invitations_completed->len, ==, 3);
  /* History stays listed. */
  g_assert_cmpuint (n_items (ucwa_model_get_invitations (f->model)), ==, 3);

  g_assert_cmpuint (f->conversations_removed->len, ==, 1);
  g_assert_true (g_ptr_array_index (f->conversations_removed, 0) == held);
  g_assert_cmpint (ucwa_conversation_get_state (held), ==, UCWA_CONVERSATION_STATE_DISCONNECTED);
  g_assert_cmpint (ucwa_conversation_get_messaging_state (held), ==, UCWA_MODALITY_STATE_DISCONNECTED);
  g_assert_cmpstr (ucwa_conversation_get_href (held), ==, HOST DECLINED_CONVERSATION);
  g_assert_null (ucwa_model_lookup_conversation (f->model, HOST DECLINED_CONVERSATION));
  g_assert_cmpuint (n_items (ucwa_model_get_conversations (f->model)), ==, 0);

  /* Stragglers for the deleted conversation neither revive it nor get
   * fetched; a second completion changes nothing. */
  late = new_event (UCWA_EVENT_UPDATED, "conversation", HOST DECLINED_CONVERSATION,
                    "messaging", HOST DECLINED_CONVERSATION "/messaging", NULL);
  g_assert_false (ucwa_model_event_wants_resource (f->model, late));
  ucwa_model_apply_event (f->model, late);
  apply_senders (f,
                 "{'rel':'conversation','href':'" DECLINED_CONVERSATION "','events':["
                 " {'link':{'rel':'participant','href':'" DECLINED_CONVERSATION "/participants/carol@contoso.com','title':'Carol'},"
                 "  'type':'deleted'}]},"
                 "{'rel':'communication','href':'" COMM "','events':["
                 " {'link':{'rel':'conversation','href':'" DECLINED_CONVERSATION "'},"
                 "  '_embedded':{'conversation':{'state':'Disconnected','_links':{'self':{'href':'" DECLINED_CONVERSATION "'}},"
                 "   'rel':'conversation'}},'type':'updated'},"
                 " {'link':{'rel':'messagingInvitation','href':'" DECLINED_INVITATION "'},'status':'Success','type':'completed'}]}");
  g_assert_cmpuint (f->conversations_added->len, ==, 1);
  g_assert_cmpuint (n_items (ucwa_model_get_conversations (f->model)), ==, 0);
  g_assert_cmpuint (f->invitations_completed->len, ==, 3);
  g_assert_cmpint (ucwa_invitation_get_status (declined), ==, UCWA_INVITATION_STATUS_FAILED);
}

/* (4) Duplicates: the same started twice, a message re-sent, our echo. */
#define DUP_INVITATION   COMM "/messagingInvitations/401"
#define DUP_CONVERSATION COMM "/conversations/u1"

static const char *dup_offer =
  "{'rel':'communication','href':'" COMM "','events':["
  " {'link':{'rel':'messagingInvitation','href':'" DUP_INVITATION "'},"
  "  '_embedded':{'messagingInvitation':{'direction':'Incoming','threadId':'T4',"
  "   '_links':{'self':{'href':'" DUP_INVITATION "'},'accept':{'href':'" DUP_INVITATION "/accept'},"
  "    'conversation':{'href':'" DUP_CONVERSATION "'}},"
  "   '_embedded':{'from':{'name':'Dana','uri':'sip:dana@contoso.com','rel':'participant'}},"
  "   'rel':'messagingInvitation'}},"
  "  'type':'started'},"
  " {'link':{'rel':'conversation','href':'" DUP_CONVERSATION "'},"
  "  '_embedded':{'conversation':{'state':'Connected','threadId':'T4',"
  "   '_links':{'self':{'href':'" DUP_CONVERSATION "'}},'rel':'conversation'}},"
  "  'type':'added'}]},"
  "{'rel':'conversation','href':'" DUP_CONVERSATION "','events':["
  " {'link':{'rel':'localParticipant','href':'" DUP_CONVERSATION "/participants/toshm@contoso.com','title':'Tosh Meston'},"
  "  '_embedded':{'localParticipant':{'name':'Tosh Meston','uri':'sip:toshm@contoso.com','rel':'participant'}},"
  "  'type':'added'}]}";

static const char *dup_message =
  "{'rel':'conversation','href':'" DUP_CONVERSATION "','events':["
  " {'link':{'rel':'message','href':'" DUP_CONVERSATION "/messaging/messages/1'},"
  "  '_embedded':{'message':{'direction':'Incoming','timeStamp':'\\/Date(1383784870271)\\/',"
  "   '_links':{'self':{'href':'" DUP_CONVERSATION "/messaging/messages/1'},"
  "    'participant':{'href':'" DUP_CONVERSATION "/participants/dana@contoso.com','title':'Dana'},"
  "    'htmlMessage':{'href':'data:text/html;charset=utf-8,%3cb%3eHello%3c%2fb%3e+there'}},"
  "   'rel':'message'}},"
  "  'type':'started'}]}";

static void
test_duplicates (Fixture      *f,
                 gconstpointer data)
{
  UcwaInvitation   *invitation;
  UcwaConversation *conversation;
  UcwaMessage      *incoming;
  UcwaMessage      *echo;
  UcwaMessage      *early;
  UcwaMessage      *again;
  UcwaMessage      *failed;
  guint             status_notifies = 0;

  apply_senders (f, dup_offer);
  apply_senders (f, dup_offer);
  g_assert_cmpuint (f->invitations_added->len, ==, 1);
  g_assert_cmpuint (n_items (ucwa_model_get_invitations (f->model)), ==, 1);
  g_assert_cmpuint (f->conversations_added->len, ==, 1);
  invitation = g_ptr_array_index (f->invitations_added, 0);
  g_assert_cmpstr (ucwa_invitation_get_from_name (invitation), ==, "Dana");
  conversation = g_ptr_array_index (f->conversations_added, 0);

  /* started, then the same message again (started, then completed) */
  apply_senders (f, dup_message);
  apply_senders (f, dup_message);
  g_assert_cmpuint (f->messages_added->len, ==, 1);
  incoming = g_ptr_array_index (f->messages_added, 0);
  g_assert_cmpstr (ucwa_message_get_text (incoming), ==, "Hello there");
  g_assert_nonnull (ucwa_message_get_html (incoming));
  g_assert_nonnull (strstr (ucwa_message_get_html (incoming), "<b>Hello</b>"));
  g_assert_cmpint (ucwa_message_get_status (incoming), ==, UCWA_MESSAGE_STATUS_DELIVERED);
  g_assert_cmpstr (ucwa_message_get_sender_name (incoming), ==, "Dana");

  apply_senders (f,
                 "{'rel':'conversation','href':'" DUP_CONVERSATION "','events':["
                 " {'link':{'rel':'message','href':'" DUP_CONVERSATION "/messaging/messages/1'},'status':'Success',"
                 "  '_embedded':{'message':{'direction':'Incoming',"
                 "   '_links':{'self':{'href':'" DUP_CONVERSATION "/messaging/messages/1'},"
                 "    'plainMessage':{'href':'data:text/plain;charset=utf-8,Hello+there'}},'rel':'message'}},"
                 "  'type':'completed'}]}");
  g_assert_cmpuint (f->messages_added->len, ==, 1);
  g_assert_cmpuint (n_items (ucwa_conversation_get_messages (conversation)), ==, 1);
  g_assert_cmpstr (ucwa_message_get_text (incoming), ==, "Hello there");

  /* Our message: listed at once, then matched by operationId. */
  echo = ucwa_model_add_outgoing_message (f->model, conversation, "op-1", "What's up?");
  g_assert_nonnull (echo);
  g_assert_cmpuint (f->messages_added->len, ==, 2);
  g_assert_true (g_ptr_array_index (f->messages_added, 1) == echo);
  g_assert_null (ucwa_message_get_href (echo));
  g_assert_cmpstr (ucwa_message_get_operation_id (echo), ==, "op-1");
  g_assert_cmpstr (ucwa_message_get_text (echo), ==, "What's up?");
  g_assert_cmpint (ucwa_message_get_direction (echo), ==, UCWA_DIRECTION_OUTGOING);
  g_assert_cmpint (ucwa_message_get_status (echo), ==, UCWA_MESSAGE_STATUS_PENDING);
  g_assert_cmpstr (ucwa_message_get_sender_name (echo), ==, "Tosh Meston");
  g_assert_cmpint (ucwa_message_get_timestamp (echo), >, 0);
  g_signal_connect (echo, "notify::status", G_CALLBACK (count_notify), &status_notifies);

  apply_senders (f,
                 "{'rel':'conversation','href':'" DUP_CONVERSATION "','events':["
                 " {'link':{'rel':'message','href':'" DUP_CONVERSATION "/messaging/messages/2'},"
                 "  '_embedded':{'message':{'direction':'Outgoing','operationId':'op-1',"
                 "   '_links':{'self':{'href':'" DUP_CONVERSATION "/messaging/messages/2'}},'rel':'message'}},"
                 "  'type':'started'}]}");
  g_assert_cmpuint (f->messages_added->len, ==, 2);
  g_assert_cmpstr (ucwa_message_get_href (echo), ==, HOST DUP_CONVERSATION "/messaging/messages/2");
  g_assert_cmpint (ucwa_message_get_status (echo), ==, UCWA_MESSAGE_STATUS_PENDING);
  g_assert_cmpuint (status_notifies, ==, 0);

  apply_senders (f,
                 "{'rel':'conversation','href':'" DUP_CONVERSATION "','events':["
                 " {'link':{'rel':'message','href':'" DUP_CONVERSATION "/messaging/messages/2'},'status':'Success',"
                 "  '_embedded':{'message':{'direction':'Outgoing','operationId':'op-1','timeStamp':'\\/Date(1383784999000)\\/',"
                 "   '_links':{'self':{'href':'" DUP_CONVERSATION "/messaging/messages/2'}},'rel':'message'}},"
                 "  'type':'completed'}]}");
  g_assert_cmpuint (f->messages_added->len, ==, 2);
  g_assert_cmpuint (n_items (ucwa_conversation_get_messages (conversation)), ==, 2);
  g_assert_cmpint (ucwa_message_get_status (echo), ==, UCWA_MESSAGE_STATUS_DELIVERED);
  g_assert_cmpuint (status_notifies, ==, 1);
  g_assert_cmpint (ucwa_message_get_timestamp (echo), ==, G_GINT64_CONSTANT (1383784999000));
  /* The echo has no body: our text stays. */
  g_assert_cmpstr (ucwa_message_get_text (echo), ==, "What's up?");
  /* Failing it now is too late: the server said delivered. */
  ucwa_model_fail_outgoing_message (f->model, echo);
  g_assert_cmpint (ucwa_message_get_status (echo), ==, UCWA_MESSAGE_STATUS_DELIVERED);
  g_signal_handlers_disconnect_by_func (echo, count_notify, &status_notifies);

  /* The event beats the POST's answer: the late add finds the same one. */
  apply_senders (f,
                 "{'rel':'conversation','href':'" DUP_CONVERSATION "','events':["
                 " {'link':{'rel':'message','href':'" DUP_CONVERSATION "/messaging/messages/3'},'status':'Success',"
                 "  '_embedded':{'message':{'direction':'Outgoing','operationId':'op-2',"
                 "   '_links':{'self':{'href':'" DUP_CONVERSATION "/messaging/messages/3'}},'rel':'message'}},"
                 "  'type':'completed'}]}");
  g_assert_cmpuint (f->messages_added->len, ==, 3);
  early = g_ptr_array_index (f->messages_added, 2);
  g_assert_cmpint (ucwa_message_get_direction (early), ==, UCWA_DIRECTION_OUTGOING);
  again = ucwa_model_add_outgoing_message (f->model, conversation, "op-2", "Quick");
  g_assert_true (again == early);
  g_assert_cmpuint (f->messages_added->len, ==, 3);
  g_assert_cmpstr (ucwa_message_get_text (early), ==, "Quick");
  g_assert_cmpint (ucwa_message_get_status (early), ==, UCWA_MESSAGE_STATUS_DELIVERED);

  /* A send that never made it, and one the server failed. */
  failed = ucwa_model_add_outgoing_message (f->model, conversation, "op-3", "Lost");
  ucwa_model_fail_outgoing_message (f->model, failed);
  g_assert_cmpint (ucwa_message_get_status (failed), ==, UCWA_MESSAGE_STATUS_FAILED);
  failed = ucwa_model_add_outgoing_message (f->model, conversation, "op-4", "Refused");
  apply_senders (f,
                 "{'rel':'conversation','href':'" DUP_CONVERSATION "','events':["
                 " {'link':{'rel':'message','href':'" DUP_CONVERSATION "/messaging/messages/5'},'status':'Failure',"
                 "  'reason':{'code':'RemoteFailure','subcode':'Unreachable'},"
                 "  '_embedded':{'message':{'direction':'Outgoing','operationId':'op-4',"
                 "   '_links':{'self':{'href':'" DUP_CONVERSATION "/messaging/messages/5'}},'rel':'message'}},"
                 "  'type':'completed'}]}");
  g_assert_cmpint (ucwa_message_get_status (failed), ==, UCWA_MESSAGE_STATUS_FAILED);
  g_assert_cmpstr (ucwa_message_get_href (failed), ==, HOST DUP_CONVERSATION "/messaging/messages/5");
  g_assert_cmpuint (f->messages_added->len, ==, 5);
  g_assert_cmpuint (n_items (ucwa_conversation_get_messages (conversation)), ==, 5);
}

/* (5) The application is re-created: the server re-offers the pending
 * invitation under a new href, same threadId. */
#define OLD_INVITATION   "/ucwa/oauth/v1/applications/500/communication/messagingInvitations/1"
#define NEW_INVITATION   "/ucwa/oauth/v1/applications/501/communication/messagingInvitations/9"
#define NEWER_INVITATION "/ucwa/oauth/v1/applications/502/communication/messagingInvitations/4"

static char *
offer (const char *href,
       const char *rel,
       const char *thread_id,
       const char *sender_href)
{
  return g_strdup_printf (
    "{'rel':'communication','href':'%s','events':["
    " {'link':{'rel':'%s','href':'%s'},"
    "  '_embedded':{'%s':{'direction':'Incoming','threadId':'%s','state':'Connecting',"
    "   '_links':{'self':{'href':'%s'},'accept':{'href':'%s/accept'},'decline':{'href':'%s/decline'},"
    "    'message':{'href':'data:text/plain;charset=utf-8,Still+there%%3f'}},"
    "   '_embedded':{'from':{'name':'Erin','uri':'sip:erin@contoso.com','rel':'participant'}},"
    "   'rel':'%s'}},"
    "  'type':'started'}]}",
    sender_href, rel, href, rel, thread_id, href, href, href, rel);
}

static void
test_recreated_application (Fixture      *f,
                            gconstpointer data)
{
  g_autofree char *first = offer (OLD_INVITATION, "messagingInvitation", "T5", "/ucwa/oauth/v1/applications/500/communication");
  g_autofree char *reoffer = offer (NEW_INVITATION, "messagingInvitation", "T5", "/ucwa/oauth/v1/applications/501/communication");
  g_autofree char *meeting = offer (COMM "/onlineMeetingInvitations/5", "onlineMeetingInvitation", "T5", COMM);
  g_autofree char *other = offer (COMM "/messagingInvitations/6", "messagingInvitation", "T6", COMM);
  g_autofree char *third = offer (NEWER_INVITATION, "messagingInvitation", "T5", "/ucwa/oauth/v1/applications/502/communication");
  UcwaInvitation  *invitation;
  guint            href_notifies = 0;

  apply_senders (f, first);
  g_assert_cmpuint (f->invitations_added->len, ==, 1);
  invitation = g_ptr_array_index (f->invitations_added, 0);
  g_signal_connect (invitation, "notify::href", G_CALLBACK (count_notify), &href_notifies);

  apply_senders (f, reoffer);
  g_assert_cmpuint (f->invitations_added->len, ==, 1);
  g_assert_cmpuint (n_items (ucwa_model_get_invitations (f->model)), ==, 1);
  g_assert_cmpuint (href_notifies, ==, 1);
  g_assert_cmpstr (ucwa_invitation_get_href (invitation), ==, HOST NEW_INVITATION);
  g_assert_cmpstr (ucwa_invitation_get_accept_href (invitation), ==, HOST NEW_INVITATION "/accept");
  g_assert_cmpstr (ucwa_invitation_get_decline_href (invitation), ==, HOST NEW_INVITATION "/decline");
  g_assert_true (ucwa_invitation_is_answerable (invitation));
  g_assert_true (ucwa_model_lookup_invitation (f->model, HOST NEW_INVITATION) == invitation);
  g_assert_null (ucwa_model_lookup_invitation (f->model, HOST OLD_INVITATION));

  /* Whatever the dead application still says is ignored. */
  apply_senders (f,
                 "{'rel':'communication','href':'/ucwa/oauth/v1/applications/500/communication','events':["
                 " {'link':{'rel':'messagingInvitation','href':'" OLD_INVITATION "'},'status':'Failure',"
                 "  'reason':{'code':'ServiceFailure'},'type':'completed'}]}");
  g_assert_cmpint (ucwa_invitation_get_status (invitation), ==, UCWA_INVITATION_STATUS_PENDING);
  g_assert_cmpuint (f->invitations_added->len, ==, 1);
  g_assert_cmpuint (f->invitations_completed->len, ==, 0);

  /* Another kind or another thread is another invitation. */
  apply_senders (f, meeting);
  apply_senders (f, other);
  g_assert_cmpuint (f->invitations_added->len, ==, 3);

  /* With the session's help: conversations go, the invitation waits without
   * its dead links until re-offered again. */
  apply_senders (f,
                 "{'rel':'communication','href':'" COMM "','events':["
                 " {'link':{'rel':'conversation','href':'" COMM "/conversations/r1'},"
                 "  '_embedded':{'conversation':{'state':'Incoming','threadId':'T5','rel':'conversation'}},'type':'added'}]}");
  g_assert_cmpuint (n_items (ucwa_model_get_conversations (f->model)), ==, 1);
  ucwa_model_detach_application (f->model);
  g_assert_cmpuint (n_items (ucwa_model_get_conversations (f->model)), ==, 0);
  g_assert_cmpuint (f->conversations_removed->len, ==, 1);
  g_assert_cmpint (ucwa_invitation_get_status (invitation), ==, UCWA_INVITATION_STATUS_PENDING);
  g_assert_false (ucwa_invitation_is_answerable (invitation));
  g_assert_null (ucwa_invitation_get_accept_href (invitation));
  g_assert_cmpuint (f->invitations_completed->len, ==, 0);

  apply_senders (f, third);
  g_assert_cmpuint (f->invitations_added->len, ==, 3);
  g_assert_cmpstr (ucwa_invitation_get_href (invitation), ==, HOST NEWER_INVITATION);
  g_assert_cmpstr (ucwa_invitation_get_accept_href (invitation), ==, HOST NEWER_INVITATION "/accept");
  g_assert_true (ucwa_invitation_is_answerable (invitation));
  g_assert_cmpstr (ucwa_invitation_get_message (invitation), ==, "Still there?");

  apply_senders (f,
                 "{'rel':'communication','href':'/ucwa/oauth/v1/applications/502/communication','events':["
                 " {'link':{'rel':'messagingInvitation','href':'" NEWER_INVITATION "'},'status':'Success','type':'completed'}]}");
  g_assert_cmpint (ucwa_invitation_get_status (invitation), ==, UCWA_INVITATION_STATUS_SUCCEEDED);
  g_assert_cmpuint (f->invitations_completed->len, ==, 1);

  /* A completed invitation is not re-keyed: the same thread later is a new ring. */
  apply_senders (f, reoffer);
  g_assert_cmpuint (f->invitations_added->len, ==, 3); /* NEW_INVITATION is a retired href */
  g_clear_pointer (&reoffer, g_free);
  reoffer = offer ("/ucwa/oauth/v1/applications/502/communication/messagingInvitations/77",
                   "messagingInvitation", "T5", "/ucwa/oauth/v1/applications/502/communication");
  apply_senders (f, reoffer);
  g_assert_cmpuint (f->invitations_added->len, ==, 4);

  g_signal_handlers_disconnect_by_func (invitation, count_notify, &href_notifies);
}

/* (6) Typing starts and stops. */
#define TYPING_CONVERSATION COMM "/conversations/t1"
#define TYPING_LENE         TYPING_CONVERSATION "/participants/lenea@contoso.com"

static void
test_typing (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (UcwaEventBatch)  batch = NULL;
  UcwaConversation           *conversation;
  g_autoptr (UcwaParticipant) lene = NULL;
  UcwaParticipant            *zed;
  GListModel                 *typing;
  guint                       typing_notifies = 0;

  apply_senders (f,
                 "{'rel':'communication','href':'" COMM "','events':["
                 " {'link':{'rel':'conversation','href':'" TYPING_CONVERSATION "'},"
                 "  '_embedded':{'conversation':{'state':'Connected','rel':'conversation'}},'type':'added'}]},"
                 "{'rel':'conversation','href':'" TYPING_CONVERSATION "','events':["
                 " {'link':{'rel':'localParticipant','href':'" TYPING_CONVERSATION "/participants/toshm@contoso.com','title':'Tosh Meston'},"
                 "  'type':'added'},"
                 " {'link':{'rel':'participant','href':'" TYPING_LENE "','title':'Lene Aaling'},'type':'added'}]}");
  conversation = g_ptr_array_index (f->conversations_added, 0);
  typing = ucwa_conversation_get_typing_participants (conversation);
  /* Held: she leaves below. */
  lene = g_object_ref (item (ucwa_conversation_get_participants (conversation), 0));
  g_signal_connect (lene, "notify::typing", G_CALLBACK (count_notify), &typing_notifies);

  batch = make_batch (f,
                      "{'rel':'conversation','href':'" TYPING_CONVERSATION "','events':["
                      " {'link':{'rel':'participant','href':'" TYPING_LENE "','title':'Lene Aaling'},"
                      "  'in':{'rel':'typingParticipants','href':'" TYPING_CONVERSATION "/messaging/typingParticipants'},"
                      "  'type':'added'}]}");
  assert_no_event_wants_resource (f, batch);
  ucwa_model_apply_batch (f->model, batch);
  ucwa_model_apply_batch (f->model, batch);
  g_assert_cmpuint (n_items (typing), ==, 1);
  g_assert_true (item (typing, 0) == lene);
  g_assert_true (ucwa_participant_get_typing (lene));
  g_assert_cmpuint (typing_notifies, ==, 1);
  g_assert_cmpuint (n_items (ucwa_conversation_get_participants (conversation)), ==, 1);

  apply_senders (f,
                 "{'rel':'conversation','href':'" TYPING_CONVERSATION "','events':["
                 " {'link':{'rel':'participant','href':'" TYPING_LENE "','title':'Lene Aaling'},"
                 "  'in':{'rel':'typingParticipants','href':'" TYPING_CONVERSATION "/messaging/typingParticipants'},"
                 "  'type':'deleted'}]}");
  g_assert_cmpuint (n_items (typing), ==, 0);
  g_assert_false (ucwa_participant_get_typing (lene));
  g_assert_cmpuint (typing_notifies, ==, 2);
  /* Stopping typing is not leaving. */
  g_assert_cmpuint (n_items (ucwa_conversation_get_participants (conversation)), ==, 1);

  /* Someone the roster does not know yet, and ourselves (echoed). */
  apply_senders (f,
                 "{'rel':'conversation','href':'" TYPING_CONVERSATION "','events':["
                 " {'link':{'rel':'participant','href':'" TYPING_CONVERSATION "/participants/zed@contoso.com','title':'Zed'},"
                 "  'in':{'rel':'typingParticipants','href':'" TYPING_CONVERSATION "/messaging/typingParticipants'},"
                 "  'type':'added'},"
                 " {'link':{'rel':'participant','href':'" TYPING_CONVERSATION "/participants/toshm@contoso.com','title':'Tosh Meston'},"
                 "  'in':{'rel':'typingParticipants','href':'" TYPING_CONVERSATION "/messaging/typingParticipants'},"
                 "  'type':'added'},"
                 " {'link':{'rel':'participant','href':'" TYPING_LENE "','title':'Lene Aaling'},"
                 "  'in':{'rel':'typingParticipants','href':'" TYPING_CONVERSATION "/messaging/typingParticipants'},"
                 "  'type':'added'}]}");
  g_assert_cmpuint (n_items (typing), ==, 2);
  zed = item (typing, 0);
  g_assert_cmpstr (ucwa_participant_get_name (zed), ==, "Zed");
  g_assert_true (ucwa_participant_get_typing (zed));
  g_assert_true (item (typing, 1) == lene);
  g_assert_cmpuint (n_items (ucwa_conversation_get_participants (conversation)), ==, 1);

  /* Zed joins properly: the same object enters the roster. */
  apply_senders (f,
                 "{'rel':'conversation','href':'" TYPING_CONVERSATION "','events':["
                 " {'link':{'rel':'participant','href':'" TYPING_CONVERSATION "/participants/zed@contoso.com','title':'Zed'},"
                 "  'type':'added'}]}");
  g_assert_cmpuint (n_items (ucwa_conversation_get_participants (conversation)), ==, 2);
  g_assert_true (item (ucwa_conversation_get_participants (conversation), 1) == zed);
  g_assert_cmpstr (ucwa_conversation_get_title (conversation), ==, "Lene Aaling, Zed");

  /* Leaving while typing ends both. */
  apply_senders (f,
                 "{'rel':'conversation','href':'" TYPING_CONVERSATION "','events':["
                 " {'link':{'rel':'participant','href':'" TYPING_LENE "','title':'Lene Aaling'},'type':'deleted'}]}");
  g_assert_cmpuint (n_items (typing), ==, 1);
  g_assert_true (item (typing, 0) == zed);
  g_assert_false (ucwa_participant_get_typing (lene));
  g_assert_cmpuint (n_items (ucwa_conversation_get_participants (conversation)), ==, 1);
  g_assert_cmpstr (ucwa_conversation_get_title (conversation), ==, "Zed");

  g_signal_handlers_disconnect_by_func (lene, count_notify, &typing_notifies);
}

/* (7) Events without their resource: which ones want it, and applying
 * them without it anyway. */
#define BARE_CONVERSATION COMM "/conversations/b1"

static void
test_link_only (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (UcwaEvent) invitation_started = new_event (UCWA_EVENT_STARTED, "communication", HOST COMM,
                                                        "messagingInvitation", HOST COMM "/messagingInvitations/701", NULL);
  g_autoptr (UcwaEvent) meeting_started = new_event (UCWA_EVENT_STARTED, "communication", HOST COMM,
                                                     "onlineMeetingInvitation", HOST COMM "/invitations/711", NULL);
  g_autoptr (UcwaEvent) conversation_added = new_event (UCWA_EVENT_ADDED, "communication", HOST COMM,
                                                        "conversation", HOST BARE_CONVERSATION, NULL);
  g_autoptr (UcwaEvent) messaging_updated = new_event (UCWA_EVENT_UPDATED, "conversation", HOST BARE_CONVERSATION,
                                                       "messaging", HOST BARE_CONVERSATION "/messaging", NULL);
  g_autoptr (UcwaEvent) message_completed = new_event (UCWA_EVENT_COMPLETED, "conversation", HOST BARE_CONVERSATION,
                                                       "message", HOST BARE_CONVERSATION "/messaging/messages/1", NULL);
  g_autoptr (UcwaEvent) participant_bare = new_event (UCWA_EVENT_ADDED, "conversation", HOST BARE_CONVERSATION,
                                                      "participant", HOST BARE_CONVERSATION "/participants/x", NULL);
  g_autoptr (UcwaEvent) participant_titled = new_event (UCWA_EVENT_ADDED, "conversation", HOST BARE_CONVERSATION,
                                                        "participant", HOST BARE_CONVERSATION "/participants/y", "Yan");
  g_autoptr (UcwaEvent) participant_typing = new_event (UCWA_EVENT_ADDED, "conversation", HOST BARE_CONVERSATION,
                                                        "participant", HOST BARE_CONVERSATION "/participants/z", NULL);
  g_autoptr (UcwaEvent) conversation_deleted = new_event (UCWA_EVENT_DELETED, "communication", HOST COMM,
                                                          "conversation", HOST COMM "/conversations/other", NULL);
  g_autoptr (UcwaEvent) me_updated = new_event (UCWA_EVENT_UPDATED, "me", HOST APP "/me", "me", HOST APP "/me", NULL);
  g_autoptr (UcwaEvent) embedded = new_event (UCWA_EVENT_UPDATED, "conversation", HOST BARE_CONVERSATION,
                                              "messaging", HOST BARE_CONVERSATION "/messaging", NULL);
  UcwaInvitation       *invitation;
  UcwaConversation     *conversation;
  UcwaMessage          *message;
  UcwaParticipant      *participant;

  participant_typing->in_rel = g_strdup ("typingParticipants");
  participant_typing->in_href = g_strdup (HOST BARE_CONVERSATION "/messaging/typingParticipants");
  embedded->embedded = json_object_new ();

  g_assert_true (ucwa_model_event_wants_resource (f->model, invitation_started));
  g_assert_true (ucwa_model_event_wants_resource (f->model, meeting_started));
  g_assert_true (ucwa_model_event_wants_resource (f->model, conversation_added));
  g_assert_true (ucwa_model_event_wants_resource (f->model, messaging_updated));
  g_assert_true (ucwa_model_event_wants_resource (f->model, message_completed));
  g_assert_true (ucwa_model_event_wants_resource (f->model, participant_bare));
  g_assert_false (ucwa_model_event_wants_resource (f->model, participant_titled));
  g_assert_false (ucwa_model_event_wants_resource (f->model, participant_typing));
  g_assert_false (ucwa_model_event_wants_resource (f->model, conversation_deleted));
  g_assert_false (ucwa_model_event_wants_resource (f->model, me_updated));
  g_assert_false (ucwa_model_event_wants_resource (f->model, embedded));

  /* The fetch failed: apply them bare. */
  ucwa_model_apply_event (f->model, invitation_started);
  ucwa_model_apply_event (f->model, meeting_started);
  ucwa_model_apply_event (f->model, conversation_added);
  ucwa_model_apply_event (f->model, messaging_updated);
  ucwa_model_apply_event (f->model, message_completed);
  ucwa_model_apply_event (f->model, participant_bare);
  ucwa_model_apply_event (f->model, participant_titled);
  ucwa_model_apply_event (f->model, participant_typing);
  ucwa_model_apply_event (f->model, conversation_deleted);
  ucwa_model_apply_event (f->model, me_updated);
  ucwa_model_apply_event (f->model, embedded);

  g_assert_cmpuint (f->invitations_added->len, ==, 2);
  invitation = g_ptr_array_index (f->invitations_added, 0);
  g_assert_cmpint (ucwa_invitation_get_kind (invitation), ==, UCWA_INVITATION_KIND_MESSAGING);
  g_assert_cmpint (ucwa_invitation_get_status (invitation), ==, UCWA_INVITATION_STATUS_PENDING);
  g_assert_null (ucwa_invitation_get_message (invitation));
  g_assert_null (ucwa_invitation_get_from_name (invitation));
  g_assert_false (ucwa_invitation_is_answerable (invitation));
  g_assert_cmpint (ucwa_invitation_get_kind (g_ptr_array_index (f->invitations_added, 1)), ==,
                   UCWA_INVITATION_KIND_ONLINE_MEETING);

  g_assert_cmpuint (f->conversations_added->len, ==, 1);
  conversation = g_ptr_array_index (f->conversations_added, 0);
  g_assert_cmpint (ucwa_conversation_get_state (conversation), ==, UCWA_CONVERSATION_STATE_UNKNOWN);
  g_assert_cmpstr (ucwa_conversation_get_messaging_href (conversation), ==, HOST BARE_CONVERSATION "/messaging");
  g_assert_cmpint (ucwa_conversation_get_messaging_state (conversation), ==, UCWA_MODALITY_STATE_DISCONNECTED);

  g_assert_cmpuint (f->messages_added->len, ==, 1);
  message = g_ptr_array_index (f->messages_added, 0);
  g_assert_cmpstr (ucwa_message_get_text (message), ==, "");
  g_assert_cmpint (ucwa_message_get_status (message), ==, UCWA_MESSAGE_STATUS_DELIVERED);

  g_assert_cmpuint (n_items (ucwa_conversation_get_participants (conversation)), ==, 2);
  participant = item (ucwa_conversation_get_participants (conversation), 1);
  g_assert_cmpstr (ucwa_participant_get_name (participant), ==, "Yan");
  g_assert_cmpstr (ucwa_conversation_get_title (conversation), ==, "Yan");
  g_assert_cmpuint (n_items (ucwa_conversation_get_typing_participants (conversation)), ==, 1);

  /* The fetched copy arrives later as an update of the same objects. */
  g_clear_pointer (&invitation_started->embedded, json_object_unref);
  invitation_started->type = UCWA_EVENT_UPDATED;
  invitation_started->embedded = object_from_squotes (
    "{'direction':'Incoming','threadId':'T7','_links':{'accept':{'href':'" COMM "/messagingInvitations/701/accept'},"
    "'message':{'href':'data:text/plain;charset=utf-8,Late'}},'rel':'messagingInvitation'}");
  ucwa_model_apply_event (f->model, invitation_started);
  g_assert_cmpuint (f->invitations_added->len, ==, 2);
  g_assert_cmpstr (ucwa_invitation_get_message (invitation), ==, "Late");
  g_assert_cmpstr (ucwa_invitation_get_accept_href (invitation), ==, HOST COMM "/messagingInvitations/701/accept");
}

/* (8) Garbage: wrong types, missing fields, unknown rels. */
static void
test_garbage (Fixture      *f,
              gconstpointer data)
{
  static const struct
  {
    UcwaEventType type;
    const char   *sender_rel;
    const char   *rel;
    const char   *embedded;
  } cases[] = {
    { UCWA_EVENT_STARTED, "communication", "messagingInvitation",
      "{'direction':42,'threadId':{},'state':[],'subject':7,'_links':'nope','_embedded':{'from':'x'}}" },
    { UCWA_EVENT_UPDATED, "communication", "messagingInvitation",
      "{'_links':{'accept':5,'decline':[1,2],'message':{'href':'data:broken'},'conversation':{'href':null}},"
      "'_embedded':{'from':{'name':[],'uri':3}}}" },
    { UCWA_EVENT_COMPLETED, "communication", "onlineMeetingInvitation",
      "{'reason':'not an object','_embedded':{'reason':17},'_links':{'message':{'href':'data:text/html;base64,@@@'}}}" },
    { UCWA_EVENT_ADDED, "communication", "conversation",
      "{'state':false,'subject':[],'threadId':1.5,'_links':{'messaging':[{'href':5},{'nohref':true}]}}" },
    { UCWA_EVENT_UPDATED, "conversation", "messaging",
      "{'state':12,'_links':{'sendMessage':'x','addMessaging':{'href':[]}}}" },
    { UCWA_EVENT_COMPLETED, "conversation", "message",
      "{'direction':'Sideways','timeStamp':true,'operationId':9,"
      "'_links':{'plainMessage':{'href':'data:text/plain;base64,%%%'},'htmlMessage':{'title':'x'},'participant':'p'}}" },
    { UCWA_EVENT_STARTED, "conversation", "message",
      "{'timeStamp':'\\/Date(notanumber)\\/','_links':{'plainMessage':{'href':'not a data uri'}}}" },
    { UCWA_EVENT_ADDED, "conversation", "participant",
      "{'name':{},'uri':[],'local':'yes','organizer':3}" },
    { UCWA_EVENT_ADDED, "conversation", "localParticipant", "{'rel':7}" },
    { UCWA_EVENT_UNKNOWN, "conversation", "participant", "{}" },
    { UCWA_EVENT_DELETED, "communication", "messagingInvitation", "{}" },
    { UCWA_EVENT_ADDED, "communication", "message", "{}" }, /* wrong sender */
    { UCWA_EVENT_UPDATED, "me", "presence", "{'availability':'Online'}" },
    { UCWA_EVENT_UPDATED, "communication", "communication", "{'supportedModalities':['Messaging']}" },
    { UCWA_EVENT_UPDATED, "policies", "policies", "{}" },
    { UCWA_EVENT_ADDED, "conversation", "participantMessaging", "{}" },
    { UCWA_EVENT_ADDED, "conversation", "onlineMeeting", "{}" },
    { UCWA_EVENT_ADDED, "conversation", "somethingNew", "{}" },
  };
  g_autoptr (UcwaEvent)      empty = g_new0 (UcwaEvent, 1);
  g_autoptr (UcwaEvent)      no_sender = new_event (UCWA_EVENT_UPDATED, NULL, NULL, "messaging", HOST COMM "/x/messaging", NULL);
  g_autoptr (UcwaEvent)      no_href = new_event (UCWA_EVENT_STARTED, "communication", HOST COMM, "messagingInvitation", NULL, NULL);
  g_autoptr (UcwaEventBatch) no_events = ucwa_event_batch_new ();
  UcwaConversation          *conversation;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char      *href = g_strdup_printf (HOST COMM "/garbage/%u", i);
      g_autoptr (UcwaEvent) event = new_event (cases[i].type, cases[i].sender_rel,
                                               g_strcmp0 (cases[i].sender_rel, "conversation") == 0
                                                 ? HOST COMM "/conversations/g1"
                                                 : HOST COMM,
                                               cases[i].rel, href, NULL);

      event->embedded = object_from_squotes (cases[i].embedded);
      ucwa_model_event_wants_resource (f->model, event);
      ucwa_model_apply_event (f->model, event);
      /* and without its resource */
      g_clear_pointer (&event->embedded, json_object_unref);
      ucwa_model_event_wants_resource (f->model, event);
      ucwa_model_apply_event (f->model, event);
    }

  g_assert_false (ucwa_model_event_wants_resource (f->model, empty));
  ucwa_model_apply_event (f->model, empty);
  ucwa_model_apply_event (f->model, no_sender);
  ucwa_model_apply_event (f->model, no_href);
  ucwa_model_apply_batch (f->model, no_events);
  ucwa_model_apply_batch (f->model, NULL);

  /* What survived is sane. */
  g_assert_cmpuint (f->invitations_added->len, ==, 3);
  for (guint i = 0; i < f->invitations_added->len; i++)
    {
      UcwaInvitation *invitation = g_ptr_array_index (f->invitations_added, i);

      g_assert_null (ucwa_invitation_get_accept_href (invitation));
      g_assert_null (ucwa_invitation_get_message (invitation));
    }
  g_assert_cmpint (ucwa_invitation_get_status (g_ptr_array_index (f->invitations_added, 2)), ==,
                   UCWA_INVITATION_STATUS_FAILED);

  conversation = ucwa_model_lookup_conversation (f->model, HOST COMM "/garbage/3");
  g_assert_nonnull (conversation);
  g_assert_cmpint (ucwa_conversation_get_state (conversation), ==, UCWA_CONVERSATION_STATE_UNKNOWN);
  conversation = ucwa_model_lookup_conversation (f->model, HOST COMM "/conversations/g1");
  g_assert_nonnull (conversation);
  g_assert_cmpint (ucwa_conversation_get_messaging_state (conversation), ==, UCWA_MODALITY_STATE_DISCONNECTED);
  g_assert_null (ucwa_conversation_get_send_message_href (conversation));
  g_assert_null (ucwa_conversation_get_add_messaging_href (conversation));
  for (guint i = 0; i < n_items (ucwa_conversation_get_messages (conversation)); i++)
    {
      UcwaMessage *message = item (ucwa_conversation_get_messages (conversation), i);

      g_assert_nonnull (ucwa_message_get_text (message));
      g_assert_cmpint (ucwa_message_get_timestamp (message), >=, 0);
    }
  g_assert_cmpuint (n_items (ucwa_conversation_get_messages (conversation)), ==, 2);
  g_assert_cmpuint (f->conversations_added->len, ==, 2);

  /* The enum parsers: exact names, case-tolerant, unknown. */
  g_assert_cmpint (ucwa_conversation_state_from_string ("InLobby"), ==, UCWA_CONVERSATION_STATE_IN_LOBBY);
  g_assert_cmpint (ucwa_conversation_state_from_string ("conferenced"), ==, UCWA_CONVERSATION_STATE_CONFERENCED);
  g_assert_cmpint (ucwa_conversation_state_from_string ("Disconnecting"), ==, UCWA_CONVERSATION_STATE_DISCONNECTING);
  g_assert_cmpint (ucwa_conversation_state_from_string ("Ringing"), ==, UCWA_CONVERSATION_STATE_UNKNOWN);
  g_assert_cmpint (ucwa_conversation_state_from_string (NULL), ==, UCWA_CONVERSATION_STATE_UNKNOWN);
  g_assert_cmpint (ucwa_modality_state_from_string ("Transferring"), ==, UCWA_MODALITY_STATE_TRANSFERRING);
  g_assert_cmpint (ucwa_modality_state_from_string ("Connecting"), ==, UCWA_MODALITY_STATE_CONNECTING);
  g_assert_cmpint (ucwa_modality_state_from_string ("Whatever"), ==, UCWA_MODALITY_STATE_DISCONNECTED);
  g_assert_cmpint (ucwa_modality_state_from_string (NULL), ==, UCWA_MODALITY_STATE_DISCONNECTED);
}

/* (9) After resync/resume: the server forgot its transient state. */
static void
test_reset_transient (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char             *pending_offer = offer (COMM "/messagingInvitations/901", "messagingInvitation", "T9", COMM);
  g_autofree char             *done_offer = offer (COMM "/messagingInvitations/902", "messagingInvitation", "T9b", COMM);
  g_autoptr (UcwaConversation) first = NULL;
  UcwaInvitation              *pending;
  UcwaInvitation              *done;
  UcwaConversation            *again;

  apply_senders (f, pending_offer);
  apply_senders (f, done_offer);
  apply_senders (f,
                 "{'rel':'communication','href':'" COMM "','events':["
                 " {'link':{'rel':'messagingInvitation','href':'" COMM "/messagingInvitations/902'},'status':'Success','type':'completed'},"
                 " {'link':{'rel':'conversation','href':'" COMM "/conversations/r1'},"
                 "  '_embedded':{'conversation':{'state':'Connected','rel':'conversation'}},'type':'added'},"
                 " {'link':{'rel':'conversation','href':'" COMM "/conversations/r2'},"
                 "  '_embedded':{'conversation':{'state':'Incoming','rel':'conversation'}},'type':'added'}]},"
                 "{'rel':'conversation','href':'" COMM "/conversations/r1','events':["
                 " {'link':{'rel':'participant','href':'" COMM "/conversations/r1/participants/a','title':'A'},"
                 "  'in':{'rel':'typingParticipants','href':'" COMM "/conversations/r1/messaging/typingParticipants'},'type':'added'}]}");
  g_assert_cmpuint (f->invitations_added->len, ==, 2);
  g_assert_cmpuint (f->invitations_completed->len, ==, 1);
  g_assert_cmpuint (n_items (ucwa_model_get_conversations (f->model)), ==, 2);
  pending = g_ptr_array_index (f->invitations_added, 0);
  done = g_ptr_array_index (f->invitations_added, 1);
  first = g_object_ref (g_ptr_array_index (f->conversations_added, 0));
  g_assert_cmpuint (n_items (ucwa_conversation_get_typing_participants (first)), ==, 1);

  ucwa_model_reset_transient (f->model);
  g_assert_cmpuint (n_items (ucwa_model_get_conversations (f->model)), ==, 0);
  g_assert_cmpuint (f->conversations_removed->len, ==, 2);
  g_assert_cmpint (ucwa_conversation_get_state (first), ==, UCWA_CONVERSATION_STATE_DISCONNECTED);
  g_assert_cmpuint (n_items (ucwa_conversation_get_typing_participants (first)), ==, 0);
  g_assert_null (ucwa_model_lookup_conversation (f->model, HOST COMM "/conversations/r1"));

  g_assert_cmpint (ucwa_invitation_get_status (pending), ==, UCWA_INVITATION_STATUS_FAILED);
  g_assert_cmpstr (ucwa_invitation_get_failure_code (pending), ==, "LocalFailure");
  g_assert_cmpstr (ucwa_invitation_get_failure_subcode (pending), ==, "Resynchronized");
  g_assert_false (ucwa_invitation_is_answerable (pending));
  g_assert_cmpint (ucwa_invitation_get_status (done), ==, UCWA_INVITATION_STATUS_SUCCEEDED);
  g_assert_null (ucwa_invitation_get_failure_code (done));
  g_assert_cmpuint (f->invitations_completed->len, ==, 2);
  g_assert_cmpuint (n_items (ucwa_model_get_invitations (f->model)), ==, 2);

  /* Idempotent. */
  ucwa_model_reset_transient (f->model);
  g_assert_cmpuint (f->conversations_removed->len, ==, 2);
  g_assert_cmpuint (f->invitations_completed->len, ==, 2);

  /* A replayed conversation comes back as a new object. */
  apply_senders (f,
                 "{'rel':'conversation','href':'" COMM "/conversations/r1','events':["
                 " {'link':{'rel':'messaging','href':'" COMM "/conversations/r1/messaging'},"
                 "  '_embedded':{'messaging':{'state':'Connected','rel':'messaging'}},'type':'updated'}]}");
  g_assert_cmpuint (f->conversations_added->len, ==, 3);
  again = ucwa_model_lookup_conversation (f->model, HOST COMM "/conversations/r1");
  g_assert_nonnull (again);
  g_assert_true (again != first);
  g_assert_cmpint (ucwa_conversation_get_messaging_state (again), ==, UCWA_MODALITY_STATE_CONNECTED);
}

/* Deleted conversations are not kept alive by the model. */
static void
test_no_growth (Fixture      *f,
                gconstpointer data)
{
  UcwaConversation *watched = NULL;
  UcwaMessage      *watched_message = NULL;

  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *senders = g_strdup_printf (
        "{'rel':'communication','href':'" COMM "','events':["
        " {'link':{'rel':'conversation','href':'" COMM "/conversations/n%u'},"
        "  '_embedded':{'conversation':{'state':'Connected','rel':'conversation'}},'type':'added'}]},"
        "{'rel':'conversation','href':'" COMM "/conversations/n%u','events':["
        " {'link':{'rel':'message','href':'" COMM "/conversations/n%u/messaging/messages/1'},'status':'Success',"
        "  '_embedded':{'message':{'direction':'Incoming','_links':{'plainMessage':{'href':'data:text/plain,hi'}},"
        "   'rel':'message'}},'type':'completed'}]},"
        "{'rel':'communication','href':'" COMM "','events':["
        " {'link':{'rel':'conversation','href':'" COMM "/conversations/n%u'},'type':'deleted'}]}",
        i, i, i, i);

      apply_senders (f, senders);
      if (i == 0)
        {
          watched = g_ptr_array_index (f->conversations_removed, 0);
          watched_message = g_ptr_array_index (f->messages_added, 0);
          g_object_add_weak_pointer (G_OBJECT (watched), (gpointer *) &watched);
          g_object_add_weak_pointer (G_OBJECT (watched_message), (gpointer *) &watched_message);
        }
    }

  g_assert_cmpuint (f->conversations_removed->len, ==, 600);
  g_assert_cmpuint (n_items (ucwa_model_get_conversations (f->model)), ==, 0);

  /* Once the test lets go, nothing holds them. */
  g_ptr_array_set_size (f->conversations_added, 0);
  g_ptr_array_set_size (f->conversations_removed, 0);
  g_ptr_array_set_size (f->messages_added, 0);
  g_assert_null (watched);
  g_assert_null (watched_message);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/model/receive-im-trace", test_receive_im_trace);
  ADD ("/model/meeting", test_meeting);
  ADD ("/model/decline-cancel", test_decline_cancel);
  ADD ("/model/duplicates", test_duplicates);
  ADD ("/model/recreated-application", test_recreated_application);
  ADD ("/model/typing", test_typing);
  ADD ("/model/link-only", test_link_only);
  ADD ("/model/garbage", test_garbage);
  ADD ("/model/reset-transient", test_reset_transient);
  ADD ("/model/no-growth", test_no_growth);
#undef ADD

  return g_test_run ();
}

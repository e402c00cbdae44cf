/* test-outgoing.c: what the user starts (startMessaging, people search,
 * joinOnlineMeeting), through the protocol library against the simulator
 * over real HTTP; and the meeting links and failure reasons they rest on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sim-fixture.h"
#include "test-util.h"
#include "ucwa-error.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "correct horse battery staple"
#define ADA      "sip:ada@contoso.com"
#define GRACE    "sip:grace@contoso.com"

typedef struct
{
  UcwaSimServer *sim;
  UcwaSession   *session;
  char          *root;
  GHashTable    *received; /* texts the remote party received */
  guint          requests; /* to the UCWA server, the event channel aside */
  guint          held_when_added;
  gboolean       conversation_added;
} Fixture;

static void
request_cb (UcwaSimServer *sim,
            const char    *method,
            const char    *path,
            const char    *authorization,
            Fixture       *fixture)
{
  if (strstr (path, "/events") == NULL)
    fixture->requests++;
}

static void
message_received_cb (UcwaSimServer *sim,
                     const char    *id,
                     const char    *text,
                     Fixture       *fixture)
{
  g_hash_table_add (fixture->received, g_strdup (text));
}

static void
conversation_added_cb (UcwaModel        *model,
                       UcwaConversation *conversation,
                       Fixture          *fixture)
{
  if (fixture->conversation_added)
    return;
  fixture->conversation_added = TRUE;
  fixture->held_when_added = ucwa_sim_server_count_held_responses (fixture->sim);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->sim = sim_fixture_new_server (USER, PASSWORD);
  ucwa_sim_server_set_max_hold (fixture->sim, 2000);
  ucwa_sim_server_set_remote_party (fixture->sim, ADA, "Ada Lovelace", UCWA_SIM_REMOTE_ACCEPTS, 100);
  ucwa_sim_server_set_remote_party (fixture->sim, GRACE, "Grace Hopper", UCWA_SIM_REMOTE_ACCEPTS, 100);
  fixture->root = sim_fixture_listen (fixture->sim);
  fixture->session = sim_fixture_new_session ();
  fixture->received = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_signal_connect (fixture->sim, "request", G_CALLBACK (request_cb), fixture);
  g_signal_connect (fixture->sim, "message-received", G_CALLBACK (message_received_cb), fixture);
  g_signal_connect (ucwa_session_get_model (fixture->session), "conversation-added",
                    G_CALLBACK (conversation_added_cb), fixture);

  sim_fixture_sign_in (fixture->session, fixture->root, USER, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_ONLINE);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (fixture->sim, fixture);
  g_signal_handlers_disconnect_by_data (ucwa_session_get_model (fixture->session), fixture);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->sim);
  g_clear_pointer (&fixture->received, g_hash_table_unref);
  g_free (fixture->root);
  test_drain_main_context ();
}

/* Helpers */

static UcwaConversation *
start_messaging (Fixture    *fixture,
                 const char *to,
                 const char *text,
                 GError    **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  ucwa_session_start_messaging_async (fixture->session, to, text, NULL, NULL, test_async_result_cb, &result);
  return ucwa_session_start_messaging_finish (fixture->session, test_wait_result (&result), error);
}

static UcwaConversation *
join_meeting (Fixture    *fixture,
              const char *url,
              GError    **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  ucwa_session_join_meeting_async (fixture->session, url, NULL, test_async_result_cb, &result);
  return ucwa_session_join_meeting_finish (fixture->session, test_wait_result (&result), error);
}

static GListModel *
search (Fixture    *fixture,
        const char *query,
        guint       limit,
        GError    **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  ucwa_session_search_async (fixture->session, query, limit, NULL, test_async_result_cb, &result);
  return ucwa_session_search_finish (fixture->session, test_wait_result (&result), error);
}

typedef struct
{
  UcwaConversation *conversation;
  const char       *text;
} MessageWait;

static gboolean
has_incoming (gpointer user_data)
{
  MessageWait *wait = user_data;
  GListModel  *messages = ucwa_conversation_get_messages (wait->conversation);

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr (UcwaMessage) message = g_list_model_get_item (messages, i);

      if (ucwa_message_get_direction (message) == UCWA_DIRECTION_INCOMING &&
          g_str_equal (ucwa_message_get_text (message), wait->text))
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  Fixture    *fixture;
  const char *text;
} ReceivedWait;

static gboolean
was_received (gpointer user_data)
{
  ReceivedWait *wait = user_data;

  return g_hash_table_contains (wait->fixture->received, wait->text);
}

static void
wait_received (Fixture    *fixture,
               const char *text)
{
  ReceivedWait wait = { fixture, text };

  test_wait_until (was_received, &wait, text);
}

/* startMessaging */

static void
test_start_connected (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr (GError)           error = NULL;
  g_autoptr (UcwaConversation) conversation = NULL;
  g_autoptr (GAsyncResult)     sent = NULL;
  MessageWait                  wait;

  conversation = start_messaging (fixture, "ada@contoso.com", "Hi Ada, got a minute?", &error);
  g_assert_no_error (error);
  g_assert_nonnull (conversation);
  g_assert_cmpint (ucwa_conversation_get_state (conversation), ==, UCWA_CONVERSATION_STATE_CONNECTED);
  g_assert_cmpint (ucwa_conversation_get_messaging_state (conversation), ==, UCWA_MODALITY_STATE_CONNECTED);
  g_assert_nonnull (ucwa_conversation_get_send_message_href (conversation));
  /* The first message travelled with the invitation. */
  wait_received (fixture, "Hi Ada, got a minute?");

  /* Ours to the remote party. */
  ucwa_session_send_message_async (fixture->session, conversation, "Are you there?", NULL,
                                   test_async_result_cb, &sent);
  g_assert_true (ucwa_session_send_message_finish (fixture->session, test_wait_result (&sent), &error));
  g_assert_no_error (error);
  wait_received (fixture, "Are you there?");

  /* Theirs to us, in the same conversation. */
  g_assert_true (ucwa_sim_server_send_remote_message (fixture->sim, ucwa_conversation_get_thread_id (conversation),
                                                      "Yes, go ahead"));
  wait.conversation = conversation;
  wait.text = "Yes, go ahead";
  test_wait_until (has_incoming, &wait, "the remote party's message");
}

static gboolean
conversation_was_added (gpointer data)
{
  return ((Fixture *) data)->conversation_added;
}

typedef struct
{
  Fixture    *fixture;
  const char *method;
  const char *path_suffix;
} RequestWait;

static gboolean
was_requested (gpointer data)
{
  RequestWait *wait = data;

  return ucwa_sim_server_count_requests (wait->fixture->sim, wait->method, wait->path_suffix) > 0;
}

static gboolean
conversation_ended (gpointer data)
{
  return ucwa_conversation_get_state (data) == UCWA_CONVERSATION_STATE_DISCONNECTED;
}

/* Given up while it rings (the user closed the chat): the invitation is
 * withdrawn from the server through its `cancel` link, which ends it there
 * (the other party's invitation stops ringing), not left to time out. */
static void
test_start_withdrawn (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr (GError)           error = NULL;
  g_autoptr (GCancellable)     cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult)     result = NULL;
  g_autoptr (UcwaConversation) conversation = NULL;
  g_autoptr (UcwaConversation) ringing = NULL;
  RequestWait                  withdrawn = { fixture, "POST", "/cancel" };
  UcwaModel                   *model = ucwa_session_get_model (fixture->session);

  ucwa_sim_server_set_invitation_timeout (fixture->sim, 0);
  ucwa_sim_server_set_remote_party (fixture->sim, ADA, "Ada Lovelace", UCWA_SIM_REMOTE_NO_ANSWER, 0);
  ucwa_session_start_messaging_async (fixture->session, ADA, "Hi", NULL, cancellable, test_async_result_cb, &result);
  test_wait_until (conversation_was_added, fixture, "the invitation's conversation");
  g_assert_cmpuint (g_list_model_get_n_items (ucwa_model_get_conversations (model)), ==, 1);
  ringing = g_list_model_get_item (ucwa_model_get_conversations (model), 0);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/cancel"), ==, 0);

  g_cancellable_cancel (cancellable);
  conversation = ucwa_session_start_messaging_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (conversation);
  test_wait_until (was_requested, &withdrawn, "the invitation's cancel POST");
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/cancel"), ==, 1);
  /* The server ended it: the conversation is over here too. */
  test_wait_until (conversation_ended, ringing, "the withdrawn invitation's conversation to end");
}

/* Starts a chat with @to that must fail with @code. */
static void
start_fails (Fixture    *fixture,
             const char *to,
             int         code,
             const char *message)
{
  g_autoptr (GError)           error = NULL;
  g_autoptr (UcwaConversation) conversation = start_messaging (fixture, to, "Hi", &error);

  g_assert_error (error, UCWA_ERROR, code);
  g_assert_null (conversation);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
}

static void
test_start_declined (Fixture      *fixture,
                     gconstpointer data)
{
  ucwa_sim_server_set_remote_party (fixture->sim, ADA, "Ada Lovelace", UCWA_SIM_REMOTE_DECLINES, 100);
  /* The server's own words (field trace). */
  start_fails (fixture, ADA, UCWA_ERROR_DECLINED, "Your invitation was declined.");
}

static void
test_start_no_answer (Fixture      *fixture,
                      gconstpointer data)
{
  /* The server's ~30 s, made short. */
  ucwa_sim_server_set_invitation_timeout (fixture->sim, 300);
  ucwa_sim_server_set_remote_party (fixture->sim, ADA, "Ada Lovelace", UCWA_SIM_REMOTE_NO_ANSWER, 0);
  start_fails (fixture, ADA, UCWA_ERROR_NO_ANSWER, NULL);
}

static void
test_start_offline (Fixture      *fixture,
                    gconstpointer data)
{
  ucwa_sim_server_set_remote_party (fixture->sim, ADA, "Ada Lovelace", UCWA_SIM_REMOTE_OFFLINE, 0);
  start_fails (fixture, ADA, UCWA_ERROR_UNAVAILABLE, NULL);
}

static void
test_start_unknown (Fixture      *fixture,
                    gconstpointer data)
{
  start_fails (fixture, "sip:nobody@contoso.com", UCWA_ERROR_DESTINATION_NOT_FOUND, NULL);
}

static void
test_start_bad_address (Fixture      *fixture,
                        gconstpointer data)
{
  const char *bad[] = { "", "ada", "sip:", "@contoso.com", "ada@", "ada@b@c", "ada smith@contoso.com",
                        "ada@contoso.com;gruu", "<sip:ada@contoso.com>" };
  guint       before = fixture->requests;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError)           error = NULL;
      g_autoptr (UcwaConversation) conversation = start_messaging (fixture, bad[i], "Hi", &error);

      g_test_message ("address %s", bad[i]);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_null (conversation);
    }
  g_assert_cmpuint (fixture->requests, ==, before);
}

/* The completion before the POST's 201 (§7): matched by operationId. */
static void
test_start_events_first (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr (GError)           error = NULL;
  g_autoptr (UcwaConversation) conversation = NULL;

  ucwa_sim_server_set_outgoing_events_first (fixture->sim, TRUE);
  conversation = start_messaging (fixture, ADA, "Hi", &error);
  g_assert_no_error (error);
  g_assert_nonnull (conversation);
  g_assert_true (fixture->conversation_added);
  /* The conversation came while the 201 was still held back. */
  g_assert_cmpuint (fixture->held_when_added, ==, 1);
  g_assert_cmpuint (ucwa_sim_server_count_held_responses (fixture->sim), ==, 0);
  g_assert_cmpint (ucwa_conversation_get_messaging_state (conversation), ==, UCWA_MODALITY_STATE_CONNECTED);
}

static void
test_start_signed_out (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr (GError)           error = NULL;
  g_autoptr (UcwaConversation) conversation = NULL;
  g_autoptr (UcwaSession)      session = ucwa_session_new ();
  g_autoptr (GAsyncResult)     result = NULL;

  ucwa_session_start_messaging_async (session, ADA, "Hi", NULL, NULL, test_async_result_cb, &result);
  conversation = ucwa_session_start_messaging_finish (session, test_wait_result (&result), &error);
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_SIGNED_OUT);
  g_assert_null (conversation);
}

/* People search */

static UcwaContact *
contact_at (GListModel *contacts,
            guint       i)
{
  g_autoptr (UcwaContact) contact = g_list_model_get_item (contacts, i);

  return contact;
}

static void
test_search_by_name (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr (GError)     error = NULL;
  g_autoptr (GListModel) contacts = search (fixture, "ada lov", 10, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (contacts), ==, 1);
  g_assert_cmpstr (ucwa_contact_get_name (contact_at (contacts, 0)), ==, "Ada Lovelace");
  g_assert_cmpstr (ucwa_contact_get_uri (contact_at (contacts, 0)), ==, ADA);
  /* Read from the contact's presence link. */
  g_assert_cmpstr (ucwa_contact_get_availability (contact_at (contacts, 0)), ==, "Online");
}

static void
test_search_by_address (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr (GError)     error = NULL;
  g_autoptr (GListModel) contacts = NULL;

  ucwa_sim_server_set_remote_party (fixture->sim, GRACE, "Grace Hopper", UCWA_SIM_REMOTE_OFFLINE, 0);
  contacts = search (fixture, "GRACE@contoso", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (contacts), ==, 1);
  g_assert_cmpstr (ucwa_contact_get_name (contact_at (contacts, 0)), ==, "Grace Hopper");
  g_assert_cmpstr (ucwa_contact_get_availability (contact_at (contacts, 0)), ==, "Offline");
  g_clear_object (&contacts);

  /* Everyone at contoso.com: the user, Ada and Grace; the limit holds. */
  contacts = search (fixture, "contoso.com", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (contacts), ==, 3);
  g_clear_object (&contacts);
  contacts = search (fixture, "contoso.com", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (contacts), ==, 2);
}

static void
test_search_empty (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr (GError)     error = NULL;
  g_autoptr (GListModel) contacts = search (fixture, "zzyzx", 10, &error);
  guint                  before;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (contacts), ==, 0);
  g_clear_object (&contacts);

  /* A blank search finds nobody without asking. */
  before = fixture->requests;
  contacts = search (fixture, "   ", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (contacts), ==, 0);
  g_assert_cmpuint (fixture->requests, ==, before);
}

static void
test_search_cancelled (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr (GError)       error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GListModel)   contacts = NULL;

  ucwa_session_search_async (fixture->session, "ada", 10, cancellable, test_async_result_cb, &result);
  g_cancellable_cancel (cancellable);
  contacts = ucwa_session_search_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (contacts);
}

/* joinOnlineMeeting */

static void
test_join_forms (Fixture      *fixture,
                 gconstpointer data)
{
  /* Each followed by the conference id, and by each of the tails. */
  const char *tails[] = { "", "/?sl=1", "?conversation-id=x", "%3Frequired-media=audio" };
  const char *forms[] = {
    "https://meet.contoso.com/grace/",
    "https://lync.contoso.com/meet/grace/",
    "conf:sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:",
    "sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:",
  };
  g_autofree char *id = ucwa_sim_server_create_meeting (fixture->sim, GRACE, "Grace Hopper", "K7RX2M9Q",
                                                        UCWA_SIM_LOBBY_NONE);

  for (guint i = 0; i < G_N_ELEMENTS (forms) * G_N_ELEMENTS (tails); i++)
    {
      g_autoptr (GError)           error = NULL;
      g_autoptr (UcwaConversation) conversation = NULL;
      g_autoptr (GAsyncResult)     left = NULL;
      const char                  *form = forms[i / G_N_ELEMENTS (tails)];
      const char                  *tail = tails[i % G_N_ELEMENTS (tails)];
      g_autofree char             *url = NULL;

      /* A query is a web link's; "%3F…" a conf: link's; "/" both. */
      if ((g_str_has_prefix (form, "https:") && g_str_has_prefix (tail, "%")) ||
          (!g_str_has_prefix (form, "https:") && g_str_has_prefix (tail, "/")))
        continue;
      url = g_strconcat (form, id, tail, NULL);

      g_test_message ("joining %s", url);
      conversation = join_meeting (fixture, url, &error);
      g_assert_no_error (error);
      g_assert_nonnull (conversation);
      g_assert_cmpint (ucwa_conversation_get_state (conversation), ==, UCWA_CONVERSATION_STATE_CONFERENCED);

      ucwa_session_leave_async (fixture->session, conversation, NULL, test_async_result_cb, &left);
      g_assert_true (ucwa_session_leave_finish (fixture->session, test_wait_result (&left), &error));
      g_assert_no_error (error);
    }
}

/* As after an accepted meeting invitation: the chat is added next. */
static void
test_join_then_chat (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr (GError)           error = NULL;
  g_autoptr (UcwaConversation) conversation = NULL;
  g_autoptr (GAsyncResult)     added = NULL;
  g_autofree char             *id = ucwa_sim_server_create_meeting (fixture->sim, GRACE, "Grace Hopper", NULL,
                                                                    UCWA_SIM_LOBBY_NONE);
  g_autofree char             *url = g_strdup_printf ("https://meet.contoso.com/grace/%s", id);

  conversation = join_meeting (fixture, url, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_conversation_get_messaging_state (conversation), !=, UCWA_MODALITY_STATE_CONNECTED);

  ucwa_session_add_messaging_async (fixture->session, conversation, NULL, test_async_result_cb, &added);
  g_assert_true (ucwa_session_add_messaging_finish (fixture->session, test_wait_result (&added), &error));
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_conversation_get_messaging_state (conversation), ==, UCWA_MODALITY_STATE_CONNECTED);
}

static gboolean
has_conversation_in_lobby (gpointer user_data)
{
  GListModel *conversations = ucwa_model_get_conversations (user_data);

  for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr (UcwaConversation) conversation = g_list_model_get_item (conversations, i);

      if (ucwa_conversation_get_state (conversation) == UCWA_CONVERSATION_STATE_IN_LOBBY)
        return TRUE;
    }
  return FALSE;
}

/* Joins a new meeting of Grace's with @lobby, whose lobby holds the user
 * for @hold_ms, and returns (once the user waits there) its id; the join's
 * result comes to *result. */
static char *
join_into_lobby (Fixture       *fixture,
                 UcwaSimLobby   lobby,
                 GAsyncResult **result)
{
  g_autofree char *id = NULL;
  g_autofree char *url = NULL;

  /* Held there until the test says, however slow the machine. */
  ucwa_sim_server_set_lobby_hold (fixture->sim, UCWA_SIM_LOBBY_HOLD_UNTIL_TOLD);
  id = ucwa_sim_server_create_meeting (fixture->sim, GRACE, "Grace Hopper", NULL, lobby);
  url = g_strdup_printf ("conf:sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:%s", id);

  ucwa_session_join_meeting_async (fixture->session, url, NULL, test_async_result_cb, result);
  test_wait_until (has_conversation_in_lobby, ucwa_session_get_model (fixture->session), "the lobby");
  g_assert_null (*result);
  return g_steal_pointer (&id);
}

static void
join_with_lobby (Fixture           *fixture,
                 UcwaSimLobby       lobby,
                 GError           **error,
                 UcwaConversation **out)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char         *id = join_into_lobby (fixture, lobby, &result);

  /* The meeting's verdict, once the user is seen waiting. */
  if (lobby == UCWA_SIM_LOBBY_REFUSES)
    g_assert_true (ucwa_sim_server_refuse_from_lobby (fixture->sim, id));
  else
    g_assert_true (ucwa_sim_server_admit_from_lobby (fixture->sim, id));
  *out = ucwa_session_join_meeting_finish (fixture->session, test_wait_result (&result), error);
}

static void
test_join_lobby_admitted (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr (GError)           error = NULL;
  g_autoptr (UcwaConversation) conversation = NULL;

  join_with_lobby (fixture, UCWA_SIM_LOBBY_ADMITS, &error, &conversation);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_conversation_get_state (conversation), ==, UCWA_CONVERSATION_STATE_CONFERENCED);
}

static void
test_join_lobby_refused (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr (GError)           error = NULL;
  g_autoptr (UcwaConversation) conversation = NULL;

  join_with_lobby (fixture, UCWA_SIM_LOBBY_REFUSES, &error, &conversation);
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_LOBBY_DENIED);
  g_assert_null (conversation);
}

static void
test_join_unknown (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr (GError)           error = NULL;
  g_autoptr (UcwaConversation) conversation = NULL;
  g_autofree char             *id = ucwa_sim_server_create_meeting (fixture->sim, GRACE, "Grace Hopper", NULL,
                                                                    UCWA_SIM_LOBBY_NONE);
  g_autofree char             *url = g_strdup_printf ("https://meet.contoso.com/grace/%s", id);

  conversation = join_meeting (fixture, "https://meet.contoso.com/grace/NOSUCH42", &error);
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_DESTINATION_NOT_FOUND);
  g_assert_null (conversation);
  g_clear_error (&error);

  /* An ended meeting is not found either: the reference has no other
   * answer for it. */
  g_assert_true (ucwa_sim_server_end_meeting (fixture->sim, id));
  conversation = join_meeting (fixture, url, &error);
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_DESTINATION_NOT_FOUND);
  g_assert_null (conversation);
}

static void
test_join_ended_in_lobby (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr (GError)           error = NULL;
  g_autoptr (UcwaConversation) conversation = NULL;
  g_autoptr (GAsyncResult)     result = NULL;
  g_autofree char             *id = join_into_lobby (fixture, UCWA_SIM_LOBBY_ADMITS, &result);

  g_assert_true (ucwa_sim_server_end_meeting (fixture->sim, id));
  conversation = ucwa_session_join_meeting_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_MEETING_ENDED);
  g_assert_null (conversation);
}

/* The application is lost while the user waits in the lobby: the join's
 * completion would come to the lost one, so it fails instead of waiting on. */
static void
test_join_application_lost (Fixture      *fixture,
                            gconstpointer data)
{
  g_autoptr (GError)           error = NULL;
  g_autoptr (UcwaConversation) conversation = NULL;
  g_autoptr (GAsyncResult)     result = NULL;
  g_autofree char             *id = join_into_lobby (fixture, UCWA_SIM_LOBBY_ADMITS, &result);

  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND, 1);
  conversation = ucwa_session_join_meeting_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_OPERATION_FAILED);
  g_assert_null (conversation);
}

static void
test_join_foreign (Fixture      *fixture,
                   gconstpointer data)
{
  const char *foreign[] = {
    "https://meet.fabrikam.com/grace/K7RX2M9Q",
    "conf:sip:grace@fabrikam.com;gruu;opaque=app:conf:focus:id:K7RX2M9Q",
    "https://meet.evilcontoso.com/grace/K7RX2M9Q",
    "https://meet.contoso.com.evil.example/grace/K7RX2M9Q",
  };
  guint            before = fixture->requests;
  g_autofree char *id = ucwa_sim_server_create_meeting (fixture->sim, "sip:grace@fabrikam.com", "Grace", "K7RX2M9Q",
                                                        UCWA_SIM_LOBBY_NONE);

  g_assert_cmpstr (id, ==, "K7RX2M9Q");
  for (guint i = 0; i < G_N_ELEMENTS (foreign); i++)
    {
      g_autoptr (GError)           error = NULL;
      g_autoptr (UcwaConversation) conversation = join_meeting (fixture, foreign[i], &error);

      g_test_message ("joining %s", foreign[i]);
      g_assert_error (error, UCWA_ERROR, UCWA_ERROR_FOREIGN_MEETING);
      g_assert_null (conversation);
    }
  g_assert_cmpuint (fixture->requests, ==, before);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/communication/onlineMeetingInvitations"), ==, 0);
}

static const char *const malformed_links[] = {
  "",
  "   ",
  "meet.contoso.com/grace/K7RX2M9Q",
  "http://meet.contoso.com/grace/K7RX2M9Q",
  "https://meet.contoso.com/grace",
  "https://meet.contoso.com/grace/",
  "https://meet.contoso.com/",
  "https://meet.contoso.com/grace/K7RX2M9Q/extra",
  "https://meet.contoso.com/gr ace/K7RX2M9Q",
  "https://meet.contoso.com/grace/K7RX-2M9Q",
  "https://user:pass@meet.contoso.com/grace/K7RX2M9Q",
  "https://meet.contoso.com:8443/grace/K7RX2M9Q",
  "https://meet.contoso.com/grace/%2e%2e",
  "https://www.contoso.com/grace/K7RX2M9Q",
  "https://meet.contoso..com/grace/K7RX2M9Q",
  "https://meet.-contoso.com/grace/K7RX2M9Q",
  "https://meet.localhost/grace/K7RX2M9Q",
  "conf:",
  "conf:sip:",
  "conf:sip:grace@contoso.com",
  "conf:sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:",
  "conf:sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:K7RX2M9Q;x=y",
  "conf:sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:K7RX2M9Q%20",
  "conf:sip:@contoso.com;gruu;opaque=app:conf:focus:id:K7RX2M9Q",
  "conf:sip:grace@;gruu;opaque=app:conf:focus:id:K7RX2M9Q",
  "conf:sip:gr<ace@contoso.com;gruu;opaque=app:conf:focus:id:K7RX2M9Q",
  "conf:sip:grace@contoso.com;opaque=app:conf:focus:id:K7RX2M9Q",
  "sip:grace@contoso.com",
  "im:sip:grace@contoso.com",
  "tel:+14255550100",
  "javascript:alert(1)",
};

static void
test_join_malformed (Fixture      *fixture,
                     gconstpointer data)
{
  guint before = fixture->requests;

  for (guint i = 0; i < G_N_ELEMENTS (malformed_links); i++)
    {
      g_autoptr (GError)           error = NULL;
      g_autoptr (UcwaConversation) conversation = join_meeting (fixture, malformed_links[i], &error);

      g_test_message ("joining \"%s\"", malformed_links[i]);
      g_assert_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_MEETING_LINK);
      g_assert_null (conversation);
    }
  g_assert_cmpuint (fixture->requests, ==, before);
}

/* Without a server */

static void
test_link_parse (void)
{
  const struct
  {
    const char *text;
    const char *domain;
    const char *organizer;
    const char *id;
  } cases[] = {
    { "https://meet.contoso.com/grace/K7RX2M9Q", "contoso.com", "sip:grace@contoso.com", "K7RX2M9Q" },
    { "  https://MEET.Contoso.COM/grace/K7RX2M9Q/  ", "contoso.com", "sip:grace@contoso.com", "K7RX2M9Q" },
    { "https://meet.contoso.com/grace.hopper/ab12?sl=1#x", "contoso.com", "sip:grace.hopper@contoso.com", "ab12" },
    { "https://lync.eu.contoso.com/meet/grace/K7RX2M9Q", "eu.contoso.com", "sip:grace@eu.contoso.com", "K7RX2M9Q" },
    { "conf:sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:K7RX2M9Q", "contoso.com", "sip:grace@contoso.com", "K7RX2M9Q" },
    { "conf:sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:K7RX2M9Q?conversation-id=x", "contoso.com", "sip:grace@contoso.com", "K7RX2M9Q" },
    { "CONF:SIP:grace@Contoso.com;gruu;opaque=app:conf:focus:id:K7RX2M9Q%3Frequired-media=audio", "contoso.com", "sip:grace@contoso.com", "K7RX2M9Q" },
    { "sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:ABCDE", "contoso.com", "sip:grace@contoso.com", "ABCDE" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError)          error = NULL;
      g_autoptr (UcwaMeetingLink) link = ucwa_meeting_link_parse (cases[i].text, &error);
      g_autofree char            *uri = g_strdup_printf ("%s;gruu;opaque=app:conf:focus:id:%s", cases[i].organizer, cases[i].id);
      g_autoptr (UcwaMeetingLink) copy = NULL;

      g_test_message ("%s", cases[i].text);
      g_assert_no_error (error);
      g_assert_cmpstr (ucwa_meeting_link_get_domain (link), ==, cases[i].domain);
      g_assert_cmpstr (ucwa_meeting_link_get_organizer (link), ==, cases[i].organizer);
      g_assert_cmpstr (ucwa_meeting_link_get_conference_id (link), ==, cases[i].id);
      g_assert_cmpstr (ucwa_meeting_link_get_online_meeting_uri (link), ==, uri);
      copy = ucwa_meeting_link_copy (link);
      g_assert_cmpstr (ucwa_meeting_link_get_online_meeting_uri (copy), ==, uri);
    }

  for (guint i = 0; i < G_N_ELEMENTS (malformed_links); i++)
    {
      g_autoptr (GError)          error = NULL;
      g_autoptr (UcwaMeetingLink) link = ucwa_meeting_link_parse (malformed_links[i], &error);

      g_test_message ("\"%s\"", malformed_links[i]);
      g_assert_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_MEETING_LINK);
      g_assert_null (link);
    }
}

static void
test_link_domain (void)
{
  g_autoptr (UcwaMeetingLink) link = ucwa_meeting_link_parse ("https://meet.eu.contoso.com/grace/K7RX2M9Q", NULL);

  g_assert_true (ucwa_meeting_link_is_in_domain_of (link, "sip:alice@contoso.com"));
  g_assert_true (ucwa_meeting_link_is_in_domain_of (link, "alice@eu.contoso.com"));
  g_assert_true (ucwa_meeting_link_is_in_domain_of (link, "alice@CONTOSO.com"));
  g_assert_false (ucwa_meeting_link_is_in_domain_of (link, "alice@fabrikam.com"));
  g_assert_false (ucwa_meeting_link_is_in_domain_of (link, "alice@tosocontoso.com"));
  g_assert_false (ucwa_meeting_link_is_in_domain_of (link, "alice@us.contoso.com"));
  g_assert_false (ucwa_meeting_link_is_in_domain_of (link, "alice"));
  g_assert_false (ucwa_meeting_link_is_in_domain_of (link, NULL));
}

static void
test_operation_reasons (void)
{
  const struct
  {
    const char *code, *subcode, *message;
    int         expected;
  } cases[] = {
    { "RemoteFailure", "Declined", "Your invitation was declined.", UCWA_ERROR_DECLINED },
    { "RemoteFailure", "Timeout", NULL, UCWA_ERROR_NO_ANSWER },
    { "RemoteFailure", "Missed", NULL, UCWA_ERROR_NO_ANSWER },
    { "Timeout", NULL, NULL, UCWA_ERROR_NO_ANSWER },
    { "RemoteFailure", "TemporarilyUnavailable", NULL, UCWA_ERROR_UNAVAILABLE },
    { "RemoteFailure", "busy", NULL, UCWA_ERROR_UNAVAILABLE },
    { "NotFound", "DestinationNotFound", NULL, UCWA_ERROR_DESTINATION_NOT_FOUND },
    { "NotFound", NULL, NULL, UCWA_ERROR_DESTINATION_NOT_FOUND },
    { "RemoteFailure", "Ended", NULL, UCWA_ERROR_MEETING_ENDED },
    { "RemoteFailure", "Denied", NULL, UCWA_ERROR_LOBBY_DENIED },
    { "Forbidden", "None", NULL, UCWA_ERROR_FORBIDDEN },
    { "LocalFailure", "Canceled", NULL, UCWA_ERROR_OPERATION_FAILED },
    { NULL, NULL, NULL, UCWA_ERROR_OPERATION_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = ucwa_error_new_from_operation_reason (cases[i].code, cases[i].subcode,
                                                                       cases[i].message);

      g_assert_error (error, UCWA_ERROR, cases[i].expected);
      g_assert_cmpstr (error->message, !=, "");
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  /* A synchronous 404 DestinationNotFound (joinOnlineMeeting_ref.md). */
  {
    g_autoptr (GError) error = ucwa_error_new_from_reason (404, "NotFound", "DestinationNotFound", NULL);

    g_assert_error (error, UCWA_ERROR, UCWA_ERROR_DESTINATION_NOT_FOUND);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/outgoing/start/connected", test_start_connected);
  ADD ("/outgoing/start/declined", test_start_declined);
  ADD ("/outgoing/start/no-answer", test_start_no_answer);
  ADD ("/outgoing/start/offline", test_start_offline);
  ADD ("/outgoing/start/unknown", test_start_unknown);
  ADD ("/outgoing/start/bad-address", test_start_bad_address);
  ADD ("/outgoing/start/events-first", test_start_events_first);
  ADD ("/outgoing/start/signed-out", test_start_signed_out);
  ADD ("/outgoing/start/withdrawn", test_start_withdrawn);
  ADD ("/outgoing/search/by-name", test_search_by_name);
  ADD ("/outgoing/search/by-address", test_search_by_address);
  ADD ("/outgoing/search/empty", test_search_empty);
  ADD ("/outgoing/search/cancelled", test_search_cancelled);
  ADD ("/outgoing/join/forms", test_join_forms);
  ADD ("/outgoing/join/then-chat", test_join_then_chat);
  ADD ("/outgoing/join/lobby-admitted", test_join_lobby_admitted);
  ADD ("/outgoing/join/lobby-refused", test_join_lobby_refused);
  ADD ("/outgoing/join/unknown", test_join_unknown);
  ADD ("/outgoing/join/ended-in-lobby", test_join_ended_in_lobby);
  ADD ("/outgoing/join/application-lost", test_join_application_lost);
  ADD ("/outgoing/join/foreign", test_join_foreign);
  ADD ("/outgoing/join/malformed", test_join_malformed);
#undef ADD
  g_test_add_func ("/outgoing/link/parse", test_link_parse);
  g_test_add_func ("/outgoing/link/domain", test_link_domain);
  g_test_add_func ("/outgoing/operation-reasons", test_operation_reasons);

  return g_test_run ();
}

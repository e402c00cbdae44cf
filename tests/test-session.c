/* test-session.c: the protocol library against the simulator, over real HTTP
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

typedef struct
{
  UcwaSimServer *sim;
  UcwaSession   *session;
  char          *root;
  GPtrArray     *added;    /* UcwaInvitation, as announced */
  GPtrArray     *messages; /* UcwaMessage, as announced */
  guint          bad_auth; /* UCWA requests without a Bearer token */
  guint          ucwa_requests;
  GHashTable    *received; /* texts the remote party received */
} Fixture;

/* Helpers */

typedef gboolean (*Condition) (Fixture *fixture);

/* Iterates the main loop until @cond holds. */
static void
wait_until (Fixture    *fixture,
            Condition   cond,
            const char *what)
{
  test_wait_until ((TestCondition) cond, fixture, what);
}

static void
request_cb (UcwaSimServer *sim,
            const char    *method,
            const char    *path,
            const char    *authorization,
            Fixture       *fixture)
{
  if (!g_str_has_prefix (path, "/ucwa/"))
    return;
  fixture->ucwa_requests++;
  if (authorization == NULL || !g_str_has_prefix (authorization, "Bearer cwt="))
    fixture->bad_auth++;
}

static void
invitation_added_cb (UcwaModel      *model,
                     UcwaInvitation *invitation,
                     Fixture        *fixture)
{
  g_ptr_array_add (fixture->added, g_object_ref (invitation));
}

static void
message_added_cb (UcwaModel        *model,
                  UcwaConversation *conversation,
                  UcwaMessage      *message,
                  Fixture          *fixture)
{
  g_ptr_array_add (fixture->messages, g_object_ref (message));
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
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->sim = sim_fixture_new_server (USER, PASSWORD);
  /* Keep the long polls short so that tests notice quiet periods quickly. */
  ucwa_sim_server_set_max_hold (fixture->sim, 2000);
  fixture->root = sim_fixture_listen (fixture->sim);

  fixture->session = sim_fixture_new_session ();

  fixture->added = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->messages = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->received = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_signal_connect (fixture->sim, "request", G_CALLBACK (request_cb), fixture);
  g_signal_connect (fixture->sim, "message-received", G_CALLBACK (message_received_cb), fixture);
  g_signal_connect (ucwa_session_get_model (fixture->session), "invitation-added",
                    G_CALLBACK (invitation_added_cb), fixture);
  g_signal_connect (ucwa_session_get_model (fixture->session), "message-added",
                    G_CALLBACK (message_added_cb), fixture);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (fixture->sim, fixture);
  g_signal_handlers_disconnect_by_data (ucwa_session_get_model (fixture->session), fixture);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->sim);
  g_clear_pointer (&fixture->added, g_ptr_array_unref);
  g_clear_pointer (&fixture->messages, g_ptr_array_unref);
  g_clear_pointer (&fixture->received, g_hash_table_unref);
  g_free (fixture->root);
  /* Let cancelled requests unwind before the next test. */
  test_drain_main_context ();
}

static void
sign_in_with (Fixture    *fixture,
              const char *root,
              const char *password,
              GError    **error)
{
  sim_fixture_sign_in (fixture->session, root, USER, password, error);
}

static void
sign_in (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;

  sign_in_with (fixture, fixture->root, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_ONLINE);
}

static gboolean
has_invitation (Fixture *fixture)
{
  return fixture->added->len > 0;
}

typedef struct
{
  Fixture    *fixture;
  guint       from; /* invitations before this one are older */
  const char *message;
} InvitationWait;

static UcwaInvitation *
find_invitation (InvitationWait *wait)
{
  for (guint i = wait->from; i < wait->fixture->added->len; i++)
    {
      UcwaInvitation *invitation = g_ptr_array_index (wait->fixture->added, i);

      if (g_strcmp0 (ucwa_invitation_get_message (invitation), wait->message) == 0)
        return invitation;
    }
  return NULL;
}

static gboolean
has_that_invitation (gpointer user_data)
{
  return find_invitation (user_data) != NULL;
}

/* Waits for that very invitation (not for a number of them). */
static UcwaInvitation *
receive_im (Fixture    *fixture,
            const char *message,
            char      **id_out)
{
  g_autofree char *id = NULL;
  InvitationWait   wait = { fixture, fixture->added->len, message };

  id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com",
                                            "Bob Builder", message);
  g_assert_nonnull (id);
  test_wait_until (has_that_invitation, &wait, message);
  if (id_out != NULL)
    *id_out = g_steal_pointer (&id);
  return find_invitation (&wait);
}

static UcwaConversation *
conversation_of (Fixture        *fixture,
                 UcwaInvitation *invitation)
{
  UcwaModel *model = ucwa_session_get_model (fixture->session);

  return ucwa_model_lookup_conversation (model, ucwa_invitation_get_conversation_href (invitation));
}

static GError *
accept (Fixture        *fixture,
        UcwaInvitation *invitation)
{
  g_autoptr (GAsyncResult) result = NULL;
  GError                  *error = NULL;

  ucwa_session_accept_async (fixture->session, invitation, NULL, test_async_result_cb, &result);
  ucwa_session_accept_finish (fixture->session, test_wait_result (&result), &error);
  return error;
}

/* Sign-in */

static void
test_sign_in (Fixture      *fixture,
              gconstpointer data)
{
  sign_in (fixture);

  g_assert_cmpuint (ucwa_sim_server_count_applications (fixture->sim), ==, 1);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/makeMeAvailable"), ==, 1);
  g_assert_cmpstr (ucwa_session_get_display_name (fixture->session), ==, "Alice Example");
  g_assert_true (ucwa_event_channel_get_running (ucwa_session_get_event_channel (fixture->session)));
  /* Every UCWA request but the very first challenge carries the token. */
  g_assert_cmpuint (fixture->ucwa_requests, >, 2);
  g_assert_cmpuint (fixture->bad_auth, ==, 0);
}

static void
test_sign_in_challenge_styles (Fixture      *fixture,
                               gconstpointer data)
{
  ucwa_sim_server_set_challenge_style (fixture->sim, GPOINTER_TO_INT (data));
  sign_in (fixture);
  g_assert_cmpuint (ucwa_connection_get_token_count (ucwa_session_get_connection (fixture->session)), ==, 1);
}

static void
test_sign_in_bad_password (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  sign_in_with (fixture, fixture->root, "wrong", &error);
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_SIGNED_OUT);
  g_assert_nonnull (ucwa_session_get_error (fixture->session));
  g_assert_cmpuint (ucwa_sim_server_count_applications (fixture->sim), ==, 0);
}

/* What the simulator had been asked when the sign-in reached a phase. */
typedef struct
{
  UcwaSignInPhase phase;
  guint           user_gets;
  guint           token_posts;
  guint           application_posts;
} PhaseSeen;

static void
sign_in_phase_cb (UcwaSession *session,
                  GParamSpec  *pspec,
                  gpointer     user_data)
{
  Fixture  *fixture = user_data;
  GArray   *seen = g_object_get_data (G_OBJECT (session), "test-phases-seen");
  PhaseSeen now = {
    ucwa_session_get_sign_in_phase (session),
    ucwa_sim_server_count_requests (fixture->sim, "GET", "/oauth/user"),
    ucwa_sim_server_count_requests (fixture->sim, "POST", "/oauthtoken"),
    ucwa_sim_server_count_requests (fixture->sim, "POST", "/applications"),
  };

  g_array_append_val (seen, now);
}

/* The steps a sign-in page shows, each as the sign-in reaches it: finding
 * the server until the user resource is asked for, the password for a
 * token until the applications link is known, then the application; none
 * once online, or once failed. */
static void
test_sign_in_phases (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr (GArray) seen = g_array_new (FALSE, TRUE, sizeof (PhaseSeen));
  g_autoptr (GError) error = NULL;
  PhaseSeen         *phases;

  g_assert_cmpint (ucwa_session_get_sign_in_phase (fixture->session), ==, UCWA_SIGN_IN_PHASE_NONE);
  g_object_set_data (G_OBJECT (fixture->session), "test-phases-seen", seen);
  g_signal_connect (fixture->session, "notify::sign-in-phase", G_CALLBACK (sign_in_phase_cb), fixture);

  sign_in (fixture);
  phases = (PhaseSeen *) (void *) seen->data;
  g_assert_cmpuint (seen->len, ==, 4);
  g_assert_cmpint (phases[0].phase, ==, UCWA_SIGN_IN_PHASE_DISCOVERING);
  g_assert_cmpuint (phases[0].user_gets, ==, 0);
  g_assert_cmpint (phases[1].phase, ==, UCWA_SIGN_IN_PHASE_AUTHENTICATING);
  g_assert_cmpuint (phases[1].user_gets, ==, 0);
  g_assert_cmpuint (phases[1].token_posts, ==, 0);
  g_assert_cmpint (phases[2].phase, ==, UCWA_SIGN_IN_PHASE_JOINING);
  g_assert_cmpuint (phases[2].token_posts, ==, 1);
  g_assert_cmpuint (phases[2].application_posts, ==, 0);
  g_assert_cmpint (phases[3].phase, ==, UCWA_SIGN_IN_PHASE_NONE);
  g_assert_cmpuint (phases[3].application_posts, ==, 1);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_ONLINE);

  /* A wrong password ends at the token: no further. */
  g_array_set_size (seen, 0);
  sign_in_with (fixture, fixture->root, "wrong", &error);
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED);
  phases = (PhaseSeen *) (void *) seen->data;
  g_assert_cmpuint (seen->len, ==, 3);
  g_assert_cmpint (phases[0].phase, ==, UCWA_SIGN_IN_PHASE_DISCOVERING);
  g_assert_cmpint (phases[1].phase, ==, UCWA_SIGN_IN_PHASE_AUTHENTICATING);
  g_assert_cmpint (phases[2].phase, ==, UCWA_SIGN_IN_PHASE_NONE);
  g_assert_cmpuint (phases[2].application_posts, ==, 1);
  g_signal_handlers_disconnect_by_func (fixture->session, sign_in_phase_cb, fixture);
}

static void
test_sign_in_insecure (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  /* Plain HTTP is for loopback only: nothing is even sent. */
  sign_in_with (fixture, "http://lyncdiscover.contoso.com/", PASSWORD, &error);
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_DISCOVERY_FAILED);
  g_assert_cmpuint (fixture->ucwa_requests, ==, 0);
}

static void
test_discovery_urls (void)
{
  g_auto (GStrv) urls = ucwa_session_build_discovery_urls ("sip:alice@Contoso.com");
  g_auto (GStrv) bare = ucwa_session_build_discovery_urls ("alice@contoso.com");
  g_auto (GStrv) bad = ucwa_session_build_discovery_urls ("alice@evil.example/x");
  g_auto (GStrv) none = ucwa_session_build_discovery_urls ("alice");

  g_assert_cmpuint (g_strv_length (urls), ==, 2);
  g_assert_cmpstr (urls[0], ==, "https://lyncdiscoverinternal.contoso.com/");
  g_assert_cmpstr (urls[1], ==, "https://lyncdiscover.contoso.com/");
  g_assert_cmpstrv (urls, bare);
  g_assert_null (bad);
  g_assert_null (none);
}

static void
test_discovery_fallback (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autofree char            *dead = NULL;
  const char                 *urls[3] = { NULL, NULL, NULL };
  guint16                     port;

  /* A port that is certainly closed: bind one, then let it go. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_socket_listener_close (listener);
  dead = g_strdup_printf ("http://127.0.0.1:%u/", port);
  urls[0] = dead;
  urls[1] = fixture->root;
  ucwa_session_set_discovery_urls (fixture->session, urls);

  sign_in (fixture);
  g_assert_cmpuint (ucwa_sim_server_count_applications (fixture->sim), ==, 1);
}

static gboolean
is_refused_and_retrying (gpointer session)
{
  return g_error_matches (ucwa_session_get_error (session), G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) &&
         ucwa_session_get_retry_in (session) > 0 &&
         ucwa_session_get_state (session) == UCWA_SESSION_STATE_SIGNING_IN;
}

static void
test_discovery_all_fail (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr (GCancellable)    cancellable = g_cancellable_new ();
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autofree char            *dead = NULL;
  g_autoptr (GError)          error = NULL;
  const char                 *urls[2] = { NULL, NULL };
  g_autoptr (GAsyncResult)    result = NULL;

  dead = g_strdup_printf ("http://127.0.0.1:%u/", g_socket_listener_add_any_inet_port (listener, NULL, NULL));
  g_socket_listener_close (listener);
  urls[0] = dead;
  ucwa_session_set_discovery_urls (fixture->session, urls);

  /* A refused connection is named as such and retried (issue 9): cancel. */
  ucwa_session_sign_in_async (fixture->session, NULL, USER, PASSWORD, cancellable, test_async_result_cb, &result);
  test_wait_until (is_refused_and_retrying, fixture->session, "a refused connection, retried");
  g_cancellable_cancel (cancellable);
  ucwa_session_sign_in_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_sign_in_redirects (Fixture      *fixture,
                        gconstpointer data)
{
  ucwa_sim_server_set_root_redirect (fixture->sim, TRUE);
  ucwa_sim_server_set_user_redirect (fixture->sim, TRUE);
  sign_in (fixture);

  /* The second pool issues its own token. */
  g_assert_cmpuint (ucwa_connection_get_token_count (ucwa_session_get_connection (fixture->session)), ==, 2);
  g_assert_cmpuint (ucwa_sim_server_count_applications (fixture->sim), ==, 1);
}

static gboolean
has_activity_report (Fixture *fixture)
{
  return ucwa_sim_server_count_requests (fixture->sim, "POST", "/reportMyActivity") >= 2;
}

static void
test_report_activity (Fixture      *fixture,
                      gconstpointer data)
{
  ucwa_session_set_activity_interval (fixture->session, 1);
  sign_in (fixture);
  wait_until (fixture, has_activity_report, "two reportMyActivity calls");
}

static gboolean
no_application (Fixture *fixture)
{
  return ucwa_sim_server_count_applications (fixture->sim) == 0;
}

static void
test_sign_out (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;

  sign_in (fixture);
  ucwa_session_sign_out_async (fixture->session, NULL, test_async_result_cb, &result);
  g_assert_true (ucwa_session_sign_out_finish (fixture->session, test_wait_result (&result), &error));
  g_assert_no_error (error);
  wait_until (fixture, no_application, "the application to be deleted");
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_SIGNED_OUT);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "DELETE", NULL), ==, 1);
}

/* Invitations */

static gboolean
first_message_arrived (Fixture *fixture)
{
  return fixture->messages->len >= 1;
}

static void
test_im_accept (Fixture      *fixture,
                gconstpointer data)
{
  UcwaInvitation    *invitation;
  UcwaConversation  *conversation;
  g_autoptr (GError) error = NULL;
  g_autofree char   *id = NULL;
  guint              n_messages;

  sign_in (fixture);
  invitation = receive_im (fixture, "Hi, got a minute?", &id);

  g_assert_cmpint (ucwa_invitation_get_kind (invitation), ==, UCWA_INVITATION_KIND_MESSAGING);
  g_assert_cmpstr (ucwa_invitation_get_from_name (invitation), ==, "Bob Builder");
  g_assert_cmpstr (ucwa_invitation_get_from_uri (invitation), ==, "sip:bob@contoso.com");
  g_assert_cmpstr (ucwa_invitation_get_message (invitation), ==, "Hi, got a minute?");
  g_assert_true (ucwa_invitation_is_answerable (invitation));

  error = accept (fixture, invitation);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_invitation_get_status (invitation), ==, UCWA_INVITATION_STATUS_SUCCEEDED);

  conversation = conversation_of (fixture, invitation);
  g_assert_nonnull (conversation);
  g_assert_cmpint (ucwa_conversation_get_state (conversation), ==, UCWA_CONVERSATION_STATE_CONNECTED);
  g_assert_cmpint (ucwa_conversation_get_messaging_state (conversation), ==, UCWA_MODALITY_STATE_CONNECTED);
  g_assert_nonnull (ucwa_conversation_get_send_message_href (conversation));

  /* The first message comes again after accept: listed once. */
  wait_until (fixture, first_message_arrived, "the first message");
  /* A later message from the remote party: the events are ordered, so a
   * repeat of the first one would have come before it. */
  n_messages = fixture->messages->len;
  g_assert_true (ucwa_sim_server_send_remote_message (fixture->sim, id, "A marker"));
  test_wait_for_count (&fixture->messages->len, n_messages + 1, "the marker message");
  g_assert_cmpstr (ucwa_message_get_text (g_ptr_array_index (fixture->messages, n_messages)), ==, "A marker");
  g_assert_cmpuint (g_list_model_get_n_items (ucwa_conversation_get_messages (conversation)), ==, 1 + 1 /* the marker */);
  g_assert_cmpuint (fixture->added->len, ==, 1);
}

static gboolean
remote_got_reply (Fixture *fixture)
{
  return g_hash_table_contains (fixture->received, "Sure, what's up? ünïcödé ✓");
}

static gboolean
two_messages (Fixture *fixture)
{
  return fixture->messages->len >= 3;
}

static gboolean
typing_is (Fixture *fixture,
           guint    n)
{
  UcwaInvitation   *invitation = g_ptr_array_index (fixture->added, 0);
  UcwaConversation *conversation = conversation_of (fixture, invitation);

  return g_list_model_get_n_items (ucwa_conversation_get_typing_participants (conversation)) == n;
}

static gboolean
someone_typing (Fixture *fixture)
{
  return typing_is (fixture, 1);
}

static gboolean
nobody_typing (Fixture *fixture)
{
  return typing_is (fixture, 0);
}

static void
test_im_conversation (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;
  g_autofree char         *id = NULL;
  UcwaInvitation          *invitation;
  UcwaConversation        *conversation;
  UcwaMessage             *last;
  GListModel              *messages;

  sign_in (fixture);
  invitation = receive_im (fixture, "Hello", &id);
  error = accept (fixture, invitation);
  g_assert_no_error (error);
  conversation = conversation_of (fixture, invitation);
  wait_until (fixture, first_message_arrived, "the first message");

  /* Out… */
  ucwa_session_send_message_async (fixture->session, conversation, "Sure, what's up? ünïcödé ✓",
                                   NULL, test_async_result_cb, &result);
  g_assert_true (ucwa_session_send_message_finish (fixture->session, test_wait_result (&result), &error));
  g_assert_no_error (error);
  wait_until (fixture, remote_got_reply, "the remote party to receive the message");
  g_clear_object (&result);

  /* …typing… */
  ucwa_session_set_is_typing_async (fixture->session, conversation, NULL, test_async_result_cb, &result);
  g_assert_true (ucwa_session_set_is_typing_finish (fixture->session, test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  g_assert_true (ucwa_sim_server_set_remote_typing (fixture->sim, id, TRUE));
  wait_until (fixture, someone_typing, "the remote party typing");
  g_assert_true (ucwa_sim_server_set_remote_typing (fixture->sim, id, FALSE));
  wait_until (fixture, nobody_typing, "the remote party to stop typing");

  /* …and in. */
  g_assert_true (ucwa_sim_server_send_remote_message (fixture->sim, id, "Release notes?"));
  wait_until (fixture, two_messages, "the remote message");

  messages = ucwa_conversation_get_messages (conversation);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 3);
  last = g_list_model_get_item (messages, 2);
  g_assert_cmpstr (ucwa_message_get_text (last), ==, "Release notes?");
  g_assert_cmpint (ucwa_message_get_direction (last), ==, UCWA_DIRECTION_INCOMING);
  g_object_unref (last);
  last = g_list_model_get_item (messages, 1);
  g_assert_cmpstr (ucwa_message_get_text (last), ==, "Sure, what's up? ünïcödé ✓");
  g_assert_cmpint (ucwa_message_get_direction (last), ==, UCWA_DIRECTION_OUTGOING);
  g_object_unref (last);

  /* Leaving ends it. */
  ucwa_session_leave_async (fixture->session, conversation, NULL, test_async_result_cb, &result);
  g_assert_true (ucwa_session_leave_finish (fixture->session, test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
record_received_cb (UcwaSimServer *sim,
                    const char    *id,
                    const char    *text,
                    GPtrArray     *order)
{
  g_ptr_array_add (order, g_strdup (text));
}

typedef struct
{
  GPtrArray *order;
  guint      n;
} OrderWait;

static gboolean
all_received (gpointer data)
{
  const OrderWait *wait = data;

  return wait->order->len >= wait->n;
}

/* Written one after the other, faster than the server answers: each is
 * listed at once, and they reach the server in the order written (their
 * POSTs go one after the other; the reference promises no order between
 * requests in flight). */
static void
test_im_messages_in_order (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr (GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError)    error = NULL;
  GAsyncResult         *result[10] = { NULL };
  UcwaInvitation       *invitation;
  UcwaConversation     *conversation;
  GListModel           *messages;
  guint                 before;
  OrderWait             wait = { order, G_N_ELEMENTS (result) };
  gulong                handler;

  sign_in (fixture);
  invitation = receive_im (fixture, "Hello", NULL);
  error = accept (fixture, invitation);
  g_assert_no_error (error);
  conversation = conversation_of (fixture, invitation);
  wait_until (fixture, first_message_arrived, "the first message");
  messages = ucwa_conversation_get_messages (conversation);
  before = g_list_model_get_n_items (messages);

  handler = g_signal_connect (fixture->sim, "message-received", G_CALLBACK (record_received_cb), order);
  for (guint i = 0; i < G_N_ELEMENTS (result); i++)
    {
      g_autofree char *text = g_strdup_printf ("Message %u", i);

      ucwa_session_send_message_async (fixture->session, conversation, text, NULL, test_async_result_cb, &result[i]);
    }
  /* Listed at once, in order. */
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, before + G_N_ELEMENTS (result));

  test_wait_until (all_received, &wait, "the remote party to receive every message");
  for (guint i = 0; i < G_N_ELEMENTS (result); i++)
    {
      g_autofree char *text = g_strdup_printf ("Message %u", i);

      g_assert_cmpstr (g_ptr_array_index (order, i), ==, text);
      g_assert_true (ucwa_session_send_message_finish (fixture->session, test_wait_result (&result[i]), &error));
      g_assert_no_error (error);
      g_ptr_array_add (results, result[i]);
    }
  g_signal_handler_disconnect (fixture->sim, handler);
}

static gboolean
conversation_messaging_connected (Fixture *fixture)
{
  UcwaConversation *conversation = conversation_of (fixture, g_ptr_array_index (fixture->added, 0));

  return conversation != NULL &&
         ucwa_conversation_get_messaging_state (conversation) == UCWA_MODALITY_STATE_CONNECTED;
}

static void
test_meeting_accept (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;
  g_autofree char         *id = NULL;
  UcwaInvitation          *invitation;
  UcwaConversation        *conversation;

  sign_in (fixture);
  id = ucwa_sim_server_start_meeting_invitation (fixture->sim, NULL, "sip:grace@contoso.com",
                                                 "Grace Hopper", "Release planning");
  g_assert_nonnull (id);
  wait_until (fixture, has_invitation, "the meeting invitation");
  invitation = g_ptr_array_index (fixture->added, 0);
  g_assert_cmpint (ucwa_invitation_get_kind (invitation), ==, UCWA_INVITATION_KIND_ONLINE_MEETING);
  g_assert_cmpstr (ucwa_invitation_get_subject (invitation), ==, "Release planning");
  g_assert_cmpstr (ucwa_invitation_get_from_name (invitation), ==, "Grace Hopper");
  g_assert_nonnull (ucwa_invitation_get_online_meeting_uri (invitation));

  error = accept (fixture, invitation);
  g_assert_no_error (error);
  conversation = conversation_of (fixture, invitation);
  g_assert_nonnull (conversation);
  g_assert_cmpint (ucwa_conversation_get_state (conversation), ==, UCWA_CONVERSATION_STATE_CONFERENCED);

  /* Accept does not connect IM in a meeting: the client joins it. */
  ucwa_session_add_messaging_async (fixture->session, conversation, NULL, test_async_result_cb, &result);
  g_assert_true (ucwa_session_add_messaging_finish (fixture->session, test_wait_result (&result), &error));
  g_assert_no_error (error);
  wait_until (fixture, conversation_messaging_connected, "messaging to connect");
  g_assert_nonnull (ucwa_conversation_get_send_message_href (conversation));

  /* The outgoing invitation of addMessaging is not an incoming invitation. */
  g_assert_cmpuint (fixture->added->len, ==, 1);
}

static gboolean
invitation_completed (Fixture *fixture)
{
  UcwaInvitation *invitation = g_ptr_array_index (fixture->added, 0);

  return ucwa_invitation_get_status (invitation) != UCWA_INVITATION_STATUS_PENDING;
}

static void
test_decline (Fixture      *fixture,
              gconstpointer data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;
  UcwaInvitation          *invitation;

  sign_in (fixture);
  invitation = receive_im (fixture, "Lunch?", NULL);
  ucwa_session_decline_async (fixture->session, invitation, NULL, test_async_result_cb, &result);
  g_assert_true (ucwa_session_decline_finish (fixture->session, test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/decline"), ==, 1);
  wait_until (fixture, invitation_completed, "the invitation to complete");
  g_assert_cmpint (ucwa_invitation_get_status (invitation), ==, UCWA_INVITATION_STATUS_FAILED);
  g_assert_false (ucwa_invitation_is_answerable (invitation));
}

static void
test_cancel_by_inviter (Fixture      *fixture,
                        gconstpointer data)
{
  g_autofree char   *id = NULL;
  UcwaInvitation    *invitation;
  g_autoptr (GError) error = NULL;

  sign_in (fixture);
  invitation = receive_im (fixture, "Never mind", &id);
  g_assert_true (ucwa_sim_server_cancel_invitation (fixture->sim, id));
  wait_until (fixture, invitation_completed, "the invitation to be withdrawn");
  g_assert_cmpint (ucwa_invitation_get_status (invitation), ==, UCWA_INVITATION_STATUS_FAILED);
  g_assert_cmpstr (ucwa_invitation_get_failure_subcode (invitation), ==, "Canceled");
  g_assert_false (ucwa_invitation_is_answerable (invitation));

  error = accept (fixture, invitation);
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_NO_LINK);
}

typedef struct
{
  UcwaSimFault fault;
  UcwaError    code;
} AcceptFault;

static const AcceptFault accept_faults[] = {
  { UCWA_SIM_FAULT_ACCEPT_CALLBACK_CHANNEL_ERROR, UCWA_ERROR_CALLBACK_CHANNEL_ERROR },
  { UCWA_SIM_FAULT_ACCEPT_ALREADY_EXISTS, UCWA_ERROR_ALREADY_EXISTS },
  { UCWA_SIM_FAULT_ACCEPT_TOO_MANY_GROUPS, UCWA_ERROR_TOO_MANY_GROUPS },
  { UCWA_SIM_FAULT_ACCEPT_CONFLICT_NONE, UCWA_ERROR_CONFLICT },
  { UCWA_SIM_FAULT_ACCEPT_CANNOT_REDIRECT, UCWA_ERROR_CANNOT_REDIRECT },
  { UCWA_SIM_FAULT_ACCEPT_SERVICE_UNAVAILABLE, UCWA_ERROR_SERVICE_UNAVAILABLE },
};

static void
test_accept_errors (Fixture      *fixture,
                    gconstpointer data)
{
  const AcceptFault *fault = data;
  UcwaInvitation    *invitation;
  g_autoptr (GError) error = NULL;

  sign_in (fixture);
  invitation = receive_im (fixture, "Are you there?", NULL);

  ucwa_sim_server_inject_fault (fixture->sim, fault->fault, 1);
  error = accept (fixture, invitation);
  g_assert_error (error, UCWA_ERROR, (gint) fault->code);
  g_assert_nonnull (error->message);

  /* Nothing lost: still pending, still answerable, and a retry works. */
  g_assert_cmpint (ucwa_invitation_get_status (invitation), ==, UCWA_INVITATION_STATUS_PENDING);
  g_assert_true (ucwa_invitation_is_answerable (invitation));
  g_clear_error (&error);
  error = accept (fixture, invitation);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_invitation_get_status (invitation), ==, UCWA_INVITATION_STATUS_SUCCEEDED);
}

static void
test_accept_no_completion (Fixture      *fixture,
                           gconstpointer data)
{
  UcwaInvitation    *invitation;
  g_autoptr (GError) error = NULL;

  ucwa_session_set_operation_timeout (fixture->session, 1000);
  sign_in (fixture);
  invitation = receive_im (fixture, "Hello?", NULL);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_ACCEPT_NO_COMPLETION, 1);
  /* A 204 alone is not success. */
  error = accept (fixture, invitation);
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_TIMEOUT);
}

/* The session waits for @invitation to complete: it listens to its
 * notify, which nothing else in these tests does. */
static gboolean
waits_for_completion (gpointer invitation)
{
  return g_signal_has_handler_pending (invitation, g_signal_lookup ("notify", G_TYPE_OBJECT), 0, FALSE);
}

static void
test_accept_cancelled (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;
  UcwaInvitation          *invitation;

  /* Waiting for the completion that never comes: cancelling ends the wait
   * at once, not at the operation timeout. */
  ucwa_session_set_operation_timeout (fixture->session, 60000);
  sign_in (fixture);
  invitation = receive_im (fixture, "Cancel me", NULL);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_ACCEPT_NO_COMPLETION, 1);
  g_assert_false (waits_for_completion (invitation));
  ucwa_session_accept_async (fixture->session, invitation, cancellable, test_async_result_cb, &result);
  /* Cancelled in the very wait under test: the simulator answered the
   * accept, and the session now waits for the completion event. */
  test_wait_until (waits_for_completion, invitation, "the session to wait for the completion");
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/accept"), ==, 1);
  g_assert_null (result);
  g_cancellable_cancel (cancellable);
  ucwa_session_accept_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* And it stopped waiting. */
  g_assert_false (waits_for_completion (invitation));
}

static void
test_accept_foreign_link (Fixture      *fixture,
                          gconstpointer data)
{
  UcwaInvitation    *invitation;
  g_autoptr (GError) error = NULL;

  sign_in (fixture);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_FOREIGN_LINK, 1);
  invitation = receive_im (fixture, "Click me", NULL);
  error = accept (fixture, invitation);
  /* Refused before anything was sent: the token never leaves its origin. */
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_FOREIGN_ORIGIN);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/accept"), ==, 0);
}

static void
test_accept_missing_links (Fixture      *fixture,
                           gconstpointer data)
{
  UcwaInvitation    *invitation;
  g_autoptr (GError) error = NULL;

  sign_in (fixture);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_MISSING_LINKS, 1);
  invitation = receive_im (fixture, "No links", NULL);
  g_assert_false (ucwa_invitation_is_answerable (invitation));
  error = accept (fixture, invitation);
  g_assert_error (error, UCWA_ERROR, UCWA_ERROR_NO_LINK);
}

static void
test_link_only_events (Fixture      *fixture,
                       gconstpointer data)
{
  UcwaInvitation    *invitation;
  g_autoptr (GError) error = NULL;

  sign_in (fixture);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_LINK_ONLY_EVENTS, 1);
  invitation = receive_im (fixture, "Fetch me", NULL);
  /* The client fetched the resource the event only linked to. */
  g_assert_cmpstr (ucwa_invitation_get_from_name (invitation), ==, "Bob Builder");
  g_assert_cmpstr (ucwa_invitation_get_message (invitation), ==, "Fetch me");
  error = accept (fixture, invitation);
  g_assert_no_error (error);
}

/* The event channel under faults: every case must keep delivering, exactly once. */

static gboolean
was_reconnecting (Fixture *fixture)
{
  return ucwa_session_get_state (fixture->session) == UCWA_SESSION_STATE_ONLINE;
}

static void
test_events_fault_recovers (Fixture      *fixture,
                            gconstpointer data)
{
  UcwaSimFault       fault = GPOINTER_TO_INT (data);
  g_autofree char   *id = NULL;
  UcwaInvitation    *invitation;
  g_autoptr (GError) error = NULL;

  sign_in (fixture);
  ucwa_sim_server_inject_fault (fixture->sim, fault, 1);
  /* The invitation arrives around the fault. */
  invitation = receive_im (fixture, "Across the fault", &id);
  wait_until (fixture, was_reconnecting, "the session to be online");
  /* A later invitation: the events are ordered, so a repeat of the first
   * one would have come before it. */
  g_assert_cmpstr (ucwa_invitation_get_message (receive_im (fixture, "A marker", NULL)), ==, "A marker");
  g_assert_cmpuint (fixture->added->len, ==, 1 + 1 /* the marker */);
  g_assert_true (g_ptr_array_index (fixture->added, 0) == invitation);
  g_assert_cmpstr (ucwa_invitation_get_message (invitation), ==, "Across the fault");

  error = accept (fixture, invitation);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_ONLINE);
}

static gboolean
is_signed_out (Fixture *fixture)
{
  return ucwa_session_get_state (fixture->session) == UCWA_SESSION_STATE_SIGNED_OUT;
}

static void
test_events_expired (Fixture      *fixture,
                     gconstpointer data)
{
  const GError *error;

  sign_in (fixture);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_EVENTS_INACTIVE_EXPIRED, 1);
  wait_until (fixture, is_signed_out, "the session to sign out");
  error = ucwa_session_get_error (fixture->session);
  g_assert_error ((GError *) error, UCWA_ERROR, UCWA_ERROR_INACTIVE_APPLICATION_EXPIRED);
}

/* A second application, online, its event channel parked. */
static gboolean
has_new_application (Fixture *fixture)
{
  return ucwa_sim_server_count_requests (fixture->sim, "POST", "/applications") >= 2 &&
         ucwa_session_get_state (fixture->session) == UCWA_SESSION_STATE_ONLINE &&
         ucwa_sim_server_count_parked_requests (fixture->sim) == 1;
}

static void
test_application_lost (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char   *id = NULL;
  UcwaInvitation    *invitation;
  g_autoptr (GError) error = NULL;

  sign_in (fixture);
  invitation = receive_im (fixture, "Before the loss", &id);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND, 1);

  /* Nothing promises a re-offer under the new application: the pending
   * invitation went with the old one (its GET finds nothing), ends as lost,
   * and is announced once; a later invitation (the marker) is new. */
  wait_until (fixture, has_new_application, "the application to be re-created");
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/applications"), ==, 2);
  g_assert_cmpstr (ucwa_invitation_get_message (receive_im (fixture, "A marker", NULL)), ==, "A marker");
  g_assert_cmpuint (fixture->added->len, ==, 1 + 1 /* the marker */);
  g_assert_true (g_ptr_array_index (fixture->added, 0) == invitation);
  g_assert_cmpint (ucwa_invitation_get_status (invitation), ==, UCWA_INVITATION_STATUS_FAILED);
  g_assert_cmpstr (ucwa_invitation_get_failure_subcode (invitation), ==, "ApplicationLost");
  g_assert_null (ucwa_invitation_get_accept_href (invitation));
  /* Its answer cannot go anywhere; the marker's does. */
  error = accept (fixture, invitation);
  g_assert_nonnull (error);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/accept"), ==, 0);
  g_clear_error (&error);
  error = accept (fixture, g_ptr_array_index (fixture->added, 1));
  g_assert_no_error (error);
}

static gboolean
token_renewed (Fixture *fixture)
{
  return ucwa_connection_get_token_count (ucwa_session_get_connection (fixture->session)) >= 2;
}

static void
test_token_expiry (Fixture      *fixture,
                   gconstpointer data)
{
  UcwaInvitation    *invitation;
  g_autoptr (GError) error = NULL;

  sign_in (fixture);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_TOKEN_EXPIRED, 1);
  invitation = receive_im (fixture, "After the token", NULL);
  error = accept (fixture, invitation);
  g_assert_no_error (error);
  wait_until (fixture, token_renewed, "a new token");
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_ONLINE);
}

static void
test_token_lifetime (Fixture      *fixture,
                     gconstpointer data)
{
  /* A token that expires in 2 s is renewed before it runs out, without
   * dropping the event channel. */
  ucwa_sim_server_set_token_lifetime (fixture->sim, 2);
  sign_in (fixture);
  wait_until (fixture, token_renewed, "the token to be renewed");
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_ONLINE);
  receive_im (fixture, "Still here", NULL);
}

static gboolean
held_polls_survived (Fixture *fixture)
{
  return ucwa_event_channel_get_batch_count (ucwa_session_get_event_channel (fixture->session)) >= 4;
}

static void
test_events_long_hold (Fixture      *fixture,
                       gconstpointer data)
{
  UcwaEventChannel *channel;

  /* Commands time out after 1 s; the server holds each poll for 2 s.  The
   * poll must not be subject to the command timeout (libsoup's default
   * 60 s would kill a real server's 180 s holds the same way). */
  ucwa_connection_set_timeout (ucwa_session_get_connection (fixture->session), 1);
  sign_in (fixture);
  channel = ucwa_session_get_event_channel (fixture->session);
  wait_until (fixture, held_polls_survived, "several held polls");
  g_assert_null (ucwa_event_channel_get_last_error (channel));
  g_assert_cmpuint (ucwa_event_channel_get_retry_in (channel), ==, 0);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_ONLINE);
  receive_im (fixture, "After the long holds", NULL);
}

/* GLib takes one log writer per process: it forwards to the default one
 * unless a test is capturing. */
typedef struct
{
  GString *text;
} LogCapture;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  LogCapture *capture = user_data;

  if (capture->text == NULL)
    return g_log_writer_default (level, fields, n_fields, NULL);

  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
      {
        g_string_append (capture->text, fields[i].value);
        g_string_append_c (capture->text, '\n');
      }
  return G_LOG_WRITER_HANDLED;
}

static void
test_no_secrets_in_logs (Fixture      *fixture,
                         gconstpointer data)
{
  LogCapture        *capture = (LogCapture *) data;
  UcwaInvitation    *invitation;
  g_autoptr (GError) error = NULL;

  /* Everything, debug included, as G_MESSAGES_DEBUG=all would print it. */
  capture->text = g_string_new (NULL);
  g_log_set_debug_enabled (TRUE);

  sign_in (fixture);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_TOKEN_EXPIRED, 1);
  invitation = receive_im (fixture, "Secret-free", NULL);
  error = accept (fixture, invitation);
  g_assert_no_error (error);

  g_log_set_debug_enabled (FALSE);

  /* The client logged its requests, and neither the password nor any token. */
  g_assert_nonnull (strstr (capture->text->str, "GET "));
  g_assert_null (strstr (capture->text->str, PASSWORD));
  g_assert_null (strstr (capture->text->str, "cwt="));
  g_assert_null (strstr (capture->text->str, "Bearer"));
  g_string_free (g_steal_pointer (&capture->text), TRUE);
}

static void
add_fixture_test (const char   *path,
                  gconstpointer data,
                  void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  LogCapture capture = { NULL };
  static const struct
  {
    const char  *name;
    UcwaSimFault fault;
  } events_faults[] = {
    { "drop-connection", UCWA_SIM_FAULT_EVENTS_DROP_CONNECTION },
    { "service-unavailable", UCWA_SIM_FAULT_EVENTS_SERVICE_UNAVAILABLE },
    { "malformed-json", UCWA_SIM_FAULT_EVENTS_MALFORMED_JSON },
    { "wrong-types", UCWA_SIM_FAULT_EVENTS_WRONG_TYPES },
    { "oversized", UCWA_SIM_FAULT_EVENTS_OVERSIZED },
    { "resync", UCWA_SIM_FAULT_EVENTS_RESYNC },
    { "resume", UCWA_SIM_FAULT_EVENTS_RESUME },
    { "pget-replaced", UCWA_SIM_FAULT_EVENTS_PGET_REPLACED },
    { "stall", UCWA_SIM_FAULT_EVENTS_STALL },
  };
  static const struct
  {
    const char *name;
  } accept_names[] = {
    { "callback-channel-error" },
    { "already-exists" },
    { "too-many-groups" },
    { "conflict-none" },
    { "cannot-redirect" },
    { "service-unavailable" },
  };

  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (capture_writer, &capture, NULL);

  add_fixture_test ("/session/sign-in", NULL, test_sign_in);
  add_fixture_test ("/session/sign-in/challenge-quoted",
                    GINT_TO_POINTER (UCWA_SIM_CHALLENGE_TWO_HEADERS_QUOTED), test_sign_in_challenge_styles);
  add_fixture_test ("/session/sign-in/challenge-unquoted",
                    GINT_TO_POINTER (UCWA_SIM_CHALLENGE_TWO_HEADERS_UNQUOTED), test_sign_in_challenge_styles);
  add_fixture_test ("/session/sign-in/challenge-folded",
                    GINT_TO_POINTER (UCWA_SIM_CHALLENGE_FOLDED), test_sign_in_challenge_styles);
  add_fixture_test ("/session/sign-in/bad-password", NULL, test_sign_in_bad_password);
  add_fixture_test ("/session/sign-in/phases", NULL, test_sign_in_phases);
  add_fixture_test ("/session/sign-in/insecure", NULL, test_sign_in_insecure);
  add_fixture_test ("/session/sign-in/redirects", NULL, test_sign_in_redirects);
  g_test_add_func ("/session/discovery/urls", test_discovery_urls);
  add_fixture_test ("/session/discovery/fallback", NULL, test_discovery_fallback);
  add_fixture_test ("/session/discovery/all-fail", NULL, test_discovery_all_fail);
  add_fixture_test ("/session/report-activity", NULL, test_report_activity);
  add_fixture_test ("/session/sign-out", NULL, test_sign_out);
  add_fixture_test ("/session/im/accept", NULL, test_im_accept);
  add_fixture_test ("/session/im/conversation", NULL, test_im_conversation);
  add_fixture_test ("/session/im/messages-in-order", NULL, test_im_messages_in_order);
  add_fixture_test ("/session/meeting/accept", NULL, test_meeting_accept);
  add_fixture_test ("/session/decline", NULL, test_decline);
  add_fixture_test ("/session/cancel-by-inviter", NULL, test_cancel_by_inviter);
  for (guint i = 0; i < G_N_ELEMENTS (accept_faults); i++)
    {
      g_autofree char *path = g_strdup_printf ("/session/accept-error/%s", accept_names[i].name);

      add_fixture_test (path, &accept_faults[i], test_accept_errors);
    }
  add_fixture_test ("/session/accept/no-completion", NULL, test_accept_no_completion);
  add_fixture_test ("/session/accept/foreign-link", NULL, test_accept_foreign_link);
  add_fixture_test ("/session/accept/cancelled", NULL, test_accept_cancelled);
  add_fixture_test ("/session/accept/missing-links", NULL, test_accept_missing_links);
  add_fixture_test ("/session/events/link-only", NULL, test_link_only_events);
  for (guint i = 0; i < G_N_ELEMENTS (events_faults); i++)
    {
      g_autofree char *path = g_strdup_printf ("/session/events/%s", events_faults[i].name);

      add_fixture_test (path, GINT_TO_POINTER (events_faults[i].fault), test_events_fault_recovers);
    }
  add_fixture_test ("/session/events/expired", NULL, test_events_expired);
  add_fixture_test ("/session/events/long-hold", NULL, test_events_long_hold);
  add_fixture_test ("/session/security/no-secrets-in-logs", &capture, test_no_secrets_in_logs);
  add_fixture_test ("/session/events/application-lost", NULL, test_application_lost);
  add_fixture_test ("/session/token/expired", NULL, test_token_expiry);
  add_fixture_test ("/session/token/lifetime", NULL, test_token_lifetime);

  return g_test_run ();
}

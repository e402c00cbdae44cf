/* test-reliability.c: what the user sees when the server is less kind than usual
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The protocol library against the simulator, over real HTTP, in the
 * situations of issue 9: events the server merged, state it reset, a
 * resource it is slow to give, data the client cannot read.  Each test is
 * named after the situation the user is in.
 */

#include "config.h"

#include <string.h>

#include "ucwa-error.h"
#include "ucwa-session.h"
#include "ucwa-sim-server.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "correct horse battery staple"

typedef struct
{
  UcwaSimServer *sim;
  UcwaSession   *session;
  char          *root;
  GPtrArray     *added;     /* UcwaInvitation, as announced */
  GArray        *announced; /* UcwaInvitationStatus of each, when announced */
  guint          completed; /* invitation-completed emissions */
} Fixture;

static void
invitation_added_cb (UcwaModel      *model,
                     UcwaInvitation *invitation,
                     Fixture        *fixture)
{
  UcwaInvitationStatus status = ucwa_invitation_get_status (invitation);

  g_ptr_array_add (fixture->added, g_object_ref (invitation));
  g_array_append_val (fixture->announced, status);
}

static void
invitation_completed_cb (UcwaModel      *model,
                         UcwaInvitation *invitation,
                         Fixture        *fixture)
{
  fixture->completed++;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  UcwaEventChannel  *channel;
  UcwaModel         *model;

  fixture->sim = ucwa_sim_server_new ();
  ucwa_sim_server_add_user (fixture->sim, USER, PASSWORD, "Alice Example");
  ucwa_sim_server_set_max_hold (fixture->sim, 2000);
  g_assert_true (ucwa_sim_server_listen (fixture->sim, 0, &error));
  fixture->root = ucwa_sim_server_dup_root_url (fixture->sim);

  fixture->session = ucwa_session_new ();
  channel = ucwa_session_get_event_channel (fixture->session);
  ucwa_event_channel_set_backoff (channel, 50, 400);
  ucwa_event_channel_set_watchdog (channel, 4000);
  ucwa_session_set_operation_timeout (fixture->session, 5000);

  fixture->added = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->announced = g_array_new (FALSE, FALSE, sizeof (UcwaInvitationStatus));
  model = ucwa_session_get_model (fixture->session);
  g_signal_connect (model, "invitation-added", G_CALLBACK (invitation_added_cb), fixture);
  g_signal_connect (model, "invitation-completed", G_CALLBACK (invitation_completed_cb), fixture);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (ucwa_session_get_model (fixture->session), fixture);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->sim);
  g_clear_pointer (&fixture->added, g_ptr_array_unref);
  g_clear_pointer (&fixture->announced, g_array_unref);
  g_free (fixture->root);
  test_drain_main_context ();
}

static void
sign_in (Fixture *fixture)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;

  ucwa_session_sign_in_async (fixture->session, fixture->root, USER, PASSWORD, NULL,
                              test_async_result_cb, &result);
  ucwa_session_sign_in_finish (fixture->session, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_session_get_state (fixture->session), ==, UCWA_SESSION_STATE_ONLINE);
}

typedef struct
{
  Fixture    *fixture;
  const char *message;
} InvitationWait;

static UcwaInvitation *
find_invitation (Fixture    *fixture,
                 const char *message)
{
  for (guint i = 0; i < fixture->added->len; i++)
    {
      UcwaInvitation *invitation = g_ptr_array_index (fixture->added, i);

      if (g_strcmp0 (ucwa_invitation_get_message (invitation), message) == 0)
        return invitation;
    }
  return NULL;
}

static gboolean
has_that_invitation (gpointer user_data)
{
  InvitationWait *wait = user_data;

  return find_invitation (wait->fixture, wait->message) != NULL;
}

static char *
start_im (Fixture    *fixture,
          const char *message)
{
  char *id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com",
                                                  "Bob Builder", message);

  g_assert_nonnull (id);
  return id;
}

/* Waits for that very invitation to be announced. */
static UcwaInvitation *
receive_im (Fixture    *fixture,
            const char *message)
{
  g_autofree char *id = start_im (fixture, message);
  InvitationWait   wait = { fixture, message };

  test_wait_until (has_that_invitation, &wait, message);
  return find_invitation (fixture, message);
}

static guint
index_of (Fixture        *fixture,
          UcwaInvitation *invitation)
{
  guint index = G_MAXUINT;

  g_assert_true (g_ptr_array_find (fixture->added, invitation, &index));
  return index;
}

/* 1. The inviter gave up before the P-GET was released: the only event is
 * the completion.  It is listed as ended, and never rang. */
static void
test_invitation_seen_only_once_over_does_not_ring (Fixture      *fixture,
                                                   gconstpointer data)
{
  UcwaInvitation *over;
  UcwaInvitation *marker;

  sign_in (fixture);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_COMPLETED_ONLY_INVITATION, 1);
  over = receive_im (fixture, "Gone before you saw me");

  g_assert_cmpint (g_array_index (fixture->announced, UcwaInvitationStatus, index_of (fixture, over)),
                   ==, UCWA_INVITATION_STATUS_FAILED);
  g_assert_false (ucwa_invitation_is_answerable (over));
  g_assert_cmpstr (ucwa_invitation_get_failure_subcode (over), ==, "Canceled");
  /* Still one completion, for whoever counts them. */
  g_assert_cmpuint (fixture->completed, ==, 1);

  /* The next one rings as usual. */
  marker = receive_im (fixture, "A marker");
  g_assert_cmpint (g_array_index (fixture->announced, UcwaInvitationStatus, index_of (fixture, marker)),
                   ==, UCWA_INVITATION_STATUS_PENDING);
  g_assert_cmpuint (fixture->added->len, ==, 2);
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

static UcwaConversation *
conversation_of (Fixture        *fixture,
                 UcwaInvitation *invitation)
{
  return ucwa_model_lookup_conversation (ucwa_session_get_model (fixture->session),
                                         ucwa_invitation_get_conversation_href (invitation));
}

typedef struct
{
  Fixture    *fixture;
  const char *href;
} GetWait;

/* The client asked the server about @href since the resync or resume. */
static gboolean
was_rechecked (gpointer user_data)
{
  GetWait    *wait = user_data;
  const char *path = strstr (wait->href, "/ucwa/");

  return ucwa_sim_server_count_requests (wait->fixture->sim, "GET", path) > 0;
}

/* 2. A resync or resume while it rings, the invitation still alive on the
 * server: it keeps ringing, once, and Accept still works; so does the chat
 * the user was in. */
static void
test_invitation_ringing_through_a_reset_keeps_ringing (Fixture      *fixture,
                                                       gconstpointer data)
{
  UcwaSimFault       fault = GPOINTER_TO_INT (data);
  UcwaInvitation    *chatting;
  UcwaConversation  *conversation;
  UcwaInvitation    *ringing;
  GetWait            wait = { fixture, NULL };
  g_autoptr (GError) error = NULL;

  sign_in (fixture);
  chatting = receive_im (fixture, "We are talking");
  error = accept (fixture, chatting);
  g_assert_no_error (error);
  conversation = conversation_of (fixture, chatting);
  g_assert_nonnull (conversation);
  ringing = receive_im (fixture, "Still ringing");

  ucwa_sim_server_inject_fault (fixture->sim, fault, 1);
  wait.href = ucwa_invitation_get_href (ringing);
  test_wait_until (was_rechecked, &wait, "the invitation to be checked");

  /* Events are applied in order, after the check. */
  receive_im (fixture, "A marker");
  g_assert_cmpuint (fixture->added->len, ==, 3);
  g_assert_cmpuint (fixture->completed, ==, 1 /* the accepted one */);
  g_assert_cmpint (ucwa_invitation_get_status (ringing), ==, UCWA_INVITATION_STATUS_PENDING);
  g_assert_true (ucwa_invitation_is_answerable (ringing));
  g_assert_true (conversation_of (fixture, chatting) == conversation);
  g_assert_cmpint (ucwa_conversation_get_state (conversation), !=, UCWA_CONVERSATION_STATE_DISCONNECTED);

  error = accept (fixture, ringing);
  g_assert_no_error (error);
  g_assert_cmpint (ucwa_invitation_get_status (ringing), ==, UCWA_INVITATION_STATUS_SUCCEEDED);
}

static gboolean
has_ended (gpointer invitation)
{
  return ucwa_invitation_get_status (invitation) != UCWA_INVITATION_STATUS_PENDING;
}

/* 2. A resume after the server closed everything unannounced: the ringing
 * invitation ends once, as missed, and the chat window's conversation is
 * over. */
static void
test_invitation_gone_during_a_resume_is_missed_once (Fixture      *fixture,
                                                     gconstpointer data)
{
  UcwaInvitation              *chatting;
  g_autoptr (UcwaConversation) conversation = NULL;
  UcwaInvitation              *ringing;
  g_autoptr (GError)           error = NULL;

  sign_in (fixture);
  chatting = receive_im (fixture, "We were talking");
  error = accept (fixture, chatting);
  g_assert_no_error (error);
  /* The window holds it. */
  conversation = g_object_ref (conversation_of (fixture, chatting));
  ringing = receive_im (fixture, "Rang into the void");

  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_EVENTS_RESUME_RESET, 1);
  test_wait_until (has_ended, ringing, "the invitation to end");
  /* Events are applied in order, after the check. */
  receive_im (fixture, "A marker");

  g_assert_cmpuint (fixture->added->len, ==, 3);
  g_assert_cmpint (ucwa_invitation_get_status (ringing), ==, UCWA_INVITATION_STATUS_FAILED);
  g_assert_cmpstr (ucwa_invitation_get_failure_subcode (ringing), ==, "Resynchronized");
  g_assert_false (ucwa_invitation_is_answerable (ringing));
  g_assert_cmpuint (fixture->completed, ==, 1 /* the accepted one */ + 1);
  g_assert_null (conversation_of (fixture, chatting));
  g_assert_cmpint (ucwa_conversation_get_state (conversation), ==, UCWA_CONVERSATION_STATE_DISCONNECTED);
}

static gboolean
has_message (gpointer invitation)
{
  return ucwa_invitation_get_message (invitation) != NULL;
}

/* 4. The server is slow to give an invitation's details: the next
 * invitation rings anyway, right away, and the details follow. */
static void
test_slow_details_do_not_hold_the_next_invitation (Fixture      *fixture,
                                                   gconstpointer data)
{
  g_autofree char *slow_id = NULL;
  UcwaInvitation  *slow;
  gint64           start;

  sign_in (fixture);
  ucwa_session_set_fetch_timeout (fixture->session, 300);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_LINK_ONLY_EVENTS, 1);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_SLOW_RESOURCE_GET, 1);

  start = g_get_monotonic_time ();
  slow_id = start_im (fixture, "Slow to describe");
  receive_im (fixture, "Right behind");
  /* The simulator answers the slow GET after 10 s. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  /* In order: the slow one was announced first, with what was known. */
  g_assert_cmpuint (fixture->added->len, ==, 2);
  slow = g_ptr_array_index (fixture->added, 0);
  g_assert_cmpint (ucwa_invitation_get_status (slow), ==, UCWA_INVITATION_STATUS_PENDING);
  test_wait_until (has_message, slow, "the details of the slow invitation");
  g_assert_cmpstr (ucwa_invitation_get_message (slow), ==, "Slow to describe");
}

static gboolean
is_signed_out (gpointer user_data)
{
  Fixture *fixture = user_data;

  return ucwa_session_get_state (fixture->session) == UCWA_SESSION_STATE_SIGNED_OUT;
}

static void
count_cb (guint *counter)
{
  (*counter)++;
}

/* 3. The server sends the same set of events in a form the client cannot
 * read, again and again: a few tries, a resync, and then a clear error
 * that says so, instead of retrying forever. */
static void
test_server_data_that_cannot_be_read_says_so (Fixture      *fixture,
                                              gconstpointer data)
{
  UcwaEventChannel *channel = ucwa_session_get_event_channel (fixture->session);
  const GError     *error;
  guint             resyncs = 0;
  guint             polls;

  g_signal_connect_swapped (channel, "resync", G_CALLBACK (count_cb), &resyncs);
  sign_in (fixture);
  polls = ucwa_sim_server_count_requests (fixture->sim, "GET", "/events");
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_EVENTS_MALFORMED_JSON, 1000);
  test_wait_until (is_signed_out, fixture, "the session to give up");

  error = ucwa_session_get_error (fixture->session);
  g_assert_error ((GError *) error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "cannot read"));
  g_assert_cmpuint (resyncs, >=, 1);
  /* A bounded number of tries, not a loop. */
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "GET", "/events") - polls, <=, 12);
  g_signal_handlers_disconnect_by_data (channel, &resyncs);
}

static void
max_retry_in_cb (UcwaEventChannel *channel,
                 GParamSpec       *pspec,
                 guint            *max)
{
  *max = MAX (*max, ucwa_event_channel_get_retry_in (channel));
}

/* 3. A server that answers resync several times in a row is asked again
 * with a growing pause, and the invitation behind still arrives. */
static void
test_repeated_resyncs_back_off (Fixture      *fixture,
                                gconstpointer data)
{
  UcwaEventChannel *channel = ucwa_session_get_event_channel (fixture->session);
  guint             max_retry_in = 0;

  g_signal_connect (channel, "notify::retry-in", G_CALLBACK (max_retry_in_cb), &max_retry_in);
  sign_in (fixture);
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_EVENTS_RESYNC, 3);
  receive_im (fixture, "After the resyncs");
  g_assert_cmpuint (max_retry_in, >, 0);
  g_assert_cmpuint (fixture->added->len, ==, 1);
  g_signal_handlers_disconnect_by_data (channel, &max_retry_in);
}

static gboolean
is_online (gpointer user_data)
{
  Fixture *fixture = user_data;

  return ucwa_session_get_state (fixture->session) == UCWA_SESSION_STATE_ONLINE;
}

static gboolean
is_reconnecting (gpointer user_data)
{
  Fixture *fixture = user_data;

  return ucwa_session_get_state (fixture->session) == UCWA_SESSION_STATE_RECONNECTING;
}

static gboolean
has_parked_poll (gpointer user_data)
{
  Fixture *fixture = user_data;

  return ucwa_sim_server_count_parked_requests (fixture->sim) == 1;
}

/* 5. A quiet server after a reconnect: the banner says Online again as soon
 * as the server takes the poll, not when the next event happens to come. */
static void
test_back_online_after_a_reconnect_on_a_quiet_server (Fixture      *fixture,
                                                      gconstpointer data)
{
  UcwaEventChannel *channel = ucwa_session_get_event_channel (fixture->session);
  guint64           batches;

  /* Quiet: it holds a P-GET for a minute, longer than the test waits. */
  ucwa_sim_server_set_max_hold (fixture->sim, 60000);
  sign_in (fixture);
  test_wait_until (has_parked_poll, fixture, "the server to hold a poll");
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_EVENTS_SERVICE_UNAVAILABLE, 1);
  test_wait_until (is_reconnecting, fixture, "the session to reconnect");
  batches = ucwa_event_channel_get_batch_count (channel);

  test_wait_until (is_online, fixture, "the session to be online again");
  g_assert_null (ucwa_session_get_error (fixture->session));
  /* Without a word from the server: it holds the poll. */
  g_assert_cmpuint (ucwa_event_channel_get_batch_count (channel), ==, batches);
  g_assert_cmpuint (ucwa_sim_server_count_parked_requests (fixture->sim), ==, 1);
}

static void
add_test (const char   *path,
          gconstpointer data,
          void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("/reliability/invitation-seen-only-once-over-does-not-ring", NULL,
            test_invitation_seen_only_once_over_does_not_ring);
  add_test ("/reliability/invitation-ringing-through-a-resync-keeps-ringing",
            GINT_TO_POINTER (UCWA_SIM_FAULT_EVENTS_RESYNC), test_invitation_ringing_through_a_reset_keeps_ringing);
  add_test ("/reliability/invitation-ringing-through-a-resume-keeps-ringing",
            GINT_TO_POINTER (UCWA_SIM_FAULT_EVENTS_RESUME), test_invitation_ringing_through_a_reset_keeps_ringing);
  add_test ("/reliability/invitation-gone-during-a-resume-is-missed-once", NULL,
            test_invitation_gone_during_a_resume_is_missed_once);
  add_test ("/reliability/slow-details-do-not-hold-the-next-invitation", NULL,
            test_slow_details_do_not_hold_the_next_invitation);
  add_test ("/reliability/server-data-that-cannot-be-read-says-so", NULL,
            test_server_data_that_cannot_be_read_says_so);
  add_test ("/reliability/repeated-resyncs-back-off", NULL, test_repeated_resyncs_back_off);
  add_test ("/reliability/back-online-after-a-reconnect-on-a-quiet-server", NULL,
            test_back_online_after_a_reconnect_on_a_quiet_server);

  return g_test_run ();
}

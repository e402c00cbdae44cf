/* test-notifier.c: desktop notifications, against the simulator (real
 * loopback HTTP) and a fake notification server (a real private session bus)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "beckon-account.h"
#include "beckon-notifier.h"
#include "fake-notification-server.h"
#include "sim-fixture.h"
#include "test-util.h"

#define USER          "sip:alice@contoso.com"
#define PASSWORD      "correct horse battery staple"
#define DESKTOP_ENTRY "io.github.beckon.Beckon"
#define WAIT_MS       20000

typedef struct
{
  const char *const *caps;     /* NULL: the fake server's default */
  guint              delay_ms; /* the fake server's reply delay */
  gboolean           not_resident;
} Config;

typedef struct
{
  const Config           *config;
  FakeNotificationServer *server;
  UcwaSimServer          *sim;
  UcwaSession            *session;
  BeckonAccount          *account;
  BeckonNotifier         *notifier;
  GPtrArray              *items;     /* BeckonInvitationItem, as added */
  GPtrArray              *activated; /* BeckonInvitationItem, activate-invitation */
  guint                   n_show_invitations;
  guint                   n_conversation_ready;
  guint                   n_declined; /* invitation-answered (FALSE) at the simulator */
  guint                   ticks;
  guint                   n_markers; /* invitations sent by pass_marker() */
} Fixture;

/* Helpers */

typedef gboolean (*Condition) (Fixture *fixture);

/* Iterates the main context (the fake server wakes it up) until @cond
 * holds; the limit turns a hang into a failure, it is not a speed check. */
static void
wait_until (Fixture    *fixture,
            Condition   cond,
            const char *what)
{
  if (!fake_notification_server_wait (fixture->server, (FakeNotificationCondition) cond, fixture, WAIT_MS))
    g_error ("Timed out waiting for %s", what);
}

static void
invitation_added_cb (BeckonAccount        *account,
                     BeckonInvitationItem *item,
                     Fixture              *fixture)
{
  g_ptr_array_add (fixture->items, g_object_ref (item));
}

static void
conversation_ready_cb (BeckonAccount        *account,
                       BeckonInvitationItem *item,
                       UcwaConversation     *conversation,
                       Fixture              *fixture)
{
  fixture->n_conversation_ready++;
}

static void
show_invitations_cb (BeckonNotifier *notifier,
                     Fixture        *fixture)
{
  fixture->n_show_invitations++;
}

static void
activate_invitation_cb (BeckonNotifier       *notifier,
                        BeckonInvitationItem *item,
                        Fixture              *fixture)
{
  g_ptr_array_add (fixture->activated, g_object_ref (item));
}

static void
invitation_answered_cb (UcwaSimServer *sim,
                        const char    *id,
                        gboolean       accepted,
                        Fixture       *fixture)
{
  if (!accepted)
    fixture->n_declined++;
}

static gboolean
is_online (Fixture *fixture)
{
  return ucwa_session_get_state (fixture->session) == UCWA_SESSION_STATE_ONLINE;
}

static void
sign_in (Fixture    *fixture,
         const char *root)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (sim_fixture_sign_in (fixture->session, root, USER, PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (is_online (fixture));
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *root = NULL;

  fixture->config = data;
  fixture->items = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->activated = g_ptr_array_new_with_free_func (g_object_unref);

  fixture->server = fake_notification_server_new ();
  if (fixture->config->caps != NULL)
    fake_notification_server_set_capabilities (fixture->server, fixture->config->caps);
  fake_notification_server_set_reply_delay (fixture->server, fixture->config->delay_ms);
  fake_notification_server_set_honor_resident (fixture->server, !fixture->config->not_resident);
  g_assert_true (fake_notification_server_start (fixture->server, &error));
  g_assert_no_error (error);

  fixture->sim = sim_fixture_new_server (USER, PASSWORD);
  ucwa_sim_server_set_max_hold (fixture->sim, 2000);
  /* Only the tests that cancel end an invitation without the user. */
  ucwa_sim_server_set_invitation_timeout (fixture->sim, 0);
  root = sim_fixture_listen (fixture->sim);
  g_signal_connect (fixture->sim, "invitation-answered", G_CALLBACK (invitation_answered_cb), fixture);

  fixture->session = sim_fixture_new_session ();

  fixture->account = beckon_account_new (fixture->session);
  g_signal_connect (fixture->account, "invitation-added", G_CALLBACK (invitation_added_cb), fixture);
  g_signal_connect (fixture->account, "conversation-ready", G_CALLBACK (conversation_ready_cb), fixture);

  fixture->notifier = beckon_notifier_new (fixture->account, "Beckon", DESKTOP_ENTRY);
  g_signal_connect (fixture->notifier, "show-invitations", G_CALLBACK (show_invitations_cb), fixture);
  g_signal_connect (fixture->notifier, "activate-invitation", G_CALLBACK (activate_invitation_cb), fixture);

  sign_in (fixture, root);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  if (fixture->notifier != NULL)
    g_signal_handlers_disconnect_by_data (fixture->notifier, fixture);
  g_signal_handlers_disconnect_by_data (fixture->account, fixture);
  g_signal_handlers_disconnect_by_data (fixture->sim, fixture);
  /* Stops the worker thread (notify_uninit on it) while the server is up. */
  g_clear_object (&fixture->notifier);
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->sim);
  g_clear_pointer (&fixture->server, fake_notification_server_free);
  g_clear_pointer (&fixture->items, g_ptr_array_unref);
  g_clear_pointer (&fixture->activated, g_ptr_array_unref);
  test_drain_main_context ();
}

typedef struct
{
  Fixture *fixture;
  guint    n;
} CountWait;

static gboolean
has_n_items (gpointer user_data)
{
  CountWait *wait = user_data;

  return wait->fixture->items->len >= wait->n;
}

static void
wait_for_items (Fixture *fixture,
                guint    n)
{
  CountWait wait = { fixture, n };

  if (!fake_notification_server_wait (fixture->server, has_n_items, &wait, WAIT_MS))
    g_error ("Timed out waiting for %u invitations (have %u)", n, fixture->items->len);
}

typedef struct
{
  Fixture    *fixture;
  guint       from; /* items before this one are older */
  const char *inviter;
  const char *body;
} ItemWait;

static BeckonInvitationItem *
find_item (ItemWait *wait)
{
  for (guint i = wait->from; i < wait->fixture->items->len; i++)
    {
      BeckonInvitationItem *item = g_ptr_array_index (wait->fixture->items, i);

      if (g_strcmp0 (beckon_invitation_item_get_inviter (item), wait->inviter) == 0 &&
          g_strcmp0 (beckon_invitation_item_get_body (item), wait->body) == 0)
        return item;
    }
  return NULL;
}

static gboolean
has_item (gpointer user_data)
{
  return find_item (user_data) != NULL;
}

/* The invitation from @inviter saying @body, added after the first @from,
 * waiting for that very one (not for a number of them). */
static BeckonInvitationItem *
wait_for_item (Fixture    *fixture,
               guint       from,
               const char *inviter,
               const char *body)
{
  ItemWait wait = { fixture, from, inviter, body };

  if (!fake_notification_server_wait (fixture->server, has_item, &wait, WAIT_MS))
    g_error ("Timed out waiting for the invitation from %s", inviter);
  return find_item (&wait);
}

static BeckonInvitationItem *
receive_im (Fixture    *fixture,
            const char *from_uri,
            const char *from_name,
            const char *message,
            char      **id_out)
{
  g_autofree char *id = NULL;
  guint            before = fixture->items->len;

  BeckonInvitationItem *item;

  id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, from_uri, from_name, message);
  g_assert_nonnull (id);
  item = wait_for_item (fixture, before, from_name, message);
  if (id_out != NULL)
    *id_out = g_steal_pointer (&id);
  return item;
}

static BeckonInvitationItem *
receive_meeting (Fixture    *fixture,
                 const char *subject,
                 char      **id_out)
{
  g_autofree char *id = NULL;
  guint            before = fixture->items->len;

  BeckonInvitationItem *item;

  id = ucwa_sim_server_start_meeting_invitation (fixture->sim, NULL, "sip:grace@contoso.com",
                                                 "Grace Hopper", subject);
  g_assert_nonnull (id);
  item = wait_for_item (fixture, before, "Grace Hopper", subject);
  if (id_out != NULL)
    *id_out = g_steal_pointer (&id);
  return item;
}

typedef struct
{
  FakeNotificationServer *server;
  const char             *summary;
} SummaryWait;

static gboolean
has_summary (gpointer user_data)
{
  SummaryWait                 *wait = user_data;
  g_autoptr (FakeNotification) found = fake_notification_server_find_by_summary (wait->server, wait->summary);

  return found != NULL;
}

/* The latest Notify with @summary on @server, waiting for that very one
 * (not for a number of them: another invitation's may come first). */
static FakeNotification *
wait_for_summary_on (FakeNotificationServer *server,
                     const char             *summary)
{
  SummaryWait wait = { server, summary };

  if (!fake_notification_server_wait (server, has_summary, &wait, WAIT_MS))
    g_error ("Timed out waiting for a notification \"%s\"", summary);
  return fake_notification_server_find_by_summary (server, summary);
}

static FakeNotification *
wait_for_summary (Fixture    *fixture,
                  const char *summary)
{
  return wait_for_summary_on (fixture->server, summary);
}

/* The notification of @item as it first popped up. */
static FakeNotification *
wait_for_popup (Fixture              *fixture,
                BeckonInvitationItem *item)
{
  return wait_for_summary (fixture, beckon_invitation_item_get_summary (item));
}

typedef struct
{
  Fixture              *fixture;
  BeckonInvitationItem *item;
  BeckonInvitationState state;
} StateWait;

static gboolean
item_in_state (gpointer user_data)
{
  StateWait *wait = user_data;

  return beckon_invitation_item_get_state (wait->item) == wait->state;
}

static void
wait_for_state (Fixture              *fixture,
                BeckonInvitationItem *item,
                BeckonInvitationState state)
{
  StateWait wait = { fixture, item, state };

  if (!fake_notification_server_wait (fixture->server, item_in_state, &wait, WAIT_MS))
    g_error ("Timed out waiting for the invitation to reach state %d (it is %d)",
             state, beckon_invitation_item_get_state (item));
}

typedef struct
{
  Fixture    *fixture;
  guint32     id;
  const char *body;    /* NULL: any */
  int         buttons; /* -1: any */
} CurrentWait;

static gboolean
current_matches (gpointer user_data)
{
  CurrentWait                 *wait = user_data;
  g_autoptr (FakeNotification) current = fake_notification_server_get_current (wait->fixture->server, wait->id);

  return current != NULL &&
         (wait->body == NULL || g_strcmp0 (current->body, wait->body) == 0) &&
         (wait->buttons < 0 || fake_notification_count_buttons (current) == (guint) wait->buttons);
}

/* Waits until notification @id shows @body with @buttons buttons. */
static FakeNotification *
wait_for_current (Fixture    *fixture,
                  guint32     id,
                  const char *body,
                  int         buttons)
{
  CurrentWait wait = { fixture, id, body, buttons };

  if (!fake_notification_server_wait (fixture->server, current_matches, &wait, WAIT_MS))
    {
      g_autoptr (FakeNotification) current = fake_notification_server_get_current (fixture->server, id);

      g_error ("Timed out waiting for notification %u to show \"%s\" with %d buttons; it shows \"%s\"",
               id, body, buttons, current != NULL ? current->body : "(nothing)");
    }
  return fake_notification_server_get_current (fixture->server, id);
}

typedef struct
{
  Fixture *fixture;
  guint32  id;
} ClosedWait;

static gboolean
is_closed (gpointer user_data)
{
  ClosedWait *wait = user_data;

  return !fake_notification_server_is_open (wait->fixture->server, wait->id);
}

static void
wait_for_closed (Fixture *fixture,
                 guint32  id)
{
  ClosedWait wait = { fixture, id };

  if (!fake_notification_server_wait (fixture->server, is_closed, &wait, WAIT_MS))
    g_error ("Timed out waiting for notification %u to close", id);
}

static gboolean
was_closed_by_client (Fixture *fixture,
                      guint32  id)
{
  g_autoptr (GArray) closed = fake_notification_server_get_closed_ids (fixture->server);

  for (guint i = 0; i < closed->len; i++)
    if (g_array_index (closed, guint32, i) == id)
      return TRUE;
  return FALSE;
}

typedef struct
{
  Fixture    *fixture;
  const char *summary;
  const char *body;
} RecordWait;

static FakeNotification *
find_record (Fixture    *fixture,
             const char *summary,
             const char *body)
{
  g_autoptr (GPtrArray) all = fake_notification_server_get_notifications (fixture->server);

  for (guint i = all->len; i > 0; i--)
    {
      FakeNotification *record = g_ptr_array_index (all, i - 1);

      if (g_strcmp0 (record->summary, summary) == 0 && g_strcmp0 (record->body, body) == 0)
        return fake_notification_copy (record);
    }
  return NULL;
}

static gboolean
has_record (gpointer user_data)
{
  RecordWait                  *wait = user_data;
  g_autoptr (FakeNotification) found = find_record (wait->fixture, wait->summary, wait->body);

  return found != NULL;
}

/* The latest Notify that showed @summary and @body, waiting for it. */
static FakeNotification *
wait_for_record (Fixture    *fixture,
                 const char *summary,
                 const char *body)
{
  RecordWait wait = { fixture, summary, body };

  if (!fake_notification_server_wait (fixture->server, has_record, &wait, WAIT_MS))
    g_error ("Timed out waiting for a notification \"%s\" / \"%s\"", summary, body);
  return find_record (fixture, summary, body);
}

static guint
count_with_summary (Fixture    *fixture,
                    const char *summary)
{
  g_autoptr (GPtrArray) all = fake_notification_server_get_notifications (fixture->server);
  guint                 n = 0;

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (((FakeNotification *) g_ptr_array_index (all, i))->summary, summary) == 0)
      n++;
  return n;
}

/* Markers: to show that something did NOT happen, a test does not sleep
 * for a while; it sends a later invitation from a caller no test otherwise
 * uses and waits for ITS popup.  Everything that leads to a Notify is
 * ordered (the simulator's events, the account, the notifier on the main
 * context, then its worker thread, one command at a time), so once the
 * marker's popup has reached the server, whatever the earlier events were
 * going to show has been shown. */

static gboolean
is_marker (const FakeNotification *record)
{
  return g_str_has_prefix (record->summary, "Marker ");
}

/* Passes a marker through the pipeline and returns its popup.  The popup
 * is dismissed again, so that it takes no room among the open ones.
 *
 * With @round_trip, the marker's default action is invoked first and its
 * activate-invitation awaited: the server's signals reach the main context
 * in the order the server sent them, so that also proves that what the
 * server said before (a NotificationClosed, say) has been handled there. */
static FakeNotification *
pass_marker (Fixture *fixture,
             gboolean round_trip)
{
  g_autofree char      *uri = g_strdup_printf ("sip:marker%u@contoso.com", ++fixture->n_markers);
  g_autofree char      *name = g_strdup_printf ("Marker %u", fixture->n_markers);
  BeckonInvitationItem *item = receive_im (fixture, uri, name, "A marker", NULL);
  FakeNotification     *popup = wait_for_popup (fixture, item);

  g_assert_true (is_marker (popup));
  if (round_trip)
    {
      guint before = fixture->activated->len;

      g_assert_true (fake_notification_server_invoke_action (fixture->server, popup->id, "default"));
      test_wait_for_count (&fixture->activated->len, before + 1, "the marker's activate-invitation");
      g_assert_true (g_ptr_array_index (fixture->activated, before) == item);
    }
  g_assert_true (fake_notification_server_dismiss (fixture->server, popup->id));
  wait_for_closed (fixture, popup->id);
  return popup;
}

/* Exactly @n Notify calls reached the server besides the markers', all
 * of them before @marker's. */
static void
assert_shown_before (Fixture                *fixture,
                     const FakeNotification *marker,
                     guint                   n)
{
  g_autoptr (GPtrArray) all = fake_notification_server_get_notifications (fixture->server);
  guint                 before = 0;
  guint                 markers = 0;
  gboolean              seen = FALSE;

  for (guint i = 0; i < all->len; i++)
    {
      FakeNotification *record = g_ptr_array_index (all, i);

      if (is_marker (record))
        {
          markers++;
          if (record->id == marker->id && g_strcmp0 (record->summary, marker->summary) == 0)
            seen = TRUE;
        }
      else
        {
          g_assert_false (seen);
          before++;
        }
    }
  g_assert_true (seen);
  g_assert_cmpuint (before, ==, n);
  g_assert_cmpuint (markers, ==, fixture->n_markers);
  g_assert_cmpuint (fake_notification_server_get_notify_count (fixture->server), ==, n + markers);
}

/* Distinct notifications (ids) that had Accept and Decline, the markers'
 * aside. */
static guint
count_popups (Fixture *fixture)
{
  g_autoptr (GPtrArray)  all = fake_notification_server_get_notifications (fixture->server);
  g_autoptr (GHashTable) ids = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < all->len; i++)
    {
      FakeNotification *record = g_ptr_array_index (all, i);

      if (fake_notification_has_action (record, "accept") && !is_marker (record))
        g_hash_table_add (ids, GUINT_TO_POINTER (record->id));
    }
  return g_hash_table_size (ids);
}

static void
assert_ringing (const FakeNotification *record,
                const char             *summary,
                const char             *body,
                const char             *category)
{
  g_assert_cmpstr (record->app_name, ==, "Beckon");
  g_assert_cmpstr (record->summary, ==, summary);
  g_assert_cmpstr (record->body, ==, body);
  g_assert_true (fake_notification_has_action (record, "accept"));
  g_assert_true (fake_notification_has_action (record, "decline"));
  g_assert_true (fake_notification_has_action (record, "default"));
  g_assert_cmpuint (fake_notification_count_buttons (record), ==, 2);
  g_assert_cmpstr (record->desktop_entry, ==, DESKTOP_ENTRY);
  g_assert_cmpstr (record->category, ==, category);
  g_assert_cmpint (record->urgency, ==, 1); /* normal */
  g_assert_true (record->resident);
  g_assert_cmpint (record->expire_timeout, ==, 0); /* rings until answered or withdrawn */
  /* The app's icon, named after its app id. */
  g_assert_true (g_strcmp0 (record->app_icon, DESKTOP_ENTRY) == 0 ||
                 g_strcmp0 (record->image_path, DESKTOP_ENTRY) == 0);
}

/* Tests */

static const Config      default_config = { NULL, 0, FALSE };
static const Config      not_resident_config = { NULL, 0, TRUE };
static const Config      slow_config = { NULL, 5000, FALSE };
static const char *const no_actions_caps[] = { "body", NULL };
static const Config      no_actions_config = { no_actions_caps, 0, FALSE };

static void
test_im_accept (Fixture      *fixture,
                gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) joining = NULL;
  g_autoptr (FakeNotification) marker = NULL;

  item = receive_im (fixture, "sip:ada@contoso.com", "Ada Lovelace", "Are you free? <b>now</b> & then", NULL);
  popup = wait_for_popup (fixture, item);

  /* Markup-escaped: the server has body-markup. */
  assert_ringing (popup, "Ada Lovelace invites you to chat",
                  "Are you free? &lt;b&gt;now&lt;/b&gt; &amp; then", "im.received");
  g_assert_cmpuint (popup->replaces_id, ==, 0);
  g_assert_cmpstr (popup->sound_name, ==, "message-new-instant");
  g_assert_true (beckon_notifier_get_caps_known (fixture->notifier));
  g_assert_true (beckon_notifier_get_has_actions (fixture->notifier));

  marker = pass_marker (fixture, FALSE);
  assert_shown_before (fixture, marker, 1);
  g_assert_cmpuint (beckon_notifier_get_n_shown (fixture->notifier), ==, 1 + fixture->n_markers);

  g_assert_true (fake_notification_server_invoke_action (fixture->server, popup->id, "accept"));

  /* In place (the popup is resident), no buttons: no second click. */
  joining = wait_for_current (fixture, popup->id, "Joining…", 0);
  g_assert_cmpuint (joining->replaces_id, ==, popup->id);
  g_assert_cmpstr (joining->summary, ==, "Ada Lovelace invites you to chat");

  wait_for_state (fixture, item, BECKON_INVITATION_STATE_ACCEPTED);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/accept"), ==, 1);
  g_assert_cmpuint (fixture->n_conversation_ready, ==, 1);

  /* The conversation window takes over: the notification goes. */
  wait_for_closed (fixture, popup->id);
  g_assert_true (was_closed_by_client (fixture, popup->id));

  g_clear_pointer (&marker, fake_notification_free);
  marker = pass_marker (fixture, FALSE);
  /* Nothing else was shown: ringing, then "Joining…". */
  assert_shown_before (fixture, marker, 2);
  g_assert_cmpuint (fixture->activated->len, ==, 0);
  g_assert_cmpuint (fixture->n_show_invitations, ==, 0);
}

static void
test_meeting_accept (Fixture      *fixture,
                     gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) joining = NULL;

  item = receive_meeting (fixture, "Quarterly review", NULL);
  popup = wait_for_popup (fixture, item);
  assert_ringing (popup, "Grace Hopper invites you to a meeting", "Quarterly review", "im");

  g_assert_true (fake_notification_server_invoke_action (fixture->server, popup->id, "accept"));
  joining = wait_for_current (fixture, popup->id, "Joining…", 0);
  wait_for_state (fixture, item, BECKON_INVITATION_STATE_ACCEPTED);
  wait_for_closed (fixture, popup->id);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/accept"), ==, 1);
  g_assert_cmpuint (fixture->n_conversation_ready, ==, 1);
}

static void
test_decline (Fixture      *fixture,
              gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) declining = NULL;

  item = receive_im (fixture, "sip:bob@contoso.com", "Bob Builder", "Lunch?", NULL);
  popup = wait_for_popup (fixture, item);
  g_assert_true (fake_notification_server_invoke_action (fixture->server, popup->id, "decline"));

  declining = wait_for_current (fixture, popup->id, "Declining…", 0);
  wait_for_state (fixture, item, BECKON_INVITATION_STATE_DECLINED);
  wait_for_closed (fixture, popup->id);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/decline"), ==, 1);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/accept"), ==, 0);
  /* The simulator saw it declined (its decline carries the reason). */
  g_assert_cmpuint (fixture->n_declined, ==, 1);
  g_assert_cmpuint (fixture->n_conversation_ready, ==, 0);
}

static void
test_accept_fault (Fixture      *fixture,
                   gconstpointer data)
{
  UcwaSimFault                 fault = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (fixture->sim), "test-fault"));
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) failed = NULL;
  const char                  *message;

  item = receive_im (fixture, "sip:ada@contoso.com", "Ada Lovelace", "Hello", NULL);
  popup = wait_for_popup (fixture, item);

  ucwa_sim_server_inject_fault (fixture->sim, fault, 1);
  g_assert_true (fake_notification_server_invoke_action (fixture->server, popup->id, "accept"));
  wait_for_state (fixture, item, BECKON_INVITATION_STATE_FAILED);

  /* The translated reason, and the buttons back: it can still be answered. */
  message = beckon_invitation_item_get_error_message (item);
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
  g_assert_true (beckon_invitation_item_get_answerable (item));
  failed = wait_for_current (fixture, popup->id, message, 2);
  g_assert_true (fake_notification_has_action (failed, "accept"));
  g_assert_true (fake_notification_has_action (failed, "decline"));
  g_assert_cmpstr (failed->category, ==, "im.error");
  g_assert_cmpstr (failed->summary, ==, "Ada Lovelace invites you to chat");

  /* Again, and this time it works. */
  g_assert_true (fake_notification_server_invoke_action (fixture->server, popup->id, "accept"));
  wait_for_state (fixture, item, BECKON_INVITATION_STATE_ACCEPTED);
  wait_for_closed (fixture, popup->id);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/accept"), ==, 2);
  g_assert_cmpuint (fixture->n_conversation_ready, ==, 1);
}

static void
test_cancelled (Fixture      *fixture,
                gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autofree char             *id = NULL;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) missed = NULL;
  g_autoptr (FakeNotification) marker = NULL;

  item = receive_im (fixture, "sip:ada@contoso.com", "Ada Lovelace", "Ping", &id);
  popup = wait_for_popup (fixture, item);

  g_assert_true (ucwa_sim_server_cancel_invitation (fixture->sim, id));
  wait_for_state (fixture, item, BECKON_INVITATION_STATE_MISSED);

  /* Withdrawn (its buttons would lead nowhere), and said once. */
  wait_for_closed (fixture, popup->id);
  g_assert_true (was_closed_by_client (fixture, popup->id));
  missed = wait_for_summary (fixture, "Missed chat from Ada Lovelace");
  g_assert_cmpstr (missed->body, ==, "Ping");
  g_assert_cmpuint (fake_notification_count_buttons (missed), ==, 0);
  g_assert_cmpuint (missed->replaces_id, ==, 0);
  g_assert_cmpstr (missed->desktop_entry, ==, DESKTOP_ENTRY);

  marker = pass_marker (fixture, FALSE);
  g_assert_cmpuint (count_with_summary (fixture, "Missed chat from Ada Lovelace"), ==, 1);
  assert_shown_before (fixture, marker, 2);

  /* Clicking it opens that invitation. */
  g_assert_true (fake_notification_server_invoke_action (fixture->server, missed->id, "default"));
  test_wait_for_count (&fixture->activated->len, 1, "activate-invitation");
  g_assert_true (g_ptr_array_index (fixture->activated, 0) == item);
}

static void
test_meeting_cancelled (Fixture      *fixture,
                        gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autofree char             *id = NULL;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) missed = NULL;
  g_autoptr (FakeNotification) marker = NULL;

  item = receive_meeting (fixture, "Design review", &id);
  popup = wait_for_popup (fixture, item);
  g_assert_true (ucwa_sim_server_cancel_invitation (fixture->sim, id));
  wait_for_state (fixture, item, BECKON_INVITATION_STATE_MISSED);
  wait_for_closed (fixture, popup->id);
  missed = wait_for_summary (fixture, "Missed meeting invitation from Grace Hopper");
  g_assert_cmpstr (missed->body, ==, "Design review");
  marker = pass_marker (fixture, FALSE);
  g_assert_cmpuint (count_with_summary (fixture, "Missed meeting invitation from Grace Hopper"), ==, 1);
}

static void
test_default_action (Fixture      *fixture,
                     gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;

  item = receive_im (fixture, "sip:ada@contoso.com", "Ada Lovelace", "Hi", NULL);
  popup = wait_for_popup (fixture, item);
  g_assert_true (fake_notification_server_invoke_action (fixture->server, popup->id, "default"));
  test_wait_for_count (&fixture->activated->len, 1, "activate-invitation");
  g_assert_true (g_ptr_array_index (fixture->activated, 0) == item);
  g_assert_cmpuint (fixture->n_show_invitations, ==, 0);
  /* Opening it answers nothing. */
  g_assert_cmpint (beckon_invitation_item_get_state (item), ==, BECKON_INVITATION_STATE_PENDING);
}

static gboolean
summary_says_six (Fixture *fixture)
{
  g_autoptr (FakeNotification) found = fake_notification_server_find_by_summary (fixture->server,
                                                                                 "6 more invitations");

  return found != NULL;
}

static void
test_burst (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr (GPtrArray)        all = NULL;
  g_autoptr (FakeNotification) summary = NULL;
  g_autoptr (FakeNotification) after_missed = NULL;
  guint32                      summary_id = 0;
  char                        *ids[10];

  g_assert_cmpuint (beckon_notifier_get_max_popups (fixture->notifier), ==, 4);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *uri = g_strdup_printf ("sip:caller%u@contoso.com", i);
      g_autofree char *name = g_strdup_printf ("Caller %u", i);

      ids[i] = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, uri, name, "Hello");
      g_assert_nonnull (ids[i]);
    }
  wait_for_items (fixture, 10);
  /* The last of the burst: what the ten were going to show has been shown
   * (one at a time, in order). */
  wait_until (fixture, summary_says_six, "the summary to count 6");

  /* Four popped up with buttons, the rest are counted in one summary that
   * was updated in place. */
  g_assert_cmpuint (count_popups (fixture), ==, 4);
  all = fake_notification_server_get_notifications (fixture->server);
  for (guint i = 0; i < all->len; i++)
    {
      FakeNotification *record = g_ptr_array_index (all, i);

      if (!g_str_has_suffix (record->summary, "more invitations") &&
          !g_str_has_suffix (record->summary, "more invitation"))
        continue;
      if (summary_id == 0)
        {
          summary_id = record->id;
          g_assert_cmpuint (record->replaces_id, ==, 0);
        }
      else
        {
          g_assert_cmpuint (record->id, ==, summary_id);
          g_assert_cmpuint (record->replaces_id, ==, summary_id);
        }
      g_assert_cmpuint (fake_notification_count_buttons (record), ==, 0);
      g_assert_true (fake_notification_has_action (record, "default"));
      g_assert_cmpstr (record->desktop_entry, ==, DESKTOP_ENTRY);
    }
  g_assert_cmpuint (summary_id, !=, 0);
  g_assert_cmpuint (fake_notification_server_count_open (fixture->server), ==, 5);

  /* An overflowed invitation that is missed is not dropped: the summary
   * says so. */
  g_assert_true (ucwa_sim_server_cancel_invitation (fixture->sim, ids[9]));
  after_missed = wait_for_current (fixture, summary_id, "1 missed invitation", 0);
  g_assert_cmpstr (after_missed->summary, ==, "5 more invitations");
  /* That went through the whole pipeline after the burst: no late popup. */
  g_assert_cmpuint (count_popups (fixture), ==, 4);
  g_assert_cmpuint (fake_notification_server_count_open (fixture->server), ==, 5);

  /* Clicking the summary opens the list. */
  g_assert_true (fake_notification_server_invoke_action (fixture->server, summary_id, "default"));
  test_wait_for_count (&fixture->n_show_invitations, 1, "show-invitations");
  g_assert_cmpuint (fixture->n_show_invitations, ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (ids[i]);
}

static gboolean
saw_new_application (Fixture *fixture)
{
  return ucwa_sim_server_count_requests (fixture->sim, "POST", "/applications") >= 2 &&
         is_online (fixture) && ucwa_sim_server_count_parked_requests (fixture->sim) == 1;
}

static void
test_reconnect (Fixture      *fixture,
                gconstpointer data)
{
  UcwaSimFault                 fault = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (fixture->sim), "test-fault"));
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) marker = NULL;
  g_autofree char             *id = NULL;

  if (fault == UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND)
    {
      g_autoptr (FakeNotification) missed = NULL;

      /* The application is lost with the invitation ringing, and nothing
       * offers it again: it went with the application. */
      item = receive_im (fixture, "sip:ada@contoso.com", "Ada Lovelace", "Still there?", &id);
      popup = wait_for_popup (fixture, item);
      ucwa_sim_server_inject_fault (fixture->sim, fault, 1);
      wait_until (fixture, saw_new_application, "the application to be re-created");
      wait_for_state (fixture, item, BECKON_INVITATION_STATE_MISSED);

      /* Withdrawn (its buttons would lead nowhere), said once, and the list
       * says why. */
      wait_for_closed (fixture, popup->id);
      g_assert_true (was_closed_by_client (fixture, popup->id));
      missed = wait_for_summary (fixture, "Missed chat from Ada Lovelace");
      g_assert_cmpuint (fake_notification_count_buttons (missed), ==, 0);
      g_assert_cmpstr (beckon_invitation_item_get_status_text (item), ==,
                       "Missed: the connection to the server was lost");

      marker = pass_marker (fixture, FALSE);
      g_assert_cmpuint (fixture->items->len, ==, 1 + fixture->n_markers);
      g_assert_cmpuint (count_with_summary (fixture, "Missed chat from Ada Lovelace"), ==, 1);
      assert_shown_before (fixture, marker, 2);

      /* A click on the withdrawn popup cannot go out. */
      fake_notification_server_invoke_action (fixture->server, popup->id, "accept");
      g_assert_cmpint (beckon_invitation_item_get_state (item), ==, BECKON_INVITATION_STATE_MISSED);
      g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/accept"), ==, 0);
      g_assert_cmpuint (count_popups (fixture), ==, 1);
      return;
    }
  else
    {
      /* The channel drops under the response that carries the invitation,
       * and the one after: the events come again. */
      id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:ada@contoso.com", "Ada Lovelace",
                                                "Still there?");
      ucwa_sim_server_inject_fault (fixture->sim, fault, 2);
      item = wait_for_item (fixture, 0, "Ada Lovelace", "Still there?");
      popup = wait_for_popup (fixture, item);
    }

  /* The events that came again, or the invitation offered again, came
   * before the marker's. */
  marker = pass_marker (fixture, FALSE);
  g_assert_cmpuint (fixture->items->len, ==, 1 + fixture->n_markers);
  assert_shown_before (fixture, marker, 1);
  g_assert_true (fake_notification_server_is_open (fixture->server, popup->id));

  /* And its buttons still work. */
  g_assert_true (fake_notification_server_invoke_action (fixture->server, popup->id, "accept"));
  wait_for_state (fixture, item, BECKON_INVITATION_STATE_ACCEPTED);
  wait_for_closed (fixture, popup->id);
  g_assert_cmpuint (count_popups (fixture), ==, 1);
}

static gboolean
tick_cb (gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->ticks++;
  return G_SOURCE_CONTINUE;
}

static gboolean
notify_received (Fixture *fixture)
{
  return fake_notification_server_get_notify_count (fixture->server) >= 1;
}

static gboolean
three_popups (gpointer user_data)
{
  return count_popups (user_data) >= 3;
}

static void
test_slow_server (Fixture      *fixture,
                  gconstpointer data)
{
  guint ticks_before;
  guint tick_source;

  /* Every answer of the server takes 5 s: the worker thread waits, the
   * main context does not. */
  tick_source = g_timeout_add (50, tick_cb, fixture);

  receive_im (fixture, "sip:ada@contoso.com", "Ada Lovelace", "First", NULL);
  wait_until (fixture, notify_received, "the first Notify to reach the server");
  g_assert_cmpuint (fake_notification_server_get_n_pending (fixture->server), >=, 1);
  ticks_before = fixture->ticks;

  /* While that Notify waits for its answer, invitations keep arriving and
   * the timer keeps firing. */
  receive_im (fixture, "sip:bob@contoso.com", "Bob Builder", "Second", NULL);
  receive_im (fixture, "sip:carol@contoso.com", "Carol Shaw", "Third", NULL);
  test_wait_for_count (&fixture->ticks, ticks_before + 3, "the timer to keep firing");
  g_assert_cmpuint (fake_notification_server_get_notify_count (fixture->server), ==, 1);
  g_assert_cmpuint (fake_notification_server_get_n_pending (fixture->server), >=, 1);
  g_assert_cmpuint (fixture->items->len, ==, 3);

  /* They are all shown in the end. */
  fake_notification_server_set_reply_delay (fixture->server, 0);
  if (!fake_notification_server_wait (fixture->server, three_popups, fixture, 60000))
    g_error ("The queued notifications were never shown");
  g_assert_cmpuint (count_popups (fixture), ==, 3);
  g_assert_cmpuint (fake_notification_server_get_notify_count (fixture->server), ==, 3);

  g_source_remove (tick_source);
}

static gboolean
server_has_pending (Fixture *fixture)
{
  return fake_notification_server_get_n_pending (fixture->server) >= 1;
}

static void
test_slow_server_quit (Fixture      *fixture,
                       gconstpointer data)
{
  /* The worker waits 5 s for each answer: quitting must not. */
  wait_until (fixture, server_has_pending, "the worker to wait for the server");
  beckon_notifier_close_all (fixture->notifier);
  /* It gave up before the server answered (the answer is 5 s away). */
  g_assert_cmpuint (fake_notification_server_get_n_pending (fixture->server), >=, 1);
  g_assert_false (beckon_notifier_get_caps_known (fixture->notifier));
  /* Again: nothing to wait for. */
  beckon_notifier_close_all (fixture->notifier);
  /* Disposing leaves the worker to finish on its own. */
  g_clear_object (&fixture->notifier);
  g_assert_cmpuint (fake_notification_server_get_n_pending (fixture->server), >=, 1);
}

static void
test_no_actions (Fixture      *fixture,
                 gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;

  item = receive_im (fixture, "sip:ada@contoso.com", "Ada Lovelace", "a < b & c", NULL);
  popup = wait_for_popup (fixture, item);

  /* No buttons, no markup: the server has neither. */
  g_assert_cmpuint (fake_notification_count_buttons (popup), ==, 0);
  g_assert_true (fake_notification_has_action (popup, "default"));
  g_assert_cmpstr (popup->body, ==, "a < b & c");
  g_assert_cmpstr (popup->desktop_entry, ==, DESKTOP_ENTRY);
  g_assert_true (beckon_notifier_get_caps_known (fixture->notifier));
  g_assert_false (beckon_notifier_get_has_actions (fixture->notifier));

  /* A click opens the list, where the invitation can be answered. */
  g_assert_true (fake_notification_server_invoke_action (fixture->server, popup->id, "default"));
  test_wait_for_count (&fixture->n_show_invitations, 1, "show-invitations");
  g_assert_cmpuint (fixture->n_show_invitations, ==, 1);
  g_assert_cmpuint (fixture->activated->len, ==, 0);
  g_assert_cmpint (beckon_invitation_item_get_state (item), ==, BECKON_INVITATION_STATE_PENDING);
}

static void
test_not_resident (Fixture      *fixture,
                   gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) joining = NULL;

  /* A server that closes a notification when a button is clicked: the
   * "Joining…" comes as a new one, and goes as well. */
  item = receive_im (fixture, "sip:ada@contoso.com", "Ada Lovelace", "Hello", NULL);
  popup = wait_for_popup (fixture, item);
  g_assert_true (fake_notification_server_invoke_action (fixture->server, popup->id, "accept"));
  joining = wait_for_record (fixture, "Ada Lovelace invites you to chat", "Joining…");
  g_assert_cmpuint (fake_notification_count_buttons (joining), ==, 0);
  wait_for_state (fixture, item, BECKON_INVITATION_STATE_ACCEPTED);
  wait_for_closed (fixture, joining->id);
  g_assert_false (fake_notification_server_is_open (fixture->server, popup->id));
  g_assert_cmpuint (fake_notification_server_count_open (fixture->server), ==, 0);
}

static void
test_dismissed (Fixture      *fixture,
                gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (FakeNotification) marker = NULL;

  /* The user closed the popup, then accepted from the window: no popup
   * comes back to say "Joining…". */
  item = receive_im (fixture, "sip:ada@contoso.com", "Ada Lovelace", "Hello", NULL);
  popup = wait_for_popup (fixture, item);
  g_assert_true (fake_notification_server_dismiss (fixture->server, popup->id));
  wait_for_closed (fixture, popup->id);
  /* The notifier has heard of that close before the user accepts. */
  marker = pass_marker (fixture, TRUE);

  beckon_account_accept (fixture->account, item);
  wait_for_state (fixture, item, BECKON_INVITATION_STATE_ACCEPTED);
  g_clear_pointer (&marker, fake_notification_free);
  marker = pass_marker (fixture, FALSE);
  assert_shown_before (fixture, marker, 1);
  g_assert_cmpuint (fake_notification_server_count_open (fixture->server), ==, 0);
}

static void
test_window_accept (Fixture      *fixture,
                    gconstpointer data)
{
  BeckonInvitationItem        *item;
  g_autoptr (FakeNotification) popup = NULL;

  /* Accepted from the window: the popup follows the item. */
  item = receive_im (fixture, "sip:ada@contoso.com", "Ada Lovelace", "Hello", NULL);
  popup = wait_for_popup (fixture, item);
  beckon_account_accept (fixture->account, item);
  wait_for_state (fixture, item, BECKON_INVITATION_STATE_ACCEPTED);
  wait_for_closed (fixture, popup->id);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->sim, "POST", "/accept"), ==, 1);
}

static gboolean
shown_twice (Fixture *fixture)
{
  return beckon_notifier_get_n_shown (fixture->notifier) >= 2;
}

static void
test_server_vanishes (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr (FakeNotificationServer) second = NULL;
  g_autoptr (GError)                 error = NULL;
  BeckonInvitationItem              *item;
  g_autoptr (FakeNotification)       popup = NULL;

  item = receive_im (fixture, "sip:ada@contoso.com", "Ada Lovelace", "One", NULL);
  popup = wait_for_popup (fixture, item);

  /* No server at all: the invitation still arrives (it is in the list), the
   * attempt fails on the worker thread without holding anything up. */
  fake_notification_server_stop (fixture->server);
  receive_im (fixture, "sip:bob@contoso.com", "Bob Builder", "Two", NULL);
  wait_until (fixture, shown_twice, "the second attempt");
  g_assert_cmpuint (fixture->items->len, ==, 2);

  /* A server comes back: the next one is shown there. */
  second = fake_notification_server_new ();
  g_assert_true (fake_notification_server_start (second, &error));
  g_assert_no_error (error);
  item = receive_im (fixture, "sip:carol@contoso.com", "Carol Shaw", "Three", NULL);
  /* Carol's own, not merely the first to reach it: an earlier invitation's
   * may get there first. */
  g_clear_pointer (&popup, fake_notification_free);
  popup = wait_for_summary_on (second, "Carol Shaw invites you to chat");
  g_assert_nonnull (popup);

  /* Its buttons work. */
  g_assert_true (fake_notification_server_invoke_action (second, popup->id, "accept"));
  wait_for_state (fixture, item, BECKON_INVITATION_STATE_ACCEPTED);

  /* Let the notifier close its notifications on this server, not on one
   * that is gone. */
  g_clear_object (&fixture->notifier);
}

static void
test_close_all (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (FakeNotification) one = NULL;
  g_autoptr (FakeNotification) two = NULL;
  guint                        n;

  one = wait_for_popup (fixture, receive_im (fixture, "sip:ada@contoso.com", "Ada Lovelace", "One", NULL));
  two = wait_for_popup (fixture, receive_meeting (fixture, "Two", NULL));
  g_assert_cmpuint (fake_notification_server_count_open (fixture->server), ==, 2);

  /* Synchronous: when it returns, the server has closed them. */
  beckon_notifier_close_all (fixture->notifier);
  g_assert_cmpuint (fake_notification_server_count_open (fixture->server), ==, 0);
  g_assert_cmpuint (fake_notification_server_get_close_count (fixture->server), ==, 2);

  /* And it shows nothing more. */
  n = fake_notification_server_get_notify_count (fixture->server);
  receive_im (fixture, "sip:bob@contoso.com", "Bob Builder", "Three", NULL);
  /* The notifier has seen Bob's invitation (its handler runs in the same
   * emission as the one receive_im() waits for); disposing it joins the
   * worker thread, which first carries out every command posted before
   * (each Notify is a synchronous call): nothing more can reach the server
   * after this. */
  g_clear_object (&fixture->notifier);
  g_assert_cmpuint (fake_notification_server_get_notify_count (fixture->server), ==, n);
}

static void
add_test (const char   *path,
          const Config *config,
          void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, config, fixture_set_up, func, fixture_tear_down);
}

typedef struct
{
  const char  *path;
  UcwaSimFault fault;
  void (*func) (Fixture *, gconstpointer);
} FaultCase;

static void
fault_set_up (Fixture      *fixture,
              gconstpointer data)
{
  const FaultCase *fault_case = data;

  fixture_set_up (fixture, &default_config);
  g_object_set_data (G_OBJECT (fixture->sim), "test-fault", GINT_TO_POINTER (fault_case->fault));
}

static void
fault_run (Fixture      *fixture,
           gconstpointer data)
{
  const FaultCase *fault_case = data;

  fault_case->func (fixture, &default_config);
}

int
main (int   argc,
      char *argv[])
{
  static const FaultCase fault_cases[] = {
    { "/notifier/accept-fault/callback-channel-error", UCWA_SIM_FAULT_ACCEPT_CALLBACK_CHANNEL_ERROR, test_accept_fault },
    { "/notifier/accept-fault/already-exists", UCWA_SIM_FAULT_ACCEPT_ALREADY_EXISTS, test_accept_fault },
    { "/notifier/accept-fault/too-many-groups", UCWA_SIM_FAULT_ACCEPT_TOO_MANY_GROUPS, test_accept_fault },
    { "/notifier/accept-fault/conflict-none", UCWA_SIM_FAULT_ACCEPT_CONFLICT_NONE, test_accept_fault },
    { "/notifier/accept-fault/cannot-redirect", UCWA_SIM_FAULT_ACCEPT_CANNOT_REDIRECT, test_accept_fault },
    { "/notifier/accept-fault/service-unavailable", UCWA_SIM_FAULT_ACCEPT_SERVICE_UNAVAILABLE, test_accept_fault },
    { "/notifier/reconnect/drop-connection", UCWA_SIM_FAULT_EVENTS_DROP_CONNECTION, test_reconnect },
    { "/notifier/reconnect/application-not-found", UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND, test_reconnect },
  };

  g_test_init (&argc, &argv, NULL);

  add_test ("/notifier/im/accept", &default_config, test_im_accept);
  add_test ("/notifier/im/decline", &default_config, test_decline);
  add_test ("/notifier/im/cancelled", &default_config, test_cancelled);
  add_test ("/notifier/im/default-action", &default_config, test_default_action);
  add_test ("/notifier/im/dismissed", &default_config, test_dismissed);
  add_test ("/notifier/im/window-accept", &default_config, test_window_accept);
  add_test ("/notifier/meeting/accept", &default_config, test_meeting_accept);
  add_test ("/notifier/meeting/cancelled", &default_config, test_meeting_cancelled);
  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    g_test_add (fault_cases[i].path, Fixture, &fault_cases[i], fault_set_up, fault_run, fixture_tear_down);
  add_test ("/notifier/burst", &default_config, test_burst);
  add_test ("/notifier/server/slow", &slow_config, test_slow_server);
  add_test ("/notifier/server/slow-quit", &slow_config, test_slow_server_quit);
  add_test ("/notifier/server/no-actions", &no_actions_config, test_no_actions);
  add_test ("/notifier/server/not-resident", &not_resident_config, test_not_resident);
  add_test ("/notifier/server/vanishes", &default_config, test_server_vanishes);
  add_test ("/notifier/close-all", &default_config, test_close_all);

  return g_test_run ();
}

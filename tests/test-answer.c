/* test-answer.c: one answer policy for the notification and the invitation
 * list.  The account decides whether a click on Accept can go out now, must
 * wait, or is refused; each case is clicked once from the notification and
 * once from the list, and both views are checked to say the same thing.
 * Against the simulator (real loopback HTTP) and a fake notification server
 * (a real private session bus), with real BeckonNotifier and
 * BeckonInvitationRow objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "beckon-account-copy.h"
#include "beckon-invitation-row.h"
#include "fake-notification-server.h"
#include "notifier-fixture.h"
#include "test-util.h"

#define SUMMARY "Ada Lovelace invites you to chat"

typedef enum {
  FROM_NOTIFICATION,
  FROM_LIST,
} ClickFrom;

typedef struct
{
  NotifierFixture    base;
  GtkWindow         *window;
  GtkListBox        *list;
  GPtrArray         *rows; /* BeckonInvitationRow, one per item */
  /* What the rows show: the account's copy, from an inline core (the
   * notifier and the account stay on the test's thread). */
  BeckonCore        *core;
  BeckonAccountCopy *copy;
} Fixture;

typedef gboolean (*Condition) (Fixture *fixture);

static void
wait_until (Fixture    *fixture,
            Condition   cond,
            const char *what)
{
  test_wait_until ((TestCondition) cond, fixture, what);
}

static gpointer
child (gpointer    widget,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), BECKON_TYPE_INVITATION_ROW, name);

  g_assert_nonnull (object);
  return object;
}

static void
invitation_added_cb (BeckonAccountCopy    *account,
                     BeckonInvitationCopy *item,
                     Fixture              *fixture)
{
  GtkWidget *row = beckon_invitation_row_new (account, item);

  g_ptr_array_add (fixture->rows, g_object_ref (row));
  gtk_list_box_prepend (fixture->list, row);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->rows = g_ptr_array_new_with_free_func (g_object_unref);
  notifier_fixture_set_up_with_server (&fixture->base, fake_notification_server_new ());
  /* One row per item, bound as the window's list binds them (after the
   * fixture's own handler has recorded the item); a GtkListBox keeps them
   * all, so each case can look at its row whatever scrolled. */
  fixture->core = beckon_core_new_inline ();
  fixture->copy = beckon_account_copy_new (fixture->core, fixture->base.account);
  g_signal_connect (fixture->copy, "invitation-added", G_CALLBACK (invitation_added_cb), fixture);

  /* Realized, so that a button's activation is a click as a keyboard user
   * makes it. */
  fixture->window = g_object_ref_sink (GTK_WINDOW (gtk_window_new ()));
  fixture->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->list));
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (fixture->copy, fixture);
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->window);
  g_clear_pointer (&fixture->rows, g_ptr_array_unref);
  beckon_account_copy_disconnect (fixture->copy);
  notifier_fixture_tear_down (&fixture->base);
  g_clear_object (&fixture->copy);
  g_clear_pointer (&fixture->core, beckon_core_free);
}

/* Conditions on the first invitation and its views */

static BeckonInvitationItem *
first_item (Fixture *fixture)
{
  g_assert_cmpuint (fixture->base.items->len, >=, 1);
  return g_ptr_array_index (fixture->base.items, 0);
}

static BeckonInvitationRow *
first_row (Fixture *fixture)
{
  g_assert_cmpuint (fixture->rows->len, >=, 1);
  return g_ptr_array_index (fixture->rows, 0);
}

/* The first row shows what the account has now: its copy caught up. */
static gboolean
row_caught_up (Fixture *fixture)
{
  BeckonInvitationCopy *copy;
  BeckonInvitationItem *item;

  if (fixture->rows->len < 1 || fixture->base.items->len < 1)
    return FALSE;
  copy = beckon_invitation_row_get_item (g_ptr_array_index (fixture->rows, 0));
  item = g_ptr_array_index (fixture->base.items, 0);
  return beckon_invitation_copy_get_state (copy) == beckon_invitation_item_get_state (item) &&
         beckon_invitation_copy_get_can_accept (copy) ==
           beckon_account_can_answer (fixture->base.account, item, BECKON_ANSWER_ACCEPT, NULL);
}

static FakeNotification *
find_popup (Fixture *fixture)
{
  return fake_notification_server_find_by_summary (fixture->base.server, SUMMARY);
}

static gboolean
has_popup (Fixture *fixture)
{
  g_autoptr (FakeNotification) popup = find_popup (fixture);

  return fixture->base.items->len >= 1 && popup != NULL && row_caught_up (fixture);
}

static gboolean
has_two_items (Fixture *fixture)
{
  return fixture->base.items->len >= 2;
}

static gboolean
links_away (Fixture *fixture)
{
  UcwaInvitation *invitation = beckon_invitation_item_get_invitation (first_item (fixture));

  return ucwa_invitation_get_accept_href (invitation) == NULL &&
         ucwa_invitation_get_status (invitation) == UCWA_INVITATION_STATUS_PENDING;
}

static gboolean
popup_says_joining (Fixture *fixture)
{
  g_autoptr (FakeNotification) popup = find_popup (fixture);
  g_autoptr (FakeNotification) current = popup != NULL ? fake_notification_server_get_current (fixture->base.server,
                                                                                               popup->id)
                                                       : NULL;

  return current != NULL && g_strcmp0 (current->body, "Joining…") == 0 &&
         fake_notification_count_buttons (current) == 0;
}

static gboolean
is_joining (Fixture *fixture)
{
  return beckon_invitation_item_get_state (first_item (fixture)) == BECKON_INVITATION_STATE_JOINING &&
         popup_says_joining (fixture) && row_caught_up (fixture);
}

static gboolean
is_accepted (Fixture *fixture)
{
  return beckon_invitation_item_get_state (first_item (fixture)) == BECKON_INVITATION_STATE_ACCEPTED &&
         row_caught_up (fixture);
}

static gboolean
accept_arrived (Fixture *fixture)
{
  return ucwa_sim_server_count_requests (fixture->base.sim, "POST", "/accept") >= 1;
}

static gboolean
popup_closed (Fixture *fixture)
{
  g_autoptr (FakeNotification) popup = find_popup (fixture);

  return popup != NULL && !fake_notification_server_is_open (fixture->base.server, popup->id);
}

static gboolean
worker_waits_for_server (Fixture *fixture)
{
  return fake_notification_server_get_n_pending (fixture->base.server) >= 1;
}

static gboolean
was_activated (Fixture *fixture)
{
  return fixture->base.activated->len >= 1;
}

/* What both views say */

/* Ringing, Accept and Decline offered: two buttons in the popup, two
 * sensitive buttons in the row, no state line. */
static void
assert_both_offer (Fixture *fixture)
{
  BeckonInvitationRow         *row = first_row (fixture);
  g_autoptr (FakeNotification) popup = find_popup (fixture);
  g_autoptr (FakeNotification) current = fake_notification_server_get_current (fixture->base.server, popup->id);

  g_assert_nonnull (current);
  g_assert_true (fake_notification_has_action (current, "accept"));
  g_assert_true (fake_notification_has_action (current, "decline"));

  g_assert_true (gtk_widget_get_visible (child (row, "button_box")));
  g_assert_true (gtk_widget_get_sensitive (child (row, "accept_button")));
  g_assert_true (gtk_widget_get_sensitive (child (row, "decline_button")));
  g_assert_false (gtk_widget_get_visible (child (row, "status_box")));
  g_assert_true (beckon_account_can_answer (fixture->base.account, first_item (fixture), BECKON_ANSWER_ACCEPT, NULL));
}

/* The click went: "Joining…" in both, no button to click again, and the
 * account refuses a second answer with the reason the row's button gives. */
static void
assert_both_joining (Fixture *fixture)
{
  BeckonInvitationRow *row = first_row (fixture);
  g_autoptr (GError)   error = NULL;
  g_autofree char     *tooltip = NULL;

  g_assert_true (popup_says_joining (fixture));

  g_assert_false (gtk_widget_get_visible (child (row, "button_box")));
  g_assert_false (gtk_widget_get_sensitive (child (row, "accept_button")));
  g_assert_true (gtk_widget_get_visible (child (row, "status_box")));
  g_assert_true (gtk_widget_get_visible (child (row, "spinner")));
  g_assert_cmpstr (gtk_label_get_text (child (row, "status_label")), ==, "Joining…");

  g_assert_false (beckon_account_can_answer (fixture->base.account, first_item (fixture), BECKON_ANSWER_ACCEPT, &error));
  g_assert_error (error, BECKON_ANSWER_ERROR, BECKON_ANSWER_ERROR_IN_PROGRESS);
  tooltip = beckon_invitation_row_dup_tooltip (row, child (row, "accept_button"));
  g_assert_cmpstr (tooltip, ==, error->message);
}

static void
assert_both_accepted (Fixture *fixture)
{
  wait_until (fixture, is_accepted, "the invitation to be accepted");
  wait_until (fixture, popup_closed, "the popup to go");
  g_assert_cmpstr (gtk_label_get_text (child (first_row (fixture), "status_label")), ==, "Accepted");
  g_assert_false (gtk_widget_get_visible (child (first_row (fixture), "button_box")));
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->base.sim, "POST", "/accept"), ==, 1);
  g_assert_cmpuint (fixture->base.n_conversation_ready, ==, 1);
}

static void
click_accept (Fixture  *fixture,
              ClickFrom from)
{
  if (from == FROM_NOTIFICATION)
    {
      g_autoptr (FakeNotification) popup = find_popup (fixture);

      g_assert_true (fake_notification_server_invoke_action (fixture->base.server, popup->id, "accept"));
    }
  else
    {
      GtkWidget *accept = child (first_row (fixture), "accept_button");

      g_assert_true (gtk_widget_is_sensitive (accept));
      g_assert_true (gtk_widget_activate (accept));
    }
}

/* A click on Accept while the links are away: the popup still offers it
 * (the notifier shows what the account allows, and it allows waiting). */
static void
click_accept_anyway (Fixture  *fixture,
                     ClickFrom from)
{
  if (from == FROM_NOTIFICATION)
    {
      g_autoptr (FakeNotification) popup = find_popup (fixture);

      g_assert_true (fake_notification_server_invoke_action (fixture->base.server, popup->id, "accept"));
    }
  else
    click_accept (fixture, from);
}

static gboolean
is_online_again (Fixture *fixture)
{
  return ucwa_session_get_state (fixture->base.session) == UCWA_SESSION_STATE_ONLINE;
}

static void
receive (Fixture *fixture)
{
  g_autofree char *id = ucwa_sim_server_start_im_invitation (fixture->base.sim, NULL, "sip:ada@contoso.com",
                                                             "Ada Lovelace", "Hi, got a minute?");

  g_assert_nonnull (id);
  wait_until (fixture, has_popup, "the invitation's popup");
}

/* Tests */

static gboolean
ended_as_lost (Fixture *fixture)
{
  g_autoptr (FakeNotification) missed = fake_notification_server_find_by_summary (fixture->base.server,
                                                                                  "Missed chat from Ada Lovelace");

  return beckon_invitation_item_get_state (first_item (fixture)) == BECKON_INVITATION_STATE_MISSED &&
         popup_closed (fixture) && missed != NULL && row_caught_up (fixture);
}

static void
test_recreating (Fixture      *fixture,
                 gconstpointer data)
{
  ClickFrom                    from = GPOINTER_TO_INT (data);
  g_autoptr (FakeNotification) missed = NULL;
  g_autoptr (GError)           error = NULL;
  BeckonInvitationRow         *row;

  receive (fixture);
  assert_both_offer (fixture);

  /* The server loses the application, and the invitation with it: nothing
   * offers it again under the new one (PROTOCOL.md promises no re-offer). */
  ucwa_sim_server_inject_fault (fixture->base.sim, UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND, 1);
  wait_until (fixture, links_away, "the invitation's links to go");

  /* A click while its re-check is on its way: it waits for the links or is
   * refused, whichever the check leaves it; either way nothing goes. */
  if (from == FROM_LIST)
    click_accept (fixture, from);
  else
    {
      g_autoptr (FakeNotification) popup = find_popup (fixture);

      fake_notification_server_invoke_action (fixture->base.server, popup->id, "accept");
    }

  /* The GET finds nothing: the invitation ends as missed, the answer that
   * waited is refused with the reason, and both views say so. */
  wait_until (fixture, ended_as_lost, "the invitation to end as lost");
  row = first_row (fixture);
  missed = fake_notification_server_find_by_summary (fixture->base.server, "Missed chat from Ada Lovelace");
  /* No answer; Reply only if the account was back online by then. */
  g_assert_false (fake_notification_has_action (missed, "accept"));
  g_assert_false (fake_notification_has_action (missed, "decline"));
  g_assert_cmpuint (fake_notification_count_buttons (missed), ==, fake_notification_has_action (missed, "reply") ? 1 : 0);
  g_assert_false (gtk_widget_get_visible (child (row, "button_box")));
  g_assert_true (gtk_widget_get_visible (child (row, "status_box")));
  g_assert_cmpstr (gtk_label_get_text (child (row, "status_label")), ==,
                   "Missed: the connection to the server was lost");
  g_assert_false (beckon_account_can_answer (fixture->base.account, first_item (fixture), BECKON_ANSWER_ACCEPT, &error));
  g_assert_error (error, BECKON_ANSWER_ERROR, BECKON_ANSWER_ERROR_OVER);

  /* Nothing went: there was no link to send it to. */
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->base.sim, "POST", "/accept"), ==, 0);
  g_assert_cmpuint (fixture->base.n_conversation_ready, ==, 0);
}

static void
test_in_flight (Fixture      *fixture,
                gconstpointer data)
{
  ClickFrom        from = GPOINTER_TO_INT (data);
  g_autofree char *other = NULL;

  /* The accept is answered 2 s late: the first click stays in flight. */
  ucwa_sim_server_inject_fault (fixture->base.sim, UCWA_SIM_FAULT_ACCEPT_SLOW, 1);
  receive (fixture);
  assert_both_offer (fixture);

  if (from == FROM_NOTIFICATION)
    {
      g_autoptr (FakeNotification) popup = find_popup (fixture);

      /* Two clicks that cross: both reach the notifier before its popup
       * loses its buttons.  The worker is held in a slow Notify (for another
       * invitation) while they arrive, so both are delivered before it
       * hears of the first. */
      fake_notification_server_set_reply_delay (fixture->base.server, 1500);
      other = ucwa_sim_server_start_im_invitation (fixture->base.sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Hi");
      wait_until (fixture, has_two_items, "the second invitation");
      wait_until (fixture, worker_waits_for_server, "the worker to wait for the server");
      g_assert_true (fake_notification_server_invoke_action (fixture->base.server, popup->id, "accept"));
      g_assert_true (fake_notification_server_invoke_action (fixture->base.server, popup->id, "accept"));
      fake_notification_server_set_reply_delay (fixture->base.server, 0);
      wait_until (fixture, is_joining, "both views to say Joining…");
    }
  else
    {
      GtkWidget *accept = child (first_row (fixture), "accept_button");

      click_accept (fixture, from);
      wait_until (fixture, is_joining, "both views to say Joining…");
      /* The button is gone; a click that crossed the change (emitted as
       * the button would) is refused, and the row still says why. */
      g_signal_emit_by_name (accept, "clicked");
    }

  wait_until (fixture, accept_arrived, "the accept at the simulator");
  assert_both_joining (fixture);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->base.sim, "POST", "/accept"), ==, 1);

  assert_both_accepted (fixture);
}

static void
invitation_get_cb (UcwaSimServer *sim,
                   const char    *method,
                   const char    *path,
                   const char    *authorization,
                   guint         *gets)
{
  if (g_str_equal (method, "GET") && strstr (path, "/communication/messagingInvitations/") != NULL)
    (*gets)++;
}

/* Ada rings; the server loses the application while Bob's invitation is
 * still being fetched (a slow server), so the re-check of Ada's waits its
 * turn.  The user clicks Accept meanwhile: there is no link to send it to,
 * so the answer waits for the re-check ("Joining…" in both views, nothing
 * sent).  The re-check finds her invitation gone: it ended first, and the
 * answer that waited is dropped, never sent; both views say why. */
static void
test_answer_waits_and_the_invitation_ends_first (Fixture      *fixture,
                                                 gconstpointer data)
{
  ClickFrom                    from = GPOINTER_TO_INT (data);
  UcwaSimServer               *sim = fixture->base.sim;
  g_autoptr (FakeNotification) missed = NULL;
  g_autoptr (GError)           error = NULL;
  g_autofree char             *bob = NULL;
  BeckonInvitationRow         *row;
  guint                        gets = 0;

  receive (fixture);
  assert_both_offer (fixture);

  /* Bob's invitation comes as a bare link, and its GET takes the server
   * 10 s: the client waits up to 3 s for it, holding what comes after. */
  g_signal_connect (sim, "request", G_CALLBACK (invitation_get_cb), &gets);
  ucwa_sim_server_inject_fault (sim, UCWA_SIM_FAULT_LINK_ONLY_EVENTS, 1);
  ucwa_sim_server_inject_fault (sim, UCWA_SIM_FAULT_SLOW_RESOURCE_GET, 1);
  bob = ucwa_sim_server_start_im_invitation (sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Me too");
  g_assert_nonnull (bob);
  test_wait_for_count (&gets, 1, "the GET of Bob's invitation");

  ucwa_sim_server_inject_fault (sim, UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND, 1);
  wait_until (fixture, links_away, "Ada's links to go");

  click_accept_anyway (fixture, from);
  wait_until (fixture, is_joining, "both views to say Joining…");
  assert_both_joining (fixture);
  g_assert_cmpuint (ucwa_sim_server_count_requests (sim, "POST", "/accept"), ==, 0);

  wait_until (fixture, ended_as_lost, "the invitation to end as lost");
  row = first_row (fixture);
  missed = fake_notification_server_find_by_summary (fixture->base.server, "Missed chat from Ada Lovelace");
  /* No answer; Reply only if the account was back online by then. */
  g_assert_false (fake_notification_has_action (missed, "accept"));
  g_assert_false (fake_notification_has_action (missed, "decline"));
  g_assert_cmpuint (fake_notification_count_buttons (missed), ==, fake_notification_has_action (missed, "reply") ? 1 : 0);
  g_assert_false (gtk_widget_get_visible (child (row, "button_box")));
  g_assert_false (gtk_widget_get_visible (child (row, "spinner")));
  g_assert_cmpstr (gtk_label_get_text (child (row, "status_label")), ==,
                   "Missed: the connection to the server was lost");
  g_assert_false (beckon_account_can_answer (fixture->base.account, first_item (fixture), BECKON_ANSWER_ACCEPT, &error));
  g_assert_error (error, BECKON_ANSWER_ERROR, BECKON_ANSWER_ERROR_OVER);

  /* Signed in again under the new application: still nothing went. */
  wait_until (fixture, is_online_again, "the new application");
  g_assert_cmpuint (ucwa_sim_server_count_requests (sim, "POST", "/accept"), ==, 0);
  g_assert_cmpuint (fixture->base.n_conversation_ready, ==, 0);
  g_signal_handlers_disconnect_by_data (sim, &gets);
}

static void
test_no_accept_link (Fixture      *fixture,
                     gconstpointer data)
{
  ClickFrom                    from = GPOINTER_TO_INT (data);
  BeckonInvitationItem        *item;
  BeckonInvitationRow         *row;
  g_autoptr (FakeNotification) popup = NULL;
  g_autoptr (GError)           error = NULL;
  g_autofree char             *body = NULL;
  g_autofree char             *tooltip = NULL;

  /* The server offers neither accept nor decline. */
  ucwa_sim_server_inject_fault (fixture->base.sim, UCWA_SIM_FAULT_MISSING_LINKS, 1);
  receive (fixture);
  item = first_item (fixture);
  row = first_row (fixture);

  g_assert_false (beckon_account_can_answer (fixture->base.account, item, BECKON_ANSWER_ACCEPT, &error));
  g_assert_error (error, BECKON_ANSWER_ERROR, BECKON_ANSWER_ERROR_NOT_OFFERED);
  g_assert_cmpstr (error->message, ==, "This invitation cannot be answered here");

  /* Both say why, in the same words: the popup without buttons, the row
   * with insensitive ones. */
  popup = find_popup (fixture);
  g_assert_cmpuint (fake_notification_count_buttons (popup), ==, 0);
  body = g_strconcat ("Hi, got a minute?\n", error->message, NULL);
  g_assert_cmpstr (popup->body, ==, body);

  g_assert_true (gtk_widget_get_visible (child (row, "button_box")));
  g_assert_false (gtk_widget_get_sensitive (child (row, "accept_button")));
  g_assert_false (gtk_widget_get_sensitive (child (row, "decline_button")));
  tooltip = beckon_invitation_row_dup_tooltip (row, child (row, "accept_button"));
  g_assert_cmpstr (tooltip, ==, error->message);
  g_assert_true (gtk_widget_get_visible (child (row, "status_box")));
  g_assert_cmpstr (gtk_label_get_text (child (row, "status_label")), ==, error->message);

  if (from == FROM_NOTIFICATION)
    {
      /* No Accept to click: the popup itself opens the invitation. */
      g_assert_true (fake_notification_server_invoke_action (fixture->base.server, popup->id, "default"));
      wait_until (fixture, was_activated, "activate-invitation");
      g_assert_true (g_ptr_array_index (fixture->base.activated, 0) == item);
    }
  else
    {
      /* A click that reaches the insensitive button anyway is refused, and
       * the row keeps saying why. */
      g_signal_emit_by_name (child (row, "accept_button"), "clicked");
      g_assert_cmpstr (gtk_label_get_text (child (row, "status_label")), ==, error->message);
    }

  g_assert_cmpint (beckon_invitation_item_get_state (item), ==, BECKON_INVITATION_STATE_PENDING);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->base.sim, "POST", "/accept"), ==, 0);
  g_assert_cmpuint (ucwa_sim_server_count_requests (fixture->base.sim, "POST", "/decline"), ==, 0);
  g_assert_cmpuint (fake_notification_server_get_notify_count (fixture->base.server), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

#define ADD(path, func, from) \
  g_test_add (path, Fixture, GINT_TO_POINTER (from), fixture_set_up, func, fixture_tear_down)
  ADD ("/answer/recreating/notification", test_recreating, FROM_NOTIFICATION);
  ADD ("/answer/recreating/list", test_recreating, FROM_LIST);
  ADD ("/answer/in-flight/notification", test_in_flight, FROM_NOTIFICATION);
  ADD ("/answer/in-flight/list", test_in_flight, FROM_LIST);
  ADD ("/answer/no-accept-link/notification", test_no_accept_link, FROM_NOTIFICATION);
  ADD ("/answer/waits-and-the-invitation-ends-first/notification", test_answer_waits_and_the_invitation_ends_first,
       FROM_NOTIFICATION);
  ADD ("/answer/waits-and-the-invitation-ends-first/list", test_answer_waits_and_the_invitation_ends_first, FROM_LIST);
  ADD ("/answer/no-accept-link/list", test_no_accept_link, FROM_LIST);
#undef ADD

  return g_test_run ();
}

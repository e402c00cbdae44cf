/* test-ui.c: the main window against the simulator, over real HTTP: sign-in,
 * the status banner, the invitation list; the conversation window has
 * test-conversation-window.c
 *
 * The window shows the account's copy, and the account runs on a core
 * thread of its own (as the app's will): the views work without ever
 * touching the core's objects.  The test reads what the window shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ui-fixture.h"

/* Tests */

static void
sign_in_requested_cb (BeckonWindow *window,
                      const char   *server,
                      const char   *user,
                      const char   *password,
                      GPtrArray    *requests)
{
  g_ptr_array_add (requests, g_strdup_printf ("%s|%s|%s", server, user, password));
}

static void
test_sign_in_page (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr (GPtrArray) requests = g_ptr_array_new_with_free_func (g_free);
  GtkWidget            *button = child (fixture->window, BECKON_TYPE_WINDOW, "sign_in_button");
  GtkWidget            *error_label = child (fixture->window, BECKON_TYPE_WINDOW, "error_label");
  GtkEditable          *server = child (fixture->window, BECKON_TYPE_WINDOW, "server_row");
  GtkEditable          *user = child (fixture->window, BECKON_TYPE_WINDOW, "user_row");
  GtkEditable          *password = child (fixture->window, BECKON_TYPE_WINDOW, "password_row");
  GAction              *sign_out = g_action_map_lookup_action (G_ACTION_MAP (fixture->window), "sign-out");

  g_signal_connect (fixture->window, "sign-in-requested", G_CALLBACK (sign_in_requested_cb), requests);

  g_assert_true (page_is (fixture, "sign-in"));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_false (g_action_get_enabled (sign_out));

  /* Enter with the form incomplete signs nobody in. */
  gtk_editable_set_text (user, "alice@contoso.com");
  g_signal_emit_by_name (user, "entry-activated");
  g_assert_cmpuint (requests->len, ==, 0);

  gtk_editable_set_text (password, PASSWORD);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (password, "entry-activated");
  g_assert_cmpuint (requests->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (requests, 0), ==, "|alice@contoso.com|" PASSWORD);

  /* Busy until the application answers: even a press that goes all the
   * way to ::clicked asks for nothing. */
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_false (gtk_editable_get_editable (password));
  press (button);
  g_assert_cmpuint (requests->len, ==, 1);

  beckon_window_show_sign_in (fixture->window, "https://lyncdiscover.contoso.com/", NULL,
                              "The password is wrong");
  g_assert_true (page_is (fixture, "sign-in"));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, "The password is wrong");
  g_assert_cmpstr (gtk_editable_get_text (server), ==, "https://lyncdiscover.contoso.com/");
  g_assert_cmpstr (gtk_editable_get_text (user), ==, "alice@contoso.com");
  g_assert_true (gtk_widget_is_sensitive (button));

  click (button);
  g_assert_cmpuint (requests->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (requests, 1), ==,
                   "https://lyncdiscover.contoso.com/|alice@contoso.com|" PASSWORD);

  /* Signed in: the (empty) invitations, and Sign Out works. */
  {
    g_autoptr (GPtrArray) signed_out = g_ptr_array_new ();

    ui_fixture_sign_in (fixture, data);
    beckon_window_set_account (fixture->window, fixture->copy);
    g_assert_true (page_is (fixture, "empty"));
    g_assert_false (gtk_widget_get_visible (error_label));
    g_assert_true (g_action_get_enabled (sign_out));
    g_assert_false (gtk_revealer_get_reveal_child (child (fixture->window, BECKON_TYPE_WINDOW, "status_revealer")));

    g_signal_connect_swapped (fixture->window, "sign-out-requested", G_CALLBACK (g_ptr_array_add), signed_out);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sign-out", NULL));
    g_assert_cmpuint (signed_out->len, ==, 1);

    /* Signing out leaves no password behind. */
    beckon_window_show_sign_in (fixture->window, NULL, NULL, NULL);
    g_assert_true (page_is (fixture, "sign-in"));
    g_assert_cmpstr (gtk_editable_get_text (password), ==, "");
    g_assert_cmpstr (gtk_editable_get_text (user), ==, "alice@contoso.com");
  }
}

static gboolean
status_shows (Fixture      *fixture,
              gconstpointer text)
{
  GtkLabel    *label = child (fixture->window, BECKON_TYPE_WINDOW, "status_label");
  GtkRevealer *revealer = child (fixture->window, BECKON_TYPE_WINDOW, "status_revealer");

  return g_str_has_prefix (gtk_label_get_text (label), text) && gtk_revealer_get_reveal_child (revealer);
}

static gboolean
banner_hidden (Fixture      *fixture,
               gconstpointer data)
{
  return !gtk_revealer_get_reveal_child (child (fixture->window, BECKON_TYPE_WINDOW, "status_revealer"));
}

static void
test_status_banner (Fixture      *fixture,
                    gconstpointer data)
{
  GtkLabel *label = child (fixture->window, BECKON_TYPE_WINDOW, "status_label");

  g_assert_true (page_is (fixture, "empty"));
  g_assert_cmpstr (gtk_label_get_text (label), ==, beckon_account_copy_get_status_text (fixture->copy));
  g_assert_false (gtk_revealer_get_reveal_child (child (fixture->window, BECKON_TYPE_WINDOW, "status_revealer")));

  /* The server forgets us: the banner says so while the session recovers. */
  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND, 1);
  wait_until (fixture, status_shows, "Reconnecting", "the reconnecting banner");

  /* …and goes once the session is back for good. */
  wait_until (fixture, banner_hidden, NULL, "the banner to go");
  g_assert_true (beckon_account_copy_get_online (fixture->copy));
  g_assert_cmpstr (gtk_label_get_text (label), ==, "Online");
}

static void
test_decline (Fixture      *fixture,
              gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;
  GtkWidget       *row;

  id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Lunch?");
  wait_until (fixture, n_rows_is, GINT_TO_POINTER (1), "one invitation row");
  row = row_at (fixture, 0);

  click (child (row, BECKON_TYPE_INVITATION_ROW, "decline_button"));
  answer = g_strdup_printf ("%s:declined", id);
  wait_until (fixture, was_answered, answer, "the simulator to receive the decline");
  wait_until (fixture, item_state_is, GINT_TO_POINTER (BECKON_INVITATION_STATE_DECLINED), "the item to be declined");
  g_assert_false (gtk_widget_get_visible (child (row, BECKON_TYPE_INVITATION_ROW, "button_box")));
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "status_label")), ==, "Declined");
  g_assert_false (gtk_label_get_wrap (child (row, BECKON_TYPE_INVITATION_ROW, "status_label")));
  g_assert_cmpuint (fixture->ready->len, ==, 0);
}

static void
test_missed (Fixture      *fixture,
             gconstpointer data)
{
  g_autofree char *id = NULL;
  GtkWidget       *row;

  id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Still there?");
  wait_until (fixture, n_rows_is, GINT_TO_POINTER (1), "one invitation row");
  row = row_at (fixture, 0);

  g_assert_true (ucwa_sim_server_cancel_invitation (fixture->sim, id));
  wait_until (fixture, item_state_is, GINT_TO_POINTER (BECKON_INVITATION_STATE_MISSED), "the item to be missed");
  g_assert_false (gtk_widget_get_visible (child (row, BECKON_TYPE_INVITATION_ROW, "button_box")));
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "status_label")), ==, "Missed");
}

/* The list gives its rows other items as it scrolls: a row that showed an
 * invitation keeps nothing of it once it shows another. */
static void
test_recycled_row (Fixture      *fixture,
                   gconstpointer data)
{
  GListModel                      *invitations = beckon_account_copy_get_invitations (fixture->copy);
  g_autofree char                 *first_id = NULL;
  g_autoptr (BeckonInvitationCopy) first = NULL;
  g_autoptr (BeckonInvitationCopy) second = NULL;
  g_autoptr (GtkWidget)            row = NULL;

  first_id = ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Still there?");
  wait_until (fixture, n_rows_is, GINT_TO_POINTER (1), "one invitation row");
  g_free (ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:ada@contoso.com", "Ada Lovelace", "Lunch?"));
  wait_until (fixture, n_rows_is, GINT_TO_POINTER (2), "two invitation rows");
  /* Newest first. */
  first = g_list_model_get_item (invitations, 1);
  second = g_list_model_get_item (invitations, 0);

  row = g_object_ref_sink (beckon_invitation_row_new (fixture->copy, first));
  g_assert_cmpuint (g_signal_handler_find (first, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, row), !=, 0);
  beckon_invitation_row_bind (BECKON_INVITATION_ROW (row), fixture->copy, second);
  g_assert_true (beckon_invitation_row_get_item (BECKON_INVITATION_ROW (row)) == second);
  g_assert_cmpuint (g_signal_handler_find (first, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, row), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "title_label")), ==,
                   "Ada Lovelace invites you to chat");
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "body_label")), ==, "Lunch?");
  g_assert_cmpstr (adw_avatar_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "avatar")), ==, "Ada Lovelace");

  /* What becomes of the first invitation no longer reaches the row. */
  g_assert_true (ucwa_sim_server_cancel_invitation (fixture->sim, first_id));
  wait_until (fixture, item_state_is_at_1, GINT_TO_POINTER (BECKON_INVITATION_STATE_MISSED), "the first item to be missed");
  g_assert_true (gtk_widget_get_visible (child (row, BECKON_TYPE_INVITATION_ROW, "button_box")));
  g_assert_cmpstr (gtk_label_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "title_label")), ==,
                   "Ada Lovelace invites you to chat");
  g_assert_cmpstr (adw_avatar_get_text (child (row, BECKON_TYPE_INVITATION_ROW, "avatar")), ==, "Ada Lovelace");

  /* Unbound, it lets go of the second too. */
  beckon_invitation_row_bind (BECKON_INVITATION_ROW (row), NULL, NULL);
  g_assert_null (beckon_invitation_row_get_item (BECKON_INVITATION_ROW (row)));
  g_assert_cmpuint (g_signal_handler_find (second, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, row), ==, 0);
}

static void
test_accept_fails (Fixture      *fixture,
                   gconstpointer data)
{
  GtkWidget *row;
  GtkLabel  *status;

  ucwa_sim_server_inject_fault (fixture->sim, UCWA_SIM_FAULT_ACCEPT_CALLBACK_CHANNEL_ERROR, 1);
  g_free (ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:bob@contoso.com", "Bob Builder", "Hello?"));
  wait_until (fixture, n_rows_is, GINT_TO_POINTER (1), "one invitation row");
  row = row_at (fixture, 0);

  click (child (row, BECKON_TYPE_INVITATION_ROW, "accept_button"));
  wait_until (fixture, item_state_is, GINT_TO_POINTER (BECKON_INVITATION_STATE_FAILED), "the accept to fail");

  /* The error is said in red, with an icon. */
  status = child (row, BECKON_TYPE_INVITATION_ROW, "status_label");
  g_assert_true (gtk_widget_get_visible (child (row, BECKON_TYPE_INVITATION_ROW, "status_box")));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));
  g_assert_true (gtk_widget_get_visible (child (row, BECKON_TYPE_INVITATION_ROW, "status_icon")));
  g_assert_cmpstr (gtk_label_get_text (status), !=, "");
  /* Read in full, where a state is a word or two on one line. */
  g_assert_true (gtk_label_get_wrap (status));
  g_assert_cmpint (gtk_label_get_ellipsize (status), ==, PANGO_ELLIPSIZE_NONE);
}

/* Mapped and allocated: a frame has laid it out. */
static gboolean
is_laid_out (Fixture      *fixture,
             gconstpointer widget)
{
  return gtk_widget_get_mapped ((GtkWidget *) widget) && gtk_widget_get_height ((GtkWidget *) widget) > 0;
}

/* Six invitations, one after another: the oldest (Ada Lovelace's) ends at
 * the bottom of the list, out of view. */
static BeckonInvitationCopy *
add_six_invitations (Fixture *fixture)
{
  GListModel                      *invitations = beckon_account_copy_get_invitations (fixture->copy);
  const char                      *names[] = { "Ada Lovelace", "Bob Builder", "Grace Hopper", "Linus Pauling", "Marie Curie", "Alan Turing" };
  g_autoptr (BeckonInvitationCopy) oldest = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *uri = g_strdup_printf ("sip:user%u@contoso.com", i);

      g_free (ucwa_sim_server_start_im_invitation (fixture->sim, NULL, uri, names[i], "Hello"));
      wait_until (fixture, n_rows_is, GINT_TO_POINTER (i + 1), "another invitation row");
    }

  /* Newest first. */
  oldest = g_list_model_get_item (invitations, G_N_ELEMENTS (names) - 1);
  g_assert_cmpstr (beckon_invitation_copy_get_inviter (oldest), ==, "Ada Lovelace");
  return g_steal_pointer (&oldest);
}

static void
test_select_invitation (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr (BeckonInvitationCopy) oldest = add_six_invitations (fixture);
  GtkWidget                       *row;

  /* The list has a row for the oldest, not shown. */
  row = row_at (fixture, g_list_model_get_n_items (beckon_account_copy_get_invitations (fixture->copy)) - 1);
  g_assert_nonnull (row);

  /* Selected, it is focused and scrolled into view. */
  beckon_window_select_invitation (fixture->window, oldest);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) == row);
  g_assert_true (beckon_invitation_row_get_item (BECKON_INVITATION_ROW (row)) == oldest);
  wait_until (fixture, is_laid_out, row, "the oldest row to be scrolled into view");
}

typedef struct
{
  BeckonWindow         *window;
  BeckonInvitationCopy *item;
} RowLookup;

/* @item's row in @window is on screen and has the focus. */
static gboolean
row_in_view_and_focused (Fixture      *fixture,
                         gconstpointer data)
{
  const RowLookup *lookup = data;
  GtkWidget       *row = beckon_window_get_invitation_row (lookup->window, lookup->item);

  return row != NULL && is_laid_out (fixture, row) && gtk_root_get_focus (GTK_ROOT (lookup->window)) == row;
}

/* A click on a notification opens the main window and selects its
 * invitation at once: before the list has been laid out, when it cannot
 * scroll yet. */
static void
test_select_in_new_window (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr (BeckonInvitationCopy) oldest = add_six_invitations (fixture);
  g_autoptr (BeckonWindow)         window = g_object_ref_sink (beckon_window_new (fixture->app));
  RowLookup                        lookup = { window, oldest };

  beckon_window_set_account (window, fixture->copy);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (beckon_window_get_invitation_list (window))), ==, 0);

  beckon_window_select_invitation (window, oldest);
  wait_until (fixture, row_in_view_and_focused, &lookup, "the oldest row on screen in the new window");

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GtkAdjustment *adjustment;
  double         above;
} ValueWait;

static gboolean
value_above (Fixture      *fixture,
             gconstpointer data)
{
  const ValueWait *wait = data;

  return gtk_adjustment_get_value (wait->adjustment) > wait->above;
}

/* The newest invitation's row, laid out since it came (a new row is
 * allocated in the frame that places the list again). */
static gboolean
newest_laid_out (Fixture      *fixture,
                 gconstpointer n)
{
  GtkWidget *row = row_at (fixture, 0);

  return n_rows_is (fixture, n) && row != NULL && is_laid_out (fixture, row);
}

/* Read from the top, the list shows each invitation as it comes (GTK
 * keeps the top row in place when items are inserted above it); scrolled
 * down to older ones, the reader keeps their place. */
static void
test_newest_in_view (Fixture      *fixture,
                     gconstpointer data)
{
  GtkGridView    *list = beckon_window_get_invitation_list (fixture->window);
  GtkAdjustment  *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  const guint     n = 12;
  ValueWait       wait = { adjustment, 0 };
  graphene_rect_t bounds;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uri = g_strdup_printf ("sip:caller%u@contoso.com", i);
      g_autofree char *name = g_strdup_printf ("Caller %u", i);
      g_autofree char *title = g_strdup_printf ("%s invites you to chat", name);

      g_free (ucwa_sim_server_start_im_invitation (fixture->sim, NULL, uri, name, "Hello"));
      wait_until (fixture, newest_laid_out, GUINT_TO_POINTER (i + 1), "the newest invitation's row");
      g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
      g_assert_true (gtk_widget_compute_bounds (row_at (fixture, 0), GTK_WIDGET (list), &bounds));
      g_assert_cmpfloat (bounds.origin.y, >=, 0);
      g_assert_cmpfloat (bounds.origin.y, <, gtk_widget_get_height (GTK_WIDGET (list)));
      g_assert_cmpstr (gtk_label_get_text (child (row_at (fixture, 0), BECKON_TYPE_INVITATION_ROW, "title_label")), ==,
                       title);
    }
  /* Enough to scroll. */
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));

  /* Scrolled down a little: the next invitation does not take the view
   * back up; the rows the user reads stay where they are, one row further
   * down the list. */
  gtk_adjustment_set_value (adjustment, 100);
  wait.above = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (wait.above, >, 0);
  g_free (ucwa_sim_server_start_im_invitation (fixture->sim, NULL, "sip:late@contoso.com", "Late Caller", "Hello"));
  wait_until (fixture, value_above, &wait, "the view to keep the rows it showed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_grid_view_get_model (list))), ==, n + 1);
}

static void
test_window_size (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr (GSettings) settings = g_settings_new ("io.github.beckon.Beckon");
  BeckonWindow         *window;
  int                   width = 0;
  int                   height = 0;

  /* Closing remembers the size; the next window starts with it. */
  window = beckon_window_new (fixture->app);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 540);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (fixture, is_laid_out, window, "the window to be shown");
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 720);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 540);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = beckon_window_new (fixture->app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 720);
  g_assert_cmpint (height, ==, 540);
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GtkApplication) app = NULL;
  Setup                      signed_in = { NULL, FALSE, TRUE };
  Setup                      signed_out = { NULL, TRUE, TRUE };

  g_test_init (&argc, &argv, NULL);
  app = ui_fixture_new_app ("io.github.beckon.BeckonTestUi");
  signed_in.app = signed_out.app = app;

#define ADD(path, func) g_test_add (path, Fixture, &signed_in, fixture_set_up, func, fixture_tear_down)
  g_test_add ("/ui/sign-in-page", Fixture, &signed_out, fixture_set_up, test_sign_in_page, fixture_tear_down);
  ADD ("/ui/status-banner", test_status_banner);
  ADD ("/ui/decline", test_decline);
  ADD ("/ui/missed", test_missed);
  ADD ("/ui/accept-fails", test_accept_fails);
  ADD ("/ui/recycled-row", test_recycled_row);
  ADD ("/ui/select-invitation", test_select_invitation);
  ADD ("/ui/select-in-new-window", test_select_in_new_window);
  ADD ("/ui/newest-in-view", test_newest_in_view);
  ADD ("/ui/window-size", test_window_size);
#undef ADD

  return g_test_run ();
}

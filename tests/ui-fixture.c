/* ui-fixture.c: what the window tests share (see ui-fixture.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ui-fixture.h"

#include <string.h>

static gboolean
wait_check (gpointer user_data)
{
  Wait *wait = user_data;

  return wait->cond (wait->fixture, wait->data);
}

/* Iterates the main loop until @cond holds. */
void
wait_until (Fixture      *fixture,
            Condition     cond,
            gconstpointer data,
            const char   *what)
{
  Wait wait = { fixture, cond, data };

  test_wait_until (wait_check, &wait, what);
}

gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  /* The sign-in page is a template of its own, inside the window's. */
  if (object == NULL && type == BECKON_TYPE_WINDOW)
    object = gtk_widget_get_template_child (GTK_WIDGET (beckon_window_get_sign_in_page (widget)),
                                            BECKON_TYPE_SIGN_IN_PAGE, name);
  g_assert_nonnull (object);
  return object;
}

static void
clicked_cb (GtkButton *button,
            guint     *n_clicked)
{
  (*n_clicked)++;
}

/* Activating a button "presses" it for a moment before it emits
 * ::clicked, as a keyboard user sees it: waits for that ::clicked (this
 * handler runs after the window's own). */
void
press (gpointer widget)
{
  g_autoptr (GtkWidget) button = g_object_ref (widget);
  guint                 n_clicked = 0;
  gulong                handler;

  g_assert_true (GTK_IS_BUTTON (button));
  handler = g_signal_connect (button, "clicked", G_CALLBACK (clicked_cb), &n_clicked);
  g_assert_true (gtk_widget_activate (button));
  test_wait_for_count (&n_clicked, 1, "the button's ::clicked");
  g_assert_cmpuint (n_clicked, ==, 1);
  g_signal_handler_disconnect (button, handler);
}

void
click (gpointer widget)
{
  g_assert_true (gtk_widget_is_sensitive (widget));
  press (widget);
}

/* An application's accel with several keys is one trigger of alternatives. */
static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 GtkShortcutTrigger *wanted)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), wanted) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), wanted);
  return gtk_shortcut_trigger_equal (trigger, wanted);
}

/* Activates what @keyval with @mods does in @widget's own shortcut
 * controllers (its class's key bindings, the application's accels), as
 * that key press does. */
gboolean
press_shortcut (gpointer        widget,
                guint           keyval,
                GdkModifierType mods)
{
  g_autoptr (GListModel)         controllers = gtk_widget_observe_controllers (widget);
  g_autoptr (GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, mods);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (trigger_matches (gtk_shortcut_get_trigger (shortcut), wanted) &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                            gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }
  return FALSE;
}

static void threaded_sync_with_simulator (Fixture    *fixture,
                                          const char *href);

/* Once this returns, every request the session had started has reached
 * the simulator: a GET through the same connection, answered.  The session
 * sends its requests in the order it starts them; used to show that some
 * request was NOT made. */
void
sync_with_simulator (Fixture    *fixture,
                     const char *href)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;

  if (fixture->threaded)
    {
      threaded_sync_with_simulator (fixture, href);
      return;
    }

  ucwa_connection_request_async (ucwa_session_get_connection (fixture->session), "GET", href, NULL, NULL,
                                 UCWA_REQUEST_AUTHENTICATED, NULL, test_async_result_cb, &result);
  response = ucwa_connection_request_finish (ucwa_session_get_connection (fixture->session),
                                             test_wait_result (&result), &error);
  /* Any answer of the server will do (a conversation that has gone is a
   * 404), but an answer it must be. */
  if (response == NULL)
    g_assert_true (error->domain == UCWA_ERROR);
}

/* The same, with the session on the core's thread. */

typedef struct
{
  Fixture *fixture;
  char    *href;
  gboolean done;
} SimSync;

static void
sim_sync_done_cb (gpointer data)
{
  ((SimSync *) data)->done = TRUE;
}

static void
sim_synced_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  SimSync                 *sync = data;
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (response == NULL)
    g_assert_true (error->domain == UCWA_ERROR);
  beckon_core_invoke_owner (sync->fixture->core, sim_sync_done_cb, sync, NULL);
}

static void
sim_sync_start_cb (gpointer data)
{
  SimSync *sync = data;

  ucwa_connection_request_async (ucwa_session_get_connection (sync->fixture->session), "GET", sync->href, NULL, NULL,
                                 UCWA_REQUEST_AUTHENTICATED, NULL, sim_synced_cb, sync);
}

static gboolean
sim_synced (Fixture      *fixture,
            gconstpointer data)
{
  return ((const SimSync *) data)->done;
}

static void
threaded_sync_with_simulator (Fixture    *fixture,
                              const char *href)
{
  SimSync sync = { fixture, (char *) href, FALSE };

  beckon_core_invoke (fixture->core, sim_sync_start_cb, &sync, NULL);
  wait_until (fixture, sim_synced, &sync, "the simulator to answer the core");
}

static void
invitation_answered_cb (UcwaSimServer *sim,
                        const char    *id,
                        gboolean       accepted,
                        Fixture       *fixture)
{
  g_ptr_array_add (fixture->answered, g_strdup_printf ("%s:%s", id, accepted ? "accepted" : "declined"));
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
typing_received_cb (UcwaSimServer *sim,
                    const char    *id,
                    Fixture       *fixture)
{
  fixture->typing_posts++;
}

static void
request_cb (UcwaSimServer *sim,
            const char    *method,
            const char    *path,
            const char    *authorization,
            Fixture       *fixture)
{
  if (g_str_equal (method, "DELETE") && strstr (path, "/communication/conversations/") != NULL)
    fixture->deletes++;
}

static void
conversation_ready_cb (BeckonAccount        *account,
                       BeckonInvitationItem *item,
                       UcwaConversation     *conversation,
                       Fixture              *fixture)
{
  g_ptr_array_add (fixture->ready, g_object_ref (conversation));
}

/* The conversation windows' (conv) */

static void
copy_ready_cb (Fixture                *fixture,
               BeckonInvitationCopy   *item,
               BeckonConversationCopy *conversation)
{
  g_ptr_array_add (fixture->ready_copies, g_object_ref (conversation));
}

static void
core_sign_in_cb (gpointer data)
{
  Fixture *fixture = data;

  /* The simulator answers from the test's thread meanwhile. */
  ucwa_session_sign_in_async (fixture->session, fixture->root, USER, PASSWORD, NULL, NULL, NULL);
}

static void
core_tear_down_cb (gpointer data)
{
  Fixture *fixture = data;

  g_clear_object (&fixture->account);
  g_clear_object (&fixture->session);
}

static gboolean
copy_online (Fixture      *fixture,
             gconstpointer data)
{
  return beckon_account_copy_get_session_state (fixture->copy) == UCWA_SESSION_STATE_ONLINE &&
         beckon_account_copy_get_online (fixture->copy);
}

static void
core_new_session_cb (gpointer data)
{
  Fixture *fixture = data;

  fixture->session = sim_fixture_new_session ();
}

static void
core_new_account_cb (gpointer data)
{
  Fixture *fixture = data;

  fixture->account = beckon_account_new (fixture->session);
}

static gboolean
copy_arrived (Fixture      *fixture,
              gconstpointer data)
{
  return beckon_account_copy_get_n_batches (fixture->copy) > 0;
}

/**
 * ui_fixture_sign_in:
 *
 * Signs in on the core and makes the account and its copy (not yet given
 * to the window); returns once the copy says so.  With a threaded core the
 * session and the account are the core's, touched on its thread only, and
 * @ready stays empty: the test reads the copies.
 */
void
ui_fixture_sign_in (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  if (fixture->threaded)
    {
      beckon_core_call (fixture->core, core_new_account_cb, fixture);
      fixture->copy = beckon_account_copy_new (fixture->core, fixture->account);
      g_signal_connect_swapped (fixture->copy, "conversation-ready", G_CALLBACK (copy_ready_cb), fixture);
      beckon_core_invoke (fixture->core, core_sign_in_cb, fixture, NULL);
      wait_until (fixture, copy_online, NULL, "the copy to say online");
      return;
    }

  g_assert_true (sim_fixture_sign_in (fixture->session, fixture->root, USER, PASSWORD, &error));
  g_assert_no_error (error);
  fixture->account = beckon_account_new (fixture->session);
  g_signal_connect (fixture->account, "conversation-ready", G_CALLBACK (conversation_ready_cb), fixture);
  fixture->copy = beckon_account_copy_new (fixture->core, fixture->account);
  g_signal_connect_swapped (fixture->copy, "conversation-ready", G_CALLBACK (copy_ready_cb), fixture);
  wait_until (fixture, copy_arrived, NULL, "the account's copy");
}

static void
copy_tear_down (Fixture *fixture)
{
  if (fixture->copy != NULL)
    {
      g_signal_handlers_disconnect_by_data (fixture->copy, fixture);
      beckon_account_copy_disconnect (fixture->copy);
    }
  g_clear_object (&fixture->copy);
  /* The core's objects go on the core, before it stops. */
  if (fixture->core != NULL)
    beckon_core_call (fixture->core, core_tear_down_cb, fixture);
  g_clear_pointer (&fixture->core, beckon_core_free);
  g_clear_pointer (&fixture->ready_copies, g_ptr_array_unref);
}

gboolean
copy_ready_at_least (Fixture      *fixture,
                     gconstpointer n)
{
  return fixture->ready_copies->len >= (guint) GPOINTER_TO_INT (n);
}

BeckonConversationWindow *
ui_fixture_new_conversation_window (Fixture *fixture,
                                    guint    index)
{
  g_autoptr (BeckonInvitationCopy) item = NULL;

  wait_until (fixture, copy_ready_at_least, GINT_TO_POINTER (index + 1), "the copy's conversation-ready");
  item = g_list_model_get_item (beckon_account_copy_get_invitations (fixture->copy), 0);
  return beckon_conversation_window_new (fixture->app, fixture->copy, g_ptr_array_index (fixture->ready_copies, index),
                                         item);
}

UcwaConversation *
ui_fixture_core_conversation (Fixture                  *fixture,
                              BeckonConversationWindow *window)
{
  guint index = 0;

  g_assert_true (g_ptr_array_find (fixture->ready_copies, beckon_conversation_window_get_conversation (window), &index));
  return g_ptr_array_index (fixture->ready, index);
}

typedef struct
{
  BeckonCore *core;
  gboolean    synced;
} CoreSync;

static void
core_synced_cb (gpointer data)
{
  ((CoreSync *) data)->synced = TRUE;
}

/* Below the copier's flush (G_PRIORITY_HIGH_IDLE): its batch goes first. */
static gboolean
core_idle_cb (gpointer data)
{
  CoreSync *sync = data;

  beckon_core_invoke_owner (sync->core, core_synced_cb, sync, NULL);
  return G_SOURCE_REMOVE;
}

static void
core_turn_cb (gpointer data)
{
  g_autoptr (GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, core_idle_cb, data, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
}

static gboolean
core_synced (Fixture      *fixture,
             gconstpointer data)
{
  return ((const CoreSync *) data)->synced;
}

void
ui_fixture_sync_core (Fixture *fixture)
{
  CoreSync sync = { fixture->core, FALSE };

  /* In order after what was sent before; then the batch of what it
   * changed, before the answer. */
  beckon_core_invoke (fixture->core, core_turn_cb, &sync, NULL);
  wait_until (fixture, core_synced, &sync, "the core to run what was sent");
}

void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  const Setup *setup = data;

  fixture->sim = sim_fixture_new_server (USER, PASSWORD);
  ucwa_sim_server_set_max_hold (fixture->sim, 2000);
  fixture->root = sim_fixture_listen (fixture->sim);

  fixture->answered = g_ptr_array_new_with_free_func (g_free);
  fixture->received = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->ready = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (fixture->sim, "invitation-answered", G_CALLBACK (invitation_answered_cb), fixture);
  g_signal_connect (fixture->sim, "message-received", G_CALLBACK (message_received_cb), fixture);
  g_signal_connect (fixture->sim, "typing-received", G_CALLBACK (typing_received_cb), fixture);
  g_signal_connect (fixture->sim, "request", G_CALLBACK (request_cb), fixture);

  fixture->app = g_object_ref (setup->app);

  fixture->window = g_object_ref_sink (beckon_window_new (fixture->app));
  gtk_window_present (GTK_WINDOW (fixture->window));

  /* The core on a thread of its own, as the app runs it, or inline. */
  fixture->threaded = setup->threaded;
  fixture->ready_copies = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->core = setup->threaded ? beckon_core_new ("beckon-core-test") : beckon_core_new_inline ();
  beckon_core_call (fixture->core, core_new_session_cb, fixture);

  if (setup->signed_out)
    return; /* the sign-in page test signs in by itself */

  ui_fixture_sign_in (fixture, data);
  beckon_window_set_account (fixture->window, fixture->copy);
}

void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (fixture->sim, fixture);
  if (fixture->account != NULL && !fixture->threaded)
    g_signal_handlers_disconnect_by_data (fixture->account, fixture);

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  copy_tear_down (fixture);
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->app);
  g_clear_object (&fixture->sim);
  g_clear_pointer (&fixture->answered, g_ptr_array_unref);
  g_clear_pointer (&fixture->received, g_hash_table_unref);
  g_clear_pointer (&fixture->ready, g_ptr_array_unref);
  g_free (fixture->root);

  /* Let cancelled requests unwind before the next test. */
  test_drain_main_context ();
}

/* Conditions */

gboolean
page_is (Fixture      *fixture,
         gconstpointer name)
{
  GtkStack *stack = child (fixture->window, BECKON_TYPE_WINDOW, "stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), name) == 0;
}

/* The row on screen for the account's @position-th invitation, if any. */
GtkWidget *
row_at (Fixture *fixture,
        guint    position)
{
  GListModel                      *shown = G_LIST_MODEL (gtk_grid_view_get_model (beckon_window_get_invitation_list (fixture->window)));
  g_autoptr (BeckonInvitationCopy) item = NULL;

  if (shown == NULL || position >= g_list_model_get_n_items (shown))
    return NULL;
  item = g_list_model_get_item (shown, position);
  return beckon_window_get_invitation_row (fixture->window, item);
}

/* The list shows @n invitations, and the last of them has its row (the
 * tests have few enough to be all on screen). */
gboolean
n_rows_is (Fixture      *fixture,
           gconstpointer n)
{
  GListModel *shown = G_LIST_MODEL (gtk_grid_view_get_model (beckon_window_get_invitation_list (fixture->window)));
  guint       n_items = shown != NULL ? g_list_model_get_n_items (shown) : 0;

  return n_items == (guint) GPOINTER_TO_INT (n) &&
         (n_items == 0 || row_at (fixture, n_items - 1) != NULL);
}

gboolean
was_answered (Fixture      *fixture,
              gconstpointer what)
{
  for (guint i = 0; i < fixture->answered->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->answered, i), what))
      return TRUE;
  return FALSE;
}

gboolean
item_at_has_state (Fixture              *fixture,
                   guint                 position,
                   BeckonInvitationState state)
{
  g_autoptr (BeckonInvitationCopy) item = g_list_model_get_item (beckon_account_copy_get_invitations (fixture->copy),
                                                                 position);

  return item != NULL && beckon_invitation_copy_get_state (item) == state;
}

/* The newest invitation's state is... */
gboolean
item_state_is (Fixture      *fixture,
               gconstpointer state)
{
  return item_at_has_state (fixture, 0, GPOINTER_TO_INT (state));
}

/* The one before it. */
gboolean
item_state_is_at_1 (Fixture      *fixture,
                    gconstpointer state)
{
  return item_at_has_state (fixture, 1, GPOINTER_TO_INT (state));
}

GtkApplication *
ui_fixture_new_app (const char *id)
{
  g_autoptr (GtkApplication) app = NULL;
  g_autoptr (GError)         error = NULL;

  gtk_init ();
  adw_init ();
  app = gtk_application_new (id, G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&app);
}

typedef struct
{
  Fixture                *fixture;
  BeckonConversationCopy *conversation;
  char                   *href;
} HrefLookup;

static void
href_lookup_cb (gpointer data)
{
  HrefLookup       *lookup = data;
  UcwaConversation *conversation =
    _beckon_account_copy_get_core_conversation (lookup->fixture->copy, lookup->conversation);

  lookup->href = g_strdup (ucwa_conversation_get_href (conversation));
}

char *
ui_fixture_conversation_href (Fixture                  *fixture,
                              BeckonConversationWindow *window)
{
  HrefLookup lookup = { fixture, beckon_conversation_window_get_conversation (window), NULL };

  if (!fixture->threaded)
    return g_strdup (ucwa_conversation_get_href (ui_fixture_core_conversation (fixture, window)));
  /* _beckon_account_copy_get_core_conversation() calls the core itself:
   * on the core, the call runs at once. */
  beckon_core_call (fixture->core, href_lookup_cb, &lookup);
  return lookup.href;
}

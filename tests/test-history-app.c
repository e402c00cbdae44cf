/* test-history-app.c: the history database under the application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through the real objects against the simulator: the account records what
 * ends and every message, a restart shows them, Clear History in the
 * preferences empties both; and the helper program history-writer
 * (HISTORY_WRITER, set by meson) killed with SIGKILL during a burst of
 * messages: every message whose events response the simulator saw
 * acknowledged is in the file, and the file passes integrity_check.  The
 * database alone is test-history.c's.
 */

#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "beckon-application.h"
#include "beckon-history-window.h"
#include "beckon-preferences-window.h"
#include "beckon-window.h"
#include "fake-notification-server.h"
#include "history-fixture.h"
#include "sim-fixture.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "history test password"

typedef struct
{
  UcwaSimServer *sim;
  char          *root;
  char          *data_home; /* the process's $XDG_DATA_HOME: the application's history */
} Context;

/* The account against the simulator */

typedef struct
{
  UcwaSession   *session;
  BeckonAccount *account;
  BeckonHistory *history;
  guint          restored;
} Run;

static void
restored_cb (BeckonAccount *account,
             Run           *run)
{
  run->restored++;
}

static void
run_start (Run        *run,
           const char *path)
{
  run->restored = 0;
  run->history = beckon_history_new (path);
  g_assert_null (beckon_history_get_notice (run->history));
  run->session = sim_fixture_new_session ();
  run->account = beckon_account_new (run->session);
  g_signal_connect (run->account, "history-restored", G_CALLBACK (restored_cb), run);
  beckon_account_set_history (run->account, run->history);
  test_wait_for_count (&run->restored, 1, "the history restored");
}

static void
run_stop (Run *run)
{
  g_autoptr (GAsyncResult) result = NULL;

  if (ucwa_session_get_state (run->session) != UCWA_SESSION_STATE_SIGNED_OUT)
    {
      ucwa_session_sign_out_async (run->session, NULL, test_async_result_cb, &result);
      ucwa_session_sign_out_finish (run->session, test_wait_result (&result), NULL);
    }
  g_signal_handlers_disconnect_by_data (run->account, run);
  g_clear_object (&run->account);
  g_clear_object (&run->session);
  g_clear_object (&run->history);
}

typedef struct
{
  BeckonAccount        *account;
  const char           *body;
  BeckonInvitationState state;
} ItemWait;

static BeckonInvitationItem *
find_item (BeckonAccount *account,
           const char    *body)
{
  GListModel *items = beckon_account_get_invitations (account);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (BeckonInvitationItem) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (beckon_invitation_item_get_body (item), body) == 0)
        return item;
    }
  return NULL;
}

static gboolean
item_in_state (gpointer user_data)
{
  ItemWait             *wait = user_data;
  BeckonInvitationItem *item = find_item (wait->account, wait->body);

  return item != NULL && beckon_invitation_item_get_state (item) == wait->state;
}

static BeckonInvitationItem *
wait_item (BeckonAccount        *account,
           const char           *body,
           BeckonInvitationState state)
{
  ItemWait wait = { account, body, state };

  test_wait_until (item_in_state, &wait, body);
  return find_item (account, body);
}

typedef struct
{
  const char *path;
  const char *sql;
  gint64      n;
} RowsWait;

static gboolean
rows_reached (gpointer user_data)
{
  RowsWait *wait = user_data;
  sqlite3  *db = db_open (wait->path);
  gint64    n = db_int (db, wait->sql);

  sqlite3_close (db);
  return n >= wait->n;
}

static void
wait_rows (const char *path,
           const char *sql,
           gint64      n)
{
  RowsWait wait = { path, sql, n };

  test_wait_until (rows_reached, &wait, sql);
}

static void
test_account_restart_shows_history (gconstpointer data)
{
  const Context           *ctx = data;
  g_autofree char         *dir = scratch_dir ();
  g_autofree char         *path = g_build_filename (dir, "history.db", NULL);
  g_autofree char         *chat = NULL, *missed = NULL, *meeting = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;
  g_autoptr (GPtrArray)    messages = NULL;
  g_autofree char         *key = NULL;
  Run                      run = { 0 };
  BeckonInvitationItem    *item;
  UcwaConversation        *conversation;
  GListModel              *items;
  const char              *remote_text = "It's <b>urgent</b>'; DROP TABLE messages; --";
  gint                     remote_at = -1, out_at = -1;

  run_start (&run, path);
  g_assert_cmpuint (g_list_model_get_n_items (beckon_account_get_invitations (run.account)), ==, 0);
  g_assert_true (sim_fixture_sign_in (run.session, ctx->root, USER, PASSWORD, &error));
  g_assert_no_error (error);

  /* A chat, accepted, with a message each way. */
  chat = ucwa_sim_server_start_im_invitation (ctx->sim, NULL, "sip:ada@contoso.com", "Ada Lovelace",
                                              "Hi, got a minute?");
  item = wait_item (run.account, "Hi, got a minute?", BECKON_INVITATION_STATE_PENDING);
  beckon_account_accept (run.account, item);
  item = wait_item (run.account, "Hi, got a minute?", BECKON_INVITATION_STATE_ACCEPTED);
  conversation = beckon_invitation_item_get_conversation (item);
  g_assert_nonnull (conversation);
  g_assert_true (ucwa_sim_server_send_remote_message (ctx->sim, chat, remote_text));
  ucwa_session_send_message_async (run.session, conversation, "On my way", NULL, test_async_result_cb, &result);
  g_assert_true (ucwa_session_send_message_finish (run.session, test_wait_result (&result), &error));
  g_assert_no_error (error);
  wait_rows (path, "SELECT count(*) FROM messages WHERE text = 'On my way' AND state = 'delivered'", 1);
  wait_rows (path, "SELECT count(*) FROM messages WHERE direction = 'in' AND text LIKE 'It''s%'", 1);

  /* A chat that rang and ended unanswered. */
  missed = ucwa_sim_server_start_im_invitation (ctx->sim, NULL, "sip:grace@contoso.com", "Grace Hopper", "Ping");
  wait_item (run.account, "Ping", BECKON_INVITATION_STATE_PENDING);
  g_assert_true (ucwa_sim_server_cancel_invitation (ctx->sim, missed));
  wait_item (run.account, "Ping", BECKON_INVITATION_STATE_MISSED);

  /* A meeting, declined. */
  meeting = ucwa_sim_server_start_meeting_invitation (ctx->sim, NULL, "sip:linus@contoso.com", "Linus",
                                                      "Release planning");
  item = wait_item (run.account, "Release planning", BECKON_INVITATION_STATE_PENDING);
  beckon_account_decline (run.account, item);
  wait_item (run.account, "Release planning", BECKON_INVITATION_STATE_DECLINED);
  wait_rows (path, "SELECT count(*) FROM invitations", 3);

  run_stop (&run);

  /* The next start: the list shows them, newest first, as they ended. */
  run_start (&run, path);
  items = beckon_account_get_invitations (run.account);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 3);
  {
    g_autoptr (BeckonInvitationItem) first = g_list_model_get_item (items, 0);
    g_autoptr (BeckonInvitationItem) second = g_list_model_get_item (items, 1);
    g_autoptr (BeckonInvitationItem) third = g_list_model_get_item (items, 2);

    g_assert_true (beckon_invitation_item_get_restored (first));
    g_assert_null (beckon_invitation_item_get_invitation (first));
    g_assert_true (beckon_invitation_item_get_is_meeting (first));
    g_assert_cmpstr (beckon_invitation_item_get_summary (first), ==, "Linus invites you to a meeting");
    g_assert_cmpint (beckon_invitation_item_get_state (first), ==, BECKON_INVITATION_STATE_DECLINED);
    g_assert_false (beckon_invitation_item_get_answerable (first));
    g_assert_false (beckon_account_can_answer (run.account, first, BECKON_ANSWER_ACCEPT, NULL));

    g_assert_cmpstr (beckon_invitation_item_get_inviter (second), ==, "Grace Hopper");
    g_assert_cmpstr (beckon_invitation_item_get_body (second), ==, "Ping");
    g_assert_cmpint (beckon_invitation_item_get_state (second), ==, BECKON_INVITATION_STATE_MISSED);

    g_assert_false (beckon_invitation_item_get_is_meeting (third));
    g_assert_cmpstr (beckon_invitation_item_get_inviter (third), ==, "Ada Lovelace");
    g_assert_cmpint (beckon_invitation_item_get_state (third), ==, BECKON_INVITATION_STATE_ACCEPTED);
    key = g_strdup (beckon_invitation_item_get_conversation_key (third));
    g_assert_nonnull (key);
  }

  /* And the chat's messages, in order, each way. */
  messages = load_messages (run.history, key);
  for (guint i = 0; i < messages->len; i++)
    {
      BeckonHistoryMessage *message = g_ptr_array_index (messages, i);

      if (g_strcmp0 (message->text, remote_text) == 0)
        {
          g_assert_false (message->outgoing);
          remote_at = i;
        }
      else if (g_strcmp0 (message->text, "On my way") == 0)
        {
          g_assert_true (message->outgoing);
          g_assert_cmpstr (message->state, ==, "delivered");
          out_at = i;
        }
    }
  g_assert_cmpint (remote_at, >=, 0);
  g_assert_cmpint (out_at, >, remote_at);

  /* Clear: the list's ended invitations and the file, both. */
  g_assert_true (beckon_account_clear_history (run.account));
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 0);
  {
    sqlite3 *db = db_open (path);

    g_assert_cmpint (db_int (db, "SELECT count(*) FROM invitations"), ==, 0);
    g_assert_cmpint (db_int (db, "SELECT count(*) FROM messages"), ==, 0);
    sqlite3_close (db);
  }
  run_stop (&run);

  run_start (&run, path);
  g_assert_cmpuint (g_list_model_get_n_items (beckon_account_get_invitations (run.account)), ==, 0);
  run_stop (&run);
  assert_integrity (path);
  test_remove_tree (dir);
}

/* kill -9 during a burst of messages */

#define BURST_TOTAL   2000
#define BURST_FIRST   20
#define BURST_STEP    5
#define KILL_AT_BLOCK 25

typedef struct
{
  const Context *ctx;
  GSubprocess   *writer;
  gboolean       exited;
  char          *thread; /* the conversation's id in the simulator */
  gboolean       answered;
  guint          sent;
  gboolean       killed;
  guint          sent_at_kill;
  guint          blocks;      /* events responses released since the burst began */
  GArray        *sent_before; /* [ack] = messages sent before response `ack` was released */
} Burst;

static gint64
current_ack (UcwaSimServer *sim)
{
  g_autofree char       *status = ucwa_sim_server_dup_status (sim);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray             *apps;
  g_autoptr (GError)     error = NULL;

  json_parser_load_from_data (parser, status, -1, &error);
  g_assert_no_error (error);
  apps = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "applications");
  g_assert_cmpuint (json_array_get_length (apps), ==, 1);
  return json_object_get_int_member (json_array_get_object_element (apps, 0), "ack");
}

static void
send_some (Burst *burst,
           guint  n)
{
  for (guint i = 0; i < n && burst->sent < BURST_TOTAL; i++)
    {
      g_autofree char *text = g_strdup_printf ("burst %u", burst->sent);

      g_assert_true (ucwa_sim_server_send_remote_message (burst->ctx->sim, burst->thread, text));
      burst->sent++;
    }
}

static void
burst_released_cb (UcwaSimServer *sim,
                   guint          n_events,
                   gboolean       has_invitation,
                   Burst         *burst)
{
  gint64 ack;

  if (burst->killed || burst->sent == 0)
    return;

  /* Everything sent so far is in this response or an earlier one (the
   * simulator answers with every pending event). */
  ack = current_ack (sim);
  if ((gint64) burst->sent_before->len <= ack)
    g_array_set_size (burst->sent_before, ack + 1);
  g_array_index (burst->sent_before, guint, ack) = burst->sent;
  burst->blocks++;

  /* The writer is still reading: keep the pipe full. */
  send_some (burst, BURST_STEP);
}

static void
burst_request_cb (UcwaSimServer *sim,
                  const char    *method,
                  const char    *path,
                  const char    *authorization,
                  Burst         *burst)
{
  /* The writer's next P-GET has arrived: it acknowledges the response
   * before.  Killed right then, while it may still be writing. */
  if (burst->killed || burst->blocks < KILL_AT_BLOCK || !g_str_has_suffix (path, "/events"))
    return;
  burst->killed = TRUE;
  burst->sent_at_kill = burst->sent;
  g_subprocess_send_signal (burst->writer, SIGKILL);
}

static void
burst_answered_cb (UcwaSimServer *sim,
                   const char    *id,
                   gboolean       accepted,
                   Burst         *burst)
{
  g_assert_true (accepted);
  g_free (burst->thread);
  burst->thread = g_strdup (id);
  burst->answered = TRUE;
}

static gboolean
burst_can_start (gpointer user_data)
{
  Burst           *burst = user_data;
  g_autofree char *status = NULL;

  if (!burst->answered || burst->exited)
    return burst->exited;
  /* Connected: the simulator takes messages in the conversation. */
  status = ucwa_sim_server_dup_status (burst->ctx->sim);
  return strstr (status, "\"messaging\":\"Connected\"") != NULL;
}

/* Signed in: its application takes invitations (makeMeAvailable). */
static gboolean
has_available_application (gpointer sim)
{
  g_autofree char *status = ucwa_sim_server_dup_status (sim);

  return strstr (status, "\"available\":true") != NULL;
}

/* The killed writer's application expires once the simulator has answered
 * the P-GET it held (max-hold) and the clock has moved past the expiry. */
static gboolean
application_expired (gpointer sim)
{
  ucwa_sim_server_advance_clock (sim, 3600 * 1000);
  return ucwa_sim_server_count_applications (sim) == 0;
}

static gboolean
writer_exited (gpointer user_data)
{
  return ((Burst *) user_data)->exited;
}

static void
test_kill_during_burst (gconstpointer data)
{
  const Context                  *ctx = data;
  g_autofree char                *dir = scratch_dir ();
  g_autofree char                *path = g_build_filename (dir, "beckon", "history.db", NULL);
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GError)              error = NULL;
  g_autofree char                *invitation = NULL;
  const char                     *helper = g_getenv ("HISTORY_WRITER");
  Burst                           burst = { .ctx = ctx };
  gulong                          handlers[3];
  guint                           acked = 0;
  gint64                          final_ack;
  sqlite3                        *db;
  sqlite3_stmt                   *stmt = NULL;

  g_assert_nonnull (helper);
  burst.sent_before = g_array_new (FALSE, TRUE, sizeof (guint));
  handlers[0] = g_signal_connect (ctx->sim, "invitation-answered", G_CALLBACK (burst_answered_cb), &burst);
  handlers[1] = g_signal_connect (ctx->sim, "events-released", G_CALLBACK (burst_released_cb), &burst);
  handlers[2] = g_signal_connect (ctx->sim, "request", G_CALLBACK (burst_request_cb), &burst);

  /* No application of an earlier test: the status has the writer's only. */
  test_wait_until (sim_fixture_has_no_application, ctx->sim, "no application left");

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "BECKON_PASSWORD", PASSWORD, TRUE);
  burst.writer = g_subprocess_launcher_spawn (launcher, &error, helper, ctx->root, USER, NULL);
  g_assert_no_error (error);
  test_watch_exit (burst.writer, &burst.exited);

  test_wait_until (has_available_application, ctx->sim, "the writer signed in");
  invitation = ucwa_sim_server_start_im_invitation (ctx->sim, NULL, "sip:ada@contoso.com", "Ada Lovelace",
                                                    "Here it comes");
  g_assert_nonnull (invitation);
  test_wait_until (burst_can_start, &burst, "the writer in the conversation");
  g_assert_false (burst.exited);

  /* The burst: more on every response, until the writer is killed. */
  send_some (&burst, BURST_FIRST);
  test_wait_until (writer_exited, &burst, "the writer killed");
  g_assert_true (burst.killed);
  g_assert_cmpint (g_subprocess_get_term_sig (burst.writer), ==, SIGKILL);
  /* In the middle of it, not after. */
  g_assert_cmpuint (burst.sent_at_kill, <, BURST_TOTAL);

  /* Acknowledged: every response before the one the last P-GET asked for. */
  final_ack = current_ack (ctx->sim);
  for (gint64 i = 0; i < final_ack && i < (gint64) burst.sent_before->len; i++)
    acked = MAX (acked, g_array_index (burst.sent_before, guint, i));
  g_test_message ("sent %u, %u acknowledged before the kill", burst.sent_at_kill, acked);
  g_assert_cmpuint (acked, >, 0);

  db = db_open (path);
  {
    g_autofree char *check = db_text (db, "PRAGMA integrity_check");

    g_assert_cmpstr (check, ==, "ok");
  }
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM messages WHERE direction = 'in' AND text = ?1",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  for (guint i = 0; i < acked; i++)
    {
      g_autofree char *text = g_strdup_printf ("burst %u", i);

      sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      if (sqlite3_column_int (stmt, 0) != 1)
        g_error ("\"%s\" was acknowledged but is not in the history exactly once", text);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* The application of the killed writer, gone for the next test. */
  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    g_signal_handler_disconnect (ctx->sim, handlers[i]);
  test_wait_until (application_expired, ctx->sim, "the killed writer's application gone");
  g_clear_object (&burst.writer);
  g_array_unref (burst.sent_before);
  g_free (burst.thread);
  test_remove_tree (dir);
}

/* The messages of an ended conversation, read-only */

static gboolean
window_loaded (gpointer window)
{
  return beckon_history_window_get_loaded (window);
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static void
test_window_shows_messages (void)
{
  g_autoptr (BeckonCore)    core = beckon_core_new_inline ();
  g_autofree char          *dir = scratch_dir ();
  g_autofree char          *path = g_build_filename (dir, "history.db", NULL);
  g_autoptr (BeckonHistory) history = beckon_history_new (path);
  const char               *markup = "<b>not bold</b> & <i>not italic</i>";
  BeckonHistoryMessage      in = { .conversation = S ("t"), .sender = S ("Ada"), .text = (char *) markup, .time = 1700000001000, .state = S ("delivered") };
  BeckonHistoryMessage      out = { .conversation = S ("t"), .outgoing = TRUE, .text = S ("Thanks"), .time = 1700000002000, .state = S ("failed") };
  GtkWidget                *window;

  for (guint i = 0; i < 500; i++)
    g_assert_cmpint (beckon_history_add_message (history, i % 2 ? &out : &in), >, 0);

  window = beckon_history_window_new (core, history, "t", "Ada");
  gtk_window_present (GTK_WINDOW (window));
  test_wait_until (window_loaded, window, "the messages read");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Conversation with Ada");
  g_assert_cmpuint (beckon_history_window_get_n_messages (BECKON_HISTORY_WINDOW (window)), ==, 500);
  /* Shown as written: markup is text. */
  test_drain_main_context ();
  g_assert_true (has_label (window, markup));
  gtk_window_destroy (GTK_WINDOW (window));

  /* A conversation nothing was kept of says so. */
  window = beckon_history_window_new (core, history, "nothing", NULL);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_until (window_loaded, window, "nothing read");
  g_assert_cmpuint (beckon_history_window_get_n_messages (BECKON_HISTORY_WINDOW (window)), ==, 0);
  g_assert_true (has_label (window, "No Messages"));
  gtk_window_destroy (GTK_WINDOW (window));

  g_clear_object (&history);
  test_remove_tree (dir);
}

/* The application: the notice, and Clear History in the preferences */

typedef struct
{
  BeckonApplication *app;
  const char        *body;
} AppWait;

/* The application's account is the core's: the test reads its copy, and
 * asks the core for the history object's state (beckon_core_call()). */
static BeckonInvitationCopy *
copy_find_item (BeckonAccountCopy *copy,
                const char        *body)
{
  GListModel *items = beckon_account_copy_get_invitations (copy);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (BeckonInvitationCopy) item = g_list_model_get_item (items, i);

      /* Borrowed: the list keeps it. */
      if (g_strcmp0 (beckon_invitation_copy_get_body (item), body) == 0)
        return item;
    }
  return NULL;
}

typedef struct
{
  BeckonAccountCopy    *copy;
  const char           *body;
  BeckonInvitationState state;
} CopyWait;

static gboolean
copy_item_in_state (gpointer user_data)
{
  CopyWait             *wait = user_data;
  BeckonInvitationCopy *item = copy_find_item (wait->copy, wait->body);

  return item != NULL && beckon_invitation_copy_get_state (item) == wait->state;
}

static void
copy_wait_item (BeckonAccountCopy    *copy,
                const char           *body,
                BeckonInvitationState state)
{
  CopyWait wait = { copy, body, state };

  test_wait_until (copy_item_in_state, &wait, body);
}

static gboolean
copy_no_lunch_item (gpointer copy)
{
  return copy_find_item (copy, "Lunch?") == NULL;
}

typedef struct
{
  BeckonApplication *app;
  gboolean           persistent;
  char              *moved_aside;
} HistoryState;

static void
history_state_run (gpointer data)
{
  HistoryState  *state = data;
  BeckonHistory *history = beckon_account_get_history (beckon_application_get_account (state->app));

  state->persistent = beckon_history_get_persistent (history);
  state->moved_aside = g_strdup (beckon_history_get_moved_aside (history));
}

static gboolean
app_online (gpointer user_data)
{
  BeckonApplication *app = user_data;

  return beckon_account_copy_get_online (beckon_application_get_account_copy (app));
}

static BeckonWindow *
main_window (BeckonApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (BECKON_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) window = g_list_model_get_item (toplevels, i);

      /* Borrowed: GTK keeps its toplevels. */
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
has_dialog (gpointer user_data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static void
test_app_corrupt_notice_and_clear (gconstpointer data)
{
  const Context          *ctx = data;
  g_autoptr (GError)      error = NULL;
  g_autofree char        *dir = g_build_filename (ctx->data_home, "beckon", NULL);
  g_autofree char        *path = g_build_filename (dir, "history.db", NULL);
  g_autofree char        *invitation = NULL;
  FakeNotificationServer *notifications = fake_notification_server_new_started ();
  BeckonApplication      *app;
  BeckonAccountCopy      *copy;
  HistoryState            state = { NULL, FALSE, NULL };
  BeckonWindow           *window;
  GtkWidget              *preferences;
  GtkWidget              *button;
  GtkWidget              *dialog;
  const char             *notice;
  sqlite3                *db;

  /* The history the application finds at start-up is not a database. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_file (path, "garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage");

  app = beckon_application_new ();
  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  copy = beckon_application_get_account_copy (app);
  state.app = app;
  beckon_core_call (beckon_application_get_core (app), history_state_run, &state);
  g_assert_true (state.persistent);

  /* The main window says so when it shows, and where the old file went. */
  g_application_activate (G_APPLICATION (app));
  window = main_window (app);
  g_assert_nonnull (window);
  notice = beckon_window_get_notice (window);
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice, "history.db.corrupt-"));
  g_assert_nonnull (state.moved_aside);
  g_assert_true (g_file_test (state.moved_aside, G_FILE_TEST_IS_REGULAR));
  g_free (state.moved_aside);
  assert_integrity (path);

  /* Something in the history: a missed chat. */
  beckon_application_sign_in (app, ctx->root, USER, PASSWORD);
  test_wait_until (app_online, app, "signed in");
  invitation = ucwa_sim_server_start_im_invitation (ctx->sim, NULL, "sip:bob@contoso.com", "Bob", "Lunch?");
  copy_wait_item (copy, "Lunch?", BECKON_INVITATION_STATE_PENDING);
  g_assert_true (ucwa_sim_server_cancel_invitation (ctx->sim, invitation));
  copy_wait_item (copy, "Lunch?", BECKON_INVITATION_STATE_MISSED);
  wait_rows (path, "SELECT count(*) FROM invitations", 1);

  /* Preferences → History → Clear…, and the confirmation. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = find_toplevel (BECKON_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  button = GTK_WIDGET (gtk_widget_get_template_child (preferences, BECKON_TYPE_PREFERENCES_WINDOW,
                                                      "clear_history_button"));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_has_css_class (button, "destructive-action"));

  /* Cancelled: nothing happens. */
  g_signal_emit_by_name (button, "clicked");
  test_wait_until (has_dialog, NULL, "the confirmation");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_assert_nonnull (copy_find_item (copy, "Lunch?"));
  wait_rows (path, "SELECT count(*) FROM invitations", 1);

  /* Confirmed: the list and the file are empty. */
  g_signal_emit_by_name (button, "clicked");
  test_wait_until (has_dialog, NULL, "the confirmation");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "clear");
  /* A command to the core, which clears on its turn. */
  test_wait_until (copy_no_lunch_item, copy, "the history to be cleared");
  g_assert_null (copy_find_item (copy, "Lunch?"));
  db = db_open (path);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM invitations"), ==, 0);
  sqlite3_close (db);

  gtk_window_destroy (GTK_WINDOW (preferences));

  /* app.show-history: an ended conversation's messages, by its key. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-history", g_variant_new_string (invitation));
  {
    GtkWidget *history_window = find_toplevel (BECKON_TYPE_HISTORY_WINDOW);

    g_assert_nonnull (history_window);
    test_wait_until (window_loaded, history_window, "the conversation's history");
    gtk_window_destroy (GTK_WINDOW (history_window));
  }

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  test_wait_until (sim_fixture_has_no_application, ctx->sim, "signed out");
  g_object_unref (app);
  fake_notification_server_free (notifications);
}

int
main (int   argc,
      char *argv[])
{
  Context ctx = { 0 };
  int     status;

  ctx.data_home = test_private_data_home ();
  gtk_test_init (&argc, &argv, NULL);

  ctx.sim = sim_fixture_new_server (USER, PASSWORD);
  ucwa_sim_server_set_invitation_timeout (ctx.sim, 0);
  ucwa_sim_server_set_max_hold (ctx.sim, 2000);
  ctx.root = sim_fixture_listen (ctx.sim);

  g_test_add_data_func ("/history/account/restart-shows-history", &ctx, test_account_restart_shows_history);
  g_test_add_data_func ("/history/durability/kill-9-during-a-burst", &ctx, test_kill_during_burst);
  g_test_add_func ("/history/window/shows-messages", test_window_shows_messages);
  g_test_add_data_func ("/history/app/corrupt-notice-and-clear", &ctx, test_app_corrupt_notice_and_clear);

  status = g_test_run ();

  g_clear_object (&ctx.sim);
  g_free (ctx.root);
  test_remove_tree (ctx.data_home);
  g_free (ctx.data_home);
  return status;
}

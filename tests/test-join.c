/* test-join.c: joining a meeting from its link, through the whole
 * application (the Join Meeting dialog, beckon --join) against the
 * simulator and a fake notification server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "app-fixture.h"
#include "beckon-application.h"
#include "beckon-composer.h"
#include "beckon-conversation-window.h"
#include "beckon-message-copy.h"
#include "beckon-join-dialog.h"
#include "beckon-window.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "join test password"
#define GRACE    "sip:grace@contoso.com"
#define JOINS    "/communication/onlineMeetingInvitations"

typedef struct
{
  AppFixture        fx; /* first: the conditions waited on receive the context */
  const char       *expected_state;
  const char       *expected_text;
  gpointer          window; /* weak */
  BeckonJoinDialog *dialog;
  GHashTable       *received; /* texts the meeting received */
} Context;

static guint
count_conversation_windows (Context *ctx)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->fx.app)); l != NULL; l = l->next)
    if (BECKON_IS_CONVERSATION_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      n++;
  return n;
}

static gboolean
has_conversation_window (gpointer user_data)
{
  return app_fixture_find_conversation_window (user_data, ((Context *) user_data)->expected_state) != NULL;
}

static BeckonConversationWindow *
wait_for_window (Context    *ctx,
                 const char *state)
{
  ctx->expected_state = state;
  app_fixture_wait (&ctx->fx, has_conversation_window, state);
  return app_fixture_find_conversation_window (&ctx->fx, ctx->expected_state);
}

static gboolean
dialog_says (gpointer user_data)
{
  Context *ctx = user_data;

  return g_strcmp0 (beckon_join_dialog_get_status (ctx->dialog), ctx->expected_text) == 0;
}

static gboolean
dialog_begins_with (gpointer user_data)
{
  Context *ctx = user_data;

  return beckon_join_dialog_get_status (ctx->dialog) != NULL &&
         g_str_has_prefix (beckon_join_dialog_get_status (ctx->dialog), ctx->expected_text);
}

static gboolean
dialog_is_gone (gpointer user_data)
{
  Context *ctx = user_data;

  return ctx->dialog == NULL;
}

static gboolean
can_send (gpointer user_data)
{
  Context        *ctx = user_data;
  BeckonComposer *composer = BECKON_COMPOSER (
    gtk_widget_get_template_child (GTK_WIDGET (ctx->window), BECKON_TYPE_CONVERSATION_WINDOW, "composer"));

  return beckon_composer_get_can_send (composer);
}

static gboolean
meeting_received (gpointer user_data)
{
  Context *ctx = user_data;

  return g_hash_table_contains (ctx->received, ctx->expected_text);
}

static gboolean
window_lists (gpointer user_data)
{
  Context    *ctx = user_data;
  GListModel *messages = beckon_conversation_copy_get_messages (
    beckon_conversation_window_get_conversation (ctx->window));

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr (BeckonMessageCopy) message = g_list_model_get_item (messages, i);

      if (g_strcmp0 (beckon_message_copy_get_text (message), ctx->expected_text) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
message_received_cb (UcwaSimServer *sim,
                     const char    *id,
                     const char    *text,
                     Context       *ctx)
{
  g_hash_table_add (ctx->received, g_strdup (text));
}

/* Opens the Join Meeting dialog as Ctrl+J does and types @url into it. */
static void
join_from_dialog (Context    *ctx,
                  const char *url)
{
  GtkWidget *entry;
  GtkWidget *join;

  g_action_group_activate_action (G_ACTION_GROUP (ctx->fx.app), "join-meeting", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->fx.app)); l != NULL; l = l->next)
    if (BECKON_IS_JOIN_DIALOG (l->data))
      ctx->dialog = l->data;
  g_assert_nonnull (ctx->dialog);
  g_object_add_weak_pointer (G_OBJECT (ctx->dialog), (gpointer *) &ctx->dialog);

  entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (ctx->dialog), BECKON_TYPE_JOIN_DIALOG, "link_entry"));
  join = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (ctx->dialog), BECKON_TYPE_JOIN_DIALOG, "join_button"));
  g_assert_false (gtk_widget_get_sensitive (join));
  gtk_editable_set_text (GTK_EDITABLE (entry), url);
  g_assert_true (gtk_widget_get_sensitive (join));
  g_assert_true (gtk_widget_activate (join));
}

static void
close_dialog (Context *ctx)
{
  if (ctx->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (ctx->dialog));
  g_assert_null (ctx->dialog);
}

static gboolean
window_is_gone (gpointer user_data)
{
  Context *ctx = user_data;

  return ctx->window == NULL;
}

static void
leave_and_close (Context *ctx)
{
  if (ctx->window != NULL)
    gtk_window_close (GTK_WINDOW (ctx->window));
  app_fixture_wait (&ctx->fx, window_is_gone, "the conversation window to close");
}

/* The window follows the join; once Conferenced the chat is added and
 * messages go both ways. */
static void
chat_in_meeting (Context                  *ctx,
                 BeckonConversationWindow *window)
{
  BeckonConversationCopy *conversation = beckon_conversation_window_get_conversation (window);
  BeckonComposer         *composer;
  g_autofree char        *thread_id = NULL;

  ctx->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), &ctx->window);
  app_fixture_wait (&ctx->fx, can_send, "the meeting's chat");
  g_assert_cmpint (beckon_conversation_copy_get_messaging_state (conversation), ==, UCWA_MODALITY_STATE_CONNECTED);
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->fx.sim, "POST", "/messaging/addMessaging"), >=, 1);

  composer = BECKON_COMPOSER (gtk_widget_get_template_child (GTK_WIDGET (window), BECKON_TYPE_CONVERSATION_WINDOW,
                                                             "composer"));
  beckon_composer_set_text (composer, "Hello, meeting");
  g_assert_true (beckon_composer_send (composer));
  ctx->expected_text = "Hello, meeting";
  app_fixture_wait (&ctx->fx, meeting_received, "the meeting to receive the message");

  app_fixture_conversation_ids (&ctx->fx, window, &thread_id, NULL);
  g_assert_true (ucwa_sim_server_send_remote_message (ctx->fx.sim, thread_id, "Welcome, Alice"));
  ctx->expected_text = "Welcome, Alice";
  app_fixture_wait (&ctx->fx, window_lists, "the window to list the meeting's message");
}

/* Signs in, schedules a meeting of Grace's with @lobby (holding the user
 * there until told: admit_from_lobby() or refuse_from_lobby(), once the
 * window shows the wait) and joins it from the dialog by its link:
 * @prefix, then the conference id, which it returns. */
static char *
join_new_meeting (Context     *ctx,
                  UcwaSimLobby lobby,
                  const char  *prefix)
{
  g_autofree char *id = NULL;
  g_autofree char *url = NULL;

  app_fixture_sign_in (&ctx->fx);
  ucwa_sim_server_set_lobby_hold (ctx->fx.sim, UCWA_SIM_LOBBY_HOLD_UNTIL_TOLD);
  id = ucwa_sim_server_create_meeting (ctx->fx.sim, GRACE, "Grace Hopper", NULL, lobby);
  url = g_strconcat (prefix, id, NULL);
  join_from_dialog (ctx, url);
  return g_steal_pointer (&id);
}

/* After join_new_meeting() into a lobby: the window opens while the user
 * waits, and the dialog gives way to it. */
static BeckonConversationWindow *
wait_in_the_lobby (Context *ctx)
{
  BeckonConversationWindow *window = wait_for_window (ctx, "Waiting in the lobby…");

  ctx->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), &ctx->window);
  app_fixture_wait (&ctx->fx, dialog_is_gone, "the dialog to close");
  return window;
}

static void
test_join_by_https_link (gconstpointer data)
{
  Context         *ctx = (Context *) data;
  g_autofree char *id = join_new_meeting (ctx, UCWA_SIM_LOBBY_NONE, "https://meet.contoso.com/grace/");

  g_assert_nonnull (id);
  chat_in_meeting (ctx, wait_for_window (ctx, "Conferenced"));
  app_fixture_wait (&ctx->fx, dialog_is_gone, "the dialog to close");
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->fx.sim, "POST", JOINS), ==, 1);
  leave_and_close (ctx);
}

static void
test_join_through_the_lobby (gconstpointer data)
{
  Context                  *ctx = (Context *) data;
  BeckonConversationWindow *window;
  g_autofree char          *id = NULL;

  id = join_new_meeting (ctx, UCWA_SIM_LOBBY_ADMITS, "conf:sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:");
  window = wait_in_the_lobby (ctx);
  g_assert_true (ucwa_sim_server_admit_from_lobby (ctx->fx.sim, id));

  /* The same window turns Conferenced once admitted. */
  g_assert_true (wait_for_window (ctx, "Conferenced") == window);
  g_object_remove_weak_pointer (G_OBJECT (window), &ctx->window);
  chat_in_meeting (ctx, window);
  leave_and_close (ctx);
}

/* The lobby refuses: the window that opened says why and offers to close. */
static void
test_lobby_refuses (gconstpointer data)
{
  Context                  *ctx = (Context *) data;
  BeckonConversationWindow *window;
  GtkLabel                 *status;
  g_autofree char          *id = NULL;

  id = join_new_meeting (ctx, UCWA_SIM_LOBBY_REFUSES, "https://meet.contoso.com/grace/");
  window = wait_in_the_lobby (ctx);
  g_assert_true (ucwa_sim_server_refuse_from_lobby (ctx->fx.sim, id));
  status = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window), BECKON_TYPE_CONVERSATION_WINDOW,
                                                     "composer_status_label"));
  ctx->expected_state = "Waiting in the lobby…";
  while (app_fixture_find_conversation_window (&ctx->fx, ctx->expected_state) == window)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (can_send (ctx));
  g_assert_cmpstr (gtk_label_get_text (status), ==, "You were not let into the meeting from its lobby.");
  leave_and_close (ctx);
}

/* An unknown meeting: said in the dialog, no window left behind. */
static void
test_unknown_meeting (gconstpointer data)
{
  Context *ctx = (Context *) data;
  guint    windows;

  app_fixture_sign_in (&ctx->fx);
  windows = count_conversation_windows (ctx);
  join_from_dialog (ctx, "https://meet.contoso.com/grace/NOSUCH42");
  ctx->expected_text = "The server does not know this meeting. Check the link; the meeting may also have ended.";
  app_fixture_wait (&ctx->fx, dialog_says, "the dialog to say the meeting is unknown");
  g_assert_cmpuint (count_conversation_windows (ctx), ==, windows);
  close_dialog (ctx);
}

/* Refused up front: nothing is sent for a link of another domain or one
 * that is not a meeting link at all. */
static void
test_foreign_and_malformed (gconstpointer data)
{
  Context *ctx = (Context *) data;
  struct
  {
    const char *url;
    const char *says;
  } cases[] = {
    { "https://meet.fabrikam.com/grace/K7RX2M9Q", "This meeting belongs to another organization." },
    { "conf:sip:grace@fabrikam.com;gruu;opaque=app:conf:focus:id:K7RX2M9Q", "This meeting belongs to another organization." },
    { "https://meet.contoso.com/grace", "This is not a Skype for Business meeting link." },
    { "tel:+14255550100", "This is not a Skype for Business meeting link." },
  };
  guint joins;

  app_fixture_sign_in (&ctx->fx);
  joins = ucwa_sim_server_count_requests (ctx->fx.sim, "POST", JOINS);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("joining %s", cases[i].url);
      join_from_dialog (ctx, cases[i].url);
      ctx->expected_text = cases[i].says;
      app_fixture_wait (&ctx->fx, dialog_begins_with, cases[i].says);
      close_dialog (ctx);
    }
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->fx.sim, "POST", JOINS), ==, joins);
}

/* beckon --join URL, through GApplication's command line: last, as it
 * ends with the application quitting. */
typedef struct
{
  Context *ctx;
  char    *id;
} CommandLine;

static gboolean
command_line_checks_cb (gpointer user_data)
{
  CommandLine *cl = user_data;
  Context     *ctx = cl->ctx;

  chat_in_meeting (ctx, wait_for_window (ctx, "Conferenced"));
  leave_and_close (ctx);

  g_application_quit (G_APPLICATION (ctx->fx.app));
  return G_SOURCE_REMOVE;
}

static void
test_join_from_the_command_line (gconstpointer data)
{
  Context         *ctx = (Context *) data;
  CommandLine      cl = { ctx, NULL };
  g_autofree char *url = NULL;
  g_autofree char *program = g_strdup ("beckon");
  g_autofree char *option = g_strdup ("--join");
  char            *argv[] = { program, option, NULL, NULL };

  app_fixture_sign_in (&ctx->fx);
  cl.id = ucwa_sim_server_create_meeting (ctx->fx.sim, GRACE, "Grace Hopper", NULL, UCWA_SIM_LOBBY_NONE);
  url = g_strdup_printf ("https://meet.contoso.com/grace/%s", cl.id);
  argv[2] = url;

  g_idle_add (command_line_checks_cb, &cl);
  g_assert_cmpint (g_application_run (G_APPLICATION (ctx->fx.app), 3, argv), ==, 0);
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->fx.sim, "POST", JOINS), >=, 1);
  g_free (cl.id);
}

int
main (int   argc,
      char *argv[])
{
  Context ctx = { 0 };
  int     status;

  app_fixture_init (&ctx.fx, &argc, &argv, USER, PASSWORD);

  ctx.received = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_signal_connect (ctx.fx.sim, "message-received", G_CALLBACK (message_received_cb), &ctx);
  app_fixture_closing_leaves (&ctx.fx);

  g_test_add_data_func ("/join/https-link", &ctx, test_join_by_https_link);
  g_test_add_data_func ("/join/through-the-lobby", &ctx, test_join_through_the_lobby);
  g_test_add_data_func ("/join/lobby-refuses", &ctx, test_lobby_refuses);
  g_test_add_data_func ("/join/unknown-meeting", &ctx, test_unknown_meeting);
  g_test_add_data_func ("/join/foreign-and-malformed", &ctx, test_foreign_and_malformed);
  g_test_add_data_func ("/join/command-line", &ctx, test_join_from_the_command_line);

  status = g_test_run ();

  g_signal_handlers_disconnect_by_data (ctx.fx.sim, &ctx);
  app_fixture_clear (&ctx.fx);
  g_hash_table_unref (ctx.received);
  return status;
}

/* app-fixture.c: the application tests' shared set-up (see app-fixture.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "app-fixture.h"
#include "test-util.h"

/* Everything before gtk_test_init() that must be in place when GTK starts
 * (the private XDG_DATA_HOME), then the services the application talks to,
 * then the application, registered so that actions and windows work. */
void
app_fixture_init (AppFixture *fx,
                  int        *argc,
                  char     ***argv,
                  const char *user,
                  const char *password)
{
  g_autoptr (GError) error = NULL;

  fx->user = user;
  fx->password = password;
  fx->data_home = test_private_data_home ();

  gtk_test_init (argc, argv, NULL);

  fx->notifications = fake_notification_server_new_started ();

  fx->sim = sim_fixture_new_server (user, password);
  ucwa_sim_server_set_invitation_timeout (fx->sim, 0);
  ucwa_sim_server_set_max_hold (fx->sim, 2000);
  fx->root = sim_fixture_listen (fx->sim);

  fx->app = beckon_application_new ();
  g_application_set_flags (G_APPLICATION (fx->app),
                           g_application_get_flags (G_APPLICATION (fx->app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (fx->app), NULL, &error));
  g_assert_no_error (error);
}

void
app_fixture_clear (AppFixture *fx)
{
  g_clear_object (&fx->app);
  g_clear_object (&fx->sim);
  g_clear_pointer (&fx->notifications, fake_notification_server_free);
  g_clear_pointer (&fx->root, g_free);
  if (fx->data_home != NULL)
    test_remove_tree (fx->data_home);
  g_clear_pointer (&fx->data_home, g_free);
}

void
app_fixture_closing_leaves (AppFixture *fx)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_string (settings, "close-live-conversation", "leave");
}

UcwaSession *
app_fixture_get_session (AppFixture *fx)
{
  return beckon_account_get_session (beckon_application_get_account (fx->app));
}

/* As the application's windows see it: its copy. */
gboolean
app_fixture_is_online (gpointer fx)
{
  AppFixture *app_fx = fx;

  return beckon_account_copy_get_session_state (beckon_application_get_account_copy (app_fx->app)) ==
         UCWA_SESSION_STATE_ONLINE;
}

/* Waits (iterating the default main context, with the fake notification
 * server answering meanwhile) until @condition, called with @fx — the
 * test's context, which starts with it — holds; a test that times out
 * fails, naming @what. */
void
app_fixture_wait (AppFixture               *fx,
                  FakeNotificationCondition condition,
                  const char               *what)
{
  if (!fake_notification_server_wait (fx->notifications, condition, fx, 20000))
    g_error ("Timed out waiting for %s", what);
}

void
app_fixture_sign_in (AppFixture *fx)
{
  if (app_fixture_is_online (fx))
    return;
  beckon_application_sign_in (fx->app, fx->root, fx->user, fx->password);
  app_fixture_wait (fx, app_fixture_is_online, "sign-in");
}

/* A shown conversation window whose state text is @state. */
BeckonConversationWindow *
app_fixture_find_conversation_window (AppFixture *fx,
                                      const char *state)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (fx->app)); l != NULL; l = l->next)
    if (BECKON_IS_CONVERSATION_WINDOW (l->data) && gtk_widget_get_mapped (l->data) &&
        g_strcmp0 (beckon_conversation_window_get_state_text (l->data), state) == 0)
      return l->data;
  return NULL;
}

typedef struct
{
  BeckonAccountCopy      *account;
  BeckonConversationCopy *conversation;
  char                   *thread_id;
  char                   *href;
} ConversationRead;

/* On the core, while the test's thread waits in beckon_core_call(): the
 * copies are only asked which core object they follow, and that object is
 * read where it lives. */
static void
conversation_read_run (gpointer data)
{
  ConversationRead *read = data;
  UcwaConversation *conversation = _beckon_account_copy_get_core_conversation (read->account, read->conversation);

  g_assert_nonnull (conversation);
  read->thread_id = g_strdup (ucwa_conversation_get_thread_id (conversation));
  read->href = g_strdup (ucwa_conversation_get_href (conversation));
}

void
app_fixture_conversation_ids (AppFixture               *fx,
                              BeckonConversationWindow *window,
                              char                    **thread_id,
                              char                    **href)
{
  ConversationRead read = { beckon_application_get_account_copy (fx->app),
                            beckon_conversation_window_get_conversation (window), NULL, NULL };

  g_assert_nonnull (read.conversation);
  beckon_core_call (beckon_application_get_core (fx->app), conversation_read_run, &read);
  if (thread_id != NULL)
    *thread_id = g_steal_pointer (&read.thread_id);
  if (href != NULL)
    *href = g_steal_pointer (&read.href);
  g_free (read.thread_id);
  g_free (read.href);
}

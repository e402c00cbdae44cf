/* test-preferences.c: what the preferences change in the running
 * application: the sound and the message text of an invitation's
 * notification, and whether closing the last window keeps Beckon in the
 * background.  The whole application against the simulator and a fake
 * notification server, as in test-app.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "app-fixture.h"
#include "beckon-application.h"
#include "beckon-window.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "preferences test password"

typedef struct
{
  AppFixture  fx; /* first: the conditions waited on receive the context */
  GSettings  *settings;
  const char *summary;
} Context;

static gboolean
has_summary (gpointer user_data)
{
  Context                     *ctx = user_data;
  g_autoptr (FakeNotification) found = fake_notification_server_find_by_summary (ctx->fx.notifications, ctx->summary);

  return found != NULL;
}

static FakeNotification *
wait_for_notification (Context    *ctx,
                       const char *summary)
{
  ctx->summary = summary;
  app_fixture_wait (&ctx->fx, has_summary, summary);
  return fake_notification_server_find_by_summary (ctx->fx.notifications, summary);
}

/* Sound and message text */

static void
test_sound_and_text_on (gconstpointer data)
{
  Context                     *ctx = (Context *) data;
  g_autofree char             *id = NULL;
  g_autoptr (FakeNotification) popup = NULL;

  app_fixture_sign_in (&ctx->fx);
  g_assert_true (g_settings_get_boolean (ctx->settings, "invitation-sound"));
  g_assert_true (g_settings_get_boolean (ctx->settings, "show-message-text"));

  id = ucwa_sim_server_start_im_invitation (ctx->fx.sim, NULL, "sip:ada@contoso.com", "Ada Lovelace",
                                            "Hi, got a minute?");
  g_assert_nonnull (id);
  popup = wait_for_notification (ctx, "Ada Lovelace invites you to chat");
  g_assert_cmpstr (popup->sound_name, ==, "message-new-instant");
  g_assert_false (popup->suppress_sound);
  g_assert_cmpstr (popup->body, ==, "Hi, got a minute?");
  g_assert_true (fake_notification_has_action (popup, "accept"));
}

static void
test_quiet_and_private (gconstpointer data)
{
  Context                     *ctx = (Context *) data;
  g_autofree char             *im = NULL;
  g_autofree char             *meeting = NULL;
  g_autoptr (FakeNotification) chat_popup = NULL;
  g_autoptr (FakeNotification) meeting_popup = NULL;

  app_fixture_sign_in (&ctx->fx);
  g_settings_set_boolean (ctx->settings, "invitation-sound", FALSE);
  g_settings_set_boolean (ctx->settings, "show-message-text", FALSE);

  im = ucwa_sim_server_start_im_invitation (ctx->fx.sim, NULL, "sip:bob@contoso.com", "Bob Builder",
                                            "The launch codes are 1234");
  g_assert_nonnull (im);
  chat_popup = wait_for_notification (ctx, "Bob Builder invites you to chat");
  /* Silence asked for, not merely no sound of ours. */
  g_assert_null (chat_popup->sound_name);
  g_assert_true (chat_popup->suppress_sound);
  /* Who and what kind (the summary), nothing of what they wrote. */
  g_assert_cmpstr (chat_popup->body, ==, "");
  g_assert_true (fake_notification_has_action (chat_popup, "accept"));
  g_assert_true (fake_notification_has_action (chat_popup, "decline"));

  meeting = ucwa_sim_server_start_meeting_invitation (ctx->fx.sim, NULL, "sip:grace@contoso.com", "Grace Hopper",
                                                      "Secret merger");
  g_assert_nonnull (meeting);
  meeting_popup = wait_for_notification (ctx, "Grace Hopper invites you to a meeting");
  g_assert_null (meeting_popup->sound_name);
  g_assert_true (meeting_popup->suppress_sound);
  g_assert_cmpstr (meeting_popup->body, ==, "");

  g_settings_reset (ctx->settings, "invitation-sound");
  g_settings_reset (ctx->settings, "show-message-text");
}

/* Run in the background */

static gboolean
has_main_window (gpointer user_data)
{
  Context *ctx = user_data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->fx.app)); l != NULL; l = l->next)
    if (BECKON_IS_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      return TRUE;
  return FALSE;
}

/* The user closes every window, the main one last. */
static void
close_all_windows (Context *ctx)
{
  g_application_activate (G_APPLICATION (ctx->fx.app));
  app_fixture_wait (&ctx->fx, has_main_window, "the main window");
  while (gtk_application_get_windows (GTK_APPLICATION (ctx->fx.app)) != NULL)
    {
      GList *windows = gtk_application_get_windows (GTK_APPLICATION (ctx->fx.app));

      gtk_window_close (g_list_last (windows)->data);
      test_drain_main_context ();
    }
}

static void
test_background_on (gconstpointer data)
{
  Context *ctx = (Context *) data;

  app_fixture_sign_in (&ctx->fx);
  g_assert_true (g_settings_get_boolean (ctx->settings, "run-in-background"));
  close_all_windows (ctx);
  /* Still signed in, listening: nothing was deleted. */
  g_assert_true (app_fixture_is_online (ctx));
  g_assert_cmpuint (ucwa_sim_server_count_applications (ctx->fx.sim), ==, 1);
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->fx.sim, "DELETE", NULL), ==, 0);
}

/* Last: the application quits. */
static void
test_background_off (gconstpointer data)
{
  Context *ctx = (Context *) data;

  app_fixture_sign_in (&ctx->fx);
  g_settings_set_boolean (ctx->settings, "run-in-background", FALSE);
  close_all_windows (ctx);
  /* Signed out cleanly, as Quit does: the UCWA application is deleted. */
  test_wait_until (sim_fixture_has_no_application, ctx->fx.sim, "the application to be deleted");
  g_assert_cmpuint (ucwa_sim_server_count_requests (ctx->fx.sim, "DELETE", NULL), >=, 1);
  g_settings_reset (ctx->settings, "run-in-background");
}

int
main (int   argc,
      char *argv[])
{
  Context ctx = { 0 };
  int     status;

  app_fixture_init (&ctx.fx, &argc, &argv, USER, PASSWORD);

  ctx.settings = g_settings_new (APP_ID);

  g_test_add_data_func ("/preferences/notification/sound-and-text", &ctx, test_sound_and_text_on);
  g_test_add_data_func ("/preferences/notification/quiet-and-private", &ctx, test_quiet_and_private);
  g_test_add_data_func ("/preferences/run-in-background/on", &ctx, test_background_on);
  g_test_add_data_func ("/preferences/run-in-background/off", &ctx, test_background_off);

  status = g_test_run ();

  app_fixture_clear (&ctx.fx);
  g_clear_object (&ctx.settings);
  return status;
}

/* beckon-application.c: the application: one account, its windows and notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Beckon lives in the background while signed in: invitations must ring
 * with no window open.  The hold is taken while a session is wanted and
 * released on sign-out, so closing the last window of a signed-out Beckon
 * quits it as usual.
 *
 * How it signs in and out is beckon-application-sign-in.c's; what the user
 * starts (a meeting joined from its link, a chat) is
 * beckon-application-outgoing.c's.
 */

#include "config.h"

#include "beckon-application-private.h"

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "beckon-chat-start.h"
#include "beckon-conversation-window.h"
#include "beckon-error-messages.h"
#include "beckon-history-window.h"
#include "beckon-join-dialog.h"
#include "beckon-meeting-join.h"
#include "beckon-new-chat-dialog.h"
#include "beckon-password.h"
#include "beckon-preferences-window.h"
#include "beckon-window.h"
#include "ucwa-sim-server.h"

#define SIGN_OUT_GRACE_MS 3000 /* quit anyway if the server does not answer the DELETE */
/* The longest the main window waits at start-up for the sign-in under way
 * (see defer_activation ()): a slow server must not leave the user with
 * nothing on screen. */
#define STARTUP_WINDOW_WAIT_MS 500

G_DEFINE_FINAL_TYPE (BeckonApplication, beckon_application, ADW_TYPE_APPLICATION)

static void
first_frame_cb (GdkFrameClock *clock,
                GtkWidget     *window)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, window);
  /* The monotonic clock, which a launcher can compare with its own
   * (bench/bench-launch.c measures exec → first frame with it). */
  g_debug ("Main window: first frame drawn at %" G_GINT64_FORMAT " (monotonic clock, microseconds)",
           g_get_monotonic_time ());
}

static void
main_window_map_cb (GtkWidget *window)
{
  g_signal_handlers_disconnect_by_func (window, main_window_map_cb, NULL);
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (first_frame_cb),
                           window, 0);
}

BeckonWindow *
_beckon_application_get_main_window (BeckonApplication *self,
                                     gboolean           create)
{
  BeckonWindow *window;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (BECKON_IS_WINDOW (l->data))
      return l->data;

  if (!create)
    return NULL;

  window = beckon_window_new (GTK_APPLICATION (self));
  g_signal_connect (window, "map", G_CALLBACK (main_window_map_cb), NULL);
  /* Told while no window was open (the background service). */
  if (self->pending_notice != NULL)
    {
      beckon_window_show_notice (window, self->pending_notice);
      g_clear_pointer (&self->pending_notice, g_free);
    }
  return window;
}

void
_beckon_application_set_held (BeckonApplication *self,
                              gboolean           held)
{
  if (self->held == held)
    return;
  self->held = held;
  if (held)
    g_application_hold (G_APPLICATION (self));
  else
    g_application_release (G_APPLICATION (self));
}

void
_beckon_application_wipe_typed_password (BeckonApplication *self)
{
  g_clear_pointer (&self->typed_password, beckon_password_free);
}

/* After beckon_window_show_sign_in() for @error: when the server's
 * certificate was refused, which one (@refused, from the core), so that
 * the user can judge it. */
void
_beckon_application_show_refused_certificate (BeckonApplication *self,
                                              BeckonWindow      *window,
                                              const GError      *error,
                                              GTlsCertificate   *refused)
{
  if (!g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    refused = NULL;
  beckon_window_show_untrusted_certificate (window, refused);
}

/* The session's state as this thread knows it: the copy's, but signing in
 * from the moment a sign-in is sent (the copy hears of it a turn of the
 * core later). */
UcwaSessionState
_beckon_application_get_session_state (BeckonApplication *self)
{
  UcwaSessionState state = beckon_account_copy_get_session_state (self->account_copy);

  if (state == UCWA_SESSION_STATE_SIGNED_OUT && self->n_signing_in > 0)
    return UCWA_SESSION_STATE_SIGNING_IN;
  return state;
}

/* Start-up with an account and a password: the sign-in's requests and the
 * main window's construction, realization and first frame all want the
 * main thread, and a frame (hundreds of milliseconds with Mesa's llvmpipe)
 * would hold every response of the sign-in.  So the window is activated
 * once the event channel has its first answer and the next poll is on its
 * way (an idle below the I/O's priority), or once the sign-in needs the
 * user (it failed, or is retrying), or after STARTUP_WINDOW_WAIT_MS,
 * whichever comes first: the window then shows what it would have shown
 * had it opened earlier. */
void
_beckon_application_run_deferred_activation (BeckonApplication *self)
{
  if (!self->activation_deferred)
    return;
  self->activation_deferred = FALSE;
  g_clear_handle_id (&self->activation_source, g_source_remove);
  _beckon_application_watch_first_batch (self, FALSE);
  if (!self->quitting)
    g_application_activate (G_APPLICATION (self));
}

static gboolean
deferred_activation_cb (gpointer user_data)
{
  BeckonApplication *self = user_data;

  self->activation_source = 0;
  _beckon_application_run_deferred_activation (self);
  return G_SOURCE_REMOVE;
}

/* The event channel's first answer, from the core. */
void
_beckon_application_first_batch_cb (BeckonApplication *self)
{
  if (!self->activation_deferred)
    return;
  g_clear_handle_id (&self->activation_source, g_source_remove);
  /* Below the I/O's priority: the next poll goes out first. */
  self->activation_source = g_idle_add_full (G_PRIORITY_LOW, deferred_activation_cb, self, NULL);
}

static void
defer_activation (BeckonApplication *self)
{
  self->activation_deferred = TRUE;
  _beckon_application_watch_first_batch (self, TRUE);
  self->activation_source = g_timeout_add (STARTUP_WINDOW_WAIT_MS, deferred_activation_cb, self);
}

/* The session's state, error and retry as the copy tells them. */
static void
session_state_cb (BeckonApplication *self)
{
  UcwaSessionState state = beckon_account_copy_get_session_state (self->account_copy);

  if (state != UCWA_SESSION_STATE_SIGNING_IN && state != UCWA_SESSION_STATE_ONLINE)
    _beckon_application_run_deferred_activation (self);
  _beckon_application_set_held (self, state != UCWA_SESSION_STATE_SIGNED_OUT);

  if (state == UCWA_SESSION_STATE_SIGNED_OUT && !self->quitting)
    {
      const GError *error = beckon_account_copy_get_session_error (self->account_copy);
      BeckonWindow *window;

      /* Signed out by the server (expired, refused): say so where the user
       * can sign in again. */
      if (error != NULL)
        {
          g_autofree char *message = beckon_error_message_for_session (error);

          window = _beckon_application_get_main_window (self, TRUE);
          beckon_window_show_sign_in (window, self->server_url, self->user, message);
          _beckon_application_show_refused_certificate (
            self, window, error, beckon_account_copy_get_refused_certificate (self->account_copy));
          gtk_window_present (GTK_WINDOW (window));
        }
    }
}

/* A sign-in that failed for a moment retries by itself: say so on the
 * sign-in page, if one is open (a background service opens none for it). */
static void
session_retry_cb (BeckonApplication *self)
{
  const GError    *error = beckon_account_copy_get_session_error (self->account_copy);
  BeckonWindow    *window;
  g_autofree char *note = NULL;

  /* The sign-in will take a while: the user sees why at once. */
  if (error != NULL)
    _beckon_application_run_deferred_activation (self);
  window = _beckon_application_get_main_window (self, FALSE);
  if (window == NULL || beckon_account_copy_get_session_state (self->account_copy) != UCWA_SESSION_STATE_SIGNING_IN)
    return;

  if (error != NULL)
    note = beckon_error_message_for_sign_in_retry (error, beckon_account_copy_get_retry_in (self->account_copy));
  beckon_window_show_sign_in_note (window, note);
}

static gboolean
build_spare_window_cb (gpointer user_data)
{
  BeckonApplication *self = user_data;

  self->spare_source = 0;
  /* Realized where windows are open already, or where the renderer cannot
   * be GL: a background service would pay tens of megabytes for a GL
   * renderer it may not need for hours, but little for cairo's. */
  if (self->spare_window == NULL && !self->quitting)
    self->spare_window =
      beckon_conversation_window_new_spare (gtk_application_get_windows (GTK_APPLICATION (self)) != NULL ||
                                            !gdk_display_prepare_gl (gdk_display_get_default (), NULL));
  return G_SOURCE_REMOVE;
}

/* After anything more urgent: a spare only saves time if it is ready
 * before the user accepts, and must not delay what is on its way. */
void
_beckon_application_schedule_spare_window (BeckonApplication *self)
{
  if (self->spare_window == NULL && self->spare_source == 0 && !self->quitting)
    self->spare_source = g_idle_add_full (G_PRIORITY_LOW, build_spare_window_cb, self, NULL);
}

/* The account copy's "conversation-ready" (and the meeting join's): the
 * window shows the copies. */
void
_beckon_application_conversation_ready_cb (BeckonApplication      *self,
                                           BeckonInvitationCopy   *item,
                                           BeckonConversationCopy *conversation)
{
  BeckonConversationWindow *window;

  /* One window per conversation. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (BECKON_IS_CONVERSATION_WINDOW (l->data) &&
        beckon_conversation_window_get_conversation (l->data) == conversation)
      {
        gtk_window_present (l->data);
        return;
      }

  if (self->spare_window != NULL)
    {
      window = g_steal_pointer (&self->spare_window);
      beckon_conversation_window_take_conversation (window, GTK_APPLICATION (self), self->account_copy, conversation,
                                                    item);
    }
  else
    window = beckon_conversation_window_new (GTK_APPLICATION (self), self->account_copy, conversation, item);
  beckon_message_notifier_watch (self->message_notifier, window);
  gtk_window_present (GTK_WINDOW (window));
  _beckon_application_schedule_spare_window (self);
}

void
_beckon_application_show_invitations_cb (BeckonApplication *self)
{
  BeckonWindow *window = _beckon_application_get_main_window (self, TRUE);

  beckon_window_show_invitations (window);
  gtk_window_present (GTK_WINDOW (window));
}

/* A click on a notification's body: @item_id names the copy, sent before
 * (beckon-application-core.c), so nothing waits for the core. */
void
_beckon_application_activate_invitation_cb (BeckonApplication *self,
                                            guint64            item_id)
{
  BeckonWindow         *window = _beckon_application_get_main_window (self, TRUE);
  BeckonInvitationCopy *copy = _beckon_account_copy_lookup_item (self->account_copy, item_id);

  beckon_window_show_invitations (window);
  if (copy != NULL)
    beckon_window_select_invitation (window, copy);
  gtk_window_present (GTK_WINDOW (window));
}

/* In the main window, now or when it next shows. */
void
_beckon_application_show_notice (BeckonApplication *self,
                                 const char        *message)
{
  BeckonWindow *window = _beckon_application_get_main_window (self, FALSE);

  if (window != NULL)
    beckon_window_show_notice (window, message);
  else
    {
      g_free (self->pending_notice);
      self->pending_notice = g_strdup (message);
    }
}

/* Quitting */

static gboolean
quit_now_cb (gpointer user_data)
{
  BeckonApplication *self = user_data;

  _beckon_application_set_held (self, FALSE);
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static void
quit_sign_out_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (BeckonApplication) self = user_data;
  g_autoptr (GError)            error = NULL;

  if (!beckon_account_copy_sign_out_finish (BECKON_ACCOUNT_COPY (object), result, &error))
    g_debug ("Sign-out on quit: %s", error->message);
  quit_now_cb (self);
}

static void
quit_cleanly (BeckonApplication *self)
{
  if (self->quitting)
    return;
  self->quitting = TRUE;

  _beckon_application_close_notifications (self, FALSE);
  /* Delete the UCWA application so the server stops ringing this device at
   * once; a server that does not answer must not keep us alive. */
  beckon_account_copy_sign_out_async (self->account_copy, NULL, quit_sign_out_cb, g_object_ref (self));
  g_timeout_add_full (G_PRIORITY_DEFAULT, SIGN_OUT_GRACE_MS, quit_now_cb,
                      g_object_ref (self), g_object_unref);
}

static gboolean
unix_signal_cb (gpointer user_data)
{
  quit_cleanly (BECKON_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  quit_cleanly (BECKON_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  BeckonApplication *self = user_data;
  const char        *developers[] = { "The Beckon developers", NULL };
  GtkWindow         *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  AdwAboutWindow    *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", "Beckon",
                        "application-icon", APP_ID,
                        "developer-name", _ ("The Beckon developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _ ("Answer Skype for Business chat and meeting invitations from your desktop."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "translator-credits", _ ("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  BeckonApplication       *self = user_data;
  BeckonPreferencesWindow *preferences;

  /* One at a time. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (BECKON_IS_PREFERENCES_WINDOW (l->data))
      {
        gtk_window_present (l->data);
        return;
      }

  preferences = beckon_preferences_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                               self->account_copy, self->trusted_ca);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
join_meeting_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  BeckonApplication *self = user_data;
  BeckonJoinDialog  *dialog;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (BECKON_IS_JOIN_DIALOG (l->data))
      {
        gtk_window_present (l->data);
        return;
      }

  dialog = beckon_join_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)));
  g_signal_connect_object (dialog, "join-requested", G_CALLBACK (_beckon_application_join_dialog_requested_cb), self, 0);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* app.start-chat((ss)): a chat with an address and a name ("" if unknown):
 * the invitation list's Reply. */
static void
start_chat_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  BeckonApplication *self = user_data;
  const char        *address = NULL;
  const char        *name = NULL;
  g_autoptr (GError) error = NULL;

  g_variant_get (parameter, "(&s&s)", &address, &name);
  if (beckon_application_start_chat (self, address, name, &error) == NULL)
    _beckon_application_show_notice (self, error->message);
}

static void
new_chat_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  BeckonApplication   *self = user_data;
  BeckonNewChatDialog *dialog;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (BECKON_IS_NEW_CHAT_DIALOG (l->data))
      {
        gtk_window_present (l->data);
        return;
      }

  dialog = beckon_new_chat_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)), self->account_copy);
  g_signal_connect_object (dialog, "chat-requested", G_CALLBACK (_beckon_application_chat_requested_cb), self, G_CONNECT_SWAPPED);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_invitations_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  _beckon_application_show_invitations_cb (BECKON_APPLICATION (user_data));
}

/* app.open-conversation(s): a conversation's row, by its key: the window
 * of a live conversation comes forward; an ended one's messages open
 * read-only (app.show-history).  The conversation is the account copy's
 * item's of that key (or, for a meeting joined by link, the window's own
 * item's). */
static gboolean
shows_conversation_of (BeckonConversationWindow *window,
                       GListModel               *items,
                       const char               *key)
{
  BeckonConversationCopy *conversation = beckon_conversation_window_get_conversation (window);
  BeckonInvitationCopy   *own = beckon_conversation_window_get_item (window);

  if (conversation == NULL)
    return FALSE;
  if (own != NULL && g_strcmp0 (beckon_invitation_copy_get_conversation_key (own), key) == 0)
    return TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (BeckonInvitationCopy) item = g_list_model_get_item (items, i);

      if (beckon_invitation_copy_get_conversation (item) == conversation &&
          g_strcmp0 (beckon_invitation_copy_get_conversation_key (item), key) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
open_conversation_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  BeckonApplication *self = user_data;
  const char        *key = g_variant_get_string (parameter, NULL);
  GListModel        *items = beckon_account_copy_get_invitations (self->account_copy);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      UcwaConversationState state;

      if (!BECKON_IS_CONVERSATION_WINDOW (l->data) || !shows_conversation_of (l->data, items, key))
        continue;
      state = beckon_conversation_copy_get_state (beckon_conversation_window_get_conversation (l->data));
      if (state != UCWA_CONVERSATION_STATE_DISCONNECTING && state != UCWA_CONVERSATION_STATE_DISCONNECTED)
        {
          gtk_window_present (l->data);
          return;
        }
    }

  g_action_group_activate_action (G_ACTION_GROUP (self), "show-history", parameter);
}

/* app.show-history(s): the messages of an ended conversation, read-only;
 * the parameter is its key (beckon_invitation_item_get_conversation_key()). */
static void
show_history_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  BeckonApplication *self = user_data;
  const char        *key = g_variant_get_string (parameter, NULL);
  GListModel        *items = beckon_account_copy_get_invitations (self->account_copy);
  const char        *title = NULL;
  GtkWidget         *window;

  if (self->history == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (items) && title == NULL; i++)
    {
      g_autoptr (BeckonInvitationCopy) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (beckon_invitation_copy_get_conversation_key (item), key) == 0)
        title = beckon_invitation_copy_get_inviter (item);
    }

  /* Read on the core, where the history lives. */
  window = beckon_history_window_new (self->core, self->history, key, title);
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
  { "about", about_action, NULL, NULL, NULL, { 0 } },
  { "preferences", preferences_action, NULL, NULL, NULL, { 0 } },
  { "join-meeting", join_meeting_action, NULL, NULL, NULL, { 0 } },
  { "new-chat", new_chat_action, NULL, NULL, NULL, { 0 } },
  { "start-chat", start_chat_action, "(ss)", NULL, NULL, { 0 } },
  { "show-invitations", show_invitations_action, NULL, NULL, NULL, { 0 } },
  { "open-conversation", open_conversation_action, "s", NULL, NULL, { 0 } },
  { "show-history", show_history_action, "s", NULL, NULL, { 0 } },
};

/* GApplication */

static void
beckon_application_startup (GApplication *application)
{
  BeckonApplication          *self = BECKON_APPLICATION (application);
  GSettingsSchemaSource      *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;
  const char                 *quit_accels[] = { "<Control>q", NULL };
  const char                 *preferences_accels[] = { "<Control>comma", NULL };
  const char                 *join_accels[] = { "<Control>j", NULL };
  const char                 *close_accels[] = { "<Control>w", NULL };
  /* GtkApplication binds Ctrl+? alone, as it loads gtk/help-overlay.ui in
   * its startup, before these: Ctrl+/ is the same keys without Shift. */
  const char                 *help_accels[] = { "<Control>question", "<Control>slash", NULL };
  const char                 *new_chat_accels[] = { "<Control>n", NULL };

  /* Before GTK starts the renderer's threads (see beckon-application-core.c). */
  _beckon_application_start_core (self);
  G_APPLICATION_CLASS (beckon_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.join-meeting", join_accels);
  /* Every window of the app has window.close (GtkWindow's own action). */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-chat", new_chat_accels);

  /* Settings are a convenience: an uninstalled build still runs without them. */
  schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  if (schema != NULL)
    self->settings = g_settings_new (APP_ID);

  _beckon_application_create_core_objects (self);
  self->message_notifier = beckon_message_notifier_new (self->core, self->notifier, self->settings);

  g_signal_connect_swapped (self->account_copy, "notify::session-state", G_CALLBACK (session_state_cb), self);
  g_signal_connect_swapped (self->account_copy, "notify::session-error", G_CALLBACK (session_retry_cb), self);
  g_signal_connect_swapped (self->account_copy, "notify::retry-in", G_CALLBACK (session_retry_cb), self);
  g_signal_connect_swapped (self->account_copy, "conversation-ready", G_CALLBACK (_beckon_application_conversation_ready_cb), self);

  if (g_application_get_flags (application) & G_APPLICATION_IS_SERVICE)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, _beckon_application_service_start_cb, g_object_ref (self), g_object_unref);

  self->signal_sources[0] = g_unix_signal_add (SIGTERM, unix_signal_cb, self);
  self->signal_sources[1] = g_unix_signal_add (SIGINT, unix_signal_cb, self);
}

static void
beckon_application_shutdown (GApplication *application)
{
  BeckonApplication *self = BECKON_APPLICATION (application);
  GtkWindow         *spare = GTK_WINDOW (g_steal_pointer (&self->spare_window));

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);
  self->activation_deferred = FALSE;
  g_clear_handle_id (&self->activation_source, g_source_remove);
  g_clear_handle_id (&self->spare_source, g_source_remove);
  _beckon_application_watch_first_batch (self, FALSE);
  g_cancellable_cancel (self->cancellable);
  if (self->join != NULL)
    beckon_meeting_join_copy_cancel (self->join);
  _beckon_application_close_notifications (self, TRUE);

  G_APPLICATION_CLASS (beckon_application_parent_class)->shutdown (application);

  /* Only once GtkApplication has shut down: its shutdown runs the main loop
   * once more (gtk_main_sync()), and a realized spare destroyed before that
   * could still get its surface's compute-size there, on a freed window
   * (test-service's quit-while-it-rings, about 1 run in 5). */
  if (spare != NULL)
    gtk_window_destroy (spare);
}

static void
beckon_application_activate (GApplication *application)
{
  BeckonApplication *self = BECKON_APPLICATION (application);
  BeckonWindow      *window = _beckon_application_get_main_window (self, TRUE);

  beckon_window_set_account (window, self->account_copy);
  beckon_window_set_trusted_ca (window, self->trusted_ca);
  if (_beckon_application_get_session_state (self) == UCWA_SESSION_STATE_SIGNED_OUT && !self->held)
    beckon_window_show_sign_in (window, self->server_url, self->user, NULL);
  else
    beckon_window_show_invitations (window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
window_added_cb (BeckonApplication *self,
                 GtkWindow         *window)
{
  if (!BECKON_IS_WINDOW (window))
    return;

  beckon_window_set_account (BECKON_WINDOW (window), self->account_copy);
  beckon_window_set_trusted_ca (BECKON_WINDOW (window), self->trusted_ca);
  g_signal_connect_object (window, "sign-in-requested", G_CALLBACK (_beckon_application_window_sign_in_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "sign-out-requested", G_CALLBACK (_beckon_application_window_sign_out_cb), self, G_CONNECT_SWAPPED);
}

/* The hold keeps Beckon signed in with no window open; with
 * run-in-background off, closing the last window quits instead (signing
 * out first, as the Quit action does). */
static void
window_removed_cb (BeckonApplication *self)
{
  if (gtk_application_get_windows (GTK_APPLICATION (self)) == NULL && self->held && self->settings != NULL &&
      !g_settings_get_boolean (self->settings, "run-in-background"))
    quit_cleanly (self);
}

/* In service mode (--gapplication-service) GApplication never calls
 * command_line: the account options are read here, before registration,
 * and _beckon_application_service_start_cb() signs in with them. */
static int
beckon_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  BeckonApplication *self = BECKON_APPLICATION (application);
  const char        *server = NULL, *user = NULL;
  gboolean           demo = FALSE;

  if (!(g_application_get_flags (application) & G_APPLICATION_IS_SERVICE))
    return -1;

  g_variant_dict_lookup (options, "server", "&s", &server);
  g_variant_dict_lookup (options, "user", "&s", &user);
  g_variant_dict_lookup (options, "demo", "b", &demo);

  if (demo)
    {
      g_printerr ("%s\n", _ ("--demo cannot run as a background service"));
      return 2;
    }
  if (server != NULL && user == NULL)
    {
      g_printerr ("%s\n", _ ("--server needs --user"));
      return 2;
    }
  if (user != NULL)
    {
      g_free (self->server_url);
      self->server_url = g_strdup (server);
      g_free (self->user);
      self->user = g_strdup (user);
    }

  return -1;
}

static int
beckon_application_command_line (GApplication            *application,
                                 GApplicationCommandLine *command_line)
{
  BeckonApplication *self = BECKON_APPLICATION (application);
  GVariantDict      *options = g_application_command_line_get_options_dict (command_line);
  g_autoptr (GError) error = NULL;
  const char        *server = NULL, *user = NULL, *join = NULL;
  gboolean           demo = FALSE;
  g_auto (GStrv)     links = NULL;

  g_variant_dict_lookup (options, "server", "&s", &server);
  g_variant_dict_lookup (options, "user", "&s", &user);
  g_variant_dict_lookup (options, "demo", "b", &demo);
  g_variant_dict_lookup (options, "join", "&s", &join);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^as", &links);

  if (demo)
    {
      if (!_beckon_application_start_demo (self, &error))
        {
          g_application_command_line_printerr (command_line, _ ("Could not start the demo server: %s\n"),
                                               error->message);
          return 1;
        }
    }
  else if (user != NULL)
    {
      g_free (self->server_url);
      self->server_url = g_strdup (server);
      g_free (self->user);
      self->user = g_strdup (user);
      if (_beckon_application_get_session_state (self) == UCWA_SESSION_STATE_SIGNED_OUT)
        _beckon_application_start_sign_in (self);
    }
  else if (server != NULL)
    {
      g_application_command_line_printerr (command_line, "%s\n", _ ("--server needs --user"));
      return 2;
    }
  else
    _beckon_application_restore_saved_account (self);
  _beckon_application_forget_startup_password (self);

  /* A sign-in under way and no window yet: the window waits for it a
   * little (defer_activation ()); a lookup in the keyring does not. */
  if (_beckon_application_get_main_window (self, FALSE) == NULL && !self->activation_deferred &&
      _beckon_application_get_session_state (self) == UCWA_SESSION_STATE_SIGNING_IN)
    defer_activation (self);
  else if (!self->activation_deferred)
    g_application_activate (application);

  /* --join, or a link as the desktop file's %u passes it. */
  if (join != NULL)
    _beckon_application_join_from_outside (self, join);
  for (guint i = 0; links != NULL && links[i] != NULL; i++)
    _beckon_application_open_from_outside (self, links[i]);
  return 0;
}

/* A link opened through D-Bus activation (the desktop file is
 * DBusActivatable: `gio open conf:…` or `gio open sip:…` calls
 * org.freedesktop.Application.Open). */
static void
beckon_application_open (GApplication *application,
                         GFile       **files,
                         int           n_files,
                         const char   *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      _beckon_application_open_from_outside (BECKON_APPLICATION (application), uri);
    }
}

static void
beckon_application_dispose (GObject *object)
{
  BeckonApplication *self = BECKON_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->join);
  g_clear_object (&self->message_notifier);
  _beckon_application_drop_core_objects (self);
  g_clear_object (&self->demo_server);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (beckon_application_parent_class)->dispose (object);
}

static void
beckon_application_finalize (GObject *object)
{
  BeckonApplication *self = BECKON_APPLICATION (object);

  _beckon_application_wipe_typed_password (self);
  _beckon_application_forget_startup_password (self);
  g_free (self->server_url);
  g_free (self->user);
  g_free (self->pending_notice);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (beckon_application_parent_class)->finalize (object);
}

static void
beckon_application_class_init (BeckonApplicationClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = beckon_application_dispose;
  object_class->finalize = beckon_application_finalize;
  app_class->startup = beckon_application_startup;
  app_class->shutdown = beckon_application_shutdown;
  app_class->activate = beckon_application_activate;
  app_class->command_line = beckon_application_command_line;
  app_class->open = beckon_application_open;
  app_class->handle_local_options = beckon_application_handle_local_options;
}

static void
beckon_application_init (BeckonApplication *self)
{
  const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, NULL,
      N_ ("Autodiscovery address of the server, e.g. https://lyncdiscover.contoso.com/"), N_ ("URL") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, NULL,
      N_ ("Sign in as this SIP address, e.g. alice@contoso.com"), N_ ("SIP_ADDRESS") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_ ("Sign in to a built-in simulated server that sends example invitations"), NULL },
    { "join", 'j', 0, G_OPTION_ARG_STRING, NULL,
      N_ ("Join the meeting of this link, e.g. https://meet.contoso.com/alice/K7RX2M9Q"), N_ ("URL") },
    /* A link as the desktop file's Exec line passes it (%u). */
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, NULL },
    { NULL }
  };

  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _ ("[MEETING_LINK…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _ ("Answer Skype for Business invitations from desktop notifications."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                _ ("The password is taken from the BECKON_PASSWORD environment variable,\n"
                                                   "else from the Secret Service, else Beckon asks for it.\n"
                                                   "\n"
                                                   "With --gapplication-service Beckon runs in the background with no\n"
                                                   "window: it signs in as --user (and --server) when given, else with\n"
                                                   "the account of the last sign-in, and exits at once if there is none."));
  g_signal_connect (self, "window-added", G_CALLBACK (window_added_cb), NULL);
  g_signal_connect_after (self, "window-removed", G_CALLBACK (window_removed_cb), NULL);
}

BeckonApplication *
beckon_application_new (void)
{
  return g_object_new (BECKON_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/beckon/Beckon",
                       NULL);
}

/**
 * beckon_application_take_startup_password:
 * @password: (transfer full) (nullable): the password of the environment
 *   (beckon_password_take_from_environment())
 *
 * Gives the application the password to sign in with at start-up, with the
 * account of the command line or the one saved; it is wiped once that
 * sign-in has started, or once the command line turned out to need none.
 */
void
beckon_application_take_startup_password (BeckonApplication *self,
                                          BeckonPassword    *password)
{
  g_return_if_fail (BECKON_IS_APPLICATION (self));

  _beckon_application_forget_startup_password (self);
  self->startup_password = password;
}

/* Where the session, the account and the notifier run: their calls go
 * through beckon_core_call() or beckon_core_invoke(). */
BeckonCore *
beckon_application_get_core (BeckonApplication *self)
{
  g_return_val_if_fail (BECKON_IS_APPLICATION (self), NULL);

  return self->core;
}

/* The extra certificate authority, as the views ask it (this thread's). */
BeckonTrustedCa *
beckon_application_get_trusted_ca (BeckonApplication *self)
{
  g_return_val_if_fail (BECKON_IS_APPLICATION (self), NULL);

  return self->trusted_ca;
}

/* The account as the windows show it, copied from the core. */
BeckonAccountCopy *
beckon_application_get_account_copy (BeckonApplication *self)
{
  g_return_val_if_fail (BECKON_IS_APPLICATION (self), NULL);

  return self->account_copy;
}

BeckonAccount *
beckon_application_get_account (BeckonApplication *self)
{
  g_return_val_if_fail (BECKON_IS_APPLICATION (self), NULL);

  return self->account;
}

BeckonNotifier *
beckon_application_get_notifier (BeckonApplication *self)
{
  g_return_val_if_fail (BECKON_IS_APPLICATION (self), NULL);

  return self->notifier;
}

BeckonMessageNotifier *
beckon_application_get_message_notifier (BeckonApplication *self)
{
  g_return_val_if_fail (BECKON_IS_APPLICATION (self), NULL);

  return self->message_notifier;
}

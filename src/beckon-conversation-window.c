/* beckon-conversation-window.c: one conversation: its state, messages, typing
 *
 * The window shows the conversation's messages as bubbles, who is typing,
 * and a composer that works only while the server offers the sendMessage
 * link.  Leaving, and what closing a live conversation's window does, are
 * in beckon-conversation-window-leaving.c.
 *
 * Keyboard: Ctrl+W closes (window.close), Escape closes the participants
 * popover (the composer clears itself first), Ctrl+? shows the shortcuts
 * (win.show-help-overlay, as GtkApplicationWindow has it).
 *
 * A chat the user starts opens as a draft, before there is a conversation
 * (beckon-conversation-window-draft.c).
 *
 * It shows copies (beckon-core.c): the conversation, its messages and
 * participants, the invitation it came from and the session's state as
 * the account's copy says them, and sends, types and leaves through the
 * conversation copy's commands.  What waits for the connection, and why a
 * message failed, are the core's outbox's (beckon-outbox.c), copied with
 * the conversation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "beckon-conversation-window.h"
#include "beckon-conversation-window-private.h"
#include "beckon-conversation-window-state-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "beckon-composer.h"
#include "beckon-error-messages.h"
#include "beckon-message-view.h"
#include "beckon-participant-copy.h"
#include "beckon-participant-list.h"
#include "beckon-resources.h"

/* UCWA shows "is typing" for a few seconds per setIsTyping: repeating it
 * more often than this only costs requests. */
#define TYPING_INTERVAL_US (8 * G_USEC_PER_SEC)

/* The template's default width: what a spare is measured for. */
#define SPARE_WIDTH 480

G_DEFINE_FINAL_TYPE (BeckonConversationWindow, beckon_conversation_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_CONVERSATION,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_FIRST_MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
state_to_text (UcwaConversationState state)
{
  switch (state)
    {
    case UCWA_CONVERSATION_STATE_INCOMING:
      /* Translators: the state of a conversation, under its title: an
       * invitation not yet answered */
      return _ ("Incoming");
    case UCWA_CONVERSATION_STATE_CONNECTING:
      return _ ("Connecting…");
    case UCWA_CONVERSATION_STATE_CONNECTED:
      return _ ("Connected");
    case UCWA_CONVERSATION_STATE_CONFERENCING:
      /* Translators: the state of a meeting, under its title: the server
       * is joining the user to the conference */
      return _ ("Conferencing…");
    case UCWA_CONVERSATION_STATE_CONFERENCED:
      /* Translators: the state of a conversation, under its title: in the
       * meeting (joined to its conference) */
      return _ ("Conferenced");
    case UCWA_CONVERSATION_STATE_IN_LOBBY:
      return _ ("Waiting in the lobby…");
    case UCWA_CONVERSATION_STATE_DISCONNECTING:
      return _ ("Leaving…");
    case UCWA_CONVERSATION_STATE_DISCONNECTED:
      return _ ("Disconnected");
    case UCWA_CONVERSATION_STATE_UNKNOWN:
    default:
      return _ ("Connecting…");
    }
}

/* A meeting whose join ended without the user getting in (refused,
 * failed, left the lobby): the invitation says why. */
static gboolean
join_failed (BeckonConversationWindow *self)
{
  BeckonInvitationState item_state;

  if (self->item == NULL || !beckon_invitation_copy_get_is_meeting (self->item))
    return FALSE;

  item_state = beckon_invitation_copy_get_state (self->item);
  return item_state == BECKON_INVITATION_STATE_FAILED || item_state == BECKON_INVITATION_STATE_NOT_JOINED ||
         item_state == BECKON_INVITATION_STATE_MISSED || item_state == BECKON_INVITATION_STATE_ANSWERED_ELSEWHERE;
}

/* The conversation's state as the user follows it: a meeting's window
 * opens as soon as it is accepted, while the conversation is still
 * "Incoming" for the server. */
static const char *
get_state_text (BeckonConversationWindow *self)
{
  UcwaConversationState state = beckon_conversation_copy_get_state (self->conversation);
  gboolean              joining = self->item != NULL && beckon_invitation_copy_get_is_meeting (self->item) &&
                     (state == UCWA_CONVERSATION_STATE_INCOMING || state == UCWA_CONVERSATION_STATE_CONNECTING ||
                      state == UCWA_CONVERSATION_STATE_UNKNOWN);

  if (joining && join_failed (self))
    return beckon_invitation_copy_get_status_text (self->item);
  if (joining)
    return _ ("Joining…");
  return state_to_text (state);
}

static gboolean
is_meeting (BeckonConversationWindow *self)
{
  UcwaConversationState state = beckon_conversation_copy_get_state (self->conversation);

  if (self->item != NULL)
    return beckon_invitation_copy_get_is_meeting (self->item);

  return state == UCWA_CONVERSATION_STATE_CONFERENCING ||
         state == UCWA_CONVERSATION_STATE_CONFERENCED ||
         state == UCWA_CONVERSATION_STATE_IN_LOBBY;
}

gboolean
beckon_conversation_window_is_over (BeckonConversationWindow *self)
{
  UcwaConversationState state = beckon_conversation_copy_get_state (self->conversation);

  return self->left || join_failed (self) ||
         state == UCWA_CONVERSATION_STATE_DISCONNECTING ||
         state == UCWA_CONVERSATION_STATE_DISCONNECTED;
}

static gboolean
has_text (const char *s)
{
  return s != NULL && *s != '\0';
}

/* Title and state */

static void
update_title (BeckonConversationWindow *self)
{
  const char      *title = NULL;
  const char      *inviter = self->item != NULL ? beckon_invitation_copy_get_inviter (self->item) : NULL;
  g_autofree char *subtitle = NULL;

  if (is_meeting (self))
    {
      if (has_text (beckon_conversation_copy_get_subject (self->conversation)))
        title = beckon_conversation_copy_get_subject (self->conversation);
      else if (self->item != NULL && has_text (beckon_invitation_copy_get_body (self->item)))
        title = beckon_invitation_copy_get_body (self->item);
      else if (has_text (beckon_conversation_copy_get_title (self->conversation)))
        title = beckon_conversation_copy_get_title (self->conversation);

      if (has_text (inviter))
        /* Translators: under a meeting's subject, %s is the organizer's name */
        subtitle = g_strdup_printf (_ ("Invited by %s"), inviter);
    }
  else
    {
      /* The invitation's sender: a restored item (a chat the user started)
       * has none. */
      const char *uri = self->item != NULL && !beckon_invitation_copy_get_restored (self->item)
                          ? beckon_invitation_copy_get_inviter_uri (self->item)
                          : NULL;

      if (has_text (inviter))
        title = inviter;
      else
        title = beckon_conversation_copy_get_title (self->conversation);

      if (uri != NULL && g_str_has_prefix (uri, "sip:"))
        uri += strlen ("sip:");
      if (has_text (uri) && g_strcmp0 (uri, title) != 0)
        subtitle = g_strdup (uri);
    }

  if (!has_text (title))
    title = has_text (inviter) ? inviter : _ ("Conversation");

  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_text (self->intro_title, title);
  gtk_label_set_text (self->intro_subtitle, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->intro_subtitle), subtitle != NULL);
  adw_avatar_set_text (self->avatar, title);
  if (is_meeting (self))
    {
      adw_avatar_set_show_initials (self->avatar, FALSE);
      adw_avatar_set_icon_name (self->avatar, "x-office-calendar-symbolic");
    }
  else
    {
      adw_avatar_set_show_initials (self->avatar, TRUE);
      adw_avatar_set_icon_name (self->avatar, NULL);
    }
}

/* What a screen reader says of the conversation's state, and when it
 * changes (see beckon_composer_set_status()): the state, and what the
 * composer's status line or the connection's banner adds to it.  The
 * state pill (role status: a status bar for AT-SPI) also reports its new
 * text as its name, which a screen reader's "read the status bar" finds. */
static void
update_spoken_state (BeckonConversationWindow *self)
{
  const char      *state = get_state_text (self);
  const char      *status = gtk_widget_get_visible (self->composer_status) ? gtk_label_get_text (self->composer_status_label) : NULL;
  g_autofree char *text = NULL;

  if (gtk_revealer_get_reveal_child (self->connection_revealer))
    /* Translators: what a screen reader says of a conversation while the
     * account reconnects: its state, then the banner, e.g. "Connected.
     * Reconnecting… Messages you write are sent when the connection is back." */
    text = g_strdup_printf (_ ("%s. %s"), state, gtk_label_get_text (self->connection_label));
  else if (has_text (status) && g_strcmp0 (status, state) != 0)
    /* Translators: what a screen reader says of a conversation: its state,
     * then the line over the message field, e.g. "Disconnected. This
     * conversation has ended" */
    text = g_strdup_printf (_ ("%s. %s"), state, status);
  else
    text = g_strdup (state);
  beckon_composer_set_status (self->composer, text);
}

void
beckon_conversation_window_update_composer (BeckonConversationWindow *self)
{
  UcwaConversationState state = beckon_conversation_copy_get_state (self->conversation);
  gboolean              over = beckon_conversation_window_is_over (self);
  gboolean              can_send = !over && !self->leaving &&
                      beckon_conversation_copy_get_can_send (self->conversation);
  const char *status = NULL;
  gboolean    busy = TRUE;

  if (can_send)
    status = NULL;
  else if (self->leaving)
    status = _ ("Leaving the conversation…");
  else if (over && beckon_account_copy_get_session_state (self->account) == UCWA_SESSION_STATE_SIGNED_OUT)
    {
      /* Nothing sent now could reach anyone: say why. */
      status = _ ("You are signed out: this conversation has ended");
      busy = FALSE;
    }
  else if (over && join_failed (self) && beckon_invitation_copy_get_error_message (self->item) != NULL)
    {
      status = beckon_invitation_copy_get_error_message (self->item);
      busy = FALSE;
    }
  else if (over)
    {
      status = _ ("This conversation has ended");
      busy = FALSE;
    }
  else if (state == UCWA_CONVERSATION_STATE_IN_LOBBY)
    status = _ ("Waiting in the lobby until someone lets you in…");
  else if (is_meeting (self) && state != UCWA_CONVERSATION_STATE_CONFERENCED)
    status = _ ("Joining the meeting…");
  else if (is_meeting (self))
    status = _ ("Joining the chat…");
  else
    status = _ ("Connecting…");

  gtk_label_set_text (self->composer_status_label, status != NULL ? status : "");
  gtk_widget_set_visible (self->composer_status, status != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->composer_spinner), status != NULL && busy);
  gtk_spinner_set_spinning (self->composer_spinner, status != NULL && busy);

  /* Said while the field still has the focus: an insensitive one loses it. */
  update_spoken_state (self);
  beckon_composer_set_can_send (self->composer, can_send);

  /* Ready to chat: the keyboard goes where the user will type. */
  if (can_send && gtk_root_get_focus (GTK_ROOT (self)) == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->composer));

  /* Once it is over there is nothing to leave: the button just closes. */
  if (over)
    {
      gtk_button_set_label (self->leave_button, _ ("_Close"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->leave_button), _ ("Close the window"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->leave_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Close the window"),
                                      -1);
      gtk_widget_remove_css_class (GTK_WIDGET (self->leave_button), "destructive-action");
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->leave_button), !self->leaving);
}

/* Participants: a meeting's header counts them, its popover lists them. */
static void
update_participants (BeckonConversationWindow *self)
{
  guint            n = g_list_model_get_n_items (self->participants);
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autofree char *description = NULL;

  gtk_widget_set_visible (self->participants_button, is_meeting (self));
  gtk_label_set_text (self->participant_count_label, count);
  /* Translators: the participants button of a meeting's header, for a
   * screen reader; the number of the other people in the meeting */
  description = g_strdup_printf (ngettext ("%u participant", "%u participants", n), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->participants_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
update_state (BeckonConversationWindow *self)
{
  UcwaConversationState state = beckon_conversation_copy_get_state (self->conversation);
  const char           *text = get_state_text (self);

  adw_window_title_set_subtitle (self->window_title, text);
  gtk_label_set_text (self->state_label, text);

  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "ended");
  if (state == UCWA_CONVERSATION_STATE_CONNECTED || state == UCWA_CONVERSATION_STATE_CONFERENCED)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "success");
  else if (state == UCWA_CONVERSATION_STATE_DISCONNECTED || state == UCWA_CONVERSATION_STATE_DISCONNECTING)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "ended");

  update_title (self);
  beckon_conversation_window_update_composer (self);
  update_participants (self);

  /* Kept in the background, it ended meanwhile: nothing brings it back
   * any more (its row opens the history now). */
  if (self->kept_in_background && !gtk_widget_get_visible (GTK_WIDGET (self)) && beckon_conversation_window_is_over (self))
    gtk_window_destroy (GTK_WINDOW (self));
}

/* Typing */

static void
update_typing (BeckonConversationWindow *self)
{
  guint            n = g_list_model_get_n_items (self->typing_participants);
  g_autofree char *text = NULL;

  if (n == 1)
    {
      g_autoptr (BeckonParticipantCopy) first = g_list_model_get_item (self->typing_participants, 0);

      /* Translators: %s is a person's name */
      text = g_strdup_printf (_ ("%s is typing…"), beckon_participant_copy_get_name (first));
    }
  else if (n == 2)
    {
      g_autoptr (BeckonParticipantCopy) first = g_list_model_get_item (self->typing_participants, 0);
      g_autoptr (BeckonParticipantCopy) second = g_list_model_get_item (self->typing_participants, 1);

      /* Translators: %s and %s are people's names */
      text = g_strdup_printf (_ ("%s and %s are typing…"),
                              beckon_participant_copy_get_name (first), beckon_participant_copy_get_name (second));
    }
  else if (n > 2)
    text = g_strdup (_ ("Several people are typing…"));

  /* Keep the old text while the revealer closes: no empty flash. */
  if (text != NULL)
    gtk_label_set_text (self->typing_label, text);
  gtk_revealer_set_reveal_child (self->typing_revealer, text != NULL);
}

static void
composer_changed_cb (BeckonConversationWindow *self)
{
  g_autofree char *text = beckon_composer_get_text (self->composer);
  gint64           now;

  if (*text == '\0' || self->conversation == NULL)
    return;
  if (!beckon_conversation_copy_get_can_type (self->conversation) || beckon_conversation_window_is_over (self))
    return;

  now = g_get_monotonic_time ();
  if (self->last_typing_sent != 0 && now - self->last_typing_sent < TYPING_INTERVAL_US)
    return;

  self->last_typing_sent = now;
  beckon_conversation_copy_set_typing (self->conversation);
}

/* Sending */

/* The composer cleared itself already: the pending message shows up in
 * the list by itself (or in the waiting ones, while the session
 * reconnects), and says why if it fails: the core's outbox decides. */
static void
composer_send_cb (BeckonConversationWindow *self,
                  const char               *text)
{
  if (self->draft_sent != NULL)
    {
      g_autoptr (GtkStringObject) sent = gtk_string_object_new (text);

      if (g_list_model_get_n_items (G_LIST_MODEL (self->draft_sent)) > 0)
        return;
      g_list_store_append (self->draft_sent, sent);
      beckon_conversation_window_update_draft (self);
      g_signal_emit (self, signals[SIGNAL_FIRST_MESSAGE], 0, text);
      return;
    }

  self->last_typing_sent = 0;
  beckon_message_view_scroll_to_bottom (self->message_view);
  beckon_conversation_copy_send (self->conversation, text);
}

/* The connection */

/* While the account reconnects, the conversation says so; the composer
 * stays: what is written waits for the connection. */
static void
update_connection (BeckonConversationWindow *self)
{
  UcwaSessionState state = beckon_account_copy_get_session_state (self->account);
  gboolean         reconnecting = state == UCWA_SESSION_STATE_RECONNECTING && !beckon_conversation_window_is_over (self);

  if (reconnecting)
    gtk_label_set_text (self->connection_label,
                        _ ("Reconnecting… Messages you write are sent when the connection is back."));
  gtk_revealer_set_reveal_child (self->connection_revealer, reconnecting);
  update_spoken_state (self);

  /* Ended before the connection came back: they will never go (the core
   * gives them up, and sends them otherwise, by itself). */
  if (beckon_conversation_copy_get_waiting_lost (self->conversation) ||
      (beckon_conversation_window_is_over (self) &&
       g_list_model_get_n_items (beckon_conversation_copy_get_waiting (self->conversation)) > 0))
    beckon_message_view_set_waiting_lost (self->message_view, TRUE);
}

static gboolean
beckon_conversation_window_close_request (GtkWindow *window)
{
  if (beckon_conversation_window_close_live (BECKON_CONVERSATION_WINDOW (window)))
    return TRUE;
  return GTK_WINDOW_CLASS (beckon_conversation_window_parent_class)->close_request (window);
}

/* Keyboard */

/* Escape reaches the window when the composer has nothing to clear. */
static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  BeckonConversationWindow *self = BECKON_CONVERSATION_WINDOW (widget);
  GtkPopover               *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->participants_button));

  if (popover == NULL || !gtk_widget_get_visible (GTK_WIDGET (popover)))
    return FALSE;
  gtk_popover_popdown (popover);
  return TRUE;
}

/* win.show-help-overlay: GtkApplicationWindow's, for a window that is not one. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  g_autoptr (GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/beckon/Beckon/gtk/help-overlay.ui");
  GtkWindow             *overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_window_set_transient_for (overlay, GTK_WINDOW (widget));
  gtk_window_set_application (overlay, gtk_window_get_application (GTK_WINDOW (widget)));
  gtk_window_present (overlay);
}

static void
message_retry_cb (BeckonConversationWindow *self,
                  BeckonMessageCopy        *message)
{
  composer_send_cb (self, beckon_message_copy_get_text (message));
}

/* Object */

static void
bind_conversation (BeckonConversationWindow *self)
{
  g_return_if_fail (BECKON_IS_ACCOUNT_COPY (self->account));
  g_return_if_fail (BECKON_IS_CONVERSATION_COPY (self->conversation));

  self->typing_participants = g_object_ref (beckon_conversation_copy_get_typing_participants (self->conversation));
  self->participants = g_object_ref (beckon_conversation_copy_get_participants (self->conversation));
  if (self->send_timeout_ms > 0)
    _beckon_conversation_copy_set_send_timeout (self->conversation, self->send_timeout_ms);

  g_signal_connect_object (self->conversation, "notify::state", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "notify::title", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "notify::subject", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "notify::can-send", G_CALLBACK (beckon_conversation_window_update_composer), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "notify::messaging-state", G_CALLBACK (beckon_conversation_window_update_composer), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->typing_participants, "items-changed", G_CALLBACK (update_typing), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->participants, "items-changed", G_CALLBACK (update_participants), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "notify::session-state", G_CALLBACK (beckon_conversation_window_update_composer), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "notify::session-state", G_CALLBACK (update_connection), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "notify::state", G_CALLBACK (update_connection), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "notify::can-send", G_CALLBACK (update_connection), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "notify::waiting-lost", G_CALLBACK (update_connection), self,
                           G_CONNECT_SWAPPED);
  if (self->item != NULL)
    {
      g_signal_connect_object (self->item, "notify::inviter", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->item, "notify::body", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->item, "notify::state", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
    }

  beckon_message_view_set_models (self->message_view, beckon_conversation_copy_get_messages (self->conversation),
                                  beckon_conversation_copy_get_waiting (self->conversation));
  g_signal_connect_object (self->message_view, "retry", G_CALLBACK (message_retry_cb), self, G_CONNECT_SWAPPED);
  beckon_participant_list_set_model (self->participant_list, self->participants);

  update_state (self);
  update_typing (self);
  update_connection (self);
}

static void
beckon_conversation_window_constructed (GObject *object)
{
  BeckonConversationWindow *self = BECKON_CONVERSATION_WINDOW (object);

  G_OBJECT_CLASS (beckon_conversation_window_parent_class)->constructed (object);

  /* A spare (beckon_conversation_window_new_spare ()) gets its
   * conversation later. */
  if (self->conversation != NULL || self->account != NULL)
    bind_conversation (self);
}

static void
beckon_conversation_window_dispose (GObject *object)
{
  BeckonConversationWindow *self = BECKON_CONVERSATION_WINDOW (object);

  self->disposed = TRUE;
  g_clear_object (&self->settings);
  if (self->close_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->close_dialog), (gpointer *) &self->close_dialog);
      gtk_window_destroy (g_steal_pointer (&self->close_dialog));
    }

  if (self->message_view != NULL)
    beckon_message_view_set_models (self->message_view, NULL, NULL);
  g_clear_object (&self->draft_sent);

  if (self->typing_participants != NULL)
    g_signal_handlers_disconnect_by_data (self->typing_participants, self);
  g_clear_object (&self->typing_participants);
  if (self->participants != NULL)
    g_signal_handlers_disconnect_by_data (self->participants, self);
  g_clear_object (&self->participants);
  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_data (self->conversation, self);
  g_clear_object (&self->conversation);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);
  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_clear_object (&self->item);

  gtk_widget_dispose_template (GTK_WIDGET (self), BECKON_TYPE_CONVERSATION_WINDOW);

  G_OBJECT_CLASS (beckon_conversation_window_parent_class)->dispose (object);
}

static void
beckon_conversation_window_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  BeckonConversationWindow *self = BECKON_CONVERSATION_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_conversation_window_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  BeckonConversationWindow *self = BECKON_CONVERSATION_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    case PROP_CONVERSATION:
      self->conversation = g_value_dup_object (value);
      break;
    case PROP_ITEM:
      self->item = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_conversation_window_class_init (BeckonConversationWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = beckon_conversation_window_constructed;
  object_class->dispose = beckon_conversation_window_dispose;
  object_class->get_property = beckon_conversation_window_get_property;
  object_class->set_property = beckon_conversation_window_set_property;
  window_class->close_request = beckon_conversation_window_close_request;

  props[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, BECKON_TYPE_ACCOUNT_COPY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL, BECKON_TYPE_CONVERSATION_COPY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, BECKON_TYPE_INVITATION_COPY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * BeckonConversationWindow::first-message:
   * @text: what the user wrote
   *
   * A draft's first message: the chat starts with it.  Once.
   */
  signals[SIGNAL_FIRST_MESSAGE] =
    g_signal_new ("first-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING);

  /* Referencing the resource links it, and with it its constructor that
   * registers it, into programs that link the static library. */
  (void) beckon_get_resource ();
  g_type_ensure (BECKON_TYPE_COMPOSER);
  g_type_ensure (BECKON_TYPE_PARTICIPANT_LIST);
  g_type_ensure (BECKON_TYPE_MESSAGE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/beckon/Beckon/beckon-conversation-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, leave_button);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, participants_button);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, participant_count_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, participant_list);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, avatar);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, intro_title);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, intro_subtitle);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, state_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, message_view);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, connection_revealer);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, connection_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, typing_revealer);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, typing_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, composer_status);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, composer_spinner);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, composer_status_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonConversationWindow, composer);
  gtk_widget_class_bind_template_callback_full (widget_class, "leave_clicked_cb",
                                                G_CALLBACK (beckon_conversation_window_leave));
  gtk_widget_class_bind_template_callback (widget_class, composer_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, composer_send_cb);

  /* Also set as the application's accels (beckon-application.c): these
   * make them the window's own wherever it is. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);
}

static void
beckon_conversation_window_init (BeckonConversationWindow *self)
{
  GSettingsSchemaSource      *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  /* An uninstalled build without its schema asks every time. */
  if (schema != NULL)
    self->settings = g_settings_new_full (schema, NULL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * beckon_conversation_window_new:
 * @application: the application
 * @account: the account's copy (its "session-state")
 * @conversation: the conversation to show, as the account copies it
 * @item: (nullable): the invitation it came from
 *
 * Returns: (transfer full): a new conversation window
 */
BeckonConversationWindow *
beckon_conversation_window_new (GtkApplication         *application,
                                BeckonAccountCopy      *account,
                                BeckonConversationCopy *conversation,
                                BeckonInvitationCopy   *item)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (account), NULL);
  g_return_val_if_fail (BECKON_IS_CONVERSATION_COPY (conversation), NULL);
  g_return_val_if_fail (item == NULL || BECKON_IS_INVITATION_COPY (item), NULL);

  return g_object_new (BECKON_TYPE_CONVERSATION_WINDOW,
                       "application", application,
                       "account", account,
                       "conversation", conversation,
                       "item", item,
                       NULL);
}

/**
 * beckon_conversation_window_new_spare:
 *
 * @realize: whether to realize it too (its surface and renderer: with
 *   GL, tens of megabytes for a process that has no window yet)
 *
 * A window built ahead of time, at idle, for the next conversation: its
 * template instantiated, its styles and text measured, so that what the
 * first window of a process pays (types, the template, styles, fonts,
 * icons, the renderer if realized) and each window's construction are paid
 * before an invitation is accepted.  Hidden and in no application until
 * beckon_conversation_window_take_conversation(); destroy it with
 * gtk_window_destroy() if it is never used.
 *
 * Returns: (transfer none): the window, owned by GTK's list of toplevels
 */
BeckonConversationWindow *
beckon_conversation_window_new_spare (gboolean realize)
{
  BeckonConversationWindow *self = g_object_new (BECKON_TYPE_CONVERSATION_WINDOW, NULL);
  int                       size = 0;

  /* Its rows' template too, for the first message. */
  g_type_class_unref (g_type_class_ref (BECKON_TYPE_MESSAGE_ROW));
  if (realize)
    gtk_widget_realize (GTK_WIDGET (self));
  /* Measuring computes the styles and lays out the text: the first
   * window's fonts, icons and CSS are loaded here, not when it shows. */
  gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_HORIZONTAL, -1, &size, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_VERTICAL, SPARE_WIDTH, &size, NULL, NULL, NULL);
  return self;
}

/**
 * beckon_conversation_window_take_conversation:
 * @self: a spare window (beckon_conversation_window_new_spare())
 * @application: the application
 * @account: the account's copy
 * @conversation: the conversation to show, as the account copies it
 * @item: (nullable): the invitation it came from
 *
 * Makes the spare the window of @conversation, as
 * beckon_conversation_window_new() would have built it.
 */
void
beckon_conversation_window_take_conversation (BeckonConversationWindow *self,
                                              GtkApplication           *application,
                                              BeckonAccountCopy        *account,
                                              BeckonConversationCopy   *conversation,
                                              BeckonInvitationCopy     *item)
{
  g_return_if_fail (BECKON_IS_CONVERSATION_WINDOW (self));
  g_return_if_fail (self->conversation == NULL && (self->account == NULL || self->draft_sent != NULL));
  g_return_if_fail (application == NULL || GTK_IS_APPLICATION (application));
  g_return_if_fail (BECKON_IS_ACCOUNT_COPY (account));
  g_return_if_fail (BECKON_IS_CONVERSATION_COPY (conversation));
  g_return_if_fail (item == NULL || BECKON_IS_INVITATION_COPY (item));

  /* A draft's first message is in the conversation now, and there is a
   * conversation to leave. */
  if (self->draft_sent != NULL)
    {
      beckon_message_view_set_models (self->message_view, NULL, NULL);
      beckon_message_view_set_waiting_status (self->message_view, NULL);
      beckon_message_view_set_waiting_lost (self->message_view, FALSE);
      gtk_button_set_label (self->leave_button, _ ("_Leave"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->leave_button), _ ("Leave the conversation"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->leave_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Leave the conversation"),
                                      -1);
      gtk_widget_add_css_class (GTK_WIDGET (self->leave_button), "destructive-action");
      g_clear_object (&self->draft_sent);
      g_signal_handlers_disconnect_by_data (self->item, self);
      g_clear_object (&self->item);
      g_clear_object (&self->account);
    }

  self->account = g_object_ref (account);
  self->conversation = g_object_ref (conversation);
  self->item = item != NULL ? g_object_ref (item) : NULL;
  bind_conversation (self);
  gtk_window_set_application (GTK_WINDOW (self), application);
  for (guint i = PROP_ACCOUNT; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), props[i]);
}

BeckonConversationCopy *
beckon_conversation_window_get_conversation (BeckonConversationWindow *self)
{
  g_return_val_if_fail (BECKON_IS_CONVERSATION_WINDOW (self), NULL);

  return self->conversation;
}

BeckonInvitationCopy *
beckon_conversation_window_get_item (BeckonConversationWindow *self)
{
  g_return_val_if_fail (BECKON_IS_CONVERSATION_WINDOW (self), NULL);

  return self->item;
}

/**
 * beckon_conversation_window_get_state_text:
 *
 * Returns: the conversation's state as the header shows it, e.g.
 *   "Connected" or "Conferenced" (translated)
 */
const char *
beckon_conversation_window_get_state_text (BeckonConversationWindow *self)
{
  g_return_val_if_fail (BECKON_IS_CONVERSATION_WINDOW (self), NULL);

  if (self->draft_sent != NULL)
    return gtk_label_get_text (self->state_label);
  return get_state_text (self);
}

void
beckon_conversation_window_set_send_timeout (BeckonConversationWindow *self,
                                             guint                     milliseconds)
{
  g_return_if_fail (BECKON_IS_CONVERSATION_WINDOW (self));

  self->send_timeout_ms = MAX (1, milliseconds);
  if (self->conversation != NULL)
    _beckon_conversation_copy_set_send_timeout (self->conversation, self->send_timeout_ms);
}

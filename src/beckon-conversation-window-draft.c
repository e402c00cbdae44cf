/* beckon-conversation-window-draft.c: a chat the user starts, before its
 * conversation exists
 *
 * A chat the user starts (beckon-chat-start.c) opens as a draft: the
 * composer first, whose first message the window hands over
 * ("first-message") and keeps on show, "Connecting…", then the
 * conversation once the remote party accepted
 * (beckon_conversation_window_take_conversation()), or the reason the item
 * gives when it failed.  On the GTK thread, like the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "beckon-conversation-window-state-private.h"

#include <glib/gi18n.h>
#include <string.h>

void
beckon_conversation_window_update_draft (BeckonConversationWindow *self)
{
  const char *title = beckon_invitation_copy_get_inviter (self->item);
  const char *address = beckon_invitation_copy_get_inviter_uri (self->item);
  gboolean    sent = g_list_model_get_n_items (G_LIST_MODEL (self->draft_sent)) > 0;
  gboolean    failed = beckon_invitation_copy_get_state (self->item) == BECKON_INVITATION_STATE_FAILED;
  const char *state;
  const char *status = NULL;

  if (address != NULL && g_str_has_prefix (address, "sip:"))
    address += strlen ("sip:");
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_text (self->intro_title, title);
  gtk_label_set_text (self->intro_subtitle, address != NULL ? address : "");
  gtk_widget_set_visible (GTK_WIDGET (self->intro_subtitle), address != NULL && *address != '\0' && g_strcmp0 (address, title) != 0);
  adw_avatar_set_text (self->avatar, title);

  if (failed)
    {
      /* Translators: the state of a chat the user started, under its
       * title: the other person did not accept it */
      state = _ ("Not connected");
      status = beckon_invitation_copy_get_error_message (self->item);
      if (status == NULL)
        status = _ ("The chat could not be started");
    }
  else if (sent)
    status = state = _ ("Connecting…");
  else
    /* Translators: the state of a chat the user starts, under its title,
     * before the first message is written */
    state = _ ("New chat");

  adw_window_title_set_subtitle (self->window_title, state);
  gtk_label_set_text (self->state_label, state);
  beckon_composer_set_can_send (self->composer, !sent);
  gtk_label_set_text (self->composer_status_label, status != NULL ? status : "");
  gtk_widget_set_visible (self->composer_status, status != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->composer_spinner), status != NULL && !failed);
  gtk_spinner_set_spinning (self->composer_spinner, status != NULL && !failed);
  if (!sent)
    gtk_widget_grab_focus (GTK_WIDGET (self->composer));

  /* Nothing to leave yet: the button closes. */
  gtk_button_set_label (self->leave_button, _ ("_Close"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->leave_button), _ ("Close the window"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->leave_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Close the window"),
                                  -1);
  gtk_widget_remove_css_class (GTK_WIDGET (self->leave_button), "destructive-action");

  /* The sent message's bubble says "Not delivered" then. */
  beckon_message_view_set_waiting_lost (self->message_view, failed);
}

/**
 * beckon_conversation_window_new_draft:
 * @application: the application
 * @account: the account's copy, whose session the chat will be in
 * @item: the copy of the start's item (beckon_chat_start_get_item()): the
 *   person as its inviter and inviter-uri, FAILED with the reason
 *   (error-message) if the chat does not start
 *
 * A window for a chat the user starts, before the conversation exists:
 * the composer first; its message is "first-message", after which it says
 * "Connecting…" until given the conversation with
 * beckon_conversation_window_take_conversation(), or the reason.
 *
 * Returns: (transfer full): a new conversation window
 */
BeckonConversationWindow *
beckon_conversation_window_new_draft (GtkApplication       *application,
                                      BeckonAccountCopy    *account,
                                      BeckonInvitationCopy *item)
{
  BeckonConversationWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (account), NULL);
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (item), NULL);

  self = g_object_new (BECKON_TYPE_CONVERSATION_WINDOW, "application", application, NULL);
  self->account = g_object_ref (account);
  self->item = g_object_ref (item);
  self->draft_sent = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  beckon_message_view_set_waiting_status (self->message_view, _ ("Sending…"));
  beckon_message_view_set_models (self->message_view, NULL, G_LIST_MODEL (self->draft_sent));
  g_signal_connect_object (item, "notify::state", G_CALLBACK (beckon_conversation_window_update_draft), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (item, "notify::error-message", G_CALLBACK (beckon_conversation_window_update_draft), self, G_CONNECT_SWAPPED);
  beckon_conversation_window_update_draft (self);
  return self;
}

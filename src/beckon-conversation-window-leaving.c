/* beckon-conversation-window-leaving.c: leaving a conversation, and what
 * closing the window of a live one does
 *
 * "Leave" deletes the conversation on the server: a client must not leave
 * it dangling.  Closing the window of a live conversation asks once
 * whether to leave it or keep it in the background (hidden, still live,
 * its messages still notified), unless the user told it what to do
 * ("close-live-conversation").  On the GTK thread, like the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "beckon-conversation-window-state-private.h"

#include <glib/gi18n.h>

/* Leaving */

static void
leave_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (BeckonConversationWindow) self = user_data;
  g_autoptr (GError)                   error = NULL;

  /* The server ends an abandoned conversation anyway: close regardless. */
  if (!beckon_conversation_copy_leave_finish (BECKON_CONVERSATION_COPY (source), result, &error))
    g_debug ("Could not leave the conversation: %s", error->message);

  /* Closed by the user meanwhile: nothing left to close. */
  if (self->disposed)
    return;

  self->leaving = FALSE;
  self->left = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

void
beckon_conversation_window_leave (BeckonConversationWindow *self)
{
  if (self->leaving)
    return;

  if (self->draft_sent != NULL || beckon_conversation_window_is_over (self))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  self->leaving = TRUE;
  beckon_conversation_window_update_composer (self);
  /* Not cancellable: closing the window meanwhile must not stop the DELETE. */
  beckon_conversation_copy_leave_async (self->conversation, NULL, leave_done_cb, g_object_ref (self));
}

/* Closing a live conversation's window */

/* With run-in-background off, closing the last window quits: a hidden
 * conversation would keep Beckon running with nothing on screen. */
static gboolean
can_keep_in_background (BeckonConversationWindow *self)
{
  return self->settings == NULL || g_settings_get_boolean (self->settings, "run-in-background");
}

/* Hidden, the conversation goes on: its messages still arrive and notify
 * (a hidden window is not the active one), and its row in the main window
 * (app.open-conversation) or a message's notification presents it again. */
static void
keep_in_background (BeckonConversationWindow *self)
{
  if (beckon_conversation_window_is_over (self))
    gtk_window_destroy (GTK_WINDOW (self));
  else
    {
      self->kept_in_background = TRUE;
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
    }
}

static void
close_response_cb (BeckonConversationWindow *self,
                   const char               *response,
                   AdwMessageDialog         *dialog)
{
  GtkWidget *dont_ask = adw_message_dialog_get_extra_child (dialog);
  gboolean   remember = dont_ask != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (dont_ask));
  gboolean   keep = g_str_equal (response, "keep");
  gboolean   leave = g_str_equal (response, "leave");

  if (remember && (keep || leave) && self->settings != NULL)
    g_settings_set_string (self->settings, "close-live-conversation", response);

  if (keep)
    keep_in_background (self);
  else if (leave)
    beckon_conversation_window_leave (self);
}

static void
ask_before_closing (BeckonConversationWindow *self)
{
  AdwMessageDialog *dialog;
  GtkWidget        *dont_ask;

  if (self->close_dialog != NULL)
    {
      gtk_window_present (self->close_dialog);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _ ("Leave the Conversation?"), NULL));
  adw_message_dialog_add_response (dialog, "cancel", _ ("_Cancel"));
  if (can_keep_in_background (self))
    {
      adw_message_dialog_set_body (dialog, _ ("You can leave it, or keep it going in the background: new messages "
                                              "still notify you, and its row in the main window opens it again."));
      adw_message_dialog_add_response (dialog, "keep", _ ("_Keep in Background"));
      adw_message_dialog_set_default_response (dialog, "keep");
    }
  else
    adw_message_dialog_set_body (dialog, _ ("Closing its window leaves the conversation."));
  adw_message_dialog_add_response (dialog, "leave", _ ("_Leave"));
  adw_message_dialog_set_response_appearance (dialog, "leave", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");

  dont_ask = gtk_check_button_new_with_mnemonic (_ ("_Don’t ask again"));
  gtk_widget_set_halign (dont_ask, GTK_ALIGN_CENTER);
  adw_message_dialog_set_extra_child (dialog, dont_ask);

  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, G_CONNECT_SWAPPED);
  self->close_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->close_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Whether closing is taken care of here (asked, or kept in the
 * background); otherwise the window closes, after the DELETE went out if
 * closing is leaving. */
gboolean
beckon_conversation_window_close_live (BeckonConversationWindow *self)
{
  g_autofree char *choice = NULL;

  /* A draft, ended (or being left): nothing to ask. */
  if (self->conversation == NULL || beckon_conversation_window_is_over (self) || self->leaving)
    return FALSE;

  choice = self->settings != NULL ? g_settings_get_string (self->settings, "close-live-conversation") : NULL;
  if (g_strcmp0 (choice, "keep") == 0 && can_keep_in_background (self))
    {
      keep_in_background (self);
      return TRUE;
    }
  if (g_strcmp0 (choice, "leave") != 0)
    {
      ask_before_closing (self);
      return TRUE;
    }

  /* Closing is leaving: the core sends the DELETE, whatever becomes of
   * the window. */
  if (beckon_account_copy_get_session_state (self->account) == UCWA_SESSION_STATE_ONLINE)
    {
      self->left = TRUE;
      beckon_conversation_copy_leave (self->conversation);
    }
  return FALSE;
}

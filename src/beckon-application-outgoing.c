/* beckon-application-outgoing.c: what the user starts: joining a meeting
 * from its link (--join, Join Meeting…, conf: links), a chat (New Chat…,
 * Reply to a missed chat, sip: and im: links)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the GTK thread, like the rest of the application; the joins and the
 * chats themselves run on the core (beckon-meeting-join-copy.c,
 * beckon-chat-start-copy.c).
 */

#include "config.h"

#include "beckon-application-private.h"

#include <glib/gi18n.h>

#include "beckon-chat-start-copy.h"
#include "beckon-chat-start.h"
#include "beckon-conversation-window.h"
#include "beckon-error-messages.h"
#include "beckon-join-dialog.h"
#include "beckon-meeting-join-copy.h"
#include "beckon-new-chat-dialog.h"
#include "beckon-window.h"

/* Joining a meeting from its link */

static void
outside_join_finished_cb (BeckonApplication *self,
                          const char        *error_message)
{
  /* Asked for from outside (--join, a conf: link): no dialog to say why. */
  if (error_message != NULL && !self->quitting)
    {
      g_application_activate (G_APPLICATION (self));
      _beckon_application_show_notice (self, error_message);
    }
}

/**
 * beckon_application_join_meeting:
 * @url: a meeting's link
 * @error: why not now: another join is under way (translated)
 *
 * Joins the meeting of @url: its conversation window opens as soon as the
 * server announces it; a link refused up front finishes at once.  A join
 * that still waits for a sign-in gives way to a newer one.
 *
 * Returns: (transfer none) (nullable): the join, to follow its "finished"
 */
BeckonMeetingJoinCopy *
beckon_application_join_meeting (BeckonApplication *self,
                                 const char        *url,
                                 GError           **error)
{
  g_return_val_if_fail (BECKON_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  if (self->join != NULL && !beckon_meeting_join_copy_get_finished (self->join))
    {
      if (!beckon_meeting_join_copy_get_waiting (self->join))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _ ("Beckon is already joining a meeting. Try again once it has joined."));
          return NULL;
        }
      beckon_meeting_join_copy_cancel (self->join);
    }

  g_clear_object (&self->join);
  /* Run on the core; its window shows copies. */
  self->join = beckon_meeting_join_copy_new (self->core, self->account_copy, self->account, url);
  g_signal_connect_object (self->join, "conversation-ready", G_CALLBACK (_beckon_application_conversation_ready_cb),
                           self, G_CONNECT_SWAPPED);
  beckon_meeting_join_copy_start (self->join);
  return self->join;
}

/* A link waits for a sign-in that nobody started (no account saved): the
 * main window asks for one, and keeps Beckon running meanwhile. */
static gboolean
join_waits_cb (gpointer user_data)
{
  BeckonApplication *self = user_data;

  if (self->join != NULL && beckon_meeting_join_copy_get_waiting (self->join) && !self->held && !self->quitting)
    g_application_activate (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

void
_beckon_application_join_from_outside (BeckonApplication *self,
                                       const char        *url)
{
  g_autoptr (GError)     error = NULL;
  BeckonMeetingJoinCopy *join = beckon_application_join_meeting (self, url, &error);

  if (join == NULL)
    outside_join_finished_cb (self, error->message);
  else if (beckon_meeting_join_copy_get_finished (join))
    {
      g_autofree char *error_message = beckon_meeting_join_copy_dup_error_message (join);

      outside_join_finished_cb (self, error_message);
    }
  else
    g_signal_connect_object (join, "finished", G_CALLBACK (outside_join_finished_cb), self, G_CONNECT_SWAPPED);

  /* After the background service's own start (_beckon_application_service_start_cb ()), which
   * may sign in with the saved account. */
  if (join != NULL && beckon_meeting_join_copy_get_waiting (join))
    g_idle_add_full (G_PRIORITY_LOW, join_waits_cb, g_object_ref (self), g_object_unref);
}

void
_beckon_application_join_dialog_requested_cb (BeckonJoinDialog *dialog,
                                              const char       *url,
                                              gpointer          user_data)
{
  BeckonApplication     *self = user_data;
  g_autoptr (GError)     error = NULL;
  BeckonMeetingJoinCopy *join = beckon_application_join_meeting (self, url, &error);

  if (join == NULL)
    beckon_join_dialog_show_error (dialog, error->message);
  else
    beckon_join_dialog_follow (dialog, join);
}

/* Starting a chat (Reply, New Chat, a sip: or im: link) */

static void
chat_start_finished_cb (BeckonConversationWindow *window,
                        BeckonConversationCopy   *conversation,
                        const char               *error_message,
                        BeckonChatStartCopy      *start)
{
  BeckonApplication *self = BECKON_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));

  /* A failure stays in the draft, which says why. */
  if (conversation == NULL || self == NULL)
    return;
  beckon_conversation_window_take_conversation (window, GTK_APPLICATION (self), self->account_copy, conversation,
                                                beckon_chat_start_copy_get_item (start));
  beckon_message_notifier_watch (self->message_notifier, window);
}

static void
first_message_cb (BeckonChatStartCopy *start,
                  const char          *text)
{
  beckon_chat_start_copy_send (start, text);
}

/**
 * beckon_application_start_chat:
 * @address: whom to chat with: an address, or a `sip:` or `im:` link
 * @name: (nullable): their name, if known
 * @error: why not: @address names no one (translated)
 *
 * Opens the window of a new chat with @address at once, the composer
 * first; the chat starts with the first message the user sends there
 * (beckon-chat-start.c, on the core).  An address of another domain is
 * allowed: it is federation, and the server says whether it reaches them.
 *
 * Returns: (transfer none) (nullable): the window
 */
GtkWindow *
beckon_application_start_chat (BeckonApplication *self,
                               const char        *address,
                               const char        *name,
                               GError           **error)
{
  g_autofree char                *uri = NULL;
  g_autoptr (BeckonChatStartCopy) start = NULL;
  BeckonConversationWindow       *window;

  g_return_val_if_fail (BECKON_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  uri = beckon_chat_start_parse_address (address);
  if (uri == NULL)
    {
      /* Translators: %s is what was given as an address, e.g. a link */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _ ("“%s” is not an address to chat with"), address);
      return NULL;
    }

  start = beckon_chat_start_copy_new (self->core, self->account_copy, self->account, uri,
                                      name != NULL && *name != '\0' ? name : NULL);
  window = beckon_conversation_window_new_draft (GTK_APPLICATION (self), self->account_copy,
                                                 beckon_chat_start_copy_get_item (start));
  g_signal_connect_object (window, "first-message", G_CALLBACK (first_message_cb), start, G_CONNECT_SWAPPED);
  g_signal_connect_object (start, "finished", G_CALLBACK (chat_start_finished_cb), window, G_CONNECT_SWAPPED);
  /* The window holds the start: closing it gives the start up. */
  g_signal_connect_object (window, "destroy", G_CALLBACK (beckon_chat_start_copy_cancel), start, G_CONNECT_SWAPPED);
  g_object_set_data_full (G_OBJECT (window), "beckon-chat-start", g_steal_pointer (&start), g_object_unref);
  gtk_window_present (GTK_WINDOW (window));
  /* tests/test-install.sh looks for this line: the window is no
   * GtkApplicationWindow, so D-Bus does not show it. */
  g_debug ("New chat with %s: its window is open", uri);
  return GTK_WINDOW (window);
}

static void
start_chat_from_outside (BeckonApplication *self,
                         const char        *address)
{
  g_autoptr (GError) error = NULL;

  if (beckon_application_start_chat (self, address, NULL, &error) == NULL)
    outside_join_finished_cb (self, error->message);
}

/* A link from outside: sip: and im: start a chat, anything else is taken
 * for a meeting's link (which refuses what is not one). */
void
_beckon_application_open_from_outside (BeckonApplication *self,
                                       const char        *link)
{
  if (g_ascii_strncasecmp (link, "sip:", 4) == 0 || g_ascii_strncasecmp (link, "im:", 3) == 0)
    start_chat_from_outside (self, link);
  else
    _beckon_application_join_from_outside (self, link);
}

void
_beckon_application_chat_requested_cb (BeckonApplication *self,
                                       const char        *address,
                                       const char        *name)
{
  beckon_application_start_chat (self, address, name, NULL);
}

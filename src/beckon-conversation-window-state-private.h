/* beckon-conversation-window-state-private.h: a conversation window's
 * fields, shared by the files that make it up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * beckon-conversation-window.c (its state, messages, typing, composer),
 * beckon-conversation-window-leaving.c (Leave, and what closing a live
 * conversation's window does) and beckon-conversation-window-draft.c (a
 * chat the user starts, before its conversation exists) only; everything
 * runs on the GTK thread.
 */
#pragma once

#include <adwaita.h>

#include "beckon-composer.h"
#include "beckon-conversation-window.h"
#include "beckon-message-view.h"
#include "beckon-participant-list.h"

G_BEGIN_DECLS

struct _BeckonConversationWindow
{
  AdwWindow parent_instance;

  AdwWindowTitle        *window_title;
  GtkButton             *leave_button;
  GtkWidget             *participants_button;
  GtkLabel              *participant_count_label;
  BeckonParticipantList *participant_list;
  AdwAvatar             *avatar;
  GtkLabel              *intro_title;
  GtkLabel              *intro_subtitle;
  GtkLabel              *state_label;
  BeckonMessageView     *message_view;
  GtkRevealer           *connection_revealer;
  GtkLabel              *connection_label;
  GtkRevealer           *typing_revealer;
  GtkLabel              *typing_label;
  GtkWidget             *composer_status;
  GtkSpinner            *composer_spinner;
  GtkLabel              *composer_status_label;
  BeckonComposer        *composer;
  GSettings             *settings;     /* NULL where no schema is installed */
  GtkWindow             *close_dialog; /* weak: asking whether to leave */

  /* Copies (beckon-core.c): the window never touches the core's objects. */
  BeckonAccountCopy      *account;
  BeckonConversationCopy *conversation;
  BeckonInvitationCopy   *item;
  GListModel             *typing_participants; /* BeckonParticipantCopy */
  GListModel             *participants;        /* BeckonParticipantCopy */
  guint                   send_timeout_ms;     /* 0: the core's outbox's own */

  GListStore *draft_sent; /* a draft's first message (GtkStringObject); NULL unless a draft */

  gint64   last_typing_sent; /* monotonic µs, 0 = not since the last message */
  gboolean leaving;
  gboolean left;
  gboolean kept_in_background;
  gboolean disposed;
};

gboolean beckon_conversation_window_is_over (BeckonConversationWindow *self);
void     beckon_conversation_window_update_composer (BeckonConversationWindow *self);
void     beckon_conversation_window_leave (BeckonConversationWindow *self);
gboolean beckon_conversation_window_close_live (BeckonConversationWindow *self);
void     beckon_conversation_window_update_draft (BeckonConversationWindow *self);

G_END_DECLS

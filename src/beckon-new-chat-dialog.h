/* beckon-new-chat-dialog.h: the New Chat dialog: find a person, start a chat
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "beckon-account-copy.h"

G_BEGIN_DECLS

#define BECKON_TYPE_NEW_CHAT_DIALOG (beckon_new_chat_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BeckonNewChatDialog, beckon_new_chat_dialog, BECKON, NEW_CHAT_DIALOG, AdwWindow)

/* Signals:
 *  "chat-requested" (const char *address, const char *name): the user chose
 *                   someone (sip:…, and their name); the dialog closes.
 * Template children, for tests: "search_entry", "result_list", "status_label".
 */

BeckonNewChatDialog *beckon_new_chat_dialog_new (GtkWindow         *parent,
                                                 BeckonAccountCopy *account);
/* How long typing must pause before the search goes out (default 300 ms). */
void                 beckon_new_chat_dialog_set_search_delay (BeckonNewChatDialog *self,
                                                              guint                milliseconds);
/* UcwaContact: the results of the latest search. */
GListModel          *beckon_new_chat_dialog_get_results (BeckonNewChatDialog *self);
/* How many searches went to the server, and whether one is under way. */
guint                beckon_new_chat_dialog_get_n_searches (BeckonNewChatDialog *self);
gboolean             beckon_new_chat_dialog_get_searching (BeckonNewChatDialog *self);

G_END_DECLS

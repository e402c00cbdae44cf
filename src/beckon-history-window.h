/* beckon-history-window.h: the messages of an ended conversation, read-only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "beckon-core.h"
#include "beckon-history.h"

G_BEGIN_DECLS

#define BECKON_TYPE_HISTORY_WINDOW (beckon_history_window_get_type ())
G_DECLARE_FINAL_TYPE (BeckonHistoryWindow, beckon_history_window, BECKON, HISTORY_WINDOW, AdwWindow)

/* Properties: "loaded" (gboolean): the messages are read and shown. */

/* @title: whom the conversation was with (the inviter), nullable. */
GtkWidget *beckon_history_window_new (BeckonCore    *core,
                                      BeckonHistory *history,
                                      const char    *conversation_key,
                                      const char    *title);
gboolean   beckon_history_window_get_loaded (BeckonHistoryWindow *self);
guint      beckon_history_window_get_n_messages (BeckonHistoryWindow *self);

G_END_DECLS

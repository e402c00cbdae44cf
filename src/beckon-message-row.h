/* beckon-message-row.h: one instant message as a chat bubble
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "ucwa-message.h"

G_BEGIN_DECLS

#define BECKON_TYPE_MESSAGE_ROW (beckon_message_row_get_type ())
G_DECLARE_FINAL_TYPE (BeckonMessageRow, beckon_message_row, BECKON, MESSAGE_ROW, GtkListBoxRow)

GtkWidget   *beckon_message_row_new (UcwaMessage *message);
UcwaMessage *beckon_message_row_get_message (BeckonMessageRow *self);

G_END_DECLS

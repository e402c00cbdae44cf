/* beckon-message-row.h: one instant message as a chat bubble
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "beckon-message-copy.h"

G_BEGIN_DECLS

#define BECKON_TYPE_MESSAGE_ROW (beckon_message_row_get_type ())
G_DECLARE_FINAL_TYPE (BeckonMessageRow, beckon_message_row, BECKON, MESSAGE_ROW, GtkWidget)

GtkWidget         *beckon_message_row_new (BeckonMessageCopy *message);
void               beckon_message_row_set_message (BeckonMessageRow  *self,
                                                   BeckonMessageCopy *message);
BeckonMessageCopy *beckon_message_row_get_message (BeckonMessageRow *self);
void               beckon_message_row_set_waiting (BeckonMessageRow *self,
                                                   GtkStringObject  *waiting,
                                                   gboolean          lost,
                                                   const char       *status);
GtkStringObject   *beckon_message_row_get_waiting (BeckonMessageRow *self);
/* Its Retry was used: it is offered no more. */
void               beckon_message_row_set_retried (BeckonMessageRow *self,
                                                   gboolean          retried);

G_END_DECLS

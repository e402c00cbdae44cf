/* beckon-message-copy.h: an instant message as the GTK thread sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ucwa-enums.h"

G_BEGIN_DECLS

#define BECKON_TYPE_MESSAGE_COPY (beckon_message_copy_get_type ())
G_DECLARE_FINAL_TYPE (BeckonMessageCopy, beckon_message_copy, BECKON, MESSAGE_COPY, GObject)

/* Properties, as UcwaMessage's: "direction", "status" (notified as the
 * delivery goes), "text", "html", "sender-name", "timestamp". */

UcwaDirection     beckon_message_copy_get_direction (BeckonMessageCopy *self);
UcwaMessageStatus beckon_message_copy_get_status (BeckonMessageCopy *self);
const char       *beckon_message_copy_get_text (BeckonMessageCopy *self);
const char       *beckon_message_copy_get_html (BeckonMessageCopy *self);
const char       *beckon_message_copy_get_sender_name (BeckonMessageCopy *self);
gint64            beckon_message_copy_get_timestamp (BeckonMessageCopy *self);
/* "failure" (conv): why it was not delivered, if the outbox failed it. */
const char       *beckon_message_copy_get_failure (BeckonMessageCopy *self);

G_END_DECLS

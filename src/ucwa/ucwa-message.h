/* ucwa-message.h: one instant message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "ucwa-enums.h"

G_BEGIN_DECLS

#define UCWA_TYPE_MESSAGE (ucwa_message_get_type ())
G_DECLARE_FINAL_TYPE (UcwaMessage, ucwa_message, UCWA, MESSAGE, GObject)

const char       *ucwa_message_get_href (UcwaMessage *self); /* NULL while pending */
const char       *ucwa_message_get_operation_id (UcwaMessage *self);
UcwaDirection     ucwa_message_get_direction (UcwaMessage *self);
const char       *ucwa_message_get_text (UcwaMessage *self);      /* plain text, never NULL */
const char       *ucwa_message_get_html (UcwaMessage *self);      /* nullable */
gint64            ucwa_message_get_timestamp (UcwaMessage *self); /* ms since epoch, 0 if unknown */
const char       *ucwa_message_get_sender_name (UcwaMessage *self);
UcwaMessageStatus ucwa_message_get_status (UcwaMessage *self);

G_END_DECLS

/* beckon-outbox.h: a conversation's messages on their way out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ucwa-conversation.h"
#include "ucwa-message.h"
#include "ucwa-session.h"

G_BEGIN_DECLS

#define BECKON_TYPE_OUTBOX (beckon_outbox_get_type ())
G_DECLARE_FINAL_TYPE (BeckonOutbox, beckon_outbox, BECKON, OUTBOX, GObject)

/* Signals:
 *  "failed" (UcwaMessage *message, const char *reason): @message, listed
 *           in the conversation, was not delivered; @reason says why
 *           (translated).
 */

BeckonOutbox *beckon_outbox_new (UcwaSession      *session,
                                 UcwaConversation *conversation);
/* Sends @text now, or keeps it waiting for the connection (while the
 * session reconnects, or behind others that wait). */
void          beckon_outbox_send (BeckonOutbox *self,
                                  const char   *text);
/* Sends what waits, in order, if the session is online and the
 * conversation takes messages. */
void          beckon_outbox_flush (BeckonOutbox *self);
/* The conversation ended: what waits will never go. */
void          beckon_outbox_give_up (BeckonOutbox *self);
/* GtkStringObject: the texts that wait for the connection. */
GListModel   *beckon_outbox_get_waiting (BeckonOutbox *self);
gboolean      beckon_outbox_get_gave_up (BeckonOutbox *self);
/* How long a sent message may wait for the server's confirmation before
 * it fails (default 30 s). */
void          beckon_outbox_set_send_timeout (BeckonOutbox *self,
                                              guint         milliseconds);

G_END_DECLS

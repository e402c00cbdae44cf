/* ucwa-event-queue-private.h: event batches applied to the model, in order
 *
 * Package-private: only UcwaSession uses it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ucwa-connection.h"
#include "ucwa-event.h"
#include "ucwa-model.h"

G_BEGIN_DECLS

#define UCWA_TYPE_EVENT_QUEUE (ucwa_event_queue_get_type ())
G_DECLARE_FINAL_TYPE (UcwaEventQueue, ucwa_event_queue, UCWA, EVENT_QUEUE, GObject)

UcwaEventQueue *ucwa_event_queue_new (UcwaConnection *connection,
                                      UcwaModel      *model);
/* Keeps its own reference on @batch until every event of it is applied. */
void            ucwa_event_queue_push_batch (UcwaEventQueue *self,
                                             UcwaEventBatch *batch);
/* After a resync or resume: once the batches queued before are applied,
 * the pending invitations and live conversations are re-checked (GET), and
 * the ones gone end. */
void            ucwa_event_queue_push_reset (UcwaEventQueue *self);
/* After the application was lost: its pending invitations are re-checked
 * the same way, and only the ones a GET finds stay (PROTOCOL.md promises no
 * re-offer under the new application). */
void            ucwa_event_queue_push_lost (UcwaEventQueue *self);
/* How long one GET completing a link-only event (or re-checking a resource
 * after a reset) may hold the events behind it; default 3000 ms. */
void            ucwa_event_queue_set_fetch_timeout (UcwaEventQueue *self,
                                                    guint           milliseconds);
/* Drops what is queued and cancels the GET in flight, if any. */
void            ucwa_event_queue_clear (UcwaEventQueue *self);

G_END_DECLS

/* ucwa-event-channel.h: the UCWA event channel (long-poll P-GET loop)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "ucwa-connection.h"
#include "ucwa-event.h"

G_BEGIN_DECLS

#define UCWA_TYPE_EVENT_CHANNEL (ucwa_event_channel_get_type ())
G_DECLARE_FINAL_TYPE (UcwaEventChannel, ucwa_event_channel, UCWA, EVENT_CHANNEL, GObject)

UcwaEventChannel *ucwa_event_channel_new (UcwaConnection *connection);
void              ucwa_event_channel_start (UcwaEventChannel *self,
                                            const char       *events_href);
void              ucwa_event_channel_stop (UcwaEventChannel *self);
gboolean          ucwa_event_channel_get_running (UcwaEventChannel *self);
guint             ucwa_event_channel_get_retry_in (UcwaEventChannel *self);
const GError     *ucwa_event_channel_get_last_error (UcwaEventChannel *self);
guint             ucwa_event_channel_get_poll_timeout (UcwaEventChannel *self);
void              ucwa_event_channel_set_poll_timeout (UcwaEventChannel *self,
                                                       guint             seconds);
void              ucwa_event_channel_set_watchdog (UcwaEventChannel *self,
                                                   guint             milliseconds);
void              ucwa_event_channel_set_backoff (UcwaEventChannel *self,
                                                  guint             base_ms,
                                                  guint             max_ms);
guint64           ucwa_event_channel_get_batch_count (UcwaEventChannel *self);
void              ucwa_event_channel_set_network_monitor (UcwaEventChannel *self,
                                                          GNetworkMonitor  *monitor);
gboolean          ucwa_event_channel_get_offline (UcwaEventChannel *self);
void              ucwa_event_channel_wait_async (UcwaEventChannel   *self,
                                                 guint               attempt,
                                                 guint               retry_after_s,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean          ucwa_event_channel_wait_finish (UcwaEventChannel *self,
                                                  GAsyncResult     *result,
                                                  GError          **error);

G_END_DECLS

/* ucwa-presence-private.h: how UcwaSession drives its UcwaPresence
 *
 * Package-private: only UcwaSession uses it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ucwa-connection.h"
#include "ucwa-event-channel.h"
#include "ucwa-presence.h"

G_BEGIN_DECLS

/* Follows @channel's `presence` events (sender `me`); requests go through
 * @connection.  Neither is owned: the session outlives its presence's use. */
UcwaPresence *_ucwa_presence_new (UcwaConnection   *connection,
                                  UcwaEventChannel *channel);
/* The `presence` link of `me` once available (the caller reads it, with
 * ucwa_presence_refresh_async()), or NULL when signed out (the
 * availability is unknown again). */
void          _ucwa_presence_set_href (UcwaPresence *self,
                                       const char   *href);

G_END_DECLS

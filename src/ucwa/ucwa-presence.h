/* ucwa-presence.h: the signed-in user's own presence (`me/presence`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a client may set (presence_ref.md's POST: PreferredAvailability). */
#define UCWA_AVAILABILITY_ONLINE         "Online"
#define UCWA_AVAILABILITY_BUSY           "Busy"
#define UCWA_AVAILABILITY_DO_NOT_DISTURB "DoNotDisturb"
#define UCWA_AVAILABILITY_BE_RIGHT_BACK  "BeRightBack"
#define UCWA_AVAILABILITY_AWAY           "Away"
#define UCWA_AVAILABILITY_OFFWORK        "Offwork"
/* What the server may report besides (Availability_ref.md). */
#define UCWA_AVAILABILITY_IDLE_ONLINE "IdleOnline"
#define UCWA_AVAILABILITY_IDLE_BUSY   "IdleBusy"
#define UCWA_AVAILABILITY_OFFLINE     "Offline"

#define UCWA_TYPE_PRESENCE (ucwa_presence_get_type ())
G_DECLARE_FINAL_TYPE (UcwaPresence, ucwa_presence, UCWA, PRESENCE, GObject)

/* Properties (all read-only, notified only on change):
 *   "availability" (string, nullable): as the server last reported it, the
 *                  exact string of Availability_ref.md; NULL while unknown
 *                  (before makeMeAvailable, signed out, or deleted).
 *   "activity"     (string, nullable): the server's words for it, in the
 *                  application's culture ("In a meeting", "Off Work").
 *   "ready"        (gboolean): the server offers the resource (the `presence`
 *                  link of `me`): set_availability() may be called.
 * The server's own changes (a meeting, away after idle) arrive as `presence`
 * events of sender `me` and update these. */
const char *ucwa_presence_get_availability (UcwaPresence *self);
const char *ucwa_presence_get_activity (UcwaPresence *self);
gboolean    ucwa_presence_get_ready (UcwaPresence *self);

/* GET me/presence.  %UCWA_ERROR_NO_LINK while not ready. */
void     ucwa_presence_refresh_async (UcwaPresence       *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
gboolean ucwa_presence_refresh_finish (UcwaPresence *self,
                                       GAsyncResult *result,
                                       GError      **error);

/* POST me/presence with @availability (one of the settable values above),
 * or NULL for an empty body, which lets the server reset it.  Returns once
 * the server took it and its answer to a GET is in the properties; the
 * server refuses a value it does not allow (400 ParameterValidationFailure:
 * %UCWA_ERROR_PARAMETER_VALIDATION_FAILURE).  %UCWA_ERROR_NO_LINK while not
 * ready. */
void     ucwa_presence_set_availability_async (UcwaPresence       *self,
                                               const char         *availability,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean ucwa_presence_set_availability_finish (UcwaPresence *self,
                                                GAsyncResult *result,
                                                GError      **error);

G_END_DECLS

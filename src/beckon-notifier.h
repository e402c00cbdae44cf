/* beckon-notifier.h: desktop notifications for invitations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "beckon-account.h"

G_BEGIN_DECLS

#define BECKON_TYPE_NOTIFIER (beckon_notifier_get_type ())
G_DECLARE_FINAL_TYPE (BeckonNotifier, beckon_notifier, BECKON, NOTIFIER, GObject)

/* Signals (always emitted on the thread-default main context of the caller
 * of beckon_notifier_new):
 *  "show-invitations" (): the user wants the invitation list (summary or no-actions fallback).
 *  "activate-invitation" (BeckonInvitationItem *item): default action on one invitation.
 *  "reply-invitation" (BeckonInvitationItem *item): Reply on a missed chat's notification.
 * Properties: "account", "app-name", "desktop-entry" (construct-only),
 *             "max-popups", "has-actions" (read-only; notified once the
 *             notification server's capabilities are known).
 *
 * All libnotify calls run on a worker thread of the notifier's own, so a
 * slow or vanished notification server never blocks the caller's main
 * context.  libnotify keeps process-wide state: one notifier per process at
 * a time (a second one waits, on its worker thread, for the first to stop).
 */

BeckonNotifier *beckon_notifier_new (BeckonAccount *account,
                                     const char    *app_name,
                                     const char    *desktop_entry);
void            beckon_notifier_set_max_popups (BeckonNotifier *self,
                                                guint           max_popups);
void            beckon_notifier_close_all (BeckonNotifier *self);
gboolean        beckon_notifier_get_has_actions (BeckonNotifier *self);
guint           beckon_notifier_get_n_shown (BeckonNotifier *self);

/* Additions */
BeckonAccount *beckon_notifier_get_account (BeckonNotifier *self);
guint          beckon_notifier_get_max_popups (BeckonNotifier *self);
/* TRUE once the server answered GetCapabilities (has-actions is valid). */
gboolean       beckon_notifier_get_caps_known (BeckonNotifier *self);

G_END_DECLS

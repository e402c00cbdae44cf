/* beckon-message-notifier-private.h: what the tests change of the message
 * notifier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "beckon-message-notifier.h"

G_BEGIN_DECLS

/* Whether the user looks at @window; gtk_window_is_active() by default.
 * Headless (Xvfb, no window manager) focus is not reliable: tests answer
 * themselves, and emit notify::is-active on the window when it changes. */
typedef gboolean (*BeckonWindowIsActiveFunc) (GtkWindow *window);

void beckon_message_notifier_set_is_active_func (BeckonMessageNotifier   *self,
                                                 BeckonWindowIsActiveFunc func);

G_END_DECLS

/* beckon-status-button.h: the user's availability in the main window's header
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "beckon-account-copy.h"

G_BEGIN_DECLS

#define BECKON_TYPE_STATUS_BUTTON (beckon_status_button_get_type ())
G_DECLARE_FINAL_TYPE (BeckonStatusButton, beckon_status_button, BECKON, STATUS_BUTTON, GtkWidget)

/* A menu button: Available, Busy, Do not disturb, Be right back, Away (each
 * asks the server, through the account's copy), and Sign out (win.sign-out).  Its
 * label is what the server reports back, its tooltip the server's activity
 * ("In a meeting"); insensitive while the server offers no presence.
 * Property "account" (BeckonAccountCopy, nullable). */
GtkWidget  *beckon_status_button_new (void);
void        beckon_status_button_set_account (BeckonStatusButton *self,
                                              BeckonAccountCopy  *account);
/* What the label says now (for the tests). */
const char *beckon_status_button_get_text (BeckonStatusButton *self);
/* The menu (for the tests): its items' actions are status.set with the
 * availability as target, and win.sign-out. */
GMenuModel *beckon_status_button_get_menu (BeckonStatusButton *self);

G_END_DECLS

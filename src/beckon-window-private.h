/* beckon-window-private.h: the main window's list and sign-in page, for
 * the tests and the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "beckon-invitation-copy.h"
#include "beckon-sign-in-page.h"
#include "beckon-window.h"

G_BEGIN_DECLS

GtkWidget        *beckon_window_get_invitation_row (BeckonWindow         *self,
                                                    BeckonInvitationCopy *item);
GtkGridView      *beckon_window_get_invitation_list (BeckonWindow *self);
void              beckon_window_show_invitation_model (BeckonWindow *self,
                                                       GListModel   *invitations);
BeckonSignInPage *beckon_window_get_sign_in_page (BeckonWindow *self);

G_END_DECLS

/* beckon-invitation-row.h: one invitation in the main window's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "beckon-account-copy.h"
#include "beckon-invitation-copy.h"

G_BEGIN_DECLS

#define BECKON_TYPE_INVITATION_ROW (beckon_invitation_row_get_type ())
G_DECLARE_FINAL_TYPE (BeckonInvitationRow, beckon_invitation_row, BECKON, INVITATION_ROW, GtkWidget)

/* Template children, for tests: "avatar", "title_label", "body_label",
 * "status_label", "time_label", "accept_button", "decline_button",
 * "reply_button". */

GtkWidget            *beckon_invitation_row_new (BeckonAccountCopy    *account,
                                                 BeckonInvitationCopy *item);
void                  beckon_invitation_row_bind (BeckonInvitationRow  *self,
                                                  BeckonAccountCopy    *account,
                                                  BeckonInvitationCopy *item);
BeckonInvitationCopy *beckon_invitation_row_get_item (BeckonInvitationRow *self);
char                 *beckon_invitation_row_dup_tooltip (BeckonInvitationRow *self,
                                                         GtkWidget           *widget);

G_END_DECLS

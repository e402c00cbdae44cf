/* beckon-join-dialog.h: the Join Meeting dialog: one field for a meeting's link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "beckon-meeting-join-copy.h"

G_BEGIN_DECLS

#define BECKON_TYPE_JOIN_DIALOG (beckon_join_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BeckonJoinDialog, beckon_join_dialog, BECKON, JOIN_DIALOG, AdwWindow)

/* Signals:
 *  "join-requested" (const char *url): the user asked to join; the handler answers
 *                   with beckon_join_dialog_follow() or beckon_join_dialog_show_error().
 */

BeckonJoinDialog *beckon_join_dialog_new (GtkWindow *parent);
/* Shows how @join goes: closes once its conversation window opens (or it
 * waits for a sign-in), says why it failed otherwise. */
void              beckon_join_dialog_follow (BeckonJoinDialog      *self,
                                             BeckonMeetingJoinCopy *join);
void              beckon_join_dialog_show_error (BeckonJoinDialog *self,
                                                 const char       *message);
/* What the dialog says under the field (an error, "Joining…"), or NULL. */
const char       *beckon_join_dialog_get_status (BeckonJoinDialog *self);

G_END_DECLS

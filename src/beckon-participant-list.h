/* beckon-participant-list.h: who is in a meeting, as the header's popover lists them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BECKON_TYPE_PARTICIPANT_LIST (beckon_participant_list_get_type ())
G_DECLARE_FINAL_TYPE (BeckonParticipantList, beckon_participant_list, BECKON, PARTICIPANT_LIST, GtkWidget)

/* Properties: "model" (GListModel of BeckonParticipantCopy, nullable). */

GtkWidget  *beckon_participant_list_new (void);
void        beckon_participant_list_set_model (BeckonParticipantList *self,
                                               GListModel            *model);
GListModel *beckon_participant_list_get_model (BeckonParticipantList *self);
/* What the row of @position says under the name, e.g. "Leader · Typing…" (translated). */
const char *beckon_participant_list_get_row_status (BeckonParticipantList *self,
                                                    guint                  position);

G_END_DECLS

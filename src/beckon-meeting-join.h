/* beckon-meeting-join.h: joining a meeting from its link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "beckon-account.h"

G_BEGIN_DECLS

#define BECKON_TYPE_MEETING_JOIN (beckon_meeting_join_get_type ())
G_DECLARE_FINAL_TYPE (BeckonMeetingJoin, beckon_meeting_join, BECKON, MEETING_JOIN, GObject)

/* Signals:
 *  "conversation-ready" (BeckonInvitationItem *item, UcwaConversation *conversation):
 *                       the server announced the meeting's conversation: open its
 *                       window, which follows the item (Joining…, the lobby, why it
 *                       failed); once.
 *  "finished"           (const char *error_message): joined (NULL), or why not
 *                       (translated); once, last.
 */

/* Starts at once, or once the session is online (see beckon_meeting_join_start()). */
BeckonMeetingJoin    *beckon_meeting_join_new (BeckonAccount *account,
                                               const char    *url);
void                  beckon_meeting_join_start (BeckonMeetingJoin *self);
void                  beckon_meeting_join_cancel (BeckonMeetingJoin *self);
const char           *beckon_meeting_join_get_url (BeckonMeetingJoin *self);
/* Whether it waits for a sign-in before anything is sent. */
gboolean              beckon_meeting_join_get_waiting (BeckonMeetingJoin *self);
gboolean              beckon_meeting_join_get_finished (BeckonMeetingJoin *self);
BeckonInvitationItem *beckon_meeting_join_get_item (BeckonMeetingJoin *self);

G_END_DECLS

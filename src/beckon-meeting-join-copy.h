/* beckon-meeting-join-copy.h: a join by link as the GTK thread follows it, run on the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "beckon-account-copy.h"
#include "beckon-account.h"
#include "beckon-core.h"

G_BEGIN_DECLS

#define BECKON_TYPE_MEETING_JOIN_COPY (beckon_meeting_join_copy_get_type ())
G_DECLARE_FINAL_TYPE (BeckonMeetingJoinCopy, beckon_meeting_join_copy, BECKON, MEETING_JOIN_COPY, GObject)

/* Signals, as BeckonMeetingJoin's, with copies, on the owner's thread:
 *  "conversation-ready" (BeckonInvitationCopy *item, BeckonConversationCopy *conversation)
 *  "finished"           (const char *error_message, NULL on success) */

BeckonMeetingJoinCopy *beckon_meeting_join_copy_new (BeckonCore        *core,
                                                     BeckonAccountCopy *copy,
                                                     BeckonAccount     *account,
                                                     const char        *url);
void                   beckon_meeting_join_copy_start (BeckonMeetingJoinCopy *self);
void                   beckon_meeting_join_copy_cancel (BeckonMeetingJoinCopy *self);
gboolean               beckon_meeting_join_copy_get_waiting (BeckonMeetingJoinCopy *self);
gboolean               beckon_meeting_join_copy_get_finished (BeckonMeetingJoinCopy *self);
char                  *beckon_meeting_join_copy_dup_error_message (BeckonMeetingJoinCopy *self);

G_END_DECLS

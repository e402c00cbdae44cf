/* beckon-account.h: the signed-in account and what happens to its invitations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "beckon-history.h"
#include "beckon-invitation-item.h"
#include "beckon-trusted-ca.h"
#include "ucwa-session.h"

G_BEGIN_DECLS

#define BECKON_TYPE_ACCOUNT (beckon_account_get_type ())
G_DECLARE_FINAL_TYPE (BeckonAccount, beckon_account, BECKON, ACCOUNT, GObject)

/* Signals:
 *  "invitation-added"   (BeckonInvitationItem *item): a new invitation rings, exactly once.
 *  "conversation-ready" (BeckonInvitationItem *item, UcwaConversation *conversation):
 *                       accepted (a meeting: as soon as the accept goes out): open the
 *                       conversation window; once per accept.
 *  "invitation-forgotten" (BeckonInvitationItem *item): a finished invitation left the
 *                       bounded history (or the history was cleared); whoever follows
 *                       items lets go of it.
 *  "history-restored"   the invitations of earlier runs are in the list (after
 *                       beckon_account_set_history()).
 * Properties: "session", "invitations" (GListModel of BeckonInvitationItem, newest first),
 *             "status-text" (translated account status), "online" (gboolean).
 */

BeckonAccount        *beckon_account_new (UcwaSession *session);
UcwaSession          *beckon_account_get_session (BeckonAccount *self);
BeckonTrustedCa      *beckon_account_get_trusted_ca (BeckonAccount *self);
void                  beckon_account_set_trusted_ca (BeckonAccount   *self,
                                                     BeckonTrustedCa *trusted_ca);
GListModel           *beckon_account_get_invitations (BeckonAccount *self);
const char           *beckon_account_get_status_text (BeckonAccount *self);
gboolean              beckon_account_get_online (BeckonAccount *self);
BeckonInvitationItem *beckon_account_find_item (BeckonAccount  *self,
                                                UcwaInvitation *invitation);

void beckon_account_join_meeting_chat (BeckonAccount    *self,
                                       UcwaConversation *conversation);

/* The history (beckon-history.h): what ended and every message, kept on disk. */
void           beckon_account_set_history (BeckonAccount *self,
                                           BeckonHistory *history);
BeckonHistory *beckon_account_get_history (BeckonAccount *self);
gboolean       beckon_account_clear_history (BeckonAccount *self);

/* Answering.  Whether an answer can go out is decided here only: the
 * notifier and the invitation list ask, and show what they are told.
 *
 * beckon_account_can_answer() says whether beckon_account_answer() would take
 * @answer now, and if not, why (a translated message in a
 * BECKON_ANSWER_ERROR).  beckon_account_answer() then either sends it, or,
 * while the server has taken the invitation's links away for a moment (the
 * application is being re-created), keeps it and sends it as soon as the
 * invitation is offered again.  Either way the item turns JOINING or
 * DECLINING at once, so a second click finds the answer on its way. */
typedef enum {
  BECKON_ANSWER_ACCEPT,
  BECKON_ANSWER_DECLINE,
} BeckonAnswer;

#define BECKON_ANSWER_ERROR (beckon_answer_error_quark ())

typedef enum {
  BECKON_ANSWER_ERROR_IN_PROGRESS, /* an answer is on its way already */
  BECKON_ANSWER_ERROR_OVER,        /* answered, declined, missed or withdrawn */
  BECKON_ANSWER_ERROR_NOT_OFFERED, /* the server offers no link for this answer */
} BeckonAnswerError;

GQuark   beckon_answer_error_quark (void);
gboolean beckon_account_can_answer (BeckonAccount        *self,
                                    BeckonInvitationItem *item,
                                    BeckonAnswer          answer,
                                    GError              **error);
gboolean beckon_account_answer (BeckonAccount        *self,
                                BeckonInvitationItem *item,
                                BeckonAnswer          answer,
                                GError              **error);
/* Shorthands for beckon_account_answer() that only log a refusal. */
void     beckon_account_accept (BeckonAccount        *self,
                                BeckonInvitationItem *item);
void     beckon_account_decline (BeckonAccount        *self,
                                 BeckonInvitationItem *item);

/* Presence and Do Not Disturb.  "do-not-disturb" (gboolean, read-only):
 * the server reports the user's availability as DoNotDisturb (whoever set
 * it: this app, another client, the system's DND followed).  In it an
 * invitation is shown quietly: in the list, no popup and no sound.  Whether
 * one is decided here only (beckon_account_invitation_is_quiet()); the
 * notifier asks. */
gboolean beckon_account_get_do_not_disturb (BeckonAccount *self);
gboolean beckon_account_invitation_is_quiet (BeckonAccount        *self,
                                             BeckonInvitationItem *item);
/* Asks the server for @availability (a UCWA_AVAILABILITY_* it allows); the
 * session's presence shows what it answers.  A refusal is only logged. */
void     beckon_account_set_availability (BeckonAccount *self,
                                          const char    *availability);
/* Replying to a missed chat: a new chat with whoever invited
 * (beckon-chat-start.h).  Whether an invitation can be replied to is
 * decided here only, as answering is: the notifier and the invitation list
 * ask, and offer Reply when told so.  If not, @error says why (translated,
 * G_IO_ERROR): not a missed chat, no address to reply to, or signed out. */
gboolean beckon_account_can_reply (BeckonAccount        *self,
                                   BeckonInvitationItem *item,
                                   GError              **error);

G_END_DECLS

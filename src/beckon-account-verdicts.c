/* beckon-account-verdicts.c: what an invitation means, and what the user may do with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * BeckonAccount's verdicts, apart from what the account does about them: how
 * an invitation that ended without us ended for the user (missed, answered
 * elsewhere, not let in from the lobby) and why, whether it is over, whether
 * an accept or a decline can go out now and in which words it is refused
 * (beckon_account_can_answer()), and whether a missed chat can be replied to
 * (beckon_account_can_reply()).  The notifier asks them here (its
 * notification's buttons, beckon-notification-content.c) and the views read
 * them in the account's copy (the copier computes them, beckon-copier.c), so
 * both always agree.  Nothing here sends anything or changes the list; what
 * the account does about an invitation is beckon-account.c's.
 *
 * On the core's thread, like the account (beckon-core.c).
 */

#include "config.h"

#include "beckon-account-private.h"

#include <glib/gi18n.h>

/* clang-format off */
G_DEFINE_QUARK (beckon-answer-error-quark, beckon_answer_error)
/* clang-format on */

/* What an invitation that ended without us means. */
BeckonInvitationState
_beckon_account_ended_state (UcwaInvitation *invitation)
{
  const char *subcode = ucwa_invitation_get_failure_subcode (invitation);

  if (ucwa_invitation_get_status (invitation) == UCWA_INVITATION_STATUS_SUCCEEDED)
    return BECKON_INVITATION_STATE_ANSWERED_ELSEWHERE;
  if (subcode != NULL &&
      (g_ascii_strcasecmp (subcode, "ConnectedElsewhere") == 0 ||
       g_ascii_strcasecmp (subcode, "AnsweredElsewhere") == 0 ||
       g_ascii_strcasecmp (subcode, "AutoAccepted") == 0))
    return BECKON_INVITATION_STATE_ANSWERED_ELSEWHERE;
  return BECKON_INVITATION_STATE_MISSED;
}

/* Why it ended without us, when the user could not have seen it coming. */
const char *
_beckon_account_ended_reason (UcwaInvitation *invitation)
{
  const char *subcode = ucwa_invitation_get_failure_subcode (invitation);

  if (g_strcmp0 (subcode, "ApplicationLost") == 0)
    return _ ("Missed: the connection to the server was lost");
  if (g_strcmp0 (subcode, "SignedOut") == 0)
    return _ ("Missed: you were signed out");
  return NULL;
}

/* Waiting in the lobby, the join ended unadmitted: the user left the lobby
 * (the window's "Leave"), was not let in, or was signed out. */
void
_beckon_account_lobby_not_joined (BeckonInvitationItem *item)
{
  UcwaInvitation *invitation = beckon_invitation_item_get_invitation (item);
  const char     *subcode = ucwa_invitation_get_failure_subcode (invitation);
  const char     *reason = ucwa_invitation_get_failure_message (invitation);

  /* Ended here, not by the server: the model's words are not the user's. */
  if (g_strcmp0 (subcode, "SignedOut") == 0)
    reason = _ ("You were signed out");
  else if (g_strcmp0 (subcode, "ApplicationLost") == 0)
    reason = _ ("The connection to the server was lost");

  beckon_invitation_item_set_error_message (item, reason != NULL ? reason : _ ("You left the lobby"));
  beckon_invitation_item_set_state (item, BECKON_INVITATION_STATE_NOT_JOINED);
}

gboolean
_beckon_account_item_is_over (BeckonInvitationItem *item)
{
  switch (beckon_invitation_item_get_state (item))
    {
    case BECKON_INVITATION_STATE_ACCEPTED:
    case BECKON_INVITATION_STATE_DECLINED:
    case BECKON_INVITATION_STATE_MISSED:
    case BECKON_INVITATION_STATE_ANSWERED_ELSEWHERE:
    case BECKON_INVITATION_STATE_NOT_JOINED:
      return TRUE;
    case BECKON_INVITATION_STATE_PENDING:
    case BECKON_INVITATION_STATE_JOINING:
    case BECKON_INVITATION_STATE_IN_LOBBY:
    case BECKON_INVITATION_STATE_DECLINING:
    case BECKON_INVITATION_STATE_FAILED:
    default:
      return FALSE;
    }
}

const char *
_beckon_account_answer_href (UcwaInvitation *invitation,
                             BeckonAnswer    answer)
{
  return answer == BECKON_ANSWER_ACCEPT ? ucwa_invitation_get_accept_href (invitation)
                                        : ucwa_invitation_get_decline_href (invitation);
}

/* Offered, but without the link for this answer: the same words whether the
 * user asks now or the answer waited for the links to come back. */
const char *
_beckon_account_cannot_answer_here (BeckonAnswer answer)
{
  return answer == BECKON_ANSWER_ACCEPT ? _ ("This invitation cannot be accepted here")
                                        : _ ("This invitation cannot be declined here");
}

/* Ringing, but the server took its links away: the application is being
 * re-created, and the re-check either brings them back or ends the
 * invitation (see ucwa_model_detach_application()), or the invitation ended
 * and its completion is on its way to the item (which then refuses a waiting
 * answer with the reason).
 * An invitation that never had any is not waiting for them. */
static gboolean
links_away (BeckonAccount        *self,
            BeckonInvitationItem *item)
{
  UcwaInvitation *invitation = beckon_invitation_item_get_invitation (item);

  return beckon_invitation_item_get_state (item) == BECKON_INVITATION_STATE_PENDING &&
         ucwa_invitation_get_accept_href (invitation) == NULL &&
         ucwa_invitation_get_decline_href (invitation) == NULL &&
         g_hash_table_contains (self->offered, invitation);
}

/**
 * beckon_account_can_answer:
 * @answer: accept or decline
 * @error: why not, a translated message the user can be shown
 *
 * Returns: whether beckon_account_answer() would take @answer now (to send
 *   it at once, or as soon as the server offers the invitation again)
 */
gboolean
beckon_account_can_answer (BeckonAccount        *self,
                           BeckonInvitationItem *item,
                           BeckonAnswer          answer,
                           GError              **error)
{
  UcwaInvitation *invitation;

  g_return_val_if_fail (BECKON_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (item), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  invitation = beckon_invitation_item_get_invitation (item);
  switch (beckon_invitation_item_get_state (item))
    {
    case BECKON_INVITATION_STATE_JOINING:
    case BECKON_INVITATION_STATE_IN_LOBBY:
    case BECKON_INVITATION_STATE_DECLINING:
      g_set_error_literal (error, BECKON_ANSWER_ERROR, BECKON_ANSWER_ERROR_IN_PROGRESS,
                           _ ("Your answer is already on its way"));
      return FALSE;

    case BECKON_INVITATION_STATE_ACCEPTED:
    case BECKON_INVITATION_STATE_DECLINED:
    case BECKON_INVITATION_STATE_MISSED:
    case BECKON_INVITATION_STATE_ANSWERED_ELSEWHERE:
    case BECKON_INVITATION_STATE_NOT_JOINED:
      g_set_error_literal (error, BECKON_ANSWER_ERROR, BECKON_ANSWER_ERROR_OVER,
                           _ ("This invitation can no longer be answered"));
      return FALSE;

    case BECKON_INVITATION_STATE_PENDING:
    case BECKON_INVITATION_STATE_FAILED:
    default:
      break;
    }

  if (_beckon_account_answer_href (invitation, answer) != NULL || links_away (self, item))
    return TRUE;

  if (!ucwa_invitation_is_answerable (invitation))
    g_set_error_literal (error, BECKON_ANSWER_ERROR, BECKON_ANSWER_ERROR_NOT_OFFERED,
                         _ ("This invitation cannot be answered here"));
  else
    g_set_error_literal (error, BECKON_ANSWER_ERROR, BECKON_ANSWER_ERROR_NOT_OFFERED,
                         _beckon_account_cannot_answer_here (answer));
  return FALSE;
}

/**
 * beckon_account_can_reply:
 * @item: an invitation of the account's list
 *
 * Only a chat the user missed is replied to: one answered or declined has
 * its conversation or was refused on purpose, and a meeting is joined, not
 * replied to.  A reply needs the inviter's address and a session to start
 * the chat in.
 */
gboolean
beckon_account_can_reply (BeckonAccount        *self,
                          BeckonInvitationItem *item,
                          GError              **error)
{
  const char *uri;

  g_return_val_if_fail (BECKON_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (item), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (beckon_invitation_item_get_is_meeting (item) ||
      beckon_invitation_item_get_state (item) != BECKON_INVITATION_STATE_MISSED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _ ("Only a missed chat can be replied to"));
      return FALSE;
    }

  uri = beckon_invitation_item_get_inviter_uri (item);
  if (uri == NULL || *uri == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("The server did not say who invited you"));
      return FALSE;
    }

  if (!beckon_account_get_online (self))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, _ ("Sign in to reply"));
      return FALSE;
    }
  return TRUE;
}

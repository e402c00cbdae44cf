/* ucwa-model-state-private.h: UcwaModel's state, shared by its two files
 *
 * Only ucwa-model.c and ucwa-model-ending.c include this header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ucwa-href-set-private.h"
#include "ucwa-model.h"
#include "ucwa-operation-set-private.h"

G_BEGIN_DECLS

/* How many hrefs of finished resources we remember, to ignore the stragglers
 * a server sends after a `deleted` (and the completion of an outgoing
 * invitation): enough for any burst, small enough for a week-long session. */
#define RETIRED_HREFS_MAX 256

struct _UcwaModel
{
  GObject parent_instance;

  GUri *base;

  GListStore      *invitations;         /* UcwaInvitation, arrival order, incl. history */
  GHashTable      *invitations_by_href; /* href → UcwaInvitation */
  UcwaHrefSet      ignored_invitations; /* outgoing invitations and re-keyed hrefs */
  UcwaOperationSet outgoing;            /* ours, until their operation forgets them */

  GListStore *conversations;         /* UcwaConversation, the live ones */
  GHashTable *conversations_by_href; /* href → UcwaConversation */
  UcwaHrefSet removed_conversations; /* deleted: late events must not revive them */
};

/* ucwa-model.c */
void _ucwa_model_complete_invitation (UcwaModel      *self,
                                      UcwaInvitation *invitation,
                                      gboolean        success,
                                      const char     *code,
                                      const char     *subcode,
                                      const char     *message);
void _ucwa_model_remove_conversation (UcwaModel        *self,
                                      UcwaConversation *conversation);

G_END_DECLS

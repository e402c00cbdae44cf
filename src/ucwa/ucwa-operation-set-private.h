/* ucwa-operation-set-private.h: our own invitations, by operationId
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ucwa-event.h"
#include "ucwa-invitation.h"

G_BEGIN_DECLS

/* Embedded by value in the model: the outgoing invitations an operation
 * waits for (startMessaging, joinOnlineMeeting), known by the operationId
 * they were started with before the server names them (§7). */
typedef struct
{
  GHashTable *by_id; /* operationId → UcwaInvitation */
} UcwaOperationSet;

void            ucwa_operation_set_init (UcwaOperationSet *set);
void            ucwa_operation_set_destroy (UcwaOperationSet *set);
/* Returns (transfer none) a new PENDING outgoing invitation, held by @set. */
UcwaInvitation *ucwa_operation_set_add (UcwaOperationSet  *set,
                                        UcwaInvitationKind kind,
                                        const char        *operation_id);
/* Returns (transfer none) (nullable) the held invitation not yet named
 * whose operationId the event's embedded copy carries; it is named by the
 * event's href from now on. */
UcwaInvitation *ucwa_operation_set_claim (UcwaOperationSet *set,
                                          const UcwaEvent  *event);
/* FALSE if @set does not hold it. */
gboolean        ucwa_operation_set_remove (UcwaOperationSet *set,
                                           UcwaInvitation   *invitation);
/* Returns (transfer full): a new reference on each held invitation. */
GPtrArray      *ucwa_operation_set_dup_all (UcwaOperationSet *set);
guint           ucwa_operation_set_size (UcwaOperationSet *set);

G_END_DECLS

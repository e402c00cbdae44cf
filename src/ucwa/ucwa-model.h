/* ucwa-model.h: client-side state built from the event channel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "ucwa-conversation.h"
#include "ucwa-event.h"
#include "ucwa-invitation.h"

G_BEGIN_DECLS

#define UCWA_TYPE_MODEL (ucwa_model_get_type ())
G_DECLARE_FINAL_TYPE (UcwaModel, ucwa_model, UCWA, MODEL, GObject)

UcwaModel        *ucwa_model_new                      (void);
void              ucwa_model_set_base_uri             (UcwaModel        *self,
                                                       GUri             *base);
gboolean          ucwa_model_event_wants_resource     (UcwaModel        *self,
                                                       const UcwaEvent  *event);
void              ucwa_model_apply_event              (UcwaModel        *self,
                                                       const UcwaEvent  *event);
void              ucwa_model_apply_batch              (UcwaModel        *self,
                                                       const UcwaEventBatch *batch);
void              ucwa_model_reset_transient          (UcwaModel        *self);
UcwaInvitation   *ucwa_model_lookup_invitation        (UcwaModel        *self,
                                                       const char       *href);
UcwaConversation *ucwa_model_lookup_conversation      (UcwaModel        *self,
                                                       const char       *href);
GListModel       *ucwa_model_get_invitations          (UcwaModel        *self);  /* UcwaInvitation, arrival order */
GListModel       *ucwa_model_get_conversations        (UcwaModel        *self);  /* UcwaConversation */
UcwaMessage      *ucwa_model_add_outgoing_message     (UcwaModel        *self,
                                                       UcwaConversation *conversation,
                                                       const char       *operation_id,
                                                       const char       *text);
void              ucwa_model_fail_outgoing_message    (UcwaModel        *self,
                                                       UcwaMessage      *message);

G_END_DECLS

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

/*
 * UcwaModel keeps the state the event channel describes, keyed by each
 * resource's absolute href.  The objects it hands out are read-only for
 * callers and stay valid for as long as they are held.
 *
 * Signals (each emitted once per object, after the model is updated):
 *   "invitation-added"     (UcwaInvitation *)  an incoming invitation was offered;
 *                                              outgoing ones (ours) are not reported,
 *                                              a re-offer of a pending one (same kind
 *                                              and threadId, new href) is re-keyed
 *                                              silently
 *   "invitation-completed" (UcwaInvitation *)  its status became SUCCEEDED or FAILED
 *   "conversation-added"   (UcwaConversation *) first event about a conversation
 *   "conversation-removed" (UcwaConversation *) deleted (or reset): it is DISCONNECTED
 *                                              and gone from get_conversations()
 *   "message-added"        (UcwaConversation *, UcwaMessage *) appended to the
 *                                              conversation's messages; later events
 *                                              about it update the same object
 *
 * Properties: "invitations" and "conversations" (GListModel, read-only).
 *
 * ucwa_model_reset_transient(): when the server's transient state is known
 * to be gone (the session re-checks instead after a resync or resume, see
 * below): every conversation is removed, and every pending
 * invitation becomes FAILED with failure code "LocalFailure", subcode
 * "Resynchronized" (its completion would never arrive).
 *
 * ucwa_model_sign_out(): the same when the user is signed out (by choice,
 * an expired application, a fatal error or quit), with subcode "SignedOut":
 * no answer can reach the server any more, and the next sign-in starts with
 * nothing ringing and no conversation.
 *
 * ucwa_model_dup_transient_hrefs() and ucwa_model_resource_gone(): what a
 * client does instead after a resync or resume, where that state only *may*
 * have been reset: the hrefs (strings) of the pending invitations and live
 * conversations, to GET; one that answers 404 is gone: a pending invitation
 * becomes FAILED ("LocalFailure", "Resynchronized"), a conversation is
 * removed.  What still exists stays exactly as it was.
 *
 * ucwa_model_detach_application(): the application was lost and a new one is
 * being created: every conversation is removed, but pending invitations stay
 * PENDING (without their dead accept/decline links) until the client has
 * re-checked them: ucwa_model_resource_lost() ends one its GET did not find
 * (FAILED, "LocalFailure", "ApplicationLost": no server promises to offer
 * them again), ucwa_model_resource_alive() gives one its GET found back what
 * the server says of it now (its links included).  A re-offer in the new
 * application (same kind and threadId) re-keys a pending one meanwhile.
 *
 * ucwa_model_add_outgoing_message() returns (transfer none) a PENDING
 * message held by the conversation; the message event carrying the same
 * operationId updates it.  ucwa_model_fail_outgoing_message() turns a PENDING
 * message into FAILED (a delivered one stays delivered);
 * ucwa_model_confirm_outgoing_message() a PENDING one into DELIVERED, for a
 * message whose delivery no event reports (the first message of a
 * startMessaging, which travels with the invitation the remote accepted).
 *
 * ucwa_model_add_outgoing_invitation() returns (transfer none) a PENDING
 * outgoing invitation, held by the model until
 * ucwa_model_forget_outgoing_invitation(): the invitation events carrying
 * the same operationId (§7: they may come before the POST's 201) give it its
 * href and update it; its completion is not announced ("invitation-added"
 * and "invitation-completed" are for the user's incoming ones), watch its
 * "status".  Reset, sign-out and the loss of the application fail it
 * ("LocalFailure" with subcode "Resynchronized", "SignedOut",
 * "ApplicationLost"): its completion would never come.
 */

UcwaModel        *ucwa_model_new (void);
void              ucwa_model_set_base_uri (UcwaModel *self,
                                           GUri      *base);
gboolean          ucwa_model_event_wants_resource (UcwaModel       *self,
                                                   const UcwaEvent *event);
void              ucwa_model_apply_event (UcwaModel       *self,
                                          const UcwaEvent *event);
void              ucwa_model_apply_batch (UcwaModel            *self,
                                          const UcwaEventBatch *batch);
void              ucwa_model_reset_transient (UcwaModel *self);
void              ucwa_model_sign_out (UcwaModel *self);
void              ucwa_model_detach_application (UcwaModel *self);
GPtrArray        *ucwa_model_dup_transient_hrefs (UcwaModel *self);
void              ucwa_model_resource_gone (UcwaModel  *self,
                                            const char *href);
void              ucwa_model_resource_lost (UcwaModel  *self,
                                            const char *href);
void              ucwa_model_resource_alive (UcwaModel  *self,
                                             const char *href,
                                             JsonObject *resource);
UcwaInvitation   *ucwa_model_lookup_invitation (UcwaModel  *self,
                                                const char *href);
UcwaConversation *ucwa_model_lookup_conversation (UcwaModel  *self,
                                                  const char *href);
GListModel       *ucwa_model_get_invitations (UcwaModel *self); /* UcwaInvitation, arrival order */
/* Drops a finished invitation from the list and the href table once its
 * owner keeps no history of it (a service runs for weeks); late events for
 * its href are ignored.  A pending one is kept. */
void              ucwa_model_forget_invitation (UcwaModel      *self,
                                                UcwaInvitation *invitation);
/* How many hrefs the model keeps (live, finished and retired): for the
 * tests and benchmarks that check it stays bounded. */
guint             ucwa_model_get_n_hrefs (UcwaModel *self);
GListModel       *ucwa_model_get_conversations (UcwaModel *self); /* UcwaConversation */
UcwaMessage      *ucwa_model_add_outgoing_message (UcwaModel        *self,
                                                   UcwaConversation *conversation,
                                                   const char       *operation_id,
                                                   const char       *text);
void              ucwa_model_fail_outgoing_message (UcwaModel   *self,
                                                    UcwaMessage *message);
void              ucwa_model_confirm_outgoing_message (UcwaModel   *self,
                                                       UcwaMessage *message);
UcwaInvitation   *ucwa_model_add_outgoing_invitation (UcwaModel         *self,
                                                      UcwaInvitationKind kind,
                                                      const char        *operation_id);
void              ucwa_model_forget_outgoing_invitation (UcwaModel      *self,
                                                         UcwaInvitation *invitation);

G_END_DECLS

/* beckon-account-copy.h: the account as the GTK thread sees it, copied from the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "beckon-account.h"
#include "beckon-conversation-copy.h"
#include "beckon-core.h"
#include "beckon-invitation-copy.h"

G_BEGIN_DECLS

#define BECKON_TYPE_ACCOUNT_COPY (beckon_account_copy_get_type ())
G_DECLARE_FINAL_TYPE (BeckonAccountCopy, beckon_account_copy, BECKON, ACCOUNT_COPY, GObject)

/* Signals, as BeckonAccount's, with copies:
 *  "invitation-added"   (BeckonInvitationCopy *item)
 *  "conversation-ready" (BeckonInvitationCopy *item, BeckonConversationCopy *conversation)
 *  "history-restored"
 *  "batch-applied"      one turn of the core's changes is in the copies.
 * Properties, as BeckonAccount's: "invitations" (GListModel of
 * BeckonInvitationCopy, newest first), "status-text", "online",
 * "do-not-disturb"; and the session's: "session-state" (UcwaSessionState),
 * "display-name", "user". */

BeckonAccountCopy *beckon_account_copy_new (BeckonCore    *core,
                                            BeckonAccount *account);
void               beckon_account_copy_disconnect (BeckonAccountCopy *self);

GListModel      *beckon_account_copy_get_invitations (BeckonAccountCopy *self);
const char      *beckon_account_copy_get_status_text (BeckonAccountCopy *self);
gboolean         beckon_account_copy_get_online (BeckonAccountCopy *self);
gboolean         beckon_account_copy_get_do_not_disturb (BeckonAccountCopy *self);
UcwaSessionState beckon_account_copy_get_session_state (BeckonAccountCopy *self);
const char      *beckon_account_copy_get_display_name (BeckonAccountCopy *self);
const char      *beckon_account_copy_get_user (BeckonAccountCopy *self);
guint            beckon_account_copy_get_n_batches (BeckonAccountCopy *self);
/* The conversations followed: those of the listed items, and those still
 * going whose item left the list. */
guint            beckon_account_copy_get_n_conversations (BeckonAccountCopy *self);

/* As beckon_account_can_answer() and beckon_account_answer(), with the
 * verdicts the account gave last; the answer goes to the account, which
 * decides again on what it has now. */
gboolean beckon_account_copy_can_answer (BeckonAccountCopy    *self,
                                         BeckonInvitationCopy *item,
                                         BeckonAnswer          answer,
                                         GError              **error);
gboolean beckon_account_copy_answer (BeckonAccountCopy    *self,
                                     BeckonInvitationCopy *item,
                                     BeckonAnswer          answer,
                                     GError              **error);

/* As beckon_account_clear_history(), on the core. */
void beckon_account_copy_clear_history (BeckonAccountCopy *self);

/* The main window's: the session's "sign-in-phase" (UcwaSignInPhase) and
 * its presence's "availability", "activity" and "ready" (as
 * "presence-ready"); beckon_account_set_availability() on the core. */
UcwaSignInPhase         beckon_account_copy_get_sign_in_phase (BeckonAccountCopy *self);
const char             *beckon_account_copy_get_availability (BeckonAccountCopy *self);
const char             *beckon_account_copy_get_activity (BeckonAccountCopy *self);
gboolean                beckon_account_copy_get_presence_ready (BeckonAccountCopy *self);
void                    beckon_account_copy_set_availability (BeckonAccountCopy *self,
                                                              const char        *availability);
/* For the tests, which hold the core's items: waits for the core
 * (beckon-account-copy-follow.c). */
BeckonInvitationCopy   *beckon_account_copy_find_item (BeckonAccountCopy    *self,
                                                       BeckonInvitationItem *item);
/* The preferences' Clear History, with its outcome. */
void                    beckon_account_copy_clear_history_async (BeckonAccountCopy  *self,
                                                                 GCancellable       *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer            user_data);
gboolean                beckon_account_copy_clear_history_finish (BeckonAccountCopy *self,
                                                                  GAsyncResult      *result,
                                                                  GError           **error);
/* The copies the core's messages name by id (a notification clicked, a
 * join's or a new chat's conversation), on the owner's thread without
 * waiting: the core sends the batch with them before the message. */
BeckonInvitationCopy   *_beckon_account_copy_lookup_item (BeckonAccountCopy *self,
                                                          guint64            id);
BeckonConversationCopy *_beckon_account_copy_lookup_conversation (BeckonAccountCopy *self,
                                                                  guint64            id);
/* For the tests and the benchmarks, which hold the core's objects: copies
 * an item the account does not list, or a conversation, from now on, and
 * says at once what it is; waits for the core (beckon_core_call()).  The
 * pointers are only handed to the core, never read on this thread. */
BeckonInvitationCopy   *_beckon_account_copy_follow_item (BeckonAccountCopy    *self,
                                                          BeckonInvitationItem *item);
BeckonConversationCopy *_beckon_account_copy_follow_conversation (BeckonAccountCopy *self,
                                                                  UcwaConversation  *conversation);
/* For the tests, which drive the core (beckon_core_call()): the core's
 * conversation that @conversation copies, NULL if no longer followed. */
UcwaConversation       *_beckon_account_copy_get_core_conversation (BeckonAccountCopy      *self,
                                                                    BeckonConversationCopy *conversation);
/* The application's: the session's "error" (as "session-error") and
 * "retry-in", the certificate its connection refused
 * ("refused-certificate"); signing in and out on the core. */
const GError           *beckon_account_copy_get_session_error (BeckonAccountCopy *self);
guint                   beckon_account_copy_get_retry_in (BeckonAccountCopy *self);
GTlsCertificate        *beckon_account_copy_get_refused_certificate (BeckonAccountCopy *self);
void                    beckon_account_copy_sign_in_async (BeckonAccountCopy  *self,
                                                           const char         *server_url,
                                                           const char         *user,
                                                           const char         *password,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
gboolean                beckon_account_copy_sign_in_finish (BeckonAccountCopy *self,
                                                            GAsyncResult      *result,
                                                            GTlsCertificate  **refused,
                                                            GError           **error);
void                    beckon_account_copy_sign_out_async (BeckonAccountCopy  *self,
                                                            GCancellable       *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer            user_data);
gboolean                beckon_account_copy_sign_out_finish (BeckonAccountCopy *self,
                                                             GAsyncResult      *result,
                                                             GError           **error);
/* As ucwa_session_search_async(): a GListModel of UcwaContact, copies. */
void                    beckon_account_copy_search_people_async (BeckonAccountCopy  *self,
                                                                 const char         *query,
                                                                 guint               limit,
                                                                 GCancellable       *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer            user_data);
GListModel             *beckon_account_copy_search_people_finish (BeckonAccountCopy *self,
                                                                  GAsyncResult      *result,
                                                                  GError           **error);

G_END_DECLS

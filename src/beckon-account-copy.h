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

/* The application's: the session's "error" (as "session-error") and
 * "retry-in", the certificate its connection refused
 * ("refused-certificate"); signing in and out on the core. */
const GError    *beckon_account_copy_get_session_error (BeckonAccountCopy *self);
guint            beckon_account_copy_get_retry_in (BeckonAccountCopy *self);
GTlsCertificate *beckon_account_copy_get_refused_certificate (BeckonAccountCopy *self);
void             beckon_account_copy_sign_in_async (BeckonAccountCopy  *self,
                                                    const char         *server_url,
                                                    const char         *user,
                                                    const char         *password,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
gboolean         beckon_account_copy_sign_in_finish (BeckonAccountCopy *self,
                                                     GAsyncResult      *result,
                                                     GTlsCertificate  **refused,
                                                     GError           **error);
void             beckon_account_copy_sign_out_async (BeckonAccountCopy  *self,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
gboolean         beckon_account_copy_sign_out_finish (BeckonAccountCopy *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);
/* As ucwa_session_search_async(): a GListModel of UcwaContact, copies. */
void             beckon_account_copy_search_people_async (BeckonAccountCopy  *self,
                                                          const char         *query,
                                                          guint               limit,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
GListModel      *beckon_account_copy_search_people_finish (BeckonAccountCopy *self,
                                                           GAsyncResult      *result,
                                                           GError           **error);

G_END_DECLS

/* ucwa-session.h: one signed-in UCWA account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "ucwa-connection.h"
#include "ucwa-contact.h"
#include "ucwa-conversation.h"
#include "ucwa-enums.h"
#include "ucwa-event-channel.h"
#include "ucwa-invitation.h"
#include "ucwa-meeting-link.h"
#include "ucwa-model.h"

G_BEGIN_DECLS

#define UCWA_TYPE_SESSION (ucwa_session_get_type ())
G_DECLARE_FINAL_TYPE (UcwaSession, ucwa_session, UCWA, SESSION, GObject)

UcwaSession *ucwa_session_new (void);

UcwaSessionState  ucwa_session_get_state (UcwaSession *self);
UcwaSignInPhase   ucwa_session_get_sign_in_phase (UcwaSession *self);
const GError     *ucwa_session_get_error (UcwaSession *self);
guint             ucwa_session_get_retry_in (UcwaSession *self);
const char       *ucwa_session_get_user (UcwaSession *self);
const char       *ucwa_session_get_display_name (UcwaSession *self);
UcwaModel        *ucwa_session_get_model (UcwaSession *self);
UcwaConnection   *ucwa_session_get_connection (UcwaSession *self);
UcwaEventChannel *ucwa_session_get_event_channel (UcwaSession *self);
const char       *ucwa_session_get_endpoint_id (UcwaSession *self);
void              ucwa_session_set_endpoint_id (UcwaSession *self,
                                                const char  *endpoint_id);
void              ucwa_session_set_culture (UcwaSession *self,
                                            const char  *culture);
void              ucwa_session_set_user_agent (UcwaSession *self,
                                               const char  *user_agent);
void              ucwa_session_set_activity_interval (UcwaSession *self,
                                                      guint        seconds);
void              ucwa_session_set_operation_timeout (UcwaSession *self,
                                                      guint        milliseconds);
/* How long one GET that completes a link-only event may hold the events
 * behind it (default 3000 ms); past it the event is applied as it came. */
void              ucwa_session_set_fetch_timeout (UcwaSession *self,
                                                  guint        milliseconds);
void              ucwa_session_set_discovery_urls (UcwaSession       *self,
                                                   const char *const *urls);
char            **ucwa_session_build_discovery_urls (const char *sip_address);
char             *ucwa_session_default_endpoint_id (const char *user);

void     ucwa_session_sign_in_async (UcwaSession        *self,
                                     const char         *server_url,
                                     const char         *user,
                                     const char         *password,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean ucwa_session_sign_in_finish (UcwaSession  *self,
                                      GAsyncResult *result,
                                      GError      **error);
void     ucwa_session_sign_out_async (UcwaSession        *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
gboolean ucwa_session_sign_out_finish (UcwaSession  *self,
                                       GAsyncResult *result,
                                       GError      **error);

void     ucwa_session_accept_async (UcwaSession        *self,
                                    UcwaInvitation     *invitation,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
gboolean ucwa_session_accept_finish (UcwaSession  *self,
                                     GAsyncResult *result,
                                     GError      **error);
void     ucwa_session_decline_async (UcwaSession        *self,
                                     UcwaInvitation     *invitation,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean ucwa_session_decline_finish (UcwaSession  *self,
                                      GAsyncResult *result,
                                      GError      **error);
void     ucwa_session_send_message_async (UcwaSession        *self,
                                          UcwaConversation   *conversation,
                                          const char         *text,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
gboolean ucwa_session_send_message_finish (UcwaSession  *self,
                                           GAsyncResult *result,
                                           GError      **error);
void     ucwa_session_set_is_typing_async (UcwaSession        *self,
                                           UcwaConversation   *conversation,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean ucwa_session_set_is_typing_finish (UcwaSession  *self,
                                            GAsyncResult *result,
                                            GError      **error);
void     ucwa_session_add_messaging_async (UcwaSession        *self,
                                           UcwaConversation   *conversation,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean ucwa_session_add_messaging_finish (UcwaSession  *self,
                                            GAsyncResult *result,
                                            GError      **error);
void     ucwa_session_leave_async (UcwaSession        *self,
                                   UcwaConversation   *conversation,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data);
gboolean ucwa_session_leave_finish (UcwaSession  *self,
                                    GAsyncResult *result,
                                    GError      **error);

/* What the user starts (ucwa-outgoing.c has the details). */
void              ucwa_session_start_messaging_async (UcwaSession        *self,
                                                      const char         *to,
                                                      const char         *first_message,
                                                      const char         *subject,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
UcwaConversation *ucwa_session_start_messaging_finish (UcwaSession  *self,
                                                       GAsyncResult *result,
                                                       GError      **error);
void              ucwa_session_join_meeting_async (UcwaSession        *self,
                                                   const char         *url,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
UcwaConversation *ucwa_session_join_meeting_finish (UcwaSession  *self,
                                                    GAsyncResult *result,
                                                    GError      **error);
void              ucwa_session_search_async (UcwaSession        *self,
                                             const char         *query,
                                             guint               limit,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
/* (transfer full): UcwaContact */
GListModel       *ucwa_session_search_finish (UcwaSession  *self,
                                              GAsyncResult *result,
                                              GError      **error);

G_END_DECLS

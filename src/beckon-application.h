/* beckon-application.h: the application: one account, its windows and notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "beckon-account-copy.h"
#include "beckon-account.h"
#include "beckon-meeting-join-copy.h"
#include "beckon-message-notifier.h"
#include "beckon-notifier.h"
#include "beckon-password.h"
#include "beckon-trusted-ca.h"

G_BEGIN_DECLS

#define BECKON_TYPE_APPLICATION (beckon_application_get_type ())
G_DECLARE_FINAL_TYPE (BeckonApplication, beckon_application, BECKON, APPLICATION, AdwApplication)

BeckonApplication     *beckon_application_new (void);
BeckonAccount         *beckon_application_get_account (BeckonApplication *self);
BeckonAccountCopy     *beckon_application_get_account_copy (BeckonApplication *self);
BeckonCore            *beckon_application_get_core (BeckonApplication *self);
BeckonTrustedCa       *beckon_application_get_trusted_ca (BeckonApplication *self);
BeckonNotifier        *beckon_application_get_notifier (BeckonApplication *self);
BeckonMessageNotifier *beckon_application_get_message_notifier (BeckonApplication *self);
void                   beckon_application_sign_in (BeckonApplication *self,
                                                   const char        *server_url,
                                                   const char        *user,
                                                   const char        *password);
BeckonMeetingJoinCopy *beckon_application_join_meeting (BeckonApplication *self,
                                                        const char        *url,
                                                        GError           **error);
/* (transfer none): the new chat's conversation window */
GtkWindow             *beckon_application_start_chat (BeckonApplication *self,
                                                      const char        *address,
                                                      const char        *name,
                                                      GError           **error);
void                   beckon_application_take_startup_password (BeckonApplication *self,
                                                                 BeckonPassword    *password);

G_END_DECLS

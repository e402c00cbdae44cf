/* beckon-window.h: the main window: account status and invitations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "beckon-account-copy.h"
#include "beckon-trusted-ca.h"

G_BEGIN_DECLS

#define BECKON_TYPE_WINDOW (beckon_window_get_type ())
G_DECLARE_FINAL_TYPE (BeckonWindow, beckon_window, BECKON, WINDOW, AdwApplicationWindow)

/* Signals:
 *  "sign-in-requested" (const char *server_url, const char *user, const char *password):
 *      the user filled in the sign-in page (server_url may be "" for autodiscovery;
 *      password is "" after trusting a certificate authority with no password typed:
 *      sign in with the stored one).
 *  "sign-out-requested" ().
 */

BeckonWindow *beckon_window_new (GtkApplication *application);
void          beckon_window_set_account (BeckonWindow      *self,
                                         BeckonAccountCopy *account);
void          beckon_window_set_trusted_ca (BeckonWindow    *self,
                                            BeckonTrustedCa *trusted_ca);
void          beckon_window_show_sign_in (BeckonWindow *self,
                                          const char   *server_url,
                                          const char   *user,
                                          const char   *error_message);
void          beckon_window_show_sign_in_note (BeckonWindow *self,
                                               const char   *note);
void          beckon_window_show_untrusted_certificate (BeckonWindow    *self,
                                                        GTlsCertificate *certificate);
gboolean      beckon_window_trust_ca_file (BeckonWindow *self,
                                           GFile        *file);
void          beckon_window_show_sign_in_error (BeckonWindow *self,
                                                const char   *server_url,
                                                const char   *user,
                                                const GError *error);
void          beckon_window_show_invitations (BeckonWindow *self);
void          beckon_window_select_invitation (BeckonWindow         *self,
                                               BeckonInvitationCopy *item);
void          beckon_window_show_notice (BeckonWindow *self,
                                         const char   *message);
const char   *beckon_window_get_notice (BeckonWindow *self);

G_END_DECLS

/* beckon-sign-in-page.h: the main window's sign-in page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "beckon-account-copy.h"
#include "beckon-trusted-ca.h"

G_BEGIN_DECLS

#define BECKON_TYPE_SIGN_IN_PAGE (beckon_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (BeckonSignInPage, beckon_sign_in_page, BECKON, SIGN_IN_PAGE, AdwBin)

/* Signals:
 *  "sign-in-requested" (const char *server_url, const char *user, const char *password):
 *      as BeckonWindow::sign-in-requested, which the main window passes on.
 */

guint    beckon_sign_in_requested_signal_new (GType type);
void     beckon_sign_in_page_set_account (BeckonSignInPage  *self,
                                          BeckonAccountCopy *account);
void     beckon_sign_in_page_set_trusted_ca (BeckonSignInPage *self,
                                             BeckonTrustedCa  *trusted_ca);
void     beckon_sign_in_page_show (BeckonSignInPage *self,
                                   const char       *server_url,
                                   const char       *user,
                                   const char       *error_message);
void     beckon_sign_in_page_show_note (BeckonSignInPage *self,
                                        const char       *note);
void     beckon_sign_in_page_show_untrusted_certificate (BeckonSignInPage *self,
                                                         GTlsCertificate  *certificate);
gboolean beckon_sign_in_page_trust_ca_file (BeckonSignInPage *self,
                                            GFile            *file);
void     beckon_sign_in_page_show_error (BeckonSignInPage *self,
                                         const char       *server_url,
                                         const char       *user,
                                         const GError     *error);
void     beckon_sign_in_page_finish (BeckonSignInPage *self);

G_END_DECLS

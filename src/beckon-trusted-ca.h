/* beckon-trusted-ca.h: the certificate authority trusted for on-premises servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "beckon-core.h"
#include "ucwa-connection.h"

G_BEGIN_DECLS

#define BECKON_TYPE_TRUSTED_CA (beckon_trusted_ca_get_type ())
G_DECLARE_FINAL_TYPE (BeckonTrustedCa, beckon_trusted_ca, BECKON, TRUSTED_CA, GObject)

/* Properties: "file" (the extra-ca-file in use, nullable), "certificate"
 * (its first certificate, nullable: none, or the file cannot be read),
 * "n-certificates". */

BeckonTrustedCa *beckon_trusted_ca_new (BeckonCore     *core,
                                        UcwaConnection *connection);
void             beckon_trusted_ca_set_settings (BeckonTrustedCa *self,
                                                 GSettings       *settings);
const char      *beckon_trusted_ca_get_file (BeckonTrustedCa *self);
GTlsCertificate *beckon_trusted_ca_get_certificate (BeckonTrustedCa *self);
guint            beckon_trusted_ca_get_n_certificates (BeckonTrustedCa *self);
char            *beckon_trusted_ca_dup_copy_path (void);
/* Trusts the certificate authorities in @file from now on: @file must hold
 * only CA certificates (see ucwa_certificate_is_authority()).  Beckon keeps
 * a copy of its own, so the original may go.  On error (translated, for the
 * user) nothing changed. */
gboolean         beckon_trusted_ca_trust_file (BeckonTrustedCa *self,
                                               GFile           *file,
                                               GError         **error);
/* Trusts no extra authority any more, and deletes Beckon's copy. */
void             beckon_trusted_ca_forget (BeckonTrustedCa *self);

G_END_DECLS

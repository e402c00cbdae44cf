/* ucwa-certificate.h: certificates as a user judges them, and which may be trusted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The certificate's distinguished names, as GIO's TLS backend writes them
 * ("CN=localhost"); NULL when the backend cannot tell. */
char      *ucwa_certificate_dup_subject (GTlsCertificate *certificate);
char      *ucwa_certificate_dup_issuer (GTlsCertificate *certificate);
/* SHA-256 of the DER encoding, "AB:CD:…" (32 pairs, upper case): what a
 * browser or `openssl x509 -fingerprint -sha256` shows. */
char      *ucwa_certificate_dup_fingerprint (GTlsCertificate *certificate);
/* Every certificate in @data: PEM ("-----BEGIN CERTIFICATE-----" blocks;
 * other blocks such as keys are skipped) or a single DER certificate (a
 * .cer from Windows).  G_TLS_ERROR_BAD_CERTIFICATE when there is none or a
 * block does not parse.  Returns a GPtrArray of GTlsCertificate. */
GPtrArray *ucwa_certificate_list_from_data (const char *data,
                                            gsize       size,
                                            GError    **error);
/* Whether the certificate may issue others: its basicConstraints extension
 * says cA TRUE, and its keyUsage, if any, allows keyCertSign.  A version 1
 * certificate (no extensions) is not taken for one. */
gboolean   ucwa_certificate_is_authority (GTlsCertificate *certificate);
/* The same, on the DER encoding of a certificate; FALSE for anything that
 * is not well-formed DER. */
gboolean   ucwa_certificate_der_is_authority (const guint8 *der,
                                              gsize         size);

G_END_DECLS

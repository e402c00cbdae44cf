/* ucwa-token.h: the token request's body and the token endpoint's answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void    ucwa_token_free_secret (char *secret);
GBytes *ucwa_token_request_body_new (const char *username,
                                     const char *password);

gboolean ucwa_token_parse (guint       http_status,
                           const char *data,
                           gsize       length,
                           char      **authorization,
                           gint64     *expires_in,
                           GError    **error);

G_END_DECLS

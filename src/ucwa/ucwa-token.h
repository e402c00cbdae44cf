/* ucwa-token.h: reading the token endpoint's answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean ucwa_token_parse (guint       http_status,
                           const char *data,
                           gsize       length,
                           char      **authorization,
                           gint64     *expires_in,
                           GError    **error);

G_END_DECLS

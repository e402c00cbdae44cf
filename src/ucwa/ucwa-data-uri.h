/* ucwa-data-uri.h: RFC 2397 data URIs, as UCWA carries message text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest decoded payload accepted: an IM is a few kilobytes at most. */
#define UCWA_DATA_URI_MAX_SIZE (1024 * 1024)

gboolean ucwa_data_uri_decode (const char *uri,
                               char      **mime_type,
                               GBytes    **data,
                               GError    **error);
char    *ucwa_data_uri_decode_text (const char *uri,
                                    gboolean   *is_html,
                                    GError    **error);
char    *ucwa_data_uri_encode_text (const char *text);
char    *ucwa_html_to_text (const char *html);

G_END_DECLS

/* ucwa-uri.h: resolving and checking the hrefs a server hands out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char    *ucwa_uri_resolve (GUri       *base,
                           const char *href,
                           GError    **error);
gboolean ucwa_uri_same_origin (GUri *a,
                               GUri *b);
gboolean ucwa_uri_is_loopback (GUri *uri);
gboolean ucwa_uri_check_transport (GUri    *uri,
                                   GError **error);
char    *ucwa_uri_add_query_param (const char *uri,
                                   const char *name,
                                   const char *value);
char    *ucwa_uri_get_query_param (const char *uri,
                                   const char *name);

G_END_DECLS

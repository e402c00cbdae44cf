/* ucwa-resource.h: tolerant accessors for UCWA JSON resources
 *
 * Servers send links as objects or arrays, omit what they like and may send
 * the wrong type: every accessor answers NULL/default instead of warning.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

const char *ucwa_resource_get_string (JsonObject *resource,
                                      const char *member);
gboolean    ucwa_resource_get_boolean (JsonObject *resource,
                                       const char *member,
                                       gboolean    fallback);
gint64      ucwa_resource_get_int (JsonObject *resource,
                                   const char *member,
                                   gint64      fallback);
char      **ucwa_resource_dup_strv (JsonObject *resource,
                                    const char *member);
JsonObject *ucwa_resource_get_embedded (JsonObject *resource,
                                        const char *rel);
const char *ucwa_resource_get_link_href (JsonObject *resource,
                                         const char *rel);
const char *ucwa_resource_get_link_title (JsonObject *resource,
                                          const char *rel);
char       *ucwa_resource_dup_link (JsonObject *resource,
                                    const char *rel,
                                    GUri       *base);
gint64      ucwa_resource_parse_date (const char *value);

G_END_DECLS

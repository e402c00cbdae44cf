/* ucwa-json.h: reading a JSON body from the network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper than any UCWA resource (an event batch nests about ten levels). */
#define UCWA_JSON_MAX_DEPTH 64

JsonNode *ucwa_json_parse (const char *data,
                           gsize       size,
                           GError    **error);

G_END_DECLS

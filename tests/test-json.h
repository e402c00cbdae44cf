/* test-json.h: reading UCWA JSON in the tests (json-glib only: the
 * reference test links no Beckon code, and this keeps it so)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef gboolean (*TestJsonEventMatch) (JsonObject *event,
                                        gpointer    data);

JsonNode   *test_json_path_node (JsonObject *object,
                                 const char *path);
const char *test_json_path_string (JsonObject *object,
                                   const char *path);
JsonObject *test_json_find_event (JsonObject        *events,
                                  const char        *rel,
                                  const char        *type,
                                  TestJsonEventMatch match,
                                  gpointer           data);
JsonObject *test_json_embedded (JsonObject *event,
                                const char *rel);

G_END_DECLS

/* test-json.c: reading UCWA JSON in the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib only, no Beckon or simulator code: test-sim-reference drives
 * the standalone simulator as a third-party client would.
 */

#include "config.h"

#include "test-json.h"

/* Walks "a.b.c" through nested objects; NULL if a step is missing. */
JsonNode *
test_json_path_node (JsonObject *object,
                     const char *path)
{
  g_auto (GStrv) steps = g_strsplit (path, ".", -1);
  JsonNode      *node = NULL;

  for (guint i = 0; steps[i] != NULL; i++)
    {
      if (object == NULL || !json_object_has_member (object, steps[i]))
        return NULL;
      node = json_object_get_member (object, steps[i]);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }

  return node;
}

/* The string at @path; NULL if it is missing or not a string. */
const char *
test_json_path_string (JsonObject *object,
                       const char *path)
{
  JsonNode *node = test_json_path_node (object, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The first event of an events response (@events) whose link has this
 * rel, that has this type and that @match (if any) accepts; NULL if there
 * is none. */
JsonObject *
test_json_find_event (JsonObject        *events,
                      const char        *rel,
                      const char        *type,
                      TestJsonEventMatch match,
                      gpointer           data)
{
  JsonNode  *node = test_json_path_node (events, "sender");
  JsonArray *senders;

  if (node == NULL)
    return NULL;

  senders = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (senders); i++)
    {
      JsonArray *list = json_object_get_array_member (json_array_get_object_element (senders, i), "events");

      for (guint j = 0; j < json_array_get_length (list); j++)
        {
          JsonObject *event = json_array_get_object_element (list, j);

          if (g_strcmp0 (test_json_path_string (event, "link.rel"), rel) == 0 &&
              g_strcmp0 (test_json_path_string (event, "type"), type) == 0 && (match == NULL || match (event, data)))
            return event;
        }
    }

  return NULL;
}

/* What @event embeds under @rel, which it must. */
JsonObject *
test_json_embedded (JsonObject *event,
                    const char *rel)
{
  JsonNode *embedded;
  JsonNode *node;

  g_assert_nonnull (event);
  embedded = test_json_path_node (event, "_embedded");
  g_assert_nonnull (embedded);
  node = test_json_path_node (json_node_get_object (embedded), rel);
  g_assert_nonnull (node);
  return json_node_get_object (node);
}

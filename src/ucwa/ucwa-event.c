/* ucwa-event.c: one event-channel response, parsed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shape is PROTOCOL.md §6.2: `_links` with `next` (or `resume`, or only
 * `resync`), and `sender` blocks each holding events in server order.  The
 * batch as a whole must be usable (a continuation link), or the channel
 * cannot go on: that is an error.  A single malformed event is skipped
 * instead, because dropping one event is recoverable (the client can GET
 * the resource later) while dropping the batch would lose all the others.
 */

#include "config.h"

#include "ucwa-event.h"

#include "ucwa-error.h"
#include "ucwa-resource.h"
#include "ucwa-uri.h"

typedef struct
{
  const char   *name;
  UcwaEventType type;
} TypeName;

static const TypeName type_names[] = {
  { "added", UCWA_EVENT_ADDED },
  { "updated", UCWA_EVENT_UPDATED },
  { "deleted", UCWA_EVENT_DELETED },
  { "started", UCWA_EVENT_STARTED },
  { "completed", UCWA_EVENT_COMPLETED },
};

const char *
ucwa_event_type_to_string (UcwaEventType type)
{
  switch (type)
    {
    case UCWA_EVENT_ADDED:
      return "added";
    case UCWA_EVENT_UPDATED:
      return "updated";
    case UCWA_EVENT_DELETED:
      return "deleted";
    case UCWA_EVENT_STARTED:
      return "started";
    case UCWA_EVENT_COMPLETED:
      return "completed";
    case UCWA_EVENT_UNKNOWN:
    default:
      return "unknown";
    }
}

/**
 * ucwa_event_type_from_string:
 * @type: (nullable): an event `type` as sent
 *
 * Returns: the event type; %UCWA_EVENT_UNKNOWN for anything else
 */
UcwaEventType
ucwa_event_type_from_string (const char *type)
{
  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (type_names); i++)
    if (g_ascii_strcasecmp (type, type_names[i].name) == 0)
      return type_names[i].type;

  return UCWA_EVENT_UNKNOWN;
}

void
ucwa_event_free (UcwaEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->sender_rel);
  g_free (event->sender_href);
  g_free (event->rel);
  g_free (event->href);
  g_free (event->title);
  g_free (event->in_rel);
  g_free (event->in_href);
  g_clear_pointer (&event->embedded, json_object_unref);
  g_free (event->status);
  g_free (event->reason_code);
  g_free (event->reason_subcode);
  g_free (event->reason_message);
  g_free (event);
}

G_DEFINE_BOXED_TYPE (UcwaEventBatch, ucwa_event_batch, ucwa_event_batch_ref, ucwa_event_batch_unref)

/* An empty batch (no links, no events) holding one reference. */
UcwaEventBatch *
ucwa_event_batch_new (void)
{
  UcwaEventBatch *batch = g_atomic_rc_box_new0 (UcwaEventBatch);

  batch->events = g_ptr_array_new_with_free_func ((GDestroyNotify) ucwa_event_free);
  return batch;
}

UcwaEventBatch *
ucwa_event_batch_ref (UcwaEventBatch *batch)
{
  g_return_val_if_fail (batch != NULL, NULL);

  return g_atomic_rc_box_acquire (batch);
}

static void
event_batch_clear (UcwaEventBatch *batch)
{
  g_free (batch->self_href);
  g_free (batch->next_href);
  g_free (batch->resync_href);
  g_clear_pointer (&batch->events, g_ptr_array_unref);
}

void
ucwa_event_batch_unref (UcwaEventBatch *batch)
{
  if (batch == NULL)
    return;

  g_atomic_rc_box_release_full (batch, (GDestroyNotify) event_batch_clear);
}

/* Everything an event names is a resource on the server: a data: URI
 * (fine for message text) makes no sense here, and following one as the
 * next P-GET would be worse. */
static char *
resolve_resource_href (GUri       *base,
                       const char *href,
                       GError    **error)
{
  char *resolved = ucwa_uri_resolve (base, href, error);

  if (resolved != NULL && g_ascii_strncasecmp (resolved, "data:", 5) == 0)
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The server sent a data: URI where a resource belongs");
      g_clear_pointer (&resolved, g_free);
    }

  return resolved;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A `{rel, href, title?}` link: both rel and href must be strings. */
static gboolean
read_link (JsonObject *link,
           GUri       *base,
           char      **rel,
           char      **href,
           char      **title,
           GError    **error)
{
  const char *link_rel = ucwa_resource_get_string (link, "rel");
  const char *link_href = ucwa_resource_get_string (link, "href");
  char       *resolved;

  if (link_rel == NULL || *link_rel == '\0' || link_href == NULL)
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "a link without rel or href");
      return FALSE;
    }

  resolved = resolve_resource_href (base, link_href, error);
  if (resolved == NULL)
    return FALSE;

  *rel = g_strdup (link_rel);
  *href = resolved;
  if (title != NULL)
    *title = g_strdup (ucwa_resource_get_string (link, "title"));

  return TRUE;
}

static JsonObject *
find_embedded (JsonObject *event,
               const char *rel)
{
  JsonObject *embedded = object_member (event, "_embedded");
  JsonObject *resource;

  if (embedded == NULL)
    return NULL;

  resource = ucwa_resource_get_embedded (event, rel);
  if (resource != NULL)
    return resource;

  /* Keyed by something else than the link rel, but unambiguous. */
  if (json_object_get_size (embedded) == 1)
    {
      g_autoptr (GList) members = json_object_get_members (embedded);

      return ucwa_resource_get_embedded (event, members->data);
    }

  return NULL;
}

static UcwaEvent *
parse_event (JsonNode   *node,
             const char *sender_rel,
             const char *sender_href,
             GUri       *base,
             GError    **error)
{
  g_autoptr (UcwaEvent) event = NULL;
  JsonObject           *object;
  JsonObject           *link;
  JsonNode             *in_node;
  JsonObject           *reason;
  JsonObject           *embedded;
  const char           *type;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE, "not an object");
      return NULL;
    }
  object = json_node_get_object (node);

  type = ucwa_resource_get_string (object, "type");
  if (type == NULL)
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE, "no type");
      return NULL;
    }

  link = object_member (object, "link");
  if (link == NULL)
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE, "no link");
      return NULL;
    }

  event = g_new0 (UcwaEvent, 1);
  event->type = ucwa_event_type_from_string (type);
  event->sender_rel = g_strdup (sender_rel);
  event->sender_href = g_strdup (sender_href);

  if (!read_link (link, base, &event->rel, &event->href, &event->title, error))
    return NULL;

  /* `in` tells which collection changed (a participant added to
   * typingParticipants is someone typing, not someone joining): a broken
   * one makes the event unreadable rather than something else. */
  in_node = json_object_get_member (object, "in");
  if (in_node != NULL && !JSON_NODE_HOLDS_NULL (in_node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (in_node))
        {
          g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE, "`in` is not an object");
          return NULL;
        }
      if (!read_link (json_node_get_object (in_node), base, &event->in_rel, &event->in_href, NULL, error))
        return NULL;
    }

  embedded = find_embedded (object, event->rel);
  if (embedded != NULL)
    event->embedded = json_object_ref (embedded);

  event->status = g_strdup (ucwa_resource_get_string (object, "status"));

  reason = object_member (object, "reason");
  if (reason != NULL)
    {
      event->reason_code = g_strdup (ucwa_resource_get_string (reason, "code"));
      event->reason_subcode = g_strdup (ucwa_resource_get_string (reason, "subcode"));
      event->reason_message = g_strdup (ucwa_resource_get_string (reason, "message"));
    }

  return g_steal_pointer (&event);
}

static void
parse_sender (JsonNode       *node,
              guint           index,
              GUri           *base,
              UcwaEventBatch *batch)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *sender_href = NULL;
  JsonObject        *sender;
  JsonNode          *events_node;
  JsonArray         *events;
  const char        *rel;
  const char        *href;
  guint              length;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_debug ("Skipping sender %u: not an object", index);
      return;
    }
  sender = json_node_get_object (node);

  rel = ucwa_resource_get_string (sender, "rel");
  href = ucwa_resource_get_string (sender, "href");
  if (rel == NULL || href == NULL)
    {
      g_debug ("Skipping sender %u: no rel or href", index);
      return;
    }

  sender_href = resolve_resource_href (base, href, &error);
  if (sender_href == NULL)
    {
      g_debug ("Skipping sender %u (%s): %s", index, rel, error->message);
      return;
    }

  events_node = json_object_get_member (sender, "events");
  if (events_node == NULL || JSON_NODE_HOLDS_NULL (events_node))
    return;
  if (!JSON_NODE_HOLDS_ARRAY (events_node))
    {
      g_debug ("Skipping sender %u (%s): events is not an array", index, rel);
      return;
    }

  events = json_node_get_array (events_node);
  length = json_array_get_length (events);
  for (guint i = 0; i < length; i++)
    {
      g_autoptr (GError) event_error = NULL;
      UcwaEvent         *event = parse_event (json_array_get_element (events, i),
                                              rel, sender_href, base, &event_error);

      if (event == NULL)
        {
          g_debug ("Skipping event %u of sender %s: %s", i, rel, event_error->message);
          continue;
        }

      g_ptr_array_add (batch->events, event);
    }
}

static char *
resolve_link (JsonObject *links_owner,
              const char *rel,
              GUri       *base,
              GError    **error)
{
  g_autoptr (GError) local_error = NULL;
  const char        *href = ucwa_resource_get_link_href (links_owner, rel);
  char              *resolved;

  if (href == NULL)
    return NULL;

  resolved = resolve_resource_href (base, href, &local_error);
  if (resolved == NULL)
    g_set_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                 "The event channel's %s link is unusable: %s", rel, local_error->message);

  return resolved;
}

/**
 * ucwa_event_batch_parse:
 * @root: (nullable): the parsed response body
 * @base: (nullable): the events URL the response came from
 * @error: return location for a %UCWA_ERROR_INVALID_RESPONSE
 *
 * Reads one event-channel response.  Malformed events are skipped (with a
 * debug message); a response without a way to continue is an error.
 *
 * Returns: (transfer full) (nullable): the batch
 */
UcwaEventBatch *
ucwa_event_batch_parse (JsonNode *root,
                        GUri     *base,
                        GError  **error)
{
  g_autoptr (UcwaEventBatch) batch = NULL;
  g_autoptr (GError)         self_error = NULL;
  JsonObject                *object;
  JsonNode                  *senders_node;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The event channel's answer is not a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);

  if (object_member (object, "_links") == NULL)
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The event channel's answer has no links");
      return NULL;
    }

  batch = ucwa_event_batch_new ();

  /* `self` is informational: a bad one costs nothing. */
  batch->self_href = resolve_link (object, "self", base, &self_error);
  if (self_error != NULL)
    g_debug ("%s", self_error->message);

  if (ucwa_resource_get_link_href (object, "next") != NULL)
    {
      batch->next_href = resolve_link (object, "next", base, error);
      if (batch->next_href == NULL)
        return NULL;
    }
  else if (ucwa_resource_get_link_href (object, "resume") != NULL)
    {
      batch->next_href = resolve_link (object, "resume", base, error);
      if (batch->next_href == NULL)
        return NULL;
      batch->is_resume = TRUE;
    }
  else if (ucwa_resource_get_link_href (object, "resync") != NULL)
    {
      batch->resync_href = resolve_link (object, "resync", base, error);
      if (batch->resync_href == NULL)
        return NULL;
    }
  else
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The event channel's answer has no next, resume or resync link");
      return NULL;
    }

  /* Missing or `[]` on a timeout (both are seen). */
  senders_node = json_object_get_member (object, "sender");
  if (senders_node != NULL && !JSON_NODE_HOLDS_NULL (senders_node))
    {
      JsonArray *senders;
      guint      length;

      if (!JSON_NODE_HOLDS_ARRAY (senders_node))
        {
          g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                               "The event channel's answer has a malformed sender list");
          return NULL;
        }

      senders = json_node_get_array (senders_node);
      length = json_array_get_length (senders);
      for (guint i = 0; i < length; i++)
        parse_sender (json_array_get_element (senders, i), i, base, batch);
    }

  return g_steal_pointer (&batch);
}

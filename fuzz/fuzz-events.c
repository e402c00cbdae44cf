/* fuzz-events.c: fuzz target for an event-channel response → UcwaEventBatch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: an HTTP response to the events GET, or its bare body (then 200).
 * Takes the path the event channel takes: a failure status becomes a
 * UCWA_ERROR from the body (ucwa_error_new_from_response), a success body is
 * parsed as JSON by ucwa_json_parse (as UcwaConnection does) and the root read as a batch
 * (ucwa_event_batch_parse) against the events URL, every event then read.
 * Seeds: tests/data/samples.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "fuzz-common.h"
#include "ucwa-error.h"
#include "ucwa-event.h"
#include "ucwa-json.h"

#define EVENTS_URL "https://lync.contoso.com/ucwa/oauth/v1/applications/101/events?ack=3&timeout=180"

static void
read_batch (const UcwaEventBatch *batch)
{
  gsize length = 0;

  /* Touch every string, so a dangling or unterminated one shows. */
  length += batch->self_href ? strlen (batch->self_href) : 0;
  length += batch->next_href ? strlen (batch->next_href) : 0;
  length += batch->resync_href ? strlen (batch->resync_href) : 0;
  for (guint i = 0; i < batch->events->len; i++)
    {
      const UcwaEvent *event = g_ptr_array_index (batch->events, i);
      const char      *strings[] = {
             ucwa_event_type_to_string (event->type),
             event->sender_rel,
             event->sender_href,
             event->rel,
             event->href,
             event->title,
             event->in_rel,
             event->in_href,
             event->status,
             event->reason_code,
             event->reason_subcode,
             event->reason_message,
      };

      for (guint j = 0; j < G_N_ELEMENTS (strings); j++)
        length += strings[j] ? strlen (strings[j]) : 0;
      if (event->embedded != NULL)
        length += json_object_get_size (event->embedded);
    }
  g_assert (length < G_MAXSIZE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (FuzzResponse)   response = fuzz_response_new (data, size, 200);
  g_autoptr (JsonNode)       root = NULL;
  g_autoptr (GUri)           base = NULL;
  g_autoptr (UcwaEventBatch) batch = NULL;
  g_autoptr (GError)         error = NULL;
  const char                *body;
  gsize                      length = 0;

  if (response->status < 200 || response->status > 299)
    {
      error = ucwa_error_new_from_response (response->status, response->content_type, response->body);
      return 0;
    }

  body = g_bytes_get_data (response->body, &length);
  root = ucwa_json_parse (body, length, &error);
  if (root == NULL)
    return 0;

  base = g_uri_parse (EVENTS_URL, G_URI_FLAGS_NONE, NULL);
  batch = ucwa_event_batch_parse (root, base, &error);
  g_assert ((batch == NULL) != (error == NULL));
  if (batch != NULL)
    read_batch (batch);

  return 0;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static const char *const inputs[] = {
    "{\"_links\":{\"self\":{\"href\":\"/e?ack=1\"},\"next\":{\"href\":\"/e?ack=2\"}},"
    "\"sender\":[{\"rel\":\"communication\",\"href\":\"/c\",\"events\":[{\"type\":\"updated\","
    "\"link\":{\"rel\":\"me\",\"href\":\"/me\"},\"_embedded\":{\"me\":{}}},"
    "{\"type\":\"completed\",\"link\":{\"rel\":\"x\",\"href\":\"data:,x\"},\"status\":\"Failure\","
    "\"reason\":{\"code\":\"c\",\"subcode\":\"s\",\"message\":\"m\"}}]}]}",
    "{\"_links\":{\"resync\":{\"href\":\"http://[::1\"}}}",
    "[1,",
    "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n"
    "{\"code\":\"NotFound\",\"subcode\":\"ApplicationNotFound\",\"message\":\"m\"}",
    "HTTP/1.1 500 Error\r\nContent-Type: application/xml\r\n\r\n<reason code=\"x\"/>",
    NULL,
  };

  fuzz_warm_up (inputs);
  return 0;
}

/* ucwa-sim-events.c: the simulator's event channel (P-GET, PROTOCOL.md §6)
 *
 * Queues events per application, builds numbered responses with exactly-once
 * ack semantics (a repeated ack replays the same bytes, a wrong one gets a
 * resync), parks the P-GET until events come or the hold expires, replaces
 * a superseded P-GET with 409 PGetReplaced, and plays the event-channel
 * faults.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ucwa-sim-private.h"

#define OVERSIZED_BODY (8 * 1024 * 1024)

void
sim_block_free (SimBlock *block)
{
  if (block == NULL)
    return;
  g_free (block->body);
  g_free (block);
}

SimEvent *
sim_comm_event (SimApp     *app,
                const char *rel,
                const char *href,
                const char *type)
{
  g_autofree char *sender = g_strdup_printf ("%s/communication", app->base);

  return sim_event_new ("communication", sender, rel, href, NULL, type);
}

SimEvent *
sim_conv_event (SimConv    *conv,
                const char *rel,
                const char *href,
                const char *title,
                const char *type)
{
  return sim_event_new ("conversation", conv->href, rel, href, title, type);
}

SimEvent *
sim_me_event (SimApp     *app,
              const char *rel,
              const char *suffix,
              const char *type)
{
  g_autofree char *sender = g_strdup_printf ("%s/me", app->base);
  g_autofree char *href = g_strdup_printf ("%s/me%s", app->base, suffix);

  return sim_event_new ("me", sender, rel, href, NULL, type);
}

/* LINK_ONLY_EVENTS makes a conversation's events carry bare links, which
 * real servers do for anything they do not consider real-time. */
void
sim_embed (SimConv    *conv,
           SimEvent   *event,
           const char *rel,
           JsonObject *resource)
{
  if (conv != NULL && conv->link_only)
    {
      json_object_unref (resource);
      return;
    }

  sim_event_set_embedded (event, rel, resource);
}

static void release_parked (UcwaSimServer *self,
                            SimApp        *app);

static gboolean
release_idle_cb (gpointer data)
{
  SimApp *app = data;

  app->release_source = 0;
  if (app->parked != NULL)
    release_parked (app->server, app);

  return G_SOURCE_REMOVE;
}

/* Every event is high priority enough to release a parked P-GET; the idle
 * lets all the events of one script step, queued in the same main-loop
 * iteration, go out together in one response. */
void
sim_queue_event (SimApp   *app,
                 SimEvent *event)
{
  g_ptr_array_add (app->pending, event);

  if (app->parked != NULL && app->release_source == 0)
    app->release_source = g_idle_add (release_idle_cb, app);
}

static JsonObject *
block_object (SimApp     *app,
              guint64     ack,
              const char *continuation)
{
  JsonObject *object = json_object_new ();
  JsonObject *links = json_object_new ();
  JsonArray  *senders = json_array_new ();
  JsonObject *sender = NULL;
  JsonArray  *events = NULL;

  sim_links_addf (links, "self", "%s/events?ack=%" G_GUINT64_FORMAT, app->base, ack);
  sim_links_addf (links, continuation, "%s/events?ack=%" G_GUINT64_FORMAT, app->base, ack + 1);
  json_object_set_object_member (object, "_links", links);

  /* Global order is kept: consecutive events of one sender share a block,
   * the same sender may appear again later (receiveim-15). */
  for (guint i = 0; i < app->pending->len; i++)
    {
      SimEvent *event = g_ptr_array_index (app->pending, i);

      if (sender == NULL ||
          !g_str_equal (json_object_get_string_member (sender, "rel"), event->sender_rel) ||
          !g_str_equal (json_object_get_string_member (sender, "href"), event->sender_href))
        {
          sender = json_object_new ();
          json_object_set_string_member (sender, "rel", event->sender_rel);
          json_object_set_string_member (sender, "href", event->sender_href);
          events = json_array_new ();
          json_object_set_array_member (sender, "events", events);
          json_array_add_object_element (senders, sender);
        }

      json_array_add_object_element (events, sim_event_to_json (event));
    }

  /* Always there, empty when the hold expired with nothing to say: what the
   * TAP fixtures show, and what strict clients expect (PROTOCOL.md §6.2). */
  json_object_set_array_member (object, "sender", senders);

  return object;
}

/* Turns the pending events into response number app->ack. */
static SimBlock *
build_block (SimApp      *app,
             const char  *continuation,
             JsonObject **out_object)
{
  JsonObject *object = block_object (app, app->ack, continuation);
  SimBlock   *block = g_new0 (SimBlock, 1);

  block->ack = app->ack;
  block->body = sim_json_to_string (object);
  block->n_events = app->pending->len;
  for (guint i = 0; i < app->pending->len; i++)
    if (sim_event_is_invitation (g_ptr_array_index (app->pending, i)))
      block->has_invitation = TRUE;
  g_ptr_array_set_size (app->pending, 0);

  if (out_object != NULL)
    *out_object = object;
  else
    json_object_unref (object);

  g_clear_pointer (&app->block, sim_block_free);
  app->block = block;

  return block;
}

static void
send_block (UcwaSimServer     *self,
            SimApp            *app,
            SoupServerMessage *msg,
            gboolean           paused,
            char              *override_body /* owned, nullable */)
{
  SimBlock *block = app->block;
  guint     n_events = block->n_events;
  gboolean  has_invitation = block->has_invitation;

  sim_reply_body (msg, SOUP_STATUS_OK, SIM_JSON_TYPE,
                  override_body != NULL ? override_body : g_strdup (block->body));
  app->last_poll = ucwa_sim_server_now (self);

  sim_server_emit (self, SIM_SIGNAL_EVENTS_RELEASED, n_events, has_invitation);

  if (paused)
    soup_server_message_unpause (msg);
}

SoupServerMessage *
sim_take_parked (SimApp *app)
{
  g_clear_handle_id (&app->hold_source, g_source_remove);
  g_clear_handle_id (&app->release_source, g_source_remove);
  app->last_poll = ucwa_sim_server_now (app->server);

  return g_steal_pointer (&app->parked);
}

static void
release_parked (UcwaSimServer *self,
                SimApp        *app)
{
  g_autoptr (SoupServerMessage) msg = sim_take_parked (app);

  if (msg == NULL)
    return;

  build_block (app, "next", NULL);
  send_block (self, app, msg, TRUE, NULL);
}

static gboolean
hold_expired_cb (gpointer data)
{
  SimApp *app = data;

  app->hold_source = 0;
  release_parked (app->server, app);

  return G_SOURCE_REMOVE;
}

static void
reply_resync (SimApp            *app,
              SoupServerMessage *msg)
{
  JsonObject *object = json_object_new ();
  JsonObject *links = json_object_new ();

  /* "nothing but a resync link", pointing at the first unacknowledged set */
  sim_links_addf (links, "resync", "%s/events?ack=%" G_GUINT64_FORMAT, app->base, app->ack);
  json_object_set_object_member (object, "_links", links);
  sim_reply_json (msg, SOUP_STATUS_OK, object);
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr (GIOStream) stream = soup_server_message_steal_connection (msg);
  static const char     partial[] = "HTTP/1.1 200 OK\r\n"
                                    "Content-Type: application/json; charset=utf-8\r\n"
                                    "Content-Length: 4096\r\n"
                                    "\r\n"
                                    "{\"_links\":{\"self\":{\"hr";

  if (stream == NULL)
    return;

  /* A status line, headers and a few bytes of a body that never ends:
   * the client sees the connection die mid-response. */
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), partial, sizeof partial - 1,
                             NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

/* Answers a P-GET with an event-channel fault.  Takes over msg. */
void
sim_apply_events_fault (UcwaSimServer     *self,
                        SimApp            *app,
                        SoupServerMessage *msg,
                        gboolean           paused,
                        UcwaSimFault       fault)
{
  guint       status;
  const char *code;
  const char *subcode;
  const char *message;

  g_debug ("Fault %s on the P-GET of application %s", ucwa_sim_server_fault_to_string (fault), app->id);
  app->last_poll = ucwa_sim_server_now (self);

  if (fault == UCWA_SIM_FAULT_EVENTS_STALL)
    {
      /* A dead connection: never answered, until dispose. */
      if (!paused)
        soup_server_message_pause (msg);
      g_ptr_array_add (self->stalled, g_object_ref (msg));
      return;
    }

  if (fault == UCWA_SIM_FAULT_EVENTS_DROP_CONNECTION)
    {
      drop_connection (msg);
      return;
    }

  if (sim_fault_error (fault, &status, &code, &subcode, &message))
    {
      if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      sim_reply_error (msg, status, code, subcode, message);

      if (fault == UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND)
        sim_destroy_app (self, app, GONE_NOT_FOUND);
      else if (fault == UCWA_SIM_FAULT_EVENTS_INACTIVE_EXPIRED)
        sim_destroy_app (self, app, GONE_EXPIRED);
    }
  else if (fault == UCWA_SIM_FAULT_EVENTS_MALFORMED_JSON)
    {
      /* The events stay queued: the client retries the same ack. */
      g_autoptr (JsonObject) object = block_object (app, app->ack, "next");
      char                  *body = sim_json_to_string (object);

      body[strlen (body) / 2] = '\0';
      sim_reply_body (msg, SOUP_STATUS_OK, SIM_JSON_TYPE, body);
    }
  else if (fault == UCWA_SIM_FAULT_EVENTS_WRONG_TYPES)
    {
      sim_reply_body (msg, SOUP_STATUS_OK, SIM_JSON_TYPE,
                      g_strdup_printf ("{\"_links\":{\"self\":{\"href\":42},\"next\":\"%s/events?ack=%" G_GUINT64_FORMAT "\"},"
                                       "\"sender\":{\"rel\":[\"communication\"],\"href\":false,"
                                       "\"events\":\"messagingInvitation started\"}}",
                                       app->base, app->ack + 1));
    }
  else if (fault == UCWA_SIM_FAULT_EVENTS_RESYNC)
    {
      reply_resync (app, msg);
    }
  else if (fault == UCWA_SIM_FAULT_EVENTS_RESUME || fault == UCWA_SIM_FAULT_EVENTS_RESUME_RESET ||
           fault == UCWA_SIM_FAULT_EVENTS_OVERSIZED)
    {
      /* Both are real responses: the block is built (and replayed as such
       * if the client asks for the same ack again). */
      JsonObject *object = NULL;
      char       *override = NULL;

      /* "the server may close all conversations …; the notifications
       * about that are lost" (§6.4). */
      if (fault == UCWA_SIM_FAULT_EVENTS_RESUME_RESET)
        sim_drop_conversations (self, app);
      if (app->block == NULL)
        build_block (app, fault == UCWA_SIM_FAULT_EVENTS_OVERSIZED ? "next" : "resume", &object);

      if (fault == UCWA_SIM_FAULT_EVENTS_OVERSIZED)
        {
          char *padding = g_malloc (OVERSIZED_BODY + 1);

          if (object == NULL)
            {
              g_autoptr (JsonNode) node = json_from_string (app->block->body, NULL);

              object = json_object_ref (json_node_get_object (node));
            }
          memset (padding, 'x', OVERSIZED_BODY);
          padding[OVERSIZED_BODY] = '\0';
          json_object_set_string_member (object, "padding", padding);
          g_free (padding);
          override = sim_json_to_string (object);
        }
      g_clear_pointer (&object, json_object_unref);

      send_block (self, app, msg, paused, override);
      return;
    }

  if (paused)
    soup_server_message_unpause (msg);
}

static void
handle_events (UcwaSimServer     *self,
               SimApp            *app,
               SoupServerMessage *msg,
               GHashTable        *params)
{
  guint64      ack = 0;
  guint64      value;
  gint64       priority = 0;
  gboolean     valid;
  guint        hold_ms;
  UcwaSimFault fault;

  valid = sim_parse_uint (g_hash_table_lookup (params, "ack"), G_MAXUINT64, &ack);

  /* Aggregation parameters are remembered until changed (§6.1). */
  if (sim_parse_uint (g_hash_table_lookup (params, "timeout"), G_MAXUINT32, &value))
    app->timeout_s = CLAMP (value, 180, 1800);
  if (sim_parse_uint (g_hash_table_lookup (params, "medium"), G_MAXUINT32, &value))
    app->medium_s = CLAMP (value, 5, 1800);
  if (sim_parse_uint (g_hash_table_lookup (params, "low"), G_MAXUINT32, &value))
    app->low_s = CLAMP (value, 5, 1800);
  if (g_hash_table_lookup (params, "priority") != NULL)
    g_ascii_string_to_signed (g_hash_table_lookup (params, "priority"), 10, G_MININT32, G_MAXINT32, &priority, NULL);

  app->last_poll = ucwa_sim_server_now (self);

  if (app->parked != NULL)
    {
      if (priority < app->parked_priority)
        {
          /* "higher replaces same-or-lower, never the reverse" */
          sim_reply_error (msg, 409, "Conflict", "PGetReplaced", MSG_PGET_REPLACED);
          return;
        }
      else
        {
          g_autoptr (SoupServerMessage) older = sim_take_parked (app);

          sim_reply_error (older, 409, "Conflict", "PGetReplaced", MSG_PGET_REPLACED);
          soup_server_message_unpause (older);
        }
    }

  /* Asking for N+1 proves that response N arrived. */
  if (valid && app->block != NULL && ack == app->ack + 1)
    {
      g_clear_pointer (&app->block, sim_block_free);
      app->ack++;
    }

  if (!valid || ack != app->ack)
    {
      reply_resync (app, msg);
      return;
    }

  fault = sim_take_fault (self, UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND, UCWA_SIM_FAULT_EVENTS_STALL);
  if (fault == NO_FAULT)
    fault = sim_take_fault (self, UCWA_SIM_FAULT_EVENTS_RESUME_RESET, UCWA_SIM_FAULT_EVENTS_RESUME_RESET);
  if (fault != NO_FAULT)
    {
      sim_apply_events_fault (self, app, msg, FALSE, fault);
      return;
    }

  if (app->block != NULL)
    {
      /* The same ack again: the same set, byte for byte. */
      send_block (self, app, msg, FALSE, NULL);
      return;
    }

  if (app->pending->len > 0)
    {
      build_block (app, "next", NULL);
      send_block (self, app, msg, FALSE, NULL);
      return;
    }

  hold_ms = app->timeout_s * 1000;
  if (self->max_hold_ms > 0 && self->max_hold_ms < hold_ms)
    hold_ms = self->max_hold_ms;

  soup_server_message_pause (msg);
  app->parked = g_object_ref (msg);
  app->parked_priority = priority;
  app->hold_source = g_timeout_add (hold_ms, hold_expired_cb, app);
}

static void
h_events (UcwaSimServer *self, SimRequest *req, SimApp *app)
{
  handle_events (self, app, req->msg, req->params);
}

const SimRoute sim_events_routes[] = {
  { "GET", "events", h_events },
  { NULL },
};

/* ucwa-event-queue.c: event batches applied to the model, in order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owns the batches the event channel delivered and the session has not yet
 * applied, oldest first, and the one GET that completes a link-only event.
 * Events are applied strictly in order: an event that carries no resource
 * the model wants is completed by a GET before it, and everything after it,
 * is applied.  A failed GET still applies the event (without its resource):
 * an event is never dropped.  That GET is bounded (fetch-timeout, 3 s):
 * one slow resource must not hold every later event, a new invitation
 * included, so past the bound the event is applied with what it says.
 *
 * After a resync or resume the server's transient state *may* have been
 * reset (§6.4): the pending invitations and live conversations are each
 * GET, again in order with the events, and only the ones that answer 404
 * end; the rest stay exactly as they were.  After the application was lost
 * the same GETs decide the other way round: only what answers stays.
 */

#include "config.h"

#include "ucwa-event-queue-private.h"

#include "ucwa-error.h"
#include "ucwa-main-context-private.h"

struct _UcwaEventQueue
{
  GObject parent_instance;

  UcwaConnection *connection;
  UcwaModel      *model;
  struct Fetch   *fetch; /* the GET in flight, if any */
  guint           fetch_timeout;

  GQueue pending; /* of Pending, oldest first */
};

G_DEFINE_FINAL_TYPE (UcwaEventQueue, ucwa_event_queue, G_TYPE_OBJECT)

#define DEFAULT_FETCH_TIMEOUT 3000 /* ms */

typedef struct
{
  UcwaEventBatch *batch;   /* NULL: a reset */
  GPtrArray      *recheck; /* a reset's hrefs to GET, once started */
  gboolean        lost;    /* a reset after the application was lost */
  guint           next;    /* the first event (or href) not yet done */
} Pending;

/* One GET; outlives the queue's interest in it when cleared or timed out. */
typedef struct Fetch
{
  UcwaEventQueue *queue; /* NULL once cleared */
  GCancellable   *cancellable;
  guint           timeout_source;
  gboolean        timed_out;
} Fetch;

static void process (UcwaEventQueue *self);

static void
pending_free (Pending *pending)
{
  g_clear_pointer (&pending->batch, ucwa_event_batch_unref);
  g_clear_pointer (&pending->recheck, g_ptr_array_unref);
  g_free (pending);
}

static void
fetch_free (Fetch *fetch)
{
  ucwa_clear_source (&fetch->timeout_source);
  g_clear_object (&fetch->cancellable);
  g_free (fetch);
}

static void
push (UcwaEventQueue *self,
      UcwaEventBatch *batch,
      gboolean        lost)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->batch = batch;
  pending->lost = lost;
  g_queue_push_tail (&self->pending, pending);
  process (self);
}

static void
ucwa_event_queue_dispose (GObject *object)
{
  UcwaEventQueue *self = (UcwaEventQueue *) object;

  ucwa_event_queue_clear (self);
  g_clear_object (&self->connection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (ucwa_event_queue_parent_class)->dispose (object);
}

static void
ucwa_event_queue_class_init (UcwaEventQueueClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ucwa_event_queue_dispose;
}

static void
ucwa_event_queue_init (UcwaEventQueue *self)
{
  g_queue_init (&self->pending);
  self->fetch_timeout = DEFAULT_FETCH_TIMEOUT;
}

UcwaEventQueue *
ucwa_event_queue_new (UcwaConnection *connection,
                      UcwaModel      *model)
{
  UcwaEventQueue *self;

  g_return_val_if_fail (UCWA_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (UCWA_IS_MODEL (model), NULL);

  self = g_object_new (UCWA_TYPE_EVENT_QUEUE, NULL);
  self->connection = g_object_ref (connection);
  self->model = g_object_ref (model);
  return self;
}

void
ucwa_event_queue_set_fetch_timeout (UcwaEventQueue *self,
                                    guint           milliseconds)
{
  g_return_if_fail (UCWA_IS_EVENT_QUEUE (self));

  self->fetch_timeout = MAX (1, milliseconds);
}

void
ucwa_event_queue_push_batch (UcwaEventQueue *self,
                             UcwaEventBatch *batch)
{
  g_return_if_fail (UCWA_IS_EVENT_QUEUE (self));
  g_return_if_fail (batch != NULL);

  if (batch->events == NULL || batch->events->len == 0)
    return;

  push (self, ucwa_event_batch_ref (batch), FALSE);
}

void
ucwa_event_queue_push_reset (UcwaEventQueue *self)
{
  g_return_if_fail (UCWA_IS_EVENT_QUEUE (self));

  push (self, NULL, FALSE);
}

void
ucwa_event_queue_push_lost (UcwaEventQueue *self)
{
  g_return_if_fail (UCWA_IS_EVENT_QUEUE (self));

  push (self, NULL, TRUE);
}

static void
forget_fetch (UcwaEventQueue *self)
{
  if (self->fetch == NULL)
    return;

  /* The callback still comes, and frees it. */
  self->fetch->queue = NULL;
  ucwa_clear_source (&self->fetch->timeout_source);
  g_cancellable_cancel (self->fetch->cancellable);
  self->fetch = NULL;
}

void
ucwa_event_queue_clear (UcwaEventQueue *self)
{
  g_return_if_fail (UCWA_IS_EVENT_QUEUE (self));

  forget_fetch (self);
  g_queue_clear_full (&self->pending, (GDestroyNotify) pending_free);
}

/* Applies what the GET brought, or what is known without it. */
static void
fetched (UcwaEventQueue *self,
         UcwaResponse   *response,
         const GError   *error)
{
  Pending *pending = g_queue_peek_head (&self->pending);

  g_assert (pending != NULL);

  if (pending->batch == NULL)
    {
      const char *href = g_ptr_array_index (pending->recheck, pending->next);

      JsonObject *resource = ucwa_response_get_object (response);

      /* The lost application's hrefs: only an answer proves one alive. */
      if (pending->lost && resource != NULL)
        ucwa_model_resource_alive (self->model, href, resource);
      else if (pending->lost)
        ucwa_model_resource_lost (self->model, href);
      /* Only a 404 says it is gone; anything else (a timeout, a 5xx) proves
       * nothing, and ending a live invitation is the worse mistake. */
      else if (g_error_matches (error, UCWA_ERROR, UCWA_ERROR_NOT_FOUND))
        ucwa_model_resource_gone (self->model, href);
      else if (error != NULL)
        g_debug ("Could not check %s after a reset: %s", href, error->message);
    }
  else
    {
      UcwaEvent  *event = g_ptr_array_index (pending->batch->events, pending->next);
      JsonObject *resource = ucwa_response_get_object (response);

      if (resource != NULL)
        event->embedded = json_object_ref (resource);
      else
        g_debug ("Could not fetch %s: %s", event->href, error ? error->message : "not a resource");

      /* Applied with or without the resource: an event is never dropped. */
      ucwa_model_apply_event (self->model, event);
    }

  pending->next++;
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fetch                     *fetch = user_data;
  g_autoptr (UcwaEventQueue) self = fetch->queue ? g_object_ref (fetch->queue) : NULL;
  g_autoptr (UcwaResponse)   response = NULL;
  g_autoptr (GError)         error = NULL;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (self == NULL)
    {
      fetch_free (fetch);
      return;
    }

  self->fetch = NULL;
  if (fetch->timed_out)
    {
      g_clear_error (&error);
      error = g_error_new (UCWA_ERROR, UCWA_ERROR_TIMEOUT, "The server took too long to answer");
    }
  fetch_free (fetch);

  fetched (self, response, error);
  process (self);
}

static gboolean
fetch_timeout_cb (gpointer user_data)
{
  Fetch *fetch = user_data;

  fetch->timeout_source = 0;
  fetch->timed_out = TRUE;
  g_cancellable_cancel (fetch->cancellable);
  return G_SOURCE_REMOVE;
}

static void
fetch (UcwaEventQueue *self,
       const char     *href)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->queue = self;
  fetch->cancellable = g_cancellable_new ();
  fetch->timeout_source = ucwa_timeout_add (self->fetch_timeout, fetch_timeout_cb, fetch);
  self->fetch = fetch;
  ucwa_connection_request_async (self->connection, "GET", href, NULL, NULL,
                                 UCWA_REQUEST_AUTHENTICATED, fetch->cancellable,
                                 fetch_cb, fetch);
}

static void
process (UcwaEventQueue *self)
{
  Pending *pending;

  if (self->fetch != NULL)
    return;

  while ((pending = g_queue_peek_head (&self->pending)) != NULL)
    {
      if (pending->batch == NULL)
        {
          if (pending->recheck == NULL)
            pending->recheck = ucwa_model_dup_transient_hrefs (self->model);
          if (pending->next < pending->recheck->len)
            {
              fetch (self, g_ptr_array_index (pending->recheck, pending->next));
              return;
            }
          pending_free (g_queue_pop_head (&self->pending));
          continue;
        }

      while (pending->next < pending->batch->events->len)
        {
          UcwaEvent *event = g_ptr_array_index (pending->batch->events, pending->next);

          if (event->embedded == NULL && ucwa_model_event_wants_resource (self->model, event))
            {
              fetch (self, event->href);
              return;
            }

          ucwa_model_apply_event (self->model, event);
          pending->next++;
        }

      pending_free (g_queue_pop_head (&self->pending));
    }
}

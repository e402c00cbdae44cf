/* ucwa-event-queue.c: event batches applied to the model, in order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owns the batches the event channel delivered and the session has not yet
 * applied, oldest first, and the one GET that completes a link-only event.
 * Events are applied strictly in order: an event that carries no resource
 * the model wants is completed by a GET before it, and everything after it,
 * is applied.  A failed GET still applies the event (without its resource):
 * an event is never dropped.
 */

#include "config.h"

#include "ucwa-event-queue-private.h"

struct _UcwaEventQueue
{
  GObject parent_instance;

  UcwaConnection *connection;
  UcwaModel      *model;
  GCancellable   *cancellable; /* the GET in flight */

  GQueue   pending; /* of Pending, oldest first */
  gboolean fetching;
};

G_DEFINE_FINAL_TYPE (UcwaEventQueue, ucwa_event_queue, G_TYPE_OBJECT)

typedef struct
{
  UcwaEventBatch *batch; /* NULL: a reset */
  guint           next;  /* the first event not yet applied */
} Pending;

static void process (UcwaEventQueue *self);

static void
pending_free (Pending *pending)
{
  g_clear_pointer (&pending->batch, ucwa_event_batch_unref);
  g_free (pending);
}

static void
push (UcwaEventQueue *self,
      UcwaEventBatch *batch)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->batch = batch;
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
  g_clear_object (&self->cancellable);

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
  self->cancellable = g_cancellable_new ();
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
ucwa_event_queue_push_batch (UcwaEventQueue *self,
                             UcwaEventBatch *batch)
{
  g_return_if_fail (UCWA_IS_EVENT_QUEUE (self));
  g_return_if_fail (batch != NULL);

  if (batch->events == NULL || batch->events->len == 0)
    return;

  push (self, ucwa_event_batch_ref (batch));
}

void
ucwa_event_queue_push_reset (UcwaEventQueue *self)
{
  g_return_if_fail (UCWA_IS_EVENT_QUEUE (self));

  push (self, NULL);
}

void
ucwa_event_queue_clear (UcwaEventQueue *self)
{
  g_return_if_fail (UCWA_IS_EVENT_QUEUE (self));

  /* A new cancellable: the queue may be used again at once, and the
   * cancelled GET's callback must not touch the new batches. */
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_object_unref (self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  g_queue_clear_full (&self->pending, (GDestroyNotify) pending_free);
  self->fetching = FALSE;
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (UcwaEventQueue) self = user_data;
  g_autoptr (UcwaResponse)   response = NULL;
  g_autoptr (GError)         error = NULL;
  Pending                   *pending;
  UcwaEvent                 *event;
  JsonObject                *resource;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  pending = g_queue_peek_head (&self->pending);
  g_assert (pending != NULL && pending->batch != NULL);
  event = g_ptr_array_index (pending->batch->events, pending->next);

  resource = ucwa_response_get_object (response);
  if (resource != NULL)
    event->embedded = json_object_ref (resource);
  else
    g_debug ("Could not fetch %s: %s", event->href, error ? error->message : "not a resource");

  /* Applied with or without the resource: an event is never dropped. */
  ucwa_model_apply_event (self->model, event);
  pending->next++;
  self->fetching = FALSE;
  process (self);
}

static void
process (UcwaEventQueue *self)
{
  Pending *pending;

  if (self->fetching)
    return;

  while ((pending = g_queue_peek_head (&self->pending)) != NULL)
    {
      if (pending->batch == NULL)
        {
          ucwa_model_reset_transient (self->model);
          pending_free (g_queue_pop_head (&self->pending));
          continue;
        }

      while (pending->next < pending->batch->events->len)
        {
          UcwaEvent *event = g_ptr_array_index (pending->batch->events, pending->next);

          if (event->embedded == NULL && ucwa_model_event_wants_resource (self->model, event))
            {
              self->fetching = TRUE;
              ucwa_connection_request_async (self->connection, "GET", event->href, NULL, NULL,
                                             UCWA_REQUEST_AUTHENTICATED, self->cancellable,
                                             fetch_cb, g_object_ref (self));
              return;
            }

          ucwa_model_apply_event (self->model, event);
          pending->next++;
        }

      pending_free (g_queue_pop_head (&self->pending));
    }
}

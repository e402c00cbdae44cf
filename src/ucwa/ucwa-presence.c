/* ucwa-presence.c: the signed-in user's own presence (`me/presence`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owns what the client knows of the user's availability (presence_ref.md):
 * the link the session hands over once the application is available, the
 * GET that reads it, the POST that sets it, and the `presence` events of
 * sender `me` through which the server tells its own changes.  Everything
 * runs on the thread-default main context of the session's thread.
 *
 * Answers may cross (an event's GET and a POST's GET on two connections):
 * each GET gets a number when sent, and an answer older than the one shown
 * is dropped, so the properties never step back to a stale state.
 */

#include "config.h"

#include "ucwa-presence-private.h"

#include "ucwa-error.h"
#include "ucwa-event.h"
#include "ucwa-resource.h"

struct _UcwaPresence
{
  GObject parent_instance;

  UcwaConnection   *connection;
  UcwaEventChannel *channel;
  GCancellable     *cancellable; /* the reads of this href */

  char *href;
  char *availability;
  char *activity;

  guint64 sent;    /* number of the last GET sent (or event applied) */
  guint64 applied; /* number of the state shown */
};

G_DEFINE_FINAL_TYPE (UcwaPresence, ucwa_presence, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_AVAILABILITY,
  PROP_ACTIVITY,
  PROP_READY,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
set_field (UcwaPresence *self,
           char        **field,
           const char   *value,
           GParamSpec   *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
show (UcwaPresence *self,
      const char   *availability,
      const char   *activity)
{
  g_object_freeze_notify (G_OBJECT (self));
  set_field (self, &self->availability, availability, props[PROP_AVAILABILITY]);
  set_field (self, &self->activity, activity, props[PROP_ACTIVITY]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Applies @resource as the state numbered @number; FALSE with @error if it
 * is no presence. */
static gboolean
apply (UcwaPresence *self,
       JsonObject   *resource,
       guint64       number,
       GError      **error)
{
  const char *availability = resource != NULL ? ucwa_resource_get_string (resource, "availability") : NULL;

  if (availability == NULL || *availability == '\0')
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The presence resource has no availability");
      return FALSE;
    }

  if (number < self->applied)
    return TRUE;
  self->applied = number;
  show (self, availability, ucwa_resource_get_string (resource, "activity"));
  return TRUE;
}

/* Reading */

typedef struct
{
  guint64 number;
} Read;

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask)        task = user_data;
  UcwaPresence            *self = g_task_get_source_object (task);
  Read                    *read = g_task_get_task_data (task);
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (response == NULL || !apply (self, ucwa_response_get_object (response), read->number, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* GETs the presence for @task (which it takes), numbered as sent now. */
static void
read_presence (UcwaPresence *self,
               GTask        *task)
{
  Read *read = g_new0 (Read, 1);

  read->number = ++self->sent;
  g_task_set_task_data (task, read, g_free);
  ucwa_connection_request_async (self->connection, "GET", self->href, NULL, NULL,
                                 UCWA_REQUEST_AUTHENTICATED, g_task_get_cancellable (task),
                                 read_cb, task);
}

static void
background_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not read the user's presence: %s", error->message);
}

/* Reads it for whoever listens to the properties. */
static void
read_in_background (UcwaPresence *self)
{
  GTask *task;

  if (self->href == NULL)
    return;
  task = g_task_new (self, self->cancellable, background_read_cb, NULL);
  g_task_set_source_tag (task, read_in_background);
  read_presence (self, task);
}

/* Both triads end the same way. */
static gboolean
propagate (UcwaPresence *self,
           GAsyncResult *result,
           gpointer      source_tag,
           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
check_ready (UcwaPresence *self,
             GTask        *task)
{
  if (self->href != NULL)
    return TRUE;
  g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_NO_LINK,
                           "The server offers no presence (not available yet, or signed out)");
  g_object_unref (task);
  return FALSE;
}

void
ucwa_presence_refresh_async (UcwaPresence       *self,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (UCWA_IS_PRESENCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ucwa_presence_refresh_async);
  if (check_ready (self, task))
    read_presence (self, task);
}

gboolean
ucwa_presence_refresh_finish (UcwaPresence *self,
                              GAsyncResult *result,
                              GError      **error)
{
  return propagate (self, result, ucwa_presence_refresh_async, error);
}

/* Setting */

static void
post_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask                   *task = user_data;
  UcwaPresence            *self = g_task_get_source_object (task);
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* 204 says nothing of the result (Offwork reads as another availability):
   * what the server made of it is what it answers now. */
  if (check_ready (self, task))
    read_presence (self, task);
}

void
ucwa_presence_set_availability_async (UcwaPresence       *self,
                                      const char         *availability,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (UCWA_IS_PRESENCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ucwa_presence_set_availability_async);
  if (!check_ready (self, task))
    return;

  if (availability != NULL)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode)    body = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "availability");
      json_builder_add_string_value (builder, availability);
      json_builder_end_object (builder);
      body = json_builder_get_root (builder);
      ucwa_connection_request_json_async (self->connection, "POST", self->href, body,
                                          UCWA_REQUEST_AUTHENTICATED, cancellable, post_cb, task);
    }
  else
    {
      /* presence_ref.md: "An empty body will reset the user's presence." */
      ucwa_connection_request_async (self->connection, "POST", self->href, NULL, NULL,
                                     UCWA_REQUEST_AUTHENTICATED, cancellable, post_cb, task);
    }
}

gboolean
ucwa_presence_set_availability_finish (UcwaPresence *self,
                                       GAsyncResult *result,
                                       GError      **error)
{
  return propagate (self, result, ucwa_presence_set_availability_async, error);
}

/* The server's side */

static void
batch_cb (UcwaPresence   *self,
          UcwaEventBatch *batch)
{
  for (guint i = 0; batch->events != NULL && i < batch->events->len; i++)
    {
      UcwaEvent *event = g_ptr_array_index (batch->events, i);

      if (g_strcmp0 (event->sender_rel, "me") != 0 || g_strcmp0 (event->rel, "presence") != 0)
        continue;

      switch (event->type)
        {
        case UCWA_EVENT_ADDED:
        case UCWA_EVENT_UPDATED:
          /* The event's link is as good as me's: the same resource.  An
           * `added` for the link the session read already says nothing new. */
          if (g_strcmp0 (self->href, event->href) != 0)
            {
              _ucwa_presence_set_href (self, event->href);
              read_in_background (self);
            }
          else if (event->embedded != NULL && apply (self, event->embedded, ++self->sent, NULL))
            break;
          else if (event->type == UCWA_EVENT_UPDATED)
            read_in_background (self);
          break;

        case UCWA_EVENT_DELETED:
          /* "will no longer receive the user's presence updates" */
          _ucwa_presence_set_href (self, NULL);
          break;

        case UCWA_EVENT_UNKNOWN:
        case UCWA_EVENT_STARTED:
        case UCWA_EVENT_COMPLETED:
        default:
          break;
        }
    }
}

/* Events may have been lost: what the server says now. */
static void
reset_cb (UcwaPresence *self)
{
  read_in_background (self);
}

void
_ucwa_presence_set_href (UcwaPresence *self,
                         const char   *href)
{
  gboolean was_ready = self->href != NULL;

  g_return_if_fail (UCWA_IS_PRESENCE (self));

  if (href == NULL || g_strcmp0 (self->href, href) != 0)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  g_free (self->href);
  self->href = g_strdup (href);

  g_object_freeze_notify (G_OBJECT (self));
  if (href == NULL)
    {
      /* Nothing older may show once it is known again. */
      self->applied = ++self->sent;
      show (self, NULL, NULL);
    }
  if (was_ready != (href != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_READY]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* GObject */

static void
ucwa_presence_dispose (GObject *object)
{
  UcwaPresence *self = (UcwaPresence *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->channel != NULL)
    g_signal_handlers_disconnect_by_data (self->channel, self);
  g_clear_object (&self->channel);
  g_clear_object (&self->connection);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ucwa_presence_parent_class)->dispose (object);
}

static void
ucwa_presence_finalize (GObject *object)
{
  UcwaPresence *self = (UcwaPresence *) object;

  g_free (self->href);
  g_free (self->availability);
  g_free (self->activity);

  G_OBJECT_CLASS (ucwa_presence_parent_class)->finalize (object);
}

static void
ucwa_presence_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  UcwaPresence *self = UCWA_PRESENCE (object);

  switch (prop_id)
    {
    case PROP_AVAILABILITY:
      g_value_set_string (value, self->availability);
      break;
    case PROP_ACTIVITY:
      g_value_set_string (value, self->activity);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->href != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ucwa_presence_class_init (UcwaPresenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ucwa_presence_dispose;
  object_class->finalize = ucwa_presence_finalize;
  object_class->get_property = ucwa_presence_get_property;

  props[PROP_AVAILABILITY] = g_param_spec_string ("availability", NULL, NULL, NULL, flags);
  props[PROP_ACTIVITY] = g_param_spec_string ("activity", NULL, NULL, NULL, flags);
  props[PROP_READY] = g_param_spec_boolean ("ready", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
ucwa_presence_init (UcwaPresence *self)
{
  self->cancellable = g_cancellable_new ();
}

UcwaPresence *
_ucwa_presence_new (UcwaConnection   *connection,
                    UcwaEventChannel *channel)
{
  UcwaPresence *self = g_object_new (UCWA_TYPE_PRESENCE, NULL);

  self->connection = g_object_ref (connection);
  self->channel = g_object_ref (channel);
  g_signal_connect_swapped (channel, "batch", G_CALLBACK (batch_cb), self);
  g_signal_connect_swapped (channel, "resync", G_CALLBACK (reset_cb), self);
  g_signal_connect_swapped (channel, "resumed", G_CALLBACK (reset_cb), self);
  return self;
}

/* Accessors */

const char *
ucwa_presence_get_availability (UcwaPresence *self)
{
  g_return_val_if_fail (UCWA_IS_PRESENCE (self), NULL);
  return self->availability;
}

const char *
ucwa_presence_get_activity (UcwaPresence *self)
{
  g_return_val_if_fail (UCWA_IS_PRESENCE (self), NULL);
  return self->activity;
}

gboolean
ucwa_presence_get_ready (UcwaPresence *self)
{
  g_return_val_if_fail (UCWA_IS_PRESENCE (self), FALSE);
  return self->href != NULL;
}

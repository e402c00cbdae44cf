/* ucwa-event-channel.c: the UCWA event channel (long-poll P-GET loop)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One P-GET at a time, always following the server's `next` (or `resume`,
 * or `resync`) link unchanged: that is what gives exactly-once, in-order
 * delivery.  The next P-GET goes out before the listeners see a batch, as
 * the docs ask, and batches are handed over strictly in the order received.
 * A failed poll retries the same URL, so the server replays the same set.
 *
 * The desktop around it: a GNetworkMonitor (the default one, which goes
 * through the network portal inside Flatpak, or one set by the caller) and
 * logind's PrepareForSleep on the system bus, when there is one (heard by
 * UcwaSleepMonitor, ucwa-sleep-monitor.c).  The watchdog runs on monotonic
 * time, which stops during suspend: on resume,
 * or when the network comes back, the channel polls again at once instead
 * of waiting for the watchdog or the backoff.  While there is no network it
 * says so (an offline error, no countdown) and only tries now and then, in
 * case the monitor is wrong.
 */

#include "config.h"

#include "ucwa-event-channel.h"

#include "ucwa-error.h"
#include "ucwa-main-context-private.h"
#include "ucwa-sleep-monitor-private.h"
#include "ucwa-uri.h"

#define DEFAULT_POLL_TIMEOUT 180   /* seconds: the server's default and minimum */
#define WATCHDOG_SLACK_MS    30000 /* on top of the poll timeout */
#define DEFAULT_BACKOFF_BASE 1000
#define DEFAULT_BACKOFF_MAX  60000
#define MAX_BACKOFF_STEPS    16
/* A response we cannot read, this many times in a row, earns a resync; this
 * many resyncs that did not help, and we give up (issue 9). */
#define UNREADABLE_TRIES   3
#define UNREADABLE_RESYNCS 2
/* A P-GET the server holds this long without an error was accepted. */
#define ACCEPTED_MS 1000

struct _UcwaEventChannel
{
  GObject parent_instance;

  UcwaConnection *connection;
  char           *href; /* the URL of the next P-GET, as the server gave it */
  GCancellable   *poll_cancellable;
  guint           watchdog_source;
  guint           retry_source;
  gboolean        watchdog_fired;
  gboolean        running;

  guint   poll_timeout;
  guint   watchdog_ms; /* 0 = poll_timeout + slack */
  guint   backoff_base;
  guint   backoff_max;
  guint   failures;
  guint   unreadable; /* responses we could not read, in a row */
  guint   resyncs;    /* resyncs in a row, without a readable response between */
  guint   accepted_source;
  guint   retry_in;
  GError *last_error;
  guint64 batch_count;

  /* ucwa_event_channel_wait_async(): at most one at a time. */
  GTask   *wait_task;
  GSource *wait_timeout;
  GSource *wait_cancel;

  GNetworkMonitor  *monitor;
  gulong            monitor_handler;
  gboolean          offline;
  UcwaSleepMonitor *sleep_monitor;
};

G_DEFINE_FINAL_TYPE (UcwaEventChannel, ucwa_event_channel, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_RETRY_IN,
  PROP_POLL_TIMEOUT,
  PROP_NETWORK_MONITOR,
  PROP_OFFLINE,
  N_PROPS
};

enum {
  SIGNAL_BATCH,
  SIGNAL_RESYNC,
  SIGNAL_RESUMED,
  SIGNAL_APPLICATION_LOST,
  SIGNAL_FAILED,
  SIGNAL_ACCEPTED,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint       signals[N_SIGNALS];

static void poll_now (UcwaEventChannel *self);
static void end_wait (UcwaEventChannel *self,
                      GError           *error);

static void
set_running (UcwaEventChannel *self,
             gboolean          running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
}

static void
set_retry_in (UcwaEventChannel *self,
              guint             seconds)
{
  if (self->retry_in == seconds)
    return;
  self->retry_in = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RETRY_IN]);
}

static void
cancel_poll (UcwaEventChannel *self)
{
  ucwa_clear_source (&self->watchdog_source);
  ucwa_clear_source (&self->retry_source);
  ucwa_clear_source (&self->accepted_source);
  if (self->poll_cancellable != NULL)
    {
      g_cancellable_cancel (self->poll_cancellable);
      g_clear_object (&self->poll_cancellable);
    }
}

static void
ucwa_event_channel_dispose (GObject *object)
{
  UcwaEventChannel *self = (UcwaEventChannel *) object;

  cancel_poll (self);
  end_wait (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The event channel was disposed"));
  g_clear_object (&self->connection);
  if (self->monitor != NULL)
    g_clear_signal_handler (&self->monitor_handler, self->monitor);
  g_clear_object (&self->monitor);
  g_clear_object (&self->sleep_monitor);

  G_OBJECT_CLASS (ucwa_event_channel_parent_class)->dispose (object);
}

static void
ucwa_event_channel_finalize (GObject *object)
{
  UcwaEventChannel *self = (UcwaEventChannel *) object;

  g_free (self->href);
  g_clear_error (&self->last_error);

  G_OBJECT_CLASS (ucwa_event_channel_parent_class)->finalize (object);
}

static void
ucwa_event_channel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  UcwaEventChannel *self = UCWA_EVENT_CHANNEL (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_RETRY_IN:
      g_value_set_uint (value, self->retry_in);
      break;
    case PROP_POLL_TIMEOUT:
      g_value_set_uint (value, self->poll_timeout);
      break;
    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ucwa_event_channel_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  UcwaEventChannel *self = UCWA_EVENT_CHANNEL (object);

  switch (prop_id)
    {
    case PROP_POLL_TIMEOUT:
      ucwa_event_channel_set_poll_timeout (self, g_value_get_uint (value));
      break;
    case PROP_NETWORK_MONITOR:
      ucwa_event_channel_set_network_monitor (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ucwa_event_channel_class_init (UcwaEventChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ucwa_event_channel_dispose;
  object_class->finalize = ucwa_event_channel_finalize;
  object_class->get_property = ucwa_event_channel_get_property;
  object_class->set_property = ucwa_event_channel_set_property;

  props[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Seconds until the next attempt after a failure; 0 while connected. */
  props[PROP_RETRY_IN] =
    g_param_spec_uint ("retry-in", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_POLL_TIMEOUT] =
    g_param_spec_uint ("poll-timeout", NULL, NULL, 0, 1800, DEFAULT_POLL_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Which network monitor to follow; the default one unless set (tests
   * pass one they can flip). */
  props[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The network monitor says there is no network. */
  props[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * UcwaEventChannel::batch:
   * @batch: (transfer none): the #UcwaEventBatch
   *
   * One event-channel response, in server order.  A handler that applies
   * the events after the emission keeps its own reference
   * (ucwa_event_batch_ref()); the channel never touches a batch again once
   * it is emitted.
   */
  signals[SIGNAL_BATCH] =
    g_signal_new ("batch", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  UCWA_TYPE_EVENT_BATCH | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* The server lost track of us (a resync link), or we could not read it
   * several times in a row: transient state must be re-checked. */
  signals[SIGNAL_RESYNC] =
    g_signal_new ("resync", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* After long inactivity: conversations and subscriptions were reset. */
  signals[SIGNAL_RESUMED] =
    g_signal_new ("resumed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* 404 ApplicationNotFound: the channel stopped; re-create the application. */
  signals[SIGNAL_APPLICATION_LOST] =
    g_signal_new ("application-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /* Nothing more to do without the user: expired, refused, signed out. */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /* After a failure: the server took a P-GET again (it answered, or held
   * it for a while without an error): the channel is back. */
  signals[SIGNAL_ACCEPTED] =
    g_signal_new ("accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void resumed_cb (UcwaEventChannel *self);

static void
ucwa_event_channel_init (UcwaEventChannel *self)
{
  self->poll_timeout = DEFAULT_POLL_TIMEOUT;
  self->backoff_base = DEFAULT_BACKOFF_BASE;
  self->backoff_max = DEFAULT_BACKOFF_MAX;
  ucwa_event_channel_set_network_monitor (self, NULL);
  self->sleep_monitor = ucwa_sleep_monitor_new ();
  g_signal_connect_swapped (self->sleep_monitor, "resumed", G_CALLBACK (resumed_cb), self);
}

UcwaEventChannel *
ucwa_event_channel_new (UcwaConnection *connection)
{
  UcwaEventChannel *self;

  g_return_val_if_fail (UCWA_IS_CONNECTION (connection), NULL);

  self = g_object_new (UCWA_TYPE_EVENT_CHANNEL, NULL);
  self->connection = g_object_ref (connection);
  return self;
}

static gboolean
is_fatal (const GError *error)
{
  if (error->domain != UCWA_ERROR)
    return FALSE;

  switch ((UcwaError) error->code)
    {
    case UCWA_ERROR_GONE:
    case UCWA_ERROR_CANNOT_REDIRECT:
    case UCWA_ERROR_INACTIVE_APPLICATION_EXPIRED:
    case UCWA_ERROR_TOO_MANY_APPLICATIONS:
    case UCWA_ERROR_USER_AGENT_NOT_ALLOWED:
    case UCWA_ERROR_UNAUTHORIZED:
    case UCWA_ERROR_AUTHENTICATION_FAILED:
    case UCWA_ERROR_FORBIDDEN:
    case UCWA_ERROR_FOREIGN_ORIGIN:
    case UCWA_ERROR_INSECURE_TRANSPORT:
    case UCWA_ERROR_NO_LINK:
    case UCWA_ERROR_SIGNED_OUT:
      return TRUE;
    case UCWA_ERROR_FAILED:
    case UCWA_ERROR_BAD_REQUEST:
    case UCWA_ERROR_PARAMETER_VALIDATION_FAILURE:
    case UCWA_ERROR_NOT_FOUND:
    case UCWA_ERROR_APPLICATION_NOT_FOUND:
    case UCWA_ERROR_CONFLICT:
    case UCWA_ERROR_ALREADY_EXISTS:
    case UCWA_ERROR_TOO_MANY_GROUPS:
    case UCWA_ERROR_PGET_REPLACED:
    case UCWA_ERROR_MAKE_ME_AVAILABLE_REQUIRED:
    case UCWA_ERROR_PRECONDITION_FAILED:
    case UCWA_ERROR_TOO_MANY_REQUESTS:
    case UCWA_ERROR_SERVICE_FAILURE:
    case UCWA_ERROR_CALLBACK_CHANNEL_ERROR:
    case UCWA_ERROR_SERVICE_UNAVAILABLE:
    case UCWA_ERROR_TIMEOUT:
    case UCWA_ERROR_INVALID_RESPONSE:
    case UCWA_ERROR_RESPONSE_TOO_LARGE:
    case UCWA_ERROR_DISCOVERY_FAILED:
    case UCWA_ERROR_OPERATION_FAILED:
    case UCWA_ERROR_NOT_UCWA_SERVER:
    case UCWA_ERROR_DECLINED:
    case UCWA_ERROR_NO_ANSWER:
    case UCWA_ERROR_UNAVAILABLE:
    case UCWA_ERROR_DESTINATION_NOT_FOUND:
    case UCWA_ERROR_MEETING_ENDED:
    case UCWA_ERROR_LOBBY_DENIED:
    case UCWA_ERROR_INVALID_MEETING_LINK:
    case UCWA_ERROR_FOREIGN_MEETING:
    default:
      return FALSE;
    }
}

static gboolean
is_unreadable (const GError *error)
{
  return g_error_matches (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE) ||
         g_error_matches (error, UCWA_ERROR, UCWA_ERROR_RESPONSE_TOO_LARGE);
}

static gboolean
retry_cb (gpointer user_data)
{
  UcwaEventChannel *self = user_data;

  self->retry_source = 0;
  poll_now (self);
  return G_SOURCE_REMOVE;
}

static guint
backoff_delay (UcwaEventChannel *self,
               guint             failures,
               guint             retry_after_s)
{
  guint64 delay;
  guint   jittered;

  /* Capped exponential backoff with jitter, so that many clients that lost
   * the same server do not come back in lockstep. */
  delay = (guint64) self->backoff_base << MIN (failures, MAX_BACKOFF_STEPS);
  delay = MIN (delay, self->backoff_max);
  jittered = (guint) (delay / 2 + g_random_int_range (0, (gint32) MAX (1, delay / 2) + 1));
  if (failures == 0)
    jittered = 0;
  if (retry_after_s > 0)
    jittered = MAX (jittered, retry_after_s * 1000);
  return jittered;
}

static GError *
offline_error_new (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE,
                              "Offline — waiting for the network");
}

static void set_last_error (UcwaEventChannel *self,
                            const GError     *error);

static void
schedule_retry (UcwaEventChannel *self,
                guint             retry_after_s)
{
  guint jittered;

  if (self->offline)
    {
      g_autoptr (GError) offline = offline_error_new ();

      /* No countdown: the network coming back polls at once; until then
       * only a rare try, in case the monitor is wrong. */
      set_last_error (self, offline);
      set_retry_in (self, 0);
      self->retry_source = ucwa_timeout_add (self->backoff_max, retry_cb, self);
      return;
    }

  jittered = backoff_delay (self, self->failures, retry_after_s);
  self->failures++;

  g_debug ("Event channel: retry in %u ms (%s)", jittered,
           self->last_error ? self->last_error->message : "");
  set_retry_in (self, (jittered + 999) / 1000);
  self->retry_source = ucwa_timeout_add (jittered, retry_cb, self);
}

static void
set_last_error (UcwaEventChannel *self,
                const GError     *error)
{
  g_clear_error (&self->last_error);
  if (error != NULL)
    self->last_error = g_error_copy (error);
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (UcwaEventChannel) self = user_data;
  g_autoptr (UcwaResponse)     response = NULL;
  g_autoptr (UcwaEventBatch)   batch = NULL;
  g_autoptr (GError)           error = NULL;
  g_autoptr (GUri)             base = NULL;
  gboolean                     watchdog_fired = self->watchdog_fired;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);

  /* A poll that was stopped, or superseded by a newer one, has no say. */
  if (g_task_get_cancellable (G_TASK (result)) != self->poll_cancellable)
    return;

  ucwa_clear_source (&self->watchdog_source);
  ucwa_clear_source (&self->accepted_source);
  g_clear_object (&self->poll_cancellable);
  self->watchdog_fired = FALSE;

  if (!self->running)
    return;

  if (watchdog_fired)
    {
      g_clear_error (&error);
      error = g_error_new (UCWA_ERROR, UCWA_ERROR_TIMEOUT,
                           "The server did not answer the event channel in time");
    }

  if (response != NULL)
    {
      base = g_uri_parse (response->uri, G_URI_FLAGS_NONE, NULL);
      if (response->json == NULL)
        error = g_error_new (UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                             "The event channel answered without events");
      else
        batch = ucwa_event_batch_parse (response->json, base, &error);
    }

  if (batch == NULL)
    {
      set_last_error (self, error);

      if (g_error_matches (error, UCWA_ERROR, UCWA_ERROR_APPLICATION_NOT_FOUND))
        {
          set_running (self, FALSE);
          g_signal_emit (self, signals[SIGNAL_APPLICATION_LOST], 0, error);
          return;
        }

      if (is_fatal (error))
        {
          set_running (self, FALSE);
          g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
          return;
        }

      if (is_unreadable (error) && ++self->unreadable >= UNREADABLE_TRIES)
        {
          /* We cannot ask the server for a resync without editing the ack
           * (§6.1), and its resync would point at this very set anyway:
           * the resync is ours (re-check the state we hold), then a last
           * few tries, then a clear error instead of retrying forever. */
          self->unreadable = 0;
          if (self->resyncs >= UNREADABLE_RESYNCS)
            {
              g_autoptr (GError) unreadable = g_error_new (UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                                                           "The server sends data Beckon cannot read (%s)",
                                                           error->message);

              set_last_error (self, unreadable);
              set_running (self, FALSE);
              g_signal_emit (self, signals[SIGNAL_FAILED], 0, unreadable);
              return;
            }
          self->resyncs++;
          g_signal_emit (self, signals[SIGNAL_RESYNC], 0);
          if (!self->running)
            return;
        }

      /* PGetReplaced with no newer P-GET of ours means another instance shares
       * the application; retrying with backoff keeps us from fighting it. */
      schedule_retry (self, ucwa_connection_get_retry_after (result));
      return;
    }

  self->failures = 0;
  self->unreadable = 0;
  set_retry_in (self, 0);
  set_last_error (self, NULL);
  self->batch_count++;
  g_signal_emit (self, signals[SIGNAL_ACCEPTED], 0);
  if (!self->running)
    return;

  if (batch->resync_href != NULL)
    {
      g_free (self->href);
      self->href = g_strdup (batch->resync_href);
      g_signal_emit (self, signals[SIGNAL_RESYNC], 0);
      if (!self->running)
        return;
      /* A server that answers resync again and again is not helped by
       * being asked again at once. */
      if (self->resyncs++ == 0)
        poll_now (self);
      else
        {
          self->failures = self->resyncs - 1;
          schedule_retry (self, 0);
        }
      return;
    }

  self->resyncs = 0;
  g_free (self->href);
  self->href = g_strdup (batch->next_href);
  poll_now (self);

  if (batch->is_resume)
    g_signal_emit (self, signals[SIGNAL_RESUMED], 0);
  g_signal_emit (self, signals[SIGNAL_BATCH], 0, batch);
}

static gboolean
accepted_cb (gpointer user_data)
{
  UcwaEventChannel *self = user_data;

  /* A refused P-GET is answered at once; one the server parks is not. */
  self->accepted_source = 0;
  g_signal_emit (self, signals[SIGNAL_ACCEPTED], 0);
  return G_SOURCE_REMOVE;
}

static gboolean
watchdog_cb (gpointer user_data)
{
  UcwaEventChannel *self = user_data;

  /* The server should have released the P-GET by now: the connection is
   * dead (a vanished NAT entry, a suspended laptop), not merely quiet. */
  self->watchdog_source = 0;
  self->watchdog_fired = TRUE;
  g_cancellable_cancel (self->poll_cancellable);
  return G_SOURCE_REMOVE;
}

static void
poll_now (UcwaEventChannel *self)
{
  g_autofree char *timeout = NULL;
  g_autofree char *url = NULL;
  guint            watchdog_ms;

  ucwa_clear_source (&self->retry_source);
  if (self->poll_cancellable != NULL)
    {
      g_cancellable_cancel (self->poll_cancellable);
      g_clear_object (&self->poll_cancellable);
    }
  ucwa_clear_source (&self->watchdog_source);

  if (self->href == NULL)
    {
      g_autoptr (GError) error = g_error_new (UCWA_ERROR, UCWA_ERROR_NO_LINK,
                                              "The server gave no link to continue the event channel");
      set_last_error (self, error);
      set_running (self, FALSE);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
      return;
    }

  set_retry_in (self, 0);
  timeout = g_strdup_printf ("%u", self->poll_timeout);
  url = self->poll_timeout > 0 ? ucwa_uri_add_query_param (self->href, "timeout", timeout)
                               : g_strdup (self->href);
  if (url == NULL)
    url = g_strdup (self->href);

  self->poll_cancellable = g_cancellable_new ();
  self->watchdog_fired = FALSE;
  watchdog_ms = self->watchdog_ms ? self->watchdog_ms
                                  : MAX (self->poll_timeout, DEFAULT_POLL_TIMEOUT) * 1000 + WATCHDOG_SLACK_MS;
  self->watchdog_source = ucwa_timeout_add (watchdog_ms, watchdog_cb, self);
  ucwa_clear_source (&self->accepted_source);
  /* Only while recovering: a healthy channel needs no extra wake-up. */
  if (self->failures > 0)
    self->accepted_source = ucwa_timeout_add (ACCEPTED_MS, accepted_cb, self);

  ucwa_connection_request_async (self->connection, "GET", url, NULL, NULL,
                                 UCWA_REQUEST_AUTHENTICATED | UCWA_REQUEST_LONG_POLL,
                                 self->poll_cancellable, poll_cb, g_object_ref (self));
}

void
ucwa_event_channel_start (UcwaEventChannel *self,
                          const char       *events_href)
{
  g_return_if_fail (UCWA_IS_EVENT_CHANNEL (self));
  g_return_if_fail (events_href != NULL);

  cancel_poll (self);
  g_free (self->href);
  self->href = g_strdup (events_href);
  self->failures = 0;
  self->unreadable = 0;
  self->resyncs = 0;
  set_last_error (self, NULL);
  set_running (self, TRUE);
  poll_now (self);
}

void
ucwa_event_channel_stop (UcwaEventChannel *self)
{
  g_return_if_fail (UCWA_IS_EVENT_CHANNEL (self));

  cancel_poll (self);
  set_retry_in (self, 0);
  set_running (self, FALSE);
}

gboolean
ucwa_event_channel_get_running (UcwaEventChannel *self)
{
  g_return_val_if_fail (UCWA_IS_EVENT_CHANNEL (self), FALSE);

  return self->running;
}

guint
ucwa_event_channel_get_retry_in (UcwaEventChannel *self)
{
  g_return_val_if_fail (UCWA_IS_EVENT_CHANNEL (self), 0);

  return self->retry_in;
}

const GError *
ucwa_event_channel_get_last_error (UcwaEventChannel *self)
{
  g_return_val_if_fail (UCWA_IS_EVENT_CHANNEL (self), NULL);

  return self->last_error;
}

guint
ucwa_event_channel_get_poll_timeout (UcwaEventChannel *self)
{
  g_return_val_if_fail (UCWA_IS_EVENT_CHANNEL (self), 0);

  return self->poll_timeout;
}

void
ucwa_event_channel_set_poll_timeout (UcwaEventChannel *self,
                                     guint             seconds)
{
  g_return_if_fail (UCWA_IS_EVENT_CHANNEL (self));

  if (self->poll_timeout == seconds)
    return;
  self->poll_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_POLL_TIMEOUT]);
}

void
ucwa_event_channel_set_watchdog (UcwaEventChannel *self,
                                 guint             milliseconds)
{
  g_return_if_fail (UCWA_IS_EVENT_CHANNEL (self));

  self->watchdog_ms = milliseconds;
}

void
ucwa_event_channel_set_backoff (UcwaEventChannel *self,
                                guint             base_ms,
                                guint             max_ms)
{
  g_return_if_fail (UCWA_IS_EVENT_CHANNEL (self));

  self->backoff_base = MAX (1, base_ms);
  self->backoff_max = MAX (self->backoff_base, max_ms);
}

/* Waiting */

static void
end_wait (UcwaEventChannel *self,
          GError           *error)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->wait_task);

  if (self->wait_timeout != NULL)
    g_source_destroy (self->wait_timeout);
  g_clear_pointer (&self->wait_timeout, g_source_unref);
  if (self->wait_cancel != NULL)
    g_source_destroy (self->wait_cancel);
  g_clear_pointer (&self->wait_cancel, g_source_unref);
  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }

  if (!self->running)
    set_retry_in (self, 0);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  end_wait (user_data, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  end_wait (user_data, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled"));
  return G_SOURCE_REMOVE;
}

/**
 * ucwa_event_channel_wait_async:
 * @attempt: how many attempts failed before, 1 for the first retry
 * @retry_after_s: the server's Retry-After, 0 for none
 *
 * Waits out the channel's capped backoff before the next attempt of
 * something that is not the event channel itself (a sign-in), so that every
 * retry of the session backs off alike.  While waiting, #UcwaEventChannel:retry-in
 * says how long.  One wait at a time: a new one ends the previous one.
 */
void
ucwa_event_channel_wait_async (UcwaEventChannel   *self,
                               guint               attempt,
                               guint               retry_after_s,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  guint delay;

  g_return_if_fail (UCWA_IS_EVENT_CHANNEL (self));

  end_wait (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Another wait began"));

  self->wait_task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (self->wait_task, ucwa_event_channel_wait_async);
  if (self->offline)
    {
      /* Until the network comes back (see network_changed_cb). */
      delay = self->backoff_max;
      set_retry_in (self, 0);
    }
  else
    {
      delay = backoff_delay (self, MAX (attempt, 1), retry_after_s);
      set_retry_in (self, MAX (1, (delay + 999) / 1000));
    }

  self->wait_timeout = g_timeout_source_new (delay);
  g_source_set_callback (self->wait_timeout, wait_timeout_cb, self, NULL);
  g_source_attach (self->wait_timeout, g_main_context_get_thread_default ());
  if (cancellable != NULL)
    {
      self->wait_cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->wait_cancel, G_SOURCE_FUNC (wait_cancelled_cb), self, NULL);
      g_source_attach (self->wait_cancel, g_main_context_get_thread_default ());
    }
}

gboolean
ucwa_event_channel_wait_finish (UcwaEventChannel *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The desktop around it */

/* The network is back, or the machine woke up: whatever waits for the next
 * try goes now, and a parked P-GET (likely on a dead socket) is replaced. */
static void
wake_up (UcwaEventChannel *self,
         const char       *why)
{
  g_debug ("Event channel: %s, polling again at once", why);
  if (self->wait_task != NULL)
    end_wait (self, NULL);
  if (self->running)
    {
      self->failures = 0;
      poll_now (self);
    }
}

static void
network_changed_cb (GNetworkMonitor  *monitor,
                    gboolean          available,
                    UcwaEventChannel *self)
{
  gboolean offline = !g_network_monitor_get_network_available (monitor);
  gboolean was_offline = self->offline;
  gboolean waiting = self->retry_source != 0 || self->wait_task != NULL;

  self->offline = offline;
  if (offline)
    {
      if (self->running)
        {
          g_autoptr (GError) error = offline_error_new ();

          set_last_error (self, error);
          /* A countdown means nothing without a network. */
          if (self->retry_source != 0)
            {
              ucwa_clear_source (&self->retry_source);
              schedule_retry (self, 0);
            }
        }
      if (self->wait_task != NULL)
        set_retry_in (self, 0);
    }
  /* Last: listeners read the offline error. */
  if (offline != was_offline)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_OFFLINE]);
  if (offline)
    return;

  /* A change that leaves the network up (another route, say) only matters
   * to what waits for the next try. */
  if (was_offline || waiting)
    wake_up (self, was_offline ? "the network is back" : "the network changed");
}

/**
 * ucwa_event_channel_set_network_monitor:
 * @monitor: (nullable): the monitor to follow, %NULL for the default one
 *
 * Follows @monitor: polls again at once when the network comes back, and
 * says "offline" while there is none.
 */
void
ucwa_event_channel_set_network_monitor (UcwaEventChannel *self,
                                        GNetworkMonitor  *monitor)
{
  g_return_if_fail (UCWA_IS_EVENT_CHANNEL (self));
  g_return_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor));

  if (monitor == NULL)
    monitor = g_network_monitor_get_default ();
  if (self->monitor == monitor)
    return;

  if (self->monitor != NULL)
    g_clear_signal_handler (&self->monitor_handler, self->monitor);
  g_set_object (&self->monitor, monitor);
  self->monitor_handler = g_signal_connect (monitor, "network-changed", G_CALLBACK (network_changed_cb), self);
  network_changed_cb (monitor, g_network_monitor_get_network_available (monitor), self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_NETWORK_MONITOR]);
}

gboolean
ucwa_event_channel_get_offline (UcwaEventChannel *self)
{
  g_return_val_if_fail (UCWA_IS_EVENT_CHANNEL (self), FALSE);

  return self->offline;
}

/* The watchdog's monotonic clock stood still while asleep, and the server
 * dropped the P-GET long ago. */
static void
resumed_cb (UcwaEventChannel *self)
{
  wake_up (self, "resumed from suspend");
}

guint64
ucwa_event_channel_get_batch_count (UcwaEventChannel *self)
{
  g_return_val_if_fail (UCWA_IS_EVENT_CHANNEL (self), 0);

  return self->batch_count;
}

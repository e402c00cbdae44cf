/* ucwa-session.c: one signed-in UCWA account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The public face of UcwaSession: the GObject, its properties and state,
 * the event channel's signals and the accessors.  The work is in the other
 * parts (see ucwa-session-private.h): discovery and sign-in in
 * ucwa-sign-in.c, the application's life in ucwa-application-lifecycle.c,
 * the operations in ucwa-operations.c; events are applied in order by
 * UcwaEventQueue.
 */

#include "config.h"

#include "ucwa-session-private.h"

#include "ucwa-enum-types.h"
#include "ucwa-main-context-private.h"

#define DEFAULT_ACTIVITY_INTERVAL 180   /* s: the docs ask for at least every 4 minutes */
#define DEFAULT_OPERATION_TIMEOUT 30000 /* ms to wait for an operation to complete */

G_DEFINE_FINAL_TYPE (UcwaSession, ucwa_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_SIGN_IN_PHASE,
  PROP_ERROR,
  PROP_RETRY_IN,
  PROP_USER,
  PROP_DISPLAY_NAME,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

void
_ucwa_session_set_sign_in_phase (UcwaSession    *self,
                                 UcwaSignInPhase phase)
{
  if (self->sign_in_phase == phase)
    return;
  self->sign_in_phase = phase;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SIGN_IN_PHASE]);
}

void
_ucwa_session_set_state (UcwaSession     *self,
                         UcwaSessionState state)
{
  /* Done or failed: no step is under way; first, so that whoever watches
   * the state finds the phase over. */
  if (state != UCWA_SESSION_STATE_SIGNING_IN)
    _ucwa_session_set_sign_in_phase (self, UCWA_SIGN_IN_PHASE_NONE);
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

void
_ucwa_session_set_error (UcwaSession  *self,
                         const GError *error)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ERROR]);
}

static gboolean
set_string (char      **field,
            const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
_ucwa_session_set_user (UcwaSession *self,
                        const char  *user)
{
  if (set_string (&self->user, user))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_USER]);
}

void
_ucwa_session_set_display_name (UcwaSession *self,
                                const char  *display_name)
{
  if (set_string (&self->display_name, display_name))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DISPLAY_NAME]);
}

void
_ucwa_session_stop (UcwaSession *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  ucwa_event_channel_stop (self->channel);
  ucwa_clear_source (&self->activity_source);
  ucwa_clear_source (&self->recreate_source);
  ucwa_event_queue_clear (self->events);
  self->recreating = FALSE;
}

void
_ucwa_session_signed_out (UcwaSession  *self,
                          const GError *error)
{
  _ucwa_session_stop (self);
  /* Signed out, the password has nothing left to renew: wiped now, not at
   * the next sign-in (which brings it again).  The token stays for the
   * sign-out's DELETE of the application. */
  ucwa_connection_set_credentials (self->connection, NULL, NULL);
  _ucwa_session_set_error (self, error);
  _ucwa_session_set_state (self, UCWA_SESSION_STATE_SIGNED_OUT);
  _ucwa_presence_set_href (self->presence, NULL);
  /* After the state: what ends now is seen to end because of it.  Nothing
   * that rang may keep a button leading to a dead link. */
  ucwa_model_sign_out (self->model);
}

void
_ucwa_session_fail_sign_in (UcwaSession *self,
                            GTask       *task,
                            GError      *error)
{
  /* A failed re-creation is retried by recreate_cb, not signed out. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      (task == NULL || g_task_get_source_tag (task) == ucwa_session_sign_in_async))
    _ucwa_session_signed_out (self, error);
  if (task != NULL)
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

static void
ucwa_session_dispose (GObject *object)
{
  UcwaSession *self = (UcwaSession *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  _ucwa_session_drop_send_queues (self);
  ucwa_clear_source (&self->activity_source);
  ucwa_clear_source (&self->recreate_source);
  if (self->events != NULL)
    ucwa_event_queue_clear (self->events);
  if (self->channel != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->channel, self);
      ucwa_event_channel_stop (self->channel);
    }
  g_clear_object (&self->events);
  g_clear_object (&self->presence);
  g_clear_object (&self->channel);
  g_clear_object (&self->connection);
  g_clear_object (&self->model);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ucwa_session_parent_class)->dispose (object);
}

static void
ucwa_session_finalize (GObject *object)
{
  UcwaSession *self = (UcwaSession *) object;

  g_clear_error (&self->error);
  g_free (self->user);
  g_free (self->display_name);
  g_free (self->endpoint_id);
  g_free (self->culture);
  g_free (self->user_agent);
  g_strfreev (self->discovery_urls);
  g_free (self->applications_href);
  g_free (self->application_href);
  g_free (self->report_activity_href);
  g_free (self->make_me_available_href);
  g_clear_pointer (&self->base_uri, g_uri_unref);

  G_OBJECT_CLASS (ucwa_session_parent_class)->finalize (object);
}

static void
ucwa_session_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  UcwaSession *self = UCWA_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SIGN_IN_PHASE:
      g_value_set_enum (value, self->sign_in_phase);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_RETRY_IN:
      g_value_set_uint (value, self->retry_in);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ucwa_session_class_init (UcwaSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ucwa_session_dispose;
  object_class->finalize = ucwa_session_finalize;
  object_class->get_property = ucwa_session_get_property;

  props[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       UCWA_TYPE_SESSION_STATE, UCWA_SESSION_STATE_SIGNED_OUT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The step a sign-in has reached, as it reaches it; NONE outside one. */
  props[PROP_SIGN_IN_PHASE] =
    g_param_spec_enum ("sign-in-phase", NULL, NULL,
                       UCWA_TYPE_SIGN_IN_PHASE, UCWA_SIGN_IN_PHASE_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Why the session is signed out, or why the event channel is retrying. */
  props[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_RETRY_IN] =
    g_param_spec_uint ("retry-in", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, UCWA_TYPE_MODEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

/* Event channel */

static void
channel_batch_cb (UcwaSession    *self,
                  UcwaEventBatch *batch)
{
  if (self->state == UCWA_SESSION_STATE_RECONNECTING && !self->recreating)
    _ucwa_session_set_state (self, UCWA_SESSION_STATE_ONLINE);

  ucwa_event_queue_push_batch (self->events, batch);
}

/* The server takes our polls again: back online, whether or not it has
 * anything to say (a quiet server may hold the P-GET for minutes). */
static void
channel_accepted_cb (UcwaSession *self)
{
  if (self->state != UCWA_SESSION_STATE_RECONNECTING || self->recreating)
    return;

  _ucwa_session_set_error (self, NULL);
  _ucwa_session_set_state (self, UCWA_SESSION_STATE_ONLINE);
}

static void
channel_reset_cb (UcwaSession *self)
{
  ucwa_event_queue_push_reset (self->events);
}

static void
channel_retry_cb (UcwaSession *self)
{
  guint retry_in = ucwa_event_channel_get_retry_in (self->channel);

  if (self->retry_in != retry_in)
    {
      self->retry_in = retry_in;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RETRY_IN]);
    }

  /* Offline has no countdown, and may come while already reconnecting. */
  if ((retry_in > 0 && self->state == UCWA_SESSION_STATE_ONLINE) ||
      (ucwa_event_channel_get_offline (self->channel) && ucwa_event_channel_get_running (self->channel) &&
       (self->state == UCWA_SESSION_STATE_ONLINE || self->state == UCWA_SESSION_STATE_RECONNECTING)))
    {
      _ucwa_session_set_error (self, ucwa_event_channel_get_last_error (self->channel));
      _ucwa_session_set_state (self, UCWA_SESSION_STATE_RECONNECTING);
    }
}

static void
channel_application_lost_cb (UcwaSession *self,
                             GError      *error)
{
  g_debug ("Application lost (%s): creating a new one", error->message);
  _ucwa_session_recreate_application (self);
}

static void
channel_failed_cb (UcwaSession *self,
                   GError      *error)
{
  _ucwa_session_signed_out (self, error);
}

static void
ucwa_session_init (UcwaSession *self)
{
  self->connection = ucwa_connection_new ();
  self->channel = ucwa_event_channel_new (self->connection);
  self->model = ucwa_model_new ();
  self->events = ucwa_event_queue_new (self->connection, self->model);
  self->presence = _ucwa_presence_new (self->connection, self->channel);
  self->cancellable = g_cancellable_new ();
  self->culture = g_strdup ("en-US");
  self->user_agent = g_strdup ("Beckon/" PACKAGE_VERSION);
  self->activity_interval = DEFAULT_ACTIVITY_INTERVAL;
  self->operation_timeout = DEFAULT_OPERATION_TIMEOUT;

  g_signal_connect_swapped (self->channel, "batch", G_CALLBACK (channel_batch_cb), self);
  g_signal_connect_swapped (self->channel, "resync", G_CALLBACK (channel_reset_cb), self);
  g_signal_connect_swapped (self->channel, "resumed", G_CALLBACK (channel_reset_cb), self);
  g_signal_connect_swapped (self->channel, "notify::retry-in", G_CALLBACK (channel_retry_cb), self);
  g_signal_connect_swapped (self->channel, "notify::offline", G_CALLBACK (channel_retry_cb), self);
  g_signal_connect_swapped (self->channel, "application-lost", G_CALLBACK (channel_application_lost_cb), self);
  g_signal_connect_swapped (self->channel, "failed", G_CALLBACK (channel_failed_cb), self);
  g_signal_connect_swapped (self->channel, "accepted", G_CALLBACK (channel_accepted_cb), self);
}

UcwaSession *
ucwa_session_new (void)
{
  return g_object_new (UCWA_TYPE_SESSION, NULL);
}

/* Accessors */

UcwaSessionState
ucwa_session_get_state (UcwaSession *self)
{
  g_return_val_if_fail (UCWA_IS_SESSION (self), UCWA_SESSION_STATE_SIGNED_OUT);
  return self->state;
}

UcwaSignInPhase
ucwa_session_get_sign_in_phase (UcwaSession *self)
{
  g_return_val_if_fail (UCWA_IS_SESSION (self), UCWA_SIGN_IN_PHASE_NONE);
  return self->sign_in_phase;
}

const GError *
ucwa_session_get_error (UcwaSession *self)
{
  g_return_val_if_fail (UCWA_IS_SESSION (self), NULL);
  return self->error;
}

guint
ucwa_session_get_retry_in (UcwaSession *self)
{
  g_return_val_if_fail (UCWA_IS_SESSION (self), 0);
  return self->retry_in;
}

const char *
ucwa_session_get_user (UcwaSession *self)
{
  g_return_val_if_fail (UCWA_IS_SESSION (self), NULL);
  return self->user;
}

const char *
ucwa_session_get_display_name (UcwaSession *self)
{
  g_return_val_if_fail (UCWA_IS_SESSION (self), NULL);
  return self->display_name;
}

UcwaModel *
ucwa_session_get_model (UcwaSession *self)
{
  g_return_val_if_fail (UCWA_IS_SESSION (self), NULL);
  return self->model;
}

UcwaConnection *
ucwa_session_get_connection (UcwaSession *self)
{
  g_return_val_if_fail (UCWA_IS_SESSION (self), NULL);
  return self->connection;
}

UcwaEventChannel *
ucwa_session_get_event_channel (UcwaSession *self)
{
  g_return_val_if_fail (UCWA_IS_SESSION (self), NULL);
  return self->channel;
}

UcwaPresence *
ucwa_session_get_presence (UcwaSession *self)
{
  g_return_val_if_fail (UCWA_IS_SESSION (self), NULL);
  return self->presence;
}

const char *
ucwa_session_get_endpoint_id (UcwaSession *self)
{
  g_return_val_if_fail (UCWA_IS_SESSION (self), NULL);
  return self->endpoint_id;
}

void
ucwa_session_set_endpoint_id (UcwaSession *self,
                              const char  *endpoint_id)
{
  g_return_if_fail (UCWA_IS_SESSION (self));
  set_string (&self->endpoint_id, endpoint_id);
}

void
ucwa_session_set_culture (UcwaSession *self,
                          const char  *culture)
{
  g_return_if_fail (UCWA_IS_SESSION (self));
  set_string (&self->culture, culture ? culture : "en-US");
}

void
ucwa_session_set_user_agent (UcwaSession *self,
                             const char  *user_agent)
{
  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (user_agent != NULL);
  set_string (&self->user_agent, user_agent);
}

void
ucwa_session_set_activity_interval (UcwaSession *self,
                                    guint        seconds)
{
  g_return_if_fail (UCWA_IS_SESSION (self));
  self->activity_interval = CLAMP (seconds, 1, 240);
  if (self->activity_source != 0)
    _ucwa_session_start_activity_timer (self);
}

void
ucwa_session_set_operation_timeout (UcwaSession *self,
                                    guint        milliseconds)
{
  g_return_if_fail (UCWA_IS_SESSION (self));
  self->operation_timeout = MAX (1, milliseconds);
}

void
ucwa_session_set_fetch_timeout (UcwaSession *self,
                                guint        milliseconds)
{
  g_return_if_fail (UCWA_IS_SESSION (self));
  ucwa_event_queue_set_fetch_timeout (self->events, milliseconds);
}

void
ucwa_session_set_discovery_urls (UcwaSession       *self,
                                 const char *const *urls)
{
  g_return_if_fail (UCWA_IS_SESSION (self));
  g_strfreev (self->discovery_urls);
  self->discovery_urls = g_strdupv ((char **) urls);
}

/* ucwa-session.c: one signed-in UCWA account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sign-in follows PROTOCOL.md §1–§5: autodiscovery (root, root redirect,
 * user redirect to another pool), the WebTicket challenge (in the
 * connection), POST applications, makeMeAvailable, then the event channel
 * and a reportMyActivity timer.  Events are applied to the model strictly
 * in order; an event that carries no resource is completed by a GET before
 * it (and everything after it) is applied.
 */

#include "config.h"

#include "ucwa-session.h"

#include <string.h>

#include "ucwa-enum-types.h"
#include "ucwa-error.h"
#include "ucwa-resource.h"
#include "ucwa-uri.h"

#define DEFAULT_ACTIVITY_INTERVAL 180   /* s: the docs ask for at least every 4 minutes */
#define DEFAULT_OPERATION_TIMEOUT 30000 /* ms to wait for an operation to complete */
#define MAX_DISCOVERY_HOPS        6
#define RECREATE_BACKOFF_MAX      60 /* s */

struct _UcwaSession
{
  GObject parent_instance;

  UcwaConnection   *connection;
  UcwaEventChannel *channel;
  UcwaModel        *model;

  UcwaSessionState state;
  GError          *error;
  guint            retry_in;

  char  *user;
  char  *display_name;
  char  *endpoint_id;
  char  *culture;
  char  *user_agent;
  char **discovery_urls; /* override for tests and for known servers */
  guint  activity_interval;
  guint  operation_timeout;

  /* From the discovery and the application. */
  char *applications_href;
  char *application_href;
  char *report_activity_href;
  char *make_me_available_href;
  GUri *base_uri;

  GCancellable *cancellable; /* everything of this sign-in */
  guint         activity_source;
  guint         recreate_source;
  guint         recreate_attempts;
  gboolean      recreating;

  /* Event batches waiting to be applied, oldest first. */
  GQueue   pending;
  gboolean processing;
};

G_DEFINE_FINAL_TYPE (UcwaSession, ucwa_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR,
  PROP_RETRY_IN,
  PROP_USER,
  PROP_DISPLAY_NAME,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

typedef enum {
  PENDING_EVENTS,
  PENDING_RESET,
} PendingKind;

typedef struct
{
  PendingKind     kind;
  UcwaEventBatch *batch; /* our own reference: the events outlive the emission */
  guint           next;
} PendingBatch;

static void process_pending (UcwaSession *self);
static void create_application (UcwaSession *self, GTask *task);
static void recreate_application (UcwaSession *self);

static void
pending_batch_free (PendingBatch *batch)
{
  g_clear_pointer (&batch->batch, ucwa_event_batch_unref);
  g_free (batch);
}

static void
set_state (UcwaSession     *self,
           UcwaSessionState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

static void
set_error (UcwaSession  *self,
           const GError *error)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ERROR]);
}

static void
set_string (char      **field,
            const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

static void
stop_everything (UcwaSession *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  ucwa_event_channel_stop (self->channel);
  g_clear_handle_id (&self->activity_source, g_source_remove);
  g_clear_handle_id (&self->recreate_source, g_source_remove);
  g_queue_clear_full (&self->pending, (GDestroyNotify) pending_batch_free);
  self->processing = FALSE;
  self->recreating = FALSE;
}

static void
signed_out (UcwaSession  *self,
            const GError *error)
{
  stop_everything (self);
  set_error (self, error);
  set_state (self, UCWA_SESSION_STATE_SIGNED_OUT);
}

static void
ucwa_session_dispose (GObject *object)
{
  UcwaSession *self = (UcwaSession *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->activity_source, g_source_remove);
  g_clear_handle_id (&self->recreate_source, g_source_remove);
  g_queue_clear_full (&self->pending, (GDestroyNotify) pending_batch_free);
  if (self->channel != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->channel, self);
      ucwa_event_channel_stop (self->channel);
    }
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
  PendingBatch *pending;

  if (self->state == UCWA_SESSION_STATE_RECONNECTING && !self->recreating)
    set_state (self, UCWA_SESSION_STATE_ONLINE);

  if (batch->events == NULL || batch->events->len == 0)
    return;

  /* Applying may need GETs: keep the batch beyond this emission. */
  pending = g_new0 (PendingBatch, 1);
  pending->kind = PENDING_EVENTS;
  pending->batch = ucwa_event_batch_ref (batch);
  g_queue_push_tail (&self->pending, pending);
  process_pending (self);
}

static void
channel_reset_cb (UcwaSession *self)
{
  PendingBatch *pending = g_new0 (PendingBatch, 1);

  pending->kind = PENDING_RESET;
  g_queue_push_tail (&self->pending, pending);
  process_pending (self);
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

  if (retry_in > 0 && self->state == UCWA_SESSION_STATE_ONLINE)
    {
      set_error (self, ucwa_event_channel_get_last_error (self->channel));
      set_state (self, UCWA_SESSION_STATE_RECONNECTING);
    }
}

static void
channel_application_lost_cb (UcwaSession *self,
                             GError      *error)
{
  g_debug ("Application lost (%s): creating a new one", error->message);
  recreate_application (self);
}

static void
channel_failed_cb (UcwaSession *self,
                   GError      *error)
{
  signed_out (self, error);
}

static void
ucwa_session_init (UcwaSession *self)
{
  self->connection = ucwa_connection_new ();
  self->channel = ucwa_event_channel_new (self->connection);
  self->model = ucwa_model_new ();
  self->cancellable = g_cancellable_new ();
  self->culture = g_strdup ("en-US");
  self->user_agent = g_strdup ("Beckon/" PACKAGE_VERSION);
  self->activity_interval = DEFAULT_ACTIVITY_INTERVAL;
  self->operation_timeout = DEFAULT_OPERATION_TIMEOUT;
  g_queue_init (&self->pending);

  g_signal_connect_swapped (self->channel, "batch", G_CALLBACK (channel_batch_cb), self);
  g_signal_connect_swapped (self->channel, "resync", G_CALLBACK (channel_reset_cb), self);
  g_signal_connect_swapped (self->channel, "resumed", G_CALLBACK (channel_reset_cb), self);
  g_signal_connect_swapped (self->channel, "notify::retry-in", G_CALLBACK (channel_retry_cb), self);
  g_signal_connect_swapped (self->channel, "application-lost", G_CALLBACK (channel_application_lost_cb), self);
  g_signal_connect_swapped (self->channel, "failed", G_CALLBACK (channel_failed_cb), self);
}

UcwaSession *
ucwa_session_new (void)
{
  return g_object_new (UCWA_TYPE_SESSION, NULL);
}

/* Applying events, in order */

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (UcwaSession)  self = user_data;
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;
  PendingBatch            *pending;
  UcwaEvent               *event;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  pending = g_queue_peek_head (&self->pending);
  g_assert (pending != NULL && pending->kind == PENDING_EVENTS);
  event = g_ptr_array_index (pending->batch->events, pending->next);

  if (response != NULL && response->json != NULL && JSON_NODE_HOLDS_OBJECT (response->json))
    event->embedded = json_object_ref (json_node_get_object (response->json));
  else
    g_debug ("Could not fetch %s: %s", event->href, error ? error->message : "not a resource");

  /* Applied with or without the resource: an event is never dropped. */
  ucwa_model_apply_event (self->model, event);
  pending->next++;
  self->processing = FALSE;
  process_pending (self);
}

static void
process_pending (UcwaSession *self)
{
  PendingBatch *pending;

  if (self->processing)
    return;

  while ((pending = g_queue_peek_head (&self->pending)) != NULL)
    {
      if (pending->kind == PENDING_RESET)
        {
          ucwa_model_reset_transient (self->model);
          pending_batch_free (g_queue_pop_head (&self->pending));
          continue;
        }

      while (pending->next < pending->batch->events->len)
        {
          UcwaEvent *event = g_ptr_array_index (pending->batch->events, pending->next);

          if (event->embedded == NULL && ucwa_model_event_wants_resource (self->model, event))
            {
              self->processing = TRUE;
              ucwa_connection_request_async (self->connection, "GET", event->href, NULL, NULL,
                                             UCWA_REQUEST_AUTHENTICATED, self->cancellable,
                                             fetch_cb, g_object_ref (self));
              return;
            }

          ucwa_model_apply_event (self->model, event);
          pending->next++;
        }

      pending_batch_free (g_queue_pop_head (&self->pending));
    }
}

/* reportMyActivity */

static void make_me_available (UcwaSession *self, GTask *task);

static void
report_activity_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (UcwaSession)  self = user_data;
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (response != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("reportMyActivity failed: %s", error->message);
  if (g_error_matches (error, UCWA_ERROR, UCWA_ERROR_MAKE_ME_AVAILABLE_REQUIRED))
    make_me_available (self, NULL);
  else if (g_error_matches (error, UCWA_ERROR, UCWA_ERROR_APPLICATION_NOT_FOUND))
    recreate_application (self);
  else if (error->domain == UCWA_ERROR && error->code == UCWA_ERROR_INACTIVE_APPLICATION_EXPIRED)
    signed_out (self, error);
}

static gboolean
report_activity_timeout_cb (gpointer user_data)
{
  UcwaSession *self = user_data;

  if (self->report_activity_href != NULL && self->state != UCWA_SESSION_STATE_SIGNED_OUT)
    ucwa_connection_request_async (self->connection, "POST", self->report_activity_href, NULL, NULL,
                                   UCWA_REQUEST_AUTHENTICATED, self->cancellable,
                                   report_activity_cb, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

static void
start_activity_timer (UcwaSession *self)
{
  g_clear_handle_id (&self->activity_source, g_source_remove);
  /* One timer, not a poll: it only wakes up every few minutes. */
  self->activity_source = g_timeout_add_seconds (self->activity_interval,
                                                 report_activity_timeout_cb, self);
}

/* Sign-in */

typedef struct
{
  char   *domain; /* of the user's SIP address: redirects must stay in it */
  char  **candidates;
  guint   candidate;
  guint   hops;
  char   *events_href;
  GError *discovery_error;
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
  g_free (data->domain);
  g_strfreev (data->candidates);
  g_free (data->events_href);
  g_clear_error (&data->discovery_error);
  g_free (data);
}

static void
fail_sign_in (UcwaSession *self,
              GTask       *task,
              GError      *error)
{
  /* A failed re-creation is retried by recreate_cb, not signed out. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      (task == NULL || g_task_get_source_tag (task) == ucwa_session_sign_in_async))
    signed_out (self, error);
  if (task != NULL)
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

static char *
domain_of (const char *sip_address)
{
  const char *at;

  if (sip_address == NULL)
    return NULL;
  at = strrchr (sip_address, '@');
  if (at == NULL || at[1] == '\0')
    return NULL;
  return g_ascii_strdown (at + 1, -1);
}

char **
ucwa_session_build_discovery_urls (const char *sip_address)
{
  g_autofree char *domain = domain_of (sip_address);
  char           **urls;

  if (domain == NULL || strpbrk (domain, "/:?#[]@ \\%") != NULL)
    return NULL;

  /* Internal first, then external; HTTPS only, as the docs recommend. */
  urls = g_new0 (char *, 3);
  urls[0] = g_strdup_printf ("https://lyncdiscoverinternal.%s/", domain);
  urls[1] = g_strdup_printf ("https://lyncdiscover.%s/", domain);
  return urls;
}

char *
ucwa_session_default_endpoint_id (const char *user)
{
  g_autofree char *machine_id = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *seed = NULL;

  /* Stable across runs for this user on this machine, unique across
   * machines, and reveals neither. */
  if (!g_file_get_contents ("/etc/machine-id", &machine_id, NULL, NULL))
    machine_id = g_strdup (g_get_host_name ());
  seed = g_strconcat (g_strstrip (machine_id), "\n", user ? user : "", "\nbeckon", NULL);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s",
                          digest, digest + 8, digest + 12, digest + 16, digest + 20);
}

static gboolean
redirect_allowed (GUri       *from,
                  GUri       *to,
                  const char *domain)
{
  const char      *host = g_uri_get_host (to);
  g_autofree char *lower = NULL;

  /* Anti-spoofing: a redirect may stay on the same host or move within the
   * user's own domain, never to somebody else's server. */
  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, g_uri_get_host (from)) == 0)
    return TRUE;
  if (domain == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, domain) == 0)
    return TRUE;
  lower = g_ascii_strdown (host, -1);
  return strlen (lower) > strlen (domain) + 1 &&
         g_str_has_suffix (lower, domain) &&
         lower[strlen (lower) - strlen (domain) - 1] == '.';
}

/* The target of a discovery or pool redirect, if it may be followed. */
static GUri *
check_redirect (GUri       *from,
                const char *href,
                const char *domain,
                GError    **error)
{
  g_autoptr (GUri) target = g_uri_parse (href, G_URI_FLAGS_NONE, NULL);

  if (target == NULL || !redirect_allowed (from, target, domain))
    {
      g_set_error (error, UCWA_ERROR, UCWA_ERROR_DISCOVERY_FAILED,
                   "The server redirected to %s, outside your domain",
                   target ? g_uri_get_host (target) : "an invalid address");
      return NULL;
    }
  return g_steal_pointer (&target);
}

static void discover_next (UcwaSession *self, GTask *task);
static void get_user (UcwaSession *self, GTask *task, const char *href);

static void
user_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask)        task = user_data;
  UcwaSession             *self = g_task_get_source_object (task);
  SignInData              *data = g_task_get_task_data (task);
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;
  g_autoptr (GUri)         base = NULL;
  g_autofree char         *applications = NULL;
  g_autofree char         *redirect = NULL;
  JsonObject              *resource;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (response == NULL)
    {
      fail_sign_in (self, task, g_steal_pointer (&error));
      return;
    }

  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    {
      fail_sign_in (self, task, g_error_new (UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE, "The user resource is not a UCWA resource"));
      return;
    }

  resource = json_node_get_object (response->json);
  base = g_uri_parse (response->uri, G_URI_FLAGS_NONE, NULL);
  applications = ucwa_resource_dup_link (resource, "applications", base);
  if (applications != NULL)
    {
      set_string (&self->applications_href, applications);
      g_clear_pointer (&self->base_uri, g_uri_unref);
      self->base_uri = g_uri_parse (applications, G_URI_FLAGS_NONE, NULL);
      ucwa_model_set_base_uri (self->model, self->base_uri);
      create_application (self, g_steal_pointer (&task));
      return;
    }

  /* Homed on another pool: follow, and sign in again there. */
  redirect = ucwa_resource_dup_link (resource, "redirect", base);
  if (redirect == NULL)
    redirect = ucwa_resource_dup_link (resource, "user", base);
  if (redirect != NULL && g_strcmp0 (redirect, response->uri) != 0 && ++data->hops < MAX_DISCOVERY_HOPS)
    {
      g_autoptr (GUri) target = check_redirect (base, redirect, data->domain, &error);

      if (target == NULL)
        {
          fail_sign_in (self, task, g_steal_pointer (&error));
          return;
        }
      if (!ucwa_uri_same_origin (base, target))
        ucwa_connection_reset_token (self->connection);
      get_user (self, g_steal_pointer (&task), redirect);
      return;
    }

  fail_sign_in (self, task, g_error_new (UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE, "The server offers no applications link"));
}

static void
get_user (UcwaSession *self,
          GTask       *task,
          const char  *href)
{
  ucwa_connection_request_async (self->connection, "GET", href, NULL, NULL,
                                 UCWA_REQUEST_AUTHENTICATED, g_task_get_cancellable (task),
                                 user_cb, task);
}

static void
root_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask)        task = user_data;
  UcwaSession             *self = g_task_get_source_object (task);
  SignInData              *data = g_task_get_task_data (task);
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;
  g_autoptr (GUri)         base = NULL;
  g_autofree char         *user = NULL;
  g_autofree char         *redirect = NULL;
  JsonObject              *root;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fail_sign_in (self, task, g_steal_pointer (&error));
      return;
    }

  if (response == NULL || response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    {
      /* This candidate failed: remember why, try the next one. */
      g_clear_error (&data->discovery_error);
      data->discovery_error = error ? g_steal_pointer (&error)
                                    : g_error_new (UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                                                   "%s is not a UCWA autodiscovery service",
                                                   response ? response->uri : "The server");
      data->candidate++;
      discover_next (self, g_steal_pointer (&task));
      return;
    }

  root = json_node_get_object (response->json);
  base = g_uri_parse (response->uri, G_URI_FLAGS_NONE, NULL);
  user = ucwa_resource_dup_link (root, "user", base);
  if (user != NULL)
    {
      get_user (self, g_steal_pointer (&task), user);
      return;
    }

  redirect = ucwa_resource_dup_link (root, "redirect", base);
  if (redirect != NULL && ++data->hops < MAX_DISCOVERY_HOPS)
    {
      g_autoptr (GUri) target = check_redirect (base, redirect, data->domain, &error);
      GCancellable    *cancellable = g_task_get_cancellable (task);

      if (target == NULL)
        {
          fail_sign_in (self, task, g_steal_pointer (&error));
          return;
        }
      ucwa_connection_request_async (self->connection, "GET", redirect, NULL, NULL,
                                     UCWA_REQUEST_NONE, cancellable,
                                     root_cb, g_steal_pointer (&task));
      return;
    }

  fail_sign_in (self, task, g_error_new (UCWA_ERROR, UCWA_ERROR_DISCOVERY_FAILED, "The autodiscovery service offers no user link"));
}

static void
discover_next (UcwaSession *self,
               GTask       *task)
{
  SignInData *data = g_task_get_task_data (task);

  if (data->candidates == NULL || data->candidates[data->candidate] == NULL)
    {
      GError *error;

      /* An untrusted certificate is not "server not found": keep it what it
       * is, so the user is told about the certificate. */
      if (data->discovery_error != NULL && data->discovery_error->domain == G_TLS_ERROR)
        error = g_error_copy (data->discovery_error);
      else
        error = g_error_new (UCWA_ERROR, UCWA_ERROR_DISCOVERY_FAILED,
                             "Could not find the Skype for Business server%s%s",
                             data->discovery_error ? ": " : "",
                             data->discovery_error ? data->discovery_error->message : "");
      fail_sign_in (self, task, error);
      g_object_unref (task);
      return;
    }

  data->hops = 0;
  ucwa_connection_request_async (self->connection, "GET", data->candidates[data->candidate],
                                 NULL, NULL, UCWA_REQUEST_NONE, g_task_get_cancellable (task),
                                 root_cb, task);
}

static void
application_ready (UcwaSession *self,
                   GTask       *task)
{
  SignInData *data = task ? g_task_get_task_data (task) : NULL;

  self->recreating = FALSE;
  self->recreate_attempts = 0;
  set_error (self, NULL);
  start_activity_timer (self);
  if (data != NULL && data->events_href != NULL)
    ucwa_event_channel_start (self->channel, data->events_href);
  set_state (self, UCWA_SESSION_STATE_ONLINE);

  if (task != NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static void
application_get_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask                   *task = user_data;
  UcwaSession             *self = g_task_get_source_object (task);
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (response == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fail_sign_in (self, task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (response != NULL && response->json != NULL && JSON_NODE_HOLDS_OBJECT (response->json))
    {
      JsonObject      *application = json_node_get_object (response->json);
      JsonObject      *me = ucwa_resource_get_embedded (application, "me");
      g_autofree char *report = NULL;

      if (me != NULL)
        report = ucwa_resource_dup_link (me, "reportMyActivity", self->base_uri);
      /* The reference puts it on the application, the traces on me. */
      if (report == NULL)
        report = ucwa_resource_dup_link (application, "reportMyActivity", self->base_uri);
      set_string (&self->report_activity_href, report);
    }
  else
    g_debug ("Could not refresh the application: %s", error ? error->message : "no resource");

  application_ready (self, task);
}

static void
make_me_available_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask                   *task = user_data;
  UcwaSession             *self;
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (task == NULL)
    return;

  self = g_task_get_source_object (task);
  /* AlreadyExists: this application is available already, which is the goal. */
  if (response == NULL && !g_error_matches (error, UCWA_ERROR, UCWA_ERROR_ALREADY_EXISTS))
    {
      fail_sign_in (self, task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  ucwa_connection_request_async (self->connection, "GET", self->application_href, NULL, NULL,
                                 UCWA_REQUEST_AUTHENTICATED, g_task_get_cancellable (task),
                                 application_get_cb, task);
}

static void
make_me_available (UcwaSession *self,
                   GTask       *task)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode)    body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "SupportedModalities");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "Messaging");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "SupportedMessageFormats");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "Plain");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  if (self->make_me_available_href == NULL)
    {
      /* Already available (no link offered): carry on. */
      if (task != NULL)
        ucwa_connection_request_async (self->connection, "GET", self->application_href, NULL, NULL,
                                       UCWA_REQUEST_AUTHENTICATED, g_task_get_cancellable (task),
                                       application_get_cb, task);
      return;
    }

  ucwa_connection_request_json_async (self->connection, "POST", self->make_me_available_href, body,
                                      UCWA_REQUEST_AUTHENTICATED,
                                      task ? g_task_get_cancellable (task) : self->cancellable,
                                      make_me_available_cb, task);
}

static void
applications_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask                   *task = user_data;
  UcwaSession             *self = g_task_get_source_object (task);
  SignInData              *data = g_task_get_task_data (task);
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;
  g_autofree char         *self_href = NULL;
  g_autofree char         *events = NULL;
  JsonObject              *application, *me;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (response == NULL)
    {
      fail_sign_in (self, task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    {
      fail_sign_in (self, task, g_error_new (UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE, "The server created no application"));
      g_object_unref (task);
      return;
    }

  application = json_node_get_object (response->json);
  self_href = ucwa_resource_dup_link (application, "self", self->base_uri);
  if (self_href == NULL)
    self_href = g_strdup (response->location);
  events = ucwa_resource_dup_link (application, "events", self->base_uri);
  if (self_href == NULL || events == NULL)
    {
      fail_sign_in (self, task, g_error_new (UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE, "The application has no %s link", self_href == NULL ? "self" : "events"));
      g_object_unref (task);
      return;
    }

  set_string (&self->application_href, self_href);
  g_free (data->events_href);
  data->events_href = g_steal_pointer (&events);

  me = ucwa_resource_get_embedded (application, "me");
  g_clear_pointer (&self->make_me_available_href, g_free);
  if (me != NULL)
    {
      const char *name = ucwa_resource_get_string (me, "name");

      self->make_me_available_href = ucwa_resource_dup_link (me, "makeMeAvailable", self->base_uri);
      if (name != NULL && g_strcmp0 (name, self->display_name) != 0)
        {
          set_string (&self->display_name, name);
          g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DISPLAY_NAME]);
        }
    }

  make_me_available (self, task);
}

static void
create_application (UcwaSession *self,
                    GTask       *task)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode)    body = NULL;

  if (self->endpoint_id == NULL)
    self->endpoint_id = ucwa_session_default_endpoint_id (self->user);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "UserAgent");
  json_builder_add_string_value (builder, self->user_agent);
  json_builder_set_member_name (builder, "EndpointId");
  json_builder_add_string_value (builder, self->endpoint_id);
  json_builder_set_member_name (builder, "Culture");
  json_builder_add_string_value (builder, self->culture);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  ucwa_connection_request_json_async (self->connection, "POST", self->applications_href, body,
                                      UCWA_REQUEST_AUTHENTICATED, g_task_get_cancellable (task),
                                      applications_cb, task);
}

static void
cancel_chained_cb (GCancellable *cancellable,
                   GCancellable *chained)
{
  g_cancellable_cancel (chained);
}

void
ucwa_session_sign_in_async (UcwaSession        *self,
                            const char         *server_url,
                            const char         *user,
                            const char         *password,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr (GTask)        task = NULL;
  g_autoptr (GCancellable) chained = NULL;
  SignInData              *data;
  const char              *username;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (user != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  stop_everything (self);
  ucwa_connection_reset_token (self->connection);

  /* Cancelling the caller's cancellable, or signing out, stops the sign-in. */
  chained = g_object_ref (self->cancellable);
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (cancel_chained_cb),
                           g_object_ref (chained), g_object_unref);

  task = g_task_new (self, chained, callback, user_data);
  g_task_set_source_tag (task, ucwa_session_sign_in_async);
  /* A failure signs out, which cancels `chained`: the failure must still be
   * what the caller sees, not "cancelled". */
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (SignInData, 1);
  data->domain = domain_of (user);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_data_free);

  if (g_strcmp0 (self->user, user) != 0)
    {
      set_string (&self->user, user);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_USER]);
    }

  username = g_str_has_prefix (user, "sip:") ? user + 4 : user;
  ucwa_connection_set_credentials (self->connection, username, password);
  ucwa_connection_set_user_agent (self->connection, self->user_agent);

  if (server_url != NULL && *server_url != '\0')
    {
      data->candidates = g_new0 (char *, 2);
      data->candidates[0] = g_strdup (server_url);
    }
  else if (self->discovery_urls != NULL)
    data->candidates = g_strdupv (self->discovery_urls);
  else
    data->candidates = ucwa_session_build_discovery_urls (user);

  if (data->candidates == NULL)
    {
      fail_sign_in (self, g_steal_pointer (&task),
                    g_error_new (UCWA_ERROR, UCWA_ERROR_DISCOVERY_FAILED,
                                 "“%s” is not a valid sign-in address", user));
      return;
    }

  set_error (self, NULL);
  set_state (self, UCWA_SESSION_STATE_SIGNING_IN);
  discover_next (self, g_steal_pointer (&task));
}

gboolean
ucwa_session_sign_in_finish (UcwaSession  *self,
                             GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (UCWA_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A lost application (404 ApplicationNotFound) is re-created behind the
 * user's back, as the docs allow; pending invitations come back with it. */

static gboolean recreate_timeout_cb (gpointer user_data);

static void
recreate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  UcwaSession       *self = UCWA_SESSION (object);
  g_autoptr (GError) error = NULL;
  guint              delay;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (!ucwa_error_is_transient (error) && error->domain == UCWA_ERROR)
    {
      signed_out (self, error);
      return;
    }

  delay = MIN (RECREATE_BACKOFF_MAX, 1u << MIN (self->recreate_attempts, 6));
  self->recreate_attempts++;
  set_error (self, error);
  set_state (self, UCWA_SESSION_STATE_RECONNECTING);
  self->recreate_source = g_timeout_add_seconds (delay, recreate_timeout_cb, self);
}

static void
recreate_application (UcwaSession *self)
{
  g_autoptr (GTask) task = NULL;

  if (self->recreating && self->recreate_source == 0)
    return;

  g_clear_handle_id (&self->recreate_source, g_source_remove);
  g_clear_handle_id (&self->activity_source, g_source_remove);
  ucwa_event_channel_stop (self->channel);
  /* The old application's conversations are gone; its pending invitations
   * come back with the new application and must not ring twice. */
  ucwa_model_detach_application (self->model);
  self->recreating = TRUE;
  set_state (self, UCWA_SESSION_STATE_RECONNECTING);

  task = g_task_new (self, self->cancellable, recreate_cb, NULL);
  g_task_set_source_tag (task, recreate_application);
  g_task_set_task_data (task, g_new0 (SignInData, 1), (GDestroyNotify) sign_in_data_free);
  create_application (self, g_steal_pointer (&task));
}

static gboolean
recreate_timeout_cb (gpointer user_data)
{
  UcwaSession *self = user_data;

  self->recreate_source = 0;
  self->recreating = FALSE;
  recreate_application (self);
  return G_SOURCE_REMOVE;
}

/* Sign-out */

static void
delete_application_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GTask)        task = user_data;
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  /* Already gone is as good as deleted. */
  if (response == NULL &&
      !g_error_matches (error, UCWA_ERROR, UCWA_ERROR_APPLICATION_NOT_FOUND) &&
      !g_error_matches (error, UCWA_ERROR, UCWA_ERROR_NOT_FOUND))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
ucwa_session_sign_out_async (UcwaSession        *self,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char  *application = NULL;

  g_return_if_fail (UCWA_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ucwa_session_sign_out_async);

  application = g_steal_pointer (&self->application_href);
  signed_out (self, NULL);

  if (application == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* The docs ask clients to DELETE their application on exit: it tears down
   * the server side (conversations, subscriptions) at once. */
  ucwa_connection_request_async (self->connection, "DELETE", application, NULL, NULL,
                                 UCWA_REQUEST_AUTHENTICATED, cancellable,
                                 delete_application_cb, g_steal_pointer (&task));
}

gboolean
ucwa_session_sign_out_finish (UcwaSession  *self,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (UCWA_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Operations */

typedef gboolean (*WaitPredicate) (GObject *object, GError **error);

/* A wait holds one reference on its task until it finishes: on the
 * predicate, on the timeout or on cancellation, whichever comes first. */
typedef struct
{
  GObject      *object;
  WaitPredicate predicate;
  GCancellable *cancellable;
  gulong        notify_handler;
  gulong        cancel_handler;
  guint         timeout_source;
  gboolean      finished;
} WaitData;

static void
wait_data_free (WaitData *data)
{
  g_assert (data->notify_handler == 0 && data->timeout_source == 0 && data->cancel_handler == 0);
  g_clear_object (&data->object);
  g_clear_object (&data->cancellable);
  g_free (data);
}

/* Takes @error; drops the wait's reference on @task. */
static void
wait_finish (GTask  *task,
             GError *error)
{
  WaitData *data = g_task_get_task_data (task);

  g_assert (!data->finished);
  data->finished = TRUE;
  g_clear_signal_handler (&data->notify_handler, data->object);
  g_clear_handle_id (&data->timeout_source, g_source_remove);
  if (data->cancel_handler != 0)
    {
      g_cancellable_disconnect (data->cancellable, data->cancel_handler);
      data->cancel_handler = 0;
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
wait_check (GTask *task)
{
  WaitData *data = g_task_get_task_data (task);
  GError   *error = NULL;

  if (data->finished)
    return;

  if (g_cancellable_is_cancelled (data->cancellable))
    wait_finish (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled"));
  else if (data->predicate (data->object, &error) || error != NULL)
    wait_finish (task, error);
}

static void
wait_notify_cb (GObject    *object,
                GParamSpec *pspec,
                GTask      *task)
{
  wait_check (task);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  GTask    *task = user_data;
  WaitData *data = g_task_get_task_data (task);

  data->timeout_source = 0;
  wait_finish (task, g_error_new (UCWA_ERROR, UCWA_ERROR_TIMEOUT,
                                  "The server did not confirm the operation in time"));
  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_idle_cb (gpointer user_data)
{
  wait_check (G_TASK (user_data));
  return G_SOURCE_REMOVE;
}

static void
wait_cancelled_cb (GCancellable *cancellable,
                   GTask        *task)
{
  /* Not from here: disconnecting inside ::cancelled would deadlock. */
  g_idle_add_full (G_PRIORITY_DEFAULT, wait_cancelled_idle_cb, g_object_ref (task), g_object_unref);
}

/* Completes @task once @predicate holds for @object, fails it on timeout
 * or cancellation.  Takes the reference on @task. */
static void
wait_for (UcwaSession  *self,
          GTask        *task,
          GObject      *object,
          WaitPredicate predicate)
{
  WaitData *data = g_new0 (WaitData, 1);

  data->object = g_object_ref (object);
  data->predicate = predicate;
  g_set_object (&data->cancellable, g_task_get_cancellable (task));
  g_task_set_task_data (task, data, (GDestroyNotify) wait_data_free);

  data->notify_handler = g_signal_connect (object, "notify", G_CALLBACK (wait_notify_cb), task);
  data->timeout_source = g_timeout_add (self->operation_timeout, wait_timeout_cb, task);
  if (data->cancellable != NULL)
    data->cancel_handler = g_cancellable_connect (data->cancellable, G_CALLBACK (wait_cancelled_cb), task, NULL);

  /* The completion may well have arrived before the POST's answer. */
  wait_check (task);
}

static gboolean
invitation_done (GObject *object,
                 GError **error)
{
  UcwaInvitation *invitation = UCWA_INVITATION (object);

  switch (ucwa_invitation_get_status (invitation))
    {
    case UCWA_INVITATION_STATUS_SUCCEEDED:
      return TRUE;
    case UCWA_INVITATION_STATUS_FAILED:
      *error = g_error_new (UCWA_ERROR, UCWA_ERROR_OPERATION_FAILED, "%s",
                            ucwa_invitation_get_failure_message (invitation)
                              ? ucwa_invitation_get_failure_message (invitation)
                              : "The invitation could not be accepted");
      return FALSE;
    case UCWA_INVITATION_STATUS_PENDING:
    default:
      return FALSE;
    }
}

static gboolean
messaging_connected (GObject *object,
                     GError **error)
{
  UcwaConversation *conversation = UCWA_CONVERSATION (object);

  if (ucwa_conversation_get_state (conversation) == UCWA_CONVERSATION_STATE_DISCONNECTED)
    {
      *error = g_error_new (UCWA_ERROR, UCWA_ERROR_OPERATION_FAILED, "The conversation has ended");
      return FALSE;
    }
  return ucwa_conversation_get_messaging_state (conversation) == UCWA_MODALITY_STATE_CONNECTED;
}

typedef struct
{
  GObject      *object;
  WaitPredicate predicate;
  UcwaMessage  *message;
} PostData;

static void
post_data_free (PostData *data)
{
  g_clear_object (&data->object);
  g_clear_object (&data->message);
  g_free (data);
}

static void
post_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask)        task = user_data;
  UcwaSession             *self = g_task_get_source_object (task);
  PostData                *data = g_task_get_task_data (task);
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;
  g_autoptr (GObject)      object_to_wait = NULL;
  WaitPredicate            predicate;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (response == NULL)
    {
      if (data->message != NULL)
        ucwa_model_fail_outgoing_message (self->model, data->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->predicate == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  object_to_wait = g_steal_pointer (&data->object);
  predicate = data->predicate;
  g_task_set_task_data (task, NULL, NULL);
  wait_for (self, g_steal_pointer (&task), object_to_wait, predicate);
}

static void
post (UcwaSession  *self,
      GTask        *task,
      const char   *method,
      const char   *href,
      const char   *content_type,
      GBytes       *body,
      GObject      *wait_object,
      WaitPredicate predicate,
      UcwaMessage  *message)
{
  PostData *data = g_new0 (PostData, 1);

  data->object = wait_object ? g_object_ref (wait_object) : NULL;
  data->predicate = predicate;
  data->message = message ? g_object_ref (message) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) post_data_free);

  ucwa_connection_request_async (self->connection, method, href, content_type, body,
                                 UCWA_REQUEST_AUTHENTICATED, g_task_get_cancellable (task),
                                 post_cb, task);
}

static gboolean
check_online (UcwaSession *self,
              GTask       *task)
{
  if (self->state == UCWA_SESSION_STATE_SIGNED_OUT || self->application_href == NULL)
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_SIGNED_OUT, "You are signed out");
      return FALSE;
    }
  return TRUE;
}

/* The start of every operation: a task, and a clear error when signed out. */
static GTask *
begin_operation (UcwaSession        *self,
                 gpointer            source_tag,
                 GCancellable       *cancellable,
                 GAsyncReadyCallback callback,
                 gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (!check_online (self, task))
    return NULL;
  return g_steal_pointer (&task);
}

static gboolean
finish_operation (UcwaSession  *self,
                  GAsyncResult *result,
                  gpointer      source_tag,
                  GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static char *
new_operation_id (void)
{
  return g_uuid_string_random ();
}

void
ucwa_session_accept_async (UcwaSession        *self,
                           UcwaInvitation     *invitation,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (UCWA_IS_INVITATION (invitation));

  task = begin_operation (self, ucwa_session_accept_async, cancellable, callback, user_data);
  if (task == NULL)
    return;

  if (!ucwa_invitation_is_answerable (invitation) || ucwa_invitation_get_accept_href (invitation) == NULL)
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_NO_LINK,
                               "This invitation can no longer be accepted");
      return;
    }

  /* Success is the invitation completing with Success, not the 204. */
  post (self, g_steal_pointer (&task), "POST", ucwa_invitation_get_accept_href (invitation),
        NULL, NULL, G_OBJECT (invitation), invitation_done, NULL);
}

gboolean
ucwa_session_accept_finish (UcwaSession  *self,
                            GAsyncResult *result,
                            GError      **error)
{
  return finish_operation (self, result, ucwa_session_accept_async, error);
}

void
ucwa_session_decline_async (UcwaSession        *self,
                            UcwaInvitation     *invitation,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  static const char  body_text[] = "{\"reason\":\"Local\"}";
  g_autoptr (GTask)  task = NULL;
  g_autoptr (GBytes) body = NULL;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (UCWA_IS_INVITATION (invitation));

  task = begin_operation (self, ucwa_session_decline_async, cancellable, callback, user_data);
  if (task == NULL)
    return;

  if (!ucwa_invitation_is_answerable (invitation) || ucwa_invitation_get_decline_href (invitation) == NULL)
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_NO_LINK,
                               "This invitation can no longer be declined");
      return;
    }

  /* Local: decline on this device only, the others may still answer. */
  body = g_bytes_new_static (body_text, sizeof body_text - 1);
  post (self, g_steal_pointer (&task), "POST", ucwa_invitation_get_decline_href (invitation),
        "application/json", body, NULL, NULL, NULL);
}

gboolean
ucwa_session_decline_finish (UcwaSession  *self,
                             GAsyncResult *result,
                             GError      **error)
{
  return finish_operation (self, result, ucwa_session_decline_async, error);
}

void
ucwa_session_send_message_async (UcwaSession        *self,
                                 UcwaConversation   *conversation,
                                 const char         *text,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr (GTask)  task = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char   *operation_id = NULL;
  g_autofree char   *href = NULL;
  UcwaMessage       *message;
  const char        *send_href;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (UCWA_IS_CONVERSATION (conversation));
  g_return_if_fail (text != NULL);

  task = begin_operation (self, ucwa_session_send_message_async, cancellable, callback, user_data);
  if (task == NULL)
    return;

  send_href = ucwa_conversation_get_send_message_href (conversation);
  if (send_href == NULL)
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_NO_LINK,
                               "Messages cannot be sent in this conversation right now");
      return;
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The message is not valid UTF-8");
      return;
    }

  /* The message event may come back before the 201: match it by operationId. */
  operation_id = new_operation_id ();
  href = ucwa_uri_add_query_param (send_href, "operationId", operation_id);
  message = ucwa_model_add_outgoing_message (self->model, conversation, operation_id, text);
  body = g_bytes_new (text, strlen (text));
  post (self, g_steal_pointer (&task), "POST", href, "text/plain; charset=utf-8", body,
        NULL, NULL, message);
}

gboolean
ucwa_session_send_message_finish (UcwaSession  *self,
                                  GAsyncResult *result,
                                  GError      **error)
{
  return finish_operation (self, result, ucwa_session_send_message_async, error);
}

void
ucwa_session_set_is_typing_async (UcwaSession        *self,
                                  UcwaConversation   *conversation,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (UCWA_IS_CONVERSATION (conversation));

  task = begin_operation (self, ucwa_session_set_is_typing_async, cancellable, callback, user_data);
  if (task == NULL)
    return;

  if (ucwa_conversation_get_set_is_typing_href (conversation) == NULL)
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_NO_LINK,
                               "Typing cannot be shown in this conversation right now");
      return;
    }

  post (self, g_steal_pointer (&task), "POST", ucwa_conversation_get_set_is_typing_href (conversation),
        NULL, NULL, NULL, NULL, NULL);
}

gboolean
ucwa_session_set_is_typing_finish (UcwaSession  *self,
                                   GAsyncResult *result,
                                   GError      **error)
{
  return finish_operation (self, result, ucwa_session_set_is_typing_async, error);
}

void
ucwa_session_add_messaging_async (UcwaSession        *self,
                                  UcwaConversation   *conversation,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr (GTask)  task = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char   *operation_id = NULL;
  g_autofree char   *text = NULL;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (UCWA_IS_CONVERSATION (conversation));

  task = begin_operation (self, ucwa_session_add_messaging_async, cancellable, callback, user_data);
  if (task == NULL)
    return;

  if (ucwa_conversation_get_messaging_state (conversation) == UCWA_MODALITY_STATE_CONNECTED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (ucwa_conversation_get_add_messaging_href (conversation) == NULL)
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_NO_LINK,
                               "Chat cannot be joined in this conversation right now");
      return;
    }

  operation_id = new_operation_id ();
  text = g_strdup_printf ("{\"operationId\":\"%s\"}", operation_id);
  body = g_bytes_new (text, strlen (text));
  post (self, g_steal_pointer (&task), "POST", ucwa_conversation_get_add_messaging_href (conversation),
        "application/json", body, G_OBJECT (conversation), messaging_connected, NULL);
}

gboolean
ucwa_session_add_messaging_finish (UcwaSession  *self,
                                   GAsyncResult *result,
                                   GError      **error)
{
  return finish_operation (self, result, ucwa_session_add_messaging_async, error);
}

void
ucwa_session_leave_async (UcwaSession        *self,
                          UcwaConversation   *conversation,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (UCWA_IS_CONVERSATION (conversation));

  task = begin_operation (self, ucwa_session_leave_async, cancellable, callback, user_data);
  if (task == NULL)
    return;

  if (ucwa_conversation_get_state (conversation) == UCWA_CONVERSATION_STATE_DISCONNECTED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* DELETE leaves the conversation and tears down all its modalities. */
  post (self, g_steal_pointer (&task), "DELETE", ucwa_conversation_get_href (conversation),
        NULL, NULL, NULL, NULL, NULL);
}

gboolean
ucwa_session_leave_finish (UcwaSession  *self,
                           GAsyncResult *result,
                           GError      **error)
{
  return finish_operation (self, result, ucwa_session_leave_async, error);
}

/* Accessors */

UcwaSessionState
ucwa_session_get_state (UcwaSession *self)
{
  g_return_val_if_fail (UCWA_IS_SESSION (self), UCWA_SESSION_STATE_SIGNED_OUT);
  return self->state;
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
    start_activity_timer (self);
}

void
ucwa_session_set_operation_timeout (UcwaSession *self,
                                    guint        milliseconds)
{
  g_return_if_fail (UCWA_IS_SESSION (self));
  self->operation_timeout = MAX (1, milliseconds);
}

void
ucwa_session_set_discovery_urls (UcwaSession       *self,
                                 const char *const *urls)
{
  g_return_if_fail (UCWA_IS_SESSION (self));
  g_strfreev (self->discovery_urls);
  self->discovery_urls = g_strdupv ((char **) urls);
}

/* ucwa-sim-server.c: a Skype for Business 2015 UCWA server on loopback
 *
 * Behaves as the protocol reference, PROTOCOL.md, describes (see its
 * §15): autodiscovery, the MsRtcOAuth challenge and WebTicket grant,
 * applications, the P-GET event channel with exactly-once ack semantics,
 * incoming IM and meeting invitations, messaging, and injectable faults.
 *
 * This file owns the GObject (its signals, construction and teardown) and
 * the public API, the façade over the other ucwa-sim-*.c files: each of
 * them owns one part of the protocol and says which in its opening comment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ucwa-sim-server.h"

#include <string.h>

#include "ucwa-sim-private.h"

#define DEFAULT_TOKEN_LIFETIME        28800
#define DEFAULT_INVITATION_TIMEOUT_MS 30000
#define DEFAULT_APPLICATION_EXPIRY_MS (15 * 60 * 1000)
#define DEFAULT_LOBBY_HOLD_MS         3000

G_DEFINE_FINAL_TYPE (UcwaSimServer, ucwa_sim_server, G_TYPE_OBJECT)

static guint signals[SIM_N_SIGNALS];

static const struct
{
  const char  *name;
  UcwaSimFault fault;
} fault_names[] = {
  { "accept-callback-channel-error", UCWA_SIM_FAULT_ACCEPT_CALLBACK_CHANNEL_ERROR },
  { "accept-already-exists", UCWA_SIM_FAULT_ACCEPT_ALREADY_EXISTS },
  { "accept-too-many-groups", UCWA_SIM_FAULT_ACCEPT_TOO_MANY_GROUPS },
  { "accept-conflict-none", UCWA_SIM_FAULT_ACCEPT_CONFLICT_NONE },
  { "accept-cannot-redirect", UCWA_SIM_FAULT_ACCEPT_CANNOT_REDIRECT },
  { "accept-service-unavailable", UCWA_SIM_FAULT_ACCEPT_SERVICE_UNAVAILABLE },
  { "accept-slow", UCWA_SIM_FAULT_ACCEPT_SLOW },
  { "accept-no-completion", UCWA_SIM_FAULT_ACCEPT_NO_COMPLETION },
  { "decline-callback-channel-error", UCWA_SIM_FAULT_DECLINE_CALLBACK_CHANNEL_ERROR },
  { "events-application-not-found", UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND },
  { "events-pget-replaced", UCWA_SIM_FAULT_EVENTS_PGET_REPLACED },
  { "events-inactive-expired", UCWA_SIM_FAULT_EVENTS_INACTIVE_EXPIRED },
  { "events-drop-connection", UCWA_SIM_FAULT_EVENTS_DROP_CONNECTION },
  { "events-service-unavailable", UCWA_SIM_FAULT_EVENTS_SERVICE_UNAVAILABLE },
  { "events-malformed-json", UCWA_SIM_FAULT_EVENTS_MALFORMED_JSON },
  { "events-wrong-types", UCWA_SIM_FAULT_EVENTS_WRONG_TYPES },
  { "events-oversized", UCWA_SIM_FAULT_EVENTS_OVERSIZED },
  { "events-resync", UCWA_SIM_FAULT_EVENTS_RESYNC },
  { "events-resume", UCWA_SIM_FAULT_EVENTS_RESUME },
  { "events-stall", UCWA_SIM_FAULT_EVENTS_STALL },
  { "token-expired", UCWA_SIM_FAULT_TOKEN_EXPIRED },
  { "foreign-link", UCWA_SIM_FAULT_FOREIGN_LINK },
  { "missing-links", UCWA_SIM_FAULT_MISSING_LINKS },
  { "link-only-events", UCWA_SIM_FAULT_LINK_ONLY_EVENTS },
  { "token-service-unavailable", UCWA_SIM_FAULT_TOKEN_SERVICE_UNAVAILABLE },
  { "token-server-error", UCWA_SIM_FAULT_TOKEN_SERVER_ERROR },
  { "completed-only-invitation", UCWA_SIM_FAULT_COMPLETED_ONLY_INVITATION },
  { "events-resume-reset", UCWA_SIM_FAULT_EVENTS_RESUME_RESET },
  { "slow-resource-get", UCWA_SIM_FAULT_SLOW_RESOURCE_GET },
  { "accept-lobby-hold", UCWA_SIM_FAULT_ACCEPT_LOBBY_HOLD },
  { "discovery-service-unavailable", UCWA_SIM_FAULT_DISCOVERY_SERVICE_UNAVAILABLE },
  { "applications-service-unavailable", UCWA_SIM_FAULT_APPLICATIONS_SERVICE_UNAVAILABLE },
  { "send-message-no-completion", UCWA_SIM_FAULT_SEND_MESSAGE_NO_COMPLETION },
};

void
sim_server_emit (UcwaSimServer *self,
                 SimSignal      signal,
                 ...)
{
  va_list args;

  va_start (args, signal);
  g_signal_emit_valist (self, signals[signal], 0, args);
  va_end (args);
}

static void
sim_user_free (SimUser *user)
{
  g_free (user->sip_uri);
  g_free (user->address);
  g_free (user->local);
  g_free (user->password);
  g_free (user->display_name);
  g_free (user);
}

static void
ucwa_sim_server_dispose (GObject *object)
{
  UcwaSimServer *self = UCWA_SIM_SERVER (object);

  sim_autopilot_stop (self);

  /* Closing the connections first: held requests are then simply
   * abandoned, and no reply is written on a dead connection. */
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);

  sim_cancel_slow_accepts (self);
  sim_cancel_slow_gets (self);
  sim_outgoing_dispose (self);

  if (self->apps != NULL)
    {
      for (guint i = 0; i < self->apps->len; i++)
        {
          SimApp *app = g_ptr_array_index (self->apps, i);

          g_clear_object (&app->parked);
          g_clear_handle_id (&app->hold_source, g_source_remove);
          g_clear_handle_id (&app->release_source, g_source_remove);
        }
    }

  if (self->convs != NULL)
    g_ptr_array_set_size (self->convs, 0);
  if (self->apps != NULL)
    g_ptr_array_set_size (self->apps, 0);
  if (self->stalled != NULL)
    g_ptr_array_set_size (self->stalled, 0);

  g_clear_object (&self->soup);
  g_clear_object (&self->tls_certificate);

  G_OBJECT_CLASS (ucwa_sim_server_parent_class)->dispose (object);
}

static void
ucwa_sim_server_finalize (GObject *object)
{
  UcwaSimServer *self = UCWA_SIM_SERVER (object);

  g_clear_pointer (&self->convs, g_ptr_array_unref);
  g_clear_pointer (&self->apps, g_ptr_array_unref);
  g_clear_pointer (&self->stalled, g_ptr_array_unref);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_pointer (&self->gone, g_hash_table_unref);
  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_free (self->origin);
  g_free (self->autopilot_ada);
  g_free (self->autopilot_grace);
  sim_outgoing_finalize (self);

  G_OBJECT_CLASS (ucwa_sim_server_parent_class)->finalize (object);
}

static void
ucwa_sim_server_class_init (UcwaSimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ucwa_sim_server_dispose;
  object_class->finalize = ucwa_sim_server_finalize;

  signals[SIM_SIGNAL_REQUEST] =
    g_signal_new ("request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIM_SIGNAL_INVITATION_ANSWERED] =
    g_signal_new ("invitation-answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  signals[SIM_SIGNAL_MESSAGE_RECEIVED] =
    g_signal_new ("message-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIM_SIGNAL_TYPING_RECEIVED] =
    g_signal_new ("typing-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIM_SIGNAL_EVENTS_RELEASED] =
    g_signal_new ("events-released", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
  signals[SIM_SIGNAL_APPLICATION_CREATED] =
    g_signal_new ("application-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIM_SIGNAL_APPLICATION_DELETED] =
    g_signal_new ("application-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ucwa_sim_server_init (UcwaSimServer *self)
{
  self->soup = soup_server_new ("server-header", "Microsoft-IIS/8.5 beckon-ucwa-sim", NULL);
  soup_server_add_early_handler (self->soup, NULL, sim_early_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, sim_server_callback, self, NULL);

  self->users = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_user_free);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) sim_token_free);
  self->apps = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_app_free);
  self->gone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->convs = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_conv_free);
  self->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sim_outgoing_init (self);

  self->token_lifetime = DEFAULT_TOKEN_LIFETIME;
  self->challenge_style = UCWA_SIM_CHALLENGE_TWO_HEADERS_QUOTED;
  self->invitation_timeout_ms = DEFAULT_INVITATION_TIMEOUT_MS;
  self->application_expiry_ms = DEFAULT_APPLICATION_EXPIRY_MS;
  self->lobby_hold_ms = DEFAULT_LOBBY_HOLD_MS;
  /* Ids that differ between runs, like a real server's: a client must
   * never reuse hrefs across sign-ins. */
  self->id_base = 100000000000 + (guint64) g_random_int_range (0, 899999) * 100000;
}

/**
 * ucwa_sim_server_new:
 *
 * Returns: (transfer full): a simulator that is not listening yet
 */
UcwaSimServer *
ucwa_sim_server_new (void)
{
  return g_object_new (UCWA_SIM_TYPE_SERVER, NULL);
}

/**
 * ucwa_sim_server_listen:
 * @port: the TCP port on 127.0.0.1, 0 for an ephemeral one
 *
 * Starts serving on 127.0.0.1: plain HTTP, or HTTPS after
 * ucwa_sim_server_set_tls_certificate().
 */
gboolean
ucwa_sim_server_listen (UcwaSimServer *self,
                        guint16        port,
                        GError       **error)
{
  GSList *uris;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->port != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "The simulator is already listening on port %u", self->port);
      return FALSE;
    }

  if (!soup_server_listen_local (self->soup, port,
                                 SOUP_SERVER_LISTEN_IPV4_ONLY |
                                   (self->tls_certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0),
                                 error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    self->port = (guint16) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_free (self->origin);
  self->origin = sim_make_origin (self, "127.0.0.1");
  g_debug ("Listening on %s/", self->origin);

  return TRUE;
}

guint16
ucwa_sim_server_get_port (UcwaSimServer *self)
{
  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), 0);

  return self->port;
}

/**
 * ucwa_sim_server_dup_root_url:
 *
 * Returns: (transfer full): the autodiscovery root, `http://127.0.0.1:PORT/`
 *   (`https://` after ucwa_sim_server_set_tls_certificate())
 */
char *
ucwa_sim_server_dup_root_url (UcwaSimServer *self)
{
  g_autofree char *origin = NULL;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), NULL);

  origin = sim_make_origin (self, "127.0.0.1");
  return g_strconcat (origin, "/", NULL);
}

/**
 * ucwa_sim_server_set_tls_certificate:
 * @certificate: (nullable): the server certificate, with its private key;
 *   %NULL for plain HTTP
 *
 * Makes ucwa_sim_server_listen() serve HTTPS with @certificate, and every
 * absolute URL the simulator hands out https://.  Call it before listening.
 *
 * Returns: %TRUE, or %FALSE with @error set if the simulator is listening
 *   already or GIO has no TLS backend
 */
gboolean
ucwa_sim_server_set_tls_certificate (UcwaSimServer   *self,
                                     GTlsCertificate *certificate,
                                     GError         **error)
{
  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), FALSE);
  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The URLs already handed out would change scheme under the client. */
  if (self->port != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "The simulator is already listening on port %u", self->port);
      return FALSE;
    }

  if (certificate != NULL && !g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_set_error_literal (error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE,
                           "TLS support is not available (is glib-networking installed?)");
      return FALSE;
    }

  g_set_object (&self->tls_certificate, certificate);
  soup_server_set_tls_certificate (self->soup, certificate);
  return TRUE;
}

void
ucwa_sim_server_add_user (UcwaSimServer *self,
                          const char    *sip_uri,
                          const char    *password,
                          const char    *display_name)
{
  SimUser    *user;
  const char *address;
  const char *at;

  g_return_if_fail (UCWA_SIM_IS_SERVER (self));
  g_return_if_fail (sip_uri != NULL && password != NULL);

  address = g_ascii_strncasecmp (sip_uri, "sip:", 4) == 0 ? sip_uri + 4 : sip_uri;
  g_return_if_fail (*address != '\0');
  at = strchr (address, '@');

  user = g_new0 (SimUser, 1);
  user->address = g_strdup (address);
  user->sip_uri = g_strconcat ("sip:", address, NULL);
  user->local = at != NULL ? g_strndup (address, at - address) : g_strdup (address);
  user->password = g_strdup (password);
  user->display_name = g_strdup (display_name != NULL ? display_name : user->local);
  g_ptr_array_add (self->users, user);
}

void
ucwa_sim_server_set_token_lifetime (UcwaSimServer *self,
                                    guint          seconds)
{
  g_return_if_fail (UCWA_SIM_IS_SERVER (self));

  self->token_lifetime = seconds;
}

void
ucwa_sim_server_set_challenge_style (UcwaSimServer        *self,
                                     UcwaSimChallengeStyle style)
{
  g_return_if_fail (UCWA_SIM_IS_SERVER (self));

  self->challenge_style = style;
}

void
ucwa_sim_server_set_root_redirect (UcwaSimServer *self,
                                   gboolean       redirect)
{
  g_return_if_fail (UCWA_SIM_IS_SERVER (self));

  self->root_redirect = !!redirect;
}

void
ucwa_sim_server_set_user_redirect (UcwaSimServer *self,
                                   gboolean       redirect)
{
  g_return_if_fail (UCWA_SIM_IS_SERVER (self));

  self->user_redirect = !!redirect;
}

void
ucwa_sim_server_set_max_hold (UcwaSimServer *self,
                              guint          milliseconds)
{
  g_return_if_fail (UCWA_SIM_IS_SERVER (self));

  self->max_hold_ms = milliseconds;
}

void
ucwa_sim_server_set_autopilot (UcwaSimServer *self,
                               gboolean       autopilot)
{
  g_return_if_fail (UCWA_SIM_IS_SERVER (self));

  self->autopilot = !!autopilot;
  if (!self->autopilot)
    sim_autopilot_stop (self);
}

void
ucwa_sim_server_set_invitation_timeout (UcwaSimServer *self,
                                        guint          milliseconds)
{
  g_return_if_fail (UCWA_SIM_IS_SERVER (self));

  self->invitation_timeout_ms = milliseconds;
}

void
ucwa_sim_server_set_application_expiry (UcwaSimServer *self,
                                        guint          milliseconds)
{
  g_return_if_fail (UCWA_SIM_IS_SERVER (self));

  self->application_expiry_ms = milliseconds;
}

void
ucwa_sim_server_set_reoffer_after_recreate (UcwaSimServer *self,
                                            gboolean       reoffer)
{
  g_return_if_fail (UCWA_SIM_IS_SERVER (self));

  self->reoffer_after_recreate = !!reoffer;
}

void
ucwa_sim_server_set_lobby_hold (UcwaSimServer *self,
                                guint          milliseconds)
{
  g_return_if_fail (UCWA_SIM_IS_SERVER (self));

  self->lobby_hold_ms = milliseconds;
}

/**
 * ucwa_sim_server_start_im_invitation:
 *
 * Returns: (transfer full) (nullable): the invitation's threadId
 */
char *
ucwa_sim_server_start_im_invitation (UcwaSimServer *self,
                                     const char    *to_user,
                                     const char    *from_uri,
                                     const char    *from_name,
                                     const char    *message)
{
  return sim_start_invitation (self, to_user, from_uri, from_name, message, FALSE);
}

/**
 * ucwa_sim_server_start_meeting_invitation:
 *
 * Returns: (transfer full) (nullable): the invitation's threadId
 */
char *
ucwa_sim_server_start_meeting_invitation (UcwaSimServer *self,
                                          const char    *to_user,
                                          const char    *from_uri,
                                          const char    *from_name,
                                          const char    *subject)
{
  return sim_start_invitation (self, to_user, from_uri, from_name, subject, TRUE);
}

gboolean
ucwa_sim_server_cancel_invitation (UcwaSimServer *self,
                                   const char    *id)
{
  SimConv *conv;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), FALSE);

  conv = sim_find_conv_by_thread (self, id);
  if (conv == NULL || (conv->invitation != NULL && conv->invitation->answered))
    return FALSE;

  sim_fail_invitation (self, conv, "Cancelled", "RemoteFailure", "Canceled", "The invitation was canceled.");
  return TRUE;
}

static SimConv *
connected_conv (UcwaSimServer *self,
                const char    *id)
{
  SimConv *conv = sim_find_conv_by_thread (self, id);

  if (conv == NULL || conv->app == NULL || g_strcmp0 (conv->messaging_state, "Connected") != 0)
    return NULL;

  return conv;
}

gboolean
ucwa_sim_server_send_remote_message (UcwaSimServer *self,
                                     const char    *id,
                                     const char    *text)
{
  SimConv *conv;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  conv = connected_conv (self, id);
  if (conv == NULL)
    return FALSE;

  if (conv->remote_typing)
    {
      conv->remote_typing = FALSE;
      sim_queue_typing_event (conv, "deleted");
    }
  sim_queue_message_event (conv, sim_add_message (conv, FALSE, FALSE, text, NULL));

  return TRUE;
}

gboolean
ucwa_sim_server_set_remote_typing (UcwaSimServer *self,
                                   const char    *id,
                                   gboolean       typing)
{
  SimConv *conv;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), FALSE);

  conv = connected_conv (self, id);
  if (conv == NULL)
    return FALSE;

  if (conv->remote_typing != !!typing)
    {
      conv->remote_typing = !!typing;
      sim_queue_typing_event (conv, typing ? "added" : "deleted");
    }

  return TRUE;
}

gboolean
ucwa_sim_server_end_conversation (UcwaSimServer *self,
                                  const char    *id)
{
  SimConv *conv;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), FALSE);

  conv = sim_find_conv_by_thread (self, id);
  if (conv == NULL)
    return FALSE;

  if (conv->app == NULL || (conv->invitation != NULL && !conv->invitation->answered))
    {
      /* The remote party hangs up before the user answered. */
      sim_fail_invitation (self, conv, "Cancelled", "RemoteFailure", "Canceled", "The invitation was canceled.");
      return TRUE;
    }

  if (conv->remote_typing)
    {
      conv->remote_typing = FALSE;
      sim_queue_typing_event (conv, "deleted");
    }
  sim_queue_event (conv->app, sim_conv_event (conv, "participant", conv->remote_href, conv->remote_name, "deleted"));
  if (!g_str_equal (conv->messaging_state, "Disconnected"))
    {
      conv->messaging_state = "Disconnected";
      sim_queue_messaging_updated (conv);
    }
  conv->state = "Disconnected";
  sim_queue_conversation_event (conv, "updated");
  sim_queue_conversation_event (conv, "deleted");
  sim_remove_conv (self, conv);

  return TRUE;
}

/**
 * ucwa_sim_server_inject_fault:
 *
 * Event-channel faults also hit a P-GET that is parked right now, so that a
 * client which always has one parked sees the fault at once.
 */
void
ucwa_sim_server_inject_fault (UcwaSimServer *self,
                              UcwaSimFault   fault,
                              guint          times)
{
  g_return_if_fail (UCWA_SIM_IS_SERVER (self));
  g_return_if_fail ((guint) fault < N_FAULTS);

  self->faults[fault] += times;

  if (!sim_is_events_fault (fault))
    return;

  while (self->faults[fault] > 0)
    {
      SimApp                       *app = NULL;
      g_autoptr (SoupServerMessage) msg = NULL;

      for (guint i = 0; i < self->apps->len && app == NULL; i++)
        if (((SimApp *) g_ptr_array_index (self->apps, i))->parked != NULL)
          app = g_ptr_array_index (self->apps, i);
      if (app == NULL)
        break;

      self->faults[fault]--;
      msg = sim_take_parked (app);
      sim_apply_events_fault (self, app, msg, TRUE, fault);
    }
}

gboolean
ucwa_sim_server_fault_from_string (const char   *name,
                                   UcwaSimFault *fault)
{
  g_return_val_if_fail (fault != NULL, FALSE);

  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (fault_names); i++)
    {
      if (g_ascii_strcasecmp (fault_names[i].name, name) == 0)
        {
          *fault = fault_names[i].fault;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * ucwa_sim_server_fault_to_string:
 *
 * Returns: the kebab-case name of @fault, NULL if it is not a fault
 */
const char *
ucwa_sim_server_fault_to_string (UcwaSimFault fault)
{
  for (guint i = 0; i < G_N_ELEMENTS (fault_names); i++)
    if (fault_names[i].fault == fault)
      return fault_names[i].name;

  return NULL;
}

guint
ucwa_sim_server_count_requests (UcwaSimServer *self,
                                const char    *method,
                                const char    *path_suffix)
{
  GHashTableIter iter;
  gpointer       key, value;
  guint          count = 0;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), 0);

  g_hash_table_iter_init (&iter, self->requests);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *space = strchr (key, ' ');
      const char *path = space + 1;

      if (method != NULL && (strlen (method) != (gsize) (space - (const char *) key) ||
                             g_ascii_strncasecmp (key, method, space - (const char *) key) != 0))
        continue;
      if (path_suffix != NULL && !g_str_has_suffix (path, path_suffix))
        continue;
      count += GPOINTER_TO_UINT (value);
    }

  return count;
}

guint
ucwa_sim_server_count_applications (UcwaSimServer *self)
{
  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), 0);

  sim_expire_inactive (self);
  return self->apps->len;
}

guint
ucwa_sim_server_count_parked_requests (UcwaSimServer *self)
{
  guint count = 0;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), 0);

  for (guint i = 0; i < self->apps->len; i++)
    if (((SimApp *) g_ptr_array_index (self->apps, i))->parked != NULL)
      count++;

  return count;
}

/**
 * ucwa_sim_server_dup_status:
 *
 * Returns: (transfer full): the state and counters as JSON text, what
 *   GET /_sim/status answers
 */
char *
ucwa_sim_server_dup_status (UcwaSimServer *self)
{
  JsonObject      *status = json_object_new ();
  JsonArray       *apps = json_array_new ();
  JsonArray       *convs = json_array_new ();
  JsonObject      *requests = json_object_new ();
  JsonObject      *faults = json_object_new ();
  g_autofree char *root = ucwa_sim_server_dup_root_url (self);
  const char      *counted[] = { "/makeMeAvailable", "/reportMyActivity", "/events", "/accept", "/decline",
                                 "/messages", "/typing", NULL };
  char            *text;

  sim_expire_inactive (self);

  json_object_set_string_member (status, "rootUrl", root);
  json_object_set_int_member (status, "port", self->port);

  for (guint i = 0; i < self->apps->len; i++)
    {
      SimApp     *app = g_ptr_array_index (self->apps, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "id", app->id);
      json_object_set_string_member (object, "href", app->base);
      json_object_set_string_member (object, "user", app->user->sip_uri);
      json_object_set_string_member (object, "userAgent", app->user_agent);
      json_object_set_int_member (object, "pool", app->pool);
      json_object_set_boolean_member (object, "available", app->available);
      json_object_set_boolean_member (object, "parked", app->parked != NULL);
      json_object_set_int_member (object, "ack", (gint64) app->ack);
      json_object_set_int_member (object, "pendingEvents", app->pending->len);
      json_object_set_int_member (object, "activityReports", app->activity_reports);
      json_object_set_string_member (object, "availability", app->availability);
      json_object_set_string_member (object, "activity", app->activity);
      json_array_add_object_element (apps, object);
    }
  json_object_set_array_member (status, "applications", apps);

  for (guint i = 0; i < self->convs->len; i++)
    {
      SimConv    *conv = g_ptr_array_index (self->convs, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "id", conv->thread_id);
      json_object_set_string_member (object, "kind", conv->meeting ? "meeting" : "im");
      json_object_set_string_member (object, "from", conv->remote_uri);
      json_object_set_string_member (object, "user", conv->user->sip_uri);
      json_object_set_string_member (object, "application", conv->app != NULL ? conv->app->id : "");
      json_object_set_string_member (object, "state", conv->app != NULL ? conv->state : "Waiting");
      json_object_set_string_member (object, "messaging", conv->app != NULL ? conv->messaging_state : "Disconnected");
      json_object_set_boolean_member (object, "answered", conv->invitation == NULL || conv->invitation->answered);
      json_array_add_object_element (convs, object);
    }
  json_object_set_array_member (status, "conversations", convs);

  json_object_set_int_member (requests, "total", ucwa_sim_server_count_requests (self, NULL, NULL));
  for (guint i = 0; counted[i] != NULL; i++)
    json_object_set_int_member (requests, counted[i] + 1, ucwa_sim_server_count_requests (self, NULL, counted[i]));
  json_object_set_object_member (status, "requests", requests);

  for (guint i = 0; i < G_N_ELEMENTS (fault_names); i++)
    if (self->faults[fault_names[i].fault] > 0)
      json_object_set_int_member (faults, fault_names[i].name, self->faults[fault_names[i].fault]);
  json_object_set_object_member (status, "faults", faults);

  text = sim_json_to_string (status);
  json_object_unref (status);

  return text;
}

/* The simulator's clock for token and application expiry: the monotonic
 * clock, moved on by advance_clock() so that tests need not sleep. */
gint64
ucwa_sim_server_now (UcwaSimServer *self)
{
  return g_get_monotonic_time () + self->clock_offset_us;
}

void
ucwa_sim_server_advance_clock (UcwaSimServer *self,
                               guint          milliseconds)
{
  g_return_if_fail (UCWA_SIM_IS_SERVER (self));

  self->clock_offset_us += (gint64) milliseconds * 1000;
}

/* A participant of someone other than the user or the inviter: their href
 * made from the address as the inviter's is. */
static JsonObject *
meeting_participant_json (SimConv    *conv,
                          const char *href,
                          const char *uri,
                          const char *name,
                          const char *where)
{
  JsonObject *participant = json_object_new ();
  JsonObject *links = json_object_new ();

  json_object_set_string_member (participant, "sourceNetwork", "SameEnterprise");
  json_object_set_boolean_member (participant, "anonymous", FALSE);
  json_object_set_string_member (participant, "name", name);
  json_object_set_string_member (participant, "uri", uri);
  json_object_set_boolean_member (participant, "organizer", FALSE);
  json_object_set_boolean_member (participant, "inLobby", g_str_equal (where, "lobby"));
  json_object_set_string_member (participant, "role", g_str_equal (where, "leader") ? "Leader" : "Attendee");
  sim_links_add (links, "self", href, NULL);
  sim_links_add (links, "conversation", conv->href, NULL);
  json_object_set_object_member (participant, "_links", links);
  json_object_set_string_member (participant, "rel", "participant");
  return participant;
}

gboolean
ucwa_sim_server_set_meeting_participant (UcwaSimServer *self,
                                         const char    *id,
                                         const char    *uri,
                                         const char    *name,
                                         const char    *where)
{
  SimConv         *conv;
  SimEvent        *event;
  g_autofree char *key = NULL;
  g_autofree char *href = NULL;
  g_autofree char *in_href = NULL;
  const char      *collection;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), FALSE);
  g_return_val_if_fail (uri != NULL && g_str_has_prefix (uri, "sip:"), FALSE);

  conv = sim_find_conv_by_thread (self, id);
  if (conv == NULL || !conv->meeting || conv->app == NULL || g_strcmp0 (conv->state, "Conferenced") != 0)
    return FALSE;

  if (where == NULL)
    collection = NULL;
  else if (g_str_equal (where, "leader"))
    collection = "leaders";
  else if (g_str_equal (where, "attendee"))
    collection = "attendees";
  else if (g_str_equal (where, "lobby"))
    collection = "lobby";
  else
    return FALSE;

  key = g_strcanon (g_strdup (uri + strlen ("sip:")),
                    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@.-_+", '_');
  href = g_strdup_printf ("%s/participants/%s", conv->href, key);
  if (name == NULL || *name == '\0')
    name = uri + strlen ("sip:");

  /* Leaving: out of the lobby first, in case they waited there. */
  if (collection == NULL)
    {
      in_href = g_strdup_printf ("%s/lobby", conv->href);
      event = sim_conv_event (conv, "participant", href, name, "deleted");
      sim_event_set_in (event, "lobby", in_href, NULL);
      sim_queue_event (conv->app, event);
      sim_queue_event (conv->app, sim_conv_event (conv, "participant", href, name, "deleted"));
      return TRUE;
    }

  in_href = g_strdup_printf ("%s/%s", conv->href, collection);
  event = sim_conv_event (conv, "participant", href, name, "added");
  sim_event_set_in (event, collection, in_href, NULL);
  sim_embed (conv, event, "participant", meeting_participant_json (conv, href, uri, name, where));
  sim_queue_event (conv->app, event);
  return TRUE;
}

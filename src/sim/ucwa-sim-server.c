/* ucwa-sim-server.c: a Skype for Business 2015 UCWA server on loopback
 *
 * Behaves as the protocol reference, PROTOCOL.md, describes (see its
 * §15): autodiscovery, the MsRtcOAuth challenge and WebTicket grant,
 * applications, the P-GET event channel with exactly-once ack semantics,
 * incoming IM and meeting invitations, messaging, and injectable faults.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ucwa-sim-server.h"

#include <string.h>

#include "ucwa-sim-private.h"

#define N_FAULTS (UCWA_SIM_FAULT_LINK_ONLY_EVENTS + 1)
#define NO_FAULT ((UcwaSimFault) -1)

#define DEFAULT_TOKEN_LIFETIME        28800
#define DEFAULT_INVITATION_TIMEOUT_MS 30000
#define DEFAULT_APPLICATION_EXPIRY_MS (15 * 60 * 1000)
#define MAX_REQUEST_BODY              (1024 * 1024)
#define OVERSIZED_BODY                (8 * 1024 * 1024)
#define SLOW_ACCEPT_MS                2000

#define BEARER_ISSUER_ID "00000002-0000-0ff1-ce00-000000000000"
#define BEARER_CLIENT_ID "00000004-0000-0ff1-ce00-000000000000"
#define GRANT_TYPES      "urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"

typedef struct
{
  char    *value;
  SimUser *user; /* unowned */
  guint    pool;
  gint64   expires; /* monotonic µs */
} SimToken;

typedef struct
{
  UcwaSimServer     *self; /* unowned */
  SoupServerMessage *msg;
  char              *thread_id;
  char              *invitation_id;
  guint              source;
} SlowAccept;

typedef enum {
  AUTOPILOT_IM,
  AUTOPILOT_MEETING,
  AUTOPILOT_TYPING,
  AUTOPILOT_MESSAGE,
} AutopilotKind;

typedef struct
{
  UcwaSimServer *self; /* unowned */
  AutopilotKind  kind;
  char          *id;
  char          *text;
  guint          source;
} AutopilotAction;

typedef enum {
  GONE_DELETED,   /* DELETE by the client: its conversations end */
  GONE_NOT_FOUND, /* lost server-side: unanswered invitations wait for a new application */
  GONE_EXPIRED,   /* same, and later requests get 410 */
} GoneReason;

struct _UcwaSimServer
{
  GObject parent_instance;

  SoupServer      *soup;
  guint16          port;
  char            *origin;          /* http(s)://127.0.0.1:PORT, see make_origin() */
  GTlsCertificate *tls_certificate; /* non-NULL: serve HTTPS */

  GPtrArray  *users;        /* SimUser */
  GHashTable *tokens;       /* value → SimToken */
  GPtrArray  *apps;         /* SimApp, in creation order */
  GHashTable *gone;         /* application id → subcode, for 410 */
  GPtrArray  *convs;        /* SimConv */
  GPtrArray  *stalled;      /* SoupServerMessage never to be answered */
  GList      *slow_accepts; /* SlowAccept */
  GHashTable *requests;     /* "METHOD path" → count */

  guint                 token_lifetime;
  UcwaSimChallengeStyle challenge_style;
  gboolean              root_redirect;
  gboolean              user_redirect;
  guint                 max_hold_ms;
  guint                 invitation_timeout_ms;
  guint                 application_expiry_ms;
  guint                 faults[N_FAULTS];
  guint64               next_id;
  guint64               id_base;

  gboolean autopilot;
  gboolean autopilot_started;
  char    *autopilot_ada;
  guint    autopilot_replies;
  GList   *autopilot_actions; /* AutopilotAction */

  gint64 clock_offset_us; /* advance_clock() */
};

G_DEFINE_FINAL_TYPE (UcwaSimServer, ucwa_sim_server, G_TYPE_OBJECT)

enum {
  SIGNAL_REQUEST,
  SIGNAL_INVITATION_ANSWERED,
  SIGNAL_MESSAGE_RECEIVED,
  SIGNAL_TYPING_RECEIVED,
  SIGNAL_EVENTS_RELEASED,
  SIGNAL_APPLICATION_CREATED,
  SIGNAL_APPLICATION_DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
};

/* The bodies of tests/data/samples/derived/, one per error. */
static const struct
{
  UcwaSimFault fault;
  guint        status;
  const char  *code;
  const char  *subcode;
  const char  *message;
} fault_errors[] = {
  { UCWA_SIM_FAULT_ACCEPT_CALLBACK_CHANNEL_ERROR, 500, "ServiceFailure", "CallbackChannelError",
    "The remote event channel is not reachable" },
  { UCWA_SIM_FAULT_ACCEPT_ALREADY_EXISTS, 409, "Conflict", "AlreadyExists", "The already exists error." },
  { UCWA_SIM_FAULT_ACCEPT_TOO_MANY_GROUPS, 409, "Conflict", "TooManyGroups", "The too many groups error." },
  { UCWA_SIM_FAULT_ACCEPT_CONFLICT_NONE, 409, "Conflict", "None", "Un-supported Service/Resource/API error." },
  { UCWA_SIM_FAULT_ACCEPT_CANNOT_REDIRECT, 410, "Gone", "CannotRedirect",
    "Cannot redirect since there is no back up pool configured." },
  { UCWA_SIM_FAULT_ACCEPT_SERVICE_UNAVAILABLE, 503, "ServiceUnavailable", NULL,
    "The service is temporarily unavailable. Please retry later." },
  { UCWA_SIM_FAULT_DECLINE_CALLBACK_CHANNEL_ERROR, 500, "ServiceFailure", "CallbackChannelError",
    "The remote event channel is not reachable" },
  { UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND, 404, "NotFound", "ApplicationNotFound", "Application Not Found." },
  { UCWA_SIM_FAULT_EVENTS_PGET_REPLACED, 409, "Conflict", "PGetReplaced",
    "The existing P-GET was replaced with a new P-GET from the client application." },
  { UCWA_SIM_FAULT_EVENTS_INACTIVE_EXPIRED, 410, "Gone", "InactiveApplicationExpired", "Inactive application expired." },
  { UCWA_SIM_FAULT_EVENTS_SERVICE_UNAVAILABLE, 503, "ServiceUnavailable", NULL,
    "The service is temporarily unavailable. Please retry later." },
};

#define MSG_APPLICATION_NOT_FOUND "Application Not Found."
#define MSG_INACTIVE_EXPIRED      "Inactive application expired."
#define MSG_PGET_REPLACED         "The existing P-GET was replaced with a new P-GET from the client application."
#define MSG_RESOURCE_NOT_FOUND    "The requested resource was not found."
#define MSG_DESERIALIZATION       "The request body could not be deserialized."
#define MSG_PARAMETER_VALIDATION  "A parameter value is not valid."

static const char *autopilot_replies[] = {
  "Sounds good, thanks!",
  "Got it. Let me check and get back to you.",
  "Perfect — see you in the planning meeting.",
  "Makes sense to me.",
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static char *
new_numeric_id (UcwaSimServer *self)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, self->id_base + ++self->next_id);
}

static char *
new_hex_id (UcwaSimServer *self)
{
  return g_strdup_printf ("%" G_GINT64_MODIFIER "x", (self->id_base % 0xf000) + 0x1000 + ++self->next_id);
}

static char *
new_guid_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString         *out = g_string_new (NULL);

  for (const char *p = uuid; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

static char *
random_base64 (gsize n_bytes)
{
  g_autofree guchar *bytes = g_malloc (n_bytes);

  for (gsize i = 0; i < n_bytes; i++)
    bytes[i] = (guchar) g_random_int_range (0, 256);

  return g_base64_encode (bytes, n_bytes);
}

/* Base64 like the trace's "Ac7bUftwUcVMzgTzRl+OQchCsUn35Q==", but without
 * '+' and '/' so that the id can be pasted into a control-API query. */
static char *
new_thread_id (void)
{
  char *id = random_base64 (22);

  for (char *p = id; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = 'x';
      else if (*p == '/')
        *p = 'y';
    }

  return id;
}

static const char *
user_domain (UcwaSimServer *self)
{
  if (self->users->len > 0)
    {
      SimUser    *user = g_ptr_array_index (self->users, 0);
      const char *at = strchr (user->address, '@');

      if (at != NULL && at[1] != '\0')
        return at + 1;
    }

  return "contoso.com";
}

static const char *
pool_prefix (guint pool)
{
  return pool == 2 ? "/pool2" : "";
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
sim_token_free (SimToken *token)
{
  g_free (token->value);
  g_free (token);
}

static void
sim_block_free (SimBlock *block)
{
  if (block == NULL)
    return;
  g_free (block->body);
  g_free (block);
}

static void
sim_invitation_free (SimInvitation *invitation)
{
  if (invitation == NULL)
    return;
  g_free (invitation->id);
  g_free (invitation->href);
  g_free (invitation->operation_id);
  g_free (invitation->foreign_origin);
  g_free (invitation);
}

static void
sim_message_free (SimMessage *message)
{
  g_free (message->href);
  g_free (message->text);
  g_free (message->operation_id);
  g_free (message);
}

/* Drops the incarnation of a conversation in its application. */
static void
conv_detach (SimConv *conv)
{
  conv->app = NULL;
  g_clear_pointer (&conv->id, g_free);
  g_clear_pointer (&conv->href, g_free);
  g_clear_pointer (&conv->messaging_href, g_free);
  g_clear_pointer (&conv->local_href, g_free);
  g_clear_pointer (&conv->remote_href, g_free);
  g_clear_pointer (&conv->invitation, sim_invitation_free);
  g_clear_pointer (&conv->add_messaging, sim_invitation_free);
  g_clear_pointer (&conv->messages, g_ptr_array_unref);
  conv->remote_typing = FALSE;
}

static void
sim_conv_free (SimConv *conv)
{
  g_clear_handle_id (&conv->timeout_source, g_source_remove);
  conv_detach (conv);
  g_free (conv->thread_id);
  g_free (conv->remote_uri);
  g_free (conv->remote_name);
  g_free (conv->remote_key);
  g_free (conv->first_message);
  g_free (conv->subject);
  g_free (conv->conference_id);
  g_free (conv->meeting_uri);
  g_free (conv);
}

static void
finish_paused (SoupServerMessage *msg,
               guint              status)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
}

static void
sim_app_free (SimApp *app)
{
  g_clear_handle_id (&app->hold_source, g_source_remove);
  g_clear_handle_id (&app->release_source, g_source_remove);
  /* destroy_app() and dispose answer the parked P-GET first; this is only
   * a safety net so that a message can never stay paused forever. */
  if (app->parked != NULL)
    finish_paused (g_steal_pointer (&app->parked), SOUP_STATUS_SERVICE_UNAVAILABLE);
  g_clear_pointer (&app->pending, g_ptr_array_unref);
  g_clear_pointer (&app->block, sim_block_free);
  g_free (app->id);
  g_free (app->base);
  g_free (app->user_agent);
  g_free (app->endpoint_id);
  g_free (app->culture);
  g_free (app->put_guard);
  g_free (app->assigned_meeting);
  g_strfreev (app->modalities);
  g_free (app->availability);
  g_free (app->note);
  g_free (app);
}

static void
slow_accept_free (SlowAccept *slow)
{
  g_clear_handle_id (&slow->source, g_source_remove);
  g_clear_object (&slow->msg);
  g_free (slow->thread_id);
  g_free (slow->invitation_id);
  g_free (slow);
}

static void
autopilot_action_free (AutopilotAction *action)
{
  g_clear_handle_id (&action->source, g_source_remove);
  g_free (action->id);
  g_free (action->text);
  g_free (action);
}

/* Case-insensitive member lookup: the traces send UserAgent/EndpointId/
 * SupportedModalities where the reference writes camelCase (§14.3). */
static JsonNode *
member_ci (JsonObject *object,
           const char *name)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (g_ascii_strcasecmp (l->data, name) == 0)
      return json_object_get_member (object, l->data);

  return NULL;
}

static const char *
string_member_ci (JsonObject *object,
                  const char *name)
{
  JsonNode *node = member_ci (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static GHashTable *
parse_form (const char *data,
            gssize      len,
            GError    **error)
{
  /* Even when empty, the table has the case-insensitive keys and the
   * destroy functions of a parsed one. */
  if (data == NULL)
    {
      data = "";
      len = 0;
    }

  return g_uri_parse_params (data, len, "&", G_URI_PARAMS_WWW_FORM | G_URI_PARAMS_CASE_INSENSITIVE, error);
}

static gboolean
parse_uint (const char *text,
            guint64     max,
            guint64    *out)
{
  return text != NULL && g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

/* ------------------------------------------------------------------ */
/* Replies                                                              */

static void
set_body (SoupServerMessage *msg,
          guint              status,
          const char        *content_type,
          char              *body /* owned */)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, strlen (body));
}

void
ucwa_sim_server_reply_json (SoupServerMessage *msg,
                            guint              status,
                            JsonObject        *object)
{
  set_body (msg, status, SIM_JSON_TYPE, sim_json_to_string (object));
  json_object_unref (object);
}

/* The content type the client prefers for errors: UCWA answers in XML when
 * asked to (PayloadFormat.md), NULL for JSON. */
static const char *
xml_error_type (SoupServerMessage *msg)
{
  const char *accept = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Accept");
  GSList     *types;
  const char *result = NULL;

  if (accept == NULL)
    return NULL;

  types = soup_header_parse_quality_list (accept, NULL);
  if (types != NULL && strstr (types->data, "xml") != NULL)
    {
      if (strstr (types->data, "vnd.microsoft.com.ucwa+xml") != NULL)
        result = "application/vnd.microsoft.com.ucwa+xml; charset=utf-8";
      else
        result = "application/xml; charset=utf-8";
    }
  soup_header_free_list (types);

  return result;
}

static void
append_xml_element (GString    *out,
                    const char *name,
                    const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append_printf (out, " <%s>%s</%s>\n", name, escaped, name);
}

static void
reply_error_full (SoupServerMessage *msg,
                  guint              status,
                  const char        *code,
                  const char        *subcode,
                  const char        *message,
                  JsonArray         *parameters /* owned, nullable */)
{
  const char *xml_type = xml_error_type (msg);

  if (xml_type != NULL)
    {
      GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                                   "<reason xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
                                   "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                                   "xmlns=\"http://schemas.microsoft.com/rtc/2012/03/ucwa\">\n");

      append_xml_element (out, "code", code);
      if (subcode != NULL)
        append_xml_element (out, "subcode", subcode);
      if (message != NULL)
        append_xml_element (out, "message", message);
      g_string_append (out, " <debugInfo />\n");
      if (parameters != NULL && json_array_get_length (parameters) > 0)
        {
          g_string_append (out, " <parameters>\n");
          for (guint i = 0; i < json_array_get_length (parameters); i++)
            {
              JsonObject      *parameter = json_array_get_object_element (parameters, i);
              g_autofree char *name = g_markup_escape_text (json_object_get_string_member (parameter, "name"), -1);
              g_autofree char *reason = g_markup_escape_text (json_object_get_string_member (parameter, "reason"), -1);

              g_string_append_printf (out, "  <property name=\"%s\">%s</property>\n", name, reason);
            }
          g_string_append (out, " </parameters>\n");
        }
      else
        {
          g_string_append (out, " <parameters />\n");
        }
      g_string_append (out, "</reason>\n");
      set_body (msg, status, xml_type, g_string_free (out, FALSE));
    }
  else
    {
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "code", code);
      if (subcode != NULL)
        json_object_set_string_member (object, "subcode", subcode);
      if (message != NULL)
        json_object_set_string_member (object, "message", message);
      if (parameters != NULL)
        json_object_set_array_member (object, "parameters", json_array_ref (parameters));
      ucwa_sim_server_reply_json (msg, status, object);
    }

  g_clear_pointer (&parameters, json_array_unref);
}

void
ucwa_sim_server_reply_error (SoupServerMessage *msg,
                             guint              status,
                             const char        *code,
                             const char        *subcode,
                             const char        *message)
{
  reply_error_full (msg, status, code, subcode, message, NULL);
}

static void
reply_parameter_error (SoupServerMessage *msg,
                       const char        *name,
                       const char        *reason)
{
  JsonArray  *parameters = json_array_new ();
  JsonObject *parameter = json_object_new ();

  json_object_set_string_member (parameter, "name", name);
  json_object_set_string_member (parameter, "reason", reason);
  json_array_add_object_element (parameters, parameter);
  reply_error_full (msg, 400, "BadRequest", "ParameterValidationFailure", MSG_PARAMETER_VALIDATION, parameters);
}

static void
reply_no_content (SoupServerMessage *msg,
                  guint              status)
{
  soup_server_message_set_status (msg, status, NULL);
  if (status != SOUP_STATUS_NO_CONTENT)
    soup_message_headers_set_content_length (soup_server_message_get_response_headers (msg), 0);
}

static void
reply_not_found (SoupServerMessage *msg)
{
  ucwa_sim_server_reply_error (msg, 404, "NotFound", "ResourceNotFound", MSG_RESOURCE_NOT_FOUND);
}

/* Every absolute URL the simulator hands out is built from this, so that
 * in HTTPS mode no http:// link slips through (a client must refuse one). */
static char *
make_origin (UcwaSimServer *self,
             const char    *host)
{
  return g_strdup_printf ("%s://%s:%u", self->tls_certificate != NULL ? "https" : "http", host, self->port);
}

/* ------------------------------------------------------------------ */
/* Authentication                                                       */

static char *
challenge_href (UcwaSimServer *self,
                guint          pool)
{
  return g_strdup_printf ("%s%s/WebTicket/oauthtoken", self->origin, pool_prefix (pool));
}

static void
reply_challenge (UcwaSimServer     *self,
                 SoupServerMessage *msg,
                 guint              pool)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char    *href = challenge_href (self, pool);
  g_autofree char    *bearer = g_strdup_printf ("Bearer trusted_issuers=\"" BEARER_ISSUER_ID "@%s\", client_id=\"" BEARER_CLIENT_ID "\"",
                                                user_domain (self));
  g_autofree char    *oauth = NULL;

  switch (self->challenge_style)
    {
    case UCWA_SIM_CHALLENGE_TWO_HEADERS_UNQUOTED:
      oauth = g_strdup_printf ("MsRtcOAuth href=%s,grant_type=\"" GRANT_TYPES "\"", href);
      soup_message_headers_append (headers, "WWW-Authenticate", bearer);
      soup_message_headers_append (headers, "WWW-Authenticate", oauth);
      break;
    case UCWA_SIM_CHALLENGE_FOLDED:
      oauth = g_strdup_printf ("%s,MsRtcOAuth href=\"%s\",grant_type=\"" GRANT_TYPES "\"", bearer, href);
      soup_message_headers_append (headers, "WWW-Authenticate", oauth);
      break;
    case UCWA_SIM_CHALLENGE_TWO_HEADERS_QUOTED:
    default:
      oauth = g_strdup_printf ("MsRtcOAuth href=\"%s\",grant_type=\"" GRANT_TYPES "\"", href);
      soup_message_headers_append (headers, "WWW-Authenticate", bearer);
      soup_message_headers_append (headers, "WWW-Authenticate", oauth);
      break;
    }

  /* The IIS page of the trace: what a real server sends, and not JSON. */
  set_body (msg, SOUP_STATUS_UNAUTHORIZED, "text/html",
            g_strdup ("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
                      "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n"
                      "<html xmlns=\"http://www.w3.org/1999/xhtml\">\n"
                      "<head><title>401 - Unauthorized: Access is denied due to invalid credentials.</title></head>\n"
                      "<body><div id=\"header\"><h1>Server Error</h1></div>\n"
                      "<div id=\"content\"><fieldset><h2>401 - Unauthorized: Access is denied due to invalid credentials.</h2>\n"
                      "<h3>You do not have permission to view this directory or page using the credentials that you supplied.</h3>\n"
                      "</fieldset></div></body></html>\n"));
}

static SimToken *
authenticate (UcwaSimServer     *self,
              SoupServerMessage *msg,
              guint              pool)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  SimToken   *token;

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;

  header += 7;
  while (*header == ' ')
    header++;

  token = g_hash_table_lookup (self->tokens, header);
  if (token == NULL || token->pool != pool)
    return NULL;

  if (ucwa_sim_server_now (self) >= token->expires)
    {
      g_hash_table_remove (self->tokens, header);
      return NULL;
    }

  if (self->faults[UCWA_SIM_FAULT_TOKEN_EXPIRED] > 0)
    {
      self->faults[UCWA_SIM_FAULT_TOKEN_EXPIRED]--;
      g_debug ("Fault: revoking a token");
      g_hash_table_remove (self->tokens, header);
      return NULL;
    }

  return token;
}

static SimUser *
find_user_for_username (UcwaSimServer *self,
                        const char    *username)
{
  g_autofree char *local = NULL;
  const char      *start = username;
  const char      *backslash;
  const char      *at;

  if (g_ascii_strncasecmp (start, "sip:", 4) == 0)
    start += 4;
  backslash = strrchr (start, '\\');
  if (backslash != NULL)
    start = backslash + 1;
  at = strchr (start, '@');
  local = at != NULL ? g_strndup (start, at - start) : g_strdup (start);

  for (guint i = 0; i < self->users->len; i++)
    {
      SimUser *user = g_ptr_array_index (self->users, i);

      if (g_ascii_strcasecmp (user->local, local) == 0)
        return user;
    }

  return NULL;
}

static void
reply_token_error (SoupServerMessage *msg,
                   const char        *error,
                   const char        *diagnostic)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  JsonObject         *object = json_object_new ();

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Pragma", "no-cache");
  soup_message_headers_replace (headers, "X-Ms-diagnostics", diagnostic);
  json_object_set_string_member (object, "error", error);
  set_body (msg, SOUP_STATUS_BAD_REQUEST, "application/json;charset=UTF-8", sim_json_to_string (object));
  json_object_unref (object);
}

static void
handle_token (UcwaSimServer     *self,
              SoupServerMessage *msg,
              guint              pool,
              GBytes            *body)
{
  const char            *content_type = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Content-Type");
  g_autoptr (GHashTable) form = NULL;
  g_autoptr (GError)     error = NULL;
  const char            *grant_type;
  const char            *username;
  const char            *password;
  SimUser               *user;
  SimToken              *token;
  JsonObject            *object;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      ucwa_sim_server_reply_error (msg, 405, "MethodNotAllowed", NULL, "The token endpoint only accepts POST.");
      return;
    }

  if (content_type == NULL || g_ascii_strncasecmp (content_type, "application/x-www-form-urlencoded", 33) != 0)
    {
      reply_token_error (msg, "invalid_request",
                         "28031;source=\"127.0.0.1\";reason=\"The request is not form-urlencoded.\"");
      return;
    }

  form = parse_form (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  if (form == NULL)
    {
      reply_token_error (msg, "invalid_request",
                         "28031;source=\"127.0.0.1\";reason=\"The request body could not be parsed.\"");
      return;
    }

  grant_type = g_hash_table_lookup (form, "grant_type");
  if (grant_type == NULL)
    {
      reply_token_error (msg, "invalid_request",
                         "28031;source=\"127.0.0.1\";reason=\"The grant_type parameter is missing.\"");
      return;
    }
  if (!g_str_equal (grant_type, "password"))
    {
      reply_token_error (msg, "unsupported_grant_type",
                         "28029;source=\"127.0.0.1\";reason=\"Authentication type not allowed.\"");
      return;
    }

  username = g_hash_table_lookup (form, "username");
  password = g_hash_table_lookup (form, "password");
  if (username == NULL || password == NULL || *username == '\0')
    {
      reply_token_error (msg, "invalid_request",
                         "28020;source=\"127.0.0.1\";reason=\"No valid security token.\"");
      return;
    }

  user = find_user_for_username (self, username);
  if (user == NULL || !g_str_equal (user->password, password))
    {
      reply_token_error (msg, "invalid_grant",
                         "28032;source=\"127.0.0.1\";reason=\"The user name or password is incorrect.\"");
      return;
    }

  token = g_new0 (SimToken, 1);
  {
    g_autofree char *random = random_base64 (48);

    token->value = g_strconcat ("cwt=", random, NULL);
  }
  token->user = user;
  token->pool = pool;
  token->expires = ucwa_sim_server_now (self) + (gint64) self->token_lifetime * G_USEC_PER_SEC;
  g_hash_table_replace (self->tokens, token->value, token);

  object = json_object_new ();
  json_object_set_string_member (object, "access_token", token->value);
  json_object_set_int_member (object, "expires_in", self->token_lifetime);
  json_object_set_string_member (object, "ms_rtc_identityscope", "local");
  json_object_set_string_member (object, "token_type", "Bearer");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Pragma", "no-cache");
  set_body (msg, SOUP_STATUS_OK, "application/json", sim_json_to_string (object));
  json_object_unref (object);
}

/* ------------------------------------------------------------------ */
/* Discovery                                                            */

static void
handle_root (UcwaSimServer     *self,
             SoupServerMessage *msg,
             guint              pool,
             gboolean           may_redirect)
{
  JsonObject *object = json_object_new ();
  JsonObject *links = json_object_new ();
  const char *prefix = pool_prefix (pool);

  if (may_redirect && self->root_redirect)
    {
      sim_links_addf (links, "redirect", "%s%s/Autodiscover/AutodiscoverService.svc/root", self->origin, prefix);
    }
  else
    {
      sim_links_addf (links, "self", "%s%s/Autodiscover/AutodiscoverService.svc/root?originalDomain=%s",
                      self->origin, prefix, user_domain (self));
      sim_links_addf (links, "user", "%s%s/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=%s",
                      self->origin, prefix, user_domain (self));
      sim_links_addf (links, "xframe", "%s%s/Autodiscover/XFrame/XFrame.html", self->origin, prefix);
    }
  json_object_set_object_member (object, "_links", links);

  set_body (msg, SOUP_STATUS_OK, "application/json", sim_json_to_string (object));
  json_object_unref (object);
}

static void
handle_user (UcwaSimServer     *self,
             SoupServerMessage *msg,
             guint              pool)
{
  JsonObject *object;
  JsonObject *links;
  const char *prefix = pool_prefix (pool);

  if (authenticate (self, msg, pool) == NULL)
    {
      reply_challenge (self, msg, pool);
      return;
    }

  object = json_object_new ();
  links = json_object_new ();
  sim_links_addf (links, "self", "%s%s/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=%s",
                  self->origin, prefix, user_domain (self));
  if (pool == 1 && self->user_redirect)
    sim_links_addf (links, "redirect", "%s/pool2/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=%s",
                    self->origin, user_domain (self));
  else
    sim_links_addf (links, "applications", "%s%s" SIM_APPLICATIONS_PATH, self->origin, prefix);
  sim_links_addf (links, "xframe", "%s%s/Autodiscover/XFrame/XFrame.html", self->origin, prefix);
  json_object_set_object_member (object, "_links", links);

  set_body (msg, SOUP_STATUS_OK, "application/json", sim_json_to_string (object));
  json_object_unref (object);
}

/* ------------------------------------------------------------------ */
/* Event channel                                                        */

static SimEvent *
comm_event (SimApp     *app,
            const char *rel,
            const char *href,
            const char *type)
{
  g_autofree char *sender = g_strdup_printf ("%s/communication", app->base);

  return sim_event_new ("communication", sender, rel, href, NULL, type);
}

static SimEvent *
conv_event (SimConv    *conv,
            const char *rel,
            const char *href,
            const char *title,
            const char *type)
{
  return sim_event_new ("conversation", conv->href, rel, href, title, type);
}

static SimEvent *
me_event (SimApp     *app,
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
static void
embed (SimConv    *conv,
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
static void
queue_event (SimApp   *app,
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
  JsonArray  *senders = NULL;
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

      if (senders == NULL)
        senders = json_array_new ();

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

  if (senders != NULL)
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

  set_body (msg, SOUP_STATUS_OK, SIM_JSON_TYPE,
            override_body != NULL ? override_body : g_strdup (block->body));
  app->last_poll = ucwa_sim_server_now (self);

  g_signal_emit (self, signals[SIGNAL_EVENTS_RELEASED], 0, n_events, has_invitation);

  if (paused)
    soup_server_message_unpause (msg);
}

static SoupServerMessage *
take_parked (SimApp *app)
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
  g_autoptr (SoupServerMessage) msg = take_parked (app);

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
  ucwa_sim_server_reply_json (msg, SOUP_STATUS_OK, object);
}

static void destroy_app (UcwaSimServer *self,
                         SimApp        *app,
                         GoneReason     reason);

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

static gboolean
fault_error (UcwaSimFault fault,
             guint       *status,
             const char **code,
             const char **subcode,
             const char **message)
{
  for (guint i = 0; i < G_N_ELEMENTS (fault_errors); i++)
    {
      if (fault_errors[i].fault == fault)
        {
          *status = fault_errors[i].status;
          *code = fault_errors[i].code;
          *subcode = fault_errors[i].subcode;
          *message = fault_errors[i].message;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
is_events_fault (UcwaSimFault fault)
{
  return fault >= UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND && fault <= UCWA_SIM_FAULT_EVENTS_STALL;
}

static UcwaSimFault
take_fault (UcwaSimServer *self,
            UcwaSimFault   first,
            UcwaSimFault   last)
{
  for (guint f = first; f <= last; f++)
    {
      if (self->faults[f] > 0)
        {
          self->faults[f]--;
          return (UcwaSimFault) f;
        }
    }

  return NO_FAULT;
}

/* Answers a P-GET with an event-channel fault.  Takes over msg. */
static void
apply_events_fault (UcwaSimServer     *self,
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

  if (fault_error (fault, &status, &code, &subcode, &message))
    {
      if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      ucwa_sim_server_reply_error (msg, status, code, subcode, message);

      if (fault == UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND)
        destroy_app (self, app, GONE_NOT_FOUND);
      else if (fault == UCWA_SIM_FAULT_EVENTS_INACTIVE_EXPIRED)
        destroy_app (self, app, GONE_EXPIRED);
    }
  else if (fault == UCWA_SIM_FAULT_EVENTS_MALFORMED_JSON)
    {
      /* The events stay queued: the client retries the same ack. */
      g_autoptr (JsonObject) object = block_object (app, app->ack, "next");
      char                  *body = sim_json_to_string (object);

      body[strlen (body) / 2] = '\0';
      set_body (msg, SOUP_STATUS_OK, SIM_JSON_TYPE, body);
    }
  else if (fault == UCWA_SIM_FAULT_EVENTS_WRONG_TYPES)
    {
      set_body (msg, SOUP_STATUS_OK, SIM_JSON_TYPE,
                g_strdup_printf ("{\"_links\":{\"self\":{\"href\":42},\"next\":\"%s/events?ack=%" G_GUINT64_FORMAT "\"},"
                                 "\"sender\":{\"rel\":[\"communication\"],\"href\":false,"
                                 "\"events\":\"messagingInvitation started\"}}",
                                 app->base, app->ack + 1));
    }
  else if (fault == UCWA_SIM_FAULT_EVENTS_RESYNC)
    {
      reply_resync (app, msg);
    }
  else if (fault == UCWA_SIM_FAULT_EVENTS_RESUME || fault == UCWA_SIM_FAULT_EVENTS_OVERSIZED)
    {
      /* Both are real responses: the block is built (and replayed as such
       * if the client asks for the same ack again). */
      JsonObject *object = NULL;
      char       *override = NULL;

      if (app->block == NULL)
        build_block (app, fault == UCWA_SIM_FAULT_EVENTS_RESUME ? "resume" : "next", &object);

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

  valid = parse_uint (g_hash_table_lookup (params, "ack"), G_MAXUINT64, &ack);

  /* Aggregation parameters are remembered until changed (§6.1). */
  if (parse_uint (g_hash_table_lookup (params, "timeout"), G_MAXUINT32, &value))
    app->timeout_s = CLAMP (value, 180, 1800);
  if (parse_uint (g_hash_table_lookup (params, "medium"), G_MAXUINT32, &value))
    app->medium_s = CLAMP (value, 5, 1800);
  if (parse_uint (g_hash_table_lookup (params, "low"), G_MAXUINT32, &value))
    app->low_s = CLAMP (value, 5, 1800);
  if (g_hash_table_lookup (params, "priority") != NULL)
    g_ascii_string_to_signed (g_hash_table_lookup (params, "priority"), 10, G_MININT32, G_MAXINT32, &priority, NULL);

  app->last_poll = ucwa_sim_server_now (self);

  if (app->parked != NULL)
    {
      if (priority < app->parked_priority)
        {
          /* "higher replaces same-or-lower, never the reverse" */
          ucwa_sim_server_reply_error (msg, 409, "Conflict", "PGetReplaced", MSG_PGET_REPLACED);
          return;
        }
      else
        {
          g_autoptr (SoupServerMessage) older = take_parked (app);

          ucwa_sim_server_reply_error (older, 409, "Conflict", "PGetReplaced", MSG_PGET_REPLACED);
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

  fault = take_fault (self, UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND, UCWA_SIM_FAULT_EVENTS_STALL);
  if (fault != NO_FAULT)
    {
      apply_events_fault (self, app, msg, FALSE, fault);
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

/* ------------------------------------------------------------------ */
/* Applications                                                         */

static SimApp *
find_app (UcwaSimServer *self,
          const char    *id)
{
  for (guint i = 0; i < self->apps->len; i++)
    {
      SimApp *app = g_ptr_array_index (self->apps, i);

      if (g_str_equal (app->id, id))
        return app;
    }

  return NULL;
}

static void offer_conversation (UcwaSimServer *self,
                                SimConv       *conv,
                                SimApp        *app);

static void
remove_conv (UcwaSimServer *self,
             SimConv       *conv)
{
  g_ptr_array_remove (self->convs, conv);
}

static void
destroy_app (UcwaSimServer *self,
             SimApp        *app,
             GoneReason     reason)
{
  g_autofree char              *id = g_strdup (app->id);
  g_autoptr (SoupServerMessage) parked = take_parked (app);

  g_debug ("Application %s is gone (%s)", id,
           reason == GONE_DELETED ? "deleted" : reason == GONE_EXPIRED ? "expired"
                                                                       : "lost");

  if (parked != NULL)
    {
      if (reason == GONE_EXPIRED)
        ucwa_sim_server_reply_error (parked, 410, "Gone", "InactiveApplicationExpired", MSG_INACTIVE_EXPIRED);
      else
        ucwa_sim_server_reply_error (parked, 404, "NotFound", "ApplicationNotFound", MSG_APPLICATION_NOT_FOUND);
      soup_server_message_unpause (parked);
    }

  for (guint i = self->convs->len; i > 0; i--)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i - 1);

      if (conv->app != app)
        continue;

      /* Nothing the user has not answered may be lost with the application:
       * it is offered again to the application the client creates next. */
      if (reason != GONE_DELETED && conv->invitation != NULL && !conv->invitation->answered)
        conv_detach (conv);
      else
        remove_conv (self, conv);
    }

  if (reason == GONE_EXPIRED)
    g_hash_table_replace (self->gone, g_strdup (id), (gpointer) "InactiveApplicationExpired");

  g_ptr_array_remove (self->apps, app);
  g_signal_emit (self, signals[SIGNAL_APPLICATION_DELETED], 0, id);
}

static void
expire_inactive (UcwaSimServer *self)
{
  gint64 now = ucwa_sim_server_now (self);

  if (self->application_expiry_ms == 0)
    return;

  for (guint i = self->apps->len; i > 0; i--)
    {
      SimApp *app = g_ptr_array_index (self->apps, i - 1);

      if (app->parked == NULL && now - app->last_poll > (gint64) self->application_expiry_ms * 1000)
        destroy_app (self, app, GONE_EXPIRED);
    }
}

static char *
cookie_header (SimApp *app)
{
  g_autofree char *value = random_base64 (24);

  return g_strdup_printf ("cwt_ucwa=%s; path=%s/photos; HttpOnly", value, app->base);
}

static gboolean
content_type_is (SoupServerMessage *msg,
                 const char        *what)
{
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);

  return type != NULL && strstr (type, what) != NULL;
}

/* Parses an optional JSON object body; replies and returns FALSE on error.
 * *out is NULL for an empty body. */
static gboolean
parse_json_body (SoupServerMessage *msg,
                 GBytes            *body,
                 gboolean           required,
                 JsonObject       **out)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError)     error = NULL;
  gsize                  len = 0;
  const char            *data = g_bytes_get_data (body, &len);
  JsonNode              *root;

  *out = NULL;

  if (len == 0 && !required)
    return TRUE;

  if (content_type_is (msg, "xml"))
    {
      ucwa_sim_server_reply_error (msg, 415, "UnsupportedMediaType", "UnsupportedMediaType",
                                   "The simulator only accepts JSON input.");
      return FALSE;
    }

  parser = json_parser_new ();
  if (len == 0 || !json_parser_load_from_data (parser, data, len, &error))
    {
      ucwa_sim_server_reply_error (msg, 400, "BadRequest", "DeserializationFailure", MSG_DESERIALIZATION);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      ucwa_sim_server_reply_error (msg, 400, "BadRequest", "DeserializationFailure", MSG_DESERIALIZATION);
      return FALSE;
    }

  *out = json_object_ref (json_node_get_object (root));
  return TRUE;
}

static void
add_missing (JsonArray  *parameters,
             const char *name,
             const char *reason)
{
  JsonObject *parameter = json_object_new ();

  json_object_set_string_member (parameter, "name", name);
  json_object_set_string_member (parameter, "reason", reason);
  json_array_add_object_element (parameters, parameter);
}

static void
handle_create_app (UcwaSimServer     *self,
                   SoupServerMessage *msg,
                   guint              pool,
                   SimToken          *token,
                   GBytes            *body)
{
  g_autoptr (JsonObject) input = NULL;
  g_autoptr (JsonArray)  parameters = json_array_new ();
  g_autofree char       *cookie = NULL;
  const char            *names[] = { "userAgent", "endpointId", "culture" };
  const char            *values[3];
  SimApp                *app = NULL;
  gboolean               created = FALSE;

  if (pool == 1 && self->user_redirect)
    {
      ucwa_sim_server_reply_error (msg, 403, "Forbidden", NULL,
                                   "The user is homed on another pool; follow the redirect of the user resource.");
      return;
    }

  if (!parse_json_body (msg, body, TRUE, &input))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *node = member_ci (input, names[i]);

      values[i] = string_member_ci (input, names[i]);
      if (node == NULL)
        add_missing (parameters, names[i], "Missing");
      else if (values[i] == NULL || *values[i] == '\0' || g_utf8_strlen (values[i], -1) > 100)
        add_missing (parameters, names[i], "Invalid");
    }

  if (json_array_get_length (parameters) > 0)
    {
      reply_error_full (msg, 400, "BadRequest", "ParameterValidationFailure", MSG_PARAMETER_VALIDATION,
                        g_steal_pointer (&parameters));
      return;
    }

  /* MultiTabSupport.md: the same endpoint gets the same application. */
  for (guint i = 0; i < self->apps->len; i++)
    {
      SimApp *candidate = g_ptr_array_index (self->apps, i);

      if (candidate->user == token->user && candidate->pool == pool &&
          g_str_equal (candidate->endpoint_id, values[1]))
        app = candidate;
    }

  if (app == NULL)
    {
      const char *modalities[] = { "Messaging", NULL };

      app = g_new0 (SimApp, 1);
      app->server = self;
      app->id = new_numeric_id (self);
      app->base = g_strdup_printf ("%s" SIM_APPLICATIONS_PATH "/%s", pool_prefix (pool), app->id);
      app->pool = pool;
      app->user = token->user;
      app->user_agent = g_strdup (values[0]);
      app->endpoint_id = g_strdup (values[1]);
      app->culture = g_strdup (values[2]);
      app->put_guard = g_uuid_string_random ();
      app->assigned_meeting = g_strdup_printf ("%08" G_GINT64_MODIFIER "X", (self->id_base + self->next_id) % 0xffffffff);
      app->etag = (guint) g_random_int_range (1000000000, G_MAXINT32);
      app->modalities = g_strdupv ((char **) modalities);
      app->availability = g_strdup ("Online");
      app->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_event_free);
      app->ack = 1;
      app->timeout_s = 180;
      app->medium_s = 5;
      app->low_s = 15;
      app->created = ucwa_sim_server_now (self);
      app->last_poll = app->created;
      g_ptr_array_add (self->apps, app);
      created = TRUE;
    }

  cookie = cookie_header (app);
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", cookie);
  ucwa_sim_server_reply_json (msg, created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, sim_json_application (app));

  if (created)
    g_signal_emit (self, signals[SIGNAL_APPLICATION_CREATED], 0, app->id);
}

/* ------------------------------------------------------------------ */
/* Conversations                                                        */

static SimConv *
find_conv_by_thread (UcwaSimServer *self,
                     const char    *thread_id)
{
  if (thread_id == NULL)
    return NULL;

  for (guint i = 0; i < self->convs->len; i++)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i);

      if (g_str_equal (conv->thread_id, thread_id))
        return conv;
    }

  return NULL;
}

static SimConv *
find_conv (UcwaSimServer *self,
           SimApp        *app,
           const char    *id)
{
  for (guint i = 0; i < self->convs->len; i++)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i);

      if (conv->app == app && g_str_equal (conv->id, id))
        return conv;
    }

  return NULL;
}

static SimInvitation *
find_invitation (UcwaSimServer *self,
                 SimApp        *app,
                 const char    *id,
                 gboolean       meeting_collection,
                 SimConv      **out_conv)
{
  for (guint i = 0; i < self->convs->len; i++)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i);

      if (conv->app != app)
        continue;

      if (conv->invitation != NULL && g_str_equal (conv->invitation->id, id) &&
          conv->meeting == meeting_collection)
        {
          *out_conv = conv;
          return conv->invitation;
        }

      if (conv->add_messaging != NULL && g_str_equal (conv->add_messaging->id, id) && !meeting_collection)
        {
          *out_conv = conv;
          return conv->add_messaging;
        }
    }

  return NULL;
}

static SimMessage *
add_message (SimConv    *conv,
             gboolean    outgoing,
             gboolean    html,
             const char *text,
             const char *operation_id)
{
  SimMessage *message = g_new0 (SimMessage, 1);

  message->number = conv->next_message++;
  message->href = g_strdup_printf ("%s/messages/%u", conv->messaging_href, message->number);
  message->outgoing = outgoing;
  message->html = html;
  message->text = g_strdup (text);
  message->operation_id = g_strdup (operation_id);
  message->timestamp_ms = now_ms ();
  g_ptr_array_add (conv->messages, message);

  return message;
}

static void
queue_message_event (SimConv    *conv,
                     SimMessage *message)
{
  SimEvent *event = conv_event (conv, "message", message->href, NULL, "completed");

  sim_event_set_status (event, "Success", NULL, NULL, NULL);
  embed (conv, event, "message", sim_json_message (conv, message));
  queue_event (conv->app, event);
}

static void
queue_messaging_updated (SimConv *conv)
{
  SimEvent *event = conv_event (conv, "messaging", conv->messaging_href, NULL, "updated");

  embed (conv, event, "messaging", sim_json_messaging (conv));
  queue_event (conv->app, event);
}

static void
queue_conversation_event (SimConv    *conv,
                          const char *type)
{
  SimEvent *event = comm_event (conv->app, "conversation", conv->href, type);

  if (!g_str_equal (type, "deleted"))
    embed (conv, event, "conversation", sim_json_conversation (conv));
  queue_event (conv->app, event);
}

static void
queue_invitation_event (SimConv       *conv,
                        SimInvitation *invitation,
                        const char    *type,
                        gboolean       with_actions,
                        gboolean       with_photo)
{
  const char *rel = conv->meeting && !invitation->outgoing ? "onlineMeetingInvitation" : "messagingInvitation";
  SimEvent   *event = comm_event (conv->app, rel, invitation->href, type);

  if (g_str_equal (type, "completed"))
    sim_event_set_status (event, "Success", NULL, NULL, NULL);
  embed (conv, event, rel, sim_json_invitation (conv, invitation, with_actions, with_photo));
  queue_event (conv->app, event);
}

static void
queue_typing_event (SimConv    *conv,
                    const char *type)
{
  SimEvent        *event = conv_event (conv, "participant", conv->remote_href, conv->remote_name, type);
  g_autofree char *in = g_strdup_printf ("%s/typingParticipants", conv->messaging_href);

  sim_event_set_in (event, "typingParticipants", in, NULL);
  queue_event (conv->app, event);
}

/* Offers (or offers again) the invitation of conv to app: §8.1 / §9. */
static void
offer_conversation (UcwaSimServer *self,
                    SimConv       *conv,
                    SimApp        *app)
{
  SimInvitation *invitation = g_new0 (SimInvitation, 1);
  SimEvent      *event;

  conv->app = app;
  conv->id = new_hex_id (self);
  conv->href = g_strdup_printf ("%s/communication/conversations/%s", app->base, conv->id);
  conv->messaging_href = g_strdup_printf ("%s/messaging", conv->href);
  conv->local_href = g_strdup_printf ("%s/participants/%s", conv->href, conv->user->address);
  conv->remote_href = g_strdup_printf ("%s/participants/%s", conv->href, conv->remote_key);
  conv->state = "Incoming";
  conv->messaging_state = conv->meeting ? "Disconnected" : "Connecting";
  conv->remote_typing = FALSE;
  conv->next_message = 1;
  conv->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_message_free);

  invitation->id = new_guid_id ();
  invitation->href = g_strdup_printf ("%s/communication/%s/%s", app->base,
                                      conv->meeting ? "onlineMeetingInvitations" : "messagingInvitations",
                                      invitation->id);
  invitation->state = "Connecting";
  invitation->missing_links = conv->missing_links;
  if (conv->foreign_link)
    invitation->foreign_origin = make_origin (self, "127.0.0.2");
  conv->invitation = invitation;

  g_debug ("Offering %s invitation %s to application %s",
           conv->meeting ? "meeting" : "IM", conv->thread_id, app->id);

  queue_invitation_event (conv, invitation, "started", TRUE, FALSE);
  queue_conversation_event (conv, "added");

  event = conv_event (conv, "localParticipant", conv->local_href, conv->user->display_name, "added");
  embed (conv, event, "localParticipant", sim_json_participant (conv, TRUE));
  queue_event (app, event);

  if (!conv->meeting)
    {
      queue_event (app, conv_event (conv, "participant", conv->remote_href, conv->remote_name, "added"));
      /* ReceiveAnIM step 10: an updated copy without accept/decline. */
      queue_invitation_event (conv, invitation, "updated", FALSE, TRUE);
    }
}

/* Ends an unanswered invitation with a failure (decline, cancel, timeout)
 * and removes the conversation. */
static void
fail_invitation (UcwaSimServer *self,
                 SimConv       *conv,
                 const char    *state,
                 const char    *code,
                 const char    *subcode,
                 const char    *message)
{
  SimInvitation *invitation = conv->invitation;
  const char    *rel = conv->meeting ? "onlineMeetingInvitation" : "messagingInvitation";
  SimEvent      *event;

  if (conv->app == NULL)
    {
      remove_conv (self, conv);
      return;
    }

  invitation->answered = TRUE;
  invitation->completed = TRUE;
  invitation->state = state;

  event = comm_event (conv->app, rel, invitation->href, "completed");
  sim_event_set_status (event, "Failure", code, subcode, message);
  embed (conv, event, rel, sim_json_invitation (conv, invitation, FALSE, TRUE));
  queue_event (conv->app, event);

  if (!g_str_equal (conv->messaging_state, "Disconnected"))
    {
      conv->messaging_state = "Disconnected";
      queue_messaging_updated (conv);
    }

  conv->state = "Disconnected";
  queue_conversation_event (conv, "deleted");
  remove_conv (self, conv);
}

static gboolean
invitation_timeout_cb (gpointer data)
{
  SimConv *conv = data;

  conv->timeout_source = 0;
  if (conv->invitation == NULL || !conv->invitation->answered)
    {
      g_debug ("Invitation %s timed out", conv->thread_id);
      fail_invitation (conv->server, conv, "Failed", "RemoteFailure", "Timeout", "The invitation timed out.");
    }

  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------ */
/* Autopilot (beckon --demo)                                            */

static void
autopilot_schedule (UcwaSimServer *self,
                    guint          delay_ms,
                    AutopilotKind  kind,
                    const char    *id,
                    const char    *text);

static void
autopilot_on_available (UcwaSimServer *self)
{
  if (!self->autopilot || self->autopilot_started)
    return;

  self->autopilot_started = TRUE;
  autopilot_schedule (self, 2000, AUTOPILOT_IM, NULL, NULL);
}

static void
autopilot_on_accepted (UcwaSimServer *self,
                       const char    *thread_id)
{
  if (!self->autopilot || g_strcmp0 (thread_id, self->autopilot_ada) != 0)
    return;

  autopilot_schedule (self, 300, AUTOPILOT_TYPING, thread_id, NULL);
  autopilot_schedule (self, 1800, AUTOPILOT_MESSAGE, thread_id,
                      "Great — I wanted to ask about the release notes.");
}

static void
autopilot_on_message (UcwaSimServer *self,
                      const char    *thread_id)
{
  const char *reply;

  if (!self->autopilot)
    return;

  reply = autopilot_replies[self->autopilot_replies++ % G_N_ELEMENTS (autopilot_replies)];
  autopilot_schedule (self, 400, AUTOPILOT_TYPING, thread_id, NULL);
  autopilot_schedule (self, 2000, AUTOPILOT_MESSAGE, thread_id, reply);
}

/* ------------------------------------------------------------------ */
/* Answering invitations                                                */

static void
accept_im (SimConv *conv)
{
  SimApp          *app = conv->app;
  SimInvitation   *invitation = conv->invitation;
  SimEvent        *event;
  g_autofree char *local_messaging = g_strdup_printf ("%s/messaging", conv->local_href);
  g_autofree char *remote_messaging = g_strdup_printf ("%s/messaging", conv->remote_href);

  /* The order of ReceiveAnIM step 15, then step 16. */
  conv->state = "Connected";
  conv->messaging_state = "Connected";
  queue_messaging_updated (conv);
  queue_conversation_event (conv, "updated");

  event = conv_event (conv, "participantMessaging", local_messaging, NULL, "added");
  sim_event_set_in (event, "localParticipant", conv->local_href, conv->user->display_name);
  embed (conv, event, "participantMessaging", sim_json_participant_messaging (conv, TRUE));
  queue_event (app, event);

  event = conv_event (conv, "participantMessaging", remote_messaging, NULL, "added");
  sim_event_set_in (event, "participant", conv->remote_href, conv->remote_name);
  queue_event (app, event);

  queue_event (app, conv_event (conv, "participant", conv->remote_href, conv->remote_name, "updated"));

  invitation->state = "Connected";
  invitation->completed = TRUE;
  queue_invitation_event (conv, invitation, "completed", FALSE, TRUE);

  /* The invitation's first message is delivered again as a message. */
  if (conv->first_message != NULL && *conv->first_message != '\0')
    queue_message_event (conv, add_message (conv, FALSE, FALSE, conv->first_message, NULL));
  queue_conversation_event (conv, "updated");
}

static void
accept_meeting (SimConv *conv)
{
  SimApp          *app = conv->app;
  SimEvent        *event;
  g_autofree char *meeting_href = g_strdup_printf ("%s/onlineMeeting", conv->href);

  conv->state = "Conferencing";
  queue_conversation_event (conv, "updated");
  conv->state = "Conferenced";
  queue_conversation_event (conv, "updated");

  event = conv_event (conv, "onlineMeeting", meeting_href, NULL, "added");
  sim_event_set_in (event, "conversation", conv->href, NULL);
  embed (conv, event, "onlineMeeting", sim_json_online_meeting (conv));
  queue_event (app, event);

  event = conv_event (conv, "participant", conv->remote_href, conv->remote_name, "added");
  embed (conv, event, "participant", sim_json_participant (conv, FALSE));
  queue_event (app, event);

  /* Accepting a meeting joins no modality: the app must addMessaging. */
  conv->messaging_state = "Disconnected";
  queue_messaging_updated (conv);

  conv->invitation->state = "Connected";
  conv->invitation->completed = TRUE;
  queue_invitation_event (conv, conv->invitation, "completed", FALSE, TRUE);
}

static void
complete_accept (UcwaSimServer *self,
                 SimConv       *conv)
{
  g_autofree char *thread_id = g_strdup (conv->thread_id);

  if (conv->meeting)
    accept_meeting (conv);
  else
    accept_im (conv);

  g_signal_emit (self, signals[SIGNAL_INVITATION_ANSWERED], 0, thread_id, TRUE);
  autopilot_on_accepted (self, thread_id);
}

static gboolean
slow_accept_cb (gpointer data)
{
  SlowAccept    *slow = data;
  UcwaSimServer *self = slow->self;
  SimConv       *conv = find_conv_by_thread (self, slow->thread_id);

  slow->source = 0;
  self->slow_accepts = g_list_remove (self->slow_accepts, slow);

  if (conv != NULL && conv->app != NULL && conv->invitation != NULL &&
      g_str_equal (conv->invitation->id, slow->invitation_id))
    {
      reply_no_content (slow->msg, SOUP_STATUS_NO_CONTENT);
      soup_server_message_unpause (slow->msg);
      complete_accept (self, conv);
    }
  else
    {
      reply_not_found (slow->msg);
      soup_server_message_unpause (slow->msg);
    }

  slow_accept_free (slow);

  return G_SOURCE_REMOVE;
}

typedef struct
{
  SoupServerMessage *msg;
  GHashTable        *params;
  GBytes            *body;
  SimToken          *token;
  const char        *caps[4];
} Req;

static void
handle_accept (UcwaSimServer *self,
               Req           *req,
               SimApp        *app,
               gboolean       meeting)
{
  SimConv       *conv = NULL;
  SimInvitation *invitation = find_invitation (self, app, req->caps[0], meeting, &conv);
  UcwaSimFault   fault;
  guint          status;
  const char    *code;
  const char    *subcode;
  const char    *message;

  if (invitation == NULL || invitation->outgoing)
    {
      reply_not_found (req->msg);
      return;
    }

  if (invitation->answered)
    {
      ucwa_sim_server_reply_error (req->msg, 409, "Conflict", "None", "The invitation has already been answered.");
      return;
    }

  fault = take_fault (self, UCWA_SIM_FAULT_ACCEPT_CALLBACK_CHANNEL_ERROR, UCWA_SIM_FAULT_ACCEPT_NO_COMPLETION);
  if (fault != NO_FAULT)
    g_debug ("Fault %s on accept of %s", ucwa_sim_server_fault_to_string (fault), conv->thread_id);

  if (fault_error (fault, &status, &code, &subcode, &message))
    {
      if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
        soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Retry-After", "1");
      ucwa_sim_server_reply_error (req->msg, status, code, subcode, message);
      return;
    }

  invitation->answered = TRUE;
  g_clear_handle_id (&conv->timeout_source, g_source_remove);

  if (fault == UCWA_SIM_FAULT_ACCEPT_SLOW)
    {
      SlowAccept *slow = g_new0 (SlowAccept, 1);

      slow->self = self;
      slow->msg = g_object_ref (req->msg);
      slow->thread_id = g_strdup (conv->thread_id);
      slow->invitation_id = g_strdup (invitation->id);
      slow->source = g_timeout_add (SLOW_ACCEPT_MS, slow_accept_cb, slow);
      self->slow_accepts = g_list_prepend (self->slow_accepts, slow);
      soup_server_message_pause (req->msg);
      return;
    }

  reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);

  if (fault == UCWA_SIM_FAULT_ACCEPT_NO_COMPLETION)
    {
      g_signal_emit (self, signals[SIGNAL_INVITATION_ANSWERED], 0, conv->thread_id, TRUE);
      return;
    }

  complete_accept (self, conv);
}

static void
h_accept_im (UcwaSimServer *self, Req *req, SimApp *app)
{
  handle_accept (self, req, app, FALSE);
}

static void
h_accept_meeting (UcwaSimServer *self, Req *req, SimApp *app)
{
  handle_accept (self, req, app, TRUE);
}

static const char *decline_reasons[] = {
  "Unknown",
  "Local",
  "Global",
  "MediaAllocationFailure",
  "EncryptionMismatch",
  "IPv6NotSupported",
  "MediaConnectivityFailure",
  "CodecMismatch",
  "UnsupportedMedia",
  "InvalidMediaOffer",
  "InsufficientBandwidth",
  "InsufficientBandwidthRerouteOverPstn",
  NULL,
};

static void
handle_decline (UcwaSimServer *self,
                Req           *req,
                SimApp        *app,
                gboolean       meeting)
{
  SimConv         *conv = NULL;
  SimInvitation   *invitation;
  g_autofree char *thread_id = NULL;

  /* The XML form of the body is tolerated and ignored. */
  if (g_bytes_get_size (req->body) > 0 && !content_type_is (req->msg, "xml"))
    {
      g_autoptr (JsonObject) input = NULL;
      JsonNode              *reason;

      if (!parse_json_body (req->msg, req->body, FALSE, &input))
        return;

      reason = member_ci (input, "reason");
      if (reason != NULL)
        {
          const char *value = string_member_ci (input, "reason");

          if (value == NULL || !g_strv_contains (decline_reasons, value))
            {
              reply_parameter_error (req->msg, "reason", "Invalid");
              return;
            }
        }
    }

  invitation = find_invitation (self, app, req->caps[0], meeting, &conv);
  if (invitation == NULL || invitation->outgoing)
    {
      reply_not_found (req->msg);
      return;
    }

  if (invitation->answered)
    {
      ucwa_sim_server_reply_error (req->msg, 409, "Conflict", "None", "The invitation has already been answered.");
      return;
    }

  if (take_fault (self, UCWA_SIM_FAULT_DECLINE_CALLBACK_CHANNEL_ERROR,
                  UCWA_SIM_FAULT_DECLINE_CALLBACK_CHANNEL_ERROR) != NO_FAULT)
    {
      ucwa_sim_server_reply_error (req->msg, 500, "ServiceFailure", "CallbackChannelError",
                                   "The remote event channel is not reachable");
      return;
    }

  thread_id = g_strdup (conv->thread_id);
  fail_invitation (self, conv, "Declined", "LocalFailure", "Declined", "The invitation was declined.");
  reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);
  g_signal_emit (self, signals[SIGNAL_INVITATION_ANSWERED], 0, thread_id, FALSE);
}

static void
h_decline_im (UcwaSimServer *self, Req *req, SimApp *app)
{
  handle_decline (self, req, app, FALSE);
}

static void
h_decline_meeting (UcwaSimServer *self, Req *req, SimApp *app)
{
  handle_decline (self, req, app, TRUE);
}

/* ------------------------------------------------------------------ */
/* Resource handlers                                                    */

static void
h_app_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  g_autofree char *cookie = cookie_header (app);

  /* GET application refreshes the photo cookie (§4). */
  soup_message_headers_append (soup_server_message_get_response_headers (req->msg), "Set-Cookie", cookie);
  ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, sim_json_application (app));
}

static void
h_app_delete (UcwaSimServer *self, Req *req, SimApp *app)
{
  reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);
  destroy_app (self, app, GONE_DELETED);
}

static void
h_events (UcwaSimServer *self, Req *req, SimApp *app)
{
  handle_events (self, app, req->msg, req->params);
}

static void
h_me_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, sim_json_me (app));
}

static const char *available_modalities[] = { "Messaging", "PhoneAudio", NULL };
static const char *known_modalities[] = {
  "Audio",
  "Video",
  "PhoneAudio",
  "ApplicationSharing",
  "Messaging",
  "DataCollaboration",
  "PanoramicVideo",
  NULL,
};
static const char *sign_in_states[] = { "Online", "Busy", "DoNotDisturb", "BeRightBack", "Away", "Offwork", NULL };

static void
h_make_me_available (UcwaSimServer *self, Req *req, SimApp *app)
{
  g_autoptr (JsonObject) input = NULL;
  g_autoptr (GPtrArray)  modalities = g_ptr_array_new_with_free_func (g_free);
  const char            *sign_in_as = NULL;
  SimEvent              *event;

  if (app->available)
    {
      ucwa_sim_server_reply_error (req->msg, 409, "Conflict", "AlreadyExists",
                                   "Multiple invocations of this operation is not valid.");
      return;
    }

  if (!parse_json_body (req->msg, req->body, FALSE, &input))
    return;

  if (input != NULL)
    {
      JsonNode *node = member_ci (input, "supportedModalities");

      if (node != NULL)
        {
          JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

          if (array == NULL)
            {
              reply_parameter_error (req->msg, "supportedModalities", "Invalid");
              return;
            }

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode   *element = json_array_get_element (array, i);
              const char *value = JSON_NODE_HOLDS_VALUE (element) &&
                                      json_node_get_value_type (element) == G_TYPE_STRING
                                    ? json_node_get_string (element)
                                    : NULL;

              if (value == NULL || !g_strv_contains (known_modalities, value))
                {
                  reply_parameter_error (req->msg, "supportedModalities", "Invalid");
                  return;
                }
              if (!g_strv_contains (available_modalities, value))
                {
                  ucwa_sim_server_reply_error (req->msg, 403, "Forbidden", NULL,
                                               "The application is attempting to use modalities other than Messaging and Phone Audio.");
                  return;
                }
              g_ptr_array_add (modalities, g_strdup (value));
            }
        }

      if (member_ci (input, "signInAs") != NULL)
        {
          sign_in_as = string_member_ci (input, "signInAs");
          if (sign_in_as == NULL || !g_strv_contains (sign_in_states, sign_in_as))
            {
              reply_parameter_error (req->msg, "signInAs", "Invalid");
              return;
            }
        }
    }

  if (modalities->len == 0)
    g_ptr_array_add (modalities, g_strdup ("Messaging"));
  g_ptr_array_add (modalities, NULL);

  app->available = TRUE;
  g_strfreev (app->modalities);
  app->modalities = (char **) g_ptr_array_free (g_steal_pointer (&modalities), FALSE);
  g_free (app->availability);
  app->availability = g_strdup (sign_in_as != NULL ? sign_in_as : "Online");
  app->etag++;

  reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);

  /* ReceiveAnIM step 6: the first P-GET after makeMeAvailable. */
  queue_event (app, me_event (app, "me", "", "updated"));
  queue_event (app, me_event (app, "presence", "/presence", "added"));
  queue_event (app, me_event (app, "note", "/note", "added"));
  queue_event (app, me_event (app, "location", "/location", "added"));
  {
    g_autofree char *href = g_strdup_printf ("%s/communication", app->base);

    event = comm_event (app, "communication", href, "updated");
    sim_event_set_embedded (event, "communication", sim_json_communication (app));
    queue_event (app, event);
  }

  for (guint i = 0; i < self->convs->len; i++)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i);

      if (conv->app == NULL && conv->user == app->user)
        offer_conversation (self, conv, app);
    }

  autopilot_on_available (self);
}

static void
h_report_my_activity (UcwaSimServer *self, Req *req, SimApp *app)
{
  if (!app->available)
    {
      ucwa_sim_server_reply_error (req->msg, 409, "Conflict", "MakeMeAvailableRequired",
                                   "The application has not yet sent a request on the makeMeAvailable resource.");
      return;
    }

  app->activity_reports++;
  reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);
}

static gboolean
require_available (SimApp            *app,
                   SoupServerMessage *msg)
{
  if (app->available)
    return TRUE;

  ucwa_sim_server_reply_error (msg, 409, "Conflict", "MakeMeAvailableRequired",
                               "The application has not yet sent a request on the makeMeAvailable resource.");
  return FALSE;
}

static void
h_presence_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  if (require_available (app, req->msg))
    ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, sim_json_presence (app));
}

static void
h_presence_post (UcwaSimServer *self, Req *req, SimApp *app)
{
  g_autoptr (JsonObject) input = NULL;
  const char            *availability;

  if (!require_available (app, req->msg) || !parse_json_body (req->msg, req->body, TRUE, &input))
    return;

  availability = string_member_ci (input, "availability");
  if (availability == NULL || !g_strv_contains (sign_in_states, availability))
    {
      reply_parameter_error (req->msg, "availability", availability == NULL ? "Missing" : "Invalid");
      return;
    }

  g_free (app->availability);
  app->availability = g_strdup (availability);
  reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);
  queue_event (app, me_event (app, "presence", "/presence", "updated"));
}

static void
h_note_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  if (require_available (app, req->msg))
    ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, sim_json_note (app));
}

static void
h_note_post (UcwaSimServer *self, Req *req, SimApp *app)
{
  g_autoptr (JsonObject) input = NULL;
  const char            *message;

  if (!require_available (app, req->msg) || !parse_json_body (req->msg, req->body, TRUE, &input))
    return;

  message = string_member_ci (input, "message");
  if (message == NULL)
    {
      reply_parameter_error (req->msg, "message", "Missing");
      return;
    }

  g_free (app->note);
  app->note = g_strdup (message);
  reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);
  queue_event (app, me_event (app, "note", "/note", "updated"));
}

static void
h_location_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  if (require_available (app, req->msg))
    ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, sim_json_location (app));
}

static void
h_people_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, sim_json_people (app));
}

static const char *
contact_name (UcwaSimServer *self,
              const char    *key)
{
  for (guint i = 0; i < self->users->len; i++)
    {
      SimUser *user = g_ptr_array_index (self->users, i);

      if (g_ascii_strcasecmp (user->address, key) == 0)
        return user->display_name;
    }

  for (guint i = 0; i < self->convs->len; i++)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i);

      if (g_ascii_strcasecmp (conv->remote_key, key) == 0)
        return conv->remote_name;
    }

  return NULL;
}

static void
h_contact_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK,
                              sim_json_contact (app, req->caps[0], contact_name (self, req->caps[0])));
}

static void
h_contact_presence_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  JsonObject *object = json_object_new ();
  JsonObject *links = json_object_new ();

  json_object_set_string_member (object, "availability", "Online");
  sim_links_addf (links, "self", "%s/people/%s/presence", app->base, req->caps[0]);
  json_object_set_object_member (object, "_links", links);
  json_object_set_string_member (object, "rel", "contactPresence");
  ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, object);
}

static void
h_photo_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  /* Nobody in the simulated directory has a photo. */
  reply_not_found (req->msg);
}

static void
h_policies_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  JsonObject *object = json_object_new ();
  JsonObject *links = json_object_new ();

  json_object_set_string_member (object, "audioOnlyOnWifi", "Disabled");
  json_object_set_string_member (object, "conversationHistory", "Disabled");
  json_object_set_string_member (object, "htmlMessaging", "Disabled");
  json_object_set_string_member (object, "loggingLevel", "Off");
  sim_links_addf (links, "self", "%s/policies", app->base);
  json_object_set_object_member (object, "_links", links);
  json_object_set_string_member (object, "rel", "policies");
  ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, object);
}

static void
h_communication_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, sim_json_communication (app));
}

static void
h_conversations_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  JsonObject *object = json_object_new ();
  JsonObject *links = json_object_new ();
  JsonObject *embedded = json_object_new ();
  JsonArray  *array = json_array_new ();

  for (guint i = 0; i < self->convs->len; i++)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i);

      if (conv->app == app)
        json_array_add_object_element (array, sim_json_conversation (conv));
    }

  sim_links_addf (links, "self", "%s/communication/conversations", app->base);
  json_object_set_object_member (object, "_links", links);
  json_object_set_array_member (embedded, "conversation", array);
  json_object_set_object_member (object, "_embedded", embedded);
  json_object_set_string_member (object, "rel", "conversations");
  ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, object);
}

static void
handle_invitation_get (UcwaSimServer *self,
                       Req           *req,
                       SimApp        *app,
                       gboolean       meeting)
{
  SimConv       *conv = NULL;
  SimInvitation *invitation = find_invitation (self, app, req->caps[0], meeting, &conv);

  if (invitation == NULL)
    {
      reply_not_found (req->msg);
      return;
    }

  /* The current capabilities: accept/decline until answered. */
  ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK,
                              sim_json_invitation (conv, invitation,
                                                   !invitation->answered && !invitation->outgoing, TRUE));
}

static void
h_invitation_im_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  handle_invitation_get (self, req, app, FALSE);
}

static void
h_invitation_meeting_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  handle_invitation_get (self, req, app, TRUE);
}

static SimConv *
req_conv (UcwaSimServer *self,
          Req           *req,
          SimApp        *app)
{
  SimConv *conv = find_conv (self, app, req->caps[0]);

  if (conv == NULL)
    reply_not_found (req->msg);

  return conv;
}

static void
h_conversation_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  SimConv *conv = req_conv (self, req, app);

  if (conv != NULL)
    ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, sim_json_conversation (conv));
}

static void
h_conversation_delete (UcwaSimServer *self, Req *req, SimApp *app)
{
  SimConv         *conv = req_conv (self, req, app);
  g_autofree char *thread_id = NULL;

  if (conv == NULL)
    return;

  thread_id = g_strdup (conv->thread_id);
  reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);

  if (conv->invitation != NULL && !conv->invitation->answered)
    {
      /* Leaving before answering is declining. */
      fail_invitation (self, conv, "Declined", "LocalFailure", "Declined", "The invitation was declined.");
      g_signal_emit (self, signals[SIGNAL_INVITATION_ANSWERED], 0, thread_id, FALSE);
      return;
    }

  if (!g_str_equal (conv->messaging_state, "Disconnected"))
    {
      conv->messaging_state = "Disconnected";
      queue_messaging_updated (conv);
    }
  conv->state = "Disconnected";
  queue_conversation_event (conv, "deleted");
  remove_conv (self, conv);
}

static void
h_messaging_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  SimConv *conv = req_conv (self, req, app);

  if (conv != NULL)
    ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, sim_json_messaging (conv));
}

static gboolean
require_messaging (SimConv           *conv,
                   SoupServerMessage *msg)
{
  if (g_str_equal (conv->messaging_state, "Connected"))
    return TRUE;

  ucwa_sim_server_reply_error (msg, 409, "Conflict", "None", "The messaging modality is not connected.");
  return FALSE;
}

static void
h_send_message (UcwaSimServer *self, Req *req, SimApp *app)
{
  SimConv         *conv = req_conv (self, req, app);
  const char      *type;
  const char      *operation_id;
  g_autofree char *text = NULL;
  gsize            len = 0;
  const char      *data;
  gboolean         html;
  SimMessage      *message;

  if (conv == NULL || !require_messaging (conv, req->msg))
    return;

  type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (req->msg), NULL);
  if (type != NULL && g_ascii_strcasecmp (type, "text/plain") != 0 && g_ascii_strcasecmp (type, "text/html") != 0)
    {
      ucwa_sim_server_reply_error (req->msg, 415, "UnsupportedMediaType", "UnsupportedMediaType",
                                   "sendMessage takes text/plain or text/html.");
      return;
    }
  html = type != NULL && g_ascii_strcasecmp (type, "text/html") == 0;

  data = g_bytes_get_data (req->body, &len);
  if (len == 0)
    {
      reply_parameter_error (req->msg, "message", "Missing");
      return;
    }
  text = g_strndup (data, len);
  if (strlen (text) != len || !g_utf8_validate (text, -1, NULL))
    {
      reply_parameter_error (req->msg, "message", "Invalid");
      return;
    }

  /* §14.5: operationId per the reference, OperationContext per the traces. */
  operation_id = g_hash_table_lookup (req->params, "operationId");
  if (operation_id == NULL)
    operation_id = g_hash_table_lookup (req->params, "operationContext");

  message = add_message (conv, TRUE, html, text, operation_id);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Location", message->href);
  reply_no_content (req->msg, SOUP_STATUS_CREATED);
  queue_message_event (conv, message);

  {
    g_autofree char *thread_id = g_strdup (conv->thread_id);

    g_signal_emit (self, signals[SIGNAL_MESSAGE_RECEIVED], 0, thread_id, text);
    autopilot_on_message (self, thread_id);
  }
}

static void
h_message_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  SimConv *conv = req_conv (self, req, app);
  guint64  number;

  if (conv == NULL)
    return;

  if (parse_uint (req->caps[1], G_MAXUINT32, &number))
    {
      for (guint i = 0; i < conv->messages->len; i++)
        {
          SimMessage *message = g_ptr_array_index (conv->messages, i);

          if (message->number == number)
            {
              ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, sim_json_message (conv, message));
              return;
            }
        }
    }

  reply_not_found (req->msg);
}

static void
h_set_is_typing (UcwaSimServer *self, Req *req, SimApp *app)
{
  SimConv *conv = req_conv (self, req, app);

  if (conv == NULL || !require_messaging (conv, req->msg))
    return;

  reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);
  g_signal_emit (self, signals[SIGNAL_TYPING_RECEIVED], 0, conv->thread_id);
}

static void
h_stop_messaging (UcwaSimServer *self, Req *req, SimApp *app)
{
  SimConv *conv = req_conv (self, req, app);

  if (conv == NULL)
    return;

  if (g_str_equal (conv->messaging_state, "Disconnected"))
    {
      ucwa_sim_server_reply_error (req->msg, 409, "Conflict", "None", "The messaging modality is not connected.");
      return;
    }

  reply_no_content (req->msg, SOUP_STATUS_NO_CONTENT);
  if (conv->remote_typing)
    {
      conv->remote_typing = FALSE;
      queue_typing_event (conv, "deleted");
    }
  conv->messaging_state = "Disconnected";
  queue_messaging_updated (conv);
}

static void
h_add_messaging (UcwaSimServer *self, Req *req, SimApp *app)
{
  SimConv               *conv = req_conv (self, req, app);
  g_autoptr (JsonObject) input = NULL;
  g_autofree char       *text = NULL;
  const char            *operation_id;
  SimInvitation         *invitation;
  SimEvent              *event;

  if (conv == NULL)
    return;

  if (g_str_equal (conv->state, "Incoming") || g_str_equal (conv->state, "Conferencing"))
    {
      ucwa_sim_server_reply_error (req->msg, 409, "Conflict", "None", "The conversation has not been joined yet.");
      return;
    }
  if (!g_str_equal (conv->messaging_state, "Disconnected"))
    {
      ucwa_sim_server_reply_error (req->msg, 409, "Conflict", "AlreadyExists", "The messaging modality is already active.");
      return;
    }

  if (!parse_json_body (req->msg, req->body, FALSE, &input))
    return;

  operation_id = g_hash_table_lookup (req->params, "operationId");
  if (input != NULL)
    {
      JsonNode *links = member_ci (input, "_links");

      if (member_ci (input, "operationId") != NULL)
        operation_id = string_member_ci (input, "operationId");

      if (links != NULL && JSON_NODE_HOLDS_OBJECT (links))
        {
          JsonNode *link = member_ci (json_node_get_object (links), "message");

          if (link != NULL && JSON_NODE_HOLDS_OBJECT (link))
            {
              const char *href = string_member_ci (json_node_get_object (link), "href");

              text = sim_data_uri_decode (href);
              if (text == NULL)
                {
                  reply_parameter_error (req->msg, "message", "Invalid");
                  return;
                }
            }
        }
    }

  invitation = g_new0 (SimInvitation, 1);
  invitation->id = new_guid_id ();
  invitation->href = g_strdup_printf ("%s/communication/messagingInvitations/%s", app->base, invitation->id);
  invitation->outgoing = TRUE;
  invitation->answered = TRUE;
  invitation->state = "Connecting";
  invitation->operation_id = g_strdup (operation_id);
  g_clear_pointer (&conv->add_messaging, sim_invitation_free);
  conv->add_messaging = invitation;

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Location", invitation->href);
  reply_no_content (req->msg, SOUP_STATUS_CREATED);

  /* addMessaging_ref.md: an outgoing invitation that runs started → completed
   * while messaging goes Connecting → Connected. */
  queue_invitation_event (conv, invitation, "started", FALSE, FALSE);
  conv->messaging_state = "Connecting";
  queue_messaging_updated (conv);
  conv->messaging_state = "Connected";
  queue_messaging_updated (conv);

  {
    g_autofree char *local_messaging = g_strdup_printf ("%s/messaging", conv->local_href);

    event = conv_event (conv, "participantMessaging", local_messaging, NULL, "added");
  }
  sim_event_set_in (event, "localParticipant", conv->local_href, conv->user->display_name);
  embed (conv, event, "participantMessaging", sim_json_participant_messaging (conv, TRUE));
  queue_event (app, event);

  invitation->state = "Connected";
  invitation->completed = TRUE;
  queue_invitation_event (conv, invitation, "completed", FALSE, FALSE);

  if (text != NULL && *text != '\0')
    {
      g_autofree char *thread_id = g_strdup (conv->thread_id);

      queue_message_event (conv, add_message (conv, TRUE, FALSE, text, operation_id));
      g_signal_emit (self, signals[SIGNAL_MESSAGE_RECEIVED], 0, thread_id, text);
    }
}

static void
h_typing_participants_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  SimConv    *conv = req_conv (self, req, app);
  JsonObject *object;
  JsonObject *links;
  JsonObject *embedded;
  JsonArray  *array;

  if (conv == NULL)
    return;

  object = json_object_new ();
  links = json_object_new ();
  embedded = json_object_new ();
  array = json_array_new ();
  if (conv->remote_typing)
    json_array_add_object_element (array, sim_json_participant (conv, FALSE));
  sim_links_addf (links, "self", "%s/typingParticipants", conv->messaging_href);
  json_object_set_object_member (object, "_links", links);
  json_object_set_array_member (embedded, "participant", array);
  json_object_set_object_member (object, "_embedded", embedded);
  json_object_set_string_member (object, "rel", "typingParticipants");
  ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, object);
}

static void
h_participants_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  SimConv    *conv = req_conv (self, req, app);
  JsonObject *object;
  JsonObject *links;
  JsonObject *embedded;
  JsonArray  *array;

  if (conv == NULL)
    return;

  object = json_object_new ();
  links = json_object_new ();
  embedded = json_object_new ();
  array = json_array_new ();
  json_array_add_object_element (array, sim_json_participant (conv, FALSE));
  sim_links_addf (links, "self", "%s/participants", conv->href);
  json_object_set_object_member (object, "_links", links);
  json_object_set_array_member (embedded, "participant", array);
  json_object_set_object_member (object, "_embedded", embedded);
  json_object_set_string_member (object, "rel", "participants");
  ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, object);
}

static int
participant_kind (SimConv    *conv,
                  const char *key)
{
  if (g_ascii_strcasecmp (key, conv->user->address) == 0)
    return 1;
  if (g_ascii_strcasecmp (key, conv->remote_key) == 0)
    return 2;
  return 0;
}

static void
h_participant_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  SimConv *conv = req_conv (self, req, app);
  int      kind;

  if (conv == NULL)
    return;

  kind = participant_kind (conv, req->caps[1]);
  if (kind == 0)
    reply_not_found (req->msg);
  else
    ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, sim_json_participant (conv, kind == 1));
}

static void
h_participant_messaging_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  SimConv *conv = req_conv (self, req, app);
  int      kind;

  if (conv == NULL)
    return;

  kind = participant_kind (conv, req->caps[1]);
  if (kind == 0 || !g_str_equal (conv->messaging_state, "Connected"))
    reply_not_found (req->msg);
  else
    ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, sim_json_participant_messaging (conv, kind == 1));
}

static void
h_online_meeting_get (UcwaSimServer *self, Req *req, SimApp *app)
{
  SimConv *conv = req_conv (self, req, app);

  if (conv == NULL)
    return;

  if (!conv->meeting || !g_str_equal (conv->state, "Conferenced"))
    reply_not_found (req->msg);
  else
    ucwa_sim_server_reply_json (req->msg, SOUP_STATUS_OK, sim_json_online_meeting (conv));
}

typedef void (*RouteFunc) (UcwaSimServer *self,
                           Req           *req,
                           SimApp        *app);

static const struct
{
  const char *method;
  const char *pattern;
  RouteFunc   func;
} routes[] = {
  { "GET", "", h_app_get },
  { "DELETE", "", h_app_delete },
  { "GET", "events", h_events },
  { "GET", "me", h_me_get },
  { "POST", "me/makeMeAvailable", h_make_me_available },
  { "POST", "me/reportMyActivity", h_report_my_activity },
  { "POST", "reportMyActivity", h_report_my_activity },
  { "GET", "me/presence", h_presence_get },
  { "POST", "me/presence", h_presence_post },
  { "GET", "me/note", h_note_get },
  { "POST", "me/note", h_note_post },
  { "GET", "me/location", h_location_get },
  { "GET", "people", h_people_get },
  { "GET", "people/*", h_contact_get },
  { "GET", "people/*/presence", h_contact_presence_get },
  { "GET", "photos/*", h_photo_get },
  { "GET", "policies", h_policies_get },
  { "GET", "communication", h_communication_get },
  { "GET", "communication/conversations", h_conversations_get },
  { "GET", "communication/messagingInvitations/*", h_invitation_im_get },
  { "POST", "communication/messagingInvitations/*/accept", h_accept_im },
  { "POST", "communication/messagingInvitations/*/decline", h_decline_im },
  { "GET", "communication/onlineMeetingInvitations/*", h_invitation_meeting_get },
  { "POST", "communication/onlineMeetingInvitations/*/accept", h_accept_meeting },
  { "POST", "communication/onlineMeetingInvitations/*/decline", h_decline_meeting },
  { "GET", "communication/conversations/*", h_conversation_get },
  { "DELETE", "communication/conversations/*", h_conversation_delete },
  { "GET", "communication/conversations/*/messaging", h_messaging_get },
  { "POST", "communication/conversations/*/messaging/messages", h_send_message },
  { "GET", "communication/conversations/*/messaging/messages/*", h_message_get },
  { "POST", "communication/conversations/*/messaging/typing", h_set_is_typing },
  { "POST", "communication/conversations/*/messaging/terminate", h_stop_messaging },
  { "POST", "communication/conversations/*/messaging/addMessaging", h_add_messaging },
  { "GET", "communication/conversations/*/messaging/typingParticipants", h_typing_participants_get },
  { "GET", "communication/conversations/*/participants", h_participants_get },
  { "GET", "communication/conversations/*/participants/*", h_participant_get },
  { "GET", "communication/conversations/*/participants/*/messaging", h_participant_messaging_get },
  { "GET", "communication/conversations/*/onlineMeeting", h_online_meeting_get },
};

static gboolean
route_matches (const char  *pattern,
               char       **segments,
               const char **caps)
{
  g_auto (GStrv) parts = NULL;
  guint          n_caps = 0;
  guint          n;

  if (*pattern == '\0')
    return segments[0] == NULL;

  parts = g_strsplit (pattern, "/", -1);
  n = g_strv_length (parts);
  if (g_strv_length (segments) != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (parts[i], "*"))
        {
          if (segments[i][0] == '\0' || n_caps >= 4)
            return FALSE;
          caps[n_caps++] = segments[i];
        }
      else if (!g_str_equal (parts[i], segments[i]))
        {
          return FALSE;
        }
    }

  return TRUE;
}

static void
handle_ucwa (UcwaSimServer     *self,
             SoupServerMessage *msg,
             guint              pool,
             const char        *rest,
             GHashTable        *params,
             GBytes            *body)
{
  const char    *method = soup_server_message_get_method (msg);
  SimToken      *token;
  g_auto (GStrv) segments = NULL;
  guint          n_segments;
  SimApp        *app;
  Req            req = { msg, params, body, NULL, { NULL } };
  GString       *allowed = NULL;

  token = authenticate (self, msg, pool);
  if (token == NULL)
    {
      reply_challenge (self, msg, pool);
      return;
    }
  req.token = token;

  if (*rest == '\0' || g_str_equal (rest, "/"))
    {
      if (g_str_equal (method, "POST"))
        {
          handle_create_app (self, msg, pool, token, body);
        }
      else
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
          ucwa_sim_server_reply_error (msg, 405, "MethodNotAllowed", NULL, "The method is not allowed on this resource.");
        }
      return;
    }

  if (*rest != '/')
    {
      reply_not_found (msg);
      return;
    }

  segments = g_strsplit (rest + 1, "/", -1);
  n_segments = g_strv_length (segments);
  /* A trailing slash names the same resource. */
  if (n_segments > 1 && segments[n_segments - 1][0] == '\0')
    g_clear_pointer (&segments[--n_segments], g_free);

  app = find_app (self, segments[0]);
  if (app == NULL || app->pool != pool)
    {
      const char *subcode = g_hash_table_lookup (self->gone, segments[0]);

      if (subcode != NULL)
        ucwa_sim_server_reply_error (msg, 410, "Gone", subcode, MSG_INACTIVE_EXPIRED);
      else
        ucwa_sim_server_reply_error (msg, 404, "NotFound", "ApplicationNotFound", MSG_APPLICATION_NOT_FOUND);
      return;
    }

  if (app->user != token->user)
    {
      ucwa_sim_server_reply_error (msg, 403, "Forbidden", NULL, "The application belongs to another user.");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const char *caps[4] = { NULL };

      if (!route_matches (routes[i].pattern, segments + 1, caps))
        continue;

      if (!g_str_equal (routes[i].method, method))
        {
          if (allowed == NULL)
            allowed = g_string_new (routes[i].method);
          else
            g_string_append_printf (allowed, ", %s", routes[i].method);
          continue;
        }

      memcpy (req.caps, caps, sizeof caps);
      if (allowed != NULL)
        g_string_free (allowed, TRUE);
      routes[i].func (self, &req, app);
      return;
    }

  if (allowed != NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed->str);
      g_string_free (allowed, TRUE);
      ucwa_sim_server_reply_error (msg, 405, "MethodNotAllowed", NULL, "The method is not allowed on this resource.");
      return;
    }

  reply_not_found (msg);
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                             */

static void
record_request (UcwaSimServer *self,
                const char    *method,
                const char    *path)
{
  char *key = g_strconcat (method, " ", path, NULL);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->requests, key));

  g_hash_table_replace (self->requests, key, GUINT_TO_POINTER (count + 1));
}

static gboolean
path_is (const char *path,
         const char *expected)
{
  return g_ascii_strcasecmp (path, expected) == 0;
}

static gboolean
path_has_prefix (const char *path,
                 const char *prefix)
{
  return g_ascii_strncasecmp (path, prefix, strlen (prefix)) == 0;
}

static void
early_handler (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  UcwaSimServer      *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  /* Refused before the body is read, so a huge upload costs nothing. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > MAX_REQUEST_BODY)
    {
      const char *method = soup_server_message_get_method (msg);
      const char *auth = soup_message_headers_get_one (headers, "Authorization");

      record_request (self, method, path);
      g_signal_emit (self, signals[SIGNAL_REQUEST], 0, method, path, auth);
      ucwa_sim_server_reply_error (msg, 413, "EntityTooLarge", NULL, "The request body is too large.");
    }
}

static void
server_callback (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *unused_path,
                 GHashTable        *unused_query,
                 gpointer           user_data)
{
  g_autoptr (UcwaSimServer) self = g_object_ref (user_data);
  const char               *method = soup_server_message_get_method (msg);
  GUri                     *uri = soup_server_message_get_uri (msg);
  const char               *path = g_uri_get_path (uri);
  const char               *query = g_uri_get_query (uri);
  SoupMessageHeaders       *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders       *response_headers = soup_server_message_get_response_headers (msg);
  const char               *auth = soup_message_headers_get_one (request_headers, "Authorization");
  g_autoptr (GHashTable)    params = NULL;
  g_autoptr (GBytes)        body = NULL;
  g_autoptr (GError)        error = NULL;
  const char               *rest = path;
  guint                     pool = 1;

  g_debug ("%s %s", method, path);
  record_request (self, method, path);
  g_signal_emit (self, signals[SIGNAL_REQUEST], 0, method, path, auth);
  if (self->soup == NULL)
    return;

  expire_inactive (self);

  soup_message_headers_replace (response_headers, "Cache-Control", "no-cache");
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  if (path_has_prefix (path, "/pool2/") || path_is (path, "/pool2"))
    {
      pool = 2;
      rest = path[6] == '\0' ? "/" : path + 6;
    }

  if (path_has_prefix (rest, SIM_APPLICATIONS_PATH))
    soup_message_headers_replace (response_headers, "X-MS-UcwaVersion", SIM_UCWA_VERSION);

  params = parse_form (query, query != NULL ? -1 : 0, &error);
  if (params == NULL)
    {
      ucwa_sim_server_reply_error (msg, 400, "BadRequest", NULL, "The query string is malformed.");
      return;
    }

  if (path_is (rest, "/") || path_is (rest, "/Autodiscover/AutodiscoverService.svc/root"))
    {
      if (!g_str_equal (method, "GET"))
        ucwa_sim_server_reply_error (msg, 405, "MethodNotAllowed", NULL, "Only GET is allowed here.");
      else
        handle_root (self, msg, pool, g_str_equal (rest, "/"));
    }
  else if (path_is (rest, "/Autodiscover/AutodiscoverService.svc/root/oauth/user") ||
           path_is (rest, "/Autodiscover/AutodiscoverService.svc/root/user"))
    {
      if (!g_str_equal (method, "GET"))
        ucwa_sim_server_reply_error (msg, 405, "MethodNotAllowed", NULL, "Only GET is allowed here.");
      else
        handle_user (self, msg, pool);
    }
  else if (path_is (rest, "/Autodiscover/XFrame/XFrame.html"))
    {
      set_body (msg, SOUP_STATUS_OK, "text/html",
                g_strdup ("<!DOCTYPE html><html><head><title>XFrame</title></head><body></body></html>\n"));
    }
  else if (path_is (rest, "/WebTicket/oauthtoken"))
    {
      handle_token (self, msg, pool, body);
    }
  else if (path_has_prefix (rest, SIM_APPLICATIONS_PATH))
    {
      handle_ucwa (self, msg, pool, rest + strlen (SIM_APPLICATIONS_PATH), params, body);
    }
  else if (pool == 1 && (path_has_prefix (path, "/_sim/") || path_is (path, "/_sim")))
    {
      GSocketAddress *remote = soup_server_message_get_remote_address (msg);
      gboolean        loopback = G_IS_INET_SOCKET_ADDRESS (remote) &&
                          g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));

      if (!loopback)
        {
          ucwa_sim_server_reply_error (msg, 403, "Forbidden", NULL, "The control API is only served on loopback.");
          return;
        }

      /* A form body is merged into the query parameters for curl -d. */
      if (g_bytes_get_size (body) > 0 && content_type_is (msg, "x-www-form-urlencoded"))
        {
          g_autoptr (GHashTable) form = parse_form (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
          GHashTableIter         iter;
          gpointer               key, value;

          if (form == NULL)
            {
              ucwa_sim_server_reply_error (msg, 400, "BadRequest", NULL, "The form body is malformed.");
              return;
            }
          g_hash_table_iter_init (&iter, form);
          while (g_hash_table_iter_next (&iter, &key, &value))
            if (!g_hash_table_contains (params, key))
              g_hash_table_insert (params, g_strdup (key), g_strdup (value));
        }

      ucwa_sim_control_handle (self, msg, path, params);
    }
  else
    {
      set_body (msg, SOUP_STATUS_NOT_FOUND, "text/plain", g_strdup ("Not Found\n"));
    }
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
ucwa_sim_server_dispose (GObject *object)
{
  UcwaSimServer *self = UCWA_SIM_SERVER (object);

  g_list_free_full (g_steal_pointer (&self->autopilot_actions), (GDestroyNotify) autopilot_action_free);

  /* Closing the connections first: held requests are then simply
   * abandoned, and no reply is written on a dead connection. */
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);

  g_list_free_full (g_steal_pointer (&self->slow_accepts), (GDestroyNotify) slow_accept_free);

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

  G_OBJECT_CLASS (ucwa_sim_server_parent_class)->finalize (object);
}

static void
ucwa_sim_server_class_init (UcwaSimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ucwa_sim_server_dispose;
  object_class->finalize = ucwa_sim_server_finalize;

  signals[SIGNAL_REQUEST] =
    g_signal_new ("request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_INVITATION_ANSWERED] =
    g_signal_new ("invitation-answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  signals[SIGNAL_MESSAGE_RECEIVED] =
    g_signal_new ("message-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_TYPING_RECEIVED] =
    g_signal_new ("typing-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_EVENTS_RELEASED] =
    g_signal_new ("events-released", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
  signals[SIGNAL_APPLICATION_CREATED] =
    g_signal_new ("application-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_APPLICATION_DELETED] =
    g_signal_new ("application-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ucwa_sim_server_init (UcwaSimServer *self)
{
  self->soup = soup_server_new ("server-header", "Microsoft-IIS/8.5 beckon-ucwa-sim", NULL);
  soup_server_add_early_handler (self->soup, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, server_callback, self, NULL);

  self->users = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_user_free);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) sim_token_free);
  self->apps = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_app_free);
  self->gone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->convs = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_conv_free);
  self->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->token_lifetime = DEFAULT_TOKEN_LIFETIME;
  self->challenge_style = UCWA_SIM_CHALLENGE_TWO_HEADERS_QUOTED;
  self->invitation_timeout_ms = DEFAULT_INVITATION_TIMEOUT_MS;
  self->application_expiry_ms = DEFAULT_APPLICATION_EXPIRY_MS;
  /* Ids that differ between runs, like a real server's: a client must
   * never reuse hrefs across sign-ins. */
  self->id_base = 100000000000 + (guint64) g_random_int_range (0, 899999) * 100000;
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */

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
  self->origin = make_origin (self, "127.0.0.1");
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

  origin = make_origin (self, "127.0.0.1");
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
    g_list_free_full (g_steal_pointer (&self->autopilot_actions), (GDestroyNotify) autopilot_action_free);
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

static SimApp *
pick_app (UcwaSimServer *self,
          const char    *to_user)
{
  for (guint u = 0; u < self->users->len; u++)
    {
      SimUser    *user = g_ptr_array_index (self->users, u);
      const char *wanted = to_user;

      if (wanted != NULL)
        {
          if (g_ascii_strncasecmp (wanted, "sip:", 4) == 0)
            wanted += 4;
          if (g_ascii_strcasecmp (wanted, user->address) != 0 && g_ascii_strcasecmp (wanted, user->local) != 0)
            continue;
        }

      /* The newest available application: the one most likely alive. */
      for (guint i = self->apps->len; i > 0; i--)
        {
          SimApp *app = g_ptr_array_index (self->apps, i - 1);

          if (app->user == user && app->available)
            return app;
        }

      if (to_user != NULL)
        return NULL;
    }

  return NULL;
}

static char *
conference_id (void)
{
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  char              id[9];

  for (guint i = 0; i < 8; i++)
    id[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  id[8] = '\0';

  return g_strdup (id);
}

static char *
start_invitation (UcwaSimServer *self,
                  const char    *to_user,
                  const char    *from_uri,
                  const char    *from_name,
                  const char    *text,
                  gboolean       meeting)
{
  SimApp     *app;
  SimConv    *conv;
  const char *address;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), NULL);
  g_return_val_if_fail (from_uri != NULL, NULL);

  expire_inactive (self);
  app = pick_app (self, to_user);
  if (app == NULL)
    return NULL;

  address = g_ascii_strncasecmp (from_uri, "sip:", 4) == 0 ? from_uri + 4 : from_uri;

  conv = g_new0 (SimConv, 1);
  conv->server = self;
  conv->thread_id = new_thread_id ();
  conv->user = app->user;
  conv->meeting = meeting;
  conv->remote_uri = g_strconcat ("sip:", address, NULL);
  /* The address is a path segment of the participant hrefs. */
  conv->remote_key = g_strcanon (g_strdup (*address != '\0' ? address : "unknown"),
                                 "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@.-_+", '_');
  conv->remote_name = g_strdup (from_name != NULL && *from_name != '\0' ? from_name : address);
  if (meeting)
    {
      conv->subject = g_strdup (text != NULL ? text : "");
      conv->conference_id = conference_id ();
      conv->meeting_uri = g_strdup_printf ("%s;gruu;opaque=app:conf:focus:id:%s", conv->remote_uri, conv->conference_id);
    }
  else
    {
      conv->subject = g_strdup ("");
      conv->first_message = g_strdup (text != NULL ? text : "");
    }

  conv->foreign_link = take_fault (self, UCWA_SIM_FAULT_FOREIGN_LINK, UCWA_SIM_FAULT_FOREIGN_LINK) != NO_FAULT;
  conv->missing_links = take_fault (self, UCWA_SIM_FAULT_MISSING_LINKS, UCWA_SIM_FAULT_MISSING_LINKS) != NO_FAULT;
  conv->link_only = take_fault (self, UCWA_SIM_FAULT_LINK_ONLY_EVENTS, UCWA_SIM_FAULT_LINK_ONLY_EVENTS) != NO_FAULT;

  g_ptr_array_add (self->convs, conv);
  offer_conversation (self, conv, app);

  if (self->invitation_timeout_ms > 0)
    conv->timeout_source = g_timeout_add (self->invitation_timeout_ms, invitation_timeout_cb, conv);

  return g_strdup (conv->thread_id);
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
  return start_invitation (self, to_user, from_uri, from_name, message, FALSE);
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
  return start_invitation (self, to_user, from_uri, from_name, subject, TRUE);
}

gboolean
ucwa_sim_server_cancel_invitation (UcwaSimServer *self,
                                   const char    *id)
{
  SimConv *conv;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), FALSE);

  conv = find_conv_by_thread (self, id);
  if (conv == NULL || (conv->invitation != NULL && conv->invitation->answered))
    return FALSE;

  fail_invitation (self, conv, "Cancelled", "RemoteFailure", "Canceled", "The invitation was canceled.");
  return TRUE;
}

static SimConv *
connected_conv (UcwaSimServer *self,
                const char    *id)
{
  SimConv *conv = find_conv_by_thread (self, id);

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
      queue_typing_event (conv, "deleted");
    }
  queue_message_event (conv, add_message (conv, FALSE, FALSE, text, NULL));

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
      queue_typing_event (conv, typing ? "added" : "deleted");
    }

  return TRUE;
}

gboolean
ucwa_sim_server_end_conversation (UcwaSimServer *self,
                                  const char    *id)
{
  SimConv *conv;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), FALSE);

  conv = find_conv_by_thread (self, id);
  if (conv == NULL)
    return FALSE;

  if (conv->app == NULL || (conv->invitation != NULL && !conv->invitation->answered))
    {
      /* The remote party hangs up before the user answered. */
      fail_invitation (self, conv, "Cancelled", "RemoteFailure", "Canceled", "The invitation was canceled.");
      return TRUE;
    }

  if (conv->remote_typing)
    {
      conv->remote_typing = FALSE;
      queue_typing_event (conv, "deleted");
    }
  queue_event (conv->app, conv_event (conv, "participant", conv->remote_href, conv->remote_name, "deleted"));
  if (!g_str_equal (conv->messaging_state, "Disconnected"))
    {
      conv->messaging_state = "Disconnected";
      queue_messaging_updated (conv);
    }
  conv->state = "Disconnected";
  queue_conversation_event (conv, "updated");
  queue_conversation_event (conv, "deleted");
  remove_conv (self, conv);

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

  if (!is_events_fault (fault))
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
      msg = take_parked (app);
      apply_events_fault (self, app, msg, TRUE, fault);
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

  expire_inactive (self);
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

JsonObject *
ucwa_sim_server_build_status (UcwaSimServer *self)
{
  JsonObject      *status = json_object_new ();
  JsonArray       *apps = json_array_new ();
  JsonArray       *convs = json_array_new ();
  JsonObject      *requests = json_object_new ();
  JsonObject      *faults = json_object_new ();
  g_autofree char *root = ucwa_sim_server_dup_root_url (self);
  const char      *counted[] = { "/makeMeAvailable", "/reportMyActivity", "/events", "/accept", "/decline",
                                 "/messages", "/typing", NULL };

  expire_inactive (self);

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

  return status;
}

/* ------------------------------------------------------------------ */
/* Autopilot timers                                                     */

static gboolean
autopilot_cb (gpointer data)
{
  AutopilotAction *action = data;
  UcwaSimServer   *self = action->self;
  char            *id;

  action->source = 0;
  self->autopilot_actions = g_list_remove (self->autopilot_actions, action);

  switch (action->kind)
    {
    case AUTOPILOT_IM:
      id = ucwa_sim_server_start_im_invitation (self, NULL, "sip:ada@contoso.com", "Ada Lovelace", "Hi, got a minute?");
      if (id != NULL)
        {
          g_free (self->autopilot_ada);
          self->autopilot_ada = id;
          autopilot_schedule (self, 20000, AUTOPILOT_MEETING, NULL, NULL);
        }
      else
        {
          /* Nobody available any more: start over at the next makeMeAvailable. */
          self->autopilot_started = FALSE;
        }
      break;

    case AUTOPILOT_MEETING:
      g_free (ucwa_sim_server_start_meeting_invitation (self, NULL, "sip:grace@contoso.com", "Grace Hopper",
                                                        "Release planning"));
      break;

    case AUTOPILOT_TYPING:
      ucwa_sim_server_set_remote_typing (self, action->id, TRUE);
      break;

    case AUTOPILOT_MESSAGE:
      ucwa_sim_server_send_remote_message (self, action->id, action->text);
      break;

    default:
      g_assert_not_reached ();
    }

  autopilot_action_free (action);

  return G_SOURCE_REMOVE;
}

static void
autopilot_schedule (UcwaSimServer *self,
                    guint          delay_ms,
                    AutopilotKind  kind,
                    const char    *id,
                    const char    *text)
{
  AutopilotAction *action = g_new0 (AutopilotAction, 1);

  action->self = self;
  action->kind = kind;
  action->id = g_strdup (id);
  action->text = g_strdup (text);
  action->source = g_timeout_add (delay_ms, autopilot_cb, action);
  self->autopilot_actions = g_list_prepend (self->autopilot_actions, action);
}

/* Additions */

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

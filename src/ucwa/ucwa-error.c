/* ucwa-error.c: the UCWA_ERROR domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A UCWA error body carries a required `code` (which mirrors the HTTP
 * status), an optional `subcode` and an optional, localized `message`, as
 * JSON or as an XML <reason>.  Everything here must cope with bodies that
 * are not UCWA at all: IIS and proxies answer with HTML pages, gateways with
 * nothing, so the HTTP status is always the fallback.
 */

#include "config.h"

#include "ucwa-error.h"
#include "ucwa-json.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (ucwa-error-quark, ucwa_error)
/* clang-format on */

/* An error body is a few hundred bytes; anything far bigger is not one, and
 * parsing it would only cost time. */
#define MAX_ERROR_BODY_SIZE (256 * 1024)

/* The server's message ends up in the UI: keep it to a sane length. */
#define MAX_MESSAGE_CHARS 512

typedef struct
{
  const char *name;
  UcwaError   code;
} NameToCode;

/* `code` values of the UCWA ErrorCode enumeration, plus the OAuth `error`
 * values of the WebTicket endpoint, which answers in OAuth style. */
static const NameToCode error_codes[] = {
  { "BadRequest", UCWA_ERROR_BAD_REQUEST },
  { "Unauthorized", UCWA_ERROR_UNAUTHORIZED },
  { "Forbidden", UCWA_ERROR_FORBIDDEN },
  { "NotFound", UCWA_ERROR_NOT_FOUND },
  { "Conflict", UCWA_ERROR_CONFLICT },
  { "Gone", UCWA_ERROR_GONE },
  { "PreconditionFailed", UCWA_ERROR_PRECONDITION_FAILED },
  { "PreconditionRequired", UCWA_ERROR_PRECONDITION_FAILED },
  { "TooManyRequests", UCWA_ERROR_TOO_MANY_REQUESTS },
  { "ServiceFailure", UCWA_ERROR_SERVICE_FAILURE },
  { "ServiceUnavailable", UCWA_ERROR_SERVICE_UNAVAILABLE },
  { "Timeout", UCWA_ERROR_TIMEOUT },
  { "GatewayTimeout", UCWA_ERROR_TIMEOUT },
  { "ClientTimeout", UCWA_ERROR_TIMEOUT },
  { "ServiceTimeout", UCWA_ERROR_TIMEOUT },
  { "invalid_grant", UCWA_ERROR_AUTHENTICATION_FAILED },
  { "invalid_request", UCWA_ERROR_AUTHENTICATION_FAILED },
  { "invalid_client", UCWA_ERROR_AUTHENTICATION_FAILED },
  { "invalid_scope", UCWA_ERROR_AUTHENTICATION_FAILED },
  { "unauthorized_client", UCWA_ERROR_AUTHENTICATION_FAILED },
  { "unsupported_grant_type", UCWA_ERROR_AUTHENTICATION_FAILED },
  { "access_denied", UCWA_ERROR_AUTHENTICATION_FAILED },
  { "server_error", UCWA_ERROR_SERVICE_FAILURE },
  { "temporarily_unavailable", UCWA_ERROR_SERVICE_UNAVAILABLE },
};

typedef struct
{
  UcwaError   base;
  const char *subcode;
  UcwaError   code;
} SubcodeToCode;

/* Only the pairs the client treats differently; see UcwaError. */
static const SubcodeToCode error_subcodes[] = {
  { UCWA_ERROR_BAD_REQUEST, "ParameterValidationFailure", UCWA_ERROR_PARAMETER_VALIDATION_FAILURE },
  { UCWA_ERROR_NOT_FOUND, "ApplicationNotFound", UCWA_ERROR_APPLICATION_NOT_FOUND },
  { UCWA_ERROR_CONFLICT, "AlreadyExists", UCWA_ERROR_ALREADY_EXISTS },
  { UCWA_ERROR_CONFLICT, "TooManyGroups", UCWA_ERROR_TOO_MANY_GROUPS },
  { UCWA_ERROR_CONFLICT, "PGetReplaced", UCWA_ERROR_PGET_REPLACED },
  { UCWA_ERROR_CONFLICT, "MakeMeAvailableRequired", UCWA_ERROR_MAKE_ME_AVAILABLE_REQUIRED },
  { UCWA_ERROR_GONE, "CannotRedirect", UCWA_ERROR_CANNOT_REDIRECT },
  { UCWA_ERROR_GONE, "InactiveApplicationExpired", UCWA_ERROR_INACTIVE_APPLICATION_EXPIRED },
  { UCWA_ERROR_GONE, "TooManyApplications", UCWA_ERROR_TOO_MANY_APPLICATIONS },
  { UCWA_ERROR_GONE, "UserAgentNotAllowed", UCWA_ERROR_USER_AGENT_NOT_ALLOWED },
  { UCWA_ERROR_SERVICE_FAILURE, "CallbackChannelError", UCWA_ERROR_CALLBACK_CHANNEL_ERROR },
  /* joinOnlineMeeting_ref.md: 404 DestinationNotFound, "The meeting could
   * not be found". */
  { UCWA_ERROR_NOT_FOUND, "DestinationNotFound", UCWA_ERROR_DESTINATION_NOT_FOUND },
};

static const char *
describe (UcwaError code)
{
  switch (code)
    {
    case UCWA_ERROR_FAILED:
      return "The server reported an error";
    case UCWA_ERROR_BAD_REQUEST:
      return "The server rejected the request";
    case UCWA_ERROR_PARAMETER_VALIDATION_FAILURE:
      return "The server rejected a parameter of the request";
    case UCWA_ERROR_UNAUTHORIZED:
      return "The server did not accept the sign-in";
    case UCWA_ERROR_AUTHENTICATION_FAILED:
      return "Sign-in failed";
    case UCWA_ERROR_FORBIDDEN:
      return "The server does not allow this";
    case UCWA_ERROR_NOT_FOUND:
      return "The item no longer exists on the server";
    case UCWA_ERROR_APPLICATION_NOT_FOUND:
      return "The server no longer knows this session";
    case UCWA_ERROR_CONFLICT:
      return "The request conflicts with the current state on the server";
    case UCWA_ERROR_ALREADY_EXISTS:
      return "It already exists on the server";
    case UCWA_ERROR_TOO_MANY_GROUPS:
      return "There are too many contact groups";
    case UCWA_ERROR_PGET_REPLACED:
      return "Another event request replaced this one";
    case UCWA_ERROR_MAKE_ME_AVAILABLE_REQUIRED:
      return "The session must be made available first";
    case UCWA_ERROR_GONE:
      return "It is gone from the server";
    case UCWA_ERROR_CANNOT_REDIRECT:
      return "The server cannot redirect: no backup pool is configured";
    case UCWA_ERROR_INACTIVE_APPLICATION_EXPIRED:
      return "The session expired after being inactive";
    case UCWA_ERROR_TOO_MANY_APPLICATIONS:
      return "Too many sessions are signed in for this user";
    case UCWA_ERROR_USER_AGENT_NOT_ALLOWED:
      return "The server does not allow this application";
    case UCWA_ERROR_PRECONDITION_FAILED:
      return "It changed on the server in the meantime";
    case UCWA_ERROR_TOO_MANY_REQUESTS:
      return "Too many requests: try again later";
    case UCWA_ERROR_SERVICE_FAILURE:
      return "The server failed to complete the request";
    case UCWA_ERROR_CALLBACK_CHANNEL_ERROR:
      return "The server could not reach the event channel";
    case UCWA_ERROR_SERVICE_UNAVAILABLE:
      return "The service is unavailable";
    case UCWA_ERROR_TIMEOUT:
      return "The server did not answer in time";
    case UCWA_ERROR_INVALID_RESPONSE:
      return "The server sent an invalid answer";
    case UCWA_ERROR_RESPONSE_TOO_LARGE:
      return "The server's answer is too large";
    case UCWA_ERROR_FOREIGN_ORIGIN:
      return "The server pointed to another server";
    case UCWA_ERROR_INSECURE_TRANSPORT:
      return "The server pointed to an unencrypted address";
    case UCWA_ERROR_DISCOVERY_FAILED:
      return "No server was found for this address";
    case UCWA_ERROR_NO_LINK:
      return "This is not possible right now";
    case UCWA_ERROR_OPERATION_FAILED:
      return "The operation failed";
    case UCWA_ERROR_SIGNED_OUT:
      return "Not signed in";
    case UCWA_ERROR_NOT_UCWA_SERVER:
      return "The address does not belong to a Skype for Business server";
    case UCWA_ERROR_DECLINED:
      return "The invitation was declined";
    case UCWA_ERROR_NO_ANSWER:
      return "Nobody answered the invitation";
    case UCWA_ERROR_UNAVAILABLE:
      return "The person is not available";
    case UCWA_ERROR_DESTINATION_NOT_FOUND:
      return "The person or meeting could not be found";
    case UCWA_ERROR_MEETING_ENDED:
      return "The meeting has ended";
    case UCWA_ERROR_LOBBY_DENIED:
      return "The meeting did not let you in";
    case UCWA_ERROR_INVALID_MEETING_LINK:
      return "This is not a Skype for Business meeting link";
    case UCWA_ERROR_FOREIGN_MEETING:
      return "The meeting belongs to another organization than your account";
    default:
      return "The server reported an error";
    }
}

static UcwaError
code_from_http_status (guint http_status)
{
  switch (http_status)
    {
    case 400:
      return UCWA_ERROR_BAD_REQUEST;
    case 401:
      return UCWA_ERROR_UNAUTHORIZED;
    case 403:
      return UCWA_ERROR_FORBIDDEN;
    case 404:
      return UCWA_ERROR_NOT_FOUND;
    case 408:
    case 504:
      return UCWA_ERROR_TIMEOUT;
    case 409:
      return UCWA_ERROR_CONFLICT;
    case 410:
      return UCWA_ERROR_GONE;
    case 412:
    case 428:
      return UCWA_ERROR_PRECONDITION_FAILED;
    case 429:
      return UCWA_ERROR_TOO_MANY_REQUESTS;
    case 500:
      return UCWA_ERROR_SERVICE_FAILURE;
    case 502:
    case 503:
      return UCWA_ERROR_SERVICE_UNAVAILABLE;
    default:
      break;
    }

  /* Other 4xx (405, 413, 415, …) say nothing the client could act on. */
  if (http_status >= 500 && http_status < 600)
    return UCWA_ERROR_SERVICE_FAILURE;

  return UCWA_ERROR_FAILED;
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;

  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;

  return TRUE;
}

/* The server's text, made safe to show: valid UTF-8, no control
 * characters, bounded length. */
static char *
sanitize_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString         *out = g_string_new (NULL);
  const char      *p = valid;
  glong            n_chars = 0;

  for (; *p != '\0' && n_chars < MAX_MESSAGE_CHARS; p = g_utf8_next_char (p), n_chars++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  if (*p != '\0')
    g_string_append (out, "…");

  return g_strstrip (g_string_free (out, FALSE));
}

/**
 * ucwa_error_new_from_reason:
 * @http_status: the HTTP status, or 0 for a `reason` from the event channel
 * @code: (nullable): the server's `code`
 * @subcode: (nullable): the server's `subcode`; "None" means none
 * @message: (nullable): the server's `message`
 *
 * Maps a server error to a #UcwaError.  The code comes from @code when it is
 * a known one, otherwise from @http_status; @subcode refines it.
 *
 * Returns: (transfer full): a new #GError in the %UCWA_ERROR domain
 */
GError *
ucwa_error_new_from_reason (guint       http_status,
                            const char *code,
                            const char *subcode,
                            const char *message)
{
  UcwaError        error_code = UCWA_ERROR_FAILED;
  gboolean         known_code = FALSE;
  gboolean         known_pair = TRUE;
  g_autofree char *clean_code = NULL;
  g_autofree char *clean_subcode = NULL;
  g_autofree char *clean_message = NULL;

  if (!is_blank (code))
    clean_code = sanitize_text (code);
  if (!is_blank (subcode))
    {
      clean_subcode = sanitize_text (subcode);
      /* Real servers send the literal subcode "None". */
      if (g_ascii_strcasecmp (clean_subcode, "None") == 0)
        g_clear_pointer (&clean_subcode, g_free);
    }
  if (!is_blank (message))
    clean_message = sanitize_text (message);

  for (guint i = 0; clean_code != NULL && i < G_N_ELEMENTS (error_codes); i++)
    {
      if (g_ascii_strcasecmp (clean_code, error_codes[i].name) == 0)
        {
          error_code = error_codes[i].code;
          known_code = TRUE;
          break;
        }
    }

  if (!known_code)
    error_code = code_from_http_status (http_status);

  if (clean_subcode != NULL)
    {
      known_pair = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (error_subcodes); i++)
        {
          if (error_subcodes[i].base == error_code &&
              g_ascii_strcasecmp (clean_subcode, error_subcodes[i].subcode) == 0)
            {
              error_code = error_subcodes[i].code;
              known_pair = TRUE;
              break;
            }
        }
    }

  if (error_code == UCWA_ERROR_FAILED)
    {
      /* Nothing the client knows: keep all the server said, for the log and
       * for a bug report. */
      g_autoptr (GString) text = g_string_new ("Server error");

      if (http_status != 0)
        g_string_append_printf (text, " %u", http_status);
      if (clean_code != NULL)
        g_string_append_printf (text, " %s", clean_code);
      if (clean_subcode != NULL)
        g_string_append_printf (text, "%s%s", clean_code != NULL ? "/" : " ", clean_subcode);
      if (clean_message != NULL)
        g_string_append_printf (text, ": %s", clean_message);

      return g_error_new_literal (UCWA_ERROR, error_code, text->str);
    }

  if (clean_message != NULL)
    return g_error_new_literal (UCWA_ERROR, error_code, clean_message);

  /* A subcode the client does not know may still help whoever reads it. */
  if (!known_pair && clean_code != NULL)
    return g_error_new (UCWA_ERROR, error_code, "%s (%s/%s)", describe (error_code),
                        clean_code, clean_subcode);
  if (!known_pair)
    return g_error_new (UCWA_ERROR, error_code, "%s (%s)", describe (error_code), clean_subcode);

  return g_error_new_literal (UCWA_ERROR, error_code, describe (error_code));
}

typedef enum {
  BODY_UNKNOWN,
  BODY_JSON,
  BODY_XML,
} BodyKind;

/* The first byte decides: servers and proxies get the Content-Type wrong
 * (IIS labels its HTML pages text/html, but a gateway may call anything
 * application/json), while a UCWA body always starts with `{` or `<`. */
static BodyKind
sniff_body (const char *data,
            gsize       size,
            gsize      *start)
{
  gsize i = 0;

  /* A UTF-8 byte order mark, as some .NET serializers write. */
  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;

  while (i < size && g_ascii_isspace (data[i]))
    i++;

  *start = i;
  if (i >= size)
    return BODY_UNKNOWN;
  if (data[i] == '{')
    return BODY_JSON;
  if (data[i] == '<')
    return BODY_XML;

  return BODY_UNKNOWN;
}

static gboolean
is_json_or_xml_type (const char *content_type)
{
  g_autofree char *media = NULL;
  char            *semicolon;

  if (content_type == NULL)
    return FALSE;

  media = g_ascii_strdown (content_type, -1);
  semicolon = strchr (media, ';');
  if (semicolon != NULL)
    *semicolon = '\0';
  g_strstrip (media);

  return g_str_equal (media, "application/json") ||
         g_str_equal (media, "application/xml") ||
         g_str_equal (media, "text/xml") ||
         g_str_has_suffix (media, "+json") ||
         g_str_has_suffix (media, "+xml");
}

static const char *
json_string_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
parse_json_body (const char *data,
                 gsize       size,
                 char      **code,
                 char      **subcode,
                 char      **message)
{
  g_autoptr (JsonNode) root = ucwa_json_parse (data, size, NULL);
  JsonObject          *object;
  const char          *value;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);

  value = json_string_member (object, "code");
  if (!is_blank (value))
    {
      *code = g_strstrip (g_strdup (value));
      *subcode = g_strdup (json_string_member (object, "subcode"));
      *message = g_strdup (json_string_member (object, "message"));
      return TRUE;
    }

  /* The WebTicket endpoint answers in OAuth style:
   * {"error":"invalid_grant","error_description":"…"}. */
  value = json_string_member (object, "error");
  if (!is_blank (value))
    {
      *code = g_strstrip (g_strdup (value));
      *message = g_strdup (json_string_member (object, "error_description"));
      return TRUE;
    }

  return FALSE;
}

typedef struct
{
  guint    depth;
  gboolean in_reason;
  char   **target; /* the field whose text is being collected */
  GString *text;
  char    *code;
  char    *subcode;
  char    *message;
} XmlState;

static const char *
local_name (const char *element_name)
{
  const char *colon = strrchr (element_name, ':');

  return colon != NULL ? colon + 1 : element_name;
}

static char **
xml_field (XmlState   *state,
           const char *name)
{
  if (g_ascii_strcasecmp (name, "code") == 0)
    return &state->code;
  if (g_ascii_strcasecmp (name, "subcode") == 0)
    return &state->subcode;
  if (g_ascii_strcasecmp (name, "message") == 0)
    return &state->message;

  return NULL;
}

static void
xml_start_element (GMarkupParseContext *context,
                   const char          *element_name,
                   const char         **attribute_names,
                   const char         **attribute_values,
                   gpointer             user_data,
                   GError             **error)
{
  XmlState   *state = user_data;
  const char *name = local_name (element_name);

  state->depth++;

  /* Depth 1 is the wrapper added by parse_xml_body. */
  if (state->depth == 2)
    {
      if (g_ascii_strcasecmp (name, "reason") == 0)
        state->in_reason = TRUE;
      else if (xml_field (state, name) != NULL)
        /* Versioning.md shows a bare <code>…</code><subcode>…</subcode>
         * without the <reason> around it. */
        state->target = xml_field (state, name);
      else
        g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                     "Not a UCWA error body: <%s>", name);
    }
  else if (state->depth == 3 && state->in_reason)
    {
      state->target = xml_field (state, name);
    }
  else if (state->target != NULL)
    {
      /* Markup inside <message> is not ours to interpret. */
      state->target = NULL;
    }

  if (state->target != NULL)
    g_string_truncate (state->text, 0);
}

static void
xml_end_element (GMarkupParseContext *context,
                 const char          *element_name,
                 gpointer             user_data,
                 GError             **error)
{
  XmlState *state = user_data;

  if (state->target != NULL && *state->target == NULL)
    *state->target = g_strstrip (g_strdup (state->text->str));

  state->target = NULL;
  if (state->depth == 2)
    state->in_reason = FALSE;
  state->depth--;
}

static void
xml_text (GMarkupParseContext *context,
          const char          *text,
          gsize                text_len,
          gpointer             user_data,
          GError             **error)
{
  XmlState *state = user_data;

  if (state->target != NULL)
    g_string_append_len (state->text, text, text_len);
}

static gboolean
parse_xml_body (const char *data,
                gsize       size,
                char      **code,
                char      **subcode,
                char      **message)
{
  static const GMarkupParser parser = {
    xml_start_element,
    xml_end_element,
    xml_text,
    NULL,
    NULL,
  };
  XmlState state = {
    0,
  };
  g_autoptr (GMarkupParseContext) context = NULL;
  gboolean                        ok;

  /* GMarkup insists on UTF-8 and would reject the rest anyway. */
  if (!g_utf8_validate (data, size, NULL))
    return FALSE;

  state.text = g_string_new (NULL);
  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, &state, NULL);

  /* A wrapper element lets a bare fragment (several top-level elements)
   * parse; GMarkup passes the <?xml …?> declaration through anywhere. */
  ok = g_markup_parse_context_parse (context, "<ucwa-error-body>", -1, NULL) &&
       g_markup_parse_context_parse (context, data, size, NULL) &&
       g_markup_parse_context_parse (context, "</ucwa-error-body>", -1, NULL) &&
       g_markup_parse_context_end_parse (context, NULL);

  g_string_free (state.text, TRUE);

  if (ok && !is_blank (state.code))
    {
      *code = g_steal_pointer (&state.code);
      *subcode = g_steal_pointer (&state.subcode);
      *message = g_steal_pointer (&state.message);
    }
  else
    {
      ok = FALSE;
    }

  g_free (state.code);
  g_free (state.subcode);
  g_free (state.message);

  return ok;
}

/**
 * ucwa_error_parse_body:
 * @content_type: (nullable): the response's Content-Type
 * @body: (nullable): the response body
 * @code: (out) (optional): the `code`
 * @subcode: (out) (optional) (nullable): the `subcode`, as sent (may be "None")
 * @message: (out) (optional) (nullable): the `message`
 *
 * Reads a UCWA error body, JSON or XML.  An OAuth error body of the token
 * endpoint (`{"error":…,"error_description":…}`) is read as code and message.
 *
 * Returns: %TRUE if @body is an error body with a `code`
 */
gboolean
ucwa_error_parse_body (const char *content_type,
                       GBytes     *body,
                       char      **code,
                       char      **subcode,
                       char      **message)
{
  g_autofree char *found_code = NULL;
  g_autofree char *found_subcode = NULL;
  g_autofree char *found_message = NULL;
  const char      *data;
  gsize            size = 0;
  gsize            start = 0;
  gboolean         ok = FALSE;

  if (code != NULL)
    *code = NULL;
  if (subcode != NULL)
    *subcode = NULL;
  if (message != NULL)
    *message = NULL;

  if (body == NULL)
    return FALSE;

  data = g_bytes_get_data (body, &size);
  if (data == NULL || size == 0 || size > MAX_ERROR_BODY_SIZE)
    return FALSE;

  switch (sniff_body (data, size, &start))
    {
    case BODY_JSON:
      ok = parse_json_body (data + start, size - start, &found_code, &found_subcode, &found_message);
      break;
    case BODY_XML:
      ok = parse_xml_body (data + start, size - start, &found_code, &found_subcode, &found_message);
      break;
    case BODY_UNKNOWN:
    default:
      if (is_json_or_xml_type (content_type))
        g_debug ("A %s error body that is neither JSON nor XML", content_type);
      break;
    }

  if (!ok)
    return FALSE;

  if (code != NULL)
    *code = g_steal_pointer (&found_code);
  if (subcode != NULL)
    *subcode = g_steal_pointer (&found_subcode);
  if (message != NULL)
    *message = g_steal_pointer (&found_message);

  return TRUE;
}

/**
 * ucwa_error_new_from_response:
 * @http_status: the HTTP status
 * @content_type: (nullable): the response's Content-Type
 * @body: (nullable): the response body
 *
 * The error for a failed request: from the body when it is a UCWA error
 * body, from the HTTP status otherwise.
 *
 * Returns: (transfer full): a new #GError in the %UCWA_ERROR domain
 */
GError *
ucwa_error_new_from_response (guint       http_status,
                              const char *content_type,
                              GBytes     *body)
{
  g_autofree char *code = NULL;
  g_autofree char *subcode = NULL;
  g_autofree char *message = NULL;

  if (ucwa_error_parse_body (content_type, body, &code, &subcode, &message))
    return ucwa_error_new_from_reason (http_status, code, subcode, message);

  return ucwa_error_new_from_reason (http_status, NULL, NULL, NULL);
}

/**
 * ucwa_error_is_transient:
 * @error: (nullable): an error
 *
 * Whether trying again later may succeed without anything changing on the
 * client's side: the server is overloaded or restarting, or the network
 * dropped.  Name resolution and TLS failures are not transient: retrying a
 * wrong host name or an untrusted certificate only hides the problem.
 *
 * Returns: %TRUE if @error is worth a retry with back-off
 */
gboolean
ucwa_error_is_transient (const GError *error)
{
  if (error == NULL)
    return FALSE;

  if (error->domain == UCWA_ERROR)
    {
      switch (error->code)
        {
        case UCWA_ERROR_SERVICE_UNAVAILABLE:
        case UCWA_ERROR_TIMEOUT:
        case UCWA_ERROR_TOO_MANY_REQUESTS:
        case UCWA_ERROR_SERVICE_FAILURE:
        /* The server failed to reach our event channel: it comes back. */
        case UCWA_ERROR_CALLBACK_CHANNEL_ERROR:
          return TRUE;
        default:
          return FALSE;
        }
    }

  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_TIMED_OUT:
        case G_IO_ERROR_CONNECTION_REFUSED:
        case G_IO_ERROR_CONNECTION_CLOSED:
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
        case G_IO_ERROR_NOT_CONNECTED:
        case G_IO_ERROR_PARTIAL_INPUT:
        case G_IO_ERROR_BUSY:
        case G_IO_ERROR_PROXY_FAILED:
        case G_IO_ERROR_ADDRESS_IN_USE:
          return TRUE;
        default:
          return FALSE;
        }
    }

  /* The resolver says so itself when the failure may go away. */
  if (error->domain == G_RESOLVER_ERROR)
    return error->code == G_RESOLVER_ERROR_TEMPORARY_FAILURE;

  return FALSE;
}

/* The subcodes of ErrorSubcode_ref.md an outgoing invitation's failure may
 * carry (PROTOCOL.md §11).  No document shows which one a server sends for
 * which outcome (§16): only `RemoteFailure`/`Declined` is seen in real
 * traffic (samples/field/event-participantInvitation-completed-failure-*),
 * so every plausible one is taken. */
static const NameToCode operation_subcodes[] = {
  { "Declined", UCWA_ERROR_DECLINED },
  { "Timeout", UCWA_ERROR_NO_ANSWER },
  { "Missed", UCWA_ERROR_NO_ANSWER },
  { "NoAnswer", UCWA_ERROR_NO_ANSWER },
  { "TemporarilyUnavailable", UCWA_ERROR_UNAVAILABLE },
  { "Unreachable", UCWA_ERROR_UNAVAILABLE },
  { "Busy", UCWA_ERROR_UNAVAILABLE },
  { "DoNotDisturb", UCWA_ERROR_UNAVAILABLE },
  { "Offline", UCWA_ERROR_UNAVAILABLE },
  { "DestinationNotFound", UCWA_ERROR_DESTINATION_NOT_FOUND },
  { "Ended", UCWA_ERROR_MEETING_ENDED },
  { "Denied", UCWA_ERROR_LOBBY_DENIED },
  { "Rejected", UCWA_ERROR_LOBBY_DENIED },
};

/**
 * ucwa_error_new_from_operation_reason:
 * @code: (nullable): the reason's `code` (e.g. `RemoteFailure`)
 * @subcode: (nullable): its `subcode` (e.g. `Declined`)
 * @message: (nullable): its `message`
 *
 * Maps the failure of an outgoing invitation (its `completed` event with
 * status Failure) to a #UcwaError: the subcode decides, then the code
 * (`NotFound`, `Timeout`, `Forbidden`); anything else is
 * %UCWA_ERROR_OPERATION_FAILED.  The message is the server's when it gave
 * one, else the code's description.
 *
 * Returns: (transfer full): a new #GError in the %UCWA_ERROR domain
 */
GError *
ucwa_error_new_from_operation_reason (const char *code,
                                      const char *subcode,
                                      const char *message)
{
  UcwaError        error_code = UCWA_ERROR_OPERATION_FAILED;
  g_autofree char *clean_message = NULL;

  for (guint i = 0; !is_blank (subcode) && i < G_N_ELEMENTS (operation_subcodes); i++)
    {
      if (g_ascii_strcasecmp (subcode, operation_subcodes[i].name) == 0)
        {
          error_code = operation_subcodes[i].code;
          break;
        }
    }

  if (error_code == UCWA_ERROR_OPERATION_FAILED && !is_blank (code))
    {
      if (g_ascii_strcasecmp (code, "NotFound") == 0)
        error_code = UCWA_ERROR_DESTINATION_NOT_FOUND;
      else if (g_ascii_strcasecmp (code, "Timeout") == 0)
        error_code = UCWA_ERROR_NO_ANSWER;
      else if (g_ascii_strcasecmp (code, "Forbidden") == 0)
        error_code = UCWA_ERROR_FORBIDDEN;
    }

  if (!is_blank (message))
    clean_message = sanitize_text (message);
  if (clean_message != NULL)
    return g_error_new_literal (UCWA_ERROR, error_code, clean_message);

  if (error_code == UCWA_ERROR_OPERATION_FAILED && (!is_blank (code) || !is_blank (subcode)))
    {
      g_autofree char *clean_code = is_blank (code) ? g_strdup ("?") : sanitize_text (code);
      g_autofree char *clean_subcode = is_blank (subcode) ? g_strdup ("None") : sanitize_text (subcode);

      return g_error_new (UCWA_ERROR, error_code, "%s (%s/%s)", describe (error_code), clean_code, clean_subcode);
    }

  return g_error_new_literal (UCWA_ERROR, error_code, describe (error_code));
}

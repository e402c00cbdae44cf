/* ucwa-sim-auth.c: authentication (PROTOCOL.md §2)
 *
 * The 401 MsRtcOAuth challenge in its three documented shapes, the
 * WebTicket token endpoint (password grant), and the check of the
 * Authorization header on every UCWA request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ucwa-sim-private.h"

#define BEARER_ISSUER_ID "00000002-0000-0ff1-ce00-000000000000"
#define BEARER_CLIENT_ID "00000004-0000-0ff1-ce00-000000000000"
#define GRANT_TYPES      "urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"

void
sim_token_free (SimToken *token)
{
  g_free (token->value);
  g_free (token);
}

static char *
challenge_href (UcwaSimServer *self,
                guint          pool)
{
  return g_strdup_printf ("%s%s/WebTicket/oauthtoken", self->origin, sim_pool_prefix (pool));
}

void
sim_reply_challenge (UcwaSimServer     *self,
                     SoupServerMessage *msg,
                     guint              pool)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char    *href = challenge_href (self, pool);
  g_autofree char    *bearer = g_strdup_printf ("Bearer trusted_issuers=\"" BEARER_ISSUER_ID "@%s\", client_id=\"" BEARER_CLIENT_ID "\"",
                                                sim_user_domain (self));
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
  sim_reply_body (msg, SOUP_STATUS_UNAUTHORIZED, "text/html",
                  g_strdup ("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
                            "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n"
                            "<html xmlns=\"http://www.w3.org/1999/xhtml\">\n"
                            "<head><title>401 - Unauthorized: Access is denied due to invalid credentials.</title></head>\n"
                            "<body><div id=\"header\"><h1>Server Error</h1></div>\n"
                            "<div id=\"content\"><fieldset><h2>401 - Unauthorized: Access is denied due to invalid credentials.</h2>\n"
                            "<h3>You do not have permission to view this directory or page using the credentials that you supplied.</h3>\n"
                            "</fieldset></div></body></html>\n"));
}

SimToken *
sim_authenticate (UcwaSimServer     *self,
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
reply_token_error_status (SoupServerMessage *msg,
                          guint              status,
                          const char        *error,
                          const char        *diagnostic)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  JsonObject         *object = json_object_new ();

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Pragma", "no-cache");
  soup_message_headers_replace (headers, "X-Ms-diagnostics", diagnostic);
  json_object_set_string_member (object, "error", error);
  sim_reply_body (msg, status, "application/json;charset=UTF-8", sim_json_to_string (object));
  json_object_unref (object);
}

static void
reply_token_error (SoupServerMessage *msg,
                   const char        *error,
                   const char        *diagnostic)
{
  reply_token_error_status (msg, SOUP_STATUS_BAD_REQUEST, error, diagnostic);
}

void
sim_handle_token (UcwaSimServer     *self,
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
  UcwaSimFault           fault;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      sim_reply_error (msg, 405, "MethodNotAllowed", NULL, "The token endpoint only accepts POST.");
      return;
    }

  /* A token server that hiccups: RFC 6749 §5.2 errors of a server that is
   * overloaded or failing, not a verdict on the credentials. */
  fault = sim_take_fault (self, UCWA_SIM_FAULT_TOKEN_SERVICE_UNAVAILABLE, UCWA_SIM_FAULT_TOKEN_SERVER_ERROR);
  if (fault == UCWA_SIM_FAULT_TOKEN_SERVICE_UNAVAILABLE)
    {
      g_debug ("Fault: token endpoint unavailable");
      reply_token_error_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "temporarily_unavailable",
                                "28000;source=\"127.0.0.1\";reason=\"The service is temporarily unavailable.\"");
      return;
    }
  if (fault == UCWA_SIM_FAULT_TOKEN_SERVER_ERROR)
    {
      g_debug ("Fault: token endpoint failing");
      reply_token_error_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server_error",
                                "28000;source=\"127.0.0.1\";reason=\"Internal server error.\"");
      return;
    }

  if (content_type == NULL || g_ascii_strncasecmp (content_type, "application/x-www-form-urlencoded", 33) != 0)
    {
      reply_token_error (msg, "invalid_request",
                         "28031;source=\"127.0.0.1\";reason=\"The request is not form-urlencoded.\"");
      return;
    }

  form = sim_parse_form (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
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
    g_autofree char *random = sim_random_base64 (48);

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
  sim_reply_body (msg, SOUP_STATUS_OK, "application/json", sim_json_to_string (object));
  json_object_unref (object);
}

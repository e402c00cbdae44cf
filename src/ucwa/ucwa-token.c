/* ucwa-token.c: the token request's body and the token endpoint's answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The token request (PROTOCOL.md §2.2) carries the user's password: its body
 * is built here so that no copy of the password is left in freed memory.
 * The answer of the OAuth token endpoint comes from a server the password
 * was just sent to, and what it says ends up in the Authorization header of
 * every later request: it is parsed here, in one function without side
 * effects, so that it can be fuzzed on its own.  Where the password may go
 * is the connection's rule (password_may_go_to() in ucwa-connection.c).
 */

#include "config.h"

#include "ucwa-token.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ucwa-connection.h"
#include "ucwa-error.h"
#include "ucwa-json.h"
#include "ucwa-resource.h"

/**
 * ucwa_token_free_secret:
 * @secret: (nullable) (transfer full): a password, a token, or a form that
 *   carries one
 *
 * Frees @secret, leaving no copy in freed memory: a plain memset() before
 * free() is a dead store the compiler may drop, explicit_bzero() is not.
 */
void
ucwa_token_free_secret (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

/* application/x-www-form-urlencoded, written straight into a buffer of its
 * final size: soup_form_encode() grows a GString, and every reallocation
 * would leave a piece of the password in freed memory. */
static gsize
form_escape (char       *out,
             const char *value)
{
  static const char hex[] = "0123456789ABCDEF";
  gsize             n = 0;

  for (const guchar *p = (const guchar *) value; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~')
        out[n++] = (char) *p;
      else if (*p == ' ')
        out[n++] = '+';
      else
        {
          out[n++] = '%';
          out[n++] = hex[*p >> 4];
          out[n++] = hex[*p & 0xf];
        }
    }
  return n;
}

/**
 * ucwa_token_request_body_new:
 * @username: the user name
 * @password: the password
 *
 * The body of a password grant.  Its bytes are wiped when the last reference
 * goes (libsoup keeps one while it sends them).
 *
 * Returns: (transfer full): the form
 */
GBytes *
ucwa_token_request_body_new (const char *username,
                             const char *password)
{
  static const char grant[] = "grant_type=password&username=";
  static const char field[] = "&password=";
  char             *form;
  gsize             n = 0;

  g_return_val_if_fail (username != NULL && password != NULL, NULL);

  /* Each byte escapes to at most three; the two literals' NULs leave room
   * for the one that ends the form. */
  form = g_malloc0 (sizeof grant + sizeof field + 3 * (strlen (username) + strlen (password)));
  memcpy (form, grant, sizeof grant - 1);
  n += sizeof grant - 1;
  n += form_escape (form + n, username);
  memcpy (form + n, field, sizeof field - 1);
  n += sizeof field - 1;
  n += form_escape (form + n, password);
  return g_bytes_new_with_free_func (form, n, (GDestroyNotify) ucwa_token_free_secret, form);
}

/* A header value must not carry what could end it or start another one. */
static gboolean
is_header_safe (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

/**
 * ucwa_token_parse:
 * @http_status: the status of the token response
 * @data: (array length=length): its body
 * @length: the length of @data
 * @authorization: (out): the Authorization header value to send, on success
 * @expires_in: (out): the token's lifetime in seconds, 0 when not given
 * @error: the reason the answer gives no usable token
 *
 * Reads a token response: a token on 2xx, a `UCWA_ERROR` otherwise.  Only a
 * refused grant is a verdict on the credentials
 * (`UCWA_ERROR_AUTHENTICATION_FAILED`); a server that is overloaded or
 * restarting keeps its transient code.
 *
 * Returns: whether @authorization was set
 */
gboolean
ucwa_token_parse (guint       http_status,
                  const char *data,
                  gsize       length,
                  char      **authorization,
                  gint64     *expires_in,
                  GError    **error)
{
  g_autoptr (JsonNode) root = NULL;
  JsonObject          *token;
  const char          *access_token, *token_type;
  gint64               lifetime;

  g_return_val_if_fail (authorization != NULL && expires_in != NULL, FALSE);

  *authorization = NULL;
  *expires_in = 0;

  if (length <= UCWA_MAX_BODY_SIZE)
    root = ucwa_json_parse (data, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autoptr (GBytes) body = NULL;

      if (SOUP_STATUS_IS_SUCCESSFUL (http_status))
        {
          g_set_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                       "The sign-in server sent an unreadable answer");
          return FALSE;
        }
      body = g_bytes_new (data, MIN (length, UCWA_MAX_BODY_SIZE));
      g_propagate_error (error, ucwa_error_new_from_response (http_status, NULL, body));
      return FALSE;
    }

  token = json_node_get_object (root);

  if (!SOUP_STATUS_IS_SUCCESSFUL (http_status))
    {
      const char *code = ucwa_resource_get_string (token, "error");

      /* A server that is overloaded or restarting (server_error,
       * temporarily_unavailable, a 5xx) keeps its transient code, so that a
       * renewal meeting a 503 retries instead of signing the user out. */
      if (g_strcmp0 (code, "invalid_grant") == 0)
        g_set_error (error, UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED,
                     "The user name or password is incorrect");
      else if (g_strcmp0 (code, "unsupported_grant_type") == 0)
        g_set_error (error, UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED,
                     "The sign-in server refused the request (%s)", code);
      else
        g_propagate_error (error, ucwa_error_new_from_reason (http_status, code, NULL,
                                                              ucwa_resource_get_string (token, "error_description")));
      return FALSE;
    }

  access_token = ucwa_resource_get_string (token, "access_token");
  token_type = ucwa_resource_get_string (token, "token_type");
  lifetime = ucwa_resource_get_int (token, "expires_in", 0);
  if (lifetime <= 0)
    {
      const char *text = ucwa_resource_get_string (token, "expires_in");

      lifetime = text ? g_ascii_strtoll (text, NULL, 10) : 0;
    }

  if (access_token == NULL || *access_token == '\0' || !is_header_safe (access_token))
    {
      g_set_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                   "The sign-in server sent no usable token");
      return FALSE;
    }

  /* UCWA speaks Bearer only (PROTOCOL.md §2); any other scheme would send
   * the token in a form the server never asked for. */
  if (token_type != NULL && g_ascii_strcasecmp (token_type, "Bearer") != 0)
    {
      g_set_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                   "The sign-in server sent a token of an unknown type");
      return FALSE;
    }

  *authorization = g_strdup_printf ("Bearer %s", access_token);
  *expires_in = MAX (lifetime, 0);
  return TRUE;
}

/* test-ucwa-util.c: the small protocol helpers of src/ucwa/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Errors, URIs, data URIs, the sign-in challenge, resource accessors and
 * the event-channel parser, each fed the hostile and odd input a server (or
 * something pretending to be one) may send.  g_test_init() makes warnings
 * fatal, so every test here also checks that bad input stays quiet.
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ucwa-challenge.h"
#include "ucwa-data-uri.h"
#include "ucwa-error.h"
#include "ucwa-event.h"
#include "ucwa-resource.h"
#include "test-util.h"
#include "ucwa-uri.h"

/* Helpers */

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError)     error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_parser_steal_root (parser);
}

static GBytes *
bytes_from_string (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

/* UcwaError */

static void
test_error_quark (void)
{
  g_assert_cmpstr (g_quark_to_string (UCWA_ERROR), ==, "ucwa-error-quark");
  g_assert_cmpuint (UCWA_ERROR, ==, ucwa_error_quark ());
}

static void
test_error_reason_mapping (void)
{
  const struct
  {
    guint       status;
    const char *code;
    const char *subcode;
    UcwaError   expected;
  } cases[] = {
    { 400, "BadRequest", NULL, UCWA_ERROR_BAD_REQUEST },
    { 400, "BadRequest", "ParameterValidationFailure", UCWA_ERROR_PARAMETER_VALIDATION_FAILURE },
    { 400, "BadRequest", "DeserializationFailure", UCWA_ERROR_BAD_REQUEST },
    { 401, "Unauthorized", NULL, UCWA_ERROR_UNAUTHORIZED },
    { 403, "Forbidden", "None", UCWA_ERROR_FORBIDDEN },
    { 404, "NotFound", NULL, UCWA_ERROR_NOT_FOUND },
    { 404, "NotFound", "ApplicationNotFound", UCWA_ERROR_APPLICATION_NOT_FOUND },
    { 404, "NotFound", "APIVersionNotSupported", UCWA_ERROR_NOT_FOUND },
    { 409, "Conflict", "None", UCWA_ERROR_CONFLICT },
    { 409, "Conflict", NULL, UCWA_ERROR_CONFLICT },
    { 409, "Conflict", "SomethingNew", UCWA_ERROR_CONFLICT },
    { 409, "Conflict", "AlreadyExists", UCWA_ERROR_ALREADY_EXISTS },
    { 409, "Conflict", "TooManyGroups", UCWA_ERROR_TOO_MANY_GROUPS },
    { 409, "Conflict", "PGetReplaced", UCWA_ERROR_PGET_REPLACED },
    { 409, "Conflict", "MakeMeAvailableRequired", UCWA_ERROR_MAKE_ME_AVAILABLE_REQUIRED },
    { 410, "Gone", "None", UCWA_ERROR_GONE },
    { 410, "Gone", "CannotRedirect", UCWA_ERROR_CANNOT_REDIRECT },
    { 410, "Gone", "InactiveApplicationExpired", UCWA_ERROR_INACTIVE_APPLICATION_EXPIRED },
    { 410, "Gone", "TooManyApplications", UCWA_ERROR_TOO_MANY_APPLICATIONS },
    { 410, "Gone", "UserAgentNotAllowed", UCWA_ERROR_USER_AGENT_NOT_ALLOWED },
    { 412, "PreconditionFailed", NULL, UCWA_ERROR_PRECONDITION_FAILED },
    { 412, "PreConditionFailed", NULL, UCWA_ERROR_PRECONDITION_FAILED },
    { 428, "PreconditionRequired", NULL, UCWA_ERROR_PRECONDITION_FAILED },
    { 429, "TooManyRequests", NULL, UCWA_ERROR_TOO_MANY_REQUESTS },
    { 500, "ServiceFailure", NULL, UCWA_ERROR_SERVICE_FAILURE },
    { 500, "ServiceFailure", "None", UCWA_ERROR_SERVICE_FAILURE },
    { 500, "ServiceFailure", "InvalidExchangeServerVersion", UCWA_ERROR_SERVICE_FAILURE },
    { 500, "ServiceFailure", "CallbackChannelError", UCWA_ERROR_CALLBACK_CHANNEL_ERROR },
    { 503, "ServiceUnavailable", NULL, UCWA_ERROR_SERVICE_UNAVAILABLE },
    { 504, "Timeout", NULL, UCWA_ERROR_TIMEOUT },
    { 504, "GatewayTimeout", NULL, UCWA_ERROR_TIMEOUT },
    { 408, "ClientTimeout", NULL, UCWA_ERROR_TIMEOUT },
    /* Case does not matter, for code nor subcode. */
    { 409, "conflict", "pgetreplaced", UCWA_ERROR_PGET_REPLACED },
    { 410, "GONE", "INACTIVEAPPLICATIONEXPIRED", UCWA_ERROR_INACTIVE_APPLICATION_EXPIRED },
    { 409, "Conflict", "NONE", UCWA_ERROR_CONFLICT },
    /* Blanks around the words are a serializer's, not the server's. */
    { 409, " Conflict ", " AlreadyExists\n", UCWA_ERROR_ALREADY_EXISTS },
    /* No code: the status decides, the subcode still refines. */
    { 409, NULL, "AlreadyExists", UCWA_ERROR_ALREADY_EXISTS },
    { 410, "", "TooManyApplications", UCWA_ERROR_TOO_MANY_APPLICATIONS },
    { 404, NULL, "ApplicationNotFound", UCWA_ERROR_APPLICATION_NOT_FOUND },
    /* An unknown code falls back to the status. */
    { 409, "RemoteFailure", "Declined", UCWA_ERROR_CONFLICT },
    { 503, "SomethingElse", NULL, UCWA_ERROR_SERVICE_UNAVAILABLE },
    /* A known code wins over the status: the body is more specific. */
    { 500, "Conflict", "PGetReplaced", UCWA_ERROR_PGET_REPLACED },
    /* A subcode only counts with its own code. */
    { 409, "Conflict", "ApplicationNotFound", UCWA_ERROR_CONFLICT },
    { 500, "ServiceFailure", "AlreadyExists", UCWA_ERROR_SERVICE_FAILURE },
    /* Event-channel reasons have no status. */
    { 0, "RemoteFailure", "Declined", UCWA_ERROR_FAILED },
    { 0, "Conflict", "AlreadyExists", UCWA_ERROR_ALREADY_EXISTS },
    { 0, NULL, NULL, UCWA_ERROR_FAILED },
    /* The WebTicket endpoint's OAuth errors. */
    { 400, "invalid_grant", NULL, UCWA_ERROR_AUTHENTICATION_FAILED },
    { 400, "unsupported_grant_type", NULL, UCWA_ERROR_AUTHENTICATION_FAILED },
    { 400, "invalid_request", NULL, UCWA_ERROR_AUTHENTICATION_FAILED },
    { 500, "server_error", NULL, UCWA_ERROR_SERVICE_FAILURE },
    { 418, "Teapot", "Spout", UCWA_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = ucwa_error_new_from_reason (cases[i].status, cases[i].code,
                                                             cases[i].subcode, NULL);

      test_note ("%u %s/%s", cases[i].status, cases[i].code, cases[i].subcode);
      g_assert_error (error, UCWA_ERROR, (int) cases[i].expected);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_error_status_mapping (void)
{
  const struct
  {
    guint     status;
    UcwaError expected;
  } cases[] = {
    { 400, UCWA_ERROR_BAD_REQUEST },
    { 401, UCWA_ERROR_UNAUTHORIZED },
    { 403, UCWA_ERROR_FORBIDDEN },
    { 404, UCWA_ERROR_NOT_FOUND },
    { 405, UCWA_ERROR_FAILED },
    { 408, UCWA_ERROR_TIMEOUT },
    { 409, UCWA_ERROR_CONFLICT },
    { 410, UCWA_ERROR_GONE },
    { 412, UCWA_ERROR_PRECONDITION_FAILED },
    { 413, UCWA_ERROR_FAILED },
    { 415, UCWA_ERROR_FAILED },
    { 418, UCWA_ERROR_FAILED },
    { 428, UCWA_ERROR_PRECONDITION_FAILED },
    { 429, UCWA_ERROR_TOO_MANY_REQUESTS },
    { 500, UCWA_ERROR_SERVICE_FAILURE },
    { 501, UCWA_ERROR_SERVICE_FAILURE },
    { 502, UCWA_ERROR_SERVICE_UNAVAILABLE },
    { 503, UCWA_ERROR_SERVICE_UNAVAILABLE },
    { 504, UCWA_ERROR_TIMEOUT },
    { 505, UCWA_ERROR_SERVICE_FAILURE },
    { 599, UCWA_ERROR_SERVICE_FAILURE },
    { 0, UCWA_ERROR_FAILED },
    { 200, UCWA_ERROR_FAILED },
    { 302, UCWA_ERROR_FAILED },
    { 600, UCWA_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) from_reason = ucwa_error_new_from_reason (cases[i].status, NULL, NULL, NULL);
      g_autoptr (GError) no_body = ucwa_error_new_from_response (cases[i].status, NULL, NULL);
      g_autoptr (GBytes) html = bytes_from_string ("<!DOCTYPE html><html><body>Error</body></html>");
      g_autoptr (GError) html_body = ucwa_error_new_from_response (cases[i].status, "text/html", html);

      test_note ("status %u", cases[i].status);
      g_assert_error (from_reason, UCWA_ERROR, (int) cases[i].expected);
      g_assert_error (no_body, UCWA_ERROR, (int) cases[i].expected);
      g_assert_error (html_body, UCWA_ERROR, (int) cases[i].expected);
    }
}

static void
test_error_messages (void)
{
  g_autoptr (GError) teapot = ucwa_error_new_from_reason (418, "Teapot", "Spout", "I'm a teapot");
  g_autoptr (GError) teapot_bare = ucwa_error_new_from_reason (418, NULL, NULL, NULL);
  g_autoptr (GError) async_failure = ucwa_error_new_from_reason (0, "RemoteFailure", "Declined",
                                                                 "Your invitation was declined.");
  g_autoptr (GError) server_message = ucwa_error_new_from_reason (409, "Conflict", "AlreadyExists",
                                                                  "The requested resource already exists.");
  g_autoptr (GError) no_message = ucwa_error_new_from_reason (409, "Conflict", "AlreadyExists", NULL);
  g_autoptr (GError) blank_message = ucwa_error_new_from_reason (409, "Conflict", "AlreadyExists", "  \n");
  g_autoptr (GError) unknown_subcode = ucwa_error_new_from_reason (409, "Conflict", "Brandnew", NULL);
  g_autoptr (GError) control = ucwa_error_new_from_reason (409, "Conflict", NULL, "one\ntwo\r\x1b[31m");
  g_autoptr (GError) invalid_utf8 = ucwa_error_new_from_reason (409, "Conflict", NULL, "caf\xe9");
  g_autofree char   *long_message = g_strnfill (10000, 'x');
  g_autoptr (GError) huge = ucwa_error_new_from_reason (500, "ServiceFailure", NULL, long_message);

  /* Unknown: everything the server said, for the log and a bug report. */
  g_assert_error (teapot, UCWA_ERROR, UCWA_ERROR_FAILED);
  g_assert_cmpstr (teapot->message, ==, "Server error 418 Teapot/Spout: I'm a teapot");
  g_assert_error (teapot_bare, UCWA_ERROR, UCWA_ERROR_FAILED);
  g_assert_cmpstr (teapot_bare->message, ==, "Server error 418");
  g_assert_error (async_failure, UCWA_ERROR, UCWA_ERROR_FAILED);
  g_assert_cmpstr (async_failure->message, ==, "Server error RemoteFailure/Declined: Your invitation was declined.");

  /* Known: the server's (localized) message, or a description. */
  g_assert_cmpstr (server_message->message, ==, "The requested resource already exists.");
  g_assert_cmpstr (no_message->message, !=, "");
  g_assert_null (strstr (no_message->message, "Server error"));
  g_assert_cmpstr (blank_message->message, ==, no_message->message);
  g_assert_error (unknown_subcode, UCWA_ERROR, UCWA_ERROR_CONFLICT);
  g_assert_nonnull (strstr (unknown_subcode->message, "Conflict/Brandnew"));

  /* Safe to show: no terminal escapes or line breaks, valid, bounded. */
  g_assert_null (strpbrk (control->message, "\n\r\x1b"));
  g_assert_true (g_str_has_prefix (control->message, "one two"));
  g_assert_true (g_utf8_validate (invalid_utf8->message, -1, NULL));
  g_assert_true (g_str_has_prefix (invalid_utf8->message, "caf"));
  g_assert_cmpint (g_utf8_strlen (huge->message, -1), <=, 513);
  g_assert_true (g_str_has_suffix (huge->message, "…"));
}

static void
assert_parsed (const char *content_type,
               const char *body,
               const char *expected_code,
               const char *expected_subcode,
               const char *expected_message)
{
  g_autoptr (GBytes) bytes = bytes_from_string (body);
  g_autofree char   *code = NULL;
  g_autofree char   *subcode = NULL;
  g_autofree char   *message = NULL;

  test_note ("%s: %.60s", content_type, body);
  g_assert_true (ucwa_error_parse_body (content_type, bytes, &code, &subcode, &message));
  g_assert_cmpstr (code, ==, expected_code);
  g_assert_cmpstr (subcode, ==, expected_subcode);
  g_assert_cmpstr (message, ==, expected_message);
}

static void
assert_not_parsed (const char *content_type,
                   GBytes     *body)
{
  char *code = (char *) "untouched";
  char *subcode = (char *) "untouched";
  char *message = (char *) "untouched";

  g_assert_false (ucwa_error_parse_body (content_type, body, &code, &subcode, &message));
  g_assert_null (code);
  g_assert_null (subcode);
  g_assert_null (message);
}

static void
assert_string_not_parsed (const char *content_type,
                          const char *body)
{
  g_autoptr (GBytes) bytes = bytes_from_string (body);

  test_note ("%s: %.60s", content_type, body);
  assert_not_parsed (content_type, bytes);
}

static void
test_error_parse_json (void)
{
  const char *json = "{\"code\":\"Conflict\",\"subcode\":\"AlreadyExists\",\"message\":\"Exists.\"}";
  const char *content_types[] = {
    "application/json",
    "application/json; charset=utf-8",
    "application/json;charset=UTF-8",
    "APPLICATION/JSON",
    "application/vnd.microsoft.com.ucwa+json",
    "application/vnd.microsoft.com.ucwa+json; charset=utf-8",
    /* Wrong or missing: the body still says what it is. */
    "text/html",
    "text/plain",
    "application/octet-stream",
    "",
    NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (content_types); i++)
    assert_parsed (content_types[i], json, "Conflict", "AlreadyExists", "Exists.");

  /* Leading blanks and a byte order mark. */
  assert_parsed ("application/json", " \r\n\t{\"code\":\"Gone\"}", "Gone", NULL, NULL);
  assert_parsed ("application/json", "\xef\xbb\xbf{\"code\":\"Gone\"}", "Gone", NULL, NULL);
  /* Extra members (parameters, debugInfo, link) are ignored. */
  assert_parsed ("application/json",
                 "{\"code\":\"BadRequest\",\"subcode\":\"ParameterValidationFailure\",\"message\":\"m\","
                 "\"parameters\":[{\"name\":\"sdp\",\"reason\":\"Invalid\"}],\"debugInfo\":{\"a\":1},"
                 "\"link\":{\"href\":\"x\"}}",
                 "BadRequest", "ParameterValidationFailure", "m");
  /* Wrong member types are absent members. */
  assert_parsed ("application/json", "{\"code\":\"Gone\",\"subcode\":5,\"message\":{\"a\":1}}",
                 "Gone", NULL, NULL);
  /* The literal subcode "None" is reported as sent. */
  assert_parsed ("application/json", "{\"code\":\"Conflict\",\"subcode\":\"None\"}", "Conflict", "None", NULL);
  /* The token endpoint's OAuth form. */
  assert_parsed ("application/json", "{\"error\":\"invalid_grant\"}", "invalid_grant", NULL, NULL);
  assert_parsed ("application/json",
                 "{\"error\":\"invalid_grant\",\"error_description\":\"Bad password\"}",
                 "invalid_grant", NULL, "Bad password");

  /* Not error bodies. */
  assert_string_not_parsed ("application/json", "{}");
  assert_string_not_parsed ("application/json", "{\"code\":\"\"}");
  assert_string_not_parsed ("application/json", "{\"code\":\"   \"}");
  assert_string_not_parsed ("application/json", "{\"code\":409}");
  assert_string_not_parsed ("application/json", "{\"code\":null}");
  assert_string_not_parsed ("application/json", "{\"code\":[\"Conflict\"]}");
  assert_string_not_parsed ("application/json", "{\"error\":{\"code\":\"x\"}}");
  assert_string_not_parsed ("application/json", "[{\"code\":\"Conflict\"}]");
  assert_string_not_parsed ("application/json", "{\"code\":\"Conflict\"");
  assert_string_not_parsed ("application/json", "{\"_links\":{\"self\":{\"href\":\"/x\"}}}");
  assert_string_not_parsed ("application/json", "\"Conflict\"");
  assert_string_not_parsed ("application/json", "null");
}

static void
test_error_parse_xml (void)
{
  const char *docs_xml =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<reason xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xmlns=\"http://schemas.microsoft.com/rtc/2012/03/ucwa\">\n"
    " <code>Conflict</code>\n"
    " <subcode>AlreadyExists</subcode>\n"
    " <message>The requested resource already exists. Please wait and try again.</message>\n"
    " <debugInfo />\n"
    " <parameters />\n"
    "</reason>";
  const char *content_types[] = {
    "application/xml",
    "application/xml; charset=utf-8",
    "application/vnd.microsoft.com.ucwa+xml",
    "application/vnd.microsoft.com.ucwa+xml;charset=utf-8",
    "application/vnd.microsoft.ucwa+xml",
    "text/xml",
    "application/json",
    NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (content_types); i++)
    assert_parsed (content_types[i], docs_xml, "Conflict", "AlreadyExists",
                   "The requested resource already exists. Please wait and try again.");

  /* debugInfo with properties, as a real server sent it. */
  assert_parsed ("application/xml",
                 "<reason xmlns=\"http://schemas.microsoft.com/rtc/2012/03/ucwa\"><code>ServiceFailure</code>"
                 "<subcode>None</subcode><message>Your request couldn't be completed.</message>"
                 "<debugInfo><property name=\"errorReportId\">14cb</property></debugInfo>"
                 "<parameters /></reason>",
                 "ServiceFailure", "None", "Your request couldn't be completed.");
  /* A prefixed namespace, entities, blanks around the values. */
  assert_parsed ("application/xml",
                 "<u:reason xmlns:u=\"http://schemas.microsoft.com/rtc/2012/03/ucwa\">"
                 "<u:code>\n Gone \n</u:code><u:message>a &amp; b &lt;c&gt;</u:message></u:reason>",
                 "Gone", NULL, "a & b <c>");
  /* Versioning.md's bare fragment without <reason>. */
  assert_parsed ("application/vnd.microsoft.ucwa+xml",
                 "<code>NotFound</code>\n<subcode>APIVersionNotSupported</subcode>\n",
                 "NotFound", "APIVersionNotSupported", NULL);
  /* Order does not matter, nor do unknown elements. */
  assert_parsed ("application/xml",
                 "<reason><link href=\"x\"/><message>m</message><subcode>s</subcode><code>c</code></reason>",
                 "c", "s", "m");
  /* Markup inside <message> is not interpreted. */
  assert_parsed ("application/xml", "<reason><code>c</code><message>a <b>bold</b></message></reason>",
                 "c", NULL, NULL);

  /* Not error bodies. */
  assert_string_not_parsed ("application/xml", "<reason><subcode>s</subcode></reason>");
  assert_string_not_parsed ("application/xml", "<reason><code></code></reason>");
  assert_string_not_parsed ("application/xml", "<reason><code>c</code>");
  assert_string_not_parsed ("application/xml", "<reason><code>c</cod></reason>");
  assert_string_not_parsed ("application/xml", "<resource rel=\"user\"><link rel=\"self\" href=\"/x\"/></resource>");
  assert_string_not_parsed ("application/xml", "<reason><code>c\xff</code></reason>");
  assert_string_not_parsed ("application/xml", "<<<>>>");
  assert_string_not_parsed ("application/xml", "<");
}

static void
test_error_parse_garbage (void)
{
  g_autoptr (GBytes)  empty = g_bytes_new (NULL, 0);
  g_autoptr (GBytes)  binary = g_bytes_new ("\0\x01\x02{\xff\xfe", 7);
  g_autoptr (GBytes)  nul_inside = g_bytes_new ("{\"code\":\"Gone\"}\0trailing", 25);
  g_autoptr (GString) huge_json = g_string_new ("{\"code\":\"Conflict\",\"message\":\"");
  g_autoptr (GBytes)  huge = NULL;
  g_autoptr (GString) big_json = g_string_new ("{\"code\":\"Conflict\",\"message\":\"");
  g_autoptr (GBytes)  big = NULL;
  g_autofree char    *code = NULL;
  g_autofree char    *message = NULL;
  g_autoptr (GError)  big_error = NULL;
  const char         *iis_401 =
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
    "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n"
    "<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n"
    "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"/>\n"
    "<title>401 - Unauthorized: Access is denied due to invalid credentials.</title>\n"
    "</head>\n<body>\n<div id=\"header\"><h1>Server Error</h1></div>\n"
    "<div id=\"content\"><h2>401 - Unauthorized: Access is denied due to invalid credentials.</h2>\n"
    "<h3>You do not have permission to view this directory or page using the credentials that you supplied.</h3>\n"
    "</div>\n</body>\n</html>\n";
  const char *garbage[] = {
    "",
    "   \r\n\t  ",
    "Service Unavailable",
    "401 Unauthorized",
    iis_401,
    "<html><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>",
    "<html><body><p>unclosed<br></body></html>",
    "<!-- just a comment -->",
    "{",
    "}",
    "{\"code\":",
    "{{{{{{{{{{{{{{{{{{{{{{{{",
    "\xff\xfe<\x00r\x00",
  };

  assert_not_parsed ("application/json", NULL);
  assert_not_parsed ("application/json", empty);
  assert_not_parsed ("application/json", binary);
  assert_not_parsed (NULL, binary);
  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      assert_string_not_parsed ("text/html", garbage[i]);
      assert_string_not_parsed ("application/json", garbage[i]);
      assert_string_not_parsed ("application/xml", garbage[i]);
      assert_string_not_parsed (NULL, garbage[i]);
    }

  /* json-glib stops at a NUL byte; whatever it makes of it, no crash. */
  ucwa_error_parse_body ("application/json", nul_inside, NULL, NULL, NULL);

  /* Out parameters are optional. */
  {
    g_autoptr (GBytes) body = bytes_from_string ("{\"code\":\"Gone\",\"subcode\":\"x\"}");

    g_assert_true (ucwa_error_parse_body (NULL, body, NULL, NULL, NULL));
  }

  /* Far over any error body: not parsed at all. */
  while (huge_json->len < 1024 * 1024)
    g_string_append (huge_json, "0123456789abcdef");
  g_string_append (huge_json, "\"}");
  huge = g_bytes_new (huge_json->str, huge_json->len);
  assert_not_parsed ("application/json", huge);

  /* Big but plausible: parsed, and the message is kept to a sane size. */
  while (big_json->len < 100 * 1024)
    g_string_append (big_json, "0123456789abcdef");
  g_string_append (big_json, "\"}");
  big = g_bytes_new (big_json->str, big_json->len);
  g_assert_true (ucwa_error_parse_body ("application/json", big, &code, NULL, &message));
  g_assert_cmpstr (code, ==, "Conflict");
  big_error = ucwa_error_new_from_response (409, "application/json", big);
  g_assert_error (big_error, UCWA_ERROR, UCWA_ERROR_CONFLICT);
  g_assert_cmpint (strlen (big_error->message), <, 1024);
}

static void
test_error_from_response (void)
{
  const struct
  {
    guint       status;
    const char *content_type;
    const char *body;
    UcwaError   expected;
    const char *message;
  } cases[] = {
    { 401, "text/html", "<html><head><title>401 - Unauthorized</title></head><body></body></html>",
      UCWA_ERROR_UNAUTHORIZED, NULL },
    { 409, "application/json", "{\"code\":\"Conflict\",\"subcode\":\"PGetReplaced\",\"message\":\"Replaced.\"}",
      UCWA_ERROR_PGET_REPLACED, "Replaced." },
    { 404, "application/json; charset=utf-8", "{\"code\":\"NotFound\",\"subcode\":\"ApplicationNotFound\"}",
      UCWA_ERROR_APPLICATION_NOT_FOUND, NULL },
    { 410, "application/vnd.microsoft.com.ucwa+xml",
      "<reason><code>Gone</code><subcode>InactiveApplicationExpired</subcode></reason>",
      UCWA_ERROR_INACTIVE_APPLICATION_EXPIRED, NULL },
    { 500, "application/xml",
      "<reason><code>ServiceFailure</code><subcode>None</subcode><message>Your request couldn't be completed.</message></reason>",
      UCWA_ERROR_SERVICE_FAILURE, "Your request couldn't be completed." },
    { 503, NULL, "", UCWA_ERROR_SERVICE_UNAVAILABLE, NULL },
    { 502, "text/html", "<html><body>Bad Gateway</body></html>", UCWA_ERROR_SERVICE_UNAVAILABLE, NULL },
    { 400, "application/json", "{\"error\":\"invalid_grant\"}", UCWA_ERROR_AUTHENTICATION_FAILED, NULL },
    { 418, "application/json", "{\"code\":\"Teapot\",\"subcode\":\"Spout\",\"message\":\"I'm a teapot\"}",
      UCWA_ERROR_FAILED, "Server error 418 Teapot/Spout: I'm a teapot" },
    { 500, "application/json", "{\"code\":\"ServiceFailure\",\"subcode\":\"CallbackChannelError\"}",
      UCWA_ERROR_CALLBACK_CHANNEL_ERROR, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) body = bytes_from_string (cases[i].body);
      g_autoptr (GError) error = ucwa_error_new_from_response (cases[i].status, cases[i].content_type, body);

      test_note ("%u %s", cases[i].status, cases[i].body);
      g_assert_error (error, UCWA_ERROR, (int) cases[i].expected);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_error_transient (void)
{
  const struct
  {
    GQuark   domain;
    int      code;
    gboolean transient;
  } cases[] = {
    { 0, UCWA_ERROR_SERVICE_UNAVAILABLE, TRUE },
    { 0, UCWA_ERROR_TIMEOUT, TRUE },
    { 0, UCWA_ERROR_TOO_MANY_REQUESTS, TRUE },
    { 0, UCWA_ERROR_SERVICE_FAILURE, TRUE },
    { 0, UCWA_ERROR_CALLBACK_CHANNEL_ERROR, TRUE },
    { 0, UCWA_ERROR_FAILED, FALSE },
    { 0, UCWA_ERROR_BAD_REQUEST, FALSE },
    { 0, UCWA_ERROR_UNAUTHORIZED, FALSE },
    { 0, UCWA_ERROR_AUTHENTICATION_FAILED, FALSE },
    { 0, UCWA_ERROR_FORBIDDEN, FALSE },
    { 0, UCWA_ERROR_NOT_FOUND, FALSE },
    { 0, UCWA_ERROR_APPLICATION_NOT_FOUND, FALSE },
    { 0, UCWA_ERROR_CONFLICT, FALSE },
    { 0, UCWA_ERROR_PGET_REPLACED, FALSE },
    { 0, UCWA_ERROR_GONE, FALSE },
    { 0, UCWA_ERROR_INACTIVE_APPLICATION_EXPIRED, FALSE },
    { 0, UCWA_ERROR_INVALID_RESPONSE, FALSE },
    { 0, UCWA_ERROR_RESPONSE_TOO_LARGE, FALSE },
    { 0, UCWA_ERROR_FOREIGN_ORIGIN, FALSE },
    { 0, UCWA_ERROR_INSECURE_TRANSPORT, FALSE },
    { 0, UCWA_ERROR_SIGNED_OUT, FALSE },
    { 1, G_IO_ERROR_TIMED_OUT, TRUE },
    { 1, G_IO_ERROR_CONNECTION_REFUSED, TRUE },
    { 1, G_IO_ERROR_CONNECTION_CLOSED, TRUE },
    { 1, G_IO_ERROR_BROKEN_PIPE, TRUE },
    { 1, G_IO_ERROR_HOST_UNREACHABLE, TRUE },
    { 1, G_IO_ERROR_NETWORK_UNREACHABLE, TRUE },
    { 1, G_IO_ERROR_NOT_CONNECTED, TRUE },
    { 1, G_IO_ERROR_PARTIAL_INPUT, TRUE },
    { 1, G_IO_ERROR_CANCELLED, FALSE },
    { 1, G_IO_ERROR_NOT_FOUND, FALSE },
    { 1, G_IO_ERROR_PERMISSION_DENIED, FALSE },
    { 1, G_IO_ERROR_INVALID_DATA, FALSE },
    { 1, G_IO_ERROR_FAILED, FALSE },
    { 2, G_RESOLVER_ERROR_TEMPORARY_FAILURE, TRUE },
    { 2, G_RESOLVER_ERROR_NOT_FOUND, FALSE },
    { 3, G_TLS_ERROR_BAD_CERTIFICATE, FALSE },
    { 3, G_TLS_ERROR_NOT_TLS, FALSE },
    { 3, G_TLS_ERROR_EOF, FALSE },
    { 3, G_TLS_ERROR_HANDSHAKE, FALSE },
    { 4, 0, FALSE },
  };
  GQuark domains[] = { UCWA_ERROR, G_IO_ERROR, G_RESOLVER_ERROR, G_TLS_ERROR, G_MARKUP_ERROR };

  g_assert_false (ucwa_error_is_transient (NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = g_error_new_literal (domains[cases[i].domain], cases[i].code, "x");

      test_note ("%s %d", g_quark_to_string (error->domain), error->code);
      g_assert_cmpint (ucwa_error_is_transient (error), ==, cases[i].transient);
    }

  /* What the HTTP layer produces is classified the same. */
  {
    g_autoptr (GError) busy = ucwa_error_new_from_response (503, NULL, NULL);
    g_autoptr (GError) conflict = ucwa_error_new_from_response (409, NULL, NULL);

    g_assert_true (ucwa_error_is_transient (busy));
    g_assert_false (ucwa_error_is_transient (conflict));
  }
}

/* URIs */

static void
test_uri_resolve (void)
{
  g_autoptr (GUri) base = test_parse_uri ("https://lyncweb.contoso.com/ucwa/oauth/v1/applications/104/events?ack=1");
  const struct
  {
    const char *href;
    const char *expected;
  } good[] = {
    { "/ucwa/oauth/v1/applications/104/events?ack=2",
      "https://lyncweb.contoso.com/ucwa/oauth/v1/applications/104/events?ack=2" },
    { "?ack=3", "https://lyncweb.contoso.com/ucwa/oauth/v1/applications/104/events?ack=3" },
    { "communication", "https://lyncweb.contoso.com/ucwa/oauth/v1/applications/104/communication" },
    { "../105/me", "https://lyncweb.contoso.com/ucwa/oauth/v1/applications/105/me" },
    { "https://lyncweb.contoso.com/x", "https://lyncweb.contoso.com/x" },
    { "https://lyncweb.contoso.com:4443/x", "https://lyncweb.contoso.com:4443/x" },
    /* Resolving is not vetting: the origin check catches these. */
    { "//evil.example/x", "https://evil.example/x" },
    { "http://evil.example/", "http://evil.example/" },
    { "https://127.0.0.1.evil.example/", "https://127.0.0.1.evil.example/" },
    { "https://[::1]:8443/a", "https://[::1]:8443/a" },
    { "HTTPS://lyncweb.contoso.com/x", "https://lyncweb.contoso.com/x" },
    /* The server's encoding is kept byte for byte. */
    { "/people/lenea@contoso.com/presence", "https://lyncweb.contoso.com/people/lenea@contoso.com/presence" },
    { "/a%2Fb/c%20d", "https://lyncweb.contoso.com/a%2Fb/c%20d" },
    { "/ucwa/oauth/v0/applications/1/invitations('6855')", "https://lyncweb.contoso.com/ucwa/oauth/v0/applications/1/invitations('6855')" },
    { "/communication/participantInvitations?conversation=eee0",
      "https://lyncweb.contoso.com/communication/participantInvitations?conversation=eee0" },
    { "/x#fragment", "https://lyncweb.contoso.com/x#fragment" },
    /* A serializer's blanks around the href. */
    { "  /x \n", "https://lyncweb.contoso.com/x" },
    /* data: URIs are content, not addresses: unchanged. */
    { "data:text/plain;charset=utf-8,Hi+Tosh%0d%0a", "data:text/plain;charset=utf-8,Hi+Tosh%0d%0a" },
    { "DATA:,x", "DATA:,x" },
    { " data:,x\n", "data:,x" },
  };
  const char *bad[] = {
    "",
    "   ",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "vbscript:msgbox",
    "file:///etc/passwd",
    "ftp://lyncweb.contoso.com/x",
    "mailto:a@contoso.com",
    "sip:lenea@contoso.com",
    "https://",
    "https:///x",
    "http://[::1",
    "/a%zz",
    "/a%",
    "/a\nb",
    "/a\tb",
    "/a\x01",
    "/a\x7f",
    "/caf\xe9",
    "https://user:password@lyncweb.contoso.com/x",
    "//user@evil.example/x",
    "//%0d%0aevil.example/x",
    "https://evil%2Eexample%0d%0aX-Injected:%201/x",
    "https://ex ample.com/x",
    "https://exa<mple.com/x",
    "https://[::1%0a]/x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char   *resolved = ucwa_uri_resolve (base, good[i].href, &error);

      test_note ("%s", good[i].href);
      g_assert_no_error (error);
      g_assert_cmpstr (resolved, ==, good[i].expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char   *resolved = ucwa_uri_resolve (base, bad[i], &error);

      test_note ("%s", bad[i]);
      g_assert_null (resolved);
      g_assert_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE);
    }

  /* A base parsed with decoding flags: nothing raw in the result. */
  {
    g_autoptr (GUri) decoded_base = g_uri_parse ("https://h/people/a%20b/c%2Fd?x=1", G_URI_FLAGS_NONE, NULL);
    g_autofree char *query = ucwa_uri_resolve (decoded_base, "?ack=2", NULL);
    g_autofree char *sibling = ucwa_uri_resolve (decoded_base, "presence", NULL);

    g_assert_cmpstr (query, ==, "https://h/people/a%20b/c/d?ack=2");
    g_assert_cmpstr (sibling, ==, "https://h/people/a%20b/c/presence");
  }

  /* NULL href, and no base for a relative one. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GError) no_base_error = NULL;
    g_autofree char   *absolute = ucwa_uri_resolve (NULL, "https://lyncweb.contoso.com/x", NULL);
    g_autofree char   *relative = ucwa_uri_resolve (NULL, "/x", &no_base_error);
    g_autofree char   *none = ucwa_uri_resolve (base, NULL, &error);

    g_assert_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE);
    g_assert_null (none);
    g_assert_cmpstr (absolute, ==, "https://lyncweb.contoso.com/x");
    g_assert_null (relative);
    g_assert_error (no_base_error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE);
  }
}

static void
test_uri_same_origin (void)
{
  const struct
  {
    const char *a;
    const char *b;
    gboolean    same;
  } cases[] = {
    { "https://lyncweb.contoso.com/a", "https://lyncweb.contoso.com/b?x=1#y", TRUE },
    { "https://lyncweb.contoso.com/a", "https://LyncWeb.Contoso.COM/b", TRUE },
    { "https://lyncweb.contoso.com/a", "HTTPS://lyncweb.contoso.com/a", TRUE },
    { "https://lyncweb.contoso.com/a", "https://lyncweb.contoso.com:443/a", TRUE },
    { "http://lyncweb.contoso.com/a", "http://lyncweb.contoso.com:80/a", TRUE },
    { "https://lyncweb.contoso.com/a", "https://lyncweb.contoso.com./a", TRUE },
    { "http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b", TRUE },
    { "https://[::1]:8443/a", "https://[::1]:8443/b", TRUE },
    { "https://lyncweb.contoso.com/a", "http://lyncweb.contoso.com/a", FALSE },
    { "https://lyncweb.contoso.com/a", "https://lyncweb.contoso.com:4443/a", FALSE },
    { "https://lyncweb.contoso.com/a", "https://lyncweb.contoso.com:80/a", FALSE },
    { "http://lyncweb.contoso.com/a", "http://lyncweb.contoso.com:443/a", FALSE },
    { "https://lyncweb.contoso.com/a", "https://evil.example/a", FALSE },
    { "https://lyncweb.contoso.com/a", "https://lyncweb.contoso.com.evil.example/a", FALSE },
    { "https://contoso.com/a", "https://lyncweb.contoso.com/a", FALSE },
    { "http://127.0.0.1:8080/a", "http://127.0.0.1:8081/a", FALSE },
    { "http://127.0.0.1:8080/a", "http://localhost:8080/a", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GUri) a = test_parse_uri (cases[i].a);
      g_autoptr (GUri) b = test_parse_uri (cases[i].b);

      test_note ("%s vs %s", cases[i].a, cases[i].b);
      g_assert_cmpint (ucwa_uri_same_origin (a, b), ==, cases[i].same);
      g_assert_cmpint (ucwa_uri_same_origin (b, a), ==, cases[i].same);
    }

  {
    g_autoptr (GUri) a = test_parse_uri ("https://lyncweb.contoso.com/a");
    g_autoptr (GUri) hostless = test_parse_uri ("data:text/plain,x");

    g_assert_false (ucwa_uri_same_origin (a, NULL));
    g_assert_false (ucwa_uri_same_origin (NULL, a));
    g_assert_false (ucwa_uri_same_origin (NULL, NULL));
    g_assert_false (ucwa_uri_same_origin (hostless, hostless));
    g_assert_false (ucwa_uri_same_origin (a, hostless));
  }
}

static void
test_uri_loopback (void)
{
  const struct
  {
    const char *uri;
    gboolean    loopback;
  } cases[] = {
    { "http://127.0.0.1/", TRUE },
    { "http://127.0.0.1:8080/x", TRUE },
    { "http://127.1.2.3/", TRUE },
    { "http://127.255.255.254/", TRUE },
    { "http://[::1]/", TRUE },
    { "http://[::1]:8080/x", TRUE },
    { "http://[0:0:0:0:0:0:0:1]/", TRUE },
    { "http://localhost/", TRUE },
    { "http://LOCALHOST:8080/", TRUE },
    { "http://localhost./", TRUE },
    { "http://127.0.0.1.evil.example/", FALSE },
    { "http://localhost.evil.example/", FALSE },
    { "http://evil-localhost/", FALSE },
    { "http://127.1/", FALSE },
    { "http://0.0.0.0/", FALSE },
    { "http://10.0.0.1/", FALSE },
    { "http://128.0.0.1/", FALSE },
    { "http://[::2]/", FALSE },
    { "http://[::]/", FALSE },
    { "http://lyncweb.contoso.com/", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GUri) uri = test_parse_uri (cases[i].uri);

      test_note ("%s", cases[i].uri);
      g_assert_cmpint (ucwa_uri_is_loopback (uri), ==, cases[i].loopback);
    }

  g_assert_false (ucwa_uri_is_loopback (NULL));
}

static void
test_uri_check_transport (void)
{
  const struct
  {
    const char *uri;
    int         expected; /* -1: allowed */
  } cases[] = {
    { "https://lyncweb.contoso.com/", -1 },
    { "HTTPS://lyncweb.contoso.com/", -1 },
    { "https://127.0.0.1/", -1 },
    { "http://127.0.0.1:8080/", -1 },
    { "http://[::1]:8080/", -1 },
    { "http://localhost/", -1 },
    { "HTTP://LOCALHOST/", -1 },
    { "http://lyncweb.contoso.com/", UCWA_ERROR_INSECURE_TRANSPORT },
    { "http://evil.example/", UCWA_ERROR_INSECURE_TRANSPORT },
    { "http://127.0.0.1.evil.example/", UCWA_ERROR_INSECURE_TRANSPORT },
    { "http://10.0.0.1/", UCWA_ERROR_INSECURE_TRANSPORT },
    { "ftp://lyncweb.contoso.com/", UCWA_ERROR_INVALID_RESPONSE },
    { "ws://127.0.0.1/", UCWA_ERROR_INVALID_RESPONSE },
    { "javascript:alert(1)", UCWA_ERROR_INVALID_RESPONSE },
    { "data:text/plain,x", UCWA_ERROR_INVALID_RESPONSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GUri)   uri = test_parse_uri (cases[i].uri);
      g_autoptr (GError) error = NULL;
      gboolean           ok = ucwa_uri_check_transport (uri, &error);

      test_note ("%s", cases[i].uri);
      if (cases[i].expected < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, UCWA_ERROR, cases[i].expected);
        }
    }

  {
    g_autoptr (GError) error = NULL;

    g_assert_false (ucwa_uri_check_transport (NULL, &error));
    g_assert_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE);
    g_assert_false (ucwa_uri_check_transport (NULL, NULL));
  }
}

static void
test_uri_add_query_param (void)
{
  const struct
  {
    const char *uri;
    const char *name;
    const char *value;
    const char *expected;
  } cases[] = {
    { "https://h/events", "timeout", "900", "https://h/events?timeout=900" },
    { "https://h/events?ack=5", "timeout", "900", "https://h/events?ack=5&timeout=900" },
    { "https://h/events?ack=5&medium=300&low=600", "medium", "60", "https://h/events?ack=5&medium=60&low=600" },
    { "https://h/events?ack=5&Timeout=180&low=600", "timeout", "900", "https://h/events?ack=5&timeout=900&low=600" },
    { "https://h/events?a=1&x=1&b=2&x=2&c=3", "x", "9", "https://h/events?a=1&x=9&b=2&c=3" },
    { "https://h/events?ack=5#frag", "timeout", "900", "https://h/events?ack=5&timeout=900#frag" },
    { "https://h/events#frag", "timeout", "900", "https://h/events?timeout=900#frag" },
    { "https://h/events?", "ack", "1", "https://h/events?ack=1" },
    { "https://h/events?&&ack=1&", "low", "5", "https://h/events?ack=1&low=5" },
    { "https://h:8443/x?ack=1", "a", "b", "https://h:8443/x?ack=1&a=b" },
    { "http://[::1]:8080/x", "a", "b", "http://[::1]:8080/x?a=b" },
    /* The server's own parameters keep their exact encoding. */
    { "https://h/x?to=sip%3Aa%40b&filter=active", "operationId", "42",
      "https://h/x?to=sip%3Aa%40b&filter=active&operationId=42" },
    { "https://h/x?onlineMeetingUri=adhoc", "operationId", "a b&c=d+e#f?g%h",
      "https://h/x?onlineMeetingUri=adhoc&operationId=a%20b%26c%3Dd%2Be%23f%3Fg%25h" },
    { "https://h/x", "sessionContext", "sip:user@contoso.com/x", "https://h/x?sessionContext=sip:user@contoso.com/x" },
    { "https://h/x", "name with space", "v", "https://h/x?name%20with%20space=v" },
    { "https://h/x", "e", "", "https://h/x?e=" },
    { "https://h/x", "u", "ünï", "https://h/x?u=%C3%BCn%C3%AF" },
    /* Relative references work too. */
    { "/ucwa/oauth/v1/applications/104/events?ack=1", "timeout", "900",
      "/ucwa/oauth/v1/applications/104/events?ack=1&timeout=900" },
    { "/x", "a", "1", "/x?a=1" },
    /* NULL removes. */
    { "https://h/events?ack=5&timeout=900&low=600", "timeout", NULL, "https://h/events?ack=5&low=600" },
    { "https://h/events?timeout=900", "timeout", NULL, "https://h/events" },
    { "https://h/events?timeout=900#f", "TIMEOUT", NULL, "https://h/events#f" },
    { "https://h/events", "timeout", NULL, "https://h/events" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *result = ucwa_uri_add_query_param (cases[i].uri, cases[i].name, cases[i].value);

      test_note ("%s + %s=%s", cases[i].uri, cases[i].name, cases[i].value);
      g_assert_cmpstr (result, ==, cases[i].expected);
    }

  g_assert_null (ucwa_uri_add_query_param (NULL, "a", "b"));
  g_assert_null (ucwa_uri_add_query_param ("http://[::1", "a", "b"));
  g_assert_null (ucwa_uri_add_query_param ("https://h/%zz", "a", "b"));
  g_assert_null (ucwa_uri_add_query_param ("data:text/plain,x", "a", "b"));
}

static void
test_uri_get_query_param (void)
{
  const char *uri = "https://h/events?ack=5&Timeout=900&to=sip%3Aa%40b&text=a+b%2Bc&bare&empty=&dup=1&dup=2#ack=9";
  const struct
  {
    const char *name;
    const char *expected;
  } cases[] = {
    { "ack", "5" },
    { "ACK", "5" },
    { "timeout", "900" },
    { "to", "sip:a@b" },
    { "text", "a b+c" },
    { "bare", "" },
    { "empty", "" },
    { "dup", "1" },
    { "missing", NULL },
    { "frag", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *value = ucwa_uri_get_query_param (uri, cases[i].name);

      test_note ("%s", cases[i].name);
      g_assert_cmpstr (value, ==, cases[i].expected);
    }

  g_assert_null (ucwa_uri_get_query_param ("https://h/x", "a"));
  g_assert_null (ucwa_uri_get_query_param ("https://h/x?a=%zz", "a"));
  g_assert_null (ucwa_uri_get_query_param (NULL, "a"));
  g_assert_null (ucwa_uri_get_query_param ("http://[::1", "a"));
  g_assert_null (ucwa_uri_get_query_param ("data:text/plain,x?a=1", "a"));
  {
    g_autofree char *relative = ucwa_uri_get_query_param ("/events?ack=7", "ack");

    g_assert_cmpstr (relative, ==, "7");
  }
}

static void
test_uri_query_round_trip (void)
{
  const char *values[] = {
    "plain",
    "a b",
    "a+b",
    "100%",
    "&=?#/;,",
    "sip:user@contoso.com;gruu;opaque=app:conf:focus:id:ABCDE",
    "ünïcödé ☃",
    "",
    "%2B",
    "'quoted'",
    "\"double\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *uri = ucwa_uri_add_query_param ("https://h/x?ack=1#f", "v", values[i]);
      g_autofree char *back = ucwa_uri_get_query_param (uri, "v");
      g_autofree char *ack = ucwa_uri_get_query_param (uri, "ack");
      g_autoptr (GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);

      test_note ("%s → %s", values[i], uri);
      g_assert_cmpstr (back, ==, values[i]);
      g_assert_cmpstr (ack, ==, "1");
      g_assert_nonnull (parsed);
      g_assert_cmpstr (g_uri_get_fragment (parsed), ==, "f");
      /* Exactly one '?': never concatenated. */
      g_assert_null (strchr (strchr (uri, '?') + 1, '?'));
    }
}

/* Data URIs */

static void
assert_decodes (const char *uri,
                const char *expected_mime,
                const char *expected_data,
                gsize       expected_size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) data = NULL;
  g_autofree char   *mime = NULL;
  gsize              size = 0;
  const char        *bytes;

  test_note ("%s", uri);
  g_assert_true (ucwa_data_uri_decode (uri, &mime, &data, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mime, ==, expected_mime);
  bytes = g_bytes_get_data (data, &size);
  g_assert_cmpmem (bytes, size, expected_data, expected_size);
}

static void
assert_decodes_text (const char *uri,
                     const char *expected,
                     gboolean    expected_html)
{
  g_autoptr (GError) error = NULL;
  gboolean           is_html = !expected_html;
  g_autofree char   *text = ucwa_data_uri_decode_text (uri, &is_html, &error);

  test_note ("%s", uri);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpint (is_html, ==, expected_html);
}

static void
assert_decode_fails (const char *uri,
                     UcwaError   expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) text_error = NULL;
  g_autoptr (GBytes) data = NULL;
  g_autofree char   *mime = NULL;
  g_autofree char   *text = NULL;
  gboolean           is_html = TRUE;

  test_note ("%.80s", uri);
  g_assert_false (ucwa_data_uri_decode (uri, &mime, &data, &error));
  g_assert_error (error, UCWA_ERROR, (int) expected);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_null (mime);
  g_assert_null (data);

  text = ucwa_data_uri_decode_text (uri, &is_html, &text_error);
  g_assert_null (text);
  g_assert_error (text_error, UCWA_ERROR, (int) expected);
  g_assert_false (is_html);
}

static void
test_data_uri_decode (void)
{
  /* Every form PROTOCOL.md §3 lists. */
  assert_decodes ("data:text/plain;charset=utf-8,Hi+Tosh%0d%0a", "text/plain", "Hi Tosh\r\n", 9);
  assert_decodes ("data:text/plain;charset=utf8,URLEncodedMessageString", "text/plain", "URLEncodedMessageString", 23);
  assert_decodes ("data:text/plain;base64,SGVsbG8gV29ybGQ=", "text/plain", "Hello World", 11);
  assert_decodes ("data:text/html;base64,PGI+aGk8L2I+", "text/html", "<b>hi</b>", 9);
  assert_decodes ("data:text/html;charset=utf-8,%3cspan+style%3d%22margin-bottom%3a0pt%3b%22%3eHello!%3c%2fspan%3e",
                  "text/html", "<span style=\"margin-bottom:0pt;\">Hello!</span>", 46);
  assert_decodes ("data:text/plain,Hello+World", "text/plain", "Hello World", 11);
  /* Missing media type: text/plain. */
  assert_decodes ("data:,Hello", "text/plain", "Hello", 5);
  assert_decodes ("data:;base64,SGk=", "text/plain", "Hi", 2);
  assert_decodes ("data:;charset=utf-8,Hi", "text/plain", "Hi", 2);
  assert_decodes ("data:base64,SGk=", "text/plain", "Hi", 2);
  /* Case, parameters, order. */
  assert_decodes ("DATA:TEXT/PLAIN;CHARSET=UTF-8;BASE64,SGk=", "text/plain", "Hi", 2);
  assert_decodes ("data:text/plain;format=flowed;charset=utf-8,Hi", "text/plain", "Hi", 2);
  assert_decodes ("data:application/sdp;base64,dj0w", "application/sdp", "v=0", 3);
  assert_decodes ("data:text/plain; charset=\"utf-8\" ,Hi", "text/plain", "Hi", 2);
  /* %-escapes, including ones for '+' and NUL, and raw UTF-8. */
  assert_decodes ("data:,a%2Bb%25c", "text/plain", "a+b%c", 5);
  assert_decodes ("data:,a%00b", "text/plain", "a\0b", 3);
  assert_decodes ("data:,caf%C3%A9", "text/plain", "caf\xc3\xa9", 5);
  assert_decodes ("data:,caf\xc3\xa9", "text/plain", "caf\xc3\xa9", 5);
  assert_decodes ("data:,", "text/plain", "", 0);
  assert_decodes ("data:;base64,", "text/plain", "", 0);
  /* base64: padding optional, line breaks ignored, URL-safe alphabet,
   * %-escaped characters, '+' being a digit. */
  assert_decodes ("data:;base64,SGVsbG8", "text/plain", "Hello", 5);
  assert_decodes ("data:;base64,SGVs%0D%0AbG8=", "text/plain", "Hello", 5);
  assert_decodes ("data:;base64,SGVs bG8=", "text/plain", "Hello", 5);
  assert_decodes ("data:;base64,-_8=", "text/plain", "\xfb\xff", 2);
  assert_decodes ("data:;base64,+/8=", "text/plain", "\xfb\xff", 2);
  assert_decodes ("data:;base64,%2B%2F8%3D", "text/plain", "\xfb\xff", 2);
  /* Blanks around the whole URI. */
  assert_decodes ("  data:,x \n", "text/plain", "x", 1);

  /* Out parameters are optional. */
  g_assert_true (ucwa_data_uri_decode ("data:,x", NULL, NULL, NULL));
}

static void
test_data_uri_decode_errors (void)
{
  const char *invalid[] = {
    "",
    "text/plain,hi",
    "http://evil.example/x",
    "data",
    "data:text/plain",
    "data:text/plain;base64",
    "data : text/plain;base64,\n      somebase64encodedmessage",
    "data:text/plain,%zz",
    "data:text/plain,%4",
    "data:text/plain,100%",
    "data:text/plain,%",
    "data:text/plain,%%41",
    "data:;base64,@@@@",
    "data:;base64,SGVsbG8=x",
    "data:;base64,SGVsbG8=====",
    "data:;base64,S",
    "data:;base64,SGVsb",
    "data:;base64,SGk=%zz",
    "data:;base64,SG*k",
    "data:;base64,SGk=\xc3\xa9",
    "data:te xt/plain,x",
    "data:/plain,x",
    "data:text/,x",
    "data:text/pl\"ain,x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    assert_decode_fails (invalid[i], UCWA_ERROR_INVALID_RESPONSE);

  assert_decode_fails (NULL, UCWA_ERROR_INVALID_RESPONSE);

  /* Over the cap: decoded size, and a URI too long to even look at. */
  {
    gsize              size = UCWA_DATA_URI_MAX_SIZE + 3;
    g_autofree guchar *payload = g_malloc0 (size);
    g_autofree char   *encoded = g_base64_encode (payload, size);
    g_autofree char   *uri = g_strconcat ("data:;base64,", encoded, NULL);
    g_autofree char   *huge = NULL;
    g_autofree char   *filler = g_strnfill (3 * UCWA_DATA_URI_MAX_SIZE + 10000, 'a');

    assert_decode_fails (uri, UCWA_ERROR_RESPONSE_TOO_LARGE);

    huge = g_strconcat ("data:,", filler, NULL);
    assert_decode_fails (huge, UCWA_ERROR_RESPONSE_TOO_LARGE);
  }

  /* Just under the cap is fine. */
  {
    g_autofree char   *filler = g_strnfill (UCWA_DATA_URI_MAX_SIZE, 'a');
    g_autofree char   *uri = g_strconcat ("data:,", filler, NULL);
    g_autoptr (GBytes) data = NULL;

    g_assert_true (ucwa_data_uri_decode (uri, NULL, &data, NULL));
    g_assert_cmpuint (g_bytes_get_size (data), ==, UCWA_DATA_URI_MAX_SIZE);
  }
}

static void
test_data_uri_decode_text (void)
{
  assert_decodes_text ("data:text/plain;charset=utf-8,Hi+Tosh%0d%0a", "Hi Tosh", FALSE);
  assert_decodes_text ("data:text/plain;charset=utf8,URLEncodedMessageString", "URLEncodedMessageString", FALSE);
  assert_decodes_text ("data:text/plain;base64,SGkgVG9zaA0K", "Hi Tosh", FALSE);
  assert_decodes_text ("data:text/html;base64,PGI+aGk8L2I+", "<b>hi</b>", TRUE);
  assert_decodes_text ("data:text/html;charset=utf-8,%3cspan%3eHello!%3c%2fspan%3e", "<span>Hello!</span>", TRUE);
  assert_decodes_text ("data:,Hello", "Hello", FALSE);
  /* Line ends: CRLF, CR and LF all become LF; trailing ones go. */
  assert_decodes_text ("data:,a%0d%0ab%0dc%0ad%0d%0a%0d%0a%0a", "a\nb\nc\nd", FALSE);
  assert_decodes_text ("data:,%0d%0a%0d%0a", "", FALSE);
  assert_decodes_text ("data:,%0d%0aleading", "\nleading", FALSE);
  assert_decodes_text ("data:,trailing+blanks+stay+", "trailing blanks stay ", FALSE);
  /* Other charsets are converted. */
  assert_decodes_text ("data:text/plain;charset=iso-8859-1,caf%e9", "café", FALSE);
  assert_decodes_text ("data:text/plain;charset=windows-1252,%80+5", "€ 5", FALSE);
  assert_decodes_text ("data:text/plain;charset=utf-16le;base64,SABpAA==", "Hi", FALSE);
  assert_decodes_text ("data:text/plain;charset=US-ASCII,plain", "plain", FALSE);
  /* Invalid UTF-8 is repaired, not refused. */
  assert_decodes_text ("data:text/plain;charset=utf-8,caf%e9", "caf\xef\xbf\xbd", FALSE);
  assert_decodes_text ("data:,%ff%fe", "\xef\xbf\xbd\xef\xbf\xbd", FALSE);
  assert_decodes_text ("data:,a%00b", "a\xef\xbf\xbd"
                                      "b",
                       FALSE);
  /* An unknown charset falls back to repairing the bytes. */
  assert_decodes_text ("data:text/plain;charset=x-no-such-charset,caf%c3%a9", "café", FALSE);
  assert_decodes_text ("data:text/plain;charset=x-no-such-charset,caf%e9", "caf\xef\xbf\xbd", FALSE);
  /* A byte order mark says nothing. */
  assert_decodes_text ("data:,%ef%bb%bfHi", "Hi", FALSE);
  /* The samples' placeholder base64 decodes to noise: still valid UTF-8. */
  {
    g_autofree char *text = ucwa_data_uri_decode_text ("data:text/plain;base64,somebase64encodedmessage", NULL, NULL);

    g_assert_nonnull (text);
    g_assert_true (g_utf8_validate (text, -1, NULL));
  }

  /* Not text. */
  {
    g_autoptr (GError) error = NULL;
    gboolean           is_html = TRUE;
    g_autofree char   *text = ucwa_data_uri_decode_text ("data:application/sdp;base64,dj0w", &is_html, &error);

    g_assert_null (text);
    g_assert_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE);
    g_assert_false (is_html);
  }
}

static void
test_data_uri_encode (void)
{
  const char *texts[] = {
    "Hi Tosh",
    "What's up?",
    "a+b=c & d",
    "100% sure",
    "line one\nline two",
    "ünïcödé ☃ 🎉",
    "<b>not html</b>",
    "#?/;,:@",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char   *uri = ucwa_data_uri_encode_text (texts[i]);
      g_autoptr (GError) error = NULL;
      g_autofree char   *back = NULL;
      const char        *payload;

      test_note ("%s → %s", texts[i], uri);
      g_assert_true (g_str_has_prefix (uri, "data:text/plain;charset=utf-8,"));
      payload = uri + strlen ("data:text/plain;charset=utf-8,");
      /* Nothing the other side could read two ways. */
      g_assert_null (strpbrk (payload, "+ ,;#?\n"));

      back = ucwa_data_uri_decode_text (uri, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (back, ==, texts[i]);
    }

  {
    g_autofree char *empty = ucwa_data_uri_encode_text (NULL);
    g_autofree char *invalid = ucwa_data_uri_encode_text ("caf\xe9");
    g_autofree char *back = ucwa_data_uri_decode_text (invalid, NULL, NULL);
    g_autofree char *spaces = ucwa_data_uri_encode_text ("a b");

    g_assert_cmpstr (empty, ==, "data:text/plain;charset=utf-8,");
    g_assert_cmpstr (back, ==, "caf\xef\xbf\xbd");
    g_assert_cmpstr (spaces, ==, "data:text/plain;charset=utf-8,a%20b");
  }
}

static void
test_html_to_text (void)
{
  const struct
  {
    const char *html;
    const char *text;
  } cases[] = {
    { "<span style=\"margin-bottom:0pt;font-size:10pt;line-height:normal;\">Hello!</span>", "Hello!" },
    { "plain", "plain" },
    { "a<br>b<br/>c<BR />d<br\n>e", "a\nb\nc\nd\ne" },
    { "a<br><br>b", "a\n\nb" },
    { "&amp; &lt; &gt; &quot; &#39; &apos;", "& < > \" ' '" },
    { "&#233;&#xE9;&#XE9;&#x1F600;", "ééé😀" },
    { "a&nbsp;&nbsp;b", "a  b" },
    { "&unknown; & &; &amp &#; &#x; &#12a;", "&unknown; & &; &amp &#; &#x; &#12a;" },
    { "&#0;&#xD800;&#1114112;&#1;", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
    { "&#99999999999999;", "&#99999999999999;" },
    { "a&#10;b", "a\nb" },
    { "<p>one</p><p>two</p>", "one\ntwo" },
    { "<div>x</div>y", "x\ny" },
    { "<ul><li>a</li><li>b</li></ul>", "a\nb" },
    { "  lots   of \n\t whitespace  ", "lots of whitespace" },
    { "<b> bold </b> text", "bold text" },
    { "a <br> b", "a\nb" },
    { "<script>alert('<b>')</script>ok", "ok" },
    { "<STYLE type=\"text/css\">p { color: red }</STYLE>ok", "ok" },
    { "<!-- <b>comment</b> -->x", "x" },
    { "<?xml version=\"1.0\"?><!DOCTYPE html><p>x</p>", "x" },
    { "a < b and c > d", "a < b and c > d" },
    { "1<2", "1<2" },
    { "<a href=\"x>y\" title='a>b'>link</a>", "link" },
    { "x<b", "x" },
    { "x<!-- never closed", "x" },
    { "<script>never closed", "" },
    { "", "" },
    { "<br>", "" },
    { "caf\xe9", "caf\xef\xbf\xbd" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ucwa_html_to_text (cases[i].html);

      test_note ("%s", cases[i].html);
      g_assert_cmpstr (text, ==, cases[i].text);
    }

  g_assert_null (ucwa_html_to_text (NULL));

  /* A text full of '&' and '<' stays linear and safe. */
  {
    g_autoptr (GString) hostile = g_string_new (NULL);
    g_autofree char    *text = NULL;

    for (guint i = 0; i < 100000; i++)
      g_string_append (hostile, i % 2 ? "&" : "< ");
    text = ucwa_html_to_text (hostile->str);
    g_assert_nonnull (text);
    g_assert_true (g_utf8_validate (text, -1, NULL));
  }
}

/* Challenge */

static UcwaChallenge *
parse_challenge (const char *const *values)
{
  g_autoptr (GError) error = NULL;
  UcwaChallenge     *challenge = ucwa_challenge_parse (values, &error);

  g_assert_no_error (error);
  g_assert_nonnull (challenge);
  return challenge;
}

static void
assert_grants (const UcwaChallenge *challenge,
               const char *const   *expected)
{
  g_assert_nonnull (challenge->grant_types);
  g_assert_cmpstrv (challenge->grant_types, expected);
}

static void
test_challenge_forms (void)
{
  const char *all_grants[] = { "urn:microsoft.rtc:windows", "urn:microsoft.rtc:anonmeeting", "password", NULL };
  const char *msrtc_quoted =
    "MsRtcOAuth href=\"https://lyncweb.contoso.com/WebTicket/oauthtoken\","
    "grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\"";
  const char *bearer =
    "Bearer trusted_issuers=\"00000002-0000-0ff1-ce00-000000000000@contoso.com\", "
    "client_id=\"00000004-0000-0ff1-ce00-000000000000\"";
  const struct
  {
    const char *values[4];
    const char *href;
  } cases[] = {
    /* CreateAnApplication: two header lines, quoted. */
    { { bearer, msrtc_quoted, NULL }, "https://lyncweb.contoso.com/WebTicket/oauthtoken" },
    { { msrtc_quoted, bearer, NULL }, "https://lyncweb.contoso.com/WebTicket/oauthtoken" },
    { { msrtc_quoted, NULL }, "https://lyncweb.contoso.com/WebTicket/oauthtoken" },
    /* AuthenticationInUCWA: unquoted href. */
    { { "MsRtcOAuth href=https://contoso.com/WebTicket/oauthtoken,"
        "grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\"",
        NULL },
      "https://contoso.com/WebTicket/oauthtoken" },
    /* lync2013: both folded into one value. */
    { { "Bearer trusted_issuers=\"00000002-0000-0ff1-ce00-000000000000@contoso.com\", "
        "client_id=\"00000004-0000-0ff1-ce00-000000000000\",MsRtcOAuth "
        "href=\"https://lyncweb.contoso.com/WebTicket/oauthtoken\","
        "grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\"",
        NULL },
      "https://lyncweb.contoso.com/WebTicket/oauthtoken" },
    /* Folded, unquoted, a Bearer after it. */
    { { "MsRtcOAuth href=https://x.example/WebTicket/oauthtoken,"
        "grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\", "
        "Bearer realm=\"y\", client_id=\"z\"",
        NULL },
      "https://x.example/WebTicket/oauthtoken" },
    /* Extra blanks everywhere, parameters reversed, cases mixed. */
    { { "  msrtcoauth   GRANT_TYPE = \"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\" ,"
        "   Href =  \"https://x.example/t\"  ,  ",
        NULL },
      "https://x.example/t" },
    /* SfB Online's Bearer with authorization_uri. */
    { { "Bearer trusted_issuers=\"00000001-0000-0000-c000-000000000000@*\", "
        "client_id=\"00000004-0000-0ff1-ce00-000000000000\", "
        "authorization_uri=\"https://login.windows.net/common/oauth2/authorize\"",
        "MsRtcOAuth href=\"https://webdir0b.online.lync.com/WebTicket/oauthtoken\","
        "grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\"",
        NULL },
      "https://webdir0b.online.lync.com/WebTicket/oauthtoken" },
    /* Escaped quotes inside a quoted value. */
    { { "MsRtcOAuth href=\"https://x.example/t?a=\\\"b\\\"\","
        "grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\"",
        NULL },
      "https://x.example/t?a=\"b\"" },
    /* A token68 challenge in front. */
    { { "Negotiate YIIB+/abc==, NTLM, MsRtcOAuth href=\"https://x.example/t\","
        "grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\"",
        NULL },
      "https://x.example/t" },
    /* An unquoted href with a comma that does not start a parameter. */
    { { "MsRtcOAuth href=https://x.example/a,b/c,"
        "grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\"",
        NULL },
      "https://x.example/a,b/c" },
    /* An unquoted href ended by a blank instead of a comma. */
    { { "MsRtcOAuth href=https://x.example/t "
        "grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\"",
        NULL },
      "https://x.example/t" },
    /* Only the first MsRtcOAuth counts. */
    { { msrtc_quoted, "MsRtcOAuth href=\"https://evil.example/t\",grant_type=\"password\"", NULL },
      "https://lyncweb.contoso.com/WebTicket/oauthtoken" },
    /* A relative href is handed over as sent. */
    { { "MsRtcOAuth href=\"/WebTicket/oauthtoken\","
        "grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\"",
        NULL },
      "/WebTicket/oauthtoken" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (UcwaChallenge) challenge = parse_challenge (cases[i].values);

      test_note ("case %u: %s", i, cases[i].values[0]);
      g_assert_cmpstr (challenge->href, ==, cases[i].href);
      if (i != 12)
        assert_grants (challenge, all_grants);
      g_assert_true (ucwa_challenge_supports_grant (challenge, "password"));
      g_assert_true (ucwa_challenge_supports_grant (challenge, "urn:microsoft.rtc:windows"));
      g_assert_false (ucwa_challenge_supports_grant (challenge, "urn:microsoft.rtc:passive"));
      g_assert_false (ucwa_challenge_supports_grant (challenge, "pass"));
    }
}

static void
test_challenge_grants (void)
{
  const char *values_spaced[] = { "MsRtcOAuth href=\"https://x/t\",grant_type=\" password , ,urn:microsoft.rtc:passive ,\"", NULL };
  const char *values_none[] = { "MsRtcOAuth href=\"https://x/t\"", NULL };
  const char *values_passive[] = { "MsRtcOAuth href=\"https://x/t\",grant_type=\"urn:microsoft.rtc:passive\"", NULL };
  const char *values_unquoted[] = { "MsRtcOAuth href=\"https://x/t\",grant_type=password", NULL };
  /* The field sample, cut off in the middle of the quoted list. */
  const char *values_truncated[] = {
    "MsRtcOAuth href=\"https://webdir0b.online.lync.com/WebTicket/oauthtoken\",\n"
    "    grant_type=\"urn:microsoft.rtc:passive,urn:microsoft.rtc:anonmeeti",
    NULL
  };
  const char               *expect_spaced[] = { "password", "urn:microsoft.rtc:passive", NULL };
  const char               *expect_none[] = { NULL };
  const char               *expect_unquoted[] = { "password", NULL };
  const char               *expect_truncated[] = { "urn:microsoft.rtc:passive", "urn:microsoft.rtc:anonmeeti", NULL };
  g_autoptr (UcwaChallenge) spaced = parse_challenge (values_spaced);
  g_autoptr (UcwaChallenge) none = parse_challenge (values_none);
  g_autoptr (UcwaChallenge) passive = parse_challenge (values_passive);
  g_autoptr (UcwaChallenge) unquoted = parse_challenge (values_unquoted);
  g_autoptr (UcwaChallenge) truncated = parse_challenge (values_truncated);

  assert_grants (spaced, expect_spaced);
  g_assert_true (ucwa_challenge_supports_grant (spaced, "PASSWORD"));

  /* No list at all restricts nothing. */
  assert_grants (none, expect_none);
  g_assert_true (ucwa_challenge_supports_grant (none, "password"));

  g_assert_false (ucwa_challenge_supports_grant (passive, "password"));
  g_assert_true (ucwa_challenge_supports_grant (passive, "urn:microsoft.rtc:passive"));

  assert_grants (unquoted, expect_unquoted);

  g_assert_cmpstr (truncated->href, ==, "https://webdir0b.online.lync.com/WebTicket/oauthtoken");
  assert_grants (truncated, expect_truncated);
  g_assert_false (ucwa_challenge_supports_grant (truncated, "password"));
}

static void
test_challenge_missing (void)
{
  const char *bearer_only[] = {
    "Bearer trusted_issuers=\"00000002-0000-0ff1-ce00-000000000000@contoso.com\", client_id=\"00000004\"", NULL
  };
  const char        *other_schemes[] = { "Negotiate", "NTLM", "Basic realm=\"MsRtcOAuth href=https://x/t\"", NULL };
  const char        *as_parameter[] = { "Bearer MsRtcOAuth=\"x\", href=\"https://evil.example/t\"", NULL };
  const char        *prefix_only[] = { "MsRtcOAuthX href=\"https://evil.example/t\"", NULL };
  const char        *empty_values[] = { "", " ", ",,,", NULL };
  const char        *no_values[] = { NULL };
  const char *const *cases[] = { bearer_only, other_schemes, as_parameter, prefix_only, empty_values, no_values, NULL };

  for (guint i = 0; cases[i] != NULL; i++)
    {
      g_autoptr (GError)        error = NULL;
      g_autoptr (UcwaChallenge) challenge = ucwa_challenge_parse (cases[i], &error);

      test_note ("case %u", i);
      g_assert_null (challenge);
      g_assert_error (error, UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED);
      g_assert_cmpstr (error->message, ==, "The server offers no supported sign-in method");
    }

  {
    g_autoptr (GError)        error = NULL;
    g_autoptr (UcwaChallenge) challenge = ucwa_challenge_parse (NULL, &error);

    g_assert_null (challenge);
    g_assert_error (error, UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED);
  }

  /* MsRtcOAuth, but nowhere to send the password. */
  {
    const char        *no_href[] = { "MsRtcOAuth grant_type=\"password\"", NULL };
    const char        *empty_href[] = { "MsRtcOAuth href=\"\",grant_type=\"password\"", NULL };
    const char        *bare[] = { "MsRtcOAuth", NULL };
    const char *const *missing[] = { no_href, empty_href, bare, NULL };

    for (guint i = 0; missing[i] != NULL; i++)
      {
        g_autoptr (GError)        error = NULL;
        g_autoptr (UcwaChallenge) challenge = ucwa_challenge_parse (missing[i], &error);

        g_assert_null (challenge);
        g_assert_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE);
      }
  }

  ucwa_challenge_free (NULL);
}

static void
test_challenge_hostile (void)
{
  const char *junk[] = {
    "\"\"\",,,==",
    "MsRtcOAuth href=\"",
    "MsRtcOAuth href=\"\\",
    "MsRtcOAuth href=",
    "MsRtcOAuth href=,grant_type=",
    "= = = =",
    "MsRtcOAuth ==href",
    "\x01\x02\x03 MsRtcOAuth",
    "MsRtcOAuth\thref=\"https://x/t\"\tgrant_type=\"password\"",
    "MsRtcOAuth href=\"https://x/t\" grant_type=\"password\" garbage \"more",
  };
  g_autoptr (GString) long_header = g_string_new ("MsRtcOAuth ");

  for (guint i = 0; i < G_N_ELEMENTS (junk); i++)
    {
      const char               *values[] = { junk[i], NULL };
      g_autoptr (GError)        error = NULL;
      g_autoptr (UcwaChallenge) challenge = ucwa_challenge_parse (values, &error);

      test_note ("%s", junk[i]);
      g_assert_true ((challenge == NULL) != (error == NULL));
      if (challenge != NULL)
        {
          g_assert_nonnull (challenge->href);
          g_assert_nonnull (challenge->grant_types);
        }
    }

  /* A header long enough to be an attack is refused outright. */
  while (long_header->len < 100 * 1024)
    g_string_append (long_header, "a=\"b\", ");
  g_string_append (long_header, "href=\"https://x/t\"");
  {
    const char               *values[] = { long_header->str, NULL };
    g_autoptr (GError)        error = NULL;
    g_autoptr (UcwaChallenge) challenge = ucwa_challenge_parse (values, &error);

    g_assert_null (challenge);
    g_assert_error (error, UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED);
  }
}

/* Resources */

static void
test_resource_scalars (void)
{
  g_autoptr (JsonNode) root = parse_json (
    "{\"s\":\"text\",\"n\":42,\"d\":3600.0,\"f\":1.5,\"big\":1e30,\"b\":true,\"bf\":false,"
    "\"st\":\"true\",\"sf\":\"FALSE\",\"sn\":\" 3600 \",\"sx\":\"12abc\",\"null\":null,"
    "\"o\":{\"a\":1},\"a\":[1,2],\"empty\":\"\"}");
  JsonObject *object = json_node_get_object (root);

  g_assert_cmpstr (ucwa_resource_get_string (object, "s"), ==, "text");
  g_assert_cmpstr (ucwa_resource_get_string (object, "empty"), ==, "");
  g_assert_null (ucwa_resource_get_string (object, "n"));
  g_assert_null (ucwa_resource_get_string (object, "b"));
  g_assert_null (ucwa_resource_get_string (object, "null"));
  g_assert_null (ucwa_resource_get_string (object, "o"));
  g_assert_null (ucwa_resource_get_string (object, "a"));
  g_assert_null (ucwa_resource_get_string (object, "missing"));
  g_assert_null (ucwa_resource_get_string (NULL, "s"));

  g_assert_true (ucwa_resource_get_boolean (object, "b", FALSE));
  g_assert_false (ucwa_resource_get_boolean (object, "bf", TRUE));
  g_assert_true (ucwa_resource_get_boolean (object, "st", FALSE));
  g_assert_false (ucwa_resource_get_boolean (object, "sf", TRUE));
  g_assert_true (ucwa_resource_get_boolean (object, "s", TRUE));
  g_assert_false (ucwa_resource_get_boolean (object, "s", FALSE));
  g_assert_true (ucwa_resource_get_boolean (object, "n", TRUE));
  g_assert_true (ucwa_resource_get_boolean (object, "null", TRUE));
  g_assert_true (ucwa_resource_get_boolean (object, "o", TRUE));
  g_assert_true (ucwa_resource_get_boolean (object, "missing", TRUE));
  g_assert_true (ucwa_resource_get_boolean (NULL, "b", TRUE));

  g_assert_cmpint (ucwa_resource_get_int (object, "n", -1), ==, 42);
  g_assert_cmpint (ucwa_resource_get_int (object, "d", -1), ==, 3600);
  g_assert_cmpint (ucwa_resource_get_int (object, "sn", -1), ==, 3600);
  g_assert_cmpint (ucwa_resource_get_int (object, "f", -1), ==, -1);
  g_assert_cmpint (ucwa_resource_get_int (object, "big", -1), ==, -1);
  g_assert_cmpint (ucwa_resource_get_int (object, "sx", -1), ==, -1);
  g_assert_cmpint (ucwa_resource_get_int (object, "s", -1), ==, -1);
  g_assert_cmpint (ucwa_resource_get_int (object, "b", -1), ==, -1);
  g_assert_cmpint (ucwa_resource_get_int (object, "null", -1), ==, -1);
  g_assert_cmpint (ucwa_resource_get_int (object, "a", -1), ==, -1);
  g_assert_cmpint (ucwa_resource_get_int (object, "missing", 7), ==, 7);
  g_assert_cmpint (ucwa_resource_get_int (NULL, "n", 7), ==, 7);
}

static void
test_resource_strv (void)
{
  g_autoptr (JsonNode) root = parse_json (
    "{\"modalities\":[\"Messaging\",\"Audio\"],\"mixed\":[\"a\",1,null,{\"x\":\"y\"},\"b\",[\"c\"]],"
    "\"empty\":[],\"single\":\"Plain\",\"object\":{\"a\":\"b\"},\"number\":5}");
  JsonObject    *object = json_node_get_object (root);
  const char    *expect_modalities[] = { "Messaging", "Audio", NULL };
  const char    *expect_mixed[] = { "a", "b", NULL };
  const char    *expect_empty[] = { NULL };
  const char    *expect_single[] = { "Plain", NULL };
  g_auto (GStrv) modalities = ucwa_resource_dup_strv (object, "modalities");
  g_auto (GStrv) mixed = ucwa_resource_dup_strv (object, "mixed");
  g_auto (GStrv) empty = ucwa_resource_dup_strv (object, "empty");
  g_auto (GStrv) single = ucwa_resource_dup_strv (object, "single");

  g_assert_cmpstrv (modalities, expect_modalities);
  g_assert_cmpstrv (mixed, expect_mixed);
  g_assert_nonnull (empty);
  g_assert_cmpstrv (empty, expect_empty);
  g_assert_cmpstrv (single, expect_single);
  g_assert_null (ucwa_resource_dup_strv (object, "object"));
  g_assert_null (ucwa_resource_dup_strv (object, "number"));
  g_assert_null (ucwa_resource_dup_strv (object, "missing"));
  g_assert_null (ucwa_resource_dup_strv (NULL, "modalities"));
}

static void
test_resource_links (void)
{
  g_autoptr (GUri)     base = test_parse_uri ("https://lyncweb.contoso.com/ucwa/oauth/v1/applications/104");
  g_autoptr (JsonNode) root = parse_json (
    "{\"_links\":{"
    "  \"self\":{\"href\":\"/ucwa/oauth/v1/applications/104\"},"
    "  \"participant\":{\"href\":\"/p/lenea@contoso.com\",\"title\":\"Lene Aaling\"},"
    "  \"failedDeliveryParticipant\":[{\"href\":\"/p/1\",\"title\":\"One\"},{\"href\":\"/p/2\"}],"
    "  \"skipJunk\":[5,\"x\",{\"href\":\"/p/3\"}],"
    "  \"emptyArray\":[],"
    "  \"hrefNumber\":{\"href\":5,\"title\":7},"
    "  \"string\":\"/not/a/link\","
    "  \"message\":{\"href\":\"data:text/plain;charset=utf-8,Hi+Tosh%0d%0a\"},"
    "  \"evil\":{\"href\":\"javascript:alert(1)\"},"
    "  \"absolute\":{\"href\":\"https://other.contoso.com/x\"}"
    "},"
    "\"_embedded\":{"
    "  \"me\":{\"name\":\"Tosh\",\"rel\":\"me\"},"
    "  \"acceptedByParticipant\":[{\"name\":\"First\"},{\"name\":\"Second\"}],"
    "  \"junkArray\":[1,\"x\",{\"name\":\"Object\"}],"
    "  \"emptyArray\":[],"
    "  \"string\":\"x\""
    "}}");
  g_autoptr (JsonNode) wrong_types = parse_json ("{\"_links\":[{\"self\":{\"href\":\"/x\"}}],\"_embedded\":\"x\"}");
  JsonObject          *object = json_node_get_object (root);
  JsonObject          *wrong = json_node_get_object (wrong_types);
  JsonObject          *embedded;

  g_assert_cmpstr (ucwa_resource_get_link_href (object, "self"), ==, "/ucwa/oauth/v1/applications/104");
  g_assert_null (ucwa_resource_get_link_title (object, "self"));
  g_assert_cmpstr (ucwa_resource_get_link_title (object, "participant"), ==, "Lene Aaling");
  g_assert_cmpstr (ucwa_resource_get_link_href (object, "failedDeliveryParticipant"), ==, "/p/1");
  g_assert_cmpstr (ucwa_resource_get_link_title (object, "failedDeliveryParticipant"), ==, "One");
  g_assert_cmpstr (ucwa_resource_get_link_href (object, "skipJunk"), ==, "/p/3");
  g_assert_null (ucwa_resource_get_link_href (object, "emptyArray"));
  g_assert_null (ucwa_resource_get_link_href (object, "hrefNumber"));
  g_assert_null (ucwa_resource_get_link_title (object, "hrefNumber"));
  g_assert_null (ucwa_resource_get_link_href (object, "string"));
  g_assert_null (ucwa_resource_get_link_href (object, "missing"));
  g_assert_null (ucwa_resource_get_link_href (wrong, "self"));
  g_assert_null (ucwa_resource_get_link_href (NULL, "self"));

  {
    g_autofree char *self = ucwa_resource_dup_link (object, "self", base);
    g_autofree char *message = ucwa_resource_dup_link (object, "message", base);
    g_autofree char *evil = ucwa_resource_dup_link (object, "evil", base);
    g_autofree char *absolute = ucwa_resource_dup_link (object, "absolute", base);
    g_autofree char *array = ucwa_resource_dup_link (object, "failedDeliveryParticipant", base);
    g_autofree char *missing = ucwa_resource_dup_link (object, "missing", base);
    g_autofree char *no_base = ucwa_resource_dup_link (object, "self", NULL);

    g_assert_cmpstr (self, ==, "https://lyncweb.contoso.com/ucwa/oauth/v1/applications/104");
    g_assert_cmpstr (message, ==, "data:text/plain;charset=utf-8,Hi+Tosh%0d%0a");
    g_assert_null (evil);
    g_assert_cmpstr (absolute, ==, "https://other.contoso.com/x");
    g_assert_cmpstr (array, ==, "https://lyncweb.contoso.com/p/1");
    g_assert_null (missing);
    g_assert_null (no_base);
  }

  embedded = ucwa_resource_get_embedded (object, "me");
  g_assert_nonnull (embedded);
  g_assert_cmpstr (ucwa_resource_get_string (embedded, "name"), ==, "Tosh");
  embedded = ucwa_resource_get_embedded (object, "acceptedByParticipant");
  g_assert_cmpstr (ucwa_resource_get_string (embedded, "name"), ==, "First");
  embedded = ucwa_resource_get_embedded (object, "junkArray");
  g_assert_cmpstr (ucwa_resource_get_string (embedded, "name"), ==, "Object");
  g_assert_null (ucwa_resource_get_embedded (object, "emptyArray"));
  g_assert_null (ucwa_resource_get_embedded (object, "string"));
  g_assert_null (ucwa_resource_get_embedded (object, "missing"));
  g_assert_null (ucwa_resource_get_embedded (wrong, "self"));
  g_assert_null (ucwa_resource_get_embedded (NULL, "me"));
}

static void
test_resource_dates (void)
{
  const struct
  {
    const char *text;
    gint64      ms;
  } cases[] = {
    { "/Date(1383784870271)/", G_GINT64_CONSTANT (1383784870271) },
    { "\\/Date(1383784870271)\\/", G_GINT64_CONSTANT (1383784870271) },
    { "/Date(1383784870271+0100)/", G_GINT64_CONSTANT (1383784870271) },
    { "/Date(1383784870271-0800)/", G_GINT64_CONSTANT (1383784870271) },
    { " /Date(1383784870271)/ ", G_GINT64_CONSTANT (1383784870271) },
    { "Date(1383784870271)", G_GINT64_CONSTANT (1383784870271) },
    { "/Date(-1000)/", -1000 },
    { "/Date(0)/", 0 },
    { "2014-06-02T21:00:13.1350704Z", G_GINT64_CONSTANT (1401742813135) },
    { "2014-06-02T21:00:13Z", G_GINT64_CONSTANT (1401742813000) },
    { "2014-06-02T21:00:13", G_GINT64_CONSTANT (1401742813000) },
    { "2014-06-02T21:00:13+02:00", G_GINT64_CONSTANT (1401735613000) },
    { "", 0 },
    { "/Date()/", 0 },
    { "/Date(abc)/", 0 },
    { "/Date(123", 0 },
    { "/Date(123)/x", 0 },
    { "/Date(12 3)/", 0 },
    { "/Date(99999999999999999999)/", 0 },
    { "/Date(1383784870271+)/", 0 },
    { "Tuesday", 0 },
    { "2014", 0 },
    { "2014-13-45T99:99:99Z", 0 },
    { "1383784870271", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      test_note ("%s", cases[i].text);
      g_assert_cmpint (ucwa_resource_parse_date (cases[i].text), ==, cases[i].ms);
    }

  g_assert_cmpint (ucwa_resource_parse_date (NULL), ==, 0);

  /* What json-glib makes of the wire form. */
  {
    g_autoptr (JsonNode) root = parse_json ("{\"timeStamp\":\"\\/Date(1383784870271)\\/\"}");
    const char          *value = ucwa_resource_get_string (json_node_get_object (root), "timeStamp");

    g_assert_cmpstr (value, ==, "/Date(1383784870271)/");
    g_assert_cmpint (ucwa_resource_parse_date (value), ==, G_GINT64_CONSTANT (1383784870271));
  }
}

/* Events */

static UcwaEventBatch *
parse_batch (const char *json,
             GError    **error)
{
  g_autoptr (GUri)     base = test_parse_uri ("https://lyncweb.contoso.com/ucwa/oauth/v1/applications/104/events?ack=1");
  g_autoptr (JsonNode) root = parse_json (json);

  return ucwa_event_batch_parse (root, base, error);
}

static UcwaEvent *
event_at (UcwaEventBatch *batch,
          guint           index)
{
  g_assert_cmpuint (index, <, batch->events->len);
  return g_ptr_array_index (batch->events, index);
}

#define APP "https://lyncweb.contoso.com/ucwa/oauth/v1/applications/104"

static void
test_event_full (void)
{
  g_autoptr (GError)         error = NULL;
  g_autoptr (UcwaEventBatch) batch = parse_batch (
    "{\"_links\":{\"self\":{\"href\":\"/ucwa/oauth/v1/applications/104/events?ack=2\"},"
    "             \"next\":{\"href\":\"/ucwa/oauth/v1/applications/104/events?ack=3\"}},"
    " \"sender\":["
    "  {\"rel\":\"communication\",\"href\":\"/ucwa/oauth/v1/applications/104/communication\",\"events\":["
    "    {\"link\":{\"rel\":\"messagingInvitation\",\"href\":\"communication/messagingInvitations/1\"},"
    "     \"_embedded\":{\"messagingInvitation\":{\"state\":\"Connecting\",\"rel\":\"messagingInvitation\"}},"
    "     \"type\":\"started\"},"
    "    {\"link\":{\"rel\":\"messagingInvitation\",\"href\":\"/ucwa/oauth/v1/applications/104/communication/messagingInvitations/1\"},"
    "     \"status\":\"Failure\","
    "     \"reason\":{\"code\":\"RemoteFailure\",\"subcode\":\"Declined\",\"message\":\"Your invitation was declined.\"},"
    "     \"type\":\"completed\"}]},"
    "  {\"rel\":\"conversation\",\"href\":\"/ucwa/oauth/v1/applications/104/communication/conversations/eee0\",\"events\":["
    "    {\"link\":{\"rel\":\"participant\",\"href\":\"/ucwa/oauth/v1/applications/104/communication/conversations/eee0/participants/lenea@contoso.com\",\"title\":\"Lene Aaling\"},"
    "     \"in\":{\"rel\":\"typingParticipants\",\"href\":\"/ucwa/oauth/v1/applications/104/communication/conversations/eee0/messaging/typingParticipants\"},"
    "     \"type\":\"added\"},"
    "    {\"link\":{\"rel\":\"localParticipant\",\"href\":\"/ucwa/oauth/v1/applications/104/communication/conversations/eee0/participants/toshm@contoso.com\"},"
    "     \"_embedded\":{\"participant\":{\"name\":\"Tosh\",\"rel\":\"participant\"}},"
    "     \"type\":\"Added\"},"
    "    {\"link\":{\"rel\":\"futureThing\",\"href\":\"https://other.contoso.com/x\"},\"type\":\"transmogrified\"},"
    "    {\"link\":{\"rel\":\"message\",\"href\":\"/m/1\"},"
    "     \"_embedded\":{\"message\":[{\"direction\":\"Incoming\"}]},\"type\":\"deleted\"},"
    "    {\"link\":{\"rel\":\"conversation\",\"href\":\"/c/1\"},"
    "     \"_embedded\":{\"a\":{},\"b\":{}},\"type\":\"updated\"}"
    "  ]},"
    "  {\"rel\":\"communication\",\"href\":\"/ucwa/oauth/v1/applications/104/communication\",\"events\":["
    "    {\"link\":{\"rel\":\"conversation\",\"href\":\"/c/1\"},\"type\":\"deleted\"}]}"
    " ]}",
    &error);
  UcwaEvent *event;

  g_assert_no_error (error);
  g_assert_nonnull (batch);
  g_assert_cmpstr (batch->self_href, ==, APP "/events?ack=2");
  g_assert_cmpstr (batch->next_href, ==, APP "/events?ack=3");
  g_assert_false (batch->is_resume);
  g_assert_null (batch->resync_href);
  g_assert_cmpuint (batch->events->len, ==, 8);

  event = event_at (batch, 0);
  g_assert_cmpint (event->type, ==, UCWA_EVENT_STARTED);
  g_assert_cmpstr (event->sender_rel, ==, "communication");
  g_assert_cmpstr (event->sender_href, ==, APP "/communication");
  g_assert_cmpstr (event->rel, ==, "messagingInvitation");
  /* Relative to the events URL, like any href. */
  g_assert_cmpstr (event->href, ==, APP "/communication/messagingInvitations/1");
  g_assert_null (event->title);
  g_assert_null (event->in_rel);
  g_assert_null (event->in_href);
  g_assert_nonnull (event->embedded);
  g_assert_cmpstr (ucwa_resource_get_string (event->embedded, "state"), ==, "Connecting");
  g_assert_null (event->status);
  g_assert_null (event->reason_code);

  event = event_at (batch, 1);
  g_assert_cmpint (event->type, ==, UCWA_EVENT_COMPLETED);
  g_assert_null (event->embedded);
  g_assert_cmpstr (event->status, ==, "Failure");
  g_assert_cmpstr (event->reason_code, ==, "RemoteFailure");
  g_assert_cmpstr (event->reason_subcode, ==, "Declined");
  g_assert_cmpstr (event->reason_message, ==, "Your invitation was declined.");

  event = event_at (batch, 2);
  g_assert_cmpint (event->type, ==, UCWA_EVENT_ADDED);
  g_assert_cmpstr (event->sender_rel, ==, "conversation");
  g_assert_cmpstr (event->sender_href, ==, APP "/communication/conversations/eee0");
  g_assert_cmpstr (event->title, ==, "Lene Aaling");
  g_assert_cmpstr (event->in_rel, ==, "typingParticipants");
  g_assert_cmpstr (event->in_href, ==, APP "/communication/conversations/eee0/messaging/typingParticipants");

  /* Embedded under another key than the link rel: the only one counts;
   * the type is read case-insensitively. */
  event = event_at (batch, 3);
  g_assert_cmpint (event->type, ==, UCWA_EVENT_ADDED);
  g_assert_nonnull (event->embedded);
  g_assert_cmpstr (ucwa_resource_get_string (event->embedded, "name"), ==, "Tosh");

  /* Unknown types are kept for whoever knows better. */
  event = event_at (batch, 4);
  g_assert_cmpint (event->type, ==, UCWA_EVENT_UNKNOWN);
  g_assert_cmpstr (event->href, ==, "https://other.contoso.com/x");

  event = event_at (batch, 5);
  g_assert_cmpint (event->type, ==, UCWA_EVENT_DELETED);
  g_assert_cmpstr (ucwa_resource_get_string (event->embedded, "direction"), ==, "Incoming");

  /* Two candidates and none by the rel: ambiguous, so none. */
  event = event_at (batch, 6);
  g_assert_null (event->embedded);

  /* The same sender may come back later; order is the server's. */
  event = event_at (batch, 7);
  g_assert_cmpstr (event->sender_rel, ==, "communication");
  g_assert_cmpint (event->type, ==, UCWA_EVENT_DELETED);
}

static void
test_event_bad_events_skipped (void)
{
  g_autoptr (GError)         error = NULL;
  g_autoptr (UcwaEventBatch) batch = parse_batch (
    "{\"_links\":{\"next\":{\"href\":\"?ack=3\"}},"
    " \"sender\":["
    "  5, null, \"x\", [],"
    "  {\"href\":\"/no/rel\",\"events\":[{\"link\":{\"rel\":\"a\",\"href\":\"/a\"},\"type\":\"added\"}]},"
    "  {\"rel\":\"norhref\",\"events\":[{\"link\":{\"rel\":\"a\",\"href\":\"/a\"},\"type\":\"added\"}]},"
    "  {\"rel\":\"evil\",\"href\":\"javascript:x\",\"events\":[{\"link\":{\"rel\":\"a\",\"href\":\"/a\"},\"type\":\"added\"}]},"
    "  {\"rel\":\"data\",\"href\":\"data:,x\",\"events\":[{\"link\":{\"rel\":\"a\",\"href\":\"/a\"},\"type\":\"added\"}]},"
    "  {\"rel\":\"noevents\",\"href\":\"/s\"},"
    "  {\"rel\":\"nullevents\",\"href\":\"/s\",\"events\":null},"
    "  {\"rel\":\"objectevents\",\"href\":\"/s\",\"events\":{\"link\":{\"rel\":\"a\",\"href\":\"/a\"},\"type\":\"added\"}},"
    "  {\"rel\":\"conversation\",\"href\":\"/s\",\"events\":["
    "    {\"link\":{\"rel\":\"first\",\"href\":\"/1\"},\"type\":\"added\"},"
    "    7, null, \"event\", [],"
    "    {\"type\":\"added\"},"
    "    {\"link\":null,\"type\":\"added\"},"
    "    {\"link\":\"/x\",\"type\":\"added\"},"
    "    {\"link\":{\"rel\":\"a\"},\"type\":\"added\"},"
    "    {\"link\":{\"href\":\"/a\"},\"type\":\"added\"},"
    "    {\"link\":{\"rel\":\"\",\"href\":\"/a\"},\"type\":\"added\"},"
    "    {\"link\":{\"rel\":\"a\",\"href\":5},\"type\":\"added\"},"
    "    {\"link\":{\"rel\":7,\"href\":\"/a\"},\"type\":\"added\"},"
    "    {\"link\":{\"rel\":\"a\",\"href\":\"javascript:alert(1)\"},\"type\":\"added\"},"
    "    {\"link\":{\"rel\":\"a\",\"href\":\"/a%zz\"},\"type\":\"added\"},"
    "    {\"link\":{\"rel\":\"a\",\"href\":\"\"},\"type\":\"added\"},"
    "    {\"link\":{\"rel\":\"a\",\"href\":\"data:,x\"},\"type\":\"added\"},"
    "    {\"link\":{\"rel\":\"a\",\"href\":\"/a\"},\"in\":{\"rel\":\"b\",\"href\":\"data:,x\"},\"type\":\"added\"},"
    "    {\"link\":{\"rel\":\"a\",\"href\":\"/a\"}},"
    "    {\"link\":{\"rel\":\"a\",\"href\":\"/a\"},\"type\":5},"
    "    {\"link\":{\"rel\":\"a\",\"href\":\"/a\"},\"type\":null},"
    "    {\"link\":{\"rel\":\"a\",\"href\":\"/a\"},\"in\":\"/x\",\"type\":\"added\"},"
    "    {\"link\":{\"rel\":\"a\",\"href\":\"/a\"},\"in\":{\"rel\":\"b\"},\"type\":\"added\"},"
    "    {\"link\":{\"rel\":\"a\",\"href\":\"/a\"},\"in\":{\"rel\":\"b\",\"href\":\"ftp://x/\"},\"type\":\"added\"},"
    "    {\"link\":{\"rel\":\"a\",\"href\":\"/a\"},\"in\":[],\"type\":\"added\"},"
    "    {\"link\":{\"rel\":\"tolerated\",\"href\":\"/t\",\"title\":5},\"in\":null,"
    "     \"_embedded\":\"x\",\"status\":7,\"reason\":\"bad\",\"type\":\"updated\"},"
    "    {\"link\":{\"rel\":\"reasonTypes\",\"href\":\"/r\"},\"reason\":{\"code\":1,\"subcode\":null,\"message\":[]},"
    "     \"_embedded\":{\"reasonTypes\":\"notAnObject\"},\"type\":\"completed\"},"
    "    {\"link\":{\"rel\":\"last\",\"href\":\"/2\"},\"type\":\"deleted\"}"
    "  ]}"
    " ]}",
    &error);
  UcwaEvent *event;

  g_assert_no_error (error);
  g_assert_nonnull (batch);
  g_assert_cmpuint (batch->events->len, ==, 4);
  g_assert_cmpstr (event_at (batch, 0)->rel, ==, "first");

  event = event_at (batch, 1);
  g_assert_cmpstr (event->rel, ==, "tolerated");
  g_assert_cmpint (event->type, ==, UCWA_EVENT_UPDATED);
  g_assert_null (event->title);
  g_assert_null (event->in_rel);
  g_assert_null (event->embedded);
  g_assert_null (event->status);
  g_assert_null (event->reason_code);

  event = event_at (batch, 2);
  g_assert_cmpstr (event->rel, ==, "reasonTypes");
  g_assert_null (event->reason_code);
  g_assert_null (event->reason_subcode);
  g_assert_null (event->reason_message);
  g_assert_null (event->embedded);

  g_assert_cmpstr (event_at (batch, 3)->rel, ==, "last");
}

static void
test_event_special_responses (void)
{
  /* Resync: nothing but the link. */
  {
    g_autoptr (GError)         error = NULL;
    g_autoptr (UcwaEventBatch) batch = parse_batch (
      "{\"_links\":{\"resync\":{\"href\":\"/ucwa/oauth/v1/applications/104/events?ack=7\"}}}", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (batch->resync_href, ==, APP "/events?ack=7");
    g_assert_null (batch->next_href);
    g_assert_null (batch->self_href);
    g_assert_false (batch->is_resume);
    g_assert_cmpuint (batch->events->len, ==, 0);
  }

  /* Resume: followed like next. */
  {
    g_autoptr (GError)         error = NULL;
    g_autoptr (UcwaEventBatch) batch = parse_batch (
      "{\"_links\":{\"self\":{\"href\":\"?ack=7\"},\"resume\":{\"href\":\"?ack=8\"}}}", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (batch->next_href, ==, APP "/events?ack=8");
    g_assert_true (batch->is_resume);
    g_assert_null (batch->resync_href);
  }

  /* Timeout: no sender, an empty one, or null. */
  {
    const char *empties[] = {
      "{\"_links\":{\"self\":{\"href\":\"?ack=7\"},\"next\":{\"href\":\"?ack=8\"}}}",
      "{\"_links\":{\"self\":{\"href\":\"?ack=7\"},\"next\":{\"href\":\"?ack=8\"}},\"sender\":[]}",
      "{\"_links\":{\"self\":{\"href\":\"?ack=7\"},\"next\":{\"href\":\"?ack=8\"}},\"sender\":null}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
      {
        g_autoptr (GError)         error = NULL;
        g_autoptr (UcwaEventBatch) batch = parse_batch (empties[i], &error);

        g_assert_no_error (error);
        g_assert_cmpstr (batch->next_href, ==, APP "/events?ack=8");
        g_assert_cmpuint (batch->events->len, ==, 0);
      }
  }

  /* next wins over resume and resync; links may come as arrays. */
  {
    g_autoptr (GError)         error = NULL;
    g_autoptr (UcwaEventBatch) batch = parse_batch (
      "{\"_links\":{\"resync\":{\"href\":\"?ack=1\"},\"resume\":{\"href\":\"?ack=2\"},"
      "\"next\":[{\"href\":\"?ack=3\"},{\"href\":\"?ack=4\"}]}}",
      &error);

    g_assert_no_error (error);
    g_assert_cmpstr (batch->next_href, ==, APP "/events?ack=3");
    g_assert_false (batch->is_resume);
    g_assert_null (batch->resync_href);
  }

  /* A broken self costs nothing. */
  {
    g_autoptr (GError)         error = NULL;
    g_autoptr (UcwaEventBatch) batch = parse_batch (
      "{\"_links\":{\"self\":{\"href\":\"javascript:x\"},\"next\":{\"href\":\"?ack=3\"}}}", &error);

    g_assert_no_error (error);
    g_assert_null (batch->self_href);
    g_assert_cmpstr (batch->next_href, ==, APP "/events?ack=3");
  }
}

static void
test_event_invalid_batches (void)
{
  const char *invalid[] = {
    "[]",
    "null",
    "\"events\"",
    "42",
    "{}",
    "{\"sender\":[]}",
    "{\"_links\":null}",
    "{\"_links\":[]}",
    "{\"_links\":\"next\"}",
    "{\"_links\":{}}",
    "{\"_links\":{\"self\":{\"href\":\"?ack=1\"}}}",
    "{\"_links\":{\"next\":\"?ack=2\"}}",
    "{\"_links\":{\"next\":{\"href\":5}}}",
    "{\"_links\":{\"next\":{\"rel\":\"next\"}}}",
    "{\"_links\":{\"next\":{\"href\":\"javascript:alert(1)\"}}}",
    "{\"_links\":{\"next\":{\"href\":\"\"}}}",
    "{\"_links\":{\"next\":{\"href\":\"data:,ack=2\"}}}",
    "{\"_links\":{\"resync\":{\"href\":\"DATA:text/plain,x\"}}}",
    "{\"_links\":{\"resume\":{\"href\":\"ftp://x/\"}}}",
    "{\"_links\":{\"resync\":{\"href\":\"/a%zz\"}}}",
    "{\"_links\":{\"next\":{\"href\":\"?ack=2\"}},\"sender\":{}}",
    "{\"_links\":{\"next\":{\"href\":\"?ack=2\"}},\"sender\":\"x\"}",
    "{\"_links\":{\"next\":{\"href\":\"?ack=2\"}},\"sender\":5}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr (GError)         error = NULL;
      g_autoptr (UcwaEventBatch) batch = parse_batch (invalid[i], &error);

      test_note ("%s", invalid[i]);
      g_assert_null (batch);
      g_assert_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE);
    }

  {
    g_autoptr (GError) error = NULL;

    g_assert_null (ucwa_event_batch_parse (NULL, NULL, &error));
    g_assert_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE);
  }

  /* Without a base, relative hrefs cannot be resolved: an error, not a
   * guess. */
  {
    g_autoptr (JsonNode) root = parse_json ("{\"_links\":{\"next\":{\"href\":\"?ack=2\"}}}");
    g_autoptr (GError)   error = NULL;

    g_assert_null (ucwa_event_batch_parse (root, NULL, &error));
    g_assert_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE);
  }
}

static void
test_event_types (void)
{
  const UcwaEventType types[] = {
    UCWA_EVENT_UNKNOWN,
    UCWA_EVENT_ADDED,
    UCWA_EVENT_UPDATED,
    UCWA_EVENT_DELETED,
    UCWA_EVENT_STARTED,
    UCWA_EVENT_COMPLETED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      const char      *name = ucwa_event_type_to_string (types[i]);
      g_autofree char *upper = g_ascii_strup (name, -1);

      g_assert_nonnull (name);
      g_assert_cmpint (ucwa_event_type_from_string (name), ==, types[i]);
      g_assert_cmpint (ucwa_event_type_from_string (upper), ==, types[i]);
    }

  g_assert_cmpstr (ucwa_event_type_to_string (UCWA_EVENT_COMPLETED), ==, "completed");
  g_assert_cmpstr (ucwa_event_type_to_string ((UcwaEventType) 99), ==, "unknown");
  g_assert_cmpint (ucwa_event_type_from_string (NULL), ==, UCWA_EVENT_UNKNOWN);
  g_assert_cmpint (ucwa_event_type_from_string (""), ==, UCWA_EVENT_UNKNOWN);
  g_assert_cmpint (ucwa_event_type_from_string ("add"), ==, UCWA_EVENT_UNKNOWN);

  ucwa_event_free (NULL);
  ucwa_event_batch_unref (NULL);
}

/* Random input */

static char *
random_input (GRand *rand)
{
  static const char *const pieces[] = {
    "data:",
    "DATA:",
    "text/plain",
    "text/html",
    ";charset=",
    "utf-8",
    ";base64",
    ",",
    "MsRtcOAuth",
    "Bearer",
    " ",
    "\t",
    "href=",
    "grant_type=",
    "\"",
    "\\",
    "=",
    "==",
    "%",
    "%0d%0a",
    "%zz",
    "%C3%A9",
    "+",
    "/",
    "//",
    "?",
    "&",
    "#",
    "https://",
    "http://",
    "[::1]",
    "127.0.0.1",
    "localhost",
    "evil.example",
    ":",
    "@",
    "<",
    ">",
    "<br>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "&amp;",
    "&#",
    "&#x",
    "1F600",
    ";",
    "SGVsbG8",
    "-_",
    "\xff",
    "\xc3",
    "\x01",
    "{",
    "}",
    "[",
    "]",
    "\"code\":",
    "<reason>",
    "<code>",
    "</code>",
    "/Date(",
    ")/",
    "-0100",
    "2014-06-02T21:00:13Z",
    "password",
  };
  GString *out = g_string_new (NULL);
  guint    n = g_rand_int_range (rand, 0, 24);

  for (guint i = 0; i < n; i++)
    g_string_append (out, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

  return g_string_free (out, FALSE);
}

static void
test_fuzz_strings (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (0x0cca);
  g_autoptr (GUri)  base = test_parse_uri ("https://lyncweb.contoso.com/ucwa/oauth/v1/applications/104/events?ack=1");
  guint             n_rounds = g_test_thorough () ? 200000 : 8000;

  for (guint i = 0; i < n_rounds; i++)
    {
      g_autofree char *input = random_input (rand);
      g_autofree char *second = random_input (rand);
      const char      *values[] = { input, second, NULL };

      /* Challenges: one or the other, never both, never neither. */
      {
        g_autoptr (GError)        error = NULL;
        g_autoptr (UcwaChallenge) challenge = ucwa_challenge_parse (values, &error);

        g_assert_true ((challenge == NULL) != (error == NULL));
        if (challenge != NULL)
          g_assert_cmpstr (challenge->href, !=, "");
      }

      /* Data URIs and HTML: valid UTF-8 out, or a clean error. */
      {
        g_autoptr (GError) error = NULL;
        g_autoptr (GError) text_error = NULL;
        g_autoptr (GBytes) data = NULL;
        g_autofree char   *mime = NULL;
        g_autofree char   *text = ucwa_data_uri_decode_text (input, NULL, &text_error);
        g_autofree char   *html = ucwa_html_to_text (input);
        g_autofree char   *encoded = ucwa_data_uri_encode_text (input);
        g_autofree char   *round_trip = ucwa_data_uri_decode_text (encoded, NULL, NULL);
        gboolean           ok = ucwa_data_uri_decode (input, &mime, &data, &error);

        g_assert_true (ok == (error == NULL));
        g_assert_true (ok == (mime != NULL));
        g_assert_true ((text == NULL) != (text_error == NULL));
        if (text != NULL)
          g_assert_true (g_utf8_validate (text, -1, NULL));
        g_assert_true (g_utf8_validate (html, -1, NULL));
        g_assert_nonnull (round_trip);
        g_assert_true (g_utf8_validate (round_trip, -1, NULL));
      }

      /* URIs: an absolute http(s) URI or data:, or a clean error. */
      {
        g_autoptr (GError) error = NULL;
        g_autofree char   *resolved = ucwa_uri_resolve (base, input, &error);
        g_autofree char   *added = ucwa_uri_add_query_param (input, "timeout", second);
        g_autofree char   *value = ucwa_uri_get_query_param (input, "ack");

        g_assert_true ((resolved == NULL) != (error == NULL));
        if (resolved != NULL && g_ascii_strncasecmp (resolved, "data:", 5) != 0)
          {
            g_autoptr (GUri) parsed = g_uri_parse (resolved, G_URI_FLAGS_ENCODED, NULL);

            g_assert_nonnull (parsed);
            g_assert_true (g_str_equal (g_uri_get_scheme (parsed), "https") ||
                           g_str_equal (g_uri_get_scheme (parsed), "http"));
            g_assert_null (strpbrk (resolved, " \t\r\n"));
          }
      }

      /* Errors and dates: anything at all. */
      {
        g_autoptr (GBytes) body = g_bytes_new (input, strlen (input));
        g_autoptr (GError) error = ucwa_error_new_from_response (400 + i % 200, NULL, body);
        g_autoptr (GError) reason = ucwa_error_new_from_reason (i % 600, input, second, input);

        g_assert_true (error->domain == UCWA_ERROR);
        g_assert_true (g_utf8_validate (error->message, -1, NULL));
        g_assert_true (g_utf8_validate (reason->message, -1, NULL));
        ucwa_resource_parse_date (input);
      }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/error/quark", test_error_quark);
  g_test_add_func ("/error/reason-mapping", test_error_reason_mapping);
  g_test_add_func ("/error/status-mapping", test_error_status_mapping);
  g_test_add_func ("/error/messages", test_error_messages);
  g_test_add_func ("/error/parse-json", test_error_parse_json);
  g_test_add_func ("/error/parse-xml", test_error_parse_xml);
  g_test_add_func ("/error/parse-garbage", test_error_parse_garbage);
  g_test_add_func ("/error/from-response", test_error_from_response);
  g_test_add_func ("/error/transient", test_error_transient);

  g_test_add_func ("/uri/resolve", test_uri_resolve);
  g_test_add_func ("/uri/same-origin", test_uri_same_origin);
  g_test_add_func ("/uri/loopback", test_uri_loopback);
  g_test_add_func ("/uri/check-transport", test_uri_check_transport);
  g_test_add_func ("/uri/add-query-param", test_uri_add_query_param);
  g_test_add_func ("/uri/get-query-param", test_uri_get_query_param);
  g_test_add_func ("/uri/query-round-trip", test_uri_query_round_trip);

  g_test_add_func ("/data-uri/decode", test_data_uri_decode);
  g_test_add_func ("/data-uri/decode-errors", test_data_uri_decode_errors);
  g_test_add_func ("/data-uri/decode-text", test_data_uri_decode_text);
  g_test_add_func ("/data-uri/encode", test_data_uri_encode);
  g_test_add_func ("/data-uri/html-to-text", test_html_to_text);

  g_test_add_func ("/challenge/forms", test_challenge_forms);
  g_test_add_func ("/challenge/grants", test_challenge_grants);
  g_test_add_func ("/challenge/missing", test_challenge_missing);
  g_test_add_func ("/challenge/hostile", test_challenge_hostile);

  g_test_add_func ("/resource/scalars", test_resource_scalars);
  g_test_add_func ("/resource/strv", test_resource_strv);
  g_test_add_func ("/resource/links", test_resource_links);
  g_test_add_func ("/resource/dates", test_resource_dates);

  g_test_add_func ("/event/full", test_event_full);
  g_test_add_func ("/event/bad-events-skipped", test_event_bad_events_skipped);
  g_test_add_func ("/event/special-responses", test_event_special_responses);
  g_test_add_func ("/event/invalid-batches", test_event_invalid_batches);
  g_test_add_func ("/event/types", test_event_types);

  g_test_add_func ("/fuzz/strings", test_fuzz_strings);

  return g_test_run ();
}

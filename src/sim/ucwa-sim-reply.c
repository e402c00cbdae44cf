/* ucwa-sim-reply.c: how the simulator answers a request
 *
 * JSON bodies, the UCWA error structure (ErrorsAndInformationalMessages.md:
 * JSON, or XML when the client's Accept asks for it) and empty replies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ucwa-sim-reply.h"

char *
sim_json_to_string (JsonObject *object)
{
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);

  return json_to_string (node, FALSE);
}

void
sim_reply_body (SoupServerMessage *msg,
                guint              status,
                const char        *content_type,
                char              *body /* owned */)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, strlen (body));
}

void
sim_reply_json (SoupServerMessage *msg,
                guint              status,
                JsonObject        *object)
{
  sim_reply_body (msg, status, SIM_JSON_TYPE, sim_json_to_string (object));
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

void
sim_reply_error_full (SoupServerMessage *msg,
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
      sim_reply_body (msg, status, xml_type, g_string_free (out, FALSE));
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
      sim_reply_json (msg, status, object);
    }

  g_clear_pointer (&parameters, json_array_unref);
}

void
sim_reply_error (SoupServerMessage *msg,
                 guint              status,
                 const char        *code,
                 const char        *subcode,
                 const char        *message)
{
  sim_reply_error_full (msg, status, code, subcode, message, NULL);
}

void
sim_reply_service_unavailable (SoupServerMessage *msg,
                               guint              retry_after_s)
{
  g_autofree char *seconds = g_strdup_printf ("%u", retry_after_s);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
  sim_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "ServiceUnavailable", NULL,
                   "The service is temporarily unavailable. Please retry later.");
}

void
sim_reply_parameter_error (SoupServerMessage *msg,
                           const char        *name,
                           const char        *reason)
{
  JsonArray  *parameters = json_array_new ();
  JsonObject *parameter = json_object_new ();

  json_object_set_string_member (parameter, "name", name);
  json_object_set_string_member (parameter, "reason", reason);
  json_array_add_object_element (parameters, parameter);
  sim_reply_error_full (msg, 400, "BadRequest", "ParameterValidationFailure", MSG_PARAMETER_VALIDATION, parameters);
}

void
sim_reply_no_content (SoupServerMessage *msg,
                      guint              status)
{
  soup_server_message_set_status (msg, status, NULL);
  if (status != SOUP_STATUS_NO_CONTENT)
    soup_message_headers_set_content_length (soup_server_message_get_response_headers (msg), 0);
}

void
sim_reply_not_found (SoupServerMessage *msg)
{
  sim_reply_error (msg, 404, "NotFound", "ResourceNotFound", MSG_RESOURCE_NOT_FOUND);
}

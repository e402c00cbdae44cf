/* ucwa-sim-control.c: the /_sim/ control API of the simulator
 *
 * Lets a person (curl) or a test play the remote party of a running
 * simulator over HTTP.  Parameters come from the query string or from a
 * form-encoded body.  The endpoints are listed in beckon-ucwa-sim.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ucwa-sim-private.h"

static const char *
param (GHashTable *params,
       const char *name)
{
  const char *value = g_hash_table_lookup (params, name);

  return value != NULL && *value != '\0' ? value : NULL;
}

static gboolean
require_post (SoupServerMessage *msg)
{
  if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    return TRUE;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
  ucwa_sim_server_reply_error (msg, 405, "MethodNotAllowed", NULL, "Use POST.");
  return FALSE;
}

static const char *
require_param (SoupServerMessage *msg,
               GHashTable        *params,
               const char        *name)
{
  const char *value = param (params, name);

  if (value == NULL)
    {
      g_autofree char *message = g_strdup_printf ("The parameter '%s' is missing.", name);

      ucwa_sim_server_reply_error (msg, 400, "BadRequest", "ParameterValidationFailure", message);
    }

  return value;
}

static void
reply_ok (SoupServerMessage *msg,
          const char        *id)
{
  JsonObject *object = json_object_new ();

  if (id != NULL)
    json_object_set_string_member (object, "id", id);
  json_object_set_boolean_member (object, "ok", TRUE);
  ucwa_sim_server_reply_json (msg, SOUP_STATUS_OK, object);
}

static void
reply_unknown_id (SoupServerMessage *msg)
{
  ucwa_sim_server_reply_error (msg, 404, "NotFound", NULL,
                               "No such conversation, or it is not in a state that allows this.");
}

static void
start (UcwaSimServer     *self,
       SoupServerMessage *msg,
       GHashTable        *params,
       gboolean           meeting)
{
  const char      *from = param (params, "from");
  const char      *name = param (params, "name");
  g_autofree char *id = NULL;

  if (!require_post (msg))
    return;

  if (meeting)
    {
      if (from == NULL)
        {
          from = "sip:grace@contoso.com";
          name = name != NULL ? name : "Grace Hopper";
        }
      id = ucwa_sim_server_start_meeting_invitation (self, param (params, "to"), from, name,
                                                     param (params, "subject") != NULL ? param (params, "subject") : "Meeting");
    }
  else
    {
      if (from == NULL)
        {
          from = "sip:ada@contoso.com";
          name = name != NULL ? name : "Ada Lovelace";
        }
      id = ucwa_sim_server_start_im_invitation (self, param (params, "to"), from, name,
                                                g_hash_table_contains (params, "message")
                                                  ? g_hash_table_lookup (params, "message")
                                                  : "Hello!");
    }

  if (id == NULL)
    {
      ucwa_sim_server_reply_error (msg, 409, "Conflict", NULL,
                                   "No available application (none has called makeMeAvailable).");
      return;
    }

  reply_ok (msg, id);
}

static void
handle_fault (UcwaSimServer     *self,
              SoupServerMessage *msg,
              GHashTable        *params)
{
  const char  *name;
  const char  *times_text = param (params, "times");
  guint64      times = 1;
  UcwaSimFault fault;

  if (!require_post (msg) || (name = require_param (msg, params, "name")) == NULL)
    return;

  if (!ucwa_sim_server_fault_from_string (name, &fault))
    {
      ucwa_sim_server_reply_error (msg, 400, "BadRequest", "ParameterValidationFailure", "Unknown fault name.");
      return;
    }

  if (times_text != NULL && !g_ascii_string_to_unsigned (times_text, 10, 1, 1000, &times, NULL))
    {
      ucwa_sim_server_reply_error (msg, 400, "BadRequest", "ParameterValidationFailure",
                                   "times must be a number from 1 to 1000.");
      return;
    }

  ucwa_sim_server_inject_fault (self, fault, (guint) times);
  reply_ok (msg, NULL);
}

static void
handle_help (SoupServerMessage *msg)
{
  static const char help[] =
    "beckon-ucwa-sim control API\n"
    "  POST /_sim/im?from=sip:ada@contoso.com&name=Ada+Lovelace&message=Hi  -> {\"id\":...}\n"
    "  POST /_sim/meeting?from=sip:grace@contoso.com&name=Grace+Hopper&subject=Planning\n"
    "  POST /_sim/message?id=ID&text=Hello\n"
    "  POST /_sim/typing?id=ID&typing=true|false\n"
    "  POST /_sim/cancel?id=ID\n"
    "  POST /_sim/end?id=ID\n"
    "  POST /_sim/fault?name=events-service-unavailable&times=1\n"
    "  GET  /_sim/status\n";

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_STATIC, help, sizeof help - 1);
}

void
ucwa_sim_control_handle (UcwaSimServer     *self,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *params)
{
  const char *command = path + strlen ("/_sim");
  const char *id;

  if (*command == '/')
    command++;

  if (*command == '\0' || g_str_equal (command, "help"))
    {
      handle_help (msg);
    }
  else if (g_str_equal (command, "status"))
    {
      ucwa_sim_server_reply_json (msg, SOUP_STATUS_OK, ucwa_sim_server_build_status (self));
    }
  else if (g_str_equal (command, "im"))
    {
      start (self, msg, params, FALSE);
    }
  else if (g_str_equal (command, "meeting"))
    {
      start (self, msg, params, TRUE);
    }
  else if (g_str_equal (command, "message"))
    {
      const char *text;

      if (!require_post (msg) || (id = require_param (msg, params, "id")) == NULL ||
          (text = require_param (msg, params, "text")) == NULL)
        return;

      if (ucwa_sim_server_send_remote_message (self, id, text))
        reply_ok (msg, id);
      else
        reply_unknown_id (msg);
    }
  else if (g_str_equal (command, "typing"))
    {
      const char *typing = param (params, "typing");
      gboolean    value = typing == NULL || g_ascii_strcasecmp (typing, "true") == 0 || g_str_equal (typing, "1");

      if (!require_post (msg) || (id = require_param (msg, params, "id")) == NULL)
        return;

      if (typing != NULL && !value && g_ascii_strcasecmp (typing, "false") != 0 && !g_str_equal (typing, "0"))
        {
          ucwa_sim_server_reply_error (msg, 400, "BadRequest", "ParameterValidationFailure",
                                       "typing must be true or false.");
          return;
        }

      if (ucwa_sim_server_set_remote_typing (self, id, value))
        reply_ok (msg, id);
      else
        reply_unknown_id (msg);
    }
  else if (g_str_equal (command, "cancel"))
    {
      if (!require_post (msg) || (id = require_param (msg, params, "id")) == NULL)
        return;

      if (ucwa_sim_server_cancel_invitation (self, id))
        reply_ok (msg, id);
      else
        reply_unknown_id (msg);
    }
  else if (g_str_equal (command, "end"))
    {
      if (!require_post (msg) || (id = require_param (msg, params, "id")) == NULL)
        return;

      if (ucwa_sim_server_end_conversation (self, id))
        reply_ok (msg, id);
      else
        reply_unknown_id (msg);
    }
  else if (g_str_equal (command, "fault"))
    {
      handle_fault (self, msg, params);
    }
  else
    {
      ucwa_sim_server_reply_error (msg, 404, "NotFound", NULL, "Unknown control command; GET /_sim/help.");
    }
}

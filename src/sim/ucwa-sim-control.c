/* ucwa-sim-control.c: the /_sim/ control API of the simulator
 *
 * Lets a person (curl) or a test play the remote party of a running
 * simulator over HTTP.  Parameters come from the query string or from a
 * form-encoded body.  Uses only the public API of UcwaSimServer; one table
 * lists the endpoints, so that the help (GET /_sim/help, and
 * beckon-ucwa-sim --help) cannot miss one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ucwa-sim-control.h"

#include <string.h>

#include "ucwa-sim-reply.h"

static const char *
param (GHashTable *params,
       const char *name)
{
  const char *value = g_hash_table_lookup (params, name);

  return value != NULL && *value != '\0' ? value : NULL;
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

      sim_reply_error (msg, 400, "BadRequest", "ParameterValidationFailure", message);
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
  sim_reply_json (msg, SOUP_STATUS_OK, object);
}

static void
reply_done (SoupServerMessage *msg,
            const char        *id,
            gboolean           done)
{
  if (done)
    reply_ok (msg, id);
  else
    sim_reply_error (msg, 404, "NotFound", NULL,
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
      sim_reply_error (msg, 409, "Conflict", NULL,
                       "No available application (none has called makeMeAvailable).");
      return;
    }

  reply_ok (msg, id);
}

static void
handle_im (UcwaSimServer     *self,
           SoupServerMessage *msg,
           GHashTable        *params)
{
  start (self, msg, params, FALSE);
}

static void
handle_meeting (UcwaSimServer     *self,
                SoupServerMessage *msg,
                GHashTable        *params)
{
  start (self, msg, params, TRUE);
}

static void
handle_message (UcwaSimServer     *self,
                SoupServerMessage *msg,
                GHashTable        *params)
{
  const char *id;
  const char *text;

  if ((id = require_param (msg, params, "id")) == NULL || (text = require_param (msg, params, "text")) == NULL)
    return;

  reply_done (msg, id, ucwa_sim_server_send_remote_message (self, id, text));
}

static void
handle_typing (UcwaSimServer     *self,
               SoupServerMessage *msg,
               GHashTable        *params)
{
  const char *typing = param (params, "typing");
  gboolean    value = typing == NULL || g_ascii_strcasecmp (typing, "true") == 0 || g_str_equal (typing, "1");
  const char *id;

  if ((id = require_param (msg, params, "id")) == NULL)
    return;

  if (typing != NULL && !value && g_ascii_strcasecmp (typing, "false") != 0 && !g_str_equal (typing, "0"))
    {
      sim_reply_error (msg, 400, "BadRequest", "ParameterValidationFailure", "typing must be true or false.");
      return;
    }

  reply_done (msg, id, ucwa_sim_server_set_remote_typing (self, id, value));
}

static void
handle_cancel (UcwaSimServer     *self,
               SoupServerMessage *msg,
               GHashTable        *params)
{
  const char *id = require_param (msg, params, "id");

  if (id != NULL)
    reply_done (msg, id, ucwa_sim_server_cancel_invitation (self, id));
}

static void
handle_end (UcwaSimServer     *self,
            SoupServerMessage *msg,
            GHashTable        *params)
{
  const char *id = require_param (msg, params, "id");

  if (id != NULL)
    reply_done (msg, id, ucwa_sim_server_end_conversation (self, id));
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

  if ((name = require_param (msg, params, "name")) == NULL)
    return;

  if (!ucwa_sim_server_fault_from_string (name, &fault))
    {
      sim_reply_error (msg, 400, "BadRequest", "ParameterValidationFailure", "Unknown fault name.");
      return;
    }

  if (times_text != NULL && !g_ascii_string_to_unsigned (times_text, 10, 1, 1000, &times, NULL))
    {
      sim_reply_error (msg, 400, "BadRequest", "ParameterValidationFailure",
                       "times must be a number from 1 to 1000.");
      return;
    }

  ucwa_sim_server_inject_fault (self, fault, (guint) times);
  reply_ok (msg, NULL);
}

static const char *const answer_names[] = { "accepts", "declines", "no-answer", "offline", NULL };
static const char *const lobby_names[] = { "none", "admits", "refuses", NULL };

/* The index of @value in @names, or -1 (replied 400). */
static int
choice (SoupServerMessage *msg,
        const char        *name,
        const char        *value,
        const char *const *names)
{
  for (int i = 0; names[i] != NULL; i++)
    if (g_str_equal (value, names[i]))
      return i;

  {
    g_autofree char *message = g_strdup_printf ("Unknown %s: %s.", name, value);

    sim_reply_error (msg, 400, "BadRequest", "ParameterValidationFailure", message);
  }
  return -1;
}

static void
handle_remote_party (UcwaSimServer     *self,
                     SoupServerMessage *msg,
                     GHashTable        *params)
{
  const char *delay_text = param (params, "delay");
  guint64     delay = 200;
  const char *uri;
  int         answer = 0;

  if ((uri = require_param (msg, params, "uri")) == NULL)
    return;
  if (param (params, "answer") != NULL && (answer = choice (msg, "answer", param (params, "answer"), answer_names)) < 0)
    return;
  if (delay_text != NULL && !g_ascii_string_to_unsigned (delay_text, 10, 0, 600000, &delay, NULL))
    {
      sim_reply_error (msg, 400, "BadRequest", "ParameterValidationFailure", "delay must be 0 to 600000 ms.");
      return;
    }

  ucwa_sim_server_set_remote_party (self, uri, param (params, "name"), (UcwaSimRemoteAnswer) answer, (guint) delay);
  reply_ok (msg, NULL);
}

static void
handle_scheduled_meeting (UcwaSimServer     *self,
                          SoupServerMessage *msg,
                          GHashTable        *params)
{
  const char      *organizer = param (params, "organizer");
  int              lobby = 0;
  g_autofree char *id = NULL;

  if (param (params, "lobby") != NULL && (lobby = choice (msg, "lobby", param (params, "lobby"), lobby_names)) < 0)
    return;

  id = ucwa_sim_server_create_meeting (self, organizer != NULL ? organizer : "sip:grace@contoso.com",
                                       organizer != NULL ? param (params, "name") : "Grace Hopper",
                                       param (params, "id"), (UcwaSimLobby) lobby);
  reply_ok (msg, id);
}

static void
handle_end_meeting (UcwaSimServer     *self,
                    SoupServerMessage *msg,
                    GHashTable        *params)
{
  const char *id = require_param (msg, params, "id");

  if (id != NULL)
    reply_done (msg, id, ucwa_sim_server_end_meeting (self, id));
}

static void
handle_presence (UcwaSimServer     *self,
                 SoupServerMessage *msg,
                 GHashTable        *params)
{
  const char *availability = require_param (msg, params, "availability");

  if (availability == NULL)
    return;

  if (!ucwa_sim_server_set_presence (self, param (params, "to"), availability, param (params, "activity")))
    {
      sim_reply_error (msg, 400, "BadRequest", "ParameterValidationFailure",
                       "Unknown availability, or no available application of that user.");
      return;
    }

  reply_ok (msg, NULL);
}

static void
handle_status (UcwaSimServer     *self,
               SoupServerMessage *msg,
               GHashTable        *params)
{
  sim_reply_body (msg, SOUP_STATUS_OK, SIM_JSON_TYPE, ucwa_sim_server_dup_status (self));
}

static void
handle_help (UcwaSimServer     *self,
             SoupServerMessage *msg,
             GHashTable        *params)
{
  sim_reply_body (msg, SOUP_STATUS_OK, "text/plain; charset=utf-8", ucwa_sim_control_dup_help ());
}

typedef void (*CommandFunc) (UcwaSimServer     *self,
                             SoupServerMessage *msg,
                             GHashTable        *params);

/* method NULL: any method (read-only commands). */
static const struct
{
  const char *method;
  const char *name;
  const char *params;
  const char *summary;
  CommandFunc func;
} commands[] = {
  { "POST", "im", "from=SIP&name=NAME&message=TEXT[&to=SIP]",
    "an incoming IM invitation -> {\"id\":\"<threadId>\"}; 409 if no application has\n"
    "called makeMeAvailable (defaults: sip:ada@contoso.com, Ada Lovelace, Hello!)",
    handle_im },
  { "POST", "meeting", "from=SIP&name=NAME&subject=TEXT[&to=SIP]",
    "an incoming meeting invitation -> {\"id\":...} (defaults: sip:grace@contoso.com,\n"
    "Grace Hopper, Meeting)",
    handle_meeting },
  { "POST", "message", "id=ID&text=TEXT", "the remote party sends a message", handle_message },
  { "POST", "typing", "id=ID&typing=true|false", "the remote party starts or stops typing (default true)", handle_typing },
  { "POST", "cancel", "id=ID", "the inviter gives up before the user answered", handle_cancel },
  { "POST", "end", "id=ID", "the remote party leaves the conversation", handle_end },
  { "POST", "remote-party", "uri=SIP&name=NAME[&answer=accepts|declines|no-answer|offline&delay=MS]",
    "how SIP answers the user's startMessaging (default accepts after 200 ms);\n"
    "no-answer fails after the invitation timeout, offline at once",
    handle_remote_party },
  { "POST", "scheduled-meeting", "organizer=SIP&name=NAME[&id=ID&lobby=none|admits|refuses]",
    "a meeting joinOnlineMeeting can join -> {\"id\":\"<conference id>\"}, at\n"
    "https://meet.<domain>/<user>/<id> (default organizer sip:grace@contoso.com)",
    handle_scheduled_meeting },
  { "POST", "end-meeting", "id=ID", "the scheduled meeting ID ends (404 to joins from now on)", handle_end_meeting },
  { "POST", "fault", "name=FAULT[&times=N]", "the next N (1-1000, default 1) matching requests fail; FAULT below", handle_fault },
  { "POST", "presence", "availability=AVAILABILITY[&activity=TEXT&to=SIP]",
    "the user's presence changes server-side (a meeting, idle): Online, IdleOnline,\n"
    "Busy, IdleBusy, DoNotDisturb, BeRightBack, Away or Offline; a presence event\n"
    "to each available application of the user",
    handle_presence },
  { NULL, "status", NULL, "applications, conversations, request counters, pending faults (JSON)", handle_status },
  { NULL, "help", NULL, "this text (also GET /_sim)", handle_help },
};

char *
ucwa_sim_control_dup_help (void)
{
  GString *out = g_string_new ("Control API (same port, loopback only, no token; parameters in the query\n"
                               "string or a form-encoded body; answers are JSON; ID is the id that\n"
                               "/_sim/im or /_sim/meeting returned):\n");

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto (GStrv) lines = g_strsplit (commands[i].summary, "\n", -1);

      g_string_append_printf (out, "  %-4s /_sim/%s%s%s\n", commands[i].method != NULL ? commands[i].method : "GET",
                              commands[i].name, commands[i].params != NULL ? "?" : "",
                              commands[i].params != NULL ? commands[i].params : "");
      for (guint j = 0; lines[j] != NULL; j++)
        g_string_append_printf (out, "         %s\n", lines[j]);
    }

  g_string_append (out, "Faults (see ucwa-sim-server.h):\n");
  for (guint f = 0; ucwa_sim_server_fault_to_string ((UcwaSimFault) f) != NULL; f++)
    g_string_append_printf (out, "  %s\n", ucwa_sim_server_fault_to_string ((UcwaSimFault) f));

  return g_string_free (out, FALSE);
}

void
ucwa_sim_control_handle (UcwaSimServer     *self,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *params)
{
  const char *command = path + strlen ("/_sim");

  if (*command == '/')
    command++;
  if (*command == '\0')
    command = "help";

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (command, commands[i].name))
        continue;

      if (commands[i].method != NULL && !g_str_equal (soup_server_message_get_method (msg), commands[i].method))
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", commands[i].method);
          sim_reply_error (msg, 405, "MethodNotAllowed", NULL, "Use POST.");
          return;
        }

      commands[i].func (self, msg, params);
      return;
    }

  sim_reply_error (msg, 404, "NotFound", NULL, "Unknown control command; GET /_sim/help.");
}

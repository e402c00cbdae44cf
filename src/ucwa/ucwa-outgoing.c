/* ucwa-outgoing.c: what the user starts, the fifth part of UcwaSession
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owns startMessaging, joinOnlineMeeting and the people search, each a
 * GTask triad on the operations' machinery (ucwa-operations.c).
 *
 * The factory links are read from the application resource when needed
 * (PROTOCOL.md §4: `communication` carries startMessaging and
 * joinOnlineMeeting, `people` carries search; §3: links come and go, so a
 * missing one is "not possible right now", UCWA_ERROR_NO_LINK).
 *
 * An outgoing invitation is an operation (§7): the model learns its
 * operationId before the POST, so its started/updated/completed events are
 * matched by it, even when they come before the POST's 201; the Location
 * header is not used.  Its end is its completed event: Success, or Failure
 * with a reason mapped by ucwa_error_new_from_operation_reason().
 *
 * Giving up (the task's cancellable) withdraws a chat invitation from the
 * server too, by POSTing its `cancel` link (§10), or the other party's
 * invitation would ring on until the server times it out; the invitation
 * stays known to the model until that link arrives, if it has not yet.
 */

#include "config.h"

#include "ucwa-session-private.h"

#include <string.h>

#include "ucwa-contact.h"
#include "ucwa-data-uri.h"
#include "ucwa-error.h"
#include "ucwa-main-context-private.h"
#include "ucwa-meeting-link.h"
#include "ucwa-resource.h"
#include "ucwa-uri.h"

/* messagingInvitation_ref.md: "if the recipient does not respond in
 * approximately thirty seconds, the messagingInvitation will complete with
 * failure".  Our own bound only guards against a server that never says. */
#define SERVER_INVITATION_TIMEOUT_MS 30000

/* How long an invitation given up on waits for its `cancel` link: the
 * startMessaging POST's answer and the `started` event, on loopback or a
 * slow link. */
#define WITHDRAW_WAIT_MS 10000

/* search_ref.md: limit 1–100, query at most 256 characters. */
#define SEARCH_MAX_LIMIT 100
#define SEARCH_MAX_QUERY 256

/* The application resource: where the factory links are */

typedef void (*LinkReady) (UcwaSession *self,
                           GTask       *task,
                           const char  *href);

typedef struct
{
  const char *embedded_rel;
  const char *link_rel;
  LinkReady   ready;
} LinkLookup;

static void
application_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask                   *task = user_data;
  UcwaSession             *self = g_task_get_source_object (task);
  LinkLookup              *lookup = g_object_get_data (G_OBJECT (task), "ucwa-link-lookup");
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;
  g_autofree char         *href = NULL;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  href = ucwa_resource_dup_link (ucwa_resource_get_embedded (ucwa_response_get_object (response),
                                                             lookup->embedded_rel),
                                 lookup->link_rel, self->base_uri);
  if (href == NULL)
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_NO_LINK,
                               "The server offers no %s right now", lookup->link_rel);
      g_object_unref (task);
      return;
    }

  lookup->ready (self, task, href);
}

/* GETs the application and calls @lookup->ready with the link, or fails
 * @task.  Takes @task. */
static void
find_link (UcwaSession      *self,
           GTask            *task,
           const LinkLookup *lookup)
{
  g_object_set_data (G_OBJECT (task), "ucwa-link-lookup", (gpointer) lookup);
  ucwa_connection_request_async (self->connection, "GET", self->application_href, NULL, NULL,
                                 UCWA_REQUEST_AUTHENTICATED, g_task_get_cancellable (task),
                                 application_cb, task);
}

/* Outgoing invitations */

typedef struct
{
  UcwaInvitationKind kind;
  char              *operation_id;
  JsonNode          *body;
  guint              timeout_ms;
  UcwaInvitation    *invitation; /* the model's, from the POST on */
} StartData;

static void
start_data_free (StartData *data)
{
  g_free (data->operation_id);
  g_clear_pointer (&data->body, json_node_unref);
  g_clear_object (&data->invitation);
  g_free (data);
}

static gboolean
outgoing_done (GObject *object,
               GError **error)
{
  UcwaInvitation *invitation = UCWA_INVITATION (object);

  switch (ucwa_invitation_get_status (invitation))
    {
    case UCWA_INVITATION_STATUS_SUCCEEDED:
      return TRUE;
    case UCWA_INVITATION_STATUS_FAILED:
      *error = ucwa_error_new_from_operation_reason (ucwa_invitation_get_failure_code (invitation),
                                                     ucwa_invitation_get_failure_subcode (invitation),
                                                     ucwa_invitation_get_failure_message (invitation));
      return FALSE;
    case UCWA_INVITATION_STATUS_PENDING:
    default:
      return FALSE;
    }
}

/* Withdrawing an invitation given up on */

typedef struct
{
  GWeakRef        session;
  UcwaInvitation *invitation;
  gulong          handler;
  guint           timeout_id;
} Withdraw;

static void
withdraw_free (Withdraw *withdraw)
{
  g_autoptr (UcwaSession) session = g_weak_ref_get (&withdraw->session);

  g_clear_signal_handler (&withdraw->handler, withdraw->invitation);
  ucwa_clear_source (&withdraw->timeout_id);
  if (session != NULL)
    ucwa_model_forget_outgoing_invitation (session->model, withdraw->invitation);
  g_object_unref (withdraw->invitation);
  g_weak_ref_clear (&withdraw->session);
  g_free (withdraw);
}

static void
withdrawn_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;

  /* Nobody waits for it: the window is gone.  A 409 means it ended first. */
  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (response == NULL)
    g_debug ("The invitation could not be withdrawn: %s", error->message);
}

/* Withdraws it now if it can be, and says whether the watch is over. */
static gboolean
withdraw_try (Withdraw *withdraw)
{
  g_autoptr (UcwaSession) session = g_weak_ref_get (&withdraw->session);
  const char             *href = ucwa_invitation_get_cancel_href (withdraw->invitation);

  if (session == NULL || ucwa_invitation_get_status (withdraw->invitation) != UCWA_INVITATION_STATUS_PENDING)
    return TRUE;
  if (href == NULL)
    return FALSE;
  g_debug ("Withdrawing %s", ucwa_invitation_get_href (withdraw->invitation));
  ucwa_connection_request_async (session->connection, "POST", href, NULL, NULL, UCWA_REQUEST_AUTHENTICATED, NULL,
                                 withdrawn_cb, NULL);
  return TRUE;
}

static void
withdraw_notify_cb (UcwaInvitation *invitation,
                    GParamSpec     *pspec,
                    Withdraw       *withdraw)
{
  if (withdraw_try (withdraw))
    withdraw_free (withdraw);
}

static gboolean
withdraw_timeout_cb (gpointer data)
{
  Withdraw *withdraw = data;

  withdraw->timeout_id = 0;
  withdraw_free (withdraw);
  return G_SOURCE_REMOVE;
}

static void
withdraw (UcwaSession    *self,
          UcwaInvitation *invitation)
{
  Withdraw *withdraw = g_new0 (Withdraw, 1);

  g_weak_ref_init (&withdraw->session, self);
  withdraw->invitation = g_object_ref (invitation);
  if (withdraw_try (withdraw))
    {
      withdraw_free (withdraw);
      return;
    }
  /* Its POST's answer or its `started` event is still on the way. */
  withdraw->handler = g_signal_connect (invitation, "notify", G_CALLBACK (withdraw_notify_cb), withdraw);
  withdraw->timeout_id = ucwa_timeout_add (WITHDRAW_WAIT_MS, withdraw_timeout_cb, withdraw);
}

static void
invitation_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask)  task = user_data;
  UcwaSession       *self = UCWA_SESSION (object);
  StartData         *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  UcwaConversation  *conversation;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && data->kind == UCWA_INVITATION_KIND_MESSAGING)
        withdraw (self, data->invitation);
      else
        ucwa_model_forget_outgoing_invitation (self->model, data->invitation);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Ended: the model need not watch for it any more. */
  ucwa_model_forget_outgoing_invitation (self->model, data->invitation);
  conversation = ucwa_model_lookup_conversation (self->model,
                                                 ucwa_invitation_get_conversation_href (data->invitation));
  if (conversation == NULL)
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                               "The server announced no conversation for the invitation");
      return;
    }

  g_task_return_pointer (task, g_object_ref (conversation), g_object_unref);
}

static void
post_invitation (UcwaSession *self,
                 GTask       *task,
                 const char  *href)
{
  StartData         *data = g_task_get_task_data (task);
  g_autoptr (GTask)  wait = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char   *text = json_to_string (data->body, FALSE);
  gsize              len = strlen (text);

  /* Known to the model before the POST: its events may come first (§7). */
  data->invitation = g_object_ref (ucwa_model_add_outgoing_invitation (self->model, data->kind,
                                                                       data->operation_id));

  body = g_bytes_new_take (g_steal_pointer (&text), len);
  wait = g_task_new (self, g_task_get_cancellable (task), invitation_done_cb, task);
  g_task_set_source_tag (wait, post_invitation);
  _ucwa_session_post_and_wait (self, g_steal_pointer (&wait), href, "application/json", body,
                               G_OBJECT (data->invitation), outgoing_done, data->timeout_ms);
}

static const LinkLookup start_messaging_link = { "communication", "startMessaging", post_invitation };
static const LinkLookup join_meeting_link = { "communication", "joinOnlineMeeting", post_invitation };

static GTask *
begin_invitation (UcwaSession        *self,
                  gpointer            source_tag,
                  UcwaInvitationKind  kind,
                  GCancellable       *cancellable,
                  GAsyncReadyCallback callback,
                  gpointer            user_data)
{
  GTask     *task = _ucwa_session_begin_operation (self, source_tag, cancellable, callback, user_data);
  StartData *data;

  if (task == NULL)
    return NULL;

  data = g_new0 (StartData, 1);
  data->kind = kind;
  data->operation_id = _ucwa_session_new_operation_id ();
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);
  return task;
}

static UcwaConversation *
finish_invitation (UcwaSession  *self,
                   GAsyncResult *result,
                   gpointer      source_tag,
                   GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* sip:ada@contoso.com from "ada@contoso.com" or "sip:ada@contoso.com"; NULL
 * for anything else. */
static char *
normalize_sip_uri (const char *address)
{
  const char *user = address;
  const char *at;

  if (address == NULL || !g_utf8_validate (address, -1, NULL))
    return NULL;
  if (g_ascii_strncasecmp (user, "sip:", 4) == 0)
    user += 4;
  at = strchr (user, '@');
  if (at == NULL || at == user || at[1] == '\0' || strchr (at + 1, '@') != NULL)
    return NULL;
  for (const char *p = user; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || strchr ("<>\"?;,/", *p) != NULL)
      return NULL;

  return g_strconcat ("sip:", user, NULL);
}

/**
 * ucwa_session_start_messaging_async:
 * @self: a #UcwaSession
 * @to: the SIP address to chat with (`sip:ada@contoso.com` or `ada@contoso.com`)
 * @first_message: (nullable): the invitation's first message, plain text
 * @subject: (nullable): the conversation's subject
 *
 * POSTs startMessaging (SendAnIM.md, startMessaging_ref.md) and completes
 * once the remote party accepted (the invitation completed with Success):
 * the conversation is then Connected for messages both ways.  It fails
 * with %UCWA_ERROR_DECLINED, %UCWA_ERROR_NO_ANSWER (the server timed it
 * out), %UCWA_ERROR_UNAVAILABLE, %UCWA_ERROR_DESTINATION_NOT_FOUND, or any
 * other error of the POST.
 *
 * The first message travels as the invitation's `message` link, a data URI
 * (startMessaging_ref.md's request sample); whether the server also echoes
 * it as a `message` event is not documented, so the caller shows it itself.
 */
void
ucwa_session_start_messaging_async (UcwaSession        *self,
                                    const char         *to,
                                    const char         *first_message,
                                    const char         *subject,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr (GTask)       task = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char        *uri = NULL;
  g_autofree char        *session_context = NULL;
  StartData              *data;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (to != NULL);

  task = begin_invitation (self, ucwa_session_start_messaging_async, UCWA_INVITATION_KIND_MESSAGING,
                           cancellable, callback, user_data);
  if (task == NULL)
    return;

  uri = normalize_sip_uri (to);
  if (uri == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Not a SIP address: %s", to);
      return;
    }
  if ((first_message != NULL && !g_utf8_validate (first_message, -1, NULL)) ||
      (subject != NULL && !g_utf8_validate (subject, -1, NULL)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The message is not valid UTF-8");
      return;
    }

  data = g_task_get_task_data (task);
  data->timeout_ms = self->operation_timeout + SERVER_INVITATION_TIMEOUT_MS;
  session_context = g_uuid_string_random ();

  /* The body of SendAnIM.md's trace, plus the first message as the
   * reference's request sample carries it. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "importance");
  json_builder_add_string_value (builder, "Normal");
  json_builder_set_member_name (builder, "sessionContext");
  json_builder_add_string_value (builder, session_context);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, subject != NULL ? subject : "");
  json_builder_set_member_name (builder, "telemetryId");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, uri);
  json_builder_set_member_name (builder, "operationId");
  json_builder_add_string_value (builder, data->operation_id);
  if (first_message != NULL && *first_message != '\0')
    {
      g_autofree char *href = ucwa_data_uri_encode_text (first_message);

      json_builder_set_member_name (builder, "_links");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "message");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "href");
      json_builder_add_string_value (builder, href);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  data->body = json_builder_get_root (builder);

  find_link (self, g_steal_pointer (&task), &start_messaging_link);
}

UcwaConversation *
ucwa_session_start_messaging_finish (UcwaSession  *self,
                                     GAsyncResult *result,
                                     GError      **error)
{
  return finish_invitation (self, result, ucwa_session_start_messaging_async, error);
}

/**
 * ucwa_session_join_meeting_async:
 * @self: a #UcwaSession
 * @url: a meeting link (see ucwa_meeting_link_parse())
 *
 * Joins the meeting with joinOnlineMeeting (joinOnlineMeeting_ref.md,
 * OperationResource.md).  Nothing is sent for a link that is not one
 * (%UCWA_ERROR_INVALID_MEETING_LINK) or whose meeting is not in the signed-in
 * user's domain (%UCWA_ERROR_FOREIGN_MEETING).
 *
 * It then goes on as an accepted meeting invitation (§9): Conferencing, the
 * lobby if the meeting has one (no timeout there: admission may take
 * minutes; cancel to give up), and completes once Conferenced with the
 * conference's conversation, whose chat the caller joins with
 * ucwa_session_add_messaging_async() as after an accept.  Errors:
 * %UCWA_ERROR_DESTINATION_NOT_FOUND (404 DestinationNotFound: unknown or
 * ended), %UCWA_ERROR_FORBIDDEN, %UCWA_ERROR_MEETING_ENDED,
 * %UCWA_ERROR_LOBBY_DENIED.
 */
void
ucwa_session_join_meeting_async (UcwaSession        *self,
                                 const char         *url,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr (GTask)           task = NULL;
  g_autoptr (UcwaMeetingLink) link = NULL;
  g_autoptr (JsonBuilder)     builder = json_builder_new ();
  g_autoptr (GError)          error = NULL;
  StartData                  *data;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (url != NULL);

  task = begin_invitation (self, ucwa_session_join_meeting_async, UCWA_INVITATION_KIND_ONLINE_MEETING,
                           cancellable, callback, user_data);
  if (task == NULL)
    return;

  link = ucwa_meeting_link_parse (url, &error);
  if (link == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!ucwa_meeting_link_is_in_domain_of (link, self->user))
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_FOREIGN_MEETING,
                               "The meeting belongs to %s, not to your organization",
                               ucwa_meeting_link_get_domain (link));
      return;
    }

  data = g_task_get_task_data (task);
  data->timeout_ms = UCWA_SESSION_NO_TIMEOUT;

  /* OperationResource.md's request; without an onlineMeetingUri the server
   * would create a new meeting (joinOnlineMeeting_ref.md). */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "importance");
  json_builder_add_string_value (builder, "Normal");
  json_builder_set_member_name (builder, "onlineMeetingUri");
  json_builder_add_string_value (builder, ucwa_meeting_link_get_online_meeting_uri (link));
  json_builder_set_member_name (builder, "operationId");
  json_builder_add_string_value (builder, data->operation_id);
  json_builder_end_object (builder);
  data->body = json_builder_get_root (builder);

  find_link (self, g_steal_pointer (&task), &join_meeting_link);
}

UcwaConversation *
ucwa_session_join_meeting_finish (UcwaSession  *self,
                                  GAsyncResult *result,
                                  GError      **error)
{
  return finish_invitation (self, result, ucwa_session_join_meeting_async, error);
}

/* People search */

typedef struct
{
  char       *query;
  guint       limit;
  GListStore *contacts;
  guint       pending; /* presence GETs in flight */
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->query);
  g_clear_object (&data->contacts);
  g_free (data);
}

static void
search_done (GTask *task)
{
  SearchData *data = g_task_get_task_data (task);

  g_task_return_pointer (task, g_object_ref (data->contacts), g_object_unref);
}

typedef struct
{
  GTask       *task;
  UcwaContact *contact;
} PresenceRequest;

static void
presence_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  PresenceRequest         *request = user_data;
  g_autoptr (GTask)        task = request->task;
  g_autoptr (UcwaContact)  contact = request->contact;
  SearchData              *data = g_task_get_task_data (task);
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;

  g_free (request);

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  /* A presence we cannot read is unknown, not a failed search. */
  if (response != NULL)
    ucwa_contact_set_availability (contact, ucwa_resource_get_string (ucwa_response_get_object (response),
                                                                      "availability"));
  else
    g_debug ("No presence for %s: %s", ucwa_contact_get_uri (contact), error->message);

  if (--data->pending > 0)
    return;

  if (!g_task_return_error_if_cancelled (task))
    search_done (task);
}

/* search_ref.md: the contacts are `_embedded.contact`, an array (or, as
 * any embedded rel may be, one object).  Their presence is not in them: it
 * is the `contactPresence` link's (contactPresence_ref.md), read unless the
 * server put an `availability` in the contact itself.  Takes @task. */
static void
search_results (UcwaSession *self,
                GTask       *task,
                JsonObject  *results)
{
  SearchData           *data = g_task_get_task_data (task);
  JsonObject           *embedded = results != NULL ? ucwa_resource_get_embedded (results, "contact") : NULL;
  JsonNode             *node = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new ();
  g_autoptr (GPtrArray) requests = g_ptr_array_new ();

  /* ucwa_resource_get_embedded() gives the first only: walk the array. */
  if (embedded != NULL)
    node = json_object_get_member (json_object_get_object_member (results, "_embedded"), "contact");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
          g_ptr_array_add (items, json_array_get_object_element (array, i));
    }
  else if (embedded != NULL)
    g_ptr_array_add (items, embedded);

  for (guint i = 0; i < items->len && g_list_model_get_n_items (G_LIST_MODEL (data->contacts)) < data->limit; i++)
    {
      JsonObject             *item = g_ptr_array_index (items, i);
      const char             *uri = ucwa_resource_get_string (item, "uri");
      g_autofree char        *href = ucwa_resource_dup_link (item, "self", self->base_uri);
      g_autofree char        *presence = ucwa_resource_dup_link (item, "contactPresence", self->base_uri);
      g_autoptr (UcwaContact) contact = NULL;

      /* Without an address there is no one to chat with. */
      if (uri == NULL || *uri == '\0')
        continue;

      contact = ucwa_contact_new (href, ucwa_resource_get_string (item, "name"), uri);
      ucwa_contact_set_availability (contact, ucwa_resource_get_string (item, "availability"));
      g_list_store_append (data->contacts, contact);
      if (ucwa_contact_get_availability (contact) == NULL && presence != NULL)
        {
          PresenceRequest *request = g_new0 (PresenceRequest, 1);

          request->contact = g_object_ref (contact);
          g_object_set_data_full (G_OBJECT (contact), "ucwa-presence-href", g_steal_pointer (&presence), g_free);
          g_ptr_array_add (requests, request);
        }
    }

  if (requests->len == 0)
    {
      search_done (task);
      g_object_unref (task);
      return;
    }

  data->pending = requests->len;
  for (guint i = 0; i < requests->len; i++)
    {
      PresenceRequest *request = g_ptr_array_index (requests, i);
      const char      *href = g_object_get_data (G_OBJECT (request->contact), "ucwa-presence-href");

      request->task = g_object_ref (task);
      ucwa_connection_request_async (self->connection, "GET", href, NULL, NULL, UCWA_REQUEST_AUTHENTICATED,
                                     g_task_get_cancellable (task), presence_cb, request);
    }
  g_object_unref (task);
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask                   *task = user_data;
  UcwaSession             *self = g_task_get_source_object (task);
  g_autoptr (UcwaResponse) response = NULL;
  g_autoptr (GError)       error = NULL;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  search_results (self, task, ucwa_response_get_object (response));
}

static void
get_search (UcwaSession *self,
            GTask       *task,
            const char  *href)
{
  SearchData      *data = g_task_get_task_data (task);
  g_autofree char *limit = g_strdup_printf ("%u", data->limit);
  g_autofree char *with_query = ucwa_uri_add_query_param (href, "query", data->query);
  g_autofree char *uri = ucwa_uri_add_query_param (with_query, "limit", limit);

  ucwa_connection_request_async (self->connection, "GET", uri, NULL, NULL, UCWA_REQUEST_AUTHENTICATED,
                                 g_task_get_cancellable (task), search_cb, task);
}

static const LinkLookup search_link = { "people", "search", get_search };

/**
 * ucwa_session_search_async:
 * @self: a #UcwaSession
 * @query: a name, an address or a part of one
 * @limit: at most this many results (1–100, search_ref.md)
 *
 * Searches the organization's address book with the `people` resource's
 * `search` link (search_ref.md: name, e-mail, URI and phone number are
 * searched).  The result is a #GListModel of #UcwaContact whose availability
 * is filled in from each contact's presence.  A blank query finds nobody
 * without asking.  Debouncing is the caller's; cancel a search that is no
 * longer wanted.
 */
void
ucwa_session_search_async (UcwaSession        *self,
                           const char         *query,
                           guint               limit,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  SearchData       *data;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (query != NULL);

  task = _ucwa_session_begin_operation (self, ucwa_session_search_async, cancellable, callback, user_data);
  if (task == NULL)
    return;

  data = g_new0 (SearchData, 1);
  data->query = g_strstrip (g_strdup (query));
  data->limit = CLAMP (limit, 1, SEARCH_MAX_LIMIT);
  data->contacts = g_list_store_new (UCWA_TYPE_CONTACT);
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);

  if (!g_utf8_validate (data->query, -1, NULL) || g_utf8_strlen (data->query, -1) > SEARCH_MAX_QUERY)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The search is not valid UTF-8 or longer than %d characters", SEARCH_MAX_QUERY);
      return;
    }

  if (*data->query == '\0')
    {
      search_done (task);
      return;
    }

  find_link (self, g_steal_pointer (&task), &search_link);
}

GListModel *
ucwa_session_search_finish (UcwaSession  *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ucwa_session_search_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

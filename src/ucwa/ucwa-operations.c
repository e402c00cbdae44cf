/* ucwa-operations.c: the operations, the fourth part of UcwaSession
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owns accept, decline, send, typing, addMessaging and leave
 * (PROTOCOL.md §7–§9), each a GTask triad.  The server answers an
 * operation's POST at once and completes it later on the event channel, so
 * an operation that has a completion (accept, addMessaging) waits for the
 * model object to reach it after the POST: on its notify signal, with a
 * timeout, and ends at once when cancelled.
 *
 * A meeting's accept has no timeout once the server took it: the invitation
 * stays Connecting while the user waits in the lobby and completes only once
 * they are admitted or rejected (PROTOCOL.md §9), which may take minutes, and
 * the server may not even say "InLobby" (that state is inferred there).  The
 * wait ends instead when the meeting's conversation ends (the user left the
 * lobby: DELETE, §12.1) or on cancellation.
 */

#include "config.h"

#include "ucwa-session-private.h"

#include <string.h>

#include "ucwa-error.h"
#include "ucwa-main-context-private.h"
#include "ucwa-uri.h"

/* Waiting for the completion */

typedef UcwaWaitPredicate WaitPredicate;

/* A wait holds one reference on its task until it finishes: on the
 * predicate, on the timeout or on cancellation, whichever comes first. */
typedef struct
{
  GObject      *object;
  WaitPredicate predicate;
  GCancellable *cancellable;
  GObject      *conversation; /* nullable: the wait ends with it */
  gulong        conversation_handler;
  gulong        notify_handler;
  gulong        cancel_handler;
  guint         timeout_source;
  gboolean      finished;
} WaitData;

static void
wait_data_free (WaitData *data)
{
  g_assert (data->notify_handler == 0 && data->timeout_source == 0 && data->cancel_handler == 0);
  g_assert (data->conversation_handler == 0);
  g_clear_object (&data->object);
  g_clear_object (&data->conversation);
  g_clear_object (&data->cancellable);
  g_free (data);
}

/* Takes @error; drops the wait's reference on @task. */
static void
wait_finish (GTask  *task,
             GError *error)
{
  WaitData *data = g_task_get_task_data (task);

  g_assert (!data->finished);
  data->finished = TRUE;
  g_clear_signal_handler (&data->notify_handler, data->object);
  if (data->conversation != NULL)
    g_clear_signal_handler (&data->conversation_handler, data->conversation);
  ucwa_clear_source (&data->timeout_source);
  if (data->cancel_handler != 0)
    {
      g_cancellable_disconnect (data->cancellable, data->cancel_handler);
      data->cancel_handler = 0;
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
wait_check (GTask *task)
{
  WaitData *data = g_task_get_task_data (task);
  GError   *error = NULL;

  if (data->finished)
    return;

  if (g_cancellable_is_cancelled (data->cancellable))
    wait_finish (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled"));
  else if (data->predicate (data->object, &error) || error != NULL)
    wait_finish (task, error);
  else if (data->conversation != NULL &&
           ucwa_conversation_get_state (UCWA_CONVERSATION (data->conversation)) == UCWA_CONVERSATION_STATE_DISCONNECTED)
    wait_finish (task, g_error_new (UCWA_ERROR, UCWA_ERROR_OPERATION_FAILED, "The conversation has ended"));
}

static void
wait_notify_cb (GObject    *object,
                GParamSpec *pspec,
                GTask      *task)
{
  wait_check (task);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  GTask    *task = user_data;
  WaitData *data = g_task_get_task_data (task);

  data->timeout_source = 0;
  wait_finish (task, g_error_new (UCWA_ERROR, UCWA_ERROR_TIMEOUT,
                                  "The server did not confirm the operation in time"));
  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_idle_cb (gpointer user_data)
{
  wait_check (G_TASK (user_data));
  return G_SOURCE_REMOVE;
}

static void
wait_cancelled_cb (GCancellable *cancellable,
                   GTask        *task)
{
  /* Not from here: disconnecting inside ::cancelled would deadlock. */
  ucwa_idle_add_full (G_PRIORITY_DEFAULT, wait_cancelled_idle_cb, g_object_ref (task), g_object_unref);
}

/* Completes @task once @predicate holds for @object, fails it on timeout
 * (@timeout_ms, 0 for the session's operation timeout; none with
 * @conversation or UCWA_SESSION_NO_TIMEOUT), when @conversation ends, or on
 * cancellation.  Takes the reference on @task. */
static void
wait_for (UcwaSession  *self,
          GTask        *task,
          GObject      *object,
          WaitPredicate predicate,
          GObject      *conversation,
          guint         timeout_ms)
{
  WaitData *data = g_new0 (WaitData, 1);

  data->object = g_object_ref (object);
  data->predicate = predicate;
  g_set_object (&data->cancellable, g_task_get_cancellable (task));
  g_set_object (&data->conversation, conversation);
  g_task_set_task_data (task, data, (GDestroyNotify) wait_data_free);

  data->notify_handler = g_signal_connect (object, "notify", G_CALLBACK (wait_notify_cb), task);
  if (conversation != NULL)
    data->conversation_handler = g_signal_connect (conversation, "notify::state", G_CALLBACK (wait_notify_cb), task);
  else if (timeout_ms != UCWA_SESSION_NO_TIMEOUT)
    data->timeout_source = ucwa_timeout_add (timeout_ms != 0 ? timeout_ms : self->operation_timeout,
                                             wait_timeout_cb, task);
  if (data->cancellable != NULL)
    data->cancel_handler = g_cancellable_connect (data->cancellable, G_CALLBACK (wait_cancelled_cb), task, NULL);

  /* The completion may well have arrived before the POST's answer. */
  wait_check (task);
}

static gboolean
invitation_done (GObject *object,
                 GError **error)
{
  UcwaInvitation *invitation = UCWA_INVITATION (object);

  switch (ucwa_invitation_get_status (invitation))
    {
    case UCWA_INVITATION_STATUS_SUCCEEDED:
      return TRUE;
    case UCWA_INVITATION_STATUS_FAILED:
      *error = g_error_new (UCWA_ERROR, UCWA_ERROR_OPERATION_FAILED, "%s",
                            ucwa_invitation_get_failure_message (invitation)
                              ? ucwa_invitation_get_failure_message (invitation)
                              : "The invitation could not be accepted");
      return FALSE;
    case UCWA_INVITATION_STATUS_PENDING:
    default:
      return FALSE;
    }
}

static gboolean
messaging_connected (GObject *object,
                     GError **error)
{
  UcwaConversation *conversation = UCWA_CONVERSATION (object);

  if (ucwa_conversation_get_state (conversation) == UCWA_CONVERSATION_STATE_DISCONNECTED)
    {
      *error = g_error_new (UCWA_ERROR, UCWA_ERROR_OPERATION_FAILED, "The conversation has ended");
      return FALSE;
    }
  return ucwa_conversation_get_messaging_state (conversation) == UCWA_MODALITY_STATE_CONNECTED;
}

typedef struct
{
  GObject          *object;
  WaitPredicate     predicate;
  UcwaMessage      *message;
  GObject          *conversation; /* an unbounded wait ending with it */
  guint             timeout_ms;
  UcwaConversation *send_queue; /* a message's: its next message goes when this one is answered */
} PostData;

static void
post_data_free (PostData *data)
{
  g_clear_object (&data->object);
  g_clear_object (&data->message);
  g_clear_object (&data->conversation);
  g_clear_object (&data->send_queue);
  g_free (data);
}

static void send_next (UcwaSession      *self,
                       UcwaConversation *conversation);

static void
post_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask)            task = user_data;
  UcwaSession                 *self = g_task_get_source_object (task);
  PostData                    *data = g_task_get_task_data (task);
  g_autoptr (UcwaResponse)     response = NULL;
  g_autoptr (GError)           error = NULL;
  g_autoptr (GObject)          object_to_wait = NULL;
  g_autoptr (GObject)          conversation = NULL;
  g_autoptr (UcwaConversation) send_queue = g_steal_pointer (&data->send_queue);
  WaitPredicate                predicate;
  guint                        timeout_ms;

  response = ucwa_connection_request_finish (UCWA_CONNECTION (object), result, &error);
  if (response == NULL)
    {
      if (data->message != NULL)
        ucwa_model_fail_outgoing_message (self->model, data->message);
      g_task_return_error (task, g_steal_pointer (&error));
      if (send_queue != NULL)
        send_next (self, send_queue);
      return;
    }

  if (data->predicate == NULL)
    {
      g_task_return_boolean (task, TRUE);
      if (send_queue != NULL)
        send_next (self, send_queue);
      return;
    }

  object_to_wait = g_steal_pointer (&data->object);
  conversation = g_steal_pointer (&data->conversation);
  predicate = data->predicate;
  timeout_ms = data->timeout_ms;
  g_task_set_task_data (task, NULL, NULL);
  wait_for (self, g_steal_pointer (&task), object_to_wait, predicate, conversation, timeout_ms);
}

static void
post_full (UcwaSession  *self,
           GTask        *task,
           const char   *method,
           const char   *href,
           const char   *content_type,
           GBytes       *body,
           GObject      *wait_object,
           WaitPredicate predicate,
           UcwaMessage  *message,
           GObject      *ends_with)
{
  PostData *data = g_new0 (PostData, 1);

  data->object = wait_object ? g_object_ref (wait_object) : NULL;
  data->predicate = predicate;
  data->message = message ? g_object_ref (message) : NULL;
  data->conversation = ends_with ? g_object_ref (ends_with) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) post_data_free);

  ucwa_connection_request_async (self->connection, method, href, content_type, body,
                                 UCWA_REQUEST_AUTHENTICATED, g_task_get_cancellable (task),
                                 post_cb, task);
}

static void
post (UcwaSession  *self,
      GTask        *task,
      const char   *method,
      const char   *href,
      const char   *content_type,
      GBytes       *body,
      GObject      *wait_object,
      WaitPredicate predicate,
      UcwaMessage  *message)
{
  post_full (self, task, method, href, content_type, body, wait_object, predicate, message, NULL);
}

void
_ucwa_session_post_and_wait (UcwaSession      *self,
                             GTask            *task,
                             const char       *href,
                             const char       *content_type,
                             GBytes           *body,
                             GObject          *wait_object,
                             UcwaWaitPredicate predicate,
                             guint             timeout_ms)
{
  post_full (self, task, "POST", href, content_type, body, wait_object, predicate, NULL, NULL);
  ((PostData *) g_task_get_task_data (task))->timeout_ms = timeout_ms;
}

static gboolean
check_online (UcwaSession *self,
              GTask       *task)
{
  if (self->state == UCWA_SESSION_STATE_SIGNED_OUT || self->application_href == NULL)
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_SIGNED_OUT, "You are signed out");
      return FALSE;
    }
  return TRUE;
}

/* The start of every operation: a task, and a clear error when signed out. */
GTask *
_ucwa_session_begin_operation (UcwaSession        *self,
                               gpointer            source_tag,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (!check_online (self, task))
    return NULL;
  return g_steal_pointer (&task);
}

gboolean
_ucwa_session_finish_operation (UcwaSession  *self,
                                GAsyncResult *result,
                                gpointer      source_tag,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
_ucwa_session_new_operation_id (void)
{
  return g_uuid_string_random ();
}

void
ucwa_session_accept_async (UcwaSession        *self,
                           UcwaInvitation     *invitation,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  UcwaConversation *meeting = NULL;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (UCWA_IS_INVITATION (invitation));

  task = _ucwa_session_begin_operation (self, ucwa_session_accept_async, cancellable, callback, user_data);
  if (task == NULL)
    return;

  if (!ucwa_invitation_is_answerable (invitation) || ucwa_invitation_get_accept_href (invitation) == NULL)
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_NO_LINK,
                               "This invitation can no longer be accepted");
      return;
    }

  /* A meeting may keep the user in its lobby: no timeout (see the top). */
  if (ucwa_invitation_get_kind (invitation) == UCWA_INVITATION_KIND_ONLINE_MEETING)
    meeting = ucwa_model_lookup_conversation (self->model, ucwa_invitation_get_conversation_href (invitation));

  /* Success is the invitation completing with Success, not the 204. */
  post_full (self, g_steal_pointer (&task), "POST", ucwa_invitation_get_accept_href (invitation),
             NULL, NULL, G_OBJECT (invitation), invitation_done, NULL, meeting ? G_OBJECT (meeting) : NULL);
}

gboolean
ucwa_session_accept_finish (UcwaSession  *self,
                            GAsyncResult *result,
                            GError      **error)
{
  return _ucwa_session_finish_operation (self, result, ucwa_session_accept_async, error);
}

void
ucwa_session_decline_async (UcwaSession        *self,
                            UcwaInvitation     *invitation,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  static const char  body_text[] = "{\"reason\":\"Local\"}";
  g_autoptr (GTask)  task = NULL;
  g_autoptr (GBytes) body = NULL;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (UCWA_IS_INVITATION (invitation));

  task = _ucwa_session_begin_operation (self, ucwa_session_decline_async, cancellable, callback, user_data);
  if (task == NULL)
    return;

  if (!ucwa_invitation_is_answerable (invitation) || ucwa_invitation_get_decline_href (invitation) == NULL)
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_NO_LINK,
                               "This invitation can no longer be declined");
      return;
    }

  /* Local: decline on this device only, the others may still answer. */
  body = g_bytes_new_static (body_text, sizeof body_text - 1);
  post (self, g_steal_pointer (&task), "POST", ucwa_invitation_get_decline_href (invitation),
        "application/json", body, NULL, NULL, NULL);
}

gboolean
ucwa_session_decline_finish (UcwaSession  *self,
                             GAsyncResult *result,
                             GError      **error)
{
  return _ucwa_session_finish_operation (self, result, ucwa_session_decline_async, error);
}

/* A conversation's messages go out one after the other: posted at once,
 * they would race on as many connections, and the reference promises no
 * order between requests in flight.  Each is listed as soon as it is
 * written; its POST waits for the answer to the one before.  While one is
 * on its way its conversation has a queue (maybe empty) in send_queues. */
typedef struct
{
  UcwaConversation *conversation;
  GTask            *task;
  char             *href;
  GBytes           *body;
  UcwaMessage      *message;
} QueuedSend;

static void
queued_send_free (QueuedSend *send)
{
  g_clear_object (&send->conversation);
  g_clear_object (&send->task);
  g_free (send->href);
  g_clear_pointer (&send->body, g_bytes_unref);
  g_clear_object (&send->message);
  g_free (send);
}

static void
start_send (UcwaSession *self,
            QueuedSend  *send)
{
  GTask *task = send->task;

  post (self, g_steal_pointer (&send->task), "POST", send->href, "text/plain; charset=utf-8", send->body,
        NULL, NULL, send->message);
  /* post() handed the task to the request, which answers it later. */
  ((PostData *) g_task_get_task_data (task))->send_queue = g_object_ref (send->conversation);
  queued_send_free (send);
}

static void
send_next (UcwaSession      *self,
           UcwaConversation *conversation)
{
  GQueue *queue = self->send_queues != NULL ? g_hash_table_lookup (self->send_queues, conversation) : NULL;

  if (queue == NULL)
    return;
  if (g_queue_is_empty (queue))
    {
      g_hash_table_remove (self->send_queues, conversation);
      g_queue_free (queue);
      return;
    }
  start_send (self, g_queue_pop_head (queue));
}

void
_ucwa_session_drop_send_queues (UcwaSession *self)
{
  g_autoptr (GHashTable) queues = g_steal_pointer (&self->send_queues);
  GHashTableIter         iter;
  GQueue                *queue;

  if (queues == NULL)
    return;
  g_hash_table_iter_init (&iter, queues);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &queue))
    {
      QueuedSend *send;

      while ((send = g_queue_pop_head (queue)) != NULL)
        {
          if (self->model != NULL)
            ucwa_model_fail_outgoing_message (self->model, send->message);
          g_task_return_new_error (send->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The session ended");
          queued_send_free (send);
        }
      g_queue_free (queue);
    }
}

void
ucwa_session_send_message_async (UcwaSession        *self,
                                 UcwaConversation   *conversation,
                                 const char         *text,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char  *operation_id = NULL;
  const char       *send_href;
  QueuedSend       *send;
  GQueue           *queue;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (UCWA_IS_CONVERSATION (conversation));
  g_return_if_fail (text != NULL);

  task = _ucwa_session_begin_operation (self, ucwa_session_send_message_async, cancellable, callback, user_data);
  if (task == NULL)
    return;

  send_href = ucwa_conversation_get_send_message_href (conversation);
  if (send_href == NULL)
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_NO_LINK,
                               "Messages cannot be sent in this conversation right now");
      return;
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The message is not valid UTF-8");
      return;
    }

  /* The message event may come back before the 201: match it by operationId. */
  operation_id = _ucwa_session_new_operation_id ();
  send = g_new0 (QueuedSend, 1);
  send->conversation = g_object_ref (conversation);
  send->href = ucwa_uri_add_query_param (send_href, "operationId", operation_id);
  /* Listed at once, posted in its turn. */
  send->message = g_object_ref (ucwa_model_add_outgoing_message (self->model, conversation, operation_id, text));
  send->body = g_bytes_new (text, strlen (text));
  send->task = g_steal_pointer (&task);

  if (self->send_queues == NULL)
    self->send_queues = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  queue = g_hash_table_lookup (self->send_queues, conversation);
  if (queue != NULL)
    {
      g_queue_push_tail (queue, send);
      return;
    }
  g_hash_table_insert (self->send_queues, g_object_ref (conversation), g_queue_new ());
  start_send (self, send);
}

gboolean
ucwa_session_send_message_finish (UcwaSession  *self,
                                  GAsyncResult *result,
                                  GError      **error)
{
  return _ucwa_session_finish_operation (self, result, ucwa_session_send_message_async, error);
}

void
ucwa_session_set_is_typing_async (UcwaSession        *self,
                                  UcwaConversation   *conversation,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (UCWA_IS_CONVERSATION (conversation));

  task = _ucwa_session_begin_operation (self, ucwa_session_set_is_typing_async, cancellable, callback, user_data);
  if (task == NULL)
    return;

  if (ucwa_conversation_get_set_is_typing_href (conversation) == NULL)
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_NO_LINK,
                               "Typing cannot be shown in this conversation right now");
      return;
    }

  post (self, g_steal_pointer (&task), "POST", ucwa_conversation_get_set_is_typing_href (conversation),
        NULL, NULL, NULL, NULL, NULL);
}

gboolean
ucwa_session_set_is_typing_finish (UcwaSession  *self,
                                   GAsyncResult *result,
                                   GError      **error)
{
  return _ucwa_session_finish_operation (self, result, ucwa_session_set_is_typing_async, error);
}

void
ucwa_session_add_messaging_async (UcwaSession        *self,
                                  UcwaConversation   *conversation,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr (GTask)  task = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char   *operation_id = NULL;
  g_autofree char   *text = NULL;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (UCWA_IS_CONVERSATION (conversation));

  task = _ucwa_session_begin_operation (self, ucwa_session_add_messaging_async, cancellable, callback, user_data);
  if (task == NULL)
    return;

  if (ucwa_conversation_get_messaging_state (conversation) == UCWA_MODALITY_STATE_CONNECTED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (ucwa_conversation_get_add_messaging_href (conversation) == NULL)
    {
      g_task_return_new_error (task, UCWA_ERROR, UCWA_ERROR_NO_LINK,
                               "Chat cannot be joined in this conversation right now");
      return;
    }

  operation_id = _ucwa_session_new_operation_id ();
  text = g_strdup_printf ("{\"operationId\":\"%s\"}", operation_id);
  body = g_bytes_new (text, strlen (text));
  post (self, g_steal_pointer (&task), "POST", ucwa_conversation_get_add_messaging_href (conversation),
        "application/json", body, G_OBJECT (conversation), messaging_connected, NULL);
}

gboolean
ucwa_session_add_messaging_finish (UcwaSession  *self,
                                   GAsyncResult *result,
                                   GError      **error)
{
  return _ucwa_session_finish_operation (self, result, ucwa_session_add_messaging_async, error);
}

void
ucwa_session_leave_async (UcwaSession        *self,
                          UcwaConversation   *conversation,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (UCWA_IS_SESSION (self));
  g_return_if_fail (UCWA_IS_CONVERSATION (conversation));

  task = _ucwa_session_begin_operation (self, ucwa_session_leave_async, cancellable, callback, user_data);
  if (task == NULL)
    return;

  if (ucwa_conversation_get_state (conversation) == UCWA_CONVERSATION_STATE_DISCONNECTED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* DELETE leaves the conversation and tears down all its modalities. */
  post (self, g_steal_pointer (&task), "DELETE", ucwa_conversation_get_href (conversation),
        NULL, NULL, NULL, NULL, NULL);
}

gboolean
ucwa_session_leave_finish (UcwaSession  *self,
                           GAsyncResult *result,
                           GError      **error)
{
  return _ucwa_session_finish_operation (self, result, ucwa_session_leave_async, error);
}

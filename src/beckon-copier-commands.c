/* beckon-copier-commands.c: the GTK thread's commands to the core's
 * objects: answer, clear the history, send, typing, leave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each is called on the owner's thread with ids, never core objects, and
 * runs on the core's thread (beckon_core_invoke()), where the copier finds
 * the object the id names, if it still follows it.
 */

#include "config.h"

#include "beckon-copier-private.h"

#include "beckon-password.h"
#include "beckon-tsan-private.h"

typedef struct
{
  BeckonCopier *copier;
  guint64       id;
  BeckonAnswer  answer;
  char         *text;
  guint         milliseconds; /* the send timeout (conv) */
} Command;

static void
command_free (gpointer data)
{
  Command *command = data;

  _beckon_copier_unref (command->copier);
  g_free (command->text);
  g_free (command);
}

static void
post_command (BeckonCopier  *self,
              BeckonCoreFunc func,
              guint64        id,
              BeckonAnswer   answer,
              const char    *text)
{
  Command *command = g_new0 (Command, 1);

  command->copier = _beckon_copier_ref (self);
  command->id = id;
  command->answer = answer;
  command->text = g_strdup (text);
  beckon_core_invoke (self->core, func, command, command_free);
}

static void
answer_run (gpointer data)
{
  Command              *command = data;
  BeckonCopier         *self = command->copier;
  BeckonInvitationItem *item = self->account != NULL ? g_hash_table_lookup (self->items_by_id, &command->id) : NULL;
  g_autoptr (GError)    error = NULL;

  /* Refused (the invitation changed meanwhile): the copy catches up with
   * the verdict that says why in the next batch. */
  if (item != NULL && !beckon_account_answer (self->account, item, command->answer, &error))
    g_debug ("Not answering from a copy: %s", error->message);
}

void
_beckon_copier_answer (BeckonCopier *self,
                       guint64       item_id,
                       BeckonAnswer  answer)
{
  post_command (self, answer_run, item_id, answer, NULL);
}

static void
clear_history_run (gpointer data)
{
  BeckonCopier *self = ((Command *) data)->copier;

  if (self->account != NULL && !beckon_account_clear_history (self->account))
    g_debug ("The history file could not be cleared");
}

void
_beckon_copier_clear_history (BeckonCopier *self)
{
  post_command (self, clear_history_run, 0, 0, NULL);
}

static ConvWatch *
command_conversation (Command *command)
{
  BeckonCopier *self = command->copier;

  return self->account != NULL ? g_hash_table_lookup (self->conversations_by_id, &command->id) : NULL;
}

/* Each outcome shows in the copy: a failed message as Failed (and why,
 * from the outbox), what waits for the connection in the conversation's
 * "waiting", a left conversation as Disconnected; typing has nothing to
 * show. */
static void
send_run (gpointer data)
{
  Command   *command = data;
  ConvWatch *watch = command_conversation (command);

  if (watch != NULL)
    beckon_outbox_send (_beckon_copier_watch_outbox (watch), command->text);
}

void
_beckon_copier_send_message (BeckonCopier *self,
                             guint64       conversation_id,
                             const char   *text)
{
  post_command (self, send_run, conversation_id, 0, text);
}

static void
typed_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!ucwa_session_set_is_typing_finish (UCWA_SESSION (object), result, &error))
    g_debug ("Typing from a copy: %s", error->message);
}

static void
typing_run (gpointer data)
{
  ConvWatch *watch = command_conversation (data);

  if (watch != NULL && ucwa_conversation_get_set_is_typing_href (watch->conversation) != NULL)
    ucwa_session_set_is_typing_async (watch->copier->session, watch->conversation, NULL, typed_cb, NULL);
}

void
_beckon_copier_set_typing (BeckonCopier *self,
                           guint64       conversation_id)
{
  post_command (self, typing_run, conversation_id, 0, NULL);
}

static void
left_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!ucwa_session_leave_finish (UCWA_SESSION (object), result, &error))
    g_debug ("Leaving from a copy: %s", error->message);
}

static void
leave_run (gpointer data)
{
  ConvWatch *watch = command_conversation (data);

  if (watch != NULL)
    ucwa_session_leave_async (watch->copier->session, watch->conversation, NULL, left_cb, NULL);
}

void
_beckon_copier_leave (BeckonCopier *self,
                      guint64       conversation_id)
{
  post_command (self, leave_run, conversation_id, 0, NULL);
}

/* The main window's */

static void
set_availability_run (gpointer data)
{
  Command      *command = data;
  BeckonCopier *self = command->copier;

  /* What the server makes of it comes back as the presence's copy. */
  if (self->account != NULL)
    beckon_account_set_availability (self->account, command->text);
}

void
_beckon_copier_set_availability (BeckonCopier *self,
                                 const char   *availability)
{
  post_command (self, set_availability_run, 0, 0, availability);
}

typedef struct
{
  BeckonCopier *copier;
  GTask        *task; /* passed through the core untouched, returned on the owner's thread */
  gboolean      cleared;
} ClearHistory;

static void
clear_history_free (gpointer data)
{
  ClearHistory *clear = data;

  _beckon_copier_unref (clear->copier);
  g_clear_object (&clear->task);
  g_free (clear);
}

static void
clear_history_return (gpointer data)
{
  ClearHistory *clear = data;

  if (clear->cleared)
    g_task_return_boolean (clear->task, TRUE);
  else
    g_task_return_new_error (clear->task, G_IO_ERROR, G_IO_ERROR_FAILED, "The history file could not be cleared");
}

static void
clear_history_task_run (gpointer data)
{
  ClearHistory *clear = data;
  ClearHistory *outcome = g_new0 (ClearHistory, 1);
  BeckonCopier *self = clear->copier;

  outcome->copier = _beckon_copier_ref (self);
  /* Handed on, never referenced here: its last reference goes on the
   * owner's thread, with what it holds of the owner's. */
  outcome->task = g_steal_pointer (&clear->task);
  outcome->cleared = self->account != NULL && beckon_account_clear_history (self->account);
  beckon_core_invoke_owner (self->core, clear_history_return, outcome, clear_history_free);
}

void
_beckon_copier_clear_history_task (BeckonCopier *self,
                                   GTask        *task)
{
  ClearHistory *clear = g_new0 (ClearHistory, 1);

  clear->copier = _beckon_copier_ref (self);
  clear->task = g_object_ref (task);
  beckon_core_invoke (self->core, clear_history_task_run, clear, clear_history_free);
}

/* The conversation window's (conv) */

static void
send_timeout_run (gpointer data)
{
  Command   *command = data;
  ConvWatch *watch = command_conversation (command);

  if (watch == NULL)
    return;
  watch->send_timeout_ms = MAX (1, command->milliseconds);
  if (watch->outbox != NULL)
    beckon_outbox_set_send_timeout (watch->outbox, watch->send_timeout_ms);
}

void
_beckon_copier_set_send_timeout (BeckonCopier *self,
                                 guint64       conversation_id,
                                 guint         milliseconds)
{
  Command *command = g_new0 (Command, 1);

  command->copier = _beckon_copier_ref (self);
  command->id = conversation_id;
  command->milliseconds = milliseconds;
  beckon_core_invoke (self->core, send_timeout_run, command, command_free);
}

/* Leaving, with its outcome (conv): the window closes once the DELETE is
 * done, whatever the server said. */

typedef struct
{
  BeckonCopier *copier;
  guint64       id;
  GTask        *task; /* the owner's: returned there only */
  GError       *error;
} LeaveCall;

static void
leave_call_free (gpointer data)
{
  LeaveCall *call = data;

  _beckon_copier_unref (call->copier);
  g_clear_object (&call->task);
  g_clear_error (&call->error);
  g_free (call);
}

static void
leave_call_return (gpointer data)
{
  LeaveCall *call = data;

  if (call->error != NULL)
    g_task_return_error (call->task, g_steal_pointer (&call->error));
  else
    g_task_return_boolean (call->task, TRUE);
}

static void
leave_call_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LeaveCall *call = user_data;

  ucwa_session_leave_finish (UCWA_SESSION (object), result, &call->error);
  beckon_core_invoke_owner (call->copier->core, leave_call_return, call, leave_call_free);
}

static void
leave_call_run (gpointer data)
{
  LeaveCall    *call = data;
  BeckonCopier *self = call->copier;
  ConvWatch    *watch = self->account != NULL ? g_hash_table_lookup (self->conversations_by_id, &call->id) : NULL;
  LeaveCall    *running = g_new0 (LeaveCall, 1);

  /* The call is freed when this returns: what goes on takes its own. */
  running->copier = _beckon_copier_ref (self);
  running->id = call->id;
  running->task = g_steal_pointer (&call->task);
  if (watch == NULL)
    {
      running->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "The conversation is no longer followed");
      beckon_core_invoke_owner (self->core, leave_call_return, running, leave_call_free);
      return;
    }
  ucwa_session_leave_async (self->session, watch->conversation, NULL, leave_call_done_cb, running);
}

void
_beckon_copier_leave_task (BeckonCopier *self,
                           guint64       conversation_id,
                           GTask        *task)
{
  LeaveCall *call = g_new0 (LeaveCall, 1);

  call->copier = _beckon_copier_ref (self);
  call->id = conversation_id;
  call->task = g_object_ref (task);
  beckon_core_invoke (self->core, leave_call_run, call, leave_call_free);
}

/* For the tests (conv): the conversation a copy's id names, to be read
 * on the core's thread only. */
UcwaConversation *
_beckon_copier_core_conversation (BeckonCopier *self,
                                  guint64       conversation_id)
{
  ConvWatch *watch = self->account != NULL ? g_hash_table_lookup (self->conversations_by_id, &conversation_id) : NULL;

  g_return_val_if_fail (beckon_core_is_core_thread (self->core), NULL);

  return watch != NULL ? watch->conversation : NULL;
}

/* The application's: signing in and out, with their outcome */

/* The owner's cancellable cancels the core's copy of it there: cancelled on
 * the owner's thread, it would run libsoup's handlers on that thread. */
typedef struct
{
  BeckonCore   *core;
  GCancellable *cancellable; /* the core's */
} Canceller;

static void
canceller_free (gpointer data)
{
  Canceller *canceller = data;

  g_object_unref (canceller->cancellable);
  g_free (canceller);
}

static void
cancel_run (gpointer data)
{
  g_cancellable_cancel (data);
}

static void
owner_cancelled_cb (GCancellable *cancellable,
                    Canceller    *canceller)
{
  /* At once on an inline core: its loop may not turn again (the
   * application's shutdown cancels). */
  beckon_core_run (canceller->core, cancel_run, g_object_ref (canceller->cancellable), g_object_unref);
}

typedef struct
{
  BeckonCopier    *copier;
  GTask           *task;        /* the owner's: only passed through here */
  GCancellable    *cancellable; /* the core's */
  gulong           cancel_handler;
  char            *server_url;
  char            *user;
  BeckonPassword  *password;
  char            *query; /* a people search's */
  guint            limit;
  /* The outcome, written on the core's thread, read on the owner's. */
  GError          *error;
  GTlsCertificate *refused;
  GListStore      *contacts; /* a people search's: copies nobody else holds */
} SessionCommand;

static void
session_command_free (gpointer data)
{
  SessionCommand *command = data;

  if (command->task != NULL)
    g_cancellable_disconnect (g_task_get_cancellable (command->task), command->cancel_handler);
  _beckon_copier_unref (command->copier);
  g_clear_object (&command->task);
  g_clear_object (&command->cancellable);
  g_free (command->server_url);
  g_free (command->user);
  g_clear_pointer (&command->password, beckon_password_free);
  g_clear_error (&command->error);
  g_clear_object (&command->refused);
  g_free (command->query);
  g_clear_object (&command->contacts);
  g_free (command);
}

static void
session_command_return (gpointer data)
{
  SessionCommand *command = data;

  BECKON_TSAN_ACQUIRE (command);
  if (command->refused != NULL)
    g_task_set_task_data (command->task, g_object_ref (command->refused), g_object_unref);
  if (command->error != NULL)
    g_task_return_error (command->task, g_steal_pointer (&command->error));
  else if (command->contacts != NULL)
    g_task_return_pointer (command->task, g_steal_pointer (&command->contacts), g_object_unref);
  else
    g_task_return_boolean (command->task, TRUE);
}

/* On the core's thread: after a batch with what the command changed. */
static void
session_command_done (SessionCommand *command)
{
  BeckonCopier *self = command->copier;

  _beckon_copier_send_now (self);
  BECKON_TSAN_RELEASE (command);
  beckon_core_invoke_owner (self->core, session_command_return, command, session_command_free);
}

static SessionCommand *
session_command_new (BeckonCopier *self,
                     GTask        *task)
{
  SessionCommand *command = g_new0 (SessionCommand, 1);
  Canceller      *canceller = g_new0 (Canceller, 1);

  command->copier = _beckon_copier_ref (self);
  command->task = g_object_ref (task);
  command->cancellable = g_cancellable_new ();
  canceller->core = self->core;
  canceller->cancellable = g_object_ref (command->cancellable);
  if (g_task_get_cancellable (task) != NULL)
    command->cancel_handler = g_cancellable_connect (g_task_get_cancellable (task), G_CALLBACK (owner_cancelled_cb),
                                                     canceller, canceller_free);
  else
    canceller_free (canceller);
  return command;
}

/* On the core's thread, first: what the owner's thread wrote is read. */
static gboolean
session_command_check (SessionCommand *command)
{
  BECKON_TSAN_ACQUIRE (command);
  if (command->copier->account != NULL)
    return TRUE;
  g_set_error_literal (&command->error, G_IO_ERROR, G_IO_ERROR_CLOSED, "The account is no longer followed");
  session_command_done (command);
  return FALSE;
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SessionCommand *command = user_data;

  if (!ucwa_session_sign_in_finish (UCWA_SESSION (object), result, &command->error) &&
      g_error_matches (command->error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    g_set_object (&command->refused,
                  ucwa_connection_get_refused_certificate (ucwa_session_get_connection (UCWA_SESSION (object)), NULL));
  session_command_done (command);
}

static void
sign_in_run (gpointer data)
{
  SessionCommand *command = data;

  if (!session_command_check (command))
    return;
  /* The session keeps a copy of its own as long as it needs it. */
  ucwa_session_sign_in_async (command->copier->session, command->server_url, command->user, command->password,
                              command->cancellable, signed_in_cb, command);
  g_clear_pointer (&command->password, beckon_password_free);
}

void
_beckon_copier_sign_in (BeckonCopier *self,
                        GTask        *task,
                        const char   *server_url,
                        const char   *user,
                        const char   *password)
{
  SessionCommand *command = session_command_new (self, task);

  command->server_url = g_strdup (server_url);
  command->user = g_strdup (user);
  command->password = beckon_password_new (password);
  /* Freed by its outcome, on the owner's thread. */
  BECKON_TSAN_RELEASE (command);
  beckon_core_invoke (self->core, sign_in_run, command, NULL);
}

static void
signed_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SessionCommand *command = user_data;

  ucwa_session_sign_out_finish (UCWA_SESSION (object), result, &command->error);
  session_command_done (command);
}

static void
sign_out_run (gpointer data)
{
  SessionCommand *command = data;

  if (session_command_check (command))
    ucwa_session_sign_out_async (command->copier->session, command->cancellable, signed_out_cb, command);
}

void
_beckon_copier_sign_out (BeckonCopier *self,
                         GTask        *task)
{
  SessionCommand *command = session_command_new (self, task);

  BECKON_TSAN_RELEASE (command);
  beckon_core_invoke (self->core, sign_out_run, command, NULL);
}

/* The people search (the New Chat dialog's): the session's contacts are
 * copied, so that the owner's thread gets objects the core never touches
 * again. */
static void
searched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SessionCommand        *command = user_data;
  g_autoptr (GListModel) found = ucwa_session_search_finish (UCWA_SESSION (object), result, &command->error);

  if (found != NULL)
    {
      command->contacts = g_list_store_new (UCWA_TYPE_CONTACT);
      for (guint i = 0; i < g_list_model_get_n_items (found); i++)
        {
          g_autoptr (UcwaContact) contact = g_list_model_get_item (found, i);
          g_autoptr (UcwaContact) copy = ucwa_contact_new (ucwa_contact_get_href (contact),
                                                           ucwa_contact_get_name (contact),
                                                           ucwa_contact_get_uri (contact));

          ucwa_contact_set_availability (copy, ucwa_contact_get_availability (contact));
          g_list_store_append (command->contacts, copy);
        }
    }
  session_command_done (command);
}

static void
search_run (gpointer data)
{
  SessionCommand *command = data;

  if (session_command_check (command))
    ucwa_session_search_async (command->copier->session, command->query, command->limit, command->cancellable,
                               searched_cb, command);
}

void
_beckon_copier_search_people (BeckonCopier *self,
                              GTask        *task,
                              const char   *query,
                              guint         limit)
{
  SessionCommand *command = session_command_new (self, task);

  command->query = g_strdup (query);
  command->limit = limit;
  BECKON_TSAN_RELEASE (command);
  beckon_core_invoke (self->core, search_run, command, NULL);
}

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

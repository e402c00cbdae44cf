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

/* Each outcome shows in the copy: a failed message as Failed, a left
 * conversation as Disconnected; typing has nothing to show. */
static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!ucwa_session_send_message_finish (UCWA_SESSION (object), result, &error))
    g_debug ("Sending from a copy: %s", error->message);
}

static void
send_run (gpointer data)
{
  Command   *command = data;
  ConvWatch *watch = command_conversation (command);

  if (watch != NULL)
    ucwa_session_send_message_async (watch->copier->session, watch->conversation, command->text, NULL, sent_cb,
                                     NULL);
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

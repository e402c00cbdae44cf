/* beckon-history.c: ended invitations and every conversation's messages, kept on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SQLite file ($XDG_DATA_HOME/beckon/history.db), through SQLite's own
 * API: prepared statements, every value bound, never formatted into SQL.
 *
 * Threads: the BeckonHistory object, its connection (self->db) and its
 * prepared statements belong to the thread that created it (the main
 * thread); every write happens there.  The loads run in a GTask worker
 * thread on a read-only connection of their own, opened and closed there:
 * WAL lets that reader see the last commit without ever blocking the
 * writer, and no handle is shared between threads.  A load's parameters go
 * to that thread and its records come back through the GTask, marked for
 * ThreadSanitizer (beckon-tsan-private.h).
 *
 * Durability.  The file is in WAL mode with synchronous=NORMAL: a commit is
 * a write() of its pages to the -wal file, with no fsync (that waits for the
 * next checkpoint).  Once write() returned the pages belong to the kernel,
 * so a process that is killed (kill -9, a crash) loses nothing it
 * committed; only a power cut or an OS crash may lose the last commits, and
 * even then the database stays consistent (WAL frames are checksummed, a
 * torn tail is ignored).  That is enough for a chat history, and it keeps a
 * commit to a few tens of microseconds, cheap enough for the main thread.
 *
 * So every write is one small autocommit transaction, committed before the
 * call returns.  The account writes a message from the handler of the
 * model's "message-added" signal, which runs while the event channel's batch
 * is applied: the next P-GET (which carries the ack of that batch) has been
 * queued by then but is only written to the socket by libsoup once the main
 * loop runs again, after the handler has committed.  A worker thread would
 * instead need the ack to wait for it, which the protocol library does not
 * offer.
 *
 * A file that cannot be used (not a database, unreadable, written by a
 * newer Beckon, a migration that fails) is moved aside with its -wal and
 * -shm, and a fresh one started; the notice says so.  Nothing here aborts.
 * The file's format, its migrations and the moving aside are
 * beckon-history-schema.c's.
 */

#include "config.h"

#include "beckon-history.h"
#include "beckon-history-private.h"
#include "beckon-tsan-private.h"

#include <errno.h>
#include <glib/gi18n.h>

typedef enum {
  STMT_ADD_INVITATION,
  STMT_UPDATE_INVITATION,
  STMT_ADD_MESSAGE,
  STMT_UPDATE_MESSAGE,
  STMT_LAST_INVITATION,
  N_STMTS
} Statement;

static const char *const STATEMENTS[N_STMTS] = {
  [STMT_ADD_INVITATION] = "INSERT INTO invitations (kind, from_name, from_uri, subject, received, ended, state, reason, conversation)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
  [STMT_UPDATE_INVITATION] = "UPDATE invitations SET state = ?2, reason = ?3 WHERE id = ?1",
  [STMT_ADD_MESSAGE] = "INSERT INTO messages (conversation, direction, sender, text, time, state)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  [STMT_UPDATE_MESSAGE] = "UPDATE messages SET text = ?2, time = ?3, state = ?4 WHERE id = ?1",
  [STMT_LAST_INVITATION] = "SELECT coalesce (max (id), 0) FROM invitations",
};

#define SELECT_INVITATIONS                                                                      \
  "SELECT id, kind, from_name, from_uri, subject, received, ended, state, reason, conversation" \
  " FROM invitations WHERE id <= ?1 ORDER BY received DESC, id DESC LIMIT ?2"
#define SELECT_MESSAGES                                           \
  "SELECT id, conversation, direction, sender, text, time, state" \
  " FROM messages WHERE conversation = ?1 ORDER BY time, id"

struct _BeckonHistory
{
  GObject parent_instance;

  char         *path;
  sqlite3      *db; /* the file, else memory (NULL only if even that failed) */
  sqlite3_stmt *stmts[N_STMTS];
  char         *notice;
  char         *moved_aside;
  gboolean      persistent;
  gboolean      warned;     /* a failed write was logged: later ones only at debug level */
  guint         generation; /* bumped when a fresh file replaces a bad one: its ids start again */
};

G_DEFINE_FINAL_TYPE (BeckonHistory, beckon_history, G_TYPE_OBJECT)

enum {
  SIGNAL_NOTICE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
beckon_history_invitation_free (BeckonHistoryInvitation *record)
{
  if (record == NULL)
    return;
  g_free (record->from_name);
  g_free (record->from_uri);
  g_free (record->subject);
  g_free (record->state);
  g_free (record->reason);
  g_free (record->conversation);
  g_free (record);
}

void
beckon_history_message_free (BeckonHistoryMessage *record)
{
  if (record == NULL)
    return;
  g_free (record->conversation);
  g_free (record->sender);
  g_free (record->text);
  g_free (record->state);
  g_free (record);
}

/* Opening */

static void
close_database (BeckonHistory *self)
{
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
}

/* Opens @path (NULL: memory), sets it up, migrates it and prepares the
 * statements; on failure nothing is left open. */
/* Opens @path (NULL: memory) with the schema of this build
 * (beckon-history-schema.c) and prepares the statements; on failure
 * nothing is left open. */
static gboolean
open_database (BeckonHistory *self,
               const char    *path,
               GError       **error)
{
  if (!beckon_history_schema_open (path, &self->db, error))
    return FALSE;

  for (guint i = 0; i < N_STMTS; i++)
    {
      int rc = sqlite3_prepare_v3 (self->db, STATEMENTS[i], -1, SQLITE_PREPARE_PERSISTENT, &self->stmts[i], NULL);

      if (rc != SQLITE_OK)
        {
          beckon_history_set_error (error, self->db, rc, STATEMENTS[i]);
          close_database (self);
          return FALSE;
        }
    }
  return TRUE;
}

static void
set_notice (BeckonHistory *self,
            char          *notice)
{
  g_free (self->notice);
  self->notice = notice;
}

/* The file at self->path failed (@why): move it aside and start afresh,
 * else keep the history in memory; the notice says which. */
static void
recover (BeckonHistory *self,
         const GError  *why)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *aside = NULL;

  g_message ("The history database %s cannot be used: %s", self->path, why->message);
  close_database (self);
  self->generation++;

  aside = beckon_history_schema_move_aside (self->path, &error);
  if (aside != NULL && open_database (self, self->path, &error))
    {
      g_autofree char *name = g_path_get_basename (aside);

      self->persistent = TRUE;
      g_free (self->moved_aside);
      self->moved_aside = g_strdup (aside);
      set_notice (self, g_strdup_printf (_ ("The conversation history could not be read, so a new one was started. "
                                            "The old file was kept as %s."),
                                         name));
      return;
    }

  g_message ("No history database can be written at %s: %s", self->path, error->message);
  g_clear_error (&error);
  self->persistent = FALSE;
  /* Out of memory, in practice: then nothing is kept (every call checks). */
  if (!open_database (self, NULL, &error))
    g_message ("Not even an in-memory history: %s", error->message);
  set_notice (self, g_strdup (_ ("The conversation history cannot be saved on this computer: "
                                 "it will be lost when Beckon quits.")));
}

static gboolean
open_file (BeckonHistory *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *dir = g_path_get_dirname (self->path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
    }
  else if (open_database (self, self->path, &error))
    {
      self->persistent = TRUE;
      return TRUE;
    }

  recover (self, error);
  return FALSE;
}

/* Writing */

/* A write failed with @rc.  A database that turned out corrupt is replaced
 * (and the user told); anything else is logged once, not at every message. */
static void
write_failed (BeckonHistory *self,
              int            rc,
              const char    *what)
{
  g_autoptr (GError) error = NULL;

  beckon_history_set_error (&error, self->db, rc, what);
  if (self->persistent && ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB))
    {
      recover (self, error);
      g_signal_emit (self, signals[SIGNAL_NOTICE], 0, self->notice);
      return;
    }

  if (!self->warned)
    g_message ("Could not write the history: %s", error->message);
  else
    g_debug ("Could not write the history: %s", error->message);
  self->warned = TRUE;
}

static sqlite3_stmt *
statement (BeckonHistory *self,
           Statement      which)
{
  return self->stmts[which];
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* Steps @which (bound already) to completion, then resets it: one
 * autocommit transaction, committed when this returns TRUE. */
static gboolean
run (BeckonHistory *self,
     Statement      which)
{
  sqlite3_stmt *stmt = statement (self, which);
  int           rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      write_failed (self, rc, STATEMENTS[which]);
      return FALSE;
    }
  return TRUE;
}

gint64
beckon_history_add_invitation (BeckonHistory                 *self,
                               const BeckonHistoryInvitation *record)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BECKON_IS_HISTORY (self), 0);
  g_return_val_if_fail (record != NULL && record->state != NULL, 0);

  if (self->db == NULL)
    return 0;
  stmt = statement (self, STMT_ADD_INVITATION);
  sqlite3_bind_text (stmt, 1, record->is_meeting ? "meeting" : "im", -1, SQLITE_STATIC);
  bind_text (stmt, 2, record->from_name);
  bind_text (stmt, 3, record->from_uri);
  bind_text (stmt, 4, record->subject);
  sqlite3_bind_int64 (stmt, 5, record->received);
  sqlite3_bind_int64 (stmt, 6, record->ended);
  bind_text (stmt, 7, record->state);
  bind_text (stmt, 8, record->reason);
  bind_text (stmt, 9, record->conversation);
  if (!run (self, STMT_ADD_INVITATION))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

gboolean
beckon_history_update_invitation (BeckonHistory *self,
                                  gint64         id,
                                  const char    *state,
                                  const char    *reason)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BECKON_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  if (self->db == NULL)
    return FALSE;
  stmt = statement (self, STMT_UPDATE_INVITATION);
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, state);
  bind_text (stmt, 3, reason);
  return run (self, STMT_UPDATE_INVITATION);
}

gint64
beckon_history_add_message (BeckonHistory              *self,
                            const BeckonHistoryMessage *record)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BECKON_IS_HISTORY (self), 0);
  g_return_val_if_fail (record != NULL && record->conversation != NULL && record->state != NULL, 0);

  if (self->db == NULL)
    return 0;
  stmt = statement (self, STMT_ADD_MESSAGE);
  bind_text (stmt, 1, record->conversation);
  sqlite3_bind_text (stmt, 2, record->outgoing ? "out" : "in", -1, SQLITE_STATIC);
  bind_text (stmt, 3, record->sender);
  bind_text (stmt, 4, record->text != NULL ? record->text : "");
  sqlite3_bind_int64 (stmt, 5, record->time);
  bind_text (stmt, 6, record->state);
  if (!run (self, STMT_ADD_MESSAGE))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

gboolean
beckon_history_update_message (BeckonHistory *self,
                               gint64         id,
                               const char    *text,
                               gint64         time,
                               const char    *state)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BECKON_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  if (self->db == NULL)
    return FALSE;
  stmt = statement (self, STMT_UPDATE_MESSAGE);
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, text != NULL ? text : "");
  sqlite3_bind_int64 (stmt, 3, time);
  bind_text (stmt, 4, state);
  return run (self, STMT_UPDATE_MESSAGE);
}

/**
 * beckon_history_clear:
 *
 * Deletes every invitation and message, overwriting them (secure_delete)
 * and emptying the -wal, so that nothing of them stays in the files.
 *
 * Returns: %FALSE if it could not
 */
gboolean
beckon_history_clear (BeckonHistory *self)
{
  int rc;

  g_return_val_if_fail (BECKON_IS_HISTORY (self), FALSE);

  if (self->db == NULL)
    return FALSE;
  rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE; DELETE FROM messages; DELETE FROM invitations; COMMIT",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      write_failed (self, rc, "clear");
      return FALSE;
    }
  /* A reader still open may keep the checkpoint from finishing: the WAL is
   * then emptied at the next one, which is no reason to fail the clear. */
  sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  return TRUE;
}

gint64
beckon_history_get_last_invitation_id (BeckonHistory *self)
{
  sqlite3_stmt *stmt;
  gint64        id = 0;
  int           rc;

  g_return_val_if_fail (BECKON_IS_HISTORY (self), 0);

  if (self->db == NULL)
    return 0;
  stmt = statement (self, STMT_LAST_INVITATION);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

/* Reading */

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

typedef struct
{
  char  *path; /* NULL: read self->db in the calling thread (the in-memory history) */
  char  *conversation;
  gint64 up_to_id;
  guint  limit;
} Load;

static void
load_free (Load *load)
{
  g_free (load->path);
  g_free (load->conversation);
  g_free (load);
}

/* Runs the load's query on @db; returns (transfer full) the records or
 * NULL with @error set. */
static GPtrArray *
query (sqlite3 *db,
       Load    *load,
       GError **error)
{
  g_autoptr (GPtrArray) records = NULL;
  sqlite3_stmt         *stmt = NULL;
  int                   rc;

  if (load->conversation != NULL)
    {
      records = g_ptr_array_new_with_free_func ((GDestroyNotify) beckon_history_message_free);
      rc = sqlite3_prepare_v2 (db, SELECT_MESSAGES, -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        sqlite3_bind_text (stmt, 1, load->conversation, -1, SQLITE_STATIC);
    }
  else
    {
      records = g_ptr_array_new_with_free_func ((GDestroyNotify) beckon_history_invitation_free);
      rc = sqlite3_prepare_v2 (db, SELECT_INVITATIONS, -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_int64 (stmt, 1, load->up_to_id);
          sqlite3_bind_int64 (stmt, 2, load->limit);
        }
    }

  while (rc == SQLITE_OK || rc == SQLITE_ROW)
    {
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        break;

      if (load->conversation != NULL)
        {
          BeckonHistoryMessage *record = g_new0 (BeckonHistoryMessage, 1);

          record->id = sqlite3_column_int64 (stmt, 0);
          record->conversation = column_dup (stmt, 1);
          record->outgoing = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "out") == 0;
          record->sender = column_dup (stmt, 3);
          record->text = column_dup (stmt, 4);
          record->time = sqlite3_column_int64 (stmt, 5);
          record->state = column_dup (stmt, 6);
          g_ptr_array_add (records, record);
        }
      else
        {
          BeckonHistoryInvitation *record = g_new0 (BeckonHistoryInvitation, 1);

          record->id = sqlite3_column_int64 (stmt, 0);
          record->is_meeting = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "meeting") == 0;
          record->from_name = column_dup (stmt, 2);
          record->from_uri = column_dup (stmt, 3);
          record->subject = column_dup (stmt, 4);
          record->received = sqlite3_column_int64 (stmt, 5);
          record->ended = sqlite3_column_int64 (stmt, 6);
          record->state = column_dup (stmt, 7);
          record->reason = column_dup (stmt, 8);
          record->conversation = column_dup (stmt, 9);
          g_ptr_array_add (records, record);
        }
    }

  if (rc != SQLITE_DONE)
    {
      beckon_history_set_error (error, db, rc, "load");
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&records);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load                 *load = task_data;
  sqlite3              *db = NULL;
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) records = NULL;
  int                   rc;

  BECKON_TSAN_ACQUIRE (load);
  rc = sqlite3_open_v2 (load->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 1000);
      records = query (db, load, &error);
    }
  else
    beckon_history_set_error (&error, db, rc, "open");
  sqlite3_close (db);

  /* The records go to the caller's thread (see the _finish()es). */
  BECKON_TSAN_RELEASE (task);
  if (records == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&records), (GDestroyNotify) g_ptr_array_unref);
}

static void
load_async (BeckonHistory      *self,
            Load               *load,
            gpointer            source_tag,
            GCancellable       *cancellable,
            GAsyncReadyCallback callback,
            gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_return_on_cancel (task, TRUE);

  if (!self->persistent)
    {
      g_autoptr (GError) error = NULL;
      GPtrArray         *records = NULL;

      if (self->db != NULL)
        records = query (self->db, load, &error);
      else
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "no history database");

      load_free (load);
      if (records == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, records, (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  load->path = g_strdup (self->path);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  BECKON_TSAN_RELEASE (load);
  g_task_run_in_thread (task, load_thread);
}

void
beckon_history_load_invitations_async (BeckonHistory      *self,
                                       gint64              up_to_id,
                                       guint               limit,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  Load *load;

  g_return_if_fail (BECKON_IS_HISTORY (self));

  load = g_new0 (Load, 1);
  load->up_to_id = up_to_id;
  load->limit = limit;
  load_async (self, load, beckon_history_load_invitations_async, cancellable, callback, user_data);
}

GPtrArray *
beckon_history_load_invitations_finish (BeckonHistory *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == beckon_history_load_invitations_async, NULL);

  BECKON_TSAN_ACQUIRE (result);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
beckon_history_load_messages_async (BeckonHistory      *self,
                                    const char         *conversation,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  Load *load;

  g_return_if_fail (BECKON_IS_HISTORY (self));
  g_return_if_fail (conversation != NULL);

  load = g_new0 (Load, 1);
  load->conversation = g_strdup (conversation);
  load_async (self, load, beckon_history_load_messages_async, cancellable, callback, user_data);
}

GPtrArray *
beckon_history_load_messages_finish (BeckonHistory *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == beckon_history_load_messages_async, NULL);

  BECKON_TSAN_ACQUIRE (result);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GObject */

static void
beckon_history_finalize (GObject *object)
{
  BeckonHistory *self = BECKON_HISTORY (object);

  close_database (self);
  g_free (self->path);
  g_free (self->notice);
  g_free (self->moved_aside);

  G_OBJECT_CLASS (beckon_history_parent_class)->finalize (object);
}

static void
beckon_history_class_init (BeckonHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = beckon_history_finalize;

  signals[SIGNAL_NOTICE] =
    g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
beckon_history_init (BeckonHistory *self)
{
}

BeckonHistory *
beckon_history_new (const char *path)
{
  BeckonHistory *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (BECKON_TYPE_HISTORY, NULL);
  self->path = g_strdup (path);
  open_file (self);
  return self;
}

const char *
beckon_history_get_path (BeckonHistory *self)
{
  g_return_val_if_fail (BECKON_IS_HISTORY (self), NULL);

  return self->path;
}

const char *
beckon_history_get_notice (BeckonHistory *self)
{
  g_return_val_if_fail (BECKON_IS_HISTORY (self), NULL);

  return self->notice;
}

const char *
beckon_history_get_moved_aside (BeckonHistory *self)
{
  g_return_val_if_fail (BECKON_IS_HISTORY (self), NULL);

  return self->moved_aside;
}

/**
 * beckon_history_get_generation:
 *
 * Returns: a number that changes when a fresh file replaced one that went
 *   bad: row ids of an older generation name nothing any more
 */
guint
beckon_history_get_generation (BeckonHistory *self)
{
  g_return_val_if_fail (BECKON_IS_HISTORY (self), 0);

  return self->generation;
}

gboolean
beckon_history_get_persistent (BeckonHistory *self)
{
  g_return_val_if_fail (BECKON_IS_HISTORY (self), FALSE);

  return self->persistent;
}

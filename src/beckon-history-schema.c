/* beckon-history-schema.c: the history file's format, its migrations, and setting a bad file aside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the file looks like on disk and how an older one is brought up to
 * date (PRAGMA user_version), for BeckonHistory (beckon-history.c), whose
 * thread (the main thread) runs all of it.
 */

#include "config.h"

#include "beckon-history-private.h"

#include <errno.h>
#include <glib/gstdio.h>

/* Migrations: MIGRATIONS[v] takes a database from user_version v to v + 1,
 * in one transaction with the version bump.  A new version appends one
 * entry and raises BECKON_HISTORY_SCHEMA_VERSION; entries never change.
 * AUTOINCREMENT: an id is never given twice, not even after Clear History,
 * so a late update of a message (delivered, failed) cannot land on another. */
static const char *const MIGRATIONS[] = {
  /* 0 → 1 */
  "CREATE TABLE invitations ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL CHECK (kind IN ('im', 'meeting')),"
  "  from_name TEXT,"
  "  from_uri TEXT,"
  "  subject TEXT,"
  "  received INTEGER NOT NULL,"
  "  ended INTEGER NOT NULL,"
  "  state TEXT NOT NULL,"
  "  reason TEXT,"
  "  conversation TEXT"
  ");"
  "CREATE TABLE messages ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  conversation TEXT NOT NULL,"
  "  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),"
  "  sender TEXT,"
  "  text TEXT NOT NULL,"
  "  time INTEGER NOT NULL,"
  "  state TEXT NOT NULL"
  ");"
  "CREATE INDEX messages_by_conversation ON messages (conversation, time, id);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (MIGRATIONS) == BECKON_HISTORY_SCHEMA_VERSION);

gboolean
beckon_history_set_error (GError    **error,
                          sqlite3    *db,
                          int         rc,
                          const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what,
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

static gboolean
exec_as (sqlite3    *db,
         const char *sql,
         const char *what,
         GError    **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return beckon_history_set_error (error, db, rc, what);
  return TRUE;
}

static gboolean
exec (sqlite3    *db,
      const char *sql,
      GError    **error)
{
  return exec_as (db, sql, sql, error);
}

static gboolean
query_int (sqlite3    *db,
           const char *sql,
           gint64     *value,
           GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int           rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      beckon_history_set_error (error, db, rc, sql);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
migrate (sqlite3 *db,
         GError **error)
{
  gint64 version = 0;

  if (!query_int (db, "PRAGMA user_version", &version, error))
    return FALSE;

  if (version > BECKON_HISTORY_SCHEMA_VERSION || version < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "schema version %" G_GINT64_FORMAT " is newer than this Beckon's (%d)",
                   version, BECKON_HISTORY_SCHEMA_VERSION);
      return FALSE;
    }

  for (; version < BECKON_HISTORY_SCHEMA_VERSION; version++)
    {
      g_autofree char *bump = NULL;
      g_autofree char *what = NULL;

      /* An integer of ours, not a string: PRAGMA takes no parameters. */
      bump = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version + 1);
      what = g_strdup_printf ("migration to version %" G_GINT64_FORMAT, version + 1);
      if (!exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec_as (db, MIGRATIONS[version], what, error) || !exec (db, bump, error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      if (!exec (db, "COMMIT", error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

/* Opens @path (NULL: memory) in WAL mode, synchronous=NORMAL, migrated
 * to this build's schema; on failure nothing is left open. */
gboolean
beckon_history_schema_open (const char *path,
                            sqlite3   **out_db,
                            GError    **error)
{
  int              flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  sqlite3_stmt    *stmt = NULL;
  const char      *mode = NULL;
  g_autofree char *journal = NULL;
  int              rc;
  sqlite3         *db = NULL;

  rc = sqlite3_open_v2 (path != NULL ? path : ":memory:", &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      beckon_history_set_error (error, db, rc, "open");
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_extended_result_codes (db, 1);
  /* The loads' readers never block us in WAL mode; a checkpoint may, briefly. */
  sqlite3_busy_timeout (db, 250);

  /* The first statement that reads the file: where "not a database" shows. */
  rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      mode = (const char *) sqlite3_column_text (stmt, 0);
      journal = g_strdup (mode);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      beckon_history_set_error (error, db, rc, "journal_mode");
      sqlite3_close (db);
      return FALSE;
    }
  if (path != NULL && g_ascii_strcasecmp (journal, "wal") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "journal_mode stays %s", journal);
      sqlite3_close (db);
      return FALSE;
    }

  /* beckon-history.c says why NORMAL is enough in WAL mode.
   * secure_delete: "Clear history" overwrites what it deletes. */
  if (!exec (db, "PRAGMA synchronous = NORMAL", error) ||
      !exec (db, "PRAGMA secure_delete = ON", error) ||
      !migrate (db, error))
    {
      sqlite3_close (db);
      return FALSE;
    }

  *out_db = db;
  return TRUE;
}

/* Moves @path, its -wal and its -shm to PATH.corrupt-YYYYMMDD-HHMMSS[-N]
 * (the -wal and -shm after the stamp keep SQLite's pairing, should someone
 * open the copy to rescue it).  Returns (transfer full) the new name, or
 * NULL if the file itself could not be moved. */
char *
beckon_history_schema_move_aside (const char *path,
                                  GError    **error)
{
  static const char *const suffixes[] = { "-wal", "-shm" };
  g_autoptr (GDateTime)    now = g_date_time_new_now_local ();
  g_autofree char         *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char         *target = NULL;

  for (guint n = 0; target == NULL || g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = n == 0 ? g_strdup_printf ("%s.corrupt-%s", path, stamp)
                      : g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, n);
    }

  if (g_rename (path, target) != 0 && errno != ENOENT)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      /* A stale -shm of the old file would confuse the new one: removed
       * if it cannot be moved. */
      if (g_rename (from, to) != 0 && errno != ENOENT)
        g_remove (from);
    }
  return g_steal_pointer (&target);
}

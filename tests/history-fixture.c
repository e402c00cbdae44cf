/* history-fixture.c: what the history tests share: scratch folders, a
 * SQLite connection of the test's own, loading records back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "history-fixture.h"

#include "test-util.h"

char *
scratch_dir (void)
{
  g_autoptr (GError) error = NULL;
  char              *dir = g_dir_make_tmp ("test-history-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
write_file (const char *path,
            const char *contents)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A connection of the test's own, outside the code under test. */
sqlite3 *
db_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);
  return db;
}

void
db_exec (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

gint64
db_int (sqlite3    *db,
        const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64        value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

char *
db_text (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char         *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

void
assert_integrity (const char *path)
{
  sqlite3         *db = db_open (path);
  g_autofree char *check = db_text (db, "PRAGMA integrity_check");

  g_assert_cmpstr (check, ==, "ok");
  sqlite3_close (db);
}

GPtrArray *
load_invitations (BeckonHistory *history)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;
  GPtrArray               *records;

  beckon_history_load_invitations_async (history, G_MAXINT64, 1000, NULL, test_async_result_cb, &result);
  records = beckon_history_load_invitations_finish (history, test_wait_result (&result), &error);
  g_assert_no_error (error);
  return records;
}

GPtrArray *
load_messages (BeckonHistory *history,
               const char    *conversation)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;
  GPtrArray               *records;

  beckon_history_load_messages_async (history, conversation, NULL, test_async_result_cb, &result);
  records = beckon_history_load_messages_finish (history, test_wait_result (&result), &error);
  g_assert_no_error (error);
  return records;
}

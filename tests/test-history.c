/* test-history.c: the history database alone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * BeckonHistory against real SQLite files in a folder of the test's own:
 * the schema and its migration, records there and back, a file that cannot
 * be used.  The history under the application is test-history-app.c's.
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "beckon-history.h"
#include "history-fixture.h"
#include "test-util.h"

/* The schema */

static void
test_schema_created (void)
{
  g_autofree char          *dir = scratch_dir ();
  g_autofree char          *path = g_build_filename (dir, "nested", "beckon", "history.db", NULL);
  g_autoptr (BeckonHistory) history = beckon_history_new (path);
  sqlite3                  *db;
  g_autofree char          *mode = NULL;

  /* The folders are made as needed; nothing to tell the user. */
  g_assert_null (beckon_history_get_notice (history));
  g_assert_true (beckon_history_get_persistent (history));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  db = db_open (path);
  mode = db_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (db_int (db, "PRAGMA user_version"), ==, BECKON_HISTORY_SCHEMA_VERSION);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                               " AND name IN ('invitations', 'messages')"),
                   ==, 2);
  sqlite3_close (db);

  g_clear_object (&history);
  test_remove_tree (dir);
}

static void
test_schema_migrated_from_version_0 (void)
{
  g_autofree char          *dir = scratch_dir ();
  g_autofree char          *path = g_build_filename (dir, "history.db", NULL);
  g_autoptr (BeckonHistory) history = NULL;
  sqlite3                  *db = db_open (path);

  /* What an unversioned file looks like: user_version 0, something in it
   * that a migration must leave alone. */
  db_exec (db, "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('kept')");
  g_assert_cmpint (db_int (db, "PRAGMA user_version"), ==, 0);
  sqlite3_close (db);

  history = beckon_history_new (path);
  g_assert_null (beckon_history_get_notice (history));
  g_assert_null (beckon_history_get_moved_aside (history));

  db = db_open (path);
  g_assert_cmpint (db_int (db, "PRAGMA user_version"), ==, BECKON_HISTORY_SCHEMA_VERSION);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM notes"), ==, 1);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM messages"), ==, 0);
  sqlite3_close (db);

  /* Opened again: already current, nothing migrates twice. */
  g_clear_object (&history);
  history = beckon_history_new (path);
  g_assert_null (beckon_history_get_notice (history));

  g_clear_object (&history);
  test_remove_tree (dir);
}

/* Records */

static void
test_records_round_trip (void)
{
  g_autofree char          *dir = scratch_dir ();
  g_autofree char          *path = g_build_filename (dir, "history.db", NULL);
  g_autoptr (BeckonHistory) history = beckon_history_new (path);
  g_autoptr (GPtrArray)     invitations = NULL;
  g_autoptr (GPtrArray)     messages = NULL;
  /* Text that would break SQL formatted by hand: bound, it is only text. */
  const char               *evil = "Robert'); DROP TABLE messages; -- <b>\"bold\"</b> \xe2\x9c\x93";
  BeckonHistoryInvitation   chat = {
      .from_name = S ("Ada Lovelace"),
      .from_uri = S ("sip:ada@contoso.com"),
      .subject = (char *) evil,
      .received = 1700000000000,
      .ended = 1700000005000,
      .state = S ("accepted"),
      .conversation = S ("thread-1"),
  };
  BeckonHistoryInvitation meeting = {
    .is_meeting = TRUE,
    .from_uri = S ("sip:grace@contoso.com"),
    .subject = S ("Release planning"),
    .received = 1700000100000,
    .ended = 1700000130000,
    .state = S ("missed"),
    .reason = S ("Missed: you were signed out"),
    .conversation = S ("thread-2"),
  };
  BeckonHistoryMessage in = {
    .conversation = S ("thread-1"),
    .sender = S ("Ada Lovelace"),
    .text = (char *) evil,
    .time = 1700000001000,
    .state = S ("delivered"),
  };
  BeckonHistoryMessage out = {
    .conversation = S ("thread-1"),
    .outgoing = TRUE,
    .sender = S ("Alice Example"),
    .text = S ("On my way"),
    .time = 1700000002000,
    .state = S ("sending"),
  };
  BeckonHistoryMessage other = {
    .conversation = S ("thread-2"),
    .text = S ("elsewhere"),
    .time = 1700000000500,
    .state = S ("delivered"),
  };
  gint64                   chat_id, meeting_id, out_id;
  BeckonHistoryInvitation *record;
  BeckonHistoryMessage    *message;

  chat_id = beckon_history_add_invitation (history, &chat);
  meeting_id = beckon_history_add_invitation (history, &meeting);
  g_assert_cmpint (chat_id, >, 0);
  g_assert_cmpint (meeting_id, >, chat_id);
  g_assert_cmpint (beckon_history_get_last_invitation_id (history), ==, meeting_id);
  g_assert_true (beckon_history_update_invitation (history, chat_id, "not-joined", "You left the lobby"));

  g_assert_cmpint (beckon_history_add_message (history, &out), >, 0);
  out_id = beckon_history_add_message (history, &out);
  g_assert_cmpint (beckon_history_add_message (history, &in), >, 0);
  g_assert_cmpint (beckon_history_add_message (history, &other), >, 0);
  g_assert_true (beckon_history_update_message (history, out_id, "On my way!", 1700000003000, "delivered"));

  invitations = load_invitations (history);
  g_assert_cmpuint (invitations->len, ==, 2);
  /* Newest first. */
  record = g_ptr_array_index (invitations, 0);
  g_assert_cmpint (record->id, ==, meeting_id);
  g_assert_true (record->is_meeting);
  g_assert_null (record->from_name);
  g_assert_cmpstr (record->from_uri, ==, "sip:grace@contoso.com");
  g_assert_cmpstr (record->subject, ==, "Release planning");
  g_assert_cmpint (record->received, ==, 1700000100000);
  g_assert_cmpint (record->ended, ==, 1700000130000);
  g_assert_cmpstr (record->state, ==, "missed");
  g_assert_cmpstr (record->reason, ==, "Missed: you were signed out");
  g_assert_cmpstr (record->conversation, ==, "thread-2");
  record = g_ptr_array_index (invitations, 1);
  g_assert_false (record->is_meeting);
  g_assert_cmpstr (record->from_name, ==, "Ada Lovelace");
  g_assert_cmpstr (record->subject, ==, evil);
  g_assert_cmpstr (record->state, ==, "not-joined");
  g_assert_cmpstr (record->reason, ==, "You left the lobby");

  /* Bounded by id and by count. */
  {
    g_autoptr (GAsyncResult) result = NULL;
    g_autoptr (GPtrArray)    bounded = NULL;

    beckon_history_load_invitations_async (history, chat_id, 10, NULL, test_async_result_cb, &result);
    bounded = beckon_history_load_invitations_finish (history, test_wait_result (&result), NULL);
    g_assert_cmpuint (bounded->len, ==, 1);
    g_clear_object (&result);
    g_clear_pointer (&bounded, g_ptr_array_unref);
    beckon_history_load_invitations_async (history, G_MAXINT64, 1, NULL, test_async_result_cb, &result);
    bounded = beckon_history_load_invitations_finish (history, test_wait_result (&result), NULL);
    g_assert_cmpuint (bounded->len, ==, 1);
  }

  /* One conversation's messages, oldest first. */
  messages = load_messages (history, "thread-1");
  g_assert_cmpuint (messages->len, ==, 3);
  message = g_ptr_array_index (messages, 0);
  g_assert_false (message->outgoing);
  g_assert_cmpstr (message->text, ==, evil);
  g_assert_cmpstr (message->sender, ==, "Ada Lovelace");
  g_assert_cmpstr (message->state, ==, "delivered");
  message = g_ptr_array_index (messages, 1);
  g_assert_true (message->outgoing);
  g_assert_cmpstr (message->text, ==, "On my way");
  g_assert_cmpstr (message->state, ==, "sending");
  message = g_ptr_array_index (messages, 2);
  g_assert_cmpint (message->id, ==, out_id);
  g_assert_cmpstr (message->text, ==, "On my way!");
  g_assert_cmpint (message->time, ==, 1700000003000);
  g_assert_cmpstr (message->state, ==, "delivered");
  g_assert_cmpstr (message->conversation, ==, "thread-1");

  g_clear_pointer (&messages, g_ptr_array_unref);
  messages = load_messages (history, "no such conversation");
  g_assert_cmpuint (messages->len, ==, 0);

  assert_integrity (path);
  g_clear_object (&history);
  test_remove_tree (dir);
}

static void
test_clear (void)
{
  g_autofree char          *dir = scratch_dir ();
  g_autofree char          *path = g_build_filename (dir, "history.db", NULL);
  g_autoptr (BeckonHistory) history = beckon_history_new (path);
  g_autoptr (GPtrArray)     invitations = NULL;
  g_autoptr (GPtrArray)     messages = NULL;
  BeckonHistoryInvitation   record = { .state = S ("declined"), .subject = S ("a secret"), .conversation = S ("c") };
  BeckonHistoryMessage      message = { .conversation = S ("c"), .text = S ("another secret"), .state = S ("delivered") };
  g_autofree char          *contents = NULL;
  gsize                     length = 0;

  gint64 before;

  g_assert_cmpint (beckon_history_add_invitation (history, &record), >, 0);
  before = beckon_history_add_message (history, &message);
  g_assert_cmpint (before, >, 0);
  g_assert_true (beckon_history_clear (history));

  invitations = load_invitations (history);
  messages = load_messages (history, "c");
  g_assert_cmpuint (invitations->len, ==, 0);
  g_assert_cmpuint (messages->len, ==, 0);

  /* Gone from the files too, not only from the tables. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_null (g_strstr_len (contents, length, "another secret"));

  /* Still a working history, whose ids are never given twice: a late
   * update of a message from before cannot land on a new one. */
  g_assert_cmpint (beckon_history_add_message (history, &message), >, before);
  assert_integrity (path);
  g_clear_object (&history);
  test_remove_tree (dir);
}

/* A file that cannot be used */

static void
assert_moved_aside_and_fresh (const char *path,
                              const char *old_contents)
{
  g_autoptr (BeckonHistory) history = beckon_history_new (path);
  const char               *aside = beckon_history_get_moved_aside (history);
  g_autofree char          *aside_contents = NULL;
  g_autofree char          *name = NULL;
  g_autofree char          *prefix = g_strconcat (path, ".corrupt-", NULL);
  g_autoptr (GPtrArray)     messages = NULL;
  BeckonHistoryMessage      message = { .conversation = S ("c"), .text = S ("after"), .state = S ("delivered") };

  /* Told, in words that say where the old file went. */
  g_assert_nonnull (beckon_history_get_notice (history));
  g_assert_nonnull (aside);
  name = g_path_get_basename (aside);
  g_assert_nonnull (strstr (beckon_history_get_notice (history), name));
  g_assert_true (g_str_has_prefix (aside, prefix));
  /* PATH.corrupt-YYYYMMDD-HHMMSS */
  g_assert_cmpuint (strlen (aside), ==, strlen (prefix) + 15);

  /* Moved, not deleted: someone may want to rescue it. */
  if (old_contents != NULL)
    {
      g_assert_true (g_file_get_contents (aside, &aside_contents, NULL, NULL));
      g_assert_cmpstr (aside_contents, ==, old_contents);
    }

  /* A fresh file, working. */
  g_assert_true (beckon_history_get_persistent (history));
  g_assert_cmpint (beckon_history_add_message (history, &message), >, 0);
  messages = load_messages (history, "c");
  g_assert_cmpuint (messages->len, ==, 1);
  assert_integrity (path);
}

static void
test_corrupt_not_a_database (void)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "history.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  const char      *garbage = "This is not an SQLite database, only text that looks like nothing.\n"
                             "It is long enough to fill a header and more, and more, and more.\n";

  write_file (path, garbage);
  write_file (wal, "not a WAL either");
  assert_moved_aside_and_fresh (path, garbage);

  /* The old -wal is not the fresh file's: SQLite dropped it when the bad
   * file was closed, or it went aside with it. */
  {
    g_autofree char *contents = NULL;

    if (g_file_get_contents (wal, &contents, NULL, NULL))
      g_assert_cmpstr (contents, !=, "not a WAL either");
  }
  test_remove_tree (dir);
}

/* A database this Beckon cannot use, made by @sql: set aside. */
static void
test_unusable_database (gconstpointer sql)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "history.db", NULL);
  sqlite3         *db = db_open (path);

  db_exec (db, sql);
  sqlite3_close (db);
  assert_moved_aside_and_fresh (path, NULL);
  test_remove_tree (dir);
}

static void
test_unwritable_kept_in_memory (void)
{
  g_autofree char          *dir = scratch_dir ();
  g_autofree char          *file = g_build_filename (dir, "a-file", NULL);
  g_autofree char          *path = g_build_filename (file, "beckon", "history.db", NULL);
  g_autoptr (BeckonHistory) history = NULL;
  g_autoptr (GPtrArray)     invitations = NULL;
  BeckonHistoryInvitation   record = { .state = S ("missed"), .conversation = S ("c") };

  /* Its folder cannot exist (a file is in the way): no file at all. */
  write_file (file, "in the way");
  history = beckon_history_new (path);
  g_assert_nonnull (beckon_history_get_notice (history));
  g_assert_false (beckon_history_get_persistent (history));

  /* Kept for this run all the same. */
  g_assert_cmpint (beckon_history_add_invitation (history, &record), >, 0);
  invitations = load_invitations (history);
  g_assert_cmpuint (invitations->len, ==, 1);

  g_clear_object (&history);
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history/schema/created", test_schema_created);
  g_test_add_func ("/history/schema/migrated-from-version-0", test_schema_migrated_from_version_0);
  g_test_add_func ("/history/records/round-trip", test_records_round_trip);
  g_test_add_func ("/history/clear", test_clear);
  g_test_add_func ("/history/unusable/not-a-database", test_corrupt_not_a_database);
  /* Written by a later Beckon: not ours to change. */
  g_test_add_data_func ("/history/unusable/newer-schema", "PRAGMA user_version = 99", test_unusable_database);
  /* Version 0, but a "messages" table already there: the migration fails
   * (and rolls back). */
  g_test_add_data_func ("/history/unusable/failed-migration", "CREATE TABLE messages (whatever)",
                        test_unusable_database);
  g_test_add_func ("/history/unusable/folder-cannot-exist", test_unwritable_kept_in_memory);

  return g_test_run ();
}

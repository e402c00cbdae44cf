/* history-fixture.h: what the history tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "beckon-history.h"

G_BEGIN_DECLS

/* A literal in a record: the records own their strings when loaded, and
 * only lend them when written. */
#define S(literal) ((char *) (literal))

char      *scratch_dir (void);
void       write_file (const char *path,
                       const char *contents);
/* A connection of the test's own, outside the code under test. */
sqlite3   *db_open (const char *path);
void       db_exec (sqlite3    *db,
                    const char *sql);
gint64     db_int (sqlite3    *db,
                   const char *sql);
char      *db_text (sqlite3    *db,
                    const char *sql);
void       assert_integrity (const char *path);
GPtrArray *load_invitations (BeckonHistory *history);
GPtrArray *load_messages (BeckonHistory *history,
                          const char    *conversation);

G_END_DECLS

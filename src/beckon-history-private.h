/* beckon-history-private.h: what beckon-history.c and beckon-history-schema.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "beckon-history.h"

G_BEGIN_DECLS

/* Sets @error from SQLite's message for @db (or @rc); returns FALSE. */
gboolean beckon_history_set_error (GError    **error,
                                   sqlite3    *db,
                                   int         rc,
                                   const char *what);
gboolean beckon_history_schema_open (const char *path,
                                     sqlite3   **out_db,
                                     GError    **error);
/* Returns (transfer full) where @path went, or NULL with @error set. */
char    *beckon_history_schema_move_aside (const char *path,
                                           GError    **error);

G_END_DECLS

/* test-util.h: waiting on the main loop, and small helpers, for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef gboolean (*TestCondition) (gpointer user_data);

void          test_wait_until (TestCondition cond,
                               gpointer      user_data,
                               const char   *what);
void          test_wait_for_count (const guint *counter,
                                   guint        n,
                                   const char  *what);
void          test_drain_main_context (void);
void          test_async_result_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      slot);
GAsyncResult *test_wait_result (GAsyncResult **slot);
/* Sets *@exited to TRUE once @process has exited (its status is left to
 * g_subprocess_get_*()); *@exited must outlive the process's wait. */
void          test_watch_exit (GSubprocess *process,
                               gboolean    *exited);

void  test_note (const char *format,
                 ...) G_GNUC_PRINTF (1, 2);
GUri *test_parse_uri (const char *text);

GTestDBus *test_private_bus_up (void);
char      *test_private_data_home (void);
void       test_remove_tree (const char *path);

G_END_DECLS

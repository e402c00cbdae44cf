/* beckon-secrets.h: the password, kept in the Secret Service only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void     beckon_secrets_lookup_async (const char         *server_url,
                                      const char         *user,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
char    *beckon_secrets_lookup_finish (GAsyncResult *result,
                                       GError      **error);
void     beckon_secrets_store_async (const char         *server_url,
                                     const char         *user,
                                     const char         *password,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean beckon_secrets_store_finish (GAsyncResult *result,
                                      GError      **error);
void     beckon_secrets_clear_async (const char         *server_url,
                                     const char         *user,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean beckon_secrets_clear_finish (GAsyncResult *result,
                                      GError      **error);

G_END_DECLS

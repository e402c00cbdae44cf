/* beckon-secrets.c: the password, kept in the Secret Service only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only libsecret's simple password API: inside Flatpak it goes through the
 * secret portal, outside to the Secret Service; the password never touches
 * GSettings, a file or a log.
 */

#include "config.h"

#include "beckon-secrets.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = {
    "io.github.beckon.Beckon.Password",
    SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
  };

  return &schema;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask)  task = user_data;
  g_autoptr (GError) error = NULL;
  char              *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

void
beckon_secrets_lookup_async (const char         *server_url,
                             const char         *user,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, beckon_secrets_lookup_async);
  secret_password_lookup (password_schema (), cancellable, lookup_cb, task,
                          "server", server_url ? server_url : "",
                          "user", user,
                          NULL);
}

/* Returns the password (free with secret_password_free), or NULL with no
 * error when none is stored. */
char *
beckon_secrets_lookup_finish (GAsyncResult *result,
                              GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GTask)  task = user_data;
  g_autoptr (GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
beckon_secrets_store_async (const char         *server_url,
                            const char         *user,
                            const char         *password,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  GTask           *task = g_task_new (NULL, cancellable, callback, user_data);
  /* Translators: the password's name in the keyring (as the Passwords and
   * Keys app lists it), %s is the SIP address it signs in */
  g_autofree char *label = g_strdup_printf (_ ("Beckon password for %s"), user);

  g_task_set_source_tag (task, beckon_secrets_store_async);
  secret_password_store (password_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, store_cb, task,
                         "server", server_url ? server_url : "",
                         "user", user,
                         NULL);
}

gboolean
beckon_secrets_store_finish (GAsyncResult *result,
                             GError      **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GTask)  task = user_data;
  g_autoptr (GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
beckon_secrets_clear_async (const char         *server_url,
                            const char         *user,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, beckon_secrets_clear_async);
  secret_password_clear (password_schema (), cancellable, clear_cb, task,
                         "server", server_url ? server_url : "",
                         "user", user,
                         NULL);
}

gboolean
beckon_secrets_clear_finish (GAsyncResult *result,
                             GError      **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

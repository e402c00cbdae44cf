/* beckon-application-sign-in.c: how BeckonApplication signs in and out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sign in with what we know: the environment's password (the first time
 * only), then the Secret Service, then the user; the demo's simulator; the
 * account of the last sign-in for the background service.  A password
 * typed on the sign-in page goes to the Secret Service once the sign-in
 * has worked, and is wiped from memory either way.  Signing in and out are
 * commands to the core (beckon_account_copy_sign_in_async()), whose outcome
 * comes back here with the copy up to date.  The rest of the
 * application (its windows, actions, command line and quitting) is
 * beckon-application.c's.
 */

#include "config.h"

#include "beckon-application-private.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "beckon-secrets.h"

/* What the user is told when the keyring would not take the password. */
static char *
password_not_saved_message (const GError *error)
{
  g_autofree char *reason = NULL;

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT))
    reason = g_strdup (_ ("no keyring is running (the Secret Service is not available)"));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    reason = g_strdup (_ ("the keyring stayed locked"));
  else
    reason = g_strdup (error->message);

  /* Translators: %s says why, e.g. "no keyring is running" */
  return g_strdup_printf (_ ("Your password was not saved: %s. Beckon will ask for it again at the next start."),
                          reason);
}

static void
store_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (BeckonApplication) self = user_data;
  g_autoptr (GError)            error = NULL;
  g_autofree char              *message = NULL;

  if (beckon_secrets_store_finish (result, &error))
    return;

  /* Not fatal, but the user would be asked again at every start without
   * knowing why: told in the main window, now or when it next shows. */
  g_message ("Could not store the password in the Secret Service: %s", error->message);
  message = password_not_saved_message (error);
  _beckon_application_show_notice (self, message);
}

static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (BeckonApplication) self = user_data;
  g_autoptr (GError)            error = NULL;
  g_autoptr (GTlsCertificate)   refused = NULL;
  BeckonWindow                 *window;

  self->n_signing_in--;
  if (!beckon_account_copy_sign_in_finish (BECKON_ACCOUNT_COPY (object), result, &refused, &error))
    {
      /* The window first, as it would have opened before the failure. */
      _beckon_application_run_deferred_activation (self);
      _beckon_application_wipe_typed_password (self);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      window = _beckon_application_get_main_window (self, TRUE);
      /* The cause in the user's words, the focus on the field to fix. */
      beckon_window_show_sign_in_error (window, self->server_url, self->user, error);
      _beckon_application_show_refused_certificate (self, window, error, refused);
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  if (self->settings != NULL && !self->demo)
    {
      g_settings_set_string (self->settings, "server-url", self->server_url ? self->server_url : "");
      g_settings_set_string (self->settings, "user", self->user);
    }

  if (self->typed_password != NULL)
    beckon_secrets_store_async (self->server_url, self->user, self->typed_password, NULL,
                                store_password_cb, g_object_ref (self));
  _beckon_application_wipe_typed_password (self);

  window = _beckon_application_get_main_window (self, FALSE);
  if (window != NULL)
    beckon_window_show_invitations (window);
  _beckon_application_schedule_spare_window (self);
}

void
beckon_application_sign_in (BeckonApplication *self,
                            const char        *server_url,
                            const char        *user,
                            const char        *password)
{
  g_return_if_fail (BECKON_IS_APPLICATION (self));
  g_return_if_fail (user != NULL && password != NULL);

  /* The arguments may be our own fields: copy before freeing. */
  {
    char *new_server = (server_url && *server_url) ? g_strdup (server_url) : NULL;
    char *new_user = g_strdup (user);

    g_free (self->server_url);
    self->server_url = new_server;
    g_free (self->user);
    self->user = new_user;
  }

  _beckon_application_set_held (self, TRUE);
  self->n_signing_in++;
  beckon_account_copy_sign_in_async (self->account_copy, self->server_url, self->user, password, self->cancellable,
                                     sign_in_cb, g_object_ref (self));
}

void
_beckon_application_window_sign_in_cb (BeckonApplication *self,
                                       const char        *server_url,
                                       const char        *user,
                                       const char        *password)
{
  _beckon_application_wipe_typed_password (self);
  /* The trust changed and the form has no password: the stored one. */
  if (*password == '\0')
    {
      g_free (self->server_url);
      self->server_url = *server_url != '\0' ? g_strdup (server_url) : NULL;
      g_free (self->user);
      self->user = g_strdup (user);
      _beckon_application_start_sign_in (self);
      return;
    }

  self->typed_password = beckon_password_new (password);
  /* Our copy: @password lies in the sign-in page's field, which a handler
   * may clear. */
  beckon_application_sign_in (self, server_url, user, self->typed_password);
}

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!beckon_account_copy_sign_out_finish (BECKON_ACCOUNT_COPY (object), result, &error))
    g_debug ("Sign-out: %s", error->message);
}

void
_beckon_application_window_sign_out_cb (BeckonApplication *self)
{
  BeckonWindow *window = _beckon_application_get_main_window (self, FALSE);

  beckon_account_copy_sign_out_async (self->account_copy, NULL, sign_out_cb, NULL);
  if (window != NULL)
    beckon_window_show_sign_in (window, self->server_url, self->user, NULL);
}

static void
lookup_password_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (BeckonApplication) self = user_data;
  g_autoptr (GError)            error = NULL;
  char                         *password = beckon_secrets_lookup_finish (result, &error);

  if (password != NULL)
    {
      beckon_application_sign_in (self, self->server_url, self->user, password);
      secret_password_free (password);
      return;
    }

  if (error != NULL)
    g_message ("No Secret Service: %s", error->message);

  /* Nothing stored: ask. */
  beckon_window_show_sign_in (_beckon_application_get_main_window (self, TRUE), self->server_url, self->user, NULL);
  gtk_window_present (GTK_WINDOW (_beckon_application_get_main_window (self, TRUE)));
}

/* Sign in with what we know: the environment (the first time only), then
 * the Secret Service, then the user. */
void
_beckon_application_start_sign_in (BeckonApplication *self)
{
  g_autoptr (BeckonPassword) password = g_steal_pointer (&self->startup_password);

  if (self->user == NULL || *self->user == '\0')
    {
      beckon_window_show_sign_in (_beckon_application_get_main_window (self, TRUE), self->server_url, NULL, NULL);
      gtk_window_present (GTK_WINDOW (_beckon_application_get_main_window (self, TRUE)));
      return;
    }

  if (password != NULL && *password != '\0')
    {
      beckon_application_sign_in (self, self->server_url, self->user, password);
      return;
    }

  beckon_secrets_lookup_async (self->server_url, self->user, self->cancellable,
                               lookup_password_cb, g_object_ref (self));
}

gboolean
_beckon_application_start_demo (BeckonApplication *self,
                                GError           **error)
{
  if (self->demo_server != NULL)
    return TRUE;

  self->demo_server = ucwa_sim_server_new ();
  ucwa_sim_server_add_user (self->demo_server, "sip:alice@contoso.com", "demo", "Alice Example");
  /* The demo colleague waits for the user, however long they take. */
  ucwa_sim_server_set_invitation_timeout (self->demo_server, 0);
  ucwa_sim_server_set_autopilot (self->demo_server, TRUE);
  if (!ucwa_sim_server_listen (self->demo_server, 0, error))
    {
      g_clear_object (&self->demo_server);
      return FALSE;
    }

  self->demo = TRUE;
  g_free (self->server_url);
  self->server_url = ucwa_sim_server_dup_root_url (self->demo_server);
  g_free (self->user);
  self->user = g_strdup ("sip:alice@contoso.com");
  g_message ("Demo: simulator at %s", self->server_url);
  beckon_application_sign_in (self, self->server_url, self->user, "demo");
  return TRUE;
}

/* BECKON_PASSWORD is for the account Beckon starts with: once that sign-in
 * has it, or there is none, it has no use left. */
void
_beckon_application_forget_startup_password (BeckonApplication *self)
{
  g_clear_pointer (&self->startup_password, beckon_password_free);
}

/* The account of the last successful sign-in, if any. */
void
_beckon_application_restore_saved_account (BeckonApplication *self)
{
  g_autofree char *saved_user = NULL;
  g_autofree char *saved_server = NULL;

  if (self->user != NULL || self->settings == NULL ||
      _beckon_application_get_session_state (self) != UCWA_SESSION_STATE_SIGNED_OUT)
    return;

  saved_user = g_settings_get_string (self->settings, "user");
  saved_server = g_settings_get_string (self->settings, "server-url");
  if (*saved_user == '\0')
    return;

  self->user = g_steal_pointer (&saved_user);
  self->server_url = *saved_server ? g_steal_pointer (&saved_server) : NULL;
  _beckon_application_start_sign_in (self);
}

gboolean
_beckon_application_service_start_cb (gpointer user_data)
{
  BeckonApplication *self = BECKON_APPLICATION (user_data);

  /* Started by autostart or D-Bus activation: no window; sign in with the
   * account of the command line (handle_local_options), else with what the
   * last session saved. */
  if (self->user != NULL)
    _beckon_application_start_sign_in (self);
  else
    _beckon_application_restore_saved_account (self);

  if (self->user == NULL)
    g_message ("No account given or saved: nothing to do in the background");
  _beckon_application_forget_startup_password (self);

  return G_SOURCE_REMOVE;
}

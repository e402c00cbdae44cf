/* beckon-account-presence.c: the user's presence and Do Not Disturb, a part of BeckonAccount
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Decides, for the notifier, whether an invitation is shown quietly (the
 * server reports the user as DoNotDisturb), sets the availability the user
 * chooses, and follows GNOME's own Do Not Disturb while the
 * follow-system-dnd preference is on.  Runs on the main context.
 */

#include "config.h"

#include "beckon-account-private.h"

gboolean
beckon_account_get_do_not_disturb (BeckonAccount *self)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT (self), FALSE);

  return self->do_not_disturb;
}

gboolean
beckon_account_invitation_is_quiet (BeckonAccount        *self,
                                    BeckonInvitationItem *item)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (BECKON_IS_INVITATION_ITEM (item), FALSE);

  /* Every kind alike: the user asked not to be disturbed, by anyone. */
  return self->do_not_disturb;
}

static void
set_availability_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!ucwa_presence_set_availability_finish (UCWA_PRESENCE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Could not set the availability: %s", error->message);
}

void
beckon_account_set_availability (BeckonAccount *self,
                                 const char    *availability)
{
  g_return_if_fail (BECKON_IS_ACCOUNT (self));

  /* The user chose: the system's DND no longer owns the state. */
  self->followed_system = FALSE;
  ucwa_presence_set_availability_async (ucwa_session_get_presence (self->session), availability,
                                        self->cancellable, set_availability_cb, NULL);
}

/* GNOME's DND, followed while the preference is on: when it turns on (or
 * is on as the user signs in or turns the preference on) it sets Do not
 * disturb; when it turns off it takes back only what it set.  A choice the
 * user makes in between is theirs: it is not undone while the system's
 * state stays as it is. */
static void
follow_system (BeckonAccount *self)
{
  UcwaPresence *presence = ucwa_session_get_presence (self->session);
  gboolean      system = self->system_dnd != NULL && beckon_system_dnd_get_active (self->system_dnd);

  if (!self->follow_system || !ucwa_presence_get_ready (presence))
    return;

  if (system && !self->do_not_disturb)
    {
      ucwa_presence_set_availability_async (presence, UCWA_AVAILABILITY_DO_NOT_DISTURB,
                                            self->cancellable, set_availability_cb, NULL);
      self->followed_system = TRUE;
    }
  else if (!system && self->followed_system)
    {
      self->followed_system = FALSE;
      if (self->do_not_disturb)
        ucwa_presence_set_availability_async (presence, UCWA_AVAILABILITY_ONLINE,
                                              self->cancellable, set_availability_cb, NULL);
    }
}

static void
follow_setting_cb (BeckonAccount *self)
{
  self->follow_system = g_settings_get_boolean (self->settings, "follow-system-dnd");
  follow_system (self);
}

static void
presence_changed_cb (BeckonAccount *self)
{
  UcwaPresence *presence = ucwa_session_get_presence (self->session);
  gboolean      dnd = g_strcmp0 (ucwa_presence_get_availability (presence), UCWA_AVAILABILITY_DO_NOT_DISTURB) == 0;
  gboolean      ready = ucwa_presence_get_ready (presence);

  _beckon_account_set_do_not_disturb (self, dnd);
  /* Signed in anew: the system's state applies to the new presence. */
  if (ready != self->presence_ready)
    {
      self->presence_ready = ready;
      self->followed_system = FALSE;
      if (ready && dnd == FALSE)
        follow_system (self);
    }
}

void
_beckon_account_watch_presence (BeckonAccount *self)
{
  UcwaPresence          *presence = ucwa_session_get_presence (self->session);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  g_signal_connect_swapped (presence, "notify::availability", G_CALLBACK (presence_changed_cb), self);
  g_signal_connect_swapped (presence, "notify::ready", G_CALLBACK (presence_changed_cb), self);

  self->system_dnd = beckon_system_dnd_new ();
  g_signal_connect_object (self->system_dnd, "notify::active", G_CALLBACK (follow_system), self, G_CONNECT_SWAPPED);

  /* Uninstalled runs and tests may have no schema of ours. */
  if (source != NULL)
    {
      g_autoptr (GSettingsSchema) schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

      if (schema != NULL && g_settings_schema_has_key (schema, "follow-system-dnd"))
        {
          self->settings = g_settings_new_full (schema, NULL, NULL);
          g_signal_connect_object (self->settings, "changed::follow-system-dnd",
                                   G_CALLBACK (follow_setting_cb), self, G_CONNECT_SWAPPED);
          follow_setting_cb (self);
        }
    }
  presence_changed_cb (self);
}

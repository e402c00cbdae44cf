/* beckon-preferences-window.c: the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One page so far, "General": a "Background" group (run in the
 * background, start at login), a "Notifications" group (sound, message
 * text), a "Security" group that holds the certificate authority trusted
 * for on-premises servers, and a "History" group whose row clears the
 * history (after a confirmation: it cannot be undone).  The switches are
 * bound to the GSettings keys the app reads where they apply; "Start at
 * login" changes its key only once BeckonAutostart has written the entry
 * or the Background portal said yes, and its row says what happened.  The
 * window only shows what the account's BeckonTrustedCa says and asks it or
 * the account to change: the decisions are made there.  The account is its
 * copy on the GTK thread (BeckonAccountCopy): clearing the history is a
 * command to the core, whose outcome comes back.
 */
#include "config.h"

#include "beckon-preferences-window.h"

#include <glib/gi18n.h>

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "beckon-autostart.h"
#include "beckon-resources.h"
#include "ucwa-certificate.h"

struct _BeckonPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  AdwActionRow *ca_row;
  GtkWidget    *choose_ca_button;
  GtkWidget    *remove_ca_button;
  GtkWidget    *clear_history_button;
  GtkWidget    *background_group;
  GtkWidget    *notifications_group;
  AdwActionRow *run_in_background_row; /* the rows are bound for the tests */
  GtkSwitch    *run_in_background_switch;
  AdwActionRow *start_at_login_row;
  GtkSwitch    *start_at_login_switch;
  AdwComboRow  *close_conversation_row;
  AdwActionRow *sound_row;
  GtkSwitch    *sound_switch;
  GtkSwitch    *follow_dnd_switch;
  AdwActionRow *message_text_row;
  GtkSwitch    *message_text_switch;

  BeckonAccountCopy *account;
  BeckonTrustedCa   *trusted_ca; /* the account's */
  GSettings         *settings;   /* NULL where no schema is installed */
  BeckonAutostart   *autostart;
  GCancellable      *cancellable;
  char              *start_status;   /* what the last change of "Start at login" did */
  gboolean           setting_switch; /* the switch follows an answer: not the user's change */
};

G_DEFINE_FINAL_TYPE (BeckonPreferencesWindow, beckon_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static BeckonTrustedCa *
trusted_ca (BeckonPreferencesWindow *self)
{
  return self->trusted_ca;
}

/* What the row says: what the setting does, then what is trusted now. */
static char *
describe_ca (BeckonTrustedCa *ca)
{
  const char      *what = _ ("Servers whose certificates this authority issued are trusted too");
  GTlsCertificate *certificate = ca != NULL ? beckon_trusted_ca_get_certificate (ca) : NULL;
  const char      *file = ca != NULL ? beckon_trusted_ca_get_file (ca) : NULL;
  guint            more;
  g_autofree char *subject = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *names = NULL;

  if (file == NULL)
    /* Translators: no certificate authority is trusted */
    return g_strdup_printf ("%s\n%s", what, C_ ("certificate authority", "None"));

  if (certificate == NULL)
    return g_strdup_printf ("%s\n%s", what, _ ("The file cannot be read; remove it, or choose another"));

  subject = ucwa_certificate_dup_subject (certificate);
  fingerprint = ucwa_certificate_dup_fingerprint (certificate);
  more = beckon_trusted_ca_get_n_certificates (ca) - 1;
  if (more > 0)
    /* Translators: %s names a certificate authority, %u how many others the file holds */
    names = g_strdup_printf (ngettext ("%s and %u more", "%s and %u more", more), subject, more);
  else
    names = g_strdup (subject);

  /* Translators: the first %s says what the setting does, the second names the
   * authority, the third is its SHA-256 fingerprint (32 pairs of hex digits) */
  return g_strdup_printf (_ ("%s\n%s\nSHA-256 %s"), what, names, fingerprint != NULL ? fingerprint : "");
}

static void
update_ca_row (BeckonPreferencesWindow *self)
{
  BeckonTrustedCa *ca = trusted_ca (self);
  g_autofree char *description = describe_ca (ca);

  adw_action_row_set_subtitle (self->ca_row, description);
  gtk_widget_set_visible (self->remove_ca_button, ca != NULL && beckon_trusted_ca_get_file (ca) != NULL);
  gtk_widget_set_sensitive (self->choose_ca_button, ca != NULL);
}

/**
 * beckon_preferences_window_trust_ca_file:
 * @file: the file the user chose
 *
 * What choosing a certificate authority in the file chooser does: trusts
 * it, or says in a toast why not (nothing changes then).
 *
 * Returns: whether @file is trusted now
 */
gboolean
beckon_preferences_window_trust_ca_file (BeckonPreferencesWindow *self,
                                         GFile                   *file)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (BECKON_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (trusted_ca (self) == NULL)
    return FALSE;

  if (!beckon_trusted_ca_trust_file (trusted_ca (self), file, &error))
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_timeout (toast, 0);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
      return FALSE;
    }
  return TRUE;
}

#define CHOOSER_KEY "beckon-ca-chooser"

typedef struct
{
  GtkWindow         *parent; /* owns the chooser, so outlives it */
  BeckonCaChosenFunc chosen;
} Choice;

static void
ca_chosen_cb (GtkNativeDialog *chooser,
              int              response,
              Choice          *choice)
{
  g_autoptr (GFile)  file = NULL;
  GtkWindow         *parent = choice->parent;
  BeckonCaChosenFunc chosen = choice->chosen;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  /* Frees the chooser, and @choice with it. */
  g_object_set_data (G_OBJECT (parent), CHOOSER_KEY, NULL);
  if (file != NULL)
    chosen (parent, file);
}

static void
destroy_chooser (gpointer chooser)
{
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* Before it is finalized: the chooser's "transient-for" must not outlive it. */
static void
parent_destroyed_cb (GtkWidget *parent)
{
  g_object_set_data (G_OBJECT (parent), CHOOSER_KEY, NULL);
}

void
beckon_choose_ca_file (GtkWindow         *parent,
                       BeckonCaChosenFunc chosen)
{
  GtkFileChooserNative     *chooser;
  g_autoptr (GtkFileFilter) certificates = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();
  Choice                   *choice = g_new0 (Choice, 1);

  g_return_if_fail (GTK_IS_WINDOW (parent));

  chooser = gtk_file_chooser_native_new (_ ("Trust Certificate Authority"), parent,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Trust"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (certificates, _ ("Certificates"));
  gtk_file_filter_add_mime_type (certificates, "application/x-x509-ca-cert");
  gtk_file_filter_add_mime_type (certificates, "application/pkix-cert");
  gtk_file_filter_add_mime_type (certificates, "application/x-pem-file");
  gtk_file_filter_add_suffix (certificates, "pem");
  gtk_file_filter_add_suffix (certificates, "crt");
  gtk_file_filter_add_suffix (certificates, "cer");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), certificates);

  gtk_file_filter_set_name (all, _ ("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), certificates);

  choice->parent = parent;
  choice->chosen = chosen;
  g_signal_connect_data (chooser, "response", G_CALLBACK (ca_chosen_cb), choice, (GClosureNotify) g_free, 0);
  /* Replaces (and closes) any chooser still open for @parent. */
  g_object_set_data_full (G_OBJECT (parent), CHOOSER_KEY, chooser, destroy_chooser);
  g_signal_handlers_disconnect_by_func (parent, parent_destroyed_cb, NULL);
  g_signal_connect (parent, "destroy", G_CALLBACK (parent_destroyed_cb), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
ca_chosen (GtkWindow *parent,
           GFile     *file)
{
  beckon_preferences_window_trust_ca_file (BECKON_PREFERENCES_WINDOW (parent), file);
}

static void
choose_ca_clicked_cb (BeckonPreferencesWindow *self)
{
  beckon_choose_ca_file (GTK_WINDOW (self), ca_chosen);
}

static void
remove_ca_clicked_cb (BeckonPreferencesWindow *self)
{
  if (trusted_ca (self) == NULL)
    return;

  beckon_trusted_ca_forget (trusted_ca (self));
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_ ("Certificate authority removed")));
}

static void
history_cleared_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  BeckonPreferencesWindow *self = user_data;
  g_autoptr (GError)       error = NULL;
  const char              *done;

  if (beckon_account_copy_clear_history_finish (BECKON_ACCOUNT_COPY (object), result, &error))
    done = _ ("History cleared");
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* closed meanwhile */
  else
    done = _ ("The history could not be cleared from this computer");
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (done));
}

static void
clear_history_response_cb (BeckonPreferencesWindow *self,
                           const char              *response)
{
  if (g_strcmp0 (response, "clear") != 0 || self->account == NULL)
    return;

  beckon_account_copy_clear_history_async (self->account, self->cancellable, history_cleared_cb, self);
}

static void
clear_history_clicked_cb (BeckonPreferencesWindow *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _ ("Clear History?"),
                                   _ ("The ended invitations and the messages of every conversation are deleted "
                                      "from this computer. This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _ ("_Cancel"),
                                    "clear", _ ("C_lear History"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear", ADW_RESPONSE_DESTRUCTIVE);
  /* A stray Enter must not destroy the history. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (clear_history_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Start at login */

static void
update_start_row (BeckonPreferencesWindow *self)
{
  const char      *what = _ ("Starts Beckon in the background when you log in, to listen for invitations");
  g_autofree char *subtitle = NULL;

  if (self->start_status != NULL)
    subtitle = g_strdup_printf ("%s\n%s", what, self->start_status);
  adw_action_row_set_subtitle (self->start_at_login_row, subtitle != NULL ? subtitle : what);
}

static void
set_start_status (BeckonPreferencesWindow *self,
                  char                    *status)
{
  g_free (self->start_status);
  self->start_status = status;
  update_start_row (self);
}

static void
set_start_switch (BeckonPreferencesWindow *self,
                  gboolean                 active)
{
  self->setting_switch = TRUE;
  gtk_switch_set_active (self->start_at_login_switch, active);
  self->setting_switch = FALSE;
}

/* The window a dialog of the portal belongs to, as the portals name it.
 * On Wayland the handle is exported asynchronously, and a dialog without a
 * parent still works: none is named there. */
static char *
parent_window_handle (BeckonPreferencesWindow *self)
{
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));

  if (surface != NULL && GDK_IS_X11_SURFACE (surface))
    return g_strdup_printf ("x11:%lx", (unsigned long) gdk_x11_surface_get_xid (surface));
#endif
  return g_strdup ("");
}

static char *
describe_autostart (BeckonPreferencesWindow *self,
                    gboolean                 enabled)
{
  if (!enabled)
    return NULL;
  if (beckon_autostart_get_uses_portal (self->autostart))
    return g_strdup (_ ("Allowed by the system"));
  /* Translators: %s is the path of the autostart file written */
  return g_strdup_printf (_ ("Written to %s"), beckon_autostart_get_file (self->autostart));
}

static void
autostart_set_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BeckonPreferencesWindow *self = user_data;
  g_autoptr (GError)       error = NULL;
  gboolean                 enabled;

  /* Cancelled: the window is gone (dispose cancels), @self with it. */
  if (!beckon_autostart_set_enabled_finish (BECKON_AUTOSTART (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  enabled = gtk_switch_get_active (self->start_at_login_switch);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_at_login_switch), TRUE);
  if (error == NULL)
    {
      g_settings_set_boolean (self->settings, "start-at-login", enabled);
      set_start_status (self, describe_autostart (self, enabled));
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    {
      /* Refused: it will not start at login, whatever the user wanted. */
      g_settings_set_boolean (self->settings, "start-at-login", FALSE);
      set_start_switch (self, FALSE);
      set_start_status (self, g_strdup (error->message));
    }
  else
    {
      /* Nothing changed. */
      set_start_switch (self, !enabled);
      /* Translators: %s says why, e.g. "No Background portal answers" */
      set_start_status (self, g_strdup_printf (_ ("Could not change it: %s"), error->message));
    }
}

static void
start_at_login_toggled_cb (BeckonPreferencesWindow *self)
{
  g_autofree char *parent = NULL;

  if (self->setting_switch || self->settings == NULL)
    return;

  /* One change at a time: the switch waits for the answer. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_at_login_switch), FALSE);
  if (beckon_autostart_get_uses_portal (self->autostart))
    set_start_status (self, g_strdup (_ ("Asking the system…")));
  parent = parent_window_handle (self);
  beckon_autostart_set_enabled_async (self->autostart, gtk_switch_get_active (self->start_at_login_switch), parent,
                                      self->cancellable, autostart_set_cb, self);
}

/* Starting at login means starting in the background: without it, nothing
 * would be left running once started. */
static void
run_in_background_toggled_cb (BeckonPreferencesWindow *self)
{
  if (!gtk_switch_get_active (self->run_in_background_switch) &&
      gtk_switch_get_active (self->start_at_login_switch))
    gtk_switch_set_active (self->start_at_login_switch, FALSE);
}

/* "close-live-conversation", in the order of the row's choices. */
static const char *const close_choices[] = { "ask", "leave", "keep" };

static gboolean
close_choice_to_row (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  const char *choice = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (close_choices); i++)
    if (g_str_equal (choice, close_choices[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
close_choice_from_row (const GValue       *value,
                       const GVariantType *expected_type,
                       gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  return selected < G_N_ELEMENTS (close_choices) ? g_variant_new_string (close_choices[selected]) : NULL;
}

static void
bind_settings (BeckonPreferencesWindow *self)
{
  GSettingsSchemaSource      *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  self->autostart = beckon_autostart_new ();
  update_start_row (self);
  /* An uninstalled build without its schema: nothing to change. */
  if (schema == NULL)
    {
      gtk_widget_set_sensitive (self->background_group, FALSE);
      gtk_widget_set_sensitive (self->notifications_group, FALSE);
      return;
    }

  self->settings = g_settings_new_full (schema, NULL, NULL);
  g_settings_bind (self->settings, "run-in-background", self->run_in_background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "invitation-sound", self->sound_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "follow-system-dnd", self->follow_dnd_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-message-text", self->message_text_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "close-live-conversation", self->close_conversation_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, close_choice_to_row, close_choice_from_row, NULL, NULL);
  g_object_bind_property (self->run_in_background_switch, "active", self->start_at_login_row, "sensitive",
                          G_BINDING_SYNC_CREATE);

  set_start_switch (self, g_settings_get_boolean (self->settings, "start-at-login"));
  if (!beckon_autostart_get_uses_portal (self->autostart) &&
      g_file_test (beckon_autostart_get_file (self->autostart), G_FILE_TEST_EXISTS))
    set_start_status (self, describe_autostart (self, TRUE));
  g_signal_connect_object (self->start_at_login_switch, "notify::active", G_CALLBACK (start_at_login_toggled_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->run_in_background_switch, "notify::active",
                           G_CALLBACK (run_in_background_toggled_cb), self, G_CONNECT_SWAPPED);
}

static void
beckon_preferences_window_dispose (GObject *object)
{
  BeckonPreferencesWindow *self = BECKON_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->autostart);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->start_status, g_free);

  if (self->trusted_ca != NULL)
    g_signal_handlers_disconnect_by_data (self->trusted_ca, self);
  g_clear_object (&self->trusted_ca);
  g_clear_object (&self->account);

  gtk_widget_dispose_template (GTK_WIDGET (self), BECKON_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (beckon_preferences_window_parent_class)->dispose (object);
}

static void
beckon_preferences_window_class_init (BeckonPreferencesWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = beckon_preferences_window_dispose;

  (void) beckon_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/beckon/Beckon/beckon-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BeckonPreferencesWindow, ca_row);
  gtk_widget_class_bind_template_child (widget_class, BeckonPreferencesWindow, choose_ca_button);
  gtk_widget_class_bind_template_child (widget_class, BeckonPreferencesWindow, remove_ca_button);
  gtk_widget_class_bind_template_child (widget_class, BeckonPreferencesWindow, clear_history_button);
  gtk_widget_class_bind_template_child (widget_class, BeckonPreferencesWindow, background_group);
  gtk_widget_class_bind_template_child (widget_class, BeckonPreferencesWindow, notifications_group);
  gtk_widget_class_bind_template_child (widget_class, BeckonPreferencesWindow, run_in_background_row);
  gtk_widget_class_bind_template_child (widget_class, BeckonPreferencesWindow, run_in_background_switch);
  gtk_widget_class_bind_template_child (widget_class, BeckonPreferencesWindow, start_at_login_row);
  gtk_widget_class_bind_template_child (widget_class, BeckonPreferencesWindow, start_at_login_switch);
  gtk_widget_class_bind_template_child (widget_class, BeckonPreferencesWindow, close_conversation_row);
  gtk_widget_class_bind_template_child (widget_class, BeckonPreferencesWindow, sound_row);
  gtk_widget_class_bind_template_child (widget_class, BeckonPreferencesWindow, sound_switch);
  gtk_widget_class_bind_template_child (widget_class, BeckonPreferencesWindow, follow_dnd_switch);
  gtk_widget_class_bind_template_child (widget_class, BeckonPreferencesWindow, message_text_row);
  gtk_widget_class_bind_template_child (widget_class, BeckonPreferencesWindow, message_text_switch);
  gtk_widget_class_bind_template_callback (widget_class, choose_ca_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_ca_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_history_clicked_cb);
}

static void
beckon_preferences_window_init (BeckonPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update_ca_row (self);
  bind_settings (self);
}

/**
 * beckon_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @account: the copy of the account whose settings it shows
 * @trusted_ca: the account's certificate authority
 *
 * Returns: (transfer full): a new preferences window
 */
BeckonPreferencesWindow *
beckon_preferences_window_new (GtkWindow         *parent,
                               BeckonAccountCopy *account,
                               BeckonTrustedCa   *trusted_ca)
{
  BeckonPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (account), NULL);
  g_return_val_if_fail (BECKON_IS_TRUSTED_CA (trusted_ca), NULL);

  self = g_object_new (BECKON_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->account = g_object_ref (account);
  self->trusted_ca = g_object_ref (trusted_ca);
  g_signal_connect_object (trusted_ca, "notify", G_CALLBACK (update_ca_row), self, G_CONNECT_SWAPPED);
  update_ca_row (self);
  return self;
}

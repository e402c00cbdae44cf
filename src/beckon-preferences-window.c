/* beckon-preferences-window.c: the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One page so far, "General", with a "Security" group that holds the
 * certificate authority trusted for on-premises servers, and a "History"
 * group whose row clears the history (after a confirmation: it cannot be
 * undone).  The window only shows what the account's BeckonTrustedCa says
 * and asks it or the account to change: the decisions are made there.
 */
#include "config.h"

#include "beckon-preferences-window.h"

#include <glib/gi18n.h>

#include "beckon-resources.h"
#include "ucwa-certificate.h"

struct _BeckonPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  AdwActionRow *ca_row;
  GtkWidget    *choose_ca_button;
  GtkWidget    *remove_ca_button;
  GtkWidget    *clear_history_button;

  BeckonAccount *account;
};

G_DEFINE_FINAL_TYPE (BeckonPreferencesWindow, beckon_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static BeckonTrustedCa *
trusted_ca (BeckonPreferencesWindow *self)
{
  return self->account != NULL ? beckon_account_get_trusted_ca (self->account) : NULL;
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
clear_history_response_cb (BeckonPreferencesWindow *self,
                           const char              *response)
{
  const char *done;

  if (g_strcmp0 (response, "clear") != 0 || self->account == NULL)
    return;

  if (beckon_account_clear_history (self->account))
    done = _ ("History cleared");
  else
    done = _ ("The history could not be cleared from this computer");
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (done));
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

static void
beckon_preferences_window_dispose (GObject *object)
{
  BeckonPreferencesWindow *self = BECKON_PREFERENCES_WINDOW (object);

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (beckon_account_get_trusted_ca (self->account), self);
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
  gtk_widget_class_bind_template_callback (widget_class, choose_ca_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_ca_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_history_clicked_cb);
}

static void
beckon_preferences_window_init (BeckonPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_ca_row (self);
}

/**
 * beckon_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @account: the account whose settings it shows
 *
 * Returns: (transfer full): a new preferences window
 */
BeckonPreferencesWindow *
beckon_preferences_window_new (GtkWindow     *parent,
                               BeckonAccount *account)
{
  BeckonPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BECKON_IS_ACCOUNT (account), NULL);

  self = g_object_new (BECKON_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->account = g_object_ref (account);
  g_signal_connect_object (beckon_account_get_trusted_ca (account), "notify",
                           G_CALLBACK (update_ca_row), self, G_CONNECT_SWAPPED);
  update_ca_row (self);
  return self;
}

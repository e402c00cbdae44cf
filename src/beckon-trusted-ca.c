/* beckon-trusted-ca.c: the certificate authority trusted for on-premises servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one place that decides which extra certificate authority the
 * account's connection trusts: the `extra-ca-file` setting, applied to the
 * UcwaConnection that carries every request of the account (sign-in, the
 * event channel, token renewal).  The sign-in page and the preferences only
 * ask this object to trust a file or to forget it, and show what it says.
 *
 * Which thread owns what: this object, the setting and the files are the
 * owner's thread's (the GTK thread's, where the views ask it); the
 * connection is the core's (beckon-core.c), only ever touched there: what
 * it should trust is sent to it (beckon_core_invoke()), in order with the
 * sign-in the user asks for next.  A file is read and checked here first,
 * so what this object says is what the connection takes.
 *
 * A chosen file is copied into Beckon's own data folder
 * ($XDG_DATA_HOME/beckon/trusted-ca.pem): inside Flatpak the chooser hands
 * out a document-portal path, and outside the user may move or delete the
 * original; either would silently break sign-in later.  Only the
 * certificates are copied, so a private key that shared the file is not.
 */

#include "config.h"

#include "beckon-trusted-ca.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "beckon-tsan-private.h"
#include "ucwa-certificate.h"

/* A CA file is a few kilobytes; a bundle of a whole system store 250 KiB. */
#define MAX_FILE_SIZE (1024 * 1024)

struct _BeckonTrustedCa
{
  GObject parent_instance;

  BeckonCore     *core;
  UcwaConnection *connection; /* the core's: only a reference is held here */
  GSettings      *settings;   /* NULL when the schema is not installed */

  char            *file; /* applied to the connection; NULL: none */
  GTlsCertificate *certificate;
  guint            n_certificates;
};

G_DEFINE_FINAL_TYPE (BeckonTrustedCa, beckon_trusted_ca, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_CERTIFICATE,
  PROP_N_CERTIFICATES,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
set_state (BeckonTrustedCa *self,
           const char      *file,
           GPtrArray       *certificates)
{
  GTlsCertificate *first = certificates != NULL && certificates->len > 0 ? certificates->pdata[0] : NULL;
  guint            n = certificates != NULL ? certificates->len : 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->file, file) != 0)
    {
      g_free (self->file);
      self->file = g_strdup (file);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FILE]);
    }
  /* Even the same file may hold another certificate now. */
  if (g_set_object (&self->certificate, first))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CERTIFICATE]);
  if (self->n_certificates != n)
    {
      self->n_certificates = n;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_CERTIFICATES]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static GPtrArray *
load_certificates (const char *path,
                   GError    **error)
{
  g_autofree char *contents = NULL;
  gsize            size = 0;

  if (!g_file_get_contents (path, &contents, &size, error))
    return NULL;
  return ucwa_certificate_list_from_data (contents, size, error);
}

typedef struct
{
  UcwaConnection *connection;
  char           *file; /* NULL: none */
} Trust;

static void
trust_free (gpointer data)
{
  Trust *trust = data;

  g_object_unref (trust->connection);
  g_free (trust->file);
  g_free (trust);
}

/* On the core's thread. */
static void
trust_run (gpointer data)
{
  Trust             *trust = data;
  g_autoptr (GError) error = NULL;

  BECKON_TSAN_ACQUIRE (trust);
  /* Checked before it was sent: only a file changed meanwhile fails. */
  if (!ucwa_connection_set_extra_ca_file (trust->connection, trust->file, &error))
    {
      g_message ("The trusted certificate authority %s cannot be used: %s", trust->file, error->message);
      ucwa_connection_set_extra_ca_file (trust->connection, NULL, NULL);
    }
}

static void
unref_run (gpointer data)
{
  g_object_unref (data);
}

/* Makes the connection trust @file, on the core. */
static void
send_to_connection (BeckonTrustedCa *self,
                    const char      *file)
{
  Trust *trust = g_new0 (Trust, 1);

  trust->connection = g_object_ref (self->connection);
  trust->file = g_strdup (file);
  BECKON_TSAN_RELEASE (trust);
  beckon_core_run (self->core, trust_run, trust, trust_free);
}

/* What the connection's own check (a GTlsFileDatabase) would say. */
static gboolean
check_database (const char *file,
                GError    **error)
{
  g_autoptr (GTlsDatabase) database = g_tls_file_database_new (file, error);

  return database != NULL;
}

/* Makes the connection trust what @file holds; @file NULL or "": nothing
 * more than the system's authorities. */
static void
apply (BeckonTrustedCa *self,
       const char      *file)
{
  g_autoptr (GPtrArray) certificates = NULL;
  g_autoptr (GError)    error = NULL;

  if (file != NULL && *file == '\0')
    file = NULL;

  if (file != NULL)
    {
      certificates = load_certificates (file, &error);
      if (certificates == NULL || !check_database (file, &error))
        {
          /* Kept as set, so that the preferences show it and can remove it;
           * the server's certificate is refused as without it. */
          g_message ("The trusted certificate authority %s cannot be used: %s", file, error->message);
          g_clear_pointer (&certificates, g_ptr_array_unref);
        }
    }
  send_to_connection (self, certificates != NULL ? file : NULL);

  set_state (self, file, certificates);
}

static void
setting_changed_cb (BeckonTrustedCa *self)
{
  g_autofree char *file = g_settings_get_string (self->settings, "extra-ca-file");

  /* Set by us a moment ago (or by hand, with gsettings). */
  if (g_strcmp0 (*file != '\0' ? file : NULL, self->file) != 0)
    apply (self, file);
}

static void
beckon_trusted_ca_dispose (GObject *object)
{
  BeckonTrustedCa *self = BECKON_TRUSTED_CA (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  /* Its last reference may be this one: on the core, where it lives. */
  if (self->connection != NULL)
    beckon_core_run (self->core, unref_run, g_steal_pointer (&self->connection), NULL);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (beckon_trusted_ca_parent_class)->dispose (object);
}

static void
beckon_trusted_ca_finalize (GObject *object)
{
  BeckonTrustedCa *self = BECKON_TRUSTED_CA (object);

  g_free (self->file);

  G_OBJECT_CLASS (beckon_trusted_ca_parent_class)->finalize (object);
}

static void
beckon_trusted_ca_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BeckonTrustedCa *self = BECKON_TRUSTED_CA (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_string (value, self->file);
      break;
    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;
    case PROP_N_CERTIFICATES:
      g_value_set_uint (value, self->n_certificates);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_trusted_ca_class_init (BeckonTrustedCaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = beckon_trusted_ca_dispose;
  object_class->finalize = beckon_trusted_ca_finalize;
  object_class->get_property = beckon_trusted_ca_get_property;

  props[PROP_FILE] = g_param_spec_string ("file", NULL, NULL, NULL, ro);
  props[PROP_CERTIFICATE] = g_param_spec_object ("certificate", NULL, NULL, G_TYPE_TLS_CERTIFICATE, ro);
  props[PROP_N_CERTIFICATES] = g_param_spec_uint ("n-certificates", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
beckon_trusted_ca_init (BeckonTrustedCa *self)
{
}

/**
 * beckon_trusted_ca_new:
 * @core: where @connection lives
 * @connection: the connection of the account, only ever touched on @core
 *
 * On the owner's thread of @core.
 *
 * Returns: (transfer full): the extra authority of @connection; none until
 * beckon_trusted_ca_set_settings() reads the setting
 */
BeckonTrustedCa *
beckon_trusted_ca_new (BeckonCore     *core,
                       UcwaConnection *connection)
{
  BeckonTrustedCa *self;

  g_return_val_if_fail (core != NULL, NULL);
  g_return_val_if_fail (connection != NULL, NULL);

  self = g_object_new (BECKON_TYPE_TRUSTED_CA, NULL);
  self->core = core;
  /* Atomic: the last reference may go on either thread, after the core's. */
  self->connection = g_object_ref (connection);
  return self;
}

/**
 * beckon_trusted_ca_set_settings:
 * @settings: (nullable): the application's settings
 *
 * Applies their `extra-ca-file`, now and whenever it changes, and keeps
 * it there from now on.
 */
void
beckon_trusted_ca_set_settings (BeckonTrustedCa *self,
                                GSettings       *settings)
{
  g_return_if_fail (BECKON_IS_TRUSTED_CA (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_set_object (&self->settings, settings);
  if (settings == NULL)
    return;

  g_signal_connect_swapped (settings, "changed::extra-ca-file", G_CALLBACK (setting_changed_cb), self);
  {
    g_autofree char *file = g_settings_get_string (settings, "extra-ca-file");

    apply (self, file);
  }
}

const char *
beckon_trusted_ca_get_file (BeckonTrustedCa *self)
{
  g_return_val_if_fail (BECKON_IS_TRUSTED_CA (self), NULL);

  return self->file;
}

GTlsCertificate *
beckon_trusted_ca_get_certificate (BeckonTrustedCa *self)
{
  g_return_val_if_fail (BECKON_IS_TRUSTED_CA (self), NULL);

  return self->certificate;
}

guint
beckon_trusted_ca_get_n_certificates (BeckonTrustedCa *self)
{
  g_return_val_if_fail (BECKON_IS_TRUSTED_CA (self), 0);

  return self->n_certificates;
}

/**
 * beckon_trusted_ca_dup_copy_path:
 *
 * Returns: (transfer full): where Beckon keeps its copy of the trusted
 * authorities
 */
char *
beckon_trusted_ca_dup_copy_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "beckon", "trusted-ca.pem", NULL);
}

/* Every certificate of @file, if all are certificate authorities. */
static GPtrArray *
read_authorities (GFile   *file,
                  GError **error)
{
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GPtrArray) certificates = NULL;
  g_autofree char      *contents = NULL;
  gsize                 size = 0;
  const char           *name;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  name = g_file_info_get_display_name (info);

  if (g_file_info_get_size (info) > MAX_FILE_SIZE)
    {
      g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                   _ ("“%s” is too large for a certificate file."), name);
      return NULL;
    }
  /* A few kilobytes: not worth a thread, even through the portal. */
  if (!g_file_load_contents (file, NULL, &contents, &size, NULL, error))
    return NULL;

  certificates = ucwa_certificate_list_from_data (contents, size, NULL);
  if (certificates == NULL)
    {
      g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                   _ ("“%s” is not a certificate file. Choose the certificate of your organization’s certificate authority (a .pem, .crt or .cer file)."),
                   name);
      return NULL;
    }

  for (guint i = 0; i < certificates->len; i++)
    if (!ucwa_certificate_is_authority (certificates->pdata[i]))
      {
        g_autofree char *subject = ucwa_certificate_dup_subject (certificates->pdata[i]);

        g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                     /* Translators: the first %s is a file name, the second who the certificate names */
                     _ ("“%s” holds the certificate of “%s”, which is not a certificate authority. Choose the certificate of the authority that issued it."),
                     name, subject != NULL ? subject : "?");
        return NULL;
      }

  return g_steal_pointer (&certificates);
}

gboolean
beckon_trusted_ca_trust_file (BeckonTrustedCa *self,
                              GFile           *file,
                              GError         **error)
{
  g_autoptr (GPtrArray) certificates = NULL;
  g_autoptr (GString)   pem = g_string_new (NULL);
  g_autofree char      *copy = NULL;
  g_autofree char      *folder = NULL;

  g_return_val_if_fail (BECKON_IS_TRUSTED_CA (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  certificates = read_authorities (file, error);
  if (certificates == NULL)
    return FALSE;

  for (guint i = 0; i < certificates->len; i++)
    {
      g_autofree char *text = NULL;

      g_object_get (certificates->pdata[i], "certificate-pem", &text, NULL);
      g_string_append (pem, text);
    }

  copy = beckon_trusted_ca_dup_copy_path ();
  folder = g_path_get_dirname (copy);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _ ("Could not create the folder %s: %s"), folder, g_strerror (saved_errno));
      return FALSE;
    }
  /* Atomic: a failure leaves the previous copy as it was. */
  if (!g_file_set_contents_full (copy, pem->str, pem->len, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    return FALSE;

  apply (self, copy);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "extra-ca-file", copy);
  return TRUE;
}

void
beckon_trusted_ca_forget (BeckonTrustedCa *self)
{
  g_autofree char *copy = beckon_trusted_ca_dup_copy_path ();

  g_return_if_fail (BECKON_IS_TRUSTED_CA (self));

  apply (self, NULL);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "extra-ca-file", "");
  /* Only Beckon's own copy: a file named by hand in the setting is the
   * user's, and stays. */
  if (g_unlink (copy) != 0 && errno != ENOENT)
    g_message ("Could not delete %s: %s", copy, g_strerror (errno));
}

/* beckon-sign-in-page.c: the main window's sign-in page
 *
 * The form (SIP address, password, and the server under "Advanced":
 * autodiscovery from the address is the default), the steps of the sign-in
 * as the account's session reaches them (its copy's "sign-in-phase"), what
 * went wrong with the focus on the field to fix, and a refused certificate
 * with the offer to trust its authority.  The page asks for a sign-in
 * (::sign-in-requested) and stays busy until told how it went;
 * BeckonWindow embeds it and decides when it is on screen.
 *
 * Owner's thread (GTK) only: it follows the account's copy
 * (BeckonAccountCopy), never the session on the core.  The certificate
 * authority it trusts is still the account's BeckonTrustedCa, given
 * separately (beckon_sign_in_page_set_trusted_ca()) until trusting one is a
 * command of the copies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "beckon-sign-in-page.h"

#include <glib/gi18n.h>
#include <string.h>

#include "beckon-error-messages.h"
#include "beckon-preferences-window.h"
#include "beckon-resources.h"
#include "beckon-window.h"
#include "ucwa-certificate.h"
#include "ucwa-error.h"

/* One step of the sign-in and its marks: a spinner while under way, a
 * check once done, nothing (and dimmed) before. */
typedef struct
{
  AdwActionRow *row;
  GtkWidget    *spinner;
  GtkWidget    *done_icon;
} Step;

/* The steps are the phases from DISCOVERING on, in their order. */
#define N_STEPS        3
#define ALL_STEPS_DONE (N_STEPS + 1)

struct _BeckonSignInPage
{
  AdwBin parent_instance;

  AdwExpanderRow *advanced_row;
  GtkWidget      *progress_group;
  Step            steps[N_STEPS];
  guint           reached; /* 0 before the first step, ALL_STEPS_DONE once online */

  AdwEntryRow  *server_row;
  AdwEntryRow  *user_row;
  AdwEntryRow  *password_row;
  GtkLabel     *error_label;
  GtkButton    *sign_in_button;
  GtkSpinner   *sign_in_spinner;
  GtkLabel     *sign_in_label;
  GtkWidget    *certificate_box;
  AdwActionRow *certificate_subject_row;
  AdwActionRow *certificate_issuer_row;
  AdwActionRow *certificate_fingerprint_row;
  GtkWidget    *trust_ca_button;
  guint         reveal_certificate_id;
  guint         reveal_frames;

  BeckonAccountCopy *account;    /* the steps of its session's sign-in */
  BeckonTrustedCa   *trusted_ca; /* the account's certificate authority */
  gboolean           signing_in;
  gboolean           finish_pending; /* finished before the copy said how the sign-in ended */
};

G_DEFINE_FINAL_TYPE (BeckonSignInPage, beckon_sign_in_page, ADW_TYPE_BIN)

enum {
  SIGNAL_SIGN_IN_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Steps */

static void
update_steps (BeckonSignInPage *self)
{
  gtk_widget_set_visible (self->progress_group, self->signing_in);

  for (guint i = 0; i < N_STEPS; i++)
    {
      Step      *step = &self->steps[i];
      GtkWidget *row = GTK_WIDGET (step->row);
      gboolean   current = self->reached == i + 1;
      gboolean   done = self->reached > i + 1;

      gtk_widget_set_visible (step->spinner, current);
      gtk_spinner_set_spinning (GTK_SPINNER (step->spinner), current && self->signing_in);
      gtk_widget_set_visible (step->done_icon, done);
      /* One class a step: done, under way, or not yet (dimmed). */
      gtk_widget_remove_css_class (row, "step-current");
      gtk_widget_remove_css_class (row, "step-done");
      gtk_widget_remove_css_class (row, "dim-label");
      gtk_widget_add_css_class (row, done ? "step-done" : current ? "step-current"
                                                                  : "dim-label");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_BUSY, current, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      /* Translators: how far a step of signing in is */
                                      done ? _ ("Done") : current ? _ ("In progress")
                                                                  : _ ("Not started yet"),
                                      -1);
    }
}

static void
sign_in_phase_cb (BeckonSignInPage *self)
{
  UcwaSignInPhase phase = beckon_account_copy_get_sign_in_phase (self->account);

  /* Back to none means over: the steps stay as they were until the page
   * says how it ended (online: all done, see session_state_cb()). */
  if (phase == UCWA_SIGN_IN_PHASE_NONE)
    return;
  self->reached = phase - UCWA_SIGN_IN_PHASE_DISCOVERING + 1;
  update_steps (self);
}

static void
session_state_cb (BeckonSignInPage *self)
{
  if (beckon_account_copy_get_session_state (self->account) != UCWA_SESSION_STATE_ONLINE)
    return;
  self->reached = ALL_STEPS_DONE;
  update_steps (self);
}

static void finish (BeckonSignInPage *self);

/* Finished while the copy was behind: once the copy has the end (and the
 * steps show it), the page is done. */
static void
batch_applied_cb (BeckonSignInPage *self)
{
  if (self->finish_pending &&
      beckon_account_copy_get_session_state (self->account) != UCWA_SESSION_STATE_SIGNING_IN)
    finish (self);
}

static void
add_step_marks (Step *step)
{
  GtkWidget *marks = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  /* The same room with either mark or none: the titles stay aligned. */
  gtk_widget_set_size_request (marks, 16, 16);
  gtk_widget_set_valign (marks, GTK_ALIGN_CENTER);
  step->spinner = gtk_spinner_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (step->spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("In progress"), -1);
  step->done_icon = gtk_image_new_from_icon_name ("object-select-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (step->done_icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Done"), -1);
  gtk_widget_add_css_class (step->done_icon, "success");
  gtk_box_append (GTK_BOX (marks), step->spinner);
  gtk_box_append (GTK_BOX (marks), step->done_icon);
  adw_action_row_add_prefix (step->row, marks);
}

/* The form */

static void
set_signing_in (BeckonSignInPage *self,
                gboolean          signing_in)
{
  self->signing_in = signing_in;
  update_steps (self);

  /* Read-only, not insensitive: a focused text field that turns
   * insensitive loses the focus without noticing (GTK 4.8). */
  gtk_editable_set_editable (GTK_EDITABLE (self->server_row), !signing_in);
  gtk_editable_set_editable (GTK_EDITABLE (self->user_row), !signing_in);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !signing_in);
  /* The steps have spinners of their own, when there is a session to follow. */
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_spinner), signing_in && self->account == NULL);
  gtk_spinner_set_spinning (self->sign_in_spinner, signing_in && self->account == NULL);
  gtk_label_set_text_with_mnemonic (self->sign_in_label, signing_in ? _ ("Signing In…") : _ ("_Sign In"));
  if (signing_in)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      gtk_widget_set_visible (self->certificate_box, FALSE);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button),
                            !signing_in &&
                              *gtk_editable_get_text (GTK_EDITABLE (self->user_row)) != '\0' &&
                              *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0');
}

/* Clearing the entry alone would leave the password's bytes behind the new
 * end of its buffer (GtkPasswordEntryBuffer moves only the terminator):
 * they are overwritten in place, with as many filler bytes, first. */
static void
clear_password (BeckonSignInPage *self)
{
  GtkEditable     *password = GTK_EDITABLE (self->password_row);
  gsize            n_bytes = strlen (gtk_editable_get_text (password));
  g_autofree char *filler = NULL;

  if (n_bytes == 0)
    return;
  filler = g_strnfill (n_bytes, '*');
  gtk_editable_set_text (password, filler);
  gtk_editable_set_text (password, "");
}

static void
sign_in_changed_cb (BeckonSignInPage *self)
{
  set_signing_in (self, self->signing_in);
}

/* Autodiscovery unless the user gives a server: the page says which. */
static void
server_changed_cb (BeckonSignInPage *self)
{
  g_autofree char *server = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));

  adw_expander_row_set_subtitle (self->advanced_row,
                                 *server != '\0' ? server : _ ("The server is found from your SIP address"));
  adw_action_row_set_subtitle (self->steps[0].row,
                               *server != '\0' ? server : _ ("From your SIP address (autodiscovery)"));
}

/* After an error about the server that autodiscovery found: what the
 * unfolded server address is for. */
static void
add_advanced_hint (BeckonSignInPage *self)
{
  g_autofree char *text = NULL;

  if (*gtk_editable_get_text (GTK_EDITABLE (self->server_row)) != '\0')
    return;
  /* Translators: %s is why signing in failed (a sentence); "Advanced" is
   * the title of the row that holds the server address */
  text = g_strdup_printf (_ ("%s If your server cannot be found from your SIP address, enter its address under Advanced."),
                          gtk_label_get_text (self->error_label));
  gtk_label_set_text (self->error_label, text);
}

/* The field that decided which server was asked: the server address when
 * one was given, else the SIP address it was found from, with the server
 * address in view to give one instead. */
static void
focus_server_address (BeckonSignInPage *self)
{
  adw_expander_row_set_expanded (self->advanced_row, TRUE);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->server_row)) != '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
}

/* @password_required: FALSE after the trust changed, when the form may
 * lack a password that the application has stored. */
static void
request_sign_in (BeckonSignInPage *self,
                 gboolean          password_required)
{
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;
  const char      *password;

  if (self->signing_in)
    return;

  server = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
  user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  /* Enter in an incomplete form moves on to the missing field. */
  if (*user == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
      return;
    }
  if (*password == '\0' && password_required)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  /* Busy first: a handler may answer at once with beckon_sign_in_page_show().
   * No step is under way until the session says so. */
  self->reached = 0;
  set_signing_in (self, TRUE);
  g_signal_emit (self, signals[SIGNAL_SIGN_IN_REQUESTED], 0, server, user, password);
}

static void
sign_in_activated_cb (BeckonSignInPage *self)
{
  request_sign_in (self, TRUE);
}

/* An untrusted certificate */

static void
ca_chosen (GtkWindow *parent,
           GFile     *file)
{
  if (BECKON_IS_WINDOW (parent))
    beckon_window_trust_ca_file (BECKON_WINDOW (parent), file);
}

static void
trust_ca_clicked_cb (BeckonSignInPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    beckon_choose_ca_file (GTK_WINDOW (root), ca_chosen);
}

/* The focus alone does not scroll an AdwStatusPage: from the error to the
 * button, as soon as the certificate has its place on the page. */
static gboolean
reveal_certificate_cb (GtkWidget     *box,
                       GdkFrameClock *clock,
                       gpointer       user_data)
{
  BeckonSignInPage *self = user_data;
  GtkWidget        *scrolled = gtk_widget_get_ancestor (box, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment    *adjustment;
  graphene_rect_t   top, bottom;

  if (scrolled == NULL || !gtk_widget_get_visible (box))
    {
      self->reveal_certificate_id = 0;
      return G_SOURCE_REMOVE;
    }

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  /* Not laid out yet: the button is still where the hidden box was. */
  if (!gtk_widget_compute_bounds (GTK_WIDGET (self->error_label), scrolled, &top) ||
      !gtk_widget_compute_bounds (self->trust_ca_button, scrolled, &bottom) ||
      bottom.origin.y <= top.origin.y)
    {
      if (++self->reveal_frames < 30)
        return G_SOURCE_CONTINUE;
      self->reveal_certificate_id = 0;
      return G_SOURCE_REMOVE;
    }

  /* Bounds are in the scrolled window's coordinates: add where it is. */
  gtk_adjustment_clamp_page (adjustment,
                             gtk_adjustment_get_value (adjustment) + top.origin.y - 12,
                             gtk_adjustment_get_value (adjustment) + bottom.origin.y + bottom.size.height + 12);
  self->reveal_certificate_id = 0;
  return G_SOURCE_REMOVE;
}

/**
 * beckon_sign_in_page_show_untrusted_certificate:
 * @certificate: (nullable): the server certificate that was refused
 *
 * Shows who @certificate names, who issued it and its fingerprint, and
 * offers to trust a certificate authority (which takes the focus); %NULL
 * hides them.  Call it after beckon_sign_in_page_show(), which hides them.
 */
void
beckon_sign_in_page_show_untrusted_certificate (BeckonSignInPage *self,
                                                GTlsCertificate  *certificate)
{
  g_autofree char *subject = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *fingerprint = NULL;

  g_return_if_fail (BECKON_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  gtk_widget_set_visible (self->certificate_box, certificate != NULL && self->trusted_ca != NULL);
  if (certificate == NULL || self->trusted_ca == NULL)
    return;

  subject = ucwa_certificate_dup_subject (certificate);
  issuer = ucwa_certificate_dup_issuer (certificate);
  fingerprint = ucwa_certificate_dup_fingerprint (certificate);
  /* Translators: a certificate's subject, issuer or fingerprint that could
   * not be read */
  adw_action_row_set_subtitle (self->certificate_subject_row, subject != NULL ? subject : _ ("Unknown"));
  adw_action_row_set_subtitle (self->certificate_issuer_row, issuer != NULL ? issuer : _ ("Unknown"));
  adw_action_row_set_subtitle (self->certificate_fingerprint_row, fingerprint != NULL ? fingerprint : _ ("Unknown"));
  /* What to do next; the page scrolls down to it once laid out. */
  gtk_widget_grab_focus (self->trust_ca_button);
  self->reveal_frames = 0;
  if (self->reveal_certificate_id == 0)
    self->reveal_certificate_id = gtk_widget_add_tick_callback (self->certificate_box, reveal_certificate_cb, self, NULL);
}

/**
 * beckon_sign_in_page_trust_ca_file:
 * @file: the certificate authority the user chose
 *
 * What choosing a file after "Trust This Certificate Authority…" does: the
 * account trusts it and the page signs in again at once; or the page says
 * why not, and nothing changes.
 *
 * Returns: whether @file is trusted now
 */
gboolean
beckon_sign_in_page_trust_ca_file (BeckonSignInPage *self,
                                   GFile            *file)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (BECKON_IS_SIGN_IN_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->trusted_ca == NULL)
    return FALSE;

  if (!beckon_trusted_ca_trust_file (self->trusted_ca, file, &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return FALSE;
    }

  request_sign_in (self, FALSE);
  return TRUE;
}

/* The page */

/**
 * beckon_sign_in_requested_signal_new:
 * @type: BeckonSignInPage, or the window that passes its signal on
 *
 * Returns: the id of @type's new ::sign-in-requested signal
 */
guint
beckon_sign_in_requested_signal_new (GType type)
{
  return g_signal_new ("sign-in-requested",
                       type,
                       G_SIGNAL_RUN_LAST,
                       0, NULL, NULL, NULL,
                       G_TYPE_NONE, 3,
                       G_TYPE_STRING, G_TYPE_STRING,
                       /* Static scope: the emission makes no copy of its
                        * own, which it would free without wiping. */
                       G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
beckon_sign_in_page_dispose (GObject *object)
{
  BeckonSignInPage *self = BECKON_SIGN_IN_PAGE (object);

  beckon_sign_in_page_set_account (self, NULL);
  beckon_sign_in_page_set_trusted_ca (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), BECKON_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (beckon_sign_in_page_parent_class)->dispose (object);
}

static void
beckon_sign_in_page_class_init (BeckonSignInPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = beckon_sign_in_page_dispose;

  /**
   * BeckonSignInPage::sign-in-requested:
   * @server_url: the server, "" for autodiscovery
   * @user: the SIP address
   * @password: the password; "" after the user trusted a certificate
   *   authority, for the stored password (the form had none)
   *
   * The user filled in the page.  It stays busy until
   * beckon_sign_in_page_show() or beckon_sign_in_page_finish() is called.
   * @password points into the page's field: a handler that keeps it copies it.
   */
  signals[SIGNAL_SIGN_IN_REQUESTED] = beckon_sign_in_requested_signal_new (G_TYPE_FROM_CLASS (klass));

  /* Referencing the resource links it, and with it its constructor that
   * registers it, into programs that link the static library. */
  (void) beckon_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/beckon/Beckon/beckon-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BeckonSignInPage, advanced_row);
  gtk_widget_class_bind_template_child (widget_class, BeckonSignInPage, progress_group);
  gtk_widget_class_bind_template_child_full (widget_class, "discover_step", FALSE,
                                             G_STRUCT_OFFSET (BeckonSignInPage, steps[0].row));
  gtk_widget_class_bind_template_child_full (widget_class, "authenticate_step", FALSE,
                                             G_STRUCT_OFFSET (BeckonSignInPage, steps[1].row));
  gtk_widget_class_bind_template_child_full (widget_class, "join_step", FALSE,
                                             G_STRUCT_OFFSET (BeckonSignInPage, steps[2].row));
  gtk_widget_class_bind_template_child (widget_class, BeckonSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, BeckonSignInPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, BeckonSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, BeckonSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, BeckonSignInPage, sign_in_spinner);
  gtk_widget_class_bind_template_child (widget_class, BeckonSignInPage, sign_in_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonSignInPage, certificate_box);
  gtk_widget_class_bind_template_child (widget_class, BeckonSignInPage, certificate_subject_row);
  gtk_widget_class_bind_template_child (widget_class, BeckonSignInPage, certificate_issuer_row);
  gtk_widget_class_bind_template_child (widget_class, BeckonSignInPage, certificate_fingerprint_row);
  gtk_widget_class_bind_template_child (widget_class, BeckonSignInPage, trust_ca_button);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, trust_ca_clicked_cb);
}

static void
beckon_sign_in_page_init (BeckonSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < N_STEPS; i++)
    add_step_marks (&self->steps[i]);
  server_changed_cb (self);
  set_signing_in (self, FALSE);
}

/**
 * beckon_sign_in_page_set_account:
 * @account: (nullable): the copy of the account the page signs in
 *
 * The account whose session's sign-in the page follows step by step;
 * without one no step is shown under way.
 */
void
beckon_sign_in_page_set_account (BeckonSignInPage  *self,
                                 BeckonAccountCopy *account)
{
  g_return_if_fail (BECKON_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (account == NULL || BECKON_IS_ACCOUNT_COPY (account));

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  if (self->finish_pending)
    finish (self);
  g_set_object (&self->account, account);
  if (account == NULL)
    return;

  g_signal_connect_object (account, "notify::sign-in-phase", G_CALLBACK (sign_in_phase_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::session-state", G_CALLBACK (session_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "batch-applied", G_CALLBACK (batch_applied_cb), self, G_CONNECT_SWAPPED);
}

/**
 * beckon_sign_in_page_set_trusted_ca:
 * @trusted_ca: (nullable): the account's certificate authority
 *
 * What "Trust This Certificate Authority…" sets; without one no
 * certificate is offered for trust.
 */
void
beckon_sign_in_page_set_trusted_ca (BeckonSignInPage *self,
                                    BeckonTrustedCa  *trusted_ca)
{
  g_return_if_fail (BECKON_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (trusted_ca == NULL || BECKON_IS_TRUSTED_CA (trusted_ca));

  g_set_object (&self->trusted_ca, trusted_ca);
}

/**
 * beckon_sign_in_page_show:
 * @server_url: (nullable): the server to fill in, %NULL to keep the field
 * @user: (nullable): the SIP address to fill in, %NULL to keep the field
 * @error_message: (nullable): why signing in failed
 *
 * Makes the form ready to fill in again: without an error (after signing
 * out) the password field is cleared; with one it keeps what was typed.
 * The focus goes to the first field to fill in.
 */
void
beckon_sign_in_page_show (BeckonSignInPage *self,
                          const char       *server_url,
                          const char       *user,
                          const char       *error_message)
{
  gboolean has_error;

  g_return_if_fail (BECKON_IS_SIGN_IN_PAGE (self));

  has_error = error_message != NULL && *error_message != '\0';
  self->finish_pending = FALSE;

  if (server_url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->server_row), server_url);
  if (user != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
  if (!has_error)
    clear_password (self);
  /* A server given is no longer the default: in view. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->server_row)) != '\0')
    adw_expander_row_set_expanded (self->advanced_row, TRUE);

  set_signing_in (self, FALSE);

  gtk_label_set_text (self->error_label, has_error ? error_message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), has_error);
  /* A certificate goes with its own error (show_untrusted_certificate()). */
  gtk_widget_set_visible (self->certificate_box, FALSE);

  if (*gtk_editable_get_text (GTK_EDITABLE (self->user_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

/**
 * beckon_sign_in_page_show_note:
 * @note: (nullable): what the sign-in in progress is waiting for
 *
 * Says why a sign-in in progress takes long (it retries by itself).  The
 * fields become editable again, so that a wrong address can be fixed
 * (signing in again replaces the sign-in that retries).  The first note
 * moves the focus to the server address (or to the SIP address it was
 * found from), the field to fix while the server cannot be reached
 * (nothing has said the password is wrong); later
 * ones leave it where it is: the note changes at every retry, and the user
 * may be typing.
 */
void
beckon_sign_in_page_show_note (BeckonSignInPage *self,
                               const char       *note)
{
  gboolean has_note;

  g_return_if_fail (BECKON_IS_SIGN_IN_PAGE (self));

  has_note = note != NULL && *note != '\0';
  if (has_note && self->signing_in)
    {
      set_signing_in (self, FALSE);
      focus_server_address (self);
    }
  gtk_label_set_text (self->error_label, has_note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), has_note);
  if (has_note && adw_expander_row_get_expanded (self->advanced_row))
    add_advanced_hint (self);
}

/**
 * beckon_sign_in_page_show_error:
 * @server_url: (nullable): the server to fill in, %NULL to keep the field
 * @user: (nullable): the SIP address to fill in, %NULL to keep the field
 * @error: why signing in failed
 *
 * As beckon_sign_in_page_show() with @error in the user's words, and the
 * focus on the field to fix: the password when it is wrong; the server
 * address (expanded) when the server could not be reached or is not a
 * Skype for Business server, or the SIP address when the server was to be
 * found from it.  A refused certificate's offer comes after
 * (beckon_sign_in_page_show_untrusted_certificate()).
 */
void
beckon_sign_in_page_show_error (BeckonSignInPage *self,
                                const char       *server_url,
                                const char       *user,
                                const GError     *error)
{
  g_autofree char *message = NULL;

  g_return_if_fail (BECKON_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (error != NULL);

  message = beckon_error_message_for_session (error);
  beckon_sign_in_page_show (self, server_url, user, message);
  if (g_error_matches (error, UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED))
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else if (beckon_error_is_about_server_address (error))
    {
      focus_server_address (self);
      /* Another server would not make a certificate trusted. */
      if (error->domain != G_TLS_ERROR)
        add_advanced_hint (self);
    }
}

/**
 * beckon_sign_in_page_finish:
 *
 * The sign-in is over and the page leaves the screen: the password typed
 * is cleared (signed in, the keyring keeps it, not the window), the page
 * is no longer busy and says nothing.
 */
static void
finish (BeckonSignInPage *self)
{
  self->finish_pending = FALSE;
  clear_password (self);
  set_signing_in (self, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

void
beckon_sign_in_page_finish (BeckonSignInPage *self)
{
  g_return_if_fail (BECKON_IS_SIGN_IN_PAGE (self));

  /* The sign-in's outcome may come before the copy that says it ended
   * (the copy is a turn of the core behind): the steps are shown to their
   * end first, then the page is done. */
  if (self->signing_in && self->account != NULL &&
      beckon_account_copy_get_session_state (self->account) == UCWA_SESSION_STATE_SIGNING_IN)
    {
      self->finish_pending = TRUE;
      return;
    }
  finish (self);
}

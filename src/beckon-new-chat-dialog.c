/* beckon-new-chat-dialog.c: the New Chat dialog: find a person, start a chat
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A search field over the server's people search (ucwa_session_search_async(),
 * by name or address) and the people it finds, with their address and
 * presence.  The search goes out once typing pauses (the search entry's
 * delay), so a name typed quickly costs one request; a newer search cancels
 * the one under way.  Choosing someone is "chat-requested": the application
 * starts the chat (beckon-chat-start.c) and the dialog closes.
 *
 * On the GTK thread: the search runs on the core, through the account's
 * copy (beckon_account_copy_search_people_async()), and the people found
 * come back as contacts of their own, which only this dialog holds.
 */

#include "config.h"

#include "beckon-new-chat-dialog.h"

#include <glib/gi18n.h>
#include <string.h>

#include "beckon-error-messages.h"

#define DEFAULT_SEARCH_DELAY_MS 300
#define MAX_RESULTS             20

struct _BeckonNewChatDialog
{
  AdwWindow parent_instance;

  GtkSearchEntry *search_entry;
  GtkSpinner     *spinner;
  GtkLabel       *status_label;
  GtkListBox     *result_list;

  BeckonAccountCopy *account; /* its search runs on the core */
  GListStore        *results; /* UcwaContact */
  GCancellable      *cancellable;
  guint              n_searches;
};

G_DEFINE_FINAL_TYPE (BeckonNewChatDialog, beckon_new_chat_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CHAT_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The server's Availability (presence_ref.md) in the user's words. */
static const char *
availability_text (const char *availability)
{
  static const struct
  {
    const char *value;
    const char *text;
  } texts[] = {
    { "Online", N_ ("Available") },
    { "IdleOnline", N_ ("Inactive") },
    { "Busy", N_ ("Busy") },
    { "IdleBusy", N_ ("Busy") },
    { "DoNotDisturb", N_ ("Do not disturb") },
    { "BeRightBack", N_ ("Be right back") },
    { "Away", N_ ("Away") },
    { "Offline", N_ ("Offline") },
  };

  for (guint i = 0; availability != NULL && i < G_N_ELEMENTS (texts); i++)
    if (g_ascii_strcasecmp (availability, texts[i].value) == 0)
      return _ (texts[i].text);
  /* Translators: a person's presence when the server does not say */
  return _ ("Presence unknown");
}

static void
set_status (BeckonNewChatDialog *self,
            const char          *text,
            gboolean             busy)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

/* An empty boxed list still draws its frame. */
static void
results_changed_cb (BeckonNewChatDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->result_list), g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0);
}

static GtkWidget *
create_result_row (gpointer item,
                   gpointer user_data)
{
  UcwaContact *contact = UCWA_CONTACT (item);
  const char  *uri = ucwa_contact_get_uri (contact);
  GtkWidget   *row = adw_action_row_new ();
  GtkWidget   *presence = gtk_label_new (availability_text (ucwa_contact_get_availability (contact)));

  if (g_str_has_prefix (uri, "sip:"))
    uri += strlen ("sip:");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ucwa_contact_get_name (contact));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), uri);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_add_css_class (presence, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), presence);
  return row;
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (BeckonNewChatDialog) self = user_data;
  g_autoptr (GError)              error = NULL;
  g_autoptr (GListModel)          contacts = NULL;
  guint                           n;

  contacts = beckon_account_copy_search_people_finish (BECKON_ACCOUNT_COPY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (contacts == NULL)
    {
      g_autofree char *message = beckon_error_message_for_session (error);

      g_debug ("People search failed: %s", error->message);
      g_list_store_remove_all (self->results);
      set_status (self, message, FALSE);
      return;
    }

  n = g_list_model_get_n_items (contacts);
  g_list_store_remove_all (self->results);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (UcwaContact) contact = g_list_model_get_item (contacts, i);

      g_list_store_append (self->results, contact);
    }
  set_status (self, n == 0 ? _ ("No one found") : NULL, FALSE);
}

static void
search_changed_cb (BeckonNewChatDialog *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (query[strspn (query, " \t\n")] == '\0')
    {
      g_list_store_remove_all (self->results);
      set_status (self, NULL, FALSE);
      return;
    }

  self->n_searches++;
  self->cancellable = g_cancellable_new ();
  set_status (self, _ ("Searching…"), TRUE);
  beckon_account_copy_search_people_async (self->account, query, MAX_RESULTS, self->cancellable, search_cb,
                                           g_object_ref (self));
}

static void
choose (BeckonNewChatDialog *self,
        guint                position)
{
  g_autoptr (UcwaContact) contact = g_list_model_get_item (G_LIST_MODEL (self->results), position);

  if (contact == NULL)
    return;
  g_signal_emit (self, signals[SIGNAL_CHAT_REQUESTED], 0, ucwa_contact_get_uri (contact),
                 ucwa_contact_get_name (contact));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
row_activated_cb (BeckonNewChatDialog *self,
                  GtkListBoxRow       *row)
{
  choose (self, gtk_list_box_row_get_index (row));
}

/* Enter: the only one found. */
static void
search_activate_cb (BeckonNewChatDialog *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) == 1)
    choose (self, 0);
}

static void
beckon_new_chat_dialog_dispose (GObject *object)
{
  BeckonNewChatDialog *self = BECKON_NEW_CHAT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->result_list != NULL)
    gtk_list_box_bind_model (self->result_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->results);
  g_clear_object (&self->account);
  gtk_widget_dispose_template (GTK_WIDGET (self), BECKON_TYPE_NEW_CHAT_DIALOG);

  G_OBJECT_CLASS (beckon_new_chat_dialog_parent_class)->dispose (object);
}

static void
beckon_new_chat_dialog_class_init (BeckonNewChatDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = beckon_new_chat_dialog_dispose;

  signals[SIGNAL_CHAT_REQUESTED] =
    g_signal_new ("chat-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/beckon/Beckon/beckon-new-chat-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BeckonNewChatDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BeckonNewChatDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, BeckonNewChatDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonNewChatDialog, result_list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, gtk_window_destroy);
}

static void
beckon_new_chat_dialog_init (BeckonNewChatDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->results = g_list_store_new (UCWA_TYPE_CONTACT);
  gtk_list_box_bind_model (self->result_list, G_LIST_MODEL (self->results), create_result_row, self, NULL);
  g_signal_connect_object (self->results, "items-changed", G_CALLBACK (results_changed_cb), self, G_CONNECT_SWAPPED);
  results_changed_cb (self);
  gtk_search_entry_set_search_delay (self->search_entry, DEFAULT_SEARCH_DELAY_MS);
}

BeckonNewChatDialog *
beckon_new_chat_dialog_new (GtkWindow         *parent,
                            BeckonAccountCopy *account)
{
  BeckonNewChatDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (account), NULL);

  self = g_object_new (BECKON_TYPE_NEW_CHAT_DIALOG, "transient-for", parent, NULL);
  self->account = g_object_ref (account);
  return self;
}

void
beckon_new_chat_dialog_set_search_delay (BeckonNewChatDialog *self,
                                         guint                milliseconds)
{
  g_return_if_fail (BECKON_IS_NEW_CHAT_DIALOG (self));

  gtk_search_entry_set_search_delay (self->search_entry, milliseconds);
}

GListModel *
beckon_new_chat_dialog_get_results (BeckonNewChatDialog *self)
{
  g_return_val_if_fail (BECKON_IS_NEW_CHAT_DIALOG (self), NULL);

  return G_LIST_MODEL (self->results);
}

guint
beckon_new_chat_dialog_get_n_searches (BeckonNewChatDialog *self)
{
  g_return_val_if_fail (BECKON_IS_NEW_CHAT_DIALOG (self), 0);

  return self->n_searches;
}

gboolean
beckon_new_chat_dialog_get_searching (BeckonNewChatDialog *self)
{
  g_return_val_if_fail (BECKON_IS_NEW_CHAT_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}

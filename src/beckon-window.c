/* beckon-window.c: the main window: account status and invitations
 *
 * Three pages: "sign-in" (BeckonSignInPage), "empty" and "invitations";
 * the window moves between the last two by itself as invitations come and
 * go.  Above them a
 * banner says why the account is not online (AdwBanner is libadwaita 1.3).
 *
 * The invitations are a recycling list over the account's model: it makes
 * rows for what is on screen only and gives them other items as the list
 * scrolls (beckon_invitation_row_bind()), so a long history costs no more
 * widgets than a short one.  It is a GtkGridView of one column, not a
 * GtkListView: GTK 4.8's GtkListView keeps 200 rows alive whatever its
 * height (GTK_LIST_VIEW_MAX_LIST_ITEMS), and building, styling and
 * measuring 200 of these rows takes most of a second (bench-window-list);
 * the grid view keeps 30 rows and a few.  It presents itself as the list
 * it is.
 *
 * Owner's thread (GTK) only: the window shows the account's copy
 * (BeckonAccountCopy, its BeckonInvitationCopy rows), never the core's
 * account or session, and answers through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "beckon-window.h"
#include "beckon-window-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "beckon-invitation-row.h"
#include "beckon-resources.h"
#include "beckon-sign-in-page.h"
#include "beckon-status-button.h"

#define ICONS_RESOURCE_PATH "/io/github/beckon/Beckon/icons"

struct _BeckonWindow
{
  AdwApplicationWindow parent_instance;

  AdwWindowTitle   *window_title;
  GtkRevealer      *status_revealer;
  GtkSpinner       *status_spinner;
  GtkWidget        *status_icon;
  GtkLabel         *status_label;
  GtkStack         *stack;
  BeckonSignInPage *sign_in_page;
  GtkGridView      *invitation_list;

  BeckonAccountCopy *account;
  GListModel        *invitations;
  GSettings         *settings; /* NULL when the schema is not installed */
  guint              hide_banner_id;

  AdwToastOverlay *toast_overlay;
  AdwToast        *notice; /* the notice on screen, until dismissed (weak) */

  BeckonStatusButton *status_button;

  GPtrArray *spare_rows; /* BeckonInvitationRow, out of the list (setup_row_cb()) */

  BeckonInvitationCopy *to_select; /* until the list has its size (select_when_laid_out_cb()) */
  guint                 select_tick_id;
};

G_DEFINE_FINAL_TYPE (BeckonWindow, beckon_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  SIGNAL_SIGN_IN_REQUESTED,
  SIGNAL_SIGN_OUT_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_sign_in_page (BeckonWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "sign-in") == 0;
}

/* The banner */

/* A session that drops and recovers over and over would make the banner
 * flicker: it goes only once the account has stayed online a while. */
#define BANNER_HIDE_DELAY_MS 1500

static gboolean
hide_banner_cb (gpointer user_data)
{
  BeckonWindow *self = user_data;

  self->hide_banner_id = 0;
  gtk_revealer_set_reveal_child (self->status_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

static void
update_status (BeckonWindow *self)
{
  const char *text = NULL;
  gboolean    online = FALSE;
  gboolean    connecting = FALSE;
  const char *name = NULL;

  if (self->account != NULL)
    {
      UcwaSessionState state = beckon_account_copy_get_session_state (self->account);

      text = beckon_account_copy_get_status_text (self->account);
      online = beckon_account_copy_get_online (self->account);
      connecting = state == UCWA_SESSION_STATE_SIGNING_IN || state == UCWA_SESSION_STATE_RECONNECTING;
      name = beckon_account_copy_get_display_name (self->account);
      if (name == NULL || *name == '\0')
        name = beckon_account_copy_get_user (self->account);
    }

  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), connecting);
  gtk_spinner_set_spinning (self->status_spinner, connecting);
  gtk_widget_set_visible (self->status_icon, !connecting && !online);

  /* Online needs no banner; the sign-in page shows its own error. */
  if (self->account != NULL && !online && text != NULL && *text != '\0' && !is_sign_in_page (self))
    {
      g_clear_handle_id (&self->hide_banner_id, g_source_remove);
      gtk_revealer_set_reveal_child (self->status_revealer, TRUE);
    }
  else if (self->account == NULL || is_sign_in_page (self))
    {
      g_clear_handle_id (&self->hide_banner_id, g_source_remove);
      gtk_revealer_set_reveal_child (self->status_revealer, FALSE);
    }
  else if (gtk_revealer_get_reveal_child (self->status_revealer) && self->hide_banner_id == 0)
    self->hide_banner_id = g_timeout_add (BANNER_HIDE_DELAY_MS, hide_banner_cb, self);

  adw_window_title_set_subtitle (self->window_title,
                                 self->account != NULL && !is_sign_in_page (self) && name != NULL ? name : "");
}

/* Pages */

static void
update_page (BeckonWindow *self)
{
  gboolean empty;

  if (is_sign_in_page (self))
    return;

  empty = self->invitations == NULL || g_list_model_get_n_items (self->invitations) == 0;
  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "invitations");
}

/* The page asked: the window's own signal says it, as before the page had
 * a file of its own. */
static void
sign_in_requested_cb (BeckonWindow *self,
                      const char   *server_url,
                      const char   *user,
                      const char   *password)
{
  g_signal_emit (self, signals[SIGNAL_SIGN_IN_REQUESTED], 0, server_url, user, password);
}

static void
sign_out_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  BeckonWindow *self = user_data;

  g_signal_emit (self, signals[SIGNAL_SIGN_OUT_REQUESTED], 0);
}

static void
update_actions (BeckonWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "sign-out");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->account != NULL);
}

/* An untrusted certificate */

/**
 * beckon_window_show_untrusted_certificate:
 * @certificate: (nullable): the server certificate that was refused
 *
 * Shows on the sign-in page who @certificate names, who issued it and its
 * fingerprint, and offers to trust a certificate authority (which takes
 * the focus); %NULL hides them.  Call it after beckon_window_show_sign_in(),
 * which hides them.
 */
void
beckon_window_show_untrusted_certificate (BeckonWindow    *self,
                                          GTlsCertificate *certificate)
{
  g_return_if_fail (BECKON_IS_WINDOW (self));

  beckon_sign_in_page_show_untrusted_certificate (self->sign_in_page, certificate);
}

/**
 * beckon_window_trust_ca_file:
 * @file: the certificate authority the user chose
 *
 * What choosing a file after "Trust This Certificate Authority…" does: the
 * account trusts it and the page signs in again at once; or the page says
 * why not, and nothing changes.
 *
 * Returns: whether @file is trusted now
 */
gboolean
beckon_window_trust_ca_file (BeckonWindow *self,
                             GFile        *file)
{
  g_return_val_if_fail (BECKON_IS_WINDOW (self), FALSE);

  return beckon_sign_in_page_trust_ca_file (self->sign_in_page, file);
}

/* The list */

static void
set_css_class (GtkWidget  *widget,
               const char *css_class,
               gboolean    set)
{
  if (set)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

/* The look of a boxed list takes knowing the first and the last row, which
 * :first-child cannot tell in a recycling list: it holds the rows on screen
 * only.  The classes go on the list's row, the node the style sheet sees. */
static void
update_row_ends (GtkWidget            *row,
                 BeckonInvitationCopy *first,
                 BeckonInvitationCopy *last)
{
  GtkWidget            *list_row = gtk_widget_get_parent (row);
  BeckonInvitationCopy *item = beckon_invitation_row_get_item (BECKON_INVITATION_ROW (row));

  if (list_row == NULL)
    return;
  set_css_class (list_row, "first", item != NULL && item == first);
  set_css_class (list_row, "last", item != NULL && item == last);
}

static BeckonInvitationCopy *
dup_item_at (GListModel *model,
             guint       position)
{
  if (model == NULL || position >= g_list_model_get_n_items (model))
    return NULL;
  return g_list_model_get_item (model, position);
}

static void
update_rows_ends (BeckonWindow *self)
{
  guint                            n = self->invitations != NULL ? g_list_model_get_n_items (self->invitations) : 0;
  g_autoptr (BeckonInvitationCopy) first = dup_item_at (self->invitations, 0);
  g_autoptr (BeckonInvitationCopy) last = dup_item_at (self->invitations, n - 1);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->invitation_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (BECKON_IS_INVITATION_ROW (row))
        update_row_ends (row, first, last);
    }
}

/* A row is made once and shows one item after another, in one list item
 * or, over its life, several: GTK 4.8 gives each invitation inserted at
 * the top a new list item and destroys the one that falls off the bottom
 * of the view, so without the spares every invitation would build a row
 * from its template (twenty widgets) and destroy another.  A row going out
 * (teardown_row_cb()) waits here for the next list item instead. */
#define MAX_SPARE_ROWS 4
/* The list item's row, held here too: GTK 4.8's list item lets go of its
 * child before "teardown" is emitted. */
#define ROW_KEY "beckon-invitation-row"

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              BeckonWindow             *self)
{
  GtkWidget *row = NULL;

  /* The buttons answer; the row opens what the invitation led to (see
   * invitation_activated_cb()).  Nothing to select (the row takes the
   * focus by itself, see BeckonInvitationRow). */
  gtk_list_item_set_activatable (list_item, TRUE);
  gtk_list_item_set_selectable (list_item, FALSE);
  if (self->spare_rows != NULL && self->spare_rows->len > 0)
    row = g_ptr_array_steal_index_fast (self->spare_rows, self->spare_rows->len - 1);
  else
    row = g_object_ref_sink (beckon_invitation_row_new (NULL, NULL));
  gtk_list_item_set_child (list_item, row);
  g_object_set_data_full (G_OBJECT (list_item), ROW_KEY, row, g_object_unref);
}

static void
teardown_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 BeckonWindow             *self)
{
  GtkWidget *row = g_object_steal_data (G_OBJECT (list_item), ROW_KEY);

  if (row == NULL)
    return;
  if (self->spare_rows == NULL || self->spare_rows->len >= MAX_SPARE_ROWS || gtk_widget_get_parent (row) != NULL)
    {
      g_object_unref (row);
      return;
    }
  /* A spare shows nothing: no item of the account's to follow meanwhile. */
  beckon_invitation_row_bind (BECKON_INVITATION_ROW (row), NULL, NULL);
  g_ptr_array_add (self->spare_rows, row);
}

/* A conversation's row: its window while it lasts, its history once it
 * ended (app.open-conversation decides which). */
static void
invitation_activated_cb (BeckonWindow *self,
                         guint         position)
{
  GListModel                      *model = G_LIST_MODEL (gtk_grid_view_get_model (self->invitation_list));
  g_autoptr (BeckonInvitationCopy) item = g_list_model_get_item (model, position);
  const char                      *key = item != NULL ? beckon_invitation_copy_get_conversation_key (item) : NULL;

  if (key != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.open-conversation", "s", key);
}

/* No "unbind": the row keeps its item until it is given another or is
 * destroyed.  GTK 4.8 unbinds and binds again every row whose position
 * moves, so each invitation inserted at the top would otherwise rebuild
 * every row on screen (their bindings, handlers, times and tooltips); with
 * the item kept, binding a row to the item it shows costs nothing
 * (beckon_invitation_row_bind()). */
static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             BeckonWindow             *self)
{
  GtkWidget                       *row = gtk_list_item_get_child (list_item);
  guint                            n = g_list_model_get_n_items (self->invitations);
  g_autoptr (BeckonInvitationCopy) first = dup_item_at (self->invitations, 0);
  g_autoptr (BeckonInvitationCopy) last = dup_item_at (self->invitations, n - 1);

  beckon_invitation_row_bind (BECKON_INVITATION_ROW (row), self->account, gtk_list_item_get_item (list_item));
  update_row_ends (row, first, last);
}

static void
invitations_changed_cb (BeckonWindow *self)
{
  update_page (self);
  update_rows_ends (self);
}

/* A list read from the top shows the newest invitation: GTK keeps the row
 * at the top of the view where it is when an item is inserted above it,
 * so without this every invitation would push the list down by a row and
 * the new ones would pile up out of view.  Scrolled down to older ones,
 * the user keeps their place.  Runs after the list has taken the change
 * (connected after), before it is laid out again: the adjustment still
 * says where the view was. */
static void
keep_newest_in_view_cb (BeckonWindow *self,
                        guint         position,
                        guint         removed,
                        guint         added)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->invitation_list));

  if (position == 0 && added > 0 && adjustment != NULL && gtk_adjustment_get_value (adjustment) <= 0)
    gtk_widget_activate_action (GTK_WIDGET (self->invitation_list), "list.scroll-to-item", "u", 0);
}

static void
set_invitations (BeckonWindow *self,
                 GListModel   *invitations)
{
  g_autoptr (GtkSelectionModel) selection = NULL;

  if (invitations == NULL)
    return;

  self->invitations = g_object_ref (invitations);
  g_signal_connect_object (invitations, "items-changed", G_CALLBACK (invitations_changed_cb), self, G_CONNECT_SWAPPED);
  /* Nothing to select: the rows are there to be read and answered. */
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (invitations)));
  gtk_grid_view_set_model (self->invitation_list, selection);
  g_signal_connect_object (invitations, "items-changed", G_CALLBACK (keep_newest_in_view_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
disconnect_account (BeckonWindow *self)
{
  /* Also runs from dispose, possibly twice: the template may be gone. */
  if (self->invitation_list != NULL)
    gtk_grid_view_set_model (self->invitation_list, NULL);

  if (self->invitations != NULL)
    g_signal_handlers_disconnect_by_data (self->invitations, self);
  g_clear_object (&self->invitations);

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);
}

/* Window state */

static void
load_window_state (BeckonWindow *self)
{
  GSettingsSchemaSource      *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  /* Uninstalled runs and tests may have no schema: not worth a crash. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return;

  self->settings = g_settings_new_full (schema, NULL, NULL);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (BeckonWindow *self)
{
  int width = 0;
  int height = 0;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
beckon_window_close_request (GtkWindow *window)
{
  save_window_state (BECKON_WINDOW (window));

  return GTK_WINDOW_CLASS (beckon_window_parent_class)->close_request (window);
}

static void
beckon_window_dispose (GObject *object)
{
  BeckonWindow *self = BECKON_WINDOW (object);

  disconnect_account (self);
  g_clear_weak_pointer (&self->notice);
  g_clear_object (&self->settings);
  g_clear_handle_id (&self->hide_banner_id, g_source_remove);
  if (self->select_tick_id != 0 && self->invitation_list != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->invitation_list), self->select_tick_id);
  self->select_tick_id = 0;
  g_clear_object (&self->to_select);

  gtk_widget_dispose_template (GTK_WIDGET (self), BECKON_TYPE_WINDOW);
  /* After the list: the rows it gives back meanwhile are destroyed with it. */
  g_clear_pointer (&self->spare_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (beckon_window_parent_class)->dispose (object);
}

static void
beckon_window_class_init (BeckonWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = beckon_window_dispose;
  window_class->close_request = beckon_window_close_request;

  /**
   * BeckonWindow::sign-in-requested:
   *
   * BeckonSignInPage::sign-in-requested, passed on: the page stays busy
   * until beckon_window_show_sign_in() or beckon_window_set_account() is
   * called.
   */
  signals[SIGNAL_SIGN_IN_REQUESTED] = beckon_sign_in_requested_signal_new (G_TYPE_FROM_CLASS (klass));

  /**
   * BeckonWindow::sign-out-requested:
   *
   * The user chose Sign Out (the `win.sign-out` action).
   */
  signals[SIGNAL_SIGN_OUT_REQUESTED] =
    g_signal_new ("sign-out-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* Referencing the resource links it, and with it its constructor that
   * registers it, into programs that link the static library. */
  (void) beckon_get_resource ();
  g_type_ensure (BECKON_TYPE_SIGN_IN_PAGE);
  g_type_ensure (BECKON_TYPE_STATUS_BUTTON);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/beckon/Beckon/beckon-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BeckonWindow, status_button);
  gtk_widget_class_bind_template_child (widget_class, BeckonWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BeckonWindow, status_revealer);
  gtk_widget_class_bind_template_child (widget_class, BeckonWindow, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, BeckonWindow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, BeckonWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, BeckonWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, BeckonWindow, invitation_list);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_requested_cb);
}

static void
beckon_window_init (BeckonWindow *self)
{
  static const GActionEntry actions[] = {
    { "sign-out", sign_out_activated, NULL, NULL, NULL, { 0 } },
  };
  GtkIconTheme                  *icon_theme;
  g_autoptr (GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->spare_rows = g_ptr_array_new_with_free_func (g_object_unref);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row_cb), self, 0);
  g_signal_connect_object (factory, "teardown", G_CALLBACK (teardown_row_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, 0);
  gtk_grid_view_set_factory (self->invitation_list, factory);
  gtk_grid_view_set_single_click_activate (self->invitation_list, TRUE);
  g_signal_connect_object (self->invitation_list, "activate", G_CALLBACK (invitation_activated_cb), self,
                           G_CONNECT_SWAPPED);

  /* Notices (a password not saved) float over whatever page is shown: the
   * overlay wraps the template's content. */
  self->toast_overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  {
    g_autoptr (GtkWidget) content = g_object_ref (adw_application_window_get_content (ADW_APPLICATION_WINDOW (self)));

    adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), GTK_WIDGET (self->toast_overlay));
    adw_toast_overlay_set_child (self->toast_overlay, content);
  }

  /* The app icon ships in the resource; an application with another ID
   * (the tests) does not look there by itself. */
  icon_theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  if (!gtk_icon_theme_has_icon (icon_theme, APP_ID "-symbolic"))
    gtk_icon_theme_add_resource_path (icon_theme, ICONS_RESOURCE_PATH);

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  update_actions (self);

  g_signal_connect_object (self->stack, "notify::visible-child", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);

  load_window_state (self);
  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  update_status (self);
}

/**
 * beckon_window_new:
 * @application: the application
 *
 * Returns: (transfer full): a new main window, on its sign-in page
 */
BeckonWindow *
beckon_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (BECKON_TYPE_WINDOW, "application", application, NULL);
}

/**
 * beckon_window_set_account:
 * @account: (nullable): the signed-in account's copy, or %NULL after
 *   signing out
 *
 * Shows @account's status and invitations.  With an account the window
 * leaves the sign-in page for the invitations; without one it goes back
 * to the sign-in page.
 */
void
beckon_window_set_account (BeckonWindow      *self,
                           BeckonAccountCopy *account)
{
  static const char *const shown[] = { "status-text", "online", "session-state", "display-name", "user" };

  g_return_if_fail (BECKON_IS_WINDOW (self));
  g_return_if_fail (account == NULL || BECKON_IS_ACCOUNT_COPY (account));

  if (self->account == account)
    return;

  disconnect_account (self);

  if (account != NULL)
    {
      self->account = g_object_ref (account);
      for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
        {
          g_autofree char *detailed = g_strconcat ("notify::", shown[i], NULL);

          g_signal_connect_object (account, detailed, G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
        }
      set_invitations (self, beckon_account_copy_get_invitations (account));
    }
  beckon_sign_in_page_set_account (self->sign_in_page, account);
  beckon_status_button_set_account (self->status_button, account);

  update_actions (self);

  if (account != NULL)
    beckon_window_show_invitations (self);
  else
    beckon_window_show_sign_in (self, NULL, NULL, NULL);
}

/**
 * beckon_window_set_trusted_ca:
 * @trusted_ca: (nullable): the account's certificate authority
 *
 * What the sign-in page's "Trust This Certificate Authority…" sets (see
 * beckon_sign_in_page_set_trusted_ca()).
 */
void
beckon_window_set_trusted_ca (BeckonWindow    *self,
                              BeckonTrustedCa *trusted_ca)
{
  g_return_if_fail (BECKON_IS_WINDOW (self));

  beckon_sign_in_page_set_trusted_ca (self->sign_in_page, trusted_ca);
}

/**
 * beckon_window_show_sign_in:
 * @server_url: (nullable): the server to fill in, %NULL to keep the field
 * @user: (nullable): the SIP address to fill in, %NULL to keep the field
 * @error_message: (nullable): why signing in failed
 *
 * Shows the sign-in page.  Without an error (after signing out) the
 * password field is cleared; with one it keeps what was typed.
 */
void
beckon_window_show_sign_in (BeckonWindow *self,
                            const char   *server_url,
                            const char   *user,
                            const char   *error_message)
{
  g_return_if_fail (BECKON_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  beckon_sign_in_page_show (self->sign_in_page, server_url, user, error_message);
  update_status (self);
}

/**
 * beckon_window_show_sign_in_note:
 * @note: (nullable): what the sign-in in progress is waiting for
 *
 * Says on the sign-in page, if it is on screen, why a sign-in in progress
 * takes long (see beckon_sign_in_page_show_note()).
 */
void
beckon_window_show_sign_in_note (BeckonWindow *self,
                                 const char   *note)
{
  g_return_if_fail (BECKON_IS_WINDOW (self));

  if (!is_sign_in_page (self))
    return;

  beckon_sign_in_page_show_note (self->sign_in_page, note);
}

/**
 * beckon_window_show_sign_in_error:
 * @server_url: (nullable): the server to fill in, %NULL to keep the field
 * @user: (nullable): the SIP address to fill in, %NULL to keep the field
 * @error: why signing in failed
 *
 * Shows the sign-in page with @error in the user's words and the focus on
 * the field to fix (see beckon_sign_in_page_show_error()).
 */
void
beckon_window_show_sign_in_error (BeckonWindow *self,
                                  const char   *server_url,
                                  const char   *user,
                                  const GError *error)
{
  g_return_if_fail (BECKON_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  beckon_sign_in_page_show_error (self->sign_in_page, server_url, user, error);
  update_status (self);
}

/**
 * beckon_window_show_invitations:
 *
 * Shows the invitations, or the empty page when there are none.  The
 * password typed on the sign-in page is cleared: signed in, the keyring
 * keeps it, not the window.
 */
void
beckon_window_show_invitations (BeckonWindow *self)
{
  g_return_if_fail (BECKON_IS_WINDOW (self));

  beckon_sign_in_page_finish (self->sign_in_page);
  /* Leave the sign-in page, then let update_page() pick the right one. */
  gtk_stack_set_visible_child_name (self->stack, "empty");
  update_page (self);
  update_status (self);
}

/* Brings @item's row on screen and gives it the focus.  Returns whether
 * the list has @item. */
static gboolean
scroll_to_and_focus (BeckonWindow         *self,
                     BeckonInvitationCopy *item)
{
  guint n = g_list_model_get_n_items (self->invitations);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BeckonInvitationCopy) candidate = g_list_model_get_item (self->invitations, i);

      if (candidate == item)
        {
          GtkWidget *row;

          /* GTK 4.8 has no gtk_grid_view_scroll_to(): the list's action
           * brings the item on screen, so that it has a row to focus. */
          gtk_widget_activate_action (GTK_WIDGET (self->invitation_list), "list.scroll-to-item", "u", i);
          row = beckon_window_get_invitation_row (self, item);
          if (row != NULL)
            gtk_widget_grab_focus (row);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
select_when_laid_out_cb (GtkWidget     *list,
                         GdkFrameClock *frame_clock,
                         gpointer       user_data)
{
  BeckonWindow                    *self = BECKON_WINDOW (user_data);
  g_autoptr (BeckonInvitationCopy) item = NULL;

  if (gtk_widget_get_height (list) == 0)
    return G_SOURCE_CONTINUE;

  self->select_tick_id = 0;
  item = g_steal_pointer (&self->to_select);
  if (item != NULL && self->invitations != NULL)
    scroll_to_and_focus (self, item);
  return G_SOURCE_REMOVE;
}

/**
 * beckon_window_select_invitation:
 * @item: an invitation of the account
 *
 * Shows the invitations page, scrolls to @item's row and focuses it,
 * e.g. after the user clicked its notification.
 */
void
beckon_window_select_invitation (BeckonWindow         *self,
                                 BeckonInvitationCopy *item)
{
  g_return_if_fail (BECKON_IS_WINDOW (self));
  g_return_if_fail (BECKON_IS_INVITATION_COPY (item));

  if (self->invitations == NULL)
    return;

  beckon_window_show_invitations (self);
  if (!scroll_to_and_focus (self, item))
    return;

  /* A list that has not been laid out yet (the window was opened for this,
   * by a click on a notification) cannot scroll: it does so once it has
   * its size. */
  if (gtk_widget_get_height (GTK_WIDGET (self->invitation_list)) > 0)
    return;
  g_set_object (&self->to_select, item);
  if (self->select_tick_id == 0)
    self->select_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->invitation_list),
                                                         select_when_laid_out_cb, self, NULL);
}

/**
 * beckon_window_get_invitation_row:
 * @item: an invitation
 *
 * Returns: (transfer none) (nullable): the BeckonInvitationRow showing
 *   @item now, if it has one: the list only has rows for what is on screen
 */
GtkWidget *
beckon_window_get_invitation_row (BeckonWindow         *self,
                                  BeckonInvitationCopy *item)
{
  g_return_val_if_fail (BECKON_IS_WINDOW (self), NULL);
  g_return_val_if_fail (BECKON_IS_INVITATION_COPY (item), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->invitation_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (BECKON_IS_INVITATION_ROW (row) && beckon_invitation_row_get_item (BECKON_INVITATION_ROW (row)) == item)
        return row;
    }
  return NULL;
}

/**
 * beckon_window_get_invitation_list:
 *
 * Returns: (transfer none): the list of the invitations page
 */
GtkGridView *
beckon_window_get_invitation_list (BeckonWindow *self)
{
  g_return_val_if_fail (BECKON_IS_WINDOW (self), NULL);

  return self->invitation_list;
}

/**
 * beckon_window_get_sign_in_page:
 *
 * Returns: (transfer none): the sign-in page
 */
BeckonSignInPage *
beckon_window_get_sign_in_page (BeckonWindow *self)
{
  g_return_val_if_fail (BECKON_IS_WINDOW (self), NULL);

  return self->sign_in_page;
}

/**
 * beckon_window_show_invitation_model:
 * @invitations: a list of BeckonInvitationCopy
 *
 * Shows @invitations with no account (signed out: nothing can be
 * answered), as the benchmarks do with more history than an account keeps.
 */
void
beckon_window_show_invitation_model (BeckonWindow *self,
                                     GListModel   *invitations)
{
  g_return_if_fail (BECKON_IS_WINDOW (self));
  g_return_if_fail (G_IS_LIST_MODEL (invitations));

  disconnect_account (self);
  set_invitations (self, invitations);
  update_actions (self);
  beckon_window_show_invitations (self);
}

static void
notice_dismissed_cb (AdwToast     *toast,
                     BeckonWindow *self)
{
  if (self->notice == toast)
    g_clear_weak_pointer (&self->notice);
}

/**
 * beckon_window_show_notice:
 * @message: (translated): what the user should know, and why
 *
 * Shows @message over the window until the user dismisses it: something
 * that went wrong in the background and that the user would otherwise only
 * notice later (the password asked for again at the next start).
 */
void
beckon_window_show_notice (BeckonWindow *self,
                           const char   *message)
{
  AdwToast *toast;

  g_return_if_fail (BECKON_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  if (self->notice != NULL)
    adw_toast_dismiss (self->notice);

  toast = adw_toast_new (message);
  /* Not on a timer: it may appear while the user looks elsewhere. */
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (notice_dismissed_cb), self, 0);
  g_set_weak_pointer (&self->notice, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * beckon_window_get_notice:
 *
 * Returns: (nullable): the text of the notice on screen, if any
 */
const char *
beckon_window_get_notice (BeckonWindow *self)
{
  g_return_val_if_fail (BECKON_IS_WINDOW (self), NULL);

  return self->notice != NULL ? adw_toast_get_title (self->notice) : NULL;
}

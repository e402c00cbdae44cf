/* beckon-status-button.c: the user's availability in the main window's header
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows what the server reports, never what was asked: a choice that the
 * server refuses or changes (Off Work shows as Away, a meeting as Busy)
 * shows as the server has it once it answers.
 *
 * Its widgets and its menu are beckon-status-button.ui's.
 *
 * Owner's thread (GTK) only: it reads the account's copy (the presence as
 * the core last copied it) and asks the core through it.
 */

#include "config.h"

#include "beckon-status-button.h"

#include <glib/gi18n.h>

struct _BeckonStatusButton
{
  GtkWidget parent_instance;

  GtkMenuButton     *button;
  GMenu             *menu;
  BeckonAccountCopy *account;
};

G_DEFINE_FINAL_TYPE (BeckonStatusButton, beckon_status_button, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

/* Availability_ref.md's values, in the user's words: the first five are
 * the menu's choices (beckon-status-button.ui), the others only the
 * server sets. */
static const struct
{
  const char *availability;
  const char *label;
} states[] = {
  { UCWA_AVAILABILITY_ONLINE, N_ ("Available") },
  { UCWA_AVAILABILITY_BUSY, N_ ("Busy") },
  { UCWA_AVAILABILITY_DO_NOT_DISTURB, N_ ("Do not disturb") },
  { UCWA_AVAILABILITY_BE_RIGHT_BACK, N_ ("Be right back") },
  { UCWA_AVAILABILITY_AWAY, N_ ("Away") },
  /* Translators: the user's availability, set by the server after a while without activity */
  { UCWA_AVAILABILITY_IDLE_ONLINE, N_ ("Inactive") },
  /* Translators: the user's availability, busy and without activity for a while */
  { UCWA_AVAILABILITY_IDLE_BUSY, N_ ("Busy, inactive") },
  { UCWA_AVAILABILITY_OFFLINE, N_ ("Offline") },
};

static void
update (BeckonStatusButton *self)
{
  const char *availability = self->account != NULL ? beckon_account_copy_get_availability (self->account) : NULL;
  const char *label = NULL;

  for (guint i = 0; availability != NULL && i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (availability, states[i].availability))
      label = _ (states[i].label);

  /* A value newer than this client: the server's word for it. */
  if (label == NULL)
    label = availability != NULL ? availability : _ ("Offline");
  gtk_menu_button_set_label (self->button, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button),
                               self->account != NULL ? beckon_account_copy_get_activity (self->account) : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "status.set",
                                 self->account != NULL && beckon_account_copy_get_presence_ready (self->account));
}

static void
set_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BeckonStatusButton *self = BECKON_STATUS_BUTTON (widget);

  if (self->account != NULL)
    beckon_account_copy_set_availability (self->account, g_variant_get_string (parameter, NULL));
}

void
beckon_status_button_set_account (BeckonStatusButton *self,
                                  BeckonAccountCopy  *account)
{
  g_return_if_fail (BECKON_IS_STATUS_BUTTON (self));
  g_return_if_fail (account == NULL || BECKON_IS_ACCOUNT_COPY (account));

  if (self->account == account)
    return;

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_set_object (&self->account, account);

  if (account != NULL)
    {
      g_signal_connect_swapped (account, "notify::availability", G_CALLBACK (update), self);
      g_signal_connect_swapped (account, "notify::activity", G_CALLBACK (update), self);
      g_signal_connect_swapped (account, "notify::presence-ready", G_CALLBACK (update), self);
    }
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ACCOUNT]);
}

const char *
beckon_status_button_get_text (BeckonStatusButton *self)
{
  g_return_val_if_fail (BECKON_IS_STATUS_BUTTON (self), NULL);

  return gtk_menu_button_get_label (self->button);
}

GMenuModel *
beckon_status_button_get_menu (BeckonStatusButton *self)
{
  g_return_val_if_fail (BECKON_IS_STATUS_BUTTON (self), NULL);

  return G_MENU_MODEL (self->menu);
}

static void
beckon_status_button_dispose (GObject *object)
{
  BeckonStatusButton *self = BECKON_STATUS_BUTTON (object);

  beckon_status_button_set_account (self, NULL);
  /* The button is the widget's only child, which GtkWidget does not
   * unparent by itself. */
  g_clear_pointer ((GtkWidget **) &self->button, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), BECKON_TYPE_STATUS_BUTTON);

  G_OBJECT_CLASS (beckon_status_button_parent_class)->dispose (object);
}

static void
beckon_status_button_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BeckonStatusButton *self = BECKON_STATUS_BUTTON (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_status_button_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BeckonStatusButton *self = BECKON_STATUS_BUTTON (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      beckon_status_button_set_account (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_status_button_class_init (BeckonStatusButtonClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = beckon_status_button_dispose;
  object_class->get_property = beckon_status_button_get_property;
  object_class->set_property = beckon_status_button_set_property;

  props[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, BECKON_TYPE_ACCOUNT_COPY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_install_action (widget_class, "status.set", "s", set_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/beckon/Beckon/beckon-status-button.ui");
  gtk_widget_class_bind_template_child (widget_class, BeckonStatusButton, button);
  gtk_widget_class_bind_template_child (widget_class, BeckonStatusButton, menu);
}

static void
beckon_status_button_init (BeckonStatusButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

GtkWidget *
beckon_status_button_new (void)
{
  return g_object_new (BECKON_TYPE_STATUS_BUTTON, NULL);
}

/* beckon-participant-list.c: who is in a meeting, as the header's popover lists them
 *
 * One row per participant of the model (the conversation's roster, the
 * user not included): name, role, and whether they wait in the lobby or
 * are typing, kept up to date from each participant's notifications.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "beckon-participant-list.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "beckon-participant-copy.h"

struct _BeckonParticipantList
{
  GtkWidget parent_instance;

  GtkWidget  *scrolled_window;
  GtkListBox *list;
  GListModel *model;
};

G_DEFINE_FINAL_TYPE (BeckonParticipantList, beckon_participant_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

/* Rows */

static void
update_row (GtkWidget *row)
{
  BeckonParticipantCopy *participant = g_object_get_data (G_OBJECT (row), "participant");
  GtkLabel              *name_label = g_object_get_data (G_OBJECT (row), "name-label");
  GtkLabel              *status_label = g_object_get_data (G_OBJECT (row), "status-label");
  AdwAvatar             *avatar = g_object_get_data (G_OBJECT (row), "avatar");
  const char            *name = beckon_participant_copy_get_name (participant);
  const char            *parts[3] = { NULL };
  guint                  n = 0;
  g_autofree char       *status = NULL;
  g_autofree char       *description = NULL;

  if (name == NULL || *name == '\0')
    name = _ ("Unknown");

  switch (beckon_participant_copy_get_role (participant))
    {
    case UCWA_PARTICIPANT_ROLE_LEADER:
      /* Translators: a meeting participant's role: presents, admits people */
      parts[n++] = C_ ("participant role", "Leader");
      break;
    case UCWA_PARTICIPANT_ROLE_ATTENDEE:
      /* Translators: a meeting participant's role */
      parts[n++] = C_ ("participant role", "Attendee");
      break;
    case UCWA_PARTICIPANT_ROLE_UNKNOWN:
    default:
      break;
    }
  if (beckon_participant_copy_get_in_lobby (participant))
    parts[n++] = _ ("In the lobby");
  else if (beckon_participant_copy_get_typing (participant))
    /* Translators: beside a meeting participant's name */
    parts[n++] = _ ("Typing…");

  /* Translators: between a participant's role and state, e.g. "Leader · Typing…" */
  status = g_strjoinv (_ (" · "), (char **) parts);

  gtk_label_set_text (name_label, name);
  gtk_label_set_text (status_label, status);
  gtk_widget_set_visible (GTK_WIDGET (status_label), *status != '\0');
  adw_avatar_set_text (avatar, name);
  g_object_set_data_full (G_OBJECT (row), "status", g_strdup (status), g_free);

  /* Translators: how a screen reader reads a participant: name, then role and state */
  description = *status != '\0' ? g_strdup_printf (_ ("%s, %s"), name, status) : g_strdup (name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  BeckonParticipantCopy *participant = BECKON_PARTICIPANT_COPY (item);
  GtkWidget             *row = gtk_list_box_row_new ();
  GtkWidget             *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget             *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget             *avatar = adw_avatar_new (32, NULL, TRUE);
  GtkWidget             *name_label = gtk_label_new (NULL);
  GtkWidget             *status_label = gtk_label_new (NULL);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "participant-row");
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (status_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (status_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (status_label, "caption");
  gtk_widget_add_css_class (status_label, "dim-label");
  gtk_box_append (GTK_BOX (text), name_label);
  gtk_box_append (GTK_BOX (text), status_label);
  gtk_box_append (GTK_BOX (box), avatar);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "participant", g_object_ref (participant), g_object_unref);
  g_object_set_data (G_OBJECT (row), "name-label", name_label);
  g_object_set_data (G_OBJECT (row), "status-label", status_label);
  g_object_set_data (G_OBJECT (row), "avatar", avatar);

  /* Immutable: a change replaces it in the list, and with it the row. */
  update_row (row);
  return row;
}

/* Object */

static void
beckon_participant_list_dispose (GObject *object)
{
  BeckonParticipantList *self = BECKON_PARTICIPANT_LIST (object);

  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->model);
  g_clear_pointer (&self->scrolled_window, gtk_widget_unparent);
  self->list = NULL;

  G_OBJECT_CLASS (beckon_participant_list_parent_class)->dispose (object);
}

static void
beckon_participant_list_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  BeckonParticipantList *self = BECKON_PARTICIPANT_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_participant_list_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  BeckonParticipantList *self = BECKON_PARTICIPANT_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      beckon_participant_list_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_participant_list_class_init (BeckonParticipantListClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = beckon_participant_list_dispose;
  object_class->get_property = beckon_participant_list_get_property;
  object_class->set_property = beckon_participant_list_set_property;

  props[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
beckon_participant_list_init (BeckonParticipantList *self)
{
  GtkWidget *placeholder = gtk_label_new (_ ("No one else is here yet"));

  self->scrolled_window = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled_window), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scrolled_window), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->scrolled_window), 420);
  gtk_widget_set_size_request (self->scrolled_window, 260, -1);
  gtk_widget_set_parent (self->scrolled_window, GTK_WIDGET (self));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "participant-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Participants"), -1);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->list, placeholder);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled_window), GTK_WIDGET (self->list));
}

GtkWidget *
beckon_participant_list_new (void)
{
  return g_object_new (BECKON_TYPE_PARTICIPANT_LIST, NULL);
}

void
beckon_participant_list_set_model (BeckonParticipantList *self,
                                   GListModel            *model)
{
  g_return_if_fail (BECKON_IS_PARTICIPANT_LIST (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (!g_set_object (&self->model, model))
    return;

  gtk_list_box_bind_model (self->list, model, model != NULL ? create_row : NULL, NULL, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MODEL]);
}

GListModel *
beckon_participant_list_get_model (BeckonParticipantList *self)
{
  g_return_val_if_fail (BECKON_IS_PARTICIPANT_LIST (self), NULL);

  return self->model;
}

/**
 * beckon_participant_list_get_row_status:
 * @position: a row's position
 *
 * Returns: (nullable): what the row says under the name, "" if nothing;
 *   %NULL if there is no such row
 */
const char *
beckon_participant_list_get_row_status (BeckonParticipantList *self,
                                        guint                  position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (BECKON_IS_PARTICIPANT_LIST (self), NULL);

  row = gtk_list_box_get_row_at_index (self->list, position);
  return row != NULL ? g_object_get_data (G_OBJECT (row), "status") : NULL;
}

/* beckon-join-dialog.c: the Join Meeting dialog: one field for a meeting's link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owns nothing but the field: the application makes the join
 * (BeckonMeetingJoinCopy) and the dialog follows it until the meeting's window
 * takes over, so that a link refused up front, an unknown meeting or a
 * foreign one is said where the user typed it.
 */

#include "config.h"

#include "beckon-join-dialog.h"

#include <glib/gi18n.h>

struct _BeckonJoinDialog
{
  AdwWindow parent_instance;

  GtkEntry   *link_entry;
  GtkButton  *join_button;
  GtkSpinner *spinner;
  GtkLabel   *status_label;

  BeckonMeetingJoinCopy *join;
};

G_DEFINE_FINAL_TYPE (BeckonJoinDialog, beckon_join_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_JOIN_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_status (BeckonJoinDialog *self,
            const char       *text,
            gboolean          busy)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  if (text != NULL && !busy)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->link_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->join_button),
                            !busy && *gtk_editable_get_text (GTK_EDITABLE (self->link_entry)) != '\0');
}

static void
forget_join (BeckonJoinDialog *self)
{
  if (self->join != NULL)
    g_signal_handlers_disconnect_by_data (self->join, self);
  g_clear_object (&self->join);
}

static void
link_changed_cb (BeckonJoinDialog *self)
{
  if (self->join == NULL)
    set_status (self, NULL, FALSE);
}

static void
join_clicked_cb (BeckonJoinDialog *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->link_entry))));

  if (*url == '\0' || self->join != NULL)
    return;
  g_signal_emit (self, signals[SIGNAL_JOIN_REQUESTED], 0, url);
}

static void
cancel_clicked_cb (BeckonJoinDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
join_ready_cb (BeckonJoinDialog *self)
{
  /* The meeting's window follows it from here. */
  forget_join (self);
  gtk_window_close (GTK_WINDOW (self));
}

static void
join_finished_cb (BeckonJoinDialog *self,
                  const char       *error_message)
{
  forget_join (self);
  if (error_message == NULL)
    gtk_window_close (GTK_WINDOW (self));
  else
    beckon_join_dialog_show_error (self, error_message);
}

void
beckon_join_dialog_follow (BeckonJoinDialog      *self,
                           BeckonMeetingJoinCopy *join)
{
  g_return_if_fail (BECKON_IS_JOIN_DIALOG (self));
  g_return_if_fail (BECKON_IS_MEETING_JOIN_COPY (join));

  forget_join (self);
  /* Refused already, or waiting for the sign-in the main window asks for. */
  if (beckon_meeting_join_copy_get_finished (join) || beckon_meeting_join_copy_get_waiting (join))
    {
      g_autofree char *error_message = beckon_meeting_join_copy_dup_error_message (join);

      if (beckon_meeting_join_copy_get_finished (join) && error_message != NULL)
        beckon_join_dialog_show_error (self, error_message);
      else
        gtk_window_close (GTK_WINDOW (self));
      return;
    }

  self->join = g_object_ref (join);
  g_signal_connect_swapped (join, "conversation-ready", G_CALLBACK (join_ready_cb), self);
  g_signal_connect_swapped (join, "finished", G_CALLBACK (join_finished_cb), self);
  set_status (self, _ ("Joining…"), TRUE);
}

void
beckon_join_dialog_show_error (BeckonJoinDialog *self,
                               const char       *message)
{
  g_return_if_fail (BECKON_IS_JOIN_DIALOG (self));

  set_status (self, message, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->link_entry));
}

const char *
beckon_join_dialog_get_status (BeckonJoinDialog *self)
{
  g_return_val_if_fail (BECKON_IS_JOIN_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->status_label)))
    return NULL;
  return gtk_label_get_text (self->status_label);
}

static void
beckon_join_dialog_dispose (GObject *object)
{
  BeckonJoinDialog *self = BECKON_JOIN_DIALOG (object);

  forget_join (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BECKON_TYPE_JOIN_DIALOG);

  G_OBJECT_CLASS (beckon_join_dialog_parent_class)->dispose (object);
}

static void
beckon_join_dialog_class_init (BeckonJoinDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = beckon_join_dialog_dispose;

  signals[SIGNAL_JOIN_REQUESTED] =
    g_signal_new ("join-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/beckon/Beckon/beckon-join-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BeckonJoinDialog, link_entry);
  gtk_widget_class_bind_template_child (widget_class, BeckonJoinDialog, join_button);
  gtk_widget_class_bind_template_child (widget_class, BeckonJoinDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, BeckonJoinDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, link_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, join_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
beckon_join_dialog_init (BeckonJoinDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BeckonJoinDialog *
beckon_join_dialog_new (GtkWindow *parent)
{
  return g_object_new (BECKON_TYPE_JOIN_DIALOG, "transient-for", parent, NULL);
}

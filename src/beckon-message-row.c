/* beckon-message-row.c: one instant message as a chat bubble
 *
 * Incoming messages sit on the left with the sender's name, outgoing ones on
 * the right in the accent colour; a message the server has not confirmed yet
 * is dimmed, one it refused carries an error icon.  The text is shown as it
 * was sent, never read as markup; its web, mail and SIP links are clickable
 * (beckon-linkify.c) and open with the desktop's handler ("open-uri").
 *
 * A list view's factory makes a few rows and binds them to whichever
 * messages are on screen (beckon-message-view.c): what a message's row must
 * remember beyond the message (that it was retried) is given again at each
 * bind; why it failed comes with the message's copy.  A row can also show a text that waits for the
 * connection, not yet a message of the conversation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "beckon-message-row.h"

#include <glib/gi18n.h>

#include "beckon-linkify.h"
#include "beckon-message-bubble.h"
#include "beckon-resources.h"

struct _BeckonMessageRow
{
  GtkWidget parent_instance;

  GtkBox              *layout;
  BeckonMessageBubble *bubble;
  GtkLabel            *sender_label;
  GtkLabel            *text_label;
  GtkLabel            *time_label;
  GtkWidget           *failed_icon;
  GtkWidget           *failure_box;
  GtkLabel            *reason_label;
  GtkWidget           *retry_button;

  /* GLib 2.74 reads the local time zone again each time it is asked for
   * it (with TZ unset): once a row, not once a message. */
  GTimeZone *local_zone;

  BeckonMessageCopy *message;
  GtkStringObject   *waiting;        /* instead of a message: a text waiting for the connection */
  gboolean           waiting_lost;   /* the conversation ended before it could go */
  const char        *waiting_status; /* what it waits for (translated, static); NULL: the connection */
  gboolean           retried;
};

G_DEFINE_FINAL_TYPE (BeckonMessageRow, beckon_message_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_OPEN_URI,
  SIGNAL_RETRY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_timestamp (BeckonMessageRow *self,
                  gint64            milliseconds)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;

  if (milliseconds <= 0)
    return NULL;

  utc = g_date_time_new_from_unix_utc (milliseconds / 1000);
  if (utc == NULL)
    return NULL;
  local = g_date_time_to_timezone (utc, self->local_zone);
  /* Translators: the time a chat message was sent, see g_date_time_format() */
  return g_date_time_format (local, C_ ("message time", "%H:%M"));
}

/* Sets what @label shows only if that changed: a label given its text
 * again lays it out and is measured again. */
static void
set_label_text (GtkLabel   *label,
                const char *text,
                gboolean    markup)
{
  if (gtk_label_get_use_markup (label) == markup && g_strcmp0 (gtk_label_get_label (label), text) == 0)
    return;
  if (markup)
    gtk_label_set_markup (label, text);
  else
    gtk_label_set_text (label, text);
}

static gboolean
is_outgoing (BeckonMessageRow *self)
{
  return self->waiting != NULL || (self->message != NULL &&
                                   beckon_message_copy_get_direction (self->message) == UCWA_DIRECTION_OUTGOING);
}

static const char *
get_text (BeckonMessageRow *self)
{
  if (self->waiting != NULL)
    return gtk_string_object_get_string (self->waiting);
  return self->message != NULL ? beckon_message_copy_get_text (self->message) : "";
}

static void
update_status (BeckonMessageRow *self)
{
  UcwaMessageStatus status = UCWA_MESSAGE_STATUS_PENDING;
  gboolean          outgoing = is_outgoing (self);
  gboolean          failed;
  g_autofree char  *time = NULL;
  g_autofree char  *description = NULL;
  const char       *sender = NULL;
  const char       *status_text = NULL;
  const char       *failure = NULL;

  if (self->message == NULL && self->waiting == NULL)
    return;
  if (self->message != NULL)
    {
      status = beckon_message_copy_get_status (self->message);
      /* The outbox's reason, that came with the copy. */
      failure = beckon_message_copy_get_failure (self->message);
      time = format_timestamp (self, beckon_message_copy_get_timestamp (self->message));
      sender = beckon_message_copy_get_sender_name (self->message);
    }
  else if (self->waiting_lost)
    status = UCWA_MESSAGE_STATUS_FAILED;

  /* Still pending for the server, but past the window's bound: failed for
   * the user (a late confirmation still turns it delivered). */
  if (status == UCWA_MESSAGE_STATUS_PENDING && failure != NULL)
    status = UCWA_MESSAGE_STATUS_FAILED;
  failed = status == UCWA_MESSAGE_STATUS_FAILED;
  /* What waits for the connection is no message yet: nothing to retry. */
  gtk_widget_set_visible (self->failure_box,
                          failed && (failure != NULL || (self->message != NULL && outgoing && !self->retried)));
  set_label_text (self->reason_label, failure != NULL ? failure : "", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), failed && failure != NULL);
  gtk_widget_set_visible (self->retry_button, failed && self->message != NULL && outgoing && !self->retried);

  if (status == UCWA_MESSAGE_STATUS_PENDING)
    gtk_widget_add_css_class (GTK_WIDGET (self->bubble), "pending");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->bubble), "pending");

  if (status == UCWA_MESSAGE_STATUS_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->bubble), "failed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->bubble), "failed");

  gtk_widget_set_visible (self->failed_icon, status == UCWA_MESSAGE_STATUS_FAILED);

  switch (status)
    {
    case UCWA_MESSAGE_STATUS_PENDING:
      if (self->waiting == NULL)
        status_text = _ ("Sending…");
      else
        status_text = self->waiting_status != NULL ? self->waiting_status : _ ("Waiting for the connection…");
      break;
    case UCWA_MESSAGE_STATUS_FAILED:
      status_text = _ ("Not delivered");
      break;
    case UCWA_MESSAGE_STATUS_DELIVERED:
    default:
      status_text = time;
      break;
    }

  set_label_text (self->time_label, status_text != NULL ? status_text : "", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->time_label), status_text != NULL && *status_text != '\0');

  /* A screen reader reads the row as one sentence, not as three labels. */
  if (status_text == NULL || *status_text == '\0')
    status_text = NULL;
  if (outgoing && status_text != NULL)
    /* Translators: how a screen reader reads a message the user sent: its text, then its status or time */
    description = g_strdup_printf (_ ("You: %s (%s)"), get_text (self), status_text);
  else if (outgoing)
    /* Translators: how a screen reader reads a message the user sent */
    description = g_strdup_printf (_ ("You: %s"), get_text (self));
  else if (status_text != NULL)
    /* Translators: how a screen reader reads a received message: sender, text, time */
    description = g_strdup_printf (_ ("%s: %s (%s)"), sender != NULL ? sender : _ ("Unknown"),
                                   get_text (self), status_text);
  else
    /* Translators: how a screen reader reads a received message: sender, text */
    description = g_strdup_printf (_ ("%s: %s"), sender != NULL ? sender : _ ("Unknown"),
                                   get_text (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
update_all (BeckonMessageRow *self)
{
  gboolean         outgoing = is_outgoing (self);
  const char      *sender = self->message != NULL ? beckon_message_copy_get_sender_name (self->message) : NULL;
  GtkWidget       *icon_after = outgoing ? NULL : GTK_WIDGET (self->bubble);
  g_autofree char *markup = NULL;

  if (self->message == NULL && self->waiting == NULL)
    return;

  gtk_widget_set_halign (GTK_WIDGET (self->layout), outgoing ? GTK_ALIGN_END : GTK_ALIGN_START);
  if (outgoing)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->bubble), "outgoing");
      gtk_widget_remove_css_class (GTK_WIDGET (self->bubble), "incoming");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->bubble), "incoming");
      gtk_widget_remove_css_class (GTK_WIDGET (self->bubble), "outgoing");
    }
  /* The error icon points at the bubble from the middle of the window.
   * Moved only when it must: a move restyles the row. */
  if (gtk_widget_get_prev_sibling (self->failed_icon) != icon_after)
    gtk_box_reorder_child_after (self->layout, self->failed_icon, icon_after);

  set_label_text (self->sender_label, sender != NULL ? sender : "", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->sender_label), !outgoing && sender != NULL && *sender != '\0');
  /* A waiting text is the user's own, before it went: shown as written. */
  if (self->waiting != NULL)
    set_label_text (self->text_label, get_text (self), FALSE);
  else
    {
      markup = beckon_linkify (get_text (self));
      set_label_text (self->text_label, markup, TRUE);
    }

  update_status (self);
}

/* The label would open any link itself: only ours are links, and the
 * opening is the row's, for a test to catch. */
static gboolean
activate_link_cb (BeckonMessageRow *self,
                  const char       *uri)
{
  gboolean handled = FALSE;

  g_signal_emit (self, signals[SIGNAL_OPEN_URI], 0, uri, &handled);
  return TRUE;
}

static gboolean
beckon_message_row_open_uri (BeckonMessageRow *self,
                             const char       *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* Through the OpenURI portal inside Flatpak, the desktop's handler
   * outside (GtkUriLauncher is GTK 4.10). */
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
  return TRUE;
}

static void
retry_clicked_cb (BeckonMessageRow *self)
{
  /* Once: the text goes again as a new message, below. */
  self->retried = TRUE;
  update_status (self);
  g_signal_emit (self, signals[SIGNAL_RETRY], 0);
}

/* Forgets what the row showed, for the next item. */
static void
clear (BeckonMessageRow *self)
{
  if (self->message != NULL)
    g_signal_handlers_disconnect_by_data (self->message, self);
  g_clear_object (&self->message);
  g_clear_object (&self->waiting);
  self->waiting_lost = FALSE;
  self->waiting_status = NULL;
  self->retried = FALSE;
}

/**
 * beckon_message_row_set_message:
 * @message: (nullable): the message to show, or %NULL to show nothing
 *
 * Shows @message, as delivered or not by itself: the failure and the
 * retry the row showed before are forgotten.
 */
void
beckon_message_row_set_message (BeckonMessageRow  *self,
                                BeckonMessageCopy *message)
{
  g_return_if_fail (BECKON_IS_MESSAGE_ROW (self));
  g_return_if_fail (message == NULL || BECKON_IS_MESSAGE_COPY (message));

  if (message == self->message && self->waiting == NULL)
    return;
  clear (self);
  if (message == NULL)
    {
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MESSAGE]);
      return;
    }

  self->message = g_object_ref (message);
  g_signal_connect_object (message, "notify::status", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (message, "notify::timestamp", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (message, "notify::failure", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (message, "notify::text", G_CALLBACK (update_all), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (message, "notify::sender-name", G_CALLBACK (update_all), self, G_CONNECT_SWAPPED);
  update_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MESSAGE]);
}

/**
 * beckon_message_row_set_waiting:
 * @waiting: a text written while the account reconnects
 * @lost: whether the conversation ended before it could go
 * @status: (nullable): what it waits for, translated and static (a chat
 *   being started: "Sending…"); %NULL: "Waiting for the connection…"
 *
 * Shows @waiting as the user's message that waits for the connection (or
 * @status), or that will never go ("Not delivered").
 */
void
beckon_message_row_set_waiting (BeckonMessageRow *self,
                                GtkStringObject  *waiting,
                                gboolean          lost,
                                const char       *status)
{
  g_return_if_fail (BECKON_IS_MESSAGE_ROW (self));
  g_return_if_fail (GTK_IS_STRING_OBJECT (waiting));

  clear (self);
  self->waiting = g_object_ref (waiting);
  self->waiting_lost = lost;
  self->waiting_status = status;
  update_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MESSAGE]);
}

GtkStringObject *
beckon_message_row_get_waiting (BeckonMessageRow *self)
{
  g_return_val_if_fail (BECKON_IS_MESSAGE_ROW (self), NULL);

  return self->waiting;
}

static void
beckon_message_row_dispose (GObject *object)
{
  BeckonMessageRow *self = BECKON_MESSAGE_ROW (object);

  clear (self);
  g_clear_pointer (&self->local_zone, g_time_zone_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), BECKON_TYPE_MESSAGE_ROW);

  G_OBJECT_CLASS (beckon_message_row_parent_class)->dispose (object);
}

static void
beckon_message_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BeckonMessageRow *self = BECKON_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_object (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_message_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BeckonMessageRow *self = BECKON_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      beckon_message_row_set_message (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_message_row_class_init (BeckonMessageRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = beckon_message_row_dispose;
  object_class->get_property = beckon_message_row_get_property;
  object_class->set_property = beckon_message_row_set_property;

  props[PROP_MESSAGE] =
    g_param_spec_object ("message", NULL, NULL, BECKON_TYPE_MESSAGE_COPY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * BeckonMessageRow::open-uri:
   * @uri: a link of the message the user activated
   *
   * Opens @uri (the default handler shows it with the desktop's handler).
   * Returns: %TRUE if handled
   */
  signals[SIGNAL_OPEN_URI] =
    g_signal_new_class_handler ("open-uri", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (beckon_message_row_open_uri),
                                g_signal_accumulator_true_handled, NULL, NULL,
                                G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  /**
   * BeckonMessageRow::retry:
   *
   * The user asks to send this undelivered message's text again.
   */
  signals[SIGNAL_RETRY] =
    g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* Referencing the resource links it, and with it its constructor that
   * registers it, into programs that link the static library. */
  (void) beckon_get_resource ();
  g_type_ensure (BECKON_TYPE_MESSAGE_BUBBLE);
  /* One message, read as one sentence (its label, see update_status ()). */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/beckon/Beckon/beckon-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BeckonMessageRow, layout);
  gtk_widget_class_bind_template_child (widget_class, BeckonMessageRow, bubble);
  gtk_widget_class_bind_template_child (widget_class, BeckonMessageRow, sender_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonMessageRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonMessageRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonMessageRow, failed_icon);
  gtk_widget_class_bind_template_child (widget_class, BeckonMessageRow, failure_box);
  gtk_widget_class_bind_template_child (widget_class, BeckonMessageRow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, BeckonMessageRow, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, activate_link_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
}

static void
beckon_message_row_init (BeckonMessageRow *self)
{
  self->local_zone = g_time_zone_new_local ();
  gtk_widget_init_template (GTK_WIDGET (self));
  beckon_message_bubble_set_text_label (self->bubble, self->text_label);
}

/**
 * beckon_message_row_new:
 * @message: (nullable): the message to show
 *
 * Returns: (transfer floating): a new row for @message
 */
GtkWidget *
beckon_message_row_new (BeckonMessageCopy *message)
{
  g_return_val_if_fail (message == NULL || BECKON_IS_MESSAGE_COPY (message), NULL);

  return g_object_new (BECKON_TYPE_MESSAGE_ROW, "message", message, NULL);
}

BeckonMessageCopy *
beckon_message_row_get_message (BeckonMessageRow *self)
{
  g_return_val_if_fail (BECKON_IS_MESSAGE_ROW (self), NULL);

  return self->message;
}

void
beckon_message_row_set_retried (BeckonMessageRow *self,
                                gboolean          retried)
{
  g_return_if_fail (BECKON_IS_MESSAGE_ROW (self));

  self->retried = retried;
  update_status (self);
}

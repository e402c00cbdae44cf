/* beckon-composer.c: where the user writes a message, and sends it
 *
 * A text field of several lines: Enter sends, Shift+Enter starts a new
 * line, Escape clears it, it grows with the text up to MAX_LINES lines and
 * scrolls beyond that, and pasted text keeps its line breaks.  The composer knows nothing
 * of conversations: the window says whether it can send ("can-send") and
 * does the sending when told ("send").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "beckon-composer.h"

#include "beckon-resources.h"

/* How far the field grows before it scrolls. */
#define MAX_LINES 5

struct _BeckonComposer
{
  GtkWidget parent_instance;

  GtkWidget         *field;
  GtkScrolledWindow *scrolled_window;
  GtkTextView       *text_view;
  GtkWidget         *placeholder;
  GtkWidget         *send_button;

  gboolean can_send;
  char    *status; /* its description for assistive technology */
};

G_DEFINE_FINAL_TYPE (BeckonComposer, beckon_composer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAN_SEND,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_SEND,
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* MAX_LINES lines of the text view's font, and its margins. */
static void
update_max_height (BeckonComposer *self)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->text_view), "X");
  int                     line_height = 0;

  pango_layout_get_pixel_size (layout, NULL, &line_height);
  gtk_scrolled_window_set_max_content_height (self->scrolled_window,
                                              MAX_LINES * line_height +
                                                gtk_text_view_get_top_margin (self->text_view) +
                                                gtk_text_view_get_bottom_margin (self->text_view));
}

static void
buffer_changed_cb (BeckonComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  gtk_widget_set_visible (self->placeholder, gtk_text_buffer_get_char_count (buffer) == 0);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
insert_newline (BeckonComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "\n", -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_view_scroll_mark_onscreen (self->text_view, gtk_text_buffer_get_insert (buffer));
}

static gboolean
key_pressed_cb (BeckonComposer        *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  /* Escape clears what is written; with nothing written it goes on to
   * the window (which closes its popover, if one is open). */
  if (keyval == GDK_KEY_Escape && (state & gtk_accelerator_get_default_mod_mask ()) == 0)
    {
      if (gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->text_view)) == 0)
        return GDK_EVENT_PROPAGATE;
      beckon_composer_set_text (self, NULL);
      return GDK_EVENT_STOP;
    }

  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return GDK_EVENT_PROPAGATE;

  /* Ctrl and Alt with Enter are the text view's (and the input method's). */
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  /* Inserted here rather than left to the text view: Shift+Enter must be a
   * new line whatever the text view makes of Shift. */
  if ((state & GDK_SHIFT_MASK) != 0)
    insert_newline (self);
  else
    beckon_composer_send (self);
  return GDK_EVENT_STOP;
}

static void
send_clicked_cb (BeckonComposer *self)
{
  beckon_composer_send (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static gboolean
beckon_composer_grab_focus (GtkWidget *widget)
{
  BeckonComposer *self = BECKON_COMPOSER (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
beckon_composer_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (beckon_composer_parent_class)->realize (widget);

  /* The font is the theme's, known for certain once realized. */
  update_max_height (BECKON_COMPOSER (widget));
}

static void
beckon_composer_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BECKON_TYPE_COMPOSER);

  G_OBJECT_CLASS (beckon_composer_parent_class)->dispose (object);
}

static void
beckon_composer_finalize (GObject *object)
{
  g_free (BECKON_COMPOSER (object)->status);

  G_OBJECT_CLASS (beckon_composer_parent_class)->finalize (object);
}

static void
beckon_composer_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BeckonComposer *self = BECKON_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_CAN_SEND:
      g_value_set_boolean (value, self->can_send);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_composer_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BeckonComposer *self = BECKON_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_CAN_SEND:
      beckon_composer_set_can_send (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_composer_class_init (BeckonComposerClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = beckon_composer_dispose;
  object_class->finalize = beckon_composer_finalize;
  object_class->get_property = beckon_composer_get_property;
  object_class->set_property = beckon_composer_set_property;
  widget_class->grab_focus = beckon_composer_grab_focus;
  widget_class->realize = beckon_composer_realize;

  props[PROP_CAN_SEND] =
    g_param_spec_boolean ("can-send", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNAL_SEND] =
    g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* Referencing the resource links it, and with it its constructor that
   * registers it, into programs that link the static library. */
  (void) beckon_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/beckon/Beckon/beckon-composer.ui");
  /* Bound to be unparented by gtk_widget_dispose_template(). */
  gtk_widget_class_bind_template_child (widget_class, BeckonComposer, field);
  gtk_widget_class_bind_template_child (widget_class, BeckonComposer, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, BeckonComposer, text_view);
  gtk_widget_class_bind_template_child (widget_class, BeckonComposer, placeholder);
  gtk_widget_class_bind_template_child (widget_class, BeckonComposer, send_button);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
}

static void
beckon_composer_init (BeckonComposer *self)
{
  GtkEventController *keys;
  GtkIconTheme       *theme;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The paper plane is ours (beckon.gresource.xml): found wherever the
   * composer is, also in an application other than Beckon's (the tests). */
  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  if (!gtk_icon_theme_has_icon (theme, "beckon-send-symbolic"))
    gtk_icon_theme_add_resource_path (theme, "/io/github/beckon/Beckon/icons");

  /* Before the text view's own handler, which would insert the newline. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "beckon-composer-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), keys);

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);

  self->can_send = TRUE;
  beckon_composer_set_can_send (self, FALSE);
  update_max_height (self);
}

GtkWidget *
beckon_composer_new (void)
{
  return g_object_new (BECKON_TYPE_COMPOSER, NULL);
}

gboolean
beckon_composer_get_can_send (BeckonComposer *self)
{
  g_return_val_if_fail (BECKON_IS_COMPOSER (self), FALSE);

  return self->can_send;
}

/**
 * beckon_composer_set_can_send:
 * @can_send: whether the user can write and send now
 *
 * Unable to send, the composer is insensitive; what was written stays.
 */
void
beckon_composer_set_can_send (BeckonComposer *self,
                              gboolean        can_send)
{
  g_return_if_fail (BECKON_IS_COMPOSER (self));

  can_send = !!can_send;
  if (self->can_send == can_send)
    return;

  /* A focused text field that turns insensitive loses the focus without
   * noticing (GTK 4.8): hand the focus on first. */
  if (!can_send)
    {
      GtkRoot   *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      if (focus != NULL && (focus == GTK_WIDGET (self) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self))))
        gtk_root_set_focus (root, NULL);
    }

  self->can_send = can_send;
  gtk_widget_set_sensitive (GTK_WIDGET (self->text_view), can_send);
  gtk_widget_set_sensitive (self->send_button, can_send);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CAN_SEND]);
}

char *
beckon_composer_get_text (BeckonComposer *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter    start;
  GtkTextIter    end;

  g_return_val_if_fail (BECKON_IS_COMPOSER (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
beckon_composer_set_text (BeckonComposer *self,
                          const char     *text)
{
  g_return_if_fail (BECKON_IS_COMPOSER (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text != NULL ? text : "", -1);
}

/**
 * beckon_composer_set_status:
 * @status: (nullable): the conversation's state in words, e.g. "Connected"
 *
 * Said to assistive technology as the field's description.  GTK 4.8 has
 * no way to announce a change (gtk_accessible_announce() is 4.14), but it
 * reports a change of the description to AT-SPI, and a screen reader
 * presents that when it is the field the user is in (Orca does): where
 * the user types, a change of the conversation's state is heard.
 */
void
beckon_composer_set_status (BeckonComposer *self,
                            const char     *status)
{
  g_return_if_fail (BECKON_IS_COMPOSER (self));

  if (g_strcmp0 (status, self->status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  if (status != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, status, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

const char *
beckon_composer_get_status (BeckonComposer *self)
{
  g_return_val_if_fail (BECKON_IS_COMPOSER (self), NULL);

  return self->status;
}

/**
 * beckon_composer_send:
 *
 * Emits "send" with what is written, and clears the composer, unless it
 * cannot send or there is nothing but white space to send.
 *
 * Returns: whether "send" was emitted
 */
gboolean
beckon_composer_send (BeckonComposer *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (BECKON_IS_COMPOSER (self), FALSE);

  if (!self->can_send)
    return FALSE;

  text = beckon_composer_get_text (self);
  if (is_blank (text))
    return FALSE;

  /* Cleared first: a handler that fails can put the text back. */
  beckon_composer_set_text (self, NULL);
  g_signal_emit (self, signals[SIGNAL_SEND], 0, text);
  return TRUE;
}

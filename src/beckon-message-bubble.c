/* beckon-message-bubble.c: a chat bubble's column, its text measured with one layout
 *
 * Lays its children out from top to bottom, as the vertical GtkBox it
 * replaces did (2 px apart: the sender, the text, the time, the failure),
 * with one difference: it sizes its text label itself, from Pango layouts.
 *
 * Why: a wrapping GtkLabel (GTK 4.8) measures its width with a copy of its
 * layout as narrow as can be (with word-char wrapping, a line per
 * character, each line shaped again), another at max-width-chars and the
 * font's metrics (which shape a sample text), and copies its layout again
 * for each height-for-width; and gtk_widget_measure () measures that width
 * before any height-for-width, to clamp the width asked for.  Each
 * message bound while scrolling cost about a thousand shapings
 * (bench-conversation), 60 % of the frame time.  Here the text is shaped
 * once for its width (a copy of the label's layout, at max-width-chars;
 * the narrowest width is its widest character, read from the same
 * layout), which gives its height too at any width where it wraps as it
 * does there; the copy is laid out again for a narrower width (the
 * scrolled window asks the list its height at its narrowest), the last
 * one kept; the font's character width is kept until the label's Pango
 * context changes; and the label's own layout is laid out once, at the
 * width it is allocated, the one it draws.  Two or three shapings a
 * message.
 *
 * The label is allocated without gtk_widget_measure (): what it would
 * measure is what is computed here, from the same layout (GTK 4.8 checks
 * that order only in builds with consistency checks; a resize the label
 * queues still reaches the bubble).  It stays a GtkLabel: selection,
 * links and their keyboard navigation, the context menu and the
 * accessible text are its own.
 *
 * Main thread only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "beckon-message-bubble.h"

#include <string.h>

/* As the GtkBox the bubble was. */
#define SPACING 2

struct _BeckonMessageBubble
{
  GtkWidget parent_instance;

  GtkLabel    *text_label;
  PangoLayout *measuring_layout; /* a copy of the label's, laid out for measuring */
  guint        serial;           /* of the label's Pango context, when measured */
  int          char_pixels;      /* the font's character width, Pango units; 0: not known */
  /* What the text measures (while text_measured, for that serial).  The
   * label's border box in pixels; its layout's width in Pango units. */
  gboolean     text_measured;
  int          text_minimum;
  int          text_natural;     /* at most max-width-chars */
  int          natural_height;   /* at its natural width */
  int          natural_units;    /* the layout's width at its natural width */
  int          same_lines_units; /* the widest layout width that wraps as the natural width does */
  int          last_width;       /* the last other width measured (-1: none), and its height */
  int          last_height;
};

G_DEFINE_FINAL_TYPE (BeckonMessageBubble, beckon_message_bubble, GTK_TYPE_WIDGET)

/* What the label's layout measures: what GtkLabel itself lays out again
 * for, and so what the bubble measures again for. */
static const char *const text_properties[] = {
  "label",
  "attributes",
  "use-markup",
  "use-underline",
  "wrap",
  "wrap-mode",
  "width-chars",
  "max-width-chars",
  "ellipsize",
  "lines",
  "single-line-mode",
  "justify",
};

static void
text_notify_cb (BeckonMessageBubble *self,
                GParamSpec          *pspec)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_properties); i++)
    if (strcmp (pspec->name, text_properties[i]) == 0)
      {
        /* GtkLabel dropped its layout and queued a resize: the bubble is
         * measured and allocated again, and the label with it. */
        self->text_measured = FALSE;
        return;
      }
}

/* What gtk_widget_measure () adds around what a widget measures itself:
 * its margins, its CSS margin, border and padding. */
static void
get_label_extra (GtkLabel *label,
                 int      *width,
                 int      *height)
{
  GtkWidget       *widget = GTK_WIDGET (label);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GtkBorder        margin;
  GtkBorder        border;
  GtkBorder        padding;

  gtk_style_context_get_margin (style, &margin);
  gtk_style_context_get_border (style, &border);
  gtk_style_context_get_padding (style, &padding);
  *width = gtk_widget_get_margin_start (widget) + gtk_widget_get_margin_end (widget) + margin.left + margin.right +
           border.left + border.right + padding.left + padding.right;
  *height = gtk_widget_get_margin_top (widget) + gtk_widget_get_margin_bottom (widget) + margin.top +
            margin.bottom + border.top + border.bottom + padding.top + padding.bottom;
}

/* As GtkLabel's max-width-chars and width-chars count a character. */
static int
get_char_pixels (PangoContext *context)
{
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int               char_width = pango_font_metrics_get_approximate_char_width (metrics);
  int               digit_width = pango_font_metrics_get_approximate_digit_width (metrics);

  pango_font_metrics_unref (metrics);
  return MAX (char_width, digit_width);
}

/* The narrowest a word-char wrapping layout gets: a character a line. */
static int
widest_cluster (PangoLayout *layout)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  int              widest = 0;

  do
    {
      PangoRectangle logical;

      pango_layout_iter_get_cluster_extents (iter, NULL, &logical);
      widest = MAX (widest, logical.width);
    }
  while (pango_layout_iter_next_cluster (iter));
  pango_layout_iter_free (iter);
  return widest;
}

/* What GtkLabel would measure for its width (its minimum: the layout at
 * width 0; its natural width: at max-width-chars), from one layout. */
static void
measure_text_width (BeckonMessageBubble *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->text_label));
  guint         serial = pango_context_get_serial (context);
  int           width_chars = gtk_label_get_width_chars (self->text_label);
  int           max_width_chars = gtk_label_get_max_width_chars (self->text_label);
  int           minimum_default = -1;
  int           natural_default = -1;
  int           minimum;
  int           natural;
  int           height;
  int           extra_width;
  int           extra_height;

  if (self->text_measured && serial == self->serial)
    return;

  if (serial != self->serial || self->char_pixels == 0)
    self->char_pixels = get_char_pixels (context);
  self->serial = serial;
  if (width_chars >= 0)
    minimum_default = self->char_pixels * width_chars;
  if (max_width_chars >= 0)
    natural_default = self->char_pixels * MAX (width_chars, max_width_chars);

  /* A copy: the label's own layout is laid out at the width it gets. */
  g_clear_object (&self->measuring_layout);
  self->measuring_layout = pango_layout_copy (gtk_label_get_layout (self->text_label));
  pango_layout_set_width (self->measuring_layout, natural_default);
  pango_layout_get_size (self->measuring_layout, &natural, &height);
  minimum = MAX (widest_cluster (self->measuring_layout), minimum_default);
  natural = MAX (natural, minimum);

  get_label_extra (self->text_label, &extra_width, &extra_height);
  self->text_minimum = PANGO_PIXELS_CEIL (minimum) + extra_width;
  self->text_natural = PANGO_PIXELS_CEIL (natural) + extra_width;
  self->natural_height = PANGO_PIXELS_CEIL (height) + extra_height;
  self->natural_units = natural;
  /* Lines as wide as @natural at most: any width from there to where they
   * were wrapped breaks them the same (each line is as long as fits). */
  self->same_lines_units = pango_layout_is_wrapped (self->measuring_layout) ? natural_default : G_MAXINT;
  self->last_width = -1;
  self->text_measured = TRUE;
}

/* The label's height at @width (its border box; -1: its natural width),
 * as GtkLabel measures it: its layout's at that width.  @layout: the
 * label's own layout, to lay out at @width when it must be, or NULL: the
 * measuring copy. */
static int
measure_text_height (BeckonMessageBubble *self,
                     int                  width,
                     PangoLayout         *layout)
{
  int extra_width;
  int extra_height;
  int units;
  int height;

  measure_text_width (self);
  if (width < 0)
    return self->natural_height;
  get_label_extra (self->text_label, &extra_width, &extra_height);
  units = MAX (width - extra_width, 0) * PANGO_SCALE;
  if (units >= self->natural_units && units <= self->same_lines_units)
    return self->natural_height;
  if (layout == NULL && width == self->last_width)
    return self->last_height;

  pango_layout_set_width (layout != NULL ? layout : self->measuring_layout, units);
  pango_layout_get_size (layout != NULL ? layout : self->measuring_layout, NULL, &height);
  height = PANGO_PIXELS_CEIL (height) + extra_height;
  if (layout == NULL)
    {
      self->last_width = width;
      self->last_height = height;
    }
  return height;
}

static GtkSizeRequestMode
beckon_message_bubble_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
beckon_message_bubble_measure (GtkWidget     *widget,
                               GtkOrientation orientation,
                               int            for_size,
                               int           *minimum,
                               int           *natural,
                               int           *minimum_baseline,
                               int           *natural_baseline)
{
  BeckonMessageBubble *self = BECKON_MESSAGE_BUBBLE (widget);
  guint                n_children = 0;

  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_minimum;
      int child_natural;

      if (!gtk_widget_should_layout (child))
        continue;
      n_children++;

      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          if (child == GTK_WIDGET (self->text_label))
            {
              measure_text_width (self);
              child_minimum = self->text_minimum;
              child_natural = self->text_natural;
            }
          else
            gtk_widget_measure (child, orientation, -1, &child_minimum, &child_natural, NULL, NULL);
          *minimum = MAX (*minimum, child_minimum);
          *natural = MAX (*natural, child_natural);
        }
      else
        {
          if (child == GTK_WIDGET (self->text_label))
            child_minimum = child_natural = measure_text_height (self, for_size, NULL);
          else
            gtk_widget_measure (child, orientation, for_size, &child_minimum, &child_natural, NULL, NULL);
          *minimum += child_minimum;
          *natural += child_natural;
        }
    }

  if (orientation == GTK_ORIENTATION_VERTICAL && n_children > 1)
    {
      *minimum += SPACING * (n_children - 1);
      *natural += SPACING * (n_children - 1);
    }
}

/* As a vertical GtkBox: each child its natural height if there is room,
 * what is left to those that expand, from the top. */
static void
beckon_message_bubble_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  BeckonMessageBubble *self = BECKON_MESSAGE_BUBBLE (widget);
  GtkRequestedSize    *sizes;
  guint                n_children = 0;
  guint                n_expand = 0;
  guint                i = 0;
  int                  extra;
  int                  y = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n_children += gtk_widget_should_layout (child);
  if (n_children == 0)
    return;

  sizes = g_newa (GtkRequestedSize, n_children);
  extra = height - SPACING * (int) (n_children - 1);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;
      if (child == GTK_WIDGET (self->text_label))
        {
          int          extra_width;
          int          extra_height;
          PangoLayout *layout = gtk_label_get_layout (self->text_label);

          /* What GtkLabel does when it is allocated, done before: its
           * layout is laid out here, if at all, at the width it draws. */
          get_label_extra (self->text_label, &extra_width, &extra_height);
          pango_layout_set_width (layout, MAX (width - extra_width, 0) * PANGO_SCALE);
          sizes[i].minimum_size = sizes[i].natural_size = measure_text_height (self, width, layout);
        }
      else
        gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &sizes[i].minimum_size,
                            &sizes[i].natural_size, NULL, NULL);
      sizes[i].data = child;
      extra -= sizes[i].minimum_size;
      n_expand += gtk_widget_compute_expand (child, GTK_ORIENTATION_VERTICAL);
      i++;
    }
  extra = gtk_distribute_natural_allocation (MAX (extra, 0), n_children, sizes);

  for (i = 0; i < n_children; i++)
    {
      GtkWidget *child = sizes[i].data;
      int        child_height = sizes[i].minimum_size;

      if (n_expand > 0 && gtk_widget_compute_expand (child, GTK_ORIENTATION_VERTICAL))
        {
          child_height += extra / (int) n_expand;
          /* The pixels that do not divide go to the first ones. */
          if (extra % (int) n_expand > 0)
            {
              child_height++;
              extra--;
            }
        }
      gtk_widget_allocate (child, width, child_height, -1, gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, y)));
      y += child_height + SPACING;
    }
}

static void
beckon_message_bubble_dispose (GObject *object)
{
  BeckonMessageBubble *self = BECKON_MESSAGE_BUBBLE (object);
  GtkWidget           *child;

  if (self->text_label != NULL)
    g_signal_handlers_disconnect_by_data (self->text_label, self);
  g_clear_object (&self->text_label);
  g_clear_object (&self->measuring_layout);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (beckon_message_bubble_parent_class)->dispose (object);
}

static void
beckon_message_bubble_class_init (BeckonMessageBubbleClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = beckon_message_bubble_dispose;
  widget_class->get_request_mode = beckon_message_bubble_get_request_mode;
  widget_class->measure = beckon_message_bubble_measure;
  widget_class->size_allocate = beckon_message_bubble_size_allocate;

  /* The theme and screen readers see the GtkBox it was. */
  gtk_widget_class_set_css_name (widget_class, "box");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
beckon_message_bubble_init (BeckonMessageBubble *self)
{
}

GtkWidget *
beckon_message_bubble_new (void)
{
  return g_object_new (BECKON_TYPE_MESSAGE_BUBBLE, NULL);
}

void
beckon_message_bubble_set_text_label (BeckonMessageBubble *self,
                                      GtkLabel            *label)
{
  g_return_if_fail (BECKON_IS_MESSAGE_BUBBLE (self));
  g_return_if_fail (label == NULL || GTK_IS_LABEL (label));

  if (label == self->text_label)
    return;
  if (self->text_label != NULL)
    g_signal_handlers_disconnect_by_data (self->text_label, self);
  g_set_object (&self->text_label, label);
  if (label != NULL)
    g_signal_connect_swapped (label, "notify", G_CALLBACK (text_notify_cb), self);
  self->text_measured = FALSE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

GtkLabel *
beckon_message_bubble_get_text_label (BeckonMessageBubble *self)
{
  g_return_val_if_fail (BECKON_IS_MESSAGE_BUBBLE (self), NULL);

  return self->text_label;
}

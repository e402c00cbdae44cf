/* beckon-message-view.c: a conversation's messages, scrolled, as chat bubbles
 *
 * A recycling list: however long the conversation, only the rows on
 * screen and near it exist (BeckonMessageRow, bound and unbound by a
 * factory as the list scrolls), so ten thousand messages open and scroll
 * as fast as ten.  A GtkGridView of one column, not a GtkListView: GTK
 * 4.8's GtkListView keeps 200 rows alive whatever its height
 * (GTK_LIST_VIEW_MAX_LIST_ITEMS), and binding and measuring 200 bubbles
 * took seconds to open and 60 ms a frame to scroll (bench-conversation);
 * the grid view keeps 30 rows and a few, as the main window's does.  Its model is the header (the "intro" widget, the one
 * item that is not a message), the conversation's messages, then the
 * texts that wait for the connection (GtkFlattenListModel).  What a row
 * cannot keep, since it shows another message after it scrolls away (that
 * it was retried), the view keeps per message; why a message failed comes
 * with its copy.
 *
 * The view follows the newest message while it is scrolled to the end;
 * once the user scrolls up to read, new messages do not move it.  Main
 * thread only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "beckon-message-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* How close to the end counts as "reading the newest messages". */
#define STICK_DISTANCE 32.0

struct _BeckonMessageView
{
  GtkWidget parent_instance;

  GtkScrolledWindow *scrolled_window;
  GtkGridView       *list;
  GListStore        *sections;   /* GListModel: the intro, the messages, the waiting texts */
  GListStore        *intro_item; /* the intro widget, as the list's first item */
  GtkWidget         *intro;
  GtkListItem       *intro_owner; /* the list item that shows the intro now */
  GHashTable        *retried;     /* BeckonMessageCopy: its Retry was used */
  GHashTable        *rows;        /* BeckonMessageRow: every row the factory made */
  GdkFrameClock     *frame_clock; /* while mapped */
  gulong             layout_handler;
  gboolean           waiting_lost;
  const char        *waiting_status; /* translated, static; NULL: the connection */
  gboolean           stick_to_bottom;
};

G_DEFINE_FINAL_TYPE (BeckonMessageView, beckon_message_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_INTRO,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_RETRY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Rows */

static BeckonMessageRow *
row_of (GtkListItem *item)
{
  return g_object_get_data (G_OBJECT (item), "beckon-message-row");
}

static void
row_retry_cb (BeckonMessageView *self,
              BeckonMessageRow  *row)
{
  BeckonMessageCopy *message = beckon_message_row_get_message (row);

  if (message == NULL)
    return;
  g_hash_table_add (self->retried, g_object_ref (message));
  g_signal_emit (self, signals[SIGNAL_RETRY], 0, message);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          BeckonMessageView        *self)
{
  GtkWidget *row = beckon_message_row_new (NULL);

  g_signal_connect_object (row, "retry", G_CALLBACK (row_retry_cb), self, G_CONNECT_SWAPPED);
  g_object_set_data_full (G_OBJECT (item), "beckon-message-row", g_object_ref_sink (row), g_object_unref);
  g_hash_table_add (self->rows, row);
  gtk_list_item_set_child (item, row);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
}

static void
teardown_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             BeckonMessageView        *self)
{
  if (self->intro_owner == item)
    self->intro_owner = NULL;
  g_hash_table_remove (self->rows, row_of (item));
}

/* The list item shows its row again, not the intro. */
static void
give_back_intro (BeckonMessageView *self)
{
  if (self->intro_owner == NULL)
    return;
  gtk_list_item_set_child (self->intro_owner, GTK_WIDGET (row_of (self->intro_owner)));
  self->intro_owner = NULL;
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         BeckonMessageView        *self)
{
  gpointer          object = gtk_list_item_get_item (item);
  BeckonMessageRow *row = row_of (item);

  if (object != NULL && object == self->intro)
    {
      give_back_intro (self);
      beckon_message_row_set_message (row, NULL);
      gtk_list_item_set_child (item, self->intro);
      self->intro_owner = item;
      return;
    }

  if (self->intro_owner == item)
    give_back_intro (self);
  if (BECKON_IS_MESSAGE_COPY (object))
    {
      beckon_message_row_set_message (row, object);
      if (g_hash_table_contains (self->retried, object))
        beckon_message_row_set_retried (row, TRUE);
    }
  else if (GTK_IS_STRING_OBJECT (object))
    beckon_message_row_set_waiting (row, object, self->waiting_lost, self->waiting_status);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           BeckonMessageView        *self)
{
  if (self->intro_owner == item)
    give_back_intro (self);
  else
    beckon_message_row_set_message (row_of (item), NULL);
}

/* Scrolling */

/* Once the window is laid out, each frame: the list knows the end then
 * (the estimated heights of the rows not yet seen, the real ones of those
 * on screen).  Not from the adjustment's own signals: the list takes no
 * value while it configures the adjustment itself.  The list lays itself
 * out again in the same frame (the frame clock repeats its layout phase). */
static void
layout_cb (GdkFrameClock     *clock,
           BeckonMessageView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  double         bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  if (self->stick_to_bottom && gtk_adjustment_get_value (adjustment) < bottom)
    gtk_adjustment_set_value (adjustment, bottom);
}

static void
beckon_message_view_map (GtkWidget *widget)
{
  BeckonMessageView *self = BECKON_MESSAGE_VIEW (widget);

  GTK_WIDGET_CLASS (beckon_message_view_parent_class)->map (widget);

  /* After the window's own handler, which lays the window out: the
   * window connected it when it was realized, before its children map. */
  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->layout_handler = g_signal_connect (self->frame_clock, "layout", G_CALLBACK (layout_cb), self);
}

static void
beckon_message_view_unmap (GtkWidget *widget)
{
  BeckonMessageView *self = BECKON_MESSAGE_VIEW (widget);

  g_clear_signal_handler (&self->layout_handler, self->frame_clock);
  g_clear_object (&self->frame_clock);

  GTK_WIDGET_CLASS (beckon_message_view_parent_class)->unmap (widget);
}

static void
scroll_value_changed_cb (BeckonMessageView *self,
                         GtkAdjustment     *adjustment)
{
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  /* The user scrolled up to read: new messages must not yank them down. */
  self->stick_to_bottom = gtk_adjustment_get_value (adjustment) >= bottom - STICK_DISTANCE;
}

/* Object */

static void
beckon_message_view_dispose (GObject *object)
{
  BeckonMessageView *self = BECKON_MESSAGE_VIEW (object);

  give_back_intro (self);
  g_clear_signal_handler (&self->layout_handler, self->frame_clock);
  g_clear_object (&self->frame_clock);
  g_clear_pointer ((GtkWidget **) &self->scrolled_window, gtk_widget_unparent);
  self->list = NULL;
  g_clear_object (&self->sections);
  g_clear_object (&self->intro_item);
  g_clear_object (&self->intro);
  g_clear_pointer (&self->retried, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);

  G_OBJECT_CLASS (beckon_message_view_parent_class)->dispose (object);
}

static void
beckon_message_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BeckonMessageView *self = BECKON_MESSAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_INTRO:
      g_value_set_object (value, self->intro);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_message_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BeckonMessageView *self = BECKON_MESSAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_INTRO:
      beckon_message_view_set_intro (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_message_view_class_init (BeckonMessageViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = beckon_message_view_dispose;
  object_class->get_property = beckon_message_view_get_property;
  object_class->set_property = beckon_message_view_set_property;

  props[PROP_INTRO] =
    g_param_spec_object ("intro", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * BeckonMessageView::retry:
   * @message: a message that was not delivered
   *
   * The user asks to send the text of @message again.
   */
  signals[SIGNAL_RETRY] =
    g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BECKON_TYPE_MESSAGE_COPY);

  widget_class->map = beckon_message_view_map;
  widget_class->unmap = beckon_message_view_unmap;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
beckon_message_view_init (BeckonMessageView *self)
{
  GtkListItemFactory        *factory = gtk_signal_list_item_factory_new ();
  GtkWidget                 *clamp = adw_clamp_scrollable_new ();
  g_autoptr (GtkNoSelection) selection = NULL;
  GtkFlattenListModel       *flat;
  GtkAdjustment             *adjustment;

  self->stick_to_bottom = TRUE;
  self->retried = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  self->rows = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->intro_item = g_list_store_new (G_TYPE_OBJECT);
  self->sections = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (self->sections, self->intro_item);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  flat = gtk_flatten_list_model_new (G_LIST_MODEL (g_object_ref (self->sections)));
  selection = gtk_no_selection_new (G_LIST_MODEL (flat));
  self->list = GTK_GRID_VIEW (gtk_grid_view_new (GTK_SELECTION_MODEL (g_steal_pointer (&selection)), factory));
  gtk_grid_view_set_max_columns (self->list, 1);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "message-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Messages"), -1);

  adw_clamp_scrollable_set_maximum_size (ADW_CLAMP_SCROLLABLE (clamp), 720);
  adw_clamp_scrollable_set_tightening_threshold (ADW_CLAMP_SCROLLABLE (clamp), 560);
  adw_clamp_scrollable_set_child (ADW_CLAMP_SCROLLABLE (clamp), GTK_WIDGET (self->list));

  /* Not propagating the list's natural height (to keep a short
   * conversation at the bottom): measuring it every frame costs the whole
   * list, where scrolling must cost the rows on screen. */
  self->scrolled_window = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scrolled_window, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (self->scrolled_window, clamp);
  gtk_widget_set_parent (GTK_WIDGET (self->scrolled_window), GTK_WIDGET (self));

  adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (scroll_value_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
beckon_message_view_new (void)
{
  return g_object_new (BECKON_TYPE_MESSAGE_VIEW, NULL);
}

void
beckon_message_view_set_intro (BeckonMessageView *self,
                               GtkWidget         *intro)
{
  g_return_if_fail (BECKON_IS_MESSAGE_VIEW (self));
  g_return_if_fail (intro == NULL || GTK_IS_WIDGET (intro));

  if (intro == self->intro)
    return;

  give_back_intro (self);
  g_list_store_remove_all (self->intro_item);
  g_clear_object (&self->intro);
  if (intro != NULL)
    {
      self->intro = g_object_ref_sink (intro);
      g_list_store_append (self->intro_item, intro);
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_INTRO]);
}

GtkWidget *
beckon_message_view_get_intro (BeckonMessageView *self)
{
  g_return_val_if_fail (BECKON_IS_MESSAGE_VIEW (self), NULL);

  return self->intro;
}

void
beckon_message_view_set_models (BeckonMessageView *self,
                                GListModel        *messages,
                                GListModel        *waiting)
{
  g_autoptr (GListStore) none = NULL;
  GListModel            *models[2] = { messages, waiting };
  guint                  n = 0;

  g_return_if_fail (BECKON_IS_MESSAGE_VIEW (self));
  g_return_if_fail (messages == NULL || G_IS_LIST_MODEL (messages));
  g_return_if_fail (waiting == NULL || G_IS_LIST_MODEL (waiting));

  /* The waiting texts are always the third section (a chat being started
   * has them before it has messages). */
  if (messages == NULL && waiting != NULL)
    messages = models[0] = G_LIST_MODEL (none = g_list_store_new (BECKON_TYPE_MESSAGE_COPY));

  if (messages != NULL)
    n++;
  if (waiting != NULL)
    models[n++] = waiting;
  g_list_store_splice (self->sections, 1, g_list_model_get_n_items (G_LIST_MODEL (self->sections)) - 1,
                       (gpointer *) models, n);
  self->stick_to_bottom = TRUE;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

void
beckon_message_view_set_waiting_status (BeckonMessageView *self,
                                        const char        *status)
{
  g_return_if_fail (BECKON_IS_MESSAGE_VIEW (self));

  self->waiting_status = status;
  beckon_message_view_set_waiting_lost (self, self->waiting_lost);
}

void
beckon_message_view_set_waiting_lost (BeckonMessageView *self,
                                      gboolean           lost)
{
  GHashTableIter iter;
  gpointer       row;

  g_return_if_fail (BECKON_IS_MESSAGE_VIEW (self));

  self->waiting_lost = lost;
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    if (beckon_message_row_get_waiting (row) != NULL)
      beckon_message_row_set_waiting (row, beckon_message_row_get_waiting (row), lost, self->waiting_status);
}

void
beckon_message_view_scroll_to_bottom (BeckonMessageView *self)
{
  g_return_if_fail (BECKON_IS_MESSAGE_VIEW (self));

  self->stick_to_bottom = TRUE;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

GtkScrolledWindow *
beckon_message_view_get_scrolled_window (BeckonMessageView *self)
{
  g_return_val_if_fail (BECKON_IS_MESSAGE_VIEW (self), NULL);

  return self->scrolled_window;
}

BeckonMessageRow *
beckon_message_view_find_row (BeckonMessageView *self,
                              const char        *text)
{
  GHashTableIter iter;
  gpointer       row;

  g_return_val_if_fail (BECKON_IS_MESSAGE_VIEW (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    {
      BeckonMessageCopy *message = beckon_message_row_get_message (row);

      if (message != NULL && g_strcmp0 (beckon_message_copy_get_text (message), text) == 0)
        return row;
    }
  return NULL;
}

BeckonMessageRow *
beckon_message_view_get_waiting_row (BeckonMessageView *self,
                                     guint              index)
{
  GListModel         *waiting;
  g_autoptr (GObject) item = NULL;
  GHashTableIter      iter;
  gpointer            row;

  g_return_val_if_fail (BECKON_IS_MESSAGE_VIEW (self), NULL);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->sections)) < 3)
    return NULL;
  waiting = g_list_model_get_item (G_LIST_MODEL (self->sections), 2);
  item = g_list_model_get_item (waiting, index);
  g_object_unref (waiting);
  if (item == NULL)
    return NULL;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    if ((GObject *) beckon_message_row_get_waiting (row) == item)
      return row;
  return NULL;
}

/* beckon-history-window.c: the messages of an ended conversation, read-only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the history kept of one conversation (beckon_history_load_messages_async(),
 * read on a worker thread), oldest first, with who wrote it and when; no
 * composer: the conversation is over.  A recycling GtkListView over the
 * records (its model holds only their positions), so a conversation of
 * thousands of messages opens as fast as a short one.  Message text is
 * always plain text, never markup.
 *
 * Which thread owns what: the window is the GTK thread's; the history is
 * the core's (beckon-core.c), asked there (beckon_core_invoke()) and
 * never touched here; the records it read come back
 * (beckon_core_invoke_owner()) and are this window's from then on.
 */

#include "config.h"

#include "beckon-history-window.h"

#include <glib/gi18n.h>

#include "beckon-tsan-private.h"

struct _BeckonHistoryWindow
{
  AdwWindow parent_instance;

  GtkStack      *stack;
  GtkListView   *list;
  GtkStringList *positions; /* one item per record: the list view's model */
  GPtrArray     *records;   /* BeckonHistoryMessage, oldest first, once loaded */
  GCancellable  *cancellable;
  gboolean       loaded;
};

G_DEFINE_FINAL_TYPE (BeckonHistoryWindow, beckon_history_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static char *
describe_sender (BeckonHistoryMessage *record)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (record->time / 1000);
  g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  /* Translators: when a message of an ended conversation was sent, see g_date_time_format() */
  g_autofree char      *when = local != NULL ? g_date_time_format (local, C_ ("history message time", "%e %b, %H:%M"))
                                             : g_strdup ("");
  const char           *who = record->outgoing ? _ ("You")
                                               : (record->sender != NULL && *record->sender != '\0' ? record->sender
                                                                                                    : _ ("Someone"));

  if (g_strcmp0 (record->state, "failed") == 0)
    /* Translators: a message's sender, its time, and that it never arrived */
    return g_strdup_printf (_ ("%s · %s · Not delivered"), who, when);
  /* Translators: a message's sender and its time */
  return g_strdup_printf (_ ("%s · %s"), who, when);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *sender = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (sender), 0);
  gtk_widget_add_css_class (sender, "caption");
  gtk_widget_add_css_class (sender, "dim-label");
  /* Plain text: nothing a remote party writes is ever markup. */
  gtk_label_set_use_markup (GTK_LABEL (text), FALSE);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_box_append (GTK_BOX (box), sender);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         BeckonHistoryWindow      *self)
{
  guint                 position = gtk_list_item_get_position (item);
  GtkWidget            *box = gtk_list_item_get_child (item);
  GtkWidget            *sender = gtk_widget_get_first_child (box);
  GtkWidget            *text = gtk_widget_get_next_sibling (sender);
  BeckonHistoryMessage *record;
  g_autofree char      *who = NULL;

  if (self->records == NULL || position >= self->records->len)
    return;
  record = g_ptr_array_index (self->records, position);
  who = describe_sender (record);
  gtk_label_set_text (GTK_LABEL (sender), who);
  gtk_label_set_text (GTK_LABEL (text), record->text != NULL ? record->text : "");
  gtk_widget_set_halign (box, record->outgoing ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, who, -1);
}

/* One read: asked on this thread, run on the core's, its outcome back here. */
typedef struct
{
  BeckonCore          *core;
  BeckonHistory       *history; /* the core's: its last reference goes there */
  char                *key;
  BeckonHistoryWindow *window; /* referenced: released on this thread */
  GCancellable        *cancellable;
  /* The outcome, written on the core's thread, read on this one. */
  GPtrArray           *records;
  GError              *error;
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_clear_object (&load->window);
  g_clear_object (&load->cancellable);
  g_free (load->key);
  g_clear_pointer (&load->records, g_ptr_array_unref);
  g_clear_error (&load->error);
  g_free (load);
}

static void
show_records (BeckonHistoryWindow *self,
              GPtrArray           *records,
              const GError        *error)
{
  g_autoptr (GPtrArray) empty = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (records == NULL)
    g_message ("Could not read the conversation's history: %s", error->message);

  self->records = records != NULL ? g_ptr_array_ref (records)
                                  : g_ptr_array_new_with_free_func ((GDestroyNotify) beckon_history_message_free);
  /* The model holds nothing but positions: the records are the data. */
  empty = g_ptr_array_new ();
  for (guint i = 0; i < self->records->len; i++)
    g_ptr_array_add (empty, (gpointer) "");
  g_ptr_array_add (empty, NULL);
  gtk_string_list_splice (self->positions, 0, 0, (const char *const *) empty->pdata);

  gtk_stack_set_visible_child_name (self->stack, self->records->len > 0 ? "messages" : "empty");
  /* The end of the conversation first, as in a chat. */
  if (self->records->len > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", self->records->len - 1);
  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LOADED]);
}

static void
load_return (gpointer data)
{
  Load *load = data;

  BECKON_TSAN_ACQUIRE (load);
  if (!g_cancellable_is_cancelled (load->cancellable))
    show_records (load->window, load->records, load->error);
}

static void
history_unref (gpointer data)
{
  g_object_unref (data);
}

/* On the core's thread. */
static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Load *load = user_data;

  load->records = beckon_history_load_messages_finish (BECKON_HISTORY (object), result, &load->error);
  BECKON_TSAN_RELEASE (load);
  beckon_core_invoke_owner (load->core, load_return, load, load_free);
}

/* On the core's thread: reads on the history's worker, answers there. */
static void
load_run (gpointer data)
{
  Load *load = data;

  BECKON_TSAN_ACQUIRE (load);
  beckon_history_load_messages_async (load->history, load->key, load->cancellable, loaded_cb, load);
  /* Its last reference on the core's thread, where it lives. */
  history_unref (g_steal_pointer (&load->history));
}

static void
beckon_history_window_dispose (GObject *object)
{
  BeckonHistoryWindow *self = BECKON_HISTORY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (beckon_history_window_parent_class)->dispose (object);
}

static void
beckon_history_window_finalize (GObject *object)
{
  BeckonHistoryWindow *self = BECKON_HISTORY_WINDOW (object);

  g_clear_pointer (&self->records, g_ptr_array_unref);

  G_OBJECT_CLASS (beckon_history_window_parent_class)->finalize (object);
}

static void
beckon_history_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BeckonHistoryWindow *self = BECKON_HISTORY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_history_window_class_init (BeckonHistoryWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = beckon_history_window_dispose;
  object_class->finalize = beckon_history_window_finalize;
  object_class->get_property = beckon_history_window_get_property;

  props[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
beckon_history_window_init (BeckonHistoryWindow *self)
{
  GtkWidget                 *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget                 *header = adw_header_bar_new ();
  GtkWidget                 *scrolled = gtk_scrolled_window_new ();
  GtkWidget                 *empty = adw_status_page_new ();
  GtkListItemFactory        *factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkNoSelection) selection = NULL;

  self->cancellable = g_cancellable_new ();
  self->positions = gtk_string_list_new (NULL);
  selection = gtk_no_selection_new (G_LIST_MODEL (self->positions));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_steal_pointer (&selection)), factory));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Messages"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scrolled, TRUE);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "mail-unread-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _ ("No Messages"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty), _ ("No message of this conversation was kept"));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, gtk_spinner_new (), "loading");
  gtk_stack_add_named (self->stack, scrolled, "messages");
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_stack_set_visible_child_name (self->stack, "loading");

  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), content);
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 560);
}

/**
 * beckon_history_window_new:
 * @core: where @history lives
 * @history: where the messages are kept, only ever touched on @core
 * @conversation_key: the conversation (beckon_invitation_item_get_conversation_key())
 * @title: (nullable): whom it was with
 *
 * Returns: (transfer floating): a window that reads the messages and shows them
 */
GtkWidget *
beckon_history_window_new (BeckonCore    *core,
                           BeckonHistory *history,
                           const char    *conversation_key,
                           const char    *title)
{
  BeckonHistoryWindow *self;
  g_autofree char     *heading = NULL;
  Load                *load;

  g_return_val_if_fail (core != NULL, NULL);
  g_return_val_if_fail (history != NULL, NULL);
  g_return_val_if_fail (conversation_key != NULL, NULL);

  self = g_object_new (BECKON_TYPE_HISTORY_WINDOW, NULL);
  if (title != NULL)
    /* Translators: the title of an ended conversation's history, %s is whom it was with */
    heading = g_strdup_printf (_ ("Conversation with %s"), title);
  gtk_window_set_title (GTK_WINDOW (self), heading != NULL ? heading : _ ("Conversation History"));

  load = g_new0 (Load, 1);
  load->core = core;
  load->history = g_object_ref (history);
  load->key = g_strdup (conversation_key);
  load->window = g_object_ref (self);
  load->cancellable = g_object_ref (self->cancellable);
  BECKON_TSAN_RELEASE (load);
  /* Handed on with its outcome, freed here. */
  beckon_core_invoke (core, load_run, load, NULL);
  return GTK_WIDGET (self);
}

gboolean
beckon_history_window_get_loaded (BeckonHistoryWindow *self)
{
  g_return_val_if_fail (BECKON_IS_HISTORY_WINDOW (self), FALSE);

  return self->loaded;
}

guint
beckon_history_window_get_n_messages (BeckonHistoryWindow *self)
{
  g_return_val_if_fail (BECKON_IS_HISTORY_WINDOW (self), 0);

  return self->records != NULL ? self->records->len : 0;
}

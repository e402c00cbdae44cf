/* test-keyboard.c: the application's keyboard shortcuts: every accel is
 * registered with the application and listed in the shortcuts window
 * (gtk/help-overlay.ui, Ctrl+?); the main window's primary menu (F10)
 * offers that window; Ctrl+W closes the main window as its close button
 * does.  The keys go through the windows' own shortcut controllers
 * (GTK 4 makes no key events for a test).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "beckon-application.h"
#include "fake-notification-server.h"
#include "ui-fixture.h"

/* What the shortcuts window must list besides the application's accels:
 * the composer's keys, the primary menu, and New Chat (app.new-chat). */
static const char *const other_keys[] = { "Return", "<Shift>Return", "Escape", "F10", "<Control>n", NULL };

typedef struct
{
  BeckonApplication      *app;
  FakeNotificationServer *notifications;
  BeckonWindow           *window;
} Context;

static void
wait_for (Context                  *ctx,
          FakeNotificationCondition condition,
          gpointer                  data,
          const char               *what)
{
  if (!fake_notification_server_wait (ctx->notifications, condition, data, 20000))
    g_error ("Timed out waiting for %s", what);
}

/* The accelerators the shortcuts window lists, as GTK parses them. */
static GHashTable *
listed_accels (void)
{
  g_autoptr (GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/beckon/Beckon/gtk/help-overlay.ui");
  g_autoptr (GSList)     objects = gtk_builder_get_objects (builder);
  GHashTable            *listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkWindow             *overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      guint            key = 0;
      GdkModifierType  mods = 0;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, NULL);
      g_assert_true (gtk_accelerator_parse (accelerator, &key, &mods));
      g_hash_table_add (listed, gtk_accelerator_name (key, mods));
    }
  gtk_window_destroy (overlay);
  return listed;
}

static void
assert_listed (GHashTable *listed,
               const char *accel)
{
  guint            key = 0;
  GdkModifierType  mods = 0;
  g_autofree char *name = NULL;

  g_assert_true (gtk_accelerator_parse (accel, &key, &mods));
  name = gtk_accelerator_name (key, mods);
  if (!g_hash_table_contains (listed, name))
    g_error ("%s is not in the shortcuts window", accel);
}

static void
assert_accels (Context    *ctx,
               const char *action,
               const char *first,
               const char *second)
{
  g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (ctx->app), action);

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, first);
  g_assert_cmpstr (accels[1], ==, second);
}

/* Each accel, registered where the application sets them, and listed. */
static void
test_accels_listed (gconstpointer data)
{
  Context               *ctx = (Context *) data;
  g_autoptr (GHashTable) listed = listed_accels ();
  g_auto (GStrv)         actions = gtk_application_list_action_descriptions (GTK_APPLICATION (ctx->app));

  assert_accels (ctx, "app.quit", "<Control>q", NULL);
  assert_accels (ctx, "app.preferences", "<Control>comma", NULL);
  assert_accels (ctx, "app.join-meeting", "<Control>j", NULL);
  assert_accels (ctx, "window.close", "<Control>w", NULL);
  assert_accels (ctx, "win.show-help-overlay", "<Control>question", "<Control>slash");

  /* Whatever has an accel is in the shortcuts window (Ctrl+/ is Ctrl+?
   * without Shift: listed once). */
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (ctx->app), actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        if (g_strcmp0 (accels[j], "<Control>slash") != 0)
          assert_listed (listed, accels[j]);
    }
  for (guint i = 0; other_keys[i] != NULL; i++)
    assert_listed (listed, other_keys[i]);
}

static gboolean
has_main_window (gpointer user_data)
{
  Context *ctx = user_data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->app)); l != NULL; l = l->next)
    if (BECKON_IS_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      {
        ctx->window = l->data;
        return TRUE;
      }
  return FALSE;
}

static gboolean
has_shortcuts_window (gpointer user_data)
{
  Context    *ctx = user_data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (ctx->window))
        {
          /* The window's own, hidden on close, shown again next time. */
          gtk_window_close (toplevel);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
main_window_closed (gpointer user_data)
{
  Context *ctx = user_data;

  return !has_main_window (ctx);
}

/* The menu button the window's template calls @id. */
static GtkMenuButton *
find_menu_button (GtkWidget  *widget,
                  const char *id)
{
  if (GTK_IS_MENU_BUTTON (widget) && g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0)
    return GTK_MENU_BUTTON (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkMenuButton *found = find_menu_button (c, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char       *name = NULL;
      g_autoptr (GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) && g_str_equal (name, action))
        return TRUE;
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }
  return FALSE;
}

/* The main window: its primary menu (F10) offers the shortcuts, Ctrl+?
 * (or Ctrl+/) shows them, Ctrl+W closes it. */
static void
test_main_window (gconstpointer data)
{
  Context       *ctx = (Context *) data;
  GtkMenuButton *menu_button;
  GtkWidget     *popover;

  g_application_activate (G_APPLICATION (ctx->app));
  wait_for (ctx, has_main_window, ctx, "the main window");

  /* The primary menu's button, in the header bar (the status button is
   * another). */
  menu_button = find_menu_button (GTK_WIDGET (ctx->window), "menu_button");
  g_assert_nonnull (menu_button);
  g_assert_true (gtk_menu_button_get_primary (menu_button));
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (menu_button), "win.show-help-overlay"));

  g_assert_true (press_shortcut (ctx->window, GDK_KEY_F10, 0));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (menu_button));
  wait_for (ctx, is_mapped, popover, "the primary menu");
  gtk_menu_button_popdown (menu_button);

  g_assert_true (press_shortcut (ctx->window, GDK_KEY_question, GDK_CONTROL_MASK));
  wait_for (ctx, has_shortcuts_window, ctx, "the shortcuts window");
  g_assert_true (press_shortcut (ctx->window, GDK_KEY_slash, GDK_CONTROL_MASK));
  wait_for (ctx, has_shortcuts_window, ctx, "the shortcuts window (Ctrl+/)");

  g_assert_true (press_shortcut (ctx->window, GDK_KEY_w, GDK_CONTROL_MASK));
  wait_for (ctx, main_window_closed, ctx, "the main window to close");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  Context            ctx = { 0 };
  int                status;
  g_autofree char   *data_home = test_private_data_home ();

  gtk_test_init (&argc, &argv, NULL);

  ctx.notifications = fake_notification_server_new_started ();
  ctx.app = beckon_application_new ();
  g_application_set_flags (G_APPLICATION (ctx.app),
                           g_application_get_flags (G_APPLICATION (ctx.app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (ctx.app), NULL, &error));

  g_test_add_data_func ("/keyboard/accels-listed", &ctx, test_accels_listed);
  g_test_add_data_func ("/keyboard/main-window", &ctx, test_main_window);

  status = g_test_run ();

  g_clear_object (&ctx.app);
  fake_notification_server_free (ctx.notifications);
  test_remove_tree (data_home);
  return status;
}

/* test-presence-app.c: the status button and Do Not Disturb, through the
 * whole application against the simulator and a fake notification server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "app-fixture.h"
#include "beckon-application.h"
#include "beckon-status-button.h"
#include "beckon-window.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "presence test password"

typedef struct
{
  AppFixture          fx; /* first: the conditions waited on receive the context */
  BeckonStatusButton *button;
  const char         *want_server; /* availability the simulator shows */
  const char         *want_text;   /* what the button says */
  const char         *want_tooltip;
  guint               want_items;
  const char         *want_summary;
} Context;

static BeckonStatusButton *
find_button (GtkWidget *widget)
{
  if (BECKON_IS_STATUS_BUTTON (widget))
    return BECKON_STATUS_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      BeckonStatusButton *found = find_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_main_window (gpointer user_data)
{
  Context *ctx = user_data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->fx.app)); l != NULL; l = l->next)
    if (BECKON_IS_WINDOW (l->data))
      ctx->button = find_button (l->data);
  return ctx->button != NULL;
}

static gboolean
shows_wanted (gpointer user_data)
{
  Context    *ctx = user_data;
  const char *tooltip = gtk_widget_get_tooltip_text (gtk_widget_get_first_child (GTK_WIDGET (ctx->button)));

  return (ctx->want_server == NULL ||
          g_strcmp0 (ucwa_sim_server_get_availability (ctx->fx.sim, USER), ctx->want_server) == 0) &&
         g_strcmp0 (beckon_status_button_get_text (ctx->button), ctx->want_text) == 0 &&
         (ctx->want_tooltip == NULL || g_strcmp0 (tooltip, ctx->want_tooltip) == 0);
}

static void
wait_shows (Context    *ctx,
            const char *server,
            const char *text,
            const char *tooltip)
{
  ctx->want_server = server;
  ctx->want_text = text;
  ctx->want_tooltip = tooltip;
  app_fixture_wait (&ctx->fx, shows_wanted, text);
}

static void
set_up (Context *ctx)
{
  app_fixture_sign_in (&ctx->fx);
  g_application_activate (G_APPLICATION (ctx->fx.app));
  app_fixture_wait (&ctx->fx, has_main_window, "the main window");
  wait_shows (ctx, "Online", "Available", NULL);
}

/* The menu's label for @availability, and its item's action. */
static void
choose (Context    *ctx,
        const char *availability)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ctx->button), "status.set", "s", availability));
}

/* Each state of the menu reaches the server, and the button shows the
 * server's answer. */
static void
test_each_state (gconstpointer data)
{
  Context    *ctx = (Context *) data;
  GMenuModel *menu;
  GMenuModel *choices;
  GMenuModel *others;
  const char *labels[] = { "Available", "Busy", "Do not disturb", "Be right back", "Away" };
  const char *values[] = { "Online", "Busy", "DoNotDisturb", "BeRightBack", "Away" };

  set_up (ctx);
  menu = beckon_status_button_get_menu (ctx->button);
  choices = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  others = g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (choices), ==, G_N_ELEMENTS (values));

  /* Busy first: Available is where it starts. */
  for (guint k = 0; k < G_N_ELEMENTS (values); k++)
    {
      guint                i = (k + 1) % G_N_ELEMENTS (values);
      g_autofree char     *action = NULL;
      g_autofree char     *label = NULL;
      g_autoptr (GVariant) target = NULL;

      g_assert_true (g_menu_model_get_item_attribute (choices, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      g_assert_true (g_menu_model_get_item_attribute (choices, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      target = g_menu_model_get_item_attribute_value (choices, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
      g_assert_cmpstr (label, ==, labels[i]);
      g_assert_cmpstr (g_variant_get_string (target, NULL), ==, values[i]);
      g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (ctx->button), action, target));
      wait_shows (ctx, values[i], labels[i], NULL);
    }

  {
    g_autofree char *action = NULL;

    g_assert_true (g_menu_model_get_item_attribute (others, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action));
    g_assert_cmpstr (action, ==, "win.sign-out");
  }
  g_object_unref (choices);
  g_object_unref (others);
}

/* The server changes it (a meeting elsewhere, idle): the button follows. */
static void
test_server_change (gconstpointer data)
{
  Context *ctx = (Context *) data;

  /* set_up() waits for Available: no request of ours is on its way that
   * could land after the server's change. */
  set_up (ctx);
  g_assert_true (ucwa_sim_server_set_presence (ctx->fx.sim, USER, "Busy", "In a meeting"));
  wait_shows (ctx, "Busy", "Busy", "In a meeting");
  g_assert_true (ucwa_sim_server_set_presence (ctx->fx.sim, USER, "IdleOnline", NULL));
  wait_shows (ctx, "IdleOnline", "Inactive", "Inactive");
  choose (ctx, "Online");
  wait_shows (ctx, "Online", "Available", NULL);
}

typedef struct
{
  BeckonApplication *app;
  guint              n;
} CoreCount;

static void
core_count_run (gpointer data)
{
  CoreCount *count = data;

  count->n = g_list_model_get_n_items (beckon_account_get_invitations (beckon_application_get_account (count->app)));
}

/* How many invitations the core's account lists now: the copy may not have
 * the last batch yet. */
static guint
core_n_items (Context *ctx)
{
  CoreCount count = { BECKON_APPLICATION (ctx->fx.app), 0 };

  beckon_core_call (beckon_application_get_core (count.app), core_count_run, &count);
  return count.n;
}

static gboolean
copy_in_dnd (gpointer user_data)
{
  Context *ctx = user_data;

  return beckon_account_copy_get_do_not_disturb (beckon_application_get_account_copy (ctx->fx.app));
}

static gboolean
has_items (gpointer user_data)
{
  Context *ctx = user_data;

  return g_list_model_get_n_items (beckon_account_copy_get_invitations (beckon_application_get_account_copy (ctx->fx.app))) >=
         ctx->want_items;
}

/* The invitation that gave up ("Quiet 0"), missed in the copy. */
static gboolean
gone_has_ended (gpointer user_data)
{
  Context    *ctx = user_data;
  GListModel *items = beckon_account_copy_get_invitations (beckon_application_get_account_copy (ctx->fx.app));

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (BeckonInvitationCopy) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (beckon_invitation_copy_get_body (item), "Quiet 0") == 0)
        return beckon_invitation_copy_get_state (item) == BECKON_INVITATION_STATE_MISSED;
    }
  return FALSE;
}

static gboolean
has_summary (gpointer user_data)
{
  Context                     *ctx = user_data;
  g_autoptr (FakeNotification) found = fake_notification_server_find_by_summary (ctx->fx.notifications,
                                                                                 ctx->want_summary);

  return found != NULL;
}

/* In Do Not Disturb invitations go to the list with no popup (no Notify at
 * all, so no sound either); leaving it shows one summary of those still
 * waiting. */
static void
test_do_not_disturb (gconstpointer data)
{
  Context           *ctx = (Context *) data;
  /* The account as the windows show it: its copy. */
  BeckonAccountCopy *account = beckon_application_get_account_copy (ctx->fx.app);
  guint              notified;
  g_autofree char   *gone = NULL;

  set_up (ctx);
  choose (ctx, "DoNotDisturb");
  wait_shows (ctx, "DoNotDisturb", "Do not disturb", NULL);
  app_fixture_wait (&ctx->fx, copy_in_dnd, "Do not disturb in the copy");
  g_assert_true (beckon_account_copy_get_do_not_disturb (account));

  notified = fake_notification_server_get_notify_count (ctx->fx.notifications);
  ctx->want_items = core_n_items (ctx) + 4;
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *text = g_strdup_printf ("Quiet %u", i);
      g_autofree char *id = ucwa_sim_server_start_im_invitation (ctx->fx.sim, NULL, "sip:ada@contoso.com",
                                                                 "Ada Lovelace", text);

      g_assert_nonnull (id);
      if (i == 0)
        gone = g_steal_pointer (&id);
    }
  app_fixture_wait (&ctx->fx, has_items, "the invitations in the list");
  /* One of them gives up before the user is back. */
  g_assert_true (ucwa_sim_server_cancel_invitation (ctx->fx.sim, gone));
  /* ...and the application hears of it before the user is back.  Not a
   * given: the simulator releases its events from an idle on this thread,
   * which a busy frame (ASan's timing) holds back behind its answers to
   * the presence POST and GET; the account then ends Do Not Disturb first
   * and rightly counts four still waiting.  The copy follows the core: once
   * it shows the invitation ended, the core has it ended. */
  app_fixture_wait (&ctx->fx, gone_has_ended, "the cancelled invitation to end in the list");

  choose (ctx, "Online");
  wait_shows (ctx, "Online", "Available", NULL);
  ctx->want_summary = "3 invitations while you were busy";
  app_fixture_wait (&ctx->fx, has_summary, ctx->want_summary);

  /* Nothing but that one summary since Do Not Disturb began. */
  g_assert_cmpuint (fake_notification_server_get_notify_count (ctx->fx.notifications), ==, notified + 1);
  {
    g_autoptr (GPtrArray) all = fake_notification_server_get_notifications (ctx->fx.notifications);
    FakeNotification     *last = g_ptr_array_index (all, all->len - 1);

    g_assert_cmpstr (last->summary, ==, "3 invitations while you were busy");
    g_assert_null (last->sound_name);
  }
}

/* GNOME's own Do Not Disturb, followed while the preference is on. */
static void
test_follow_system (gconstpointer data)
{
  Context              *ctx = (Context *) data;
  g_autoptr (GSettings) system = g_settings_new ("org.gnome.desktop.notifications");
  g_autoptr (GSettings) ours = g_settings_new (APP_ID);

  set_up (ctx);
  g_settings_set_boolean (system, "show-banners", FALSE);
  /* Off: not followed. */
  g_assert_cmpstr (ucwa_sim_server_get_availability (ctx->fx.sim, USER), ==, "Online");

  g_settings_set_boolean (ours, "follow-system-dnd", TRUE);
  wait_shows (ctx, "DoNotDisturb", "Do not disturb", NULL);
  g_settings_set_boolean (system, "show-banners", TRUE);
  wait_shows (ctx, "Online", "Available", NULL);

  /* On again while the user chose Busy meanwhile: Busy is theirs. */
  g_settings_set_boolean (system, "show-banners", FALSE);
  wait_shows (ctx, "DoNotDisturb", "Do not disturb", NULL);
  choose (ctx, "Busy");
  wait_shows (ctx, "Busy", "Busy", NULL);
  g_settings_set_boolean (system, "show-banners", TRUE);
  g_settings_set_boolean (ours, "follow-system-dnd", FALSE);
  choose (ctx, "Online");
  wait_shows (ctx, "Online", "Available", NULL);
}

int
main (int   argc,
      char *argv[])
{
  Context ctx = { 0 };
  int     status;

  app_fixture_init (&ctx.fx, &argc, &argv, USER, PASSWORD);

  g_test_add_data_func ("/presence-app/each-state", &ctx, test_each_state);
  g_test_add_data_func ("/presence-app/server-change", &ctx, test_server_change);
  g_test_add_data_func ("/presence-app/do-not-disturb", &ctx, test_do_not_disturb);
  g_test_add_data_func ("/presence-app/follow-system", &ctx, test_follow_system);

  status = g_test_run ();

  app_fixture_clear (&ctx.fx);
  return status;
}

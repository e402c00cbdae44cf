/* ucwa-sleep-monitor.c: hears the machine wake up from suspend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Package-private.  Listens for logind's PrepareForSleep(false) on the
 * system bus, when there is one (a container or a test may have none, or a
 * private one at DBUS_SYSTEM_BUS_ADDRESS), and emits "resumed".  The event
 * channel needs it because its watchdog runs on monotonic time, which
 * stands still while the machine sleeps.  Lives on the thread-default main
 * context of the thread that created it.
 */

#include "config.h"

#include "ucwa-sleep-monitor-private.h"

struct _UcwaSleepMonitor
{
  GObject parent_instance;

  GDBusConnection *system_bus;
  guint            subscription;
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (UcwaSleepMonitor, ucwa_sleep_monitor, G_TYPE_OBJECT)

enum {
  SIGNAL_RESUMED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
free_weak_ref (gpointer data)
{
  GWeakRef *weak = data;

  if (weak == NULL)
    return;
  g_weak_ref_clear (weak);
  g_free (weak);
}

static void
prepare_for_sleep_cb (GDBusConnection *connection,
                      const char      *sender_name,
                      const char      *object_path,
                      const char      *interface_name,
                      const char      *signal_name,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  g_autoptr (UcwaSleepMonitor) self = g_weak_ref_get (user_data);
  gboolean                     going_to_sleep = FALSE;

  if (self == NULL || !g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &going_to_sleep);

  if (!going_to_sleep)
    g_signal_emit (self, signals[SIGNAL_RESUMED], 0);
}

static void
system_bus_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GWeakRef                    *weak = user_data;
  g_autoptr (UcwaSleepMonitor) self = g_weak_ref_get (weak);
  g_autoptr (GDBusConnection)  bus = NULL;
  g_autoptr (GError)           error = NULL;

  /* The same weak reference serves the subscription, which outlives no
   * monitor: a signal already queued when it goes finds nobody. */
  bus = g_bus_get_finish (result, &error);
  if (bus == NULL || self == NULL || g_cancellable_is_cancelled (self->cancellable))
    free_weak_ref (g_steal_pointer (&weak));
  if (bus == NULL)
    {
      g_debug ("No system bus, not watching for suspend: %s", error->message);
      return;
    }
  if (self == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  self->system_bus = g_steal_pointer (&bus);
  self->subscription =
    g_dbus_connection_signal_subscribe (self->system_bus, "org.freedesktop.login1",
                                        "org.freedesktop.login1.Manager", "PrepareForSleep",
                                        "/org/freedesktop/login1", NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        prepare_for_sleep_cb, g_steal_pointer (&weak), free_weak_ref);
}

static void
ucwa_sleep_monitor_dispose (GObject *object)
{
  UcwaSleepMonitor *self = UCWA_SLEEP_MONITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->system_bus != NULL && self->subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->subscription);
  self->subscription = 0;
  g_clear_object (&self->system_bus);

  G_OBJECT_CLASS (ucwa_sleep_monitor_parent_class)->dispose (object);
}

static void
ucwa_sleep_monitor_class_init (UcwaSleepMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ucwa_sleep_monitor_dispose;

  signals[SIGNAL_RESUMED] =
    g_signal_new ("resumed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ucwa_sleep_monitor_init (UcwaSleepMonitor *self)
{
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  self->cancellable = g_cancellable_new ();
  g_weak_ref_init (weak, self);
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, system_bus_cb, weak);
}

UcwaSleepMonitor *
ucwa_sleep_monitor_new (void)
{
  return g_object_new (UCWA_TYPE_SLEEP_MONITOR, NULL);
}

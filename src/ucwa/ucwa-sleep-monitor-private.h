/* ucwa-sleep-monitor-private.h: hears the machine wake up from suspend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define UCWA_TYPE_SLEEP_MONITOR (ucwa_sleep_monitor_get_type ())
G_DECLARE_FINAL_TYPE (UcwaSleepMonitor, ucwa_sleep_monitor, UCWA, SLEEP_MONITOR, GObject)

/* Signal "resumed" (no arguments): the machine woke up from suspend. */
UcwaSleepMonitor *ucwa_sleep_monitor_new (void);

G_END_DECLS

/* bench-realistic-bare.h: bench-realistic's baseline, a bare GTK window in a process of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BENCH_BARE_FRAMES 200

int bench_realistic_run_bare_window (guint idle_s);

G_END_DECLS

/* bench-util.h: what the benchmarks share: percentiles, the simulator they
 * run against and when it released an invitation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ucwa-sim-server.h"

G_BEGIN_DECLS

/* Whom every benchmark signs in as. */
#define BENCH_USER     "sip:alice@contoso.com"
#define BENCH_PASSWORD "bench"

double         bench_percentile (GArray *values,
                                 double  p);
double         bench_percentile_ms (GArray *values_us,
                                    double  p);
UcwaSimServer *bench_start_simulator (const char *display_name,
                                      char      **root);
void           bench_stamp_invitation_releases (UcwaSimServer *sim,
                                                gint64        *released_at);
void           bench_run_until (gboolean *done);
void           bench_settle (void);
gint64         bench_thread_cpu_us (void);

G_END_DECLS

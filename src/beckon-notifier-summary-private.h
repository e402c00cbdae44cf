/* beckon-notifier-summary-private.h: the notifier's "N more invitations"
 * notification, re-rendered at most once per main-loop turn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Package-private: BeckonNotifier's (see beckon-notifier-summary.c).
 */
#pragma once

#include "beckon-notify-worker-private.h"

G_BEGIN_DECLS

/* What the summary counts now: the invitations beyond the popups that
 * still ring, and the missed ones the user has not seen. */
typedef void (*BeckonNotifierSummaryCountFunc) (gpointer user_data,
                                                guint   *n_more,
                                                guint   *n_missed);

typedef struct _BeckonNotifierSummary BeckonNotifierSummary;

/* On the caller's thread-default context, which it must run; shows on
 * @worker (not owned: free the summary before the worker stops) as @key. */
BeckonNotifierSummary *beckon_notifier_summary_new (BeckonNotifyWorker            *worker,
                                                    guint                          key,
                                                    BeckonNotifierSummaryCountFunc count,
                                                    gpointer                       user_data);
void                   beckon_notifier_summary_free (BeckonNotifierSummary *summary);

void beckon_notifier_summary_changed (BeckonNotifierSummary *summary);
void beckon_notifier_summary_seen (BeckonNotifierSummary *summary);
void beckon_notifier_summary_gone (BeckonNotifierSummary *summary);
void beckon_notifier_summary_stop (BeckonNotifierSummary *summary);

G_END_DECLS

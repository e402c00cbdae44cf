/* beckon-notifier-summary.c: the notifier's "N more invitations" notification
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One notification counts the invitations beyond the popups, and the missed
 * ones among them.  The counts come from every entry of the notifier, so a
 * burst (fifty invitations in one events response) would re-send it for each
 * one.  Its changes are coalesced instead: a change only marks it stale, and
 * an idle source re-renders it once the turn's work is done (after the
 * events and replies at default priority, before a frame paints), from the
 * counts as they are then, so the last state always goes out.
 *
 * Everything here runs on the notifier's thread, on the thread-default main
 * context it was created on; the worker it shows on is the notifier's.
 */

#include "config.h"

#include "beckon-notifier-summary-private.h"

#include <glib/gi18n.h>

struct _BeckonNotifierSummary
{
  BeckonNotifyWorker            *worker;
  guint                          key;
  BeckonNotifierSummaryCountFunc count;
  gpointer                       user_data;
  GMainContext                  *context;
  GSource                       *source;   /* a change waits for the end of the turn */
  char                          *rendered; /* signature of what it shows, NULL if nothing */
  gboolean                       stopped;
};

BeckonNotifierSummary *
beckon_notifier_summary_new (BeckonNotifyWorker            *worker,
                             guint                          key,
                             BeckonNotifierSummaryCountFunc count,
                             gpointer                       user_data)
{
  BeckonNotifierSummary *summary = g_new0 (BeckonNotifierSummary, 1);

  summary->worker = worker;
  summary->key = key;
  summary->count = count;
  summary->user_data = user_data;
  summary->context = g_main_context_ref_thread_default ();
  return summary;
}

static void
unschedule (BeckonNotifierSummary *summary)
{
  if (summary->source == NULL)
    return;
  g_source_destroy (summary->source);
  g_clear_pointer (&summary->source, g_source_unref);
}

void
beckon_notifier_summary_free (BeckonNotifierSummary *summary)
{
  unschedule (summary);
  g_main_context_unref (summary->context);
  g_free (summary->rendered);
  g_free (summary);
}

static BeckonNotifyContent *
content_new (guint n_more,
             guint n_missed)
{
  BeckonNotifyContent *content = g_new0 (BeckonNotifyContent, 1);

  if (n_more > 0)
    {
      content->summary = g_strdup_printf (ngettext ("%u more invitation", "%u more invitations", n_more), n_more);
      if (n_missed > 0)
        content->body = g_strdup_printf (ngettext ("%u missed invitation", "%u missed invitations", n_missed), n_missed);
      else
        content->body = g_strdup (_ ("Open the list of invitations to answer them."));
      /* It stays while any of them rings. */
      content->timeout = NOTIFY_EXPIRES_NEVER;
    }
  else
    {
      content->summary = g_strdup_printf (ngettext ("%u missed invitation", "%u missed invitations", n_missed), n_missed);
      content->timeout = NOTIFY_EXPIRES_DEFAULT;
    }
  content->category = "im.received";
  content->urgency = NOTIFY_URGENCY_NORMAL;
  return content;
}

/* @quietly: the user has seen what the counts changed (the missed ones): only
 * remembered as shown. */
static void
render (BeckonNotifierSummary *summary,
        gboolean               quietly)
{
  guint                           n_more = 0;
  guint                           n_missed = 0;
  g_autoptr (BeckonNotifyContent) content = NULL;
  g_autofree char                *signature = NULL;

  summary->count (summary->user_data, &n_more, &n_missed);
  if (n_more == 0 && n_missed == 0)
    {
      if (summary->rendered != NULL && !quietly)
        beckon_notify_worker_close (summary->worker, summary->key);
      g_clear_pointer (&summary->rendered, g_free);
      return;
    }

  content = content_new (n_more, n_missed);
  signature = beckon_notify_content_signature (content);
  if (g_strcmp0 (signature, summary->rendered) == 0)
    return;
  g_free (summary->rendered);
  summary->rendered = g_steal_pointer (&signature);
  if (!quietly)
    beckon_notify_worker_show (summary->worker, summary->key, g_steal_pointer (&content));
}

static gboolean
render_idle_cb (gpointer user_data)
{
  BeckonNotifierSummary *summary = user_data;

  g_clear_pointer (&summary->source, g_source_unref);
  render (summary, FALSE);
  return G_SOURCE_REMOVE;
}

/* The counts may have changed: re-rendered once, when this turn is done. */
void
beckon_notifier_summary_changed (BeckonNotifierSummary *summary)
{
  if (summary->source != NULL || summary->stopped)
    return;
  summary->source = g_idle_source_new ();
  /* Ahead of GTK's layout and paint: a frame never delays it. */
  g_source_set_priority (summary->source, G_PRIORITY_HIGH_IDLE);
  g_source_set_callback (summary->source, render_idle_cb, summary, NULL);
  g_source_set_static_name (summary->source, "[beckon] notifier summary");
  g_source_attach (summary->source, summary->context);
}

/* The user has seen it (and the caller has cleared the missed counts): what
 * it says now needs no Notify.  A change still waiting has not been seen,
 * though: it goes out as it is then. */
void
beckon_notifier_summary_seen (BeckonNotifierSummary *summary)
{
  if (summary->source == NULL)
    render (summary, TRUE);
}

/* Off the screen without a dismissal (the portal closes it on a click): the
 * next change shows it anew. */
void
beckon_notifier_summary_gone (BeckonNotifierSummary *summary)
{
  g_clear_pointer (&summary->rendered, g_free);
}

/* Shutting down: nothing is shown any more (the worker closes what shows). */
void
beckon_notifier_summary_stop (BeckonNotifierSummary *summary)
{
  summary->stopped = TRUE;
  unschedule (summary);
  g_clear_pointer (&summary->rendered, g_free);
}

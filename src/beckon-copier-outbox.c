/* beckon-copier-outbox.c: a followed conversation's outbox, and what the
 * copies see of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core's thread only, as the rest of the copier (beckon-copier.c says
 * which thread owns what).  What the user sends from a conversation's
 * window goes through one BeckonOutbox per conversation followed
 * (beckon-outbox.c): it keeps what is written while the session
 * reconnects and fails, with the reason, what the server does not
 * confirm in time.  Its waiting texts, whether they will never go, and
 * each message's failure are copied with the conversation's snapshots, so
 * that the window shows them as it did when the outbox was its own.
 */

#include "config.h"

#include "beckon-copier-private.h"

#include <gtk/gtk.h>

static void
outbox_failed_cb (ConvWatch   *watch,
                  UcwaMessage *message,
                  const char  *reason)
{
  /* Only a listed message has a copy to say it on. */
  if (!g_hash_table_contains (watch->message_ids, message))
    return;
  g_hash_table_insert (watch->failures, message, g_strdup (reason));
  g_hash_table_add (watch->dirty_messages, message);
  _beckon_copier_conv_mark (watch);
}

BeckonOutbox *
_beckon_copier_watch_outbox (ConvWatch *watch)
{
  if (watch->outbox != NULL)
    return watch->outbox;

  watch->outbox = beckon_outbox_new (watch->copier->session, watch->conversation);
  if (watch->send_timeout_ms > 0)
    beckon_outbox_set_send_timeout (watch->outbox, watch->send_timeout_ms);
  g_signal_connect_swapped (watch->outbox, "failed", G_CALLBACK (outbox_failed_cb), watch);
  g_signal_connect_swapped (beckon_outbox_get_waiting (watch->outbox), "items-changed",
                            G_CALLBACK (_beckon_copier_conv_mark), watch);
  return watch->outbox;
}

static gboolean
is_over (UcwaConversation *conversation)
{
  UcwaConversationState state = ucwa_conversation_get_state (conversation);

  return state == UCWA_CONVERSATION_STATE_DISCONNECTING || state == UCWA_CONVERSATION_STATE_DISCONNECTED;
}

/* The session or the conversation changed: what waits goes out, or, once
 * the conversation ended, never will. */
void
_beckon_copier_watch_outbox_update (ConvWatch *watch)
{
  if (watch->outbox == NULL)
    return;

  if (is_over (watch->conversation))
    {
      if (!beckon_outbox_get_gave_up (watch->outbox) &&
          g_list_model_get_n_items (beckon_outbox_get_waiting (watch->outbox)) > 0)
        {
          beckon_outbox_give_up (watch->outbox);
          _beckon_copier_conv_mark (watch);
        }
      return;
    }
  beckon_outbox_flush (watch->outbox);
}

void
_beckon_copier_watch_outbox_free (ConvWatch *watch)
{
  if (watch->outbox == NULL)
    return;

  g_signal_handlers_disconnect_by_data (watch->outbox, watch);
  g_signal_handlers_disconnect_by_data (beckon_outbox_get_waiting (watch->outbox), watch);
  /* Sends under way hold it: cancelled now, they report to nobody. */
  g_object_run_dispose (G_OBJECT (watch->outbox));
  g_clear_object (&watch->outbox);
}

void
_beckon_copier_watch_outbox_snapshot (ConvWatch                  *watch,
                                      BeckonConversationSnapshot *snapshot)
{
  GListModel *waiting = watch->outbox != NULL ? beckon_outbox_get_waiting (watch->outbox) : NULL;
  guint       n = waiting != NULL ? g_list_model_get_n_items (waiting) : 0;

  snapshot->waiting = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GtkStringObject) text = g_list_model_get_item (waiting, i);

      snapshot->waiting[i] = g_strdup (gtk_string_object_get_string (text));
    }
  snapshot->waiting_lost = n > 0 && beckon_outbox_get_gave_up (watch->outbox);
}

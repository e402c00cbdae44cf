/* beckon-copy-snapshots.c: freeing the snapshots and batches that cross from the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which thread: whichever lets go of them last.  A snapshot is made on the
 * core's thread (beckon-copier.c), handed over once in a batch, and from
 * then on belongs to the owner's (beckon-account-copy.c), which frees it
 * after applying it; a batch that never ran (the owner's context went
 * away) is freed where GLib drops it.  Nothing in them is shared: strings,
 * and objects that are immutable once made (a GTlsCertificate, a GError).
 */

#include "config.h"

#include "beckon-copy-private.h"

void
beckon_invitation_snapshot_free (gpointer data)
{
  BeckonInvitationSnapshot *snapshot = data;

  g_free (snapshot->inviter);
  g_free (snapshot->summary);
  g_free (snapshot->body);
  g_free (snapshot->status_text);
  g_free (snapshot->error_message);
  g_free (snapshot->conversation_key);
  g_free (snapshot->accept_refusal);
  g_free (snapshot->decline_refusal);
  g_free (snapshot->inviter_uri);
  g_clear_pointer (&snapshot->received, g_date_time_unref);
  g_free (snapshot);
}

void
beckon_message_snapshot_free (gpointer data)
{
  BeckonMessageSnapshot *snapshot = data;

  g_free (snapshot->text);
  g_free (snapshot->html);
  g_free (snapshot->sender_name);
  g_free (snapshot->failure);
  g_free (snapshot);
}

void
beckon_participant_snapshot_free (gpointer data)
{
  BeckonParticipantSnapshot *snapshot = data;

  g_free (snapshot->name);
  g_free (snapshot->uri);
  g_free (snapshot);
}

void
beckon_copy_splice_free (gpointer data)
{
  BeckonCopySplice *splice = data;

  g_ptr_array_unref (splice->added);
  g_free (splice);
}

void
_beckon_conversation_snapshot_free (gpointer data)
{
  BeckonConversationSnapshot *snapshot = data;

  g_strfreev (snapshot->waiting);
  g_free (snapshot->title);
  g_free (snapshot->subject);
  g_clear_pointer (&snapshot->participants, g_ptr_array_unref);
  g_clear_pointer (&snapshot->typing, g_ptr_array_unref);
  g_ptr_array_unref (snapshot->message_splices);
  g_ptr_array_unref (snapshot->message_updates);
  g_free (snapshot);
}

static void
account_snapshot_free (BeckonAccountSnapshot *snapshot)
{
  g_free (snapshot->status_text);
  g_free (snapshot->display_name);
  g_free (snapshot->user);
  g_free (snapshot->availability);
  g_free (snapshot->activity);
  g_clear_error (&snapshot->session_error);
  g_clear_object (&snapshot->refused_certificate);
  g_free (snapshot);
}

void
beckon_copy_batch_free (BeckonCopyBatch *batch)
{
  g_clear_pointer (&batch->account, account_snapshot_free);
  g_ptr_array_unref (batch->conversations);
  g_ptr_array_unref (batch->invitation_splices);
  g_ptr_array_unref (batch->invitation_updates);
  g_array_unref (batch->added);
  g_array_unref (batch->ready);
  g_array_unref (batch->dropped);
  g_array_unref (batch->followed);
  g_free (batch);
}

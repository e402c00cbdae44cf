/* beckon-notifier-entry.c: one invitation's notification, a part of BeckonNotifier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An entry follows one BeckonInvitationItem: it pops up while there is room
 * (max-popups), overflows into the "N more invitations" summary otherwise,
 * and its notification says what the item says as it changes (ringing,
 * "Joining…", the failure, "Missed…").  The events of the worker (clicks,
 * closes) are handled in beckon-notifier.c, which moves entries on through
 * beckon_notifier_entry_update().  Runs on the notifier's context.
 */

#include "config.h"

#include "beckon-notifier-entry-private.h"

#include <glib/gi18n.h>

#include "beckon-notification-content-private.h"

gboolean
beckon_notifier_item_is_open (BeckonInvitationItem *item)
{
  switch (beckon_invitation_item_get_state (item))
    {
    case BECKON_INVITATION_STATE_PENDING:
    case BECKON_INVITATION_STATE_JOINING:
    case BECKON_INVITATION_STATE_DECLINING:
    case BECKON_INVITATION_STATE_IN_LOBBY:
      return TRUE;

    case BECKON_INVITATION_STATE_FAILED:
      return beckon_invitation_item_get_answerable (item);

    case BECKON_INVITATION_STATE_ACCEPTED:
    case BECKON_INVITATION_STATE_DECLINED:
    case BECKON_INVITATION_STATE_MISSED:
    case BECKON_INVITATION_STATE_ANSWERED_ELSEWHERE:
    case BECKON_INVITATION_STATE_NOT_JOINED:
    default:
      return FALSE;
    }
}

/* Takes @content. */
static void
entry_show (BeckonNotifierEntry *entry,
            BeckonNotifyContent *content)
{
  BeckonNotifier  *self = entry->self;
  g_autofree char *signature = beckon_notify_content_signature (content);

  if (entry->dismissed || g_strcmp0 (signature, entry->rendered) == 0)
    {
      beckon_notify_content_free (content);
      return;
    }

  g_free (entry->rendered);
  entry->rendered = g_steal_pointer (&signature);
  beckon_notify_worker_show (self->worker, entry->popup_key, content);
}

static void
entry_close_popup (BeckonNotifierEntry *entry)
{
  if (entry->rendered == NULL)
    return;
  g_clear_pointer (&entry->rendered, g_free);
  beckon_notify_worker_close (entry->self->worker, entry->popup_key);
}

static void
entry_show_missed (BeckonNotifierEntry *entry)
{
  BeckonNotifier *self = entry->self;

  /* One per invitation: a separate notification, the ringing one is
   * withdrawn first (the server may not replace in place). */
  if (entry->missed_key != 0)
    return;
  entry->missed_key = beckon_notifier_new_key (self);
  if (!beckon_notify_worker_get_on_portal (self->worker))
    {
      self->n_missed_live++;
      entry->missed_live = TRUE;
    }
  g_hash_table_insert (self->keys, GUINT_TO_POINTER (entry->missed_key), entry);
  beckon_notify_worker_show (self->worker, entry->missed_key, beckon_notify_content_new_missed (self->account, entry->item));
}

static void
entry_leave_popup (BeckonNotifierEntry *entry)
{
  g_assert (entry->mode == ENTRY_POPUP);
  entry->mode = ENTRY_DONE;
  entry->self->n_popups--;
}

static void
entry_update_popup (BeckonNotifierEntry *entry)
{
  BeckonInvitationItem *item = entry->item;

  switch (beckon_invitation_item_get_state (item))
    {
    case BECKON_INVITATION_STATE_PENDING:
      entry_show (entry, beckon_notify_content_new_ringing (entry->self->account, item));
      break;

    case BECKON_INVITATION_STATE_JOINING:
      entry_show (entry, beckon_notify_content_new_busy (item, _ ("Joining…")));
      break;

    case BECKON_INVITATION_STATE_DECLINING:
      entry_show (entry, beckon_notify_content_new_busy (item, _ ("Declining…")));
      break;

    case BECKON_INVITATION_STATE_IN_LOBBY:
      /* The user's own accept, still theirs: the conversation window is
       * open too, with "Leave". */
      entry_show (entry, beckon_notify_content_new_busy (item, _ ("Waiting in the lobby…")));
      break;

    case BECKON_INVITATION_STATE_FAILED:
      entry_show (entry, beckon_notify_content_new_failed (entry->self->account, item));
      /* Not answerable any more: the error stays until the user closes it,
       * but the invitation no longer takes a popup's place. */
      if (!beckon_invitation_item_get_answerable (item))
        entry_leave_popup (entry);
      break;

    case BECKON_INVITATION_STATE_ACCEPTED:
    case BECKON_INVITATION_STATE_DECLINED:
      /* ACCEPTED: the app opens the conversation window. */
      entry_close_popup (entry);
      entry_leave_popup (entry);
      break;

    case BECKON_INVITATION_STATE_NOT_JOINED:
      /* The user left the lobby (or was not let in): the window said so;
       * the list keeps why. */
    case BECKON_INVITATION_STATE_ANSWERED_ELSEWHERE:
      /* The user answered it on another device: they know, so no
       * "answered elsewhere" notice; it is in the window's list. */
      entry_close_popup (entry);
      entry_leave_popup (entry);
      break;

    case BECKON_INVITATION_STATE_MISSED:
      entry_close_popup (entry);
      entry_show_missed (entry);
      entry_leave_popup (entry);
      break;

    default:
      g_warn_if_reached ();
      break;
    }
}

void
beckon_notifier_entry_update (BeckonNotifierEntry *entry)
{
  BeckonNotifier *self = entry->self;

  if (self->shut_down)
    return;

  if (entry->mode == ENTRY_NEW)
    {
      /* The account decides; quiet ones wait for the end of Do Not Disturb. */
      if (beckon_account_invitation_is_quiet (self->account, entry->item))
        entry->mode = ENTRY_QUIET;
      else if (beckon_notifier_item_is_open (entry->item))
        {
          if (self->n_popups < self->max_popups)
            {
              entry->mode = ENTRY_POPUP;
              entry->popup_key = beckon_notifier_new_key (self);
              g_hash_table_insert (self->keys, GUINT_TO_POINTER (entry->popup_key), entry);
              self->n_popups++;
            }
          else
            entry->mode = ENTRY_OVERFLOW;
        }
      else
        {
          /* Rang and ended before we heard of it (a long reconnect): told,
           * but a burst of those goes into the summary too. */
          entry->mode = ENTRY_DONE;
          if (beckon_invitation_item_get_state (entry->item) == BECKON_INVITATION_STATE_MISSED)
            {
              if (self->n_popups + self->n_missed_live < self->max_popups)
                entry_show_missed (entry);
              else
                {
                  entry->missed_unseen = TRUE;
                  beckon_notifier_summary_changed (self->summary);
                }
            }
        }
    }

  switch (entry->mode)
    {
    case ENTRY_POPUP:
      entry_update_popup (entry);
      break;

    case ENTRY_OVERFLOW:
      if (!beckon_notifier_item_is_open (entry->item))
        {
          /* Missed ones are told in the summary, not one by one. */
          if (beckon_invitation_item_get_state (entry->item) == BECKON_INVITATION_STATE_MISSED)
            entry->missed_unseen = TRUE;
          entry->mode = ENTRY_DONE;
        }
      beckon_notifier_summary_changed (self->summary);
      break;

    case ENTRY_QUIET:
      /* Ended while quiet: the list says so, nothing pops up. */
      if (!beckon_notifier_item_is_open (entry->item))
        entry->mode = ENTRY_DONE;
      break;

    case ENTRY_NEW:
    case ENTRY_DONE:
    default:
      break;
    }
}

static void
item_notify_cb (BeckonInvitationItem *item,
                GParamSpec           *pspec,
                BeckonNotifierEntry  *entry)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "state") || g_str_equal (name, "error-message") ||
      g_str_equal (name, "answerable") || g_str_equal (name, "summary") ||
      g_str_equal (name, "body"))
    beckon_notifier_entry_update (entry);
}

void
beckon_notifier_entry_free (BeckonNotifierEntry *entry)
{
  g_clear_signal_handler (&entry->notify_handler, entry->item);
  g_clear_object (&entry->item);
  g_free (entry->rendered);
  g_free (entry);
}

BeckonNotifierEntry *
beckon_notifier_entry_track (BeckonNotifier       *self,
                             BeckonInvitationItem *item)
{
  BeckonNotifierEntry *entry;

  /* Exactly once per invitation, whatever the account repeats. */
  entry = g_hash_table_lookup (self->entries, item);
  if (entry != NULL)
    return entry;

  entry = g_new0 (BeckonNotifierEntry, 1);
  entry->self = self;
  entry->item = g_object_ref (item);
  entry->notify_handler = g_signal_connect (item, "notify", G_CALLBACK (item_notify_cb), entry);
  g_hash_table_insert (self->entries, item, entry);
  return entry;
}

/* Lets go of an entry whose item the account no longer keeps, once nothing
 * of it is on screen: a service that runs for weeks stays flat. */
gboolean
beckon_notifier_entry_drop_if_forgotten (BeckonNotifierEntry *entry)
{
  BeckonNotifier *self = entry->self;

  if (!entry->forgotten || entry->missed_live || entry->rendered != NULL || entry->mode == ENTRY_POPUP)
    return FALSE;

  /* Still counted in the summary until the user has seen it. */
  if (entry->missed_unseen)
    self->n_missed_gone++;
  if (entry->popup_key != 0 && g_hash_table_lookup (self->keys, GUINT_TO_POINTER (entry->popup_key)) == entry)
    g_hash_table_remove (self->keys, GUINT_TO_POINTER (entry->popup_key));
  if (entry->missed_key != 0)
    {
      g_hash_table_remove (self->keys, GUINT_TO_POINTER (entry->missed_key));
      /* The portal never says a notice closed: the worker still holds it. */
      if (beckon_notify_worker_get_on_portal (self->worker))
        beckon_notify_worker_forget (self->worker, entry->missed_key);
    }
  g_hash_table_remove (self->entries, entry->item);
  return TRUE;
}

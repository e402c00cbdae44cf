/* beckon-account-copy-follow.c: the tests' ways from the core's objects to their copies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which thread owns what: as beckon-account-copy.c's.  Everything here is
 * called on the owner's thread by what holds the core's objects there
 * (the tests and the benchmarks, which drive the core): each call waits
 * for the core (beckon_core_call()), where the pointers it hands over are
 * only compared or followed, never read on this thread.  The application
 * does not use them: the core's messages name the copies by their ids
 * (_beckon_account_copy_lookup_item(), _lookup_conversation()), so that no
 * click and no notification waits for the core.
 */

#include "config.h"

#include "beckon-account-copy.h"

#include "beckon-copy-private.h"
#include "beckon-tsan-private.h"

typedef struct
{
  BeckonCopier               *copier;
  BeckonInvitationItem       *item;
  UcwaConversation           *conversation;
  BeckonInvitationSnapshot   *item_snapshot;
  BeckonConversationSnapshot *snapshot;
} Follow;

static void
follow_cb (gpointer data)
{
  Follow *follow = data;

  if (follow->item != NULL)
    follow->item_snapshot = _beckon_copier_follow_item (follow->copier, follow->item, &follow->snapshot);
  else
    follow->snapshot = _beckon_copier_follow_conversation (follow->copier, follow->conversation);
  BECKON_TSAN_RELEASE (follow);
}

/* Applies what the core says of them at once; *@conversation_id, the
 * conversation's id (0: none). */
static BeckonInvitationCopy *
follow (BeckonAccountCopy *self,
        Follow            *follow,
        guint64           *conversation_id)
{
  BeckonInvitationCopy *copy;

  follow->copier = _beckon_account_copy_get_copier (self);
  if (follow->copier != NULL)
    beckon_core_call (_beckon_account_copy_get_core (self), follow_cb, follow);
  BECKON_TSAN_ACQUIRE (follow);
  copy = _beckon_account_copy_adopt (self, follow->item_snapshot, follow->snapshot);
  *conversation_id = follow->snapshot != NULL ? follow->snapshot->id : 0;
  g_clear_pointer (&follow->item_snapshot, beckon_invitation_snapshot_free);
  g_clear_pointer (&follow->snapshot, _beckon_conversation_snapshot_free);
  return copy;
}

BeckonInvitationCopy *
_beckon_account_copy_follow_item (BeckonAccountCopy    *self,
                                  BeckonInvitationItem *item)
{
  Follow  o = { .item = item };
  guint64 conversation_id;

  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), NULL);

  return follow (self, &o, &conversation_id);
}

BeckonConversationCopy *
_beckon_account_copy_follow_conversation (BeckonAccountCopy *self,
                                          UcwaConversation  *conversation)
{
  Follow  o = { .conversation = conversation };
  guint64 id;

  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), NULL);

  follow (self, &o, &id);
  return _beckon_account_copy_lookup_conversation (self, id);
}

typedef struct
{
  BeckonCopier         *copier;
  BeckonInvitationItem *item;
  guint64               id;
} Lookup;

static void
lookup_cb (gpointer data)
{
  Lookup *lookup = data;

  lookup->id = _beckon_copier_lookup_item (lookup->copier, lookup->item);
}

/**
 * beckon_account_copy_find_item:
 * @item: the core's item, only compared there
 *
 * The copy of @item, for the tests that hold the core's items; it waits
 * for the core (beckon_core_call()).  The application finds the copies by
 * the ids the core sends (_beckon_account_copy_lookup_item()).
 *
 * Returns: (transfer none) (nullable): @item's copy, if it has one yet
 */
BeckonInvitationCopy *
beckon_account_copy_find_item (BeckonAccountCopy    *self,
                               BeckonInvitationItem *item)
{
  Lookup lookup = { NULL, item, 0 };

  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), NULL);

  lookup.copier = _beckon_account_copy_get_copier (self);
  if (lookup.copier == NULL || item == NULL)
    return NULL;
  beckon_core_call (_beckon_account_copy_get_core (self), lookup_cb, &lookup);
  return _beckon_account_copy_lookup_item (self, lookup.id);
}

typedef struct
{
  BeckonCopier     *copier;
  guint64           id;
  UcwaConversation *conversation;
} CoreLookup;

static void
core_lookup_cb (gpointer data)
{
  CoreLookup *lookup = data;

  lookup->conversation = _beckon_copier_core_conversation (lookup->copier, lookup->id);
}

UcwaConversation *
_beckon_account_copy_get_core_conversation (BeckonAccountCopy      *self,
                                            BeckonConversationCopy *conversation)
{
  CoreLookup lookup = { NULL, 0, NULL };

  g_return_val_if_fail (BECKON_IS_ACCOUNT_COPY (self), NULL);
  g_return_val_if_fail (BECKON_IS_CONVERSATION_COPY (conversation), NULL);

  lookup.copier = _beckon_account_copy_get_copier (self);
  lookup.id = _beckon_conversation_copy_get_id (conversation);
  if (lookup.copier != NULL)
    beckon_core_call (_beckon_account_copy_get_core (self), core_lookup_cb, &lookup);
  return lookup.conversation;
}

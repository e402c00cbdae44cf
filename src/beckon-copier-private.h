/* beckon-copier-private.h: the copier's state, shared by the files that
 * make it up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * beckon-copier.c (what changed, once per turn) and
 * beckon-copier-commands.c (the GTK thread's commands, run on the core's)
 * only; which thread owns what is said in beckon-copier.c.
 */
#pragma once

#include "beckon-copy-private.h"
#include "beckon-outbox.h"

G_BEGIN_DECLS

typedef struct _ConvWatch ConvWatch;

struct _BeckonCopier
{
  gint        ref_count; /* atomic */
  BeckonCore *core;      /* set at creation, read-only */

  /* The core's thread only, from here on. */
  BeckonAccount     *account;
  UcwaSession       *session;
  BeckonAccountCopy *copy; /* referenced per batch, never touched; NULL once stopped */
  GSource           *flush_source;
  guint64            next_id;

  GPtrArray  *items;               /* BeckonInvitationItem, as the account lists them */
  GHashTable *item_ids;            /* BeckonInvitationItem* → guint64* id (owned) */
  GHashTable *items_by_id;         /* guint64* → BeckonInvitationItem* (borrowed) */
  GHashTable *conversations;       /* UcwaConversation* → ConvWatch* (owned) */
  GHashTable *conversations_by_id; /* &ConvWatch.id → ConvWatch* (borrowed) */

  /* Since the last batch. */
  gboolean    account_dirty;
  GHashTable *dirty_items;         /* BeckonInvitationItem* (borrowed) */
  GHashTable *dirty_conversations; /* ConvWatch* (borrowed) */
  GPtrArray  *splices;             /* BeckonCopySplice of BeckonInvitationSnapshot */
  GArray     *added;               /* guint64 */
  GArray     *ready;               /* BeckonCopyReady */
  gboolean    restored;
  GPtrArray  *last_words; /* BeckonConversationSnapshot of the conversations let go of */
  GArray     *dropped;    /* guint64: conversations no longer copied */
  GArray     *followed;   /* guint64: extra items (below) followed since */

  /* The conversation window's (conv): items followed that the account
   * does not list (a meeting joined by link, a chat the user starts). */
  GPtrArray *extra_items; /* BeckonInvitationItem */
};

struct _ConvWatch
{
  BeckonCopier     *copier; /* owns it */
  guint64           id;
  UcwaConversation *conversation;
  GPtrArray        *messages;    /* UcwaMessage, as the conversation lists them */
  GHashTable       *message_ids; /* UcwaMessage* → guint64* (owned) */
  GPtrArray        *people;      /* UcwaParticipant whose notify we follow */
  guint64           next_message_id;
  gboolean          orphaned; /* its item left the list: let go once it ends */

  /* Since the last batch. */
  gboolean    dirty;
  gboolean    people_dirty;
  GHashTable *dirty_messages; /* UcwaMessage* (borrowed) */
  GPtrArray  *splices;        /* BeckonCopySplice of BeckonMessageSnapshot */

  /* The conversation window's (conv): what the user sends goes through
   * it, once the first command needs it. */
  BeckonOutbox *outbox;
  GHashTable   *failures;        /* UcwaMessage* (borrowed, listed) → why it failed (owned) */
  guint         send_timeout_ms; /* 0: the outbox's own */
};

/* The conversation window's (conv): beckon-copier-outbox.c, the outbox of
 * a conversation followed, made on first use. */
BeckonOutbox               *_beckon_copier_watch_outbox (ConvWatch *watch);
void                        _beckon_copier_watch_outbox_update (ConvWatch *watch);
void                        _beckon_copier_watch_outbox_free (ConvWatch *watch);
void                        _beckon_copier_watch_outbox_snapshot (ConvWatch                  *watch,
                                                                  BeckonConversationSnapshot *snapshot);
/* beckon-copier.c's, for it. */
void                        _beckon_copier_conv_mark (ConvWatch *watch);
BeckonConversationSnapshot *_beckon_copier_conversation_snapshot (ConvWatch *watch);

G_END_DECLS

/* beckon-notifier-entry-private.h: BeckonNotifier's state, shared by the
 * files of its parts
 *
 * BeckonNotifier is one object whose work is split over two files:
 *
 *   beckon-notifier.c        the GObject, the account's signals, the
 *                            worker's events (clicks, closes), the summary
 *                            and the keys reserved for other notifications
 *   beckon-notifier-entry.c  one entry per invitation: whether it pops up,
 *                            overflows into the summary or is done, and what
 *                            its notification says as the item changes
 *
 * Only those files include this header.  Everything runs on the
 * thread-default main context the notifier was created on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "beckon-notifier-summary-private.h"
#include "beckon-notifier.h"
#include "beckon-notify-worker-private.h"

G_BEGIN_DECLS

typedef enum {
  ENTRY_NEW,
  ENTRY_POPUP,    /* has a notification of its own */
  ENTRY_OVERFLOW, /* counted in the "N more invitations" summary */
  ENTRY_QUIET,    /* arrived in Do Not Disturb: only in the list, told after it */
  ENTRY_DONE,
} EntryMode;

typedef struct
{
  BeckonNotifier       *self;
  BeckonInvitationItem *item;
  EntryMode             mode;
  guint                 popup_key;
  guint                 missed_key;
  char                 *rendered;      /* signature of what the popup shows */
  gboolean              acted;         /* a button was clicked: the close that follows is that click's */
  gboolean              dismissed;     /* the user closed the popup: do not pop it up again */
  gboolean              missed_unseen; /* overflowed, then missed: counted in the summary */
  gboolean              missed_live;   /* the "Missed…" notice is on screen (as far as we know) */
  gboolean              forgotten;     /* the account dropped the item: drop us once nothing shows */
  gulong                notify_handler;
} BeckonNotifierEntry;

struct _BeckonNotifier
{
  GObject parent_instance;

  BeckonAccount *account;
  char          *app_name;
  char          *desktop_entry;
  guint          max_popups;

  BeckonNotifyWorker    *worker;
  GHashTable            *entries;  /* BeckonInvitationItem → BeckonNotifierEntry */
  GHashTable            *keys;     /* key → BeckonNotifierEntry (popup and missed keys) */
  GHashTable            *reserved; /* key → Reserved (beckon_notifier_reserve_key()) */
  guint                  next_key;
  guint                  n_popups;      /* entries in ENTRY_POPUP */
  guint                  n_missed_live; /* "Missed…" notifications not closed yet (as far as we know) */
  guint                  n_missed_gone; /* missed_unseen of entries dropped since the summary was seen */
  BeckonNotifierSummary *summary;
  gboolean               shut_down;
  gboolean               worker_stuck; /* close_all() timed out: do not wait for it again */
  gulong                 added_handler;
  gulong                 dnd_handler;
  guint                  quiet_key; /* "N invitations while you were busy" */
  gulong                 forgotten_handler;
};

/* beckon-notifier.c */
guint beckon_notifier_new_key (BeckonNotifier *self);

/* beckon-notifier-entry.c */
/* Whether @item still rings or waits on an answer (a popup's business). */
gboolean             beckon_notifier_item_is_open (BeckonInvitationItem *item);
/* The entry of @item, created (and following it) on first sight: exactly
 * once per invitation, whatever the account repeats. */
BeckonNotifierEntry *beckon_notifier_entry_track (BeckonNotifier       *self,
                                                  BeckonInvitationItem *item);
/* Brings the entry's mode and notification in line with its item. */
void                 beckon_notifier_entry_update (BeckonNotifierEntry *entry);
/* Lets go of an entry whose item the account no longer keeps, once nothing
 * of it is on screen; TRUE if it was dropped. */
gboolean             beckon_notifier_entry_drop_if_forgotten (BeckonNotifierEntry *entry);
void                 beckon_notifier_entry_free (BeckonNotifierEntry *entry);

G_END_DECLS

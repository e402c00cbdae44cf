/* beckon-account-private.h: BeckonAccount across its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "beckon-account.h"
#include "beckon-system-dnd.h"

G_BEGIN_DECLS

/* Answered, declined and missed invitations kept for the list: enough for a
 * day's history, bounded for a service that runs for weeks.  The history
 * file keeps them all; the list restores this many of them at start-up,
 * which is as many as one run keeps, so a restart shows what the user saw. */
#define BECKON_ACCOUNT_MAX_HISTORY 200

struct _BeckonAccount
{
  GObject parent_instance;

  UcwaSession  *session;
  GListStore   *invitations; /* BeckonInvitationItem, newest first */
  GHashTable   *items;       /* UcwaInvitation* → BeckonInvitationItem* (borrowed) */
  GHashTable   *offered;     /* UcwaInvitation* (borrowed) that had answer links once */
  GHashTable   *queued;      /* UcwaInvitation* (borrowed) → BeckonAnswer + 1, waiting for its links */
  char         *status_text;
  GCancellable *cancellable;

  BeckonTrustedCa *trusted_ca; /* the extra CA of the session's connection */

  BeckonHistory *history;             /* nullable */
  GHashTable    *recorded;            /* BeckonInvitationItem* → Row* its history row */
  GCancellable  *history_cancellable; /* the restore; outlives sign-outs */

  /* Presence (beckon_account_set_availability() and the system's DND). */
  gboolean         do_not_disturb;  /* what the server reports */
  BeckonSystemDnd *system_dnd;      /* GNOME's own Do Not Disturb */
  GSettings       *settings;        /* nullable: follow-system-dnd */
  gboolean         follow_system;   /* the preference */
  gboolean         followed_system; /* DND is ours because the system's was on */
  gboolean         presence_ready;
};

/* beckon-account.c */
void _beckon_account_forget_item (BeckonAccount        *self,
                                  BeckonInvitationItem *item,
                                  guint                 position);
void _beckon_account_trim_history (BeckonAccount *self);
void _beckon_account_history_restored (BeckonAccount *self);

/* beckon-account-verdicts.c: what an invitation means, and whether it can
 * be answered. */
BeckonInvitationState _beckon_account_ended_state (UcwaInvitation *invitation);
const char           *_beckon_account_ended_reason (UcwaInvitation *invitation);
void                  _beckon_account_lobby_not_joined (BeckonInvitationItem *item);
gboolean              _beckon_account_item_is_over (BeckonInvitationItem *item);
const char           *_beckon_account_answer_href (UcwaInvitation *invitation,
                                                   BeckonAnswer    answer);
const char           *_beckon_account_cannot_answer_here (BeckonAnswer answer);

/* beckon-account-history.c */
void _beckon_account_item_state_cb (BeckonAccount        *self,
                                    GParamSpec           *pspec,
                                    BeckonInvitationItem *item);
void _beckon_account_history_row_free (gpointer data);

/* beckon-account.c */
void _beckon_account_set_do_not_disturb (BeckonAccount *self,
                                         gboolean       do_not_disturb);

/* beckon-account-presence.c: follows the session's presence and the
 * system's DND. */
void _beckon_account_watch_presence (BeckonAccount *self);

G_END_DECLS

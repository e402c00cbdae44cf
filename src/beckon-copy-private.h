/* beckon-copy-private.h: the changes the core sends to its copies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What crosses from the core's thread to the owner's (beckon-core.c says
 * why): a BeckonCopyBatch per turn of the core's loop, made of snapshots
 * that nobody changes once built.  The core's half (beckon-copier.c) builds
 * them from its objects, on the core's thread; the copies
 * (beckon-account-copy.c and the objects it keeps) apply them, on the
 * owner's.  Every snapshot and batch is written by the one thread, handed
 * over once (beckon_core_invoke_owner()), then only read and freed by the
 * other.
 *
 * Identities: each invitation item, conversation and message the core
 * copies gets an id (never reused while the copier lives) that the copies
 * keep and the commands name; no pointer to a core object ever crosses.
 */
#pragma once

#include "beckon-account-copy.h"
#include "beckon-account.h"
#include "beckon-conversation-copy.h"
#include "beckon-core.h"
#include "beckon-invitation-copy.h"
#include "beckon-message-copy.h"
#include "beckon-participant-copy.h"

G_BEGIN_DECLS

typedef struct
{
  char            *status_text;
  gboolean         online;
  gboolean         do_not_disturb;
  UcwaSessionState session_state;
  char            *display_name;
  char            *user;

  /* The main window's: the steps of the sign-in (the sign-in page) and the
   * user's presence (the status button). */
  UcwaSignInPhase  sign_in_phase;
  char            *availability;
  char            *activity;
  gboolean         presence_ready;
  /* The application's: why the session signed out or retries (its "error"
   * and "retry-in"), and the server certificate its connection refused. */
  GError          *session_error;
  guint            retry_in;
  GTlsCertificate *refused_certificate;
} BeckonAccountSnapshot;

typedef struct
{
  guint64               id;
  BeckonInvitationState state;
  gboolean              answerable;
  gboolean              is_meeting;
  gboolean              restored;
  char                 *inviter;
  char                 *summary;
  char                 *body;
  char                 *status_text;
  char                 *error_message;
  GDateTime            *received;
  char                 *conversation_key;
  /* The account's verdicts (beckon_account_can_answer()): NULL if it would
   * take the answer, else why not, in the user's words. */
  char                 *accept_refusal;
  char                 *decline_refusal;
  int                   accept_refusal_code; /* BeckonAnswerError, when refused */
  int                   decline_refusal_code;
  gboolean              can_accept;
  gboolean              can_decline;
  guint64               conversation_id; /* 0: none */

  /* The invitation row's Reply: the account's verdict
   * (beckon_account_can_reply()) and whom it goes to. */
  gboolean can_reply;
  char    *inviter_uri;
} BeckonInvitationSnapshot;

typedef struct
{
  char               *name;
  char               *uri;
  gboolean            local;
  gboolean            organizer;
  gboolean            typing;
  gboolean            in_lobby;
  UcwaParticipantRole role;
} BeckonParticipantSnapshot;

typedef struct
{
  guint64           id;
  UcwaDirection     direction;
  UcwaMessageStatus status;
  char             *text;
  char             *html;
  char             *sender_name;
  gint64            timestamp;
  /* The conversation window's (conv): why the outbox failed it, if it did
   * (translated); it may still be Pending for the server. */
  char             *failure;
} BeckonMessageSnapshot;

/* A list model's items-changed, with the snapshots of what came in. */
typedef struct
{
  guint      position;
  guint      n_removed;
  GPtrArray *added; /* snapshots */
} BeckonCopySplice;

typedef struct
{
  guint64               id;
  UcwaConversationState state;
  UcwaModalityState     messaging_state;
  char                 *title;
  char                 *subject;
  gboolean              can_send;        /* the send link is offered */
  gboolean              can_type;        /* the typing link is offered */
  GPtrArray            *participants;    /* BeckonParticipantSnapshot; NULL: unchanged */
  GPtrArray            *typing;          /* likewise, those typing */
  GPtrArray            *message_splices; /* BeckonCopySplice of BeckonMessageSnapshot, in order */
  GPtrArray            *message_updates; /* BeckonMessageSnapshot */
  /* The conversation window's (conv): the outbox's texts that wait for the
   * connection, in order, and whether they will never go. */
  GStrv                 waiting;
  gboolean              waiting_lost;
} BeckonConversationSnapshot;

typedef struct
{
  guint64 item_id;
  guint64 conversation_id;
} BeckonCopyReady;

/* One turn of the core's loop.  Applied in this order: conversations (so
 * that the items find theirs), the invitations' splices, the items
 * followed, the updates, the account, the signals, then the conversations
 * no longer copied (their items keep their copies, which say what they
 * last were). */
typedef struct
{
  BeckonAccountSnapshot *account;            /* NULL: unchanged */
  GPtrArray             *conversations;      /* BeckonConversationSnapshot */
  GPtrArray             *invitation_splices; /* BeckonCopySplice of BeckonInvitationSnapshot */
  GPtrArray             *invitation_updates; /* BeckonInvitationSnapshot */
  GArray                *added;              /* guint64: "invitation-added", in order */
  GArray                *ready;              /* BeckonCopyReady: "conversation-ready", in order */
  GArray                *dropped;            /* guint64: conversations no longer copied, last */
  gboolean               restored;           /* "history-restored" */
  /* (conv) guint64: items the account does not list, followed from now on
   * (a join's, a new chat's): their copies are made before the updates. */
  GArray                *followed;
} BeckonCopyBatch;

void beckon_copy_batch_free (BeckonCopyBatch *batch);
void beckon_invitation_snapshot_free (gpointer snapshot);
void beckon_message_snapshot_free (gpointer snapshot);
void beckon_participant_snapshot_free (gpointer snapshot);
void beckon_copy_splice_free (gpointer splice);

/* The core's half (beckon-copier.c).  Refcounted: the account copy and each
 * command in flight hold it; everything else of it is the core's thread's. */
typedef struct _BeckonCopier BeckonCopier;

/* On the core's thread: watches @account, and sends a batch to @copy per
 * turn of the core's loop that changed something (the first one says
 * everything).  @copy is only ever referenced there, never touched. */
BeckonCopier *_beckon_copier_new (BeckonCore        *core,
                                  BeckonAccount     *account,
                                  BeckonAccountCopy *copy);
/* On the core's thread: sends what changed since the last batch, and stops
 * watching; nothing more is sent after it. */
void          _beckon_copier_stop (BeckonCopier *copier);
BeckonCopier *_beckon_copier_ref (BeckonCopier *copier);
void          _beckon_copier_unref (BeckonCopier *copier);

/* Commands: from the owner's thread; run on the core's, on its objects. */
void _beckon_copier_answer (BeckonCopier *copier,
                            guint64       item_id,
                            BeckonAnswer  answer);
void _beckon_copier_clear_history (BeckonCopier *copier);
void _beckon_copier_send_message (BeckonCopier *copier,
                                  guint64       conversation_id,
                                  const char   *text);
void _beckon_copier_set_typing (BeckonCopier *copier,
                                guint64       conversation_id);
void _beckon_copier_leave (BeckonCopier *copier,
                           guint64       conversation_id);

/* The main window's commands and look-ups. */
void                        _beckon_copier_set_availability (BeckonCopier *copier,
                                                             const char   *availability);
/* beckon_account_clear_history() on the core, its outcome returned on
 * @task (a boolean) on the owner's thread. */
void                        _beckon_copier_clear_history_task (BeckonCopier *copier,
                                                               GTask        *task);
/* On the core's thread: the id of @item's copy, 0 if not copied. */
guint64                     _beckon_copier_lookup_item (BeckonCopier         *copier,
                                                        BeckonInvitationItem *item);
/* On the core's thread, for what the core tells the owner of an item (the
 * notifier's "activate-invitation"): the id of @item's copy in the copy of
 * @account (0 if none), once what the copies were not told yet is sent, so
 * that a message sent after this finds the copy there. */
guint64                     _beckon_copier_account_item_id (BeckonAccount        *account,
                                                            BeckonInvitationItem *item);
/* The conversation window's (conv). */
void                        _beckon_copier_set_send_timeout (BeckonCopier *copier,
                                                             guint64       conversation_id,
                                                             guint         milliseconds);
/* @task (the owner's) returns there once the DELETE is done. */
void                        _beckon_copier_leave_task (BeckonCopier *copier,
                                                       guint64       conversation_id,
                                                       GTask        *task);
/* On the core's thread: the copier's half of
 * _beckon_account_copy_follow_item() and _follow_conversation(). */
BeckonInvitationSnapshot   *_beckon_copier_follow_item (BeckonCopier                *copier,
                                                        BeckonInvitationItem        *item,
                                                        BeckonConversationSnapshot **conversation);
BeckonConversationSnapshot *_beckon_copier_follow_conversation (BeckonCopier     *copier,
                                                                UcwaConversation *conversation);
/* On the core's thread (conv): follows @item (if the account does not list
 * it) and @conversation (each nullable) from now on, and sends what changed
 * at once, so that a message sent to the owner after this, naming their
 * ids, finds their copies there (the batches and the messages arrive in
 * order).  Returns: @item's copy id, *@conversation_id @conversation's (0:
 * none, or stopped). */
guint64                     _beckon_copier_follow_now (BeckonCopier         *copier,
                                                       BeckonInvitationItem *item,
                                                       UcwaConversation     *conversation,
                                                       guint64              *conversation_id);
void                        _beckon_conversation_snapshot_free (gpointer snapshot);
UcwaConversation           *_beckon_copier_core_conversation (BeckonCopier *copier,
                                                              guint64       conversation_id);
/* The application's commands: signing in and out.  @task is the owner's,
 * passed through the core untouched and returned on the owner's thread,
 * after a batch with what the command changed; its cancellable cancels the
 * command on the core. */
void                        _beckon_copier_sign_in (BeckonCopier *copier,
                                                    GTask        *task,
                                                    const char   *server_url,
                                                    const char   *user,
                                                    const char   *password);
void                        _beckon_copier_sign_out (BeckonCopier *copier,
                                                     GTask        *task);
/* The session's people search; @task returns a GListModel of UcwaContact. */
void                        _beckon_copier_search_people (BeckonCopier *copier,
                                                          GTask        *task,
                                                          const char   *query,
                                                          guint         limit);
/* On the core's thread: sends what changed now, so that what follows
 * (beckon_core_invoke_owner()) finds the copies up to date. */
void                        _beckon_copier_send_now (BeckonCopier *copier);

/* The owner's half: the copies apply what they are sent. */
void _beckon_account_copy_apply (BeckonAccountCopy *self,
                                 BeckonCopyBatch   *batch);

BeckonInvitationCopy *_beckon_invitation_copy_new (guint64 id);
guint64               _beckon_invitation_copy_get_id (BeckonInvitationCopy *self);
void                  _beckon_invitation_copy_update (BeckonInvitationCopy           *self,
                                                      const BeckonInvitationSnapshot *snapshot,
                                                      BeckonConversationCopy         *conversation);
gboolean              _beckon_invitation_copy_get_verdict (BeckonInvitationCopy *self,
                                                           BeckonAnswer          answer,
                                                           GError              **error);

BeckonConversationCopy *_beckon_conversation_copy_new (BeckonAccountCopy *account,
                                                       guint64            id);
guint64                 _beckon_conversation_copy_get_id (BeckonConversationCopy *self);
void                    _beckon_conversation_copy_update (BeckonConversationCopy           *self,
                                                          const BeckonConversationSnapshot *snapshot);
void                    _beckon_conversation_copy_detach (BeckonConversationCopy *self);

BeckonMessageCopy *_beckon_message_copy_new (const BeckonMessageSnapshot *snapshot);
guint64            _beckon_message_copy_get_id (BeckonMessageCopy *self);
void               _beckon_message_copy_update (BeckonMessageCopy           *self,
                                                const BeckonMessageSnapshot *snapshot);

BeckonParticipantCopy *_beckon_participant_copy_new (const BeckonParticipantSnapshot *snapshot);

/* Sets *@field to @value and notifies @pspec on @object, if it changed:
 * the copies notify only what a snapshot changed. */
static inline void
beckon_copy_set_string (gpointer    object,
                        char      **field,
                        const char *value,
                        GParamSpec *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (object), pspec);
}

/* Likewise for booleans and enumerations. */
static inline void
beckon_copy_set_int (gpointer    object,
                     int        *field,
                     int         value,
                     GParamSpec *pspec)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (object), pspec);
}

/* For the conversation copies' commands. */
BeckonCopier         *_beckon_account_copy_get_copier (BeckonAccountCopy *self);
BeckonCore           *_beckon_account_copy_get_core (BeckonAccountCopy *self);
/* (conv) Applies at once what a call that waited for the core
 * (beckon_core_call()) brought back of an item it follows outside the list
 * and of its conversation (each nullable): a new chat's new item, which no
 * batch on its way names, and the tests' ways in
 * (beckon-account-copy-follow.c).  Returns: (transfer none) (nullable):
 * the item's copy. */
BeckonInvitationCopy *_beckon_account_copy_adopt (BeckonAccountCopy                *self,
                                                  const BeckonInvitationSnapshot   *item,
                                                  const BeckonConversationSnapshot *conversation);

G_END_DECLS

/* beckon-history.h: ended invitations and every conversation's messages, kept on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One ended invitation.  Strings are owned by the record. */
typedef struct
{
  gint64   id;           /* the database's, 0 before it is added */
  gboolean is_meeting;   /* else an IM */
  char    *from_name;    /* nullable */
  char    *from_uri;     /* nullable */
  char    *subject;      /* a meeting's subject or a chat's first message, nullable */
  gint64   received;     /* ms since the epoch */
  gint64   ended;        /* ms since the epoch */
  char    *state;        /* the BeckonInvitationState nick it ended in: "accepted", "missed"… */
  char    *reason;       /* why, as the user was told it; nullable */
  char    *conversation; /* the conversation key of its messages; nullable */
} BeckonHistoryInvitation;

/* One message of a conversation. */
typedef struct
{
  gint64   id;           /* the database's, 0 before it is added */
  char    *conversation; /* the conversation key */
  gboolean outgoing;
  char    *sender; /* nullable */
  char    *text;   /* plain text, never markup */
  gint64   time;   /* ms since the epoch */
  char    *state;  /* "sending", "delivered" or "failed" */
} BeckonHistoryMessage;

void beckon_history_invitation_free (BeckonHistoryInvitation *record);
void beckon_history_message_free (BeckonHistoryMessage *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeckonHistoryInvitation, beckon_history_invitation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeckonHistoryMessage, beckon_history_message_free)

#define BECKON_TYPE_HISTORY (beckon_history_get_type ())
G_DECLARE_FINAL_TYPE (BeckonHistory, beckon_history, BECKON, HISTORY, GObject)

/* The schema version this build writes (PRAGMA user_version). */
#define BECKON_HISTORY_SCHEMA_VERSION 1

/* Signals:
 *  "notice" (const char *message): the database could not be used and was
 *           moved aside (a translated sentence for the user); also emitted
 *           when that happens after opening.  The notice of the opening is
 *           beckon_history_get_notice().
 */

/* Never fails: a file that cannot be used is moved aside
 * (PATH.corrupt-YYYYMMDD-HHMMSS, with its -wal and -shm) and a fresh one
 * started; if even that fails the history lives in memory for this run.
 * Either way beckon_history_get_notice() says so. */
BeckonHistory *beckon_history_new (const char *path);
const char    *beckon_history_get_path (BeckonHistory *self);
const char    *beckon_history_get_notice (BeckonHistory *self);      /* translated, nullable */
const char    *beckon_history_get_moved_aside (BeckonHistory *self); /* where the bad file went, nullable */
gboolean       beckon_history_get_persistent (BeckonHistory *self);  /* FALSE: in memory only */
guint          beckon_history_get_generation (BeckonHistory *self);  /* changes when the file was replaced */

/* Writes, each committed before it returns (see beckon-history.c for why
 * that is the durability the event channel needs).  Return the new row's
 * id, 0 on failure; an id is only good while get_generation() stays. */
gint64   beckon_history_add_invitation (BeckonHistory                 *self,
                                        const BeckonHistoryInvitation *record);
gboolean beckon_history_update_invitation (BeckonHistory *self,
                                           gint64         id,
                                           const char    *state,
                                           const char    *reason);
gint64   beckon_history_add_message (BeckonHistory              *self,
                                     const BeckonHistoryMessage *record);
gboolean beckon_history_update_message (BeckonHistory *self,
                                        gint64         id,
                                        const char    *text,
                                        gint64         time,
                                        const char    *state);
gboolean beckon_history_clear (BeckonHistory *self);
/* The newest invitation's id now: loads bounded by it see nothing written later. */
gint64   beckon_history_get_last_invitation_id (BeckonHistory *self);

/* Reads, on a thread of their own with a connection of their own. */
void       beckon_history_load_invitations_async (BeckonHistory      *self,
                                                  gint64              up_to_id,
                                                  guint               limit,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
/* Returns: (transfer full) (element-type BeckonHistoryInvitation): newest first */
GPtrArray *beckon_history_load_invitations_finish (BeckonHistory *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);
void       beckon_history_load_messages_async (BeckonHistory      *self,
                                               const char         *conversation,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
/* Returns: (transfer full) (element-type BeckonHistoryMessage): oldest first */
GPtrArray *beckon_history_load_messages_finish (BeckonHistory *self,
                                                GAsyncResult  *result,
                                                GError       **error);

G_END_DECLS

/* ucwa-session-private.h: UcwaSession's state, shared by the files of its parts
 *
 * UcwaSession is one object whose work is split over five files, as GNOME
 * Text Editor splits its pages and windows:
 *
 *   ucwa-session.c                 the GObject: properties, state, the event
 *                                  channel's signals, accessors
 *   ucwa-sign-in.c                 discovery, the redirect policy, sign-in
 *   ucwa-application-lifecycle.c   POST applications, makeMeAvailable,
 *                                  reportMyActivity, re-creation after a
 *                                  404, DELETE on sign-out
 *   ucwa-operations.c              accept, decline, send, typing,
 *                                  addMessaging, leave: POST, then wait for
 *                                  the completion the event channel brings
 *   ucwa-outgoing.c                startMessaging, joinOnlineMeeting and
 *                                  the people search, on the same waiting
 *
 * Applying events in order is a separate object (UcwaEventQueue), since it
 * has a queue and an in-flight GET of its own.  Only those files include
 * this header.  Everything runs on the thread-default main context of the
 * thread that created the session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ucwa-event-queue-private.h"
#include "ucwa-presence-private.h"
#include "ucwa-session.h"

G_BEGIN_DECLS

struct _UcwaSession
{
  GObject parent_instance;

  UcwaConnection   *connection;
  UcwaEventChannel *channel;
  UcwaModel        *model;
  UcwaEventQueue   *events;
  UcwaPresence     *presence;

  UcwaSessionState state;
  UcwaSignInPhase  sign_in_phase; /* written by ucwa-sign-in.c */
  GError          *error;
  guint            retry_in;

  char  *user;
  char  *display_name;
  char  *endpoint_id;
  char  *culture;
  char  *user_agent;
  char **discovery_urls; /* override for tests and for known servers */
  guint  activity_interval;
  guint  operation_timeout;

  /* Written by the discovery (ucwa-sign-in.c). */
  char *applications_href;
  GUri *base_uri;

  /* Written by ucwa-application-lifecycle.c. */
  char    *application_href; /* NULL: no application, operations fail */
  char    *report_activity_href;
  char    *make_me_available_href;
  guint    activity_source;
  guint    recreate_source;
  guint    recreate_attempts;
  gboolean recreating;

  GCancellable *cancellable; /* everything of this sign-in */

  /* Written by ucwa-operations.c: UcwaConversation → GQueue of the messages
   * waiting for the one on its way (see send_next()). */
  GHashTable *send_queues;
};

/* ucwa-session.c */
void _ucwa_session_set_state (UcwaSession     *self,
                              UcwaSessionState state);
void _ucwa_session_set_sign_in_phase (UcwaSession    *self,
                                      UcwaSignInPhase phase);
void _ucwa_session_set_error (UcwaSession  *self,
                              const GError *error);
void _ucwa_session_set_user (UcwaSession *self,
                             const char  *user);
void _ucwa_session_set_display_name (UcwaSession *self,
                                     const char  *display_name);
/* Cancels everything of the current sign-in and starts afresh. */
void _ucwa_session_stop (UcwaSession *self);
void _ucwa_session_signed_out (UcwaSession  *self,
                               const GError *error);
/* Takes @error; fails @task (if any) with it.  Signs out unless @task is a
 * re-creation, which recreate_cb retries instead. */
void _ucwa_session_fail_sign_in (UcwaSession *self,
                                 GTask       *task,
                                 GError      *error);

/* ucwa-sign-in.c */
/* The longest a sign-in or a re-creation waits for a server's Retry-After:
 * "retrying in an hour" is worse than asking again a bit early. */
#define UCWA_SESSION_MAX_RETRY_AFTER_S 300
/* Keeps the Retry-After of the failed @request on @attempt (a sign-in
 * attempt or a re-creation), whose retry waits at least that long. */
void  _ucwa_session_note_retry_after (GTask        *attempt,
                                      GAsyncResult *request);
guint _ucwa_session_get_retry_after (GTask *attempt);

/* ucwa-operations.c */
/* What an operation waits for: TRUE once done, FALSE with *error once
 * failed, FALSE alone while pending. */
typedef gboolean (*UcwaWaitPredicate) (GObject *object,
                                       GError **error);
#define UCWA_SESSION_NO_TIMEOUT G_MAXUINT
/* A task with @source_tag, or NULL when signed out (the callback then
 * gets UCWA_ERROR_SIGNED_OUT). */
GTask   *_ucwa_session_begin_operation (UcwaSession        *self,
                                        gpointer            source_tag,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean _ucwa_session_finish_operation (UcwaSession  *self,
                                         GAsyncResult *result,
                                         gpointer      source_tag,
                                         GError      **error);
char    *_ucwa_session_new_operation_id (void);
/* POSTs @body to @href, then returns TRUE on @task once @predicate holds
 * for @wait_object (the completion may come before the POST's answer);
 * fails it after @timeout_ms (0: the session's operation timeout,
 * UCWA_SESSION_NO_TIMEOUT: never) or on cancellation.  Takes @task. */
void     _ucwa_session_post_and_wait (UcwaSession      *self,
                                      GTask            *task,
                                      const char       *href,
                                      const char       *content_type,
                                      GBytes           *body,
                                      GObject          *wait_object,
                                      UcwaWaitPredicate predicate,
                                      guint             timeout_ms);
/* The session goes: the messages still waiting for their turn fail. */
void     _ucwa_session_drop_send_queues (UcwaSession *self);

/* ucwa-application-lifecycle.c */
/* POSTs applications, makes it available, starts the event channel; takes
 * @task and returns TRUE on it once online. */
void _ucwa_session_create_application (UcwaSession *self,
                                       GTask       *task);
/* After 404 ApplicationNotFound: a new application, with backoff. */
void _ucwa_session_recreate_application (UcwaSession *self);
void _ucwa_session_start_activity_timer (UcwaSession *self);

G_END_DECLS

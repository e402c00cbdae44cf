/* ucwa-sim-server.h: a Skype for Business 2015 UCWA server on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  UCWA_SIM_CHALLENGE_TWO_HEADERS_QUOTED,   /* CreateAnApplication.md (default) */
  UCWA_SIM_CHALLENGE_TWO_HEADERS_UNQUOTED, /* AuthenticationInUCWA.md: href=https://… unquoted */
  UCWA_SIM_CHALLENGE_FOLDED,               /* lync2013: Bearer …,MsRtcOAuth … in one header */
} UcwaSimChallengeStyle;

/* Each fault hits the next N matching requests (see inject_fault). */
typedef enum {
  UCWA_SIM_FAULT_ACCEPT_CALLBACK_CHANNEL_ERROR,    /* accept: 500 ServiceFailure/CallbackChannelError */
  UCWA_SIM_FAULT_ACCEPT_ALREADY_EXISTS,            /* accept: 409 Conflict/AlreadyExists */
  UCWA_SIM_FAULT_ACCEPT_TOO_MANY_GROUPS,           /* accept: 409 Conflict/TooManyGroups */
  UCWA_SIM_FAULT_ACCEPT_CONFLICT_NONE,             /* accept: 409 Conflict/None */
  UCWA_SIM_FAULT_ACCEPT_CANNOT_REDIRECT,           /* accept: 410 Gone/CannotRedirect */
  UCWA_SIM_FAULT_ACCEPT_SERVICE_UNAVAILABLE,       /* accept: 503 + Retry-After: 1 */
  UCWA_SIM_FAULT_ACCEPT_SLOW,                      /* accept: 204 only after 2 s */
  UCWA_SIM_FAULT_ACCEPT_NO_COMPLETION,             /* accept: 204 but the invitation never completes */
  UCWA_SIM_FAULT_DECLINE_CALLBACK_CHANNEL_ERROR,   /* decline: 500 ServiceFailure/CallbackChannelError */
  UCWA_SIM_FAULT_EVENTS_APPLICATION_NOT_FOUND,     /* events: the application vanishes, 404 ApplicationNotFound */
  UCWA_SIM_FAULT_EVENTS_PGET_REPLACED,             /* events: parked/next P-GET answered 409 PGetReplaced */
  UCWA_SIM_FAULT_EVENTS_INACTIVE_EXPIRED,          /* events: application expires, 410 InactiveApplicationExpired */
  UCWA_SIM_FAULT_EVENTS_DROP_CONNECTION,           /* events: socket closed mid-response */
  UCWA_SIM_FAULT_EVENTS_SERVICE_UNAVAILABLE,       /* events: 503 + Retry-After: 1 */
  UCWA_SIM_FAULT_EVENTS_MALFORMED_JSON,            /* events: 200 with a truncated JSON body */
  UCWA_SIM_FAULT_EVENTS_WRONG_TYPES,               /* events: valid JSON, wrong member types */
  UCWA_SIM_FAULT_EVENTS_OVERSIZED,                 /* events: 200 with an 8 MiB body */
  UCWA_SIM_FAULT_EVENTS_RESYNC,                    /* events: body with only a resync link */
  UCWA_SIM_FAULT_EVENTS_RESUME,                    /* events: `resume` instead of `next` */
  UCWA_SIM_FAULT_EVENTS_STALL,                     /* events: never answered (dead connection) */
  UCWA_SIM_FAULT_TOKEN_EXPIRED,                    /* the current token is revoked: next request 401 + challenge */
  UCWA_SIM_FAULT_FOREIGN_LINK,                     /* next invitation's accept/decline point at another origin */
  UCWA_SIM_FAULT_MISSING_LINKS,                    /* next invitation has no accept/decline links */
  UCWA_SIM_FAULT_LINK_ONLY_EVENTS,                 /* next invitation's events carry no _embedded (client must GET) */
  UCWA_SIM_FAULT_TOKEN_SERVICE_UNAVAILABLE,        /* token endpoint: 503 {"error":"temporarily_unavailable"} */
  UCWA_SIM_FAULT_TOKEN_SERVER_ERROR,               /* token endpoint: 500 {"error":"server_error"} */
  UCWA_SIM_FAULT_COMPLETED_ONLY_INVITATION,        /* next invitation is cancelled at once; aggregation (§6.3) leaves only its completed event */
  UCWA_SIM_FAULT_EVENTS_RESUME_RESET,              /* events: `resume`, and the server ended the application's conversations and invitations meanwhile, unannounced */
  UCWA_SIM_FAULT_SLOW_RESOURCE_GET,                /* next GET of an invitation resource is answered only after 10 s */
  UCWA_SIM_FAULT_ACCEPT_LOBBY_HOLD,                /* next meeting accept: 204, the user waits InLobby for the lobby hold (ucwa_sim_server_set_lobby_hold()), then is admitted */
  UCWA_SIM_FAULT_DISCOVERY_SERVICE_UNAVAILABLE,    /* autodiscovery root GET: 503 + Retry-After: 2 (the first request of a sign-in) */
  UCWA_SIM_FAULT_APPLICATIONS_SERVICE_UNAVAILABLE, /* POST applications: 503 + Retry-After: 2 (a pool restarting as the application is created) */
  UCWA_SIM_FAULT_SEND_MESSAGE_NO_COMPLETION,       /* sendMessage: 201 but the message never completes (lost on the way) */
} UcwaSimFault;

#define UCWA_SIM_TYPE_SERVER (ucwa_sim_server_get_type ())
G_DECLARE_FINAL_TYPE (UcwaSimServer, ucwa_sim_server, UCWA_SIM, SERVER, GObject)

UcwaSimServer *ucwa_sim_server_new (void);
gboolean       ucwa_sim_server_listen (UcwaSimServer *self,
                                       guint16        port,
                                       GError       **error);
guint16        ucwa_sim_server_get_port (UcwaSimServer *self);
char          *ucwa_sim_server_dup_root_url (UcwaSimServer *self);

void ucwa_sim_server_add_user (UcwaSimServer *self,
                               const char    *sip_uri,
                               const char    *password,
                               const char    *display_name);
void ucwa_sim_server_set_token_lifetime (UcwaSimServer *self,
                                         guint          seconds);
void ucwa_sim_server_set_challenge_style (UcwaSimServer        *self,
                                          UcwaSimChallengeStyle style);
void ucwa_sim_server_set_root_redirect (UcwaSimServer *self,
                                        gboolean       redirect);
void ucwa_sim_server_set_user_redirect (UcwaSimServer *self,
                                        gboolean       redirect);
void ucwa_sim_server_set_max_hold (UcwaSimServer *self,
                                   guint          milliseconds);
void ucwa_sim_server_set_autopilot (UcwaSimServer *self,
                                    gboolean       autopilot);

/* The remote party.  to_user NULL = the first user with an available
 * application.  Returns the invitation's id (its threadId), which the
 * other calls take; NULL if no application is available to receive it. */
char    *ucwa_sim_server_start_im_invitation (UcwaSimServer *self,
                                              const char    *to_user,
                                              const char    *from_uri,
                                              const char    *from_name,
                                              const char    *message);
char    *ucwa_sim_server_start_meeting_invitation (UcwaSimServer *self,
                                                   const char    *to_user,
                                                   const char    *from_uri,
                                                   const char    *from_name,
                                                   const char    *subject);
gboolean ucwa_sim_server_cancel_invitation (UcwaSimServer *self,
                                            const char    *id);
gboolean ucwa_sim_server_send_remote_message (UcwaSimServer *self,
                                              const char    *id,
                                              const char    *text);
gboolean ucwa_sim_server_set_remote_typing (UcwaSimServer *self,
                                            const char    *id,
                                            gboolean       typing);
gboolean ucwa_sim_server_end_conversation (UcwaSimServer *self,
                                           const char    *id);

void     ucwa_sim_server_inject_fault (UcwaSimServer *self,
                                       UcwaSimFault   fault,
                                       guint          times);
gboolean ucwa_sim_server_fault_from_string (const char   *name,
                                            UcwaSimFault *fault);

guint ucwa_sim_server_count_requests (UcwaSimServer *self,
                                      const char    *method,
                                      const char    *path_suffix);
guint ucwa_sim_server_count_applications (UcwaSimServer *self);

/* Additions (everything above is frozen API). */

/* inject_fault() details: an event-channel fault (EVENTS_*) first hits the
 * P-GET parked right now, if any, then the next ones; TOKEN_EXPIRED revokes
 * the token of each of the next N requests that carry a valid one (that
 * token stays revoked); FOREIGN_LINK, MISSING_LINKS and LINK_ONLY_EVENTS
 * apply to the next N invitations.  set_max_hold() only affects P-GETs
 * parked after the call. */

/* An unanswered invitation completes with Failure, reason RemoteFailure/
 * Timeout, after this long (default 30000, as message_ref.md says; 0 = never). */
void        ucwa_sim_server_set_invitation_timeout (UcwaSimServer *self,
                                                    guint          milliseconds);
/* An application that has no P-GET parked for this long is terminated
 * (default 15 min, MeDashboard.md; 0 = never); later requests get
 * 410 Gone/InactiveApplicationExpired. */
void        ucwa_sim_server_set_application_expiry (UcwaSimServer *self,
                                                    guint          milliseconds);
/* How many P-GETs the server holds right now (one per application at most). */
guint       ucwa_sim_server_count_parked_requests (UcwaSimServer *self);
/* The kebab-case name fault_from_string() takes; NULL for an invalid value. */
const char *ucwa_sim_server_fault_to_string (UcwaSimFault fault);
/* Serve HTTPS with @certificate (which carries its private key); NULL for
 * plain HTTP.  Call before listen(): dup_root_url() and every absolute href
 * then use https://.  Fails if already listening or without a TLS backend. */
gboolean    ucwa_sim_server_set_tls_certificate (UcwaSimServer   *self,
                                                 GTlsCertificate *certificate,
                                                 GError         **error);
/* The state and counters as JSON text: what GET /_sim/status answers. */
char       *ucwa_sim_server_dup_status (UcwaSimServer *self);
/* Default FALSE.  TRUE: when an application is lost (404 ApplicationNotFound
 * or 410 InactiveApplicationExpired), its unanswered invitations are offered
 * again, same threadId, new hrefs, to the next application of that user
 * that calls makeMeAvailable.  Not a real server's behaviour (PROTOCOL.md
 * promises no re-offer); the client no longer depends on it, only the
 * simulator's own test of it (test-sim) sets it. */
void        ucwa_sim_server_set_reoffer_after_recreate (UcwaSimServer *self,
                                                        gboolean       reoffer);
/* How long the accept-lobby-hold fault, or a meeting with a lobby, keeps
 * the user in the lobby before admitting (or refusing) them (default 3 s);
 * UCWA_SIM_LOBBY_HOLD_UNTIL_TOLD (below): until admit_from_lobby() or
 * refuse_from_lobby() says so (tests: no race between the hold and the
 * client showing the lobby).  Applies to the waits that begin after it. */
void        ucwa_sim_server_set_lobby_hold (UcwaSimServer *self,
                                            guint          milliseconds);
/* Ends the wait, hold or not, of whoever waits in the lobby of meeting @id
 * (a conference id, as create_meeting() returns, or an invitation's id, as
 * start_meeting_invitation() returns) with the events the end of the hold
 * brings: admitted, they join (Conferencing, Conferenced, ..., the
 * invitation completed Success); refused, the invitation fails with
 * RemoteFailure/Denied and the conversation is deleted, whatever the
 * meeting's UcwaSimLobby says.  FALSE if no one waits there. */
gboolean    ucwa_sim_server_admit_from_lobby (UcwaSimServer *self,
                                              const char    *id);
gboolean    ucwa_sim_server_refuse_from_lobby (UcwaSimServer *self,
                                               const char    *id);
/* Moves the simulator's clock on, for token and application expiry only
 * (tests: expiry without sleeping).  Timers (holds, invitation timeouts)
 * still run on the real clock. */
void        ucwa_sim_server_advance_clock (UcwaSimServer *self,
                                           guint          milliseconds);
/* Someone else in the Conferenced meeting @id (§12.3): @where is "leader"
 * or "attendee" (joins, or is let in, with that role), "lobby" (waits in
 * the meeting's lobby) or NULL (leaves, or is turned away).  FALSE if @id
 * is no Conferenced meeting or @where is none of these. */
gboolean    ucwa_sim_server_set_meeting_participant (UcwaSimServer *self,
                                                     const char    *id,
                                                     const char    *uri,
                                                     const char    *name,
                                                     const char    *where);

/* The user's presence changes server-side (they join a meeting elsewhere,
 * or go idle): @availability is one of Availability_ref.md's values
 * (Online, IdleOnline, Busy, IdleBusy, DoNotDisturb, BeRightBack, Away,
 * Offline), @activity its words (NULL: the usual ones).  Every available
 * application of @user (sip:, address or local part; NULL: the first user
 * with one) gets a `presence` updated event (sender `me`).  FALSE if
 * @availability is none of those or no application of the user is
 * available. */
gboolean    ucwa_sim_server_set_presence (UcwaSimServer *self,
                                          const char    *user,
                                          const char    *availability,
                                          const char    *activity);
/* The availability GET me/presence shows @user (as above) now, or NULL. */
const char *ucwa_sim_server_get_availability (UcwaSimServer *self,
                                              const char    *user);

/* Outgoing invitations (ucwa-sim-outgoing.c).  How the remote party of a
 * startMessaging answers: */
typedef enum {
  UCWA_SIM_REMOTE_ACCEPTS,   /* accepts after the delay: Connected, messages both ways */
  UCWA_SIM_REMOTE_DECLINES,  /* declines after the delay: RemoteFailure/Declined */
  UCWA_SIM_REMOTE_NO_ANSWER, /* never answers: the server fails it after the invitation timeout, RemoteFailure/Timeout */
  UCWA_SIM_REMOTE_OFFLINE,   /* signed out: fails at once, RemoteFailure/TemporarilyUnavailable; presence Offline */
} UcwaSimRemoteAnswer;

/* Adds @sip_uri to the directory (people search, contacts) as a remote
 * party answering startMessaging with @answer after @delay_ms; calling it
 * again for the same address changes the answer.  The simulator's users
 * (add_user) accept after 200 ms unless set here; any other address is
 * unknown: NotFound/DestinationNotFound. */
void  ucwa_sim_server_set_remote_party (UcwaSimServer      *self,
                                        const char         *sip_uri,
                                        const char         *display_name,
                                        UcwaSimRemoteAnswer answer,
                                        guint               delay_ms);
/* TRUE: the 201 of a startMessaging or joinOnlineMeeting is held until the
 * client has taken the invitation's events, up to its completion (the
 * remote party's delay and the lobby are skipped), so that they arrive
 * before the POST's answer (PROTOCOL.md §7).  Default FALSE. */
void  ucwa_sim_server_set_outgoing_events_first (UcwaSimServer *self,
                                                 gboolean       events_first);
/* How many such 201s are held right now. */
guint ucwa_sim_server_count_held_responses (UcwaSimServer *self);

/* The lobby hold (set_lobby_hold()) that ends only when told. */
#define UCWA_SIM_LOBBY_HOLD_UNTIL_TOLD G_MAXUINT

typedef enum {
  UCWA_SIM_LOBBY_NONE,    /* joined at once */
  UCWA_SIM_LOBBY_ADMITS,  /* InLobby for the lobby hold (set_lobby_hold()), then admitted; or as told */
  UCWA_SIM_LOBBY_REFUSES, /* InLobby for the lobby hold, then refused: RemoteFailure/Denied; or as told */
} UcwaSimLobby;

/* A scheduled meeting joinOnlineMeeting can join: its conference id
 * (@conference_id, or a new one if NULL), reachable as
 * https://meet.<domain>/<user>/<id> or
 * sip:<organizer>;gruu;opaque=app:conf:focus:id:<id>.  Another id, or an
 * ended meeting, is 404 NotFound/DestinationNotFound (joinOnlineMeeting_ref.md). */
char    *ucwa_sim_server_create_meeting (UcwaSimServer *self,
                                         const char    *organizer_sip_uri,
                                         const char    *organizer_name,
                                         const char    *conference_id,
                                         UcwaSimLobby   lobby);
/* Ends it: whoever waits in its lobby fails with RemoteFailure/Ended, the
 * joined leave (conversation deleted); FALSE if unknown. */
gboolean ucwa_sim_server_end_meeting (UcwaSimServer *self,
                                      const char    *conference_id);

/* Signals:
 *   "request"             (const char *method, const char *path, const char *authorization /nullable/)
 *                         every request, as it arrives (path without query, repeated
 *                         slashes collapsed)
 *   "invitation-answered" (const char *id, gboolean accepted)
 *                         the user accepted (TRUE) or declined (FALSE) invitation @id
 *   "message-received"    (const char *id, const char *text)
 *                         the user sent @text in conversation @id (sendMessage, or addMessaging's message)
 *   "typing-received"     (const char *id)
 *                         the user POSTed setIsTyping in conversation @id
 *   "events-released"     (guint n_events, gboolean has_invitation)
 *                         right before a 200 P-GET response is sent; has_invitation when it
 *                         carries an invitation `started` event
 *   "application-created" (const char *id)
 *   "application-deleted" (const char *id)
 *                         DELETE by the client, a fault, or expiry
 *
 * Control API (served on loopback, no token): GET /_sim/help, or
 * beckon-ucwa-sim --help, lists every endpoint with its parameters
 * (ucwa-sim-control.c, on the API above).
 */

G_END_DECLS

/* ucwa-sim-private.h: the simulator's state and the functions its source
 * files share
 *
 * The simulator is one GObject, UcwaSimServer, whose state every file
 * reads and changes; this header is the contract between those files.
 * Everything runs on the thread of the main context the server listens on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ucwa-sim-reply.h"
#include "ucwa-sim-server.h"

G_BEGIN_DECLS

/* Monotonic µs, as moved on by ucwa_sim_server_advance_clock(): the clock
 * of token and application expiry. */
gint64 ucwa_sim_server_now (UcwaSimServer *self);

#define SIM_APPLICATIONS_PATH "/ucwa/oauth/v1/applications"
#define SIM_UCWA_VERSION      "1.7"

#define N_FAULTS (UCWA_SIM_FAULT_SEND_MESSAGE_NO_COMPLETION + 1)
#define NO_FAULT ((UcwaSimFault) -1)

/* The Retry-After of the *_SERVICE_UNAVAILABLE faults, in seconds. */
#define SIM_SERVICE_RETRY_AFTER_S 2

#define MSG_APPLICATION_NOT_FOUND "Application Not Found."
#define MSG_INACTIVE_EXPIRED      "Inactive application expired."
#define MSG_PGET_REPLACED         "The existing P-GET was replaced with a new P-GET from the client application."
#define MSG_DESERIALIZATION       "The request body could not be deserialized."

typedef struct
{
  char *sip_uri; /* sip:alice@contoso.com */
  char *address; /* alice@contoso.com */
  char *local;   /* alice */
  char *password;
  char *display_name;
} SimUser;

typedef struct
{
  char    *value;
  SimUser *user; /* unowned */
  guint    pool;
  gint64   expires; /* monotonic µs */
} SimToken;

typedef enum {
  GONE_DELETED,   /* DELETE by the client: its conversations end */
  GONE_NOT_FOUND, /* lost server-side: its conversations end (see reoffer_after_recreate) */
  GONE_EXPIRED,   /* same, and later requests get 410 */
} GoneReason;

typedef enum {
  SIM_SIGNAL_REQUEST,
  SIM_SIGNAL_INVITATION_ANSWERED,
  SIM_SIGNAL_MESSAGE_RECEIVED,
  SIM_SIGNAL_TYPING_RECEIVED,
  SIM_SIGNAL_EVENTS_RELEASED,
  SIM_SIGNAL_APPLICATION_CREATED,
  SIM_SIGNAL_APPLICATION_DELETED,
  SIM_N_SIGNALS
} SimSignal;

/* One event as it will appear in a P-GET response.  The embedded resource
 * is a snapshot taken when the event was queued, so that a replayed or
 * delayed response shows the state of that moment, as a real server does. */
typedef struct
{
  char       *sender_rel;
  char       *sender_href;
  char       *link_rel;
  char       *link_href;
  char       *link_title;
  char       *in_rel;
  char       *in_href;
  char       *in_title;
  char       *embedded_rel;
  JsonObject *embedded;
  char       *status;
  char       *reason_code;
  char       *reason_subcode;
  char       *reason_message;
  char       *type;
} SimEvent;

/* A built P-GET response, kept until the client acknowledges it so that a
 * repeated request for the same ack gets exactly the same bytes. */
typedef struct
{
  guint64  ack;
  char    *body;
  guint    n_events;
  gboolean has_invitation;
} SimBlock;

typedef struct _SimApp SimApp;

struct _SimApp
{
  UcwaSimServer *server; /* unowned */
  char          *id;
  char          *base; /* /ucwa/oauth/v1/applications/<id>, with /pool2 prefix on pool 2 */
  guint          pool;
  SimUser       *user; /* unowned */
  char          *user_agent;
  char          *endpoint_id;
  char          *culture;
  char          *put_guard;
  char          *assigned_meeting;
  guint          etag;
  gboolean       available;
  char         **modalities;
  char          *availability; /* Availability_ref.md: what GET me/presence shows */
  char          *activity;     /* its words ("Off Work", "In a meeting") */
  char          *note;
  guint          activity_reports;
  gint64         created;

  /* Event channel.  `ack` is the number of the response the client is
   * owed next; `block` is that response once built (sent at least once and
   * not yet acknowledged).  Invariant: parked != NULL implies block == NULL. */
  GPtrArray         *pending; /* SimEvent */
  guint64            ack;
  SimBlock          *block;
  SoupServerMessage *parked;
  gint64             parked_priority;
  guint              hold_source;
  guint              release_source;
  guint              timeout_s;
  guint              medium_s;
  guint              low_s;
  gint64             last_poll; /* monotonic µs of the last P-GET arrival or release */
};

typedef struct
{
  char       *id;
  char       *href;
  gboolean    outgoing;
  const char *state; /* Connecting, Connected, Declined, Cancelled, Failed */
  char       *operation_id;
  gboolean    answered;
  gboolean    completed;
  char       *foreign_origin; /* FOREIGN_LINK: accept/decline on another origin */
  gboolean    missing_links;
  gboolean    join;     /* outgoing: joinOnlineMeeting's onlineMeetingInvitation */
  gboolean    accepted; /* outgoing: startMessaging's, accepted by the remote party */
} SimInvitation;

typedef struct
{
  guint    number;
  char    *href;
  gboolean outgoing;
  gboolean html;
  char    *text;
  char    *operation_id;
  gint64   timestamp_ms;
} SimMessage;

/* A conversation is the remote party's thread (identified by its threadId,
 * the public id) plus its current incarnation inside one application.  Only
 * with reoffer_after_recreate (not a real server's behaviour) does the
 * thread survive the loss of its application: an unanswered invitation is
 * then offered again, with new hrefs, to the application the user creates
 * next. */
typedef struct
{
  UcwaSimServer      *server; /* unowned */
  char               *thread_id;
  SimUser            *user; /* unowned */
  gboolean            meeting;
  char               *remote_uri;
  char               *remote_name;
  char               *remote_key; /* ada@contoso.com: the participant path segment */
  char               *first_message;
  char               *subject;
  char               *conference_id;
  char               *meeting_uri;
  guint               timeout_source;
  /* startMessaging: the remote party's answer that timeout_source brings */
  UcwaSimRemoteAnswer remote_answer;
  gboolean            remote_unknown;
  gboolean            link_only;
  gboolean            foreign_link;
  gboolean            missing_links;

  /* incarnation, all NULL while the thread waits for an application */
  SimApp        *app; /* unowned */
  char          *id;
  char          *href;
  char          *messaging_href;
  char          *local_href;
  char          *remote_href;
  const char    *state;           /* Incoming, Connected, Conferencing, Conferenced, Disconnected */
  const char    *messaging_state; /* Connecting, Connected, Disconnected */
  SimInvitation *invitation;      /* the incoming invitation */
  SimInvitation *add_messaging;
  gboolean       remote_typing;
  guint          next_message;
  GPtrArray     *messages; /* SimMessage */
} SimConv;

struct _UcwaSimServer
{
  GObject parent_instance;

  SoupServer      *soup;
  guint16          port;
  char            *origin;          /* http(s)://127.0.0.1:PORT, see sim_make_origin() */
  GTlsCertificate *tls_certificate; /* non-NULL: serve HTTPS */

  GPtrArray  *users;        /* SimUser */
  GHashTable *tokens;       /* value → SimToken */
  GPtrArray  *apps;         /* SimApp, in creation order */
  GHashTable *gone;         /* application id → subcode, for 410 */
  GPtrArray  *convs;        /* SimConv */
  GPtrArray  *stalled;      /* SoupServerMessage never to be answered */
  GList      *slow_accepts; /* SlowAccept */
  GList      *slow_gets;    /* SlowGet */
  GHashTable *requests;     /* "METHOD path" → count */

  guint                 token_lifetime;
  UcwaSimChallengeStyle challenge_style;
  gboolean              root_redirect;
  gboolean              user_redirect;
  guint                 max_hold_ms;
  guint                 invitation_timeout_ms;
  guint                 application_expiry_ms;
  gboolean              reoffer_after_recreate;
  guint                 lobby_hold_ms;
  guint                 faults[N_FAULTS];
  guint64               next_id;
  guint64               id_base;

  gboolean autopilot;
  gboolean autopilot_started;
  char    *autopilot_ada;
  char    *autopilot_grace; /* the demo's meeting, where others join */
  guint    autopilot_replies;
  GList   *autopilot_actions; /* AutopilotAction */

  gint64 clock_offset_us; /* advance_clock() */

  /* ucwa-sim-outgoing.c */
  GHashTable *remote_parties;        /* lower-case address → SimRemoteParty */
  GPtrArray  *meetings;              /* SimMeeting */
  gboolean    outgoing_events_first; /* hold an outgoing invitation's 201 until its events were taken */
  GList      *held_creates;          /* HeldCreate */
};

/* One UCWA request on its way to a resource handler: caps are the path
 * segments the route's '*'s matched. */
typedef struct
{
  SoupServerMessage *msg;
  GHashTable        *params;
  GBytes            *body;
  SimToken          *token;
  const char        *caps[4];
} SimRequest;

typedef void (*SimRouteFunc) (UcwaSimServer *self,
                              SimRequest    *req,
                              SimApp        *app);

/* The resources under /ucwa/oauth/v1/applications/<id>/, relative to it
 * ("" is the application itself); each file lists its own, ending with
 * { NULL }. */
typedef struct
{
  const char  *method;
  const char  *pattern;
  SimRouteFunc func;
} SimRoute;

extern const SimRoute sim_events_routes[];
extern const SimRoute sim_applications_routes[];
extern const SimRoute sim_me_routes[];
extern const SimRoute sim_communication_routes[];
extern const SimRoute sim_messaging_routes[];
extern const SimRoute sim_outgoing_routes[];

/* ucwa-sim-resources.c */
SimEvent   *sim_event_new (const char *sender_rel,
                           const char *sender_href,
                           const char *link_rel,
                           const char *link_href,
                           const char *link_title,
                           const char *type);
void        sim_event_free (SimEvent *event);
void        sim_event_set_in (SimEvent   *event,
                              const char *rel,
                              const char *href,
                              const char *title);
void        sim_event_set_embedded (SimEvent   *event,
                                    const char *rel,
                                    JsonObject *resource);
void        sim_event_set_status (SimEvent   *event,
                                  const char *status,
                                  const char *code,
                                  const char *subcode,
                                  const char *message);
JsonObject *sim_event_to_json (SimEvent *event);
gboolean    sim_event_is_invitation (SimEvent *event);

void sim_links_add (JsonObject *links,
                    const char *rel,
                    const char *href,
                    const char *title);
void sim_links_addf (JsonObject *links,
                     const char *rel,
                     const char *format,
                     ...) G_GNUC_PRINTF (3, 4);

char       *sim_data_uri_encode (const char *mime_type,
                                 const char *text);
char       *sim_data_uri_decode (const char *uri);
char       *sim_form_encode (const char *text);
JsonObject *sim_json_collection (const char *self_href,
                                 const char *rel,
                                 const char *item_rel,
                                 JsonArray  *items /* owned */);
char       *sim_format_date (gint64 ms);

JsonObject *sim_json_application (SimApp *app);
JsonObject *sim_json_me (SimApp *app);
JsonObject *sim_json_people (SimApp *app);
JsonObject *sim_json_online_meetings (SimApp *app);
JsonObject *sim_json_communication (SimApp *app);
JsonObject *sim_json_presence (SimApp *app);
JsonObject *sim_json_note (SimApp *app);
JsonObject *sim_json_location (SimApp *app);
JsonObject *sim_json_contact (SimApp     *app,
                              const char *key,
                              const char *name);
JsonObject *sim_json_invitation (SimConv       *conv,
                                 SimInvitation *invitation,
                                 gboolean       with_actions,
                                 gboolean       with_photo);
JsonObject *sim_json_conversation (SimConv *conv);
JsonObject *sim_json_messaging (SimConv *conv);
JsonObject *sim_json_participant (SimConv *conv,
                                  gboolean local);
JsonObject *sim_json_participant_messaging (SimConv *conv,
                                            gboolean local);
JsonObject *sim_json_message (SimConv    *conv,
                              SimMessage *message);
JsonObject *sim_json_online_meeting (SimConv *conv);

/* ucwa-sim-server.c */
void sim_server_emit (UcwaSimServer *self,
                      SimSignal      signal,
                      ...);

/* ucwa-sim-util.c */
gint64      sim_now_ms (void);
char       *sim_new_numeric_id (UcwaSimServer *self);
char       *sim_new_hex_id (UcwaSimServer *self);
char       *sim_new_guid_id (void);
char       *sim_random_base64 (gsize n_bytes);
char       *sim_new_thread_id (void);
const char *sim_user_domain (UcwaSimServer *self);
const char *sim_pool_prefix (guint pool);
JsonNode   *sim_member_ci (JsonObject *object,
                           const char *name);
const char *sim_string_member_ci (JsonObject *object,
                                  const char *name);
GHashTable *sim_parse_form (const char *data,
                            gssize      len,
                            GError    **error);
gboolean    sim_parse_uint (const char *text,
                            guint64     max,
                            guint64    *out);
gboolean    sim_content_type_is (SoupServerMessage *msg,
                                 const char        *what);
gboolean    sim_parse_json_body (SoupServerMessage *msg,
                                 GBytes            *body,
                                 gboolean           required,
                                 JsonObject       **out);
char       *sim_make_origin (UcwaSimServer *self,
                             const char    *host);

/* ucwa-sim-auth.c */
void      sim_token_free (SimToken *token);
void      sim_reply_challenge (UcwaSimServer     *self,
                               SoupServerMessage *msg,
                               guint              pool);
SimToken *sim_authenticate (UcwaSimServer     *self,
                            SoupServerMessage *msg,
                            guint              pool);
void      sim_handle_token (UcwaSimServer     *self,
                            SoupServerMessage *msg,
                            guint              pool,
                            GBytes            *body);

/* ucwa-sim-discovery.c */
void sim_handle_root (UcwaSimServer     *self,
                      SoupServerMessage *msg,
                      guint              pool,
                      gboolean           may_redirect);
void sim_handle_user (UcwaSimServer     *self,
                      SoupServerMessage *msg,
                      guint              pool);

/* ucwa-sim-faults.c */
gboolean     sim_fault_error (UcwaSimFault fault,
                              guint       *status,
                              const char **code,
                              const char **subcode,
                              const char **message);
gboolean     sim_is_events_fault (UcwaSimFault fault);
UcwaSimFault sim_take_fault (UcwaSimServer *self,
                             UcwaSimFault   first,
                             UcwaSimFault   last);

/* ucwa-sim-events.c */
void               sim_block_free (SimBlock *block);
SimEvent          *sim_comm_event (SimApp     *app,
                                   const char *rel,
                                   const char *href,
                                   const char *type);
SimEvent          *sim_conv_event (SimConv    *conv,
                                   const char *rel,
                                   const char *href,
                                   const char *title,
                                   const char *type);
SimEvent          *sim_me_event (SimApp     *app,
                                 const char *rel,
                                 const char *suffix,
                                 const char *type);
void               sim_embed (SimConv    *conv,
                              SimEvent   *event,
                              const char *rel,
                              JsonObject *resource);
void               sim_queue_event (SimApp   *app,
                                    SimEvent *event);
SoupServerMessage *sim_take_parked (SimApp *app);
void               sim_apply_events_fault (UcwaSimServer     *self,
                                           SimApp            *app,
                                           SoupServerMessage *msg,
                                           gboolean           paused,
                                           UcwaSimFault       fault);

/* ucwa-sim-applications.c */
void    sim_app_free (SimApp *app);
SimApp *sim_find_app (UcwaSimServer *self,
                      const char    *id);
void    sim_destroy_app (UcwaSimServer *self,
                         SimApp        *app,
                         GoneReason     reason);
void    sim_expire_inactive (UcwaSimServer *self);
void    sim_handle_create_app (UcwaSimServer     *self,
                               SoupServerMessage *msg,
                               guint              pool,
                               SimToken          *token,
                               GBytes            *body);

/* ucwa-sim-communication.c */
void     sim_invitation_free (SimInvitation *invitation);
void     sim_conv_attach (SimConv *conv,
                          SimApp  *app);
void     sim_conv_detach (SimConv *conv);
void     sim_end_conv (UcwaSimServer *self,
                       SimConv       *conv);
char    *sim_new_conference_id (void);
void     sim_conv_free (SimConv *conv);
SimConv *sim_find_conv_by_thread (UcwaSimServer *self,
                                  const char    *thread_id);
void     sim_remove_conv (UcwaSimServer *self,
                          SimConv       *conv);
void     sim_queue_conversation_event (SimConv    *conv,
                                       const char *type);
void     sim_queue_invitation_event (SimConv       *conv,
                                     SimInvitation *invitation,
                                     const char    *type,
                                     gboolean       with_actions,
                                     gboolean       with_photo);
void     sim_offer_conversation (UcwaSimServer *self,
                                 SimConv       *conv,
                                 SimApp        *app);
void     sim_fail_invitation (UcwaSimServer *self,
                              SimConv       *conv,
                              const char    *state,
                              const char    *code,
                              const char    *subcode,
                              const char    *message);
SimConv *sim_req_conv (UcwaSimServer *self,
                       SimRequest    *req,
                       SimApp        *app);
char    *sim_start_invitation (UcwaSimServer *self,
                               const char    *to_user,
                               const char    *from_uri,
                               const char    *from_name,
                               const char    *text,
                               gboolean       meeting);
void     sim_cancel_slow_accepts (UcwaSimServer *self);
void     sim_cancel_slow_gets (UcwaSimServer *self);
void     sim_drop_conversations (UcwaSimServer *self,
                                 SimApp        *app);
/* The newest available application of @to_user (sip:, address or local
 * part), or of the first user with one when NULL. */
SimApp  *sim_pick_app (UcwaSimServer *self,
                       const char    *to_user);

/* ucwa-sim-messaging.c */
void        sim_message_free (SimMessage *message);
SimMessage *sim_add_message (SimConv    *conv,
                             gboolean    outgoing,
                             gboolean    html,
                             const char *text,
                             const char *operation_id);
void        sim_queue_message_event (SimConv    *conv,
                                     SimMessage *message);
void        sim_queue_messaging_updated (SimConv *conv);
void        sim_queue_typing_event (SimConv    *conv,
                                    const char *type);

/* ucwa-sim-communication.c: the accepted meeting's events (Conferenced,
 * the organizer, messaging to be added, the invitation completed). */
void sim_join_conference (SimConv *conv);
/* ucwa-sim-communication.c: an accepted invitation's completion (messaging
 * added, the invitation completed). */
void sim_complete_accept (UcwaSimServer *self,
                          SimConv       *conv);
/* ucwa-sim-lobby.c: the user waits InLobby for the lobby hold (or until
 * told), then is admitted, or refused if conv->remote_answer is
 * UCWA_SIM_REMOTE_DECLINES. */
void sim_enter_lobby (SimConv *conv);

/* ucwa-sim-outgoing.c */
void        sim_outgoing_init (UcwaSimServer *self);
void        sim_outgoing_dispose (UcwaSimServer *self);
void        sim_outgoing_finalize (UcwaSimServer *self);
/* The presence a contact shows: "Offline" for an offline remote party. */
const char *sim_contact_availability (UcwaSimServer *self,
                                      const char    *key);

/* ucwa-sim-me.c: what makeMeAvailable's signInAs (a PreferredAvailability)
 * shows as presence. */
void sim_me_set_preferred (SimApp     *app,
                           const char *preferred);

/* ucwa-sim-autopilot.c */
void sim_autopilot_stop (UcwaSimServer *self);
void sim_autopilot_on_available (UcwaSimServer *self);
void sim_autopilot_on_accepted (UcwaSimServer *self,
                                const char    *thread_id);
void sim_autopilot_on_message (UcwaSimServer *self,
                               const char    *thread_id);

/* ucwa-sim-dispatch.c */
void sim_early_handler (SoupServer        *soup,
                        SoupServerMessage *msg,
                        const char        *raw_path,
                        GHashTable        *query,
                        gpointer           user_data);
void sim_server_callback (SoupServer        *soup,
                          SoupServerMessage *msg,
                          const char        *unused_path,
                          GHashTable        *unused_query,
                          gpointer           user_data);

G_END_DECLS

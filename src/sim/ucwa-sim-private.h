/* ucwa-sim-private.h: state shared by the simulator's source files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ucwa-sim-server.h"

G_BEGIN_DECLS

/* Monotonic µs, as moved on by ucwa_sim_server_advance_clock(): the clock
 * of token and application expiry. */
gint64 ucwa_sim_server_now (UcwaSimServer *self);

#define SIM_APPLICATIONS_PATH "/ucwa/oauth/v1/applications"
#define SIM_UCWA_VERSION      "1.7"
#define SIM_JSON_TYPE         "application/json; charset=utf-8"

typedef struct
{
  char *sip_uri; /* sip:alice@contoso.com */
  char *address; /* alice@contoso.com */
  char *local;   /* alice */
  char *password;
  char *display_name;
} SimUser;

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
  char          *availability;
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
 * the public id) plus its current incarnation inside one application.  The
 * thread survives the loss of its application: an unanswered invitation is
 * then offered again, with new hrefs, to the application the user creates
 * next. */
typedef struct
{
  UcwaSimServer *server; /* unowned */
  char          *thread_id;
  SimUser       *user; /* unowned */
  gboolean       meeting;
  char          *remote_uri;
  char          *remote_name;
  char          *remote_key; /* ada@contoso.com: the participant path segment */
  char          *first_message;
  char          *subject;
  char          *conference_id;
  char          *meeting_uri;
  guint          timeout_source;
  gboolean       link_only;
  gboolean       foreign_link;
  gboolean       missing_links;

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

char *sim_data_uri_encode (const char *mime_type,
                           const char *text);
char *sim_data_uri_decode (const char *uri);
char *sim_form_encode (const char *text);
char *sim_format_date (gint64 ms);

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

char *sim_json_to_string (JsonObject *object);

/* ucwa-sim-server.c, for the control API */
void        ucwa_sim_server_reply_json (SoupServerMessage *msg,
                                        guint              status,
                                        JsonObject        *object);
void        ucwa_sim_server_reply_error (SoupServerMessage *msg,
                                         guint              status,
                                         const char        *code,
                                         const char        *subcode,
                                         const char        *message);
JsonObject *ucwa_sim_server_build_status (UcwaSimServer *self);

/* ucwa-sim-control.c */
void ucwa_sim_control_handle (UcwaSimServer     *self,
                              SoupServerMessage *msg,
                              const char        *path,
                              GHashTable        *params);

G_END_DECLS

/* ucwa-sim-reply.h: how the simulator answers a request
 *
 * Bodies, the UCWA error structure (JSON, or XML when the client asks for
 * it) and empty replies.  Needs nothing of the server's state, so the
 * control API uses it as well as the UCWA resources.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define SIM_JSON_TYPE "application/json; charset=utf-8"

#define MSG_RESOURCE_NOT_FOUND   "The requested resource was not found."
#define MSG_PARAMETER_VALIDATION "A parameter value is not valid."

char *sim_json_to_string (JsonObject *object);

void sim_reply_body (SoupServerMessage *msg,
                     guint              status,
                     const char        *content_type,
                     char              *body /* owned */);
void sim_reply_json (SoupServerMessage *msg,
                     guint              status,
                     JsonObject        *object /* owned */);
void sim_reply_error_full (SoupServerMessage *msg,
                           guint              status,
                           const char        *code,
                           const char        *subcode,
                           const char        *message,
                           JsonArray         *parameters /* owned, nullable */);
void sim_reply_error (SoupServerMessage *msg,
                      guint              status,
                      const char        *code,
                      const char        *subcode,
                      const char        *message);
/* 503 + Retry-After: a pool restarting, come back in @retry_after_s. */
void sim_reply_service_unavailable (SoupServerMessage *msg,
                                    guint              retry_after_s);
void sim_reply_parameter_error (SoupServerMessage *msg,
                                const char        *name,
                                const char        *reason);
void sim_reply_no_content (SoupServerMessage *msg,
                           guint              status);
void sim_reply_not_found (SoupServerMessage *msg);

G_END_DECLS

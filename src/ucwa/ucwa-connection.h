/* ucwa-connection.h: authenticated HTTP to one UCWA server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ucwa-sign-in-policy.h"

G_BEGIN_DECLS

typedef enum {
  UCWA_REQUEST_NONE = 0,
  UCWA_REQUEST_AUTHENTICATED = 1 << 0, /* carry the token; answer a 401 challenge */
  UCWA_REQUEST_LONG_POLL = 1 << 1,     /* no session timeout: the caller keeps a watchdog */
} UcwaRequestFlags;

typedef struct
{
  guint     status;
  char     *uri;          /* the absolute URI that answered */
  char     *content_type; /* nullable */
  char     *location;     /* Location header resolved to absolute, nullable; an
                           * anonymous GET answered with a redirect (3xx) returns
                           * it here, unfollowed: the caller's policy decides */
  GBytes   *body;         /* never NULL (maybe empty) */
  JsonNode *json;         /* the parsed body when it is JSON, else NULL */
} UcwaResponse;

void        ucwa_response_free (UcwaResponse *response);
/* The body as a JSON object: NULL when @response is NULL or its body is
 * not one. */
JsonObject *ucwa_response_get_object (const UcwaResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UcwaResponse, ucwa_response_free)

#define UCWA_MAX_BODY_SIZE (4 * 1024 * 1024)

#define UCWA_TYPE_CONNECTION (ucwa_connection_get_type ())
G_DECLARE_FINAL_TYPE (UcwaConnection, ucwa_connection, UCWA, CONNECTION, GObject)

UcwaConnection *ucwa_connection_new (void);
void            ucwa_connection_set_credentials (UcwaConnection *self,
                                                 const char     *username,
                                                 const char     *password);
gboolean        ucwa_connection_set_extra_ca_file (UcwaConnection *self,
                                                   const char     *path,
                                                   GError        **error);
void            ucwa_connection_set_sign_in_origin (UcwaConnection   *self,
                                                    GUri             *uri,
                                                    UcwaSignInPolicy *policy);
void            ucwa_connection_set_user_agent (UcwaConnection *self,
                                                const char     *user_agent);
void            ucwa_connection_set_timeout (UcwaConnection *self,
                                             guint           seconds);
void            ucwa_connection_reset_token (UcwaConnection *self);
gboolean        ucwa_connection_has_token (UcwaConnection *self);
const char     *ucwa_connection_get_origin (UcwaConnection *self);
guint           ucwa_connection_get_token_count (UcwaConnection *self);

/* The server certificate most recently refused (the TLS error of a request
 * is G_TLS_ERROR_BAD_CERTIFICATE), and why (@errors, nullable); NULL when
 * none was, or since the extra CA was last set. */
GTlsCertificate *ucwa_connection_get_refused_certificate (UcwaConnection       *self,
                                                          GTlsCertificateFlags *errors);

void          ucwa_connection_request_async (UcwaConnection     *self,
                                             const char         *method,
                                             const char         *uri,
                                             const char         *content_type,
                                             GBytes             *body,
                                             UcwaRequestFlags    flags,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
UcwaResponse *ucwa_connection_request_finish (UcwaConnection *self,
                                              GAsyncResult   *result,
                                              GError        **error);
guint         ucwa_connection_get_retry_after (GAsyncResult *result);

void ucwa_connection_request_json_async (UcwaConnection     *self,
                                         const char         *method,
                                         const char         *uri,
                                         JsonNode           *body,
                                         UcwaRequestFlags    flags,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);

G_END_DECLS

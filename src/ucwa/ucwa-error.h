/* ucwa-error.h: the UCWA_ERROR domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define UCWA_ERROR (ucwa_error_quark ())

/**
 * UcwaError:
 *
 * One code for every server answer the client treats differently.  A server
 * `code`/`subcode` pair that is not listed here becomes %UCWA_ERROR_FAILED
 * (or the code of its HTTP status) and keeps the server's code, subcode and
 * message in the error message.
 */
typedef enum {
  UCWA_ERROR_FAILED,                       /* anything not listed below */
  UCWA_ERROR_BAD_REQUEST,                  /* 400 BadRequest */
  UCWA_ERROR_PARAMETER_VALIDATION_FAILURE, /* 400 …/ParameterValidationFailure */
  UCWA_ERROR_UNAUTHORIZED,                 /* 401 still after a fresh token */
  UCWA_ERROR_AUTHENTICATION_FAILED,        /* token endpoint: invalid_grant & co */
  UCWA_ERROR_FORBIDDEN,                    /* 403 */
  UCWA_ERROR_NOT_FOUND,                    /* 404 */
  UCWA_ERROR_APPLICATION_NOT_FOUND,        /* 404 NotFound/ApplicationNotFound */
  UCWA_ERROR_CONFLICT,                     /* 409 Conflict/None (or unknown 409) */
  UCWA_ERROR_ALREADY_EXISTS,               /* 409 Conflict/AlreadyExists */
  UCWA_ERROR_TOO_MANY_GROUPS,              /* 409 Conflict/TooManyGroups */
  UCWA_ERROR_PGET_REPLACED,                /* 409 Conflict/PGetReplaced */
  UCWA_ERROR_MAKE_ME_AVAILABLE_REQUIRED,   /* 409 Conflict/MakeMeAvailableRequired */
  UCWA_ERROR_GONE,                         /* 410 Gone (other subcodes) */
  UCWA_ERROR_CANNOT_REDIRECT,              /* 410 Gone/CannotRedirect */
  UCWA_ERROR_INACTIVE_APPLICATION_EXPIRED, /* 410 Gone/InactiveApplicationExpired */
  UCWA_ERROR_TOO_MANY_APPLICATIONS,        /* 410 Gone/TooManyApplications */
  UCWA_ERROR_USER_AGENT_NOT_ALLOWED,       /* 410 Gone/UserAgentNotAllowed */
  UCWA_ERROR_PRECONDITION_FAILED,          /* 412 / 428 */
  UCWA_ERROR_TOO_MANY_REQUESTS,            /* 429 */
  UCWA_ERROR_SERVICE_FAILURE,              /* 500 ServiceFailure (other subcodes) */
  UCWA_ERROR_CALLBACK_CHANNEL_ERROR,       /* 500 ServiceFailure/CallbackChannelError */
  UCWA_ERROR_SERVICE_UNAVAILABLE,          /* 502 / 503 */
  UCWA_ERROR_TIMEOUT,                      /* 408 / 504, or no answer in time */
  UCWA_ERROR_INVALID_RESPONSE,             /* malformed body, wrong types, missing required link */
  UCWA_ERROR_RESPONSE_TOO_LARGE,           /* body over the cap */
  UCWA_ERROR_FOREIGN_ORIGIN,               /* link points away from the token's origin */
  UCWA_ERROR_INSECURE_TRANSPORT,           /* plain http:// to a non-loopback host */
  UCWA_ERROR_DISCOVERY_FAILED,             /* no autodiscovery candidate answered */
  UCWA_ERROR_NO_LINK,                      /* the capability link is absent right now */
  UCWA_ERROR_OPERATION_FAILED,             /* an operation completed with status Failure */
  UCWA_ERROR_SIGNED_OUT,                   /* no application: sign in first */
  UCWA_ERROR_NOT_UCWA_SERVER,              /* the address answers, but not as a UCWA server */
  /* Outgoing invitations (startMessaging, joinOnlineMeeting): see
   * ucwa_error_new_from_operation_reason(). */
  UCWA_ERROR_DECLINED,              /* the remote party declined */
  UCWA_ERROR_NO_ANSWER,             /* nobody answered: the server timed the invitation out */
  UCWA_ERROR_UNAVAILABLE,           /* the remote party is offline, busy or unreachable */
  UCWA_ERROR_DESTINATION_NOT_FOUND, /* no such person or meeting (…/DestinationNotFound) */
  UCWA_ERROR_MEETING_ENDED,         /* the meeting ended */
  UCWA_ERROR_LOBBY_DENIED,          /* the meeting's lobby refused the user */
  UCWA_ERROR_INVALID_MEETING_LINK,  /* not a meeting link we can join: nothing was sent */
  UCWA_ERROR_FOREIGN_MEETING,       /* a meeting of another domain than the user's: nothing was sent */
} UcwaError;

GQuark ucwa_error_quark (void);

GError  *ucwa_error_new_from_reason (guint       http_status,
                                     const char *code,
                                     const char *subcode,
                                     const char *message);
GError  *ucwa_error_new_from_response (guint       http_status,
                                       const char *content_type,
                                       GBytes     *body);
gboolean ucwa_error_parse_body (const char *content_type,
                                GBytes     *body,
                                char      **code,
                                char      **subcode,
                                char      **message);
gboolean ucwa_error_is_transient (const GError *error);
/* The `reason` of an outgoing invitation's `completed` event with status
 * Failure (code, subcode and message all nullable). */
GError  *ucwa_error_new_from_operation_reason (const char *code,
                                               const char *subcode,
                                               const char *message);

G_END_DECLS

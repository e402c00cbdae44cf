/* beckon-error-messages.c: every error the user may see, in their words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's own messages are English (or in whatever culture the
 * application was created with) and written for administrators: each error
 * the user can meet gets a sentence of ours that says what happened and
 * what to do.  Unknown errors keep the server's words after ours.
 */

#include "config.h"

#include "beckon-error-messages.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "ucwa-error.h"

/* The part of a message that does not depend on what the user was doing. */
static const char *
common_reason (const GError *error)
{
  if (error->domain == G_TLS_ERROR)
    return _ ("The server’s security certificate is not trusted. Ask your administrator for the certificate authority to trust.");

  if (error->domain == G_RESOLVER_ERROR)
    return _ ("The server’s name could not be found. Check the server address and your network connection.");

  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_TIMED_OUT:
          return _ ("The server did not answer in time. Try again in a moment.");
        case G_IO_ERROR_CONNECTION_REFUSED:
          return _ ("The server refused the connection. Check the server address, or try again later.");
        case G_IO_ERROR_NETWORK_UNREACHABLE:
          return _ ("Offline — waiting for the network.");
        default:
          return _ ("There is no connection to the server. Check your network connection and try again.");
        }
    }

  if (error->domain != UCWA_ERROR)
    return NULL;

  switch ((UcwaError) error->code)
    {
    case UCWA_ERROR_CALLBACK_CHANNEL_ERROR:
      return _ ("The server could not reach Beckon to confirm your answer. Beckon is reconnecting; try again in a moment.");
    case UCWA_ERROR_ALREADY_EXISTS:
      return _ ("The server is already handling an answer to this invitation, perhaps from another device. Wait a moment and try again.");
    case UCWA_ERROR_TOO_MANY_GROUPS:
      return _ ("The server refused because you are in too many conversations or groups. Leave one and try again.");
    case UCWA_ERROR_CONFLICT:
      return _ ("The server could not do this right now because of a conflicting request. Try again in a moment.");
    case UCWA_ERROR_CANNOT_REDIRECT:
      return _ ("Your Skype for Business server pool is unavailable and has no backup pool. Try again later or contact your administrator.");
    case UCWA_ERROR_UNAUTHORIZED:
    case UCWA_ERROR_AUTHENTICATION_FAILED:
      return _ ("Your sign-in is no longer valid. Sign in again.");
    case UCWA_ERROR_FORBIDDEN:
      return _ ("Your account is not allowed to do this. Contact your administrator.");
    case UCWA_ERROR_NOT_FOUND:
    case UCWA_ERROR_APPLICATION_NOT_FOUND:
      return _ ("The server no longer knows this invitation. It may have been withdrawn.");
    case UCWA_ERROR_TOO_MANY_REQUESTS:
      return _ ("The server is busy. Try again in a moment.");
    case UCWA_ERROR_SERVICE_FAILURE:
    case UCWA_ERROR_SERVICE_UNAVAILABLE:
      return _ ("The server is having problems. Try again in a moment.");
    case UCWA_ERROR_TIMEOUT:
      return _ ("The server did not confirm in time. Try again in a moment.");
    case UCWA_ERROR_NO_LINK:
      return _ ("This invitation can no longer be answered.");
    case UCWA_ERROR_FOREIGN_ORIGIN:
    case UCWA_ERROR_INSECURE_TRANSPORT:
      return _ ("The server pointed to another server. Beckon refused to protect your sign-in.");
    case UCWA_ERROR_SIGNED_OUT:
      return _ ("You are signed out. Sign in to answer.");
    case UCWA_ERROR_GONE:
    case UCWA_ERROR_INACTIVE_APPLICATION_EXPIRED:
      return _ ("Your session on the server has ended. Sign in again.");
    case UCWA_ERROR_TOO_MANY_APPLICATIONS:
      return _ ("You are signed in on too many devices. Sign out somewhere else and try again.");
    case UCWA_ERROR_USER_AGENT_NOT_ALLOWED:
      return _ ("The server no longer allows Beckon to sign in. Contact your administrator.");
    case UCWA_ERROR_INVALID_RESPONSE:
    case UCWA_ERROR_RESPONSE_TOO_LARGE:
      return _ ("The server sent an answer Beckon cannot read.");
    case UCWA_ERROR_DISCOVERY_FAILED:
      return _ ("Could not find the Skype for Business server for this address.");
    case UCWA_ERROR_NOT_UCWA_SERVER:
      return _ ("The server at this address is not a Skype for Business server. Check the server address.");
    case UCWA_ERROR_FAILED:
    case UCWA_ERROR_BAD_REQUEST:
    case UCWA_ERROR_PARAMETER_VALIDATION_FAILURE:
    case UCWA_ERROR_PGET_REPLACED:
    case UCWA_ERROR_MAKE_ME_AVAILABLE_REQUIRED:
    case UCWA_ERROR_PRECONDITION_FAILED:
    case UCWA_ERROR_OPERATION_FAILED:
    case UCWA_ERROR_DECLINED:
    case UCWA_ERROR_NO_ANSWER:
    case UCWA_ERROR_UNAVAILABLE:
    case UCWA_ERROR_DESTINATION_NOT_FOUND:
    case UCWA_ERROR_MEETING_ENDED:
    case UCWA_ERROR_LOBBY_DENIED:
    case UCWA_ERROR_INVALID_MEETING_LINK:
    case UCWA_ERROR_FOREIGN_MEETING:
      /* What the user started: beckon_error_message_for_join() and
       * beckon_error_message_for_start_chat() say these in its words. */
    default:
      return NULL;
    }
}

char *
beckon_error_message_for_accept (const GError *error)
{
  const char *reason;

  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, UCWA_ERROR, UCWA_ERROR_OPERATION_FAILED))
    /* Translators: %s is the server's explanation */
    return g_strdup_printf (_ ("Could not join: %s"), error->message);

  reason = common_reason (error);
  if (reason != NULL)
    return g_strdup (reason);

  /* Translators: %s is the server's explanation */
  return g_strdup_printf (_ ("Could not accept the invitation: %s"), error->message);
}

char *
beckon_error_message_for_decline (const GError *error)
{
  const char *reason;

  g_return_val_if_fail (error != NULL, NULL);

  reason = common_reason (error);
  if (reason != NULL)
    return g_strdup (reason);

  /* Translators: %s is the server's explanation */
  return g_strdup_printf (_ ("Could not decline the invitation: %s"), error->message);
}

char *
beckon_error_message_for_session (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED))
    return g_strdup (_ ("The user name or password is incorrect."));
  if (g_error_matches (error, UCWA_ERROR, UCWA_ERROR_NO_LINK))
    return g_strdup (_ ("The server stopped offering the connection Beckon needs. Sign in again."));

  if (common_reason (error) != NULL)
    return g_strdup (common_reason (error));

  /* Translators: %s is the server's explanation */
  return g_strdup_printf (_ ("The server reported a problem: %s"), error->message);
}

/**
 * beckon_error_message_for_sign_in_retry:
 * @error: why the last attempt failed
 * @retry_in: seconds until the next attempt, 0 when waiting for the network
 *
 * What the sign-in page says while a sign-in that failed for a moment is
 * retried by itself.
 */
char *
beckon_error_message_for_sign_in_retry (const GError *error,
                                        guint         retry_in)
{
  g_autofree char *reason = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) || retry_in == 0)
    return g_strdup (_ ("Offline — waiting for the network."));

  reason = beckon_error_message_for_session (error);
  /* Translators: %u is a number of seconds, %s the reason (a sentence) */
  return g_strdup_printf (ngettext ("Could not reach the server — retrying in %u second. %s",
                                    "Could not reach the server — retrying in %u seconds. %s",
                                    retry_in),
                          retry_in, reason);
}

gboolean
beckon_error_is_about_server_address (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  if (error->domain == G_RESOLVER_ERROR || error->domain == G_TLS_ERROR)
    return TRUE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return TRUE;

  return g_error_matches (error, UCWA_ERROR, UCWA_ERROR_NOT_UCWA_SERVER) ||
         g_error_matches (error, UCWA_ERROR, UCWA_ERROR_DISCOVERY_FAILED) ||
         g_error_matches (error, UCWA_ERROR, UCWA_ERROR_INSECURE_TRANSPORT);
}

char *
beckon_error_message_for_send (const GError *error)
{
  const char *reason = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  /* What common_reason() says of these is about invitations. */
  if (g_error_matches (error, UCWA_ERROR, UCWA_ERROR_NO_LINK) ||
      g_error_matches (error, UCWA_ERROR, UCWA_ERROR_NOT_FOUND) ||
      g_error_matches (error, UCWA_ERROR, UCWA_ERROR_APPLICATION_NOT_FOUND) ||
      g_error_matches (error, UCWA_ERROR, UCWA_ERROR_OPERATION_FAILED))
    return g_strdup (_ ("This conversation has ended"));

  reason = common_reason (error);
  if (reason != NULL)
    return g_strdup (reason);

  /* Translators: %s is the server's explanation */
  return g_strdup_printf (_ ("Not delivered: %s"), error->message);
}

/* What the user started (joining a meeting by its link, a chat) says of
 * the errors that only it meets, before common_reason(). */
typedef struct
{
  UcwaError   code;
  const char *message;
} StartedMessage;

static const StartedMessage join_messages[] = {
  { UCWA_ERROR_INVALID_MEETING_LINK, N_ ("This is not a Skype for Business meeting link. Copy the whole link from the invitation and try again.") },
  { UCWA_ERROR_FOREIGN_MEETING, N_ ("This meeting belongs to another organization. Beckon only joins meetings on your own organization’s server.") },
  { UCWA_ERROR_DESTINATION_NOT_FOUND, N_ ("The server does not know this meeting. Check the link; the meeting may also have ended.") },
  { UCWA_ERROR_NOT_FOUND, N_ ("The server does not know this meeting. Check the link; the meeting may also have ended.") },
  { UCWA_ERROR_MEETING_ENDED, N_ ("The meeting has ended.") },
  { UCWA_ERROR_LOBBY_DENIED, N_ ("You were not let into the meeting from its lobby.") },
  { UCWA_ERROR_FORBIDDEN, N_ ("Your account is not allowed to join this meeting. Contact the organizer.") },
  { UCWA_ERROR_NO_LINK, N_ ("The server does not allow joining meetings right now. Try again in a moment.") },
  { UCWA_ERROR_SIGNED_OUT, N_ ("You are signed out. Sign in to join the meeting.") },
};

static const StartedMessage start_chat_messages[] = {
  { UCWA_ERROR_DECLINED, N_ ("They declined the chat.") },
  { UCWA_ERROR_NO_ANSWER, N_ ("No answer. They may be away from their computer; try again later.") },
  { UCWA_ERROR_UNAVAILABLE, N_ ("They are offline or cannot chat right now. Try again later.") },
  { UCWA_ERROR_DESTINATION_NOT_FOUND, N_ ("There is no one with this address. Check the address and try again.") },
  { UCWA_ERROR_NOT_FOUND, N_ ("There is no one with this address. Check the address and try again.") },
  { UCWA_ERROR_NO_LINK, N_ ("The server does not allow starting chats right now. Try again in a moment.") },
  { UCWA_ERROR_SIGNED_OUT, N_ ("You are signed out. Sign in to start a chat.") },
};

static const char *
started_reason (const GError         *error,
                const StartedMessage *messages,
                gsize                 n_messages)
{
  if (error->domain == UCWA_ERROR)
    for (gsize i = 0; i < n_messages; i++)
      if (error->code == (gint) messages[i].code)
        return _ (messages[i].message);

  return common_reason (error);
}

/**
 * beckon_error_message_for_join:
 * @error: why joining a meeting by its link failed
 *
 * Returns: what the user is told, in the join dialog or on the main window
 */
char *
beckon_error_message_for_join (const GError *error)
{
  const char *reason = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  reason = started_reason (error, join_messages, G_N_ELEMENTS (join_messages));
  if (reason != NULL)
    return g_strdup (reason);

  /* Translators: %s is the server's explanation */
  return g_strdup_printf (_ ("Could not join the meeting: %s"), error->message);
}

/**
 * beckon_error_message_for_start_chat:
 * @error: why a chat the user started (startMessaging) did not connect
 *
 * Returns: what the user is told, in the conversation window
 */
char *
beckon_error_message_for_start_chat (const GError *error)
{
  const char *reason = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  reason = started_reason (error, start_chat_messages, G_N_ELEMENTS (start_chat_messages));
  if (reason != NULL)
    return g_strdup (reason);

  /* Translators: %s is the server's explanation */
  return g_strdup_printf (_ ("Could not start the chat: %s"), error->message);
}

/* beckon-chat-start.c: a chat the user starts (Reply, New Chat, a sip: link)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One outgoing chat, from the first message the user types to the remote
 * party's answer.  Its window opens before anything is sent, with the
 * composer first (beckon_conversation_window_new_draft()), and follows an
 * item of ours as a meeting joined by link does (beckon-meeting-join.c):
 * "Connecting…" once sent, then either the conversation, Connected, or the
 * reason in the user's words (declined, not answered, offline, unknown).
 *
 * The conversation is handed over only once the invitation succeeded, as
 * ucwa_session_start_messaging_finish() gives it: the model's conversation
 * before that could only be guessed (two chats may be starting at once).
 * The first message travels with the invitation and no event reports it,
 * so it is put into the conversation here, delivered, as the remote party
 * accepted it.
 *
 * A start waits for the session to be online: a sip: link clicked in a
 * browser may start Beckon, whose sign-in is then still under way.
 */

#include "config.h"

#include "beckon-chat-start.h"

#include <string.h>

#include "beckon-error-messages.h"

struct _BeckonChatStart
{
  GObject parent_instance;

  BeckonAccount        *account;
  UcwaSession          *session;
  char                 *address;
  char                 *first_message;
  BeckonInvitationItem *item;
  GCancellable         *cancellable;
  gulong                session_handler;
  gboolean              finished;
};

G_DEFINE_FINAL_TYPE (BeckonChatStart, beckon_chat_start, G_TYPE_OBJECT)

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
finish (BeckonChatStart  *self,
        UcwaConversation *conversation,
        const char       *error_message)
{
  if (self->finished)
    return;

  self->finished = TRUE;
  g_clear_signal_handler (&self->session_handler, self->session);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, conversation, error_message);
}

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (BeckonChatStart)  self = user_data;
  g_autoptr (GError)           error = NULL;
  g_autoptr (UcwaConversation) conversation = NULL;
  g_autofree char             *message = NULL;
  UcwaMessage                 *first;

  conversation = ucwa_session_start_messaging_finish (UCWA_SESSION (object), result, &error);
  if (conversation == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Starting a chat with %s failed: %s", self->address, error->message);
      message = beckon_error_message_for_start_chat (error);
      beckon_invitation_item_set_error_message (self->item, message);
      beckon_invitation_item_set_state (self->item, BECKON_INVITATION_STATE_FAILED);
      finish (self, NULL, message);
      return;
    }

  first = ucwa_model_add_outgoing_message (ucwa_session_get_model (self->session), conversation, NULL,
                                           self->first_message);
  ucwa_model_confirm_outgoing_message (ucwa_session_get_model (self->session), first);
  beckon_invitation_item_set_conversation (self->item, conversation);
  beckon_invitation_item_set_error_message (self->item, NULL);
  beckon_invitation_item_set_state (self->item, BECKON_INVITATION_STATE_ACCEPTED);
  finish (self, conversation, NULL);
}

static void
send_now (BeckonChatStart *self)
{
  g_clear_signal_handler (&self->session_handler, self->session);
  ucwa_session_start_messaging_async (self->session, self->address, self->first_message, NULL, self->cancellable,
                                      start_cb, g_object_ref (self));
}

static void
session_state_cb (BeckonChatStart *self)
{
  if (ucwa_session_get_state (self->session) == UCWA_SESSION_STATE_ONLINE)
    send_now (self);
}

static void
beckon_chat_start_dispose (GObject *object)
{
  BeckonChatStart *self = BECKON_CHAT_START (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    g_clear_signal_handler (&self->session_handler, self->session);
  g_clear_object (&self->item);
  g_clear_object (&self->session);
  g_clear_object (&self->account);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (beckon_chat_start_parent_class)->dispose (object);
}

static void
beckon_chat_start_finalize (GObject *object)
{
  BeckonChatStart *self = BECKON_CHAT_START (object);

  g_free (self->address);
  g_free (self->first_message);

  G_OBJECT_CLASS (beckon_chat_start_parent_class)->finalize (object);
}

static void
beckon_chat_start_class_init (BeckonChatStartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = beckon_chat_start_dispose;
  object_class->finalize = beckon_chat_start_finalize;

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, UCWA_TYPE_CONVERSATION, G_TYPE_STRING);
}

static void
beckon_chat_start_init (BeckonChatStart *self)
{
  self->cancellable = g_cancellable_new ();
}

static gboolean
is_address_part (const char *s,
                 gsize       len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (g_ascii_isspace (s[i]) || g_ascii_iscntrl (s[i]) || strchr ("<>\"?;,/:@", s[i]) != NULL)
      return FALSE;
  return TRUE;
}

/**
 * beckon_chat_start_parse_address:
 * @text: an address as typed, or a `sip:` or `im:` link (RFC 3261, RFC 3860)
 *
 * The URI parameters and headers of a link (`;transport=tls`, `?subject=…`)
 * are dropped: a chat needs the address only.
 *
 * Returns: (transfer full) (nullable): `sip:user@domain`
 */
char *
beckon_chat_start_parse_address (const char *text)
{
  g_autofree char *stripped = NULL;
  g_autofree char *unescaped = NULL;
  const char      *rest;
  const char      *at;
  gsize            len;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  stripped = g_strstrip (g_strdup (text));
  rest = stripped;
  if (g_ascii_strncasecmp (rest, "im:", 3) == 0)
    rest += 3;
  if (g_ascii_strncasecmp (rest, "sip:", 4) == 0)
    rest += 4;
  len = strcspn (rest, ";?");

  unescaped = g_uri_unescape_segment (rest, rest + len, NULL);
  if (unescaped == NULL || !g_utf8_validate (unescaped, -1, NULL))
    return NULL;

  at = strchr (unescaped, '@');
  if (at == NULL || !is_address_part (unescaped, at - unescaped) || !is_address_part (at + 1, strlen (at + 1)))
    return NULL;

  return g_strconcat ("sip:", unescaped, NULL);
}

/**
 * beckon_chat_start_new:
 * @account: the account to start it in
 * @address: `sip:ada@contoso.com` (beckon_chat_start_parse_address())
 * @name: (nullable): the person's name, if known
 */
BeckonChatStart *
beckon_chat_start_new (BeckonAccount *account,
                       const char    *address,
                       const char    *name)
{
  BeckonChatStart      *self;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (BECKON_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  self = g_object_new (BECKON_TYPE_CHAT_START, NULL);
  self->account = g_object_ref (account);
  self->session = g_object_ref (beckon_account_get_session (account));
  self->address = g_strdup (address);
  /* The person stands where an inviter would: the window's title. */
  self->item = beckon_invitation_item_new_restored (FALSE, name, address, NULL, now, BECKON_INVITATION_STATE_PENDING,
                                                    NULL, NULL);
  return self;
}

void
beckon_chat_start_send (BeckonChatStart *self,
                        const char      *first_message)
{
  g_return_if_fail (BECKON_IS_CHAT_START (self));
  g_return_if_fail (first_message != NULL);
  g_return_if_fail (self->first_message == NULL && !self->finished);

  self->first_message = g_strdup (first_message);
  beckon_invitation_item_set_state (self->item, BECKON_INVITATION_STATE_JOINING);

  if (ucwa_session_get_state (self->session) == UCWA_SESSION_STATE_ONLINE)
    {
      send_now (self);
      return;
    }

  self->session_handler = g_signal_connect_object (self->session, "notify::state", G_CALLBACK (session_state_cb),
                                                   self, G_CONNECT_SWAPPED);
}

/* Gives up, saying nothing: the window went. */
void
beckon_chat_start_cancel (BeckonChatStart *self)
{
  g_return_if_fail (BECKON_IS_CHAT_START (self));

  g_cancellable_cancel (self->cancellable);
  self->finished = TRUE;
  g_clear_signal_handler (&self->session_handler, self->session);
}

const char *
beckon_chat_start_get_address (BeckonChatStart *self)
{
  g_return_val_if_fail (BECKON_IS_CHAT_START (self), NULL);

  return self->address;
}

const char *
beckon_chat_start_get_first_message (BeckonChatStart *self)
{
  g_return_val_if_fail (BECKON_IS_CHAT_START (self), NULL);

  return self->first_message;
}

gboolean
beckon_chat_start_get_finished (BeckonChatStart *self)
{
  g_return_val_if_fail (BECKON_IS_CHAT_START (self), FALSE);

  return self->finished;
}

BeckonInvitationItem *
beckon_chat_start_get_item (BeckonChatStart *self)
{
  g_return_val_if_fail (BECKON_IS_CHAT_START (self), NULL);

  return self->item;
}

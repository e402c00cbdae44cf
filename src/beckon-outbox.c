/* beckon-outbox.c: a conversation's messages on their way out
 *
 * What the user writes while the account reconnects waits here, in order,
 * and goes out when the connection is back; a message sent but not
 * confirmed by the server within a bounded time fails for the user, with
 * the reason ("failed"), rather than sit at "Sending…".  The window shows
 * both, through the copies; this object owns neither widgets nor their
 * state.  The core's thread (beckon-core.c): one per conversation the
 * copier follows (beckon-copier.c), which copies its waiting list and its
 * failures to the GTK thread; its timeouts run on the thread-default
 * context it was created on.  GTK only for GtkStringObject, the items of
 * the waiting list, which never leave this thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "beckon-outbox.h"

#include <gtk/gtk.h>

#include "beckon-error-messages.h"
#include "ucwa-error.h"
#include "ucwa-main-context-private.h"

/* How long a message may wait for the server's confirmation: then it is
 * failed for the user, with the reason, its text kept and Retry offered. */
#define SEND_TIMEOUT_MS (30 * 1000)

struct _BeckonOutbox
{
  GObject parent_instance;

  UcwaSession      *session;
  UcwaConversation *conversation;
  GListStore       *waiting;     /* GtkStringObject: written while reconnecting, sent when back */
  gboolean          gave_up;     /* the conversation ended before they could go */
  GPtrArray        *unconfirmed; /* Unconfirmed: messages sent, waiting for the server */
  guint             send_timeout_ms;
  GCancellable     *cancellable;
};

G_DEFINE_FINAL_TYPE (BeckonOutbox, beckon_outbox, G_TYPE_OBJECT)

enum {
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A message on its way: failed for the user if the server does not
 * confirm it in time. */
typedef struct
{
  BeckonOutbox *self; /* owns it */
  UcwaMessage  *message;
  gint64        sent_at; /* monotonic, µs */
  guint         source;
} Unconfirmed;

static void
unconfirmed_free (Unconfirmed *unconfirmed)
{
  g_signal_handlers_disconnect_by_data (unconfirmed->message, unconfirmed);
  ucwa_clear_source (&unconfirmed->source);
  g_object_unref (unconfirmed->message);
  g_free (unconfirmed);
}

static gboolean
unconfirmed_timeout_cb (gpointer user_data)
{
  Unconfirmed            *unconfirmed = user_data;
  g_autoptr (GError)      error = g_error_new_literal (UCWA_ERROR, UCWA_ERROR_TIMEOUT, "Not confirmed in time");
  g_autofree char        *reason = beckon_error_message_for_send (error);
  g_autoptr (UcwaMessage) message = g_object_ref (unconfirmed->message);
  BeckonOutbox           *self = unconfirmed->self;

  unconfirmed->source = 0;
  g_ptr_array_remove (self->unconfirmed, unconfirmed);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, message, reason);
  return G_SOURCE_REMOVE;
}

static void
unconfirmed_status_cb (UcwaMessage *message,
                       GParamSpec  *pspec,
                       Unconfirmed *unconfirmed)
{
  if (ucwa_message_get_status (message) != UCWA_MESSAGE_STATUS_PENDING)
    g_ptr_array_remove (unconfirmed->self->unconfirmed, unconfirmed);
}

typedef struct
{
  BeckonOutbox *self;
  UcwaMessage  *message; /* nullable: refused before it was listed */
} SendData;

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SendData          *data = user_data;
  g_autoptr (GError) error = NULL;

  if (!ucwa_session_send_message_finish (UCWA_SESSION (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Could not send a message: %s", error->message);
      if (data->message != NULL)
        {
          g_autofree char *reason = beckon_error_message_for_send (error);

          g_signal_emit (data->self, signals[SIGNAL_FAILED], 0, data->message, reason);
        }
    }

  g_object_unref (data->self);
  g_clear_object (&data->message);
  g_free (data);
}

static void
send_text (BeckonOutbox *self,
           const char   *text)
{
  GListModel *messages = ucwa_conversation_get_messages (self->conversation);
  guint       before = g_list_model_get_n_items (messages);
  SendData   *data = g_new0 (SendData, 1);

  data->self = g_object_ref (self);
  ucwa_session_send_message_async (self->session, self->conversation, text, self->cancellable,
                                   send_done_cb, data);

  /* The session lists the pending message at once, last. */
  if (g_list_model_get_n_items (messages) > before)
    {
      Unconfirmed *unconfirmed = g_new0 (Unconfirmed, 1);

      data->message = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
      unconfirmed->self = self;
      unconfirmed->message = g_object_ref (data->message);
      unconfirmed->sent_at = g_get_monotonic_time ();
      unconfirmed->source = ucwa_timeout_add (self->send_timeout_ms, unconfirmed_timeout_cb, unconfirmed);
      g_signal_connect (unconfirmed->message, "notify::status", G_CALLBACK (unconfirmed_status_cb), unconfirmed);
      g_ptr_array_add (self->unconfirmed, unconfirmed);
    }
}

static void
beckon_outbox_dispose (GObject *object)
{
  BeckonOutbox *self = BECKON_OUTBOX (object);

  /* A send still under way keeps the outbox alive until it is done:
   * cancelled, it reports nothing. */
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->unconfirmed, g_ptr_array_unref);

  G_OBJECT_CLASS (beckon_outbox_parent_class)->dispose (object);
}

static void
beckon_outbox_finalize (GObject *object)
{
  BeckonOutbox *self = BECKON_OUTBOX (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->waiting);
  g_clear_object (&self->conversation);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (beckon_outbox_parent_class)->finalize (object);
}

static void
beckon_outbox_class_init (BeckonOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = beckon_outbox_dispose;
  object_class->finalize = beckon_outbox_finalize;

  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, UCWA_TYPE_MESSAGE, G_TYPE_STRING);
}

static void
beckon_outbox_init (BeckonOutbox *self)
{
  self->cancellable = g_cancellable_new ();
  self->unconfirmed = g_ptr_array_new_with_free_func ((GDestroyNotify) unconfirmed_free);
  self->send_timeout_ms = SEND_TIMEOUT_MS;
  self->waiting = g_list_store_new (GTK_TYPE_STRING_OBJECT);
}

BeckonOutbox *
beckon_outbox_new (UcwaSession      *session,
                   UcwaConversation *conversation)
{
  BeckonOutbox *self;

  g_return_val_if_fail (UCWA_IS_SESSION (session), NULL);
  g_return_val_if_fail (UCWA_IS_CONVERSATION (conversation), NULL);

  self = g_object_new (BECKON_TYPE_OUTBOX, NULL);
  self->session = g_object_ref (session);
  self->conversation = g_object_ref (conversation);
  return self;
}

void
beckon_outbox_send (BeckonOutbox *self,
                    const char   *text)
{
  g_return_if_fail (BECKON_IS_OUTBOX (self));
  g_return_if_fail (text != NULL);

  /* Nothing would reach the server now: it waits, visibly, for the
   * connection, and goes out in order when it is back. */
  if (ucwa_session_get_state (self->session) == UCWA_SESSION_STATE_RECONNECTING ||
      g_list_model_get_n_items (G_LIST_MODEL (self->waiting)) > 0)
    {
      g_autoptr (GtkStringObject) waiting = gtk_string_object_new (text);

      g_list_store_append (self->waiting, waiting);
      return;
    }

  send_text (self, text);
}

void
beckon_outbox_flush (BeckonOutbox *self)
{
  g_return_if_fail (BECKON_IS_OUTBOX (self));

  if (self->gave_up || ucwa_session_get_state (self->session) != UCWA_SESSION_STATE_ONLINE ||
      ucwa_conversation_get_send_message_href (self->conversation) == NULL)
    return;

  /* Back: out in the order they were written (the session posts a
   * conversation's messages one after the other). */
  while (g_list_model_get_n_items (G_LIST_MODEL (self->waiting)) > 0)
    {
      g_autoptr (GtkStringObject) first = g_list_model_get_item (G_LIST_MODEL (self->waiting), 0);

      g_list_store_remove (self->waiting, 0);
      send_text (self, gtk_string_object_get_string (first));
    }
}

void
beckon_outbox_give_up (BeckonOutbox *self)
{
  g_return_if_fail (BECKON_IS_OUTBOX (self));

  self->gave_up = TRUE;
}

GListModel *
beckon_outbox_get_waiting (BeckonOutbox *self)
{
  g_return_val_if_fail (BECKON_IS_OUTBOX (self), NULL);

  return G_LIST_MODEL (self->waiting);
}

gboolean
beckon_outbox_get_gave_up (BeckonOutbox *self)
{
  g_return_val_if_fail (BECKON_IS_OUTBOX (self), FALSE);

  return self->gave_up;
}

void
beckon_outbox_set_send_timeout (BeckonOutbox *self,
                                guint         milliseconds)
{
  g_return_if_fail (BECKON_IS_OUTBOX (self));

  self->send_timeout_ms = MAX (1, milliseconds);

  /* The new bound holds for the messages already on their way, from when
   * each was sent: one past it fails at once. */
  for (guint i = 0; i < self->unconfirmed->len; i++)
    {
      Unconfirmed *unconfirmed = g_ptr_array_index (self->unconfirmed, i);
      gint64       left_ms = (unconfirmed->sent_at - g_get_monotonic_time ()) / 1000 + self->send_timeout_ms;

      ucwa_clear_source (&unconfirmed->source);
      unconfirmed->source = ucwa_timeout_add (MAX (0, left_ms), unconfirmed_timeout_cb, unconfirmed);
    }
}

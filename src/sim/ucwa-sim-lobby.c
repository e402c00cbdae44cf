/* ucwa-sim-lobby.c: the user's wait in a meeting's lobby (PROTOCOL.md §9)
 *
 * An accepted meeting invitation's or a join's: the conversation shows
 * InLobby and the invitation stays Connecting until the lobby hold ends
 * with the meeting's verdict, or, with UCWA_SIM_LOBBY_HOLD_UNTIL_TOLD,
 * until a test admits or refuses (ucwa_sim_server_admit_from_lobby(),
 * ucwa_sim_server_refuse_from_lobby()).  Either way the same events.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ucwa-sim-private.h"

/* The end of the user's lobby wait: admitted, the join (an accepted
 * invitation's, or joinOnlineMeeting's) completes; refused, it fails
 * (PROTOCOL.md §9: completes only once admitted or rejected). */
static void
decide_lobby (SimConv *conv,
              gboolean admit)
{
  g_clear_handle_id (&conv->timeout_source, g_source_remove);
  if (!admit)
    {
      g_debug ("Refusing %s from the lobby", conv->thread_id);
      /* Frees conv. */
      sim_fail_invitation (conv->server, conv, "Failed", "RemoteFailure", "Denied",
                           "You were not admitted to the meeting.");
    }
  else if (conv->invitation->outgoing)
    {
      g_debug ("Admitting %s from the lobby", conv->thread_id);
      sim_join_conference (conv);
    }
  else
    {
      g_debug ("Admitting %s from the lobby", conv->thread_id);
      sim_complete_accept (conv->server, conv);
    }
}

static gboolean
waits_in_lobby (SimConv *conv)
{
  return conv->app != NULL && conv->invitation != NULL && !conv->invitation->completed &&
         g_strcmp0 (conv->state, "InLobby") == 0;
}

/* The end of a lobby hold: the meeting's verdict (remote_answer; an
 * accepted invitation's meeting always admits). */
static gboolean
lobby_hold_cb (gpointer data)
{
  SimConv *conv = data;

  conv->timeout_source = 0;
  if (waits_in_lobby (conv))
    decide_lobby (conv, conv->remote_answer != UCWA_SIM_REMOTE_DECLINES);

  return G_SOURCE_REMOVE;
}

/* The meeting keeps the user in its lobby: the invitation stays Connecting
 * and the conversation shows InLobby (PROTOCOL.md §9) until the hold ends
 * with conv->remote_answer's verdict, or until told. */
void
sim_enter_lobby (SimConv *conv)
{
  UcwaSimServer *self = conv->server;

  conv->state = "InLobby";
  sim_queue_conversation_event (conv, "updated");
  if (self->lobby_hold_ms == UCWA_SIM_LOBBY_HOLD_UNTIL_TOLD)
    {
      g_debug ("%s waits in the lobby until told", conv->thread_id);
      return;
    }
  g_debug ("%s waits in the lobby for %u ms", conv->thread_id, self->lobby_hold_ms);
  conv->timeout_source = g_timeout_add (self->lobby_hold_ms, lobby_hold_cb, conv);
}

static gboolean
decide_lobby_of (UcwaSimServer *self,
                 const char    *id,
                 gboolean       admit)
{
  gboolean found = FALSE;

  g_return_val_if_fail (UCWA_SIM_IS_SERVER (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  /* Backwards: a refusal removes the conversation. */
  for (guint i = self->convs->len; i > 0; i--)
    {
      SimConv *conv = g_ptr_array_index (self->convs, i - 1);

      if (conv->meeting && waits_in_lobby (conv) &&
          (g_strcmp0 (conv->conference_id, id) == 0 || g_str_equal (conv->thread_id, id)))
        {
          decide_lobby (conv, admit);
          found = TRUE;
        }
    }
  return found;
}

gboolean
ucwa_sim_server_admit_from_lobby (UcwaSimServer *self,
                                  const char    *id)
{
  return decide_lobby_of (self, id, TRUE);
}

gboolean
ucwa_sim_server_refuse_from_lobby (UcwaSimServer *self,
                                   const char    *id)
{
  return decide_lobby_of (self, id, FALSE);
}

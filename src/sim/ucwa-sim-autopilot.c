/* ucwa-sim-autopilot.c: the remote parties of beckon --demo
 *
 * When enabled, plays Ada (an IM that answers every message) and Grace (a
 * meeting invitation) on timers, so that the app can be shown without
 * anyone driving the control API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ucwa-sim-private.h"

typedef enum {
  AUTOPILOT_IM,
  AUTOPILOT_MEETING,
  AUTOPILOT_TYPING,
  AUTOPILOT_MESSAGE,
  AUTOPILOT_PARTICIPANTS,
} AutopilotKind;

typedef struct
{
  UcwaSimServer *self; /* unowned */
  AutopilotKind  kind;
  char          *id;
  char          *text;
  guint          source;
} AutopilotAction;

static const char *autopilot_replies[] = {
  "Sounds good, thanks!",
  "Got it. Let me check and get back to you.",
  "Perfect — see you in the planning meeting.",
  "Makes sense to me.",
};

static void autopilot_schedule (UcwaSimServer *self,
                                guint          delay_ms,
                                AutopilotKind  kind,
                                const char    *id,
                                const char    *text);

static void
autopilot_action_free (AutopilotAction *action)
{
  g_clear_handle_id (&action->source, g_source_remove);
  g_free (action->id);
  g_free (action->text);
  g_free (action);
}

void
sim_autopilot_on_available (UcwaSimServer *self)
{
  if (!self->autopilot || self->autopilot_started)
    return;

  self->autopilot_started = TRUE;
  autopilot_schedule (self, 2000, AUTOPILOT_IM, NULL, NULL);
}

void
sim_autopilot_on_accepted (UcwaSimServer *self,
                           const char    *thread_id)
{
  if (!self->autopilot)
    return;

  /* The meeting fills up: one colleague is there, another waits in the lobby. */
  if (g_strcmp0 (thread_id, self->autopilot_grace) == 0)
    {
      autopilot_schedule (self, 500, AUTOPILOT_PARTICIPANTS, thread_id, NULL);
      return;
    }

  if (g_strcmp0 (thread_id, self->autopilot_ada) != 0)
    return;

  autopilot_schedule (self, 300, AUTOPILOT_TYPING, thread_id, NULL);
  autopilot_schedule (self, 1800, AUTOPILOT_MESSAGE, thread_id,
                      "Great — I wanted to ask about the release notes.");
}

void
sim_autopilot_on_message (UcwaSimServer *self,
                          const char    *thread_id)
{
  const char *reply;

  if (!self->autopilot)
    return;

  reply = autopilot_replies[self->autopilot_replies++ % G_N_ELEMENTS (autopilot_replies)];
  autopilot_schedule (self, 400, AUTOPILOT_TYPING, thread_id, NULL);
  autopilot_schedule (self, 2000, AUTOPILOT_MESSAGE, thread_id, reply);
}

static gboolean
autopilot_cb (gpointer data)
{
  AutopilotAction *action = data;
  UcwaSimServer   *self = action->self;
  char            *id;

  action->source = 0;
  self->autopilot_actions = g_list_remove (self->autopilot_actions, action);

  switch (action->kind)
    {
    case AUTOPILOT_IM:
      id = ucwa_sim_server_start_im_invitation (self, NULL, "sip:ada@contoso.com", "Ada Lovelace", "Hi, got a minute?");
      if (id != NULL)
        {
          g_free (self->autopilot_ada);
          self->autopilot_ada = id;
          autopilot_schedule (self, 20000, AUTOPILOT_MEETING, NULL, NULL);
        }
      else
        {
          /* Nobody available any more: start over at the next makeMeAvailable. */
          self->autopilot_started = FALSE;
        }
      break;

    case AUTOPILOT_MEETING:
      g_free (self->autopilot_grace);
      self->autopilot_grace = ucwa_sim_server_start_meeting_invitation (self, NULL, "sip:grace@contoso.com",
                                                                        "Grace Hopper", "Release planning");
      break;

    case AUTOPILOT_PARTICIPANTS:
      ucwa_sim_server_set_meeting_participant (self, action->id, "sip:linus@contoso.com", "Linus Pauling", "attendee");
      ucwa_sim_server_set_meeting_participant (self, action->id, "sip:marie@contoso.com", "Marie Curie", "lobby");
      break;

    case AUTOPILOT_TYPING:
      ucwa_sim_server_set_remote_typing (self, action->id, TRUE);
      break;

    case AUTOPILOT_MESSAGE:
      ucwa_sim_server_send_remote_message (self, action->id, action->text);
      break;

    default:
      g_assert_not_reached ();
    }

  autopilot_action_free (action);

  return G_SOURCE_REMOVE;
}

static void
autopilot_schedule (UcwaSimServer *self,
                    guint          delay_ms,
                    AutopilotKind  kind,
                    const char    *id,
                    const char    *text)
{
  AutopilotAction *action = g_new0 (AutopilotAction, 1);

  action->self = self;
  action->kind = kind;
  action->id = g_strdup (id);
  action->text = g_strdup (text);
  action->source = g_timeout_add (delay_ms, autopilot_cb, action);
  self->autopilot_actions = g_list_prepend (self->autopilot_actions, action);
}

/* Drops every scheduled action (autopilot off, or the server going away). */
void
sim_autopilot_stop (UcwaSimServer *self)
{
  g_list_free_full (g_steal_pointer (&self->autopilot_actions), (GDestroyNotify) autopilot_action_free);
}

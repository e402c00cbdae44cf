/* beckon-notification-content.c: what an invitation's notification says
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The words, buttons, urgency and lifetime of the notification for an
 * invitation in each of its states, as a BeckonNotifyContent the notifier
 * hands to its worker thread.  Pure functions of the item (and of the
 * account, which decides which answers a button may offer): called on the
 * notifier's thread, they keep nothing.
 */

#include "config.h"

#include "beckon-notification-content-private.h"

#include <glib/gi18n.h>

#define MAX_BODY_CHARS 300

static char *
dup_body (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return NULL;
  if (!g_utf8_validate (text, -1, NULL))
    return g_utf8_make_valid (text, -1);
  /* A first message can be long; a notification shows a few lines. */
  if (g_utf8_strlen (text, MAX_BODY_CHARS + 1) > MAX_BODY_CHARS)
    {
      g_autofree char *start = g_utf8_substring (text, 0, MAX_BODY_CHARS);

      return g_strconcat (start, "…", NULL);
    }
  return g_strdup (text);
}

/* A choice of the preferences (a boolean key that is on by default): read
 * afresh for each notification, so a change applies to the next one.  On
 * where no schema is installed (an uninstalled build). */
static gboolean
preference_on (const char *key)
{
  GSettingsSchemaSource      *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  g_autoptr (GSettings)       settings = NULL;

  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return TRUE;
  settings = g_settings_new_full (schema, NULL, NULL);
  return g_settings_get_boolean (settings, key);
}

/* The message text (a chat's first message, a meeting's subject), unless
 * the user chose notifications that say only who invites and to what. */
static char *
dup_message_text (BeckonInvitationItem *item)
{
  return preference_on ("show-message-text") ? dup_body (beckon_invitation_item_get_body (item)) : NULL;
}

/* The item words it, so the popup and the invitation list agree. */
static char *
dup_summary (BeckonInvitationItem *item)
{
  return g_strdup (beckon_invitation_item_get_summary (item));
}

static const char *
item_category (BeckonInvitationItem *item)
{
  /* The specification has no category for meetings: a Skype meeting
   * invitation is an invitation to its chat, so "im" (the class), and
   * "im.received" for a message that starts a chat. */
  return beckon_invitation_item_get_is_meeting (item) ? "im" : "im.received";
}

/* Critical stays on screen (and in GNOME passes Do Not Disturb): only for
 * what the sender marked Urgent or Emergency. */
static NotifyUrgency
item_urgency (BeckonInvitationItem *item)
{
  UcwaInvitation *invitation = beckon_invitation_item_get_invitation (item);
  const char     *importance = invitation != NULL ? ucwa_invitation_get_importance (invitation) : NULL;

  if (importance != NULL &&
      (g_ascii_strcasecmp (importance, "Urgent") == 0 || g_ascii_strcasecmp (importance, "Emergency") == 0))
    return NOTIFY_URGENCY_CRITICAL;
  return NOTIFY_URGENCY_NORMAL;
}

/* A button for each answer the account would take: while the server has
 * taken the links away for a moment (the application is being re-created)
 * they stay rather than flicker, and a click waits for the links.  Returns
 * why there is none, if there is none. */
static char *
content_set_answers (BeckonNotifyContent  *content,
                     BeckonAccount        *account,
                     BeckonInvitationItem *item)
{
  g_autoptr (GError) error = NULL;

  content->decline = beckon_account_can_answer (account, item, BECKON_ANSWER_DECLINE, NULL);
  content->accept = beckon_account_can_answer (account, item, BECKON_ANSWER_ACCEPT, &error);
  /* One word for one action, as the invitation list says it. */
  content->accept_label = beckon_invitation_item_get_is_meeting (item) ? _ ("Join") : _ ("Accept");
  return content->accept || content->decline ? NULL : g_strdup (error->message);
}

BeckonNotifyContent *
beckon_notify_content_new_ringing (BeckonAccount        *account,
                                   BeckonInvitationItem *item)
{
  BeckonNotifyContent *content = g_new0 (BeckonNotifyContent, 1);
  g_autofree char     *why_not = content_set_answers (content, account, item);

  content->summary = dup_summary (item);
  content->body = dup_message_text (item);
  /* No buttons: the body says why, as the invitation list does. */
  if (why_not != NULL)
    {
      char *text = content->body != NULL ? g_strconcat (content->body, "\n", why_not, NULL) : g_strdup (why_not);

      g_free (content->body);
      content->body = text;
    }
  content->category = item_category (item);
  content->urgency = item_urgency (item);
  /* It rings until answered or withdrawn: we close it ourselves. */
  content->timeout = NOTIFY_EXPIRES_NEVER;
  /* Resident: a click does not close it; it turns into "Joining…" in place. */
  content->resident = TRUE;
  /* Off: the server is asked for silence, not merely for no sound of ours
   * (it may have one of its own for every notification). */
  content->sound = preference_on ("invitation-sound");
  content->suppress_sound = !content->sound;
  return content;
}

BeckonNotifyContent *
beckon_notify_content_new_busy (BeckonInvitationItem *item,
                                const char           *status)
{
  BeckonNotifyContent *content = g_new0 (BeckonNotifyContent, 1);

  content->summary = dup_summary (item);
  content->body = g_strdup (status);
  content->category = item_category (item);
  content->urgency = item_urgency (item);
  content->timeout = NOTIFY_EXPIRES_NEVER;
  content->resident = TRUE;
  return content;
}

BeckonNotifyContent *
beckon_notify_content_new_failed (BeckonAccount        *account,
                                  BeckonInvitationItem *item)
{
  BeckonNotifyContent *content = g_new0 (BeckonNotifyContent, 1);
  gboolean             answerable = beckon_invitation_item_get_answerable (item);
  const char          *message = beckon_invitation_item_get_error_message (item);

  content->summary = dup_summary (item);
  content->body = dup_body (message != NULL && message[0] != '\0' ? message
                                                                  : _ ("The invitation could not be answered."));
  content->category = "im.error";
  content->urgency = NOTIFY_URGENCY_NORMAL;
  content->timeout = answerable ? NOTIFY_EXPIRES_NEVER : NOTIFY_EXPIRES_DEFAULT;
  g_free (content_set_answers (content, account, item));
  content->resident = answerable;
  return content;
}

BeckonNotifyContent *
beckon_notify_content_new_missed (BeckonAccount        *account,
                                  BeckonInvitationItem *item)
{
  BeckonNotifyContent *content = g_new0 (BeckonNotifyContent, 1);
  const char          *inviter = beckon_invitation_item_get_inviter (item);

  if (inviter == NULL || inviter[0] == '\0')
    /* Translators: stands for the inviter when the server gives no name, in
     * “Missed chat from %s” */
    inviter = _ ("someone");
  if (beckon_invitation_item_get_is_meeting (item))
    /* Translators: %s is a person's name or SIP address */
    content->summary = g_strdup_printf (_ ("Missed meeting invitation from %s"), inviter);
  else
    /* Translators: %s is a person's name or SIP address */
    content->summary = g_strdup_printf (_ ("Missed chat from %s"), inviter);
  content->body = dup_message_text (item);
  content->category = "im";
  content->urgency = NOTIFY_URGENCY_NORMAL;
  content->timeout = NOTIFY_EXPIRES_DEFAULT;
  content->reply = beckon_account_can_reply (account, item, NULL);
  return content;
}

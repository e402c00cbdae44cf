/* ucwa-model-ending.c: what ends with no event to say so
 *
 * A sign-out, a resync (§6.4), a lost application, a resource that is
 * gone: the server will never send the completions and deletions of what
 * lived there, so the model ends it here, saying why, rather than leave an
 * invitation ringing or a conversation open forever.  Which invitations and
 * conversations exist, and what the server's events do to them, is
 * ucwa-model.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ucwa-model-private.h"
#include "ucwa-model-state-private.h"

static void
remove_all_conversations (UcwaModel *self)
{
  g_autoptr (GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  guint                 n = g_list_model_get_n_items (G_LIST_MODEL (self->conversations));

  /* Handlers may touch the model: work on a snapshot. */
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (conversations, g_list_model_get_item (G_LIST_MODEL (self->conversations), i));

  for (guint i = 0; i < conversations->len; i++)
    _ucwa_model_remove_conversation (self, g_ptr_array_index (conversations, i));

  g_hash_table_remove_all (self->conversations_by_href);
}

static GPtrArray *
pending_invitations (UcwaModel *self)
{
  GPtrArray *pending = g_ptr_array_new_with_free_func (g_object_unref);
  guint      n = g_list_model_get_n_items (G_LIST_MODEL (self->invitations));

  for (guint i = 0; i < n; i++)
    {
      UcwaInvitation *invitation = g_list_model_get_item (G_LIST_MODEL (self->invitations), i);

      if (ucwa_invitation_get_status (invitation) == UCWA_INVITATION_STATUS_PENDING)
        g_ptr_array_add (pending, invitation);
      else
        g_object_unref (invitation);
    }

  return pending;
}

/* Our own invitations whose completion will never come. */
static void
fail_outgoing (UcwaModel  *self,
               const char *subcode,
               const char *message)
{
  /* The operations woken up may forget theirs: work on a snapshot. */
  g_autoptr (GPtrArray) outgoing = ucwa_operation_set_dup_all (&self->outgoing);

  for (guint i = 0; i < outgoing->len; i++)
    _ucwa_model_complete_invitation (self, g_ptr_array_index (outgoing, i), FALSE, "LocalFailure", subcode, message);
}

static void
end_transient (UcwaModel  *self,
               const char *subcode,
               const char *message)
{
  g_autoptr (GPtrArray) pending = NULL;

  g_object_ref (self);

  remove_all_conversations (self);

  /* A resync replays from the first unacknowledged event: conversations we
   * just dropped may come back, and must be allowed to.  The ignored
   * invitations stay ignored: ours are still ours after a replay. */
  ucwa_href_set_clear (&self->removed_conversations);

  /* The server's notifications about them are lost (§6.4): no completion
   * will ever come, so end them here rather than ring forever. */
  pending = pending_invitations (self);
  for (guint i = 0; i < pending->len; i++)
    _ucwa_model_complete_invitation (self, g_ptr_array_index (pending, i), FALSE, "LocalFailure", subcode, message);
  fail_outgoing (self, subcode, message);

  g_object_unref (self);
}

void
ucwa_model_reset_transient (UcwaModel *self)
{
  g_return_if_fail (UCWA_IS_MODEL (self));

  end_transient (self, "Resynchronized", "The server reset the session's state");
}

void
ucwa_model_sign_out (UcwaModel *self)
{
  g_return_if_fail (UCWA_IS_MODEL (self));

  end_transient (self, "SignedOut", "Signed out");
}

GPtrArray *
ucwa_model_dup_transient_hrefs (UcwaModel *self)
{
  g_autoptr (GPtrArray) pending = NULL;
  GPtrArray            *hrefs = g_ptr_array_new_with_free_func (g_free);
  GListModel           *conversations;

  g_return_val_if_fail (UCWA_IS_MODEL (self), hrefs);

  pending = pending_invitations (self);
  for (guint i = 0; i < pending->len; i++)
    g_ptr_array_add (hrefs, g_strdup (ucwa_invitation_get_href (g_ptr_array_index (pending, i))));

  conversations = G_LIST_MODEL (self->conversations);
  for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr (UcwaConversation) conversation = g_list_model_get_item (conversations, i);

      g_ptr_array_add (hrefs, g_strdup (ucwa_conversation_get_href (conversation)));
    }

  return hrefs;
}

static void
resource_ended (UcwaModel  *self,
                const char *href,
                const char *subcode,
                const char *message)
{
  UcwaInvitation   *invitation;
  UcwaConversation *conversation;

  if (href == NULL)
    return;

  g_object_ref (self);

  invitation = g_hash_table_lookup (self->invitations_by_href, href);
  if (invitation != NULL)
    _ucwa_model_complete_invitation (self, invitation, FALSE, "LocalFailure", subcode, message);

  conversation = g_hash_table_lookup (self->conversations_by_href, href);
  if (conversation != NULL)
    {
      ucwa_href_set_add (&self->removed_conversations, href);
      _ucwa_model_remove_conversation (self, conversation);
    }

  g_object_unref (self);
}

void
ucwa_model_resource_gone (UcwaModel  *self,
                          const char *href)
{
  g_return_if_fail (UCWA_IS_MODEL (self));

  resource_ended (self, href, "Resynchronized", "The invitation ended while the server reset the session");
}

void
ucwa_model_resource_lost (UcwaModel  *self,
                          const char *href)
{
  g_return_if_fail (UCWA_IS_MODEL (self));

  resource_ended (self, href, "ApplicationLost", "The connection to the server was lost");
}

void
ucwa_model_resource_alive (UcwaModel  *self,
                           const char *href,
                           JsonObject *resource)
{
  UcwaInvitation *invitation;

  g_return_if_fail (UCWA_IS_MODEL (self));
  g_return_if_fail (resource != NULL);

  /* What it says now, its answer links included. */
  invitation = href != NULL ? g_hash_table_lookup (self->invitations_by_href, href) : NULL;
  if (invitation != NULL && ucwa_invitation_get_status (invitation) == UCWA_INVITATION_STATUS_PENDING)
    ucwa_invitation_update_from_resource (invitation, resource, self->base);
}

void
ucwa_model_detach_application (UcwaModel *self)
{
  g_autoptr (GPtrArray) pending = NULL;

  g_return_if_fail (UCWA_IS_MODEL (self));

  g_object_ref (self);

  remove_all_conversations (self);
  ucwa_href_set_clear (&self->removed_conversations);

  /* Their links lead nowhere now; the session re-checks them (see
   * ucwa_model_resource_lost()), and a server that re-offers one in the new
   * application (same threadId, new href) re-keys it meanwhile. */
  pending = pending_invitations (self);
  for (guint i = 0; i < pending->len; i++)
    ucwa_invitation_clear_answer_links (g_ptr_array_index (pending, i));
  /* Ours lived in the lost application: no completion will come. */
  fail_outgoing (self, "ApplicationLost", "The connection to the server was lost");

  g_object_unref (self);
}

/* ucwa-operation-set.c: our own invitations, by operationId
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ucwa-operation-set-private.h"

#include "ucwa-model-private.h"
#include "ucwa-resource.h"

void
ucwa_operation_set_init (UcwaOperationSet *set)
{
  set->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

void
ucwa_operation_set_destroy (UcwaOperationSet *set)
{
  g_clear_pointer (&set->by_id, g_hash_table_unref);
}

UcwaInvitation *
ucwa_operation_set_add (UcwaOperationSet  *set,
                        UcwaInvitationKind kind,
                        const char        *operation_id)
{
  UcwaInvitation *invitation = ucwa_invitation_new (NULL, kind);

  ucwa_invitation_set_outgoing (invitation, operation_id);
  g_hash_table_replace (set->by_id, g_strdup (operation_id), invitation);
  return invitation;
}

UcwaInvitation *
ucwa_operation_set_claim (UcwaOperationSet *set,
                          const UcwaEvent  *event)
{
  const char     *operation_id;
  UcwaInvitation *invitation;

  if (event->embedded == NULL || event->href == NULL)
    return NULL;

  operation_id = ucwa_resource_get_string (event->embedded, "operationId");
  invitation = operation_id != NULL ? g_hash_table_lookup (set->by_id, operation_id) : NULL;
  /* Named already: another invitation that reuses its id is not it. */
  if (invitation == NULL || ucwa_invitation_get_href (invitation) != NULL)
    return NULL;

  ucwa_invitation_set_href (invitation, event->href);
  return invitation;
}

gboolean
ucwa_operation_set_remove (UcwaOperationSet *set,
                           UcwaInvitation   *invitation)
{
  const char *operation_id = ucwa_invitation_get_operation_id (invitation);

  if (operation_id == NULL || g_hash_table_lookup (set->by_id, operation_id) != invitation)
    return FALSE;

  return g_hash_table_remove (set->by_id, operation_id);
}

GPtrArray *
ucwa_operation_set_dup_all (UcwaOperationSet *set)
{
  GPtrArray     *all = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer       value;

  g_hash_table_iter_init (&iter, set->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (all, g_object_ref (value));

  return all;
}

guint
ucwa_operation_set_size (UcwaOperationSet *set)
{
  return g_hash_table_size (set->by_id);
}

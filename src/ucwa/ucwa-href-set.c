/* ucwa-href-set.c: a bounded set of hrefs, oldest forgotten first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lookups are hashed; the queue keeps arrival order so the oldest goes
 * first once the set is full.  Used on its owner's thread only.
 */

#include "config.h"

#include "ucwa-href-set-private.h"

void
ucwa_href_set_init (UcwaHrefSet *set,
                    guint        max)
{
  set->set = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&set->order);
  set->max = MAX (max, 1);
}

void
ucwa_href_set_clear (UcwaHrefSet *set)
{
  if (set->set != NULL)
    g_hash_table_remove_all (set->set);
  g_queue_clear_full (&set->order, g_free);
}

void
ucwa_href_set_destroy (UcwaHrefSet *set)
{
  ucwa_href_set_clear (set);
  g_clear_pointer (&set->set, g_hash_table_unref);
}

gboolean
ucwa_href_set_contains (UcwaHrefSet *set,
                        const char  *href)
{
  return href != NULL && g_hash_table_contains (set->set, href);
}

void
ucwa_href_set_remove (UcwaHrefSet *set,
                      const char  *href)
{
  GList *link;

  if (href == NULL)
    return;

  link = g_hash_table_lookup (set->set, href);
  if (link == NULL)
    return;

  g_hash_table_remove (set->set, href);
  g_free (link->data);
  g_queue_delete_link (&set->order, link);
}

void
ucwa_href_set_add (UcwaHrefSet *set,
                   const char  *href)
{
  if (href == NULL || ucwa_href_set_contains (set, href))
    return;

  while (g_queue_get_length (&set->order) >= set->max)
    ucwa_href_set_remove (set, g_queue_peek_head (&set->order));

  g_queue_push_tail (&set->order, g_strdup (href));
  g_hash_table_insert (set->set, g_queue_peek_tail (&set->order), g_queue_peek_tail_link (&set->order));
}

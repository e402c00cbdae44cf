/* ucwa-href-set-private.h: a bounded set of hrefs, oldest forgotten first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Embedded by value in its owner; the model uses it to remember the hrefs
 * of finished resources (their late events must not revive them) without
 * growing for the life of a week-long session. */
typedef struct
{
  GHashTable *set;   /* href → its GList node in order */
  GQueue      order; /* oldest first; owns the strings */
  guint       max;
} UcwaHrefSet;

void     ucwa_href_set_init (UcwaHrefSet *set,
                             guint        max);
/* Empties it; it stays usable. */
void     ucwa_href_set_clear (UcwaHrefSet *set);
void     ucwa_href_set_destroy (UcwaHrefSet *set);
gboolean ucwa_href_set_contains (UcwaHrefSet *set,
                                 const char  *href);
void     ucwa_href_set_remove (UcwaHrefSet *set,
                               const char  *href);
/* Forgets the oldest once it holds @max. */
void     ucwa_href_set_add (UcwaHrefSet *set,
                            const char  *href);

G_END_DECLS

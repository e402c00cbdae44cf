/* ucwa-contact.h: a person found by the people search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define UCWA_TYPE_CONTACT (ucwa_contact_get_type ())
G_DECLARE_FINAL_TYPE (UcwaContact, ucwa_contact, UCWA, CONTACT, GObject)

UcwaContact *ucwa_contact_new (const char *href,
                               const char *name,
                               const char *uri);
const char  *ucwa_contact_get_href (UcwaContact *self);
/* The display name, else the address. */
const char  *ucwa_contact_get_name (UcwaContact *self);
/* sip:ada@contoso.com */
const char  *ucwa_contact_get_uri (UcwaContact *self);
/* The server's Availability (Online, Busy, Away, Offline, …), NULL when
 * unknown. */
const char  *ucwa_contact_get_availability (UcwaContact *self);
void         ucwa_contact_set_availability (UcwaContact *self,
                                            const char  *availability);

G_END_DECLS

/* ucwa-meeting-link.h: a Skype for Business meeting link, parsed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define UCWA_TYPE_MEETING_LINK (ucwa_meeting_link_get_type ())

typedef struct _UcwaMeetingLink UcwaMeetingLink;

GType            ucwa_meeting_link_get_type (void) G_GNUC_CONST;
/* NULL with UCWA_ERROR_INVALID_MEETING_LINK when @text is not one. */
UcwaMeetingLink *ucwa_meeting_link_parse (const char *text,
                                          GError    **error);
UcwaMeetingLink *ucwa_meeting_link_copy (const UcwaMeetingLink *self);
void             ucwa_meeting_link_free (UcwaMeetingLink *self);
/* contoso.com: the organizer's SIP domain, lower case */
const char      *ucwa_meeting_link_get_domain (const UcwaMeetingLink *self);
/* sip:alice@contoso.com */
const char      *ucwa_meeting_link_get_organizer (const UcwaMeetingLink *self);
const char      *ucwa_meeting_link_get_conference_id (const UcwaMeetingLink *self);
/* sip:alice@contoso.com;gruu;opaque=app:conf:focus:id:ABCD1234, what
 * joinOnlineMeeting takes */
const char      *ucwa_meeting_link_get_online_meeting_uri (const UcwaMeetingLink *self);
/* Whether the meeting is hosted in the domain of @sip_address (with or
 * without "sip:"), or one of its subdomains. */
gboolean         ucwa_meeting_link_is_in_domain_of (const UcwaMeetingLink *self,
                                                    const char            *sip_address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UcwaMeetingLink, ucwa_meeting_link_free)

G_END_DECLS

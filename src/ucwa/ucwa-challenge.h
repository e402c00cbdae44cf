/* ucwa-challenge.h: the MsRtcOAuth WWW-Authenticate challenge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char  *href;        /* the WebTicket (oauthtoken) endpoint, as sent */
  char **grant_types; /* e.g. "password", "urn:microsoft.rtc:windows" */
} UcwaChallenge;

UcwaChallenge *ucwa_challenge_parse (const char *const *header_values,
                                     GError           **error);
gboolean       ucwa_challenge_supports_grant (const UcwaChallenge *self,
                                              const char          *grant_type);
void           ucwa_challenge_free (UcwaChallenge *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UcwaChallenge, ucwa_challenge_free)

G_END_DECLS

/* fuzz-meeting-link.c: fuzz target for the meeting link parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one meeting link as a user pastes it, a mail links it or a
 * browser hands a conf: URL over (`beckon --join URL`): the whole input is
 * the text.  Runs ucwa_meeting_link_parse and, on what it accepts, checks
 * that the onlineMeetingUri it builds parses back to the same meeting and
 * that the domain check holds for the meeting's own domain.  Seeds:
 * tests/data/meeting-links (every form the parser takes, and near misses).
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "ucwa-error.h"
#include "ucwa-meeting-link.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char            *text = g_strndup ((const char *) data, size);
  g_autoptr (UcwaMeetingLink) link = NULL;
  g_autoptr (UcwaMeetingLink) again = NULL;
  g_autoptr (GError)          error = NULL;
  g_autofree char            *own = NULL;

  link = ucwa_meeting_link_parse (text, &error);
  if (link == NULL)
    {
      g_assert (g_error_matches (error, UCWA_ERROR, UCWA_ERROR_INVALID_MEETING_LINK));
      return 0;
    }
  g_assert_no_error (error);

  /* What is sent must itself be a link of the same meeting. */
  again = ucwa_meeting_link_parse (ucwa_meeting_link_get_online_meeting_uri (link), &error);
  g_assert_no_error (error);
  g_assert (again != NULL);
  g_assert (strcmp (ucwa_meeting_link_get_online_meeting_uri (again),
                    ucwa_meeting_link_get_online_meeting_uri (link)) == 0);
  g_assert (strcmp (ucwa_meeting_link_get_domain (again), ucwa_meeting_link_get_domain (link)) == 0);

  (void) ucwa_meeting_link_is_in_domain_of (link, text);
  own = g_strconcat ("sip:someone@", ucwa_meeting_link_get_domain (link), NULL);
  g_assert (ucwa_meeting_link_is_in_domain_of (link, own));

  return 0;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static const char *const inputs[] = {
    "https://meet.contoso.com/grace/K7RX2M9Q",
    "conf:sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:K7RX2M9Q%3Frequired-media=audio",
    "https://bad host/\n%zz",
    "\x01",
    NULL,
  };

  fuzz_warm_up (inputs);
  return 0;
}

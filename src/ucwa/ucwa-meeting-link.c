/* ucwa-meeting-link.c: a Skype for Business meeting link, parsed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text comes from anywhere (a mail, a browser's `conf:` handler, the
 * command line), so everything is checked and nothing is guessed.  Forms
 * taken (PROTOCOL.md §2.2, §9 and the onlineMeeting resource's `joinUrl`):
 *
 *   https://meet.<domain>/<user>/<conference-id>    the "simple URL" of a
 *                                                   meeting (onlineMeeting
 *                                                   joinUrl); a trailing
 *                                                   slash, a query and a
 *                                                   fragment are ignored
 *   https://<host>.<domain>/meet/<user>/<conference-id>
 *                                                   the same simple URL on
 *                                                   a pool's web host
 *   conf:sip:<user>@<domain>;gruu;opaque=app:conf:focus:id:<conference-id>
 *                                                   the meeting's SIP URI
 *                                                   behind a conf: link
 *                                                   (anything from '?' or
 *                                                   "%3F" on is ignored)
 *   sip:<user>@<domain>;gruu;opaque=app:conf:focus:id:<conference-id>
 *                                                   the onlineMeetingUri
 *                                                   itself
 *
 * The result is always the onlineMeetingUri joinOnlineMeeting takes
 * (joinOnlineMeeting_ref.md), built from its parts, never the input echoed.
 */

#include "config.h"

#include "ucwa-meeting-link.h"

#include <string.h>

#include "ucwa-error.h"

/* Far longer than any real link: a bound on the work a hostile one causes. */
#define MAX_LINK_LENGTH          2048
#define MAX_CONFERENCE_ID_LENGTH 64
#define MAX_USER_LENGTH          128
#define MAX_DOMAIN_LENGTH        253

#define FOCUS_PREFIX ";gruu;opaque=app:conf:focus:id:"

struct _UcwaMeetingLink
{
  char *domain;
  char *organizer;
  char *conference_id;
  char *online_meeting_uri;
};

G_DEFINE_BOXED_TYPE (UcwaMeetingLink, ucwa_meeting_link, ucwa_meeting_link_copy, ucwa_meeting_link_free)

UcwaMeetingLink *
ucwa_meeting_link_copy (const UcwaMeetingLink *self)
{
  UcwaMeetingLink *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (UcwaMeetingLink, 1);
  copy->domain = g_strdup (self->domain);
  copy->organizer = g_strdup (self->organizer);
  copy->conference_id = g_strdup (self->conference_id);
  copy->online_meeting_uri = g_strdup (self->online_meeting_uri);
  return copy;
}

void
ucwa_meeting_link_free (UcwaMeetingLink *self)
{
  if (self == NULL)
    return;

  g_free (self->domain);
  g_free (self->organizer);
  g_free (self->conference_id);
  g_free (self->online_meeting_uri);
  g_free (self);
}

static gboolean
is_user (const char *s,
         gsize       len)
{
  if (len == 0 || len > MAX_USER_LENGTH)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (s[i]) && strchr ("._-+'", s[i]) == NULL)
      return FALSE;
  return s[0] != '.' && s[len - 1] != '.';
}

/* Host names only: at least two labels of letters, digits and '-'. */
static gboolean
is_domain (const char *s,
           gsize       len)
{
  gsize label = 0;
  guint n_labels = 1;

  if (len == 0 || len > MAX_DOMAIN_LENGTH)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '.')
        {
          if (label == 0 || s[i - 1] == '-')
            return FALSE;
          label = 0;
          n_labels++;
          continue;
        }
      if (!g_ascii_isalnum (s[i]) && s[i] != '-')
        return FALSE;
      if (label == 0 && s[i] == '-')
        return FALSE;
      if (++label > 63)
        return FALSE;
    }
  return label > 0 && s[len - 1] != '-' && n_labels >= 2;
}

static gboolean
is_conference_id (const char *s,
                  gsize       len)
{
  if (len == 0 || len > MAX_CONFERENCE_ID_LENGTH)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (s[i]))
      return FALSE;
  return TRUE;
}

static UcwaMeetingLink *
link_new (const char *user,
          gsize       user_len,
          const char *domain,
          gsize       domain_len,
          const char *id,
          gsize       id_len)
{
  UcwaMeetingLink *self = g_new0 (UcwaMeetingLink, 1);
  g_autofree char *user_part = g_strndup (user, user_len);
  g_autofree char *domain_part = g_strndup (domain, domain_len);

  self->domain = g_ascii_strdown (domain_part, -1);
  self->organizer = g_strdup_printf ("sip:%s@%s", user_part, self->domain);
  self->conference_id = g_strndup (id, id_len);
  self->online_meeting_uri = g_strconcat (self->organizer, FOCUS_PREFIX, self->conference_id, NULL);
  return self;
}

/* sip:<user>@<domain>;gruu;opaque=app:conf:focus:id:<id>[?…] */
static UcwaMeetingLink *
parse_sip (const char *text)
{
  const char *at, *focus, *id, *end;

  if (g_ascii_strncasecmp (text, "sip:", 4) != 0)
    return NULL;
  text += 4;

  at = strchr (text, '@');
  focus = strstr (text, FOCUS_PREFIX);
  if (at == NULL || focus == NULL || focus < at)
    return NULL;

  id = focus + strlen (FOCUS_PREFIX);
  end = id + strcspn (id, "?%");
  /* Only a query ("?…" or its escaped "%3F…") may follow the id. */
  if (*end == '%' && g_ascii_strncasecmp (end, "%3F", 3) != 0)
    return NULL;

  if (!is_user (text, at - text) || !is_domain (at + 1, focus - at - 1) || !is_conference_id (id, end - id))
    return NULL;

  return link_new (text, at - text, at + 1, focus - at - 1, id, end - id);
}

/* https://meet.<domain>/<user>/<id> or https://<host>/meet/<user>/<id> */
static UcwaMeetingLink *
parse_https (const char *text)
{
  g_autoptr (GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  g_auto (GStrv)   segments = NULL;
  const char      *host, *domain, *user, *id;
  guint            n, first = 0;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 ||
      g_uri_get_userinfo (uri) != NULL || g_uri_get_port (uri) != -1)
    return NULL;

  host = g_uri_get_host (uri);
  if (host == NULL || !is_domain (host, strlen (host)))
    return NULL;

  segments = g_strsplit (g_uri_get_path (uri), "/", -1);
  n = g_strv_length (segments);
  /* A leading empty segment (the path's '/'), and one trailing slash. */
  if (n > 0 && *segments[n - 1] == '\0')
    n--;
  if (n == 0 || *segments[0] != '\0')
    return NULL;
  first = 1;

  if (g_ascii_strncasecmp (host, "meet.", 5) == 0 && n - first == 2)
    domain = host + 5;
  else if (n - first == 3 && g_ascii_strcasecmp (segments[first], "meet") == 0 && strchr (host, '.') != NULL)
    {
      /* The pool's web host: its domain is what follows its first label. */
      domain = strchr (host, '.') + 1;
      first++;
    }
  else
    return NULL;

  user = segments[first];
  id = segments[first + 1];
  if (!is_domain (domain, strlen (domain)) || !is_user (user, strlen (user)) || !is_conference_id (id, strlen (id)))
    return NULL;

  return link_new (user, strlen (user), domain, strlen (domain), id, strlen (id));
}

UcwaMeetingLink *
ucwa_meeting_link_parse (const char *text,
                         GError    **error)
{
  g_autofree char *trimmed = NULL;
  UcwaMeetingLink *link = NULL;

  if (text == NULL || strlen (text) > MAX_LINK_LENGTH || !g_utf8_validate (text, -1, NULL))
    goto invalid;

  trimmed = g_strstrip (g_strdup (text));

  if (g_ascii_strncasecmp (trimmed, "conf:", 5) == 0)
    link = parse_sip (trimmed + 5);
  else if (g_ascii_strncasecmp (trimmed, "sip:", 4) == 0)
    link = parse_sip (trimmed);
  else if (g_ascii_strncasecmp (trimmed, "https:", 6) == 0)
    link = parse_https (trimmed);

  if (link != NULL)
    return link;

invalid:
  g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_MEETING_LINK,
                       "This is not a Skype for Business meeting link");
  return NULL;
}

const char *
ucwa_meeting_link_get_domain (const UcwaMeetingLink *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->domain;
}

const char *
ucwa_meeting_link_get_organizer (const UcwaMeetingLink *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->organizer;
}

const char *
ucwa_meeting_link_get_conference_id (const UcwaMeetingLink *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->conference_id;
}

const char *
ucwa_meeting_link_get_online_meeting_uri (const UcwaMeetingLink *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->online_meeting_uri;
}

gboolean
ucwa_meeting_link_is_in_domain_of (const UcwaMeetingLink *self,
                                   const char            *sip_address)
{
  const char *at;
  gsize       len, domain_len;

  g_return_val_if_fail (self != NULL, FALSE);

  if (sip_address == NULL || (at = strrchr (sip_address, '@')) == NULL || at[1] == '\0')
    return FALSE;
  at++;
  len = strlen (at);
  domain_len = strlen (self->domain);

  if (g_ascii_strcasecmp (self->domain, at) == 0)
    return TRUE;
  /* A subdomain of the user's: the dot keeps evilcontoso.com out. */
  return domain_len > len && self->domain[domain_len - len - 1] == '.' &&
         g_ascii_strcasecmp (self->domain + domain_len - len, at) == 0;
}

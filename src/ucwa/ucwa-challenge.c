/* ucwa-challenge.c: the MsRtcOAuth WWW-Authenticate challenge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Microsoft's own material shows the challenge in three shapes (PROTOCOL.md
 * §2.1): two header lines, quoted href; an unquoted href
 * (`href=https://…/oauthtoken,grant_type="…"`); and both challenges folded
 * into one header value (`Bearer a="…", b="…",MsRtcOAuth href="…",…`).
 * So this is a small RFC 7235 tokenizer rather than a pattern match: a
 * comma-separated list whose elements either start a new challenge
 * (`scheme [param]`) or add a parameter to the current one (`name=value`).
 */

#include "config.h"

#include "ucwa-challenge.h"

#include <string.h>

#include "ucwa-error.h"

#define MSRTCOAUTH "MsRtcOAuth"

/* Caps the work a hostile header can cause. */
#define MAX_HEADER_LENGTH (64 * 1024)

typedef struct
{
  const char *p;
} Scanner;

static gboolean
is_tchar (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

static void
skip_spaces (Scanner *s)
{
  while (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\n')
    s->p++;
}

static char *
read_token (Scanner *s)
{
  const char *start = s->p;

  while (is_tchar (*s->p))
    s->p++;

  return g_strndup (start, s->p - start);
}

/* Whether a comma at @p ends an unquoted value: it does when what follows
 * reads as the next list element (`name=`, a scheme, or nothing). */
static gboolean
comma_ends_value (const char *p)
{
  gboolean blank = FALSE;

  g_assert (*p == ',');
  p++;

  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == ',')
    p++;

  if (*p == '\0')
    return TRUE;

  if (!is_tchar (*p))
    return FALSE;
  while (is_tchar (*p))
    p++;

  while (*p == ' ' || *p == '\t')
    {
      blank = TRUE;
      p++;
    }

  /* `name=` (not `xyz==`, a token68 tail), a bare scheme, or a scheme and
   * its first parameter. */
  return (*p == '=' && p[1] != '=') || *p == '\0' || *p == ',' || (blank && is_tchar (*p));
}

static char *
read_value (Scanner *s)
{
  GString *value = g_string_new (NULL);

  if (*s->p == '"')
    {
      s->p++;
      while (*s->p != '\0' && *s->p != '"')
        {
          if (*s->p == '\\' && s->p[1] != '\0')
            s->p++;
          g_string_append_c (value, *s->p);
          s->p++;
        }
      /* A header cut short (field samples are) leaves the quote open: take
       * what is there. */
      if (*s->p == '"')
        s->p++;
    }
  else
    {
      /* Unquoted, as AuthenticationInUCWA.md shows the href.  A URL has no
       * blanks; a comma belongs to it unless the next parameter follows. */
      while (*s->p != '\0' && *s->p != ' ' && *s->p != '\t' && *s->p != '\r' && *s->p != '\n')
        {
          if (*s->p == ',')
            {
              const char *run = s->p;

              if (comma_ends_value (s->p))
                break;
              /* Each comma of a run looks ahead to the same place, so one
               * look serves them all: looking again from each comma made
               * a header of 64 KiB of commas cost seconds. */
              while (*s->p == ',')
                s->p++;
              g_string_append_len (value, run, s->p - run);
              continue;
            }
          g_string_append_c (value, *s->p);
          s->p++;
        }
    }

  return g_string_free (value, FALSE);
}

/* Skips a token68 credential ("Negotiate abc==") up to the next element. */
static void
skip_to_comma (Scanner *s)
{
  while (*s->p != '\0' && *s->p != ',')
    s->p++;
}

static char **
split_grant_types (const char *value)
{
  g_auto (GStrv)           parts = g_strsplit (value, ",", -1);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);

      if (*part != '\0')
        g_strv_builder_add (builder, part);
    }

  return g_strv_builder_end (builder);
}

/**
 * ucwa_challenge_parse:
 * @header_values: (array zero-terminated=1): the values of all
 *   WWW-Authenticate headers of one response
 * @error: return location for an error
 *
 * Finds the MsRtcOAuth challenge.  Several header lines mean the same as
 * one comma-joined line (RFC 9110 §5.3), so they are read as one list.
 *
 * Returns: (transfer full) (nullable): the challenge, or %NULL with
 *   %UCWA_ERROR_AUTHENTICATION_FAILED when the server offers no MsRtcOAuth,
 *   %UCWA_ERROR_INVALID_RESPONSE when its challenge has no href
 */
UcwaChallenge *
ucwa_challenge_parse (const char *const *header_values,
                      GError           **error)
{
  g_autofree char *joined = NULL;
  g_autofree char *href = NULL;
  g_autofree char *grant_type = NULL;
  gboolean         in_msrtcoauth = FALSE;
  gboolean         found = FALSE;
  UcwaChallenge   *challenge;
  Scanner          s;

  if (header_values != NULL)
    joined = g_strjoinv (", ", (char **) header_values);

  if (joined == NULL || strlen (joined) > MAX_HEADER_LENGTH)
    goto no_challenge;

  s.p = joined;
  while (*s.p != '\0')
    {
      g_autofree char *token = NULL;
      const char      *before_blank;

      skip_spaces (&s);
      if (*s.p == ',')
        {
          s.p++;
          continue;
        }
      if (*s.p == '\0')
        break;

      token = read_token (&s);
      if (*token == '\0')
        {
          /* Junk: resynchronise at the next element. */
          s.p++;
          skip_to_comma (&s);
          continue;
        }

      before_blank = s.p;
      skip_spaces (&s);

      if (*s.p == '=' && s.p[1] != '=')
        {
          g_autofree char *value = NULL;

          /* `name=value` of the current challenge. */
          s.p++;
          skip_spaces (&s);
          value = read_value (&s);

          if (in_msrtcoauth && g_ascii_strcasecmp (token, "href") == 0 && href == NULL)
            href = g_strstrip (g_steal_pointer (&value));
          else if (in_msrtcoauth && g_ascii_strcasecmp (token, "grant_type") == 0 && grant_type == NULL)
            grant_type = g_steal_pointer (&value);

          continue;
        }

      if (*s.p == '=')
        {
          /* `xyz==`: the tail of a token68, not a parameter. */
          skip_to_comma (&s);
          continue;
        }

      /* A new challenge.  Only the first MsRtcOAuth one counts. */
      if (found)
        in_msrtcoauth = FALSE;
      else if (g_ascii_strcasecmp (token, MSRTCOAUTH) == 0)
        in_msrtcoauth = found = TRUE;
      else
        in_msrtcoauth = FALSE;

      /* What follows a scheme after a blank is either its first parameter
       * (handled by the next round) or a token68 to skip. */
      if (s.p != before_blank && *s.p != ',' && *s.p != '\0')
        {
          const char *probe = s.p;

          while (is_tchar (*probe))
            probe++;
          while (*probe == ' ' || *probe == '\t')
            probe++;
          if (probe == s.p || *probe != '=' || probe[1] == '=')
            skip_to_comma (&s);
        }
    }

  if (!found)
    goto no_challenge;

  if (href == NULL || *href == '\0')
    {
      g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE,
                           "The server's sign-in challenge names no sign-in address");
      return NULL;
    }

  challenge = g_new0 (UcwaChallenge, 1);
  challenge->href = g_steal_pointer (&href);
  challenge->grant_types = split_grant_types (grant_type ? grant_type : "");

  return challenge;

no_challenge:
  g_set_error_literal (error, UCWA_ERROR, UCWA_ERROR_AUTHENTICATION_FAILED,
                       "The server offers no supported sign-in method");
  return NULL;
}

/**
 * ucwa_challenge_supports_grant:
 * @self: a challenge
 * @grant_type: e.g. "password"
 *
 * A challenge that lists no grant types at all restricts nothing: the token
 * endpoint will say `unsupported_grant_type` if it must.
 *
 * Returns: whether the server offers @grant_type
 */
gboolean
ucwa_challenge_supports_grant (const UcwaChallenge *self,
                               const char          *grant_type)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (grant_type != NULL, FALSE);

  if (self->grant_types == NULL || self->grant_types[0] == NULL)
    return TRUE;

  for (guint i = 0; self->grant_types[i] != NULL; i++)
    if (g_ascii_strcasecmp (self->grant_types[i], grant_type) == 0)
      return TRUE;

  return FALSE;
}

void
ucwa_challenge_free (UcwaChallenge *self)
{
  if (self == NULL)
    return;

  g_free (self->href);
  g_strfreev (self->grant_types);
  g_free (self);
}

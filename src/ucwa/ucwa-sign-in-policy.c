/* ucwa-sign-in-policy.c: the hosts a sign-in may reach
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Anti-spoofing (PROTOCOL.md §1): discovery may stay on the discovery host
 * or move into the user's own domain or the discovery host's domain (the
 * part of its name that one registrant owns, by the public suffix list; an
 * IP address has none beyond itself), never to somebody else's server.
 * The sign-in asks this for every step of discovery (redirect links, HTTP
 * redirects, the user link, pool redirects), and the connection asks it
 * for a token endpoint on another host than the challenge's (PROTOCOL.md
 * §2.1: lyncweb.contoso.com may name https://contoso.com/WebTicket/…), so
 * the password can only go where the sign-in itself could.  Immutable once
 * made; shared between the sign-in and the connection by reference.
 */

#include "config.h"

#include "ucwa-sign-in-policy.h"

#include <libsoup/soup.h>
#include <string.h>

struct _UcwaSignInPolicy
{
  char *discovery_host;
  char *user_domain;
};

/* The host of @uri as the policy compares hosts: lower case, without the
 * dot that ends a fully qualified name.  "localhost" is by definition the
 * loopback address (RFC 6761; GLib resolves it so itself), so it and
 * 127.0.0.1 and ::1 are one host under three names. */
static char *
policy_host (GUri *uri)
{
  const char *raw = uri ? g_uri_get_host (uri) : NULL;
  char       *host;

  if (raw == NULL)
    return NULL;
  host = g_ascii_strdown (raw, -1);
  if (g_str_has_suffix (host, "."))
    host[strlen (host) - 1] = '\0';
  if (strcmp (host, "localhost") == 0 || strcmp (host, "::1") == 0)
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }
  return host;
}

/* Whether @host is @domain or a name under it.  Nothing is under an IP
 * address ("evil.10.0.0.1" is a name that resolves anywhere) or under a
 * public suffix. */
static gboolean
in_domain (const char *host,
           const char *domain)
{
  gsize host_len = strlen (host);
  gsize domain_len = strlen (domain);

  if (g_ascii_strcasecmp (host, domain) == 0)
    return TRUE;
  if (g_hostname_is_ip_address (domain) || soup_tld_domain_is_public_suffix (domain))
    return FALSE;
  return host_len > domain_len + 1 && host[host_len - domain_len - 1] == '.' &&
         g_ascii_strcasecmp (host + host_len - domain_len, domain) == 0;
}

static void
policy_clear (UcwaSignInPolicy *self)
{
  g_free (self->discovery_host);
  g_free (self->user_domain);
}

/**
 * ucwa_sign_in_policy_new:
 * @discovery: (nullable): the discovery URL being tried
 * @user_domain: (nullable): the domain of the user's SIP address
 *
 * Returns: (transfer full): a policy; without a discovery host it allows
 *   nothing
 */
UcwaSignInPolicy *
ucwa_sign_in_policy_new (GUri       *discovery,
                         const char *user_domain)
{
  UcwaSignInPolicy *self = g_atomic_rc_box_new0 (UcwaSignInPolicy);

  self->discovery_host = policy_host (discovery);
  self->user_domain = user_domain ? g_ascii_strdown (user_domain, -1) : NULL;
  return self;
}

UcwaSignInPolicy *
ucwa_sign_in_policy_ref (UcwaSignInPolicy *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
ucwa_sign_in_policy_unref (UcwaSignInPolicy *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) policy_clear);
}

/**
 * ucwa_sign_in_policy_allows:
 * @self: a policy
 * @target: (nullable): where a step of the sign-in would go
 *
 * Only the host is judged: the transport (https, or http to loopback) is
 * ucwa_uri_check_transport()'s.
 *
 * Returns: whether the sign-in may go to @target's host
 */
gboolean
ucwa_sign_in_policy_allows (const UcwaSignInPolicy *self,
                            GUri                   *target)
{
  g_autofree char *host = policy_host (target);
  const char      *base;

  g_return_val_if_fail (self != NULL, FALSE);

  if (host == NULL || *host == '\0' || self->discovery_host == NULL)
    return FALSE;

  if (strcmp (host, self->discovery_host) == 0)
    return TRUE;
  if (self->user_domain != NULL && in_domain (host, self->user_domain))
    return TRUE;
  base = soup_tld_get_base_domain (self->discovery_host, NULL);
  return base != NULL && in_domain (host, base);
}

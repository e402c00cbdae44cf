/* ucwa-sim-discovery.c: autodiscovery (PROTOCOL.md §1, §2.3)
 *
 * The root resource (with its optional redirect) and the user resource,
 * which challenges without a token and links the applications (or a pool
 * redirect) with one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ucwa-sim-private.h"

void
sim_handle_root (UcwaSimServer     *self,
                 SoupServerMessage *msg,
                 guint              pool,
                 gboolean           may_redirect)
{
  JsonObject *object = json_object_new ();
  JsonObject *links = json_object_new ();
  const char *prefix = sim_pool_prefix (pool);

  if (sim_take_fault (self, UCWA_SIM_FAULT_DISCOVERY_SERVICE_UNAVAILABLE,
                      UCWA_SIM_FAULT_DISCOVERY_SERVICE_UNAVAILABLE) != NO_FAULT)
    {
      /* A pool restarting while the user signs in: come back in a while. */
      g_debug ("Fault: autodiscovery unavailable");
      sim_reply_service_unavailable (msg, SIM_SERVICE_RETRY_AFTER_S);
      json_object_unref (links);
      json_object_unref (object);
      return;
    }

  if (may_redirect && self->root_redirect)
    {
      sim_links_addf (links, "redirect", "%s%s/Autodiscover/AutodiscoverService.svc/root", self->origin, prefix);
    }
  else
    {
      sim_links_addf (links, "self", "%s%s/Autodiscover/AutodiscoverService.svc/root?originalDomain=%s",
                      self->origin, prefix, sim_user_domain (self));
      sim_links_addf (links, "user", "%s%s/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=%s",
                      self->origin, prefix, sim_user_domain (self));
      sim_links_addf (links, "xframe", "%s%s/Autodiscover/XFrame/XFrame.html", self->origin, prefix);
    }
  json_object_set_object_member (object, "_links", links);

  sim_reply_body (msg, SOUP_STATUS_OK, "application/json", sim_json_to_string (object));
  json_object_unref (object);
}

void
sim_handle_user (UcwaSimServer     *self,
                 SoupServerMessage *msg,
                 guint              pool)
{
  JsonObject *object;
  JsonObject *links;
  const char *prefix = sim_pool_prefix (pool);

  if (sim_authenticate (self, msg, pool) == NULL)
    {
      sim_reply_challenge (self, msg, pool);
      return;
    }

  object = json_object_new ();
  links = json_object_new ();
  sim_links_addf (links, "self", "%s%s/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=%s",
                  self->origin, prefix, sim_user_domain (self));
  if (pool == 1 && self->user_redirect)
    sim_links_addf (links, "redirect", "%s/pool2/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=%s",
                    self->origin, sim_user_domain (self));
  else
    sim_links_addf (links, "applications", "%s%s" SIM_APPLICATIONS_PATH, self->origin, prefix);
  sim_links_addf (links, "xframe", "%s%s/Autodiscover/XFrame/XFrame.html", self->origin, prefix);
  json_object_set_object_member (object, "_links", links);

  sim_reply_body (msg, SOUP_STATUS_OK, "application/json", sim_json_to_string (object));
  json_object_unref (object);
}

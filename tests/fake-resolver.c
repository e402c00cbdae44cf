/* fake-resolver.c: a GResolver of the tests' own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Installed with g_resolver_set_default(), it answers only the names a
 * test gave it (IPv4 addresses, loopback in practice) and says "not found"
 * for every other one, at once and the same way on every machine, and it
 * records every name asked for: tests point real names at loopback, prove
 * that a refused address caused no lookup at all, or meet a name that does
 * not resolve without depending on the machine's DNS.
 */

#include "config.h"

#include "fake-resolver.h"

struct _TestResolver
{
  GResolver parent_instance;

  GHashTable *hosts;   /* name → IPv4 address */
  GPtrArray  *lookups; /* every name asked for, in order */
};

G_DEFINE_FINAL_TYPE (TestResolver, test_resolver, G_TYPE_RESOLVER)

static GList *
test_resolver_resolve (TestResolver            *self,
                       const char              *hostname,
                       GResolverNameLookupFlags flags,
                       GError                 **error)
{
  const char *address = g_hash_table_lookup (self->hosts, hostname);

  g_ptr_array_add (self->lookups, g_strdup (hostname));

  if (address == NULL || flags == G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY)
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                   "The test resolver has no address for “%s”", hostname);
      return NULL;
    }

  return g_list_append (NULL, g_inet_address_new_from_string (address));
}

static GList *
test_resolver_lookup_by_name_with_flags (GResolver               *resolver,
                                         const char              *hostname,
                                         GResolverNameLookupFlags flags,
                                         GCancellable            *cancellable,
                                         GError                 **error)
{
  return test_resolver_resolve (TEST_RESOLVER (resolver), hostname, flags, error);
}

static GList *
test_resolver_lookup_by_name (GResolver    *resolver,
                              const char   *hostname,
                              GCancellable *cancellable,
                              GError      **error)
{
  return test_resolver_resolve (TEST_RESOLVER (resolver), hostname,
                                G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, error);
}

static void
test_resolver_lookup_by_name_with_flags_async (GResolver               *resolver,
                                               const char              *hostname,
                                               GResolverNameLookupFlags flags,
                                               GCancellable            *cancellable,
                                               GAsyncReadyCallback      callback,
                                               gpointer                 user_data)
{
  g_autoptr (GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError           *error = NULL;
  GList            *addresses;

  addresses = test_resolver_resolve (TEST_RESOLVER (resolver), hostname, flags, &error);
  if (addresses != NULL)
    g_task_return_pointer (task, addresses, (GDestroyNotify) g_resolver_free_addresses);
  else
    g_task_return_error (task, error);
}

static void
test_resolver_lookup_by_name_async (GResolver          *resolver,
                                    const char         *hostname,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  test_resolver_lookup_by_name_with_flags_async (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                                 cancellable, callback, user_data);
}

static GList *
test_resolver_lookup_by_name_finish (GResolver    *resolver,
                                     GAsyncResult *result,
                                     GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_resolver_finalize (GObject *object)
{
  TestResolver *self = TEST_RESOLVER (object);

  g_clear_pointer (&self->hosts, g_hash_table_unref);
  g_clear_pointer (&self->lookups, g_ptr_array_unref);

  G_OBJECT_CLASS (test_resolver_parent_class)->finalize (object);
}

static void
test_resolver_class_init (TestResolverClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  object_class->finalize = test_resolver_finalize;
  resolver_class->lookup_by_name = test_resolver_lookup_by_name;
  resolver_class->lookup_by_name_async = test_resolver_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = test_resolver_lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags = test_resolver_lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = test_resolver_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = test_resolver_lookup_by_name_finish;
}

static void
test_resolver_init (TestResolver *self)
{
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->lookups = g_ptr_array_new_with_free_func (g_free);
}

TestResolver *
test_resolver_new (void)
{
  return g_object_new (TEST_TYPE_RESOLVER, NULL);
}

/* @name resolves to @address (IPv4) from now on. */
void
test_resolver_add_host (TestResolver *self,
                        const char   *name,
                        const char   *address)
{
  g_autoptr (GInetAddress) parsed = g_inet_address_new_from_string (address);

  /* Else a lookup would answer with a NULL address, far from the mistake. */
  g_assert_nonnull (parsed);
  g_assert_cmpint (g_inet_address_get_family (parsed), ==, G_SOCKET_FAMILY_IPV4);
  g_hash_table_insert (self->hosts, g_strdup (name), g_strdup (address));
}

/* Every name asked for so far, in order. */
GPtrArray *
test_resolver_get_lookups (TestResolver *self)
{
  return self->lookups;
}

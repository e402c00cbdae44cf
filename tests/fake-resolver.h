/* fake-resolver.h: a GResolver of the tests' own (see fake-resolver.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TEST_TYPE_RESOLVER (test_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TestResolver, test_resolver, TEST, RESOLVER, GResolver)

TestResolver *test_resolver_new (void);
void          test_resolver_add_host (TestResolver *self,
                                      const char   *name,
                                      const char   *address);
GPtrArray    *test_resolver_get_lookups (TestResolver *self);

G_END_DECLS

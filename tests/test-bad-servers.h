/* test-bad-servers.h: the wrong servers a sign-in can meet (see test-bad-servers.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

guint16         test_closed_port (void);
GSocketService *test_hung_server_new (GPtrArray *held,
                                      char     **url);
void            test_hung_server_stop (GSocketService *service);
SoupServer     *test_web_server_new (char **url);

G_END_DECLS

/* sim-fixture.h: the in-process simulator and a UcwaSession, set up the way
 * the tests against the simulator want them (for the tests that link both
 * the simulator and the protocol library; test-util.h stays free of them)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ucwa-session.h"
#include "ucwa-sim-server.h"

G_BEGIN_DECLS

UcwaSimServer *sim_fixture_new_server (const char *user,
                                       const char *password);
char          *sim_fixture_listen (UcwaSimServer *sim);
UcwaSession   *sim_fixture_new_session (void);
gboolean       sim_fixture_sign_in (UcwaSession *session,
                                    const char  *root,
                                    const char  *user,
                                    const char  *password,
                                    GError     **error);
gboolean       sim_fixture_has_no_application (gpointer sim);

G_END_DECLS

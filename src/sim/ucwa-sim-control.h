/* ucwa-sim-control.h: the /_sim/ control API of the simulator
 *
 * Built on the public API of UcwaSimServer only (ucwa-sim-server.h): it
 * plays the remote party of a running simulator for a person with curl or
 * a test.  The server hands it every request under /_sim/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "ucwa-sim-server.h"

G_BEGIN_DECLS

void  ucwa_sim_control_handle (UcwaSimServer     *server,
                               SoupServerMessage *msg,
                               const char        *path,
                               GHashTable        *params);
/* Every endpoint with its parameters, and the fault names: the answer of
 * GET /_sim/help and part of beckon-ucwa-sim --help. */
char *ucwa_sim_control_dup_help (void);

G_END_DECLS

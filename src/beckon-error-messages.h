/* beckon-error-messages.h: every error the user may see, in their words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *beckon_error_message_for_accept (const GError *error);
char *beckon_error_message_for_decline (const GError *error);
char *beckon_error_message_for_session (const GError *error);

G_END_DECLS

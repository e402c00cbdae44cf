/* beckon-error-messages.h: every error the user may see, in their words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char    *beckon_error_message_for_accept (const GError *error);
char    *beckon_error_message_for_decline (const GError *error);
char    *beckon_error_message_for_session (const GError *error);
/* Why a message was not delivered. */
char    *beckon_error_message_for_send (const GError *error);
/* Why joining a meeting by its link, or a chat the user started, failed. */
char    *beckon_error_message_for_join (const GError *error);
char    *beckon_error_message_for_start_chat (const GError *error);
char    *beckon_error_message_for_sign_in_retry (const GError *error,
                                                 guint         retry_in);
/* Whether the server address is what the user should look at (rather than
 * the password): unreachable, unknown or not a UCWA server. */
gboolean beckon_error_is_about_server_address (const GError *error);

G_END_DECLS

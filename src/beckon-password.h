/* beckon-password.h: a password the app holds, wiped when it lets go of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A NUL-terminated string like any other (pass it where a `const char *` is
 * wanted); the type says that it is wiped when freed. */
typedef char BeckonPassword;

BeckonPassword *beckon_password_new (const char *text);
BeckonPassword *beckon_password_take_from_environment (const char *name);
void            beckon_password_free (BeckonPassword *password);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeckonPassword, beckon_password_free)

G_END_DECLS

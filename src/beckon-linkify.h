/* beckon-linkify.h: a message's text as Pango markup, its links clickable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *beckon_linkify (const char *text);

G_END_DECLS

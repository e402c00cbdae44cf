/* beckon-composer.h: where the user writes a message, and sends it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BECKON_TYPE_COMPOSER (beckon_composer_get_type ())
G_DECLARE_FINAL_TYPE (BeckonComposer, beckon_composer, BECKON, COMPOSER, GtkWidget)

/* Signals:
 *  "send"    (const char *text): the user sends @text (never empty nor only
 *            white space); the composer is cleared already.
 *  "changed" the text changed (typed, pasted, cleared).
 * Properties: "can-send" (gboolean): whether the user can write and send now.
 */

GtkWidget  *beckon_composer_new (void);
gboolean    beckon_composer_get_can_send (BeckonComposer *self);
void        beckon_composer_set_can_send (BeckonComposer *self,
                                          gboolean        can_send);
/* The text as written, newlines included (free it). */
char       *beckon_composer_get_text (BeckonComposer *self);
void        beckon_composer_set_text (BeckonComposer *self,
                                      const char     *text);
/* The conversation's state, for assistive technology (the field's description). */
void        beckon_composer_set_status (BeckonComposer *self,
                                        const char     *status);
const char *beckon_composer_get_status (BeckonComposer *self);
/* Sends what is written, as the send button does; %FALSE if nothing went. */
gboolean    beckon_composer_send (BeckonComposer *self);

G_END_DECLS

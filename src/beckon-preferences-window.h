/* beckon-preferences-window.h: the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "beckon-account-copy.h"
#include "beckon-trusted-ca.h"

G_BEGIN_DECLS

#define BECKON_TYPE_PREFERENCES_WINDOW (beckon_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (BeckonPreferencesWindow, beckon_preferences_window, BECKON, PREFERENCES_WINDOW, AdwPreferencesWindow)

BeckonPreferencesWindow *beckon_preferences_window_new (GtkWindow         *parent,
                                                        BeckonAccountCopy *account,
                                                        BeckonTrustedCa   *trusted_ca);
gboolean                 beckon_preferences_window_trust_ca_file (BeckonPreferencesWindow *self,
                                                                  GFile                   *file);

/* Asks for a certificate authority's file with GtkFileChooserNative (the
 * FileChooser portal inside Flatpak), for the preferences and the sign-in
 * page alike: @chosen (@parent, file) runs if the user picks one.  One
 * chooser per @parent; it goes with @parent. */
typedef void (*BeckonCaChosenFunc) (GtkWindow *parent,
                                    GFile     *file);

void beckon_choose_ca_file (GtkWindow         *parent,
                            BeckonCaChosenFunc chosen);

G_END_DECLS

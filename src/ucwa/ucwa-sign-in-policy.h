/* ucwa-sign-in-policy.h: where sign-in may go, and so where the password may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _UcwaSignInPolicy UcwaSignInPolicy;

UcwaSignInPolicy *ucwa_sign_in_policy_new (GUri       *discovery,
                                           const char *user_domain);
UcwaSignInPolicy *ucwa_sign_in_policy_ref (UcwaSignInPolicy *self);
void              ucwa_sign_in_policy_unref (UcwaSignInPolicy *self);
gboolean          ucwa_sign_in_policy_allows (const UcwaSignInPolicy *self,
                                              GUri                   *target);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UcwaSignInPolicy, ucwa_sign_in_policy_unref)

G_END_DECLS

/* notifier-fixture.h: the app's notifier against the simulator, for the
 * notification tests that bring their own notification server or portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "beckon-account.h"
#include "beckon-notifier.h"
#include "ucwa-sim-server.h"

G_BEGIN_DECLS

typedef struct
{
  UcwaSimServer  *sim;
  UcwaSession    *session;
  BeckonAccount  *account;
  BeckonNotifier *notifier;
  GPtrArray      *items;     /* BeckonInvitationItem, as added */
  GPtrArray      *activated; /* BeckonInvitationItem, activate-invitation */
  guint           n_conversation_ready;
} NotifierFixture;

/* Whatever shows the notifications must be up already: the notifier asks
 * for its capabilities as it starts.  Signs in. */
void notifier_fixture_set_up (NotifierFixture *fixture);
void notifier_fixture_tear_down (NotifierFixture *fixture);

/* An IM invitation from @from_name saying @message, once the account has it. */
BeckonInvitationItem *notifier_fixture_receive_im (NotifierFixture *fixture,
                                                   const char      *from_uri,
                                                   const char      *from_name,
                                                   const char      *message,
                                                   char           **id_out);
void                  notifier_fixture_wait_for_state (NotifierFixture      *fixture,
                                                       BeckonInvitationItem *item,
                                                       BeckonInvitationState state);

G_END_DECLS

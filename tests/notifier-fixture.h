/* notifier-fixture.h: the app's notifier against the simulator, for the
 * notification tests that bring their own notification server or portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "beckon-account.h"
#include "beckon-notifier.h"
#include "fake-notification-server.h"
#include "ucwa-sim-server.h"

G_BEGIN_DECLS

/* What the notifier says it is, and the tests check it says. */
#define NOTIFIER_FIXTURE_DESKTOP_ENTRY "io.github.beckon.Beckon"
/* How long a wait on the fake notification server may take before it is a
 * hang (not a speed check). */
#define NOTIFIER_FIXTURE_WAIT_MS 20000

typedef struct
{
  FakeNotificationServer *server; /* NULL: the test brings a portal */
  UcwaSimServer          *sim;
  UcwaSession            *session;
  BeckonAccount          *account;
  BeckonNotifier         *notifier;
  GPtrArray              *items;     /* BeckonInvitationItem, as added */
  GPtrArray              *activated; /* BeckonInvitationItem, activate-invitation */
  guint                   n_show_invitations;
  guint                   n_conversation_ready;
  guint                   n_declined; /* invitation-answered (FALSE) at the simulator */
} NotifierFixture;

/* Whatever shows the notifications must be up already: the notifier asks
 * for its capabilities as it starts.  Signs in. */
void notifier_fixture_set_up (NotifierFixture *fixture);
/* Starts @server (set up but not started; the fixture owns it from now on,
 * and frees it once the notifier is gone), then the same. */
void notifier_fixture_set_up_with_server (NotifierFixture        *fixture,
                                          FakeNotificationServer *server);
void notifier_fixture_tear_down (NotifierFixture *fixture);

/* The invitation from @inviter saying @body, added after the first @from,
 * waiting for that very one (not for a number of them). */
BeckonInvitationItem *notifier_fixture_wait_for_item (NotifierFixture *fixture,
                                                      guint            from,
                                                      const char      *inviter,
                                                      const char      *body);
/* An IM invitation from @from_name saying @message, once the account has it. */
BeckonInvitationItem *notifier_fixture_receive_im (NotifierFixture *fixture,
                                                   const char      *from_uri,
                                                   const char      *from_name,
                                                   const char      *message,
                                                   char           **id_out);
/* A meeting invitation from Grace Hopper about @subject, likewise. */
BeckonInvitationItem *notifier_fixture_receive_meeting (NotifierFixture *fixture,
                                                        const char      *subject,
                                                        char           **id_out);
void                  notifier_fixture_wait_for_state (NotifierFixture      *fixture,
                                                       BeckonInvitationItem *item,
                                                       BeckonInvitationState state);

/* The latest Notify with @summary on @server, waiting for that very one
 * (not for a number of them: another invitation's may come first). */
FakeNotification *notifier_fixture_wait_for_summary (FakeNotificationServer *server,
                                                     const char             *summary);
/* How many times @server was asked to show @summary. */
guint             notifier_fixture_count_with_summary (FakeNotificationServer *server,
                                                       const char             *summary);

G_END_DECLS

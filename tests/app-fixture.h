/* app-fixture.h: the whole application against the simulator and a fake
 * notification server, set up the way the application tests want it (a
 * private data folder, a NON_UNIQUE BeckonApplication registered on the
 * test's session bus, the simulator on loopback)
 *
 * A test puts an AppFixture first in its own context struct, so that the
 * conditions it waits on (app_fixture_wait) receive that context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "beckon-application.h"
#include "beckon-conversation-window.h"
#include "fake-notification-server.h"
#include "sim-fixture.h"

G_BEGIN_DECLS

typedef struct
{
  BeckonApplication      *app;
  UcwaSimServer          *sim;
  FakeNotificationServer *notifications;
  char                   *root; /* the simulator's autodiscovery root */
  char                   *data_home;
  const char             *user;
  const char             *password;
} AppFixture;

void app_fixture_init (AppFixture *fx,
                       int        *argc,
                       char     ***argv,
                       const char *user,
                       const char *password);
void app_fixture_clear (AppFixture *fx);

/* Closing a live conversation's window leaves it, as the user can choose
 * once and for all (what closing asks otherwise: test-conversation-window). */
void app_fixture_closing_leaves (AppFixture *fx);

/* The core's session: on the core only (beckon_core_call()). */
UcwaSession              *app_fixture_get_session (AppFixture *fx);
gboolean                  app_fixture_is_online (gpointer fx);
void                      app_fixture_wait (AppFixture               *fx,
                                            FakeNotificationCondition condition,
                                            const char               *what);
void                      app_fixture_sign_in (AppFixture *fx);
BeckonConversationWindow *app_fixture_find_conversation_window (AppFixture *fx,
                                                                const char *state);
/* The thread id and the href of the core's conversation that @window
 * shows a copy of (conv), read on the core (beckon_core_call()): what the
 * test tells the simulator, or finds in its requests.  Either may be NULL;
 * the caller frees the strings. */
void                      app_fixture_conversation_ids (AppFixture               *fx,
                                                        BeckonConversationWindow *window,
                                                        char                    **thread_id,
                                                        char                    **href);

G_END_DECLS

/* ui-fixture.h: what the window tests share: a session signed in to the
 * simulator, a main window, and the conditions they wait for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "beckon-account-copy.h"
#include "beckon-account.h"
#include "beckon-composer.h"
#include "beckon-conversation-window.h"
#include "beckon-conversation-window-private.h"
#include "beckon-enum-types.h"
#include "beckon-invitation-row.h"
#include "beckon-message-row.h"
#include "beckon-participant-list.h"
#include "beckon-window.h"
#include "beckon-window-private.h"
#include "sim-fixture.h"
#include "test-util.h"
#include "ucwa-error.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "correct horse battery staple"

typedef struct
{
  UcwaSimServer     *sim;
  /* The core's: with a threaded core (Setup.threaded) touched only on its
   * thread (beckon_core_call()); the test reads what the windows show,
   * the copies. */
  UcwaSession       *session;
  BeckonAccount     *account;
  BeckonCore        *core; /* inline unless Setup.threaded */
  BeckonAccountCopy *copy; /* what the windows show */
  GtkApplication    *app;
  BeckonWindow      *window;
  char              *root;

  GPtrArray  *answered;     /* "id:accepted" / "id:declined" */
  GHashTable *received;     /* texts the remote party received */
  guint       typing_posts; /* setIsTyping POSTs */
  guint       deletes;      /* DELETEs of a conversation */
  GPtrArray  *ready;        /* UcwaConversation, from the account's "conversation-ready" (inline only) */
  /* The copy's, in the same order as @ready. */
  GPtrArray  *ready_copies; /* BeckonConversationCopy */
  gboolean    threaded;     /* Setup.threaded */
} Fixture;

/* What a test starts from: one application for the whole run (a GApplication
 * ID can be registered once per process), signed in or not. */
typedef struct
{
  GtkApplication *app;
  gboolean        signed_out;
  gboolean        threaded; /* the core on a thread of its own (beckon_core_new()), as the app's */
} Setup;

/* Helpers */

typedef gboolean (*Condition) (Fixture *fixture, gconstpointer data);

typedef struct
{
  Fixture      *fixture;
  Condition     cond;
  gconstpointer data;
} Wait;

void wait_until (Fixture      *fixture,
                 Condition     cond,
                 gconstpointer data,
                 const char   *what);

gpointer child (gpointer    widget,
                GType       type,
                const char *name);

void press (gpointer widget);

void click (gpointer widget);

gboolean press_shortcut (gpointer        widget,
                         guint           keyval,
                         GdkModifierType mods);

void sync_with_simulator (Fixture    *fixture,
                          const char *href);

void fixture_set_up (Fixture      *fixture,
                     gconstpointer data);

void fixture_tear_down (Fixture      *fixture,
                        gconstpointer data);

void ui_fixture_sign_in (Fixture      *fixture,
                         gconstpointer data);

gboolean page_is (Fixture      *fixture,
                  gconstpointer name);

GtkWidget *row_at (Fixture *fixture,
                   guint    position);

gboolean n_rows_is (Fixture      *fixture,
                    gconstpointer n);

gboolean was_answered (Fixture      *fixture,
                       gconstpointer what);

gboolean item_at_has_state (Fixture              *fixture,
                            guint                 position,
                            BeckonInvitationState state);

gboolean item_state_is (Fixture      *fixture,
                        gconstpointer state);

gboolean item_state_is_at_1 (Fixture      *fixture,
                             gconstpointer state);

/* The conversation windows' (conv). */
/* The copy says the @index-th "conversation-ready" too. */
gboolean                  copy_ready_at_least (Fixture      *fixture,
                                               gconstpointer n);
/* A window for the @index-th conversation ready, as the application opens
 * it: the copies of the conversation and of the newest item. */
BeckonConversationWindow *ui_fixture_new_conversation_window (Fixture *fixture,
                                                              guint    index);
/* The core's conversation that @window shows (the test inspects the core). */
UcwaConversation         *ui_fixture_core_conversation (Fixture                  *fixture,
                                                        BeckonConversationWindow *window);
/* Once this returns the core ran every command sent before, and the
 * copies have what that changed at once. */
void                      ui_fixture_sync_core (Fixture *fixture);
/* The href of the conversation @window shows, read on the core. */
char                     *ui_fixture_conversation_href (Fixture                  *fixture,
                                                        BeckonConversationWindow *window);

/* GTK and libadwaita initialised, and the one application of the test
 * program registered as @id. */
GtkApplication *ui_fixture_new_app (const char *id);

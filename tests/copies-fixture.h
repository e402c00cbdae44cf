/* copies-fixture.h: what test-copies and test-copies-sync share: the
 * simulator, a core (on a thread of its own, or inline) with its session
 * and account, and the account's copy, signed in; and the sign-in and
 * sign-out commands' outcomes as the copy tells them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which thread owns what: the test's thread owns the simulator (it serves
 * on the test's main context) and the copies, as the GTK thread will; the
 * core's thread owns the session and the account, created there and
 * touched only on it (beckon_core_call()/beckon_core_invoke()).
 */
#pragma once

#include "beckon-account-copy.h"
#include "beckon-copy-private.h"
#include "sim-fixture.h"
#include "test-util.h"

#define USER     "sip:alice@contoso.com"
#define PASSWORD "correct horse battery staple"

typedef struct
{
  BeckonCore        *core;
  UcwaSimServer     *sim;
  char              *root;
  BeckonAccountCopy *copy;
  char              *history_path; /* NULL: no history */

  /* The core's, touched only on its thread. */
  UcwaSession   *session;
  BeckonAccount *account;
  guint          core_n_items; /* test-copies.c's count, taken on the core */

  /* From the copy's signals, on the test's thread. */
  guint                   n_added;
  guint                   n_ready;
  guint                   n_restored;
  BeckonInvitationCopy   *ready_item;
  BeckonConversationCopy *ready_conversation;
} Fixture;

/* The core, its account and the copy, signed in; inline_core: the core
 * without a thread of its own. */
void start_core (Fixture *fixture,
                 gboolean inline_core);
/* data "inline": the same core without a thread of its own. */
void fixture_set_up (Fixture      *fixture,
                     gconstpointer data);
/* Stops following the core, and drops it with what runs there. */
void stop_core (Fixture *fixture);
void fixture_tear_down (Fixture      *fixture,
                        gconstpointer data);

/* The copy's newest item (the list holds it for the test). */
BeckonInvitationCopy *first_item (Fixture *fixture);
gboolean              has_one_invitation (gpointer fixture);

/* The application's commands: signing in and out through the copy, whose
 * outcome arrives once the copy shows it (the sign-in page reads both). */
typedef struct
{
  Fixture         *fixture;
  gboolean         done;
  gboolean         ok;
  GError          *error;
  UcwaSessionState state_then; /* the copy's, when the outcome arrived */
  gboolean         had_error_then;
} Outcome;

/* GAsyncReadyCallbacks of beckon_account_copy_sign_in_async() and
 * beckon_account_copy_sign_out_async(), user_data an Outcome. */
void     signed_in_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data);
void     signed_out_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data);
gboolean outcome_done (gpointer outcome);

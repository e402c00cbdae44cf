/* beckon-application-private.h: BeckonApplication across its two files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "beckon-account-copy.h"
#include "beckon-application.h"
#include "beckon-conversation-window.h"
#include "beckon-join-dialog.h"
#include "beckon-meeting-join-copy.h"
#include "beckon-password.h"
#include "beckon-trusted-ca.h"
#include "beckon-window.h"
#include "ucwa-sim-server.h"

G_BEGIN_DECLS

typedef struct _BeckonAppLink BeckonAppLink;

struct _BeckonApplication
{
  AdwApplication parent_instance;

  /* The protocol core and what runs on it (beckon-core.c says why), and
   * the copy of its account the windows show.  Inline for now: the views
   * move to the copies one by one before the core gets its thread.  The
   * core's objects are created, used and dropped there only
   * (beckon-application-core.c); this thread only hands their pointers
   * on. */
  BeckonCore            *core;
  BeckonAppLink         *link; /* what the core tells us comes through it */
  UcwaSession           *session;
  UcwaConnection        *connection; /* the session's */
  BeckonAccount         *account;
  BeckonHistory         *history;
  BeckonNotifier        *notifier;
  BeckonAccountCopy     *account_copy;
  BeckonTrustedCa       *trusted_ca; /* this thread's (beckon-trusted-ca.c) */
  BeckonMessageNotifier *message_notifier;
  UcwaSimServer         *demo_server;
  GSettings             *settings;
  GCancellable          *cancellable;

  char    *server_url;
  char    *user;
  char    *pending_notice; /* for the main window the next time it shows */
  gboolean held;
  gboolean quitting;
  gboolean demo;
  guint    signal_sources[2];

  /* The main window of the first command line, held back while its
   * sign-in gets to the event channel (defer_activation ()). */
  gboolean activation_deferred;
  guint    activation_source;
  gulong   first_batch_handler; /* the core's thread's */

  /* Sign-ins sent whose outcome has not come back yet: the copy hears of
   * them a turn of the core later (_beckon_application_get_session_state ()). */
  guint n_signing_in;

  /* The next conversation's window, built at idle once signed in (see
   * beckon_conversation_window_new_spare ()); owned by GTK's toplevels. */
  BeckonConversationWindow *spare_window;
  guint                     spare_source;

  /* The join by link under way, one at a time (beckon-meeting-join.c
   * says why). */
  BeckonMeetingJoinCopy *join;

  /* Each held only as long as a sign-in needs it: the session keeps its
   * own copy, the Secret Service the one that lasts. */
  BeckonPassword *startup_password; /* BECKON_PASSWORD, for the sign-in at start-up */
  BeckonPassword *typed_password;   /* until the Secret Service has it */
};

/* beckon-application.c */
BeckonWindow    *_beckon_application_get_main_window (BeckonApplication *self,
                                                      gboolean           create);
void             _beckon_application_set_held (BeckonApplication *self,
                                               gboolean           held);
void             _beckon_application_run_deferred_activation (BeckonApplication *self);
void             _beckon_application_wipe_typed_password (BeckonApplication *self);
void             _beckon_application_show_refused_certificate (BeckonApplication *self,
                                                               BeckonWindow      *window,
                                                               const GError      *error,
                                                               GTlsCertificate   *refused);
UcwaSessionState _beckon_application_get_session_state (BeckonApplication *self);
void             _beckon_application_show_invitations_cb (BeckonApplication *self);
void             _beckon_application_activate_invitation_cb (BeckonApplication *self,
                                                             guint64            item_id);
void             _beckon_application_first_batch_cb (BeckonApplication *self);
void             _beckon_application_schedule_spare_window (BeckonApplication *self);
void             _beckon_application_conversation_ready_cb (BeckonApplication      *self,
                                                            BeckonInvitationCopy   *item,
                                                            BeckonConversationCopy *conversation);
void             _beckon_application_show_notice (BeckonApplication *self,
                                                  const char        *message);

/* beckon-application-core.c */
void _beckon_application_start_core (BeckonApplication *self);
void _beckon_application_create_core_objects (BeckonApplication *self);
void _beckon_application_drop_core_objects (BeckonApplication *self);
void _beckon_application_watch_first_batch (BeckonApplication *self,
                                            gboolean           watch);
void _beckon_application_close_notifications (BeckonApplication *self,
                                              gboolean           wait);

/* beckon-application-sign-in.c */
void     _beckon_application_start_sign_in (BeckonApplication *self);
gboolean _beckon_application_start_demo (BeckonApplication *self,
                                         GError           **error);
void     _beckon_application_restore_saved_account (BeckonApplication *self);
void     _beckon_application_forget_startup_password (BeckonApplication *self);
gboolean _beckon_application_service_start_cb (gpointer user_data);
void     _beckon_application_window_sign_in_cb (BeckonApplication *self,
                                                const char        *server_url,
                                                const char        *user,
                                                const char        *password);
void     _beckon_application_window_sign_out_cb (BeckonApplication *self);

/* beckon-application-outgoing.c */
void _beckon_application_join_from_outside (BeckonApplication *self,
                                            const char        *url);
void _beckon_application_open_from_outside (BeckonApplication *self,
                                            const char        *link);
void _beckon_application_join_dialog_requested_cb (BeckonJoinDialog *dialog,
                                                   const char       *url,
                                                   gpointer          user_data);
void _beckon_application_chat_requested_cb (BeckonApplication *self,
                                            const char        *address,
                                            const char        *name);

G_END_DECLS

/* beckon-notifier.c: desktop notifications for invitations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "beckon-notifier.h"

#include <glib/gi18n.h>

#include "beckon-notification-content-private.h"
#include "beckon-notifier-entry-private.h"
#include "beckon-notifier-private.h"
#include "beckon-notifier-summary-private.h"
#include "beckon-notify-worker-private.h"

/*
 * Everything here runs on the thread-default main context the notifier was
 * created on (the caller's thread): BeckonNotifier and its Entries follow
 * each BeckonInvitationItem and decide what its notification says.  The
 * notifier never calls libnotify: its BeckonNotifyWorker (see
 * beckon-notify-worker.c) makes every call on a thread of its own, so a slow
 * or vanished notification server never blocks this thread.  Only copies
 * cross over (a BeckonNotifyContent out, an event back), keyed by numbers
 * handed out here; items never leave this thread.
 *
 * Whether a click on Accept or Decline goes out, waits or is refused is the
 * account's to decide (beckon_account_can_answer()), as it is for the
 * invitation list: the notifier shows a button for each answer the account
 * would take, and follows the item once it has.
 *
 * Through the notification portal (Flatpak), nothing is ever said to have
 * expired or been dismissed, and a click closes the notification it was
 * on (BECKON_NOTIFY_CLOSED_BY_ACTION): a "Missed…" notice there is not
 * counted as on screen (it would be forever), and a click's close is never
 * taken for a dismissal.
 *
 * What one invitation's notification does as its item changes is in
 * beckon-notifier-entry.c (the entries); this file has the GObject and the
 * events that come back (see beckon-notifier-entry-private.h).
 *
 * The "N more invitations" summary is a BeckonNotifierSummary: the entries
 * only say it changed, and it is re-rendered once per main-loop turn from
 * what they count then (see beckon-notifier-summary.c).
 *
 * Other notifications share the worker (beckon_notifier_reserve_key()):
 * a new message's (beckon-message-notifier.c) gets its own key and the
 * events of that key, on this thread too.
 */

#define SUMMARY_KEY        1u
#define FIRST_ENTRY_KEY    2u
#define CLOSE_ALL_TIMEOUT  (2 * G_USEC_PER_SEC)
#define STOP_TIMEOUT       (2 * G_USEC_PER_SEC)
#define DEFAULT_MAX_POPUPS 4

G_DEFINE_FINAL_TYPE (BeckonNotifier, beckon_notifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_APP_NAME,
  PROP_DESKTOP_ENTRY,
  PROP_MAX_POPUPS,
  PROP_HAS_ACTIONS,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_SHOW_INVITATIONS,
  SIGNAL_ACTIVATE_INVITATION,
  SIGNAL_REPLY_INVITATION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  BeckonNotifierKeyFunc func;
  gpointer              user_data;
} Reserved;

guint
beckon_notifier_new_key (BeckonNotifier *self)
{
  return self->next_key++;
}

/* For the summary: what the entries count now. */
static void
count_summary (gpointer user_data,
               guint   *n_more,
               guint   *n_missed)
{
  BeckonNotifier      *self = user_data;
  GHashTableIter       iter;
  BeckonNotifierEntry *entry;

  *n_more = 0;
  *n_missed = self->n_missed_gone;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (entry->mode == ENTRY_OVERFLOW)
        (*n_more)++;
      if (entry->missed_unseen)
        (*n_missed)++;
    }
}

/* The user has seen the summary: what it said about missed invitations is
 * told. */
static void
summary_seen (BeckonNotifier *self)
{
  GHashTableIter       iter;
  BeckonNotifierEntry *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    entry->missed_unseen = FALSE;
  self->n_missed_gone = 0;
  beckon_notifier_summary_seen (self->summary);
}

static void
invitation_forgotten_cb (BeckonAccount        *account,
                         BeckonInvitationItem *item,
                         BeckonNotifier       *self)
{
  BeckonNotifierEntry *entry = g_hash_table_lookup (self->entries, item);

  if (entry == NULL)
    return;
  entry->forgotten = TRUE;
  /* A "Missed…" notice still up (a shell that keeps them until looked at)
   * would now open an invitation the list no longer has: withdrawn. */
  if (entry->missed_live)
    {
      entry->missed_live = FALSE;
      if (self->n_missed_live > 0)
        self->n_missed_live--;
      beckon_notify_worker_close (self->worker, entry->missed_key);
    }
  beckon_notifier_entry_drop_if_forgotten (entry);
}

static void
invitation_added_cb (BeckonAccount        *account,
                     BeckonInvitationItem *item,
                     BeckonNotifier       *self)
{
  BeckonNotifierEntry *entry;

  if (self->shut_down)
    return;
  if (g_hash_table_contains (self->entries, item))
    return;
  entry = beckon_notifier_entry_track (self, item);
  beckon_notifier_entry_update (entry);
}

/* The account decides whether the answer goes out (now, or once the server
 * offers the invitation again); the popup follows the item's state either
 * way ("Joining…" at once, no buttons: no second click). */
static void
entry_answer (BeckonNotifierEntry *entry,
              BeckonAnswer         answer)
{
  g_autoptr (GError) error = NULL;

  if (entry->mode == ENTRY_POPUP)
    {
      entry->acted = TRUE;
      entry->dismissed = FALSE;
      if (beckon_account_answer (entry->self->account, entry->item, answer, &error))
        return;
      entry->acted = FALSE;
      g_debug ("Not answering from the notification: %s", error->message);
    }

  /* A click that crossed a change (the inviter gave up, it was answered
   * elsewhere, an answer is already on its way): the notification catches
   * up with the item, which says why. */
  g_clear_pointer (&entry->rendered, g_free);
  beckon_notifier_entry_update (entry);
}

static void
handle_action (BeckonNotifier *self,
               guint           key,
               const char     *action)
{
  BeckonNotifierEntry *entry;

  g_debug ("Notification %u: action %s", key, action);

  if (key != 0 && key == self->quiet_key)
    {
      g_signal_emit (self, signals[SIGNAL_SHOW_INVITATIONS], 0);
      return;
    }

  if (key == SUMMARY_KEY)
    {
      summary_seen (self);
      g_signal_emit (self, signals[SIGNAL_SHOW_INVITATIONS], 0);
      return;
    }

  entry = g_hash_table_lookup (self->keys, GUINT_TO_POINTER (key));
  if (entry == NULL)
    return;

  if (!beckon_notify_worker_get_has_actions (self->worker))
    {
      /* Without buttons the notification only offers the list. */
      g_signal_emit (self, signals[SIGNAL_SHOW_INVITATIONS], 0);
      return;
    }

  if (g_str_equal (action, "default"))
    {
      g_autoptr (BeckonInvitationItem) item = g_object_ref (entry->item);

      g_signal_emit (self, signals[SIGNAL_ACTIVATE_INVITATION], 0, item);
    }
  else if (key == entry->popup_key && g_str_equal (action, "accept"))
    entry_answer (entry, BECKON_ANSWER_ACCEPT);
  else if (key == entry->popup_key && g_str_equal (action, "decline"))
    entry_answer (entry, BECKON_ANSWER_DECLINE);
  else if (key == entry->missed_key && g_str_equal (action, "reply"))
    {
      g_autoptr (BeckonInvitationItem) item = g_object_ref (entry->item);

      g_signal_emit (self, signals[SIGNAL_REPLY_INVITATION], 0, item);
    }
  else
    g_debug ("Unknown notification action %s", action);
}

static void
handle_closed (BeckonNotifier *self,
               guint           key,
               int             reason)
{
  BeckonNotifierEntry *entry;

  g_debug ("Notification %u closed by the server (reason %d)", key, reason);

  if (key == SUMMARY_KEY)
    {
      if (reason == NOTIFY_CLOSED_REASON_DISMISSED)
        summary_seen (self);
      else if (reason == BECKON_NOTIFY_CLOSED_BY_ACTION)
        /* Gone from the screen: a change shows it anew. */
        beckon_notifier_summary_gone (self->summary);
      return;
    }

  entry = g_hash_table_lookup (self->keys, GUINT_TO_POINTER (key));
  if (entry == NULL)
    return;

  if (key == entry->missed_key)
    {
      /* Shown once, seen or expired: nothing more to do with it. */
      if (self->n_missed_live > 0 && !beckon_notify_worker_get_on_portal (self->worker))
        self->n_missed_live--;
      entry->missed_live = FALSE;
      beckon_notify_worker_forget (self->worker, key);
      beckon_notifier_entry_drop_if_forgotten (entry);
      return;
    }

  /* The popup. A server that does not keep resident notifications closes
   * one when a button is clicked: that close is the click's, and the
   * "Joining…" that follows shows as a new notification. */
  if (entry->acted)
    entry->acted = FALSE;
  else if (reason == BECKON_NOTIFY_CLOSED_BY_ACTION)
    /* A click on the body (the portal closes the notification): not a
     * dismissal, but no longer on screen, so a change shows it anew. */
    g_clear_pointer (&entry->rendered, g_free);
  else if (reason == NOTIFY_CLOSED_REASON_DISMISSED)
    entry->dismissed = TRUE;

  if (entry->mode != ENTRY_POPUP)
    {
      g_clear_pointer (&entry->rendered, g_free);
      beckon_notify_worker_forget (self->worker, key);
      beckon_notifier_entry_drop_if_forgotten (entry);
    }
}

/* The worker's events, on our context. */
static void
handle_event (BeckonNotifyEventType type,
              guint                 key,
              const char           *action,
              int                   reason,
              gpointer              user_data)
{
  BeckonNotifier *self = user_data;
  Reserved       *reserved = g_hash_table_lookup (self->reserved, GUINT_TO_POINTER (key));

  if (reserved != NULL && type != BECKON_NOTIFY_EVENT_CAPS)
    {
      if (!self->shut_down)
        reserved->func (type, key, action, reason, reserved->user_data);
      return;
    }

  switch (type)
    {
    case BECKON_NOTIFY_EVENT_CAPS:
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_HAS_ACTIONS]);
      break;

    case BECKON_NOTIFY_EVENT_ACTION:
      if (!self->shut_down)
        handle_action (self, key, action);
      break;

    case BECKON_NOTIFY_EVENT_CLOSED:
      if (!self->shut_down)
        handle_closed (self, key, reason);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Do Not Disturb is over: one notice for the invitations that came
 * quietly and still wait for an answer (the ones that ended are in the
 * list, which says how). */
static void
do_not_disturb_cb (BeckonNotifier *self)
{
  GHashTableIter       iter;
  BeckonNotifierEntry *entry;
  guint                n_pending = 0;
  BeckonNotifyContent *content;

  if (self->shut_down || beckon_account_get_do_not_disturb (self->account))
    return;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (entry->mode != ENTRY_QUIET)
        continue;
      if (beckon_notifier_item_is_open (entry->item))
        n_pending++;
      entry->mode = ENTRY_DONE;
    }
  if (n_pending == 0)
    return;

  content = g_new0 (BeckonNotifyContent, 1);
  /* Translators: shown once Do Not Disturb ends; the invitations still wait for an answer */
  content->summary = g_strdup_printf (ngettext ("%u invitation while you were busy",
                                                "%u invitations while you were busy", n_pending),
                                      n_pending);
  content->body = g_strdup (_ ("Open the list of invitations to answer them."));
  content->category = "im.received";
  content->urgency = NOTIFY_URGENCY_NORMAL;
  content->timeout = NOTIFY_EXPIRES_DEFAULT;
  if (self->quiet_key == 0)
    self->quiet_key = beckon_notifier_new_key (self);
  beckon_notify_worker_show (self->worker, self->quiet_key, content);
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
beckon_notifier_constructed (GObject *object)
{
  BeckonNotifier *self = BECKON_NOTIFIER (object);
  GListModel     *invitations;

  G_OBJECT_CLASS (beckon_notifier_parent_class)->constructed (object);

  g_return_if_fail (BECKON_IS_ACCOUNT (self->account));

  if (self->app_name == NULL)
    self->app_name = g_strdup (g_get_application_name () != NULL ? g_get_application_name () : "Beckon");
  if (self->desktop_entry == NULL)
    self->desktop_entry = g_strdup (APP_ID);

  self->worker = beckon_notify_worker_new (self->app_name, self->desktop_entry, handle_event, self);
  self->summary = beckon_notifier_summary_new (self->worker, SUMMARY_KEY, count_summary, self);

  self->added_handler = g_signal_connect (self->account, "invitation-added",
                                          G_CALLBACK (invitation_added_cb), self);
  self->forgotten_handler = g_signal_connect (self->account, "invitation-forgotten",
                                              G_CALLBACK (invitation_forgotten_cb), self);
  self->dnd_handler = g_signal_connect_swapped (self->account, "notify::do-not-disturb",
                                                G_CALLBACK (do_not_disturb_cb), self);

  /* Invitations that rang before we were created still want an answer;
   * the ones that ended before are history. */
  invitations = beckon_account_get_invitations (self->account);
  if (invitations != NULL)
    {
      guint n = g_list_model_get_n_items (invitations);

      for (guint i = n; i > 0; i--)
        {
          g_autoptr (BeckonInvitationItem) item = g_list_model_get_item (invitations, i - 1);
          BeckonNotifierEntry             *entry = beckon_notifier_entry_track (self, item);

          if (beckon_notifier_item_is_open (item))
            beckon_notifier_entry_update (entry);
          else
            entry->mode = ENTRY_DONE;
        }
    }
}

static void
beckon_notifier_dispose (GObject *object)
{
  BeckonNotifier *self = BECKON_NOTIFIER (object);

  if (self->account != NULL)
    {
      g_clear_signal_handler (&self->added_handler, self->account);
      g_clear_signal_handler (&self->forgotten_handler, self->account);
      g_clear_signal_handler (&self->dnd_handler, self->account);
    }
  g_hash_table_remove_all (self->keys);
  g_hash_table_remove_all (self->entries);

  /* Before the worker it shows on. */
  g_clear_pointer (&self->summary, beckon_notifier_summary_free);
  if (self->worker != NULL)
    {
      beckon_notify_worker_stop (self->worker, self->worker_stuck ? 0 : STOP_TIMEOUT);
      g_clear_pointer (&self->worker, beckon_notify_worker_unref);
    }

  g_clear_object (&self->account);

  G_OBJECT_CLASS (beckon_notifier_parent_class)->dispose (object);
}

static void
beckon_notifier_finalize (GObject *object)
{
  BeckonNotifier *self = BECKON_NOTIFIER (object);

  g_hash_table_unref (self->keys);
  g_hash_table_unref (self->reserved);
  g_hash_table_unref (self->entries);
  g_free (self->app_name);
  g_free (self->desktop_entry);

  G_OBJECT_CLASS (beckon_notifier_parent_class)->finalize (object);
}

static void
beckon_notifier_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BeckonNotifier *self = BECKON_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_APP_NAME:
      g_value_set_string (value, self->app_name);
      break;

    case PROP_DESKTOP_ENTRY:
      g_value_set_string (value, self->desktop_entry);
      break;

    case PROP_MAX_POPUPS:
      g_value_set_uint (value, self->max_popups);
      break;

    case PROP_HAS_ACTIONS:
      g_value_set_boolean (value, beckon_notifier_get_has_actions (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_notifier_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BeckonNotifier *self = BECKON_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;

    case PROP_APP_NAME:
      self->app_name = g_value_dup_string (value);
      break;

    case PROP_DESKTOP_ENTRY:
      self->desktop_entry = g_value_dup_string (value);
      break;

    case PROP_MAX_POPUPS:
      beckon_notifier_set_max_popups (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_notifier_class_init (BeckonNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = beckon_notifier_constructed;
  object_class->dispose = beckon_notifier_dispose;
  object_class->finalize = beckon_notifier_finalize;
  object_class->get_property = beckon_notifier_get_property;
  object_class->set_property = beckon_notifier_set_property;

  props[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         BECKON_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_APP_NAME] =
    g_param_spec_string ("app-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_DESKTOP_ENTRY] =
    g_param_spec_string ("desktop-entry", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_MAX_POPUPS] =
    g_param_spec_uint ("max-popups", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_MAX_POPUPS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_HAS_ACTIONS] =
    g_param_spec_boolean ("has-actions", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNAL_SHOW_INVITATIONS] =
    g_signal_new ("show-invitations",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_ACTIVATE_INVITATION] =
    g_signal_new ("activate-invitation",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BECKON_TYPE_INVITATION_ITEM);
  signals[SIGNAL_REPLY_INVITATION] =
    g_signal_new ("reply-invitation",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BECKON_TYPE_INVITATION_ITEM);
}

static void
beckon_notifier_init (BeckonNotifier *self)
{
  self->max_popups = DEFAULT_MAX_POPUPS;
  self->next_key = FIRST_ENTRY_KEY;
  self->entries = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) beckon_notifier_entry_free);
  self->keys = g_hash_table_new (NULL, NULL);
  self->reserved = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

/* ------------------------------------------------------------------ */
/* API                                                                  */

/**
 * beckon_notifier_new:
 * @account: the account whose invitations to show
 * @app_name: (nullable): the application's name, for the notification server
 * @desktop_entry: (nullable): the desktop entry (app id), also the icon name
 *
 * Starts the notifier's worker thread.  Signals are emitted on the
 * thread-default main context of the caller.
 */
BeckonNotifier *
beckon_notifier_new (BeckonAccount *account,
                     const char    *app_name,
                     const char    *desktop_entry)
{
  g_return_val_if_fail (BECKON_IS_ACCOUNT (account), NULL);

  return g_object_new (BECKON_TYPE_NOTIFIER,
                       "account", account,
                       "app-name", app_name,
                       "desktop-entry", desktop_entry,
                       NULL);
}

BeckonAccount *
beckon_notifier_get_account (BeckonNotifier *self)
{
  g_return_val_if_fail (BECKON_IS_NOTIFIER (self), NULL);

  return self->account;
}

/**
 * beckon_notifier_set_max_popups:
 *
 * How many ringing invitations get a notification each; the ones beyond are
 * counted in one "N more invitations" notification.  Applies to invitations
 * that arrive afterwards.
 */
void
beckon_notifier_set_max_popups (BeckonNotifier *self,
                                guint           max_popups)
{
  g_return_if_fail (BECKON_IS_NOTIFIER (self));
  g_return_if_fail (max_popups > 0);

  if (self->max_popups == max_popups)
    return;
  self->max_popups = max_popups;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MAX_POPUPS]);
}

guint
beckon_notifier_get_max_popups (BeckonNotifier *self)
{
  g_return_val_if_fail (BECKON_IS_NOTIFIER (self), 0);

  return self->max_popups;
}

/**
 * beckon_notifier_close_all:
 *
 * For quitting: withdraws every notification and shows no more.  Waits for
 * the notification server, but not for more than two seconds; calling it
 * again does nothing.
 */
void
beckon_notifier_close_all (BeckonNotifier *self)
{
  GHashTableIter       iter;
  BeckonNotifierEntry *entry;

  g_return_if_fail (BECKON_IS_NOTIFIER (self));

  /* Once is enough: nothing is shown afterwards. */
  if (self->worker == NULL || self->shut_down)
    return;

  self->shut_down = TRUE;
  beckon_notifier_summary_stop (self->summary);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    g_clear_pointer (&entry->rendered, g_free);

  if (!beckon_notify_worker_close_all (self->worker, CLOSE_ALL_TIMEOUT))
    {
      g_message ("The notification server does not answer: some notifications may stay");
      self->worker_stuck = TRUE;
    }
}

/**
 * beckon_notifier_get_has_actions:
 *
 * Returns: whether the notification server shows buttons; %FALSE until it
 *   answered (see beckon_notifier_get_caps_known() and notify::has-actions)
 */
gboolean
beckon_notifier_get_has_actions (BeckonNotifier *self)
{
  g_return_val_if_fail (BECKON_IS_NOTIFIER (self), FALSE);

  return self->worker != NULL && beckon_notify_worker_get_has_actions (self->worker);
}

gboolean
beckon_notifier_get_caps_known (BeckonNotifier *self)
{
  g_return_val_if_fail (BECKON_IS_NOTIFIER (self), FALSE);

  return self->worker != NULL && beckon_notify_worker_get_caps_known (self->worker);
}

/**
 * beckon_notifier_get_n_shown:
 *
 * Returns: how many Notify calls the worker has made (started) so far
 */
guint
beckon_notifier_get_n_shown (BeckonNotifier *self)
{
  g_return_val_if_fail (BECKON_IS_NOTIFIER (self), 0);

  return self->worker != NULL ? beckon_notify_worker_get_n_shown (self->worker) : 0;
}

guint
beckon_notifier_get_n_entries (BeckonNotifier *self)
{
  g_return_val_if_fail (BECKON_IS_NOTIFIER (self), 0);

  return g_hash_table_size (self->entries);
}

BeckonNotifyWorker *
beckon_notifier_get_worker (BeckonNotifier *self)
{
  g_return_val_if_fail (BECKON_IS_NOTIFIER (self), NULL);

  return self->worker;
}

guint
beckon_notifier_reserve_key (BeckonNotifier       *self,
                             BeckonNotifierKeyFunc func,
                             gpointer              user_data)
{
  Reserved *reserved;
  guint     key;

  g_return_val_if_fail (BECKON_IS_NOTIFIER (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  key = beckon_notifier_new_key (self);
  reserved = g_new0 (Reserved, 1);
  reserved->func = func;
  reserved->user_data = user_data;
  g_hash_table_insert (self->reserved, GUINT_TO_POINTER (key), reserved);
  return key;
}

void
beckon_notifier_release_key (BeckonNotifier *self,
                             guint           key)
{
  g_return_if_fail (BECKON_IS_NOTIFIER (self));

  g_hash_table_remove (self->reserved, GUINT_TO_POINTER (key));
}

/* beckon-notifier.c: desktop notifications for invitations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "beckon-notifier.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

/*
 * Two halves:
 *
 * - The caller's side (BeckonNotifier, Entry) runs on the main context the
 *   notifier was created on.  It follows each BeckonInvitationItem and
 *   decides what its notification says; it never calls libnotify.
 *
 * - The worker (Worker, Slot) is a thread of its own, with its own
 *   GMainContext, that makes every libnotify call.  libnotify's calls are
 *   synchronous D-Bus calls (25 s timeout): on the main thread a slow or
 *   vanished notification server would freeze the app.  The worker's context
 *   is its thread-default context before notify_init(), so libnotify's proxy
 *   and the action and closed callbacks live there too.
 *
 * The two halves only exchange copies: a Command (with a Content of plain
 * strings) goes to the worker with g_main_context_invoke_full(), an Event
 * comes back the same way.  A notification is known on both sides by a
 * key; NotifyNotification objects never leave the worker and items never
 * leave the caller's thread.
 */

#define SUMMARY_KEY        1u
#define FIRST_ENTRY_KEY    2u
#define MAX_BODY_CHARS     300
#define CLOSE_ALL_TIMEOUT  (2 * G_USEC_PER_SEC)
#define STOP_TIMEOUT       (2 * G_USEC_PER_SEC)
#define DEFAULT_MAX_POPUPS 4

/* libnotify keeps its proxy, app name and list of notifications in globals:
 * two workers using it at once would race.  A worker holds this from
 * notify_init() to notify_uninit(), so a new notifier's worker waits (on its
 * own thread, never on the caller's) for an old one still finishing a slow
 * call. */
static GMutex libnotify_lock;

/* ------------------------------------------------------------------ */
/* Messages between the two halves                                     */

typedef struct
{
  char         *summary;
  char         *body; /* plain text; the worker escapes it for body-markup */
  const char   *category;
  NotifyUrgency urgency;
  gint          timeout;
  gboolean      buttons; /* Accept and Decline, if the server has actions */
  gboolean      resident;
  gboolean      sound;
} Content;

static void
content_free (Content *content)
{
  g_free (content->summary);
  g_free (content->body);
  g_free (content);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Content, content_free)

/* What the notification shows, to skip a Notify that would change nothing. */
static char *
content_signature (const Content *content)
{
  return g_strdup_printf ("%s\x1f%s\x1f%s\x1f%d\x1f%d\x1f%d\x1f%d",
                          content->summary, content->body != NULL ? content->body : "",
                          content->category, content->urgency, content->timeout,
                          content->buttons, content->resident);
}

typedef struct
{
  gatomicrefcount ref_count;
  GMutex          lock;
  GCond           cond;
  gboolean        done;
} SyncPoint;

static SyncPoint *
sync_point_new (void)
{
  SyncPoint *sync = g_new0 (SyncPoint, 1);

  g_atomic_ref_count_init (&sync->ref_count);
  g_mutex_init (&sync->lock);
  g_cond_init (&sync->cond);
  return sync;
}

static SyncPoint *
sync_point_ref (SyncPoint *sync)
{
  g_atomic_ref_count_inc (&sync->ref_count);
  return sync;
}

static void
sync_point_unref (SyncPoint *sync)
{
  if (!g_atomic_ref_count_dec (&sync->ref_count))
    return;
  g_mutex_clear (&sync->lock);
  g_cond_clear (&sync->cond);
  g_free (sync);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncPoint, sync_point_unref)

static void
sync_point_signal (SyncPoint *sync)
{
  g_mutex_lock (&sync->lock);
  sync->done = TRUE;
  g_cond_broadcast (&sync->cond);
  g_mutex_unlock (&sync->lock);
}

static gboolean
sync_point_wait (SyncPoint *sync,
                 gint64     timeout_us)
{
  gint64   deadline = g_get_monotonic_time () + timeout_us;
  gboolean done;

  g_mutex_lock (&sync->lock);
  while (!sync->done)
    if (!g_cond_wait_until (&sync->cond, &sync->lock, deadline))
      break;
  done = sync->done;
  g_mutex_unlock (&sync->lock);
  return done;
}

typedef enum {
  COMMAND_SHOW,
  COMMAND_CLOSE,  /* CloseNotification, then forget */
  COMMAND_FORGET, /* the server closed it already: drop it */
  COMMAND_CLOSE_ALL,
  COMMAND_QUIT,
} CommandType;

typedef enum {
  EVENT_CAPS,
  EVENT_ACTION,
  EVENT_CLOSED,
} EventType;

/* ------------------------------------------------------------------ */
/* The worker (its thread only, but for the fields said otherwise)     */

typedef struct _Worker Worker;

struct _Worker
{
  gatomicrefcount ref_count;

  /* Set before the thread starts, read-only afterwards. */
  GMainContext *context;
  GMainLoop    *loop;
  GMainContext *caller_context;
  char         *app_name;
  char         *desktop_entry;
  char         *icon_name;

  /* Written by the worker, read anywhere. */
  gint caps_known;
  gint has_actions;
  gint has_markup;
  gint n_shown;

  /* The worker's thread only. */
  GHashTable *slots; /* key → Slot */

  /* The caller's thread only. */
  GThread        *thread;
  BeckonNotifier *owner; /* NULL once the notifier is disposed */

  /* The thread says it has finished. */
  GMutex   lock;
  GCond    cond;
  gboolean finished;
};

typedef struct
{
  Worker             *worker;
  guint               key;
  NotifyNotification *notification; /* our reference keeps its actions working */
  gboolean            sticky;       /* buttons or no timeout: must not outlive us */
} Slot;

typedef struct
{
  Worker     *worker;
  CommandType type;
  guint       key;
  Content    *content;
  SyncPoint  *sync;
} Command;

typedef struct
{
  Worker   *worker;
  EventType type;
  guint     key;
  char     *action;
  int       reason;
} Event;

static Worker *
worker_ref (Worker *worker)
{
  g_atomic_ref_count_inc (&worker->ref_count);
  return worker;
}

static void
worker_unref (Worker *worker)
{
  if (!g_atomic_ref_count_dec (&worker->ref_count))
    return;
  g_assert (worker->thread == NULL);
  g_clear_pointer (&worker->slots, g_hash_table_unref);
  g_main_loop_unref (worker->loop);
  g_main_context_unref (worker->context);
  g_main_context_unref (worker->caller_context);
  g_free (worker->app_name);
  g_free (worker->desktop_entry);
  g_free (worker->icon_name);
  g_mutex_clear (&worker->lock);
  g_cond_clear (&worker->cond);
  g_free (worker);
}

static void beckon_notifier_handle_event (BeckonNotifier *self,
                                          const Event    *event);

static void
event_free (Event *event)
{
  worker_unref (event->worker);
  g_free (event->action);
  g_free (event);
}

/* On the caller's context. */
static gboolean
event_dispatch_cb (gpointer user_data)
{
  Event *event = user_data;

  if (event->worker->owner != NULL)
    beckon_notifier_handle_event (event->worker->owner, event);
  return G_SOURCE_REMOVE;
}

static void
worker_post_event (Worker     *worker,
                   EventType   type,
                   guint       key,
                   const char *action,
                   int         reason)
{
  Event *event = g_new0 (Event, 1);

  event->worker = worker_ref (worker);
  event->type = type;
  event->key = key;
  event->action = g_strdup (action);
  event->reason = reason;
  g_main_context_invoke_full (worker->caller_context, G_PRIORITY_DEFAULT,
                              event_dispatch_cb, event, (GDestroyNotify) event_free);
}

static void
slot_action_cb (NotifyNotification *notification,
                char               *action,
                gpointer            user_data)
{
  Slot *slot = user_data;

  worker_post_event (slot->worker, EVENT_ACTION, slot->key, action, 0);
}

static void
slot_closed_cb (NotifyNotification *notification,
                gpointer            user_data)
{
  Slot *slot = user_data;

  worker_post_event (slot->worker, EVENT_CLOSED, slot->key, NULL,
                     notify_notification_get_closed_reason (notification));
}

static void
slot_free (Slot *slot)
{
  /* The actions' user data is this slot: take them away with it. */
  g_signal_handlers_disconnect_by_data (slot->notification, slot);
  notify_notification_clear_actions (slot->notification);
  g_object_unref (slot->notification);
  g_free (slot);
}

/* The capabilities, once: a server without "actions" gets no buttons, one
 * with "body-markup" gets its body escaped.  Asked again only while no server
 * has answered. */
static void
worker_ensure_caps (Worker *worker)
{
  g_autofree char *name = NULL;
  g_autofree char *spec = NULL;
  GList           *caps;
  gboolean         has_actions = FALSE;
  gboolean         has_markup = FALSE;

  if (g_atomic_int_get (&worker->caps_known))
    return;

  /* notify_get_server_caps() warns when there is no server at all; this
   * fails quietly instead. */
  if (!notify_get_server_info (&name, NULL, NULL, &spec))
    {
      g_debug ("No notification server");
      return;
    }

  caps = notify_get_server_caps ();
  for (GList *l = caps; l != NULL; l = l->next)
    {
      if (g_str_equal (l->data, "actions"))
        has_actions = TRUE;
      else if (g_str_equal (l->data, "body-markup"))
        has_markup = TRUE;
    }
  g_list_free_full (caps, g_free);

  g_debug ("Notification server %s (spec %s): actions %d, body-markup %d",
           name, spec, has_actions, has_markup);
  g_atomic_int_set (&worker->has_actions, has_actions);
  g_atomic_int_set (&worker->has_markup, has_markup);
  g_atomic_int_set (&worker->caps_known, TRUE);
  worker_post_event (worker, EVENT_CAPS, 0, NULL, 0);
}

static void
slot_apply (Slot          *slot,
            const Content *content)
{
  Worker             *worker = slot->worker;
  NotifyNotification *notification = slot->notification;
  g_autofree char    *body = NULL;

  if (content->body != NULL && content->body[0] != '\0')
    body = g_atomic_int_get (&worker->has_markup) ? g_markup_escape_text (content->body, -1)
                                                  : g_strdup (content->body);

  notify_notification_update (notification, content->summary, body, worker->icon_name);
  notify_notification_set_hint (notification, "desktop-entry", g_variant_new_string (worker->desktop_entry));
  notify_notification_set_hint (notification, "category", g_variant_new_string (content->category));
  notify_notification_set_urgency (notification, content->urgency);
  notify_notification_set_hint (notification, "resident",
                                content->resident ? g_variant_new_boolean (TRUE) : NULL);
  notify_notification_set_hint (notification, "sound-name",
                                content->sound ? g_variant_new_string ("message-new-instant") : NULL);
  notify_notification_set_timeout (notification, content->timeout);

  notify_notification_clear_actions (notification);
  /* libnotify sends actions whatever the server supports: check ourselves. */
  if (content->buttons && g_atomic_int_get (&worker->has_actions))
    {
      notify_notification_add_action (notification, "accept", _ ("Accept"), slot_action_cb, slot, NULL);
      notify_notification_add_action (notification, "decline", _ ("Decline"), slot_action_cb, slot, NULL);
    }
  /* Translators: the label of a click on the notification itself; most
   * servers do not show it */
  notify_notification_add_action (notification, "default", _ ("Open"), slot_action_cb, slot, NULL);
}

static guint
slot_get_id (Slot *slot)
{
  guint id = 0;

  g_object_get (slot->notification, "id", &id, NULL);
  return id;
}

static void
worker_show (Worker        *worker,
             guint          key,
             const Content *content)
{
  g_autoptr (GError) error = NULL;
  Slot              *slot;

  worker_ensure_caps (worker);

  slot = g_hash_table_lookup (worker->slots, GUINT_TO_POINTER (key));
  if (slot == NULL)
    {
      slot = g_new0 (Slot, 1);
      slot->worker = worker;
      slot->key = key;
      slot->notification = notify_notification_new (content->summary, NULL, worker->icon_name);
      g_signal_connect (slot->notification, "closed", G_CALLBACK (slot_closed_cb), slot);
      g_hash_table_insert (worker->slots, GUINT_TO_POINTER (key), slot);
    }

  slot_apply (slot, content);
  slot->sticky = content->buttons || content->timeout == NOTIFY_EXPIRES_NEVER;
  g_atomic_int_inc (&worker->n_shown);
  /* Not a g_warning: the invitation itself is in the window whatever the
   * notification server does. */
  if (!notify_notification_show (slot->notification, &error))
    {
      g_message ("Could not show a notification: %s", error->message);
      /* Never on screen, so the server will never say it closed: one that
       * ends by itself (a "Missed…" notice) would be kept forever.  The
       * caller forgets it as if it had expired. */
      if (!slot->sticky)
        worker_post_event (worker, EVENT_CLOSED, key, NULL, NOTIFY_CLOSED_REASON_UNSET);
    }
  else
    g_debug ("Notification %u shows \"%s\" (server id %u)", key, content->summary, slot_get_id (slot));
}

static void
worker_close (Worker  *worker,
              guint    key,
              gboolean on_server)
{
  g_autoptr (GError) error = NULL;
  Slot              *slot;

  slot = g_hash_table_lookup (worker->slots, GUINT_TO_POINTER (key));
  if (slot == NULL)
    return;

  g_debug ("Notification %u goes (server id %u%s)", key, slot_get_id (slot), on_server ? "" : ", closed already");
  /* libnotify resets the id to 0 once the server said it closed it. */
  if (on_server && slot_get_id (slot) != 0 &&
      !notify_notification_close (slot->notification, &error))
    g_message ("Could not close a notification: %s", error->message);

  g_hash_table_remove (worker->slots, GUINT_TO_POINTER (key));
}

static void
worker_close_all (Worker  *worker,
                  gboolean only_sticky)
{
  g_autoptr (GList) keys = g_hash_table_get_keys (worker->slots);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      Slot *slot = g_hash_table_lookup (worker->slots, l->data);

      worker_close (worker, GPOINTER_TO_UINT (l->data), !only_sticky || slot->sticky);
    }
}

static void
command_free (Command *command)
{
  worker_unref (command->worker);
  g_clear_pointer (&command->content, content_free);
  g_clear_pointer (&command->sync, sync_point_unref);
  g_free (command);
}

/* On the worker's context. */
static gboolean
command_dispatch_cb (gpointer user_data)
{
  Command *command = user_data;
  Worker  *worker = command->worker;

  switch (command->type)
    {
    case COMMAND_SHOW:
      worker_show (worker, command->key, command->content);
      break;

    case COMMAND_CLOSE:
      worker_close (worker, command->key, TRUE);
      break;

    case COMMAND_FORGET:
      worker_close (worker, command->key, FALSE);
      break;

    case COMMAND_CLOSE_ALL:
      worker_close_all (worker, FALSE);
      break;

    case COMMAND_QUIT:
      g_main_loop_quit (worker->loop);
      break;

    default:
      g_assert_not_reached ();
    }

  if (command->sync != NULL)
    sync_point_signal (command->sync);
  return G_SOURCE_REMOVE;
}

/* From the caller's thread. */
static void
worker_post (Worker     *worker,
             CommandType type,
             guint       key,
             Content    *content,
             SyncPoint  *sync)
{
  Command *command = g_new0 (Command, 1);

  command->worker = worker_ref (worker);
  command->type = type;
  command->key = key;
  command->content = content;
  command->sync = sync != NULL ? sync_point_ref (sync) : NULL;
  g_main_context_invoke_full (worker->context, G_PRIORITY_DEFAULT,
                              command_dispatch_cb, command, (GDestroyNotify) command_free);
}

static gpointer
worker_thread (gpointer user_data)
{
  Worker *worker = user_data;

  g_mutex_lock (&libnotify_lock);
  /* Before notify_init() and any NotifyNotification: libnotify's proxy, and
   * so every signal it delivers, belongs to the thread-default context at
   * the time it is created. */
  g_main_context_push_thread_default (worker->context);

  notify_init (worker->app_name);
  worker_ensure_caps (worker);

  g_main_loop_run (worker->loop);

  /* What still has buttons (or never expires) would outlive the app that
   * answers it.  Our notifications go before notify_uninit(): libnotify
   * 0.8.1 disposes the ones it knows of there, and disposing one again later
   * trips over the proxy it dropped. */
  worker_close_all (worker, TRUE);
  notify_uninit ();
  while (g_main_context_iteration (worker->context, FALSE))
    ;

  g_main_context_pop_thread_default (worker->context);
  g_mutex_unlock (&libnotify_lock);

  g_mutex_lock (&worker->lock);
  worker->finished = TRUE;
  g_cond_broadcast (&worker->cond);
  g_mutex_unlock (&worker->lock);

  worker_unref (worker);
  return NULL;
}

static Worker *
worker_new (const char *app_name,
            const char *desktop_entry)
{
  Worker *worker = g_new0 (Worker, 1);

  g_atomic_ref_count_init (&worker->ref_count);
  g_mutex_init (&worker->lock);
  g_cond_init (&worker->cond);
  worker->context = g_main_context_new ();
  worker->loop = g_main_loop_new (worker->context, FALSE);
  worker->caller_context = g_main_context_ref_thread_default ();
  worker->app_name = g_strdup (app_name);
  worker->desktop_entry = g_strdup (desktop_entry);
  /* The app's icon is named after its desktop entry (its app id). */
  worker->icon_name = g_strdup (desktop_entry);
  worker->slots = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) slot_free);

  worker->thread = g_thread_new ("beckon-notifier", worker_thread, worker_ref (worker));
  return worker;
}

/* From the caller's thread: waits a bounded time; a worker stuck in a call
 * to an unresponsive server is left to finish (and clean up) on its own. */
static void
worker_stop (Worker *worker,
             gint64  timeout_us)
{
  gint64   deadline = g_get_monotonic_time () + timeout_us;
  gboolean finished;

  worker_post (worker, COMMAND_QUIT, 0, NULL, NULL);

  g_mutex_lock (&worker->lock);
  while (!worker->finished)
    if (!g_cond_wait_until (&worker->cond, &worker->lock, deadline))
      break;
  finished = worker->finished;
  g_mutex_unlock (&worker->lock);

  if (finished)
    g_thread_join (worker->thread);
  else
    {
      g_message ("The notification server does not answer: not waiting for it");
      g_thread_unref (worker->thread);
    }
  worker->thread = NULL;
}

/* ------------------------------------------------------------------ */
/* The caller's side                                                    */

typedef enum {
  ANSWER_NONE,
  ANSWER_ACCEPT,
  ANSWER_DECLINE,
} AnswerIntent;

typedef enum {
  ENTRY_NEW,
  ENTRY_POPUP,    /* has a notification of its own */
  ENTRY_OVERFLOW, /* counted in the "N more invitations" summary */
  ENTRY_DONE,
} EntryMode;

typedef struct
{
  BeckonNotifier       *self;
  BeckonInvitationItem *item;
  EntryMode             mode;
  guint                 popup_key;
  guint                 missed_key;
  char                 *rendered;      /* signature of what the popup shows */
  gboolean              acted;         /* a button was clicked: the close that follows is that click's */
  gboolean              dismissed;     /* the user closed the popup: do not pop it up again */
  gboolean              missed_unseen; /* overflowed, then missed: counted in the summary */
  gboolean              was_answerable;
  AnswerIntent          deferred; /* clicked while the server had taken the links away */
  gulong                notify_handler;
} Entry;

struct _BeckonNotifier
{
  GObject parent_instance;

  BeckonAccount *account;
  char          *app_name;
  char          *desktop_entry;
  guint          max_popups;

  Worker     *worker;
  GHashTable *entries; /* BeckonInvitationItem → Entry */
  GHashTable *keys;    /* key → Entry (popup and missed keys) */
  guint       next_key;
  guint       n_popups;      /* entries in ENTRY_POPUP */
  guint       n_missed_live; /* "Missed…" notifications not closed yet (as far as we know) */
  char       *summary_rendered;
  gboolean    shut_down;
  gboolean    worker_stuck; /* close_all() timed out: do not wait for it again */
  gulong      added_handler;
};

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
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void entry_update (Entry *entry);

static guint
new_key (BeckonNotifier *self)
{
  return self->next_key++;
}

static gboolean
state_is_open (BeckonInvitationItem *item)
{
  switch (beckon_invitation_item_get_state (item))
    {
    case BECKON_INVITATION_STATE_PENDING:
    case BECKON_INVITATION_STATE_JOINING:
    case BECKON_INVITATION_STATE_DECLINING:
      return TRUE;

    case BECKON_INVITATION_STATE_FAILED:
      return beckon_invitation_item_get_answerable (item);

    case BECKON_INVITATION_STATE_ACCEPTED:
    case BECKON_INVITATION_STATE_DECLINED:
    case BECKON_INVITATION_STATE_MISSED:
    case BECKON_INVITATION_STATE_ANSWERED_ELSEWHERE:
    default:
      return FALSE;
    }
}

static char *
dup_body (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return NULL;
  if (!g_utf8_validate (text, -1, NULL))
    return g_utf8_make_valid (text, -1);
  /* A first message can be long; a notification shows a few lines. */
  if (g_utf8_strlen (text, MAX_BODY_CHARS + 1) > MAX_BODY_CHARS)
    {
      g_autofree char *start = g_utf8_substring (text, 0, MAX_BODY_CHARS);

      return g_strconcat (start, "…", NULL);
    }
  return g_strdup (text);
}

/* The item words it, so the popup and the invitation list agree. */
static char *
dup_summary (BeckonInvitationItem *item)
{
  return g_strdup (beckon_invitation_item_get_summary (item));
}

static const char *
item_category (BeckonInvitationItem *item)
{
  /* The specification has no category for meetings: a Skype meeting
   * invitation is an invitation to its chat, so "im" (the class), and
   * "im.received" for a message that starts a chat. */
  return beckon_invitation_item_get_is_meeting (item) ? "im" : "im.received";
}

/* Critical stays on screen (and in GNOME passes Do Not Disturb): only for
 * what the sender marked Urgent or Emergency. */
static NotifyUrgency
item_urgency (BeckonInvitationItem *item)
{
  UcwaInvitation *invitation = beckon_invitation_item_get_invitation (item);
  const char     *importance = invitation != NULL ? ucwa_invitation_get_importance (invitation) : NULL;

  if (importance != NULL &&
      (g_ascii_strcasecmp (importance, "Urgent") == 0 || g_ascii_strcasecmp (importance, "Emergency") == 0))
    return NOTIFY_URGENCY_CRITICAL;
  return NOTIFY_URGENCY_NORMAL;
}

static Content *
content_new_ringing (BeckonInvitationItem *item,
                     gboolean              buttons)
{
  Content *content = g_new0 (Content, 1);

  content->summary = dup_summary (item);
  content->body = dup_body (beckon_invitation_item_get_body (item));
  content->category = item_category (item);
  content->urgency = item_urgency (item);
  /* It rings until answered or withdrawn: we close it ourselves. */
  content->timeout = NOTIFY_EXPIRES_NEVER;
  content->buttons = buttons;
  /* Resident: a click does not close it; it turns into "Joining…" in place. */
  content->resident = TRUE;
  content->sound = TRUE;
  return content;
}

static Content *
content_new_busy (BeckonInvitationItem *item,
                  const char           *status)
{
  Content *content = g_new0 (Content, 1);

  content->summary = dup_summary (item);
  content->body = g_strdup (status);
  content->category = item_category (item);
  content->urgency = item_urgency (item);
  content->timeout = NOTIFY_EXPIRES_NEVER;
  content->resident = TRUE;
  return content;
}

static Content *
content_new_failed (BeckonInvitationItem *item)
{
  Content    *content = g_new0 (Content, 1);
  gboolean    answerable = beckon_invitation_item_get_answerable (item);
  const char *message = beckon_invitation_item_get_error_message (item);

  content->summary = dup_summary (item);
  content->body = dup_body (message != NULL && message[0] != '\0' ? message
                                                                  : _ ("The invitation could not be answered."));
  content->category = "im.error";
  content->urgency = NOTIFY_URGENCY_NORMAL;
  content->timeout = answerable ? NOTIFY_EXPIRES_NEVER : NOTIFY_EXPIRES_DEFAULT;
  content->buttons = answerable;
  content->resident = answerable;
  return content;
}

static Content *
content_new_missed (BeckonInvitationItem *item)
{
  Content    *content = g_new0 (Content, 1);
  const char *inviter = beckon_invitation_item_get_inviter (item);

  if (inviter == NULL || inviter[0] == '\0')
    inviter = _ ("someone");
  if (beckon_invitation_item_get_is_meeting (item))
    /* Translators: %s is a person's name or SIP address */
    content->summary = g_strdup_printf (_ ("Missed meeting invitation from %s"), inviter);
  else
    /* Translators: %s is a person's name or SIP address */
    content->summary = g_strdup_printf (_ ("Missed chat from %s"), inviter);
  content->body = dup_body (beckon_invitation_item_get_body (item));
  content->category = "im";
  content->urgency = NOTIFY_URGENCY_NORMAL;
  content->timeout = NOTIFY_EXPIRES_DEFAULT;
  return content;
}

/* Takes @content. */
static void
entry_show (Entry   *entry,
            Content *content)
{
  BeckonNotifier  *self = entry->self;
  g_autofree char *signature = content_signature (content);

  if (entry->dismissed || g_strcmp0 (signature, entry->rendered) == 0)
    {
      content_free (content);
      return;
    }

  g_free (entry->rendered);
  entry->rendered = g_steal_pointer (&signature);
  worker_post (self->worker, COMMAND_SHOW, entry->popup_key, content, NULL);
}

static void
entry_close_popup (Entry *entry)
{
  if (entry->rendered == NULL)
    return;
  g_clear_pointer (&entry->rendered, g_free);
  worker_post (entry->self->worker, COMMAND_CLOSE, entry->popup_key, NULL, NULL);
}

static void
entry_show_missed (Entry *entry)
{
  BeckonNotifier *self = entry->self;

  /* One per invitation: a separate notification, the ringing one is
   * withdrawn first (the server may not replace in place). */
  if (entry->missed_key != 0)
    return;
  entry->missed_key = new_key (self);
  self->n_missed_live++;
  g_hash_table_insert (self->keys, GUINT_TO_POINTER (entry->missed_key), entry);
  worker_post (self->worker, COMMAND_SHOW, entry->missed_key, content_new_missed (entry->item), NULL);
}

static void
entry_leave_popup (Entry *entry)
{
  g_assert (entry->mode == ENTRY_POPUP);
  entry->mode = ENTRY_DONE;
  entry->self->n_popups--;
}

static void
update_summary (BeckonNotifier *self,
                gboolean        quietly)
{
  GHashTableIter      iter;
  Entry              *entry;
  guint               n_more = 0;
  guint               n_missed = 0;
  g_autoptr (Content) content = NULL;
  g_autofree char    *signature = NULL;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (entry->mode == ENTRY_OVERFLOW)
        n_more++;
      if (entry->missed_unseen)
        n_missed++;
    }

  if (n_more == 0 && n_missed == 0)
    {
      if (self->summary_rendered != NULL && !quietly)
        worker_post (self->worker, COMMAND_CLOSE, SUMMARY_KEY, NULL, NULL);
      g_clear_pointer (&self->summary_rendered, g_free);
      return;
    }

  content = g_new0 (Content, 1);
  if (n_more > 0)
    {
      content->summary = g_strdup_printf (ngettext ("%u more invitation", "%u more invitations", n_more), n_more);
      if (n_missed > 0)
        content->body = g_strdup_printf (ngettext ("%u missed invitation", "%u missed invitations", n_missed), n_missed);
      else
        content->body = g_strdup (_ ("Open the list of invitations to answer them."));
      content->timeout = NOTIFY_EXPIRES_NEVER;
    }
  else
    {
      content->summary = g_strdup_printf (ngettext ("%u missed invitation", "%u missed invitations", n_missed), n_missed);
      content->timeout = NOTIFY_EXPIRES_DEFAULT;
    }
  content->category = "im.received";
  content->urgency = NOTIFY_URGENCY_NORMAL;

  signature = content_signature (content);
  if (g_strcmp0 (signature, self->summary_rendered) == 0)
    return;
  g_free (self->summary_rendered);
  self->summary_rendered = g_steal_pointer (&signature);
  if (!quietly)
    worker_post (self->worker, COMMAND_SHOW, SUMMARY_KEY, g_steal_pointer (&content), NULL);
}

/* The user has seen the summary: what it said about missed invitations is
 * told. */
static void
summary_seen (BeckonNotifier *self)
{
  GHashTableIter iter;
  Entry         *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    entry->missed_unseen = FALSE;
  update_summary (self, TRUE);
}

static void
entry_update_popup (Entry *entry)
{
  BeckonInvitationItem *item = entry->item;

  switch (beckon_invitation_item_get_state (item))
    {
    case BECKON_INVITATION_STATE_PENDING:
      if (entry->deferred != ANSWER_NONE)
        break; /* still "Joining…" or "Declining…" */
      /* While the account re-creates its application the server's links are
       * gone for a moment: the buttons stay (a click then waits for the
       * links, see entry_answer()) rather than flicker.  An invitation that
       * never had links gets none. */
      entry_show (entry, content_new_ringing (item, entry->was_answerable));
      break;

    case BECKON_INVITATION_STATE_JOINING:
      entry_show (entry, content_new_busy (item, _ ("Joining…")));
      break;

    case BECKON_INVITATION_STATE_DECLINING:
      entry_show (entry, content_new_busy (item, _ ("Declining…")));
      break;

    case BECKON_INVITATION_STATE_FAILED:
      entry_show (entry, content_new_failed (item));
      /* Not answerable any more: the error stays until the user closes it,
       * but the invitation no longer takes a popup's place. */
      if (!beckon_invitation_item_get_answerable (item))
        entry_leave_popup (entry);
      break;

    case BECKON_INVITATION_STATE_ACCEPTED:
    case BECKON_INVITATION_STATE_DECLINED:
      /* ACCEPTED: the app opens the conversation window. */
      entry_close_popup (entry);
      entry_leave_popup (entry);
      break;

    case BECKON_INVITATION_STATE_ANSWERED_ELSEWHERE:
      /* The user answered it on another device: they know, so no
       * "answered elsewhere" notice; it is in the window's list. */
      entry_close_popup (entry);
      entry_leave_popup (entry);
      break;

    case BECKON_INVITATION_STATE_MISSED:
      entry_close_popup (entry);
      entry_show_missed (entry);
      entry_leave_popup (entry);
      break;

    default:
      g_warn_if_reached ();
      break;
    }
}

static void entry_answer (Entry       *entry,
                          AnswerIntent intent);

static void
entry_update (Entry *entry)
{
  BeckonNotifier *self = entry->self;

  if (self->shut_down)
    return;

  if (beckon_invitation_item_get_answerable (entry->item))
    entry->was_answerable = TRUE;

  if (entry->deferred != ANSWER_NONE)
    {
      AnswerIntent intent = entry->deferred;

      if (beckon_invitation_item_get_state (entry->item) != BECKON_INVITATION_STATE_PENDING)
        entry->deferred = ANSWER_NONE;
      else if (beckon_invitation_item_get_answerable (entry->item))
        {
          entry->deferred = ANSWER_NONE;
          entry_answer (entry, intent);
          return;
        }
    }

  if (entry->mode == ENTRY_NEW)
    {
      if (state_is_open (entry->item))
        {
          if (self->n_popups < self->max_popups)
            {
              entry->mode = ENTRY_POPUP;
              entry->popup_key = new_key (self);
              g_hash_table_insert (self->keys, GUINT_TO_POINTER (entry->popup_key), entry);
              self->n_popups++;
            }
          else
            entry->mode = ENTRY_OVERFLOW;
        }
      else
        {
          /* Rang and ended before we heard of it (a long reconnect): told,
           * but a burst of those goes into the summary too. */
          entry->mode = ENTRY_DONE;
          if (beckon_invitation_item_get_state (entry->item) == BECKON_INVITATION_STATE_MISSED)
            {
              if (self->n_popups + self->n_missed_live < self->max_popups)
                entry_show_missed (entry);
              else
                {
                  entry->missed_unseen = TRUE;
                  update_summary (self, FALSE);
                }
            }
        }
    }

  switch (entry->mode)
    {
    case ENTRY_POPUP:
      entry_update_popup (entry);
      break;

    case ENTRY_OVERFLOW:
      if (!state_is_open (entry->item))
        {
          /* Missed ones are told in the summary, not one by one. */
          if (beckon_invitation_item_get_state (entry->item) == BECKON_INVITATION_STATE_MISSED)
            entry->missed_unseen = TRUE;
          entry->mode = ENTRY_DONE;
        }
      update_summary (self, FALSE);
      break;

    case ENTRY_NEW:
    case ENTRY_DONE:
    default:
      break;
    }
}

static void
item_notify_cb (BeckonInvitationItem *item,
                GParamSpec           *pspec,
                Entry                *entry)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "state") || g_str_equal (name, "error-message") ||
      g_str_equal (name, "answerable") || g_str_equal (name, "summary") ||
      g_str_equal (name, "body"))
    entry_update (entry);
}

static void
entry_free (Entry *entry)
{
  g_clear_signal_handler (&entry->notify_handler, entry->item);
  g_clear_object (&entry->item);
  g_free (entry->rendered);
  g_free (entry);
}

static Entry *
track_item (BeckonNotifier       *self,
            BeckonInvitationItem *item)
{
  Entry *entry;

  /* Exactly once per invitation, whatever the account repeats. */
  entry = g_hash_table_lookup (self->entries, item);
  if (entry != NULL)
    return entry;

  entry = g_new0 (Entry, 1);
  entry->self = self;
  entry->item = g_object_ref (item);
  entry->notify_handler = g_signal_connect (item, "notify", G_CALLBACK (item_notify_cb), entry);
  g_hash_table_insert (self->entries, item, entry);
  return entry;
}

static void
invitation_added_cb (BeckonAccount        *account,
                     BeckonInvitationItem *item,
                     BeckonNotifier       *self)
{
  Entry *entry;

  if (self->shut_down)
    return;
  if (g_hash_table_contains (self->entries, item))
    return;
  entry = track_item (self, item);
  entry_update (entry);
}

static void
entry_answer (Entry       *entry,
              AnswerIntent intent)
{
  BeckonNotifier       *self = entry->self;
  BeckonInvitationItem *item = entry->item;
  BeckonInvitationState state = beckon_invitation_item_get_state (item);
  const char           *status = intent == ANSWER_ACCEPT ? _ ("Joining…") : _ ("Declining…");

  if (entry->mode != ENTRY_POPUP ||
      (state != BECKON_INVITATION_STATE_PENDING && state != BECKON_INVITATION_STATE_FAILED))
    {
      /* A click that crossed a change (the inviter gave up, it was answered
       * elsewhere): the notification catches up with the item instead. */
      g_debug ("Ignoring a click on an invitation that cannot be answered now");
      g_clear_pointer (&entry->rendered, g_free);
      entry_update (entry);
      return;
    }

  entry->acted = TRUE;
  entry->dismissed = FALSE;
  /* At once, before the request: no buttons, so no second click. */
  entry_show (entry, content_new_busy (item, status));

  if (!beckon_invitation_item_get_answerable (item))
    {
      /* Ringing, but the server's links are away (the application is being
       * re-created): answer as soon as the re-offer brings them back; if the
       * invitation ends first, the notification says so. */
      if (state == BECKON_INVITATION_STATE_PENDING && entry->was_answerable)
        entry->deferred = intent;
      else
        {
          g_clear_pointer (&entry->rendered, g_free);
          entry_update (entry);
        }
      return;
    }

  if (intent == ANSWER_ACCEPT)
    beckon_account_accept (self->account, item);
  else
    beckon_account_decline (self->account, item);
}

static void
handle_action (BeckonNotifier *self,
               guint           key,
               const char     *action)
{
  Entry *entry;

  g_debug ("Notification %u: action %s", key, action);

  if (key == SUMMARY_KEY)
    {
      summary_seen (self);
      g_signal_emit (self, signals[SIGNAL_SHOW_INVITATIONS], 0);
      return;
    }

  entry = g_hash_table_lookup (self->keys, GUINT_TO_POINTER (key));
  if (entry == NULL)
    return;

  if (!g_atomic_int_get (&self->worker->has_actions))
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
    entry_answer (entry, ANSWER_ACCEPT);
  else if (key == entry->popup_key && g_str_equal (action, "decline"))
    entry_answer (entry, ANSWER_DECLINE);
  else
    g_debug ("Unknown notification action %s", action);
}

static void
handle_closed (BeckonNotifier *self,
               guint           key,
               int             reason)
{
  Entry *entry;

  g_debug ("Notification %u closed by the server (reason %d)", key, reason);

  if (key == SUMMARY_KEY)
    {
      if (reason == NOTIFY_CLOSED_REASON_DISMISSED)
        summary_seen (self);
      return;
    }

  entry = g_hash_table_lookup (self->keys, GUINT_TO_POINTER (key));
  if (entry == NULL)
    return;

  if (key == entry->missed_key)
    {
      /* Shown once, seen or expired: nothing more to do with it. */
      if (self->n_missed_live > 0)
        self->n_missed_live--;
      worker_post (self->worker, COMMAND_FORGET, key, NULL, NULL);
      return;
    }

  /* The popup. A server that does not keep resident notifications closes
   * one when a button is clicked: that close is the click's, and the
   * "Joining…" that follows shows as a new notification. */
  if (entry->acted)
    entry->acted = FALSE;
  else if (reason == NOTIFY_CLOSED_REASON_DISMISSED)
    entry->dismissed = TRUE;

  if (entry->mode != ENTRY_POPUP)
    {
      g_clear_pointer (&entry->rendered, g_free);
      worker_post (self->worker, COMMAND_FORGET, key, NULL, NULL);
    }
}

static void
beckon_notifier_handle_event (BeckonNotifier *self,
                              const Event    *event)
{
  switch (event->type)
    {
    case EVENT_CAPS:
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_HAS_ACTIONS]);
      break;

    case EVENT_ACTION:
      if (!self->shut_down)
        handle_action (self, event->key, event->action);
      break;

    case EVENT_CLOSED:
      if (!self->shut_down)
        handle_closed (self, event->key, event->reason);
      break;

    default:
      g_assert_not_reached ();
    }
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

  self->worker = worker_new (self->app_name, self->desktop_entry);
  self->worker->owner = self;

  self->added_handler = g_signal_connect (self->account, "invitation-added",
                                          G_CALLBACK (invitation_added_cb), self);

  /* Invitations that rang before we were created still want an answer;
   * the ones that ended before are history. */
  invitations = beckon_account_get_invitations (self->account);
  if (invitations != NULL)
    {
      guint n = g_list_model_get_n_items (invitations);

      for (guint i = n; i > 0; i--)
        {
          g_autoptr (BeckonInvitationItem) item = g_list_model_get_item (invitations, i - 1);
          Entry                           *entry = track_item (self, item);

          if (state_is_open (item))
            entry_update (entry);
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
    g_clear_signal_handler (&self->added_handler, self->account);
  g_hash_table_remove_all (self->keys);
  g_hash_table_remove_all (self->entries);

  if (self->worker != NULL)
    {
      self->worker->owner = NULL;
      worker_stop (self->worker, self->worker_stuck ? 0 : STOP_TIMEOUT);
      g_clear_pointer (&self->worker, worker_unref);
    }

  g_clear_object (&self->account);

  G_OBJECT_CLASS (beckon_notifier_parent_class)->dispose (object);
}

static void
beckon_notifier_finalize (GObject *object)
{
  BeckonNotifier *self = BECKON_NOTIFIER (object);

  g_hash_table_unref (self->keys);
  g_hash_table_unref (self->entries);
  g_free (self->summary_rendered);
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
}

static void
beckon_notifier_init (BeckonNotifier *self)
{
  self->max_popups = DEFAULT_MAX_POPUPS;
  self->next_key = FIRST_ENTRY_KEY;
  self->entries = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) entry_free);
  self->keys = g_hash_table_new (NULL, NULL);
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
  g_autoptr (SyncPoint) sync = NULL;
  GHashTableIter        iter;
  Entry                *entry;

  g_return_if_fail (BECKON_IS_NOTIFIER (self));

  /* Once is enough: nothing is shown afterwards. */
  if (self->worker == NULL || self->shut_down)
    return;

  self->shut_down = TRUE;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    g_clear_pointer (&entry->rendered, g_free);
  g_clear_pointer (&self->summary_rendered, g_free);

  sync = sync_point_new ();
  worker_post (self->worker, COMMAND_CLOSE_ALL, 0, NULL, sync);
  if (!sync_point_wait (sync, CLOSE_ALL_TIMEOUT))
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

  return self->worker != NULL && g_atomic_int_get (&self->worker->has_actions);
}

gboolean
beckon_notifier_get_caps_known (BeckonNotifier *self)
{
  g_return_val_if_fail (BECKON_IS_NOTIFIER (self), FALSE);

  return self->worker != NULL && g_atomic_int_get (&self->worker->caps_known);
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

  return self->worker != NULL ? (guint) g_atomic_int_get (&self->worker->n_shown) : 0;
}

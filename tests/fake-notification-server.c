/* fake-notification-server.c: an org.freedesktop.Notifications server for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fake-notification-server.h"

#include "beckon-tsan-private.h"
#include "support/fake-bus-thread.h"

#define NOTIFICATIONS_NAME  "org.freedesktop.Notifications"
#define NOTIFICATIONS_PATH  "/org/freedesktop/Notifications"
#define NOTIFICATIONS_IFACE "org.freedesktop.Notifications"

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='GetCapabilities'>"
  "      <arg type='as' name='capabilities' direction='out'/>"
  "    </method>"
  "    <method name='Notify'>"
  "      <arg type='s' name='app_name' direction='in'/>"
  "      <arg type='u' name='replaces_id' direction='in'/>"
  "      <arg type='s' name='app_icon' direction='in'/>"
  "      <arg type='s' name='summary' direction='in'/>"
  "      <arg type='s' name='body' direction='in'/>"
  "      <arg type='as' name='actions' direction='in'/>"
  "      <arg type='a{sv}' name='hints' direction='in'/>"
  "      <arg type='i' name='expire_timeout' direction='in'/>"
  "      <arg type='u' name='id' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'>"
  "      <arg type='u' name='id' direction='in'/>"
  "    </method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' name='name' direction='out'/>"
  "      <arg type='s' name='vendor' direction='out'/>"
  "      <arg type='s' name='version' direction='out'/>"
  "      <arg type='s' name='spec_version' direction='out'/>"
  "    </method>"
  "    <signal name='NotificationClosed'>"
  "      <arg type='u' name='id'/>"
  "      <arg type='u' name='reason'/>"
  "    </signal>"
  "    <signal name='ActionInvoked'>"
  "      <arg type='u' name='id'/>"
  "      <arg type='s' name='action_key'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

struct _FakeNotificationServer
{
  /* The test's thread only; the context is fixed. */
  FakeBusThread *thread; /* NULL while stopped */
  GMainContext  *context;

  /* The server's thread only. */
  GDBusConnection *connection;
  guint            registration_id;

  /* Everything below is protected by the lock. */
  GMutex lock;

  char      **caps;
  guint       reply_delay_ms;
  gboolean    honor_resident;
  gboolean    like_xfce;       /* see fake_notification_server_set_like_xfce4_notifyd() */
  GArray     *deferred_closes; /* ids closed by a click, announced with the next call */
  GHashTable *reusable;        /* ids closed by a click, that a replaces_id brings back */

  guint32     next_id;
  GPtrArray  *records;  /* FakeNotification, every Notify */
  GHashTable *open;     /* id → index into records of its latest Notify */
  GHashTable *resident; /* ids (open) that asked to be resident */
  GArray     *closed_ids;
  guint       n_caps;
  guint       n_pending;
  guint       n_answered;
  GPtrArray  *pending; /* GSource, delayed replies */
  GPtrArray  *waiters; /* GMainContext, whoever waits in fake_notification_server_wait */
  gint64      last_action_us;
};

/* FakeNotification */

void
fake_notification_free (FakeNotification *notification)
{
  if (notification == NULL)
    return;
  g_free (notification->app_name);
  g_free (notification->app_icon);
  g_free (notification->summary);
  g_free (notification->body);
  g_strfreev (notification->actions);
  g_free (notification->desktop_entry);
  g_free (notification->category);
  g_free (notification->image_path);
  g_free (notification->sound_name);
  g_free (notification);
}

FakeNotification *
fake_notification_copy (const FakeNotification *notification)
{
  FakeNotification *copy = g_new0 (FakeNotification, 1);

  *copy = *notification;
  copy->app_name = g_strdup (notification->app_name);
  copy->app_icon = g_strdup (notification->app_icon);
  copy->summary = g_strdup (notification->summary);
  copy->body = g_strdup (notification->body);
  copy->actions = g_strdupv (notification->actions);
  copy->desktop_entry = g_strdup (notification->desktop_entry);
  copy->category = g_strdup (notification->category);
  copy->image_path = g_strdup (notification->image_path);
  copy->sound_name = g_strdup (notification->sound_name);
  return copy;
}

gboolean
fake_notification_has_action (const FakeNotification *notification,
                              const char             *key)
{
  for (guint i = 0; notification->actions[i] != NULL && notification->actions[i + 1] != NULL; i += 2)
    if (g_str_equal (notification->actions[i], key))
      return TRUE;
  return FALSE;
}

guint
fake_notification_count_buttons (const FakeNotification *notification)
{
  guint n = 0;

  for (guint i = 0; notification->actions[i] != NULL && notification->actions[i + 1] != NULL; i += 2)
    if (!g_str_equal (notification->actions[i], "default"))
      n++;
  return n;
}

/* Server thread */

/* Called with the lock held. */
static void
wake_waiters_locked (FakeNotificationServer *self)
{
  for (guint i = 0; i < self->waiters->len; i++)
    g_main_context_wakeup (g_ptr_array_index (self->waiters, i));
}

static void
emit_signal (FakeNotificationServer *self,
             const char             *name,
             GVariant               *parameters)
{
  g_autoptr (GError) error = NULL;

  /* Broadcast from the connection that owns the name: libnotify's proxy
   * only listens to the owner. */
  if (!g_dbus_connection_emit_signal (self->connection, NULL, NOTIFICATIONS_PATH,
                                      NOTIFICATIONS_IFACE, name, parameters, &error))
    g_printerr ("fake notification server: cannot emit %s: %s\n", name, error->message);
}

/* Called with the lock held; the signal is emitted by the caller after
 * unlocking (emitting takes the connection's lock, not ours, but keep the
 * critical section short). */
static gboolean
close_locked (FakeNotificationServer *self,
              guint32                 id)
{
  if (!g_hash_table_remove (self->open, GUINT_TO_POINTER (id)))
    return FALSE;
  g_hash_table_remove (self->resident, GUINT_TO_POINTER (id));
  return TRUE;
}

typedef struct
{
  FakeNotificationServer *self;
  GDBusMethodInvocation  *invocation;
  GVariant               *reply;
  GSource                *source;
} PendingReply;

static void
pending_reply_free (PendingReply *pending)
{
  g_clear_object (&pending->invocation);
  g_clear_pointer (&pending->reply, g_variant_unref);
  g_free (pending);
}

static gboolean
pending_reply_cb (gpointer user_data)
{
  PendingReply           *pending = user_data;
  FakeNotificationServer *self = pending->self;

  g_dbus_method_invocation_return_value (g_steal_pointer (&pending->invocation),
                                         g_steal_pointer (&pending->reply));

  beckon_mutex_lock (&self->lock);
  g_ptr_array_remove_fast (self->pending, pending);
  self->n_pending--;
  self->n_answered++;
  wake_waiters_locked (self);
  beckon_mutex_unlock (&self->lock);

  return G_SOURCE_REMOVE;
}

/* Answers @invocation (whose reference it takes) with @value (floating or
 * NULL), now or @delay ms later (the call was counted as pending when it
 * arrived, see method_call_cb()). */
static void
reply (FakeNotificationServer *self,
       GDBusMethodInvocation  *invocation,
       GVariant               *value,
       guint                   delay)
{
  PendingReply *pending;

  if (delay == 0)
    {
      beckon_mutex_lock (&self->lock);
      self->n_answered++;
      wake_waiters_locked (self);
      beckon_mutex_unlock (&self->lock);
      g_dbus_method_invocation_return_value (invocation, value);
      return;
    }

  pending = g_new0 (PendingReply, 1);
  pending->self = self;
  pending->invocation = invocation;
  pending->reply = value != NULL ? g_variant_ref_sink (value) : NULL;
  /* A timeout on the server's own context: meanwhile the server keeps
   * answering other calls and emitting signals, like a slow daemon. */
  pending->source = g_timeout_source_new (delay);
  g_source_set_callback (pending->source, pending_reply_cb, pending,
                         (GDestroyNotify) pending_reply_free);
  beckon_mutex_lock (&self->lock);
  g_ptr_array_add (self->pending, pending);
  beckon_mutex_unlock (&self->lock);

  g_source_attach (pending->source, self->context);
  g_source_unref (pending->source); /* the context holds it until it fires or is destroyed */
}

static char *
dup_hint_string (GVariant   *hints,
                 const char *key)
{
  g_autoptr (GVariant) value = g_variant_lookup_value (hints, key, G_VARIANT_TYPE_STRING);

  return value != NULL ? g_variant_dup_string (value, NULL) : NULL;
}

static void
handle_notify (FakeNotificationServer *self,
               GVariant               *parameters,
               GDBusMethodInvocation  *invocation,
               guint                   delay)
{
  FakeNotification    *record = g_new0 (FakeNotification, 1);
  g_autoptr (GVariant) hints = NULL;
  g_autoptr (GVariant) urgency = NULL;
  g_autoptr (GVariant) resident = NULL;
  g_autoptr (GVariant) suppress_sound = NULL;
  guint32              id;

  record->received_us = g_get_monotonic_time ();
  g_variant_get (parameters, "(susss^as@a{sv}i)",
                 &record->app_name, &record->replaces_id, &record->app_icon,
                 &record->summary, &record->body, &record->actions, &hints,
                 &record->expire_timeout);
  record->desktop_entry = dup_hint_string (hints, "desktop-entry");
  record->category = dup_hint_string (hints, "category");
  record->image_path = dup_hint_string (hints, "image-path");
  if (record->image_path == NULL)
    record->image_path = dup_hint_string (hints, "image_path");
  record->sound_name = dup_hint_string (hints, "sound-name");
  suppress_sound = g_variant_lookup_value (hints, "suppress-sound", G_VARIANT_TYPE_BOOLEAN);
  record->suppress_sound = suppress_sound != NULL && g_variant_get_boolean (suppress_sound);
  urgency = g_variant_lookup_value (hints, "urgency", G_VARIANT_TYPE_BYTE);
  record->urgency = urgency != NULL ? g_variant_get_byte (urgency) : -1;
  resident = g_variant_lookup_value (hints, "resident", G_VARIANT_TYPE_BOOLEAN);
  record->resident = resident != NULL && g_variant_get_boolean (resident);

  beckon_mutex_lock (&self->lock);
  /* Like notification-daemon: replacing a notification that is gone shows a
   * new one. */
  if (record->replaces_id != 0 && g_hash_table_contains (self->open, GUINT_TO_POINTER (record->replaces_id)))
    id = record->replaces_id;
  /* Like xfce4-notifyd 0.7: one it closed after a click comes back under
   * its old id. */
  else if (record->replaces_id != 0 && g_hash_table_remove (self->reusable, GUINT_TO_POINTER (record->replaces_id)))
    id = record->replaces_id;
  else
    id = ++self->next_id;
  record->id = id;
  g_ptr_array_add (self->records, record);
  g_hash_table_insert (self->open, GUINT_TO_POINTER (id), GUINT_TO_POINTER (self->records->len - 1));
  if (record->resident)
    g_hash_table_add (self->resident, GUINT_TO_POINTER (id));
  else
    g_hash_table_remove (self->resident, GUINT_TO_POINTER (id));
  wake_waiters_locked (self);
  beckon_mutex_unlock (&self->lock);

  reply (self, invocation, g_variant_new ("(u)", id), delay);
}

static void
handle_close (FakeNotificationServer *self,
              GVariant               *parameters,
              GDBusMethodInvocation  *invocation,
              guint                   delay)
{
  guint32  id;
  gboolean was_open;

  g_variant_get (parameters, "(u)", &id);

  beckon_mutex_lock (&self->lock);
  g_array_append_val (self->closed_ids, id);
  was_open = close_locked (self, id);
  wake_waiters_locked (self);
  beckon_mutex_unlock (&self->lock);

  if (was_open)
    emit_signal (self, "NotificationClosed", g_variant_new ("(uu)", id, 3));
  reply (self, invocation, NULL, delay);
}

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  FakeNotificationServer *self = user_data;
  g_autoptr (GArray)      closes = NULL;
  guint                   delay;

  /* Pending from the moment it arrives: whoever sees its effect sees it
   * pending too. */
  beckon_mutex_lock (&self->lock);
  closes = g_steal_pointer (&self->deferred_closes);
  self->deferred_closes = g_array_new (FALSE, FALSE, sizeof (guint32));
  delay = self->reply_delay_ms;
  if (delay > 0)
    self->n_pending++;
  beckon_mutex_unlock (&self->lock);

  /* The closes of earlier clicks go out before this call is handled, so
   * before its reply. */
  for (guint i = 0; i < closes->len; i++)
    emit_signal (self, "NotificationClosed", g_variant_new ("(uu)", g_array_index (closes, guint32, i), 2));

  if (g_str_equal (method_name, "GetCapabilities"))
    {
      g_auto (GStrv) caps = NULL;

      beckon_mutex_lock (&self->lock);
      caps = g_strdupv (self->caps);
      self->n_caps++;
      beckon_mutex_unlock (&self->lock);
      reply (self, invocation, g_variant_new ("(^as)", caps), delay);
    }
  else if (g_str_equal (method_name, "Notify"))
    handle_notify (self, parameters, invocation, delay);
  else if (g_str_equal (method_name, "CloseNotification"))
    handle_close (self, parameters, invocation, delay);
  else if (g_str_equal (method_name, "GetServerInformation"))
    reply (self, invocation, g_variant_new ("(ssss)", "Fake", "Beckon tests", "1.0", "1.2"), delay);
  else
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                             "No such method %s", method_name);
      if (delay > 0)
        {
          beckon_mutex_lock (&self->lock);
          self->n_pending--;
          beckon_mutex_unlock (&self->lock);
        }
    }
}

static const GDBusInterfaceVTable vtable = {
  method_call_cb,
  NULL,
  NULL,
  { 0 },
};

static gboolean
server_own (gpointer data,
            GError **error)
{
  FakeNotificationServer *self = data;

  return fake_bus_service_own (introspection_xml, NOTIFICATIONS_PATH, NOTIFICATIONS_NAME, &vtable, self,
                               &self->connection, &self->registration_id, error);
}

static void
server_disown (gpointer data)
{
  FakeNotificationServer *self = data;
  g_autoptr (GPtrArray)   pending = NULL;

  beckon_mutex_lock (&self->lock);
  pending = g_steal_pointer (&self->pending);
  self->pending = g_ptr_array_new ();
  self->n_pending = 0;
  beckon_mutex_unlock (&self->lock);

  /* Whoever still waits for an answer gets an error now rather than a
   * timeout 25 s later. */
  for (guint i = 0; i < pending->len; i++)
    {
      PendingReply *reply_data = g_ptr_array_index (pending, i);

      g_dbus_method_invocation_return_error_literal (g_steal_pointer (&reply_data->invocation),
                                                     G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY,
                                                     "The notification server is stopping");
      g_source_destroy (reply_data->source); /* frees reply_data */
    }

  /* Flushes the error replies above too. */
  fake_bus_service_disown (&self->connection, &self->registration_id);

  beckon_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->open);
  g_hash_table_remove_all (self->resident);
  wake_waiters_locked (self);
  beckon_mutex_unlock (&self->lock);
}

/* Public API (test thread) */

FakeNotificationServer *
fake_notification_server_new (void)
{
  static const char *const default_caps[] = { "actions", "body", "body-markup", "persistence", NULL };
  FakeNotificationServer  *self = g_new0 (FakeNotificationServer, 1);

  g_mutex_init (&self->lock);
  self->context = g_main_context_new ();
  self->caps = g_strdupv ((char **) default_caps);
  self->honor_resident = TRUE;
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_notification_free);
  self->open = g_hash_table_new (NULL, NULL);
  self->resident = g_hash_table_new (NULL, NULL);
  self->closed_ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->deferred_closes = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->reusable = g_hash_table_new (NULL, NULL);
  self->pending = g_ptr_array_new ();
  self->waiters = g_ptr_array_new ();
  return self;
}

void
fake_notification_server_free (FakeNotificationServer *self)
{
  if (self == NULL)
    return;
  fake_notification_server_stop (self);
  g_assert (self->waiters->len == 0);
  g_ptr_array_unref (self->waiters);
  g_ptr_array_unref (self->pending);
  g_array_unref (self->closed_ids);
  g_array_unref (self->deferred_closes);
  g_hash_table_unref (self->reusable);
  g_hash_table_unref (self->resident);
  g_hash_table_unref (self->open);
  g_ptr_array_unref (self->records);
  g_strfreev (self->caps);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
fake_notification_server_set_capabilities (FakeNotificationServer *self,
                                           const char *const      *caps)
{
  beckon_mutex_lock (&self->lock);
  g_strfreev (self->caps);
  self->caps = g_strdupv ((char **) caps);
  beckon_mutex_unlock (&self->lock);
}

void
fake_notification_server_set_reply_delay (FakeNotificationServer *self,
                                          guint                   milliseconds)
{
  beckon_mutex_lock (&self->lock);
  self->reply_delay_ms = milliseconds;
  beckon_mutex_unlock (&self->lock);
}

void
fake_notification_server_set_honor_resident (FakeNotificationServer *self,
                                             gboolean                honor)
{
  beckon_mutex_lock (&self->lock);
  self->honor_resident = honor;
  beckon_mutex_unlock (&self->lock);
}

void
fake_notification_server_set_like_xfce4_notifyd (FakeNotificationServer *self,
                                                 gboolean                like)
{
  beckon_mutex_lock (&self->lock);
  self->like_xfce = like;
  beckon_mutex_unlock (&self->lock);
}

gboolean
fake_notification_server_start (FakeNotificationServer *self,
                                GError                **error)
{
  g_return_val_if_fail (self->thread == NULL, FALSE);

  self->thread = fake_bus_thread_start ("fake-notifications", self->context, server_own, server_disown, self, error);
  return self->thread != NULL;
}

FakeNotificationServer *
fake_notification_server_new_started (void)
{
  FakeNotificationServer *self = fake_notification_server_new ();
  g_autoptr (GError)      error = NULL;

  if (!fake_notification_server_start (self, &error))
    g_error ("Cannot start the fake notification server (run under dbus-run-session): %s", error->message);
  return self;
}

void
fake_notification_server_stop (FakeNotificationServer *self)
{
  g_clear_pointer (&self->thread, fake_bus_thread_stop);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
recheck_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
fake_notification_server_wait (FakeNotificationServer   *self,
                               FakeNotificationCondition condition,
                               gpointer                  user_data,
                               guint                     timeout_ms)
{
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr (GSource)      timeout = NULL;
  g_autoptr (GSource)      recheck = NULL;
  gboolean                 timed_out = FALSE;
  gboolean                 ok;

  beckon_mutex_lock (&self->lock);
  g_ptr_array_add (self->waiters, context);
  beckon_mutex_unlock (&self->lock);

  timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (timeout, wait_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, context);
  /* The server wakes this context up after each call it handles; this
   * catches what changes elsewhere without an event here (another thread's
   * counter). */
  recheck = g_timeout_source_new (50);
  g_source_set_callback (recheck, recheck_cb, NULL, NULL);
  g_source_attach (recheck, context);

  while (!(ok = condition (user_data)) && !timed_out)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (recheck);
  g_source_destroy (timeout);
  beckon_mutex_lock (&self->lock);
  g_ptr_array_remove (self->waiters, context);
  beckon_mutex_unlock (&self->lock);
  return ok;
}

guint
fake_notification_server_get_notify_count (FakeNotificationServer *self)
{
  guint n;

  beckon_mutex_lock (&self->lock);
  n = self->records->len;
  beckon_mutex_unlock (&self->lock);
  return n;
}

guint
fake_notification_server_get_close_count (FakeNotificationServer *self)
{
  guint n;

  beckon_mutex_lock (&self->lock);
  n = self->closed_ids->len;
  beckon_mutex_unlock (&self->lock);
  return n;
}

guint
fake_notification_server_get_caps_count (FakeNotificationServer *self)
{
  guint n;

  beckon_mutex_lock (&self->lock);
  n = self->n_caps;
  beckon_mutex_unlock (&self->lock);
  return n;
}

guint
fake_notification_server_get_n_pending (FakeNotificationServer *self)
{
  guint n;

  beckon_mutex_lock (&self->lock);
  n = self->n_pending;
  beckon_mutex_unlock (&self->lock);
  return n;
}

guint
fake_notification_server_get_n_answered (FakeNotificationServer *self)
{
  guint n;

  beckon_mutex_lock (&self->lock);
  n = self->n_answered;
  beckon_mutex_unlock (&self->lock);
  return n;
}

GPtrArray *
fake_notification_server_get_notifications (FakeNotificationServer *self)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_notification_free);

  beckon_mutex_lock (&self->lock);
  for (guint i = 0; i < self->records->len; i++)
    g_ptr_array_add (copy, fake_notification_copy (g_ptr_array_index (self->records, i)));
  beckon_mutex_unlock (&self->lock);
  return copy;
}

GArray *
fake_notification_server_get_closed_ids (FakeNotificationServer *self)
{
  GArray *copy = g_array_new (FALSE, FALSE, sizeof (guint32));

  beckon_mutex_lock (&self->lock);
  g_array_append_vals (copy, self->closed_ids->data, self->closed_ids->len);
  beckon_mutex_unlock (&self->lock);
  return copy;
}

FakeNotification *
fake_notification_server_find_by_summary (FakeNotificationServer *self,
                                          const char             *summary)
{
  FakeNotification *found = NULL;

  beckon_mutex_lock (&self->lock);
  for (guint i = self->records->len; i > 0 && found == NULL; i--)
    {
      FakeNotification *record = g_ptr_array_index (self->records, i - 1);

      if (g_strcmp0 (record->summary, summary) == 0)
        found = fake_notification_copy (record);
    }
  beckon_mutex_unlock (&self->lock);
  return found;
}

FakeNotification *
fake_notification_server_get_current (FakeNotificationServer *self,
                                      guint32                 id)
{
  FakeNotification *found = NULL;

  beckon_mutex_lock (&self->lock);
  for (guint i = self->records->len; i > 0 && found == NULL; i--)
    {
      FakeNotification *record = g_ptr_array_index (self->records, i - 1);

      if (record->id == id)
        found = fake_notification_copy (record);
    }
  beckon_mutex_unlock (&self->lock);
  return found;
}

gboolean
fake_notification_server_is_open (FakeNotificationServer *self,
                                  guint32                 id)
{
  gboolean open;

  beckon_mutex_lock (&self->lock);
  open = g_hash_table_contains (self->open, GUINT_TO_POINTER (id));
  beckon_mutex_unlock (&self->lock);
  return open;
}

guint
fake_notification_server_count_open (FakeNotificationServer *self)
{
  guint n;

  beckon_mutex_lock (&self->lock);
  n = g_hash_table_size (self->open);
  beckon_mutex_unlock (&self->lock);
  return n;
}

typedef struct
{
  FakeNotificationServer *self;
  guint32                 id;
  char                   *action; /* NULL: dismiss */
} UserEvent;

static void
user_event_free (UserEvent *event)
{
  BECKON_TSAN_ACQUIRE (event);
  g_free (event->action);
  g_free (event);
}

static gboolean
user_event_cb (gpointer user_data)
{
  UserEvent              *event = user_data;
  FakeNotificationServer *self;
  gboolean                close;

  BECKON_TSAN_ACQUIRE (event);
  self = event->self;
  if (self->connection == NULL)
    return G_SOURCE_REMOVE;

  if (event->action != NULL)
    {
      beckon_mutex_lock (&self->lock);
      self->last_action_us = g_get_monotonic_time ();
      beckon_mutex_unlock (&self->lock);
      emit_signal (self, "ActionInvoked", g_variant_new ("(us)", event->id, event->action));
    }

  /* Like real daemons: a click closes a notification unless it asked to be
   * resident. */
  beckon_mutex_lock (&self->lock);
  close = event->action == NULL ||
          !(self->honor_resident && g_hash_table_contains (self->resident, GUINT_TO_POINTER (event->id)));
  close = close && close_locked (self, event->id);
  if (close && event->action != NULL && self->like_xfce)
    {
      g_array_append_val (self->deferred_closes, event->id);
      g_hash_table_add (self->reusable, GUINT_TO_POINTER (event->id));
      close = FALSE;
    }
  wake_waiters_locked (self);
  beckon_mutex_unlock (&self->lock);

  if (close)
    emit_signal (self, "NotificationClosed", g_variant_new ("(uu)", event->id, 2));
  return G_SOURCE_REMOVE;
}

static gboolean
post_user_event (FakeNotificationServer *self,
                 guint32                 id,
                 const char             *action)
{
  UserEvent *event;

  if (!fake_notification_server_is_open (self, id))
    return FALSE;

  event = g_new0 (UserEvent, 1);
  event->self = self;
  event->id = id;
  event->action = g_strdup (action);
  BECKON_TSAN_RELEASE (event);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, user_event_cb, event,
                              (GDestroyNotify) user_event_free);
  return TRUE;
}

gboolean
fake_notification_server_invoke_action (FakeNotificationServer *self,
                                        guint32                 id,
                                        const char             *action)
{
  g_return_val_if_fail (action != NULL, FALSE);
  return post_user_event (self, id, action);
}

gboolean
fake_notification_server_dismiss (FakeNotificationServer *self,
                                  guint32                 id)
{
  return post_user_event (self, id, NULL);
}

gint64
fake_notification_server_get_last_action_time (FakeNotificationServer *self)
{
  gint64 t;

  beckon_mutex_lock (&self->lock);
  t = self->last_action_us;
  beckon_mutex_unlock (&self->lock);
  return t;
}

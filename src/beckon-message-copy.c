/* beckon-message-copy.c: an instant message as the GTK thread sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owner's thread only (the GTK thread): made and updated from the
 * snapshots the core sends (beckon-copy-private.h); it notifies what an
 * update changed, as a UcwaMessage would (its delivery status, mostly).
 */

#include "config.h"

#include "beckon-message-copy.h"

#include "beckon-copy-private.h"
#include "ucwa-enum-types.h"

struct _BeckonMessageCopy
{
  GObject parent_instance;

  BeckonMessageSnapshot snapshot; /* its strings owned */
};

G_DEFINE_FINAL_TYPE (BeckonMessageCopy, beckon_message_copy, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIRECTION,
  PROP_STATUS,
  PROP_TEXT,
  PROP_HTML,
  PROP_SENDER_NAME,
  PROP_TIMESTAMP,
  PROP_FAILURE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
beckon_message_copy_finalize (GObject *object)
{
  BeckonMessageCopy *self = BECKON_MESSAGE_COPY (object);

  g_free (self->snapshot.text);
  g_free (self->snapshot.html);
  g_free (self->snapshot.sender_name);
  g_free (self->snapshot.failure);

  G_OBJECT_CLASS (beckon_message_copy_parent_class)->finalize (object);
}

static void
beckon_message_copy_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BeckonMessageCopy *self = BECKON_MESSAGE_COPY (object);

  switch (prop_id)
    {
    case PROP_DIRECTION:
      g_value_set_enum (value, self->snapshot.direction);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->snapshot.status);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->snapshot.text);
      break;
    case PROP_HTML:
      g_value_set_string (value, self->snapshot.html);
      break;
    case PROP_SENDER_NAME:
      g_value_set_string (value, self->snapshot.sender_name);
      break;
    case PROP_TIMESTAMP:
      g_value_set_int64 (value, self->snapshot.timestamp);
      break;
    case PROP_FAILURE:
      g_value_set_string (value, self->snapshot.failure);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
beckon_message_copy_class_init (BeckonMessageCopyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = beckon_message_copy_finalize;
  object_class->get_property = beckon_message_copy_get_property;

  props[PROP_DIRECTION] = g_param_spec_enum ("direction", NULL, NULL, UCWA_TYPE_DIRECTION, UCWA_DIRECTION_INCOMING, ro);
  props[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, UCWA_TYPE_MESSAGE_STATUS, UCWA_MESSAGE_STATUS_PENDING, ro);
  props[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, ro);
  props[PROP_HTML] = g_param_spec_string ("html", NULL, NULL, NULL, ro);
  props[PROP_SENDER_NAME] = g_param_spec_string ("sender-name", NULL, NULL, NULL, ro);
  props[PROP_TIMESTAMP] = g_param_spec_int64 ("timestamp", NULL, NULL, 0, G_MAXINT64, 0, ro);
  props[PROP_FAILURE] = g_param_spec_string ("failure", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
beckon_message_copy_init (BeckonMessageCopy *self)
{
}

void
_beckon_message_copy_update (BeckonMessageCopy           *self,
                             const BeckonMessageSnapshot *snapshot)
{
  g_object_freeze_notify (G_OBJECT (self));
  self->snapshot.id = snapshot->id;
  beckon_copy_set_int (self, (int *) &self->snapshot.direction, snapshot->direction, props[PROP_DIRECTION]);
  if (self->snapshot.timestamp != snapshot->timestamp)
    {
      self->snapshot.timestamp = snapshot->timestamp;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TIMESTAMP]);
    }
  beckon_copy_set_string (self, &self->snapshot.text, snapshot->text, props[PROP_TEXT]);
  beckon_copy_set_string (self, &self->snapshot.html, snapshot->html, props[PROP_HTML]);
  beckon_copy_set_string (self, &self->snapshot.sender_name, snapshot->sender_name, props[PROP_SENDER_NAME]);
  beckon_copy_set_string (self, &self->snapshot.failure, snapshot->failure, props[PROP_FAILURE]);
  /* Last: whoever follows the delivery finds the rest up to date. */
  beckon_copy_set_int (self, (int *) &self->snapshot.status, snapshot->status, props[PROP_STATUS]);
  g_object_thaw_notify (G_OBJECT (self));
}

BeckonMessageCopy *
_beckon_message_copy_new (const BeckonMessageSnapshot *snapshot)
{
  BeckonMessageCopy *self = g_object_new (BECKON_TYPE_MESSAGE_COPY, NULL);

  _beckon_message_copy_update (self, snapshot);
  return self;
}

guint64
_beckon_message_copy_get_id (BeckonMessageCopy *self)
{
  return self->snapshot.id;
}

UcwaDirection
beckon_message_copy_get_direction (BeckonMessageCopy *self)
{
  g_return_val_if_fail (BECKON_IS_MESSAGE_COPY (self), UCWA_DIRECTION_INCOMING);

  return self->snapshot.direction;
}

UcwaMessageStatus
beckon_message_copy_get_status (BeckonMessageCopy *self)
{
  g_return_val_if_fail (BECKON_IS_MESSAGE_COPY (self), UCWA_MESSAGE_STATUS_PENDING);

  return self->snapshot.status;
}

const char *
beckon_message_copy_get_text (BeckonMessageCopy *self)
{
  g_return_val_if_fail (BECKON_IS_MESSAGE_COPY (self), NULL);

  return self->snapshot.text != NULL ? self->snapshot.text : "";
}

const char *
beckon_message_copy_get_html (BeckonMessageCopy *self)
{
  g_return_val_if_fail (BECKON_IS_MESSAGE_COPY (self), NULL);

  return self->snapshot.html;
}

const char *
beckon_message_copy_get_sender_name (BeckonMessageCopy *self)
{
  g_return_val_if_fail (BECKON_IS_MESSAGE_COPY (self), NULL);

  return self->snapshot.sender_name;
}

gint64
beckon_message_copy_get_timestamp (BeckonMessageCopy *self)
{
  g_return_val_if_fail (BECKON_IS_MESSAGE_COPY (self), 0);

  return self->snapshot.timestamp;
}

/* The conversation window's (conv): why the outbox failed it (the server
 * did not confirm it in time, or refused it), translated; NULL if it did
 * not.  It may still be Pending for the server (a late confirmation turns
 * it Delivered). */
const char *
beckon_message_copy_get_failure (BeckonMessageCopy *self)
{
  g_return_val_if_fail (BECKON_IS_MESSAGE_COPY (self), NULL);

  return self->snapshot.failure;
}

/* ucwa-message.c: one instant message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ucwa-message.h"

#include "ucwa-data-uri.h"
#include "ucwa-enum-types.h"
#include "ucwa-model-private.h"
#include "ucwa-resource.h"

struct _UcwaMessage
{
  GObject parent_instance;

  char             *href;
  char             *operation_id;
  UcwaDirection     direction;
  char             *text;
  char             *html;
  gint64            timestamp;
  char             *sender_name;
  UcwaMessageStatus status;
};

G_DEFINE_FINAL_TYPE (UcwaMessage, ucwa_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HREF,
  PROP_OPERATION_ID,
  PROP_DIRECTION,
  PROP_TEXT,
  PROP_HTML,
  PROP_TIMESTAMP,
  PROP_SENDER_NAME,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
ucwa_message_finalize (GObject *object)
{
  UcwaMessage *self = UCWA_MESSAGE (object);

  g_free (self->href);
  g_free (self->operation_id);
  g_free (self->text);
  g_free (self->html);
  g_free (self->sender_name);

  G_OBJECT_CLASS (ucwa_message_parent_class)->finalize (object);
}

static void
ucwa_message_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  UcwaMessage *self = UCWA_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_HREF:
      g_value_set_string (value, self->href);
      break;
    case PROP_OPERATION_ID:
      g_value_set_string (value, self->operation_id);
      break;
    case PROP_DIRECTION:
      g_value_set_enum (value, self->direction);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_HTML:
      g_value_set_string (value, self->html);
      break;
    case PROP_TIMESTAMP:
      g_value_set_int64 (value, self->timestamp);
      break;
    case PROP_SENDER_NAME:
      g_value_set_string (value, self->sender_name);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ucwa_message_class_init (UcwaMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ucwa_message_finalize;
  object_class->get_property = ucwa_message_get_property;

  props[PROP_HREF] = g_param_spec_string ("href", NULL, NULL, NULL, flags);
  props[PROP_OPERATION_ID] = g_param_spec_string ("operation-id", NULL, NULL, NULL, flags);
  props[PROP_DIRECTION] = g_param_spec_enum ("direction", NULL, NULL,
                                             UCWA_TYPE_DIRECTION,
                                             UCWA_DIRECTION_INCOMING,
                                             flags);
  props[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, "", flags);
  props[PROP_HTML] = g_param_spec_string ("html", NULL, NULL, NULL, flags);
  props[PROP_TIMESTAMP] = g_param_spec_int64 ("timestamp", NULL, NULL,
                                              0, G_MAXINT64, 0, flags);
  props[PROP_SENDER_NAME] = g_param_spec_string ("sender-name", NULL, NULL, NULL, flags);
  props[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL,
                                          UCWA_TYPE_MESSAGE_STATUS,
                                          UCWA_MESSAGE_STATUS_PENDING,
                                          flags);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
ucwa_message_init (UcwaMessage *self)
{
  self->text = g_strdup ("");
  self->status = UCWA_MESSAGE_STATUS_PENDING;
}

UcwaMessage *
ucwa_message_new (const char   *href,
                  const char   *operation_id,
                  UcwaDirection direction)
{
  UcwaMessage *self = g_object_new (UCWA_TYPE_MESSAGE, NULL);

  self->href = g_strdup (href);
  self->operation_id = g_strdup (operation_id);
  self->direction = direction;

  return self;
}

const char *
ucwa_message_get_href (UcwaMessage *self)
{
  g_return_val_if_fail (UCWA_IS_MESSAGE (self), NULL);

  return self->href;
}

const char *
ucwa_message_get_operation_id (UcwaMessage *self)
{
  g_return_val_if_fail (UCWA_IS_MESSAGE (self), NULL);

  return self->operation_id;
}

UcwaDirection
ucwa_message_get_direction (UcwaMessage *self)
{
  g_return_val_if_fail (UCWA_IS_MESSAGE (self), UCWA_DIRECTION_INCOMING);

  return self->direction;
}

const char *
ucwa_message_get_text (UcwaMessage *self)
{
  g_return_val_if_fail (UCWA_IS_MESSAGE (self), "");

  return self->text;
}

const char *
ucwa_message_get_html (UcwaMessage *self)
{
  g_return_val_if_fail (UCWA_IS_MESSAGE (self), NULL);

  return self->html;
}

gint64
ucwa_message_get_timestamp (UcwaMessage *self)
{
  g_return_val_if_fail (UCWA_IS_MESSAGE (self), 0);

  return self->timestamp;
}

const char *
ucwa_message_get_sender_name (UcwaMessage *self)
{
  g_return_val_if_fail (UCWA_IS_MESSAGE (self), NULL);

  return self->sender_name;
}

UcwaMessageStatus
ucwa_message_get_status (UcwaMessage *self)
{
  g_return_val_if_fail (UCWA_IS_MESSAGE (self), UCWA_MESSAGE_STATUS_PENDING);

  return self->status;
}

void
ucwa_message_set_href (UcwaMessage *self,
                       const char  *href)
{
  g_return_if_fail (UCWA_IS_MESSAGE (self));

  if (ucwa_model_set_string (&self->href, href))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_HREF]);
}

void
ucwa_message_set_operation_id (UcwaMessage *self,
                               const char  *operation_id)
{
  g_return_if_fail (UCWA_IS_MESSAGE (self));

  if (ucwa_model_set_string (&self->operation_id, operation_id))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_OPERATION_ID]);
}

void
ucwa_message_set_direction (UcwaMessage  *self,
                            UcwaDirection direction)
{
  g_return_if_fail (UCWA_IS_MESSAGE (self));

  if (self->direction == direction)
    return;

  self->direction = direction;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DIRECTION]);
}

void
ucwa_message_set_text (UcwaMessage *self,
                       const char  *text)
{
  g_return_if_fail (UCWA_IS_MESSAGE (self));

  if (ucwa_model_set_string (&self->text, text != NULL ? text : ""))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TEXT]);
}

void
ucwa_message_set_html (UcwaMessage *self,
                       const char  *html)
{
  g_return_if_fail (UCWA_IS_MESSAGE (self));

  if (ucwa_model_set_string (&self->html, html))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_HTML]);
}

void
ucwa_message_set_timestamp (UcwaMessage *self,
                            gint64       timestamp)
{
  g_return_if_fail (UCWA_IS_MESSAGE (self));

  timestamp = MAX (timestamp, 0);
  if (self->timestamp == timestamp)
    return;

  self->timestamp = timestamp;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TIMESTAMP]);
}

void
ucwa_message_set_sender_name (UcwaMessage *self,
                              const char  *sender_name)
{
  g_return_if_fail (UCWA_IS_MESSAGE (self));

  if (ucwa_model_set_string (&self->sender_name, sender_name))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SENDER_NAME]);
}

void
ucwa_message_set_status (UcwaMessage      *self,
                         UcwaMessageStatus status)
{
  g_return_if_fail (UCWA_IS_MESSAGE (self));

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATUS]);
}

/* IM clients end a line with CRLF ("Hi+Tosh%0d%0a" in §8.1): a chat view
 * wants neither the CR nor the trailing line break. */
static char *
tidy_text (char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '\r' && p[1] == '\n')
        continue;
      g_string_append_c (out, *p == '\r' ? '\n' : *p);
    }
  g_free (text);

  return g_strchomp (g_string_free (out, FALSE));
}

/* One message body link: plain text as it is, HTML converted to text.  An
 * undecodable URI gives NULL (logged), never a crash. */
char *
ucwa_message_decode_body (JsonObject *resource,
                          const char *rel,
                          char      **html_out)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *decoded = NULL;
  const char        *href;
  gboolean           is_html = FALSE;

  href = ucwa_resource_get_link_href (resource, rel);
  if (href == NULL)
    return NULL;

  decoded = ucwa_data_uri_decode_text (href, &is_html, &error);
  if (decoded == NULL)
    {
      g_debug ("Undecodable %s in a message: %s", rel,
               error != NULL ? error->message : "unknown error");
      return NULL;
    }

  if (is_html)
    {
      char *text = ucwa_html_to_text (decoded);

      if (html_out != NULL)
        *html_out = g_steal_pointer (&decoded);
      return tidy_text (text);
    }

  return tidy_text (g_steal_pointer (&decoded));
}

/* A message resource (§12.2).  What the copy lacks is kept: the outgoing
 * echo carries neither text nor participant (SendAnIM trace). */
void
ucwa_message_update_from_resource (UcwaMessage *self,
                                   JsonObject  *resource)
{
  g_autofree char *plain = NULL;
  g_autofree char *html_text = NULL;
  g_autofree char *html = NULL;
  const char      *direction;
  const char      *operation_id;
  const char      *timestamp;
  const char      *sender;

  g_return_if_fail (UCWA_IS_MESSAGE (self));

  if (resource == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  direction = ucwa_resource_get_string (resource, "direction");
  if (g_strcmp0 (direction, "Outgoing") == 0)
    ucwa_message_set_direction (self, UCWA_DIRECTION_OUTGOING);
  else if (g_strcmp0 (direction, "Incoming") == 0)
    ucwa_message_set_direction (self, UCWA_DIRECTION_INCOMING);

  operation_id = ucwa_resource_get_string (resource, "operationId");
  if (operation_id != NULL && *operation_id != '\0')
    ucwa_message_set_operation_id (self, operation_id);

  timestamp = ucwa_resource_get_string (resource, "timeStamp");
  if (timestamp != NULL)
    {
      gint64 ms = ucwa_resource_parse_date (timestamp);

      if (ms > 0)
        ucwa_message_set_timestamp (self, ms);
    }

  sender = ucwa_resource_get_link_title (resource, "participant");
  if (sender == NULL || *sender == '\0')
    sender = ucwa_resource_get_link_title (resource, "contact");
  if (sender != NULL && *sender != '\0')
    ucwa_message_set_sender_name (self, sender);

  plain = ucwa_message_decode_body (resource, "plainMessage", NULL);
  html_text = ucwa_message_decode_body (resource, "htmlMessage", &html);
  if (html != NULL)
    ucwa_message_set_html (self, html);
  if (plain != NULL)
    ucwa_message_set_text (self, plain);
  else if (html_text != NULL)
    ucwa_message_set_text (self, html_text);

  g_object_thaw_notify (G_OBJECT (self));
}

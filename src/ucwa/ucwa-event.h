/* ucwa-event.h: one event-channel response, parsed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  UCWA_EVENT_UNKNOWN,
  UCWA_EVENT_ADDED,
  UCWA_EVENT_UPDATED,
  UCWA_EVENT_DELETED,
  UCWA_EVENT_STARTED,
  UCWA_EVENT_COMPLETED,
} UcwaEventType;

/* Every href below is an absolute http(s) URI, resolved against the events
 * URL.  An event whose link, `in` or sender href is not usable (a data: URI
 * included) is skipped; so is a batch whose continuation link is not. */
typedef struct
{
  UcwaEventType type;
  char         *sender_rel;
  char         *sender_href;
  char         *rel;            /* link.rel */
  char         *href;           /* link.href */
  char         *title;          /* link.title, nullable */
  char         *in_rel;         /* nullable */
  char         *in_href;        /* nullable */
  JsonObject   *embedded;       /* nullable: the full resource, if sent or fetched */
  char         *status;         /* "Success", "Failure" or NULL */
  char         *reason_code;    /* nullable */
  char         *reason_subcode; /* nullable */
  char         *reason_message; /* nullable */
} UcwaEvent;

/* Reference-counted (UCWA_TYPE_EVENT_BATCH): the event channel hands each
 * batch to its listeners by reference, and one that applies the events
 * later (GETs in between) keeps its own reference rather than taking the
 * array out of the channel's. */
typedef struct
{
  char      *self_href; /* nullable */
  char      *next_href; /* `next`, or `resume` when is_resume; NULL on resync */
  gboolean   is_resume;
  char      *resync_href; /* set only on a resync answer */
  GPtrArray *events;      /* (element-type UcwaEvent) in server order */
} UcwaEventBatch;

#define UCWA_TYPE_EVENT_BATCH (ucwa_event_batch_get_type ())

GType           ucwa_event_batch_get_type (void) G_GNUC_CONST;
UcwaEventBatch *ucwa_event_batch_new (void);
UcwaEventBatch *ucwa_event_batch_parse (JsonNode *root,
                                        GUri     *base,
                                        GError  **error);
UcwaEventBatch *ucwa_event_batch_ref (UcwaEventBatch *batch);
void            ucwa_event_batch_unref (UcwaEventBatch *batch);
void            ucwa_event_free (UcwaEvent *event);
const char     *ucwa_event_type_to_string (UcwaEventType type);
UcwaEventType   ucwa_event_type_from_string (const char *type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UcwaEventBatch, ucwa_event_batch_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UcwaEvent, ucwa_event_free)

G_END_DECLS

/* test-samples.c: the protocol library against every sample we have
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The samples (tests/data/samples, see its INDEX.md) are Microsoft's
 * documentation, constructed fixtures and real server output quoted in the
 * field.  Every JSON file goes through the parsers that apply to it; the
 * walkthrough traces are checked event by event; and every sample is then
 * corrupted many times over to show that no input crashes the parsers or
 * makes them warn (g_test_init() makes warnings fatal).
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ucwa-challenge.h"
#include "ucwa-data-uri.h"
#include "ucwa-error.h"
#include "ucwa-event.h"
#include "ucwa-resource.h"
#include "test-util.h"
#include "ucwa-uri.h"

#define APP         "https://lyncweb.contoso.com/ucwa/oauth/v1/applications/104"
#define EVENTS_BASE APP "/events?ack=1"

static const char *const json_dirs[] = { "docs", "ref", "derived", "repaired", "field", "lync2013" };

/* INDEX.md marks these as "NOT strict JSON" too, but json-glib accepts the
 * raw line break inside a string that makes them so.  What they carry (a
 * "data : text/plain;base64,\n…" href) must then fail one level up. */
static const char *const tolerated_by_json_glib[] = {
  "ref/addMessaging-post-json-request-body.json",
  "ref/startMessaging-post-json-request-body.json",
  "ref/continueMessaging-post-json-request-body.json",
};

/* Helpers */

/* The recorded samples live in the repository (tests/data/samples, see
 * tests/data/README.md): the suite reads nothing outside the checkout. */
static const char *
samples_dir (void)
{
  const char *dir = g_test_get_filename (G_TEST_DIST, "data", "samples", NULL);

  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  return dir;
}

static char *
sample_path (const char *relative)
{
  return g_build_filename (samples_dir (), relative, NULL);
}

static char *
read_sample (const char *relative,
             gsize      *length)
{
  g_autofree char   *path = sample_path (relative);
  g_autoptr (GError) error = NULL;
  char              *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);

  return contents;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* Sorted relative paths ("docs/x.json") of the files in @dir ending in
 * @suffix. */
static GPtrArray *
list_samples (const char *dir,
              const char *suffix)
{
  g_autofree char   *path = sample_path (dir);
  g_autoptr (GDir)   handle = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray         *files = g_ptr_array_new_with_free_func (g_free);
  const char        *name;

  handle = g_dir_open (path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, suffix))
      g_ptr_array_add (files, g_build_filename (dir, name, NULL));

  g_ptr_array_sort (files, compare_paths);

  return files;
}

static GPtrArray *
list_all_json_samples (void)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (json_dirs); i++)
    {
      g_autoptr (GPtrArray) files = list_samples (json_dirs[i], ".json");

      for (guint j = 0; j < files->len; j++)
        g_ptr_array_add (all, g_strdup (g_ptr_array_index (files, j)));
    }

  return all;
}

/* The set of files INDEX.md marks "NOT strict JSON". */
static GHashTable *
load_not_strict (void)
{
  g_autofree char *index = read_sample ("INDEX.md", NULL);
  g_auto (GStrv)   lines = g_strsplit (index, "\n", -1);
  GHashTable      *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *start, *end;

      if (strstr (lines[i], "NOT strict JSON") == NULL || !g_str_has_prefix (lines[i], "| `"))
        continue;

      start = lines[i] + 3;
      end = strchr (start, '`');
      g_assert_nonnull (end);
      g_hash_table_add (set, g_strndup (start, end - start));
    }

  return set;
}

static gboolean
is_tolerated_by_json_glib (const char *relative)
{
  for (guint i = 0; i < G_N_ELEMENTS (tolerated_by_json_glib); i++)
    if (g_str_equal (relative, tolerated_by_json_glib[i]))
      return TRUE;

  return FALSE;
}

static JsonNode *
parse_json_sample (const char *relative,
                   GError    **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char       *path = sample_path (relative);

  if (!json_parser_load_from_file (parser, path, error))
    return NULL;

  return json_parser_steal_root (parser);
}

static UcwaEventBatch *
parse_event_sample (const char *relative)
{
  g_autoptr (GError)   error = NULL;
  g_autoptr (JsonNode) root = parse_json_sample (relative, &error);
  g_autoptr (GUri)     base = test_parse_uri (EVENTS_BASE);
  UcwaEventBatch      *batch;

  g_assert_no_error (error);
  batch = ucwa_event_batch_parse (root, base, &error);
  g_assert_no_error (error);
  g_assert_nonnull (batch);

  return batch;
}

static UcwaEvent *
event_at (UcwaEventBatch *batch,
          guint           index)
{
  g_assert_cmpuint (index, <, batch->events->len);
  return g_ptr_array_index (batch->events, index);
}

static void
assert_event (UcwaEvent    *event,
              const char   *sender_rel,
              UcwaEventType type,
              const char   *rel,
              const char   *href)
{
  g_assert_cmpstr (event->sender_rel, ==, sender_rel);
  g_assert_cmpstr (ucwa_event_type_to_string (event->type), ==, ucwa_event_type_to_string (type));
  g_assert_cmpstr (event->rel, ==, rel);
  if (href != NULL)
    g_assert_cmpstr (event->href, ==, href);
}

static gboolean
is_absolute (const char *uri)
{
  return g_str_has_prefix (uri, "https://") || g_str_has_prefix (uri, "http://");
}

static gboolean
is_event_response (const char *relative,
                   JsonNode   *root)
{
  JsonObject *object;

  if (strstr (relative, "events-response") != NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  object = json_node_get_object (root);
  return json_object_has_member (object, "sender") ||
         ucwa_resource_get_link_href (object, "next") != NULL ||
         ucwa_resource_get_link_href (object, "resume") != NULL ||
         ucwa_resource_get_link_href (object, "resync") != NULL;
}

/* Counts the events of a (well-formed) response independently of the
 * parser under test. */
static guint
count_events (JsonNode *root)
{
  JsonObject *object = json_node_get_object (root);
  JsonArray  *senders;
  guint       count = 0;

  if (!json_object_has_member (object, "sender"))
    return 0;

  senders = json_object_get_array_member (object, "sender");
  for (guint i = 0; i < json_array_get_length (senders); i++)
    {
      JsonObject *sender = json_array_get_object_element (senders, i);

      count += json_array_get_length (json_object_get_array_member (sender, "events"));
    }

  return count;
}

/* Every link of @resource and of everything embedded in it resolves. */
static guint
check_links (JsonObject *resource,
             GUri       *base)
{
  JsonNode *links = json_object_get_member (resource, "_links");
  JsonNode *embedded = json_object_get_member (resource, "_embedded");
  guint     count = 0;

  if (links != NULL && JSON_NODE_HOLDS_OBJECT (links))
    {
      g_autoptr (GList) rels = json_object_get_members (json_node_get_object (links));

      for (GList *l = rels; l != NULL; l = l->next)
        {
          const char      *href = ucwa_resource_get_link_href (resource, l->data);
          g_autofree char *resolved = ucwa_resource_dup_link (resource, l->data, base);

          if (href == NULL)
            continue;

          test_note ("  %s: %s → %s", (const char *) l->data, href, resolved);
          g_assert_nonnull (resolved);
          if (g_ascii_strncasecmp (href, "data:", 5) == 0)
            g_assert_cmpstr (resolved, ==, href);
          else
            g_assert_true (is_absolute (resolved));
          /* Whatever the server's spelling, nothing raw goes on the wire. */
          g_assert_null (strpbrk (resolved, " \t\r\n"));
          count++;
        }
    }

  if (embedded != NULL && JSON_NODE_HOLDS_OBJECT (embedded))
    {
      g_autoptr (GList) members = json_object_get_values (json_node_get_object (embedded));

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *node = l->data;

          if (JSON_NODE_HOLDS_OBJECT (node))
            count += check_links (json_node_get_object (node), base);
          else if (JSON_NODE_HOLDS_ARRAY (node))
            for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
              {
                JsonNode *element = json_array_get_element (json_node_get_array (node), i);

                if (JSON_NODE_HOLDS_OBJECT (element))
                  count += check_links (json_node_get_object (element), base);
              }
        }
    }

  return count;
}

static void
collect_data_uris (JsonNode   *node,
                   GHashTable *set)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr (GList) values = json_object_get_values (json_node_get_object (node));

      for (GList *l = values; l != NULL; l = l->next)
        collect_data_uris (l->data, set);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_data_uris (json_array_get_element (array, i), set);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
           g_ascii_strncasecmp (json_node_get_string (node), "data:", 5) == 0)
    {
      g_hash_table_add (set, g_strdup (json_node_get_string (node)));
    }
}

/* data: URIs in text (XML attributes, HTTP messages): up to a quote, an
 * angle bracket or a blank. */
static void
scan_data_uris (const char *text,
                GHashTable *set)
{
  for (const char *p = strstr (text, "data:"); p != NULL; p = strstr (p + 1, "data:"))
    {
      gsize len;

      if (p > text && g_ascii_isalnum (p[-1]))
        continue;

      len = strcspn (p, "\"'<> \t\r\n");
      g_hash_table_add (set, g_strndup (p, len));
    }
}

typedef struct
{
  guint      status;
  char      *content_type;
  GPtrArray *www_authenticate;
  char      *body;
} HttpMessage;

static void
http_message_free (HttpMessage *message)
{
  g_free (message->content_type);
  g_ptr_array_unref (message->www_authenticate);
  g_free (message->body);
  g_free (message);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HttpMessage, http_message_free)

/* A message as the docs print it: an optional status line, "Name: value"
 * headers (a line that is not one continues the previous header, as in an
 * obs-fold), a blank line, the body. */
static HttpMessage *
parse_http_message (const char *text)
{
  g_autoptr (GRegex)  header_line = g_regex_new ("^\\s*([A-Za-z][A-Za-z0-9-]*):\\s*(.*)$", 0, 0, NULL);
  g_auto (GStrv)      lines = NULL;
  HttpMessage        *message = g_new0 (HttpMessage, 1);
  g_autoptr (GString) current = NULL;
  g_autofree char    *current_name = NULL;
  const char         *blank;
  g_autofree char    *head = NULL;

  message->www_authenticate = g_ptr_array_new_with_free_func (g_free);

  blank = strstr (text, "\n\n");
  head = blank ? g_strndup (text, blank - text) : g_strdup (text);
  message->body = g_strdup (blank ? blank + 2 : "");

  lines = g_strsplit (head, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (GMatchInfo) match = NULL;
      char                  *line = g_strchomp (lines[i]);
      const char            *first;

      if (g_str_has_prefix (line, "HTTP/1.1 "))
        {
          message->status = (guint) g_ascii_strtoull (line + 9, NULL, 10);
          continue;
        }
      /* "[... truncated …]" notes of the stored copies. */
      for (first = line; g_ascii_isspace (*first); first++)
        ;
      if (*first == '[' || *first == '\0')
        continue;

      if (g_regex_match (header_line, line, 0, &match))
        {
          if (current_name != NULL && g_ascii_strcasecmp (current_name, "WWW-Authenticate") == 0)
            g_ptr_array_add (message->www_authenticate, g_string_free (g_steal_pointer (&current), FALSE));
          g_clear_pointer (&current_name, g_free);
          if (current != NULL)
            g_string_free (g_steal_pointer (&current), TRUE);

          g_autofree char *value = g_match_info_fetch (match, 2);

          current_name = g_match_info_fetch (match, 1);
          current = g_string_new (value);
          if (g_ascii_strcasecmp (current_name, "Content-Type") == 0)
            message->content_type = g_strdup (current->str);
        }
      else if (current != NULL)
        {
          g_string_append_c (current, ' ');
          g_string_append (current, g_strstrip (line));
        }
    }

  if (current_name != NULL && g_ascii_strcasecmp (current_name, "WWW-Authenticate") == 0)
    g_ptr_array_add (message->www_authenticate, g_string_free (g_steal_pointer (&current), FALSE));
  if (current != NULL)
    g_string_free (g_steal_pointer (&current), TRUE);

  return message;
}

/* Every JSON sample */

static void
test_index (void)
{
  g_autoptr (GHashTable) not_strict = load_not_strict ();
  GHashTableIter         iter;
  const char            *relative;

  /* The docs' broken samples, as counted in INDEX.md. */
  g_assert_cmpuint (g_hash_table_size (not_strict), ==, 13);

  g_hash_table_iter_init (&iter, not_strict);
  while (g_hash_table_iter_next (&iter, (gpointer *) &relative, NULL))
    {
      g_autofree char *path = sample_path (relative);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }

  for (guint i = 0; i < G_N_ELEMENTS (tolerated_by_json_glib); i++)
    g_assert_true (g_hash_table_contains (not_strict, tolerated_by_json_glib[i]));
}

static void
test_all_json (void)
{
  g_autoptr (GHashTable) not_strict = load_not_strict ();
  g_autoptr (GPtrArray)  files = list_all_json_samples ();
  g_autoptr (GUri)       events_base = test_parse_uri (EVENTS_BASE);
  g_autoptr (GUri)       resource_base = test_parse_uri ("https://lyncweb.contoso.com/ucwa/oauth/v1/applications");
  guint                  n_events = 0, n_batches = 0, n_failed = 0, n_links = 0, n_tokens = 0;

  g_assert_cmpuint (files->len, >, 140);

  for (guint i = 0; i < files->len; i++)
    {
      const char          *relative = g_ptr_array_index (files, i);
      g_autoptr (GError)   error = NULL;
      g_autoptr (JsonNode) root = parse_json_sample (relative, &error);
      g_autofree char     *contents = NULL;
      g_autoptr (GBytes)   bytes = NULL;
      gsize                length = 0;
      JsonObject          *object;

      test_note ("%s", relative);

      if (g_hash_table_contains (not_strict, relative) && !is_tolerated_by_json_glib (relative))
        {
          /* The docs' typos: a clean GError, nothing else. */
          g_assert_null (root);
          g_assert_nonnull (error);
          g_assert_true (error->domain == JSON_PARSER_ERROR);
          g_assert_cmpstr (error->message, !=, "");
          n_failed++;
          continue;
        }

      g_assert_no_error (error);
      g_assert_nonnull (root);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
      object = json_node_get_object (root);

      if (is_tolerated_by_json_glib (relative))
        {
          g_autoptr (GError) uri_error = NULL;
          g_autoptr (GError) decode_error = NULL;
          const char        *href = ucwa_resource_get_link_href (object, "message");
          g_autofree char   *resolved = ucwa_resource_dup_link (object, "message", resource_base);

          g_assert_nonnull (href);
          g_assert_null (resolved);
          g_assert_false (ucwa_data_uri_decode (href, NULL, NULL, &decode_error));
          g_assert_error (decode_error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE);
          g_assert_null (ucwa_uri_resolve (resource_base, href, &uri_error));
          g_assert_error (uri_error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE);
          n_failed++;
          continue;
        }

      contents = read_sample (relative, &length);
      bytes = g_bytes_new (contents, length);

      if (is_event_response (relative, root))
        {
          g_autoptr (UcwaEventBatch) batch = ucwa_event_batch_parse (root, events_base, &error);

          g_assert_no_error (error);
          g_assert_nonnull (batch);
          g_assert_true (batch->next_href != NULL || batch->resync_href != NULL);
          g_assert_cmpuint (batch->events->len, ==, count_events (root));

          for (guint j = 0; j < batch->events->len; j++)
            {
              UcwaEvent *event = event_at (batch, j);

              g_assert_cmpint (event->type, !=, UCWA_EVENT_UNKNOWN);
              g_assert_true (is_absolute (event->href));
              g_assert_true (is_absolute (event->sender_href));
              g_assert_nonnull (event->sender_rel);
              g_assert_nonnull (event->rel);
              g_assert_true (event->in_href == NULL || is_absolute (event->in_href));
              g_assert_true ((event->in_rel == NULL) == (event->in_href == NULL));
              if (event->embedded != NULL)
                n_links += check_links (event->embedded, events_base);
            }

          /* An event response is no error body. */
          g_assert_false (ucwa_error_parse_body ("application/json", bytes, NULL, NULL, NULL));

          n_events += batch->events->len;
          n_batches++;
          continue;
        }

      /* Everything else is no event response, and says so cleanly. */
      {
        g_autoptr (UcwaEventBatch) batch = ucwa_event_batch_parse (root, events_base, &error);

        g_assert_null (batch);
        g_assert_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE);
      }

      if (ucwa_resource_get_string (object, "code") != NULL ||
          ucwa_resource_get_string (object, "error") != NULL)
        {
          g_autofree char *code = NULL;
          g_autofree char *subcode = NULL;
          const char      *expected_code = ucwa_resource_get_string (object, "code");

          if (expected_code == NULL)
            expected_code = ucwa_resource_get_string (object, "error");

          g_assert_true (ucwa_error_parse_body ("application/json", bytes, &code, &subcode, NULL));
          g_assert_cmpstr (code, ==, expected_code);
          g_assert_cmpstr (subcode, ==, ucwa_resource_get_string (object, "subcode"));
          continue;
        }

      g_assert_false (ucwa_error_parse_body ("application/json", bytes, NULL, NULL, NULL));

      if (ucwa_resource_get_string (object, "access_token") != NULL)
        {
          g_assert_true (g_str_has_prefix (ucwa_resource_get_string (object, "access_token"), "cwt="));
          g_assert_cmpstr (ucwa_resource_get_string (object, "token_type"), ==, "Bearer");
          g_assert_cmpint (ucwa_resource_get_int (object, "expires_in", 0), >, 0);
          n_tokens++;
          continue;
        }

      n_links += check_links (object, resource_base);
    }

  test_note ("%u event responses with %u events, %u links, %u tokens, %u broken samples",
             n_batches, n_events, n_links, n_tokens, n_failed);
  g_assert_cmpuint (n_batches, >=, 50);
  g_assert_cmpuint (n_events, >=, 70);
  g_assert_cmpuint (n_tokens, ==, 3);
  g_assert_cmpuint (n_failed, ==, 13);
  g_assert_cmpuint (n_links, >, 300);
}

/* The ReceiveAnIM walkthrough */

static void
test_receiveim_07 (void)
{
  g_autoptr (UcwaEventBatch) batch = parse_event_sample ("docs/receiveim-07-events-response-ack1-me-communication-updated-body.json");
  g_auto (GStrv)             modalities = NULL;
  const char                *expected_modalities[] = { "Messaging", NULL };
  UcwaEvent                 *event;

  g_assert_cmpstr (batch->self_href, ==, APP "/events?ack=1");
  g_assert_cmpstr (batch->next_href, ==, APP "/events?ack=2");
  g_assert_false (batch->is_resume);
  g_assert_cmpuint (batch->events->len, ==, 5);

  assert_event (event_at (batch, 0), "me", UCWA_EVENT_UPDATED, "me", APP "/me");
  assert_event (event_at (batch, 1), "me", UCWA_EVENT_ADDED, "presence", APP "/me/presence");
  assert_event (event_at (batch, 2), "me", UCWA_EVENT_ADDED, "note", APP "/me/note");
  assert_event (event_at (batch, 3), "me", UCWA_EVENT_ADDED, "location", APP "/me/location");
  for (guint i = 0; i < 4; i++)
    {
      g_assert_null (event_at (batch, i)->embedded);
      g_assert_cmpstr (event_at (batch, i)->sender_href, ==, APP "/me");
    }

  event = event_at (batch, 4);
  assert_event (event, "communication", UCWA_EVENT_UPDATED, "communication", APP "/communication");
  g_assert_nonnull (event->embedded);
  modalities = ucwa_resource_dup_strv (event->embedded, "supportedModalities");
  g_assert_cmpstrv (modalities, expected_modalities);
  g_assert_cmpstr (ucwa_resource_get_string (event->embedded, "etag"), ==, "1925102412");
}

static void
test_receiveim_08 (void)
{
  g_autoptr (UcwaEventBatch) batch =
    parse_event_sample ("repaired/receiveim-08-events-response-ack2-messagingInvitation-started.repaired.json");
  g_autoptr (GUri)   base = test_parse_uri (EVENTS_BASE);
  g_autoptr (GError) error = NULL;
  g_autofree char   *accept = NULL;
  g_autofree char   *decline = NULL;
  g_autofree char   *message = NULL;
  g_autofree char   *text = NULL;
  JsonObject        *from;
  UcwaEvent         *event;
  gboolean           is_html = TRUE;

  g_assert_cmpstr (batch->next_href, ==, APP "/events?ack=3");
  g_assert_cmpuint (batch->events->len, ==, 3);

  /* The incoming invitation, with everything needed to answer it. */
  event = event_at (batch, 0);
  assert_event (event, "communication", UCWA_EVENT_STARTED, "messagingInvitation",
                APP "/communication/messagingInvitations/6408");
  g_assert_cmpstr (event->sender_href, ==, APP "/communication");
  g_assert_nonnull (event->embedded);
  g_assert_cmpstr (ucwa_resource_get_string (event->embedded, "direction"), ==, "Incoming");
  g_assert_cmpstr (ucwa_resource_get_string (event->embedded, "state"), ==, "Connecting");
  g_assert_cmpstr (ucwa_resource_get_string (event->embedded, "threadId"), ==, "Ac7bUftwUcVMzgTzRl+OQchCsUn35Q==");
  g_assert_cmpstr (ucwa_resource_get_string (event->embedded, "rel"), ==, "messagingInvitation");

  accept = ucwa_resource_dup_link (event->embedded, "accept", base);
  decline = ucwa_resource_dup_link (event->embedded, "decline", base);
  g_assert_cmpstr (accept, ==, APP "/communication/messagingInvitations/6408/accept");
  g_assert_cmpstr (decline, ==, APP "/communication/messagingInvitations/6408/decline");

  message = ucwa_resource_dup_link (event->embedded, "message", base);
  g_assert_cmpstr (message, ==, "data:text/plain;charset=utf-8,Hi+Tosh%0d%0a");
  text = ucwa_data_uri_decode_text (message, &is_html, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Hi Tosh");
  g_assert_false (is_html);

  from = ucwa_resource_get_embedded (event->embedded, "from");
  g_assert_nonnull (from);
  g_assert_cmpstr (ucwa_resource_get_string (from, "name"), ==, "Lene Aaling");
  g_assert_cmpstr (ucwa_resource_get_string (from, "uri"), ==, "sip:lenea@contoso.com");
  g_assert_false (ucwa_resource_get_boolean (from, "anonymous", TRUE));

  /* The conversation exists from the start, in state Incoming. */
  event = event_at (batch, 1);
  assert_event (event, "communication", UCWA_EVENT_ADDED, "conversation", APP "/communication/conversations/eee0");
  g_assert_cmpstr (ucwa_resource_get_string (event->embedded, "state"), ==, "Incoming");
  g_assert_false (ucwa_resource_get_boolean (event->embedded, "recording", TRUE));

  /* localParticipant embeds a resource whose own rel is participant. */
  event = event_at (batch, 2);
  assert_event (event, "conversation", UCWA_EVENT_ADDED, "localParticipant",
                APP "/communication/conversations/eee0/participants/toshm@contoso.com");
  g_assert_cmpstr (event->sender_href, ==, APP "/communication/conversations/eee0");
  g_assert_cmpstr (event->title, ==, "Tosh Meston");
  g_assert_nonnull (event->embedded);
  g_assert_cmpstr (ucwa_resource_get_string (event->embedded, "rel"), ==, "participant");
  g_assert_cmpstr (ucwa_resource_get_link_href (event->embedded, "me"), ==, "/ucwa/oauth/v1/applications/104/me");

  /* The docs' own copy has the typo and fails cleanly. */
  {
    g_autoptr (GError)   parse_error = NULL;
    g_autoptr (JsonNode) root =
      parse_json_sample ("docs/receiveim-08-events-response-ack2-messagingInvitation-started-body.json", &parse_error);

    g_assert_null (root);
    g_assert_nonnull (parse_error);
    g_assert_true (parse_error->domain == JSON_PARSER_ERROR);
  }
}

static void
test_receiveim_09_10 (void)
{
  g_autoptr (UcwaEventBatch) added = parse_event_sample ("docs/receiveim-09-events-response-ack3-participant-added-body.json");
  g_autoptr (UcwaEventBatch) updated =
    parse_event_sample ("docs/receiveim-10-events-response-ack4-messagingInvitation-updated-body.json");
  UcwaEvent *event;

  g_assert_cmpstr (added->next_href, ==, APP "/events?ack=4");
  g_assert_cmpuint (added->events->len, ==, 1);
  event = event_at (added, 0);
  assert_event (event, "conversation", UCWA_EVENT_ADDED, "participant",
                APP "/communication/conversations/eee0/participants/lenea@metio.ms");
  g_assert_cmpstr (event->title, ==, "Lene Aaling");
  g_assert_null (event->embedded);
  g_assert_null (event->in_rel);

  /* The updated copy no longer offers accept/decline: cache them from
   * started. */
  g_assert_cmpstr (updated->next_href, ==, APP "/events?ack=5");
  g_assert_cmpuint (updated->events->len, ==, 1);
  event = event_at (updated, 0);
  assert_event (event, "communication", UCWA_EVENT_UPDATED, "messagingInvitation",
                APP "/communication/messagingInvitations/6408");
  g_assert_nonnull (event->embedded);
  g_assert_null (ucwa_resource_get_link_href (event->embedded, "accept"));
  g_assert_null (ucwa_resource_get_link_href (event->embedded, "decline"));
  g_assert_nonnull (ucwa_resource_get_link_href (ucwa_resource_get_embedded (event->embedded, "from"), "contactPhoto"));
}

static void
test_receiveim_15 (void)
{
  g_autoptr (UcwaEventBatch) batch =
    parse_event_sample ("repaired/receiveim-15-events-response-ack5-after-accept.repaired.json");
  g_auto (GStrv) formats = NULL;
  const char    *expected_formats[] = { "Plain", NULL };
  UcwaEvent     *event;

  g_assert_cmpstr (batch->next_href, ==, APP "/events?ack=6");
  g_assert_cmpuint (batch->events->len, ==, 6);

  event = event_at (batch, 0);
  assert_event (event, "conversation", UCWA_EVENT_UPDATED, "messaging",
                APP "/communication/conversations/eee0/messaging");
  g_assert_cmpstr (ucwa_resource_get_string (event->embedded, "state"), ==, "Connected");
  formats = ucwa_resource_dup_strv (event->embedded, "negotiatedMessageFormats");
  g_assert_cmpstrv (formats, expected_formats);
  g_assert_nonnull (ucwa_resource_get_link_href (event->embedded, "sendMessage"));
  g_assert_nonnull (ucwa_resource_get_link_href (event->embedded, "setIsTyping"));
  g_assert_nonnull (ucwa_resource_get_link_href (event->embedded, "stopMessaging"));

  event = event_at (batch, 1);
  assert_event (event, "communication", UCWA_EVENT_UPDATED, "conversation", APP "/communication/conversations/eee0");
  g_assert_cmpstr (ucwa_resource_get_string (event->embedded, "state"), ==, "Connected");
  g_assert_cmpstr (ucwa_resource_get_link_title (event->embedded, "localParticipant"), ==, "Tosh Meston");

  event = event_at (batch, 2);
  assert_event (event, "conversation", UCWA_EVENT_ADDED, "participantMessaging", NULL);
  g_assert_cmpstr (event->in_rel, ==, "localParticipant");
  g_assert_true (is_absolute (event->in_href));
  g_assert_nonnull (event->embedded);

  event = event_at (batch, 3);
  assert_event (event, "conversation", UCWA_EVENT_ADDED, "participantMessaging", NULL);
  g_assert_cmpstr (event->in_rel, ==, "participant");
  g_assert_null (event->embedded);

  event = event_at (batch, 4);
  assert_event (event, "conversation", UCWA_EVENT_UPDATED, "participant", NULL);

  /* Success is the invitation completing, not the 204 of accept. */
  event = event_at (batch, 5);
  assert_event (event, "communication", UCWA_EVENT_COMPLETED, "messagingInvitation",
                APP "/communication/messagingInvitations/6408");
  g_assert_cmpstr (event->status, ==, "Success");
  g_assert_null (event->reason_code);
  g_assert_cmpstr (ucwa_resource_get_string (event->embedded, "state"), ==, "Connected");

  {
    g_autoptr (GError)   parse_error = NULL;
    g_autoptr (JsonNode) root =
      parse_json_sample ("docs/receiveim-15-events-response-ack5-after-accept-body.json", &parse_error);

    g_assert_null (root);
    g_assert_nonnull (parse_error);
  }
}

static void
test_receiveim_16 (void)
{
  g_autoptr (UcwaEventBatch) batch =
    parse_event_sample ("docs/receiveim-16-events-response-ack6-message-completed-body.json");
  g_autoptr (GUri)   base = test_parse_uri (EVENTS_BASE);
  g_autoptr (GError) error = NULL;
  g_autofree char   *plain = NULL;
  g_autofree char   *text = NULL;
  UcwaEvent         *event;

  g_assert_cmpstr (batch->self_href, ==, APP "/events?ack=6");
  g_assert_cmpstr (batch->next_href, ==, APP "/events?ack=7");
  g_assert_cmpuint (batch->events->len, ==, 2);

  event = event_at (batch, 0);
  assert_event (event, "conversation", UCWA_EVENT_COMPLETED, "message",
                APP "/communication/conversations/eee0/messaging/messages/2");
  g_assert_cmpstr (event->status, ==, "Success");
  g_assert_cmpstr (ucwa_resource_get_string (event->embedded, "direction"), ==, "Incoming");
  g_assert_cmpint (ucwa_resource_parse_date (ucwa_resource_get_string (event->embedded, "timeStamp")), ==,
                   G_GINT64_CONSTANT (1383784870271));
  g_assert_cmpstr (ucwa_resource_get_link_title (event->embedded, "participant"), ==, "Lene Aaling");

  plain = ucwa_resource_dup_link (event->embedded, "plainMessage", base);
  text = ucwa_data_uri_decode_text (plain, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Hi Tosh");

  event = event_at (batch, 1);
  assert_event (event, "communication", UCWA_EVENT_UPDATED, "conversation", APP "/communication/conversations/eee0");
  {
    g_autofree char *add = ucwa_resource_dup_link (event->embedded, "addParticipant", base);

    g_assert_cmpstr (add, ==, APP "/communication/participantInvitations?conversation=eee0");
  }
}

static void
test_sendim (void)
{
  g_autoptr (UcwaEventBatch) started =
    parse_event_sample ("repaired/sendim-04-events-response-outgoing-invitation-started.repaired.json");
  g_autoptr (UcwaEventBatch) completed =
    parse_event_sample ("repaired/sendim-06-events-response-outgoing-invitation-completed.repaired.json");
  g_autoptr (UcwaEventBatch) message =
    parse_event_sample ("docs/sendim-12-events-response-outgoing-message-completed-body.json");
  UcwaEvent *event;

  g_assert_cmpuint (started->events->len, ==, 4);
  assert_event (event_at (started, 0), "communication", UCWA_EVENT_STARTED, "messagingInvitation", NULL);
  g_assert_cmpstr (ucwa_resource_get_string (event_at (started, 0)->embedded, "direction"), ==, "Outgoing");
  assert_event (event_at (started, 3), "conversation", UCWA_EVENT_UPDATED, "messaging", NULL);

  g_assert_cmpuint (completed->events->len, ==, 6);
  event = event_at (completed, 5);
  assert_event (event, "communication", UCWA_EVENT_COMPLETED, "messagingInvitation", NULL);
  g_assert_cmpstr (event->status, ==, "Success");
  /* acceptedByParticipant is embedded as an array. */
  g_assert_nonnull (ucwa_resource_get_embedded (event->embedded, "acceptedByParticipant"));

  g_assert_cmpuint (message->events->len, ==, 1);
  event = event_at (message, 0);
  assert_event (event, "conversation", UCWA_EVENT_COMPLETED, "message", NULL);
  g_assert_cmpstr (ucwa_resource_get_string (event->embedded, "direction"), ==, "Outgoing");
  g_assert_cmpint (ucwa_resource_parse_date (ucwa_resource_get_string (event->embedded, "timeStamp")), >, 0);
}

/* The constructed special responses */

static void
test_derived_events (void)
{
  g_autoptr (UcwaEventBatch) resync = parse_event_sample ("derived/events-response-resync.json");
  g_autoptr (UcwaEventBatch) resume = parse_event_sample ("derived/events-response-resume.json");
  g_autoptr (UcwaEventBatch) empty = parse_event_sample ("derived/events-response-timeout-empty.json");

  g_assert_cmpstr (resync->resync_href, ==, APP "/events?ack=7");
  g_assert_null (resync->next_href);
  g_assert_null (resync->self_href);
  g_assert_false (resync->is_resume);
  g_assert_cmpuint (resync->events->len, ==, 0);

  g_assert_cmpstr (resume->self_href, ==, APP "/events?ack=7");
  g_assert_cmpstr (resume->next_href, ==, APP "/events?ack=8");
  g_assert_true (resume->is_resume);
  g_assert_null (resume->resync_href);
  g_assert_cmpuint (resume->events->len, ==, 0);

  g_assert_cmpstr (empty->self_href, ==, APP "/events?ack=7");
  g_assert_cmpstr (empty->next_href, ==, APP "/events?ack=8");
  g_assert_false (empty->is_resume);
  g_assert_null (empty->resync_href);
  g_assert_cmpuint (empty->events->len, ==, 0);
}

/* A field trace quoted with elisions: completed with Failure and a reason. */
static void
test_field_failure_event (void)
{
  g_autofree char *fragment =
    read_sample ("field/event-participantInvitation-completed-failure-declined.kenakamu-UCWA2.0-CS-issue36.txt", NULL);
  /* The quoter cut the embedded resource's links short ("...", then the
   * `},` that closed them): put the opening back. */
  g_autoptr (GRegex)         elision = g_regex_new ("^\\s*\\.\\.\\.\\s*$", G_REGEX_MULTILINE, 0, NULL);
  g_autofree char           *repaired = g_regex_replace_literal (elision, fragment, -1, 0, "\"_links\" : {", 0, NULL);
  g_autofree char           *json = g_strconcat ("{\"_links\":{\"next\":{\"href\":\"?ack=9\"}},\"sender\":[{"
                                                           "\"rel\":\"communication\",\"href\":\"/ucwa/oauth/v1/applications/asdf/communication\",",
                                                 repaired, "}]}", NULL);
  g_autoptr (JsonParser)     parser = json_parser_new ();
  g_autoptr (GUri)           base = test_parse_uri (EVENTS_BASE);
  g_autoptr (GError)         error = NULL;
  g_autoptr (UcwaEventBatch) batch = NULL;
  g_autoptr (GError)         reason = NULL;
  UcwaEvent                 *event;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  batch = ucwa_event_batch_parse (json_parser_get_root (parser), base, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->events->len, ==, 1);

  event = event_at (batch, 0);
  assert_event (event, "communication", UCWA_EVENT_COMPLETED, "participantInvitation", NULL);
  g_assert_cmpstr (event->status, ==, "Failure");
  g_assert_cmpstr (event->reason_code, ==, "RemoteFailure");
  g_assert_cmpstr (event->reason_subcode, ==, "Declined");
  g_assert_cmpstr (event->reason_message, ==, "Your invitation was declined.");
  g_assert_cmpstr (ucwa_resource_get_string (event->embedded, "state"), ==, "Failed");

  reason = ucwa_error_new_from_reason (0, event->reason_code, event->reason_subcode, event->reason_message);
  g_assert_error (reason, UCWA_ERROR, UCWA_ERROR_FAILED);
  g_assert_nonnull (strstr (reason->message, "Your invitation was declined."));
}

/* Error bodies */

static void
test_error_bodies (void)
{
  const struct
  {
    const char *file;
    const char *content_type;
    guint       status;
    const char *code;
    const char *subcode;
    UcwaError   expected;
  } cases[] = {
    { "docs/error-body-409-conflict-alreadyexists.json", "application/json", 409, "Conflict", "AlreadyExists", UCWA_ERROR_ALREADY_EXISTS },
    { "docs/error-body-409-conflict-alreadyexists.xml", "application/xml", 409, "Conflict", "AlreadyExists", UCWA_ERROR_ALREADY_EXISTS },
    { "field/error-500-servicefailure-subcode-none.stackoverflow-42139003.xml", "application/vnd.microsoft.com.ucwa+xml", 500, "ServiceFailure", "None", UCWA_ERROR_SERVICE_FAILURE },
    { "field/error-400-badrequest-parametervalidationfailure.skype-docs-issue255.json", "application/json", 400, "BadRequest", "ParameterValidationFailure", UCWA_ERROR_PARAMETER_VALIDATION_FAILURE },
    { "derived/accept-409-conflict-alreadyexists.json", "application/json", 409, "Conflict", "AlreadyExists", UCWA_ERROR_ALREADY_EXISTS },
    { "derived/accept-409-conflict-none.json", "application/json", 409, "Conflict", "None", UCWA_ERROR_CONFLICT },
    { "derived/accept-409-conflict-toomanygroups.json", "application/json", 409, "Conflict", "TooManyGroups", UCWA_ERROR_TOO_MANY_GROUPS },
    { "derived/accept-410-gone-cannotredirect.json", "application/json", 410, "Gone", "CannotRedirect", UCWA_ERROR_CANNOT_REDIRECT },
    { "derived/accept-500-servicefailure-callbackchannelerror.json", "application/json", 500, "ServiceFailure", "CallbackChannelError", UCWA_ERROR_CALLBACK_CHANNEL_ERROR },
    { "derived/any-400-badrequest-parametervalidationfailure.json", "application/json", 400, "BadRequest", "ParameterValidationFailure", UCWA_ERROR_PARAMETER_VALIDATION_FAILURE },
    { "derived/any-410-gone-inactiveapplicationexpired.json", "application/json", 410, "Gone", "InactiveApplicationExpired", UCWA_ERROR_INACTIVE_APPLICATION_EXPIRED },
    { "derived/any-410-gone-toomanyapplications.json", "application/json", 410, "Gone", "TooManyApplications", UCWA_ERROR_TOO_MANY_APPLICATIONS },
    { "derived/any-410-gone-useragentnotallowed.json", "application/json", 410, "Gone", "UserAgentNotAllowed", UCWA_ERROR_USER_AGENT_NOT_ALLOWED },
    { "derived/decline-500-servicefailure-callbackchannelerror.json", "application/json", 500, "ServiceFailure", "CallbackChannelError", UCWA_ERROR_CALLBACK_CHANNEL_ERROR },
    { "derived/events-404-notfound-applicationnotfound.json", "application/json", 404, "NotFound", "ApplicationNotFound", UCWA_ERROR_APPLICATION_NOT_FOUND },
    { "derived/events-409-conflict-pgetreplaced.json", "application/json", 409, "Conflict", "PGetReplaced", UCWA_ERROR_PGET_REPLACED },
    { "derived/makeMeAvailable-403-forbidden-none.json", "application/json", 403, "Forbidden", NULL, UCWA_ERROR_FORBIDDEN },
    { "derived/makeMeAvailable-409-conflict-alreadyexists.json", "application/json", 409, "Conflict", "AlreadyExists", UCWA_ERROR_ALREADY_EXISTS },
    { "derived/put-428-preconditionrequired.json", "application/json", 428, "PreconditionRequired", NULL, UCWA_ERROR_PRECONDITION_FAILED },
    { "derived/reportMyActivity-409-conflict-makemeavailablerequired.json", "application/json", 409, "Conflict", "MakeMeAvailableRequired", UCWA_ERROR_MAKE_ME_AVAILABLE_REQUIRED },
    { "docs/oauthtoken-400-unsupported-grant-type-response-body.json", "application/json;charset=UTF-8", 400, "unsupported_grant_type", NULL, UCWA_ERROR_AUTHENTICATION_FAILED },
    { "docs/oauthtoken-passive-400-invalid-grant-response-body.json", "application/json", 400, "invalid_grant", NULL, UCWA_ERROR_AUTHENTICATION_FAILED },
  };
  g_autoptr (GPtrArray) derived = list_samples ("derived", ".json");
  guint                 n_derived_errors = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize              length = 0;
      g_autofree char   *contents = read_sample (cases[i].file, &length);
      g_autoptr (GBytes) body = g_bytes_new (contents, length);
      g_autofree char   *code = NULL;
      g_autofree char   *subcode = NULL;
      g_autofree char   *message = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (GError) unlabelled = NULL;
      g_autoptr (GError) mislabelled = NULL;

      test_note ("%s", cases[i].file);
      g_assert_true (ucwa_error_parse_body (cases[i].content_type, body, &code, &subcode, &message));
      g_assert_cmpstr (code, ==, cases[i].code);
      g_assert_cmpstr (subcode, ==, cases[i].subcode);

      error = ucwa_error_new_from_response (cases[i].status, cases[i].content_type, body);
      g_assert_error (error, UCWA_ERROR, (int) cases[i].expected);
      if (message != NULL)
        g_assert_cmpstr (error->message, ==, message);

      /* A missing or wrong Content-Type changes nothing. */
      unlabelled = ucwa_error_new_from_response (cases[i].status, NULL, body);
      mislabelled = ucwa_error_new_from_response (cases[i].status, "text/html", body);
      g_assert_error (unlabelled, UCWA_ERROR, (int) cases[i].expected);
      g_assert_error (mislabelled, UCWA_ERROR, (int) cases[i].expected);

      if (g_str_has_prefix (cases[i].file, "derived/"))
        n_derived_errors++;
    }

  /* Every constructed error body is in the table above. */
  for (guint i = 0; i < derived->len; i++)
    if (strstr (g_ptr_array_index (derived, i), "events-response") == NULL)
      n_derived_errors--;
  g_assert_cmpuint (n_derived_errors, ==, 0);
}

static void
test_xml_samples (void)
{
  guint n_files = 0, n_errors = 0;

  for (guint d = 0; d < G_N_ELEMENTS (json_dirs); d++)
    {
      g_autoptr (GPtrArray) files = list_samples (json_dirs[d], ".xml");

      for (guint i = 0; i < files->len; i++)
        {
          const char        *relative = g_ptr_array_index (files, i);
          gsize              length = 0;
          g_autofree char   *contents = read_sample (relative, &length);
          g_autoptr (GBytes) body = g_bytes_new (contents, length);
          g_autofree char   *code = NULL;
          gboolean           parsed;

          test_note ("%s", relative);
          parsed = ucwa_error_parse_body ("application/xml", body, &code, NULL, NULL);
          /* Only the two <reason> samples are error bodies. */
          g_assert_cmpint (parsed, ==, strstr (relative, "error") != NULL);
          if (parsed)
            {
              g_assert_nonnull (code);
              n_errors++;
            }
          n_files++;
        }
    }

  g_assert_cmpuint (n_files, ==, 60);
  g_assert_cmpuint (n_errors, ==, 2);

  /* Versioning.md's exchange: a bare <code>/<subcode> body. */
  {
    g_autofree char        *exchange = read_sample ("docs/versioning-404-apiversionnotsupported-exchange.txt", NULL);
    const char             *response = strstr (exchange, "404 Not Found\n");
    g_autoptr (HttpMessage) message = NULL;
    g_autoptr (GBytes)      body = NULL;
    g_autoptr (GError)      error = NULL;
    g_autofree char        *code = NULL;
    g_autofree char        *subcode = NULL;
    const char             *body_start;

    g_assert_nonnull (response);
    message = parse_http_message (response);
    g_assert_cmpstr (message->content_type, ==, "application/vnd.microsoft.ucwa+xml");
    /* The docs print it without the blank line. */
    body_start = strstr (response, "<code>");
    g_assert_nonnull (body_start);
    body = g_bytes_new (body_start, strlen (body_start));
    g_assert_true (ucwa_error_parse_body (message->content_type, body, &code, &subcode, NULL));
    g_assert_cmpstr (code, ==, "NotFound");
    g_assert_cmpstr (subcode, ==, "APIVersionNotSupported");
    error = ucwa_error_new_from_response (404, message->content_type, body);
    g_assert_error (error, UCWA_ERROR, UCWA_ERROR_NOT_FOUND);
  }
}

static void
test_http_error_responses (void)
{
  const struct
  {
    const char *file;
    guint       status;
    UcwaError   expected;
  } cases[] = {
    { "docs/createapp-04-user-401-challenge-response.http", 401, UCWA_ERROR_UNAUTHORIZED },
    { "docs/oauthtoken-400-unsupported-grant-type-response.http", 400, UCWA_ERROR_AUTHENTICATION_FAILED },
    { "docs/oauthtoken-passive-400-invalid-grant-response.http", 400, UCWA_ERROR_AUTHENTICATION_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char        *text = read_sample (cases[i].file, NULL);
      g_autoptr (HttpMessage) message = parse_http_message (text);
      g_autoptr (GBytes)      body = g_bytes_new (message->body, strlen (message->body));
      g_autoptr (GError)      error = NULL;

      test_note ("%s", cases[i].file);
      g_assert_cmpuint (message->status, ==, cases[i].status);
      error = ucwa_error_new_from_response (message->status, message->content_type, body);
      g_assert_error (error, UCWA_ERROR, (int) cases[i].expected);
    }
}

/* Challenges */

static void
assert_challenge (const char *const *values,
                  const char        *href,
                  gboolean           password)
{
  g_autoptr (GError)        error = NULL;
  g_autoptr (UcwaChallenge) challenge = ucwa_challenge_parse (values, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (challenge->href, ==, href);
  g_assert_cmpint (ucwa_challenge_supports_grant (challenge, "password"), ==, password);
}

static void
test_challenges (void)
{
  /* CreateAnApplication: two header lines, the href quoted. */
  {
    g_autofree char        *text = read_sample ("docs/createapp-04-user-401-challenge-response.http", NULL);
    g_autoptr (HttpMessage) message = parse_http_message (text);

    g_assert_cmpuint (message->www_authenticate->len, ==, 2);
    g_ptr_array_add (message->www_authenticate, NULL);
    assert_challenge ((const char *const *) message->www_authenticate->pdata,
                      "https://lyncweb.contoso.com/WebTicket/oauthtoken", TRUE);
  }

  /* AuthenticationInUCWA: unquoted. */
  {
    g_autofree char        *text = read_sample ("docs/www-authenticate-msrtcoauth-header.txt", NULL);
    g_autoptr (HttpMessage) message = parse_http_message (text);

    g_assert_cmpuint (message->www_authenticate->len, ==, 1);
    g_ptr_array_add (message->www_authenticate, NULL);
    assert_challenge ((const char *const *) message->www_authenticate->pdata,
                      "https://contoso.com/WebTicket/oauthtoken", TRUE);
  }

  /* lync2013: folded into one value. */
  {
    g_autofree char *text = read_sample ("lync2013/www-authenticate-combined-bearer-msrtcoauth.txt", NULL);
    const char      *values[] = { g_strstrip (text), NULL };

    assert_challenge (values, "https://lyncweb.contoso.com/WebTicket/oauthtoken", TRUE);
  }

  /* SfB Online in the field: folded lines, authorization_uri, and the
   * stored copy cut off inside the grant list. */
  {
    g_autofree char          *text = read_sample ("field/applications-post-403-invalidtoken-headers.skype-docs-issue347.txt", NULL);
    g_autoptr (HttpMessage)   message = parse_http_message (text);
    g_autoptr (GError)        error = NULL;
    g_autoptr (UcwaChallenge) challenge = NULL;

    g_assert_cmpuint (message->www_authenticate->len, ==, 2);
    g_ptr_array_add (message->www_authenticate, NULL);
    challenge = ucwa_challenge_parse ((const char *const *) message->www_authenticate->pdata, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (challenge->href, ==, "https://webdir0b.online.lync.com/WebTicket/oauthtoken");
    g_assert_true (ucwa_challenge_supports_grant (challenge, "urn:microsoft.rtc:passive"));
    g_assert_false (ucwa_challenge_supports_grant (challenge, "password"));
  }
}

/* Data URIs */

static void
test_data_uris (void)
{
  g_autoptr (GHashTable) uris = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray)  files = list_all_json_samples ();
  const char            *text_suffixes[] = { ".xml", ".http", ".txt" };
  GHashTableIter         iter;
  const char            *uri;
  guint                  n_text = 0;

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr (JsonNode) root = parse_json_sample (g_ptr_array_index (files, i), NULL);

      if (root != NULL && !is_tolerated_by_json_glib (g_ptr_array_index (files, i)))
        collect_data_uris (root, uris);
    }

  for (guint d = 0; d < G_N_ELEMENTS (json_dirs); d++)
    for (guint s = 0; s < G_N_ELEMENTS (text_suffixes); s++)
      {
        g_autoptr (GPtrArray) others = list_samples (json_dirs[d], text_suffixes[s]);

        for (guint i = 0; i < others->len; i++)
          {
            g_autofree char *contents = read_sample (g_ptr_array_index (others, i), NULL);

            scan_data_uris (contents, uris);
          }
      }

  g_assert_cmpuint (g_hash_table_size (uris), >=, 7);

  g_hash_table_iter_init (&iter, uris);
  while (g_hash_table_iter_next (&iter, (gpointer *) &uri, NULL))
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) data = NULL;
      g_autofree char   *mime = NULL;

      test_note ("%s", uri);
      g_assert_true (ucwa_data_uri_decode (uri, &mime, &data, &error));
      g_assert_no_error (error);

      if (g_str_has_prefix (mime, "text/"))
        {
          gboolean         is_html = FALSE;
          g_autofree char *text = ucwa_data_uri_decode_text (uri, &is_html, &error);

          g_assert_no_error (error);
          g_assert_true (g_utf8_validate (text, -1, NULL));
          g_assert_cmpint (is_html, ==, g_str_equal (mime, "text/html"));
          n_text++;
        }
    }
  g_assert_cmpuint (n_text, >=, 5);

  /* The ones with real text in them. */
  {
    const struct
    {
      const char *uri;
      const char *text;
      gboolean    html;
    } known[] = {
      { "data:text/plain;charset=utf-8,Hi+Tosh%0d%0a", "Hi Tosh", FALSE },
      { "data:text/plain,Hello+World", "Hello World", FALSE },
      { "data:text/plain;charset=utf8,URLEncodedMessageString", "URLEncodedMessageString", FALSE },
      { "data:text/html;charset=utf-8,%3cspan+style%3d%22margin-bottom%3a0pt%3bfont-size%3a10pt%3bline-height%3anormal%3b%22%3eHello!%3c%2fspan%3e",
        "Hello!", TRUE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (known); i++)
      {
        g_autoptr (GError) error = NULL;
        gboolean           is_html = !known[i].html;
        g_autofree char   *text = ucwa_data_uri_decode_text (known[i].uri, &is_html, &error);
        g_autofree char   *plain = NULL;

        g_assert_true (g_hash_table_contains (uris, known[i].uri));
        g_assert_no_error (error);
        g_assert_cmpint (is_html, ==, known[i].html);
        plain = is_html ? ucwa_html_to_text (text) : g_strdup (text);
        g_assert_cmpstr (plain, ==, known[i].text);
      }
  }
}

/* Corruption */

/* Whatever the input, the event parser answers a batch or a clean error. */
static void
check_batch_or_error (JsonNode *root,
                      GUri     *base)
{
  g_autoptr (GError)         error = NULL;
  g_autoptr (UcwaEventBatch) batch = ucwa_event_batch_parse (root, base, &error);

  g_assert_true ((batch == NULL) != (error == NULL));
  if (batch == NULL)
    {
      g_assert_error (error, UCWA_ERROR, UCWA_ERROR_INVALID_RESPONSE);
      return;
    }

  g_assert_true ((batch->next_href != NULL) != (batch->resync_href != NULL));
  g_assert_true (batch->next_href == NULL || is_absolute (batch->next_href));
  g_assert_true (batch->resync_href == NULL || is_absolute (batch->resync_href));
  g_assert_true (batch->self_href == NULL || is_absolute (batch->self_href));
  g_assert_nonnull (batch->events);
  for (guint i = 0; i < batch->events->len; i++)
    {
      UcwaEvent *event = g_ptr_array_index (batch->events, i);

      g_assert_nonnull (event->rel);
      g_assert_nonnull (event->sender_rel);
      g_assert_true (is_absolute (event->sender_href));
      g_assert_true (is_absolute (event->href));
      g_assert_true (event->in_href == NULL || is_absolute (event->in_href));
      g_assert_true ((event->in_rel == NULL) == (event->in_href == NULL));
    }
}

/* The accessors on a damaged tree: quiet, whatever the types. */
static void
poke_resources (JsonNode *node,
                GUri     *base,
                guint     depth)
{
  static const char *const rels[] = { "self", "next", "message", "accept", "from", "href", "rel" };

  if (depth > 64)
    return;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject       *object = json_node_get_object (node);
      g_autoptr (GList) members = json_object_get_members (object);

      for (guint i = 0; i < G_N_ELEMENTS (rels); i++)
        {
          g_autofree char *link = ucwa_resource_dup_link (object, rels[i], base);
          g_auto (GStrv)   strv = ucwa_resource_dup_strv (object, rels[i]);

          ucwa_resource_get_link_title (object, rels[i]);
          ucwa_resource_get_embedded (object, rels[i]);
        }

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_auto (GStrv) strv = ucwa_resource_dup_strv (object, l->data);
          const char    *string = ucwa_resource_get_string (object, l->data);

          ucwa_resource_get_boolean (object, l->data, FALSE);
          ucwa_resource_get_int (object, l->data, 0);
          ucwa_resource_parse_date (string);
          if (string != NULL && g_ascii_strncasecmp (string, "data:", 5) == 0)
            g_free (ucwa_data_uri_decode_text (string, NULL, NULL));
          poke_resources (json_object_get_member (object, l->data), base, depth + 1);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        poke_resources (json_array_get_element (array, i), base, depth + 1);
    }
}

/* Where a node sits: an object member or an array element.  json-glib 1.6
 * cannot re-initialise a node in place (json_node_init() leaves a stale
 * pointer behind), so nodes are replaced through their parent. */
typedef struct
{
  JsonObject *object;
  const char *member;
  JsonArray  *array;
  guint       index;
} Slot;

static void
collect_slots (JsonNode *node,
               GArray   *slots)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject       *object = json_node_get_object (node);
      g_autoptr (GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          Slot slot = { object, l->data, NULL, 0 };

          g_array_append_val (slots, slot);
          collect_slots (json_object_get_member (object, l->data), slots);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          Slot slot = { NULL, NULL, array, i };

          g_array_append_val (slots, slot);
          collect_slots (json_array_get_element (array, i), slots);
        }
    }
}

static JsonNode *
random_wrong_node (GRand *rand)
{
  JsonNode *node = json_node_alloc ();

  switch (g_rand_int_range (rand, 0, 9))
    {
    case 0:
      return json_node_init_null (node);
    case 1:
      return json_node_init_int (node, g_rand_int (rand));
    case 2:
      return json_node_init_string (node, "javascript:alert(1)");
    case 3:
      return json_node_init_boolean (node, TRUE);
    case 4:
      {
        g_autoptr (JsonArray) array = json_array_new ();

        return json_node_init_array (node, array);
      }
    case 5:
      {
        g_autoptr (JsonObject) object = json_object_new ();

        return json_node_init_object (node, object);
      }
    case 6:
      return json_node_init_double (node, 1e300);
    case 7:
      return json_node_init_string (node, "data:;base64,@@");
    default:
      {
        g_autoptr (JsonArray) array = json_array_new ();

        json_array_add_int_element (array, 1);
        json_array_add_string_element (array, "/x");
        return json_node_init_array (node, array);
      }
    }
}

/* Replaces one random node of the tree (not the root: byte corruption
 * covers that) by a value of some other shape. */
static void
mutate_tree (JsonNode *root,
             GRand    *rand)
{
  g_autoptr (GArray) slots = g_array_new (FALSE, FALSE, sizeof (Slot));
  Slot              *slot;

  collect_slots (root, slots);
  if (slots->len == 0)
    return;
  slot = &g_array_index (slots, Slot, g_rand_int_range (rand, 0, slots->len));

  if (slot->object != NULL)
    {
      json_object_set_member (slot->object, slot->member, random_wrong_node (rand));
    }
  else
    {
      /* No way to replace an element in place: the order of what follows
       * changes, which is one more kind of damage. */
      json_array_remove_element (slot->array, slot->index);
      json_array_add_element (slot->array, random_wrong_node (rand));
    }
}

static char *
mutate_bytes (const char *contents,
              gsize       length,
              GRand      *rand,
              gsize      *new_length)
{
  static const char structural[] = "{}[]\",:\\0 \x80\xff";
  GString          *out = g_string_new_len (contents, length);
  guint             n_mutations = g_rand_int_range (rand, 1, 6);

  for (guint m = 0; m < n_mutations && out->len > 0; m++)
    {
      gsize pos = g_rand_int_range (rand, 0, out->len);

      switch (g_rand_int_range (rand, 0, 5))
        {
        case 0: /* flip */
          out->str[pos] = (char) g_rand_int_range (rand, 0, 256);
          break;
        case 1: /* delete */
          g_string_erase (out, pos, 1);
          break;
        case 2: /* truncate */
          g_string_truncate (out, pos);
          break;
        case 3: /* insert structure */
          g_string_insert_c (out, pos, structural[g_rand_int_range (rand, 0, sizeof structural - 1)]);
          break;
        default: /* duplicate a stretch */
          {
            gsize            len = MIN ((gsize) g_rand_int_range (rand, 1, 64), out->len - pos);
            g_autofree char *chunk = g_strndup (out->str + pos, len);

            g_string_insert_len (out, pos, chunk, len);
          }
          break;
        }
    }

  *new_length = out->len;
  return g_string_free (out, FALSE);
}

static void
test_corruption (void)
{
  g_autoptr (GPtrArray) files = list_all_json_samples ();
  g_autoptr (GUri)      base = test_parse_uri (EVENTS_BASE);
  guint                 n_parsed = 0, n_rejected = 0, n_batches = 0;
  guint                 rounds = g_test_thorough () ? 1000 : 30;

  for (guint i = 0; i < files->len; i++)
    {
      const char       *relative = g_ptr_array_index (files, i);
      /* A fixed seed per file: a failure replays exactly. */
      g_autoptr (GRand) rand = g_rand_new_with_seed (0x0cca1e5u ^ g_str_hash (relative));
      gsize             length = 0;
      g_autofree char  *contents = read_sample (relative, &length);

      for (guint round = 0; round < rounds; round++)
        {
          g_autoptr (JsonParser) parser = json_parser_new ();
          g_autoptr (GBytes)     bytes = NULL;
          gsize                  mutated_length = 0;
          g_autofree char       *mutated = mutate_bytes (contents, length, rand, &mutated_length);
          JsonNode              *root;

          bytes = g_bytes_new (mutated, mutated_length);
          ucwa_error_parse_body ("application/json", bytes, NULL, NULL, NULL);
          ucwa_error_parse_body ("application/xml", bytes, NULL, NULL, NULL);

          if (!json_parser_load_from_data (parser, mutated, mutated_length, NULL))
            {
              n_rejected++;
              continue;
            }

          root = json_parser_get_root (parser);
          check_batch_or_error (root, base);
          if (root != NULL)
            poke_resources (root, base, 0);
          n_parsed++;
        }

      /* Well-formed JSON of the wrong shape, the harder case. */
      for (guint round = 0; round < rounds; round++)
        {
          g_autoptr (JsonParser) parser = json_parser_new ();
          JsonNode              *root;
          guint                  n_mutations = g_rand_int_range (rand, 1, 4);

          if (!json_parser_load_from_data (parser, contents, length, NULL))
            break; /* a NOT strict sample */

          root = json_parser_get_root (parser);
          for (guint m = 0; m < n_mutations; m++)
            mutate_tree (root, rand);

          check_batch_or_error (root, base);
          poke_resources (root, base, 0);
          n_batches++;
        }
    }

  test_note ("%u corrupted samples parsed as JSON, %u rejected, %u damaged trees",
             n_parsed, n_rejected, n_batches);
  g_assert_cmpuint (n_parsed, >, 0);
  g_assert_cmpuint (n_rejected, >, 0);
  g_assert_cmpuint (n_batches, >, 0);
}

static void
test_corruption_xml (void)
{
  guint rounds = g_test_thorough () ? 1000 : 20;

  for (guint d = 0; d < G_N_ELEMENTS (json_dirs); d++)
    {
      g_autoptr (GPtrArray) files = list_samples (json_dirs[d], ".xml");

      for (guint i = 0; i < files->len; i++)
        {
          const char       *relative = g_ptr_array_index (files, i);
          g_autoptr (GRand) rand = g_rand_new_with_seed (0x0cca1e5u ^ g_str_hash (relative));
          gsize             length = 0;
          g_autofree char  *contents = read_sample (relative, &length);

          for (guint round = 0; round < rounds; round++)
            {
              gsize              mutated_length = 0;
              g_autofree char   *mutated = mutate_bytes (contents, length, rand, &mutated_length);
              g_autoptr (GBytes) bytes = g_bytes_new (mutated, mutated_length);
              g_autoptr (GError) error = ucwa_error_new_from_response (500, "application/xml", bytes);
              g_autofree char   *code = NULL;

              if (ucwa_error_parse_body (NULL, bytes, &code, NULL, NULL))
                g_assert_nonnull (code);
              g_assert_true (error->domain == UCWA_ERROR);
              g_assert_true (g_utf8_validate (error->message, -1, NULL));
            }
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/samples/index", test_index);
  g_test_add_func ("/samples/all-json", test_all_json);
  g_test_add_func ("/samples/receiveim/07-me-communication", test_receiveim_07);
  g_test_add_func ("/samples/receiveim/08-invitation-started", test_receiveim_08);
  g_test_add_func ("/samples/receiveim/09-10-participant-invitation-updated", test_receiveim_09_10);
  g_test_add_func ("/samples/receiveim/15-after-accept", test_receiveim_15);
  g_test_add_func ("/samples/receiveim/16-message-completed", test_receiveim_16);
  g_test_add_func ("/samples/sendim", test_sendim);
  g_test_add_func ("/samples/derived-events", test_derived_events);
  g_test_add_func ("/samples/field-failure-event", test_field_failure_event);
  g_test_add_func ("/samples/error-bodies", test_error_bodies);
  g_test_add_func ("/samples/xml", test_xml_samples);
  g_test_add_func ("/samples/http-error-responses", test_http_error_responses);
  g_test_add_func ("/samples/challenges", test_challenges);
  g_test_add_func ("/samples/data-uris", test_data_uris);
  g_test_add_func ("/samples/corruption/json", test_corruption);
  g_test_add_func ("/samples/corruption/xml", test_corruption_xml);

  return g_test_run ();
}

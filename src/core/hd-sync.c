/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hd-duration.h"
#include "hd-json.h"
#include "hd-sync.h"
#include "hd-sync-private.h"

#define REQUEST_TIMEOUT 30

struct _HdSync
{
  GObject   parent_instance;

  HdClient *client;
  HdCache  *cache;
  gboolean  online;
  gboolean  syncing;
  guint     pending;
  gint64    last_sync;
  char     *last_error;
  gint64    retry_after;       /* seconds the server asked us to wait, or -1 */
  gint64    clock_offset;      /* the server's clock less ours, as last measured */
  guint     timeout;           /* seconds a request may take */

  /* hd_sync_start(): one round after another, long polls while all is
   * well, a growing pause after each failure */
  GCancellable *watching;
  guint         failures;
  guint         pause_id;
  guint         pause;         /* seconds of the current pause */
};

typedef struct {
  GPtrArray *outbox;
  guint      next;             /* the outbox item being delivered */
  guint      wait;             /* long-poll seconds for the last page */
  guint      merges;           /* 412s this run: a bound, against a loop */
} Run;

enum {
  PROP_0,
  PROP_ONLINE,
  PROP_SYNCING,
  PROP_PENDING,
  PROP_LAST_SYNC,
  PROP_LAST_ERROR,
  PROP_PAUSE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HdSync, hd_sync, G_TYPE_OBJECT)

static void push_next (GTask *task);
static void pull (GTask *task);

static void
run_free (Run *run)
{
  g_clear_pointer (&run->outbox, g_ptr_array_unref);
  g_free (run);
}

static void
set_boolean (HdSync    *self,
             gboolean  *field,
             gboolean   value,
             guint      prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
update_pending (HdSync *self)
{
  guint pending = hd_cache_count_outbox (self->cache);

  if (pending == self->pending)
    return;
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/* The offset remember_clock() kept in @cache; 0 for none. */
static gint64
kept_clock_offset (HdCache *cache)
{
  g_autofree char *kept = hd_cache_get_meta (cache, "clock-offset");

  return kept != NULL ? g_ascii_strtoll (kept, NULL, 10) : 0;
}

/* Keeps how far off this computer's clock is, as the server's answers
 * tell, for the commands that run without them (hd_sync_server_time()). */
static void
remember_clock (HdSync *self)
{
  g_autofree char *kept = hd_cache_get_meta (self->cache, "clock-offset");
  g_autofree char *text = NULL;
  gint64 offset;

  if (!hd_client_get_clock_offset (self->client, &offset))
    return;
  self->clock_offset = offset;
  text = g_strdup_printf ("%" G_GINT64_FORMAT, offset);
  if (g_strcmp0 (kept, text) != 0 && (kept != NULL || offset != 0))
    hd_cache_set_meta (self->cache, "clock-offset", text, NULL);
}

/* Ends the run: the properties say how it went. */
static void
finish (GTask  *task,
        GError *error)
{
  HdSync *self = g_task_get_source_object (task);

  remember_clock (self);
  update_pending (self);
  set_boolean (self, &self->syncing, FALSE, PROP_SYNCING);
  g_clear_pointer (&self->last_error, g_free);
  if (error == NULL)
    {
      self->last_sync = g_get_real_time () / G_USEC_PER_SEC;
      set_boolean (self, &self->online, TRUE, PROP_ONLINE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
      g_task_return_boolean (task, TRUE);
      return;
    }
  self->last_error = g_strdup (error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
  if (g_error_matches (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_NETWORK) ||
      g_error_matches (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_CERTIFICATE))
    set_boolean (self, &self->online, FALSE, PROP_ONLINE);
  g_task_return_error (task, error);
}

/* Refusals that no retry can change. */
static gboolean
is_refusal (const GError *error)
{
  return g_error_matches (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_REJECTED) ||
         g_error_matches (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_FORBIDDEN) ||
         g_error_matches (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_NOT_FOUND) ||
         g_error_matches (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_CONFLICT);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = text != NULL ? hd_json_parse (text, strlen (text), G_MAXSIZE, NULL) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_object_ref (json_node_get_object (node)) : NULL;
}

static gboolean
same_value (JsonNode *a,
            JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b || (a != NULL ? JSON_NODE_HOLDS_NULL (a) : JSON_NODE_HOLDS_NULL (b));
  return json_node_equal (a, b);
}

static char *
node_text (JsonNode *node)
{
  return node != NULL ? hd_json_to_string (node) : g_strdup ("null");
}

/* 412: someone changed the ticket since. Fields they left alone are sent
 * again on the current version; fields both changed differently become
 * conflicts for the user; nothing is dropped. */
static gboolean
merge (HdSync              *self,
       const HdOutboxItem  *item,
       JsonObject          *answer,
       gboolean            *done,
       GError             **error)
{
  JsonNode *current_node = json_object_get_member (answer, "current");
  g_autoptr(HdTicket) current = current_node != NULL ? hd_ticket_new_from_json (current_node, error) : NULL;
  g_autoptr(JsonObject) mine = parse_object (item->body);
  g_autoptr(JsonObject) base = parse_object (item->base);
  g_autoptr(JsonObject) left = json_object_new ();
  g_autoptr(JsonObject) left_base = json_object_new ();
  g_autoptr(GList) fields = NULL;
  JsonObject *now;

  if (current == NULL || mine == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_BAD_RESPONSE,
                             _("the server refused a change without saying what the ticket is now"));
      return FALSE;
    }
  now = json_node_get_object (current_node);
  fields = json_object_get_members (mine);
  for (GList *l = fields; l != NULL; l = l->next)
    {
      const char *field = l->data;
      JsonNode *theirs = json_object_get_member (now, field);
      JsonNode *wanted = json_object_get_member (mine, field);
      JsonNode *was = base != NULL ? json_object_get_member (base, field) : NULL;

      if (g_str_equal (field, "priority_reason") || same_value (theirs, wanted))
        continue;
      if (same_value (theirs, was))
        {
          json_object_set_member (left, field, json_node_copy (wanted));
          json_object_set_member (left_base, field, theirs != NULL ? json_node_copy (theirs) : json_node_new (JSON_NODE_NULL));
          if (g_str_equal (field, "priority") && json_object_has_member (mine, "priority_reason"))
            json_object_set_member (left, "priority_reason",
                                    json_node_copy (json_object_get_member (mine, "priority_reason")));
          continue;
        }
      {
        g_autofree char *mine_text = node_text (wanted);
        g_autofree char *theirs_text = node_text (theirs);

        if (!hd_cache_add_conflict (self->cache, item->ticket_id, field, mine_text, theirs_text, error))
          return FALSE;
      }
    }

  *done = json_object_get_size (left) == 0;
  if (*done)
    return hd_cache_outbox_delivered (self->cache, item, current, error);
  {
    g_autoptr(JsonNode) left_node = json_node_init_object (json_node_alloc (), left);
    g_autoptr(JsonNode) base_node = json_node_init_object (json_node_alloc (), left_base);
    g_autofree char *body = hd_json_to_string (left_node);
    g_autofree char *base_text = hd_json_to_string (base_node);
    g_autofree char *if_match = g_strdup_printf ("\"%ld\"", (long) current->version);

    return hd_cache_outbox_rewrite (self->cache, item, body, if_match, base_text, error);
  }
}

/* Whether @ticket, as the server has it with its history, shows that it
 * took @item (a follow-up or a survey answer) already. */
static gboolean
already_taken (const HdOutboxItem *item,
               JsonNode           *answer,
               const HdTicket     *ticket)
{
  g_autoptr(JsonObject) sent = parse_object (item->body);
  JsonNode *events = json_object_get_member (json_node_get_object (answer), "events");
  const char *text = NULL;
  gint64 rating = 0;

  if (sent == NULL)
    return FALSE;
  if (item->kind == HD_OUTBOX_SURVEY)
    return hd_json_get_int (sent, "rating", HD_JSON_REQUIRED, 1, 5, &rating, NULL) &&
           hd_json_get_string (sent, "comment", HD_JSON_NULLABLE, 0, &text, NULL) &&
           ticket->survey_rating == rating && g_strcmp0 (ticket->survey_comment, text) == 0;
  if (!hd_json_get_string (sent, "message", HD_JSON_REQUIRED, 0, &text, NULL) ||
      events == NULL || !JSON_NODE_HOLDS_ARRAY (events))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (events)); i++)
    {
      JsonNode *event = json_array_get_element (json_node_get_array (events), i);
      const char *action = NULL, *detail = NULL;

      if (JSON_NODE_HOLDS_OBJECT (event) &&
          hd_json_get_string (json_node_get_object (event), "action", HD_JSON_REQUIRED, 0, &action, NULL) &&
          hd_json_get_string (json_node_get_object (event), "detail", HD_JSON_NULLABLE, 0, &detail, NULL) &&
          g_str_equal (action, "follow-up") && g_strcmp0 (detail, text) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
recheck_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HdSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  HdOutboxItem *item = g_ptr_array_index (run->outbox, run->next);
  const char *refusal = g_object_get_data (G_OBJECT (task), "refusal");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = hd_client_request_finish (self->client, result, NULL, &self->retry_after, &error);
  g_autoptr(HdTicket) ticket = NULL;
  gboolean saved;

  if (error != NULL && !is_refusal (error))
    {
      finish (task, g_steal_pointer (&error));
      return;
    }
  g_clear_error (&error);
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    ticket = hd_ticket_new_from_json (answer, NULL);
  if (ticket != NULL && already_taken (item, answer, ticket))
    saved = hd_cache_outbox_delivered (self->cache, item, ticket, &error);
  else
    saved = hd_cache_outbox_rejected (self->cache, item, refusal, &error);
  if (!saved)
    {
      finish (task, g_steal_pointer (&error));
      return;
    }
  run->next++;
  push_next (g_steal_pointer (&task));
}

/* A follow-up or a survey answer the server refused as out of place
 * (409) may be one it took on an earlier try whose answer was lost: the
 * ticket's history tells, and only a refusal of ours is kept as one. */
static void
recheck (GTask      *task,
         const char *refusal)
{
  HdSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  HdOutboxItem *item = g_ptr_array_index (run->outbox, run->next);
  g_autofree char *path = g_strdup_printf ("/tickets/%s", item->ticket_id);

  g_object_set_data_full (G_OBJECT (task), "refusal", g_strdup (refusal), g_free);
  hd_client_request_async (self->client, "GET", path, NULL, NULL, self->timeout,
                           g_task_get_cancellable (task), recheck_cb, task);
}

static void
delivered_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HdSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  HdOutboxItem *item = g_ptr_array_index (run->outbox, run->next);
  g_autoptr(GError) error = NULL;
  guint status = 0;
  g_autoptr(JsonNode) answer = hd_client_request_finish (self->client, result, &status, &self->retry_after, &error);
  g_autoptr(HdTicket) ticket = NULL;
  gboolean done = TRUE;

  if (error != NULL && !is_refusal (error))
    {
      /* offline or a server in trouble: try again later, in the same order */
      finish (task, g_steal_pointer (&error));
      return;
    }
  if (error != NULL && g_error_matches (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_CONFLICT) &&
      (item->kind == HD_OUTBOX_FOLLOW_UP || item->kind == HD_OUTBOX_SURVEY))
    {
      recheck (g_steal_pointer (&task), error->message);
      return;
    }
  if (error != NULL)
    {
      g_autofree char *message = g_strdup (error->message);

      g_clear_error (&error);
      if (!hd_cache_outbox_rejected (self->cache, item, message, &error))
        {
          finish (task, g_steal_pointer (&error));
          return;
        }
    }
  else if (status == 412)
    {
      if (++run->merges > 10)
        {
          finish (task, g_error_new (HD_CLIENT_ERROR, HD_CLIENT_ERROR_SERVER,
                                     _("the ticket keeps changing on the server; try again later")));
          return;
        }
      if (!merge (self, item, json_node_get_object (answer), &done, &error))
        {
          finish (task, g_steal_pointer (&error));
          return;
        }
      if (!done)
        {
          /* what is left, once more, on the current version */
          g_autoptr(GPtrArray) fresh = hd_cache_list_outbox (self->cache);

          g_ptr_array_unref (run->outbox);
          run->outbox = g_steal_pointer (&fresh);
          push_next (g_steal_pointer (&task));
          return;
        }
    }
  else
    {
      if (item->kind != HD_OUTBOX_ADD_COMMENT)
        {
          ticket = answer != NULL ? hd_ticket_new_from_json (answer, &error) : NULL;
          if (ticket == NULL)
            {
              finish (task, g_error_new (HD_CLIENT_ERROR, HD_CLIENT_ERROR_BAD_RESPONSE,
                                         _("the server’s answer is not a ticket: %s"),
                                         error != NULL ? error->message : _("empty")));
              return;
            }
        }
      if (!hd_cache_outbox_delivered (self->cache, item, ticket, &error))
        {
          finish (task, g_steal_pointer (&error));
          return;
        }
    }
  run->next++;
  push_next (g_steal_pointer (&task));
}

static void
push_next (GTask *task)
{
  HdSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  HdOutboxItem *item;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  update_pending (self);
  if (run->next >= run->outbox->len)
    {
      pull (task);
      return;
    }
  item = g_ptr_array_index (run->outbox, run->next);
  body = hd_json_parse (item->body, strlen (item->body), G_MAXSIZE, NULL);
  switch (item->kind)
    {
    case HD_OUTBOX_CREATE_TICKET:
      hd_client_request_async (self->client, "POST", "/tickets", body, NULL, self->timeout,
                               g_task_get_cancellable (task), delivered_cb, task);
      break;
    case HD_OUTBOX_ADD_COMMENT:
    case HD_OUTBOX_FOLLOW_UP:
    case HD_OUTBOX_SURVEY:
      path = g_strdup_printf ("/tickets/%s/%s", item->ticket_id,
                              item->kind == HD_OUTBOX_ADD_COMMENT ? "comments"
                              : item->kind == HD_OUTBOX_FOLLOW_UP ? "follow-up" : "survey");
      hd_client_request_async (self->client, "POST", path, body, NULL, self->timeout,
                               g_task_get_cancellable (task), delivered_cb, task);
      break;
    case HD_OUTBOX_PATCH_TICKET:
    default:
      path = g_strdup_printf ("/tickets/%s", item->ticket_id);
      hd_client_patch_async (self->client, path, body, item->if_match != NULL ? item->if_match : "*",
                             self->timeout, g_task_get_cancellable (task), delivered_cb, task);
      break;
    }
}

static void
pulled_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HdSync *self = g_task_get_source_object (task);
  GError *error = NULL;

  _hd_sync_pull_finish (result, &self->retry_after, &error);
  finish (task, error);
}

static void
pull (GTask *task)
{
  HdSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  _hd_sync_pull_async (self->client, self->cache, run->wait, self->timeout,
                       g_task_get_cancellable (task), pulled_cb, task);
}

static void
hd_sync_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  HdSync *self = HD_SYNC (object);

  switch (prop_id)
    {
    case PROP_ONLINE: g_value_set_boolean (value, self->online); break;
    case PROP_SYNCING: g_value_set_boolean (value, self->syncing); break;
    case PROP_PENDING: g_value_set_uint (value, self->pending); break;
    case PROP_LAST_SYNC: g_value_set_int64 (value, self->last_sync); break;
    case PROP_LAST_ERROR: g_value_set_string (value, self->last_error); break;
    case PROP_PAUSE: g_value_set_uint (value, self->pause); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_sync_dispose (GObject *object)
{
  hd_sync_stop (HD_SYNC (object));

  G_OBJECT_CLASS (hd_sync_parent_class)->dispose (object);
}

static void
hd_sync_finalize (GObject *object)
{
  HdSync *self = (HdSync *) object;

  g_clear_object (&self->client);
  g_clear_object (&self->cache);
  g_free (self->last_error);

  G_OBJECT_CLASS (hd_sync_parent_class)->finalize (object);
}

static void
hd_sync_class_init (HdSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = hd_sync_get_property;
  object_class->dispose = hd_sync_dispose;
  object_class->finalize = hd_sync_finalize;

  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNC] =
    g_param_spec_int64 ("last-sync", NULL, NULL, -1, G_MAXINT64, -1, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* set, and notified, each time hd_sync_start()'s loop pauses after a failure */
  properties[PROP_PAUSE] =
    g_param_spec_uint ("pause", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hd_sync_init (HdSync *self)
{
  self->last_sync = -1;
  self->retry_after = -1;
  self->timeout = REQUEST_TIMEOUT;
}

HdSync *
hd_sync_new (HdClient *client,
             HdCache  *cache)
{
  HdSync *self;

  g_return_val_if_fail (HD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (HD_IS_CACHE (cache), NULL);

  self = g_object_new (HD_TYPE_SYNC, NULL);
  self->client = g_object_ref (client);
  self->cache = g_object_ref (cache);
  self->pending = hd_cache_count_outbox (cache);
  self->clock_offset = kept_clock_offset (cache);
  return self;
}

/* One round: deliver the outbox, then pull until the feed has no more;
 * with @wait_seconds the last pull waits that long for news. */
void
hd_sync_run_async (HdSync              *self,
                   guint                wait_seconds,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (HD_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_sync_run_async);
  run = g_new0 (Run, 1);
  run->outbox = hd_cache_list_outbox (self->cache);
  run->wait = wait_seconds;
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  self->retry_after = -1;
  set_boolean (self, &self->syncing, TRUE, PROP_SYNCING);
  push_next (g_steal_pointer (&task));
}

gboolean
hd_sync_run_finish (HdSync        *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* For the command line: one round, to its end (see hd_client_request()). */
gboolean
hd_sync_run (HdSync  *self,
             GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hd_sync_run_async (self, 0, NULL, run_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  return hd_sync_run_finish (self, result, error);
}

/* How long one request may take before the server counts as gone. */
void
hd_sync_set_timeout (HdSync *self,
                     guint   seconds)
{
  g_return_if_fail (HD_IS_SYNC (self));
  self->timeout = MAX (seconds, 1);
}

gboolean
hd_sync_get_online (HdSync *self)
{
  g_return_val_if_fail (HD_IS_SYNC (self), FALSE);
  return self->online;
}

gboolean
hd_sync_get_syncing (HdSync *self)
{
  g_return_val_if_fail (HD_IS_SYNC (self), FALSE);
  return self->syncing;
}

guint
hd_sync_get_pending (HdSync *self)
{
  g_return_val_if_fail (HD_IS_SYNC (self), 0);
  return self->pending;
}

gint64
hd_sync_get_last_sync (HdSync *self)
{
  g_return_val_if_fail (HD_IS_SYNC (self), -1);
  return self->last_sync;
}

const char *
hd_sync_get_last_error (HdSync *self)
{
  g_return_val_if_fail (HD_IS_SYNC (self), NULL);
  return self->last_error;
}

/* What the server's Retry-After asked for after the last run, or -1. */
gint64
hd_sync_get_retry_after (HdSync *self)
{
  g_return_val_if_fail (HD_IS_SYNC (self), -1);
  return self->retry_after;
}

/* How far this computer's clock is behind the server's, in seconds
 * (negative: ahead), as the last answers told, in this run or one before
 * (kept in the cache); 0 for less than a minute, or when none came. */
gint64
hd_sync_get_clock_offset (HdSync *self)
{
  g_return_val_if_fail (HD_IS_SYNC (self), 0);
  return self->clock_offset;
}

/* Now, in seconds, by the server's clock as the last sync measured it
 * (or an earlier one, kept in the cache): what deadlines are compared
 * with. */
gint64
hd_sync_now (HdSync *self)
{
  g_return_val_if_fail (HD_IS_SYNC (self), 0);
  return g_get_real_time () / G_USEC_PER_SEC + self->clock_offset;
}

/* What the user is told of a clock @offset seconds off the server's
 * (hd_sync_get_clock_offset()); NULL for none. */
char *
hd_sync_describe_clock_offset (gint64 offset)
{
  g_autofree char *span = hd_duration_format_span (ABS (offset));

  if (offset < 0)
    return g_strdup_printf (_("This computer’s clock is %s ahead of the server’s: set it right. Until then due "
                              "times here go by the server’s clock."), span);
  if (offset > 0)
    return g_strdup_printf (_("This computer’s clock is %s behind the server’s: set it right. Until then due "
                              "times here go by the server’s clock."), span);
  return NULL;
}

/* Now, in seconds, by the server's clock as well as this computer can
 * tell offline: its own clock set right by what the last sync with
 * @cache's server measured. Deadlines are the server's; the queues
 * that compare them with now must use its clock too. */
gint64
hd_sync_server_time (HdCache *cache)
{
  g_return_val_if_fail (HD_IS_CACHE (cache), 0);
  return g_get_real_time () / G_USEC_PER_SEC + kept_clock_offset (cache);
}

/* The pause after @failures failures in a row: doubling from 1 s to
 * 5 min, with up to a quarter of jitter so that a school's laptops do
 * not all come back in the same second; or what Retry-After asked. */
static guint
backoff (guint  failures,
         gint64 retry_after)
{
  guint base = MIN (300u, 1u << MIN (failures, 9u));

  if (retry_after > 0)
    return (guint) MIN (retry_after, 3600);
  return base + g_random_int_range (0, base / 4 + 1);
}

static void watch_round (HdSync *self);

static gboolean
pause_done_cb (gpointer user_data)
{
  HdSync *self = user_data;

  self->pause_id = 0;
  watch_round (self);
  return G_SOURCE_REMOVE;
}

static void
watch_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  HdSync *self = HD_SYNC (source);
  g_autoptr(GError) error = NULL;

  if (hd_sync_run_finish (self, result, &error))
    {
      self->failures = 0;
      watch_round (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->pause = backoff (self->failures++, self->retry_after);
  self->pause_id = g_timeout_add_seconds (self->pause, pause_done_cb, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSE]);
}

static void
watch_round (HdSync *self)
{
  if (self->watching == NULL)
    return;
  /* after a failure, a quick round first, so that news comes at once */
  hd_sync_run_async (self, self->failures > 0 ? 0 : 50, self->watching, watch_done_cb, NULL);
}

/* Keeps syncing on the thread-default main context until
 * hd_sync_stop(): long polls while the server answers, and after each
 * failure a pause (hd_sync_get_pause()) before the next try. */
void
hd_sync_start (HdSync *self)
{
  g_return_if_fail (HD_IS_SYNC (self));

  if (self->watching != NULL)
    return;
  self->watching = g_cancellable_new ();
  self->failures = 0;
  watch_round (self);
}

void
hd_sync_stop (HdSync *self)
{
  g_return_if_fail (HD_IS_SYNC (self));

  g_clear_handle_id (&self->pause_id, g_source_remove);
  if (self->watching != NULL)
    g_cancellable_cancel (self->watching);
  g_clear_object (&self->watching);
}

/* Seconds of the pause after the last failure of hd_sync_start()'s loop. */
guint
hd_sync_get_pause (HdSync *self)
{
  g_return_val_if_fail (HD_IS_SYNC (self), 0);
  return self->pause;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-snapshot"

#include "config.h"

#include "hd-ticket-edit.h"
#include "hd-ticket-snapshot.h"

typedef struct {
  HdCache *cache;
  HdPlan  *plan;
  char    *username;
  HdRole   role;
  char    *ticket_id;
} LoadData;

static void
load_data_free (LoadData *d)
{
  g_clear_object (&d->cache);
  g_clear_object (&d->plan);
  g_free (d->username);
  g_free (d->ticket_id);
  g_free (d);
}

/* A conflict's side: JSON text of a string, or null. */
static char *
json_value (const char *json)
{
  g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

/* Comments are kept with an id made here: the outbox rows carry it. */
static GHashTable *
list_pending_comments (HdCache    *cache,
                       const char *ticket_id)
{
  g_autoptr(GPtrArray) outbox = hd_cache_list_outbox (cache);
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < outbox->len; i++)
    {
      const HdOutboxItem *item = g_ptr_array_index (outbox, i);
      g_autoptr(JsonNode) body = NULL;
      JsonObject *object;
      const char *id;

      if (item->kind != HD_OUTBOX_ADD_COMMENT || g_strcmp0 (item->ticket_id, ticket_id) != 0)
        continue;
      body = json_from_string (item->body, NULL);
      object = body != NULL && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
      id = object != NULL ? json_object_get_string_member_with_default (object, "id", NULL) : NULL;
      if (id != NULL)
        g_hash_table_add (ids, g_strdup (id));
    }
  return ids;
}

static void
find_conflict (HdTicketSnapshot *s,
               HdCache          *cache,
               const char       *ticket_id)
{
  g_autoptr(GPtrArray) conflicts = hd_cache_list_conflicts (cache);

  for (guint i = 0; i < conflicts->len; i++)
    {
      HdConflict *c = g_ptr_array_index (conflicts, i);

      if (g_strcmp0 (c->ticket_id, ticket_id) != 0)
        continue;
      if (s->n_conflicts++ == 0)
        s->conflict = g_ptr_array_steal_index (conflicts, i--);
    }
  if (s->conflict == NULL)
    return;
  s->mine = json_value (s->conflict->mine);
  /* a refused change keeps the server's message as it is */
  s->theirs = g_str_equal (s->conflict->field, "refused") ? g_strdup (s->conflict->theirs)
                                                         : json_value (s->conflict->theirs);
}

static char *
comments_key (HdTicketSnapshot *s)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < s->comments->len; i++)
    {
      const HdComment *c = g_ptr_array_index (s->comments, i);

      g_string_append_printf (key, "%s%c;", c->id, g_hash_table_contains (s->pending_comments, c->id) ? 'p' : 's');
    }
  return g_string_free (key, FALSE);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *d = task_data;
  g_autoptr(HdCachedTicket) cached = hd_cache_find_ticket (d->cache, d->ticket_id);
  g_autoptr(HdTicketSnapshot) s = g_new0 (HdTicketSnapshot, 1);
  HdTicketEditor editor = { d->cache, d->plan, d->username, d->role };
  g_autoptr(JsonNode) node = NULL;

  if (cached != NULL)
    {
      s->ticket = g_steal_pointer (&cached->ticket);
      s->pending = cached->pending;
      node = hd_ticket_to_json (s->ticket);
      s->ticket_json = json_to_string (node, FALSE);
      s->comments = hd_cache_list_comments (d->cache, d->ticket_id);
      s->pending_comments = list_pending_comments (d->cache, d->ticket_id);
      s->comments_key = comments_key (s);
      find_conflict (s, d->cache, d->ticket_id);
      if (d->plan != NULL)
        {
          s->can_follow_up = hd_ticket_edit_can_follow_up (&editor, s->ticket, hd_sync_server_time (d->cache),
                                                           NULL);
          s->can_survey = hd_ticket_edit_can_answer_survey (&editor, s->ticket, NULL);
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&s), (GDestroyNotify) hd_ticket_snapshot_free);
}

void
hd_ticket_snapshot_free (HdTicketSnapshot *s)
{
  if (s == NULL)
    return;
  g_clear_pointer (&s->ticket, hd_ticket_free);
  g_free (s->ticket_json);
  g_clear_pointer (&s->comments, g_ptr_array_unref);
  g_clear_pointer (&s->pending_comments, g_hash_table_unref);
  g_free (s->comments_key);
  g_clear_pointer (&s->conflict, hd_conflict_free);
  g_free (s->mine);
  g_free (s->theirs);
  g_free (s);
}

/* Reads @ticket_id as @account's user sees it, on a worker thread. */
void
hd_ticket_snapshot_load_async (HdAccount           *account,
                               const char          *ticket_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *d;

  g_return_if_fail (HD_IS_ACCOUNT (account));
  g_return_if_fail (ticket_id != NULL);

  d = g_new0 (LoadData, 1);
  d->cache = g_object_ref (hd_account_get_cache (account));
  d->plan = hd_account_get_plan (account) != NULL ? g_object_ref (hd_account_get_plan (account)) : NULL;
  d->username = g_strdup (hd_account_get_username (account));
  d->role = hd_account_get_role (account);
  d->ticket_id = g_strdup (ticket_id);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_ticket_snapshot_load_async);
  g_task_set_task_data (task, d, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

HdTicketSnapshot *
hd_ticket_snapshot_load_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hd_ticket_snapshot_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

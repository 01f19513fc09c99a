/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-json.h"
#include "hd-sync-private.h"

/* The change feed, pulled as a pipeline: while one batch is written in a
 * worker, the pages after it are decoded in other workers and the next
 * one is on its way (asked for as soon as its worker has parsed a page
 * far enough to know the cursor). Pages are written in feed order, each
 * batch with the cursor after its last page, so a failure anywhere keeps
 * exactly what came before it. The main loop only routes pages.
 *
 * Pages are parsed, decoded and freed in one thread of their own, one
 * after another: json-glib allocates from GLib's slices, which slow down
 * by a third when several threads take and give back at once. */

#define PAGE_LIMIT 1000
#define BATCH_ITEMS 10000      /* items written in one transaction */
#define MAX_AHEAD 30           /* pages fetched and not yet written */

typedef struct {
  guint64    seq;
  HdChanges *changes;          /* NULL while it is decoded */
} Slot;

typedef struct {
  HdClient *client;
  HdCache  *cache;
  GMainContext *context;       /* the caller's */
  guint     wait;
  guint     timeout;
  char     *cursor;            /* after the last page fetched */
  gboolean  more;              /* the feed goes on after it */
  gboolean  fetching;
  gboolean  placed;            /* the last page's cursor is known */
  guint     decoding;          /* pages in the decoder */
  gboolean  writing;           /* a cache worker running */
  gboolean  resync;            /* the server lost our place: start over */
  gboolean  resynced;          /* once a round, against a loop */
  GQueue    pages;             /* Slot *, in feed order */
  guint64   next_seq;
  GError   *error;             /* the first failure; nothing after it is written */
  gint64    retry_after;
} Pull;

typedef struct {
  GTask    *pull;
  GBytes   *page;
  guint64   seq;
} Decode;

typedef struct {
  GTask    *pull;
  guint64   seq;
  char     *cursor;
  gboolean  more;
} Place;

static void fetch (GTask *task);
static void advance (GTask *task);

static void
slot_free (Slot *slot)
{
  g_clear_pointer (&slot->changes, hd_changes_free);
  g_free (slot);
}

static void
pull_free (Pull *pull)
{
  g_clear_object (&pull->client);
  g_clear_object (&pull->cache);
  g_clear_pointer (&pull->context, g_main_context_unref);
  g_free (pull->cursor);
  g_queue_clear_full (&pull->pages, (GDestroyNotify) slot_free);
  g_clear_error (&pull->error);
  g_free (pull);
}

static void
decode_free (Decode *decode)
{
  g_object_unref (decode->pull);
  g_bytes_unref (decode->page);
  g_free (decode);
}

static void
place_free (Place *place)
{
  g_object_unref (place->pull);
  g_free (place->cursor);
  g_free (place);
}

/* Keeps the first failure; pages fetched after it are never written. */
static void
fail (Pull   *pull,
      GError *error)
{
  if (pull->error == NULL)
    pull->error = error;
  else
    g_error_free (error);
}

static void
drop_pages_after (Pull    *pull,
                  guint64  seq)
{
  while (!g_queue_is_empty (&pull->pages) && ((Slot *) g_queue_peek_tail (&pull->pages))->seq >= seq)
    slot_free (g_queue_pop_tail (&pull->pages));
}

static gboolean
can_fetch (GTask *task)
{
  Pull *pull = g_task_get_task_data (task);

  return pull->placed && pull->more && pull->error == NULL && !pull->resync &&
         !g_cancellable_is_cancelled (g_task_get_cancellable (task)) &&
         g_queue_get_length (&pull->pages) < MAX_AHEAD;
}

static GError *
bad_page (const GError *cause)
{
  return g_error_new (HD_CLIENT_ERROR, HD_CLIENT_ERROR_BAD_RESPONSE,
                      _("the server sent a change that is not valid (%s); nothing was changed"), cause->message);
}

static gboolean
placed_cb (gpointer user_data)
{
  Place *place = user_data;
  Pull *pull = g_task_get_task_data (place->pull);
  Slot *last = g_queue_peek_tail (&pull->pages);

  if (last != NULL && last->seq == place->seq && !pull->placed)
    {
      g_free (pull->cursor);
      pull->cursor = g_steal_pointer (&place->cursor);
      pull->more = place->more;
      pull->placed = TRUE;
      advance (place->pull);
    }
  return G_SOURCE_REMOVE;
}

static void
decode_in_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Decode *decode = task_data;
  Pull *pull = g_task_get_task_data (decode->pull);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = NULL;
  Place *place;
  HdChanges *changes;
  gsize size;
  const char *data = g_bytes_get_data (decode->page, &size);

  page = hd_json_parse (data, size, HD_CLIENT_MAX_RESPONSE, &error);
  if (page == NULL)
    {
      g_task_return_error (task, bad_page (error));
      return;
    }
  /* the next page can be on its way while this one is decoded */
  place = g_new0 (Place, 1);
  place->pull = g_object_ref (decode->pull);
  place->seq = decode->seq;
  if (hd_changes_read_position (page, &place->cursor, &place->more, NULL))
    g_main_context_invoke_full (pull->context, G_PRIORITY_DEFAULT, placed_cb, place, (GDestroyNotify) place_free);
  else
    place_free (place);
  changes = hd_changes_new_from_page (page, &error);
  if (changes == NULL)
    g_task_return_error (task, bad_page (error));
  else
    g_task_return_pointer (task, changes, (GDestroyNotify) hd_changes_free);
}

static void
decode_in_pool (gpointer data,
                gpointer user_data)
{
  g_autoptr(GTask) task = data;

  decode_in_worker (task, NULL, g_task_get_task_data (task), NULL);
}

static GThreadPool *
decoder (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (decode_in_pool, NULL, 1, TRUE, NULL));
  return pool;
}

static void
decoded_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pull *pull = g_task_get_task_data (task);
  Decode *decode = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  HdChanges *changes = g_task_propagate_pointer (G_TASK (result), &error);

  pull->decoding--;
  for (GList *l = pull->pages.head; l != NULL; l = l->next)
    {
      Slot *slot = l->data;

      if (slot->seq != decode->seq)
        continue;
      if (changes == NULL)
        {
          drop_pages_after (pull, slot->seq);
          fail (pull, g_steal_pointer (&error));
          break;
        }
      if (l->next == NULL && !pull->placed)
        {
          g_free (pull->cursor);
          pull->cursor = g_strdup (changes->cursor);
          pull->more = changes->more;
          pull->placed = TRUE;
        }
      slot->changes = g_steal_pointer (&changes);
      break;
    }
  /* a page dropped meanwhile (a failure before it, a resync) goes */
  g_clear_pointer (&changes, hd_changes_free);
  advance (task);
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pull *pull = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) page = hd_client_fetch_finish (pull->client, result, &pull->retry_after, &error);
  g_autoptr(GTask) worker = NULL;
  Slot *slot;
  Decode *decode;

  pull->fetching = FALSE;
  if (g_error_matches (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_CURSOR_UNKNOWN) && !pull->resynced)
    {
      /* the server lost its database, or ours is from another */
      pull->resync = pull->resynced = TRUE;
      drop_pages_after (pull, 0);
      advance (task);
      return;
    }
  if (error != NULL)
    {
      fail (pull, g_steal_pointer (&error));
      advance (task);
      return;
    }
  slot = g_new0 (Slot, 1);
  slot->seq = pull->next_seq++;
  g_queue_push_tail (&pull->pages, slot);
  pull->placed = FALSE;
  decode = g_new0 (Decode, 1);
  decode->pull = g_object_ref (task);
  decode->page = g_steal_pointer (&page);
  decode->seq = slot->seq;
  worker = g_task_new (NULL, NULL, decoded_cb, g_object_ref (task));
  g_task_set_source_tag (worker, decode_in_worker);
  g_task_set_task_data (worker, decode, (GDestroyNotify) decode_free);
  pull->decoding++;
  g_thread_pool_push (decoder (), g_steal_pointer (&worker), NULL);
  advance (task);
}

static void
fetch (GTask *task)
{
  Pull *pull = g_task_get_task_data (task);
  g_autofree char *escaped = pull->cursor != NULL ? g_uri_escape_string (pull->cursor, NULL, FALSE) : NULL;
  g_autofree char *path = g_strdup_printf ("/changes?limit=%d&wait=%u%s%s", PAGE_LIMIT, pull->wait,
                                           escaped != NULL ? "&after=" : "", escaped != NULL ? escaped : "");

  pull->fetching = TRUE;
  hd_client_fetch_async (pull->client, path, pull->timeout + pull->wait,
                         g_task_get_cancellable (task), fetched_cb, g_object_ref (task));
}

static void
write_in_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  HdCache *cache = source_object;
  HdChanges *changes = task_data;
  GError *error = NULL;
  gboolean ok;

  if (changes != NULL)
    ok = hd_cache_apply_changes (cache, changes, &error);
  else
    ok = hd_cache_forget_synced (cache, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pull *pull = g_task_get_task_data (task);
  GError *error = NULL;

  pull->writing = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      drop_pages_after (pull, 0);
      fail (pull, error);
    }
  advance (task);
}

/* One transaction in a worker: @changes, or with NULL, forgetting
 * everything synced before a full resync. */
static void
write_batch (GTask     *task,
             HdChanges *changes)
{
  Pull *pull = g_task_get_task_data (task);
  g_autoptr(GTask) worker = g_task_new (pull->cache, NULL, written_cb, g_object_ref (task));

  g_task_set_source_tag (worker, write_in_worker);
  g_task_set_task_data (worker, changes, (GDestroyNotify) hd_changes_free);
  pull->writing = TRUE;
  g_task_run_in_thread (worker, write_in_worker);
}

/* The decoded pages at the head, together, once there are enough of them
 * or nothing more is coming. */
static HdChanges *
take_batch (Pull     *pull,
            gboolean  all_in)
{
  HdChanges *batch = NULL;
  guint items = 0, ready = 0;

  for (GList *l = pull->pages.head; l != NULL && ((Slot *) l->data)->changes != NULL; l = l->next)
    {
      items += hd_changes_get_size (((Slot *) l->data)->changes);
      ready++;
    }
  if (ready == 0 ||
      (items < BATCH_ITEMS && g_queue_get_length (&pull->pages) < MAX_AHEAD &&
       !(all_in && ready == g_queue_get_length (&pull->pages))))
    return NULL;
  while (ready-- > 0)
    {
      Slot *slot = g_queue_pop_head (&pull->pages);

      if (batch == NULL)
        batch = g_steal_pointer (&slot->changes);
      else
        hd_changes_append (batch, g_steal_pointer (&slot->changes));
      slot_free (slot);
    }
  return batch;
}

static void
search_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
search_in_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;

  if (hd_cache_refresh_search (source_object, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Called after every event: starts whatever can start, ends the pull when
 * nothing is left running. */
static void
advance (GTask *task)
{
  Pull *pull = g_task_get_task_data (task);
  gboolean all_in;
  HdChanges *batch;

  if (!pull->fetching && can_fetch (task))
    fetch (task);
  if (pull->writing)
    return;
  if (pull->resync)
    {
      pull->resync = FALSE;
      g_clear_pointer (&pull->cursor, g_free);
      pull->more = pull->placed = TRUE;
      write_batch (task, NULL);
      return;
    }
  all_in = !pull->fetching && !can_fetch (task);
  batch = take_batch (pull, all_in);
  if (batch != NULL)
    {
      write_batch (task, batch);
      return;
    }
  if (pull->fetching || pull->decoding > 0 || !g_queue_is_empty (&pull->pages))
    return;
  if (pull->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&pull->error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  {
    g_autoptr(GTask) worker = g_task_new (pull->cache, NULL, search_cb, g_object_ref (task));

    g_task_set_source_tag (worker, search_in_worker);
    g_task_run_in_thread (worker, search_in_worker);
  }
}

void
_hd_sync_pull_async (HdClient            *client,
                     HdCache             *cache,
                     guint                wait_seconds,
                     guint                timeout_seconds,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Pull *pull = g_new0 (Pull, 1);

  g_task_set_source_tag (task, _hd_sync_pull_async);
  pull->client = g_object_ref (client);
  pull->cache = g_object_ref (cache);
  pull->wait = wait_seconds;
  pull->timeout = timeout_seconds;
  pull->cursor = hd_cache_get_meta (cache, "cursor");
  pull->more = pull->placed = TRUE;
  pull->retry_after = -1;
  pull->context = g_main_context_ref_thread_default ();
  g_queue_init (&pull->pages);
  g_task_set_task_data (task, pull, (GDestroyNotify) pull_free);
  advance (task);
}

gboolean
_hd_sync_pull_finish (GAsyncResult  *result,
                      gint64        *retry_after,
                      GError       **error)
{
  Pull *pull = g_task_get_task_data (G_TASK (result));

  *retry_after = pull->retry_after;
  return g_task_propagate_boolean (G_TASK (result), error);
}

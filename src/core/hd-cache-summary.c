/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cache"

#include "config.h"

#include <string.h>

#include "hd-cache-private.h"
#include "hd-cache-query-private.h"
#include "hd-row-map.h"

/* Queues as a list shows them: every row, sorted and searched by SQLite,
 * read from plain columns; and how many tickets each queue holds. */

#define SUMMARY_ROW \
  "t.id, t.number, t.priority, t.subject, t.requester_name, t.location, t.topic, t.assignee, t.status," \
  " t.response_due_at, t.resolution_due_at, t.next_due_at, t.created_at, t.updated_at, t.pending"

/* How often SQLite looks whether the caller gave up, in VM steps: a
 * search typed on makes the one before it moot at once. */
#define CANCEL_CHECK_STEPS 10000

/* Up to this many rows, a queue's are sorted by themselves (see
 * place_rows()). */
#define SORT_ALONE_MAX 20000

typedef struct {
  HdQueue       queue;
  char         *me;
  char         *search;
  HdSortColumn  sort;
  gboolean      descending;
  HdPlan       *plan;
  gint64        now;
  HdKnownSummaries known;      /* with references to its arrays */
  guint         limit;         /* the head of the list only: its first rows; 0: all */
} QueueArgs;

static void
known_copy (HdKnownSummaries       *copy,
            const HdKnownSummaries *known)
{
  if (known == NULL || known->rows == NULL)
    return;
  *copy = *known;
  g_ptr_array_ref (copy->rows);
  if (copy->more != NULL)
    g_ptr_array_ref (copy->more);
  copy->search = g_strdup (known->search);
}

static void
queue_args_free (QueueArgs *args)
{
  g_free (args->me);
  g_free (args->search);
  g_clear_object (&args->plan);
  g_clear_pointer (&args->known.rows, g_ptr_array_unref);
  g_clear_pointer (&args->known.more, g_ptr_array_unref);
  g_free ((char *) args->known.search);
  g_free (args);
}

static int
interrupt_if_cancelled (gpointer user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

/* Steps @stmt to its end, for each row calling @read; the caller holds
 * the lock, so the connection's progress handler is ours meanwhile. */
static gboolean
run_query (HdCache       *self,
           sqlite3_stmt  *stmt,
           GCancellable  *cancellable,
           void         (*read) (sqlite3_stmt *stmt, gpointer user_data),
           gpointer       user_data,
           GError       **error)
{
  sqlite3 *db = hd_database_handle (self->db);
  gboolean ok = TRUE;
  int rc;

  if (cancellable != NULL)
    sqlite3_progress_handler (db, CANCEL_CHECK_STEPS, interrupt_if_cancelled, cancellable);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    read (stmt, user_data);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);
  if (rc != SQLITE_DONE)
    ok = g_cancellable_set_error_if_cancelled (cancellable, error) ? FALSE : hd_database_fail (self->db, error);
  sqlite3_finalize (stmt);
  return ok;
}

/* The summary in the columns of SUMMARY_ROW from @first on, of row
 * @rowid as it is at @generation. */
static HdTicketSummary *
read_summary (sqlite3_stmt *stmt,
              int           first,
              gint64        rowid,
              guint64       generation)
{
  HdTicketSummary *s;
  int priority = sqlite3_column_int (stmt, first + 2);

  s = hd_ticket_summary_new ((const char *) sqlite3_column_text (stmt, first),
                             (const char *) sqlite3_column_text (stmt, first + 3),
                             (const char *) sqlite3_column_text (stmt, first + 4),
                             (const char *) sqlite3_column_text (stmt, first + 5),
                             (const char *) sqlite3_column_text (stmt, first + 6),
                             (const char *) sqlite3_column_text (stmt, first + 7));
  s->number = sqlite3_column_int64 (stmt, first + 1);
  if (priority >= 0 && priority < HD_N_PRIORITIES)
    s->priority = priority;
  hd_status_from_string ((const char *) sqlite3_column_text (stmt, first + 8), &s->status);
  s->response_due_at = hd_column_instant (stmt, first + 9);
  s->resolution_due_at = hd_column_instant (stmt, first + 10);
  s->next_due_at = hd_column_instant (stmt, first + 11);
  s->created_at = hd_column_instant (stmt, first + 12);
  s->updated_at = hd_column_instant (stmt, first + 13);
  s->pending = sqlite3_column_int (stmt, first + 14) != 0;
  s->row = rowid;
  s->generation = generation;
  return s;
}

/* A queue's rows come in two passes: its tickets, in whatever order an
 * index gives them, then every ticket's row id in the order asked for,
 * walked on that order's index, which places them. One statement with
 * ORDER BY sorts whole rows: 350 ms for 100,000 tickets where these take
 * 90 ms together. With the summaries of an earlier list still current
 * (nothing written since), the first pass reads row ids alone and takes
 * those summaries: sorting a queue of 100,000 again reads none. */
typedef struct {
  gint64           rowid;
  HdTicketSummary *summary;    /* NULL once placed, or until read */
} Row;

typedef struct {
  GArray     *rows;
  HdRowMap   *known;           /* HdTicketSummary by row id, current; or NULL */
  guint64     generation;
  guint       missing;         /* rows whose summary is still to read */
  HdRowMap   *matches;         /* the row ids matching, or NULL: every row */
  gint64      max_rowid;       /* of the tickets, as this list sees them */
} Reading;

static void
add_match (sqlite3_stmt *stmt,
           gpointer      user_data)
{
  hd_row_map_insert (user_data, sqlite3_column_int64 (stmt, 0), GINT_TO_POINTER (TRUE));
}

/* The row ids of the tickets that match @match: when only row ids are
 * read, a queue's rows are looked up there, where SQLite builds an index
 * of the matches to look them up in (over 100,000 tickets, "p" matching
 * 89,000 in the closed queue: 51 ms, against 16 ms this way). */
static HdRowMap *
read_matches (HdCache       *self,
              const char    *match,
              gint64         max_rowid,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(HdRowMap) matches = hd_row_map_new (max_rowid);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (hd_database_handle (self->db), "SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      hd_database_fail (self->db, error);
      return NULL;
    }
  hd_bind_text (stmt, 1, match);
  if (!run_query (self, stmt, cancellable, add_match, matches, error))
    return NULL;
  return g_steal_pointer (&matches);
}

typedef struct {
  HdRowMap   *rows;            /* Row by row id */
  guint64     generation;
} Filling;

typedef struct {
  HdRowMap   *rows;            /* Row by row id */
  GPtrArray  *placed;
} Placing;

/* @rows (those without a summary only, with @unread_only) by row id in
 * @by_rowid; with @listed, their row ids as a JSON array for json_each(),
 * else NULL. */
static GString *
index_rows (GArray     *rows,
            gboolean    unread_only,
            HdRowMap   *by_rowid,
            gboolean    listed)
{
  GString *ids = listed ? g_string_sized_new (rows->len * 8 + 2) : NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);

      if (unread_only && row->summary != NULL)
        continue;
      hd_row_map_insert (by_rowid, row->rowid, row);
      if (ids != NULL)
        g_string_append_printf (ids, "%c%" G_GINT64_FORMAT, ids->len > 0 ? ',' : '[', row->rowid);
    }
  if (ids != NULL)
    g_string_append (ids, ids->len > 0 ? "]" : "[]");
  return ids;
}

static void
clear_row (gpointer data)
{
  g_clear_pointer (&((Row *) data)->summary, hd_ticket_summary_unref);
}

static void
read_row (sqlite3_stmt *stmt,
          gpointer      user_data)
{
  Reading *reading = user_data;
  gint64 rowid = sqlite3_column_int64 (stmt, 0);
  Row row = { rowid, NULL };

  if (reading->matches != NULL && hd_row_map_lookup (reading->matches, rowid) == NULL)
    return;
  if (reading->known != NULL)
    {
      HdTicketSummary *known = hd_row_map_lookup (reading->known, rowid);

      if (known != NULL)
        row.summary = hd_ticket_summary_ref (known);
      else
        reading->missing++;
    }
  else
    row.summary = read_summary (stmt, 1, rowid, reading->generation);
  g_array_append_val (reading->rows, row);
}

static void
fill_row (sqlite3_stmt *stmt,
          gpointer      user_data)
{
  Filling *filling = user_data;
  gint64 rowid = sqlite3_column_int64 (stmt, 0);
  Row *row = hd_row_map_lookup (filling->rows, rowid);

  if (row != NULL && row->summary == NULL)
    row->summary = read_summary (stmt, 1, rowid, filling->generation);
}

/* The generation of what the cache holds: a new one at each change made
 * here (_hd_cache_changed()) and at each commit of another process on
 * the same file (helpdesk-cli beside the app), which SQLite's
 * data_version tells. */
static guint64
current_generation (HdCache *self)
{
  gint64 version = hd_database_query_int (self->db, "PRAGMA data_version");

  if (version != self->data_version)
    {
      self->data_version = version;
      self->generation = _hd_cache_new_generation ();
    }
  return self->generation;
}

static void
add_current (HdRowMap  **current,
             GPtrArray  *summaries,
             guint64     generation,
             gint64      max_rowid)
{
  for (guint i = 0; summaries != NULL && i < summaries->len; i++)
    {
      HdTicketSummary *s = g_ptr_array_index (summaries, i);

      if (s->generation != generation || s->row <= 0)
        continue;
      if (*current == NULL)
        *current = hd_row_map_new (max_rowid);
      hd_row_map_insert (*current, s->row, s);
    }
}

/* @known's summaries read at this generation, by row id; NULL if none. */
static HdRowMap *
current_summaries (HdCache                *self,
                   const HdKnownSummaries *known,
                   gint64                  max_rowid)
{
  HdRowMap *current = NULL;

  add_current (&current, known->more, self->generation, max_rowid);
  add_current (&current, known->rows, self->generation, max_rowid);
  return current;
}

/* The rows found, in the order asked, when they are all among @known's
 * rows and those are in that order, current: a search narrowing the
 * list shown, as one typed letter by letter does. @known's order came
 * from SQLite, and taking some of its rows keeps it; NULL otherwise. */
static GPtrArray *
narrow_known (const HdKnownSummaries *known,
              GArray                 *rows,
              HdSortColumn            sort,
              gboolean                descending,
              guint64                 generation,
              gint64                  max_rowid)
{
  g_autoptr(HdRowMap) found = NULL;
  g_autoptr(GPtrArray) placed = NULL;

  if (known->rows == NULL || known->sort != sort || known->descending != descending || rows->len > known->rows->len)
    return NULL;
  found = hd_row_map_new (max_rowid);
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);

      hd_row_map_insert (found, row->rowid, row);
    }
  placed = g_ptr_array_new_full (rows->len, (GDestroyNotify) hd_ticket_summary_unref);
  for (guint i = 0; i < known->rows->len; i++)
    {
      HdTicketSummary *s = g_ptr_array_index (known->rows, i);
      Row *row;

      if (s->generation != generation)
        return NULL;
      row = hd_row_map_lookup (found, s->row);
      if (row != NULL && row->summary == s)
        g_ptr_array_add (placed, hd_ticket_summary_ref (s));
    }
  return placed->len == rows->len ? g_steal_pointer (&placed) : NULL;
}

/* The summaries of the rows the first pass found no current one for,
 * looked up by their row ids; when most are missing (the head of a
 * queue shown, the whole asked for), in a walk over the queue's tickets
 * again, which costs about what reading them in the first pass would
 * have: the closed queue of 100,000 after its head of 100 rows, 108 ms
 * by row id, 77 ms this way, 55 ms read alone (tests/bench-queue.c). */
static gboolean
read_missing (HdCache          *self,
              Reading          *reading,
              const QueueArgs  *args,
              GCancellable     *cancellable,
              GError          **error)
{
  g_autoptr(HdRowMap) by_rowid = hd_row_map_new (reading->max_rowid);
  gboolean walk = reading->missing > reading->rows->len / 2;
  g_autoptr(GString) ids = index_rows (reading->rows, TRUE, by_rowid, !walk);
  Filling filling = { by_rowid, reading->generation };
  sqlite3_stmt *stmt = NULL;

  if (walk)
    {
      stmt = _hd_cache_prepare_queue (self, "t.rowid, " SUMMARY_ROW, args->queue, NULL, NULL, 0, args->me,
                                      args->plan, args->now, error);
      if (stmt == NULL)
        return FALSE;
    }
  else if (sqlite3_prepare_v2 (hd_database_handle (self->db),
                               "SELECT t.rowid, " SUMMARY_ROW " FROM tickets t"
                               " WHERE t.rowid IN (SELECT value FROM json_each (?1))",
                               -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return hd_database_fail (self->db, error);
    }
  else
    sqlite3_bind_text (stmt, 1, ids->str, ids->len, SQLITE_STATIC);
  return run_query (self, stmt, cancellable, fill_row, &filling, error);
}

static void
place_row (sqlite3_stmt *stmt,
           gpointer      user_data)
{
  Placing *placing = user_data;
  gint64 rowid = sqlite3_column_int64 (stmt, 0);
  Row *row = hd_row_map_lookup (placing->rows, rowid);

  if (row != NULL)
    g_ptr_array_add (placing->placed, g_steal_pointer (&row->summary));
}

static GPtrArray *
place_rows (HdCache       *self,
            GArray        *rows,
            gint64         max_rowid,
            const char    *order,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(HdRowMap) by_rowid = hd_row_map_new (max_rowid);
  g_autoptr(GString) ids = NULL;
  g_autoptr(GPtrArray) placed = g_ptr_array_new_full (rows->len, (GDestroyNotify) hd_ticket_summary_unref);
  Placing placing = { by_rowid, placed };
  sqlite3_stmt *stmt = NULL;

  if (rows->len == 0)
    return g_steal_pointer (&placed);
  ids = index_rows (rows, FALSE, by_rowid, rows->len <= SORT_ALONE_MAX);
  /* A few rows are sorted by themselves; many, by walking the order's
   * index over every ticket, which costs the same however many. */
  if (rows->len <= SORT_ALONE_MAX)
    {
      sql = g_strdup_printf ("SELECT t.rowid FROM tickets t WHERE t.rowid IN (SELECT value FROM json_each (?1))"
                             " ORDER BY %s", order);
    }
  else
    sql = g_strdup_printf ("SELECT t.rowid FROM tickets t ORDER BY %s", order);
  if (sqlite3_prepare_v2 (hd_database_handle (self->db), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      hd_database_fail (self->db, error);
      return NULL;
    }
  if (ids != NULL)
    sqlite3_bind_text (stmt, 1, ids->str, ids->len, SQLITE_STATIC);
  if (!run_query (self, stmt, cancellable, place_row, &placing, error))
    return NULL;
  g_assert (placed->len == rows->len);
  return g_steal_pointer (&placed);
}

/* The rows of @known that @matches has, in their order, when @known's
 * rows are the whole list of the same queue for a search the one asked
 * for narrows (letters typed on) and nothing changed since they were
 * read: SQLite need not walk the queue again. NULL otherwise. */
static GPtrArray *
filter_known (const HdKnownSummaries *known,
              const QueueArgs        *args,
              HdRowMap               *matches,
              guint64                 generation)
{
  g_autoptr(GPtrArray) found = NULL;

  if (!known->whole || known->rows == NULL || known->queue != args->queue || _hd_cache_queue_timed (args->queue) ||
      known->sort != args->sort || known->descending != args->descending ||
      !_hd_cache_search_narrows (known->search, args->search))
    return NULL;
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_ticket_summary_unref);
  for (guint i = 0; i < known->rows->len; i++)
    {
      HdTicketSummary *s = g_ptr_array_index (known->rows, i);

      if (s->generation != generation || s->row <= 0)
        return NULL;
      if (hd_row_map_lookup (matches, s->row) != NULL)
        g_ptr_array_add (found, hd_ticket_summary_ref (s));
    }
  return g_steal_pointer (&found);
}

typedef struct {
  GPtrArray  *rows;
  guint64     generation;
} Heading;

static void
read_head_row (sqlite3_stmt *stmt,
               gpointer      user_data)
{
  Heading *heading = user_data;

  g_ptr_array_add (heading->rows, read_summary (stmt, 1, sqlite3_column_int64 (stmt, 0), heading->generation));
}

/* The first @args->limit rows of the list, in one statement: SQLite
 * walks the order's index, or keeps the first rows of a sort, and stops
 * there. The head of the closed queue of 100,000 tickets, 100 rows:
 * 0.2 ms most urgent first, 14 ms by subject, where the whole takes
 * 55 ms (tests/bench-queue.c) and in the app, at its start, 400 ms. */
static GPtrArray *
list_head (HdCache          *self,
           const QueueArgs  *args,
           GCancellable     *cancellable,
           GError          **error)
{
  g_autofree char *match = _hd_cache_fts_query (args->search);
  g_autofree char *order = _hd_cache_order_by (args->sort, args->descending);
  g_autoptr(GPtrArray) head = g_ptr_array_new_full (args->limit, (GDestroyNotify) hd_ticket_summary_unref);
  Heading heading = { head };
  sqlite3_stmt *stmt;
  HD_CACHE_LOCKED (self);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (match != NULL && !hd_cache_refresh_search (self, error))
    return NULL;
  /* One statement reads one state of the file. Another process's
   * commit just before it leaves these rows marked with the generation
   * before, which the next list finds out of date: read again. */
  heading.generation = current_generation (self);
  stmt = _hd_cache_prepare_queue (self, "t.rowid, " SUMMARY_ROW, args->queue, match, order, args->limit, args->me,
                                  args->plan, args->now, error);
  if (stmt == NULL || !run_query (self, stmt, cancellable, read_head_row, &heading, error))
    return NULL;
  return g_steal_pointer (&head);
}

static GPtrArray *
list_summaries (HdCache          *self,
                const QueueArgs  *args,
                GCancellable     *cancellable,
                GError          **error)
{
  g_autofree char *match = _hd_cache_fts_query (args->search);
  g_autofree char *order = _hd_cache_order_by (args->sort, args->descending);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr(HdRowMap) known = NULL;
  g_autoptr(HdRowMap) matches = NULL;
  GPtrArray *placed = NULL;
  Reading reading = { rows };
  sqlite3_stmt *stmt;
  HD_CACHE_LOCKED (self);

  g_array_set_clear_func (rows, clear_row);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (match != NULL && !hd_cache_refresh_search (self, error))
    return NULL;
  /* both passes see the same tickets, whoever else writes the file */
  if (!hd_database_exec (self->db, "SAVEPOINT summaries", error))
    return NULL;
  /* after the search's index is up to date: a rebuild counts as a change */
  reading.generation = current_generation (self);
  reading.max_rowid = hd_database_query_int (self->db, "SELECT coalesce (max (rowid), 0) FROM tickets");
  if (args->known.rows != NULL && match != NULL)
    {
      GError *failure = NULL;

      matches = read_matches (self, match, reading.max_rowid, cancellable, &failure);
      if (failure != NULL)
        {
          g_propagate_error (error, failure);
          hd_database_exec (self->db, "RELEASE summaries", NULL);
          return NULL;
        }
      placed = filter_known (&args->known, args, matches, reading.generation);
      if (placed != NULL)
        {
          hd_database_exec (self->db, "RELEASE summaries", NULL);
          return placed;
        }
    }
  known = current_summaries (self, &args->known, reading.max_rowid);
  reading.known = known;
  reading.matches = matches;
  stmt = _hd_cache_prepare_queue (self, known != NULL ? "t.rowid" : "t.rowid, " SUMMARY_ROW, args->queue,
                                  matches != NULL ? NULL : match, NULL, 0, args->me, args->plan, args->now, error);
  if (stmt != NULL && run_query (self, stmt, cancellable, read_row, &reading, error) &&
      (reading.missing == 0 || read_missing (self, &reading, args, cancellable, error)))
    {
      if (known != NULL && reading.missing == 0)
        placed = narrow_known (&args->known, rows, args->sort, args->descending, reading.generation,
                               reading.max_rowid);
      if (placed == NULL)
        placed = place_rows (self, rows, reading.max_rowid, order, cancellable, error);
    }
  hd_database_exec (self->db, "RELEASE summaries", NULL);
  return placed;
}

static void
read_counts (sqlite3_stmt *stmt,
             gpointer      user_data)
{
  guint *counts = user_data;

  for (HdQueue q = 0; q <= HD_QUEUE_ALL; q++)
    counts[q] = sqlite3_column_int64 (stmt, q);
}

/* One statement, a count per queue, each on the index that suits it:
 * 6 ms over 100,000 tickets, where one pass testing every condition on
 * every ticket took 19 ms. */
static gboolean
count_queues (HdCache       *self,
              const char    *me,
              HdPlan        *plan,
              gint64         now,
              guint          counts[HD_QUEUE_ALL + 1],
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  sqlite3_stmt *stmt = NULL;
  HD_CACHE_LOCKED (self);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  for (HdQueue q = 0; q <= HD_QUEUE_ALL; q++)
    g_string_append_printf (sql, "%s(SELECT count(*) FROM tickets t WHERE %s)", q > 0 ? ", " : "",
                            _hd_cache_queue_where (q));
  if (sqlite3_prepare_v2 (hd_database_handle (self->db), sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return hd_database_fail (self->db, error);
    }
  _hd_cache_bind_queue (stmt, me, plan, now);
  memset (counts, 0, sizeof (guint) * (HD_QUEUE_ALL + 1));
  return run_query (self, stmt, cancellable, read_counts, counts, error);
}

static void
list_summaries_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  const QueueArgs *args = task_data;
  GError *error = NULL;
  GPtrArray *rows = args->limit > 0 ? list_head (source_object, args, cancellable, &error)
                                    : list_summaries (source_object, args, cancellable, &error);

  if (rows != NULL)
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
count_queues_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const QueueArgs *args = task_data;
  g_autofree guint *counts = g_new0 (guint, HD_QUEUE_ALL + 1);
  GError *error = NULL;

  if (count_queues (source_object, args->me, args->plan, args->now, counts, cancellable, &error))
    g_task_return_pointer (task, g_steal_pointer (&counts), g_free);
  else
    g_task_return_error (task, error);
}

/* What every listing asks of its arguments. */
static gboolean
list_args_valid (HdCache      *self,
                 HdQueue       queue,
                 HdSortColumn  sort,
                 HdPlan       *plan)
{
  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  g_return_val_if_fail (queue <= HD_QUEUE_ALL, FALSE);
  g_return_val_if_fail (sort < HD_N_SORT_COLUMNS, FALSE);
  g_return_val_if_fail (plan == NULL || HD_IS_PLAN (plan), FALSE);
  g_return_val_if_fail (queue != HD_QUEUE_DUE_SOON || plan != NULL, FALSE);
  return TRUE;
}

/* Every ticket of @queue that has each word of @search (as a prefix;
 * NULL or no words: every ticket), in the order of @sort. @me is who
 * "mine" and "submitted" are for; @plan tells "due soon", and may be
 * NULL for the other queues. @known (may be NULL) are summaries the
 * caller has from earlier lists: those still current are taken rather
 * than read again, and a list that only narrows @known's rows in their
 * order keeps that order. Returns a GPtrArray of HdTicketSummary,
 * holding a reference to each, or NULL with @error set. */
GPtrArray *
hd_cache_list_summaries (HdCache       *self,
                         HdQueue        queue,
                         const char    *me,
                         const char    *search,
                         HdSortColumn   sort,
                         gboolean       descending,
                         HdPlan        *plan,
                         gint64         now,
                         const HdKnownSummaries *known,
                         GError       **error)
{
  QueueArgs args = { queue, (char *) me, (char *) search, sort, descending, plan, now };

  if (!list_args_valid (self, queue, sort, plan))
    return NULL;
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (known != NULL)
    args.known = *known;
  return list_summaries (self, &args, NULL, error);
}

/* Runs @args (taken) in a worker thread. */
static void
list_in_thread (HdCache             *self,
                QueueArgs           *args,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, hd_cache_list_summaries_async);
  g_task_set_task_data (task, args, (GDestroyNotify) queue_args_free);
  g_task_run_in_thread (task, list_summaries_thread);
}

static QueueArgs *
queue_args_new (HdQueue       queue,
                const char   *me,
                const char   *search,
                HdSortColumn  sort,
                gboolean      descending,
                HdPlan       *plan,
                gint64        now)
{
  QueueArgs *args = g_new0 (QueueArgs, 1);

  args->queue = queue;
  args->me = g_strdup (me);
  args->search = g_strdup (search);
  args->sort = sort;
  args->descending = descending;
  args->plan = plan != NULL ? g_object_ref (plan) : NULL;
  args->now = now;
  return args;
}

/* The same in a worker thread: the window's thread never waits on SQLite.
 * Cancelling stops the query where it is. */
void
hd_cache_list_summaries_async (HdCache             *self,
                               HdQueue              queue,
                               const char          *me,
                               const char          *search,
                               HdSortColumn         sort,
                               gboolean             descending,
                               HdPlan              *plan,
                               gint64               now,
                               const HdKnownSummaries *known,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  QueueArgs *args;

  if (!list_args_valid (self, queue, sort, plan))
    return;
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  args = queue_args_new (queue, me, search, sort, descending, plan, now);
  known_copy (&args->known, known);
  list_in_thread (self, args, cancellable, callback, user_data);
}

/* The first @limit rows (more than 0) of the list hd_cache_list_summaries()
 * gives, read on their own: the head of a long queue, to show while the
 * whole is read. Fewer than @limit rows are the whole list. */
GPtrArray *
hd_cache_list_summaries_head (HdCache       *self,
                              HdQueue        queue,
                              const char    *me,
                              const char    *search,
                              HdSortColumn   sort,
                              gboolean       descending,
                              HdPlan        *plan,
                              gint64         now,
                              guint          limit,
                              GError       **error)
{
  QueueArgs args = { queue, (char *) me, (char *) search, sort, descending, plan, now, .limit = limit };

  if (!list_args_valid (self, queue, sort, plan))
    return NULL;
  g_return_val_if_fail (limit > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_head (self, &args, NULL, error);
}

/* The same in a worker thread; hd_cache_list_summaries_finish() gives
 * the rows. */
void
hd_cache_list_summaries_head_async (HdCache             *self,
                                    HdQueue              queue,
                                    const char          *me,
                                    const char          *search,
                                    HdSortColumn         sort,
                                    gboolean             descending,
                                    HdPlan              *plan,
                                    gint64               now,
                                    guint                limit,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  QueueArgs *args;

  if (!list_args_valid (self, queue, sort, plan))
    return;
  g_return_if_fail (limit > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  args = queue_args_new (queue, me, search, sort, descending, plan, now);
  args->limit = limit;
  list_in_thread (self, args, cancellable, callback, user_data);
}

GPtrArray *
hd_cache_list_summaries_finish (HdCache       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (HD_IS_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hd_cache_list_summaries_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* How many tickets each queue holds, for a list of the queues: @counts
 * by HdQueue. Without a plan, none counts as due soon. */
gboolean
hd_cache_count_queues (HdCache     *self,
                       const char  *me,
                       HdPlan      *plan,
                       gint64       now,
                       guint        counts[HD_QUEUE_ALL + 1],
                       GError     **error)
{
  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  g_return_val_if_fail (plan == NULL || HD_IS_PLAN (plan), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return count_queues (self, me, plan, now, counts, NULL, error);
}

void
hd_cache_count_queues_async (HdCache             *self,
                             const char          *me,
                             HdPlan              *plan,
                             gint64               now,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  QueueArgs *args;

  g_return_if_fail (HD_IS_CACHE (self));
  g_return_if_fail (plan == NULL || HD_IS_PLAN (plan));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  args = queue_args_new (0, me, NULL, 0, FALSE, plan, now);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_cache_count_queues_async);
  g_task_set_task_data (task, args, (GDestroyNotify) queue_args_free);
  g_task_run_in_thread (task, count_queues_thread);
}

gboolean
hd_cache_count_queues_finish (HdCache       *self,
                              GAsyncResult  *result,
                              guint          counts[HD_QUEUE_ALL + 1],
                              GError       **error)
{
  g_autofree guint *found = NULL;

  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hd_cache_count_queues_async, FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return FALSE;
  memcpy (counts, found, sizeof (guint) * (HD_QUEUE_ALL + 1));
  return TRUE;
}

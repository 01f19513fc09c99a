/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cache"

#include "config.h"

#include <string.h>

#include "hd-cache-private.h"
#include "hd-cache-report-private.h"
#include "hd-report-private.h"

/* What reports read of the cache: the figures of a range, from the
 * columns hd-cache-report.c keeps, through small covering indexes. The
 * tickets created in the range are read in one walk for every report
 * that needs them; open tickets, resolutions, escalations and surveys
 * each from an index of their own. */

/* How often SQLite looks whether the caller gave up, in VM steps. */
#define CANCEL_CHECK_STEPS 100000

/* The filter's names as ids; 0 where not filtered, -1 for a name no
 * ticket has. */
typedef struct {
  gint64 location;
  gint64 topic;
  gint64 technician;
} FilterIds;

static gint64
filter_id (HdCache    *self,
           const char *name)
{
  gint64 id;

  if (name == NULL)
    return 0;
  id = _hd_cache_report_find_name (self, name);
  return id > 0 ? id : -1;
}

/* "SELECT … FROM tickets WHERE [@condition AND] @day in the range", the
 * filter's terms (on the id columns with @ids, else on the names), then
 * @rest; its parameters bound. Terms are added only for the filters
 * given: "(? IS NULL OR …)" cost a tenth of a walk. */
static sqlite3_stmt *
prepare_range (HdCache              *self,
               const char           *select,
               const char           *condition,
               const char           *day,
               const char           *rest,
               const HdReportFilter *filter,
               const FilterIds      *ids,
               GError              **error)
{
  g_autoptr(GString) sql = g_string_new (select);
  const char *suffix = ids != NULL ? "_id" : "";
  sqlite3_stmt *stmt = NULL;

  g_string_append (sql, " WHERE ");
  if (condition != NULL)
    g_string_append_printf (sql, "%s AND ", condition);
  g_string_append_printf (sql, "%s >= :from AND %s < :to", day, day);
  if (filter->location != NULL)
    g_string_append_printf (sql, " AND location%s = :location", suffix);
  if (filter->topic != NULL)
    g_string_append_printf (sql, " AND topic%s = :topic", suffix);
  if (filter->technician != NULL)
    g_string_append_printf (sql, " AND assignee%s = :technician", suffix);
  if (rest != NULL)
    g_string_append_printf (sql, " %s", rest);
  if (sqlite3_prepare_v2 (hd_database_handle (self->db), sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      hd_database_fail (self->db, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":from"), filter->from);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":to"), filter->to);
  if (ids != NULL)
    {
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":location"), ids->location);
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":topic"), ids->topic);
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":technician"), ids->technician);
      return stmt;
    }
  hd_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":location"), filter->location);
  hd_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":topic"), filter->topic);
  hd_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":technician"), filter->technician);
  return stmt;
}

/* Ends a query that stepped to @rc. */
static gboolean
query_done (HdCache       *self,
            sqlite3_stmt  *stmt,
            int            rc,
            GCancellable  *cancellable,
            GError       **error)
{
  gboolean ok = rc == SQLITE_DONE;

  if (!ok && !g_cancellable_set_error_if_cancelled (cancellable, error))
    hd_database_fail (self->db, error);
  sqlite3_finalize (stmt);
  return ok;
}

static const char *
column_interned (sqlite3_stmt *stmt,
                 int           index)
{
  return g_intern_string ((const char *) sqlite3_column_text (stmt, index));
}

/* The interned name of an id; "" for none. */
static const char *
name_of (GHashTable *names,
         gint64      id)
{
  const char *name = g_hash_table_lookup (names, GINT_TO_POINTER ((int) id));

  return name != NULL ? name : g_intern_static_string ("");
}

/* One read of the facts: what every query of it needs. */
typedef struct {
  const HdReportFilter *filter;
  FilterIds             ids;
  GHashTable           *names;   /* id -> interned name */
  HdReportFacts        *facts;
  GCancellable         *cancellable;
} Read;

/* The open tickets of the range, from their own small index. */
static gboolean
read_open (HdCache     *self,
           const Read  *r,
           GError     **error)
{
  sqlite3_stmt *stmt = prepare_range (self,
      "SELECT created_at, created_day, priority, assignee, next_due_at, response_due_at, resolution_due_at,"
      " first_response_at IS NOT NULL FROM tickets", "is_open = 1", "created_day", NULL, r->filter, NULL, error);
  GArray *open;
  int rc;

  if (stmt == NULL)
    return FALSE;
  open = r->facts->open = g_array_new (FALSE, FALSE, sizeof (HdReportOpen));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HdReportOpen o = { 0 };
      int priority = sqlite3_column_int (stmt, 2);

      o.created_at = sqlite3_column_int64 (stmt, 0);
      o.created_day = sqlite3_column_int64 (stmt, 1);
      o.priority = priority >= 0 && priority < HD_N_PRIORITIES ? priority : HD_PRIORITY_NORMAL;
      o.assignee = column_interned (stmt, 3);
      o.next_due_at = hd_column_instant (stmt, 4);
      o.response_due_at = hd_column_instant (stmt, 5);
      o.resolution_due_at = hd_column_instant (stmt, 6);
      o.responded = sqlite3_column_int (stmt, 7);
      g_array_append_val (open, o);
    }
  return query_done (self, stmt, rc, r->cancellable, error);
}

/* The walk of the created tickets: the group being counted, by ids. */
typedef struct {
  const Read      *read;
  gint64           topic;
  gint64           location;
  HdReportCreated  group;
} Scan;

static void
flush_group (Scan *scan)
{
  HdReportCreated *group = &scan->group;

  if (group->tickets > 0)
    {
      group->topic = name_of (scan->read->names, scan->topic);
      group->location = name_of (scan->read->names, scan->location);
      g_array_append_val (scan->read->facts->created, *group);
    }
  memset (group, 0, sizeof *group);
}

/* hd_report_created (SCAN, created_day, topic_id, location_id,
 * report_flags, response_time, resolution_time): counts one ticket into
 * SCAN, bound as a pointer. Called from inside the walk of the index, it
 * costs a fraction of handing every row out, and one walk serves Volume
 * and SLA. The index gives the rows sorted by day, topic and location,
 * so a group ends when the next row differs. */
static void
created_row (sqlite3_context  *context,
             int               argc,
             sqlite3_value   **argv)
{
  Scan *scan = sqlite3_value_pointer (argv[0], "HdReportScan");
  gint64 day = sqlite3_value_int64 (argv[1]);
  gint64 topic = sqlite3_value_int64 (argv[2]);
  gint64 location = sqlite3_value_int64 (argv[3]);
  gint64 flags = sqlite3_value_int64 (argv[4]);
  HdReportSla *sla = scan != NULL ? scan->read->facts->sla : NULL;
  HdReportCreated *group;
  HdReportSlaCount *count;
  guint response = REPORT_FLAGS_RESPONSE (flags), resolution = REPORT_FLAGS_RESOLUTION (flags);
  HdPriority priority = REPORT_FLAGS_PRIORITY (flags);

  if (sla == NULL || day < sla->from || day >= sla->from + sla->n_days)
    {
      sqlite3_result_error (context, "hd_report_created: not a ticket of the range", -1);
      return;
    }
  group = &scan->group;
  if (group->tickets == 0 || group->day != day || scan->topic != topic || scan->location != location)
    {
      flush_group (scan);
      group->day = day;
      scan->topic = topic;
      scan->location = location;
    }
  group->tickets++;

  count = &sla->counts[(day - sla->from) * HD_N_PRIORITIES + priority];
  count->responses += response != 0;
  count->responses_met += response == 2;
  count->resolutions += resolution != 0;
  count->resolutions_met += resolution == 2;
  if (sqlite3_value_type (argv[5]) != SQLITE_NULL)
    {
      gint32 seconds = CLAMP (sqlite3_value_int64 (argv[5]), 0, G_MAXINT32);

      g_array_append_val (sla->response_times[priority], seconds);
    }
  if (sqlite3_value_type (argv[6]) != SQLITE_NULL)
    {
      gint32 seconds = CLAMP (sqlite3_value_int64 (argv[6]), 0, G_MAXINT32);

      g_array_append_val (sla->resolution_times[priority], seconds);
    }
  sqlite3_result_int (context, 1);
}

static HdReportSla *
sla_new (const HdReportFilter *filter)
{
  HdReportSla *sla = g_new0 (HdReportSla, 1);

  sla->from = filter->from;
  sla->n_days = filter->to - filter->from;
  sla->counts = g_new0 (HdReportSlaCount, (gsize) sla->n_days * HD_N_PRIORITIES);
  for (guint p = 0; p < HD_N_PRIORITIES; p++)
    {
      sla->response_times[p] = g_array_new (FALSE, FALSE, sizeof (gint32));
      sla->resolution_times[p] = g_array_new (FALSE, FALSE, sizeof (gint32));
    }
  return sla;
}

static void
sla_free (HdReportSla *sla)
{
  if (sla == NULL)
    return;
  for (guint p = 0; p < HD_N_PRIORITIES; p++)
    {
      g_clear_pointer (&sla->response_times[p], g_array_unref);
      g_clear_pointer (&sla->resolution_times[p], g_array_unref);
    }
  g_free (sla->counts);
  g_free (sla);
}

/* Every ticket created in the range, in one walk of the index that holds
 * what the reports count. */
static gboolean
read_created (HdCache     *self,
              const Read  *r,
              GError     **error)
{
  sqlite3_stmt *stmt = prepare_range (self,
      "SELECT count (hd_report_created (:scan, created_day, topic_id, location_id, report_flags, response_time,"
      " resolution_time)) FROM tickets", NULL,
      "created_day", NULL, r->filter, &r->ids, error);
  Scan scan = { r };
  int rc;

  if (stmt == NULL)
    return FALSE;
  r->facts->created = g_array_new (FALSE, FALSE, sizeof (HdReportCreated));
  r->facts->sla = sla_new (r->filter);
  sqlite3_bind_pointer (stmt, sqlite3_bind_parameter_index (stmt, ":scan"), &scan, "HdReportScan", NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  flush_group (&scan);
  return query_done (self, stmt, rc, r->cancellable, error);
}

static gboolean
read_resolved (HdCache     *self,
               const Read  *r,
               GError     **error)
{
  sqlite3_stmt *stmt = prepare_range (self, "SELECT resolved_day, count(*) FROM tickets", NULL, "resolved_day",
                                      "GROUP BY resolved_day", r->filter, &r->ids, error);
  GArray *resolved;
  int rc;

  if (stmt == NULL)
    return FALSE;
  resolved = r->facts->resolved = g_array_new (FALSE, FALSE, sizeof (HdReportResolved));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HdReportResolved day = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (resolved, day);
    }
  return query_done (self, stmt, rc, r->cancellable, error);
}

/* Escalations on days of the range, of the three kinds, each from its
 * own small index: the rows come by day and topic. */
static gboolean
read_escalations (HdCache     *self,
                  const Read  *r,
                  GError     **error)
{
  static const char * const days[] = {
    "response_escalation_day", "resolution_escalation_day", "other_escalation_day",
  };
  static const char * const counts[] = { "count(*)", "count(*)", "sum (other_escalations)" };

  r->facts->escalations = g_array_new (FALSE, FALSE, sizeof (HdReportEscalations));
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autofree char *select = g_strdup_printf ("SELECT %s, topic_id, %s FROM tickets", days[i], counts[i]);
      g_autofree char *group = g_strdup_printf ("GROUP BY %s, topic_id", days[i]);
      sqlite3_stmt *stmt = prepare_range (self, select, NULL, days[i], group, r->filter, &r->ids, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          HdReportEscalations e = { sqlite3_column_int64 (stmt, 0), name_of (r->names, sqlite3_column_int64 (stmt, 1)),
                                    sqlite3_column_int64 (stmt, 2) };

          g_array_append_val (r->facts->escalations, e);
        }
      if (!query_done (self, stmt, rc, r->cancellable, error))
        return FALSE;
    }
  return TRUE;
}

static void
low_rating_free (gpointer data)
{
  HdReportLowRating *low = data;

  g_free (low->topic);
  g_free (low->assignee);
  g_free (low->comment);
  g_free (low);
}

/* "survey_rating <= 2" as it is written in the partial index's WHERE,
 * which SQLite needs to see to use it; the index holds all that is read. */
static gboolean
read_low_ratings (HdCache     *self,
                  const Read  *r,
                  GError     **error)
{
  sqlite3_stmt *stmt = prepare_range (self,
      "SELECT number, survey_rating, survey_at, topic, assignee, survey_comment FROM tickets",
      "survey_rating <= 2 AND survey_comment <> ''", "survey_day", "ORDER BY survey_at DESC, number DESC",
      r->filter, NULL, error);
  GPtrArray *lows;
  int rc;

  if (stmt == NULL)
    return FALSE;
  lows = r->facts->low_ratings = g_ptr_array_new_with_free_func (low_rating_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HdReportLowRating *low = g_new0 (HdReportLowRating, 1);

      low->number = sqlite3_column_int64 (stmt, 0);
      low->rating = sqlite3_column_int64 (stmt, 1);
      low->answered_at = hd_column_instant (stmt, 2);
      low->topic = hd_column_text (stmt, 3);
      low->assignee = hd_column_text (stmt, 4);
      low->comment = hd_column_text (stmt, 5);
      g_ptr_array_add (lows, low);
    }
  return query_done (self, stmt, rc, r->cancellable, error);
}

/* Surveys answered in the range, by rating; then the comments of those
 * rated 1 or 2. */
static gboolean
read_surveys (HdCache     *self,
              const Read  *r,
              GError     **error)
{
  sqlite3_stmt *stmt = prepare_range (self,
      "SELECT sum (survey_rating = 1), sum (survey_rating = 2), sum (survey_rating = 3), sum (survey_rating = 4),"
      " sum (survey_rating = 5) FROM tickets", NULL, "survey_day", NULL, r->filter, &r->ids, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (guint i = 0; i < 5; i++)
      r->facts->ratings[i] = sqlite3_column_int64 (stmt, i);
  return query_done (self, stmt, rc, r->cancellable, error) && read_low_ratings (self, r, error);
}

void
_hd_report_facts_clear (HdReportFacts *facts)
{
  g_clear_pointer (&facts->open, g_array_unref);
  g_clear_pointer (&facts->created, g_array_unref);
  g_clear_pointer (&facts->resolved, g_array_unref);
  g_clear_pointer (&facts->sla, sla_free);
  g_clear_pointer (&facts->escalations, g_array_unref);
  g_clear_pointer (&facts->low_ratings, g_ptr_array_unref);
}

static int
interrupt_if_cancelled (gpointer user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

static gboolean
register_functions (HdCache  *self,
                    GError  **error)
{
  if (self->report_functions)
    return TRUE;
  if (sqlite3_create_function_v2 (hd_database_handle (self->db), "hd_report_created", 7,
                                  SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, created_row, NULL, NULL, NULL) != SQLITE_OK)
    return hd_database_fail (self->db, error);
  self->report_functions = TRUE;
  return TRUE;
}

/* Every name by its id, interned. */
static GHashTable *
read_names (HdCache *self)
{
  GHashTable *names = g_hash_table_new (NULL, NULL);
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "SELECT id, name FROM report_names");

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (names, GINT_TO_POINTER (sqlite3_column_int (stmt, 0)), (gpointer) column_interned (stmt, 1));
  sqlite3_reset (stmt);
  return names;
}

static gboolean
read_facts (HdCache              *self,
            const HdReportFilter *filter,
            HdReportNeeds         needs,
            HdReportFacts        *facts,
            GCancellable         *cancellable,
            GError              **error)
{
  static const struct {
    HdReportNeeds need;
    gboolean    (*read) (HdCache *, const Read *, GError **);
  } readers[] = {
    { HD_REPORT_NEEDS_OPEN, read_open },
    { HD_REPORT_NEEDS_CREATED, read_created },
    { HD_REPORT_NEEDS_RESOLVED, read_resolved },
    { HD_REPORT_NEEDS_ESCALATIONS, read_escalations },
    { HD_REPORT_NEEDS_SURVEYS, read_surveys },
  };
  g_autoptr(GHashTable) names = read_names (self);
  Read r = { filter, { filter_id (self, filter->location), filter_id (self, filter->topic),
                       filter_id (self, filter->technician) }, names, facts, cancellable };

  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    if ((needs & readers[i].need) && !readers[i].read (self, &r, error))
      return FALSE;
  return TRUE;
}

/* The figures @needs, for the tickets of @filter in @plan's calendar, all
 * from one snapshot of the cache. */
gboolean
_hd_cache_report_read (HdCache              *self,
                       HdPlan               *plan,
                       const HdReportFilter *filter,
                       HdReportNeeds         needs,
                       HdReportFacts        *facts,
                       GCancellable         *cancellable,
                       GError              **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  g_return_val_if_fail (HD_IS_PLAN (plan), FALSE);
  HD_CACHE_LOCKED (self);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  db = hd_database_handle (self->db);
  if (!register_functions (self, error) || !_hd_cache_report_refresh (self, plan, cancellable, error) ||
      !hd_database_exec (self->db, "BEGIN", error))
    return FALSE;
  if (cancellable != NULL)
    sqlite3_progress_handler (db, CANCEL_CHECK_STEPS, interrupt_if_cancelled, cancellable);
  ok = read_facts (self, filter, needs, facts, cancellable, error);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);
  hd_database_exec (self->db, "COMMIT", NULL);
  return ok;
}

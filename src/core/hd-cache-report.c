/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cache"

#include "config.h"

#include <string.h>

#include "hd-cache-private.h"
#include "hd-cache-report-private.h"
#include "hd-json.h"
#include "hd-submission.h"
#include "hd-time.h"

/* What reports count is kept with each ticket as it is written: the local
 * dates of its creation, resolution, survey and escalations, its business
 * times, whether it met its targets, its topic, location and assignee as
 * numbers (migration 6). Reports then read small covering indexes
 * (hd-cache-report-read.c), never a ticket's JSON nor the calendar row by
 * row.
 *
 * The calendar figures follow a plan: the one the account keeps in the
 * cache ("plan" in meta) until a report is asked for with another, and
 * from then on that one. Each row carries the stamp of the plan it was
 * computed with; a report first brings the rows of any other stamp up to
 * date, so a changed plan (a snow day made a holiday) costs one pass. */

/* Rows brought up to date per transaction when the plan changed. */
#define REFRESH_BATCH 10000

typedef struct {
  HdStatus   status;
  HdPriority priority;
  gint64     created_at;
  gint64     first_response_at;
  gint64     resolved_at;
  gint64     response_due_at;
  gint64     resolution_due_at;
  gint64     updated_at;
  gint64     escalation_level;
  gint64     survey_rating;     /* 0: none */
  gint64     survey_at;
} Inputs;

typedef struct {
  gint64   rowid;
  Inputs inputs;
} Stale;

/* A ticket's report columns; -1 is NULL. */
typedef struct {
  gint64 created_day;
  gint64 resolved_day;
  gint64 response_met;
  gint64 resolution_met;
  gint64 response_time;
  gint64 resolution_time;
  gint64 survey_day;
  gint64 response_escalation_day;
  gint64 resolution_escalation_day;
  gint64 other_escalation_day;
  gint64 other_escalations;      /* 0, never NULL */
  gint64 flags;
  gint64 stamp;
} Columns;


/* Write time */

/* What the calendar figures depend on: the zone, the hours and holidays,
 * the resolution targets, and when a requester may follow up. */
static gint64
plan_stamp (HdPlan *plan)
{
  g_autoptr(JsonNode) node = hd_plan_to_json (plan);
  JsonObject *o = json_node_get_object (node);
  g_autoptr(GString) key = g_string_new (hd_zone_get_identifier (hd_plan_get_zone (plan)));
  const char * const members[] = { "hours", "holidays" };
  g_autofree char *sum = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autofree char *text = hd_json_to_string (json_object_get_member (o, members[i]));

      g_string_append_printf (key, ";%s", text);
    }
  for (HdPriority p = 0; p < HD_N_PRIORITIES; p++)
    g_string_append_printf (key, ";%" G_GINT64_FORMAT, hd_plan_get_priority (plan, p)->resolution);
  g_string_append_printf (key, ";%s", hd_plan_get_follow_up_after (plan));
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key->str, key->len);
  sum[15] = '\0';
  return g_ascii_strtoll (sum, NULL, 16);
}

static void
adopt_plan (HdCache *self,
            HdPlan  *plan,
            gint64   stamp)
{
  g_set_object (&self->report_plan, plan);
  self->report_stamp = stamp;
}

/* The account's plan, the first time a ticket is written. */
static void
load_plan (HdCache *self)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(HdPlan) plan = NULL;

  self->report_plan_loaded = TRUE;
  text = hd_cache_get_meta (self, "plan");
  node = text != NULL ? hd_json_parse (text, strlen (text), G_MAXSIZE, NULL) : NULL;
  plan = node != NULL ? hd_plan_new_from_json (node, NULL) : NULL;
  if (plan != NULL)
    adopt_plan (self, plan, plan_stamp (plan));
}

/* Met: done by the deadline. A response given before a waiting interval
 * that holds the deadline back (it has none while waiting) met it too:
 * waiting starts with a status change, which is a response. */
static gint64
response_met (const Inputs *t)
{
  if (t->first_response_at < 0)
    return -1;
  if (t->response_due_at >= 0)
    return t->first_response_at <= t->response_due_at;
  return t->status == HD_STATUS_WAITING ? 1 : -1;
}

static gint64
resolution_met (const Inputs *t)
{
  if (t->resolved_at < 0 || t->resolution_due_at < 0)
    return -1;
  return t->resolved_at <= t->resolution_due_at;
}

/* Business time from creation to resolution with the clock stopped while
 * waiting, as the server counts it: its deadline is the creation plus the
 * target plus the waiting that began before the deadline, so the time
 * taken is the target plus how far the resolution came after the deadline
 * (less, when before). Waiting after a missed deadline moves nothing and
 * is counted; the first response always comes before any waiting. */
static gint64
resolution_time (HdPlan       *plan,
                 const Inputs *t)
{
  HdCalendar *calendar = hd_plan_get_calendar (plan);

  if (t->resolution_due_at < 0)
    return MAX (0, hd_calendar_elapsed (calendar, t->created_at, t->resolved_at));
  return MAX (0, hd_plan_get_priority (plan, t->priority)->resolution +
                 hd_calendar_elapsed (calendar, t->resolution_due_at, t->resolved_at));
}

/* The days of a ticket's escalations. The cache has how many there were,
 * not when (the change feed carries no history), but the server's rules
 * tell: the sweep escalates at the response deadline when no response
 * came by then, at the resolution deadline when the ticket was not
 * resolved by then, and a requester's follow-up escalates too. Those the
 * deadlines do not account for are follow-ups, counted on the day the
 * requester could first follow up. As of the ticket's last change: a
 * deadline that passed after it has not escalated it yet. */
static void
escalation_days (HdPlan       *plan,
                 const Inputs *t,
                 Columns      *c)
{
  HdCalendar *calendar = hd_plan_get_calendar (plan);
  gint64 left = t->escalation_level;
  gboolean response = t->response_due_at >= 0 &&
                      (t->first_response_at >= 0 ? t->first_response_at > t->response_due_at
                                                 : t->response_due_at <= t->updated_at);
  gboolean resolution = t->resolution_due_at >= 0 &&
                        (t->resolved_at >= 0 ? t->resolved_at > t->resolution_due_at
                                             : t->resolution_due_at <= t->updated_at);

  c->response_escalation_day = c->resolution_escalation_day = c->other_escalation_day = -1;
  c->other_escalations = 0;
  if (response && left > 0)
    {
      c->response_escalation_day = hd_calendar_local_day (calendar, t->response_due_at);
      left--;
    }
  if (resolution && left > 0)
    {
      c->resolution_escalation_day = hd_calendar_local_day (calendar, t->resolution_due_at);
      left--;
    }
  if (left > 0)
    {
      HdTicket probe = { .created_at = t->created_at, .response_due_at = t->response_due_at,
                         .resolution_due_at = t->resolution_due_at };
      gint64 from = hd_submission_follow_up_from (plan, &probe);

      c->other_escalation_day = hd_calendar_local_day (calendar, from >= 0 ? from : t->updated_at);
      c->other_escalations = left;
    }
}

/* Every report column of a ticket; without a plan, those of the
 * calendar are left for a report to fill in. */
static void
compute (HdPlan       *plan,
         gint64        stamp,
         const Inputs *t,
         Columns      *c)
{
  HdCalendar *calendar = plan != NULL ? hd_plan_get_calendar (plan) : NULL;

  c->response_met = response_met (t);
  c->resolution_met = resolution_met (t);
  c->flags = t->priority | REPORT_FLAGS_MET (c->response_met) << 2 | REPORT_FLAGS_MET (c->resolution_met) << 4;
  if (calendar == NULL)
    {
      c->created_day = c->resolved_day = c->response_time = c->resolution_time = c->survey_day = -1;
      c->response_escalation_day = c->resolution_escalation_day = c->other_escalation_day = c->stamp = -1;
      c->other_escalations = 0;
      return;
    }
  c->created_day = hd_calendar_local_day (calendar, t->created_at);
  c->resolved_day = t->resolved_at >= 0 ? hd_calendar_local_day (calendar, t->resolved_at) : -1;
  c->response_time = t->first_response_at >= 0
                     ? MAX (0, hd_calendar_elapsed (calendar, t->created_at, t->first_response_at)) : -1;
  c->resolution_time = t->resolved_at >= 0 ? resolution_time (plan, t) : -1;
  c->survey_day = t->survey_rating > 0 && t->survey_at >= 0 ? hd_calendar_local_day (calendar, t->survey_at) : -1;
  escalation_days (plan, t, c);
  c->stamp = stamp;
}

static void
bind_or_null (sqlite3_stmt *stmt,
              int           index,
              gint64        value)
{
  if (value >= 0)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

/* Names as numbers: a topic, a location or a user name is a small
 * integer in report_names, the same in every column. */

/* An id handed out in a transaction rolled back may be handed out again,
 * to another name: forget what this connection learnt. */
static void
names_rolled_back (gpointer user_data)
{
  HdCache *self = user_data;

  g_hash_table_remove_all (self->report_names);
}

static GHashTable *
known_names (HdCache *self)
{
  if (self->report_names == NULL)
    {
      self->report_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      sqlite3_rollback_hook (hd_database_handle (self->db), names_rolled_back, self);
    }
  return self->report_names;
}

/* @name's id, or 0 where there is none (or @name is NULL). */
gint64
_hd_cache_report_find_name (HdCache    *self,
                            const char *name)
{
  GHashTable *known = known_names (self);
  sqlite3_stmt *stmt;
  gpointer found;
  gint64 id = 0;

  if (name == NULL)
    return 0;
  if (g_hash_table_lookup_extended (known, name, NULL, &found))
    return GPOINTER_TO_INT (found);
  stmt = hd_database_prepare (self->db, "SELECT id FROM report_names WHERE name = ?");
  hd_bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (id > 0)
    g_hash_table_insert (known, g_strdup (name), GINT_TO_POINTER ((int) id));
  return id;
}

/* @name's id, made the first time the name is written. */
static gboolean
name_id (HdCache     *self,
         const char  *name,
         gint64      *id,
         GError     **error)
{
  sqlite3_stmt *stmt;

  *id = _hd_cache_report_find_name (self, name);
  if (name == NULL || *id > 0)
    return TRUE;
  stmt = hd_database_prepare (self->db, "INSERT INTO report_names (name) VALUES (?)");
  hd_bind_text (stmt, 1, name);
  if (!hd_database_run (self->db, stmt, error))
    return FALSE;
  *id = sqlite3_last_insert_rowid (hd_database_handle (self->db));
  g_hash_table_insert (known_names (self), g_strdup (name), GINT_TO_POINTER ((int) *id));
  return TRUE;
}

/* Binds HD_CACHE_REPORT_COLUMNS of @t from parameter @first on. */
gboolean
_hd_cache_report_bind (HdCache         *self,
                       const HdTicket  *t,
                       sqlite3_stmt    *stmt,
                       int              first,
                       GError         **error)
{
  Inputs inputs = { t->status, t->priority, t->created_at, t->first_response_at, t->resolved_at,
                    t->response_due_at, t->resolution_due_at, t->updated_at, t->escalation_level,
                    t->survey_rating, t->survey_at };
  gint64 topic, location, assignee;
  Columns c;

  if (!name_id (self, t->topic != NULL ? t->topic : "", &topic, error) ||
      !name_id (self, t->location != NULL ? t->location : "", &location, error) ||
      !name_id (self, t->assignee, &assignee, error))
    return FALSE;
  if (!self->report_plan_loaded)
    load_plan (self);
  compute (self->report_plan, self->report_stamp, &inputs, &c);
  sqlite3_bind_int64 (stmt, first, topic);
  sqlite3_bind_int64 (stmt, first + 1, location);
  bind_or_null (stmt, first + 2, assignee > 0 ? assignee : -1);
  bind_or_null (stmt, first + 3, t->first_response_at);
  bind_or_null (stmt, first + 4, t->resolved_at);
  sqlite3_bind_int64 (stmt, first + 5, t->escalation_level);
  bind_or_null (stmt, first + 6, t->survey_rating > 0 ? t->survey_rating : -1);
  bind_or_null (stmt, first + 7, t->survey_rating > 0 ? t->survey_at : -1);
  hd_bind_text (stmt, first + 8, t->survey_rating > 0 ? t->survey_comment : NULL);
  bind_or_null (stmt, first + 9, c.created_day);
  bind_or_null (stmt, first + 10, c.resolved_day);
  bind_or_null (stmt, first + 11, c.response_met);
  bind_or_null (stmt, first + 12, c.resolution_met);
  bind_or_null (stmt, first + 13, c.response_time);
  bind_or_null (stmt, first + 14, c.resolution_time);
  bind_or_null (stmt, first + 15, c.survey_day);
  bind_or_null (stmt, first + 16, c.response_escalation_day);
  bind_or_null (stmt, first + 17, c.resolution_escalation_day);
  bind_or_null (stmt, first + 18, c.other_escalation_day);
  sqlite3_bind_int64 (stmt, first + 19, c.other_escalations);
  sqlite3_bind_int64 (stmt, first + 20, c.flags);
  bind_or_null (stmt, first + 21, c.stamp);
  return TRUE;
}

/* Rows of another plan, brought up to date */

static GArray *
list_stale (HdCache *self,
            gint64   stamp)
{
  GArray *stale = g_array_new (FALSE, FALSE, sizeof (Stale));
  sqlite3_stmt *stmt = hd_database_prepare (self->db,
      "SELECT rowid, status, priority, created_at, first_response_at, resolved_at, response_due_at,"
      " resolution_due_at, updated_at, escalation_level, coalesce (survey_rating, 0), survey_at FROM tickets"
      " WHERE report_stamp IS NULL OR report_stamp < ?1 OR report_stamp > ?1");

  sqlite3_bind_int64 (stmt, 1, stamp);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Stale s = { sqlite3_column_int64 (stmt, 0) };
      int priority = sqlite3_column_int (stmt, 2);

      if (!hd_status_from_string ((const char *) sqlite3_column_text (stmt, 1), &s.inputs.status))
        s.inputs.status = HD_STATUS_NEW;
      s.inputs.priority = priority >= 0 && priority < HD_N_PRIORITIES ? priority : HD_PRIORITY_NORMAL;
      s.inputs.created_at = hd_column_instant (stmt, 3);
      s.inputs.first_response_at = hd_column_instant (stmt, 4);
      s.inputs.resolved_at = hd_column_instant (stmt, 5);
      s.inputs.response_due_at = hd_column_instant (stmt, 6);
      s.inputs.resolution_due_at = hd_column_instant (stmt, 7);
      s.inputs.updated_at = sqlite3_column_int64 (stmt, 8);
      s.inputs.escalation_level = sqlite3_column_int64 (stmt, 9);
      s.inputs.survey_rating = sqlite3_column_int64 (stmt, 10);
      s.inputs.survey_at = hd_column_instant (stmt, 11);
      g_array_append_val (stale, s);
    }
  sqlite3_reset (stmt);
  return stale;
}

static gboolean
update_stale (HdCache      *self,
              HdPlan       *plan,
              gint64        stamp,
              const Stale  *rows,
              guint         n,
              GError      **error)
{
  if (!hd_database_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      sqlite3_stmt *stmt = hd_database_prepare (self->db,
          "UPDATE tickets SET created_day = ?1, resolved_day = ?2, response_met = ?3, resolution_met = ?4,"
          " response_time = ?5, resolution_time = ?6, survey_day = ?7, response_escalation_day = ?8,"
          " resolution_escalation_day = ?9, other_escalation_day = ?10, other_escalations = ?11,"
          " report_flags = ?12, report_stamp = ?13 WHERE rowid = ?14");
      Columns c;

      compute (plan, stamp, &rows[i].inputs, &c);
      bind_or_null (stmt, 1, c.created_day);
      bind_or_null (stmt, 2, c.resolved_day);
      bind_or_null (stmt, 3, c.response_met);
      bind_or_null (stmt, 4, c.resolution_met);
      bind_or_null (stmt, 5, c.response_time);
      bind_or_null (stmt, 6, c.resolution_time);
      bind_or_null (stmt, 7, c.survey_day);
      bind_or_null (stmt, 8, c.response_escalation_day);
      bind_or_null (stmt, 9, c.resolution_escalation_day);
      bind_or_null (stmt, 10, c.other_escalation_day);
      sqlite3_bind_int64 (stmt, 11, c.other_escalations);
      sqlite3_bind_int64 (stmt, 12, c.flags);
      sqlite3_bind_int64 (stmt, 13, stamp);
      sqlite3_bind_int64 (stmt, 14, rows[i].rowid);
      if (!hd_database_run (self->db, stmt, error))
        {
          hd_database_exec (self->db, "ROLLBACK", NULL);
          return FALSE;
        }
    }
  /* not _hd_cache_commit(): nothing a view shows changed */
  if (hd_database_exec (self->db, "COMMIT", error))
    return TRUE;
  hd_database_exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

/* Brings every row to @plan's figures, a batch a transaction (each row
 * is right on its own, so stopping halfway loses nothing), and writes
 * with @plan from now on. */
gboolean
_hd_cache_report_refresh (HdCache       *self,
                          HdPlan        *plan,
                          GCancellable  *cancellable,
                          GError       **error)
{
  gint64 stamp = plan == self->report_plan ? self->report_stamp : plan_stamp (plan);
  g_autoptr(GArray) stale = list_stale (self, stamp);

  for (guint done = 0; done < stale->len; done += REFRESH_BATCH)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !update_stale (self, plan, stamp, &g_array_index (stale, Stale, done),
                         MIN (REFRESH_BATCH, stale->len - done), error))
        return FALSE;
    }
  self->report_plan_loaded = TRUE;
  adopt_plan (self, plan, stamp);
  return TRUE;
}

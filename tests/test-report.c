/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "hd-cache.h"
#include "hd-json.h"
#include "hd-report.h"
#include "hd-test-server.h"
#include "hd-test-util.h"
#include "hd-time.h"

/* Reports over a real cache file, every figure against one worked out by
 * hand from the example district's plan (America/Chicago, CST from
 * November 1; Monday 07:00-11:30 and 12:00-16:30, Tuesday to Thursday
 * 07:00-16:30, Friday 07:00-12:00; Thanksgiving 25-27 November off).
 *
 * The range is 16 November to 4 December 2026 (weeks of the 16th, 23rd and
 * 30th), "now" is Monday 7 December, 09:00. Times below are UTC; local
 * time is six hours earlier.
 *
 * 101 critical, Mon 16 08:00, answered 08:20 (20m, met), resolved 11:00
 *     (deadline 12:30: 3h, met); rated 5 on Tue 17.
 * 102 high, Fri 20 11:00, answered Mon 23 09:00 (3h; deadline Mon 08:00,
 *     missed: escalated then, and the requester's follow-up escalated it
 *     again); waiting Mon 10:00 to Tue 10:00 moved the resolution
 *     deadline from Mon 14:30 to Tue 14:00; resolved Tue 15:00 (9h of
 *     business time: 1h Friday, 3h Monday, 5h Tuesday; missed, escalated
 *     on Tuesday); rated 2 with a comment on Mon 30.
 * 103 medium, Tue 24 16:00, over Thanksgiving and the weekend: answered
 *     Mon 30 08:00 (1h30; deadline Mon 10:30, met); resolution due Wed 2
 *     12:00 and escalated then, still open: missed as of now, overdue; 6
 *     business days old.
 * 104 normal, Mon 30 15:00, answered Tue 08:00 (2h30), waiting since Tue
 *     09:00: no deadline while waiting, the response met; not overdue.
 * 105 critical, Wed 2 11:00, unassigned, never answered: both deadlines
 *     (11:30, 15:00) missed and escalated that day; overdue.
 * 106 medium, Thu 19 16:00, answered Fri 07:30 (1h, met); resolution due
 *     Tue 24 16:30, a closing time, and escalated then; waiting Mon 30
 *     08:00-10:00, after the deadline, moved nothing; resolved Mon 30
 *     12:30: 24h + 5h = 29h.
 * 107 normal, Fri 13 (before the range), resolved Mon 16: only in the
 *     resolved line; rated 4 on Wed 18, in the range.
 * 110 normal, Tue 1 08:00, answered 09:00 (1h), resolved 10:00 (2h, met);
 *     rated 1 without a comment on Wed 2.
 * 111 created Sat 5 00:00 local, the first instant after the range.
 * 112 normal, Fri 4 23:59:59 local, the last instant of the range; open,
 *     1 business day old. */

typedef struct {
  gint64      number;
  HdPriority  priority;
  const char *topic;
  const char *location;
  const char *assignee;
  HdStatus    status;
  const char *created;
  const char *responded;
  const char *response_due;
  const char *resolution_due;
  const char *resolved;
  const char *updated;         /* NULL: the last of creation and closing */
  gint64      escalations;
  gint64      rating;
  const char *comment;
  const char *answered;
} Spec;

static const Spec fixtures[] = {
  { 101, HD_PRIORITY_CRITICAL, "classroom-av", "Lincoln Elementary", "tomasz", HD_STATUS_CLOSED,
    "2026-11-16T14:00:00Z", "2026-11-16T14:20:00Z", "2026-11-16T14:30:00Z", "2026-11-16T18:30:00Z",
    "2026-11-16T17:00:00Z", NULL, 0, 5, "Fixed before second period, thanks", "2026-11-17T15:00:00Z" },
  { 102, HD_PRIORITY_HIGH, "network", "Central High School", "priya", HD_STATUS_CLOSED,
    "2026-11-20T17:00:00Z", "2026-11-23T15:00:00Z", "2026-11-23T14:00:00Z", "2026-11-24T20:00:00Z",
    "2026-11-24T21:00:00Z", NULL, 3, 2, "Took two days.", "2026-11-30T15:00:00Z" },
  { 103, HD_PRIORITY_MEDIUM, "accounts-passwords", "Lincoln Elementary", "grace", HD_STATUS_IN_PROGRESS,
    "2026-11-24T22:00:00Z", "2026-11-30T14:00:00Z", "2026-11-30T16:30:00Z", "2026-12-02T18:00:00Z",
    NULL, "2026-12-02T18:00:00Z", 1, 0, NULL, NULL },
  { 104, HD_PRIORITY_NORMAL, "student-devices", "Washington Elementary", "marcus", HD_STATUS_WAITING,
    "2026-11-30T21:00:00Z", "2026-12-01T14:00:00Z", NULL, NULL, NULL, "2026-12-01T15:00:00Z", 0, 0, NULL, NULL },
  { 105, HD_PRIORITY_CRITICAL, "classroom-av", "Lincoln Elementary", NULL, HD_STATUS_NEW,
    "2026-12-02T17:00:00Z", NULL, "2026-12-02T17:30:00Z", "2026-12-02T21:00:00Z", NULL, "2026-12-02T21:00:00Z",
    2, 0, NULL, NULL },
  { 106, HD_PRIORITY_MEDIUM, "network", "Central High School", "priya", HD_STATUS_CLOSED,
    "2026-11-19T22:00:00Z", "2026-11-20T13:30:00Z", "2026-11-20T16:30:00Z", "2026-11-24T22:30:00Z",
    "2026-11-30T18:30:00Z", NULL, 1, 0, NULL, NULL },
  { 107, HD_PRIORITY_NORMAL, "student-devices", "Roosevelt Middle School", "luis", HD_STATUS_CLOSED,
    "2026-11-13T16:00:00Z", "2026-11-13T16:30:00Z", "2026-11-16T19:30:00Z", "2026-11-20T13:30:00Z",
    "2026-11-16T15:00:00Z", NULL, 0, 4, "Quick fix, thanks", "2026-11-18T16:00:00Z" },
  { 110, HD_PRIORITY_NORMAL, "student-information-system", "District Office", "fatima", HD_STATUS_CLOSED,
    "2026-12-01T14:00:00Z", "2026-12-01T15:00:00Z", "2026-12-01T22:00:00Z", "2026-12-07T21:00:00Z",
    "2026-12-01T16:00:00Z", NULL, 0, 1, NULL, "2026-12-02T15:00:00Z" },
  { 111, HD_PRIORITY_NORMAL, "network", "Central High School", "luis", HD_STATUS_NEW,
    "2026-12-05T06:00:00Z", NULL, "2026-12-07T21:00:00Z", "2026-12-11T15:00:00Z", NULL, NULL, 0, 0, NULL, NULL },
  { 112, HD_PRIORITY_NORMAL, "classroom-av", "Jefferson Elementary", "tomasz", HD_STATUS_NEW,
    "2026-12-05T05:59:59Z", NULL, "2026-12-07T21:30:00Z", "2026-12-11T15:30:00Z", NULL, NULL, 0, 0, NULL, NULL },
};

#define FROM "2026-11-16"
#define TO "2026-12-05"
#define NOW "2026-12-07T15:00:00Z"

static HdPlan *plan;
static char *plan_path;

typedef struct {
  char    *dir;
  char    *path;
  HdCache *cache;
} Fixture;

static gint64
instant_or_none (const char *text)
{
  return text != NULL ? hd_test_instant (text) : -1;
}

static HdTicket *
make_ticket (const Spec *s)
{
  HdTicket *t = hd_ticket_new ();

  t->id = g_strdup_printf ("00000000-0000-4000-8000-000000000%03" G_GINT64_FORMAT, s->number);
  t->number = s->number;
  t->subject = g_strdup_printf ("Ticket %" G_GINT64_FORMAT, s->number);
  t->description = g_strdup ("The projector shows no picture.");
  t->requester_name = g_strdup ("Ms. Rivera");
  t->submitted_by = g_strdup ("frontdesk");
  t->location = g_strdup (s->location);
  t->topic = g_strdup (s->topic);
  t->scope = g_strdup ("few");
  t->effect = g_strdup ("blocked");
  t->priority = s->priority;
  t->status = s->status;
  t->assignee = g_strdup (s->assignee);
  t->escalation_level = s->escalations;
  t->created_at = t->acknowledged_at = hd_test_instant (s->created);
  t->first_response_at = instant_or_none (s->responded);
  t->response_due_at = instant_or_none (s->response_due);
  t->resolution_due_at = instant_or_none (s->resolution_due);
  t->resolved_at = instant_or_none (s->resolved);
  t->closed_at = s->status == HD_STATUS_CLOSED ? t->resolved_at + 86400 : -1;
  t->updated_at = s->updated != NULL ? hd_test_instant (s->updated) : MAX (t->created_at, t->closed_at);
  if (s->rating > 0)
    {
      t->survey_rating = s->rating;
      t->survey_comment = g_strdup (s->comment);
      t->survey_at = hd_test_instant (s->answered);
    }
  return t;
}

/* The tickets as a sync writes them: one page of the change feed. */
static void
write_fixtures (HdCache *cache)
{
  g_autoptr(HdChanges) page = hd_changes_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    hd_changes_add_ticket (page, make_ticket (&fixtures[i]));
  page->cursor = g_strdup ("test.1");
  g_assert_true (hd_cache_apply_changes (cache, page, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("helpdesk-report-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "cache.db", NULL);
  f->cache = hd_cache_open (f->path, &error);
  g_assert_no_error (error);
  if (data != NULL)
    {
      g_autoptr(JsonNode) node = hd_plan_to_json (plan);
      g_autofree char *json = hd_json_to_string (node);

      /* as the account keeps it: the tickets get their figures as they are written */
      g_assert_true (hd_cache_set_meta (f->cache, "plan", json, &error));
    }
  write_fixtures (f->cache);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&f->cache);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (f->path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
day (const char *text)
{
  gint64 days = 0;

  g_assert_true (hd_date_parse (text, &days));
  return days;
}

static GPtrArray *
run_with (HdCache        *cache,
          HdPlan         *with,
          HdReportKind    kind,
          HdReportFilter *filter)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *tables = hd_report_run (cache, with, kind, filter, hd_test_instant (NOW), NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tables);
  return tables;
}

static GPtrArray *
run (Fixture      *f,
     HdReportKind  kind)
{
  g_autoptr(HdReportFilter) filter = hd_report_filter_new (day (FROM), day (TO));

  return run_with (f->cache, plan, kind, filter);
}

/* The report's tables by id, in order: "a,b,c". */
static void
assert_ids (GPtrArray  *tables,
            const char *expected)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < tables->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? "," : "", hd_report_table_get_id (g_ptr_array_index (tables, i)));
  g_assert_cmpstr (ids->str, ==, expected);
}

/* Every figure of table @id, as CSV; @expected has a line per row. */
static void
assert_csv (GPtrArray  *tables,
            const char *id,
            const char *expected)
{
  g_autoptr(GString) csv = g_string_new (NULL);
  g_auto(GStrv) lines = g_strsplit (expected, "\n", -1);
  g_autofree char *crlf = g_strjoinv ("\r\n", lines);

  for (guint i = 0; i < tables->len; i++)
    if (g_str_equal (hd_report_table_get_id (g_ptr_array_index (tables, i)), id))
      hd_report_table_write_csv (g_ptr_array_index (tables, i), csv);
  g_assert_cmpstr (csv->str, ==, crlf);
}

static HdReportTable *
find_table (GPtrArray  *tables,
            const char *id)
{
  for (guint i = 0; i < tables->len; i++)
    if (g_str_equal (hd_report_table_get_id (g_ptr_array_index (tables, i)), id))
      return g_ptr_array_index (tables, i);
  g_error ("no table %s", id);
}

/* The figures the whole range gives, the same whether the tickets got
 * their report columns as they were written or at the first report. */

static void
check_workload (Fixture *f)
{
  g_autoptr(GPtrArray) tables = run (f, HD_REPORT_WORKLOAD);
  HdReportTable *table = find_table (tables, "workload");

  assert_ids (tables, "workload");
  g_assert_cmpint (hd_report_table_get_chart (table), ==, HD_REPORT_CHART_STACKED_BARS);
  g_assert_true (hd_report_table_get_column_charted (table, 0));
  g_assert_false (hd_report_table_get_column_charted (table, 5));
  assert_csv (tables, "workload",
              "Technician,Critical,High,Medium,Normal,Open,Overdue\n"
              "Priya Raman,0,0,0,0,0,0\n"
              "Marcus Johnson,0,0,0,1,1,0\n"
              "Keiko Tanaka,0,0,0,0,0,0\n"
              "Luis Hernández,0,0,0,0,0,0\n"
              "Fatima Okafor,0,0,0,0,0,0\n"
              "Tomasz Kowalski,0,0,0,1,1,0\n"
              "Grace Whitehorse,0,0,1,0,1,1\n"
              "Unassigned,1,0,0,0,1,1\n");
}

static void
check_backlog (Fixture *f)
{
  g_autoptr(GPtrArray) tables = run (f, HD_REPORT_BACKLOG);

  assert_ids (tables, "backlog");
  assert_csv (tables, "backlog",
              "Age,Critical,High,Medium,Normal,Open\n"
              "Less than a day,0,0,0,0,0\n"
              "1 day,0,0,0,1,1\n"
              "2–3 days,1,0,0,0,1\n"
              "4–5 days,0,0,0,1,1\n"
              "6–10 days,0,0,1,0,1\n"
              "11–20 days,0,0,0,0,0\n"
              "More than 20 days,0,0,0,0,0\n");
}

static const char volume_by_week[] =
  "Week,Created,Resolved\n"
  "2026-11-16,3,2\n"
  "2026-11-23,1,1\n"
  "2026-11-30,4,2\n";
static const char volume_by_topic[] =
  "Topic,Created\n"
  "Instructional software,0\n"
  "Student devices (Chromebooks and tablets),1\n"
  "Accounts and passwords,1\n"
  "Network and Wi-Fi,2\n"
  "\"Classroom audio-visual (projectors, displays, sound)\",3\n"
  "\"Student information system (attendance, grades, enrollment)\",1\n";
static const char volume_by_location[] =
  "Location,Created\n"
  "District Office,1\n"
  "Lincoln Elementary,3\n"
  "Washington Elementary,1\n"
  "Jefferson Elementary,1\n"
  "Roosevelt Middle School,0\n"
  "Central High School,2\n"
  "Transportation Center,0\n";

static void
check_volume (Fixture *f)
{
  g_autoptr(GPtrArray) tables = run (f, HD_REPORT_VOLUME);

  assert_ids (tables, "volume-by-week,volume-by-topic,volume-by-location");
  g_assert_cmpint (hd_report_table_get_chart (find_table (tables, "volume-by-week")), ==, HD_REPORT_CHART_LINES);
  g_assert_cmpint (hd_report_table_get_chart (find_table (tables, "volume-by-topic")), ==, HD_REPORT_CHART_BARS);
  assert_csv (tables, "volume-by-week", volume_by_week);
  assert_csv (tables, "volume-by-topic", volume_by_topic);
  assert_csv (tables, "volume-by-location", volume_by_location);
}

static const char sla_times[] =
  "Priority,\"Response, median\",\"Response, 90th percentile\",\"Resolution, median\","
  "\"Resolution, 90th percentile\"\n"
  "Critical,1200,1200,10800,10800\n"
  "High,10800,10800,32400,32400\n"
  "Medium,4500,5220,104400,104400\n"
  "Normal,6300,8460,7200,7200\n"
  "All priorities,4500,9900,21600,82800\n";

/* Response targets: 101 met, 102 missed, 106 met, 103 met, 104 met
 * (waiting), 105 missed while open, 110 met; 112 not due yet. Resolution:
 * 101 met, 102 and 106 missed, 103 and 105 missed while open, 110 met;
 * 104 (waiting) and 112 not settled. Times: medians of two are their
 * mean; the 90th percentile of 3600 and 5400 is 3600 + 0.9 × 1800. */
static void
check_sla (Fixture *f)
{
  g_autoptr(GPtrArray) tables = run (f, HD_REPORT_SLA);

  assert_ids (tables, "sla-by-priority,sla-by-week,sla-times");
  assert_csv (tables, "sla-by-priority",
              "Priority,Response met,Resolution met,Response targets,Resolution targets\n"
              "Critical,50.0,50.0,2,2\n"
              "High,0.0,0.0,1,1\n"
              "Medium,100.0,0.0,2,2\n"
              "Normal,100.0,100.0,2,1\n"
              "All priorities,71.4,33.3,7,6\n");
  assert_csv (tables, "sla-by-week",
              "Week,Response met,Resolution met,Response targets,Resolution targets\n"
              "2026-11-16,66.7,33.3,3,3\n"
              "2026-11-23,100.0,0.0,1,1\n"
              "2026-11-30,66.7,50.0,3,2\n");
  assert_csv (tables, "sla-times", sla_times);
  g_assert_cmpint (hd_report_table_get_column_unit (find_table (tables, "sla-times"), 0), ==,
                   HD_REPORT_UNIT_DURATION);
}

/* On the days they happened: 102's response deadline, follow-up (counted
 * at that deadline, when the requester could first follow up) and
 * resolution deadline, and 106's, in the week of the 23rd; 103's and
 * 105's two on 2 December. */
static const char escalations_by_week[] =
  "Week,Escalations\n"
  "2026-11-16,0\n"
  "2026-11-23,4\n"
  "2026-11-30,3\n";
static const char escalations_by_topic[] =
  "Topic,Escalations\n"
  "Instructional software,0\n"
  "Student devices (Chromebooks and tablets),0\n"
  "Accounts and passwords,1\n"
  "Network and Wi-Fi,4\n"
  "\"Classroom audio-visual (projectors, displays, sound)\",2\n"
  "\"Student information system (attendance, grades, enrollment)\",0\n";
/* Answered in the range: 101 (5), 107 (4, a ticket of before), 102 (2),
 * 110 (1). */
static const char ratings[] =
  "Rating,Answers,Share\n"
  "1,1,25.0\n"
  "2,1,25.0\n"
  "3,0,0.0\n"
  "4,1,25.0\n"
  "5,1,25.0\n";
static const char satisfaction[] =
  "Surveys,Answers,Average rating,Rated 1 or 2\n"
  "All surveys,4,3.00,2\n";
static const char low_ratings[] =
  "Ticket,Answered,Rating,Topic,Technician,Comment\n"
  "HD-102,2026-11-30,2,Network and Wi-Fi,Priya Raman,Took two days.\n";

static void
check_escalations (Fixture *f)
{
  g_autoptr(GPtrArray) tables = run (f, HD_REPORT_ESCALATIONS);

  assert_ids (tables, "escalations-by-week,escalations-by-topic,ratings,satisfaction,low-ratings");
  assert_csv (tables, "escalations-by-week", escalations_by_week);
  assert_csv (tables, "escalations-by-topic", escalations_by_topic);
  assert_csv (tables, "ratings", ratings);
  assert_csv (tables, "satisfaction", satisfaction);
  assert_csv (tables, "low-ratings", low_ratings);
}

static void
check_all (Fixture *f)
{
  check_workload (f);
  check_backlog (f);
  check_volume (f);
  check_sla (f);
  check_escalations (f);
}

/* Written without a plan in the cache: the first report computes. */
static void
test_reports (Fixture       *f,
              gconstpointer  data)
{
  check_all (f);
  /* and a second time, from what the first left */
  check_all (f);
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* With the account's plan in the cache, a sync writes each ticket's
 * figures with it; the reports then compute nothing again. */
static void
test_write_time (Fixture       *f,
                 gconstpointer  data)
{
  const struct { const char *sql; gint64 expected; } cases[] = {
    { "SELECT created_day FROM tickets WHERE number = 102", day ("2026-11-20") },
    { "SELECT resolved_day FROM tickets WHERE number = 102", day ("2026-11-24") },
    { "SELECT response_met FROM tickets WHERE number = 102", 0 },
    { "SELECT resolution_met FROM tickets WHERE number = 102", 0 },
    { "SELECT response_time FROM tickets WHERE number = 102", 10800 },
    { "SELECT resolution_time FROM tickets WHERE number = 102", 32400 },
    { "SELECT escalation_level FROM tickets WHERE number = 102", 3 },
    { "SELECT survey_rating FROM tickets WHERE number = 102", 2 },
    /* high (1), response missed (1 << 2), resolution missed (1 << 4) */
    { "SELECT report_flags FROM tickets WHERE number = 102", 1 + 4 + 16 },
    /* normal (3), response met (2 << 2), resolution not settled */
    { "SELECT report_flags FROM tickets WHERE number = 104", 3 + 8 },
    { "SELECT response_escalation_day FROM tickets WHERE number = 102", day ("2026-11-23") },
    { "SELECT resolution_escalation_day FROM tickets WHERE number = 102", day ("2026-11-24") },
    { "SELECT other_escalation_day FROM tickets WHERE number = 102", day ("2026-11-23") },
    { "SELECT other_escalations FROM tickets WHERE number = 102", 1 },
    { "SELECT response_escalation_day FROM tickets WHERE number = 103", -1 },
    { "SELECT resolution_escalation_day FROM tickets WHERE number = 103", day ("2026-12-02") },
    { "SELECT resolution_escalation_day FROM tickets WHERE number = 106", day ("2026-11-24") },
    { "SELECT survey_day FROM tickets WHERE number = 107", day ("2026-11-18") },
    { "SELECT count(*) FROM tickets t JOIN report_names n ON n.id = t.topic_id AND n.name = t.topic", 10 },
    { "SELECT count(*) FROM tickets t JOIN report_names n ON n.id = t.assignee_id AND n.name = t.assignee", 9 },
    { "SELECT response_met FROM tickets WHERE number = 104", 1 },
    { "SELECT resolution_met FROM tickets WHERE number = 104", -1 },
    { "SELECT resolution_time FROM tickets WHERE number = 104", -1 },
    { "SELECT response_time FROM tickets WHERE number = 103", 5400 },
    { "SELECT resolution_time FROM tickets WHERE number = 106", 104400 },
    { "SELECT created_day FROM tickets WHERE number = 111", day ("2026-12-05") },
    { "SELECT created_day FROM tickets WHERE number = 112", day ("2026-12-04") },
    { "SELECT count(*) FROM tickets WHERE report_stamp IS NULL", 0 },
  };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 value = query_int (db, cases[i].sql);

      if (value != cases[i].expected)
        g_error ("%s: %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT, cases[i].sql, value, cases[i].expected);
    }
  sqlite3_close (db);
  check_all (f);
}

static HdPlan *
plan_with_holiday (const char *date)
{
  g_autofree char *text = NULL;
  g_autofree char *changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) holidays = g_regex_new ("^Holidays=", G_REGEX_MULTILINE, 0, NULL);
  g_autofree char *replacement = g_strdup_printf ("Holidays=%s;", date);

  g_assert_true (g_file_get_contents (plan_path, &text, NULL, &error));
  changed = g_regex_replace_literal (holidays, text, -1, 0, replacement, 0, &error);
  g_assert_no_error (error);
  return hd_test_plan_from_text (changed, HD_PLAN_SCOPE_FULL);
}

/* A snow day made a holiday after the fact: the figures follow the plan
 * the report is asked with, and go back with it. Monday 30 November
 * closed: 103's response takes 30m (Tuesday evening only), 104's 1h
 * (Tuesday morning), and 106, resolved that Monday, 24h. */
static void
test_plan_change (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HdPlan) snowed = plan_with_holiday ("2026-11-30");
  g_autoptr(HdReportFilter) filter = hd_report_filter_new (day (FROM), day (TO));
  g_autoptr(GPtrArray) changed = run_with (f->cache, snowed, HD_REPORT_SLA, filter);
  g_autoptr(GPtrArray) again = NULL;

  assert_csv (changed, "sla-times",
              "Priority,\"Response, median\",\"Response, 90th percentile\",\"Resolution, median\","
              "\"Resolution, 90th percentile\"\n"
              "Critical,1200,1200,10800,10800\n"
              "High,10800,10800,32400,32400\n"
              "Medium,2700,3420,86400,86400\n"
              "Normal,3600,3600,7200,7200\n"
              "All priorities,3600,7200,21600,70200\n");
  again = run_with (f->cache, plan, HD_REPORT_SLA, filter);
  assert_csv (again, "sla-times", sla_times);
}

/* Tickets written after a report, with the plan reports were asked with. */
static void
test_written_after_report (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(HdChanges) page = hd_changes_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) resolved = make_ticket (&fixtures[2]);
  g_autoptr(GPtrArray) before = run (f, HD_REPORT_SLA);
  g_autoptr(GPtrArray) after = NULL;

  /* 103 resolved Wed 2 12:00, at its deadline (met): 30m + 9h + 9.5h + 5h = 24h */
  resolved->status = HD_STATUS_RESOLVED;
  resolved->resolved_at = hd_test_instant ("2026-12-02T18:00:00Z");
  resolved->version++;
  hd_changes_add_ticket (page, g_steal_pointer (&resolved));
  page->cursor = g_strdup ("test.2");
  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_assert_no_error (error);
  after = run (f, HD_REPORT_SLA);
  assert_csv (after, "sla-by-priority",
              "Priority,Response met,Resolution met,Response targets,Resolution targets\n"
              "Critical,50.0,50.0,2,2\n"
              "High,0.0,0.0,1,1\n"
              "Medium,100.0,50.0,2,2\n"
              "Normal,100.0,100.0,2,1\n"
              "All priorities,71.4,50.0,7,6\n");
  assert_csv (after, "sla-times",
              "Priority,\"Response, median\",\"Response, 90th percentile\",\"Resolution, median\","
              "\"Resolution, 90th percentile\"\n"
              "Critical,1200,1200,10800,10800\n"
              "High,10800,10800,32400,32400\n"
              "Medium,4500,5220,95400,102600\n"
              "Normal,6300,8460,7200,7200\n"
              "All priorities,4500,9900,32400,97200\n");
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(HdReportFilter) lincoln = hd_report_filter_new (day (FROM), day (TO));
  g_autoptr(HdReportFilter) network = hd_report_filter_new (day (FROM), day (TO));
  g_autoptr(HdReportFilter) priya = hd_report_filter_new (day (FROM), day (TO));
  g_autoptr(GPtrArray) volume = NULL, sla = NULL, workload = NULL, escalations = NULL, backlog = NULL;

  lincoln->location = g_strdup ("Lincoln Elementary");
  volume = run_with (f->cache, plan, HD_REPORT_VOLUME, lincoln);
  assert_csv (volume, "volume-by-week",
              "Week,Created,Resolved\n"
              "2026-11-16,1,1\n"
              "2026-11-23,1,0\n"
              "2026-11-30,1,0\n");
  assert_csv (volume, "volume-by-location",
              "Location,Created\n"
              "District Office,0\n"
              "Lincoln Elementary,3\n"
              "Washington Elementary,0\n"
              "Jefferson Elementary,0\n"
              "Roosevelt Middle School,0\n"
              "Central High School,0\n"
              "Transportation Center,0\n");
  backlog = run_with (f->cache, plan, HD_REPORT_BACKLOG, lincoln);
  assert_csv (backlog, "backlog",
              "Age,Critical,High,Medium,Normal,Open\n"
              "Less than a day,0,0,0,0,0\n"
              "1 day,0,0,0,0,0\n"
              "2–3 days,1,0,0,0,1\n"
              "4–5 days,0,0,0,0,0\n"
              "6–10 days,0,0,1,0,1\n"
              "11–20 days,0,0,0,0,0\n"
              "More than 20 days,0,0,0,0,0\n");

  network->topic = g_strdup ("network");
  sla = run_with (f->cache, plan, HD_REPORT_SLA, network);
  assert_csv (sla, "sla-by-priority",
              "Priority,Response met,Resolution met,Response targets,Resolution targets\n"
              "Critical,,,0,0\n"
              "High,0.0,0.0,1,1\n"
              "Medium,100.0,0.0,1,1\n"
              "Normal,,,0,0\n"
              "All priorities,50.0,0.0,2,2\n");
  workload = run_with (f->cache, plan, HD_REPORT_WORKLOAD, network);
  assert_csv (workload, "workload",
              "Technician,Critical,High,Medium,Normal,Open,Overdue\n"
              "Priya Raman,0,0,0,0,0,0\n"
              "Luis Hernández,0,0,0,0,0,0\n"
              "Unassigned,0,0,0,0,0,0\n");

  priya->technician = g_strdup ("priya");
  escalations = run_with (f->cache, plan, HD_REPORT_ESCALATIONS, priya);
  assert_csv (escalations, "escalations-by-week",
              "Week,Escalations\n"
              "2026-11-16,0\n"
              "2026-11-23,4\n"
              "2026-11-30,0\n");
  assert_csv (escalations, "satisfaction",
              "Surveys,Answers,Average rating,Rated 1 or 2\n"
              "All surveys,1,2.00,1\n");
  g_clear_pointer (&workload, g_ptr_array_unref);
  workload = run_with (f->cache, plan, HD_REPORT_WORKLOAD, priya);
  assert_csv (workload, "workload",
              "Technician,Critical,High,Medium,Normal,Open,Overdue\n"
              "Priya Raman,0,0,0,0,0,0\n");
}

/* A week with no tickets: counts of zero, and no value where a share or
 * a time would be of nothing. */
static void
test_empty_range (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HdReportFilter) filter = hd_report_filter_new (day ("2026-10-05"), day ("2026-10-12"));
  g_autoptr(GPtrArray) volume = run_with (f->cache, plan, HD_REPORT_VOLUME, filter);
  g_autoptr(GPtrArray) sla = run_with (f->cache, plan, HD_REPORT_SLA, filter);
  g_autoptr(GPtrArray) escalations = run_with (f->cache, plan, HD_REPORT_ESCALATIONS, filter);
  g_autoptr(GPtrArray) backlog = run_with (f->cache, plan, HD_REPORT_BACKLOG, filter);

  assert_csv (volume, "volume-by-week", "Week,Created,Resolved\n2026-10-05,0,0\n");
  assert_csv (sla, "sla-by-week",
              "Week,Response met,Resolution met,Response targets,Resolution targets\n"
              "2026-10-05,,,0,0\n");
  assert_csv (sla, "sla-times",
              "Priority,\"Response, median\",\"Response, 90th percentile\",\"Resolution, median\","
              "\"Resolution, 90th percentile\"\n"
              "Critical,,,,\n"
              "High,,,,\n"
              "Medium,,,,\n"
              "Normal,,,,\n"
              "All priorities,,,,\n");
  assert_csv (escalations, "ratings", "Rating,Answers,Share\n1,0,\n2,0,\n3,0,\n4,0,\n5,0,\n");
  assert_csv (escalations, "satisfaction", "Surveys,Answers,Average rating,Rated 1 or 2\nAll surveys,0,,0\n");
  assert_csv (escalations, "low-ratings", "Ticket,Answered,Rating,Topic,Technician,Comment\n");
  g_assert_cmpuint (hd_report_table_get_n_rows (find_table (backlog, "backlog")), ==, 7);
  g_assert_cmpfloat (hd_report_table_get_value (find_table (backlog, "backlog"), 6, 4), ==, 0);
}

/* A range that starts on a Wednesday: its weeks are still named by
 * their Mondays, the first and the last in part. */
static void
test_partial_weeks (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(HdReportFilter) filter = hd_report_filter_new (day ("2026-11-18"), day ("2026-12-01"));
  g_autoptr(GPtrArray) volume = run_with (f->cache, plan, HD_REPORT_VOLUME, filter);

  /* 101 (the 16th) and 110 (1 December) are out; 102, 106, 103 and 104
   * in; resolved: 102 (24th), 106 (30th) */
  assert_csv (volume, "volume-by-week",
              "Week,Created,Resolved\n"
              "2026-11-16,2,0\n"
              "2026-11-23,1,1\n"
              "2026-11-30,1,1\n");
}

/* The closest-ranks percentile of sorted @v, worked out the plain way. */
static double
sorted_percentile (const double *v,
                   guint         n,
                   double        p)
{
  double rank = p * (n - 1);
  guint below = (guint) rank;

  return below + 1 < n ? v[below] + (rank - below) * (v[below + 1] - v[below]) : v[below];
}

/* Many response times, a tenth of them repeats, against a sort: each
 * ticket answered within Monday 16 November's first opening (07:00 to
 * 11:30), so its business time is the seconds after 07:00. */
static void
test_percentiles (Fixture       *f,
                  gconstpointer  data)
{
  const guint counts[] = { 1, 2, 3, 10, 257 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gint64 opening = hd_test_instant ("2026-11-16T13:00:00Z");

  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    {
      g_autoptr(HdChanges) page = hd_changes_new ();
      g_autoptr(HdReportFilter) filter = hd_report_filter_new (day ("2026-11-16"), day ("2026-11-17"));
      g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GPtrArray) tables = NULL;
      g_autoptr(GError) error = NULL;
      HdReportTable *times;
      gint64 last = 0;

      filter->location = g_strdup_printf ("Room %u", c);
      for (guint i = 0; i < counts[c]; i++)
        {
          /* the index the times are read from orders them within a
           * topic and technician: several of each, so they come unsorted */
          const char *topics[] = { "network", "classroom-av", "accounts-passwords" };
          const char *technicians[] = { "priya", "marcus", "keiko", "luis" };
          Spec spec = { 1000 * (c + 1) + i, HD_PRIORITY_NORMAL, topics[i % 3], filter->location, technicians[i % 4],
                        HD_STATUS_IN_PROGRESS, "2026-11-16T13:00:00Z" };
          HdTicket *t = make_ticket (&spec);
          gint64 after = i % 10 == 9 ? last : g_rand_int_range (rand, 0, 4 * 3600 + 1800);
          double seconds = after;

          t->first_response_at = opening + after;
          last = after;
          g_array_append_val (expected, seconds);
          hd_changes_add_ticket (page, t);
        }
      page->cursor = g_strdup_printf ("test.p%u", c);
      g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
      g_assert_no_error (error);
      g_array_sort (expected, hd_test_compare_doubles);

      tables = run_with (f->cache, plan, HD_REPORT_SLA, filter);
      times = find_table (tables, "sla-times");
      for (guint row = 3; row <= 4; row++)
        {
          g_assert_cmpfloat_with_epsilon (hd_report_table_get_value (times, row, 0),
                                          sorted_percentile ((double *) expected->data, counts[c], 0.5), 1e-6);
          g_assert_cmpfloat_with_epsilon (hd_report_table_get_value (times, row, 1),
                                          sorted_percentile ((double *) expected->data, counts[c], 0.9), 1e-6);
        }
    }
}

static void
test_bad_range (Fixture       *f,
                gconstpointer  data)
{
  const gint64 ranges[][2] = {
    { day ("2026-11-16"), day ("2026-11-16") },
    { day ("2026-11-16"), day ("2026-11-15") },
    { day ("2016-01-01"), day ("2016-01-01") + HD_REPORT_MAX_DAYS + 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      g_autoptr(HdReportFilter) filter = hd_report_filter_new (ranges[i][0], ranges[i][1]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) tables = hd_report_run (f->cache, plan, HD_REPORT_VOLUME, filter, 0, NULL, &error);

      g_assert_null (tables);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

static void
ran_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* In a worker, as the app asks; cancelled, it says so. */
static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HdReportFilter) filter = hd_report_filter_new (day (FROM), day (TO));
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) refused = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;

  hd_report_run_async (f->cache, plan, HD_REPORT_VOLUME, filter, hd_test_instant (NOW), NULL, ran_cb, &result);
  g_cancellable_cancel (cancelled);
  hd_report_run_async (f->cache, plan, HD_REPORT_SLA, filter, hd_test_instant (NOW), cancelled, ran_cb, &refused);
  while (result == NULL || refused == NULL)
    g_main_context_iteration (NULL, TRUE);
  tables = hd_report_run_finish (f->cache, result, &error);
  g_assert_no_error (error);
  assert_csv (tables, "volume-by-week", volume_by_week);
  none = hd_report_run_finish (f->cache, refused, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
assert_same_tables (GPtrArray *expected,
                    GPtrArray *actual)
{
  g_assert_cmpuint (actual->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(GString) a = g_string_new (NULL);
      g_autoptr(GString) b = g_string_new (NULL);

      hd_report_table_write_csv (g_ptr_array_index (expected, i), a);
      hd_report_table_write_csv (g_ptr_array_index (actual, i), b);
      g_assert_cmpstr (hd_report_table_get_id (g_ptr_array_index (expected, i)), ==,
                       hd_report_table_get_id (g_ptr_array_index (actual, i)));
      g_assert_cmpstr (b->str, ==, a->str);
    }
}

/* All five from one read are the five made one by one, with a filter
 * too; and in a worker. */
static void
test_run_all (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(HdReportFilter) filter = hd_report_filter_new (day (FROM), day (TO));
  g_autoptr(HdReportFilter) network = hd_report_filter_new (day (FROM), day (TO));
  HdReportFilter *filters[] = { filter, network };

  network->topic = g_strdup ("network");
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) all = hd_report_run_all (f->cache, plan, filters[i], hd_test_instant (NOW), NULL, &error);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) async = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (all->len, ==, HD_N_REPORTS);
      for (HdReportKind k = 0; k < HD_N_REPORTS; k++)
        {
          g_autoptr(GPtrArray) one = run_with (f->cache, plan, k, filters[i]);

          assert_same_tables (one, g_ptr_array_index (all, k));
        }
      hd_report_run_all_async (f->cache, plan, filters[i], hd_test_instant (NOW), NULL, ran_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      async = hd_report_run_all_finish (f->cache, result, &error);
      g_assert_no_error (error);
      for (HdReportKind k = 0; k < HD_N_REPORTS; k++)
        assert_same_tables (g_ptr_array_index (all, k), g_ptr_array_index (async, k));
    }
}

static void
test_kinds (void)
{
  HdReportKind kind;

  for (HdReportKind k = 0; k < HD_N_REPORTS; k++)
    {
      g_assert_true (hd_report_kind_from_string (hd_report_kind_to_string (k), &kind));
      g_assert_cmpint (kind, ==, k);
      g_assert_nonnull (hd_report_kind_get_title (k));
    }
  g_assert_false (hd_report_kind_from_string ("workloads", &kind));
  g_assert_cmpstr (hd_report_kind_to_string (HD_REPORT_SLA), ==, "sla");
}

/* helpdesk-cli report, as a supervisor runs it: signed in to a real
 * server, the fixtures in that account's cache, offline from there. */

/* helpdesk-cli with @home, @input on its standard input, the arguments
 * after it up to a NULL. */
static void
cli (const char *home,
     HdTestRun  *r,
     const char *input,
     const char *first,
     ...)
{
  va_list args;

  va_start (args, first);
  hd_test_cli_run_valist (r, home, NULL, input, first, args);
  va_end (args);
}

static void
assert_usage_error (HdTestRun  *r,
                    const char *fragment)
{
  g_assert_cmpint (r->status, ==, 2);
  g_assert_cmpstr (r->out, ==, "");
  if (strstr (r->err, fragment) == NULL)
    g_error ("“%s” does not say “%s”", r->err, fragment);
}

static char *
only_cache (const char *home)
{
  g_autofree char *dir = g_build_filename (home, "data", "helpdesk", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  char *found = NULL;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".db"))
      {
        g_assert_null (found);
        found = g_build_filename (dir, name, NULL);
      }
  g_assert_nonnull (found);
  return found;
}

static void
remove_tree (const char *dir)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

static void
test_cli_arguments (void)
{
  g_autofree char *home = g_dir_make_tmp ("helpdesk-report-cli-XXXXXX", NULL);
  struct { const char *args[7]; const char *fragment; } cases[] = {
    { { "report", "--from", FROM, "--to", TO }, "name one report" },
    { { "report", "weekly", "--from", FROM, "--to", TO }, "“weekly” is not a report" },
    { { "report", "volume", "--from", "2026-11-31", "--to", TO }, "--from: “2026-11-31” is not a date" },
    { { "report", "volume", "--from", FROM, "--to", "next week" }, "--to: “next week” is not a date" },
    { { "report", "volume", "--from", FROM }, "report needs --from and --to" },
    { { "report", "volume", "--from", TO, "--to", FROM }, "the range must end after" },
    { { "report", "volume", "--from", "2016-01-01", "--to", TO }, "at most 3660 days" },
    { { "report", "volume", "--from", FROM, "--to", TO, "--frobnicate" }, "--frobnicate" },
  };
  g_auto(HdTestRun) help = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(HdTestRun) r = { 0 };
      const char **a = cases[i].args;

      cli (home, &r, NULL, a[0], a[1], a[2], a[3], a[4], a[5], a[6], NULL);
      assert_usage_error (&r, cases[i].fragment);
    }
  cli (home, &help, NULL, "report", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "workload, backlog, volume, sla, escalations"));
  g_assert_nonnull (strstr (help.out, "--technician"));
  remove_tree (home);
}

static void
test_cli (void)
{
  g_autoptr(GError) error = NULL;
  HdTestServer *server = hd_test_server_start (plan_path);
  g_autofree char *home = g_dir_make_tmp ("helpdesk-report-cli-XXXXXX", &error);
  g_autofree char *office = g_dir_make_tmp ("helpdesk-report-cli-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *volume = NULL;
  g_autofree char *times = NULL;
  g_auto(HdTestRun) login = { 0 };
  g_auto(HdTestRun) csv = { 0 };
  g_auto(HdTestRun) text = { 0 };
  g_auto(HdTestRun) table = { 0 };
  g_auto(HdTestRun) topic = { 0 };
  g_auto(HdTestRun) no_table = { 0 };
  g_auto(HdTestRun) requester = { 0 };
  g_auto(HdTestRun) refused = { 0 };
  g_autofree char *url = g_strndup (server->base, strlen (server->base) - strlen ("api/v1"));

  hd_test_server_add_user (server, "dana", "supervisor", "super-pass");
  hd_test_server_add_user (server, "frontdesk", "requester", "front-pass");
  cli (home, &login, "super-pass\n", "login", "--server", url, "--user", "dana", NULL);
  if (login.status != 0)
    g_error ("login: %s", login.err);
  path = only_cache (home);
  {
    g_autoptr(HdCache) cache = hd_cache_open (path, &error);

    g_assert_no_error (error);
    write_fixtures (cache);
  }

  /* the whole report, its tables a blank line apart */
  cli (home, &csv, NULL, "report", "volume", "--from", FROM, "--to", TO, "--csv", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  volume = g_strjoin ("\n", volume_by_week, volume_by_topic, volume_by_location, NULL);
  {
    g_auto(GStrv) lines = g_strsplit (volume, "\n", -1);
    g_autofree char *crlf = g_strjoinv ("\r\n", lines);

    g_assert_cmpstr (csv.out, ==, crlf);
  }

  /* times do not depend on when the test runs; the shares of open
   * tickets do, so they are left to the tests above */
  cli (home, &table, NULL, "report", "sla", "--from", FROM, "--to", TO, "--table", "sla-times", "--csv", NULL);
  g_assert_cmpint (table.status, ==, 0);
  {
    g_auto(GStrv) lines = g_strsplit (sla_times, "\n", -1);

    times = g_strjoinv ("\r\n", lines);
    g_assert_cmpstr (table.out, ==, times);
  }

  cli (home, &text, NULL, "report", "volume", "--from", FROM, "--to", TO, "--table", "volume-by-week", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_cmpstr (text.out, ==,
                   "Volume, 2026-11-16 to 2026-12-04\n"
                   "\n"
                   "Tickets created and resolved per week\n"
                   "\n"
                   "Week        Created  Resolved\n"
                   "2026-11-16        3         2\n"
                   "2026-11-23        1         1\n"
                   "2026-11-30        4         2\n");

  cli (home, &topic, NULL, "report", "escalations", "--from", FROM, "--to", TO, "--topic", "network",
       "--table", "low-ratings", NULL);
  g_assert_cmpint (topic.status, ==, 0);
  g_assert_nonnull (strstr (topic.out, "; topic network\n"));
  g_assert_nonnull (strstr (topic.out, "HD-102  2026-11-30  2       Network and Wi-Fi  Priya Raman  Took two days.\n"));

  cli (home, &no_table, NULL, "report", "sla", "--from", FROM, "--to", TO, "--table", "nope", NULL);
  assert_usage_error (&no_table, "sla-by-priority, sla-by-week, sla-times");
  {
    g_auto(HdTestRun) bad = { 0 };

    cli (home, &bad, NULL, "report", "sla", "--from", FROM, "--to", TO, "--topic", "Network and Wi-Fi", NULL);
    assert_usage_error (&bad, "the plan has no topic “Network and Wi-Fi”");
  }

  /* a requester's cache holds only their own tickets */
  cli (office, &requester, "front-pass\n", "login", "--server", url, "--user", "frontdesk", NULL);
  g_assert_cmpint (requester.status, ==, 0);
  cli (office, &refused, NULL, "report", "workload", "--from", FROM, "--to", TO, NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "reports are for the support team"));

  hd_test_server_stop (server);
  remove_tree (home);
  remove_tree (office);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  const gconstpointer with_plan = GINT_TO_POINTER (1);

  g_test_init (&argc, &argv, NULL);
  plan_path = g_build_filename (g_getenv ("HD_SOURCE_DIR"), "data", "plans", "example-district.plan", NULL);
  plan = hd_plan_load (plan_path, HD_PLAN_SCOPE_FULL, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/report/kinds", test_kinds);
  g_test_add ("/report/all", Fixture, NULL, fixture_set_up, test_reports, fixture_tear_down);
  g_test_add ("/report/write-time", Fixture, with_plan, fixture_set_up, test_write_time, fixture_tear_down);
  g_test_add ("/report/plan-change", Fixture, with_plan, fixture_set_up, test_plan_change, fixture_tear_down);
  g_test_add ("/report/written-after-report", Fixture, NULL, fixture_set_up, test_written_after_report,
              fixture_tear_down);
  g_test_add ("/report/filters", Fixture, NULL, fixture_set_up, test_filters, fixture_tear_down);
  g_test_add ("/report/empty-range", Fixture, NULL, fixture_set_up, test_empty_range, fixture_tear_down);
  g_test_add ("/report/partial-weeks", Fixture, NULL, fixture_set_up, test_partial_weeks, fixture_tear_down);
  g_test_add ("/report/percentiles", Fixture, NULL, fixture_set_up, test_percentiles, fixture_tear_down);
  g_test_add ("/report/bad-range", Fixture, NULL, fixture_set_up, test_bad_range, fixture_tear_down);
  g_test_add ("/report/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);
  g_test_add ("/report/run-all", Fixture, NULL, fixture_set_up, test_run_all, fixture_tear_down);
  g_test_add_func ("/report/cli-arguments", test_cli_arguments);
  g_test_add_func ("/report/cli", test_cli);

  return g_test_run ();
}

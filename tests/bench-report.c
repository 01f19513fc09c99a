/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <glib/gstdio.h>

#include "hd-cache.h"
#include "hd-json.h"
#include "hd-report.h"
#include "hd-sla.h"
#include "hd-test-util.h"
#include "hd-time.h"

/* The reports over a cache of a million tickets: a year of the example
 * district at a few thousand tickets a business day, written as a sync
 * writes them (pages of 10,000, each one transaction, the report columns
 * computed as each ticket is written). Then each report over the whole
 * year, all five one after another, all five from one read (as the
 * Reports dialog asks for them), a month, and a filtered year; then what
 * a change of plan costs, when every ticket's business times are counted
 * again. Prints the median of each run, in wall time and in the CPU time
 * of the calling thread, which a busy machine inflates less.
 * Usage: bench-report [TICKETS [RUNS]]. */

#define PAGE 10000

static const double priority_shares[HD_N_PRIORITIES] = { 0.05, 0.15, 0.30, 0.50 };
static const double rating_shares[5] = { 0.04, 0.06, 0.10, 0.25, 0.55 };
static const char * const complaints[] = {
  "Nobody told me it was waiting on me.", "It took three days to fix a projector.",
  "The same problem came back the next morning.", NULL,
};

typedef struct {
  HdPlan     *plan;
  HdCalendar *calendar;
  GRand      *rand;
  gint64      now;
  gint64      first_day;
  GArray     *open_days;       /* gint64: the local days the desk opens */
} Maker;

static guint
pick_share (GRand        *rand,
            const double *shares,
            guint         n)
{
  double roll = g_rand_double (rand);

  for (guint i = 0; i + 1 < n; i++)
    if ((roll -= shares[i]) < 0)
      return i;
  return n - 1;
}

static gint64
local_midnight (Maker  *m,
                gint64  day)
{
  return hd_zone_to_utc (hd_plan_get_zone (m->plan), day * HD_SECONDS_PER_DAY, HD_ZONE_EARLIER);
}

static void
list_open_days (Maker *m)
{
  gint64 last = hd_calendar_local_day (m->calendar, m->now);

  m->open_days = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (gint64 day = m->first_day; day < last; day++)
    if (hd_calendar_elapsed (m->calendar, local_midnight (m, day), local_midnight (m, day + 1)) > 0)
      g_array_append_val (m->open_days, day);
}

/* A share of a target, mostly well within it, one in ten past it. */
static gint64
spend (Maker  *m,
       gint64  target)
{
  double share = g_rand_double (m->rand) < 0.1 ? g_rand_double_range (m->rand, 1.05, 2.0)
                                                : g_rand_double_range (m->rand, 0.05, 0.95);

  return MAX (60, (gint64) (share * target));
}

/* Ticket @i of @n, created in order over the year: its life as the
 * server would have recorded it by now. */
static HdTicket *
make_ticket (Maker *m,
             guint  i,
             guint  n)
{
  HdTicket *t = hd_ticket_new ();
  const GPtrArray *topics = hd_plan_get_topics (m->plan);
  const HdPlanTopic *topic = g_ptr_array_index (topics, g_rand_int_range (m->rand, 0, topics->len));
  const char * const *locations = hd_plan_get_locations (m->plan);
  gint64 day = g_array_index (m->open_days, gint64, (gsize) i * m->open_days->len / n);
  gint64 opening = hd_calendar_next_opening (m->calendar, local_midnight (m, day));
  const HdPlanPriority *level;
  HdInterval waiting = { -1, -1 };
  gint64 started;

  t->id = g_strdup_printf ("00000000-0000-4000-8000-%012x", i + 1);
  t->number = i + 1;
  t->subject = g_strdup_printf ("Projector in room %u shows no picture", g_rand_int_range (m->rand, 1, 340));
  t->description = g_strdup ("Reported from the front office. A class is waiting.");
  t->requester_name = g_strdup ("Ms. Rivera");
  t->requester_email = g_strdup ("rivera@springfield.example");
  t->submitted_by = g_strdup ("frontdesk");
  t->location = g_strdup (locations[g_rand_int_range (m->rand, 0, g_strv_length ((char **) locations))]);
  t->topic = g_strdup (topic->id);
  t->scope = g_strdup ("few");
  t->effect = g_strdup ("blocked");
  t->priority = pick_share (m->rand, priority_shares, HD_N_PRIORITIES);
  t->assignee = g_strdup (topic->team[g_rand_int_range (m->rand, 0, g_strv_length (topic->team))]);
  level = hd_plan_get_priority (m->plan, t->priority);
  t->created_at = t->acknowledged_at =
    hd_calendar_add (m->calendar, opening, g_rand_int_range (m->rand, 0, 4 * 3600));
  t->first_response_at = hd_calendar_add (m->calendar, t->created_at, spend (m, level->response));
  started = t->first_response_at + 60;
  if (g_rand_double (m->rand) < 0.15)
    {
      waiting.start = started + 600;
      waiting.end = hd_calendar_add (m->calendar, waiting.start, g_rand_int_range (m->rand, 1200, 6 * 3600));
      started = waiting.end;
    }
  t->response_due_at = hd_sla_deadline (m->plan, t->priority, HD_SLA_RESPONSE, t->created_at, NULL, 0);
  t->resolution_due_at = hd_sla_deadline (m->plan, t->priority, HD_SLA_RESOLUTION, t->created_at, &waiting,
                                          waiting.start >= 0);
  t->resolved_at = hd_calendar_add (m->calendar, started, spend (m, level->resolution) / 2);
  t->escalation_level = (t->first_response_at > t->response_due_at) + (t->resolved_at > t->resolution_due_at);
  if (t->first_response_at > m->now)
    {
      t->first_response_at = -1;
      t->status = HD_STATUS_NEW;
    }
  if (t->resolved_at > m->now)
    {
      t->resolved_at = -1;
      t->status = t->first_response_at < 0 ? HD_STATUS_NEW
                  : waiting.end > m->now && waiting.start <= m->now ? HD_STATUS_WAITING : HD_STATUS_IN_PROGRESS;
    }
  else if (g_rand_double (m->rand) < 0.3)
    {
      t->status = HD_STATUS_CLOSED;
      t->survey_rating = pick_share (m->rand, rating_shares, 5) + 1;
      t->survey_at = t->closed_at = t->resolved_at + 3600;
      if (t->survey_rating <= 2)
        t->survey_comment = g_strdup (complaints[g_rand_int_range (m->rand, 0, G_N_ELEMENTS (complaints))]);
    }
  else
    {
      t->status = HD_STATUS_CLOSED;
      t->closed_at = t->resolved_at + 86400;
    }
  t->updated_at = MAX (t->created_at, MAX (t->resolved_at, t->closed_at));
  return t;
}

/* As a sync writes them: pages of the change feed, each in one
 * transaction, with the account's plan in the cache so that every ticket
 * gets its report columns as it is written. */
static void
fill (HdCache *cache,
      Maker   *m,
      guint    n)
{
  g_autoptr(JsonNode) node = hd_plan_to_json (m->plan);
  g_autofree char *json = hd_json_to_string (node);
  g_autoptr(GError) error = NULL;

  if (!hd_cache_set_meta (cache, "plan", json, &error))
    g_error ("%s", error->message);
  for (guint start = 0; start < n; start += PAGE)
    {
      g_autoptr(HdChanges) page = hd_changes_new ();

      for (guint i = start; i < MIN (start + PAGE, n); i++)
        hd_changes_add_ticket (page, make_ticket (m, i, n));
      page->cursor = g_strdup_printf ("bench.%u", start);
      if (!hd_cache_apply_changes (cache, page, &error))
        g_error ("%s", error->message);
    }
}

typedef struct {
  HdCache        *cache;
  HdPlan         *plan;
  gint64          now;
  guint           runs;
} Bench;

typedef enum {
  ONE_AFTER_ANOTHER = HD_N_REPORTS,
  ONE_READ,
} Together;

static void
run_once (Bench                *b,
          const char           *label,
          guint                 what,
          const HdReportFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tables = NULL;

  if (what == ONE_READ)
    tables = hd_report_run_all (b->cache, b->plan, filter, b->now, NULL, &error);
  else
    for (HdReportKind k = 0; k < HD_N_REPORTS; k++)
      {
        if (what != ONE_AFTER_ANOTHER && k != what)
          continue;
        g_clear_pointer (&tables, g_ptr_array_unref);
        tables = hd_report_run (b->cache, b->plan, k, filter, b->now, NULL, &error);
        if (tables == NULL)
          break;
      }
  if (tables == NULL)
    g_error ("%s: %s", label, error->message);
}

/* @what: a report, or all five one after another or from one read;
 * @runs times, the median printed. */
static void
time_reports (Bench                *b,
              const char           *label,
              guint                 what,
              const HdReportFilter *filter)
{
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r < b->runs; r++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu_start = hd_test_thread_cpu_ms ();
      double wall_ms, cpu_used;

      run_once (b, label, what, filter);
      wall_ms = (g_get_monotonic_time () - start) / 1000.0;
      cpu_used = hd_test_thread_cpu_ms () - cpu_start;
      g_array_append_val (wall, wall_ms);
      g_array_append_val (cpu, cpu_used);
    }
  g_array_sort (wall, hd_test_compare_doubles);
  g_array_sort (cpu, hd_test_compare_doubles);
  printf ("%-48s median %7.1f ms over %u runs (cpu %.1f ms)\n", label, g_array_index (wall, double, b->runs / 2),
          b->runs, g_array_index (cpu, double, b->runs / 2));
  fflush (stdout);
}

/* The example plan with one more holiday: every ticket's business times
 * are counted again. */
static HdPlan *
snowed_plan (const char *path)
{
  g_autofree char *text = NULL;
  g_autofree char *changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) holidays = g_regex_new ("^Holidays=", G_REGEX_MULTILINE, 0, NULL);
  HdPlan *plan;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
  changed = g_regex_replace_literal (holidays, text, -1, 0, "Holidays=2026-02-02;", 0, NULL);
  plan = hd_plan_load_from_data (changed, strlen (changed), path, HD_PLAN_SCOPE_FULL, NULL, &error);
  if (plan == NULL)
    g_error ("%s", error->message);
  return plan;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *plan_path = g_build_filename (g_getenv ("HD_SOURCE_DIR") ? g_getenv ("HD_SOURCE_DIR") : ".",
                                                 "data", "plans", "example-district.plan", NULL);
  const guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autoptr(GError) error = NULL;
  g_autoptr(HdPlan) plan = hd_plan_load (plan_path, HD_PLAN_SCOPE_FULL, NULL, &error);
  g_autoptr(HdPlan) snowed = NULL;
  g_autofree char *path = NULL;
  char *dir;
  g_autoptr(HdCache) cache = NULL;
  g_autoptr(HdReportFilter) year = NULL, month = NULL, filtered = NULL;
  Maker maker = { 0 };
  Bench bench = { 0 };
  gint64 start;

  if (plan == NULL)
    g_error ("%s", error->message);
  cache = hd_test_temp_cache ("bench-report", &dir, &path);

  maker.plan = plan;
  maker.calendar = hd_plan_get_calendar (plan);
  maker.rand = g_rand_new_with_seed (42);
  hd_time_parse_rfc3339 ("2026-11-30T15:00:00Z", &maker.now);
  maker.first_day = hd_calendar_local_day (maker.calendar, maker.now) - 365;
  list_open_days (&maker);
  start = g_get_monotonic_time ();
  fill (cache, &maker, n);
  printf ("write %u tickets over %u business days, as a sync does: %.1f s\n", n, maker.open_days->len,
          (g_get_monotonic_time () - start) / 1e6);
  g_rand_free (maker.rand);
  g_array_unref (maker.open_days);

  /* as the app finds it on its next start */
  g_clear_object (&cache);
  cache = hd_cache_open (path, &error);
  if (cache == NULL)
    g_error ("%s", error->message);
  bench = (Bench) { cache, plan, maker.now, argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 5 };
  year = hd_report_filter_new (maker.first_day, maker.first_day + 366);
  for (HdReportKind k = 0; k < HD_N_REPORTS; k++)
    {
      g_autofree char *label = g_strdup_printf ("year, %s", hd_report_kind_to_string (k));

      time_reports (&bench, label, k, year);
    }
  time_reports (&bench, "year, all five one after another", ONE_AFTER_ANOTHER, year);
  time_reports (&bench, "year, all five from one read (run_all)", ONE_READ, year);
  month = hd_report_filter_new (maker.first_day + 335, maker.first_day + 366);
  time_reports (&bench, "last month, all five from one read", ONE_READ, month);
  filtered = hd_report_filter_copy (year);
  filtered->location = g_strdup ("Central High School");
  filtered->topic = g_strdup ("network");
  time_reports (&bench, "year, a location and a topic, all five", ONE_READ, filtered);

  snowed = snowed_plan (plan_path);
  bench.plan = snowed;
  start = g_get_monotonic_time ();
  run_once (&bench, "plan change", ONE_READ, year);
  printf ("a change of plan: business times of %u tickets counted again, then the five reports: %.1f s\n", n,
          (g_get_monotonic_time () - start) / 1e6);

  g_clear_object (&cache);
  hd_test_remove_temp_cache (dir);
  return 0;
}

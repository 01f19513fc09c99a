/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-report-private.h"
#include "hd-time.h"

/* Workload and Backlog: the open tickets of the range, as they stand at
 * the report's "now". */

/* Backlog ages, in business days: the days the help desk was open from
 * the day a ticket came in up to yesterday. */
static const struct {
  gint64      most;
  const char *label;
} ages[] = {
  { 0, N_("Less than a day") },
  { 1, N_("1 day") },
  { 3, N_("2–3 days") },
  { 5, N_("4–5 days") },
  { 10, N_("6–10 days") },
  { 20, N_("11–20 days") },
  { G_MAXINT64, N_("More than 20 days") },
};

static gboolean
on_a_team (HdPlan     *plan,
           const char *username,
           const char *only_topic)
{
  const GPtrArray *topics = hd_plan_get_topics (plan);

  for (guint i = 0; i < topics->len; i++)
    {
      const HdPlanTopic *topic = g_ptr_array_index (topics, i);

      if (only_topic != NULL && !g_str_equal (topic->id, only_topic))
        continue;
      if (g_strcmp0 (topic->lead, username) == 0 || g_strv_contains ((const char * const *) topic->team, username))
        return TRUE;
    }
  return FALSE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Who gets a row: the technician asked for; or the plan's team (of the
 * topic asked for) in the plan's order, then anyone else holding tickets,
 * then nobody (unassigned, ""). */
static GPtrArray *
list_technicians (HdPlan               *plan,
                  const HdReportFilter *filter,
                  const HdReportFacts  *facts)
{
  GPtrArray *names = g_ptr_array_new ();
  const GPtrArray *members = hd_plan_get_members (plan);
  g_autoptr(GPtrArray) others = g_ptr_array_new ();

  if (filter->technician != NULL)
    {
      g_ptr_array_add (names, (gpointer) g_intern_string (filter->technician));
      return names;
    }
  for (guint i = 0; i < members->len; i++)
    {
      const HdPlanMember *member = g_ptr_array_index (members, i);

      if (on_a_team (plan, member->id, filter->topic))
        g_ptr_array_add (names, (gpointer) g_intern_string (member->id));
    }
  for (guint i = 0; i < facts->open->len; i++)
    {
      const char *assignee = g_array_index (facts->open, HdReportOpen, i).assignee;

      if (assignee != NULL && !g_ptr_array_find (names, assignee, NULL) && !g_ptr_array_find (others, assignee, NULL))
        g_ptr_array_add (others, (gpointer) assignee);
    }
  g_ptr_array_sort (others, compare_strings);
  g_ptr_array_extend (names, others, NULL, NULL);
  g_ptr_array_add (names, (gpointer) g_intern_static_string (""));
  return names;
}

/* Adds one to a row's priority column and its total. */
static void
count_in (HdReportTable *table,
          guint          row,
          HdPriority     priority,
          guint          total)
{
  _hd_report_add_to (table, row, priority, 1);
  _hd_report_add_to (table, row, total, 1);
}

/* Open tickets per technician, stacked by priority, with each one's
 * overdue count: those whose next deadline has passed (as the Breached
 * queue has them; a ticket waiting on its requester is never overdue). */
GPtrArray *
_hd_report_workload (HdPlan               *plan,
                     const HdReportFilter *filter,
                     gint64                now,
                     const HdReportFacts  *facts)
{
  HdReportTable *table = hd_report_table_new ("workload", _("Open tickets per technician"),
                                              HD_REPORT_CHART_STACKED_BARS, _("Technician"));
  g_autoptr(GPtrArray) names = list_technicians (plan, filter, facts);
  g_autoptr(GHashTable) rows = g_hash_table_new (NULL, NULL);
  guint total, overdue;

  _hd_report_add_priority_columns (table, plan, TRUE);
  total = hd_report_table_add_column (table, "open", C_("report column: tickets still open", "Open"), HD_REPORT_UNIT_COUNT, FALSE);
  overdue = hd_report_table_add_column (table, "overdue", _("Overdue"), HD_REPORT_UNIT_COUNT, FALSE);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      guint row = hd_report_table_add_row (table, *name != '\0' ? _hd_report_member_name (plan, name)
                                                                 : _("Unassigned"));

      g_hash_table_insert (rows, (gpointer) name, GUINT_TO_POINTER (row));
    }
  _hd_report_set_zeros (table);
  for (guint i = 0; i < facts->open->len; i++)
    {
      const HdReportOpen *o = &g_array_index (facts->open, HdReportOpen, i);
      gpointer found;
      guint row;

      if (!g_hash_table_lookup_extended (rows, o->assignee != NULL ? o->assignee : g_intern_static_string (""),
                                         NULL, &found))
        continue;
      row = GPOINTER_TO_UINT (found);
      count_in (table, row, o->priority, total);
      if (o->next_due_at >= 0 && o->next_due_at <= now)
        _hd_report_add_to (table, row, overdue, 1);
    }
  return _hd_report_tables_new (table, NULL);
}

/* Whether the help desk opens at all on local @day. */
static gboolean
is_business_day (HdPlan *plan,
                 gint64  day)
{
  HdZone *zone = hd_plan_get_zone (plan);
  gint64 start = hd_zone_to_utc (zone, day * HD_SECONDS_PER_DAY, HD_ZONE_EARLIER);
  gint64 end = hd_zone_to_utc (zone, (day + 1) * HD_SECONDS_PER_DAY, HD_ZONE_EARLIER);

  return hd_calendar_elapsed (hd_plan_get_calendar (plan), start, end) > 0;
}

static guint
age_row (gint64 business_days)
{
  guint row = 0;

  while (business_days > ages[row].most)
    row++;
  return row;
}

/* Open tickets by age in business days, stacked by priority. */
GPtrArray *
_hd_report_backlog (HdPlan               *plan,
                    const HdReportFilter *filter,
                    gint64                now,
                    const HdReportFacts  *facts)
{
  HdReportTable *table = hd_report_table_new ("backlog", _("Open tickets by age in business days"),
                                              HD_REPORT_CHART_STACKED_BARS, _("Age"));
  gint64 today = hd_calendar_local_day (hd_plan_get_calendar (plan), now);
  gint64 first = today;
  g_autofree gint64 *open_before = NULL;    /* business days from first up to a day */
  guint total;

  _hd_report_add_priority_columns (table, plan, TRUE);
  total = hd_report_table_add_column (table, "open", C_("report column: tickets still open", "Open"), HD_REPORT_UNIT_COUNT, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (ages); i++)
    hd_report_table_add_row (table, _(ages[i].label));
  _hd_report_set_zeros (table);

  for (guint i = 0; i < facts->open->len; i++)
    first = MIN (first, g_array_index (facts->open, HdReportOpen, i).created_day);
  open_before = g_new0 (gint64, today - first + 1);
  for (gint64 day = first; day < today; day++)
    open_before[day - first + 1] = open_before[day - first] + is_business_day (plan, day);

  for (guint i = 0; i < facts->open->len; i++)
    {
      const HdReportOpen *o = &g_array_index (facts->open, HdReportOpen, i);
      gint64 age = o->created_day < today ? open_before[today - first] - open_before[o->created_day - first] : 0;

      count_in (table, age_row (age), o->priority, total);
    }
  return _hd_report_tables_new (table, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "hd-report-private.h"
#include "hd-time.h"

/* Escalations and satisfaction, of what happened in the range: the
 * escalations on its days (see hd-cache-report.c for how their days are
 * known), the surveys answered in it. Low ratings are 1 and 2, the ones
 * the plan's Feedback member is mailed. */

static HdReportTable *
new_escalation_table (const char *id,
                      const char *title,
                      const char *row_heading)
{
  HdReportTable *table = hd_report_table_new (id, title, HD_REPORT_CHART_BARS, row_heading);

  hd_report_table_add_column (table, "escalations", _("Escalations"), HD_REPORT_UNIT_COUNT, TRUE);
  return table;
}

static HdReportTable *
by_week (const HdReportFilter *filter,
         const HdReportFacts  *facts)
{
  HdReportTable *table = new_escalation_table ("escalations-by-week", _("Escalations per week"), _("Week"));

  _hd_report_add_week_rows (table, filter);
  _hd_report_set_zeros (table);
  for (guint i = 0; i < facts->escalations->len; i++)
    {
      const HdReportEscalations *e = &g_array_index (facts->escalations, HdReportEscalations, i);

      _hd_report_add_to (table, _hd_report_week_of (filter, e->day), 0, e->escalations);
    }
  return table;
}

static HdReportTable *
by_topic (HdPlan              *plan,
          const HdReportFacts *facts)
{
  HdReportTable *table = new_escalation_table ("escalations-by-topic", _("Escalations per topic"), _("Topic"));
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autoptr(GHashTable) rows = NULL;

  for (guint i = 0; i < facts->escalations->len; i++)
    {
      const char *topic = g_array_index (facts->escalations, HdReportEscalations, i).topic;

      if (!g_ptr_array_find (found, topic, NULL))
        g_ptr_array_add (found, (gpointer) topic);
    }
  rows = _hd_report_add_topic_rows (table, plan, found);
  _hd_report_set_zeros (table);
  for (guint i = 0; i < facts->escalations->len; i++)
    {
      const HdReportEscalations *e = &g_array_index (facts->escalations, HdReportEscalations, i);

      _hd_report_add_to (table, GPOINTER_TO_UINT (g_hash_table_lookup (rows, e->topic)), 0, e->escalations);
    }
  return table;
}

/* Answers per rating, then how many in all, their average and the low
 * ones, a table of its own since its figures are not per rating. */
static void
add_ratings (GPtrArray           *tables,
             const HdReportFacts *facts)
{
  HdReportTable *ratings = hd_report_table_new ("ratings", _("Survey ratings"), HD_REPORT_CHART_BARS, _("Rating"));
  HdReportTable *summary = hd_report_table_new ("satisfaction", _("Satisfaction"), HD_REPORT_CHART_NONE,
                                                _("Surveys"));
  const gint64 *counts = facts->ratings;
  gint64 answers = 0, points = 0;
  guint row;

  hd_report_table_add_column (ratings, "answers", _("Answers"), HD_REPORT_UNIT_COUNT, TRUE);
  hd_report_table_add_column (ratings, "share", _("Share"), HD_REPORT_UNIT_PERCENT, FALSE);
  for (guint r = 0; r < 5; r++)
    {
      answers += counts[r];
      points += (r + 1) * counts[r];
    }
  for (guint r = 0; r < 5; r++)
    {
      g_autofree char *label = g_strdup_printf ("%u", r + 1);

      row = hd_report_table_add_row (ratings, label);
      hd_report_table_set_value (ratings, row, 0, counts[r]);
      hd_report_table_set_value (ratings, row, 1, _hd_report_percent (counts[r], answers));
    }

  hd_report_table_add_column (summary, "answers", _("Answers"), HD_REPORT_UNIT_COUNT, FALSE);
  hd_report_table_add_column (summary, "average", _("Average rating"), HD_REPORT_UNIT_RATING, FALSE);
  hd_report_table_add_column (summary, "low", _("Rated 1 or 2"), HD_REPORT_UNIT_COUNT, FALSE);
  row = hd_report_table_add_row (summary, _("All surveys"));
  hd_report_table_set_value (summary, row, 0, answers);
  hd_report_table_set_value (summary, row, 1, answers > 0 ? (double) points / answers : NAN);
  hd_report_table_set_value (summary, row, 2, counts[0] + counts[1]);
  g_ptr_array_add (tables, ratings);
  g_ptr_array_add (tables, summary);
}

/* The comments of low ratings, the newest first. */
static HdReportTable *
low_ratings (HdPlan              *plan,
             const HdReportFacts *facts)
{
  HdReportTable *table = hd_report_table_new ("low-ratings", _("Comments of surveys rated 1 or 2"),
                                              HD_REPORT_CHART_NONE, _("Ticket"));
  HdCalendar *calendar = hd_plan_get_calendar (plan);

  hd_report_table_add_column (table, "answered", _("Answered"), HD_REPORT_UNIT_TEXT, FALSE);
  hd_report_table_add_column (table, "rating", _("Rating"), HD_REPORT_UNIT_TEXT, FALSE);
  hd_report_table_add_column (table, "topic", _("Topic"), HD_REPORT_UNIT_TEXT, FALSE);
  hd_report_table_add_column (table, "technician", _("Technician"), HD_REPORT_UNIT_TEXT, FALSE);
  hd_report_table_add_column (table, "comment", _("Comment"), HD_REPORT_UNIT_TEXT, FALSE);
  for (guint i = 0; i < facts->low_ratings->len; i++)
    {
      const HdReportLowRating *low = g_ptr_array_index (facts->low_ratings, i);
      g_autofree char *ticket = g_strdup_printf ("HD-%" G_GINT64_FORMAT, low->number);
      g_autofree char *answered = low->answered_at >= 0
                                  ? hd_date_format (hd_calendar_local_day (calendar, low->answered_at)) : NULL;
      g_autofree char *rating = g_strdup_printf ("%" G_GINT64_FORMAT, low->rating);
      guint row = hd_report_table_add_row (table, ticket);

      hd_report_table_set_text (table, row, 0, answered);
      hd_report_table_set_text (table, row, 1, rating);
      hd_report_table_set_text (table, row, 2, _hd_report_topic_label (plan, low->topic));
      hd_report_table_set_text (table, row, 3, low->assignee != NULL ? _hd_report_member_name (plan, low->assignee)
                                                                      : NULL);
      hd_report_table_set_text (table, row, 4, low->comment);
    }
  return table;
}

GPtrArray *
_hd_report_escalations (HdPlan               *plan,
                        const HdReportFilter *filter,
                        gint64                now,
                        const HdReportFacts  *facts)
{
  GPtrArray *tables = _hd_report_tables_new (by_week (filter, facts), by_topic (plan, facts), NULL);

  add_ratings (tables, facts);
  g_ptr_array_add (tables, low_ratings (plan, facts));
  return tables;
}

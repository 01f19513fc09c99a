/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-report-private.h"

/* Volume: tickets created and resolved per week, and created by topic and
 * by location. */

static GPtrArray *
distinct (const HdReportFacts *facts,
          gboolean             locations)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < facts->created->len; i++)
    {
      const HdReportCreated *c = &g_array_index (facts->created, HdReportCreated, i);
      const char *value = locations ? c->location : c->topic;

      if (!g_ptr_array_find (found, value, NULL))
        g_ptr_array_add (found, (gpointer) value);
    }
  return found;
}

static HdReportTable *
by_week (const HdReportFilter *filter,
         const HdReportFacts  *facts)
{
  HdReportTable *table = hd_report_table_new ("volume-by-week", _("Tickets created and resolved per week"),
                                              HD_REPORT_CHART_LINES, _("Week"));
  guint created = hd_report_table_add_column (table, "created", _("Created"), HD_REPORT_UNIT_COUNT, TRUE);
  guint resolved = hd_report_table_add_column (table, "resolved", _("Resolved"), HD_REPORT_UNIT_COUNT, TRUE);

  _hd_report_add_week_rows (table, filter);
  _hd_report_set_zeros (table);
  for (guint i = 0; i < facts->created->len; i++)
    {
      const HdReportCreated *c = &g_array_index (facts->created, HdReportCreated, i);

      _hd_report_add_to (table, _hd_report_week_of (filter, c->day), created, c->tickets);
    }
  for (guint i = 0; i < facts->resolved->len; i++)
    {
      const HdReportResolved *r = &g_array_index (facts->resolved, HdReportResolved, i);

      _hd_report_add_to (table, _hd_report_week_of (filter, r->day), resolved, r->tickets);
    }
  return table;
}

static HdReportTable *
by_place (HdPlan              *plan,
          const HdReportFacts *facts,
          gboolean             locations)
{
  HdReportTable *table = locations
    ? hd_report_table_new ("volume-by-location", _("Tickets created by location"), HD_REPORT_CHART_BARS,
                           _("Location"))
    : hd_report_table_new ("volume-by-topic", _("Tickets created by topic"), HD_REPORT_CHART_BARS, _("Topic"));
  guint created = hd_report_table_add_column (table, "created", _("Created"), HD_REPORT_UNIT_COUNT, TRUE);
  g_autoptr(GPtrArray) found = distinct (facts, locations);
  g_autoptr(GHashTable) rows = locations ? _hd_report_add_location_rows (table, plan, found)
                                         : _hd_report_add_topic_rows (table, plan, found);

  _hd_report_set_zeros (table);
  for (guint i = 0; i < facts->created->len; i++)
    {
      const HdReportCreated *c = &g_array_index (facts->created, HdReportCreated, i);
      guint row = GPOINTER_TO_UINT (g_hash_table_lookup (rows, locations ? c->location : c->topic));

      _hd_report_add_to (table, row, created, c->tickets);
    }
  return table;
}

GPtrArray *
_hd_report_volume (HdPlan               *plan,
                   const HdReportFilter *filter,
                   gint64                now,
                   const HdReportFacts  *facts)
{
  return _hd_report_tables_new (by_week (filter, facts), by_place (plan, facts, FALSE),
                                by_place (plan, facts, TRUE), NULL);
}

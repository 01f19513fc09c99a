/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report"

#include "config.h"

#include <math.h>

#include "hd-report-private.h"
#include "hd-time.h"

/* What the reports share to build their tables: weeks, rows of the
 * plan's topics and locations, counts. */

static gint64
first_monday (const HdReportFilter *filter)
{
  return filter->from - hd_weekday_from_days (filter->from);
}

/* The weeks the range touches, the first and last maybe in part. */
guint
_hd_report_n_weeks (const HdReportFilter *filter)
{
  return (filter->to - 1 - first_monday (filter)) / 7 + 1;
}

guint
_hd_report_week_of (const HdReportFilter *filter,
                    gint64                day)
{
  g_assert (day >= filter->from && day < filter->to);

  return (day - first_monday (filter)) / 7;
}

/* A row per week, named by its Monday as YYYY-MM-DD. */
void
_hd_report_add_week_rows (HdReportTable        *table,
                          const HdReportFilter *filter)
{
  guint n = _hd_report_n_weeks (filter);

  for (guint w = 0; w < n; w++)
    {
      g_autofree char *monday = hd_date_format (first_monday (filter) + 7 * w);

      hd_report_table_add_row (table, monday);
    }
}

/* A count column per priority, most urgent first, with the ids charts
 * colour by. */
void
_hd_report_add_priority_columns (HdReportTable *table,
                                 HdPlan        *plan,
                                 gboolean       charted)
{
  for (HdPriority p = 0; p < HD_N_PRIORITIES; p++)
    hd_report_table_add_column (table, hd_priority_to_string (p), hd_plan_get_priority (plan, p)->label,
                                HD_REPORT_UNIT_COUNT, charted);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GHashTable *
add_rows (HdReportTable *table,
          HdPlan        *plan,
          GPtrArray     *known,
          GPtrArray     *found,
          const char  *(*label_of) (HdPlan *, const char *))
{
  GHashTable *rows = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) others = g_ptr_array_new ();

  for (guint i = 0; i < found->len; i++)
    {
      gpointer id = g_ptr_array_index (found, i);

      if (!g_ptr_array_find (known, id, NULL) && !g_ptr_array_find (others, id, NULL))
        g_ptr_array_add (others, id);
    }
  g_ptr_array_sort (others, compare_strings);
  g_ptr_array_extend (known, others, NULL, NULL);
  for (guint i = 0; i < known->len; i++)
    {
      const char *id = g_ptr_array_index (known, i);
      guint row = hd_report_table_add_row (table, label_of != NULL ? label_of (plan, id) : id);

      g_hash_table_insert (rows, (gpointer) id, GUINT_TO_POINTER (row));
    }
  return rows;
}

/* The plan's label, or the id of a topic the plan no longer has. */
const char *
_hd_report_topic_label (HdPlan     *plan,
                        const char *topic)
{
  const HdPlanTopic *found = hd_plan_find_topic (plan, topic);

  return found != NULL ? found->label : topic;
}

const char *
_hd_report_member_name (HdPlan     *plan,
                        const char *username)
{
  const HdPlanMember *member = hd_plan_find_member (plan, username);

  return member != NULL && member->name != NULL ? member->name : username;
}

/* A row per topic: the plan's in its order, then the others of @found
 * (interned ids) by id. Returns: (transfer full): interned id to row. */
GHashTable *
_hd_report_add_topic_rows (HdReportTable *table,
                           HdPlan        *plan,
                           GPtrArray     *found)
{
  const GPtrArray *topics = hd_plan_get_topics (plan);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < topics->len; i++)
    g_ptr_array_add (ids, (gpointer) g_intern_string (((HdPlanTopic *) g_ptr_array_index (topics, i))->id));
  return add_rows (table, plan, ids, found, _hd_report_topic_label);
}

/* The same for locations, named as the plan names them. */
GHashTable *
_hd_report_add_location_rows (HdReportTable *table,
                              HdPlan        *plan,
                              GPtrArray     *found)
{
  const char * const *locations = hd_plan_get_locations (plan);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; locations != NULL && locations[i] != NULL; i++)
    g_ptr_array_add (ids, (gpointer) g_intern_string (locations[i]));
  return add_rows (table, plan, ids, found, NULL);
}

/* Every cell 0: counts start from nothing, not from "no value". */
void
_hd_report_set_zeros (HdReportTable *table)
{
  for (guint r = 0; r < hd_report_table_get_n_rows (table); r++)
    for (guint c = 0; c < hd_report_table_get_n_columns (table); c++)
      hd_report_table_set_value (table, r, c, 0);
}

void
_hd_report_add_to (HdReportTable *table,
                   guint          row,
                   guint          column,
                   double         value)
{
  hd_report_table_set_value (table, row, column, hd_report_table_get_value (table, row, column) + value);
}

/* The tables of a report, in order; takes them. */
GPtrArray *
_hd_report_tables_new (HdReportTable *first,
                       ...)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_report_table_unref);
  va_list args;

  va_start (args, first);
  for (HdReportTable *table = first; table != NULL; table = va_arg (args, HdReportTable *))
    g_ptr_array_add (tables, table);
  va_end (args);
  return tables;
}

/* NAN where there is nothing to take a share of. */
double
_hd_report_percent (gint64 part,
                    gint64 whole)
{
  return whole > 0 ? 100.0 * part / whole : NAN;
}

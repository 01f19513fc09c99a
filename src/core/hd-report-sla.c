/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "hd-report-private.h"

/* Service levels: the share of tickets that met the response and the
 * resolution deadline, per priority and per week of creation, and the
 * median and 90th percentile business time to each. A target counts once
 * it is settled: met, missed, or still open past its deadline (missed as
 * of now); tickets within their deadline are left out. */

typedef struct {
  gint64 responses;
  gint64 responses_met;
  gint64 resolutions;
  gint64 resolutions_met;
} Tally;

static void
tally_add (Tally                  *tally,
           const HdReportSlaCount *count)
{
  tally->responses += count->responses;
  tally->responses_met += count->responses_met;
  tally->resolutions += count->resolutions;
  tally->resolutions_met += count->resolutions_met;
}

/* Open tickets past a deadline they have not met, by day and priority. */
static HdReportSlaCount *
missed_while_open (const HdReportFilter *filter,
                   gint64                now,
                   const HdReportFacts  *facts)
{
  HdReportSlaCount *missed = g_new0 (HdReportSlaCount, (gsize) (filter->to - filter->from) * HD_N_PRIORITIES);

  for (guint i = 0; i < facts->open->len; i++)
    {
      const HdReportOpen *o = &g_array_index (facts->open, HdReportOpen, i);
      HdReportSlaCount *count = &missed[(o->created_day - filter->from) * HD_N_PRIORITIES + o->priority];

      if (!o->responded && o->response_due_at >= 0 && o->response_due_at <= now)
        count->responses++;
      if (o->resolution_due_at >= 0 && o->resolution_due_at <= now)
        count->resolutions++;
    }
  return missed;
}

static HdReportTable *
new_share_table (const char *id,
                 const char *title,
                 HdReportChart chart,
                 const char *row_heading)
{
  HdReportTable *table = hd_report_table_new (id, title, chart, row_heading);

  hd_report_table_add_column (table, "response-met", _("Response met"), HD_REPORT_UNIT_PERCENT, TRUE);
  hd_report_table_add_column (table, "resolution-met", _("Resolution met"), HD_REPORT_UNIT_PERCENT, TRUE);
  hd_report_table_add_column (table, "responses", _("Response targets"), HD_REPORT_UNIT_COUNT, FALSE);
  hd_report_table_add_column (table, "resolutions", _("Resolution targets"), HD_REPORT_UNIT_COUNT, FALSE);
  return table;
}

static void
set_shares (HdReportTable *table,
            guint          row,
            const Tally   *tally)
{
  hd_report_table_set_value (table, row, 0, _hd_report_percent (tally->responses_met, tally->responses));
  hd_report_table_set_value (table, row, 1, _hd_report_percent (tally->resolutions_met, tally->resolutions));
  hd_report_table_set_value (table, row, 2, tally->responses);
  hd_report_table_set_value (table, row, 3, tally->resolutions);
}

static GPtrArray *
shares (HdPlan               *plan,
        const HdReportFilter *filter,
        gint64                now,
        const HdReportFacts  *facts)
{
  HdReportTable *by_priority = new_share_table ("sla-by-priority", _("Deadlines met per priority"),
                                                HD_REPORT_CHART_BARS, _("Priority"));
  HdReportTable *by_week = new_share_table ("sla-by-week", _("Deadlines met per week"), HD_REPORT_CHART_LINES,
                                            _("Week"));
  g_autofree HdReportSlaCount *missed = missed_while_open (filter, now, facts);
  guint n_weeks = _hd_report_n_weeks (filter);
  g_autofree Tally *weeks = g_new0 (Tally, n_weeks);
  Tally priorities[HD_N_PRIORITIES] = { { 0 } }, all = { 0 };

  for (gint64 day = filter->from; day < filter->to; day++)
    for (HdPriority p = 0; p < HD_N_PRIORITIES; p++)
      {
        gsize at = (day - filter->from) * HD_N_PRIORITIES + p;

        tally_add (&priorities[p], &facts->sla->counts[at]);
        tally_add (&priorities[p], &missed[at]);
        tally_add (&weeks[_hd_report_week_of (filter, day)], &facts->sla->counts[at]);
        tally_add (&weeks[_hd_report_week_of (filter, day)], &missed[at]);
      }
  for (HdPriority p = 0; p < HD_N_PRIORITIES; p++)
    {
      set_shares (by_priority, hd_report_table_add_row (by_priority, hd_plan_get_priority (plan, p)->label),
                  &priorities[p]);
      all.responses += priorities[p].responses;
      all.responses_met += priorities[p].responses_met;
      all.resolutions += priorities[p].resolutions;
      all.resolutions_met += priorities[p].resolutions_met;
    }
  set_shares (by_priority, hd_report_table_add_row (by_priority, _("All priorities")), &all);
  _hd_report_add_week_rows (by_week, filter);
  for (guint w = 0; w < n_weeks; w++)
    set_shares (by_week, w, &weeks[w]);
  return _hd_report_tables_new (by_priority, by_week, NULL);
}

static void
swap (gint32 *a,
      gint32 *b)
{
  gint32 t = *a;

  *a = *b;
  *b = t;
}

/* Moves the @k-th smallest of @v to v[k], smaller ones before it and
 * larger ones after (Hoare's selection): linear time, where sorting a
 * million business times took several times longer. Business times of
 * up to 68 years fit in 32 bits, and half the memory walked. */
static void
select_nth (gint32 *v,
            gssize  n,
            gssize  k)
{
  gssize lo = 0, hi = n - 1;

  while (lo < hi)
    {
      gint32 pivot = v[lo + (hi - lo) / 2];
      gssize i = lo, j = hi;

      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            swap (&v[i++], &v[j--]);
        }
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        return;
    }
}

/* The value at @rank (from 0 to n - 1) of @v sorted, interpolated
 * between the closest ranks; @v is selected up to floor (@rank) and
 * holds only values as large from there on. */
static double
at_rank (gint32 *v,
         gssize  n,
         double  rank)
{
  gssize below = (gssize) floor (rank);
  gint32 next;

  if (rank == below)
    return v[below];
  next = v[below + 1];
  for (gssize i = below + 2; i < n; i++)
    next = MIN (next, v[i]);
  return v[below] + (rank - below) * (next - v[below]);
}

/* The median and the 90th percentile, interpolated between the closest
 * ranks as spreadsheets' PERCENTILE.INC does: the median of an even
 * count is the mean of the middle two. The second selection looks only
 * above the first. Reorders @values; NAN for none. */
static void
percentiles (GArray *values,
             double *median,
             double *p90)
{
  gint32 *v = (gint32 *) values->data;
  gssize n = values->len;
  gssize middle = (gssize) floor (0.5 * (n - 1));
  gssize high = (gssize) floor (0.9 * (n - 1));

  if (n == 0)
    {
      *median = *p90 = NAN;
      return;
    }
  select_nth (v, n, middle);
  *median = at_rank (v, n, 0.5 * (n - 1));
  if (high > middle)
    select_nth (v + middle + 1, n - middle - 1, high - middle - 1);
  *p90 = at_rank (v, n, 0.9 * (n - 1));
}

static void
set_times (HdReportTable *table,
           guint          row,
           GArray        *response,
           GArray        *resolution)
{
  double median, p90;

  percentiles (response, &median, &p90);
  hd_report_table_set_value (table, row, 0, median);
  hd_report_table_set_value (table, row, 1, p90);
  percentiles (resolution, &median, &p90);
  hd_report_table_set_value (table, row, 2, median);
  hd_report_table_set_value (table, row, 3, p90);
}

/* Business times from creation to the first response and to the
 * resolution, with the clock stopped while waiting as the server stops
 * it (see hd-cache-report.c). */
static HdReportTable *
times (HdPlan              *plan,
       const HdReportFacts *facts)
{
  HdReportTable *table = hd_report_table_new ("sla-times", _("Business time to first response and to resolution"),
                                              HD_REPORT_CHART_BARS, _("Priority"));
  g_autoptr(GArray) all_responses = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_autoptr(GArray) all_resolutions = g_array_new (FALSE, FALSE, sizeof (gint32));

  hd_report_table_add_column (table, "response-median", _("Response, median"), HD_REPORT_UNIT_DURATION, TRUE);
  hd_report_table_add_column (table, "response-p90", _("Response, 90th percentile"), HD_REPORT_UNIT_DURATION, TRUE);
  hd_report_table_add_column (table, "resolution-median", _("Resolution, median"), HD_REPORT_UNIT_DURATION, TRUE);
  hd_report_table_add_column (table, "resolution-p90", _("Resolution, 90th percentile"), HD_REPORT_UNIT_DURATION,
                              TRUE);
  for (HdPriority p = 0; p < HD_N_PRIORITIES; p++)
    {
      GArray *response = facts->sla->response_times[p];
      GArray *resolution = facts->sla->resolution_times[p];

      g_array_append_vals (all_responses, response->data, response->len);
      g_array_append_vals (all_resolutions, resolution->data, resolution->len);
      set_times (table, hd_report_table_add_row (table, hd_plan_get_priority (plan, p)->label), response, resolution);
    }
  set_times (table, hd_report_table_add_row (table, _("All priorities")), all_responses, all_resolutions);
  return table;
}

GPtrArray *
_hd_report_sla (HdPlan               *plan,
                const HdReportFilter *filter,
                gint64                now,
                const HdReportFacts  *facts)
{
  GPtrArray *tables = shares (plan, filter, now, facts);

  g_ptr_array_add (tables, times (plan, facts));
  return tables;
}

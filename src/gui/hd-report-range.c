/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report-range"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-report-range.h"
#include "hd-time.h"

static const char * const range_ids[] = {
  [HD_REPORT_RANGE_LAST_4_WEEKS] = "last-4-weeks",
  [HD_REPORT_RANGE_THIS_MONTH] = "this-month",
  [HD_REPORT_RANGE_LAST_MONTH] = "last-month",
  [HD_REPORT_RANGE_LAST_3_MONTHS] = "last-3-months",
  [HD_REPORT_RANGE_LAST_12_MONTHS] = "last-12-months",
};

/* The day after the same date @months before @today's, the day of the
 * month kept where that month has it: "3 months" up to May 31 starts on
 * March 1. */
static gint64
day_after_months_before (gint64 today,
                         int    months)
{
  int year, month, day, index;

  hd_civil_from_days (today, &year, &month, &day);
  index = year * 12 + (month - 1) - months;
  year = index / 12;
  month = index % 12 + 1;
  day = MIN (day, g_date_get_days_in_month (month, year));
  return hd_days_from_civil (year, month, day) + 1;
}

static gint64
first_of_month (gint64 day)
{
  int year, month, mday;

  hd_civil_from_days (day, &year, &month, &mday);
  return day - (mday - 1);
}

/* The range's id, as the window's range action takes it. */
gboolean
hd_report_range_from_string (const char    *text,
                             HdReportRange *range)
{
  g_return_val_if_fail (text != NULL && range != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (range_ids); i++)
    if (g_str_equal (text, range_ids[i]))
      {
        *range = i;
        return TRUE;
      }
  return FALSE;
}

/* The days of @range as seen on @today (a local date). */
void
hd_report_range_get (HdReportRange  range,
                     gint64         today,
                     gint64        *from,
                     gint64        *to)
{
  g_return_if_fail (from != NULL && to != NULL);

  *to = today + 1;
  switch (range)
    {
    case HD_REPORT_RANGE_LAST_4_WEEKS:
      *from = today - 27;
      break;
    case HD_REPORT_RANGE_THIS_MONTH:
      *from = first_of_month (today);
      break;
    case HD_REPORT_RANGE_LAST_MONTH:
      *to = first_of_month (today);
      *from = first_of_month (*to - 1);
      break;
    case HD_REPORT_RANGE_LAST_3_MONTHS:
      *from = day_after_months_before (today, 3);
      break;
    case HD_REPORT_RANGE_LAST_12_MONTHS:
      *from = day_after_months_before (today, 12);
      break;
    default:
      g_return_if_reached ();
    }
}

/* A local date as people read it: "Sep 28, 2026". */
char *
hd_report_range_format_day (gint64 day)
{
  g_autoptr(GDateTime) date = NULL;
  int year, month, mday;

  hd_civil_from_days (day, &year, &month, &mday);
  date = g_date_time_new_utc (year, month, mday, 0, 0, 0);
  if (date == NULL)
    return hd_date_format (day);
  /* Translators: a day of a report's range, in g_date_time_format()'s terms */
  return g_date_time_format (date, _("%b %-d, %Y"));
}

/* The range from its first day to its last, both written out. */
char *
hd_report_range_format (gint64 from,
                        gint64 to)
{
  g_autofree char *first = hd_report_range_format_day (from);
  g_autofree char *last = hd_report_range_format_day (to - 1);

  if (to - from == 1)
    return g_steal_pointer (&first);
  /* Translators: a report's range, its first day and its last */
  return g_strdup_printf (_("%s – %s"), first, last);
}

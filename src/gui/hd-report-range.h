/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The ranges the Reports window proposes, and how it writes a range.
 * Ranges are local dates in the plan's zone, in days since 1970-01-01:
 * @from is the first day, @to the day after the last, as HdReportFilter
 * takes them; people read and type the last day itself. */

typedef enum {
  HD_REPORT_RANGE_LAST_4_WEEKS,    /* the 28 days up to today */
  HD_REPORT_RANGE_THIS_MONTH,      /* from the 1st up to today */
  HD_REPORT_RANGE_LAST_MONTH,      /* the whole month before this one */
  HD_REPORT_RANGE_LAST_3_MONTHS,   /* three months up to today */
  HD_REPORT_RANGE_LAST_12_MONTHS,  /* a year up to today */
} HdReportRange;

gboolean  hd_report_range_from_string (const char    *text,
                                       HdReportRange *range);
void      hd_report_range_get         (HdReportRange  range,
                                       gint64         today,
                                       gint64        *from,
                                       gint64        *to);
char     *hd_report_range_format_day  (gint64         day);
char     *hd_report_range_format      (gint64         from,
                                       gint64         to);

G_END_DECLS

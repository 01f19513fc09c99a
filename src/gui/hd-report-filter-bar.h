/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-plan.h"
#include "hd-report.h"

G_BEGIN_DECLS

/* What the Reports window counts: the range of days (ranges
 * offered by name, or typed as YYYY-MM-DD) and a location, a topic and a
 * technician, each "All" or one of the plan's; on as many lines as the
 * width needs. "filter" is notified when any of them changes. */

#define HD_TYPE_REPORT_FILTER_BAR (hd_report_filter_bar_get_type ())

G_DECLARE_FINAL_TYPE (HdReportFilterBar, hd_report_filter_bar, HD, REPORT_FILTER_BAR, GtkWidget)

void                  hd_report_filter_bar_set_plan     (HdReportFilterBar *self,
                                                         HdPlan            *plan,
                                                         gint64             today);
const HdReportFilter *hd_report_filter_bar_get_filter   (HdReportFilterBar *self);
char                 *hd_report_filter_bar_describe     (HdReportFilterBar *self);

G_END_DECLS

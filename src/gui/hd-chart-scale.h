/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hd-report-table.h"

G_BEGIN_DECLS

/* The arithmetic of a chart's axes, with no drawing in it: the value
 * axis' domain and ticks on round figures of its unit (1-2-5 steps of
 * counts, 10, 20 or 50 %, minutes and hours of business time, whole
 * stars), where a value lands on it, and which labels of the category
 * axis fit. Charts compute their layout from these. */

/* Space kept between two labels side by side, or a label and a bar. */
#define HD_CHART_LABEL_GAP 12.0

typedef struct {
  double min;       /* the domain, min at the origin */
  double max;
  double step;      /* between ticks: min, min + step, …, max */
  guint  n_ticks;
} HdChartScale;

void      hd_chart_scale_init        (HdChartScale       *scale,
                                      HdReportUnit        unit,
                                      double              max_value,
                                      guint               max_intervals,
                                      gboolean            from_zero);
double    hd_chart_scale_tick        (const HdChartScale *scale,
                                      guint               index);
double    hd_chart_scale_fraction    (const HdChartScale *scale,
                                      double              value);
char     *hd_chart_scale_format_tick (HdReportUnit        unit,
                                      double              value);

double    hd_chart_nice_step         (double              raw,
                                      gboolean            whole);
guint     hd_chart_label_stride      (double              band,
                                      double              label_extent);
gboolean  hd_chart_bars_fit_upright  (guint               n_rows,
                                      double              plot_width,
                                      double              widest_label);
double    hd_chart_label_column      (double              widest_label,
                                      double              width);

G_END_DECLS

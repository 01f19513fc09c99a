/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-chart"

#include "config.h"

#include <math.h>

#include "hd-chart-scale.h"
#include "hd-duration.h"

/* Floating-point slack when a quotient should be a whole number. */
#define EPSILON 1e-9

/* Row labels may take this share of a chart's width beside horizontal bars;
 * longer ones are ellipsized (the table and the tooltip have them whole). */
#define LABEL_COLUMN_SHARE 0.4

/* Business durations tick on the clock's round figures, not on powers of
 * ten: 15 minutes, 1 hour, 4 hours. Past the last, hours in 1-2-5 steps. */
static const double duration_steps[] = {
  1, 2, 5, 10, 15, 30,
  60, 2 * 60, 5 * 60, 10 * 60, 15 * 60, 30 * 60,
  3600, 2 * 3600, 3 * 3600, 4 * 3600, 6 * 3600, 12 * 3600,
};

static const double percent_steps[] = { 10, 20, 50, 100 };

static double
duration_step (double raw)
{
  for (guint i = 0; i < G_N_ELEMENTS (duration_steps); i++)
    if (duration_steps[i] >= raw - EPSILON)
      return duration_steps[i];
  return MAX (20 * 3600, hd_chart_nice_step (raw / 3600, TRUE) * 3600);
}

static double
percent_step (guint max_intervals)
{
  for (guint i = 0; i < G_N_ELEMENTS (percent_steps); i++)
    if (100 / percent_steps[i] <= max_intervals + EPSILON)
      return percent_steps[i];
  return 100;
}

/* The top of a domain starting at zero: the first tick at or above @value. */
static double
round_up (double value,
          double step)
{
  return MAX (1, ceil (value / step - EPSILON)) * step;
}

/**
 * hd_chart_nice_step:
 * @raw: the smallest step that keeps ticks apart
 * @whole: whether the step must be a whole number (counts)
 *
 * Returns: the first of 1, 2, 5, 10, 20, 50… (times any power of ten)
 * at or above @raw
 */
double
hd_chart_nice_step (double   raw,
                    gboolean whole)
{
  double base, fraction, nice;

  if (!(raw > 0))
    return 1;
  base = pow (10, floor (log10 (raw)));
  fraction = raw / base;
  if (fraction <= 1 + EPSILON)
    nice = 1;
  else if (fraction <= 2 + EPSILON)
    nice = 2;
  else if (fraction <= 5 + EPSILON)
    nice = 5;
  else
    nice = 10;
  return whole ? MAX (1, nice * base) : nice * base;
}

/**
 * hd_chart_scale_init:
 * @scale: the scale to fill
 * @unit: the unit of the charted values
 * @max_value: the largest value to show (a stacked bar's total)
 * @max_intervals: how many intervals between ticks fit along the axis
 * @from_zero: whether the domain must start at zero, as bars' must
 *
 * Chooses the domain and the ticks: counts and durations from zero to the
 * first round figure at or above @max_value, percentages 0–100 %, ratings
 * 1–5 (0–5 for bars, whose length must be honest). A rating axis too short
 * for a tick per star shows only its ends.
 */
void
hd_chart_scale_init (HdChartScale *scale,
                     HdReportUnit  unit,
                     double        max_value,
                     guint         max_intervals,
                     gboolean      from_zero)
{
  g_return_if_fail (scale != NULL);

  max_intervals = MAX (max_intervals, 1);
  if (!(max_value > 0))
    max_value = 0;
  scale->min = 0;

  switch (unit)
    {
    case HD_REPORT_UNIT_RATING:
      scale->min = from_zero ? 0 : 1;
      scale->max = MAX (5, ceil (max_value - EPSILON));
      scale->step = scale->max - scale->min <= max_intervals ? 1 : scale->max - scale->min;
      break;
    case HD_REPORT_UNIT_PERCENT:
      if (max_value <= 100)
        {
          scale->step = percent_step (max_intervals);
          scale->max = 100;
          break;
        }
      scale->step = hd_chart_nice_step (max_value / max_intervals, TRUE);
      scale->max = round_up (max_value, scale->step);
      break;
    case HD_REPORT_UNIT_DURATION:
      scale->step = duration_step (max_value / max_intervals);
      scale->max = round_up (max_value, scale->step);
      break;
    case HD_REPORT_UNIT_COUNT:
    case HD_REPORT_UNIT_TEXT:
    default:
      scale->step = hd_chart_nice_step (max_value / max_intervals, TRUE);
      scale->max = round_up (max_value, scale->step);
      break;
    }
  scale->n_ticks = (guint) lround ((scale->max - scale->min) / scale->step) + 1;
}

double
hd_chart_scale_tick (const HdChartScale *scale,
                     guint               index)
{
  g_return_val_if_fail (scale != NULL && index < scale->n_ticks, NAN);

  return MIN (scale->min + index * scale->step, scale->max);
}

/* Where @value lands: 0 at the domain's start, 1 at its end, clamped;
 * 0 for no value. */
double
hd_chart_scale_fraction (const HdChartScale *scale,
                         double              value)
{
  g_return_val_if_fail (scale != NULL, 0);

  if (isnan (value) || scale->max <= scale->min)
    return 0;
  return CLAMP ((value - scale->min) / (scale->max - scale->min), 0, 1);
}

/* A tick's label: "40", "60 %", "1h30m", "4". */
char *
hd_chart_scale_format_tick (HdReportUnit unit,
                            double       value)
{
  switch (unit)
    {
    case HD_REPORT_UNIT_PERCENT:
      return g_strdup_printf ("%.0f %%", value);
    case HD_REPORT_UNIT_DURATION:
      return hd_duration_format ((gint64) MAX (0, llround (value)));
    case HD_REPORT_UNIT_COUNT:
    case HD_REPORT_UNIT_RATING:
    case HD_REPORT_UNIT_TEXT:
    default:
      return g_strdup_printf ("%.0f", value);
    }
}

/* Labels along a category axis whose bands are @band wide: every
 * how-many-th can be shown, if each needs @label_extent (with its gap). */
guint
hd_chart_label_stride (double band,
                       double label_extent)
{
  if (!(band > 0))
    return G_MAXUINT;
  return MAX (1, (guint) ceil (label_extent / band - EPSILON));
}

/* Whether one upright bar per row, each with its label whole beneath it,
 * fits in @plot_width; if not, bars lie horizontally. */
gboolean
hd_chart_bars_fit_upright (guint  n_rows,
                           double plot_width,
                           double widest_label)
{
  if (n_rows == 0)
    return TRUE;
  return widest_label + HD_CHART_LABEL_GAP <= plot_width / n_rows;
}

/* The width of the row labels' column beside horizontal bars. */
double
hd_chart_label_column (double widest_label,
                       double width)
{
  return floor (MIN (widest_label, MAX (width, 0) * LABEL_COLUMN_SHARE));
}

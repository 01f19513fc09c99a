/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-chart"

#include "config.h"

#include <math.h>

#include "hd-chart-private.h"

/* What is under the pointer, for the tooltip and the hovered row. */

#define HIT_SLOP 12.0  /* how near a line's point the pointer must be */

/**
 * _hd_chart_layout_hit:
 * @row: (out): the row under (@x, @y)
 * @series: (out): the series whose bar or point is under it, or -1
 *
 * Returns: whether (@x, @y) is over a row: its band of the plot, or its label
 */
gboolean
_hd_chart_layout_hit (const HdChartLayout *layout,
                      double               x,
                      double               y,
                      guint               *row,
                      int                 *series)
{
  const HdChartBox *plot = &layout->plot;
  double along, nearest = HIT_SLOP;
  guint r;

  g_return_val_if_fail (layout != NULL && row != NULL && series != NULL, FALSE);

  if (layout->empty || layout->kind == HD_REPORT_CHART_NONE || hd_report_table_get_n_rows (layout->table) == 0)
    return FALSE;
  along = layout->horizontal ? y - plot->y : x - plot->x;
  if (along < 0 || along >= hd_report_table_get_n_rows (layout->table) * layout->band)
    return FALSE;
  if (layout->horizontal ? x < 0 || x > layout->width : y < layout->top || y > layout->height)
    return FALSE;
  r = MIN ((guint) (along / layout->band), hd_report_table_get_n_rows (layout->table) - 1);

  *row = r;
  *series = -1;
  for (guint i = 0; i < layout->bars->len; i++)
    {
      const HdChartBar *bar = &g_array_index (layout->bars, HdChartBar, i);

      if (bar->row == r && x >= bar->box.x - 1 && x < bar->box.x + bar->box.width + 1 &&
          y >= bar->box.y - 1 && y < bar->box.y + bar->box.height + 1)
        *series = bar->series;
    }
  for (guint i = 0; i < layout->points->len; i++)
    {
      const HdChartPoint *point = &g_array_index (layout->points, HdChartPoint, i);

      if (point->row == r && fabs (point->y - y) < nearest)
        {
          nearest = fabs (point->y - y);
          *series = point->series;
        }
    }
  return TRUE;
}

/* A row's band across the plot, where hovering it shows. */
gboolean
_hd_chart_layout_row_box (const HdChartLayout *layout,
                          guint                row,
                          HdChartBox          *box)
{
  const HdChartBox *plot = &layout->plot;

  g_return_val_if_fail (layout != NULL && box != NULL, FALSE);

  if (layout->empty || layout->kind == HD_REPORT_CHART_NONE || row >= hd_report_table_get_n_rows (layout->table))
    return FALSE;
  if (layout->horizontal)
    *box = (HdChartBox) { plot->x, round (plot->y + row * layout->band), plot->width, round (layout->band) };
  else
    *box = (HdChartBox) { round (plot->x + row * layout->band), plot->y, round (layout->band), plot->height };
  return TRUE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hd-chart-private.h"

/* Long row labels (technicians' full names, locations): a bar chart
 * stands its bars upright, each row's label whole beneath its bar, only
 * while every label fits the width of its row. When one does not (or a
 * window is narrow), the bars lie horizontally with the labels in a
 * column at their left, right-aligned, and a label wider than 40 % of
 * the chart is ellipsized; the tooltip and the table view give it whole.
 * Labels are never rotated: slanted text is slow to read. A line chart's
 * rows run along x (weeks); where their labels do not all fit, every
 * second (third…) one is shown. */

#define LEGEND_GAP       16.0  /* between the legend and the plot */
#define KEY_SIZE         12.0  /* a bar series' swatch */
#define KEY_LINE_WIDTH   18.0  /* a line series' swatch */
#define KEY_TEXT_GAP      6.0
#define KEY_SPACING      20.0  /* between legend entries */
#define KEY_ROW_GAP       4.0
#define AXIS_GAP          8.0  /* between an axis and its figures */
#define VALUE_GAP         6.0  /* between a bar's end and its figure */
#define TICK_SPACING_Y   40.0  /* the least room between horizontal grid lines */
#define TICK_SPACING_X   32.0  /* between figures along x, besides their widths */
#define MIN_TICK_WIDTH   56.0
#define BAR_SHARE         0.7  /* of a row's band; the rest parts the rows */
#define BAR_MAX          28.0  /* across a horizontal bar */
#define COLUMN_MAX       48.0  /* across an upright one */
#define GROUP_BAR_MAX    14.0  /* each bar of a group, one per series */
#define GROUP_COLUMN_MAX 24.0
#define STACK_GAP         1.0  /* a hairline between stacked segments */

/* Sizes the widget asks for. */
#define MIN_WIDTH       240
#define NATURAL_WIDTH   560
#define MIN_PLOT        140
#define NATURAL_PLOT    280
#define ROW_NATURAL      36.0
#define EMPTY_HEIGHT    120

typedef struct {
  double     widest_category;
  double     category_height;
  double     widest_value;
  double     small_height;
  GPtrArray *values;          /* char *, a figure per row, or NULL: none shown */
} Measures;

static void
measures_clear (Measures *m)
{
  g_clear_pointer (&m->values, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Measures, measures_clear)

static const HdChartSeries *
series_at (const HdChartLayout *layout,
           guint                series)
{
  return &g_array_index (layout->series, HdChartSeries, series);
}

static HdChartText *
text_at (const HdChartLayout *layout,
         guint                index)
{
  return &g_array_index (layout->texts, HdChartText, index);
}

static double
value_at (const HdChartLayout *layout,
          guint                row,
          guint                series)
{
  return hd_report_table_get_value (layout->table, row, series_at (layout, series)->column);
}

static guint
n_rows (const HdChartLayout *layout)
{
  return hd_report_table_get_n_rows (layout->table);
}

/* A stack's height: the sum of a row's positive figures. */
double
_hd_chart_layout_row_total (const HdChartLayout *layout,
                            guint                row)
{
  double sum = 0;

  for (guint s = 0; s < layout->series->len; s++)
    {
      double value = value_at (layout, row, s);

      if (!isnan (value) && value > 0)
        sum += value;
    }
  return sum;
}

/* The largest figure the value axis must reach. */
static double
max_value (const HdChartLayout *layout)
{
  double max = 0;

  for (guint r = 0; r < n_rows (layout); r++)
    {
      if (layout->kind == HD_REPORT_CHART_STACKED_BARS)
        max = MAX (max, _hd_chart_layout_row_total (layout, r));
      else
        for (guint s = 0; s < layout->series->len; s++)
          if (!isnan (value_at (layout, r, s)))
            max = MAX (max, value_at (layout, r, s));
    }
  return max;
}

/* Priorities keep the colours of their badges; other series take the
 * palette in order. */
static guint
series_colour (const char *id,
               guint      *next)
{
  static const char * const priorities[] = { "critical", "high", "medium", "normal" };

  for (guint i = 0; i < G_N_ELEMENTS (priorities); i++)
    if (g_str_equal (id, priorities[i]))
      return HD_CHART_COLOUR_CRITICAL + i;
  return HD_CHART_COLOUR_PALETTE + (*next)++ % (HD_CHART_N_COLOURS - HD_CHART_COLOUR_PALETTE);
}

/* The charted columns; the axis takes the unit of the first. */
static void
collect_series (HdChartLayout *layout)
{
  guint next = 0;

  for (guint c = 0; c < hd_report_table_get_n_columns (layout->table); c++)
    {
      HdChartSeries series = { c, 0 };

      if (!hd_report_table_get_column_charted (layout->table, c))
        continue;
      if (layout->series->len == 0)
        layout->unit = hd_report_table_get_column_unit (layout->table, c);
      series.colour = series_colour (hd_report_table_get_column_id (layout->table, c), &next);
      g_array_append_val (layout->series, series);
    }
}

/* Nothing to draw: no rows, no figures, or counts that are all zero. */
static gboolean
is_empty (const HdChartLayout *layout)
{
  for (guint r = 0; r < n_rows (layout); r++)
    for (guint s = 0; s < layout->series->len; s++)
      {
        double value = value_at (layout, r, s);

        if (!isnan (value) && (value != 0 || layout->unit != HD_REPORT_UNIT_COUNT))
          return FALSE;
      }
  return TRUE;
}

/* Returns the height the legend takes. */
static double
place_legend (HdChartLayout *layout,
              PangoContext  *context)
{
  double key_width = layout->kind == HD_REPORT_CHART_LINES ? KEY_LINE_WIDTH : KEY_SIZE;
  double key_height = layout->kind == HD_REPORT_CHART_LINES ? 3 : KEY_SIZE;
  double x = 0, y = 0, line = 0;

  for (guint s = 0; s < layout->series->len; s++)
    {
      const char *label = hd_report_table_get_column_label (layout->table, series_at (layout, s)->column);
      guint index = _hd_chart_add_text (layout, context, HD_CHART_TEXT_LEGEND, label,
                                        layout->width - key_width - KEY_TEXT_GAP);
      HdChartText *text = text_at (layout, index);
      double entry = key_width + KEY_TEXT_GAP + text->width;
      HdChartKey key;

      if (x > 0 && x + entry > layout->width)
        {
          x = 0;
          y += line + KEY_ROW_GAP;
        }
      line = MAX (KEY_SIZE, text->height);
      key.series = s;
      key.swatch = (HdChartBox) { x, round (y + (line - key_height) / 2), key_width, key_height };
      g_array_append_val (layout->keys, key);
      _hd_chart_place_text (layout, index, x + key_width + KEY_TEXT_GAP, y + (line - text->height) / 2);
      x += entry + KEY_SPACING;
    }
  return y + line;
}

static void
measure (HdChartLayout *layout,
         PangoContext  *context,
         Measures      *m)
{
  gboolean values = layout->kind == HD_REPORT_CHART_STACKED_BARS ||
                    (layout->kind == HD_REPORT_CHART_BARS && layout->series->len == 1);

  _hd_chart_measure_text (context, HD_CHART_TEXT_TICK, "0", NULL, &m->small_height);
  _hd_chart_measure_text (context, HD_CHART_TEXT_CATEGORY, "0", NULL, &m->category_height);
  for (guint r = 0; r < n_rows (layout); r++)
    {
      double width;

      _hd_chart_measure_text (context, HD_CHART_TEXT_CATEGORY, hd_report_table_get_row_label (layout->table, r),
                              &width, NULL);
      m->widest_category = MAX (m->widest_category, width);
    }
  if (!values)
    return;
  m->values = g_ptr_array_new_with_free_func (g_free);
  for (guint r = 0; r < n_rows (layout); r++)
    {
      char *figure;
      double width;

      if (layout->kind == HD_REPORT_CHART_STACKED_BARS)
        figure = hd_chart_scale_format_tick (layout->unit, _hd_chart_layout_row_total (layout, r));
      else
        figure = hd_report_table_format_cell (layout->table, r, series_at (layout, 0)->column);
      _hd_chart_measure_text (context, HD_CHART_TEXT_VALUE, figure, &width, NULL);
      m->widest_value = MAX (m->widest_value, width);
      g_ptr_array_add (m->values, figure);
    }
}

static double
widest_tick (const HdChartLayout *layout,
             PangoContext        *context,
             double              *last)
{
  double widest = 0, width = 0;

  for (guint i = 0; i < layout->scale.n_ticks; i++)
    {
      g_autofree char *figure = hd_chart_scale_format_tick (layout->unit, hd_chart_scale_tick (&layout->scale, i));

      _hd_chart_measure_text (context, HD_CHART_TEXT_TICK, figure, &width, NULL);
      widest = MAX (widest, width);
    }
  if (last != NULL)
    *last = width;
  return widest;
}

/* Rows along x, values up: lines, and bars whose labels fit beneath them. */
static void
frame_upright (HdChartLayout  *layout,
               PangoContext   *context,
               const Measures *m)
{
  double bottom = layout->height - m->category_height - AXIS_GAP;
  double top = layout->top + (m->values != NULL ? m->small_height + VALUE_GAP : ceil (m->small_height / 2));
  double intervals = floor ((bottom - top) / TICK_SPACING_Y);

  hd_chart_scale_init (&layout->scale, layout->unit, max_value (layout), (guint) MAX (intervals, 1),
                       layout->kind != HD_REPORT_CHART_LINES);
  layout->plot.x = ceil (widest_tick (layout, context, NULL) + AXIS_GAP);
  layout->plot.y = round (top);
  layout->plot.width = MAX (1, layout->width - layout->plot.x);
  layout->plot.height = MAX (1, round (bottom) - layout->plot.y);
  layout->band = layout->plot.width / n_rows (layout);
}

/* Rows down the y axis, values along x, labels in a column at the left.
 * Fewer ticks until their figures keep apart. */
static void
frame_horizontal (HdChartLayout  *layout,
                  PangoContext   *context,
                  const Measures *m)
{
  double right = m->values != NULL ? m->widest_value + VALUE_GAP : 0;
  double intervals;

  layout->plot.x = hd_chart_label_column (m->widest_category, layout->width) + HD_CHART_LABEL_GAP;
  layout->plot.y = layout->top;
  layout->plot.height = MAX (1, floor (layout->height - m->small_height - AXIS_GAP - layout->top));
  intervals = floor ((layout->width - layout->plot.x - right) / MIN_TICK_WIDTH);
  for (guint n = (guint) MAX (intervals, 1); ; n--)
    {
      double last, widest;

      hd_chart_scale_init (&layout->scale, layout->unit, max_value (layout), n, TRUE);
      widest = widest_tick (layout, context, &last);
      layout->plot.width = MAX (1, floor (layout->width - layout->plot.x - MAX (right, ceil (last / 2))));
      if (n == 1 || layout->plot.width / (layout->scale.n_ticks - 1) >= widest + TICK_SPACING_X)
        break;
    }
  layout->band = layout->plot.height / n_rows (layout);
}

/* A bar from value fraction @from to @to, across @start … @start + @thickness
 * of the category axis, on whole pixels. */
static HdChartBox
bar_box (const HdChartLayout *layout,
         double               start,
         double               thickness,
         double               from,
         double               to,
         gboolean             after_another)
{
  const HdChartBox *plot = &layout->plot;
  double a = round (start), b = round (start + thickness);

  if (layout->horizontal)
    {
      double x0 = round (plot->x + from * plot->width), x1 = round (plot->x + to * plot->width);

      if (after_another && x1 - x0 > 2 * STACK_GAP)
        x0 += STACK_GAP;
      return (HdChartBox) { x0, a, x1 - x0, b - a };
    }
  else
    {
      double y0 = round (plot->y + plot->height * (1 - from)), y1 = round (plot->y + plot->height * (1 - to));

      if (after_another && y0 - y1 > 2 * STACK_GAP)
        y0 -= STACK_GAP;
      return (HdChartBox) { a, y1, b - a, y0 - y1 };
    }
}

static void
fill_bars (HdChartLayout *layout)
{
  gboolean stacked = layout->kind == HD_REPORT_CHART_STACKED_BARS;
  guint per_row = stacked ? 1 : layout->series->len;
  double most = per_row > 1 ? (layout->horizontal ? GROUP_BAR_MAX : GROUP_COLUMN_MAX)
                            : (layout->horizontal ? BAR_MAX : COLUMN_MAX);
  double thickness = floor (MIN (layout->band * BAR_SHARE / per_row, most));
  double origin = layout->horizontal ? layout->plot.y : layout->plot.x;

  thickness = MAX (thickness, 1);
  for (guint r = 0; r < n_rows (layout); r++)
    {
      double start = origin + r * layout->band + (layout->band - thickness * per_row) / 2;
      double sum = layout->scale.min;

      for (guint s = 0; s < layout->series->len; s++)
        {
          double value = value_at (layout, r, s);
          HdChartBar bar = { .row = r, .series = s };

          if (isnan (value) || value <= 0)
            continue;
          if (stacked)
            bar.box = bar_box (layout, start, thickness, hd_chart_scale_fraction (&layout->scale, sum),
                               hd_chart_scale_fraction (&layout->scale, sum + value), sum > layout->scale.min);
          else
            bar.box = bar_box (layout, start + s * thickness, thickness - (per_row > 1 ? 1 : 0),
                               0, hd_chart_scale_fraction (&layout->scale, value), FALSE);
          sum += value;
          if (bar.box.width > 0 && bar.box.height > 0)
            g_array_append_val (layout->bars, bar);
        }
    }
}

/* Each row's figure just past the end of its bar. */
static void
place_values (HdChartLayout  *layout,
              PangoContext   *context,
              const Measures *m)
{
  for (guint r = 0; r < n_rows (layout); r++)
    {
      const HdChartBox *plot = &layout->plot;
      double end = layout->kind == HD_REPORT_CHART_STACKED_BARS ? _hd_chart_layout_row_total (layout, r)
                                                                : value_at (layout, r, 0);
      double f = hd_chart_scale_fraction (&layout->scale, end);
      double centre = (layout->horizontal ? plot->y : plot->x) + (r + 0.5) * layout->band;
      guint index = _hd_chart_add_text (layout, context, HD_CHART_TEXT_VALUE, g_ptr_array_index (m->values, r), 0);
      HdChartText *text = text_at (layout, index);

      if (layout->horizontal)
        _hd_chart_place_text (layout, index, plot->x + f * plot->width + VALUE_GAP, centre - text->height / 2);
      else
        _hd_chart_place_text (layout, index, centre - text->width / 2,
                              plot->y + plot->height * (1 - f) - VALUE_GAP - text->height);
    }
}

static void
fill_points (HdChartLayout *layout)
{
  for (guint s = 0; s < layout->series->len; s++)
    for (guint r = 0; r < n_rows (layout); r++)
      {
        double value = value_at (layout, r, s);
        HdChartPoint point = { 0, 0, r, s };

        if (isnan (value))
          continue;
        point.x = layout->plot.x + (r + 0.5) * layout->band;
        point.y = layout->plot.y + layout->plot.height * (1 - hd_chart_scale_fraction (&layout->scale, value));
        g_array_append_val (layout->points, point);
      }
}

/* Grid lines on whole pixels, and their figures. */
static void
place_ticks (HdChartLayout *layout,
             PangoContext  *context)
{
  const HdChartBox *plot = &layout->plot;

  for (guint i = 0; i < layout->scale.n_ticks; i++)
    {
      double tick = hd_chart_scale_tick (&layout->scale, i);
      double f = hd_chart_scale_fraction (&layout->scale, tick);
      g_autofree char *figure = hd_chart_scale_format_tick (layout->unit, tick);
      guint index = _hd_chart_add_text (layout, context, HD_CHART_TEXT_TICK, figure, 0);
      HdChartText *text = text_at (layout, index);
      double position;

      if (layout->horizontal)
        {
          position = round (plot->x + f * plot->width) + 0.5;
          _hd_chart_place_text (layout, index, position - text->width / 2, plot->y + plot->height + AXIS_GAP);
        }
      else
        {
          position = round (plot->y + plot->height * (1 - f)) - 0.5;
          _hd_chart_place_text (layout, index, plot->x - AXIS_GAP - text->width, position - text->height / 2);
        }
      g_array_append_val (layout->grid, position);
    }
}

static void
place_categories (HdChartLayout  *layout,
                  PangoContext   *context,
                  const Measures *m)
{
  const HdChartBox *plot = &layout->plot;
  double max_width;
  guint stride;

  if (layout->horizontal)
    {
      max_width = plot->x - HD_CHART_LABEL_GAP;
      stride = hd_chart_label_stride (layout->band, m->category_height + 2);
    }
  else
    {
      max_width = floor (plot->width / 2);
      stride = hd_chart_label_stride (layout->band, MIN (m->widest_category, max_width) + HD_CHART_LABEL_GAP);
    }

  for (guint r = 0; r < n_rows (layout); r += stride)
    {
      double centre = (layout->horizontal ? plot->y : plot->x) + (r + 0.5) * layout->band;
      guint index = _hd_chart_add_text (layout, context, HD_CHART_TEXT_CATEGORY,
                                        hd_report_table_get_row_label (layout->table, r), max_width);
      HdChartText *text = text_at (layout, index);

      if (layout->horizontal)
        {
          _hd_chart_place_text (layout, index, plot->x - HD_CHART_LABEL_GAP - text->width, centre - text->height / 2);
          continue;
        }
      _hd_chart_place_text (layout, index, centre - text->width / 2, plot->y + plot->height + AXIS_GAP);
      /* the first and last labels are moved in from the edges, and may
       * then come too near their neighbours */
      if (index > 0 && text_at (layout, index - 1)->kind == HD_CHART_TEXT_CATEGORY &&
          text->x < text_at (layout, index - 1)->x + text_at (layout, index - 1)->width + HD_CHART_LABEL_GAP / 2)
        g_array_remove_index (layout->texts, index);
    }
}

static void
place_empty (HdChartLayout *layout,
             PangoContext  *context)
{
  guint index = _hd_chart_add_text (layout, context, HD_CHART_TEXT_EMPTY, _("No tickets in this range"), layout->width);
  HdChartText *text = text_at (layout, index);

  _hd_chart_place_text (layout, index, (layout->width - text->width) / 2, (layout->height - text->height) / 2);
}

/**
 * _hd_chart_layout_new:
 * @table: the figures
 * @context: the Pango context whose fonts the text takes
 * @width: (in pixels, or points on paper)
 * @height: likewise
 *
 * Returns: (transfer full): where everything of @table's chart goes
 */
HdChartLayout *
_hd_chart_layout_new (HdReportTable *table,
                      PangoContext  *context,
                      double         width,
                      double         height)
{
  g_auto(Measures) m = { 0 };
  HdChartLayout *layout;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (PANGO_IS_CONTEXT (context), NULL);

  layout = g_new0 (HdChartLayout, 1);
  layout->table = hd_report_table_ref (table);
  layout->kind = hd_report_table_get_chart (table);
  layout->unit = HD_REPORT_UNIT_COUNT;
  layout->width = MAX (width, 1);
  layout->height = MAX (height, 1);
  layout->series = g_array_new (FALSE, FALSE, sizeof (HdChartSeries));
  layout->bars = g_array_new (FALSE, FALSE, sizeof (HdChartBar));
  layout->points = g_array_new (FALSE, FALSE, sizeof (HdChartPoint));
  layout->keys = g_array_new (FALSE, FALSE, sizeof (HdChartKey));
  layout->grid = g_array_new (FALSE, FALSE, sizeof (double));
  layout->texts = g_array_new (FALSE, TRUE, sizeof (HdChartText));
  g_array_set_clear_func (layout->texts, _hd_chart_text_clear);

  if (layout->kind == HD_REPORT_CHART_NONE)
    return layout;
  collect_series (layout);
  layout->empty = is_empty (layout);
  if (layout->empty)
    {
      place_empty (layout, context);
      return layout;
    }

  layout->top = round (place_legend (layout, context) + LEGEND_GAP);
  measure (layout, context, &m);
  frame_upright (layout, context, &m);
  if (layout->kind != HD_REPORT_CHART_LINES &&
      !hd_chart_bars_fit_upright (n_rows (layout), layout->plot.width, MAX (m.widest_category, m.widest_value)))
    {
      layout->horizontal = TRUE;
      frame_horizontal (layout, context, &m);
    }

  place_ticks (layout, context);
  place_categories (layout, context, &m);
  if (layout->kind == HD_REPORT_CHART_LINES)
    fill_points (layout);
  else
    fill_bars (layout);
  if (m.values != NULL)
    place_values (layout, context, &m);
  return layout;
}

void
_hd_chart_layout_free (HdChartLayout *layout)
{
  if (layout == NULL)
    return;
  hd_report_table_unref (layout->table);
  g_array_unref (layout->series);
  g_array_unref (layout->bars);
  g_array_unref (layout->points);
  g_array_unref (layout->keys);
  g_array_unref (layout->grid);
  g_array_unref (layout->texts);
  g_free (layout);
}

/* What the widget asks of its container. Heights are for a width: the
 * legend wraps, and horizontal bars want a height per row. */
void
_hd_chart_measure (HdReportTable  *table,
                   PangoContext   *context,
                   GtkOrientation  orientation,
                   double          for_size,
                   int            *minimum,
                   int            *natural)
{
  g_autoptr(HdChartLayout) layout = NULL;
  double axis, row_min, row_natural, per_row;

  if (hd_report_table_get_chart (table) == HD_REPORT_CHART_NONE)
    {
      *minimum = *natural = 0;
      return;
    }
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NATURAL_WIDTH;
      return;
    }

  layout = _hd_chart_layout_new (table, context, for_size > 0 ? for_size : NATURAL_WIDTH,
                                 NATURAL_PLOT + 2 * LEGEND_GAP);
  if (layout->empty)
    {
      *minimum = *natural = EMPTY_HEIGHT;
      return;
    }
  if (!layout->horizontal)
    {
      *minimum = (int) layout->top + MIN_PLOT;
      *natural = (int) layout->top + NATURAL_PLOT;
      return;
    }

  axis = layout->height - layout->plot.y - layout->plot.height;
  _hd_chart_measure_text (context, HD_CHART_TEXT_CATEGORY, "0", NULL, &row_min);
  per_row = layout->kind == HD_REPORT_CHART_BARS ? layout->series->len : 1;
  row_natural = MAX (ROW_NATURAL, ceil (per_row * GROUP_BAR_MAX / BAR_SHARE));
  *minimum = (int) ceil (layout->top + n_rows (layout) * (row_min + 2) + axis);
  *natural = (int) ceil (layout->top + n_rows (layout) * row_natural + axis);
}

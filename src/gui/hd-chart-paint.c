/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-chart"

#include "config.h"

#include <math.h>

#include "hd-chart.h"
#include "hd-chart-private.h"

/* How strongly the text colour tints each part. Figures at 70 % keep
 * a contrast above 4.5:1 on Adwaita's light and dark backgrounds. */
#define HOVER_ALPHA   0.07
#define GRID_ALPHA    0.12
#define AXIS_ALPHA    0.4
#define FIGURE_ALPHA  0.7

#define LINE_WIDTH    2.5
#define POINT_RADIUS  3.5
#define HOVER_RADIUS  5.0
#define MAX_POINTS   31      /* more rows than this draw lines without points */
#define KEY_RADIUS    3.0

/* Adwaita's own colours (libadwaita 1.2), for a chart drawn where no
 * style sheet is: paper, or a widget before it is styled. The priorities
 * are the badges' (error, warning and accent backgrounds, a neutral);
 * the palette is GNOME's, a shade lighter on dark backgrounds. */
static const char * const light_colours[HD_CHART_N_COLOURS] = {
  "#e01b24", "#e5a50a", "#3584e4", "#c0bfbc",
  "#3584e4", "#e66100", "#26a269", "#9141ac", "#986a44", "#c01c28",
};

static const char * const dark_colours[HD_CHART_N_COLOURS] = {
  "#c01c28", "#cd9309", "#3584e4", "#77767b",
  "#62a0ea", "#ffa348", "#33d17a", "#c061cb", "#b5835a", "#f66151",
};

static void
set_source (cairo_t       *cr,
            const GdkRGBA *colour,
            double         alpha)
{
  cairo_set_source_rgba (cr, colour->red, colour->green, colour->blue, colour->alpha * alpha);
}

static void
rounded_rectangle (cairo_t          *cr,
                   const HdChartBox *box,
                   double            radius)
{
  radius = MIN (radius, MIN (box->width, box->height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, box->x + box->width - radius, box->y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, box->x + box->width - radius, box->y + box->height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, box->x + radius, box->y + box->height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, box->x + radius, box->y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
stroke_grid_line (const HdChartLayout *layout,
                  cairo_t             *cr,
                  double               position)
{
  const HdChartBox *plot = &layout->plot;

  if (layout->horizontal)
    {
      cairo_move_to (cr, position, plot->y);
      cairo_line_to (cr, position, plot->y + plot->height);
    }
  else
    {
      cairo_move_to (cr, plot->x, position);
      cairo_line_to (cr, plot->x + plot->width, position);
    }
  cairo_stroke (cr);
}

static void
paint_lines (const HdChartLayout *layout,
             cairo_t             *cr,
             const HdChartStyle  *style,
             int                  hover_row)
{
  gboolean points = hd_report_table_get_n_rows (layout->table) <= MAX_POINTS;

  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint s = 0; s < layout->series->len; s++)
    {
      const HdChartPoint *previous = NULL;

      set_source (cr, _hd_chart_style_series_colour (style, layout, s), 1);
      for (guint i = 0; i < layout->points->len; i++)
        {
          const HdChartPoint *point = &g_array_index (layout->points, HdChartPoint, i);

          if (point->series != s)
            continue;
          /* a row without a figure breaks the line */
          if (previous != NULL && previous->row + 1 == point->row)
            cairo_line_to (cr, point->x, point->y);
          else
            cairo_move_to (cr, point->x, point->y);
          previous = point;
        }
      cairo_stroke (cr);

      for (guint i = 0; i < layout->points->len; i++)
        {
          const HdChartPoint *point = &g_array_index (layout->points, HdChartPoint, i);
          gboolean hovered = (int) point->row == hover_row;

          if (point->series != s || !(points || hovered))
            continue;
          cairo_new_sub_path (cr);
          cairo_arc (cr, point->x, point->y, hovered ? HOVER_RADIUS : POINT_RADIUS, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
}

static void
paint_keys (const HdChartLayout *layout,
            cairo_t             *cr,
            const HdChartStyle  *style)
{
  for (guint i = 0; i < layout->keys->len; i++)
    {
      const HdChartKey *key = &g_array_index (layout->keys, HdChartKey, i);

      set_source (cr, _hd_chart_style_series_colour (style, layout, key->series), 1);
      rounded_rectangle (cr, &key->swatch, KEY_RADIUS);
      cairo_fill (cr);
    }
}

static void
paint_texts (const HdChartLayout *layout,
             cairo_t             *cr,
             const HdChartStyle  *style)
{
  for (guint i = 0; i < layout->texts->len; i++)
    {
      const HdChartText *text = &g_array_index (layout->texts, HdChartText, i);
      gboolean figure = text->kind == HD_CHART_TEXT_TICK || text->kind == HD_CHART_TEXT_EMPTY;

      set_source (cr, &style->foreground, figure ? FIGURE_ALPHA : 1);
      cairo_move_to (cr, text->x, text->y);
      pango_cairo_show_layout (cr, text->layout);
    }
}

/* The colours of Adwaita's light or dark style. */
void
_hd_chart_style_init (HdChartStyle *style,
                      gboolean      dark)
{
  const char * const *colours = dark ? dark_colours : light_colours;

  g_return_if_fail (style != NULL);

  style->dark = dark;
  style->foreground = dark ? (GdkRGBA) { 1, 1, 1, 1 } : (GdkRGBA) { 0, 0, 0, 0.8 };
  for (guint i = 0; i < HD_CHART_N_COLOURS; i++)
    gdk_rgba_parse (&style->colours[i], colours[i]);
}

const GdkRGBA *
_hd_chart_style_series_colour (const HdChartStyle  *style,
                               const HdChartLayout *layout,
                               guint                series)
{
  g_return_val_if_fail (series < layout->series->len, &style->foreground);

  return &style->colours[g_array_index (layout->series, HdChartSeries, series).colour];
}

/* Beneath the bars: the hovered row's band and the grid. */
void
_hd_chart_paint_back (const HdChartLayout *layout,
                      cairo_t             *cr,
                      const HdChartStyle  *style,
                      int                  hover_row)
{
  HdChartBox band;

  if (hover_row >= 0 && _hd_chart_layout_row_box (layout, hover_row, &band))
    {
      set_source (cr, &style->foreground, HOVER_ALPHA);
      rounded_rectangle (cr, &band, KEY_RADIUS);
      cairo_fill (cr);
    }
  cairo_set_line_width (cr, 1);
  set_source (cr, &style->foreground, GRID_ALPHA);
  for (guint i = 1; i < layout->grid->len; i++)
    stroke_grid_line (layout, cr, g_array_index (layout->grid, double, i));
}

/* The bars, for paper; the widget appends the same boxes to its snapshot. */
void
_hd_chart_paint_bars (const HdChartLayout *layout,
                      cairo_t             *cr,
                      const HdChartStyle  *style)
{
  for (guint i = 0; i < layout->bars->len; i++)
    {
      const HdChartBar *bar = &g_array_index (layout->bars, HdChartBar, i);

      set_source (cr, _hd_chart_style_series_colour (style, layout, bar->series), 1);
      cairo_rectangle (cr, bar->box.x, bar->box.y, bar->box.width, bar->box.height);
      cairo_fill (cr);
    }
}

/* Over the bars: the axis, the lines, the legend and all text. */
void
_hd_chart_paint_front (const HdChartLayout *layout,
                       cairo_t             *cr,
                       const HdChartStyle  *style,
                       int                  hover_row)
{
  if (layout->grid->len > 0)
    {
      cairo_set_line_width (cr, 1);
      set_source (cr, &style->foreground, AXIS_ALPHA);
      stroke_grid_line (layout, cr, g_array_index (layout->grid, double, 0));
    }
  if (layout->kind == HD_REPORT_CHART_LINES)
    paint_lines (layout, cr, style, hover_row);
  paint_keys (layout, cr, style);
  paint_texts (layout, cr, style);
}

/**
 * hd_chart_draw_to_cairo:
 * @table: the figures
 * @cr: where to draw, from its current origin
 * @width: the chart's width, in @cr's units
 * @height: its height
 * @context: a Pango context for @cr (a GtkPrintContext's, or one from
 *   pango_cairo_create_context() with the resolution of @cr's units)
 * @dark: whether to draw for a dark background
 *
 * Draws @table's chart as an HdChart shows it, for PDF export and
 * printing: the same layout, colours and text.
 */
void
hd_chart_draw_to_cairo (HdReportTable *table,
                        cairo_t       *cr,
                        int            width,
                        int            height,
                        PangoContext  *context,
                        gboolean       dark)
{
  g_autoptr(HdChartLayout) layout = NULL;
  HdChartStyle style;

  g_return_if_fail (table != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (PANGO_IS_CONTEXT (context));

  layout = _hd_chart_layout_new (table, context, width, height);
  _hd_chart_style_init (&style, dark);
  cairo_save (cr);
  _hd_chart_paint_back (layout, cr, &style, -1);
  _hd_chart_paint_bars (layout, cr, &style);
  _hd_chart_paint_front (layout, cr, &style, -1);
  cairo_restore (cr);
}

/**
 * hd_chart_get_height_for_width:
 * @table: the figures
 * @context: the Pango context hd_chart_draw_to_cairo() will be given
 * @width: the width to draw at
 *
 * Returns: the height @table's chart would like at @width, as the widget
 * asks its container for: a page can place charts with it
 */
int
hd_chart_get_height_for_width (HdReportTable *table,
                               PangoContext  *context,
                               int            width)
{
  int minimum, natural;

  g_return_val_if_fail (table != NULL, 0);
  g_return_val_if_fail (PANGO_IS_CONTEXT (context), 0);

  _hd_chart_measure (table, context, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural);
  return natural;
}

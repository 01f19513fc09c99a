/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-chart-scale.h"
#include "hd-report-table.h"

G_BEGIN_DECLS

/* A chart's geometry for one size, computed once (hd-chart-layout.c,
 * its text in hd-chart-text.c) and painted on any cairo context
 * (hd-chart-paint.c); the widget appends its bars to a GtkSnapshot
 * instead, and asks what is under the pointer (hd-chart-hit.c). Needs
 * Pango but no display. */

typedef struct {
  double x, y, width, height;
} HdChartBox;

typedef enum {
  HD_CHART_TEXT_CATEGORY,      /* a row's label */
  HD_CHART_TEXT_TICK,          /* a value axis figure */
  HD_CHART_TEXT_VALUE,         /* the figure at a bar's end */
  HD_CHART_TEXT_LEGEND,
  HD_CHART_TEXT_EMPTY,         /* "No tickets in this range" */
} HdChartTextKind;

typedef struct {
  PangoLayout     *layout;
  double           x, y;       /* top left */
  double           width, height;
  HdChartTextKind  kind;
} HdChartText;

/* The priority colours, then a palette for any other series. */
enum {
  HD_CHART_COLOUR_CRITICAL,
  HD_CHART_COLOUR_HIGH,
  HD_CHART_COLOUR_MEDIUM,
  HD_CHART_COLOUR_NORMAL,
  HD_CHART_COLOUR_PALETTE,
  HD_CHART_N_COLOURS = HD_CHART_COLOUR_PALETTE + 6,
};

typedef struct {
  guint column;                /* in the table */
  guint colour;                /* HD_CHART_COLOUR_* */
} HdChartSeries;

typedef struct {
  HdChartBox box;
  guint      row;
  guint      series;           /* index in the layout's series */
} HdChartBar;

typedef struct {
  double x, y;
  guint  row;
  guint  series;
} HdChartPoint;

typedef struct {
  HdChartBox swatch;
  guint      series;
} HdChartKey;

typedef struct {
  HdReportTable *table;
  HdReportChart  kind;
  HdReportUnit   unit;
  gboolean       empty;        /* nothing to chart: the text says so */
  gboolean       horizontal;   /* bars along x, rows down the y axis */
  double         width, height;
  double         top;          /* below the legend */
  HdChartBox     plot;
  HdChartScale   scale;
  double         band;         /* a row's share of the category axis */
  GArray        *series;       /* HdChartSeries */
  GArray        *bars;         /* HdChartBar */
  GArray        *points;       /* HdChartPoint, series by series, rows in order */
  GArray        *keys;         /* HdChartKey */
  GArray        *grid;         /* double: where a tick's grid line runs, x for
                                * horizontal bars, y otherwise; the first is the axis */
  GArray        *texts;        /* HdChartText */
} HdChartLayout;

typedef struct {
  GdkRGBA  foreground;         /* text, from which axes and grid are tinted */
  GdkRGBA  colours[HD_CHART_N_COLOURS];
  gboolean dark;
} HdChartStyle;

HdChartLayout *_hd_chart_layout_new          (HdReportTable       *table,
                                              PangoContext        *context,
                                              double               width,
                                              double               height);
void           _hd_chart_layout_free         (HdChartLayout       *layout);
double         _hd_chart_layout_row_total    (const HdChartLayout *layout,
                                              guint                row);
guint          _hd_chart_add_text            (HdChartLayout       *layout,
                                              PangoContext        *context,
                                              HdChartTextKind      kind,
                                              const char          *string,
                                              double               max_width);
void           _hd_chart_place_text          (HdChartLayout       *layout,
                                              guint                index,
                                              double               x,
                                              double               y);
void           _hd_chart_measure_text        (PangoContext        *context,
                                              HdChartTextKind      kind,
                                              const char          *text,
                                              double              *width,
                                              double              *height);
void           _hd_chart_text_clear          (gpointer             data);
void           _hd_chart_measure             (HdReportTable       *table,
                                              PangoContext        *context,
                                              GtkOrientation       orientation,
                                              double               for_size,
                                              int                 *minimum,
                                              int                 *natural);
gboolean       _hd_chart_layout_hit          (const HdChartLayout *layout,
                                              double               x,
                                              double               y,
                                              guint               *row,
                                              int                 *series);
gboolean       _hd_chart_layout_row_box      (const HdChartLayout *layout,
                                              guint                row,
                                              HdChartBox          *box);

void           _hd_chart_style_init          (HdChartStyle        *style,
                                              gboolean             dark);
const GdkRGBA *_hd_chart_style_series_colour (const HdChartStyle  *style,
                                              const HdChartLayout *layout,
                                              guint                series);
void           _hd_chart_paint_back          (const HdChartLayout *layout,
                                              cairo_t             *cr,
                                              const HdChartStyle  *style,
                                              int                  hover_row);
void           _hd_chart_paint_bars          (const HdChartLayout *layout,
                                              cairo_t             *cr,
                                              const HdChartStyle  *style);
void           _hd_chart_paint_front         (const HdChartLayout *layout,
                                              cairo_t             *cr,
                                              const HdChartStyle  *style,
                                              int                  hover_row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdChartLayout, _hd_chart_layout_free)

G_END_DECLS

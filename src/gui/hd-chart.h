/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-report-table.h"

G_BEGIN_DECLS

/* A report table drawn as its chart kind asks: bars, stacked bars or
 * lines, with a legend, value axis on round figures of its unit, and
 * the exact figures of a row in a tooltip. Sized to its container; a
 * table with no figures says "No tickets in this range", and one whose
 * kind is HD_REPORT_CHART_NONE draws nothing (show its table alone).
 *
 * The chart is an image to assistive technologies, labelled with the
 * report's title; hd_chart_set_alternative() names the widget that holds
 * the same figures as text (an HdReportTableView).
 *
 * Set a table once it is filled: the chart does not watch it change. */

#define HD_TYPE_CHART (hd_chart_get_type ())

G_DECLARE_FINAL_TYPE (HdChart, hd_chart, HD, CHART, GtkWidget)

GtkWidget     *hd_chart_new                   (HdReportTable *table);
HdReportTable *hd_chart_get_table             (HdChart       *self);
void           hd_chart_set_table             (HdChart       *self,
                                               HdReportTable *table);
GtkWidget     *hd_chart_get_alternative       (HdChart       *self);
void           hd_chart_set_alternative       (HdChart       *self,
                                               GtkWidget     *alternative);

void           hd_chart_draw_to_cairo         (HdReportTable *table,
                                               cairo_t       *cr,
                                               int            width,
                                               int            height,
                                               PangoContext  *context,
                                               gboolean       dark);
int            hd_chart_get_height_for_width  (HdReportTable *table,
                                               PangoContext  *context,
                                               int            width);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-report-table.h"

G_BEGIN_DECLS

/* A report table as text: a heading per column, a line per row, every
 * figure formatted as the CSV and the command line print it, and the
 * table-only columns (overdue counts, comments) beside the charted ones.
 * It is its chart's accessible alternative: each cell is a label whose
 * description names its row and column. Meant for small tables (tens of
 * rows); put it in a GtkScrolledWindow where it may not fit. */

#define HD_TYPE_REPORT_TABLE_VIEW (hd_report_table_view_get_type ())

G_DECLARE_FINAL_TYPE (HdReportTableView, hd_report_table_view, HD, REPORT_TABLE_VIEW, GtkWidget)

GtkWidget     *hd_report_table_view_new       (HdReportTable     *table);
HdReportTable *hd_report_table_view_get_table (HdReportTableView *self);
void           hd_report_table_view_set_table (HdReportTableView *self,
                                               HdReportTable     *table);

G_END_DECLS

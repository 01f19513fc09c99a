/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One table of a report: labelled rows by labelled columns of figures
 * (or text), with how it is best drawn. It is what the reports compute
 * in core, what the app's charts and tables show, and what CSV export
 * and `helpdesk-cli report` print, so all of them show the same figures.
 *
 * A column has an id (stable, for CSV headers and styling: priorities
 * use "critical", "high", "medium", "normal"), a translated label and a
 * unit; columns that are not charted (an overdue count beside stacked
 * priorities, a comment) appear in the table only. A cell with no value
 * (a percentage of no tickets) is NAN. */

typedef enum {
  HD_REPORT_CHART_NONE,          /* a table only */
  HD_REPORT_CHART_BARS,          /* one bar per row and charted column */
  HD_REPORT_CHART_STACKED_BARS,  /* one bar per row, charted columns stacked */
  HD_REPORT_CHART_LINES,         /* one line per charted column, rows along x */
} HdReportChart;

typedef enum {
  HD_REPORT_UNIT_COUNT,
  HD_REPORT_UNIT_PERCENT,        /* 0–100 */
  HD_REPORT_UNIT_DURATION,       /* business seconds */
  HD_REPORT_UNIT_RATING,         /* 1–5, may have decimals (an average) */
  HD_REPORT_UNIT_TEXT,
} HdReportUnit;

typedef struct _HdReportTable HdReportTable;

#define HD_TYPE_REPORT_TABLE (hd_report_table_get_type ())

GType           hd_report_table_get_type         (void) G_GNUC_CONST;

HdReportTable  *hd_report_table_new              (const char    *id,
                                                  const char    *title,
                                                  HdReportChart  chart,
                                                  const char    *row_heading);
HdReportTable  *hd_report_table_ref              (HdReportTable *self);
void            hd_report_table_unref            (HdReportTable *self);

guint           hd_report_table_add_column       (HdReportTable *self,
                                                  const char    *id,
                                                  const char    *label,
                                                  HdReportUnit   unit,
                                                  gboolean       charted);
guint           hd_report_table_add_row          (HdReportTable *self,
                                                  const char    *label);
void            hd_report_table_set_value        (HdReportTable *self,
                                                  guint          row,
                                                  guint          column,
                                                  double         value);
void            hd_report_table_set_text         (HdReportTable *self,
                                                  guint          row,
                                                  guint          column,
                                                  const char    *text);

const char     *hd_report_table_get_id           (HdReportTable *self);
const char     *hd_report_table_get_title        (HdReportTable *self);
HdReportChart   hd_report_table_get_chart        (HdReportTable *self);
const char     *hd_report_table_get_row_heading  (HdReportTable *self);
guint           hd_report_table_get_n_rows       (HdReportTable *self);
guint           hd_report_table_get_n_columns    (HdReportTable *self);
const char     *hd_report_table_get_row_label    (HdReportTable *self,
                                                  guint          row);
const char     *hd_report_table_get_column_id    (HdReportTable *self,
                                                  guint          column);
const char     *hd_report_table_get_column_label (HdReportTable *self,
                                                  guint          column);
HdReportUnit    hd_report_table_get_column_unit  (HdReportTable *self,
                                                  guint          column);
gboolean        hd_report_table_get_column_charted (HdReportTable *self,
                                                  guint          column);
double          hd_report_table_get_value        (HdReportTable *self,
                                                  guint          row,
                                                  guint          column);
const char     *hd_report_table_get_text         (HdReportTable *self,
                                                  guint          row,
                                                  guint          column);

char           *hd_report_table_format_cell      (HdReportTable *self,
                                                  guint          row,
                                                  guint          column);
void            hd_report_table_write_csv        (HdReportTable *self,
                                                  GString       *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdReportTable, hd_report_table_unref)

G_END_DECLS

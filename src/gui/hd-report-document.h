/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The reports on paper: a header with the district's name, the range,
 * the filters and when it was made; then each report under its title,
 * each of its tables as its chart and its figures as text, rows carried
 * over to the next page with their column headings. One layout, laid
 * out on pages of any size: PDF export and printing both draw it. */

#define HD_TYPE_REPORT_DOCUMENT (hd_report_document_get_type ())

G_DECLARE_FINAL_TYPE (HdReportDocument, hd_report_document, HD, REPORT_DOCUMENT, GObject)

HdReportDocument  *hd_report_document_new                 (const char        *district,
                                                           const char        *range,
                                                           const char        *filters,
                                                           GDateTime         *made);
void               hd_report_document_add_report          (HdReportDocument  *self,
                                                           const char        *title,
                                                           const char        *summary,
                                                           GPtrArray         *tables);

guint              hd_report_document_paginate            (HdReportDocument  *self,
                                                           PangoContext      *context,
                                                           double             width,
                                                           double             height);
void               hd_report_document_draw_page           (HdReportDocument  *self,
                                                           cairo_t           *cr,
                                                           guint              page);

GBytes            *hd_report_document_write_pdf           (HdReportDocument  *self,
                                                           GError           **error);
GtkPrintOperation *hd_report_document_new_print_operation (HdReportDocument  *self);

G_END_DECLS

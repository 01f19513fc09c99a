/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-report.h"

G_BEGIN_DECLS

/* One report in the Reports window: a line on what it counts, then each
 * of its tables as an HdReportSection; until its first figures arrive,
 * a spinner, and a plain message when they could not be counted. */

#define HD_TYPE_REPORT_PAGE (hd_report_page_get_type ())

G_DECLARE_FINAL_TYPE (HdReportPage, hd_report_page, HD, REPORT_PAGE, GtkWidget)

GtkWidget    *hd_report_page_new         (HdReportKind  kind);
HdReportKind  hd_report_page_get_kind    (HdReportPage *self);
void          hd_report_page_show_tables (HdReportPage *self,
                                          GPtrArray    *tables);
void          hd_report_page_show_error  (HdReportPage *self,
                                          const GError *error);

const char   *hd_report_page_summarize   (HdReportKind  kind);

G_END_DECLS

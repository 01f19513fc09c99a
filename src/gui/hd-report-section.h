/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-report-table.h"

G_BEGIN_DECLS

/* One table of a report on its page: its title, its chart and the same
 * figures as a table, side by side where the width allows both and the
 * table under the chart where it does not. The table is the chart's
 * accessible alternative. A table with no chart, or no rows, shows as a
 * table alone. */

#define HD_TYPE_REPORT_SECTION (hd_report_section_get_type ())

G_DECLARE_FINAL_TYPE (HdReportSection, hd_report_section, HD, REPORT_SECTION, GtkWidget)

GtkWidget *hd_report_section_new (HdReportTable *table);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A report exported from the Reports window: one CSV file (RFC 4180,
 * CRLF) holding every table of the report, each preceded by its title on
 * a line of its own, a blank line between tables. Without the title
 * lines it is what `helpdesk-cli report NAME --csv` prints. */

GBytes *hd_report_csv_new (GPtrArray *tables);

G_END_DECLS

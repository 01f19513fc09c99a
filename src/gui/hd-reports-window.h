/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-account.h"

G_BEGIN_DECLS

/* Main menu ▸ Reports, for the support team: the supervisors' reports
 * over the account's cache, one page each, for a range of days
 * and a location, topic and technician; each report exports to CSV, and
 * all of them to PDF or to a printer. The figures follow the cache as it
 * syncs. */

#define HD_TYPE_REPORTS_WINDOW (hd_reports_window_get_type ())

G_DECLARE_FINAL_TYPE (HdReportsWindow, hd_reports_window, HD, REPORTS_WINDOW, AdwWindow)

HdReportsWindow *hd_reports_window_new (GtkWindow *parent,
                                        HdAccount *account);

G_END_DECLS

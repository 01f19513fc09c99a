/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-cache-private.h"

G_BEGIN_DECLS

/* Shared by hd-cache-report.c (the report columns, written with each
 * ticket) and hd-cache-report-read.c (what reports read of them). */

/* report_flags: the little a walk of the created tickets reads of each,
 * in one column where it took three; every column a walk reads costs
 * about what the walk alone does. Bits 0-1 the priority, 2-3 the
 * response and 4-5 the resolution: 0 not settled, 1 missed, 2 met. */
#define REPORT_FLAGS_PRIORITY(flags)   ((flags) & 3)
#define REPORT_FLAGS_RESPONSE(flags)    (((flags) >> 2) & 3)
#define REPORT_FLAGS_RESOLUTION(flags)  (((flags) >> 4) & 3)
#define REPORT_FLAGS_MET(met)           ((met) < 0 ? 0 : (met) + 1)

gint64   _hd_cache_report_find_name (HdCache       *self,
                                     const char    *name);
gboolean _hd_cache_report_refresh   (HdCache       *self,
                                     HdPlan        *plan,
                                     GCancellable  *cancellable,
                                     GError       **error);

G_END_DECLS

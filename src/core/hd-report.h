/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-cache.h"
#include "hd-plan.h"
#include "hd-report-table.h"

G_BEGIN_DECLS

/* Supervisors' reports, computed from the local cache in the plan's
 * business time, over a range of local dates in the plan's zone (@from
 * included, @to not) and the tickets that match the filter: Workload and
 * Backlog show the tickets created in the range still open at @now;
 * Volume counts tickets created and resolved in the range; SLA the
 * deadlines of the tickets created in it; Escalations the escalations
 * and survey answers that happened in it. Weeks run Monday to Sunday and
 * are named by their Monday. README.md ("Reports") says how each figure
 * is counted.
 *
 * Each report is one or more HdReportTable, always the same ones in the
 * same order (their ids: "workload"; "backlog"; "volume-by-week",
 * "volume-by-topic", "volume-by-location"; "sla-by-priority",
 * "sla-by-week", "sla-times"; "escalations-by-week",
 * "escalations-by-topic", "ratings", "satisfaction", "low-ratings").
 * hd_report_run_all() makes the five from one read of the cache, for a
 * window that shows them all. */

typedef enum {
  HD_REPORT_WORKLOAD,          /* open tickets per technician by priority, and overdue */
  HD_REPORT_BACKLOG,           /* open tickets by age in business days, by priority */
  HD_REPORT_VOLUME,            /* created and resolved per week; created by topic and by location */
  HD_REPORT_SLA,               /* targets met per priority and per week; business times */
  HD_REPORT_ESCALATIONS,       /* escalations per week and topic; survey ratings */
} HdReportKind;

#define HD_N_REPORTS 5

/* The longest range a report covers, in days: about ten years. */
#define HD_REPORT_MAX_DAYS 3660

typedef struct {
  gint64  from;                /* the first local date, in days since 1970-01-01 */
  gint64  to;                  /* the local date after the last */
  char   *location;            /* NULL: every location */
  char   *topic;               /* a topic id; NULL: every topic */
  char   *technician;          /* the assignee's user name; NULL: everyone */
} HdReportFilter;

#define HD_TYPE_REPORT_FILTER (hd_report_filter_get_type ())

GType           hd_report_filter_get_type   (void) G_GNUC_CONST;
HdReportFilter *hd_report_filter_new        (gint64                from,
                                             gint64                to);
HdReportFilter *hd_report_filter_copy       (const HdReportFilter *filter);
void            hd_report_filter_free       (HdReportFilter       *filter);
gboolean        hd_report_filter_check      (const HdReportFilter *filter,
                                             GError              **error);

const char     *hd_report_kind_to_string    (HdReportKind          kind);
gboolean        hd_report_kind_from_string  (const char           *text,
                                             HdReportKind         *kind);
const char     *hd_report_kind_get_title    (HdReportKind          kind);

GPtrArray      *hd_report_run               (HdCache              *cache,
                                             HdPlan               *plan,
                                             HdReportKind          kind,
                                             const HdReportFilter *filter,
                                             gint64                now,
                                             GCancellable         *cancellable,
                                             GError              **error);
void            hd_report_run_async         (HdCache              *cache,
                                             HdPlan               *plan,
                                             HdReportKind          kind,
                                             const HdReportFilter *filter,
                                             gint64                now,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GPtrArray      *hd_report_run_finish        (HdCache              *cache,
                                             GAsyncResult         *result,
                                             GError              **error);

GPtrArray      *hd_report_run_all           (HdCache              *cache,
                                             HdPlan               *plan,
                                             const HdReportFilter *filter,
                                             gint64                now,
                                             GCancellable         *cancellable,
                                             GError              **error);
void            hd_report_run_all_async     (HdCache              *cache,
                                             HdPlan               *plan,
                                             const HdReportFilter *filter,
                                             gint64                now,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GPtrArray      *hd_report_run_all_finish    (HdCache              *cache,
                                             GAsyncResult         *result,
                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdReportFilter, hd_report_filter_free)

G_END_DECLS

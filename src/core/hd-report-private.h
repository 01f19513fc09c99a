/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-report.h"

G_BEGIN_DECLS

/* What a report reads from the cache (hd-cache-report.c, in one read
 * transaction) and turns into tables (hd-report-*.c): plain figures by
 * local day. Strings marked interned are g_intern_string()'s. */

typedef enum {
  HD_REPORT_NEEDS_OPEN        = 1 << 0,
  HD_REPORT_NEEDS_CREATED     = 1 << 1,   /* the created groups and the SLA figures */
  HD_REPORT_NEEDS_RESOLVED    = 1 << 2,
  HD_REPORT_NEEDS_ESCALATIONS = 1 << 3,
  HD_REPORT_NEEDS_SURVEYS     = 1 << 4,   /* the ratings and the low ones' comments */
} HdReportNeeds;

/* An open ticket of the range. */
typedef struct {
  gint64      created_at;
  gint64      created_day;
  gint64      next_due_at;       /* -1: none (waiting) */
  gint64      response_due_at;   /* -1: none */
  gint64      resolution_due_at;
  gboolean    responded;
  HdPriority  priority;
  const char *assignee;          /* interned; NULL: nobody */
} HdReportOpen;

/* Tickets created on a day in a topic at a location. */
typedef struct {
  gint64      day;
  const char *topic;             /* interned */
  const char *location;          /* interned */
  gint64      tickets;
} HdReportCreated;

/* Escalations on a day of tickets of a topic. */
typedef struct {
  gint64      day;
  const char *topic;             /* interned */
  gint64      escalations;
} HdReportEscalations;

/* Tickets resolved on a day. */
typedef struct {
  gint64 day;
  gint64 tickets;
} HdReportResolved;

/* Targets settled (met or missed) by tickets created on a day, of one
 * priority. Open tickets past a deadline they missed are not in these:
 * they are missed as of now (see HdReportOpen). */
typedef struct {
  gint64 responses;
  gint64 responses_met;
  gint64 resolutions;
  gint64 resolutions_met;
} HdReportSlaCount;

typedef struct {
  gint64            from;        /* the range's first day */
  guint             n_days;
  HdReportSlaCount *counts;      /* by day, then by priority */
  GArray           *response_times[HD_N_PRIORITIES];    /* gint32, business seconds */
  GArray           *resolution_times[HD_N_PRIORITIES];
} HdReportSla;

/* A survey answered in the range rated 1 or 2 with a comment, as the
 * plan's Feedback member gets them. */
typedef struct {
  gint64  number;
  gint64  rating;
  gint64  answered_at;
  char   *topic;
  char   *assignee;
  char   *comment;
} HdReportLowRating;

typedef struct {
  GArray      *open;             /* HdReportOpen */
  GArray      *created;          /* HdReportCreated */
  GArray      *resolved;         /* HdReportResolved */
  HdReportSla *sla;              /* with created */
  GArray      *escalations;      /* HdReportEscalations */
  gint64       ratings[5];       /* surveys answered in the range, rated 1 to 5 */
  GPtrArray   *low_ratings;      /* HdReportLowRating, the newest first */
} HdReportFacts;

void        _hd_report_facts_clear       (HdReportFacts        *facts);
gboolean    _hd_cache_report_read        (HdCache              *self,
                                          HdPlan               *plan,
                                          const HdReportFilter *filter,
                                          HdReportNeeds         needs,
                                          HdReportFacts        *facts,
                                          GCancellable         *cancellable,
                                          GError              **error);

/* Helpers the reports share (hd-report-build.c) */
guint       _hd_report_n_weeks           (const HdReportFilter *filter);
guint       _hd_report_week_of           (const HdReportFilter *filter,
                                          gint64                day);
void        _hd_report_add_week_rows     (HdReportTable        *table,
                                          const HdReportFilter *filter);
void        _hd_report_add_priority_columns (HdReportTable     *table,
                                          HdPlan               *plan,
                                          gboolean              charted);
GHashTable *_hd_report_add_topic_rows    (HdReportTable        *table,
                                          HdPlan               *plan,
                                          GPtrArray            *found);
GHashTable *_hd_report_add_location_rows (HdReportTable        *table,
                                          HdPlan               *plan,
                                          GPtrArray            *found);
void        _hd_report_set_zeros         (HdReportTable        *table);
void        _hd_report_add_to            (HdReportTable        *table,
                                          guint                 row,
                                          guint                 column,
                                          double                value);
GPtrArray  *_hd_report_tables_new        (HdReportTable        *first,
                                          ...) G_GNUC_NULL_TERMINATED;
const char *_hd_report_topic_label       (HdPlan               *plan,
                                          const char           *topic);
const char *_hd_report_member_name       (HdPlan               *plan,
                                          const char           *username);
double      _hd_report_percent           (gint64                part,
                                          gint64                whole);

/* The tables of each report, from its facts (hd-report-*.c) */
GPtrArray  *_hd_report_workload          (HdPlan               *plan,
                                          const HdReportFilter *filter,
                                          gint64                now,
                                          const HdReportFacts  *facts);
GPtrArray  *_hd_report_backlog           (HdPlan               *plan,
                                          const HdReportFilter *filter,
                                          gint64                now,
                                          const HdReportFacts  *facts);
GPtrArray  *_hd_report_volume            (HdPlan               *plan,
                                          const HdReportFilter *filter,
                                          gint64                now,
                                          const HdReportFacts  *facts);
GPtrArray  *_hd_report_sla               (HdPlan               *plan,
                                          const HdReportFilter *filter,
                                          gint64                now,
                                          const HdReportFacts  *facts);
GPtrArray  *_hd_report_escalations       (HdPlan               *plan,
                                          const HdReportFilter *filter,
                                          gint64                now,
                                          const HdReportFacts  *facts);

G_END_DECLS

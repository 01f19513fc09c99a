/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-cache.h"
#include "hd-database.h"

G_BEGIN_DECLS

/* Shared by hd-cache.c (the synced tickets, queues and search) and
 * hd-cache-outbox.c (what waits to be delivered, and conflicts). */

struct _HdCache
{
  GObject       parent_instance;

  /* Any thread may call the cache (the sync engine writes from a worker,
   * the app reads from workers); one connection, one call at a time. */
  GRecMutex     lock;
  HdDatabase   *db;
  gboolean      batch_indexing; /* apply_changes() indexes set by set */

  /* "changed" is emitted on the context that opened the cache */
  GMainContext *owner;
  GSource      *changed;
  guint64       generation;     /* a new one at each change a view shows */
  gint64        data_version;   /* SQLite's, at which the generation was last checked */

  /* reports (hd-cache-report.c): the plan tickets' report columns are
   * written with, the stamp it leaves in them, and the SQL functions */
  HdPlan       *report_plan;
  gint64        report_stamp;
  gboolean      report_plan_loaded;
  gboolean      report_functions;
  GHashTable   *report_names;   /* name -> its id in report_names, as committed */
};

/* The columns of tickets that reports count (hd-cache-report.c), in
 * the order _hd_cache_report_bind() binds them. */
#define HD_CACHE_REPORT_COLUMNS \
  "topic_id, location_id, assignee_id, first_response_at, resolved_at, escalation_level, survey_rating," \
  " survey_at, survey_comment, created_day, resolved_day, response_met, resolution_met, response_time," \
  " resolution_time, survey_day, response_escalation_day, resolution_escalation_day, other_escalation_day," \
  " other_escalations, report_flags, report_stamp"
#define HD_CACHE_REPORT_VALUES "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define HD_CACHE_REPORT_UPDATE \
  "topic_id = excluded.topic_id, location_id = excluded.location_id, assignee_id = excluded.assignee_id," \
  " first_response_at = excluded.first_response_at, resolved_at = excluded.resolved_at," \
  " escalation_level = excluded.escalation_level, survey_rating = excluded.survey_rating," \
  " survey_at = excluded.survey_at, survey_comment = excluded.survey_comment," \
  " created_day = excluded.created_day, resolved_day = excluded.resolved_day," \
  " response_met = excluded.response_met, resolution_met = excluded.resolution_met," \
  " response_time = excluded.response_time, resolution_time = excluded.resolution_time," \
  " survey_day = excluded.survey_day, response_escalation_day = excluded.response_escalation_day," \
  " resolution_escalation_day = excluded.resolution_escalation_day," \
  " other_escalation_day = excluded.other_escalation_day, other_escalations = excluded.other_escalations," \
  " report_flags = excluded.report_flags, report_stamp = excluded.report_stamp"

#define HD_CACHE_LOCKED(self) \
  g_autoptr(GRecMutexLocker) G_PASTE (locker, __LINE__) G_GNUC_UNUSED = g_rec_mutex_locker_new (&(self)->lock)

/* What _hd_cache_read_ticket() reads, in its order. */
#define HD_CACHE_TICKET_ROW \
  "t.id, t.number, t.version, t.subject, t.description, t.requester_name, t.requester_email," \
  " t.requester_phone, t.submitted_by, t.channel, t.location, t.topic, t.scope, t.effect, t.priority," \
  " t.priority_reason, t.status, t.assignee, t.escalation_level, t.created_at, t.updated_at," \
  " t.acknowledged_at, t.first_response_at, t.resolved_at, t.closed_at, t.response_due_at," \
  " t.resolution_due_at, coalesce (t.survey_rating, 0), t.survey_comment, t.survey_at, t.pending"

HdCachedTicket *_hd_cache_read_ticket (sqlite3_stmt *stmt,
                                   int              first);
gboolean _hd_cache_put_ticket     (HdCache         *self,
                                   const HdTicket  *ticket,
                                   gboolean         pending,
                                   GError         **error);
gboolean _hd_cache_put_comment    (HdCache         *self,
                                   const HdComment *comment,
                                   GError         **error);
gboolean _hd_cache_delete_ticket  (HdCache         *self,
                                   const char      *id,
                                   GError         **error);
void     _hd_cache_changed        (HdCache         *self);
guint64  _hd_cache_new_generation (void);
gboolean _hd_cache_commit         (HdCache         *self,
                                   GError         **error);
gboolean _hd_cache_reindex_dirty  (HdCache         *self,
                                   GError         **error);
gboolean _hd_cache_report_bind    (HdCache         *self,
                                   const HdTicket  *ticket,
                                   sqlite3_stmt    *stmt,
                                   int              first,
                                   GError         **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-cache-private.h"
#include "hd-ticket-summary.h"

G_BEGIN_DECLS

/* How a queue is asked for, one way for whole tickets (hd_cache_list())
 * and for summaries and counts (hd-cache-summary.c). A queue's condition
 * is on the table as "t" and takes the parameters ?2 (who "me" is), ?3
 * (now) and ?4 to ?7 (the instant before which a deadline is due soon,
 * one per priority); a search, ?1, is an FTS5 query on tickets_fts "f". */

char         *_hd_cache_fts_query     (const char    *search);
gboolean      _hd_cache_search_narrows (const char   *before,
                                       const char    *after);
gboolean      _hd_cache_queue_timed   (HdQueue        queue);
const char   *_hd_cache_queue_where   (HdQueue        queue);
char         *_hd_cache_order_by      (HdSortColumn   sort,
                                       gboolean       descending);
sqlite3_stmt *_hd_cache_prepare_queue (HdCache       *self,
                                       const char    *columns,
                                       HdQueue        queue,
                                       const char    *match,
                                       const char    *order,
                                       guint          limit,
                                       const char    *me,
                                       HdPlan        *plan,
                                       gint64         now,
                                       GError       **error);
void          _hd_cache_bind_queue    (sqlite3_stmt  *stmt,
                                       const char    *me,
                                       HdPlan        *plan,
                                       gint64         now);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-alert.h"
#include "hd-changes.h"
#include "hd-ticket.h"
#include "hd-ticket-summary.h"

G_BEGIN_DECLS

/* The client's cache: one SQLite file per server and account, holding
 * what the last sync brought, what was done here and not yet delivered
 * (the outbox), and the sync cursor. Every change that must survive a
 * crash is one transaction: a page of changes with its cursor, a local
 * submission with its outbox row, a delivery with the server's answer. */

typedef enum {
  HD_QUEUE_MINE,
  HD_QUEUE_UNASSIGNED,
  HD_QUEUE_OPEN,
  HD_QUEUE_DUE_SOON,
  HD_QUEUE_BREACHED,
  HD_QUEUE_WAITING,
  HD_QUEUE_SUBMITTED,
  HD_QUEUE_CLOSED,
  HD_QUEUE_ALL,
} HdQueue;

typedef enum {
  HD_OUTBOX_CREATE_TICKET,
  HD_OUTBOX_ADD_COMMENT,
  HD_OUTBOX_PATCH_TICKET,
  HD_OUTBOX_FOLLOW_UP,         /* a requester asks after their ticket */
  HD_OUTBOX_SURVEY,            /* a requester rates a resolved ticket */
} HdOutboxKind;

typedef struct {
  gint64        id;
  HdOutboxKind  kind;
  char         *ticket_id;
  char         *body;          /* the request's JSON */
  gint64        attempts;
  char         *last_error;
  char         *if_match;      /* patches: the version they were made on */
  char         *base;          /* patches: JSON of the values they replace */
} HdOutboxItem;

/* A change of ours the server's could not take in: the user keeps one. */
typedef struct {
  gint64  id;
  char   *ticket_id;
  char   *field;               /* "refused": the whole request, in mine */
  char   *mine;
  char   *theirs;
  gint64  created_at;
} HdConflict;

typedef struct {
  HdTicket *ticket;
  gboolean  pending;           /* changed here, not yet on the server */
} HdCachedTicket;

#define HD_TYPE_CACHE (hd_cache_get_type ())

G_DECLARE_FINAL_TYPE (HdCache, hd_cache, HD, CACHE, GObject)

const char     *hd_queue_to_string          (HdQueue        queue);
gboolean        hd_queue_from_string        (const char    *text,
                                             HdQueue       *queue);
void            hd_outbox_item_free         (HdOutboxItem  *item);
void            hd_cached_ticket_free       (HdCachedTicket *ticket);
void            hd_conflict_free            (HdConflict    *conflict);

char           *hd_cache_path_for           (const char    *server,
                                             const char    *username);
HdCache        *hd_cache_open               (const char    *path,
                                             GError       **error);
char           *hd_cache_get_meta           (HdCache       *self,
                                             const char    *key);
gboolean        hd_cache_set_meta           (HdCache       *self,
                                             const char    *key,
                                             const char    *value,
                                             GError       **error);
gboolean        hd_cache_apply_changes      (HdCache       *self,
                                             const HdChanges *changes,
                                             GError       **error);
gboolean        hd_cache_refresh_search     (HdCache       *self,
                                             GError       **error);
gboolean        hd_cache_forget_synced      (HdCache       *self,
                                             GError       **error);
gboolean        hd_cache_submit             (HdCache       *self,
                                             const HdTicket *ticket,
                                             const char    *body,
                                             GError       **error);
GPtrArray      *hd_cache_list_outbox        (HdCache       *self);
guint           hd_cache_count_outbox       (HdCache       *self);
gboolean        hd_cache_outbox_delivered   (HdCache       *self,
                                             const HdOutboxItem *item,
                                             const HdTicket *server_ticket,
                                             GError       **error);
gboolean        hd_cache_outbox_failed      (HdCache       *self,
                                             const HdOutboxItem *item,
                                             const char    *message,
                                             GError       **error);
gboolean        hd_cache_queue_patch        (HdCache       *self,
                                             const HdTicket *changed,
                                             const char    *body,
                                             const char    *if_match,
                                             const char    *base,
                                             GError       **error);
gboolean        hd_cache_queue_comment      (HdCache       *self,
                                             const HdComment *comment,
                                             const char    *body,
                                             GError       **error);
gboolean        hd_cache_queue_request      (HdCache       *self,
                                             HdOutboxKind   kind,
                                             const HdTicket *changed,
                                             const char    *body,
                                             GError       **error);
gboolean        hd_cache_outbox_rewrite     (HdCache       *self,
                                             const HdOutboxItem *item,
                                             const char    *body,
                                             const char    *if_match,
                                             const char    *base,
                                             GError       **error);
gboolean        hd_cache_outbox_rejected    (HdCache       *self,
                                             const HdOutboxItem *item,
                                             const char    *message,
                                             GError       **error);
gboolean        hd_cache_add_conflict       (HdCache       *self,
                                             const char    *ticket_id,
                                             const char    *field,
                                             const char    *mine,
                                             const char    *theirs,
                                             GError       **error);
GPtrArray      *hd_cache_list_conflicts     (HdCache       *self);
gboolean        hd_cache_drop_conflict      (HdCache       *self,
                                             gint64         id,
                                             GError       **error);
HdCachedTicket *hd_cache_find_ticket        (HdCache       *self,
                                             const char    *id_or_number);
GPtrArray      *hd_cache_list_comments      (HdCache       *self,
                                             const char    *ticket_id);
GPtrArray      *hd_cache_list               (HdCache       *self,
                                             HdQueue        queue,
                                             const char    *me,
                                             const char    *search,
                                             HdPlan        *plan,
                                             gint64         now,
                                             guint          limit);
gint64          hd_cache_count_tickets      (HdCache       *self);

/* Summaries a caller has from earlier lists, for hd_cache_list_summaries()
 * to take instead of reading them again: @rows, a list as it came, in the
 * order of @sort and @descending; @more (may be NULL), in any order.
 * With @whole, @rows are the whole list of @queue and @search (NULL: no
 * search) for the same @me: a search that narrows @search, typed on, is
 * looked for among them alone while they are current. */
typedef struct {
  GPtrArray    *rows;
  HdSortColumn  sort;
  gboolean      descending;
  GPtrArray    *more;
  gboolean      whole;
  HdQueue       queue;
  const char   *search;
} HdKnownSummaries;

GPtrArray      *hd_cache_list_summaries     (HdCache       *self,
                                             HdQueue        queue,
                                             const char    *me,
                                             const char    *search,
                                             HdSortColumn   sort,
                                             gboolean       descending,
                                             HdPlan        *plan,
                                             gint64         now,
                                             const HdKnownSummaries *known,
                                             GError       **error);
void            hd_cache_list_summaries_async (HdCache     *self,
                                             HdQueue        queue,
                                             const char    *me,
                                             const char    *search,
                                             HdSortColumn   sort,
                                             gboolean       descending,
                                             HdPlan        *plan,
                                             gint64         now,
                                             const HdKnownSummaries *known,
                                             GCancellable  *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
GPtrArray      *hd_cache_list_summaries_head (HdCache      *self,
                                             HdQueue        queue,
                                             const char    *me,
                                             const char    *search,
                                             HdSortColumn   sort,
                                             gboolean       descending,
                                             HdPlan        *plan,
                                             gint64         now,
                                             guint          limit,
                                             GError       **error);
void            hd_cache_list_summaries_head_async (HdCache *self,
                                             HdQueue        queue,
                                             const char    *me,
                                             const char    *search,
                                             HdSortColumn   sort,
                                             gboolean       descending,
                                             HdPlan        *plan,
                                             gint64         now,
                                             guint          limit,
                                             GCancellable  *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
GPtrArray      *hd_cache_list_summaries_finish (HdCache    *self,
                                             GAsyncResult  *result,
                                             GError       **error);
gboolean        hd_cache_count_queues       (HdCache       *self,
                                             const char    *me,
                                             HdPlan        *plan,
                                             gint64         now,
                                             guint          counts[HD_QUEUE_ALL + 1],
                                             GError       **error);
void            hd_cache_count_queues_async (HdCache       *self,
                                             const char    *me,
                                             HdPlan        *plan,
                                             gint64         now,
                                             GCancellable  *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
gboolean        hd_cache_count_queues_finish (HdCache      *self,
                                             GAsyncResult  *result,
                                             guint          counts[HD_QUEUE_ALL + 1],
                                             GError       **error);

HdAlertBatch   *hd_cache_check_alerts       (HdCache       *self,
                                             HdPlan        *plan,
                                             const HdAlertRecipient *who,
                                             gint64         now,
                                             GError       **error);
void            hd_cache_check_alerts_async (HdCache       *self,
                                             HdPlan        *plan,
                                             const HdAlertRecipient *who,
                                             gint64         now,
                                             GCancellable  *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
HdAlertBatch   *hd_cache_check_alerts_finish (HdCache      *self,
                                             GAsyncResult  *result,
                                             GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdOutboxItem, hd_outbox_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdCachedTicket, hd_cached_ticket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdConflict, hd_conflict_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-ticket.h"

G_BEGIN_DECLS

/* A ticket as one row of a queue shows it: read from the cache's plain
 * columns, so that a list of 100,000 costs no JSON. The strings live in
 * the summary's own allocation (see hd_ticket_summary_new()): read them,
 * never free or replace them. Instants are seconds since the epoch, -1
 * for none. */
typedef struct {
  const char *id;
  gint64      number;            /* 0 while pending */
  HdPriority  priority;
  const char *subject;
  const char *requester_name;
  const char *location;
  const char *topic;
  const char *assignee;          /* NULL: unassigned */
  HdStatus    status;
  gint64      response_due_at;
  gint64      resolution_due_at;
  gint64      next_due_at;       /* the deadline the ticket now runs to */
  gint64      created_at;
  gint64      updated_at;
  gboolean    pending;           /* changed here, not yet on the server */
  /* where and when the cache read it, for the cache alone */
  gint64      row;
  guint64     generation;
} HdTicketSummary;

/* The order of a queue's rows. Ascending means: the most urgent first
 * (due: open before closed, then priority, then the nearest deadline),
 * critical first (priority), the workflow's order (status, new first),
 * unassigned first (assignee), oldest first (number, updated); text from
 * A to Z, ignoring case (ASCII letters only, as SQLite's NOCASE).
 * Descending is the exact reverse. Ties go by number (in the due order
 * the newest first, as the queues had it), so an order never shuffles. */
typedef enum {
  HD_SORT_DUE,
  HD_SORT_NUMBER,
  HD_SORT_PRIORITY,
  HD_SORT_SUBJECT,
  HD_SORT_REQUESTER,
  HD_SORT_LOCATION,
  HD_SORT_TOPIC,
  HD_SORT_ASSIGNEE,
  HD_SORT_STATUS,
  HD_SORT_UPDATED,
} HdSortColumn;

#define HD_N_SORT_COLUMNS 10

HdTicketSummary *hd_ticket_summary_new      (const char      *id,
                                             const char      *subject,
                                             const char      *requester_name,
                                             const char      *location,
                                             const char      *topic,
                                             const char      *assignee);
HdTicketSummary *hd_ticket_summary_ref      (HdTicketSummary *summary);
void             hd_ticket_summary_unref    (HdTicketSummary *summary);

const char      *hd_sort_column_to_string   (HdSortColumn  sort);
gboolean         hd_sort_column_from_string (const char   *text,
                                             HdSortColumn *sort);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdTicketSummary, hd_ticket_summary_unref)

G_END_DECLS

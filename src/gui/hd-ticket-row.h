/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hd-plan.h"
#include "hd-ticket-summary.h"

G_BEGIN_DECLS

/* One row of a queue as a list model hands it out, with a copy of its
 * summary (only rows on screen live: the query's array stays the
 * model's alone), and the words a cell shows for a summary. Signal
 * "changed" when the row shows another summary. */

#define HD_TYPE_TICKET_ROW (hd_ticket_row_get_type ())

G_DECLARE_FINAL_TYPE (HdTicketRow, hd_ticket_row, HD, TICKET_ROW, GObject)

/* How pressing a deadline is: a cell's style follows it. */
typedef enum {
  HD_DUE_NONE,                 /* closed, resolved, waiting or no target */
  HD_DUE_LATER,
  HD_DUE_SOON,                 /* within the priority's warning time */
  HD_DUE_OVERDUE,
} HdDueState;

HdTicketRow           *hd_ticket_row_new           (HdTicketSummary       *summary);
void                   hd_ticket_row_set_summary   (HdTicketRow           *self,
                                                    HdTicketSummary       *summary,
                                                    gboolean               force);
const HdTicketSummary *hd_ticket_row_get_summary   (HdTicketRow           *self);
gboolean               hd_ticket_summary_equal     (const HdTicketSummary *a,
                                                    const HdTicketSummary *b);
const char            *hd_ticket_row_get_id        (HdTicketRow           *self);

const char            *hd_ticket_topic_label       (const HdTicketSummary *summary,
                                                    HdPlan                *plan);
const char            *hd_ticket_assignee_label    (const HdTicketSummary *summary,
                                                    HdPlan                *plan);
char                  *hd_ticket_format_due        (const HdTicketSummary *summary,
                                                    HdPlan                *plan,
                                                    GTimeZone             *zone,
                                                    gint64                 now,
                                                    HdDueState            *state);

G_END_DECLS

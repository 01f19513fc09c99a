/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-plan.h"
#include "hd-ticket.h"

G_BEGIN_DECLS

/* What the submission form tells people about a ticket, in words: its
 * response target, its reference and the receipt to read out or paste. */

char *hd_submit_format_business_time (gint64                seconds);
char *hd_submit_format_target        (const HdPlanPriority *priority);
char *hd_submit_ticket_number        (const HdTicket       *ticket);
char *hd_submit_ticket_short_id      (const HdTicket       *ticket);
char *hd_submit_receipt_text         (HdPlan               *plan,
                                      const HdTicket       *ticket);

G_END_DECLS

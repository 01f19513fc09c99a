/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-ticket-row.h"

G_BEGIN_DECLS

/* The rows of a query as a GListModel of HdTicketRow, each made when
 * asked for: a queue of 100,000 tickets costs its summaries and no more.
 * A new query's rows take the places of the old (see
 * hd_ticket_list_replace()). */

#define HD_TYPE_TICKET_LIST (hd_ticket_list_get_type ())

G_DECLARE_FINAL_TYPE (HdTicketList, hd_ticket_list, HD, TICKET_LIST, GObject)

HdTicketList          *hd_ticket_list_new         (void);
void                   hd_ticket_list_replace     (HdTicketList *self,
                                                   GPtrArray    *rows,
                                                   gboolean      force);
GPtrArray             *hd_ticket_list_get_rows    (HdTicketList *self);
const HdTicketSummary *hd_ticket_list_get_summary (HdTicketList *self,
                                                   guint         position);
guint                  hd_ticket_list_find        (HdTicketList *self,
                                                   const char   *id);

G_END_DECLS

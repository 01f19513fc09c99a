/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-account.h"

G_BEGIN_DECLS

/* One ticket: its header with the live countdown, the fields the role
 * may change, the conversation, the history, and a conflict banner.
 * Properties: "account", "ticket-id" (NULL shows nothing). */

#define HD_TYPE_TICKET_PANE (hd_ticket_pane_get_type ())

G_DECLARE_FINAL_TYPE (HdTicketPane, hd_ticket_pane, HD, TICKET_PANE, GtkWidget)

void        hd_ticket_pane_set_account   (HdTicketPane *self,
                                          HdAccount    *account);
void        hd_ticket_pane_set_ticket_id (HdTicketPane *self,
                                          const char   *ticket_id);
const char *hd_ticket_pane_get_ticket_id (HdTicketPane *self);

G_END_DECLS

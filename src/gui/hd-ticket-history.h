/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-account.h"

G_BEGIN_DECLS

/* A ticket's audit trail, "who changed what, when", in an expander. The
 * cache does not keep it: it is asked of the server whenever the ticket
 * changes and the sync engine is online. Emits "loaded" each time the
 * server's answer is shown. */

#define HD_TYPE_TICKET_HISTORY (hd_ticket_history_get_type ())

G_DECLARE_FINAL_TYPE (HdTicketHistory, hd_ticket_history, HD, TICKET_HISTORY, GtkWidget)

void     hd_ticket_history_set_account (HdTicketHistory *self,
                                        HdAccount       *account);
void     hd_ticket_history_set_ticket (HdTicketHistory *self,
                                       const char      *ticket_id,
                                       gint64           number,
                                       gint64           version);
gboolean hd_ticket_history_has_event  (HdTicketHistory *self,
                                       const char      *action,
                                       const char      *actor);

G_END_DECLS

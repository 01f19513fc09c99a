/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-account.h"

G_BEGIN_DECLS

/* What the support team changes on a ticket: its status (only along the
 * workflow), its assignee, its priority (with a reason) and its topic.
 * Each change is kept at once and sent by the sync engine. */

#define HD_TYPE_TICKET_FIELDS (hd_ticket_fields_get_type ())

G_DECLARE_FINAL_TYPE (HdTicketFields, hd_ticket_fields, HD, TICKET_FIELDS, AdwPreferencesGroup)

void hd_ticket_fields_set_account (HdTicketFields *self,
                                   HdAccount      *account);
void hd_ticket_fields_set_ticket  (HdTicketFields *self,
                                   const HdTicket *ticket);

G_END_DECLS

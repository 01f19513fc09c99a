/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-account.h"

G_BEGIN_DECLS

/* One change a person makes to a ticket in the window, carried out by
 * the core's hd-ticket-edit functions on a worker thread (they write the
 * cache) against the ticket as the cache has it then; once it is kept,
 * the sync engine is woken to deliver it. */

typedef struct _HdTicketChange HdTicketChange;

HdTicketChange *hd_ticket_change_status    (const char          *ticket_id,
                                            HdStatus             status);
HdTicketChange *hd_ticket_change_assign    (const char          *ticket_id,
                                            const char          *assignee);
HdTicketChange *hd_ticket_change_priority  (const char          *ticket_id,
                                            HdPriority           priority,
                                            const char          *reason);
HdTicketChange *hd_ticket_change_topic     (const char          *ticket_id,
                                            const char          *topic);
HdTicketChange *hd_ticket_change_comment   (const char          *ticket_id,
                                            const char          *body,
                                            gboolean             internal);
HdTicketChange *hd_ticket_change_conflict  (const HdConflict    *conflict,
                                            gboolean             keep_mine);
HdTicketChange *hd_ticket_change_follow_up (const char          *ticket_id,
                                            const char          *message);
HdTicketChange *hd_ticket_change_survey    (const char          *ticket_id,
                                            int                  rating,
                                            const char          *comment);
void            hd_ticket_change_free      (HdTicketChange      *change);

void            hd_ticket_change_apply_async  (HdTicketChange      *change,
                                               HdAccount           *account,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        hd_ticket_change_apply_finish (GAsyncResult        *result,
                                               GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdTicketChange, hd_ticket_change_free)

G_END_DECLS

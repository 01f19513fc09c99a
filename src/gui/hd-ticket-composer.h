/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Where a reply is written, at the foot of the ticket pane: the text,
 * the "Internal Note" toggle for the support team, and Send (also
 * Ctrl+Enter). Emits "send" (text, internal); the pane keeps the comment
 * and answers with hd_ticket_composer_sent(). */

#define HD_TYPE_TICKET_COMPOSER (hd_ticket_composer_get_type ())

G_DECLARE_FINAL_TYPE (HdTicketComposer, hd_ticket_composer, HD, TICKET_COMPOSER, GtkWidget)

void hd_ticket_composer_set_internal_allowed (HdTicketComposer *self,
                                              gboolean          allowed);
void hd_ticket_composer_set_ready            (HdTicketComposer *self,
                                              gboolean          ready);
void hd_ticket_composer_reset                (HdTicketComposer *self);
void hd_ticket_composer_sent                 (HdTicketComposer *self,
                                              gboolean          kept);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The satisfaction survey a requester answers once their ticket is
 * resolved: a rating from 1 to 5 stars and an optional comment. Emits
 * "submitted" (rating, comment) when they send it. */

#define HD_TYPE_TICKET_SURVEY (hd_ticket_survey_get_type ())

G_DECLARE_FINAL_TYPE (HdTicketSurvey, hd_ticket_survey, HD, TICKET_SURVEY, GtkWidget)

void hd_ticket_survey_reset (HdTicketSurvey *self);

G_END_DECLS

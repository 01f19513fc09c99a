/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "hd-plan.h"
#include "hd-sla.h"
#include "hd-ticket.h"

G_BEGIN_DECLS

/* A ticket's values in the words a person reads: labels for the API's
 * codes, the next deadline as a countdown in business time, and a line
 * of its history. Pure functions, for the pane and its parts. */

char       *hd_ticket_text_number        (gint64          number);
const char *hd_ticket_text_status        (HdStatus        status);
const char *hd_ticket_text_channel       (HdChannel       channel);
const char *hd_ticket_text_priority      (HdPlan         *plan,
                                          HdPriority      priority);
const char *hd_ticket_text_priority_class (HdPriority     priority);
void        hd_ticket_text_style_priority (GtkWidget     *badge,
                                           HdPriority     priority);
const char *hd_ticket_text_topic         (HdPlan         *plan,
                                          const char     *topic);
const char *hd_ticket_text_person        (HdPlan         *plan,
                                          const char     *username);
const char *hd_ticket_text_field         (const char     *field);
char       *hd_ticket_text_value         (HdPlan         *plan,
                                          const char     *field,
                                          const char     *value);
char       *hd_ticket_text_span          (gint64          seconds);
char       *hd_ticket_text_countdown     (HdPlan         *plan,
                                          const HdTicket *ticket,
                                          gint64          now,
                                          HdSlaState     *state);
char       *hd_ticket_text_when          (gint64          instant,
                                          gint64          now);
char       *hd_ticket_text_event         (HdPlan         *plan,
                                          JsonObject     *event);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-account.h"
#include "hd-cache.h"
#include "hd-plan.h"
#include "hd-ticket.h"

G_BEGIN_DECLS

/* Changes to a ticket, made offline: each is checked against what the
 * API allows the editor's role, then kept in the cache as the ticket now
 * looks with its outbox row, in one transaction; the sync engine
 * delivers it. Changes to fields carry the version they were made on
 * (If-Match) and the values they replace, so that the engine can merge
 * them with what others changed meanwhile.
 *
 * Each takes the ticket as the caller last read it from the cache (its
 * version is the one the change is made on) and leaves it as it is; the
 * cache has the changed ticket. */

#define HD_TICKET_EDIT_ERROR (hd_ticket_edit_error_quark ())

typedef enum {
  HD_TICKET_EDIT_ERROR_NOT_ALLOWED,  /* not for this role or person (the API: 403) */
  HD_TICKET_EDIT_ERROR_INVALID,      /* a value the API refuses (422) */
  HD_TICKET_EDIT_ERROR_STATE,        /* not in the ticket's state or not yet (409) */
} HdTicketEditError;

/* Who makes the change, and where it is kept. */
typedef struct {
  HdCache    *cache;
  HdPlan     *plan;            /* NULL while unknown: topics, follow-ups
                                * and surveys need it */
  const char *username;
  HdRole      role;
} HdTicketEditor;

GQuark   hd_ticket_edit_error_quark       (void);
gboolean hd_ticket_edit_may               (HdRole                role,
                                           const char           *field);

gboolean hd_ticket_edit_set_status        (const HdTicketEditor *editor,
                                           const HdTicket       *ticket,
                                           HdStatus              status,
                                           GError              **error);
gboolean hd_ticket_edit_assign            (const HdTicketEditor *editor,
                                           const HdTicket       *ticket,
                                           const char           *assignee,
                                           GError              **error);
gboolean hd_ticket_edit_set_priority      (const HdTicketEditor *editor,
                                           const HdTicket       *ticket,
                                           HdPriority            priority,
                                           const char           *reason,
                                           GError              **error);
gboolean hd_ticket_edit_set_topic         (const HdTicketEditor *editor,
                                           const HdTicket       *ticket,
                                           const char           *topic,
                                           GError              **error);
gboolean hd_ticket_edit_add_comment       (const HdTicketEditor *editor,
                                           const HdTicket       *ticket,
                                           const char           *body,
                                           gboolean              internal,
                                           GError              **error);
gboolean hd_ticket_edit_resolve_conflict  (const HdTicketEditor *editor,
                                           const HdConflict     *conflict,
                                           gboolean              keep_mine,
                                           GError              **error);

gboolean hd_ticket_edit_can_follow_up     (const HdTicketEditor *editor,
                                           const HdTicket       *ticket,
                                           gint64                now,
                                           GError              **error);
gboolean hd_ticket_edit_follow_up         (const HdTicketEditor *editor,
                                           const HdTicket       *ticket,
                                           const char           *message,
                                           gint64                now,
                                           GError              **error);
gboolean hd_ticket_edit_can_answer_survey (const HdTicketEditor *editor,
                                           const HdTicket       *ticket,
                                           GError              **error);
gboolean hd_ticket_edit_answer_survey     (const HdTicketEditor *editor,
                                           const HdTicket       *ticket,
                                           int                   rating,
                                           const char           *comment,
                                           gint64                now,
                                           GError              **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-plan.h"
#include "hd-role.h"
#include "hd-sla.h"
#include "hd-ticket.h"

G_BEGIN_DECLS

/* The alert rules (ARCHITECTURE.md, data flow 4): what a person is told
 * of a ticket, and when. Plain logic over one ticket, the plan and the
 * person; hd_cache_check_alerts() runs it over the cache's open tickets
 * and remembers what was told, once per ticket, kind and deadline; the
 * app shows the result. */

typedef enum {
  HD_ALERT_CRITICAL,           /* a critical ticket of one's topics, one's own, or (supervisors) any */
  HD_ALERT_DUE_SOON,           /* a deadline within the priority's WarnBefore, in business time */
  HD_ALERT_MISSED,             /* a deadline passed */
  HD_ALERT_ESCALATED,          /* escalated to one */
} HdAlertKind;

#define HD_N_ALERT_KINDS 4
#define HD_ALERT_KIND_BIT(kind) (1u << (kind))
#define HD_ALERT_ALL_KINDS ((1u << HD_N_ALERT_KINDS) - 1)

/* More alerts than this at once (a first sync, a day offline, a burst of
 * submissions) are told as one summary. */
#define HD_ALERT_FLOOD 5

/* Whom the rules speak to, and what they want to hear. */
typedef struct {
  const char         *username;
  HdRole              role;
  const char * const *topics;  /* the topics whose team they are in (GET /me) */
  guint               kinds;   /* HD_ALERT_KIND_BIT()s of the kinds to tell */
  gboolean            quiet_outside_hours;
} HdAlertRecipient;

typedef struct {
  HdAlertKind  kind;
  HdSlaTarget  target;         /* due soon and missed: which deadline */
  gint64       key;            /* the deadline; for escalated, the level; 0 for critical */
  gboolean     silent;         /* remembered and never told: a kind turned off, one's own change */
  const HdTicket *ticket;      /* the caller's, or the batch's */
} HdAlert;

/* What one pass of the rules has to tell. */
typedef struct {
  GPtrArray *alerts;                  /* HdAlert: to tell one by one, */
  guint      flood[HD_N_ALERT_KINDS]; /* or, past HD_ALERT_FLOOD of them, by a count of each kind */
  guint      flood_tickets;           /* and of the tickets; 0: no flood */
  gint64     next_check;              /* when time alone may bring news; HD_TIME_NEVER */
  GPtrArray *tickets;                 /* HdTicket: those the alerts are about */
} HdAlertBatch;

const char   *hd_alert_kind_to_string (HdAlertKind              kind);
const char   *hd_alert_memory_kind    (const HdAlert           *alert);
gboolean      hd_alert_is_urgent      (HdAlertKind              kind);
void          hd_alert_free           (HdAlert                 *alert);
gboolean      hd_alert_concerns       (HdPlan                  *plan,
                                       const HdAlertRecipient  *who,
                                       HdAlertKind              kind,
                                       const HdTicket          *ticket);
void          hd_alert_rules_apply    (HdPlan                  *plan,
                                       const HdAlertRecipient  *who,
                                       const HdTicket          *ticket,
                                       gboolean                 changed_here,
                                       gint64                   now,
                                       GPtrArray               *alerts,
                                       gint64                  *next_check);
gboolean      hd_alert_needs_history  (const HdAlert           *alert);
gboolean      hd_alert_raised_by      (JsonNode                *ticket,
                                       const char              *username);
HdAlertBatch *hd_alert_batch_new      (GPtrArray               *told,
                                       GPtrArray               *tickets,
                                       gint64                   next_check);
void          hd_alert_batch_append   (HdAlertBatch            *self,
                                       HdAlertBatch            *later);
gboolean      hd_alert_batch_is_flood (const HdAlertBatch      *batch);
void          hd_alert_batch_free     (HdAlertBatch            *batch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdAlert, hd_alert_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdAlertBatch, hd_alert_batch_free)

G_END_DECLS

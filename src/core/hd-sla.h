/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-plan.h"

G_BEGIN_DECLS

/* A ticket's service-level targets: deadlines in business time from its
 * creation, with the time it spent waiting on the requester left out. */

typedef struct {
  gint64 start;
  gint64 end;                  /* HD_TIME_NEVER while still waiting */
} HdInterval;

typedef enum {
  HD_SLA_ON_TRACK,
  HD_SLA_DUE_SOON,             /* within the priority's WarnBefore */
  HD_SLA_BREACHED,
  HD_SLA_MET,
} HdSlaState;

typedef enum {
  HD_SLA_RESPONSE,
  HD_SLA_RESOLUTION,
} HdSlaTarget;

gint64      hd_sla_deadline        (HdPlan           *plan,
                                    HdPriority        priority,
                                    HdSlaTarget       target,
                                    gint64            created,
                                    const HdInterval *waiting,
                                    guint             n_waiting);
HdSlaState  hd_sla_state           (HdPlan           *plan,
                                    HdPriority        priority,
                                    gint64            due,
                                    gint64            done,
                                    gint64            now);
const char *hd_sla_state_to_string (HdSlaState        state);

G_END_DECLS

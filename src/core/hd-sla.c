/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sla"

#include "config.h"

#include "hd-sla.h"
#include "hd-time.h"

static gint64
target_seconds (const HdPlanPriority *level,
                HdSlaTarget           target)
{
  return target == HD_SLA_RESPONSE ? level->response : level->resolution;
}

/* The instant at which the ticket has been open for the target's business
 * time, not counting @waiting: intervals sorted, disjoint, none before
 * @created. HD_TIME_NEVER while the clock is stopped in a waiting
 * interval that has not ended and the target was not reached before it. */
gint64
hd_sla_deadline (HdPlan           *plan,
                 HdPriority        priority,
                 HdSlaTarget       target,
                 gint64            created,
                 const HdInterval *waiting,
                 guint             n_waiting)
{
  HdCalendar *calendar;
  gint64 remaining;
  gint64 cursor = created;

  g_return_val_if_fail (HD_IS_PLAN (plan), HD_TIME_NEVER);
  g_return_val_if_fail (priority < HD_N_PRIORITIES, HD_TIME_NEVER);
  g_return_val_if_fail (waiting != NULL || n_waiting == 0, HD_TIME_NEVER);

  calendar = hd_plan_get_calendar (plan);
  remaining = target_seconds (hd_plan_get_priority (plan, priority), target);
  for (guint i = 0; i < n_waiting; i++)
    {
      gint64 due = hd_calendar_add (calendar, cursor, remaining);

      g_return_val_if_fail (waiting[i].start >= cursor, HD_TIME_NEVER);

      if (due <= waiting[i].start)
        return due;
      remaining -= hd_calendar_elapsed (calendar, cursor, waiting[i].start);
      if (waiting[i].end == HD_TIME_NEVER)
        return HD_TIME_NEVER;
      cursor = waiting[i].end;
    }
  return hd_calendar_add (calendar, cursor, remaining);
}

/* Where a target stands at @now: @done is when it was met (the first
 * response, the resolution) or -1 while it is not. */
HdSlaState
hd_sla_state (HdPlan     *plan,
              HdPriority  priority,
              gint64      due,
              gint64      done,
              gint64      now)
{
  const HdPlanPriority *level;

  g_return_val_if_fail (HD_IS_PLAN (plan), HD_SLA_ON_TRACK);
  g_return_val_if_fail (priority < HD_N_PRIORITIES, HD_SLA_ON_TRACK);

  if (done >= 0)
    return done <= due ? HD_SLA_MET : HD_SLA_BREACHED;
  if (due == HD_TIME_NEVER)
    return HD_SLA_ON_TRACK;
  if (now >= due)
    return HD_SLA_BREACHED;
  level = hd_plan_get_priority (plan, priority);
  if (hd_calendar_elapsed (hd_plan_get_calendar (plan), now, due) <= level->warn_before)
    return HD_SLA_DUE_SOON;
  return HD_SLA_ON_TRACK;
}

const char *
hd_sla_state_to_string (HdSlaState state)
{
  switch (state)
    {
    case HD_SLA_ON_TRACK: return "on-track";
    case HD_SLA_DUE_SOON: return "due-soon";
    case HD_SLA_BREACHED: return "breached";
    case HD_SLA_MET: return "met";
    default: g_return_val_if_reached (NULL);
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-alert"

#include "config.h"

#include <string.h>

#include "hd-alert.h"
#include "hd-json.h"
#include "hd-time.h"

/* Who hears what (README, "Notifications"):
 *
 *   critical     the technicians of its topic (its team and its lead),
 *                its assignee, and supervisors
 *   due soon,    its assignee; supervisors, of every ticket
 *   missed
 *   escalated    the member it was escalated to (its assignee after the
 *                escalation), or the plan's Supervisors when the plan
 *                escalates that breach to them
 *
 * Front office staff (requesters) hear nothing: they see only their own
 * tickets and are told of them by mail. Closed and resolved tickets, and
 * deadlines whose clock is stopped (waiting), say nothing. */

static const char * const kind_ids[] = { "critical", "due-soon", "missed", "escalated" };

static gboolean
is_me (const HdAlertRecipient *who,
       const char             *username)
{
  return username != NULL && g_strcmp0 (who->username, username) == 0;
}

static gboolean
is_supervisor (const HdAlertRecipient *who)
{
  return who->role >= HD_ROLE_SUPERVISOR;
}

static gboolean
in_topic (HdPlan                 *plan,
          const HdAlertRecipient *who,
          const char             *topic_id)
{
  const HdPlanTopic *topic = topic_id != NULL ? hd_plan_find_topic (plan, topic_id) : NULL;

  if (topic_id != NULL && who->topics != NULL && g_strv_contains (who->topics, topic_id))
    return TRUE;
  return topic != NULL && is_me (who, topic->lead);
}

/* The ticket does not say whom its last escalation went to; the plan
 * does, from which deadline was missed: the resolution's once it passed
 * by the ticket's last change (the escalation), the response's before
 * (a requester's follow-up escalates as a missed response does). To the
 * lead or a senior member, the escalation made them the assignee. */
static gboolean
escalated_to_me (HdPlan                 *plan,
                 const HdAlertRecipient *who,
                 const HdTicket         *t)
{
  HdEscalationTarget target;

  if (t->escalation_level <= 0)
    return FALSE;
  target = t->resolution_due_at >= 0 && t->resolution_due_at <= t->updated_at
           ? hd_plan_get_on_resolution_breach (plan)
           : hd_plan_get_on_response_breach (plan);
  if (target == HD_ESCALATE_SUPERVISOR)
    return g_strv_contains (hd_plan_get_supervisors (plan), who->username);
  return is_me (who, t->assignee);
}

static void
add_alert (GPtrArray      *alerts,
           HdAlertKind     kind,
           HdSlaTarget     target,
           gint64          key,
           gboolean        silent,
           const HdTicket *ticket)
{
  HdAlert *alert = g_new0 (HdAlert, 1);

  alert->kind = kind;
  alert->target = target;
  alert->key = key;
  alert->silent = silent;
  alert->ticket = ticket;
  g_ptr_array_add (alerts, alert);
}

static gboolean
wants (const HdAlertRecipient *who,
       HdAlertKind             kind)
{
  return (who->kinds & HD_ALERT_KIND_BIT (kind)) != 0;
}

/* One deadline: due soon within WarnBefore, then missed; @next_check
 * learns when this one next changes. */
static void
check_deadline (HdPlan                 *plan,
                const HdAlertRecipient *who,
                const HdTicket         *t,
                HdSlaTarget             target,
                gint64                  due,
                gint64                  now,
                GPtrArray              *alerts,
                gint64                 *next_check)
{
  const HdPlanPriority *level = hd_plan_get_priority (plan, t->priority);

  if (due < 0 || due == HD_TIME_NEVER)
    return;
  switch (hd_sla_state (plan, t->priority, due, -1, now))
    {
    case HD_SLA_BREACHED:
      add_alert (alerts, HD_ALERT_MISSED, target, due, !wants (who, HD_ALERT_MISSED), t);
      break;
    case HD_SLA_DUE_SOON:
      add_alert (alerts, HD_ALERT_DUE_SOON, target, due, !wants (who, HD_ALERT_DUE_SOON), t);
      *next_check = MIN (*next_check, due);
      break;
    case HD_SLA_ON_TRACK:
      /* at least a second on, whatever the calendar's rounding */
      *next_check = MIN (*next_check, MAX (hd_calendar_subtract (hd_plan_get_calendar (plan), due,
                                                                 level->warn_before), now + 1));
      break;
    case HD_SLA_MET:
    default:
      break;
    }
}

const char *
hd_alert_kind_to_string (HdAlertKind kind)
{
  g_return_val_if_fail (kind < HD_N_ALERT_KINDS, NULL);
  return kind_ids[kind];
}

/* The kind as the alert memory keeps it: deadlines by target. */
const char *
hd_alert_memory_kind (const HdAlert *alert)
{
  gboolean response;

  g_return_val_if_fail (alert != NULL, NULL);

  response = alert->target == HD_SLA_RESPONSE;
  switch (alert->kind)
    {
    case HD_ALERT_CRITICAL: return "critical";
    case HD_ALERT_DUE_SOON: return response ? "due-soon-response" : "due-soon-resolution";
    case HD_ALERT_MISSED: return response ? "missed-response" : "missed-resolution";
    case HD_ALERT_ESCALATED: return "escalated";
    default: g_return_val_if_reached (NULL);
    }
}

/* Told at the notification's critical urgency: all but a deadline coming. */
gboolean
hd_alert_is_urgent (HdAlertKind kind)
{
  return kind != HD_ALERT_DUE_SOON;
}

void
hd_alert_free (HdAlert *alert)
{
  g_free (alert);
}

gboolean
hd_alert_concerns (HdPlan                 *plan,
                   const HdAlertRecipient *who,
                   HdAlertKind             kind,
                   const HdTicket         *ticket)
{
  g_return_val_if_fail (HD_IS_PLAN (plan), FALSE);
  g_return_val_if_fail (who != NULL && ticket != NULL, FALSE);

  if (who->role < HD_ROLE_TECHNICIAN)
    return FALSE;
  switch (kind)
    {
    case HD_ALERT_CRITICAL:
      return is_supervisor (who) || is_me (who, ticket->assignee) || in_topic (plan, who, ticket->topic);
    case HD_ALERT_DUE_SOON:
    case HD_ALERT_MISSED:
      return is_supervisor (who) || is_me (who, ticket->assignee);
    case HD_ALERT_ESCALATED:
      return escalated_to_me (plan, who, ticket);
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* Adds to @alerts what @ticket calls for at @now, remembered or not: the
 * caller keeps what it told before. The alerts point to @ticket. Outside the plan's hours, with
 * quiet_outside_hours, only critical tickets speak; the others wait for
 * the opening (@next_check says when). @changed_here: the cache holds a
 * change of ours to it not yet delivered. @next_check is lowered to the
 * next instant at which this ticket's alerts change with time alone. */
void
hd_alert_rules_apply (HdPlan                 *plan,
                      const HdAlertRecipient *who,
                      const HdTicket         *ticket,
                      gboolean                changed_here,
                      gint64                  now,
                      GPtrArray              *alerts,
                      gint64                 *next_check)
{
  HdCalendar *calendar;

  g_return_if_fail (HD_IS_PLAN (plan));
  g_return_if_fail (who != NULL && who->username != NULL && ticket != NULL);
  g_return_if_fail (alerts != NULL && next_check != NULL);

  if (!hd_status_is_open (ticket->status))
    return;
  calendar = hd_plan_get_calendar (plan);
  if (who->quiet_outside_hours && ticket->priority != HD_PRIORITY_CRITICAL && !hd_calendar_is_open (calendar, now))
    {
      *next_check = MIN (*next_check, hd_calendar_next_opening (calendar, now));
      return;
    }
  if (ticket->priority == HD_PRIORITY_CRITICAL && hd_alert_concerns (plan, who, HD_ALERT_CRITICAL, ticket))
    add_alert (alerts, HD_ALERT_CRITICAL, HD_SLA_RESPONSE, 0,
               !wants (who, HD_ALERT_CRITICAL) || changed_here || is_me (who, ticket->submitted_by), ticket);
  if (ticket->status != HD_STATUS_WAITING && hd_alert_concerns (plan, who, HD_ALERT_MISSED, ticket))
    {
      if (ticket->first_response_at < 0)
        check_deadline (plan, who, ticket, HD_SLA_RESPONSE, ticket->response_due_at, now, alerts, next_check);
      check_deadline (plan, who, ticket, HD_SLA_RESOLUTION, ticket->resolution_due_at, now, alerts, next_check);
    }
  /* an escalation to someone else is remembered too: it never becomes
   * one's own, and its ticket need not be looked at again */
  if (ticket->escalation_level > 0)
    add_alert (alerts, HD_ALERT_ESCALATED, HD_SLA_RESOLUTION, ticket->escalation_level,
               !wants (who, HD_ALERT_ESCALATED) || !hd_alert_concerns (plan, who, HD_ALERT_ESCALATED, ticket),
               ticket);
}

/* Whether only the ticket's history can tell that the alert is about a
 * change of one's own: a critical ticket whose priority someone raised
 * (the feed's tickets do not say who). One's own submissions and the
 * raises made here are known without it. */
gboolean
hd_alert_needs_history (const HdAlert *alert)
{
  g_return_val_if_fail (alert != NULL, FALSE);
  return alert->kind == HD_ALERT_CRITICAL && alert->ticket->priority_reason != NULL;
}

/* Whether, by @ticket's history (GET /tickets/{id} with its "events"),
 * @username is who last made it critical. */
gboolean
hd_alert_raised_by (JsonNode   *ticket,
                    const char *username)
{
  JsonNode *events;
  const char *actor = NULL;

  g_return_val_if_fail (ticket != NULL && username != NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (ticket) ||
      (events = json_object_get_member (json_node_get_object (ticket), "events")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (events))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (events)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (events), i);
      JsonObject *event = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *field = NULL, *to = NULL, *by = NULL;

      if (event != NULL && hd_json_get_string (event, "field", HD_JSON_NULLABLE, 0, &field, NULL) &&
          hd_json_get_string (event, "to", HD_JSON_NULLABLE, 0, &to, NULL) &&
          hd_json_get_string (event, "actor", HD_JSON_NULLABLE, 0, &by, NULL) &&
          g_strcmp0 (field, "priority") == 0 && g_strcmp0 (to, "critical") == 0)
        actor = by;
    }
  return g_strcmp0 (actor, username) == 0;
}

/* Past HD_ALERT_FLOOD alerts, the counts a summary gives. */
static void
count_flood (HdAlertBatch *batch)
{
  g_autoptr(GHashTable) ids = NULL;

  memset (batch->flood, 0, sizeof batch->flood);
  batch->flood_tickets = 0;
  if (batch->alerts->len <= HD_ALERT_FLOOD)
    return;
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < batch->alerts->len; i++)
    {
      const HdAlert *alert = g_ptr_array_index (batch->alerts, i);

      batch->flood[alert->kind]++;
      g_hash_table_add (ids, alert->ticket->id);
    }
  batch->flood_tickets = g_hash_table_size (ids);
}

/* What to tell of @told (HdAlert, none silent, none told before): each
 * alone, or past HD_ALERT_FLOOD of them, one summary that counts each
 * kind. Takes @told and @tickets, which holds the tickets they are about. */
HdAlertBatch *
hd_alert_batch_new (GPtrArray *told,
                    GPtrArray *tickets,
                    gint64     next_check)
{
  HdAlertBatch *batch;

  g_return_val_if_fail (told != NULL && tickets != NULL, NULL);

  batch = g_new0 (HdAlertBatch, 1);
  batch->alerts = told;
  batch->tickets = tickets;
  batch->next_check = next_check;
  count_flood (batch);
  return batch;
}

/* Adds the alerts of @later, which this takes, to @self's: a burst of
 * passes told as one. */
void
hd_alert_batch_append (HdAlertBatch *self,
                       HdAlertBatch *later)
{
  g_return_if_fail (self != NULL && later != NULL);

  g_ptr_array_extend_and_steal (self->alerts, g_steal_pointer (&later->alerts));
  g_ptr_array_extend_and_steal (self->tickets, g_steal_pointer (&later->tickets));
  self->next_check = MIN (self->next_check, later->next_check);
  hd_alert_batch_free (later);
  count_flood (self);
}

/* Whether the batch is a summary rather than alerts one by one. */
gboolean
hd_alert_batch_is_flood (const HdAlertBatch *batch)
{
  g_return_val_if_fail (batch != NULL, FALSE);
  return batch->flood_tickets > 0;
}

void
hd_alert_batch_free (HdAlertBatch *batch)
{
  if (batch == NULL)
    return;
  g_clear_pointer (&batch->alerts, g_ptr_array_unref);
  g_clear_pointer (&batch->tickets, g_ptr_array_unref);
  g_free (batch);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include "hd-server-private.h"
#include "hd-sla.h"
#include "hd-time.h"

/* The plan's rules: priority, deadlines and routing on submission,
 * deadlines that move out by the time spent waiting, escalation when a
 * deadline passes, and auto-close of resolved tickets. */

gboolean
_hd_event (HdServer        *server,
           const HdTicket  *ticket,
           const char      *actor,
           const char      *action,
           const char      *field,
           const char      *from,
           const char      *to,
           const char      *detail,
           GError         **error)
{
  HdServerEvent event = { _hd_now (), (char *) actor, (char *) action, (char *) field,
                          (char *) from, (char *) to, (char *) detail };

  return hd_server_store_add_event (server->store, ticket->id, &event, error);
}

/* The member of @team with the fewest open tickets; among @seniors_first
 * only senior ones when there are any. */
static const char *
pick_member (HdServer           *server,
             const char * const *team,
             gboolean            seniors_first)
{
  const char *best = NULL;
  gint64 best_load = G_MAXINT64;

  for (guint pass = seniors_first ? 0 : 1; pass < 2 && best == NULL; pass++)
    for (guint i = 0; team[i] != NULL; i++)
      {
        const HdPlanMember *member = hd_plan_find_member (server->plan, team[i]);
        gint64 load;

        if (pass == 0 && (member == NULL || !member->senior))
          continue;
        load = hd_server_store_count_open (server->store, team[i]);
        if (load < best_load)
          {
            best = team[i];
            best_load = load;
          }
      }
  return best;
}

/* The next instant at which the sweep has something to do for @st: the
 * first pending deadline, or the auto-close of a resolved ticket; -1 when
 * nothing is pending (closed, waiting, escalated already). */
static gint64
next_check (HdServer             *server,
            const HdServerTicket *st)
{
  const HdTicket *t = st->ticket;
  gint64 auto_close = hd_plan_get_auto_close_after (server->plan);
  gint64 next = G_MAXINT64;

  if (st->deleted || t->status == HD_STATUS_CLOSED || t->status == HD_STATUS_WAITING)
    return -1;
  if (t->status == HD_STATUS_RESOLVED)
    return auto_close >= 0 ? hd_calendar_add (hd_plan_get_calendar (server->plan), t->resolved_at, auto_close) : -1;
  if (!st->response_escalated && t->first_response_at < 0 && t->response_due_at >= 0)
    next = MIN (next, t->response_due_at);
  if (!st->resolution_escalated && t->resolution_due_at >= 0)
    next = MIN (next, t->resolution_due_at);
  return next == G_MAXINT64 ? -1 : next;
}

/* Stores a changed ticket with its next sweep time. */
gboolean
_hd_put (HdServer        *server,
         HdServerTicket  *st,
         GError         **error)
{
  st->next_check_at = next_check (server, st);
  return hd_server_store_put_ticket (server->store, st, error);
}

void
_hd_rules_recompute_deadlines (HdServer       *server,
                               HdServerTicket *st)
{
  HdTicket *t = st->ticket;
  g_autoptr(GArray) pairs = hd_server_store_list_waiting (server->store, t->id);
  g_autoptr(GArray) waiting = g_array_new (FALSE, FALSE, sizeof (HdInterval));

  for (guint i = 0; i < pairs->len; i++)
    {
      const gint64 *pair = &g_array_index (pairs, gint64, 2 * i);
      HdInterval interval = { pair[0], pair[1] };

      g_array_append_val (waiting, interval);
    }
  if (st->waiting_since >= 0)
    {
      HdInterval open = { st->waiting_since, HD_TIME_NEVER };

      g_array_append_val (waiting, open);
    }
  t->response_due_at = hd_sla_deadline (server->plan, t->priority, HD_SLA_RESPONSE, t->created_at,
                                        (HdInterval *) waiting->data, waiting->len);
  t->resolution_due_at = hd_sla_deadline (server->plan, t->priority, HD_SLA_RESOLUTION, t->created_at,
                                          (HdInterval *) waiting->data, waiting->len);
  if (t->response_due_at == HD_TIME_NEVER)
    t->response_due_at = -1;
  if (t->resolution_due_at == HD_TIME_NEVER)
    t->resolution_due_at = -1;
}

/* Fills in what the server owns of a new ticket and stores it, in the
 * caller's transaction. */
gboolean
_hd_rules_submit (HdServer        *server,
                  HdServerTicket  *st,
                  GError         **error)
{
  HdTicket *t = st->ticket;
  const HdPlanTopic *topic = hd_plan_find_topic (server->plan, t->topic);
  gint64 now = _hd_now ();
  const char *assignee;

  g_assert (topic != NULL);

  hd_plan_lookup_matrix (server->plan, t->scope, t->effect, &t->priority);
  t->number = hd_server_store_next_number (server->store);
  t->version = 1;
  t->status = HD_STATUS_NEW;
  t->created_at = t->updated_at = t->acknowledged_at = now;
  st->waiting_since = -1;
  _hd_rules_recompute_deadlines (server, st);

  assignee = pick_member (server, (const char * const *) topic->team, t->priority == HD_PRIORITY_CRITICAL);
  g_free (t->assignee);
  t->assignee = g_strdup (assignee);

  return _hd_put (server, st, error) &&
         _hd_event (server, t, t->submitted_by, "created", NULL, NULL, NULL, hd_channel_to_string (t->channel), error) &&
         (assignee == NULL ||
          _hd_event (server, t, "system", "assignee", "assignee", NULL, assignee, "routed by topic", error)) &&
         _hd_event (server, t, "system", "acknowledged", NULL, NULL, NULL,
                    hd_plan_get_acknowledge_by_email (server->plan) && t->requester_email != NULL
                    ? "receipt mailed to the requester" : "receipt shown at submission", error);
}

static void
mail_escalation (HdServer       *server,
                 const HdTicket *t,
                 const char     *member_id,
                 const char     *why)
{
  const HdPlanMember *member = hd_plan_find_member (server->plan, member_id);
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *due = hd_plan_format_local_time (server->plan, t->resolution_due_at);

  if (member == NULL || member->email == NULL)
    return;
  subject = g_strdup_printf ("[HD-%" G_GINT64_FORMAT "] Escalated: %s", t->number, t->subject);
  body = g_strdup_printf ("Ticket HD-%" G_GINT64_FORMAT " was escalated to you (%s).\n\n"
                          "Subject: %s\nPriority: %s\nLocation: %s\nRequester: %s\nAssignee: %s\n"
                          "Resolution due: %s\n",
                          t->number, why, t->subject, hd_priority_to_string (t->priority), t->location,
                          t->requester_name, t->assignee != NULL ? t->assignee : "nobody", due);
  _hd_mail_send (server, member->email, subject, body);
}

/* Raises the escalation level and hands the ticket to @target (the lead
 * or a senior member), or alerts the supervisors; records why. */
gboolean
_hd_rules_escalate (HdServer            *server,
                    HdServerTicket      *st,
                    const char          *why,
                    HdEscalationTarget   target,
                    GError             **error)
{
  HdTicket *t = st->ticket;
  g_autofree char *level = g_strdup_printf ("%" G_GINT64_FORMAT, t->escalation_level + 1);
  g_autofree char *old_level = g_strdup_printf ("%" G_GINT64_FORMAT, t->escalation_level);
  const char *member = hd_plan_escalation_member (server->plan, t->topic, t->assignee, target);

  t->escalation_level++;
  if (!_hd_event (server, t, "system", "escalated", "escalation_level", old_level, level, why, error))
    return FALSE;
  if (member != NULL && g_strcmp0 (member, t->assignee) != 0)
    {
      if (!_hd_event (server, t, "system", "assignee", "assignee", t->assignee, member, "escalation", error))
        return FALSE;
      g_free (t->assignee);
      t->assignee = g_strdup (member);
    }
  if (target == HD_ESCALATE_SUPERVISOR)
    {
      const char * const *supervisors = hd_plan_get_supervisors (server->plan);

      for (guint i = 0; supervisors[i] != NULL; i++)
        mail_escalation (server, t, supervisors[i], why);
    }
  else if (member != NULL)
    mail_escalation (server, t, member, why);
  return TRUE;
}

/* Applies the time-driven rules to one ticket; TRUE when it changed. */
static gboolean
sweep_ticket (HdServer        *server,
              HdServerTicket  *st,
              gint64           now,
              GError         **error)
{
  HdTicket *t = st->ticket;
  gint64 auto_close = hd_plan_get_auto_close_after (server->plan);
  gboolean changed = FALSE;

  if (st->deleted || t->status == HD_STATUS_CLOSED || t->status == HD_STATUS_WAITING)
    return FALSE;
  if (t->status == HD_STATUS_RESOLVED)
    {
      if (auto_close < 0 ||
          hd_calendar_add (hd_plan_get_calendar (server->plan), t->resolved_at, auto_close) > now)
        return FALSE;
      t->status = HD_STATUS_CLOSED;
      t->closed_at = now;
      return _hd_event (server, t, "system", "closed", "status", "resolved", "closed",
                        "no reply from the requester", error);
    }
  if (!st->response_escalated && t->first_response_at < 0 && t->response_due_at >= 0 && t->response_due_at <= now)
    {
      st->response_escalated = TRUE;
      if (!_hd_rules_escalate (server, st, "response deadline missed",
                               hd_plan_get_on_response_breach (server->plan), error))
        return FALSE;
      changed = TRUE;
    }
  if (!st->resolution_escalated && t->resolution_due_at >= 0 && t->resolution_due_at <= now)
    {
      st->resolution_escalated = TRUE;
      if (!_hd_rules_escalate (server, st, "resolution deadline missed",
                               hd_plan_get_on_resolution_breach (server->plan), error))
        return FALSE;
      changed = TRUE;
    }
  return changed;
}

/* Tickets whose next check has come: escalated or closed as the plan
 * says, at most SWEEP_BATCH a run so that a backlog never stalls the
 * server; the rest wait for the next run. */
#define SWEEP_BATCH 500

void
hd_server_sweep (HdServer *self)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = _hd_now ();

  g_return_if_fail (HD_IS_SERVER (self));

  due = hd_server_store_list_due (self->store, now, SWEEP_BATCH);
  if (due->len == 0)
    return;
  if (!_hd_begin (self, &error))
    goto failed;
  for (guint i = 0; i < due->len; i++)
    {
      HdServerTicket *st = g_ptr_array_index (due, i);
      gint64 was_version = st->ticket->version;

      if (!sweep_ticket (self, st, now, &error))
        {
          if (error != NULL)
            goto failed;
          if (st->ticket->version == was_version &&
              !hd_server_store_set_next_check (self->store, st->ticket->id, next_check (self, st), &error))
            goto failed;
          continue;
        }
      st->ticket->version++;
      st->ticket->updated_at = now;
      if (!_hd_put (self, st, &error))
        goto failed;
    }
  if (_hd_commit (self, &error))
    return;

failed:
  _hd_rollback (self);
  g_warning ("sweep: %s", error->message);
}

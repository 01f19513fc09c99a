/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "helpdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-alert-text.h"
#include "hd-ticket-text.h"

/* "HD-1042 — Projector in room 12 shows no picture" */
static char *
ticket_title (const HdTicket *t)
{
  g_autofree char *number = hd_ticket_text_number (t->number);

  /* TRANSLATORS: a ticket's number and its subject */
  return g_strdup_printf (_("%s — %s"), number, t->subject);
}

static void
append_line (GString    *text,
             const char *line)
{
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, line);
}

/* Adds @line, which this takes, for a @count that is not 0. */
static void
append_count (GString *text,
              guint    count,
              char    *line)
{
  if (count > 0)
    append_line (text, line);
  g_free (line);
}

/* The deadline the alert is about, in the district's time. */
static char *
deadline_line (HdPlan        *plan,
               const HdAlert *alert)
{
  const HdTicket *t = alert->ticket;
  gboolean response = alert->target == HD_SLA_RESPONSE;
  g_autofree char *when = NULL;

  switch (alert->kind)
    {
    case HD_ALERT_DUE_SOON:
      when = hd_plan_format_local_time (plan, alert->key);
      /* TRANSLATORS: %s is a deadline in the district's time, "Tuesday, November 24, 2026 at 16:50 CST" */
      return g_strdup_printf (response ? _("Response due %s") : _("Resolution due %s"), when);
    case HD_ALERT_MISSED:
      when = hd_plan_format_local_time (plan, alert->key);
      return g_strdup_printf (response ? _("Response was due %s") : _("Resolution was due %s"), when);
    case HD_ALERT_CRITICAL:
      if (t->first_response_at < 0 && t->response_due_at >= 0)
        {
          when = hd_plan_format_local_time (plan, t->response_due_at);
          return g_strdup_printf (_("Response due %s"), when);
        }
      G_GNUC_FALLTHROUGH;
    case HD_ALERT_ESCALATED:
    default:
      if (t->resolution_due_at < 0)
        return NULL;
      when = hd_plan_format_local_time (plan, t->resolution_due_at);
      return g_strdup_printf (_("Resolution due %s"), when);
    }
}

char *
hd_alert_text_summary (HdPlan        *plan,
                       const HdAlert *alert,
                       gint64         now)
{
  g_autofree char *title = NULL;
  g_autofree char *span = NULL;

  g_return_val_if_fail (HD_IS_PLAN (plan), NULL);
  g_return_val_if_fail (alert != NULL, NULL);

  title = ticket_title (alert->ticket);
  switch (alert->kind)
    {
    case HD_ALERT_CRITICAL:
      return g_strdup_printf (_("Critical: %s"), title);
    case HD_ALERT_DUE_SOON:
      span = hd_ticket_text_span (hd_calendar_elapsed (hd_plan_get_calendar (plan), now, MAX (now, alert->key)));
      /* TRANSLATORS: "Due in 10 min: HD-1042 — Projector in room 12 shows no picture" */
      return g_strdup_printf (_("Due in %s: %s"), span, title);
    case HD_ALERT_MISSED:
      return g_strdup_printf (alert->target == HD_SLA_RESPONSE ? _("Response missed: %s") : _("Resolution missed: %s"),
                              title);
    case HD_ALERT_ESCALATED:
      return g_strdup_printf (_("Escalated to you: %s"), title);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Where, for whom, by when, and whose it is, one a line. */
char *
hd_alert_text_body (HdPlan        *plan,
                    const HdAlert *alert)
{
  const HdTicket *t;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *requester = NULL;
  g_autofree char *deadline = NULL;
  g_autofree char *assignee = NULL;

  g_return_val_if_fail (HD_IS_PLAN (plan), NULL);
  g_return_val_if_fail (alert != NULL, NULL);

  t = alert->ticket;
  requester = g_strdup_printf (_("Requested by %s"), t->requester_name);
  assignee = t->assignee != NULL ? g_strdup_printf (_("Assigned to %s"), hd_ticket_text_person (plan, t->assignee))
                                 : g_strdup (_("Not assigned to anyone yet"));
  append_line (body, t->location);
  append_line (body, requester);
  if ((deadline = deadline_line (plan, alert)) != NULL)
    append_line (body, deadline);
  append_line (body, assignee);
  return g_string_free (g_steal_pointer (&body), FALSE);
}

/* "23 tickets need your attention" */
char *
hd_alert_text_flood_summary (const HdAlertBatch *batch)
{
  g_return_val_if_fail (batch != NULL, NULL);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket needs your attention",
                                       "%u tickets need your attention", batch->flood_tickets),
                          batch->flood_tickets);
}

/* How many of each kind, one kind a line. */
char *
hd_alert_text_flood_body (const HdAlertBatch *batch)
{
  g_autoptr(GString) body = g_string_new (NULL);
  const guint *n;

  g_return_val_if_fail (batch != NULL, NULL);

  n = batch->flood;
  append_count (body, n[HD_ALERT_CRITICAL],
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u critical ticket", "%u critical tickets",
                                              n[HD_ALERT_CRITICAL]), n[HD_ALERT_CRITICAL]));
  append_count (body, n[HD_ALERT_DUE_SOON],
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deadline coming", "%u deadlines coming",
                                              n[HD_ALERT_DUE_SOON]), n[HD_ALERT_DUE_SOON]));
  append_count (body, n[HD_ALERT_MISSED],
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deadline missed", "%u deadlines missed",
                                              n[HD_ALERT_MISSED]), n[HD_ALERT_MISSED]));
  append_count (body, n[HD_ALERT_ESCALATED],
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket escalated to you",
                                              "%u tickets escalated to you", n[HD_ALERT_ESCALATED]),
                                 n[HD_ALERT_ESCALATED]));
  return g_string_free (g_steal_pointer (&body), FALSE);
}

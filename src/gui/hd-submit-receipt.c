/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-submit-receipt"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-submit-receipt.h"

/* Business time as people say it: "30 minutes", "2 hours",
 * "1 hour 30 minutes". */
char *
hd_submit_format_business_time (gint64 seconds)
{
  gint64 hours = seconds / 3600;
  gint64 minutes = (seconds % 3600 + 59) / 60;
  g_autofree char *h = NULL, *m = NULL;

  g_return_val_if_fail (seconds >= 0, NULL);

  if (minutes == 60)
    hours++, minutes = 0;
  if (hours > 0)
    h = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", (gulong) hours), (int) hours);
  if (minutes > 0 || hours == 0)
    m = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", (gulong) minutes), (int) minutes);
  if (h != NULL && m != NULL)
    /* Translators: a duration, hours then minutes: "1 hour 30 minutes" */
    return g_strdup_printf (C_("duration", "%s %s"), h, m);
  return g_strdup (h != NULL ? h : m);
}

/* "Response within 2 hours of business time" */
char *
hd_submit_format_target (const HdPlanPriority *priority)
{
  g_autofree char *response = NULL;

  g_return_val_if_fail (priority != NULL, NULL);

  response = hd_submit_format_business_time (priority->response);
  return g_strdup_printf (_("Response within %s of business time"), response);
}

/* "HD-1042", or %NULL while the server has not numbered @ticket. */
char *
hd_submit_ticket_number (const HdTicket *ticket)
{
  g_return_val_if_fail (ticket != NULL, NULL);

  if (ticket->number <= 0)
    return NULL;
  return g_strdup_printf ("HD-%" G_GINT64_FORMAT, ticket->number);
}

/* The start of the ticket's id: enough to find it before it has a
 * number, short enough to read out. */
char *
hd_submit_ticket_short_id (const HdTicket *ticket)
{
  g_return_val_if_fail (ticket != NULL, NULL);
  g_return_val_if_fail (ticket->id != NULL, NULL);

  return g_strndup (ticket->id, 8);
}

static void
add_line (GString    *out,
          const char *label,
          const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  /* Translators: one line of a receipt, "Subject: Projector shows nothing" */
  g_string_append_printf (out, _("%s: %s"), label, value);
  g_string_append_c (out, '\n');
}

/* The receipt as plain text, to paste in a mail or read out to a caller. */
char *
hd_submit_receipt_text (HdPlan         *plan,
                        const HdTicket *ticket)
{
  const HdPlanPriority *priority;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *number = NULL, *reference = NULL, *target = NULL, *due = NULL, *contact = NULL;

  g_return_val_if_fail (HD_IS_PLAN (plan), NULL);
  g_return_val_if_fail (ticket != NULL, NULL);

  number = hd_submit_ticket_number (ticket);
  if (number == NULL)
    {
      g_autofree char *short_id = hd_submit_ticket_short_id (ticket);

      reference = g_strdup_printf (_("numbered when connected (reference %s)"), short_id);
    }
  priority = hd_plan_get_priority (plan, ticket->priority);
  target = hd_submit_format_target (priority);
  due = hd_plan_format_local_time (plan, ticket->response_due_at);
  if (hd_plan_get_phone (plan) != NULL && hd_plan_get_email (plan) != NULL)
    contact = g_strdup_printf ("%s, %s", hd_plan_get_phone (plan), hd_plan_get_email (plan));
  else
    contact = g_strdup (hd_plan_get_phone (plan) != NULL ? hd_plan_get_phone (plan) : hd_plan_get_email (plan));

  if (hd_plan_get_name (plan) != NULL)
    g_string_append_printf (out, "%s\n\n", hd_plan_get_name (plan));
  add_line (out, _("Ticket"), number != NULL ? number : reference);
  add_line (out, _("Subject"), ticket->subject);
  add_line (out, _("Requester"), ticket->requester_name);
  add_line (out, _("Location"), ticket->location);
  add_line (out, _("Priority"), priority->label);
  add_line (out, _("Response by"), due);
  g_string_append_printf (out, "(%s)\n", target);
  add_line (out, _("Hours posted"), hd_plan_get_hours_posted (plan));
  add_line (out, _("Contact"), contact);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

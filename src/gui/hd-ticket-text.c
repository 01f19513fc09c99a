/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-text"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-time.h"
#include <gtk/gtk.h>

#include "hd-ticket-text.h"

/* The server writes some details of its own events in English: these
 * are the ones it has, in the reader's language. */
static const struct {
  const char *server;
  const char *text;
} known_details[] = {
  { "routed by topic", N_("routed by topic") },
  { "escalation", N_("on escalation") },
  { "receipt mailed to the requester", N_("receipt mailed to the requester") },
  { "receipt shown at submission", N_("receipt shown at submission") },
  { "response deadline missed", N_("response deadline missed") },
  { "resolution deadline missed", N_("resolution deadline missed") },
  { "the clock stops while waiting on the requester", N_("the clock stops while waiting on the requester") },
  { "moved out by the business time spent waiting", N_("moved out by the business time spent waiting") },
};

static const char *
detail_text (const char *detail)
{
  if (detail == NULL || *detail == '\0')
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (known_details); i++)
    if (g_str_equal (detail, known_details[i].server))
      return _(known_details[i].text);
  return detail;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* "HD-1042", or "Pending" while the server has not numbered it. */
char *
hd_ticket_text_number (gint64 number)
{
  if (number <= 0)
    return g_strdup (C_("ticket number", "Pending"));
  return g_strdup_printf ("HD-%" G_GINT64_FORMAT, number);
}

const char *
hd_ticket_text_status (HdStatus status)
{
  switch (status)
    {
    case HD_STATUS_NEW: return C_("status", "New");
    case HD_STATUS_ACKNOWLEDGED: return C_("status", "Acknowledged");
    case HD_STATUS_IN_PROGRESS: return C_("status", "In Progress");
    case HD_STATUS_WAITING: return C_("status", "Waiting");
    case HD_STATUS_RESOLVED: return C_("status", "Resolved");
    case HD_STATUS_CLOSED: return C_("status", "Closed");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
hd_ticket_text_channel (HdChannel channel)
{
  switch (channel)
    {
    case HD_CHANNEL_FORM: return C_("channel", "Web form");
    case HD_CHANNEL_PHONE: return C_("channel", "Phone");
    case HD_CHANNEL_EMAIL: return C_("channel", "Mail");
    case HD_CHANNEL_WALK_IN: return C_("channel", "Walk-in");
    default: g_return_val_if_reached (NULL);
    }
}

/* The plan's own label, "Critical". */
const char *
hd_ticket_text_priority (HdPlan     *plan,
                         HdPriority  priority)
{
  const HdPlanPriority *level;

  g_return_val_if_fail (priority < HD_N_PRIORITIES, NULL);

  level = plan != NULL ? hd_plan_get_priority (plan, priority) : NULL;
  if (level != NULL && level->label != NULL && level->label[0] != '\0')
    return level->label;
  switch (priority)
    {
    case HD_PRIORITY_CRITICAL: return C_("priority", "Critical");
    case HD_PRIORITY_HIGH: return C_("priority", "High");
    case HD_PRIORITY_MEDIUM: return C_("priority", "Medium");
    case HD_PRIORITY_NORMAL:
    default: return C_("priority", "Normal");
    }
}

static const char * const priority_classes[HD_N_PRIORITIES] = {
  "priority-critical", "priority-high", "priority-medium", "priority-normal",
};

/* The style class of a priority badge (ui/style.css). */
const char *
hd_ticket_text_priority_class (HdPriority priority)
{
  g_return_val_if_fail (priority < HD_N_PRIORITIES, "priority-normal");
  return priority_classes[priority];
}

/* Makes @badge show @priority's colour, whatever it showed before. */
void
hd_ticket_text_style_priority (GtkWidget  *badge,
                               HdPriority  priority)
{
  for (guint i = 0; i < G_N_ELEMENTS (priority_classes); i++)
    gtk_widget_remove_css_class (badge, priority_classes[i]);
  gtk_widget_add_css_class (badge, hd_ticket_text_priority_class (priority));
}

const char *
hd_ticket_text_topic (HdPlan     *plan,
                      const char *topic)
{
  const HdPlanTopic *found;

  if (topic == NULL)
    return C_("topic", "None");
  found = plan != NULL ? hd_plan_find_topic (plan, topic) : NULL;
  return found != NULL ? found->label : topic;
}

/* A member's name from the plan, or the user name as it is. */
const char *
hd_ticket_text_person (HdPlan     *plan,
                       const char *username)
{
  const HdPlanMember *member;

  if (username == NULL)
    return C_("assignee", "Unassigned");
  if (g_str_equal (username, "system"))
    return _("Help Desk");
  member = plan != NULL ? hd_plan_find_member (plan, username) : NULL;
  return member != NULL ? member->name : username;
}

/* The name of a ticket's member, as a form labels it. */
const char *
hd_ticket_text_field (const char *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  if (g_str_equal (field, "status"))
    return _("Status");
  if (g_str_equal (field, "assignee"))
    return _("Assignee");
  if (g_str_equal (field, "priority"))
    return _("Priority");
  if (g_str_equal (field, "topic"))
    return _("Topic");
  return field;
}

/* A value of @field as the API writes it, as a person reads it. */
char *
hd_ticket_text_value (HdPlan     *plan,
                      const char *field,
                      const char *value)
{
  HdStatus status;
  HdPriority priority;

  g_return_val_if_fail (field != NULL, NULL);

  if (g_str_equal (field, "assignee"))
    return g_strdup (hd_ticket_text_person (plan, value));
  if (value == NULL)
    return g_strdup (C_("value", "None"));
  if (g_str_equal (field, "status") && hd_status_from_string (value, &status))
    return g_strdup (hd_ticket_text_status (status));
  if (g_str_equal (field, "priority") && hd_priority_from_string (value, &priority))
    return g_strdup (hd_ticket_text_priority (plan, priority));
  if (g_str_equal (field, "topic"))
    return g_strdup (hd_ticket_text_topic (plan, value));
  return g_strdup (value);
}

/* "25 min", "2 h 10 min", "14 h" */
char *
hd_ticket_text_span (gint64 seconds)
{
  gint64 minutes = (MAX (seconds, 0) + 59) / 60;

  if (minutes < 60)
    return g_strdup_printf (_("%d min"), (int) minutes);
  if (minutes < 10 * 60 && minutes % 60 != 0)
    return g_strdup_printf (_("%d h %d min"), (int) (minutes / 60), (int) (minutes % 60));
  return g_strdup_printf (_("%d h"), (int) (minutes / 60));
}

/* The deadline the ticket now runs to, in business time from @now:
 * "Response due in 25 min", "Resolution overdue by 2 h"; NULL when no
 * clock runs (waiting, resolved, closed). @state says how close it is. */
char *
hd_ticket_text_countdown (HdPlan         *plan,
                          const HdTicket *ticket,
                          gint64          now,
                          HdSlaState     *state)
{
  gboolean response;
  g_autofree char *span = NULL;
  gint64 due, seconds;

  g_return_val_if_fail (HD_IS_PLAN (plan), NULL);
  g_return_val_if_fail (ticket != NULL, NULL);

  if (state != NULL)
    *state = HD_SLA_ON_TRACK;
  if (!hd_status_is_open (ticket->status) || ticket->status == HD_STATUS_WAITING)
    return NULL;
  response = ticket->first_response_at < 0 && ticket->response_due_at >= 0;
  due = response ? ticket->response_due_at : ticket->resolution_due_at;
  if (due < 0 || due == HD_TIME_NEVER)
    return NULL;
  if (state != NULL)
    *state = hd_sla_state (plan, ticket->priority, due, -1, now);
  seconds = hd_calendar_elapsed (hd_plan_get_calendar (plan), MIN (now, due), MAX (now, due));
  span = hd_ticket_text_span (seconds);
  if (now < due)
    return g_strdup_printf (response ? _("Response due in %s") : _("Resolution due in %s"), span);
  return g_strdup_printf (response ? _("Response overdue by %s") : _("Resolution overdue by %s"), span);
}

/* An instant in the reader's time zone, shorter the nearer it is. */
char *
hd_ticket_text_when (gint64 instant,
                     gint64 now)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (instant);
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);
  gboolean same_year;
  int days;

  if (when == NULL || today == NULL)
    return g_strdup ("");
  same_year = g_date_time_get_year (when) == g_date_time_get_year (today);
  days = g_date_time_get_day_of_year (today) - g_date_time_get_day_of_year (when);
  if (same_year && days == 0)
    return g_date_time_format (when, C_("time today", "%H:%M"));
  if (same_year && days == 1)
    return g_date_time_format (when, C_("time yesterday", "Yesterday %H:%M"));
  if (same_year)
    return g_date_time_format (when, C_("time this year", "%b %-d, %H:%M"));
  return g_date_time_format (when, C_("time other years", "%b %-d %Y, %H:%M"));
}

static char *
describe_change (HdPlan     *plan,
                 const char *action,
                 const char *actor,
                 const char *who,
                 const char *from,
                 const char *to)
{
  g_autofree char *old_text = hd_ticket_text_value (plan, action, from);
  g_autofree char *new_text = hd_ticket_text_value (plan, action, to);

  if (g_str_equal (action, "status"))
    return g_strdup_printf (_("%s changed the status from %s to %s"), who, old_text, new_text);
  if (g_str_equal (action, "priority"))
    return g_strdup_printf (_("%s changed the priority from %s to %s"), who, old_text, new_text);
  if (g_str_equal (action, "topic"))
    return g_strdup_printf (_("%s changed the topic from %s to %s"), who, old_text, new_text);
  if (to == NULL)
    return g_strdup_printf (_("%s unassigned it from %s"), who, old_text);
  if (g_strcmp0 (actor, to) == 0)
    return g_strdup_printf (_("%s took it"), who);
  if (from == NULL)
    return g_strdup_printf (_("%s assigned it to %s"), who, new_text);
  return g_strdup_printf (_("%s reassigned it from %s to %s"), who, old_text, new_text);
}

/* One entry of the audit trail in a sentence, with its detail after a
 * dash: "Dana Whitfield changed the priority from Normal to High — the
 * whole school is affected". */
char *
hd_ticket_text_event (HdPlan     *plan,
                      JsonObject *event)
{
  const char *action = member_string (event, "action");
  const char *who = hd_ticket_text_person (plan, member_string (event, "actor"));
  const char *from = member_string (event, "from");
  const char *to = member_string (event, "to");
  const char *detail = detail_text (member_string (event, "detail"));
  g_autofree char *what = NULL;
  HdChannel channel;

  g_return_val_if_fail (event != NULL, NULL);

  if (action == NULL)
    return g_strdup (_("Unknown change"));
  if (g_str_equal (action, "status") || g_str_equal (action, "priority") ||
      g_str_equal (action, "topic") || g_str_equal (action, "assignee"))
    what = describe_change (plan, action, member_string (event, "actor"), who, from, to);
  else if (g_str_equal (action, "created"))
    {
      if (detail != NULL && hd_channel_from_string (detail, &channel))
        {
          what = g_strdup_printf (_("%s submitted the ticket via %s"), who, hd_ticket_text_channel (channel));
          detail = NULL;
        }
      else
        what = g_strdup_printf (_("%s submitted the ticket"), who);
    }
  else if (g_str_equal (action, "comment"))
    {
      gboolean internal = g_strcmp0 (member_string (event, "detail"), "internal note") == 0;

      what = g_strdup_printf (internal ? _("%s added an internal note") : _("%s replied"), who);
      detail = NULL;
    }
  else if (g_str_equal (action, "escalated"))
    what = g_strdup_printf (_("%s escalated it to level %s"), who, to != NULL ? to : "?");
  else if (g_str_equal (action, "follow-up"))
    what = g_strdup_printf (_("%s followed up"), who);
  else if (g_str_equal (action, "survey"))
    what = g_strdup_printf (_("%s rated the help %s of 5"), who, to != NULL ? to : "?");
  else if (g_str_equal (action, "acknowledged"))
    what = g_strdup_printf (_("%s acknowledged it"), who);
  else if (g_str_equal (action, "mailed"))
    what = g_strdup_printf (_("%s sent a mail about it"), who);
  else if (g_str_equal (action, "deadlines"))
    what = g_strdup_printf (_("%s moved the resolution deadline"), who);
  else if (g_str_equal (action, "closed"))
    what = g_strdup_printf (_("%s closed it"), who);
  else
    what = g_strdup_printf ("%s: %s", who, action);

  if (detail != NULL)
    return g_strdup_printf (_("%s — %s"), what, detail);
  return g_steal_pointer (&what);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-row"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-ticket-row.h"
#include "hd-ticket-text.h"
#include "hd-time.h"

#define MINUTE 60
#define HOUR 3600
/* Past about a working day late, business hours say less than days. */
#define OVERDUE_IN_HOURS_MAX (10 * HOUR)

struct _HdTicketRow
{
  GObject          parent_instance;

  HdTicketSummary *summary;
};

G_DEFINE_FINAL_TYPE (HdTicketRow, hd_ticket_row, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64
local_day (GTimeZone *zone,
           gint64     instant)
{
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, instant);

  return hd_floor_div (instant + g_time_zone_get_offset (zone, interval), HD_SECONDS_PER_DAY);
}

/* A deadline across closed time, as the clock on the wall will say it. */
static char *
format_wall_time (GTimeZone *zone,
                  gint64     due,
                  gint64     now)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (due);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  gint64 days = local_day (zone, due) - local_day (zone, now);

  if (days == 0)
    /* TRANSLATORS: a deadline later today, %s is a time like 15:00 */
    return g_strdup_printf (_("today %s"), time);
  if (days == 1)
    /* TRANSLATORS: a deadline, %s is a time like 09:00 */
    return g_strdup_printf (_("tomorrow %s"), time);
  if (days < 7)
    /* TRANSLATORS: a deadline this week: an abbreviated weekday and a time, as in "Mon 09:00" */
    return g_date_time_format (local, _("%a %H:%M"));
  /* TRANSLATORS: a deadline a week or more away: an abbreviated month and a day, as in "Mar 3" */
  return g_date_time_format (local, _("%b %-d"));
}

static char *
format_remaining (gint64 seconds)
{
  gint64 minutes = (seconds + MINUTE - 1) / MINUTE;

  if (minutes < 60)
    return g_strdup_printf (_("in %d min"), (int) MAX (1, minutes));
  /* within three hours the minutes still matter */
  if (minutes < 180 && minutes % 60 != 0)
    return g_strdup_printf (_("in %d h %d min"), (int) (minutes / 60), (int) (minutes % 60));
  return g_strdup_printf (_("in %d h"), (int) ((minutes + 30) / 60));
}

static char *
format_overdue (gint64 business,
                gint64 wall)
{
  gint64 days;

  if (business < MINUTE)
    return g_strdup (_("overdue"));
  if (business < HOUR)
    return g_strdup_printf (_("overdue %d min"), (int) (business / MINUTE));
  if (business < OVERDUE_IN_HOURS_MAX)
    return g_strdup_printf (_("overdue %d h"), (int) (business / HOUR));
  days = MAX (1, wall / HD_SECONDS_PER_DAY);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "overdue %d day", "overdue %d days", days), (int) days);
}

static void
hd_ticket_row_finalize (GObject *object)
{
  HdTicketRow *self = (HdTicketRow *) object;

  g_clear_pointer (&self->summary, hd_ticket_summary_unref);

  G_OBJECT_CLASS (hd_ticket_row_parent_class)->finalize (object);
}

static void
hd_ticket_row_class_init (HdTicketRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hd_ticket_row_finalize;

  /**
   * HdTicketRow::changed:
   *
   * The row shows another summary: what was made of the old is stale.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hd_ticket_row_init (HdTicketRow *self)
{
}

HdTicketRow *
hd_ticket_row_new (HdTicketSummary *summary)
{
  HdTicketRow *self;

  g_return_val_if_fail (summary != NULL, NULL);

  self = g_object_new (HD_TYPE_TICKET_ROW, NULL);
  self->summary = hd_ticket_summary_ref (summary);
  return self;
}

/* Makes @self show @summary, when it reads otherwise or with @force. */
void
hd_ticket_row_set_summary (HdTicketRow     *self,
                           HdTicketSummary *summary,
                           gboolean         force)
{
  g_return_if_fail (HD_IS_TICKET_ROW (self));
  g_return_if_fail (summary != NULL);

  if (!force && hd_ticket_summary_equal (self->summary, summary))
    return;
  hd_ticket_summary_unref (self->summary);
  self->summary = hd_ticket_summary_ref (summary);
  g_signal_emit (self, signals[CHANGED], 0);
}

const HdTicketSummary *
hd_ticket_row_get_summary (HdTicketRow *self)
{
  g_return_val_if_fail (HD_IS_TICKET_ROW (self), NULL);

  return self->summary;
}

const char *
hd_ticket_row_get_id (HdTicketRow *self)
{
  g_return_val_if_fail (HD_IS_TICKET_ROW (self), NULL);

  return self->summary->id;
}

/* Whether a row shows @a and @b alike. */
gboolean
hd_ticket_summary_equal (const HdTicketSummary *a,
                         const HdTicketSummary *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return g_strcmp0 (a->id, b->id) == 0 && a->number == b->number && a->priority == b->priority
         && g_strcmp0 (a->subject, b->subject) == 0 && g_strcmp0 (a->requester_name, b->requester_name) == 0
         && g_strcmp0 (a->location, b->location) == 0 && g_strcmp0 (a->topic, b->topic) == 0
         && g_strcmp0 (a->assignee, b->assignee) == 0 && a->status == b->status
         && a->response_due_at == b->response_due_at && a->resolution_due_at == b->resolution_due_at
         && a->next_due_at == b->next_due_at && a->created_at == b->created_at
         && a->updated_at == b->updated_at && a->pending == b->pending;
}

/* The plan's name for the topic, or its id for a topic the plan lost. */
const char *
hd_ticket_topic_label (const HdTicketSummary *summary,
                       HdPlan                *plan)
{
  g_return_val_if_fail (summary != NULL, NULL);

  if (summary->topic == NULL || summary->topic[0] == '\0')
    return "—";
  return hd_ticket_text_topic (plan, summary->topic);
}

/* The team member's name, their user name when the plan does not list
 * them, a dash when nobody has the ticket. */
const char *
hd_ticket_assignee_label (const HdTicketSummary *summary,
                          HdPlan                *plan)
{
  g_return_val_if_fail (summary != NULL, NULL);

  if (summary->assignee == NULL || summary->assignee[0] == '\0')
    return "—";
  return hd_ticket_text_person (plan, summary->assignee);
}

/**
 * hd_ticket_format_due:
 * @plan: (nullable): the plan, whose calendar tells business time
 * @zone: the district's time zone
 * @state: (out): how pressing the deadline is
 *
 * When the ticket's next deadline falls: "in 25 min" while the desk
 * stays open until then, the time on the clock ("tomorrow 09:00") when
 * it closes in between, "overdue 2 h" in business time once missed.
 *
 * Returns: (nullable): the words, or %NULL when nothing is due
 */
char *
hd_ticket_format_due (const HdTicketSummary *summary,
                      HdPlan                *plan,
                      GTimeZone             *zone,
                      gint64                 now,
                      HdDueState            *state)
{
  HdCalendar *calendar = plan != NULL ? hd_plan_get_calendar (plan) : NULL;
  gint64 due, left, wall;

  g_return_val_if_fail (summary != NULL && zone != NULL && state != NULL, NULL);

  *state = HD_DUE_NONE;
  due = summary->next_due_at;
  if (!hd_status_is_open (summary->status))
    return NULL;
  if (summary->status == HD_STATUS_WAITING)
    return g_strdup (C_("deadline", "Paused"));
  if (due < 0 || due == HD_TIME_NEVER)
    return NULL;
  wall = due - now;
  if (wall <= 0)
    {
      *state = HD_DUE_OVERDUE;
      return format_overdue (calendar != NULL ? hd_calendar_elapsed (calendar, due, now) : -wall, -wall);
    }
  left = calendar != NULL ? hd_calendar_elapsed (calendar, now, due) : wall;
  *state = plan != NULL && left <= hd_plan_get_priority (plan, summary->priority)->warn_before
           ? HD_DUE_SOON : HD_DUE_LATER;
  if (left == wall && wall < 12 * HOUR)
    return format_remaining (wall);
  return format_wall_time (zone, due, now);
}

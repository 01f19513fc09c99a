/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-cli.h"
#include "hd-duration.h"

/* What "plan check" prints for a good plan: what a district admin wants
 * to confirm at a glance after editing it. */

static const char *
weekday_name (int weekday)
{
  const char *names[] = {
    N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
    N_("Friday"), N_("Saturday"), N_("Sunday"),
  };

  return _(names[weekday]);
}

/* Pads @text to @width characters (printf's %-10s counts bytes, which
 * misaligns translated text). */
static void
append_cell (GString    *out,
             const char *text,
             glong       width)
{
  g_string_append (out, text);
  for (glong n = g_utf8_strlen (text, -1); n < width; n++)
    g_string_append_c (out, ' ');
  g_string_append_c (out, ' ');
}

static void
append_hours (GString *out,
              HdPlan  *plan)
{
  gint64 week = hd_calendar_get_week_seconds (hd_plan_get_calendar (plan));

  g_string_append_printf (out, _("Open hours, %g hours a week (%s):\n"),
                          week / 3600.0, hd_zone_get_identifier (hd_plan_get_zone (plan)));
  for (int d = 0; d < 7; d++)
    {
      g_autofree char *hours = hd_plan_format_day_hours (plan, d);

      g_string_append (out, "  ");
      append_cell (out, weekday_name (d), 10);
      g_string_append_printf (out, "%s\n", hours != NULL ? hours : _("closed"));
    }
}

static void
append_priorities (GString *out,
                   HdPlan  *plan)
{
  const GPtrArray *scopes = hd_plan_get_scopes (plan);
  const GPtrArray *effects = hd_plan_get_effects (plan);

  g_string_append_printf (out, "\n%s\n  ", _("Service levels, in business time:"));
  append_cell (out, _("Priority"), 10);
  append_cell (out, _("Response"), 10);
  append_cell (out, _("Resolution"), 10);
  g_string_append_printf (out, "%s\n", _("Warn before"));
  for (guint p = 0; p < HD_N_PRIORITIES; p++)
    {
      const HdPlanPriority *level = hd_plan_get_priority (plan, p);
      g_autofree char *response = hd_duration_format (level->response);
      g_autofree char *resolution = hd_duration_format (level->resolution);
      g_autofree char *warn = hd_duration_format (level->warn_before);

      g_string_append (out, "  ");
      append_cell (out, level->label, 10);
      append_cell (out, response, 10);
      append_cell (out, resolution, 10);
      g_string_append_printf (out, "%s\n", warn);
    }

  g_string_append_printf (out, "\n%s\n", _("Priority matrix (who is affected × can they keep working):"));
  for (guint s = 0; s < scopes->len; s++)
    {
      const HdPlanChoice *scope = g_ptr_array_index (scopes, s);

      g_string_append_printf (out, "  %s:\n", scope->label);
      for (guint e = 0; e < effects->len; e++)
        {
          const HdPlanChoice *effect = g_ptr_array_index (effects, e);
          HdPriority priority;

          hd_plan_lookup_matrix (plan, scope->id, effect->id, &priority);
          g_string_append (out, "    ");
          append_cell (out, effect->label, 40);
          g_string_append_printf (out, "%s\n", hd_priority_to_string (priority));
        }
    }
}

static void
append_team (GString *out,
             HdPlan  *plan)
{
  const GPtrArray *topics = hd_plan_get_topics (plan);
  const GPtrArray *members = hd_plan_get_members (plan);

  g_string_append_printf (out, "\n%s\n", _("Topics and their team:"));
  for (guint i = 0; i < topics->len; i++)
    {
      const HdPlanTopic *topic = g_ptr_array_index (topics, i);
      g_autofree char *team = g_strjoinv (", ", topic->team);

      g_string_append_printf (out, "  %s (%s): %s", topic->label, topic->id, team);
      if (topic->lead != NULL)
        g_string_append_printf (out, _("; lead %s"), topic->lead);
      g_string_append_c (out, '\n');
    }

  g_string_append_printf (out, "\n%s\n", _("Team:"));
  for (guint i = 0; i < members->len; i++)
    {
      const HdPlanMember *member = g_ptr_array_index (members, i);

      g_string_append (out, "  ");
      append_cell (out, member->id, 12);
      g_string_append (out, member->name);
      if (member->role != NULL)
        g_string_append_printf (out, ", %s", member->role);
      if (member->senior)
        g_string_append_printf (out, " (%s)", _("senior"));
      g_string_append_c (out, '\n');
    }
}

static void
append_escalation (GString *out,
                   HdPlan  *plan)
{
  g_autofree char *supervisors = g_strjoinv (", ", (GStrv) hd_plan_get_supervisors (plan));
  const char *targets[] = {
    N_("the topic’s lead"), N_("a senior team member"), N_("the supervisors"),
  };

  g_string_append_printf (out, "\n%s\n", _("Escalation chain:"));
  g_string_append_printf (out, _("  1. a ticket is routed to its topic’s team member with the fewest open tickets "
                                 "(critical tickets to a senior member)\n"));
  g_string_append_printf (out, _("  2. response deadline missed: %s\n"),
                          _(targets[hd_plan_get_on_response_breach (plan)]));
  g_string_append_printf (out, _("  3. resolution deadline missed: %s\n"),
                          _(targets[hd_plan_get_on_resolution_breach (plan)]));
  if (*supervisors != '\0')
    g_string_append_printf (out, _("  Supervisors: %s\n"), supervisors);
}

char *
hd_cli_plan_summary (HdPlan *plan)
{
  GString *out = g_string_new (NULL);
  g_autofree char *locations = g_strjoinv ("; ", (GStrv) hd_plan_get_locations (plan));

  g_string_append_printf (out, "%s\n%s\n\n", hd_plan_get_name (plan), _("The plan is valid."));
  append_hours (out, plan);
  append_priorities (out, plan);
  append_team (out, plan);
  append_escalation (out, plan);
  g_string_append_printf (out, "\n%s %s\n", _("Locations:"), locations);
  return g_string_free (out, FALSE);
}

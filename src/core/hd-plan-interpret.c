/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-plan"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "hd-duration.h"
#include "hd-plan-private.h"
#include "hd-time.h"

/* Turns a plan's groups and entries into an HdPlan, reporting every
 * problem with its line instead of stopping at the first. */

const char * const _hd_weekday_keys[7] = {
  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

static const char * const help_desk_keys[] = {
  "Name", "Purpose", "TimeZone", "Channels", "Email", "Phone", "HoursPosted", "Commitments", NULL,
};
static const char * const hours_keys[] = {
  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Holidays", NULL,
};
static const char * const locations_keys[] = { "Names", NULL };
static const char * const priority_keys[] = {
  "Label", "Description", "Response", "Resolution", "WarnBefore", NULL,
};
static const char * const matrix_keys[] = {
  "Scopes", "ScopeLabels", "Effects", "EffectLabels", NULL,
};
static const char * const topic_keys[] = { "Label", "Team", "Lead", NULL };
static const char * const member_keys[] = { "Name", "Role", "Email", "Phone", "Senior", NULL };
static const char * const escalation_keys[] = {
  "OnResponseBreach", "OnResolutionBreach", "Supervisors", NULL,
};
static const char * const processes_keys[] = {
  "Acknowledge", "FollowUpAfter", "AutoCloseAfter", "Survey", "Feedback", NULL,
};
static const char * const channel_ids[] = { "form", "phone", "email", "walk-in", NULL };
static const char * const escalation_ids[] = { "lead", "senior", "supervisor", NULL };

/* Where a missing group is reported: the end of the file, where it
 * would be added. */
static guint
end_line (HdPlanReader *it)
{
  return it->source->n_lines;
}

static HdPlanGroup *
named_group (HdPlanReader     *it,
             const char *name)
{
  for (guint i = 0; i < it->source->groups->len; i++)
    {
      HdPlanGroup *group = g_ptr_array_index (it->source->groups, i);

      if (g_str_equal (group->name, name))
        return group;
    }
  return NULL;
}

/* "Priorty high" -> "Priority high", "Hour" -> "Hours" */
static char *
suggest_group (const char         *name,
               const char * const *fixed)
{
  static const char * const kinds[] = { "Priority", "Topic", "Member", NULL };
  const char *space = strchr (name, ' ');
  const char *hint = _hd_plan_closest (name, fixed);

  if (hint != NULL)
    return g_strdup (hint);
  if (space != NULL)
    {
      g_autofree char *kind = g_strndup (name, space - name);

      hint = _hd_plan_closest (kind, kinds);
      if (hint != NULL)
        return g_strconcat (hint, space, NULL);
    }
  return NULL;
}

static void
replace_string (char       **slot,
                const char  *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

static void
read_help_desk (HdPlanReader      *it,
                HdPlanGroup *group)
{
  HdPlan *plan = it->plan;
  HdPlanEntry *entry;

  if (group == NULL)
    {
      problem (it, end_line (it), "Help Desk", NULL, _("missing group"));
      return;
    }

  entry = _hd_plan_require_entry (it, group, "TimeZone");
  if (entry != NULL)
    {
      plan->zone = hd_zone_new (entry->value);
      if (plan->zone == NULL)
        problem (it, entry->line, group->name, entry->key,
                 _("unknown time zone “%s” (use an IANA name like America/Chicago)"), entry->value);
    }
  if (it->scope != HD_PLAN_SCOPE_FULL)
    return;

  _hd_plan_check_keys (it, group, help_desk_keys, NULL);
  if (_hd_plan_require_entry (it, group, "Name") != NULL)
    plan->name = _hd_plan_read_text (group, "Name");
  plan->purpose = _hd_plan_read_text (group, "Purpose");
  plan->email = _hd_plan_read_text (group, "Email");
  plan->phone = _hd_plan_read_text (group, "Phone");
  plan->hours_posted = _hd_plan_read_text (group, "HoursPosted");
  plan->commitments = _hd_plan_read_text (group, "Commitments");

  entry = _hd_plan_get_entry (group, "Channels");
  if (entry == NULL)
    plan->channels = g_strdupv ((GStrv) channel_ids);
  else
    {
      guint index;

      plan->channels = _hd_plan_split_list (entry->value);
      if (plan->channels[0] == NULL)
        problem (it, entry->line, group->name, entry->key, _("names no channel"));
      for (guint i = 0; plan->channels[i] != NULL; i++)
        {
          HdPlanEntry item = { entry->key, plan->channels[i], entry->line };

          _hd_plan_read_choice (it, group, &item, channel_ids, &index);
        }
    }
}

static void
read_hours (HdPlanReader      *it,
            HdPlanGroup *group)
{
  HdPlan *plan = it->plan;
  gboolean open = FALSE;

  if (group == NULL)
    {
      problem (it, end_line (it), "Hours", NULL, _("missing group"));
      return;
    }
  _hd_plan_check_keys (it, group, hours_keys, NULL);
  for (guint d = 0; d < 7; d++)
    {
      g_array_unref (plan->hours[d]);
      plan->hours[d] = _hd_plan_read_day (it, group, _hd_plan_get_entry (group, _hd_weekday_keys[d]));
      open |= plan->hours[d]->len > 0;
    }
  _hd_plan_read_holidays (it, group, _hd_plan_get_entry (group, "Holidays"));
  if (!open)
    problem (it, group->line, group->name, NULL, _("the help desk is never open: no day has hours"));
}

static void
build_calendar (HdPlan *plan)
{
  plan->calendar = hd_calendar_new (plan->zone);
  for (int d = 0; d < 7; d++)
    for (guint i = 0; i < plan->hours[d]->len; i++)
      {
        const HdPlanRange *r = &g_array_index (plan->hours[d], HdPlanRange, i);

        hd_calendar_add_range (plan->calendar, d, r->start, r->end);
      }
  for (guint i = 0; i < plan->holidays->len; i++)
    {
      const HdPlanHoliday *h = &g_array_index (plan->holidays, HdPlanHoliday, i);

      hd_calendar_add_holidays (plan->calendar, h->first, h->last);
    }
}

static void
read_member (HdPlanReader      *it,
             HdPlanGroup *group,
             const char  *id)
{
  HdPlanMember *member;
  HdPlanEntry *entry;

  _hd_plan_check_keys (it, group, member_keys, NULL);
  if (!_hd_plan_is_identifier (id))
    {
      problem (it, group->line, group->name, NULL,
               _("“%s” is not a user name (lower-case letters, digits, “.”, “_” and “-”)"), id);
      return;
    }
  member = g_new0 (HdPlanMember, 1);
  member->id = g_strdup (id);
  if (_hd_plan_require_entry (it, group, "Name") != NULL)
    member->name = _hd_plan_read_text (group, "Name");
  member->role = _hd_plan_read_text (group, "Role");
  member->email = _hd_plan_read_text (group, "Email");
  member->phone = _hd_plan_read_text (group, "Phone");
  entry = _hd_plan_get_entry (group, "Senior");
  if (entry != NULL)
    _hd_plan_read_boolean (it, group, entry, &member->senior);
  g_ptr_array_add (it->plan->members, member);
}

static void
read_priority (HdPlanReader      *it,
               HdPlanGroup *group,
               const char  *id)
{
  HdPlanPriority *p;
  HdPlanEntry *response, *resolution, *warn;
  HdPriority level;
  gboolean response_ok = FALSE, resolution_ok = FALSE;

  if (!hd_priority_from_string (id, &level))
    {
      problem (it, group->line, group->name, NULL,
               _("unknown priority level “%s” (the levels are critical, high, medium and normal)"), id);
      return;
    }
  _hd_plan_check_keys (it, group, priority_keys, NULL);
  it->has_priority[level] = TRUE;
  p = &it->plan->priorities[level];

  g_free (p->label);
  p->label = _hd_plan_read_text (group, "Label");
  if (p->label == NULL)
    {
      p->label = g_strdup (id);
      p->label[0] = g_ascii_toupper (p->label[0]);
    }
  p->description = _hd_plan_read_text (group, "Description");

  response = _hd_plan_require_entry (it, group, "Response");
  resolution = _hd_plan_require_entry (it, group, "Resolution");
  if (response != NULL)
    response_ok = _hd_plan_read_duration (it, group, response, &p->response);
  if (resolution != NULL)
    resolution_ok = _hd_plan_read_duration (it, group, resolution, &p->resolution);
  if (response_ok && resolution_ok && p->response > p->resolution)
    problem (it, response->line, group->name, response->key,
             _("the response target (%s) is longer than the resolution target (%s)"),
             response->value, resolution->value);
  warn = _hd_plan_get_entry (group, "WarnBefore");
  if (warn != NULL)
    _hd_plan_read_duration (it, group, warn, &p->warn_before);
}

/* Scopes/ScopeLabels or Effects/EffectLabels: ids with their labels. */
static GPtrArray *
read_axis (HdPlanReader      *it,
           HdPlanGroup *group,
           const char  *ids_key,
           const char  *labels_key)
{
  GPtrArray *axis = g_ptr_array_new_with_free_func ((GDestroyNotify) _hd_plan_choice_free);
  HdPlanEntry *ids_entry = _hd_plan_require_entry (it, group, ids_key);
  HdPlanEntry *labels_entry = _hd_plan_get_entry (group, labels_key);
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) labels = NULL;

  if (ids_entry == NULL)
    return axis;
  ids = _hd_plan_split_list (ids_entry->value);
  labels = labels_entry != NULL ? _hd_plan_split_list (labels_entry->value) : NULL;
  for (guint i = 0; ids[i] != NULL; i++)
    {
      HdPlanChoice *choice;

      if (!_hd_plan_is_identifier (ids[i]))
        {
          problem (it, ids_entry->line, group->name, ids_key,
                   _("“%s” is not an id (lower-case letters, digits, “.”, “_” and “-”)"), ids[i]);
          continue;
        }
      for (guint j = 0; j < i; j++)
        if (g_str_equal (ids[i], ids[j]))
          problem (it, ids_entry->line, group->name, ids_key, _("“%s” is listed twice"), ids[i]);
      choice = g_new0 (HdPlanChoice, 1);
      choice->id = g_strdup (ids[i]);
      choice->label = g_strdup (labels != NULL && i < g_strv_length (labels) ? labels[i] : ids[i]);
      g_ptr_array_add (axis, choice);
    }
  if (labels != NULL && g_strv_length (labels) != g_strv_length (ids))
    problem (it, labels_entry->line, group->name, labels_key,
             _("%u labels for %u ids in %s"), g_strv_length (labels), g_strv_length (ids), ids_key);
  return axis;
}

static void
read_matrix (HdPlanReader      *it,
             HdPlanGroup *group)
{
  HdPlan *plan = it->plan;
  g_autoptr(GStrvBuilder) rows = g_strv_builder_new ();
  g_auto(GStrv) row_keys = NULL;
  guint n_effects;

  if (group == NULL)
    {
      problem (it, end_line (it), "Matrix", NULL, _("missing group"));
      return;
    }
  g_ptr_array_unref (plan->scopes);
  g_ptr_array_unref (plan->effects);
  plan->scopes = read_axis (it, group, "Scopes", "ScopeLabels");
  plan->effects = read_axis (it, group, "Effects", "EffectLabels");
  for (guint i = 0; i < plan->scopes->len; i++)
    g_strv_builder_add (rows, ((HdPlanChoice *) g_ptr_array_index (plan->scopes, i))->id);
  row_keys = g_strv_builder_end (rows);
  _hd_plan_check_keys (it, group, matrix_keys, (const char * const *) row_keys);

  n_effects = plan->effects->len;
  plan->matrix = g_new0 (HdPriority, MAX (1, plan->scopes->len * n_effects));
  for (guint s = 0; s < plan->scopes->len; s++)
    {
      HdPlanEntry *entry = _hd_plan_require_entry (it, group, row_keys[s]);
      g_auto(GStrv) cells = NULL;

      if (entry == NULL)
        continue;
      cells = _hd_plan_split_list (entry->value);
      if (g_strv_length (cells) != n_effects)
        problem (it, entry->line, group->name, entry->key,
                 _("%u priorities for %u effects (one per effect, in the order of Effects)"),
                 g_strv_length (cells), n_effects);
      for (guint e = 0; cells[e] != NULL; e++)
        {
          HdPriority level;

          if (!hd_priority_from_string (cells[e], &level))
            {
              problem (it, entry->line, group->name, entry->key,
                       _("unknown priority “%s” (use critical, high, medium or normal)"), cells[e]);
              continue;
            }
          if (!it->has_priority[level] && !it->priority_reported[level])
            {
              problem (it, entry->line, group->name, entry->key,
                       _("priority “%s” has no [Priority %s] group"), cells[e], cells[e]);
              it->priority_reported[level] = TRUE;
            }
          if (e < n_effects)
            plan->matrix[s * n_effects + e] = level;
        }
    }
}

static void
read_topic (HdPlanReader      *it,
            HdPlanGroup *group,
            const char  *id)
{
  HdPlanTopic *topic;
  HdPlanEntry *entry;

  _hd_plan_check_keys (it, group, topic_keys, NULL);
  if (!_hd_plan_is_identifier (id))
    {
      problem (it, group->line, group->name, NULL,
               _("“%s” is not an id (lower-case letters, digits, “.”, “_” and “-”)"), id);
      return;
    }
  topic = g_new0 (HdPlanTopic, 1);
  topic->id = g_strdup (id);
  if (_hd_plan_require_entry (it, group, "Label") != NULL)
    topic->label = _hd_plan_read_text (group, "Label");
  entry = _hd_plan_require_entry (it, group, "Team");
  topic->team = entry != NULL ? _hd_plan_read_members (it, group, entry) : g_new0 (char *, 1);
  entry = _hd_plan_get_entry (group, "Lead");
  if (entry != NULL)
    {
      g_auto(GStrv) leads = _hd_plan_read_members (it, group, entry);

      if (g_strv_length (leads) != 1)
        problem (it, entry->line, group->name, entry->key, _("names %u members; a topic has one lead"),
                 g_strv_length (leads));
      else
        topic->lead = g_strdup (leads[0]);
    }
  g_ptr_array_add (it->plan->topics, topic);
}

static void
read_locations (HdPlanReader      *it,
                HdPlanGroup *group)
{
  HdPlanEntry *entry;

  if (group == NULL)
    {
      problem (it, end_line (it), "Locations", NULL, _("missing group"));
      return;
    }
  _hd_plan_check_keys (it, group, locations_keys, NULL);
  entry = _hd_plan_require_entry (it, group, "Names");
  if (entry == NULL)
    return;
  g_strfreev (it->plan->locations);
  it->plan->locations = _hd_plan_split_list (entry->value);
  for (guint i = 0; it->plan->locations[i] != NULL; i++)
    {
      if (*it->plan->locations[i] == '\0')
        problem (it, entry->line, group->name, entry->key, _("an empty location name"));
      for (guint j = 0; j < i; j++)
        if (g_str_equal (it->plan->locations[i], it->plan->locations[j]))
          problem (it, entry->line, group->name, entry->key,
                   _("“%s” is listed twice"), it->plan->locations[i]);
    }
}

static void
read_escalation (HdPlanReader      *it,
                 HdPlanGroup *group)
{
  HdPlan *plan = it->plan;
  HdPlanEntry *entry;
  guint index;
  gboolean uses[3] = { FALSE, FALSE, FALSE };

  if (group != NULL)
    {
      _hd_plan_check_keys (it, group, escalation_keys, NULL);
      entry = _hd_plan_get_entry (group, "OnResponseBreach");
      if (entry != NULL && _hd_plan_read_choice (it, group, entry, escalation_ids, &index))
        plan->on_response_breach = index;
      entry = _hd_plan_get_entry (group, "OnResolutionBreach");
      if (entry != NULL && _hd_plan_read_choice (it, group, entry, escalation_ids, &index))
        plan->on_resolution_breach = index;
      entry = _hd_plan_get_entry (group, "Supervisors");
      if (entry != NULL)
        {
          g_strfreev (plan->supervisors);
          plan->supervisors = _hd_plan_read_members (it, group, entry);
        }
    }
  uses[plan->on_response_breach] = uses[plan->on_resolution_breach] = TRUE;

  if (uses[HD_ESCALATE_SUPERVISOR] && plan->supervisors[0] == NULL)
    problem (it, group != NULL ? group->line : end_line (it), "Escalation", "Supervisors",
             _("breaches go to a supervisor, but no supervisor is named"));
  if (uses[HD_ESCALATE_LEAD])
    for (guint i = 0; i < plan->topics->len; i++)
      {
        HdPlanTopic *topic = g_ptr_array_index (plan->topics, i);
        g_autofree char *name = g_strconcat ("Topic ", topic->id, NULL);
        HdPlanGroup *topic_group = named_group (it, name);

        if (topic->lead == NULL && topic_group != NULL && _hd_plan_get_entry (topic_group, "Lead") == NULL)
          problem (it, topic_group->line, name, "Lead",
                   _("missing key: [Escalation] sends breaches to the topic’s lead"));
      }
  if (uses[HD_ESCALATE_SENIOR])
    {
      gboolean any = FALSE;

      for (guint i = 0; i < plan->members->len; i++)
        any |= ((HdPlanMember *) g_ptr_array_index (plan->members, i))->senior;
      if (!any)
        problem (it, group != NULL ? group->line : end_line (it), "Escalation", NULL,
                 _("breaches go to a senior member, but no member has Senior=true"));
    }
}

static void
read_processes (HdPlanReader      *it,
                HdPlanGroup *group)
{
  HdPlan *plan = it->plan;
  HdPlanEntry *entry;
  gint64 seconds;
  guint index;

  if (group == NULL)
    return;
  _hd_plan_check_keys (it, group, processes_keys, NULL);
  entry = _hd_plan_get_entry (group, "Acknowledge");
  if (entry != NULL)
    {
      static const char * const ids[] = { "none", "email", NULL };

      if (_hd_plan_read_choice (it, group, entry, ids, &index))
        plan->acknowledge_by_email = index == 1;
    }
  entry = _hd_plan_get_entry (group, "FollowUpAfter");
  if (entry != NULL)
    {
      if (g_str_equal (entry->value, "response") || g_str_equal (entry->value, "resolution"))
        replace_string (&plan->follow_up_after, entry->value);
      else if (hd_duration_parse (entry->value, &seconds, NULL))
        {
          g_free (plan->follow_up_after);
          plan->follow_up_after = hd_duration_format (seconds);
        }
      else
        problem (it, entry->line, group->name, entry->key,
                 _("“%s” is not response, resolution or a duration like 4h"), entry->value);
    }
  entry = _hd_plan_get_entry (group, "AutoCloseAfter");
  if (entry != NULL && _hd_plan_read_duration (it, group, entry, &seconds))
    plan->auto_close_after = seconds;
  entry = _hd_plan_get_entry (group, "Survey");
  if (entry != NULL)
    _hd_plan_read_boolean (it, group, entry, &plan->survey);
  entry = _hd_plan_get_entry (group, "Feedback");
  if (entry != NULL)
    {
      g_auto(GStrv) ids = _hd_plan_read_members (it, group, entry);

      if (g_strv_length (ids) != 1)
        problem (it, entry->line, group->name, entry->key, _("names %u members; name one"),
                 g_strv_length (ids));
      else
        replace_string (&plan->feedback, ids[0]);
    }
}

/* "Priority high" -> "high" when @group is of @kind. */
static const char *
group_id (HdPlanGroup *group,
          const char  *kind)
{
  gsize len = strlen (kind);

  if (strncmp (group->name, kind, len) == 0 && group->name[len] == ' ' && group->name[len + 1] != '\0')
    return group->name + len + 1;
  return NULL;
}

static void
read_priorities (HdPlanReader *it)
{
  for (guint i = 0; i < it->source->groups->len; i++)
    {
      HdPlanGroup *group = g_ptr_array_index (it->source->groups, i);
      const char *id = group_id (group, "Priority");

      if (id != NULL)
        read_priority (it, group, id);
    }
}

/* Levels the matrix did not already report as missing. */
static void
report_missing_priorities (HdPlanReader *it)
{
  for (guint p = 0; p < HD_N_PRIORITIES; p++)
    if (!it->has_priority[p] && !it->priority_reported[p])
      {
        g_autofree char *name = g_strconcat ("Priority ", hd_priority_to_string (p), NULL);

        problem (it, end_line (it), name, NULL,
                 _("missing group: each level (critical, high, medium, normal) needs one"));
      }
}

static void
read_everything_else (HdPlanReader *it)
{
  static const char * const fixed[] = {
    "Help Desk", "Hours", "Locations", "Matrix", "Escalation", "Processes", NULL,
  };
  GPtrArray *groups = it->source->groups;
  gboolean any_topic = FALSE;

  /* members first: every other group may name them */
  for (guint i = 0; i < groups->len; i++)
    {
      HdPlanGroup *group = g_ptr_array_index (groups, i);
      const char *id = group_id (group, "Member");

      if (id != NULL)
        read_member (it, group, id);
    }
  it->members_read = TRUE;
  if (it->plan->members->len == 0)
    problem (it, end_line (it), "Member", NULL, _("the plan names no team member ([Member ID] groups)"));

  read_matrix (it, named_group (it, "Matrix"));
  report_missing_priorities (it);

  for (guint i = 0; i < groups->len; i++)
    {
      HdPlanGroup *group = g_ptr_array_index (groups, i);
      const char *id;

      if ((id = group_id (group, "Topic")) != NULL)
        {
          read_topic (it, group, id);
          any_topic = TRUE;
        }
      else if (!g_strv_contains (fixed, group->name) &&
               group_id (group, "Member") == NULL && group_id (group, "Priority") == NULL)
        {
          g_autofree char *hint = suggest_group (group->name, fixed);

          if (hint != NULL)
            problem (it, group->line, group->name, NULL, _("unknown group (did you mean [%s]?)"), hint);
          else
            problem (it, group->line, group->name, NULL, _("unknown group"));
        }
    }
  if (!any_topic)
    problem (it, end_line (it), "Topic", NULL, _("the plan names no topic ([Topic ID] groups)"));

  read_locations (it, named_group (it, "Locations"));
  read_escalation (it, named_group (it, "Escalation"));
  read_processes (it, named_group (it, "Processes"));
}

HdPlan *
_hd_plan_interpret (HdPlanSource *source,
                    HdPlanScope   scope)
{
  g_autoptr(HdPlan) plan = g_object_new (HD_TYPE_PLAN, NULL);
  HdPlanReader it = { source, plan, scope };

  read_help_desk (&it, named_group (&it, "Help Desk"));
  read_hours (&it, named_group (&it, "Hours"));
  if (scope != HD_PLAN_SCOPE_CALENDAR)
    read_priorities (&it);
  if (scope == HD_PLAN_SCOPE_SLA)
    report_missing_priorities (&it);
  if (scope == HD_PLAN_SCOPE_FULL)
    read_everything_else (&it);

  if (source->problems->len > 0)
    return NULL;
  build_calendar (plan);
  return g_steal_pointer (&plan);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-plan"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-plan-private.h"
#include "hd-time.h"

G_DEFINE_FINAL_TYPE (HdPlan, hd_plan, G_TYPE_OBJECT)
G_DEFINE_QUARK (hd-plan-error-quark, hd_plan_error)

static const char * const priority_ids[HD_N_PRIORITIES] = {
  "critical", "high", "medium", "normal",
};
static const char * const escalation_ids[] = { "lead", "senior", "supervisor" };

const char *
hd_priority_to_string (HdPriority priority)
{
  g_return_val_if_fail (priority < HD_N_PRIORITIES, NULL);

  return priority_ids[priority];
}

gboolean
hd_priority_from_string (const char *text,
                         HdPriority *priority)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < HD_N_PRIORITIES; i++)
    if (g_str_equal (text, priority_ids[i]))
      {
        if (priority != NULL)
          *priority = i;
        return TRUE;
      }
  return FALSE;
}

const char *
hd_escalation_target_to_string (HdEscalationTarget target)
{
  g_return_val_if_fail (target <= HD_ESCALATE_SUPERVISOR, NULL);

  return escalation_ids[target];
}

/* FILE:LINE: Group/Key: message, the form compilers use, so editors can
 * jump to the line. */
char *
hd_plan_problem_to_string (const HdPlanProblem *problem)
{
  GString *out = g_string_new (problem->file);

  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->line > 0)
    g_string_append_printf (out, ":%u", problem->line);
  g_string_append (out, ": ");
  if (problem->group != NULL)
    {
      g_string_append (out, problem->group);
      if (problem->key != NULL)
        g_string_append_printf (out, "/%s", problem->key);
      g_string_append (out, ": ");
    }
  g_string_append (out, problem->message);
  return g_string_free (out, FALSE);
}

void
hd_plan_problem_free (HdPlanProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->file);
  g_free (problem->group);
  g_free (problem->key);
  g_free (problem->message);
  g_free (problem);
}

char *
_hd_plan_format_range (const HdPlanRange *range)
{
  return g_strdup_printf ("%02d:%02d-%02d:%02d",
                          range->start / 3600, range->start / 60 % 60,
                          range->end / 3600, range->end / 60 % 60);
}

void
_hd_plan_member_free (HdPlanMember *member)
{
  g_free (member->id);
  g_free (member->name);
  g_free (member->role);
  g_free (member->email);
  g_free (member->phone);
  g_free (member);
}

void
_hd_plan_topic_free (HdPlanTopic *topic)
{
  g_free (topic->id);
  g_free (topic->label);
  g_strfreev (topic->team);
  g_free (topic->lead);
  g_free (topic);
}

void
_hd_plan_choice_free (HdPlanChoice *choice)
{
  g_free (choice->id);
  g_free (choice->label);
  g_free (choice);
}

static void
hd_plan_finalize (GObject *object)
{
  HdPlan *self = (HdPlan *) object;

  g_free (self->name);
  g_free (self->purpose);
  g_free (self->email);
  g_free (self->phone);
  g_free (self->hours_posted);
  g_free (self->commitments);
  g_strfreev (self->channels);
  g_clear_pointer (&self->zone, hd_zone_unref);
  for (guint d = 0; d < 7; d++)
    g_array_unref (self->hours[d]);
  g_array_unref (self->holidays);
  g_strfreev (self->locations);
  for (guint p = 0; p < HD_N_PRIORITIES; p++)
    {
      g_free (self->priorities[p].label);
      g_free (self->priorities[p].description);
    }
  g_ptr_array_unref (self->scopes);
  g_ptr_array_unref (self->effects);
  g_free (self->matrix);
  g_ptr_array_unref (self->topics);
  g_ptr_array_unref (self->members);
  g_strfreev (self->supervisors);
  g_free (self->follow_up_after);
  g_free (self->feedback);
  g_clear_object (&self->calendar);

  G_OBJECT_CLASS (hd_plan_parent_class)->finalize (object);
}

static void
hd_plan_class_init (HdPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hd_plan_finalize;
}

static void
hd_plan_init (HdPlan *self)
{
  for (guint d = 0; d < 7; d++)
    self->hours[d] = g_array_new (FALSE, FALSE, sizeof (HdPlanRange));
  self->holidays = g_array_new (FALSE, FALSE, sizeof (HdPlanHoliday));
  self->locations = g_new0 (char *, 1);
  for (guint p = 0; p < HD_N_PRIORITIES; p++)
    {
      self->priorities[p].priority = p;
      self->priorities[p].id = priority_ids[p];
    }
  self->scopes = g_ptr_array_new_with_free_func ((GDestroyNotify) _hd_plan_choice_free);
  self->effects = g_ptr_array_new_with_free_func ((GDestroyNotify) _hd_plan_choice_free);
  self->topics = g_ptr_array_new_with_free_func ((GDestroyNotify) _hd_plan_topic_free);
  self->members = g_ptr_array_new_with_free_func ((GDestroyNotify) _hd_plan_member_free);
  self->on_response_breach = HD_ESCALATE_LEAD;
  self->on_resolution_breach = HD_ESCALATE_SUPERVISOR;
  self->supervisors = g_new0 (char *, 1);
  self->follow_up_after = g_strdup ("response");
  self->auto_close_after = -1;
}

/* Turns the problems of @source into the caller's list and a GError whose
 * message holds them all, one per line. */
static HdPlan *
report_problems (HdPlanSource  *source,
                 GPtrArray    **problems,
                 GError       **error)
{
  GString *message = g_string_new (NULL);

  g_assert (source->problems->len > 0);

  for (guint i = 0; i < source->problems->len; i++)
    {
      g_autofree char *line = hd_plan_problem_to_string (g_ptr_array_index (source->problems, i));

      g_string_append_printf (message, "%s%s", i > 0 ? "\n" : "", line);
    }
  g_set_error_literal (error, HD_PLAN_ERROR, HD_PLAN_ERROR_INVALID, message->str);
  g_string_free (message, TRUE);
  if (problems != NULL)
    *problems = g_ptr_array_ref (source->problems);
  return NULL;
}

HdPlan *
hd_plan_load_from_data (const char   *data,
                        gsize         length,
                        const char   *file_name,
                        HdPlanScope   scope,
                        GPtrArray   **problems,
                        GError      **error)
{
  g_autoptr(HdPlanSource) source = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (problems != NULL)
    *problems = NULL;
  source = _hd_plan_source_new (file_name);
  _hd_plan_source_read_keyfile (source, data != NULL ? data : "", length);
  if (source->problems->len == 0)
    {
      HdPlan *plan = _hd_plan_interpret (source, scope);

      if (plan != NULL)
        return plan;
    }
  return report_problems (source, problems, error);
}

/* Reads and validates the plan at @path. On problems with its contents,
 * NULL with HD_PLAN_ERROR_INVALID and, in @problems, every problem found;
 * when the file cannot be read, a GFileError. */
HdPlan *
hd_plan_load (const char   *path,
              HdPlanScope   scope,
              GPtrArray   **problems,
              GError      **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (problems != NULL)
    *problems = NULL;
  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;
  return hd_plan_load_from_data (data, length, path, scope, problems, error);
}

/* The plan as the server serves it: validated exactly like a key file. */
HdPlan *
hd_plan_new_from_json (JsonNode  *node,
                       GError   **error)
{
  g_autoptr(HdPlanSource) source = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  source = _hd_plan_source_new (_("plan JSON"));
  if (_hd_plan_source_read_json (source, node))
    {
      HdPlan *plan = _hd_plan_interpret (source, HD_PLAN_SCOPE_FULL);

      if (plan != NULL)
        return plan;
    }
  return report_problems (source, NULL, error);
}

const char *
hd_plan_get_name (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return self->name;
}

const char *
hd_plan_get_purpose (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return self->purpose;
}

const char *
hd_plan_get_email (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return self->email;
}

const char *
hd_plan_get_phone (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return self->phone;
}

const char *
hd_plan_get_hours_posted (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return self->hours_posted;
}

const char *
hd_plan_get_commitments (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return self->commitments;
}

const char * const *
hd_plan_get_channels (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return (const char * const *) self->channels;
}

const char * const *
hd_plan_get_locations (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return (const char * const *) self->locations;
}

HdCalendar *
hd_plan_get_calendar (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return self->calendar;
}

HdZone *
hd_plan_get_zone (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return self->zone;
}

/* @instant in the district's own time, "Monday, November 30, 2026 at
 * 07:30 CST", as deadlines are told to people; -1 is a stopped clock. */
char *
hd_plan_format_local_time (HdPlan *self,
                           gint64  instant)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (HD_IS_PLAN (self), NULL);

  if (instant < 0)
    return g_strdup (_("not set: the clock is stopped"));
  tz = g_time_zone_new_identifier (hd_zone_get_identifier (self->zone));
  utc = g_date_time_new_from_unix_utc (instant);
  local = g_date_time_to_timezone (utc, tz);
  /* TRANSLATORS: a deadline in the district's time, as g_date_time_format()
   * writes it: "Tuesday, November 24, 2026 at 16:50 CST" */
  return g_date_time_format (local, _("%A, %B %-d, %Y at %H:%M %Z"));
}

/* "07:30-12:00, 12:30-16:30", or NULL when closed all day. */
char *
hd_plan_format_day_hours (HdPlan *self,
                          int     weekday)
{
  GString *out;

  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  g_return_val_if_fail (weekday >= 0 && weekday < 7, NULL);

  if (self->hours[weekday]->len == 0)
    return NULL;
  out = g_string_new (NULL);
  for (guint i = 0; i < self->hours[weekday]->len; i++)
    {
      g_autofree char *range = _hd_plan_format_range (&g_array_index (self->hours[weekday], HdPlanRange, i));

      g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", range);
    }
  return g_string_free (out, FALSE);
}

const HdPlanPriority *
hd_plan_get_priority (HdPlan     *self,
                      HdPriority  priority)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  g_return_val_if_fail (priority < HD_N_PRIORITIES, NULL);
  return &self->priorities[priority];
}

const GPtrArray *
hd_plan_get_scopes (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return self->scopes;
}

const GPtrArray *
hd_plan_get_effects (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return self->effects;
}

static gint
choice_index (const GPtrArray *choices,
              const char      *id)
{
  for (guint i = 0; i < choices->len; i++)
    if (g_str_equal (((HdPlanChoice *) g_ptr_array_index (choices, i))->id, id))
      return i;
  return -1;
}

/* The scope or effect (from hd_plan_get_scopes() or _effects()) @id. */
const HdPlanChoice *
hd_plan_find_choice (const GPtrArray *choices,
                     const char      *id)
{
  gint index;

  g_return_val_if_fail (choices != NULL && id != NULL, NULL);

  index = choice_index (choices, id);
  return index >= 0 ? g_ptr_array_index (choices, index) : NULL;
}

/* The priority the matrix gives a ticket of @scope and @effect; FALSE
 * when the plan has no such scope or effect. */
gboolean
hd_plan_lookup_matrix (HdPlan     *self,
                       const char *scope,
                       const char *effect,
                       HdPriority *priority)
{
  gint s, e;

  g_return_val_if_fail (HD_IS_PLAN (self), FALSE);
  g_return_val_if_fail (scope != NULL && effect != NULL, FALSE);

  s = choice_index (self->scopes, scope);
  e = choice_index (self->effects, effect);
  if (s < 0 || e < 0)
    return FALSE;
  if (priority != NULL)
    *priority = self->matrix[s * self->effects->len + e];
  return TRUE;
}

const GPtrArray *
hd_plan_get_topics (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return self->topics;
}

const HdPlanTopic *
hd_plan_find_topic (HdPlan     *self,
                    const char *id)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->topics->len; i++)
    {
      const HdPlanTopic *topic = g_ptr_array_index (self->topics, i);

      if (g_str_equal (topic->id, id))
        return topic;
    }
  return NULL;
}

const GPtrArray *
hd_plan_get_members (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return self->members;
}

const HdPlanMember *
hd_plan_find_member (HdPlan     *self,
                     const char *id)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->members->len; i++)
    {
      const HdPlanMember *member = g_ptr_array_index (self->members, i);

      if (g_str_equal (member->id, id))
        return member;
    }
  return NULL;
}

HdEscalationTarget
hd_plan_get_on_response_breach (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), HD_ESCALATE_LEAD);
  return self->on_response_breach;
}

HdEscalationTarget
hd_plan_get_on_resolution_breach (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), HD_ESCALATE_SUPERVISOR);
  return self->on_resolution_breach;
}

const char * const *
hd_plan_get_supervisors (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return (const char * const *) self->supervisors;
}

/* Who takes over a ticket of @topic, now @assignee's, when a breach goes
 * to @target: the topic's lead, or a senior member other than the
 * assignee (of the topic's team first, else any). NULL when there is
 * nobody to hand it to, and for HD_ESCALATE_SUPERVISOR: supervisors are
 * told, the ticket stays where it is. */
const char *
hd_plan_escalation_member (HdPlan             *self,
                           const char         *topic,
                           const char         *assignee,
                           HdEscalationTarget  target)
{
  const HdPlanTopic *t;

  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  g_return_val_if_fail (topic != NULL, NULL);

  t = hd_plan_find_topic (self, topic);
  if (target == HD_ESCALATE_LEAD)
    return t != NULL ? t->lead : NULL;
  if (target != HD_ESCALATE_SENIOR)
    return NULL;
  for (guint i = 0; t != NULL && t->team[i] != NULL; i++)
    {
      const HdPlanMember *m = hd_plan_find_member (self, t->team[i]);

      if (m != NULL && m->senior && g_strcmp0 (m->id, assignee) != 0)
        return m->id;
    }
  for (guint i = 0; i < self->members->len; i++)
    {
      const HdPlanMember *m = g_ptr_array_index (self->members, i);

      if (m->senior && g_strcmp0 (m->id, assignee) != 0)
        return m->id;
    }
  return NULL;
}

gboolean
hd_plan_get_acknowledge_by_email (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), FALSE);
  return self->acknowledge_by_email;
}

/* "response", "resolution" or a duration like "4h": when a requester may
 * follow up, counted from the ticket's creation. */
const char *
hd_plan_get_follow_up_after (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return self->follow_up_after;
}

/* Business seconds after "resolved" before a ticket closes; -1: never. */
gint64
hd_plan_get_auto_close_after (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), -1);
  return self->auto_close_after;
}

gboolean
hd_plan_get_survey (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), FALSE);
  return self->survey;
}

const char *
hd_plan_get_feedback (HdPlan *self)
{
  g_return_val_if_fail (HD_IS_PLAN (self), NULL);
  return self->feedback;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hd-fuzz.h"
#include "hd-json.h"
#include "hd-plan.h"
#include "hd-time.h"

/* libFuzzer target: the text of a plan file, read as helpdesk-cli plan
 * check and the server read it. Beyond not crashing:
 *
 * - a plan that does not load says why, each problem with a message and
 *   a line inside the file;
 * - a plan that loads also loads with the narrower scopes the app uses;
 * - it survives the JSON the server serves it as: the plan read back from
 *   hd_plan_to_json() gives the same JSON again, so a client computes its
 *   deadlines from the plan the server has. */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define FILE_NAME "fuzz.plan"

static void
fail (const char *what,
      const char *detail)
{
  hd_fuzz_fail ("fuzz-plan", what, detail);
}

static guint
count_lines (const char *data,
             size_t      size)
{
  guint lines = 1;

  for (size_t i = 0; i < size; i++)
    lines += data[i] == '\n';
  return lines;
}

static void
check_problems (GPtrArray  *problems,
                const char *data,
                size_t      size)
{
  guint lines = count_lines (data, size);

  if (problems == NULL || problems->len == 0)
    fail ("a plan that does not load reports no problem", NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      const HdPlanProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *text = hd_plan_problem_to_string (p);

      if (p->message == NULL || *p->message == '\0')
        fail ("a problem without a message", text);
      if (p->line > lines)
        fail ("a problem on a line past the end of the file", text);
    }
}

static char *
plan_json (HdPlan *plan)
{
  g_autoptr(JsonNode) node = hd_plan_to_json (plan);

  return hd_json_to_string (node);
}

static void
check_round_trip (HdPlan *plan)
{
  g_autofree char *first = plan_json (plan);
  g_autoptr(JsonNode) node = hd_json_parse (first, strlen (first), G_MAXSIZE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HdPlan) again = NULL;
  g_autofree char *second = NULL;

  if (node == NULL)
    fail ("hd_plan_to_json() is not JSON that hd_json_parse() reads", first);
  again = hd_plan_new_from_json (node, &error);
  if (again == NULL)
    fail ("the plan's own JSON does not load", error->message);
  second = plan_json (again);
  if (g_strcmp0 (first, second) != 0)
    {
      fprintf (stderr, "first:  %s\nsecond: %s\n", first, second);
      fail ("the plan read back from its JSON is not the same plan", NULL);
    }
}

/* What the programs ask a plan once it is loaded. */
static void
exercise (HdPlan *plan)
{
  HdCalendar *calendar = hd_plan_get_calendar (plan);
  const GPtrArray *scopes = hd_plan_get_scopes (plan);
  const GPtrArray *effects = hd_plan_get_effects (plan);
  const GPtrArray *topics = hd_plan_get_topics (plan);
  gint64 now = G_GINT64_CONSTANT (1790000000);   /* 2026-09-21 */

  for (int day = 0; day < 7; day++)
    g_free (hd_plan_format_day_hours (plan, day));
  g_free (hd_plan_format_local_time (plan, now));
  for (guint s = 0; s < scopes->len; s++)
    for (guint e = 0; e < effects->len; e++)
      {
        const HdPlanChoice *scope = g_ptr_array_index (scopes, s);
        const HdPlanChoice *effect = g_ptr_array_index (effects, e);
        HdPriority priority;

        if (!hd_plan_lookup_matrix (plan, scope->id, effect->id, &priority))
          fail ("a scope and effect of the plan have no priority", scope->id);
      }
  for (int p = 0; p < HD_N_PRIORITIES; p++)
    {
      const HdPlanPriority *priority = hd_plan_get_priority (plan, p);
      gint64 due;

      if (priority == NULL)
        continue;
      due = hd_calendar_add (calendar, now, priority->resolution);
      if (due != HD_TIME_NEVER && hd_calendar_elapsed (calendar, now, due) != priority->resolution)
        fail ("a resolution deadline is not its target's open time away", priority->id);
    }
  for (guint t = 0; t < topics->len; t++)
    {
      const HdPlanTopic *topic = g_ptr_array_index (topics, t);

      for (HdEscalationTarget target = HD_ESCALATE_LEAD; target <= HD_ESCALATE_SUPERVISOR; target++)
        hd_plan_escalation_member (plan, topic->id, topic->lead, target);
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HdPlan) plan = NULL;

  plan = hd_plan_load_from_data (text, size, FILE_NAME, HD_PLAN_SCOPE_FULL, &problems, &error);
  if (plan == NULL)
    {
      if (error == NULL)
        fail ("a plan that does not load sets no error", NULL);
      if (g_error_matches (error, HD_PLAN_ERROR, HD_PLAN_ERROR_INVALID))
        check_problems (problems, text, size);
      return 0;
    }

  for (HdPlanScope scope = HD_PLAN_SCOPE_CALENDAR; scope <= HD_PLAN_SCOPE_SLA; scope++)
    {
      g_autoptr(GError) scope_error = NULL;
      g_autoptr(HdPlan) narrower = hd_plan_load_from_data (text, size, FILE_NAME, scope, NULL, &scope_error);

      if (narrower == NULL)
        fail ("a plan that loads whole does not load in part", scope_error->message);
    }
  check_round_trip (plan);
  exercise (plan);
  return 0;
}

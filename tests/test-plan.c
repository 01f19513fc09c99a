/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hd-test-util.h"
#include "hd-time.h"

static char *
source_path (const char *first,
             ...)
{
  va_list args;
  GString *path = g_string_new (g_getenv ("HD_SOURCE_DIR"));
  const char *part = first;

  va_start (args, first);
  for (; part != NULL; part = va_arg (args, const char *))
    g_string_append_printf (path, "/%s", part);
  va_end (args);
  return g_string_free (path, FALSE);
}

static HdPlan *
example (void)
{
  g_autofree char *path = source_path ("data", "plans", "example-district.plan", NULL);
  g_autoptr(GError) error = NULL;
  HdPlan *plan = hd_plan_load (path, HD_PLAN_SCOPE_FULL, NULL, &error);

  g_assert_no_error (error);
  return plan;
}

static GPtrArray *
problems_of (const char  *text,
             HdPlanScope  scope)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *problems = NULL;
  HdPlan *plan = hd_plan_load_from_data (text, strlen (text), "t.plan", scope, &problems, &error);

  g_assert_null (plan);
  g_assert_error (error, HD_PLAN_ERROR, HD_PLAN_ERROR_INVALID);
  g_assert_nonnull (problems);
  return problems;
}

static void
assert_problem (GPtrArray  *problems,
                guint       index,
                guint       line,
                const char *group,
                const char *key,
                const char *fragment)
{
  HdPlanProblem *p;

  g_assert_cmpuint (index, <, problems->len);
  p = g_ptr_array_index (problems, index);
  g_assert_cmpuint (p->line, ==, line);
  g_assert_cmpstr (p->group, ==, group);
  g_assert_cmpstr (p->key, ==, key);
  if (strstr (p->message, fragment) == NULL)
    g_error ("“%s” does not say “%s”", p->message, fragment);
}

/* Every file of tests/plans/bad names its problems in "# expect: LINE
 * GROUP/KEY" comments; the reader must find exactly those. */
static void
test_bad_corpus (void)
{
  g_autofree char *dir_path = source_path ("tests", "plans", "bad", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint files = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(HdPlan) plan = NULL;
      guint expected = 0;

      if (!g_str_has_suffix (name, ".plan"))
        continue;
      files++;
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      plan = hd_plan_load (path, HD_PLAN_SCOPE_FULL, &problems, &error);
      g_assert_null (plan);
      g_assert_error (error, HD_PLAN_ERROR, HD_PLAN_ERROR_INVALID);

      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          guint line;
          char where[256];
          gboolean found = FALSE;

          if (sscanf (lines[i], "# expect: %u %255[^\n]", &line, where) != 2)
            continue;
          expected++;
          for (guint j = 0; j < problems->len; j++)
            {
              HdPlanProblem *p = g_ptr_array_index (problems, j);
              g_autofree char *got = g_strdup_printf ("%s/%s", p->group, p->key ? p->key : "");

              found |= p->line == line && g_str_equal (got, where) && g_str_equal (p->file, path);
            }
          if (!found)
            g_error ("%s: no problem reported at line %u for %s:\n%s", name, line, where, error->message);
        }
      g_assert_cmpuint (expected, >, 0);
      if (problems->len != expected)
        g_error ("%s: %u problems expected, got:\n%s", name, expected, error->message);
    }
  g_assert_cmpuint (files, >=, 20);
}

static void
test_example (void)
{
  g_autoptr(HdPlan) plan = example ();
  const HdPlanPriority *critical = hd_plan_get_priority (plan, HD_PRIORITY_CRITICAL);
  HdPriority priority;
  const HdPlanTopic *topic;

  g_assert_cmpstr (hd_zone_get_identifier (hd_plan_get_zone (plan)), ==, "America/Chicago");
  g_assert_cmpint (critical->response, ==, 30 * 60);
  g_assert_cmpint (critical->resolution, ==, 4 * 3600);
  g_assert_true (hd_plan_lookup_matrix (plan, "few", "blocked", &priority));
  g_assert_cmpint (priority, ==, HD_PRIORITY_CRITICAL);
  g_assert_true (hd_plan_lookup_matrix (plan, "many", "inconvenience", &priority));
  g_assert_cmpint (priority, ==, HD_PRIORITY_HIGH);
  g_assert_false (hd_plan_lookup_matrix (plan, "everyone", "blocked", &priority));
  g_assert_cmpuint (g_strv_length ((GStrv) hd_plan_get_locations (plan)), >=, 5);
  g_assert_cmpuint (hd_plan_get_topics (plan)->len, >=, 6);
  g_assert_cmpuint (hd_plan_get_members (plan)->len, >=, 7);
  topic = hd_plan_find_topic (plan, "classroom-av");
  g_assert_nonnull (topic);
  for (guint i = 0; topic->team[i] != NULL; i++)
    g_assert_nonnull (hd_plan_find_member (plan, topic->team[i]));
  g_assert_true (hd_plan_get_acknowledge_by_email (plan));
  g_assert_true (hd_plan_get_survey (plan));
  g_assert_cmpint (hd_plan_get_auto_close_after (plan), ==, 24 * 3600);
  g_assert_nonnull (hd_plan_find_member (plan, hd_plan_get_supervisors (plan)[0]));
  /* Thanksgiving is a holiday in the example district */
  g_assert_false (hd_calendar_is_open (hd_plan_get_calendar (plan), hd_test_instant ("2026-11-26T16:00:00Z")));
}

static char *
to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static void
test_json_round_trip (void)
{
  g_autoptr(HdPlan) plan = example ();
  g_autoptr(JsonNode) first = hd_plan_to_json (plan);
  g_autofree char *first_text = to_text (first);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HdPlan) copy = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autofree char *second_text = NULL;

  g_assert_true (json_parser_load_from_data (parser, first_text, -1, &error));
  copy = hd_plan_new_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  second = hd_plan_to_json (copy);
  second_text = to_text (second);
  g_assert_cmpstr (first_text, ==, second_text);
  g_assert_cmpint (hd_calendar_get_week_seconds (hd_plan_get_calendar (copy)), ==,
                   hd_calendar_get_week_seconds (hd_plan_get_calendar (plan)));
  g_assert_nonnull (strstr (first_text, "\"response\" : 1800"));
}

static void
test_json_round_trip_escapes (void)
{
  g_autoptr(HdPlan) plan = example ();
  g_autoptr(JsonNode) node = hd_plan_to_json (plan);
  JsonObject *root = json_node_get_object (node);
  JsonArray *locations = json_object_get_array_member (root, "locations");
  g_autoptr(HdPlan) copy = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (root, "name", "Back\\slash; semi\nnew line");
  json_array_add_string_element (locations, "Annex; Room #12");
  copy = hd_plan_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hd_plan_get_name (copy), ==, "Back\\slash; semi\nnew line");
  g_assert_true (g_strv_contains (hd_plan_get_locations (copy), "Annex; Room #12"));
}

static void
test_json_bad (void)
{
  static const struct { const char *json; const char *fragment; } cases[] = {
    { "[]", "must be an object" },
    { "{\"name\": 3}", "name: must be a string" },
    { "{\"time_zone\": \"Mars/Olympus\"}", "unknown time zone" },
    { "{\"time_zone\": \"UTC\", \"hours\": {\"monday\": \"9-5\"}}", "hours/monday: must be an array" },
    { "{\"time_zone\": \"UTC\", \"priorities\": [{\"id\": \"critical\", \"response\": \"30m\"}]}",
      "response: must be a whole number" },
    { "{\"time_zone\": \"UTC\", \"priorities\": [{\"id\": \"critical\", \"response\": -5}]}",
      "response: must be a whole number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(HdPlan) plan = NULL;

      g_assert_true (json_parser_load_from_data (parser, cases[i].json, -1, NULL));
      plan = hd_plan_new_from_json (json_parser_get_root (parser), &error);
      g_assert_null (plan);
      g_assert_error (error, HD_PLAN_ERROR, HD_PLAN_ERROR_INVALID);
      if (strstr (error->message, cases[i].fragment) == NULL)
        g_error ("%s: “%s” does not say “%s”", cases[i].json, error->message, cases[i].fragment);
    }
}

static void
test_syntax (void)
{
  g_autoptr(HdPlan) plan = hd_test_plan_from_text (
      "\xef\xbb\xbf# a comment\r\n"
      "[Help Desk]          # trailing comment\r\n"
      "  TimeZone = America/Chicago\n"
      "[Hours]\n"
      "Monday=07:30-12:00; 12:30-16:30   # lunch\n"
      "Saturday=                    # closed\n"
      "Tuesday=7:30-16:30\n",
      HD_PLAN_SCOPE_CALENDAR);
  g_autofree char *monday = hd_plan_format_day_hours (plan, 0);
  g_autofree char *tuesday = hd_plan_format_day_hours (plan, 1);

  g_assert_cmpstr (monday, ==, "07:30-12:00, 12:30-16:30");
  g_assert_cmpstr (tuesday, ==, "07:30-16:30");
  g_assert_null (hd_plan_format_day_hours (plan, 5));
  g_assert_cmpint (hd_calendar_get_week_seconds (hd_plan_get_calendar (plan)), ==, (8 * 60 + 30 + 9 * 60) * 60);
}

static void
test_syntax_problems (void)
{
  g_autoptr(GPtrArray) problems = problems_of (
      "Name=before any group\n"
      "[Help Desk]\n"
      "TimeZone=UTC\n"
      "[Hours\n"
      "[Hours]\n"
      "=07:30\n"
      "Monday=09:00-17:00\n"
      "[Hours]\n"
      "Tuesday=09:00-17:00\n"
      "Wednesday=09:00-\xff\n",
      HD_PLAN_SCOPE_CALENDAR);

  assert_problem (problems, 0, 1, NULL, NULL, "before the first group");
  assert_problem (problems, 1, 4, "Hours", NULL, "no closing");
  assert_problem (problems, 2, 6, "Hours", NULL, "no key");
  assert_problem (problems, 3, 8, "Hours", NULL, "duplicate group (first at line 5)");
  assert_problem (problems, 4, 10, "Hours", NULL, "not valid UTF-8");
  g_assert_cmpuint (problems->len, ==, 5);
}

static void
test_value_problems (void)
{
  g_autoptr(GPtrArray) problems = problems_of (
      "[Help Desk]\n"
      "TimeZone=America/Chicago\n"
      "[Hours]\n"
      "Monday=09:00-17:00;24:00-24:00\n"
      "Tuesday=09:00-09:00\n"
      "Wednesday=09:00-12:00;12:00-17:00\n"
      "Thursday=08:00-12:00;09:00-10:00;11:30-13:00\n"
      "Friday=08:60-09:00\n"
      "Holidays=2026-12-25;2026-12-24..;2026-12-32\n",
      HD_PLAN_SCOPE_CALENDAR);

  assert_problem (problems, 0, 4, "Hours", "Monday", "“24:00-24:00” is not a time range");
  assert_problem (problems, 1, 5, "Hours", "Tuesday", "is empty");
  assert_problem (problems, 2, 7, "Hours", "Thursday", "08:00-12:00 and 09:00-10:00 overlap");
  assert_problem (problems, 3, 7, "Hours", "Thursday", "08:00-12:00 and 11:30-13:00 overlap");
  assert_problem (problems, 4, 8, "Hours", "Friday", "not a time range");
  assert_problem (problems, 5, 9, "Hours", "Holidays", "“” is not a date");
  assert_problem (problems, 6, 9, "Hours", "Holidays", "“2026-12-32” is not a date");
  g_assert_cmpuint (problems->len, ==, 7);
}

static void
test_missing_groups (void)
{
  g_autoptr(GPtrArray) problems = problems_of ("# nothing\n\n", HD_PLAN_SCOPE_FULL);
  g_autoptr(GString) all = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = hd_plan_problem_to_string (g_ptr_array_index (problems, i));

      g_string_append_printf (all, "%s\n", line);
    }
  g_assert_nonnull (strstr (all->str, "t.plan:2: Help Desk: missing group\n"));
  g_assert_nonnull (strstr (all->str, "t.plan:2: Hours: missing group\n"));
  g_assert_nonnull (strstr (all->str, "t.plan:2: Matrix: missing group\n"));
  g_assert_nonnull (strstr (all->str, "t.plan:2: Locations: missing group\n"));
  g_assert_nonnull (strstr (all->str, "t.plan:2: Priority critical: missing group"));
  g_assert_nonnull (strstr (all->str, "t.plan:2: Priority normal: missing group"));
  g_assert_nonnull (strstr (all->str, "no topic"));
  g_assert_nonnull (strstr (all->str, "no team member"));
}

static void
test_scopes (void)
{
  /* deadlines need only the zone and hours; a bad [Matrix] does not matter */
  static const char text[] =
    "[Help Desk]\nTimeZone=UTC\n[Hours]\nMonday=09:00-17:00\n[Matrix]\nfew=urgent\n";
  g_autoptr(HdPlan) plan = hd_test_plan_from_text (text, HD_PLAN_SCOPE_CALENDAR);
  g_autoptr(GPtrArray) sla = problems_of (text, HD_PLAN_SCOPE_SLA);
  g_autoptr(GPtrArray) full = problems_of (text, HD_PLAN_SCOPE_FULL);

  g_assert_cmpuint (sla->len, ==, 4);
  assert_problem (sla, 0, 6, "Priority critical", NULL, "missing group");
  g_assert_cmpuint (full->len, >, sla->len);
}

static void
test_unreadable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(HdPlan) plan = hd_plan_load ("/nonexistent/district.plan", HD_PLAN_SCOPE_FULL, &problems, &error);

  g_assert_null (plan);
  g_assert_null (problems);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plan/bad-corpus", test_bad_corpus);
  g_test_add_func ("/plan/example", test_example);
  g_test_add_func ("/plan/json-round-trip", test_json_round_trip);
  g_test_add_func ("/plan/json-round-trip-escapes", test_json_round_trip_escapes);
  g_test_add_func ("/plan/json-bad", test_json_bad);
  g_test_add_func ("/plan/syntax", test_syntax);
  g_test_add_func ("/plan/syntax-problems", test_syntax_problems);
  g_test_add_func ("/plan/value-problems", test_value_problems);
  g_test_add_func ("/plan/missing-groups", test_missing_groups);
  g_test_add_func ("/plan/scopes", test_scopes);
  g_test_add_func ("/plan/unreadable", test_unreadable);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hd-duration.h"
#include "hd-test-util.h"
#include "hd-time.h"

/* The reference cases of tests/calendar-cases/cases.txt, taken from the
 * test suites of established business-hours libraries: one test per
 * line, named after its line number. */

typedef struct {
  char  *dir;
  char  *line;
  guint  number;
} Case;

static void
case_free (gpointer data)
{
  Case *c = data;

  g_free (c->dir);
  g_free (c->line);
  g_free (c);
}

static HdCalendar *
calendar_for (const char *dir,
              const char *name)
{
  static GHashTable *plans;
  HdPlan *plan;

  if (plans == NULL)
    plans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  plan = g_hash_table_lookup (plans, name);
  if (plan == NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;

      plan = hd_plan_load (path, HD_PLAN_SCOPE_CALENDAR, NULL, &error);
      g_assert_no_error (error);
      g_hash_table_insert (plans, g_strdup (name), plan);
    }
  return hd_plan_get_calendar (plan);
}

static void
run_case (gconstpointer data)
{
  const Case *c = data;
  g_auto(GStrv) f = g_strsplit (c->line, " ", -1);
  HdCalendar *calendar;
  gint64 duration;

  g_assert_cmpuint (g_strv_length (f), ==, 5);
  calendar = calendar_for (c->dir, f[1]);
  if (g_str_equal (f[0], "elapsed"))
    {
      gint64 got = hd_calendar_elapsed (calendar, hd_test_instant (f[2]), hd_test_instant (f[3]));

      g_assert_cmpint (got, ==, g_ascii_strtoll (f[4], NULL, 10));
      return;
    }
  g_assert_true (hd_duration_parse (f[3], &duration, NULL));
  if (g_str_equal (f[0], "add"))
    hd_test_assert_instant (hd_calendar_add (calendar, hd_test_instant (f[2]), duration), f[4]);
  else if (g_str_equal (f[0], "subtract"))
    hd_test_assert_instant (hd_calendar_subtract (calendar, hd_test_instant (f[2]), duration), f[4]);
  else
    g_error ("line %u: unknown operation %s", c->number, f[0]);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = g_build_filename (g_getenv ("HD_SOURCE_DIR"), "tests", "calendar-cases", NULL);
  g_autofree char *path = g_build_filename (dir, "cases.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      Case *c;
      g_autofree char *test_path = NULL;

      g_strstrip (lines[i]);
      if (*lines[i] == '\0' || *lines[i] == '#')
        continue;
      c = g_new0 (Case, 1);
      c->dir = g_strdup (dir);
      c->line = g_strdup (lines[i]);
      c->number = i + 1;
      test_path = g_strdup_printf ("/calendar-cases/line-%u", i + 1);
      g_test_add_data_func_full (test_path, c, run_case, case_free);
    }
  return g_test_run ();
}

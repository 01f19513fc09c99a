/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib.h>

/* helpdesk-cli run as a district admin would: the built binary, its exit
 * status, what it prints and where. */

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static char *example_plan;
static char *bad_dir;

static void
run_cli (Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg = first;
  va_list args;
  int wait_status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("HD_CLI"));
  va_start (args, first);
  for (; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static void
assert_usage_error (Run *run, const char *fragment)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpuint (count_lines (run->err), ==, 1);
  if (strstr (run->err, fragment) == NULL)
    g_error ("“%s” does not say “%s”", run->err, fragment);
}

static void
test_check_good (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "plan", "check", example_plan, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "The plan is valid."));
  g_assert_nonnull (strstr (run.out, "hours a week"));
  g_assert_nonnull (strstr (run.out, "Critical   30m        4h         10m"));
  g_assert_nonnull (strstr (run.out, "Topics and their team:"));
  g_assert_nonnull (strstr (run.out, "Escalation chain:"));
}

static void
test_check_bad (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *path = g_build_filename (bad_dir, "two-problems.plan", NULL);
  g_autofree char *first = g_strdup_printf ("%s:19: Hours/Thursday: ", path);
  g_autofree char *second = g_strdup_printf ("%s:91: Member carol/Senior: ", path);

  run_cli (&run, "plan", "check", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (count_lines (run.out), ==, 2);
  g_assert_true (g_str_has_prefix (run.out, first));
  g_assert_nonnull (strstr (run.out, second));
}

static void
test_deadline (void)
{
  g_auto(Run) critical = { 0 };
  g_auto(Run) add = { 0 };
  g_auto(Run) subtract = { 0 };
  g_auto(Run) negative_offset = { 0 };

  /* Tuesday 16:50 CST, closed, then Thanksgiving break: Monday 07:00 + 30m,
   * and + 4h inside Monday's 07:00-11:30 */
  run_cli (&critical, "plan", "deadline", example_plan, "--from", "2026-11-24T22:50:00Z",
           "--priority", "critical", NULL);
  g_assert_cmpint (critical.status, ==, 0);
  g_assert_cmpstr (critical.out, ==, "2026-11-30T13:30:00Z\n2026-11-30T17:00:00Z\n");

  run_cli (&add, "plan", "deadline", example_plan, "--from", "2026-12-04T17:00:00Z", "--add", "4h", NULL);
  g_assert_cmpint (add.status, ==, 0);
  g_assert_cmpstr (add.out, ==, "2026-12-07T16:00:00Z\n");

  run_cli (&subtract, "plan", "deadline", example_plan, "--from", "2026-12-07T16:00:00Z",
           "--subtract", "4h", NULL);
  g_assert_cmpstr (subtract.out, ==, "2026-12-04T17:00:00Z\n");

  run_cli (&negative_offset, "plan", "deadline", example_plan, "--from", "2026-12-04T11:00:00-06:00",
           "--add=4h", NULL);
  g_assert_cmpstr (negative_offset.out, ==, "2026-12-07T16:00:00Z\n");
}

static void
test_elapsed (void)
{
  g_auto(Run) forward = { 0 };
  g_auto(Run) backward = { 0 };

  run_cli (&forward, "plan", "elapsed", example_plan, "--from", "2026-12-04T17:00:00Z",
           "--to", "2026-12-07T16:00:00Z", NULL);
  g_assert_cmpint (forward.status, ==, 0);
  g_assert_cmpstr (forward.out, ==, "14400\n");
  run_cli (&backward, "plan", "elapsed", example_plan, "--to", "2026-12-04T17:00:00Z",
           "--from", "2026-12-07T16:00:00Z", NULL);
  g_assert_cmpstr (backward.out, ==, "-14400\n");
}

static void
test_bad_arguments (void)
{
  struct { const char *args[8]; const char *fragment; } cases[] = {
    { { "plan", "deadline", NULL, "--from", "yesterday", "--add", "4h" }, "not an RFC 3339 instant" },
    { { "plan", "deadline", NULL, "--from", "2026-11-25T22:50:00Z", "--priority", "urgent" }, "unknown priority" },
    { { "plan", "deadline", NULL, "--from", "2026-11-25T22:50:00Z", "--subtract", "-4h" }, "negative" },
    { { "plan", "deadline", NULL, "--from", "2026-11-25T22:50:00Z", "--add", "4 hours" }, "not a duration" },
    { { "plan", "deadline", NULL, "--from", "2026-11-25T22:50:00Z" }, "exactly one of" },
    { { "plan", "deadline", NULL, "--add", "4h" }, "--from is required" },
    { { "plan", "elapsed", NULL, "--from", "2026-11-25T22:50:00Z", "--to", "2026-13-01T00:00:00Z" }, "--to" },
    { { "plan", "elapsed", NULL, "--from", "2026-11-25T22:50:00Z", "--too", "x" }, "--too" },
    { { "plan", "check" }, "name the plan file" },
    { { "plan", "check", "/nonexistent.plan" }, "/nonexistent.plan" },
    { { "plan", "frobnicate" }, "unknown plan subcommand" },
    { { "frobnicate" }, "unknown command" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };
      const char **a = cases[i].args;

      if (a[2] == NULL && a[3] != NULL)
        a[2] = example_plan;
      run_cli (&run, a[0], a[1], a[2], a[3], a[4], a[5], a[6], NULL);
      if (g_str_equal (a[0], "frobnicate") || g_str_equal (a[1], "frobnicate"))
        {
          g_assert_cmpint (run.status, ==, 2);
          g_assert_nonnull (strstr (run.err, cases[i].fragment));
        }
      else
        assert_usage_error (&run, cases[i].fragment);
    }
}

static void
test_help (void)
{
  const char *commands[][3] = {
    { "--help" }, { "plan", "--help" }, { "plan", "check", "--help" },
    { "plan", "deadline", "--help" }, { "plan", "elapsed", "--help" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, commands[i][0], commands[i][1], commands[i][2], NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, "Usage:"));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  example_plan = g_build_filename (g_getenv ("HD_SOURCE_DIR"), "data", "plans", "example-district.plan", NULL);
  bad_dir = g_build_filename (g_getenv ("HD_SOURCE_DIR"), "tests", "plans", "bad", NULL);

  g_test_add_func ("/cli/check-good", test_check_good);
  g_test_add_func ("/cli/check-bad", test_check_bad);
  g_test_add_func ("/cli/deadline", test_deadline);
  g_test_add_func ("/cli/elapsed", test_elapsed);
  g_test_add_func ("/cli/bad-arguments", test_bad_arguments);
  g_test_add_func ("/cli/help", test_help);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "hd-cli.h"
#include "hd-duration.h"
#include "hd-plan.h"
#include "hd-time.h"

/* helpdesk-cli plan check|deadline|elapsed, as the plan format's manual
 * page specifies. */

typedef struct {
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Subcommand;

static int plan_check    (int argc, char **argv);
static int plan_deadline (int argc, char **argv);
static int plan_elapsed  (int argc, char **argv);

static const Subcommand subcommands[] = {
  { "check", plan_check, N_("Validate a plan file and summarize it") },
  { "deadline", plan_deadline, N_("Add or subtract business time, or compute a priority’s deadlines") },
  { "elapsed", plan_elapsed, N_("Count the business time between two instants") },
};

/* Parses options; leaves exactly one argument, the plan, in *path. */
static int
parse (int            argc,
       char         **argv,
       const char    *parameter,
       const char    *summary,
       GOptionEntry  *entries,
       const char   **path)
{
  int status = hd_cli_parse (&argc, &argv, parameter, summary, entries);

  if (status != HD_CLI_OK)
    return status;
  if (argc != 2)
    return hd_cli_usage_error (argc < 2 ? _("%s: name the plan file") : _("%s: one plan file only"),
                               argv[0]);
  *path = argv[1];
  return HD_CLI_OK;
}

/* Loads the plan; on failure prints why and returns NULL with *status. */
static HdPlan *
load (const char  *path,
      HdPlanScope  scope,
      int         *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  HdPlan *plan = hd_plan_load (path, scope, &problems, &error);

  if (plan != NULL)
    return plan;
  if (problems == NULL)
    {
      *status = hd_cli_usage_error ("%s", error->message);
      return NULL;
    }
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = hd_plan_problem_to_string (g_ptr_array_index (problems, i));

      printf ("%s\n", line);
    }
  *status = HD_CLI_FAILED;
  return NULL;
}

static gboolean
parse_instant (const char *option,
               const char *text,
               gint64     *instant,
               int        *status)
{
  if (text == NULL)
    {
      *status = hd_cli_usage_error (_("%s is required"), option);
      return FALSE;
    }
  if (!hd_time_parse_rfc3339 (text, instant))
    {
      *status = hd_cli_usage_error (_("%s: “%s” is not an RFC 3339 instant (like 2026-11-25T22:50:00Z)"),
                                    option, text);
      return FALSE;
    }
  return TRUE;
}

static int
print_instant (gint64 instant)
{
  g_autofree char *text = NULL;

  if (instant == HD_TIME_NEVER)
    {
      fprintf (stderr, "helpdesk-cli: %s\n", _("the answer falls outside the years 0001 to 9999"));
      return HD_CLI_FAILED;
    }
  text = hd_time_format_rfc3339 (instant);
  printf ("%s\n", text);
  return HD_CLI_OK;
}

static int
plan_check (int    argc,
            char **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(HdPlan) plan = NULL;
  g_autofree char *summary = NULL;
  const char *path;
  int status;

  status = parse (argc, argv, _("PLAN"), _("Checks every group and key of a plan file; prints each "
                  "problem as FILE:LINE: Group/Key: problem (exit 1), or a summary of a good plan."),
                  entries, &path);
  if (status != HD_CLI_OK)
    return status;
  plan = load (path, HD_PLAN_SCOPE_FULL, &status);
  if (plan == NULL)
    return status;
  summary = hd_cli_plan_summary (plan);
  fputs (summary, stdout);
  return HD_CLI_OK;
}

static int
plan_deadline (int    argc,
               char **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *add_text = NULL;
  g_autofree char *subtract_text = NULL;
  g_autofree char *priority_text = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("Start at this instant"), N_("RFC3339") },
    { "add", 0, 0, G_OPTION_ARG_STRING, &add_text, N_("Business time to add, like 4h or 1h30m"), N_("DURATION") },
    { "subtract", 0, 0, G_OPTION_ARG_STRING, &subtract_text, N_("Business time to subtract"), N_("DURATION") },
    { "priority", 0, 0, G_OPTION_ARG_STRING, &priority_text,
      N_("Print the response and resolution deadlines of a ticket of this priority"), N_("ID") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(HdPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  const char *path;
  HdCalendar *calendar;
  HdPriority priority = HD_PRIORITY_NORMAL;
  gint64 from, duration = 0;
  int status;

  status = parse (argc, argv, _("PLAN"),
                  _("Prints the instant a business-time duration after (--add) or before (--subtract) "
                    "--from, or, with --priority, a ticket’s response and resolution deadlines, "
                    "one per line, in RFC 3339 UTC."), entries, &path);
  if (status != HD_CLI_OK)
    return status;
  if ((add_text != NULL) + (subtract_text != NULL) + (priority_text != NULL) != 1)
    return hd_cli_usage_error (_("give exactly one of --add, --subtract and --priority"));
  if (!parse_instant ("--from", from_text, &from, &status))
    return status;
  if (priority_text != NULL && !hd_priority_from_string (priority_text, &priority))
    return hd_cli_usage_error (_("--priority: unknown priority “%s” (use critical, high, medium or normal)"),
                               priority_text);
  if ((add_text != NULL || subtract_text != NULL) &&
      !hd_duration_parse (add_text != NULL ? add_text : subtract_text, &duration, &error))
    return hd_cli_usage_error ("%s: %s", add_text != NULL ? "--add" : "--subtract", error->message);

  plan = load (path, priority_text != NULL ? HD_PLAN_SCOPE_SLA : HD_PLAN_SCOPE_CALENDAR, &status);
  if (plan == NULL)
    return status;
  calendar = hd_plan_get_calendar (plan);

  if (add_text != NULL)
    return print_instant (hd_calendar_add (calendar, from, duration));
  if (subtract_text != NULL)
    return print_instant (hd_calendar_subtract (calendar, from, duration));

  status = print_instant (hd_calendar_add (calendar, from, hd_plan_get_priority (plan, priority)->response));
  if (status == HD_CLI_OK)
    status = print_instant (hd_calendar_add (calendar, from, hd_plan_get_priority (plan, priority)->resolution));
  return status;
}

static int
plan_elapsed (int    argc,
              char **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("The first instant"), N_("RFC3339") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("The second instant"), N_("RFC3339") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(HdPlan) plan = NULL;
  const char *path;
  gint64 from, to;
  int status;

  status = parse (argc, argv, _("PLAN"),
                  _("Prints the business time from --from to --to in whole seconds "
                    "(negative when --to is earlier)."), entries, &path);
  if (status != HD_CLI_OK)
    return status;
  if (!parse_instant ("--from", from_text, &from, &status) ||
      !parse_instant ("--to", to_text, &to, &status))
    return status;
  plan = load (path, HD_PLAN_SCOPE_CALENDAR, &status);
  if (plan == NULL)
    return status;
  printf ("%" G_GINT64_FORMAT "\n", hd_calendar_elapsed (hd_plan_get_calendar (plan), from, to));
  return HD_CLI_OK;
}

static void
print_plan_usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n", _("Usage: helpdesk-cli plan SUBCOMMAND PLAN [OPTIONS…]"), _("Subcommands:"));
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    fprintf (out, "  %-10s %s\n", subcommands[i].name, _(subcommands[i].summary));
}

int
hd_cli_plan (int    argc,
             char **argv)
{
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_plan_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? HD_CLI_USAGE : HD_CLI_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("helpdesk-cli plan %s", argv[1]);

        g_set_prgname (prgname);
        return subcommands[i].run (argc - 1, argv + 1);
      }
  hd_cli_usage_error (_("unknown plan subcommand “%s”"), argv[1]);
  print_plan_usage (stderr);
  return HD_CLI_USAGE;
}

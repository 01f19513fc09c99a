/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "hd-cli.h"
#include "hd-report.h"
#include "hd-time.h"

/* report: the supervisors' reports from the local cache, as aligned
 * tables to read or as CSV to mail, the same figures the app shows. */

typedef struct {
  char *from;
  char *to;
  char *location;
  char *topic;
  char *technician;
  char *table;
  gboolean csv;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->from);
  g_free (o->to);
  g_free (o->location);
  g_free (o->topic);
  g_free (o->technician);
  g_free (o->table);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static char *
report_names (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (HdReportKind k = 0; k < HD_N_REPORTS; k++)
    g_strv_builder_add (builder, hd_report_kind_to_string (k));
  names = g_strv_builder_end (builder);
  return g_strjoinv (", ", names);
}

static int
parse_date (const char *option,
            const char *text,
            gint64     *day)
{
  if (text == NULL)
    return hd_cli_usage_error (_("report needs --from and --to, as YYYY-MM-DD"));
  if (!hd_date_parse (text, day))
    return hd_cli_usage_error (_("%s: “%s” is not a date (YYYY-MM-DD)"), option, text);
  return HD_CLI_OK;
}

/* The filter as the options give it, checked before anything is opened. */
static HdReportFilter *
parse_filter (const Options *o,
              int           *status)
{
  g_autoptr(HdReportFilter) filter = hd_report_filter_new (0, 0);
  g_autoptr(GError) error = NULL;

  if ((*status = parse_date ("--from", o->from, &filter->from)) != HD_CLI_OK ||
      (*status = parse_date ("--to", o->to, &filter->to)) != HD_CLI_OK)
    return NULL;
  if (!hd_report_filter_check (filter, &error))
    {
      *status = hd_cli_usage_error ("%s", error->message);
      return NULL;
    }
  filter->location = g_strdup (o->location);
  filter->topic = g_strdup (o->topic);
  filter->technician = g_strdup (o->technician);
  return g_steal_pointer (&filter);
}

/* Topics, locations and technicians as the plan names them. */
static int
check_against_plan (const HdReportFilter *filter,
                    HdPlan               *plan)
{
  const char * const *locations = hd_plan_get_locations (plan);

  if (filter->topic != NULL && hd_plan_find_topic (plan, filter->topic) == NULL)
    return hd_cli_usage_error (_("--topic: the plan has no topic “%s” (give its id, as “plan check” "
                                 "lists them)"), filter->topic);
  if (filter->location != NULL && (locations == NULL || !g_strv_contains (locations, filter->location)))
    return hd_cli_usage_error (_("--location: the plan has no location “%s”"), filter->location);
  if (filter->technician != NULL && hd_plan_find_member (plan, filter->technician) == NULL)
    return hd_cli_usage_error (_("--technician: the plan’s team has no “%s” (give the user name)"),
                               filter->technician);
  return HD_CLI_OK;
}

static gboolean
is_number (HdReportTable *table,
           guint          column)
{
  return hd_report_table_get_column_unit (table, column) != HD_REPORT_UNIT_TEXT;
}

static void
append_padded (GString    *out,
               const char *text,
               glong       width,
               gboolean    right)
{
  glong pad = MAX (0, width - g_utf8_strlen (text, -1));

  if (right)
    for (glong i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!right)
    for (glong i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
}

/* One line: the row label, then each cell, numbers to the right; the
 * last text cell is not padded. */
static void
append_line (GString  *out,
             char    **cells,
             glong    *widths,
             gboolean *right,
             guint     n)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, "  ");
      append_padded (out, cells[i], i + 1 < n || right[i] ? widths[i] : 0, right[i]);
    }
  g_string_append_c (out, '\n');
}

/* The title, then the table with its columns aligned. */
static void
append_table (GString       *out,
              HdReportTable *table)
{
  guint n_columns = hd_report_table_get_n_columns (table) + 1;
  guint n_rows = hd_report_table_get_n_rows (table);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree glong *widths = g_new0 (glong, n_columns);
  g_autofree gboolean *right = g_new0 (gboolean, n_columns);
  char **header = g_new0 (char *, n_columns + 1);

  header[0] = g_strdup (hd_report_table_get_row_heading (table));
  for (guint c = 1; c < n_columns; c++)
    {
      header[c] = g_strdup (hd_report_table_get_column_label (table, c - 1));
      right[c] = is_number (table, c - 1);
    }
  g_ptr_array_add (lines, header);
  for (guint r = 0; r < n_rows; r++)
    {
      char **line = g_new0 (char *, n_columns + 1);

      line[0] = g_strdup (hd_report_table_get_row_label (table, r));
      for (guint c = 1; c < n_columns; c++)
        line[c] = hd_report_table_format_cell (table, r, c - 1);
      g_ptr_array_add (lines, line);
    }
  for (guint i = 0; i < lines->len; i++)
    for (guint c = 0; c < n_columns; c++)
      widths[c] = MAX (widths[c], g_utf8_strlen (((char **) g_ptr_array_index (lines, i))[c], -1));

  g_string_append_printf (out, "%s\n\n", hd_report_table_get_title (table));
  for (guint i = 0; i < lines->len; i++)
    append_line (out, g_ptr_array_index (lines, i), widths, right, n_columns);
  if (n_rows == 0)
    g_string_append_printf (out, "%s\n", _("(nothing)"));
}

/* "Workload, 2026-09-01 to 2026-09-30; topic network" */
static void
append_heading (GString              *out,
                HdReportKind          kind,
                const HdReportFilter *filter)
{
  g_autofree char *first = hd_date_format (filter->from);
  g_autofree char *last = hd_date_format (filter->to - 1);

  g_string_append_printf (out, _("%s, %s to %s"), hd_report_kind_get_title (kind), first, last);
  if (filter->location != NULL)
    g_string_append_printf (out, _("; location %s"), filter->location);
  if (filter->topic != NULL)
    g_string_append_printf (out, _("; topic %s"), filter->topic);
  if (filter->technician != NULL)
    g_string_append_printf (out, _("; technician %s"), filter->technician);
  g_string_append (out, "\n\n");
}

static char *
table_ids (GPtrArray *tables)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < tables->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", hd_report_table_get_id (g_ptr_array_index (tables, i)));
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* Keeps the table --table names, or all. */
static int
pick_table (GPtrArray  *tables,
            const char *id)
{
  g_autofree char *ids = NULL;

  if (id == NULL)
    return HD_CLI_OK;
  for (guint i = 0; i < tables->len; i++)
    if (g_str_equal (hd_report_table_get_id (g_ptr_array_index (tables, i)), id))
      {
        g_ptr_array_remove_range (tables, i + 1, tables->len - i - 1);
        g_ptr_array_remove_range (tables, 0, i);
        return HD_CLI_OK;
      }
  ids = table_ids (tables);
  return hd_cli_usage_error (_("--table: this report has no table “%s” (it has %s)"), id, ids);
}

static void
print_tables (GPtrArray            *tables,
              HdReportKind          kind,
              const HdReportFilter *filter,
              gboolean              csv)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (!csv)
    append_heading (out, kind, filter);
  for (guint i = 0; i < tables->len; i++)
    {
      if (i > 0)
        g_string_append (out, csv ? "\r\n" : "\n");
      if (csv)
        hd_report_table_write_csv (g_ptr_array_index (tables, i), out);
      else
        append_table (out, g_ptr_array_index (tables, i));
    }
  fwrite (out->str, 1, out->len, stdout);
}

int
hd_cli_report (int    argc,
               char **argv)
{
  g_auto(Options) o = { 0 };
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &o.from, N_("The first day, in the plan’s time zone"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &o.to, N_("The day after the last"), N_("YYYY-MM-DD") },
    { "location", 0, 0, G_OPTION_ARG_STRING, &o.location, N_("Only tickets from this location"), N_("LOCATION") },
    { "topic", 0, 0, G_OPTION_ARG_STRING, &o.topic, N_("Only tickets of this topic (its id)"), N_("TOPIC") },
    { "technician", 0, 0, G_OPTION_ARG_STRING, &o.technician, N_("Only tickets assigned to this user"),
      N_("USER") },
    { "table", 0, 0, G_OPTION_ARG_STRING, &o.table, N_("Only this table of the report"), N_("ID") },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &o.csv, N_("CSV (RFC 4180) instead of aligned text"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autofree char *names = report_names ();
  g_autofree char *summary = g_strdup_printf (
      _("Prints a report of a range of days, from the local cache. NAME is one of %s.\n"
        "Times are business time; a CSV holds the report’s tables one after another, a blank line apart."), names);
  g_autoptr(HdReportFilter) filter = NULL;
  g_autoptr(HdCliAccount) account = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GError) error = NULL;
  HdReportKind kind;
  int status = hd_cli_parse (&argc, &argv, _("NAME"), summary, entries);

  if (status != HD_CLI_OK)
    return status;
  if (argc != 2)
    return hd_cli_usage_error (_("name one report: %s"), names);
  if (!hd_report_kind_from_string (argv[1], &kind))
    return hd_cli_usage_error (_("“%s” is not a report: name one of %s"), argv[1], names);
  if ((filter = parse_filter (&o, &status)) == NULL)
    return status;
  if ((account = hd_cli_account_open (&status)) == NULL)
    return status;
  if (g_strcmp0 (account->me, "requester") == 0)
    return hd_cli_failure (_("reports are for the support team; %s signed in as a requester"), account->username);
  if (account->plan == NULL)
    return hd_cli_failure (_("the plan is not in the cache yet: sign in again"));
  if ((status = check_against_plan (filter, account->plan)) != HD_CLI_OK)
    return status;

  tables = hd_report_run (account->cache, account->plan, kind, filter, g_get_real_time () / G_USEC_PER_SEC, NULL,
                          &error);
  if (tables == NULL)
    return hd_cli_failure (_("cannot make the report: %s"), error->message);
  if ((status = pick_table (tables, o.table)) != HD_CLI_OK)
    return status;
  print_tables (tables, kind, filter, o.csv);
  return HD_CLI_OK;
}

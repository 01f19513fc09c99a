/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "hd-cli.h"

typedef struct {
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "plan", hd_cli_plan, N_("Check a help desk plan and compute deadlines in its business time") },
  { "login", hd_cli_login, N_("Sign in to a help desk server") },
  { "logout", hd_cli_logout, N_("Sign out and forget the token") },
  { "sync", hd_cli_sync, N_("Deliver what waits and fetch what changed") },
  { "list", hd_cli_list, N_("List a queue of tickets from the local cache") },
  { "show", hd_cli_show, N_("Show one ticket from the local cache") },
  { "submit", hd_cli_submit, N_("File a ticket, online or not") },
  { "comment", hd_cli_comment, N_("Reply to a ticket, or add an internal note") },
  { "status", hd_cli_status, N_("Move a ticket along the workflow") },
  { "assign", hd_cli_assign, N_("Assign a ticket to someone, or to you") },
  { "conflicts", hd_cli_conflicts, N_("List changes the server could not take in") },
  { "resolve", hd_cli_resolve, N_("Settle a conflict") },
  { "report", hd_cli_report, N_("Print a report from the local cache, as a table or CSV") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n", _("Usage: helpdesk-cli COMMAND [ARGUMENTS…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “helpdesk-cli COMMAND --help” for a command’s options."));
}

static int complain (int status, const char *format, va_list args) G_GNUC_PRINTF (2, 0);

/* One line on standard error; @status is what the command exits with. */
static int
complain (int         status,
          const char *format,
          va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  fprintf (stderr, "helpdesk-cli: %s\n", message);
  return status;
}

int
hd_cli_usage_error (const char *format,
                    ...)
{
  va_list args;
  int status;

  va_start (args, format);
  status = complain (HD_CLI_USAGE, format, args);
  va_end (args);
  return status;
}

int
hd_cli_failure (const char *format,
                ...)
{
  va_list args;
  int status;

  va_start (args, format);
  status = complain (HD_CLI_FAILED, format, args);
  va_end (args);
  return status;
}

/* Parses the options of one command; what is left stays in *argv. */
int
hd_cli_parse (int          *argc,
              char       ***argv,
              const char   *parameter,
              const char   *summary,
              GOptionEntry *entries)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    return hd_cli_usage_error ("%s", error->message);
  return HD_CLI_OK;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? HD_CLI_USAGE : HD_CLI_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("helpdesk-cli %s\n", PACKAGE_VERSION);
      return HD_CLI_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("helpdesk-cli %s", argv[1]);

        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }

  hd_cli_usage_error (_("unknown command “%s”"), argv[1]);
  print_usage (stderr);
  return HD_CLI_USAGE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "hd-cli.h"
#include "hd-json.h"
#include "hd-submission.h"
#include "hd-sync.h"
#include "hd-time.h"

/* helpdesk-cli submit: the form is checked, the ticket made and kept
 * with its outbox row by the same functions the app uses, and delivered
 * at once when the server can be reached. */

/* Filing for oneself: the name and address the server gave at sign-in. */
static void
default_requester (HdCliAccount *account,
                   HdSubmission *s)
{
  g_autofree char *me = hd_cache_get_meta (account->cache, "me");
  g_autoptr(JsonNode) node = me != NULL ? hd_json_parse (me, strlen (me), G_MAXSIZE, NULL) : NULL;
  JsonObject *o = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *name = NULL, *email = NULL;

  if (o != NULL)
    {
      hd_json_get_string (o, "name", HD_JSON_NULLABLE, HD_NAME_MAX, &name, NULL);
      hd_json_get_string (o, "email", HD_JSON_NULLABLE, HD_EMAIL_MAX, &email, NULL);
    }
  hd_submission_fill_requester (s, account->username, name, email);
}

/* The first problem with the form, named by its option. The server takes
 * a requester with a name alone, and so does the command line, as it
 * always has: someone at the desk may file for a visitor. */
static int
check_form (const HdSubmission *s,
            HdPlan             *plan)
{
  g_autoptr(GPtrArray) problems = hd_submission_check (s, plan);

  for (guint i = 0; i < problems->len; i++)
    {
      const HdFieldProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *option = g_strdelimit (g_strdup (problem->field), ".", '-');

      if (!g_str_equal (problem->field, "requester"))
        return hd_cli_usage_error ("--%s: %s", option, problem->message);
    }
  if (plan == NULL)
    return hd_cli_failure (_("the plan is not in the cache yet: sign in again"));
  return HD_CLI_OK;
}

int
hd_cli_submit (int    argc,
               char **argv)
{
  g_auto(HdSubmission) s = { 0 };
  g_autofree char *channel = NULL;
  GOptionEntry entries[] = {
    { "subject", 0, 0, G_OPTION_ARG_STRING, &s.subject, N_("What is wrong, in one line"), N_("TEXT") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &s.description, N_("What happened, in full"), N_("TEXT") },
    { "location", 0, 0, G_OPTION_ARG_STRING, &s.location, N_("The school or office"), N_("NAME") },
    { "topic", 0, 0, G_OPTION_ARG_STRING, &s.topic, N_("The plan’s topic id"), N_("ID") },
    { "scope", 0, 0, G_OPTION_ARG_STRING, &s.scope, N_("Who is affected: few, some or many"), N_("ID") },
    { "effect", 0, 0, G_OPTION_ARG_STRING, &s.effect, N_("Can they keep working: blocked, workaround or inconvenience"), N_("ID") },
    { "requester-name", 0, 0, G_OPTION_ARG_STRING, &s.requester_name, N_("Who asks for help (you when absent)"), N_("NAME") },
    { "requester-email", 0, 0, G_OPTION_ARG_STRING, &s.requester_email, N_("Their mail address"), N_("EMAIL") },
    { "requester-phone", 0, 0, G_OPTION_ARG_STRING, &s.requester_phone, N_("Their phone number"), N_("PHONE") },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel, N_("form, phone, email or walk-in"), N_("CHANNEL") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(HdCliAccount) account = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(HdCachedTicket) delivered = NULL;
  g_autoptr(HdSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *due = NULL;
  int status = hd_cli_parse (&argc, &argv, "", _("Files a ticket; it is kept here and delivered when the server "
                                                 "can be reached."), entries);

  if (status != HD_CLI_OK || (account = hd_cli_account_open (&status)) == NULL)
    return status;
  if (channel != NULL && !hd_channel_from_string (channel, &s.channel))
    return hd_cli_usage_error (_("--channel must be form, phone, email or walk-in"));
  default_requester (account, &s);
  if ((status = check_form (&s, account->plan)) != HD_CLI_OK)
    return status;

  ticket = hd_submission_build (&s, account->plan, account->username, hd_sync_server_time (account->cache));
  if (!hd_submission_save (account->cache, ticket, &error))
    return hd_cli_failure ("%s", error->message);

  sync = hd_sync_new (account->client, account->cache);
  hd_sync_run (sync, &error);
  delivered = hd_cache_find_ticket (account->cache, ticket->id);
  due = hd_plan_format_local_time (account->plan, delivered->ticket->response_due_at >= 0 ? delivered->ticket->response_due_at
                                                                          : ticket->response_due_at);
  if (delivered->pending)
    {
      printf (_("Saved as %s; it will be numbered when it reaches the server (%s).\n"), ticket->id,
              error != NULL ? error->message : _("not yet delivered"));
      printf (_("Response due by %s (provisional).\n"), due);
    }
  else
    {
      printf (_("Filed HD-%ld: %s\n"), (long) delivered->ticket->number, delivered->ticket->subject);
      printf (_("Response due by %s.\n"), due);
    }
  return HD_CLI_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "hd-cli.h"
#include "hd-json.h"
#include "hd-sla.h"
#include "hd-sync.h"
#include "hd-time.h"

/* helpdesk-cli submit: the ticket gets its id, its priority from the
 * plan's matrix and provisional deadlines here, goes to the cache with its
 * outbox row, and is delivered at once when the server can be reached. */

typedef struct {
  char *subject, *description, *location, *topic, *scope, *effect;
  char *name, *email, *phone, *channel;
} Form;

static void
form_clear (Form *f)
{
  g_free (f->subject);
  g_free (f->description);
  g_free (f->location);
  g_free (f->topic);
  g_free (f->scope);
  g_free (f->effect);
  g_free (f->name);
  g_free (f->email);
  g_free (f->phone);
  g_free (f->channel);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Form, form_clear)

/* What the plan allows, checked before anything is stored. */
static int
check_form (const Form *f,
            HdPlan     *plan,
            HdChannel  *channel)
{
  const char *missing = f->subject == NULL ? "--subject" : f->description == NULL ? "--description"
                      : f->location == NULL ? "--location" : f->topic == NULL ? "--topic"
                      : f->scope == NULL ? "--scope" : f->effect == NULL ? "--effect" : NULL;

  if (missing != NULL)
    return hd_cli_usage_error (_("%s is required"), missing);
  if (*g_strstrip (f->subject) == '\0' || strpbrk (f->subject, "\r\n") != NULL)
    return hd_cli_usage_error (_("--subject must be one line of text"));
  if (g_utf8_strlen (f->subject, -1) > HD_SUBJECT_MAX)
    return hd_cli_usage_error (_("--subject must be at most %d characters"), HD_SUBJECT_MAX);
  if (*g_strstrip (f->description) == '\0')
    return hd_cli_usage_error (_("--description must not be empty"));
  if (f->channel != NULL && !hd_channel_from_string (f->channel, channel))
    return hd_cli_usage_error (_("--channel must be form, phone, email or walk-in"));
  if (plan == NULL)
    return hd_cli_failure (_("the plan is not in the cache yet: sign in again"));
  if (!g_strv_contains (hd_plan_get_locations (plan), f->location))
    return hd_cli_usage_error (_("--location: “%s” is not one of the plan’s locations"), f->location);
  if (hd_plan_find_topic (plan, f->topic) == NULL)
    return hd_cli_usage_error (_("--topic: “%s” is not one of the plan’s topics"), f->topic);
  if (hd_plan_find_choice (hd_plan_get_scopes (plan), f->scope) == NULL)
    return hd_cli_usage_error (_("--scope: “%s” is not one of the plan’s scopes"), f->scope);
  if (hd_plan_find_choice (hd_plan_get_effects (plan), f->effect) == NULL)
    return hd_cli_usage_error (_("--effect: “%s” is not one of the plan’s effects"), f->effect);
  return HD_CLI_OK;
}

static void
default_requester (HdCliAccount *account,
                   Form         *f)
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
  f->name = g_strdup (name != NULL ? name : account->username);
  if (f->email == NULL)
    f->email = g_strdup (email);
}

static HdTicket *
build_ticket (HdCliAccount *account,
              const Form   *f,
              HdChannel     channel)
{
  HdTicket *t = hd_ticket_new ();

  t->id = g_uuid_string_random ();
  t->subject = g_strdup (f->subject);
  t->description = g_strdup (f->description);
  t->requester_name = g_strdup (f->name);
  t->requester_email = g_strdup (f->email);
  t->requester_phone = g_strdup (f->phone);
  t->submitted_by = g_strdup (account->username);
  t->channel = channel;
  t->location = g_strdup (f->location);
  t->topic = g_strdup (f->topic);
  t->scope = g_strdup (f->scope);
  t->effect = g_strdup (f->effect);
  hd_plan_lookup_matrix (account->plan, f->scope, f->effect, &t->priority);
  t->status = HD_STATUS_NEW;
  t->created_at = t->updated_at = g_get_real_time () / G_USEC_PER_SEC;
  /* provisional: the server sets the real ones, from the same plan */
  t->response_due_at = hd_sla_deadline (account->plan, t->priority, HD_SLA_RESPONSE, t->created_at, NULL, 0);
  t->resolution_due_at = hd_sla_deadline (account->plan, t->priority, HD_SLA_RESOLUTION, t->created_at, NULL, 0);
  return t;
}

/* The POST /tickets body: only what a client may say. */
static char *
request_body (const HdTicket *t)
{
  g_autoptr(JsonNode) node = hd_ticket_to_json (t);
  JsonObject *o = json_node_get_object (node);
  static const char * const server_owned[] = {
    "number", "version", "submitted_by", "priority", "priority_reason", "status", "assignee", "escalation_level",
    "created_at", "updated_at", "acknowledged_at", "first_response_at", "resolved_at", "closed_at",
    "response_due_at", "resolution_due_at", "survey",
  };

  for (guint i = 0; i < G_N_ELEMENTS (server_owned); i++)
    json_object_remove_member (o, server_owned[i]);
  return hd_json_to_string (node);
}

int
hd_cli_submit (int    argc,
               char **argv)
{
  g_auto(Form) f = { 0 };
  GOptionEntry entries[] = {
    { "subject", 0, 0, G_OPTION_ARG_STRING, &f.subject, N_("What is wrong, in one line"), N_("TEXT") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &f.description, N_("What happened, in full"), N_("TEXT") },
    { "location", 0, 0, G_OPTION_ARG_STRING, &f.location, N_("The school or office"), N_("NAME") },
    { "topic", 0, 0, G_OPTION_ARG_STRING, &f.topic, N_("The plan’s topic id"), N_("ID") },
    { "scope", 0, 0, G_OPTION_ARG_STRING, &f.scope, N_("Who is affected: few, some or many"), N_("ID") },
    { "effect", 0, 0, G_OPTION_ARG_STRING, &f.effect, N_("Can they keep working: blocked, workaround or inconvenience"), N_("ID") },
    { "requester-name", 0, 0, G_OPTION_ARG_STRING, &f.name, N_("Who asks for help (you when absent)"), N_("NAME") },
    { "requester-email", 0, 0, G_OPTION_ARG_STRING, &f.email, N_("Their mail address"), N_("EMAIL") },
    { "requester-phone", 0, 0, G_OPTION_ARG_STRING, &f.phone, N_("Their phone number"), N_("PHONE") },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &f.channel, N_("form, phone, email or walk-in"), N_("CHANNEL") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(HdCliAccount) account = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(HdCachedTicket) delivered = NULL;
  g_autoptr(HdSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL, *due = NULL;
  HdChannel channel = HD_CHANNEL_FORM;
  int status = hd_cli_parse (&argc, &argv, "", _("Files a ticket; it is kept here and delivered when the server "
                                                 "can be reached."), entries);

  if (status != HD_CLI_OK || (account = hd_cli_account_open (&status)) == NULL)
    return status;
  if ((status = check_form (&f, account->plan, &channel)) != HD_CLI_OK)
    return status;
  if (f.name == NULL)
    default_requester (account, &f);

  ticket = build_ticket (account, &f, channel);
  body = request_body (ticket);
  if (!hd_cache_submit (account->cache, ticket, body, &error))
    return hd_cli_failure (_("the ticket could not be saved: %s"), error->message);

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

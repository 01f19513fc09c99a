/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-submission"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "hd-submission.h"
#include "hd-duration.h"
#include "hd-json.h"
#include "hd-sla.h"
#include "hd-uuid.h"

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* What is sent: the text without the blanks around it, as the server
 * keeps it; NULL for nothing. */
static char *
trimmed (const char *text)
{
  return is_blank (text) ? NULL : g_strstrip (g_strdup (text));
}

static void
add_problem (GPtrArray  *problems,
             const char *field,
             char       *message)
{
  HdFieldProblem *problem = g_new0 (HdFieldProblem, 1);

  problem->field = g_strdup (field);
  problem->message = message;
  g_ptr_array_add (problems, problem);
}

/* A text field: @empty says what to do when it is required and blank
 * (NULL: it may be left out); the server's limits and line rule apply
 * to what would be sent. */
static void
check_text (GPtrArray  *problems,
            const char *field,
            const char *text,
            const char *empty,
            glong       max,
            gboolean    one_line)
{
  g_autofree char *value = trimmed (text);

  if (value == NULL)
    {
      if (empty != NULL)
        add_problem (problems, field, g_strdup (empty));
      return;
    }
  if (one_line && !hd_submission_is_single_line (value))
    add_problem (problems, field, g_strdup (_("Keep this to one line")));
  else if (g_utf8_strlen (value, -1) > max)
    add_problem (problems, field, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "Make this at most %ld character long",
                                                                "Make this at most %ld characters long", max),
                                                   max));
}

/* One of the plan's choices, as the server reads it: without the blanks
 * around it. */
static gboolean
check_choice (GPtrArray  *problems,
              const char *field,
              const char *text,
              const char *empty,
              char      **value)
{
  *value = trimmed (text);
  if (*value == NULL)
    add_problem (problems, field, g_strdup (empty));
  return *value != NULL;
}

static void
check_requester (const HdSubmission *self,
                 GPtrArray          *problems)
{
  g_autofree char *email = trimmed (self->requester_email);

  check_text (problems, "requester.name", self->requester_name, _("Say who needs help"), HD_NAME_MAX, TRUE);
  if (email != NULL && g_utf8_strlen (email, -1) > HD_EMAIL_MAX)
    check_text (problems, "requester.email", email, NULL, HD_EMAIL_MAX, FALSE);
  else if (email != NULL && !hd_submission_is_mail_address (email))
    add_problem (problems, "requester.email", g_strdup (_("This is not a mail address")));
  check_text (problems, "requester.phone", self->requester_phone, NULL, HD_PHONE_MAX, TRUE);
  /* the team must be able to answer someone other than the submitter */
  if (!self->for_self && email == NULL && is_blank (self->requester_phone))
    add_problem (problems, "requester", g_strdup (_("Give a mail address or a phone number to reach them")));
}

void
hd_field_problem_free (HdFieldProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

/* Frees what @self holds, not @self: for a form kept on the stack. */
void
hd_submission_clear (HdSubmission *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->topic, g_free);
  g_clear_pointer (&self->scope, g_free);
  g_clear_pointer (&self->effect, g_free);
  g_clear_pointer (&self->requester_name, g_free);
  g_clear_pointer (&self->requester_email, g_free);
  g_clear_pointer (&self->requester_phone, g_free);
}

/* With no requester named, the submitter files for themself: their name
 * (@username when they have none) and, unless one was given, their mail
 * address, as the server would fill them in. */
void
hd_submission_fill_requester (HdSubmission *self,
                              const char   *username,
                              const char   *name,
                              const char   *email)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (username != NULL);

  if (!is_blank (self->requester_name))
    return;
  self->for_self = TRUE;
  g_free (self->requester_name);
  self->requester_name = g_strdup (!is_blank (name) ? name : username);
  if (is_blank (self->requester_email))
    {
      g_free (self->requester_email);
      self->requester_email = g_strdup (email);
    }
}

/* Every problem with the form, in the form's order, each for one field
 * (an empty array: it may be filed). Without @plan only what needs none
 * is checked. */
GPtrArray *
hd_submission_check (const HdSubmission *self,
                     HdPlan             *plan)
{
  GPtrArray *problems;
  g_autofree char *location = NULL, *topic = NULL, *scope = NULL, *effect = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (plan == NULL || HD_IS_PLAN (plan), NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_field_problem_free);

  check_text (problems, "subject", self->subject, _("Say what is wrong in one line"), HD_SUBJECT_MAX, TRUE);
  check_text (problems, "description", self->description, _("Describe what happened"), HD_TEXT_MAX, FALSE);
  if (check_choice (problems, "location", self->location, _("Choose a location"), &location) && plan != NULL &&
      !g_strv_contains (hd_plan_get_locations (plan), location))
    add_problem (problems, "location", g_strdup_printf (_("“%s” is not one of the plan’s locations"), location));
  if (check_choice (problems, "topic", self->topic, _("Choose a topic"), &topic) && plan != NULL &&
      hd_plan_find_topic (plan, topic) == NULL)
    add_problem (problems, "topic", g_strdup_printf (_("“%s” is not one of the plan’s topics"), topic));
  if (check_choice (problems, "scope", self->scope, _("Choose who is affected"), &scope) && plan != NULL &&
      hd_plan_find_choice (hd_plan_get_scopes (plan), scope) == NULL)
    add_problem (problems, "scope", g_strdup_printf (_("“%s” is not one of the plan’s scopes"), scope));
  if (check_choice (problems, "effect", self->effect, _("Choose how much it stops their work"), &effect) &&
      plan != NULL && hd_plan_find_choice (hd_plan_get_effects (plan), effect) == NULL)
    add_problem (problems, "effect", g_strdup_printf (_("“%s” is not one of the plan’s effects"), effect));
  check_requester (self, problems);
  return problems;
}

/* The priority @scope and @effect give by the plan's matrix, with its
 * label, description and targets, for the form to show as it is filled
 * in; NULL while either is missing or unknown. */
const HdPlanPriority *
hd_submission_describe_priority (HdPlan     *plan,
                                 const char *scope,
                                 const char *effect)
{
  HdPriority priority;

  g_return_val_if_fail (HD_IS_PLAN (plan), NULL);

  if (scope == NULL || effect == NULL || !hd_plan_lookup_matrix (plan, scope, effect, &priority))
    return NULL;
  return hd_plan_get_priority (plan, priority);
}

/* The ticket @self describes, as filed at @now by @submitted_by: its id
 * made here, so that it has its identity before the server sees it, and
 * provisional deadlines (the server sets the real ones, from the same
 * plan). @self must have passed hd_submission_check(). */
HdTicket *
hd_submission_build (const HdSubmission *self,
                     HdPlan             *plan,
                     const char         *submitted_by,
                     gint64              now)
{
  g_autoptr(HdTicket) t = hd_ticket_new ();
  gboolean in_matrix;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (HD_IS_PLAN (plan), NULL);
  g_return_val_if_fail (submitted_by != NULL, NULL);

  t->id = hd_uuid_new ();
  t->subject = trimmed (self->subject);
  t->description = trimmed (self->description);
  t->requester_name = trimmed (self->requester_name);
  t->requester_email = trimmed (self->requester_email);
  t->requester_phone = trimmed (self->requester_phone);
  t->submitted_by = g_strdup (submitted_by);
  t->channel = self->channel;
  t->location = trimmed (self->location);
  t->topic = trimmed (self->topic);
  t->scope = trimmed (self->scope);
  t->effect = trimmed (self->effect);
  in_matrix = t->scope != NULL && t->effect != NULL && hd_plan_lookup_matrix (plan, t->scope, t->effect, &t->priority);
  g_return_val_if_fail (in_matrix, NULL);
  t->status = HD_STATUS_NEW;
  t->created_at = t->updated_at = now;
  t->response_due_at = hd_sla_deadline (plan, t->priority, HD_SLA_RESPONSE, now, NULL, 0);
  t->resolution_due_at = hd_sla_deadline (plan, t->priority, HD_SLA_RESOLUTION, now, NULL, 0);
  return g_steal_pointer (&t);
}

/* The POST /tickets body: only what a client may say. */
char *
hd_submission_request_body (const HdTicket *ticket)
{
  static const char * const server_owned[] = {
    "number", "version", "submitted_by", "priority", "priority_reason", "status", "assignee", "escalation_level",
    "created_at", "updated_at", "acknowledged_at", "first_response_at", "resolved_at", "closed_at",
    "response_due_at", "resolution_due_at", "survey",
  };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  g_return_val_if_fail (ticket != NULL, NULL);

  node = hd_ticket_to_json (ticket);
  o = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (server_owned); i++)
    json_object_remove_member (o, server_owned[i]);
  return hd_json_to_string (node);
}

/* Keeps @ticket in @cache with its delivery queued, in one transaction:
 * from here on it survives a crash, and the sync engine delivers it. */
gboolean
hd_submission_save (HdCache         *cache,
                    const HdTicket  *ticket,
                    GError         **error)
{
  g_autofree char *body = NULL;

  g_return_val_if_fail (HD_IS_CACHE (cache), FALSE);
  g_return_val_if_fail (ticket != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  body = hd_submission_request_body (ticket);
  if (hd_cache_submit (cache, ticket, body, error))
    return TRUE;
  g_prefix_error (error, _("the ticket could not be saved: "));
  return FALSE;
}

/* Subjects, names, addresses and numbers are one line of text: a line
 * break there could only be a mistake or an attempt to forge mail. */
gboolean
hd_submission_is_single_line (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

/* One plain address, user@domain.tld: no name, no list, nothing a mail
 * header could be smuggled in with. */
gboolean
hd_submission_is_mail_address (const char *text)
{
  const char *at = text != NULL ? strchr (text, '@') : NULL;

  if (at == NULL || at == text || strchr (at + 1, '@') != NULL || strchr (at + 1, '.') == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || strchr ("<>(),;:\"[]\\", *p) != NULL)
      return FALSE;
  return TRUE;
}

/* When the plan's follow-up time (FollowUpAfter: the response or
 * resolution deadline, or business time after submission) comes for
 * @ticket; -1 while there is none (no deadline). */
gint64
hd_submission_follow_up_from (HdPlan         *plan,
                              const HdTicket *ticket)
{
  const char *after;
  gint64 seconds;

  g_return_val_if_fail (HD_IS_PLAN (plan), -1);
  g_return_val_if_fail (ticket != NULL, -1);

  after = hd_plan_get_follow_up_after (plan);
  if (g_str_equal (after, "response"))
    return ticket->response_due_at >= 0 ? ticket->response_due_at : -1;
  if (g_str_equal (after, "resolution"))
    return ticket->resolution_due_at >= 0 ? ticket->resolution_due_at : -1;
  if (hd_duration_parse (after, &seconds, NULL))
    return hd_calendar_add (hd_plan_get_calendar (plan), ticket->created_at, seconds);
  return -1;
}

/* Whether a requester may follow up on @ticket at @now. The server
 * decides by this rule too. */
gboolean
hd_submission_may_follow_up (HdPlan         *plan,
                             const HdTicket *ticket,
                             gint64          now)
{
  gint64 from = hd_submission_follow_up_from (plan, ticket);

  return from >= 0 && now >= from;
}

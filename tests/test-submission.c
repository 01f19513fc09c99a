/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "hd-json.h"
#include "hd-sla.h"
#include "hd-submission.h"
#include "hd-test-util.h"

/* A ticket filed here: the form checked against the district's example
 * plan, the ticket built from it, and kept in a real cache file with its
 * outbox row. */

static HdPlan *plan;

typedef struct {
  char    *dir;
  HdCache *cache;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("helpdesk-submission-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "cache.db", NULL);
  f->cache = hd_cache_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  const char *files[] = { "cache.db", "cache.db-wal", "cache.db-shm" };

  g_clear_object (&f->cache);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, files[i], NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* A form with nothing wrong: someone at the desk files for a visitor. */
static void
fill_form (HdSubmission *s)
{
  s->subject = g_strdup ("  Projector in room 12 shows no picture ");
  s->description = g_strdup ("It says “no signal”.\nThe cable was checked.");
  s->location = g_strdup ("Lincoln Elementary");
  s->topic = g_strdup ("classroom-av");
  s->scope = g_strdup ("few");
  s->effect = g_strdup ("blocked");
  s->requester_name = g_strdup ("Ms. Rivera");
  s->requester_email = g_strdup ("rivera@springfield.example");
  s->channel = HD_CHANNEL_PHONE;
}

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* "field: message" for each problem, one a line. */
static char *
describe (GPtrArray *problems)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const HdFieldProblem *p = g_ptr_array_index (problems, i);

      g_string_append_printf (out, "%s: %s\n", p->field, p->message);
    }
  return g_string_free (out, FALSE);
}

static void
assert_fields (GPtrArray          *problems,
               const char * const *fields)
{
  g_autofree char *text = describe (problems);

  g_test_message ("%s", text);
  g_assert_cmpuint (problems->len, ==, g_strv_length ((char **) fields));
  for (guint i = 0; fields[i] != NULL; i++)
    g_assert_cmpstr (((HdFieldProblem *) g_ptr_array_index (problems, i))->field, ==, fields[i]);
}

static const char *
message_for (GPtrArray  *problems,
             const char *field)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const HdFieldProblem *p = g_ptr_array_index (problems, i);

      if (g_str_equal (p->field, field))
        return p->message;
    }
  return NULL;
}

static void
test_empty_form (void)
{
  g_auto(HdSubmission) s = { 0 };
  g_autoptr(GPtrArray) problems = NULL;
  const char * const fields[] = {
    "subject", "description", "location", "topic", "scope", "effect", "requester.name", "requester", NULL
  };

  replace (&s.subject, " \t ");
  problems = hd_submission_check (&s, plan);
  assert_fields (problems, fields);
  g_assert_cmpstr (message_for (problems, "subject"), ==, "Say what is wrong in one line");
  g_assert_cmpstr (message_for (problems, "description"), ==, "Describe what happened");
  g_assert_cmpstr (message_for (problems, "location"), ==, "Choose a location");
  g_assert_cmpstr (message_for (problems, "topic"), ==, "Choose a topic");
  g_assert_cmpstr (message_for (problems, "scope"), ==, "Choose who is affected");
  g_assert_cmpstr (message_for (problems, "effect"), ==, "Choose how much it stops their work");
  g_assert_cmpstr (message_for (problems, "requester.name"), ==, "Say who needs help");
  g_assert_cmpstr (message_for (problems, "requester"), ==, "Give a mail address or a phone number to reach them");
}

static void
test_good_form (void)
{
  g_auto(HdSubmission) s = { 0 };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) phone_only = NULL;

  fill_form (&s);
  problems = hd_submission_check (&s, plan);
  g_assert_cmpuint (problems->len, ==, 0);

  /* a phone number is enough to reach them */
  g_clear_pointer (&s.requester_email, g_free);
  replace (&s.requester_phone, "555-0134");
  phone_only = hd_submission_check (&s, plan);
  g_assert_cmpuint (phone_only->len, ==, 0);
}

static void
test_bad_values (void)
{
  g_auto(HdSubmission) s = { 0 };
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *long_subject = g_strnfill (HD_SUBJECT_MAX + 1, 'x');
  g_autofree char *long_description = g_strnfill (HD_TEXT_MAX + 1, 'x');
  g_autofree char *long_phone = g_strnfill (HD_PHONE_MAX + 1, '5');
  const char * const fields[] = {
    "subject", "description", "location", "topic", "scope", "effect",
    "requester.name", "requester.email", "requester.phone", NULL
  };

  fill_form (&s);
  replace (&s.subject, "Projector\nBcc: everyone@example.com");
  replace (&s.description, long_description);
  replace (&s.location, "Springfield Elementary");
  replace (&s.topic, "coffee");
  replace (&s.scope, "everyone");
  replace (&s.effect, "annoyed");
  replace (&s.requester_name, "Ms.\rRivera");
  replace (&s.requester_email, "Ms. Rivera <rivera@springfield.example>");
  replace (&s.requester_phone, long_phone);
  problems = hd_submission_check (&s, plan);
  assert_fields (problems, fields);
  g_assert_cmpstr (message_for (problems, "subject"), ==, "Keep this to one line");
  g_assert_cmpstr (message_for (problems, "description"), ==, "Make this at most 20000 characters long");
  g_assert_cmpstr (message_for (problems, "location"), ==,
                   "“Springfield Elementary” is not one of the plan’s locations");
  g_assert_cmpstr (message_for (problems, "topic"), ==, "“coffee” is not one of the plan’s topics");
  g_assert_cmpstr (message_for (problems, "scope"), ==, "“everyone” is not one of the plan’s scopes");
  g_assert_cmpstr (message_for (problems, "effect"), ==, "“annoyed” is not one of the plan’s effects");
  g_assert_cmpstr (message_for (problems, "requester.name"), ==, "Keep this to one line");
  g_assert_cmpstr (message_for (problems, "requester.email"), ==, "This is not a mail address");
  g_assert_cmpstr (message_for (problems, "requester.phone"), ==, "Make this at most 50 characters long");

  /* the limit counts characters, after the blanks around the text */
  {
    g_autoptr(GPtrArray) more = NULL;
    g_autofree char *at_limit = NULL;
    GString *accented = g_string_new ("  ");

    for (guint i = 0; i < HD_SUBJECT_MAX; i++)
      g_string_append (accented, "é");
    g_string_append (accented, "  ");
    at_limit = g_string_free (accented, FALSE);
    hd_submission_clear (&s);
    fill_form (&s);
    replace (&s.subject, at_limit);
    more = hd_submission_check (&s, plan);
    g_assert_cmpuint (more->len, ==, 0);
    replace (&s.subject, long_subject);
    g_clear_pointer (&more, g_ptr_array_unref);
    more = hd_submission_check (&s, plan);
    g_assert_cmpuint (more->len, ==, 1);
    g_assert_cmpstr (message_for (more, "subject"), ==, "Make this at most 200 characters long");
  }
}

/* Without the plan (not in the cache yet) only what needs none. */
static void
test_without_plan (void)
{
  g_auto(HdSubmission) s = { 0 };
  g_autoptr(GPtrArray) problems = NULL;
  const char * const fields[] = { "subject", NULL };

  fill_form (&s);
  replace (&s.location, "Springfield Elementary");
  replace (&s.subject, "");
  problems = hd_submission_check (&s, NULL);
  assert_fields (problems, fields);
}

static void
test_fill_requester (void)
{
  g_auto(HdSubmission) self = { 0 };
  g_auto(HdSubmission) no_name = { 0 };
  g_auto(HdSubmission) visitor = { 0 };
  g_autoptr(GPtrArray) problems = NULL;

  /* filing for oneself: the account's name and address */
  fill_form (&self);
  g_clear_pointer (&self.requester_name, g_free);
  g_clear_pointer (&self.requester_email, g_free);
  hd_submission_fill_requester (&self, "frontdesk", "Front Office", "front@springfield.example");
  g_assert_true (self.for_self);
  g_assert_cmpstr (self.requester_name, ==, "Front Office");
  g_assert_cmpstr (self.requester_email, ==, "front@springfield.example");

  /* an account with no name nor address: the user name, and no way to
   * reach them is needed, the team knows the submitter */
  fill_form (&no_name);
  replace (&no_name.requester_name, "  ");
  g_clear_pointer (&no_name.requester_email, g_free);
  hd_submission_fill_requester (&no_name, "frontdesk", NULL, NULL);
  g_assert_cmpstr (no_name.requester_name, ==, "frontdesk");
  g_assert_null (no_name.requester_email);
  problems = hd_submission_check (&no_name, plan);
  g_assert_cmpuint (problems->len, ==, 0);

  /* a requester named: left as it is */
  fill_form (&visitor);
  hd_submission_fill_requester (&visitor, "frontdesk", "Front Office", "front@springfield.example");
  g_assert_false (visitor.for_self);
  g_assert_cmpstr (visitor.requester_name, ==, "Ms. Rivera");
  g_assert_cmpstr (visitor.requester_email, ==, "rivera@springfield.example");
}

static void
test_describe_priority (void)
{
  const HdPlanPriority *critical = hd_submission_describe_priority (plan, "few", "blocked");
  const HdPlanPriority *high = hd_submission_describe_priority (plan, "many", "inconvenience");

  g_assert_nonnull (critical);
  g_assert_cmpint (critical->priority, ==, HD_PRIORITY_CRITICAL);
  g_assert_cmpstr (critical->label, ==, "Critical");
  g_assert_true (g_str_has_prefix (critical->description, "Prevents a user from working"));
  g_assert_cmpint (critical->response, ==, 30 * 60);
  g_assert_nonnull (high);
  g_assert_cmpint (high->priority, ==, HD_PRIORITY_HIGH);
  g_assert_null (hd_submission_describe_priority (plan, "few", NULL));
  g_assert_null (hd_submission_describe_priority (plan, "everyone", "blocked"));
}

static void
test_build (void)
{
  g_auto(HdSubmission) s = { 0 };
  g_autoptr(HdTicket) t = NULL;
  g_autoptr(HdTicket) medium = NULL;
  /* Tuesday 16:50 CST, closed, then Thanksgiving break */
  gint64 now = hd_test_instant ("2026-11-24T22:50:00Z");

  fill_form (&s);
  t = hd_submission_build (&s, plan, "frontdesk", now);
  g_assert_true (g_uuid_string_is_valid (t->id));
  g_assert_cmpint (t->number, ==, 0);
  g_assert_cmpstr (t->subject, ==, "Projector in room 12 shows no picture");
  g_assert_cmpstr (t->description, ==, "It says “no signal”.\nThe cable was checked.");
  g_assert_cmpstr (t->requester_name, ==, "Ms. Rivera");
  g_assert_cmpstr (t->requester_email, ==, "rivera@springfield.example");
  g_assert_null (t->requester_phone);
  g_assert_cmpstr (t->submitted_by, ==, "frontdesk");
  g_assert_cmpint (t->channel, ==, HD_CHANNEL_PHONE);
  g_assert_cmpstr (t->location, ==, "Lincoln Elementary");
  g_assert_cmpint (t->priority, ==, HD_PRIORITY_CRITICAL);
  g_assert_cmpint (t->status, ==, HD_STATUS_NEW);
  g_assert_null (t->assignee);
  g_assert_cmpint (t->created_at, ==, now);
  /* Monday 07:00 + 30m, and + 4h inside Monday's 07:00-11:30 */
  hd_test_assert_instant (t->response_due_at, "2026-11-30T13:30:00Z");
  hd_test_assert_instant (t->resolution_due_at, "2026-11-30T17:00:00Z");

  replace (&s.effect, "workaround");
  medium = hd_submission_build (&s, plan, "frontdesk", now);
  g_assert_cmpint (medium->priority, ==, HD_PRIORITY_MEDIUM);
  g_assert_cmpint (medium->response_due_at, ==,
                   hd_sla_deadline (plan, HD_PRIORITY_MEDIUM, HD_SLA_RESPONSE, now, NULL, 0));
  g_assert_cmpint (medium->resolution_due_at, ==,
                   hd_sla_deadline (plan, HD_PRIORITY_MEDIUM, HD_SLA_RESOLUTION, now, NULL, 0));
  g_assert_cmpstr (medium->id, !=, t->id);
}

static void
test_request_body (void)
{
  g_auto(HdSubmission) s = { 0 };
  g_autoptr(HdTicket) t = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o, *requester;
  const char * const server_owned[] = {
    "number", "version", "submitted_by", "priority", "priority_reason", "status", "assignee", "escalation_level",
    "created_at", "updated_at", "acknowledged_at", "first_response_at", "resolved_at", "closed_at",
    "response_due_at", "resolution_due_at", "survey",
  };

  fill_form (&s);
  t = hd_submission_build (&s, plan, "frontdesk", hd_test_instant ("2026-11-24T15:00:00Z"));
  body = hd_submission_request_body (t);
  node = hd_json_parse (body, strlen (body), G_MAXSIZE, NULL);
  g_assert_nonnull (node);
  o = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (server_owned); i++)
    g_assert_false (json_object_has_member (o, server_owned[i]));
  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, t->id);
  g_assert_cmpstr (json_object_get_string_member (o, "subject"), ==, "Projector in room 12 shows no picture");
  g_assert_cmpstr (json_object_get_string_member (o, "channel"), ==, "phone");
  g_assert_cmpstr (json_object_get_string_member (o, "topic"), ==, "classroom-av");
  requester = json_object_get_object_member (o, "requester");
  g_assert_cmpstr (json_object_get_string_member (requester, "name"), ==, "Ms. Rivera");
  g_assert_cmpstr (json_object_get_string_member (requester, "email"), ==, "rivera@springfield.example");
  g_assert_true (json_object_get_null_member (requester, "phone"));
}

static void
test_save (Fixture       *f,
           gconstpointer  data)
{
  g_auto(HdSubmission) s = { 0 };
  g_autoptr(HdTicket) t = NULL;
  g_autoptr(HdCachedTicket) cached = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  const HdOutboxItem *item;

  fill_form (&s);
  t = hd_submission_build (&s, plan, "frontdesk", hd_test_instant ("2026-11-24T15:00:00Z"));
  g_assert_true (hd_submission_save (f->cache, t, &error));
  g_assert_no_error (error);

  g_assert_cmpint (hd_cache_count_tickets (f->cache), ==, 1);
  cached = hd_cache_find_ticket (f->cache, t->id);
  g_assert_nonnull (cached);
  g_assert_true (cached->pending);
  g_assert_cmpstr (cached->ticket->subject, ==, t->subject);
  g_assert_cmpint (cached->ticket->response_due_at, ==, t->response_due_at);

  outbox = hd_cache_list_outbox (f->cache);
  g_assert_cmpuint (outbox->len, ==, 1);
  item = g_ptr_array_index (outbox, 0);
  body = hd_submission_request_body (t);
  g_assert_cmpint (item->kind, ==, HD_OUTBOX_CREATE_TICKET);
  g_assert_cmpstr (item->ticket_id, ==, t->id);
  g_assert_cmpstr (item->body, ==, body);
  g_assert_null (item->if_match);
  g_assert_null (item->base);
}

/* The rules the server applies too. */
static void
test_rules (void)
{
  const char *addresses[] = { "rivera@springfield.example", "a.b-c+d@x.y" };
  const char *not_addresses[] = {
    "", "rivera", "@springfield.example", "rivera@localhost", "a@b@c.d", "Ms. Rivera <r@s.example>",
    "r@s.example, x@y.example", "r@s.example\nBcc: x@y.example",
  };
  HdTicket t = { .response_due_at = hd_test_instant ("2026-11-30T13:30:00Z") };

  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    g_assert_true (hd_submission_is_mail_address (addresses[i]));
  for (guint i = 0; i < G_N_ELEMENTS (not_addresses); i++)
    g_assert_false (hd_submission_is_mail_address (not_addresses[i]));
  g_assert_false (hd_submission_is_mail_address (NULL));

  g_assert_true (hd_submission_is_single_line ("Projector in room 12 — “no signal”"));
  g_assert_true (hd_submission_is_single_line (NULL));
  g_assert_false (hd_submission_is_single_line ("one\ntwo"));
  g_assert_false (hd_submission_is_single_line ("tab\there"));
  g_assert_false (hd_submission_is_single_line ("del\x7f"));

  /* the example plan: once the response deadline passed */
  g_assert_cmpint (hd_submission_follow_up_from (plan, &t), ==, t.response_due_at);
  g_assert_false (hd_submission_may_follow_up (plan, &t, t.response_due_at - 1));
  g_assert_true (hd_submission_may_follow_up (plan, &t, t.response_due_at));
  t.response_due_at = -1;
  g_assert_cmpint (hd_submission_follow_up_from (plan, &t), ==, -1);
  g_assert_false (hd_submission_may_follow_up (plan, &t, G_MAXINT64 / 2));
}

int
main (int argc, char **argv)
{
  g_autofree char *path = g_build_filename (g_getenv ("HD_SOURCE_DIR"), "data", "plans", "example-district.plan", NULL);
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  plan = hd_plan_load (path, HD_PLAN_SCOPE_FULL, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/submission/empty-form", test_empty_form);
  g_test_add_func ("/submission/good-form", test_good_form);
  g_test_add_func ("/submission/bad-values", test_bad_values);
  g_test_add_func ("/submission/without-plan", test_without_plan);
  g_test_add_func ("/submission/fill-requester", test_fill_requester);
  g_test_add_func ("/submission/describe-priority", test_describe_priority);
  g_test_add_func ("/submission/build", test_build);
  g_test_add_func ("/submission/request-body", test_request_body);
  g_test_add ("/submission/save", Fixture, NULL, fixture_set_up, test_save, fixture_tear_down);
  g_test_add_func ("/submission/rules", test_rules);

  status = g_test_run ();
  g_clear_object (&plan);
  return status;
}

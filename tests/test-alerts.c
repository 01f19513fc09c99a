/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "hd-alert.h"
#include "hd-cache.h"
#include "hd-test-util.h"
#include "hd-time.h"

/* The alert rules and their memory, over a real cache file, with no
 * D-Bus: the app only shows what these return. 2026-11-30 is a Monday;
 * the plan's day runs 08:00-16:00 UTC, Monday to Friday. */

static const char plan_text[] =
  "[Help Desk]\nName=Alert Test District\nTimeZone=UTC\nEmail=helpdesk@test.example\n"
  "[Hours]\nMonday=08:00-16:00\nTuesday=08:00-16:00\nWednesday=08:00-16:00\nThursday=08:00-16:00\n"
  "Friday=08:00-16:00\n"
  "[Locations]\nNames=Lincoln Elementary\n"
  "[Priority critical]\nLabel=Critical\nResponse=30m\nResolution=4h\nWarnBefore=10m\n"
  "[Priority high]\nLabel=High\nResponse=1h\nResolution=8h\nWarnBefore=15m\n"
  "[Priority medium]\nLabel=Medium\nResponse=4h\nResolution=16h\nWarnBefore=30m\n"
  "[Priority normal]\nLabel=Normal\nResponse=8h\nResolution=40h\nWarnBefore=1h\n"
  "[Matrix]\nScopes=few;some;many\nEffects=blocked;workaround;inconvenience\n"
  "few=critical;medium;normal\nsome=critical;medium;medium\nmany=critical;high;high\n"
  "[Topic classroom-av]\nLabel=Classroom audio-visual\nTeam=bob;carol\nLead=alice\n"
  "[Topic network]\nLabel=Network\nTeam=erin\nLead=erin\n"
  "[Member alice]\nName=Alice Lead\nSenior=true\n"
  "[Member bob]\nName=Bob Tech\n"
  "[Member carol]\nName=Carol Tech\n"
  "[Member erin]\nName=Erin Net\n"
  "[Member dana]\nName=Dana Supervisor\n"
  "[Escalation]\nOnResponseBreach=lead\nOnResolutionBreach=supervisor\nSupervisors=dana\n"
  "[Processes]\nAcknowledge=none\nFollowUpAfter=response\nAutoCloseAfter=24h\nSurvey=true\nFeedback=dana\n";

static const char * const av_topics[] = { "classroom-av", NULL };
static const char * const network_topics[] = { "network", NULL };

static const HdAlertRecipient bob = { "bob", HD_ROLE_TECHNICIAN, av_topics, HD_ALERT_ALL_KINDS, FALSE };
static const HdAlertRecipient carol = { "carol", HD_ROLE_TECHNICIAN, av_topics, HD_ALERT_ALL_KINDS, FALSE };
static const HdAlertRecipient erin = { "erin", HD_ROLE_TECHNICIAN, network_topics, HD_ALERT_ALL_KINDS, FALSE };
static const HdAlertRecipient alice = { "alice", HD_ROLE_TECHNICIAN, NULL, HD_ALERT_ALL_KINDS, FALSE };
static const HdAlertRecipient dana = { "dana", HD_ROLE_SUPERVISOR, NULL, HD_ALERT_ALL_KINDS, FALSE };
static const HdAlertRecipient frontdesk = { "frontdesk", HD_ROLE_REQUESTER, NULL, HD_ALERT_ALL_KINDS, FALSE };

typedef struct {
  char    *dir;
  char    *path;
  HdCache *cache;
  HdPlan  *plan;
  guint    pages;
} Fixture;

static char *
ticket_id (guint n)
{
  return g_strdup_printf ("3f1c2b7e-1111-4a2b-9c3d-%012u", n);
}

/* Ticket @n as the server would send it: submitted by frontdesk at
 * Monday 14:00, its deadlines from the plan. */
static HdTicket *
make_ticket (Fixture    *f,
             guint       n,
             HdPriority  priority,
             HdStatus    status,
             const char *assignee)
{
  HdTicket *t = hd_ticket_new ();

  t->id = ticket_id (n);
  t->number = n;
  t->subject = g_strdup_printf ("Projector %u shows no picture", n);
  t->description = g_strdup ("The projector in the library shows no signal.");
  t->requester_name = g_strdup ("Ms. Rivera");
  t->submitted_by = g_strdup ("frontdesk");
  t->location = g_strdup ("Lincoln Elementary");
  t->topic = g_strdup ("classroom-av");
  t->scope = g_strdup ("few");
  t->effect = g_strdup ("blocked");
  t->priority = priority;
  t->status = status;
  t->assignee = g_strdup (assignee);
  t->created_at = t->updated_at = t->acknowledged_at = hd_test_instant ("2026-11-30T14:00:00Z");
  t->response_due_at = hd_sla_deadline (f->plan, priority, HD_SLA_RESPONSE, t->created_at, NULL, 0);
  t->resolution_due_at = hd_sla_deadline (f->plan, priority, HD_SLA_RESOLUTION, t->created_at, NULL, 0);
  return t;
}

/* Writes @t (taken) as a page of the change feed brings it. */
static void
put (Fixture  *f,
     HdTicket *t)
{
  g_autoptr(HdChanges) page = hd_changes_new ();
  g_autoptr(GError) error = NULL;

  hd_changes_add_ticket (page, t);
  page->cursor = g_strdup_printf ("epoch.%u", ++f->pages);
  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_assert_no_error (error);
}

static HdAlertBatch *
check (Fixture                *f,
       const HdAlertRecipient *who,
       const char             *now)
{
  g_autoptr(GError) error = NULL;
  HdAlertBatch *batch = hd_cache_check_alerts (f->cache, f->plan, who, hd_test_instant (now), &error);

  g_assert_no_error (error);
  g_assert_nonnull (batch);
  return batch;
}

/* Checks that @batch tells exactly one alert, of @kind about ticket @n. */
static const HdAlert *
assert_one (const HdAlertBatch *batch,
            HdAlertKind         kind,
            guint               n)
{
  const HdAlert *alert;

  g_assert_false (hd_alert_batch_is_flood (batch));
  g_assert_cmpuint (batch->alerts->len, ==, 1);
  alert = g_ptr_array_index (batch->alerts, 0);
  g_assert_cmpstr (hd_alert_kind_to_string (alert->kind), ==, hd_alert_kind_to_string (kind));
  g_assert_cmpint (alert->ticket->number, ==, n);
  g_assert_false (alert->silent);
  return alert;
}

static void
assert_none (Fixture                *f,
             const HdAlertRecipient *who,
             const char             *now)
{
  g_autoptr(HdAlertBatch) batch = check (f, who, now);

  g_assert_false (hd_alert_batch_is_flood (batch));
  g_assert_cmpuint (batch->alerts->len, ==, 0);
}

static void
open_cache (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->cache);
  f->cache = hd_cache_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("helpdesk-alerts-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "cache.db", NULL);
  open_cache (f);
  f->plan = hd_test_plan_from_text (plan_text, HD_PLAN_SCOPE_FULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->cache);
  g_clear_object (&f->plan);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* A critical ticket is told once, and not again after a restart. */
static void
test_critical_once (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(HdAlertBatch) first = NULL;
  const HdAlert *alert;

  put (f, make_ticket (f, 1042, HD_PRIORITY_CRITICAL, HD_STATUS_NEW, "bob"));
  first = check (f, &bob, "2026-11-30T14:01:00Z");
  alert = assert_one (first, HD_ALERT_CRITICAL, 1042);
  g_assert_cmpstr (alert->ticket->subject, ==, "Projector 1042 shows no picture");
  g_assert_true (hd_alert_is_urgent (alert->kind));
  /* its response is due at 14:30: the next look is due soon, at 14:20 */
  hd_test_assert_instant (first->next_check, "2026-11-30T14:20:00Z");

  assert_none (f, &bob, "2026-11-30T14:02:00Z");
  /* a new version of the ticket is no new alert */
  put (f, make_ticket (f, 1042, HD_PRIORITY_CRITICAL, HD_STATUS_IN_PROGRESS, "bob"));
  assert_none (f, &bob, "2026-11-30T14:03:00Z");
  open_cache (f);
  assert_none (f, &bob, "2026-11-30T14:04:00Z");
}

/* Who is concerned with what. */
static void
test_concerned (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(HdTicket) t = make_ticket (f, 7, HD_PRIORITY_CRITICAL, HD_STATUS_NEW, "carol");

  /* critical: the topic's team and lead, the assignee, supervisors */
  g_assert_true (hd_alert_concerns (f->plan, &bob, HD_ALERT_CRITICAL, t));
  g_assert_true (hd_alert_concerns (f->plan, &alice, HD_ALERT_CRITICAL, t));
  g_assert_true (hd_alert_concerns (f->plan, &dana, HD_ALERT_CRITICAL, t));
  g_assert_false (hd_alert_concerns (f->plan, &erin, HD_ALERT_CRITICAL, t));
  g_assert_false (hd_alert_concerns (f->plan, &frontdesk, HD_ALERT_CRITICAL, t));
  /* deadlines: the assignee, supervisors */
  g_assert_true (hd_alert_concerns (f->plan, &carol, HD_ALERT_DUE_SOON, t));
  g_assert_true (hd_alert_concerns (f->plan, &dana, HD_ALERT_MISSED, t));
  g_assert_false (hd_alert_concerns (f->plan, &bob, HD_ALERT_DUE_SOON, t));
  g_assert_false (hd_alert_concerns (f->plan, &alice, HD_ALERT_MISSED, t));
  g_free (t->assignee);
  t->assignee = g_strdup ("erin");
  g_assert_true (hd_alert_concerns (f->plan, &erin, HD_ALERT_CRITICAL, t));
  g_assert_true (hd_alert_concerns (f->plan, &erin, HD_ALERT_MISSED, t));
  /* front office staff are told nothing, even of their own tickets */
  g_free (t->assignee);
  t->assignee = g_strdup ("frontdesk");
  g_assert_false (hd_alert_concerns (f->plan, &frontdesk, HD_ALERT_DUE_SOON, t));
  g_assert_false (hd_alert_concerns (f->plan, &frontdesk, HD_ALERT_CRITICAL, t));
}

/* Nobody outside the ticket's topic hears of it, and front office staff
 * never do; the memory holds nothing for them, so a later assignment is
 * news. */
static void
test_not_concerned (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(HdAlertBatch) batch = NULL;

  put (f, make_ticket (f, 8, HD_PRIORITY_CRITICAL, HD_STATUS_NEW, "carol"));
  assert_none (f, &erin, "2026-11-30T14:01:00Z");
  assert_none (f, &frontdesk, "2026-11-30T14:01:00Z");
  put (f, make_ticket (f, 8, HD_PRIORITY_CRITICAL, HD_STATUS_IN_PROGRESS, "erin"));
  batch = check (f, &erin, "2026-11-30T14:02:00Z");
  assert_one (batch, HD_ALERT_CRITICAL, 8);
}

/* A critical ticket one filed oneself, or raised to critical here, is no
 * news; raised by someone else, it is. */
static void
test_own_changes (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HdTicket) mine = make_ticket (f, 20, HD_PRIORITY_CRITICAL, HD_STATUS_NEW, "carol");
  g_autoptr(HdTicket) raised = make_ticket (f, 21, HD_PRIORITY_CRITICAL, HD_STATUS_NEW, "carol");
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(HdAlertBatch) batch = NULL;
  g_autoptr(GError) error = NULL;

  g_free (mine->submitted_by);
  mine->submitted_by = g_strdup ("bob");
  put (f, g_steal_pointer (&mine));
  put (f, make_ticket (f, 21, HD_PRIORITY_NORMAL, HD_STATUS_NEW, "carol"));
  put (f, make_ticket (f, 22, HD_PRIORITY_NORMAL, HD_STATUS_NEW, "carol"));
  assert_none (f, &bob, "2026-11-30T14:01:00Z");

  /* bob raises 21 to critical here, and the server's version replaces
   * the change before the rules run */
  g_assert_true (hd_cache_queue_patch (f->cache, raised, "{\"priority\":\"critical\",\"priority_reason\":\"a class waits\"}",
                                       "\"1\"", "{\"priority\":\"normal\",\"priority_reason\":null}", &error));
  g_assert_no_error (error);
  outbox = hd_cache_list_outbox (f->cache);
  g_assert_cmpuint (outbox->len, ==, 1);
  raised->version = 2;
  g_assert_true (hd_cache_outbox_delivered (f->cache, g_ptr_array_index (outbox, 0), raised, &error));
  g_assert_no_error (error);
  assert_none (f, &bob, "2026-11-30T14:03:00Z");

  /* 22 is raised by someone else */
  put (f, make_ticket (f, 22, HD_PRIORITY_CRITICAL, HD_STATUS_NEW, "carol"));
  batch = check (f, &bob, "2026-11-30T14:04:00Z");
  assert_one (batch, HD_ALERT_CRITICAL, 22);
}

/* A priority raised elsewhere: only the ticket's history says by whom. */
static void
test_raised_by (Fixture       *f,
                gconstpointer  data)
{
  static const char history[] =
    "{\"id\": \"x\", \"events\": ["
    " {\"actor\": \"frontdesk\", \"action\": \"created\", \"field\": null, \"to\": null},"
    " {\"actor\": \"bob\", \"action\": \"priority\", \"field\": \"priority\", \"from\": \"normal\", \"to\": \"critical\"},"
    " {\"actor\": \"carol\", \"action\": \"priority\", \"field\": \"priority\", \"from\": \"critical\", \"to\": \"high\"},"
    " {\"actor\": \"dana\", \"action\": \"priority\", \"field\": \"priority\", \"from\": \"high\", \"to\": \"critical\"},"
    " {\"actor\": \"bob\", \"action\": \"status\", \"field\": \"status\", \"from\": \"new\", \"to\": \"in-progress\"}]}";
  g_autoptr(JsonNode) node = json_from_string (history, NULL);
  g_autoptr(JsonNode) no_events = json_from_string ("{\"id\": \"x\"}", NULL);
  g_autoptr(JsonNode) odd = json_from_string ("{\"events\": [1, {\"field\": 2, \"to\": \"critical\"}]}", NULL);
  g_autoptr(HdTicket) t = make_ticket (f, 100, HD_PRIORITY_CRITICAL, HD_STATUS_NEW, "carol");
  HdAlert alert = { HD_ALERT_CRITICAL, HD_SLA_RESPONSE, 0, FALSE, t };

  g_assert_true (hd_alert_raised_by (node, "dana"));
  g_assert_false (hd_alert_raised_by (node, "bob"));
  g_assert_false (hd_alert_raised_by (no_events, "dana"));
  g_assert_false (hd_alert_raised_by (odd, "dana"));

  /* the matrix made it critical at submission: nothing to look up */
  g_assert_false (hd_alert_needs_history (&alert));
  t->priority_reason = g_strdup ("report cards are due");
  g_assert_true (hd_alert_needs_history (&alert));
  alert.kind = HD_ALERT_MISSED;
  g_assert_false (hd_alert_needs_history (&alert));
}

/* Resolved and closed tickets say nothing. */
static void
test_closed (Fixture       *f,
             gconstpointer  data)
{
  put (f, make_ticket (f, 30, HD_PRIORITY_CRITICAL, HD_STATUS_RESOLVED, "bob"));
  put (f, make_ticket (f, 31, HD_PRIORITY_CRITICAL, HD_STATUS_CLOSED, "bob"));
  assert_none (f, &bob, "2026-11-30T16:30:00Z");
  assert_none (f, &dana, "2026-12-07T12:00:00Z");
}

/* A deadline: due soon within WarnBefore, then missed, once each; a
 * moved deadline is news again; then the next deadline. */
static void
test_deadlines (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(HdTicket) moved = make_ticket (f, 40, HD_PRIORITY_HIGH, HD_STATUS_IN_PROGRESS, "bob");
  g_autoptr(HdTicket) answered = make_ticket (f, 40, HD_PRIORITY_HIGH, HD_STATUS_IN_PROGRESS, "bob");
  g_autoptr(HdAlertBatch) calm = NULL, soon = NULL, missed = NULL, again = NULL, resolution = NULL;
  const HdAlert *alert;

  /* response due at 15:00, warned from 14:45 */
  put (f, make_ticket (f, 40, HD_PRIORITY_HIGH, HD_STATUS_IN_PROGRESS, "bob"));
  calm = check (f, &bob, "2026-11-30T14:30:00Z");
  g_assert_cmpuint (calm->alerts->len, ==, 0);
  hd_test_assert_instant (calm->next_check, "2026-11-30T14:45:00Z");
  assert_none (f, &carol, "2026-11-30T14:50:00Z");

  soon = check (f, &bob, "2026-11-30T14:45:00Z");
  alert = assert_one (soon, HD_ALERT_DUE_SOON, 40);
  g_assert_cmpint (alert->target, ==, HD_SLA_RESPONSE);
  hd_test_assert_instant (alert->key, "2026-11-30T15:00:00Z");
  g_assert_false (hd_alert_is_urgent (alert->kind));
  hd_test_assert_instant (soon->next_check, "2026-11-30T15:00:00Z");
  assert_none (f, &bob, "2026-11-30T14:50:00Z");

  missed = check (f, &bob, "2026-11-30T15:00:00Z");
  alert = assert_one (missed, HD_ALERT_MISSED, 40);
  g_assert_cmpint (alert->target, ==, HD_SLA_RESPONSE);
  g_assert_true (hd_alert_is_urgent (alert->kind));
  assert_none (f, &bob, "2026-11-30T15:10:00Z");

  /* the deadline moved out by 30 minutes (the ticket waited): news again */
  moved->response_due_at += 30 * 60;
  moved->resolution_due_at += 30 * 60;
  moved->version = 3;
  put (f, g_steal_pointer (&moved));
  again = check (f, &bob, "2026-11-30T15:20:00Z");
  alert = assert_one (again, HD_ALERT_DUE_SOON, 40);
  hd_test_assert_instant (alert->key, "2026-11-30T15:30:00Z");

  /* answered: the response deadline says nothing more; the resolution's
   * (8 business hours: Tuesday 14:00) is warned of at 13:45 */
  answered->first_response_at = hd_test_instant ("2026-11-30T15:25:00Z");
  answered->version = 4;
  put (f, g_steal_pointer (&answered));
  assert_none (f, &bob, "2026-11-30T15:40:00Z");
  resolution = check (f, &bob, "2026-12-01T13:45:00Z");
  alert = assert_one (resolution, HD_ALERT_DUE_SOON, 40);
  g_assert_cmpint (alert->target, ==, HD_SLA_RESOLUTION);
}

/* The first look of a day finds when the next warning is due without
 * the ticket being close yet: with no sync, time alone brings it. */
static void
test_next_check (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(HdAlertBatch) batch = NULL;

  put (f, make_ticket (f, 50, HD_PRIORITY_NORMAL, HD_STATUS_NEW, "bob"));
  put (f, make_ticket (f, 51, HD_PRIORITY_HIGH, HD_STATUS_NEW, "carol"));
  /* bob's own: the normal one's response (8 h: Tuesday 14:00), warned an hour before */
  batch = check (f, &bob, "2026-11-30T14:05:00Z");
  g_assert_cmpuint (batch->alerts->len, ==, 0);
  hd_test_assert_instant (batch->next_check, "2026-12-01T13:00:00Z");
  g_clear_pointer (&batch, hd_alert_batch_free);
  /* a supervisor's: carol's high one, at 14:45 */
  batch = check (f, &dana, "2026-11-30T14:05:00Z");
  g_assert_cmpuint (batch->alerts->len, ==, 0);
  hd_test_assert_instant (batch->next_check, "2026-11-30T14:45:00Z");
}

/* While the ticket waits on its requester, its clock and its alerts stop. */
static void
test_waiting (Fixture       *f,
              gconstpointer  data)
{
  HdTicket *t = make_ticket (f, 60, HD_PRIORITY_HIGH, HD_STATUS_WAITING, "bob");

  t->response_due_at = t->resolution_due_at = -1;
  put (f, t);
  assert_none (f, &bob, "2026-12-02T12:00:00Z");
  assert_none (f, &dana, "2026-12-02T12:00:00Z");
}

static HdTicket *
escalated_ticket (Fixture *f,
                  gint64   level)
{
  HdTicket *t = make_ticket (f, 70, HD_PRIORITY_HIGH, HD_STATUS_IN_PROGRESS, "alice");

  t->escalation_level = level;
  t->version = level + 1;
  t->updated_at = level == 1 ? t->response_due_at : t->resolution_due_at;
  return t;
}

static gboolean
rules_escalate_to (Fixture                *f,
                   const HdAlertRecipient *who,
                   gint64                  level,
                   const char             *now)
{
  g_autoptr(HdTicket) t = escalated_ticket (f, level);
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_alert_free);
  gint64 next = HD_TIME_NEVER;

  hd_alert_rules_apply (f->plan, who, t, FALSE, hd_test_instant (now), alerts, &next);
  for (guint i = 0; i < alerts->len; i++)
    {
      const HdAlert *alert = g_ptr_array_index (alerts, i);

      if (alert->kind == HD_ALERT_ESCALATED && !alert->silent)
        return TRUE;
    }
  return FALSE;
}

/* Escalated to the lead on a missed response, then to the supervisors on
 * a missed resolution: each hears of their own, once. */
static void
test_escalated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(HdAlertBatch) lead = NULL, supervisor = NULL;
  const HdAlert *alert;

  put (f, escalated_ticket (f, 1));
  lead = check (f, &alice, "2026-11-30T15:00:30Z");
  /* alice is the assignee now: the missed response too */
  g_assert_cmpuint (lead->alerts->len, ==, 2);
  alert = g_ptr_array_index (lead->alerts, 1);
  g_assert_cmpint (alert->kind, ==, HD_ALERT_ESCALATED);
  g_assert_cmpint (alert->key, ==, 1);
  g_assert_true (hd_alert_is_urgent (alert->kind));
  assert_none (f, &alice, "2026-11-30T15:01:00Z");
  g_assert_false (rules_escalate_to (f, &dana, 1, "2026-11-30T15:01:00Z"));

  put (f, escalated_ticket (f, 2));
  supervisor = check (f, &dana, "2026-12-01T14:00:30Z");
  /* the missed resolution and the escalation (the missed response was
   * told in this cache, alice's, already) */
  g_assert_cmpuint (supervisor->alerts->len, ==, 2);
  alert = g_ptr_array_index (supervisor->alerts, 1);
  g_assert_cmpint (alert->kind, ==, HD_ALERT_ESCALATED);
  g_assert_cmpint (alert->key, ==, 2);
  assert_none (f, &dana, "2026-12-01T14:01:00Z");
  /* to the supervisors, not to alice, who keeps it */
  g_assert_false (rules_escalate_to (f, &alice, 2, "2026-12-01T14:00:30Z"));
  g_assert_true (rules_escalate_to (f, &dana, 2, "2026-12-01T14:00:30Z"));
}

/* Outside the plan's hours, with quiet on, only critical tickets speak;
 * the rest waits for the opening. */
static void
test_quiet (Fixture       *f,
            gconstpointer  data)
{
  HdAlertRecipient quiet_bob = bob;
  g_autoptr(HdAlertBatch) evening = NULL, morning = NULL;

  quiet_bob.quiet_outside_hours = TRUE;
  put (f, make_ticket (f, 80, HD_PRIORITY_HIGH, HD_STATUS_IN_PROGRESS, "bob"));
  put (f, make_ticket (f, 81, HD_PRIORITY_CRITICAL, HD_STATUS_NEW, "bob"));
  evening = check (f, &quiet_bob, "2026-11-30T18:00:00Z");
  /* the critical one: its arrival and its missed response (its
   * resolution is due Tuesday 10:00) */
  g_assert_cmpuint (evening->alerts->len, ==, 2);
  for (guint i = 0; i < evening->alerts->len; i++)
    g_assert_cmpint (((HdAlert *) g_ptr_array_index (evening->alerts, i))->ticket->number, ==, 81);
  hd_test_assert_instant (evening->next_check, "2026-12-01T08:00:00Z");

  morning = check (f, &quiet_bob, "2026-12-01T08:00:00Z");
  assert_one (morning, HD_ALERT_MISSED, 80);
}

/* A kind turned off is remembered, not told: turned on again, it brings
 * back nothing of the past. */
static void
test_kinds_off (Fixture       *f,
                gconstpointer  data)
{
  HdAlertRecipient no_deadlines = bob;
  g_autoptr(HdAlertBatch) batch = NULL;

  no_deadlines.kinds = HD_ALERT_KIND_BIT (HD_ALERT_CRITICAL) | HD_ALERT_KIND_BIT (HD_ALERT_ESCALATED);
  put (f, make_ticket (f, 90, HD_PRIORITY_HIGH, HD_STATUS_IN_PROGRESS, "bob"));
  assert_none (f, &no_deadlines, "2026-11-30T14:50:00Z");
  assert_none (f, &bob, "2026-11-30T14:51:00Z");
  batch = check (f, &bob, "2026-11-30T15:00:00Z");
  assert_one (batch, HD_ALERT_MISSED, 90);
}

static gint64
count_told (Fixture *f,
            int      told)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM alerts WHERE told = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int (stmt, 1, told);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

/* A first sync of 10,000 tickets is one summary, remembered whole. */
static void
test_flood (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HdChanges) page = hd_changes_new ();
  g_autoptr(HdAlertBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started;

  for (guint n = 1; n <= 10000; n++)
    hd_changes_add_ticket (page, make_ticket (f, n, n % 10 == 0 ? HD_PRIORITY_CRITICAL : HD_PRIORITY_NORMAL,
                                              n % 3 == 0 ? HD_STATUS_CLOSED : HD_STATUS_IN_PROGRESS,
                                              n % 2 == 0 ? "bob" : "carol"));
  page->cursor = g_strdup ("epoch.10000");
  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_assert_no_error (error);

  started = g_get_monotonic_time ();
  batch = check (f, &dana, "2026-12-08T12:00:00Z");
  g_test_message ("10,000 tickets looked at in %.0f ms", (g_get_monotonic_time () - started) / 1000.0);
  g_assert_true (hd_alert_batch_is_flood (batch));
  /* 6,667 open; 667 of them critical; every open one missed both deadlines */
  g_assert_cmpuint (batch->flood[HD_ALERT_CRITICAL], ==, 667);
  g_assert_cmpuint (batch->flood[HD_ALERT_MISSED], ==, 2 * 6667);
  g_assert_cmpuint (batch->flood[HD_ALERT_DUE_SOON], ==, 0);
  g_assert_cmpuint (batch->flood_tickets, ==, 6667);
  g_assert_cmpint (count_told (f, 2), ==, 667 + 2 * 6667);
  g_assert_cmpint (count_told (f, 1), ==, 0);

  started = g_get_monotonic_time ();
  assert_none (f, &dana, "2026-12-08T12:01:00Z");
  g_test_message ("and the next minute's look in %.0f ms", (g_get_monotonic_time () - started) / 1000.0);
  open_cache (f);
  assert_none (f, &dana, "2026-12-08T12:02:00Z");
}

/* Up to HD_ALERT_FLOOD at once are told one by one. */
static void
test_no_flood (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(HdAlertBatch) batch = NULL;

  for (guint n = 1; n <= HD_ALERT_FLOOD; n++)
    put (f, make_ticket (f, n, HD_PRIORITY_CRITICAL, HD_STATUS_NEW, "carol"));
  batch = check (f, &bob, "2026-11-30T14:01:00Z");
  g_assert_false (hd_alert_batch_is_flood (batch));
  g_assert_cmpuint (batch->alerts->len, ==, HD_ALERT_FLOOD);
  g_assert_cmpint (count_told (f, 1), ==, HD_ALERT_FLOOD);
}

/* Passes close together, each under the flood, gathered: one summary. */
static void
test_burst (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HdAlertBatch) gathered = NULL;
  HdAlertBatch *later;

  for (guint n = 1; n <= 3; n++)
    put (f, make_ticket (f, n, HD_PRIORITY_CRITICAL, HD_STATUS_NEW, "bob"));
  gathered = check (f, &bob, "2026-11-30T14:01:00Z");
  g_assert_cmpuint (gathered->alerts->len, ==, 3);
  hd_test_assert_instant (gathered->next_check, "2026-11-30T14:20:00Z");
  for (guint n = 4; n <= 6; n++)
    put (f, make_ticket (f, n, HD_PRIORITY_CRITICAL, HD_STATUS_NEW, "carol"));
  later = check (f, &bob, "2026-11-30T14:01:02Z");
  g_assert_false (hd_alert_batch_is_flood (later));
  hd_alert_batch_append (gathered, later);
  g_assert_true (hd_alert_batch_is_flood (gathered));
  g_assert_cmpuint (gathered->alerts->len, ==, 6);
  g_assert_cmpuint (gathered->flood[HD_ALERT_CRITICAL], ==, 6);
  g_assert_cmpuint (gathered->flood_tickets, ==, 6);
  /* the first pass's tickets are the tickets of the summary still */
  g_assert_cmpstr (((HdAlert *) g_ptr_array_index (gathered->alerts, 0))->ticket->subject, ==,
                   "Projector 1 shows no picture");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/alerts/critical/once", test_critical_once);
  ADD ("/alerts/critical/concerned", test_concerned);
  ADD ("/alerts/critical/not-concerned", test_not_concerned);
  ADD ("/alerts/critical/own-changes", test_own_changes);
  ADD ("/alerts/critical/raised-by", test_raised_by);
  ADD ("/alerts/closed", test_closed);
  ADD ("/alerts/deadlines", test_deadlines);
  ADD ("/alerts/next-check", test_next_check);
  ADD ("/alerts/waiting", test_waiting);
  ADD ("/alerts/escalated", test_escalated);
  ADD ("/alerts/quiet", test_quiet);
  ADD ("/alerts/kinds-off", test_kinds_off);
  ADD ("/alerts/flood", test_flood);
  ADD ("/alerts/no-flood", test_no_flood);
  ADD ("/alerts/burst", test_burst);
#undef ADD

  return g_test_run ();
}

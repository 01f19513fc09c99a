/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hd-sla.h"
#include "hd-test-util.h"
#include "hd-time.h"

/* A small full plan: Chicago, 08:00-16:00 on weekdays, Thanksgiving off. */
static const char plan_text[] =
  "[Help Desk]\nName=Test\nTimeZone=America/Chicago\n"
  "[Hours]\nMonday=08:00-16:00\nTuesday=08:00-16:00\nWednesday=08:00-16:00\n"
  "Thursday=08:00-16:00\nFriday=08:00-16:00\nHolidays=2026-11-26..2026-11-27\n"
  "[Locations]\nNames=Office\n"
  "[Priority critical]\nResponse=30m\nResolution=4h\nWarnBefore=10m\n"
  "[Priority high]\nResponse=2h\nResolution=8h\nWarnBefore=30m\n"
  "[Priority medium]\nResponse=4h\nResolution=16h\n"
  "[Priority normal]\nResponse=8h\nResolution=40h\nWarnBefore=2h\n"
  "[Matrix]\nScopes=few;some;many\nEffects=blocked;workaround;inconvenience\n"
  "few=critical;medium;normal\nsome=critical;medium;medium\nmany=critical;high;high\n"
  "[Topic network]\nLabel=Network\nTeam=bob\nLead=bob\n"
  "[Member bob]\nName=Bob\nSenior=true\n"
  "[Escalation]\nSupervisors=bob\n";

static HdPlan *
plan (void)
{
  static HdPlan *p;

  if (p == NULL)
    p = hd_test_plan_from_text (plan_text, HD_PLAN_SCOPE_FULL);
  return p;
}

static void
test_deadlines (void)
{
  gint64 created = hd_test_instant ("2026-11-25T21:50:00Z");   /* Wed 15:50 CST */

  hd_test_assert_instant (hd_sla_deadline (plan (), HD_PRIORITY_CRITICAL, HD_SLA_RESPONSE, created, NULL, 0),
                          "2026-11-30T14:20:00Z");             /* 10m Wed, 20m Mon */
  hd_test_assert_instant (hd_sla_deadline (plan (), HD_PRIORITY_CRITICAL, HD_SLA_RESOLUTION, created, NULL, 0),
                          "2026-11-30T17:50:00Z");
  hd_test_assert_instant (hd_sla_deadline (plan (), HD_PRIORITY_NORMAL, HD_SLA_RESOLUTION, created, NULL, 0),
                          "2026-12-04T21:50:00Z");             /* 10m, then 5 days of 8h less 10m */
}

static void
test_waiting (void)
{
  gint64 created = hd_test_instant ("2026-11-30T14:00:00Z");   /* Mon 08:00 */
  gint64 plain = hd_sla_deadline (plan (), HD_PRIORITY_HIGH, HD_SLA_RESOLUTION, created, NULL, 0);
  HdInterval one[] = {
    { hd_test_instant ("2026-11-30T15:00:00Z"), hd_test_instant ("2026-11-30T18:00:00Z") },
  };
  HdInterval two[] = {
    { hd_test_instant ("2026-11-30T15:00:00Z"), hd_test_instant ("2026-11-30T16:00:00Z") },
    { hd_test_instant ("2026-11-30T20:00:00Z"), hd_test_instant ("2026-12-01T15:00:00Z") },
  };
  HdInterval open_ended[] = { { hd_test_instant ("2026-11-30T15:00:00Z"), HD_TIME_NEVER } };
  HdInterval late[] = { { hd_test_instant ("2026-12-02T15:00:00Z"), HD_TIME_NEVER } };
  HdCalendar *calendar = hd_plan_get_calendar (plan ());

  hd_test_assert_instant (plain, "2026-11-30T22:00:00Z");
  /* three hours waiting move the deadline three business hours out */
  hd_test_assert_instant (hd_sla_deadline (plan (), HD_PRIORITY_HIGH, HD_SLA_RESOLUTION, created, one, 1),
                          "2026-12-01T17:00:00Z");
  g_assert_cmpint (hd_sla_deadline (plan (), HD_PRIORITY_HIGH, HD_SLA_RESOLUTION, created, one, 1), ==,
                   hd_calendar_add (calendar, plain, hd_calendar_elapsed (calendar, one[0].start, one[0].end)));
  /* 1h, then Monday 14:00 to Tuesday 09:00 CST: 2h + 1h */
  hd_test_assert_instant (hd_sla_deadline (plan (), HD_PRIORITY_HIGH, HD_SLA_RESOLUTION, created, two, 2),
                          "2026-12-01T18:00:00Z");
  /* still waiting: the clock is stopped */
  g_assert_cmpint (hd_sla_deadline (plan (), HD_PRIORITY_HIGH, HD_SLA_RESOLUTION, created, open_ended, 1), ==,
                   HD_TIME_NEVER);
  /* waiting after the deadline passed changes nothing */
  g_assert_cmpint (hd_sla_deadline (plan (), HD_PRIORITY_HIGH, HD_SLA_RESOLUTION, created, late, 1), ==, plain);
}

static void
test_state (void)
{
  gint64 due = hd_test_instant ("2026-11-30T14:20:00Z");

  g_assert_cmpint (hd_sla_state (plan (), HD_PRIORITY_CRITICAL, due, -1,
                                 hd_test_instant ("2026-11-30T14:09:59Z")), ==, HD_SLA_ON_TRACK);
  g_assert_cmpint (hd_sla_state (plan (), HD_PRIORITY_CRITICAL, due, -1,
                                 hd_test_instant ("2026-11-30T14:10:00Z")), ==, HD_SLA_DUE_SOON);
  g_assert_cmpint (hd_sla_state (plan (), HD_PRIORITY_CRITICAL, due, -1, due), ==, HD_SLA_BREACHED);
  g_assert_cmpint (hd_sla_state (plan (), HD_PRIORITY_CRITICAL, due, due, due + 3600), ==, HD_SLA_MET);
  g_assert_cmpint (hd_sla_state (plan (), HD_PRIORITY_CRITICAL, due, due + 1, due + 3600), ==, HD_SLA_BREACHED);
  g_assert_cmpint (hd_sla_state (plan (), HD_PRIORITY_CRITICAL, HD_TIME_NEVER, -1, due), ==, HD_SLA_ON_TRACK);
  /* "due soon" counts business time: Wednesday 15:55 is 5 business minutes
   * (and five days) before a Monday 08:00 deadline */
  g_assert_cmpint (hd_sla_state (plan (), HD_PRIORITY_CRITICAL, hd_test_instant ("2026-11-30T14:00:00Z"), -1,
                                 hd_test_instant ("2026-11-25T21:55:00Z")), ==, HD_SLA_DUE_SOON);
  g_assert_cmpstr (hd_sla_state_to_string (HD_SLA_DUE_SOON), ==, "due-soon");
}

static void
test_matrix (void)
{
  static const struct { const char *scope, *effect; HdPriority priority; } cells[] = {
    { "few", "blocked", HD_PRIORITY_CRITICAL }, { "few", "workaround", HD_PRIORITY_MEDIUM },
    { "few", "inconvenience", HD_PRIORITY_NORMAL }, { "some", "blocked", HD_PRIORITY_CRITICAL },
    { "some", "workaround", HD_PRIORITY_MEDIUM }, { "some", "inconvenience", HD_PRIORITY_MEDIUM },
    { "many", "blocked", HD_PRIORITY_CRITICAL }, { "many", "workaround", HD_PRIORITY_HIGH },
    { "many", "inconvenience", HD_PRIORITY_HIGH },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      HdPriority priority;

      g_assert_true (hd_plan_lookup_matrix (plan (), cells[i].scope, cells[i].effect, &priority));
      g_assert_cmpint (priority, ==, cells[i].priority);
    }
  g_assert_false (hd_plan_lookup_matrix (plan (), "few", "annoyed", NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sla/deadlines", test_deadlines);
  g_test_add_func ("/sla/waiting", test_waiting);
  g_test_add_func ("/sla/state", test_state);
  g_test_add_func ("/sla/matrix", test_matrix);

  return g_test_run ();
}

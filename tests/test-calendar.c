/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hd-test-util.h"
#include "hd-time.h"

/* Hand-computed cases. Chicago is UTC-6 (CST) from 2026-11-01 to
 * 2027-03-14 and UTC-5 (CDT) around it. */

static const char office_hours[] =
  "Monday=07:30-12:00;12:30-16:30\n"
  "Tuesday=07:30-16:30\n"
  "Wednesday=07:30-16:30\n"
  "Thursday=07:30-16:30\n"
  "Friday=07:30-15:00\n"
  "Saturday=\n"
  "Sunday=\n"
  "Holidays=2026-11-26;2026-11-27;2026-12-21..2027-01-01\n";

static HdCalendar *
office (void)
{
  static HdPlan *plan;

  if (plan == NULL)
    plan = hd_test_calendar_plan ("America/Chicago", office_hours);
  return hd_plan_get_calendar (plan);
}

static void
add_is (HdCalendar *calendar, const char *from, gint64 seconds, const char *expected)
{
  hd_test_assert_instant (hd_calendar_add (calendar, hd_test_instant (from), seconds), expected);
}

static void
subtract_is (HdCalendar *calendar, const char *from, gint64 seconds, const char *expected)
{
  hd_test_assert_instant (hd_calendar_subtract (calendar, hd_test_instant (from), seconds), expected);
}

static void
elapsed_is (HdCalendar *calendar, const char *from, const char *to, gint64 expected)
{
  g_assert_cmpint (hd_calendar_elapsed (calendar, hd_test_instant (from), hd_test_instant (to)), ==, expected);
}

static void
test_closed_start (void)
{
  /* Wednesday 16:50 CST, after hours before Thanksgiving: Monday 07:30 */
  add_is (office (), "2026-11-25T22:50:00Z", 30 * 60, "2026-11-30T14:00:00Z");
  add_is (office (), "2026-11-25T22:50:00Z", 4 * 3600, "2026-11-30T17:30:00Z");
  /* Saturday */
  add_is (office (), "2026-12-05T18:00:00Z", 60, "2026-12-07T13:31:00Z");
  /* before opening the same day */
  add_is (office (), "2026-12-08T11:00:00Z", 3600, "2026-12-08T14:30:00Z");
}

static void
test_exact_edges (void)
{
  HdCalendar *c = office ();

  /* ending exactly at closing is that closing, not the next opening */
  add_is (c, "2026-11-25T22:00:00Z", 30 * 60, "2026-11-25T22:30:00Z");
  add_is (c, "2026-11-25T22:00:00Z", 31 * 60, "2026-11-30T13:31:00Z");
  /* starting exactly at opening counts from there */
  add_is (c, "2026-11-30T13:30:00Z", 60, "2026-11-30T13:31:00Z");
  /* zero from an open instant or a closing is the instant itself */
  add_is (c, "2026-11-30T13:30:00Z", 0, "2026-11-30T13:30:00Z");
  add_is (c, "2026-11-25T22:30:00Z", 0, "2026-11-25T22:30:00Z");
  /* subtracting to exactly an opening is that opening */
  subtract_is (c, "2026-11-30T14:00:00Z", 30 * 60, "2026-11-30T13:30:00Z");
  subtract_is (c, "2026-11-30T14:00:00Z", 31 * 60, "2026-11-25T22:29:00Z");
  subtract_is (c, "2026-11-30T13:30:00Z", 0, "2026-11-30T13:30:00Z");
  /* subtracting from a closed instant starts at the previous closing */
  subtract_is (c, "2026-11-28T12:00:00Z", 60, "2026-11-25T22:29:00Z");

  g_assert_true (hd_calendar_is_open (c, hd_test_instant ("2026-11-30T13:30:00Z")));
  g_assert_false (hd_calendar_is_open (c, hd_test_instant ("2026-11-30T13:29:59Z")));
  g_assert_true (hd_calendar_is_open (c, hd_test_instant ("2026-11-30T17:59:59Z")));
  g_assert_false (hd_calendar_is_open (c, hd_test_instant ("2026-11-30T18:00:00Z")));
  g_assert_false (hd_calendar_is_open (c, hd_test_instant ("2026-11-25T22:30:00Z")));
  hd_test_assert_instant (hd_calendar_next_opening (c, hd_test_instant ("2026-11-30T18:10:00Z")),
                          "2026-11-30T18:30:00Z");
  hd_test_assert_instant (hd_calendar_next_opening (c, hd_test_instant ("2026-11-30T18:40:00Z")),
                          "2026-11-30T18:40:00Z");
}

static void
test_several_ranges (void)
{
  HdCalendar *c = office ();

  /* Monday 11:45 CST + 30m: 15m before lunch, 15m after */
  add_is (c, "2026-11-30T17:45:00Z", 30 * 60, "2026-11-30T18:45:00Z");
  /* lunch is closed time */
  add_is (c, "2026-11-30T18:10:00Z", 60, "2026-11-30T18:31:00Z");
  elapsed_is (c, "2026-11-30T13:30:00Z", "2026-11-30T22:30:00Z", 8 * 3600 + 1800);
  subtract_is (c, "2026-11-30T18:45:00Z", 30 * 60, "2026-11-30T17:45:00Z");
}

static void
test_weekend_and_holidays (void)
{
  HdCalendar *c = office ();

  /* Friday 14:00 CST + 2h: 1h on Friday, 1h on Monday */
  add_is (c, "2026-12-04T20:00:00Z", 2 * 3600, "2026-12-07T14:30:00Z");
  /* winter break: Dec 21 to Jan 1 closed */
  add_is (c, "2026-12-18T20:00:00Z", 3600, "2026-12-18T21:00:00Z");
  add_is (c, "2026-12-18T20:00:00Z", 3600 + 1800, "2027-01-04T14:00:00Z");
  elapsed_is (c, "2026-12-18T20:00:00Z", "2027-01-04T14:00:00Z", 5400);
  elapsed_is (c, "2027-01-04T14:00:00Z", "2026-12-18T20:00:00Z", -5400);
  g_assert_false (hd_calendar_is_open (c, hd_test_instant ("2026-12-22T16:00:00Z")));
  elapsed_is (c, "2026-12-19T00:00:00Z", "2027-01-04T00:00:00Z", 0);
}

static void
test_many_weeks (void)
{
  HdCalendar *c = office ();

  g_assert_cmpint (hd_calendar_get_week_seconds (c), ==, 43 * 3600);
  /* four whole weeks from Monday 07:30 end at the fourth Friday's close */
  add_is (c, "2027-01-04T13:30:00Z", 4 * 43 * 3600, "2027-01-29T21:00:00Z");
  elapsed_is (c, "2027-01-04T13:30:00Z", "2027-01-29T21:00:00Z", 4 * 43 * 3600);
  subtract_is (c, "2027-01-29T21:00:00Z", 4 * 43 * 3600, "2027-01-04T13:30:00Z");
  /* fifty-two weeks through spring forward and fall back: still 43h each */
  elapsed_is (c, "2027-01-04T13:30:00Z", "2028-01-03T13:30:00Z", 52 * 43 * 3600);
}

static void
test_chicago_spring_forward (void)
{
  g_autoptr(HdPlan) all_day = hd_test_calendar_plan ("America/Chicago",
      "Monday=00:00-24:00\nTuesday=00:00-24:00\nWednesday=00:00-24:00\nThursday=00:00-24:00\n"
      "Friday=00:00-24:00\nSaturday=00:00-24:00\nSunday=00:00-24:00\n");
  g_autoptr(HdPlan) night = hd_test_calendar_plan ("America/Chicago", "Sunday=01:30-03:30\n");
  g_autoptr(HdPlan) skipped = hd_test_calendar_plan ("America/Chicago", "Sunday=02:15-02:45\n");
  HdCalendar *c = hd_plan_get_calendar (all_day);

  /* 2027-03-14 has 23 hours */
  elapsed_is (c, "2027-03-14T06:00:00Z", "2027-03-15T05:00:00Z", 23 * 3600);
  add_is (c, "2027-03-14T07:00:00Z", 2 * 3600, "2027-03-14T09:00:00Z");
  /* office hours keep 9 hours a day on either side */
  elapsed_is (office (), "2027-03-12T20:00:00Z", "2027-03-15T13:30:00Z", 2 * 3600);
  elapsed_is (office (), "2027-03-16T12:30:00Z", "2027-03-16T21:30:00Z", 9 * 3600);
  subtract_is (office (), "2027-03-15T12:30:00Z", 60, "2027-03-12T20:59:00Z");
  /* 01:30 CST to 03:30 CDT holds one hour that day, two on others */
  elapsed_is (hd_plan_get_calendar (night), "2027-03-14T00:00:00Z", "2027-03-15T00:00:00Z", 3600);
  elapsed_is (hd_plan_get_calendar (night), "2027-03-21T00:00:00Z", "2027-03-22T00:00:00Z", 7200);
  add_is (hd_plan_get_calendar (night), "2027-03-14T07:30:00Z", 45 * 60, "2027-03-14T08:15:00Z");
  /* a range that does not exist that day holds no time */
  elapsed_is (hd_plan_get_calendar (skipped), "2027-03-14T00:00:00Z", "2027-03-15T00:00:00Z", 0);
  add_is (hd_plan_get_calendar (skipped), "2027-03-13T00:00:00Z", 60, "2027-03-21T07:16:00Z");
}

static void
test_chicago_fall_back (void)
{
  g_autoptr(HdPlan) all_day = hd_test_calendar_plan ("America/Chicago", "Sunday=00:00-24:00\n");
  g_autoptr(HdPlan) early = hd_test_calendar_plan ("America/Chicago", "Sunday=00:30-01:30\n");
  g_autoptr(HdPlan) repeated = hd_test_calendar_plan ("America/Chicago", "Sunday=01:15-01:45\n");
  g_autoptr(HdPlan) one_to_two = hd_test_calendar_plan ("America/Chicago", "Sunday=01:00-02:00\n");

  /* 2026-11-01 has 25 hours */
  elapsed_is (hd_plan_get_calendar (all_day), "2026-11-01T05:00:00Z", "2026-11-02T06:00:00Z", 25 * 3600);
  /* an ambiguous time opens at its earlier instant, closes at its later */
  elapsed_is (hd_plan_get_calendar (early), "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", 2 * 3600);
  elapsed_is (hd_plan_get_calendar (repeated), "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", 5400);
  elapsed_is (hd_plan_get_calendar (one_to_two), "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", 2 * 3600);
  add_is (hd_plan_get_calendar (repeated), "2026-10-31T00:00:00Z", 0, "2026-11-01T06:15:00Z");
  add_is (hd_plan_get_calendar (repeated), "2026-10-31T00:00:00Z", 5400, "2026-11-01T07:45:00Z");
  /* office hours: Friday 14:00 CDT to Monday 08:30 CST */
  elapsed_is (office (), "2026-10-30T19:00:00Z", "2026-11-02T14:30:00Z", 2 * 3600);
  elapsed_is (office (), "2026-11-03T13:30:00Z", "2026-11-03T22:30:00Z", 9 * 3600);
}

static void
test_east_of_utc (void)
{
  g_autoptr(HdPlan) berlin_all = hd_test_calendar_plan ("Europe/Berlin", "Sunday=00:00-24:00\n");
  g_autoptr(HdPlan) berlin = hd_test_calendar_plan ("Europe/Berlin",
      "Monday=08:00-17:00\nTuesday=08:00-17:00\nWednesday=08:00-17:00\n"
      "Thursday=08:00-17:00\nFriday=08:00-17:00\n");
  g_autoptr(HdPlan) sydney_all = hd_test_calendar_plan ("Australia/Sydney", "Sunday=00:00-24:00\n");
  g_autoptr(HdPlan) sydney = hd_test_calendar_plan ("Australia/Sydney", "Friday=09:00-17:00\nMonday=09:00-17:00\n");

  /* Berlin: 2027-03-28 has 23 hours, 2026-10-25 has 25 */
  elapsed_is (hd_plan_get_calendar (berlin_all), "2027-03-27T23:00:00Z", "2027-03-28T22:00:00Z", 23 * 3600);
  elapsed_is (hd_plan_get_calendar (berlin_all), "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", 25 * 3600);
  /* Friday 16:00 CET + 2h: Monday 09:00 CEST */
  add_is (hd_plan_get_calendar (berlin), "2027-03-26T15:00:00Z", 2 * 3600, "2027-03-29T07:00:00Z");
  subtract_is (hd_plan_get_calendar (berlin), "2027-03-29T07:00:00Z", 2 * 3600, "2027-03-26T15:00:00Z");
  /* Sydney: summer time starts 2026-10-04 (23 hours), ends 2027-04-04 (25) */
  elapsed_is (hd_plan_get_calendar (sydney_all), "2026-10-03T14:00:00Z", "2026-10-04T13:00:00Z", 23 * 3600);
  elapsed_is (hd_plan_get_calendar (sydney_all), "2027-04-03T13:00:00Z", "2027-04-04T14:00:00Z", 25 * 3600);
  /* Friday 16:00 AEST + 2h across the change: Monday 10:00 AEDT */
  add_is (hd_plan_get_calendar (sydney), "2026-10-02T06:00:00Z", 2 * 3600, "2026-10-04T23:00:00Z");
}

static void
test_midnight_end (void)
{
  g_autoptr(HdPlan) plan = hd_test_calendar_plan ("UTC", "Monday=20:00-24:00\nTuesday=00:00-04:00\n");
  HdCalendar *c = hd_plan_get_calendar (plan);

  add_is (c, "2026-11-30T23:00:00Z", 2 * 3600, "2026-12-01T01:00:00Z");
  add_is (c, "2026-11-30T22:00:00Z", 2 * 3600, "2026-12-01T00:00:00Z");
  elapsed_is (c, "2026-11-30T00:00:00Z", "2026-12-02T00:00:00Z", 8 * 3600);
  add_is (c, "2026-12-01T04:00:00Z", 1, "2026-12-07T20:00:01Z");
}

static void
test_far_future (void)
{
  /* Chicago keeps its rules in 2090: DST from the second Sunday of March */
  g_autoptr(HdPlan) plan = hd_test_calendar_plan ("America/Chicago", "Monday=09:00-10:00\n");

  add_is (hd_plan_get_calendar (plan), "2090-03-06T00:00:00Z", 60, "2090-03-06T15:01:00Z");
  add_is (hd_plan_get_calendar (plan), "2090-03-14T00:00:00Z", 60, "2090-03-20T14:01:00Z");
  hd_test_assert_instant (hd_calendar_add (hd_plan_get_calendar (plan),
                                           hd_test_instant ("9999-12-25T00:00:00Z"), 3 * 3600),
                          "never");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/closed-start", test_closed_start);
  g_test_add_func ("/calendar/exact-edges", test_exact_edges);
  g_test_add_func ("/calendar/several-ranges", test_several_ranges);
  g_test_add_func ("/calendar/weekend-and-holidays", test_weekend_and_holidays);
  g_test_add_func ("/calendar/many-weeks", test_many_weeks);
  g_test_add_func ("/calendar/chicago-spring-forward", test_chicago_spring_forward);
  g_test_add_func ("/calendar/chicago-fall-back", test_chicago_fall_back);
  g_test_add_func ("/calendar/east-of-utc", test_east_of_utc);
  g_test_add_func ("/calendar/midnight-end", test_midnight_end);
  g_test_add_func ("/calendar/far-future", test_far_future);

  return g_test_run ();
}

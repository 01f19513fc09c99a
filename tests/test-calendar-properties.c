/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hd-test-util.h"
#include "hd-time.h"

/* Random instants and durations over several calendars: the operations
 * agree with each other, and elapsed time agrees with a minute-by-minute
 * count that asks GLib, not the calendar, for local times. Reproduce a
 * failure with the --seed that g_test prints. */

typedef struct {
  const char *zone;
  const char *hours;
} Setup;

static const Setup setups[] = {
  { "America/Chicago",
    "Monday=07:30-12:00;12:30-16:30\nTuesday=07:30-16:30\nWednesday=07:30-16:30\n"
    "Thursday=07:30-16:30\nFriday=07:30-15:00\nHolidays=2026-11-26;2026-11-27;2026-12-21..2027-01-01;2027-03-15..2027-03-19\n" },
  { "Europe/Berlin",
    "Monday=08:00-17:00\nTuesday=08:00-17:00\nWednesday=08:00-12:00;13:00-17:00\n"
    "Thursday=08:00-17:00\nFriday=08:00-14:00\nHolidays=2026-12-24..2026-12-26;2027-01-01\n" },
  { "Australia/Sydney",
    "Monday=09:00-17:00\nTuesday=09:00-17:00\nWednesday=09:00-17:00\nThursday=09:00-17:00\nFriday=09:00-17:00\n"
    "Sunday=01:00-04:00\n" },
  { "America/Chicago",
    "Monday=00:00-24:00\nTuesday=00:00-24:00\nWednesday=00:00-24:00\nThursday=00:00-24:00\n"
    "Friday=00:00-24:00\nSaturday=00:00-24:00\nSunday=00:00-24:00\n" },
  { "Asia/Kolkata",
    "Monday=09:30-11:00;11:15-13:00;14:00-18:30\nSaturday=10:00-13:00\nHolidays=2027-01-26\n" },
};

typedef struct {
  HdPlan     *plan;
  HdCalendar *calendar;
  GTimeZone  *tz;
} Fixture;

static gint64 range_start;   /* the instants tried: 2026-01-01 to 2028-12-31 */
static gint64 range_length;

static gint64
random_instant (Fixture *f)
{
  gint64 t = range_start + (gint64) (g_test_rand_double () * range_length);

  switch (g_test_rand_int_range (0, 4))
    {
    case 0: return hd_calendar_next_opening (f->calendar, t);   /* an opening or open */
    case 1: return t - t % 60;                                  /* on a minute */
    default: return t;
    }
}

static gint64
random_duration (void)
{
  switch (g_test_rand_int_range (0, 4))
    {
    case 0: return g_test_rand_int_range (0, 3600);
    case 1: return 60 * g_test_rand_int_range (0, 60 * 12);
    case 2: return 60 * g_test_rand_int_range (0, 60 * 500);
    default: return 3600 * g_test_rand_int_range (0, 3000);
    }
}

/* Open when the local wall clock is inside a range of its local date. */
static gboolean
oracle_open (Fixture *f,
             gint64   instant)
{
  int interval = g_time_zone_find_interval (f->tz, G_TIME_TYPE_UNIVERSAL, instant);
  gint64 local = instant + g_time_zone_get_offset (f->tz, interval);
  gint64 day = hd_floor_div (local, HD_SECONDS_PER_DAY);
  int second = (int) (local - day * HD_SECONDS_PER_DAY);
  int weekday = hd_weekday_from_days (day);
  g_autofree char *hours = hd_plan_format_day_hours (f->plan, weekday);
  g_auto(GStrv) ranges = NULL;

  if (hours == NULL)
    return FALSE;
  ranges = g_strsplit (hours, ", ", -1);
  for (guint i = 0; ranges[i] != NULL; i++)
    {
      int h1, m1, h2, m2;

      if (sscanf (ranges[i], "%d:%d-%d:%d", &h1, &m1, &h2, &m2) == 4 &&
          second >= h1 * 3600 + m1 * 60 && second < h2 * 3600 + m2 * 60)
        return TRUE;
    }
  return FALSE;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const Setup *setup = data;

  f->plan = hd_test_calendar_plan (setup->zone, setup->hours);
  f->calendar = hd_plan_get_calendar (f->plan);
  f->tz = g_time_zone_new_identifier (setup->zone);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->plan);
  g_time_zone_unref (f->tz);
}

static void
test_add_then_elapsed (Fixture       *f,
                       gconstpointer  data)
{
  for (guint i = 0; i < 3000; i++)
    {
      gint64 from = random_instant (f);
      gint64 d = random_duration ();
      gint64 to = hd_calendar_add (f->calendar, from, d);

      g_assert_cmpint (to, >=, from);
      g_assert_cmpint (hd_calendar_elapsed (f->calendar, from, to), ==, d);
      if (d > 0)
        g_assert_true (hd_calendar_is_open (f->calendar, to - 1));
      g_assert_cmpint (hd_calendar_add (f->calendar, from, d + 1), >, to);
    }
}

static void
test_subtract_then_elapsed (Fixture       *f,
                            gconstpointer  data)
{
  for (guint i = 0; i < 3000; i++)
    {
      gint64 to = random_instant (f);
      gint64 d = random_duration ();
      gint64 from = hd_calendar_subtract (f->calendar, to, d);

      g_assert_cmpint (from, <=, to);
      g_assert_cmpint (hd_calendar_elapsed (f->calendar, from, to), ==, d);
      if (d > 0)
        g_assert_true (hd_calendar_is_open (f->calendar, from));
    }
}

static void
test_inverse (Fixture       *f,
              gconstpointer  data)
{
  for (guint i = 0; i < 3000; i++)
    {
      gint64 t = random_instant (f);
      gint64 d = random_duration ();

      if (hd_calendar_is_open (f->calendar, t))
        g_assert_cmpint (hd_calendar_subtract (f->calendar, hd_calendar_add (f->calendar, t, d), d), ==, t);
      if (hd_calendar_is_open (f->calendar, t - 1))
        g_assert_cmpint (hd_calendar_add (f->calendar, hd_calendar_subtract (f->calendar, t, d), d), ==, t);
    }
}

static void
test_elapsed_additive (Fixture       *f,
                       gconstpointer  data)
{
  for (guint i = 0; i < 2000; i++)
    {
      gint64 a = random_instant (f), b = random_instant (f), c = random_instant (f);

      g_assert_cmpint (hd_calendar_elapsed (f->calendar, a, b) + hd_calendar_elapsed (f->calendar, b, c), ==,
                       hd_calendar_elapsed (f->calendar, a, c));
    }
}

/* Against the oracle, minute by minute over spans of up to ten days; the
 * holiday-free setups only, since the oracle knows no holidays. */
static void
test_oracle (Fixture       *f,
             gconstpointer  data)
{
  for (guint i = 0; i < 40; i++)
    {
      gint64 from = random_instant (f);
      gint64 to, expected = 0;

      from -= ((from % 60) + 60) % 60;
      to = from + 60 * g_test_rand_int_range (0, 10 * 24 * 60);
      for (gint64 t = from; t < to; t += 60)
        if (oracle_open (f, t))
          expected += 60;
      g_assert_cmpint (hd_calendar_elapsed (f->calendar, from, to), ==, expected);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  range_start = hd_test_instant ("2026-01-01T00:00:00Z");
  range_length = hd_test_instant ("2028-12-31T00:00:00Z") - range_start;

  for (guint i = 0; i < G_N_ELEMENTS (setups); i++)
    {
      struct { const char *name; void (*func) (Fixture *, gconstpointer); } cases[] = {
        { "add-then-elapsed", test_add_then_elapsed },
        { "subtract-then-elapsed", test_subtract_then_elapsed },
        { "inverse", test_inverse },
        { "elapsed-additive", test_elapsed_additive },
        { "oracle", test_oracle },
      };

      for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
        {
          g_autofree char *path = NULL;

          if (cases[c].func == test_oracle && strstr (setups[i].hours, "Holidays") != NULL)
            continue;
          path = g_strdup_printf ("/calendar-properties/%s/%u/%s", setups[i].zone, i, cases[c].name);
          g_test_add (path, Fixture, &setups[i], fixture_set_up, cases[c].func, fixture_tear_down);
        }
    }
  return g_test_run ();
}

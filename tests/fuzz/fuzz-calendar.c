/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hd-calendar.h"
#include "hd-time.h"

/* libFuzzer target: business time. The input builds a calendar (a time
 * zone, weekly opening ranges down to the second, holidays) and then asks
 * it questions at instants and for durations it chooses. Every answer must
 * agree with the others:
 *
 * - elapsed (t, add (t, d)) == d, and add (t, d) is just after open time;
 * - a deadline never moves earlier when its start or its duration grows;
 * - elapsed (s, t) == d for s = subtract (t, d), the mirror of add;
 * - add and subtract undo each other from an open instant;
 * - elapsed is additive: elapsed (a, b) + elapsed (b, c) == elapsed (a, c);
 * - the next opening is open, and nothing before it is.
 *
 * The zones are those with the odd rules: half-hour and 45-minute offsets,
 * daylight saving of 30 minutes, negative daylight saving, a date line
 * crossed, a day skipped, and the southern hemisphere. */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char * const zone_names[] = {
  "UTC", "America/Chicago", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata",
  "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns", "Europe/Dublin",
  "Pacific/Apia", "Africa/Casablanca", "America/Santiago", "Asia/Tehran",
  "Pacific/Kiritimati", "America/Adak", "Asia/Kathmandu",
};

#define N_ZONES G_N_ELEMENTS (zone_names)
#define MAX_QUESTIONS 8

static HdZone *zones[N_ZONES];

typedef struct {
  const uint8_t *data;
  size_t         size;
} Input;

/* The next @bytes bytes as a little-endian number; zeros past the end. */
static guint64
take (Input *in,
      guint  bytes)
{
  guint64 value = 0;

  for (guint i = 0; i < bytes; i++)
    if (in->size > 0)
      {
        value |= (guint64) in->data[0] << (8 * i);
        in->data++;
        in->size--;
      }
  return value;
}

static gint64
clamp_instant (gint64 t)
{
  return CLAMP (t, HD_TIME_MIN, HD_TIME_MAX);
}

static void G_GNUC_NORETURN
fail (const char *what,
      gint64      t,
      gint64      d,
      gint64      got,
      gint64      want)
{
  fprintf (stderr, "fuzz-calendar: %s (t=%" G_GINT64_FORMAT " d=%" G_GINT64_FORMAT
           " got=%" G_GINT64_FORMAT " want=%" G_GINT64_FORMAT ")\n", what, t, d, got, want);
  abort ();
}

static HdCalendar *
build_calendar (Input  *in,
                gint64 *base)
{
  HdCalendar *calendar = hd_calendar_new (zones[take (in, 1) % N_ZONES]);
  guint flags = take (in, 1);
  guint n_ranges = take (in, 1) % 12;
  guint n_holidays;
  gint64 base_day;

  for (guint i = 0; i < n_ranges; i++)
    {
      int weekday = take (in, 1) % 7;
      int start = take (in, 3) % HD_SECONDS_PER_DAY;
      int end = start + 1 + take (in, 3) % (HD_SECONDS_PER_DAY - start);

      if (flags & 1)
        {
          /* on the quarter hour, as plans usually are */
          start -= start % 900;
          end = MIN (end + (900 - end % 900) % 900, HD_SECONDS_PER_DAY);
        }
      hd_calendar_add_range (calendar, weekday, start, end);
    }

  if (flags & 2)
    *base = HD_TIME_MIN + (gint64) (take (in, 8) % (guint64) (HD_TIME_MAX - HD_TIME_MIN + 1));
  else   /* 2000 to 2068 */
    *base = G_GINT64_CONSTANT (946684800) + (gint64) take (in, 4) / 2;

  base_day = hd_floor_div (*base, HD_SECONDS_PER_DAY);
  n_holidays = take (in, 1) % 8;
  for (guint i = 0; i < n_holidays; i++)
    {
      gint64 first = base_day + (gint64) (take (in, 2) % 2001) - 1000;

      hd_calendar_add_holidays (calendar, first, first + take (in, 1) % 30);
    }
  return calendar;
}

/* Up to 2^28 s of open time: 8 years round the clock, 36 years of school
 * hours; of every magnitude below that. Longer ones only walk more weeks
 * the same way, and slowly. */
static gint64
take_duration (Input *in)
{
  guint shift = take (in, 1) % 29;

  return (gint64) ((take (in, 4) >> 4) >> shift);
}

/* Up to 2^27 s (4 years) either way. */
static gint64
take_offset (Input *in)
{
  return (gint32) take (in, 4) / 16;
}

static void
check_add (HdCalendar *cal,
           gint64      t,
           gint64      d,
           gint64      later,
           gint64      more)
{
  gint64 due = hd_calendar_add (cal, t, d);
  gint64 other;

  if (hd_calendar_get_week_seconds (cal) == 0)
    {
      if (due != HD_TIME_NEVER)
        fail ("a calendar never open has a deadline", t, d, due, HD_TIME_NEVER);
      return;
    }
  if (due != HD_TIME_NEVER)
    {
      if (due < t)
        fail ("add(t, d) is before t", t, d, due, t);
      if (due > HD_TIME_MAX)
        fail ("add(t, d) is past the last instant but not never", t, d, due, HD_TIME_MAX);
      other = hd_calendar_elapsed (cal, t, due);
      if (other != d)
        fail ("elapsed(t, add(t, d)) != d", t, d, other, d);
      if (d > 0 && !hd_calendar_is_open (cal, due - 1))
        fail ("add(t, d) does not end just after open time", t, d, due, due - 1);
    }

  other = hd_calendar_add (cal, clamp_instant (t + later), d);
  if (other < due)
    fail ("a deadline moved earlier when its start moved later", t + later, d, other, due);
  other = hd_calendar_add (cal, t, d + more);
  if (other < due)
    fail ("a deadline moved earlier when its duration grew", t, d + more, other, due);
  if (due != HD_TIME_NEVER && more > 0 && other == due)
    fail ("a longer duration gave the same deadline", t, d + more, other, due);
}

static void
check_subtract (HdCalendar *cal,
                gint64      t,
                gint64      d)
{
  gint64 start = hd_calendar_subtract (cal, t, d);
  gint64 other;

  if (start == HD_TIME_NEVER)
    return;
  if (start > t || start < HD_TIME_MIN)
    fail ("subtract(t, d) is after t or before the first instant", t, d, start, t);
  other = hd_calendar_elapsed (cal, start, t);
  if (other != d)
    fail ("elapsed(subtract(t, d), t) != d", t, d, other, d);
  if (d > 0 && !hd_calendar_is_open (cal, start))
    fail ("subtract(t, d) does not start in open time", t, d, start, start);
}

static void
check_inverse (HdCalendar *cal,
               gint64      t,
               gint64      d)
{
  if (hd_calendar_is_open (cal, t))
    {
      gint64 due = hd_calendar_add (cal, t, d);

      if (due != HD_TIME_NEVER && hd_calendar_subtract (cal, due, d) != t)
        fail ("subtract(add(t, d), d) != t from an open t", t, d, hd_calendar_subtract (cal, due, d), t);
    }
  if (t > HD_TIME_MIN && hd_calendar_is_open (cal, t - 1))
    {
      gint64 start = hd_calendar_subtract (cal, t, d);

      if (start != HD_TIME_NEVER && hd_calendar_add (cal, start, d) != t)
        fail ("add(subtract(t, d), d) != t with t just after open time", t, d, hd_calendar_add (cal, start, d), t);
    }
}

static void
check_elapsed (HdCalendar *cal,
               gint64      a,
               gint64      b,
               gint64      c)
{
  gint64 ab = hd_calendar_elapsed (cal, a, b);
  gint64 bc = hd_calendar_elapsed (cal, b, c);
  gint64 ac = hd_calendar_elapsed (cal, a, c);

  if (ab + bc != ac)
    fail ("elapsed(a, b) + elapsed(b, c) != elapsed(a, c)", a, c, ab + bc, ac);
  if ((a <= b) != (ab >= 0) && ab != 0)
    fail ("elapsed has the wrong sign", a, b, ab, 0);
}

static void
check_next_opening (HdCalendar *cal,
                    gint64      t)
{
  gint64 next = hd_calendar_next_opening (cal, t);

  if (next == HD_TIME_NEVER)
    return;
  if (next < t)
    fail ("the next opening is before the instant", t, 0, next, t);
  if (hd_calendar_next_opening (cal, next) != next)
    fail ("the next opening is not open", t, 0, hd_calendar_next_opening (cal, next), next);
  if (hd_calendar_elapsed (cal, t, next) != 0)
    fail ("there is open time before the next opening", t, 0, hd_calendar_elapsed (cal, t, next), 0);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  for (guint i = 0; i < N_ZONES; i++)
    {
      zones[i] = hd_zone_new (zone_names[i]);
      if (zones[i] == NULL)
        {
          fprintf (stderr, "fuzz-calendar: no time zone %s (is tzdata installed?)\n", zone_names[i]);
          exit (1);
        }
    }
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Input in = { data, size };
  gint64 base;
  g_autoptr(HdCalendar) cal = build_calendar (&in, &base);
  /* at most 20 years of this calendar's open time: a longer duration
   * walks the same weeks, only more of them (to the year 9999 for a
   * calendar open a second a week) */
  gint64 longest = MAX (hd_calendar_get_week_seconds (cal), 1) * 52 * 20;

  for (guint q = 0; q < MAX_QUESTIONS && in.size > 0; q++)
    {
      gint64 t = clamp_instant (base + take_offset (&in));
      gint64 d = take_duration (&in) % (longest + 1);
      gint64 later = take (&in, 3);
      gint64 more = take (&in, 3) >> (take (&in, 1) % 24);
      gint64 b = clamp_instant (t + take_offset (&in));
      gint64 c = clamp_instant (b + take_offset (&in));

      check_add (cal, t, d, later, more);
      check_subtract (cal, t, d);
      check_inverse (cal, t, d);
      check_elapsed (cal, t, b, c);
      check_next_opening (cal, t);
    }
  return 0;
}

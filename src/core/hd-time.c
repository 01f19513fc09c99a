/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-time"

#include "config.h"

#include "hd-time.h"

#include <string.h>

/* Civil-date conversions after Howard Hinnant's public-domain algorithms:
 * branch-light integer arithmetic, valid for every year we accept. */

static gboolean
is_leap_year (int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
days_in_month (int year,
               int month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month == 2 && is_leap_year (year))
    return 29;
  return days[month - 1];
}

static gboolean
parse_digits (const char *p,
              int         n,
              int        *out)
{
  int value = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      value = value * 10 + (p[i] - '0');
    }
  *out = value;
  return TRUE;
}

/* Parses "YYYY-MM-DD" at @p; leaves @p after it. */
static gboolean
parse_date_part (const char **p,
                 int         *year,
                 int         *month,
                 int         *day)
{
  const char *s = *p;

  if (!parse_digits (s, 4, year) || s[4] != '-' ||
      !parse_digits (s + 5, 2, month) || s[7] != '-' ||
      !parse_digits (s + 8, 2, day))
    return FALSE;
  if (*year < 1 || *month < 1 || *month > 12 ||
      *day < 1 || *day > days_in_month (*year, *month))
    return FALSE;
  *p = s + 10;
  return TRUE;
}

gint64
hd_floor_div (gint64 a,
              gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;
  return q;
}

gint64
hd_days_from_civil (int year,
                    int month,
                    int day)
{
  gint64 y = year - (month <= 2);
  gint64 era = hd_floor_div (y, 400);
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

void
hd_civil_from_days (gint64  days,
                    int    *year,
                    int    *month,
                    int    *day)
{
  gint64 z = days + 719468;
  gint64 era = hd_floor_div (z, 146097);
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  int m = (int) (mp < 10 ? mp + 3 : mp - 9);

  *year = (int) (yoe + era * 400 + (m <= 2));
  *month = m;
  *day = (int) (doy - (153 * mp + 2) / 5 + 1);
}

/* 0 is Monday, 6 is Sunday; 1970-01-01 was a Thursday. */
int
hd_weekday_from_days (gint64 days)
{
  return (int) (((days % 7) + 7 + 3) % 7);
}

gboolean
hd_date_parse (const char *text,
               gint64     *days)
{
  int year, month, day;
  const char *p = text;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!parse_date_part (&p, &year, &month, &day) || *p != '\0')
    return FALSE;
  if (days != NULL)
    *days = hd_days_from_civil (year, month, day);
  return TRUE;
}

char *
hd_date_format (gint64 days)
{
  int year, month, day;

  hd_civil_from_days (days, &year, &month, &day);
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

/* RFC 3339 date-time: 2026-11-25T22:50:00Z, 2026-11-25T16:50:00-06:00,
 * with optional fractional seconds (dropped: instants are whole seconds)
 * and, as RFC 3339 allows, a lower-case t/z or a space for the T. */
gboolean
hd_time_parse_rfc3339 (const char *text,
                       gint64     *instant)
{
  const char *p = text;
  int year, month, day, hour, minute, second;
  gint64 offset = 0;
  gint64 value;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!parse_date_part (&p, &year, &month, &day))
    return FALSE;
  if (*p != 'T' && *p != 't' && *p != ' ')
    return FALSE;
  p++;
  if (!parse_digits (p, 2, &hour) || p[2] != ':' ||
      !parse_digits (p + 3, 2, &minute) || p[5] != ':' ||
      !parse_digits (p + 6, 2, &second))
    return FALSE;
  if (hour > 23 || minute > 59 || second > 59)
    return FALSE;
  p += 8;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'Z' || *p == 'z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      int oh, om;

      if (!parse_digits (p + 1, 2, &oh) || p[3] != ':' ||
          !parse_digits (p + 4, 2, &om) || oh > 23 || om > 59)
        return FALSE;
      offset = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
      p += 6;
    }
  else
    return FALSE;
  if (*p != '\0')
    return FALSE;

  value = hd_days_from_civil (year, month, day) * HD_SECONDS_PER_DAY
          + hour * 3600 + minute * 60 + second - offset;
  if (value < HD_TIME_MIN || value > HD_TIME_MAX)
    return FALSE;
  if (instant != NULL)
    *instant = value;
  return TRUE;
}

char *
hd_time_format_rfc3339 (gint64 instant)
{
  gint64 days = hd_floor_div (instant, HD_SECONDS_PER_DAY);
  gint64 secs = instant - days * HD_SECONDS_PER_DAY;
  int year, month, day;

  g_return_val_if_fail (instant >= HD_TIME_MIN && instant <= HD_TIME_MAX, NULL);

  hd_civil_from_days (days, &year, &month, &day);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          year, month, day,
                          (int) (secs / 3600), (int) (secs / 60 % 60), (int) (secs % 60));
}

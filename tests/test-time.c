/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hd-duration.h"
#include "hd-time.h"

static void
test_civil (void)
{
  int y, m, d;

  g_assert_cmpint (hd_days_from_civil (1970, 1, 1), ==, 0);
  g_assert_cmpint (hd_days_from_civil (2000, 3, 1), ==, 11017);
  g_assert_cmpint (hd_days_from_civil (1969, 12, 31), ==, -1);
  for (gint64 day = -800000; day < 3000000; day += 997)
    {
      hd_civil_from_days (day, &y, &m, &d);
      g_assert_cmpint (hd_days_from_civil (y, m, d), ==, day);
    }
  /* 2026-11-25 was a Wednesday; 0 is Monday */
  g_assert_cmpint (hd_weekday_from_days (hd_days_from_civil (2026, 11, 25)), ==, 2);
  g_assert_cmpint (hd_weekday_from_days (hd_days_from_civil (1969, 12, 29)), ==, 0);
}

static void
test_dates (void)
{
  gint64 day;
  g_autofree char *text = NULL;

  g_assert_true (hd_date_parse ("2028-02-29", &day));
  text = hd_date_format (day);
  g_assert_cmpstr (text, ==, "2028-02-29");
  g_assert_false (hd_date_parse ("2026-02-29", NULL));
  g_assert_false (hd_date_parse ("2026-02-30", NULL));
  g_assert_false (hd_date_parse ("2026-13-01", NULL));
  g_assert_false (hd_date_parse ("2026-1-01", NULL));
  g_assert_false (hd_date_parse ("2026-01-01 ", NULL));
  g_assert_false (hd_date_parse ("", NULL));
}

static void
test_rfc3339 (void)
{
  static const struct { const char *text; gint64 expected; } good[] = {
    { "1970-01-01T00:00:00Z", 0 },
    { "2026-11-25T22:50:00Z", 1795647000 },
    { "2026-11-25T16:50:00-06:00", 1795647000 },
    { "2026-11-26T04:20:00+05:30", 1795647000 },
    { "2026-11-25t22:50:00z", 1795647000 },
    { "2026-11-25 22:50:00Z", 1795647000 },
    { "2026-11-25T22:50:00.999Z", 1795647000 },
  };
  static const char * const bad[] = {
    "", "2026-11-25", "2026-11-25T22:50Z", "2026-11-25T22:50:00", "2026-11-25T24:00:00Z",
    "2026-11-25T22:60:00Z", "2026-02-30T00:00:00Z", "2026-11-25T22:50:00+0600",
    "2026-11-25T22:50:00Zjunk", "2026-11-25T22:50:00.Z", "tomorrow", "0000-01-01T00:00:00Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 instant = -1;

      g_assert_true (hd_time_parse_rfc3339 (good[i].text, &instant));
      g_assert_cmpint (instant, ==, good[i].expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (hd_time_parse_rfc3339 (bad[i], NULL));

  for (guint i = 0; i < 2; i++)
    {
      gint64 instants[] = { 1795647000, -1 };
      const char *texts[] = { "2026-11-25T22:50:00Z", "1969-12-31T23:59:59Z" };
      g_autofree char *text = hd_time_format_rfc3339 (instants[i]);

      g_assert_cmpstr (text, ==, texts[i]);
    }
}

static void
test_durations (void)
{
  static const struct { const char *text; gint64 seconds; const char *canonical; } good[] = {
    { "0", 0, "0s" }, { "0s", 0, "0s" }, { "90s", 90, "1m30s" }, { "45m", 2700, "45m" },
    { "4h", 14400, "4h" }, { "1h30m", 5400, "1h30m" }, { "2h15m30s", 8130, "2h15m30s" },
    { "1000000h", 3600000000, "1000000h" },
  };
  static const char * const bad[] = {
    "", "4 hours", "-30m", "30m1h", "1h1h", "4", "h", "1d", "1.5h", "1000001h", " 4h", "4h ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      gint64 seconds = -1;

      g_assert_true (hd_duration_parse (good[i].text, &seconds, &error));
      g_assert_no_error (error);
      g_assert_cmpint (seconds, ==, good[i].seconds);
      text = hd_duration_format (seconds);
      g_assert_cmpstr (text, ==, good[i].canonical);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (hd_duration_parse (bad[i], NULL, &error));
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time/civil", test_civil);
  g_test_add_func ("/time/dates", test_dates);
  g_test_add_func ("/time/rfc3339", test_rfc3339);
  g_test_add_func ("/time/durations", test_durations);

  return g_test_run ();
}

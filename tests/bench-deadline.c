/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "hd-sla.h"
#include "hd-time.h"

/* A million deadline computations over the example district's plan, from
 * instants spread over the 2026-27 school year, each priority in turn;
 * then long deadlines, 2,000 business hours out. Prints time per call. */

static double
per_call (GTimer *timer,
          guint   n)
{
  return g_timer_elapsed (timer, NULL) * 1e9 / n;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *path = g_build_filename (g_getenv ("HD_SOURCE_DIR") ? g_getenv ("HD_SOURCE_DIR") : ".",
                                            "data", "plans", "example-district.plan", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HdPlan) plan = hd_plan_load (path, HD_PLAN_SCOPE_FULL, NULL, &error);
  g_autoptr(GTimer) timer = NULL;
  GRand *rand = g_rand_new_with_seed (42);
  const guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  gint64 start, checksum = 0;
  HdCalendar *calendar;

  if (plan == NULL)
    g_error ("%s", error->message);
  calendar = hd_plan_get_calendar (plan);
  hd_time_parse_rfc3339 ("2026-08-17T00:00:00Z", &start);

  timer = g_timer_new ();
  for (guint i = 0; i < n; i++)
    {
      gint64 created = start + g_rand_int_range (rand, 0, 300 * 86400);

      checksum += hd_sla_deadline (plan, i % HD_N_PRIORITIES, i & 4 ? HD_SLA_RESOLUTION : HD_SLA_RESPONSE,
                                   created, NULL, 0);
    }
  printf ("deadline (SLA targets 30m to 40h): %u calls, %.0f ns per call\n", n, per_call (timer, n));

  g_timer_start (timer);
  for (guint i = 0; i < n / 10; i++)
    checksum += hd_calendar_add (calendar, start + g_rand_int_range (rand, 0, 300 * 86400), 2000 * 3600);
  printf ("add 2000 business hours: %u calls, %.0f ns per call\n", n / 10, per_call (timer, n / 10));

  g_timer_start (timer);
  for (guint i = 0; i < n / 10; i++)
    {
      gint64 from = start + g_rand_int_range (rand, 0, 300 * 86400);

      checksum += hd_calendar_elapsed (calendar, from, from + g_rand_int_range (rand, 0, 30 * 86400));
    }
  printf ("elapsed over up to 30 days: %u calls, %.0f ns per call\n", n / 10, per_call (timer, n / 10));
  printf ("(checksum %" G_GINT64_FORMAT ")\n", checksum);
  g_rand_free (rand);
  return 0;
}

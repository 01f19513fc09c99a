/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <time.h>
#include <glib/gstdio.h>

#include "hd-test-util.h"
#include "hd-time.h"

HdPlan *
hd_test_plan_from_text (const char  *text,
                        HdPlanScope  scope)
{
  g_autoptr(GError) error = NULL;
  HdPlan *plan = hd_plan_load_from_data (text, strlen (text), "test.plan", scope, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  return plan;
}

/* A plan of only a zone and [Hours] lines such as "Monday=09:00-17:00\n". */
HdPlan *
hd_test_calendar_plan (const char *zone,
                       const char *hours)
{
  g_autofree char *text = g_strdup_printf ("[Help Desk]\nTimeZone=%s\n[Hours]\n%s", zone, hours);

  return hd_test_plan_from_text (text, HD_PLAN_SCOPE_CALENDAR);
}

gint64
hd_test_instant (const char *text)
{
  gint64 instant = 0;

  if (!hd_time_parse_rfc3339 (text, &instant))
    g_error ("bad instant in test: %s", text);
  return instant;
}

void
hd_test_assert_instant (gint64      actual,
                        const char *expected)
{
  g_autofree char *text = actual == HD_TIME_NEVER ? g_strdup ("never") : hd_time_format_rfc3339 (actual);

  g_assert_cmpstr (text, ==, expected);
}

/* For g_array_sort() of doubles, smallest first. */
int
hd_test_compare_doubles (gconstpointer a,
                         gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The CPU time of the calling thread, in milliseconds: what benchmarks
 * print beside wall time, which a busy machine inflates more. */
double
hd_test_thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

static const char * const cache_files[] = { "cache.db", "cache.db-wal", "cache.db-shm" };

/* A cache in a folder of its own under the temporary folder, named after
 * @name; *@dir is that folder, for hd_test_remove_temp_cache(), and
 * *@path (when not NULL) the cache's file, to open it again. */
HdCache *
hd_test_temp_cache (const char  *name,
                    char       **dir,
                    char       **path)
{
  g_autofree char *template = g_strdup_printf ("helpdesk-%s-XXXXXX", name);
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  HdCache *cache;

  *dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  file = g_build_filename (*dir, cache_files[0], NULL);
  cache = hd_cache_open (file, &error);
  g_assert_no_error (error);
  if (path != NULL)
    *path = g_steal_pointer (&file);
  return cache;
}

/* Removes the cache's files and folder, and frees @dir; the cache must be
 * closed first. */
void
hd_test_remove_temp_cache (char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (cache_files); i++)
    {
      g_autofree char *path = g_build_filename (dir, cache_files[i], NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
  g_free (dir);
}

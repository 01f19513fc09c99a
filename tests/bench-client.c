/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <glib/gstdio.h>

#include "hd-credentials.h"
#include "hd-sync.h"

/* In-process figures for a filled cache: a sync with nothing new, and
 * searches. Usage: bench-client CACHE SERVER USER (the token from where
 * helpdesk-cli login put it). Run by tests/bench-sync.sh. */

static int
compare (gconstpointer a,
         gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *times)
{
  g_array_sort (times, compare);
  return g_array_index (times, double, times->len / 2);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdCache) cache = NULL;
  g_autoptr(HdClient) client = NULL;
  g_autoptr(HdSync) sync = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *token = NULL;
  const char *searches[] = { "projector", "chromebook charger", "password reset", "wi-fi gym", "hd" };
  GStatBuf st;

  if (argc != 4)
    {
      fprintf (stderr, "usage: bench-client CACHE SERVER USER\n");
      return 2;
    }
  cache = hd_cache_open (argv[1], &error);
  client = cache != NULL ? hd_client_new (argv[2], &error) : NULL;
  token = client != NULL ? hd_credentials_load (hd_client_get_server (client), argv[3], &error) : NULL;
  if (token == NULL)
    g_error ("%s", error != NULL ? error->message : "no token: run helpdesk-cli login first");
  hd_client_set_token (client, token);
  sync = hd_sync_new (client, cache);

  for (guint i = 0; i < 21; i++)
    {
      gint64 start = g_get_monotonic_time ();

      double ms;

      if (!hd_sync_run (sync, &error))
        g_error ("%s", error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }
  printf ("sync with nothing new: median %.2f ms over %u runs\n", median (times), times->len);

  for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
    {
      guint found = 0;

      g_array_set_size (times, 0);
      for (guint i = 0; i < 51; i++)
        {
          gint64 start = g_get_monotonic_time ();
          g_autoptr(GPtrArray) hits = hd_cache_list (cache, HD_QUEUE_ALL, NULL, searches[s], NULL, 0, 200);
          double ms = (g_get_monotonic_time () - start) / 1000.0;

          g_array_append_val (times, ms);
          found = hits->len;
        }
      printf ("search “%s” (first 200 of the matches, %u shown): median %.2f ms\n", searches[s], found, median (times));
    }
  printf ("tickets in the cache: %" G_GINT64_FORMAT "\n", hd_cache_count_tickets (cache));
  if (g_stat (argv[1], &st) == 0)
    printf ("cache size on disk: %.1f MiB\n", st.st_size / 1048576.0);
  return 0;
}

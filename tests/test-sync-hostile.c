/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "hd-sync.h"

/* A server that answers the change feed with what no server should:
 * malformed or deeply nested JSON, wrong types, 50 MB, or nothing at all.
 * Each time the sync fails with a clear message and the cache is exactly
 * as it was. The fake server runs in this process, on a port of its own. */

typedef enum {
  BAD_JSON,
  DEEP,
  WRONG_TYPES,
  BAD_TICKET,
  HUGE,
  HUNG,
} Mischief;

static Mischief mischief;
static char *base;
static char *dir;
static GPtrArray *hung;

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  g_autofree char *body = NULL;

  switch (mischief)
    {
    case BAD_JSON:
      body = g_strdup ("{\"tickets\": [}");
      break;
    case DEEP:
      body = g_strnfill (100000, '[');
      break;
    case WRONG_TYPES:
      body = g_strdup ("{\"tickets\": \"many\", \"comments\": [], \"cursor\": 7, \"more\": \"no\"}");
      break;
    case BAD_TICKET:
      body = g_strdup ("{\"tickets\": [{\"id\": \"3f1c2b7e-1111-4a2b-9c3d-000000000001\", \"number\": \"one\"}],"
                       " \"comments\": [], \"cursor\": \"x.1\", \"more\": false}");
      break;
    case HUGE:
      {
        gsize size = 50 * 1024 * 1024;
        char *data = g_malloc (size);

        memset (data, ' ', size);
        data[0] = '[';
        data[size - 1] = ']';
        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, data, size);
        return;
      }
    case HUNG:
    default:
      soup_server_message_pause (msg);
      g_ptr_array_add (hung, g_object_ref (msg));
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static HdCache *
open_cache (void)
{
  g_autofree char *path = g_build_filename (dir, "cache.db", NULL);
  g_autoptr(GError) error = NULL;
  HdCache *cache = hd_cache_open (path, &error);

  g_assert_no_error (error);
  return cache;
}

static void
run_against (gconstpointer data)
{
  g_autoptr(HdCache) cache = open_cache ();
  g_autoptr(HdClient) client = hd_client_new (base, NULL);
  g_autoptr(HdSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor_before = hd_cache_get_meta (cache, "cursor");
  g_autofree char *cursor_after = NULL;
  gint64 tickets_before = hd_cache_count_tickets (cache);

  mischief = GPOINTER_TO_INT (data);
  sync = hd_sync_new (client, cache);
  /* short only where the wait is the point: 50 MB must be refused for its
   * size, however slowly this build reads it */
  hd_sync_set_timeout (sync, mischief == HUNG ? 2 : 60);
  g_assert_false (hd_sync_run (sync, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  if (mischief == HUNG)
    g_assert_error (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_NETWORK);
  else
    g_assert_error (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (hd_sync_get_last_error (sync), ==, error->message);
  cursor_after = hd_cache_get_meta (cache, "cursor");
  g_assert_cmpstr (cursor_after, ==, cursor_before);
  g_assert_cmpint (hd_cache_count_tickets (cache), ==, tickets_before);
}

int
main (int argc, char **argv)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  GSList *uris;
  static const struct { const char *name; Mischief what; } cases[] = {
    { "bad-json", BAD_JSON }, { "deep-nesting", DEEP }, { "wrong-types", WRONG_TYPES },
    { "bad-ticket", BAD_TICKET }, { "fifty-megabytes", HUGE }, { "hung-connection", HUNG },
  };
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("helpdesk-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  hung = g_ptr_array_new_with_free_func (g_object_unref);
  soup_server_add_handler (server, NULL, handle, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync-hostile/%s", cases[i].name);

      g_test_add_data_func (path, GINT_TO_POINTER (cases[i].what), run_against);
    }
  status = g_test_run ();

  g_ptr_array_unref (hung);
  soup_server_disconnect (server);
  {
    const char *files[] = { "cache.db", "cache.db-wal", "cache.db-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *path = g_build_filename (dir, files[i], NULL);

        g_unlink (path);
      }
    g_rmdir (dir);
  }
  return status;
}

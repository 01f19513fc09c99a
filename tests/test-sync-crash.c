/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sqlite3.h>

#include "hd-test-server.h"

/* The client killed with SIGKILL at random moments of a first sync of
 * 10,000 tickets, twenty times; then one sync to the end. The cache must
 * then hold exactly the server's tickets, at the server's versions, and
 * its comments: pages and their cursor are written together or not at
 * all. Reproduce a failing run with the --seed g_test prints. */

static HdTestServer *server;
static char *home;

static GSubprocess *
spawn_cli (const char *input,
           const char *first,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = hd_test_cli_launcher (home, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("HD_CLI"));
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  if (input != NULL)
    {
      g_subprocess_communicate_utf8 (process, input, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  return process;
}

/* id -> version, everything a technician can see on the server. */
static GHashTable *
server_state (const char *token,
              guint      *n_comments)
{
  GHashTable *state = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;

  *n_comments = 0;
  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/changes?limit=1000%s%s", cursor ? "&after=" : "", cursor ? cursor : "");
      g_autoptr(HdTestReply) page = hd_test_request (server, "GET", path, token, NULL);
      JsonObject *o = json_node_get_object (page->body);
      JsonArray *tickets = json_object_get_array_member (o, "tickets");

      for (guint i = 0; i < json_array_get_length (tickets); i++)
        {
          JsonObject *t = json_array_get_object_element (tickets, i);

          g_hash_table_insert (state, g_strdup (json_object_get_string_member (t, "id")),
                               GINT_TO_POINTER (json_object_get_int_member (t, "version")));
        }
      *n_comments += json_array_get_length (json_object_get_array_member (o, "comments"));
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (o, "cursor"));
      if (!json_object_get_boolean_member (o, "more"))
        return state;
    }
}

static void
test_killed_mid_sync (void)
{
  g_autofree char *url = g_strndup (server->base, strlen (server->base) - strlen ("api/v1"));
  g_autofree char *token = hd_test_server_sign_in (server, "tomasz", "demo-tomasz");
  g_autoptr(GSubprocess) login = spawn_cli ("demo-tomasz\n", "login", "--server", url, "--user", "tomasz", NULL);
  g_autoptr(GSubprocess) last = NULL;
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_path = NULL;
  g_autofree char *cache_name = NULL;
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  sqlite3 *db;
  sqlite3_stmt *stmt;
  guint rows = 0, killed = 0, n_comments;

  g_assert_true (g_subprocess_wait_check (login, NULL, &error));
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GSubprocess) sync = spawn_cli (NULL, "sync", NULL);

      g_usleep (g_test_rand_int_range (10, 400) * 1000);
      g_subprocess_send_signal (sync, SIGKILL);
      g_subprocess_wait (sync, NULL, NULL);
      killed += g_subprocess_get_if_signaled (sync);
    }
  last = spawn_cli (NULL, "sync", NULL);
  g_assert_true (g_subprocess_wait_check (last, NULL, &error));
  g_assert_no_error (error);

  expected = server_state (token, &n_comments);
  g_assert_cmpuint (g_hash_table_size (expected), ==, 10000);
  cache_name = g_strdup_printf ("127.0.0.1_%d-tomasz.db", g_uri_get_port (uri));
  cache_path = g_build_filename (home, "data", "helpdesk", cache_name, NULL);
  g_assert_cmpint (sqlite3_open_v2 (cache_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, version FROM tickets", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      g_assert_true (g_hash_table_contains (expected, id));
      g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, GPOINTER_TO_INT (g_hash_table_lookup (expected, id)));
      rows++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (rows, ==, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM comments", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, n_comments);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_test_message ("killed the client %u times", killed);
}

int
main (int argc, char **argv)
{
  g_autofree char *plan = g_build_filename (g_getenv ("HD_SOURCE_DIR"), "data", "plans", "example-district.plan", NULL);
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  home = g_dir_make_tmp ("helpdesk-crash-XXXXXX", &error);
  g_assert_no_error (error);
  server = hd_test_server_start (plan);
  hd_test_server_pause (server);
  {
    const char *demo[] = { g_getenv ("HD_SERVER"), "demo", "--db", server->db, "--plan", plan,
                           "--tickets", "10000", "--seed", "11", NULL };
    int wait_status;

    g_spawn_sync (NULL, (char **) demo, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                  &wait_status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  }
  hd_test_server_resume (server, FALSE);

  g_test_add_func ("/sync-crash/killed-mid-sync", test_killed_mid_sync);
  status = g_test_run ();
  hd_test_server_stop (server);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", home);

    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  return status;
}

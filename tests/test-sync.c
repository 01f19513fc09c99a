/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "hd-test-server.h"

/* helpdesk-cli against a real server that goes away and comes back:
 * work done offline is kept, delivered once, and a server that lost its
 * database gets a full resync. The CLI's files go to a temporary home;
 * the token to its file (no keyring in the test). */

static HdTestServer *server;
static char *home;

static void
cli (HdTestRun  *run,
     const char *input,
     const char *first,
     ...)
{
  va_list args;

  va_start (args, first);
  hd_test_cli_run_valist (run, home, NULL, input, first, args);
  va_end (args);
}

/* As another person, on another computer: its own configuration and cache. */
static void
cli_as (const char *dir,
        HdTestRun  *run,
        const char *input,
        const char *first,
        ...)
{
  va_list args;

  va_start (args, first);
  hd_test_cli_run_valist (run, dir, NULL, input, first, args);
  va_end (args);
}

static guint
count_lines_with (const char *text,
                  const char *needle)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += strstr (lines[i], needle) != NULL;
  return n;
}

/* How many tickets on the server have @subject, seen by a technician. */
static guint
server_count (const char *token,
              const char *subject)
{
  g_autoptr(HdTestReply) reply = hd_test_request (server, "GET", "/changes?limit=1000", token, NULL);
  JsonArray *tickets = json_object_get_array_member (json_node_get_object (reply->body), "tickets");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (tickets); i++)
    n += g_strcmp0 (json_object_get_string_member (json_array_get_object_element (tickets, i), "subject"),
                    subject) == 0;
  return n;
}

static void
submit (HdTestRun  *run,
        const char *subject)
{
  cli (run, NULL, "submit", "--subject", subject, "--description", "Seen in the library.",
       "--location", "Lincoln Elementary", "--topic", "classroom-av", "--scope", "few",
       "--effect", "workaround", "--requester-name", "Ms. Rivera", "--channel", "walk-in", NULL);
}

static void
test_login (void)
{
  g_autofree char *url = g_strndup (server->base, strlen (server->base) - strlen ("api/v1"));
  g_auto(HdTestRun) wrong = { 0 };
  g_auto(HdTestRun) right = { 0 };
  g_auto(HdTestRun) synced = { 0 };

  cli (&wrong, "nope\n", "login", "--server", url, "--user", "tomasz", NULL);
  g_assert_cmpint (wrong.status, ==, 1);
  g_assert_nonnull (strstr (wrong.err, "wrong user name or password"));
  cli (&right, "tech-pass\n", "login", "--server", url, "--user", "tomasz", NULL);
  g_assert_cmpint (right.status, ==, 0);
  g_assert_nonnull (strstr (right.out, "Signed in as tomasz"));
  g_assert_nonnull (strstr (right.out, "a file only you can read"));
  cli (&synced, NULL, "sync", NULL);
  g_assert_cmpint (synced.status, ==, 0);
}

static void
test_offline_submission (void)
{
  g_autofree char *token = hd_test_server_sign_in (server, "tomasz", "tech-pass");
  g_auto(HdTestRun) online = { 0 };
  g_auto(HdTestRun) offline = { 0 };
  g_auto(HdTestRun) listed = { 0 };
  g_auto(HdTestRun) failed = { 0 };
  g_auto(HdTestRun) synced = { 0 };
  g_auto(HdTestRun) again = { 0 };
  g_auto(HdTestRun) after = { 0 };

  submit (&online, "Projector bulb is out");
  g_assert_cmpint (online.status, ==, 0);
  g_assert_nonnull (strstr (online.out, "Filed HD-"));

  hd_test_server_pause (server);
  submit (&offline, "Document camera shows no picture");
  g_assert_cmpint (offline.status, ==, 0);
  g_assert_nonnull (strstr (offline.out, "numbered when it reaches the server"));
  cli (&listed, NULL, "list", "--queue", "all", NULL);
  g_assert_cmpuint (count_lines_with (listed.out, "pending*"), ==, 1);
  cli (&failed, NULL, "sync", NULL);
  g_assert_cmpint (failed.status, ==, 1);
  g_assert_nonnull (strstr (failed.err, "nothing was lost"));

  hd_test_server_resume (server, FALSE);
  cli (&synced, NULL, "sync", NULL);
  g_assert_cmpint (synced.status, ==, 0);
  g_assert_nonnull (strstr (synced.out, "0 changes waiting"));
  cli (&again, NULL, "sync", NULL);
  g_assert_cmpint (again.status, ==, 0);
  /* delivered exactly once */
  g_assert_cmpuint (server_count (token, "Document camera shows no picture"), ==, 1);
  cli (&after, NULL, "list", "--queue", "all", "--search", "document camera", NULL);
  g_assert_cmpuint (count_lines_with (after.out, "pending"), ==, 0);
  g_assert_cmpuint (count_lines_with (after.out, "Document camera"), ==, 1);
}

static void
test_server_lost_its_database (void)
{
  g_autofree char *token = NULL;
  g_auto(HdTestRun) synced = { 0 };
  g_auto(HdTestRun) listed = { 0 };

  hd_test_server_pause (server);
  hd_test_server_resume (server, TRUE);
  hd_test_server_add_user (server, "tomasz", "technician", "tech-pass");
  token = hd_test_server_sign_in (server, "tomasz", "tech-pass");
  {
    g_autofree char *body = hd_test_new_ticket_json ("3f1c2b7e-1111-4a2b-9c3d-00000000beef", "few", "blocked");
    g_autoptr(HdTestReply) created = hd_test_request (server, "POST", "/tickets", token, body);

    g_assert_cmpuint (created->status, ==, 201);
  }
  /* the old token died with the database: sign in again, then sync */
  {
    g_autofree char *url = g_strndup (server->base, strlen (server->base) - strlen ("api/v1"));
    g_auto(HdTestRun) login = { 0 };

    cli (&login, "tech-pass\n", "login", "--server", url, "--user", "tomasz", NULL);
    g_assert_cmpint (login.status, ==, 0);
  }
  cli (&synced, NULL, "sync", NULL);
  g_assert_cmpint (synced.status, ==, 0);
  g_assert_nonnull (strstr (synced.out, "Synced: 1 tickets"));
  cli (&listed, NULL, "list", "--queue", "all", NULL);
  g_assert_cmpuint (count_lines_with (listed.out, "HD-1 "), ==, 1);
  g_assert_cmpuint (count_lines_with (listed.out, "Document camera"), ==, 0);
}

static JsonObject *
server_ticket (const char *token,
               const char *id,
               HdTestReply **reply)
{
  g_autofree char *path = g_strdup_printf ("/tickets/%s", id);

  *reply = hd_test_request (server, "GET", path, token, NULL);
  g_assert_cmpuint ((*reply)->status, ==, 200);
  return json_node_get_object ((*reply)->body);
}

/* Two supervisors change one ticket from two computers: different fields
 * merge; the same field becomes a conflict that one of them settles. */
static void
test_two_clients (void)
{
  g_autofree char *url = g_strndup (server->base, strlen (server->base) - strlen ("api/v1"));
  g_autofree char *other = g_build_filename (home, "other", NULL);
  g_autofree char *token = NULL;
  const char *id = "3f1c2b7e-1111-4a2b-9c3d-00000000c0de";
  g_auto(HdTestRun) a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 }, e = { 0 }, f = { 0 }, g = { 0 }, h = { 0 }, i = { 0 };
  g_autoptr(HdTestReply) created = NULL, merged = NULL, settled = NULL;
  JsonObject *t;

  hd_test_server_add_user (server, "dana", "supervisor", "dana-pass");
  hd_test_server_add_user (server, "admin", "admin", "admin-pass");
  token = hd_test_server_sign_in (server, "dana", "dana-pass");
  {
    g_autofree char *body = hd_test_new_ticket_json (id, "few", "inconvenience");

    created = hd_test_request (server, "POST", "/tickets", token, body);
    g_assert_cmpuint (created->status, ==, 201);
  }
  cli (&a, "dana-pass\n", "login", "--server", url, "--user", "dana", NULL);
  cli_as (other, &b, "admin-pass\n", "login", "--server", url, "--user", "admin", NULL);
  g_assert_cmpint (a.status + b.status, ==, 0);
  cli (&c, NULL, "sync", NULL);
  cli_as (other, &d, NULL, "sync", NULL);

  /* different fields: both land */
  cli (&e, NULL, "status", id, "acknowledged", NULL);
  cli_as (other, &f, NULL, "assign", id, "dana", NULL);
  g_assert_cmpint (e.status + f.status, ==, 0);
  t = server_ticket (token, id, &merged);
  g_assert_cmpstr (json_object_get_string_member (t, "status"), ==, "acknowledged");
  g_assert_cmpstr (json_object_get_string_member (t, "assignee"), ==, "dana");
  g_assert_null (strstr (f.out, "conflicts wait"));

  /* the same field, two values: a conflict on the second computer */
  {
    g_auto(HdTestRun) fresh = { 0 };

    cli (&fresh, NULL, "sync", NULL);
  }
  cli (&g, NULL, "assign", id, "admin", NULL);
  cli_as (other, &h, NULL, "assign", id, "tomasz", NULL);
  g_assert_nonnull (strstr (h.out, "1 conflicts wait for you"));
  cli_as (other, &i, NULL, "conflicts", NULL);
  g_assert_nonnull (strstr (i.out, "assignee is \"admin\" on the server, yours is \"tomasz\""));
  {
    g_auto(HdTestRun) resolve = { 0 };
    g_auto(HdTestRun) none = { 0 };

    cli_as (other, &resolve, NULL, "resolve", "1", "--keep", "mine", NULL);
    g_assert_cmpint (resolve.status, ==, 0);
    cli_as (other, &none, NULL, "conflicts", NULL);
    g_assert_nonnull (strstr (none.out, "No conflicts."));
  }
  t = server_ticket (token, id, &settled);
  g_assert_cmpstr (json_object_get_string_member (t, "assignee"), ==, "tomasz");
}

/* sync --watch: a ticket filed elsewhere reaches this cache within a few
 * seconds through the long poll. */
static void
test_watch (void)
{
  g_autofree char *token = hd_test_server_sign_in (server, "tomasz", "tech-pass");
  g_autoptr(GSubprocessLauncher) launcher = hd_test_cli_launcher (home, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) watcher = NULL;
  g_autoptr(GError) error = NULL;
  gboolean arrived = FALSE;

  watcher = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("HD_CLI"), "sync", "--watch", NULL);
  g_assert_no_error (error);
  g_usleep (G_USEC_PER_SEC / 2);
  {
    g_autofree char *body = hd_test_new_ticket_json ("3f1c2b7e-1111-4a2b-9c3d-00000000a11e", "few", "blocked");
    g_autoptr(HdTestReply) created = hd_test_request (server, "POST", "/tickets", token, body);

    g_assert_cmpuint (created->status, ==, 201);
  }
  for (guint i = 0; i < 50 && !arrived; i++)
    {
      g_auto(HdTestRun) found = { 0 };

      g_usleep (100 * 1000);
      cli (&found, NULL, "show", "3f1c2b7e-1111-4a2b-9c3d-00000000a11e", NULL);
      arrived = found.status == 0;
    }
  g_subprocess_send_signal (watcher, SIGTERM);
  g_assert_true (g_subprocess_wait (watcher, NULL, NULL));
  g_assert_true (arrived);
  g_assert_true (g_subprocess_get_if_exited (watcher));
  g_assert_cmpint (g_subprocess_get_exit_status (watcher), ==, 0);
}

int
main (int argc, char **argv)
{
  g_autofree char *plan = g_build_filename (g_getenv ("HD_SOURCE_DIR"), "data", "plans", "example-district.plan", NULL);
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  home = g_dir_make_tmp ("helpdesk-cli-XXXXXX", &error);
  g_assert_no_error (error);
  server = hd_test_server_start (plan);
  hd_test_server_add_user (server, "tomasz", "technician", "tech-pass");

  g_test_add_func ("/sync/login", test_login);
  g_test_add_func ("/sync/offline-submission", test_offline_submission);
  g_test_add_func ("/sync/two-clients", test_two_clients);
  g_test_add_func ("/sync/watch", test_watch);
  g_test_add_func ("/sync/server-lost-its-database", test_server_lost_its_database);

  status = g_test_run ();
  hd_test_server_stop (server);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", home);

    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  return status;
}

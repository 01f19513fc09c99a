/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sqlite3.h>

#include "hd-test-server.h"

/* helpdesk-cli on a full disk: its cache's writes fail with ENOSPC
 * (tests/disk-full-preload.c, preloaded into the real program). Each
 * command that must write says so in plain words and fails; the cache
 * stays whole (SQLite's integrity check, its tickets, outbox and cursor
 * as they were) and works again once there is room: nothing lost, and
 * nothing the server took twice. */

static HdTestServer *server;
static char *home, *url, *token, *cache_path;
static const char *full[4];

static void
cli (HdTestRun  *run,
     gboolean    disk_full,
     const char *first,
     ...)
{
  va_list ap;

  va_start (ap, first);
  hd_test_cli_run_valist (run, home, disk_full ? full : NULL, NULL, first, ap);
  va_end (ap);
}

static void
submit (HdTestRun  *run,
        gboolean    disk_full,
        const char *subject)
{
  cli (run, disk_full, "submit", "--subject", subject, "--description", "Seen in the library.",
       "--location", "Lincoln Elementary", "--topic", "classroom-av", "--scope", "few", "--effect", "workaround",
       "--requester-name", "Ms. Rivera", "--channel", "walk-in", NULL);
}

typedef struct {
  gint64  tickets;
  gint64  outbox;
  char   *cursor;
} Snapshot;

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The cache as SQLite itself sees it: whole, and what it holds. */
static Snapshot
inspect (void)
{
  Snapshot s = { 0 };
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open_v2 (cache_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  s.tickets = query_int (db, "SELECT count(*) FROM tickets");
  s.outbox = query_int (db, "SELECT count(*) FROM outbox");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'cursor'", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    s.cursor = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return s;
}

static void
assert_unchanged (const Snapshot *before)
{
  Snapshot after = inspect ();

  g_assert_cmpint (after.tickets, ==, before->tickets);
  g_assert_cmpint (after.outbox, ==, before->outbox);
  g_assert_cmpstr (after.cursor, ==, before->cursor);
  g_free (after.cursor);
}

static void
assert_disk_full_said (const HdTestRun *run)
{
  g_test_message ("%s", run->err);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "the disk is full"));
}

static guint
server_count (const char *subject)
{
  g_autoptr(HdTestReply) reply = hd_test_request (server, "GET", "/changes?limit=1000", token, NULL);
  JsonArray *tickets = json_object_get_array_member (json_node_get_object (reply->body), "tickets");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (tickets); i++)
    n += g_strcmp0 (json_object_get_string_member (json_array_get_object_element (tickets, i), "subject"),
                    subject) == 0;
  return n;
}

/* A submission cannot be kept: refused whole, the cache as it was. */
static void
test_submit (void)
{
  Snapshot before = inspect ();
  g_auto(HdTestRun) refused = { 0 };
  g_auto(HdTestRun) listed = { 0 };
  g_auto(HdTestRun) filed = { 0 };

  submit (&refused, TRUE, "Smartboard pen missing");
  assert_disk_full_said (&refused);
  assert_unchanged (&before);
  g_assert_cmpuint (server_count ("Smartboard pen missing"), ==, 0);

  /* reading needs no room */
  cli (&listed, TRUE, "list", "--queue", "all", NULL);
  g_assert_cmpint (listed.status, ==, 0);

  submit (&filed, FALSE, "Smartboard pen missing");
  g_assert_cmpint (filed.status, ==, 0);
  g_assert_nonnull (strstr (filed.out, "Filed HD-"));
  g_assert_cmpuint (server_count ("Smartboard pen missing"), ==, 1);
  g_free (before.cursor);
}

/* The server takes a submission the cache cannot mark delivered: it
 * stays in the outbox, and the next sync finds it already there. */
static void
test_delivery (void)
{
  Snapshot before;
  g_auto(HdTestRun) queued = { 0 };
  g_auto(HdTestRun) failed = { 0 };
  g_auto(HdTestRun) synced = { 0 };

  hd_test_server_pause (server);
  submit (&queued, FALSE, "Laptop cart will not charge");
  g_assert_cmpint (queued.status, ==, 0);
  g_assert_nonnull (strstr (queued.out, "numbered when it reaches the server"));
  hd_test_server_resume (server, FALSE);

  before = inspect ();
  g_assert_cmpint (before.outbox, ==, 1);
  cli (&failed, TRUE, "sync", NULL);
  assert_disk_full_said (&failed);
  g_assert_nonnull (strstr (failed.err, "1 changes wait in the outbox; nothing was lost."));
  assert_unchanged (&before);
  g_assert_cmpuint (server_count ("Laptop cart will not charge"), ==, 1);

  cli (&synced, FALSE, "sync", NULL);
  g_assert_cmpint (synced.status, ==, 0);
  g_assert_nonnull (strstr (synced.out, ", 0 changes waiting."));
  g_assert_cmpuint (server_count ("Laptop cart will not charge"), ==, 1);
  g_free (before.cursor);
}

/* A page of the change feed cannot be written: neither it nor the
 * cursor after it is kept, and the next sync brings it. */
static void
test_pull (void)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *body = hd_test_new_ticket_json (id, "few", "blocked");
  g_autoptr(HdTestReply) created = hd_test_request (server, "POST", "/tickets", token, body);
  Snapshot before = inspect ();
  g_auto(HdTestRun) failed = { 0 };
  g_auto(HdTestRun) synced = { 0 };
  g_auto(HdTestRun) shown = { 0 };

  g_assert_cmpuint (created->status, ==, 201);
  cli (&failed, TRUE, "sync", NULL);
  assert_disk_full_said (&failed);
  assert_unchanged (&before);

  cli (&synced, FALSE, "sync", NULL);
  g_assert_cmpint (synced.status, ==, 0);
  cli (&shown, FALSE, "show", id, NULL);
  g_assert_cmpint (shown.status, ==, 0);
  g_free (before.cursor);
}

int
main (int argc, char **argv)
{
  g_autofree char *plan = g_build_filename (g_getenv ("HD_SOURCE_DIR"), "data", "plans", "example-district.plan", NULL);
  g_autofree char *preload = NULL, *full_disk = NULL, *asan = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(HdTestRun) login = { 0 };
  g_auto(HdTestRun) synced = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);

  home = g_dir_make_tmp ("helpdesk-full-XXXXXX", &error);
  g_assert_no_error (error);
  server = hd_test_server_start (plan);
  hd_test_server_add_user (server, "tomasz", "technician", "tech-pass");
  token = hd_test_server_sign_in (server, "tomasz", "tech-pass");
  url = g_strndup (server->base, strlen (server->base) - strlen ("api/v1"));
  cache_path = hd_test_cli_cache_path (home, url, "tomasz");

  /* the disk holding the cache ($XDG_DATA_HOME) is full; a sanitizer's
   * runtime need not come first among the preloads then */
  preload = g_strdup_printf ("LD_PRELOAD=%s", g_getenv ("HD_DISK_FULL_PRELOAD"));
  full_disk = g_strdup_printf ("HD_FULL_DISK=%s/data/", home);
  asan = g_strdup_printf ("ASAN_OPTIONS=%s%sverify_asan_link_order=0", g_getenv ("ASAN_OPTIONS") ?: "",
                          g_getenv ("ASAN_OPTIONS") ? ":" : "");
  full[0] = preload;
  full[1] = full_disk;
  full[2] = asan;

  hd_test_cli_run (&login, home, NULL, "tech-pass\n", "login", "--server", url, "--user", "tomasz", NULL);
  g_assert_cmpint (login.status, ==, 0);
  hd_test_cli_run (&synced, home, NULL, NULL, "sync", NULL);
  g_assert_cmpint (synced.status, ==, 0);

  g_test_add_func ("/disk-full/submit", test_submit);
  g_test_add_func ("/disk-full/delivery", test_delivery);
  g_test_add_func ("/disk-full/pull", test_pull);

  status = g_test_run ();
  hd_test_server_stop (server);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", home);

    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  g_free (token);
  g_free (url);
  g_free (cache_path);
  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "hd-cache.h"
#include "hd-client.h"
#include "hd-sync.h"
#include "hd-test-server.h"
#include "hd-test-util.h"
#include "hd-time.h"

/* helpdesk-cli on computers whose clocks are an hour ahead of the
 * server's and an hour behind it (libfaketime, preloaded into the real
 * program), against a server on tests/plans/fast.plan (open around the
 * clock; high tickets are answered within an hour, critical ones within
 * 2 s). The server is the authority for deadlines: the cache keeps its
 * deadlines, never ones worked out from a wrong clock; a ticket filed
 * offline gets provisional ones from the plan, counted from the server's
 * time as the last sync measured it; the queues compare deadlines with
 * the server's time too; and sync says in plain words that the clock is
 * off. */

static HdTestServer *server;
static char *ahead, *behind, *token;
static const char *ahead_env[4], *behind_env[4];

static const char * const *
env_of (const char *home)
{
  return home == ahead ? ahead_env : behind_env;
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

/* The ticket with @subject in @queue of @home's cache, or NULL. */
static JsonObject *
find_in_queue (const char *home,
               const char *queue,
               const char *subject)
{
  g_auto(HdTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *tickets;

  hd_test_cli_run (&run, home, env_of (home), NULL, "list", "--queue", queue, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  tickets = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      JsonObject *t = json_array_get_object_element (tickets, i);

      if (g_strcmp0 (json_object_get_string_member (t, "subject"), subject) == 0)
        return json_object_ref (t);
    }
  return NULL;
}

static void
submit (const char *home,
        const char *subject,
        const char *scope,
        const char *effect,
        HdTestRun  *run)
{
  hd_test_cli_run (run, home, env_of (home), NULL, "submit", "--subject", subject, "--description", "No sound.",
                   "--location", "Lincoln Elementary", "--topic", "classroom-av", "--scope", scope,
                   "--effect", effect, "--requester-name", "Mr. Ortiz", "--channel", "phone", NULL);
  g_assert_cmpint (run->status, ==, 0);
}

static JsonObject *
server_ticket (const char   *id,
               HdTestReply **reply)
{
  g_autofree char *path = g_strdup_printf ("/tickets/%s", id);

  *reply = hd_test_request (server, "GET", path, token, NULL);
  g_assert_cmpuint ((*reply)->status, ==, 200);
  return json_node_get_object ((*reply)->body);
}

static void
assert_same_times (JsonObject *cached,
                   JsonObject *on_server)
{
  static const char * const fields[] = { "created_at", "response_due_at", "resolution_due_at" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_cmpstr (json_object_get_string_member (cached, fields[i]), ==,
                     json_object_get_string_member (on_server, fields[i]));
}

static gint64
instant (JsonObject *ticket,
         const char *field)
{
  gint64 value = 0;

  g_assert_true (hd_time_parse_rfc3339 (json_object_get_string_member (ticket, field), &value));
  return value;
}

static void
test_said (void)
{
  g_auto(HdTestRun) fast = { 0 };
  g_auto(HdTestRun) slow = { 0 };

  hd_test_cli_run (&fast, ahead, ahead_env, NULL, "sync", NULL);
  g_assert_cmpint (fast.status, ==, 0);
  g_test_message ("%s", fast.err);
  g_assert_nonnull (strstr (fast.err, "This computer’s clock is 1 h ahead of the server’s: set it right."));
  hd_test_cli_run (&slow, behind, behind_env, NULL, "sync", NULL);
  g_assert_cmpint (slow.status, ==, 0);
  g_assert_nonnull (strstr (slow.err, "This computer’s clock is 1 h behind the server’s: set it right."));
}

/* A high ticket is due an hour after it is filed: by a clock an hour
 * ahead it would look overdue at once. */
static void
test_deadlines_are_the_servers (void)
{
  g_auto(HdTestRun) filed = { 0 };
  g_autoptr(JsonObject) cached = NULL;
  g_autoptr(JsonObject) breached = NULL;
  g_autoptr(HdTestReply) reply = NULL;

  submit (ahead, "Speakers hum in the gym", "many", "workaround", &filed);
  g_assert_nonnull (strstr (filed.out, "Filed HD-"));
  cached = find_in_queue (ahead, "open", "Speakers hum in the gym");
  g_assert_nonnull (cached);
  g_assert_cmpstr (json_object_get_string_member (cached, "priority"), ==, "high");
  assert_same_times (cached, server_ticket (json_object_get_string_member (cached, "id"), &reply));
  breached = find_in_queue (ahead, "breached", "Speakers hum in the gym");
  g_assert_null (breached);
}

/* Filed with the server away: deadlines from the plan, counted from the
 * server's time; then the server's own. */
static void
test_provisional_from_the_plan (void)
{
  g_auto(HdTestRun) filed = { 0 };
  g_auto(HdTestRun) synced = { 0 };
  g_autoptr(JsonObject) pending = NULL;
  g_autoptr(JsonObject) delivered = NULL;
  g_autoptr(HdTestReply) reply = NULL;
  gint64 before, after, created;

  hd_test_server_pause (server);
  before = g_get_real_time () / G_USEC_PER_SEC;
  submit (ahead, "Microphone cuts out", "many", "workaround", &filed);
  after = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_nonnull (strstr (filed.out, "(provisional)"));
  pending = find_in_queue (ahead, "all", "Microphone cuts out");
  g_assert_nonnull (pending);
  created = instant (pending, "created_at");
  /* the server's time, give or take what a Date header can tell */
  g_assert_cmpint (created, >=, before - 120);
  g_assert_cmpint (created, <=, after + 120);
  g_assert_cmpint (instant (pending, "response_due_at") - created, ==, 3600);
  g_assert_cmpint (instant (pending, "resolution_due_at") - created, ==, 2 * 3600);
  g_assert_null (find_in_queue (ahead, "breached", "Microphone cuts out"));

  hd_test_server_resume (server, FALSE);
  hd_test_cli_run (&synced, ahead, ahead_env, NULL, "sync", NULL);
  g_assert_cmpint (synced.status, ==, 0);
  delivered = find_in_queue (ahead, "all", "Microphone cuts out");
  g_assert_cmpint (json_object_get_int_member (delivered, "number"), >, 0);
  assert_same_times (delivered, server_ticket (json_object_get_string_member (delivered, "id"), &reply));
}

/* A critical ticket is overdue 2 s after it is filed: by a clock an hour
 * behind it would look an hour away. */
static void
test_overdue_behind (void)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *body = hd_test_new_ticket_json (id, "few", "blocked");
  g_autoptr(HdTestReply) created = hd_test_request (server, "POST", "/tickets", token, body);
  g_autoptr(JsonObject) breached = NULL;
  g_auto(HdTestRun) synced = { 0 };
  gboolean escalated = FALSE;

  g_assert_cmpuint (created->status, ==, 201);
  /* the server's sweep escalates it once its response deadline passed */
  for (guint i = 0; i < 300 && !escalated; i++)
    {
      g_autoptr(HdTestReply) reply = NULL;

      escalated = json_object_get_int_member (server_ticket (id, &reply), "escalation_level") > 0;
      if (!escalated)
        g_usleep (100 * 1000);
    }
  g_assert_true (escalated);
  hd_test_cli_run (&synced, behind, behind_env, NULL, "sync", NULL);
  g_assert_cmpint (synced.status, ==, 0);
  breached = find_in_queue (behind, "breached", "Projector in room 12 shows no picture");
  g_assert_nonnull (breached);
  g_assert_cmpstr (json_object_get_string_member (breached, "id"), ==, id);
}

static void
sign_in (const char *home)
{
  g_autofree char *url = g_strndup (server->base, strlen (server->base) - strlen ("api/v1"));
  g_auto(HdTestRun) login = { 0 };

  hd_test_cli_run (&login, home, env_of (home), "tech-pass\n", "login", "--server", url, "--user", "bob", NULL);
  g_assert_cmpint (login.status, ==, 0);
}

/* The app's clock: an offset kept by an earlier sync is the engine's from
 * the start, due times go by it, and the user is told in words. */
static void
test_kept_offset (void)
{
  g_autoptr(GError) error = NULL;
  char *dir;
  g_autoptr(HdCache) cache = hd_test_temp_cache ("skew", &dir, NULL);
  g_autoptr(HdClient) client = hd_client_new ("http://127.0.0.1:9", &error);
  g_autoptr(HdSync) sync = NULL;
  g_autofree char *behind_text = hd_sync_describe_clock_offset (3600 + 5 * 60);
  g_autofree char *ahead_text = hd_sync_describe_clock_offset (-90 * 60);
  gint64 drift;

  g_assert_no_error (error);
  g_assert_true (hd_cache_set_meta (cache, "clock-offset", "3600", &error));
  sync = hd_sync_new (client, cache);
  g_assert_cmpint (hd_sync_get_clock_offset (sync), ==, 3600);
  drift = hd_sync_now (sync) - g_get_real_time () / G_USEC_PER_SEC - 3600;
  g_assert_cmpint (ABS (drift), <=, 1);
  g_assert_null (hd_sync_describe_clock_offset (0));
  g_assert_nonnull (strstr (behind_text, "1 h 5 min behind"));
  g_assert_nonnull (strstr (ahead_text, "1 h 30 min ahead"));
  g_clear_object (&sync);
  g_clear_object (&cache);
  hd_test_remove_temp_cache (dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *plan = g_build_filename (g_getenv ("HD_SOURCE_DIR"), "tests", "plans", "fast.plan", NULL);
  const char *faketime = g_getenv ("HD_FAKETIME");
  g_autofree char *preload = g_strdup_printf ("LD_PRELOAD=%s", faketime);
  g_autofree char *asan = g_strdup_printf ("ASAN_OPTIONS=%s%sverify_asan_link_order=0", g_getenv ("ASAN_OPTIONS") ?: "",
                                           g_getenv ("ASAN_OPTIONS") ? ":" : "");
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/clock-skew/kept-offset", test_kept_offset);
  if (faketime == NULL || !g_file_test (faketime, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("libfaketime is not installed (build-aux/debian-packages lists it)");
      return g_test_run ();
    }

  ahead = g_dir_make_tmp ("helpdesk-ahead-XXXXXX", &error);
  g_assert_no_error (error);
  behind = g_dir_make_tmp ("helpdesk-behind-XXXXXX", &error);
  g_assert_no_error (error);
  ahead_env[0] = behind_env[0] = preload;
  ahead_env[1] = "FAKETIME=+1h";
  behind_env[1] = "FAKETIME=-1h";
  ahead_env[2] = behind_env[2] = asan;
  server = hd_test_server_start (plan);
  hd_test_server_add_user (server, "bob", "technician", "tech-pass");
  token = hd_test_server_sign_in (server, "bob", "tech-pass");
  sign_in (ahead);
  sign_in (behind);

  g_test_add_func ("/clock-skew/said", test_said);
  g_test_add_func ("/clock-skew/deadlines-are-the-servers", test_deadlines_are_the_servers);
  g_test_add_func ("/clock-skew/provisional-from-the-plan", test_provisional_from_the_plan);
  g_test_add_func ("/clock-skew/overdue-behind", test_overdue_behind);

  status = g_test_run ();
  hd_test_server_stop (server);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s' '%s'", ahead, behind);

    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  g_free (token);
  return status;
}

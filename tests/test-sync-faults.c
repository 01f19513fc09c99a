/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "hd-sync.h"
#include "hd-test-proxy.h"
#include "hd-test-server.h"

/* A client's push and pull meeting faults at every step: the server
 * killed (SIGKILL), the connection reset half way through an answer, or
 * an answer that stops half way.
 *
 * helpdesk-cli queues six changes while the server cannot be reached: two
 * submissions, a comment and a status change on the first of them, a
 * comment and a status change on a ticket the server has. Then it syncs
 * through a loopback proxy (tests/hd-test-proxy.c) that counts the
 * requests and at the k-th kills the real server before the request
 * reaches it, or once it has answered (its change committed) and before
 * the answer reaches the client; or resets the connection half way
 * through the answer. The server restarts on the same database, the
 * client syncs again, and the server must then hold every change exactly
 * once, the client's outbox be empty, nothing refused. k runs from 1
 * until a sync ends before the k-th request: every step. An answer that
 * stops half way is met by the sync engine in this process, whose
 * timeout a test can shorten.
 *
 * The proxy chooses the moment rather than the server: no code in the
 * server exists for tests, and the kill is the real thing. A kill while
 * the server works on a request comes to one of the two, since no answer
 * leaves before the commit of its change. */

static HdTestServer *server;
static HdTestProxy *proxy;
static char *home, *token, *standing;
static guint standing_moves;

static void
kill_server (gpointer user_data)
{
  hd_test_server_kill (server);
}

/* How many tickets of a "list --json" have @subject and a number. */
static guint
count_numbered (const char *json,
                const char *subject)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *tickets;
  guint n = 0;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  tickets = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      JsonObject *t = json_array_get_object_element (tickets, i);

      n += g_strcmp0 (json_object_get_string_member (t, "subject"), subject) == 0 &&
           json_object_get_int_member_with_default (t, "number", 0) > 0;
    }
  return n;
}

/* Everything a technician sees, all pages of the feed. */
static void
read_feed (GPtrArray *tickets,
           GPtrArray *comments)
{
  g_autofree char *cursor = NULL;
  gboolean more = TRUE;

  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/changes?limit=1000%s%s", cursor ? "&after=" : "", cursor ? cursor : "");
      g_autoptr(HdTestReply) page = hd_test_request (server, "GET", path, token, NULL);
      JsonObject *o = json_node_get_object (page->body);
      JsonArray *t = json_object_get_array_member (o, "tickets");
      JsonArray *c = json_object_get_array_member (o, "comments");

      for (guint i = 0; i < json_array_get_length (t); i++)
        g_ptr_array_add (tickets, g_strdup (json_object_get_string_member (json_array_get_object_element (t, i),
                                                                           "subject")));
      for (guint i = 0; i < json_array_get_length (c); i++)
        g_ptr_array_add (comments, g_strdup (json_object_get_string_member (json_array_get_object_element (c, i),
                                                                            "body")));
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (o, "cursor"));
      more = json_object_get_boolean_member (o, "more");
    }
}

static guint
count_equal (GPtrArray  *texts,
             const char *text)
{
  guint n = 0;

  for (guint i = 0; i < texts->len; i++)
    n += g_strcmp0 (g_ptr_array_index (texts, i), text) == 0;
  return n;
}

static guint
count_status_events (const char *id,
                     const char *to)
{
  g_autofree char *path = g_strdup_printf ("/tickets/%s", id);
  g_autoptr(HdTestReply) reply = hd_test_request (server, "GET", path, token, NULL);
  JsonArray *events = json_object_get_array_member (json_node_get_object (reply->body), "events");
  guint n = 0;

  g_assert_cmpuint (reply->status, ==, 200);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);

      n += g_str_equal (json_object_get_string_member (e, "action"), "status") &&
           (to == NULL || g_strcmp0 (json_object_get_string_member (e, "to"), to) == 0);
    }
  return n;
}

/* A submission made with no server to reach; its id. */
static char *
submit_offline (const char *subject)
{
  g_auto(HdTestRun) run = { 0 };
  const char *saved;

  hd_test_cli_run (&run, home, NULL, NULL, "submit", "--subject", subject, "--description", "Seen in room 12.",
                   "--location", "Lincoln Elementary", "--topic", "classroom-av", "--scope", "few",
                   "--effect", "workaround", "--requester-name", "Ms. Rivera", "--channel", "phone", NULL);
  g_assert_cmpint (run.status, ==, 0);
  saved = strstr (run.out, "Saved as ");
  g_assert_nonnull (saved);
  return g_strndup (saved + strlen ("Saved as "), 36);
}

static void
change_offline (const char *first,
                ...)
{
  g_auto(HdTestRun) run = { 0 };
  va_list ap;

  va_start (ap, first);
  hd_test_cli_run_valist (&run, home, NULL, NULL, first, ap);
  va_end (ap);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "it will be delivered when the server can be reached"));
}

/* The six changes of a round, tagged @tag; the new first ticket's id. */
static char *
queue_changes (const char *tag)
{
  g_autofree char *a = g_strdup_printf ("%s: projector A", tag);
  g_autofree char *b = g_strdup_printf ("%s: projector B", tag);
  g_autofree char *on_a = g_strdup_printf ("%s: on A", tag);
  g_autofree char *on_standing = g_strdup_printf ("%s: on the standing ticket", tag);
  char *a_id;

  hd_test_proxy_set_down (proxy, TRUE);
  a_id = submit_offline (a);
  change_offline ("comment", a_id, "--body", on_a, NULL);
  change_offline ("status", a_id, "acknowledged", NULL);
  g_free (submit_offline (b));
  change_offline ("comment", standing, "--body", on_standing, NULL);
  change_offline ("status", standing, standing_moves % 2 == 0 ? "waiting" : "in-progress", NULL);
  hd_test_proxy_set_down (proxy, FALSE);
  return a_id;
}

static void
assert_exactly_once (const char *tag,
                     const char *a_id)
{
  g_autoptr(GPtrArray) subjects = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *a = g_strdup_printf ("%s: projector A", tag);
  g_autofree char *b = g_strdup_printf ("%s: projector B", tag);
  g_autofree char *on_a = g_strdup_printf ("%s: on A", tag);
  g_autofree char *on_standing = g_strdup_printf ("%s: on the standing ticket", tag);
  g_auto(HdTestRun) listed = { 0 };

  read_feed (subjects, bodies);
  g_assert_cmpuint (count_equal (subjects, a), ==, 1);
  g_assert_cmpuint (count_equal (subjects, b), ==, 1);
  g_assert_cmpuint (count_equal (bodies, on_a), ==, 1);
  g_assert_cmpuint (count_equal (bodies, on_standing), ==, 1);
  g_assert_cmpuint (count_status_events (a_id, "acknowledged"), ==, 1);
  standing_moves++;
  /* acknowledged and in-progress when it was made, then one a round */
  g_assert_cmpuint (count_status_events (standing, NULL), ==, 2 + standing_moves);

  /* the client: both once, numbered (a change the server refused would
   * be missing above) */
  hd_test_cli_run (&listed, home, NULL, NULL, "list", "--queue", "all", "--json", NULL);
  g_assert_cmpint (listed.status, ==, 0);
  g_assert_cmpuint (count_numbered (listed.out, a), ==, 1);
  g_assert_cmpuint (count_numbered (listed.out, b), ==, 1);
}

typedef struct {
  const char   *name;
  HdProxyFault  fault;
  gboolean      kill;          /* the server is killed at the fault */
} Fault;

/* helpdesk-cli sync meets @fault at request @k; whether it did (FALSE
 * once the push and pull took fewer than @k requests). */
static gboolean
cli_sync_at (const Fault *fault,
             guint        k)
{
  g_auto(HdTestRun) cut = { 0 };
  gboolean fired;

  hd_test_proxy_arm (proxy, k, fault->fault, fault->kill ? kill_server : NULL, NULL);
  hd_test_cli_run (&cut, home, NULL, NULL, "sync", NULL);
  fired = hd_test_proxy_fired (proxy);
  hd_test_proxy_arm (proxy, 0, HD_PROXY_PASS, NULL, NULL);
  if (!fired)
    {
      g_assert_cmpint (cut.status, ==, 0);
      return FALSE;
    }
  /* said in plain words, and nothing given up */
  g_test_message ("%s %u: %s", fault->name, k, g_strchomp (cut.err));
  g_assert_cmpint (cut.status, ==, 1);
  g_assert_nonnull (strstr (cut.err, "sync failed: cannot reach the server: "));
  g_assert_nonnull (strstr (cut.err, "; nothing was lost."));
  return TRUE;
}

/* The same in this process, with a short timeout for a stalled answer. */
static gboolean
stalled_sync_at (guint k)
{
  g_autofree char *path = hd_test_cli_cache_path (home, hd_test_proxy_get_url (proxy), "tomasz");
  g_autoptr(GError) error = NULL;
  g_autoptr(HdCache) cache = hd_cache_open (path, &error);
  g_autoptr(HdClient) client = hd_client_new (hd_test_proxy_get_url (proxy), &error);
  g_autoptr(HdSync) sync = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *cursor_after = NULL;
  gint64 tickets;
  guint pending;
  gboolean fired;

  g_assert_no_error (error);
  hd_client_set_token (client, token);
  sync = hd_sync_new (client, cache);
  hd_sync_set_timeout (sync, 5);
  cursor = hd_cache_get_meta (cache, "cursor");
  tickets = hd_cache_count_tickets (cache);
  pending = hd_cache_count_outbox (cache);

  hd_test_proxy_arm (proxy, k, HD_PROXY_STALL_ANSWER, NULL, NULL);
  g_assert_false (hd_sync_run (sync, &error));
  fired = hd_test_proxy_fired (proxy);
  hd_test_proxy_arm (proxy, 0, HD_PROXY_PASS, NULL, NULL);
  g_assert_true (fired);
  g_test_message ("stalled %u: %s", k, error->message);
  g_assert_error (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, "the server did not answer in time");
  g_assert_false (hd_sync_get_online (sync));
  /* what was delivered left the outbox, and only that; a stalled page
   * changed nothing */
  g_assert_cmpuint (hd_cache_count_outbox (cache), <=, pending);
  g_assert_cmpuint (hd_cache_count_outbox (cache), >=, pending - (k - 1));
  if (hd_cache_count_outbox (cache) == 0)
    {
      cursor_after = hd_cache_get_meta (cache, "cursor");
      g_assert_cmpstr (cursor_after, ==, cursor);
      g_assert_cmpint (hd_cache_count_tickets (cache), ==, tickets);
    }
  return TRUE;
}

/* One round: six changes queued, @fault at request @k, one more sync,
 * and every change on the server exactly once. */
static gboolean
fault_at (const Fault *fault,
          guint        k)
{
  g_autofree char *tag = g_strdup_printf ("%s %u", fault->name, k);
  g_autofree char *a_id = queue_changes (tag);
  g_auto(HdTestRun) again = { 0 };
  gboolean fired;

  fired = fault->fault == HD_PROXY_STALL_ANSWER ? stalled_sync_at (k) : cli_sync_at (fault, k);
  if (server->pid == 0)
    hd_test_server_resume (server, FALSE);
  hd_test_cli_run (&again, home, NULL, NULL, "sync", NULL);
  if (again.status != 0)
    g_error ("the sync after %s %u failed: %s", fault->name, k, again.err);
  g_assert_nonnull (strstr (again.out, ", 0 changes waiting."));
  assert_exactly_once (tag, a_id);
  return fired;
}

static void
sweep (gconstpointer data)
{
  const Fault *fault = data;
  guint k = 1;

  while (fault_at (fault, k))
    {
      k++;
      g_assert_cmpuint (k, <, 40);
    }
  /* six changes, one request each at least, and the pull */
  g_assert_cmpuint (k, >, 7);
  g_test_message ("%s at each of %u requests", fault->name, k - 1);
}

/* A stall costs a timeout, so not every request gets one: the answer to
 * a submission, to a change of a ticket's status (a PATCH, with its own
 * timeout), and a page of the change feed, which come in that order. */
static void
stall (gconstpointer data)
{
  static const guint points[] = { 1, 6, 7 };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    fault_at (data, points[i]);
}

static void
set_up (void)
{
  g_autofree char *body = NULL;
  g_autoptr(HdTestReply) created = NULL;
  g_autoptr(HdTestReply) acknowledged = NULL;
  g_autoptr(HdTestReply) started = NULL;
  g_autofree char *path = NULL;
  g_auto(HdTestRun) login = { 0 };
  g_auto(HdTestRun) synced = { 0 };

  hd_test_server_add_user (server, "tomasz", "technician", "tech-pass");
  token = hd_test_server_sign_in (server, "tomasz", "tech-pass");
  standing = g_uuid_string_random ();
  body = hd_test_new_ticket_json (standing, "few", "inconvenience");
  created = hd_test_request (server, "POST", "/tickets", token, body);
  g_assert_cmpuint (created->status, ==, 201);
  path = g_strdup_printf ("/tickets/%s", standing);
  {
    const char *ack = "{\"status\": \"acknowledged\"}", *progress = "{\"status\": \"in-progress\"}";
    g_autoptr(GBytes) move = g_bytes_new_static (ack, strlen (ack));
    g_autoptr(GBytes) start = g_bytes_new_static (progress, strlen (progress));

    acknowledged = hd_test_request_full (server, "PATCH", path, token, "application/json", move, "*");
    started = hd_test_request_full (server, "PATCH", path, token, "application/json", start, "*");
    g_assert_cmpuint (acknowledged->status, ==, 200);
    g_assert_cmpuint (started->status, ==, 200);
  }

  hd_test_cli_run (&login, home, NULL, "tech-pass\n", "login", "--server", hd_test_proxy_get_url (proxy),
                   "--user", "tomasz", NULL);
  g_assert_cmpint (login.status, ==, 0);
  hd_test_cli_run (&synced, home, NULL, NULL, "sync", NULL);
  g_assert_cmpint (synced.status, ==, 0);
}

int
main (int argc, char **argv)
{
  static const Fault killed_before = { "killed before", HD_PROXY_LOSE_REQUEST, TRUE };
  static const Fault killed_after = { "killed after", HD_PROXY_LOSE_ANSWER, TRUE };
  static const Fault reset = { "reset", HD_PROXY_RESET_ANSWER, FALSE };
  static const Fault stalled = { "stalled", HD_PROXY_STALL_ANSWER, FALSE };
  g_autofree char *plan = g_build_filename (g_getenv ("HD_SOURCE_DIR"), "data", "plans", "example-district.plan", NULL);
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  home = g_dir_make_tmp ("helpdesk-faults-XXXXXX", &error);
  g_assert_no_error (error);
  server = hd_test_server_start (plan);
  proxy = hd_test_proxy_new (server->base);
  set_up ();

  g_test_add_data_func ("/sync-faults/stalled-mid-answer", &stalled, stall);
  g_test_add_data_func ("/sync-faults/killed-before-the-request", &killed_before, sweep);
  g_test_add_data_func ("/sync-faults/killed-after-the-answer", &killed_after, sweep);
  g_test_add_data_func ("/sync-faults/reset-mid-answer", &reset, sweep);

  status = g_test_run ();
  hd_test_proxy_free (proxy);
  hd_test_server_stop (server);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", home);

    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  g_free (token);
  g_free (standing);
  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "hd-test-server.h"
#include "hd-ticket.h"

/* helpdesk-server as clients meet it: a real process on loopback, the
 * example district's plan, one user of each role. */

static HdTestServer *server;
static char *front_token, *front2_token, *tech_token, *lead_token, *super_token;

static char *
new_id (void)
{
  return g_uuid_string_random ();
}

/* Files a ticket as @token; returns its reply. */
static HdTestReply *
submit (const char *token,
        const char *id,
        const char *scope,
        const char *effect)
{
  g_autofree char *body = hd_test_new_ticket_json (id, scope, effect);

  return hd_test_request (server, "POST", "/tickets", token, body);
}

static HdTestReply *
patch (const char *token,
       const char *id,
       const char *if_match,
       const char *body)
{
  g_autofree char *path = g_strdup_printf ("/tickets/%s", id);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  return hd_test_request_full (server, "PATCH", path, token, "application/json", bytes, if_match);
}

static void
test_sign_in (void)
{
  g_autoptr(HdTestReply) wrong = hd_test_request (server, "POST", "/session", NULL,
                                                  "{\"username\": \"bob\", \"password\": \"nope\"}");
  g_autoptr(HdTestReply) unknown = hd_test_request (server, "POST", "/session", NULL,
                                                    "{\"username\": \"nobody\", \"password\": \"x\"}");
  g_autoptr(HdTestReply) me = hd_test_request (server, "GET", "/me", tech_token, NULL);
  g_autoptr(HdTestReply) anonymous = hd_test_request (server, "GET", "/me", NULL, NULL);
  g_autoptr(HdTestReply) forged = hd_test_request (server, "GET", "/me", "not-a-token", NULL);
  JsonArray *topics;

  hd_test_assert_error (wrong, 401, "unauthorized");
  hd_test_assert_error (unknown, 401, "unauthorized");
  hd_test_assert_error (anonymous, 401, "unauthorized");
  hd_test_assert_error (forged, 401, "unauthorized");
  g_assert_cmpuint (me->status, ==, 200);
  g_assert_cmpstr (hd_test_reply_string (me, "username"), ==, "tomasz");
  g_assert_cmpstr (hd_test_reply_string (me, "role"), ==, "technician");
  topics = json_object_get_array_member (json_node_get_object (me->body), "topics");
  g_assert_cmpstr (json_array_get_string_element (topics, 0), ==, "classroom-av");
}

static void
test_sign_out (void)
{
  g_autofree char *token = hd_test_server_sign_in (server, "frontdesk", "front-pass");
  g_autoptr(HdTestReply) out = hd_test_request (server, "DELETE", "/session", token, NULL);
  g_autoptr(HdTestReply) after = hd_test_request (server, "GET", "/me", token, NULL);

  g_assert_cmpuint (out->status, ==, 204);
  hd_test_assert_error (after, 401, "unauthorized");
}

static void
test_throttle (void)
{
  g_autoptr(HdTestReply) last = NULL;

  hd_test_server_add_user (server, "victim", "requester", "right");
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(HdTestReply) reply = hd_test_request (server, "POST", "/session", NULL,
                                                      "{\"username\": \"victim\", \"password\": \"wrong\"}");

      hd_test_assert_error (reply, 401, "unauthorized");
    }
  /* even the right password waits now */
  last = hd_test_request (server, "POST", "/session", NULL, "{\"username\": \"victim\", \"password\": \"right\"}");
  hd_test_assert_error (last, 429, "too_many_requests");
  g_assert_cmpint (atoi (soup_message_headers_get_one (last->headers, "Retry-After")), >, 0);
}

/* A sign-in from a computer of its own: its own connection. */
static gpointer
sign_in_thread (gpointer data)
{
  g_autofree char *body = g_strdup_printf ("{\"username\": \"flood%u\", \"password\": \"guess\"}",
                                           GPOINTER_TO_UINT (data));
  g_autofree char *uri = g_strconcat (server->base, "/session", NULL);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 120, NULL);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* The server's figure @key ("VmRSS:") of /proc/PID/status, in KiB. */
static guint64
server_status_kib (const char *key)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) server->pid);
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, key);
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen (key), NULL, 10);
}

/* The most memory the server held at any time, in MiB. */
static gint64
peak_memory (void)
{
  return server_status_kib ("VmHWM:") / 1024;
}

/* CPU time the server has used, in clock ticks. */
static gint64
server_cpu (void)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) server->pid);
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_true (g_file_get_contents (path, &stat, NULL, NULL));
  /* after "pid (comm) ": state is field 3, utime 14 and stime 15 */
  fields = g_strsplit (strrchr (stat, ')') + 2, " ", -1);
  return g_ascii_strtoll (fields[11], NULL, 10) + g_ascii_strtoll (fields[12], NULL, 10);
}

/* The server's CPU time for four wrong passwords, for keiko or for four
 * user names no one has. */
static gint64
cpu_of_sign_ins (gboolean known)
{
  gint64 before = server_cpu ();

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *username = known ? g_strdup ("keiko") : g_strdup_printf ("nobody%u", i);
      g_autofree char *body = g_strdup_printf ("{\"username\": \"%s\", \"password\": \"guess\"}", username);
      g_autoptr(HdTestReply) reply = hd_test_request (server, "POST", "/session", NULL, body);

      hd_test_assert_error (reply, 401, "unauthorized");
    }
  return server_cpu () - before;
}

/* Whether a user name exists must not show in how much work its wrong
 * password takes (the time the answer takes tells an attacker): the
 * server's CPU time, not the clock, measures it. */
static void
test_unknown_user_costs_the_same (void)
{
  gint64 known = cpu_of_sign_ins (TRUE);
  gint64 unknown = cpu_of_sign_ins (FALSE);

  g_test_message ("4 wrong passwords: %" G_GINT64_FORMAT " ticks for a user, %" G_GINT64_FORMAT " for no one",
                  known, unknown);
  g_assert_cmpint (known, >, 0);
  g_assert_cmpint (unknown, >=, known / 2);
}

/* A password check takes 64 MiB for a moment: two dozen sign-ins at once
 * must wait their turn, not take 1.5 GiB. */
static void
test_sign_in_flood (void)
{
  GThread *threads[24];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("sign-in", sign_in_thread, GUINT_TO_POINTER (i));
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_test_message ("the server's memory peaked at %" G_GINT64_FORMAT " MiB", peak_memory ());
  g_assert_cmpint (peak_memory (), <, 5 * 64);
}

static guint
server_sockets (void)
{
  g_autofree char *dir = g_strdup_printf ("/proc/%d/fd", (int) server->pid);
  g_autoptr(GDir) fds = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (fds);
  while ((name = g_dir_read_name (fds)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      n += target != NULL && g_str_has_prefix (target, "socket:");
    }
  return n;
}

/* Clients that connect, ask and hang up leave nothing open behind them:
 * a server that kept each connection would run out of descriptors. */
static void
test_connections_closed (void)
{
  g_autoptr(GSocketClient) connector = g_socket_client_new ();
  g_autoptr(GUri) uri = g_uri_parse (server->base, G_URI_FLAGS_NONE, NULL);
  guint before = server_sockets (), after = G_MAXUINT;

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketConnection) connection = g_socket_client_connect_to_host (connector, "127.0.0.1",
                                                                                g_uri_get_port (uri), NULL, &error);
      const char *request = "GET /api/v1/plan HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
      char answer[4096];
      gssize n;

      g_assert_no_error (error);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request, strlen (request),
                                 NULL, NULL, &error);
      g_assert_no_error (error);
      n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), answer, sizeof answer - 1,
                               NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      answer[n] = '\0';
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 401"));
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
  /* the server lets go as it sees each one close */
  for (guint tries = 0; tries < 300 && after > before + 5; tries++)
    {
      after = server_sockets ();
      if (after > before + 5)
        g_usleep (100 * 1000);
    }
  g_test_message ("server sockets: %u before, %u after 50 connections", before, after);
  g_assert_cmpuint (after, <=, before + 5);
}

static void
connect_and_hang_up (GSocketClient *connector,
                     guint16        port,
                     guint          times)
{
  for (guint i = 0; i < times; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketConnection) connection = g_socket_client_connect_to_host (connector, "127.0.0.1", port,
                                                                                NULL, &error);

      g_assert_no_error (error);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
}

/* Nor does the memory of a connection stay behind it: 5,000 connections
 * that hang up at once (as a health check or a port scan does) leave the
 * server as large as it was, give or take its allocator's rounding. A
 * server that kept each accepted socket grew by 1.7 MB here. */
static void
test_connections_let_go (void)
{
  g_autoptr(GSocketClient) connector = g_socket_client_new ();
  g_autoptr(GUri) uri = g_uri_parse (server->base, G_URI_FLAGS_NONE, NULL);
  guint64 before, after;

#ifdef __SANITIZE_ADDRESS__
  g_test_skip ("AddressSanitizer holds freed memory back; LeakSanitizer checks this build instead");
  return;
#endif
  connect_and_hang_up (connector, g_uri_get_port (uri), 1000);
  before = server_status_kib ("VmRSS:");
  connect_and_hang_up (connector, g_uri_get_port (uri), 5000);
  after = server_status_kib ("VmRSS:");
  g_test_message ("server memory: %" G_GUINT64_FORMAT " KiB before, %" G_GUINT64_FORMAT " KiB after 5,000 connections",
                  before, after);
  g_assert_cmpuint (after, <, before + 512);
}

static void
test_submit (void)
{
  g_autofree char *id = new_id ();
  g_autoptr(HdTestReply) created = submit (front_token, id, "few", "blocked");
  g_autoptr(HdTestReply) again = submit (front_token, id, "few", "blocked");
  g_autofree char *location = g_strdup_printf ("/api/v1/tickets/%s", id);
  JsonObject *ticket;

  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (created->headers, "Location"), ==, location);
  g_assert_cmpstr (soup_message_headers_get_one (created->headers, "ETag"), ==, "\"1\"");
  ticket = json_node_get_object (created->body);
  g_assert_cmpint (json_object_get_int_member (ticket, "number"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (ticket, "priority"), ==, "critical");
  g_assert_cmpstr (json_object_get_string_member (ticket, "status"), ==, "new");
  g_assert_cmpstr (json_object_get_string_member (ticket, "submitted_by"), ==, "frontdesk");
  /* critical classroom AV goes to the topic's senior member */
  g_assert_cmpstr (json_object_get_string_member (ticket, "assignee"), ==, "marcus");
  g_assert_nonnull (json_object_get_string_member (ticket, "response_due_at"));
  g_assert_nonnull (json_object_get_string_member (ticket, "acknowledged_at"));

  /* the same id again: the stored ticket, nothing duplicated */
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpint (hd_test_reply_int (again, "number"), ==, json_object_get_int_member (ticket, "number"));
}

static void
test_bad_requests (void)
{
  g_autofree char *deep = g_strnfill (100000, '[');
  g_autofree char *huge = g_strnfill (2 * 1024 * 1024, ' ');
  static const struct { const char *body; guint status; const char *code; const char *field; } cases[] = {
    { "{\"subject\": ", 400, "bad_request", NULL },
    { "[1, 2]", 400, "bad_request", NULL },
    { "{\"id\": \"not-a-uuid\", \"subject\": \"s\", \"description\": \"d\", \"location\": \"Lincoln Elementary\","
      " \"topic\": \"network\", \"scope\": \"few\", \"effect\": \"blocked\"}", 422, "validation_failed", "id" },
    { "{\"id\": \"3f1c2b7e-1111-4a2b-9c3d-00000000000a\", \"subject\": 42, \"description\": \"d\","
      " \"location\": \"Lincoln Elementary\", \"topic\": \"network\", \"scope\": \"few\", \"effect\": \"blocked\"}",
      422, "validation_failed", "subject" },
    { "{\"id\": \"3f1c2b7e-1111-4a2b-9c3d-00000000000b\", \"subject\": \"  \", \"description\": \"d\","
      " \"location\": \"Lincoln Elementary\", \"topic\": \"network\", \"scope\": \"few\", \"effect\": \"blocked\"}",
      422, "validation_failed", "subject" },
    { "{\"id\": \"3f1c2b7e-1111-4a2b-9c3d-00000000000c\", \"subject\": \"s\", \"description\": \"d\","
      " \"location\": \"Lincoln Elementary\", \"topic\": \"network\", \"scope\": \"everyone\", \"effect\": \"blocked\"}",
      422, "validation_failed", "scope" },
    { "{\"id\": \"3f1c2b7e-1111-4a2b-9c3d-00000000000d\", \"subject\": \"s\", \"description\": \"d\","
      " \"location\": \"Mars\", \"topic\": \"network\", \"scope\": \"few\", \"effect\": \"blocked\"}",
      422, "validation_failed", "location" },
    { "{\"id\": \"3f1c2b7e-1111-4a2b-9c3d-00000000000e\", \"subject\": \"s\", \"description\": \"d\","
      " \"location\": \"Lincoln Elementary\", \"topic\": \"network\", \"scope\": \"few\", \"effect\": \"blocked\","
      " \"channel\": \"pigeon\"}", 422, "validation_failed", "channel" },
    { "{\"id\": \"3f1c2b7e-1111-4a2b-9c3d-00000000000f\", \"description\": \"d\","
      " \"location\": \"Lincoln Elementary\", \"topic\": \"network\", \"scope\": \"few\", \"effect\": \"blocked\"}",
      422, "validation_failed", "subject" },
  };
  g_autoptr(HdTestReply) too_deep = hd_test_request (server, "POST", "/tickets", front_token, deep);
  g_autoptr(GBytes) huge_bytes = g_bytes_new (huge, strlen (huge));
  g_autoptr(HdTestReply) too_big = hd_test_request_full (server, "POST", "/tickets", front_token,
                                                          "application/json", huge_bytes, NULL);
  g_autoptr(GBytes) form = g_bytes_new_static ("a=b", 3);
  g_autoptr(HdTestReply) wrong_type = hd_test_request_full (server, "POST", "/tickets", front_token,
                                                             "application/x-www-form-urlencoded", form, NULL);
  g_autoptr(GBytes) latin1 = g_bytes_new_static ("{\"subject\": \"caf\xe9\"}", 18);
  g_autoptr(HdTestReply) not_utf8 = hd_test_request_full (server, "POST", "/tickets", front_token,
                                                           "application/json", latin1, NULL);
  g_autoptr(HdTestReply) no_path = hd_test_request (server, "GET", "/nowhere", front_token, NULL);
  g_autoptr(HdTestReply) no_method = hd_test_request (server, "PUT", "/tickets", front_token, "{}");
  g_autoptr(HdTestReply) outside = hd_test_request (server, "GET", "/../../etc/passwd", NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HdTestReply) reply = hd_test_request (server, "POST", "/tickets", front_token, cases[i].body);
      JsonObject *error;

      hd_test_assert_error (reply, cases[i].status, cases[i].code);
      error = json_object_get_object_member (json_node_get_object (reply->body), "error");
      g_assert_cmpstr (json_object_get_string_member_with_default (error, "field", NULL), ==, cases[i].field);
    }
  hd_test_assert_error (too_deep, 400, "bad_request");
  hd_test_assert_error (too_big, 413, "payload_too_large");
  hd_test_assert_error (wrong_type, 415, "unsupported_media_type");
  hd_test_assert_error (not_utf8, 400, "bad_request");
  hd_test_assert_error (no_path, 404, "not_found");
  hd_test_assert_error (no_method, 405, "method_not_allowed");
  g_assert_cmpstr (soup_message_headers_get_one (no_method->headers, "Allow"), ==, "POST");
  g_assert_cmpuint (outside->status, ==, 404);
}

static void
test_roles (void)
{
  g_autofree char *id = new_id ();
  g_autofree char *path = g_strdup_printf ("/tickets/%s", id);
  g_autofree char *comments = g_strdup_printf ("/tickets/%s/comments", id);
  g_autoptr(HdTestReply) created = submit (front_token, id, "few", "workaround");
  g_autoptr(HdTestReply) own = hd_test_request (server, "GET", path, front_token, NULL);
  g_autoptr(HdTestReply) other = hd_test_request (server, "GET", path, front2_token, NULL);
  g_autoptr(HdTestReply) staff = hd_test_request (server, "GET", path, tech_token, NULL);
  g_autoptr(HdTestReply) users_front = hd_test_request (server, "GET", "/users", front_token, NULL);
  g_autoptr(HdTestReply) users_tech = hd_test_request (server, "GET", "/users", tech_token, NULL);
  g_autoptr(HdTestReply) requester_patch = patch (front_token, id, "\"1\"", "{\"status\": \"acknowledged\"}");
  g_autoptr(HdTestReply) note = NULL;
  g_autoptr(HdTestReply) requester_note = NULL;
  g_autoptr(HdTestReply) seen_by_front = NULL;
  g_autoptr(HdTestReply) seen_by_tech = NULL;
  g_autofree char *note_id = new_id ();
  g_autofree char *front_id = new_id ();
  g_autofree char *note_body = g_strdup_printf ("{\"id\": \"%s\", \"body\": \"Check the HDMI switch\", \"internal\": true}",
                                                note_id);
  g_autofree char *front_body = g_strdup_printf ("{\"id\": \"%s\", \"body\": \"Secret\", \"internal\": true}",
                                                 front_id);

  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpuint (own->status, ==, 200);
  hd_test_assert_error (other, 404, "not_found");
  g_assert_cmpuint (staff->status, ==, 200);
  hd_test_assert_error (users_front, 403, "forbidden");
  g_assert_cmpuint (users_tech->status, ==, 200);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (users_tech->body));
  hd_test_assert_error (requester_patch, 403, "forbidden");

  note = hd_test_request (server, "POST", comments, tech_token, note_body);
  g_assert_cmpuint (note->status, ==, 201);
  requester_note = hd_test_request (server, "POST", comments, front_token, front_body);
  hd_test_assert_error (requester_note, 403, "forbidden");
  /* requesters never see internal notes */
  seen_by_front = hd_test_request (server, "GET", path, front_token, NULL);
  seen_by_tech = hd_test_request (server, "GET", path, tech_token, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (seen_by_front->body),
                                                                         "comments")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (seen_by_tech->body),
                                                                         "comments")), ==, 1);
}

static void
test_transitions (void)
{
  static const struct { const char *status; guint expected; } steps[] = {
    { "resolved", 409 }, { "acknowledged", 200 }, { "waiting", 409 }, { "in-progress", 200 },
    { "waiting", 200 }, { "resolved", 409 }, { "in-progress", 200 }, { "resolved", 200 },
    { "closed", 200 }, { "new", 409 }, { "in-progress", 200 }, { "done", 422 },
  };
  g_autofree char *id = new_id ();
  g_autoptr(HdTestReply) created = submit (front_token, id, "few", "inconvenience");
  g_autoptr(HdTestReply) no_match = patch (tech_token, id, NULL, "{\"status\": \"acknowledged\"}");
  g_autoptr(HdTestReply) stale = patch (tech_token, id, "\"7\"", "{\"status\": \"acknowledged\"}");
  gint64 version = 1;

  g_assert_cmpuint (created->status, ==, 201);
  hd_test_assert_error (no_match, 428, "precondition_required");
  hd_test_assert_error (stale, 412, "precondition_failed");
  g_assert_cmpstr (soup_message_headers_get_one (stale->headers, "ETag"), ==, "\"1\"");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (stale->body),
                                                                              "current"), "version"), ==, 1);
  /* a change that changes nothing keeps the version */
  {
    g_autoptr(HdTestReply) same = patch (tech_token, id, "\"1\"", "{\"status\": \"new\"}");

    g_assert_cmpuint (same->status, ==, 200);
    g_assert_cmpint (hd_test_reply_int (same, "version"), ==, 1);
  }

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
      g_autofree char *body = g_strdup_printf ("{\"status\": \"%s\"}", steps[i].status);
      g_autoptr(HdTestReply) reply = patch (tech_token, id, match, body);

      if (reply->status != steps[i].expected)
        g_error ("step %u (%s): %u", i, steps[i].status, reply->status);
      if (reply->status == 200)
        {
          g_assert_cmpstr (hd_test_reply_string (reply, "status"), ==, steps[i].status);
          g_assert_cmpint (hd_test_reply_int (reply, "version"), ==, ++version);
        }
      else if (reply->status == 409)
        hd_test_assert_error (reply, 409, "invalid_transition");
    }
}

static void
test_assignment_rules (void)
{
  g_autofree char *id = new_id ();
  g_autoptr(HdTestReply) created = submit (front_token, id, "few", "workaround");
  g_autoptr(HdTestReply) take_other = NULL;
  g_autoptr(HdTestReply) by_supervisor = NULL;
  g_autoptr(HdTestReply) no_reason = NULL;
  g_autoptr(HdTestReply) with_reason = NULL;
  const char *assignee;

  g_assert_cmpuint (created->status, ==, 201);
  assignee = hd_test_reply_string (created, "assignee");
  g_assert_true (g_str_equal (assignee, "tomasz") || g_str_equal (assignee, "marcus"));
  /* a technician cannot take a colleague's ticket */
  take_other = patch (g_str_equal (assignee, "tomasz") ? lead_token : tech_token, id, "\"1\"",
                      g_str_equal (assignee, "tomasz") ? "{\"assignee\": \"marcus\"}" : "{\"assignee\": \"tomasz\"}");
  hd_test_assert_error (take_other, 403, "forbidden");
  by_supervisor = patch (super_token, id, "\"1\"", "{\"assignee\": \"keiko\"}");
  g_assert_cmpuint (by_supervisor->status, ==, 200);
  g_assert_cmpstr (hd_test_reply_string (by_supervisor, "assignee"), ==, "keiko");

  no_reason = patch (tech_token, id, "\"2\"", "{\"priority\": \"high\"}");
  hd_test_assert_error (no_reason, 422, "validation_failed");
  with_reason = patch (tech_token, id, "\"2\"", "{\"priority\": \"high\", \"priority_reason\": \"whole grade affected\"}");
  g_assert_cmpuint (with_reason->status, ==, 200);
  g_assert_cmpstr (hd_test_reply_string (with_reason, "priority"), ==, "high");
  g_assert_cmpstr (hd_test_reply_string (with_reason, "priority_reason"), ==, "whole grade affected");
}

static void
test_history (void)
{
  g_autofree char *id = new_id ();
  g_autofree char *path = g_strdup_printf ("/tickets/%s", id);
  g_autoptr(HdTestReply) created = submit (front_token, id, "few", "workaround");
  g_autoptr(HdTestReply) changed = patch (tech_token, id, "\"1\"", "{\"status\": \"acknowledged\"}");
  g_autoptr(HdTestReply) got = hd_test_request (server, "GET", path, tech_token, NULL);
  JsonArray *events = json_object_get_array_member (json_node_get_object (got->body), "events");
  gboolean saw_created = FALSE, saw_status = FALSE;

  g_assert_cmpuint (changed->status, ==, 200);
  g_assert_nonnull (hd_test_reply_string (changed, "first_response_at"));
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      const char *action = json_object_get_string_member (e, "action");

      saw_created |= g_str_equal (action, "created") &&
                     g_str_equal (json_object_get_string_member (e, "actor"), "frontdesk");
      saw_status |= g_str_equal (action, "status") &&
                    g_str_equal (json_object_get_string_member (e, "to"), "acknowledged") &&
                    g_str_equal (json_object_get_string_member (e, "actor"), "tomasz");
    }
  g_assert_true (saw_created);
  g_assert_true (saw_status);
}

/* Waits up to 5 s for a message to @to that contains @text. */
static char *
wait_for_mail (const char *to,
               const char *text)
{
  g_autofree char *header = g_strdup_printf ("To: %s\n", to);

  for (guint tries = 0; tries < 50; tries++)
    {
      g_autoptr(GPtrArray) mail = hd_test_server_mail (server);

      for (guint i = 0; i < mail->len; i++)
        if (strstr (g_ptr_array_index (mail, i), text) != NULL && strstr (g_ptr_array_index (mail, i), header) != NULL)
          return g_strdup (g_ptr_array_index (mail, i));
      g_usleep (100 * 1000);
    }
  return NULL;
}

static void
test_acknowledgement_mail (void)
{
  g_autofree char *id = new_id ();
  g_autofree char *body = g_strdup_printf (
      "{\"id\": \"%s\", \"subject\": \"Imprimante bloquée\", \"description\": \"d\","
      " \"location\": \"Lincoln Elementary\", \"topic\": \"network\", \"scope\": \"few\", \"effect\": \"workaround\","
      " \"requester\": {\"name\": \"Mr. Ortiz\", \"email\": \"ortiz@springfield.example\"}}", id);
  g_autoptr(HdTestReply) created = hd_test_request (server, "POST", "/tickets", front_token, body);
  g_autofree char *number = NULL;
  g_autofree char *message = NULL;

  g_assert_cmpuint (created->status, ==, 201);
  number = g_strdup_printf ("Ticket number: HD-%" G_GINT64_FORMAT "\n", hd_test_reply_int (created, "number"));
  message = wait_for_mail ("ortiz@springfield.example", number);
  g_assert_nonnull (message);
  /* a non-ASCII subject is encoded, never raw in a header */
  g_assert_nonnull (strstr (message, "\nSubject: =?UTF-8?B?"));
  g_assert_nonnull (strstr (message, "  Subject: Imprimante bloquée\n"));
  g_assert_nonnull (strstr (message, "We will respond by: "));
  g_assert_true (strstr (message, " CST\n") != NULL || strstr (message, " CDT\n") != NULL);
  g_assert_nonnull (strstr (message, "Opening hours: On the district website"));
}

static void
test_header_injection (void)
{
  static const char * const subjects[] = {
    "Printer jam\\r\\nBcc: everyone@example.com", "Printer jam\\nBcc: everyone@example.com",
  };

  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    {
      g_autofree char *id = new_id ();
      g_autofree char *body = g_strdup_printf (
          "{\"id\": \"%s\", \"subject\": \"%s\", \"description\": \"d\","
          " \"location\": \"Lincoln Elementary\", \"topic\": \"network\", \"scope\": \"few\", \"effect\": \"workaround\","
          " \"requester\": {\"name\": \"Mr. Ortiz\", \"email\": \"ortiz@springfield.example\"}}", id, subjects[i]);
      g_autoptr(HdTestReply) reply = hd_test_request (server, "POST", "/tickets", front_token, body);

      hd_test_assert_error (reply, 422, "validation_failed");
    }
}

/* A valid submission with @member ("requester.name" for one of the
 * requester's) set to @value. */
static char *
submission_with (const char *member,
                 const char *value)
{
  g_autofree char *id = new_id ();
  g_autofree char *json = hd_test_new_ticket_json (id, "few", "workaround");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  if (g_str_has_prefix (member, "requester."))
    {
      o = json_object_get_object_member (o, "requester");
      member += strlen ("requester.");
    }
  json_object_set_string_member (o, member, value);
  return json_to_string (json_parser_get_root (parser), FALSE);
}

/* Text that could add a header to the acknowledgement mail is refused
 * where a header takes it, and encoded where it only shows. */
static void
test_mail_header_fields (void)
{
  static const struct { const char *member; const char *value; const char *field; } refused[] = {
    { "requester.email", "ortiz@springfield.example\r\nBcc: everyone@example.com", "email" },
    { "requester.email", "ortiz@springfield.example\nBcc: everyone@example.com", "email" },
    { "requester.email", "ortiz@springfield.example, everyone@example.com", "email" },
    { "requester.email", "Mr. Ortiz <ortiz@springfield.example>", "email" },
    { "requester.name", "Mr. Ortiz\r\nBcc: everyone@example.com", "name" },
    { "requester.phone", "555-0100\nBcc: everyone@example.com", "phone" },
  };
  g_autofree char *body = submission_with ("subject", "Projector\u2028Bcc: everyone@example.com\xc2\x85To: x@example.com");
  g_autoptr(HdTestReply) accepted = NULL;
  g_autofree char *number = NULL;
  g_autofree char *message = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *bad = submission_with (refused[i].member, refused[i].value);
      g_autoptr(HdTestReply) reply = hd_test_request (server, "POST", "/tickets", front_token, bad);
      JsonObject *error;

      hd_test_assert_error (reply, 422, "validation_failed");
      error = json_object_get_object_member (json_node_get_object (reply->body), "error");
      g_assert_cmpstr (json_object_get_string_member (error, "field"), ==, refused[i].field);
    }

  /* Unicode line separators are not line breaks to sendmail; the
   * subject travels encoded all the same */
  accepted = hd_test_request (server, "POST", "/tickets", front_token, body);
  g_assert_cmpuint (accepted->status, ==, 201);
  number = g_strdup_printf ("Ticket number: HD-%" G_GINT64_FORMAT "\n", hd_test_reply_int (accepted, "number"));
  message = wait_for_mail ("rivera@springfield.example", number);
  g_assert_nonnull (message);
  lines = g_strsplit (message, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    g_assert_true (g_str_has_prefix (lines[i], "To: rivera@springfield.example") ||
                   g_str_has_prefix (lines[i], "From: ") || g_str_has_prefix (lines[i], "Subject: =?UTF-8?B?") ||
                   g_str_has_prefix (lines[i], "MIME-Version: ") || g_str_has_prefix (lines[i], "Content-Type: ") ||
                   g_str_has_prefix (lines[i], "Content-Transfer-Encoding: "));
}

/* SQL in every place a request carries text: refused, or kept as the
 * text it is; the tables are untouched. */
static void
test_sql_injection (void)
{
  static const char * const paths[] = {
    "/tickets/%27%20OR%20%271%27%3D%271", "/tickets/1%3B%20DROP%20TABLE%20tickets",
    "/changes?after=1%27%20OR%20%271%27%3D%271", "/changes?limit=1%3B%20DROP%20TABLE%20tickets",
    "/changes?wait=1%20OR%201%3D1",
  };
  g_autofree char *id = new_id ();
  g_autoptr(HdTestReply) created = submit (front_token, id, "few", "workaround");
  g_autofree char *path = g_strdup_printf ("/tickets/%s", id);
  g_autofree char *comments = g_strdup_printf ("/tickets/%s/comments", id);
  g_autofree char *comment_id = new_id ();
  g_autofree char *comment = g_strdup_printf ("{\"id\": \"%s\", \"body\": \"'); DELETE FROM comments; --\"}",
                                              comment_id);
  g_autoptr(HdTestReply) noted = NULL;
  g_autoptr(HdTestReply) after = NULL;
  g_autoptr(HdTestReply) everyone = NULL;
  g_autoptr(HdTestReply) anyone = NULL;
  JsonArray *notes;

  g_assert_cmpuint (created->status, ==, 201);
  everyone = hd_test_request (server, "POST", "/session", NULL,
                              "{\"username\": \"' OR '1'='1\", \"password\": \"' OR '1'='1\"}");
  hd_test_assert_error (everyone, 401, "unauthorized");
  anyone = hd_test_request (server, "POST", "/session", NULL,
                            "{\"username\": \"frontdesk'--\", \"password\": \"x\"}");
  hd_test_assert_error (anyone, 401, "unauthorized");
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(HdTestReply) reply = hd_test_request (server, "GET", paths[i], tech_token, NULL);

      g_test_message ("%s: %u", paths[i], reply->status);
      g_assert_cmpuint (reply->status, >=, 400);
      g_assert_cmpuint (reply->status, <, 500);
    }
  {
    static const char * const changes[] = {
      "{\"topic\": \"network' OR '1'='1\"}", "{\"assignee\": \"tomasz'; --\"}",
      "{\"status\": \"closed' --\"}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
      {
        g_autoptr(HdTestReply) reply = patch (tech_token, id, "*", changes[i]);

        hd_test_assert_error (reply, 422, "validation_failed");
      }
  }
  noted = hd_test_request (server, "POST", comments, tech_token, comment);
  g_assert_cmpuint (noted->status, ==, 201);
  after = hd_test_request (server, "GET", path, tech_token, NULL);
  notes = json_object_get_array_member (json_node_get_object (after->body), "comments");
  g_assert_cmpuint (json_array_get_length (notes), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (notes, 0), "body"), ==,
                   "'); DELETE FROM comments; --");
  g_assert_cmpstr (hd_test_reply_string (after, "topic"), ==, "classroom-av");
}

/* Every text field one character over its limit is refused, naming the
 * field; at the limit, in characters (not bytes), it is taken. */
static void
test_oversized_fields (void)
{
  static const struct { const char *member; glong max; gboolean fits; } fields[] = {
    { "subject", HD_SUBJECT_MAX, TRUE }, { "description", HD_TEXT_MAX, TRUE },
    { "location", HD_NAME_MAX, FALSE }, { "topic", HD_NAME_MAX, FALSE }, { "scope", HD_NAME_MAX, FALSE },
    { "effect", HD_NAME_MAX, FALSE }, { "channel", 32, FALSE }, { "requester.name", HD_NAME_MAX, TRUE },
    { "requester.email", HD_EMAIL_MAX, TRUE }, { "requester.phone", HD_PHONE_MAX, TRUE },
  };
  g_autofree char *id = new_id ();
  g_autoptr(HdTestReply) created = submit (front_token, id, "few", "workaround");
  g_autofree char *ticket = g_strdup_printf ("/tickets/%s", id);

  g_assert_cmpuint (created->status, ==, 201);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    for (glong length = fields[i].max; length <= fields[i].max + 1; length++)
      {
        g_autoptr(GString) value = g_string_new (NULL);
        g_autofree char *body = NULL;
        g_autoptr(HdTestReply) reply = NULL;
        const char *leaf = strchr (fields[i].member, '.') ? strchr (fields[i].member, '.') + 1 : fields[i].member;

        /* a two-byte character each, and a mail address ends like one */
        for (glong c = 0; c < length; c++)
          g_string_append (value, g_str_equal (leaf, "email") ? "a" : g_str_equal (leaf, "phone") ? "5" : "é");
        if (g_str_equal (leaf, "email"))
          g_string_overwrite (value, value->len - strlen ("@springfield.example"), "@springfield.example");
        body = submission_with (fields[i].member, value->str);
        reply = hd_test_request (server, "POST", "/tickets", front_token, body);
        if (length == fields[i].max && fields[i].fits)
          g_assert_cmpuint (reply->status, ==, 201);
        else if (length > fields[i].max)
          {
            JsonObject *error;

            hd_test_assert_error (reply, 422, "validation_failed");
            error = json_object_get_object_member (json_node_get_object (reply->body), "error");
            g_assert_cmpstr (json_object_get_string_member (error, "field"), ==, leaf);
          }
      }

  {
    struct { const char *path; const char *member; glong max; const char *rest; } others[] = {
      { "/session", "username", HD_NAME_MAX, "\"password\": \"x\"" },
      { "/session", "password", 1024, "\"username\": \"frontdesk\"" },
      { "comments", "body", HD_TEXT_MAX, "\"id\": \"3f1c2b7e-1111-4a2b-9c3d-0000000000b1\"" },
      { "follow-up", "message", HD_TEXT_MAX, NULL },
      { "survey", "comment", HD_TEXT_MAX, "\"rating\": 4" },
      { "patch", "priority_reason", HD_REASON_MAX, "\"priority\": \"high\"" },
      { "patch", "topic", HD_NAME_MAX, NULL },
      { "patch", "assignee", HD_NAME_MAX, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (others); i++)
      {
        g_autofree char *value = g_strnfill (others[i].max + 1, 'x');
        g_autofree char *body = g_strdup_printf ("{\"%s\": \"%s\"%s%s}", others[i].member, value,
                                                 others[i].rest != NULL ? ", " : "",
                                                 others[i].rest != NULL ? others[i].rest : "");
        g_autofree char *path = g_str_equal (others[i].path, "/session") ? g_strdup ("/session")
                                : g_str_equal (others[i].path, "patch") ? g_strdup (ticket)
                                : g_strdup_printf ("%s/%s", ticket, others[i].path);
        g_autoptr(HdTestReply) reply = NULL;
        JsonObject *error;

        if (g_str_equal (others[i].path, "patch"))
          reply = patch (tech_token, id, "*", body);
        else
          reply = hd_test_request (server, "POST", path, g_str_equal (others[i].path, "/session") ? NULL : front_token,
                                   body);
        hd_test_assert_error (reply, 422, "validation_failed");
        error = json_object_get_object_member (json_node_get_object (reply->body), "error");
        g_assert_cmpstr (json_object_get_string_member (error, "field"), ==, others[i].member);
      }
  }
}

static void
test_hostile_text (void)
{
  g_autofree char *id = new_id ();
  g_autofree char *long_subject = g_strnfill (201, 'x');
  g_autofree char *body = g_strdup_printf (
      "{\"id\": \"%s\", \"subject\": \"'; DROP TABLE tickets; -- $(rm -rf /) `reboot`\","
      " \"description\": \"caf\\u00e9 and \\\"quotes\\\" and <script>\", \"location\": \"Lincoln Elementary\","
      " \"topic\": \"network\", \"scope\": \"few\", \"effect\": \"workaround\"}", id);
  g_autofree char *too_long = g_strdup_printf (
      "{\"id\": \"%s\", \"subject\": \"%s\", \"description\": \"d\", \"location\": \"Lincoln Elementary\","
      " \"topic\": \"network\", \"scope\": \"few\", \"effect\": \"workaround\"}", id, long_subject);
  g_autoptr(HdTestReply) stored = hd_test_request (server, "POST", "/tickets", front_token, body);
  g_autoptr(HdTestReply) refused = NULL;
  g_autoptr(HdTestReply) still_there = NULL;
  g_autofree char *path = g_strdup_printf ("/tickets/%s", id);

  /* stored as the text it is */
  g_assert_cmpuint (stored->status, ==, 201);
  g_assert_cmpstr (hd_test_reply_string (stored, "subject"), ==, "'; DROP TABLE tickets; -- $(rm -rf /) `reboot`");
  /* an invalid body is refused even with a known id, and changes nothing */
  refused = hd_test_request (server, "POST", "/tickets", front_token, too_long);
  hd_test_assert_error (refused, 422, "validation_failed");
  still_there = hd_test_request (server, "GET", path, tech_token, NULL);
  g_assert_cmpuint (still_there->status, ==, 200);
  g_assert_cmpstr (hd_test_reply_string (still_there, "subject"), ==, hd_test_reply_string (stored, "subject"));
  g_assert_cmpint (hd_test_reply_int (still_there, "version"), ==, 1);
}

typedef struct {
  guint      n;
  GPtrArray *ids;
  gint      *finished;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;

  for (guint i = 0; i < w->n; i++)
    {
      g_autofree char *id = new_id ();
      g_autoptr(HdTestReply) reply = submit (front2_token, id, "some", "inconvenience");

      g_assert_cmpuint (reply->status, ==, 201);
      g_ptr_array_add (w->ids, g_steal_pointer (&id));
    }
  g_atomic_int_inc (w->finished);
  return NULL;
}

/* The cursor after everything frontdesk2 can already see. */
static char *
feed_head (void)
{
  char *cursor = NULL;

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/changes?limit=1000%s%s", cursor ? "&after=" : "", cursor ? cursor : "");
      g_autoptr(HdTestReply) page = hd_test_request (server, "GET", path, front2_token, NULL);

      g_free (cursor);
      cursor = g_strdup (hd_test_reply_string (page, "cursor"));
      if (!json_object_get_boolean_member (json_node_get_object (page->body), "more"))
        return cursor;
    }
}

/* Four clients submit at once while a fifth follows the feed in small
 * pages: it sees every ticket exactly once. */
static void
test_feed_under_concurrent_writers (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = feed_head ();
  Writer writers[4];
  GThread *threads[4];
  gint finished = 0;

  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      writers[i] = (Writer) { 25, g_ptr_array_new_with_free_func (g_free), &finished };
      threads[i] = g_thread_new ("writer", writer_thread, &writers[i]);
    }
  for (;;)
    {
      gboolean writers_done = g_atomic_int_get (&finished) == G_N_ELEMENTS (writers);
      g_autofree char *path = g_strdup_printf ("/changes?limit=7&after=%s", cursor);
      g_autoptr(HdTestReply) page = hd_test_request (server, "GET", path, front2_token, NULL);
      JsonObject *o = json_node_get_object (page->body);
      JsonArray *tickets = json_object_get_array_member (o, "tickets");

      for (guint i = 0; i < json_array_get_length (tickets); i++)
        {
          const char *id = json_object_get_string_member (json_array_get_object_element (tickets, i), "id");

          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, g_strdup (id));
        }
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (o, "cursor"));
      if (writers_done && !json_object_get_boolean_member (o, "more"))
        break;
      if (json_array_get_length (tickets) == 0)
        g_usleep (5000);
    }
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      g_thread_join (threads[i]);
      for (guint j = 0; j < writers[i].ids->len; j++)
        g_assert_true (g_hash_table_contains (seen, g_ptr_array_index (writers[i].ids, j)));
      g_ptr_array_unref (writers[i].ids);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 100);
}

int
main (int argc, char **argv)
{
  g_autofree char *plan = g_build_filename (g_getenv ("HD_SOURCE_DIR"), "data", "plans", "example-district.plan", NULL);
  int status;

  g_test_init (&argc, &argv, NULL);

  server = hd_test_server_start (plan);
  hd_test_server_add_staff (server);
  front_token = hd_test_server_sign_in (server, "frontdesk", "front-pass");
  front2_token = hd_test_server_sign_in (server, "frontdesk2", "front2-pass");
  tech_token = hd_test_server_sign_in (server, "tomasz", "tech-pass");
  lead_token = hd_test_server_sign_in (server, "marcus", "lead-pass");
  super_token = hd_test_server_sign_in (server, "dana", "super-pass");

  g_test_add_func ("/server/sign-in", test_sign_in);
  g_test_add_func ("/server/sign-out", test_sign_out);
  g_test_add_func ("/server/throttle", test_throttle);
  g_test_add_func ("/server/unknown-user-costs-the-same", test_unknown_user_costs_the_same);
  g_test_add_func ("/server/sign-in-flood", test_sign_in_flood);
  g_test_add_func ("/server/connections-closed", test_connections_closed);
  g_test_add_func ("/server/connections-let-go", test_connections_let_go);
  g_test_add_func ("/server/submit", test_submit);
  g_test_add_func ("/server/bad-requests", test_bad_requests);
  g_test_add_func ("/server/roles", test_roles);
  g_test_add_func ("/server/transitions", test_transitions);
  g_test_add_func ("/server/assignment-rules", test_assignment_rules);
  g_test_add_func ("/server/history", test_history);
  g_test_add_func ("/server/acknowledgement-mail", test_acknowledgement_mail);
  g_test_add_func ("/server/header-injection", test_header_injection);
  g_test_add_func ("/server/hostile-text", test_hostile_text);
  g_test_add_func ("/server/mail-header-fields", test_mail_header_fields);
  g_test_add_func ("/server/sql-injection", test_sql_injection);
  g_test_add_func ("/server/oversized-fields", test_oversized_fields);
  g_test_add_func ("/server/feed-under-concurrent-writers", test_feed_under_concurrent_writers);

  status = g_test_run ();
  hd_test_server_stop (server);
  return status;
}

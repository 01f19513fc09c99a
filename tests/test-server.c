/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "hd-test-server.h"

/* helpdesk-server as clients meet it: a real process on loopback, the
 * example district's plan, one user of each role. */

static HdTestServer *server;
static char *front_token, *front2_token, *tech_token, *lead_token, *super_token, *admin_token;

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

/* Every endpoint, as each role: what it may do and what it is refused. */
static void
test_role_matrix (void)
{
  struct { const char *name; const char *token; gboolean staff; gboolean boss; } roles[] = {
    { "requester", front2_token, FALSE, FALSE },
    { "technician", lead_token, TRUE, FALSE },
    { "supervisor", super_token, TRUE, TRUE },
    { "admin", admin_token, TRUE, TRUE },
  };

  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      const char *token = roles[r].token;
      g_autofree char *theirs = new_id ();        /* frontdesk's ticket, assigned to tomasz */
      g_autofree char *mine = new_id ();          /* this role's own ticket */
      g_autofree char *path = g_strdup_printf ("/tickets/%s", theirs);
      g_autofree char *comment = g_strdup_printf ("{\"id\": \"%s\", \"body\": \"note\", \"internal\": true}", mine);
      g_autofree char *comments = g_strdup_printf ("/tickets/%s/comments", theirs);
      g_autofree char *follow_up = g_strdup_printf ("/tickets/%s/follow-up", theirs);
      g_autofree char *survey = g_strdup_printf ("/tickets/%s/survey", theirs);
      g_autoptr(HdTestReply) created = submit (front_token, theirs, "few", "workaround");
      g_autoptr(HdTestReply) to_tomasz = patch (super_token, theirs, "\"1\"", "{\"assignee\": \"tomasz\"}");
      g_autoptr(HdTestReply) me = hd_test_request (server, "GET", "/me", token, NULL);
      g_autoptr(HdTestReply) plan = hd_test_request (server, "GET", "/plan", token, NULL);
      g_autoptr(HdTestReply) users = hd_test_request (server, "GET", "/users", token, NULL);
      g_autoptr(HdTestReply) own = submit (token, mine, "few", "inconvenience");
      g_autoptr(HdTestReply) read = hd_test_request (server, "GET", path, token, NULL);
      g_autoptr(HdTestReply) note = hd_test_request (server, "POST", comments, token, comment);
      g_autofree char *version = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", hd_test_reply_int (to_tomasz, "version"));
      g_autoptr(HdTestReply) reassign = patch (token, theirs, version, "{\"assignee\": \"keiko\"}");
      g_autoptr(HdTestReply) follow = hd_test_request (server, "POST", follow_up, token, "{\"message\": \"news?\"}");
      g_autoptr(HdTestReply) rate = hd_test_request (server, "POST", survey, token, "{\"rating\": 5}");
      g_autoptr(HdTestReply) feed = hd_test_request (server, "GET", "/changes", token, NULL);

      g_test_message ("role %s", roles[r].name);
      g_assert_cmpuint (created->status, ==, 201);
      g_assert_cmpuint (to_tomasz->status, ==, 200);
      g_assert_cmpuint (me->status, ==, 200);
      g_assert_cmpstr (hd_test_reply_string (me, "role"), ==, roles[r].name);
      g_assert_cmpuint (plan->status, ==, 200);
      g_assert_cmpuint (own->status, ==, 201);
      g_assert_cmpuint (feed->status, ==, 200);
      if (roles[r].staff)
        {
          g_assert_cmpuint (users->status, ==, 200);
          g_assert_cmpuint (read->status, ==, 200);
          g_assert_cmpuint (note->status, ==, 201);
          if (roles[r].boss)
            g_assert_cmpuint (reassign->status, ==, 200);
          else
            hd_test_assert_error (reassign, 403, "forbidden");
          /* follow-up and survey are the submitter's */
          hd_test_assert_error (follow, 403, "forbidden");
          hd_test_assert_error (rate, 403, "forbidden");
        }
      else
        {
          hd_test_assert_error (users, 403, "forbidden");
          hd_test_assert_error (read, 404, "not_found");
          hd_test_assert_error (note, 404, "not_found");
          hd_test_assert_error (reassign, 404, "not_found");
          hd_test_assert_error (follow, 404, "not_found");
          hd_test_assert_error (rate, 404, "not_found");
        }
    }
}

int
main (int argc, char **argv)
{
  g_autofree char *plan = g_build_filename (g_getenv ("HD_SOURCE_DIR"), "data", "plans", "example-district.plan", NULL);
  int status;

  g_test_init (&argc, &argv, NULL);

  server = hd_test_server_start (plan);
  hd_test_server_add_user (server, "frontdesk", "requester", "front-pass");
  hd_test_server_add_user (server, "frontdesk2", "requester", "front2-pass");
  hd_test_server_add_user (server, "tomasz", "technician", "tech-pass");
  hd_test_server_add_user (server, "marcus", "technician", "lead-pass");
  hd_test_server_add_user (server, "keiko", "technician", "keiko-pass");
  hd_test_server_add_user (server, "dana", "supervisor", "super-pass");
  hd_test_server_add_user (server, "admin", "admin", "admin-pass");
  front_token = hd_test_server_sign_in (server, "frontdesk", "front-pass");
  front2_token = hd_test_server_sign_in (server, "frontdesk2", "front2-pass");
  tech_token = hd_test_server_sign_in (server, "tomasz", "tech-pass");
  lead_token = hd_test_server_sign_in (server, "marcus", "lead-pass");
  super_token = hd_test_server_sign_in (server, "dana", "super-pass");
  admin_token = hd_test_server_sign_in (server, "admin", "admin-pass");

  g_test_add_func ("/server/sign-in", test_sign_in);
  g_test_add_func ("/server/sign-out", test_sign_out);
  g_test_add_func ("/server/throttle", test_throttle);
  g_test_add_func ("/server/submit", test_submit);
  g_test_add_func ("/server/bad-requests", test_bad_requests);
  g_test_add_func ("/server/roles", test_roles);
  g_test_add_func ("/server/role-matrix", test_role_matrix);
  g_test_add_func ("/server/transitions", test_transitions);
  g_test_add_func ("/server/assignment-rules", test_assignment_rules);
  g_test_add_func ("/server/history", test_history);
  g_test_add_func ("/server/acknowledgement-mail", test_acknowledgement_mail);
  g_test_add_func ("/server/header-injection", test_header_injection);
  g_test_add_func ("/server/hostile-text", test_hostile_text);
  g_test_add_func ("/server/feed-under-concurrent-writers", test_feed_under_concurrent_writers);

  status = g_test_run ();
  hd_test_server_stop (server);
  return status;
}

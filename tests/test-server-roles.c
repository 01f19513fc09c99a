/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "hd-test-server.h"

/* Every endpoint of the API, called by every role and by no one: the
 * status each gets, as a table. A call on a ticket is made on a ticket
 * of its own for each caller: one a front office colleague submitted
 * ("theirs", assigned to the technician tomasz), or one the caller
 * submitted ("own"). The technician calling is marcus, so a reassignment
 * takes a colleague's ticket. Error answers carry the contract's code. */

enum { ANONYMOUS, REQUESTER, TECHNICIAN, SUPERVISOR, ADMIN, N_CALLERS };

typedef enum {
  NO_TICKET,
  THEIRS,
  OWN,
} Target;

typedef struct {
  const char *method;
  const char *path;            /* "@@": the ticket's id */
  Target      target;
  const char *body;            /* "@@": a fresh id */
  guint       expected[N_CALLERS];
} Call;

static const char * const callers[N_CALLERS] = { "anonymous", "requester", "technician", "supervisor", "admin" };
static const char * const usernames[N_CALLERS] = { NULL, "frontdesk2", "marcus", "dana", "admin" };
static const char * const passwords[N_CALLERS] = { NULL, "front2-pass", "lead-pass", "super-pass", "admin-pass" };

static const Call calls[] = {
  /* anonymous: a wrong password; the others: their own */
  { "POST", "/session", NO_TICKET, "credentials", { 401, 200, 200, 200, 200 } },
  { "GET", "/me", NO_TICKET, NULL, { 401, 200, 200, 200, 200 } },
  { "GET", "/plan", NO_TICKET, NULL, { 401, 200, 200, 200, 200 } },
  { "GET", "/users", NO_TICKET, NULL, { 401, 403, 200, 200, 200 } },
  { "GET", "/changes", NO_TICKET, NULL, { 401, 200, 200, 200, 200 } },
  { "POST", "/tickets", NO_TICKET, "new ticket", { 401, 201, 201, 201, 201 } },
  { "GET", "/tickets/@@", THEIRS, NULL, { 401, 404, 200, 200, 200 } },
  { "GET", "/tickets/@@", OWN, NULL, { 401, 200, 200, 200, 200 } },
  { "PATCH", "/tickets/@@", THEIRS, "{\"status\": \"acknowledged\"}", { 401, 404, 200, 200, 200 } },
  { "PATCH", "/tickets/@@", OWN, "{\"status\": \"acknowledged\"}", { 401, 403, 200, 200, 200 } },
  { "PATCH", "/tickets/@@", THEIRS, "{\"assignee\": \"keiko\"}", { 401, 404, 403, 200, 200 } },
  { "PATCH", "/tickets/@@", THEIRS, "{\"priority\": \"high\", \"priority_reason\": \"whole grade\"}",
    { 401, 404, 200, 200, 200 } },
  { "POST", "/tickets/@@/comments", THEIRS, "{\"id\": \"@@\", \"body\": \"Any news?\"}", { 401, 404, 201, 201, 201 } },
  { "POST", "/tickets/@@/comments", OWN, "{\"id\": \"@@\", \"body\": \"Any news?\"}", { 401, 201, 201, 201, 201 } },
  { "POST", "/tickets/@@/comments", OWN, "{\"id\": \"@@\", \"body\": \"Note\", \"internal\": true}",
    { 401, 403, 201, 201, 201 } },
  { "POST", "/tickets/@@/follow-up", THEIRS, "{\"message\": \"Any news?\"}", { 401, 404, 403, 403, 403 } },
  /* the submitter, before the response deadline: too early */
  { "POST", "/tickets/@@/follow-up", OWN, "{\"message\": \"Any news?\"}", { 401, 409, 409, 409, 409 } },
  { "POST", "/tickets/@@/survey", THEIRS, "{\"rating\": 5}", { 401, 404, 403, 403, 403 } },
  /* the submitter, on a ticket not resolved yet */
  { "POST", "/tickets/@@/survey", OWN, "{\"rating\": 5}", { 401, 409, 409, 409, 409 } },
  { "DELETE", "/session", NO_TICKET, NULL, { 401, 204, 204, 204, 204 } },
};

static HdTestServer *server;
static char *front_token, *super_token;
static char *tokens[N_CALLERS];

/* @text with each "@@" replaced by @value. */
static char *
fill (const char *text,
      const char *value)
{
  g_auto(GStrv) parts = g_strsplit (text, "@@", -1);

  return g_strjoinv (value != NULL ? value : "", parts);
}

static const char *
error_code (guint status)
{
  switch (status)
    {
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 409: return "conflict";
    default: g_assert_not_reached ();
    }
}

/* A ticket @token submits; assigned to tomasz when @token is front's. */
static char *
new_ticket (const char *token)
{
  char *id = g_uuid_string_random ();
  g_autofree char *body = hd_test_new_ticket_json (id, "few", "workaround");
  g_autoptr(HdTestReply) created = hd_test_request (server, "POST", "/tickets", token, body);

  g_assert_cmpuint (created->status, ==, 201);
  if (token == front_token)
    {
      g_autoptr(HdTestReply) assigned = hd_test_patch_ticket (server, id, super_token, "{\"assignee\": \"tomasz\"}");

      g_assert_cmpuint (assigned->status, ==, 200);
    }
  return id;
}

static void
check_call (gconstpointer data)
{
  const Call *call = data;

  for (guint c = 0; c < N_CALLERS; c++)
    {
      /* DELETE /session ends the session it is sent with: a session of its own */
      gboolean ends = g_str_equal (call->path, "/session") && g_str_equal (call->method, "DELETE");
      g_autofree char *own_session = ends && c != ANONYMOUS ? hd_test_server_sign_in (server, usernames[c],
                                                                                         passwords[c]) : NULL;
      const char *token = ends ? own_session : tokens[c];
      g_autofree char *ticket = NULL;
      g_autofree char *path = NULL;
      g_autofree char *body = NULL;
      g_autofree char *fresh = g_uuid_string_random ();
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(HdTestReply) reply = NULL;

      if (call->target == THEIRS)
        ticket = new_ticket (front_token);
      else if (call->target == OWN)
        ticket = new_ticket (c == ANONYMOUS ? front_token : token);
      path = fill (call->path, ticket);
      if (call->body != NULL && g_str_equal (call->body, "new ticket"))
        body = hd_test_new_ticket_json (fresh, "few", "workaround");
      else if (call->body != NULL && g_str_equal (call->body, "credentials"))
        body = g_strdup_printf ("{\"username\": \"%s\", \"password\": \"%s\"}",
                                c == ANONYMOUS ? "frontdesk2" : usernames[c], c == ANONYMOUS ? "wrong" : passwords[c]);
      else if (call->body != NULL)
        body = fill (call->body, fresh);
      if (body != NULL)
        bytes = g_bytes_new (body, strlen (body));
      reply = hd_test_request_full (server, call->method, path, token, "application/json", bytes,
                                    g_str_equal (call->method, "PATCH") ? "*" : NULL);
      if (reply->status != call->expected[c])
        g_error ("%s %s as %s: expected %u, got %u", call->method, path, callers[c], call->expected[c], reply->status);
      if (reply->status >= 400)
        hd_test_assert_error (reply, reply->status, error_code (reply->status));
    }
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
  super_token = hd_test_server_sign_in (server, "dana", "super-pass");
  for (guint c = ANONYMOUS + 1; c < N_CALLERS; c++)
    tokens[c] = hd_test_server_sign_in (server, usernames[c], passwords[c]);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_autofree char *path = fill (calls[i].path + 1, "ID");
      g_autofree char *name = g_strdup_printf ("/server-roles/%02u %s %s%s", i, calls[i].method,
                                               g_strdelimit (path, "/", ' '),
                                               calls[i].target == THEIRS ? " (theirs)"
                                               : calls[i].target == OWN ? " (own)" : "");

      g_test_add_data_func (name, &calls[i], check_call);
    }
  status = g_test_run ();
  hd_test_server_stop (server);
  g_free (front_token);
  g_free (super_token);
  for (guint c = 0; c < N_CALLERS; c++)
    g_free (tokens[c]);
  return status;
}

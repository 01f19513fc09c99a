/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include "hd-json.h"
#include "hd-server-private.h"
#include "hd-submission.h"
#include "hd-uuid.h"

/* Tickets and their comments: submission, reading, changes by the support
 * team, comments and internal notes, the requester's follow-up and
 * survey. Requesters see only the tickets they submitted; anything else is
 * "not found" to them, never "forbidden". */

static gboolean
visible_to (const HdServerUser *user,
            const HdServerTicket *st)
{
  return !st->deleted && (_hd_is_staff (user) || g_str_equal (st->ticket->submitted_by, user->username));
}

/* The ticket named by the path's second segment, or NULL after a 404. */
HdServerTicket *
_hd_find_visible_ticket (HdRequest *request)
{
  HdServerTicket *st = NULL;

  if (g_uuid_string_is_valid (request->segments[1]))
    st = hd_server_store_get_ticket (request->server->store, request->segments[1]);
  if (st != NULL && visible_to (request->user, st))
    return st;
  hd_server_ticket_free (st);
  _hd_reply_error (request->msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, "no such ticket");
  return NULL;
}

static void
reply_forbidden (HdRequest  *request,
                 const char *why)
{
  _hd_reply_error (request->msg, SOUP_STATUS_FORBIDDEN, "forbidden", NULL, "%s", why);
}

/* Reads a string member into *out (a copy), answering 422 on failure. */
static gboolean
take_string (HdRequest    *request,
             JsonObject   *object,
             const char   *member,
             HdJsonFlags   flags,
             glong         max,
             char        **out)
{
  g_autoptr(GError) error = NULL;
  const char *text;

  if (!hd_json_get_string (object, member, flags, max, &text, &error))
    {
      _hd_reply_invalid (request->msg, member, error);
      return FALSE;
    }
  if (text != NULL)
    {
      g_free (*out);
      *out = g_strstrip (g_strdup (text));
    }
  return TRUE;
}

static gboolean
refuse (HdRequest  *request,
        const char *field,
        const char *message)
{
  _hd_reply_error (request->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "validation_failed", field, "%s", message);
  return FALSE;
}

static gboolean
check_single_line (HdRequest  *request,
                   const char *field,
                   const char *text)
{
  g_autofree char *message = NULL;

  if (hd_submission_is_single_line (text))
    return TRUE;
  message = g_strdup_printf ("%s must be a single line without control characters", field);
  return refuse (request, field, message);
}

static gboolean
read_requester (HdRequest  *request,
                JsonObject *body,
                HdTicket   *t)
{
  g_autoptr(GError) error = NULL;
  JsonObject *requester;

  if (!hd_json_get_object (body, "requester", HD_JSON_NULLABLE, &requester, &error))
    {
      _hd_reply_invalid (request->msg, "requester", error);
      return FALSE;
    }
  if (requester == NULL)
    {
      t->requester_name = g_strdup (request->user->name);
      t->requester_email = g_strdup (request->user->email);
      return TRUE;
    }
  if (!take_string (request, requester, "name", HD_JSON_REQUIRED | HD_JSON_NOT_EMPTY, HD_NAME_MAX,
                    &t->requester_name) ||
      !take_string (request, requester, "email", HD_JSON_NULLABLE, HD_EMAIL_MAX, &t->requester_email) ||
      !take_string (request, requester, "phone", HD_JSON_NULLABLE, HD_PHONE_MAX, &t->requester_phone))
    return FALSE;
  if (t->requester_email != NULL && *t->requester_email == '\0')
    g_clear_pointer (&t->requester_email, g_free);
  if (t->requester_phone != NULL && *t->requester_phone == '\0')
    g_clear_pointer (&t->requester_phone, g_free);
  if (!check_single_line (request, "name", t->requester_name) ||
      !check_single_line (request, "phone", t->requester_phone))
    return FALSE;
  if (t->requester_email != NULL && !hd_submission_is_mail_address (t->requester_email))
    return refuse (request, "email", "requester email is not a mail address");
  return TRUE;
}

/* Everything a submission says, checked against the plan. */
static gboolean
read_new_ticket (HdRequest *request,
                 HdTicket  *t)
{
  JsonObject *body = _hd_request_object (request);
  HdPlan *plan = request->server->plan;
  const HdJsonFlags required = HD_JSON_REQUIRED | HD_JSON_NOT_EMPTY;
  g_autofree char *channel = NULL;

  if (!take_string (request, body, "id", HD_JSON_REQUIRED, 64, &t->id) ||
      !take_string (request, body, "subject", required, HD_SUBJECT_MAX, &t->subject) ||
      !take_string (request, body, "description", required, HD_TEXT_MAX, &t->description) ||
      !take_string (request, body, "location", required, HD_NAME_MAX, &t->location) ||
      !take_string (request, body, "topic", required, HD_NAME_MAX, &t->topic) ||
      !take_string (request, body, "scope", required, HD_NAME_MAX, &t->scope) ||
      !take_string (request, body, "effect", required, HD_NAME_MAX, &t->effect) ||
      !take_string (request, body, "channel", HD_JSON_NULLABLE, 32, &channel) ||
      !read_requester (request, body, t))
    return FALSE;
  if (!g_uuid_string_is_valid (t->id))
    return refuse (request, "id", "id must be a UUID");
  if (!check_single_line (request, "subject", t->subject))
    return FALSE;
  if (!g_strv_contains (hd_plan_get_locations (plan), t->location))
    return refuse (request, "location", "location is not one of the plan's locations");
  if (hd_plan_find_topic (plan, t->topic) == NULL)
    return refuse (request, "topic", "topic is not one of the plan's topics");
  if (hd_plan_find_choice (hd_plan_get_scopes (plan), t->scope) == NULL)
    return refuse (request, "scope", "scope is not one of the plan's matrix scopes");
  if (hd_plan_find_choice (hd_plan_get_effects (plan), t->effect) == NULL)
    return refuse (request, "effect", "effect is not one of the plan's matrix effects");
  if (channel != NULL && !hd_channel_from_string (channel, &t->channel))
    return refuse (request, "channel", "channel must be form, phone, email or walk-in");
  t->submitted_by = g_strdup (request->user->username);
  return TRUE;
}

void
_hd_handle_ticket_create (HdRequest *request)
{
  HdServer *server = request->server;
  g_autoptr(HdServerTicket) st = g_new0 (HdServerTicket, 1);
  g_autoptr(HdServerTicket) existing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;

  st->ticket = hd_ticket_new ();
  if (!read_new_ticket (request, st->ticket))
    return;

  existing = hd_server_store_get_ticket (server->store, st->ticket->id);
  if (existing != NULL)
    {
      if (visible_to (request->user, existing))
        _hd_reply_ticket (request, SOUP_STATUS_OK, existing, FALSE);
      else
        _hd_reply_error (request->msg, SOUP_STATUS_CONFLICT, "conflict", "id", "this id is already in use");
      return;
    }

  if (!_hd_begin (server, &error) ||
      !_hd_rules_submit (server, st, &error))
    {
      _hd_rollback (server);
      _hd_reply_store_failure (request->msg, error);
      return;
    }
  _hd_mail_acknowledge (server, st->ticket);
  if (!_hd_commit (server, &error))
    {
      _hd_reply_store_failure (request->msg, error);
      return;
    }

  location = g_strdup_printf ("/api/v1/tickets/%s", st->ticket->id);
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), "Location", location);
  _hd_reply_ticket (request, SOUP_STATUS_CREATED, st, FALSE);
}

void
_hd_handle_ticket_get (HdRequest *request)
{
  g_autoptr(HdServerTicket) st = _hd_find_visible_ticket (request);

  if (st != NULL)
    _hd_reply_ticket (request, SOUP_STATUS_OK, st, TRUE);
}

/* Stores @st's change (version and time bumped) and answers with it. */
static void
save_and_reply (HdRequest      *request,
                HdServerTicket *st,
                guint           status)
{
  g_autoptr(GError) error = NULL;

  st->ticket->version++;
  st->ticket->updated_at = _hd_now ();
  if (!_hd_put (request->server, st, &error) ||
      !_hd_commit (request->server, &error))
    {
      _hd_rollback (request->server);
      _hd_reply_store_failure (request->msg, error);
      return;
    }
  _hd_reply_ticket (request, status, st, FALSE);
}

/* "*" matches whatever version is current (RFC 9110) */
#define ANY_VERSION G_GINT64_CONSTANT (-2)

/* The version a client read, from If-Match: "3", W/"3" or 3; -1 if none. */
static gint64
parse_if_match (const char *match)
{
  g_autofree char *text = g_strdup (g_str_has_prefix (match, "W/") ? match + 2 : match);
  char *end;
  gint64 version;

  g_strstrip (text);
  if (g_str_equal (text, "*"))
    return ANY_VERSION;
  if (text[0] == '"' && strlen (text) >= 2 && text[strlen (text) - 1] == '"')
    {
      text[strlen (text) - 1] = '\0';
      memmove (text, text + 1, strlen (text));
    }
  version = g_ascii_strtoll (text, &end, 10);
  return *text != '\0' && *end == '\0' ? version : -1;
}

static gboolean
check_version (HdRequest      *request,
               HdServerTicket *st)
{
  const char *match = soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg),
                                                    "If-Match");
  g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", st->ticket->version);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root, *error;
  gint64 version;

  if (match == NULL)
    {
      _hd_reply_error (request->msg, 428, "precondition_required", NULL,
                       "send If-Match with the version you changed");
      return FALSE;
    }
  version = parse_if_match (match);
  if (version == ANY_VERSION || version == st->ticket->version)
    return TRUE;

  root = json_object_new ();
  error = json_object_new ();
  json_object_set_string_member (error, "code", "precondition_failed");
  json_object_set_string_member (error, "message", "the ticket changed since you read it");
  json_object_set_object_member (root, "error", error);
  json_object_set_member (root, "current", hd_ticket_to_json (st->ticket));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, root);
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), "ETag", etag);
  _hd_reply_json (request->msg, SOUP_STATUS_PRECONDITION_FAILED, node);
  return FALSE;
}

/* The first thing the support team does on a ticket is its response. */
static void
note_response (HdTicket *t,
               gint64    now)
{
  if (t->first_response_at < 0)
    t->first_response_at = now;
}

static gboolean
apply_status (HdRequest      *request,
              HdServerTicket *st,
              HdStatus        to,
              GError        **error)
{
  HdServer *server = request->server;
  HdTicket *t = st->ticket;
  HdStatus from = t->status;
  gint64 now = _hd_now ();

  if (from == to)
    return TRUE;
  if (from == HD_STATUS_WAITING)
    {
      if (!hd_server_store_add_waiting (server->store, t->id, st->waiting_since, now, error))
        return FALSE;
      st->waiting_since = -1;
    }
  if (to == HD_STATUS_WAITING)
    st->waiting_since = now;
  if (to == HD_STATUS_RESOLVED)
    t->resolved_at = now;
  if (to == HD_STATUS_CLOSED)
    t->closed_at = now;
  if (to == HD_STATUS_IN_PROGRESS && (from == HD_STATUS_RESOLVED || from == HD_STATUS_CLOSED))
    t->resolved_at = t->closed_at = -1;
  t->status = to;
  if (_hd_is_staff (request->user))
    note_response (t, now);
  if (from == HD_STATUS_WAITING || to == HD_STATUS_WAITING)
    {
      g_autofree char *old_due = hd_plan_format_local_time (server->plan, t->resolution_due_at);
      g_autofree char *new_due = NULL;

      _hd_rules_recompute_deadlines (server, st);
      new_due = hd_plan_format_local_time (server->plan, t->resolution_due_at);
      if (!_hd_event (server, t, "system", "deadlines", "resolution_due_at", old_due, new_due,
                      to == HD_STATUS_WAITING ? "the clock stops while waiting on the requester"
                                              : "moved out by the business time spent waiting", error))
        return FALSE;
    }
  return _hd_event (server, t, request->user->username, "status", "status",
                    hd_status_to_string (from), hd_status_to_string (to), NULL, error);
}

static gboolean
apply_assignee (HdRequest      *request,
                HdServerTicket *st,
                const char     *to,
                GError        **error)
{
  HdTicket *t = st->ticket;
  g_autofree char *from = g_strdup (t->assignee);

  if (g_strcmp0 (from, to) == 0)
    return TRUE;
  g_free (t->assignee);
  t->assignee = g_strdup (to);
  return _hd_event (request->server, t, request->user->username, "assignee", "assignee", from, to, NULL, error);
}

/* Who may set the assignee: supervisors and admins on any ticket;
 * technicians on unassigned tickets and their own, never taking one from
 * a colleague. */
static gboolean
may_assign (const HdServerUser *user,
            const HdTicket     *t)
{
  return user->role >= HD_ROLE_SUPERVISOR || t->assignee == NULL || g_str_equal (t->assignee, user->username);
}

void
_hd_handle_ticket_patch (HdRequest *request)
{
  HdServer *server = request->server;
  JsonObject *body = _hd_request_object (request);
  g_autoptr(HdServerTicket) st = _hd_find_visible_ticket (request);
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL, *priority = NULL, *reason = NULL, *topic = NULL, *assignee = NULL;
  g_autoptr(HdServerUser) assignee_user = NULL;
  gboolean has_assignee = json_object_has_member (body, "assignee");
  HdStatus new_status;
  HdPriority new_priority;
  HdTicket *t;

  if (st == NULL)
    return;
  t = st->ticket;
  if (!_hd_is_staff (request->user))
    {
      reply_forbidden (request, "only the support team changes tickets");
      return;
    }
  if (!check_version (request, st) ||
      !take_string (request, body, "status", HD_JSON_NULLABLE, 32, &status) ||
      !take_string (request, body, "priority", HD_JSON_NULLABLE, 32, &priority) ||
      !take_string (request, body, "priority_reason", HD_JSON_NULLABLE, HD_REASON_MAX, &reason) ||
      !take_string (request, body, "topic", HD_JSON_NULLABLE, HD_NAME_MAX, &topic) ||
      !take_string (request, body, "assignee", HD_JSON_NULLABLE, HD_NAME_MAX, &assignee))
    return;

  new_status = t->status;
  if (status != NULL && !hd_status_from_string (status, &new_status))
    {
      refuse (request, "status", "status is not one of new, acknowledged, in-progress, waiting, resolved, closed");
      return;
    }
  new_priority = t->priority;
  if (priority != NULL && !hd_priority_from_string (priority, &new_priority))
    {
      refuse (request, "priority", "priority must be critical, high, medium or normal");
      return;
    }
  if (new_priority != t->priority && (reason == NULL || *reason == '\0'))
    {
      refuse (request, "priority_reason", "priority_reason is required to change the priority");
      return;
    }
  if (topic != NULL && hd_plan_find_topic (server->plan, topic) == NULL)
    {
      refuse (request, "topic", "topic is not one of the plan's topics");
      return;
    }
  if (assignee != NULL)
    {
      assignee_user = hd_server_store_find_user (server->store, assignee);
      if (!_hd_is_staff (assignee_user))
        {
          refuse (request, "assignee", "assignee must be a member of the support team");
          return;
        }
    }
  if (has_assignee && g_strcmp0 (assignee, t->assignee) != 0 && !may_assign (request->user, t))
    {
      reply_forbidden (request, "only a supervisor reassigns another technician's ticket");
      return;
    }
  if (new_status != t->status && !hd_status_can_move (t->status, new_status))
    {
      _hd_reply_error (request->msg, SOUP_STATUS_CONFLICT, "invalid_transition", "status",
                       "a ticket cannot go from %s to %s", hd_status_to_string (t->status), status);
      return;
    }

  if (new_status == t->status && (!has_assignee || g_strcmp0 (assignee, t->assignee) == 0) &&
      (topic == NULL || g_str_equal (topic, t->topic)) && new_priority == t->priority)
    {
      /* nothing to change: the ticket as it is, its version kept */
      _hd_reply_ticket (request, SOUP_STATUS_OK, st, FALSE);
      return;
    }
  if (!_hd_begin (server, &error) ||
      !apply_status (request, st, new_status, &error) ||
      (has_assignee && !apply_assignee (request, st, assignee, &error)))
    goto failed;
  if (topic != NULL && !g_str_equal (topic, t->topic))
    {
      if (!_hd_event (server, t, request->user->username, "topic", "topic", t->topic, topic, NULL, &error))
        goto failed;
      g_free (t->topic);
      t->topic = g_strdup (topic);
    }
  if (new_priority != t->priority)
    {
      if (!_hd_event (server, t, request->user->username, "priority", "priority",
                      hd_priority_to_string (t->priority), hd_priority_to_string (new_priority), reason, &error))
        goto failed;
      t->priority = new_priority;
      g_free (t->priority_reason);
      t->priority_reason = g_strdup (reason);
      _hd_rules_recompute_deadlines (server, st);
      st->response_escalated &= t->response_due_at >= 0 && t->response_due_at <= _hd_now ();
      st->resolution_escalated &= t->resolution_due_at >= 0 && t->resolution_due_at <= _hd_now ();
    }
  save_and_reply (request, st, SOUP_STATUS_OK);
  return;

failed:
  _hd_rollback (server);
  _hd_reply_store_failure (request->msg, error);
}

void
_hd_handle_comment_create (HdRequest *request)
{
  HdServer *server = request->server;
  JsonObject *body = _hd_request_object (request);
  g_autoptr(HdServerTicket) st = _hd_find_visible_ticket (request);
  g_autoptr(HdComment) comment = hd_comment_new ();
  g_autoptr(HdComment) existing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gboolean staff = _hd_is_staff (request->user);
  gboolean reopen;
  HdTicket *t;

  if (st == NULL)
    return;
  t = st->ticket;
  if (!take_string (request, body, "id", HD_JSON_REQUIRED, 64, &comment->id) ||
      !take_string (request, body, "body", HD_JSON_REQUIRED | HD_JSON_NOT_EMPTY, HD_TEXT_MAX, &comment->body) ||
      !hd_json_get_boolean (body, "internal", HD_JSON_NULLABLE, &comment->internal, &error))
    {
      if (error != NULL)
        _hd_reply_invalid (request->msg, "internal", error);
      return;
    }
  if (!g_uuid_string_is_valid (comment->id))
    {
      refuse (request, "id", "id must be a UUID");
      return;
    }
  if (comment->internal && !staff)
    {
      reply_forbidden (request, "only the support team writes internal notes");
      return;
    }
  existing = hd_server_store_get_comment (server->store, comment->id);
  if (existing != NULL)
    {
      if (g_str_equal (existing->ticket_id, t->id) && (staff || !existing->internal))
        {
          node = hd_comment_to_json (existing);
          _hd_reply_json (request->msg, SOUP_STATUS_OK, node);
        }
      else
        _hd_reply_error (request->msg, SOUP_STATUS_CONFLICT, "conflict", "id", "this id is already in use");
      return;
    }

  comment->ticket_id = g_strdup (t->id);
  comment->author = g_strdup (request->user->username);
  comment->created_at = _hd_now ();
  /* a requester who answers a resolved ticket was not helped yet */
  reopen = !staff && t->status == HD_STATUS_RESOLVED;
  if (!_hd_begin (server, &error) ||
      !hd_server_store_add_comment (server->store, comment, &error) ||
      !_hd_event (server, t, comment->author, "comment", NULL, NULL, NULL,
                  comment->internal ? "internal note" : "public reply", &error) ||
      (reopen && !apply_status (request, st, HD_STATUS_IN_PROGRESS, &error)))
    goto failed;
  if ((staff && !comment->internal && t->first_response_at < 0) || reopen)
    {
      note_response (t, comment->created_at);
      t->version++;
      t->updated_at = comment->created_at;
      if (!_hd_put (server, st, &error))
        goto failed;
    }
  if (!_hd_commit (server, &error))
    goto failed;
  node = hd_comment_to_json (comment);
  _hd_reply_json (request->msg, SOUP_STATUS_CREATED, node);
  return;

failed:
  _hd_rollback (server);
  _hd_reply_store_failure (request->msg, error);
}

static gboolean
is_submitter (HdRequest      *request,
              HdServerTicket *st)
{
  if (g_str_equal (st->ticket->submitted_by, request->user->username))
    return TRUE;
  reply_forbidden (request, "only the person who submitted the ticket may do this");
  return FALSE;
}

static gboolean
has_followed_up (HdServer   *server,
                 const char *ticket_id)
{
  g_autoptr(GPtrArray) events = hd_server_store_list_events (server->store, ticket_id);

  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (((HdServerEvent *) g_ptr_array_index (events, i))->action, "follow-up"))
      return TRUE;
  return FALSE;
}

void
_hd_handle_follow_up (HdRequest *request)
{
  HdServer *server = request->server;
  g_autoptr(HdServerTicket) st = _hd_find_visible_ticket (request);
  g_autoptr(HdComment) comment = hd_comment_new ();
  g_autoptr(GError) error = NULL;
  gint64 now = _hd_now ();

  if (st == NULL || !is_submitter (request, st) ||
      !take_string (request, _hd_request_object (request), "message", HD_JSON_REQUIRED | HD_JSON_NOT_EMPTY,
                    HD_TEXT_MAX, &comment->body))
    return;
  if (!hd_status_is_open (st->ticket->status))
    {
      _hd_reply_error (request->msg, SOUP_STATUS_CONFLICT, "conflict", NULL, "the ticket is already %s",
                       hd_status_to_string (st->ticket->status));
      return;
    }
  if (!hd_submission_may_follow_up (server->plan, st->ticket, now))
    {
      g_autofree char *when = hd_plan_format_local_time (server->plan, st->ticket->response_due_at);

      _hd_reply_error (request->msg, SOUP_STATUS_CONFLICT, "conflict", NULL,
                       "the team has until %s to respond; follow up after that", when);
      return;
    }
  if (has_followed_up (server, st->ticket->id))
    {
      _hd_reply_error (request->msg, SOUP_STATUS_CONFLICT, "conflict", NULL,
                       "you already followed up; the ticket was escalated");
      return;
    }

  comment->id = hd_uuid_new ();
  comment->ticket_id = g_strdup (st->ticket->id);
  comment->author = g_strdup (request->user->username);
  comment->created_at = now;
  if (!_hd_begin (server, &error) ||
      !hd_server_store_add_comment (server->store, comment, &error) ||
      !_hd_event (server, st->ticket, comment->author, "follow-up", NULL, NULL, NULL, comment->body, &error) ||
      !_hd_rules_escalate (server, st, "the requester followed up",
                           hd_plan_get_on_response_breach (server->plan), &error))
    {
      _hd_rollback (server);
      _hd_reply_store_failure (request->msg, error);
      return;
    }
  save_and_reply (request, st, SOUP_STATUS_OK);
}

static void
mail_feedback (HdServer       *server,
               const HdTicket *t)
{
  const char *feedback = hd_plan_get_feedback (server->plan);
  const HdPlanMember *member = feedback != NULL ? hd_plan_find_member (server->plan, feedback) : NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;

  if (member == NULL || member->email == NULL)
    return;
  subject = g_strdup_printf ("[HD-%" G_GINT64_FORMAT "] Survey rated %" G_GINT64_FORMAT ": %s",
                             t->number, t->survey_rating, t->subject);
  body = g_strdup_printf ("%s rated ticket HD-%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " out of 5.\n\n"
                          "Comment: %s\nAssignee: %s\nTopic: %s\nLocation: %s\n",
                          t->requester_name, t->number, t->survey_rating,
                          t->survey_comment != NULL ? t->survey_comment : "(none)",
                          t->assignee != NULL ? t->assignee : "nobody", t->topic, t->location);
  _hd_mail_send (server, member->email, subject, body);
}

void
_hd_handle_survey (HdRequest *request)
{
  HdServer *server = request->server;
  JsonObject *body = _hd_request_object (request);
  g_autoptr(HdServerTicket) st = _hd_find_visible_ticket (request);
  g_autoptr(GError) error = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *rating_text = NULL;
  gint64 rating = 0;
  HdTicket *t;

  if (st == NULL || !is_submitter (request, st))
    return;
  t = st->ticket;
  if (!hd_json_get_int (body, "rating", HD_JSON_REQUIRED, 1, 5, &rating, &error))
    {
      _hd_reply_invalid (request->msg, "rating", error);
      return;
    }
  if (!take_string (request, body, "comment", HD_JSON_NULLABLE, HD_TEXT_MAX, &comment))
    return;
  if (!hd_plan_get_survey (server->plan) || t->status != HD_STATUS_RESOLVED)
    {
      _hd_reply_error (request->msg, SOUP_STATUS_CONFLICT, "conflict", NULL,
                       !hd_plan_get_survey (server->plan) ? "this help desk takes no surveys"
                       : "a survey is answered once the ticket is resolved");
      return;
    }

  t->survey_rating = rating;
  t->survey_comment = g_steal_pointer (&comment);
  t->survey_at = _hd_now ();
  rating_text = g_strdup_printf ("%" G_GINT64_FORMAT, rating);
  if (!_hd_begin (server, &error) ||
      !_hd_event (server, t, request->user->username, "survey", "rating", NULL,
                  rating_text, t->survey_comment, &error) ||
      !apply_status (request, st, HD_STATUS_CLOSED, &error))
    {
      _hd_rollback (server);
      _hd_reply_store_failure (request->msg, error);
      return;
    }
  if (rating <= 2)
    mail_feedback (server, t);
  save_and_reply (request, st, SOUP_STATUS_OK);
}

void
_hd_handle_plan (HdRequest *request)
{
  g_autoptr(JsonNode) node = hd_plan_to_json (request->server->plan);

  _hd_reply_json (request->msg, SOUP_STATUS_OK, node);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-edit"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-ticket-edit.h"
#include "hd-json.h"
#include "hd-submission.h"
#include "hd-uuid.h"

/* What only the support team changes or writes (API.md, "Roles"), and
 * what everyone may do on a ticket they see; submitters alone follow up
 * and answer the survey, which is not a matter of role. */
static const char * const staff_fields[] = { "status", "assignee", "priority", "topic", "internal", NULL };
static const char * const everyone_fields[] = { "comment", "follow-up", "survey", NULL };

G_DEFINE_QUARK (hd-ticket-edit-error-quark, hd_ticket_edit_error)

static gboolean refuse (GError            **error,
                        HdTicketEditError   code,
                        const char         *format,
                        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError            **error,
        HdTicketEditError   code,
        const char         *format,
        ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (HD_TICKET_EDIT_ERROR, code, format, args));
  va_end (args);
  return FALSE;
}

static gboolean
editor_is_valid (const HdTicketEditor *editor)
{
  return editor != NULL && HD_IS_CACHE (editor->cache) && editor->username != NULL &&
         (editor->plan == NULL || HD_IS_PLAN (editor->plan));
}

/* The text as it is sent, without the blanks around it; NULL for none. */
static char *
trimmed (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

static gboolean
too_long (const char *text,
          glong       max)
{
  return text != NULL && g_utf8_strlen (text, -1) > max;
}

/* The ticket to change, apart from the caller's. */
static HdTicket *
copy_ticket (const HdTicket  *ticket,
             GError         **error)
{
  g_autoptr(JsonNode) node = hd_ticket_to_json (ticket);

  return hd_ticket_new_from_json (node, error);
}

static char *
version_tag (const HdTicket *t)
{
  /* a ticket the server has not numbered yet has no version to match */
  return t->number > 0 ? g_strdup_printf ("\"%ld\"", (long) t->version) : g_strdup ("*");
}

static gboolean
queue_patch (const HdTicketEditor  *editor,
             const HdTicket        *was,
             const HdTicket        *changed,
             JsonObject            *body,
             JsonObject            *base,
             GError               **error)
{
  g_autoptr(JsonNode) body_node = json_node_init_object (json_node_alloc (), body);
  g_autoptr(JsonNode) base_node = json_node_init_object (json_node_alloc (), base);
  g_autofree char *body_text = hd_json_to_string (body_node);
  g_autofree char *base_text = hd_json_to_string (base_node);
  g_autofree char *if_match = version_tag (was);

  if (hd_cache_queue_patch (editor->cache, changed, body_text, if_match, base_text, error))
    return TRUE;
  g_prefix_error (error, _("the change could not be saved: "));
  return FALSE;
}

/* @field := @value (a string, or null) over @old_value, on the version
 * @was is. */
static gboolean
queue_field (const HdTicketEditor  *editor,
             const HdTicket        *was,
             const HdTicket        *changed,
             const char            *field,
             const char            *value,
             const char            *old_value,
             GError               **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) base = json_object_new ();

  hd_json_set_string_or_null (body, field, value);
  hd_json_set_string_or_null (base, field, old_value);
  return queue_patch (editor, was, changed, body, base, error);
}

static gboolean
queue_request (const HdTicketEditor  *editor,
               HdOutboxKind           kind,
               const HdTicket        *changed,
               JsonObject            *body,
               GError               **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);
  g_autofree char *text = hd_json_to_string (node);

  if (hd_cache_queue_request (editor->cache, kind, changed, text, error))
    return TRUE;
  g_prefix_error (error, _("the change could not be saved: "));
  return FALSE;
}

static gboolean
is_queued (HdCache      *cache,
           const char   *ticket_id,
           HdOutboxKind  kind)
{
  g_autoptr(GPtrArray) outbox = hd_cache_list_outbox (cache);

  for (guint i = 0; i < outbox->len; i++)
    {
      const HdOutboxItem *item = g_ptr_array_index (outbox, i);

      if (item->kind == kind && g_strcmp0 (item->ticket_id, ticket_id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A kept value of a conflict, shown on the ticket until the server's
 * answer replaces it. */
static void
apply_field (HdTicket   *t,
             const char *field,
             const char *value)
{
  if (g_str_equal (field, "status") && value != NULL)
    hd_status_from_string (value, &t->status);
  else if (g_str_equal (field, "priority") && value != NULL)
    hd_priority_from_string (value, &t->priority);
  else if (g_str_equal (field, "topic") && value != NULL)
    {
      g_free (t->topic);
      t->topic = g_strdup (value);
    }
  else if (g_str_equal (field, "assignee"))
    {
      g_free (t->assignee);
      t->assignee = g_strdup (value);
    }
}

static char *
json_string_value (const char *json)
{
  g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? g_strdup (json_node_get_string (node)) : NULL;
}

/* Whether @role may change @field of a ticket ("status", "assignee",
 * "priority", "topic") or do a thing to it ("internal" notes, a
 * "comment", a "follow-up", a "survey"), as the API's roles say: for a
 * form to show only what the person may use. */
gboolean
hd_ticket_edit_may (HdRole      role,
                    const char *field)
{
  g_return_val_if_fail (field != NULL, FALSE);

  if (g_strv_contains (everyone_fields, field))
    return TRUE;
  return role != HD_ROLE_REQUESTER && g_strv_contains (staff_fields, field);
}

/* Moves @ticket along the workflow (hd_status_can_move()). */
gboolean
hd_ticket_edit_set_status (const HdTicketEditor  *editor,
                           const HdTicket        *ticket,
                           HdStatus               status,
                           GError               **error)
{
  g_autoptr(HdTicket) changed = NULL;

  g_return_val_if_fail (editor_is_valid (editor), FALSE);
  g_return_val_if_fail (ticket != NULL, FALSE);
  g_return_val_if_fail (status < HD_N_STATUSES, FALSE);

  if (!hd_ticket_edit_may (editor->role, "status"))
    return refuse (error, HD_TICKET_EDIT_ERROR_NOT_ALLOWED, _("only the support team changes a ticket’s status"));
  if (!hd_status_can_move (ticket->status, status))
    return refuse (error, HD_TICKET_EDIT_ERROR_STATE, _("a ticket cannot go from %s to %s"),
                   hd_status_to_string (ticket->status), hd_status_to_string (status));
  if ((changed = copy_ticket (ticket, error)) == NULL)
    return FALSE;
  changed->status = status;
  return queue_field (editor, ticket, changed, "status", hd_status_to_string (status),
                      hd_status_to_string (ticket->status), error);
}

/* Assigns @ticket to @assignee, a user name, or unassigns it (NULL). A
 * technician takes unassigned tickets and hands on their own; only a
 * supervisor moves a colleague's. */
gboolean
hd_ticket_edit_assign (const HdTicketEditor  *editor,
                       const HdTicket        *ticket,
                       const char            *assignee,
                       GError               **error)
{
  g_autoptr(HdTicket) changed = NULL;

  g_return_val_if_fail (editor_is_valid (editor), FALSE);
  g_return_val_if_fail (ticket != NULL, FALSE);

  if (!hd_ticket_edit_may (editor->role, "assignee"))
    return refuse (error, HD_TICKET_EDIT_ERROR_NOT_ALLOWED, _("only the support team assigns tickets"));
  if (assignee != NULL && (*assignee == '\0' || too_long (assignee, HD_NAME_MAX) ||
                           !hd_submission_is_single_line (assignee)))
    return refuse (error, HD_TICKET_EDIT_ERROR_INVALID, _("“%s” is not a user name"), assignee);
  if (editor->role < HD_ROLE_SUPERVISOR && ticket->assignee != NULL &&
      !g_str_equal (ticket->assignee, editor->username) && g_strcmp0 (assignee, ticket->assignee) != 0)
    return refuse (error, HD_TICKET_EDIT_ERROR_NOT_ALLOWED,
                   _("only a supervisor reassigns another technician’s ticket"));
  if ((changed = copy_ticket (ticket, error)) == NULL)
    return FALSE;
  g_free (changed->assignee);
  changed->assignee = g_strdup (assignee);
  return queue_field (editor, ticket, changed, "assignee", assignee, ticket->assignee, error);
}

/* Overrides the priority the plan's matrix gave: always with a reason,
 * which goes to the ticket's history. */
gboolean
hd_ticket_edit_set_priority (const HdTicketEditor  *editor,
                             const HdTicket        *ticket,
                             HdPriority             priority,
                             const char            *reason,
                             GError               **error)
{
  g_autoptr(HdTicket) changed = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) base = json_object_new ();
  g_autofree char *why = trimmed (reason);

  g_return_val_if_fail (editor_is_valid (editor), FALSE);
  g_return_val_if_fail (ticket != NULL, FALSE);
  g_return_val_if_fail (priority < HD_N_PRIORITIES, FALSE);

  if (!hd_ticket_edit_may (editor->role, "priority"))
    return refuse (error, HD_TICKET_EDIT_ERROR_NOT_ALLOWED, _("only the support team changes a ticket’s priority"));
  if (why == NULL)
    return refuse (error, HD_TICKET_EDIT_ERROR_INVALID, _("say why the priority changes"));
  if (too_long (why, HD_REASON_MAX))
    return refuse (error, HD_TICKET_EDIT_ERROR_INVALID, _("the reason can be at most %d characters long"),
                   HD_REASON_MAX);
  if ((changed = copy_ticket (ticket, error)) == NULL)
    return FALSE;
  changed->priority = priority;
  g_free (changed->priority_reason);
  changed->priority_reason = g_strdup (why);
  json_object_set_string_member (body, "priority", hd_priority_to_string (priority));
  json_object_set_string_member (body, "priority_reason", why);
  /* the reason goes with the priority; only the priority can conflict */
  json_object_set_string_member (base, "priority", hd_priority_to_string (ticket->priority));
  return queue_patch (editor, ticket, changed, body, base, error);
}

/* Moves @ticket to another of the plan's topics. */
gboolean
hd_ticket_edit_set_topic (const HdTicketEditor  *editor,
                          const HdTicket        *ticket,
                          const char            *topic,
                          GError               **error)
{
  g_autoptr(HdTicket) changed = NULL;

  g_return_val_if_fail (editor_is_valid (editor), FALSE);
  g_return_val_if_fail (HD_IS_PLAN (editor->plan), FALSE);
  g_return_val_if_fail (ticket != NULL, FALSE);
  g_return_val_if_fail (topic != NULL, FALSE);

  if (!hd_ticket_edit_may (editor->role, "topic"))
    return refuse (error, HD_TICKET_EDIT_ERROR_NOT_ALLOWED, _("only the support team changes a ticket’s topic"));
  if (hd_plan_find_topic (editor->plan, topic) == NULL)
    return refuse (error, HD_TICKET_EDIT_ERROR_INVALID, _("“%s” is not one of the plan’s topics"), topic);
  if ((changed = copy_ticket (ticket, error)) == NULL)
    return FALSE;
  g_free (changed->topic);
  changed->topic = g_strdup (topic);
  return queue_field (editor, ticket, changed, "topic", topic, ticket->topic, error);
}

/* A public reply, or with @internal a note only the support team sees.
 * Its id is made here, so that a delivery repeated after a lost answer
 * adds it once. */
gboolean
hd_ticket_edit_add_comment (const HdTicketEditor  *editor,
                            const HdTicket        *ticket,
                            const char            *body,
                            gboolean               internal,
                            GError               **error)
{
  g_autoptr(HdComment) comment = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = trimmed (body);
  g_autofree char *request_text = NULL;

  g_return_val_if_fail (editor_is_valid (editor), FALSE);
  g_return_val_if_fail (ticket != NULL, FALSE);

  if (internal && !hd_ticket_edit_may (editor->role, "internal"))
    return refuse (error, HD_TICKET_EDIT_ERROR_NOT_ALLOWED, _("only the support team writes internal notes"));
  if (text == NULL)
    return refuse (error, HD_TICKET_EDIT_ERROR_INVALID, _("a comment needs some text"));
  if (too_long (text, HD_TEXT_MAX))
    return refuse (error, HD_TICKET_EDIT_ERROR_INVALID, _("a comment can be at most %d characters long"),
                   HD_TEXT_MAX);

  comment = hd_comment_new ();
  comment->id = hd_uuid_new ();
  comment->ticket_id = g_strdup (ticket->id);
  comment->author = g_strdup (editor->username);
  comment->body = g_steal_pointer (&text);
  comment->internal = internal;
  comment->created_at = g_get_real_time () / G_USEC_PER_SEC;
  request = json_object_new ();
  json_object_set_string_member (request, "id", comment->id);
  json_object_set_string_member (request, "body", comment->body);
  json_object_set_boolean_member (request, "internal", internal);
  node = json_node_init_object (json_node_alloc (), request);
  request_text = hd_json_to_string (node);
  if (hd_cache_queue_comment (editor->cache, comment, request_text, error))
    return TRUE;
  g_prefix_error (error, _("the comment could not be saved: "));
  return FALSE;
}

/* Settles a conflict: the server's value stays, or with @keep_mine this
 * side's is sent again, on the version the cache has now. A change the
 * server refused as a whole is only dropped: sending it again would be
 * refused again. */
gboolean
hd_ticket_edit_resolve_conflict (const HdTicketEditor  *editor,
                                 const HdConflict      *conflict,
                                 gboolean               keep_mine,
                                 GError               **error)
{
  g_autoptr(HdCachedTicket) cached = NULL;
  g_autoptr(HdTicket) changed = NULL;
  g_autofree char *mine = NULL, *theirs = NULL;

  g_return_val_if_fail (editor_is_valid (editor), FALSE);
  g_return_val_if_fail (conflict != NULL, FALSE);

  if (!keep_mine || g_str_equal (conflict->field, "refused"))
    return hd_cache_drop_conflict (editor->cache, conflict->id, error);

  cached = hd_cache_find_ticket (editor->cache, conflict->ticket_id);
  if (cached == NULL)
    return refuse (error, HD_TICKET_EDIT_ERROR_STATE, _("ticket %s is not here yet: sync first"),
                   conflict->ticket_id);
  if (!hd_ticket_edit_may (editor->role, conflict->field))
    return refuse (error, HD_TICKET_EDIT_ERROR_NOT_ALLOWED, _("only the support team changes a ticket’s %s"),
                   conflict->field);
  if ((changed = copy_ticket (cached->ticket, error)) == NULL)
    return FALSE;
  mine = json_string_value (conflict->mine);
  theirs = json_string_value (conflict->theirs);
  apply_field (changed, conflict->field, mine);
  if (!hd_cache_drop_conflict (editor->cache, conflict->id, error))
    return FALSE;
  return queue_field (editor, cached->ticket, changed, conflict->field, mine, theirs, error);
}

/* Whether the editor may follow up on @ticket at @now: they submitted
 * it, it is still open, the plan's follow-up time has come, and they
 * have not followed up yet. For a window to offer it only then. */
gboolean
hd_ticket_edit_can_follow_up (const HdTicketEditor  *editor,
                              const HdTicket        *ticket,
                              gint64                 now,
                              GError               **error)
{
  gint64 from;

  g_return_val_if_fail (editor_is_valid (editor), FALSE);
  g_return_val_if_fail (HD_IS_PLAN (editor->plan), FALSE);
  g_return_val_if_fail (ticket != NULL, FALSE);

  if (g_strcmp0 (ticket->submitted_by, editor->username) != 0)
    return refuse (error, HD_TICKET_EDIT_ERROR_NOT_ALLOWED,
                   _("only the person who submitted a ticket follows up on it"));
  if (!hd_status_is_open (ticket->status))
    return refuse (error, HD_TICKET_EDIT_ERROR_STATE, _("the ticket is already %s"),
                   hd_status_to_string (ticket->status));
  if (!hd_submission_may_follow_up (editor->plan, ticket, now))
    {
      g_autofree char *when = NULL;

      from = hd_submission_follow_up_from (editor->plan, ticket);
      if (from < 0)
        return refuse (error, HD_TICKET_EDIT_ERROR_STATE, _("this ticket has no deadline to follow up after"));
      when = hd_plan_format_local_time (editor->plan, from);
      return refuse (error, HD_TICKET_EDIT_ERROR_STATE, _("you can follow up from %s"), when);
    }
  if (is_queued (editor->cache, ticket->id, HD_OUTBOX_FOLLOW_UP))
    return refuse (error, HD_TICKET_EDIT_ERROR_STATE, _("you already followed up on this ticket"));
  return TRUE;
}

/* Asks after @ticket with @message: the server records it and
 * escalates the ticket. */
gboolean
hd_ticket_edit_follow_up (const HdTicketEditor  *editor,
                          const HdTicket        *ticket,
                          const char            *message,
                          gint64                 now,
                          GError               **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *text = trimmed (message);

  if (!hd_ticket_edit_can_follow_up (editor, ticket, now, error))
    return FALSE;
  if (text == NULL)
    return refuse (error, HD_TICKET_EDIT_ERROR_INVALID, _("say what you are asking"));
  if (too_long (text, HD_TEXT_MAX))
    return refuse (error, HD_TICKET_EDIT_ERROR_INVALID, _("a message can be at most %d characters long"),
                   HD_TEXT_MAX);
  body = json_object_new ();
  json_object_set_string_member (body, "message", text);
  return queue_request (editor, HD_OUTBOX_FOLLOW_UP, ticket, body, error);
}

/* Whether the editor may answer @ticket's survey: they submitted it, the
 * plan takes surveys, it is resolved (answering closes it), and they
 * have not answered yet. */
gboolean
hd_ticket_edit_can_answer_survey (const HdTicketEditor  *editor,
                                  const HdTicket        *ticket,
                                  GError               **error)
{
  g_return_val_if_fail (editor_is_valid (editor), FALSE);
  g_return_val_if_fail (HD_IS_PLAN (editor->plan), FALSE);
  g_return_val_if_fail (ticket != NULL, FALSE);

  if (g_strcmp0 (ticket->submitted_by, editor->username) != 0)
    return refuse (error, HD_TICKET_EDIT_ERROR_NOT_ALLOWED,
                   _("only the person who submitted a ticket answers its survey"));
  if (!hd_plan_get_survey (editor->plan))
    return refuse (error, HD_TICKET_EDIT_ERROR_STATE, _("this help desk takes no surveys"));
  if (ticket->status != HD_STATUS_RESOLVED)
    return refuse (error, HD_TICKET_EDIT_ERROR_STATE, _("a survey is answered once the ticket is resolved"));
  if (is_queued (editor->cache, ticket->id, HD_OUTBOX_SURVEY))
    return refuse (error, HD_TICKET_EDIT_ERROR_STATE, _("you already answered the survey"));
  return TRUE;
}

/* Rates the help @ticket got, 1 to 5, with an optional comment; the
 * ticket closes. */
gboolean
hd_ticket_edit_answer_survey (const HdTicketEditor  *editor,
                              const HdTicket        *ticket,
                              int                    rating,
                              const char            *comment,
                              gint64                 now,
                              GError               **error)
{
  g_autoptr(HdTicket) changed = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *text = trimmed (comment);

  if (!hd_ticket_edit_can_answer_survey (editor, ticket, error))
    return FALSE;
  if (rating < 1 || rating > 5)
    return refuse (error, HD_TICKET_EDIT_ERROR_INVALID, _("rate it from 1 to 5"));
  if (too_long (text, HD_TEXT_MAX))
    return refuse (error, HD_TICKET_EDIT_ERROR_INVALID, _("a comment can be at most %d characters long"),
                   HD_TEXT_MAX);
  if ((changed = copy_ticket (ticket, error)) == NULL)
    return FALSE;
  changed->survey_rating = rating;
  g_free (changed->survey_comment);
  changed->survey_comment = g_strdup (text);
  changed->survey_at = now;
  changed->status = HD_STATUS_CLOSED;
  changed->closed_at = now;
  body = json_object_new ();
  json_object_set_int_member (body, "rating", rating);
  if (text != NULL)
    json_object_set_string_member (body, "comment", text);
  return queue_request (editor, HD_OUTBOX_SURVEY, changed, body, error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-json.h"
#include "hd-json-writer.h"
#include "hd-ticket.h"

static const char * const status_ids[HD_N_STATUSES] = {
  "new", "acknowledged", "in-progress", "waiting", "resolved", "closed",
};
static const char * const channel_ids[HD_N_CHANNELS] = { "form", "phone", "email", "walk-in" };

/* The workflow: new → acknowledged → in-progress ⇄ waiting → resolved →
 * closed, and a reopen from resolved or closed back to in-progress. */
static const gboolean moves[HD_N_STATUSES][HD_N_STATUSES] = {
  [HD_STATUS_NEW] = { [HD_STATUS_ACKNOWLEDGED] = TRUE },
  [HD_STATUS_ACKNOWLEDGED] = { [HD_STATUS_IN_PROGRESS] = TRUE },
  [HD_STATUS_IN_PROGRESS] = { [HD_STATUS_WAITING] = TRUE, [HD_STATUS_RESOLVED] = TRUE },
  [HD_STATUS_WAITING] = { [HD_STATUS_IN_PROGRESS] = TRUE },
  [HD_STATUS_RESOLVED] = { [HD_STATUS_CLOSED] = TRUE, [HD_STATUS_IN_PROGRESS] = TRUE },
  [HD_STATUS_CLOSED] = { [HD_STATUS_IN_PROGRESS] = TRUE },
};

static gboolean
lookup_id (const char * const *ids,
           guint               n,
           const char         *text,
           guint              *index)
{
  for (guint i = 0; i < n; i++)
    if (g_str_equal (ids[i], text))
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

const char *
hd_status_to_string (HdStatus status)
{
  g_return_val_if_fail (status < HD_N_STATUSES, NULL);
  return status_ids[status];
}

gboolean
hd_status_from_string (const char *text,
                       HdStatus   *status)
{
  guint index;

  g_return_val_if_fail (text != NULL && status != NULL, FALSE);

  if (!lookup_id (status_ids, HD_N_STATUSES, text, &index))
    return FALSE;
  *status = index;
  return TRUE;
}

gboolean
hd_status_can_move (HdStatus from,
                    HdStatus to)
{
  g_return_val_if_fail (from < HD_N_STATUSES && to < HD_N_STATUSES, FALSE);
  return moves[from][to];
}

/* Open: still someone's work (not resolved or closed). */
gboolean
hd_status_is_open (HdStatus status)
{
  return status != HD_STATUS_RESOLVED && status != HD_STATUS_CLOSED;
}

const char *
hd_channel_to_string (HdChannel channel)
{
  g_return_val_if_fail (channel < HD_N_CHANNELS, NULL);
  return channel_ids[channel];
}

gboolean
hd_channel_from_string (const char *text,
                        HdChannel  *channel)
{
  guint index;

  g_return_val_if_fail (text != NULL && channel != NULL, FALSE);

  if (!lookup_id (channel_ids, HD_N_CHANNELS, text, &index))
    return FALSE;
  *channel = index;
  return TRUE;
}

HdTicket *
hd_ticket_new (void)
{
  HdTicket *ticket = g_new0 (HdTicket, 1);

  ticket->version = 1;
  ticket->priority = HD_PRIORITY_NORMAL;
  ticket->acknowledged_at = ticket->first_response_at = -1;
  ticket->resolved_at = ticket->closed_at = -1;
  ticket->response_due_at = ticket->resolution_due_at = -1;
  ticket->survey_at = -1;
  return ticket;
}

void
hd_ticket_free (HdTicket *ticket)
{
  if (ticket == NULL)
    return;
  g_free (ticket->id);
  g_free (ticket->subject);
  g_free (ticket->description);
  g_free (ticket->requester_name);
  g_free (ticket->requester_email);
  g_free (ticket->requester_phone);
  g_free (ticket->submitted_by);
  g_free (ticket->location);
  g_free (ticket->topic);
  g_free (ticket->scope);
  g_free (ticket->effect);
  g_free (ticket->priority_reason);
  g_free (ticket->assignee);
  g_free (ticket->survey_comment);
  g_free (ticket);
}

/* As an element of an array @out is writing (the feed writes a page of
 * them); the one way a ticket becomes JSON. */
void
hd_ticket_write_json (const HdTicket *t,
                      GString        *out)
{
  g_return_if_fail (t != NULL);

  hd_json_write_begin_object (out, NULL);
  hd_json_write_string (out, "id", t->id);
  hd_json_write_int (out, "number", t->number);
  hd_json_write_int (out, "version", t->version);
  hd_json_write_string (out, "subject", t->subject);
  hd_json_write_string (out, "description", t->description);
  hd_json_write_begin_object (out, "requester");
  hd_json_write_string (out, "name", t->requester_name);
  hd_json_write_string (out, "email", t->requester_email);
  hd_json_write_string (out, "phone", t->requester_phone);
  hd_json_write_end_object (out);
  hd_json_write_string (out, "submitted_by", t->submitted_by);
  hd_json_write_string (out, "channel", hd_channel_to_string (t->channel));
  hd_json_write_string (out, "location", t->location);
  hd_json_write_string (out, "topic", t->topic);
  hd_json_write_string (out, "scope", t->scope);
  hd_json_write_string (out, "effect", t->effect);
  hd_json_write_string (out, "priority", hd_priority_to_string (t->priority));
  hd_json_write_string (out, "priority_reason", t->priority_reason);
  hd_json_write_string (out, "status", hd_status_to_string (t->status));
  hd_json_write_string (out, "assignee", t->assignee);
  hd_json_write_int (out, "escalation_level", t->escalation_level);
  hd_json_write_instant (out, "created_at", t->created_at);
  hd_json_write_instant (out, "updated_at", t->updated_at);
  hd_json_write_instant (out, "acknowledged_at", t->acknowledged_at);
  hd_json_write_instant (out, "first_response_at", t->first_response_at);
  hd_json_write_instant (out, "resolved_at", t->resolved_at);
  hd_json_write_instant (out, "closed_at", t->closed_at);
  hd_json_write_instant (out, "response_due_at", t->response_due_at);
  hd_json_write_instant (out, "resolution_due_at", t->resolution_due_at);
  if (t->survey_rating > 0)
    {
      hd_json_write_begin_object (out, "survey");
      hd_json_write_int (out, "rating", t->survey_rating);
      hd_json_write_string (out, "comment", t->survey_comment);
      hd_json_write_instant (out, "answered_at", t->survey_at);
      hd_json_write_end_object (out);
    }
  else
    hd_json_write_null (out, "survey");
  hd_json_write_end_object (out);
}

char *
hd_ticket_to_json_text (const HdTicket *t)
{
  GString *out = g_string_sized_new (1024);

  hd_ticket_write_json (t, out);
  return hd_json_writer_finish (out);
}

/* For answers that add to it (a ticket with its comments and events). */
JsonNode *
hd_ticket_to_json (const HdTicket *t)
{
  g_autofree char *text = hd_ticket_to_json_text (t);

  return json_from_string (text, NULL);
}

/* One of @ids, as its index. */
static gboolean
get_id (JsonObject          *o,
        const char          *member,
        const char * const  *ids,
        guint                n_ids,
        guint               *index,
        GError             **error)
{
  const char *text;

  if (!hd_json_get_string (o, member, HD_JSON_REQUIRED, 64, &text, error))
    return FALSE;
  if (!lookup_id (ids, n_ids, text, index))
    {
      g_set_error (error, HD_JSON_ERROR, HD_JSON_ERROR_INVALID, _("%s “%s” is not known"), member, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_priority (JsonObject  *o,
              HdPriority  *priority,
              GError     **error)
{
  const char *text;

  if (!hd_json_get_string (o, "priority", HD_JSON_REQUIRED, 64, &text, error))
    return FALSE;
  if (!hd_priority_from_string (text, priority))
    {
      g_set_error (error, HD_JSON_ERROR, HD_JSON_ERROR_INVALID, _("%s “%s” is not known"), "priority", text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
dup_string (JsonObject   *o,
            const char   *member,
            HdJsonFlags   flags,
            glong         max,
            char        **value,
            GError      **error)
{
  const char *text;

  if (!hd_json_get_string (o, member, flags, max, &text, error))
    return FALSE;
  *value = g_strdup (text);
  return TRUE;
}

/* A ticket as a server sends it: every member checked for its type. */
HdTicket *
hd_ticket_new_from_json (JsonNode  *node,
                         GError   **error)
{
  g_autoptr(HdTicket) t = hd_ticket_new ();
  JsonObject *o, *requester = NULL, *survey = NULL;
  const HdJsonFlags req = HD_JSON_REQUIRED;
  const HdJsonFlags opt = HD_JSON_NULLABLE;
  guint channel, status;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, HD_JSON_ERROR, HD_JSON_ERROR_INVALID, _("a ticket must be an object"));
      return NULL;
    }
  o = json_node_get_object (node);
  if (!dup_string (o, "id", req, 64, &t->id, error) ||
      !hd_json_get_int (o, "number", req, 0, G_MAXINT64, &t->number, error) ||
      !hd_json_get_int (o, "version", req, 1, G_MAXINT64, &t->version, error) ||
      !dup_string (o, "subject", req, HD_SUBJECT_MAX, &t->subject, error) ||
      !dup_string (o, "description", req, HD_TEXT_MAX, &t->description, error) ||
      !hd_json_get_object (o, "requester", req, &requester, error) ||
      !dup_string (requester, "name", req, HD_NAME_MAX, &t->requester_name, error) ||
      !dup_string (requester, "email", opt, HD_EMAIL_MAX, &t->requester_email, error) ||
      !dup_string (requester, "phone", opt, HD_PHONE_MAX, &t->requester_phone, error) ||
      !dup_string (o, "submitted_by", req, HD_NAME_MAX, &t->submitted_by, error) ||
      !get_id (o, "channel", channel_ids, HD_N_CHANNELS, &channel, error) ||
      !dup_string (o, "location", req, HD_NAME_MAX, &t->location, error) ||
      !dup_string (o, "topic", req, HD_NAME_MAX, &t->topic, error) ||
      !dup_string (o, "scope", req, HD_NAME_MAX, &t->scope, error) ||
      !dup_string (o, "effect", req, HD_NAME_MAX, &t->effect, error) ||
      !get_priority (o, &t->priority, error) ||
      !dup_string (o, "priority_reason", opt, HD_REASON_MAX, &t->priority_reason, error) ||
      !get_id (o, "status", status_ids, HD_N_STATUSES, &status, error) ||
      !dup_string (o, "assignee", opt, HD_NAME_MAX, &t->assignee, error) ||
      !hd_json_get_int (o, "escalation_level", req, 0, 1000, &t->escalation_level, error) ||
      !hd_json_get_instant (o, "created_at", req, &t->created_at, error) ||
      !hd_json_get_instant (o, "updated_at", req, &t->updated_at, error) ||
      !hd_json_get_instant (o, "acknowledged_at", opt, &t->acknowledged_at, error) ||
      !hd_json_get_instant (o, "first_response_at", opt, &t->first_response_at, error) ||
      !hd_json_get_instant (o, "resolved_at", opt, &t->resolved_at, error) ||
      !hd_json_get_instant (o, "closed_at", opt, &t->closed_at, error) ||
      !hd_json_get_instant (o, "response_due_at", opt, &t->response_due_at, error) ||
      !hd_json_get_instant (o, "resolution_due_at", opt, &t->resolution_due_at, error) ||
      !hd_json_get_object (o, "survey", opt, &survey, error))
    return NULL;
  t->channel = channel;
  t->status = status;
  if (!g_uuid_string_is_valid (t->id))
    {
      g_set_error_literal (error, HD_JSON_ERROR, HD_JSON_ERROR_INVALID, _("id must be a UUID"));
      return NULL;
    }
  if (survey != NULL &&
      (!hd_json_get_int (survey, "rating", req, 1, 5, &t->survey_rating, error) ||
       !dup_string (survey, "comment", opt, HD_TEXT_MAX, &t->survey_comment, error) ||
       !hd_json_get_instant (survey, "answered_at", req, &t->survey_at, error)))
    return NULL;
  return g_steal_pointer (&t);
}

HdComment *
hd_comment_new (void)
{
  return g_new0 (HdComment, 1);
}

void
hd_comment_free (HdComment *comment)
{
  if (comment == NULL)
    return;
  g_free (comment->id);
  g_free (comment->ticket_id);
  g_free (comment->author);
  g_free (comment->body);
  g_free (comment);
}

void
hd_comment_write_json (const HdComment *c,
                       GString         *out)
{
  g_return_if_fail (c != NULL);

  hd_json_write_begin_object (out, NULL);
  hd_json_write_string (out, "id", c->id);
  hd_json_write_string (out, "ticket_id", c->ticket_id);
  hd_json_write_string (out, "author", c->author);
  hd_json_write_string (out, "body", c->body);
  hd_json_write_boolean (out, "internal", c->internal);
  hd_json_write_instant (out, "created_at", c->created_at);
  hd_json_write_end_object (out);
}

char *
hd_comment_to_json_text (const HdComment *c)
{
  GString *out = g_string_sized_new (256);

  hd_comment_write_json (c, out);
  return hd_json_writer_finish (out);
}

JsonNode *
hd_comment_to_json (const HdComment *c)
{
  g_autofree char *text = hd_comment_to_json_text (c);

  return json_from_string (text, NULL);
}

HdComment *
hd_comment_new_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(HdComment) c = hd_comment_new ();
  JsonObject *o;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, HD_JSON_ERROR, HD_JSON_ERROR_INVALID, _("a comment must be an object"));
      return NULL;
    }
  o = json_node_get_object (node);
  if (!dup_string (o, "id", HD_JSON_REQUIRED, 64, &c->id, error) ||
      !dup_string (o, "ticket_id", HD_JSON_REQUIRED, 64, &c->ticket_id, error) ||
      !dup_string (o, "author", HD_JSON_REQUIRED, HD_NAME_MAX, &c->author, error) ||
      !dup_string (o, "body", HD_JSON_REQUIRED, HD_TEXT_MAX, &c->body, error) ||
      !hd_json_get_boolean (o, "internal", HD_JSON_REQUIRED, &c->internal, error) ||
      !hd_json_get_instant (o, "created_at", HD_JSON_REQUIRED, &c->created_at, error))
    return NULL;
  if (!g_uuid_string_is_valid (c->id) || !g_uuid_string_is_valid (c->ticket_id))
    {
      g_set_error_literal (error, HD_JSON_ERROR, HD_JSON_ERROR_INVALID, _("comment ids must be UUIDs"));
      return NULL;
    }
  return g_steal_pointer (&c);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include "hd-json.h"
#include "hd-server-private.h"

/* Every answer is JSON; every error has the contract's body, and never
 * the text of a database or system error. */

gint64
_hd_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
_hd_reply_json (SoupServerMessage *msg,
                guint              status,
                JsonNode          *node)
{
  _hd_reply_text (msg, status, hd_json_to_string (node));
}

/* Takes @json, a document already written. */
void
_hd_reply_text (SoupServerMessage *msg,
                guint              status,
                char              *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, json, strlen (json));
}

void
_hd_reply_error (SoupServerMessage *msg,
                 guint              status,
                 const char        *code,
                 const char        *field,
                 const char        *format,
                 ...)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *root = json_object_new ();
  JsonObject *error = json_object_new ();
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  json_object_set_string_member (error, "code", code);
  json_object_set_string_member (error, "message", message);
  if (field != NULL)
    json_object_set_string_member (error, "field", field);
  json_object_set_object_member (root, "error", error);
  json_node_take_object (node, root);
  _hd_reply_json (msg, status, node);
}

/* 422 for a member that failed hd_json_get_*(). */
void
_hd_reply_invalid (SoupServerMessage *msg,
                   const char        *field,
                   const GError      *error)
{
  _hd_reply_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "validation_failed", field, "%s", error->message);
}

void
_hd_reply_store_failure (SoupServerMessage *msg,
                         const GError      *error)
{
  g_warning ("%s", error->message);
  _hd_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", NULL,
                   "the server could not store the change; nothing was changed");
}

/* The ticket as its caller may see it: requesters get no internal notes,
 * and the history only with @with_history. ETag is the version. */
void
_hd_reply_ticket (HdRequest      *request,
                  guint           status,
                  HdServerTicket *ticket,
                  gboolean        with_history)
{
  g_autoptr(JsonNode) node = hd_ticket_to_json (ticket->ticket);
  g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", ticket->ticket->version);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);

  if (with_history)
    {
      HdServerStore *store = request->server->store;
      g_autoptr(GPtrArray) comments = hd_server_store_list_comments (store, ticket->ticket->id,
                                                                     _hd_is_staff (request->user));
      g_autoptr(GPtrArray) events = hd_server_store_list_events (store, ticket->ticket->id);
      JsonArray *comment_array = json_array_new ();
      JsonArray *event_array = json_array_new ();

      for (guint i = 0; i < comments->len; i++)
        json_array_add_element (comment_array, hd_comment_to_json (g_ptr_array_index (comments, i)));
      for (guint i = 0; i < events->len; i++)
        {
          const HdServerEvent *e = g_ptr_array_index (events, i);
          JsonObject *o = json_object_new ();

          hd_json_set_instant (o, "at", e->at);
          json_object_set_string_member (o, "actor", e->actor);
          json_object_set_string_member (o, "action", e->action);
          hd_json_set_string_or_null (o, "field", e->field);
          hd_json_set_string_or_null (o, "from", e->from);
          hd_json_set_string_or_null (o, "to", e->to);
          hd_json_set_string_or_null (o, "detail", e->detail);
          json_array_add_object_element (event_array, o);
        }
      json_object_set_array_member (json_node_get_object (node), "comments", comment_array);
      json_object_set_array_member (json_node_get_object (node), "events", event_array);
    }
  soup_message_headers_replace (headers, "ETag", etag);
  _hd_reply_json (request->msg, status, node);
}

JsonObject *
_hd_request_object (HdRequest *request)
{
  g_assert (request->body != NULL && JSON_NODE_HOLDS_OBJECT (request->body));
  return json_node_get_object (request->body);
}

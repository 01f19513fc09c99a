/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include "hd-json-writer.h"
#include "hd-server-private.h"

/* GET /changes: what the caller may see that changed after a cursor,
 * oldest first. Every ticket and comment write takes the next number of
 * one sequence inside its transaction, and writes are serialized on the
 * main loop, so a cursor never skips a change nor repeats one. With
 * "wait", an empty answer is held until something changes. */

#define LIMIT_DEFAULT 500
#define LIMIT_MAX 1000
#define WAIT_MAX 60

typedef struct {
  HdServer          *server;
  SoupServerMessage *msg;
  char              *submitted_by;   /* NULL: sees everything */
  gint64             after;
  guint              limit;
  guint              timeout_id;
  gulong             finished_id;
} HdWaiter;

static char *
format_cursor (HdServer *server,
               gint64    seq)
{
  return g_strdup_printf ("%s.%" G_GINT64_FORMAT, hd_server_store_get_epoch (server->store), seq);
}

/* FALSE when the cursor is not of this database or is ahead of it. */
static gboolean
parse_cursor (HdServer   *server,
              const char *cursor,
              gint64     *seq)
{
  const char *epoch = hd_server_store_get_epoch (server->store);
  gsize length = strlen (epoch);
  char *end;

  if (cursor == NULL)
    {
      *seq = 0;
      return TRUE;
    }
  if (strncmp (cursor, epoch, length) != 0 || cursor[length] != '.' || !g_ascii_isdigit (cursor[length + 1]))
    return FALSE;
  *seq = g_ascii_strtoll (cursor + length + 1, &end, 10);
  return *end == '\0' && *seq >= 0 && *seq <= hd_server_store_get_seq (server->store);
}

/* Answers when there is something to say (or @force); FALSE otherwise. */
static gboolean
answer (HdServer          *server,
        SoupServerMessage *msg,
        const char        *submitted_by,
        gint64             after,
        guint              limit,
        gboolean           force)
{
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_comment_free);
  g_autoptr(GPtrArray) tickets = NULL;
  g_autofree char *cursor = NULL;
  GString *out;
  gint64 last;
  gboolean more;

  tickets = hd_server_store_list_changes (server->store, after, limit, submitted_by, comments, &last, &more);
  if (!force && tickets->len == 0 && comments->len == 0)
    return FALSE;

  /* written as text: a page is a thousand items */
  out = g_string_sized_new (512 * 1024);
  hd_json_write_begin_object (out, NULL);
  hd_json_write_begin_array (out, "tickets");
  for (guint i = 0; i < tickets->len; i++)
    {
      HdServerTicket *st = g_ptr_array_index (tickets, i);

      if (st->deleted)
        {
          hd_json_write_begin_object (out, NULL);
          hd_json_write_string (out, "id", st->ticket->id);
          hd_json_write_boolean (out, "deleted", TRUE);
          hd_json_write_end_object (out);
        }
      else
        hd_ticket_write_json (st->ticket, out);
    }
  hd_json_write_end_array (out);
  hd_json_write_begin_array (out, "comments");
  for (guint i = 0; i < comments->len; i++)
    hd_comment_write_json (g_ptr_array_index (comments, i), out);
  hd_json_write_end_array (out);
  cursor = format_cursor (server, last);
  hd_json_write_string (out, "cursor", cursor);
  hd_json_write_boolean (out, "more", more);
  hd_json_write_end_object (out);
  _hd_reply_text (msg, SOUP_STATUS_OK, hd_json_writer_finish (out));
  return TRUE;
}

static void
waiter_free (HdWaiter *w)
{
  g_clear_handle_id (&w->timeout_id, g_source_remove);
  g_clear_signal_handler (&w->finished_id, w->msg);
  g_object_unref (w->msg);
  g_free (w->submitted_by);
  g_free (w);
}

static void
waiter_finish (HdWaiter *w,
               gboolean  force)
{
  HdServer *server = w->server;

  if (!answer (server, w->msg, w->submitted_by, w->after, w->limit, force))
    return;
  server->waiters = g_list_remove (server->waiters, w);
  g_clear_signal_handler (&w->finished_id, w->msg);
  _hd_send_when_durable (server, w->msg, TRUE);
  waiter_free (w);
}

static gboolean
waiter_timeout_cb (gpointer user_data)
{
  HdWaiter *w = user_data;

  w->timeout_id = 0;
  waiter_finish (w, TRUE);
  return G_SOURCE_REMOVE;
}

/* The client went away before anything changed. */
static void
waiter_finished_cb (SoupServerMessage *msg,
                    gpointer           user_data)
{
  HdWaiter *w = user_data;

  w->server->waiters = g_list_remove (w->server->waiters, w);
  w->finished_id = 0;
  waiter_free (w);
}

static gboolean
wake_cb (gpointer user_data)
{
  HdServer *server = user_data;
  GList *waiters = g_list_copy (server->waiters);

  server->wake_id = 0;
  for (GList *l = waiters; l != NULL; l = l->next)
    waiter_finish (l->data, FALSE);
  g_list_free (waiters);
  return G_SOURCE_REMOVE;
}

/* After a commit: long polls re-check, once, however many changes. */
void
_hd_wake_waiters (HdServer *server)
{
  if (server->waiters != NULL && server->wake_id == 0)
    server->wake_id = g_idle_add (wake_cb, server);
}

void
_hd_waiters_free (HdServer *server)
{
  g_list_free_full (g_steal_pointer (&server->waiters), (GDestroyNotify) waiter_free);
}

static gboolean
query_number (HdRequest  *request,
              GHashTable *query,
              const char *name,
              gint64      min,
              gint64      max,
              gint64     *value)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;
  char *end;

  if (text == NULL)
    return TRUE;
  *value = g_ascii_strtoll (text, &end, 10);
  if (*text != '\0' && *end == '\0' && *value >= min && *value <= max)
    return TRUE;
  _hd_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "bad_request", name,
                   "%s must be a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT, name, min, max);
  return FALSE;
}

void
_hd_handle_changes (HdRequest *request)
{
  HdServer *server = request->server;
  GHashTable *query = soup_server_message_get_uri (request->msg) != NULL
                      ? soup_form_decode (g_uri_get_query (soup_server_message_get_uri (request->msg)) ?: "")
                      : NULL;
  const char *submitted_by = _hd_is_staff (request->user) ? NULL : request->user->username;
  gint64 limit = LIMIT_DEFAULT, wait = 0, after = 0;
  HdWaiter *w;

  if (!query_number (request, query, "limit", 1, LIMIT_MAX, &limit) ||
      !query_number (request, query, "wait", 0, WAIT_MAX, &wait))
    goto out;
  if (!parse_cursor (server, query != NULL ? g_hash_table_lookup (query, "after") : NULL, &after))
    {
      _hd_reply_error (request->msg, 410, "cursor_unknown", "after",
                       "this cursor is not from this server's database; sync again from the start");
      goto out;
    }
  if (answer (server, request->msg, submitted_by, after, limit, wait == 0))
    goto out;

  w = g_new0 (HdWaiter, 1);
  w->server = server;
  w->msg = g_object_ref (request->msg);
  w->submitted_by = g_strdup (submitted_by);
  w->after = after;
  w->limit = limit;
  w->timeout_id = g_timeout_add_seconds (wait, waiter_timeout_cb, w);
  w->finished_id = g_signal_connect (request->msg, "finished", G_CALLBACK (waiter_finished_cb), w);
  server->waiters = g_list_prepend (server->waiters, w);
  soup_server_message_pause (request->msg);
  request->paused = TRUE;

out:
  g_clear_pointer (&query, g_hash_table_unref);
}

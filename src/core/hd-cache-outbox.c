/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cache"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "hd-cache-private.h"

/* What was done here and waits to be delivered, each change with the
 * ticket as it now looks in one transaction; and the conflicts, changes
 * of ours the server could not take in, until the user settles them. */

/* The outbox's kind column, by HdOutboxKind */
static const char * const kind_ids[] = { "create-ticket", "comment", "patch", "follow-up", "survey" };

static HdOutboxKind
kind_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_ids); i++)
    if (g_strcmp0 (text, kind_ids[i]) == 0)
      return i;
  return HD_OUTBOX_CREATE_TICKET;
}

void
hd_outbox_item_free (HdOutboxItem *item)
{
  if (item == NULL)
    return;
  g_free (item->ticket_id);
  g_free (item->body);
  g_free (item->last_error);
  g_free (item->if_match);
  g_free (item->base);
  g_free (item);
}

/* A ticket filed here, and its delivery, in one transaction. */
gboolean
hd_cache_submit (HdCache         *self,
                 const HdTicket  *ticket,
                 const char      *body,
                 GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  g_return_val_if_fail (ticket != NULL && body != NULL, FALSE);
  HD_CACHE_LOCKED (self);

  if (!hd_database_exec (self->db, "BEGIN IMMEDIATE", error) || !_hd_cache_put_ticket (self, ticket, TRUE, error))
    goto failed;
  stmt = hd_database_prepare (self->db, "INSERT INTO outbox (kind, ticket_id, body, created_at) VALUES ('create-ticket', ?, ?, ?)");
  hd_bind_text (stmt, 1, ticket->id);
  hd_bind_text (stmt, 2, body);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  if (!hd_database_run (self->db, stmt, error))
    goto failed;
  if (_hd_cache_reindex_dirty (self, error) && _hd_cache_commit (self, error))
    return TRUE;

failed:
  hd_database_exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

/* What waits to be delivered, oldest first. */
GPtrArray *
hd_cache_list_outbox (HdCache *self)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_outbox_item_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HD_IS_CACHE (self), NULL);
  HD_CACHE_LOCKED (self);

  stmt = hd_database_prepare (self->db, "SELECT id, kind, ticket_id, body, attempts, last_error, if_match, base"
                        " FROM outbox ORDER BY id");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      HdOutboxItem *item = g_new0 (HdOutboxItem, 1);

      item->id = sqlite3_column_int64 (stmt, 0);
      item->kind = kind_from_string ((const char *) sqlite3_column_text (stmt, 1));
      item->ticket_id = hd_column_text (stmt, 2);
      item->body = hd_column_text (stmt, 3);
      item->attempts = sqlite3_column_int64 (stmt, 4);
      item->last_error = hd_column_text (stmt, 5);
      item->if_match = hd_column_text (stmt, 6);
      item->base = hd_column_text (stmt, 7);
      g_ptr_array_add (items, item);
    }
  sqlite3_reset (stmt);
  return items;
}

guint
hd_cache_count_outbox (HdCache *self)
{
  g_return_val_if_fail (HD_IS_CACHE (self), 0);
  HD_CACHE_LOCKED (self);
  return hd_database_query_int (self->db, "SELECT count(*) FROM outbox");
}

/* The server took @item: it leaves the outbox as the server's version of
 * the ticket replaces the local one. */
gboolean
hd_cache_outbox_delivered (HdCache             *self,
                           const HdOutboxItem  *item,
                           const HdTicket      *server_ticket,
                           GError             **error)
{
  sqlite3_stmt *stmt;
  gboolean more_for_ticket;

  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  HD_CACHE_LOCKED (self);

  if (!hd_database_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  stmt = hd_database_prepare (self->db, "DELETE FROM outbox WHERE id = ?");
  sqlite3_bind_int64 (stmt, 1, item->id);
  if (!hd_database_run (self->db, stmt, error))
    goto failed;
  stmt = hd_database_prepare (self->db, "SELECT count(*) FROM outbox WHERE ticket_id = ?");
  hd_bind_text (stmt, 1, item->ticket_id);
  more_for_ticket = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 0;
  sqlite3_reset (stmt);
  if (server_ticket != NULL && !_hd_cache_put_ticket (self, server_ticket, more_for_ticket, error))
    goto failed;
  if (_hd_cache_reindex_dirty (self, error) && _hd_cache_commit (self, error))
    return TRUE;

failed:
  hd_database_exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

gboolean
hd_cache_outbox_failed (HdCache             *self,
                        const HdOutboxItem  *item,
                        const char          *message,
                        GError             **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  HD_CACHE_LOCKED (self);

  stmt = hd_database_prepare (self->db, "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?");
  hd_bind_text (stmt, 1, message);
  sqlite3_bind_int64 (stmt, 2, item->id);
  return hd_database_run (self->db, stmt, error);
}

static gboolean
add_outbox (HdCache     *self,
            const char  *kind,
            const char  *ticket_id,
            const char  *body,
            const char  *if_match,
            const char  *base,
            GError     **error)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "INSERT INTO outbox (kind, ticket_id, body, created_at, if_match, base)"
                                      " VALUES (?, ?, ?, ?, ?, ?)");

  hd_bind_text (stmt, 1, kind);
  hd_bind_text (stmt, 2, ticket_id);
  hd_bind_text (stmt, 3, body);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  hd_bind_text (stmt, 5, if_match);
  hd_bind_text (stmt, 6, base);
  return hd_database_run (self->db, stmt, error);
}

/* The ticket as it now looks here and the request that will tell the
 * server, together. */
static gboolean
queue_ticket_change (HdCache         *self,
                     HdOutboxKind     kind,
                     const HdTicket  *changed,
                     const char      *body,
                     const char      *if_match,
                     const char      *base,
                     GError         **error)
{
  if (hd_database_exec (self->db, "BEGIN IMMEDIATE", error) &&
      _hd_cache_put_ticket (self, changed, TRUE, error) &&
      add_outbox (self, kind_ids[kind], changed->id, body, if_match, base, error) &&
      _hd_cache_reindex_dirty (self, error) &&
      _hd_cache_commit (self, error))
    return TRUE;
  hd_database_exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

/* A change to a ticket's fields, made on the version in @if_match. */
gboolean
hd_cache_queue_patch (HdCache         *self,
                      const HdTicket  *changed,
                      const char      *body,
                      const char      *if_match,
                      const char      *base,
                      GError         **error)
{
  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  HD_CACHE_LOCKED (self);

  return queue_ticket_change (self, HD_OUTBOX_PATCH_TICKET, changed, body, if_match, base, error);
}

gboolean
hd_cache_queue_comment (HdCache          *self,
                        const HdComment  *comment,
                        const char       *body,
                        GError          **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  HD_CACHE_LOCKED (self);

  if (!hd_database_exec (self->db, "BEGIN IMMEDIATE", error) || !_hd_cache_put_comment (self, comment, error))
    goto failed;
  stmt = hd_database_prepare (self->db, "UPDATE comments SET pending = 1 WHERE id = ?");
  hd_bind_text (stmt, 1, comment->id);
  if (!hd_database_run (self->db, stmt, error))
    goto failed;
  if (add_outbox (self, kind_ids[HD_OUTBOX_ADD_COMMENT], comment->ticket_id, body, NULL, NULL, error) && _hd_cache_reindex_dirty (self, error) &&
      _hd_cache_commit (self, error))
    return TRUE;

failed:
  hd_database_exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

/* A follow-up or a survey answer, made here: the ticket as it now looks
 * and the request that will tell the server, together. Unlike a patch it
 * names no version: the server decides by the ticket's state alone. */
gboolean
hd_cache_queue_request (HdCache         *self,
                        HdOutboxKind     kind,
                        const HdTicket  *changed,
                        const char      *body,
                        GError         **error)
{
  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  g_return_val_if_fail (kind == HD_OUTBOX_FOLLOW_UP || kind == HD_OUTBOX_SURVEY, FALSE);
  g_return_val_if_fail (changed != NULL && body != NULL, FALSE);
  HD_CACHE_LOCKED (self);

  return queue_ticket_change (self, kind, changed, body, NULL, NULL, error);
}

/* After a merge: what is left of a change, made on the current version. */
gboolean
hd_cache_outbox_rewrite (HdCache             *self,
                         const HdOutboxItem  *item,
                         const char          *body,
                         const char          *if_match,
                         const char          *base,
                         GError             **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  HD_CACHE_LOCKED (self);

  stmt = hd_database_prepare (self->db, "UPDATE outbox SET body = ?, if_match = ?, base = ? WHERE id = ?");
  hd_bind_text (stmt, 1, body);
  hd_bind_text (stmt, 2, if_match);
  hd_bind_text (stmt, 3, base);
  sqlite3_bind_int64 (stmt, 4, item->id);
  return hd_database_run (self->db, stmt, error);
}

gboolean
hd_cache_add_conflict (HdCache     *self,
                       const char  *ticket_id,
                       const char  *field,
                       const char  *mine,
                       const char  *theirs,
                       GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  HD_CACHE_LOCKED (self);

  stmt = hd_database_prepare (self->db, "INSERT INTO conflicts (ticket_id, field, mine, theirs, created_at) VALUES (?, ?, ?, ?, ?)");
  hd_bind_text (stmt, 1, ticket_id);
  hd_bind_text (stmt, 2, field);
  hd_bind_text (stmt, 3, mine);
  hd_bind_text (stmt, 4, theirs);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  if (!hd_database_run (self->db, stmt, error))
    return FALSE;
  _hd_cache_changed (self);
  return TRUE;
}

void
hd_conflict_free (HdConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->ticket_id);
  g_free (conflict->field);
  g_free (conflict->mine);
  g_free (conflict->theirs);
  g_free (conflict);
}

GPtrArray *
hd_cache_list_conflicts (HdCache *self)
{
  GPtrArray *conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_conflict_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HD_IS_CACHE (self), NULL);
  HD_CACHE_LOCKED (self);

  stmt = hd_database_prepare (self->db, "SELECT id, ticket_id, field, mine, theirs, created_at FROM conflicts ORDER BY id");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      HdConflict *c = g_new0 (HdConflict, 1);

      c->id = sqlite3_column_int64 (stmt, 0);
      c->ticket_id = hd_column_text (stmt, 1);
      c->field = hd_column_text (stmt, 2);
      c->mine = hd_column_text (stmt, 3);
      c->theirs = hd_column_text (stmt, 4);
      c->created_at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (conflicts, c);
    }
  sqlite3_reset (stmt);
  return conflicts;
}

gboolean
hd_cache_drop_conflict (HdCache  *self,
                        gint64    id,
                        GError  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  HD_CACHE_LOCKED (self);

  stmt = hd_database_prepare (self->db, "DELETE FROM conflicts WHERE id = ?");
  sqlite3_bind_int64 (stmt, 1, id);
  if (!hd_database_run (self->db, stmt, error))
    return FALSE;
  if (sqlite3_changes (hd_database_handle (self->db)) > 0)
    {
      _hd_cache_changed (self);
      return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("there is no conflict %ld"), (long) id);
  return FALSE;
}

/* The server will never take @item (it refused it as invalid or not
 * allowed): it leaves the outbox for the conflicts, with why, so the user
 * sees it; a submission that never got a number leaves the queues. */
gboolean
hd_cache_outbox_rejected (HdCache             *self,
                          const HdOutboxItem  *item,
                          const char          *message,
                          GError             **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  HD_CACHE_LOCKED (self);

  if (!hd_database_exec (self->db, "BEGIN IMMEDIATE", error) ||
      !hd_cache_add_conflict (self, item->ticket_id, "refused", item->body, message, error))
    goto failed;
  stmt = hd_database_prepare (self->db, "DELETE FROM outbox WHERE id = ?");
  sqlite3_bind_int64 (stmt, 1, item->id);
  if (!hd_database_run (self->db, stmt, error))
    goto failed;
  if (item->kind == HD_OUTBOX_CREATE_TICKET)
    {
      stmt = hd_database_prepare (self->db, "SELECT number FROM tickets WHERE id = ?");
      hd_bind_text (stmt, 1, item->ticket_id);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) == 0)
        {
          sqlite3_reset (stmt);
          if (!_hd_cache_delete_ticket (self, item->ticket_id, error))
            goto failed;
        }
      sqlite3_reset (stmt);
    }
  if (_hd_cache_commit (self, error))
    return TRUE;

failed:
  hd_database_exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

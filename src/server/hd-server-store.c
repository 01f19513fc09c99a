/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server-store"

#include "config.h"

#include <sqlite3.h>

#include "hd-database.h"
#include "hd-server-store.h"

struct _HdServerStore
{
  GObject     parent_instance;

  HdDatabase *db;
  char       *epoch;
  gint64      seq;             /* the last change's sequence number */
};

G_DEFINE_FINAL_TYPE (HdServerStore, hd_server_store, G_TYPE_OBJECT)

/* Numbered migrations: migration N brings user_version from N-1 to N.
 * Never edit one that has shipped; add the next. */
static const char * const migrations[] = {
  /* 1 */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE users ("
  "  username TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL,"
  "  role TEXT NOT NULL, password_hash TEXT NOT NULL);"
  "CREATE TABLE tokens ("
  "  hash BLOB PRIMARY KEY, username TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE tickets ("
  "  id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE, version INTEGER NOT NULL,"
  "  seq INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,"
  "  subject TEXT NOT NULL, description TEXT NOT NULL,"
  "  requester_name TEXT NOT NULL, requester_email TEXT, requester_phone TEXT,"
  "  submitted_by TEXT NOT NULL, channel TEXT NOT NULL, location TEXT NOT NULL,"
  "  topic TEXT NOT NULL, scope TEXT NOT NULL, effect TEXT NOT NULL,"
  "  priority TEXT NOT NULL, priority_reason TEXT, status TEXT NOT NULL, assignee TEXT,"
  "  escalation_level INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, acknowledged_at INTEGER,"
  "  first_response_at INTEGER, resolved_at INTEGER, closed_at INTEGER,"
  "  response_due_at INTEGER, resolution_due_at INTEGER,"
  "  survey_rating INTEGER, survey_comment TEXT, survey_at INTEGER,"
  "  waiting_since INTEGER, response_escalated INTEGER NOT NULL DEFAULT 0,"
  "  resolution_escalated INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX tickets_by_seq ON tickets (seq);"
  "CREATE INDEX tickets_by_submitter ON tickets (submitted_by, seq);"
  "CREATE INDEX tickets_open_by_assignee ON tickets (assignee, status);"
  "CREATE INDEX tickets_response_due ON tickets (response_due_at) WHERE response_escalated = 0;"
  "CREATE INDEX tickets_resolution_due ON tickets (resolution_due_at) WHERE resolution_escalated = 0;"
  "CREATE INDEX tickets_resolved ON tickets (resolved_at) WHERE status = 'resolved';"
  "CREATE TABLE comments ("
  "  id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL REFERENCES tickets (id),"
  "  author TEXT NOT NULL, body TEXT NOT NULL, internal INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL, seq INTEGER NOT NULL);"
  "CREATE INDEX comments_by_seq ON comments (seq);"
  "CREATE INDEX comments_by_ticket ON comments (ticket_id, created_at);"
  "CREATE TABLE events ("
  "  rowid INTEGER PRIMARY KEY, ticket_id TEXT NOT NULL REFERENCES tickets (id),"
  "  at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
  "  field TEXT, old_value TEXT, new_value TEXT, detail TEXT);"
  "CREATE INDEX events_by_ticket ON events (ticket_id, rowid);"
  "CREATE TABLE waiting ("
  "  ticket_id TEXT NOT NULL REFERENCES tickets (id), start INTEGER NOT NULL, end INTEGER NOT NULL);"
  "CREATE INDEX waiting_by_ticket ON waiting (ticket_id, start);",

  /* 2: each assignee's open tickets, kept by triggers, so that routing a
   * new ticket costs the same with 100 or 100,000 tickets */
  "CREATE TABLE open_load (assignee TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;"
  "INSERT INTO open_load SELECT assignee, count(*) FROM tickets WHERE assignee IS NOT NULL AND deleted = 0"
  "  AND status NOT IN ('resolved', 'closed') GROUP BY assignee;"
  "CREATE TRIGGER open_load_insert AFTER INSERT ON tickets"
  "  WHEN new.assignee IS NOT NULL AND new.deleted = 0 AND new.status NOT IN ('resolved', 'closed')"
  "  BEGIN INSERT INTO open_load VALUES (new.assignee, 1) ON CONFLICT (assignee) DO UPDATE SET n = n + 1; END;"
  "CREATE TRIGGER open_load_leave AFTER UPDATE OF assignee, status, deleted ON tickets"
  "  WHEN old.assignee IS NOT NULL AND old.deleted = 0 AND old.status NOT IN ('resolved', 'closed')"
  "  BEGIN UPDATE open_load SET n = n - 1 WHERE assignee = old.assignee; END;"
  "CREATE TRIGGER open_load_enter AFTER UPDATE OF assignee, status, deleted ON tickets"
  "  WHEN new.assignee IS NOT NULL AND new.deleted = 0 AND new.status NOT IN ('resolved', 'closed')"
  "  BEGIN INSERT INTO open_load VALUES (new.assignee, 1) ON CONFLICT (assignee) DO UPDATE SET n = n + 1; END;",

  /* 3: when the sweep next has something to do for a ticket (a deadline
   * to escalate, an auto-close), so that it reads only those; 0 means
   * "look now", NULL "nothing pending" */
  "ALTER TABLE tickets ADD COLUMN next_check_at INTEGER;"
  "UPDATE tickets SET next_check_at = 0 WHERE deleted = 0 AND status != 'closed';"
  "CREATE INDEX tickets_next_check ON tickets (next_check_at) WHERE next_check_at IS NOT NULL;"
  "DROP INDEX tickets_response_due;"
  "DROP INDEX tickets_resolution_due;"
  "DROP INDEX tickets_resolved;",
};

#define TICKET_COLUMNS \
  "id, number, version, subject, description, requester_name, requester_email, requester_phone," \
  " submitted_by, channel, location, topic, scope, effect, priority, priority_reason, status," \
  " assignee, escalation_level, created_at, updated_at, acknowledged_at, first_response_at," \
  " resolved_at, closed_at, response_due_at, resolution_due_at, survey_rating, survey_comment," \
  " survey_at, seq, waiting_since, response_escalated, resolution_escalated, deleted, next_check_at"

#define COMMENT_COLUMNS "id, ticket_id, author, body, internal, created_at"

/* Identifies this database in cursors, so that a client holding a cursor
 * of a database that was lost and recreated is told to start over. */
static gboolean
load_epoch (HdServerStore  *self,
            GError        **error)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "SELECT value FROM meta WHERE key = 'epoch'");

  if (sqlite3_step (stmt) == SQLITE_ROW)
    self->epoch = hd_column_text (stmt, 0);
  sqlite3_reset (stmt);
  if (self->epoch != NULL)
    return TRUE;

  self->epoch = g_uuid_string_random ();
  stmt = hd_database_prepare (self->db, "INSERT INTO meta (key, value) VALUES ('epoch', ?)");
  hd_bind_text (stmt, 1, self->epoch);
  return hd_database_run (self->db, stmt, error);
}

/* Another process (helpdesk-server demo, an operator's tool) may have
 * written since: the sequence continues after the highest one stored. */
static void
refresh_seq (HdServerStore *self)
{
  self->seq = MAX (self->seq, MAX (hd_database_query_int (self->db, "SELECT coalesce (max (seq), 0) FROM tickets"),
                                   hd_database_query_int (self->db, "SELECT coalesce (max (seq), 0) FROM comments")));
}

static void
hd_server_store_finalize (GObject *object)
{
  HdServerStore *self = (HdServerStore *) object;

  g_clear_pointer (&self->db, hd_database_free);
  g_free (self->epoch);

  G_OBJECT_CLASS (hd_server_store_parent_class)->finalize (object);
}

static void
hd_server_store_class_init (HdServerStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hd_server_store_finalize;
}

static void
hd_server_store_init (HdServerStore *self)
{
}

HdServerStore *
hd_server_store_open (const char  *path,
                      GError     **error)
{
  g_autoptr(HdServerStore) self = g_object_new (HD_TYPE_SERVER_STORE, NULL);

  g_return_val_if_fail (path != NULL, NULL);

  self->db = hd_database_open (path, "the database",
                               "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
                               migrations, G_N_ELEMENTS (migrations), error);
  if (self->db == NULL ||
      !load_epoch (self, error))
    return NULL;
  refresh_seq (self);
  return g_steal_pointer (&self);
}

const char *
hd_server_store_get_epoch (HdServerStore *self)
{
  g_return_val_if_fail (HD_IS_SERVER_STORE (self), NULL);
  return self->epoch;
}

gboolean
hd_server_store_begin (HdServerStore  *self,
                       GError        **error)
{
  g_return_val_if_fail (HD_IS_SERVER_STORE (self), FALSE);

  if (!hd_database_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  refresh_seq (self);
  return TRUE;
}

gboolean
hd_server_store_commit (HdServerStore  *self,
                        GError        **error)
{
  g_return_val_if_fail (HD_IS_SERVER_STORE (self), FALSE);

  if (hd_database_exec (self->db, "COMMIT", error))
    return TRUE;
  hd_server_store_rollback (self);
  return FALSE;
}

void
hd_server_store_rollback (HdServerStore *self)
{
  g_return_if_fail (HD_IS_SERVER_STORE (self));

  if (!sqlite3_get_autocommit (hd_database_handle (self->db)))
    hd_database_exec (self->db, "ROLLBACK", NULL);
}

/* One change inside the open transaction, undone alone if it fails. */
gboolean
hd_server_store_savepoint (HdServerStore  *self,
                           GError        **error)
{
  g_return_val_if_fail (HD_IS_SERVER_STORE (self), FALSE);
  return hd_database_exec (self->db, "SAVEPOINT change", error);
}

gboolean
hd_server_store_release (HdServerStore  *self,
                         GError        **error)
{
  g_return_val_if_fail (HD_IS_SERVER_STORE (self), FALSE);
  return hd_database_exec (self->db, "RELEASE change", error);
}

void
hd_server_store_rollback_to (HdServerStore *self)
{
  g_return_if_fail (HD_IS_SERVER_STORE (self));
  hd_database_exec (self->db, "ROLLBACK TO change; RELEASE change", NULL);
}

/* The sequence number of the last committed change. Gaps are possible
 * (a rolled-back write), going back never. */
gint64
hd_server_store_get_seq (HdServerStore *self)
{
  g_return_val_if_fail (HD_IS_SERVER_STORE (self), 0);
  return self->seq;
}

void
hd_server_user_free (HdServerUser *user)
{
  if (user == NULL)
    return;
  g_free (user->username);
  g_free (user->name);
  g_free (user->email);
  g_free (user->password_hash);
  g_free (user);
}

void
hd_server_ticket_free (HdServerTicket *ticket)
{
  if (ticket == NULL)
    return;
  hd_ticket_free (ticket->ticket);
  g_free (ticket);
}

void
hd_server_event_free (HdServerEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->actor);
  g_free (event->action);
  g_free (event->field);
  g_free (event->from);
  g_free (event->to);
  g_free (event->detail);
  g_free (event);
}

gboolean
hd_server_store_add_user (HdServerStore       *self,
                          const HdServerUser  *user,
                          GError             **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HD_IS_SERVER_STORE (self), FALSE);

  stmt = hd_database_prepare (self->db, "INSERT INTO users (username, name, email, role, password_hash) VALUES (?, ?, ?, ?, ?)"
                        " ON CONFLICT (username) DO UPDATE SET name = excluded.name, email = excluded.email,"
                        " role = excluded.role, password_hash = excluded.password_hash");
  hd_bind_text (stmt, 1, user->username);
  hd_bind_text (stmt, 2, user->name);
  hd_bind_text (stmt, 3, user->email);
  hd_bind_text (stmt, 4, hd_role_to_string (user->role));
  hd_bind_text (stmt, 5, user->password_hash);
  return hd_database_run (self->db, stmt, error);
}

static HdServerUser *
read_user (sqlite3_stmt *stmt)
{
  HdServerUser *user = g_new0 (HdServerUser, 1);
  g_autofree char *role = hd_column_text (stmt, 3);

  user->username = hd_column_text (stmt, 0);
  user->name = hd_column_text (stmt, 1);
  user->email = hd_column_text (stmt, 2);
  if (role == NULL || !hd_role_from_string (role, &user->role))
    user->role = HD_ROLE_REQUESTER;
  user->password_hash = hd_column_text (stmt, 4);
  return user;
}

HdServerUser *
hd_server_store_find_user (HdServerStore *self,
                           const char    *username)
{
  sqlite3_stmt *stmt;
  HdServerUser *user = NULL;

  g_return_val_if_fail (HD_IS_SERVER_STORE (self), NULL);

  stmt = hd_database_prepare (self->db, "SELECT username, name, email, role, password_hash FROM users WHERE username = ?");
  hd_bind_text (stmt, 1, username);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    user = read_user (stmt);
  sqlite3_reset (stmt);
  return user;
}

GPtrArray *
hd_server_store_list_users (HdServerStore *self)
{
  GPtrArray *users = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_server_user_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HD_IS_SERVER_STORE (self), NULL);

  stmt = hd_database_prepare (self->db, "SELECT username, name, email, role, password_hash FROM users ORDER BY username");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (users, read_user (stmt));
  sqlite3_reset (stmt);
  return users;
}

gboolean
hd_server_store_add_token (HdServerStore  *self,
                           const guint8   *hash,
                           const char     *username,
                           gint64          now,
                           GError        **error)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "INSERT INTO tokens (hash, username, created_at) VALUES (?, ?, ?)");

  sqlite3_bind_blob (stmt, 1, hash, 32, SQLITE_TRANSIENT);
  hd_bind_text (stmt, 2, username);
  sqlite3_bind_int64 (stmt, 3, now);
  return hd_database_run (self->db, stmt, error);
}

char *
hd_server_store_find_token (HdServerStore *self,
                            const guint8  *hash)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "SELECT username FROM tokens WHERE hash = ?");
  char *username = NULL;

  sqlite3_bind_blob (stmt, 1, hash, 32, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    username = hd_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return username;
}

gboolean
hd_server_store_delete_token (HdServerStore  *self,
                              const guint8   *hash,
                              GError        **error)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "DELETE FROM tokens WHERE hash = ?");

  sqlite3_bind_blob (stmt, 1, hash, 32, SQLITE_TRANSIENT);
  return hd_database_run (self->db, stmt, error);
}

gint64
hd_server_store_next_number (HdServerStore *self)
{
  return hd_database_query_int (self->db, "SELECT coalesce (max (number), 0) + 1 FROM tickets");
}

static HdServerTicket *
read_ticket (sqlite3_stmt *stmt)
{
  HdServerTicket *st = g_new0 (HdServerTicket, 1);
  HdTicket *t = hd_ticket_new ();
  g_autofree char *channel = hd_column_text (stmt, 9);
  g_autofree char *priority = hd_column_text (stmt, 14);
  g_autofree char *status = hd_column_text (stmt, 16);
  int i = 0;

  st->ticket = t;
  t->id = hd_column_text (stmt, i++);
  t->number = sqlite3_column_int64 (stmt, i++);
  t->version = sqlite3_column_int64 (stmt, i++);
  t->subject = hd_column_text (stmt, i++);
  t->description = hd_column_text (stmt, i++);
  t->requester_name = hd_column_text (stmt, i++);
  t->requester_email = hd_column_text (stmt, i++);
  t->requester_phone = hd_column_text (stmt, i++);
  t->submitted_by = hd_column_text (stmt, i++);
  hd_channel_from_string (channel, &t->channel), i++;
  t->location = hd_column_text (stmt, i++);
  t->topic = hd_column_text (stmt, i++);
  t->scope = hd_column_text (stmt, i++);
  t->effect = hd_column_text (stmt, i++);
  hd_priority_from_string (priority, &t->priority), i++;
  t->priority_reason = hd_column_text (stmt, i++);
  hd_status_from_string (status, &t->status), i++;
  t->assignee = hd_column_text (stmt, i++);
  t->escalation_level = sqlite3_column_int64 (stmt, i++);
  t->created_at = hd_column_instant (stmt, i++);
  t->updated_at = hd_column_instant (stmt, i++);
  t->acknowledged_at = hd_column_instant (stmt, i++);
  t->first_response_at = hd_column_instant (stmt, i++);
  t->resolved_at = hd_column_instant (stmt, i++);
  t->closed_at = hd_column_instant (stmt, i++);
  t->response_due_at = hd_column_instant (stmt, i++);
  t->resolution_due_at = hd_column_instant (stmt, i++);
  /* not inside MAX (): it would read the column, and move on, twice */
  t->survey_rating = hd_column_instant (stmt, i++);
  t->survey_rating = MAX (0, t->survey_rating);
  t->survey_comment = hd_column_text (stmt, i++);
  t->survey_at = hd_column_instant (stmt, i++);
  st->seq = sqlite3_column_int64 (stmt, i++);
  st->waiting_since = hd_column_instant (stmt, i++);
  st->response_escalated = sqlite3_column_int (stmt, i++);
  st->resolution_escalated = sqlite3_column_int (stmt, i++);
  st->deleted = sqlite3_column_int (stmt, i++);
  st->next_check_at = hd_column_instant (stmt, i++);
  return st;
}

HdServerTicket *
hd_server_store_get_ticket (HdServerStore *self,
                            const char    *id)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "SELECT " TICKET_COLUMNS " FROM tickets WHERE id = ?");
  HdServerTicket *ticket = NULL;

  hd_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    ticket = read_ticket (stmt);
  sqlite3_reset (stmt);
  return ticket;
}

/* INSERT … ON CONFLICT DO UPDATE of every column: unlike INSERT OR
 * REPLACE it never deletes the row that comments and events refer to. */
static const char *
ticket_upsert_sql (void)
{
  static char *sql;

  if (sql == NULL)
    {
      g_auto(GStrv) columns = g_strsplit (TICKET_COLUMNS, ",", -1);
      GString *text = g_string_new ("INSERT INTO tickets (" TICKET_COLUMNS ") VALUES (");

      for (guint i = 0; columns[i] != NULL; i++)
        g_string_append (text, i > 0 ? ", ?" : "?");
      g_string_append (text, ") ON CONFLICT (id) DO UPDATE SET ");
      for (guint i = 1; columns[i] != NULL; i++)
        {
          const char *column = g_strstrip (columns[i]);

          g_string_append_printf (text, "%s%s = excluded.%s", i > 1 ? ", " : "", column, column);
        }
      sql = g_string_free (text, FALSE);
    }
  return sql;
}

/* Writes the whole ticket with a new change sequence number. */
gboolean
hd_server_store_put_ticket (HdServerStore   *self,
                            HdServerTicket  *st,
                            GError         **error)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, ticket_upsert_sql ());
  const HdTicket *t = st->ticket;
  int i = 1;

  st->seq = ++self->seq;
  hd_bind_text (stmt, i++, t->id);
  sqlite3_bind_int64 (stmt, i++, t->number);
  sqlite3_bind_int64 (stmt, i++, t->version);
  hd_bind_text (stmt, i++, t->subject);
  hd_bind_text (stmt, i++, t->description);
  hd_bind_text (stmt, i++, t->requester_name);
  hd_bind_text (stmt, i++, t->requester_email);
  hd_bind_text (stmt, i++, t->requester_phone);
  hd_bind_text (stmt, i++, t->submitted_by);
  hd_bind_text (stmt, i++, hd_channel_to_string (t->channel));
  hd_bind_text (stmt, i++, t->location);
  hd_bind_text (stmt, i++, t->topic);
  hd_bind_text (stmt, i++, t->scope);
  hd_bind_text (stmt, i++, t->effect);
  hd_bind_text (stmt, i++, hd_priority_to_string (t->priority));
  hd_bind_text (stmt, i++, t->priority_reason);
  hd_bind_text (stmt, i++, hd_status_to_string (t->status));
  hd_bind_text (stmt, i++, t->assignee);
  sqlite3_bind_int64 (stmt, i++, t->escalation_level);
  hd_bind_instant (stmt, i++, t->created_at);
  hd_bind_instant (stmt, i++, t->updated_at);
  hd_bind_instant (stmt, i++, t->acknowledged_at);
  hd_bind_instant (stmt, i++, t->first_response_at);
  hd_bind_instant (stmt, i++, t->resolved_at);
  hd_bind_instant (stmt, i++, t->closed_at);
  hd_bind_instant (stmt, i++, t->response_due_at);
  hd_bind_instant (stmt, i++, t->resolution_due_at);
  hd_bind_instant (stmt, i++, t->survey_rating > 0 ? t->survey_rating : -1);
  hd_bind_text (stmt, i++, t->survey_comment);
  hd_bind_instant (stmt, i++, t->survey_at);
  sqlite3_bind_int64 (stmt, i++, st->seq);
  hd_bind_instant (stmt, i++, st->waiting_since);
  sqlite3_bind_int (stmt, i++, st->response_escalated);
  sqlite3_bind_int (stmt, i++, st->resolution_escalated);
  sqlite3_bind_int (stmt, i++, st->deleted);
  hd_bind_instant (stmt, i++, st->next_check_at);
  return hd_database_run (self->db, stmt, error);
}

static HdComment *
read_comment (sqlite3_stmt *stmt)
{
  HdComment *c = hd_comment_new ();

  c->id = hd_column_text (stmt, 0);
  c->ticket_id = hd_column_text (stmt, 1);
  c->author = hd_column_text (stmt, 2);
  c->body = hd_column_text (stmt, 3);
  c->internal = sqlite3_column_int (stmt, 4);
  c->created_at = sqlite3_column_int64 (stmt, 5);
  return c;
}

HdComment *
hd_server_store_get_comment (HdServerStore *self,
                             const char    *id)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "SELECT " COMMENT_COLUMNS " FROM comments WHERE id = ?");
  HdComment *comment = NULL;

  hd_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    comment = read_comment (stmt);
  sqlite3_reset (stmt);
  return comment;
}

gboolean
hd_server_store_add_comment (HdServerStore    *self,
                             const HdComment  *c,
                             GError          **error)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "INSERT INTO comments (" COMMENT_COLUMNS ", seq) VALUES (?, ?, ?, ?, ?, ?, ?)");

  hd_bind_text (stmt, 1, c->id);
  hd_bind_text (stmt, 2, c->ticket_id);
  hd_bind_text (stmt, 3, c->author);
  hd_bind_text (stmt, 4, c->body);
  sqlite3_bind_int (stmt, 5, c->internal);
  sqlite3_bind_int64 (stmt, 6, c->created_at);
  sqlite3_bind_int64 (stmt, 7, ++self->seq);
  return hd_database_run (self->db, stmt, error);
}

GPtrArray *
hd_server_store_list_comments (HdServerStore *self,
                               const char    *ticket_id,
                               gboolean       internal_too)
{
  GPtrArray *comments = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_comment_free);
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "SELECT " COMMENT_COLUMNS " FROM comments"
                                      " WHERE ticket_id = ? AND (internal = 0 OR ?) ORDER BY created_at, seq");

  hd_bind_text (stmt, 1, ticket_id);
  sqlite3_bind_int (stmt, 2, internal_too);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (comments, read_comment (stmt));
  sqlite3_reset (stmt);
  return comments;
}

gboolean
hd_server_store_add_event (HdServerStore        *self,
                           const char           *ticket_id,
                           const HdServerEvent  *e,
                           GError              **error)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "INSERT INTO events (ticket_id, at, actor, action, field, old_value,"
                                      " new_value, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

  hd_bind_text (stmt, 1, ticket_id);
  sqlite3_bind_int64 (stmt, 2, e->at);
  hd_bind_text (stmt, 3, e->actor);
  hd_bind_text (stmt, 4, e->action);
  hd_bind_text (stmt, 5, e->field);
  hd_bind_text (stmt, 6, e->from);
  hd_bind_text (stmt, 7, e->to);
  hd_bind_text (stmt, 8, e->detail);
  return hd_database_run (self->db, stmt, error);
}

GPtrArray *
hd_server_store_list_events (HdServerStore *self,
                             const char    *ticket_id)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_server_event_free);
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "SELECT at, actor, action, field, old_value, new_value, detail"
                                      " FROM events WHERE ticket_id = ? ORDER BY rowid");

  hd_bind_text (stmt, 1, ticket_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      HdServerEvent *e = g_new0 (HdServerEvent, 1);

      e->at = sqlite3_column_int64 (stmt, 0);
      e->actor = hd_column_text (stmt, 1);
      e->action = hd_column_text (stmt, 2);
      e->field = hd_column_text (stmt, 3);
      e->from = hd_column_text (stmt, 4);
      e->to = hd_column_text (stmt, 5);
      e->detail = hd_column_text (stmt, 6);
      g_ptr_array_add (events, e);
    }
  sqlite3_reset (stmt);
  return events;
}

gboolean
hd_server_store_add_waiting (HdServerStore  *self,
                             const char     *ticket_id,
                             gint64          start,
                             gint64          end,
                             GError        **error)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "INSERT INTO waiting (ticket_id, start, end) VALUES (?, ?, ?)");

  hd_bind_text (stmt, 1, ticket_id);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  return hd_database_run (self->db, stmt, error);
}

/* The ticket's finished waiting intervals, as HdInterval-shaped pairs. */
GArray *
hd_server_store_list_waiting (HdServerStore *self,
                              const char    *ticket_id)
{
  GArray *intervals = g_array_new (FALSE, FALSE, 2 * sizeof (gint64));
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "SELECT start, end FROM waiting WHERE ticket_id = ? ORDER BY start");

  hd_bind_text (stmt, 1, ticket_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 pair[2] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (intervals, pair);
    }
  sqlite3_reset (stmt);
  return intervals;
}

gint64
hd_server_store_count_open (HdServerStore *self,
                            const char    *assignee)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "SELECT n FROM open_load WHERE assignee = ?");
  gint64 n;

  hd_bind_text (stmt, 1, assignee);
  n = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return n;
}

/* Tickets the sweep must look at now, the most overdue first. */
GPtrArray *
hd_server_store_list_due (HdServerStore *self,
                          gint64         now,
                          guint          limit)
{
  GPtrArray *tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_server_ticket_free);
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "SELECT " TICKET_COLUMNS " FROM tickets"
                                      " WHERE next_check_at <= ? ORDER BY next_check_at LIMIT ?");

  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tickets, read_ticket (stmt));
  sqlite3_reset (stmt);
  return tickets;
}

/* Bookkeeping only: not a change clients see, so no new sequence number. */
gboolean
hd_server_store_set_next_check (HdServerStore  *self,
                                const char     *id,
                                gint64          next_check_at,
                                GError        **error)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "UPDATE tickets SET next_check_at = ? WHERE id = ?");

  hd_bind_instant (stmt, 1, next_check_at);
  hd_bind_text (stmt, 2, id);
  return hd_database_run (self->db, stmt, error);
}

/* Changes after @after, oldest first, at most @limit tickets and comments
 * together: only those submitted by @submitted_by (and their public
 * comments) unless it is NULL. Tickets are returned, comments appended to
 * @comments; *last_seq is the cursor to continue from. */
GPtrArray *
hd_server_store_list_changes (HdServerStore *self,
                              gint64         after,
                              guint          limit,
                              const char    *submitted_by,
                              GPtrArray     *comments,
                              gint64        *last_seq,
                              gboolean      *more)
{
  GPtrArray *tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_server_ticket_free);
  sqlite3_stmt *ts, *cs;
  int t_row, c_row;
  guint taken = 0;

  ts = hd_database_prepare (self->db, submitted_by == NULL
                ? "SELECT " TICKET_COLUMNS " FROM tickets WHERE seq > ? ORDER BY seq LIMIT ?"
                : "SELECT " TICKET_COLUMNS " FROM tickets WHERE seq > ?1 AND submitted_by = ?3"
                  " ORDER BY seq LIMIT ?2");
  cs = hd_database_prepare (self->db, submitted_by == NULL
                ? "SELECT " COMMENT_COLUMNS ", seq FROM comments WHERE seq > ? ORDER BY seq LIMIT ?"
                : "SELECT c.id, c.ticket_id, c.author, c.body, c.internal, c.created_at, c.seq"
                  " FROM comments c JOIN tickets t ON t.id = c.ticket_id"
                  " WHERE c.seq > ?1 AND c.internal = 0 AND t.submitted_by = ?3 ORDER BY c.seq LIMIT ?2");
  for (guint s = 0; s < 2; s++)
    {
      sqlite3_stmt *stmt = s == 0 ? ts : cs;

      sqlite3_bind_int64 (stmt, 1, after);
      sqlite3_bind_int64 (stmt, 2, (gint64) limit + 1);
      if (submitted_by != NULL)
        hd_bind_text (stmt, 3, submitted_by);
    }

  *last_seq = after;
  t_row = sqlite3_step (ts);
  c_row = sqlite3_step (cs);
  while (taken < limit && (t_row == SQLITE_ROW || c_row == SQLITE_ROW))
    {
      gint64 t_seq = t_row == SQLITE_ROW ? sqlite3_column_int64 (ts, 30) : G_MAXINT64;
      gint64 c_seq = c_row == SQLITE_ROW ? sqlite3_column_int64 (cs, 6) : G_MAXINT64;

      if (t_seq < c_seq)
        {
          g_ptr_array_add (tickets, read_ticket (ts));
          *last_seq = t_seq;
          t_row = sqlite3_step (ts);
        }
      else
        {
          g_ptr_array_add (comments, read_comment (cs));
          *last_seq = c_seq;
          c_row = sqlite3_step (cs);
        }
      taken++;
    }
  *more = t_row == SQLITE_ROW || c_row == SQLITE_ROW;
  /* Nothing more is visible up to the last change: skip what was not. */
  if (!*more)
    *last_seq = MAX (*last_seq, self->seq);
  sqlite3_reset (ts);
  sqlite3_reset (cs);
  return tickets;
}

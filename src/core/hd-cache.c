/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cache"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "hd-cache-private.h"
#include "hd-cache-query-private.h"
#include "hd-database.h"
#include "hd-json.h"
#include "hd-time.h"


G_DEFINE_FINAL_TYPE (HdCache, hd_cache, G_TYPE_OBJECT)

static const char * const queue_ids[] = {
  "mine", "unassigned", "open", "due-soon", "breached", "waiting", "submitted", "closed", "all",
};

/* The statuses in the workflow's order, as HdStatus has them. */
#define WORKFLOW_ORDER(status) \
  "CASE " status " WHEN 'new' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'in-progress' THEN 2 WHEN 'waiting' THEN 3" \
  " WHEN 'resolved' THEN 4 ELSE 5 END"

/* Numbered migrations: N brings user_version from N-1 to N. */
static const char * const migrations[] = {
  /* 1 */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE tickets ("
  "  id TEXT PRIMARY KEY, number INTEGER NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL,"
  "  subject TEXT NOT NULL, status TEXT NOT NULL, is_open INTEGER NOT NULL, priority INTEGER NOT NULL,"
  "  assignee TEXT, submitted_by TEXT NOT NULL, next_due_at INTEGER, updated_at INTEGER NOT NULL,"
  "  pending INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX tickets_by_number ON tickets (number);"
  "CREATE INDEX tickets_open_by_assignee ON tickets (is_open, assignee, priority, next_due_at);"
  "CREATE INDEX tickets_open_by_due ON tickets (is_open, next_due_at);"
  "CREATE INDEX tickets_by_status ON tickets (status, updated_at);"
  "CREATE INDEX tickets_by_submitter ON tickets (submitted_by, updated_at);"
  "CREATE TABLE comments ("
  "  id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, json TEXT NOT NULL, body TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL, pending INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX comments_by_ticket ON comments (ticket_id, created_at);"
  "CREATE VIRTUAL TABLE tickets_fts USING fts5 (number, subject, description, requester, comments,"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, ticket_id TEXT NOT NULL,"
  "  body TEXT NOT NULL, created_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT);",

  /* 2: changes to existing tickets wait with the version they were made
   * on and the values they replaced, to merge with what others changed;
   * what cannot be merged waits in conflicts for the user */
  "ALTER TABLE outbox ADD COLUMN if_match TEXT;"
  "ALTER TABLE outbox ADD COLUMN base TEXT;"
  "CREATE TABLE conflicts ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, ticket_id TEXT NOT NULL, field TEXT NOT NULL,"
  "  mine TEXT, theirs TEXT, created_at INTEGER NOT NULL);",

  /* 3: tickets whose search entry is out of date, indexed a page at a
   * time instead of a row at a time */
  "CREATE TABLE fts_dirty (id TEXT PRIMARY KEY) WITHOUT ROWID;",

  /* 4: all a queue's row shows, in columns, so that listing every ticket
   * in any order reads no JSON */
  "ALTER TABLE tickets ADD COLUMN requester_name TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE tickets ADD COLUMN location TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE tickets ADD COLUMN topic TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE tickets ADD COLUMN created_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN response_due_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN resolution_due_at INTEGER;"
  "UPDATE tickets SET requester_name = coalesce (json_extract (json, '$.requester.name'), ''),"
  "  location = coalesce (json_extract (json, '$.location'), ''),"
  "  topic = coalesce (json_extract (json, '$.topic'), ''),"
  "  created_at = unixepoch (json_extract (json, '$.created_at')),"
  "  response_due_at = unixepoch (json_extract (json, '$.response_due_at')),"
  "  resolution_due_at = unixepoch (json_extract (json, '$.resolution_due_at'));"
  /* a list of every ticket reads its rows from this index, a seventh of
   * the table's size (the table holds the JSON), where it once read the
   * table; it leads with what the queues ask for, as the index it
   * replaces did */
  "DROP INDEX tickets_open_by_assignee;"
  "CREATE INDEX tickets_rows ON tickets (is_open, assignee, status, submitted_by, next_due_at, priority, number,"
  "  id, subject, requester_name, location, topic, response_due_at, resolution_due_at, created_at, updated_at,"
  "  pending);"
  /* each order (see sort_terms()), walked in 7 ms over 100,000 tickets
   * where SQLite's sorter took 35 ms (numbers) to 140 ms (text) */
  "CREATE INDEX tickets_by_due ON tickets (is_open DESC, priority, next_due_at IS NULL, next_due_at, number DESC);"
  "CREATE INDEX tickets_by_priority ON tickets (priority, number);"
  "CREATE INDEX tickets_by_subject ON tickets (subject COLLATE NOCASE, number);"
  "CREATE INDEX tickets_by_requester ON tickets (requester_name COLLATE NOCASE, number);"
  "CREATE INDEX tickets_by_location ON tickets (location COLLATE NOCASE, number);"
  "CREATE INDEX tickets_by_topic ON tickets (topic COLLATE NOCASE, number);"
  "CREATE INDEX tickets_by_assignee ON tickets (assignee COLLATE NOCASE, number);"
  "CREATE INDEX tickets_by_workflow ON tickets (" WORKFLOW_ORDER ("status") ", number, status);"
  "CREATE INDEX tickets_by_updated ON tickets (updated_at, number);",

  /* 5: what the alert rules told (hd-cache-alerts.c), once per ticket,
   * kind and key (the deadline, the escalation level); told is 0 for
   * remembered only, 1 alone, 2 in a summary. A priority raised to
   * critical here is one's own change: remembered as told when queued */
  "CREATE TABLE alerts (ticket_id TEXT NOT NULL, kind TEXT NOT NULL, key INTEGER NOT NULL,"
  "  told INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (ticket_id, kind, key)) WITHOUT ROWID;"
  "CREATE TRIGGER alerts_own_critical AFTER INSERT ON outbox"
  " WHEN NEW.kind = 'patch' AND json_valid (NEW.body) AND json_extract (NEW.body, '$.priority') = 'critical'"
  " BEGIN INSERT OR IGNORE INTO alerts (ticket_id, kind, key, told, at)"
  "  VALUES (NEW.ticket_id, 'critical', 0, 0, unixepoch ()); END;",

  /* 6: what reports count (hd-cache-report.c), kept as tickets are
   * written: the local dates of creation, resolution, survey and
   * escalations and the business times in the plan's calendar (the plan
   * named by report_stamp; NULL until a report or a plan in meta gives
   * one), targets met (1), missed (0) or not settled (NULL), the survey;
   * what a walk of the created tickets reads of those, packed in
   * report_flags; the topic, location and assignee as numbers of
   * report_names. The index every report walks is so a quarter of the
   * size it would be */
  "CREATE TABLE report_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
  "ALTER TABLE tickets ADD COLUMN topic_id INTEGER;"
  "ALTER TABLE tickets ADD COLUMN location_id INTEGER;"
  "ALTER TABLE tickets ADD COLUMN assignee_id INTEGER;"
  "ALTER TABLE tickets ADD COLUMN first_response_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN resolved_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE tickets ADD COLUMN survey_rating INTEGER;"
  "ALTER TABLE tickets ADD COLUMN survey_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN survey_comment TEXT;"
  "ALTER TABLE tickets ADD COLUMN created_day INTEGER;"
  "ALTER TABLE tickets ADD COLUMN resolved_day INTEGER;"
  "ALTER TABLE tickets ADD COLUMN response_met INTEGER;"
  "ALTER TABLE tickets ADD COLUMN resolution_met INTEGER;"
  "ALTER TABLE tickets ADD COLUMN response_time INTEGER;"
  "ALTER TABLE tickets ADD COLUMN resolution_time INTEGER;"
  "ALTER TABLE tickets ADD COLUMN survey_day INTEGER;"
  "ALTER TABLE tickets ADD COLUMN response_escalation_day INTEGER;"
  "ALTER TABLE tickets ADD COLUMN resolution_escalation_day INTEGER;"
  "ALTER TABLE tickets ADD COLUMN other_escalation_day INTEGER;"
  "ALTER TABLE tickets ADD COLUMN other_escalations INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE tickets ADD COLUMN report_flags INTEGER;"
  "ALTER TABLE tickets ADD COLUMN report_stamp INTEGER;"
  "INSERT OR IGNORE INTO report_names (name) SELECT topic FROM tickets UNION SELECT location FROM tickets"
  "  UNION SELECT assignee FROM tickets WHERE assignee IS NOT NULL;"
  "UPDATE tickets SET topic_id = (SELECT id FROM report_names WHERE name = topic),"
  "  location_id = (SELECT id FROM report_names WHERE name = location),"
  "  assignee_id = (SELECT id FROM report_names WHERE name = assignee),"
  "  first_response_at = unixepoch (json_extract (json, '$.first_response_at')),"
  "  resolved_at = unixepoch (json_extract (json, '$.resolved_at')),"
  "  escalation_level = coalesce (json_extract (json, '$.escalation_level'), 0),"
  "  survey_rating = json_extract (json, '$.survey.rating'),"
  "  survey_at = unixepoch (json_extract (json, '$.survey.answered_at')),"
  "  survey_comment = json_extract (json, '$.survey.comment');"
  "CREATE INDEX tickets_report_created ON tickets (created_day, topic_id, location_id, assignee_id, report_flags,"
  "  response_time, resolution_time);"
  "CREATE INDEX tickets_report_resolved ON tickets (resolved_day, topic_id, location_id, assignee_id)"
  "  WHERE resolved_day IS NOT NULL;"
  "CREATE INDEX tickets_report_surveys ON tickets (survey_day, topic_id, location_id, assignee_id, survey_rating)"
  "  WHERE survey_day IS NOT NULL;"
  "CREATE INDEX tickets_report_low_ratings ON tickets (survey_day, topic, location, assignee, number, survey_rating,"
  "  survey_at, survey_comment) WHERE survey_rating <= 2;"
  "CREATE INDEX tickets_report_response_escalations ON tickets (response_escalation_day, topic_id, location_id,"
  "  assignee_id) WHERE response_escalation_day IS NOT NULL;"
  "CREATE INDEX tickets_report_resolution_escalations ON tickets (resolution_escalation_day, topic_id, location_id,"
  "  assignee_id) WHERE resolution_escalation_day IS NOT NULL;"
  "CREATE INDEX tickets_report_other_escalations ON tickets (other_escalation_day, topic_id, location_id,"
  "  assignee_id, other_escalations) WHERE other_escalation_day IS NOT NULL;"
  "CREATE INDEX tickets_report_open ON tickets (is_open, created_day, topic, location, assignee, priority,"
  "  created_at, next_due_at, response_due_at, resolution_due_at, first_response_at) WHERE is_open = 1;"
  "CREATE INDEX tickets_report_stamp ON tickets (report_stamp);",

  /* 7: words' first letters indexed as terms of their own, so that the
   * first letter typed in a search reads one list instead of merging
   * those of every word it begins (over 100,000 tickets, "p" in a queue:
   * 60 ms -> 13 ms; the index is 16 MB larger and a first sync spends
   * about 0.8 s more on it); a cache with tickets has its index rebuilt
   * at the next search */
  "DROP TABLE tickets_fts;"
  "CREATE VIRTUAL TABLE tickets_fts USING fts5 (number, subject, description, requester, comments,"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '1');"
  "INSERT OR REPLACE INTO meta (key, value) SELECT 'search-stale', '1' WHERE EXISTS (SELECT 1 FROM tickets);",

  /* 8: tickets and comments in columns only: the copy of each as JSON
   * made the cache a third larger, and a first sync wrote, and waited
   * for the disk to take, all of it twice */
  "ALTER TABLE tickets ADD COLUMN description TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE tickets ADD COLUMN requester_email TEXT;"
  "ALTER TABLE tickets ADD COLUMN requester_phone TEXT;"
  "ALTER TABLE tickets ADD COLUMN channel TEXT NOT NULL DEFAULT 'form';"
  "ALTER TABLE tickets ADD COLUMN scope TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE tickets ADD COLUMN effect TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE tickets ADD COLUMN priority_reason TEXT;"
  "ALTER TABLE tickets ADD COLUMN acknowledged_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN closed_at INTEGER;"
  "UPDATE tickets SET description = coalesce (json_extract (json, '$.description'), ''),"
  "  requester_email = json_extract (json, '$.requester.email'),"
  "  requester_phone = json_extract (json, '$.requester.phone'),"
  "  channel = coalesce (json_extract (json, '$.channel'), 'form'),"
  "  scope = coalesce (json_extract (json, '$.scope'), ''),"
  "  effect = coalesce (json_extract (json, '$.effect'), ''),"
  "  priority_reason = json_extract (json, '$.priority_reason'),"
  "  acknowledged_at = unixepoch (json_extract (json, '$.acknowledged_at')),"
  "  closed_at = unixepoch (json_extract (json, '$.closed_at'));"
  "ALTER TABLE tickets DROP COLUMN json;"
  "ALTER TABLE comments ADD COLUMN author TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE comments ADD COLUMN internal INTEGER NOT NULL DEFAULT 0;"
  "UPDATE comments SET author = coalesce (json_extract (json, '$.author'), ''),"
  "  internal = coalesce (json_extract (json, '$.internal'), 0);"
  "ALTER TABLE comments DROP COLUMN json;",
};


enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
emit_changed (gpointer user_data)
{
  HdCache *self = user_data;

  g_rec_mutex_lock (&self->lock);
  g_clear_pointer (&self->changed, g_source_unref);
  g_rec_mutex_unlock (&self->lock);
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/* A generation no cache of this process had: summaries read from one
 * cache are never taken as current by another (an account signed in
 * after another's). */
guint64
_hd_cache_new_generation (void)
{
  static guint64 last;
  G_LOCK_DEFINE_STATIC (last);
  guint64 generation;

  G_LOCK (last);
  generation = ++last;
  G_UNLOCK (last);
  return generation;
}

/* After a commit, from any thread: one "changed" for a burst of them. */
void
_hd_cache_changed (HdCache *self)
{
  HD_CACHE_LOCKED (self);

  self->generation = _hd_cache_new_generation ();
  if (self->changed != NULL)
    return;
  self->changed = g_idle_source_new ();
  g_source_set_priority (self->changed, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->changed, emit_changed, g_object_ref (self), g_object_unref);
  g_source_set_static_name (self->changed, "[hd-cache] changed");
  g_source_attach (self->changed, self->owner);
}

gboolean
_hd_cache_commit (HdCache  *self,
                  GError  **error)
{
  if (!hd_database_exec (self->db, "COMMIT", error))
    return FALSE;
  _hd_cache_changed (self);
  return TRUE;
}

static void
hd_cache_finalize (GObject *object)
{
  HdCache *self = (HdCache *) object;

  g_clear_pointer (&self->db, hd_database_free);
  g_clear_pointer (&self->owner, g_main_context_unref);
  g_clear_object (&self->report_plan);
  g_clear_pointer (&self->report_names, g_hash_table_unref);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (hd_cache_parent_class)->finalize (object);
}

static void
hd_cache_class_init (HdCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hd_cache_finalize;

  /**
   * HdCache::changed:
   *
   * Something was written: views read again. Emitted on the main context
   * of the thread that opened the cache, whichever thread wrote.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hd_cache_init (HdCache *self)
{
  g_rec_mutex_init (&self->lock);
  self->owner = g_main_context_ref_thread_default ();
  self->generation = _hd_cache_new_generation ();
}

const char *
hd_queue_to_string (HdQueue queue)
{
  g_return_val_if_fail (queue <= HD_QUEUE_ALL, NULL);
  return queue_ids[queue];
}

gboolean
hd_queue_from_string (const char *text,
                      HdQueue    *queue)
{
  for (guint i = 0; i < G_N_ELEMENTS (queue_ids); i++)
    if (g_str_equal (text, queue_ids[i]))
      {
        *queue = i;
        return TRUE;
      }
  return FALSE;
}

void
hd_cached_ticket_free (HdCachedTicket *ticket)
{
  if (ticket == NULL)
    return;
  hd_ticket_free (ticket->ticket);
  g_free (ticket);
}

/* $XDG_DATA_HOME/helpdesk/HOST_PORT-USER.db: one cache per server and
 * account, so signing in elsewhere never mixes two districts' tickets. */
char *
hd_cache_path_for (const char *server,
                   const char *username)
{
  g_autoptr(GUri) uri = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);
  g_autofree char *name = NULL;

  g_return_val_if_fail (server != NULL && username != NULL, NULL);

  name = g_strdup_printf ("%s_%d-%s.db", uri != NULL && g_uri_get_host (uri) ? g_uri_get_host (uri) : "server",
                          uri != NULL ? g_uri_get_port (uri) : 0, username);
  g_strdelimit (name, "/\\:", '_');
  return g_build_filename (g_get_user_data_dir (), "helpdesk", name, NULL);
}

HdCache *
hd_cache_open (const char  *path,
               GError     **error)
{
  g_autoptr(HdCache) self = g_object_new (HD_TYPE_CACHE, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_return_val_if_fail (path != NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("cannot create %s: %s"),
                   dir, g_strerror (saved));
      return NULL;
    }
  self->db = hd_database_open (path, _("the local cache"),
                               "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
                               " PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 2048;"
                               " PRAGMA journal_size_limit = 67108864;",
                               migrations, G_N_ELEMENTS (migrations), error);
  if (self->db == NULL)
    return NULL;
  /* it holds staff and student information: for the user alone */
  g_chmod (path, 0600);
  return g_steal_pointer (&self);
}

char *
hd_cache_get_meta (HdCache    *self,
                   const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (HD_IS_CACHE (self), NULL);
  HD_CACHE_LOCKED (self);

  stmt = hd_database_prepare (self->db, "SELECT value FROM meta WHERE key = ?");
  hd_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = hd_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static gboolean
put_meta (HdCache     *self,
          const char  *key,
          const char  *value,
          GError     **error)
{
  sqlite3_stmt *stmt = value != NULL
                       ? hd_database_prepare (self->db, "INSERT INTO meta (key, value) VALUES (?, ?)"
                                        " ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                       : hd_database_prepare (self->db, "DELETE FROM meta WHERE key = ?");

  hd_bind_text (stmt, 1, key);
  if (value != NULL)
    hd_bind_text (stmt, 2, value);
  return hd_database_run (self->db, stmt, error);
}

gboolean
hd_cache_set_meta (HdCache     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  HD_CACHE_LOCKED (self);
  return put_meta (self, key, value, error);
}

/* When the ticket next needs someone: its first response while none was
 * given, then its resolution; NULL when closed, resolved or waiting. */
static gint64
next_due (const HdTicket *t)
{
  if (!hd_status_is_open (t->status) || t->status == HD_STATUS_WAITING)
    return -1;
  if (t->first_response_at < 0 && t->response_due_at >= 0)
    return t->response_due_at;
  return t->resolution_due_at;
}

/* Marks @id for the search index; reindex_dirty() brings it up to date
 * within the same transaction. */
static gboolean
mark_dirty (HdCache     *self,
            const char  *id,
            GError     **error)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "INSERT OR IGNORE INTO fts_dirty (id) VALUES (?)");

  hd_bind_text (stmt, 1, id);
  return hd_database_run (self->db, stmt, error);
}

static gboolean
reindex (HdCache     *self,
         const char  *id,
         GError     **error)
{
  if (self->batch_indexing)
    return TRUE;
  return mark_dirty (self, id, error);
}

/* One pass over every ticket marked: a page of a thousand costs a few
 * set operations instead of thousands of statements. */
gboolean
_hd_cache_reindex_dirty (HdCache  *self,
               GError  **error)
{
  return hd_database_exec (self->db,
      "DELETE FROM tickets_fts WHERE rowid IN (SELECT rowid FROM tickets WHERE id IN (SELECT id FROM fts_dirty));"
      "INSERT INTO tickets_fts (rowid, number, subject, description, requester, comments)"
      " SELECT t.rowid, t.number, t.subject, t.description,"
      "  t.requester_name || ' ' || coalesce (t.requester_email, ''), c.bodies"
      " FROM fts_dirty d CROSS JOIN tickets t ON t.id = d.id"
      " LEFT JOIN (SELECT ticket_id, group_concat (body, ' ') AS bodies FROM comments"
      "            WHERE ticket_id IN (SELECT id FROM fts_dirty) GROUP BY ticket_id) c ON c.ticket_id = t.id;"
      "DELETE FROM fts_dirty;", error);
}

/* A row of HD_CACHE_TICKET_ROW's columns from @first on. The cache
 * writes only tickets that were checked; what is not known reads as
 * the default (a channel of a later version, say). */
HdCachedTicket *
_hd_cache_read_ticket (sqlite3_stmt *stmt,
                       int           first)
{
  HdCachedTicket *cached = g_new0 (HdCachedTicket, 1);
  HdTicket *t = hd_ticket_new ();
  const char *status = (const char *) sqlite3_column_text (stmt, first + 16);
  const char *channel = (const char *) sqlite3_column_text (stmt, first + 9);
  int priority = sqlite3_column_int (stmt, first + 14);

  cached->ticket = t;
  t->id = hd_column_text (stmt, first);
  t->number = sqlite3_column_int64 (stmt, first + 1);
  t->version = sqlite3_column_int64 (stmt, first + 2);
  t->subject = hd_column_text (stmt, first + 3);
  t->description = hd_column_text (stmt, first + 4);
  t->requester_name = hd_column_text (stmt, first + 5);
  t->requester_email = hd_column_text (stmt, first + 6);
  t->requester_phone = hd_column_text (stmt, first + 7);
  t->submitted_by = hd_column_text (stmt, first + 8);
  if (channel == NULL || !hd_channel_from_string (channel, &t->channel))
    t->channel = HD_CHANNEL_FORM;
  t->location = hd_column_text (stmt, first + 10);
  t->topic = hd_column_text (stmt, first + 11);
  t->scope = hd_column_text (stmt, first + 12);
  t->effect = hd_column_text (stmt, first + 13);
  t->priority = priority >= HD_PRIORITY_CRITICAL && priority <= HD_PRIORITY_NORMAL ? priority : HD_PRIORITY_NORMAL;
  t->priority_reason = hd_column_text (stmt, first + 15);
  if (status == NULL || !hd_status_from_string (status, &t->status))
    t->status = HD_STATUS_NEW;
  t->assignee = hd_column_text (stmt, first + 17);
  t->escalation_level = sqlite3_column_int (stmt, first + 18);
  t->created_at = hd_column_instant (stmt, first + 19);
  t->updated_at = hd_column_instant (stmt, first + 20);
  t->acknowledged_at = hd_column_instant (stmt, first + 21);
  t->first_response_at = hd_column_instant (stmt, first + 22);
  t->resolved_at = hd_column_instant (stmt, first + 23);
  t->closed_at = hd_column_instant (stmt, first + 24);
  t->response_due_at = hd_column_instant (stmt, first + 25);
  t->resolution_due_at = hd_column_instant (stmt, first + 26);
  t->survey_rating = sqlite3_column_int (stmt, first + 27);
  t->survey_comment = hd_column_text (stmt, first + 28);
  t->survey_at = hd_column_instant (stmt, first + 29);
  cached->pending = sqlite3_column_int (stmt, first + 30);
  return cached;
}

gboolean
_hd_cache_put_ticket (HdCache         *self,
                      const HdTicket  *t,
                      gboolean         pending,
                      GError         **error)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db,
      "INSERT INTO tickets (id, number, version, description, subject, status, is_open, priority, assignee,"
      " submitted_by, next_due_at, updated_at, pending, requester_name, location, topic, created_at,"
      " response_due_at, resolution_due_at, requester_email, requester_phone, channel, scope, effect,"
      " priority_reason, acknowledged_at, closed_at, " HD_CACHE_REPORT_COLUMNS ")"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      HD_CACHE_REPORT_VALUES ")"
      " ON CONFLICT (id) DO UPDATE SET number = excluded.number, version = excluded.version,"
      " description = excluded.description, subject = excluded.subject, status = excluded.status,"
      " is_open = excluded.is_open, priority = excluded.priority, assignee = excluded.assignee,"
      " submitted_by = excluded.submitted_by, next_due_at = excluded.next_due_at,"
      " updated_at = excluded.updated_at, pending = excluded.pending,"
      " requester_name = excluded.requester_name, location = excluded.location, topic = excluded.topic,"
      " created_at = excluded.created_at, response_due_at = excluded.response_due_at,"
      " resolution_due_at = excluded.resolution_due_at, requester_email = excluded.requester_email,"
      " requester_phone = excluded.requester_phone, channel = excluded.channel, scope = excluded.scope,"
      " effect = excluded.effect, priority_reason = excluded.priority_reason,"
      " acknowledged_at = excluded.acknowledged_at, closed_at = excluded.closed_at, " HD_CACHE_REPORT_UPDATE);

  hd_bind_text (stmt, 1, t->id);
  sqlite3_bind_int64 (stmt, 2, t->number);
  sqlite3_bind_int64 (stmt, 3, t->version);
  hd_bind_text (stmt, 4, t->description != NULL ? t->description : "");
  hd_bind_text (stmt, 5, t->subject);
  hd_bind_text (stmt, 6, hd_status_to_string (t->status));
  sqlite3_bind_int (stmt, 7, hd_status_is_open (t->status));
  sqlite3_bind_int (stmt, 8, t->priority);
  hd_bind_text (stmt, 9, t->assignee);
  hd_bind_text (stmt, 10, t->submitted_by);
  hd_bind_instant (stmt, 11, next_due (t));
  sqlite3_bind_int64 (stmt, 12, t->updated_at);
  sqlite3_bind_int (stmt, 13, pending);
  hd_bind_text (stmt, 14, t->requester_name != NULL ? t->requester_name : "");
  hd_bind_text (stmt, 15, t->location != NULL ? t->location : "");
  hd_bind_text (stmt, 16, t->topic != NULL ? t->topic : "");
  hd_bind_instant (stmt, 17, t->created_at);
  hd_bind_instant (stmt, 18, t->response_due_at);
  hd_bind_instant (stmt, 19, t->resolution_due_at);
  hd_bind_text (stmt, 20, t->requester_email);
  hd_bind_text (stmt, 21, t->requester_phone);
  hd_bind_text (stmt, 22, hd_channel_to_string (t->channel));
  hd_bind_text (stmt, 23, t->scope != NULL ? t->scope : "");
  hd_bind_text (stmt, 24, t->effect != NULL ? t->effect : "");
  hd_bind_text (stmt, 25, t->priority_reason);
  hd_bind_instant (stmt, 26, t->acknowledged_at);
  hd_bind_instant (stmt, 27, t->closed_at);
  return _hd_cache_report_bind (self, t, stmt, 28, error) && hd_database_run (self->db, stmt, error) &&
         reindex (self, t->id, error);
}

gboolean
_hd_cache_put_comment (HdCache          *self,
                       const HdComment  *c,
                       GError          **error)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db,
      "INSERT INTO comments (id, ticket_id, author, internal, body, created_at, pending) VALUES (?, ?, ?, ?, ?, ?, 0)"
      " ON CONFLICT (id) DO UPDATE SET author = excluded.author, internal = excluded.internal,"
      " body = excluded.body, created_at = excluded.created_at, pending = 0");

  hd_bind_text (stmt, 1, c->id);
  hd_bind_text (stmt, 2, c->ticket_id);
  hd_bind_text (stmt, 3, c->author);
  sqlite3_bind_int (stmt, 4, c->internal);
  hd_bind_text (stmt, 5, c->body);
  sqlite3_bind_int64 (stmt, 6, c->created_at);
  return hd_database_run (self->db, stmt, error) && reindex (self, c->ticket_id, error);
}

/* -1: not in the cache; otherwise whether it waits for delivery. */
static int
lookup_pending (HdCache    *self,
                const char *id)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, "SELECT pending FROM tickets WHERE id = ?");
  int pending = -1;

  hd_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    pending = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return pending;
}

/* The search entries of a batch, set by set: tickets new to the cache
 * (rows after @last_ticket) are added; tickets changed, and older
 * tickets with new comments (rows after @last_comment), are redone.
 * Row by row, a first sync spent more time indexing than storing. */
static gboolean
index_batch (HdCache  *self,
             gint64    last_ticket,
             gint64    last_comment,
             GError  **error)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db,
      "INSERT OR IGNORE INTO fts_dirty (id) SELECT c.ticket_id FROM comments c"
      " WHERE c.rowid > ?1 AND (SELECT t.rowid FROM tickets t WHERE t.id = c.ticket_id) <= ?2");

  sqlite3_bind_int64 (stmt, 1, last_comment);
  sqlite3_bind_int64 (stmt, 2, last_ticket);
  if (!hd_database_run (self->db, stmt, error) || !_hd_cache_reindex_dirty (self, error))
    return FALSE;
  stmt = hd_database_prepare (self->db,
      "INSERT INTO tickets_fts (rowid, number, subject, description, requester, comments)"
      " SELECT t.rowid, t.number, t.subject, t.description,"
      "  t.requester_name || ' ' || coalesce (t.requester_email, ''),"
      "  (SELECT group_concat (body, ' ') FROM comments WHERE ticket_id = t.id)"
      " FROM tickets t WHERE t.rowid > ?");
  sqlite3_bind_int64 (stmt, 1, last_ticket);
  return hd_database_run (self->db, stmt, error);
}

gboolean
_hd_cache_delete_ticket (HdCache     *self,
                         const char  *id,
                         GError     **error)
{
  sqlite3_stmt *fts = hd_database_prepare (self->db, "DELETE FROM tickets_fts WHERE rowid = (SELECT rowid FROM tickets WHERE id = ?)");
  sqlite3_stmt *comments = hd_database_prepare (self->db, "DELETE FROM comments WHERE ticket_id = ?");
  sqlite3_stmt *ticket = hd_database_prepare (self->db, "DELETE FROM tickets WHERE id = ?");

  hd_bind_text (fts, 1, id);
  hd_bind_text (comments, 1, id);
  hd_bind_text (ticket, 1, id);
  return hd_database_run (self->db, fts, error) && hd_database_run (self->db, comments, error) &&
         hd_database_run (self->db, ticket, error);
}

/* A cache written by an older Help Desk may have its search index
 * waiting for a rebuild (it was built once after a first sync). */
static gboolean
search_is_stale (HdCache *self)
{
  g_autofree char *stale = hd_cache_get_meta (self, "search-stale");

  return stale != NULL;
}

/* Rebuilds the search index if an older Help Desk left it waiting. */
gboolean
hd_cache_refresh_search (HdCache  *self,
                         GError  **error)
{
  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  HD_CACHE_LOCKED (self);

  if (!search_is_stale (self))
    return TRUE;
  if (hd_database_exec (self->db,
      "BEGIN IMMEDIATE;"
      "DELETE FROM tickets_fts;"
      "INSERT INTO tickets_fts (rowid, number, subject, description, requester, comments)"
      " SELECT t.rowid, t.number, t.subject, t.description,"
      "  t.requester_name || ' ' || coalesce (t.requester_email, ''), c.bodies"
      " FROM tickets t LEFT JOIN (SELECT ticket_id, group_concat (body, ' ') AS bodies FROM comments"
      "                           GROUP BY ticket_id) c ON c.ticket_id = t.id;"
      "DELETE FROM fts_dirty;"
      "DELETE FROM meta WHERE key = 'search-stale';"
      "COMMIT;", error))
    {
      _hd_cache_changed (self);
      return TRUE;
    }
  hd_database_exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

/* Pages of /changes and the cursor after them, together or not at all.
 * A ticket changed here and not yet delivered keeps the local version;
 * its delivery brings the server's. */
gboolean
hd_cache_apply_changes (HdCache          *self,
                        const HdChanges  *changes,
                        GError          **error)
{
  gint64 last_ticket, last_comment;

  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  g_return_val_if_fail (changes != NULL && changes->cursor != NULL, FALSE);
  HD_CACHE_LOCKED (self);

  if (!hd_database_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  last_ticket = hd_database_query_int (self->db, "SELECT coalesce (max (rowid), 0) FROM tickets");
  last_comment = hd_database_query_int (self->db, "SELECT coalesce (max (rowid), 0) FROM comments");
  self->batch_indexing = TRUE;
  for (guint i = 0; i < changes->tickets->len; i++)
    {
      const HdTicket *t = g_ptr_array_index (changes->tickets, i);
      int pending = lookup_pending (self, t->id);

      if (pending == 1)
        continue;
      if (!_hd_cache_put_ticket (self, t, FALSE, error))
        goto failed;
      /* changed, or new in the row of one deleted: index_batch() would miss it */
      if ((pending == 0 || sqlite3_last_insert_rowid (hd_database_handle (self->db)) <= last_ticket) &&
          !mark_dirty (self, t->id, error))
        goto failed;
    }
  for (guint i = 0; i < changes->deleted->len; i++)
    if (!_hd_cache_delete_ticket (self, g_ptr_array_index (changes->deleted, i), error))
      goto failed;
  for (guint i = 0; i < changes->comments->len; i++)
    if (!_hd_cache_put_comment (self, g_ptr_array_index (changes->comments, i), error))
      goto failed;
  if (!put_meta (self, "cursor", changes->cursor, error) ||
      !index_batch (self, last_ticket, last_comment, error))
    goto failed;
  /* A page with nothing in it (a long poll that waited in vain) moves
   * the cursor alone, which nothing shown depends on: no "changed", or
   * every idle minute would recount the reports and relist the queue. */
  if (hd_changes_get_size (changes) == 0 ? !hd_database_exec (self->db, "COMMIT", error)
                                         : !_hd_cache_commit (self, error))
    goto failed;
  self->batch_indexing = FALSE;
  return TRUE;

failed:
  self->batch_indexing = FALSE;
  hd_database_exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

/* Before a full resync (the server no longer knows our cursor): drop
 * everything that came from the server, keep what waits in the outbox. */
gboolean
hd_cache_forget_synced (HdCache  *self,
                        GError  **error)
{
  g_return_val_if_fail (HD_IS_CACHE (self), FALSE);
  HD_CACHE_LOCKED (self);

  if (hd_database_exec (self->db, "BEGIN IMMEDIATE;"
                  "DELETE FROM tickets_fts WHERE rowid IN (SELECT rowid FROM tickets WHERE pending = 0);"
                  "DELETE FROM comments WHERE pending = 0;"
                  "DELETE FROM tickets WHERE pending = 0;"
                  "DELETE FROM meta WHERE key = 'cursor';"
                  "COMMIT;", error))
    {
      _hd_cache_changed (self);
      return TRUE;
    }
  hd_database_exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

/* By id, by number ("1042" or "HD-1042"). */
HdCachedTicket *
hd_cache_find_ticket (HdCache    *self,
                      const char *id_or_number)
{
  const char *digits = id_or_number;
  sqlite3_stmt *stmt;
  HdCachedTicket *ticket = NULL;
  guint64 number;

  g_return_val_if_fail (HD_IS_CACHE (self), NULL);
  g_return_val_if_fail (id_or_number != NULL, NULL);
  HD_CACHE_LOCKED (self);

  if (g_ascii_strncasecmp (digits, "HD-", 3) == 0)
    digits += 3;
  if (g_ascii_string_to_unsigned (digits, 10, 1, G_MAXINT64, &number, NULL))
    {
      stmt = hd_database_prepare (self->db, "SELECT " HD_CACHE_TICKET_ROW " FROM tickets t WHERE number = ?");
      sqlite3_bind_int64 (stmt, 1, number);
    }
  else
    {
      stmt = hd_database_prepare (self->db, "SELECT " HD_CACHE_TICKET_ROW " FROM tickets t WHERE id = ?");
      hd_bind_text (stmt, 1, id_or_number);
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    ticket = _hd_cache_read_ticket (stmt, 0);
  sqlite3_reset (stmt);
  return ticket;
}

GPtrArray *
hd_cache_list_comments (HdCache    *self,
                        const char *ticket_id)
{
  GPtrArray *comments = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_comment_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HD_IS_CACHE (self), NULL);
  HD_CACHE_LOCKED (self);

  stmt = hd_database_prepare (self->db, "SELECT id, ticket_id, author, body, internal, created_at FROM comments"
                              " WHERE ticket_id = ? ORDER BY created_at, rowid");
  hd_bind_text (stmt, 1, ticket_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      HdComment *comment = hd_comment_new ();

      comment->id = hd_column_text (stmt, 0);
      comment->ticket_id = hd_column_text (stmt, 1);
      comment->author = hd_column_text (stmt, 2);
      comment->body = hd_column_text (stmt, 3);
      comment->internal = sqlite3_column_int (stmt, 4);
      comment->created_at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (comments, comment);
    }
  sqlite3_reset (stmt);
  return comments;
}

/* "projector room 12" -> "projector"* "room"* "12"*: every word, as a
 * prefix, so that a search narrows as it is typed. NULL: no words. */
char *
_hd_cache_fts_query (const char *search)
{
  g_auto(GStrv) words = NULL;
  GString *query;

  if (search == NULL)
    return NULL;
  words = g_str_tokenize_and_fold (search, NULL, NULL);
  if (words[0] == NULL)
    return NULL;
  query = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *quoted = NULL;
      g_auto(GStrv) parts = g_strsplit (words[i], "\"", -1);

      quoted = g_strjoinv ("\"\"", parts);
      g_string_append_printf (query, "%s\"%s\"*", i > 0 ? " " : "", quoted);
    }
  return g_string_free (query, FALSE);
}

/* Whether every ticket @after finds is among those @before finds: each
 * word of @before but the last is a word of @after, in its place, and
 * @after's word there begins with the last (more letters or more words
 * typed on). A word's pieces ("wi-fi") are a phrase whose last piece is
 * a prefix: what typing on adds to a word only narrows it. */
gboolean
_hd_cache_search_narrows (const char *before,
                          const char *after)
{
  g_auto(GStrv) old_words = NULL;
  g_auto(GStrv) new_words = NULL;
  guint n;

  if (before == NULL || (old_words = g_str_tokenize_and_fold (before, NULL, NULL))[0] == NULL)
    return TRUE;
  if (after == NULL)
    return FALSE;
  new_words = g_str_tokenize_and_fold (after, NULL, NULL);
  n = g_strv_length (old_words);
  if (g_strv_length (new_words) < n)
    return FALSE;
  for (guint i = 0; i + 1 < n; i++)
    if (!g_str_equal (old_words[i], new_words[i]))
      return FALSE;
  return g_str_has_prefix (new_words[n - 1], old_words[n - 1]);
}

/* Whether tickets come into @queue and leave it as time passes, with no
 * change to them. */
gboolean
_hd_cache_queue_timed (HdQueue queue)
{
  return queue == HD_QUEUE_DUE_SOON || queue == HD_QUEUE_BREACHED;
}

/* Due soon: the next deadline within the priority's WarnBefore, counted
 * in business time (?4 to ?7: see _hd_cache_bind_queue()). */
const char *
_hd_cache_queue_where (HdQueue queue)
{
  switch (queue)
    {
    case HD_QUEUE_MINE: return "t.is_open = 1 AND t.assignee = ?2";
    case HD_QUEUE_UNASSIGNED: return "t.is_open = 1 AND t.assignee IS NULL";
    case HD_QUEUE_OPEN: return "t.is_open = 1";
    case HD_QUEUE_DUE_SOON:
      return "t.is_open = 1 AND t.next_due_at > ?3"
             " AND t.next_due_at < CASE t.priority WHEN 0 THEN ?4 WHEN 1 THEN ?5 WHEN 2 THEN ?6 ELSE ?7 END";
    case HD_QUEUE_BREACHED: return "t.is_open = 1 AND t.next_due_at <= ?3";
    case HD_QUEUE_WAITING: return "t.status = 'waiting'";
    case HD_QUEUE_SUBMITTED: return "t.submitted_by = ?2";
    case HD_QUEUE_CLOSED: return "t.is_open = 0";
    case HD_QUEUE_ALL: return "1";
    default: g_return_val_if_reached ("0");
    }
}

/* Each order ascending, term by term; descending turns every term round,
 * so that it is the exact reverse and the same index serves both. The
 * row id orders the tickets not numbered yet. */
static const char *
sort_terms (HdSortColumn sort)
{
  switch (sort)
    {
    case HD_SORT_DUE:
      return "t.is_open DESC, t.priority, t.next_due_at IS NULL, t.next_due_at, t.number DESC, t.rowid";
    case HD_SORT_NUMBER: return "t.number, t.rowid";
    case HD_SORT_PRIORITY: return "t.priority, t.number, t.rowid";
    case HD_SORT_SUBJECT: return "t.subject COLLATE NOCASE, t.number, t.rowid";
    case HD_SORT_REQUESTER: return "t.requester_name COLLATE NOCASE, t.number, t.rowid";
    case HD_SORT_LOCATION: return "t.location COLLATE NOCASE, t.number, t.rowid";
    case HD_SORT_TOPIC: return "t.topic COLLATE NOCASE, t.number, t.rowid";
    case HD_SORT_ASSIGNEE: return "t.assignee COLLATE NOCASE, t.number, t.rowid";
    case HD_SORT_STATUS:
      /* t.status changes nothing (the order already tells it) but that
       * the index holding it is read alone: SQLite 3.40 otherwise looks
       * up every row to work the order out again */
      return WORKFLOW_ORDER ("t.status") ", t.number, t.status, t.rowid";
    case HD_SORT_UPDATED: return "t.updated_at, t.number, t.rowid";
    default: g_return_val_if_reached ("t.rowid");
    }
}

char *
_hd_cache_order_by (HdSortColumn sort,
                    gboolean     descending)
{
  g_auto(GStrv) terms = g_strsplit (sort_terms (sort), ", ", -1);

  if (!descending)
    return g_strjoinv (", ", terms);
  for (guint i = 0; terms[i] != NULL; i++)
    {
      char *term = terms[i];

      if (g_str_has_suffix (term, " DESC"))
        term[strlen (term) - strlen (" DESC")] = '\0';
      else
        {
          terms[i] = g_strconcat (term, " DESC", NULL);
          g_free (term);
        }
    }
  return g_strjoinv (", ", terms);
}

/* SELECT @columns of the tickets of @queue matching @match (if not
 * NULL), in @order (if not NULL), the first @limit (0: all), its
 * parameters bound. */
sqlite3_stmt *
_hd_cache_prepare_queue (HdCache     *self,
                         const char  *columns,
                         HdQueue      queue,
                         const char  *match,
                         const char  *order,
                         guint        limit,
                         const char  *me,
                         HdPlan      *plan,
                         gint64       now,
                         GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  sqlite3_stmt *stmt = NULL;

  /* The search runs once, into a set of row ids the queue's tickets
   * are looked up in. A join (SQLite may then walk a queue's index and
   * run the search once per ticket: 6 s), or a join led by the search
   * (reading a row for each match, in the queue or not: 120 ms for "p"
   * where this takes 40 ms), is slower. */
  g_string_append (sql, columns);
  g_string_append (sql, " FROM tickets t WHERE ");
  if (match != NULL)
    g_string_append (sql, "t.rowid IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?1) AND ");
  g_string_append (sql, _hd_cache_queue_where (queue));
  if (order != NULL)
    g_string_append_printf (sql, " ORDER BY %s", order);
  if (limit > 0)
    g_string_append_printf (sql, " LIMIT %u", limit);
  if (sqlite3_prepare_v2 (hd_database_handle (self->db), sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      hd_database_fail (self->db, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  if (match != NULL)
    hd_bind_text (stmt, 1, match);
  _hd_cache_bind_queue (stmt, me, plan, now);
  return stmt;
}

/* A deadline is due soon while no more than the priority's WarnBefore of
 * business time is left: before the instant one second more would take.
 * Without a plan, none is. */
void
_hd_cache_bind_queue (sqlite3_stmt *stmt,
                      const char   *me,
                      HdPlan       *plan,
                      gint64        now)
{
  hd_bind_text (stmt, 2, me != NULL ? me : "");
  sqlite3_bind_int64 (stmt, 3, now);
  for (HdPriority p = 0; p < HD_N_PRIORITIES; p++)
    if (plan != NULL)
      sqlite3_bind_int64 (stmt, 4 + p, hd_calendar_add (hd_plan_get_calendar (plan), now,
                                                        hd_plan_get_priority (plan, p)->warn_before + 1));
    else
      sqlite3_bind_null (stmt, 4 + p);
}

/* A queue, most urgent first, or narrowed by a search, newest first. */
GPtrArray *
hd_cache_list (HdCache    *self,
               HdQueue     queue,
               const char *me,
               const char *search,
               HdPlan     *plan,
               gint64      now,
               guint       limit)
{
  GPtrArray *tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_cached_ticket_free);
  g_autofree char *match = _hd_cache_fts_query (search);
  g_autofree char *order = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HD_IS_CACHE (self), NULL);
  g_return_val_if_fail (queue != HD_QUEUE_DUE_SOON || HD_IS_PLAN (plan), NULL);
  HD_CACHE_LOCKED (self);

  if (match != NULL && !hd_cache_refresh_search (self, NULL))
    g_warning ("the search index could not be rebuilt");
  /* A queue comes most urgent first. A search comes newest first: the
   * table is walked backwards to the limit instead of sorting every
   * match. */
  order = match != NULL ? g_strdup ("t.rowid DESC") : _hd_cache_order_by (HD_SORT_DUE, FALSE);
  stmt = _hd_cache_prepare_queue (self, HD_CACHE_TICKET_ROW, queue, match, order, 0, me, plan, now, &error);
  if (stmt == NULL)
    {
      g_warning ("cannot list the queue: %s", error->message);
      return tickets;
    }
  while (tickets->len < limit && sqlite3_step (stmt) == SQLITE_ROW)
    {
      HdCachedTicket *cached = _hd_cache_read_ticket (stmt, 0);

      if (cached != NULL)
        g_ptr_array_add (tickets, cached);
    }
  sqlite3_finalize (stmt);
  return tickets;
}

gint64
hd_cache_count_tickets (HdCache *self)
{
  g_return_val_if_fail (HD_IS_CACHE (self), 0);
  HD_CACHE_LOCKED (self);
  return hd_database_query_int (self->db, "SELECT count(*) FROM tickets");
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-database"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "hd-database.h"
#include "hd-time.h"

struct _HdDatabase
{
  sqlite3    *db;
  char       *label;           /* "the local cache", "the database" */
  GHashTable *statements;      /* SQL text -> sqlite3_stmt */
};

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* The last failure as @message says it, but a full disk in plain words:
 * SQLite's "database or disk is full" leaves the person guessing. */
static void
set_failure (HdDatabase  *self,
             const char  *message,
             GError     **error)
{
  int code = sqlite3_errcode (self->db) & 0xff;

  if (code == SQLITE_FULL || (code == SQLITE_IOERR && sqlite3_system_errno (self->db) == ENOSPC))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                 _("%s could not be written: the disk is full (free some space, then try again)"), self->label);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s failed: %s"), self->label, message);
}

gboolean
hd_database_fail (HdDatabase  *self,
                  GError     **error)
{
  set_failure (self, sqlite3_errmsg (self->db), error);
  return FALSE;
}

gboolean
hd_database_exec (HdDatabase  *self,
                  const char  *sql,
                  GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;
  set_failure (self, message, error);
  sqlite3_free (message);
  return FALSE;
}

/* A cached statement, reset and with its bindings cleared. @sql must
 * outlive the database: a string literal. */
sqlite3_stmt *
hd_database_prepare (HdDatabase *self,
                     const char *sql)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        g_error ("cannot prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
      g_hash_table_insert (self->statements, (gpointer) sql, stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

/* Runs a statement that returns no rows. */
gboolean
hd_database_run (HdDatabase    *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;
  return hd_database_fail (self, error);
}

gint64
hd_database_query_int (HdDatabase *self,
                       const char *sql)
{
  sqlite3_stmt *stmt = hd_database_prepare (self, sql);
  gint64 value = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;

  sqlite3_reset (stmt);
  return value;
}

/* Migration N brings user_version from N-1 to N, in its own transaction. */
static gboolean
migrate (HdDatabase          *self,
         const char * const  *migrations,
         guint                n_migrations,
         GError             **error)
{
  gint64 version = hd_database_query_int (self, "PRAGMA user_version");

  if (version > (gint64) n_migrations)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s was written by a newer Help Desk (schema %ld)"), self->label, (long) version);
      return FALSE;
    }
  for (gint64 v = version; v < (gint64) n_migrations; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, v + 1);

      if (!hd_database_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!hd_database_exec (self, migrations[v], error) || !hd_database_exec (self, bump, error) ||
          !hd_database_exec (self, "COMMIT", error))
        {
          hd_database_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
    }
  return TRUE;
}

HdDatabase *
hd_database_open (const char          *path,
                  const char          *label,
                  const char          *pragmas,
                  const char * const  *migrations,
                  guint                n_migrations,
                  GError             **error)
{
  g_autoptr(HdDatabase) self = g_new0 (HdDatabase, 1);

  g_return_val_if_fail (path != NULL && label != NULL, NULL);

  self->label = g_strdup (label);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("cannot open %s (%s): %s"), label, path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  if (!hd_database_exec (self, pragmas, error) || !migrate (self, migrations, n_migrations, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
hd_database_free (HdDatabase *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->label);
  g_free (self);
}

sqlite3 *
hd_database_handle (HdDatabase *self)
{
  return self->db;
}

void
hd_bind_text (sqlite3_stmt *stmt,
              int           index,
              const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* -1 (and HD_TIME_NEVER) is NULL, as in HdTicket. */
void
hd_bind_instant (sqlite3_stmt *stmt,
                 int           index,
                 gint64        value)
{
  if (value >= 0 && value != HD_TIME_NEVER)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

char *
hd_column_text (sqlite3_stmt *stmt,
                int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

gint64
hd_column_instant (sqlite3_stmt *stmt,
                   int           index)
{
  return sqlite3_column_type (stmt, index) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, index);
}

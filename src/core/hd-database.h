/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* An SQLite connection as both the server's store and the client's cache
 * use one: opened with pragmas, brought up to date by numbered
 * migrations, with its statements prepared once and kept. Errors name
 * what the database is (@label), never the SQL. */

typedef struct _HdDatabase HdDatabase;

HdDatabase   *hd_database_open       (const char          *path,
                                      const char          *label,
                                      const char          *pragmas,
                                      const char * const  *migrations,
                                      guint                n_migrations,
                                      GError             **error);
void          hd_database_free       (HdDatabase          *self);
sqlite3      *hd_database_handle     (HdDatabase          *self);
gboolean      hd_database_exec       (HdDatabase          *self,
                                      const char          *sql,
                                      GError             **error);
sqlite3_stmt *hd_database_prepare    (HdDatabase          *self,
                                      const char          *sql);
gboolean      hd_database_run        (HdDatabase          *self,
                                      sqlite3_stmt        *stmt,
                                      GError             **error);
gint64        hd_database_query_int  (HdDatabase          *self,
                                      const char          *sql);
gboolean      hd_database_fail       (HdDatabase          *self,
                                      GError             **error);

void          hd_bind_text           (sqlite3_stmt        *stmt,
                                      int                  index,
                                      const char          *text);
void          hd_bind_instant        (sqlite3_stmt        *stmt,
                                      int                  index,
                                      gint64               value);
char         *hd_column_text         (sqlite3_stmt        *stmt,
                                      int                  index);
gint64        hd_column_instant      (sqlite3_stmt        *stmt,
                                      int                  index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdDatabase, hd_database_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hd-role.h"
#include "hd-ticket.h"

G_BEGIN_DECLS

/* The server's own SQLite database: users, tokens, tickets, comments,
 * their audit events, and the change sequence behind the /changes
 * cursor. One connection, used from the main loop only; every write the
 * server acknowledges is committed with synchronous=FULL first. */

typedef struct {
  char   *username;
  char   *name;
  char   *email;
  HdRole  role;
  char   *password_hash;
} HdServerUser;

/* A ticket with the server's bookkeeping beside it. */
typedef struct {
  HdTicket *ticket;
  gint64    seq;
  gint64    waiting_since;     /* -1 unless waiting */
  gboolean  response_escalated;
  gboolean  resolution_escalated;
  gboolean  deleted;
  gint64    next_check_at;     /* see _hd_rules_next_check(); 0: now */
} HdServerTicket;

typedef struct {
  gint64  at;
  char   *actor;
  char   *action;
  char   *field;
  char   *from;
  char   *to;
  char   *detail;
} HdServerEvent;

#define HD_TYPE_SERVER_STORE (hd_server_store_get_type ())

G_DECLARE_FINAL_TYPE (HdServerStore, hd_server_store, HD, SERVER_STORE, GObject)

void            hd_server_user_free               (HdServerUser   *user);
void            hd_server_ticket_free             (HdServerTicket *ticket);
void            hd_server_event_free              (HdServerEvent  *event);

HdServerStore  *hd_server_store_open              (const char     *path,
                                                   GError        **error);
const char     *hd_server_store_get_epoch         (HdServerStore  *self);
gboolean        hd_server_store_begin             (HdServerStore  *self,
                                                   GError        **error);
gboolean        hd_server_store_commit            (HdServerStore  *self,
                                                   GError        **error);
void            hd_server_store_rollback          (HdServerStore  *self);
gboolean        hd_server_store_savepoint         (HdServerStore  *self,
                                                   GError        **error);
gboolean        hd_server_store_release           (HdServerStore  *self,
                                                   GError        **error);
void            hd_server_store_rollback_to       (HdServerStore  *self);
gint64          hd_server_store_get_seq           (HdServerStore  *self);

gboolean        hd_server_store_add_user          (HdServerStore  *self,
                                                   const HdServerUser *user,
                                                   GError        **error);
HdServerUser   *hd_server_store_find_user         (HdServerStore  *self,
                                                   const char     *username);
GPtrArray      *hd_server_store_list_users        (HdServerStore  *self);
gboolean        hd_server_store_add_token         (HdServerStore  *self,
                                                   const guint8   *hash,
                                                   const char     *username,
                                                   gint64          now,
                                                   GError        **error);
char           *hd_server_store_find_token        (HdServerStore  *self,
                                                   const guint8   *hash);
gboolean        hd_server_store_delete_token      (HdServerStore  *self,
                                                   const guint8   *hash,
                                                   GError        **error);

gint64          hd_server_store_next_number       (HdServerStore  *self);
HdServerTicket *hd_server_store_get_ticket        (HdServerStore  *self,
                                                   const char     *id);
gboolean        hd_server_store_put_ticket        (HdServerStore  *self,
                                                   HdServerTicket *ticket,
                                                   GError        **error);
HdComment      *hd_server_store_get_comment       (HdServerStore  *self,
                                                   const char     *id);
gboolean        hd_server_store_add_comment       (HdServerStore  *self,
                                                   const HdComment *comment,
                                                   GError        **error);
GPtrArray      *hd_server_store_list_comments     (HdServerStore  *self,
                                                   const char     *ticket_id,
                                                   gboolean        internal_too);
gboolean        hd_server_store_add_event         (HdServerStore  *self,
                                                   const char     *ticket_id,
                                                   const HdServerEvent *event,
                                                   GError        **error);
GPtrArray      *hd_server_store_list_events       (HdServerStore  *self,
                                                   const char     *ticket_id);
gboolean        hd_server_store_add_waiting       (HdServerStore  *self,
                                                   const char     *ticket_id,
                                                   gint64          start,
                                                   gint64          end,
                                                   GError        **error);
GArray         *hd_server_store_list_waiting      (HdServerStore  *self,
                                                   const char     *ticket_id);
gint64          hd_server_store_count_open        (HdServerStore  *self,
                                                   const char     *assignee);
GPtrArray      *hd_server_store_list_due          (HdServerStore  *self,
                                                   gint64          now,
                                                   guint           limit);
gboolean        hd_server_store_set_next_check    (HdServerStore  *self,
                                                   const char     *id,
                                                   gint64          next_check_at,
                                                   GError        **error);
GPtrArray      *hd_server_store_list_changes      (HdServerStore  *self,
                                                   gint64          after,
                                                   guint           limit,
                                                   const char     *submitted_by,
                                                   GPtrArray      *comments,
                                                   gint64         *last_seq,
                                                   gboolean       *more);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdServerUser, hd_server_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdServerTicket, hd_server_ticket_free)

G_END_DECLS

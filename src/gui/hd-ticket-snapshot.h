/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-account.h"

G_BEGIN_DECLS

/* All the ticket pane shows of one ticket, read from the cache on a
 * worker thread (the cache must not be read on the main loop): the
 * ticket, its comments and which of them wait to be sent, its oldest
 * conflict, and what its requester may do now. */

typedef struct {
  HdTicket   *ticket;           /* NULL: the cache does not have it */
  char       *ticket_json;      /* to redraw only what changed */
  gboolean    pending;          /* changed here, not yet on the server */
  GPtrArray  *comments;         /* HdComment, oldest first */
  GHashTable *pending_comments; /* ids of comments not yet sent */
  char       *comments_key;     /* changes when the conversation does */
  HdConflict *conflict;         /* the oldest on this ticket, or NULL */
  char       *mine;             /* its values, out of their JSON */
  char       *theirs;
  guint       n_conflicts;
  gboolean    can_follow_up;
  gboolean    can_survey;
} HdTicketSnapshot;

void              hd_ticket_snapshot_free        (HdTicketSnapshot    *snapshot);
void              hd_ticket_snapshot_load_async  (HdAccount           *account,
                                                  const char          *ticket_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
HdTicketSnapshot *hd_ticket_snapshot_load_finish (GAsyncResult        *result,
                                                  GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdTicketSnapshot, hd_ticket_snapshot_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hd-ticket.h"

G_BEGIN_DECLS

/* Pages of the change feed, checked and decoded: built in a worker
 * while the next page is on its way, written by hd_cache_apply_changes()
 * with the cursor after the last page. */
typedef struct {
  GPtrArray *tickets;          /* HdTicket */
  GPtrArray *deleted;          /* ids */
  GPtrArray *comments;         /* HdComment */
  char      *cursor;
  gboolean   more;             /* the feed has more after this cursor */
} HdChanges;

HdChanges *hd_changes_new           (void);
HdChanges *hd_changes_new_from_page (JsonNode        *page,
                                     GError         **error);
gboolean   hd_changes_read_position (JsonNode        *page,
                                     char           **cursor,
                                     gboolean        *more,
                                     GError         **error);
void       hd_changes_add_ticket    (HdChanges       *self,
                                     HdTicket        *ticket);
void       hd_changes_add_comment   (HdChanges       *self,
                                     HdComment       *comment);
void       hd_changes_append        (HdChanges       *self,
                                     HdChanges       *later);
guint      hd_changes_get_size      (const HdChanges *self);
void       hd_changes_free          (HdChanges       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdChanges, hd_changes_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-cache.h"
#include "hd-database.h"

G_BEGIN_DECLS

/* Shared by hd-cache.c (the synced tickets, queues and search) and
 * hd-cache-outbox.c (what waits to be delivered, and conflicts). */

struct _HdCache
{
  GObject     parent_instance;

  HdDatabase *db;
  gboolean    bulk;            /* a first sync: the search index waits */
};

gboolean _hd_cache_put_ticket     (HdCache         *self,
                                   const HdTicket  *ticket,
                                   gboolean         pending,
                                   GError         **error);
gboolean _hd_cache_put_comment    (HdCache         *self,
                                   const HdComment *comment,
                                   GError         **error);
gboolean _hd_cache_delete_ticket  (HdCache         *self,
                                   const char      *id,
                                   GError         **error);
gboolean _hd_cache_reindex_dirty  (HdCache         *self,
                                   GError         **error);

G_END_DECLS

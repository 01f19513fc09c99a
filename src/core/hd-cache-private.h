/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-cache.h"
#include "hd-database.h"

G_BEGIN_DECLS

/* Shared by hd-cache.c (the synced tickets, queues and search) and
 * hd-cache-outbox.c (what waits to be delivered, and conflicts). */

struct _HdCache
{
  GObject       parent_instance;

  /* Any thread may call the cache (the sync engine writes from a worker,
   * the app reads from workers); one connection, one call at a time. */
  GRecMutex     lock;
  HdDatabase   *db;
  gboolean      batch_indexing; /* apply_changes() indexes set by set */

  /* "changed" is emitted on the context that opened the cache */
  GMainContext *owner;
  GSource      *changed;
};

#define HD_CACHE_LOCKED(self) \
  g_autoptr(GRecMutexLocker) G_PASTE (locker, __LINE__) G_GNUC_UNUSED = g_rec_mutex_locker_new (&(self)->lock)

gboolean _hd_cache_put_ticket     (HdCache         *self,
                                   const HdTicket  *ticket,
                                   const char      *json,
                                   gboolean         pending,
                                   GError         **error);
gboolean _hd_cache_put_comment    (HdCache         *self,
                                   const HdComment *comment,
                                   const char      *json,
                                   GError         **error);
gboolean _hd_cache_delete_ticket  (HdCache         *self,
                                   const char      *id,
                                   GError         **error);
void     _hd_cache_changed        (HdCache         *self);
gboolean _hd_cache_commit         (HdCache         *self,
                                   GError         **error);
gboolean _hd_cache_reindex_dirty  (HdCache         *self,
                                   GError         **error);

G_END_DECLS

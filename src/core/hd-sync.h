/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-cache.h"
#include "hd-client.h"

G_BEGIN_DECLS

/* Brings the cache and the server together: delivers the outbox in
 * order, then pulls the change feed page by page, each page with its
 * cursor in one transaction. Its properties say how things stand, for a
 * window to show. */

#define HD_TYPE_SYNC (hd_sync_get_type ())

G_DECLARE_FINAL_TYPE (HdSync, hd_sync, HD, SYNC, GObject)

HdSync     *hd_sync_new              (HdClient            *client,
                                      HdCache             *cache);
void        hd_sync_run_async        (HdSync              *self,
                                      guint                wait_seconds,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean    hd_sync_run_finish       (HdSync              *self,
                                      GAsyncResult        *result,
                                      GError             **error);
gboolean    hd_sync_run              (HdSync              *self,
                                      GError             **error);
void        hd_sync_start            (HdSync              *self);
void        hd_sync_stop             (HdSync              *self);
guint       hd_sync_get_pause        (HdSync              *self);
void        hd_sync_set_timeout      (HdSync              *self,
                                      guint                seconds);
gboolean    hd_sync_get_online       (HdSync              *self);
gboolean    hd_sync_get_syncing      (HdSync              *self);
guint       hd_sync_get_pending      (HdSync              *self);
gint64      hd_sync_get_last_sync    (HdSync              *self);
const char *hd_sync_get_last_error   (HdSync              *self);
gint64      hd_sync_get_retry_after  (HdSync              *self);
gint64      hd_sync_get_clock_offset (HdSync              *self);
char       *hd_sync_describe_clock_offset (gint64          offset);
gint64      hd_sync_now              (HdSync              *self);
gint64      hd_sync_server_time      (HdCache             *cache);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-cache.h"
#include "hd-client.h"

G_BEGIN_DECLS

/* The pulling half of a sync round (hd-sync-pull.c). */
void     _hd_sync_pull_async  (HdClient            *client,
                               HdCache             *cache,
                               guint                wait_seconds,
                               guint                timeout_seconds,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
gboolean _hd_sync_pull_finish (GAsyncResult        *result,
                               gint64              *retry_after,
                               GError             **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-account.h"

G_BEGIN_DECLS

/* The queues a role works from, each with its count, kept current as the
 * cache changes. "queue" is the selected queue's id (hd_queue_to_string). */

#define HD_TYPE_QUEUE_SIDEBAR (hd_queue_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (HdQueueSidebar, hd_queue_sidebar, HD, QUEUE_SIDEBAR, GtkWidget)

void        hd_queue_sidebar_set_account (HdQueueSidebar *self,
                                          HdAccount      *account);
const char *hd_queue_sidebar_get_queue   (HdQueueSidebar *self);
void        hd_queue_sidebar_set_queue   (HdQueueSidebar *self,
                                          const char     *queue);

G_END_DECLS

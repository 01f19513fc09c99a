/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-account.h"

G_BEGIN_DECLS

/* One queue's tickets in a column view, sorted and searched in SQL.
 * Properties: "account", "queue" (a queue id), "search" (text, may be
 * empty), "sort" (the id of a column, see hd_sort_column_to_string())
 * and "sort-descending", which a click on a column's header also sets.
 * Signal "ticket-activated" (the ticket's id) when a row is opened:
 * chosen by a click or the arrow keys, or activated. HELPDESK_PROFILE in
 * the environment times it (see hd-queue-profile.h). */

#define HD_TYPE_QUEUE_VIEW (hd_queue_view_get_type ())

G_DECLARE_FINAL_TYPE (HdQueueView, hd_queue_view, HD, QUEUE_VIEW, GtkWidget)

void hd_queue_view_set_account (HdQueueView *self,
                                HdAccount   *account);
void hd_queue_view_set_queue   (HdQueueView *self,
                                const char  *queue);
void hd_queue_view_set_search  (HdQueueView *self,
                                const char  *search);
void hd_queue_view_set_sort    (HdQueueView *self,
                                const char  *sort,
                                gboolean     descending);

G_END_DECLS

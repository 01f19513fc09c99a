/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-account.h"

G_BEGIN_DECLS

/* One queue's tickets in a column view, sorted and searched in SQL.
 * Properties: "account", "queue" (a queue id), "search" (text, may be
 * empty). Signal "ticket-activated" (the ticket's id) when a row is
 * opened: chosen by a click or the arrow keys, or activated.
 *
 * HELPDESK_PROFILE=1 in the environment prints to stderr how long rows
 * take to be drawn (first rows since the start, each search, sort and
 * queue since asked); HELPDESK_PROFILE=script also types a search,
 * sorts and changes queues by itself, prints the memory used and quits
 * (see tests/bench-gui.sh). */

#define HD_TYPE_QUEUE_VIEW (hd_queue_view_get_type ())

G_DECLARE_FINAL_TYPE (HdQueueView, hd_queue_view, HD, QUEUE_VIEW, GtkWidget)

void hd_queue_view_set_account (HdQueueView *self,
                                HdAccount   *account);
void hd_queue_view_set_queue   (HdQueueView *self,
                                const char  *queue);
void hd_queue_view_set_search  (HdQueueView *self,
                                const char  *search);

G_END_DECLS

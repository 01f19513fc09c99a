/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-ticket.h"

G_BEGIN_DECLS

/* One comment of a ticket's conversation: a public reply or an internal
 * note, which look different, with its author, its time, and whether it
 * is still waiting to be sent. */

#define HD_TYPE_COMMENT_ROW (hd_comment_row_get_type ())

G_DECLARE_FINAL_TYPE (HdCommentRow, hd_comment_row, HD, COMMENT_ROW, GtkWidget)

GtkWidget *hd_comment_row_new (const HdComment *comment,
                               const char      *author_name,
                               gboolean         pending,
                               gint64           now);

G_END_DECLS

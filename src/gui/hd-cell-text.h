/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One line of text in a cell of a long list, cut short with an ellipsis
 * (see hd-cell-text.c for why not a GtkLabel). Styled as a label (its CSS
 * name is "label") and read as one (its accessible name is its text). */

#define HD_TYPE_CELL_TEXT (hd_cell_text_get_type ())

G_DECLARE_FINAL_TYPE (HdCellText, hd_cell_text, HD, CELL_TEXT, GtkWidget)

GtkWidget  *hd_cell_text_new            (gboolean    ellipsize);
void        hd_cell_text_set_text       (HdCellText *self,
                                         const char *text);
const char *hd_cell_text_get_text       (HdCellText *self);
gboolean    hd_cell_text_is_ellipsized  (HdCellText *self);

G_END_DECLS

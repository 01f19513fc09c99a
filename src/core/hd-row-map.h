/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HdRowMap HdRowMap;

HdRowMap *hd_row_map_new    (gint64    max_rowid);
void      hd_row_map_free   (HdRowMap *map);
void      hd_row_map_insert (HdRowMap *map,
                             gint64    rowid,
                             gpointer  value);
gpointer  hd_row_map_lookup (HdRowMap *map,
                             gint64    rowid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdRowMap, hd_row_map_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-report-table.h"

G_BEGIN_DECLS

/* A document is laid out as blocks, each on one page at a height. */

typedef enum {
  HD_DOCUMENT_TEXT,
  HD_DOCUMENT_RULE,
  HD_DOCUMENT_CHART,
  HD_DOCUMENT_ROW,
} HdDocumentBlockKind;

typedef struct {
  PangoLayout *layout;
  double       x;
} HdDocumentCell;

typedef struct {
  HdDocumentBlockKind  kind;
  guint                page;
  double               y;
  double               height;
  PangoLayout         *text;     /* TEXT */
  double               grey;     /* TEXT: its colour, 0 black */
  HdReportTable       *table;    /* CHART */
  GArray              *cells;    /* ROW: HdDocumentCell */
  double               width;    /* ROW: the table's */
  gboolean             heading;  /* ROW: the column headings */
  gboolean             shaded;   /* ROW: every other one */
} HdDocumentBlock;

/* Where the next block goes: pages of @width by @height, from the top. */
typedef struct {
  PangoContext *context;
  GPtrArray    *blocks;
  double        width;
  double        height;
  guint         page;
  double        y;
} HdDocumentPager;

void _hd_document_block_free     (gpointer         data);
void _hd_document_pager_reserve  (HdDocumentPager *pager,
                                  double           height);
void _hd_document_pager_place    (HdDocumentPager *pager,
                                  HdDocumentBlock *block,
                                  double           gap);
void _hd_document_add_table      (HdDocumentPager *pager,
                                  HdReportTable   *table,
                                  double           gap);
void _hd_document_draw_row       (cairo_t         *cr,
                                  HdDocumentBlock *block);

G_END_DECLS

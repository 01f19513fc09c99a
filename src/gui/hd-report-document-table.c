/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report-document"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-report-document-private.h"

/* A report's table on paper: a line per row under bold column headings,
 * every other row shaded, figures to the right; headings wider than
 * their figures wrap, and a column of text (comments) takes the width
 * that is left. Points throughout. */

#define COLUMN_GAP   14.0
#define CELL_PAD      3.0
#define HEADING_MIN  64.0
#define TEXT_MIN     60.0

/* Column 0 holds the rows' labels; column c > 0 the table's c - 1. */
static gboolean
is_text (HdReportTable *table,
         guint          column)
{
  return column == 0 || hd_report_table_get_column_unit (table, column - 1) == HD_REPORT_UNIT_TEXT;
}

/* Row -1 is the headings. */
static char *
cell_text (HdReportTable *table,
           int            row,
           guint          column)
{
  if (row < 0)
    return g_strdup (column == 0 ? hd_report_table_get_row_heading (table)
                                 : hd_report_table_get_column_label (table, column - 1));
  if (column == 0)
    return g_strdup (hd_report_table_get_row_label (table, row));
  return hd_report_table_format_cell (table, row, column - 1);
}

static PangoLayout *
new_cell (PangoContext  *context,
          HdReportTable *table,
          int            row,
          guint          column)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  g_autofree char *text = cell_text (table, row, column);

  if (row < 0)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  else if (!is_text (table, column))
    pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
natural_width (PangoContext  *context,
               HdReportTable *table,
               int            row,
               guint          column)
{
  g_autoptr(PangoLayout) layout = new_cell (context, table, row, column);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static double
total_width (const double *widths,
             guint         n)
{
  double total = COLUMN_GAP * (n - 1);

  for (guint c = 0; c < n; c++)
    total += widths[c];
  return total;
}

/* Columns of text (c > 0) share @room: each as wide as it needs where
 * that is less than an even share, the wider ones splitting what is left
 * evenly. */
static void
share_text_columns (HdReportTable *table,
                    const double  *wanted,
                    double         room,
                    double        *widths)
{
  guint n = hd_report_table_get_n_columns (table) + 1, n_left = 0;
  gboolean settled = FALSE;

  for (guint c = 1; c < n; c++)
    if (is_text (table, c))
      {
        widths[c] = -1;
        n_left++;
      }
  while (!settled && n_left > 0)
    {
      settled = TRUE;
      for (guint c = 1; c < n; c++)
        if (widths[c] < 0 && wanted[c] <= room / n_left)
          {
            widths[c] = wanted[c];
            room -= wanted[c];
            n_left--;
            settled = FALSE;
          }
    }
  for (guint c = 1; c < n; c++)
    if (widths[c] < 0)
      widths[c] = room / n_left;
}

/* Each column as wide as its widest cell and heading, and narrower only
 * as far as it must to fit @available: headings wrap, then text wraps,
 * then, as a last resort, everything shrinks alike. */
static void
column_widths (PangoContext  *context,
               HdReportTable *table,
               double         available,
               double        *widths)
{
  guint n = hd_report_table_get_n_columns (table) + 1, n_text = 0;
  g_autofree double *cells = g_new0 (double, n);
  g_autofree double *headings = g_new0 (double, n);
  double room = available - COLUMN_GAP * (n - 1), total = 0;

  for (guint c = 0; c < n; c++)
    {
      headings[c] = natural_width (context, table, -1, c);
      for (guint r = 0; r < hd_report_table_get_n_rows (table); r++)
        cells[c] = MAX (cells[c], natural_width (context, table, r, c));
      widths[c] = MAX (cells[c], headings[c]);
    }
  if (total_width (widths, n) <= available)
    return;
  for (guint c = 0; c < n; c++)
    {
      widths[c] = MAX (cells[c], MIN (headings[c], HEADING_MIN));
      if (c > 0 && is_text (table, c))
        n_text++;
      else
        room -= widths[c];
    }
  if (total_width (widths, n) <= available)
    return;
  if (n_text > 0 && room >= n_text * TEXT_MIN)
    {
      g_autofree double *wanted = g_memdup2 (widths, n * sizeof (double));

      share_text_columns (table, wanted, room, widths);
      return;
    }
  for (guint c = 0; c < n; c++)
    total += widths[c];
  for (guint c = 0; c < n; c++)
    widths[c] *= (available - COLUMN_GAP * (n - 1)) / total;
}

static void
clear_cell (gpointer data)
{
  g_clear_object (&((HdDocumentCell *) data)->layout);
}

static HdDocumentBlock *
row_block (PangoContext  *context,
           HdReportTable *table,
           int            row,
           const double  *widths)
{
  HdDocumentBlock *block = g_new0 (HdDocumentBlock, 1);
  guint n = hd_report_table_get_n_columns (table) + 1;
  double x = 0, height = 0;

  block->kind = HD_DOCUMENT_ROW;
  block->heading = row < 0;
  block->shaded = row >= 0 && row % 2 == 1;
  block->cells = g_array_sized_new (FALSE, TRUE, sizeof (HdDocumentCell), n);
  g_array_set_clear_func (block->cells, clear_cell);
  for (guint c = 0; c < n; c++)
    {
      HdDocumentCell cell = { new_cell (context, table, row, c), x };
      int cell_height;

      pango_layout_set_width (cell.layout, (int) (widths[c] * PANGO_SCALE));
      pango_layout_set_wrap (cell.layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_alignment (cell.layout, is_text (table, c) ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
      pango_layout_get_pixel_size (cell.layout, NULL, &cell_height);
      height = MAX (height, cell_height);
      g_array_append_val (block->cells, cell);
      x += widths[c] + COLUMN_GAP;
    }
  block->width = x - COLUMN_GAP;
  block->height = height + 2 * CELL_PAD;
  return block;
}

/* "No tickets in this range", under the headings of an empty table. */
static HdDocumentBlock *
empty_block (PangoContext *context,
             double        width)
{
  HdDocumentBlock *block = g_new0 (HdDocumentBlock, 1);
  HdDocumentCell cell = { pango_layout_new (context), 0 };
  int height;

  pango_layout_set_text (cell.layout, _("No tickets in this range"), -1);
  pango_layout_get_pixel_size (cell.layout, NULL, &height);
  block->kind = HD_DOCUMENT_ROW;
  block->cells = g_array_new (FALSE, TRUE, sizeof (HdDocumentCell));
  g_array_set_clear_func (block->cells, clear_cell);
  g_array_append_val (block->cells, cell);
  block->width = width;
  block->height = height + 2 * CELL_PAD;
  return block;
}

void
_hd_document_block_free (gpointer data)
{
  HdDocumentBlock *block = data;

  g_clear_object (&block->text);
  g_clear_pointer (&block->table, hd_report_table_unref);
  g_clear_pointer (&block->cells, g_array_unref);
  g_free (block);
}

/* The table's rows after @gap, the headings again atop every page it
 * goes on to. */
void
_hd_document_add_table (HdDocumentPager *pager,
                        HdReportTable   *table,
                        double           gap)
{
  g_autofree double *widths = g_new0 (double, hd_report_table_get_n_columns (table) + 1);
  guint n_rows = hd_report_table_get_n_rows (table);
  HdDocumentBlock *heading, *first;

  column_widths (pager->context, table, pager->width, widths);
  heading = row_block (pager->context, table, -1, widths);
  first = n_rows > 0 ? row_block (pager->context, table, 0, widths) : empty_block (pager->context, heading->width);
  _hd_document_pager_reserve (pager, gap + heading->height + first->height);
  _hd_document_pager_place (pager, heading, gap);
  _hd_document_pager_place (pager, first, 0);
  for (guint r = 1; r < n_rows; r++)
    {
      HdDocumentBlock *block = row_block (pager->context, table, r, widths);
      guint page = pager->page;

      _hd_document_pager_reserve (pager, block->height);
      if (pager->page != page)
        _hd_document_pager_place (pager, row_block (pager->context, table, -1, widths), 0);
      _hd_document_pager_place (pager, block, 0);
    }
}

void
_hd_document_draw_row (cairo_t         *cr,
                       HdDocumentBlock *block)
{
  if (block->shaded)
    {
      cairo_set_source_rgb (cr, 0.95, 0.95, 0.95);
      cairo_rectangle (cr, -CELL_PAD, 0, block->width + 2 * CELL_PAD, block->height);
      cairo_fill (cr);
    }
  if (block->heading)
    {
      cairo_set_source_rgb (cr, 0.55, 0.55, 0.55);
      cairo_rectangle (cr, -CELL_PAD, block->height - 0.75, block->width + 2 * CELL_PAD, 0.75);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  for (guint c = 0; c < block->cells->len; c++)
    {
      HdDocumentCell *cell = &g_array_index (block->cells, HdDocumentCell, c);

      cairo_move_to (cr, cell->x, CELL_PAD);
      pango_cairo_show_layout (cr, cell->layout);
    }
}

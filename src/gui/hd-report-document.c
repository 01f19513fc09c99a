/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report-document"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>

#include "hd-chart.h"
#include "hd-report-document.h"
#include "hd-report-document-private.h"

typedef struct {
  char      *title;
  char      *summary;
  GPtrArray *tables;
} Report;

struct _HdReportDocument
{
  GObject       parent_instance;

  char         *district;
  char         *range;
  char         *filters;
  GDateTime    *made;
  GPtrArray    *reports;       /* Report */

  /* the last pagination */
  PangoContext *context;
  double        width;
  double        height;
  GPtrArray    *blocks;        /* HdDocumentBlock, page by page */
  guint         n_pages;
};

G_DEFINE_FINAL_TYPE (HdReportDocument, hd_report_document, G_TYPE_OBJECT)

/* Points; the text sizes are those of the body font's size. */
#define PDF_MARGIN     56.7    /* 20 mm */
#define FOOTER_HEIGHT  24.0
#define TITLE_GAP      4.0
#define SECTION_GAP    18.0
#define REPORT_GAP     12.0

static void
report_free (Report *report)
{
  g_free (report->title);
  g_free (report->summary);
  g_ptr_array_unref (report->tables);
  g_free (report);
}

/* Pagination */

/* Starts a page unless this one is still empty. */
static void
new_page (HdDocumentPager *pager)
{
  if (pager->y == 0)
    return;
  pager->page++;
  pager->y = 0;
}

/* Where @height more fits on this page, or else a new one. */
void
_hd_document_pager_reserve (HdDocumentPager *pager,
                            double           height)
{
  if (pager->y + height > pager->height)
    new_page (pager);
}

/* Puts @block at the cursor, @gap below what comes before it on the
 * page, and takes it. */
void
_hd_document_pager_place (HdDocumentPager *pager,
                          HdDocumentBlock *block,
                          double           gap)
{
  if (pager->y > 0)
    pager->y += gap;
  block->page = pager->page;
  block->y = pager->y;
  pager->y += block->height;
  g_ptr_array_add (pager->blocks, block);
}

static HdDocumentBlock *
text_block (HdDocumentPager *pager,
            const char      *text,
            double           scale,
            PangoWeight      weight,
            double           grey)
{
  HdDocumentBlock *block = g_new0 (HdDocumentBlock, 1);
  PangoLayout *layout = pango_layout_new (pager->context);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  int height;

  pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  pango_attr_list_insert (attrs, pango_attr_weight_new (weight));
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (pager->width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (layout, NULL, &height);
  block->kind = HD_DOCUMENT_TEXT;
  block->text = layout;
  block->grey = grey;
  block->height = height;
  return block;
}

static HdDocumentBlock *
rule_block (void)
{
  HdDocumentBlock *block = g_new0 (HdDocumentBlock, 1);

  block->kind = HD_DOCUMENT_RULE;
  block->height = 1;
  return block;
}

static void
add_header (HdReportDocument *self,
            HdDocumentPager  *pager)
{
  /* Translators: when a report was printed or exported, in g_date_time_format()'s terms */
  g_autofree char *made = g_date_time_format (self->made, _("%b %-d, %Y, %H:%M"));
  g_autofree char *made_line = g_strdup_printf (_("Made on %s from the tickets on this computer"), made);
  g_autofree char *range_line = g_strdup_printf (_("Reports for %s"), self->range);

  _hd_document_pager_place (pager, text_block (pager, self->district, 1.6, PANGO_WEIGHT_BOLD, 0), 0);
  _hd_document_pager_place (pager, text_block (pager, range_line, 1.2, PANGO_WEIGHT_NORMAL, 0), TITLE_GAP);
  _hd_document_pager_place (pager, text_block (pager, self->filters, 1.0, PANGO_WEIGHT_NORMAL, 0.35), TITLE_GAP);
  _hd_document_pager_place (pager, text_block (pager, made_line, 1.0, PANGO_WEIGHT_NORMAL, 0.35), TITLE_GAP);
  _hd_document_pager_place (pager, rule_block (), SECTION_GAP);
}

/* A table's title and its chart, kept together. */
static void
add_chart (HdDocumentPager *pager,
           HdReportTable   *table)
{
  HdDocumentBlock *title = text_block (pager, hd_report_table_get_title (table), 1.15, PANGO_WEIGHT_BOLD, 0);
  HdDocumentBlock *chart = NULL;

  if (hd_report_table_get_chart (table) != HD_REPORT_CHART_NONE && hd_report_table_get_n_rows (table) > 0)
    {
      int height = hd_chart_get_height_for_width (table, pager->context, (int) pager->width);

      chart = g_new0 (HdDocumentBlock, 1);
      chart->kind = HD_DOCUMENT_CHART;
      chart->table = hd_report_table_ref (table);
      chart->height = MIN (height, pager->height - title->height - SECTION_GAP);
    }
  _hd_document_pager_reserve (pager, SECTION_GAP + title->height + (chart != NULL ? SECTION_GAP / 2 + chart->height : 0));
  _hd_document_pager_place (pager, title, SECTION_GAP);
  if (chart != NULL)
    _hd_document_pager_place (pager, chart, SECTION_GAP / 2);
}

static void
add_report (HdDocumentPager *pager,
            Report          *report,
            gboolean         first)
{
  HdDocumentBlock *title = text_block (pager, report->title, 1.4, PANGO_WEIGHT_BOLD, 0);

  /* each report starts a page, but the first, under the header */
  if (!first)
    new_page (pager);
  _hd_document_pager_place (pager, title, REPORT_GAP);
  _hd_document_pager_place (pager, text_block (pager, report->summary, 1.0, PANGO_WEIGHT_NORMAL, 0.35), TITLE_GAP);
  for (guint i = 0; i < report->tables->len; i++)
    {
      HdReportTable *table = g_ptr_array_index (report->tables, i);

      add_chart (pager, table);
      _hd_document_add_table (pager, table, SECTION_GAP / 2);
    }
}

/* Drawing */

static void
draw_block (cairo_t         *cr,
            PangoContext    *context,
            HdDocumentBlock *block,
            double           width)
{
  cairo_save (cr);
  cairo_translate (cr, 0, block->y);
  switch (block->kind)
    {
    case HD_DOCUMENT_TEXT:
      cairo_set_source_rgb (cr, block->grey, block->grey, block->grey);
      cairo_move_to (cr, 0, 0);
      pango_cairo_show_layout (cr, block->text);
      break;
    case HD_DOCUMENT_RULE:
      cairo_set_source_rgb (cr, 0.75, 0.75, 0.75);
      cairo_rectangle (cr, 0, 0, width, block->height);
      cairo_fill (cr);
      break;
    case HD_DOCUMENT_CHART:
      hd_chart_draw_to_cairo (block->table, cr, (int) width, (int) block->height, context, FALSE);
      break;
    case HD_DOCUMENT_ROW:
      _hd_document_draw_row (cr, block);
      break;
    default:
      g_assert_not_reached ();
    }
  cairo_restore (cr);
}

/* The district's name and the page's number, under the page's content. */
static void
draw_footer (HdReportDocument *self,
             cairo_t          *cr,
             guint             page)
{
  g_autoptr(PangoLayout) left = pango_layout_new (self->context);
  g_autoptr(PangoLayout) right = pango_layout_new (self->context);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  g_autofree char *number = g_strdup_printf (_("Page %u of %u"), page + 1, self->n_pages);
  int width, height;

  pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
  pango_layout_set_attributes (left, attrs);
  pango_layout_set_attributes (right, attrs);
  pango_layout_set_text (right, number, -1);
  pango_layout_get_pixel_size (right, &width, &height);
  pango_layout_set_text (left, self->district, -1);
  pango_layout_set_width (left, (int) ((self->width - width - 12) * PANGO_SCALE));
  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_END);

  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  cairo_move_to (cr, 0, self->height - height);
  pango_cairo_show_layout (cr, left);
  cairo_move_to (cr, self->width - width, self->height - height);
  pango_cairo_show_layout (cr, right);
}

/* Printing */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                HdReportDocument  *self)
{
  PangoContext *pango_context = gtk_print_context_create_pango_context (context);
  guint n_pages = hd_report_document_paginate (self, pango_context, gtk_print_context_get_width (context),
                                               gtk_print_context_get_height (context));

  gtk_print_operation_set_n_pages (operation, n_pages);
  g_object_unref (pango_context);
}

static void
release_document (gpointer  data,
                  GClosure *closure)
{
  g_object_unref (data);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              HdReportDocument  *self)
{
  hd_report_document_draw_page (self, gtk_print_context_get_cairo_context (context), page);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The body text: the interface's font, at the size of print. */
static void
set_body_font (PangoContext *context)
{
  g_autofree char *name = NULL;
  g_autoptr(PangoFontDescription) font = NULL;

  /* no display, no settings: the default sans */
  if (gtk_settings_get_default () != NULL)
    g_object_get (gtk_settings_get_default (), "gtk-font-name", &name, NULL);
  font = pango_font_description_from_string (name != NULL ? name : "Sans");
  pango_font_description_set_size (font, 9 * PANGO_SCALE);
  pango_context_set_font_description (context, font);
}

static void
hd_report_document_finalize (GObject *object)
{
  HdReportDocument *self = (HdReportDocument *) object;

  g_free (self->district);
  g_free (self->range);
  g_free (self->filters);
  g_date_time_unref (self->made);
  g_ptr_array_unref (self->reports);
  g_clear_object (&self->context);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);

  G_OBJECT_CLASS (hd_report_document_parent_class)->finalize (object);
}

static void
hd_report_document_class_init (HdReportDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hd_report_document_finalize;
}

static void
hd_report_document_init (HdReportDocument *self)
{
  self->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) report_free);
}

/**
 * hd_report_document_new:
 * @district: the district's name, as its plan gives it
 * @range: the range, as people read it
 * @filters: the location, topic and technician it is restricted to, in words
 * @made: when the figures were counted
 */
HdReportDocument *
hd_report_document_new (const char *district,
                        const char *range,
                        const char *filters,
                        GDateTime  *made)
{
  HdReportDocument *self;

  g_return_val_if_fail (district != NULL && range != NULL && filters != NULL && made != NULL, NULL);

  self = g_object_new (HD_TYPE_REPORT_DOCUMENT, NULL);
  self->district = g_strdup (district);
  self->range = g_strdup (range);
  self->filters = g_strdup (filters);
  self->made = g_date_time_ref (made);
  return self;
}

/* Adds a report, after those added before, with its tables. */
void
hd_report_document_add_report (HdReportDocument *self,
                               const char       *title,
                               const char       *summary,
                               GPtrArray        *tables)
{
  Report *report;

  g_return_if_fail (HD_IS_REPORT_DOCUMENT (self));
  g_return_if_fail (title != NULL && summary != NULL && tables != NULL);

  report = g_new0 (Report, 1);
  report->title = g_strdup (title);
  report->summary = g_strdup (summary);
  report->tables = g_ptr_array_ref (tables);
  g_ptr_array_add (self->reports, report);
}

/**
 * hd_report_document_paginate:
 * @context: the Pango context of the cairo context pages will be drawn on
 * @width: the printable width, in that context's units
 * @height: the printable height
 *
 * Lays the document out on pages of that size, in the interface's font
 * at 9 points, which it gives @context.
 *
 * Returns: how many pages it takes
 */
guint
hd_report_document_paginate (HdReportDocument *self,
                             PangoContext     *context,
                             double            width,
                             double            height)
{
  HdDocumentPager pager = { 0 };

  g_return_val_if_fail (HD_IS_REPORT_DOCUMENT (self), 0);
  g_return_val_if_fail (PANGO_IS_CONTEXT (context), 0);

  set_body_font (context);
  g_set_object (&self->context, context);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  self->blocks = g_ptr_array_new_with_free_func (_hd_document_block_free);
  self->width = width;
  self->height = height;

  pager.context = context;
  pager.blocks = self->blocks;
  pager.width = width;
  pager.height = height - FOOTER_HEIGHT;
  add_header (self, &pager);
  for (guint i = 0; i < self->reports->len; i++)
    add_report (&pager, g_ptr_array_index (self->reports, i), i == 0);
  self->n_pages = pager.page + 1;
  return self->n_pages;
}

/* Draws @page of the last pagination on @cr, from its origin. */
void
hd_report_document_draw_page (HdReportDocument *self,
                              cairo_t          *cr,
                              guint             page)
{
  g_return_if_fail (HD_IS_REPORT_DOCUMENT (self));
  g_return_if_fail (self->blocks != NULL);
  g_return_if_fail (page < self->n_pages);

  pango_cairo_update_context (cr, self->context);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      HdDocumentBlock *block = g_ptr_array_index (self->blocks, i);

      if (block->page == page)
        draw_block (cr, self->context, block, self->width);
    }
  draw_footer (self, cr, page);
}

/**
 * hd_report_document_write_pdf:
 *
 * The document as PDF, on the locale's paper with 20 mm margins.
 *
 * Returns: (transfer full): the PDF file's contents, or %NULL
 */
GBytes *
hd_report_document_write_pdf (HdReportDocument  *self,
                              GError           **error)
{
  g_autoptr(GtkPaperSize) paper = gtk_paper_size_new (NULL);
  double width = gtk_paper_size_get_width (paper, GTK_UNIT_POINTS);
  double height = gtk_paper_size_get_height (paper, GTK_UNIT_POINTS);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  PangoContext *context;
  cairo_status_t status;
  guint n_pages;
  cairo_t *cr;

  g_return_val_if_fail (HD_IS_REPORT_DOCUMENT (self), NULL);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->district);
  cr = cairo_create (surface);
  context = pango_cairo_create_context (cr);
  pango_cairo_context_set_resolution (context, 72);
  n_pages = hd_report_document_paginate (self, context, width - 2 * PDF_MARGIN, height - 2 * PDF_MARGIN);
  for (guint page = 0; page < n_pages; page++)
    {
      cairo_save (cr);
      cairo_translate (cr, PDF_MARGIN, PDF_MARGIN);
      hd_report_document_draw_page (self, cr, page);
      cairo_restore (cr);
      cairo_show_page (cr);
    }
  cairo_surface_finish (surface);
  g_object_unref (context);
  status = cairo_status (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("the PDF could not be drawn (%s)"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/**
 * hd_report_document_new_print_operation:
 *
 * Returns: (transfer full): a print operation that prints the document
 *   as hd_report_document_write_pdf() draws it, 20 mm margins by default
 */
GtkPrintOperation *
hd_report_document_new_print_operation (HdReportDocument *self)
{
  GtkPrintOperation *operation;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();

  g_return_val_if_fail (HD_IS_REPORT_DOCUMENT (self), NULL);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, self->district);
  gtk_page_setup_set_top_margin (setup, 20, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, 20, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, 20, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, 20, GTK_UNIT_MM);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  /* the operation keeps the document as long as it runs */
  g_signal_connect_data (operation, "begin-print", G_CALLBACK (begin_print_cb), g_object_ref (self),
                         release_document, 0);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), self);
  return operation;
}

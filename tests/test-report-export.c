/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-report-export"

#include "config.h"

#include <string.h>
#include <pango/pangocairo.h>

#include "hd-report-csv.h"
#include "hd-report-document.h"
#include "hd-report-range.h"
#include "hd-report-table.h"
#include "hd-time.h"

/* What the Reports window exports, with no display: a report's CSV file,
 * the paginated document that PDF export and printing draw, and the
 * named ranges. */

/* A4 less 20 mm margins, in points */
#define PAGE_WIDTH  481.9
#define PAGE_HEIGHT 728.5

static HdReportTable *
counts_table (const char *id,
              const char *title,
              guint       n_rows)
{
  HdReportTable *table = hd_report_table_new (id, title, HD_REPORT_CHART_BARS, "Technician");

  hd_report_table_add_column (table, "open", "Open", HD_REPORT_UNIT_COUNT, TRUE);
  hd_report_table_add_column (table, "overdue", "Overdue", HD_REPORT_UNIT_COUNT, FALSE);
  for (guint r = 0; r < n_rows; r++)
    {
      g_autofree char *name = g_strdup_printf ("Technician %u", r);
      guint row = hd_report_table_add_row (table, name);

      hd_report_table_set_value (table, row, 0, r % 7);
      hd_report_table_set_value (table, row, 1, r % 3);
    }
  return table;
}

static HdReportTable *
comments_table (guint n_rows)
{
  HdReportTable *table = hd_report_table_new ("low-ratings", "Comments of surveys rated 1 or 2",
                                              HD_REPORT_CHART_NONE, "Ticket");

  hd_report_table_add_column (table, "rating", "Rating", HD_REPORT_UNIT_RATING, FALSE);
  hd_report_table_add_column (table, "comment", "Comment", HD_REPORT_UNIT_TEXT, FALSE);
  for (guint r = 0; r < n_rows; r++)
    {
      g_autofree char *ticket = g_strdup_printf ("HD-%u", 100 + r);
      guint row = hd_report_table_add_row (table, ticket);

      hd_report_table_set_value (table, row, 0, 1 + r % 2);
      hd_report_table_set_text (table, row, 1, "The projector was fixed, then broke again the next morning, "
                                               "and nobody came back for two days.");
    }
  return table;
}

static GPtrArray *
tables_new (HdReportTable *first,
            ...)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_report_table_unref);
  va_list args;

  va_start (args, first);
  for (HdReportTable *table = first; table != NULL; table = va_arg (args, HdReportTable *))
    g_ptr_array_add (tables, table);
  va_end (args);
  return tables;
}

static HdReportDocument *
document_new (void)
{
  g_autoptr(GDateTime) made = g_date_time_new_utc (2026, 9, 30, 15, 4, 0);

  return hd_report_document_new ("Springfield Public Schools", "Sep 1, 2026 – Sep 30, 2026",
                                 "All locations, topics and technicians", made);
}

/* A context for points, as a PDF surface's */
static PangoContext *
new_context (void)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 9");

  pango_context_set_font_description (context, font);
  pango_cairo_context_set_resolution (context, 72);
  return context;
}

static guint
paginate (HdReportDocument *document,
          double            height)
{
  PangoContext *context = new_context ();
  guint n_pages = hd_report_document_paginate (document, context, PAGE_WIDTH, height);

  g_object_unref (context);
  return n_pages;
}

/* Each table titled on a line of its own, then as the command line
 * prints it, a blank line between tables; quotes in a title doubled. */
static void
test_csv (void)
{
  g_autoptr(GPtrArray) tables = tables_new (counts_table ("a", "Open tickets, per \"technician\"", 2),
                                            counts_table ("b", "Second", 1), NULL);
  g_autoptr(GBytes) csv = hd_report_csv_new (tables);
  g_autoptr(GString) expected = g_string_new ("\"Open tickets, per \"\"technician\"\"\"\r\n");
  g_autofree char *text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));

  hd_report_table_write_csv (g_ptr_array_index (tables, 0), expected);
  g_string_append (expected, "\r\n\"Second\"\r\n");
  hd_report_table_write_csv (g_ptr_array_index (tables, 1), expected);
  g_assert_cmpstr (text, ==, expected->str);
  g_assert_true (g_str_has_prefix (text, "\"Open tickets, per \"\"technician\"\"\"\r\nTechnician,Open,Overdue\r\n"
                                         "Technician 0,0,0\r\nTechnician 1,1,1\r\n\r\n"));
}

/* Every report starts a page of its own; a short one takes one. */
static void
test_document_reports_start_pages (void)
{
  g_autoptr(HdReportDocument) document = document_new ();

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GPtrArray) tables = tables_new (counts_table ("t", "Open tickets per technician", 3), NULL);

      hd_report_document_add_report (document, "Workload", "What it counts.", tables);
    }
  g_assert_cmpuint (paginate (document, PAGE_HEIGHT), ==, 3);
}

/* A long table goes on over pages, and fewer lines a page make more. */
static void
test_document_long_tables (void)
{
  g_autoptr(HdReportDocument) document = document_new ();
  g_autoptr(GPtrArray) tables = tables_new (comments_table (120), NULL);
  guint full, half;

  hd_report_document_add_report (document, "Escalations and satisfaction", "What it counts.", tables);
  full = paginate (document, PAGE_HEIGHT);
  half = paginate (document, PAGE_HEIGHT / 2);
  g_assert_cmpuint (full, >, 3);
  g_assert_cmpuint (half, >, full);
}

/* Whether @bytes hold @text, NUL bytes and all. */
static gboolean
contains (GBytes     *bytes,
          const char *text)
{
  gsize size, length = strlen (text);
  const char *data = g_bytes_get_data (bytes, &size);

  for (gsize i = 0; i + length <= size; i++)
    if (memcmp (data + i, text, length) == 0)
      return TRUE;
  return FALSE;
}

/* The pages drawn are those paginated, one PDF page each. */
static void
test_document_pdf (void)
{
  g_autoptr(HdReportDocument) document = document_new ();
  g_autoptr(GPtrArray) workload = tables_new (counts_table ("workload", "Open tickets per technician", 8), NULL);
  g_autoptr(GPtrArray) comments = tables_new (comments_table (40), counts_table ("empty", "Nothing", 0), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *count = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint n_pages;

  hd_report_document_add_report (document, "Workload", "What it counts.", workload);
  hd_report_document_add_report (document, "Escalations and satisfaction", "What it counts.", comments);
  pdf = hd_report_document_write_pdf (document, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (pdf, NULL), "%PDF-"));

  /* on paper of this locale (C: A4), with its margins, as the PDF's */
  n_pages = paginate (document, PAGE_HEIGHT);
  g_assert_cmpuint (n_pages, >=, 2);
  count = g_strdup_printf ("/Count %u", n_pages);
  g_assert_true (contains (pdf, count));

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 850);
  cr = cairo_create (surface);
  for (guint page = 0; page < n_pages; page++)
    hd_report_document_draw_page (document, cr, page);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
assert_range (const char *name,
              const char *today,
              const char *first,
              const char *last)
{
  HdReportRange range;
  gint64 day, from, to;
  g_autofree char *from_text = NULL;
  g_autofree char *last_text = NULL;

  g_assert_true (hd_report_range_from_string (name, &range));
  g_assert_true (hd_date_parse (today, &day));
  hd_report_range_get (range, day, &from, &to);
  from_text = hd_date_format (from);
  last_text = hd_date_format (to - 1);
  g_assert_cmpstr (from_text, ==, first);
  g_assert_cmpstr (last_text, ==, last);
}

static void
test_ranges (void)
{
  HdReportRange range;

  assert_range ("last-4-weeks", "2026-09-30", "2026-09-03", "2026-09-30");
  assert_range ("this-month", "2026-09-30", "2026-09-01", "2026-09-30");
  assert_range ("this-month", "2026-09-01", "2026-09-01", "2026-09-01");
  assert_range ("last-month", "2026-01-15", "2025-12-01", "2025-12-31");
  assert_range ("last-month", "2024-03-31", "2024-02-01", "2024-02-29");
  /* months keep their day where they have it */
  assert_range ("last-3-months", "2026-05-31", "2026-03-01", "2026-05-31");
  assert_range ("last-3-months", "2026-09-15", "2026-06-16", "2026-09-15");
  assert_range ("last-12-months", "2024-02-29", "2023-03-01", "2024-02-29");
  assert_range ("last-12-months", "2026-09-30", "2025-10-01", "2026-09-30");
  g_assert_false (hd_report_range_from_string ("this-term", &range));
}

static void
test_range_format (void)
{
  gint64 from, to;
  g_autofree char *range = NULL;
  g_autofree char *day = NULL;

  g_assert_true (hd_date_parse ("2026-09-01", &from));
  g_assert_true (hd_date_parse ("2026-10-01", &to));
  range = hd_report_range_format (from, to);
  g_assert_cmpstr (range, ==, "Sep 1, 2026 – Sep 30, 2026");
  day = hd_report_range_format (from, from + 1);
  g_assert_cmpstr (day, ==, "Sep 1, 2026");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report-export/csv", test_csv);
  g_test_add_func ("/report-export/document/reports-start-pages", test_document_reports_start_pages);
  g_test_add_func ("/report-export/document/long-tables", test_document_long_tables);
  g_test_add_func ("/report-export/document/pdf", test_document_pdf);
  g_test_add_func ("/report-export/range/named", test_ranges);
  g_test_add_func ("/report-export/range/format", test_range_format);
  return g_test_run ();
}

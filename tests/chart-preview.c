/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chart-preview"

#include "config.h"

#include <adwaita.h>
#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>

#include "hd-chart.h"
#include "hd-report-table-view.h"

/* A window of every chart kind over figures like a district's, to look
 * at the charts as a person would: light or dark, at any size, and
 * saved as PNG.
 *
 *   chart-preview [--dark] [--page ID] [--size 1100x800] [--font "Cantarell 11"]
 *                 [--screenshot FILE.png] [--pdf FILE.pdf]
 *
 * --pdf draws every chart on A4 pages through hd_chart_draw_to_cairo(),
 * as PDF export and printing will, and quits.
 *
 * Pages: workload, backlog, volume, topics, locations, sla, response,
 * ratings, comments, empty. */

static gboolean opt_dark;
static char *opt_page;
static char *opt_size;
static char *opt_screenshot;
static char *opt_font;
static char *opt_pdf;

static const GOptionEntry entries[] = {
  { "dark", 0, 0, G_OPTION_ARG_NONE, &opt_dark, "Use the dark style", NULL },
  { "page", 0, 0, G_OPTION_ARG_STRING, &opt_page, "Show this page first", "ID" },
  { "size", 0, 0, G_OPTION_ARG_STRING, &opt_size, "Window size", "WIDTHxHEIGHT" },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, &opt_screenshot, "Save the window as PNG, then quit", "FILE" },
  { "font", 0, 0, G_OPTION_ARG_STRING, &opt_font, "The interface font, GNOME's by default", "NAME" },
  { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &opt_pdf, "Draw every chart into a PDF file, then quit", "FILE" },
  { NULL }
};

static const char * const priority_ids[] = { "critical", "high", "medium", "normal" };
static const char * const priority_labels[] = { "Critical", "High", "Medium", "Normal" };

static void
add_priority_columns (HdReportTable *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (priority_ids); i++)
    hd_report_table_add_column (table, priority_ids[i], priority_labels[i], HD_REPORT_UNIT_COUNT, TRUE);
}

static void
set_row (HdReportTable *table,
         guint          row,
         const double  *values,
         guint          n_values)
{
  for (guint c = 0; c < n_values; c++)
    hd_report_table_set_value (table, row, c, values[c]);
}

static HdReportTable *
workload_table (void)
{
  static const struct {
    const char *name;
    double      values[5];
  } rows[] = {
    { "Dana Whitfield", { 2, 5, 9, 6, 3 } },
    { "Marcus Oyelaran-Bishop", { 0, 3, 12, 10, 1 } },
    { "Priya Raghunathan", { 1, 7, 6, 4, 4 } },
    { "Tomás Esquivel", { 0, 2, 4, 11, 0 } },
    { "Lee Chen", { 3, 4, 8, 3, 5 } },
    { "Anneliese Vandermeulen-Hartwig", { 0, 1, 5, 7, 0 } },
  };
  HdReportTable *table = hd_report_table_new ("workload", "Open tickets by technician",
                                              HD_REPORT_CHART_STACKED_BARS, "Technician");

  add_priority_columns (table);
  hd_report_table_add_column (table, "overdue", "Overdue", HD_REPORT_UNIT_COUNT, FALSE);
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    set_row (table, hd_report_table_add_row (table, rows[r].name), rows[r].values, 5);
  return table;
}

static HdReportTable *
backlog_table (void)
{
  static const struct {
    const char *age;
    double      values[4];
  } rows[] = {
    { "Under 1 day", { 3, 8, 14, 9 } },
    { "1–2 days", { 2, 6, 11, 12 } },
    { "2–5 days", { 1, 5, 13, 15 } },
    { "5–10 days", { 0, 2, 7, 10 } },
    { "10–20 days", { 0, 1, 3, 6 } },
    { "Over 20 days", { 0, 0, 1, 4 } },
  };
  HdReportTable *table = hd_report_table_new ("backlog", "Open tickets by age in business days",
                                              HD_REPORT_CHART_STACKED_BARS, "Age");

  add_priority_columns (table);
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    set_row (table, hd_report_table_add_row (table, rows[r].age), rows[r].values, 4);
  return table;
}

static HdReportTable *
volume_table (void)
{
  static const double created[] = { 48, 62, 57, 71, 66, 90, 84, 59, 63, 77, 70, 52 };
  static const double resolved[] = { 41, 55, 60, 64, 70, 72, 88, 67, 58, 74, 73, 61 };
  HdReportTable *table = hd_report_table_new ("volume-weekly", "Tickets created and resolved per week",
                                              HD_REPORT_CHART_LINES, "Week");
  g_autoptr(GDateTime) week = g_date_time_new_utc (2025, 1, 6, 0, 0, 0);

  hd_report_table_add_column (table, "created", "Created", HD_REPORT_UNIT_COUNT, TRUE);
  hd_report_table_add_column (table, "resolved", "Resolved", HD_REPORT_UNIT_COUNT, TRUE);
  for (guint r = 0; r < G_N_ELEMENTS (created); r++)
    {
      g_autoptr(GDateTime) start = g_date_time_add_weeks (week, r);
      g_autofree char *label = g_date_time_format (start, "%b %-d");
      guint row = hd_report_table_add_row (table, label);

      hd_report_table_set_value (table, row, 0, created[r]);
      hd_report_table_set_value (table, row, 1, resolved[r]);
    }
  return table;
}

static HdReportTable *
bars_table (const char   *id,
            const char   *title,
            const char   *heading,
            const char   *series,
            const char  **labels,
            const double *values)
{
  HdReportTable *table = hd_report_table_new (id, title, HD_REPORT_CHART_BARS, heading);

  hd_report_table_add_column (table, "tickets", series, HD_REPORT_UNIT_COUNT, TRUE);
  for (guint r = 0; labels[r] != NULL; r++)
    hd_report_table_set_value (table, hd_report_table_add_row (table, labels[r]), 0, values[r]);
  return table;
}

static HdReportTable *
topics_table (void)
{
  static const char *topics[] = {
    "Network and Wi-Fi", "Chromebooks", "Printers", "Accounts and passwords",
    "Projectors", "Student information system", "Phones", "Software", NULL,
  };
  static const double counts[] = { 142, 231, 87, 164, 45, 58, 23, 96 };

  return bars_table ("volume-topic", "Tickets by topic", "Topic", "Tickets", topics, counts);
}

static HdReportTable *
locations_table (void)
{
  static const char *schools[] = {
    "Lincoln Elementary School", "Washington Middle School", "Roosevelt High School",
    "District Office", "Jefferson Elementary School", "Cesar Chavez Dual Language Academy",
    "Maple Grove Early Learning Center", "Transportation", "Harbor View K–8", "Adult Education", NULL,
  };
  static const double counts[] = { 98, 121, 187, 34, 76, 64, 22, 9, 83, 15 };

  return bars_table ("volume-location", "Tickets by location", "Location", "Tickets", schools, counts);
}

static HdReportTable *
sla_table (void)
{
  static const double met[][2] = { { 93.8, 81.3 }, { 88.5, 84.0 }, { 95.1, 90.7 }, { 98.2, NAN } };
  HdReportTable *table = hd_report_table_new ("sla-priority", "Deadlines met by priority",
                                              HD_REPORT_CHART_BARS, "Priority");

  hd_report_table_add_column (table, "response", "Response met", HD_REPORT_UNIT_PERCENT, TRUE);
  hd_report_table_add_column (table, "resolution", "Resolution met", HD_REPORT_UNIT_PERCENT, TRUE);
  for (guint r = 0; r < G_N_ELEMENTS (met); r++)
    set_row (table, hd_report_table_add_row (table, priority_labels[r]), met[r], 2);
  return table;
}

static HdReportTable *
response_table (void)
{
  static const double seconds[][4] = {
    { 12 * 60, 41 * 60, 2 * 3600 + 10 * 60, 5 * 3600 + 45 * 60 },
    { 38 * 60, 2 * 3600 + 5 * 60, 6 * 3600 + 30 * 60, 14 * 3600 },
    { 1 * 3600 + 50 * 60, 5 * 3600 + 20 * 60, 11 * 3600, 26 * 3600 + 30 * 60 },
    { 3 * 3600 + 15 * 60, 9 * 3600 + 40 * 60, 19 * 3600, 41 * 3600 },
  };
  HdReportTable *table = hd_report_table_new ("sla-times", "Business time to first response and resolution",
                                              HD_REPORT_CHART_BARS, "Priority");

  hd_report_table_add_column (table, "response-median", "Response, median", HD_REPORT_UNIT_DURATION, TRUE);
  hd_report_table_add_column (table, "response-p90", "Response, 90th percentile", HD_REPORT_UNIT_DURATION, TRUE);
  hd_report_table_add_column (table, "resolution-median", "Resolution, median", HD_REPORT_UNIT_DURATION, TRUE);
  hd_report_table_add_column (table, "resolution-p90", "Resolution, 90th percentile", HD_REPORT_UNIT_DURATION, TRUE);
  for (guint r = 0; r < G_N_ELEMENTS (seconds); r++)
    set_row (table, hd_report_table_add_row (table, priority_labels[r]), seconds[r], 4);
  return table;
}

static HdReportTable *
ratings_table (void)
{
  static const double average[] = { 4.31, 4.12, 4.45, 3.86, 4.02, 4.6, 4.38, NAN, 4.15, 4.52, 4.27, 4.41 };
  static const double responses[] = { 16, 21, 11, 14, 19, 10, 13, 0, 17, 22, 15, 18 };
  HdReportTable *table = hd_report_table_new ("satisfaction-weekly", "Average survey rating per week",
                                              HD_REPORT_CHART_LINES, "Week");
  g_autoptr(GDateTime) week = g_date_time_new_utc (2025, 1, 6, 0, 0, 0);

  hd_report_table_add_column (table, "average", "Average rating", HD_REPORT_UNIT_RATING, TRUE);
  hd_report_table_add_column (table, "responses", "Surveys answered", HD_REPORT_UNIT_COUNT, FALSE);
  for (guint r = 0; r < G_N_ELEMENTS (average); r++)
    {
      g_autoptr(GDateTime) start = g_date_time_add_weeks (week, r);
      g_autofree char *label = g_date_time_format (start, "%b %-d");
      guint row = hd_report_table_add_row (table, label);

      hd_report_table_set_value (table, row, 0, average[r]);
      hd_report_table_set_value (table, row, 1, responses[r]);
    }
  return table;
}

static HdReportTable *
comments_table (void)
{
  static const struct {
    const char *ticket;
    double      rating;
    const char *comment;
  } rows[] = {
    { "HD-1042", 1, "The projector in room 114 was fixed, then broke again the next morning and nobody came back." },
    { "HD-1077", 2, "Took three days to reset a password." },
    { "HD-1131", 2, "Polite, but I had to call twice before anyone looked at the ticket." },
  };
  HdReportTable *table = hd_report_table_new ("satisfaction-comments", "Comments of low ratings",
                                              HD_REPORT_CHART_NONE, "Ticket");

  hd_report_table_add_column (table, "rating", "Rating", HD_REPORT_UNIT_RATING, FALSE);
  hd_report_table_add_column (table, "comment", "Comment", HD_REPORT_UNIT_TEXT, FALSE);
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      guint row = hd_report_table_add_row (table, rows[r].ticket);

      hd_report_table_set_value (table, row, 0, rows[r].rating);
      hd_report_table_set_text (table, row, 1, rows[r].comment);
    }
  return table;
}

static HdReportTable *
empty_table (void)
{
  HdReportTable *table = hd_report_table_new ("workload", "Open tickets by technician",
                                              HD_REPORT_CHART_STACKED_BARS, "Technician");

  add_priority_columns (table);
  return table;
}

static const struct {
  const char      *id;
  const char      *title;
  HdReportTable *(*build) (void);
} pages[] = {
  { "workload", "Workload", workload_table },
  { "backlog", "Backlog", backlog_table },
  { "volume", "Volume per week", volume_table },
  { "topics", "By topic", topics_table },
  { "locations", "By location", locations_table },
  { "sla", "Deadlines met", sla_table },
  { "response", "Response times", response_table },
  { "ratings", "Satisfaction", ratings_table },
  { "comments", "Comments", comments_table },
  { "empty", "Empty range", empty_table },
};

static GtkWidget *
new_page (HdReportTable *table)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *title = gtk_label_new (hd_report_table_get_title (table));
  GtkWidget *chart = hd_chart_new (table);
  GtkWidget *view = hd_report_table_view_new (table);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *table_scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *viewport = gtk_viewport_new (NULL, NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-2");
  hd_chart_set_alternative (HD_CHART (chart), view);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_start (view, 18);
  gtk_widget_set_margin_end (view, 18);
  gtk_widget_set_margin_top (view, 12);
  gtk_widget_set_margin_bottom (view, 12);
  /* a wide table scrolls sideways rather than widen the window */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (table_scrolled), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (table_scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (table_scrolled), view);
  gtk_box_append (GTK_BOX (card), table_scrolled);
  gtk_widget_set_halign (card, GTK_ALIGN_START);

  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), chart);
  gtk_box_append (GTK_BOX (box), card);
  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 960);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  /* a chart of many rows gets the height it asks for, and the page scrolls */
  gtk_scrollable_set_vscroll_policy (GTK_SCROLLABLE (viewport), GTK_SCROLL_NATURAL);
  gtk_viewport_set_child (GTK_VIEWPORT (viewport), clamp);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), viewport);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  return scrolled;
}

static gboolean
save_screenshot (gpointer data)
{
  GtkWidget *window = data;
  int width = gtk_widget_get_width (window), height = gtk_widget_get_height (window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  graphene_rect_t viewport;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  graphene_rect_init (&viewport, 0, 0, width, height);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, &viewport);
  if (!gdk_texture_save_to_png (texture, opt_screenshot))
    g_printerr ("Could not save %s\n", opt_screenshot);
  gtk_window_destroy (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *sidebar = gtk_stack_sidebar_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *panes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  int width = 1100, height = 800;

  /* as GNOME's settings daemon would set it, where there is none (Xvfb) */
  g_object_set (gtk_settings_get_default (), "gtk-font-name", opt_font != NULL ? opt_font : "Cantarell 11", NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      opt_dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(HdReportTable) table = pages[i].build ();

      gtk_stack_add_titled (GTK_STACK (stack), new_page (table), pages[i].id, pages[i].title);
    }
  if (opt_page != NULL)
    gtk_stack_set_visible_child_name (GTK_STACK (stack), opt_page);
  gtk_stack_sidebar_set_stack (GTK_STACK_SIDEBAR (sidebar), GTK_STACK (stack));
  gtk_widget_set_size_request (sidebar, 180, -1);
  gtk_widget_set_hexpand (stack, TRUE);
  gtk_box_append (GTK_BOX (panes), sidebar);
  gtk_box_append (GTK_BOX (panes), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (panes), stack);
  gtk_widget_set_vexpand (panes, TRUE);
  gtk_box_append (GTK_BOX (content), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (content), panes);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), content);
  gtk_window_set_title (GTK_WINDOW (window), "Charts");

  if (opt_size != NULL && sscanf (opt_size, "%dx%d", &width, &height) != 2)
    g_printerr ("--size takes WIDTHxHEIGHT\n");
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  if (opt_screenshot != NULL)
    g_timeout_add (1000, save_screenshot, window);
}

/* Two charts a page, each under its title, 20 mm margins. */
static int
write_pdf (const char *path)
{
  const double width = 595, height = 842, margin = 57;
  cairo_surface_t *surface = cairo_pdf_surface_create (path, width, height);
  cairo_t *cr = cairo_create (surface);
  PangoContext *context = pango_cairo_create_context (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (opt_font != NULL ? opt_font : "Cantarell 10");
  double y = margin;
  cairo_status_t status;

  pango_cairo_context_set_resolution (context, 72);
  pango_context_set_font_description (context, font);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(HdReportTable) table = pages[i].build ();
      g_autoptr(PangoLayout) title = pango_layout_new (context);
      g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", hd_report_table_get_title (table));
      int chart_height = hd_chart_get_height_for_width (table, context, width - 2 * margin);
      int title_height;

      if (chart_height == 0)
        continue;
      pango_layout_set_markup (title, markup, -1);
      pango_layout_get_pixel_size (title, NULL, &title_height);
      if (y + title_height + 8 + chart_height > height - margin)
        {
          cairo_show_page (cr);
          y = margin;
        }
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, margin, y);
      pango_cairo_show_layout (cr, title);
      y += title_height + 8;
      cairo_save (cr);
      cairo_translate (cr, margin, y);
      hd_chart_draw_to_cairo (table, cr, width - 2 * margin, chart_height, context, FALSE);
      cairo_restore (cr);
      y += chart_height + 28;
    }
  cairo_show_page (cr);
  status = cairo_status (cr);
  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_printerr ("%s: %s\n", path, cairo_status_to_string (status));
      return 1;
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_pdf != NULL)
    return write_pdf (opt_pdf);
  app = adw_application_new ("org.helpdesk.HelpDesk.ChartPreview", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}

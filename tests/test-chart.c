/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-chart"

#include "config.h"

#include <math.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "hd-chart.h"
#include "hd-chart-private.h"
#include "hd-chart-scale.h"

/* The chart's arithmetic and layout, and its drawing on an image
 * surface: Pango and cairo only, no display. */

/* Adwaita's font, as a widget's context would have it */
static PangoContext *context;

static PangoContext *
new_context (void)
{
  PangoContext *result = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Cantarell 11");

  pango_context_set_font_description (result, font);
  pango_cairo_context_set_resolution (result, 96);
  return result;
}

/* ---- fixtures ---- */

static const char * const priorities[] = { "critical", "high", "medium", "normal" };

static HdReportTable *
workload_table (guint n_rows)
{
  static const char * const names[] = {
    "Dana Whitfield", "Marcus Oyelaran-Bishop", "Priya Raghunathan",
    "Tomás Esquivel", "Lee Chen", "Anneliese Vandermeulen-Hartwig",
  };
  HdReportTable *table = hd_report_table_new ("workload", "Open tickets by technician",
                                              HD_REPORT_CHART_STACKED_BARS, "Technician");

  for (guint i = 0; i < G_N_ELEMENTS (priorities); i++)
    hd_report_table_add_column (table, priorities[i], priorities[i], HD_REPORT_UNIT_COUNT, TRUE);
  hd_report_table_add_column (table, "overdue", "Overdue", HD_REPORT_UNIT_COUNT, FALSE);
  for (guint r = 0; r < n_rows; r++)
    {
      g_autofree char *name = g_strdup_printf ("%s %u", names[r % G_N_ELEMENTS (names)], r);
      guint row = hd_report_table_add_row (table, name);

      for (guint c = 0; c < 5; c++)
        hd_report_table_set_value (table, row, c, (r * 7 + c * 3) % 11);
    }
  return table;
}

static HdReportTable *
short_bars_table (void)
{
  static const double counts[] = { 4, 17, 9, 0, 12 };
  static const char * const labels[] = { "1", "2", "3", "4", "5" };
  HdReportTable *table = hd_report_table_new ("ratings", "Survey ratings", HD_REPORT_CHART_BARS, "Rating");

  hd_report_table_add_column (table, "surveys", "Surveys", HD_REPORT_UNIT_COUNT, TRUE);
  for (guint r = 0; r < G_N_ELEMENTS (counts); r++)
    hd_report_table_set_value (table, hd_report_table_add_row (table, labels[r]), 0, counts[r]);
  return table;
}

static HdReportTable *
weeks_table (guint n_weeks)
{
  HdReportTable *table = hd_report_table_new ("volume-weekly", "Tickets per week", HD_REPORT_CHART_LINES, "Week");

  hd_report_table_add_column (table, "created", "Created", HD_REPORT_UNIT_COUNT, TRUE);
  hd_report_table_add_column (table, "resolved", "Resolved", HD_REPORT_UNIT_COUNT, TRUE);
  for (guint r = 0; r < n_weeks; r++)
    {
      g_autofree char *label = g_strdup_printf ("Week of Sep %u", r + 1);
      guint row = hd_report_table_add_row (table, label);

      hd_report_table_set_value (table, row, 0, 40 + (r * 13) % 30);
      hd_report_table_set_value (table, row, 1, r == 3 ? NAN : 35 + (r * 7) % 30);
    }
  return table;
}

static HdReportTable *
durations_table (void)
{
  static const char * const labels[] = {
    "Response, median", "Response, 90th percentile", "Resolution, median", "Resolution, 90th percentile",
  };
  HdReportTable *table = hd_report_table_new ("sla-times", "Business time", HD_REPORT_CHART_BARS, "Priority");

  for (guint c = 0; c < G_N_ELEMENTS (labels); c++)
    hd_report_table_add_column (table, labels[c], labels[c], HD_REPORT_UNIT_DURATION, TRUE);
  for (guint r = 0; r < 4; r++)
    {
      guint row = hd_report_table_add_row (table, priorities[r]);

      for (guint c = 0; c < G_N_ELEMENTS (labels); c++)
        hd_report_table_set_value (table, row, c, (r + 1) * (c + 1) * 1800);
    }
  return table;
}

static HdReportTable *
percent_table (void)
{
  HdReportTable *table = hd_report_table_new ("sla", "Deadlines met", HD_REPORT_CHART_BARS, "Priority");

  hd_report_table_add_column (table, "response", "Response", HD_REPORT_UNIT_PERCENT, TRUE);
  for (guint r = 0; r < 4; r++)
    hd_report_table_set_value (table, hd_report_table_add_row (table, priorities[r]), 0, r == 2 ? NAN : 80 + r * 5);
  return table;
}

/* ---- scale ---- */

static void
assert_scale (const HdChartScale *scale,
              double              min,
              double              max,
              double              step,
              guint               n_ticks)
{
  g_assert_cmpfloat_with_epsilon (scale->min, min, 1e-9);
  g_assert_cmpfloat_with_epsilon (scale->max, max, 1e-9);
  g_assert_cmpfloat_with_epsilon (scale->step, step, 1e-9);
  g_assert_cmpuint (scale->n_ticks, ==, n_ticks);
}

static void
test_nice_step (void)
{
  g_assert_cmpfloat (hd_chart_nice_step (0, TRUE), ==, 1);
  g_assert_cmpfloat (hd_chart_nice_step (0.3, TRUE), ==, 1);
  g_assert_cmpfloat_with_epsilon (hd_chart_nice_step (0.3, FALSE), 0.5, 1e-12);
  g_assert_cmpfloat (hd_chart_nice_step (1, TRUE), ==, 1);
  g_assert_cmpfloat (hd_chart_nice_step (2, TRUE), ==, 2);
  g_assert_cmpfloat (hd_chart_nice_step (2.01, TRUE), ==, 5);
  g_assert_cmpfloat (hd_chart_nice_step (7, TRUE), ==, 10);
  g_assert_cmpfloat (hd_chart_nice_step (12, TRUE), ==, 20);
  g_assert_cmpfloat (hd_chart_nice_step (300, TRUE), ==, 500);
  g_assert_cmpfloat (hd_chart_nice_step (5000, TRUE), ==, 5000);
}

static void
test_scale_counts (void)
{
  HdChartScale scale;

  hd_chart_scale_init (&scale, HD_REPORT_UNIT_COUNT, 17, 5, TRUE);
  assert_scale (&scale, 0, 20, 5, 5);
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_COUNT, 3, 8, TRUE);
  assert_scale (&scale, 0, 3, 1, 4);
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_COUNT, 20, 4, TRUE);
  assert_scale (&scale, 0, 20, 5, 5);
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_COUNT, 1234, 6, TRUE);
  assert_scale (&scale, 0, 1500, 500, 4);
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_COUNT, 0, 5, TRUE);
  assert_scale (&scale, 0, 1, 1, 2);
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_COUNT, NAN, 0, TRUE);
  assert_scale (&scale, 0, 1, 1, 2);
  g_assert_cmpfloat (hd_chart_scale_tick (&scale, 1), ==, 1);
}

static void
test_scale_percent (void)
{
  HdChartScale scale;

  hd_chart_scale_init (&scale, HD_REPORT_UNIT_PERCENT, 93.8, 5, TRUE);
  assert_scale (&scale, 0, 100, 20, 6);
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_PERCENT, 12, 12, TRUE);
  assert_scale (&scale, 0, 100, 10, 11);
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_PERCENT, 50, 2, TRUE);
  assert_scale (&scale, 0, 100, 50, 3);
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_PERCENT, 50, 1, TRUE);
  assert_scale (&scale, 0, 100, 100, 2);
  /* a rate over 100 % is shown, not cut */
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_PERCENT, 140, 4, TRUE);
  assert_scale (&scale, 0, 150, 50, 4);
}

static void
test_scale_durations (void)
{
  HdChartScale scale;

  /* 5h45m over 5 intervals: 2 h steps, not 5000 s */
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_DURATION, 5 * 3600 + 45 * 60, 5, TRUE);
  assert_scale (&scale, 0, 6 * 3600, 2 * 3600, 4);
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_DURATION, 90, 4, TRUE);
  assert_scale (&scale, 0, 90, 30, 4);
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_DURATION, 50 * 60, 5, TRUE);
  assert_scale (&scale, 0, 50 * 60, 10 * 60, 6);
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_DURATION, 41 * 3600, 5, TRUE);
  assert_scale (&scale, 0, 48 * 3600, 12 * 3600, 5);
  /* past 12 h, hours in 1-2-5 steps */
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_DURATION, 200 * 3600, 4, TRUE);
  assert_scale (&scale, 0, 200 * 3600, 50 * 3600, 5);
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_DURATION, 70 * 3600, 4, TRUE);
  assert_scale (&scale, 0, 80 * 3600, 20 * 3600, 5);
}

static void
test_scale_ratings (void)
{
  HdChartScale scale;

  hd_chart_scale_init (&scale, HD_REPORT_UNIT_RATING, 4.3, 8, TRUE);
  assert_scale (&scale, 0, 5, 1, 6);
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_RATING, 4.3, 8, FALSE);
  assert_scale (&scale, 1, 5, 1, 5);
  g_assert_cmpfloat (hd_chart_scale_tick (&scale, 0), ==, 1);
  g_assert_cmpfloat (hd_chart_scale_tick (&scale, 4), ==, 5);
  /* too short for a tick per star: the ends only */
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_RATING, 4.3, 2, FALSE);
  assert_scale (&scale, 1, 5, 4, 2);
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_RATING, 4.3, 3, TRUE);
  assert_scale (&scale, 0, 5, 5, 2);
}

static void
test_scale_fraction (void)
{
  HdChartScale scale;

  hd_chart_scale_init (&scale, HD_REPORT_UNIT_COUNT, 17, 5, TRUE);
  g_assert_cmpfloat_with_epsilon (hd_chart_scale_fraction (&scale, 5), 0.25, 1e-12);
  g_assert_cmpfloat (hd_chart_scale_fraction (&scale, 25), ==, 1);
  g_assert_cmpfloat (hd_chart_scale_fraction (&scale, -1), ==, 0);
  g_assert_cmpfloat (hd_chart_scale_fraction (&scale, NAN), ==, 0);
  hd_chart_scale_init (&scale, HD_REPORT_UNIT_RATING, 5, 8, FALSE);
  g_assert_cmpfloat_with_epsilon (hd_chart_scale_fraction (&scale, 3), 0.5, 1e-12);
  g_assert_cmpfloat (hd_chart_scale_fraction (&scale, 1), ==, 0);
}

static void
test_scale_format (void)
{
  struct {
    HdReportUnit unit;
    double       value;
    const char  *text;
  } cases[] = {
    { HD_REPORT_UNIT_COUNT, 5, "5" },
    { HD_REPORT_UNIT_COUNT, 1500, "1500" },
    { HD_REPORT_UNIT_PERCENT, 40, "40 %" },
    { HD_REPORT_UNIT_DURATION, 5400, "1h30m" },
    { HD_REPORT_UNIT_DURATION, 0, "0s" },
    { HD_REPORT_UNIT_DURATION, 48 * 3600, "48h" },
    { HD_REPORT_UNIT_RATING, 4, "4" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hd_chart_scale_format_tick (cases[i].unit, cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_label_decisions (void)
{
  g_assert_cmpuint (hd_chart_label_stride (40, 90), ==, 3);
  g_assert_cmpuint (hd_chart_label_stride (40, 40), ==, 1);
  g_assert_cmpuint (hd_chart_label_stride (40, 10), ==, 1);
  g_assert_cmpuint (hd_chart_label_stride (0, 10), ==, G_MAXUINT);

  /* 6 rows in 600 px: a label of 88 px and its gap fit in 100, one of 89 does not */
  g_assert_true (hd_chart_bars_fit_upright (6, 600, 100 - HD_CHART_LABEL_GAP));
  g_assert_false (hd_chart_bars_fit_upright (6, 600, 100 - HD_CHART_LABEL_GAP + 1));
  g_assert_true (hd_chart_bars_fit_upright (0, 600, 1000));

  g_assert_cmpfloat (hd_chart_label_column (300, 500), ==, 200);
  g_assert_cmpfloat (hd_chart_label_column (120, 500), ==, 120);
  g_assert_cmpfloat (hd_chart_label_column (120, -5), ==, 0);
}

/* ---- layout ---- */

static gboolean
boxes_overlap (double ax, double ay, double aw, double ah,
               double bx, double by, double bw, double bh)
{
  return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

/* Nothing overlaps and nothing is cut: texts, legend swatches, bars. */
static void
assert_tidy (const HdChartLayout *layout)
{
  for (guint i = 0; i < layout->texts->len; i++)
    {
      const HdChartText *a = &g_array_index (layout->texts, HdChartText, i);

      g_assert_cmpfloat (a->x, >=, 0);
      g_assert_cmpfloat (a->y, >=, 0);
      g_assert_cmpfloat (a->x + a->width, <=, layout->width);
      g_assert_cmpfloat (a->y + a->height, <=, layout->height);
      for (guint j = i + 1; j < layout->texts->len; j++)
        {
          const HdChartText *b = &g_array_index (layout->texts, HdChartText, j);

          if (boxes_overlap (a->x, a->y, a->width, a->height, b->x, b->y, b->width, b->height))
            g_error ("\"%s\" overlaps \"%s\" at %gx%g", pango_layout_get_text (a->layout),
                     pango_layout_get_text (b->layout), layout->width, layout->height);
        }
      for (guint j = 0; j < layout->bars->len; j++)
        {
          const HdChartBox *b = &g_array_index (layout->bars, HdChartBar, j).box;

          g_assert_false (boxes_overlap (a->x, a->y, a->width, a->height, b->x, b->y, b->width, b->height));
        }
      for (guint j = 0; j < layout->keys->len; j++)
        {
          const HdChartBox *b = &g_array_index (layout->keys, HdChartKey, j).swatch;

          g_assert_false (boxes_overlap (a->x, a->y, a->width, a->height, b->x, b->y, b->width, b->height));
        }
    }
  for (guint i = 0; i < layout->bars->len; i++)
    {
      const HdChartBox *a = &g_array_index (layout->bars, HdChartBar, i).box;

      g_assert_cmpfloat (a->x, >=, floor (layout->plot.x));
      g_assert_cmpfloat (a->y, >=, floor (layout->plot.y));
      g_assert_cmpfloat (a->x + a->width, <=, ceil (layout->plot.x + layout->plot.width));
      g_assert_cmpfloat (a->y + a->height, <=, ceil (layout->plot.y + layout->plot.height));
      for (guint j = i + 1; j < layout->bars->len; j++)
        {
          const HdChartBox *b = &g_array_index (layout->bars, HdChartBar, j).box;

          g_assert_false (boxes_overlap (a->x, a->y, a->width, a->height, b->x, b->y, b->width, b->height));
        }
    }
}

static guint
count_texts (const HdChartLayout *layout,
             HdChartTextKind      kind)
{
  guint n = 0;

  for (guint i = 0; i < layout->texts->len; i++)
    if (g_array_index (layout->texts, HdChartText, i).kind == kind)
      n++;
  return n;
}

/* Every table at many sizes, each at least the height the widget asks for. */
static void
test_layout_tidy (void)
{
  HdReportTable *tables[] = {
    workload_table (6), workload_table (14), short_bars_table (), weeks_table (12), weeks_table (52),
    durations_table (), percent_table (),
  };
  static const double widths[] = { 240, 320, 480, 640, 800, 1000, 1400 };

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        {
          int minimum, natural;

          _hd_chart_measure (tables[t], context, GTK_ORIENTATION_VERTICAL, widths[w], &minimum, &natural);
          g_assert_cmpint (minimum, >, 0);
          g_assert_cmpint (minimum, <=, natural);
          for (int h = minimum; h <= natural + 200; h += MAX (1, (natural + 200 - minimum) / 4))
            {
              g_autoptr(HdChartLayout) layout = _hd_chart_layout_new (tables[t], context, widths[w], h);

              g_test_message ("%s at %gx%d", hd_report_table_get_id (tables[t]), widths[w], h);
              g_assert_false (layout->empty);
              assert_tidy (layout);
            }
        }
      hd_report_table_unref (tables[t]);
    }
}

static void
test_layout_upright (void)
{
  g_autoptr(HdReportTable) table = short_bars_table ();
  g_autoptr(HdChartLayout) layout = _hd_chart_layout_new (table, context, 600, 300);
  const HdChartBar *tallest = NULL;

  g_assert_false (layout->horizontal);
  g_assert_cmpuint (layout->series->len, ==, 1);
  g_assert_cmpuint (g_array_index (layout->series, HdChartSeries, 0).colour, ==, HD_CHART_COLOUR_PALETTE);
  /* the zero row has no bar, its figure still shows */
  g_assert_cmpuint (layout->bars->len, ==, 4);
  g_assert_cmpuint (count_texts (layout, HD_CHART_TEXT_VALUE), ==, 5);
  g_assert_cmpuint (count_texts (layout, HD_CHART_TEXT_CATEGORY), ==, 5);
  for (guint i = 0; i < layout->bars->len; i++)
    {
      const HdChartBar *bar = &g_array_index (layout->bars, HdChartBar, i);
      double value = hd_report_table_get_value (table, bar->row, 0);

      /* standing on the axis, as tall as its value */
      g_assert_cmpfloat (fabs (bar->box.y + bar->box.height - (layout->plot.y + layout->plot.height)), <=, 1);
      g_assert_cmpfloat (fabs (bar->box.height - hd_chart_scale_fraction (&layout->scale, value) * layout->plot.height), <=, 1);
      if (tallest == NULL || bar->box.height > tallest->box.height)
        tallest = bar;
    }
  g_assert_nonnull (tallest);
  g_assert_cmpuint (tallest->row, ==, 1);
  g_assert_cmpfloat (layout->scale.max, >=, 17);
}

static void
test_layout_long_labels (void)
{
  g_autoptr(HdReportTable) table = workload_table (6);
  g_autoptr(HdChartLayout) narrow = _hd_chart_layout_new (table, context, 500, 400);
  g_autoptr(HdChartLayout) wide = _hd_chart_layout_new (table, context, 5000, 400);

  /* names too long to stand under upright bars: bars lie down, names
   * right-aligned in a column of at most 40 % of the width */
  g_assert_true (narrow->horizontal);
  g_assert_false (wide->horizontal);
  for (guint i = 0; i < narrow->texts->len; i++)
    {
      const HdChartText *text = &g_array_index (narrow->texts, HdChartText, i);

      if (text->kind != HD_CHART_TEXT_CATEGORY)
        continue;
      g_assert_cmpfloat (text->width, <=, 0.4 * narrow->width);
      g_assert_cmpfloat (text->x + text->width, <=, narrow->plot.x);
    }
  g_assert_cmpuint (count_texts (narrow, HD_CHART_TEXT_CATEGORY), ==, 6);
  /* the overdue column is the table's alone */
  g_assert_cmpuint (narrow->series->len, ==, 4);
  for (guint s = 0; s < 4; s++)
    g_assert_cmpuint (g_array_index (narrow->series, HdChartSeries, s).colour, ==, HD_CHART_COLOUR_CRITICAL + s);
}

static void
test_layout_stacks (void)
{
  g_autoptr(HdReportTable) table = workload_table (6);
  g_autoptr(HdChartLayout) layout = _hd_chart_layout_new (table, context, 500, 400);

  for (guint r = 0; r < 6; r++)
    {
      const HdChartBar *previous = NULL;
      double total = 0;

      for (guint c = 0; c < 4; c++)
        total += hd_report_table_get_value (table, r, c);
      for (guint i = 0; i < layout->bars->len; i++)
        {
          const HdChartBar *bar = &g_array_index (layout->bars, HdChartBar, i);

          if (bar->row != r)
            continue;
          if (previous == NULL)
            g_assert_cmpfloat (bar->box.x, ==, round (layout->plot.x));
          else
            {
              /* in the columns' order, end to end but for a hairline */
              g_assert_cmpuint (bar->series, >, previous->series);
              g_assert_cmpfloat (bar->box.x - (previous->box.x + previous->box.width), <=, 1);
              g_assert_cmpfloat (bar->box.x - (previous->box.x + previous->box.width), >=, 0);
              g_assert_cmpfloat (bar->box.y, ==, previous->box.y);
            }
          previous = bar;
        }
      g_assert_nonnull (previous);
      g_assert_cmpfloat (fabs (previous->box.x + previous->box.width - layout->plot.x -
                               hd_chart_scale_fraction (&layout->scale, total) * layout->plot.width), <=, 1);
    }
}

static void
test_layout_lines (void)
{
  g_autoptr(HdReportTable) table = weeks_table (52);
  g_autoptr(HdChartLayout) layout = _hd_chart_layout_new (table, context, 500, 300);
  guint labels = count_texts (layout, HD_CHART_TEXT_CATEGORY);

  g_assert_false (layout->horizontal);
  g_assert_cmpuint (layout->bars->len, ==, 0);
  /* the week with no figure for "resolved" has no point */
  g_assert_cmpuint (layout->points->len, ==, 52 * 2 - 1);
  /* not every week's label fits: an evenly spaced few do */
  g_assert_cmpuint (labels, >, 1);
  g_assert_cmpuint (labels, <, 52);
  assert_tidy (layout);
}

static void
test_layout_empty (void)
{
  g_autoptr(HdReportTable) no_rows = workload_table (0);
  g_autoptr(HdReportTable) zeros = short_bars_table ();
  g_autoptr(HdReportTable) no_figures = percent_table ();
  g_autoptr(HdReportTable) zero_percent = percent_table ();
  HdReportTable *tables[] = { no_rows, zeros, no_figures };

  for (guint r = 0; r < 5; r++)
    hd_report_table_set_value (zeros, r, 0, 0);
  for (guint r = 0; r < 4; r++)
    {
      hd_report_table_set_value (no_figures, r, 0, NAN);
      hd_report_table_set_value (zero_percent, r, 0, 0);
    }

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autoptr(HdChartLayout) layout = _hd_chart_layout_new (tables[t], context, 400, 200);
      guint row;
      int series;

      g_assert_true (layout->empty);
      g_assert_cmpuint (layout->bars->len, ==, 0);
      g_assert_cmpuint (layout->keys->len, ==, 0);
      g_assert_cmpuint (layout->texts->len, ==, 1);
      g_assert_cmpuint (count_texts (layout, HD_CHART_TEXT_EMPTY), ==, 1);
      g_assert_false (_hd_chart_layout_hit (layout, 200, 100, &row, &series));
    }
  /* 0 % of tickets met a deadline: that is a figure */
  {
    g_autoptr(HdChartLayout) layout = _hd_chart_layout_new (zero_percent, context, 400, 200);

    g_assert_false (layout->empty);
  }
}

static void
test_layout_legend (void)
{
  g_autoptr(HdReportTable) table = durations_table ();
  g_autoptr(HdChartLayout) narrow = _hd_chart_layout_new (table, context, 300, 400);
  g_autoptr(HdChartLayout) wide = _hd_chart_layout_new (table, context, 1200, 400);
  double bottom = 0;

  g_assert_cmpuint (narrow->keys->len, ==, 4);
  for (guint i = 0; i < narrow->keys->len; i++)
    {
      const HdChartBox *swatch = &g_array_index (narrow->keys, HdChartKey, i).swatch;

      g_assert_cmpfloat (swatch->x + swatch->width, <=, narrow->width);
      bottom = MAX (bottom, swatch->y + swatch->height);
    }
  /* wrapped onto more lines when narrow, and the plot starts below it */
  g_assert_cmpfloat (narrow->top, >, wide->top);
  g_assert_cmpfloat (narrow->plot.y, >=, bottom);
  assert_tidy (narrow);
}

static void
test_layout_hit (void)
{
  g_autoptr(HdReportTable) table = workload_table (6);
  g_autoptr(HdChartLayout) layout = _hd_chart_layout_new (table, context, 500, 400);
  const HdChartBar *bar = &g_array_index (layout->bars, HdChartBar, 5);
  HdChartBox band;
  guint row;
  int series;

  g_assert_true (_hd_chart_layout_hit (layout, bar->box.x + bar->box.width / 2,
                                       bar->box.y + bar->box.height / 2, &row, &series));
  g_assert_cmpuint (row, ==, bar->row);
  g_assert_cmpint (series, ==, bar->series);

  /* over the row's label: the row, no series */
  g_assert_true (_hd_chart_layout_row_box (layout, 2, &band));
  g_assert_true (_hd_chart_layout_hit (layout, 4, band.y + band.height / 2, &row, &series));
  g_assert_cmpuint (row, ==, 2);
  g_assert_cmpint (series, ==, -1);

  /* over the legend: nothing */
  g_assert_false (_hd_chart_layout_hit (layout, 4, 4, &row, &series));
}

static void
test_layout_hit_lines (void)
{
  g_autoptr(HdReportTable) table = weeks_table (12);
  g_autoptr(HdChartLayout) layout = _hd_chart_layout_new (table, context, 600, 300);

  for (guint i = 0; i < layout->points->len; i++)
    {
      const HdChartPoint *point = &g_array_index (layout->points, HdChartPoint, i);
      guint row;
      int series;

      const HdChartPoint *found = NULL;

      g_assert_true (_hd_chart_layout_hit (layout, point->x, point->y, &row, &series));
      g_assert_cmpuint (row, ==, point->row);
      /* where the lines cross, either point is the one under the pointer */
      g_assert_cmpint (series, >=, 0);
      for (guint j = 0; j < layout->points->len; j++)
        if (g_array_index (layout->points, HdChartPoint, j).row == row &&
            (int) g_array_index (layout->points, HdChartPoint, j).series == series)
          found = &g_array_index (layout->points, HdChartPoint, j);
      g_assert_nonnull (found);
      g_assert_cmpfloat (found->y, ==, point->y);
    }
}

static void
test_measure (void)
{
  g_autoptr(HdReportTable) six = workload_table (6);
  g_autoptr(HdReportTable) twelve = workload_table (12);
  g_autoptr(HdReportTable) empty = workload_table (0);
  g_autoptr(HdReportTable) none = hd_report_table_new ("comments", "Comments", HD_REPORT_CHART_NONE, "Ticket");
  int min6, nat6, min12, nat12, minimum, natural;

  _hd_chart_measure (six, context, GTK_ORIENTATION_VERTICAL, 500, &min6, &nat6);
  _hd_chart_measure (twelve, context, GTK_ORIENTATION_VERTICAL, 500, &min12, &nat12);
  /* horizontal bars ask for room per row */
  g_assert_cmpint (min12, >, min6);
  g_assert_cmpint (nat12, >, nat6);
  g_assert_cmpint (nat6, ==, hd_chart_get_height_for_width (six, context, 500));

  _hd_chart_measure (empty, context, GTK_ORIENTATION_VERTICAL, 500, &minimum, &natural);
  g_assert_cmpint (minimum, >, 0);
  _hd_chart_measure (none, context, GTK_ORIENTATION_VERTICAL, 500, &minimum, &natural);
  g_assert_cmpint (natural, ==, 0);
  _hd_chart_measure (six, context, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural);
  g_assert_cmpint (minimum, >, 0);
  g_assert_cmpint (minimum, <=, natural);
}

/* ---- drawing ---- */

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  cairo_surface_flush (surface);
  return ((guint32 *) (cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface)))[x];
}

static void
test_draw_to_cairo (void)
{
  g_autoptr(HdReportTable) table = workload_table (6);
  g_autoptr(HdChartLayout) layout = _hd_chart_layout_new (table, context, 500, 400);
  const HdChartBar *bar = NULL;

  /* a critical bar big enough to look inside */
  for (guint i = 0; i < layout->bars->len && bar == NULL; i++)
    if (g_array_index (layout->bars, HdChartBar, i).series == 0 &&
        g_array_index (layout->bars, HdChartBar, i).box.width >= 4)
      bar = &g_array_index (layout->bars, HdChartBar, i);
  g_assert_nonnull (bar);

  for (int dark = 0; dark <= 1; dark++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 500, 400);
      cairo_t *cr = cairo_create (surface);

      hd_chart_draw_to_cairo (table, cr, 500, 400, context, dark);
      /* the badge's red, Adwaita's error background of each style */
      g_assert_cmphex (pixel_at (surface, bar->box.x + bar->box.width / 2, bar->box.y + bar->box.height / 2),
                       ==, dark ? 0xffc01c28 : 0xffe01b24);
      /* the bottom left corner, below the names and left of the figures, is left alone */
      g_assert_cmphex (pixel_at (surface, 0, 399), ==, 0);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* On paper, in points, with a context made for it: a line with a gap
 * (a week of no figure), bars, the empty state. */
static void
test_draw_to_pdf (void)
{
  HdReportTable *tables[] = { weeks_table (12), workload_table (6), workload_table (0) };
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_bytes, pdf, 595, 842);
  cairo_t *cr = cairo_create (surface);
  PangoContext *paper = pango_cairo_create_context (cr);

  pango_cairo_context_set_resolution (paper, 72);
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      int height = hd_chart_get_height_for_width (tables[t], paper, 480);

      g_assert_cmpint (height, >, 0);
      hd_chart_draw_to_cairo (tables[t], cr, 480, height, paper, FALSE);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_show_page (cr);
      hd_report_table_unref (tables[t]);
    }
  g_object_unref (paper);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (pdf->len, >, 4);
  g_assert_cmpmem (pdf->data, 4, "%PDF", 4);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  context = new_context ();

  g_test_add_func ("/chart/scale/nice-step", test_nice_step);
  g_test_add_func ("/chart/scale/counts", test_scale_counts);
  g_test_add_func ("/chart/scale/percent", test_scale_percent);
  g_test_add_func ("/chart/scale/durations", test_scale_durations);
  g_test_add_func ("/chart/scale/ratings", test_scale_ratings);
  g_test_add_func ("/chart/scale/fraction", test_scale_fraction);
  g_test_add_func ("/chart/scale/format", test_scale_format);
  g_test_add_func ("/chart/labels/decisions", test_label_decisions);
  g_test_add_func ("/chart/layout/tidy", test_layout_tidy);
  g_test_add_func ("/chart/layout/upright", test_layout_upright);
  g_test_add_func ("/chart/layout/long-labels", test_layout_long_labels);
  g_test_add_func ("/chart/layout/stacks", test_layout_stacks);
  g_test_add_func ("/chart/layout/lines", test_layout_lines);
  g_test_add_func ("/chart/layout/empty", test_layout_empty);
  g_test_add_func ("/chart/layout/legend", test_layout_legend);
  g_test_add_func ("/chart/layout/hit", test_layout_hit);
  g_test_add_func ("/chart/layout/hit-lines", test_layout_hit_lines);
  g_test_add_func ("/chart/measure", test_measure);
  g_test_add_func ("/chart/draw/cairo", test_draw_to_cairo);
  g_test_add_func ("/chart/draw/pdf", test_draw_to_pdf);

  status = g_test_run ();
  g_object_unref (context);
  return status;
}

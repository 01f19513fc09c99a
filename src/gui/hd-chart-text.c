/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-chart"

#include "config.h"

#include <math.h>

#include "hd-chart-private.h"

/* A chart's text: row labels and legend in the widget's font, figures
 * smaller with tabular digits so that they line up. */

#define SMALL_SCALE 0.85

void
_hd_chart_text_clear (gpointer data)
{
  HdChartText *text = data;

  g_clear_object (&text->layout);
}

static PangoLayout *
new_pango_layout (PangoContext    *context,
                  HdChartTextKind  kind,
                  const char      *text)
{
  PangoLayout *pango_layout = pango_layout_new (context);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  if (kind == HD_CHART_TEXT_TICK || kind == HD_CHART_TEXT_VALUE)
    {
      pango_attr_list_insert (attrs, pango_attr_scale_new (SMALL_SCALE));
      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
    }
  pango_layout_set_attributes (pango_layout, attrs);
  pango_layout_set_text (pango_layout, text, -1);
  return pango_layout;
}

/* The size @text would take, without adding it. */
void
_hd_chart_measure_text (PangoContext    *context,
                        HdChartTextKind  kind,
                        const char      *text,
                        double          *width,
                        double          *height)
{
  g_autoptr(PangoLayout) pango_layout = new_pango_layout (context, kind, text);
  int w, h;

  pango_layout_get_pixel_size (pango_layout, &w, &h);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

/* Adds a text to @layout, ellipsized to @max_width where that is
 * positive; returns its index. */
guint
_hd_chart_add_text (HdChartLayout   *layout,
                    PangoContext    *context,
                    HdChartTextKind  kind,
                    const char      *string,
                    double           max_width)
{
  HdChartText text = { new_pango_layout (context, kind, string), 0, 0, 0, 0, kind };
  int w, h;

  pango_layout_get_pixel_size (text.layout, &w, &h);
  if (max_width > 0 && w > max_width)
    {
      pango_layout_set_width (text.layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (text.layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (text.layout, &w, &h);
    }
  text.width = w;
  text.height = h;
  g_array_append_val (layout->texts, text);
  return layout->texts->len - 1;
}

/* Moves a text to (@x, @y), on whole pixels and inside the chart's width. */
void
_hd_chart_place_text (HdChartLayout *layout,
                      guint          index,
                      double         x,
                      double         y)
{
  HdChartText *text = &g_array_index (layout->texts, HdChartText, index);

  text->x = round (CLAMP (x, 0, MAX (0, layout->width - text->width)));
  text->y = round (y);
}

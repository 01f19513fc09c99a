/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hd-chart.h"
#include "hd-chart-private.h"

struct _HdChart
{
  GtkWidget      parent_instance;

  HdReportTable *table;
  HdChartLayout *layout;       /* for the last size drawn; NULL until then */
  GtkWidget     *alternative;  /* weak */
  int            hover_row;    /* -1: none */
};

G_DEFINE_FINAL_TYPE (HdChart, hd_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TABLE,
  PROP_ALTERNATIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
drop_layout (HdChart *self)
{
  g_clear_pointer (&self->layout, _hd_chart_layout_free);
}

static HdChartLayout *
ensure_layout (HdChart *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->layout != NULL && (self->layout->width != MAX (width, 1) || self->layout->height != MAX (height, 1)))
    drop_layout (self);
  if (self->layout == NULL && self->table != NULL)
    self->layout = _hd_chart_layout_new (self->table, gtk_widget_get_pango_context (GTK_WIDGET (self)),
                                         width, height);
  return self->layout;
}

static void
set_hover_row (HdChart *self,
               int      row)
{
  if (self->hover_row == row)
    return;
  self->hover_row = row;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The style sheet's colours where it names them, so the priorities look
 * as their badges do; Adwaita's own otherwise. */
static void
style_from_widget (HdChart      *self,
                   HdChartStyle *style)
{
  static const struct {
    guint       colour;
    const char *name;
  } named[] = {
    { HD_CHART_COLOUR_CRITICAL, "error_bg_color" },
    { HD_CHART_COLOUR_HIGH, "warning_bg_color" },
    { HD_CHART_COLOUR_MEDIUM, "accent_bg_color" },
  };
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA foreground;
  double luminance;

  gtk_style_context_get_color (context, &foreground);
  luminance = 0.2126 * foreground.red + 0.7152 * foreground.green + 0.0722 * foreground.blue;
  _hd_chart_style_init (style, luminance > 0.5);
  style->foreground = foreground;
  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    {
      GdkRGBA colour;

      if (gtk_style_context_lookup_color (context, named[i].name, &colour))
        style->colours[named[i].colour] = colour;
    }
}

static char *
describe (HdReportTable *table)
{
  guint n = hd_report_table_get_n_rows (table);

  if (n == 0 && hd_report_table_get_chart (table) != HD_REPORT_CHART_NONE)
    return g_strdup (_("No tickets in this range"));
  switch (hd_report_table_get_chart (table))
    {
    case HD_REPORT_CHART_BARS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Bar chart of %u row", "Bar chart of %u rows", n), n);
    case HD_REPORT_CHART_STACKED_BARS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Stacked bar chart of %u row",
                                           "Stacked bar chart of %u rows", n), n);
    case HD_REPORT_CHART_LINES:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Line chart of %u row", "Line chart of %u rows", n), n);
    case HD_REPORT_CHART_NONE:
    default:
      return g_strdup ("");
    }
}

static void
update_accessible (HdChart *self)
{
  g_autofree char *description = NULL;

  if (self->table == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }
  description = describe (self->table);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, hd_report_table_get_title (self->table),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
alternative_gone (gpointer  data,
                  GObject  *where_it_was)
{
  HdChart *self = data;

  self->alternative = NULL;
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALTERNATIVE]);
}

static void
append_figure (GString       *markup,
               HdReportTable *table,
               guint          row,
               guint          column,
               gboolean       bold)
{
  g_autofree char *figure = hd_report_table_format_cell (table, row, column);
  /* Translators: a series and its figure in a chart's tooltip, "High: 4" */
  g_autofree char *line = g_markup_printf_escaped (_("%s: %s"), hd_report_table_get_column_label (table, column), figure);

  g_string_append_printf (markup, bold ? "\n<b>%s</b>" : "\n%s", line);
}

/* A row's charted figures, the hovered series' in bold, a stack's total,
 * then the figures of the table alone (an overdue count). */
static char *
tooltip_markup (HdChart *self,
                guint    row,
                int      series)
{
  HdReportTable *table = self->table;
  const HdChartLayout *layout = self->layout;
  GString *markup = g_string_new (NULL);
  g_autofree char *heading = g_markup_escape_text (hd_report_table_get_row_label (table, row), -1);

  g_string_append_printf (markup, "<b>%s</b>", heading);
  for (guint s = 0; s < layout->series->len; s++)
    append_figure (markup, table, row, g_array_index (layout->series, HdChartSeries, s).column, (int) s == series);
  if (layout->kind == HD_REPORT_CHART_STACKED_BARS)
    {
      g_autofree char *figure = hd_chart_scale_format_tick (layout->unit, _hd_chart_layout_row_total (layout, row));
      g_autofree char *line = g_markup_printf_escaped (_("Total: %s"), figure);

      g_string_append_printf (markup, "\n%s", line);
    }
  for (guint c = 0; c < hd_report_table_get_n_columns (table); c++)
    if (!hd_report_table_get_column_charted (table, c) &&
        hd_report_table_get_column_unit (table, c) != HD_REPORT_UNIT_TEXT)
      append_figure (markup, table, row, c, FALSE);
  return g_string_free (markup, FALSE);
}

static gboolean
query_tooltip_cb (HdChart    *self,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip)
{
  g_autofree char *markup = NULL;
  guint row;
  int series;

  if (keyboard_mode || self->layout == NULL || !_hd_chart_layout_hit (self->layout, x, y, &row, &series))
    return FALSE;
  markup = tooltip_markup (self, row, series);
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

static void
motion_cb (HdChart                  *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  guint row;
  int series;

  if (self->layout != NULL && _hd_chart_layout_hit (self->layout, x, y, &row, &series))
    set_hover_row (self, row);
  else
    set_hover_row (self, -1);
}

static void
leave_cb (HdChart *self)
{
  set_hover_row (self, -1);
}

static void
hd_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  HdChart *self = HD_CHART (widget);

  if (self->table == NULL)
    {
      *minimum = *natural = 0;
      return;
    }
  _hd_chart_measure (self->table, gtk_widget_get_pango_context (widget), orientation, for_size, minimum, natural);
}

static GtkSizeRequestMode
hd_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* Bars are colour nodes; the grid beneath them and the axis, lines and
 * text over them are cairo, painted by the same code as paper. */
static void
hd_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  HdChart *self = HD_CHART (widget);
  HdChartLayout *layout = ensure_layout (self);
  graphene_rect_t bounds;
  HdChartStyle style;
  cairo_t *cr;

  if (layout == NULL || layout->kind == HD_REPORT_CHART_NONE)
    return;
  style_from_widget (self, &style);
  graphene_rect_init (&bounds, 0, 0, layout->width, layout->height);

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  _hd_chart_paint_back (layout, cr, &style, self->hover_row);
  cairo_destroy (cr);

  for (guint i = 0; i < layout->bars->len; i++)
    {
      const HdChartBar *bar = &g_array_index (layout->bars, HdChartBar, i);
      graphene_rect_t box;

      graphene_rect_init (&box, bar->box.x, bar->box.y, bar->box.width, bar->box.height);
      gtk_snapshot_append_color (snapshot, _hd_chart_style_series_colour (&style, layout, bar->series), &box);
    }

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  _hd_chart_paint_front (layout, cr, &style, self->hover_row);
  cairo_destroy (cr);
}

static void
hd_chart_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  HdChart *self = HD_CHART (widget);

  drop_layout (self);
  self->hover_row = -1;
}

/* Fonts may have changed; the parent class queues a resize or a redraw
 * as the change needs. */
static void
hd_chart_css_changed (GtkWidget         *widget,
                      GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (hd_chart_parent_class)->css_changed (widget, change);

  drop_layout (HD_CHART (widget));
}

static void
hd_chart_system_setting_changed (GtkWidget        *widget,
                                 GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (hd_chart_parent_class)->system_setting_changed (widget, setting);

  drop_layout (HD_CHART (widget));
}

static void
hd_chart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  HdChart *self = HD_CHART (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      g_value_set_boxed (value, self->table);
      break;
    case PROP_ALTERNATIVE:
      g_value_set_object (value, self->alternative);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_chart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  HdChart *self = HD_CHART (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      hd_chart_set_table (self, g_value_get_boxed (value));
      break;
    case PROP_ALTERNATIVE:
      hd_chart_set_alternative (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_chart_dispose (GObject *object)
{
  HdChart *self = HD_CHART (object);

  hd_chart_set_alternative (self, NULL);
  drop_layout (self);
  g_clear_pointer (&self->table, hd_report_table_unref);

  G_OBJECT_CLASS (hd_chart_parent_class)->dispose (object);
}

static void
hd_chart_class_init (HdChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_chart_dispose;
  object_class->get_property = hd_chart_get_property;
  object_class->set_property = hd_chart_set_property;

  widget_class->measure = hd_chart_measure;
  widget_class->get_request_mode = hd_chart_get_request_mode;
  widget_class->snapshot = hd_chart_snapshot;
  widget_class->size_allocate = hd_chart_size_allocate;
  widget_class->css_changed = hd_chart_css_changed;
  widget_class->system_setting_changed = hd_chart_system_setting_changed;

  properties[PROP_TABLE] =
    g_param_spec_boxed ("table", NULL, NULL, HD_TYPE_REPORT_TABLE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALTERNATIVE] =
    g_param_spec_object ("alternative", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hd_chart_init (HdChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->hover_row = -1;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

GtkWidget *
hd_chart_new (HdReportTable *table)
{
  return g_object_new (HD_TYPE_CHART, "table", table, NULL);
}

HdReportTable *
hd_chart_get_table (HdChart *self)
{
  g_return_val_if_fail (HD_IS_CHART (self), NULL);

  return self->table;
}

void
hd_chart_set_table (HdChart       *self,
                    HdReportTable *table)
{
  g_return_if_fail (HD_IS_CHART (self));

  if (self->table == table)
    return;
  g_clear_pointer (&self->table, hd_report_table_unref);
  if (table != NULL)
    self->table = hd_report_table_ref (table);
  drop_layout (self);
  self->hover_row = -1;
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TABLE]);
}

GtkWidget *
hd_chart_get_alternative (HdChart *self)
{
  g_return_val_if_fail (HD_IS_CHART (self), NULL);

  return self->alternative;
}

/**
 * hd_chart_set_alternative:
 * @alternative: (nullable): the widget holding the chart's figures as text
 *
 * Relates the chart to @alternative for assistive technologies: the
 * chart is described by it.
 */
void
hd_chart_set_alternative (HdChart   *self,
                          GtkWidget *alternative)
{
  g_return_if_fail (HD_IS_CHART (self));
  g_return_if_fail (alternative == NULL || GTK_IS_WIDGET (alternative));

  if (self->alternative == alternative)
    return;
  if (self->alternative != NULL)
    g_object_weak_unref (G_OBJECT (self->alternative), alternative_gone, self);
  self->alternative = alternative;
  if (alternative != NULL)
    {
      g_object_weak_ref (G_OBJECT (alternative), alternative_gone, self);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      alternative, NULL, -1);
    }
  else
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALTERNATIVE]);
}

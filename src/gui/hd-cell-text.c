/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cell-text"

#include "config.h"

#include "hd-cell-text.h"

/* GTK 4.8's list views keep 205 rows of widgets alive whatever the height
 * of the window, and measure, allocate and draw them all each time their
 * rows change. A GtkLabel lays its text out for each of those steps, so a
 * new search over a queue of nine columns shaped some 5,000 texts for one
 * frame. This cell is one line high whatever its text (the height of its
 * font) and, cut short with an ellipsis, asks for no width (it is meant
 * for columns of a fixed width, which the user may change); it lays its
 * text out once for each text, when it is drawn. */

struct _HdCellText
{
  GtkWidget    parent_instance;

  char        *text;
  gboolean     ellipsize;
  PangoLayout *layout;         /* NULL until measured across or drawn */
  int          layout_width;   /* the width it is cut to, Pango units; -1: none */
};

G_DEFINE_FINAL_TYPE (HdCellText, hd_cell_text, GTK_TYPE_WIDGET)

/* The height of a line in @widget's font, kept for each font: the same
 * few fonts measure every cell of a list. */
static int
line_height (GtkWidget *widget)
{
  static GHashTable *heights;  /* PangoFontDescription -> height + 1 */
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  PangoFontMetrics *metrics;
  int height;

  if (heights == NULL)
    heights = g_hash_table_new_full ((GHashFunc) pango_font_description_hash,
                                     (GEqualFunc) pango_font_description_equal,
                                     (GDestroyNotify) pango_font_description_free, NULL);
  height = GPOINTER_TO_INT (g_hash_table_lookup (heights, font));
  if (height > 0)
    return height - 1;
  metrics = pango_context_get_metrics (context, font, NULL);
  height = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (metrics) + pango_font_metrics_get_descent (metrics));
  pango_font_metrics_unref (metrics);
  g_hash_table_insert (heights, pango_font_description_copy (font), GINT_TO_POINTER (height + 1));
  return height;
}

/* The text laid out, cut to @width pixels (-1: whole). */
static PangoLayout *
ensure_layout (HdCellText *self,
               int         width)
{
  int pango_width = self->ellipsize && width >= 0 ? width * PANGO_SCALE : -1;

  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);
      pango_layout_set_ellipsize (self->layout, self->ellipsize ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
      /* what libadwaita's "numeric" asks of a GtkLabel: figures of one width */
      if (gtk_widget_has_css_class (GTK_WIDGET (self), "numeric"))
        {
          PangoAttrList *attributes = pango_attr_list_new ();

          pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum=1"));
          pango_layout_set_attributes (self->layout, attributes);
          pango_attr_list_unref (attributes);
        }
      self->layout_width = -1;
    }
  if (pango_width != self->layout_width)
    {
      pango_layout_set_width (self->layout, pango_width);
      self->layout_width = pango_width;
    }
  return self->layout;
}

static void
hd_cell_text_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  HdCellText *self = HD_CELL_TEXT (widget);
  int width = 0;

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = *natural = line_height (widget);
      return;
    }
  /* cut short, it takes the width of its column, which has one of its own */
  if (!self->ellipsize && self->text != NULL && self->text[0] != '\0')
    pango_layout_get_pixel_size (ensure_layout (self, -1), &width, NULL);
  *minimum = *natural = width;
}

static void
hd_cell_text_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  HdCellText *self = HD_CELL_TEXT (widget);
  int width = gtk_widget_get_width (widget);
  PangoLayout *layout;
  PangoRectangle logical;
  GdkRGBA color;
  float x;

  if (self->text == NULL || self->text[0] == '\0' || width <= 0)
    return;
  layout = ensure_layout (self, width);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  x = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? width - logical.width : 0;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, (gtk_widget_get_height (widget) - logical.height) / 2));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

/* The font may have changed: laid out again when next asked. */
static void
hd_cell_text_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (hd_cell_text_parent_class)->css_changed (widget, change);
  g_clear_object (&HD_CELL_TEXT (widget)->layout);
}

static void
hd_cell_text_system_setting_changed (GtkWidget        *widget,
                                     GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (hd_cell_text_parent_class)->system_setting_changed (widget, setting);
  g_clear_object (&HD_CELL_TEXT (widget)->layout);
  gtk_widget_queue_resize (widget);
}

static void
hd_cell_text_finalize (GObject *object)
{
  HdCellText *self = (HdCellText *) object;

  g_clear_object (&self->layout);
  g_free (self->text);

  G_OBJECT_CLASS (hd_cell_text_parent_class)->finalize (object);
}

static void
hd_cell_text_class_init (HdCellTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hd_cell_text_finalize;
  widget_class->measure = hd_cell_text_measure;
  widget_class->snapshot = hd_cell_text_snapshot;
  widget_class->css_changed = hd_cell_text_css_changed;
  widget_class->system_setting_changed = hd_cell_text_system_setting_changed;

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
hd_cell_text_init (HdCellText *self)
{
  self->layout_width = -1;
}

/* A cell whose text is cut short to its width with @ellipsize, or
 * always as wide as its text. */
GtkWidget *
hd_cell_text_new (gboolean ellipsize)
{
  HdCellText *self = g_object_new (HD_TYPE_CELL_TEXT, NULL);

  self->ellipsize = ellipsize;
  return GTK_WIDGET (self);
}

void
hd_cell_text_set_text (HdCellText *self,
                       const char *text)
{
  g_return_if_fail (HD_IS_CELL_TEXT (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_object (&self->layout);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->text, -1);
  /* one line high whatever it says: only as wide as its text it resizes */
  if (self->ellipsize)
    gtk_widget_queue_draw (GTK_WIDGET (self));
  else
    gtk_widget_queue_resize (GTK_WIDGET (self));
}

const char *
hd_cell_text_get_text (HdCellText *self)
{
  g_return_val_if_fail (HD_IS_CELL_TEXT (self), NULL);

  return self->text;
}

/* Whether the text as drawn is cut short. */
gboolean
hd_cell_text_is_ellipsized (HdCellText *self)
{
  g_return_val_if_fail (HD_IS_CELL_TEXT (self), FALSE);

  if (!self->ellipsize || self->text == NULL || self->text[0] == '\0')
    return FALSE;
  return pango_layout_is_ellipsized (ensure_layout (self, gtk_widget_get_width (GTK_WIDGET (self))));
}

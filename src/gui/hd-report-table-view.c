/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report-table-view"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-report-table-view.h"

struct _HdReportTableView
{
  GtkWidget      parent_instance;

  GtkGrid       *grid;
  HdReportTable *table;
};

G_DEFINE_FINAL_TYPE (HdReportTableView, hd_report_table_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Text columns (comments) wrap between these many characters; the rest
 * keep to one line, and a table too wide scrolls sideways. */
#define TEXT_MIN_CHARS 20
#define TEXT_MAX_CHARS 48

static gboolean
is_text (HdReportTable *table,
         guint          column)
{
  return hd_report_table_get_column_unit (table, column) == HD_REPORT_UNIT_TEXT;
}

static GtkWidget *
new_label (const char *text,
           gboolean    end,
           gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), end ? 1 : 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  if (wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), TEXT_MIN_CHARS);
      gtk_label_set_max_width_chars (GTK_LABEL (label), TEXT_MAX_CHARS);
    }
  return label;
}

static void
add_heading (HdReportTableView *self)
{
  HdReportTable *table = self->table;
  guint n_columns = hd_report_table_get_n_columns (table);
  GtkWidget *label = new_label (hd_report_table_get_row_heading (table), FALSE, FALSE);

  gtk_widget_add_css_class (label, "heading");
  gtk_grid_attach (self->grid, label, 0, 0, 1, 1);
  for (guint c = 0; c < n_columns; c++)
    {
      label = new_label (hd_report_table_get_column_label (table, c), !is_text (table, c), FALSE);
      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (self->grid, label, c + 1, 0, 1, 1);
    }
  gtk_grid_attach (self->grid, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL), 0, 1, n_columns + 1, 1);
}

static void
add_row (HdReportTableView *self,
         guint              row)
{
  HdReportTable *table = self->table;
  const char *row_label = hd_report_table_get_row_label (table, row);
  GtkWidget *label = new_label (row_label, FALSE, FALSE);

  gtk_grid_attach (self->grid, label, 0, row + 2, 1, 1);
  for (guint c = 0; c < hd_report_table_get_n_columns (table); c++)
    {
      g_autofree char *text = hd_report_table_format_cell (table, row, c);
      /* Translators: what a figure of a report's table is, "Dana Whitfield, Critical" */
      g_autofree char *description = g_strdup_printf (_("%s, %s"), row_label,
                                                      hd_report_table_get_column_label (table, c));

      label = new_label (text, !is_text (table, c), is_text (table, c));
      if (!is_text (table, c))
        gtk_widget_add_css_class (label, "numeric");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
      gtk_grid_attach (self->grid, label, c + 1, row + 2, 1, 1);
    }
}

static void
rebuild (HdReportTableView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  if (self->table == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  hd_report_table_get_title (self->table), -1);

  add_heading (self);
  for (guint r = 0; r < hd_report_table_get_n_rows (self->table); r++)
    add_row (self, r);
  if (hd_report_table_get_n_rows (self->table) == 0)
    {
      GtkWidget *label = new_label (_("No tickets in this range"), FALSE, FALSE);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (self->grid, label, 0, 2, hd_report_table_get_n_columns (self->table) + 1, 1);
    }
}

static void
hd_report_table_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  HdReportTableView *self = HD_REPORT_TABLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      g_value_set_boxed (value, self->table);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_report_table_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  HdReportTableView *self = HD_REPORT_TABLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      hd_report_table_view_set_table (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_report_table_view_dispose (GObject *object)
{
  HdReportTableView *self = HD_REPORT_TABLE_VIEW (object);

  g_clear_pointer ((GtkWidget **) &self->grid, gtk_widget_unparent);
  g_clear_pointer (&self->table, hd_report_table_unref);

  G_OBJECT_CLASS (hd_report_table_view_parent_class)->dispose (object);
}

static void
hd_report_table_view_class_init (HdReportTableViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_report_table_view_dispose;
  object_class->get_property = hd_report_table_view_get_property;
  object_class->set_property = hd_report_table_view_set_property;

  properties[PROP_TABLE] =
    g_param_spec_boxed ("table", NULL, NULL, HD_TYPE_REPORT_TABLE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reporttable");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hd_report_table_view_init (HdReportTableView *self)
{
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->grid, 24);
  gtk_grid_set_row_spacing (self->grid, 8);
  gtk_widget_set_parent (GTK_WIDGET (self->grid), GTK_WIDGET (self));
}

GtkWidget *
hd_report_table_view_new (HdReportTable *table)
{
  return g_object_new (HD_TYPE_REPORT_TABLE_VIEW, "table", table, NULL);
}

HdReportTable *
hd_report_table_view_get_table (HdReportTableView *self)
{
  g_return_val_if_fail (HD_IS_REPORT_TABLE_VIEW (self), NULL);

  return self->table;
}

void
hd_report_table_view_set_table (HdReportTableView *self,
                                HdReportTable     *table)
{
  g_return_if_fail (HD_IS_REPORT_TABLE_VIEW (self));

  if (self->table == table)
    return;
  g_clear_pointer (&self->table, hd_report_table_unref);
  if (table != NULL)
    self->table = hd_report_table_ref (table);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TABLE]);
}

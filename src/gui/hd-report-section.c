/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report-section"

#include "config.h"

#include "hd-chart.h"
#include "hd-report-section.h"
#include "hd-report-table-view.h"

struct _HdReportSection
{
  GtkWidget  parent_instance;

  GtkWidget *title;
  GtkWidget *chart;            /* NULL: the table alone */
  GtkWidget *card;             /* the table, in a card that scrolls sideways */
  GtkWidget *view;             /* the table, in the card */
};

G_DEFINE_FINAL_TYPE (HdReportSection, hd_report_section, GTK_TYPE_WIDGET)

/* Space under the title, and between the chart and the table. */
#define TITLE_GAP 12
#define SPACING   24

static int
height_for_width (GtkWidget *widget,
                  int        width)
{
  int minimum, natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural, NULL, NULL);
  return natural;
}

/* The card is as tall as its table at the width the table gets: the
 * card's, or the table's least when that is wider and it scrolls. (The
 * scrolled window would answer for its least width in every case.) */
static int
card_height (HdReportSection *self,
             int              width)
{
  int minimum, natural;

  gtk_widget_measure (self->view, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  return height_for_width (self->view, MAX (width, minimum));
}

static int
card_width (HdReportSection *self,
            int              width)
{
  int minimum, natural;

  gtk_widget_measure (self->card, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  return width < 0 ? natural : CLAMP (natural, minimum, MAX (width, minimum));
}

/* Side by side where both fit at their natural widths: a wide table
 * goes under its chart rather than squeeze it. */
static gboolean
is_wide (HdReportSection *self,
         int              width)
{
  int minimum, natural;

  if (self->chart == NULL)
    return FALSE;
  gtk_widget_measure (self->chart, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  return width >= natural + SPACING + card_width (self, -1);
}

static int
body_height (HdReportSection *self,
             int              width)
{
  int table_width = card_width (self, width);

  if (self->chart == NULL)
    return card_height (self, table_width);
  if (is_wide (self, width))
    return MAX (height_for_width (self->chart, width - table_width - SPACING),
                card_height (self, table_width));
  return height_for_width (self->chart, width) + SPACING + card_height (self, table_width);
}

static void
hd_report_section_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  HdReportSection *self = HD_REPORT_SECTION (widget);
  int title_min, title_nat, card_min, card_nat, chart_min = 0, chart_nat = 0;

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      int width = for_size;

      if (width < 0)
        gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
      *minimum = *natural = height_for_width (self->title, width) + TITLE_GAP + body_height (self, width);
      return;
    }
  gtk_widget_measure (self->title, orientation, -1, &title_min, &title_nat, NULL, NULL);
  gtk_widget_measure (self->card, orientation, -1, &card_min, &card_nat, NULL, NULL);
  if (self->chart != NULL)
    gtk_widget_measure (self->chart, orientation, -1, &chart_min, &chart_nat, NULL, NULL);
  *minimum = MAX (title_min, MAX (card_min, chart_min));
  *natural = MAX (title_nat, self->chart != NULL ? chart_nat + SPACING + card_nat : card_nat);
}

static GtkSizeRequestMode
hd_report_section_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
place (GtkWidget *child,
       int        x,
       int        y,
       int        width,
       int        height)
{
  gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, width, height }, -1);
}

static void
hd_report_section_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  HdReportSection *self = HD_REPORT_SECTION (widget);
  int title_height = height_for_width (self->title, width);
  int table_width = card_width (self, width);
  int y = title_height + TITLE_GAP;

  place (self->title, 0, 0, width, title_height);
  if (self->chart != NULL && is_wide (self, width))
    {
      int chart_width = width - table_width - SPACING;

      place (self->chart, 0, y, chart_width, height_for_width (self->chart, chart_width));
      place (self->card, chart_width + SPACING, y, table_width, card_height (self, table_width));
      return;
    }
  if (self->chart != NULL)
    {
      int chart_height = height_for_width (self->chart, width);

      place (self->chart, 0, y, width, chart_height);
      y += chart_height + SPACING;
    }
  place (self->card, 0, y, table_width, card_height (self, table_width));
}

static void
hd_report_section_dispose (GObject *object)
{
  HdReportSection *self = HD_REPORT_SECTION (object);

  g_clear_pointer (&self->title, gtk_widget_unparent);
  g_clear_pointer (&self->chart, gtk_widget_unparent);
  self->view = NULL;
  g_clear_pointer (&self->card, gtk_widget_unparent);

  G_OBJECT_CLASS (hd_report_section_parent_class)->dispose (object);
}

static void
hd_report_section_class_init (HdReportSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_report_section_dispose;
  widget_class->measure = hd_report_section_measure;
  widget_class->get_request_mode = hd_report_section_get_request_mode;
  widget_class->size_allocate = hd_report_section_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "reportsection");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hd_report_section_init (HdReportSection *self)
{
}

static GtkWidget *
new_card (GtkWidget *view)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  /* a table wider than the page scrolls sideways rather than widen it */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_add_css_class (view, "hd-report-table");
  gtk_box_append (GTK_BOX (card), scrolled);
  gtk_widget_add_css_class (card, "card");
  return card;
}

GtkWidget *
hd_report_section_new (HdReportTable *table)
{
  HdReportSection *self;
  GtkWidget *view;

  g_return_val_if_fail (table != NULL, NULL);

  self = g_object_new (HD_TYPE_REPORT_SECTION, NULL);
  self->title = gtk_label_new (hd_report_table_get_title (table));
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_wrap (GTK_LABEL (self->title), TRUE);
  gtk_widget_add_css_class (self->title, "title-4");
  gtk_widget_set_parent (self->title, GTK_WIDGET (self));

  view = self->view = hd_report_table_view_new (table);
  if (hd_report_table_get_chart (table) != HD_REPORT_CHART_NONE && hd_report_table_get_n_rows (table) > 0)
    {
      self->chart = hd_chart_new (table);
      hd_chart_set_alternative (HD_CHART (self->chart), view);
      gtk_widget_set_parent (self->chart, GTK_WIDGET (self));
    }
  self->card = new_card (view);
  gtk_widget_set_parent (self->card, GTK_WIDGET (self));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL, -1);
  return GTK_WIDGET (self);
}

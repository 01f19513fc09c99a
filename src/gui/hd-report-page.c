/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hd-report-page.h"
#include "hd-report-section.h"

struct _HdReportPage
{
  GtkWidget      parent_instance;

  GtkStack      *stack;
  AdwStatusPage *error_page;
  GtkBox        *sections;
  GtkLabel      *summary;

  HdReportKind   kind;
};

G_DEFINE_FINAL_TYPE (HdReportPage, hd_report_page, GTK_TYPE_WIDGET)

/* What each report counts, in a line above its tables. */
static const char * const summaries[HD_N_REPORTS] = {
  [HD_REPORT_WORKLOAD] = N_("The tickets created in the range that are still open, by who holds them, "
                            "and how many of them are overdue."),
  [HD_REPORT_BACKLOG] = N_("The tickets created in the range that are still open, by how many business days "
                           "they have waited."),
  [HD_REPORT_VOLUME] = N_("The tickets created in the range, by week, topic and location, and the tickets "
                          "resolved in it."),
  [HD_REPORT_SLA] = N_("How many response and resolution deadlines of the tickets created in the range were met, "
                       "and how long first responses and resolutions took in business time."),
  [HD_REPORT_ESCALATIONS] = N_("The escalations that happened in the range, and how requesters rated the help "
                               "they got in the surveys they answered in it."),
};

static void
remove_sections (HdReportPage *self)
{
  GtkWidget *child = gtk_widget_get_next_sibling (GTK_WIDGET (self->summary));

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      gtk_box_remove (self->sections, child);
      child = next;
    }
}

static void
hd_report_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HD_TYPE_REPORT_PAGE);

  G_OBJECT_CLASS (hd_report_page_parent_class)->dispose (object);
}

static void
hd_report_page_class_init (HdReportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_report_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/helpdesk/HelpDesk/hd-report-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HdReportPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HdReportPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, HdReportPage, sections);
  gtk_widget_class_bind_template_child (widget_class, HdReportPage, summary);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hd_report_page_init (HdReportPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hd_report_page_new (HdReportKind kind)
{
  HdReportPage *self;

  g_return_val_if_fail (kind < HD_N_REPORTS, NULL);

  self = g_object_new (HD_TYPE_REPORT_PAGE, NULL);
  self->kind = kind;
  gtk_label_set_text (self->summary, hd_report_page_summarize (kind));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  hd_report_kind_get_title (kind), -1);
  return GTK_WIDGET (self);
}

HdReportKind
hd_report_page_get_kind (HdReportPage *self)
{
  g_return_val_if_fail (HD_IS_REPORT_PAGE (self), 0);

  return self->kind;
}

/* Replaces what the page shows with @tables (HdReportTable), in order. */
void
hd_report_page_show_tables (HdReportPage *self,
                            GPtrArray    *tables)
{
  g_return_if_fail (HD_IS_REPORT_PAGE (self));
  g_return_if_fail (tables != NULL);

  remove_sections (self);
  for (guint i = 0; i < tables->len; i++)
    gtk_box_append (self->sections, hd_report_section_new (g_ptr_array_index (tables, i)));
  gtk_stack_set_visible_child_name (self->stack, "report");
}

void
hd_report_page_show_error (HdReportPage *self,
                           const GError *error)
{
  g_autofree char *description = NULL;

  g_return_if_fail (HD_IS_REPORT_PAGE (self));
  g_return_if_fail (error != NULL);

  description = g_strdup_printf (_("The figures could not be counted from the tickets on this computer: %s."),
                                 error->message);
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* The line that says what @kind counts, translated. */
const char *
hd_report_page_summarize (HdReportKind kind)
{
  g_return_val_if_fail (kind < HD_N_REPORTS, NULL);

  return _(summaries[kind]);
}

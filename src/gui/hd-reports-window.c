/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-reports-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-report-csv.h"
#include "hd-report-document.h"
#include "hd-report-filter-bar.h"
#include "hd-report-page.h"
#include "hd-report-range.h"
#include "hd-reports-window.h"
#include "hd-time.h"

struct _HdReportsWindow
{
  AdwWindow             parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *stack;
  GtkSpinner           *spinner;
  HdReportFilterBar    *filter_bar;

  HdAccount            *account;
  HdReportPage         *pages[HD_N_REPORTS];
  GPtrArray            *results[HD_N_REPORTS];  /* each report's tables, once counted */
  GDateTime            *counted_at;
  GCancellable         *cancellable;  /* the count in flight */
  gboolean              counting;
  gboolean              recount;      /* the cache changed meanwhile */
  guint                 clock_id;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (HdReportsWindow, hd_reports_window, ADW_TYPE_WINDOW)

/* Overdue tickets and open ones' ages change with the clock alone. */
#define RECOUNT_SECONDS 60

static const char * const page_icons[HD_N_REPORTS] = {
  [HD_REPORT_WORKLOAD] = "system-users-symbolic",
  [HD_REPORT_BACKLOG] = "document-open-recent-symbolic",
  [HD_REPORT_VOLUME] = "mail-send-receive-symbolic",
  [HD_REPORT_SLA] = "alarm-symbolic",
  [HD_REPORT_ESCALATIONS] = "starred-symbolic",
};

/* The reports counted for one filter. */
typedef struct {
  HdReportsWindow *self;
  GCancellable    *cancellable;
  GDateTime       *at;         /* the instant counted */
} Count;

typedef void (*SaveFunc) (HdReportsWindow *self,
                          GFile           *file);

static void count (HdReportsWindow *self,
                   gboolean         same_filter);

static void
count_free (Count *c)
{
  g_object_unref (c->self);
  g_object_unref (c->cancellable);
  g_date_time_unref (c->at);
  g_free (c);
}

static HdReportKind
current_kind (HdReportsWindow *self)
{
  GtkWidget *page = adw_view_stack_get_visible_child (self->stack);

  return page != NULL ? hd_report_page_get_kind (HD_REPORT_PAGE (page)) : HD_REPORT_WORKLOAD;
}

static gboolean
all_counted (HdReportsWindow *self)
{
  for (guint k = 0; k < HD_N_REPORTS; k++)
    if (self->results[k] == NULL)
      return FALSE;
  return TRUE;
}

/* Exports need figures, all of them for PDF and paper. */
static void
update_actions (HdReportsWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-csv", self->results[current_kind (self)] != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf", all_counted (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.print", all_counted (self));
}

static void
show_toast (HdReportsWindow *self,
            AdwToast        *toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* "workload-2026-09-01-to-2026-09-28.csv": what, over which days */
static char *
file_name (HdReportsWindow *self,
           const char      *what,
           const char      *extension)
{
  const HdReportFilter *filter = hd_report_filter_bar_get_filter (self->filter_bar);
  g_autofree char *first = hd_date_format (filter->from);
  g_autofree char *last = hd_date_format (filter->to - 1);

  return g_strdup_printf ("%s-%s-to-%s.%s", what, first, last, extension);
}

static HdReportDocument *
new_document (HdReportsWindow *self)
{
  const HdReportFilter *filter = hd_report_filter_bar_get_filter (self->filter_bar);
  g_autofree char *range = hd_report_range_format (filter->from, filter->to);
  g_autofree char *filters = hd_report_filter_bar_describe (self->filter_bar);
  HdReportDocument *document = hd_report_document_new (hd_plan_get_name (hd_account_get_plan (self->account)),
                                                       range, filters, self->counted_at);

  for (HdReportKind k = 0; k < HD_N_REPORTS; k++)
    hd_report_document_add_report (document, hd_report_kind_get_title (k), hd_report_page_summarize (k),
                                   self->results[k]);
  return document;
}

/* Counting */

static void
counted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Count *c = user_data;
  HdReportsWindow *self = c->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reports = hd_report_run_all_finish (HD_CACHE (source), result, &error);

  /* a count for a filter since replaced, or a window since closed */
  if (c->cancellable != self->cancellable)
    {
      count_free (c);
      return;
    }
  g_clear_pointer (&self->counted_at, g_date_time_unref);
  self->counted_at = g_date_time_ref (c->at);
  for (HdReportKind k = 0; k < HD_N_REPORTS; k++)
    {
      g_clear_pointer (&self->results[k], g_ptr_array_unref);
      if (reports == NULL)
        {
          hd_report_page_show_error (self->pages[k], error);
          continue;
        }
      self->results[k] = g_ptr_array_ref (g_ptr_array_index (reports, k));
      hd_report_page_show_tables (self->pages[k], self->results[k]);
    }
  self->counting = FALSE;
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  update_actions (self);
  count_free (c);
  if (self->recount)
    count (self, TRUE);
}

/* Counts every report for the filter shown, in a worker thread; a count
 * still running is for a filter no longer asked for, and is cancelled.
 * For the @same_filter (the cache changed), the figures shown stay, and
 * can be exported, until the new ones replace them: a busy day's syncs
 * recount the reports every few seconds, and an export would otherwise
 * be refused as often. */
static void
count (HdReportsWindow *self,
       gboolean         same_filter)
{
  const HdReportFilter *filter = hd_report_filter_bar_get_filter (self->filter_bar);
  Count *c = g_new0 (Count, 1);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->counting = TRUE;
  self->recount = FALSE;
  for (HdReportKind k = 0; k < HD_N_REPORTS && !same_filter; k++)
    g_clear_pointer (&self->results[k], g_ptr_array_unref);
  c->self = g_object_ref (self);
  c->cancellable = g_object_ref (self->cancellable);
  c->at = g_date_time_new_now_local ();
  hd_report_run_all_async (hd_account_get_cache (self->account), hd_account_get_plan (self->account), filter,
                           g_date_time_to_unix (c->at), self->cancellable, counted_cb, c);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);
  update_actions (self);
}

/* The figures follow the cache, and the clock (clock_cb()); a sync's burst
 * of changes makes one count after the one running. */
static void
cache_changed_cb (HdReportsWindow *self)
{
  if (self->counting)
    self->recount = TRUE;
  else
    count (self, TRUE);
}

static gboolean
clock_cb (gpointer user_data)
{
  cache_changed_cb (user_data);
  return G_SOURCE_CONTINUE;
}

static void
filter_changed_cb (HdReportsWindow *self)
{
  count (self, FALSE);
}

static void
page_changed_cb (HdReportsWindow *self)
{
  update_actions (self);
}

/* Saving */

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HdReportsWindow) self = user_data;
  GFile *file = G_FILE (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (!g_file_replace_contents_finish (file, result, NULL, &error))
    {
      text = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
      show_toast (self, adw_toast_new (text));
      return;
    }
  text = g_strdup_printf (_("Saved “%s”"), name);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "reports.open");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  show_toast (self, toast);
}

/* The filter changed while the file was chosen, and the figures that
 * would be saved are those of no filter shown. */
static void
show_recounting (HdReportsWindow *self)
{
  show_toast (self, adw_toast_new (_("The reports are being counted again: export them once they show")));
}

static void
save (HdReportsWindow *self,
      GFile           *file,
      GBytes          *contents)
{
  g_file_replace_contents_bytes_async (file, contents, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       saved_cb, g_object_ref (self));
}

static void
save_csv (HdReportsWindow *self,
          GFile           *file)
{
  GPtrArray *tables = self->results[current_kind (self)];
  g_autoptr(GBytes) contents = NULL;

  if (tables == NULL)
    {
      show_recounting (self);
      return;
    }
  contents = hd_report_csv_new (tables);
  save (self, file, contents);
}

static void
save_pdf (HdReportsWindow *self,
          GFile           *file)
{
  g_autoptr(HdReportDocument) document = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) error = NULL;

  if (!all_counted (self))
    {
      show_recounting (self);
      return;
    }
  document = new_document (self);
  contents = hd_report_document_write_pdf (document, &error);
  if (contents == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not make the PDF: %s"), error->message);

      show_toast (self, adw_toast_new (text));
      return;
    }
  save (self, file, contents);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     HdReportsWindow *self)
{
  SaveFunc save_func = g_object_get_data (G_OBJECT (chooser), "save-func");
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    save_func (self, file);
  if (self->chooser == GTK_FILE_CHOOSER_NATIVE (chooser))
    g_clear_object (&self->chooser);
}

/* Asks where to save, proposing @name, then hands the file to @save_func. */
static void
choose_file (HdReportsWindow *self,
             const char      *title,
             const char      *name,
             const char      *filter_name,
             const char      *mime_type,
             SaveFunc         save_func)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data (G_OBJECT (self->chooser), "save-func", save_func);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Actions */

static void
export_csv_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HdReportsWindow *self = HD_REPORTS_WINDOW (widget);
  HdReportKind kind = current_kind (self);
  g_autofree char *name = file_name (self, hd_report_kind_to_string (kind), "csv");
  g_autofree char *title = g_strdup_printf (_("Export %s as CSV"), hd_report_kind_get_title (kind));

  choose_file (self, title, name, _("CSV files"), "text/csv", save_csv);
}

static void
export_pdf_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HdReportsWindow *self = HD_REPORTS_WINDOW (widget);
  /* Translators: the start of a PDF file's name, "reports-2026-09-01-to-2026-09-28.pdf" */
  g_autofree char *name = file_name (self, C_("file name", "reports"), "pdf");

  choose_file (self, _("Export All Reports as PDF"), name, _("PDF documents"), "application/pdf", save_pdf);
}

static void
print_done_cb (HdReportsWindow         *self,
               GtkPrintOperationResult  result,
               GtkPrintOperation       *operation)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    show_toast (self, adw_toast_new (_("Reports sent to the printer")));
  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;
  gtk_print_operation_get_error (operation, &error);
  text = g_strdup_printf (_("Could not print: %s"), error != NULL ? error->message : _("the printer failed"));
  show_toast (self, adw_toast_new (text));
}

static void
print_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HdReportsWindow *self = HD_REPORTS_WINDOW (widget);
  g_autoptr(HdReportDocument) document = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  if (!all_counted (self))
    return;
  document = new_document (self);
  operation = hd_report_document_new_print_operation (document);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, G_CONNECT_SWAPPED);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self), &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not print: %s"), error->message);

      show_toast (self, adw_toast_new (text));
    }
}

static void
open_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

/* Overrides */

static void
hd_reports_window_dispose (GObject *object)
{
  HdReportsWindow *self = (HdReportsWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), HD_TYPE_REPORTS_WINDOW);

  G_OBJECT_CLASS (hd_reports_window_parent_class)->dispose (object);
}

static void
hd_reports_window_finalize (GObject *object)
{
  HdReportsWindow *self = (HdReportsWindow *) object;

  for (guint k = 0; k < HD_N_REPORTS; k++)
    g_clear_pointer (&self->results[k], g_ptr_array_unref);
  g_clear_pointer (&self->counted_at, g_date_time_unref);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (hd_reports_window_parent_class)->finalize (object);
}

static void
hd_reports_window_class_init (HdReportsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_reports_window_dispose;
  object_class->finalize = hd_reports_window_finalize;

  g_type_ensure (HD_TYPE_REPORT_FILTER_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/helpdesk/HelpDesk/hd-reports-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HdReportsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HdReportsWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, HdReportsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HdReportsWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, HdReportsWindow, filter_bar);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);

  gtk_widget_class_install_action (widget_class, "reports.export-csv", NULL, export_csv_activated);
  gtk_widget_class_install_action (widget_class, "reports.export-pdf", NULL, export_pdf_activated);
  gtk_widget_class_install_action (widget_class, "reports.print", NULL, print_activated);
  gtk_widget_class_install_action (widget_class, "reports.open", "s", open_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "reports.export-csv", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "reports.export-pdf", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "reports.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hd_reports_window_init (HdReportsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (HdReportKind k = 0; k < HD_N_REPORTS; k++)
    {
      GtkWidget *page = hd_report_page_new (k);
      AdwViewStackPage *stack_page = adw_view_stack_add_titled (self->stack, page, hd_report_kind_to_string (k),
                                                                hd_report_kind_get_title (k));

      adw_view_stack_page_set_icon_name (stack_page, page_icons[k]);
      self->pages[k] = HD_REPORT_PAGE (page);
    }
  update_actions (self);
}

/**
 * hd_reports_window_new:
 * @parent: the main window
 * @account: a member of the support team, whose plan is known
 *
 * Returns: (transfer none): the window, counting the last four weeks
 */
HdReportsWindow *
hd_reports_window_new (GtkWindow *parent,
                       HdAccount *account)
{
  HdReportsWindow *self;
  HdPlan *plan;

  g_return_val_if_fail (HD_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (hd_account_get_plan (account) != NULL, NULL);

  plan = hd_account_get_plan (account);
  self = g_object_new (HD_TYPE_REPORTS_WINDOW, "transient-for", parent, "destroy-with-parent", TRUE, NULL);
  self->account = g_object_ref (account);
  adw_view_switcher_title_set_subtitle (self->switcher_title, hd_plan_get_name (plan));
  g_signal_connect_object (hd_account_get_cache (account), "changed", G_CALLBACK (cache_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->clock_id = g_timeout_add_seconds (RECOUNT_SECONDS, clock_cb, self);
  /* the figures are the account's: they go when it signs out */
  if (parent != NULL && gtk_window_get_application (parent) != NULL)
    g_signal_connect_object (gtk_window_get_application (parent), "notify::account", G_CALLBACK (gtk_window_close),
                             self, G_CONNECT_SWAPPED);
  /* hd_report_filter_bar_set_plan() notifies the filter: the first count */
  hd_report_filter_bar_set_plan (self->filter_bar, plan,
                                 hd_calendar_local_day (hd_plan_get_calendar (plan), g_get_real_time () / G_USEC_PER_SEC));
  return self;
}

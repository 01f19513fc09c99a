/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "helpdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-hours-window.h"
#include "hd-queue-sidebar.h"
#include "hd-queue-view.h"
#include "hd-reports-window.h"
#include "hd-sign-in-page.h"
#include "hd-submit-window.h"
#include "hd-sync-indicator.h"
#include "hd-ticket-pane.h"
#include "hd-window.h"

struct _HdWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  HdSignInPage         *sign_in_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *content_box;
  AdwWindowTitle       *sidebar_title;
  HdQueueSidebar       *sidebar;
  GtkSearchEntry       *search_entry;
  HdSyncIndicator      *sync_indicator;
  HdQueueView          *queue_view;
  HdTicketPane         *ticket_pane;
  GtkRevealer          *banner;
  GtkLabel             *banner_label;
  GtkWidget            *banner_button;

  GSettings            *settings;
  GSignalGroup         *sync_signals;
  GtkWindow            *reports_window; /* weak: the one open */
};

G_DEFINE_FINAL_TYPE (HdWindow, hd_window, ADW_TYPE_APPLICATION_WINDOW)

/* win.sort-by (a column's id) and win.sort-descending: the queue's order */
static const struct {
  const char *name;
  const char *property;
} sort_actions[] = {
  { "sort-by", "sort" },
  { "sort-descending", "sort-descending" },
};

static HdApplication *
application (HdWindow *self)
{
  return HD_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static HdAccount *
account (HdWindow *self)
{
  HdApplication *app = application (self);

  return app != NULL ? hd_application_get_account (app) : NULL;
}

/* Offline is no error (the indicator says it); a server that answered
 * and failed is, with a retry. Otherwise a clock a minute or more off
 * the server's is told: due times then go by the server's. */
static void
sync_changed_cb (HdWindow *self)
{
  HdAccount *current = account (self);
  HdSync *sync = current != NULL ? hd_account_get_sync (current) : NULL;
  const char *error = sync != NULL ? hd_sync_get_last_error (sync) : NULL;
  g_autofree char *clock = sync != NULL ? hd_sync_describe_clock_offset (hd_sync_get_clock_offset (sync)) : NULL;
  gboolean failed = error != NULL && hd_sync_get_online (sync);

  if (failed)
    {
      g_autofree char *text = g_strdup_printf (_("The last sync failed: %s"), error);

      gtk_label_set_text (self->banner_label, text);
    }
  else if (clock != NULL)
    gtk_label_set_text (self->banner_label, clock);
  gtk_widget_set_visible (self->banner_button, failed);
  gtk_revealer_set_reveal_child (self->banner, failed || clock != NULL);
}

/* Every part of the window follows the signed-in account. */
static void
account_changed_cb (HdWindow *self)
{
  HdAccount *current = account (self);
  g_autofree char *queue = NULL;
  gboolean staff;

  hd_sync_indicator_set_sync (self->sync_indicator, current != NULL ? hd_account_get_sync (current) : NULL);
  g_signal_group_set_target (self->sync_signals, current != NULL ? hd_account_get_sync (current) : NULL);
  sync_changed_cb (self);
  hd_queue_sidebar_set_account (self->sidebar, current);
  hd_queue_view_set_account (self->queue_view, current);
  hd_ticket_pane_set_account (self->ticket_pane, current);
  hd_ticket_pane_set_ticket_id (self->ticket_pane, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->ticket_pane), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-ticket", current != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", current != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", current != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.hours", current != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reports", current != NULL && hd_account_is_staff (current));
  if (current == NULL)
    {
      hd_sign_in_page_reset (self->sign_in_page);
      gtk_stack_set_visible_child_name (self->stack, "sign-in");
      return;
    }
  staff = hd_account_is_staff (current);
  adw_window_title_set_subtitle (self->sidebar_title, hd_account_get_name (current));
  queue = g_settings_get_string (self->settings, "last-queue");
  hd_queue_sidebar_set_queue (self->sidebar, staff ? queue : "submitted");
  gtk_stack_set_visible_child_name (self->stack, "main");
}

static void
signed_in_cb (HdWindow  *self,
              HdAccount *signed_in)
{
  hd_application_set_account (application (self), signed_in);
}

static void
queue_changed_cb (HdWindow *self)
{
  const char *queue = hd_queue_sidebar_get_queue (self->sidebar);

  if (queue == NULL)
    return;
  hd_queue_view_set_queue (self->queue_view, queue);
  if (account (self) != NULL && hd_account_is_staff (account (self)))
    g_settings_set_string (self->settings, "last-queue", queue);
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

static void
search_changed_cb (HdWindow *self)
{
  hd_queue_view_set_search (self->queue_view, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
back_clicked_cb (HdWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
ticket_activated_cb (HdWindow   *self,
                     const char *ticket_id)
{
  hd_window_show_ticket (self, ticket_id);
}

static void
new_ticket_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HdWindow *self = HD_WINDOW (widget);

  if (account (self) == NULL)
    return;
  gtk_window_present (GTK_WINDOW (hd_submit_window_new (GTK_WINDOW (self), account (self))));
}

static void
sync_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HdAccount *current = account (HD_WINDOW (widget));

  if (current == NULL)
    return;
  /* a restart of the loop syncs at once, whatever pause it was in */
  hd_sync_stop (hd_account_get_sync (current));
  hd_sync_start (hd_account_get_sync (current));
}

static void
hours_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HdWindow *self = HD_WINDOW (widget);

  if (account (self) == NULL || hd_account_get_plan (account (self)) == NULL)
    return;
  gtk_window_present (GTK_WINDOW (hd_hours_window_new (GTK_WINDOW (self), hd_account_get_plan (account (self)))));
}

/* Reports are for the support team; one window of them at a time. */
static void
reports_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HdWindow *self = HD_WINDOW (widget);
  HdAccount *current = account (self);

  if (current == NULL || !hd_account_is_staff (current) || hd_account_get_plan (current) == NULL)
    return;
  if (self->reports_window == NULL)
    {
      self->reports_window = GTK_WINDOW (hd_reports_window_new (GTK_WINDOW (self), current));
      g_object_add_weak_pointer (G_OBJECT (self->reports_window), (gpointer *) &self->reports_window);
    }
  gtk_window_present (self->reports_window);
}

static void
search_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (HD_WINDOW (widget)->search_entry));
}

static void
toast_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  adw_toast_overlay_add_toast (HD_WINDOW (widget)->toast_overlay,
                               adw_toast_new (g_variant_get_string (parameter, NULL)));
}

static void
signed_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hd_account_sign_out_finish (HD_ACCOUNT (source), result, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
  if (application (self) != NULL)
    hd_application_set_account (application (self), NULL);
}

static void
sign_out_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      HdWindow         *self)
{
  if (g_str_equal (response, "sign-out") && account (self) != NULL)
    hd_account_sign_out_async (account (self), NULL, signed_out_cb, g_object_ref (self));
}

static void
sign_out_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HdWindow *self = HD_WINDOW (widget);
  HdAccount *current = account (self);
  guint pending;
  GtkWidget *dialog;

  if (current == NULL)
    return;
  pending = hd_sync_get_pending (hd_account_get_sync (current));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Sign Out?"), NULL);
  if (pending > 0)
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    g_dngettext (GETTEXT_PACKAGE,
                                                 "%u change is not delivered yet. It stays on this computer "
                                                 "and is sent when you sign in again.",
                                                 "%u changes are not delivered yet. They stay on this computer "
                                                 "and are sent when you sign in again.", pending),
                                    pending);
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), _("You will need your password to sign in again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sign-out", _("_Sign Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign-out",
                                              ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_out_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
hd_window_dispose (GObject *object)
{
  HdWindow *self = (HdWindow *) object;

  if (self->reports_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->reports_window), (gpointer *) &self->reports_window);
  self->reports_window = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (object), HD_TYPE_WINDOW);

  G_OBJECT_CLASS (hd_window_parent_class)->dispose (object);
}

static void
hd_window_finalize (GObject *object)
{
  HdWindow *self = (HdWindow *) object;

  g_clear_object (&self->settings);
  g_clear_object (&self->sync_signals);

  G_OBJECT_CLASS (hd_window_parent_class)->finalize (object);
}

static void
hd_window_class_init (HdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_window_dispose;
  object_class->finalize = hd_window_finalize;

  g_type_ensure (HD_TYPE_SIGN_IN_PAGE);
  g_type_ensure (HD_TYPE_QUEUE_SIDEBAR);
  g_type_ensure (HD_TYPE_QUEUE_VIEW);
  g_type_ensure (HD_TYPE_TICKET_PANE);
  g_type_ensure (HD_TYPE_SYNC_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/helpdesk/HelpDesk/hd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, queue_view);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, ticket_pane);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, banner_button);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, queue_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ticket_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.new-ticket", NULL, new_ticket_activated);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_activated);
  gtk_widget_class_install_action (widget_class, "win.hours", NULL, hours_activated);
  gtk_widget_class_install_action (widget_class, "win.reports", NULL, reports_activated);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_activated);
  gtk_widget_class_install_action (widget_class, "win.show-toast", "s", toast_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-ticket", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.sync", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}

static void
hd_window_init (HdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->sync_signals = g_signal_group_new (HD_TYPE_SYNC);
  g_signal_group_connect_swapped (self->sync_signals, "notify::last-error", G_CALLBACK (sync_changed_cb), self);
  g_signal_group_connect_swapped (self->sync_signals, "notify::online", G_CALLBACK (sync_changed_cb), self);
  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "queue-sort", self->queue_view, "sort", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "queue-sort-descending", self->queue_view, "sort-descending",
                   G_SETTINGS_BIND_DEFAULT);
  /* the Sort menu, for keyboards: GTK 4.8's column headers take no focus */
  for (guint i = 0; i < G_N_ELEMENTS (sort_actions); i++)
    {
      g_autoptr(GPropertyAction) action = g_property_action_new (sort_actions[i].name, self->queue_view,
                                                                 sort_actions[i].property);

      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }
}

HdWindow *
hd_window_new (HdApplication *application)
{
  HdWindow *self = g_object_new (HD_TYPE_WINDOW, "application", application, NULL);

  hd_sign_in_page_set_preset_server (self->sign_in_page, hd_application_get_preset_server (application));
  g_signal_connect_object (application, "notify::account", G_CALLBACK (account_changed_cb), self,
                           G_CONNECT_SWAPPED);
  account_changed_cb (self);
  return self;
}

/* Opens @ticket_id in the ticket pane. */
void
hd_window_show_ticket (HdWindow   *self,
                       const char *ticket_id)
{
  g_return_if_fail (HD_IS_WINDOW (self));

  hd_ticket_pane_set_ticket_id (self->ticket_pane, ticket_id);
  gtk_widget_set_visible (GTK_WIDGET (self->ticket_pane), ticket_id != NULL);
}

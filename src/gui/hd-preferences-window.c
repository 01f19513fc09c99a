/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "helpdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-preferences-window.h"

struct _HdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwActionRow         *account_row;
  GtkButton            *sign_out_button;
  AdwActionRow         *sync_row;
  GtkButton            *sync_button;
  GtkSwitch            *critical_switch;
  GtkSwitch            *due_soon_switch;
  GtkSwitch            *missed_switch;
  GtkSwitch            *escalated_switch;
  GtkSwitch            *quiet_switch;
  GtkSwitch            *background_switch;
  GtkSwitch            *autostart_switch;

  HdApplication        *application;
  GSignalGroup         *sync_signals;
};

G_DEFINE_FINAL_TYPE (HdPreferencesWindow, hd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *
role_label (HdRole role)
{
  switch (role)
    {
    case HD_ROLE_TECHNICIAN: return _("Technician");
    case HD_ROLE_SUPERVISOR: return _("Supervisor");
    case HD_ROLE_ADMIN: return _("Administrator");
    case HD_ROLE_REQUESTER:
    default: return _("Front office");
    }
}

static void
update_sync (HdPreferencesWindow *self)
{
  HdAccount *account = hd_application_get_account (self->application);
  HdSync *sync = account != NULL ? hd_account_get_sync (account) : NULL;
  g_autofree char *status = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_button), sync != NULL);
  if (sync == NULL)
    status = g_strdup (_("Not signed in"));
  else if (hd_sync_get_syncing (sync))
    status = g_strdup (_("Syncing…"));
  else if (!hd_sync_get_online (sync))
    status = g_strdup_printf (_("Offline: %s"), hd_sync_get_last_error (sync) != NULL ? hd_sync_get_last_error (sync)
                                                                                      : _("not connected yet"));
  else if (hd_sync_get_pending (sync) > 0)
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Online, %u change waits to be sent",
                                           "Online, %u changes wait to be sent", hd_sync_get_pending (sync)),
                              hd_sync_get_pending (sync));
  else
    status = g_strdup (_("Online, up to date"));
  adw_action_row_set_subtitle (self->sync_row, status);
}

static void
update_account (HdPreferencesWindow *self)
{
  HdAccount *account = hd_application_get_account (self->application);

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_out_button), account != NULL);
  g_signal_group_set_target (self->sync_signals, account != NULL ? hd_account_get_sync (account) : NULL);
  if (account == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->account_row), _("Not signed in"));
      adw_action_row_set_subtitle (self->account_row, "");
    }
  else
    {
      g_autofree char *title = g_strdup_printf ("%s (%s)", hd_account_get_name (account),
                                                role_label (hd_account_get_role (account)));
      g_autofree char *subtitle = g_strdup_printf (_("%s on %s"), hd_account_get_username (account),
                                                   hd_account_get_server (account));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->account_row), title);
      adw_action_row_set_subtitle (self->account_row, subtitle);
    }
  update_sync (self);
}

static void
sign_out_clicked_cb (HdPreferencesWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.sign-out", NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static void
sync_clicked_cb (HdPreferencesWindow *self)
{
  HdAccount *account = hd_application_get_account (self->application);

  if (account == NULL)
    return;
  hd_sync_stop (hd_account_get_sync (account));
  hd_sync_start (hd_account_get_sync (account));
}

static void
hd_preferences_window_dispose (GObject *object)
{
  HdPreferencesWindow *self = (HdPreferencesWindow *) object;

  g_clear_object (&self->sync_signals);
  g_clear_object (&self->application);
  gtk_widget_dispose_template (GTK_WIDGET (object), HD_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (hd_preferences_window_parent_class)->dispose (object);
}

static void
hd_preferences_window_class_init (HdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/helpdesk/HelpDesk/hd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HdPreferencesWindow, account_row);
  gtk_widget_class_bind_template_child (widget_class, HdPreferencesWindow, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, HdPreferencesWindow, sync_row);
  gtk_widget_class_bind_template_child (widget_class, HdPreferencesWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, HdPreferencesWindow, critical_switch);
  gtk_widget_class_bind_template_child (widget_class, HdPreferencesWindow, due_soon_switch);
  gtk_widget_class_bind_template_child (widget_class, HdPreferencesWindow, missed_switch);
  gtk_widget_class_bind_template_child (widget_class, HdPreferencesWindow, escalated_switch);
  gtk_widget_class_bind_template_child (widget_class, HdPreferencesWindow, quiet_switch);
  gtk_widget_class_bind_template_child (widget_class, HdPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, HdPreferencesWindow, autostart_switch);
  gtk_widget_class_bind_template_callback (widget_class, sign_out_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sync_clicked_cb);
}

static void
hd_preferences_window_init (HdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->sync_signals = g_signal_group_new (HD_TYPE_SYNC);
  g_signal_group_connect_swapped (self->sync_signals, "notify", G_CALLBACK (update_sync), self);
}

HdPreferencesWindow *
hd_preferences_window_new (GtkWindow     *parent,
                           HdApplication *application)
{
  HdPreferencesWindow *self;
  GSettings *settings;

  g_return_val_if_fail (HD_IS_APPLICATION (application), NULL);

  self = g_object_new (HD_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "modal", TRUE, NULL);
  self->application = g_object_ref (application);
  settings = hd_application_get_settings (application);
  g_settings_bind (settings, "notify-critical", self->critical_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-due-soon", self->due_soon_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-missed", self->missed_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-escalated", self->escalated_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "quiet-outside-hours", self->quiet_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "run-in-background", self->background_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "autostart", self->autostart_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (application, "notify::account", G_CALLBACK (update_account), self, G_CONNECT_SWAPPED);
  update_account (self);
  return self;
}

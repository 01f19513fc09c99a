/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "helpdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-sync-indicator.h"

struct _HdSyncIndicator
{
  AdwBin         parent_instance;

  GtkMenuButton *button;
  GtkLabel      *state_label;
  GtkLabel      *detail_label;

  HdSync        *sync;
  GSignalGroup  *signals;
  guint          tick_id;      /* "last synced 3 min ago" keeps true */
};

G_DEFINE_FINAL_TYPE (HdSyncIndicator, hd_sync_indicator, ADW_TYPE_BIN)

static char *
ago (gint64 then)
{
  gint64 seconds = g_get_real_time () / G_USEC_PER_SEC - then;

  if (seconds < 60)
    return g_strdup (_("Last synced just now"));
  if (seconds < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last synced %d minute ago", "Last synced %d minutes ago",
                                         (int) (seconds / 60)), (int) (seconds / 60));
  {
    g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (then);
    g_autofree char *time = g_date_time_format (when, "%X");

    return g_strdup_printf (_("Last synced at %s"), time);
  }
}

static void
update (HdSyncIndicator *self)
{
  g_autoptr(GString) detail = g_string_new (NULL);
  const char *icon, *state;
  guint pending;

  if (self->sync == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  pending = hd_sync_get_pending (self->sync);
  if (hd_sync_get_syncing (self->sync) && hd_sync_get_last_sync (self->sync) < 0)
    icon = "emblem-synchronizing-symbolic", state = _("Syncing");
  else if (!hd_sync_get_online (self->sync))
    icon = "network-offline-symbolic", state = _("Offline");
  else if (pending > 0)
    icon = "emblem-synchronizing-symbolic", state = _("Online, Sending Changes");
  else
    icon = "emblem-default-symbolic", state = _("Online");
  gtk_menu_button_set_icon_name (self->button, icon);
  gtk_label_set_text (self->state_label, state);
  if (pending > 0)
    g_string_append_printf (detail, g_dngettext (GETTEXT_PACKAGE, "%u change waits to be sent.",
                                                 "%u changes wait to be sent.", pending), pending);
  if (hd_sync_get_last_sync (self->sync) >= 0)
    {
      g_autofree char *when = ago (hd_sync_get_last_sync (self->sync));

      g_string_append_printf (detail, "%s%s.", detail->len > 0 ? "\n" : "", when);
    }
  if (hd_sync_get_last_error (self->sync) != NULL)
    g_string_append_printf (detail, "%s%s", detail->len > 0 ? "\n" : "", hd_sync_get_last_error (self->sync));
  if (detail->len == 0)
    g_string_append (detail, _("Not synced yet."));
  gtk_label_set_text (self->detail_label, detail->str);
  {
    g_autofree char *tooltip = g_strdup_printf ("%s — %s", state, detail->str);

    gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  }
}

static gboolean
tick_cb (gpointer user_data)
{
  update (user_data);
  return G_SOURCE_CONTINUE;
}

static void
hd_sync_indicator_dispose (GObject *object)
{
  HdSyncIndicator *self = (HdSyncIndicator *) object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->signals);
  g_clear_object (&self->sync);
  gtk_widget_dispose_template (GTK_WIDGET (object), HD_TYPE_SYNC_INDICATOR);

  G_OBJECT_CLASS (hd_sync_indicator_parent_class)->dispose (object);
}

static void
hd_sync_indicator_class_init (HdSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_sync_indicator_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/helpdesk/HelpDesk/hd-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, HdSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, HdSyncIndicator, state_label);
  gtk_widget_class_bind_template_child (widget_class, HdSyncIndicator, detail_label);
}

static void
hd_sync_indicator_init (HdSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->signals = g_signal_group_new (HD_TYPE_SYNC);
  g_signal_group_connect_swapped (self->signals, "notify", G_CALLBACK (update), self);
  self->tick_id = g_timeout_add_seconds (30, tick_cb, self);
  update (self);
}

void
hd_sync_indicator_set_sync (HdSyncIndicator *self,
                            HdSync          *sync)
{
  g_return_if_fail (HD_IS_SYNC_INDICATOR (self));
  g_return_if_fail (sync == NULL || HD_IS_SYNC (sync));

  if (!g_set_object (&self->sync, sync))
    return;
  g_signal_group_set_target (self->signals, sync);
  update (self);
}

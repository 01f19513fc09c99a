/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-history"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-ticket-history.h"
#include "hd-ticket-text.h"
#include "hd-time.h"

struct _HdTicketHistory
{
  GtkWidget     parent_instance;

  GtkStack     *stack;
  GtkLabel     *offline_label;
  GtkSpinner   *spinner;
  GtkListBox   *list;

  HdAccount    *account;
  GSignalGroup *sync_signals;
  GCancellable *cancellable;
  char         *ticket_id;
  gint64        number;
  gint64        version;
  gint64        loaded_version;  /* -1: nothing shown yet */
  JsonArray    *events;          /* as the server last sent them */
};

G_DEFINE_FINAL_TYPE (HdTicketHistory, hd_ticket_history, GTK_TYPE_WIDGET)

enum {
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void fetch (HdTicketHistory *self);

/* Online, or not known to be offline: the engine says "online" only
 * once a whole round ends, and the first one may be a long poll. */
static gboolean
is_online (HdTicketHistory *self)
{
  HdSync *sync;

  if (self->account == NULL)
    return FALSE;
  sync = hd_account_get_sync (self->account);
  return hd_sync_get_online (sync) || hd_sync_get_last_error (sync) == NULL;
}

static void
show_page (HdTicketHistory *self,
           const char      *name)
{
  gtk_spinner_set_spinning (self->spinner, g_str_equal (name, "loading"));
  gtk_stack_set_visible_child_name (self->stack, name);
}

static void
show_message (HdTicketHistory *self,
              const char      *message)
{
  gtk_label_set_text (self->offline_label, message);
  show_page (self, "offline");
}

static void
clear_list (HdTicketHistory *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

static GtkWidget *
event_row (HdPlan     *plan,
           JsonObject *event,
           gint64      now)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *what = hd_ticket_text_event (plan, event);
  g_autofree char *when = NULL;
  JsonNode *at = json_object_get_member (event, "at");
  gint64 instant;

  if (at != NULL && JSON_NODE_HOLDS_VALUE (at) && json_node_get_value_type (at) == G_TYPE_STRING &&
      hd_time_parse_rfc3339 (json_node_get_string (at), &instant))
    when = hd_ticket_text_when (instant, now);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (when != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
show_events (HdTicketHistory *self,
             JsonArray       *events)
{
  HdPlan *plan = hd_account_get_plan (self->account);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint shown = 0;

  clear_list (self);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonNode *node = json_array_get_element (events, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      gtk_list_box_append (self->list, event_row (plan, json_node_get_object (node), now));
      shown++;
    }
  if (shown == 0)
    show_message (self, _("Nothing has happened to this ticket yet"));
  else
    show_page (self, "events");
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HdTicketHistory) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *ticket;
  JsonNode *events;
  guint status = 0;

  answer = hd_client_request_finish (HD_CLIENT (source), result, &status, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (answer == NULL)
    {
      if (self->loaded_version >= 0)
        return;                 /* keep what was shown: it is only older */
      if (g_error_matches (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_NETWORK))
        show_message (self, _("History is shown when connected"));
      else
        show_message (self, error->message);
      return;
    }
  ticket = JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  events = ticket != NULL ? json_object_get_member (ticket, "events") : NULL;
  if (events == NULL || !JSON_NODE_HOLDS_ARRAY (events))
    {
      show_message (self, _("The server sent no history for this ticket"));
      return;
    }
  self->loaded_version = self->version;
  g_clear_pointer (&self->events, json_array_unref);
  self->events = json_array_ref (json_node_get_array (events));
  show_events (self, self->events);
  g_signal_emit (self, signals[LOADED], 0);
}

static void
fetch (HdTicketHistory *self)
{
  g_autofree char *path = NULL;

  if (self->ticket_id == NULL || self->account == NULL)
    return;
  if (self->number <= 0)
    {
      show_message (self, _("History is shown once the ticket reaches the server"));
      return;
    }
  if (!is_online (self))
    {
      if (self->loaded_version < 0)
        show_message (self, _("History is shown when connected"));
      return;
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->loaded_version < 0)
    show_page (self, "loading");
  path = g_strdup_printf ("/tickets/%s", self->ticket_id);
  hd_client_request_async (hd_account_get_client (self->account), "GET", path, NULL, NULL, 30,
                           self->cancellable, fetched_cb, g_object_ref (self));
}

static void
online_changed_cb (HdTicketHistory *self)
{
  if (self->loaded_version < 0 || self->loaded_version != self->version)
    fetch (self);
}

static void
hd_ticket_history_dispose (GObject *object)
{
  HdTicketHistory *self = (HdTicketHistory *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync_signals);
  g_clear_object (&self->account);
  gtk_widget_dispose_template (GTK_WIDGET (object), HD_TYPE_TICKET_HISTORY);
  /* what the template did not name */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (hd_ticket_history_parent_class)->dispose (object);
}

static void
hd_ticket_history_finalize (GObject *object)
{
  HdTicketHistory *self = (HdTicketHistory *) object;

  g_free (self->ticket_id);
  g_clear_pointer (&self->events, json_array_unref);

  G_OBJECT_CLASS (hd_ticket_history_parent_class)->finalize (object);
}

static void
hd_ticket_history_class_init (HdTicketHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_ticket_history_dispose;
  object_class->finalize = hd_ticket_history_finalize;

  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/helpdesk/HelpDesk/hd-ticket-history.ui");
  gtk_widget_class_bind_template_child (widget_class, HdTicketHistory, stack);
  gtk_widget_class_bind_template_child (widget_class, HdTicketHistory, offline_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketHistory, spinner);
  gtk_widget_class_bind_template_child (widget_class, HdTicketHistory, list);
}

static void
hd_ticket_history_init (HdTicketHistory *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->loaded_version = -1;
  self->sync_signals = g_signal_group_new (HD_TYPE_SYNC);
  g_signal_group_connect_swapped (self->sync_signals, "notify::online", G_CALLBACK (online_changed_cb), self);
}

void
hd_ticket_history_set_account (HdTicketHistory *self,
                               HdAccount       *account)
{
  g_return_if_fail (HD_IS_TICKET_HISTORY (self));
  g_return_if_fail (account == NULL || HD_IS_ACCOUNT (account));

  if (!g_set_object (&self->account, account))
    return;
  g_signal_group_set_target (self->sync_signals, account != NULL ? hd_account_get_sync (account) : NULL);
  hd_ticket_history_set_ticket (self, NULL, 0, 0);
}

/* Shows @ticket_id's history, asked again when its @version moves on. */
void
hd_ticket_history_set_ticket (HdTicketHistory *self,
                              const char      *ticket_id,
                              gint64           number,
                              gint64           version)
{
  g_return_if_fail (HD_IS_TICKET_HISTORY (self));

  if (g_strcmp0 (ticket_id, self->ticket_id) != 0)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      g_free (self->ticket_id);
      self->ticket_id = g_strdup (ticket_id);
      self->loaded_version = -1;
      g_clear_pointer (&self->events, json_array_unref);
      clear_list (self);
    }
  else if (number == self->number && version == self->version && self->loaded_version >= 0)
    return;
  self->number = number;
  self->version = version;
  fetch (self);
}

/* Whether the history, as last fetched, has @actor doing @action; FALSE
 * while it is not known. */
gboolean
hd_ticket_history_has_event (HdTicketHistory *self,
                             const char      *action,
                             const char      *actor)
{
  g_return_val_if_fail (HD_IS_TICKET_HISTORY (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  for (guint i = 0; self->events != NULL && i < json_array_get_length (self->events); i++)
    {
      JsonNode *node = json_array_get_element (self->events, i);
      JsonObject *event = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (event != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (event, "action", NULL), action) == 0 &&
          (actor == NULL || g_strcmp0 (json_object_get_string_member_with_default (event, "actor", NULL), actor) == 0))
        return TRUE;
    }
  return FALSE;
}

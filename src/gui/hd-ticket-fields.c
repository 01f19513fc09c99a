/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-fields"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-ticket-change.h"
#include "hd-ticket-edit.h"
#include "hd-ticket-fields.h"
#include "hd-ticket-text.h"

struct _HdTicketFields
{
  AdwPreferencesGroup  parent_instance;

  GtkWidget           *assign_button;
  AdwComboRow         *status_row;
  AdwComboRow         *assignee_row;
  AdwComboRow         *priority_row;
  AdwEntryRow         *reason_row;
  AdwComboRow         *topic_row;

  HdAccount           *account;
  GCancellable        *cancellable;
  HdTicket            *ticket;       /* as last shown */
  GArray              *statuses;     /* HdStatus of each status_row item */
  GPtrArray           *assignees;    /* user name of each assignee_row item, NULL: nobody */
  GPtrArray           *topics;       /* topic id of each topic_row item */
  gboolean             updating;     /* selections set here, not by the person */
};

G_DEFINE_FINAL_TYPE (HdTicketFields, hd_ticket_fields, ADW_TYPE_PREFERENCES_GROUP)

static const char *
me (HdTicketFields *self)
{
  return hd_account_get_username (self->account);
}

/* As the API has it: supervisors move anyone's tickets, technicians
 * unassigned ones and their own. */
static gboolean
may_assign (HdTicketFields *self)
{
  return hd_account_get_role (self->account) >= HD_ROLE_SUPERVISOR || self->ticket->assignee == NULL ||
         g_str_equal (self->ticket->assignee, me (self));
}

static HdPlan *
plan (HdTicketFields *self)
{
  return hd_account_get_plan (self->account);
}

static guint
index_of_string (GPtrArray  *array,
                 const char *value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), value) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static void
set_choices (AdwComboRow   *row,
             GtkStringList *labels,
             guint          selected)
{
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (row, selected);
}

static void
fill_status (HdTicketFields *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  g_array_set_size (self->statuses, 0);
  for (HdStatus s = HD_STATUS_NEW; s <= HD_STATUS_CLOSED; s++)
    {
      if (s != self->ticket->status && !hd_status_can_move (self->ticket->status, s))
        continue;
      if (s == self->ticket->status)
        selected = self->statuses->len;
      g_array_append_val (self->statuses, s);
      gtk_string_list_append (labels, hd_ticket_text_status (s));
    }
  set_choices (self->status_row, labels, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_row), self->statuses->len > 1);
}

static void
add_assignee (HdTicketFields *self,
              GtkStringList  *labels,
              const char     *username)
{
  g_ptr_array_add (self->assignees, g_strdup (username));
  gtk_string_list_append (labels, hd_ticket_text_person (plan (self), username));
}

static void
fill_assignee (HdTicketFields *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const GPtrArray *members = plan (self) != NULL ? hd_plan_get_members (plan (self)) : NULL;
  const char *assignee = self->ticket->assignee;

  g_ptr_array_set_size (self->assignees, 0);
  add_assignee (self, labels, NULL);
  for (guint i = 0; members != NULL && i < members->len; i++)
    add_assignee (self, labels, ((const HdPlanMember *) g_ptr_array_index (members, i))->id);
  if (index_of_string (self->assignees, assignee) == GTK_INVALID_LIST_POSITION)
    add_assignee (self, labels, assignee);
  set_choices (self->assignee_row, labels, index_of_string (self->assignees, assignee));

  gtk_widget_set_sensitive (GTK_WIDGET (self->assignee_row), may_assign (self));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->assignee_row),
                               may_assign (self) ? NULL : _("Only a supervisor can reassign a colleague’s ticket"));
  gtk_widget_set_visible (self->assign_button, g_strcmp0 (assignee, me (self)) != 0 && may_assign (self) &&
                          hd_ticket_edit_may (hd_account_get_role (self->account), "assignee"));
}

static void
fill_priority (HdTicketFields *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  for (HdPriority p = HD_PRIORITY_CRITICAL; p <= HD_PRIORITY_NORMAL; p++)
    gtk_string_list_append (labels, hd_ticket_text_priority (plan (self), p));
  set_choices (self->priority_row, labels, self->ticket->priority);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
}

static void
fill_topic (HdTicketFields *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const GPtrArray *topics = plan (self) != NULL ? hd_plan_get_topics (plan (self)) : NULL;

  g_ptr_array_set_size (self->topics, 0);
  for (guint i = 0; topics != NULL && i < topics->len; i++)
    {
      const HdPlanTopic *topic = g_ptr_array_index (topics, i);

      g_ptr_array_add (self->topics, g_strdup (topic->id));
      gtk_string_list_append (labels, topic->label);
    }
  if (self->ticket->topic != NULL && index_of_string (self->topics, self->ticket->topic) == GTK_INVALID_LIST_POSITION)
    {
      g_ptr_array_add (self->topics, g_strdup (self->ticket->topic));
      gtk_string_list_append (labels, self->ticket->topic);
    }
  set_choices (self->topic_row, labels, index_of_string (self->topics, self->ticket->topic));
  gtk_widget_set_sensitive (GTK_WIDGET (self->topic_row), plan (self) != NULL);
}

/* Shows the ticket's values, dropping what the person had picked. */
static void
refill (HdTicketFields *self)
{
  HdRole role;

  if (self->ticket == NULL || self->account == NULL)
    return;
  role = hd_account_get_role (self->account);
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), hd_ticket_edit_may (role, "status"));
  gtk_widget_set_visible (GTK_WIDGET (self->assignee_row), hd_ticket_edit_may (role, "assignee"));
  gtk_widget_set_visible (GTK_WIDGET (self->priority_row), hd_ticket_edit_may (role, "priority"));
  gtk_widget_set_visible (GTK_WIDGET (self->topic_row), hd_ticket_edit_may (role, "topic"));
  self->updating = TRUE;
  fill_status (self);
  fill_assignee (self);
  fill_priority (self);
  fill_topic (self);
  self->updating = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fields.apply-priority", FALSE);
}

static void
applied_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HdTicketFields) self = user_data;
  g_autoptr(GError) error = NULL;

  if (hd_ticket_change_apply_finish (result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", error->message);
  refill (self);
}

static void
apply (HdTicketFields *self,
       HdTicketChange *change)
{
  hd_ticket_change_apply_async (change, self->account, self->cancellable, applied_cb, g_object_ref (self));
}

static void
status_selected_cb (HdTicketFields *self)
{
  guint selected = adw_combo_row_get_selected (self->status_row);
  HdStatus status;

  if (self->updating || selected >= self->statuses->len)
    return;
  status = g_array_index (self->statuses, HdStatus, selected);
  if (status != self->ticket->status)
    apply (self, hd_ticket_change_status (self->ticket->id, status));
}

static void
assignee_selected_cb (HdTicketFields *self)
{
  guint selected = adw_combo_row_get_selected (self->assignee_row);
  const char *assignee;

  if (self->updating || selected >= self->assignees->len)
    return;
  assignee = g_ptr_array_index (self->assignees, selected);
  if (g_strcmp0 (assignee, self->ticket->assignee) != 0)
    apply (self, hd_ticket_change_assign (self->ticket->id, assignee));
}

static void
priority_selected_cb (HdTicketFields *self)
{
  gboolean changed;

  if (self->updating)
    return;
  changed = adw_combo_row_get_selected (self->priority_row) != self->ticket->priority;
  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), changed);
  if (changed)
    gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
}

static void
reason_changed_cb (HdTicketFields *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fields.apply-priority", *reason != '\0');
}

static void
reason_activated_cb (HdTicketFields *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "fields.apply-priority", NULL);
}

static void
topic_selected_cb (HdTicketFields *self)
{
  guint selected = adw_combo_row_get_selected (self->topic_row);
  const char *topic;

  if (self->updating || selected >= self->topics->len)
    return;
  topic = g_ptr_array_index (self->topics, selected);
  if (g_strcmp0 (topic, self->ticket->topic) != 0)
    apply (self, hd_ticket_change_topic (self->ticket->id, topic));
}

static void
assign_to_me_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  HdTicketFields *self = HD_TICKET_FIELDS (widget);

  if (self->ticket == NULL || self->account == NULL)
    return;
  apply (self, hd_ticket_change_assign (self->ticket->id, me (self)));
  gtk_widget_set_visible (self->assign_button, FALSE);
}

static void
apply_priority_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  HdTicketFields *self = HD_TICKET_FIELDS (widget);
  HdPriority priority = adw_combo_row_get_selected (self->priority_row);
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));

  if (self->ticket == NULL || self->account == NULL || priority >= HD_N_PRIORITIES)
    return;
  apply (self, hd_ticket_change_priority (self->ticket->id, priority, reason));
  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
}

static void
hd_ticket_fields_dispose (GObject *object)
{
  HdTicketFields *self = (HdTicketFields *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  gtk_widget_dispose_template (GTK_WIDGET (object), HD_TYPE_TICKET_FIELDS);

  G_OBJECT_CLASS (hd_ticket_fields_parent_class)->dispose (object);
}

static void
hd_ticket_fields_finalize (GObject *object)
{
  HdTicketFields *self = (HdTicketFields *) object;

  g_clear_pointer (&self->ticket, hd_ticket_free);
  g_clear_pointer (&self->statuses, g_array_unref);
  g_clear_pointer (&self->assignees, g_ptr_array_unref);
  g_clear_pointer (&self->topics, g_ptr_array_unref);

  G_OBJECT_CLASS (hd_ticket_fields_parent_class)->finalize (object);
}

static void
hd_ticket_fields_class_init (HdTicketFieldsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_ticket_fields_dispose;
  object_class->finalize = hd_ticket_fields_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/helpdesk/HelpDesk/hd-ticket-fields.ui");
  gtk_widget_class_bind_template_child (widget_class, HdTicketFields, assign_button);
  gtk_widget_class_bind_template_child (widget_class, HdTicketFields, status_row);
  gtk_widget_class_bind_template_child (widget_class, HdTicketFields, assignee_row);
  gtk_widget_class_bind_template_child (widget_class, HdTicketFields, priority_row);
  gtk_widget_class_bind_template_child (widget_class, HdTicketFields, reason_row);
  gtk_widget_class_bind_template_child (widget_class, HdTicketFields, topic_row);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, assignee_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, priority_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, reason_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reason_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, topic_selected_cb);

  gtk_widget_class_install_action (widget_class, "fields.assign-to-me", NULL, assign_to_me_activated);
  gtk_widget_class_install_action (widget_class, "fields.apply-priority", NULL, apply_priority_activated);
}

static void
hd_ticket_fields_init (HdTicketFields *self)
{
  self->statuses = g_array_new (FALSE, FALSE, sizeof (HdStatus));
  self->assignees = g_ptr_array_new_with_free_func (g_free);
  self->topics = g_ptr_array_new_with_free_func (g_free);
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fields.apply-priority", FALSE);
}

void
hd_ticket_fields_set_account (HdTicketFields *self,
                              HdAccount      *account)
{
  g_return_if_fail (HD_IS_TICKET_FIELDS (self));
  g_return_if_fail (account == NULL || HD_IS_ACCOUNT (account));

  if (!g_set_object (&self->account, account))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->ticket, hd_ticket_free);
}

/* Shows @ticket's values; a priority being changed is kept while the
 * ticket stays the same one. */
void
hd_ticket_fields_set_ticket (HdTicketFields *self,
                             const HdTicket *ticket)
{
  g_autoptr(JsonNode) node = NULL;
  gboolean same;

  g_return_if_fail (HD_IS_TICKET_FIELDS (self));
  g_return_if_fail (ticket != NULL);

  same = self->ticket != NULL && g_str_equal (self->ticket->id, ticket->id) &&
         gtk_widget_get_visible (GTK_WIDGET (self->reason_row));
  node = hd_ticket_to_json (ticket);
  g_clear_pointer (&self->ticket, hd_ticket_free);
  self->ticket = hd_ticket_new_from_json (node, NULL);
  if (self->ticket == NULL)
    return;
  if (same && self->ticket->priority != adw_combo_row_get_selected (self->priority_row))
    {
      /* a sync while someone types a reason: keep the choice and the words */
      self->updating = TRUE;
      fill_status (self);
      fill_assignee (self);
      fill_topic (self);
      self->updating = FALSE;
      return;
    }
  refill (self);
}

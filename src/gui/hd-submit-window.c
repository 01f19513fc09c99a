/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-submit-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-submission.h"
#include "hd-submit-receipt.h"
#include "hd-submit-tasks.h"
#include "hd-submit-window-private.h"

G_DEFINE_FINAL_TYPE (HdSubmitWindow, hd_submit_window, ADW_TYPE_WINDOW)

typedef struct {
  const char *field;
  gsize       widget;          /* offsets in HdSubmitWindow */
  gsize       label;
} Field;

#define MEMBER(m) G_STRUCT_OFFSET (HdSubmitWindow, m)
#define FIELD_WIDGET(self, f) G_STRUCT_MEMBER (GtkWidget *, (self), (f)->widget)
#define FIELD_LABEL(self, f) G_STRUCT_MEMBER (GtkLabel *, (self), (f)->label)

/* In the form's order: Submit focuses the first that has a problem. */
static const Field fields[] = {
  { "requester.name",  MEMBER (name_row),         MEMBER (requester_problems) },
  { "requester.email", MEMBER (email_row),        MEMBER (requester_problems) },
  { "requester.phone", MEMBER (phone_row),        MEMBER (requester_problems) },
  { "requester",       MEMBER (email_row),        MEMBER (requester_problems) },
  { "subject",         MEMBER (subject_row),      MEMBER (problem_problems) },
  { "location",        MEMBER (location_row),     MEMBER (problem_problems) },
  { "topic",           MEMBER (topic_row),        MEMBER (problem_problems) },
  { "scope",           MEMBER (scope_list),       MEMBER (scope_problems) },
  { "effect",          MEMBER (effect_list),      MEMBER (effect_problems) },
  { "description",     MEMBER (description_card), MEMBER (description_problems) },
};

static const char * const channel_labels[HD_N_CHANNELS] = {
  [HD_CHANNEL_FORM] = N_("Form"),
  [HD_CHANNEL_PHONE] = N_("Phone"),
  [HD_CHANNEL_EMAIL] = N_("Email"),
  [HD_CHANNEL_WALK_IN] = N_("Walk-in"),
};

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_text (HdSubmitWindow *self,
          AdwEntryRow    *row,
          const char     *text)
{
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  self->filling = FALSE;
}

static void
toast (HdSubmitWindow *self,
       const char     *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static HdChannel
channel (HdSubmitWindow *self)
{
  guint position = adw_combo_row_get_selected (self->channel_row);

  if (position >= g_list_model_get_n_items (adw_combo_row_get_model (self->channel_row)))
    return HD_CHANNEL_FORM;
  return self->channels[position];
}

/* Whether @name is the one filing for oneself gives. */
static gboolean
is_own_name (HdSubmitWindow *self,
             const char     *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name != NULL ? name : ""));

  return self->own_name != NULL && g_str_equal (stripped, self->own_name);
}

/* The rows still say what filling for oneself put there. */
static gboolean
holds_own_requester (HdSubmitWindow *self)
{
  return is_own_name (self, text_of (self->name_row)) &&
         (is_blank (text_of (self->email_row)) || g_strcmp0 (text_of (self->email_row), self->own_email) == 0);
}

static void
fill_own_requester (HdSubmitWindow *self)
{
  set_text (self, self->name_row, self->own_name);
  set_text (self, self->email_row, self->own_email);
}

static void
read_form (HdSubmitWindow *self,
           HdSubmission   *s)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  guint location = adw_combo_row_get_selected (self->location_row);
  guint topic = adw_combo_row_get_selected (self->topic_row);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  s->subject = g_strdup (text_of (self->subject_row));
  s->description = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (self->plan != NULL && location < g_strv_length ((char **) hd_plan_get_locations (self->plan)))
    s->location = g_strdup (hd_plan_get_locations (self->plan)[location]);
  if (self->plan != NULL && topic < hd_plan_get_topics (self->plan)->len)
    s->topic = g_strdup (((const HdPlanTopic *) g_ptr_array_index (hd_plan_get_topics (self->plan), topic))->id);
  s->scope = g_strdup (self->scope);
  s->effect = g_strdup (self->effect);
  s->requester_name = g_strdup (text_of (self->name_row));
  s->requester_email = g_strdup (text_of (self->email_row));
  s->requester_phone = g_strdup (text_of (self->phone_row));
  s->channel = channel (self);
  s->for_self = is_own_name (self, s->requester_name);
}

/* Something typed or chosen that closing the window would lose. */
static gboolean
has_input (HdSubmitWindow *self)
{
  g_auto(HdSubmission) s = { 0 };

  read_form (self, &s);
  return !is_blank (s.subject) || !is_blank (s.description) || !is_blank (s.requester_phone) ||
         s.location != NULL || s.topic != NULL || s.scope != NULL || s.effect != NULL ||
         (!is_blank (s.requester_name) && !(self->prefill && s.for_self)) ||
         (!is_blank (s.requester_email) && !(self->prefill && g_strcmp0 (s.requester_email, self->own_email) == 0));
}

static const HdFieldProblem *
find_problem (GPtrArray  *problems,
              const char *field)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const HdFieldProblem *problem = g_ptr_array_index (problems, i);

      if (g_str_equal (problem->field, field))
        return problem;
    }
  return NULL;
}

/* Problems show once the user is done with a field, or pressed Submit. */
static gboolean
shows_problem (HdSubmitWindow *self,
               const char     *field)
{
  if (self->submitted || g_hash_table_contains (self->touched, field))
    return TRUE;
  return g_str_equal (field, "requester") &&
         (g_hash_table_contains (self->touched, "requester.email") ||
          g_hash_table_contains (self->touched, "requester.phone"));
}

/* What assistive technologies read when the field has the focus. */
static GtkAccessible *
accessible_of (HdSubmitWindow *self,
               GtkWidget      *widget)
{
  if (widget == self->description_card)
    return GTK_ACCESSIBLE (self->description_view);
  return GTK_ACCESSIBLE (widget);
}

static void
mark_problem (HdSubmitWindow *self,
              GtkWidget      *widget,
              const char     *message)
{
  GtkAccessible *accessible = accessible_of (self, widget);

  if (message == NULL)
    {
      gtk_widget_remove_css_class (widget, "error");
      gtk_accessible_reset_state (accessible, GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }
  gtk_widget_add_css_class (widget, "error");
  gtk_accessible_update_state (accessible, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_accessible_update_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

static void
show_problems (HdSubmitWindow *self,
               GPtrArray      *problems)
{
  g_autoptr(GHashTable) texts = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_free);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      mark_problem (self, FIELD_WIDGET (self, &fields[i]), NULL);
      g_hash_table_insert (texts, FIELD_LABEL (self, &fields[i]), NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const HdFieldProblem *problem = find_problem (problems, fields[i].field);
      GtkLabel *label = FIELD_LABEL (self, &fields[i]);
      const char *before = g_hash_table_lookup (texts, label);

      if (problem == NULL || !shows_problem (self, fields[i].field))
        continue;
      mark_problem (self, FIELD_WIDGET (self, &fields[i]), problem->message);
      /* no way to reach them: either of the two rows would do */
      if (g_str_equal (fields[i].field, "requester"))
        mark_problem (self, GTK_WIDGET (self->phone_row), problem->message);
      g_hash_table_insert (texts, label, before != NULL ? g_strconcat (before, "\n", problem->message, NULL)
                                                        : g_strdup (problem->message));
    }
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkLabel *label = FIELD_LABEL (self, &fields[i]);
      const char *text = g_hash_table_lookup (texts, label);

      gtk_label_set_text (label, text != NULL ? text : "");
      gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
    }
}

static void
update_priority (HdSubmitWindow *self)
{
  const HdPlanPriority *priority = NULL;
  g_autofree char *target = NULL, *about = NULL;

  if (self->plan != NULL)
    priority = hd_submission_describe_priority (self->plan, self->scope, self->effect);
  _hd_submit_window_set_badge (self->priority_badge, priority);
  if (priority == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->priority_row),
                                     _("Answer both questions to see how soon the help desk responds"));
      adw_action_row_set_subtitle (self->priority_row, "");
      gtk_widget_add_css_class (GTK_WIDGET (self->priority_row), "dim-label");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->priority_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }
  target = hd_submit_format_target (priority);
  gtk_widget_remove_css_class (GTK_WIDGET (self->priority_row), "dim-label");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->priority_row), target);
  adw_action_row_set_subtitle (self->priority_row, priority->description != NULL ? priority->description : "");
  about = g_strdup_printf ("%s. %s", priority->label, priority->description != NULL ? priority->description : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->priority_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, about, -1);
}

static void
revalidate (HdSubmitWindow *self)
{
  g_auto(HdSubmission) s = { 0 };
  g_autoptr(GPtrArray) problems = NULL;

  read_form (self, &s);
  problems = hd_submission_check (&s, self->plan);
  show_problems (self, problems);
  update_priority (self);
}

static void
focus_field (HdSubmitWindow *self,
             GtkWidget      *widget)
{
  if (GTK_IS_LIST_BOX (widget))
    widget = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (widget), 0));
  else if (widget == self->description_card)
    widget = GTK_WIDGET (self->description_view);
  if (widget != NULL)
    gtk_widget_grab_focus (widget);
}

static void
focus_first_problem (HdSubmitWindow *self,
                     GPtrArray      *problems)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (find_problem (problems, fields[i].field) != NULL)
      {
        focus_field (self, FIELD_WIDGET (self, &fields[i]));
        return;
      }
}

static void
set_saving (HdSubmitWindow *self,
            gboolean        saving)
{
  self->saving = saving;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.submit", !saving);
}

static void
clear_choices (GtkListBox *list)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "hd-check");

      if (check != NULL)
        gtk_check_button_set_active (check, FALSE);
    }
}

/* Everything but the channel, which the next request likely shares. */
static void
clear_form (HdSubmitWindow *self)
{
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view), "", -1);
  adw_combo_row_set_selected (self->location_row, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (self->topic_row, GTK_INVALID_LIST_POSITION);
  clear_choices (self->scope_list);
  clear_choices (self->effect_list);
  self->filling = FALSE;
  g_clear_pointer (&self->scope, g_free);
  g_clear_pointer (&self->effect, g_free);
  g_hash_table_remove_all (self->edited);
  g_hash_table_remove_all (self->touched);
  self->submitted = FALSE;
  if (self->prefill && channel (self) == HD_CHANNEL_FORM)
    fill_own_requester (self);
  revalidate (self);
}

/* Signal callbacks */

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HdSubmitWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  HdTicket *ticket;
  HdSync *sync;
  GtkWindow *parent;

  ticket = hd_submit_save_finish (HD_CACHE (source), result, &error);
  sync = hd_account_get_sync (self->account);
  if (ticket != NULL && sync != NULL)
    {
      /* a restart of the loop delivers it at once, whatever pause it was in */
      hd_sync_stop (sync);
      hd_sync_start (sync);
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&ticket, hd_ticket_free);
      return;
    }
  set_saving (self, FALSE);
  if (ticket == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The ticket could not be saved: %s"), error->message);

      toast (self, text);
      return;
    }
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-toast", "s", _("Ticket saved"));
  _hd_submit_window_show_receipt (self, ticket);
}

static gboolean
close_discarded_cb (gpointer user_data)
{
  HdSubmitWindow *self = user_data;

  if (!g_cancellable_is_cancelled (self->cancellable))
    gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     HdSubmitWindow   *self)
{
  if (!g_str_equal (response, "discard"))
    return;
  self->discard = TRUE;
  /* once the dialog is gone: a dialog left without its parent window
   * trips GTK 4.8 when it is finalized */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_discarded_cb, g_object_ref (self), g_object_unref);
}

static void
ask_discard (HdSubmitWindow *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard This Ticket?"),
                                              _("What you typed will be lost."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
text_changed_cb (GtkWidget      *widget,
                 HdSubmitWindow *self)
{
  const char *field = g_object_get_data (G_OBJECT (widget), "hd-field");

  if (self->filling)
    return;
  g_hash_table_add (self->edited, (gpointer) field);
  /* the address filled in went with the name: it is not the caller's */
  if (widget == GTK_WIDGET (self->name_row) && self->prefill &&
      !is_own_name (self, text_of (self->name_row)) && g_strcmp0 (text_of (self->email_row), self->own_email) == 0)
    set_text (self, self->email_row, NULL);
  revalidate (self);
}

static void
description_changed_cb (HdSubmitWindow *self)
{
  text_changed_cb (self->description_card, self);
}

static void
field_left_cb (GtkEventControllerFocus *controller,
               HdSubmitWindow          *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  const char *field = g_object_get_data (G_OBJECT (widget), "hd-field");

  if (!g_hash_table_contains (self->edited, field) || g_hash_table_contains (self->touched, field))
    return;
  g_hash_table_add (self->touched, (gpointer) field);
  revalidate (self);
}

static void
entry_activated_cb (HdSubmitWindow *self)
{
  gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

static void
selection_changed_cb (GObject        *row,
                      GParamSpec     *pspec,
                      HdSubmitWindow *self)
{
  if (self->filling)
    return;
  g_hash_table_add (self->touched, g_object_get_data (row, "hd-field"));
  revalidate (self);
}

/* Someone calling or at the desk is the requester, not the user. */
static void
channel_changed_cb (HdSubmitWindow *self)
{
  if (!self->prefill || self->filling)
    return;
  if (channel (self) == HD_CHANNEL_FORM && is_blank (text_of (self->name_row)) && is_blank (text_of (self->email_row)))
    fill_own_requester (self);
  else if (channel (self) != HD_CHANNEL_FORM && holds_own_requester (self))
    {
      set_text (self, self->name_row, NULL);
      set_text (self, self->email_row, NULL);
    }
  revalidate (self);
}

static void
choice_toggled_cb (GtkCheckButton *check,
                   HdSubmitWindow *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), GTK_TYPE_LIST_BOX_ROW);
  GtkWidget *list = gtk_widget_get_parent (row);
  gboolean active = gtk_check_button_get_active (check);
  const char *field = g_object_get_data (G_OBJECT (list), "hd-field");
  char **choice = list == GTK_WIDGET (self->scope_list) ? &self->scope : &self->effect;

  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_CHECKED,
                               active ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
  if (!active)
    return;
  g_free (*choice);
  *choice = g_strdup (g_object_get_data (G_OBJECT (check), "hd-choice"));
  if (!self->filling)
    g_hash_table_add (self->touched, (gpointer) field);
  revalidate (self);
}

/* Actions */

static void
submit_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HdSubmitWindow *self = HD_SUBMIT_WINDOW (widget);
  g_auto(HdSubmission) s = { 0 };
  g_autoptr(GPtrArray) problems = NULL;

  if (self->saving || !g_str_equal (gtk_stack_get_visible_child_name (self->stack), "form"))
    return;
  if (self->plan == NULL)
    {
      toast (self, _("The help desk’s plan is not here yet: connect to the server once, then submit"));
      return;
    }
  read_form (self, &s);
  problems = hd_submission_check (&s, self->plan);
  self->submitted = TRUE;
  show_problems (self, problems);
  if (problems->len > 0)
    {
      focus_first_problem (self, problems);
      return;
    }
  set_saving (self, TRUE);
  hd_submit_save_async (hd_account_get_cache (self->account), self->plan, &s,
                        hd_account_get_username (self->account), hd_sync_now (hd_account_get_sync (self->account)),
                        self->cancellable, saved_cb, g_object_ref (self));
}

static void
copy_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _hd_submit_window_copy_receipt (HD_SUBMIT_WINDOW (widget));
}

static void
file_another_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  HdSubmitWindow *self = HD_SUBMIT_WINDOW (widget);

  _hd_submit_window_leave_receipt (self);
  clear_form (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->form_scroller), 0);
  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

/* Construction */

/* Text fields: their problems show once they were typed in and left. */
static void
watch_text (HdSubmitWindow *self,
            GtkWidget      *widget,
            const char     *field)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_object_set_data (G_OBJECT (widget), "hd-field", (gpointer) field);
  g_signal_connect_object (focus, "leave", G_CALLBACK (field_left_cb), self, 0);
  gtk_widget_add_controller (widget, focus);
  if (!ADW_IS_ENTRY_ROW (widget))
    return;
  g_signal_connect_object (widget, "changed", G_CALLBACK (text_changed_cb), self, 0);
  g_signal_connect_object (widget, "entry-activated", G_CALLBACK (entry_activated_cb), self, G_CONNECT_SWAPPED);
  /* GTK 4.8 reads the label and then the title as the name: the label
   * alone, "Requester Name", not "Requester Name Name" */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static void
watch_choice (HdSubmitWindow *self,
              GObject        *widget,
              const char     *field)
{
  g_object_set_data (widget, "hd-field", (gpointer) field);
  if (ADW_IS_COMBO_ROW (widget))
    g_signal_connect_object (widget, "notify::selected", G_CALLBACK (selection_changed_cb), self, 0);
}

static void
fill_channels (HdSubmitWindow *self)
{
  const char * const *offered = self->plan != NULL ? hd_plan_get_channels (self->plan) : NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint n = 0;

  for (guint c = 0; c < HD_N_CHANNELS; c++)
    if (offered == NULL || offered[0] == NULL || g_strv_contains (offered, hd_channel_to_string (c)))
      {
        self->channels[n++] = c;
        gtk_string_list_append (labels, _(channel_labels[c]));
      }
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (labels));
  for (guint i = 0; i < n; i++)
    if (self->channels[i] == HD_CHANNEL_FORM)
      adw_combo_row_set_selected (self->channel_row, i);
}

static void
fill_list (AdwComboRow   *row,
           GtkStringList *labels)
{
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (row, GTK_INVALID_LIST_POSITION);
}

static void
fill_choices (HdSubmitWindow  *self,
              GtkListBox      *list,
              const GPtrArray *choices)
{
  GtkCheckButton *group = NULL;

  for (guint i = 0; choices != NULL && i < choices->len; i++)
    {
      const HdPlanChoice *choice = g_ptr_array_index (choices, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), choice->label);
      /* the row takes the focus and the key: one stop per choice (not
       * gtk_widget_set_focusable(), which keeps Tab in the row in 4.8) */
      gtk_widget_set_can_focus (check, FALSE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      group = group != NULL ? group : GTK_CHECK_BUTTON (check);
      g_object_set_data_full (G_OBJECT (check), "hd-choice", g_strdup (choice->id), g_free);
      g_object_set_data (G_OBJECT (row), "hd-check", check);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_CHECKED,
                                   GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (choice_toggled_cb), self, 0);
      gtk_list_box_append (list, row);
    }
}

static void
fill_from_plan (HdSubmitWindow *self)
{
  g_autoptr(GtkStringList) locations = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) topics = gtk_string_list_new (NULL);

  self->filling = TRUE;
  fill_channels (self);
  if (self->plan != NULL)
    {
      const GPtrArray *plan_topics = hd_plan_get_topics (self->plan);

      for (const char * const *l = hd_plan_get_locations (self->plan); l != NULL && *l != NULL; l++)
        gtk_string_list_append (locations, *l);
      for (guint i = 0; i < plan_topics->len; i++)
        gtk_string_list_append (topics, ((const HdPlanTopic *) g_ptr_array_index (plan_topics, i))->label);
      fill_choices (self, self->scope_list, hd_plan_get_scopes (self->plan));
      fill_choices (self, self->effect_list, hd_plan_get_effects (self->plan));
    }
  fill_list (self->location_row, locations);
  fill_list (self->topic_row, topics);
  self->filling = FALSE;
}

/* Overrides */

static gboolean
hd_submit_window_close_request (GtkWindow *window)
{
  HdSubmitWindow *self = HD_SUBMIT_WINDOW (window);

  /* only for the moment the cache takes to keep it */
  if (self->saving)
    return TRUE;
  if (!self->discard && g_str_equal (gtk_stack_get_visible_child_name (self->stack), "form") && has_input (self))
    {
      ask_discard (self);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (hd_submit_window_parent_class)->close_request (window);
}

static void
hd_submit_window_map (GtkWidget *widget)
{
  HdSubmitWindow *self = HD_SUBMIT_WINDOW (widget);

  GTK_WIDGET_CLASS (hd_submit_window_parent_class)->map (widget);

  /* not before: a window given the focus unmapped is no window to
   * assistive technologies */
  if (!self->mapped_once)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  self->mapped_once = TRUE;
}

static void
hd_submit_window_dispose (GObject *object)
{
  HdSubmitWindow *self = HD_SUBMIT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  _hd_submit_window_leave_receipt (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), HD_TYPE_SUBMIT_WINDOW);

  G_OBJECT_CLASS (hd_submit_window_parent_class)->dispose (object);
}

static void
hd_submit_window_finalize (GObject *object)
{
  HdSubmitWindow *self = HD_SUBMIT_WINDOW (object);

  g_clear_object (&self->account);
  g_clear_object (&self->plan);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->own_name, g_free);
  g_clear_pointer (&self->own_email, g_free);
  g_clear_pointer (&self->scope, g_free);
  g_clear_pointer (&self->effect, g_free);
  g_clear_pointer (&self->edited, g_hash_table_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->ticket, hd_ticket_free);

  G_OBJECT_CLASS (hd_submit_window_parent_class)->finalize (object);
}

static void
hd_submit_window_class_init (HdSubmitWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hd_submit_window_dispose;
  object_class->finalize = hd_submit_window_finalize;
  widget_class->map = hd_submit_window_map;
  window_class->close_request = hd_submit_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/helpdesk/HelpDesk/hd-submit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, form_scroller);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, channel_row);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, email_row);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, phone_row);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, requester_problems);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, subject_row);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, location_row);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, topic_row);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, problem_problems);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, scope_list);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, scope_problems);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, effect_list);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, effect_problems);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, priority_badge);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, priority_row);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, description_card);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, description_view);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, description_problems);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, receipt_page);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, number_row);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, number_spinner);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, priority_receipt_row);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, receipt_badge);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, due_row);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, hours_row);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, HdSubmitWindow, another_button);

  gtk_widget_class_install_action (widget_class, "form.submit", NULL, submit_activated);
  gtk_widget_class_install_action (widget_class, "receipt.copy", NULL, copy_activated);
  gtk_widget_class_install_action (widget_class, "receipt.file-another", NULL, file_another_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hd_submit_window_init (HdSubmitWindow *self)
{
  GtkEventController *shortcuts;
  GtkShortcutTrigger *trigger;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->edited = g_hash_table_new (g_str_hash, g_str_equal);
  self->touched = g_hash_table_new (g_str_hash, g_str_equal);

  watch_text (self, GTK_WIDGET (self->name_row), "requester.name");
  watch_text (self, GTK_WIDGET (self->email_row), "requester.email");
  watch_text (self, GTK_WIDGET (self->phone_row), "requester.phone");
  watch_text (self, GTK_WIDGET (self->subject_row), "subject");
  watch_text (self, GTK_WIDGET (self->description_view), "description");
  g_object_set_data (G_OBJECT (self->description_card), "hd-field", (gpointer) "description");
  g_signal_connect_object (gtk_text_view_get_buffer (self->description_view), "changed",
                           G_CALLBACK (description_changed_cb), self, G_CONNECT_SWAPPED);
  /* "Copy Receipt", not that and the button's "Copy" too */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->copy_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  watch_choice (self, G_OBJECT (self->location_row), "location");
  watch_choice (self, G_OBJECT (self->topic_row), "topic");
  watch_choice (self, G_OBJECT (self->scope_list), "scope");
  watch_choice (self, G_OBJECT (self->effect_list), "effect");
  g_signal_connect_object (self->channel_row, "notify::selected", G_CALLBACK (channel_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* captured, so that Ctrl+Enter submits from the description too */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  trigger = gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                         gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                       gtk_shortcut_new (trigger, gtk_named_action_new ("form.submit")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/* Public API */

/* A window to file a ticket as @account's user, transient for @parent,
 * whose "win.show-toast" action hears of every ticket saved. */
HdSubmitWindow *
hd_submit_window_new (GtkWindow *parent,
                      HdAccount *account)
{
  HdSubmitWindow *self;
  g_auto(HdSubmission) own = { 0 };

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HD_IS_ACCOUNT (account), NULL);

  self = g_object_new (HD_TYPE_SUBMIT_WINDOW, "transient-for", parent, NULL);
  self->account = g_object_ref (account);
  g_set_object (&self->plan, hd_account_get_plan (account));
  hd_submission_fill_requester (&own, hd_account_get_username (account), hd_account_get_name (account),
                                hd_account_get_email (account));
  self->own_name = g_steal_pointer (&own.requester_name);
  self->own_email = g_steal_pointer (&own.requester_email);
  self->prefill = hd_account_get_role (account) == HD_ROLE_REQUESTER;

  fill_from_plan (self);
  clear_form (self);
  return self;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-comment-row.h"
#include "hd-ticket-change.h"
#include "hd-ticket-composer.h"
#include "hd-ticket-edit.h"
#include "hd-ticket-fields.h"
#include "hd-ticket-history.h"
#include "hd-ticket-pane.h"
#include "hd-ticket-snapshot.h"
#include "hd-ticket-survey.h"
#include "hd-ticket-text.h"

struct _HdTicketPane
{
  GtkWidget          parent_instance;

  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  GtkRevealer       *banner_revealer;
  GtkLabel          *banner_label;
  GtkWidget         *keep_theirs_button;
  GtkWidget         *keep_mine_button;
  GtkWidget         *dismiss_button;
  GtkScrolledWindow *scroller;
  GtkLabel          *number_label;
  GtkWidget         *pending_box;
  GtkLabel          *subject_label;
  GtkLabel          *priority_label;
  GtkLabel          *status_label;
  GtkWidget         *countdown_box;
  GtkLabel          *countdown_label;
  GtkWidget         *follow_up_box;
  HdTicketSurvey    *survey;
  GtkLabel          *rating_label;
  GtkLabel          *description_label;
  GtkListBox        *details_list;
  HdTicketFields    *fields;
  GtkWidget         *no_comments_label;
  GtkBox            *comments_box;
  HdTicketHistory   *history;
  HdTicketComposer  *composer;

  HdAccount         *account;
  GSignalGroup      *cache_signals;
  GCancellable      *cancellable;      /* the account's changes */
  GCancellable      *load_cancellable; /* the ticket's loads */
  char              *ticket_id;
  HdTicketSnapshot  *snapshot;
  gboolean           loading;
  gboolean           reload;           /* the cache changed during a load */
  gboolean           scroll_to_end;
  guint              tick_id;
  GHashTable        *followed_up;      /* ids of tickets followed up from here */
};

static void load (HdTicketPane *self);

G_DEFINE_FINAL_TYPE (HdTicketPane, hd_ticket_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_TICKET_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A countdown in minutes needs no finer clock. */
#define TICK_SECONDS 30

/* By the server's clock, which the deadlines are on. */
static gint64
now (HdTicketPane *self)
{
  return self->account != NULL ? hd_sync_now (hd_account_get_sync (self->account))
                               : g_get_real_time () / G_USEC_PER_SEC;
}

static HdPlan *
plan (HdTicketPane *self)
{
  return self->account != NULL ? hd_account_get_plan (self->account) : NULL;
}

/* ---- showing it ---- */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* "+1 555 0142" dials as tel:+15550142; a mail address goes as it is. */
static char *
link_target (const char *scheme,
             const char *value)
{
  GString *target;

  if (!g_str_equal (scheme, "tel"))
    return g_uri_escape_string (value, "@+", FALSE);
  target = g_string_new (NULL);
  for (const char *c = value; *c != '\0'; c++)
    if (g_ascii_isdigit (*c) || (*c == '+' && target->len == 0))
      g_string_append_c (target, *c);
  return g_string_free (target, FALSE);
}

static void
add_detail (HdTicketPane *self,
            const char   *title,
            const char   *value,
            const char   *uri_scheme)
{
  GtkWidget *row, *box, *title_label, *value_label;

  if (value == NULL || *value == '\0')
    return;
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_add_css_class (box, "hd-detail");
  title_label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "caption");
  gtk_widget_add_css_class (title_label, "dim-label");
  value_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), uri_scheme == NULL);
  if (uri_scheme != NULL)
    {
      g_autofree char *target = link_target (uri_scheme, value);
      g_autofree char *markup = g_markup_printf_escaped ("<a href=\"%s:%s\">%s</a>", uri_scheme, target, value);

      gtk_label_set_markup (GTK_LABEL (value_label), markup);
    }
  else
    gtk_label_set_text (GTK_LABEL (value_label), value);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  title_label, NULL, -1);
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), value_label);
  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_append (self->details_list, row);
}

static void
add_time_detail (HdTicketPane *self,
                 const char   *title,
                 gint64        instant)
{
  g_autofree char *text = NULL;

  if (plan (self) == NULL)
    return;
  text = instant >= 0 ? hd_plan_format_local_time (plan (self), instant) : g_strdup (_("Paused while the ticket waits"));
  add_detail (self, title, text, NULL);
}

static void
show_details (HdTicketPane   *self,
              const HdTicket *t)
{
  HdRole role = hd_account_get_role (self->account);

  clear_list (self->details_list);
  add_detail (self, _("Requester"), t->requester_name, NULL);
  add_detail (self, _("Mail"), t->requester_email, "mailto");
  add_detail (self, _("Phone"), t->requester_phone, "tel");
  add_detail (self, _("Location"), t->location, NULL);
  if (!hd_ticket_edit_may (role, "topic"))
    add_detail (self, _("Topic"), hd_ticket_text_topic (plan (self), t->topic), NULL);
  if (!hd_ticket_edit_may (role, "assignee"))
    add_detail (self, _("Assignee"), hd_ticket_text_person (plan (self), t->assignee), NULL);
  add_detail (self, _("Why this priority"), t->priority_reason, NULL);
  add_detail (self, _("Channel"), hd_ticket_text_channel (t->channel), NULL);
  if (t->submitted_by != NULL && hd_account_is_staff (self->account))
    add_detail (self, _("Submitted by"), hd_ticket_text_person (plan (self), t->submitted_by), NULL);
  add_time_detail (self, _("Created"), t->created_at);
  if (t->first_response_at >= 0)
    add_time_detail (self, _("First response"), t->first_response_at);
  else if (hd_status_is_open (t->status))
    add_time_detail (self, _("Response due"), t->response_due_at);
  if (t->resolved_at >= 0)
    add_time_detail (self, _("Resolved"), t->resolved_at);
  else if (hd_status_is_open (t->status))
    add_time_detail (self, _("Resolution due"), t->resolution_due_at);
}

static void
update_countdown (HdTicketPane *self)
{
  g_autofree char *text = NULL;
  HdSlaState state = HD_SLA_ON_TRACK;

  if (self->snapshot == NULL || self->snapshot->ticket == NULL || plan (self) == NULL)
    return;
  text = hd_ticket_text_countdown (plan (self), self->snapshot->ticket, now (self), &state);
  gtk_label_set_text (self->countdown_label, text != NULL ? text : "");
  gtk_widget_set_visible (self->countdown_box, text != NULL);
  if (state == HD_SLA_BREACHED)
    gtk_widget_add_css_class (self->countdown_box, "due-overdue");
  else
    gtk_widget_remove_css_class (self->countdown_box, "due-overdue");
  if (state == HD_SLA_DUE_SOON)
    gtk_widget_add_css_class (self->countdown_box, "due-soon");
  else
    gtk_widget_remove_css_class (self->countdown_box, "due-soon");
}

static void
show_header (HdTicketPane   *self,
             const HdTicket *t,
             gboolean        pending)
{
  g_autofree char *number = hd_ticket_text_number (t->number);

  gtk_label_set_text (self->number_label, number);
  gtk_widget_set_visible (self->pending_box, pending);
  gtk_label_set_text (self->subject_label, t->subject);
  gtk_label_set_text (self->priority_label, hd_ticket_text_priority (plan (self), t->priority));
  hd_ticket_text_style_priority (GTK_WIDGET (self->priority_label), t->priority);
  gtk_label_set_text (self->status_label, hd_ticket_text_status (t->status));
  gtk_label_set_text (self->description_label, t->description != NULL ? t->description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), t->description != NULL && *t->description != '\0');
  update_countdown (self);
}

/* The cache forgets a follow-up once it is delivered: the server's
 * history, and this window, remember it. */
static void
update_follow_up (HdTicketPane *self)
{
  HdTicketSnapshot *s = self->snapshot;
  gboolean may = s != NULL && s->ticket != NULL && s->can_follow_up &&
                 !g_hash_table_contains (self->followed_up, s->ticket->id) &&
                 !hd_ticket_history_has_event (self->history, "follow-up", hd_account_get_username (self->account));

  gtk_widget_set_visible (self->follow_up_box, may);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.follow-up", may);
}

static void
show_survey (HdTicketPane     *self,
             HdTicketSnapshot *s)
{
  const HdTicket *t = s->ticket;
  g_autofree char *rated = NULL;

  update_follow_up (self);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->survey)) && s->can_survey)
    hd_ticket_survey_reset (self->survey);
  gtk_widget_set_visible (GTK_WIDGET (self->survey), s->can_survey);
  if (t->survey_rating > 0 && t->survey_comment != NULL)
    rated = g_strdup_printf (_("Rated %d of 5: “%s”"), (int) t->survey_rating, t->survey_comment);
  else if (t->survey_rating > 0)
    rated = g_strdup_printf (_("Rated %d of 5"), (int) t->survey_rating);
  gtk_label_set_text (self->rating_label, rated != NULL ? rated : "");
  gtk_widget_set_visible (GTK_WIDGET (self->rating_label), rated != NULL);
}

static gboolean
scroll_to_end_cb (gpointer user_data)
{
  HdTicketPane *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  return G_SOURCE_REMOVE;
}

static void
show_conversation (HdTicketPane     *self,
                   HdTicketSnapshot *s,
                   HdTicketSnapshot *before)
{
  gint64 at = now (self);

  if (before != NULL && g_strcmp0 (before->comments_key, s->comments_key) == 0)
    return;
  clear_box (self->comments_box);
  for (guint i = 0; i < s->comments->len; i++)
    {
      const HdComment *c = g_ptr_array_index (s->comments, i);
      const char *author = hd_ticket_text_person (plan (self), c->author);

      if (g_strcmp0 (c->author, hd_account_get_username (self->account)) == 0)
        author = _("You");
      gtk_box_append (self->comments_box,
                      hd_comment_row_new (c, author, g_hash_table_contains (s->pending_comments, c->id), at));
    }
  gtk_widget_set_visible (self->no_comments_label, s->comments->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->comments_box), s->comments->len > 0);
  if (self->scroll_to_end)
    g_idle_add_full (G_PRIORITY_LOW, scroll_to_end_cb, g_object_ref (self), g_object_unref);
  self->scroll_to_end = FALSE;
}

static void
show_conflict (HdTicketPane     *self,
               HdTicketSnapshot *s)
{
  g_autofree char *text = NULL;
  gboolean refused;

  if (s->conflict == NULL)
    {
      gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->banner_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
  refused = g_str_equal (s->conflict->field, "refused");
  if (refused)
    text = g_strdup_printf (_("The server refused a change you made: %s"),
                            s->theirs != NULL ? s->theirs : _("no reason given"));
  else
    {
      g_autofree char *mine = hd_ticket_text_value (plan (self), s->conflict->field, s->mine);
      g_autofree char *theirs = hd_ticket_text_value (plan (self), s->conflict->field, s->theirs);

      text = g_strdup_printf (_("Your change to %s clashed with someone else’s: yours “%s”, theirs “%s”."),
                              hd_ticket_text_field (s->conflict->field), mine, theirs);
    }
  if (s->n_conflicts > 1)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more clash follows.",
                                                            "%u more clashes follow.", s->n_conflicts - 1),
                                               s->n_conflicts - 1);
      char *both = g_strconcat (text, " ", more, NULL);

      g_free (text);
      text = both;
    }
  gtk_label_set_text (self->banner_label, text);
  gtk_widget_set_visible (self->keep_mine_button, !refused);
  gtk_widget_set_visible (self->keep_theirs_button, !refused);
  gtk_widget_set_visible (self->dismiss_button, refused);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.keep-mine", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.keep-theirs", TRUE);
}

/* Hidden once folded away, so that a screen reader does not read it. */
static void
banner_revealed_cb (HdTicketPane *self)
{
  if (!gtk_revealer_get_child_revealed (self->banner_revealer) &&
      !gtk_revealer_get_reveal_child (self->banner_revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->banner_revealer), FALSE);
}

static gboolean
may_edit_any (HdRole role)
{
  return hd_ticket_edit_may (role, "status") || hd_ticket_edit_may (role, "assignee") ||
         hd_ticket_edit_may (role, "priority") || hd_ticket_edit_may (role, "topic");
}

static void
show_snapshot (HdTicketPane     *self,
               HdTicketSnapshot *s)
{
  g_autoptr(HdTicketSnapshot) before = g_steal_pointer (&self->snapshot);
  HdRole role = hd_account_get_role (self->account);

  self->snapshot = s;
  if (s->ticket == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("Ticket Not Available"));
      adw_status_page_set_description (self->empty_page,
                                       _("It is not on this computer. It may have been removed, or it may "
                                         "not have been synced yet."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      hd_ticket_composer_set_ready (self->composer, FALSE);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "ticket");
  if (before == NULL || g_strcmp0 (before->ticket_json, s->ticket_json) != 0 || before->pending != s->pending)
    {
      show_header (self, s->ticket, s->pending);
      show_details (self, s->ticket);
      gtk_widget_set_visible (GTK_WIDGET (self->fields), may_edit_any (role));
      if (may_edit_any (role))
        hd_ticket_fields_set_ticket (self->fields, s->ticket);
    }
  show_survey (self, s);
  show_conversation (self, s, before);
  show_conflict (self, s);
  hd_ticket_composer_set_internal_allowed (self->composer, hd_ticket_edit_may (role, "internal"));
  hd_ticket_composer_set_ready (self->composer, TRUE);
  hd_ticket_history_set_ticket (self->history, s->ticket->id, s->ticket->number, s->ticket->version);
}

/* ---- loading ---- */

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HdTicketPane) self = user_data;
  g_autoptr(GError) error = NULL;
  HdTicketSnapshot *s = hd_ticket_snapshot_load_finish (result, &error);

  if (s == NULL)
    return;                     /* cancelled: another ticket or account */
  self->loading = FALSE;
  show_snapshot (self, s);
  if (self->reload)
    load (self);
}

/* One load at a time; changes meanwhile make one more. */
static void
load (HdTicketPane *self)
{
  if (self->account == NULL || self->ticket_id == NULL)
    return;
  if (self->loading)
    {
      self->reload = TRUE;
      return;
    }
  self->loading = TRUE;
  self->reload = FALSE;
  hd_ticket_snapshot_load_async (self->account, self->ticket_id, self->load_cancellable,
                                 loaded_cb, g_object_ref (self));
}

static gboolean
tick_cb (gpointer user_data)
{
  HdTicketPane *self = user_data;
  HdTicketSnapshot *s = self->snapshot;

  update_countdown (self);
  /* a requester may follow up from a moment the pane cannot foresee */
  if (s != NULL && s->ticket != NULL && !s->can_follow_up && !hd_account_is_staff (self->account) &&
      hd_status_is_open (s->ticket->status))
    load (self);
  return G_SOURCE_CONTINUE;
}

static void
cache_changed_cb (HdTicketPane *self)
{
  load (self);
}

/* ---- changes ---- */

typedef struct {
  HdTicketPane *self;
  char         *done;           /* said once the change is kept */
} Applying;

static void
applied_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Applying *applying = user_data;
  g_autoptr(HdTicketPane) self = applying->self;
  g_autofree char *done = applying->done;
  g_autoptr(GError) error = NULL;

  g_free (applying);
  if (hd_ticket_change_apply_finish (result, &error))
    {
      if (done != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", done);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", error->message);
  /* what was hidden in the hope that it would work comes back */
  g_hash_table_remove_all (self->followed_up);
  load (self);
}

/* Carries out @change, which this takes. */
static void
apply (HdTicketPane   *self,
       HdTicketChange *change,
       const char     *done)
{
  Applying *applying = g_new0 (Applying, 1);

  applying->self = g_object_ref (self);
  applying->done = g_strdup (done);
  hd_ticket_change_apply_async (change, self->account, self->cancellable, applied_cb, applying);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HdTicketPane) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean kept = hd_ticket_change_apply_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!kept)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", error->message);
  else
    self->scroll_to_end = TRUE;
  hd_ticket_composer_sent (self->composer, kept);
}

static void
composer_send_cb (HdTicketPane *self,
                  const char   *text,
                  gboolean      internal)
{
  if (self->snapshot == NULL || self->snapshot->ticket == NULL)
    {
      hd_ticket_composer_sent (self->composer, FALSE);
      return;
    }
  hd_ticket_change_apply_async (hd_ticket_change_comment (self->snapshot->ticket->id, text, internal),
                                self->account, self->cancellable, sent_cb, g_object_ref (self));
}

static void
resolve_conflict (HdTicketPane *self,
                  gboolean      keep_mine)
{
  if (self->snapshot == NULL || self->snapshot->conflict == NULL)
    return;
  /* once: the banner goes when the cache says so */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.keep-mine", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.keep-theirs", FALSE);
  apply (self, hd_ticket_change_conflict (self->snapshot->conflict, keep_mine), NULL);
}

static void
keep_mine_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  resolve_conflict (HD_TICKET_PANE (widget), TRUE);
}

static void
keep_theirs_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  resolve_conflict (HD_TICKET_PANE (widget), FALSE);
}

static void
follow_up_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       HdTicketPane     *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (!g_str_equal (response, "follow-up") || self->snapshot == NULL || self->snapshot->ticket == NULL)
    return;
  apply (self, hd_ticket_change_follow_up (self->snapshot->ticket->id, gtk_editable_get_text (entry)),
         _("The help desk is reminded of your ticket"));
  g_hash_table_add (self->followed_up, g_strdup (self->snapshot->ticket->id));
  update_follow_up (self);
}

static void
follow_up_text_changed_cb (GtkEditable      *entry,
                           AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "follow-up", *text != '\0');
}

static void
follow_up_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HdTicketPane *self = HD_TICKET_PANE (widget);
  GtkWidget *dialog, *entry;
  g_autofree char *number = NULL;

  if (self->snapshot == NULL || self->snapshot->ticket == NULL)
    return;
  number = hd_ticket_text_number (self->snapshot->ticket->number);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), NULL,
                                   _("The help desk is reminded of your ticket, and it goes to a lead or supervisor."));
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Follow Up on %s?"), number);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("What would you like to know?"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Follow-up message"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "follow-up", _("_Follow Up"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "follow-up", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "follow-up");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "follow-up", FALSE);
  g_signal_connect_object (entry, "changed", G_CALLBACK (follow_up_text_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (follow_up_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
survey_submitted_cb (HdTicketPane *self,
                     int           rating,
                     const char   *comment)
{
  if (self->snapshot == NULL || self->snapshot->ticket == NULL)
    return;
  apply (self, hd_ticket_change_survey (self->snapshot->ticket->id, rating, comment),
         _("Thank you for rating the help you got"));
  gtk_widget_set_visible (GTK_WIDGET (self->survey), FALSE);
}

/* ---- GObject ---- */

static void
hd_ticket_pane_dispose (GObject *object)
{
  HdTicketPane *self = (HdTicketPane *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->cache_signals);
  g_clear_object (&self->account);
  g_clear_pointer (&self->snapshot, hd_ticket_snapshot_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), HD_TYPE_TICKET_PANE);
  /* what the template did not name */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (hd_ticket_pane_parent_class)->dispose (object);
}

static void
hd_ticket_pane_finalize (GObject *object)
{
  HdTicketPane *self = (HdTicketPane *) object;

  g_free (self->ticket_id);
  g_clear_pointer (&self->followed_up, g_hash_table_unref);

  G_OBJECT_CLASS (hd_ticket_pane_parent_class)->finalize (object);
}

static void
hd_ticket_pane_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HdTicketPane *self = HD_TICKET_PANE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT: g_value_set_object (value, self->account); break;
    case PROP_TICKET_ID: g_value_set_string (value, self->ticket_id); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_ticket_pane_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HdTicketPane *self = HD_TICKET_PANE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT: hd_ticket_pane_set_account (self, g_value_get_object (value)); break;
    case PROP_TICKET_ID: hd_ticket_pane_set_ticket_id (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_ticket_pane_class_init (HdTicketPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_ticket_pane_dispose;
  object_class->finalize = hd_ticket_pane_finalize;
  object_class->get_property = hd_ticket_pane_get_property;
  object_class->set_property = hd_ticket_pane_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, HD_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TICKET_ID] =
    g_param_spec_string ("ticket-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HD_TYPE_TICKET_COMPOSER);
  g_type_ensure (HD_TYPE_TICKET_FIELDS);
  g_type_ensure (HD_TYPE_TICKET_HISTORY);
  g_type_ensure (HD_TYPE_TICKET_SURVEY);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/helpdesk/HelpDesk/hd-ticket-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, stack);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, banner_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, keep_theirs_button);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, keep_mine_button);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, dismiss_button);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, number_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, pending_box);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, subject_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, priority_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, status_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, countdown_box);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, follow_up_box);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, survey);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, rating_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, description_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, details_list);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, fields);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, no_comments_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, comments_box);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, history);
  gtk_widget_class_bind_template_child (widget_class, HdTicketPane, composer);
  gtk_widget_class_bind_template_callback (widget_class, composer_send_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_revealed_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_follow_up);
  gtk_widget_class_bind_template_callback (widget_class, survey_submitted_cb);

  gtk_widget_class_install_action (widget_class, "pane.keep-mine", NULL, keep_mine_activated);
  gtk_widget_class_install_action (widget_class, "pane.keep-theirs", NULL, keep_theirs_activated);
  gtk_widget_class_install_action (widget_class, "pane.follow-up", NULL, follow_up_activated);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hd_ticket_pane_init (HdTicketPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->followed_up = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cache_signals = g_signal_group_new (HD_TYPE_CACHE);
  g_signal_group_connect_swapped (self->cache_signals, "changed", G_CALLBACK (cache_changed_cb), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Ticket"), -1);
}

/* ---- public API ---- */

void
hd_ticket_pane_set_account (HdTicketPane *self,
                            HdAccount    *account)
{
  g_return_if_fail (HD_IS_TICKET_PANE (self));
  g_return_if_fail (account == NULL || HD_IS_ACCOUNT (account));

  if (!g_set_object (&self->account, account))
    return;
  /* what was on its way for the last account stays its business */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_hash_table_remove_all (self->followed_up);
  g_signal_group_set_target (self->cache_signals, account != NULL ? hd_account_get_cache (account) : NULL);
  hd_ticket_fields_set_account (self->fields, account);
  hd_ticket_history_set_account (self->history, account);
  g_clear_pointer (&self->ticket_id, g_free);
  hd_ticket_pane_set_ticket_id (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

/* Shows the ticket with @ticket_id (its UUID), or nothing. */
void
hd_ticket_pane_set_ticket_id (HdTicketPane *self,
                              const char   *ticket_id)
{
  g_return_if_fail (HD_IS_TICKET_PANE (self));

  if (g_strcmp0 (ticket_id, self->ticket_id) == 0 && ticket_id != NULL)
    return;
  g_free (self->ticket_id);
  self->ticket_id = g_strdup (ticket_id);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->loading = FALSE;
  self->reload = FALSE;
  self->scroll_to_end = FALSE;
  g_clear_pointer (&self->snapshot, hd_ticket_snapshot_free);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  hd_ticket_composer_reset (self->composer);
  hd_ticket_composer_set_ready (self->composer, FALSE);
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_revealer), FALSE);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  hd_ticket_history_set_ticket (self->history, NULL, 0, 0);
  /* while it loads, which takes a moment, the page says nothing */
  adw_status_page_set_title (self->empty_page, ticket_id == NULL ? _("No Ticket Selected") : "");
  adw_status_page_set_description (self->empty_page, NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");

  if (ticket_id != NULL && self->account != NULL)
    {
      self->tick_id = g_timeout_add_seconds (TICK_SECONDS, tick_cb, self);
      load (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET_ID]);
}

const char *
hd_ticket_pane_get_ticket_id (HdTicketPane *self)
{
  g_return_val_if_fail (HD_IS_TICKET_PANE (self), NULL);

  return self->ticket_id;
}

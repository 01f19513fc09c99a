/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-submit-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-submit-receipt.h"
#include "hd-submit-tasks.h"
#include "hd-submit-window-private.h"
#include "hd-ticket-text.h"

/* How long the receipt waits for the server's number before it says the
 * ticket is numbered when connected. */
#define NUMBERING_WAIT_MS 2000

static void
update_receipt (HdSubmitWindow *self)
{
  const HdTicket *t = self->ticket;
  const HdPlanPriority *priority = hd_plan_get_priority (self->plan, t->priority);
  g_autofree char *number = hd_submit_ticket_number (t);
  g_autofree char *short_id = hd_submit_ticket_short_id (t);
  g_autofree char *due = hd_plan_format_local_time (self->plan, t->response_due_at);
  g_autofree char *target = hd_submit_format_target (priority);
  g_autofree char *title = NULL, *reference = NULL;
  const char *description;

  if (number != NULL)
    {
      title = g_strdup_printf (_("Ticket %s"), number);
      reference = g_strdup (number);
      description = _("The help desk has received it.");
    }
  else if (self->numbering)
    {
      title = g_strdup (_("Ticket Saved"));
      reference = g_strdup (_("Getting a number…"));
      description = _("Sending it to the help desk…");
    }
  else
    {
      title = g_strdup (_("Ticket Saved"));
      /* Translators: %s is the start of the ticket's id, "3f1c2a9b" */
      reference = g_strdup_printf (_("Numbered when connected · reference %s"), short_id);
      description = _("It is kept on this computer and sent as soon as the help desk can be reached.");
    }
  adw_status_page_set_title (self->receipt_page, title);
  adw_status_page_set_description (self->receipt_page, description);
  adw_action_row_set_subtitle (self->number_row, reference);
  gtk_spinner_set_spinning (self->number_spinner, number == NULL && self->numbering);
  gtk_widget_set_visible (GTK_WIDGET (self->number_spinner), number == NULL && self->numbering);
  _hd_submit_window_set_badge (self->receipt_badge, priority);
  adw_action_row_set_subtitle (self->priority_receipt_row, target);
  adw_action_row_set_subtitle (self->due_row, due);
  adw_action_row_set_subtitle (self->hours_row, hd_plan_get_hours_posted (self->plan));
  gtk_widget_set_visible (GTK_WIDGET (self->hours_row), hd_plan_get_hours_posted (self->plan) != NULL);
}

static void
stop_numbering (HdSubmitWindow *self)
{
  self->numbering = FALSE;
  g_clear_handle_id (&self->numbering_id, g_source_remove);
  if (self->account != NULL)
    g_clear_signal_handler (&self->changed_id, hd_account_get_cache (self->account));
}

static void look_up (HdSubmitWindow *self);

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HdSubmitWindow) self = user_data;
  g_autoptr(HdTicket) found = NULL;
  g_autoptr(GError) error = NULL;

  found = hd_submit_lookup_finish (HD_CACHE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->looking_up = FALSE;
  if (self->ticket == NULL)
    return;
  if (found != NULL && found->number > 0 && g_str_equal (found->id, self->ticket->id))
    {
      g_clear_pointer (&self->ticket, hd_ticket_free);
      self->ticket = g_steal_pointer (&found);
      stop_numbering (self);
      update_receipt (self);
      return;
    }
  if (self->look_up_again)
    look_up (self);
}

static void
look_up (HdSubmitWindow *self)
{
  g_assert (self->ticket != NULL);

  if (self->looking_up)
    {
      self->look_up_again = TRUE;
      return;
    }
  self->looking_up = TRUE;
  self->look_up_again = FALSE;
  hd_submit_lookup_async (hd_account_get_cache (self->account), self->ticket->id, self->cancellable,
                          looked_up_cb, g_object_ref (self));
}

static void
cache_changed_cb (HdSubmitWindow *self)
{
  if (self->ticket != NULL && self->ticket->number <= 0)
    look_up (self);
}

static gboolean
numbering_timeout_cb (gpointer user_data)
{
  HdSubmitWindow *self = user_data;

  self->numbering_id = 0;
  self->numbering = FALSE;
  if (self->ticket != NULL)
    update_receipt (self);
  return G_SOURCE_REMOVE;
}

/* Shows the receipt of @ticket, which the window takes, and keeps it up
 * to date until the server numbered the ticket. */
void
_hd_submit_window_show_receipt (HdSubmitWindow *self,
                                HdTicket       *ticket)
{
  stop_numbering (self);
  g_clear_pointer (&self->ticket, hd_ticket_free);
  self->ticket = ticket;
  self->numbering = TRUE;
  /* the sync engine writes the server's answer: the number comes with it */
  self->changed_id = g_signal_connect_object (hd_account_get_cache (self->account), "changed",
                                              G_CALLBACK (cache_changed_cb), self, G_CONNECT_SWAPPED);
  self->numbering_id = g_timeout_add (NUMBERING_WAIT_MS, numbering_timeout_cb, self);
  update_receipt (self);
  gtk_stack_set_visible_child_name (self->stack, "receipt");
  gtk_widget_grab_focus (self->another_button);
  look_up (self);
}

/* Back from the receipt, or away: nothing is watched any more. */
void
_hd_submit_window_leave_receipt (HdSubmitWindow *self)
{
  stop_numbering (self);
  g_clear_pointer (&self->ticket, hd_ticket_free);
}

/* The receipt as text on the clipboard, to paste in a mail or a chat. */
void
_hd_submit_window_copy_receipt (HdSubmitWindow *self)
{
  g_autofree char *text = NULL;

  if (self->ticket == NULL)
    return;
  text = hd_submit_receipt_text (self->plan, self->ticket);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Receipt copied")));
}

/* The priority as its badge: its label in its colour, or nothing. */
void
_hd_submit_window_set_badge (GtkLabel             *badge,
                             const HdPlanPriority *priority)
{
  gtk_widget_set_visible (GTK_WIDGET (badge), priority != NULL);
  if (priority == NULL)
    return;
  hd_ticket_text_style_priority (GTK_WIDGET (badge), priority->priority);
  gtk_label_set_text (badge, priority->label);
}

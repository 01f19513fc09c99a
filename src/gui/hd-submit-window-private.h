/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-submit-window.h"

G_BEGIN_DECLS

/* Shared by the form (hd-submit-window.c) and its receipt
 * (hd-submit-window-receipt.c). */

struct _HdSubmitWindow
{
  AdwWindow          parent_instance;

  AdwToastOverlay   *toast_overlay;
  GtkStack          *stack;
  GtkScrolledWindow *form_scroller;
  AdwComboRow       *channel_row;
  AdwEntryRow       *name_row;
  AdwEntryRow       *email_row;
  AdwEntryRow       *phone_row;
  GtkLabel          *requester_problems;
  AdwEntryRow       *subject_row;
  AdwComboRow       *location_row;
  AdwComboRow       *topic_row;
  GtkLabel          *problem_problems;
  GtkListBox        *scope_list;
  GtkLabel          *scope_problems;
  GtkListBox        *effect_list;
  GtkLabel          *effect_problems;
  GtkLabel          *priority_badge;
  AdwActionRow      *priority_row;
  GtkWidget         *description_card;
  GtkTextView       *description_view;
  GtkLabel          *description_problems;
  AdwStatusPage     *receipt_page;
  AdwActionRow      *number_row;
  GtkSpinner        *number_spinner;
  AdwActionRow      *priority_receipt_row;
  GtkLabel          *receipt_badge;
  AdwActionRow      *due_row;
  AdwActionRow      *hours_row;
  GtkWidget         *copy_button;
  GtkWidget         *another_button;

  HdAccount         *account;
  HdPlan            *plan;         /* the one the choices were made from */
  GCancellable      *cancellable;
  HdChannel          channels[HD_N_CHANNELS]; /* by position in channel_row */
  gboolean           prefill;      /* requesters file for themselves first */
  char              *own_name;     /* the requester when filing for oneself */
  char              *own_email;
  char              *scope;
  char              *effect;
  GHashTable        *edited;       /* fields typed in since the form opened */
  GHashTable        *touched;      /* fields whose problems show */
  gboolean           submitted;    /* Submit was pressed: every problem shows */
  gboolean           filling;      /* the code, not the user, changes the form */
  gboolean           saving;
  gboolean           discard;      /* the user chose to lose what they typed */
  gboolean           mapped_once;

  HdTicket          *ticket;       /* on the receipt */
  gboolean           numbering;    /* still waiting for the server's number */
  gulong             changed_id;
  guint              numbering_id;
  gboolean           looking_up;
  gboolean           look_up_again;
};

void _hd_submit_window_set_badge     (GtkLabel             *badge,
                                      const HdPlanPriority *priority);
void _hd_submit_window_show_receipt  (HdSubmitWindow       *self,
                                      HdTicket             *ticket);
void _hd_submit_window_leave_receipt (HdSubmitWindow       *self);
void _hd_submit_window_copy_receipt  (HdSubmitWindow       *self);

G_END_DECLS

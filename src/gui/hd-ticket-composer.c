/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-composer"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-ticket-composer.h"

struct _HdTicketComposer
{
  GtkWidget        parent_instance;

  GtkWidget       *reply_scroller;
  GtkTextView     *reply_view;
  GtkLabel        *placeholder_label;
  GtkToggleButton *internal_toggle;

  gboolean         ready;      /* there is a ticket to reply to */
  gboolean         sending;    /* between "send" and hd_ticket_composer_sent() */
};

G_DEFINE_FINAL_TYPE (HdTicketComposer, hd_ticket_composer, GTK_TYPE_WIDGET)

enum {
  SEND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The words, without the blanks around them. */
static char *
reply_text (HdTicketComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->reply_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static gboolean
is_internal (HdTicketComposer *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->internal_toggle)) &&
         gtk_toggle_button_get_active (self->internal_toggle);
}

static void
update (HdTicketComposer *self)
{
  g_autofree char *text = reply_text (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->reply_view);

  gtk_widget_set_visible (GTK_WIDGET (self->placeholder_label), gtk_text_buffer_get_char_count (buffer) == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send", self->ready && !self->sending && *text != '\0');
}

static void
internal_toggled_cb (HdTicketComposer *self)
{
  gboolean internal = is_internal (self);

  gtk_label_set_text (self->placeholder_label, internal ? _("Write an internal note…") : _("Write a reply…"));
  if (internal)
    gtk_widget_add_css_class (self->reply_scroller, "internal-note");
  else
    gtk_widget_remove_css_class (self->reply_scroller, "internal-note");
}

static void
send_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HdTicketComposer *self = HD_TICKET_COMPOSER (widget);
  g_autofree char *text = reply_text (self);

  if (*text == '\0' || self->sending || !self->ready)
    return;
  self->sending = TRUE;
  update (self);
  g_signal_emit (self, signals[SEND], 0, text, is_internal (self));
}

static void
hd_ticket_composer_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), HD_TYPE_TICKET_COMPOSER);
  /* what the template did not name */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (hd_ticket_composer_parent_class)->dispose (object);
}

static void
hd_ticket_composer_class_init (HdTicketComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_ticket_composer_dispose;

  /**
   * HdTicketComposer::send:
   * @text: the reply, without blanks around it
   * @internal: whether it is an internal note
   */
  signals[SEND] = g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/helpdesk/HelpDesk/hd-ticket-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, HdTicketComposer, reply_scroller);
  gtk_widget_class_bind_template_child (widget_class, HdTicketComposer, reply_view);
  gtk_widget_class_bind_template_child (widget_class, HdTicketComposer, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketComposer, internal_toggle);
  gtk_widget_class_bind_template_callback (widget_class, internal_toggled_cb);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_activated);
}

static void
hd_ticket_composer_init (HdTicketComposer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->reply_view), "changed",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  internal_toggled_cb (self);
  update (self);
}

/* Requesters write no internal notes: they do not see the toggle. */
void
hd_ticket_composer_set_internal_allowed (HdTicketComposer *self,
                                         gboolean          allowed)
{
  g_return_if_fail (HD_IS_TICKET_COMPOSER (self));

  gtk_widget_set_visible (GTK_WIDGET (self->internal_toggle), allowed);
  internal_toggled_cb (self);
}

/* Whether there is a ticket to reply to. */
void
hd_ticket_composer_set_ready (HdTicketComposer *self,
                              gboolean          ready)
{
  g_return_if_fail (HD_IS_TICKET_COMPOSER (self));

  self->ready = ready;
  update (self);
}

/* Empty, public, and waiting for nothing: for another ticket. */
void
hd_ticket_composer_reset (HdTicketComposer *self)
{
  g_return_if_fail (HD_IS_TICKET_COMPOSER (self));

  self->sending = FALSE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reply_view), "", -1);
  gtk_toggle_button_set_active (self->internal_toggle, FALSE);
  update (self);
}

/* The comment asked for by "send" was @kept, and goes out; or it was
 * not, and the words stay to be sent again. */
void
hd_ticket_composer_sent (HdTicketComposer *self,
                         gboolean          kept)
{
  g_return_if_fail (HD_IS_TICKET_COMPOSER (self));

  self->sending = FALSE;
  if (kept)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reply_view), "", -1);
  update (self);
}

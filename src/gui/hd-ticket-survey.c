/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-survey"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-ticket-survey.h"

#define N_STARS 5

struct _HdTicketSurvey
{
  GtkWidget        parent_instance;

  GtkBox          *stars;
  GtkEntry        *comment_entry;
  GtkToggleButton *star_buttons[N_STARS];

  int              rating;       /* 0: none chosen yet */
};

G_DEFINE_FINAL_TYPE (HdTicketSurvey, hd_ticket_survey, GTK_TYPE_WIDGET)

enum {
  SUBMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Stars up to the rating are filled, as in every rating widget. */
static void
show_rating (HdTicketSurvey *self)
{
  for (int i = 0; i < N_STARS; i++)
    gtk_button_set_icon_name (GTK_BUTTON (self->star_buttons[i]),
                              i < self->rating ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "survey.submit", self->rating > 0);
}

static void
star_toggled_cb (GtkToggleButton *button,
                 HdTicketSurvey  *self)
{
  int rating = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "rating"));

  if (gtk_toggle_button_get_active (button))
    self->rating = rating;
  else if (self->rating == rating)
    self->rating = 0;
  show_rating (self);
}

static void
comment_activated_cb (HdTicketSurvey *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "survey.submit", NULL);
}

static void
submit_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HdTicketSurvey *self = HD_TICKET_SURVEY (widget);

  if (self->rating < 1)
    return;
  g_signal_emit (self, signals[SUBMITTED], 0, self->rating, gtk_editable_get_text (GTK_EDITABLE (self->comment_entry)));
}

static void
add_stars (HdTicketSurvey *self)
{
  for (int i = 0; i < N_STARS; i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d Star", "%d Stars", i + 1), i + 1);

      g_object_set_data (G_OBJECT (button), "rating", GINT_TO_POINTER (i + 1));
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "circular");
      gtk_widget_add_css_class (button, "hd-star");
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->star_buttons[0]);
      g_signal_connect_object (button, "toggled", G_CALLBACK (star_toggled_cb), self, 0);
      gtk_box_append (self->stars, button);
      self->star_buttons[i] = GTK_TOGGLE_BUTTON (button);
    }
}

static void
hd_ticket_survey_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), HD_TYPE_TICKET_SURVEY);
  /* what the template did not name */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (hd_ticket_survey_parent_class)->dispose (object);
}

static void
hd_ticket_survey_class_init (HdTicketSurveyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_ticket_survey_dispose;

  /**
   * HdTicketSurvey::submitted:
   * @rating: 1 to 5
   * @comment: what they wrote, perhaps nothing
   */
  signals[SUBMITTED] = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/helpdesk/HelpDesk/hd-ticket-survey.ui");
  gtk_widget_class_bind_template_child (widget_class, HdTicketSurvey, stars);
  gtk_widget_class_bind_template_child (widget_class, HdTicketSurvey, comment_entry);
  gtk_widget_class_bind_template_callback (widget_class, comment_activated_cb);

  gtk_widget_class_install_action (widget_class, "survey.submit", NULL, submit_activated);
}

static void
hd_ticket_survey_init (HdTicketSurvey *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_stars (self);
  show_rating (self);
}

/* No stars, no words: for another ticket. */
void
hd_ticket_survey_reset (HdTicketSurvey *self)
{
  g_return_if_fail (HD_IS_TICKET_SURVEY (self));

  for (int i = 0; i < N_STARS; i++)
    gtk_toggle_button_set_active (self->star_buttons[i], FALSE);
  self->rating = 0;
  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), "");
  show_rating (self);
}

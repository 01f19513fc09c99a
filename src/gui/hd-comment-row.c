/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-comment-row"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-comment-row.h"
#include "hd-ticket-text.h"

struct _HdCommentRow
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkLabel  *author_label;
  GtkWidget *internal_box;
  GtkLabel  *time_label;
  GtkLabel  *body_label;
  GtkWidget *pending_box;
};

G_DEFINE_FINAL_TYPE (HdCommentRow, hd_comment_row, GTK_TYPE_WIDGET)

static void
hd_comment_row_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), HD_TYPE_COMMENT_ROW);
  /* what the template did not name */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (hd_comment_row_parent_class)->dispose (object);
}

static void
hd_comment_row_class_init (HdCommentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_comment_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/helpdesk/HelpDesk/hd-comment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HdCommentRow, box);
  gtk_widget_class_bind_template_child (widget_class, HdCommentRow, author_label);
  gtk_widget_class_bind_template_child (widget_class, HdCommentRow, internal_box);
  gtk_widget_class_bind_template_child (widget_class, HdCommentRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, HdCommentRow, body_label);
  gtk_widget_class_bind_template_child (widget_class, HdCommentRow, pending_box);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hd_comment_row_init (HdCommentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* @author_name is how the comment's author is shown. */
GtkWidget *
hd_comment_row_new (const HdComment *comment,
                    const char      *author_name,
                    gboolean         pending,
                    gint64           now)
{
  HdCommentRow *self;
  g_autofree char *when = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (comment != NULL, NULL);
  g_return_val_if_fail (author_name != NULL, NULL);

  self = g_object_new (HD_TYPE_COMMENT_ROW, NULL);
  when = hd_ticket_text_when (comment->created_at, now);
  gtk_widget_add_css_class (self->box, comment->internal ? "internal-note" : "public-reply");
  gtk_label_set_text (self->author_label, author_name);
  gtk_label_set_text (self->time_label, when);
  gtk_label_set_text (self->body_label, comment->body != NULL ? comment->body : "");
  gtk_widget_set_visible (self->internal_box, comment->internal);
  gtk_widget_set_visible (self->pending_box, pending);

  label = g_strdup_printf (comment->internal ? _("Internal note from %s, %s") : _("Reply from %s, %s"),
                           author_name, when);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return GTK_WIDGET (self);
}

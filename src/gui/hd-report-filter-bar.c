/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report-filter-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-report-filter-bar.h"
#include "hd-report-range.h"
#include "hd-time.h"

struct _HdReportFilterBar
{
  GtkWidget       parent_instance;

  GtkLabel       *range_label;
  GtkPopover     *range_popover;
  GtkEntry       *from_entry;
  GtkEntry       *to_entry;
  GtkLabel       *range_error;
  GtkDropDown    *location_drop;
  GtkDropDown    *topic_drop;
  GtkDropDown    *technician_drop;

  HdReportFilter *filter;
  gint64          today;
  /* the value of each item of the drop-downs, NULL for "All" */
  GPtrArray      *locations;
  GPtrArray      *topics;
  GPtrArray      *technicians;
  gboolean        filling;
};

G_DEFINE_FINAL_TYPE (HdReportFilterBar, hd_report_filter_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FILTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Between the controls, across and down. */
#define SPACING 6

static void
set_range (HdReportFilterBar *self,
           gint64             from,
           gint64             to)
{
  g_autofree char *text = hd_report_range_format (from, to);

  gtk_label_set_text (self->range_label, text);
  if (self->filter->from == from && self->filter->to == to)
    return;
  self->filter->from = from;
  self->filter->to = to;
  if (!self->filling)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

static void
show_range_error (HdReportFilterBar *self,
                  GtkEntry          *entry,
                  const char        *message)
{
  gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_label_set_text (self->range_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->range_error), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
}

static void
clear_range_error (HdReportFilterBar *self)
{
  GtkEntry *entries[] = { self->from_entry, self->to_entry };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entries[i]), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (entries[i]), GTK_ACCESSIBLE_STATE_INVALID);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->range_error), FALSE);
}

static gboolean
parse_entry (HdReportFilterBar *self,
             GtkEntry          *entry,
             gint64            *day)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

  if (hd_date_parse (g_strstrip (text), day))
    return TRUE;
  show_range_error (self, entry, _("Type a day as YYYY-MM-DD, such as 2026-09-01."));
  return FALSE;
}

/* The value of the drop-down's item, or NULL for "All". */
static char *
chosen (GtkDropDown *drop,
        GPtrArray   *values)
{
  guint selected = gtk_drop_down_get_selected (drop);

  return selected < values->len ? g_strdup (g_ptr_array_index (values, selected)) : NULL;
}

static const char *
chosen_label (GtkDropDown *drop)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (drop);

  return item != NULL && gtk_drop_down_get_selected (drop) > 0 ? gtk_string_object_get_string (item) : NULL;
}

static void
fill (GtkDropDown *drop,
      GPtrArray   *values,
      const char  *all)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_string_list_append (labels, all);
  g_ptr_array_set_size (values, 0);
  g_ptr_array_add (values, NULL);
  gtk_drop_down_set_model (drop, G_LIST_MODEL (labels));
}

static void
add_choice (GtkDropDown *drop,
            GPtrArray   *values,
            const char  *value,
            const char  *label)
{
  gtk_string_list_append (GTK_STRING_LIST (gtk_drop_down_get_model (drop)), label);
  g_ptr_array_add (values, g_strdup (value));
}

/* Drop-down items: the button's ellipsized, the list's whole with a
 * check at the chosen one, as GtkDropDown's own. */

static void
setup_button_item (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 22);
  gtk_list_item_set_child (item, label);
}

static void
bind_button_item (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static void
setup_list_item (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (item, box);
}

static void
update_check (GtkListItem *item,
              GParamSpec  *pspec,
              GtkDropDown *drop)
{
  GtkWidget *check = gtk_widget_get_last_child (gtk_list_item_get_child (item));

  gtk_widget_set_opacity (check, gtk_drop_down_get_selected_item (drop) == gtk_list_item_get_item (item) ? 1 : 0);
}

static void
bind_list_item (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                GtkDropDown              *drop)
{
  GtkWidget *label = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  gtk_label_set_text (GTK_LABEL (label), gtk_string_object_get_string (gtk_list_item_get_item (item)));
  g_signal_connect_object (drop, "notify::selected-item", G_CALLBACK (update_check), item, G_CONNECT_SWAPPED);
  update_check (item, NULL, drop);
}

static void
unbind_list_item (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  GtkDropDown              *drop)
{
  g_signal_handlers_disconnect_by_func (drop, update_check, item);
}

static void
set_factories (GtkDropDown *drop)
{
  g_autoptr(GtkListItemFactory) button = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) list = gtk_signal_list_item_factory_new ();

  g_signal_connect (button, "setup", G_CALLBACK (setup_button_item), NULL);
  g_signal_connect (button, "bind", G_CALLBACK (bind_button_item), NULL);
  g_signal_connect (list, "setup", G_CALLBACK (setup_list_item), NULL);
  g_signal_connect (list, "bind", G_CALLBACK (bind_list_item), drop);
  g_signal_connect (list, "unbind", G_CALLBACK (unbind_list_item), drop);
  gtk_drop_down_set_factory (drop, button);
  gtk_drop_down_set_list_factory (drop, list);
}

/* The controls side by side, and on as many lines as the width needs:
 * returns the height they take. */
static int
flow (HdReportFilterBar *self,
      int                width,
      gboolean           allocate)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int x = 0, y = 0, line_height = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int minimum, natural, child_width, height;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
      child_width = MAX (minimum, MIN (natural, width));
      if (x > 0 && x + child_width > width)
        {
          x = 0;
          y += line_height + SPACING;
          line_height = 0;
        }
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, &minimum, &height, NULL, NULL);
      if (allocate)
        gtk_widget_size_allocate (child, &(GtkAllocation) { rtl ? width - x - child_width : x, y, child_width, height },
                                  -1);
      x += child_width + SPACING;
      line_height = MAX (line_height, height);
    }
  return y + line_height;
}

static void
read_choices (HdReportFilterBar *self)
{
  g_free (self->filter->location);
  self->filter->location = chosen (self->location_drop, self->locations);
  g_free (self->filter->topic);
  self->filter->topic = chosen (self->topic_drop, self->topics);
  g_free (self->filter->technician);
  self->filter->technician = chosen (self->technician_drop, self->technicians);
}

/* Signal callbacks */

static void
choice_changed_cb (HdReportFilterBar *self)
{
  if (self->filling)
    return;
  read_choices (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

/* The popover opens on the range shown, its last day as people count. */
static void
range_popover_show_cb (HdReportFilterBar *self)
{
  g_autofree char *first = hd_date_format (self->filter->from);
  g_autofree char *last = hd_date_format (self->filter->to - 1);

  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), first);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), last);
  clear_range_error (self);
}

static void
range_entry_changed_cb (HdReportFilterBar *self)
{
  clear_range_error (self);
}

static void
range_entry_activate_cb (HdReportFilterBar *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "filters.apply-range", NULL);
}

static void
range_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HdReportFilterBar *self = HD_REPORT_FILTER_BAR (widget);
  HdReportRange range;
  gint64 from, to;

  if (!hd_report_range_from_string (g_variant_get_string (parameter, NULL), &range))
    return;
  hd_report_range_get (range, self->today, &from, &to);
  set_range (self, from, to);
  gtk_popover_popdown (self->range_popover);
}

static void
apply_range_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HdReportFilterBar *self = HD_REPORT_FILTER_BAR (widget);
  gint64 from, last;

  if (!parse_entry (self, self->from_entry, &from) || !parse_entry (self, self->to_entry, &last))
    return;
  if (last < from)
    {
      show_range_error (self, self->to_entry, _("The last day comes before the first."));
      return;
    }
  if (last + 1 - from > HD_REPORT_MAX_DAYS)
    {
      g_autofree char *message = g_strdup_printf (_("A report covers at most %d days."), HD_REPORT_MAX_DAYS);

      show_range_error (self, self->to_entry, message);
      return;
    }
  set_range (self, from, last + 1);
  gtk_popover_popdown (self->range_popover);
}

/* Overrides */

static void
hd_report_filter_bar_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  HdReportFilterBar *self = HD_REPORT_FILTER_BAR (widget);

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      int width = for_size;

      if (width < 0)
        gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
      *minimum = *natural = flow (self, width, FALSE);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      int child_minimum, child_natural;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, -1, &child_minimum, &child_natural, NULL, NULL);
      *minimum = MAX (*minimum, child_minimum);
      *natural += (*natural > 0 ? SPACING : 0) + child_natural;
    }
}

static GtkSizeRequestMode
hd_report_filter_bar_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
hd_report_filter_bar_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  flow (HD_REPORT_FILTER_BAR (widget), width, TRUE);
}

static void
hd_report_filter_bar_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  HdReportFilterBar *self = HD_REPORT_FILTER_BAR (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      g_value_set_boxed (value, self->filter);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_report_filter_bar_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), HD_TYPE_REPORT_FILTER_BAR);
  /* the range button is no template child of ours to clear */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (hd_report_filter_bar_parent_class)->dispose (object);
}

static void
hd_report_filter_bar_finalize (GObject *object)
{
  HdReportFilterBar *self = (HdReportFilterBar *) object;

  hd_report_filter_free (self->filter);
  g_ptr_array_unref (self->locations);
  g_ptr_array_unref (self->topics);
  g_ptr_array_unref (self->technicians);

  G_OBJECT_CLASS (hd_report_filter_bar_parent_class)->finalize (object);
}

static void
hd_report_filter_bar_class_init (HdReportFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = hd_report_filter_bar_get_property;
  object_class->dispose = hd_report_filter_bar_dispose;
  object_class->finalize = hd_report_filter_bar_finalize;
  widget_class->measure = hd_report_filter_bar_measure;
  widget_class->get_request_mode = hd_report_filter_bar_get_request_mode;
  widget_class->size_allocate = hd_report_filter_bar_size_allocate;

  properties[PROP_FILTER] =
    g_param_spec_boxed ("filter", NULL, NULL, HD_TYPE_REPORT_FILTER,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/helpdesk/HelpDesk/hd-report-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, HdReportFilterBar, range_label);
  gtk_widget_class_bind_template_child (widget_class, HdReportFilterBar, range_popover);
  gtk_widget_class_bind_template_child (widget_class, HdReportFilterBar, from_entry);
  gtk_widget_class_bind_template_child (widget_class, HdReportFilterBar, to_entry);
  gtk_widget_class_bind_template_child (widget_class, HdReportFilterBar, range_error);
  gtk_widget_class_bind_template_child (widget_class, HdReportFilterBar, location_drop);
  gtk_widget_class_bind_template_child (widget_class, HdReportFilterBar, topic_drop);
  gtk_widget_class_bind_template_child (widget_class, HdReportFilterBar, technician_drop);
  gtk_widget_class_bind_template_callback (widget_class, choice_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, range_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, range_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, range_entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "filters.range", "s", range_activated);
  gtk_widget_class_install_action (widget_class, "filters.apply-range", NULL, apply_range_activated);
}

static void
hd_report_filter_bar_init (HdReportFilterBar *self)
{
  self->filling = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = hd_report_filter_new (0, 1);
  self->locations = g_ptr_array_new_with_free_func (g_free);
  self->topics = g_ptr_array_new_with_free_func (g_free);
  self->technicians = g_ptr_array_new_with_free_func (g_free);
  set_factories (self->location_drop);
  set_factories (self->topic_drop);
  set_factories (self->technician_drop);
}

/* Public API */

/**
 * hd_report_filter_bar_set_plan:
 * @plan: the plan whose locations, topics and team to offer
 * @today: the local date in the plan's zone, that named ranges end on
 *
 * Offers @plan's choices, all of them chosen, over the last four weeks.
 */
void
hd_report_filter_bar_set_plan (HdReportFilterBar *self,
                               HdPlan            *plan,
                               gint64             today)
{
  const char * const *locations = hd_plan_get_locations (plan);
  const GPtrArray *topics = hd_plan_get_topics (plan);
  const GPtrArray *members = hd_plan_get_members (plan);
  gint64 from, to;

  g_return_if_fail (HD_IS_REPORT_FILTER_BAR (self));
  g_return_if_fail (HD_IS_PLAN (plan));

  self->filling = TRUE;
  fill (self->location_drop, self->locations, _("All Locations"));
  for (guint i = 0; locations != NULL && locations[i] != NULL; i++)
    add_choice (self->location_drop, self->locations, locations[i], locations[i]);
  fill (self->topic_drop, self->topics, _("All Topics"));
  for (guint i = 0; i < topics->len; i++)
    {
      const HdPlanTopic *topic = g_ptr_array_index (topics, i);

      add_choice (self->topic_drop, self->topics, topic->id, topic->label);
    }
  fill (self->technician_drop, self->technicians, _("All Technicians"));
  for (guint i = 0; i < members->len; i++)
    {
      const HdPlanMember *member = g_ptr_array_index (members, i);

      add_choice (self->technician_drop, self->technicians, member->id, member->name);
    }
  read_choices (self);
  self->today = today;
  hd_report_range_get (HD_REPORT_RANGE_LAST_4_WEEKS, today, &from, &to);
  set_range (self, from, to);
  self->filling = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

const HdReportFilter *
hd_report_filter_bar_get_filter (HdReportFilterBar *self)
{
  g_return_val_if_fail (HD_IS_REPORT_FILTER_BAR (self), NULL);

  return self->filter;
}

/* The location, topic and technician chosen, in words. */
char *
hd_report_filter_bar_describe (HdReportFilterBar *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (HD_IS_REPORT_FILTER_BAR (self), NULL);

  if (chosen_label (self->location_drop) != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("Location: %s"), chosen_label (self->location_drop)));
  if (chosen_label (self->topic_drop) != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("Topic: %s"), chosen_label (self->topic_drop)));
  if (chosen_label (self->technician_drop) != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("Technician: %s"), chosen_label (self->technician_drop)));
  if (parts->len == 0)
    return g_strdup (_("All locations, topics and technicians"));
  g_ptr_array_add (parts, NULL);
  /* Translators: what separates the filters of a printed report */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

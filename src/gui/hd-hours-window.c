/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "helpdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-duration.h"
#include "hd-hours-window.h"

struct _HdHoursWindow
{
  AdwPreferencesWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (HdHoursWindow, hd_hours_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
}

static AdwPreferencesGroup *
add_group (AdwPreferencesPage *page,
           const char         *title,
           const char         *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (group));
  return ADW_PREFERENCES_GROUP (group);
}

static void
fill_hours (AdwPreferencesPage *page,
            HdPlan             *plan)
{
  AdwPreferencesGroup *group = add_group (page, _("Hours"), hd_plan_get_hours_posted (plan));
  /* 2024-01-01 was a Monday: names of the days in the user's language */
  g_autoptr(GDateTime) monday = g_date_time_new_utc (2024, 1, 1, 12, 0, 0);

  for (int day = 0; day < 7; day++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (monday, day);
      g_autofree char *name = g_date_time_format (date, "%A");
      g_autofree char *hours = hd_plan_format_day_hours (plan, day);

      add_row (group, name, hours != NULL ? hours : C_("day", "Closed"));
    }
  group = add_group (page, _("Contact"), NULL);
  if (hd_plan_get_email (plan) != NULL)
    add_row (group, _("Mail"), hd_plan_get_email (plan));
  if (hd_plan_get_phone (plan) != NULL)
    add_row (group, _("Phone"), hd_plan_get_phone (plan));
}

static void
fill_priorities (AdwPreferencesPage *page,
                 HdPlan             *plan)
{
  AdwPreferencesGroup *group = add_group (page, _("Commitments"), hd_plan_get_commitments (plan));

  for (HdPriority p = HD_PRIORITY_CRITICAL; p <= HD_PRIORITY_NORMAL; p++)
    {
      const HdPlanPriority *priority = hd_plan_get_priority (plan, p);
      g_autofree char *response = hd_duration_format (priority->response);
      g_autofree char *resolution = hd_duration_format (priority->resolution);
      g_autofree char *targets = g_strdup_printf (_("Response within %s, resolution within %s of business time. %s"),
                                                  response, resolution,
                                                  priority->description != NULL ? priority->description : "");

      add_row (group, priority->label, targets);
    }
}

static void
fill_team (AdwPreferencesPage *page,
           HdPlan             *plan)
{
  AdwPreferencesGroup *group = add_group (page, _("Team"), NULL);
  const GPtrArray *members = hd_plan_get_members (plan);
  const GPtrArray *topics = hd_plan_get_topics (plan);

  for (guint i = 0; i < members->len; i++)
    {
      const HdPlanMember *m = g_ptr_array_index (members, i);
      g_autoptr(GString) about = g_string_new (m->role);

      for (guint t = 0; t < topics->len; t++)
        {
          const HdPlanTopic *topic = g_ptr_array_index (topics, t);

          if (topic->team != NULL && g_strv_contains ((const char * const *) topic->team, m->id))
            g_string_append_printf (about, "%s%s", about->len > 0 ? " · " : "", topic->label);
        }
      if (m->email != NULL)
        g_string_append_printf (about, "%s%s", about->len > 0 ? "\n" : "", m->email);
      if (m->phone != NULL)
        g_string_append_printf (about, "%s%s", about->len > 0 ? "\n" : "", m->phone);
      add_row (group, m->name, about->str);
    }
}

static void
hd_hours_window_class_init (HdHoursWindowClass *klass)
{
}

static void
hd_hours_window_init (HdHoursWindow *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Hours and Team"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 640);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);
}

HdHoursWindow *
hd_hours_window_new (GtkWindow *parent,
                     HdPlan    *plan)
{
  HdHoursWindow *self;
  GtkWidget *page;

  g_return_val_if_fail (HD_IS_PLAN (plan), NULL);

  self = g_object_new (HD_TYPE_HOURS_WINDOW, "transient-for", parent, "modal", TRUE, NULL);
  page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), hd_plan_get_name (plan));
  fill_hours (ADW_PREFERENCES_PAGE (page), plan);
  fill_priorities (ADW_PREFERENCES_PAGE (page), plan);
  fill_team (ADW_PREFERENCES_PAGE (page), plan);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
  return self;
}

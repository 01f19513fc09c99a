/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-plan.h"

G_BEGIN_DECLS

/* Help ▸ Hours and Team: when the help desk works, how to reach it,
 * its commitments and who is on the team, from the district's plan. */

#define HD_TYPE_HOURS_WINDOW (hd_hours_window_get_type ())

G_DECLARE_FINAL_TYPE (HdHoursWindow, hd_hours_window, HD, HOURS_WINDOW, AdwPreferencesWindow)

HdHoursWindow *hd_hours_window_new (GtkWindow *parent,
                                    HdPlan    *plan);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-application.h"

G_BEGIN_DECLS

/* Preferences: the account, sync, and running in the background. */

#define HD_TYPE_PREFERENCES_WINDOW (hd_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (HdPreferencesWindow, hd_preferences_window, HD, PREFERENCES_WINDOW, AdwPreferencesWindow)

HdPreferencesWindow *hd_preferences_window_new (GtkWindow     *parent,
                                                HdApplication *application);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-application.h"

G_BEGIN_DECLS

#define HD_TYPE_WINDOW (hd_window_get_type ())

G_DECLARE_FINAL_TYPE (HdWindow, hd_window, HD, WINDOW, AdwApplicationWindow)

HdWindow *hd_window_new      (HdApplication *application);
void      hd_window_show_ticket (HdWindow   *self,
                                 const char *ticket_id);

G_END_DECLS

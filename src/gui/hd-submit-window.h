/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-account.h"

G_BEGIN_DECLS

/* The submission form, for any role, also for phone and walk-in
 * requests; after submitting it shows the receipt to read out. */

#define HD_TYPE_SUBMIT_WINDOW (hd_submit_window_get_type ())

G_DECLARE_FINAL_TYPE (HdSubmitWindow, hd_submit_window, HD, SUBMIT_WINDOW, AdwWindow)

HdSubmitWindow *hd_submit_window_new (GtkWindow *parent,
                                      HdAccount *account);

G_END_DECLS

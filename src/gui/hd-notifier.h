/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-account.h"

G_BEGIN_DECLS

/* Tells the signed-in person what the alert rules (hd-alert.h) find, as
 * desktop notifications: after each sync, when a deadline comes, and
 * each minute; each kind as the settings (notify-*, quiet-outside-hours)
 * want. A notification opens its ticket (app.open-ticket), and offers to
 * take an unassigned critical ticket. */

#define HD_TYPE_NOTIFIER (hd_notifier_get_type ())

G_DECLARE_FINAL_TYPE (HdNotifier, hd_notifier, HD, NOTIFIER, GObject)

HdNotifier *hd_notifier_new             (GApplication *application,
                                         GSettings    *settings);
void        hd_notifier_set_account     (HdNotifier   *self,
                                         HdAccount    *account);
void        hd_notifier_tell_background (HdNotifier   *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-account.h"

G_BEGIN_DECLS

#define HD_TYPE_APPLICATION (hd_application_get_type ())

G_DECLARE_FINAL_TYPE (HdApplication, hd_application, HD, APPLICATION, AdwApplication)

HdApplication *hd_application_new          (void);
HdAccount     *hd_application_get_account  (HdApplication *self);
void           hd_application_set_account  (HdApplication *self,
                                            HdAccount     *account);
GSettings     *hd_application_get_settings (HdApplication *self);
const char    *hd_application_get_preset_server (HdApplication *self);

G_END_DECLS

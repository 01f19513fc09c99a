/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* First run: server address, user name and password. Emits "signed-in"
 * with the new HdAccount. */

#define HD_TYPE_SIGN_IN_PAGE (hd_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (HdSignInPage, hd_sign_in_page, HD, SIGN_IN_PAGE, AdwBin)

void hd_sign_in_page_set_preset_server (HdSignInPage *self,
                                        const char   *server);
void hd_sign_in_page_reset             (HdSignInPage *self);

G_END_DECLS

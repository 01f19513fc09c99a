/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a user may do (API.md, Roles): each role may do all the one
 * before it may. */
typedef enum {
  HD_ROLE_REQUESTER,
  HD_ROLE_TECHNICIAN,
  HD_ROLE_SUPERVISOR,
  HD_ROLE_ADMIN,
} HdRole;

const char *hd_role_to_string   (HdRole      role);
gboolean    hd_role_from_string (const char *text,
                                 HdRole     *role);

G_END_DECLS

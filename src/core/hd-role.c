/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-role"

#include "config.h"

#include "hd-role.h"

static const char * const role_ids[] = { "requester", "technician", "supervisor", "admin" };

const char *
hd_role_to_string (HdRole role)
{
  g_return_val_if_fail (role <= HD_ROLE_ADMIN, NULL);
  return role_ids[role];
}

gboolean
hd_role_from_string (const char *text,
                     HdRole     *role)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (role_ids); i++)
    if (g_str_equal (text, role_ids[i]))
      {
        *role = i;
        return TRUE;
      }
  return FALSE;
}

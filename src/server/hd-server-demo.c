/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server-demo"

#include "config.h"

#include "hd-server-demo.h"

gboolean
hd_server_demo_fill (HdServerStore  *store,
                     HdPlan         *plan,
                     guint           n_tickets,
                     guint32         seed,
                     GError        **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "the demo district is not written yet");
  return FALSE;
}

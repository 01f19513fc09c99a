/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-plan.h"
#include "hd-server-store.h"

G_BEGIN_DECLS

gboolean hd_server_demo_fill (HdServerStore  *store,
                              HdPlan         *plan,
                              guint           n_tickets,
                              guint32         seed,
                              GError        **error);

G_END_DECLS

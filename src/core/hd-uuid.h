/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *hd_uuid_new    (void);
char *hd_uuid_new_v7 (gint64  unix_ms,
                      GRand  *rand);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-sync.h"

G_BEGIN_DECLS

/* Online, offline or syncing, with changes waiting and the last sync,
 * in a header bar button whose popover tells the rest. */

#define HD_TYPE_SYNC_INDICATOR (hd_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (HdSyncIndicator, hd_sync_indicator, HD, SYNC_INDICATOR, AdwBin)

void hd_sync_indicator_set_sync (HdSyncIndicator *self,
                                 HdSync          *sync);

G_END_DECLS

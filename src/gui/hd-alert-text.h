/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-alert.h"

G_BEGIN_DECLS

/* An alert in the words of a desktop notification: a summary line that
 * names the ticket, and a body that says where, for whom and by when. */

char *hd_alert_text_summary       (HdPlan             *plan,
                                   const HdAlert      *alert,
                                   gint64              now);
char *hd_alert_text_body          (HdPlan             *plan,
                                   const HdAlert      *alert);
char *hd_alert_text_flood_summary (const HdAlertBatch *batch);
char *hd_alert_text_flood_body    (const HdAlertBatch *batch);

G_END_DECLS

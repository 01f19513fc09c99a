/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-submission.h"

G_BEGIN_DECLS

/* The submission form's cache work, in workers: the ticket built and
 * kept with its delivery queued, and read back to learn its number. */

void      hd_submit_save_async    (HdCache             *cache,
                                   HdPlan              *plan,
                                   const HdSubmission  *submission,
                                   const char          *submitted_by,
                                   gint64               now,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
HdTicket *hd_submit_save_finish   (HdCache             *cache,
                                   GAsyncResult        *result,
                                   GError             **error);
void      hd_submit_lookup_async  (HdCache             *cache,
                                   const char          *ticket_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
HdTicket *hd_submit_lookup_finish (HdCache             *cache,
                                   GAsyncResult        *result,
                                   GError             **error);

G_END_DECLS

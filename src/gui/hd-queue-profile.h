/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-queue-view.h"

G_BEGIN_DECLS

/* How long a queue view takes to show rows, for tests/bench-gui.sh:
 * HELPDESK_PROFILE=1 prints to stderr the first rows' time since the
 * start and each search, sort and queue change's since it was asked,
 * each to the end of the first frame painted with its rows;
 * HELPDESK_PROFILE=script also makes those requests by itself, prints
 * the memory used and quits. A request whose first rows come before
 * the rest (the head of a long queue) prints both: the rest's line
 * carries the request's name and "(all rows)". */

typedef struct _HdQueueProfile HdQueueProfile;
typedef struct _HdQueueTiming  HdQueueTiming;

HdQueueProfile *hd_queue_profile_new     (HdQueueView    *view);
void            hd_queue_profile_free    (HdQueueProfile *self);

void            hd_queue_profile_request (HdQueueProfile *self,
                                          char           *what);
HdQueueTiming  *hd_queue_profile_start   (HdQueueProfile *self);
void            hd_queue_profile_listed  (HdQueueTiming  *timing);
void            hd_queue_profile_follow  (HdQueueProfile *self,
                                          HdQueueTiming  *timing);
void            hd_queue_profile_shown   (HdQueueProfile *self,
                                          HdQueueTiming  *timing,
                                          guint           rows,
                                          char           *detail,
                                          gboolean        more);
void            hd_queue_timing_free     (HdQueueTiming  *timing);

/* The view's profile, NULL when it is not profiled. */
HdQueueProfile *hd_queue_view_get_profile (HdQueueView   *view);

G_END_DECLS

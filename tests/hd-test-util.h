/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-cache.h"
#include "hd-plan.h"

G_BEGIN_DECLS

HdPlan *hd_test_plan_from_text  (const char *text,
                                 HdPlanScope scope);
HdPlan *hd_test_calendar_plan   (const char *zone,
                                 const char *hours);
gint64  hd_test_instant         (const char *text);
void    hd_test_assert_instant  (gint64      actual,
                                 const char *expected);
int     hd_test_compare_doubles (gconstpointer a,
                                 gconstpointer b);
double  hd_test_thread_cpu_ms   (void);
HdCache *hd_test_temp_cache     (const char *name,
                                 char      **dir,
                                 char      **path);
void    hd_test_remove_temp_cache (char     *dir);

G_END_DECLS

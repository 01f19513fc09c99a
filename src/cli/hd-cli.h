/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-plan.h"

G_BEGIN_DECLS

/* Exit statuses of helpdesk-cli. */
enum {
  HD_CLI_OK = 0,
  HD_CLI_FAILED = 1,           /* the question was fine, the answer is "no" */
  HD_CLI_USAGE = 2,            /* bad arguments or unreadable input */
};

int   hd_cli_plan       (int          argc,
                         char       **argv);
char *hd_cli_plan_summary (HdPlan *plan);
int   hd_cli_usage_error (const char *format,
                          ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS

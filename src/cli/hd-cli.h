/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-cache.h"
#include "hd-client.h"
#include "hd-plan.h"

G_BEGIN_DECLS

/* Exit statuses of helpdesk-cli. */
enum {
  HD_CLI_OK = 0,
  HD_CLI_FAILED = 1,           /* the question was fine, the answer is "no" */
  HD_CLI_USAGE = 2,            /* bad arguments or unreadable input */
};

/* The signed-in account of the commands that work on tickets. */
typedef struct {
  char     *server;
  char     *username;
  HdClient *client;
  HdCache  *cache;
  HdPlan   *plan;                /* as of the last sign-in; NULL if unknown */
  char     *me;                  /* the role */
} HdCliAccount;

int   hd_cli_plan       (int          argc,
                         char       **argv);
int   hd_cli_login      (int          argc,
                         char       **argv);
int   hd_cli_logout     (int          argc,
                         char       **argv);
int   hd_cli_sync       (int          argc,
                         char       **argv);
int   hd_cli_list       (int          argc,
                         char       **argv);
int   hd_cli_show       (int          argc,
                         char       **argv);
int   hd_cli_submit     (int          argc,
                         char       **argv);
int   hd_cli_comment    (int          argc,
                         char       **argv);
int   hd_cli_status     (int          argc,
                         char       **argv);
int   hd_cli_assign     (int          argc,
                         char       **argv);
int   hd_cli_conflicts  (int          argc,
                         char       **argv);
int   hd_cli_resolve    (int          argc,
                         char       **argv);
int   hd_cli_report     (int          argc,
                         char       **argv);
int   hd_cli_parse      (int         *argc,
                         char      ***argv,
                         const char  *parameter,
                         const char  *summary,
                         GOptionEntry *entries);
int   hd_cli_failure    (const char  *format,
                         ...) G_GNUC_PRINTF (1, 2);
HdCliAccount *hd_cli_account_open (int *status);
void  hd_cli_account_free (HdCliAccount *account);
char *hd_cli_plan_summary (HdPlan *plan);
int   hd_cli_usage_error (const char *format,
                          ...) G_GNUC_PRINTF (1, 2);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdCliAccount, hd_cli_account_free)

G_END_DECLS

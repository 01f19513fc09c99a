/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-cache.h"
#include "hd-client.h"
#include "hd-credentials.h"
#include "hd-plan.h"
#include "hd-role.h"
#include "hd-sync.h"

G_BEGIN_DECLS

/* One person signed in on one server: the REST client with their token,
 * their cache, the sync engine between the two, and what the server said
 * of them and of the district at the last sign-in (kept in the cache, so
 * an account opens offline). */

#define HD_TYPE_ACCOUNT (hd_account_get_type ())

G_DECLARE_FINAL_TYPE (HdAccount, hd_account, HD, ACCOUNT, GObject)

void                hd_account_sign_in_async   (const char          *server,
                                                const char          *username,
                                                const char          *password,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
HdAccount          *hd_account_sign_in_finish  (GAsyncResult        *result,
                                                GError             **error);
HdAccount          *hd_account_sign_in         (const char          *server,
                                                const char          *username,
                                                const char          *password,
                                                GError             **error);
HdAccount          *hd_account_open            (const char          *server,
                                                const char          *username,
                                                GError             **error);
void                hd_account_refresh_async   (HdAccount           *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean            hd_account_refresh_finish  (HdAccount           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void                hd_account_sign_out_async  (HdAccount           *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean            hd_account_sign_out_finish (HdAccount           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

const char         *hd_account_get_server      (HdAccount           *self);
const char         *hd_account_get_username    (HdAccount           *self);
const char         *hd_account_get_name        (HdAccount           *self);
const char         *hd_account_get_email       (HdAccount           *self);
HdRole              hd_account_get_role        (HdAccount           *self);
gboolean            hd_account_is_staff        (HdAccount           *self);
const char * const *hd_account_get_topics      (HdAccount           *self);
HdPlan             *hd_account_get_plan        (HdAccount           *self);
HdClient           *hd_account_get_client      (HdAccount           *self);
HdCache            *hd_account_get_cache       (HdAccount           *self);
HdSync             *hd_account_get_sync        (HdAccount           *self);
HdCredentialsPlace  hd_account_get_token_place (HdAccount           *self);

G_END_DECLS

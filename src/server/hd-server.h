/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hd-plan.h"
#include "hd-server-store.h"

G_BEGIN_DECLS

#define HD_TYPE_SERVER (hd_server_get_type ())

G_DECLARE_FINAL_TYPE (HdServer, hd_server, HD, SERVER, GObject)

HdServer *hd_server_new      (HdPlan         *plan,
                              HdServerStore  *store,
                              const char     *sendmail);
gboolean  hd_server_listen   (HdServer       *self,
                              const char     *host,
                              guint16         port,
                              GTlsCertificate *certificate,
                              char          **uri,
                              GError        **error);
gboolean  hd_server_accept_iostream (HdServer       *self,
                                     GIOStream      *stream,
                                     GSocketAddress *local_address,
                                     GSocketAddress *remote_address,
                                     GError        **error);
void      hd_server_sweep    (HdServer       *self);
void      hd_server_shutdown (HdServer       *self);

G_END_DECLS

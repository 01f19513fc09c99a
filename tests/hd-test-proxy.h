/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A loopback HTTP/1.1 proxy between a client and a real server, that
 * counts the requests passing through and, at the one it was armed for,
 * makes a fault happen: the request lost on its way, the answer lost on
 * its way back, or the answer cut off half way by a reset or by silence.
 * A hook runs at that moment (a test kills the server there). It speaks
 * just enough HTTP to find where each message ends (Content-Length; the
 * helpdesk programs send nothing else). Its threads never touch the
 * test's main context. */

typedef enum {
  HD_PROXY_PASS,
  HD_PROXY_LOSE_REQUEST,       /* the hook runs; the client's connection is closed */
  HD_PROXY_LOSE_ANSWER,        /* the server answers; the hook runs; the client hears nothing */
  HD_PROXY_RESET_ANSWER,       /* half the answer, then a TCP reset */
  HD_PROXY_STALL_ANSWER,       /* half the answer, then nothing until the client gives up */
} HdProxyFault;

typedef struct _HdTestProxy HdTestProxy;
typedef void (*HdProxyHook) (gpointer user_data);

HdTestProxy *hd_test_proxy_new      (const char   *upstream_url);
const char  *hd_test_proxy_get_url  (HdTestProxy  *self);
void         hd_test_proxy_set_down (HdTestProxy  *self,
                                     gboolean      down);
void         hd_test_proxy_arm      (HdTestProxy  *self,
                                     guint         request,
                                     HdProxyFault  fault,
                                     HdProxyHook   hook,
                                     gpointer      user_data);
gboolean     hd_test_proxy_fired    (HdTestProxy  *self);
guint        hd_test_proxy_count    (HdTestProxy  *self);
void         hd_test_proxy_free     (HdTestProxy  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdTestProxy, hd_test_proxy_free)

G_END_DECLS

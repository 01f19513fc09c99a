/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The REST API from the client's side: one request at a time per call,
 * every answer read with a size cap and parsed defensively, every HTTP
 * error turned into a GError whose message a person can act on. */

#define HD_CLIENT_ERROR (hd_client_error_quark ())

typedef enum {
  HD_CLIENT_ERROR_NETWORK,       /* no answer: offline, refused, timed out */
  HD_CLIENT_ERROR_UNAUTHORIZED,  /* 401: sign in again */
  HD_CLIENT_ERROR_FORBIDDEN,     /* 403 */
  HD_CLIENT_ERROR_NOT_FOUND,     /* 404 */
  HD_CLIENT_ERROR_CONFLICT,      /* 409 */
  HD_CLIENT_ERROR_PRECONDITION,  /* 412: someone else changed it first */
  HD_CLIENT_ERROR_CURSOR_UNKNOWN,/* 410: the server lost our place */
  HD_CLIENT_ERROR_REJECTED,      /* 400, 413, 415, 422: this request can never succeed */
  HD_CLIENT_ERROR_THROTTLED,     /* 429 */
  HD_CLIENT_ERROR_SERVER,        /* 5xx */
  HD_CLIENT_ERROR_BAD_RESPONSE,  /* an answer that is not what the API promises */
  HD_CLIENT_ERROR_CERTIFICATE,   /* the server's TLS certificate is not valid */
} HdClientError;

/* Answers larger than this are refused as hostile. */
#define HD_CLIENT_MAX_RESPONSE (32 * 1024 * 1024)

#define HD_TYPE_CLIENT (hd_client_get_type ())

G_DECLARE_FINAL_TYPE (HdClient, hd_client, HD, CLIENT, GObject)

GQuark      hd_client_error_quark      (void);
HdClient   *hd_client_new              (const char          *server,
                                        GError             **error);
const char *hd_client_get_server       (HdClient            *self);
gboolean    hd_client_get_clock_offset (HdClient            *self,
                                        gint64              *offset);
void        hd_client_set_token        (HdClient            *self,
                                        const char          *token);
void        hd_client_request_async    (HdClient            *self,
                                        const char          *method,
                                        const char          *path,
                                        JsonNode            *body,
                                        const char          *if_match,
                                        guint                timeout_seconds,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
void        hd_client_patch_async      (HdClient            *self,
                                        const char          *path,
                                        JsonNode            *body,
                                        const char          *if_match,
                                        guint                timeout_seconds,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
JsonNode   *hd_client_request_finish   (HdClient            *self,
                                        GAsyncResult        *result,
                                        guint               *status,
                                        gint64              *retry_after,
                                        GError             **error);
void        hd_client_fetch_async      (HdClient            *self,
                                        const char          *path,
                                        guint                timeout_seconds,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GBytes     *hd_client_fetch_finish     (HdClient            *self,
                                        GAsyncResult        *result,
                                        gint64              *retry_after,
                                        GError             **error);
JsonNode   *hd_client_request          (HdClient            *self,
                                        const char          *method,
                                        const char          *path,
                                        JsonNode            *body,
                                        guint                timeout_seconds,
                                        guint               *status,
                                        GError             **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "hd-json.h"
#include "hd-server-private.h"

/* The REST endpoint: routes /api/v1 requests to their handlers after the
 * checks every request shares (path, method, token, body), and runs the
 * sweep that escalates and closes tickets as time passes. */

#define SWEEP_INTERVAL_MS 1000

typedef struct {
  const char *method;
  const char *path[4];         /* "*" matches one segment */
  HdHandler   handler;
  gboolean    public;          /* no token needed */
} Route;

static const Route routes[] = {
  { "POST", { "session" }, _hd_handle_session_create, TRUE },
  { "DELETE", { "session" }, _hd_handle_session_delete, FALSE },
  { "GET", { "me" }, _hd_handle_me, FALSE },
  { "GET", { "plan" }, _hd_handle_plan, FALSE },
  { "GET", { "users" }, _hd_handle_users, FALSE },
  { "POST", { "tickets" }, _hd_handle_ticket_create, FALSE },
  { "GET", { "tickets", "*" }, _hd_handle_ticket_get, FALSE },
  { "PATCH", { "tickets", "*" }, _hd_handle_ticket_patch, FALSE },
  { "POST", { "tickets", "*", "comments" }, _hd_handle_comment_create, FALSE },
  { "POST", { "tickets", "*", "follow-up" }, _hd_handle_follow_up, FALSE },
  { "POST", { "tickets", "*", "survey" }, _hd_handle_survey, FALSE },
  { "GET", { "changes" }, _hd_handle_changes, FALSE },
};

G_DEFINE_FINAL_TYPE (HdServer, hd_server, G_TYPE_OBJECT)

static gboolean
path_matches (const Route *route,
              char       **segments)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (route->path) && route->path[i] != NULL; i++)
    if (segments[i] == NULL || *segments[i] == '\0' ||
        (!g_str_equal (route->path[i], "*") && !g_str_equal (route->path[i], segments[i])))
      return FALSE;
  return segments[i] == NULL;
}

static gboolean
has_json_content_type (SoupServerMessage *msg)
{
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);

  return type != NULL && g_ascii_strcasecmp (type, "application/json") == 0;
}

/* Content type, size and JSON syntax; FALSE once it has answered. */
static gboolean
read_body (HdRequest *request)
{
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (!has_json_content_type (request->msg))
    {
      _hd_reply_error (request->msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", NULL,
                       "the body must be application/json");
      return FALSE;
    }
  bytes = soup_message_body_flatten (body);
  request->body = hd_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), HD_BODY_MAX, &error);
  if (request->body == NULL)
    {
      if (g_error_matches (error, HD_JSON_ERROR, HD_JSON_ERROR_TOO_LARGE))
        _hd_reply_error (request->msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", NULL,
                         "the body is larger than 1 MiB");
      else
        _hd_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL, "%s", error->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (request->body))
    {
      _hd_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL, "the body must be a JSON object");
      return FALSE;
    }
  return TRUE;
}

static void
reply_no_route (SoupServerMessage *msg,
                char             **segments,
                const char        *method)
{
  g_autoptr(GString) allow = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (path_matches (&routes[i], segments))
      g_string_append_printf (allow, "%s%s", allow->len > 0 ? ", " : "", routes[i].method);
  if (allow->len == 0)
    {
      _hd_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, "no such resource");
      return;
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow->str);
  _hd_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", NULL,
                   "%s is not allowed here (allowed: %s)", method, allow->str);
}

static void
handle_api (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  HdServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) segments = NULL;
  const Route *route = NULL;
  HdRequest request = { self, msg, method };

  if (!g_str_has_prefix (path, "/api/v1/"))
    {
      _hd_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, "no such resource");
      return;
    }
  segments = g_strsplit (path + strlen ("/api/v1/"), "/", 5);
  for (guint i = 0; i < G_N_ELEMENTS (routes) && route == NULL; i++)
    if (g_str_equal (routes[i].method, method) && path_matches (&routes[i], segments))
      route = &routes[i];
  if (route == NULL)
    {
      reply_no_route (msg, segments, method);
      return;
    }
  request.segments = segments;

  if ((route->public || _hd_authenticate (&request)) &&
      (!g_str_equal (method, "POST") && !g_str_equal (method, "PATCH") ? TRUE : read_body (&request)))
    route->handler (&request);
  if (!request.paused)
    _hd_send_when_durable (self, msg, FALSE);

  g_clear_pointer (&request.user, hd_server_user_free);
  g_clear_pointer (&request.body, json_node_unref);
}

/* Refuses a body announced too large before it is read. Closes each
 * connection after its answer: libsoup 3.2 never lets go of a kept-alive
 * connection its client closes (3.3 does), so each would keep a file
 * descriptor and its buffers for good, and a server held to 1024
 * descriptors would stop accepting after a thousand clients. */
static void
handle_early (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  goffset length = soup_message_headers_get_content_length (soup_server_message_get_request_headers (msg));

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");

  if (length > HD_BODY_MAX)
    _hd_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", NULL, "the body is larger than 1 MiB");
}

static void
create_soup (HdServer *self)
{
  g_assert (self->soup == NULL);

  self->soup = soup_server_new ("server-header", "helpdesk-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_early_handler (self->soup, NULL, handle_early, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_api, self, NULL);
}

static gboolean
commit_batch_cb (gpointer user_data)
{
  HdServer *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean committed;

  self->batch_id = 0;
  committed = hd_server_store_commit (self->store, &error);
  if (committed)
    _hd_mail_flush (self);
  else
    {
      g_warning ("%s", error->message);
      _hd_mail_discard (self);
    }
  for (guint i = 0; i < self->held->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (self->held, i);

      if (!committed)
        _hd_reply_store_failure (msg, error);
      soup_server_message_unpause (msg);
    }
  g_ptr_array_set_size (self->held, 0);
  if (committed)
    _hd_wake_waiters (self);
  return G_SOURCE_REMOVE;
}

/* Starts a change: joins the open batch, or opens one that commits when
 * the main loop next goes idle. */
gboolean
_hd_begin (HdServer  *self,
           GError   **error)
{
  if (self->batch_id == 0)
    {
      if (!hd_server_store_begin (self->store, error))
        return FALSE;
      self->batch_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, commit_batch_cb, self, NULL);
    }
  self->outbox_mark = self->outbox->len;
  return hd_server_store_savepoint (self->store, error);
}

/* Ends a change; it is durable, and its mail sent, with its batch. */
gboolean
_hd_commit (HdServer  *self,
            GError   **error)
{
  if (hd_server_store_release (self->store, error))
    return TRUE;
  _hd_rollback (self);
  return FALSE;
}

/* Undoes the current change alone, and the mail it queued. */
void
_hd_rollback (HdServer *self)
{
  if (self->batch_id == 0)
    return;
  hd_server_store_rollback_to (self->store);
  g_ptr_array_set_size (self->outbox, self->outbox_mark);
}

/* Sends @msg's answer now, or after the open batch commits. */
void
_hd_send_when_durable (HdServer          *self,
                       SoupServerMessage *msg,
                       gboolean           paused)
{
  if (self->batch_id == 0)
    {
      if (paused)
        soup_server_message_unpause (msg);
      return;
    }
  if (!paused)
    soup_server_message_pause (msg);
  g_ptr_array_add (self->held, g_object_ref (msg));
}

/* Before the process exits: the open batch is committed and its answers
 * go out, and mail already handed to sendmail gets up to 5 s to leave. */
void
hd_server_shutdown (HdServer *self)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_return_if_fail (HD_IS_SERVER (self));

  g_clear_handle_id (&self->sweep_id, g_source_remove);
  if (self->batch_id != 0)
    {
      g_source_remove (self->batch_id);
      commit_batch_cb (self);
    }
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  while (self->mail_in_flight > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
sweep_cb (gpointer user_data)
{
  hd_server_sweep (user_data);
  return G_SOURCE_CONTINUE;
}

static void
hd_server_dispose (GObject *object)
{
  HdServer *self = (HdServer *) object;

  g_clear_handle_id (&self->sweep_id, g_source_remove);
  g_clear_handle_id (&self->wake_id, g_source_remove);
  if (self->batch_id != 0)
    hd_server_shutdown (self);
  _hd_waiters_free (self);
  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_clear_object (&self->service);
    }
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (hd_server_parent_class)->dispose (object);
}

static void
hd_server_finalize (GObject *object)
{
  HdServer *self = (HdServer *) object;

  g_clear_object (&self->certificate);
  g_clear_object (&self->plan);
  g_clear_object (&self->store);
  g_free (self->sendmail);
  g_hash_table_unref (self->failures);
  g_ptr_array_unref (self->outbox);
  g_ptr_array_unref (self->held);

  G_OBJECT_CLASS (hd_server_parent_class)->finalize (object);
}

static void
hd_server_class_init (HdServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hd_server_dispose;
  object_class->finalize = hd_server_finalize;
}

static void
hd_server_init (HdServer *self)
{
  self->outbox = g_ptr_array_new_with_free_func (g_free);
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
}

HdServer *
hd_server_new (HdPlan        *plan,
               HdServerStore *store,
               const char    *sendmail)
{
  HdServer *self;

  g_return_val_if_fail (HD_IS_PLAN (plan), NULL);
  g_return_val_if_fail (HD_IS_SERVER_STORE (store), NULL);

  self = g_object_new (HD_TYPE_SERVER, NULL);
  self->plan = g_object_ref (plan);
  self->store = g_object_ref (store);
  self->sendmail = g_strdup (sendmail);
  return self;
}

/* Serves one HTTP connection carried by @stream between the two
 * addresses, as if accepted from a listening socket, on a server that
 * does not listen: the whole path of a request, from parsing it to its
 * answer, without a network (the fuzz target tests/fuzz/fuzz-server.c
 * drives it). */
gboolean
hd_server_accept_iostream (HdServer        *self,
                           GIOStream       *stream,
                           GSocketAddress  *local_address,
                           GSocketAddress  *remote_address,
                           GError         **error)
{
  g_return_val_if_fail (HD_IS_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_IO_STREAM (stream), FALSE);

  if (self->soup == NULL)
    create_soup (self);
  return soup_server_accept_iostream (self->soup, stream, local_address, remote_address, error);
}

/* Each connection accepted is handed to libsoup as a stream, over TLS
 * when the server has a certificate. libsoup 3.2's own listener keeps a
 * reference to every socket it accepts for good (340 bytes each: a server
 * would grow by a megabyte every 3,000 connections, without end), and
 * listens with GLib's backlog of 10, so an eleventh client connecting at
 * once waits a second for its SYN to be sent again. */
static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  HdServer *self = user_data;
  g_autoptr(GSocketAddress) local_address = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote_address = g_socket_connection_get_remote_address (connection, NULL);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  if (self->certificate != NULL)
    {
      stream = g_tls_server_connection_new (G_IO_STREAM (connection), self->certificate, &error);
      if (stream == NULL)
        {
          g_warning ("A connection could not start TLS: %s", error->message);
          return TRUE;
        }
      g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (stream), FALSE);
    }
  else
    {
      stream = g_object_ref (G_IO_STREAM (connection));
    }
  if (!soup_server_accept_iostream (self->soup, stream, local_address, remote_address, &error))
    g_warning ("A connection could not be served: %s", error->message);
  return TRUE;
}

/* Listens on @host:@port (0 picks a free port), with TLS when given a
 * certificate; *uri is where it listens, "http://127.0.0.1:8080/". */
gboolean
hd_server_listen (HdServer         *self,
                  const char       *host,
                  guint16           port,
                  GTlsCertificate  *certificate,
                  char            **uri,
                  GError          **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocketAddress) effective_address = NULL;
  gboolean ipv6;

  g_return_val_if_fail (HD_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->service == NULL, FALSE);

  address = g_str_equal (host, "localhost") ? g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4)
                                            : g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "“%s” is not an IP address", host);
      return FALSE;
    }
  ipv6 = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6;

  create_soup (self);
  g_set_object (&self->certificate, certificate);

  socket_address = g_inet_socket_address_new (address, port);
  self->service = g_socket_service_new ();
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (self->service), SOMAXCONN);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), socket_address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective_address, error))
    {
      g_clear_object (&self->service);
      return FALSE;
    }
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->service);

  if (uri != NULL)
    *uri = g_strdup_printf ("%s://%s%s%s:%u/", certificate != NULL ? "https" : "http",
                            ipv6 ? "[" : "", host, ipv6 ? "]" : "",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective_address)));

  self->sweep_id = g_timeout_add (SWEEP_INTERVAL_MS, sweep_cb, self);
  return TRUE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-client"

#include "config.h"

#include <libsoup/soup.h>
#include <glib/gi18n-lib.h>

#include "hd-client.h"
#include "hd-json.h"

#define CHUNK 65536

struct _HdClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *server;         /* "https://helpdesk.example/" */
  char        *token;
  gint64       clock_offset;   /* the server's clock less ours, in seconds */
  gboolean     clock_known;    /* an answer said what time it was */
};

typedef struct {
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *body;
  GCancellable *cancellable;   /* ours: the caller's, plus the deadline */
  GSource      *deadline;      /* on the caller's thread-default context */
  gboolean      timed_out;
  gboolean      conflict_is_answer; /* 412: the body, with the current ticket */
  gboolean      raw;           /* a success's body is handed back unparsed */
  GTlsCertificateFlags certificate_errors; /* of a certificate refused */
  guint         status;
  gint64        retry_after;
} Request;

G_DEFINE_FINAL_TYPE (HdClient, hd_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (hd-client-error-quark, hd_client_error)

static void read_more (GTask *task);

static void
request_free (Request *r)
{
  if (r->deadline != NULL)
    {
      g_source_destroy (r->deadline);
      g_source_unref (r->deadline);
    }
  g_clear_object (&r->msg);
  g_clear_object (&r->stream);
  g_clear_pointer (&r->body, g_byte_array_unref);
  g_clear_object (&r->cancellable);
  g_free (r);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Request *r = user_data;

  r->timed_out = TRUE;
  g_cancellable_cancel (r->cancellable);
  return G_SOURCE_REMOVE;
}

/* The API's error message when the body has one, else a plain one. */
static char *
error_message (guint     status,
               JsonNode *body)
{
  JsonObject *root = body != NULL && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
  JsonObject *error = NULL;
  const char *message = NULL;

  if (root != NULL && hd_json_get_object (root, "error", HD_JSON_NULLABLE, &error, NULL) && error != NULL)
    hd_json_get_string (error, "message", HD_JSON_NULLABLE, 1000, &message, NULL);
  if (message != NULL)
    return g_strdup (message);
  return g_strdup_printf (_("the server answered %u %s"), status, soup_status_get_phrase (status));
}

static HdClientError
error_code (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED: return HD_CLIENT_ERROR_UNAUTHORIZED;
    case SOUP_STATUS_FORBIDDEN: return HD_CLIENT_ERROR_FORBIDDEN;
    case SOUP_STATUS_NOT_FOUND: return HD_CLIENT_ERROR_NOT_FOUND;
    case SOUP_STATUS_CONFLICT: return HD_CLIENT_ERROR_CONFLICT;
    case SOUP_STATUS_PRECONDITION_FAILED: return HD_CLIENT_ERROR_PRECONDITION;
    case SOUP_STATUS_GONE: return HD_CLIENT_ERROR_CURSOR_UNKNOWN;
    case 429: return HD_CLIENT_ERROR_THROTTLED;
    default:
      return status >= 500 ? HD_CLIENT_ERROR_SERVER : HD_CLIENT_ERROR_REJECTED;
    }
}

typedef struct {
  JsonNode *body;
  GBytes   *raw;
  guint     status;
  gint64    retry_after;
} Answer;

static void
answer_free (Answer *a)
{
  g_clear_pointer (&a->body, json_node_unref);
  g_clear_pointer (&a->raw, g_bytes_unref);
  g_free (a);
}

/* In a worker: a page of a thousand tickets takes tens of milliseconds
 * to parse, which a window's main loop must not spend. */
static void
parse_answer (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Request *r = task_data;
  g_autoptr(GError) error = NULL;
  JsonNode *body = NULL;
  Answer *answer;

  if (r->body->len > 0)
    {
      body = hd_json_parse ((const char *) r->body->data, r->body->len, HD_CLIENT_MAX_RESPONSE, &error);
      if (body == NULL)
        {
          g_task_return_new_error (task, HD_CLIENT_ERROR, HD_CLIENT_ERROR_BAD_RESPONSE,
                                   _("the server sent an answer that is not valid: %s"), error->message);
          return;
        }
    }
  if ((r->status < 200 || r->status >= 300) &&
      !(r->status == SOUP_STATUS_PRECONDITION_FAILED && r->conflict_is_answer && body != NULL))
    {
      g_autofree char *message = error_message (r->status, body);

      g_clear_pointer (&body, json_node_unref);
      g_task_return_new_error (task, HD_CLIENT_ERROR, error_code (r->status), "%s", message);
      return;
    }
  answer = g_new0 (Answer, 1);
  answer->body = body;
  answer->status = r->status;
  answer->retry_after = r->retry_after;
  g_task_return_pointer (task, answer, (GDestroyNotify) answer_free);
}

/* Reads how far our clock is off from an answer's Date. Its whole
 * seconds and the way there and back make an offset under a minute
 * indistinguishable from none, so such an offset counts as none. */
static void
note_clock (HdClient   *self,
            const char *date)
{
  g_autoptr(GDateTime) sent = date != NULL ? soup_date_time_new_from_http_string (date) : NULL;
  gint64 offset;

  if (sent == NULL)
    return;
  offset = g_date_time_to_unix (sent) - g_get_real_time () / G_USEC_PER_SEC;
  self->clock_offset = ABS (offset) < 60 ? 0 : offset;
  self->clock_known = TRUE;
}

static void
finish_request (GTask *task)
{
  Request *r = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (r->msg);
  const char *retry = soup_message_headers_get_one (headers, "Retry-After");

  note_clock (g_task_get_source_object (task), soup_message_headers_get_one (headers, "Date"));
  r->status = soup_message_get_status (r->msg);
  r->retry_after = retry != NULL ? g_ascii_strtoll (retry, NULL, 10) : -1;
  if (r->raw && r->status >= 200 && r->status < 300)
    {
      Answer *answer = g_new0 (Answer, 1);

      answer->raw = g_byte_array_free_to_bytes (g_steal_pointer (&r->body));
      answer->status = r->status;
      answer->retry_after = r->retry_after;
      g_task_return_pointer (task, answer, (GDestroyNotify) answer_free);
      return;
    }
  if (r->body->len == 0)
    parse_answer (task, NULL, r, NULL);
  else
    g_task_run_in_thread (task, parse_answer);
}

/* What is wrong with a certificate, in words a person can check. */
static const char *
certificate_problem (GTlsCertificateFlags errors)
{
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return _("it was made out for another address");
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    return _("it has expired");
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return _("it is not valid yet");
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    return _("it was revoked");
  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return _("it is not signed by an authority this computer trusts");
  return NULL;
}

static void
return_network_error (GTask  *task,
                      GError *error)
{
  Request *r = g_task_get_task_data (task);

  if (r->timed_out)
    g_task_return_new_error (task, HD_CLIENT_ERROR, HD_CLIENT_ERROR_NETWORK, _("the server did not answer in time"));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_error_copy (error));
  else if (error->domain == G_TLS_ERROR)
    g_task_return_new_error (task, HD_CLIENT_ERROR, HD_CLIENT_ERROR_CERTIFICATE,
                             _("the server’s certificate is not valid: %s"),
                             certificate_problem (r->certificate_errors) ?: error->message);
  else
    g_task_return_new_error (task, HD_CLIENT_ERROR, HD_CLIENT_ERROR_NETWORK,
                             _("cannot reach the server: %s"), error->message);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (r->stream, result, &error);

  if (bytes == NULL)
    {
      return_network_error (task, error);
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      finish_request (task);
      return;
    }
  if (r->body->len + g_bytes_get_size (bytes) > HD_CLIENT_MAX_RESPONSE)
    {
      g_task_return_new_error (task, HD_CLIENT_ERROR, HD_CLIENT_ERROR_BAD_RESPONSE,
                               _("the server’s answer is larger than %d MiB"), HD_CLIENT_MAX_RESPONSE >> 20);
      return;
    }
  g_byte_array_append (r->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  read_more (g_steal_pointer (&task));
}

static void
read_more (GTask *task)
{
  Request *r = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (r->stream, CHUNK, G_PRIORITY_DEFAULT, r->cancellable, read_cb, task);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  r->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (r->stream == NULL)
    {
      return_network_error (task, error);
      return;
    }
  read_more (g_steal_pointer (&task));
}

/* Notes why a certificate is bad; it is refused all the same. */
static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Request *r = user_data;

  r->certificate_errors = errors;
  return FALSE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

static void
hd_client_finalize (GObject *object)
{
  HdClient *self = (HdClient *) object;

  g_clear_object (&self->session);
  g_free (self->server);
  g_free (self->token);

  G_OBJECT_CLASS (hd_client_parent_class)->finalize (object);
}

static void
hd_client_class_init (HdClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hd_client_finalize;
}

/* The sync engine's long poll holds a connection for up to a minute.
 * With libsoup's default of two per host, a chain of requests made
 * meanwhile (tickets' histories) was seen to stop at its third or fourth
 * request until the long poll ended, the request's deadline unheeded. */
#define CONNECTIONS_PER_HOST 6

static void
hd_client_init (HdClient *self)
{
  self->session = soup_session_new_with_options ("user-agent", "helpdesk/" PACKAGE_VERSION,
                                                 "max-conns-per-host", CONNECTIONS_PER_HOST, NULL);
}

/* @server is the server's address, "https://helpdesk.example/"; only
 * http and https, and certificates are checked. */
HdClient *
hd_client_new (const char  *server,
               GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  HdClient *self;
  const char *scheme;

  g_return_val_if_fail (server != NULL, NULL);

  uri = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0))
    {
      g_set_error (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_REJECTED,
                   _("“%s” is not a server address (write it like https://helpdesk.district.example/)"), server);
      return NULL;
    }
  self = g_object_new (HD_TYPE_CLIENT, NULL);
  self->server = g_str_has_suffix (server, "/") ? g_strdup (server) : g_strconcat (server, "/", NULL);
  return self;
}

const char *
hd_client_get_server (HdClient *self)
{
  g_return_val_if_fail (HD_IS_CLIENT (self), NULL);
  return self->server;
}

/* How far this computer's clock is behind the server's (negative: ahead
 * of it), in seconds, as the last answer's Date told, less than a minute
 * either way counting as 0; FALSE before any answer told. */
gboolean
hd_client_get_clock_offset (HdClient *self,
                            gint64   *offset)
{
  g_return_val_if_fail (HD_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (offset != NULL, FALSE);

  *offset = self->clock_offset;
  return self->clock_known;
}

void
hd_client_set_token (HdClient   *self,
                     const char *token)
{
  g_return_if_fail (HD_IS_CLIENT (self));

  g_free (self->token);
  self->token = g_strdup (token);
}

/* @path is under /api/v1, "/changes?after=…". The whole exchange must end
 * within @timeout_seconds. */
static void
start_request (HdClient            *self,
               const char          *method,
               const char          *path,
               JsonNode            *body,
               const char          *if_match,
               gboolean             conflict_is_answer,
               gboolean             raw,
               guint                timeout_seconds,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *uri = NULL;
  Request *r;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, start_request);
  r = g_new0 (Request, 1);
  r->conflict_is_answer = conflict_is_answer;
  r->raw = raw;
  g_task_set_task_data (task, r, (GDestroyNotify) request_free);
  r->body = g_byte_array_new ();
  r->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb), g_object_ref (r->cancellable),
                           g_object_unref);
  r->deadline = g_timeout_source_new_seconds (MAX (timeout_seconds, 1));
  g_source_set_callback (r->deadline, deadline_cb, r, NULL);
  g_source_attach (r->deadline, g_main_context_get_thread_default ());

  uri = g_strdup_printf ("%sapi/v1%s", self->server, path);
  r->msg = soup_message_new (method, uri);
  if (r->msg == NULL)
    {
      g_task_return_new_error (task, HD_CLIENT_ERROR, HD_CLIENT_ERROR_REJECTED, _("“%s” is not a valid address"), uri);
      return;
    }
  g_signal_connect (r->msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), r);
  if (self->token != NULL)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", self->token);

      soup_message_headers_replace (soup_message_get_request_headers (r->msg), "Authorization", bearer);
    }
  if (if_match != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (r->msg), "If-Match", if_match);
  if (body != NULL)
    {
      g_autofree char *text = hd_json_to_string (body);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), strlen (text));

      soup_message_set_request_body_from_bytes (r->msg, "application/json", bytes);
    }
  soup_session_send_async (self->session, r->msg, G_PRIORITY_DEFAULT, r->cancellable, sent_cb,
                           g_steal_pointer (&task));
}

void
hd_client_request_async (HdClient            *self,
                         const char          *method,
                         const char          *path,
                         JsonNode            *body,
                         const char          *if_match,
                         guint                timeout_seconds,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (HD_IS_CLIENT (self));
  g_return_if_fail (method != NULL && path != NULL && path[0] == '/');

  start_request (self, method, path, body, if_match, FALSE, FALSE, timeout_seconds, cancellable, callback, user_data);
}

/* A PATCH whose 412 is an answer, not an error: *status says 412 and the
 * body carries the server's current ticket, to merge with. */
void
hd_client_patch_async (HdClient            *self,
                       const char          *path,
                       JsonNode            *body,
                       const char          *if_match,
                       guint                timeout_seconds,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (HD_IS_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/' && if_match != NULL);

  start_request (self, "PATCH", path, body, if_match, TRUE, FALSE, timeout_seconds, cancellable, callback,
                 user_data);
}

/* A GET whose answer, when it is a success, comes back as it was sent
 * (at most HD_CLIENT_MAX_RESPONSE bytes): for a caller that parses it in
 * a worker of its own. Failures are GErrors, as with any request. */
void
hd_client_fetch_async (HdClient            *self,
                       const char          *path,
                       guint                timeout_seconds,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (HD_IS_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  start_request (self, "GET", path, NULL, NULL, FALSE, TRUE, timeout_seconds, cancellable, callback, user_data);
}

GBytes *
hd_client_fetch_finish (HdClient      *self,
                        GAsyncResult  *result,
                        gint64        *retry_after,
                        GError       **error)
{
  Answer *answer;
  GBytes *raw;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return NULL;
  if (retry_after != NULL)
    *retry_after = answer->retry_after;
  raw = g_steal_pointer (&answer->raw);
  answer_free (answer);
  return raw;
}

/* The answer's JSON (NULL for an empty answer such as 204), its status
 * and its Retry-After in seconds (-1 when absent). */
JsonNode *
hd_client_request_finish (HdClient      *self,
                          GAsyncResult  *result,
                          guint         *status,
                          gint64        *retry_after,
                          GError       **error)
{
  Answer *answer;
  JsonNode *body;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return NULL;
  if (status != NULL)
    *status = answer->status;
  if (retry_after != NULL)
    *retry_after = answer->retry_after;
  body = g_steal_pointer (&answer->body);
  answer_free (answer);
  return body;
}

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* For command-line use: runs the request to its end, iterating the
 * context the client was made in (libsoup ties a session to it). Not for
 * a program whose main loop is running. A 204 gives NULL without error. */
JsonNode *
hd_client_request (HdClient    *self,
                   const char  *method,
                   const char  *path,
                   JsonNode    *body,
                   guint        timeout_seconds,
                   guint       *status,
                   GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hd_client_request_async (self, method, path, body, NULL, timeout_seconds, NULL, sync_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  return hd_client_request_finish (self, result, status, NULL, error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include <sodium.h>

#include "hd-json.h"
#include "hd-server-private.h"

/* Sign-in with argon2id password hashes (libsodium), bearer tokens of 256
 * random bits of which only a SHA-256 hash is stored, and at most five
 * failed sign-ins a minute for one user name. */

#define TOKEN_BYTES 32
#define FAILURE_WINDOW 60
#define FAILURE_LIMIT 5
/* Password checks at once. Each takes 64 MiB (libsodium's interactive
 * limits) and a core for a moment: a flood of sign-ins waits its turn
 * rather than taking the server's memory (GLib's own pool grows to
 * hundreds of threads when they block). */
#define MAX_CHECKS 2

typedef struct {
  HdServer          *server;
  SoupServerMessage *msg;
  char              *username;
  char              *password;
  HdServerUser      *user;     /* NULL for an unknown user name */
} SignIn;

static void
sign_in_free (SignIn *s)
{
  g_object_unref (s->server);
  g_object_unref (s->msg);
  g_free (s->username);
  sodium_memzero (s->password, strlen (s->password));
  g_free (s->password);
  hd_server_user_free (s->user);
  g_free (s);
}

static void
hash_token (const char *token,
            guint8      hash[32])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize length = 32;

  g_checksum_update (checksum, (const guchar *) token, -1);
  g_checksum_get_digest (checksum, hash, &length);
}

static const char *
bearer_token (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  return header + 7;
}

gboolean
_hd_is_staff (const HdServerUser *user)
{
  return user != NULL && user->role != HD_ROLE_REQUESTER;
}

/* Sets request->user from the bearer token, or answers 401. */
gboolean
_hd_authenticate (HdRequest *request)
{
  const char *token = bearer_token (request->msg);
  g_autofree char *username = NULL;
  guint8 hash[32];

  if (token != NULL)
    {
      hash_token (token, hash);
      username = hd_server_store_find_token (request->server->store, hash);
    }
  if (username != NULL)
    request->user = hd_server_store_find_user (request->server->store, username);
  if (request->user != NULL)
    return TRUE;

  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "WWW-Authenticate", "Bearer");
  _hd_reply_error (request->msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL,
                   token == NULL ? "sign in first: no bearer token" : "the token is not valid; sign in again");
  return FALSE;
}

char *
_hd_password_hash (const char  *password,
                   GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str (hash, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "not enough memory to hash the password");
      return NULL;
    }
  return g_strdup (hash);
}

JsonNode *
_hd_user_to_json (HdServer           *server,
                  const HdServerUser *user)
{
  JsonObject *o = json_object_new ();
  JsonArray *topics = json_array_new ();
  const GPtrArray *plan_topics = hd_plan_get_topics (server->plan);
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < plan_topics->len; i++)
    {
      const HdPlanTopic *topic = g_ptr_array_index (plan_topics, i);

      if (g_strv_contains ((const char * const *) topic->team, user->username))
        json_array_add_string_element (topics, topic->id);
    }
  json_object_set_string_member (o, "username", user->username);
  json_object_set_string_member (o, "name", user->name);
  json_object_set_string_member (o, "role", hd_role_to_string (user->role));
  json_object_set_string_member (o, "email", user->email);
  json_object_set_array_member (o, "topics", topics);
  json_node_take_object (node, o);
  return node;
}

/* Forgets failures older than the window; the seconds until the user may
 * try again, or 0. */
static gint64
throttled_for (HdServer   *server,
               const char *username,
               gint64      now)
{
  GArray *times = g_hash_table_lookup (server->failures, username);

  if (times == NULL)
    return 0;
  while (times->len > 0 && g_array_index (times, gint64, 0) <= now - FAILURE_WINDOW)
    g_array_remove_index (times, 0);
  if (times->len < FAILURE_LIMIT)
    return 0;
  return g_array_index (times, gint64, 0) + FAILURE_WINDOW - now;
}

static gboolean
is_stale (gpointer key,
          gpointer value,
          gpointer user_data)
{
  GArray *times = value;
  gint64 now = *(gint64 *) user_data;

  return times->len == 0 || g_array_index (times, gint64, times->len - 1) <= now - FAILURE_WINDOW;
}

static void
record_failure (HdServer   *server,
                const char *username,
                gint64      now)
{
  GArray *times;

  /* names tried once and never again must not pile up */
  if (g_hash_table_size (server->failures) >= 1000)
    g_hash_table_foreach_remove (server->failures, is_stale, &now);
  times = g_hash_table_lookup (server->failures, username);

  if (times == NULL)
    {
      times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (server->failures, g_strdup (username), times);
    }
  g_array_append_val (times, now);
}

static void
verify_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  SignIn *s = data;
  /* An unknown user costs as much time as a wrong password. */
  static char dummy[crypto_pwhash_STRBYTES];
  static gsize dummy_ready = 0;
  const char *hash = s->user != NULL ? s->user->password_hash : dummy;
  gboolean matches;

  if (g_once_init_enter (&dummy_ready))
    {
      if (crypto_pwhash_str (dummy, "-", 1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        g_error ("not enough memory to hash a password");
      g_once_init_leave (&dummy_ready, 1);
    }
  /* checked first: the user's existence must not save the work */
  matches = crypto_pwhash_str_verify (hash, s->password, strlen (s->password)) == 0;
  g_task_return_boolean (task, s->user != NULL && matches);
}

static void
check_password (gpointer data,
                gpointer user_data)
{
  g_autoptr(GTask) task = data;

  verify_in_thread (task, NULL, g_task_get_task_data (task), NULL);
}

static GThreadPool *
password_checks (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (check_password, NULL, MAX_CHECKS, FALSE, NULL));
  return pool;
}

static void
reply_sign_in (SignIn   *s,
               gboolean  verified)
{
  HdServer *server = s->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  unsigned char raw[TOKEN_BYTES];
  char token[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  guint8 hash[32];
  JsonObject *o;

  if (!verified)
    {
      record_failure (server, s->username, _hd_now ());
      _hd_reply_error (s->msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL, "wrong user name or password");
      return;
    }

  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (token, sizeof token, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  hash_token (token, hash);
  if (!_hd_begin (server, &error) ||
      !hd_server_store_add_token (server->store, hash, s->user->username, _hd_now (), &error) ||
      !_hd_commit (server, &error))
    {
      _hd_rollback (server);
      _hd_reply_store_failure (s->msg, error);
      return;
    }
  g_hash_table_remove (server->failures, s->username);

  node = json_node_new (JSON_NODE_OBJECT);
  o = json_object_new ();
  json_object_set_string_member (o, "token", token);
  json_object_set_member (o, "user", _hd_user_to_json (server, s->user));
  json_node_take_object (node, o);
  _hd_reply_json (s->msg, SOUP_STATUS_OK, node);
  sodium_memzero (token, sizeof token);
}

static void
verified_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SignIn *s = g_task_get_task_data (G_TASK (result));

  reply_sign_in (s, g_task_propagate_boolean (G_TASK (result), NULL));
  _hd_send_when_durable (s->server, s->msg, TRUE);
}

void
_hd_handle_session_create (HdRequest *request)
{
  JsonObject *body = _hd_request_object (request);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  const char *username, *password;
  gint64 wait;
  SignIn *s;

  if (!hd_json_get_string (body, "username", HD_JSON_REQUIRED | HD_JSON_NOT_EMPTY, HD_NAME_MAX, &username, &error))
    {
      _hd_reply_invalid (request->msg, "username", error);
      return;
    }
  if (!hd_json_get_string (body, "password", HD_JSON_REQUIRED, 1024, &password, &error))
    {
      _hd_reply_invalid (request->msg, "password", error);
      return;
    }
  wait = throttled_for (request->server, username, _hd_now ());
  if (wait > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, wait);

      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), "Retry-After", seconds);
      _hd_reply_error (request->msg, 429, "too_many_requests", NULL,
                       "too many failed sign-ins; try again in %" G_GINT64_FORMAT " seconds", wait);
      return;
    }

  s = g_new0 (SignIn, 1);
  s->server = g_object_ref (request->server);
  s->msg = g_object_ref (request->msg);
  s->username = g_strdup (username);
  s->password = g_strdup (password);
  s->user = hd_server_store_find_user (request->server->store, username);
  soup_server_message_pause (request->msg);
  request->paused = TRUE;
  task = g_task_new (NULL, NULL, verified_cb, NULL);
  g_task_set_source_tag (task, _hd_handle_session_create);
  g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);
  g_thread_pool_push (password_checks (), g_steal_pointer (&task), NULL);
}

void
_hd_handle_session_delete (HdRequest *request)
{
  g_autoptr(GError) error = NULL;
  guint8 hash[32];

  hash_token (bearer_token (request->msg), hash);
  if (!_hd_begin (request->server, &error) ||
      !hd_server_store_delete_token (request->server->store, hash, &error) ||
      !_hd_commit (request->server, &error))
    {
      _hd_rollback (request->server);
      _hd_reply_store_failure (request->msg, error);
      return;
    }
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

void
_hd_handle_me (HdRequest *request)
{
  g_autoptr(JsonNode) node = _hd_user_to_json (request->server, request->user);

  _hd_reply_json (request->msg, SOUP_STATUS_OK, node);
}

void
_hd_handle_users (HdRequest *request)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  if (!_hd_is_staff (request->user))
    {
      _hd_reply_error (request->msg, SOUP_STATUS_FORBIDDEN, "forbidden", NULL, "only the support team lists users");
      return;
    }
  users = hd_server_store_list_users (request->server->store);
  array = json_array_new ();
  for (guint i = 0; i < users->len; i++)
    json_array_add_element (array, _hd_user_to_json (request->server, g_ptr_array_index (users, i)));
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  _hd_reply_json (request->msg, SOUP_STATUS_OK, node);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "hd-test-server.h"

/* With HD_OPENAPI_LOG set, every exchange is appended to
 * "$HD_OPENAPI_LOG.<pid>" as one JSON line, and hd_test_server_stop() checks
 * them against data/openapi.yaml with tests/openapi-check.py. The pid keeps
 * test programs that run in parallel apart. */
G_LOCK_DEFINE_STATIC (openapi_log);

static char *
openapi_log_path (void)
{
  const char *base = g_getenv ("HD_OPENAPI_LOG");

  if (base == NULL || *base == '\0')
    return NULL;
  return g_strdup_printf ("%s.%d", base, (int) getpid ());
}

static void
openapi_log_exchange (const char *method,
                      const char *path,
                      guint       status,
                      JsonNode   *body)
{
  g_autofree char *log = openapi_log_path ();
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;
  FILE *file;

  if (log == NULL)
    return;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, method);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "body");
  if (body != NULL)
    json_builder_add_value (builder, json_node_copy (body));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  line = json_to_string (root, FALSE);

  /* the long-poll tests request from a second thread */
  G_LOCK (openapi_log);
  file = fopen (log, "a");
  if (file == NULL)
    g_error ("cannot open %s: %s", log, g_strerror (errno));
  fprintf (file, "%s\n", line);
  if (fclose (file) != 0)
    g_error ("cannot write %s: %s", log, g_strerror (errno));
  G_UNLOCK (openapi_log);
}

/* Checks the exchanges logged so far against the OpenAPI description,
 * then starts the log afresh. */
static void
openapi_check (void)
{
  g_autofree char *log = openapi_log_path ();
  g_autofree char *script = NULL;
  g_autofree char *spec = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *source = g_getenv ("HD_SOURCE_DIR");

  if (log == NULL || !g_file_test (log, G_FILE_TEST_EXISTS))
    return;
  g_assert_nonnull (source);
  script = g_build_filename (source, "tests", "openapi-check.py", NULL);
  spec = g_build_filename (source, "data", "openapi.yaml", NULL);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                              "python3", script, spec, log, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_printerr ("%s%s failed; the exchanges are in %s\n", output, script, log);
  g_assert_true (g_subprocess_get_successful (process));
  g_test_message ("%s", g_strchomp (output));
  g_unlink (log);
}

static const char fake_sendmail[] =
  "#!/bin/sh\n"
  "# files each message beside this script as mail-<nanoseconds>-<pid>.txt\n"
  "dir=$(dirname \"$0\")\n"
  "name=\"$dir/mail-$(date +%s%N)-$$\"\n"
  "cat > \"$name.tmp\" && mv \"$name.tmp\" \"$name.txt\"\n";

/* The server dies with the test, even one that aborts; its standard
 * error goes to the log file open on @user_data. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (user_data != NULL)
    dup2 (GPOINTER_TO_INT (user_data), STDERR_FILENO);
}

static char *
server_binary (void)
{
  return g_strdup (g_getenv ("HD_SERVER"));
}

void
hd_test_server_add_user (HdTestServer *server,
                         const char   *username,
                         const char   *role,
                         const char   *password)
{
  g_autofree char *binary = server_binary ();
  g_autofree char *name = g_strdup_printf ("User %s", username);
  g_autofree char *email = g_strdup_printf ("%s@springfield.example", username);
  const char *argv[] = { binary, "user", "add", username, "--db", server->db, "--role", role,
                         "--name", name, "--email", email, "--password-stdin", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *input = g_strdup_printf ("%s\n", password);
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
}

static char *
log_path (HdTestServer *server)
{
  return g_build_filename (server->dir, "server.log", NULL);
}

/* Runs "serve" on @listen and reads where it listens. Its standard error
 * is kept in server.log (hd_test_server_log()). */
static void
spawn_server (HdTestServer *server,
              const char   *listen)
{
  g_autofree char *binary = server_binary ();
  g_autofree char *sendmail = g_build_filename (server->dir, "sendmail", NULL);
  g_autofree char *log = log_path (server);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  int out_fd;
  int log_fd = open (log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  const char *argv[] = { binary, "serve", "--plan", server->plan, "--db", server->db, "--listen", listen,
                         "--sendmail", sendmail, NULL };

  g_assert_cmpint (log_fd, >=, 0);
  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent,
                            GINT_TO_POINTER (log_fd), &server->pid, NULL, &out_fd, NULL, &error);
  close (log_fd);
  g_assert_no_error (error);
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_io_channel_read_line (channel, &line, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:"));
  g_strchomp (line);
  g_free (server->base);
  server->base = g_strdup_printf ("%sapi/v1", line + strlen ("Listening on "));
}

HdTestServer *
hd_test_server_start (const char *plan)
{
  HdTestServer *server = g_new0 (HdTestServer, 1);
  g_autofree char *sendmail = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autofree char *log = openapi_log_path ();

    /* a log a crashed program of the same pid left behind */
    if (log != NULL)
      g_unlink (log);
  }

  server->dir = g_dir_make_tmp ("helpdesk-test-XXXXXX", &error);
  g_assert_no_error (error);
  server->plan = g_strdup (plan);
  server->db = g_build_filename (server->dir, "server.db", NULL);
  sendmail = g_build_filename (server->dir, "sendmail", NULL);
  g_assert_true (g_file_set_contents (sendmail, fake_sendmail, -1, NULL));
  g_assert_cmpint (g_chmod (sendmail, 0755), ==, 0);
  spawn_server (server, "127.0.0.1:0");
  server->session = soup_session_new_with_options ("timeout", 30, NULL);
  return server;
}

static void
terminate (HdTestServer *server)
{
  int status = 0;

  kill (server->pid, SIGTERM);
  g_assert_cmpint (waitpid (server->pid, &status, 0), ==, server->pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_spawn_close_pid (server->pid);
  server->pid = 0;
}

/* Stops the server, keeping its database, as an outage would. */
void
hd_test_server_pause (HdTestServer *server)
{
  terminate (server);
}

/* Kills it with SIGKILL, as a power cut or the OOM killer would: no
 * shutdown, no last commit. Safe from another thread than the test's. */
void
hd_test_server_kill (HdTestServer *server)
{
  int status = 0;

  g_assert_cmpint (kill (server->pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (server->pid, &status, 0), ==, server->pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  g_spawn_close_pid (server->pid);
  server->pid = 0;
}

/* What the server wrote to its standard error so far. */
char *
hd_test_server_log (HdTestServer *server)
{
  g_autofree char *log = log_path (server);
  char *text = NULL;

  if (!g_file_get_contents (log, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

/* Starts it again on the same port; with @empty, on a new database, as
 * a server that lost its disk would. */
void
hd_test_server_resume (HdTestServer *server,
                       gboolean      empty)
{
  g_autoptr(GUri) uri = g_uri_parse (server->base, G_URI_FLAGS_NONE, NULL);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));

  if (empty)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *path = g_strconcat (server->db, suffixes[i], NULL);

          g_unlink (path);
        }
    }
  spawn_server (server, listen);
}

/* The people the server tests sign in as, one or two of each role, with
 * their passwords. */
void
hd_test_server_add_staff (HdTestServer *server)
{
  static const char * const people[][3] = {
    { "frontdesk", "requester", "front-pass" },
    { "frontdesk2", "requester", "front2-pass" },
    { "tomasz", "technician", "tech-pass" },
    { "marcus", "technician", "lead-pass" },
    { "keiko", "technician", "keiko-pass" },
    { "dana", "supervisor", "super-pass" },
    { "admin", "admin", "admin-pass" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    hd_test_server_add_user (server, people[i][0], people[i][1], people[i][2]);
}

void
hd_test_server_stop (HdTestServer *server)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (server->pid != 0)
    terminate (server);
  {
    g_autofree char *log = hd_test_server_log (server);

    if (*log != '\0')
      g_printerr ("%s", log);
  }

  dir = g_dir_open (server->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (server->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (server->dir);
  g_object_unref (server->session);
  openapi_check ();
  g_free (server->dir);
  g_free (server->db);
  g_free (server->plan);
  g_free (server->base);
  g_free (server);
}

HdTestReply *
hd_test_request_full (HdTestServer *server,
                      const char   *method,
                      const char   *path,
                      const char   *token,
                      const char   *content_type,
                      GBytes       *body,
                      const char   *if_match)
{
  g_autofree char *uri = g_strconcat (server->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  HdTestReply *reply = g_new0 (HdTestReply, 1);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  gsize length;
  const char *data;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", if_match);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  answer = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);

  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  data = g_bytes_get_data (answer, &length);
  if (length > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_data (parser, data, length, &error))
        g_error ("%s %s: the answer is not JSON: %.*s", method, path, (int) length, data);
      reply->body = json_node_ref (json_parser_get_root (parser));
      g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/json");
    }
  openapi_log_exchange (method, path, reply->status, reply->body);
  return reply;
}

HdTestReply *
hd_test_request (HdTestServer *server,
                 const char   *method,
                 const char   *path,
                 const char   *token,
                 const char   *body)
{
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;

  return hd_test_request_full (server, method, path, token, "application/json", bytes, NULL);
}

/* PATCH /tickets/@id with the JSON @body on the version the ticket has.
 * The server's sweep escalates tickets on its own clock (seconds apart on
 * tests/plans/fast.plan) and may do so between the read and the change:
 * then the change is refused (412) with the ticket as it is now, and is
 * made again on that version, up to five times. */
HdTestReply *
hd_test_patch_ticket (HdTestServer *server,
                      const char   *id,
                      const char   *token,
                      const char   *body)
{
  g_autofree char *path = g_strdup_printf ("/tickets/%s", id);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(HdTestReply) current = hd_test_request (server, "GET", path, token, NULL);
  gint64 version;

  g_assert_cmpuint (current->status, ==, 200);
  version = hd_test_reply_int (current, "version");
  for (guint attempt = 1; ; attempt++)
    {
      g_autofree char *match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
      HdTestReply *reply = hd_test_request_full (server, "PATCH", path, token, "application/json", bytes, match);
      JsonObject *root;

      if (reply->status != 412 || attempt == 5)
        return reply;
      root = json_node_get_object (reply->body);
      version = json_object_get_int_member (json_object_get_object_member (root, "current"), "version");
      hd_test_reply_free (reply);
    }
}

void
hd_test_reply_free (HdTestReply *reply)
{
  g_clear_pointer (&reply->body, json_node_unref);
  soup_message_headers_unref (reply->headers);
  g_free (reply);
}

const char *
hd_test_reply_string (HdTestReply *reply,
                      const char  *member)
{
  JsonNode *node;

  g_assert_nonnull (reply->body);
  node = json_object_get_member (json_node_get_object (reply->body), member);
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

gint64
hd_test_reply_int (HdTestReply *reply,
                   const char  *member)
{
  g_assert_nonnull (reply->body);
  return json_object_get_int_member (json_node_get_object (reply->body), member);
}

/* The contract's error body: {"error": {"code", "message"[, "field"]}}. */
void
hd_test_assert_error (HdTestReply *reply,
                      guint        status,
                      const char  *code)
{
  JsonObject *error;

  if (reply->status != status)
    {
      g_autofree char *text = reply->body != NULL ? json_to_string (reply->body, FALSE) : g_strdup ("");

      g_error ("expected %u %s, got %u %s", status, code, reply->status, text);
    }
  g_assert_nonnull (reply->body);
  error = json_object_get_object_member (json_node_get_object (reply->body), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
}

char *
hd_test_server_sign_in (HdTestServer *server,
                        const char   *username,
                        const char   *password)
{
  g_autofree char *body = g_strdup_printf ("{\"username\": \"%s\", \"password\": \"%s\"}", username, password);
  g_autoptr(HdTestReply) reply = hd_test_request (server, "POST", "/session", NULL, body);

  g_assert_cmpuint (reply->status, ==, 200);
  return g_strdup (hd_test_reply_string (reply, "token"));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The messages sendmail received so far, oldest first. */
GPtrArray *
hd_test_server_mail (HdTestServer *server)
{
  GPtrArray *mail = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (server->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "mail-") && g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (server->dir, g_ptr_array_index (names, i), NULL);
      char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL))
        g_ptr_array_add (mail, text);
    }
  return mail;
}

/* A submission for the example district (and the test plans). */
char *
hd_test_new_ticket_json (const char *id,
                         const char *scope,
                         const char *effect)
{
  return g_strdup_printf ("{\"id\": \"%s\", \"subject\": \"Projector in room 12 shows no picture\","
                          " \"description\": \"The projector says no signal.\","
                          " \"location\": \"Lincoln Elementary\", \"topic\": \"classroom-av\","
                          " \"scope\": \"%s\", \"effect\": \"%s\", \"channel\": \"phone\","
                          " \"requester\": {\"name\": \"Ms. Rivera\", \"email\": \"rivera@springfield.example\"}}",
                          id, scope, effect);
}

void
hd_test_run_clear (HdTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* Runs helpdesk-cli with @home as in hd_test_cli_launcher(), @env
 * ("NAME=VALUE", NULL-terminated, or NULL) added to its environment, and
 * @input on its standard input; *run gets its exit status and output.
 * @args are its arguments, NULL-terminated. */
void
hd_test_cli_runv (HdTestRun          *run,
                  const char         *home,
                  const char * const *env,
                  const char         *input,
                  const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = hd_test_cli_launcher (home, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  g_ptr_array_add (argv, (gpointer) g_getenv ("HD_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

/* The same with the arguments from @first on, up to a NULL, for the
 * tests' own wrappers. */
void
hd_test_cli_run_valist (HdTestRun          *run,
                        const char         *home,
                        const char * const *env,
                        const char         *input,
                        const char         *first,
                        va_list             ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  g_ptr_array_add (args, NULL);
  hd_test_cli_runv (run, home, env, input, (const char * const *) args->pdata);
}

void
hd_test_cli_run (HdTestRun          *run,
                 const char         *home,
                 const char * const *env,
                 const char         *input,
                 const char         *first,
                 ...)
{
  va_list ap;

  va_start (ap, first);
  hd_test_cli_run_valist (run, home, env, input, first, ap);
  va_end (ap);
}

/* The cache file of helpdesk-cli run with @home, signed in as @username
 * on @server_url. */
char *
hd_test_cli_cache_path (const char *home,
                        const char *server_url,
                        const char *username)
{
  g_autoptr(GUri) uri = g_uri_parse (server_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *name = NULL;

  g_assert_nonnull (uri);
  name = g_strdup_printf ("%s_%d-%s.db", g_uri_get_host (uri), g_uri_get_port (uri), username);
  return g_build_filename (home, "data", "helpdesk", name, NULL);
}

/* A launcher for helpdesk-cli as a person on their own computer: its
 * configuration and cache under @home, its token in a file (no keyring
 * in tests). */
GSubprocessLauncher *
hd_test_cli_launcher (const char       *home,
                      GSubprocessFlags  flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "HELPDESK_CREDENTIALS", "file", TRUE);
  return launcher;
}

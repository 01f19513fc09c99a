/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "hd-client.h"
#include "hd-test-server.h"

/* helpdesk-server with --tls-cert/--tls-key serves HTTPS; a client that
 * checks certificates refuses its self-signed one unless told to trust
 * it, and Help Desk's client checks them unasked: helpdesk-cli refuses to
 * sign in, saying why in plain words, and sends no password. The
 * certificate is made here with openssl. */

static char *dir, *cert, *key, *base;
static GPid pid;

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
make_certificate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *subject_alt = g_strdup ("subjectAltName=IP:127.0.0.1");
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                         "-subj", "/CN=127.0.0.1", "-addext", subject_alt, "-keyout", key, "-out", cert, NULL };
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
start_server (void)
{
  g_autofree char *plan = g_build_filename (g_getenv ("HD_SOURCE_DIR"), "data", "plans", "example-district.plan", NULL);
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  const char *argv[] = { g_getenv ("HD_SERVER"), "serve", "--plan", plan, "--db", db, "--listen", "127.0.0.1:0",
                         "--tls-cert", cert, "--tls-key", key, NULL };
  g_autoptr(GIOChannel) channel = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  int out_fd;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent, NULL,
                            &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_io_channel_read_line (channel, &line, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "Listening on https://127.0.0.1:"));
  g_strchomp (line);
  base = g_strdup_printf ("%sapi/v1", line + strlen ("Listening on "));
}

static guint
get_plan (SoupSession  *session,
          GError      **error)
{
  g_autofree char *uri = g_strconcat (base, "/plan", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, error);

  return body != NULL ? soup_message_get_status (msg) : 0;
}

static void
test_refused_by_default (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (get_plan (session, &error), ==, 0);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

static void
test_trusted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (cert, &error);
  g_autoptr(SoupSession) session = NULL;

  g_assert_no_error (error);
  session = soup_session_new_with_options ("tls-database", database, NULL);
  /* the TLS layer works; the API still wants a token */
  g_assert_cmpuint (get_plan (session, &error), ==, 401);
  g_assert_no_error (error);
}

/* The core's client, as every program makes it. */
static void
test_client_checks (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server = g_strndup (base, strlen (base) - strlen ("api/v1"));
  g_autoptr(HdClient) client = hd_client_new (server, &error);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_no_error (error);
  answer = hd_client_request (client, "GET", "/plan", NULL, 30, NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_CERTIFICATE);
  g_assert_cmpstr (error->message, ==,
                   "the server’s certificate is not valid: it is not signed by an authority this computer trusts");
}

static void
test_cli_refuses (void)
{
  g_autofree char *server = g_strndup (base, strlen (base) - strlen ("api/v1"));
  g_autofree char *localhost = g_strdup_printf ("https://localhost:%s", strrchr (server, ':') + 1);
  g_autofree char *tokens = g_build_filename (dir, "config", "helpdesk", "tokens", NULL);
  g_auto(HdTestRun) by_address = { 0 };
  g_auto(HdTestRun) by_name = { 0 };

  hd_test_cli_run (&by_address, dir, NULL, "secret-password\n", "login", "--server", server, "--user", "tomasz", NULL);
  g_assert_cmpint (by_address.status, ==, 1);
  g_assert_nonnull (strstr (by_address.err, "cannot sign in: the server’s certificate is not valid: it is not signed "
                                            "by an authority this computer trusts"));
  /* made out for 127.0.0.1, not for localhost */
  hd_test_cli_run (&by_name, dir, NULL, "secret-password\n", "login", "--server", localhost, "--user", "tomasz", NULL);
  g_assert_cmpint (by_name.status, ==, 1);
  g_assert_nonnull (strstr (by_name.err, "the server’s certificate is not valid: it was made out for another address"));
  g_assert_false (g_file_test (tokens, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status, result;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("helpdesk-tls-XXXXXX", &error);
  g_assert_no_error (error);
  cert = g_build_filename (dir, "cert.pem", NULL);
  key = g_build_filename (dir, "key.pem", NULL);
  make_certificate ();
  start_server ();

  g_test_add_func ("/server-tls/refused-by-default", test_refused_by_default);
  g_test_add_func ("/server-tls/trusted", test_trusted);
  g_test_add_func ("/server-tls/client-checks", test_client_checks);
  g_test_add_func ("/server-tls/cli-refuses", test_cli_refuses);
  result = g_test_run ();

  kill (pid, SIGTERM);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  return result;
}

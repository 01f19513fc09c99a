/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "hd-test-server.h"

/* A bearer token is as good as a password: it must never be written
 * where others read. helpdesk-cli signs in, works, fails in every way it
 * can (no server, a refused change, a revoked token, bad arguments), and
 * the API is sent requests that fail, with real and forged tokens; the
 * server runs with every debug message on. Then no token appears in the
 * CLI's output or errors, in an answer of the server, in the server's
 * log, in the client's cache or settings, or in the server's database
 * (which keeps hashes); and the token file is its owner's alone. */

static HdTestServer *server;
static char *home;
static GString *said;              /* everything the programs said */

static void
cli (const char *input,
     const char *first,
     ...)
{
  g_auto(HdTestRun) run = { 0 };
  va_list ap;

  va_start (ap, first);
  hd_test_cli_run_valist (&run, home, NULL, input, first, ap);
  va_end (ap);
  g_string_append_printf (said, "%s%s", run.out, run.err);
}

static void
request (const char *method,
         const char *path,
         const char *token,
         const char *content_type,
         const char *body,
         const char *if_match)
{
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;
  g_autoptr(HdTestReply) reply = hd_test_request_full (server, method, path, token, content_type, bytes, if_match);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  if (reply->body != NULL)
    {
      g_autofree char *text = json_to_string (reply->body, FALSE);

      g_string_append_printf (said, "%u %s\n", reply->status, text);
    }
  soup_message_headers_iter_init (&iter, reply->headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (said, "%s: %s\n", name, value);
}

static char *
file_text (const char *path)
{
  char *text = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &text, &length, NULL))
    return g_strdup ("");
  /* binary files: NULs would end the search early */
  for (gsize i = 0; i < length; i++)
    if (text[i] == '\0')
      text[i] = ' ';
  return text;
}

/* The token the command line keeps in its file. */
static char *
cli_token (void)
{
  g_autofree char *path = g_build_filename (home, "config", "helpdesk", "tokens", NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_auto(GStrv) groups = NULL;
  g_auto(GStrv) keys = NULL;
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL));
  groups = g_key_file_get_groups (file, NULL);
  g_assert_nonnull (groups[0]);
  keys = g_key_file_get_keys (file, groups[0], NULL, NULL);
  g_assert_nonnull (keys[0]);
  return g_key_file_get_string (file, groups[0], keys[0], NULL);
}

static void
assert_nowhere (const char *secret,
                const char *what)
{
  g_autofree char *cache = hd_test_cli_cache_path (home, server->base, "tomasz");
  g_autofree char *wal = g_strconcat (cache, "-wal", NULL);
  g_autofree char *settings = g_build_filename (home, "config", "helpdesk", "cli.ini", NULL);
  g_autofree char *server_wal = g_strconcat (server->db, "-wal", NULL);
  const char *places[] = { cache, wal, settings, server->db, server_wal };
  g_autofree char *log = hd_test_server_log (server);

  g_test_message ("looking for %s", what);
  g_assert_cmpuint (strlen (secret), >=, 16);
  g_assert_null (strstr (said->str, secret));
  g_assert_null (strstr (log, secret));
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_autofree char *text = file_text (places[i]);

      if (strstr (text, secret) != NULL)
        g_error ("%s is in %s", what, places[i]);
    }
}

static void
test_never_told (void)
{
  g_autofree char *url = g_strndup (server->base, strlen (server->base) - strlen ("api/v1"));
  g_autofree char *api_token = hd_test_server_sign_in (server, "tomasz", "correct-horse-battery-staple");
  g_autofree char *requester = hd_test_server_sign_in (server, "frontdesk", "front-pass");
  g_autofree char *nonce = g_uuid_string_random ();
  g_autofree char *forged = g_strdup_printf ("forged-%s", nonce);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *ticket = hd_test_new_ticket_json (id, "few", "blocked");
  g_autofree char *path = g_strdup_printf ("/tickets/%s", id);
  g_autofree char *token = NULL;

  /* the command line, working and failing */
  cli ("wrong\n", "login", "--server", url, "--user", "tomasz", NULL);
  cli ("correct-horse-battery-staple\n", "login", "--server", url, "--user", "tomasz", NULL);
  token = cli_token ();
  cli (NULL, "sync", NULL);
  cli (NULL, "submit", "--subject", "Printer offline", "--description", "Room 4.", "--location", "Lincoln Elementary",
       "--topic", "network", "--scope", "few", "--effect", "workaround", "--requester-name", "Ms. Rivera", NULL);
  cli (NULL, "submit", "--subject", "", NULL);
  cli (NULL, "list", "--queue", "all", "--json", NULL);
  cli (NULL, "show", "HD-1", "--json", NULL);
  cli (NULL, "status", "HD-1", "closed", NULL);
  hd_test_server_pause (server);
  cli (NULL, "comment", "HD-1", "--body", "Rebooted it.", NULL);
  cli (NULL, "sync", NULL);
  hd_test_server_resume (server, FALSE);
  cli (NULL, "sync", "--no-such-option", NULL);
  cli (NULL, "conflicts", NULL);

  /* the API, failing with real and forged tokens */
  request ("POST", "/tickets", api_token, "application/json", ticket, NULL);
  request ("GET", "/tickets/3f1c2b7e-1111-4a2b-9c3d-00000000dead", api_token, NULL, NULL, NULL);
  request ("PATCH", path, api_token, "application/json", "{\"status\": \"resolved\"}", NULL);
  request ("PATCH", path, api_token, "application/json", "{\"status\": \"resolved\"}", "\"1\"");
  request ("PATCH", path, api_token, "application/json", "{\"status\": \"new\"}", "\"9\"");
  request ("POST", "/tickets", api_token, "text/plain", "hello", NULL);
  request ("POST", "/tickets", api_token, "application/json", "{\"subject\": ", NULL);
  request ("GET", "/users", requester, NULL, NULL, NULL);
  request ("PUT", "/tickets", api_token, "application/json", "{}", NULL);
  request ("GET", "/changes?after=nonsense", api_token, NULL, NULL, NULL);
  request ("GET", "/me", forged, NULL, NULL, NULL);

  /* the command line's token revoked elsewhere: it must sign in again */
  request ("DELETE", "/session", token, NULL, NULL, NULL);
  cli (NULL, "sync", NULL);
  g_assert_nonnull (strstr (said->str, "the token is not valid; sign in again"));
  cli (NULL, "logout", NULL);

  /* all of it was heard */
  g_assert_nonnull (strstr (said->str, "Signed in as tomasz"));
  g_assert_nonnull (strstr (said->str, "\"code\":\"precondition_required\""));
  assert_nowhere (token, "the command line's token");
  assert_nowhere (api_token, "a technician's token");
  assert_nowhere (requester, "a requester's token");
  assert_nowhere (forged, "a forged token");
  assert_nowhere ("correct-horse-battery-staple", "the password");
}

int
main (int argc, char **argv)
{
  g_autofree char *plan = g_build_filename (g_getenv ("HD_SOURCE_DIR"), "data", "plans", "example-district.plan", NULL);
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  home = g_dir_make_tmp ("helpdesk-secrecy-XXXXXX", &error);
  g_assert_no_error (error);
  said = g_string_new (NULL);
  /* the server and the command line say all they can; this program's
   * own debug messages go to standard error, away from TAP */
  g_log_writer_default_set_use_stderr (TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  server = hd_test_server_start (plan);
  hd_test_server_add_user (server, "tomasz", "technician", "correct-horse-battery-staple");
  hd_test_server_add_user (server, "frontdesk", "requester", "front-pass");

  g_test_add_func ("/token-secrecy/never-told", test_never_told);

  status = g_test_run ();
  hd_test_server_stop (server);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", home);

    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  g_string_free (said, TRUE);
  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cli"

#include "config.h"

#include <stdio.h>
#include <termios.h>
#include <unistd.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "hd-cli.h"
#include "hd-credentials.h"
#include "hd-json.h"

/* Who the command line is signed in as: the server and user name in
 * $XDG_CONFIG_HOME/helpdesk/cli.ini, the token where hd-credentials keeps
 * it, the tickets in that account's cache. */

static char *
config_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "helpdesk", "cli.ini", NULL);
}

void
hd_cli_account_free (HdCliAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->server);
  g_free (account->username);
  g_clear_object (&account->client);
  g_clear_object (&account->cache);
  g_clear_object (&account->plan);
  g_free (account->me);
  g_free (account);
}

static HdPlan *
cached_plan (HdCache *cache)
{
  g_autofree char *text = hd_cache_get_meta (cache, "plan");
  g_autoptr(JsonNode) node = text != NULL ? hd_json_parse (text, strlen (text), G_MAXSIZE, NULL) : NULL;

  return node != NULL ? hd_plan_new_from_json (node, NULL) : NULL;
}

/* The signed-in account, or NULL after saying why (exit status in
 * *status). Works offline: only the cache and the token are read. */
HdCliAccount *
hd_cli_account_open (int *status)
{
  g_autoptr(GKeyFile) config = g_key_file_new ();
  g_autofree char *path = config_path ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *cache_path = NULL;
  HdCliAccount *account;

  if (!g_key_file_load_from_file (config, path, G_KEY_FILE_NONE, NULL))
    {
      *status = hd_cli_usage_error (_("not signed in: run “helpdesk-cli login --server URL --user NAME” first"));
      return NULL;
    }
  account = g_new0 (HdCliAccount, 1);
  account->server = g_key_file_get_string (config, "Session", "Server", NULL);
  account->username = g_key_file_get_string (config, "Session", "User", NULL);
  if (account->server == NULL || account->username == NULL ||
      (account->client = hd_client_new (account->server, &error)) == NULL)
    {
      *status = hd_cli_usage_error (_("%s is damaged; sign in again"), path);
      hd_cli_account_free (account);
      return NULL;
    }
  token = hd_credentials_load (account->server, account->username, &error);
  if (error != NULL)
    {
      *status = hd_cli_usage_error ("%s", error->message);
      hd_cli_account_free (account);
      return NULL;
    }
  hd_client_set_token (account->client, token);
  cache_path = hd_cache_path_for (account->server, account->username);
  account->cache = hd_cache_open (cache_path, &error);
  if (account->cache == NULL)
    {
      *status = hd_cli_failure ("%s", error->message);
      hd_cli_account_free (account);
      return NULL;
    }
  account->plan = cached_plan (account->cache);
  account->me = hd_cache_get_meta (account->cache, "role");
  return account;
}

/* From standard input when it is not a terminal; otherwise asked for,
 * without echo. */
static char *
read_password (void)
{
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  char line[1024];

  if (tty)
    {
      fprintf (stderr, "%s", _("Password: "));
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }
  if (fgets (line, sizeof line, stdin) == NULL)
    line[0] = '\0';
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      fputc ('\n', stderr);
    }
  g_strchomp (line);
  return g_strdup (line);
}

/* Keeps what the client needs offline: who we are and the plan. */
static gboolean
remember_server (HdClient  *client,
                 HdCache   *cache,
                 GError   **error)
{
  g_autoptr(JsonNode) me = hd_client_request (client, "GET", "/me", NULL, 30, NULL, error);
  g_autoptr(JsonNode) plan = NULL;
  g_autofree char *me_text = NULL, *plan_text = NULL;
  const char *role = NULL;

  if (me == NULL)
    return FALSE;
  plan = hd_client_request (client, "GET", "/plan", NULL, 30, NULL, error);
  if (plan == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (me) ||
      !hd_json_get_string (json_node_get_object (me), "role", HD_JSON_REQUIRED, 32, &role, error))
    return FALSE;
  me_text = hd_json_to_string (me);
  plan_text = hd_json_to_string (plan);
  return hd_cache_set_meta (cache, "me", me_text, error) &&
         hd_cache_set_meta (cache, "role", role, error) &&
         hd_cache_set_meta (cache, "plan", plan_text, error);
}

int
hd_cli_login (int    argc,
              char **argv)
{
  g_autofree char *server = NULL, *user = NULL;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("The help desk server"), N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Your user name"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(HdClient) client = NULL;
  g_autoptr(HdCache) cache = NULL;
  g_autoptr(JsonNode) body = NULL, answer = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) config = g_key_file_new ();
  g_autofree char *password = NULL, *path = NULL, *cache_path = NULL, *dir = NULL;
  const char *token = NULL;
  HdCredentialsPlace place;
  int status;

  status = hd_cli_parse (&argc, &argv, "", _("Signs in; the password is read from standard input or asked for."),
                         entries);
  if (status != HD_CLI_OK)
    return status;
  if (server == NULL || user == NULL)
    return hd_cli_usage_error (_("login needs --server and --user"));
  client = hd_client_new (server, &error);
  if (client == NULL)
    return hd_cli_usage_error ("--server: %s", error->message);

  password = read_password ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, user);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  answer = hd_client_request (client, "POST", "/session", body, 60, NULL, &error);
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer) ||
      !hd_json_get_string (json_node_get_object (answer), "token", HD_JSON_REQUIRED, 512, &token, NULL))
    return hd_cli_failure (_("cannot sign in: %s"), error != NULL ? error->message : _("the server’s answer is not valid"));
  hd_client_set_token (client, token);

  if (!hd_credentials_save (hd_client_get_server (client), user, token, &place, &error))
    return hd_cli_failure (_("cannot keep the token: %s"), error->message);
  cache_path = hd_cache_path_for (hd_client_get_server (client), user);
  cache = hd_cache_open (cache_path, &error);
  if (cache == NULL || !remember_server (client, cache, &error))
    return hd_cli_failure ("%s", error->message);

  path = config_path ();
  dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0700);
  g_key_file_set_string (config, "Session", "Server", hd_client_get_server (client));
  g_key_file_set_string (config, "Session", "User", user);
  if (!g_key_file_save_to_file (config, path, &error))
    return hd_cli_failure ("%s", error->message);

  printf (_("Signed in as %s on %s.\n"), user, hd_client_get_server (client));
  if (place == HD_CREDENTIALS_FILE)
    printf (_("No keyring answered: the token is kept in a file only you can read (%s/helpdesk/tokens).\n"),
            g_get_user_config_dir ());
  return HD_CLI_OK;
}

int
hd_cli_logout (int    argc,
               char **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(HdCliAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *path = config_path ();
  int status = hd_cli_parse (&argc, &argv, "", _("Signs out and forgets the token."), entries);

  if (status != HD_CLI_OK || (account = hd_cli_account_open (&status)) == NULL)
    return status;
  /* the server forgets the token too when it can be reached */
  answer = hd_client_request (account->client, "DELETE", "/session", NULL, 10, NULL, NULL);
  if (!hd_credentials_forget (account->server, account->username, &error))
    return hd_cli_failure ("%s", error->message);
  g_unlink (path);
  printf (_("Signed out of %s.\n"), account->server);
  return HD_CLI_OK;
}

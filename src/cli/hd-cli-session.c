/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cli"

#include "config.h"

#include <stdio.h>
#include <termios.h>
#include <unistd.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "hd-account.h"
#include "hd-cli.h"
#include "hd-credentials.h"

/* Who the command line is signed in as: the server and user name in
 * $XDG_CONFIG_HOME/helpdesk/cli.ini; the rest is the HdAccount the app
 * opens too (token, cache, who the user is, the plan). */

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

/* The signed-in account, or NULL after saying why (exit status in
 * *status). Works offline: only the cache and the token are read. */
HdCliAccount *
hd_cli_account_open (int *status)
{
  g_autoptr(GKeyFile) config = g_key_file_new ();
  g_autofree char *path = config_path ();
  g_autofree char *server = NULL, *username = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HdAccount) opened = NULL;
  HdCliAccount *account;

  if (!g_key_file_load_from_file (config, path, G_KEY_FILE_NONE, NULL))
    {
      *status = hd_cli_usage_error (_("not signed in: run “helpdesk-cli login --server URL --user NAME” first"));
      return NULL;
    }
  server = g_key_file_get_string (config, "Session", "Server", NULL);
  username = g_key_file_get_string (config, "Session", "User", NULL);
  if (server == NULL || username == NULL)
    {
      *status = hd_cli_usage_error (_("%s is damaged; sign in again"), path);
      return NULL;
    }
  opened = hd_account_open (server, username, &error);
  if (opened == NULL)
    {
      /* a cache that cannot be opened is a failure; anything else needs a new sign-in */
      if (error->domain == HD_CLIENT_ERROR || error->domain == G_URI_ERROR)
        *status = hd_cli_usage_error ("%s", error->message);
      else
        *status = hd_cli_failure ("%s", error->message);
      return NULL;
    }
  account = g_new0 (HdCliAccount, 1);
  account->server = g_strdup (hd_account_get_server (opened));
  account->username = g_strdup (hd_account_get_username (opened));
  account->client = g_object_ref (hd_account_get_client (opened));
  account->cache = g_object_ref (hd_account_get_cache (opened));
  account->plan = hd_account_get_plan (opened) != NULL ? g_object_ref (hd_account_get_plan (opened)) : NULL;
  account->me = g_strdup (hd_role_to_string (hd_account_get_role (opened)));
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
  g_autoptr(HdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) config = g_key_file_new ();
  g_autofree char *password = NULL, *path = NULL, *dir = NULL;
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
  account = hd_account_sign_in (server, user, password, &error);
  memset (password, 0, strlen (password));
  if (account == NULL)
    return hd_cli_failure (_("cannot sign in: %s"), error->message);

  path = config_path ();
  dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0700);
  g_key_file_set_string (config, "Session", "Server", hd_account_get_server (account));
  g_key_file_set_string (config, "Session", "User", user);
  if (!g_key_file_save_to_file (config, path, &error))
    return hd_cli_failure ("%s", error->message);

  printf (_("Signed in as %s on %s.\n"), user, hd_account_get_server (account));
  if (hd_account_get_token_place (account) == HD_CREDENTIALS_FILE)
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

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <sodium.h>

#include "hd-server-demo.h"
#include "hd-server-private.h"

/* helpdesk-server serve | user add | demo. Exit 0 on success, 1 when the
 * work failed, 2 for bad arguments. */

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "helpdesk-server: %s\n", message);
  return 2;
}

static int
failure (const GError *error)
{
  fprintf (stderr, "helpdesk-server: %s\n", error->message);
  return 1;
}

static gboolean
parse_options (int          *argc,
               char       ***argv,
               const char   *parameter,
               const char   *summary,
               GOptionEntry *entries,
               int          *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;
  *status = usage_error ("%s", error->message);
  return FALSE;
}

static HdPlan *
load_plan (const char *path,
           int        *status)
{
  g_autoptr(GError) error = NULL;
  HdPlan *plan = hd_plan_load (path, HD_PLAN_SCOPE_FULL, NULL, &error);

  if (plan == NULL)
    *status = failure (error);
  return plan;
}

static gboolean
split_listen (const char  *listen,
              char       **host,
              guint16     *port)
{
  const char *colon = strrchr (listen, ':');
  guint64 value;

  if (colon == NULL || colon == listen)
    return FALSE;
  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &value, NULL))
    return FALSE;
  *host = g_strndup (listen, colon - listen);
  if (**host == '[' && (*host)[strlen (*host) - 1] == ']')
    {
      char *inner = g_strndup (*host + 1, strlen (*host) - 2);

      g_free (*host);
      *host = inner;
    }
  *port = value;
  return TRUE;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
serve (int    argc,
       char **argv)
{
  g_autofree char *plan_path = NULL, *db = NULL, *listen = NULL, *cert = NULL, *key = NULL, *sendmail = NULL;
  GOptionEntry entries[] = {
    { "plan", 0, 0, G_OPTION_ARG_FILENAME, &plan_path, "The district's help desk plan", "PLAN" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The server's SQLite database (created if missing)", "DB" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address and port; port 0 picks a free one", "HOST:PORT" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, "PEM certificate: serve HTTPS", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key, "PEM private key of the certificate", "FILE" },
    { "sendmail", 0, 0, G_OPTION_ARG_FILENAME, &sendmail, "Mail with this sendmail (-t); none by default", "PATH" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(HdPlan) plan = NULL;
  g_autoptr(HdServerStore) store = NULL;
  g_autoptr(HdServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *uri = NULL;
  guint16 port;
  int status = 0;

  if (!parse_options (&argc, &argv, "", "Serves the help desk's REST API.", entries, &status))
    return status;
  if (plan_path == NULL || db == NULL || listen == NULL)
    return usage_error ("serve needs --plan, --db and --listen");
  if (!split_listen (listen, &host, &port))
    return usage_error ("--listen: “%s” is not HOST:PORT", listen);
  if ((cert == NULL) != (key == NULL))
    return usage_error ("--tls-cert and --tls-key go together");
  if (cert != NULL && (certificate = g_tls_certificate_new_from_files (cert, key, &error)) == NULL)
    return failure (error);
  if ((plan = load_plan (plan_path, &status)) == NULL)
    return status;
  if ((store = hd_server_store_open (db, &error)) == NULL)
    return failure (error);

  /* before anyone learns where we listen, so a SIGTERM is always clean */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);

  server = hd_server_new (plan, store, sendmail);
  if (!hd_server_listen (server, host, port, certificate, &uri, &error))
    return failure (error);
  printf ("Listening on %s\n", uri);
  fflush (stdout);
  g_main_loop_run (loop);
  hd_server_shutdown (server);
  return 0;
}

static char *
read_password (int *status)
{
  g_autoptr(GString) line = g_string_new (NULL);
  int c;

  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, c);
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  if (line->len == 0)
    {
      *status = usage_error ("--password-stdin: standard input has no password");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static int
user_add (int    argc,
          char **argv)
{
  g_autofree char *db = NULL, *role = NULL, *name = NULL, *email = NULL;
  gboolean password_stdin = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The server's database", "DB" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, "requester, technician, supervisor or admin", "ROLE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The user's full name", "NAME" },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, "The user's mail address", "EMAIL" },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, "Read the password from standard input", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(HdServerStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  HdServerUser user = { 0 };
  int status = 0;

  if (!parse_options (&argc, &argv, "USERNAME", "Adds a user, or updates one that exists.", entries, &status))
    return status;
  if (argc != 2 || db == NULL || role == NULL || name == NULL || email == NULL || !password_stdin)
    return usage_error ("user add needs USERNAME, --db, --role, --name, --email and --password-stdin");
  if (!hd_role_from_string (role, &user.role))
    return usage_error ("--role: “%s” is not requester, technician, supervisor or admin", role);
  if (*argv[1] == '\0' || strpbrk (argv[1], " \t\r\n/") != NULL)
    return usage_error ("“%s” is not a user name", argv[1]);
  if ((password = read_password (&status)) == NULL)
    return status;
  if ((store = hd_server_store_open (db, &error)) == NULL)
    return failure (error);

  user.username = argv[1];
  user.name = name;
  user.email = email;
  user.password_hash = _hd_password_hash (password, &error);
  sodium_memzero (password, strlen (password));
  if (user.password_hash == NULL || !hd_server_store_add_user (store, &user, &error))
    return failure (error);
  g_free (user.password_hash);
  printf ("%s (%s) can sign in.\n", argv[1], role);
  return 0;
}

static int
demo (int    argc,
      char **argv)
{
  g_autofree char *db = NULL, *plan_path = NULL;
  gint tickets = 200, seed = 1;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database to fill (created if missing)", "DB" },
    { "plan", 0, 0, G_OPTION_ARG_FILENAME, &plan_path, "The district's help desk plan", "PLAN" },
    { "tickets", 0, 0, G_OPTION_ARG_INT, &tickets, "How many tickets", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "The same seed gives the same district", "S" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(HdPlan) plan = NULL;
  g_autoptr(HdServerStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!parse_options (&argc, &argv, "", "Fills a database with a ready demo district.", entries, &status))
    return status;
  if (db == NULL || plan_path == NULL)
    return usage_error ("demo needs --db and --plan");
  if (tickets < 0)
    return usage_error ("--tickets must be zero or more");
  if ((plan = load_plan (plan_path, &status)) == NULL)
    return status;
  if ((store = hd_server_store_open (db, &error)) == NULL)
    return failure (error);
  if (!hd_server_demo_fill (store, plan, tickets, seed, &error))
    return failure (error);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (sodium_init () < 0)
    {
      fprintf (stderr, "helpdesk-server: libsodium could not start\n");
      return 1;
    }

  if (argc >= 2 && g_str_equal (argv[1], "serve"))
    return serve (argc - 1, argv + 1);
  if (argc >= 3 && g_str_equal (argv[1], "user") && g_str_equal (argv[2], "add"))
    return user_add (argc - 2, argv + 2);
  if (argc >= 2 && g_str_equal (argv[1], "demo"))
    return demo (argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      printf ("Usage:\n"
              "  helpdesk-server serve --plan PLAN --db DB --listen HOST:PORT [--tls-cert FILE --tls-key FILE]"
              " [--sendmail PATH]\n"
              "  helpdesk-server user add USERNAME --db DB --role ROLE --name NAME --email EMAIL --password-stdin\n"
              "  helpdesk-server demo --db DB --plan PLAN --tickets N [--seed S]\n");
      return 0;
    }
  return usage_error ("unknown command; see helpdesk-server --help");
}

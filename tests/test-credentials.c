/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "hd-credentials.h"

#define SERVER "https://helpdesk.district.example/"
#define OTHER_SERVER "https://helpdesk.other-district.example/"
#define TOKEN "hd_tok_4b1c0e9f27a8d6e3"

/* Each test gets its own XDG_CONFIG_HOME; the environment it changes is
 * put back afterwards, so the keyring run (see credentials-keyring.sh)
 * still finds its bus. */
typedef struct {
  char *dir;
  char *path;
  char *saved_bus;
  char *saved_runtime;
  char *saved_display;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* @data is the HELPDESK_CREDENTIALS value, NULL for the automatic choice. */
static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hd-credentials-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "helpdesk", "tokens", NULL);
  f->saved_bus = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  f->saved_runtime = g_strdup (g_getenv ("XDG_RUNTIME_DIR"));
  f->saved_display = g_strdup (g_getenv ("DISPLAY"));
  g_setenv ("XDG_CONFIG_HOME", f->dir, TRUE);
  if (data != NULL)
    g_setenv ("HELPDESK_CREDENTIALS", data, TRUE);
  else
    g_unsetenv ("HELPDESK_CREDENTIALS");
}

static void
restore_env (const char *name,
             const char *value)
{
  if (value != NULL)
    g_setenv (name, value, TRUE);
  else
    g_unsetenv (name);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  restore_env ("DBUS_SESSION_BUS_ADDRESS", f->saved_bus);
  restore_env ("XDG_RUNTIME_DIR", f->saved_runtime);
  restore_env ("DISPLAY", f->saved_display);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->saved_bus);
  g_free (f->saved_runtime);
  g_free (f->saved_display);
}

static void
assert_token (const char *server,
              const char *username,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = hd_credentials_load (server, username, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, expected);
}

static void
save (const char         *server,
      const char         *username,
      const char         *token,
      HdCredentialsPlace  expected_place)
{
  g_autoptr(GError) error = NULL;
  HdCredentialsPlace place = -1;

  g_assert_true (hd_credentials_save (server, username, token, &place, &error));
  g_assert_no_error (error);
  g_assert_cmpint (place, ==, expected_place);
}

static void
forget (const char *server,
        const char *username)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hd_credentials_forget (server, username, &error));
  g_assert_no_error (error);
}

static guint
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

/* The file */

static void
test_file_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  save (SERVER, "marcus", TOKEN, HD_CREDENTIALS_FILE);
  assert_token (SERVER, "marcus", TOKEN);
  save (SERVER, "marcus", "hd_tok_replaced", HD_CREDENTIALS_FILE);
  assert_token (SERVER, "marcus", "hd_tok_replaced");
  forget (SERVER, "marcus");
  assert_token (SERVER, "marcus", NULL);
  /* The last token gone, so is the file. */
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  forget (SERVER, "marcus");
}

static void
test_file_apart (Fixture       *f,
                 gconstpointer  data)
{
  save (SERVER, "marcus", "hd_tok_marcus", HD_CREDENTIALS_FILE);
  save (SERVER, "rivera", "hd_tok_rivera", HD_CREDENTIALS_FILE);
  save (OTHER_SERVER, "marcus", "hd_tok_marcus_other", HD_CREDENTIALS_FILE);
  assert_token (SERVER, "marcus", "hd_tok_marcus");
  assert_token (SERVER, "rivera", "hd_tok_rivera");
  assert_token (OTHER_SERVER, "marcus", "hd_tok_marcus_other");
  assert_token (OTHER_SERVER, "rivera", NULL);

  forget (SERVER, "marcus");
  assert_token (SERVER, "marcus", NULL);
  assert_token (SERVER, "rivera", "hd_tok_rivera");
  assert_token (OTHER_SERVER, "marcus", "hd_tok_marcus_other");
}

static void
test_file_modes (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  mode_t old_umask = umask (0);

  save (SERVER, "marcus", TOKEN, HD_CREDENTIALS_FILE);
  g_assert_cmpuint (mode_of (f->path), ==, 0600);
  g_assert_cmpuint (mode_of (dir), ==, 0700);
  save (OTHER_SERVER, "marcus", TOKEN, HD_CREDENTIALS_FILE);
  g_assert_cmpuint (mode_of (f->path), ==, 0600);
  umask (old_umask);
}

static void
test_file_too_open (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  HdCredentialsPlace place;

  save (SERVER, "marcus", TOKEN, HD_CREDENTIALS_FILE);
  save (SERVER, "rivera", "hd_tok_rivera", HD_CREDENTIALS_FILE);
  g_assert_cmpint (g_chmod (f->path, 0644), ==, 0);

  token = hd_credentials_load (SERVER, "marcus", &error);
  g_assert_null (token);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_null (strstr (error->message, TOKEN));
  g_clear_error (&error);

  g_assert_false (hd_credentials_save (SERVER, "marcus", "hd_tok_new", &place, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* Forgetting still works, and leaves the rest of the file private. */
  forget (SERVER, "marcus");
  g_assert_cmpuint (mode_of (f->path), ==, 0600);
  assert_token (SERVER, "rivera", "hd_tok_rivera");
}

static void
test_file_nothing (Fixture       *f,
                   gconstpointer  data)
{
  assert_token (SERVER, "marcus", NULL);
  forget (SERVER, "marcus");
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  save (SERVER, "rivera", TOKEN, HD_CREDENTIALS_FILE);
  assert_token (SERVER, "marcus", NULL);
  assert_token (OTHER_SERVER, "rivera", NULL);
  forget (SERVER, "marcus");
  assert_token (SERVER, "rivera", TOKEN);
}

/* Brackets, "=", "#", spaces and line breaks must neither break the file
 * nor let one entry read as another. */
static void
test_file_odd_strings (Fixture       *f,
                       gconstpointer  data)
{
  const char *server = "https://[::1]:8443/";
  const char *odd_user = "#a=b [c] ";
  const char *token = " hd tok\nwith\tbreaks\\ ";

  save (server, odd_user, token, HD_CREDENTIALS_FILE);
  save (server, "#a", "hd_tok_plain", HD_CREDENTIALS_FILE);
  assert_token (server, odd_user, token);
  assert_token (server, "#a", "hd_tok_plain");
  assert_token (server, "#a=b", NULL);
  forget (server, odd_user);
  assert_token (server, odd_user, NULL);
  assert_token (server, "#a", "hd_tok_plain");
}

static void
test_file_damaged (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents_full (f->path, "[" SERVER "]\n" TOKEN "\n", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  token = hd_credentials_load (SERVER, "marcus", &error);
  g_assert_null (token);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (strstr (error->message, TOKEN));
}

static gpointer
save_in_thread (gpointer data)
{
  const char *username = data;

  for (guint i = 0; i < 20; i++)
    save (SERVER, username, username, HD_CREDENTIALS_FILE);
  return NULL;
}

/* Worker threads save at once; the file's read-change-write is not
 * allowed to lose one of them. */
static void
test_file_threads (Fixture       *f,
                   gconstpointer  data)
{
  const char *users[] = { "u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7" };
  GThread *threads[G_N_ELEMENTS (users)];

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    threads[i] = g_thread_new ("save", save_in_thread, (gpointer) users[i]);
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    g_thread_join (threads[i]);
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    assert_token (SERVER, users[i], users[i]);
}

/* The path is worked out at each call, not cached. */
static void
test_file_follows_env (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *elsewhere = g_build_filename (f->dir, "elsewhere", NULL);

  save (SERVER, "marcus", TOKEN, HD_CREDENTIALS_FILE);
  g_setenv ("XDG_CONFIG_HOME", elsewhere, TRUE);
  assert_token (SERVER, "marcus", NULL);
  g_setenv ("XDG_CONFIG_HOME", f->dir, TRUE);
  assert_token (SERVER, "marcus", TOKEN);
}

static void
test_bad_mode (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HdCredentialsPlace place;

  g_assert_false (hd_credentials_save (SERVER, "marcus", TOKEN, &place, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

/* Falling back to the file */

static void
assert_quick_file_round_trip (void)
{
  gint64 start = g_get_monotonic_time ();

  save (SERVER, "marcus", TOKEN, HD_CREDENTIALS_FILE);
  assert_token (SERVER, "marcus", TOKEN);
  forget (SERVER, "marcus");
  assert_token (SERVER, "marcus", NULL);
  /* Nothing waited for a bus or a D-Bus timeout (25 s): a bound far from
   * how long the file takes on any machine */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 12 * G_USEC_PER_SEC);
}

/* No address and no $XDG_RUNTIME_DIR/bus: an X display (forwarded over
 * SSH, say) must not lead to autolaunching a bus. */
static void
test_fallback_no_bus (Fixture       *f,
                      gconstpointer  data)
{
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_setenv ("XDG_RUNTIME_DIR", f->dir, TRUE);
  g_setenv ("DISPLAY", ":99", TRUE);
  assert_quick_file_round_trip ();
  g_unsetenv ("XDG_RUNTIME_DIR");
  assert_quick_file_round_trip ();
}

static void
test_fallback_dead_bus (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *address = g_strdup_printf ("unix:path=%s/no-such-bus", f->dir);

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  assert_quick_file_round_trip ();
}

/* A real bus on which nothing provides org.freedesktop.secrets. */
static void
test_fallback_no_service (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");
  g_autoptr(GTestDBus) bus = NULL;

  if (daemon == NULL)
    {
      g_test_skip ("dbus-daemon is not installed");
      return;
    }
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  assert_quick_file_round_trip ();
  secret_service_disconnect ();
  g_test_dbus_down (bus);
}

static const char stuck_service_xml[] =
  "<node><interface name='org.freedesktop.Secret.Service'>"
  "<property name='Collections' type='ao' access='read'/>"
  "</interface></node>";

static GVariant *
stuck_get_property (GDBusConnection  *connection,
                    const char       *sender,
                    const char       *path,
                    const char       *interface,
                    const char       *property,
                    GError          **error,
                    gpointer          data)
{
  g_assert_not_reached ();
}

static const GDBusInterfaceVTable stuck_vtable = { NULL, stuck_get_property, NULL, { NULL } };

/* A Secret Service that holds the name but whose main loop never runs:
 * its object is registered in a context nobody iterates, while GDBus's
 * worker thread would still answer a ping. The save must give up on it
 * after the probe's timeout, not libsecret's 25 s per call. */
static void
test_fallback_stuck_service (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");
  g_autoptr(GTestDBus) bus = NULL;
  g_autoptr(GMainContext) never_run = g_main_context_new ();
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autoptr(GDBusConnection) service = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint id;
  gint64 start;

  if (daemon == NULL)
    {
      g_test_skip ("dbus-daemon is not installed");
      return;
    }
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  node = g_dbus_node_info_new_for_xml (stuck_service_xml, &error);
  g_assert_no_error (error);
  service = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                                    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                    NULL, NULL, &error);
  g_assert_no_error (error);
  g_main_context_push_thread_default (never_run);
  id = g_dbus_connection_register_object (service, "/org/freedesktop/secrets", node->interfaces[0],
                                          &stuck_vtable, NULL, NULL, &error);
  g_main_context_pop_thread_default (never_run);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (service, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.secrets", 0),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  save (SERVER, "marcus", TOKEN, HD_CREDENTIALS_FILE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);

  g_dbus_connection_unregister_object (service, id);
  g_dbus_connection_close_sync (service, NULL, NULL);
  /* Had libsecret been reached, its service would hold the bus open. */
  secret_service_disconnect ();
  g_test_dbus_down (bus);
}

/* The keyring, when HD_TEST_KEYRING says one is running */

static const SecretSchema token_schema = {
  "org.helpdesk.HelpDesk.Token", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static void
assert_in_keyring (const char *server,
                   const char *username,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_sync (&token_schema, NULL, &error,
                                             "server", server, "username", username, NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, expected);
  if (token != NULL)
    secret_password_free (token);
}

static void
test_keyring_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  save (SERVER, "marcus", TOKEN, HD_CREDENTIALS_KEYRING);
  assert_in_keyring (SERVER, "marcus", TOKEN);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  assert_token (SERVER, "marcus", TOKEN);
  forget (SERVER, "marcus");
  assert_in_keyring (SERVER, "marcus", NULL);
  assert_token (SERVER, "marcus", NULL);
  forget (SERVER, "marcus");
}

static void
test_keyring_apart (Fixture       *f,
                    gconstpointer  data)
{
  save (SERVER, "marcus", "hd_tok_marcus", HD_CREDENTIALS_KEYRING);
  save (SERVER, "rivera", "hd_tok_rivera", HD_CREDENTIALS_KEYRING);
  save (OTHER_SERVER, "marcus", "hd_tok_marcus_other", HD_CREDENTIALS_KEYRING);
  assert_token (SERVER, "marcus", "hd_tok_marcus");
  assert_token (SERVER, "rivera", "hd_tok_rivera");
  assert_token (OTHER_SERVER, "marcus", "hd_tok_marcus_other");
  forget (SERVER, "marcus");
  assert_token (SERVER, "marcus", NULL);
  assert_token (SERVER, "rivera", "hd_tok_rivera");
  assert_token (OTHER_SERVER, "marcus", "hd_tok_marcus_other");
  forget (SERVER, "rivera");
  forget (OTHER_SERVER, "marcus");
}

/* A token left in the file from a session without a keyring: found
 * there, and removed once the keyring holds a newer one. */
static void
test_keyring_and_file (Fixture       *f,
                       gconstpointer  data)
{
  g_setenv ("HELPDESK_CREDENTIALS", "file", TRUE);
  save (SERVER, "marcus", "hd_tok_old", HD_CREDENTIALS_FILE);
  g_unsetenv ("HELPDESK_CREDENTIALS");
  assert_token (SERVER, "marcus", "hd_tok_old");

  save (SERVER, "marcus", TOKEN, HD_CREDENTIALS_KEYRING);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  assert_token (SERVER, "marcus", TOKEN);

  g_setenv ("HELPDESK_CREDENTIALS", "file", TRUE);
  save (SERVER, "marcus", "hd_tok_old", HD_CREDENTIALS_FILE);
  g_unsetenv ("HELPDESK_CREDENTIALS");
  forget (SERVER, "marcus");
  assert_in_keyring (SERVER, "marcus", NULL);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

static void
test_keyring_forced (Fixture       *f,
                     gconstpointer  data)
{
  save (SERVER, "marcus", TOKEN, HD_CREDENTIALS_KEYRING);
  assert_token (SERVER, "marcus", TOKEN);
  forget (SERVER, "marcus");
  assert_in_keyring (SERVER, "marcus", NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/credentials/file/round-trip", Fixture, "file", setup, test_file_round_trip, teardown);
  g_test_add ("/credentials/file/apart", Fixture, "file", setup, test_file_apart, teardown);
  g_test_add ("/credentials/file/modes", Fixture, "file", setup, test_file_modes, teardown);
  g_test_add ("/credentials/file/too-open", Fixture, "file", setup, test_file_too_open, teardown);
  g_test_add ("/credentials/file/nothing", Fixture, "file", setup, test_file_nothing, teardown);
  g_test_add ("/credentials/file/odd-strings", Fixture, "file", setup, test_file_odd_strings, teardown);
  g_test_add ("/credentials/file/damaged", Fixture, "file", setup, test_file_damaged, teardown);
  g_test_add ("/credentials/file/threads", Fixture, "file", setup, test_file_threads, teardown);
  g_test_add ("/credentials/file/follows-env", Fixture, "file", setup, test_file_follows_env, teardown);
  g_test_add ("/credentials/bad-mode", Fixture, "wallet", setup, test_bad_mode, teardown);
  g_test_add ("/credentials/fallback/no-bus", Fixture, NULL, setup, test_fallback_no_bus, teardown);
  g_test_add ("/credentials/fallback/dead-bus", Fixture, NULL, setup, test_fallback_dead_bus, teardown);
  g_test_add ("/credentials/fallback/no-service", Fixture, NULL, setup, test_fallback_no_service, teardown);
  g_test_add ("/credentials/fallback/stuck-service", Fixture, NULL, setup, test_fallback_stuck_service, teardown);

  /* Only with a Secret Service that needs no prompt, which
   * credentials-keyring.sh starts on a private bus. */
  if (g_strcmp0 (g_getenv ("HD_TEST_KEYRING"), "1") == 0)
    {
      g_test_add ("/credentials/keyring/round-trip", Fixture, NULL, setup, test_keyring_round_trip, teardown);
      g_test_add ("/credentials/keyring/apart", Fixture, NULL, setup, test_keyring_apart, teardown);
      g_test_add ("/credentials/keyring/and-file", Fixture, NULL, setup, test_keyring_and_file, teardown);
      g_test_add ("/credentials/keyring/forced", Fixture, "keyring", setup, test_keyring_forced, teardown);
    }

  return g_test_run ();
}

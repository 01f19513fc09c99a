/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-credentials"

#include "config.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "hd-credentials.h"

typedef enum {
  MODE_AUTO,      /* the keyring when it answers, else the file */
  MODE_KEYRING,   /* HELPDESK_CREDENTIALS=keyring */
  MODE_FILE,      /* HELPDESK_CREDENTIALS=file */
} Mode;

static const SecretSchema token_schema = {
  "org.helpdesk.HelpDesk.Token", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* How long the Secret Service gets to answer a first call, activation
 * included, before we take it for absent. libsecret's own calls wait 25 s
 * for each reply, and an unlock prompt as long as the user takes: those
 * only run once the service has answered. */
#define KEYRING_PROBE_TIMEOUT_MS 5000

/* The file is read, changed and rewritten; threads of one process take
 * turns. Between processes the atomic rename keeps it whole. */
static GMutex file_lock;

/* Choosing the keyring or the file */

/* libsecret takes attributes and secrets as UTF-8 only. */
static gboolean
is_text (const char *text)
{
  return text != NULL && *text != '\0' && g_utf8_validate (text, -1, NULL);
}

static gboolean
get_mode (Mode    *mode,
          GError **error)
{
  const char *value = g_getenv ("HELPDESK_CREDENTIALS");

  if (value == NULL || *value == '\0' || g_str_equal (value, "auto"))
    *mode = MODE_AUTO;
  else if (g_str_equal (value, "keyring"))
    *mode = MODE_KEYRING;
  else if (g_str_equal (value, "file"))
    *mode = MODE_FILE;
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("HELPDESK_CREDENTIALS is “%s”; it must be “file”, “keyring” or “auto”"), value);
      return FALSE;
    }
  return TRUE;
}

/* Without DBUS_SESSION_BUS_ADDRESS, GDBus tries $XDG_RUNTIME_DIR/bus and
 * then autolaunches a bus through X11, which over SSH can spawn a daemon
 * or hang. The same test as GDBus's for the socket, and no autolaunch.
 * The variable is read here, not through g_get_user_runtime_dir (), which
 * keeps its first answer. */
static gboolean
session_bus_configured (void)
{
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");
  g_autofree char *socket_path = NULL;
  GStatBuf st;

  if (address != NULL && *address != '\0')
    return TRUE;
  if (runtime_dir == NULL || !g_path_is_absolute (runtime_dir))
    return FALSE;
  socket_path = g_build_filename (runtime_dir, "bus", NULL);
  return g_stat (socket_path, &st) == 0 && S_ISSOCK (st.st_mode) && st.st_uid == geteuid ();
}

/* TRUE when @error only says that no Secret Service answered, the one
 * case where the file stands in for the keyring. Anything else (a locked
 * keyring whose prompt was dismissed, a refusal, a protocol error) is the
 * user's to see. */
static gboolean
is_unreachable (const GError *error)
{
  if (error->domain == G_SPAWN_ERROR)   /* dbus-launch for autolaunch */
    return TRUE;
  if (error->domain == G_DBUS_ERROR)
    switch (error->code)
      {
      case G_DBUS_ERROR_SERVICE_UNKNOWN:
      case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
      case G_DBUS_ERROR_NO_REPLY:
      case G_DBUS_ERROR_TIMEOUT:
      case G_DBUS_ERROR_TIMED_OUT:
      case G_DBUS_ERROR_NO_SERVER:
      case G_DBUS_ERROR_NO_NETWORK:
      case G_DBUS_ERROR_BAD_ADDRESS:
      case G_DBUS_ERROR_DISCONNECTED:
      case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
      case G_DBUS_ERROR_SPAWN_FORK_FAILED:
      case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
      case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
      case G_DBUS_ERROR_SPAWN_FAILED:
      case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
      case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
      case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
      case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
      case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
      case G_DBUS_ERROR_SPAWN_FILE_INVALID:
      case G_DBUS_ERROR_SPAWN_NO_MEMORY:
        return TRUE;
      default:
        return FALSE;
      }
  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_NOT_FOUND:            /* no socket at the address */
      case G_IO_ERROR_CONNECTION_REFUSED:
      case G_IO_ERROR_CONNECTION_CLOSED:    /* also G_IO_ERROR_BROKEN_PIPE */
      case G_IO_ERROR_CLOSED:
      case G_IO_ERROR_NOT_CONNECTED:
      case G_IO_ERROR_TIMED_OUT:
      case G_IO_ERROR_HOST_UNREACHABLE:
      case G_IO_ERROR_NETWORK_UNREACHABLE:
        return TRUE;
      default:
        return FALSE;
      }
  return FALSE;
}

/* Asks, within KEYRING_PROBE_TIMEOUT_MS, whether a Secret Service
 * answers; the call starts it if it is activatable. A property, not
 * org.freedesktop.DBus.Peer.Ping: GDBus answers pings from its worker
 * thread even when the service's main loop is stuck. A failure that is
 * not about reachability counts as an answer, so the real call reports it. */
static gboolean
keyring_answers (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (!session_bus_configured ())
    {
      g_debug ("No session bus: using the token file");
      return FALSE;
    }
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      g_debug ("No session bus (%s): using the token file", error->message);
      return FALSE;
    }
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.DBus.Properties", "Get",
                                       g_variant_new ("(ss)", "org.freedesktop.Secret.Service", "Collections"),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, KEYRING_PROBE_TIMEOUT_MS,
                                       NULL, &error);
  if (reply == NULL && is_unreachable (error))
    {
      g_debug ("No Secret Service (%s): using the token file", error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
use_keyring (Mode mode)
{
  return mode == MODE_KEYRING || (mode == MODE_AUTO && keyring_answers ());
}

/* Whether a keyring call that failed with @error leaves the file to do
 * its work: only in the automatic mode, only when nothing answered. */
static gboolean
falls_back (Mode          mode,
            const GError *error)
{
  return mode == MODE_AUTO && error != NULL && is_unreachable (error);
}

/* The file */

/* Read at each call rather than through g_get_user_config_dir (), which
 * keeps its first answer: tests point XDG_CONFIG_HOME elsewhere later. */
static char *
token_file_path (void)
{
  const char *config = g_getenv ("XDG_CONFIG_HOME");

  if (config == NULL || !g_path_is_absolute (config))
    config = g_get_user_config_dir ();
  return g_build_filename (config, "helpdesk", "tokens", NULL);
}

/* GKeyFile cannot take every string as a group or key: a server such as
 * "https://[::1]:8443/" has brackets, a username may hold "=" or start
 * with "#". Escaping keeps ordinary URLs and addresses readable. */
static char *
file_name_for (const char *text)
{
  return g_uri_escape_string (text, "!$&'()*+,;:@/?", FALSE);
}

/* A missing file reads as an empty one. With @check_mode a file that
 * other users could read is refused rather than trusted: its tokens may
 * already have been copied. Parser messages are not passed on, since
 * they quote the offending line and that line may hold a token. */
static GKeyFile *
read_token_file (const char  *path,
                 gboolean     check_mode,
                 GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize length;
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        return g_steal_pointer (&keyfile);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not read “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  if (check_mode && (st.st_mode & 077) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("Permissions %04o on “%s” are too open: a token is as good as a password, "
                     "so only you may read this file. Run “chmod 600 %s”."),
                   (guint) (st.st_mode & 07777), path, path);
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;
  if (!g_key_file_load_from_data (keyfile, data, length, G_KEY_FILE_KEEP_COMMENTS, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a valid token file"), path);
      return NULL;
    }
  return g_steal_pointer (&keyfile);
}

/* Written whole to a temporary file created 0600 and renamed over the
 * old one, so no reader ever sees half a file or a wider mode. */
static gboolean
write_token_file (const char  *path,
                  GKeyFile    *keyfile,
                  GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_auto(GStrv) groups = g_key_file_get_groups (keyfile, NULL);
  g_autofree char *data = NULL;
  gsize length;
  int saved_errno;

  if (groups[0] == NULL)
    {
      if (g_unlink (path) == 0 || (saved_errno = errno) == ENOENT)
        return TRUE;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not remove “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  data = g_key_file_to_data (keyfile, &length, NULL);
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
file_save (const char  *server,
           const char  *username,
           const char  *token,
           GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&file_lock);
  g_autofree char *path = token_file_path ();
  g_autofree char *group = file_name_for (server);
  g_autofree char *key = file_name_for (username);
  g_autoptr(GKeyFile) keyfile = read_token_file (path, TRUE, error);

  if (keyfile == NULL)
    return FALSE;
  g_key_file_set_string (keyfile, group, key, token);
  return write_token_file (path, keyfile, error);
}

static char *
file_load (const char  *server,
           const char  *username,
           GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&file_lock);
  g_autofree char *path = token_file_path ();
  g_autofree char *group = file_name_for (server);
  g_autofree char *key = file_name_for (username);
  g_autoptr(GKeyFile) keyfile = read_token_file (path, TRUE, error);
  char *token;

  if (keyfile == NULL || !g_key_file_has_key (keyfile, group, key, NULL))
    return NULL;
  token = g_key_file_get_string (keyfile, group, key, NULL);
  if (token == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("The token for %s on %s in “%s” is damaged; log in again"), username, server, path);
  return token;
}

/* The mode is not checked here: forgetting is how a user cleans up a
 * file that was too open, and the rewrite leaves it 0600. */
static gboolean
file_forget (const char  *server,
             const char  *username,
             GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&file_lock);
  g_autofree char *path = token_file_path ();
  g_autofree char *group = file_name_for (server);
  g_autofree char *key = file_name_for (username);
  g_autoptr(GKeyFile) keyfile = read_token_file (path, FALSE, error);
  gsize left;

  if (keyfile == NULL)
    return FALSE;
  if (!g_key_file_has_key (keyfile, group, key, NULL))
    return TRUE;
  g_key_file_remove_key (keyfile, group, key, NULL);
  g_strfreev (g_key_file_get_keys (keyfile, group, &left, NULL));
  if (left == 0)
    g_key_file_remove_group (keyfile, group, NULL);
  return write_token_file (path, keyfile, error);
}

/* The keyring */

static gboolean
keyring_save (const char  *server,
              const char  *username,
              const char  *token,
              Mode         mode,
              GError     **error)
{
  g_autofree char *label = g_strdup_printf (_("Help Desk token for %s on %s"), username, server);
  g_autoptr(GError) local_error = NULL;

  if (secret_password_store_sync (&token_schema, SECRET_COLLECTION_DEFAULT, label, token, NULL, &local_error,
                                  "server", server, "username", username, NULL))
    return TRUE;
  /* A dismissed unlock prompt can end the call with no error set. */
  if (local_error == NULL)
    local_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The keyring stayed locked"));
  /* A keyring that answers but stays locked looks the same whether the
   * user dismissed the unlock prompt or, over SSH, none could be shown:
   * no reason to put the token elsewhere unasked, but worth a hint. */
  if (mode == MODE_AUTO && !is_unreachable (local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not save the token in the keyring: %s. "
                     "To keep it in a file only you can read instead, set HELPDESK_CREDENTIALS=file."),
                   local_error->message);
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* A copy left in the file by a session without a keyring must not stay
 * on disk once the keyring holds the token. */
static gboolean
forget_file_copy (const char  *server,
                  const char  *username,
                  GError     **error)
{
  if (file_forget (server, username, error))
    return TRUE;
  g_prefix_error (error, _("The token is in the keyring, but an old copy could not be removed: "));
  return FALSE;
}

static char *
keyring_load (const char  *server,
              const char  *username,
              GError     **error)
{
  char *secret = secret_password_lookup_sync (&token_schema, NULL, error,
                                              "server", server, "username", username, NULL);
  char *token = g_strdup (secret);

  /* libsecret hands the secret in memory that is never swapped out. */
  if (secret != NULL)
    secret_password_free (secret);
  return token;
}

/* Public API */

gboolean
hd_credentials_save (const char          *server,
                     const char          *username,
                     const char          *token,
                     HdCredentialsPlace  *place,
                     GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  Mode mode;

  g_return_val_if_fail (is_text (server), FALSE);
  g_return_val_if_fail (is_text (username), FALSE);
  g_return_val_if_fail (is_text (token), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!get_mode (&mode, error))
    return FALSE;
  if (use_keyring (mode))
    {
      if (keyring_save (server, username, token, mode, &local_error))
        {
          if (place != NULL)
            *place = HD_CREDENTIALS_KEYRING;
          return mode == MODE_KEYRING || forget_file_copy (server, username, error);
        }
      if (!falls_back (mode, local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_debug ("Secret Service gone (%s): using the token file", local_error->message);
    }
  if (place != NULL)
    *place = HD_CREDENTIALS_FILE;
  return file_save (server, username, token, error);
}

char *
hd_credentials_load (const char  *server,
                     const char  *username,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  Mode mode;

  g_return_val_if_fail (is_text (server), NULL);
  g_return_val_if_fail (is_text (username), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!get_mode (&mode, error))
    return NULL;
  if (use_keyring (mode))
    {
      char *token = keyring_load (server, username, &local_error);

      if (token != NULL)
        return token;
      if (local_error != NULL && !falls_back (mode, local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (mode == MODE_KEYRING)
        return NULL;
    }
  return file_load (server, username, error);
}

gboolean
hd_credentials_forget (const char  *server,
                       const char  *username,
                       GError     **error)
{
  g_autoptr(GError) keyring_error = NULL;
  Mode mode;

  g_return_val_if_fail (is_text (server), FALSE);
  g_return_val_if_fail (is_text (username), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!get_mode (&mode, error))
    return FALSE;
  if (use_keyring (mode))
    {
      /* FALSE without an error when there was nothing to clear. */
      secret_password_clear_sync (&token_schema, NULL, &keyring_error,
                                  "server", server, "username", username, NULL);
      if (falls_back (mode, keyring_error))
        g_clear_error (&keyring_error);
    }
  /* The file is cleaned even when the keyring refused, so that as much
   * as can be forgotten is. */
  if (mode != MODE_KEYRING && !file_forget (server, username, error))
    return FALSE;
  if (keyring_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&keyring_error));
      return FALSE;
    }
  return TRUE;
}

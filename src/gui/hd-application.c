/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "helpdesk"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <signal.h>

#include "hd-application.h"
#include "hd-notifier.h"
#include "hd-preferences-window.h"
#include "hd-renderer.h"
#include "hd-window.h"

struct _HdApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  HdAccount      *account;     /* NULL until someone signs in */
  HdNotifier     *notifier;
  char           *preset_server; /* --server */
  gboolean        background;  /* --background: no window until asked */
  gboolean        held;        /* running on with no window, for the account */
  guint           terminate_ids[2]; /* SIGTERM, SIGINT */
};

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HdApplication, hd_application, ADW_TYPE_APPLICATION)

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "Help Desk developers", NULL };
  AdwAboutWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Help Desk"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("Help Desk developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("File, work and follow up the technology help desk tickets of a school district, "
                                      "with or without a connection."),
                        "website", "https://helpdesk.example.org/",
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  HdApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (hd_preferences_window_new (parent, self)));
}

static HdWindow *ensure_window (HdApplication *self);

/* From a notification: the window, with the ticket of that id (if any) open. */
static void
open_ticket_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  HdApplication *self = user_data;
  const char *ticket_id = g_variant_get_string (parameter, NULL);
  HdWindow *window = ensure_window (self);

  if (*ticket_id != '\0' && self->account != NULL)
    hd_window_show_ticket (window, ticket_id);
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "open-ticket", open_ticket_activated, "s" },
};

/* Signed in and asked to: syncing (and notifying) go on with no window. */
static void
update_hold (HdApplication *self)
{
  gboolean hold = self->account != NULL && g_settings_get_boolean (self->settings, "run-in-background");

  if (hold == self->held)
    return;
  self->held = hold;
  if (hold)
    g_application_hold (G_APPLICATION (self));
  else
    g_application_release (G_APPLICATION (self));
}

/* Start at login: an autostart entry that starts without a window. */
static void
update_autostart (HdApplication *self)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "autostart", NULL);
  g_autofree char *path = g_build_filename (dir, APPLICATION_ID ".desktop", NULL);
  g_autoptr(GError) error = NULL;
  static const char entry[] =
    "[Desktop Entry]\n"
    "Type=Application\n"
    "Name=Help Desk\n"
    "Exec=helpdesk --background\n"
    "Icon=" APPLICATION_ID "\n"
    "X-GNOME-Autostart-enabled=true\n"
    "NoDisplay=true\n";

  if (!g_settings_get_boolean (self->settings, "autostart"))
    {
      g_unlink (path);
      return;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0 || !g_file_set_contents (path, entry, -1, &error))
    g_message ("Cannot write %s: %s", path, error != NULL ? error->message : g_strerror (errno));
}

static HdWindow *
ensure_window (HdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (hd_window_new (self));
  return HD_WINDOW (window);
}

/* The account signed in last time, opened offline; its sync starts. */
static void
open_last_account (HdApplication *self)
{
  g_autofree char *server = g_settings_get_string (self->settings, "server");
  g_autofree char *username = g_settings_get_string (self->settings, "username");
  g_autoptr(GError) error = NULL;
  g_autoptr(HdAccount) account = NULL;

  if (*server == '\0' || *username == '\0')
    return;
  if (self->preset_server != NULL && !g_str_equal (self->preset_server, server))
    return;
  account = hd_account_open (server, username, &error);
  if (account == NULL)
    {
      g_message ("Not reopening %s on %s: %s", username, server, error->message);
      return;
    }
  hd_application_set_account (self, account);
}

static int
hd_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  HdApplication *self = HD_APPLICATION (app);
  const char *server = NULL;

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    self->preset_server = g_strdup (server);
  self->background = g_variant_dict_contains (options, "background");
  return -1;
}

/* Asked to end (the session logging out, a service manager, Ctrl+C in
 * a terminal): as Quit does, the window's state kept and the sync
 * stopped between requests, not cut off. */
static gboolean
terminate_cb (gpointer user_data)
{
  g_application_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static void
hd_application_startup (GApplication *app)
{
  HdApplication *self = HD_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (hd_application_parent_class)->startup (app);

  hd_renderer_choose ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  g_signal_connect_object (self->settings, "changed::run-in-background", G_CALLBACK (update_hold), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::autostart", G_CALLBACK (update_autostart), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_default_icon_name (APPLICATION_ID);
  self->terminate_ids[0] = g_unix_signal_add (SIGTERM, terminate_cb, self);
  self->terminate_ids[1] = g_unix_signal_add (SIGINT, terminate_cb, self);
  self->notifier = hd_notifier_new (app, self->settings);
  open_last_account (self);
}

static void
hd_application_activate (GApplication *app)
{
  HdApplication *self = HD_APPLICATION (app);

  if (self->background)
    {
      /* started at login: stay for notifications until asked for a window */
      self->background = FALSE;
      g_application_hold (app);
      return;
    }
  gtk_window_present (GTK_WINDOW (ensure_window (self)));
}

static void
hd_application_shutdown (GApplication *app)
{
  HdApplication *self = HD_APPLICATION (app);

  if (self->account != NULL)
    hd_sync_stop (hd_account_get_sync (self->account));
  self->held = FALSE;
  g_clear_object (&self->notifier);
  for (guint i = 0; i < G_N_ELEMENTS (self->terminate_ids); i++)
    g_clear_handle_id (&self->terminate_ids[i], g_source_remove);

  G_APPLICATION_CLASS (hd_application_parent_class)->shutdown (app);
}

/* The last window closed and the app stays: it says so, with a way to quit. */
static void
hd_application_window_removed (GtkApplication *app,
                               GtkWindow      *window)
{
  HdApplication *self = HD_APPLICATION (app);

  GTK_APPLICATION_CLASS (hd_application_parent_class)->window_removed (app, window);

  if (self->held && self->notifier != NULL && gtk_application_get_windows (app) == NULL)
    hd_notifier_tell_background (self->notifier);
}

static void
hd_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HdApplication *self = HD_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT: g_value_set_object (value, self->account); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_application_finalize (GObject *object)
{
  HdApplication *self = (HdApplication *) object;

  g_clear_object (&self->account);
  g_clear_object (&self->settings);
  g_free (self->preset_server);

  G_OBJECT_CLASS (hd_application_parent_class)->finalize (object);
}

static void
hd_application_class_init (HdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = hd_application_finalize;
  object_class->get_property = hd_application_get_property;
  app_class->handle_local_options = hd_application_handle_local_options;
  app_class->startup = hd_application_startup;
  app_class->activate = hd_application_activate;
  app_class->shutdown = hd_application_shutdown;
  GTK_APPLICATION_CLASS (klass)->window_removed = hd_application_window_removed;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, HD_TYPE_ACCOUNT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hd_application_init (HdApplication *self)
{
  static const GOptionEntry options[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, NULL, N_("The help desk server to sign in to"), N_("URL") },
    { "background", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start without a window, for notifications"), NULL },
    G_OPTION_ENTRY_NULL
  };

  self->settings = g_settings_new (APPLICATION_ID);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

HdApplication *
hd_application_new (void)
{
  return g_object_new (HD_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/helpdesk/HelpDesk",
                       NULL);
}

HdAccount *
hd_application_get_account (HdApplication *self)
{
  g_return_val_if_fail (HD_IS_APPLICATION (self), NULL);
  return self->account;
}

/* Makes @account the one the windows show, remembers it for the next
 * start and keeps it in sync; NULL after signing out. */
void
hd_application_set_account (HdApplication *self,
                            HdAccount     *account)
{
  g_return_if_fail (HD_IS_APPLICATION (self));
  g_return_if_fail (account == NULL || HD_IS_ACCOUNT (account));

  if (self->account == account)
    return;
  if (self->account != NULL)
    hd_sync_stop (hd_account_get_sync (self->account));
  g_set_object (&self->account, account);
  g_settings_set_string (self->settings, "server", account != NULL ? hd_account_get_server (account) : "");
  g_settings_set_string (self->settings, "username", account != NULL ? hd_account_get_username (account) : "");
  if (account != NULL)
    hd_sync_start (hd_account_get_sync (account));
  if (self->notifier != NULL)
    hd_notifier_set_account (self->notifier, account);
  update_hold (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

GSettings *
hd_application_get_settings (HdApplication *self)
{
  g_return_val_if_fail (HD_IS_APPLICATION (self), NULL);
  return self->settings;
}

/* The address given with --server, for the sign-in page to propose. */
const char *
hd_application_get_preset_server (HdApplication *self)
{
  g_return_val_if_fail (HD_IS_APPLICATION (self), NULL);
  return self->preset_server;
}

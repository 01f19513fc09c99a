/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "helpdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-account.h"
#include "hd-sign-in-page.h"

struct _HdSignInPage
{
  AdwBin        parent_instance;

  AdwEntryRow  *server_row;
  AdwEntryRow  *username_row;
  AdwEntryRow  *password_row;
  GtkLabel     *error_label;
  GtkButton    *sign_in_button;
  GtkSpinner   *spinner;

  GCancellable *cancellable;
};

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HdSignInPage, hd_sign_in_page, ADW_TYPE_BIN)

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* "helpdesk.district.example" means https://helpdesk.district.example/ */
static char *
server_address (const char *typed)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (typed));

  if (g_str_has_prefix (trimmed, "http://") || g_str_has_prefix (trimmed, "https://"))
    return g_steal_pointer (&trimmed);
  return g_strconcat ("https://", trimmed, NULL);
}

static void
set_busy (HdSignInPage *self,
          gboolean      busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->username_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
}

static void
show_error (HdSignInPage *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message != NULL ? message : "", -1);
}

/* Each kind of failure in words a front office clerk can act on. */
static char *
explain (const GError *error)
{
  if (g_error_matches (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_UNAUTHORIZED))
    return g_strdup (_("The user name or the password is not right."));
  if (g_error_matches (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_CERTIFICATE))
    return g_strdup (_("The server’s certificate is not valid, so the connection would not be private. "
                       "Check the address, or ask the district’s technology office."));
  if (g_error_matches (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_NETWORK))
    return g_strdup_printf (_("The server cannot be reached. Check the address and the network connection (%s)."),
                            error->message);
  if (g_error_matches (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_THROTTLED))
    return g_strdup (_("Too many attempts with this user name. Wait a minute, then try again."));
  if (g_error_matches (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_REJECTED) ||
      g_error_matches (error, G_URI_ERROR, G_URI_ERROR_FAILED) || error->domain == G_URI_ERROR)
    return g_strdup_printf (_("This is not a server address: %s"), error->message);
  return g_strdup_printf (_("Signing in failed: %s"), error->message);
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HdSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HdAccount) account = hd_account_sign_in_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (account == NULL)
    {
      g_autofree char *message = explain (error);

      show_error (self, message);
      gtk_widget_grab_focus (GTK_WIDGET (g_error_matches (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_UNAUTHORIZED)
                                         ? self->password_row : self->server_row));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_signal_emit (self, signals[SIGNED_IN], 0, account);
}

static gboolean
complete (HdSignInPage *self)
{
  return *text_of (self->server_row) != '\0' && *text_of (self->username_row) != '\0' &&
         *text_of (self->password_row) != '\0';
}

static void
changed_cb (HdSignInPage *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), complete (self));
}

static void
activate_cb (HdSignInPage *self)
{
  g_autofree char *server = NULL;
  g_autofree char *username = NULL;

  if (!complete (self))
    return;
  server = server_address (text_of (self->server_row));
  username = g_strstrip (g_strdup (text_of (self->username_row)));
  show_error (self, NULL);
  set_busy (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  hd_account_sign_in_async (server, username, text_of (self->password_row), self->cancellable,
                            signed_in_cb, g_object_ref (self));
}

static void
hd_sign_in_page_dispose (GObject *object)
{
  HdSignInPage *self = (HdSignInPage *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), HD_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (hd_sign_in_page_parent_class)->dispose (object);
}

static void
hd_sign_in_page_class_init (HdSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_sign_in_page_dispose;

  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 1, HD_TYPE_ACCOUNT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/helpdesk/HelpDesk/hd-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HdSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, HdSignInPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, HdSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, HdSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, HdSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, HdSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
}

static void
hd_sign_in_page_init (HdSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
hd_sign_in_page_set_preset_server (HdSignInPage *self,
                                   const char   *server)
{
  g_return_if_fail (HD_IS_SIGN_IN_PAGE (self));

  if (server != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
}

/* Ready for someone to sign in again: the password and any error go. */
void
hd_sign_in_page_reset (HdSignInPage *self)
{
  g_return_if_fail (HD_IS_SIGN_IN_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  set_busy (self, FALSE);
  show_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The API token the client signs in with. It goes to the Secret Service
 * when one answers; where none does (a server reached over SSH, CI) it
 * goes to a file only the user can read, and @place tells the caller
 * which, so the command line can say so.
 *
 * Set HELPDESK_CREDENTIALS=file to use the file without asking the
 * Secret Service (tests, servers), or HELPDESK_CREDENTIALS=keyring to use
 * the Secret Service only and report its errors instead of falling back. */

typedef enum {
  HD_CREDENTIALS_KEYRING,   /* the Secret Service (GNOME Keyring, KWallet…) */
  HD_CREDENTIALS_FILE,      /* $XDG_CONFIG_HOME/helpdesk/tokens, mode 0600 */
} HdCredentialsPlace;

/* Saves @token for @username on @server (a base URL such as "https://helpdesk.district.example/"); *place says where it went. */
gboolean  hd_credentials_save   (const char          *server,
                                 const char          *username,
                                 const char          *token,
                                 HdCredentialsPlace  *place,
                                 GError             **error);
/* The token, or NULL (no error) when none is stored. Looks in the keyring first, then the file. */
char     *hd_credentials_load   (const char          *server,
                                 const char          *username,
                                 GError             **error);
/* Forgets it everywhere; TRUE also when there was nothing. */
gboolean  hd_credentials_forget (const char          *server,
                                 const char          *username,
                                 GError             **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "hd-cli.h"
#include "hd-sync.h"
#include "hd-ticket-edit.h"
#include "hd-time.h"

/* comment, status, assign, conflicts, resolve: each change is checked and
 * made in the cache with its outbox row by the same functions the app
 * uses, then delivered when the server answers. */

/* Delivers at once when it can; says so either way. */
static int
deliver (HdCliAccount *account,
         const char   *what)
{
  g_autoptr(HdSync) sync = hd_sync_new (account->client, account->cache);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  if (!hd_sync_run (sync, &error))
    {
      printf (_("%s; it will be delivered when the server can be reached (%s).\n"), what, error->message);
      return HD_CLI_OK;
    }
  conflicts = hd_cache_list_conflicts (account->cache);
  printf ("%s.\n", what);
  if (conflicts->len > 0)
    printf (_("%u conflicts wait for you: see “helpdesk-cli conflicts”.\n"), conflicts->len);
  return HD_CLI_OK;
}

static HdCachedTicket *
find (HdCliAccount *account,
      const char   *which,
      int          *status)
{
  HdCachedTicket *cached = hd_cache_find_ticket (account->cache, which);

  if (cached == NULL)
    *status = hd_cli_failure (_("no ticket %s in the cache (run “helpdesk-cli sync”?)"), which);
  return cached;
}

/* The signed-in person as the core's changes need them; a cache from
 * before roles were kept counts as a requester's until the next sign-in. */
static HdTicketEditor
editor_for (HdCliAccount *account)
{
  HdTicketEditor editor = { account->cache, account->plan, account->username, HD_ROLE_REQUESTER };

  if (account->me != NULL)
    hd_role_from_string (account->me, &editor.role);
  return editor;
}

/* A change the core would not make: a bad value or move is a usage
 * error, as before; what the person may not do, or a cache that could
 * not keep it, is a failure. */
static int
edit_failed (const GError *error)
{
  if (g_error_matches (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_INVALID) ||
      g_error_matches (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_STATE))
    return hd_cli_usage_error ("%s", error->message);
  return hd_cli_failure ("%s", error->message);
}

static int
open_ticket (int              *argc,
             char           ***argv,
             const char       *summary,
             GOptionEntry     *entries,
             guint             n_args,
             HdCliAccount    **account,
             HdCachedTicket  **cached)
{
  int status = hd_cli_parse (argc, argv, _("NUMBER|ID"), summary, entries);

  if (status != HD_CLI_OK)
    return status;
  if ((guint) *argc != n_args + 1)
    return hd_cli_usage_error (_("wrong number of arguments; see --help"));
  if ((*account = hd_cli_account_open (&status)) == NULL)
    return status;
  if ((*cached = find (*account, (*argv)[1], &status)) == NULL)
    return status;
  return HD_CLI_OK;
}

int
hd_cli_status (int    argc,
               char **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(HdCliAccount) account = NULL;
  g_autoptr(HdCachedTicket) cached = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  HdTicketEditor editor;
  HdStatus to;
  int status = open_ticket (&argc, &argv, _("Moves a ticket to STATUS (new, acknowledged, in-progress, waiting, "
                                           "resolved, closed) along the workflow."), entries, 2, &account, &cached);

  if (status != HD_CLI_OK)
    return status;
  if (!hd_status_from_string (argv[2], &to))
    return hd_cli_usage_error (_("“%s” is not a status"), argv[2]);
  editor = editor_for (account);
  if (!hd_ticket_edit_set_status (&editor, cached->ticket, to, &error))
    return edit_failed (error);
  what = g_strdup_printf (_("%s is now %s"), argv[1], argv[2]);
  return deliver (account, what);
}

int
hd_cli_assign (int    argc,
               char **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(HdCliAccount) account = NULL;
  g_autoptr(HdCachedTicket) cached = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  HdTicketEditor editor;
  const char *to;
  int status = open_ticket (&argc, &argv, _("Assigns a ticket to USER, or to you with “me”."), entries, 2,
                            &account, &cached);

  if (status != HD_CLI_OK)
    return status;
  to = g_str_equal (argv[2], "me") ? account->username : argv[2];
  editor = editor_for (account);
  if (!hd_ticket_edit_assign (&editor, cached->ticket, to, &error))
    return edit_failed (error);
  what = g_strdup_printf (_("%s is assigned to %s"), argv[1], to);
  return deliver (account, what);
}

int
hd_cli_comment (int    argc,
                char **argv)
{
  g_autofree char *text = NULL;
  gboolean internal = FALSE;
  GOptionEntry entries[] = {
    { "body", 0, 0, G_OPTION_ARG_STRING, &text, N_("The reply"), N_("TEXT") },
    { "internal", 0, 0, G_OPTION_ARG_NONE, &internal, N_("An internal note the requester never sees"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(HdCliAccount) account = NULL;
  g_autoptr(HdCachedTicket) cached = NULL;
  g_autoptr(GError) error = NULL;
  HdTicketEditor editor;
  int status = open_ticket (&argc, &argv, _("Adds a reply or an internal note to a ticket."), entries, 1,
                            &account, &cached);

  if (status != HD_CLI_OK)
    return status;
  if (text == NULL)
    return hd_cli_usage_error (_("--body is required"));
  editor = editor_for (account);
  if (!hd_ticket_edit_add_comment (&editor, cached->ticket, text, internal, &error))
    return edit_failed (error);
  return deliver (account, internal ? _("Internal note added") : _("Reply added"));
}

int
hd_cli_conflicts (int    argc,
                  char **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(HdCliAccount) account = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  int status = hd_cli_parse (&argc, &argv, "", _("Lists the changes of yours the server could not take in."),
                             entries);

  if (status != HD_CLI_OK || (account = hd_cli_account_open (&status)) == NULL)
    return status;
  conflicts = hd_cache_list_conflicts (account->cache);
  for (guint i = 0; i < conflicts->len; i++)
    {
      const HdConflict *c = g_ptr_array_index (conflicts, i);
      g_autoptr(HdCachedTicket) cached = hd_cache_find_ticket (account->cache, c->ticket_id);
      g_autofree char *label = cached != NULL && cached->ticket->number > 0
                               ? g_strdup_printf ("HD-%ld", (long) cached->ticket->number) : g_strdup (c->ticket_id);

      if (g_str_equal (c->field, "refused"))
        printf (_("%ld  %s: the server refused the change %s: %s\n"), (long) c->id, label, c->mine, c->theirs);
      else
        printf (_("%ld  %s: %s is %s on the server, yours is %s\n"), (long) c->id, label, c->field, c->theirs,
                c->mine);
    }
  if (conflicts->len == 0)
    printf ("%s\n", _("No conflicts."));
  return HD_CLI_OK;
}

int
hd_cli_resolve (int    argc,
                char **argv)
{
  g_autofree char *keep = NULL;
  GOptionEntry entries[] = {
    { "keep", 0, 0, G_OPTION_ARG_STRING, &keep, N_("mine or theirs"), N_("WHICH") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(HdCliAccount) account = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  const HdConflict *conflict = NULL;
  HdTicketEditor editor;
  gboolean keep_mine;
  guint64 id;
  int status = hd_cli_parse (&argc, &argv, _("ID"), _("Settles a conflict by keeping your value or the server’s."),
                             entries);

  if (status != HD_CLI_OK)
    return status;
  if (argc != 2 || !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    return hd_cli_usage_error (_("name one conflict by its number (see “helpdesk-cli conflicts”)"));
  if (g_strcmp0 (keep, "mine") != 0 && g_strcmp0 (keep, "theirs") != 0)
    return hd_cli_usage_error (_("--keep must be mine or theirs"));
  if ((account = hd_cli_account_open (&status)) == NULL)
    return status;
  conflicts = hd_cache_list_conflicts (account->cache);
  for (guint i = 0; i < conflicts->len && conflict == NULL; i++)
    if (((HdConflict *) g_ptr_array_index (conflicts, i))->id == (gint64) id)
      conflict = g_ptr_array_index (conflicts, i);
  if (conflict == NULL)
    return hd_cli_failure (_("there is no conflict %s"), argv[1]);

  keep_mine = g_str_equal (keep, "mine") && !g_str_equal (conflict->field, "refused");
  if (keep_mine)
    {
      g_autoptr(HdCachedTicket) cached = find (account, conflict->ticket_id, &status);

      if (cached == NULL)
        return status;
    }
  editor = editor_for (account);
  if (!hd_ticket_edit_resolve_conflict (&editor, conflict, keep_mine, &error))
    return edit_failed (error);
  if (keep_mine)
    return deliver (account, _("Your value is sent again"));
  printf ("%s\n", _("The server’s value stays."));
  return HD_CLI_OK;
}

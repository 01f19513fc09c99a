/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "hd-cli.h"
#include "hd-json.h"
#include "hd-sync.h"
#include "hd-time.h"

/* comment, status, assign, conflicts, resolve: each change is made in the
 * cache with its outbox row, then delivered when the server answers. */

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

static char *
version_tag (const HdTicket *t)
{
  /* a ticket the server has not numbered yet has no version to match */
  return t->number > 0 ? g_strdup_printf ("\"%ld\"", (long) t->version) : g_strdup ("*");
}

/* Queues @field := @value (a JSON string, or null) over what it was. */
static int
queue_change (HdCliAccount   *account,
              HdCachedTicket *cached,
              const char     *field,
              const char     *value,
              const char     *old_value,
              const char     *what)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) base = json_object_new ();
  g_autoptr(JsonNode) body_node = NULL, base_node = NULL;
  g_autofree char *body_text = NULL, *base_text = NULL, *if_match = version_tag (cached->ticket);
  g_autoptr(GError) error = NULL;

  hd_json_set_string_or_null (body, field, value);
  hd_json_set_string_or_null (base, field, old_value);
  body_node = json_node_init_object (json_node_alloc (), body);
  base_node = json_node_init_object (json_node_alloc (), base);
  body_text = hd_json_to_string (body_node);
  base_text = hd_json_to_string (base_node);
  if (!hd_cache_queue_patch (account->cache, cached->ticket, body_text, if_match, base_text, &error))
    return hd_cli_failure (_("the change could not be saved: %s"), error->message);
  return deliver (account, what);
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
  g_autofree char *what = NULL;
  HdStatus to, from;
  int status = open_ticket (&argc, &argv, _("Moves a ticket to STATUS (new, acknowledged, in-progress, waiting, "
                                           "resolved, closed) along the workflow."), entries, 2, &account, &cached);

  if (status != HD_CLI_OK)
    return status;
  if (!hd_status_from_string (argv[2], &to))
    return hd_cli_usage_error (_("“%s” is not a status"), argv[2]);
  from = cached->ticket->status;
  if (!hd_status_can_move (from, to))
    return hd_cli_usage_error (_("a ticket cannot go from %s to %s"), hd_status_to_string (from), argv[2]);
  cached->ticket->status = to;
  what = g_strdup_printf (_("%s is now %s"), argv[1], argv[2]);
  return queue_change (account, cached, "status", argv[2], hd_status_to_string (from), what);
}

int
hd_cli_assign (int    argc,
               char **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(HdCliAccount) account = NULL;
  g_autoptr(HdCachedTicket) cached = NULL;
  g_autofree char *what = NULL, *old = NULL;
  const char *to;
  int status = open_ticket (&argc, &argv, _("Assigns a ticket to USER, or to you with “me”."), entries, 2,
                            &account, &cached);

  if (status != HD_CLI_OK)
    return status;
  to = g_str_equal (argv[2], "me") ? account->username : argv[2];
  old = g_strdup (cached->ticket->assignee);
  g_free (cached->ticket->assignee);
  cached->ticket->assignee = g_strdup (to);
  what = g_strdup_printf (_("%s is assigned to %s"), argv[1], to);
  return queue_change (account, cached, "assignee", to, old, what);
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
  g_autoptr(HdComment) comment = hd_comment_new ();
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body_text = NULL;
  int status = open_ticket (&argc, &argv, _("Adds a reply or an internal note to a ticket."), entries, 1,
                            &account, &cached);

  if (status != HD_CLI_OK)
    return status;
  if (text == NULL || *g_strstrip (text) == '\0')
    return hd_cli_usage_error (_("--body is required"));
  comment->id = g_uuid_string_random ();
  comment->ticket_id = g_strdup (cached->ticket->id);
  comment->author = g_strdup (account->username);
  comment->body = g_strdup (text);
  comment->internal = internal;
  comment->created_at = g_get_real_time () / G_USEC_PER_SEC;
  json_object_set_string_member (body, "id", comment->id);
  json_object_set_string_member (body, "body", comment->body);
  json_object_set_boolean_member (body, "internal", internal);
  node = json_node_init_object (json_node_alloc (), body);
  body_text = hd_json_to_string (node);
  if (!hd_cache_queue_comment (account->cache, comment, body_text, &error))
    return hd_cli_failure (_("the comment could not be saved: %s"), error->message);
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

  if (g_str_equal (keep, "mine") && !g_str_equal (conflict->field, "refused"))
    {
      g_autoptr(HdCachedTicket) cached = find (account, conflict->ticket_id, &status);
      g_autoptr(JsonNode) mine = NULL, theirs = NULL;

      if (cached == NULL)
        return status;
      mine = json_from_string (conflict->mine, NULL);
      theirs = json_from_string (conflict->theirs, NULL);
      if (!hd_cache_drop_conflict (account->cache, conflict->id, &error))
        return hd_cli_failure ("%s", error->message);
      return queue_change (account, cached, conflict->field,
                           mine != NULL && JSON_NODE_HOLDS_VALUE (mine) ? json_node_get_string (mine) : NULL,
                           theirs != NULL && JSON_NODE_HOLDS_VALUE (theirs) ? json_node_get_string (theirs) : NULL,
                           _("Your value is sent again"));
    }
  if (!hd_cache_drop_conflict (account->cache, conflict->id, &error))
    return hd_cli_failure ("%s", error->message);
  printf ("%s\n", _("The server’s value stays."));
  return HD_CLI_OK;
}

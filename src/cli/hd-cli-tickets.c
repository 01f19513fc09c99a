/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "hd-cli.h"
#include "hd-duration.h"
#include "hd-json.h"
#include "hd-sla.h"
#include "hd-sync.h"
#include "hd-time.h"

/* sync, list, show and submit: all but sync work on the cache alone, so
 * they work offline; submit delivers at once when it can. */

/* By the server's clock: its deadlines are compared with it. */
static gint64
now (HdCliAccount *account)
{
  return hd_sync_server_time (account->cache);
}

/* "25 min", "2 h 10 min", "14 h" */
/* The next deadline in words, in business time when the plan is known. */
static char *
format_due (HdPlan         *plan,
            const HdTicket *t,
            gint64          at)
{
  gint64 due = t->first_response_at < 0 && t->response_due_at >= 0 ? t->response_due_at : t->resolution_due_at;
  g_autofree char *span = NULL;
  gint64 seconds;

  if (!hd_status_is_open (t->status))
    return g_strdup ("—");
  if (t->status == HD_STATUS_WAITING)
    return g_strdup (_("paused"));
  if (due < 0)
    return g_strdup ("—");
  seconds = plan != NULL ? hd_calendar_elapsed (hd_plan_get_calendar (plan), MIN (at, due), MAX (at, due))
                         : ABS (due - at);
  span = hd_duration_format_span (seconds);
  return at < due ? g_strdup_printf (_("in %s"), span) : g_strdup_printf (_("overdue %s"), span);
}

static char *
ticket_label (const HdTicket *t)
{
  return t->number > 0 ? g_strdup_printf ("HD-%" G_GINT64_FORMAT, t->number) : g_strdup (_("pending"));
}

static void
print_cell (const char *text,
            glong       width)
{
  glong length = g_utf8_strlen (text, -1);

  if (length > width)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, width - 1);

      printf ("%s… ", cut);
      return;
    }
  printf ("%s", text);
  for (glong i = length; i < width + 1; i++)
    putchar (' ');
}

static gboolean
quit_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_CONTINUE;
}

/* The engine's state, as lines: each failure and when it retries, and
 * the return once the server answers again. */
static void
paused_cb (HdSync     *sync,
           GParamSpec *pspec,
           gpointer    user_data)
{
  fprintf (stderr, _("Sync failed (%s); trying again in %u s.\n"), hd_sync_get_last_error (sync),
           hd_sync_get_pause (sync));
}

static void
online_cb (HdSync     *sync,
           GParamSpec *pspec,
           gpointer    user_data)
{
  HdCliAccount *account = user_data;

  if (hd_sync_get_online (sync))
    printf (_("Online: %ld tickets in the cache.\n"), (long) hd_cache_count_tickets (account->cache));
  fflush (stdout);
}

static void
warn_about_clock (gint64 offset)
{
  g_autofree char *warning = hd_sync_describe_clock_offset (offset);

  if (warning != NULL)
    fprintf (stderr, "%s\n", warning);
}

/* --watch: the engine's own loop, until interrupted. */
static int
watch (HdCliAccount *account,
       HdSync       *sync)
{
  gboolean stop = FALSE;

  g_unix_signal_add (SIGINT, quit_cb, &stop);
  g_unix_signal_add (SIGTERM, quit_cb, &stop);
  g_signal_connect (sync, "notify::pause", G_CALLBACK (paused_cb), account);
  g_signal_connect (sync, "notify::online", G_CALLBACK (online_cb), account);
  hd_sync_start (sync);
  while (!stop)
    g_main_context_iteration (NULL, TRUE);
  hd_sync_stop (sync);
  return HD_CLI_OK;
}

int
hd_cli_sync (int    argc,
             char **argv)
{
  gboolean watching = FALSE;
  GOptionEntry entries[] = {
    { "watch", 0, 0, G_OPTION_ARG_NONE, &watching, N_("Keep syncing, with long polls, until interrupted"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(HdCliAccount) account = NULL;
  g_autoptr(HdSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  int status = hd_cli_parse (&argc, &argv, "", _("Delivers what waits in the outbox, then fetches what changed."),
                             entries);

  if (status != HD_CLI_OK || (account = hd_cli_account_open (&status)) == NULL)
    return status;
  sync = hd_sync_new (account->client, account->cache);
  if (watching)
    return watch (account, sync);
  hd_sync_run (sync, &error);
  warn_about_clock (hd_sync_get_clock_offset (sync));
  if (error != NULL)
    {
      hd_cli_failure (_("sync failed: %s"), error->message);
      fprintf (stderr, _("%u changes wait in the outbox; nothing was lost.\n"), hd_sync_get_pending (sync));
      return HD_CLI_FAILED;
    }
  printf (_("Synced: %ld tickets in the cache, %u changes waiting.\n"),
          (long) hd_cache_count_tickets (account->cache), hd_sync_get_pending (sync));
  return HD_CLI_OK;
}

int
hd_cli_list (int    argc,
             char **argv)
{
  g_autofree char *queue_text = NULL, *search = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "queue", 0, 0, G_OPTION_ARG_STRING, &queue_text,
      N_("mine, unassigned, open, due-soon, breached, waiting, submitted, closed or all"), N_("QUEUE") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only tickets matching these words"), N_("TEXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("The tickets as the API's JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(HdCliAccount) account = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  HdQueue queue;
  int status = hd_cli_parse (&argc, &argv, "", _("Lists a queue from the local cache, most urgent first."), entries);

  if (status != HD_CLI_OK || (account = hd_cli_account_open (&status)) == NULL)
    return status;
  if (queue_text == NULL)
    queue = g_strcmp0 (account->me, "requester") == 0 ? HD_QUEUE_SUBMITTED : HD_QUEUE_OPEN;
  else if (!hd_queue_from_string (queue_text, &queue))
    return hd_cli_usage_error (_("--queue: “%s” is not a queue"), queue_text);
  if (queue == HD_QUEUE_DUE_SOON && account->plan == NULL)
    return hd_cli_failure (_("the plan is not in the cache yet: sign in again"));

  tickets = hd_cache_list (account->cache, queue, account->username, search, account->plan, now (account), 10000);
  if (json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *text = NULL;
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < tickets->len; i++)
        json_array_add_element (array, hd_ticket_to_json (((HdCachedTicket *) g_ptr_array_index (tickets, i))->ticket));
      json_node_take_array (node, array);
      text = hd_json_to_string (node);
      printf ("%s\n", text);
      return HD_CLI_OK;
    }
  print_cell (_("Number"), 9);
  print_cell (_("Priority"), 9);
  print_cell (_("Subject"), 40);
  print_cell (_("Status"), 12);
  print_cell (_("Assignee"), 10);
  printf ("%s\n", _("Due"));
  for (guint i = 0; i < tickets->len; i++)
    {
      HdCachedTicket *cached = g_ptr_array_index (tickets, i);
      const HdTicket *t = cached->ticket;
      g_autofree char *label = ticket_label (t);
      g_autofree char *due = format_due (account->plan, t, now (account));
      g_autofree char *number = g_strconcat (label, cached->pending ? "*" : "", NULL);

      print_cell (number, 9);
      print_cell (hd_priority_to_string (t->priority), 9);
      print_cell (t->subject, 40);
      print_cell (hd_status_to_string (t->status), 12);
      print_cell (t->assignee != NULL ? t->assignee : "—", 10);
      printf ("%s\n", due);
    }
  if (tickets->len == 0)
    printf ("%s\n", _("No tickets."));
  return HD_CLI_OK;
}

static void
print_field (const char *name,
             const char *value)
{
  if (value != NULL)
    printf ("  %-14s %s\n", name, value);
}

int
hd_cli_show (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("The ticket as the API's JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(HdCliAccount) account = NULL;
  g_autoptr(HdCachedTicket) cached = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *label = NULL, *due = NULL, *created = NULL;
  const HdTicket *t;
  int status = hd_cli_parse (&argc, &argv, _("NUMBER|ID"), _("Shows a ticket from the local cache."), entries);

  if (status != HD_CLI_OK)
    return status;
  if (argc != 2)
    return hd_cli_usage_error (_("name one ticket, by number or id"));
  if ((account = hd_cli_account_open (&status)) == NULL)
    return status;
  cached = hd_cache_find_ticket (account->cache, argv[1]);
  if (cached == NULL)
    return hd_cli_failure (_("no ticket %s in the cache (run “helpdesk-cli sync”?)"), argv[1]);
  t = cached->ticket;
  if (json)
    {
      g_autofree char *text = hd_ticket_to_json_text (t);

      printf ("%s\n", text);
      return HD_CLI_OK;
    }
  label = ticket_label (t);
  due = format_due (account->plan, t, now (account));
  created = hd_time_format_rfc3339 (t->created_at);
  printf ("%s%s  %s\n", label, cached->pending ? _(" (not yet delivered)") : "", t->subject);
  print_field (_("Priority"), hd_priority_to_string (t->priority));
  print_field (_("Status"), hd_status_to_string (t->status));
  print_field (_("Due"), due);
  print_field (_("Assignee"), t->assignee != NULL ? t->assignee : "—");
  print_field (_("Requester"), t->requester_name);
  print_field (_("Email"), t->requester_email);
  print_field (_("Phone"), t->requester_phone);
  print_field (_("Location"), t->location);
  print_field (_("Topic"), t->topic);
  print_field (_("Channel"), hd_channel_to_string (t->channel));
  print_field (_("Created"), created);
  printf ("\n%s\n", t->description);
  comments = hd_cache_list_comments (account->cache, t->id);
  for (guint i = 0; i < comments->len; i++)
    {
      const HdComment *c = g_ptr_array_index (comments, i);
      g_autofree char *when = hd_time_format_rfc3339 (c->created_at);

      printf ("\n— %s, %s%s\n%s\n", c->author, when, c->internal ? _(" (internal note)") : "", c->body);
    }
  return HD_CLI_OK;
}

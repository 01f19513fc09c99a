/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hd-account.h"
#include "hd-submission.h"
#include "hd-ticket-edit.h"

/* One simulated person for tests/soak.sh, or the check after them.
 *
 * soak-client run --server URL --user NAME --password P --seconds S --out FILE
 *   signs in as the app does (its cache and token under $XDG_DATA_HOME
 *   and $XDG_CONFIG_HOME), then until S seconds have passed files a
 *   ticket, comments on one of its own or (staff) moves one of its own
 *   between in-progress and waiting, each followed by a sync (push, then
 *   pull), with a pause of up to --pause-ms between; then syncs until its
 *   outbox is empty. FILE gets one line per sync ("sync MS ok|failed") and
 *   what it made ("ticket ID STATUS SUBJECT", "comment BODY").
 *
 * soak-client check --server URL --user NAME --password P --seconds S FILE...
 *   reads the whole change feed as NAME (staff) and compares it with the
 *   FILEs: every ticket and comment exactly once, each ticket's status
 *   the one its client left; prints throughput and latency. Exit 1 on any
 *   error, loss or duplicate. */

#define SUBJECT_PREFIX "Soak "

typedef struct {
  HdAccount *account;
  GPtrArray *mine;             /* ids of the tickets filed here */
  FILE      *out;
  guint      made;
  guint      failures;
} Person;

static void
file_ticket (Person *p)
{
  static const char * const scopes[] = { "few", "some", "many" };
  static const char * const effects[] = { "blocked", "workaround", "inconvenience" };
  HdPlan *plan = hd_account_get_plan (p->account);
  const GPtrArray *topics = hd_plan_get_topics (plan);
  const char * const *locations = hd_plan_get_locations (plan);
  const char *user = hd_account_get_username (p->account);
  g_auto(HdSubmission) s = { 0 };
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  s.subject = g_strdup_printf (SUBJECT_PREFIX "%s %u", user, ++p->made);
  s.description = g_strdup ("Filed by the soak test.");
  s.location = g_strdup (locations[g_random_int_range (0, g_strv_length ((char **) locations))]);
  s.topic = g_strdup (((HdPlanTopic *) g_ptr_array_index (topics, g_random_int_range (0, topics->len)))->id);
  s.scope = g_strdup (scopes[g_random_int_range (0, 3)]);
  s.effect = g_strdup (effects[g_random_int_range (0, 3)]);
  s.channel = HD_CHANNEL_PHONE;
  hd_submission_fill_requester (&s, user, hd_account_get_name (p->account), hd_account_get_email (p->account));
  ticket = hd_submission_build (&s, plan, user, g_get_real_time () / G_USEC_PER_SEC);
  if (!hd_submission_save (hd_account_get_cache (p->account), ticket, &error))
    g_error ("%s: %s", user, error->message);
  g_ptr_array_add (p->mine, g_strdup (ticket->id));
}

static void
change_ticket (Person *p)
{
  const char *user = hd_account_get_username (p->account);
  HdTicketEditor editor = { hd_account_get_cache (p->account), hd_account_get_plan (p->account), user,
                            hd_account_get_role (p->account) };
  const char *id = g_ptr_array_index (p->mine, g_random_int_range (0, p->mine->len));
  g_autoptr(HdCachedTicket) cached = hd_cache_find_ticket (editor.cache, id);
  g_autoptr(GError) error = NULL;
  gboolean done;

  g_assert_nonnull (cached);
  if (hd_account_is_staff (p->account) && g_random_boolean ())
    {
      HdStatus now = cached->ticket->status;
      HdStatus to = now == HD_STATUS_NEW ? HD_STATUS_ACKNOWLEDGED
                    : now == HD_STATUS_IN_PROGRESS ? HD_STATUS_WAITING : HD_STATUS_IN_PROGRESS;

      done = hd_ticket_edit_set_status (&editor, cached->ticket, to, &error);
    }
  else
    {
      g_autofree char *body = g_strdup_printf (SUBJECT_PREFIX "%s note %u", user, ++p->made);

      done = hd_ticket_edit_add_comment (&editor, cached->ticket, body, FALSE, &error);
      if (done)
        fprintf (p->out, "comment %s\n", body);
    }
  if (!done)
    g_error ("%s: %s", user, error->message);
}

static gboolean
sync_once (Person *p)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean ok = hd_sync_run (hd_account_get_sync (p->account), &error);

  fprintf (p->out, "sync %.1f %s\n", (g_get_monotonic_time () - start) / 1000.0, ok ? "ok" : "failed");
  if (!ok)
    {
      g_printerr ("%s: sync failed: %s\n", hd_account_get_username (p->account), error->message);
      p->failures++;
    }
  return ok;
}

static int
run (const char *server,
     const char *user,
     const char *password,
     gint        seconds,
     gint        pause_ms,
     const char *out)
{
  g_autoptr(GError) error = NULL;
  Person p = { 0 };
  gint64 end;

  p.account = hd_account_sign_in (server, user, password, &error);
  if (p.account == NULL)
    {
      g_printerr ("%s: cannot sign in: %s\n", user, error->message);
      return 1;
    }
  p.mine = g_ptr_array_new_with_free_func (g_free);
  p.out = fopen (out, "w");
  g_assert_nonnull (p.out);
  end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      if (p.mine->len == 0 || g_random_int_range (0, 100) < 50)
        file_ticket (&p);
      else
        change_ticket (&p);
      sync_once (&p);
      if (pause_ms > 0)
        g_usleep (g_random_int_range (0, pause_ms) * 1000);
    }
  for (guint i = 0; i < 10 && hd_sync_get_pending (hd_account_get_sync (p.account)) > 0; i++)
    sync_once (&p);

  for (guint i = 0; i < p.mine->len; i++)
    {
      g_autoptr(HdCachedTicket) cached = hd_cache_find_ticket (hd_account_get_cache (p.account),
                                                               g_ptr_array_index (p.mine, i));

      fprintf (p.out, "ticket %s %s %s\n", cached->ticket->id, hd_status_to_string (cached->ticket->status),
               cached->ticket->subject);
    }
  {
    g_autoptr(GPtrArray) conflicts = hd_cache_list_conflicts (hd_account_get_cache (p.account));

    if (conflicts->len > 0)
      g_printerr ("%s: %u conflicts\n", user, conflicts->len);
    p.failures += conflicts->len;
  }
  if (hd_sync_get_pending (hd_account_get_sync (p.account)) > 0)
    {
      g_printerr ("%s: %u changes never delivered\n", user, hd_sync_get_pending (hd_account_get_sync (p.account)));
      p.failures++;
    }
  fclose (p.out);
  g_ptr_array_unref (p.mine);
  g_object_unref (p.account);
  return p.failures > 0;
}

/* What the clients said they made and how their syncs went. */
typedef struct {
  GHashTable *statuses;        /* subject -> status */
  GHashTable *comments;        /* body -> count expected (1) */
  GArray     *latencies;       /* double, ms */
  guint       failed_syncs;
} Made;

static void
read_results (Made       *made,
              const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], " ", 4);

      if (g_str_equal (lines[i], ""))
        continue;
      if (g_str_equal (f[0], "sync"))
        {
          double ms = g_ascii_strtod (f[1], NULL);

          g_array_append_val (made->latencies, ms);
          made->failed_syncs += !g_str_equal (f[2], "ok");
        }
      else if (g_str_equal (f[0], "ticket"))
        g_hash_table_insert (made->statuses, g_strdup (f[3]), g_strdup (f[2]));
      else if (g_str_equal (f[0], "comment"))
        g_hash_table_insert (made->comments, g_strdup (lines[i] + strlen ("comment ")), NULL);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *sorted,
            double  p)
{
  return sorted->len > 0 ? g_array_index (sorted, double, MIN (sorted->len - 1, (guint) (p * sorted->len))) : 0;
}

/* Counts the feed's soak tickets by subject (with their status) and
 * comments by body. */
static gboolean
read_feed (HdClient   *client,
           GHashTable *tickets,
           GHashTable *statuses,
           GHashTable *comments)
{
  g_autofree char *cursor = NULL;
  gboolean more = TRUE;

  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/changes?limit=1000%s%s", cursor ? "&after=" : "", cursor ? cursor : "");
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) page = hd_client_request (client, "GET", path, NULL, 60, NULL, &error);
      JsonObject *o;
      JsonArray *t, *c;

      if (page == NULL)
        {
          g_printerr ("cannot read the change feed: %s\n", error->message);
          return FALSE;
        }
      o = json_node_get_object (page);
      t = json_object_get_array_member (o, "tickets");
      c = json_object_get_array_member (o, "comments");
      for (guint i = 0; i < json_array_get_length (t); i++)
        {
          JsonObject *ticket = json_array_get_object_element (t, i);
          const char *subject = json_object_get_string_member (ticket, "subject");

          if (g_str_has_prefix (subject, SUBJECT_PREFIX))
            {
              g_hash_table_insert (tickets, g_strdup (subject),
                                   GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (tickets, subject)) + 1));
              g_hash_table_insert (statuses, g_strdup (subject),
                                   g_strdup (json_object_get_string_member (ticket, "status")));
            }
        }
      for (guint i = 0; i < json_array_get_length (c); i++)
        {
          const char *body = json_object_get_string_member (json_array_get_object_element (c, i), "body");

          g_hash_table_insert (comments, g_strdup (body),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (comments, body)) + 1));
        }
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (o, "cursor"));
      more = json_object_get_boolean_member (o, "more");
    }
  return TRUE;
}

/* How many of @expected are on the server once (*found), not at all
 * (*lost) or more than once (*twice); and what the server has that was
 * never made (*extra). */
static void
tally (GHashTable *expected,
       GHashTable *counted,
       guint      *found,
       guint      *lost,
       guint      *twice,
       guint      *extra)
{
  GHashTableIter iter;
  gpointer key, value;

  *found = *lost = *twice = *extra = 0;
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counted, key));

      *found += n == 1;
      *lost += n == 0;
      *twice += n > 1;
    }
  g_hash_table_iter_init (&iter, counted);
  while (g_hash_table_iter_next (&iter, &key, &value))
    *extra += !g_hash_table_contains (expected, key);
}

static int
check (const char  *server,
       const char  *user,
       const char  *password,
       gint         seconds,
       char       **files)
{
  g_autoptr(HdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) tickets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) comments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Made made = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free),
                g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
                g_array_new (FALSE, FALSE, sizeof (double)), 0 };
  guint found, lost, twice, extra, c_found, c_lost, c_twice, c_extra, wrong = 0;
  GHashTableIter iter;
  gpointer key, value;
  gboolean good;

  for (guint i = 0; files[i] != NULL; i++)
    read_results (&made, files[i]);
  account = hd_account_sign_in (server, user, password, &error);
  if (account == NULL)
    g_error ("cannot sign in: %s", error->message);
  if (!read_feed (hd_account_get_client (account), tickets, statuses, comments))
    return 1;
  tally (made.statuses, tickets, &found, &lost, &twice, &extra);
  tally (made.comments, comments, &c_found, &c_lost, &c_twice, &c_extra);
  g_hash_table_iter_init (&iter, made.statuses);
  while (g_hash_table_iter_next (&iter, &key, &value))
    wrong += g_hash_table_contains (statuses, key) && g_strcmp0 (g_hash_table_lookup (statuses, key), value) != 0;
  g_array_sort (made.latencies, compare_doubles);

  printf ("clients: %u, %u syncs in %d s: %.1f syncs/s, %.1f changes/s\n", g_strv_length (files),
          made.latencies->len, seconds, made.latencies->len / (double) seconds,
          (g_hash_table_size (made.statuses) + g_hash_table_size (made.comments)) / (double) seconds);
  printf ("sync latency: p50 %.0f ms, p99 %.0f ms, max %.0f ms\n", percentile (made.latencies, 0.50),
          percentile (made.latencies, 0.99), percentile (made.latencies, 1.0));
  printf ("failed syncs: %u\n", made.failed_syncs);
  printf ("tickets: %u filed, %u on the server once, %u lost, %u duplicated, %u unknown, %u in another status\n",
          g_hash_table_size (made.statuses), found, lost, twice, extra, wrong);
  printf ("comments: %u written, %u on the server once, %u lost, %u duplicated, %u unknown\n",
          g_hash_table_size (made.comments), c_found, c_lost, c_twice, c_extra);
  good = made.failed_syncs == 0 && lost + twice + extra + wrong + c_lost + c_twice + c_extra == 0 &&
         g_hash_table_size (made.statuses) > 0;
  g_hash_table_unref (made.statuses);
  g_hash_table_unref (made.comments);
  g_array_unref (made.latencies);
  return good ? 0 : 1;
}

int
main (int argc, char **argv)
{
  g_autofree char *server = NULL, *user = NULL, *password = NULL, *out = NULL;
  gint seconds = 600, pause_ms = 1000;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, "The server", "URL" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, "Who", "NAME" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &password, "Their password", "PASSWORD" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "How long the soak runs", "S" },
    { "pause-ms", 0, 0, G_OPTION_ARG_INT, &pause_ms, "The longest pause between changes", "MS" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "Where run writes what it did", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("run | check FILE...");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2 || server == NULL || user == NULL ||
      password == NULL || seconds <= 0)
    {
      g_printerr ("soak-client: %s\n", error != NULL ? error->message : "see --help");
      return 2;
    }
  if (g_str_equal (argv[1], "run") && out != NULL)
    return run (server, user, password, seconds, pause_ms, out);
  if (g_str_equal (argv[1], "check") && argc > 2)
    return check (server, user, password, seconds, argv + 2);
  g_printerr ("soak-client: see --help\n");
  return 2;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "hd-cache.h"
#include "hd-cache-query-private.h"
#include "hd-sla.h"
#include "hd-test-util.h"
#include "hd-time.h"

/* The cache as a real SQLite file in a temporary folder. */

typedef struct {
  char    *dir;
  HdCache *cache;
} Fixture;

static HdTicket *
make_ticket (const char *id,
             gint64      number,
             const char *subject,
             HdPriority  priority,
             HdStatus    status,
             const char *assignee)
{
  HdTicket *t = hd_ticket_new ();

  t->id = g_strdup (id);
  t->number = number;
  t->subject = g_strdup (subject);
  t->description = g_strdup ("The projector in the library shows no signal.");
  t->requester_name = g_strdup ("Ms. Rivera");
  t->requester_email = g_strdup ("rivera@springfield.example");
  t->submitted_by = g_strdup ("frontdesk");
  t->location = g_strdup ("Lincoln Elementary");
  t->topic = g_strdup ("classroom-av");
  t->scope = g_strdup ("few");
  t->effect = g_strdup ("blocked");
  t->priority = priority;
  t->status = status;
  t->assignee = g_strdup (assignee);
  t->created_at = t->updated_at = hd_test_instant ("2026-11-30T14:00:00Z");
  t->response_due_at = hd_test_instant ("2026-11-30T14:30:00Z");
  t->resolution_due_at = hd_test_instant ("2026-11-30T18:00:00Z");
  return t;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("helpdesk-cache-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "sub", "cache.db", NULL);
  f->cache = hd_cache_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (f->dir, "sub", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->cache);
  dir = g_dir_open (sub, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (sub, name, NULL);

      g_unlink (path);
    }
  g_rmdir (sub);
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* A page of the feed: the tickets, then the cursor after them. */
static HdChanges *
page_of (const char *cursor,
         HdTicket   *first,
         ...)
{
  HdChanges *page = hd_changes_new ();
  va_list args;

  va_start (args, first);
  for (HdTicket *t = first; t != NULL; t = va_arg (args, HdTicket *))
    hd_changes_add_ticket (page, t);
  va_end (args);
  page->cursor = g_strdup (cursor);
  return page;
}

static void
test_apply_and_queues (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(HdChanges) page = page_of ("epoch.3",
      make_ticket ("3f1c2b7e-1111-4a2b-9c3d-000000000001", 1, "Projector in room 12", HD_PRIORITY_CRITICAL,
                   HD_STATUS_NEW, "marcus"),
      make_ticket ("3f1c2b7e-1111-4a2b-9c3d-000000000002", 2, "Printer jam in the office", HD_PRIORITY_NORMAL,
                   HD_STATUS_IN_PROGRESS, NULL),
      make_ticket ("3f1c2b7e-1111-4a2b-9c3d-000000000003", 3, "Wi-Fi down in the gym", HD_PRIORITY_HIGH,
                   HD_STATUS_CLOSED, "marcus"),
      NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mine = NULL, unassigned = NULL, closed = NULL, found = NULL, breached = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(HdCachedTicket) by_number = NULL;

  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_assert_no_error (error);
  cursor = hd_cache_get_meta (f->cache, "cursor");
  g_assert_cmpstr (cursor, ==, "epoch.3");
  g_assert_cmpint (hd_cache_count_tickets (f->cache), ==, 3);

  mine = hd_cache_list (f->cache, HD_QUEUE_MINE, "marcus", NULL, NULL, 0, 100);
  g_assert_cmpuint (mine->len, ==, 1);
  unassigned = hd_cache_list (f->cache, HD_QUEUE_UNASSIGNED, "marcus", NULL, NULL, 0, 100);
  g_assert_cmpuint (unassigned->len, ==, 1);
  closed = hd_cache_list (f->cache, HD_QUEUE_CLOSED, NULL, NULL, NULL, 0, 100);
  g_assert_cmpuint (closed->len, ==, 1);
  found = hd_cache_list (f->cache, HD_QUEUE_ALL, NULL, "proj roo", NULL, 0, 100);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (((HdCachedTicket *) g_ptr_array_index (found, 0))->ticket->number, ==, 1);
  breached = hd_cache_list (f->cache, HD_QUEUE_BREACHED, NULL, NULL, NULL,
                            hd_test_instant ("2026-11-30T15:00:00Z"), 100);
  g_assert_cmpuint (breached->len, ==, 2);   /* the critical and the normal one */
  by_number = hd_cache_find_ticket (f->cache, "HD-2");
  g_assert_nonnull (by_number);
  g_assert_cmpstr (by_number->ticket->subject, ==, "Printer jam in the office");
}

static void
test_outbox (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(HdTicket) local = make_ticket ("3f1c2b7e-1111-4a2b-9c3d-000000000009", 0, "Offline ticket",
                                           HD_PRIORITY_MEDIUM, HD_STATUS_NEW, NULL);
  g_autoptr(HdTicket) delivered = make_ticket ("3f1c2b7e-1111-4a2b-9c3d-000000000009", 7, "Offline ticket",
                                               HD_PRIORITY_MEDIUM, HD_STATUS_NEW, "keiko");
  g_autoptr(HdChanges) page = page_of ("epoch.2",
                                       make_ticket ("3f1c2b7e-1111-4a2b-9c3d-000000000009", 7, "Offline ticket",
                                                    HD_PRIORITY_MEDIUM, HD_STATUS_NEW, NULL),
                                       NULL);
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HdCachedTicket) cached = NULL;
  g_autoptr(HdCachedTicket) after = NULL;

  g_assert_true (hd_cache_submit (f->cache, local, "{\"id\": \"3f1c2b7e-1111-4a2b-9c3d-000000000009\"}", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hd_cache_count_outbox (f->cache), ==, 1);
  cached = hd_cache_find_ticket (f->cache, local->id);
  g_assert_true (cached->pending);
  g_assert_cmpint (cached->ticket->number, ==, 0);

  /* a page from the server does not overwrite what waits for delivery */
  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_clear_pointer (&cached, hd_cached_ticket_free);
  cached = hd_cache_find_ticket (f->cache, local->id);
  g_assert_true (cached->pending);

  outbox = hd_cache_list_outbox (f->cache);
  g_assert_cmpuint (outbox->len, ==, 1);
  g_assert_true (hd_cache_outbox_failed (f->cache, g_ptr_array_index (outbox, 0), "server unreachable", &error));
  g_assert_true (hd_cache_outbox_delivered (f->cache, g_ptr_array_index (outbox, 0), delivered, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hd_cache_count_outbox (f->cache), ==, 0);
  after = hd_cache_find_ticket (f->cache, "7");
  g_assert_nonnull (after);
  g_assert_false (after->pending);
  g_assert_cmpstr (after->ticket->assignee, ==, "keiko");
}

static void
test_forget_synced (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(HdChanges) page = page_of ("epoch.9", make_ticket ("3f1c2b7e-1111-4a2b-9c3d-000000000001", 1, "Synced",
                                                    HD_PRIORITY_NORMAL, HD_STATUS_NEW, NULL), NULL);
  g_autoptr(HdTicket) local = make_ticket ("3f1c2b7e-1111-4a2b-9c3d-000000000002", 0, "Local",
                                           HD_PRIORITY_NORMAL, HD_STATUS_NEW, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;

  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_assert_true (hd_cache_submit (f->cache, local, "{}", &error));
  g_assert_true (hd_cache_forget_synced (f->cache, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hd_cache_count_tickets (f->cache), ==, 1);
  g_assert_cmpuint (hd_cache_count_outbox (f->cache), ==, 1);
  cursor = hd_cache_get_meta (f->cache, "cursor");
  g_assert_null (cursor);
}

static void
count_changed (HdCache *cache,
               guint   *changed)
{
  (*changed)++;
}

/* "changed" after the pending ones are told. */
static guint
changes_told (guint *changed)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return *changed;
}

/* A page with tickets tells the views; one with nothing in it (a long
 * poll that waited in vain) moves the cursor and tells nobody, or each
 * idle long poll would recount every report and relist the queue. */
static void
test_changed_for_content (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(HdChanges) empty = page_of ("epoch.4", NULL);
  g_autoptr(HdChanges) page = page_of ("epoch.5", make_ticket ("3f1c2b7e-1111-4a2b-9c3d-000000000001", 1, "Synced",
                                                               HD_PRIORITY_NORMAL, HD_STATUS_NEW, NULL), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  guint changed = 0;

  g_signal_connect (f->cache, "changed", G_CALLBACK (count_changed), &changed);
  g_assert_true (hd_cache_apply_changes (f->cache, empty, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes_told (&changed), ==, 0);
  cursor = hd_cache_get_meta (f->cache, "cursor");
  g_assert_cmpstr (cursor, ==, "epoch.4");
  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes_told (&changed), ==, 1);
  g_signal_handlers_disconnect_by_func (f->cache, count_changed, &changed);
}

/* A small full plan: Chicago, 08:00-16:00 on weekdays, Thanksgiving off. */
static const char plan_text[] =
  "[Help Desk]\nName=Test\nTimeZone=America/Chicago\n"
  "[Hours]\nMonday=08:00-16:00\nTuesday=08:00-16:00\nWednesday=08:00-16:00\n"
  "Thursday=08:00-16:00\nFriday=08:00-16:00\nHolidays=2026-11-26..2026-11-27\n"
  "[Locations]\nNames=Office\n"
  "[Priority critical]\nResponse=30m\nResolution=4h\nWarnBefore=10m\n"
  "[Priority high]\nResponse=2h\nResolution=8h\nWarnBefore=30m\n"
  "[Priority medium]\nResponse=4h\nResolution=16h\nWarnBefore=1h\n"
  "[Priority normal]\nResponse=8h\nResolution=40h\nWarnBefore=2h\n"
  "[Matrix]\nScopes=few;some;many\nEffects=blocked;workaround;inconvenience\n"
  "few=critical;medium;normal\nsome=critical;medium;medium\nmany=critical;high;high\n"
  "[Topic network]\nLabel=Network\nTeam=bob\nLead=bob\n"
  "[Member bob]\nName=Bob\nSenior=true\n"
  "[Escalation]\nSupervisors=bob\n";

/* One ticket per row, each column ordered differently, text in mixed
 * case, some values shared so that ties go by number. */
static HdChanges *
five_tickets (void)
{
  static const struct {
    const char *subject, *requester, *location, *topic, *assignee, *updated;
    HdPriority  priority;
    HdStatus    status;
  } rows[] = {
    { "printer jam", "zoe Adams", "Lincoln", "network", "marcus", "2026-11-30T10:00:00Z",
      HD_PRIORITY_NORMAL, HD_STATUS_RESOLVED },
    { "Projector dead", "Ann Brown", "central", "classroom-av", NULL, "2026-11-30T12:00:00Z",
      HD_PRIORITY_CRITICAL, HD_STATUS_NEW },
    { "badge reader", "Mike Chen", "Lincoln", "accounts", "Keiko", "2026-11-30T11:00:00Z",
      HD_PRIORITY_CRITICAL, HD_STATUS_IN_PROGRESS },
    { "Wi-Fi down", "bob Diaz", "district", "network", "grace", "2026-11-30T09:00:00Z",
      HD_PRIORITY_CRITICAL, HD_STATUS_WAITING },
    { "cracked screen", "Carla Evans", "Central", "student-devices", "marcus", "2026-11-30T13:00:00Z",
      HD_PRIORITY_HIGH, HD_STATUS_CLOSED },
  };
  HdChanges *page = hd_changes_new ();

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *id = g_strdup_printf ("3f1c2b7e-2222-4a2b-9c3d-00000000000%u", i + 1);
      HdTicket *t = make_ticket (id, i + 1, rows[i].subject, rows[i].priority, rows[i].status, rows[i].assignee);

      g_free (t->requester_name);
      t->requester_name = g_strdup (rows[i].requester);
      g_free (t->location);
      t->location = g_strdup (rows[i].location);
      g_free (t->topic);
      t->topic = g_strdup (rows[i].topic);
      t->updated_at = hd_test_instant (rows[i].updated);
      if (i == 2)                  /* due before the other critical one */
        t->response_due_at = hd_test_instant ("2026-11-30T14:10:00Z");
      if (i == 4)
        {
          g_free (t->submitted_by);
          t->submitted_by = g_strdup ("marcus");
        }
      hd_changes_add_ticket (page, t);
    }
  page->cursor = g_strdup ("epoch.5");
  return page;
}

/* The summaries of @queue matching @search (NULL: all) in the order of
 * @sort, for no one in particular, taking @known (may be NULL). */
static GPtrArray *
list_known (HdCache                *cache,
            HdQueue                 queue,
            const char             *search,
            HdSortColumn            sort,
            gboolean                descending,
            const HdKnownSummaries *known)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = hd_cache_list_summaries (cache, queue, NULL, search, sort, descending, NULL, 0, known, &error);

  g_assert_no_error (error);
  return rows;
}

/* The numbers of @rows, in order, as "3 1 2". */
static char *
numbers_of (GPtrArray *rows)
{
  GString *numbers = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (numbers, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "",
                            ((HdTicketSummary *) g_ptr_array_index (rows, i))->number);
  return g_string_free (numbers, FALSE);
}

/* The numbers of the tickets listed, in order: "2 3 4 5 1". */
static char *
list_numbers (HdCache      *cache,
              HdQueue       queue,
              const char   *search,
              HdSortColumn  sort,
              gboolean      descending)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = hd_cache_list_summaries (cache, queue, "marcus", search, sort, descending, NULL,
                                                       hd_test_instant ("2026-11-30T15:00:00Z"), NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return numbers_of (rows);
}

static char *
reversed (const char *numbers)
{
  g_auto(GStrv) words = g_strsplit (numbers, " ", -1);
  guint n = g_strv_length (words);

  for (guint i = 0; i < n / 2; i++)
    {
      char *word = words[i];

      words[i] = words[n - 1 - i];
      words[n - 1 - i] = word;
    }
  return g_strjoinv (" ", words);
}

static void
test_summaries_sort (Fixture       *f,
                     gconstpointer  data)
{
  static const struct {
    HdSortColumn  sort;
    const char   *order;
  } cases[] = {
    /* open first (critical: the nearest deadline first, then the one
     * waiting, which has none), then resolved and closed */
    { HD_SORT_DUE, "3 2 4 5 1" },
    { HD_SORT_NUMBER, "1 2 3 4 5" },
    { HD_SORT_PRIORITY, "2 3 4 5 1" },
    { HD_SORT_SUBJECT, "3 5 1 2 4" },      /* badge, cracked, printer, Projector, Wi-Fi */
    { HD_SORT_REQUESTER, "2 4 5 3 1" },    /* Ann, bob, Carla, Mike, zoe */
    { HD_SORT_LOCATION, "2 5 4 1 3" },     /* central = Central, district, Lincoln twice */
    { HD_SORT_TOPIC, "3 2 1 4 5" },
    { HD_SORT_ASSIGNEE, "2 4 3 1 5" },     /* unassigned, grace, Keiko, marcus twice */
    { HD_SORT_STATUS, "2 3 4 1 5" },       /* new, in progress, waiting, resolved, closed */
    { HD_SORT_UPDATED, "4 1 3 2 5" },
  };
  g_autoptr(HdChanges) page = five_tickets ();
  g_autoptr(GError) error = NULL;

  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *up = list_numbers (f->cache, HD_QUEUE_ALL, NULL, cases[i].sort, FALSE);
      g_autofree char *down = list_numbers (f->cache, HD_QUEUE_ALL, NULL, cases[i].sort, TRUE);
      g_autofree char *expected_down = reversed (cases[i].order);

      g_test_message ("sort by %s", hd_sort_column_to_string (cases[i].sort));
      g_assert_cmpstr (up, ==, cases[i].order);
      g_assert_cmpstr (down, ==, expected_down);
    }
}

static void
test_summaries_fields (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(HdChanges) page = five_tickets ();
  g_autoptr(HdTicket) local = make_ticket ("3f1c2b7e-2222-4a2b-9c3d-000000000009", 0, "Filed offline",
                                           HD_PRIORITY_MEDIUM, HD_STATUS_NEW, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *order = NULL;
  HdTicketSummary *s;
  HdSortColumn sort;

  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_assert_true (hd_cache_submit (f->cache, local, "{}", &error));
  g_assert_no_error (error);

  rows = list_known (f->cache, HD_QUEUE_ALL, NULL, HD_SORT_NUMBER, FALSE, NULL);
  g_assert_cmpuint (rows->len, ==, 6);
  s = g_ptr_array_index (rows, 0);         /* not numbered yet: first */
  g_assert_cmpint (s->number, ==, 0);
  g_assert_true (s->pending);
  g_assert_cmpstr (s->subject, ==, "Filed offline");
  g_assert_null (s->assignee);
  s = g_ptr_array_index (rows, 3);
  g_assert_cmpstr (s->id, ==, "3f1c2b7e-2222-4a2b-9c3d-000000000003");
  g_assert_cmpint (s->number, ==, 3);
  g_assert_cmpint (s->priority, ==, HD_PRIORITY_CRITICAL);
  g_assert_cmpstr (s->subject, ==, "badge reader");
  g_assert_cmpstr (s->requester_name, ==, "Mike Chen");
  g_assert_cmpstr (s->location, ==, "Lincoln");
  g_assert_cmpstr (s->topic, ==, "accounts");
  g_assert_cmpstr (s->assignee, ==, "Keiko");
  g_assert_cmpint (s->status, ==, HD_STATUS_IN_PROGRESS);
  hd_test_assert_instant (s->response_due_at, "2026-11-30T14:10:00Z");
  hd_test_assert_instant (s->resolution_due_at, "2026-11-30T18:00:00Z");
  hd_test_assert_instant (s->next_due_at, "2026-11-30T14:10:00Z");
  hd_test_assert_instant (s->created_at, "2026-11-30T14:00:00Z");
  hd_test_assert_instant (s->updated_at, "2026-11-30T11:00:00Z");
  g_assert_false (s->pending);
  g_assert_cmpint (((HdTicketSummary *) g_ptr_array_index (rows, 5))->next_due_at, ==, -1);   /* resolved */

  order = list_numbers (f->cache, HD_QUEUE_ALL, NULL, HD_SORT_NUMBER, TRUE);
  g_assert_cmpstr (order, ==, "5 4 3 2 1 0");
  for (HdSortColumn c = 0; c < HD_N_SORT_COLUMNS; c++)
    {
      g_assert_true (hd_sort_column_from_string (hd_sort_column_to_string (c), &sort));
      g_assert_cmpint (sort, ==, c);
    }
  g_assert_false (hd_sort_column_from_string ("color", &sort));
}

static void
test_summaries_search (Fixture       *f,
                       gconstpointer  data)
{
  static const struct {
    HdQueue       queue;
    const char   *search;
    HdSortColumn  sort;
    gboolean      descending;
    const char   *order;
  } cases[] = {
    { HD_QUEUE_ALL, "library", HD_SORT_NUMBER, FALSE, "1 2 3 4 5" },  /* every description */
    { HD_QUEUE_OPEN, "library", HD_SORT_SUBJECT, TRUE, "4 2 3" },     /* the open ones only */
    { HD_QUEUE_ALL, "proj dea", HD_SORT_DUE, FALSE, "2" },            /* prefixes, all words */
    { HD_QUEUE_ALL, "PROJECTOR", HD_SORT_NUMBER, FALSE, "1 2 3 4 5" },
    { HD_QUEUE_ALL, "carla ev", HD_SORT_NUMBER, FALSE, "5" },         /* the requester */
    { HD_QUEUE_ALL, "zoe", HD_SORT_NUMBER, FALSE, "1" },
    { HD_QUEUE_MINE, "screen", HD_SORT_NUMBER, FALSE, "" },           /* marcus's is closed */
    { HD_QUEUE_CLOSED, "screen", HD_SORT_NUMBER, FALSE, "5" },
    { HD_QUEUE_ALL, "\"jam\" OR *", HD_SORT_NUMBER, FALSE, "" },      /* words, never FTS syntax */
    { HD_QUEUE_ALL, " ,; ", HD_SORT_NUMBER, FALSE, "1 2 3 4 5" },     /* no words: no search */
  };
  g_autoptr(HdChanges) page = five_tickets ();
  g_autoptr(GError) error = NULL;

  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *found = list_numbers (f->cache, cases[i].queue, cases[i].search, cases[i].sort,
                                             cases[i].descending);

      g_test_message ("search “%s” in %s", cases[i].search, hd_queue_to_string (cases[i].queue));
      g_assert_cmpstr (found, ==, cases[i].order);
    }
}

static void
test_count_queues (Fixture       *f,
                   gconstpointer  data)
{
  /* at 14:05 Monday: 2 due at 14:30 (critical, 10 minutes' warning)
   * and 3 at 14:10 are due soon; at 14:20, 3 is breached and 2 due soon */
  static const struct {
    const char *now;
    guint       counts[HD_QUEUE_ALL + 1];
  } cases[] = {
    { "2026-11-30T14:05:00Z", { 0, 1, 3, 1, 0, 1, 1, 2, 5 } },
    { "2026-11-30T14:20:00Z", { 0, 1, 3, 1, 1, 1, 1, 2, 5 } },
    { "2026-11-30T15:00:00Z", { 0, 1, 3, 0, 2, 1, 1, 2, 5 } },
  };
  g_autoptr(HdPlan) plan = hd_test_plan_from_text (plan_text, HD_PLAN_SCOPE_FULL);
  g_autoptr(HdChanges) page = five_tickets ();
  g_autoptr(GError) error = NULL;
  guint counts[HD_QUEUE_ALL + 1];

  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 now = hd_test_instant (cases[i].now);

      g_assert_true (hd_cache_count_queues (f->cache, "marcus", plan, now, counts, &error));
      g_assert_no_error (error);
      for (HdQueue q = 0; q <= HD_QUEUE_ALL; q++)
        {
          g_autoptr(GPtrArray) rows = hd_cache_list_summaries (f->cache, q, "marcus", NULL, HD_SORT_DUE, FALSE, plan,
                                                               now, NULL, &error);
          g_autoptr(GPtrArray) tickets = hd_cache_list (f->cache, q, "marcus", NULL, plan, now, 100);

          g_test_message ("%s at %s", hd_queue_to_string (q), cases[i].now);
          g_assert_cmpuint (counts[q], ==, cases[i].counts[q]);
          g_assert_cmpuint (rows->len, ==, counts[q]);
          g_assert_cmpuint (tickets->len, ==, counts[q]);
        }
    }

  /* without a plan, nothing can be told due soon */
  g_assert_true (hd_cache_count_queues (f->cache, "grace", NULL, hd_test_instant ("2026-11-30T14:05:00Z"), counts,
                                        &error));
  g_assert_cmpuint (counts[HD_QUEUE_MINE], ==, 1);
  g_assert_cmpuint (counts[HD_QUEUE_DUE_SOON], ==, 0);
  g_assert_cmpuint (counts[HD_QUEUE_SUBMITTED], ==, 0);
}

/* Due soon is worked out in SQL from an instant per priority; it must
 * agree with hd_sla_state() second for second, across an evening, a
 * holiday and a weekend, where business time stands still. */
static void
test_due_soon_agrees (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const dues[] = {
    "2026-11-25T21:56:00Z", "2026-11-25T21:59:59Z", "2026-11-25T22:00:00Z", "2026-11-25T22:00:01Z",
    "2026-11-28T12:00:00Z", "2026-11-30T14:00:00Z", "2026-11-30T14:04:59Z", "2026-11-30T14:05:00Z",
    "2026-11-30T14:05:01Z", "2026-11-30T14:25:00Z", "2026-11-30T14:25:01Z", "2026-11-30T15:50:00Z",
    "2026-11-30T15:55:00Z", "2026-11-30T16:00:00Z", "2026-12-01T14:00:00Z",
  };
  static const char * const nows[] = {
    "2026-11-25T21:55:00Z", "2026-11-25T21:56:00Z", "2026-11-25T23:00:00Z", "2026-11-30T14:00:00Z",
    "2026-11-30T13:00:00Z",
  };
  g_autoptr(HdPlan) plan = hd_test_plan_from_text (plan_text, HD_PLAN_SCOPE_FULL);
  g_autoptr(HdChanges) page = hd_changes_new ();
  g_autoptr(GError) error = NULL;
  guint n = 0;

  for (HdPriority p = 0; p < HD_N_PRIORITIES; p++)
    for (guint d = 0; d < G_N_ELEMENTS (dues); d++)
      {
        g_autofree char *id = g_strdup_printf ("3f1c2b7e-3333-4a2b-9c3d-%012u", ++n);
        HdTicket *t = make_ticket (id, n, "Deadline", p, HD_STATUS_NEW, NULL);

        t->response_due_at = hd_test_instant (dues[d]);
        hd_changes_add_ticket (page, t);
      }
  page->cursor = g_strdup ("epoch.1");
  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (nows); i++)
    {
      gint64 now = hd_test_instant (nows[i]);
      g_autoptr(GPtrArray) soon = hd_cache_list_summaries (f->cache, HD_QUEUE_DUE_SOON, NULL, NULL, HD_SORT_NUMBER,
                                                           FALSE, plan, now, NULL, &error);
      g_autoptr(GPtrArray) late = hd_cache_list_summaries (f->cache, HD_QUEUE_BREACHED, NULL, NULL,
                                                           HD_SORT_NUMBER, FALSE, plan, now, NULL, &error);
      guint expected_soon = 0, expected_late = 0, j = 0, k = 0;
      guint counts[HD_QUEUE_ALL + 1];

      g_assert_no_error (error);
      for (guint t = 0; t < page->tickets->len; t++)
        {
          const HdTicket *ticket = g_ptr_array_index (page->tickets, t);
          HdSlaState state = hd_sla_state (plan, ticket->priority, ticket->response_due_at, -1, now);

          if (state == HD_SLA_DUE_SOON)
            {
              expected_soon++;
              g_assert_cmpuint (j, <, soon->len);
              g_assert_cmpint (((HdTicketSummary *) g_ptr_array_index (soon, j++))->number, ==, ticket->number);
            }
          else if (state == HD_SLA_BREACHED)
            {
              expected_late++;
              g_assert_cmpuint (k, <, late->len);
              g_assert_cmpint (((HdTicketSummary *) g_ptr_array_index (late, k++))->number, ==, ticket->number);
            }
        }
      g_assert_cmpuint (soon->len, ==, expected_soon);
      g_assert_cmpuint (late->len, ==, expected_late);
      g_assert_true (hd_cache_count_queues (f->cache, NULL, plan, now, counts, &error));
      g_assert_cmpuint (counts[HD_QUEUE_DUE_SOON], ==, expected_soon);
      g_assert_cmpuint (counts[HD_QUEUE_BREACHED], ==, expected_late);
    }
}

/* A cache as Help Desk left it at schema 3, with a ticket in it. */
static const char schema_3[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE tickets ("
  "  id TEXT PRIMARY KEY, number INTEGER NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL,"
  "  subject TEXT NOT NULL, status TEXT NOT NULL, is_open INTEGER NOT NULL, priority INTEGER NOT NULL,"
  "  assignee TEXT, submitted_by TEXT NOT NULL, next_due_at INTEGER, updated_at INTEGER NOT NULL,"
  "  pending INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX tickets_by_number ON tickets (number);"
  "CREATE INDEX tickets_open_by_assignee ON tickets (is_open, assignee, priority, next_due_at);"
  "CREATE INDEX tickets_open_by_due ON tickets (is_open, next_due_at);"
  "CREATE INDEX tickets_by_status ON tickets (status, updated_at);"
  "CREATE INDEX tickets_by_submitter ON tickets (submitted_by, updated_at);"
  "CREATE TABLE comments ("
  "  id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, json TEXT NOT NULL, body TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL, pending INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX comments_by_ticket ON comments (ticket_id, created_at);"
  "CREATE VIRTUAL TABLE tickets_fts USING fts5 (number, subject, description, requester, comments,"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, ticket_id TEXT NOT NULL,"
  "  body TEXT NOT NULL, created_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,"
  "  if_match TEXT, base TEXT);"
  "CREATE TABLE conflicts ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, ticket_id TEXT NOT NULL, field TEXT NOT NULL,"
  "  mine TEXT, theirs TEXT, created_at INTEGER NOT NULL);"
  "CREATE TABLE fts_dirty (id TEXT PRIMARY KEY) WITHOUT ROWID;"
  "PRAGMA user_version = 3;";

static void
write_schema_3 (const char     *path,
                const HdTicket *t)
{
  g_autoptr(JsonNode) node = hd_ticket_to_json (t);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  json_generator_set_root (generator, node);
  json = json_generator_to_data (generator, NULL);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, schema_3, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO tickets (id, number, version, json, subject, status,"
                                           " is_open, priority, assignee, submitted_by, next_due_at, updated_at)"
                                           " VALUES (?, ?, 1, ?, ?, 'in-progress', 1, 0, NULL, 'frontdesk', ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, t->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, t->number);
  sqlite3_bind_text (stmt, 3, json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, t->subject, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, t->response_due_at);
  sqlite3_bind_int64 (stmt, 6, t->updated_at);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO comments (id, ticket_id, json, body, created_at) VALUES"
                                     " ('3f1c2b7e-4444-4a2b-9c3d-0000000000c1', '3f1c2b7e-4444-4a2b-9c3d-000000000001',"
                                     " '{\"id\": \"3f1c2b7e-4444-4a2b-9c3d-0000000000c1\","
                                     " \"ticket_id\": \"3f1c2b7e-4444-4a2b-9c3d-000000000001\", \"author\": \"marcus\","
                                     " \"body\": \"Bulb ordered\", \"internal\": true, \"created_at\": \"2026-11-30T14:10:00Z\"}',"
                                     " 'Bulb ordered', 1796047800)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
test_migration_backfill (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "sub", "schema-3.db", NULL);
  g_autoptr(HdTicket) t = make_ticket ("3f1c2b7e-4444-4a2b-9c3d-000000000001", 41, "Projector in room 12",
                                       HD_PRIORITY_CRITICAL, HD_STATUS_IN_PROGRESS, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HdCache) cache = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(HdCachedTicket) found = NULL;
  HdTicketSummary *s;

  t->created_at = hd_test_instant ("2026-11-30T13:45:00Z");
  t->requester_phone = g_strdup ("+1 555 0110");
  t->channel = HD_CHANNEL_PHONE;
  t->priority_reason = g_strdup ("The whole school");
  t->acknowledged_at = hd_test_instant ("2026-11-30T13:50:00Z");
  t->escalation_level = 1;
  write_schema_3 (path, t);
  cache = hd_cache_open (path, &error);
  g_assert_no_error (error);

  rows = hd_cache_list_summaries (cache, HD_QUEUE_OPEN, NULL, NULL, HD_SORT_REQUESTER, FALSE, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  s = g_ptr_array_index (rows, 0);
  g_assert_cmpint (s->number, ==, 41);
  g_assert_cmpstr (s->requester_name, ==, "Ms. Rivera");
  g_assert_cmpstr (s->location, ==, "Lincoln Elementary");
  g_assert_cmpstr (s->topic, ==, "classroom-av");
  hd_test_assert_instant (s->created_at, "2026-11-30T13:45:00Z");
  hd_test_assert_instant (s->response_due_at, "2026-11-30T14:30:00Z");
  hd_test_assert_instant (s->resolution_due_at, "2026-11-30T18:00:00Z");
  hd_test_assert_instant (s->next_due_at, "2026-11-30T14:30:00Z");
  found = hd_cache_find_ticket (cache, "HD-41");
  g_assert_nonnull (found);
  /* migration 8 moved what only the JSON held into columns */
  {
    g_autofree char *before = hd_ticket_to_json_text (t);
    g_autofree char *after = hd_ticket_to_json_text (found->ticket);
    g_autoptr(GPtrArray) comments = hd_cache_list_comments (cache, t->id);
    HdComment *c;

    g_assert_cmpstr (after, ==, before);
    g_assert_cmpuint (comments->len, ==, 1);
    c = g_ptr_array_index (comments, 0);
    g_assert_cmpstr (c->author, ==, "marcus");
    g_assert_cmpstr (c->body, ==, "Bulb ordered");
    g_assert_true (c->internal);
    hd_test_assert_instant (c->created_at, "2026-11-30T14:10:00Z");
  }
}

static gboolean
holds (GPtrArray       *rows,
       HdTicketSummary *summary)
{
  return g_ptr_array_find (rows, summary, NULL);
}

/* The head of a list is its first rows, in every queue, search and
 * order; the whole list read behind it takes the head's summaries and
 * comes out as the whole read alone (with more rows missing than known,
 * and fewer). */
static void
test_summaries_head (Fixture       *f,
                     gconstpointer  data)
{
  static const HdQueue queues[] = { HD_QUEUE_ALL, HD_QUEUE_OPEN, HD_QUEUE_CLOSED, HD_QUEUE_MINE };
  static const char * const searches[] = { NULL, "r" };
  g_autoptr(HdChanges) page = five_tickets ();
  g_autoptr(HdTicket) local = make_ticket ("3f1c2b7e-2222-4a2b-9c3d-000000000009", 0, "Filed offline",
                                           HD_PRIORITY_MEDIUM, HD_STATUS_NEW, "marcus");
  gint64 now = hd_test_instant ("2026-11-30T15:00:00Z");
  g_autoptr(GError) error = NULL;
  guint heads = 0;

  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_assert_true (hd_cache_submit (f->cache, local, "{}", &error));
  g_assert_no_error (error);
  for (guint q = 0; q < G_N_ELEMENTS (queues); q++)
    for (guint w = 0; w < G_N_ELEMENTS (searches); w++)
      for (HdSortColumn sort = 0; sort < HD_N_SORT_COLUMNS; sort++)
        for (int descending = 0; descending <= 1; descending++)
          {
            g_autoptr(GPtrArray) whole = hd_cache_list_summaries (f->cache, queues[q], "marcus", searches[w], sort,
                                                                  descending, NULL, now, NULL, &error);
            g_autofree char *whole_numbers = numbers_of (whole);

            g_assert_no_error (error);
            for (guint limit = 1; limit <= whole->len + 1; limit++)
              {
                g_autoptr(GPtrArray) head = hd_cache_list_summaries_head (f->cache, queues[q], "marcus", searches[w],
                                                                          sort, descending, NULL, now, limit, &error);
                g_autoptr(GPtrArray) rest = NULL;
                g_autofree char *head_numbers = NULL, *rest_numbers = NULL;
                HdKnownSummaries known = { head, sort, descending, NULL };

                g_assert_no_error (error);
                g_test_message ("queue %s, search %s, by %s%s, head of %u", hd_queue_to_string (queues[q]),
                                searches[w], hd_sort_column_to_string (sort), descending ? " descending" : "", limit);
                head_numbers = numbers_of (head);
                g_assert_cmpuint (head->len, ==, MIN (limit, whole->len));
                g_assert_true (strncmp (whole_numbers, head_numbers, strlen (head_numbers)) == 0);
                rest = hd_cache_list_summaries (f->cache, queues[q], "marcus", searches[w], sort, descending, NULL,
                                                now, &known, &error);
                g_assert_no_error (error);
                rest_numbers = numbers_of (rest);
                g_assert_cmpstr (rest_numbers, ==, whole_numbers);
                for (guint i = 0; i < head->len; i++)
                  g_assert_true (g_ptr_array_index (rest, i) == g_ptr_array_index (head, i));
                heads++;
              }
          }
  g_assert_cmpuint (heads, >, 300);
}

/* Summaries a list already has are taken while nothing was written
 * since, and read again after; the rows come out as a fresh list's. */
static void
test_summaries_known (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(HdChanges) page = five_tickets ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(HdChanges) change = NULL;
  g_autofree char *sorted_numbers = NULL, *fresh_numbers = NULL;
  HdKnownSummaries known;
  HdTicket *t;

  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_assert_no_error (error);
  shown = list_known (f->cache, HD_QUEUE_ALL, NULL, HD_SORT_NUMBER, FALSE, NULL);

  known = (HdKnownSummaries) { shown, HD_SORT_NUMBER, FALSE, NULL };
  sorted = list_known (f->cache, HD_QUEUE_ALL, NULL, HD_SORT_SUBJECT, TRUE, &known);
  fresh = list_known (f->cache, HD_QUEUE_ALL, NULL, HD_SORT_SUBJECT, TRUE, NULL);
  sorted_numbers = numbers_of (sorted);
  fresh_numbers = numbers_of (fresh);
  g_assert_cmpstr (sorted_numbers, ==, "4 2 1 5 3");
  g_assert_cmpstr (sorted_numbers, ==, fresh_numbers);
  for (guint i = 0; i < sorted->len; i++)
    {
      g_assert_true (holds (shown, g_ptr_array_index (sorted, i)));
      g_assert_false (holds (shown, g_ptr_array_index (fresh, i)));
    }

  /* a search narrowing the rows shown, in their order and in another */
  {
    g_autoptr(GPtrArray) narrowed = NULL;
    g_autoptr(GPtrArray) other = NULL;
    g_autofree char *narrowed_numbers = NULL, *other_numbers = NULL;

    known = (HdKnownSummaries) { sorted, HD_SORT_SUBJECT, TRUE, NULL };
    narrowed = list_known (f->cache, HD_QUEUE_ALL, "d", HD_SORT_SUBJECT, TRUE, &known);
    other = list_known (f->cache, HD_QUEUE_ALL, "d", HD_SORT_SUBJECT, FALSE, &known);
    narrowed_numbers = numbers_of (narrowed);
    other_numbers = numbers_of (other);
    g_assert_cmpstr (narrowed_numbers, ==, "4 2");
    g_assert_cmpstr (other_numbers, ==, "2 4");
    g_assert_true (holds (sorted, g_ptr_array_index (narrowed, 0)) && holds (sorted, g_ptr_array_index (other, 0)));
  }

  /* a search and another queue take the rows they share */
  found = list_known (f->cache, HD_QUEUE_ALL, "badg", HD_SORT_NUMBER, FALSE, &known);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (holds (shown, g_ptr_array_index (found, 0)));
  known = (HdKnownSummaries) { found, HD_SORT_NUMBER, FALSE, NULL };
  open = list_known (f->cache, HD_QUEUE_OPEN, NULL, HD_SORT_NUMBER, FALSE, &known);
  g_assert_cmpuint (open->len, ==, 3);
  g_assert_false (holds (found, g_ptr_array_index (open, 0)));
  g_assert_true (holds (found, g_ptr_array_index (open, 1)));
  g_assert_false (holds (found, g_ptr_array_index (open, 2)));
  g_assert_cmpint (((HdTicketSummary *) g_ptr_array_index (open, 1))->number, ==, 3);

  /* written since: read again, as it is now */
  t = make_ticket ("3f1c2b7e-2222-4a2b-9c3d-000000000002", 2, "Projector fixed", HD_PRIORITY_CRITICAL,
                   HD_STATUS_RESOLVED, "marcus");
  t->version = 2;
  change = page_of ("epoch.9", t, NULL);
  g_assert_true (hd_cache_apply_changes (f->cache, change, &error));
  g_assert_no_error (error);
  known = (HdKnownSummaries) { shown, HD_SORT_NUMBER, FALSE, NULL };
  after = list_known (f->cache, HD_QUEUE_ALL, NULL, HD_SORT_NUMBER, FALSE, &known);
  g_assert_cmpuint (after->len, ==, 5);
  g_assert_cmpstr (((HdTicketSummary *) g_ptr_array_index (after, 1))->subject, ==, "Projector fixed");
  g_assert_cmpint (((HdTicketSummary *) g_ptr_array_index (after, 1))->status, ==, HD_STATUS_RESOLVED);
  for (guint i = 0; i < after->len; i++)
    g_assert_false (holds (shown, g_ptr_array_index (after, i)));

  /* written by another process on the same file (helpdesk-cli) */
  {
    g_autofree char *path = g_build_filename (f->dir, "sub", "cache.db", NULL);
    g_autoptr(GPtrArray) again = NULL;
    g_autoptr(GPtrArray) elsewhere = NULL;
    sqlite3 *db = NULL;

    known = (HdKnownSummaries) { after, HD_SORT_NUMBER, FALSE, NULL };
    again = list_known (f->cache, HD_QUEUE_ALL, NULL, HD_SORT_NUMBER, TRUE, &known);
    g_assert_true (holds (after, g_ptr_array_index (again, 0)));
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE tickets SET subject = 'Renamed elsewhere' WHERE number = 5", NULL, NULL,
                                   NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
    known = (HdKnownSummaries) { again, HD_SORT_NUMBER, TRUE, NULL };
    elsewhere = list_known (f->cache, HD_QUEUE_ALL, NULL, HD_SORT_NUMBER, TRUE, &known);
    g_assert_cmpstr (((HdTicketSummary *) g_ptr_array_index (elsewhere, 0))->subject, ==, "Renamed elsewhere");
    g_assert_false (holds (again, g_ptr_array_index (elsewhere, 0)));
  }
}

/* What typing on narrows: more letters, more words. */
static void
test_search_narrows (void)
{
  g_assert_true (_hd_cache_search_narrows (NULL, "p"));
  g_assert_true (_hd_cache_search_narrows ("  ", "p"));
  g_assert_true (_hd_cache_search_narrows ("p", "pr"));
  g_assert_true (_hd_cache_search_narrows ("P", "pr"));
  g_assert_true (_hd_cache_search_narrows ("pr", "pr"));
  g_assert_true (_hd_cache_search_narrows ("p", "p x"));
  g_assert_true (_hd_cache_search_narrows ("a b", "a bc d"));
  g_assert_true (_hd_cache_search_narrows ("wi", "wi-fi"));
  g_assert_true (_hd_cache_search_narrows ("wi-f", "wi-fi"));
  g_assert_false (_hd_cache_search_narrows ("pr", "p"));
  g_assert_false (_hd_cache_search_narrows ("p", NULL));
  g_assert_false (_hd_cache_search_narrows ("printer jam", "printer ja"));
  g_assert_false (_hd_cache_search_narrows ("a b", "ab"));
  g_assert_false (_hd_cache_search_narrows ("a b", "b a"));
}

/* A search typed on over the whole of a queue's list looks among its
 * rows alone while they are current; any other search is read from the
 * queue. */
static void
test_summaries_typed_on (Fixture       *f,
                         gconstpointer  data)
{
  const char * const searches[] = { "p", "pr", "projector d", "wi-f", "zzz" };
  g_autoptr(HdChanges) page = five_tickets ();
  g_autoptr(HdChanges) change = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *printer_numbers = NULL;
  HdKnownSummaries known;
  HdTicket *t;

  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_assert_no_error (error);
  all = list_known (f->cache, HD_QUEUE_ALL, NULL, HD_SORT_NUMBER, FALSE, NULL);
  open = list_known (f->cache, HD_QUEUE_OPEN, NULL, HD_SORT_NUMBER, FALSE, NULL);
  g_assert_cmpuint (open->len, <, all->len);

  /* letters and words typed on: the rows given, in their order */
  known = (HdKnownSummaries) { all, HD_SORT_NUMBER, FALSE, NULL, TRUE, HD_QUEUE_ALL, NULL };
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autoptr(GPtrArray) typed = list_known (f->cache, HD_QUEUE_ALL, searches[i], HD_SORT_NUMBER, FALSE, &known);
      g_autoptr(GPtrArray) fresh = list_known (f->cache, HD_QUEUE_ALL, searches[i], HD_SORT_NUMBER, FALSE, NULL);
      g_autofree char *typed_numbers = numbers_of (typed);
      g_autofree char *fresh_numbers = numbers_of (fresh);

      g_assert_cmpstr (typed_numbers, ==, fresh_numbers);
      for (guint j = 0; j < typed->len; j++)
        g_assert_true (holds (all, g_ptr_array_index (typed, j)));
    }

  /* rows said to be the whole queue are all it looks among: the closed
   * ticket is not among the open queue's */
  {
    g_autoptr(GPtrArray) trusted = NULL;

    known = (HdKnownSummaries) { open, HD_SORT_NUMBER, FALSE, NULL, TRUE, HD_QUEUE_ALL, NULL };
    trusted = list_known (f->cache, HD_QUEUE_ALL, "cracked", HD_SORT_NUMBER, FALSE, &known);
    g_assert_cmpuint (trusted->len, ==, 0);
  }

  /* another queue, or a search that is not typed on: read again */
  known = (HdKnownSummaries) { open, HD_SORT_NUMBER, FALSE, NULL, TRUE, HD_QUEUE_OPEN, NULL };
  found = list_known (f->cache, HD_QUEUE_ALL, "cracked", HD_SORT_NUMBER, FALSE, &known);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  {
    g_autoptr(GPtrArray) projector = list_known (f->cache, HD_QUEUE_ALL, "projector", HD_SORT_NUMBER, FALSE, NULL);

    known = (HdKnownSummaries) { projector, HD_SORT_NUMBER, FALSE, NULL, TRUE, HD_QUEUE_ALL, "projector" };
    found = list_known (f->cache, HD_QUEUE_ALL, "badge", HD_SORT_NUMBER, FALSE, &known);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpint (((HdTicketSummary *) g_ptr_array_index (found, 0))->number, ==, 3);
    g_clear_pointer (&found, g_ptr_array_unref);
  }

  /* written since: the rows given are no longer the queue's */
  t = make_ticket ("3f1c2b7e-2222-4a2b-9c3d-000000000003", 3, "printer badge reader", HD_PRIORITY_CRITICAL,
                   HD_STATUS_IN_PROGRESS, "Keiko");
  t->version = 2;
  change = page_of ("epoch.9", t, NULL);
  g_assert_true (hd_cache_apply_changes (f->cache, change, &error));
  g_assert_no_error (error);
  known = (HdKnownSummaries) { all, HD_SORT_NUMBER, FALSE, NULL, TRUE, HD_QUEUE_ALL, NULL };
  found = list_known (f->cache, HD_QUEUE_ALL, "printer", HD_SORT_NUMBER, FALSE, &known);
  printer_numbers = numbers_of (found);
  g_assert_cmpstr (printer_numbers, ==, "1 3");
}

typedef struct {
  GMainLoop *loop;
  GPtrArray *rows;
  gboolean   counted;
  guint      counts[HD_QUEUE_ALL + 1];
  GError    *error;
} Waiting;

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waiting *w = user_data;

  w->rows = hd_cache_list_summaries_finish (HD_CACHE (source), result, &w->error);
  g_main_loop_quit (w->loop);
}

static void
counted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waiting *w = user_data;

  w->counted = hd_cache_count_queues_finish (HD_CACHE (source), result, w->counts, &w->error);
  g_main_loop_quit (w->loop);
}

static void
test_summaries_async (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(HdPlan) plan = hd_test_plan_from_text (plan_text, HD_PLAN_SCOPE_FULL);
  g_autoptr(HdChanges) page = five_tickets ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *search = g_strdup ("library");
  Waiting w = { loop };

  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_assert_no_error (error);

  /* the strings and the plan are the call's own: the caller may drop them */
  hd_cache_list_summaries_async (f->cache, HD_QUEUE_OPEN, "marcus", search, HD_SORT_SUBJECT, FALSE, plan,
                                 hd_test_instant ("2026-11-30T14:05:00Z"), NULL, NULL, listed_cb, &w);
  g_clear_pointer (&search, g_free);
  g_clear_object (&plan);
  g_main_loop_run (loop);
  g_assert_no_error (w.error);
  g_assert_cmpuint (w.rows->len, ==, 3);
  g_assert_cmpint (((HdTicketSummary *) g_ptr_array_index (w.rows, 0))->number, ==, 3);
  g_clear_pointer (&w.rows, g_ptr_array_unref);

  plan = hd_test_plan_from_text (plan_text, HD_PLAN_SCOPE_FULL);
  hd_cache_count_queues_async (f->cache, "marcus", plan, hd_test_instant ("2026-11-30T14:05:00Z"), NULL,
                               counted_cb, &w);
  g_main_loop_run (loop);
  g_assert_no_error (w.error);
  g_assert_true (w.counted);
  g_assert_cmpuint (w.counts[HD_QUEUE_OPEN], ==, 3);
  g_assert_cmpuint (w.counts[HD_QUEUE_DUE_SOON], ==, 1);
  g_assert_cmpuint (w.counts[HD_QUEUE_ALL], ==, 5);

  /* a window closed before the answer came */
  g_cancellable_cancel (cancelled);
  hd_cache_list_summaries_async (f->cache, HD_QUEUE_ALL, NULL, NULL, HD_SORT_DUE, FALSE, NULL, 0, NULL, cancelled,
                                 listed_cb, &w);
  g_main_loop_run (loop);
  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (w.rows);
  g_clear_error (&w.error);
  hd_cache_count_queues_async (f->cache, NULL, NULL, 0, cancelled, counted_cb, &w);
  g_main_loop_run (loop);
  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (w.counted);
  g_clear_error (&w.error);
}

/* Every order, both ways, walks an index: a sort SQLite does itself
 * costs 35 to 140 ms over 100,000 tickets (see bench-queue). */
static void
test_orders_use_indexes (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "sub", "cache.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (HdSortColumn sort = 0; sort < HD_N_SORT_COLUMNS; sort++)
    for (int descending = 0; descending <= 1; descending++)
      {
        g_autofree char *order = _hd_cache_order_by (sort, descending);
        g_autofree char *sql = g_strdup_printf ("EXPLAIN QUERY PLAN SELECT t.rowid FROM tickets t ORDER BY %s", order);
        g_autoptr(GString) plan = g_string_new (NULL);
        sqlite3_stmt *stmt = NULL;

        g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));
        sqlite3_finalize (stmt);
        g_test_message ("%s: %s", order, plan->str);
        g_assert_nonnull (strstr (plan->str, "USING COVERING INDEX"));
        g_assert_null (strstr (plan->str, "TEMP B-TREE"));
      }
  sqlite3_close (db);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cache/apply-and-queues", Fixture, NULL, fixture_set_up, test_apply_and_queues, fixture_tear_down);
  g_test_add ("/cache/outbox", Fixture, NULL, fixture_set_up, test_outbox, fixture_tear_down);
  g_test_add ("/cache/changed-for-content", Fixture, NULL, fixture_set_up, test_changed_for_content,
              fixture_tear_down);
  g_test_add ("/cache/forget-synced", Fixture, NULL, fixture_set_up, test_forget_synced, fixture_tear_down);
  g_test_add ("/cache/summaries/sort", Fixture, NULL, fixture_set_up, test_summaries_sort, fixture_tear_down);
  g_test_add ("/cache/summaries/fields", Fixture, NULL, fixture_set_up, test_summaries_fields, fixture_tear_down);
  g_test_add ("/cache/summaries/search", Fixture, NULL, fixture_set_up, test_summaries_search, fixture_tear_down);
  g_test_add ("/cache/summaries/known", Fixture, NULL, fixture_set_up, test_summaries_known, fixture_tear_down);
  g_test_add ("/cache/summaries/head", Fixture, NULL, fixture_set_up, test_summaries_head, fixture_tear_down);
  g_test_add_func ("/cache/search-narrows", test_search_narrows);
  g_test_add ("/cache/summaries/typed-on", Fixture, NULL, fixture_set_up, test_summaries_typed_on, fixture_tear_down);
  g_test_add ("/cache/summaries/orders-use-indexes", Fixture, NULL, fixture_set_up, test_orders_use_indexes,
              fixture_tear_down);
  g_test_add ("/cache/summaries/async", Fixture, NULL, fixture_set_up, test_summaries_async, fixture_tear_down);
  g_test_add ("/cache/count-queues", Fixture, NULL, fixture_set_up, test_count_queues, fixture_tear_down);
  g_test_add ("/cache/due-soon-agrees", Fixture, NULL, fixture_set_up, test_due_soon_agrees, fixture_tear_down);
  g_test_add ("/cache/migration-backfill", Fixture, NULL, fixture_set_up, test_migration_backfill,
              fixture_tear_down);

  return g_test_run ();
}

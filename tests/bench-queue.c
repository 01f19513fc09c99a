/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <time.h>
#include <glib/gstdio.h>

#include "hd-cache.h"
#include "hd-sla.h"
#include "hd-test-util.h"
#include "hd-time.h"

/* A queue as the ticket list asks for it, over a cache of 100,000
 * tickets (three school years of a district, most of them closed): the
 * default queue, every sort both ways, searches, the queues' counts.
 * Prints the median of each, in wall time and in the CPU time of the
 * calling thread, which a busy machine inflates less. Usage:
 * bench-queue [TICKETS [RUNS]]. */

#define PAGE 10000

/* The rows a window shows first of a long queue (see hd-queue-view.c). */
#define HEAD 100

static const char * const devices[] = {
  "Projector", "Printer", "Chromebook", "Laptop", "Document camera", "Desktop", "Phone", "Speaker",
  "Wi-Fi", "Badge reader", "Copier", "Monitor", "Headset", "Tablet", "Keyboard", "Email", "Gradebook",
};
static const char * const problems[] = {
  "won't turn on", "shows no signal", "keeps disconnecting", "has a cracked screen", "is very slow",
  "paper jam", "needs a password reset", "is missing", "makes a buzzing noise", "cannot log in",
  "error 0x80070005", "won't charge", "prints blank pages", "flickers", "is locked out",
};
static const char * const places[] = {
  "room 12", "room 14", "room 108", "the library", "the gym", "the front office", "the cafeteria",
  "lab B", "the music room", "portable 3", "the nurse's office", "the counseling office",
};
static const char * const first_names[] = {
  "Maria", "James", "Aisha", "Chen", "Olga", "Diego", "Fatima", "Noah", "Priya", "Liam", "Sofia",
  "Kwame", "Hannah", "Mateo", "Yuki", "Ethan", "Amara", "Lucas", "Zoe", "Omar", "Ingrid", "Ravi",
  "Grace", "Tomás", "Elena", "Samuel", "Leila", "Victor", "Nora", "Isaac",
};
static const char * const last_names[] = {
  "Rivera", "Smith", "Okafor", "Nguyen", "Kowalski", "García", "Haddad", "Johnson", "Patel", "Müller",
  "Rossi", "Mensah", "Schmidt", "López", "Tanaka", "Brown", "Diallo", "Silva", "Cohen", "Khan",
  "Andersson", "Iyer", "Walker", "Novak", "Petrov", "Reyes", "Moreau", "O'Brien", "Kim", "Baker",
};

typedef struct {
  HdPlan   *plan;
  GRand    *rand;
  gint64    now;
  const char * const *locations;
  guint     n_locations;
} Maker;

static const char *
pick (GRand               *rand,
      const char * const  *words,
      guint                n)
{
  return words[g_rand_int_range (rand, 0, n)];
}

#define PICK(rand, words) pick ((rand), (words), G_N_ELEMENTS (words))

/* Ticket @i of @n, created in order over three years up to now: the
 * last few thousand still open, one in 500 about a smartboard. */
static HdTicket *
make_ticket (Maker *m,
             guint  i,
             guint  n)
{
  HdTicket *t = hd_ticket_new ();
  const GPtrArray *topics = hd_plan_get_topics (m->plan);
  const GPtrArray *members = hd_plan_get_members (m->plan);
  const char *device = g_rand_int_range (m->rand, 0, 500) == 0 ? "Smartboard" : PICK (m->rand, devices);
  const char *place = PICK (m->rand, places);
  gint64 created = m->now - (gint64) (n - i) * (3 * 365 * 86400 / n) - g_rand_int_range (m->rand, 0, 3600);
  gboolean open = i >= n - n / 12;
  double roll = g_rand_double (m->rand);

  t->id = g_strdup_printf ("00000000-0000-4000-8000-%012x", i + 1);
  t->number = i + 1;
  t->subject = g_strdup_printf ("%s %s in %s", device, PICK (m->rand, problems), place);
  t->description = g_strdup_printf ("Reported from %s. The %s %s since this morning; a class is waiting.",
                                    place, device, PICK (m->rand, problems));
  t->requester_name = g_strdup_printf ("%s %s", PICK (m->rand, first_names), PICK (m->rand, last_names));
  t->requester_email = g_strdup_printf ("user%u@district.example", g_rand_int_range (m->rand, 0, 4000));
  t->submitted_by = g_rand_boolean (m->rand) ? g_strdup ("frontdesk") : g_strdup ("marcus");
  t->location = g_strdup (m->locations[g_rand_int_range (m->rand, 0, m->n_locations)]);
  t->topic = g_strdup (((HdPlanTopic *) g_ptr_array_index (topics, g_rand_int_range (m->rand, 0, topics->len)))->id);
  t->scope = g_strdup ("few");
  t->effect = g_strdup ("degraded");
  t->priority = roll < 0.05 ? HD_PRIORITY_CRITICAL : roll < 0.2 ? HD_PRIORITY_HIGH
                : roll < 0.5 ? HD_PRIORITY_MEDIUM : HD_PRIORITY_NORMAL;
  t->status = !open ? (i >= n - n / 10 ? HD_STATUS_RESOLVED : HD_STATUS_CLOSED)
              : (HdStatus) g_rand_int_range (m->rand, HD_STATUS_NEW, HD_STATUS_WAITING + 1);
  if (t->status != HD_STATUS_NEW || g_rand_boolean (m->rand))
    t->assignee = g_strdup (((HdPlanMember *) g_ptr_array_index (members,
                                g_rand_int_range (m->rand, 0, members->len)))->id);
  t->created_at = created;
  t->updated_at = created + g_rand_int_range (m->rand, 0, open ? 7200 : 5 * 86400);
  t->response_due_at = hd_sla_deadline (m->plan, t->priority, HD_SLA_RESPONSE, created, NULL, 0);
  t->resolution_due_at = hd_sla_deadline (m->plan, t->priority, HD_SLA_RESOLUTION, created, NULL, 0);
  if (t->status != HD_STATUS_NEW)
    t->acknowledged_at = t->first_response_at = created + 600;
  return t;
}

static gboolean
fill (HdCache  *cache,
      Maker    *m,
      guint     n,
      GError  **error)
{
  for (guint start = 0; start < n; start += PAGE)
    {
      g_autoptr(HdChanges) page = hd_changes_new ();

      for (guint i = start; i < MIN (start + PAGE, n); i++)
        hd_changes_add_ticket (page, make_ticket (m, i, n));
      page->cursor = g_strdup_printf ("bench.%u", start);
      if (!hd_cache_apply_changes (cache, page, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct {
  GArray *wall;
  GArray *cpu;
  gint64  wall_start;
  double  cpu_start;
} Timing;

static void
timing_start (Timing *t)
{
  if (t->wall == NULL)
    {
      t->wall = g_array_new (FALSE, FALSE, sizeof (double));
      t->cpu = g_array_new (FALSE, FALSE, sizeof (double));
    }
  t->wall_start = g_get_monotonic_time ();
  t->cpu_start = hd_test_thread_cpu_ms ();
}

static void
timing_stop (Timing *t)
{
  double wall = (g_get_monotonic_time () - t->wall_start) / 1000.0;
  double cpu = hd_test_thread_cpu_ms () - t->cpu_start;

  g_array_append_val (t->wall, wall);
  g_array_append_val (t->cpu, cpu);
}

/* "median 85.2 ms over 9 runs (cpu 60.1 ms": the caller closes it. */
static void
timing_print (Timing     *t,
              const char *label)
{
  g_array_sort (t->wall, hd_test_compare_doubles);
  g_array_sort (t->cpu, hd_test_compare_doubles);
  printf ("%s: median %.1f ms over %u runs (cpu %.1f ms", label, g_array_index (t->wall, double, t->wall->len / 2),
          t->wall->len, g_array_index (t->cpu, double, t->cpu->len / 2));
  g_clear_pointer (&t->wall, g_array_unref);
  g_clear_pointer (&t->cpu, g_array_unref);
}

typedef struct {
  HdCache *cache;
  HdPlan  *plan;
  gint64   now;
  guint    runs;
} Bench;

/* The whole call, every row read; then freeing the rows, as a view does
 * with the list it shows when the next one comes. @known: what the view
 * shows meanwhile, or NULL for nothing. @head: the first rows alone
 * (hd_cache_list_summaries_head()), or 0 for the whole list. */
static void
time_list (Bench        *b,
           const char   *label,
           HdQueue       queue,
           const char   *search,
           HdSortColumn  sort,
           gboolean      descending,
           const HdKnownSummaries *known,
           guint         head)
{
  Timing list = { 0 }, drop = { 0 };
  guint rows = 0;

  for (guint r = 0; r < b->runs; r++)
    {
      g_autoptr(GError) error = NULL;
      GPtrArray *found;

      timing_start (&list);
      if (head > 0)
        found = hd_cache_list_summaries_head (b->cache, queue, "marcus", search, sort, descending, b->plan, b->now,
                                              head, &error);
      else
        found = hd_cache_list_summaries (b->cache, queue, "marcus", search, sort, descending, b->plan, b->now,
                                         known, &error);
      timing_stop (&list);
      if (found == NULL)
        g_error ("%s: %s", label, error->message);
      rows = found->len;
      timing_start (&drop);
      g_ptr_array_unref (found);
      timing_stop (&drop);
    }
  timing_print (&list, label);
  g_array_sort (drop.wall, hd_test_compare_doubles);
  printf (", %u rows, freed in %.1f ms)\n", rows, g_array_index (drop.wall, double, drop.wall->len / 2));
  g_clear_pointer (&drop.wall, g_array_unref);
  g_clear_pointer (&drop.cpu, g_array_unref);
}

static void
time_counts (Bench *b)
{
  Timing timing = { 0 };
  guint counts[HD_QUEUE_ALL + 1];
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint r = 0; r < b->runs; r++)
    {
      g_autoptr(GError) error = NULL;

      timing_start (&timing);
      if (!hd_cache_count_queues (b->cache, "marcus", b->plan, b->now, counts, &error))
        g_error ("count queues: %s", error->message);
      timing_stop (&timing);
    }
  for (HdQueue q = 0; q <= HD_QUEUE_ALL; q++)
    g_string_append_printf (line, "%s%s %u", q > 0 ? ", " : "", hd_queue_to_string (q), counts[q]);
  timing_print (&timing, "count queues");
  printf ("; %s)\n", line->str);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *plan_path = g_build_filename (g_getenv ("HD_SOURCE_DIR") ? g_getenv ("HD_SOURCE_DIR") : ".",
                                                 "data", "plans", "example-district.plan", NULL);
  const guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autoptr(GError) error = NULL;
  g_autoptr(HdPlan) plan = hd_plan_load (plan_path, HD_PLAN_SCOPE_FULL, NULL, &error);
  char *dir;
  g_autoptr(HdCache) cache = NULL;
  Maker maker = { 0 };
  Bench bench = { 0 };
  HdKnownSummaries known;
  GPtrArray *shown;
  gint64 start;

  if (plan == NULL)
    g_error ("%s", error->message);
  cache = hd_test_temp_cache ("bench-queue", &dir, NULL);

  maker.plan = plan;
  maker.rand = g_rand_new_with_seed (42);
  hd_time_parse_rfc3339 ("2026-11-30T15:00:00Z", &maker.now);
  maker.locations = hd_plan_get_locations (plan);
  maker.n_locations = g_strv_length ((char **) maker.locations);
  start = g_get_monotonic_time ();
  if (!fill (cache, &maker, n, &error))
    g_error ("%s", error->message);
  printf ("load %u tickets: %.2f s\n", n, (g_get_monotonic_time () - start) / 1e6);
  g_rand_free (maker.rand);

  bench = (Bench) { cache, plan, maker.now, argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 9 };
  time_list (&bench, "queue open, default order", HD_QUEUE_OPEN, NULL, HD_SORT_DUE, FALSE, NULL, 0);
  time_list (&bench, "queue mine, default order", HD_QUEUE_MINE, NULL, HD_SORT_DUE, FALSE, NULL, 0);
  time_list (&bench, "queue all, default order", HD_QUEUE_ALL, NULL, HD_SORT_DUE, FALSE, NULL, 0);
  time_list (&bench, "queue closed, default order", HD_QUEUE_CLOSED, NULL, HD_SORT_DUE, FALSE, NULL, 0);
  /* the head a window shows first, then the whole read behind it */
  time_list (&bench, "head of queue all, default order", HD_QUEUE_ALL, NULL, HD_SORT_DUE, FALSE, NULL, HEAD);
  time_list (&bench, "head of queue closed, default order", HD_QUEUE_CLOSED, NULL, HD_SORT_DUE, FALSE, NULL, HEAD);
  time_list (&bench, "head of queue closed, by subject", HD_QUEUE_CLOSED, NULL, HD_SORT_SUBJECT, FALSE, NULL, HEAD);
  time_list (&bench, "head of queue mine, default order", HD_QUEUE_MINE, NULL, HD_SORT_DUE, FALSE, NULL, HEAD);
  shown = hd_cache_list_summaries_head (cache, HD_QUEUE_CLOSED, "marcus", NULL, HD_SORT_DUE, FALSE, plan, maker.now,
                                        HEAD, &error);
  if (shown == NULL)
    g_error ("%s", error->message);
  known = (HdKnownSummaries) { shown, HD_SORT_DUE, FALSE, NULL };
  time_list (&bench, "queue closed, its head shown", HD_QUEUE_CLOSED, NULL, HD_SORT_DUE, FALSE, &known, 0);
  g_clear_pointer (&shown, g_ptr_array_unref);
  for (HdSortColumn s = 0; s < HD_N_SORT_COLUMNS; s++)
    for (int desc = 0; desc <= 1; desc++)
      {
        g_autofree char *label = g_strdup_printf ("sort %s %s (all)", hd_sort_column_to_string (s),
                                                  desc ? "desc" : "asc");

        time_list (&bench, label, HD_QUEUE_ALL, NULL, s, desc, NULL, 0);
      }
  time_list (&bench, "sort subject asc (open)", HD_QUEUE_OPEN, NULL, HD_SORT_SUBJECT, FALSE, NULL, 0);
  time_list (&bench, "search \"printer\" (common, all)", HD_QUEUE_ALL, "printer", HD_SORT_DUE, FALSE, NULL, 0);
  time_list (&bench, "search \"smartboard\" (rare, all)", HD_QUEUE_ALL, "smartboard", HD_SORT_DUE, FALSE, NULL, 0);
  time_list (&bench, "search \"projector room\" (two words, all)", HD_QUEUE_ALL, "projector room", HD_SORT_DUE,
             FALSE, NULL, 0);
  time_list (&bench, "search \"pr\" (first keystroke, all)", HD_QUEUE_ALL, "pr", HD_SORT_DUE, FALSE, NULL, 0);
  time_list (&bench, "search \"printer\" (common, open)", HD_QUEUE_OPEN, "printer", HD_SORT_DUE, FALSE, NULL, 0);
  time_list (&bench, "search \"p\" (first keystroke, open)", HD_QUEUE_OPEN, "p", HD_SORT_DUE, FALSE, NULL, 0);
  time_list (&bench, "search \"pr\" (second keystroke, open)", HD_QUEUE_OPEN, "pr", HD_SORT_DUE, FALSE, NULL, 0);
  time_list (&bench, "search \"p\" (first keystroke, mine)", HD_QUEUE_MINE, "p", HD_SORT_DUE, FALSE, NULL, 0);
  /* as the window asks, showing all 100,000 meanwhile: nothing was
   * written since, so the rows are not read again */
  shown = hd_cache_list_summaries (cache, HD_QUEUE_ALL, "marcus", NULL, HD_SORT_DUE, FALSE, plan, maker.now, NULL, &error);
  if (shown == NULL)
    g_error ("%s", error->message);
  known = (HdKnownSummaries) { shown, HD_SORT_DUE, FALSE, NULL };
  time_list (&bench, "sort subject asc (all, sorted again)", HD_QUEUE_ALL, NULL, HD_SORT_SUBJECT, FALSE, &known, 0);
  time_list (&bench, "sort number desc (all, sorted again)", HD_QUEUE_ALL, NULL, HD_SORT_NUMBER, TRUE, &known, 0);
  time_list (&bench, "sort due asc (all, sorted again)", HD_QUEUE_ALL, NULL, HD_SORT_DUE, FALSE, &known, 0);
  time_list (&bench, "search \"p\" (first keystroke, all shown)", HD_QUEUE_ALL, "p", HD_SORT_DUE, FALSE, &known, 0);
  time_list (&bench, "search \"pr\" (second keystroke, all shown)", HD_QUEUE_ALL, "pr", HD_SORT_DUE, FALSE, &known, 0);
  g_clear_pointer (&shown, g_ptr_array_unref);
  time_counts (&bench);

  g_clear_object (&cache);
  hd_test_remove_temp_cache (dir);
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "hd-cache.h"
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
  const char *files[] = { "cache.db", "cache.db-wal", "cache.db-shm" };

  g_clear_object (&f->cache);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, "sub", files[i], NULL);

      g_unlink (path);
    }
  {
    g_autofree char *sub = g_build_filename (f->dir, "sub", NULL);

    g_rmdir (sub);
  }
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cache/apply-and-queues", Fixture, NULL, fixture_set_up, test_apply_and_queues, fixture_tear_down);
  g_test_add ("/cache/outbox", Fixture, NULL, fixture_set_up, test_outbox, fixture_tear_down);
  g_test_add ("/cache/forget-synced", Fixture, NULL, fixture_set_up, test_forget_synced, fixture_tear_down);

  return g_test_run ();
}

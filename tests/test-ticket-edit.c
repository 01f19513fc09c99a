/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "hd-json.h"
#include "hd-submission.h"
#include "hd-sync.h"
#include "hd-test-server.h"
#include "hd-ticket-edit.h"
#include "hd-time.h"

/* Changes made offline, against a real cache file: each queues the
 * outbox row the API needs (path, body, If-Match, the values it replaces)
 * or is refused as the API would refuse it. Then follow-ups and survey
 * answers queued offline, delivered to a real server. */

#define TICKET_ID "3f1c2b7e-1111-4a2b-9c3d-000000000007"

static HdPlan *plan;

typedef struct {
  char     *dir;
  HdCache  *cache;
  HdTicket *ticket;            /* HD-7, in progress, as the last sync brought it */
} Fixture;

static gint64
instant (const char *text)
{
  gint64 value = 0;

  g_assert_true (hd_time_parse_rfc3339 (text, &value));
  return value;
}

static HdTicket *
make_ticket (const char *id,
             gint64      number,
             HdStatus    status)
{
  HdTicket *t = hd_ticket_new ();

  t->id = g_strdup (id);
  t->number = number;
  t->version = 3;
  t->subject = g_strdup ("Projector in room 12 shows no picture");
  t->description = g_strdup ("The projector says no signal.");
  t->requester_name = g_strdup ("Ms. Rivera");
  t->requester_email = g_strdup ("rivera@springfield.example");
  t->submitted_by = g_strdup ("frontdesk");
  t->location = g_strdup ("Lincoln Elementary");
  t->topic = g_strdup ("classroom-av");
  t->scope = g_strdup ("few");
  t->effect = g_strdup ("blocked");
  t->priority = HD_PRIORITY_CRITICAL;
  t->status = status;
  t->assignee = g_strdup ("marcus");
  t->created_at = t->updated_at = instant ("2026-11-30T14:00:00Z");
  t->response_due_at = instant ("2026-11-30T14:30:00Z");
  t->resolution_due_at = instant ("2026-11-30T18:00:00Z");
  return t;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(HdChanges) page = hd_changes_new ();

  f->dir = g_dir_make_tmp ("helpdesk-edit-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "cache.db", NULL);
  f->cache = hd_cache_open (path, &error);
  g_assert_no_error (error);
  f->ticket = make_ticket (TICKET_ID, 7, HD_STATUS_IN_PROGRESS);
  hd_changes_add_ticket (page, make_ticket (TICKET_ID, 7, HD_STATUS_IN_PROGRESS));
  page->cursor = g_strdup ("epoch.1");
  g_assert_true (hd_cache_apply_changes (f->cache, page, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  const char *files[] = { "cache.db", "cache.db-wal", "cache.db-shm" };

  g_clear_object (&f->cache);
  g_clear_pointer (&f->ticket, hd_ticket_free);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, files[i], NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static HdTicketEditor
editor (Fixture    *f,
        const char *username,
        HdRole      role)
{
  HdTicketEditor e = { f->cache, plan, username, role };

  return e;
}

static void
assert_json (const char *actual,
             const char *expected)
{
  g_autoptr(JsonNode) a = actual != NULL ? json_from_string (actual, NULL) : NULL;
  g_autoptr(JsonNode) e = json_from_string (expected, NULL);

  g_assert_nonnull (e);
  if (a == NULL || !json_node_equal (a, e))
    g_error ("%s is not %s", actual, expected);
}

/* The outbox holds @n rows; the last of them. */
static HdOutboxItem *
last_row (Fixture *f,
          guint    n)
{
  g_autoptr(GPtrArray) outbox = hd_cache_list_outbox (f->cache);

  g_assert_cmpuint (outbox->len, ==, n);
  return n > 0 ? g_ptr_array_steal_index (outbox, n - 1) : NULL;
}

static void
assert_patch (Fixture    *f,
              guint       n,
              const char *body,
              const char *if_match,
              const char *base)
{
  g_autoptr(HdOutboxItem) item = last_row (f, n);

  g_assert_cmpint (item->kind, ==, HD_OUTBOX_PATCH_TICKET);
  g_assert_cmpstr (item->ticket_id, ==, TICKET_ID);
  assert_json (item->body, body);
  g_assert_cmpstr (item->if_match, ==, if_match);
  assert_json (item->base, base);
}

static HdTicket *
cached (Fixture *f)
{
  g_autoptr(HdCachedTicket) c = hd_cache_find_ticket (f->cache, TICKET_ID);

  g_assert_nonnull (c);
  return g_steal_pointer (&c->ticket);
}

static void
test_may (void)
{
  const char *staff[] = { "status", "assignee", "priority", "topic", "internal" };
  const char *everyone[] = { "comment", "follow-up", "survey" };

  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      g_assert_false (hd_ticket_edit_may (HD_ROLE_REQUESTER, staff[i]));
      g_assert_true (hd_ticket_edit_may (HD_ROLE_TECHNICIAN, staff[i]));
      g_assert_true (hd_ticket_edit_may (HD_ROLE_SUPERVISOR, staff[i]));
      g_assert_true (hd_ticket_edit_may (HD_ROLE_ADMIN, staff[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (everyone); i++)
    {
      g_assert_true (hd_ticket_edit_may (HD_ROLE_REQUESTER, everyone[i]));
      g_assert_true (hd_ticket_edit_may (HD_ROLE_TECHNICIAN, everyone[i]));
    }
  g_assert_false (hd_ticket_edit_may (HD_ROLE_ADMIN, "number"));
  g_assert_false (hd_ticket_edit_may (HD_ROLE_ADMIN, "submitted_by"));
}

static void
test_status (Fixture       *f,
             gconstpointer  data)
{
  HdTicketEditor marcus = editor (f, "marcus", HD_ROLE_TECHNICIAN);
  HdTicketEditor front = editor (f, "frontdesk", HD_ROLE_REQUESTER);
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) now = NULL;
  g_autoptr(HdCachedTicket) c = NULL;

  g_assert_false (hd_ticket_edit_set_status (&front, f->ticket, HD_STATUS_WAITING, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (hd_ticket_edit_set_status (&marcus, f->ticket, HD_STATUS_NEW, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_STATE);
  g_assert_cmpstr (error->message, ==, "a ticket cannot go from in-progress to new");
  g_clear_error (&error);
  g_assert_false (hd_ticket_edit_set_status (&marcus, f->ticket, HD_STATUS_IN_PROGRESS, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpuint (hd_cache_count_outbox (f->cache), ==, 0);

  g_assert_true (hd_ticket_edit_set_status (&marcus, f->ticket, HD_STATUS_WAITING, &error));
  g_assert_no_error (error);
  assert_patch (f, 1, "{\"status\": \"waiting\"}", "\"3\"", "{\"status\": \"in-progress\"}");
  c = hd_cache_find_ticket (f->cache, TICKET_ID);
  g_assert_true (c->pending);
  g_assert_cmpint (c->ticket->status, ==, HD_STATUS_WAITING);
  /* the caller's ticket is left as it was */
  g_assert_cmpint (f->ticket->status, ==, HD_STATUS_IN_PROGRESS);

  /* a reopen, from the ticket as the cache has it now */
  now = cached (f);
  g_assert_true (hd_ticket_edit_set_status (&marcus, now, HD_STATUS_IN_PROGRESS, &error));
  assert_patch (f, 2, "{\"status\": \"in-progress\"}", "\"3\"", "{\"status\": \"waiting\"}");
}

static void
test_assign (Fixture       *f,
             gconstpointer  data)
{
  HdTicketEditor marcus = editor (f, "marcus", HD_ROLE_TECHNICIAN);
  HdTicketEditor keiko = editor (f, "keiko", HD_ROLE_TECHNICIAN);
  HdTicketEditor dana = editor (f, "dana", HD_ROLE_SUPERVISOR);
  HdTicketEditor front = editor (f, "frontdesk", HD_ROLE_REQUESTER);
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) now = NULL;

  g_assert_false (hd_ticket_edit_assign (&front, f->ticket, "frontdesk", &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  /* a technician does not take a colleague's ticket */
  g_assert_false (hd_ticket_edit_assign (&keiko, f->ticket, "keiko", &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_NOT_ALLOWED);
  g_assert_cmpstr (error->message, ==, "only a supervisor reassigns another technician’s ticket");
  g_clear_error (&error);
  g_assert_false (hd_ticket_edit_assign (&marcus, f->ticket, "", &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hd_ticket_edit_assign (&marcus, f->ticket, "luis\nBcc: x", &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (hd_cache_count_outbox (f->cache), ==, 0);

  /* their own: handed on */
  g_assert_true (hd_ticket_edit_assign (&marcus, f->ticket, "keiko", &error));
  g_assert_no_error (error);
  assert_patch (f, 1, "{\"assignee\": \"keiko\"}", "\"3\"", "{\"assignee\": \"marcus\"}");
  now = cached (f);
  g_assert_cmpstr (now->assignee, ==, "keiko");
  /* a supervisor moves anyone's, or unassigns it */
  g_assert_true (hd_ticket_edit_assign (&dana, now, NULL, &error));
  assert_patch (f, 2, "{\"assignee\": null}", "\"3\"", "{\"assignee\": \"keiko\"}");
  g_clear_pointer (&now, hd_ticket_free);
  now = cached (f);
  g_assert_null (now->assignee);
  /* unassigned: any technician takes it */
  g_assert_true (hd_ticket_edit_assign (&keiko, now, "keiko", &error));
  assert_patch (f, 3, "{\"assignee\": \"keiko\"}", "\"3\"", "{\"assignee\": null}");
}

static void
test_priority (Fixture       *f,
               gconstpointer  data)
{
  HdTicketEditor marcus = editor (f, "marcus", HD_ROLE_TECHNICIAN);
  HdTicketEditor front = editor (f, "frontdesk", HD_ROLE_REQUESTER);
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) now = NULL;
  g_autofree char *long_reason = g_strnfill (HD_REASON_MAX + 1, 'x');

  g_assert_false (hd_ticket_edit_set_priority (&front, f->ticket, HD_PRIORITY_HIGH, "Urgent", &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (hd_ticket_edit_set_priority (&marcus, f->ticket, HD_PRIORITY_HIGH, NULL, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hd_ticket_edit_set_priority (&marcus, f->ticket, HD_PRIORITY_HIGH, "  ", &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hd_ticket_edit_set_priority (&marcus, f->ticket, HD_PRIORITY_HIGH, long_reason, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (hd_cache_count_outbox (f->cache), ==, 0);

  g_assert_true (hd_ticket_edit_set_priority (&marcus, f->ticket, HD_PRIORITY_NORMAL,
                                              " A spare projector is in use ", &error));
  g_assert_no_error (error);
  assert_patch (f, 1, "{\"priority\": \"normal\", \"priority_reason\": \"A spare projector is in use\"}",
                "\"3\"", "{\"priority\": \"critical\"}");
  now = cached (f);
  g_assert_cmpint (now->priority, ==, HD_PRIORITY_NORMAL);
  g_assert_cmpstr (now->priority_reason, ==, "A spare projector is in use");
}

static void
test_topic (Fixture       *f,
            gconstpointer  data)
{
  HdTicketEditor marcus = editor (f, "marcus", HD_ROLE_TECHNICIAN);
  HdTicketEditor front = editor (f, "frontdesk", HD_ROLE_REQUESTER);
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) now = NULL;

  g_assert_false (hd_ticket_edit_set_topic (&front, f->ticket, "network", &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (hd_ticket_edit_set_topic (&marcus, f->ticket, "coffee", &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“coffee” is not one of the plan’s topics");
  g_clear_error (&error);
  g_assert_cmpuint (hd_cache_count_outbox (f->cache), ==, 0);

  g_assert_true (hd_ticket_edit_set_topic (&marcus, f->ticket, "network", &error));
  g_assert_no_error (error);
  assert_patch (f, 1, "{\"topic\": \"network\"}", "\"3\"", "{\"topic\": \"classroom-av\"}");
  now = cached (f);
  g_assert_cmpstr (now->topic, ==, "network");
}

static void
test_comment (Fixture       *f,
              gconstpointer  data)
{
  HdTicketEditor marcus = editor (f, "marcus", HD_ROLE_TECHNICIAN);
  HdTicketEditor front = editor (f, "frontdesk", HD_ROLE_REQUESTER);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = NULL;

  g_assert_false (hd_ticket_edit_add_comment (&front, f->ticket, "Just us here", TRUE, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_NOT_ALLOWED);
  g_assert_cmpstr (error->message, ==, "only the support team writes internal notes");
  g_clear_error (&error);
  g_assert_false (hd_ticket_edit_add_comment (&front, f->ticket, " \n ", FALSE, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (hd_cache_count_outbox (f->cache), ==, 0);

  g_assert_true (hd_ticket_edit_add_comment (&front, f->ticket, " Still dark. \n", FALSE, &error));
  g_assert_true (hd_ticket_edit_add_comment (&marcus, f->ticket, "Bulb ordered.", TRUE, &error));
  g_assert_no_error (error);
  comments = hd_cache_list_comments (f->cache, TICKET_ID);
  g_assert_cmpuint (comments->len, ==, 2);
  {
    g_autoptr(GPtrArray) outbox = hd_cache_list_outbox (f->cache);

    g_assert_cmpuint (outbox->len, ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        const HdOutboxItem *item = g_ptr_array_index (outbox, i);
        const HdComment *comment = NULL;
        g_autofree char *expected = NULL;

        for (guint j = 0; j < comments->len; j++)
          if (g_strcmp0 (((HdComment *) g_ptr_array_index (comments, j))->body,
                         i == 0 ? "Still dark." : "Bulb ordered.") == 0)
            comment = g_ptr_array_index (comments, j);
        g_assert_nonnull (comment);
        g_assert_true (g_uuid_string_is_valid (comment->id));
        g_assert_cmpstr (comment->author, ==, i == 0 ? "frontdesk" : "marcus");
        g_assert_cmpint (item->kind, ==, HD_OUTBOX_ADD_COMMENT);
        g_assert_cmpstr (item->ticket_id, ==, TICKET_ID);
        g_assert_null (item->if_match);
        g_assert_null (item->base);
        expected = g_strdup_printf ("{\"id\": \"%s\", \"body\": \"%s\", \"internal\": %s}", comment->id,
                                    comment->body, i == 0 ? "false" : "true");
        assert_json (item->body, expected);
      }
  }
}

/* A ticket filed here and not yet delivered has no version to match. */
static void
test_not_yet_numbered (Fixture       *f,
                       gconstpointer  data)
{
  HdTicketEditor marcus = editor (f, "marcus", HD_ROLE_TECHNICIAN);
  g_autoptr(HdTicket) local = make_ticket ("3f1c2b7e-1111-4a2b-9c3d-000000000008", 0, HD_STATUS_NEW);
  g_autoptr(GError) error = NULL;
  g_autoptr(HdOutboxItem) item = NULL;
  g_autofree char *body = hd_submission_request_body (local);

  g_assert_true (hd_submission_save (f->cache, local, &error));
  g_assert_true (hd_ticket_edit_set_status (&marcus, local, HD_STATUS_ACKNOWLEDGED, &error));
  g_assert_no_error (error);
  item = last_row (f, 2);
  g_assert_cmpint (item->kind, ==, HD_OUTBOX_PATCH_TICKET);
  g_assert_cmpstr (item->if_match, ==, "*");
}

static void
test_resolve_conflict (Fixture       *f,
                       gconstpointer  data)
{
  HdTicketEditor dana = editor (f, "dana", HD_ROLE_SUPERVISOR);
  HdTicketEditor front = editor (f, "frontdesk", HD_ROLE_REQUESTER);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(HdTicket) now = NULL;

  g_assert_true (hd_cache_add_conflict (f->cache, TICKET_ID, "assignee", "\"keiko\"", "\"luis\"", &error));
  g_assert_true (hd_cache_add_conflict (f->cache, TICKET_ID, "topic", "\"network\"", "\"classroom-av\"", &error));
  g_assert_true (hd_cache_add_conflict (f->cache, TICKET_ID, "refused", "{\"status\": \"closed\"}",
                                        "a ticket cannot go from new to closed", &error));
  conflicts = hd_cache_list_conflicts (f->cache);
  g_assert_cmpuint (conflicts->len, ==, 3);

  /* a requester never changed the assignee: nothing to keep */
  g_assert_false (hd_ticket_edit_resolve_conflict (&front, g_ptr_array_index (conflicts, 0), TRUE, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  /* mine: sent again on the version the cache has, over theirs */
  g_assert_true (hd_ticket_edit_resolve_conflict (&dana, g_ptr_array_index (conflicts, 0), TRUE, &error));
  g_assert_no_error (error);
  assert_patch (f, 1, "{\"assignee\": \"keiko\"}", "\"3\"", "{\"assignee\": \"luis\"}");
  now = cached (f);
  g_assert_cmpstr (now->assignee, ==, "keiko");
  /* theirs: only dropped */
  g_assert_true (hd_ticket_edit_resolve_conflict (&dana, g_ptr_array_index (conflicts, 1), FALSE, &error));
  /* a refused change is not sent again, whatever is kept */
  g_assert_true (hd_ticket_edit_resolve_conflict (&dana, g_ptr_array_index (conflicts, 2), TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hd_cache_count_outbox (f->cache), ==, 1);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = hd_cache_list_conflicts (f->cache);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

static void
test_follow_up (Fixture       *f,
                gconstpointer  data)
{
  HdTicketEditor front = editor (f, "frontdesk", HD_ROLE_REQUESTER);
  HdTicketEditor other = editor (f, "frontdesk2", HD_ROLE_REQUESTER);
  gint64 before = instant ("2026-11-30T14:29:59Z");
  gint64 after = instant ("2026-11-30T14:30:00Z");
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) closed = make_ticket (TICKET_ID, 7, HD_STATUS_CLOSED);
  g_autoptr(HdOutboxItem) item = NULL;
  g_autoptr(HdTicket) now = NULL;

  g_assert_false (hd_ticket_edit_can_follow_up (&front, f->ticket, before, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_STATE);
  g_assert_true (g_str_has_prefix (error->message, "you can follow up from "));
  g_clear_error (&error);
  g_assert_false (hd_ticket_edit_follow_up (&front, f->ticket, "Any news?", before, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (hd_ticket_edit_follow_up (&other, f->ticket, "Any news?", after, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (hd_ticket_edit_follow_up (&front, closed, "Any news?", after, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_STATE);
  g_assert_cmpstr (error->message, ==, "the ticket is already closed");
  g_clear_error (&error);
  g_assert_false (hd_ticket_edit_follow_up (&front, f->ticket, "  ", after, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (hd_cache_count_outbox (f->cache), ==, 0);

  g_assert_true (hd_ticket_edit_can_follow_up (&front, f->ticket, after, &error));
  g_assert_true (hd_ticket_edit_follow_up (&front, f->ticket, " Any news? ", after, &error));
  g_assert_no_error (error);
  item = last_row (f, 1);
  g_assert_cmpint (item->kind, ==, HD_OUTBOX_FOLLOW_UP);
  g_assert_cmpstr (item->ticket_id, ==, TICKET_ID);
  assert_json (item->body, "{\"message\": \"Any news?\"}");
  g_assert_null (item->if_match);
  g_assert_null (item->base);
  now = cached (f);
  g_assert_cmpint (now->status, ==, HD_STATUS_IN_PROGRESS);

  /* once */
  g_assert_false (hd_ticket_edit_follow_up (&front, now, "Hello?", after, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpuint (hd_cache_count_outbox (f->cache), ==, 1);
}

static void
test_survey (Fixture       *f,
             gconstpointer  data)
{
  HdTicketEditor front = editor (f, "frontdesk", HD_ROLE_REQUESTER);
  HdTicketEditor marcus = editor (f, "marcus", HD_ROLE_TECHNICIAN);
  g_autoptr(HdTicket) resolved = make_ticket (TICKET_ID, 7, HD_STATUS_RESOLVED);
  gint64 when = instant ("2026-12-01T15:00:00Z");
  g_autoptr(GError) error = NULL;
  g_autoptr(HdOutboxItem) item = NULL;
  g_autoptr(HdTicket) now = NULL;

  g_assert_false (hd_ticket_edit_can_answer_survey (&front, f->ticket, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_STATE);
  g_assert_cmpstr (error->message, ==, "a survey is answered once the ticket is resolved");
  g_clear_error (&error);
  g_assert_false (hd_ticket_edit_answer_survey (&marcus, resolved, 5, NULL, when, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (hd_ticket_edit_answer_survey (&front, resolved, 6, NULL, when, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hd_ticket_edit_answer_survey (&front, resolved, 0, NULL, when, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (hd_cache_count_outbox (f->cache), ==, 0);

  g_assert_true (hd_ticket_edit_can_answer_survey (&front, resolved, &error));
  g_assert_true (hd_ticket_edit_answer_survey (&front, resolved, 4, " Quick, thanks. ", when, &error));
  g_assert_no_error (error);
  item = last_row (f, 1);
  g_assert_cmpint (item->kind, ==, HD_OUTBOX_SURVEY);
  g_assert_cmpstr (item->ticket_id, ==, TICKET_ID);
  assert_json (item->body, "{\"rating\": 4, \"comment\": \"Quick, thanks.\"}");
  g_assert_null (item->if_match);
  /* answering closes it, here too until the server's answer comes */
  now = cached (f);
  g_assert_cmpint (now->status, ==, HD_STATUS_CLOSED);
  g_assert_cmpint (now->survey_rating, ==, 4);
  g_assert_cmpstr (now->survey_comment, ==, "Quick, thanks.");
  g_assert_false (hd_ticket_edit_can_answer_survey (&front, now, NULL));

  /* once, even from a ticket read before */
  g_assert_false (hd_ticket_edit_answer_survey (&front, resolved, 5, NULL, when, &error));
  g_assert_error (error, HD_TICKET_EDIT_ERROR, HD_TICKET_EDIT_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpuint (hd_cache_count_outbox (f->cache), ==, 1);
}

static void
test_survey_without_comment (Fixture       *f,
                             gconstpointer  data)
{
  HdTicketEditor front = editor (f, "frontdesk", HD_ROLE_REQUESTER);
  g_autoptr(HdTicket) resolved = make_ticket (TICKET_ID, 7, HD_STATUS_RESOLVED);
  g_autoptr(GError) error = NULL;
  g_autoptr(HdOutboxItem) item = NULL;

  g_assert_true (hd_ticket_edit_answer_survey (&front, resolved, 5, " ", instant ("2026-12-01T15:00:00Z"), &error));
  g_assert_no_error (error);
  item = last_row (f, 1);
  assert_json (item->body, "{\"rating\": 5}");
}

/* ---- against a real server ---- */

typedef struct {
  HdTestServer *server;
  HdPlan       *plan;          /* the server's, as a sign-in brings it */
  char         *dir;
  HdCache      *cache;
  HdClient     *client;
  HdSync       *sync;
  char         *bob_token;
} Online;

/* tests/plans/fast.plan, whose critical tickets must be answered within
 * 2 s, but whose resolved tickets stay open for a survey an hour */
static char *
slow_closing_plan (const char *dir)
{
  g_autofree char *fast = g_build_filename (g_getenv ("HD_SOURCE_DIR"), "tests", "plans", "fast.plan", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) changed = NULL;
  char *path = g_build_filename (dir, "slow-closing.plan", NULL);

  g_assert_true (g_file_get_contents (fast, &text, NULL, NULL));
  changed = g_string_new (text);
  g_assert_cmpuint (g_string_replace (changed, "AutoCloseAfter=3s", "AutoCloseAfter=1h", 1), ==, 1);
  g_assert_true (g_file_set_contents (path, changed->str, -1, NULL));
  return path;
}

static void
online_set_up (Online *o)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plan_path = NULL;
  g_autofree char *cache_path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;

  o->dir = g_dir_make_tmp ("helpdesk-edit-online-XXXXXX", &error);
  g_assert_no_error (error);
  plan_path = slow_closing_plan (o->dir);
  o->plan = hd_plan_load (plan_path, HD_PLAN_SCOPE_FULL, NULL, &error);
  g_assert_no_error (error);
  o->server = hd_test_server_start (plan_path);
  hd_test_server_add_user (o->server, "frontdesk", "requester", "front-pass");
  hd_test_server_add_user (o->server, "bob", "technician", "bob-pass");
  token = hd_test_server_sign_in (o->server, "frontdesk", "front-pass");
  o->bob_token = hd_test_server_sign_in (o->server, "bob", "bob-pass");

  cache_path = g_build_filename (o->dir, "cache.db", NULL);
  o->cache = hd_cache_open (cache_path, &error);
  g_assert_no_error (error);
  url = g_strndup (o->server->base, strlen (o->server->base) - strlen ("api/v1"));
  o->client = hd_client_new (url, &error);
  g_assert_no_error (error);
  hd_client_set_token (o->client, token);
  o->sync = hd_sync_new (o->client, o->cache);
}

static void
online_tear_down (Online *o)
{
  const char *files[] = { "cache.db", "cache.db-wal", "cache.db-shm", "slow-closing.plan" };

  hd_test_server_stop (o->server);
  g_clear_object (&o->sync);
  g_clear_object (&o->client);
  g_clear_object (&o->cache);
  g_clear_object (&o->plan);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (o->dir, files[i], NULL);

      g_unlink (path);
    }
  g_rmdir (o->dir);
  g_free (o->dir);
  g_free (o->bob_token);
}

static void
sync_ok (Online *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  g_assert_true (hd_sync_run (o->sync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hd_cache_count_outbox (o->cache), ==, 0);
  conflicts = hd_cache_list_conflicts (o->cache);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

static HdTicket *
cached_online (Online     *o,
               const char *id)
{
  g_autoptr(HdCachedTicket) c = hd_cache_find_ticket (o->cache, id);

  g_assert_nonnull (c);
  g_assert_false (c->pending);
  return g_steal_pointer (&c->ticket);
}

static HdTestReply *
server_ticket (Online     *o,
               const char *id)
{
  g_autofree char *path = g_strdup_printf ("/tickets/%s", id);
  HdTestReply *reply = hd_test_request (o->server, "GET", path, o->bob_token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return reply;
}

static guint
count_events (HdTestReply *reply,
              const char  *action)
{
  JsonArray *events = json_object_get_array_member (json_node_get_object (reply->body), "events");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (events); i++)
    n += g_str_equal (json_object_get_string_member (json_array_get_object_element (events, i), "action"),
                      action);
  return n;
}

static void
move_to (Online     *o,
         const char *id,
         const char *status)
{
  g_autofree char *body = g_strdup_printf ("{\"status\": \"%s\"}", status);
  g_autoptr(HdTestReply) moved = hd_test_patch_ticket (o->server, id, o->bob_token, body);

  g_assert_cmpuint (moved->status, ==, 200);
}

/* What the front desk does offline reaches the server with the next
 * sync; a request sent again after a lost answer counts once, and one the
 * server really refuses is kept as a conflict. */
static void
test_delivered (void)
{
  Online o = { 0 };
  HdTicketEditor front;
  g_auto(HdSubmission) s = { 0 };
  g_autoptr(HdTicket) filed = NULL;
  g_autoptr(HdTicket) t = NULL;
  g_autoptr(HdTestReply) followed = NULL;
  g_autoptr(HdTestReply) surveyed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *id = NULL;

  online_set_up (&o);
  front = (HdTicketEditor) { o.cache, o.plan, "frontdesk", HD_ROLE_REQUESTER };

  /* filed here, critical by fast.plan's matrix: a response within 2 s */
  s.subject = g_strdup ("Projector in room 12 shows no picture");
  s.description = g_strdup ("The projector says no signal.");
  s.location = g_strdup ("Lincoln Elementary");
  s.topic = g_strdup ("classroom-av");
  s.scope = g_strdup ("few");
  s.effect = g_strdup ("blocked");
  hd_submission_fill_requester (&s, "frontdesk", "Front Office", NULL);
  {
    g_autoptr(GPtrArray) problems = hd_submission_check (&s, o.plan);

    g_assert_cmpuint (problems->len, ==, 0);
  }
  filed = hd_submission_build (&s, o.plan, "frontdesk", g_get_real_time () / G_USEC_PER_SEC);
  id = g_strdup (filed->id);
  g_assert_true (hd_submission_save (o.cache, filed, &error));
  g_assert_no_error (error);
  sync_ok (&o);
  t = cached_online (&o, id);
  g_assert_cmpint (t->number, >, 0);
  g_assert_cmpint (t->priority, ==, HD_PRIORITY_CRITICAL);

  /* the follow-up: queued once the response deadline passed */
  g_usleep (2500 * 1000);
  g_assert_true (hd_ticket_edit_follow_up (&front, t, "Any news?", g_get_real_time () / G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hd_cache_count_outbox (o.cache), ==, 1);
  sync_ok (&o);
  followed = server_ticket (&o, id);
  g_assert_cmpuint (count_events (followed, "follow-up"), ==, 1);
  g_assert_cmpint (hd_test_reply_int (followed, "escalation_level"), >=, 1);
  g_clear_pointer (&t, hd_ticket_free);
  t = cached_online (&o, id);
  g_assert_cmpint (t->escalation_level, >=, 1);

  /* the same follow-up again, as after an answer lost on the way: the
   * server already has it, nothing is refused or doubled */
  g_assert_true (hd_cache_queue_request (o.cache, HD_OUTBOX_FOLLOW_UP, t, "{\"message\": \"Any news?\"}", &error));
  sync_ok (&o);
  g_clear_pointer (&followed, hd_test_reply_free);
  followed = server_ticket (&o, id);
  g_assert_cmpuint (count_events (followed, "follow-up"), ==, 1);

  /* resolved by the team; the survey answered offline closes it */
  move_to (&o, id, "acknowledged");
  move_to (&o, id, "in-progress");
  move_to (&o, id, "resolved");
  sync_ok (&o);
  g_clear_pointer (&t, hd_ticket_free);
  t = cached_online (&o, id);
  g_assert_cmpint (t->status, ==, HD_STATUS_RESOLVED);
  g_assert_true (hd_ticket_edit_answer_survey (&front, t, 4, "Quick, thanks.", g_get_real_time () / G_USEC_PER_SEC,
                                               &error));
  g_assert_no_error (error);
  sync_ok (&o);
  surveyed = server_ticket (&o, id);
  g_assert_cmpstr (hd_test_reply_string (surveyed, "status"), ==, "closed");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (surveyed->body),
                                                                              "survey"), "rating"), ==, 4);
  g_clear_pointer (&t, hd_ticket_free);
  t = cached_online (&o, id);
  g_assert_cmpint (t->status, ==, HD_STATUS_CLOSED);
  g_assert_cmpint (t->survey_rating, ==, 4);

  /* the same answer again: taken already */
  g_assert_true (hd_cache_queue_request (o.cache, HD_OUTBOX_SURVEY, t,
                                         "{\"rating\": 4, \"comment\": \"Quick, thanks.\"}", &error));
  sync_ok (&o);

  /* another answer: the server refuses it, and the user sees why */
  g_assert_true (hd_cache_queue_request (o.cache, HD_OUTBOX_SURVEY, t, "{\"rating\": 1}", &error));
  g_assert_true (hd_sync_run (o.sync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hd_cache_count_outbox (o.cache), ==, 0);
  conflicts = hd_cache_list_conflicts (o.cache);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((HdConflict *) g_ptr_array_index (conflicts, 0))->field, ==, "refused");
  g_test_message ("%s", ((HdConflict *) g_ptr_array_index (conflicts, 0))->theirs);

  online_tear_down (&o);
}

int
main (int argc, char **argv)
{
  g_autofree char *path = g_build_filename (g_getenv ("HD_SOURCE_DIR"), "data", "plans", "example-district.plan", NULL);
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  plan = hd_plan_load (path, HD_PLAN_SCOPE_FULL, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ticket-edit/may", test_may);
  g_test_add ("/ticket-edit/status", Fixture, NULL, fixture_set_up, test_status, fixture_tear_down);
  g_test_add ("/ticket-edit/assign", Fixture, NULL, fixture_set_up, test_assign, fixture_tear_down);
  g_test_add ("/ticket-edit/priority", Fixture, NULL, fixture_set_up, test_priority, fixture_tear_down);
  g_test_add ("/ticket-edit/topic", Fixture, NULL, fixture_set_up, test_topic, fixture_tear_down);
  g_test_add ("/ticket-edit/comment", Fixture, NULL, fixture_set_up, test_comment, fixture_tear_down);
  g_test_add ("/ticket-edit/not-yet-numbered", Fixture, NULL, fixture_set_up, test_not_yet_numbered,
              fixture_tear_down);
  g_test_add ("/ticket-edit/resolve-conflict", Fixture, NULL, fixture_set_up, test_resolve_conflict,
              fixture_tear_down);
  g_test_add ("/ticket-edit/follow-up", Fixture, NULL, fixture_set_up, test_follow_up, fixture_tear_down);
  g_test_add ("/ticket-edit/survey", Fixture, NULL, fixture_set_up, test_survey, fixture_tear_down);
  g_test_add ("/ticket-edit/survey-without-comment", Fixture, NULL, fixture_set_up, test_survey_without_comment,
              fixture_tear_down);
  g_test_add_func ("/ticket-edit/delivered", test_delivered);

  status = g_test_run ();
  g_clear_object (&plan);
  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "hd-json.h"
#include "hd-json-writer.h"
#include "hd-ticket.h"
#include "hd-uuid.h"

static HdTicket *
sample (void)
{
  HdTicket *t = hd_ticket_new ();

  t->id = g_strdup ("3f1c2b7e-1111-4a2b-9c3d-000000000001");
  t->number = 1042;
  t->version = 3;
  t->subject = g_strdup ("Projector in room 12 shows no picture");
  t->description = g_strdup ("No signal.\nTried another cable.");
  t->requester_name = g_strdup ("Ms. Rivera");
  t->requester_email = g_strdup ("rivera@springfield.example");
  t->submitted_by = g_strdup ("frontdesk");
  t->channel = HD_CHANNEL_WALK_IN;
  t->location = g_strdup ("Lincoln Elementary");
  t->topic = g_strdup ("classroom-av");
  t->scope = g_strdup ("few");
  t->effect = g_strdup ("blocked");
  t->priority = HD_PRIORITY_CRITICAL;
  t->status = HD_STATUS_WAITING;
  t->assignee = g_strdup ("marcus");
  t->escalation_level = 1;
  t->created_at = 1795647000;
  t->updated_at = 1795650000;
  t->acknowledged_at = 1795647000;
  t->response_due_at = 1795648800;
  t->survey_rating = 4;
  t->survey_comment = g_strdup ("Quick");
  t->survey_at = 1795660000;
  return t;
}

static void
test_round_trip (void)
{
  g_autoptr(HdTicket) t = sample ();
  g_autoptr(JsonNode) node = hd_ticket_to_json (t);
  g_autofree char *text = hd_json_to_string (node);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) parsed = hd_json_parse (text, strlen (text), 1 << 20, &error);
  g_autoptr(HdTicket) copy = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *again_text = NULL;

  g_assert_no_error (error);
  copy = hd_ticket_new_from_json (parsed, &error);
  g_assert_no_error (error);
  again = hd_ticket_to_json (copy);
  again_text = hd_json_to_string (again);
  g_assert_cmpstr (text, ==, again_text);
  g_assert_cmpint (copy->channel, ==, HD_CHANNEL_WALK_IN);
  g_assert_cmpint (copy->resolved_at, ==, -1);
  g_assert_nonnull (strstr (text, "\"resolved_at\":null"));
  g_assert_nonnull (strstr (text, "\"created_at\":\"2026-11-25T22:50:00Z\""));
}

/* What the writer writes reads back as what it was given, and as
 * json-glib's own generator writes it. */
static void
test_json_writer (void)
{
  static const char * const strings[] = {
    "", "plain", "say \"hi\"", "back\\slash", "tab\there\nnew line\r\b\f", "\x01\x1f\x7f",
    "Días ñandú — 漢字 😀", "</script>", "\u2028",
  };
  const gint64 ints[] = { 0, 1, -1, 42, G_MAXINT64, G_MININT64, 1795647000 };
  GString *out = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(HdTicket) t = sample ();
  g_autoptr(JsonNode) written = NULL;
  g_autofree char *ticket_text = NULL;
  JsonObject *o;
  JsonArray *a;

  hd_json_write_begin_object (out, NULL);
  hd_json_write_begin_array (out, "strings");
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    hd_json_write_string (out, NULL, strings[i]);
  hd_json_write_end_array (out);
  hd_json_write_begin_array (out, "ints");
  for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
    hd_json_write_int (out, NULL, ints[i]);
  hd_json_write_end_array (out);
  hd_json_write_begin_array (out, "empty");
  hd_json_write_end_array (out);
  hd_json_write_begin_object (out, "nothing");
  hd_json_write_end_object (out);
  hd_json_write_string (out, "null string", NULL);
  hd_json_write_boolean (out, "yes", TRUE);
  hd_json_write_boolean (out, "no", FALSE);
  hd_json_write_instant (out, "when", 1795647000);
  hd_json_write_instant (out, "first", 0);
  hd_json_write_instant (out, "never", -1);
  hd_json_write_instant (out, "last", G_GINT64_CONSTANT (253402300799));
  hd_json_write_end_object (out);
  text = hd_json_writer_finish (out);

  node = hd_json_parse (text, strlen (text), 1 << 20, &error);
  g_assert_no_error (error);
  o = json_node_get_object (node);
  a = json_object_get_array_member (o, "strings");
  g_assert_cmpuint (json_array_get_length (a), ==, G_N_ELEMENTS (strings));
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    g_assert_cmpstr (json_array_get_string_element (a, i), ==, strings[i]);
  a = json_object_get_array_member (o, "ints");
  for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
    g_assert_cmpint (json_array_get_int_element (a, i), ==, ints[i]);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "empty")), ==, 0);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (o, "nothing")), ==, 0);
  g_assert_true (json_object_get_null_member (o, "null string"));
  g_assert_true (json_object_get_boolean_member (o, "yes"));
  g_assert_false (json_object_get_boolean_member (o, "no"));
  g_assert_cmpstr (json_object_get_string_member (o, "when"), ==, "2026-11-25T22:50:00Z");
  g_assert_cmpstr (json_object_get_string_member (o, "first"), ==, "1970-01-01T00:00:00Z");
  g_assert_true (json_object_get_null_member (o, "never"));
  g_assert_cmpstr (json_object_get_string_member (o, "last"), ==, "9999-12-31T23:59:59Z");

  /* a ticket: every member the API names, nested ones included */
  ticket_text = hd_ticket_to_json_text (t);
  written = json_from_string (ticket_text, &error);
  g_assert_no_error (error);
  o = json_node_get_object (written);
  g_assert_cmpuint (json_object_get_size (o), ==, 26);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "requester"), "email"), ==,
                   "rivera@springfield.example");
  g_assert_true (json_object_get_null_member (json_object_get_object_member (o, "requester"), "phone"));
  g_assert_cmpstr (json_object_get_string_member (o, "description"), ==, "No signal.\nTried another cable.");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "survey"), "rating"), ==, 4);
}

/* Version 7: valid, in the order of their times, and never the same. */
static void
test_uuid (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autofree char *previous = NULL;

  for (gint64 ms = 0; ms < 2000; ms++)
    {
      char *id = hd_uuid_new_v7 (G_GINT64_CONSTANT (1795647000000) + ms * 7, ms % 2 ? rand : NULL);

      g_assert_true (g_uuid_string_is_valid (id));
      g_assert_cmpint (id[14], ==, '7');
      g_assert_nonnull (strchr ("89ab", id[19]));
      if (previous != NULL)
        g_assert_cmpstr (previous, <, id);
      g_assert_true (g_hash_table_add (seen, id));
      g_free (previous);
      previous = g_strdup (id);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 2000);
  g_free (previous);
  /* the time now is after 2020 */
  previous = hd_uuid_new_v7 (G_GINT64_CONSTANT (1577836800000), NULL);
  {
    g_autofree char *now = hd_uuid_new ();

    g_assert_true (g_uuid_string_is_valid (now));
    g_assert_cmpstr (now, >, previous);
  }
}

static void
test_hostile (void)
{
  static const struct { const char *member; const char *value; } cases[] = {
    { "number", "\"1042\"" }, { "version", "0" }, { "subject", "42" }, { "priority", "\"urgent\"" },
    { "status", "\"done\"" }, { "created_at", "\"yesterday\"" }, { "id", "\"not-a-uuid\"" },
    { "escalation_level", "-1" }, { "requester", "\"Ms. Rivera\"" }, { "survey", "{\"rating\": 9}" },
  };
  g_autoptr(HdTicket) t = sample ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = hd_ticket_to_json (t);
      g_autoptr(JsonNode) value = json_from_string (cases[i].value, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(HdTicket) bad = NULL;

      json_object_set_member (json_node_get_object (node), cases[i].member, json_node_ref (value));
      bad = hd_ticket_new_from_json (node, &error);
      g_assert_null (bad);
      g_assert_error (error, HD_JSON_ERROR, HD_JSON_ERROR_INVALID);
    }
}

static void
test_workflow (void)
{
  g_assert_true (hd_status_can_move (HD_STATUS_NEW, HD_STATUS_ACKNOWLEDGED));
  g_assert_true (hd_status_can_move (HD_STATUS_WAITING, HD_STATUS_IN_PROGRESS));
  g_assert_true (hd_status_can_move (HD_STATUS_CLOSED, HD_STATUS_IN_PROGRESS));
  g_assert_false (hd_status_can_move (HD_STATUS_NEW, HD_STATUS_RESOLVED));
  g_assert_false (hd_status_can_move (HD_STATUS_WAITING, HD_STATUS_RESOLVED));
  g_assert_false (hd_status_can_move (HD_STATUS_CLOSED, HD_STATUS_NEW));
  g_assert_false (hd_status_can_move (HD_STATUS_NEW, HD_STATUS_NEW));
}

static void
test_json_limits (void)
{
  g_autofree char *deep = g_strnfill (65, '[');
  g_autofree char *open = g_strnfill (64, '[');
  g_autofree char *close = g_strnfill (64, ']');
  g_autofree char *deep_ok = g_strconcat (open, close, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_null (hd_json_parse (deep, strlen (deep), 1 << 20, &error));
  g_assert_error (error, HD_JSON_ERROR, HD_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);
  node = hd_json_parse (deep_ok, strlen (deep_ok), 1 << 20, &error);
  g_assert_no_error (error);
  g_assert_null (hd_json_parse ("\"[[[[\"", 6, 3, &error));
  g_assert_error (error, HD_JSON_ERROR, HD_JSON_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_null (hd_json_parse ("{\"a\": \"\xff\"}", 10, 100, &error));
  g_assert_error (error, HD_JSON_ERROR, HD_JSON_ERROR_MALFORMED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ticket/round-trip", test_round_trip);
  g_test_add_func ("/ticket/json-writer", test_json_writer);
  g_test_add_func ("/ticket/uuid", test_uuid);
  g_test_add_func ("/ticket/hostile", test_hostile);
  g_test_add_func ("/ticket/workflow", test_workflow);
  g_test_add_func ("/ticket/json-limits", test_json_limits);

  return g_test_run ();
}

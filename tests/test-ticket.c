/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "hd-json.h"
#include "hd-ticket.h"

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
  g_test_add_func ("/ticket/hostile", test_hostile);
  g_test_add_func ("/ticket/workflow", test_workflow);
  g_test_add_func ("/ticket/json-limits", test_json_limits);

  return g_test_run ();
}

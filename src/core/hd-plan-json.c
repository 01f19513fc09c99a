/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-plan"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-duration.h"
#include "hd-plan-private.h"
#include "hd-time.h"

/* The plan's JSON form, served at GET /plan. Reading turns it back into
 * groups and entries, so a plan from the server passes the same checks
 * as one from a file; members this version does not know are ignored. */

static const char * const weekday_members[7] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

/* Writing ---------------------------------------------------------------- */

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_strv (JsonBuilder        *b,
          const char         *name,
          const char * const *values)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_bool (JsonBuilder *b,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, value);
}

static void
write_hours (HdPlan      *self,
             JsonBuilder *b)
{
  json_builder_set_member_name (b, "hours");
  json_builder_begin_object (b);
  for (guint d = 0; d < 7; d++)
    {
      json_builder_set_member_name (b, weekday_members[d]);
      json_builder_begin_array (b);
      for (guint i = 0; i < self->hours[d]->len; i++)
        {
          const HdPlanRange *r = &g_array_index (self->hours[d], HdPlanRange, i);
          g_autofree char *text = _hd_plan_format_range (r);

          text[5] = '\0';
          json_builder_begin_object (b);
          add_string (b, "start", text);
          add_string (b, "end", text + 6);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "holidays");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->holidays->len; i++)
    {
      const HdPlanHoliday *h = &g_array_index (self->holidays, HdPlanHoliday, i);
      g_autofree char *first = hd_date_format (h->first);
      g_autofree char *last = hd_date_format (h->last);

      json_builder_begin_object (b);
      add_string (b, "first", first);
      add_string (b, "last", last);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
write_axis (JsonBuilder     *b,
            const char      *name,
            const GPtrArray *axis)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < axis->len; i++)
    {
      const HdPlanChoice *c = g_ptr_array_index (axis, i);

      json_builder_begin_object (b);
      add_string (b, "id", c->id);
      add_string (b, "label", c->label);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
write_priorities (HdPlan      *self,
                  JsonBuilder *b)
{
  json_builder_set_member_name (b, "priorities");
  json_builder_begin_array (b);
  for (guint p = 0; p < HD_N_PRIORITIES; p++)
    {
      const HdPlanPriority *level = &self->priorities[p];

      json_builder_begin_object (b);
      add_string (b, "id", level->id);
      add_string (b, "label", level->label);
      add_string (b, "description", level->description);
      add_int (b, "response", level->response);
      add_int (b, "resolution", level->resolution);
      add_int (b, "warn_before", level->warn_before);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "matrix");
  json_builder_begin_object (b);
  write_axis (b, "scopes", self->scopes);
  write_axis (b, "effects", self->effects);
  json_builder_set_member_name (b, "priorities");
  json_builder_begin_object (b);
  for (guint s = 0; s < self->scopes->len; s++)
    {
      json_builder_set_member_name (b, ((HdPlanChoice *) g_ptr_array_index (self->scopes, s))->id);
      json_builder_begin_array (b);
      for (guint e = 0; e < self->effects->len; e++)
        json_builder_add_string_value (b, hd_priority_to_string (self->matrix[s * self->effects->len + e]));
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static void
write_team (HdPlan      *self,
            JsonBuilder *b)
{
  json_builder_set_member_name (b, "topics");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->topics->len; i++)
    {
      const HdPlanTopic *t = g_ptr_array_index (self->topics, i);

      json_builder_begin_object (b);
      add_string (b, "id", t->id);
      add_string (b, "label", t->label);
      add_strv (b, "team", (const char * const *) t->team);
      add_string (b, "lead", t->lead);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "team");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->members->len; i++)
    {
      const HdPlanMember *m = g_ptr_array_index (self->members, i);

      json_builder_begin_object (b);
      add_string (b, "id", m->id);
      add_string (b, "name", m->name);
      add_string (b, "role", m->role);
      add_string (b, "email", m->email);
      add_string (b, "phone", m->phone);
      add_bool (b, "senior", m->senior);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
write_processes (HdPlan      *self,
                 JsonBuilder *b)
{
  json_builder_set_member_name (b, "escalation");
  json_builder_begin_object (b);
  add_string (b, "on_response_breach", hd_escalation_target_to_string (self->on_response_breach));
  add_string (b, "on_resolution_breach", hd_escalation_target_to_string (self->on_resolution_breach));
  add_strv (b, "supervisors", (const char * const *) self->supervisors);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "processes");
  json_builder_begin_object (b);
  add_string (b, "acknowledge", self->acknowledge_by_email ? "email" : "none");
  add_string (b, "follow_up_after", self->follow_up_after);
  json_builder_set_member_name (b, "auto_close_after");
  if (self->auto_close_after >= 0)
    json_builder_add_int_value (b, self->auto_close_after);
  else
    json_builder_add_null_value (b);
  add_bool (b, "survey", self->survey);
  add_string (b, "feedback", self->feedback);
  json_builder_end_object (b);
}

/* Durations are whole seconds; times of day "HH:MM"; dates "YYYY-MM-DD". */
JsonNode *
hd_plan_to_json (HdPlan *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (HD_IS_PLAN (self), NULL);

  json_builder_begin_object (b);
  add_string (b, "name", self->name);
  add_string (b, "purpose", self->purpose);
  add_string (b, "time_zone", hd_zone_get_identifier (self->zone));
  add_strv (b, "channels", (const char * const *) self->channels);
  add_string (b, "email", self->email);
  add_string (b, "phone", self->phone);
  add_string (b, "hours_posted", self->hours_posted);
  add_string (b, "commitments", self->commitments);
  write_hours (self, b);
  add_strv (b, "locations", (const char * const *) self->locations);
  write_priorities (self, b);
  write_team (self, b);
  write_processes (self, b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Reading ---------------------------------------------------------------- */

typedef struct {
  HdPlanSource *source;
  gboolean      ok;
} Reader;

static void
wrong_type (Reader     *r,
            const char *where,
            const char *name,
            const char *expected)
{
  if (where == NULL)
    _hd_plan_source_problem (r->source, 0, name, NULL, _("must be %s"), expected);
  else
    _hd_plan_source_problem (r->source, 0, where, name, _("must be %s"), expected);
  r->ok = FALSE;
}

/* A member's node, or NULL when absent or null. */
static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static JsonObject *
get_object (Reader     *r,
            JsonObject *object,
            const char *where,
            const char *name)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      wrong_type (r, where, name, _("an object"));
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
get_array (Reader     *r,
           JsonObject *object,
           const char *where,
           const char *name)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      wrong_type (r, where, name, _("an array"));
      return NULL;
    }
  return json_node_get_array (node);
}

static const char *
node_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Escapes a string so the interpreter reads it back unchanged, in a list
 * when @in_list. */
static void
append_escaped (GString    *out,
                const char *text,
                gboolean    in_list)
{
  for (const char *p = text; *p != '\0'; p++)
    switch (*p)
      {
      case '\\': g_string_append (out, "\\\\"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\t': g_string_append (out, "\\t"); break;
      case '\r': g_string_append (out, "\\r"); break;
      case ';':
        g_string_append (out, in_list ? "\\;" : ";");
        break;
      default: g_string_append_c (out, *p); break;
      }
}

static void
put (HdPlanGroup *group,
     const char  *key,
     char        *value)
{
  if (value != NULL)
    _hd_plan_group_add_entry (group, key, value, 0);
  g_free (value);
}

static char *
read_string (Reader     *r,
             JsonObject *object,
             const char *where,
             const char *name)
{
  JsonNode *node = get_member (object, name);
  const char *text = node_string (node);
  GString *out;

  if (node == NULL)
    return NULL;
  if (text == NULL)
    {
      wrong_type (r, where, name, _("a string"));
      return NULL;
    }
  out = g_string_new (NULL);
  append_escaped (out, text, FALSE);
  return g_string_free (out, FALSE);
}

static char *
read_string_list (Reader     *r,
                  JsonObject *object,
                  const char *where,
                  const char *name)
{
  JsonArray *array = get_array (r, object, where, name);
  GString *out;

  if (array == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *text = node_string (json_array_get_element (array, i));

      if (text == NULL)
        {
          wrong_type (r, where, name, _("an array of strings"));
          break;
        }
      if (i > 0)
        g_string_append_c (out, ';');
      append_escaped (out, text, TRUE);
    }
  return g_string_free (out, FALSE);
}

static char *
read_seconds (Reader     *r,
              JsonObject *object,
              const char *where,
              const char *name)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0)
    {
      wrong_type (r, where, name, _("a whole number of seconds, zero or more"));
      return NULL;
    }
  return hd_duration_format (json_node_get_int (node));
}

static char *
read_boolean (Reader     *r,
              JsonObject *object,
              const char *where,
              const char *name)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      wrong_type (r, where, name, _("true or false"));
      return NULL;
    }
  return g_strdup (json_node_get_boolean (node) ? "true" : "false");
}

/* The objects of array @name, each with a string "id"; calls @read_one
 * with each and its group name "@kind id". */
static void
read_groups (Reader     *r,
             JsonObject *root,
             const char *name,
             const char *kind,
             void      (*read_one) (Reader *, JsonObject *, HdPlanGroup *, const char *))
{
  JsonArray *array = get_array (r, root, NULL, name);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("%s[%u]", name, i);
      g_autofree char *group_name = NULL;
      JsonObject *object;
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          wrong_type (r, name, NULL, _("an array of objects"));
          return;
        }
      object = json_node_get_object (node);
      id = node_string (get_member (object, "id"));
      if (id == NULL)
        {
          wrong_type (r, where, "id", _("a string"));
          continue;
        }
      group_name = g_strconcat (kind, " ", id, NULL);
      read_one (r, object, _hd_plan_source_add_group (r->source, group_name, 0), where);
    }
}

static void
read_priority (Reader      *r,
               JsonObject  *o,
               HdPlanGroup *g,
               const char  *where)
{
  put (g, "Label", read_string (r, o, where, "label"));
  put (g, "Description", read_string (r, o, where, "description"));
  put (g, "Response", read_seconds (r, o, where, "response"));
  put (g, "Resolution", read_seconds (r, o, where, "resolution"));
  put (g, "WarnBefore", read_seconds (r, o, where, "warn_before"));
}

static void
read_topic (Reader      *r,
            JsonObject  *o,
            HdPlanGroup *g,
            const char  *where)
{
  put (g, "Label", read_string (r, o, where, "label"));
  put (g, "Team", read_string_list (r, o, where, "team"));
  put (g, "Lead", read_string (r, o, where, "lead"));
}

static void
read_member (Reader      *r,
             JsonObject  *o,
             HdPlanGroup *g,
             const char  *where)
{
  put (g, "Name", read_string (r, o, where, "name"));
  put (g, "Role", read_string (r, o, where, "role"));
  put (g, "Email", read_string (r, o, where, "email"));
  put (g, "Phone", read_string (r, o, where, "phone"));
  put (g, "Senior", read_boolean (r, o, where, "senior"));
}

static void
read_hours (Reader     *r,
            JsonObject *root)
{
  HdPlanGroup *g = _hd_plan_source_add_group (r->source, "Hours", 0);
  JsonObject *hours = get_object (r, root, NULL, "hours");
  JsonArray *holidays = get_array (r, root, NULL, "holidays");
  GString *list = g_string_new (NULL);

  for (guint d = 0; hours != NULL && d < 7; d++)
    {
      JsonArray *ranges = get_array (r, hours, "hours", weekday_members[d]);

      g_string_truncate (list, 0);
      for (guint i = 0; ranges != NULL && i < json_array_get_length (ranges); i++)
        {
          JsonNode *node = json_array_get_element (ranges, i);
          JsonObject *range = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          const char *start = node_string (get_member (range, "start"));
          const char *end = node_string (get_member (range, "end"));

          if (start == NULL || end == NULL)
            {
              wrong_type (r, "hours", weekday_members[d], _("an array of {\"start\", \"end\"} objects"));
              break;
            }
          g_string_append_printf (list, "%s%s-%s", i > 0 ? ";" : "", start, end);
        }
      _hd_plan_group_add_entry (g, _hd_weekday_keys[d], list->str, 0);
    }

  g_string_truncate (list, 0);
  for (guint i = 0; holidays != NULL && i < json_array_get_length (holidays); i++)
    {
      JsonNode *node = json_array_get_element (holidays, i);
      JsonObject *holiday = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *first = node_string (get_member (holiday, "first"));
      const char *last = node_string (get_member (holiday, "last"));

      if (first == NULL || last == NULL)
        {
          wrong_type (r, "holidays", NULL, _("an array of {\"first\", \"last\"} objects"));
          break;
        }
      g_string_append_printf (list, "%s%s..%s", i > 0 ? ";" : "", first, last);
    }
  if (list->len > 0)
    _hd_plan_group_add_entry (g, "Holidays", list->str, 0);
  g_string_free (list, TRUE);
}

static void
read_axis (Reader      *r,
           JsonObject  *matrix,
           HdPlanGroup *g,
           const char  *name,
           const char  *ids_key,
           const char  *labels_key,
           GPtrArray   *ids_out)
{
  JsonArray *axis = get_array (r, matrix, "matrix", name);
  GString *ids = g_string_new (NULL);
  GString *labels = g_string_new (NULL);

  for (guint i = 0; axis != NULL && i < json_array_get_length (axis); i++)
    {
      JsonNode *node = json_array_get_element (axis, i);
      JsonObject *choice = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = node_string (get_member (choice, "id"));
      const char *label = node_string (get_member (choice, "label"));

      if (id == NULL)
        {
          wrong_type (r, "matrix", name, _("an array of {\"id\", \"label\"} objects"));
          break;
        }
      if (i > 0)
        {
          g_string_append_c (ids, ';');
          g_string_append_c (labels, ';');
        }
      append_escaped (ids, id, TRUE);
      append_escaped (labels, label != NULL ? label : id, TRUE);
      if (ids_out != NULL)
        g_ptr_array_add (ids_out, g_strdup (id));
    }
  _hd_plan_group_add_entry (g, ids_key, ids->str, 0);
  _hd_plan_group_add_entry (g, labels_key, labels->str, 0);
  g_string_free (ids, TRUE);
  g_string_free (labels, TRUE);
}

static void
read_matrix (Reader     *r,
             JsonObject *root)
{
  JsonObject *matrix = get_object (r, root, NULL, "matrix");
  JsonObject *rows;
  g_autoptr(GPtrArray) scopes = g_ptr_array_new_with_free_func (g_free);
  HdPlanGroup *g;

  if (matrix == NULL)
    return;
  g = _hd_plan_source_add_group (r->source, "Matrix", 0);
  read_axis (r, matrix, g, "scopes", "Scopes", "ScopeLabels", scopes);
  read_axis (r, matrix, g, "effects", "Effects", "EffectLabels", NULL);
  rows = get_object (r, matrix, "matrix", "priorities");
  for (guint i = 0; rows != NULL && i < scopes->len; i++)
    {
      const char *scope = g_ptr_array_index (scopes, i);

      if (json_object_has_member (rows, scope))
        put (g, scope, read_string_list (r, rows, "matrix/priorities", scope));
    }
}

static void
read_tail (Reader     *r,
           JsonObject *root)
{
  JsonObject *escalation = get_object (r, root, NULL, "escalation");
  JsonObject *processes = get_object (r, root, NULL, "processes");
  HdPlanGroup *g;

  g = _hd_plan_source_add_group (r->source, "Locations", 0);
  put (g, "Names", read_string_list (r, root, NULL, "locations"));

  if (escalation != NULL)
    {
      g = _hd_plan_source_add_group (r->source, "Escalation", 0);
      put (g, "OnResponseBreach", read_string (r, escalation, "escalation", "on_response_breach"));
      put (g, "OnResolutionBreach", read_string (r, escalation, "escalation", "on_resolution_breach"));
      put (g, "Supervisors", read_string_list (r, escalation, "escalation", "supervisors"));
    }
  if (processes != NULL)
    {
      g = _hd_plan_source_add_group (r->source, "Processes", 0);
      put (g, "Acknowledge", read_string (r, processes, "processes", "acknowledge"));
      put (g, "FollowUpAfter", read_string (r, processes, "processes", "follow_up_after"));
      put (g, "AutoCloseAfter", read_seconds (r, processes, "processes", "auto_close_after"));
      put (g, "Survey", read_boolean (r, processes, "processes", "survey"));
      put (g, "Feedback", read_string (r, processes, "processes", "feedback"));
    }
}

gboolean
_hd_plan_source_read_json (HdPlanSource *source,
                           JsonNode     *node)
{
  Reader r = { source, TRUE };
  JsonObject *root;
  HdPlanGroup *g;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      wrong_type (&r, NULL, NULL, _("an object"));
      return FALSE;
    }
  root = json_node_get_object (node);

  g = _hd_plan_source_add_group (source, "Help Desk", 0);
  put (g, "Name", read_string (&r, root, NULL, "name"));
  put (g, "Purpose", read_string (&r, root, NULL, "purpose"));
  put (g, "TimeZone", read_string (&r, root, NULL, "time_zone"));
  put (g, "Channels", read_string_list (&r, root, NULL, "channels"));
  put (g, "Email", read_string (&r, root, NULL, "email"));
  put (g, "Phone", read_string (&r, root, NULL, "phone"));
  put (g, "HoursPosted", read_string (&r, root, NULL, "hours_posted"));
  put (g, "Commitments", read_string (&r, root, NULL, "commitments"));
  read_hours (&r, root);
  read_groups (&r, root, "priorities", "Priority", read_priority);
  read_matrix (&r, root);
  read_groups (&r, root, "topics", "Topic", read_topic);
  read_groups (&r, root, "team", "Member", read_member);
  read_tail (&r, root);
  return r.ok;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cache"

#include "config.h"

#include <string.h>

#include "hd-cache-private.h"
#include "hd-cache-query-private.h"
#include "hd-json.h"
#include "hd-time.h"

/* The alert memory: what the alert rules (hd-alert.c) told of each
 * ticket, once per ticket, kind and key (the deadline, the escalation
 * level), so that neither the next sync nor a restart tells it again and
 * a moved deadline is news. A priority raised to critical here is
 * remembered as told by the moment it is queued (a trigger on the
 * outbox): one's own change is no news, even once delivered.
 *
 * Only tickets that may have news are read: open ones of one's own (of
 * one's topics, for critical ones; every one, for supervisors) past a
 * point their memory does not cover yet. Parameters as the queues have
 * them (hd-cache-query-private.h): ?2 who "me" is, ?4 to ?7 the instant
 * before which each priority's deadlines are due soon; and ?8 whether
 * "me" supervises, ?9 the topics "me" works on (JSON), ?10 whether the
 * plan escalates to "me" as a supervisor. */

#define OWN "(?8 OR t.assignee = ?2)"
#define DUE_SOON_BEFORE "CASE t.priority WHEN 0 THEN ?4 WHEN 1 THEN ?5 WHEN 2 THEN ?6 ELSE ?7 END"
#define NOT_TOLD(kind, key) \
  "NOT EXISTS (SELECT 1 FROM alerts a WHERE a.ticket_id = t.id AND a.kind = '" kind "' AND a.key = " key ")"
#define LEVEL "t.escalation_level"

static const char candidates_sql[] =
  "SELECT " HD_CACHE_TICKET_ROW " FROM tickets t WHERE t.is_open = 1 AND ("
  " (t.priority = 0 AND (?8 OR t.assignee = ?2 OR t.topic IN (SELECT value FROM json_each (?9)))"
  "  AND " NOT_TOLD ("critical", "0") ")"
  " OR (t.next_due_at IS NOT NULL AND " OWN " AND ("
  "  (t.next_due_at = t.response_due_at AND t.response_due_at < " DUE_SOON_BEFORE
  "   AND " NOT_TOLD ("missed-response", "t.response_due_at") ")"
  "  OR (t.resolution_due_at < " DUE_SOON_BEFORE " AND " NOT_TOLD ("missed-resolution", "t.resolution_due_at") ")))"
  " OR ((t.assignee = ?2 OR ?10) AND " LEVEL " > 0 AND " NOT_TOLD ("escalated", LEVEL) "))"
  " ORDER BY t.number, t.rowid";

/* The nearest deadline of each priority not yet due soon, for when the
 * rules next have news with no sync. */
static const char upcoming_sql[] =
  "SELECT t.priority,"
  " min (CASE WHEN t.next_due_at = t.response_due_at AND t.response_due_at >= " DUE_SOON_BEFORE
  "  THEN t.response_due_at END),"
  " min (CASE WHEN t.resolution_due_at >= " DUE_SOON_BEFORE " THEN t.resolution_due_at END)"
  " FROM tickets t WHERE t.is_open = 1 AND t.next_due_at IS NOT NULL AND " OWN " GROUP BY t.priority";

typedef enum {
  TOLD_NOT,                    /* silent: remembered only */
  TOLD_ALONE,                  /* (unless the app gathers a burst of passes into a summary) */
  TOLD_IN_SUMMARY,
} Told;

typedef struct {
  char     *username;
  HdRole    role;
  GStrv     topics;
  guint     kinds;
  gboolean  quiet_outside_hours;
  HdPlan   *plan;
  gint64    now;
} CheckArgs;

static void
check_args_free (CheckArgs *args)
{
  g_free (args->username);
  g_strfreev (args->topics);
  g_clear_object (&args->plan);
  g_free (args);
}

/* The topics whose critical tickets concern @who, as a JSON array: the
 * teams they are in and the topics they lead. */
static char *
topics_json (HdPlan                 *plan,
             const HdAlertRecipient *who)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const GPtrArray *topics = hd_plan_get_topics (plan);
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; who->topics != NULL && who->topics[i] != NULL; i++)
    json_builder_add_string_value (builder, who->topics[i]);
  for (guint i = 0; i < topics->len; i++)
    {
      const HdPlanTopic *topic = g_ptr_array_index (topics, i);

      if (g_strcmp0 (topic->lead, who->username) == 0)
        json_builder_add_string_value (builder, topic->id);
    }
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);
  return hd_json_to_string (node);
}

static void
bind_recipient (sqlite3_stmt           *stmt,
                HdPlan                 *plan,
                const HdAlertRecipient *who,
                gint64                  now)
{
  g_autofree char *topics = NULL;

  _hd_cache_bind_queue (stmt, who->username, plan, now);
  sqlite3_bind_int (stmt, 8, who->role >= HD_ROLE_SUPERVISOR);
  if (sqlite3_bind_parameter_index (stmt, "?9") > 0)
    {
      topics = topics_json (plan, who);
      hd_bind_text (stmt, 9, topics);
    }
  if (sqlite3_bind_parameter_index (stmt, "?10") > 0)
    sqlite3_bind_int (stmt, 10, g_strv_contains (hd_plan_get_supervisors (plan), who->username));
}

/* The rules over every ticket that may have news, into @alerts; the
 * tickets they are about into @tickets. */
static gboolean
apply_rules (HdCache                *self,
             HdPlan                 *plan,
             const HdAlertRecipient *who,
             gint64                  now,
             GPtrArray              *alerts,
             GPtrArray              *tickets,
             gint64                 *next_check,
             GError                **error)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, candidates_sql);
  int rc;

  bind_recipient (stmt, plan, who, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HdCachedTicket *cached = _hd_cache_read_ticket (stmt, 0);
      HdTicket *ticket = g_steal_pointer (&cached->ticket);

      g_ptr_array_add (tickets, ticket);
      hd_alert_rules_apply (plan, who, ticket, cached->pending, now, alerts, next_check);
      hd_cached_ticket_free (cached);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || hd_database_fail (self->db, error);
}

/* Lowers @next_check to when the nearest deadline not yet due soon will be. */
static void
find_upcoming (HdCache                *self,
               HdPlan                 *plan,
               const HdAlertRecipient *who,
               gint64                  now,
               gint64                 *next_check)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db, upcoming_sql);

  bind_recipient (stmt, plan, who, now);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int priority = sqlite3_column_int (stmt, 0);
      gint64 response = hd_column_instant (stmt, 1), resolution = hd_column_instant (stmt, 2);
      gint64 due = response >= 0 && (resolution < 0 || response < resolution) ? response : resolution;

      if (due < 0 || priority < 0 || priority >= HD_N_PRIORITIES)
        continue;
      due = hd_calendar_subtract (hd_plan_get_calendar (plan), due, hd_plan_get_priority (plan, priority)->warn_before);
      *next_check = MIN (*next_check, MAX (due, now + 1));
    }
  sqlite3_reset (stmt);
}

static gboolean
remembered (HdCache       *self,
            const HdAlert *alert)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db,
      "SELECT 1 FROM alerts WHERE ticket_id = ? AND kind = ? AND key = ?");
  gboolean found;

  hd_bind_text (stmt, 1, alert->ticket->id);
  hd_bind_text (stmt, 2, hd_alert_memory_kind (alert));
  sqlite3_bind_int64 (stmt, 3, alert->key);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

static gboolean
remember (HdCache       *self,
          const HdAlert *alert,
          Told           told,
          gint64         now,
          GError       **error)
{
  sqlite3_stmt *stmt = hd_database_prepare (self->db,
      "INSERT OR IGNORE INTO alerts (ticket_id, kind, key, told, at) VALUES (?, ?, ?, ?, ?)");

  hd_bind_text (stmt, 1, alert->ticket->id);
  hd_bind_text (stmt, 2, hd_alert_memory_kind (alert));
  sqlite3_bind_int64 (stmt, 3, alert->key);
  sqlite3_bind_int (stmt, 4, told);
  sqlite3_bind_int64 (stmt, 5, now);
  return hd_database_run (self->db, stmt, error);
}

/* Every new alert remembered, in one transaction. The memory is no view's
 * business: no "changed" follows. */
static gboolean
remember_all (HdCache    *self,
              GPtrArray  *fresh,
              gboolean    flood,
              gint64      now,
              GError    **error)
{
  if (fresh->len == 0)
    return TRUE;
  if (!hd_database_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; i < fresh->len; i++)
    {
      const HdAlert *alert = g_ptr_array_index (fresh, i);
      Told told = alert->silent ? TOLD_NOT : flood ? TOLD_IN_SUMMARY : TOLD_ALONE;

      if (!remember (self, alert, told, now, error))
        {
          hd_database_exec (self->db, "ROLLBACK", NULL);
          return FALSE;
        }
    }
  if (hd_database_exec (self->db, "COMMIT", error))
    return TRUE;
  hd_database_exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

/* Runs the alert rules for @who over the cache at @now: what is news is
 * remembered and returned, to be told now (at most once: remembered
 * first). */
HdAlertBatch *
hd_cache_check_alerts (HdCache                 *self,
                       HdPlan                  *plan,
                       const HdAlertRecipient  *who,
                       gint64                   now,
                       GError                 **error)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_alert_free);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  g_autoptr(GPtrArray) told = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_alert_free);
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_ticket_free);
  g_autoptr(HdAlertBatch) batch = NULL;
  gint64 next_check = HD_TIME_NEVER;

  g_return_val_if_fail (HD_IS_CACHE (self), NULL);
  g_return_val_if_fail (HD_IS_PLAN (plan), NULL);
  g_return_val_if_fail (who != NULL && who->username != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  HD_CACHE_LOCKED (self);

  if (!apply_rules (self, plan, who, now, due, tickets, &next_check, error))
    return NULL;
  find_upcoming (self, plan, who, now, &next_check);
  for (guint i = 0; i < due->len; i++)
    {
      HdAlert *alert = g_ptr_array_index (due, i);

      if (remembered (self, alert))
        continue;
      g_ptr_array_add (fresh, alert);
      if (!alert->silent)
        g_ptr_array_add (told, g_ptr_array_steal_index (due, i--));
    }
  batch = hd_alert_batch_new (g_steal_pointer (&told), g_steal_pointer (&tickets), next_check);
  if (!remember_all (self, fresh, hd_alert_batch_is_flood (batch), now, error))
    return NULL;
  return g_steal_pointer (&batch);
}

static void
check_alerts_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  CheckArgs *args = task_data;
  HdAlertRecipient who = { args->username, args->role, (const char * const *) args->topics, args->kinds,
                           args->quiet_outside_hours };
  GError *error = NULL;
  HdAlertBatch *batch = hd_cache_check_alerts (source_object, args->plan, &who, args->now, &error);

  if (batch != NULL)
    g_task_return_pointer (task, batch, (GDestroyNotify) hd_alert_batch_free);
  else
    g_task_return_error (task, error);
}

/* The same in a worker thread. */
void
hd_cache_check_alerts_async (HdCache                 *self,
                             HdPlan                  *plan,
                             const HdAlertRecipient  *who,
                             gint64                   now,
                             GCancellable            *cancellable,
                             GAsyncReadyCallback      callback,
                             gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckArgs *args;

  g_return_if_fail (HD_IS_CACHE (self));
  g_return_if_fail (HD_IS_PLAN (plan));
  g_return_if_fail (who != NULL && who->username != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  args = g_new0 (CheckArgs, 1);
  args->username = g_strdup (who->username);
  args->role = who->role;
  args->topics = g_strdupv ((char **) who->topics);
  args->kinds = who->kinds;
  args->quiet_outside_hours = who->quiet_outside_hours;
  args->plan = g_object_ref (plan);
  args->now = now;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_cache_check_alerts_async);
  g_task_set_task_data (task, args, (GDestroyNotify) check_args_free);
  g_task_run_in_thread (task, check_alerts_thread);
}

HdAlertBatch *
hd_cache_check_alerts_finish (HdCache       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hd_cache_check_alerts_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

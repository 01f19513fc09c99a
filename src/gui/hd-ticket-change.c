/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-change"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-ticket-change.h"
#include "hd-ticket-edit.h"

typedef enum {
  CHANGE_STATUS,
  CHANGE_ASSIGN,
  CHANGE_PRIORITY,
  CHANGE_TOPIC,
  CHANGE_COMMENT,
  CHANGE_CONFLICT,
  CHANGE_FOLLOW_UP,
  CHANGE_SURVEY,
} ChangeKind;

struct _HdTicketChange
{
  ChangeKind  kind;
  char       *ticket_id;
  guint       value;           /* status, priority or rating */
  char       *text;            /* assignee, topic, reason, body, message */
  gboolean    flag;            /* internal note; keep mine */
  HdConflict  conflict;

  /* who makes it, filled in on the main thread */
  HdCache    *cache;
  HdPlan     *plan;
  char       *username;
  HdRole      role;
};

static HdTicketChange *
change_new (ChangeKind  kind,
            const char *ticket_id)
{
  HdTicketChange *change = g_new0 (HdTicketChange, 1);

  change->kind = kind;
  change->ticket_id = g_strdup (ticket_id);
  return change;
}

static gboolean
apply (HdTicketChange  *change,
       GError         **error)
{
  HdTicketEditor editor = { change->cache, change->plan, change->username, change->role };
  g_autoptr(HdCachedTicket) cached = NULL;
  const HdTicket *t;
  gint64 now = hd_sync_server_time (change->cache);

  if (change->kind == CHANGE_CONFLICT)
    return hd_ticket_edit_resolve_conflict (&editor, &change->conflict, change->flag, error);

  /* on the ticket as it is now, not as the pane last showed it */
  cached = hd_cache_find_ticket (change->cache, change->ticket_id);
  if (cached == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This ticket is no longer on this computer."));
      return FALSE;
    }
  t = cached->ticket;
  switch (change->kind)
    {
    case CHANGE_STATUS: return hd_ticket_edit_set_status (&editor, t, change->value, error);
    case CHANGE_ASSIGN: return hd_ticket_edit_assign (&editor, t, change->text, error);
    case CHANGE_PRIORITY: return hd_ticket_edit_set_priority (&editor, t, change->value, change->text, error);
    case CHANGE_TOPIC: return hd_ticket_edit_set_topic (&editor, t, change->text, error);
    case CHANGE_COMMENT: return hd_ticket_edit_add_comment (&editor, t, change->text, change->flag, error);
    case CHANGE_FOLLOW_UP: return hd_ticket_edit_follow_up (&editor, t, change->text, now, error);
    case CHANGE_SURVEY: return hd_ticket_edit_answer_survey (&editor, t, change->value, change->text, now, error);
    case CHANGE_CONFLICT:
    default: g_assert_not_reached ();
    }
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (apply (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Back on the main thread: the change is kept, so it can go out now. */
static void
applied_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HdSync *sync = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* the window moved on to another account: this one's engine rests */
  if (g_task_return_error_if_cancelled (task))
    return;
  /* a restart of the loop syncs at once, whatever pause it was in */
  hd_sync_stop (sync);
  hd_sync_start (sync);
  g_task_return_boolean (task, TRUE);
}

HdTicketChange *
hd_ticket_change_status (const char *ticket_id,
                         HdStatus    status)
{
  HdTicketChange *change = change_new (CHANGE_STATUS, ticket_id);

  change->value = status;
  return change;
}

/* To @assignee, a user name; NULL unassigns. */
HdTicketChange *
hd_ticket_change_assign (const char *ticket_id,
                         const char *assignee)
{
  HdTicketChange *change = change_new (CHANGE_ASSIGN, ticket_id);

  change->text = g_strdup (assignee);
  return change;
}

HdTicketChange *
hd_ticket_change_priority (const char *ticket_id,
                           HdPriority  priority,
                           const char *reason)
{
  HdTicketChange *change = change_new (CHANGE_PRIORITY, ticket_id);

  change->value = priority;
  change->text = g_strdup (reason);
  return change;
}

HdTicketChange *
hd_ticket_change_topic (const char *ticket_id,
                        const char *topic)
{
  HdTicketChange *change = change_new (CHANGE_TOPIC, ticket_id);

  change->text = g_strdup (topic);
  return change;
}

HdTicketChange *
hd_ticket_change_comment (const char *ticket_id,
                          const char *body,
                          gboolean    internal)
{
  HdTicketChange *change = change_new (CHANGE_COMMENT, ticket_id);

  change->text = g_strdup (body);
  change->flag = internal;
  return change;
}

HdTicketChange *
hd_ticket_change_conflict (const HdConflict *conflict,
                           gboolean          keep_mine)
{
  HdTicketChange *change;

  g_return_val_if_fail (conflict != NULL, NULL);

  change = change_new (CHANGE_CONFLICT, conflict->ticket_id);
  change->flag = keep_mine;
  change->conflict.id = conflict->id;
  change->conflict.ticket_id = g_strdup (conflict->ticket_id);
  change->conflict.field = g_strdup (conflict->field);
  change->conflict.mine = g_strdup (conflict->mine);
  change->conflict.theirs = g_strdup (conflict->theirs);
  change->conflict.created_at = conflict->created_at;
  return change;
}

HdTicketChange *
hd_ticket_change_follow_up (const char *ticket_id,
                            const char *message)
{
  HdTicketChange *change = change_new (CHANGE_FOLLOW_UP, ticket_id);

  change->text = g_strdup (message);
  return change;
}

HdTicketChange *
hd_ticket_change_survey (const char *ticket_id,
                         int         rating,
                         const char *comment)
{
  HdTicketChange *change = change_new (CHANGE_SURVEY, ticket_id);

  change->value = (guint) CLAMP (rating, 0, 5);
  change->text = g_strdup (comment);
  return change;
}

void
hd_ticket_change_free (HdTicketChange *change)
{
  if (change == NULL)
    return;
  g_free (change->ticket_id);
  g_free (change->text);
  g_free (change->conflict.ticket_id);
  g_free (change->conflict.field);
  g_free (change->conflict.mine);
  g_free (change->conflict.theirs);
  g_clear_object (&change->cache);
  g_clear_object (&change->plan);
  g_free (change->username);
  g_free (change);
}

/* Carries out @change, which this takes, as @account's user. */
void
hd_ticket_change_apply_async (HdTicketChange      *change,
                              HdAccount           *account,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;

  g_return_if_fail (change != NULL);
  g_return_if_fail (HD_IS_ACCOUNT (account));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_ticket_change_apply_async);
  g_task_set_task_data (task, g_object_ref (hd_account_get_sync (account)), g_object_unref);

  change->cache = g_object_ref (hd_account_get_cache (account));
  change->plan = hd_account_get_plan (account) != NULL ? g_object_ref (hd_account_get_plan (account)) : NULL;
  change->username = g_strdup (hd_account_get_username (account));
  change->role = hd_account_get_role (account);

  /* not cancellable: once asked for, a change is kept */
  worker = g_task_new (NULL, NULL, applied_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, apply_thread);
  g_task_set_task_data (worker, change, (GDestroyNotify) hd_ticket_change_free);
  g_task_run_in_thread (worker, apply_thread);
}

gboolean
hd_ticket_change_apply_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hd_ticket_change_apply_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

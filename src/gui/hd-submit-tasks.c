/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-submit-tasks"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-submit-tasks.h"

typedef struct {
  HdCache      *cache;
  HdPlan       *plan;
  HdSubmission  submission;
  char         *submitted_by;
  gint64        now;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->cache);
  g_clear_object (&data->plan);
  hd_submission_clear (&data->submission);
  g_free (data->submitted_by);
  g_free (data);
}

/* The worker gets a copy of its own: the form goes on being edited. */
static void
copy_submission (HdSubmission       *to,
                 const HdSubmission *from)
{
  to->subject = g_strdup (from->subject);
  to->description = g_strdup (from->description);
  to->location = g_strdup (from->location);
  to->topic = g_strdup (from->topic);
  to->scope = g_strdup (from->scope);
  to->effect = g_strdup (from->effect);
  to->requester_name = g_strdup (from->requester_name);
  to->requester_email = g_strdup (from->requester_email);
  to->requester_phone = g_strdup (from->requester_phone);
  to->channel = from->channel;
  to->for_self = from->for_self;
}

static void
save_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  ticket = hd_submission_build (&data->submission, data->plan, data->submitted_by, data->now);
  if (ticket == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("The plan gives no priority for these answers"));
  else if (!hd_submission_save (data->cache, ticket, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&ticket), (GDestroyNotify) hd_ticket_free);
}

static void
lookup_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(HdCachedTicket) cached = hd_cache_find_ticket (HD_CACHE (source_object), task_data);
  HdTicket *ticket = NULL;

  if (cached != NULL)
    ticket = g_steal_pointer (&cached->ticket);
  g_task_return_pointer (task, ticket, (GDestroyNotify) hd_ticket_free);
}

/* Builds the ticket @submission describes, as filed at @now by
 * @submitted_by, and keeps it in @cache with its delivery queued.
 * @submission must have passed hd_submission_check(). */
void
hd_submit_save_async (HdCache             *cache,
                      HdPlan              *plan,
                      const HdSubmission  *submission,
                      const char          *submitted_by,
                      gint64               now,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (HD_IS_CACHE (cache));
  g_return_if_fail (HD_IS_PLAN (plan));
  g_return_if_fail (submission != NULL);
  g_return_if_fail (submitted_by != NULL);

  data = g_new0 (SaveData, 1);
  data->cache = g_object_ref (cache);
  data->plan = g_object_ref (plan);
  copy_submission (&data->submission, submission);
  data->submitted_by = g_strdup (submitted_by);
  data->now = now;

  task = g_task_new (cache, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_submit_save_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  /* once begun, the ticket is kept whatever happens to the window */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, save_worker);
}

/* The ticket as saved, to be freed with hd_ticket_free(). */
HdTicket *
hd_submit_save_finish (HdCache       *cache,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, cache), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hd_submit_save_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Reads the ticket @ticket_id back from @cache, as the last sync left it. */
void
hd_submit_lookup_async (HdCache             *cache,
                        const char          *ticket_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HD_IS_CACHE (cache));
  g_return_if_fail (ticket_id != NULL);

  task = g_task_new (cache, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_submit_lookup_async);
  g_task_set_task_data (task, g_strdup (ticket_id), g_free);
  g_task_run_in_thread (task, lookup_worker);
}

/* The ticket, or %NULL without @error set when the cache has none by
 * that id. */
HdTicket *
hd_submit_lookup_finish (HdCache       *cache,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, cache), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hd_submit_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

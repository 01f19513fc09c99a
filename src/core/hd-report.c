/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-report-private.h"

typedef struct {
  const char     *id;
  const char     *title;
  HdReportNeeds   needs;
  GPtrArray    *(*build) (HdPlan *, const HdReportFilter *, gint64, const HdReportFacts *);
} Report;

typedef struct {
  HdPlan         *plan;
  HdReportKind    kind;          /* the one asked for, unless all are */
  guint           kinds;         /* a bit per HdReportKind */
  HdReportFilter *filter;
  gint64          now;
} RunArgs;

G_DEFINE_BOXED_TYPE (HdReportFilter, hd_report_filter, hd_report_filter_copy, hd_report_filter_free)

static const Report reports[HD_N_REPORTS] = {
  [HD_REPORT_WORKLOAD] = { "workload", N_("Workload"), HD_REPORT_NEEDS_OPEN, _hd_report_workload },
  [HD_REPORT_BACKLOG] = { "backlog", N_("Backlog"), HD_REPORT_NEEDS_OPEN, _hd_report_backlog },
  [HD_REPORT_VOLUME] = { "volume", N_("Volume"), HD_REPORT_NEEDS_CREATED | HD_REPORT_NEEDS_RESOLVED,
                         _hd_report_volume },
  [HD_REPORT_SLA] = { "sla", N_("Service levels"), HD_REPORT_NEEDS_CREATED | HD_REPORT_NEEDS_OPEN, _hd_report_sla },
  [HD_REPORT_ESCALATIONS] = { "escalations", N_("Escalations and satisfaction"),
                              HD_REPORT_NEEDS_ESCALATIONS | HD_REPORT_NEEDS_SURVEYS, _hd_report_escalations },
};

static void
run_args_free (RunArgs *args)
{
  g_clear_object (&args->plan);
  hd_report_filter_free (args->filter);
  g_free (args);
}

/* Filters */

/**
 * hd_report_filter_new:
 * @from: the first local date, in days since 1970-01-01
 * @to: the local date after the last
 *
 * Returns: (transfer full): a filter of every ticket created in the range
 */
HdReportFilter *
hd_report_filter_new (gint64 from,
                      gint64 to)
{
  HdReportFilter *filter = g_new0 (HdReportFilter, 1);

  filter->from = from;
  filter->to = to;
  return filter;
}

HdReportFilter *
hd_report_filter_copy (const HdReportFilter *filter)
{
  HdReportFilter *copy;

  g_return_val_if_fail (filter != NULL, NULL);

  copy = hd_report_filter_new (filter->from, filter->to);
  copy->location = g_strdup (filter->location);
  copy->topic = g_strdup (filter->topic);
  copy->technician = g_strdup (filter->technician);
  return copy;
}

void
hd_report_filter_free (HdReportFilter *filter)
{
  if (filter == NULL)
    return;
  g_free (filter->location);
  g_free (filter->topic);
  g_free (filter->technician);
  g_free (filter);
}

/* A range that ends after it starts, no longer than HD_REPORT_MAX_DAYS. */
gboolean
hd_report_filter_check (const HdReportFilter  *filter,
                        GError               **error)
{
  g_return_val_if_fail (filter != NULL, FALSE);

  if (filter->to <= filter->from)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("the range must end after the day it starts"));
      return FALSE;
    }
  if (filter->to - filter->from > HD_REPORT_MAX_DAYS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("a report covers at most %d days"), HD_REPORT_MAX_DAYS);
      return FALSE;
    }
  return TRUE;
}

/* Kinds */

const char *
hd_report_kind_to_string (HdReportKind kind)
{
  g_return_val_if_fail (kind < HD_N_REPORTS, NULL);
  return reports[kind].id;
}

gboolean
hd_report_kind_from_string (const char   *text,
                            HdReportKind *kind)
{
  g_return_val_if_fail (text != NULL && kind != NULL, FALSE);

  for (HdReportKind k = 0; k < HD_N_REPORTS; k++)
    if (g_str_equal (text, reports[k].id))
      {
        *kind = k;
        return TRUE;
      }
  return FALSE;
}

/* The report's translated title. */
const char *
hd_report_kind_get_title (HdReportKind kind)
{
  g_return_val_if_fail (kind < HD_N_REPORTS, NULL);
  return _(reports[kind].title);
}

/* Running */

static void
tables_free (gpointer tables)
{
  if (tables != NULL)
    g_ptr_array_unref (tables);
}

static gboolean
check_run_args (HdCache              *cache,
                HdPlan               *plan,
                const HdReportFilter *filter,
                GCancellable         *cancellable)
{
  g_return_val_if_fail (HD_IS_CACHE (cache), FALSE);
  g_return_val_if_fail (HD_IS_PLAN (plan), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  return TRUE;
}

/* The reports of @kinds (a bit per HdReportKind) from one read: an array
 * of HD_N_REPORTS, NULL for those not asked for. */
static GPtrArray *
run_reports (HdCache              *cache,
             HdPlan               *plan,
             guint                 kinds,
             const HdReportFilter *filter,
             gint64                now,
             GCancellable         *cancellable,
             GError              **error)
{
  HdReportFacts facts = { 0 };
  HdReportNeeds needs = 0;
  GPtrArray *all = NULL;

  for (HdReportKind k = 0; k < HD_N_REPORTS; k++)
    if (kinds & (1u << k))
      needs |= reports[k].needs;
  if (hd_report_filter_check (filter, error) &&
      _hd_cache_report_read (cache, plan, filter, needs, &facts, cancellable, error))
    {
      all = g_ptr_array_new_full (HD_N_REPORTS, tables_free);
      for (HdReportKind k = 0; k < HD_N_REPORTS; k++)
        g_ptr_array_add (all, kinds & (1u << k) ? reports[k].build (plan, filter, now, &facts) : NULL);
    }
  _hd_report_facts_clear (&facts);
  return all;
}

/**
 * hd_report_run:
 * @cache: the cache to count
 * @plan: the district's plan: its calendar, priorities, topics and team
 * @kind: which report
 * @filter: the range and filters
 * @now: the instant open tickets are seen at (overdue, age, missed)
 * @cancellable: (nullable): stops the count where it is
 * @error: a bad range, a failed query, or cancelled
 *
 * Blocks on SQLite: from a window, use hd_report_run_async().
 *
 * Returns: (transfer full) (element-type HdReportTable): the report's tables
 */
GPtrArray *
hd_report_run (HdCache              *cache,
               HdPlan               *plan,
               HdReportKind          kind,
               const HdReportFilter *filter,
               gint64                now,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autoptr(GPtrArray) all = NULL;

  g_return_val_if_fail (check_run_args (cache, plan, filter, cancellable), NULL);
  g_return_val_if_fail (kind < HD_N_REPORTS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  all = run_reports (cache, plan, 1u << kind, filter, now, cancellable, error);
  return all != NULL ? g_steal_pointer (&g_ptr_array_index (all, kind)) : NULL;
}

/**
 * hd_report_run_all:
 *
 * Every report at once, as hd_report_run() makes each: the tickets are
 * read once for all five, which costs about what the largest one alone
 * does.
 *
 * Returns: (transfer full) (element-type GPtrArray): HD_N_REPORTS arrays
 *   of tables, in HdReportKind's order
 */
GPtrArray *
hd_report_run_all (HdCache              *cache,
                   HdPlan               *plan,
                   const HdReportFilter *filter,
                   gint64                now,
                   GCancellable         *cancellable,
                   GError              **error)
{
  g_return_val_if_fail (check_run_args (cache, plan, filter, cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return run_reports (cache, plan, (1u << HD_N_REPORTS) - 1, filter, now, cancellable, error);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunArgs *args = task_data;
  GError *error = NULL;
  GPtrArray *all = run_reports (source_object, args->plan, args->kinds, args->filter, args->now, cancellable,
                                &error);

  if (all == NULL)
    g_task_return_error (task, error);
  else if (args->kinds == (1u << HD_N_REPORTS) - 1)
    g_task_return_pointer (task, all, (GDestroyNotify) g_ptr_array_unref);
  else
    {
      GPtrArray *tables = g_steal_pointer (&g_ptr_array_index (all, args->kind));

      g_ptr_array_unref (all);
      g_task_return_pointer (task, tables, (GDestroyNotify) g_ptr_array_unref);
    }
}

static void
run_async (HdCache              *cache,
           HdPlan               *plan,
           HdReportKind          kind,
           guint                 kinds,
           const HdReportFilter *filter,
           gint64                now,
           GCancellable         *cancellable,
           GAsyncReadyCallback   callback,
           gpointer              user_data,
           gpointer              source_tag)
{
  g_autoptr(GTask) task = NULL;
  RunArgs *args;

  args = g_new0 (RunArgs, 1);
  args->plan = g_object_ref (plan);
  args->kind = kind;
  args->kinds = kinds;
  args->filter = hd_report_filter_copy (filter);
  args->now = now;
  task = g_task_new (cache, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, args, (GDestroyNotify) run_args_free);
  g_task_run_in_thread (task, run_thread);
}

/* hd_report_run() in a worker thread: the window's thread never waits on
 * SQLite. Cancelling stops the count where it is. */
void
hd_report_run_async (HdCache              *cache,
                     HdPlan               *plan,
                     HdReportKind          kind,
                     const HdReportFilter *filter,
                     gint64                now,
                     GCancellable         *cancellable,
                     GAsyncReadyCallback   callback,
                     gpointer              user_data)
{
  g_return_if_fail (check_run_args (cache, plan, filter, cancellable));
  g_return_if_fail (kind < HD_N_REPORTS);

  run_async (cache, plan, kind, 1u << kind, filter, now, cancellable, callback, user_data, hd_report_run_async);
}

/**
 * hd_report_run_finish:
 *
 * Returns: (transfer full) (element-type HdReportTable): the report's tables
 */
GPtrArray *
hd_report_run_finish (HdCache       *cache,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (HD_IS_CACHE (cache), NULL);
  g_return_val_if_fail (g_task_is_valid (result, cache), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hd_report_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* hd_report_run_all() in a worker thread. */
void
hd_report_run_all_async (HdCache              *cache,
                         HdPlan               *plan,
                         const HdReportFilter *filter,
                         gint64                now,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_return_if_fail (check_run_args (cache, plan, filter, cancellable));

  run_async (cache, plan, 0, (1u << HD_N_REPORTS) - 1, filter, now, cancellable, callback, user_data,
             hd_report_run_all_async);
}

/**
 * hd_report_run_all_finish:
 *
 * Returns: (transfer full) (element-type GPtrArray): as hd_report_run_all()
 */
GPtrArray *
hd_report_run_all_finish (HdCache       *cache,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (HD_IS_CACHE (cache), NULL);
  g_return_val_if_fail (g_task_is_valid (result, cache), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hd_report_run_all_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

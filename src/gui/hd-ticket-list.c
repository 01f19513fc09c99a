/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-list"

#include "config.h"

#include <gtk/gtk.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "hd-ticket-list.h"

/* Arrays this long are freed in a worker thread. */
#define FREE_IN_THREAD_MIN 10000

struct _HdTicketList
{
  GObject     parent_instance;

  GPtrArray  *rows;            /* of HdTicketSummary */
  /* The rows handed out and still alive, by position, so that asking
   * twice gives the same object; each slot is a weak pointer. */
  gpointer   *items;
};

static void hd_ticket_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HdTicketList, hd_ticket_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, hd_ticket_list_model_init))

static void
free_rows_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_ptr_array_unref (task_data);
#ifdef __GLIBC__
  /* give the pages back, or a big queue's memory stays with us */
  malloc_trim (0);
#endif
}

/* Drops the model's reference to @rows. Freeing 100,000 summaries takes
 * tens of milliseconds: a big array goes in a worker thread. */
static void
free_rows (GPtrArray *rows)
{
  g_autoptr(GTask) task = NULL;

  if (rows->len < FREE_IN_THREAD_MIN)
    {
      g_ptr_array_unref (rows);
      return;
    }
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, free_rows);
  g_task_set_task_data (task, rows, NULL);
  g_task_run_in_thread (task, free_rows_thread);
}

/* The live rows of the first @keep positions move to a new table of
 * @size; those beyond are forgotten. */
static void
move_items (HdTicketList *self,
            guint         keep,
            guint         size)
{
  gpointer *items = NULL;

  if (self->items != NULL)
    {
      items = size > 0 ? g_new0 (gpointer, size) : NULL;
      for (guint i = 0; i < self->rows->len; i++)
        if (self->items[i] != NULL)
          {
            g_object_remove_weak_pointer (self->items[i], &self->items[i]);
            if (i < keep)
              {
                items[i] = self->items[i];
                g_object_add_weak_pointer (items[i], &items[i]);
              }
          }
      g_free (self->items);
    }
  self->items = items;
}

static GType
hd_ticket_list_get_item_type (GListModel *model)
{
  return HD_TYPE_TICKET_ROW;
}

static guint
hd_ticket_list_get_n_items (GListModel *model)
{
  return HD_TICKET_LIST (model)->rows->len;
}

static gpointer
hd_ticket_list_get_item (GListModel *model,
                         guint       position)
{
  HdTicketList *self = HD_TICKET_LIST (model);
  HdTicketRow *row;

  if (position >= self->rows->len)
    return NULL;
  if (self->items == NULL)
    self->items = g_new0 (gpointer, self->rows->len);
  if (self->items[position] != NULL)
    return g_object_ref (self->items[position]);
  row = hd_ticket_row_new (g_ptr_array_index (self->rows, position));
  self->items[position] = row;
  g_object_add_weak_pointer (G_OBJECT (row), &self->items[position]);
  return row;
}

static void
hd_ticket_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = hd_ticket_list_get_item_type;
  iface->get_n_items = hd_ticket_list_get_n_items;
  iface->get_item = hd_ticket_list_get_item;
}

static void
hd_ticket_list_finalize (GObject *object)
{
  HdTicketList *self = (HdTicketList *) object;

  move_items (self, 0, 0);
  g_clear_pointer (&self->rows, free_rows);

  G_OBJECT_CLASS (hd_ticket_list_parent_class)->finalize (object);
}

static void
hd_ticket_list_class_init (HdTicketListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hd_ticket_list_finalize;
}

static void
hd_ticket_list_init (HdTicketList *self)
{
  self->rows = g_ptr_array_new ();
}

HdTicketList *
hd_ticket_list_new (void)
{
  return g_object_new (HD_TYPE_TICKET_LIST, NULL);
}

/**
 * hd_ticket_list_replace:
 * @rows: (nullable) (element-type HdTicketSummary): the new rows, or
 *   %NULL for none; the list keeps a reference and never changes them
 * @force: whether rows that read the same say they changed all the same
 *
 * Puts @rows in place of every row. Positions both old and new keep
 * their row objects, which take the new summary and say so with
 * HdTicketRow::changed: a view keeps its widgets and writes them anew,
 * with no items-changed for them (which moves nothing about, so none of
 * the trouble GTK 4.8 has with rows moving). Only the rows past the end
 * of the shorter array are removed or added, in one items-changed.
 */
void
hd_ticket_list_replace (HdTicketList *self,
                        GPtrArray    *rows,
                        gboolean      force)
{
  GPtrArray *old;
  guint n_old, n_new, common;

  g_return_if_fail (HD_IS_TICKET_LIST (self));

  old = self->rows;
  n_old = old->len;
  n_new = rows != NULL ? rows->len : 0;
  common = MIN (n_old, n_new);
  move_items (self, common, n_new);
  self->rows = rows != NULL ? g_ptr_array_ref (rows) : g_ptr_array_new ();
  for (guint i = 0; self->items != NULL && i < common; i++)
    if (self->items[i] != NULL)
      hd_ticket_row_set_summary (self->items[i], g_ptr_array_index (self->rows, i), force);
  if (n_old != n_new)
    g_list_model_items_changed (G_LIST_MODEL (self), common, n_old - common, n_new - common);
  free_rows (old);
}

/* Every row, in order: HdTicketSummary, never changed; the list may let
 * go of it at the next hd_ticket_list_replace(). */
GPtrArray *
hd_ticket_list_get_rows (HdTicketList *self)
{
  g_return_val_if_fail (HD_IS_TICKET_LIST (self), NULL);

  return self->rows;
}

const HdTicketSummary *
hd_ticket_list_get_summary (HdTicketList *self,
                            guint         position)
{
  g_return_val_if_fail (HD_IS_TICKET_LIST (self), NULL);
  g_return_val_if_fail (position < self->rows->len, NULL);

  return g_ptr_array_index (self->rows, position);
}

/* The position of ticket @id, or GTK_INVALID_LIST_POSITION. */
guint
hd_ticket_list_find (HdTicketList *self,
                     const char   *id)
{
  g_return_val_if_fail (HD_IS_TICKET_LIST (self), GTK_INVALID_LIST_POSITION);

  if (id == NULL)
    return GTK_INVALID_LIST_POSITION;
  for (guint i = 0; i < self->rows->len; i++)
    {
      const HdTicketSummary *summary = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (summary->id, id) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

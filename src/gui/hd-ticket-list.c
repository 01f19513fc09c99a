/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-list"

#include "config.h"

#include <gtk/gtk.h>

#include "hd-ticket-list.h"

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
forget_items (HdTicketList *self)
{
  if (self->items == NULL)
    return;
  for (guint i = 0; i < self->rows->len; i++)
    if (self->items[i] != NULL)
      g_object_remove_weak_pointer (self->items[i], &self->items[i]);
  g_clear_pointer (&self->items, g_free);
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
  row = hd_ticket_row_new (self->rows, position);
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

  forget_items (self);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

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
 *
 * Puts @rows in place of every row, as one change: a view then builds
 * what it shows anew rather than moving rows about.
 */
void
hd_ticket_list_replace (HdTicketList *self,
                        GPtrArray    *rows)
{
  guint removed;

  g_return_if_fail (HD_IS_TICKET_LIST (self));

  removed = self->rows->len;
  forget_items (self);
  g_ptr_array_unref (self->rows);
  self->rows = rows != NULL ? g_ptr_array_ref (rows) : g_ptr_array_new ();
  if (removed > 0 || self->rows->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->rows->len);
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

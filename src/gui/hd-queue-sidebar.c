/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-queue-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-queue-sidebar.h"

/* Due soon and overdue move with the clock, not only with the cache. */
#define RECOUNT_SECONDS 60

typedef struct {
  HdQueue     queue;
  const char *label;
  const char *icon_name;
  gboolean    staff_only;
} QueueInfo;

static const QueueInfo queues[] = {
  { HD_QUEUE_MINE, N_("My Tickets"), "avatar-default-symbolic", TRUE },
  { HD_QUEUE_UNASSIGNED, N_("Unassigned"), "mail-unread-symbolic", TRUE },
  { HD_QUEUE_OPEN, N_("All Open"), "view-list-bullet-symbolic", TRUE },
  { HD_QUEUE_DUE_SOON, N_("Due Soon"), "alarm-symbolic", TRUE },
  { HD_QUEUE_BREACHED, N_("Overdue"), "task-past-due-symbolic", TRUE },
  { HD_QUEUE_WAITING, N_("Waiting"), "media-playback-pause-symbolic", TRUE },
  { HD_QUEUE_SUBMITTED, N_("Submitted by Me"), "document-send-symbolic", FALSE },
  { HD_QUEUE_CLOSED, N_("Closed"), "emblem-ok-symbolic", TRUE },
};

#define N_QUEUES G_N_ELEMENTS (queues)

struct _HdQueueSidebar
{
  GtkWidget      parent_instance;

  GtkListBox    *list_box;
  GtkWidget     *rows[N_QUEUES];
  GtkLabel      *counts[N_QUEUES];

  HdAccount     *account;
  HdCache       *cache;
  int            selected;     /* into queues[], -1 for none */
  gboolean       just_selected;

  GCancellable  *cancellable;  /* the count in flight */
  gboolean       counting;
  gboolean       recount;      /* the cache changed while counting */
  guint          recount_id;
  guint          first_count_id;
};

G_DEFINE_FINAL_TYPE (HdQueueSidebar, hd_queue_sidebar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_QUEUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void count (HdQueueSidebar *self);

static int
index_of_row (HdQueueSidebar *self,
              GtkListBoxRow  *row)
{
  for (guint i = 0; i < N_QUEUES; i++)
    if (self->rows[i] == (GtkWidget *) row)
      return i;
  return -1;
}

static int
index_of_queue (const char *id)
{
  HdQueue queue;

  if (id == NULL || !hd_queue_from_string (id, &queue))
    return -1;
  for (guint i = 0; i < N_QUEUES; i++)
    if (queues[i].queue == queue)
      return i;
  return -1;
}

static int
first_visible (HdQueueSidebar *self)
{
  for (guint i = 0; i < N_QUEUES; i++)
    if (gtk_widget_get_visible (self->rows[i]))
      return i;
  return -1;
}

static GtkWidget *
create_row (HdQueueSidebar *self,
            guint           i)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_(queues[i].label));
  GtkWidget *count_label = gtk_label_new (NULL);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (queues[i].icon_name));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_valign (count_label, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (count_label, FALSE);
  gtk_box_append (GTK_BOX (box), count_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(queues[i].label),
                                  -1);
  self->counts[i] = GTK_LABEL (count_label);
  return row;
}

/* A count sits dim at the end of its row; missed deadlines stand out. */
static void
show_count (HdQueueSidebar *self,
            guint           i,
            guint           n)
{
  GtkWidget *label = GTK_WIDGET (self->counts[i]);
  /* digits grouped as the locale has them: 97,107 */
  g_autofree char *text = g_strdup_printf ("%'u", n);
  g_autofree char *description = NULL;
  gboolean alert = queues[i].queue == HD_QUEUE_BREACHED && n > 0;

  gtk_label_set_text (self->counts[i], text);
  gtk_widget_set_visible (label, n > 0);
  gtk_widget_set_css_classes (label, alert ? (const char *[]) { "queue-count", "queue-count-alert", "numeric", NULL }
                                           : (const char *[]) { "queue-count", "dim-label", "numeric", NULL });
  if (n == 0)
    description = g_strdup (_("No tickets"));
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket", "%u tickets", n), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rows[i]),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
clear_counts (HdQueueSidebar *self)
{
  for (guint i = 0; i < N_QUEUES; i++)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->counts[i]), FALSE);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->rows[i]), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
counted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HdQueueSidebar) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n[HD_QUEUE_ALL + 1];

  if (!hd_cache_count_queues_finish (HD_CACHE (source), result, n, &error))
    {
      /* cancelled: whoever cancelled has started afresh */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Could not count the queues: %s", error->message);
      clear_counts (self);
    }
  else
    for (guint i = 0; i < N_QUEUES; i++)
      show_count (self, i, n[queues[i].queue]);
  self->counting = FALSE;
  g_clear_object (&self->cancellable);
  if (self->recount)
    count (self);
}

/* One count at a time: changes meanwhile ask for one more after it. */
static void
count (HdQueueSidebar *self)
{
  self->recount = FALSE;
  if (self->cache == NULL)
    return;
  if (self->counting)
    {
      self->recount = TRUE;
      return;
    }
  self->counting = TRUE;
  self->cancellable = g_cancellable_new ();
  hd_cache_count_queues_async (self->cache, hd_account_get_username (self->account),
                               hd_account_get_plan (self->account), hd_sync_now (hd_account_get_sync (self->account)),
                               self->cancellable, counted_cb, g_object_ref (self));
}

static void
stop_counting (HdQueueSidebar *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->counting = FALSE;
  self->recount = FALSE;
}

static gboolean
recount_cb (gpointer user_data)
{
  count (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
first_count_cb (gpointer user_data)
{
  HdQueueSidebar *self = user_data;

  self->first_count_id = 0;
  count (self);
  return G_SOURCE_REMOVE;
}

static void
cache_changed_cb (HdQueueSidebar *self)
{
  count (self);
}

static void
clear_just_selected (gpointer user_data)
{
  g_autoptr(HdQueueSidebar) self = user_data;

  self->just_selected = FALSE;
}

static void
row_selected_cb (HdQueueSidebar *self,
                 GtkListBoxRow  *row)
{
  int index = row != NULL ? index_of_row (self, row) : -1;

  if (index == self->selected)
    return;
  self->selected = index;
  /* a click selects, then activates: one notification for the two */
  if (!self->just_selected)
    g_idle_add_once (clear_just_selected, g_object_ref (self));
  self->just_selected = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE]);
}

/* Choosing the queue already shown still says so: a folded window then
 * moves on to the list. */
static void
row_activated_cb (HdQueueSidebar *self,
                  GtkListBoxRow  *row)
{
  if (self->just_selected || index_of_row (self, row) != self->selected)
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE]);
}

static void
hd_queue_sidebar_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HdQueueSidebar *self = HD_QUEUE_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      g_value_set_string (value, hd_queue_sidebar_get_queue (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_queue_sidebar_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HdQueueSidebar *self = HD_QUEUE_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      hd_queue_sidebar_set_queue (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_queue_sidebar_dispose (GObject *object)
{
  HdQueueSidebar *self = (HdQueueSidebar *) object;

  stop_counting (self);
  g_clear_handle_id (&self->recount_id, g_source_remove);
  g_clear_handle_id (&self->first_count_id, g_source_remove);
  g_clear_object (&self->cache);
  g_clear_object (&self->account);
  gtk_widget_dispose_template (GTK_WIDGET (self), HD_TYPE_QUEUE_SIDEBAR);

  G_OBJECT_CLASS (hd_queue_sidebar_parent_class)->dispose (object);
}

static void
hd_queue_sidebar_class_init (HdQueueSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_queue_sidebar_dispose;
  object_class->get_property = hd_queue_sidebar_get_property;
  object_class->set_property = hd_queue_sidebar_set_property;

  properties[PROP_QUEUE] =
    g_param_spec_string ("queue", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/helpdesk/HelpDesk/hd-queue-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, HdQueueSidebar, list_box);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hd_queue_sidebar_init (HdQueueSidebar *self)
{
  self->selected = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < N_QUEUES; i++)
    {
      self->rows[i] = create_row (self, i);
      gtk_list_box_append (self->list_box, self->rows[i]);
    }
}

/* The account whose queues are counted; requesters have only the
 * tickets they submitted. */
void
hd_queue_sidebar_set_account (HdQueueSidebar *self,
                              HdAccount      *account)
{
  gboolean staff;

  g_return_if_fail (HD_IS_QUEUE_SIDEBAR (self));
  g_return_if_fail (account == NULL || HD_IS_ACCOUNT (account));

  if (self->cache != NULL)
    g_signal_handlers_disconnect_by_func (self->cache, cache_changed_cb, self);
  stop_counting (self);
  g_clear_handle_id (&self->recount_id, g_source_remove);
  g_clear_handle_id (&self->first_count_id, g_source_remove);
  g_clear_object (&self->cache);
  g_set_object (&self->account, account);
  clear_counts (self);
  staff = account != NULL && hd_account_is_staff (account);
  for (guint i = 0; i < N_QUEUES; i++)
    gtk_widget_set_visible (self->rows[i], staff || !queues[i].staff_only);
  if (self->selected >= 0 && !gtk_widget_get_visible (self->rows[self->selected]))
    gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (self->rows[first_visible (self)]));
  if (account == NULL)
    return;
  self->cache = g_object_ref (hd_account_get_cache (account));
  g_signal_connect_object (self->cache, "changed", G_CALLBACK (cache_changed_cb), self, G_CONNECT_SWAPPED);
  self->recount_id = g_timeout_add_seconds (RECOUNT_SECONDS, recount_cb, self);
  /* the cache answers one query at a time: the window's list goes first */
  self->first_count_id = g_idle_add_full (G_PRIORITY_LOW, first_count_cb, self, NULL);
}

/* The id of the queue chosen (see hd_queue_to_string()), or %NULL. */
const char *
hd_queue_sidebar_get_queue (HdQueueSidebar *self)
{
  g_return_val_if_fail (HD_IS_QUEUE_SIDEBAR (self), NULL);

  return self->selected >= 0 ? hd_queue_to_string (queues[self->selected].queue) : NULL;
}

/* Chooses @queue, or the first queue shown when it is not one of them. */
void
hd_queue_sidebar_set_queue (HdQueueSidebar *self,
                            const char     *queue)
{
  int index;

  g_return_if_fail (HD_IS_QUEUE_SIDEBAR (self));

  index = index_of_queue (queue);
  if (index < 0 || !gtk_widget_get_visible (self->rows[index]))
    index = first_visible (self);
  gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (self->rows[index]));
}

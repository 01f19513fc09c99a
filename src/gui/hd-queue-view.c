/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-queue-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hd-cell-text.h"
#include "hd-queue-profile.h"
#include "hd-queue-view.h"
#include "hd-ticket-list.h"
#include "hd-ticket-text.h"

/* Deadlines come due and queues change with the clock alone. */
#define REFRESH_SECONDS 60

/* A queue shown anew comes in two steps: its first rows, read in
 * milliseconds however long the queue, then the whole, read behind them
 * (the closed queue of 100,000 tickets: 400 ms and more). More rows than
 * a window 2,160 pixels tall shows; the fewer, the fewer rows of widgets
 * GTK makes before the first frame (200 rows: 90 ms, 64: 30 ms). */
#define HEAD_ROWS 100

typedef void (*BindFunc) (HdQueueView           *self,
                          HdCellText            *label,
                          const HdTicketSummary *summary);

typedef struct {
  HdSortColumn  sort;
  const char   *title;
  int           width;
  gboolean      expand;
  BindFunc      bind;
} ColumnInfo;

typedef struct {
  HdQueueView         *self;
  const ColumnInfo    *info;
  GtkColumnViewColumn *column;
} Column;

typedef enum {
  RELOAD_NONE,
  RELOAD_REFRESH,              /* the same rows, read again: keep the place */
  RELOAD_NEW,                  /* another queue, search or order: from the top */
} ReloadKind;

/* A query on its way. */
typedef struct {
  HdQueueView *self;
  ReloadKind   kind;
  HdPlan      *plan;
  gint64       now;
  HdQueue      queue;
  char        *search;         /* NULL for none */
  HdSortColumn sort;
  gboolean     descending;
  guint        head;           /* the first rows alone, this many; 0: all */
  HdQueueTiming *timing;       /* HELPDESK_PROFILE: what it was for */
} Request;

static void bind_number   (HdQueueView *self, HdCellText *label, const HdTicketSummary *summary);
static void bind_priority (HdQueueView *self, HdCellText *label, const HdTicketSummary *summary);
static void bind_subject  (HdQueueView *self, HdCellText *label, const HdTicketSummary *summary);
static void bind_requester (HdQueueView *self, HdCellText *label, const HdTicketSummary *summary);
static void bind_location (HdQueueView *self, HdCellText *label, const HdTicketSummary *summary);
static void bind_topic    (HdQueueView *self, HdCellText *label, const HdTicketSummary *summary);
static void bind_assignee (HdQueueView *self, HdCellText *label, const HdTicketSummary *summary);
static void bind_status   (HdQueueView *self, HdCellText *label, const HdTicketSummary *summary);
static void bind_due      (HdQueueView *self, HdCellText *label, const HdTicketSummary *summary);

/* Widths are fixed, so that columns do not shift as rows of other
 * lengths scroll in; the subject takes any room beyond. Status and due
 * come first after the subject: beside the ticket pane, the list is
 * about 480 pixels wide, and they are what a queue is worked by. All
 * fit beside the sidebar of a window 1100 pixels wide. */
static const ColumnInfo column_info[] = {
  { HD_SORT_NUMBER, N_("Number"), 80, FALSE, bind_number },
  { HD_SORT_PRIORITY, N_("Priority"), 78, FALSE, bind_priority },
  { HD_SORT_SUBJECT, N_("Subject"), 100, TRUE, bind_subject },
  { HD_SORT_STATUS, N_("Status"), 100, FALSE, bind_status },
  { HD_SORT_DUE, N_("Due"), 116, FALSE, bind_due },
  { HD_SORT_REQUESTER, N_("Requester"), 90, FALSE, bind_requester },
  { HD_SORT_LOCATION, N_("Location"), 80, FALSE, bind_location },
  { HD_SORT_TOPIC, N_("Topic"), 80, FALSE, bind_topic },
  { HD_SORT_ASSIGNEE, N_("Assignee"), 84, FALSE, bind_assignee },
};

#define N_COLUMNS G_N_ELEMENTS (column_info)

struct _HdQueueView
{
  GtkWidget           parent_instance;

  GtkStack           *stack;
  GtkScrolledWindow  *scrolled_window;
  GtkColumnView      *column_view;
  GtkSingleSelection *selection;
  AdwStatusPage      *status_page;

  HdTicketList       *list;
  GPtrArray          *queue_rows; /* the queue's last rows with no search */
  /* what the last rows listed are: while the list shows them, the whole
   * of a queue and search, in an order */
  GPtrArray          *shown_rows;
  HdQueue             shown_queue;
  char               *shown_search;
  HdSortColumn        shown_sort;
  gboolean            shown_descending;
  Column              columns[N_COLUMNS];
  GHashTable         *due_cells; /* the due column's list items bound */
  Column             *probed;  /* see sorter_changed_cb() */
  gboolean            sorting; /* see hd_queue_view_set_sort() */

  HdAccount          *account;
  HdCache            *cache;
  HdPlan             *plan;    /* of the rows shown */
  GTimeZone          *zone;
  gint64              now;     /* the instant the rows are for */
  HdQueue             queue;
  gboolean            has_queue;
  char               *search;  /* NULL for none */
  HdSortColumn        sort;
  gboolean            descending;
  char               *selected_id;
  gboolean            restoring;
  guint               settle_id;
  int                 settle_frames;
  double              settle_place;
  gboolean            settle_focus;
  guint               selected_before_click;

  ReloadKind          reload;  /* asked for, to run when idle */
  guint               reload_id;
  GCancellable       *cancellable; /* the query in flight */
  gboolean            stale;   /* the cache changed while it ran */
  guint               refresh_id;

  HdQueueProfile     *profile; /* NULL unless HELPDESK_PROFILE */
};

G_DEFINE_FINAL_TYPE (HdQueueView, hd_queue_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_QUEUE,
  PROP_SEARCH,
  PROP_SORT,
  PROP_SORT_DESCENDING,
  N_PROPS
};

enum {
  TICKET_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void queue_reload (HdQueueView *self, ReloadKind kind);

static void
request_free (Request *request)
{
  g_clear_object (&request->self);
  g_clear_object (&request->plan);
  g_free (request->search);
  hd_queue_timing_free (request->timing);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static void
set_class (HdCellText *label,
           const char *css_class,
           gboolean    set)
{
  if (set)
    gtk_widget_add_css_class (GTK_WIDGET (label), css_class);
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), css_class);
}

/* An empty field shows as a dash, not as a gap. */
static void
set_text_or_dash (HdCellText *label,
                  const char *text)
{
  hd_cell_text_set_text (label, text != NULL && text[0] != '\0' ? text : "—");
}

static void
bind_number (HdQueueView           *self,
             HdCellText            *label,
             const HdTicketSummary *summary)
{
  g_autofree char *text = hd_ticket_text_number (summary->number);

  hd_cell_text_set_text (label, text);
  set_class (label, "dim-label", summary->number <= 0);
}

static void
bind_priority (HdQueueView           *self,
               HdCellText            *label,
               const HdTicketSummary *summary)
{
  const char *classes[] = { "priority-badge", hd_ticket_text_priority_class (summary->priority), NULL };

  hd_cell_text_set_text (label, hd_ticket_text_priority (self->plan, summary->priority));
  gtk_widget_set_css_classes (GTK_WIDGET (label), classes);
}

static void
bind_subject (HdQueueView           *self,
              HdCellText            *label,
              const HdTicketSummary *summary)
{
  set_text_or_dash (label, summary->subject);
}

static void
bind_requester (HdQueueView           *self,
                HdCellText            *label,
                const HdTicketSummary *summary)
{
  set_text_or_dash (label, summary->requester_name);
}

static void
bind_location (HdQueueView           *self,
               HdCellText            *label,
               const HdTicketSummary *summary)
{
  set_text_or_dash (label, summary->location);
}

static void
bind_topic (HdQueueView           *self,
            HdCellText            *label,
            const HdTicketSummary *summary)
{
  set_text_or_dash (label, hd_ticket_topic_label (summary, self->plan));
}

static void
bind_assignee (HdQueueView           *self,
               HdCellText            *label,
               const HdTicketSummary *summary)
{
  set_text_or_dash (label, hd_ticket_assignee_label (summary, self->plan));
  set_class (label, "dim-label", summary->assignee == NULL);
}

static void
bind_status (HdQueueView           *self,
             HdCellText            *label,
             const HdTicketSummary *summary)
{
  hd_cell_text_set_text (label, hd_ticket_text_status (summary->status));
}

static void
bind_due (HdQueueView           *self,
          HdCellText            *label,
          const HdTicketSummary *summary)
{
  HdDueState state;
  g_autofree char *text = hd_ticket_format_due (summary, self->plan, self->zone, self->now, &state);

  hd_cell_text_set_text (label, text != NULL ? text : "");
  set_class (label, "due-overdue", state == HD_DUE_OVERDUE);
  set_class (label, "due-soon", state == HD_DUE_SOON);
  set_class (label, "dim-label", state == HD_DUE_NONE);
}

/* The deadline in full, or why there is none. */
static char *
due_tooltip (HdQueueView           *self,
             const HdTicketSummary *summary)
{
  HdDueState state;
  g_autofree char *text = hd_ticket_format_due (summary, self->plan, self->zone, self->now, &state);
  g_autofree char *when = NULL;

  if (summary->status == HD_STATUS_WAITING && hd_status_is_open (summary->status))
    return g_strdup (_("The clock is stopped while the ticket waits on its requester"));
  if (state == HD_DUE_NONE || self->plan == NULL)
    return NULL;
  when = hd_plan_format_local_time (self->plan, summary->next_due_at);
  /* TRANSLATORS: %s is a date and time, as in "Monday, March 3, 2025 at 15:00 EST" */
  return g_strdup_printf (_("Due %s"), when);
}

/* Tooltips are made when asked for: setting one on every bound cell
 * costs GTK 4.8 a round trip to the display server each time. A cell
 * cut short shows its whole text. */
static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  HdQueueView *self = user_data;
  HdCellText *cell = HD_CELL_TEXT (widget);
  GtkListItem *item = g_object_get_data (G_OBJECT (widget), "hd-list-item");
  HdTicketRow *row = item != NULL ? gtk_list_item_get_item (item) : NULL;
  g_autofree char *text = NULL;

  if (row == NULL)
    return FALSE;
  if (g_object_get_data (G_OBJECT (widget), "hd-due") != NULL)
    text = due_tooltip (self, hd_ticket_row_get_summary (row));
  else if (hd_cell_text_is_ellipsized (cell))
    text = g_strdup (hd_cell_text_get_text (cell));
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static const char *
empty_description (HdQueue queue)
{
  switch (queue)
    {
    case HD_QUEUE_MINE: return _("Tickets assigned to you show here.");
    case HD_QUEUE_UNASSIGNED: return _("Every open ticket has someone working on it.");
    case HD_QUEUE_OPEN: return _("There are no open tickets.");
    case HD_QUEUE_DUE_SOON: return _("No deadline is coming up soon.");
    case HD_QUEUE_BREACHED: return _("No ticket has missed its deadline.");
    case HD_QUEUE_WAITING: return _("No ticket is waiting on its requester.");
    case HD_QUEUE_SUBMITTED: return _("Tickets you submit show here.");
    case HD_QUEUE_CLOSED: return _("Closed tickets show here.");
    case HD_QUEUE_ALL: return NULL;
    default: g_return_val_if_reached (NULL);
    }
}

static void
show_empty (HdQueueView *self)
{
  if (self->search != NULL)
    {
      adw_status_page_set_icon_name (self->status_page, "edit-find-symbolic");
      adw_status_page_set_title (self->status_page, _("No Results"));
      adw_status_page_set_description (self->status_page, _("No ticket in this queue matches your search."));
    }
  else
    {
      adw_status_page_set_icon_name (self->status_page, APPLICATION_ID "-symbolic");
      adw_status_page_set_title (self->status_page, _("No Tickets"));
      adw_status_page_set_description (self->status_page, self->has_queue ? empty_description (self->queue) : NULL);
    }
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
show_error (HdQueueView  *self,
            const GError *error)
{
  hd_ticket_list_replace (self->list, NULL, FALSE);
  adw_status_page_set_icon_name (self->status_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->status_page, _("Could Not Read the Tickets"));
  adw_status_page_set_description (self->status_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* Rows kept from the last query keep their cells, but the time of day
 * moved on: the due column is written anew. */
static void
rebind_due_cells (HdQueueView *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->due_cells);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      HdTicketRow *row = gtk_list_item_get_item (item);

      if (row != NULL)
        bind_due (self, HD_CELL_TEXT (gtk_list_item_get_child (item)), hd_ticket_row_get_summary (row));
    }
}

static GtkWidget *
focus_in_list (HdQueueView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)) ? focus : NULL;
}

static GtkWidget *
list_view (HdQueueView *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

/* The row widget showing @position, found through the list item its
 * first cell's label was made for (see setup_cb()). */
static GtkWidget *
row_widget (HdQueueView *self,
            guint        position)
{
  GtkWidget *list = list_view (self);

  for (GtkWidget *row = list != NULL ? gtk_widget_get_first_child (list) : NULL;
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *cell = gtk_widget_get_first_child (row);
      GtkWidget *label = cell != NULL ? gtk_widget_get_first_child (cell) : NULL;
      GtkListItem *item = label != NULL ? g_object_get_data (G_OBJECT (label), "hd-list-item") : NULL;

      if (item != NULL && gtk_list_item_get_position (item) == position)
        return row;
    }
  return NULL;
}

/* The position of the row with keyboard focus, if the list has it. */
static guint
focus_position (HdQueueView *self)
{
  GtkWidget *widget = focus_in_list (self);
  GtkWidget *list = list_view (self);

  for (; widget != NULL && gtk_widget_get_parent (widget) != list; widget = gtk_widget_get_parent (widget))
    ;
  if (widget != NULL && (widget = gtk_widget_get_first_child (widget)) != NULL
      && (widget = gtk_widget_get_first_child (widget)) != NULL
      && g_object_get_data (G_OBJECT (widget), "hd-list-item") != NULL)
    return gtk_list_item_get_position (g_object_get_data (G_OBJECT (widget), "hd-list-item"));
  return GTK_INVALID_LIST_POSITION;
}

/* Keyboard focus on the chosen row, when it has a widget. */
static gboolean
focus_selected (HdQueueView *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  GtkWidget *row = position != GTK_INVALID_LIST_POSITION ? row_widget (self, position) : NULL;

  return row != NULL && gtk_widget_grab_focus (row);
}

/* What new rows may have moved is put back in the second frame after
 * they came, once rows added have their widgets and places: the scroll
 * position of a refresh, and keyboard focus on the chosen row. */
static gboolean
settle_cb (GtkWidget     *widget,
           GdkFrameClock *clock,
           gpointer       user_data)
{
  HdQueueView *self = HD_QUEUE_VIEW (widget);
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  if (self->settle_frames-- > 1)
    return G_SOURCE_CONTINUE;
  self->settle_id = 0;
  if (self->settle_place >= 0 && gtk_adjustment_get_value (vadjustment) != self->settle_place)
    gtk_adjustment_set_value (vadjustment, self->settle_place);
  self->settle_place = -1;
  if (self->settle_focus && focus_in_list (self) == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0
      && !focus_selected (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  self->settle_focus = FALSE;
  return G_SOURCE_REMOVE;
}

static void
settle_soon (HdQueueView *self,
             double       place,
             gboolean     focus)
{
  /* a second refresh before the first settled: the first knew the place */
  if (self->settle_id == 0 || self->settle_place < 0)
    self->settle_place = place;
  self->settle_focus = self->settle_focus || focus;
  self->settle_frames = 2;
  if (self->settle_id == 0)
    self->settle_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), settle_cb, NULL, NULL);
}

/* New rows in the places of the old, the selection kept on the same
 * ticket and keyboard focus on the selection. A focused row about to
 * go away is let go of first: GTK 4.8 can keep a dangling pointer to
 * it. */
static void
show_rows (HdQueueView *self,
           GPtrArray   *rows,
           gboolean     keep_place,
           gboolean     force)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  double place = gtk_adjustment_get_value (vadjustment);
  guint focused = focus_position (self);
  guint n = rows != NULL ? rows->len : 0;
  gboolean refocus = focused != GTK_INVALID_LIST_POSITION;

  if (focused != GTK_INVALID_LIST_POSITION && focused >= n)
    gtk_root_set_focus (gtk_widget_get_root (GTK_WIDGET (self)), NULL);
  /* None: the empty page hides the list, which keeps the rows it had so
   * that the next rows take their places and their widgets. GTK 4.8
   * destroys a list's 205 rows of widgets as their rows go and makes
   * them anew as rows come back: 40 ms each way for a search that finds
   * nothing and is then cleared. */
  if (n == 0)
    {
      show_empty (self);
      return;
    }
  /* to the top while the old rows can still tell where it is */
  if (!keep_place)
    {
      self->settle_place = -1;
      gtk_adjustment_set_value (vadjustment, 0.0);
    }
  /* with nothing selected, the selection does not look for its row
   * among the rows added */
  self->restoring = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  hd_ticket_list_replace (self->list, rows, force);
  gtk_single_selection_set_selected (self->selection, hd_ticket_list_find (self->list, self->selected_id));
  self->restoring = FALSE;
  rebind_due_cells (self);
  gtk_stack_set_visible_child_name (self->stack, "tickets");
  /* the row focused may have been let go of, or now show another ticket */
  if (refocus && !focus_selected (self) && focus_in_list (self) == NULL)
    settle_soon (self, keep_place ? place : -1, TRUE);
  else if (keep_place)
    settle_soon (self, place, FALSE);
}

static void
use_plan (HdQueueView *self,
          HdPlan      *plan)
{
  if (plan == self->plan && self->zone != NULL)
    return;
  g_set_object (&self->plan, plan);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  if (plan != NULL)
    self->zone = g_time_zone_new_identifier (hd_zone_get_identifier (hd_plan_get_zone (plan)));
  if (self->zone == NULL)
    self->zone = g_time_zone_new_local ();
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  HdQueueView *self = request->self;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gboolean same_plan, more;

  rows = hd_cache_list_summaries_finish (HD_CACHE (source), result, &error);
  hd_queue_profile_listed (request->timing);
  /* cancelled: whoever cancelled has asked again */
  if (rows == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  same_plan = request->plan == self->plan;
  use_plan (self, request->plan);
  self->now = request->now;
  /* a head as long as asked for may have more behind it */
  more = rows != NULL && request->head > 0 && rows->len == request->head;
  if (rows != NULL && request->search == NULL && !more)
    {
      g_clear_pointer (&self->queue_rows, g_ptr_array_unref);
      self->queue_rows = g_ptr_array_ref (rows);
    }
  if (rows != NULL)
    {
      g_clear_pointer (&self->shown_rows, g_ptr_array_unref);
      self->shown_rows = more ? NULL : g_ptr_array_ref (rows);
      self->shown_queue = request->queue;
      g_free (self->shown_search);
      self->shown_search = g_strdup (request->search);
      self->shown_sort = request->sort;
      self->shown_descending = request->descending;
      show_rows (self, rows, request->kind == RELOAD_REFRESH, !same_plan);
    }
  else
    show_error (self, error);
  if (more)
    hd_queue_profile_follow (self->profile, request->timing);
  hd_queue_profile_shown (self->profile, g_steal_pointer (&request->timing), rows != NULL ? rows->len : 0,
                          g_strdup_printf ("%s%s, queue %s", hd_sort_column_to_string (self->sort),
                                           self->descending ? " descending" : "",
                                           self->has_queue ? hd_queue_to_string (self->queue) : "none"),
                          more);
  /* The whole, read at once in the place of the head, keeping the place
   * scrolled to and the ticket chosen meanwhile. A search typed before
   * it comes cancels it, and is looked for in the queue by SQLite. */
  if (more || self->stale)
    queue_reload (self, RELOAD_REFRESH);
}

/* Whether the next rows should come head first: a queue shown anew,
 * with no search (a search's results are mostly fewer, and its letters
 * typed on look among the whole of the one before, see
 * HdKnownSummaries). */
static gboolean
wants_head (HdQueueView *self,
            ReloadKind   kind)
{
  return kind == RELOAD_NEW && self->search == NULL &&
         (g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0 || self->shown_queue != self->queue);
}

static void
run_query (HdQueueView *self,
           ReloadKind   kind)
{
  /* what the cache may take instead of reading it again: the rows shown,
   * which a search typed on narrows, and the queue's with no search,
   * which a cleared search brings back */
  GPtrArray *rows = hd_ticket_list_get_rows (self->list);
  HdKnownSummaries known = {
    rows, self->shown_sort, self->shown_descending,
    self->queue_rows != rows ? self->queue_rows : NULL,
    self->shown_rows == rows, self->shown_queue, self->shown_search,
  };
  HdPlan *plan;
  Request *request;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->stale = FALSE;
  if (self->account == NULL || !self->has_queue)
    {
      show_rows (self, NULL, FALSE, FALSE);
      return;
    }
  plan = hd_account_get_plan (self->account);
  if (plan == NULL && self->queue == HD_QUEUE_DUE_SOON)
    {
      show_rows (self, NULL, FALSE, FALSE);
      return;
    }
  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  request->kind = kind;
  request->plan = plan != NULL ? g_object_ref (plan) : NULL;
  request->now = hd_sync_now (hd_account_get_sync (self->account));
  request->queue = self->queue;
  request->search = g_strdup (self->search);
  request->sort = self->sort;
  request->descending = self->descending;
  request->head = wants_head (self, kind) ? HEAD_ROWS : 0;
  request->timing = hd_queue_profile_start (self->profile);
  self->cancellable = g_cancellable_new ();
  if (request->head > 0)
    hd_cache_list_summaries_head_async (self->cache, self->queue, hd_account_get_username (self->account), NULL,
                                        self->sort, self->descending, plan, request->now, request->head,
                                        self->cancellable, listed_cb, request);
  else
    hd_cache_list_summaries_async (self->cache, self->queue, hd_account_get_username (self->account), self->search,
                                   self->sort, self->descending, plan, request->now,
                                   &known, self->cancellable, listed_cb, request);
}

static gboolean
reload_cb (gpointer user_data)
{
  HdQueueView *self = user_data;
  ReloadKind kind = self->reload;

  self->reload_id = 0;
  self->reload = RELOAD_NONE;
  run_query (self, kind);
  return G_SOURCE_REMOVE;
}

/* What the user asks for starts at once, in place of any query still
 * running. A refresh runs when idle, one at a time: one more runs after
 * it when the cache changed meanwhile. */
static void
queue_reload (HdQueueView *self,
              ReloadKind   kind)
{
  if (kind == RELOAD_NEW)
    {
      g_clear_handle_id (&self->reload_id, g_source_remove);
      self->reload = RELOAD_NONE;
      run_query (self, RELOAD_NEW);
      return;
    }
  if (self->cancellable != NULL)
    {
      self->stale = TRUE;
      return;
    }
  self->reload = MAX (self->reload, kind);
  if (self->reload_id == 0)
    self->reload_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, reload_cb, self, NULL);
}

static gboolean
refresh_cb (gpointer user_data)
{
  queue_reload (user_data, RELOAD_REFRESH);
  return G_SOURCE_CONTINUE;
}

static void
cache_changed_cb (HdQueueView *self)
{
  queue_reload (self, RELOAD_REFRESH);
}

static void
emit_activated (HdQueueView *self,
                guint        position)
{
  const HdTicketSummary *summary;

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->list)))
    return;
  summary = hd_ticket_list_get_summary (self->list, position);
  g_free (self->selected_id);
  self->selected_id = g_strdup (summary->id);
  g_signal_emit (self, signals[TICKET_ACTIVATED], 0, summary->id);
}

/* As in a mail app, choosing a row opens its ticket. */
static void
selection_changed_cb (HdQueueView *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (self->restoring || position == GTK_INVALID_LIST_POSITION)
    return;
  emit_activated (self, position);
}

static void
activate_cb (HdQueueView *self,
             guint        position)
{
  emit_activated (self, position);
}

static void
after_click_cb (gpointer user_data)
{
  g_autoptr(HdQueueView) self = user_data;
  guint position = gtk_single_selection_get_selected (self->selection);

  /* a click on the row already chosen opens it again */
  if (position != GTK_INVALID_LIST_POSITION && position == self->selected_before_click)
    emit_activated (self, position);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            HdQueueView     *self)
{
  GtkWidget *column_view = GTK_WIDGET (self->column_view);
  GtkWidget *target = gtk_widget_pick (column_view, x, y, GTK_PICK_DEFAULT);

  if (n_press != 1)
    return;
  for (; target != NULL && target != column_view; target = gtk_widget_get_parent (target))
    if (g_str_equal (gtk_widget_get_css_name (target), "row"))
      {
        self->selected_before_click = gtk_single_selection_get_selected (self->selection);
        g_idle_add_once (after_click_cb, g_object_ref (self));
        return;
      }
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          Column                   *column)
{
  GtkWidget *label = hd_cell_text_new (column->info->sort != HD_SORT_PRIORITY);

  if (column->info->sort == HD_SORT_PRIORITY)
    gtk_widget_set_halign (label, GTK_ALIGN_START);
  if (column->info->sort == HD_SORT_NUMBER)
    gtk_widget_add_css_class (label, "numeric");
  g_object_set_data (G_OBJECT (label), "hd-list-item", item);
  g_object_set_data (G_OBJECT (item), "hd-column", column);
  if (column->info->sort == HD_SORT_DUE)
    g_object_set_data (G_OBJECT (label), "hd-due", GINT_TO_POINTER (TRUE));
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (query_tooltip_cb), column->self);
  gtk_list_item_set_child (item, label);
}

static void
write_cell (GtkListItem *item)
{
  Column *column = g_object_get_data (G_OBJECT (item), "hd-column");
  HdTicketRow *row = gtk_list_item_get_item (item);

  column->info->bind (column->self, HD_CELL_TEXT (gtk_list_item_get_child (item)), hd_ticket_row_get_summary (row));
}

/* A row kept its place but shows another ticket, or the same changed. */
static void
row_changed_cb (HdTicketRow *row,
                GtkListItem *item)
{
  write_cell (item);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         Column                   *column)
{
  write_cell (item);
  g_signal_connect (gtk_list_item_get_item (item), "changed", G_CALLBACK (row_changed_cb), item);
  if (column->info->sort == HD_SORT_DUE)
    g_hash_table_add (column->self->due_cells, item);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           Column                   *column)
{
  HdTicketRow *row = gtk_list_item_get_item (item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, row_changed_cb, item);
  g_hash_table_remove (column->self->due_cells, item);
}

/* The sorters only tell which header was clicked: rows are sorted in
 * SQL. GTK 4.8 has no getter for the column view's primary column, so
 * its sorter is asked to compare once: only the primary column's
 * sorter is consulted, and the answer's sign gives the direction. */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  Column *column = user_data;

  column->self->probed = column;
  return GTK_ORDERING_SMALLER;
}

static void
sorter_changed_cb (HdQueueView *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  HdSortColumn sort = HD_SORT_DUE;
  gboolean descending = FALSE;
  GtkOrdering order;

  if (self->sorting)
    return;
  self->probed = NULL;
  /* two distinct objects: a sorter finds any item equal to itself */
  order = gtk_sorter_compare (sorter, self, self->list);
  if (self->probed != NULL)
    {
      sort = self->probed->info->sort;
      descending = order == GTK_ORDERING_LARGER;
    }
  if (sort == self->sort && descending == self->descending)
    return;
  self->sort = sort;
  self->descending = descending;
  hd_queue_profile_request (self->profile, g_strdup ("sort"));
  queue_reload (self, RELOAD_NEW);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_DESCENDING]);
}

static void
hd_queue_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HdQueueView *self = HD_QUEUE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_QUEUE:
      g_value_set_string (value, self->has_queue ? hd_queue_to_string (self->queue) : NULL);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search != NULL ? self->search : "");
      break;
    case PROP_SORT:
      g_value_set_string (value, hd_sort_column_to_string (self->sort));
      break;
    case PROP_SORT_DESCENDING:
      g_value_set_boolean (value, self->descending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_queue_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HdQueueView *self = HD_QUEUE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      hd_queue_view_set_account (self, g_value_get_object (value));
      break;
    case PROP_QUEUE:
      hd_queue_view_set_queue (self, g_value_get_string (value));
      break;
    case PROP_SEARCH:
      hd_queue_view_set_search (self, g_value_get_string (value));
      break;
    case PROP_SORT:
      hd_queue_view_set_sort (self, g_value_get_string (value), self->descending);
      break;
    case PROP_SORT_DESCENDING:
      hd_queue_view_set_sort (self, hd_sort_column_to_string (self->sort), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_queue_view_dispose (GObject *object)
{
  HdQueueView *self = (HdQueueView *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_pointer (&self->queue_rows, g_ptr_array_unref);
  g_clear_pointer (&self->shown_rows, g_ptr_array_unref);
  if (self->settle_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->settle_id);
  self->settle_id = 0;
  /* the columns go with the template, each a change of the sorter that
   * no longer has them to compare */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view), sorter_changed_cb, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), HD_TYPE_QUEUE_VIEW);
  g_clear_object (&self->list);
  g_clear_object (&self->cache);
  g_clear_object (&self->account);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->zone, g_time_zone_unref);

  G_OBJECT_CLASS (hd_queue_view_parent_class)->dispose (object);
}

static void
hd_queue_view_finalize (GObject *object)
{
  HdQueueView *self = (HdQueueView *) object;

  g_free (self->search);
  g_free (self->shown_search);
  g_free (self->selected_id);
  hd_queue_profile_free (self->profile);
  g_hash_table_unref (self->due_cells);

  G_OBJECT_CLASS (hd_queue_view_parent_class)->finalize (object);
}

static void
hd_queue_view_class_init (HdQueueViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_queue_view_dispose;
  object_class->finalize = hd_queue_view_finalize;
  object_class->get_property = hd_queue_view_get_property;
  object_class->set_property = hd_queue_view_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, HD_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUE] =
    g_param_spec_string ("queue", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT] =
    g_param_spec_string ("sort", NULL, NULL, "due",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT_DESCENDING] =
    g_param_spec_boolean ("sort-descending", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HdQueueView::ticket-activated:
   * @ticket_id: the id of the ticket
   *
   * A row was chosen (by click, keys or Enter): its ticket is to open.
   */
  signals[TICKET_ACTIVATED] = g_signal_new ("ticket-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/helpdesk/HelpDesk/hd-queue-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HdQueueView, stack);
  gtk_widget_class_bind_template_child (widget_class, HdQueueView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, HdQueueView, column_view);
  gtk_widget_class_bind_template_child (widget_class, HdQueueView, selection);
  gtk_widget_class_bind_template_child (widget_class, HdQueueView, status_page);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
add_columns (HdQueueView *self)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      Column *column = &self->columns[i];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkSorter) sorter = NULL;
      g_autoptr(GtkColumnViewColumn) view_column = NULL;

      column->self = self;
      column->info = &column_info[i];
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), column);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), column);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), column);
      view_column = gtk_column_view_column_new (_(column->info->title), factory);
      sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, column, NULL));
      gtk_column_view_column_set_sorter (view_column, sorter);
      gtk_column_view_column_set_fixed_width (view_column, column->info->width);
      gtk_column_view_column_set_expand (view_column, column->info->expand);
      gtk_column_view_column_set_resizable (view_column, TRUE);
      gtk_column_view_append_column (self->column_view, view_column);
      column->column = view_column;
    }
}

static void
hd_queue_view_init (HdQueueView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->due_cells = g_hash_table_new (NULL, NULL);
  self->settle_place = -1;
  self->list = hd_ticket_list_new ();
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->list));
  self->sort = HD_SORT_DUE;
  add_columns (self);
  for (guint i = 0; i < N_COLUMNS; i++)
    if (column_info[i].sort == HD_SORT_DUE)
      gtk_column_view_sort_by_column (self->column_view, self->columns[i].column, GTK_SORT_ASCENDING);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (click));
  use_plan (self, NULL);
  self->profile = hd_queue_profile_new (self);
}

/* The account whose cache the rows come from. */
void
hd_queue_view_set_account (HdQueueView *self,
                           HdAccount   *account)
{
  g_return_if_fail (HD_IS_QUEUE_VIEW (self));
  g_return_if_fail (account == NULL || HD_IS_ACCOUNT (account));

  if (self->account == account)
    return;
  if (self->cache != NULL)
    g_signal_handlers_disconnect_by_func (self->cache, cache_changed_cb, self);
  g_clear_object (&self->cache);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_set_object (&self->account, account);
  g_clear_pointer (&self->selected_id, g_free);
  /* nothing of another account's stays, not even hidden */
  hd_ticket_list_replace (self->list, NULL, FALSE);
  g_clear_pointer (&self->queue_rows, g_ptr_array_unref);
  g_clear_pointer (&self->shown_rows, g_ptr_array_unref);
  if (account != NULL)
    {
      self->cache = g_object_ref (hd_account_get_cache (account));
      g_signal_connect_object (self->cache, "changed", G_CALLBACK (cache_changed_cb), self, G_CONNECT_SWAPPED);
      self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
    }
  queue_reload (self, RELOAD_NEW);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

/* The queue shown, by its id (see hd_queue_to_string()). */
void
hd_queue_view_set_queue (HdQueueView *self,
                         const char  *queue)
{
  HdQueue parsed;
  gboolean valid;

  g_return_if_fail (HD_IS_QUEUE_VIEW (self));

  valid = queue != NULL && hd_queue_from_string (queue, &parsed);
  if (valid == self->has_queue && (!valid || parsed == self->queue))
    return;
  self->has_queue = valid;
  if (valid)
    self->queue = parsed;
  g_clear_pointer (&self->queue_rows, g_ptr_array_unref);
  hd_queue_profile_request (self->profile, g_strdup_printf ("queue %s", queue != NULL ? queue : ""));
  queue_reload (self, RELOAD_NEW);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE]);
}

/* Narrows the queue to the tickets with every word of @search; a newer
 * search makes the one still running moot. */
void
hd_queue_view_set_search (HdQueueView *self,
                          const char  *search)
{
  g_autofree char *text = g_strstrip (g_strdup (search != NULL ? search : ""));

  g_return_if_fail (HD_IS_QUEUE_VIEW (self));

  if (text[0] == '\0')
    g_clear_pointer (&text, g_free);
  if (g_strcmp0 (text, self->search) == 0)
    return;
  g_free (self->search);
  self->search = g_steal_pointer (&text);
  hd_queue_profile_request (self->profile, g_strdup_printf ("search \"%s\"", self->search != NULL ? self->search : ""));
  queue_reload (self, RELOAD_NEW);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

/* Sorts the rows by the column @sort (an id of hd_sort_column_to_string()
 * that has a column), as a click on its header would. */
void
hd_queue_view_set_sort (HdQueueView *self,
                        const char  *sort,
                        gboolean     descending)
{
  HdSortColumn parsed;

  g_return_if_fail (HD_IS_QUEUE_VIEW (self));

  if (sort == NULL || !hd_sort_column_from_string (sort, &parsed))
    return;
  for (guint i = 0; i < N_COLUMNS; i++)
    if (column_info[i].sort == parsed)
      {
        /* GTK 4.8 leaves the arrow on the header sorted by before unless
         * the order is cleared first; the clearing is no order to load */
        self->sorting = TRUE;
        gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
        self->sorting = FALSE;
        gtk_column_view_sort_by_column (self->column_view, self->columns[i].column,
                                        descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
      }
}

HdQueueProfile *
hd_queue_view_get_profile (HdQueueView *self)
{
  g_return_val_if_fail (HD_IS_QUEUE_VIEW (self), NULL);

  return self->profile;
}

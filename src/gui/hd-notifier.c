/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-notifier"

#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "hd-alert-text.h"
#include "hd-notifier.h"
#include "hd-ticket-change.h"
#include "hd-ticket-edit.h"
#include "hd-ticket-text.h"
#include "hd-time.h"

/* The rules look at the cache only while it is what the server said a
 * moment ago (the sync engine's long polls end at least every minute):
 * after a night asleep or a day offline, the catch-up sync comes first,
 * and what it brings and what came due meanwhile are one summary. */
#define FRESH_SECONDS 120
#define CHECK_EVERY_SECONDS 60
/* How long a ticket's history may take: a critical ticket is told
 * within 5 s, looked up or not */
#define HISTORY_TIMEOUT_SECONDS 2
#define HISTORY_DEADLINE_MS 3000
/* Alerts are gathered this long before they are told, so that a burst
 * (tickets filed one after another, each its own sync) is one summary */
#define GATHER_MS 1000
/* Notifications whose buttons still work, the latest; a server that
 * never says it closed one does not make the app grow */
#define MAX_SHOWN 100

struct _HdNotifier
{
  GObject        parent_instance;

  GApplication  *application;  /* not owned: it owns us */
  GSettings     *settings;
  HdAccount     *account;
  GSignalGroup  *account_signals;
  GSignalGroup  *cache_signals;
  GSignalGroup  *sync_signals;
  GCancellable  *cancellable;  /* the account's: checks and takes */
  gboolean       checking;
  gboolean       check_again;
  guint          timer_id;
  HdAlertBatch  *gathered;
  guint          gather_id;
  GQueue         shown;        /* NotifyNotification: kept until closed, for their actions */
  int            markup;       /* whether the server reads markup in bodies; -1: not asked yet */
  gboolean       told_background;
};

/* "Take it" on a notification, on its way to the server */
typedef struct {
  HdNotifier *notifier;
  char       *number;          /* "HD-1042" */
} Take;

/* A batch on its way to the screen: alerts that only the ticket's
 * history can tell to be one's own change wait for it, asked for one at
 * a time, but no longer than HISTORY_DEADLINE_MS; then all are told in
 * order. Counted references (g_rc_box): the lookup and the deadline each
 * hold one. */
typedef struct {
  HdNotifier   *notifier;
  HdAlertBatch *batch;
  gboolean     *own;           /* by alert: one's own change, says the history */
  guint         next;          /* the next alert to look at */
  guint         deadline_id;
  gboolean      told;
} Telling;

static void check (HdNotifier *self);

G_DEFINE_FINAL_TYPE (HdNotifier, hd_notifier, G_TYPE_OBJECT)

static const char * const kind_settings[HD_N_ALERT_KINDS] = {
  "notify-critical", "notify-due-soon", "notify-missed", "notify-escalated",
};

/* Microseconds by the server's clock, which the deadlines are on. */
static gint64
now_us (HdNotifier *self)
{
  gint64 offset = self->account != NULL ? hd_sync_get_clock_offset (hd_account_get_sync (self->account)) : 0;

  return g_get_real_time () + offset * G_USEC_PER_SEC;
}

static guint
wanted_kinds (HdNotifier *self)
{
  guint kinds = 0;

  for (HdAlertKind kind = 0; kind < HD_N_ALERT_KINDS; kind++)
    if (g_settings_get_boolean (self->settings, kind_settings[kind]))
      kinds |= HD_ALERT_KIND_BIT (kind);
  return kinds;
}

static gboolean
timer_cb (gpointer user_data)
{
  HdNotifier *self = user_data;

  self->timer_id = 0;
  check (self);
  return G_SOURCE_REMOVE;
}

/* The next look: at @next_check (just past that second: a deadline is
 * told as it passes, before the server's escalation comes in), or in a
 * minute. */
static void
schedule (HdNotifier *self,
          gint64      next_check)
{
  gint64 now = now_us (self);
  gint64 at = MIN (next_check, now / G_USEC_PER_SEC + CHECK_EVERY_SECONDS);
  gint64 delay = (at * G_USEC_PER_SEC - now) / 1000 + 5;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->account == NULL)
    return;
  self->timer_id = g_timeout_add (CLAMP (delay, 1, CHECK_EVERY_SECONDS * 1000), timer_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->timer_id), "[hd-notifier] check");
}

/* Bodies may carry markup where the server reads it: escaped there. */
static char *
body_text (HdNotifier *self,
           const char *body)
{
  if (self->markup < 0)
    {
      GList *caps = notify_get_server_caps ();

      /* no answer, no server yet: asked again next time */
      if (caps != NULL)
        self->markup = g_list_find_custom (caps, "body-markup", (GCompareFunc) g_strcmp0) != NULL;
      g_list_free_full (caps, g_free);
    }
  return self->markup > 0 ? g_markup_escape_text (body, -1) : g_strdup (body);
}

static void
closed_cb (NotifyNotification *notification,
           HdNotifier         *self)
{
  if (g_queue_remove (&self->shown, notification))
    g_object_unref (notification);
}

static NotifyNotification *
notification_new (HdNotifier *self,
                  const char *summary,
                  const char *body,
                  gboolean    urgent)
{
  g_autofree char *text = body_text (self, body);
  NotifyNotification *notification = notify_notification_new (summary, text, APPLICATION_ID);

  notify_notification_set_urgency (notification, urgent ? NOTIFY_URGENCY_CRITICAL : NOTIFY_URGENCY_NORMAL);
  notify_notification_set_hint (notification, "desktop-entry", g_variant_new_string (APPLICATION_ID));
  return notification;
}

/* Shows @notification (which this takes) and keeps it while it shows. */
static void
present (HdNotifier         *self,
         NotifyNotification *notification)
{
  g_autoptr(GError) error = NULL;

  if (!notify_notification_show (notification, &error))
    {
      /* no notification server: nobody to tell, and no window to tell it in */
      g_message ("Cannot show a notification: %s", error->message);
      g_object_unref (notification);
      return;
    }
  g_signal_connect_object (notification, "closed", G_CALLBACK (closed_cb), self, 0);
  g_queue_push_tail (&self->shown, notification);
  if (self->shown.length > MAX_SHOWN)
    g_object_unref (g_queue_pop_head (&self->shown));
}

static void
open_cb (NotifyNotification *notification,
         char               *action,
         gpointer            user_data)
{
  HdNotifier *self = user_data;
  const char *ticket_id = g_object_get_data (G_OBJECT (notification), "ticket-id");

  g_action_group_activate_action (G_ACTION_GROUP (self->application), "open-ticket",
                                  g_variant_new_string (ticket_id != NULL ? ticket_id : ""));
}

static void
quit_cb (NotifyNotification *notification,
         char               *action,
         gpointer            user_data)
{
  HdNotifier *self = user_data;

  g_application_quit (self->application);
}

static void
take_free (Take *take)
{
  g_object_unref (take->notifier);
  g_free (take->number);
  g_free (take);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Take, take_free)

static void
taken_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Take) take = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  if (hd_ticket_change_apply_finish (result, &error) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  summary = g_strdup_printf (_("%s could not be assigned to you"), take->number);
  present (take->notifier, notification_new (take->notifier, summary, error->message, FALSE));
}

/* "Take it": assigned to me, as the ticket pane's "Assign to Me" does. */
static void
take_cb (NotifyNotification *notification,
         char               *action,
         gpointer            user_data)
{
  HdNotifier *self = user_data;
  const char *ticket_id = g_object_get_data (G_OBJECT (notification), "ticket-id");
  Take *take;

  if (self->account == NULL || ticket_id == NULL)
    return;
  take = g_new0 (Take, 1);
  take->notifier = g_object_ref (self);
  take->number = g_strdup (g_object_get_data (G_OBJECT (notification), "ticket-number"));
  hd_ticket_change_apply_async (hd_ticket_change_assign (ticket_id, hd_account_get_username (self->account)),
                                self->account, self->cancellable, taken_cb, take);
}

/* An unassigned ticket, which any of the team may take; or, since the
 * server routes every new ticket, one a supervisor may take over. */
static gboolean
may_take (HdAccount      *account,
          const HdTicket *t)
{
  HdRole role = hd_account_get_role (account);

  if (!hd_ticket_edit_may (role, "assignee"))
    return FALSE;
  if (t->assignee == NULL)
    return TRUE;
  return role >= HD_ROLE_SUPERVISOR && !g_str_equal (t->assignee, hd_account_get_username (account));
}

static void
tell_alert (HdNotifier    *self,
            HdPlan        *plan,
            const HdAlert *alert,
            gint64         now)
{
  const HdTicket *t = alert->ticket;
  g_autofree char *summary = hd_alert_text_summary (plan, alert, now);
  g_autofree char *body = hd_alert_text_body (plan, alert);
  g_autofree char *number = hd_ticket_text_number (t->number);
  NotifyNotification *notification = notification_new (self, summary, body, hd_alert_is_urgent (alert->kind));

  g_object_set_data_full (G_OBJECT (notification), "ticket-id", g_strdup (t->id), g_free);
  g_object_set_data_full (G_OBJECT (notification), "ticket-number", g_steal_pointer (&number), g_free);
  notify_notification_add_action (notification, "default", _("Open"), open_cb, self, NULL);
  notify_notification_add_action (notification, "open", _("Open"), open_cb, self, NULL);
  if (alert->kind == HD_ALERT_CRITICAL && may_take (self->account, t))
    notify_notification_add_action (notification, "take", _("Take it"), take_cb, self, NULL);
  present (self, notification);
}

/* A flood is one summary; opening it opens the window. */
static void
tell_flood (HdNotifier         *self,
            const HdAlertBatch *batch)
{
  g_autofree char *summary = hd_alert_text_flood_summary (batch);
  g_autofree char *body = hd_alert_text_flood_body (batch);
  gboolean urgent = FALSE;
  NotifyNotification *notification;

  for (HdAlertKind kind = 0; kind < HD_N_ALERT_KINDS; kind++)
    urgent |= batch->flood[kind] > 0 && hd_alert_is_urgent (kind);
  notification = notification_new (self, summary, body, urgent);
  notify_notification_add_action (notification, "default", _("Open"), open_cb, self, NULL);
  notify_notification_add_action (notification, "open", _("Open"), open_cb, self, NULL);
  present (self, notification);
}

static void
telling_clear (Telling *telling)
{
  g_object_unref (telling->notifier);
  hd_alert_batch_free (telling->batch);
  g_free (telling->own);
}

static void
telling_release (Telling *telling)
{
  g_rc_box_release_full (telling, (GDestroyNotify) telling_clear);
}

/* Tells what is not one's own, once. */
static void
tell_batch (Telling *telling)
{
  HdNotifier *self = telling->notifier;
  HdPlan *plan = self->account != NULL ? hd_account_get_plan (self->account) : NULL;

  if (telling->told)
    return;
  telling->told = TRUE;
  g_clear_handle_id (&telling->deadline_id, g_source_remove);
  for (guint i = 0; plan != NULL && i < telling->batch->alerts->len; i++)
    if (!telling->own[i])
      tell_alert (self, plan, g_ptr_array_index (telling->batch->alerts, i), now_us (self) / G_USEC_PER_SEC);
}

static gboolean
history_deadline_cb (gpointer user_data)
{
  Telling *telling = user_data;

  telling->deadline_id = 0;
  tell_batch (telling);
  return G_SOURCE_REMOVE;
}

static void look_up_next (Telling *telling);

/* A history that cannot be had (offline, gone, late) tells the alert anyway. */
static void
history_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Telling *telling = user_data;
  HdAccount *account = telling->notifier->account;
  g_autoptr(JsonNode) ticket = hd_client_request_finish (HD_CLIENT (source), result, NULL, NULL, NULL);

  if (!telling->told)
    {
      telling->own[telling->next] = ticket != NULL && account != NULL &&
                                    hd_alert_raised_by (ticket, hd_account_get_username (account));
      telling->next++;
      look_up_next (telling);
    }
  telling_release (telling);
}

static void
look_up_next (Telling *telling)
{
  HdAccount *account = telling->notifier->account;
  GPtrArray *alerts = telling->batch->alerts;

  while (telling->next < alerts->len && !hd_alert_needs_history (g_ptr_array_index (alerts, telling->next)))
    telling->next++;
  if (telling->next < alerts->len && account != NULL)
    {
      const HdAlert *alert = g_ptr_array_index (alerts, telling->next);
      g_autofree char *path = g_strdup_printf ("/tickets/%s", alert->ticket->id);

      hd_client_request_async (hd_account_get_client (account), "GET", path, NULL, NULL, HISTORY_TIMEOUT_SECONDS,
                               NULL, history_cb, g_rc_box_acquire (telling));
      return;
    }
  tell_batch (telling);
}

static void
tell (HdNotifier   *self,
      HdAlertBatch *batch)
{
  Telling *telling;

  if (hd_alert_batch_is_flood (batch))
    {
      tell_flood (self, batch);
      hd_alert_batch_free (batch);
      return;
    }
  telling = g_rc_box_new0 (Telling);
  telling->notifier = g_object_ref (self);
  telling->batch = batch;
  telling->own = g_new0 (gboolean, batch->alerts->len);
  telling->deadline_id = g_timeout_add_full (G_PRIORITY_DEFAULT, HISTORY_DEADLINE_MS, history_deadline_cb,
                                             g_rc_box_acquire (telling), (GDestroyNotify) telling_release);
  look_up_next (telling);
  telling_release (telling);
}

static gboolean
gathered_cb (gpointer user_data)
{
  HdNotifier *self = user_data;

  self->gather_id = 0;
  tell (self, g_steal_pointer (&self->gathered));
  return G_SOURCE_REMOVE;
}

/* Takes @batch, to be told with those that come with it. */
static void
gather (HdNotifier   *self,
        HdAlertBatch *batch)
{
  if (batch->alerts->len == 0)
    {
      hd_alert_batch_free (batch);
      return;
    }
  if (self->gathered != NULL)
    {
      hd_alert_batch_append (self->gathered, batch);
      return;
    }
  self->gathered = batch;
  self->gather_id = g_timeout_add (GATHER_MS, gathered_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->gather_id), "[hd-notifier] gather");
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HdNotifier) self = user_data;
  g_autoptr(GError) error = NULL;
  HdAlertBatch *batch = hd_cache_check_alerts_finish (HD_CACHE (source), result, &error);
  gint64 next_check = batch != NULL ? batch->next_check : HD_TIME_NEVER;

  self->checking = FALSE;
  if (batch == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Cannot look for tickets to notify of: %s", error->message);
  if (batch != NULL && self->account != NULL)
    gather (self, batch);
  else
    g_clear_pointer (&batch, hd_alert_batch_free);
  schedule (self, next_check);
  if (self->check_again)
    {
      self->check_again = FALSE;
      check (self);
    }
}

/* One pass of the rules, in a worker; one at a time. */
static void
check (HdNotifier *self)
{
  HdAlertRecipient who = { 0 };
  HdPlan *plan;
  HdSync *sync;
  gint64 now = now_us (self) / G_USEC_PER_SEC;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->account == NULL || (plan = hd_account_get_plan (self->account)) == NULL)
    return;
  if (self->checking)
    {
      self->check_again = TRUE;
      return;
    }
  sync = hd_account_get_sync (self->account);
  /* the last sync is on this computer's clock */
  if (!hd_sync_get_online (sync) ||
      g_get_real_time () / G_USEC_PER_SEC - hd_sync_get_last_sync (sync) > FRESH_SECONDS)
    {
      schedule (self, HD_TIME_NEVER);
      return;
    }
  who.username = hd_account_get_username (self->account);
  who.role = hd_account_get_role (self->account);
  who.topics = hd_account_get_topics (self->account);
  who.kinds = wanted_kinds (self);
  who.quiet_outside_hours = g_settings_get_boolean (self->settings, "quiet-outside-hours");
  self->checking = TRUE;
  hd_cache_check_alerts_async (hd_account_get_cache (self->account), plan, &who, now, self->cancellable,
                               checked_cb, g_object_ref (self));
}

/* A round of the sync engine ended: news, if any, is in the cache. */
static void
synced_cb (HdNotifier *self)
{
  check (self);
}

/* Written outside a sync round: an offline change, a resync. */
static void
cache_changed_cb (HdNotifier *self)
{
  if (self->account != NULL && !hd_sync_get_syncing (hd_account_get_sync (self->account)))
    check (self);
}

static void
settings_changed_cb (HdNotifier *self,
                     const char *key)
{
  if (g_str_has_prefix (key, "notify-") || g_str_equal (key, "quiet-outside-hours"))
    check (self);
}

static void
hd_notifier_dispose (GObject *object)
{
  HdNotifier *self = (HdNotifier *) object;

  hd_notifier_set_account (self, NULL);
  g_clear_object (&self->account_signals);
  g_clear_object (&self->cache_signals);
  g_clear_object (&self->sync_signals);
  g_queue_clear_full (&self->shown, g_object_unref);

  G_OBJECT_CLASS (hd_notifier_parent_class)->dispose (object);
}

static void
hd_notifier_finalize (GObject *object)
{
  HdNotifier *self = (HdNotifier *) object;

  g_clear_object (&self->settings);
  if (notify_is_initted ())
    notify_uninit ();

  G_OBJECT_CLASS (hd_notifier_parent_class)->finalize (object);
}

static void
hd_notifier_class_init (HdNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hd_notifier_dispose;
  object_class->finalize = hd_notifier_finalize;
}

static void
hd_notifier_init (HdNotifier *self)
{
  self->markup = -1;
  self->account_signals = g_signal_group_new (HD_TYPE_ACCOUNT);
  g_signal_group_connect_swapped (self->account_signals, "notify::plan", G_CALLBACK (check), self);
  self->cache_signals = g_signal_group_new (HD_TYPE_CACHE);
  g_signal_group_connect_swapped (self->cache_signals, "changed", G_CALLBACK (cache_changed_cb), self);
  self->sync_signals = g_signal_group_new (HD_TYPE_SYNC);
  g_signal_group_connect_swapped (self->sync_signals, "notify::last-sync", G_CALLBACK (synced_cb), self);
}

HdNotifier *
hd_notifier_new (GApplication *application,
                 GSettings    *settings)
{
  HdNotifier *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HD_TYPE_NOTIFIER, NULL);
  self->application = application;
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  if (!notify_is_initted ())
    notify_init (_("Help Desk"));
  return self;
}

/* Whose tickets to watch; NULL stops. */
void
hd_notifier_set_account (HdNotifier *self,
                         HdAccount  *account)
{
  g_return_if_fail (HD_IS_NOTIFIER (self));
  g_return_if_fail (account == NULL || HD_IS_ACCOUNT (account));

  if (self->account == account)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->gather_id, g_source_remove);
  g_clear_pointer (&self->gathered, hd_alert_batch_free);
  g_set_object (&self->account, account);
  g_signal_group_set_target (self->account_signals, account);
  g_signal_group_set_target (self->cache_signals, account != NULL ? hd_account_get_cache (account) : NULL);
  g_signal_group_set_target (self->sync_signals, account != NULL ? hd_account_get_sync (account) : NULL);
  if (account == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  check (self);
}

/* The window closed and the app stays for notifications: said once, with
 * a way to quit. */
void
hd_notifier_tell_background (HdNotifier *self)
{
  NotifyNotification *notification;

  g_return_if_fail (HD_IS_NOTIFIER (self));

  if (self->told_background)
    return;
  self->told_background = TRUE;
  notification = notification_new (self, _("Help Desk is running in the background"),
                                   _("You will be notified of tickets that need you. Quit Help Desk to stop, "
                                     "or turn this off in Preferences."), FALSE);
  notify_notification_set_urgency (notification, NOTIFY_URGENCY_LOW);
  notify_notification_add_action (notification, "default", _("Open"), open_cb, self, NULL);
  notify_notification_add_action (notification, "quit", _("Quit"), quit_cb, self, NULL);
  present (self, notification);
}

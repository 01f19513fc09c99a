/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-queue-view"

#include "config.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hd-queue-profile.h"

/* Between a script's steps, as a person would pause. */
#define STEP_PAUSE_MS 300

struct _HdQueueProfile
{
  HdQueueView *view;           /* which owns the profile */
  gboolean     script;
  char        *what;           /* the request made last, not yet run */
  gint64       asked;
  gboolean     first_done;
  guint        step;
  guint        requests;
};

/* A query on its way, then its rows on their way to the screen. */
struct _HdQueueTiming
{
  HdQueueView   *view;
  gboolean       script;
  char          *what;
  char          *detail;
  gint64         asked;
  gint64         started;      /* its query */
  gint64         listed;
  gint64         shown;
  guint          rows;
  gboolean       more;         /* the rest of the rows is to come */
  GdkFrameClock *clock;
  gulong         handler;
};

static const char * const script[] = {
  "search p", "search pr", "search pri", "search prin", "search print", "search printe", "search printer",
  "search ", "sort subject", "sort subject-", "sort number", "sort due",
  "queue open", "search p", "search pr", "search printer", "search ", "sort subject", "sort requester-", "sort due",
  "queue closed", "sort subject", "sort due", "queue mine",
  "quit",
};

static void next_step (HdQueueProfile *self);

/* NULL unless HELPDESK_PROFILE asks for a profile. */
HdQueueProfile *
hd_queue_profile_new (HdQueueView *view)
{
  const char *mode = g_getenv ("HELPDESK_PROFILE");
  HdQueueProfile *self;

  if (mode == NULL || mode[0] == '\0' || g_str_equal (mode, "0"))
    return NULL;
  self = g_new0 (HdQueueProfile, 1);
  self->view = view;
  self->script = g_str_equal (mode, "script");
  return self;
}

void
hd_queue_profile_free (HdQueueProfile *self)
{
  if (self == NULL)
    return;
  g_free (self->what);
  g_free (self);
}

/* The user asked for @what (taken): the query it leads to carries its
 * name. */
void
hd_queue_profile_request (HdQueueProfile *self,
                          char           *what)
{
  if (self == NULL)
    {
      g_free (what);
      return;
    }
  g_free (self->what);
  self->what = what;
  self->asked = g_get_monotonic_time ();
  self->requests++;
}

/* A query starts: the timing of what it was asked for, if anything. */
HdQueueTiming *
hd_queue_profile_start (HdQueueProfile *self)
{
  HdQueueTiming *timing;

  if (self == NULL)
    return NULL;
  timing = g_new0 (HdQueueTiming, 1);
  timing->view = g_object_ref (self->view);
  timing->script = self->script;
  timing->what = g_steal_pointer (&self->what);
  timing->asked = self->asked;
  timing->started = g_get_monotonic_time ();
  if (!self->first_done)
    {
      g_free (timing->what);
      timing->what = g_strdup ("first rows");
      timing->asked = g_get_monotonic_time ();
      self->first_done = TRUE;
    }
  if (timing->what == NULL)
    g_clear_pointer (&timing, hd_queue_timing_free);
  return timing;
}

void
hd_queue_profile_listed (HdQueueTiming *timing)
{
  if (timing != NULL)
    timing->listed = g_get_monotonic_time ();
}

void
hd_queue_timing_free (HdQueueTiming *timing)
{
  if (timing == NULL)
    return;
  if (timing->handler != 0)
    g_signal_handler_disconnect (timing->clock, timing->handler);
  g_clear_object (&timing->clock);
  g_clear_object (&timing->view);
  g_free (timing->what);
  g_free (timing->detail);
  g_free (timing);
}

static gint64
process_age_us (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  struct timespec now;
  const char *end;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) || (end = strrchr (stat, ')')) == NULL)
    return -1;
  fields = g_strsplit (end + 2, " ", 0);
  if (g_strv_length (fields) < 20 || clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return -1;
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000
         - g_ascii_strtoll (fields[19], NULL, 10) * G_USEC_PER_SEC / sysconf (_SC_CLK_TCK);
}

/* The value of @key in /proc/self/status, a line such as "VmRSS:	1234 kB". */
static char *
status_line (const char *key)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return NULL;
  lines = g_strsplit (status, "\n", 0);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], key))
      return g_strdup (lines[i]);
  return NULL;
}

static gint64
resident_kb (void)
{
  g_autofree char *line = status_line ("VmRSS:");

  return line != NULL ? g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10) : -1;
}

static void
after_paint_cb (GdkFrameClock *clock,
                HdQueueTiming *timing)
{
  gint64 painted = g_get_monotonic_time ();
  g_autofree char *times = g_strdup_printf ("query %" G_GINT64_FORMAT " ms, model %" G_GINT64_FORMAT
                                            " ms, frame %" G_GINT64_FORMAT " ms, RSS %" G_GINT64_FORMAT " MB",
                                            (timing->listed - timing->started) / 1000,
                                            (timing->shown - timing->listed) / 1000,
                                            (painted - timing->shown) / 1000, resident_kb () / 1024);

  if (g_str_has_prefix (timing->what, "first rows"))
    {
      GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (timing->view)));

      g_printerr ("%s: %" G_GINT64_FORMAT " ms since start (%u rows, %s; asked at %" G_GINT64_FORMAT
                  " ms, %s; drawn by %s)\n",
                  timing->what, process_age_us () / 1000, timing->rows, timing->detail,
                  (process_age_us () - (painted - timing->asked)) / 1000, times,
                  renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "nothing");
    }
  else
    g_printerr ("%s: %" G_GINT64_FORMAT " ms (%u rows, %s; %s)\n",
                timing->what, (painted - timing->asked) / 1000, timing->rows, timing->detail, times);
  if (timing->script && !timing->more)
    next_step (hd_queue_view_get_profile (timing->view));
  hd_queue_timing_free (timing);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  HdQueueTiming *timing = user_data;

  timing->clock = g_object_ref (clock);
  timing->handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), timing);
  return G_SOURCE_REMOVE;
}

/* The rows of @timing are the first of its request's: the next query,
 * for the rest, is timed from the same request. */
void
hd_queue_profile_follow (HdQueueProfile *self,
                         HdQueueTiming  *timing)
{
  if (self == NULL || timing == NULL)
    return;
  g_free (self->what);
  self->what = g_strdup_printf ("%s (all rows)", timing->what);
  self->asked = timing->asked;
}

/* The rows of @timing (taken) are in the model: time the frame that
 * shows them. With @more, the rest of its request's rows is to come,
 * and a script waits for them. */
void
hd_queue_profile_shown (HdQueueProfile *self,
                        HdQueueTiming  *timing,
                        guint           rows,
                        char           *detail,
                        gboolean        more)
{
  if (self == NULL || timing == NULL)
    {
      g_free (detail);
      hd_queue_timing_free (timing);
      return;
    }
  timing->shown = g_get_monotonic_time ();
  timing->rows = rows;
  timing->detail = detail;
  timing->more = more;
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
  gtk_widget_add_tick_callback (GTK_WIDGET (self->view), tick_cb, timing, NULL);
}

static gboolean
step_cb (gpointer user_data)
{
  HdQueueView *view = user_data;
  HdQueueProfile *self = hd_queue_view_get_profile (view);
  const char *step;
  guint requests;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  step = script[self->step++];
  requests = self->requests;
  if (g_str_has_prefix (step, "search "))
    hd_queue_view_set_search (view, step + strlen ("search "));
  else if (g_str_has_prefix (step, "queue "))
    hd_queue_view_set_queue (view, step + strlen ("queue "));
  else if (g_str_has_prefix (step, "sort "))
    {
      g_autofree char *id = g_strdup (step + strlen ("sort "));
      gboolean descending = g_str_has_suffix (id, "-");

      if (descending)
        id[strlen (id) - 1] = '\0';
      hd_queue_view_set_sort (view, id, descending);
    }
  else
    {
      g_autofree char *rss = status_line ("VmRSS:");
      g_autofree char *hwm = status_line ("VmHWM:");

      g_printerr ("%s\n%s\n", hwm != NULL ? hwm : "VmHWM: unknown", rss != NULL ? rss : "VmRSS: unknown");
      g_application_quit (g_application_get_default ());
      return G_SOURCE_REMOVE;
    }
  /* a step that changed nothing asks for nothing */
  if (self->requests == requests)
    next_step (self);
  return G_SOURCE_REMOVE;
}

static void
next_step (HdQueueProfile *self)
{
  if (self != NULL && self->step < G_N_ELEMENTS (script))
    g_timeout_add_full (G_PRIORITY_DEFAULT, STEP_PAUSE_MS, step_cb, g_object_ref (self->view), g_object_unref);
}

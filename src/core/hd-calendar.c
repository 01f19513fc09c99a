/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-calendar"

#include "config.h"

#include "hd-calendar.h"
#include "hd-time.h"

/* Every question is answered by walking the open intervals day by day
 * from the instant asked about, so the cost grows with the days spanned
 * and never with the minutes. A day whose surroundings hold no offset
 * change maps its ranges with one subtraction; only the two days a year
 * around a daylight-saving change ask the zone for each end. */

#define WINDOW (2 * HD_SECONDS_PER_DAY)

typedef struct {
  int start;
  int end;
} Range;

typedef struct {
  gint64 first;
  gint64 last;
} Holiday;

struct _HdCalendar
{
  GObject  parent_instance;

  HdZone  *zone;
  GArray  *week[7];            /* of Range, sorted, disjoint, not touching */
  GArray  *holidays;           /* of Holiday, sorted, disjoint */
  gint64   week_seconds;
};

typedef struct {
  HdCalendar   *calendar;
  gint64        day;
  int           direction;     /* +1 forward, -1 backward */
  int           index;
  const GArray *ranges;        /* of the current day; NULL on holidays */
  gboolean      steady;
  int           offset;
} Walker;

G_DEFINE_FINAL_TYPE (HdCalendar, hd_calendar, G_TYPE_OBJECT)

static const gint64 first_day = -719162;  /* 0001-01-01 */
static const gint64 last_day = 2932896;   /* 9999-12-31 */

static gboolean
is_holiday (HdCalendar *self,
            gint64      day)
{
  guint lo = 0, hi = self->holidays->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const Holiday *h = &g_array_index (self->holidays, Holiday, mid);

      if (day < h->first)
        hi = mid;
      else if (day > h->last)
        lo = mid + 1;
      else
        return TRUE;
    }
  return FALSE;
}

/* TRUE when a holiday falls on a date from @first to @last. */
static gboolean
has_holiday (HdCalendar *self,
             gint64      first,
             gint64      last)
{
  guint lo = 0, hi = self->holidays->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->holidays, Holiday, mid).last < first)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < self->holidays->len && g_array_index (self->holidays, Holiday, lo).first <= last;
}

static guint
range_count (const Walker *w)
{
  return w->ranges != NULL ? w->ranges->len : 0;
}

static void
walker_enter_day (Walker *w)
{
  HdCalendar *self = w->calendar;
  gint64 day_start = w->day * HD_SECONDS_PER_DAY;

  w->ranges = is_holiday (self, w->day) ? NULL : self->week[hd_weekday_from_days (w->day)];
  w->index = w->direction > 0 ? 0 : (int) range_count (w) - 1;
  if (range_count (w) > 0)
    w->steady = hd_zone_is_steady (self->zone,
                                   day_start - WINDOW,
                                   day_start + HD_SECONDS_PER_DAY + WINDOW,
                                   &w->offset);
}

/* Starts a day before (or after) the instant's local day: DST can make
 * the neighbouring day's last interval reach past local midnight. */
static void
walker_init (Walker     *w,
             HdCalendar *self,
             gint64      instant,
             int         direction)
{
  w->calendar = self;
  w->direction = direction;
  w->day = CLAMP (hd_calendar_local_day (self, instant) - direction, first_day, last_day);
  walker_enter_day (w);
}

static gboolean
walker_next (Walker *w,
             gint64 *open,
             gint64 *close)
{
  const Range *range;
  gint64 day_start;

  while (w->index < 0 || w->index >= (int) range_count (w))
    {
      w->day += w->direction;
      if (w->day < first_day || w->day > last_day)
        return FALSE;
      walker_enter_day (w);
    }

  range = &g_array_index (w->ranges, Range, w->index);
  w->index += w->direction;
  day_start = w->day * HD_SECONDS_PER_DAY;
  if (w->steady)
    {
      *open = day_start + range->start - w->offset;
      *close = day_start + range->end - w->offset;
    }
  else
    {
      HdZone *zone = w->calendar->zone;

      *open = hd_zone_to_utc (zone, day_start + range->start, HD_ZONE_EARLIER);
      *close = hd_zone_to_utc (zone, day_start + range->end, HD_ZONE_LATER);
    }
  return TRUE;
}

static gboolean
walker_between_days (const Walker *w)
{
  return w->index < 0 || w->index >= (int) range_count (w);
}

/* Between two days, steps over whole weeks of the plain kind (no holiday,
 * no offset change) as long as each is shorter than @budget open time,
 * not reaching @limit_day, and starting on the far side of *edge, the
 * walk's cursor. Returns the number of weeks skipped, and moves *edge to
 * where the walk resumes. */
static gint64
walker_skip_weeks (Walker *w,
                   gint64  budget,
                   gint64  limit_day,
                   gint64 *edge)
{
  HdCalendar *self = w->calendar;
  gint64 weeks = 0;

  if (!walker_between_days (w) || self->week_seconds == 0)
    return 0;
  for (;;)
    {
      /* the week's first and last days, in the walk's direction */
      gint64 near = w->day + w->direction;
      gint64 far = near + 6 * w->direction;
      gint64 lo = MIN (near, far), hi = MAX (near, far);
      int offset;

      if (budget - weeks * self->week_seconds <= self->week_seconds ||
          (w->direction > 0 ? hi >= limit_day : lo <= limit_day) ||
          has_holiday (self, lo, hi) ||
          !hd_zone_is_steady (self->zone, lo * HD_SECONDS_PER_DAY - WINDOW,
                              (hi + 1) * HD_SECONDS_PER_DAY + WINDOW, &offset))
        break;
      /* the walk may not have reached the week yet: the instant asked
       * about can lie inside it */
      if (w->direction > 0 ? lo * HD_SECONDS_PER_DAY - offset < *edge
                           : (hi + 1) * HD_SECONDS_PER_DAY - offset > *edge)
        break;
      weeks++;
      w->day = far;
      w->ranges = NULL;
      *edge = (w->direction > 0 ? hi + 1 : lo) * HD_SECONDS_PER_DAY - offset;
    }
  return weeks;
}

/* The local year 1 of a zone ahead of UTC begins before HD_TIME_MIN, and
 * the local year 9999 of one behind ends after HD_TIME_MAX: an answer
 * there is past the instants there are, as one past the year 9999 is. */
static gint64
within_bounds (gint64 instant)
{
  return instant >= HD_TIME_MIN && instant <= HD_TIME_MAX ? instant : HD_TIME_NEVER;
}

static void
hd_calendar_finalize (GObject *object)
{
  HdCalendar *self = (HdCalendar *) object;

  for (guint i = 0; i < G_N_ELEMENTS (self->week); i++)
    g_clear_pointer (&self->week[i], g_array_unref);
  g_clear_pointer (&self->holidays, g_array_unref);
  g_clear_pointer (&self->zone, hd_zone_unref);

  G_OBJECT_CLASS (hd_calendar_parent_class)->finalize (object);
}

static void
hd_calendar_class_init (HdCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hd_calendar_finalize;
}

static void
hd_calendar_init (HdCalendar *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->week); i++)
    self->week[i] = g_array_new (FALSE, FALSE, sizeof (Range));
  self->holidays = g_array_new (FALSE, FALSE, sizeof (Holiday));
}

HdCalendar *
hd_calendar_new (HdZone *zone)
{
  HdCalendar *self;

  g_return_val_if_fail (zone != NULL, NULL);

  self = g_object_new (HD_TYPE_CALENDAR, NULL);
  self->zone = hd_zone_ref (zone);
  return self;
}

HdZone *
hd_calendar_get_zone (HdCalendar *self)
{
  g_return_val_if_fail (HD_IS_CALENDAR (self), NULL);

  return self->zone;
}

/* Adds an open range on a weekday (0 is Monday), in seconds since local
 * midnight; 86400 is the midnight that ends the day. Ranges that overlap
 * or touch ones already there join them: open time is their union. */
void
hd_calendar_add_range (HdCalendar *self,
                       int         weekday,
                       int         start,
                       int         end)
{
  GArray *ranges;
  Range joined = { start, end };
  guint i = 0;

  g_return_if_fail (HD_IS_CALENDAR (self));
  g_return_if_fail (weekday >= 0 && weekday < 7);
  g_return_if_fail (start >= 0 && start < end && end <= HD_SECONDS_PER_DAY);

  ranges = self->week[weekday];
  while (i < ranges->len)
    {
      Range *r = &g_array_index (ranges, Range, i);

      if (r->end < joined.start || r->start > joined.end)
        {
          i++;
          continue;
        }
      joined.start = MIN (joined.start, r->start);
      joined.end = MAX (joined.end, r->end);
      g_array_remove_index (ranges, i);
    }
  for (i = 0; i < ranges->len; i++)
    if (g_array_index (ranges, Range, i).start > joined.start)
      break;
  g_array_insert_val (ranges, i, joined);

  self->week_seconds = 0;
  for (guint d = 0; d < 7; d++)
    for (i = 0; i < self->week[d]->len; i++)
      {
        const Range *r = &g_array_index (self->week[d], Range, i);

        self->week_seconds += r->end - r->start;
      }
}

/* Closes the local dates from @first_day to @last_day, both included. */
void
hd_calendar_add_holidays (HdCalendar *self,
                          gint64      first,
                          gint64      last)
{
  Holiday joined = { first, last };
  guint i = 0;

  g_return_if_fail (HD_IS_CALENDAR (self));
  g_return_if_fail (first <= last);

  while (i < self->holidays->len)
    {
      Holiday *h = &g_array_index (self->holidays, Holiday, i);

      if (h->last + 1 < joined.first || h->first > joined.last + 1)
        {
          i++;
          continue;
        }
      joined.first = MIN (joined.first, h->first);
      joined.last = MAX (joined.last, h->last);
      g_array_remove_index (self->holidays, i);
    }
  for (i = 0; i < self->holidays->len; i++)
    if (g_array_index (self->holidays, Holiday, i).first > joined.first)
      break;
  g_array_insert_val (self->holidays, i, joined);
}

gint64
hd_calendar_get_week_seconds (HdCalendar *self)
{
  g_return_val_if_fail (HD_IS_CALENDAR (self), 0);

  return self->week_seconds;
}

/* The local date of @instant, as days since 1970-01-01. */
gint64
hd_calendar_local_day (HdCalendar *self,
                       gint64      instant)
{
  g_return_val_if_fail (HD_IS_CALENDAR (self), 0);

  return hd_floor_div (instant + hd_zone_offset_at (self->zone, instant), HD_SECONDS_PER_DAY);
}

/* @duration of open time after @from. From a closed instant the count
 * starts at the next opening; a count that ends exactly at a closing is
 * that closing. HD_TIME_NEVER past the year 9999. */
gint64
hd_calendar_add (HdCalendar *self,
                 gint64      from,
                 gint64      duration)
{
  Walker w;
  gint64 remaining = duration;
  gint64 cursor = from;
  gint64 open, close;

  g_return_val_if_fail (HD_IS_CALENDAR (self), HD_TIME_NEVER);
  g_return_val_if_fail (duration >= 0, HD_TIME_NEVER);

  if (self->week_seconds == 0)
    return HD_TIME_NEVER;

  walker_init (&w, self, from, +1);
  for (;;)
    {
      remaining -= self->week_seconds * walker_skip_weeks (&w, remaining, last_day, &cursor);
      if (!walker_next (&w, &open, &close))
        break;
      if (close < cursor)
        continue;
      open = MAX (open, cursor);
      if (close - open >= remaining)
        return within_bounds (open + remaining);
      remaining -= close - open;
      cursor = close;
    }
  return HD_TIME_NEVER;
}

/* @duration of open time before @from, the mirror of hd_calendar_add():
 * from a closed instant the count starts at the previous closing, and a
 * count that ends exactly at an opening is that opening. */
gint64
hd_calendar_subtract (HdCalendar *self,
                      gint64      from,
                      gint64      duration)
{
  Walker w;
  gint64 remaining = duration;
  gint64 cursor = from;
  gint64 open, close;

  g_return_val_if_fail (HD_IS_CALENDAR (self), HD_TIME_NEVER);
  g_return_val_if_fail (duration >= 0, HD_TIME_NEVER);

  if (self->week_seconds == 0)
    return HD_TIME_NEVER;

  walker_init (&w, self, from, -1);
  for (;;)
    {
      remaining -= self->week_seconds * walker_skip_weeks (&w, remaining, first_day, &cursor);
      if (!walker_next (&w, &open, &close))
        break;
      if (open > cursor)
        continue;
      close = MIN (close, cursor);
      if (close - open >= remaining)
        return within_bounds (close - remaining);
      remaining -= close - open;
      cursor = open;
    }
  return HD_TIME_NEVER;
}

/* Open time in [@from, @to); negative when @to is before @from. */
gint64
hd_calendar_elapsed (HdCalendar *self,
                     gint64      from,
                     gint64      to)
{
  Walker w;
  gint64 total = 0;
  gint64 cursor = from;
  gint64 open, close;

  g_return_val_if_fail (HD_IS_CALENDAR (self), 0);

  if (to < from)
    return -hd_calendar_elapsed (self, to, from);
  if (self->week_seconds == 0)
    return 0;

  walker_init (&w, self, from, +1);
  for (;;)
    {
      total += self->week_seconds * walker_skip_weeks (&w, G_MAXINT64, hd_calendar_local_day (self, to) - 1,
                                                       &cursor);
      if (!walker_next (&w, &open, &close))
        break;
      if (open >= to)
        break;
      open = MAX (open, cursor);
      close = MIN (close, to);
      if (close > open)
        {
          total += close - open;
          cursor = close;
        }
    }
  return total;
}

gboolean
hd_calendar_is_open (HdCalendar *self,
                     gint64      instant)
{
  g_return_val_if_fail (HD_IS_CALENDAR (self), FALSE);

  return hd_calendar_next_opening (self, instant) == instant;
}

/* @instant itself when open, else the next instant that is. */
gint64
hd_calendar_next_opening (HdCalendar *self,
                          gint64      instant)
{
  Walker w;
  gint64 open, close;

  g_return_val_if_fail (HD_IS_CALENDAR (self), HD_TIME_NEVER);

  if (self->week_seconds == 0)
    return HD_TIME_NEVER;

  walker_init (&w, self, instant, +1);
  while (walker_next (&w, &open, &close))
    if (close > instant && close > open)
      return within_bounds (MAX (open, instant));
  return HD_TIME_NEVER;
}

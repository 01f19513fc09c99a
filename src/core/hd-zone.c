/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-zone"

#include "config.h"

#include "hd-zone.h"
#include "hd-time.h"

#include <string.h>

/* GTimeZone answers "which interval holds this instant" by a linear scan
 * over every transition up to the year 2999, and cannot list transitions.
 * Business time asks about the same few days over and over, so the zone's
 * transitions are extracted once per UTC year, on first use, into slots
 * that are written once and then read without a lock. */

#define N_YEARS 10002          /* years 0 to 10001, around the 1..9999 we accept */
#define WINDOW (2 * HD_SECONDS_PER_DAY)   /* wider than any UTC offset */
#define MAX_NEAR 32

typedef struct {
  gint64 at;                   /* first instant of the new offset */
  int    before;
  int    after;
} Transition;

typedef struct {
  int        offset_at_start;
  guint      n_transitions;
  Transition transitions[];
} YearSlot;

struct _HdZone {
  gatomicrefcount  ref_count;
  GTimeZone       *tz;
  GMutex           mutex;
  YearSlot        *years[N_YEARS];
};

G_DEFINE_BOXED_TYPE (HdZone, hd_zone, hd_zone_ref, hd_zone_unref)

static int
year_of_instant (gint64 instant)
{
  int year, month, day;

  hd_civil_from_days (hd_floor_div (instant, HD_SECONDS_PER_DAY), &year, &month, &day);
  return CLAMP (year, 0, N_YEARS - 1);
}

static gint64
year_start (int year)
{
  return hd_days_from_civil (year, 1, 1) * HD_SECONDS_PER_DAY;
}

static int
interval_at (HdZone *self,
             gint64  instant)
{
  return g_time_zone_find_interval (self->tz, G_TIME_TYPE_UNIVERSAL, instant);
}

static YearSlot *
build_year (HdZone *self,
            int     year)
{
  gint64 start = year_start (year);
  gint64 end = year_start (year + 1);
  int first = interval_at (self, start);
  int last = interval_at (self, end - 1);
  int offset = g_time_zone_get_offset (self->tz, first);
  GArray *found = g_array_new (FALSE, FALSE, sizeof (Transition));
  YearSlot *slot;

  for (int k = first + 1; k <= last; k++)
    {
      gint64 lo = start, hi = end - 1;
      int next = g_time_zone_get_offset (self->tz, k);

      /* the smallest instant already in interval k */
      while (lo < hi)
        {
          gint64 mid = lo + (hi - lo) / 2;

          if (interval_at (self, mid) >= k)
            hi = mid;
          else
            lo = mid + 1;
        }
      if (next != offset)
        {
          Transition t = { lo, offset, next };

          g_array_append_val (found, t);
        }
      offset = next;
    }

  slot = g_malloc (sizeof (YearSlot) + found->len * sizeof (Transition));
  slot->offset_at_start = g_time_zone_get_offset (self->tz, first);
  slot->n_transitions = found->len;
  if (found->len > 0)
    memcpy (slot->transitions, found->data, found->len * sizeof (Transition));
  g_array_unref (found);
  return slot;
}

static const YearSlot *
get_year (HdZone *self,
          int     year)
{
  YearSlot *slot = g_atomic_pointer_get (&self->years[year]);

  if G_LIKELY (slot != NULL)
    return slot;

  g_mutex_lock (&self->mutex);
  slot = self->years[year];
  if (slot == NULL)
    {
      slot = build_year (self, year);
      g_atomic_pointer_set (&self->years[year], slot);
    }
  g_mutex_unlock (&self->mutex);
  return slot;
}

/* The transitions with from < at <= to, in order, and the offset in force
 * at @from. Windows here span a few days, so MAX_NEAR is never reached by
 * a real zone; past it the rest are ignored rather than overflowing. */
static guint
transitions_between (HdZone     *self,
                     gint64      from,
                     gint64      to,
                     int        *offset,
                     Transition *out)
{
  int y0 = year_of_instant (from);
  int y1 = year_of_instant (to);
  guint n = 0;

  *offset = get_year (self, y0)->offset_at_start;
  for (int y = y0; y <= y1; y++)
    {
      const YearSlot *slot = get_year (self, y);

      for (guint i = 0; i < slot->n_transitions; i++)
        {
          const Transition *t = &slot->transitions[i];

          if (t->at <= from)
            *offset = t->after;
          else if (t->at <= to && n < MAX_NEAR)
            out[n++] = *t;
        }
    }
  return n;
}

HdZone *
hd_zone_new (const char *identifier)
{
  GTimeZone *tz;
  HdZone *self;

  g_return_val_if_fail (identifier != NULL, NULL);

  /* Only IANA names: "UTC" is one, but POSIX TZ strings and offsets are not. */
  if (*identifier == '\0' || g_ascii_isdigit (*identifier) ||
      *identifier == '+' || *identifier == '-' || strchr (identifier, ',') != NULL)
    return NULL;
  tz = g_time_zone_new_identifier (identifier);
  if (tz == NULL)
    return NULL;

  self = g_new0 (HdZone, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->tz = tz;
  return self;
}

HdZone *
hd_zone_ref (HdZone *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hd_zone_unref (HdZone *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  for (guint i = 0; i < N_YEARS; i++)
    g_free (self->years[i]);
  g_mutex_clear (&self->mutex);
  g_time_zone_unref (self->tz);
  g_free (self);
}

const char *
hd_zone_get_identifier (HdZone *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_time_zone_get_identifier (self->tz);
}

int
hd_zone_offset_at (HdZone *self,
                   gint64  instant)
{
  Transition near[MAX_NEAR];
  int offset;

  g_return_val_if_fail (self != NULL, 0);

  transitions_between (self, instant, instant, &offset, near);
  return offset;
}

/* TRUE when no transition falls in (from, to]: then every instant there
 * has *offset. */
gboolean
hd_zone_is_steady (HdZone *self,
                   gint64  from,
                   gint64  to,
                   int    *offset)
{
  Transition near[MAX_NEAR];

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (offset != NULL, FALSE);

  return transitions_between (self, from, to, offset, near) == 0;
}

/* Every instant u with u + offset_at(u) == local is a candidate; with none,
 * the local time fell into a gap and the answer is the instant of the
 * change that skipped it. */
gint64
hd_zone_to_utc (HdZone       *self,
                gint64        local,
                HdZoneChoice  choice)
{
  Transition near[MAX_NEAR];
  gint64 from = local - WINDOW;
  int offset;
  guint n;
  gboolean found = FALSE;
  gint64 best = 0;

  g_return_val_if_fail (self != NULL, 0);

  n = transitions_between (self, from, local + WINDOW, &offset, near);
  for (guint i = 0; i <= n; i++)
    {
      int segment_offset = i == 0 ? offset : near[i - 1].after;
      gint64 seg_start = i == 0 ? from : near[i - 1].at;
      gint64 seg_end = i == n ? local + WINDOW + 1 : near[i].at;
      gint64 u = local - segment_offset;

      if (u >= seg_start && u < seg_end)
        {
          if (!found || (choice == HD_ZONE_EARLIER ? u < best : u > best))
            best = u;
          found = TRUE;
        }
    }
  if (found)
    return best;

  for (guint i = 0; i < n; i++)
    if (local >= near[i].at + near[i].before && local < near[i].at + near[i].after)
      return near[i].at;

  g_assert_not_reached ();
  return local - offset;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hd-zone.h"

G_BEGIN_DECLS

/* Open time: weekly wall-clock ranges in a zone, minus holiday dates.
 * Instants are seconds since the epoch (UTC); durations are seconds of
 * open time. A calendar is configured once and then only read, from any
 * thread. */

#define HD_TYPE_CALENDAR (hd_calendar_get_type ())

G_DECLARE_FINAL_TYPE (HdCalendar, hd_calendar, HD, CALENDAR, GObject)

HdCalendar *hd_calendar_new              (HdZone     *zone);
HdZone     *hd_calendar_get_zone         (HdCalendar *self);
void        hd_calendar_add_range        (HdCalendar *self,
                                          int         weekday,
                                          int         start,
                                          int         end);
void        hd_calendar_add_holidays     (HdCalendar *self,
                                          gint64      first_day,
                                          gint64      last_day);
gint64      hd_calendar_get_week_seconds (HdCalendar *self);
gint64      hd_calendar_local_day        (HdCalendar *self,
                                          gint64      instant);

gint64      hd_calendar_add              (HdCalendar *self,
                                          gint64      from,
                                          gint64      duration);
gint64      hd_calendar_subtract         (HdCalendar *self,
                                          gint64      from,
                                          gint64      duration);
gint64      hd_calendar_elapsed          (HdCalendar *self,
                                          gint64      from,
                                          gint64      to);
gboolean    hd_calendar_is_open          (HdCalendar *self,
                                          gint64      instant);
gint64      hd_calendar_next_opening     (HdCalendar *self,
                                          gint64      instant);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Instants are whole seconds since 1970-01-01T00:00:00Z; days are whole
 * days since 1970-01-01 in a proleptic Gregorian calendar. */

#define HD_SECONDS_PER_DAY G_GINT64_CONSTANT (86400)
/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z bound every instant. */
#define HD_TIME_MIN G_GINT64_CONSTANT (-62135596800)
#define HD_TIME_MAX G_GINT64_CONSTANT (253402300799)
/* What a computation answers when its result lies past HD_TIME_MAX. */
#define HD_TIME_NEVER G_MAXINT64

gint64    hd_days_from_civil       (int          year,
                                    int          month,
                                    int          day);
void      hd_civil_from_days       (gint64       days,
                                    int         *year,
                                    int         *month,
                                    int         *day);
int       hd_weekday_from_days     (gint64       days);
gint64    hd_floor_div             (gint64       a,
                                    gint64       b);

gboolean  hd_date_parse            (const char  *text,
                                    gint64      *days);
char     *hd_date_format           (gint64       days);

gboolean  hd_time_parse_rfc3339    (const char  *text,
                                    gint64      *instant);
char     *hd_time_format_rfc3339   (gint64       instant);

G_END_DECLS

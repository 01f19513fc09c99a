/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Durations are whole seconds of business time, written 90s, 45m, 4h or
 * 1h30m: hours, minutes and seconds in that order, each at most once. */

/* The longest duration a plan or a command may name: 1,000,000 hours. */
#define HD_DURATION_MAX G_GINT64_CONSTANT (3600000000)

gboolean  hd_duration_parse   (const char  *text,
                               gint64      *seconds,
                               GError     **error);
char     *hd_duration_format  (gint64       seconds);
char     *hd_duration_format_span (gint64   seconds);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* An IANA time zone with the two questions business time asks of it
 * answered fast: the UTC offset at an instant, and the instant of a local
 * wall-clock time, resolving skipped and repeated times as the plan
 * format says. */

typedef struct _HdZone HdZone;

typedef enum {
  HD_ZONE_EARLIER,   /* an ambiguous local time is its earlier instant */
  HD_ZONE_LATER,     /* ... or its later instant */
} HdZoneChoice;

#define HD_TYPE_ZONE (hd_zone_get_type ())

GType       hd_zone_get_type        (void) G_GNUC_CONST;
HdZone     *hd_zone_new             (const char   *identifier);
HdZone     *hd_zone_ref             (HdZone       *self);
void        hd_zone_unref           (HdZone       *self);
const char *hd_zone_get_identifier  (HdZone       *self);
int         hd_zone_offset_at       (HdZone       *self,
                                     gint64        instant);
gint64      hd_zone_to_utc          (HdZone       *self,
                                     gint64        local,
                                     HdZoneChoice  choice);
gboolean    hd_zone_is_steady       (HdZone       *self,
                                     gint64        from,
                                     gint64        to,
                                     int          *offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdZone, hd_zone_unref)

G_END_DECLS

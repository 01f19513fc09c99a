/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-uuid"

#include "config.h"

#include "hd-uuid.h"

/* A time-ordered UUID (version 7, RFC 9562): the milliseconds since 1970
 * in its first 48 bits, then 74 random ones. Tickets and comments are
 * named by the computer that makes them; ids that grow with time are
 * written at the end of every index keyed by them, where random ones
 * (version 4) land on any page of it: a first sync of 100,000 tickets
 * rewrote every page of those indexes in each of its transactions.
 * @rand: NULL for GLib's generator. */
char *
hd_uuid_new_v7 (gint64  unix_ms,
                GRand  *rand)
{
  guint8 bytes[16];

  g_return_val_if_fail (unix_ms >= 0, NULL);

  for (guint i = 0; i < 6; i++)
    bytes[i] = (unix_ms >> (8 * (5 - i))) & 0xff;
  for (guint i = 6; i < 16; i++)
    bytes[i] = rand != NULL ? g_rand_int_range (rand, 0, 256) : g_random_int_range (0, 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                          bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
}

/* A new id for something made now. */
char *
hd_uuid_new (void)
{
  return hd_uuid_new_v7 (g_get_real_time () / 1000, NULL);
}

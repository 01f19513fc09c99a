/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-cache"

#include "config.h"

#include "hd-row-map.h"

/* Values by SQLite row id, for the queue listings: an array indexed by
 * row id, which SQLite hands out one after another, where a list of
 * 100,000 summaries spent half its time hashing them in a GHashTable;
 * a hash table for row ids past DENSE_MAX (32 MB of pointers), which
 * only a cache with more rows than a district keeps would reach. */

#define DENSE_MAX (G_GINT64_CONSTANT (1) << 22)

struct _HdRowMap
{
  gpointer   *dense;           /* by row id, or NULL */
  gint64      size;
  GHashTable *sparse;          /* gint64 * -> value, without dense */
};

/* For row ids from 0 to @max_rowid. */
HdRowMap *
hd_row_map_new (gint64 max_rowid)
{
  HdRowMap *map = g_new0 (HdRowMap, 1);

  if (max_rowid >= 0 && max_rowid < DENSE_MAX)
    {
      map->size = max_rowid + 1;
      map->dense = g_new0 (gpointer, map->size);
    }
  else
    map->sparse = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return map;
}

void
hd_row_map_free (HdRowMap *map)
{
  if (map == NULL)
    return;
  g_free (map->dense);
  g_clear_pointer (&map->sparse, g_hash_table_unref);
  g_free (map);
}

/* Row ids past the map's maximum are not kept. */
void
hd_row_map_insert (HdRowMap *map,
                   gint64    rowid,
                   gpointer  value)
{
  if (map->dense != NULL)
    {
      if (rowid >= 0 && rowid < map->size)
        map->dense[rowid] = value;
    }
  else
    g_hash_table_insert (map->sparse, g_memdup2 (&rowid, sizeof rowid), value);
}

gpointer
hd_row_map_lookup (HdRowMap *map,
                   gint64    rowid)
{
  if (map->dense != NULL)
    return rowid >= 0 && rowid < map->size ? map->dense[rowid] : NULL;
  return g_hash_table_lookup (map->sparse, &rowid);
}

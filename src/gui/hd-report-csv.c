/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report-csv"

#include "config.h"

#include "hd-report-csv.h"
#include "hd-report-table.h"

/* A title is a record of one field, always quoted: titles hold commas. */
static void
append_title (GString    *out,
              const char *title)
{
  g_string_append_c (out, '"');
  for (const char *c = title; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append (out, "\"\r\n");
}

/**
 * hd_report_csv_new:
 * @tables: (element-type HdReportTable): a report's tables
 *
 * Returns: (transfer full): the CSV file's contents, in UTF-8
 */
GBytes *
hd_report_csv_new (GPtrArray *tables)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (tables != NULL, NULL);

  for (guint i = 0; i < tables->len; i++)
    {
      HdReportTable *table = g_ptr_array_index (tables, i);

      if (i > 0)
        g_string_append (out, "\r\n");
      append_title (out, hd_report_table_get_title (table));
      hd_report_table_write_csv (table, out);
    }
  return g_string_free_to_bytes (out);
}

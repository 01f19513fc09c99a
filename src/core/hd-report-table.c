/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report-table"

#include "config.h"

#include <math.h>
#include <string.h>

#include "hd-duration.h"
#include "hd-report-table.h"

typedef struct {
  char         *id;
  char         *label;
  HdReportUnit  unit;
  gboolean      charted;
} Column;

typedef struct {
  char   *label;
  GArray *values;                /* double, one per column */
  GPtrArray *texts;              /* char *, one per column, NULL where none */
} Row;

struct _HdReportTable {
  gatomicrefcount  ref_count;
  char            *id;
  char            *title;
  char            *row_heading;
  HdReportChart    chart;
  GArray          *columns;      /* Column */
  GPtrArray       *rows;         /* Row * */
};

G_DEFINE_BOXED_TYPE (HdReportTable, hd_report_table, hd_report_table_ref, hd_report_table_unref)

static void
column_clear (gpointer data)
{
  Column *column = data;

  g_free (column->id);
  g_free (column->label);
}

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->label);
  g_array_unref (row->values);
  g_ptr_array_unref (row->texts);
  g_free (row);
}

/**
 * hd_report_table_new:
 * @id: a stable name for the table ("workload", "sla-by-week", …)
 * @title: its translated title
 * @chart: how it is best drawn
 * @row_heading: the translated heading of the row labels ("Technician")
 *
 * Returns: (transfer full): an empty table; add its columns first
 */
HdReportTable *
hd_report_table_new (const char    *id,
                     const char    *title,
                     HdReportChart  chart,
                     const char    *row_heading)
{
  HdReportTable *self;

  g_return_val_if_fail (id != NULL && title != NULL && row_heading != NULL, NULL);

  self = g_new0 (HdReportTable, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->id = g_strdup (id);
  self->title = g_strdup (title);
  self->row_heading = g_strdup (row_heading);
  self->chart = chart;
  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, column_clear);
  self->rows = g_ptr_array_new_with_free_func (row_free);
  return self;
}

HdReportTable *
hd_report_table_ref (HdReportTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hd_report_table_unref (HdReportTable *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->id);
  g_free (self->title);
  g_free (self->row_heading);
  g_array_unref (self->columns);
  g_ptr_array_unref (self->rows);
  g_free (self);
}

/* Returns the new column's index. Columns come before rows. */
guint
hd_report_table_add_column (HdReportTable *self,
                            const char    *id,
                            const char    *label,
                            HdReportUnit   unit,
                            gboolean       charted)
{
  Column column = { g_strdup (id), g_strdup (label), unit, charted && unit != HD_REPORT_UNIT_TEXT };

  g_return_val_if_fail (self != NULL && id != NULL && label != NULL, 0);
  g_return_val_if_fail (self->rows->len == 0, 0);

  g_array_append_val (self->columns, column);
  return self->columns->len - 1;
}

/* Returns the new row's index; its cells start with no value. */
guint
hd_report_table_add_row (HdReportTable *self,
                         const char    *label)
{
  Row *row;

  g_return_val_if_fail (self != NULL && label != NULL, 0);

  row = g_new0 (Row, 1);
  row->label = g_strdup (label);
  row->values = g_array_sized_new (FALSE, FALSE, sizeof (double), self->columns->len);
  row->texts = g_ptr_array_new_full (self->columns->len, g_free);
  for (guint i = 0; i < self->columns->len; i++)
    {
      double none = NAN;

      g_array_append_val (row->values, none);
      g_ptr_array_add (row->texts, NULL);
    }
  g_ptr_array_add (self->rows, row);
  return self->rows->len - 1;
}

static Row *
get_row (HdReportTable *self,
         guint          row,
         guint          column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);

  return g_ptr_array_index (self->rows, row);
}

static const Column *
get_column (HdReportTable *self,
            guint          column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);

  return &g_array_index (self->columns, Column, column);
}

void
hd_report_table_set_value (HdReportTable *self,
                           guint          row,
                           guint          column,
                           double         value)
{
  Row *r = get_row (self, row, column);

  g_return_if_fail (r != NULL);

  g_array_index (r->values, double, column) = value;
}

void
hd_report_table_set_text (HdReportTable *self,
                          guint          row,
                          guint          column,
                          const char    *text)
{
  Row *r = get_row (self, row, column);

  g_return_if_fail (r != NULL);

  g_free (g_ptr_array_index (r->texts, column));
  g_ptr_array_index (r->texts, column) = g_strdup (text);
}

const char *
hd_report_table_get_id (HdReportTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
hd_report_table_get_title (HdReportTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->title;
}

HdReportChart
hd_report_table_get_chart (HdReportTable *self)
{
  g_return_val_if_fail (self != NULL, HD_REPORT_CHART_NONE);
  return self->chart;
}

const char *
hd_report_table_get_row_heading (HdReportTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->row_heading;
}

guint
hd_report_table_get_n_rows (HdReportTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rows->len;
}

guint
hd_report_table_get_n_columns (HdReportTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->columns->len;
}

const char *
hd_report_table_get_row_label (HdReportTable *self,
                               guint          row)
{
  g_return_val_if_fail (self != NULL && row < self->rows->len, NULL);
  return ((Row *) g_ptr_array_index (self->rows, row))->label;
}

const char *
hd_report_table_get_column_id (HdReportTable *self,
                               guint          column)
{
  const Column *c = get_column (self, column);

  return c != NULL ? c->id : NULL;
}

const char *
hd_report_table_get_column_label (HdReportTable *self,
                                  guint          column)
{
  const Column *c = get_column (self, column);

  return c != NULL ? c->label : NULL;
}

HdReportUnit
hd_report_table_get_column_unit (HdReportTable *self,
                                 guint          column)
{
  const Column *c = get_column (self, column);

  return c != NULL ? c->unit : HD_REPORT_UNIT_COUNT;
}

gboolean
hd_report_table_get_column_charted (HdReportTable *self,
                                    guint          column)
{
  const Column *c = get_column (self, column);

  return c != NULL && c->charted;
}

/* NAN where the cell has no value */
double
hd_report_table_get_value (HdReportTable *self,
                           guint          row,
                           guint          column)
{
  Row *r = get_row (self, row, column);

  return r != NULL ? g_array_index (r->values, double, column) : NAN;
}

/* NULL where the cell has no text */
const char *
hd_report_table_get_text (HdReportTable *self,
                          guint          row,
                          guint          column)
{
  Row *r = get_row (self, row, column);

  return r != NULL ? g_ptr_array_index (r->texts, column) : NULL;
}

/* A cell as a person reads it: "12", "87.5 %", "2h10m" (business time,
 * as the plan writes durations), "4.25"; "—" where there is no value. */
char *
hd_report_table_format_cell (HdReportTable *self,
                             guint          row,
                             guint          column)
{
  double value = hd_report_table_get_value (self, row, column);
  const char *text;

  switch (hd_report_table_get_column_unit (self, column))
    {
    case HD_REPORT_UNIT_TEXT:
      text = hd_report_table_get_text (self, row, column);
      return g_strdup (text != NULL ? text : "");
    case HD_REPORT_UNIT_COUNT:
      return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.0f", value);
    case HD_REPORT_UNIT_PERCENT:
      return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.1f %%", value);
    case HD_REPORT_UNIT_DURATION:
      return isnan (value) ? g_strdup ("—") : hd_duration_format ((gint64) MAX (0, llround (value)));
    case HD_REPORT_UNIT_RATING:
      return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.2f", value);
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
append_csv_field (GString    *out,
                  const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* RFC 4180: a header of the row heading and the column labels, then a
 * line per row, CRLF-terminated. Figures are written for programs, not
 * people, in the C locale: counts as integers, percentages with one
 * decimal, durations in business seconds, ratings with two decimals;
 * an empty field where a cell has no value. */
void
hd_report_table_write_csv (HdReportTable *self,
                           GString       *out)
{
  g_return_if_fail (self != NULL && out != NULL);

  append_csv_field (out, self->row_heading);
  for (guint c = 0; c < self->columns->len; c++)
    {
      const Column *column = get_column (self, c);

      g_string_append_c (out, ',');
      append_csv_field (out, column->label);
    }
  g_string_append (out, "\r\n");

  for (guint r = 0; r < self->rows->len; r++)
    {
      append_csv_field (out, hd_report_table_get_row_label (self, r));
      for (guint c = 0; c < self->columns->len; c++)
        {
          double value = hd_report_table_get_value (self, r, c);
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_c (out, ',');
          switch (get_column (self, c)->unit)
            {
            case HD_REPORT_UNIT_TEXT:
              append_csv_field (out, hd_report_table_get_text (self, r, c) ?: "");
              break;
            case HD_REPORT_UNIT_COUNT:
            case HD_REPORT_UNIT_DURATION:
              if (!isnan (value))
                g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) llround (value));
              break;
            case HD_REPORT_UNIT_PERCENT:
            case HD_REPORT_UNIT_RATING:
              if (!isnan (value))
                g_string_append (out, g_ascii_formatd (buffer, sizeof buffer,
                                                       get_column (self, c)->unit == HD_REPORT_UNIT_PERCENT ? "%.1f" : "%.2f",
                                                       value));
              break;
            default:
              g_assert_not_reached ();
            }
        }
      g_string_append (out, "\r\n");
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-json"

#include "config.h"

#include <string.h>

#include "hd-json-writer.h"
#include "hd-time.h"

/* Bytes a JSON string cannot hold as they are: the quote, the backslash
 * and the control characters. */
static const guint8 needs_escape[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  [0x5c] = 1,
};

static void
append_quoted (GString    *out,
               const char *text)
{
  const guchar *p = (const guchar *) text;

  g_string_append_c (out, '"');
  while (*p != '\0')
    {
      const guchar *run = p;

      while (*p != '\0' && !needs_escape[*p])
        p++;
      g_string_append_len (out, (const char *) run, p - run);
      if (*p == '\0')
        break;
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default: g_string_append_printf (out, "\\u%04x", *p); break;
        }
      p++;
    }
  g_string_append_c (out, '"');
}

static void
begin_value (GString    *out,
             const char *member)
{
  if (member == NULL)
    return;
  append_quoted (out, member);
  g_string_append_c (out, ':');
}

/* Takes back the comma after the last value, if any. */
static void
end (GString *out,
     char     closing)
{
  if (out->len > 0 && out->str[out->len - 1] == ',')
    out->str[out->len - 1] = closing;
  else
    g_string_append_c (out, closing);
  g_string_append_c (out, ',');
}

void
hd_json_write_begin_object (GString    *out,
                            const char *member)
{
  begin_value (out, member);
  g_string_append_c (out, '{');
}

void
hd_json_write_end_object (GString *out)
{
  end (out, '}');
}

void
hd_json_write_begin_array (GString    *out,
                           const char *member)
{
  begin_value (out, member);
  g_string_append_c (out, '[');
}

void
hd_json_write_end_array (GString *out)
{
  end (out, ']');
}

void
hd_json_write_string (GString    *out,
                      const char *member,
                      const char *value)
{
  begin_value (out, member);
  if (value != NULL)
    append_quoted (out, value);
  else
    g_string_append (out, "null");
  g_string_append_c (out, ',');
}

void
hd_json_write_int (GString    *out,
                   const char *member,
                   gint64      value)
{
  char digits[24];
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;
  int i = sizeof digits;

  begin_value (out, member);
  do
    {
      digits[--i] = '0' + magnitude % 10;
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (value < 0)
    digits[--i] = '-';
  g_string_append_len (out, digits + i, sizeof digits - i);
  g_string_append_c (out, ',');
}

void
hd_json_write_boolean (GString    *out,
                       const char *member,
                       gboolean    value)
{
  begin_value (out, member);
  g_string_append (out, value ? "true," : "false,");
}

void
hd_json_write_null (GString    *out,
                    const char *member)
{
  begin_value (out, member);
  g_string_append (out, "null,");
}

/* As RFC 3339 in UTC; -1 (and HD_TIME_NEVER) is written as null. */
void
hd_json_write_instant (GString    *out,
                       const char *member,
                       gint64      value)
{
  char text[24];
  gint64 days, secs;
  int year, month, day, hour, minute, second;

  if (value < 0 || value > HD_TIME_MAX)
    {
      hd_json_write_null (out, member);
      return;
    }
  days = value / HD_SECONDS_PER_DAY;
  secs = value - days * HD_SECONDS_PER_DAY;
  hd_civil_from_days (days, &year, &month, &day);
  hour = secs / 3600;
  minute = secs / 60 % 60;
  second = secs % 60;
  /* "YYYY-MM-DDTHH:MM:SSZ", quoted */
  text[0] = '"';
  text[1] = '0' + year / 1000;
  text[2] = '0' + year / 100 % 10;
  text[3] = '0' + year / 10 % 10;
  text[4] = '0' + year % 10;
  text[5] = '-';
  text[6] = '0' + month / 10;
  text[7] = '0' + month % 10;
  text[8] = '-';
  text[9] = '0' + day / 10;
  text[10] = '0' + day % 10;
  text[11] = 'T';
  text[12] = '0' + hour / 10;
  text[13] = '0' + hour % 10;
  text[14] = ':';
  text[15] = '0' + minute / 10;
  text[16] = '0' + minute % 10;
  text[17] = ':';
  text[18] = '0' + second / 10;
  text[19] = '0' + second % 10;
  text[20] = 'Z';
  text[21] = '"';
  text[22] = ',';
  begin_value (out, member);
  g_string_append_len (out, text, 23);
}

/* The text written, without the comma after the last value. */
char *
hd_json_writer_finish (GString *out)
{
  if (out->len > 0 && out->str[out->len - 1] == ',')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-duration"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-duration.h"

static const struct {
  char unit;
  gint64 seconds;
} units[] = {
  { 'h', 3600 },
  { 'm', 60 },
  { 's', 1 },
};

/* Errors carry G_OPTION_ERROR_BAD_VALUE: a duration is always a value
 * someone typed, in a plan file or on a command line. */
static gboolean
fail (GError     **error,
      const char  *text,
      const char  *why)
{
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "“%s” %s", text, why);
  return FALSE;
}

gboolean
hd_duration_parse (const char  *text,
                   gint64      *seconds,
                   GError     **error)
{
  const char *p = text;
  gint64 total = 0;
  guint next_unit = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*p == '-')
    return fail (error, text, _("is negative: a duration must be zero or more"));
  if (g_str_equal (p, "0"))
    {
      if (seconds != NULL)
        *seconds = 0;
      return TRUE;
    }
  if (*p == '\0')
    return fail (error, text, _("is not a duration (write it like 90s, 45m, 4h or 1h30m)"));

  while (*p != '\0')
    {
      gint64 value = 0;
      guint u;

      if (!g_ascii_isdigit (*p))
        return fail (error, text, _("is not a duration (write it like 90s, 45m, 4h or 1h30m)"));
      while (g_ascii_isdigit (*p))
        {
          value = value * 10 + (*p - '0');
          if (value > HD_DURATION_MAX)
            return fail (error, text, _("is too long (at most 1000000h)"));
          p++;
        }
      for (u = next_unit; u < G_N_ELEMENTS (units); u++)
        if (*p == units[u].unit)
          break;
      if (u == G_N_ELEMENTS (units))
        return fail (error, text, _("is not a duration (write it like 90s, 45m, 4h or 1h30m)"));
      total += value * units[u].seconds;
      if (total > HD_DURATION_MAX)
        return fail (error, text, _("is too long (at most 1000000h)"));
      next_unit = u + 1;
      p++;
    }

  if (seconds != NULL)
    *seconds = total;
  return TRUE;
}

char *
hd_duration_format (gint64 seconds)
{
  GString *out;

  g_return_val_if_fail (seconds >= 0, NULL);

  if (seconds == 0)
    return g_strdup ("0s");

  out = g_string_new (NULL);
  for (guint u = 0; u < G_N_ELEMENTS (units); u++)
    {
      gint64 n = seconds / units[u].seconds;

      if (n > 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT "%c", n, units[u].unit);
      seconds -= n * units[u].seconds;
    }
  return g_string_free (out, FALSE);
}

/* A span for people, rounded up to the minute: "25 min", "2 h 5 min"
 * (under ten hours), "14 h". */
char *
hd_duration_format_span (gint64 seconds)
{
  gint64 minutes = (MAX (seconds, 0) + 59) / 60;

  if (minutes < 60)
    return g_strdup_printf (_("%d min"), (int) minutes);
  if (minutes < 10 * 60 && minutes % 60 != 0)
    return g_strdup_printf (_("%d h %d min"), (int) (minutes / 60), (int) (minutes % 60));
  return g_strdup_printf (_("%ld h"), (long) (minutes / 60));
}

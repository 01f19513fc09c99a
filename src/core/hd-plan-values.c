/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-plan"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "hd-duration.h"
#include "hd-plan-private.h"
#include "hd-time.h"

/* Readers of one entry's value: each reports what is wrong with it, with
 * its line, and leaves the rest of the plan to hd-plan-interpret.c. */

HdPlanEntry *
_hd_plan_get_entry (HdPlanGroup *group,
           const char  *key)
{
  if (group == NULL)
    return NULL;
  for (guint i = 0; i < group->entries->len; i++)
    {
      HdPlanEntry *entry = g_ptr_array_index (group->entries, i);

      if (g_str_equal (entry->key, key))
        return entry;
    }
  return NULL;
}

HdPlanEntry *
_hd_plan_require_entry (HdPlanReader      *it,
               HdPlanGroup *group,
               const char  *key)
{
  HdPlanEntry *entry = _hd_plan_get_entry (group, key);

  if (entry == NULL)
    problem (it, group->line, group->name, key, _("missing key"));
  else if (*entry->value == '\0')
    {
      problem (it, entry->line, group->name, key, _("must not be empty"));
      return NULL;
    }
  return entry;
}

static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0];

      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint cost = g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]) ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = above;
        }
    }
  return row[lb];
}

const char *
_hd_plan_closest (const char         *word,
         const char * const *choices)
{
  const char *best = NULL;
  guint best_distance = 3;

  for (guint i = 0; choices[i] != NULL; i++)
    {
      guint d = edit_distance (word, choices[i]);

      if (d < best_distance)
        {
          best = choices[i];
          best_distance = d;
        }
    }
  return best;
}

static gboolean
strv_contains (const char * const *strv,
               const char         *word)
{
  return strv != NULL && g_strv_contains (strv, word);
}

/* Reports every key of @group that is neither in @known nor in @extra. */
void
_hd_plan_check_keys (HdPlanReader             *it,
            HdPlanGroup        *group,
            const char * const *known,
            const char * const *extra)
{
  for (guint i = 0; i < group->entries->len; i++)
    {
      HdPlanEntry *entry = g_ptr_array_index (group->entries, i);
      const char *hint;

      if (strv_contains (known, entry->key) || strv_contains (extra, entry->key))
        continue;
      hint = _hd_plan_closest (entry->key, known);
      if (hint != NULL)
        problem (it, entry->line, group->name, entry->key,
                 _("unknown key (did you mean “%s”?)"), hint);
      else
        problem (it, entry->line, group->name, entry->key, _("unknown key"));
    }
}

gboolean
_hd_plan_is_identifier (const char *text)
{
  if (!g_ascii_islower (*text) && !g_ascii_isdigit (*text))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return strlen (text) <= 64;
}

char *
_hd_plan_read_text (HdPlanGroup *group,
           const char  *key)
{
  HdPlanEntry *entry = _hd_plan_get_entry (group, key);

  return entry != NULL ? _hd_plan_unescape (entry->value) : NULL;
}

gboolean
_hd_plan_read_duration (HdPlanReader      *it,
               HdPlanGroup *group,
               HdPlanEntry *entry,
               gint64      *seconds)
{
  g_autoptr(GError) error = NULL;

  if (hd_duration_parse (entry->value, seconds, &error))
    return TRUE;
  problem (it, entry->line, group->name, entry->key, "%s", error->message);
  return FALSE;
}

gboolean
_hd_plan_read_boolean (HdPlanReader      *it,
              HdPlanGroup *group,
              HdPlanEntry *entry,
              gboolean    *value)
{
  if (g_str_equal (entry->value, "true") || g_str_equal (entry->value, "1"))
    *value = TRUE;
  else if (g_str_equal (entry->value, "false") || g_str_equal (entry->value, "0"))
    *value = FALSE;
  else
    {
      problem (it, entry->line, group->name, entry->key,
               _("“%s” is not true or false"), entry->value);
      return FALSE;
    }
  return TRUE;
}

gboolean
_hd_plan_read_choice (HdPlanReader             *it,
             HdPlanGroup        *group,
             HdPlanEntry        *entry,
             const char * const *choices,
             guint              *index)
{
  g_autofree char *listed = g_strjoinv (", ", (GStrv) choices);

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (entry->value, choices[i]))
      {
        *index = i;
        return TRUE;
      }
  problem (it, entry->line, group->name, entry->key,
           _("“%s” is not one of: %s"), entry->value, listed);
  return FALSE;
}

/* A list of member ids, each of which must have its [Member] group. */
GStrv
_hd_plan_read_members (HdPlanReader      *it,
              HdPlanGroup *group,
              HdPlanEntry *entry)
{
  GStrv ids = _hd_plan_split_list (entry->value);

  for (guint i = 0; ids[i] != NULL; i++)
    if (it->members_read && hd_plan_find_member (it->plan, ids[i]) == NULL)
      problem (it, entry->line, group->name, entry->key,
               _("unknown team member “%s” (there is no [Member %s] group)"), ids[i], ids[i]);
  return ids;
}

static gboolean
parse_clock (const char *text,
             int        *seconds)
{
  int hours = 0, minutes;
  const char *p = text;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p) && p - text < 2)
    hours = hours * 10 + (*p++ - '0');
  if (*p != ':' || !g_ascii_isdigit (p[1]) || !g_ascii_isdigit (p[2]) || p[3] != '\0')
    return FALSE;
  minutes = (p[1] - '0') * 10 + (p[2] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0))
    return FALSE;
  *seconds = hours * 3600 + minutes * 60;
  return TRUE;
}

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const HdPlanRange *ra = a, *rb = b;

  return (ra->start > rb->start) - (ra->start < rb->start);
}

GArray *
_hd_plan_read_day (HdPlanReader      *it,
          HdPlanGroup *group,
          HdPlanEntry *entry)
{
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (HdPlanRange));
  g_auto(GStrv) items = NULL;
  g_autoptr(GArray) sorted = NULL;

  if (entry == NULL)
    return ranges;
  items = _hd_plan_split_list (entry->value);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) ends = g_strsplit (items[i], "-", -1);
      HdPlanRange range;

      if (g_strv_length (ends) != 2 ||
          !parse_clock (g_strstrip (ends[0]), &range.start) ||
          !parse_clock (g_strstrip (ends[1]), &range.end) ||
          range.start == 86400)
        {
          problem (it, entry->line, group->name, entry->key,
                   _("“%s” is not a time range (write it like 07:30-16:30)"), items[i]);
          continue;
        }
      if (range.end < range.start)
        {
          problem (it, entry->line, group->name, entry->key,
                   _("range %s ends before it starts"), items[i]);
          continue;
        }
      if (range.end == range.start)
        {
          problem (it, entry->line, group->name, entry->key, _("range %s is empty"), items[i]);
          continue;
        }
      g_array_append_val (ranges, range);
    }

  sorted = g_array_copy (ranges);
  g_array_sort (sorted, compare_ranges);
  /* each range against the one reaching furthest before it */
  for (guint i = 1, furthest = 0; i < sorted->len; i++)
    {
      const HdPlanRange *a = &g_array_index (sorted, HdPlanRange, furthest);
      const HdPlanRange *b = &g_array_index (sorted, HdPlanRange, i);

      if (b->start < a->end)
        {
          g_autofree char *ta = _hd_plan_format_range (a);
          g_autofree char *tb = _hd_plan_format_range (b);

          problem (it, entry->line, group->name, entry->key,
                   _("ranges %s and %s overlap"), ta, tb);
        }
      if (b->end > a->end)
        furthest = i;
    }
  return ranges;
}

void
_hd_plan_read_holidays (HdPlanReader      *it,
               HdPlanGroup *group,
               HdPlanEntry *entry)
{
  g_auto(GStrv) items = NULL;

  if (entry == NULL)
    return;
  items = _hd_plan_split_list (entry->value);
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *dots = strstr (items[i], "..");
      g_autofree char *first = g_strndup (items[i], dots != NULL ? (gsize) (dots - items[i]) : strlen (items[i]));
      const char *last = dots != NULL ? dots + 2 : first;
      HdPlanHoliday holiday;

      if (!hd_date_parse (first, &holiday.first))
        {
          problem (it, entry->line, group->name, entry->key,
                   _("“%s” is not a date (write it like 2026-12-24)"), first);
          continue;
        }
      if (!hd_date_parse (last, &holiday.last))
        {
          problem (it, entry->line, group->name, entry->key,
                   _("“%s” is not a date (write it like 2026-12-24)"), last);
          continue;
        }
      if (holiday.last < holiday.first)
        {
          problem (it, entry->line, group->name, entry->key,
                   _("holiday range %s ends before it starts"), items[i]);
          continue;
        }
      g_array_append_val (it->plan->holidays, holiday);
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-plan"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "hd-plan-private.h"

/* The key file reader. GKeyFile itself cannot say on which line a key
 * was, stops at the first syntax error and keeps the last of two equal
 * keys; a plan check must name every problem with its line, so the file
 * is scanned here with GKeyFile's syntax (leading blanks ignored, "#"
 * comment lines, "[Group]" headers, "Key=Value"). One addition: a "#"
 * that follows a blank and is followed by a blank or the line's end
 * starts a comment, so "Saturday=   # closed" is an empty value. */

static void
hd_plan_entry_free (HdPlanEntry *entry)
{
  g_free (entry->key);
  g_free (entry->value);
  g_free (entry);
}

static void
hd_plan_group_free (HdPlanGroup *group)
{
  g_free (group->name);
  g_ptr_array_unref (group->entries);
  g_free (group);
}

HdPlanSource *
_hd_plan_source_new (const char *file)
{
  HdPlanSource *source = g_new0 (HdPlanSource, 1);

  source->file = g_strdup (file);
  source->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_plan_group_free);
  source->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_plan_problem_free);
  return source;
}

void
_hd_plan_source_free (HdPlanSource *source)
{
  g_free (source->file);
  g_ptr_array_unref (source->groups);
  g_ptr_array_unref (source->problems);
  g_free (source);
}

HdPlanGroup *
_hd_plan_source_add_group (HdPlanSource *source,
                           const char   *name,
                           guint         line)
{
  HdPlanGroup *group = g_new0 (HdPlanGroup, 1);

  group->name = g_strdup (name);
  group->line = line;
  group->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_plan_entry_free);
  g_ptr_array_add (source->groups, group);
  return group;
}

void
_hd_plan_group_add_entry (HdPlanGroup *group,
                          const char  *key,
                          const char  *value,
                          guint        line)
{
  HdPlanEntry *entry = g_new0 (HdPlanEntry, 1);

  entry->key = g_strdup (key);
  entry->value = g_strdup (value);
  entry->line = line;
  g_ptr_array_add (group->entries, entry);
}

void
_hd_plan_source_problem (HdPlanSource *source,
                         guint         line,
                         const char   *group,
                         const char   *key,
                         const char   *format,
                         ...)
{
  HdPlanProblem *problem = g_new0 (HdPlanProblem, 1);
  va_list args;

  problem->file = g_strdup (source->file);
  problem->line = line;
  problem->group = g_strdup (group);
  problem->key = g_strdup (key);
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (source->problems, problem);
}

static HdPlanGroup *
find_group (HdPlanSource *source,
            const char   *name)
{
  for (guint i = 0; i < source->groups->len; i++)
    {
      HdPlanGroup *group = g_ptr_array_index (source->groups, i);

      if (g_str_equal (group->name, name))
        return group;
    }
  return NULL;
}

static HdPlanEntry *
find_entry (HdPlanGroup *group,
            const char  *key)
{
  for (guint i = 0; i < group->entries->len; i++)
    {
      HdPlanEntry *entry = g_ptr_array_index (group->entries, i);

      if (g_str_equal (entry->key, key))
        return entry;
    }
  return NULL;
}

/* Cuts a trailing comment and the blanks before it, in place. */
static void
strip_comment (char *text)
{
  for (char *p = text; *p != '\0'; p++)
    if (*p == '#' && (p == text || p[-1] == ' ' || p[-1] == '\t') &&
        (p[1] == '\0' || p[1] == ' ' || p[1] == '\t'))
      {
        *p = '\0';
        break;
      }
  g_strchomp (text);
}

static void
read_group_line (HdPlanSource  *source,
                 char          *line,
                 guint          number,
                 HdPlanGroup  **current)
{
  char *close = strchr (line, ']');
  HdPlanGroup *existing;
  char *name;

  *current = NULL;
  if (close == NULL)
    {
      _hd_plan_source_problem (source, number, line + 1, NULL,
                               _("group header has no closing “]”"));
      return;
    }
  *close = '\0';
  name = line + 1;
  strip_comment (close + 1);
  if (*g_strchug (close + 1) != '\0')
    {
      _hd_plan_source_problem (source, number, name, NULL,
                               _("unexpected text after the group header"));
      return;
    }
  if (*name == '\0' || strchr (name, '[') != NULL)
    {
      _hd_plan_source_problem (source, number, name, NULL, _("not a valid group name"));
      return;
    }
  existing = find_group (source, name);
  if (existing != NULL)
    {
      _hd_plan_source_problem (source, number, name, NULL,
                               _("duplicate group (first at line %u)"), existing->line);
      return;
    }
  *current = _hd_plan_source_add_group (source, name, number);
}

static void
read_entry_line (HdPlanSource *source,
                 char         *line,
                 guint         number,
                 HdPlanGroup  *current,
                 const char   *current_name)
{
  char *equals = strchr (line, '=');
  HdPlanEntry *existing;
  char *key, *value;

  if (current_name == NULL)
    {
      _hd_plan_source_problem (source, number, NULL, NULL,
                               _("a key before the first group header"));
      return;
    }
  if (equals == NULL)
    {
      _hd_plan_source_problem (source, number, current_name, NULL,
                               _("line is not a group header, a Key=Value pair or a comment"));
      return;
    }
  *equals = '\0';
  key = g_strchomp (line);
  value = g_strchug (equals + 1);
  strip_comment (value);
  if (*key == '\0')
    {
      _hd_plan_source_problem (source, number, current_name, NULL, _("a value with no key"));
      return;
    }
  if (current == NULL)
    return;  /* the group itself was refused */
  existing = find_entry (current, key);
  if (existing != NULL)
    {
      _hd_plan_source_problem (source, number, current_name, key,
                               _("duplicate key (first at line %u)"), existing->line);
      return;
    }
  _hd_plan_group_add_entry (current, key, value, number);
}

void
_hd_plan_source_read_keyfile (HdPlanSource *source,
                              const char   *data,
                              gsize         length)
{
  g_autofree char *copy = g_strndup (data, length);
  g_auto(GStrv) lines = NULL;
  HdPlanGroup *current = NULL;
  g_autofree char *current_name = NULL;
  char *text = copy;

  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    text += 3;
  if (strlen (text) != length - (text - copy))
    {
      _hd_plan_source_problem (source, 1, NULL, NULL, _("the file contains a NUL byte"));
      return;
    }

  lines = g_strsplit (text, "\n", -1);
  source->n_lines = g_strv_length (lines);
  if (source->n_lines > 1 && *lines[source->n_lines - 1] == '\0')
    source->n_lines--;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint number = i + 1;
      char *line = lines[i];
      gsize len = strlen (line);

      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';
      if (!g_utf8_validate (line, -1, NULL))
        {
          _hd_plan_source_problem (source, number, current_name, NULL,
                                   _("line is not valid UTF-8"));
          continue;
        }
      line = g_strchug (line);
      if (*line == '\0' || *line == '#')
        continue;
      if (*line == '[')
        {
          read_group_line (source, line, number, &current);
          g_free (current_name);
          current_name = g_strdup (current != NULL ? current->name : line + 1);
        }
      else
        read_entry_line (source, line, number, current, current_name);
    }
}

/* GKeyFile's escapes: \s \n \t \r \\ and, inside lists, \; */
static char *
unescape (const char *text,
          gsize       length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] != '\\' || i + 1 == length)
        {
          g_string_append_c (out, text[i]);
          continue;
        }
      i++;
      switch (text[i])
        {
        case 's': g_string_append_c (out, ' '); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        default: g_string_append_c (out, text[i]); break;
        }
    }
  return g_string_free (out, FALSE);
}

/* Splits at unescaped ";", trims blanks around each item, and drops the
 * empty item after a trailing ";" as GKeyFile does. */
GStrv
_hd_plan_split_list (const char *value)
{
  GPtrArray *items = g_ptr_array_new ();
  const char *start = value;

  for (const char *p = value;; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          continue;
        }
      if (*p == ';' || *p == '\0')
        {
          char *item = unescape (start, p - start);

          g_strstrip (item);
          if (*p == '\0' && *item == '\0' && (items->len > 0 || p == value || p[-1] == ';'))
            g_free (item);
          else
            g_ptr_array_add (items, item);
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  g_ptr_array_add (items, NULL);
  return (GStrv) g_ptr_array_free (items, FALSE);
}

char *
_hd_plan_unescape (const char *value)
{
  return unescape (value, strlen (value));
}

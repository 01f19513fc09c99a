/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-json"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-json.h"
#include "hd-time.h"

G_DEFINE_QUARK (hd-json-error-quark, hd_json_error)

/* Brackets outside strings, counted without recursion. */
static gboolean
depth_within (const char *data,
              gsize       length,
              guint       limit)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > limit)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

JsonNode *
hd_json_parse (const char  *data,
               gsize        length,
               gsize        max_length,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > max_length)
    {
      g_set_error (error, HD_JSON_ERROR, HD_JSON_ERROR_TOO_LARGE,
                   _("the document is larger than %lu bytes"), (gulong) max_length);
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, HD_JSON_ERROR, HD_JSON_ERROR_MALFORMED, _("the document is not valid UTF-8"));
      return NULL;
    }
  if (!depth_within (data, length, HD_JSON_MAX_DEPTH))
    {
      g_set_error (error, HD_JSON_ERROR, HD_JSON_ERROR_TOO_DEEP,
                   _("the document is nested deeper than %d levels"), HD_JSON_MAX_DEPTH);
      return NULL;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, HD_JSON_ERROR, HD_JSON_ERROR_MALFORMED, _("malformed JSON: %s"), local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, HD_JSON_ERROR, HD_JSON_ERROR_MALFORMED, _("the document is empty"));
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

char *
hd_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (node != NULL, NULL);

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static gboolean
invalid (GError     **error,
         const char  *member,
         const char  *what)
{
  g_set_error (error, HD_JSON_ERROR, HD_JSON_ERROR_INVALID, "%s %s", member, what);
  return FALSE;
}

/* The member's node, NULL when absent (or null and @flags allow it);
 * FALSE with an error when absent or null where that is not allowed. */
static gboolean
lookup (JsonObject   *object,
        const char   *member,
        HdJsonFlags   flags,
        JsonNode    **node,
        GError      **error)
{
  *node = json_object_get_member (object, member);
  if (*node != NULL && JSON_NODE_HOLDS_NULL (*node))
    {
      if (!(flags & HD_JSON_NULLABLE))
        return invalid (error, member, _("must not be null"));
      *node = NULL;
    }
  if (*node == NULL && (flags & HD_JSON_REQUIRED))
    return invalid (error, member, _("is required"));
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
holds (JsonNode *node,
       GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* On success *value is the string, or NULL when absent. */
gboolean
hd_json_get_string (JsonObject   *object,
                    const char   *member,
                    HdJsonFlags   flags,
                    glong         max_chars,
                    const char  **value,
                    GError      **error)
{
  JsonNode *node;
  const char *text;

  g_return_val_if_fail (object != NULL && member != NULL && value != NULL, FALSE);

  *value = NULL;
  if (!lookup (object, member, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!holds (node, G_TYPE_STRING))
    return invalid (error, member, _("must be a string"));
  text = json_node_get_string (node);
  /* json-glib turns an escaped lone surrogate ("\ud800") into bytes that
   * are not UTF-8, which no JSON document may then carry */
  if (!g_utf8_validate (text, -1, NULL))
    return invalid (error, member, _("must be valid UTF-8"));
  if ((flags & HD_JSON_NOT_EMPTY) && is_blank (text))
    return invalid (error, member, _("must not be empty"));
  if (max_chars > 0 && g_utf8_strlen (text, -1) > max_chars)
    {
      g_set_error (error, HD_JSON_ERROR, HD_JSON_ERROR_INVALID,
                   _("%s must be at most %ld characters"), member, max_chars);
      return FALSE;
    }
  *value = text;
  return TRUE;
}

/* On success *value is the number, left as it was when absent. */
gboolean
hd_json_get_int (JsonObject   *object,
                 const char   *member,
                 HdJsonFlags   flags,
                 gint64        min,
                 gint64        max,
                 gint64       *value,
                 GError      **error)
{
  JsonNode *node;
  gint64 number;

  g_return_val_if_fail (object != NULL && member != NULL && value != NULL, FALSE);

  if (!lookup (object, member, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!holds (node, G_TYPE_INT64))
    return invalid (error, member, _("must be a whole number"));
  number = json_node_get_int (node);
  if (number < min || number > max)
    {
      g_autofree char *low = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *high = g_strdup_printf ("%" G_GINT64_FORMAT, max);

      g_set_error (error, HD_JSON_ERROR, HD_JSON_ERROR_INVALID, _("%s must be from %s to %s"), member, low, high);
      return FALSE;
    }
  *value = number;
  return TRUE;
}

gboolean
hd_json_get_boolean (JsonObject   *object,
                     const char   *member,
                     HdJsonFlags   flags,
                     gboolean     *value,
                     GError      **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL && member != NULL && value != NULL, FALSE);

  if (!lookup (object, member, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!holds (node, G_TYPE_BOOLEAN))
    return invalid (error, member, _("must be true or false"));
  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
hd_json_get_object (JsonObject   *object,
                    const char   *member,
                    HdJsonFlags   flags,
                    JsonObject  **value,
                    GError      **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL && member != NULL && value != NULL, FALSE);

  *value = NULL;
  if (!lookup (object, member, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, member, _("must be an object"));
  *value = json_node_get_object (node);
  return TRUE;
}

/* An RFC 3339 instant; *value is -1 when absent or null. */
gboolean
hd_json_get_instant (JsonObject   *object,
                     const char   *member,
                     HdJsonFlags   flags,
                     gint64       *value,
                     GError      **error)
{
  const char *text;

  g_return_val_if_fail (value != NULL, FALSE);

  *value = -1;
  if (!hd_json_get_string (object, member, flags, 64, &text, error))
    return FALSE;
  if (text != NULL && !hd_time_parse_rfc3339 (text, value))
    return invalid (error, member, _("must be an RFC 3339 date and time"));
  /* negative stands for null (hd_json_set_instant() writes it so): an
   * instant before 1970 would come back from the cache as null */
  if (text != NULL && *value < 0)
    return invalid (error, member, _("must not be before 1970"));
  return TRUE;
}

/* -1 is written as null. */
void
hd_json_set_instant (JsonObject *object,
                     const char *member,
                     gint64      value)
{
  g_autofree char *text = NULL;

  if (value < 0 || value == HD_TIME_NEVER)
    {
      json_object_set_null_member (object, member);
      return;
    }
  text = hd_time_format_rfc3339 (value);
  json_object_set_string_member (object, member, text);
}

void
hd_json_set_string_or_null (JsonObject *object,
                            const char *member,
                            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

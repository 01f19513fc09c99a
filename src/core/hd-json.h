/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* JSON from the network, read defensively: json-glib recurses without a
 * limit and reads a string member of the wrong type as 0, so documents
 * are size- and depth-checked before parsing and members are read with
 * their type checked. */

#define HD_JSON_MAX_DEPTH 64

#define HD_JSON_ERROR (hd_json_error_quark ())

typedef enum {
  HD_JSON_ERROR_MALFORMED,     /* not JSON, or not UTF-8 */
  HD_JSON_ERROR_TOO_DEEP,
  HD_JSON_ERROR_TOO_LARGE,
  HD_JSON_ERROR_INVALID,       /* JSON, but a member is missing or wrong */
} HdJsonError;

typedef enum {
  HD_JSON_OPTIONAL = 0,
  HD_JSON_REQUIRED = 1 << 0,
  HD_JSON_NULLABLE = 1 << 1,   /* null reads as absent */
  HD_JSON_NOT_EMPTY = 1 << 2,
} HdJsonFlags;

GQuark     hd_json_error_quark     (void);
JsonNode  *hd_json_parse           (const char   *data,
                                    gsize         length,
                                    gsize         max_length,
                                    GError      **error);
char      *hd_json_to_string       (JsonNode     *node);
gboolean   hd_json_get_string      (JsonObject   *object,
                                    const char   *member,
                                    HdJsonFlags   flags,
                                    glong         max_chars,
                                    const char  **value,
                                    GError      **error);
gboolean   hd_json_get_int         (JsonObject   *object,
                                    const char   *member,
                                    HdJsonFlags   flags,
                                    gint64        min,
                                    gint64        max,
                                    gint64       *value,
                                    GError      **error);
gboolean   hd_json_get_boolean     (JsonObject   *object,
                                    const char   *member,
                                    HdJsonFlags   flags,
                                    gboolean     *value,
                                    GError      **error);
gboolean   hd_json_get_object      (JsonObject   *object,
                                    const char   *member,
                                    HdJsonFlags   flags,
                                    JsonObject  **value,
                                    GError      **error);
gboolean   hd_json_get_instant     (JsonObject   *object,
                                    const char   *member,
                                    HdJsonFlags   flags,
                                    gint64       *value,
                                    GError      **error);
void       hd_json_set_instant     (JsonObject   *object,
                                    const char   *member,
                                    gint64        value);
void       hd_json_set_string_or_null (JsonObject *object,
                                    const char   *member,
                                    const char   *value);

G_END_DECLS

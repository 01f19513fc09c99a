/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* JSON written straight into a GString, for what is written by the
 * thousand (the change feed, the cache): json-glib builds a tree of hash
 * tables and frees it again, which took the server two thirds of the time
 * it spent on a page of the feed.
 *
 * Each call writes one value, as a member when @member is not NULL (an
 * element otherwise), followed by a comma that the end of its object or
 * array takes back. Strings must be UTF-8; NULL is written as null. */

void  hd_json_write_begin_object (GString    *out,
                                  const char *member);
void  hd_json_write_end_object   (GString    *out);
void  hd_json_write_begin_array  (GString    *out,
                                  const char *member);
void  hd_json_write_end_array    (GString    *out);
void  hd_json_write_string       (GString    *out,
                                  const char *member,
                                  const char *value);
void  hd_json_write_int          (GString    *out,
                                  const char *member,
                                  gint64      value);
void  hd_json_write_boolean      (GString    *out,
                                  const char *member,
                                  gboolean    value);
void  hd_json_write_null         (GString    *out,
                                  const char *member);
void  hd_json_write_instant      (GString    *out,
                                  const char *member,
                                  gint64      value);
char *hd_json_writer_finish      (GString    *out);

G_END_DECLS
